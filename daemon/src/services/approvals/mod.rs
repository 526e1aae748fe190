//! Approval chains as the API exposes them: requests (list, show, create, approve, reject,
//! delegate, cancel) and the tenants' policies. Requests live in the session's tenant. Reads
//! check `approval:request:read` / `approval:policy:read`; every change is an operation
//! (permission, audit record with the reason, `approval.*` events, the decision and the signal
//! to the request's workflow run, all in one transaction). The chain's rules are in [`chain`];
//! its timers (escalation, expiry) are the `approval.chain` workflow's ([`workflow`]). This
//! module never runs workflow code.

pub mod chain;
pub mod workflow;

use chrono::{SubsecRound, Utc};
use nimbus_core::api::approvals::{
    ApprovalHistoryEntry, ApprovalPolicy, ApprovalPolicyInput, ApprovalPolicyList, ApprovalRequest,
    ApprovalRequestList, ApprovalStep, Approver, ApproverInput, CreateApprovalRequest, DecideApproval,
    DelegateApproval, PolicyStep, Requester,
};
use nimbus_core::audit::{Category, Priority};
use nimbus_core::ids::{ApprovalId, ApprovalPolicyId, RunId, SignalId, TenantId, UserId};
use serde_json::json;

use self::chain::{Chain, Mode, PENDING, StepState, Who};
use super::Services;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::store::approval::{ApprovalFilter, ApprovalHistoryRecord, ApprovalPolicyRecord, ApprovalRequestRecord};
use crate::store::workflow::{SignalRecord, ms};
use crate::store::{ReadTx, TenantScope, WriteTx};

/// The workflow that waits on each request.
pub const WORKFLOW: &str = "approval.chain";
/// The signal decisions send it.
pub const SIGNAL: &str = "decision";
/// A step's timeout unless its policy says otherwise (REFERENCE: 1440 minutes).
pub const DEFAULT_STEP_TIMEOUT_SECS: u64 = 86_400;
/// A request's expiry unless its policy says otherwise.
pub const DEFAULT_EXPIRY_SECS: u64 = 7 * 86_400;
/// Longest chain.
const MAX_STEPS: usize = 20;
/// Longest page.
pub const MAX_PAGE: u32 = 500;

/// Filters of `GET /approvals`.
#[derive(Debug, Clone, Default)]
pub struct ApprovalQuery {
    /// Only this status.
    pub status: Option<String>,
    /// Only requests waiting for the caller.
    pub assigned_to_me: bool,
    /// Page size.
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(anyhow::anyhow!("stored {what} does not decode: {e}"))
}

pub(crate) fn chain_of(r: &ApprovalRequestRecord) -> ServiceResult<Chain> {
    let steps: Vec<StepState> = serde_json::from_value(r.steps.clone()).map_err(|e| corrupt("approval steps", e))?;
    let mode = Mode::parse(&r.mode).ok_or_else(|| corrupt("approval mode", &r.mode))?;
    Ok(Chain { mode, required: r.required, steps })
}

fn request_dto(
    r: &ApprovalRequestRecord,
    history: &[ApprovalHistoryRecord],
    assignee: Option<String>,
) -> ServiceResult<ApprovalRequest> {
    let c = chain_of(r)?;
    Ok(ApprovalRequest {
        id: r.id,
        tenant_id: r.tenant_id,
        operation: r.operation.clone(),
        title: r.title.clone(),
        resource_type: r.resource_type.clone(),
        resource_id: r.resource_id.clone(),
        payload: r.payload.clone(),
        requester: Requester { id: r.requester_id.to_string(), name: r.requester_name.clone() },
        policy_id: r.policy_id,
        mode: r.mode.clone(),
        required: r.required,
        approvals: c.approvals(),
        status: r.status.clone(),
        created_at: r.created_at,
        expires_at: r.expires_at,
        decided_at: r.decided_at,
        assignee,
        steps: c
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| ApprovalStep {
                index: u32::try_from(i).unwrap_or(u32::MAX),
                approvers: s.approvers.clone(),
                status: s.status.clone(),
                timeout_at: s.timeout_at,
                escalated: s.escalated,
            })
            .collect(),
        history: history
            .iter()
            .map(|h| ApprovalHistoryEntry {
                at: h.at,
                actor: h.actor_name.clone(),
                what: h.what.clone(),
                reason: h.reason.clone(),
            })
            .collect(),
        workflow_run_id: r.workflow_run_id,
    })
}

fn policy_dto(p: &ApprovalPolicyRecord) -> ServiceResult<ApprovalPolicy> {
    Ok(ApprovalPolicy {
        id: p.id,
        tenant_id: p.tenant_id,
        name: p.name.clone(),
        operation: p.operation.clone(),
        mode: p.mode.clone(),
        quorum_required: p.quorum_required,
        steps: serde_json::from_value(p.steps.clone()).map_err(|e| corrupt("approval policy steps", e))?,
        expiry_secs: u64::try_from(p.expiry_secs).unwrap_or(0),
        created_at: p.created_at,
        updated_at: p.updated_at,
    })
}

