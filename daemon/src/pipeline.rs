//! The operation pipeline: the one way data changes.
//!
//! A mutating service call is an [`Operation`]: it declares the permission it exercises
//! (`ACTION`), who may attempt it (`ACCESS`) and the audit event it produces (`EVENT`); its
//! `apply` makes the change inside a write transaction and describes its audit records and
//! outbox events. The pipeline checks access, opens the transaction (only it can mint the
//! [`WriteGrant`] the store demands), appends the audit records and events, and commits all of
//! it at once. A change that commits always has its audit record (an operation that produces
//! none is refused as a bug); one that rolls back has none; a refused or failed attempt is
//! audited in a separate transaction. Tenancy and RBAC (a later `Access::Permission`) plug in at
//! `check_access` without changing operations' shape.

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use nimbus_core::audit::{self, Actor, ActorKind, AuditEntry, Category, Outcome, Priority, RequestInfo, ResourceRef};
use nimbus_core::ids::{AuditId, EventId, TenantId, UserId};
use serde_json::Value;

use crate::audit::settings::{Effective, SettingsCache};
use crate::auth::Principal;
use crate::authz::{Authorized, Authorizer, RequestAttrs, Target};
use crate::error::{ServiceError, ServiceResult};
use crate::store::{OutboxEvent, Store, TenantScope, WriteGrant, WriteTx};

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Caller {
    /// The daemon itself (first-run init, recurring jobs).
    System,
    /// An unauthenticated client (login, token refresh).
    Anonymous,
    /// A signed-in user.
    User(Principal),
}

impl Caller {
    fn actor(&self) -> Actor {
        match self {
            Self::System => Actor::system(),
            Self::Anonymous => Actor { kind: ActorKind::Anonymous, id: None, display: "anonymous".to_owned() },
            Self::User(p) => p.actor(),
        }
    }

    fn tenant(&self) -> Option<TenantId> {
        match self {
            Self::User(p) => Some(p.tenant_id()),
            _ => None,
        }
    }
}

/// Where a call came from: recorded with every audit record it causes.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// Trace id (from `traceparent` or generated).
    pub trace_id: String,
    /// Client address.
    pub ip: Option<IpAddr>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// HTTP method.
    pub method: Option<String>,
    /// HTTP path.
    pub path: Option<String>,
}

impl RequestContext {
    /// A context for work started from the daemon's own command line.
    pub fn local(trace_id: String) -> Self {
        Self { trace_id, ..Self::default() }
    }

    fn info(&self) -> RequestInfo {
        RequestInfo {
            trace_id: self.trace_id.clone(),
            ip: self.ip.map(|ip| ip.to_string()),
            user_agent: self.user_agent.clone(),
            method: self.method.clone(),
            path: self.path.clone(),
        }
    }
}

/// Who may attempt an operation. Resource-level rules (ownership) are checked inside `apply`
/// with [`OpContext::require_owner`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone; the operation authenticates by itself (login, refresh).
    Anyone,
    /// A signed-in user.
    Authenticated,
    /// Only the daemon.
    System,
    /// A signed-in user holding the operation's `ACTION` permission on its
    /// [`target`](Operation::target), as the authorizer decides (RBAC, then the tenant's
    /// policy conditions). The transaction is scoped to the target tenant's lineage.
    Permission,
}

/// An audit record as an operation describes it; the pipeline adds actor, request, time and id.
#[derive(Debug, Clone)]
pub struct AuditDraft {
    tenant_id: TenantId,
    event_type: String,
    category: Category,
    priority: Priority,
    actor: Option<Actor>,
    resource: Option<ResourceRef>,
    old_value: Option<Value>,
    new_value: Option<Value>,
    outcome: Outcome,
    error_code: Option<String>,
}

impl AuditDraft {
    /// A successful event in `tenant`'s log.
    pub fn new(tenant_id: TenantId, event_type: impl Into<String>, category: Category) -> Self {
        Self {
            tenant_id,
            event_type: event_type.into(),
            category,
            priority: Priority::Info,
            actor: None,
            resource: None,
            old_value: None,
            new_value: None,
            outcome: Outcome::Success,
            error_code: None,
        }
    }

