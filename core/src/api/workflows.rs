//! Wire types of workflow runs and schedules (`nimbus workflow …`, `nimbus schedule …`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{RunId, ScheduleId, SignalId, TenantId};

/// One run of a workflow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct WorkflowRun {
    /// Run id.
    pub id: RunId,
    /// Tenant it acts for.
    pub tenant_id: TenantId,
    /// Workflow name.
    pub workflow: String,
    /// The version it runs (runs stay on the version they started with).
    pub version: u32,
    /// `enqueued`, `running`, `waiting`, `succeeded`, `failed`, `cancelled` or `compensating`.
    pub status: String,
    /// Input.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub input: Value,
    /// Output, once succeeded.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub output: Option<Value>,
    /// Why it failed or was cancelled.
    pub error: Option<String>,
    /// Searchable tags.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub tags: BTreeMap<String, String>,
    /// The state the workflow publishes about itself.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub state: Option<Value>,
    /// At most one unfinished run per concurrency key.
    pub concurrency_key: Option<String>,
    /// Parent run, for a child workflow.
    pub parent_id: Option<RunId>,
    /// The schedule that started it.
    pub schedule_id: Option<ScheduleId>,
    /// The schedule's fire time it stands for.
    pub fire_time: Option<DateTime<Utc>>,
    /// Whether cancellation was asked for.
    pub cancel_requested: bool,
    /// Claims so far (each claim by a replica bumps it).
    pub epoch: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// First claim.
    pub started_at: Option<DateTime<Utc>>,
    /// Finish time.
    pub finished_at: Option<DateTime<Utc>>,
}

/// Runs, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkflowRunList {
    /// Runs.
    pub runs: Vec<WorkflowRun>,
    /// Pass as `before` for the next page; absent on the last page.
    pub next: Option<RunId>,
}

/// One journaled entry of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct WorkflowStep {
    /// Position in the journal, from 0.
    pub seq: u32,
    /// Name the workflow gave it.
    pub name: String,
    /// `step`, `timer`, `signal`, `child` or `clock`.
    pub kind: String,
    /// Recorded output.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub output: Option<Value>,
    /// Recorded final error.
    pub error: Option<String>,
    /// Attempts it took.
    pub attempts: u32,
    /// When it was journaled.
    pub at: DateTime<Utc>,
}

/// A signal sent to a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct WorkflowSignal {
    /// Signal id.
    pub id: SignalId,
    /// Name.
    pub name: String,
    /// Payload.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub payload: Value,
    /// Send time.
    pub at: DateTime<Utc>,
    /// The journal position that received it; absent while it waits.
    pub received_at_seq: Option<u32>,
}

/// A run's journal and signals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkflowHistory {
    /// The run.
    pub run: WorkflowRun,
    /// Journal, by position.
    pub steps: Vec<WorkflowStep>,
    /// Signals, oldest first.
    pub signals: Vec<WorkflowSignal>,
}

/// Sends a signal to a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendSignal {
    /// Signal name the workflow waits for.
    pub name: String,
    /// Payload (any JSON).
    #[serde(default)]
    pub payload: Value,
}

/// Cancels a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRun {
    /// End it at once, without compensation (terminate) instead of asking it to cancel.
    #[serde(default)]
    pub terminate: bool,
}

/// A cron schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Schedule {
    /// Schedule id.
    pub id: ScheduleId,
    /// Tenant its runs act for.
    pub tenant_id: TenantId,
    /// Unique name in the tenant.
    pub name: String,
    /// Cron expression (seconds optional).
    pub cron: String,
    /// IANA time zone.
    pub timezone: String,
    /// Workflow started at each fire time.
    pub workflow: String,
    /// `skip`, `buffer` or `allow`: what happens when a fire time comes while a run is unfinished.
    pub overlap: String,
    /// Missed fire times younger than this many seconds are still started.
    pub catch_up_secs: i64,
    /// Paused schedules do not fire.
    pub paused: bool,
    /// Next fire time.
    pub next_fire_at: Option<DateTime<Utc>>,
    /// The last fire time that started a run.
    pub last_fire_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Schedules, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleList {
    /// Schedules.
    pub schedules: Vec<Schedule>,
}
