//! The workflow engine's journal as the store sees it: run, step, signal and schedule rows, and
//! the claim, fencing and wake-up statements the engine needs. Both backends implement
//! [`WorkflowRead`] on read handles and write transactions and [`WorkflowWrite`] on write
//! transactions. Every fenced statement takes the run's epoch and reports whether it still
//! matched; deciding what a lost fence means is the engine's job, not the store's.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::ids::{RunId, ScheduleId, SignalId, TenantId};
use serde_json::Value;

use super::{StoreError, StoreResult};

/// A run's lifecycle state (stored lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RunStatus {
    /// Waiting for a replica to claim it.
    Enqueued,
    /// A replica holds its lease and runs it.
    Running,
    /// Suspended on a timer, a signal or a child; no replica holds it.
    Waiting,
    /// Finished with an output.
    Succeeded,
    /// Finished with an error.
    Failed,
    /// Cancelled (compensated) or terminated.
    Cancelled,
    /// Undoing completed steps after a failure or cancellation.
    Compensating,
}

impl RunStatus {
    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Enqueued => "enqueued",
            Self::Running => "running",
            Self::Waiting => "waiting",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Compensating => "compensating",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> StoreResult<Self> {
        Ok(match s {
            "enqueued" => Self::Enqueued,
            "running" => Self::Running,
            "waiting" => Self::Waiting,
            "succeeded" => Self::Succeeded,
            "failed" => Self::Failed,
            "cancelled" => Self::Cancelled,
            "compensating" => Self::Compensating,
            other => return Err(StoreError::Corrupt(format!("run status {other:?}"))),
        })
    }

    /// Whether the run has finished for good.
    pub const fn is_terminal(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled)
    }
}

/// One run of a workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// Run id.
    pub id: RunId,
    /// Tenant the run acts for.
    pub tenant_id: TenantId,
    /// Registered workflow name.
    pub workflow: String,
    /// The version it started on (and stays on).
    pub version: u32,
    /// Queue it is claimed from.
    pub queue: String,
    /// State.
    pub status: RunStatus,
    /// Input.
    pub input: Value,
    /// Output once succeeded.
    pub output: Option<Value>,
    /// Error once failed or cancelled.
    pub error: Option<String>,
    /// Searchable tags.
    pub tags: std::collections::BTreeMap<String, String>,
    /// The projection set with `set_state`.
    pub state: Option<Value>,
    /// Idempotent start key.
    pub idempotency_key: Option<String>,
    /// At most one unfinished run per key.
    pub concurrency_key: Option<String>,
    /// Parent run of a child workflow.
    pub parent_id: Option<RunId>,
    /// Schedule that started it.
    pub schedule_id: Option<ScheduleId>,
    /// The schedule's fire time it stands for.
    pub fire_time: Option<DateTime<Utc>>,
    /// Fencing epoch.
    pub epoch: i64,
    /// Replica holding the lease.
    pub owner: Option<String>,
    /// When it may next be claimed (ms since the epoch).
    pub available_ms: Option<i64>,
    /// Whether cancellation was asked for.
    pub cancel_requested: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// First claim.
    pub started_at: Option<DateTime<Utc>>,
    /// Finish time.
    pub finished_at: Option<DateTime<Utc>>,
}

/// One journaled step (or timer, signal receipt, child, clock reading).
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// Run.
    pub run_id: RunId,
    /// Position in the run's journal, from 0.
    pub seq: u32,
    /// Its tenant.
    pub tenant_id: TenantId,
    /// Name the workflow gave it.
    pub name: String,
    /// `step`, `timer`, `signal`, `child` or `clock`.
    pub kind: String,
    /// Recorded output.
    pub output: Option<Value>,
    /// Recorded final error.
    pub error: Option<String>,
    /// Attempts it took.
    pub attempts: u32,
    /// When it was journaled.
    pub created_at: DateTime<Utc>,
}

/// A signal sent to a run.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalRecord {
    /// Signal id.
    pub id: SignalId,
    /// Target run.
    pub run_id: RunId,
    /// Its tenant.
    pub tenant_id: TenantId,
    /// Signal name.
    pub name: String,
    /// Payload.
    pub payload: Value,
    /// Send time.
    pub created_at: DateTime<Utc>,
    /// The journal position that received it.
    pub consumed_seq: Option<u32>,
}