    /// Sets the priority.
    pub fn priority(mut self, p: Priority) -> Self {
        self.priority = p;
        self
    }

    /// Attributes the record to someone other than the caller (e.g. the user who just logged
    /// in, or the email a failed login tried).
    pub fn actor(mut self, actor: Actor) -> Self {
        self.actor = Some(actor);
        self
    }

    /// The resource touched.
    pub fn resource(mut self, kind: &str, id: impl ToString, name: Option<String>) -> Self {
        self.resource = Some(ResourceRef { kind: kind.to_owned(), id: id.to_string(), name });
        self
    }

    /// State before the change.
    pub fn old_value(mut self, v: Value) -> Self {
        self.old_value = Some(v);
        self
    }

    /// State after the change.
    pub fn new_value(mut self, v: Value) -> Self {
        self.new_value = Some(v);
        self
    }

    /// Marks the record as a failed or denied attempt that still commits (e.g. a failed login,
    /// whose only change is its audit record).
    pub fn outcome(mut self, outcome: Outcome, error_code: &str) -> Self {
        self.outcome = outcome;
        self.error_code = Some(error_code.to_owned());
        self
    }
}

/// An event to publish once the transaction commits.
#[derive(Debug, Clone)]
pub struct EventDraft {
    tenant_id: TenantId,
    topic: String,
    payload: Value,
}

impl EventDraft {
    /// An event on `topic` in `tenant`.
    pub fn new(tenant_id: TenantId, topic: impl Into<String>, payload: Value) -> Self {
        Self { tenant_id, topic: topic.into(), payload }
    }
}

/// What `apply` returns: its output plus the records to commit with it.
#[derive(Debug)]
pub struct Applied<T> {
    output: T,
    audit: Vec<AuditDraft>,
    events: Vec<EventDraft>,
}

impl<T> Applied<T> {
    /// Output with nothing recorded yet.
    pub fn new(output: T) -> Self {
        Self { output, audit: Vec::new(), events: Vec::new() }
    }

    /// Adds an audit record.
    pub fn audit(mut self, draft: AuditDraft) -> Self {
        self.audit.push(draft);
        self
    }

    /// Adds an outbox event.
    pub fn event(mut self, event: EventDraft) -> Self {
        self.events.push(event);
        self
    }
}

/// What an operation sees besides the transaction.
#[derive(Debug)]
pub struct OpContext<'a> {
    /// The caller.
    pub caller: &'a Caller,
    /// Request details.
    pub request: &'a RequestContext,
    /// One timestamp for the whole operation.
    pub now: DateTime<Utc>,
    /// The permission check passed, for `Access::Permission` operations.
    pub authorized: Option<&'a Authorized>,
}

impl OpContext<'_> {
    /// The passed permission check (for escalation checks against the caller's own grants).
    pub fn authorized(&self) -> ServiceResult<&Authorized> {
        self.authorized.ok_or_else(|| {
            ServiceError::Internal(anyhow::anyhow!("operation needs Access::Permission to see its authorization"))
        })
    }

    /// How the caller is named in records that keep a name rather than an audit actor (CMDB
    /// versions).
    pub fn caller_display(&self) -> String {
        self.caller.actor().display
    }

    /// The signed-in principal.
    pub fn principal(&self) -> ServiceResult<&Principal> {
        match self.caller {
            Caller::User(p) => Ok(p),
            _ => Err(unauthenticated()),
        }
    }

    /// Refuses unless the caller is `owner`; the refusal reads as "not found" to the caller.
    pub fn require_owner(&self, owner: UserId, what: &str) -> ServiceResult<()> {
        if self.principal()?.user_id() == owner {
            Ok(())
        } else {
            Err(ServiceError::Denied { message: format!("{what} belongs to another user"), conceal: true })
        }
    }
}

fn unauthenticated() -> ServiceError {
    ServiceError::Unauthenticated {
        code: nimbus_core::api::error::ErrorCode::Unauthenticated,
        message: "sign in first: send `Authorization: Bearer <access token>` (`nimbus login`)".into(),
    }
}

