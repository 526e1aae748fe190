//! Data sources of the views whose daemon APIs land separately (approvals, workflows, schedules,
//! the CMDB): the records those views show and the operations they offer, as traits.
//!
//! A view renders only from these types, so the daemon-backed implementations slot in without
//! touching any view. Until then [`NotOnThisDaemon`] answers every call with
//! [`SourceError::Unavailable`], which the views show as such: never sample data. Calls run on
//! background tasks (see `io`); nothing here may be called from `draw`. The daemon-backed
//! implementations are in `daemon`.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Why a source could not answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The daemon (or this build) does not offer the feature at all.
    #[error("{0}")]
    Unavailable(String),
    /// The call failed; the message says what to do.
    #[error("{0}")]
    Failed(String),
}

/// Result of a source call.
pub type SourceResult<T> = Result<T, SourceError>;

/// What a view knows about its data.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Asked for, no answer yet.
    Loading,
    /// The answer.
    Ready(T),
    /// The daemon does not offer this; the text says why.
    Unavailable(String),
    /// The last attempt failed; the text says what to do.
    Failed(String),
}

impl<T> From<SourceResult<T>> for Load<T> {
    fn from(r: SourceResult<T>) -> Self {
        match r {
            Ok(v) => Load::Ready(v),
            Err(SourceError::Unavailable(m)) => Load::Unavailable(m),
            Err(SourceError::Failed(m)) => Load::Failed(m),
        }
    }
}

// ---------------------------------------------------------------- approvals

/// How an approval request is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApprovalMode {
    /// Approvers one after another.
    Sequential,
    /// All approvers, in any order.
    Parallel,
    /// Any `required` of the approvers.
    Quorum,
}

impl ApprovalMode {
    /// Lowercase name, as the CLI prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sequential => "sequential",
            Self::Parallel => "parallel",
            Self::Quorum => "quorum",
        }
    }
}

/// One entry of a request's history.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalEvent {
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What (`requested`, `approved`, `rejected`, `delegated to …`, `escalated`).
    pub what: String,
    /// The reason given.
    pub reason: Option<String>,
}

/// A pending approval request addressed to me or one of my groups.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingApproval {
    /// Request id.
    pub id: String,
    /// What is asked (e.g. `deploy prod-web`).
    pub title: String,
    /// Who asked.
    pub requested_by: String,
    /// When.
    pub requested_at: DateTime<Utc>,
    /// When it times out, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// Decision mode.
    pub mode: ApprovalMode,
    /// Approvals so far.
    pub approvals: u32,
    /// Approvals needed.
    pub required: u32,
    /// Me, or the group through which it reached me.
    pub assignee: String,
    /// The request payload.
    pub payload: Value,
    /// History, oldest first.
    pub history: Vec<ApprovalEvent>,
}

/// A decision on an approval request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Approve.
    Approve,
    /// Reject.
    Reject,
    /// Hand my vote to someone else.
    Delegate {
        /// User (email) or group.
        to: String,
    },
}

/// The approvals inbox.
#[async_trait]
pub trait ApprovalSource: Send + Sync {
    /// Pending requests for me and my groups.
    async fn pending(&self) -> SourceResult<Vec<PendingApproval>>;
    /// Decides one request with a reason.
    async fn decide(&self, id: &str, decision: &Decision, reason: &str) -> SourceResult<()>;
}

// ---------------------------------------------------------------- workflows

/// One step of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct StepInfo {
    /// Step name.
    pub name: String,
    /// `pending`, `running`, `succeeded`, `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: u32,
    /// Last error.
    pub error: Option<String>,
}

/// A workflow run.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkflowRun {
    /// Run id.
    pub id: String,
    /// Workflow kind (e.g. `pulumi.deploy`).
    pub kind: String,
    /// `pending`, `running`, `waiting`, `succeeded`, `failed`, `cancelled`.
    pub status: String,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Start.
    pub started_at: DateTime<Utc>,
    /// Last progress.
    pub updated_at: DateTime<Utc>,
    /// Steps, in order.
    pub steps: Vec<StepInfo>,
    /// The run's state projection (its query answer).
    pub state: Value,
}

/// Which runs to list (server-side; `/` filters what was listed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunFilter {
    /// Status.
    pub status: Option<String>,
    /// Kind.
    pub kind: Option<String>,
    /// Tag `key=value`.
    pub tag: Option<String>,
}

/// An operator's control of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunControl {
    /// Send a named signal.
    Signal {
        /// Signal name.
        name: String,
    },
    /// Cancel.
    Cancel,
    /// Retry a failed run.
    Retry,
}

/// Workflow runs.
#[async_trait]
pub trait WorkflowSource: Send + Sync {
    /// Runs matching `filter`, newest first.
    async fn runs(&self, filter: &RunFilter) -> SourceResult<Vec<WorkflowRun>>;
    /// Signals, cancels or retries a run.
    async fn control(&self, id: &str, control: &RunControl, reason: &str) -> SourceResult<()>;
}

// ---------------------------------------------------------------- schedules

/// A cron schedule.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// Schedule id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Cron expression.
    pub cron: String,
    /// Workflow it starts.
    pub workflow: String,
    /// Paused.
    pub paused: bool,
    /// Next fire time.
    pub next_fire: Option<DateTime<Utc>>,
    /// Last fire time.
    pub last_fired: Option<DateTime<Utc>>,
    /// Outcome of the last run (`succeeded`, `failed: …`).
    pub last_result: Option<String>,
}