/// A cron schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRecord {
    /// Schedule id.
    pub id: ScheduleId,
    /// Tenant its runs act for.
    pub tenant_id: TenantId,
    /// Unique name in the tenant.
    pub name: String,
    /// Cron expression (seconds optional).
    pub cron: String,
    /// IANA time zone the expression is read in.
    pub timezone: String,
    /// Workflow started at each fire time.
    pub workflow: String,
    /// Its input.
    pub input: Value,
    /// `skip`, `buffer` or `allow`.
    pub overlap: String,
    /// Missed fire times younger than this are still started.
    pub catch_up_secs: i64,
    /// Paused schedules do not fire.
    pub paused: bool,
    /// Next fire time (ms since the epoch).
    pub next_fire_ms: Option<i64>,
    /// The last fire time that started a run.
    pub last_fire_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Which runs to list.
#[derive(Debug, Clone, Default)]
pub struct RunFilter {
    /// Tenants to include (already authorized).
    pub tenants: Vec<TenantId>,
    /// Only this status.
    pub status: Option<RunStatus>,
    /// Only this workflow.
    pub workflow: Option<String>,
    /// Only runs carrying this tag (`key`, value).
    pub tag: Option<(String, String)>,
    /// Only children of this run.
    pub parent: Option<RunId>,
    /// Keyset cursor: runs created before this id.
    pub before: Option<RunId>,
    /// Page size.
    pub limit: u32,
}

/// A claim: the run as it now stands (new epoch, owner and lease).
pub type Claimed = RunRecord;

/// A queue's limits for one claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueLimit {
    /// Queue name.
    pub queue: String,
    /// Most runs of the queue RUNNING (or compensating) at once across every replica; the claim
    /// counts them under a per-queue lock, so concurrent claims cannot overshoot.
    pub max_running: Option<u32>,
    /// Most runs of the queue this claim may take (the replica's free slots for it).
    pub free_here: Option<u32>,
}

/// Whether a run of this status already holds a RUNNING place in its queue (a takeover of an
/// expired lease, which must stay claimable even when the queue is full, or its run would never
/// finish).
pub fn holds_place(status: RunStatus) -> bool {
    matches!(status, RunStatus::Running | RunStatus::Compensating)
}

/// The room each limited queue has left in one claim. Pure: the backends count the RUNNING runs
/// and ask it which candidates fit.
#[derive(Debug, Default)]
pub struct Rooms {
    global: std::collections::HashMap<String, u32>,
    here: std::collections::HashMap<String, u32>,
}

impl Rooms {
    /// Rooms from the limits and the RUNNING runs counted per globally limited queue.
    pub fn new(limits: &[QueueLimit], running: &std::collections::HashMap<String, i64>) -> Self {
        let mut r = Self::default();
        for l in limits {
            if let Some(max) = l.max_running {
                let now = u32::try_from(running.get(&l.queue).copied().unwrap_or(0).max(0)).unwrap_or(u32::MAX);
                r.global.insert(l.queue.clone(), max.saturating_sub(now));
            }
            if let Some(free) = l.free_here {
                r.here.insert(l.queue.clone(), free);
            }
        }
        r
    }

    /// Queues where no new run may start (takeovers still may).
    pub fn full_globally(&self) -> Vec<String> {
        self.global.iter().filter(|(_, n)| **n == 0).map(|(q, _)| q.clone()).collect()
    }

    /// Queues where this replica has no free slot.
    pub fn full_here(&self) -> Vec<String> {
        self.here.iter().filter(|(_, n)| **n == 0).map(|(q, _)| q.clone()).collect()
    }

    /// Whether a candidate of `queue` in `status` fits.
    pub fn admits(&self, queue: &str, status: RunStatus) -> bool {
        let global = holds_place(status) || self.global.get(queue).is_none_or(|n| *n > 0);
        global && self.here.get(queue).is_none_or(|n| *n > 0)
    }

    /// Takes the candidate's place (call after [`admits`](Self::admits) and a successful claim).
    pub fn take(&mut self, queue: &str, status: RunStatus) {
        if !holds_place(status)
            && let Some(n) = self.global.get_mut(queue)
        {
            *n = n.saturating_sub(1);
        }
        if let Some(n) = self.here.get_mut(queue) {
            *n = n.saturating_sub(1);
        }
    }
}