/// A change to data.
pub trait Operation: Send {
    /// What the operation returns.
    type Output: Send;
    /// The permission it exercises, `{domain}:{resource}:{action}`.
    const ACTION: &'static str;
    /// Who may attempt it.
    const ACCESS: Access;
    /// Event type recorded when it is refused or fails (the record's outcome says which), e.g.
    /// `auth.login.failed`. Successful runs name their events in the drafts they return.
    const EVENT: &'static str;
    /// Audit category of that record.
    const CATEGORY: Category;
    /// For `Access::Authenticated`: the operation touches only the caller's own rows (their
    /// inbox, their preferences), selected by the caller's user id, which may lie in any tenant
    /// the caller belongs to; the transaction is therefore not narrowed to the session's tenant.
    const OWN_ROWS: bool = false;

    /// The tenant (and compartment) the operation acts on: required for `Access::Permission`.
    fn target(&self) -> Option<Target> {
        None
    }

    /// The permission this particular call exercises: `ACTION`, unless the operation narrows it
    /// to a subtype known only at run time (a CMDB change checks `cmdb:ci:update:<class>`, so a
    /// class-specific grant or deny decides). It must be `ACTION` or a subtype of it.
    fn action(&self) -> &'static str {
        Self::ACTION
    }

    /// Makes the change inside `tx` and describes what to record.
    fn apply(
        self,
        tx: &mut dyn WriteTx,
        ctx: &OpContext<'_>,
    ) -> impl Future<Output = ServiceResult<Applied<Self::Output>>> + Send;
}

/// Runs operations.
#[derive(Clone)]
pub struct Pipeline {
    store: Arc<dyn Store>,
    root_tenant: Option<TenantId>,
    authz: Arc<Authorizer>,
    audit: Option<AuditHooks>,
}

/// What the pipeline needs of the audit log beyond the store: each tenant's settings (kept
/// records, extra redaction) and a way to wake the integrator after a commit.
#[derive(Clone, Debug)]
pub struct AuditHooks {
    /// Per-tenant settings.
    pub settings: SettingsCache,
    /// Notified after every commit that appended records.
    pub wake: Arc<tokio::sync::Notify>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").field("root_tenant", &self.root_tenant).finish_non_exhaustive()
    }
}

impl Pipeline {
    /// A pipeline over `store`; refused or failed attempts by callers without a tenant are
    /// audited in `root_tenant`'s log.
    pub fn new(store: Arc<dyn Store>, root_tenant: Option<TenantId>, authz: Arc<Authorizer>) -> Self {
        Self { store, root_tenant, authz, audit: None }
    }

    /// Applies tenants' audit settings and wakes the integrator after commits.
    pub fn with_audit(mut self, hooks: AuditHooks) -> Self {
        self.audit = Some(hooks);
        self
    }

    async fn settings(&self, tenant: TenantId) -> ServiceResult<Arc<Effective>> {
        match &self.audit {
            Some(h) => Ok(h.settings.get(tenant).await?),
            None => Ok(Arc::new(Effective::default())),
        }
    }

    fn wake_integrator(&self) {
        if let Some(h) = &self.audit {
            h.wake.notify_one();
        }
    }

    /// Authorizes, applies, audits and commits `op`.
    pub async fn run<O: Operation>(
        &self,
        caller: &Caller,
        request: &RequestContext,
        op: O,
    ) -> ServiceResult<O::Output> {
        let now = Utc::now();
        let action = op.action();
        debug_assert!(action.starts_with(O::ACTION), "{action} narrows {}", O::ACTION);
        let checked = match check_access(O::ACCESS, caller) {
            Ok(()) => self.authorize::<O>(caller, request, action, op.target()).await,
            Err(e) => Err(e),
        };
        let result = match checked {
            Ok((scope, authorized)) => {
                let ctx = OpContext { caller, request, now, authorized: authorized.as_ref() };
                let result = self.apply_and_commit(op, action, &ctx, scope).await;
                if result.is_ok() && O::ACCESS == Access::Permission {
                    // Most permission-checked operations change who may do what; the reload
                    // only rebuilds when the authorization epoch actually moved.
                    self.authz.invalidate();
                }
                result
            }
            Err(e) => Err(e),
        };
        if let Err(e) = &result {
            let ctx = OpContext { caller, request, now, authorized: None };
            self.record_refusal(action, O::EVENT, O::CATEGORY, &ctx, e).await;
        }
        result
    }

