//! Records and queries of approval chains' storage: policies, requests (their steps as JSON,
//! changed by compare-and-set on `version`) and each request's history. Shapes and query traits
//! only: the backends map them to rows; the approval service decides everything (who may
//! decide, what a decision does to the chain).
//!
//! Reached from a read handle or write transaction through [`ReadTx::approvals`](super::ReadTx::approvals)
//! and [`WriteTx::approvals_mut`](super::WriteTx::approvals_mut).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::ids::{ApprovalId, ApprovalPolicyId, RunId, TenantId, UserId};
use serde_json::Value;
use uuid::Uuid;

use super::StoreResult;

/// A tenant's policy for one operation type.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalPolicyRecord {
    /// Policy id.
    pub id: ApprovalPolicyId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Unique name in the tenant.
    pub name: String,
    /// Operation type (unique in the tenant among live policies).
    pub operation: String,
    /// `sequential`, `parallel` or `quorum`.
    pub mode: String,
    /// Approvals a quorum needs.
    pub quorum_required: Option<u32>,
    /// The steps, as the service encodes them.
    pub steps: Value,
    /// Seconds until a request expires.
    pub expiry_secs: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// An approval request.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalRequestRecord {
    /// Request id.
    pub id: ApprovalId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Operation type.
    pub operation: String,
    /// Title.
    pub title: String,
    /// Resource kind.
    pub resource_type: Option<String>,
    /// Resource id.
    pub resource_id: Option<String>,
    /// The change asked for.
    pub payload: Value,
    /// Who asked.
    pub requester_id: UserId,
    /// Their email when they asked.
    pub requester_name: String,
    /// Policy applied.
    pub policy_id: ApprovalPolicyId,
    /// `sequential`, `parallel` or `quorum`.
    pub mode: String,
    /// Approvals needed.
    pub required: u32,
    /// `pending`, `approved`, `rejected`, `expired` or `cancelled`.
    pub status: String,
    /// The chain's steps, as the service encodes them.
    pub steps: Value,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// Decision (or expiry, or cancellation) time.
    pub decided_at: Option<DateTime<Utc>>,
    /// The run waiting on it.
    pub workflow_run_id: Option<RunId>,
    /// Bumped by every change; updates name the version they read.
    pub version: i64,
}

/// One history entry of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalHistoryRecord {
    /// Entry id (time-ordered).
    pub id: Uuid,
    /// Request.
    pub request_id: ApprovalId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (none: the daemon).
    pub actor_id: Option<UserId>,
    /// Their email, or `system`.
    pub actor_name: String,
    /// What happened.
    pub what: String,
    /// Reason given.
    pub reason: Option<String>,
}

/// Filter of [`ApprovalRead::approval_requests`].
#[derive(Debug, Clone, Default)]
pub struct ApprovalFilter {
    /// Tenant.
    pub tenant: Option<TenantId>,
    /// Only this status.
    pub status: Option<String>,
    /// Requests older than this one.
    pub before: Option<ApprovalId>,
    /// Page size.
    pub limit: u32,
}

/// Reads.
#[async_trait]
pub trait ApprovalRead: Send {
    /// A tenant's live policies, by name.
    async fn approval_policies(&mut self, tenant: TenantId) -> StoreResult<Vec<ApprovalPolicyRecord>>;
    /// A policy, deleted or not, if its tenant is in scope.
    async fn approval_policy(&mut self, id: ApprovalPolicyId) -> StoreResult<Option<ApprovalPolicyRecord>>;
    /// Requests, newest first.
    async fn approval_requests(&mut self, filter: &ApprovalFilter) -> StoreResult<Vec<ApprovalRequestRecord>>;
    /// A request, if its tenant is in scope.
    async fn approval_request(&mut self, id: ApprovalId) -> StoreResult<Option<ApprovalRequestRecord>>;
    /// A request's history, oldest first.
    async fn approval_history(&mut self, id: ApprovalId) -> StoreResult<Vec<ApprovalHistoryRecord>>;
}

/// Changes.
#[async_trait]
pub trait ApprovalWrite: ApprovalRead {
    /// Inserts or replaces a policy (by id). Conflict: the name or operation is taken.
    async fn put_approval_policy(&mut self, p: &ApprovalPolicyRecord) -> StoreResult<()>;
    /// Inserts a request.
    async fn insert_approval_request(&mut self, r: &ApprovalRequestRecord) -> StoreResult<()>;
    /// Replaces a request if its stored version is still `expected`; false if it changed since.
    /// The record's own `version` is written (the caller bumps it).
    async fn update_approval_request(&mut self, r: &ApprovalRequestRecord, expected: i64) -> StoreResult<bool>;
    /// Appends a history entry.
    async fn insert_approval_history(&mut self, h: &ApprovalHistoryRecord) -> StoreResult<()>;
}