/// Journal reads.
#[async_trait]
pub trait WorkflowRead: Send {
    /// A run by id (in scope).
    async fn wf_run(&mut self, id: RunId) -> StoreResult<Option<RunRecord>>;
    /// Runs matching a filter, newest first.
    async fn wf_runs(&mut self, filter: &RunFilter) -> StoreResult<Vec<RunRecord>>;
    /// A run by its idempotency key.
    async fn wf_run_by_key(&mut self, tenant: TenantId, workflow: &str, key: &str) -> StoreResult<Option<RunRecord>>;
    /// A run's journal, by sequence number.
    async fn wf_steps(&mut self, run: RunId) -> StoreResult<Vec<StepRecord>>;
    /// A run's signals, oldest first.
    async fn wf_signals(&mut self, run: RunId) -> StoreResult<Vec<SignalRecord>>;
    /// Schedules of `tenant`, by name.
    async fn wf_schedules(&mut self, tenant: TenantId) -> StoreResult<Vec<ScheduleRecord>>;
    /// A schedule by id.
    async fn wf_schedule(&mut self, id: ScheduleId) -> StoreResult<Option<ScheduleRecord>>;
    /// A schedule by name.
    async fn wf_schedule_by_name(&mut self, tenant: TenantId, name: &str) -> StoreResult<Option<ScheduleRecord>>;
    /// Unpaused schedules due at `now_ms`.
    async fn wf_due_schedules(&mut self, now_ms: i64, limit: u32) -> StoreResult<Vec<ScheduleRecord>>;
    /// The earliest time any run becomes claimable.
    async fn wf_next_available(&mut self) -> StoreResult<Option<i64>>;
    /// The earliest time any schedule fires.
    async fn wf_next_fire(&mut self) -> StoreResult<Option<i64>>;
    /// Runs leased by `owner` whose cancellation was asked for.
    async fn wf_cancel_requested(&mut self, owner: &str) -> StoreResult<Vec<RunId>>;
    /// Whether the schedule has an unfinished run.
    async fn wf_schedule_busy(&mut self, id: ScheduleId) -> StoreResult<bool>;
    /// Where a new reader of the outbox starts: every event after it is yet to be read.
    async fn wf_outbox_head(&mut self) -> StoreResult<OutboxPos>;
    /// Committed outbox events after `after`, in position order, at most `limit`. On PostgreSQL
    /// only events of transactions older than every transaction still running are returned
    /// (`xid < pg_snapshot_xmin`), so no event can commit later at a position before one
    /// returned: a reader that moves its cursor to the last event it got skips nothing.
    async fn wf_outbox_after(
        &mut self,
        after: OutboxPos,
        limit: u32,
    ) -> StoreResult<Vec<(OutboxPos, super::OutboxEvent)>>;
}

/// A position in the outbox, ordered: PostgreSQL orders events by the id of the transaction
/// that wrote them, then by a sequence; SQLite's single writer by the sequence alone (`xid` 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutboxPos {
    /// Writing transaction (`xid8`; 0 on SQLite).
    pub xid: u64,
    /// Sequence within the outbox.
    pub seq: i64,
}

impl std::fmt::Display for OutboxPos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.xid, self.seq)
    }
}

impl std::str::FromStr for OutboxPos {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (x, q) = s.split_once('.').ok_or("an outbox position is `xid.seq`")?;
        Ok(Self {
            xid: x.parse().map_err(|_| "malformed transaction id")?,
            seq: q.parse().map_err(|_| "malformed sequence")?,
        })
    }
}