    /// The permission check for `Access::Permission`, and the tenant scope of the transaction.
    async fn authorize<O: Operation>(
        &self,
        caller: &Caller,
        request: &RequestContext,
        action: &'static str,
        target: Option<Target>,
    ) -> ServiceResult<(TenantScope, Option<Authorized>)> {
        match (O::ACCESS, caller) {
            (Access::Permission, Caller::User(p)) => {
                let target = target.ok_or_else(|| {
                    ServiceError::Internal(anyhow::anyhow!("operation {} declares no target", O::ACTION))
                })?;
                let attrs = RequestAttrs { ip: request.ip, ..RequestAttrs::default() };
                let authorized = self.authz.authorize(p, action, target, &attrs).await?;
                Ok((authorized.scope(), Some(authorized)))
            }
            (Access::Permission, _) => Err(unauthenticated()),
            (Access::Authenticated, Caller::User(_)) if O::OWN_ROWS => Ok((TenantScope::System, None)),
            (Access::Authenticated, Caller::User(p)) => Ok((TenantScope::Tenants(Arc::from([p.tenant_id()])), None)),
            // Sign-in and initialisation look accounts up before any tenant is known.
            _ => Ok((TenantScope::System, None)),
        }
    }

    /// Audits a refused read (reads do not run through operations, but their denials are
    /// recorded the same way).
    pub async fn record_denied_read(
        &self,
        action: &str,
        caller: &Caller,
        request: &RequestContext,
        error: &ServiceError,
    ) {
        let ctx = OpContext { caller, request, now: Utc::now(), authorized: None };
        self.record_refusal(action, "authz.read.denied", Category::Security, &ctx, error).await;
    }

    /// Audits a permitted read of `tenant`'s data as `api.read`, when that tenant keeps API reads
    /// (`log_reads`, off by default), in a transaction of its own. A read is not refused because
    /// its record could not be written; that failure is logged.
    pub async fn record_read(&self, action: &str, principal: &Principal, request: &RequestContext, tenant: TenantId) {
        let settings = match self.settings(tenant).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "audit settings unavailable; a read goes unrecorded");
                return;
            }
        };
        if !settings.keeps(Category::Api, Outcome::Success) {
            return;
        }
        // Cloned only here: most tenants do not log reads, and this runs on every permitted read.
        let caller = Caller::User(principal.clone());
        let ctx = OpContext { caller: &caller, request, now: Utc::now(), authorized: None };
        let entry = complete(AuditDraft::new(tenant, "api.read", Category::Api), action, &ctx, &settings);
        self.append_alone(&entry, action, &ctx).await;
    }

    async fn apply_and_commit<O: Operation>(
        &self,
        op: O,
        action: &'static str,
        ctx: &OpContext<'_>,
        scope: TenantScope,
    ) -> ServiceResult<O::Output> {
        let mut tx = self.store.write(WriteGrant::new_for_pipeline(scope)).await?;
        let applied = op.apply(tx.as_mut(), ctx).await?;
        if applied.audit.is_empty() {
            return Err(ServiceError::Internal(anyhow::anyhow!(
                "operation {} produced no audit record; refusing to commit it",
                O::ACTION
            )));
        }
        let mut entries = Vec::with_capacity(applied.audit.len());
        for draft in applied.audit {
            let settings = self.settings(draft.tenant_id).await?;
            if !settings.keeps(draft.category, draft.outcome) {
                continue;
            }
            entries.push(complete(draft, action, ctx, &settings));
        }
        tx.append_audits(&entries).await?;
        for ev in applied.events {
            tx.enqueue_event(&OutboxEvent {
                id: EventId::generate(),
                tenant_id: ev.tenant_id,
                topic: ev.topic,
                payload: ev.payload,
                created_at: ctx.now,
            })
            .await?;
        }
        tx.commit().await?;
        self.wake_integrator();
        Ok(applied.output)
    }

    /// Audits a refused or failed attempt outside the rolled-back transaction. Failing to do so
    /// is logged, never hidden behind the original error.
    async fn record_refusal(
        &self,
        action: &str,
        event: &str,
        category: Category,
        ctx: &OpContext<'_>,
        error: &ServiceError,
    ) {
        let Some(tenant) = ctx.caller.tenant().or(self.root_tenant) else {
            tracing::warn!(action, error = %error, "attempt failed before initialisation; not audited");
            return;
        };
        let priority = match error.outcome() {
            Outcome::Denied => Priority::Warn,
            _ => Priority::Info,
        };
        let mut draft =
            AuditDraft::new(tenant, event, category).priority(priority).outcome(error.outcome(), error.code().as_str());
        if let ServiceError::Denied { message, .. } = error {
            draft = draft.new_value(serde_json::json!({ "reason": message }));
        }
        let settings = match self.settings(tenant).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "audit settings unavailable; recording with defaults");
                Arc::new(Effective::default())
            }
        };
        if !settings.keeps(category, error.outcome()) {
            return;
        }
        let entry = complete(draft, action, ctx, &settings);
        self.append_alone(&entry, action, ctx).await;
    }

    /// Appends one record in a transaction of its own. Failing to is logged, never hidden.
    async fn append_alone(&self, entry: &AuditEntry, action: &str, ctx: &OpContext<'_>) {
        let written = async {
            let mut tx = self.store.write(WriteGrant::new_for_pipeline(TenantScope::System)).await?;
            tx.append_audit(entry).await?;
            tx.commit().await
        }
        .await;
        match written {
            Ok(()) => self.wake_integrator(),
            Err(e) => {
                tracing::error!(action, event = %entry.event_type, error = %e, trace_id = %ctx.request.trace_id, "cannot write an audit record");
            }
        }
    }
}