/// An operator's control of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScheduleControl {
    /// Stop firing.
    Pause,
    /// Fire again.
    Resume,
    /// Fire once now.
    Trigger,
}

/// Schedules.
#[async_trait]
pub trait ScheduleSource: Send + Sync {
    /// All schedules of the tenant.
    async fn schedules(&self) -> SourceResult<Vec<Schedule>>;
    /// Pauses, resumes or triggers one.
    async fn control(&self, id: &str, control: ScheduleControl, reason: &str) -> SourceResult<()>;
}

// ---------------------------------------------------------------- CMDB

/// A CI as listed.
#[derive(Debug, Clone, PartialEq)]
pub struct CiSummary {
    /// CI id.
    pub id: String,
    /// Class (e.g. `VirtualMachine`).
    pub class: String,
    /// Name.
    pub name: String,
    /// Last change, when the answer tells it (graph walks do not).
    pub updated_at: Option<DateTime<Utc>>,
}

/// One version of a CI.
#[derive(Debug, Clone, PartialEq)]
pub struct CiVersion {
    /// Version number.
    pub version: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What changed, in one line.
    pub change: String,
}

/// Which way a relationship points from the CI shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// This CI → other.
    Outgoing,
    /// Other → this CI.
    Incoming,
}

/// A typed edge of the CMDB graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Relationship {
    /// Type (e.g. `runs_on`).
    pub kind: String,
    /// Direction.
    pub direction: Direction,
    /// The CI at the other end.
    pub other: CiSummary,
}

/// A CI with everything the detail pane shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CiDetail {
    /// The CI.
    pub ci: CiSummary,
    /// Attributes.
    pub attributes: BTreeMap<String, Value>,
    /// Versions, newest first.
    pub versions: Vec<CiVersion>,
    /// Relationships.
    pub relationships: Vec<Relationship>,
}

/// A CI affected if another goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Impacted {
    /// Hops from the CI analysed.
    pub depth: u32,
    /// Through which relationship type.
    pub via: String,
    /// The affected CI.
    pub ci: CiSummary,
}

/// The CMDB.
#[async_trait]
pub trait CmdbSource: Send + Sync {
    /// Full-text search (empty: recently changed).
    async fn search(&self, query: &str) -> SourceResult<Vec<CiSummary>>;
    /// One CI with attributes, versions and relationships.
    async fn ci(&self, id: &str) -> SourceResult<CiDetail>;
    /// What breaks if `id` goes.
    async fn impact(&self, id: &str) -> SourceResult<Vec<Impacted>>;
}

// ---------------------------------------------------------------- wiring

/// The sources a session uses.
#[derive(Clone)]
pub struct Sources {
    /// Approvals inbox.
    pub approvals: Arc<dyn ApprovalSource>,
    /// Workflow runs.
    pub workflows: Arc<dyn WorkflowSource>,
    /// Schedules.
    pub schedules: Arc<dyn ScheduleSource>,
    /// CMDB.
    pub cmdb: Arc<dyn CmdbSource>,
}

impl std::fmt::Debug for Sources {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sources").finish_non_exhaustive()
    }
}

impl Sources {
    /// Every source answers "not available on this daemon".
    pub fn unavailable() -> Self {
        let none = Arc::new(NotOnThisDaemon);
        Self { approvals: none.clone(), workflows: none.clone(), schedules: none.clone(), cmdb: none }
    }
}

/// The source of a feature this daemon does not offer yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NotOnThisDaemon;

/// The text the views show for [`NotOnThisDaemon`].
pub const NOT_AVAILABLE: &str = "not available on this daemon";

fn unavailable<T>(what: &str) -> SourceResult<T> {
    Err(SourceError::Unavailable(format!("{what}: {NOT_AVAILABLE}")))
}

#[async_trait]
impl ApprovalSource for NotOnThisDaemon {
    async fn pending(&self) -> SourceResult<Vec<PendingApproval>> {
        unavailable("approvals")
    }
    async fn decide(&self, _: &str, _: &Decision, _: &str) -> SourceResult<()> {
        unavailable("approvals")
    }
}

#[async_trait]
impl WorkflowSource for NotOnThisDaemon {
    async fn runs(&self, _: &RunFilter) -> SourceResult<Vec<WorkflowRun>> {
        unavailable("workflows")
    }
    async fn control(&self, _: &str, _: &RunControl, _: &str) -> SourceResult<()> {
        unavailable("workflows")
    }
}

#[async_trait]
impl ScheduleSource for NotOnThisDaemon {
    async fn schedules(&self) -> SourceResult<Vec<Schedule>> {
        unavailable("schedules")
    }
    async fn control(&self, _: &str, _: ScheduleControl, _: &str) -> SourceResult<()> {
        unavailable("schedules")
    }
}

#[async_trait]
impl CmdbSource for NotOnThisDaemon {
    async fn search(&self, _: &str) -> SourceResult<Vec<CiSummary>> {
        unavailable("the CMDB")
    }
    async fn ci(&self, _: &str) -> SourceResult<CiDetail> {
        unavailable("the CMDB")
    }
    async fn impact(&self, _: &str) -> SourceResult<Vec<Impacted>> {
        unavailable("the CMDB")
    }
}
