//! The journal writer: group commit of every run's progress.
//!
//! Runs hand their writes (a completed step, a suspension, a finish, a new run) to a writer
//! task, which applies everything queued since its last commit in a single transaction and then
//! answers each writer. One commit carries the steps of hundreds of runs, so SQLite pays one
//! WAL append per batch instead of one per step, and PostgreSQL one round-trip commit. SQLite
//! has one writer (the file has one); PostgreSQL has [`PG_WRITERS`], each owning the runs whose
//! id hashes to it, because there a batch spends most of its time waiting for statement round
//! trips, which other batches can overlap. A run's writes keep their order: they go to one
//! writer, and a run waits for each answer before its next write. Every
//! write to an existing run is fenced by its epoch: a write whose run was claimed since by
//! another replica is refused (answered `false`) without disturbing the rest of the batch.
//! Run state changes are audited (`workflow.run.*`, category system) and published to the
//! outbox in the same transaction. Owns batching and fencing; it must not decide what a run
//! does next.

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use nimbus_core::api::system::Backend;
use nimbus_core::audit::{Actor, AuditEntry, Category, Outcome, Priority, RequestInfo, ResourceRef};
use nimbus_core::ids::{AuditId, EventId, RunId, TenantId};
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};

use crate::store::workflow::{RunRecord, RunStatus, StepRecord, ms};
use crate::store::{OutboxEvent, Store, StoreError, StoreResult, WriteGrant, WriteTx};

/// Most writes in one transaction.
const MAX_BATCH: usize = 1024;

/// Writer tasks on PostgreSQL (each with a connection while it writes).
pub const PG_WRITERS: usize = 4;

/// How often a batch the database rolled back (deadlock, busy) runs again before its runs are
/// abandoned to their leases.
const BATCH_RETRIES: u32 = 3;

/// What else a suspension checks, in its own transaction, before it lets the run sleep: a wake-up
/// that committed just before would otherwise be lost.
#[derive(Debug, Clone)]
pub enum WakeCheck {
    /// Nothing.
    None,
    /// An unconsumed signal of this name.
    Signal(String),
    /// This child has finished.
    Child(RunId),
}

/// A fenced run: id, tenant and the epoch of its claim.
#[derive(Debug, Clone, Copy)]
pub struct Fence {
    /// Run.
    pub run: RunId,
    /// Tenant.
    pub tenant: TenantId,
    /// Epoch of the claim.
    pub epoch: i64,
}

/// Who the run is, for audit records and events.
#[derive(Debug, Clone)]
pub struct RunLabel {
    /// Workflow name.
    pub workflow: String,
    /// Version.
    pub version: u32,
    /// Parent run.
    pub parent: Option<RunId>,
}

/// One write.
#[derive(Debug)]
pub enum Op {
    /// Starts a run (no fence: it is new). Answers false when its idempotency key or schedule
    /// fire time was taken.
    Insert { run: Box<RunRecord> },
    /// Journals steps.
    Steps { fence: Fence, steps: Vec<StepRecord>, events: bool },
    /// Takes a signal into the journal at `seq`; answers its payload, if one was waiting.
    TakeSignal { fence: Fence, name: String, seq: u32 },
    /// Journals a child's start at `step.seq` and inserts the child.
    StartChild { fence: Fence, step: StepRecord, child: Box<RunRecord> },
    /// Suspends the run until `available_ms` (or a wake-up when `None`).
    Suspend { fence: Fence, available_ms: Option<i64>, check: WakeCheck },
    /// Changes the status while keeping the lease (compensating).
    Status { fence: Fence, status: RunStatus },
    /// Replaces the queryable state.
    State { fence: Fence, state: Value },
    /// Finishes the run; wakes its parent; optionally starts its continuation.
    Finish {
        fence: Fence,
        label: RunLabel,
        status: RunStatus,
        output: Option<Value>,
        error: Option<String>,
        next: Option<Box<RunRecord>>,
    },
}

/// An answer.
#[derive(Debug)]
pub enum Reply {
    /// Whether the write applied (fence held, or the run was new).
    Applied(bool),
    /// A signal's payload, if one was taken (`None` inside when none was waiting).
    Signal { applied: bool, payload: Option<Value> },
}

impl Reply {
    /// Whether the write applied.
    pub fn applied(&self) -> bool {
        match self {
            Self::Applied(a) | Self::Signal { applied: a, .. } => *a,
        }
    }
}

type Pending = (Op, oneshot::Sender<StoreResult<Reply>>);

/// The handle runs write through.
#[derive(Clone, Debug)]
pub struct Journal {
    writers: Arc<[mpsc::UnboundedSender<Pending>]>,
}

impl Journal {
    /// Starts the writer tasks over `store`; `committed` is told after each batch that may have
    /// made runs claimable.
    pub fn start(store: Arc<dyn Store>, committed: Arc<tokio::sync::Notify>) -> Self {
        let n = match store.backend() {
            Backend::Sqlite => 1,
            Backend::Postgres => PG_WRITERS,
        };
        let writers = (0..n)
            .map(|_| {
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(writer(store.clone(), rx, committed.clone()));
                tx
            })
            .collect();
        Self { writers }
    }

