//! The durable workflow engine: workflows are Rust async functions whose progress is journaled
//! in the database (one row per run, one per completed step), so a crash or restart resumes them
//! by replaying the function (see [`ctx`]).
//!
//! - [`registry`]: workflows by name and version.
//! - [`ctx`]: the primitives a body uses (steps with retries, durable timers, signals, state,
//!   children, compensation, continue-as-new, a deterministic clock and random source).
//! - [`journal`]: the group-commit writer; every write to a claimed run is fenced by its epoch.
//! - [`worker`]: claiming with leases, lease renewal, running bodies, sagas.
//! - [`schedule`]: cron schedules, exactly one run per fire time across replicas.
//! - [`wake`]: PostgreSQL `LISTEN` wake-ups (polling is the fallback everywhere).
//! - [`relay`]: publishes outbox events to the live event stream.
//! - [`jobs`]: the daemon's recurring jobs.
//!
//! The public surface is [`Engine`] (start runs, signal, cancel, terminate, retry; schedules) and
//! the registration API. The engine must not check permissions: services do, before they call it.

pub mod ctx;
pub mod jobs;
pub mod journal;
pub mod registry;
pub mod relay;
pub mod retry;
pub mod schedule;
#[cfg(feature = "test-workflows")]
pub mod testing;
pub mod wake;
pub mod worker;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{SubsecRound, Utc};
use nimbus_core::ids::{RunId, TenantId};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tokio::sync::Notify;

pub use ctx::{Ctx, StepInfo, WfError, WfResult};
pub use registry::Registry;
pub use retry::RetryPolicy;

use crate::store::workflow::{RunRecord, RunStatus, ms};
use crate::store::{Store, StoreError, StoreResult};

/// `[workflows]` settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EngineConfig {
    /// Run the engine in this replica (claiming runs, firing schedules).
    pub enabled: bool,
    /// How long a claim lasts without renewal; a replica that dies loses its runs after this.
    #[serde(with = "humantime_serde")]
    pub lease: Duration,
    /// Longest wait between looks for claimable runs and due schedules (wake-ups usually come
    /// sooner: from this replica's own commits and, on PostgreSQL, `LISTEN`).
    #[serde(with = "humantime_serde")]
    pub poll: Duration,
    /// Runs this replica executes at once.
    pub max_concurrent: usize,
    /// Runs claimed per claim transaction.
    pub claim_batch: u32,
    /// Publish `workflow.step.completed` for every step.
    pub step_events: bool,
    /// How long domain events stay in the outbox: every replica's relay reads them from there,
    /// and a subscriber reconnecting with `Last-Event-ID` catches up from there.
    #[serde(with = "humantime_serde")]
    pub events_retention: Duration,
    /// Limits per queue (`[workflows.queues.<name>]`); queues not named here are bounded by
    /// `max_concurrent` alone.
    pub queues: BTreeMap<String, QueueConfig>,
    /// Test builds only (the `test-workflows` feature): registers the workflows the end-to-end
    /// tests and benchmarks drive. A product build refuses to start with it set.
    pub test: Option<TestConfig>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            lease: Duration::from_secs(30),
            poll: Duration::from_secs(1),
            max_concurrent: 256,
            claim_batch: 128,
            step_events: true,
            events_retention: Duration::from_secs(3600),
            queues: [(
                "notify".to_owned(),
                QueueConfig { max_running: None, max_per_replica: Some(DEFAULT_NOTIFY_PER_REPLICA) },
            )]
            .into(),
            test: None,
        }
    }
}

/// Notification deliveries a replica sends at once by default.
const DEFAULT_NOTIFY_PER_REPLICA: u32 = 8;

/// `[workflows.queues.<name>]`: how many runs of one queue may run at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueConfig {
    /// RUNNING runs of the queue across every replica (set the same on each replica). Enforced
    /// in the claim transaction, so replicas claiming at once cannot overshoot it.
    pub max_running: Option<u32>,
    /// Runs of the queue this replica executes at once (within `max_concurrent`).
    pub max_per_replica: Option<u32>,
}

/// `[workflows.test]`: what the end-to-end tests ask of a test build.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TestConfig {
    /// SQLite file where test workflows count their side effects (outside the journal).
    pub counter: Option<std::path::PathBuf>,
    /// Runs of `seed_workflow` started (idempotently, keys `seed-0…`) at every start.
    pub seed: u32,
    /// Workflow the seeded runs start.
    pub seed_workflow: String,
    /// Their input, JSON.
    pub seed_input: String,
    /// A cron expression: a schedule `test.schedule` of `test.noop` in the root tenant.
    pub schedule: Option<String>,
}

/// How to start a run.
#[derive(Debug, Clone, Default)]
pub struct StartOptions {
    /// Idempotent start: a second start with the same key returns the first run.
    pub idempotency_key: Option<String>,
    /// At most one unfinished run per key.
    pub concurrency_key: Option<String>,
    /// Searchable tags.
    pub tags: BTreeMap<String, String>,
    /// Parent run (child workflows).
    pub parent: Option<RunId>,
    /// Schedule and fire time it stands for.
    pub schedule: Option<(nimbus_core::ids::ScheduleId, chrono::DateTime<Utc>)>,
}

