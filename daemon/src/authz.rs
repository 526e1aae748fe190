//! The authorizer: every request's permission check, and the tenant scope its data access runs
//! under.
//!
//! It keeps one [`Snapshot`] of the authorization directory (tenants, compartments, groups,
//! roles, assignments) built from the database, and per principal a cached [`Expansion`] of
//! their grants, so a decision is a few hash lookups and never a query per ancestor (the
//! earlier system re-read the database for every ancestor on every check). A change committed
//! here marks the snapshot stale at once; changes made by other replicas are noticed through
//! the database's authorization epoch, polled at most every [`EPOCH_POLL`].
//!
//! Only this module constructs [`Authorized`], and the store's scoped reads need the scope it
//! carries, so a handler cannot reach tenant data without passing a check. It must not write
//! data or decide anything the pure evaluator in `nimbus_core::authz` decides.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use nimbus_core::authz::{
    AccessRequest, AssignmentDef, ContextAttrs, Decision, Directory, Expansion, Permission, PermissionPattern,
    PolicyOutcome, PrincipalAttrs, PrincipalEntity, ResourceAttrs, RoleDef, Scope, Subject, TenantPolicies, Tier,
    decide_full_prepared,
};
use nimbus_core::ids::{GroupId, RoleId, TenantId, UserId};
use quick_cache::sync::Cache;

use crate::auth::Principal;
use crate::error::{ServiceError, ServiceResult};
use crate::store::{AuthzRows, ScopeRef, Store, StoreError, SubjectRef, TenantRecord, TenantScope};

/// How stale the directory may be with respect to changes made by other replicas.
pub const EPOCH_POLL: Duration = Duration::from_secs(1);
/// Principals whose expansion is cached at once.
const EXPANSIONS: usize = 16_384;

pub use nimbus_core::authz::Target;

/// A tenant of the directory, as requests address it.
#[derive(Debug, Clone)]
pub struct TenantInfo {
    /// The record.
    pub record: TenantRecord,
    /// Children, live or not.
    pub children: Vec<TenantId>,
}

/// One consistent view of the authorization data.
pub struct Snapshot {
    epoch: i64,
    checked_at: Mutex<Instant>,
    directory: Directory,
    tenants: HashMap<TenantId, TenantInfo>,
    slugs: HashMap<String, TenantId>,
    user_groups: HashMap<UserId, Vec<GroupId>>,
    group_parents: HashMap<GroupId, Vec<GroupId>>,
    group_names: HashMap<GroupId, String>,
    memberships: HashMap<UserId, Vec<TenantId>>,
    user_attributes: HashMap<UserId, BTreeMap<String, String>>,
    principals: Cache<UserId, Arc<CachedPrincipal>>,
    policies: Mutex<HashMap<TenantId, Arc<Result<TenantPolicies, String>>>>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").field("epoch", &self.epoch).field("tenants", &self.tenants.len()).finish()
    }
}

impl Snapshot {
    /// Builds the directory from stored rows.
    pub fn build(epoch: i64, rows: AuthzRows) -> Self {
        let mut b = Directory::builder();
        let mut tenants: HashMap<TenantId, TenantInfo> = HashMap::new();
        let mut slugs = HashMap::new();
        for t in &rows.tenants {
            b.add_tenant(t.id, t.parent_id, t.name.clone());
            if t.deleted_at.is_none() {
                slugs.insert(t.slug.clone(), t.id);
            }
            tenants.insert(t.id, TenantInfo { record: t.clone(), children: Vec::new() });
        }
        for t in &rows.tenants {
            if let Some(parent) = t.parent_id.and_then(|p| tenants.get_mut(&p)) {
                parent.children.push(t.id);
            }
        }
        for c in &rows.compartments {
            b.add_compartment(c.id, c.tenant_id, c.parent_id, c.name.clone());
        }
        let mut group_names = HashMap::new();
        for g in &rows.groups {
            b.add_group(g.id, g.tenant_id, g.name.clone());
            group_names.insert(g.id, g.name.clone());
        }
        let mut user_groups: HashMap<UserId, Vec<GroupId>> = HashMap::new();
        let mut group_parents: HashMap<GroupId, Vec<GroupId>> = HashMap::new();
        for m in rows.members.iter().filter(|m| group_names.contains_key(&m.group_id)) {
            match m.member {
                SubjectRef::User(u) => {
                    b.add_user_group(u, m.group_id);
                    user_groups.entry(u).or_default().push(m.group_id);
                }
                SubjectRef::Group(g) => {
                    b.add_group_member_group(g, m.group_id);
                    group_parents.entry(g).or_default().push(m.group_id);
                }
            }
        }
        for r in &rows.roles {
            // Patterns were validated when written; an unreadable one is dropped, which can only
            // take permissions away.
            let parse = |v: &[String]| v.iter().filter_map(|p| PermissionPattern::parse(p).ok()).collect::<Vec<_>>();
            b.add_role(RoleDef {
                id: r.id,
                tenant: r.tenant_id,
                name: r.name.clone(),
                parent: r.parent_id,
                allow: parse(&r.allow),
                deny: parse(&r.deny),
                tier: parse_tier(&r.tier).unwrap_or(Tier::ReadOnly),
            });
        }
        for a in &rows.assignments {
            b.add_assignment(AssignmentDef {
                id: a.id,
                role: a.role_id,
                subject: match a.subject {
                    SubjectRef::User(u) => Subject::User(u),
                    SubjectRef::Group(g) => Subject::Group(g),
                },
                scope: to_scope(a.scope),
                expires_at: a.expires_at,
            });
        }
        let mut memberships: HashMap<UserId, Vec<TenantId>> = HashMap::new();
        for (u, t) in rows.memberships {
            memberships.entry(u).or_default().push(t);
        }
        Self {
            epoch,
            checked_at: Mutex::new(Instant::now()),
            directory: b.build(),
            tenants,
            slugs,
            user_groups,
            group_parents,
            group_names,
            memberships,
            user_attributes: rows.user_attributes.into_iter().collect(),
            principals: Cache::new(EXPANSIONS),
            policies: Mutex::new(HashMap::new()),
        }
    }

