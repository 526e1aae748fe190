//! The messages of the app: [`Action`]s flow in (terminal input, answers and events from the
//! background tasks, the clock), [`Request`]s flow out to the background tasks. Plain data, so a
//! test drives the whole app by feeding actions, without a terminal or a network.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use nimbus_core::api::audit::{AuditRecord, VerifyReport};
use nimbus_core::api::tenancy::Tenant;
use nimbus_core::ids::TenantId;

use crate::sources::{
    CiDetail, CiSummary, Decision, Impacted, Load, PendingApproval, RunControl, RunFilter, Schedule, ScheduleControl,
    WorkflowRun,
};

/// The state of the link to the daemon's event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Not connected yet.
    Connecting,
    /// Receiving live events.
    Live,
    /// Lost; retrying.
    Retrying {
        /// Attempts so far.
        attempt: u32,
        /// What went wrong.
        error: String,
    },
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Action {
    /// A key was pressed.
    Key(KeyEvent),
    /// A mouse event (only with `--mouse`).
    Mouse(MouseEvent),
    /// The terminal was resized.
    Resize,
    /// The clock (once a second; tests pass a fixed time).
    Tick(DateTime<Utc>),
    /// The event stream's state changed.
    Link(Link),
    /// Who is signed in, and the tenant in effect.
    Identity {
        /// User (email).
        user: String,
        /// Tenant (slug).
        tenant: String,
        /// Tenant id.
        tenant_id: TenantId,
    },
    /// The tenant changed: the tail starts over.
    AuditReset,
    /// Audit records (backlog or live), oldest first.
    Audit(Vec<AuditRecord>),
    /// The verification of one record.
    Verified {
        /// Tenant.
        tenant: TenantId,
        /// Record.
        seq: u64,
        /// The report, or why verification could not run.
        result: Result<VerifyReport, String>,
    },
    /// A domain event's topic (`workflow.run.succeeded`, `cmdb.ci.updated`, …): the views it
    /// concerns reload.
    Topic(String),
    /// A view's data.
    Loaded(Payload),
    /// A message for the status line.
    Notice(String),
}

/// Data for a view.
#[derive(Debug, Clone)]
pub enum Payload {
    /// `:tenants`.
    Tenants(Load<Vec<Tenant>>),
    /// `:approvals`.
    Approvals(Load<Vec<PendingApproval>>),
    /// `:workflows`.
    Workflows(Load<Vec<WorkflowRun>>),
    /// `:schedules`.
    Schedules(Load<Vec<Schedule>>),
    /// `:cmdb` search results for a query.
    CmdbResults(String, Load<Vec<CiSummary>>),
    /// `:cmdb` one CI.
    CmdbDetail(Load<CiDetail>),
    /// `:cmdb` impact of one CI.
    CmdbImpact(String, Load<Vec<Impacted>>),
}

/// Work for the background tasks (or, for `Quit` and `SwitchContext`, for the event loop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Leave.
    Quit,
    /// Leave and start again on another context.
    SwitchContext(String),
    /// Act in another tenant (the tail restarts there).
    SetTenant(String),
    /// Reload the tenants.
    LoadTenants,
    /// Reload the approvals inbox.
    LoadApprovals,
    /// Reload the workflow runs.
    LoadWorkflows(RunFilter),
    /// Reload the schedules.
    LoadSchedules,
    /// Search the CMDB.
    CmdbSearch(String),
    /// Load one CI.
    CmdbOpen(String),
    /// Impact of one CI.
    CmdbImpact(String),
    /// Verify one audit record.
    Verify {
        /// Tenant.
        tenant: TenantId,
        /// Record.
        seq: u64,
    },
    /// Decide an approval request.
    Decide {
        /// Request id.
        id: String,
        /// Decision.
        decision: Decision,
        /// Reason.
        reason: String,
    },
    /// Control a workflow run.
    ControlRun {
        /// Run id.
        id: String,
        /// What to do.
        control: RunControl,
        /// Reason.
        reason: String,
    },
    /// Control a schedule.
    ControlSchedule {
        /// Schedule id.
        id: String,
        /// What to do.
        control: ScheduleControl,
        /// Reason.
        reason: String,
    },
}

impl Request {
    /// The same request completed with the operator's answers to its prompts: the last answer
    /// is the reason; a delegation's first is who to, a signal's first is its name.
    pub fn fill(self, answers: &[String]) -> Self {
        let reason = answers.last().cloned().unwrap_or_default();
        let first = answers.first().cloned().unwrap_or_default();
        match self {
            Self::Decide { id, decision: Decision::Delegate { .. }, .. } => {
                Self::Decide { id, decision: Decision::Delegate { to: first }, reason }
            }
            Self::Decide { id, decision, .. } => Self::Decide { id, decision, reason },
            Self::ControlRun { id, control: RunControl::Signal { .. }, .. } => {
                Self::ControlRun { id, control: RunControl::Signal { name: first }, reason }
            }
            Self::ControlRun { id, control, .. } => Self::ControlRun { id, control, reason },
            Self::ControlSchedule { id, control, .. } => Self::ControlSchedule { id, control, reason },
            Self::CmdbSearch(_) => Self::CmdbSearch(first),
            other => other,
        }
    }

    /// Whether it changes something on the daemon (refused with `--readonly`).
    pub fn mutating(&self) -> bool {
        matches!(self, Self::Decide { .. } | Self::ControlRun { .. } | Self::ControlSchedule { .. })
    }
}
