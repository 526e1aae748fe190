//! The replica's worker: claims runs with leases, keeps the leases alive, runs the bodies and
//! finishes them (saga compensation, continue-as-new, loud failure on a changed step order).
//!
//! The claim loop claims as many runs as it has free slots (`max_concurrent`), in one
//! transaction, and then waits for a wake-up (a start or commit here, a `NOTIFY` from another
//! replica) or for the earliest time any run becomes claimable, at most `poll`. The renewer
//! extends the lease of every run this replica is executing in one statement every third of
//! the lease (a run it abandoned keeps its lapsing lease, so any replica resumes it), and
//! passes cancellation requests to the running bodies. Queue limits (`[workflows.queues]`)
//! travel with each claim: this replica's free slots per queue, counted here from claim to the
//! end of execution, and the global `max_running` the store enforces. Owns execution; it must
//! not write the journal except through [`Journal`](super::journal::Journal).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use nimbus_core::ids::RunId;
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use super::Shared;
use super::ctx::{Ctx, Halt, WfError};
use super::journal::{Op, RunLabel};
use crate::store::workflow::{QueueLimit, RunRecord, RunStatus, ms};
use crate::store::{StoreResult, TenantScope, WriteGrant};

/// How long a run whose version this build lacks waits before another replica may try it.
const UNKNOWN_VERSION_BACKOFF_MS: i64 = 30_000;
/// How long a run blocked by its concurrency key waits before it is looked at again.
const CONCURRENCY_RETRY_MS: i64 = 500;

type Live = Arc<Mutex<HashMap<RunId, Ctx>>>;
/// Runs this replica holds per queue, counted from claim to the end of execution.
type PerQueue = Arc<Mutex<HashMap<String, u32>>>;

/// The background tasks of a started engine; dropping it stops nothing, [`stop`](Self::stop)
/// does.
pub struct Running {
    tasks: Vec<JoinHandle<()>>,
    shared_owner: String,
    store: Arc<dyn crate::store::Store>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running").field("owner", &self.shared_owner).finish_non_exhaustive()
    }
}

impl Running {
    /// Stops claiming and firing, and gives this replica's leases back so another replica can
    /// resume its runs at once (in-flight bodies are dropped; their journaled steps stay).
    pub async fn stop(self) {
        for t in &self.tasks {
            t.abort();
        }
        let released = async {
            let mut tx = self.store.write(WriteGrant::for_engine()).await?;
            let n = tx.workflows_mut().wf_release_all(&self.shared_owner, ms(Utc::now())).await?;
            tx.commit().await?;
            StoreResult::Ok(n)
        }
        .await;
        if let Err(e) = released {
            tracing::warn!(error = %e, "could not release workflow leases; they expire by themselves");
        }
    }
}

pub(crate) fn start(shared: Arc<Shared>) -> Running {
    let live: Live = Arc::new(Mutex::new(HashMap::new()));
    let mut tasks = Vec::new();
    if shared.config.enabled {
        tasks.push(tokio::spawn(claim_loop(shared.clone(), live.clone())));
        tasks.push(tokio::spawn(renew_loop(shared.clone(), live)));
        tasks.push(tokio::spawn(super::schedule::fire_loop(shared.clone())));
    }
    Running { tasks, shared_owner: shared.owner.clone(), store: shared.store.clone() }
}