fn check_access(access: Access, caller: &Caller) -> ServiceResult<()> {
    match (access, caller) {
        (Access::Anyone, _)
        | (Access::Authenticated | Access::Permission, Caller::User(_))
        | (Access::System, Caller::System) => Ok(()),
        (Access::Authenticated | Access::Permission, _) => Err(unauthenticated()),
        (Access::System, _) => {
            Err(ServiceError::Denied { message: "only the daemon itself may do this".into(), conceal: false })
        }
    }
}

fn complete(draft: AuditDraft, action: &str, ctx: &OpContext<'_>, settings: &Effective) -> AuditEntry {
    let mut old_value = draft.old_value;
    let mut new_value = draft.new_value;
    for v in old_value.iter_mut().chain(new_value.iter_mut()) {
        audit::redact_with(v, &settings.redact);
    }
    AuditEntry {
        id: AuditId::generate(),
        tenant_id: draft.tenant_id,
        // The precision both databases store: the record hashed later is the record written.
        occurred_at: ctx.now.trunc_subsecs(6),
        actor: draft.actor.unwrap_or_else(|| ctx.caller.actor()),
        impersonator_id: None,
        action: action.to_owned(),
        event_type: draft.event_type,
        category: draft.category,
        priority: draft.priority,
        resource: draft.resource,
        old_value,
        new_value,
        outcome: draft.outcome,
        error_code: draft.error_code,
        request: ctx.request.info(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use chrono::Utc;
    use nimbus_core::audit::Outcome;

    use super::*;
    use crate::config::DatabaseConfig;
    use crate::store::TenantRecord;
    use crate::store::sqlite::SqliteStore;

    fn tenant(id: TenantId) -> TenantRecord {
        TenantRecord::new(id, None, "t".into(), format!("t-{id}"), 0, Utc::now())
    }

    /// Writes a tenant, then describes its audit record or not, or fails.
    struct WriteTenant {
        id: TenantId,
        audit: bool,
        fail: bool,
    }

    impl Operation for WriteTenant {
        type Output = ();
        const ACTION: &'static str = "test:tenant:create";
        const ACCESS: Access = Access::Anyone;
        const EVENT: &'static str = "test.tenant.create_failed";
        const CATEGORY: Category = Category::Tenant;

        async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
            tx.insert_tenant(&tenant(self.id)).await?;
            if self.fail {
                return Err(ServiceError::Conflict { message: "refused after writing".into() });
            }
            let applied = Applied::new(());
            Ok(if self.audit {
                applied.audit(
                    AuditDraft::new(self.id, "test.tenant.created", Category::Tenant)
                        .new_value(serde_json::json!({"name": "t", "api_token": "must not be stored"})),
                )
            } else {
                applied
            })
        }
    }

    struct SystemOnly;

    impl Operation for SystemOnly {
        type Output = ();
        const ACTION: &'static str = "test:system:run";
        const ACCESS: Access = Access::System;
        const EVENT: &'static str = "test.system.refused";
        const CATEGORY: Category = Category::System;

        async fn apply(self, _tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
            unreachable!("access is checked before apply")
        }
    }

    async fn setup() -> (Pipeline, Arc<dyn Store>, TenantId, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(&dir.path().join("p.db"), &DatabaseConfig::default()).await.unwrap());
        let root = TenantId::generate();
        let authz = Arc::new(Authorizer::new(store.clone()));
        (Pipeline::new(store.clone(), Some(root), authz), store, root, dir)
    }

    async fn audit_of(store: &Arc<dyn Store>, tenant: TenantId) -> Vec<AuditEntry> {
        store
            .read(TenantScope::System)
            .await
            .unwrap()
            .audit_after(tenant, 0, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.entry)
            .collect()
    }

    #[tokio::test]
    async fn a_committed_change_has_its_audit_record_redacted() {
        let (pipeline, store, _, _dir) = setup().await;
        let id = TenantId::generate();
        let rc = RequestContext::local("trace".into());
        pipeline.run(&Caller::System, &rc, WriteTenant { id, audit: true, fail: false }).await.unwrap();
        assert!(store.read(TenantScope::System).await.unwrap().tenant(id).await.unwrap().is_some());
        let audit = audit_of(&store, id).await;
        assert_eq!(audit.len(), 1);
        assert_eq!((audit[0].action.as_str(), audit[0].outcome), ("test:tenant:create", Outcome::Success));
        assert_eq!(audit[0].request.trace_id, "trace");
        assert_eq!(audit[0].new_value.as_ref().unwrap()["api_token"], audit::REDACTED);
    }

    #[tokio::test]
    async fn a_change_without_an_audit_record_is_refused() {
        let (pipeline, store, root, _dir) = setup().await;
        let id = TenantId::generate();
        let rc = RequestContext::local("t".into());
        let err = pipeline.run(&Caller::System, &rc, WriteTenant { id, audit: false, fail: false }).await;
        assert!(matches!(err, Err(ServiceError::Internal(_))), "{err:?}");
        assert!(
            store.read(TenantScope::System).await.unwrap().tenant(id).await.unwrap().is_none(),
            "nothing committed"
        );
        let refused = audit_of(&store, root).await;
        assert_eq!(refused.len(), 1, "the failed attempt itself is audited");
        assert_eq!(refused[0].outcome, Outcome::Failed);
    }

    #[tokio::test]
    async fn a_failed_operation_rolls_back_and_is_audited_outside() {
        let (pipeline, store, root, _dir) = setup().await;
        let id = TenantId::generate();
        let rc = RequestContext::local("t".into());
        let err = pipeline.run(&Caller::System, &rc, WriteTenant { id, audit: true, fail: true }).await;
        assert!(matches!(err, Err(ServiceError::Conflict { .. })));
        assert!(
            store.read(TenantScope::System).await.unwrap().tenant(id).await.unwrap().is_none(),
            "the write rolled back"
        );
        assert!(audit_of(&store, id).await.is_empty(), "no success record for a rolled-back change");
        let refused = audit_of(&store, root).await;
        assert_eq!(
            (refused[0].event_type.as_str(), refused[0].outcome, refused[0].error_code.as_deref()),
            ("test.tenant.create_failed", Outcome::Failed, Some("conflict"))
        );
    }

    #[tokio::test]
    async fn refused_access_never_reaches_apply_and_is_audited_as_denied() {
        let (pipeline, store, root, _dir) = setup().await;
        let rc = RequestContext::local("t".into());
        let err = pipeline.run(&Caller::Anonymous, &rc, SystemOnly).await;
        assert!(matches!(err, Err(ServiceError::Denied { .. })), "{err:?}");
        let refused = audit_of(&store, root).await;
        assert_eq!((refused[0].event_type.as_str(), refused[0].outcome), ("test.system.refused", Outcome::Denied));
        assert_eq!(refused[0].actor.kind, ActorKind::Anonymous);
    }
}