    /// Writes `op` with the next batch of the writer that owns its run.
    pub async fn write(&self, op: Op) -> StoreResult<Reply> {
        let (tx, rx) = oneshot::channel();
        let shard = usize::try_from(op.run().as_uuid().as_u128() % self.writers.len() as u128).unwrap_or(0);
        self.writers[shard].send((op, tx)).map_err(|_| StoreError::Unavailable("the journal writer stopped".into()))?;
        rx.await.map_err(|_| StoreError::Unavailable("the journal writer stopped".into()))?
    }
}

impl Op {
    /// The run the write belongs to.
    fn run(&self) -> RunId {
        match self {
            Self::Insert { run } => run.id,
            Self::Steps { fence, .. }
            | Self::TakeSignal { fence, .. }
            | Self::StartChild { fence, .. }
            | Self::Suspend { fence, .. }
            | Self::Status { fence, .. }
            | Self::State { fence, .. }
            | Self::Finish { fence, .. } => fence.run,
        }
    }
}

async fn writer(store: Arc<dyn Store>, mut rx: mpsc::UnboundedReceiver<Pending>, committed: Arc<tokio::sync::Notify>) {
    let mut batch: Vec<Pending> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.recv().await {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(p) => batch.push(p),
                Err(_) => break,
            }
        }
        let ops: Vec<&Op> = batch.iter().map(|(op, _)| op).collect();
        let mut result = apply(&store, &ops).await;
        // A deadlock with a lease renewal or a busy SQLite file rolls the whole batch back, and
        // with it hundreds of runs' progress: run it again before abandoning them.
        for attempt in 1..=BATCH_RETRIES {
            match &result {
                Err(StoreError::Unavailable(e)) => {
                    tracing::debug!(error = %e, attempt, "a journal batch was rolled back; running it again");
                    tokio::time::sleep(std::time::Duration::from_millis(20 * u64::from(attempt))).await;
                    result = apply(&store, &ops).await;
                }
                _ => break,
            }
        }
        drop(ops);
        match result {
            Ok(replies) => {
                for ((_, reply_to), reply) in batch.drain(..).zip(replies) {
                    let _ = reply_to.send(Ok(reply));
                }
                committed.notify_one();
            }
            Err(e) => {
                tracing::warn!(error = %e, writes = batch.len(), "a journal batch failed; its runs are abandoned to their leases");
                let msg = e.to_string();
                for (_, reply_to) in batch.drain(..) {
                    let _ = reply_to.send(Err(StoreError::Unavailable(msg.clone())));
                }
            }
        }
    }
}

async fn apply(store: &Arc<dyn Store>, ops: &[&Op]) -> StoreResult<Vec<Reply>> {
    let now = Utc::now().trunc_subsecs(6);
    let mut tx = store.write(WriteGrant::for_engine()).await?;
    let mut replies = Vec::with_capacity(ops.len());
    let mut audits = Vec::new();
    for op in ops {
        replies.push(apply_one(tx.as_mut(), op, now, &mut audits).await?);
    }
    if !audits.is_empty() {
        tx.append_audits(&audits).await?;
    }
    tx.commit().await?;
    Ok(replies)
}