fn not_found(id: ApprovalId) -> ServiceError {
    ServiceError::NotFound { what: format!("approval request {id}") }
}

/// The request as the API shows it, read inside `tx`.
async fn view(
    tx: &mut (impl ReadTx + ?Sized),
    r: &ApprovalRequestRecord,
    assignee: Option<String>,
) -> ServiceResult<ApprovalRequest> {
    let history = tx.approvals().approval_history(r.id).await?;
    request_dto(r, &history, assignee)
}

async fn request_in(
    tx: &mut (impl ReadTx + ?Sized),
    tenant: TenantId,
    id: ApprovalId,
) -> ServiceResult<ApprovalRequestRecord> {
    tx.approvals().approval_request(id).await?.filter(|r| r.tenant_id == tenant).ok_or_else(|| not_found(id))
}

/// Writes the changed chain with compare-and-set on the version read.
async fn save(
    tx: &mut dyn WriteTx,
    r: &mut ApprovalRequestRecord,
    c: &Chain,
    status: &str,
    now: chrono::DateTime<Utc>,
) -> ServiceResult<()> {
    let expected = r.version;
    r.steps = serde_json::to_value(&c.steps).map_err(|e| ServiceError::Internal(e.into()))?;
    r.status = status.to_owned();
    r.updated_at = now;
    if status != PENDING {
        r.decided_at = Some(now);
    }
    r.version += 1;
    if !tx.approvals_mut().update_approval_request(r, expected).await? {
        return Err(ServiceError::Conflict {
            message: format!("approval request {} changed while this change was made; try again", r.id),
        });
    }
    Ok(())
}

async fn history(
    tx: &mut dyn WriteTx,
    r: &ApprovalRequestRecord,
    actor: Option<(UserId, String)>,
    what: String,
    reason: Option<String>,
    now: chrono::DateTime<Utc>,
) -> ServiceResult<()> {
    let (actor_id, actor_name) = match actor {
        Some((id, name)) => (Some(id), name),
        None => (None, "system".to_owned()),
    };
    tx.approvals_mut()
        .insert_approval_history(&ApprovalHistoryRecord {
            id: uuid::Uuid::now_v7(),
            request_id: r.id,
            tenant_id: r.tenant_id,
            at: now,
            actor_id,
            actor_name,
            what,
            reason,
        })
        .await?;
    Ok(())
}

/// Tells the request's run that something changed (it re-reads the request).
async fn signal(
    tx: &mut dyn WriteTx,
    r: &ApprovalRequestRecord,
    what: &str,
    now: chrono::DateTime<Utc>,
) -> ServiceResult<()> {
    let Some(run) = r.workflow_run_id else { return Ok(()) };
    tx.workflows_mut()
        .wf_insert_signal(&SignalRecord {
            id: SignalId::generate(),
            run_id: run,
            tenant_id: r.tenant_id,
            name: SIGNAL.to_owned(),
            payload: json!({ "what": what, "status": r.status }),
            created_at: now,
            consumed_seq: None,
        })
        .await?;
    tx.workflows_mut().wf_wake(run, ms(now)).await?;
    Ok(())
}

fn audit(tenant: TenantId, event: &str, r: &ApprovalRequestRecord) -> AuditDraft {
    AuditDraft::new(tenant, event, Category::Data).resource("approval_request", r.id, Some(r.title.clone()))
}