/// Journal writes. The `*_fenced` statements apply only while the run's epoch is `epoch` and
/// return whether it still was.
#[async_trait]
pub trait WorkflowWrite: WorkflowRead {
    /// Inserts a new run; false (nothing written) when its idempotency key or fire time is taken.
    async fn wf_insert_run(&mut self, run: &RunRecord) -> StoreResult<bool>;
    /// Whether the run has an unconsumed signal `name`.
    async fn wf_has_signal(&mut self, run: RunId, name: &str) -> StoreResult<bool>;
    /// Claims up to `limit` runs available at `now_ms` for `owner` until `lease_until_ms`:
    /// each claim bumps the epoch. Runs whose concurrency key another unfinished run holds are
    /// pushed back by `retry_ms`. On PostgreSQL rows locked by another claimer are skipped.
    /// `queues` bounds what each queue may take: a global `max_running` is checked against the
    /// queue's RUNNING runs counted under a per-queue lock held to the end of the transaction
    /// (PostgreSQL; SQLite's single writer serialises claims anyway).
    #[allow(clippy::too_many_arguments)]
    async fn wf_claim(
        &mut self,
        owner: &str,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u32,
        retry_ms: i64,
        now: DateTime<Utc>,
        queues: &[QueueLimit],
    ) -> StoreResult<Vec<Claimed>>;
    /// Extends the leases of those `runs` that `owner` still holds; returns the runs renewed.
    /// Only runs the replica is executing are named: a run it abandoned (a failed journal batch)
    /// must let its lease lapse so a claim can resume it. On PostgreSQL a run whose row another
    /// transaction is writing at that moment is skipped (left out of the answer), not waited for.
    async fn wf_renew(&mut self, owner: &str, runs: &[RunId], lease_until_ms: i64) -> StoreResult<Vec<RunId>>;
    /// Gives up `owner`'s leases (shutdown): its runs become claimable at once.
    async fn wf_release_all(&mut self, owner: &str, now_ms: i64) -> StoreResult<u64>;
    /// Whether the run is still at `epoch` (touches `updated_at`).
    async fn wf_fence(&mut self, run: RunId, epoch: i64, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Journals a step (call after a successful fence in the same transaction).
    async fn wf_insert_step(&mut self, step: &StepRecord) -> StoreResult<()>;
    /// Sets the run's status, and for suspension its wake time (owner and lease dropped).
    async fn wf_set_status_fenced(
        &mut self,
        run: RunId,
        epoch: i64,
        status: RunStatus,
        available_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Finishes the run (terminal status, output or error) and frees its concurrency key.
    async fn wf_finish_fenced(
        &mut self,
        run: RunId,
        epoch: i64,
        status: RunStatus,
        output: Option<&Value>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Replaces the run's queryable state.
    async fn wf_set_state_fenced(&mut self, run: RunId, epoch: i64, state: &Value) -> StoreResult<bool>;
    /// Takes the oldest unconsumed signal `name` of the run, marking it received at `seq`.
    async fn wf_take_signal(&mut self, run: RunId, name: &str, seq: u32) -> StoreResult<Option<SignalRecord>>;
    /// Stores a signal.
    async fn wf_insert_signal(&mut self, signal: &SignalRecord) -> StoreResult<()>;
    /// Makes a waiting run claimable now (a signal arrived, a child finished).
    async fn wf_wake(&mut self, run: RunId, now_ms: i64) -> StoreResult<()>;
    /// Asks for cancellation; a waiting or enqueued run becomes claimable now.
    async fn wf_request_cancel(&mut self, run: RunId, now_ms: i64, now: DateTime<Utc>) -> StoreResult<()>;
    /// Ends an unfinished run as cancelled at once, bumping its epoch so its holder's next
    /// journal write fails; frees its concurrency key.
    async fn wf_terminate(&mut self, run: RunId, reason: &str, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Puts a failed or cancelled run back in the queue (epoch bumped), dropping the journal
    /// entries from `from_seq` on so those steps run again.
    async fn wf_retry(&mut self, run: RunId, from_seq: u32, now_ms: i64, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Creates a schedule.
    async fn wf_insert_schedule(&mut self, s: &ScheduleRecord) -> StoreResult<()>;
    /// Pauses or resumes a schedule, with its next fire time.
    async fn wf_set_schedule_paused(
        &mut self,
        id: ScheduleId,
        paused: bool,
        next_fire_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Changes a schedule's cron expression and next fire time.
    async fn wf_set_schedule_cron(
        &mut self,
        id: ScheduleId,
        cron: &str,
        next_fire_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Moves a schedule's next fire time from `expected` to `next` (compare-and-set); false when
    /// another replica already did.
    async fn wf_advance_schedule(
        &mut self,
        id: ScheduleId,
        expected: Option<i64>,
        next: Option<i64>,
        last_fire: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Deletes sessions (and their refresh tokens) that ended before `before`; returns how many.
    async fn wf_delete_ended_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64>;
    /// Deletes outbox events created before `before`, but never the newest (SQLite positions
    /// continue from it); returns how many.
    async fn wf_prune_outbox(&mut self, before: DateTime<Utc>) -> StoreResult<u64>;
}

/// Milliseconds since the Unix epoch.
pub fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}
