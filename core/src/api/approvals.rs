//! Wire types of approval chains (`nimbus approval …`): requests, their steps and history, and
//! the tenants' policies. The shapes are the contract in `approvals-api.md` shared with the TUI.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{ApprovalId, ApprovalPolicyId, RunId, TenantId};

/// Who asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "ApprovalRequester"))]
pub struct Requester {
    /// User id.
    pub id: String,
    /// Email or display name.
    pub name: String,
}

/// One approver of a step: a user, every member of a group, or every holder of a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Approver {
    /// `user`, `group` or `role`.
    pub kind: String,
    /// User, group or role id.
    pub id: String,
    /// Email, group name or role name.
    pub name: String,
}

/// One step of a request's chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ApprovalStep {
    /// Position, from 0.
    pub index: u32,
    /// Who may decide it now (after an escalation: the escalation approvers).
    pub approvers: Vec<Approver>,
    /// `pending`, `approved`, `rejected` or `skipped`.
    pub status: String,
    /// When it escalates (or, once escalated, nothing: the request's expiry still applies).
    pub timeout_at: Option<DateTime<Utc>>,
    /// Whether its timeout passed and it was reassigned to the escalation approvers.
    pub escalated: bool,
}

/// One entry of a request's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ApprovalHistoryEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (an email, or `system` for escalations and expiry).
    pub actor: String,
    /// `requested`, `approved`, `rejected`, `delegated to …`, `escalated`, `expired` or
    /// `cancelled`.
    pub what: String,
    /// The reason given.
    pub reason: Option<String>,
}

/// An approval request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ApprovalRequest {
    /// Request id.
    pub id: ApprovalId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Operation type the policy was chosen by, e.g. `deploy`.
    pub operation: String,
    /// One line saying what is to be approved.
    pub title: String,
    /// Kind of the resource concerned.
    pub resource_type: Option<String>,
    /// The resource concerned.
    pub resource_id: Option<String>,
    /// What the requester attached (the change itself).
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub payload: Value,
    /// Who asked.
    pub requester: Requester,
    /// The policy applied (copied into the request when it was made).
    pub policy_id: ApprovalPolicyId,
    /// `sequential`, `parallel` or `quorum`.
    pub mode: String,
    /// Approvals needed.
    pub required: u32,
    /// Approvals so far.
    pub approvals: u32,
    /// `pending`, `approved`, `rejected`, `expired` or `cancelled`.
    pub status: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// When it expires unless decided.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was decided (or expired, or cancelled).
    pub decided_at: Option<DateTime<Utc>>,
    /// With `assigned=me`: how it reaches the caller (their name, `group:<name>` or
    /// `role:<name>`).
    pub assignee: Option<String>,
    /// The chain.
    pub steps: Vec<ApprovalStep>,
    /// What happened, oldest first.
    pub history: Vec<ApprovalHistoryEntry>,
    /// The durable workflow run that waits for decisions, escalates and expires it.
    pub workflow_run_id: Option<RunId>,
}

/// Requests, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalRequestList {
    /// Requests.
    pub requests: Vec<ApprovalRequest>,
    /// Pass as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Asks for approval.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApprovalRequest {
    /// Operation type; the tenant's policy for it applies unless `policy` names one.
    pub operation: String,
    /// One line saying what is to be approved.
    pub title: String,
    /// Kind of the resource concerned.
    #[serde(default)]
    pub resource_type: Option<String>,
    /// The resource concerned.
    #[serde(default)]
    pub resource_id: Option<String>,
    /// The change itself (any JSON).
    #[serde(default)]
    pub payload: Value,
    /// Policy id or name.
    #[serde(default)]
    pub policy: Option<String>,
}

/// Approves, rejects or cancels, with a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecideApproval {
    /// Why (recorded in the history and the audit log; required to reject or cancel).
    #[serde(default)]
    pub reason: String,
}

/// Hands the caller's part of the current step to someone else.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelegateApproval {
    /// User email or id.
    pub to: String,
    /// Why.
    #[serde(default)]
    pub reason: String,
}

/// An approver as a policy names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApproverInput {
    /// `user`, `group` or `role`.
    pub kind: String,
    /// Id, or a user's email, a group's or a role's name.
    pub id: String,
}

/// One step of a policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "ApprovalPolicyStep"))]
pub struct PolicyStep {
    /// Who may decide it.
    pub approvers: Vec<Approver>,
    /// Seconds until it escalates (default 86400).
    pub timeout_secs: u64,
    /// Who it is reassigned to when it times out (none: it waits for the request's expiry).
    pub escalation: Vec<Approver>,
}

/// One step of a policy as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyStepInput {
    /// Who may decide it.
    pub approvers: Vec<ApproverInput>,
    /// Seconds until it escalates (default 86400).
    #[serde(default)]
    pub timeout_secs: Option<u64>,
    /// Who it is reassigned to when it times out.
    #[serde(default)]
    pub escalation: Vec<ApproverInput>,
}

/// A tenant's approval policy for one operation type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ApprovalPolicy {
    /// Policy id.
    pub id: ApprovalPolicyId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Unique name in the tenant.
    pub name: String,
    /// Operation type it applies to (one policy per operation type).
    pub operation: String,
    /// `sequential` (steps in order), `parallel` (every step) or `quorum` (`quorum_required` of
    /// the steps).
    pub mode: String,
    /// Approvals a quorum needs.
    pub quorum_required: Option<u32>,
    /// The chain: in sequential mode each step in turn; otherwise all at once, one approval each.
    pub steps: Vec<PolicyStep>,
    /// Seconds until a request expires (default 7 days).
    pub expiry_secs: u64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Creates or replaces a policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalPolicyInput {
    /// Unique name in the tenant.
    pub name: String,
    /// Operation type.
    pub operation: String,
    /// `sequential`, `parallel` or `quorum`.
    pub mode: String,
    /// Approvals a quorum needs (quorum mode only).
    #[serde(default)]
    pub quorum_required: Option<u32>,
    /// The chain.
    pub steps: Vec<PolicyStepInput>,
    /// Seconds until a request expires (default 604800).
    #[serde(default)]
    pub expiry_secs: Option<u64>,
}

/// Policies, by name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalPolicyList {
    /// Policies.
    pub policies: Vec<ApprovalPolicy>,
}