fn reason_of(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

fn require_reason(s: &str, what: &str) -> ServiceResult<String> {
    let r = reason_of(s)
        .ok_or_else(|| ServiceError::Invalid { message: format!("reason is required to {what}; send a reason") })?;
    if r.len() > 2000 {
        return Err(ServiceError::Invalid { message: "reason must be at most 2000 characters".into() });
    }
    Ok(r)
}

fn one_tenant(tenant: TenantId) -> TenantScope {
    TenantScope::Tenants(vec![tenant].into())
}

/// Requests.
impl Services {
    /// The caller as approvers match them: their user, groups and roles at `tenant`.
    async fn approver_identity(&self, principal: &Principal, tenant: TenantId) -> ServiceResult<Who> {
        let snap = self.authz.snapshot().await?;
        let user = principal.user_id();
        Ok(Who {
            user: Some(user),
            name: principal.me().email,
            groups: snap.group_ids_of(user),
            roles: snap.role_ids_of(user, tenant, Utc::now()),
        })
    }

    /// Requests of the session's tenant, newest first; with `assigned_to_me`, only those
    /// waiting for the caller (each with how it reaches them).
    pub async fn list_approvals(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        q: ApprovalQuery,
    ) -> ServiceResult<ApprovalRequestList> {
        let tenant = self.tenant_info(principal, rc, context).await?.record.id;
        self.check(principal, rc, "approval:request:read", Target { tenant, compartment: None }).await?;
        let status = match q.status.as_deref() {
            None | Some("" | "all") => None,
            Some(s @ ("pending" | "approved" | "rejected" | "expired" | "cancelled")) => Some(s.to_owned()),
            Some(s) => {
                return Err(ServiceError::Invalid {
                    message: format!(
                        "status {s:?} is not a request status; use pending, approved, rejected, expired or cancelled"
                    ),
                });
            }
        };
        let before = q
            .cursor
            .as_deref()
            .filter(|c| !c.is_empty())
            .map(|c| {
                c.parse::<ApprovalId>().map_err(|_| ServiceError::Invalid {
                    message: "cursor is not one this API returned; pass the previous page's next_cursor".into(),
                })
            })
            .transpose()?;
        let limit = q.limit.unwrap_or(100).clamp(1, MAX_PAGE);
        let mut read = self.store.read(one_tenant(tenant)).await?;
        let (status, scan) =
            if q.assigned_to_me { (Some(PENDING.to_owned()), MAX_PAGE * 4) } else { (status, limit + 1) };
        let filter = ApprovalFilter { tenant: Some(tenant), status, before, limit: scan };
        let rows = read.approvals().approval_requests(&filter).await?;
        let mut out = Vec::new();
        let mut next = None;
        if q.assigned_to_me {
            let who = self.approver_identity(principal, tenant).await?;
            for r in &rows {
                if r.requester_id == principal.user_id() {
                    continue;
                }
                let c = chain_of(r)?;
                if c.decided_by(principal.user_id()) {
                    continue;
                }
                if let Some((_, via)) = c.step_for(&who) {
                    if out.len() == limit as usize {
                        next = out.last().map(|a: &ApprovalRequest| a.id.to_string());
                        break;
                    }
                    out.push(view(read.as_mut(), r, Some(via)).await?);
                }
            }
        } else {
            for r in rows.iter().take(limit as usize) {
                out.push(view(read.as_mut(), r, None).await?);
            }
            if rows.len() > limit as usize {
                next = out.last().map(|a| a.id.to_string());
            }
        }
        Ok(ApprovalRequestList { requests: out, next_cursor: next })
    }

    /// One request.
    pub async fn get_approval(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        id: ApprovalId,
    ) -> ServiceResult<ApprovalRequest> {
        let tenant = self.tenant_info(principal, rc, context).await?.record.id;
        self.check(principal, rc, "approval:request:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(one_tenant(tenant)).await?;
        let r = request_in(read.as_mut(), tenant, id).await?;
        view(read.as_mut(), &r, None).await
    }

    /// Asks for approval: the policy for the operation (or the one named) is copied into the
    /// request and its `approval.chain` run starts in the same transaction.
    pub async fn create_approval(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        body: CreateApprovalRequest,
    ) -> ServiceResult<ApprovalRequest> {
        let def = self.engine.registry().latest(WORKFLOW).ok_or_else(|| ServiceError::Conflict {
            message: format!("workflow `{WORKFLOW}` is not registered in this build"),
        })?;
        let op = CreateRequest {
            tenant: self.tenant_info(principal, rc, context).await?.record.id,
            body,
            requester: principal.user_id(),
            requester_name: principal.me().email,
            version: def.version,
            queue: def.queue.clone(),
        };
        let out = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        self.engine.poke();
        Ok(out)
    }

    /// Approves (`true`) or rejects the caller's open step.
    pub async fn decide_approval(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        id: ApprovalId,
        approve: bool,
        body: DecideApproval,
    ) -> ServiceResult<ApprovalRequest> {
        let kind = if approve { Kind::Approve } else { Kind::Reject };
        self.decide_as(principal, rc, context, id, kind, body.reason).await
    }

    /// Hands the caller's part of their open step to another user of the tenant.
    pub async fn delegate_approval(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        id: ApprovalId,
        body: DelegateApproval,
    ) -> ServiceResult<ApprovalRequest> {
        self.decide_as(principal, rc, context, id, Kind::Delegate(body.to), body.reason).await
    }

    /// Runs the caller's decision (approve, reject or delegate) through the pipeline and wakes
    /// the engine for the request's run.
    async fn decide_as(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        id: ApprovalId,
        kind: Kind,
        reason: String,
    ) -> ServiceResult<ApprovalRequest> {
        let tenant = self.tenant_info(principal, rc, context).await?.record.id;
        let who = self.approver_identity(principal, tenant).await?;
        let op = Decide { tenant, id, who, kind, reason };
        let out = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        self.engine.poke();
        Ok(out)
    }

    /// Cancels a pending request: the requester may cancel their own (`approval:request:create`);
    /// anyone else needs `approval:request:cancel`.
    pub async fn cancel_approval(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        id: ApprovalId,
        body: DecideApproval,
    ) -> ServiceResult<ApprovalRequest> {
        let tenant = self.tenant_info(principal, rc, context).await?.record.id;
        let caller = Caller::User(principal.clone());
        let own = {
            let mut read = self.store.read(one_tenant(tenant)).await?;
            read.approvals().approval_request(id).await?.is_some_and(|r| r.requester_id == principal.user_id())
        };
        let out = if own {
            self.pipeline.run(&caller, rc, Cancel::<true> { tenant, id, reason: body.reason }).await?
        } else {
            self.pipeline.run(&caller, rc, Cancel::<false> { tenant, id, reason: body.reason }).await?
        };
        self.engine.poke();
        Ok(out)
    }
}

/// Policies.
impl Services {
    /// The session tenant's policies, by name.
    pub async fn list_approval_policies(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
    ) -> ServiceResult<ApprovalPolicyList> {
        let tenant = self.tenant_info(principal, rc, context).await?.record.id;
        self.check(principal, rc, "approval:policy:read", Target { tenant, compartment: None }).await?;
        let rows = self.store.read(one_tenant(tenant)).await?.approvals().approval_policies(tenant).await?;
        Ok(ApprovalPolicyList { policies: rows.iter().map(policy_dto).collect::<ServiceResult<_>>()? })
    }

    /// One policy, by id or name.
    pub async fn get_approval_policy(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        key: &str,
    ) -> ServiceResult<ApprovalPolicy> {
        let tenant = self.tenant_info(principal, rc, context).await?.record.id;
        self.check(principal, rc, "approval:policy:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(one_tenant(tenant)).await?;
        policy_dto(&policy_in(read.as_mut(), tenant, key).await?)
    }

    /// Creates a policy.
    pub async fn create_approval_policy(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        input: ApprovalPolicyInput,
    ) -> ServiceResult<ApprovalPolicy> {
        let op =
            PutPolicy::<false> { tenant: self.tenant_info(principal, rc, context).await?.record.id, key: None, input };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await
    }

    /// Replaces a policy (requests already made keep the chain they copied).
    pub async fn update_approval_policy(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        key: &str,
        input: ApprovalPolicyInput,
    ) -> ServiceResult<ApprovalPolicy> {
        let op = PutPolicy::<true> {
            tenant: self.tenant_info(principal, rc, context).await?.record.id,
            key: Some(key.to_owned()),
            input,
        };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await
    }

    /// Deletes a policy (soft; requests made under it are unaffected).
    pub async fn delete_approval_policy(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        key: &str,
    ) -> ServiceResult<()> {
        let op =
            DeletePolicy { tenant: self.tenant_info(principal, rc, context).await?.record.id, key: key.to_owned() };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await
    }
}

async fn policy_in(
    tx: &mut (impl ReadTx + ?Sized),
    tenant: TenantId,
    key: &str,
) -> ServiceResult<ApprovalPolicyRecord> {
    let found = match key.parse::<ApprovalPolicyId>() {
        Ok(id) => tx.approvals().approval_policy(id).await?.filter(|p| p.tenant_id == tenant && p.deleted_at.is_none()),
        Err(_) => tx
            .approvals()
            .approval_policies(tenant)
            .await?
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(key.trim())),
    };
    found.ok_or_else(|| ServiceError::NotFound { what: format!("approval policy {key:?}") })
}

struct CreateRequest {
    tenant: TenantId,
    body: CreateApprovalRequest,
    requester: UserId,
    requester_name: String,
    version: u32,
    queue: String,
}

fn check_text(field: &str, v: &str, max: usize) -> ServiceResult<String> {
    let t = v.trim();
    if t.is_empty() || t.len() > max {
        return Err(ServiceError::Invalid { message: format!("{field} must be 1 to {max} characters") });
    }
    Ok(t.to_owned())
}

impl Operation for CreateRequest {
    type Output = ApprovalRequest;
    const ACTION: &'static str = "approval:request:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "approval.request.create_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ApprovalRequest>> {
        let operation = check_text("operation", &self.body.operation, 100)?;
        let title = check_text("title", &self.body.title, 200)?;
        let policy = match self.body.policy.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(key) => policy_in(tx, self.tenant, key).await?,
            None => tx
                .approvals()
                .approval_policies(self.tenant)
                .await?
                .into_iter()
                .find(|p| p.operation == operation)
                .ok_or_else(|| ServiceError::Invalid {
                    message: format!(
                        "no approval policy covers operation `{operation}` in this tenant; create one \
                         (`nimbus approval policy create`) or name one with `policy`"
                    ),
                })?,
        };
        let now = ctx.now.trunc_subsecs(6);
        let mode = Mode::parse(&policy.mode).ok_or_else(|| corrupt("approval policy mode", &policy.mode))?;
        let steps: Vec<PolicyStep> =
            serde_json::from_value(policy.steps.clone()).map_err(|e| corrupt("approval policy steps", e))?;
        let mut chain = Chain {
            mode,
            required: Chain::required_for(mode, steps.len(), policy.quorum_required),
            steps: steps.into_iter().map(|s| StepState::new(s.approvers, s.escalation, s.timeout_secs)).collect(),
        };
        chain.open_steps(now);
        let id = ApprovalId::generate();
        let run_id = RunId::generate();
        let record = ApprovalRequestRecord {
            id,
            tenant_id: self.tenant,
            operation,
            title,
            resource_type: self.body.resource_type.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
            resource_id: self.body.resource_id.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
            payload: self.body.payload,
            requester_id: self.requester,
            requester_name: self.requester_name.clone(),
            policy_id: policy.id,
            mode: mode.as_str().to_owned(),
            required: chain.required,
            status: PENDING.to_owned(),
            steps: serde_json::to_value(&chain.steps).map_err(|e| ServiceError::Internal(e.into()))?,
            created_at: now,
            updated_at: now,
            expires_at: Some(now + chrono::Duration::seconds(policy.expiry_secs)),
            decided_at: None,
            workflow_run_id: Some(run_id),
            version: 1,
        };
        tx.approvals_mut().insert_approval_request(&record).await?;
        history(tx, &record, Some((self.requester, self.requester_name)), "requested".into(), None, now).await?;
        let run = crate::engine::new_run(
            run_id,
            self.tenant,
            WORKFLOW,
            self.version,
            &self.queue,
            json!({ "request_id": id }),
            crate::engine::StartOptions {
                idempotency_key: Some(format!("approval:{id}")),
                tags: [("approval".to_owned(), id.to_string()), ("operation".to_owned(), record.operation.clone())]
                    .into(),
                ..Default::default()
            },
        );
        tx.workflows_mut().wf_insert_run(&run).await?;
        let dto = view(tx, &record, None).await?;
        let payload = serde_json::to_value(&dto).map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(Applied::new(dto)
            .audit(audit(self.tenant, "approval.request.created", &record).new_value(json!({
                "operation": record.operation, "policy": policy.name, "mode": record.mode,
                "required": record.required, "workflow_run_id": run_id,
            })))
            .event(EventDraft::new(self.tenant, "approval.request.created", payload)))
    }
}