pub(crate) fn new_run(
    id: RunId,
    tenant: TenantId,
    workflow: &str,
    version: u32,
    queue: &str,
    input: Value,
    o: StartOptions,
) -> RunRecord {
    let now = Utc::now().trunc_subsecs(6);
    RunRecord {
        id,
        tenant_id: tenant,
        workflow: workflow.to_owned(),
        version,
        queue: queue.to_owned(),
        status: RunStatus::Enqueued,
        input,
        output: None,
        error: None,
        tags: o.tags,
        state: None,
        idempotency_key: o.idempotency_key,
        concurrency_key: o.concurrency_key,
        parent_id: o.parent,
        schedule_id: o.schedule.map(|s| s.0),
        fire_time: o.schedule.map(|s| s.1),
        epoch: 0,
        owner: None,
        available_ms: Some(ms(now)),
        cancel_requested: false,
        created_at: now,
        updated_at: now,
        started_at: None,
        finished_at: None,
    }
}

/// Starts a run inside the caller's own transaction, so the run exists exactly when the change
/// that asked for it commits (a notification delivery queued by an operation, say). Audited and
/// published like any start. `None` when the idempotency key was taken. After the commit, poke
/// the local engine ([`Engine::poke`]); other replicas hear PostgreSQL's `NOTIFY`.
#[allow(clippy::too_many_arguments)]
pub async fn start_in(
    tx: &mut dyn crate::store::WriteTx,
    tenant: TenantId,
    workflow: &str,
    version: u32,
    queue: &str,
    input: Value,
    options: StartOptions,
) -> StoreResult<Option<RunId>> {
    let run = new_run(RunId::generate(), tenant, workflow, version, queue, input, options);
    if !tx.workflows_mut().wf_insert_run(&run).await? {
        return Ok(None);
    }
    let label = journal::RunLabel { workflow: run.workflow.clone(), version, parent: None };
    tx.append_audits(&[journal::audit(tenant, run.id, &label, "workflow.run.started", run.created_at, None)]).await?;
    tx.enqueue_event(&crate::store::OutboxEvent {
        id: nimbus_core::ids::EventId::generate(),
        tenant_id: tenant,
        topic: "workflow.run.started".into(),
        payload: journal::run_payload(run.id, &label, "enqueued", None),
        created_at: run.created_at,
    })
    .await?;
    Ok(Some(run.id))
}

/// What every part of the engine shares.
pub(crate) struct Shared {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) registry: Registry,
    pub(crate) journal: journal::Journal,
    pub(crate) step_events: bool,
    /// Told when runs may have become claimable (a start, a commit, a NOTIFY).
    pub(crate) wake: Arc<Notify>,
    pub(crate) config: EngineConfig,
    /// This replica's lease holder name.
    pub(crate) owner: String,
}

/// The engine: start, signal and steer runs. Cheap to clone.
#[derive(Clone)]
pub struct Engine {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("owner", &self.shared.owner).finish_non_exhaustive()
    }
}

impl Engine {
    /// An engine over `store` running the workflows of `registry`. Nothing runs until
    /// [`start`](Self::start).
    pub fn new(store: Arc<dyn Store>, registry: Registry, config: EngineConfig) -> Self {
        let wake = Arc::new(Notify::new());
        let journal = journal::Journal::start(store.clone(), wake.clone());
        let owner = format!("{}:{}", hostname(), uuid::Uuid::now_v7().simple());
        Self {
            shared: Arc::new(Shared { store, registry, journal, step_events: config.step_events, wake, config, owner }),
        }
    }

    /// Starts claiming runs and firing schedules on background tasks (stopped with the returned
    /// handle, or when the runtime ends). `database_url` enables `LISTEN` wake-ups on PostgreSQL.
    pub fn start(&self, database_url: Option<&str>) -> worker::Running {
        if let Some(url) = database_url {
            wake::listen(url.to_owned(), self.shared.wake.clone());
        }
        tracing::info!(owner = %self.shared.owner, lease = ?self.shared.config.lease, "workflow engine started");
        worker::start(self.shared.clone())
    }

    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.shared.registry
    }

    /// This replica's lease holder name.
    pub fn owner(&self) -> &str {
        &self.shared.owner
    }

    /// Starts `workflow` (its newest version) for `tenant`. With an idempotency key that was
    /// used before, returns that run instead.
    pub async fn start_run(
        &self,
        tenant: TenantId,
        workflow: &str,
        input: Value,
        options: StartOptions,
    ) -> StoreResult<RunId> {
        let def =
            self.shared.registry.latest(workflow).ok_or_else(|| {
                StoreError::Conflict(format!("workflow `{workflow}` is not registered in this build"))
            })?;
        let key = options.idempotency_key.clone();
        let run = new_run(RunId::generate(), tenant, workflow, def.version, &def.queue, input, options);
        let id = run.id;
        let inserted = self.shared.journal.write(journal::Op::Insert { run: Box::new(run) }).await?.applied();
        if inserted {
            self.shared.wake.notify_one();
            return Ok(id);
        }
        match key {
            Some(k) => {
                let mut r = self.shared.store.read(crate::store::TenantScope::System).await?;
                r.workflows()
                    .wf_run_by_key(tenant, workflow, &k)
                    .await?
                    .map(|r| r.id)
                    .ok_or_else(|| StoreError::Conflict("the run's idempotency key is taken".into()))
            }
            None => Err(StoreError::Conflict("the run could not be inserted".into())),
        }
    }

    /// Reads a run (daemon scope; services check access first).
    pub async fn run(&self, id: RunId) -> StoreResult<Option<RunRecord>> {
        self.shared.store.read(crate::store::TenantScope::System).await?.workflows().wf_run(id).await
    }

    /// Wakes the claim loop (after a change written elsewhere made a run claimable).
    pub fn poke(&self) {
        self.shared.wake.notify_one();
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME").or_else(|_| std::env::var("COMPUTERNAME")).unwrap_or_else(|_| "nimbusd".to_owned())
}