async fn apply_one(
    tx: &mut dyn WriteTx,
    op: &Op,
    now: DateTime<Utc>,
    audits: &mut Vec<AuditEntry>,
) -> StoreResult<Reply> {
    match op {
        Op::Insert { run } => {
            let inserted = tx.workflows_mut().wf_insert_run(run).await?;
            if inserted {
                let label = RunLabel { workflow: run.workflow.clone(), version: run.version, parent: run.parent_id };
                audits.push(audit(run.tenant_id, run.id, &label, "workflow.run.started", now, None));
                event(tx, run.tenant_id, "workflow.run.started", run_payload(run.id, &label, "enqueued", None), now)
                    .await?;
            }
            Ok(Reply::Applied(inserted))
        }
        Op::Steps { fence, steps, events } => {
            if !tx.workflows_mut().wf_fence(fence.run, fence.epoch, now).await? {
                return Ok(Reply::Applied(false));
            }
            for s in steps {
                tx.workflows_mut().wf_insert_step(s).await?;
                if *events && s.kind == "step" {
                    let payload = json!({ "run_id": s.run_id, "seq": s.seq, "name": s.name,
                        "attempts": s.attempts, "error": s.error });
                    event(tx, fence.tenant, "workflow.step.completed", payload, now).await?;
                }
            }
            Ok(Reply::Applied(true))
        }
        Op::TakeSignal { fence, name, seq } => {
            if !tx.workflows_mut().wf_fence(fence.run, fence.epoch, now).await? {
                return Ok(Reply::Signal { applied: false, payload: None });
            }
            let Some(sig) = tx.workflows_mut().wf_take_signal(fence.run, name, *seq).await? else {
                return Ok(Reply::Signal { applied: true, payload: None });
            };
            let step = StepRecord {
                run_id: fence.run,
                seq: *seq,
                tenant_id: fence.tenant,
                name: name.clone(),
                kind: "signal".into(),
                output: Some(json!({ "signal": sig.payload })),
                error: None,
                attempts: 1,
                created_at: now,
            };
            tx.workflows_mut().wf_insert_step(&step).await?;
            Ok(Reply::Signal { applied: true, payload: Some(sig.payload) })
        }
        Op::StartChild { fence, step, child } => {
            if !tx.workflows_mut().wf_fence(fence.run, fence.epoch, now).await? {
                return Ok(Reply::Applied(false));
            }
            tx.workflows_mut().wf_insert_step(step).await?;
            if tx.workflows_mut().wf_insert_run(child).await? {
                let label =
                    RunLabel { workflow: child.workflow.clone(), version: child.version, parent: child.parent_id };
                audits.push(audit(child.tenant_id, child.id, &label, "workflow.run.started", now, None));
                event(
                    tx,
                    child.tenant_id,
                    "workflow.run.started",
                    run_payload(child.id, &label, "enqueued", None),
                    now,
                )
                .await?;
            }
            Ok(Reply::Applied(true))
        }
        Op::Suspend { fence, available_ms, check } => {
            let w = tx.workflows_mut();
            if !w.wf_set_status_fenced(fence.run, fence.epoch, RunStatus::Waiting, *available_ms, now).await? {
                return Ok(Reply::Applied(false));
            }
            let woken = match check {
                WakeCheck::None => false,
                WakeCheck::Signal(name) => w.wf_has_signal(fence.run, name).await?,
                WakeCheck::Child(child) => w.wf_run(*child).await?.is_some_and(|c| c.status.is_terminal()),
            };
            if woken {
                w.wf_wake(fence.run, ms(now)).await?;
            }
            Ok(Reply::Applied(true))
        }
        Op::Status { fence, status } => {
            let applied = tx.workflows_mut().wf_set_status_fenced(fence.run, fence.epoch, *status, None, now).await?;
            Ok(Reply::Applied(applied))
        }
        Op::State { fence, state } => {
            Ok(Reply::Applied(tx.workflows_mut().wf_set_state_fenced(fence.run, fence.epoch, state).await?))
        }
        Op::Finish { fence, label, status, output, error, next } => {
            let w = tx.workflows_mut();
            if !w.wf_finish_fenced(fence.run, fence.epoch, *status, output.as_ref(), error.as_deref(), now).await? {
                return Ok(Reply::Applied(false));
            }
            if let Some(parent) = label.parent {
                w.wf_wake(parent, ms(now)).await?;
            }
            if let Some(next) = next {
                w.wf_insert_run(next).await?;
            }
            let topic = format!("workflow.run.{}", status.as_str());
            audits.push(audit(fence.tenant, fence.run, label, &topic, now, error.as_deref()));
            event(tx, fence.tenant, &topic, run_payload(fence.run, label, status.as_str(), error.as_deref()), now)
                .await?;
            Ok(Reply::Applied(true))
        }
    }
}

pub(crate) fn run_payload(run: RunId, label: &RunLabel, status: &str, error: Option<&str>) -> Value {
    json!({ "run_id": run, "workflow": label.workflow, "version": label.version, "status": status,
            "parent_id": label.parent, "error": error })
}

async fn event(
    tx: &mut dyn WriteTx,
    tenant: TenantId,
    topic: &str,
    payload: Value,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    tx.enqueue_event(&OutboxEvent {
        id: EventId::generate(),
        tenant_id: tenant,
        topic: topic.to_owned(),
        payload,
        created_at: now,
    })
    .await
}

/// The audit record of a run's state change, made by the engine itself.
pub fn audit(
    tenant: TenantId,
    run: RunId,
    label: &RunLabel,
    event_type: &str,
    now: DateTime<Utc>,
    error: Option<&str>,
) -> AuditEntry {
    let failed = error.is_some() && event_type.ends_with("failed");
    entry(
        tenant,
        event_type,
        ResourceRef { kind: "workflow_run".into(), id: run.to_string(), name: Some(label.workflow.clone()) },
        json!({ "workflow": label.workflow, "version": label.version, "parent_id": label.parent, "error": error }),
        now,
        failed,
    )
}

/// An audit record made by the engine itself (actor: the daemon, category: system).
pub fn entry(
    tenant: TenantId,
    event_type: &str,
    resource: ResourceRef,
    new_value: Value,
    now: DateTime<Utc>,
    warn: bool,
) -> AuditEntry {
    AuditEntry {
        id: AuditId::generate(),
        tenant_id: tenant,
        occurred_at: now.trunc_subsecs(6),
        actor: Actor::system(),
        impersonator_id: None,
        action: "workflow:run:execute".into(),
        event_type: event_type.to_owned(),
        category: Category::System,
        priority: if warn { Priority::Warn } else { Priority::Info },
        resource: Some(resource),
        old_value: None,
        new_value: Some(new_value),
        outcome: Outcome::Success,
        error_code: None,
        request: RequestInfo::default(),
    }
}