enum Kind {
    Approve,
    Reject,
    Delegate(String),
}

struct Decide {
    tenant: TenantId,
    id: ApprovalId,
    who: Who,
    kind: Kind,
    reason: String,
}

/// Finds a user of `tenant` (home or member) by id or email.
async fn tenant_user(tx: &mut dyn WriteTx, tenant: TenantId, key: &str) -> ServiceResult<(UserId, String)> {
    let key = key.trim();
    let user = match key.parse::<UserId>() {
        Ok(id) => tx.user(id).await?,
        Err(_) => tx.user_by_email(&key.to_lowercase()).await?,
    };
    let missing = || ServiceError::Invalid {
        message: format!("no user {key:?} in this tenant; give the email or id of a user of the tenant"),
    };
    let u = user.ok_or_else(missing)?;
    if u.tenant_id != tenant && !tx.is_member(u.id, tenant).await? {
        return Err(missing());
    }
    Ok((u.id, u.email))
}

impl Operation for Decide {
    type Output = ApprovalRequest;
    const ACTION: &'static str = "approval:request:decide";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "approval.request.decide_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ApprovalRequest>> {
        let me = ctx.principal()?.user_id();
        let now = ctx.now.trunc_subsecs(6);
        let mut r = request_in(tx, self.tenant, self.id).await?;
        let verb = match self.kind {
            Kind::Approve => "approve",
            Kind::Reject => "reject",
            Kind::Delegate(_) => "delegate",
        };
        if r.status != PENDING {
            return Err(ServiceError::Conflict {
                message: format!("approval request {} is {}; only pending requests can be decided", r.id, r.status),
            });
        }
        if r.requester_id == me {
            return Err(ServiceError::Denied {
                message: format!(
                    "you made approval request {}; someone else must {verb} it (self-approval is not allowed, \
                     also not through a group or role)",
                    r.id
                ),
                conceal: false,
            });
        }
        let mut c = chain_of(&r)?;
        if c.decided_by(me) {
            return Err(ServiceError::Conflict {
                message: format!("you already decided on approval request {}; each approver decides once", r.id),
            });
        }
        let Some((step, via)) = c.step_for(&self.who) else {
            let open: Vec<String> = c
                .open()
                .into_iter()
                .flat_map(|i| c.steps[i].approvers.iter().map(|a| format!("{}:{}", a.kind, a.name)))
                .collect();
            return Err(ServiceError::Denied {
                message: format!(
                    "you are not an approver of an open step of approval request {}; it waits for {}",
                    r.id,
                    open.join(", ")
                ),
                conceal: false,
            });
        };
        let before = r.status.clone();
        let (what, event, status, reason) = match &self.kind {
            Kind::Approve => {
                let status = c.approve(step, me, now);
                ("approved".to_owned(), "approval.request.approved", status, reason_of(&self.reason))
            }
            Kind::Reject => {
                let reason = require_reason(&self.reason, "reject")?;
                let status = c.reject(step, me);
                ("rejected".to_owned(), "approval.request.rejected", status, Some(reason))
            }
            Kind::Delegate(to) => {
                let (to_id, to_email) = tenant_user(tx, self.tenant, to).await?;
                if to_id == r.requester_id {
                    return Err(ServiceError::Invalid {
                        message: "the requester cannot approve their own request; delegate to someone else".into(),
                    });
                }
                if to_id == me {
                    return Err(ServiceError::Invalid { message: "delegate to someone other than yourself".into() });
                }
                c.delegate(step, me, Approver { kind: "user".into(), id: to_id.to_string(), name: to_email.clone() });
                (format!("delegated to {to_email}"), "approval.request.delegated", PENDING, reason_of(&self.reason))
            }
        };
        save(tx, &mut r, &c, status, now).await?;
        let actor = ctx.principal()?.me().email;
        history(tx, &r, Some((me, actor)), what.clone(), reason.clone(), now).await?;
        signal(tx, &r, &what, now).await?;
        let dto = view(tx, &r, None).await?;
        let payload = serde_json::to_value(&dto).map_err(|e| ServiceError::Internal(e.into()))?;
        let mut applied = Applied::new(dto)
            .audit(audit(self.tenant, event, &r).old_value(json!({ "status": before })).new_value(json!({
                "step": step, "via": via, "what": what, "reason": reason, "status": r.status,
                "approvals": c.approvals(), "required": r.required,
            })))
            .event(EventDraft::new(self.tenant, event, payload.clone()));
        if r.status != PENDING {
            applied = applied
                .audit(
                    audit(self.tenant, "approval.request.decided", &r)
                        .new_value(json!({ "status": r.status, "reason": reason })),
                )
                .event(EventDraft::new(self.tenant, "approval.request.decided", payload));
        }
        Ok(applied)
    }
}