    /// The directory.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// A tenant by id.
    pub fn tenant(&self, id: TenantId) -> Option<&TenantInfo> {
        self.tenants.get(&id)
    }

    /// A tenant by id or slug (live tenants only by slug).
    pub fn find_tenant(&self, key: &str) -> Option<&TenantInfo> {
        match key.parse::<TenantId>() {
            Ok(id) => self.tenants.get(&id),
            Err(_) => self.slugs.get(key).and_then(|id| self.tenants.get(id)),
        }
    }

    /// Every tenant at or below `tenant`.
    pub fn descendants(&self, tenant: TenantId) -> Vec<TenantId> {
        let mut out = vec![tenant];
        let mut i = 0;
        while let Some(t) = out.get(i).copied() {
            if let Some(info) = self.tenants.get(&t) {
                for c in &info.children {
                    if !out.contains(c) {
                        out.push(*c);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// The scope a request on `tenant` may read and write: the tenant, its ancestors (inherited
    /// roles and assignments live there) and its descendants. Never a sibling.
    pub fn lineage(&self, tenant: TenantId) -> TenantScope {
        let mut ids: Vec<TenantId> = self.directory.tenant_ancestors(tenant).collect();
        ids.extend(self.descendants(tenant).into_iter().skip(1));
        if !ids.contains(&tenant) {
            ids.push(tenant);
        }
        TenantScope::Tenants(ids.into())
    }

    /// A user's cached expansion.
    pub fn expansion(&self, user: UserId) -> Arc<Expansion> {
        self.principal(user, Utc::now()).expansion.clone()
    }

    /// A user's cached expansion and Cedar entity. The entity carries the user's tier, which
    /// changes when a grant expires; it is rebuilt once the earliest expiry has passed.
    fn principal(&self, user: UserId, now: DateTime<Utc>) -> Arc<CachedPrincipal> {
        if let Some(p) = self.principals.get(&user)
            && p.valid_until.is_none_or(|t| now < t)
        {
            return p;
        }
        let expansion = Arc::new(self.directory.expand(user));
        let valid_until = expansion.grants().filter_map(|g| g.expires_at).filter(|t| *t > now).min();
        let entity = PrincipalEntity::new(&PrincipalAttrs {
            id: user,
            tier: expansion.tier_at(now),
            groups: self.group_names_of(user),
            attrs: self.user_attributes.get(&user).cloned().unwrap_or_default(),
        });
        let p = Arc::new(CachedPrincipal { expansion, entity, valid_until });
        self.principals.insert(user, p.clone());
        p
    }

    /// Ids of the groups a user belongs to, directly or through nesting.
    pub fn group_ids_of(&self, user: UserId) -> Vec<GroupId> {
        let mut seen: Vec<GroupId> = self.user_groups.get(&user).cloned().unwrap_or_default();
        let mut i = 0;
        while let Some(g) = seen.get(i).copied() {
            for p in self.group_parents.get(&g).into_iter().flatten() {
                if !seen.contains(p) {
                    seen.push(*p);
                }
            }
            i += 1;
        }
        seen
    }

    /// Ids of the roles a user holds at `tenant` now (directly or through groups, a role's
    /// parents included), from live grants whose scope covers the tenant.
    pub fn role_ids_of(&self, user: UserId, tenant: TenantId, now: DateTime<Utc>) -> Vec<RoleId> {
        let target = Scope::Tenant(tenant);
        let mut roles = Vec::new();
        for g in self.expansion(user).grants() {
            if !g.is_live(now) || !self.directory.scope_covers(g.scope, target) {
                continue;
            }
            let via = g.path.steps().iter().filter_map(|s| match s {
                nimbus_core::authz::PathStep::Role { id, .. } => Some(*id),
                _ => None,
            });
            for r in std::iter::once(g.role).chain(via) {
                if !roles.contains(&r) {
                    roles.push(r);
                }
            }
        }
        roles
    }

    /// Names of the groups a user belongs to, directly or through nesting.
    pub fn group_names_of(&self, user: UserId) -> Vec<String> {
        let mut seen: Vec<GroupId> = self.user_groups.get(&user).cloned().unwrap_or_default();
        let mut i = 0;
        while let Some(g) = seen.get(i).copied() {
            for p in self.group_parents.get(&g).into_iter().flatten() {
                if !seen.contains(p) {
                    seen.push(*p);
                }
            }
            i += 1;
        }
        let mut names: Vec<String> = seen.iter().filter_map(|g| self.group_names.get(g).cloned()).collect();
        names.sort();
        names
    }

    /// Whether `user` has any standing in `tenant`: home, membership, or a live grant reaching it.
    pub fn has_standing(&self, principal_home: TenantId, user: UserId, tenant: TenantId, now: DateTime<Utc>) -> bool {
        if principal_home == tenant || self.memberships.get(&user).is_some_and(|ts| ts.contains(&tenant)) {
            return true;
        }
        let target = Scope::Tenant(tenant);
        self.expansion(user).grants().any(|g| {
            g.is_live(now)
                && (self.directory.scope_covers(g.scope, target)
                    || matches!(g.scope, Scope::Compartment(c) if self.directory.compartment_tenant(c) == Some(tenant)))
        })
    }
}

/// A principal's grants and Cedar entity, cached per snapshot.
struct CachedPrincipal {
    expansion: Arc<Expansion>,
    entity: PrincipalEntity,
    valid_until: Option<DateTime<Utc>>,
}

fn to_scope(s: ScopeRef) -> Scope {
    match s {
        ScopeRef::Tenant(t) => Scope::Tenant(t),
        ScopeRef::Compartment(c) => Scope::Compartment(c),
    }
}

/// Parses a stored tier.
pub fn parse_tier(s: &str) -> Option<Tier> {
    [Tier::ReadOnly, Tier::User, Tier::TenantAdmin, Tier::Provider].into_iter().find(|t| t.as_str() == s)
}

/// Proof that a caller passed a permission check for a target; carries the tenant scope for
/// the data access that follows.
#[derive(Debug, Clone)]
pub struct Authorized {
    scope: TenantScope,
    snapshot: Arc<Snapshot>,
    expansion: Arc<Expansion>,
}

impl Authorized {
    /// The tenants the following data access may see.
    pub fn scope(&self) -> TenantScope {
        self.scope.clone()
    }

    /// The directory the decision was made with.
    pub fn snapshot(&self) -> &Arc<Snapshot> {
        &self.snapshot
    }

    /// The caller's grants (for escalation checks).
    pub fn expansion(&self) -> &Expansion {
        &self.expansion
    }
}

/// Request attributes for policy conditions.
#[derive(Debug, Clone, Default)]
pub struct RequestAttrs {
    /// Client address.
    pub ip: Option<IpAddr>,
    /// Whether the session was established with a second factor.
    pub mfa: bool,
    /// Resource kind (e.g. `virtualmachine`).
    pub kind: Option<String>,
    /// CMDB class.
    pub class: Option<String>,
    /// Resource tags.
    pub tags: BTreeMap<String, String>,
}

/// Counters of authorization decisions, exported as Prometheus metrics (the time spent deciding
/// is how the benchmark measures authorization's share of request latency).
#[derive(Debug, Clone, Default)]
pub struct DecisionMetrics {
    /// Decisions made.
    pub decisions: prometheus_client::metrics::counter::Counter,
    /// Seconds spent deciding (snapshot check, expansion, RBAC and Cedar).
    pub seconds: prometheus_client::metrics::counter::Counter<f64, std::sync::atomic::AtomicU64>,
}

/// Makes and caches decisions.
pub struct Authorizer {
    metrics: DecisionMetrics,
    store: Arc<dyn Store>,
    current: Mutex<Option<Arc<Snapshot>>>,
    stale: std::sync::atomic::AtomicBool,
    reload: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Authorizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorizer").finish_non_exhaustive()
    }
}

impl Authorizer {
    /// An authorizer over `store`; the directory loads on first use.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            metrics: DecisionMetrics::default(),
            store,
            current: Mutex::new(None),
            stale: std::sync::atomic::AtomicBool::new(true),
            reload: tokio::sync::Mutex::new(()),
        }
    }

    /// The decision counters (shared handles for the metric registry).
    pub fn metrics(&self) -> DecisionMetrics {
        self.metrics.clone()
    }

    /// Marks the directory stale (after this replica committed an authorization change).
    pub fn invalidate(&self) {
        self.stale.store(true, std::sync::atomic::Ordering::Release);
    }

    /// The current snapshot, reloaded if this replica changed authorization data or another
    /// replica's change is visible in the epoch.
    pub async fn snapshot(&self) -> ServiceResult<Arc<Snapshot>> {
        let current = lock(&self.current).clone();
        let stale = self.stale.load(std::sync::atomic::Ordering::Acquire);
        if let Some(s) = &current
            && !stale
            && lock(&s.checked_at).elapsed() < EPOCH_POLL
        {
            return Ok(s.clone());
        }
        let _guard = self.reload.lock().await;
        // Another task may have reloaded while this one waited.
        let current = lock(&self.current).clone();
        let stale = self.stale.swap(false, std::sync::atomic::Ordering::AcqRel);
        if let Some(s) = &current
            && !stale
            && lock(&s.checked_at).elapsed() < EPOCH_POLL
        {
            return Ok(s.clone());
        }
        let mut read = self.store.read(TenantScope::System).await?;
        let epoch = read.authz_epoch().await?;
        if let Some(s) = current
            && !stale
            && s.epoch == epoch
        {
            *lock(&s.checked_at) = Instant::now();
            return Ok(s);
        }
        let rows = read.authz_rows().await?;
        drop(read);
        let snapshot = Arc::new(Snapshot::build(epoch, rows));
        *lock(&self.current) = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// Resolves a tenant by id or slug, as the caller may address it: a tenant the caller has
    /// no standing in reads as not found.
    pub async fn resolve_tenant(&self, principal: &Principal, key: &str) -> ServiceResult<TenantInfo> {
        let snapshot = self.snapshot().await?;
        let Some(info) = snapshot.find_tenant(key) else {
            return Err(ServiceError::NotFound { what: format!("tenant {key:?}") });
        };
        if !snapshot.has_standing(principal.tenant_id(), principal.user_id(), info.record.id, Utc::now()) {
            return Err(ServiceError::NotFound { what: format!("tenant {key:?}") });
        }
        Ok(info.clone())
    }

    /// Decides whether `principal` holds `permission` on `target` and, if so, returns the proof
    /// with the scope for the data access. A refusal reads as "not found" when the caller has
    /// no standing in the target tenant at all, so tenants cannot be discovered by probing.
    pub async fn authorize(
        &self,
        principal: &Principal,
        permission: &'static str,
        target: Target,
        attrs: &RequestAttrs,
    ) -> ServiceResult<Authorized> {
        let started = Instant::now();
        let result = self.authorize_inner(principal, permission, target, attrs).await;
        self.metrics.decisions.inc();
        self.metrics.seconds.inc_by(started.elapsed().as_secs_f64());
        result
    }

    async fn authorize_inner(
        &self,
        principal: &Principal,
        permission: &'static str,
        target: Target,
        attrs: &RequestAttrs,
    ) -> ServiceResult<Authorized> {
        let snapshot = self.snapshot().await?;
        if let Some(key) = principal.api_key() {
            // The key's own limits come first; the owner's grants still have to allow it below.
            let target_scope = match target.compartment {
                Some(c) => Scope::Compartment(c),
                None => Scope::Tenant(target.tenant),
            };
            let allowed_permission =
                Permission::parse(permission).is_ok_and(|p| key.permissions.iter().any(|k| k.matches(&p)));
            if !allowed_permission || !snapshot.directory().scope_covers(key.scope, target_scope) {
                return Err(ServiceError::Denied {
                    message: format!("this API key is not allowed {permission} here; create a key that includes it"),
                    conceal: !snapshot.directory().scope_covers(key.scope, Scope::Tenant(target.tenant))
                        && !matches!(key.scope, Scope::Compartment(c) if snapshot.directory().compartment_tenant(c) == Some(target.tenant)),
                });
            }
        }
        if permission != "tenant:tenant:read"
            && let Some(deleted) = snapshot
                .directory()
                .tenant_ancestors(target.tenant)
                .find(|t| snapshot.tenant(*t).is_some_and(|i| i.record.deleted_at.is_some()))
        {
            let which = if deleted == target.tenant { "the tenant" } else { "a parent of the tenant" };
            return Err(ServiceError::Conflict { message: format!("{which} is deleted; restore it first") });
        }
        let (decision, expansion) = self.decide_with(&snapshot, principal.user_id(), permission, target, attrs).await?;
        if decision.allowed {
            let scope = snapshot.lineage(target.tenant);
            return Ok(Authorized { scope, snapshot, expansion });
        }
        let conceal = !snapshot.has_standing(principal.tenant_id(), principal.user_id(), target.tenant, Utc::now());
        let explanation = decision.explain();
        Err(ServiceError::Denied {
            message: format!(
                "you lack {permission} here ({}); ask a tenant administrator for a role that grants it",
                explanation.decided_by
            ),
            conceal,
        })
    }

    /// The full decision for any user (for `auth check`).
    pub async fn decide(
        &self,
        user: UserId,
        permission: &Permission,
        target: Target,
        attrs: &RequestAttrs,
    ) -> ServiceResult<Decision> {
        let snapshot = self.snapshot().await?;
        let policies = self.policies(&snapshot, target.tenant).await?;
        let cached = snapshot.principal(user, Utc::now());
        Ok(full(&snapshot, &cached, permission, target, attrs, &policies))
    }

    async fn decide_with(
        &self,
        snapshot: &Arc<Snapshot>,
        user: UserId,
        permission: &'static str,
        target: Target,
        attrs: &RequestAttrs,
    ) -> ServiceResult<(Decision, Arc<Expansion>)> {
        let permission = Permission::parse(permission)
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("undeclared permission {permission}: {e}")))?;
        let policies = self.policies(snapshot, target.tenant).await?;
        let cached = snapshot.principal(user, Utc::now());
        let decision = full(snapshot, &cached, &permission, target, attrs, &policies);
        Ok((decision, cached.expansion.clone()))
    }

    /// The tenant's compiled policy set, or why it cannot be used (which denies).
    async fn policies(
        &self,
        snapshot: &Snapshot,
        tenant: TenantId,
    ) -> ServiceResult<Arc<Result<TenantPolicies, String>>> {
        if let Some(p) = lock(&snapshot.policies).get(&tenant) {
            return Ok(p.clone());
        }
        let rows = match self.store.read(TenantScope::System).await?.policies(tenant).await {
            Ok(rows) => rows,
            // A tenant created after this snapshot has no schema in it yet: nothing to apply.
            Err(StoreError::Other(_)) if snapshot.tenant(tenant).is_none() => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let sources: Vec<_> = rows.into_iter().map(|p| (p.id, p.source)).collect();
        let compiled = Arc::new(if sources.is_empty() {
            Ok(TenantPolicies::empty())
        } else {
            TenantPolicies::compile(&sources).map_err(|e| e.to_string())
        });
        lock(&snapshot.policies).insert(tenant, compiled.clone());
        Ok(compiled)
    }
}

/// Locks a mutex; a panic elsewhere while holding it leaves data that is still consistent
/// (every critical section is a single assignment or insert).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn full(
    snapshot: &Snapshot,
    cached: &CachedPrincipal,
    permission: &Permission,
    target: Target,
    attrs: &RequestAttrs,
    policies: &Result<TenantPolicies, String>,
) -> Decision {
    let now = Utc::now();
    let req = AccessRequest { permission, target, now };
    let expansion = &cached.expansion;
    let resource = ResourceAttrs {
        tenant: target.tenant,
        compartment: target.compartment,
        kind: attrs.kind.clone(),
        class: attrs.class.clone(),
        tags: attrs.tags.clone(),
    };
    let context = ContextAttrs { now, ip: attrs.ip, mfa: attrs.mfa };
    match policies {
        Ok(p) => decide_full_prepared(expansion, snapshot.directory(), &req, p, &cached.entity, &resource, &context),
        Err(broken) => {
            // A tenant's policy set that no longer compiles denies everything RBAC allowed.
            let rbac = expansion.decide(snapshot.directory(), &req);
            let policy =
                rbac.allowed.then(|| PolicyOutcome::failed(format!("the tenant's policy set is broken: {broken}")));
            Decision { allowed: false, permission: permission.clone(), rbac, policy }
        }
    }
}