async fn claim_loop(shared: Arc<Shared>, live: Live) {
    let slots = Arc::new(Semaphore::new(shared.config.max_concurrent.max(1)));
    let held: PerQueue = Arc::default();
    loop {
        let free = slots.available_permits();
        if free == 0 {
            // Full: a finishing run frees a slot and its journal commit pokes the loop.
            tokio::select! {
                () = shared.wake.notified() => {}
                () = tokio::time::sleep(shared.config.poll.min(Duration::from_millis(50))) => {}
            }
            continue;
        }
        // A read first: most wake-ups (every journal commit) find nothing due, and a claim is a
        // write transaction that would queue behind the journal for nothing.
        let due = next_due(&shared).await;
        let now = ms(Utc::now());
        if due.is_some_and(|at| at <= now) {
            let want = u32::try_from(free).unwrap_or(u32::MAX).min(shared.config.claim_batch.max(1));
            let limits = queue_limits(&shared, &held);
            match claim(&shared, want, &limits).await {
                Ok(runs) => {
                    let any = !runs.is_empty();
                    for run in runs {
                        let Ok(permit) = slots.clone().try_acquire_owned() else { break };
                        let shared = shared.clone();
                        let live = live.clone();
                        let held = held.clone();
                        let queue = run.queue.clone();
                        *lock(&held).entry(queue.clone()).or_default() += 1;
                        tokio::spawn(async move {
                            execute(shared, live, run).await;
                            if let Some(n) = lock(&held).get_mut(&queue) {
                                *n = n.saturating_sub(1);
                            }
                            drop(permit);
                        });
                    }
                    if any {
                        // There may be more due: look again at once.
                        tokio::task::yield_now().await;
                        continue;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "claiming workflow runs failed; retrying"),
            }
        }
        let wait = match due {
            Some(at) if at > now => Duration::from_millis(u64::try_from(at - now).unwrap_or(0)).min(shared.config.poll),
            // Due but nothing claimed: another replica is claiming those rows right now.
            Some(_) => shared.config.poll.min(Duration::from_millis(20)),
            None => shared.config.poll,
        };
        tokio::select! {
            () = shared.wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

async fn next_due(shared: &Shared) -> Option<i64> {
    let mut r = shared.store.read(TenantScope::System).await.ok()?;
    r.workflows().wf_next_available().await.ok().flatten()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The configured queues' limits for the next claim: the global limit as configured, and this
/// replica's free slots per queue.
fn queue_limits(shared: &Shared, held: &PerQueue) -> Vec<QueueLimit> {
    let held = lock(held);
    shared
        .config
        .queues
        .iter()
        .map(|(name, q)| QueueLimit {
            queue: name.clone(),
            max_running: q.max_running,
            free_here: q.max_per_replica.map(|max| max.saturating_sub(held.get(name).copied().unwrap_or(0))),
        })
        .collect()
}

async fn claim(shared: &Shared, want: u32, limits: &[QueueLimit]) -> StoreResult<Vec<RunRecord>> {
    let now = Utc::now();
    let lease_ms = i64::try_from(shared.config.lease.as_millis()).unwrap_or(30_000);
    let mut tx = shared.store.write(WriteGrant::for_engine()).await?;
    let runs = tx
        .workflows_mut()
        .wf_claim(&shared.owner, ms(now), ms(now) + lease_ms, want, CONCURRENCY_RETRY_MS, now, limits)
        .await?;
    tx.commit().await?;
    Ok(runs)
}

/// How many more times, and how far apart, a renewal round retries the runs it skipped.
const RENEW_RETRIES: u32 = 20;
const RENEW_RETRY_WAIT: Duration = Duration::from_millis(50);

async fn renew_loop(shared: Arc<Shared>, live: Live) {
    let every = (shared.config.lease / 3).max(Duration::from_millis(100));
    let lease_ms = i64::try_from(shared.config.lease.as_millis()).unwrap_or(30_000);
    loop {
        tokio::time::sleep(every).await;
        let mut pending: Vec<RunId> =
            live.lock().unwrap_or_else(std::sync::PoisonError::into_inner).keys().copied().collect();
        // Runs skipped because a journal batch was writing them get their renewal a moment later
        // (a batch holds a row for milliseconds); runs that finished meanwhile drop out.
        for attempt in 0..=RENEW_RETRIES {
            if attempt > 0 {
                {
                    let live = live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    pending.retain(|id| live.contains_key(id));
                }
                if pending.is_empty() {
                    break;
                }
                tokio::time::sleep(RENEW_RETRY_WAIT).await;
            }
            match renew_round(&shared, &pending, lease_ms, attempt == 0).await {
                Ok((renewed, cancel)) => {
                    let live = live.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    for id in cancel {
                        if let Some(ctx) = live.get(&id) {
                            ctx.inner.cancelled.store(true, Ordering::Relaxed);
                        }
                    }
                    let done: std::collections::HashSet<RunId> = renewed.into_iter().collect();
                    pending.retain(|id| !done.contains(id));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "renewing workflow leases failed; retrying");
                    if attempt == 0 {
                        break;
                    }
                }
            }
        }
    }
}

/// Renews the leases of `runs` in one transaction; answers the runs renewed and, on a round's
/// first pass (`with_cancel`), the runs of this replica whose cancellation was requested.
async fn renew_round(
    shared: &Shared,
    runs: &[RunId],
    lease_ms: i64,
    with_cancel: bool,
) -> StoreResult<(Vec<RunId>, Vec<RunId>)> {
    let mut tx = shared.store.write(WriteGrant::for_engine()).await?;
    let renewed = tx.workflows_mut().wf_renew(&shared.owner, runs, ms(Utc::now()) + lease_ms).await?;
    let cancel = if with_cancel { tx.workflows_mut().wf_cancel_requested(&shared.owner).await? } else { Vec::new() };
    tx.commit().await?;
    Ok((renewed, cancel))
}

async fn execute(shared: Arc<Shared>, live: Live, run: RunRecord) {
    let id = run.id;
    let Some(def) = shared.registry.get(&run.workflow, run.version).cloned() else {
        tracing::warn!(run = %id, workflow = %run.workflow, version = run.version,
            "this build does not have the run's workflow version; leaving it for a replica that does");
        let fence = super::journal::Fence { run: id, tenant: run.tenant_id, epoch: run.epoch };
        let _ = shared
            .journal
            .write(Op::Suspend {
                fence,
                available_ms: Some(ms(Utc::now()) + UNKNOWN_VERSION_BACKOFF_MS),
                check: super::journal::WakeCheck::None,
            })
            .await;
        return;
    };
    let replay = match load_journal(&shared, id).await {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(run = %id, error = %e, "cannot read the run's journal; its lease will expire");
            return;
        }
    };
    let input = run.input.clone();
    let label = RunLabel { workflow: run.workflow.clone(), version: run.version, parent: run.parent_id };
    let ctx = Ctx::new(run, shared.clone(), replay);
    live.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(id, ctx.clone());
    let body = (def.body)(ctx.clone(), input);
    let outcome = tokio::select! {
        out = body => Some(out),
        () = ctx.inner.halted.notified() => None,
    };
    if let Some(out) = outcome {
        finish(&shared, &ctx, label, out).await;
    }
    let halt = *ctx.inner.halt.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if halt == Some(Halt::Lost) {
        tracing::debug!(run = %id, "run lost to another claim or to the journal; dropped here");
    }
    live.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&id);
}

async fn load_journal(shared: &Shared, id: RunId) -> StoreResult<Vec<crate::store::workflow::StepRecord>> {
    let mut r = shared.store.read(TenantScope::System).await?;
    let steps = r.workflows().wf_steps(id).await?;
    // Positions are dense from 0; anything after a gap is unreachable and ignored.
    Ok(steps.into_iter().enumerate().take_while(|(i, s)| s.seq as usize == *i).map(|(_, s)| s).collect())
}

/// Ends the run according to the body's result: compensation first where it applies.
async fn finish(shared: &Arc<Shared>, ctx: &Ctx, label: RunLabel, out: Result<serde_json::Value, WfError>) {
    let fence = ctx.inner.fence;
    let (status, output, error, next) = match out {
        Ok(v) if (ctx.seqs_taken() as usize) < ctx.replay_len() => (
            RunStatus::Failed,
            None,
            Some(format!(
                "the code finished after {} journal positions but the journal holds {}; a registered version \
                 must keep its steps: register a new version instead",
                ctx.seqs_taken(),
                ctx.replay_len()
            )),
            {
                drop(v);
                None
            },
        ),
        Ok(v) => (RunStatus::Succeeded, Some(v), None, None),
        Err(WfError::ContinueAsNew(input)) => {
            let run = &ctx.inner.run;
            let next_id = RunId::generate();
            let next = super::new_run(
                next_id,
                run.tenant_id,
                &run.workflow,
                shared.registry.latest(&run.workflow).map_or(run.version, |d| d.version),
                &run.queue,
                input,
                super::StartOptions {
                    concurrency_key: run.concurrency_key.clone(),
                    tags: run.tags.clone(),
                    parent: run.parent_id,
                    ..Default::default()
                },
            );
            (RunStatus::Succeeded, Some(json!({ "continued_as": next_id })), None, Some(Box::new(next)))
        }
        Err(WfError::Nondeterminism(msg)) => (RunStatus::Failed, None, Some(format!("nondeterministic: {msg}")), None),
        Err(e @ (WfError::Failed(_) | WfError::Cancelled)) => {
            let compensations = ctx.take_compensations();
            if !compensations.is_empty() {
                if !shared
                    .journal
                    .write(Op::Status { fence, status: RunStatus::Compensating })
                    .await
                    .is_ok_and(|r| r.applied())
                {
                    return;
                }
                for c in compensations.iter().rev() {
                    // A halted compensation (lost fence) never returns; select on the halt.
                    let undone = tokio::select! {
                        r = ctx.run_compensation(c) => Some(r),
                        () = ctx.inner.halted.notified() => None,
                    };
                    match undone {
                        None => return,
                        Some(Err(WfError::Nondeterminism(m))) => {
                            tracing::error!(run = %fence.run, error = %m, "compensation journal mismatch");
                        }
                        Some(Err(err)) => {
                            tracing::warn!(run = %fence.run, undo = %c.0, error = %err, "a compensation failed for good; continuing with the rest");
                        }
                        Some(Ok(())) => {}
                    }
                }
            }
            match e {
                WfError::Cancelled => (RunStatus::Cancelled, None, Some("cancelled".to_owned()), None),
                other => (RunStatus::Failed, None, Some(other.to_string()), None),
            }
        }
    };
    let _ = shared.journal.write(Op::Finish { fence, label, status, output, error, next }).await;
}