/// `OWN`: the requester cancels their own request.
struct Cancel<const OWN: bool> {
    tenant: TenantId,
    id: ApprovalId,
    reason: String,
}

impl<const OWN: bool> Operation for Cancel<OWN> {
    type Output = ApprovalRequest;
    const ACTION: &'static str = if OWN { "approval:request:create" } else { "approval:request:cancel" };
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "approval.request.cancel_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ApprovalRequest>> {
        let me = ctx.principal()?.user_id();
        let now = ctx.now.trunc_subsecs(6);
        let reason = require_reason(&self.reason, "cancel")?;
        let mut r = request_in(tx, self.tenant, self.id).await?;
        if OWN && r.requester_id != me {
            return Err(ServiceError::Conflict { message: "the request changed hands; try again".into() });
        }
        if r.status != PENDING {
            return Err(ServiceError::Conflict {
                message: format!("approval request {} is {}; only pending requests can be cancelled", r.id, r.status),
            });
        }
        let mut c = chain_of(&r)?;
        c.close();
        save(tx, &mut r, &c, chain::CANCELLED, now).await?;
        history(tx, &r, Some((me, ctx.principal()?.me().email)), "cancelled".into(), Some(reason.clone()), now).await?;
        signal(tx, &r, "cancelled", now).await?;
        let dto = view(tx, &r, None).await?;
        let payload = serde_json::to_value(&dto).map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(Applied::new(dto)
            .audit(
                audit(self.tenant, "approval.request.cancelled", &r)
                    .priority(Priority::Warn)
                    .old_value(json!({ "status": PENDING }))
                    .new_value(json!({ "status": r.status, "reason": reason })),
            )
            .event(EventDraft::new(self.tenant, "approval.request.cancelled", payload)))
    }
}

/// Resolves what a policy names into approvers with ids and names, in `tenant`.
async fn resolve_approvers(
    tx: &mut dyn WriteTx,
    tenant: TenantId,
    list: &[ApproverInput],
    field: &str,
) -> ServiceResult<Vec<Approver>> {
    let mut out: Vec<Approver> = Vec::new();
    for a in list {
        let key = a.id.trim();
        let resolved = match a.kind.as_str() {
            "user" => {
                let (id, email) = tenant_user(tx, tenant, key).await.map_err(|_| ServiceError::Invalid {
                    message: format!("{field}: no user {key:?} in this tenant; give a user's email or id"),
                })?;
                Approver { kind: "user".into(), id: id.to_string(), name: email }
            }
            "group" => {
                let g = tx
                    .groups(tenant)
                    .await?
                    .into_iter()
                    .find(|g| g.id.to_string() == key || g.name.eq_ignore_ascii_case(key))
                    .ok_or_else(|| ServiceError::Invalid {
                        message: format!("{field}: no group {key:?} in this tenant; give a group's name or id"),
                    })?;
                Approver { kind: "group".into(), id: g.id.to_string(), name: g.name }
            }
            "role" => {
                let r = tx
                    .roles(tenant)
                    .await?
                    .into_iter()
                    .find(|r| r.id.to_string() == key || r.name.eq_ignore_ascii_case(key))
                    .ok_or_else(|| ServiceError::Invalid {
                        message: format!("{field}: no role {key:?} in this tenant; give a role's name or id"),
                    })?;
                Approver { kind: "role".into(), id: r.id.to_string(), name: r.name }
            }
            other => {
                return Err(ServiceError::Invalid {
                    message: format!("{field}: approver kind {other:?} is not user, group or role"),
                });
            }
        };
        if !out.iter().any(|x| x.kind == resolved.kind && x.id == resolved.id) {
            out.push(resolved);
        }
    }
    Ok(out)
}

/// `UPDATE`: replaces the policy named by `key`.
struct PutPolicy<const UPDATE: bool> {
    tenant: TenantId,
    key: Option<String>,
    input: ApprovalPolicyInput,
}

impl<const UPDATE: bool> Operation for PutPolicy<UPDATE> {
    type Output = ApprovalPolicy;
    const ACTION: &'static str = if UPDATE { "approval:policy:update" } else { "approval:policy:create" };
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "approval.policy.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ApprovalPolicy>> {
        let now = ctx.now.trunc_subsecs(6);
        let i = self.input;
        let name = check_text("name", &i.name, 100)?;
        let operation = check_text("operation", &i.operation, 100)?;
        let mode = Mode::parse(i.mode.trim()).ok_or_else(|| ServiceError::Invalid {
            message: format!("mode {:?} is not sequential, parallel or quorum", i.mode),
        })?;
        if i.steps.is_empty() || i.steps.len() > MAX_STEPS {
            return Err(ServiceError::Invalid { message: format!("steps must have 1 to {MAX_STEPS} entries") });
        }
        match (mode, i.quorum_required) {
            (Mode::Quorum, Some(n)) if n >= 1 && (n as usize) <= i.steps.len() => {}
            (Mode::Quorum, _) => {
                return Err(ServiceError::Invalid {
                    message: format!("quorum mode needs quorum_required between 1 and {} (the steps)", i.steps.len()),
                });
            }
            (_, Some(_)) => {
                return Err(ServiceError::Invalid {
                    message: "quorum_required applies to quorum mode only; remove it or use mode quorum".into(),
                });
            }
            _ => {}
        }
        let expiry = i.expiry_secs.unwrap_or(DEFAULT_EXPIRY_SECS);
        if expiry == 0 || expiry > 365 * 86_400 {
            return Err(ServiceError::Invalid { message: "expiry_secs must be 1 to 31536000".into() });
        }
        let mut steps = Vec::new();
        for (n, s) in i.steps.iter().enumerate() {
            if s.approvers.is_empty() {
                return Err(ServiceError::Invalid { message: format!("steps[{n}] needs at least one approver") });
            }
            let timeout = s.timeout_secs.unwrap_or(DEFAULT_STEP_TIMEOUT_SECS);
            if timeout == 0 {
                return Err(ServiceError::Invalid { message: format!("steps[{n}].timeout_secs must be at least 1") });
            }
            steps.push(PolicyStep {
                approvers: resolve_approvers(tx, self.tenant, &s.approvers, &format!("steps[{n}].approvers")).await?,
                timeout_secs: timeout,
                escalation: resolve_approvers(tx, self.tenant, &s.escalation, &format!("steps[{n}].escalation"))
                    .await?,
            });
        }
        let old = match &self.key {
            Some(k) => Some(policy_in(tx, self.tenant, k).await?),
            None => None,
        };
        let record = ApprovalPolicyRecord {
            id: old.as_ref().map_or_else(ApprovalPolicyId::generate, |o| o.id),
            tenant_id: self.tenant,
            name,
            operation,
            mode: mode.as_str().to_owned(),
            quorum_required: i.quorum_required,
            steps: serde_json::to_value(&steps).map_err(|e| ServiceError::Internal(e.into()))?,
            expiry_secs: i64::try_from(expiry).unwrap_or(i64::MAX),
            created_at: old.as_ref().map_or(now, |o| o.created_at),
            updated_at: now,
            deleted_at: None,
        };
        tx.approvals_mut().put_approval_policy(&record).await.map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => ServiceError::Conflict {
                message: format!(
                    "a policy named {:?} or one for operation `{}` exists; change that one or pick another name",
                    record.name, record.operation
                ),
            },
            e => e.into(),
        })?;
        let dto = policy_dto(&record)?;
        let event = if UPDATE { "approval.policy.updated" } else { "approval.policy.created" };
        let value = serde_json::to_value(&dto).map_err(|e| ServiceError::Internal(e.into()))?;
        let mut draft = AuditDraft::new(self.tenant, event, Category::Data)
            .resource("approval_policy", record.id, Some(record.name.clone()))
            .new_value(value.clone());
        if let Some(o) = &old {
            draft =
                draft.old_value(serde_json::to_value(policy_dto(o)?).map_err(|e| ServiceError::Internal(e.into()))?);
        }
        Ok(Applied::new(dto).audit(draft).event(EventDraft::new(self.tenant, event, value)))
    }
}

struct DeletePolicy {
    tenant: TenantId,
    key: String,
}

impl Operation for DeletePolicy {
    type Output = ();
    const ACTION: &'static str = "approval:policy:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "approval.policy.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let mut p = policy_in(tx, self.tenant, &self.key).await?;
        p.deleted_at = Some(ctx.now.trunc_subsecs(6));
        p.updated_at = ctx.now.trunc_subsecs(6);
        tx.approvals_mut().put_approval_policy(&p).await?;
        Ok(Applied::new(())
            .audit(
                AuditDraft::new(self.tenant, "approval.policy.deleted", Category::Data)
                    .resource("approval_policy", p.id, Some(p.name.clone()))
                    .priority(Priority::Warn),
            )
            .event(EventDraft::new(
                self.tenant,
                "approval.policy.deleted",
                json!({ "id": p.id, "name": p.name, "operation": p.operation }),
            )))
    }
}

/// The daemon's side of a request's timers: expiry and escalation, applied by the workflow.
pub(crate) struct Tick {
    pub(crate) id: ApprovalId,
}

impl Operation for Tick {
    type Output = ApprovalRequestRecord;
    const ACTION: &'static str = "approval:request:escalate";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "approval.request.tick_failed";
    const CATEGORY: Category = Category::Data;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ApprovalRequestRecord>> {
        let now = ctx.now.trunc_subsecs(6);
        let mut r = tx.approvals().approval_request(self.id).await?.ok_or_else(|| not_found(self.id))?;
        let tenant = r.tenant_id;
        if r.status != PENDING {
            return Err(ServiceError::Conflict { message: format!("approval request {} is {}", r.id, r.status) });
        }
        let mut c = chain_of(&r)?;
        if r.expires_at.is_some_and(|t| t <= now) {
            c.close();
            save(tx, &mut r, &c, chain::EXPIRED, now).await?;
            history(tx, &r, None, "expired".into(), Some("nobody decided before the request expired".into()), now)
                .await?;
            let dto = view(tx, &r, None).await?;
            let payload = serde_json::to_value(&dto).map_err(|e| ServiceError::Internal(e.into()))?;
            return Ok(Applied::new(r.clone())
                .audit(
                    audit(tenant, "approval.request.expired", &r)
                        .priority(Priority::Warn)
                        .new_value(json!({ "status": r.status, "expires_at": r.expires_at })),
                )
                .event(EventDraft::new(tenant, "approval.request.expired", payload)));
        }
        let escalated = c.escalate_due(now);
        if escalated.is_empty() {
            return Err(ServiceError::Conflict { message: format!("approval request {} has nothing due", r.id) });
        }
        save(tx, &mut r, &c, PENDING, now).await?;
        let mut applied = Applied::new(r.clone());
        for i in &escalated {
            let s = &c.steps[*i];
            let to: Vec<String> = s.approvers.iter().map(|a| format!("{}:{}", a.kind, a.name)).collect();
            let reason = format!("step {i} timed out after {}s; reassigned to {}", s.timeout_secs, to.join(", "));
            history(tx, &r, None, "escalated".into(), Some(reason.clone()), now).await?;
            applied = applied.audit(
                audit(tenant, "approval.request.escalated", &r)
                    .priority(Priority::Warn)
                    .new_value(json!({ "step": i, "approvers": s.approvers, "reason": reason })),
            );
        }
        let dto = view(tx, &r, None).await?;
        let payload = serde_json::to_value(&dto).map_err(|e| ServiceError::Internal(e.into()))?;
        Ok(applied.event(EventDraft::new(tenant, "approval.request.escalated", payload)))
    }
}

/// When the request's run must look at it next: the earliest step timeout or its expiry.
pub(crate) fn deadline_of(r: &ApprovalRequestRecord) -> ServiceResult<Option<chrono::DateTime<Utc>>> {
    let c = chain_of(r)?;
    Ok([c.next_timeout(), r.expires_at].into_iter().flatten().min())
}
