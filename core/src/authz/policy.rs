//! Per-tenant ABAC conditions and guardrails written in Cedar, and the combined decision.
//!
//! Owns compiling a tenant's Cedar policies, mapping a request onto the Cedar entity model
//! below, the fail-closed reading of Cedar's answer, and [`decide_full`]. It must not grant
//! anything RBAC did not: Cedar runs only after RBAC allowed, and can only turn that allow into
//! a deny. It must not read the clock or storage; every attribute is passed in.
//!
//! # Entity model (stable: tenant admins write policies against it)
//!
//! - principal `Nimbus::User::"<user uuid>"` with attributes
//!   - `tier`: string (`read_only`, `user`, `tenant_admin`, `provider`)
//!   - `groups`: set of strings (group names)
//!   - `attrs`: record of strings (`department` and the like)
//! - action `Nimbus::Action::"<permission>"`, e.g. `Nimbus::Action::"cmdb:ci:create:network"`.
//!   Its parents are the prefix-wildcard forms of the permission, so
//!   `action in Nimbus::Action::"cmdb:*:*"` works: `d:r:a` (when there is a subtype), `d:r:*`,
//!   `d:*:*` and `*:*:*`. No other wildcard forms are parents.
//! - resource `Nimbus::Resource::"<compartment uuid, or tenant uuid when none>"` with
//!   attributes `tenant` (string), `tags` (record of strings), and `compartment`, `kind`,
//!   `class` (strings), each omitted when unknown: test with `resource has class`.
//! - context
//!   - `ip`: ipaddr, omitted when the client address is unknown (never a made-up `0.0.0.0`,
//!     which would slip past a `!isInRange` guardrail); use `context has ip && ...`, otherwise
//!     the policy errors and, failing closed, denies
//!   - `mfa`: bool, the session passed a second factor
//!   - `hour`: long, UTC hour 0-23
//!   - `weekday`: long, ISO weekday 1 = Monday .. 7 = Sunday
//!   - `now`: long, unix seconds
//!
//! # Semantics
//!
//! With no `permit` policies in a tenant's set an implicit unconditional permit applies, so only
//! `forbid` guardrails matter. With any `permit`, at least one must be satisfied. Any satisfied
//! `forbid` denies. Any evaluation error in any policy (a missing attribute, a type error)
//! denies: Cedar on its own skips erroring policies, which would let a broken `forbid` fail
//! open.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, OnceLock};

use cedar_policy::{
    ActionConstraint, Authorizer, Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, Policy, PolicySet,
    Request, Response, RestrictedExpression,
};
use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::Serialize;

use super::directory::{Directory, Effect};
use super::evaluate::{AccessRequest, RbacDecision, RbacReason};
use super::expansion::Expansion;
use super::permission::{Permission, declared};
use super::roles::Tier;
use crate::ids::{CompartmentId, PolicyId, TenantId, UserId};

/// Why a tenant's policy set does not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// The Cedar source does not parse as exactly one static policy.
    #[error("policy {policy}: {detail}")]
    Parse {
        /// The policy at fault.
        policy: PolicyId,
        /// 1-based line of the first error, when Cedar locates it.
        line: Option<usize>,
        /// 1-based column of the first error, when Cedar locates it.
        column: Option<usize>,
        /// Location (when known) and Cedar's message.
        detail: String,
    },
    /// The same policy id appears twice.
    #[error("policy {policy} appears twice in the set; give each policy its own id")]
    Duplicate {
        /// The repeated id.
        policy: PolicyId,
    },
}

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipalAttrs {
    /// The user.
    pub id: UserId,
    /// Their highest live tier.
    pub tier: Tier,
    /// Names of the groups they are in.
    pub groups: Vec<String>,
    /// Free-form profile attributes (department, cost centre, ...).
    pub attrs: BTreeMap<String, String>,
}

/// What is being acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceAttrs {
    /// Owning tenant; must equal the request's target tenant.
    pub tenant: TenantId,
    /// Compartment; must equal the request's target compartment.
    pub compartment: Option<CompartmentId>,
    /// Kind of object (`ci`, `stack`, ...), when known.
    pub kind: Option<String>,
    /// Class of a configuration item (`virtualmachine`, ...), when known.
    pub class: Option<String>,
    /// The object's tags.
    pub tags: BTreeMap<String, String>,
}

/// The circumstances of the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextAttrs {
    /// The decision time.
    pub now: DateTime<Utc>,
    /// The client address, when known.
    pub ip: Option<IpAddr>,
    /// Whether the session passed a second factor.
    pub mfa: bool,
}

/// Everything Cedar conditions may look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attributes {
    /// Who.
    pub principal: PrincipalAttrs,
    /// On what.
    pub resource: ResourceAttrs,
    /// Under which circumstances.
    pub context: ContextAttrs,
}

/// How one policy came out for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionResult {
    /// The policy.
    pub policy: PolicyId,
    /// `allow` for a Cedar `permit`, `deny` for a `forbid`.
    pub effect: Effect,
    /// Whether its scope and conditions held.
    pub satisfied: bool,
    /// The evaluation error, when it failed (which denies).
    pub error: Option<String>,
}

/// The verdict of a tenant's policy set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyOutcome {
    /// Whether the conditions let the request through.
    pub allowed: bool,
    /// Every policy whose action scope applies to the request, and every policy that was
    /// satisfied or failed, in the order given to [`TenantPolicies::compile`].
    pub conditions: Vec<ConditionResult>,
    /// A failure to build the request itself (which denies).
    pub error: Option<String>,
}

impl PolicyOutcome {
    /// A denial because the conditions could not be evaluated at all (e.g. a tenant's stored
    /// policy set no longer compiles): conditions fail closed.
    pub fn failed(error: String) -> Self {
        Self { allowed: false, conditions: Vec::new(), error: Some(error) }
    }
}

#[derive(Debug)]
struct Meta {
    id: PolicyId,
    effect: Effect,
    /// Action ids named by the scope; `None` means any action.
    actions: Option<Vec<String>>,
}

/// The Cedar type names, parsed once.
#[derive(Debug)]
struct Names {
    user: EntityTypeName,
    action: EntityTypeName,
    resource: EntityTypeName,
}

static NAMES: LazyLock<Result<Names, String>> = LazyLock::new(|| {
    let parse = |s: &str| EntityTypeName::from_str(s).map_err(|e| format!("entity type {s}: {e}"));
    Ok(Names { user: parse("Nimbus::User")?, action: parse("Nimbus::Action")?, resource: parse("Nimbus::Resource")? })
});

/// Forbids and permits together for the usual single pass, and the permits alone for the
/// rare second pass that tells which permits held when a forbid did.
#[derive(Debug, Default)]
struct Halves {
    both: PolicySet,
    permits: PolicySet,
    forbids: PolicySet,
}

impl Halves {
    fn add(&mut self, effect: Effect, policy: Policy) -> bool {
        let set = match effect {
            Effect::Allow => &mut self.permits,
            Effect::Deny => &mut self.forbids,
        };
        set.add(policy.clone()).is_ok() && self.both.add(policy).is_ok()
    }
}

/// One tenant's compiled Cedar policies.
#[derive(Debug)]
pub struct TenantPolicies {
    all: Halves,
    /// For each declared permission, only the policies whose action scope can match it.
    /// Cedar checks the scope before the conditions, so a policy left out could neither hold
    /// nor fail; leaving it out only saves the work.
    by_action: HashMap<&'static str, Halves>,
    has_permits: bool,
    metas: Vec<Meta>,
    index: HashMap<cedar_policy::PolicyId, usize>,
    authorizer: Authorizer,
}

fn parse_error(policy: PolicyId, src: &str, err: &cedar_policy::ParseErrors) -> PolicyError {
    use miette::Diagnostic;
    let offset = err.labels().and_then(|mut labels| labels.next()).map(|l| l.offset());
    let location = offset.map(|o| {
        let before = src.get(..o).unwrap_or(src);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    });
    let mut detail = err.to_string();
    if let Some(help) = err.help() {
        detail = format!("{detail} ({help})");
    }
    if let Some((line, column)) = location {
        detail = format!("line {line}, column {column}: {detail}");
    }
    PolicyError::Parse { policy, line: location.map(|l| l.0), column: location.map(|l| l.1), detail }
}

fn action_ids(policy: &Policy) -> Option<Vec<String>> {
    match policy.action_constraint() {
        ActionConstraint::Any => None,
        ActionConstraint::Eq(uid) => Some(vec![uid.id().unescaped().to_owned()]),
        ActionConstraint::In(uids) => Some(uids.iter().map(|u| u.id().unescaped().to_owned()).collect()),
    }
}

/// The action's own id and its parents' ids (see the module header).
fn action_lineage(p: &Permission) -> Vec<String> {
    let (d, r, a) = (p.domain(), p.resource(), p.action());
    let mut out = Vec::with_capacity(5);
    out.push(p.as_str().to_owned());
    if p.subtype().is_some() {
        out.push(format!("{d}:{r}:{a}"));
    }
    out.push(format!("{d}:{r}:*"));
    out.push(format!("{d}:*:*"));
    out.push("*:*:*".to_owned());
    out.dedup();
    out
}

fn string_record<'a>(map: impl IntoIterator<Item = (&'a String, &'a String)>) -> Result<RestrictedExpression, String> {
    RestrictedExpression::new_record(
        map.into_iter().map(|(k, v)| (k.clone(), RestrictedExpression::new_string(v.clone()))),
    )
    .map_err(|e| e.to_string())
}

fn names() -> Result<&'static Names, String> {
    NAMES.as_ref().map_err(Clone::clone)
}

fn uid(t: &EntityTypeName, id: &str) -> EntityUid {
    EntityUid::from_type_name_and_id(t.clone(), EntityId::new(id))
}

/// A permission as a Cedar action: its uid, a store holding just its entity (whose parents are
/// the rest of its lineage) with the closure computed, and its lineage as ids.
///
/// Entity stores are built by adding to a copy of this one: Cedar recomputes the transitive
/// closure whenever a store is built, which costs far more than everything else in a request,
/// and adding to a store only repairs the closure for what was added.
#[derive(Debug, Clone)]
struct Action {
    uid: EntityUid,
    store: Entities,
    lineage: Vec<String>,
    /// Position among the declared permissions, when it is one.
    declared: Option<usize>,
}

impl Action {
    fn new(names: &Names, p: &Permission, declared: Option<usize>) -> Result<Action, String> {
        let lineage = action_lineage(p);
        let uid = uid(&names.action, p.as_str());
        let parents = lineage.iter().skip(1).map(|a| self::uid(&names.action, a)).collect();
        let entity = Entity::new_no_attrs(uid.clone(), parents);
        let store = Entities::from_entities([entity], None).map_err(|e| e.to_string())?;
        Ok(Action { uid, store, lineage, declared })
    }

    /// The action of `p`: built once per process for declared permissions, on the spot otherwise.
    fn of(p: &Permission) -> Result<Cow<'static, Action>, String> {
        static DECLARED: LazyLock<Result<HashMap<&'static str, Action>, String>> = LazyLock::new(|| {
            let names = names()?;
            declared().iter().enumerate().map(|(i, d)| Ok((d.as_str(), Action::new(names, d, Some(i))?))).collect()
        });
        let declared = DECLARED.as_ref().map_err(Clone::clone)?;
        Ok(match declared.get(p.as_str()) {
            Some(a) => Cow::Borrowed(a),
            None => Cow::Owned(Action::new(names()?, p, None)?),
        })
    }
}

fn principal_entity(p: &PrincipalAttrs) -> Result<(EntityUid, Entity), String> {
    let uid = uid(&names()?.user, &p.id.to_string());
    let groups = RestrictedExpression::new_set(p.groups.iter().map(|g| RestrictedExpression::new_string(g.clone())));
    let attrs = [
        ("tier".to_owned(), RestrictedExpression::new_string(p.tier.as_str().to_owned())),
        ("groups".to_owned(), groups),
        ("attrs".to_owned(), string_record(&p.attrs)?),
    ];
    let entity = Entity::new_with_tags(uid.clone(), attrs, [], []).map_err(|e| e.to_string())?;
    Ok((uid, entity))
}

/// A principal's Cedar entity, built once and reused for every decision about that principal.
///
/// Building the principal is a large part of evaluating a tenant's conditions (a user in fifty
/// groups is a fifty-element set), and it depends only on the [`PrincipalAttrs`]. Build one with
/// [`PrincipalEntity::new`] next to the principal's cached [`Expansion`], pass it to
/// [`decide_full_prepared`], and rebuild it whenever any of those attributes change (group
/// membership, tier, profile attributes), like the expansion. It also remembers, per permission
/// on first use, the entity store holding the principal and the action, so that a request only
/// adds its resource. Cloning is cheap and it can be shared between threads; it holds a few
/// kilobytes once many permissions have been asked for.
#[derive(Debug, Clone)]
pub struct PrincipalEntity(Arc<PreparedPrincipal>);

#[derive(Debug)]
struct PreparedPrincipal {
    user: UserId,
    /// A failure to build is kept and denies each decision that needs the entity, as building
    /// it on every call would.
    built: Result<(EntityUid, Entity), String>,
    /// Per declared permission: the principal's and the action's entities, closure computed.
    stores: Box<[OnceLock<Result<Entities, String>>]>,
}

impl PrincipalEntity {
    /// Builds the Cedar entity for `attrs` (see the module header for its shape).
    pub fn new(attrs: &PrincipalAttrs) -> PrincipalEntity {
        PrincipalEntity(Arc::new(PreparedPrincipal {
            user: attrs.id,
            built: principal_entity(attrs),
            stores: declared().iter().map(|_| OnceLock::new()).collect(),
        }))
    }

    /// The user it describes.
    pub fn user(&self) -> UserId {
        self.0.user
    }

    /// The store for `action` with the principal in it, built on first use.
    fn store(&self, action: &Action) -> Result<Entities, String> {
        let (_, entity) = self.0.built.as_ref().map_err(Clone::clone)?;
        let with_principal = || action.store.clone().add_entities([entity.clone()], None).map_err(|e| e.to_string());
        match action.declared.and_then(|i| self.0.stores.get(i)) {
            Some(cell) => cell.get_or_init(with_principal).clone(),
            None => with_principal(),
        }
    }
}

/// Where the principal's entity comes from for one evaluation.
#[derive(Clone, Copy)]
enum Principal<'a> {
    Attrs(&'a PrincipalAttrs),
    Prepared(&'a PrincipalEntity),
}

fn resource_entity(r: &ResourceAttrs) -> Result<(EntityUid, Entity), String> {
    let tenant = r.tenant.to_string();
    let compartment = r.compartment.map(|c| c.to_string());
    let uid = uid(&names()?.resource, compartment.as_deref().unwrap_or(&tenant));
    let mut attrs = Vec::with_capacity(5);
    attrs.push(("tags".to_owned(), string_record(&r.tags)?));
    let optional = [("compartment", compartment), ("kind", r.kind.clone()), ("class", r.class.clone())];
    for (key, value) in optional {
        if let Some(v) = value {
            attrs.push((key.to_owned(), RestrictedExpression::new_string(v)));
        }
    }
    attrs.push(("tenant".to_owned(), RestrictedExpression::new_string(tenant)));
    let entity = Entity::new_with_tags(uid.clone(), attrs, [], []).map_err(|e| e.to_string())?;
    Ok((uid, entity))
}

/// `RestrictedExpression::new_ip(ip)`, remembered per thread for the last few hundred
/// addresses: building one runs Cedar's whole parser (lexer tables included) on the name `ip`,
/// several microseconds, a large share of a whole decision. The expression depends only on the
/// address, so remembering it changes nothing but the time.
fn ip_expression(ip: IpAddr) -> RestrictedExpression {
    const KEEP: usize = 256;
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<IpAddr, RestrictedExpression>> =
            std::cell::RefCell::new(HashMap::new());
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(e) = seen.get(&ip) {
            return e.clone();
        }
        if seen.len() >= KEEP {
            seen.clear();
        }
        let e = RestrictedExpression::new_ip(ip.to_string());
        seen.insert(ip, e.clone());
        e
    })
}

fn context(c: &ContextAttrs) -> Result<Context, String> {
    let mut pairs = Vec::with_capacity(5);
    pairs.extend([
        ("mfa".to_owned(), RestrictedExpression::new_bool(c.mfa)),
        ("hour".to_owned(), RestrictedExpression::new_long(i64::from(c.now.hour()))),
        ("weekday".to_owned(), RestrictedExpression::new_long(i64::from(c.now.weekday().number_from_monday()))),
        ("now".to_owned(), RestrictedExpression::new_long(c.now.timestamp())),
    ]);
    if let Some(ip) = c.ip {
        pairs.push(("ip".to_owned(), ip_expression(ip)));
    }
    Context::from_pairs(pairs).map_err(|e| e.to_string())
}

/// The Cedar request and the three entities it needs; no schema, so nothing is validated
/// beyond what the entity model above guarantees by construction.
fn request(
    action: &Action,
    principal: Principal<'_>,
    resource: &ResourceAttrs,
    context_attrs: &ContextAttrs,
) -> Result<(Request, Entities), String> {
    let (resource_uid, resource) = resource_entity(resource)?;
    let (principal_uid, entities) = match principal {
        Principal::Attrs(p) => {
            let (uid, entity) = principal_entity(p)?;
            (uid, action.store.clone().add_entities([entity, resource], None))
        }
        Principal::Prepared(p) => {
            let uid = p.0.built.as_ref().map_err(Clone::clone)?.0.clone();
            (uid, p.store(action)?.add_entities([resource], None))
        }
    };
    let entities = entities.map_err(|e| e.to_string())?;
    let context = context(context_attrs)?;
    let request =
        Request::new(principal_uid, action.uid.clone(), resource_uid, context, None).map_err(|e| e.to_string())?;
    Ok((request, entities))
}

impl TenantPolicies {
    /// A set with no policies: everything RBAC allows is allowed.
    pub fn empty() -> TenantPolicies {
        TenantPolicies {
            all: Halves::default(),
            by_action: HashMap::new(),
            has_permits: false,
            metas: Vec::new(),
            index: HashMap::new(),
            authorizer: Authorizer::new(),
        }
    }

    /// Compiles a tenant's policies; each source must hold exactly one static Cedar policy.
    pub fn compile(policies: &[(PolicyId, String)]) -> Result<TenantPolicies, PolicyError> {
        let mut out = Self::empty();
        out.by_action = declared().iter().map(|d| (d.as_str(), Halves::default())).collect();
        let lineages: Vec<(&'static str, Vec<String>)> =
            declared().iter().map(|d| (d.as_str(), action_lineage(d))).collect();
        for (id, src) in policies {
            let cedar_id = cedar_policy::PolicyId::new(id.to_string());
            let policy = Policy::parse(Some(cedar_id.clone()), src).map_err(|e| parse_error(*id, src, &e))?;
            let effect = match policy.effect() {
                cedar_policy::Effect::Permit => Effect::Allow,
                cedar_policy::Effect::Forbid => Effect::Deny,
            };
            let actions = action_ids(&policy);
            if out.index.contains_key(&cedar_id) || !out.all.add(effect, policy.clone()) {
                return Err(PolicyError::Duplicate { policy: *id });
            }
            for (key, lineage) in &lineages {
                let applies = actions.as_ref().is_none_or(|named| named.iter().any(|n| lineage.contains(n)));
                if applies {
                    out.by_action.entry(key).or_default().add(effect, policy.clone());
                }
            }
            out.has_permits |= effect == Effect::Allow;
            out.index.insert(cedar_id, out.metas.len());
            out.metas.push(Meta { id: *id, effect, actions });
        }
        Ok(out)
    }

    /// How many policies the set holds.
    pub fn len(&self) -> usize {
        self.metas.len()
    }

    /// Whether the set holds no policies.
    pub fn is_empty(&self) -> bool {
        self.metas.is_empty()
    }

    /// Runs the conditions for a request RBAC already allowed. Denies when any `forbid` holds,
    /// when there are `permit` policies and none holds, and when anything fails to evaluate.
    pub fn evaluate(&self, permission: &Permission, attrs: &Attributes) -> PolicyOutcome {
        self.evaluate_with(permission, Principal::Attrs(&attrs.principal), &attrs.resource, &attrs.context)
    }

    /// [`TenantPolicies::evaluate`] with the principal's entity built beforehand; the same
    /// answer, without rebuilding the principal on every call.
    pub fn evaluate_prepared(
        &self,
        permission: &Permission,
        principal: &PrincipalEntity,
        resource: &ResourceAttrs,
        context: &ContextAttrs,
    ) -> PolicyOutcome {
        self.evaluate_with(permission, Principal::Prepared(principal), resource, context)
    }

    fn evaluate_with(
        &self,
        permission: &Permission,
        principal: Principal<'_>,
        resource: &ResourceAttrs,
        context: &ContextAttrs,
    ) -> PolicyOutcome {
        let halves = self.by_action.get(permission.as_str()).unwrap_or(&self.all);
        if halves.forbids.is_empty() && halves.permits.is_empty() {
            // Nothing can hold or fail for this action, so Cedar would only confirm the default.
            return PolicyOutcome { allowed: !self.has_permits, conditions: Vec::new(), error: None };
        }
        let built = Action::of(permission)
            .and_then(|action| request(&action, principal, resource, context).map(|r| (action, r)));
        let (action, (request, entities)) = match built {
            Ok(x) => x,
            Err(e) => return PolicyOutcome::failed(format!("cannot build the Cedar request: {e}")),
        };
        let lineage = &action.lineage;

        let mut satisfied = vec![false; self.metas.len()];
        let mut errors: Vec<Option<String>> = vec![None; self.metas.len()];
        // Records one answer; says whether a forbid held.
        let mut record = |response: &Response| {
            let mut forbid_held = false;
            for id in response.diagnostics().reason() {
                if let Some(&i) = self.index.get(id) {
                    satisfied[i] = true;
                    forbid_held |= self.metas.get(i).is_some_and(|m| m.effect == Effect::Deny);
                }
            }
            for e in response.diagnostics().errors() {
                let cedar_policy::AuthorizationError::PolicyEvaluationError(e) = e;
                if let Some(&i) = self.index.get(e.policy_id()) {
                    errors[i] = Some(e.inner().to_string());
                }
            }
            forbid_held
        };
        // One pass over both halves: Cedar evaluates every policy and reports every error, and
        // names the satisfied permits as reasons unless a forbid held, in which case it names
        // only the forbids. Only then are the permits asked again on their own, so the answer
        // still tells exactly which permits held.
        let forbid_held = record(&self.authorizer.is_authorized(&request, &halves.both, &entities));
        if forbid_held && !halves.permits.is_empty() {
            record(&self.authorizer.is_authorized(&request, &halves.permits, &entities));
        }

        let has_permits = self.has_permits;
        let mut conditions = Vec::new();
        let (mut forbid_held, mut permit_held, mut failed) = (false, false, false);
        for (i, meta) in self.metas.iter().enumerate() {
            let sat = satisfied.get(i).copied().unwrap_or(false);
            let error = errors.get_mut(i).and_then(Option::take);
            match meta.effect {
                Effect::Deny => forbid_held |= sat,
                Effect::Allow => permit_held |= sat,
            }
            failed |= error.is_some();
            let in_scope = meta.actions.as_ref().is_none_or(|named| named.iter().any(|n| lineage.contains(n)));
            if in_scope || sat || error.is_some() {
                conditions.push(ConditionResult { policy: meta.id, effect: meta.effect, satisfied: sat, error });
            }
        }
        PolicyOutcome { allowed: !failed && !forbid_held && (permit_held || !has_permits), conditions, error: None }
    }
}

/// The combined verdict: RBAC, then the tenant's conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The final answer.
    pub allowed: bool,
    /// The permission asked for.
    pub permission: Permission,
    /// The RBAC verdict.
    pub rbac: RbacDecision,
    /// The conditions' verdict; `None` when RBAC already denied.
    pub policy: Option<PolicyOutcome>,
}

/// A decision in words, for `iam:decision:explain` and denial messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The final answer.
    pub allowed: bool,
    /// What settled it, e.g. `allow cmdb:ci:* via group:ops → role:Network Admin @ tenant acme`.
    pub decided_by: String,
    /// How the deciding grant reaches the user, when a grant decided.
    pub path: Option<String>,
    /// The Cedar conditions consulted.
    pub conditions: Vec<ConditionResult>,
}

impl Decision {
    /// Explains the decision.
    pub fn explain(&self) -> Explanation {
        let path = self.rbac.deciding.as_ref().map(|g| g.path.to_string());
        let grant = |verb: &str| {
            self.rbac.deciding.as_ref().map_or_else(
                || format!("{verb} {}", self.permission),
                |g| format!("{verb} {} via {}", g.pattern, g.path),
            )
        };
        let decided_by = match self.rbac.reason {
            RbacReason::InvalidTarget => {
                "the target is not a known tenant, or its compartment belongs to another tenant".to_owned()
            }
            RbacReason::NoMatchingGrant => format!("no grant matches {}", self.permission),
            RbacReason::DeniedByDeny => grant("deny"),
            RbacReason::Allowed => match &self.policy {
                None => grant("allow"),
                Some(o) if o.allowed => grant("allow"),
                Some(o) => policy_denial(o, &self.permission),
            },
        };
        Explanation {
            allowed: self.allowed,
            decided_by,
            path,
            conditions: self.policy.as_ref().map(|o| o.conditions.clone()).unwrap_or_default(),
        }
    }
}

fn policy_denial(o: &PolicyOutcome, permission: &Permission) -> String {
    if let Some(e) = &o.error {
        return format!("conditions could not be evaluated: {e}");
    }
    if let Some(c) = o.conditions.iter().find(|c| c.error.is_some()) {
        return format!("policy {} failed to evaluate, which denies", c.policy);
    }
    if let Some(c) = o.conditions.iter().find(|c| c.effect == Effect::Deny && c.satisfied) {
        return format!("forbid policy {}", c.policy);
    }
    format!("no permit policy is satisfied for {permission}")
}

/// RBAC, then (only if RBAC allowed) the tenant's Cedar conditions. `attrs` must describe the
/// same user and target as `expansion` and `req`; a mismatch denies rather than evaluating
/// conditions about someone or something else.
///
/// Builds the principal's Cedar entity on every call that reaches Cedar; on a hot path prefer
/// [`decide_full_prepared`] with a cached [`PrincipalEntity`], which decides the same.
pub fn decide_full(
    expansion: &Expansion,
    dir: &Directory,
    req: &AccessRequest<'_>,
    policies: &TenantPolicies,
    attrs: &Attributes,
) -> Decision {
    decide_with(expansion, dir, req, policies, Principal::Attrs(&attrs.principal), &attrs.resource, &attrs.context)
}

/// [`decide_full`] with the principal's Cedar entity built beforehand: the same decision, for
/// the daemon's hot path. Cache a [`PrincipalEntity`] next to the principal's [`Expansion`] and
/// rebuild both when the principal changes. `principal` must describe the expansion's user and
/// `resource` the request's target; a mismatch denies.
pub fn decide_full_prepared(
    expansion: &Expansion,
    dir: &Directory,
    req: &AccessRequest<'_>,
    policies: &TenantPolicies,
    principal: &PrincipalEntity,
    resource: &ResourceAttrs,
    context: &ContextAttrs,
) -> Decision {
    decide_with(expansion, dir, req, policies, Principal::Prepared(principal), resource, context)
}

fn decide_with(
    expansion: &Expansion,
    dir: &Directory,
    req: &AccessRequest<'_>,
    policies: &TenantPolicies,
    principal: Principal<'_>,
    resource: &ResourceAttrs,
    context: &ContextAttrs,
) -> Decision {
    let rbac = expansion.decide(dir, req);
    if !rbac.allowed {
        return Decision { allowed: false, permission: req.permission.clone(), rbac, policy: None };
    }
    let user = match principal {
        Principal::Attrs(p) => p.id,
        Principal::Prepared(p) => p.user(),
    };
    let consistent = user == expansion.user()
        && resource.tenant == req.target.tenant
        && resource.compartment == req.target.compartment;
    let outcome = if consistent {
        policies.evaluate_with(req.permission, principal, resource, context)
    } else {
        PolicyOutcome::failed("the attributes describe another user or target than the request".to_owned())
    };
    Decision { allowed: outcome.allowed, permission: req.permission.clone(), rbac, policy: Some(outcome) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::{AssignmentDef, Scope, Subject, SystemRole, Target};
    use crate::ids::{AssignmentId, GroupId};

    type Res = Result<(), Box<dyn std::error::Error>>;

    fn attrs(mfa: bool, ip: Option<&str>) -> Result<Attributes, Box<dyn std::error::Error>> {
        Ok(Attributes {
            principal: PrincipalAttrs {
                id: UserId::generate(),
                tier: Tier::User,
                groups: vec!["ops".to_owned()],
                attrs: BTreeMap::from([("department".to_owned(), "network".to_owned())]),
            },
            resource: ResourceAttrs {
                tenant: TenantId::generate(),
                compartment: None,
                kind: Some("ci".to_owned()),
                class: Some("virtualmachine".to_owned()),
                tags: BTreeMap::from([("env".to_owned(), "prod".to_owned())]),
            },
            context: ContextAttrs {
                // 2025-06-15 15:06:40 UTC, a Sunday.
                now: DateTime::from_timestamp(1_750_000_000, 0).ok_or("bad time")?,
                ip: ip.map(str::parse).transpose()?,
                mfa,
            },
        })
    }

    fn compile(sources: &[&str]) -> Result<(TenantPolicies, Vec<PolicyId>), PolicyError> {
        let list: Vec<(PolicyId, String)> = sources.iter().map(|s| (PolicyId::generate(), (*s).to_owned())).collect();
        let ids = list.iter().map(|(id, _)| *id).collect();
        Ok((TenantPolicies::compile(&list)?, ids))
    }

    fn perm(s: &str) -> Result<Permission, PermissionError> {
        Permission::parse(s)
    }

    use crate::authz::{PermissionError, is_declared};

    #[test]
    fn an_empty_set_lets_rbac_decide() -> Res {
        let o = TenantPolicies::empty().evaluate(&perm("cmdb:ci:delete")?, &attrs(false, None)?);
        assert!(o.allowed && o.conditions.is_empty());
        Ok(())
    }

    #[test]
    fn a_forbid_guardrail_denies_and_names_our_policy() -> Res {
        let (set, ids) =
            compile(&[r#"forbid(principal, action in Nimbus::Action::"cmdb:*:*", resource) unless { context.mfa };"#])?;
        let p = perm("cmdb:ci:create:virtualmachine")?;
        let o = set.evaluate(&p, &attrs(false, None)?);
        assert!(!o.allowed);
        assert_eq!(
            o.conditions,
            vec![ConditionResult { policy: ids[0], effect: Effect::Deny, satisfied: true, error: None }]
        );
        assert!(set.evaluate(&p, &attrs(true, None)?).allowed);
        let other = set.evaluate(&perm("iam:user:read")?, &attrs(false, None)?);
        assert!(other.allowed && other.conditions.is_empty(), "{other:?}");
        Ok(())
    }

    #[test]
    fn ip_ranges_work_and_a_missing_ip_fails_closed() -> Res {
        let (set, ids) =
            compile(&[r#"permit(principal, action, resource) when { context.ip.isInRange(ip("10.0.0.0/8")) };"#])?;
        let p = perm("cmdb:ci:read")?;
        assert!(set.evaluate(&p, &attrs(false, Some("10.1.2.3"))?).allowed);
        let outside = set.evaluate(&p, &attrs(false, Some("192.168.1.1"))?);
        assert!(!outside.allowed);
        assert_eq!(outside.conditions.first().map(|c| (c.policy, c.satisfied)), Some((ids[0], false)));
        let unknown = set.evaluate(&p, &attrs(false, None)?);
        assert!(!unknown.allowed);
        assert!(unknown.conditions.first().is_some_and(|c| c.error.is_some()), "{unknown:?}");
        Ok(())
    }

    #[test]
    fn a_broken_forbid_fails_closed() -> Res {
        let (set, ids) = compile(&[
            r#"permit(principal, action, resource);"#,
            r#"forbid(principal, action, resource) when { resource.tags.owner == "bob" };"#,
        ])?;
        let o = set.evaluate(&perm("cmdb:ci:delete")?, &attrs(true, None)?);
        assert!(!o.allowed, "Cedar alone would have skipped the erroring forbid and allowed");
        let broken = o.conditions.iter().find(|c| c.policy == ids[1]).ok_or("missing")?;
        assert!(!broken.satisfied);
        assert!(broken.error.as_deref().is_some_and(|e| e.contains("owner")), "{broken:?}");
        Ok(())
    }

    #[test]
    fn permits_must_hold_when_present() -> Res {
        let (set, _) = compile(&[
            r#"permit(principal, action == Nimbus::Action::"cmdb:ci:create", resource) when { principal.attrs.department == "network" };"#,
        ])?;
        let a = attrs(false, None)?;
        assert!(set.evaluate(&perm("cmdb:ci:create")?, &a).allowed);
        // No permit applies to this action, so nothing lets it through.
        assert!(!set.evaluate(&perm("cmdb:ci:delete")?, &a).allowed);
        Ok(())
    }

    #[test]
    fn the_documented_attributes_are_all_there() -> Res {
        let (set, _) = compile(&[r#"permit(principal, action, resource) when {
                principal.tier == "user" && principal.groups.contains("ops") &&
                resource has class && resource.class == "virtualmachine" && resource.kind == "ci" &&
                resource.tags.env == "prod" && !(resource has compartment) &&
                context.hour == 15 && context.weekday == 7 && context.now == 1750000000 &&
                resource.tenant like "*-*"
            };"#])?;
        let o = set.evaluate(&perm("cmdb:ci:update")?, &attrs(false, None)?);
        assert!(o.allowed, "{o:?}");
        Ok(())
    }

    #[test]
    fn parse_errors_name_the_policy_and_the_line() -> Res {
        let id = PolicyId::generate();
        let src = "permit(principal, action, resource)\nwhen { context.mfa == };".to_owned();
        let err = TenantPolicies::compile(&[(id, src)]).err().ok_or("must fail")?;
        let PolicyError::Parse { policy, line, .. } = &err else {
            return Err(format!("unexpected {err:?}").into());
        };
        assert_eq!((*policy, *line), (id, Some(2)));
        assert!(err.to_string().starts_with(&format!("policy {id}: line 2, column")), "{err}");
        let dup = TenantPolicies::compile(&[
            (id, "permit(principal, action, resource);".to_owned()),
            (id, "forbid(principal, action, resource);".to_owned()),
        ]);
        assert_eq!(dup.err(), Some(PolicyError::Duplicate { policy: id }));
        Ok(())
    }

    #[test]
    fn decide_full_layers_conditions_on_rbac_and_explains() -> Res {
        let (acme, alice, ops) = (TenantId::generate(), UserId::generate(), GroupId::generate());
        let mut b = Directory::builder();
        b.add_tenant(acme, None, "acme").add_group(ops, acme, "ops").add_user_group(alice, ops).add_assignment(
            AssignmentDef {
                id: AssignmentId::generate(),
                role: SystemRole::NetworkAdmin.id(),
                subject: Subject::Group(ops),
                scope: Scope::Tenant(acme),
                expires_at: None,
            },
        );
        let dir = b.build();
        let exp = dir.expand(alice);
        let (set, ids) =
            compile(&[r#"forbid(principal, action, resource) when { resource.tags.env == "prod" && !context.mfa };"#])?;
        let mut a = attrs(false, None)?;
        a.principal.id = alice;
        a.resource.tenant = acme;
        let p = perm("cmdb:ci:delete:network")?;
        let req =
            AccessRequest { permission: &p, target: Target { tenant: acme, compartment: None }, now: a.context.now };

        let d = decide_full(&exp, &dir, &req, &set, &a);
        assert!(!d.allowed && d.rbac.allowed);
        let e = d.explain();
        assert_eq!(e.decided_by, format!("forbid policy {}", ids[0]));
        assert_eq!(e.path.as_deref(), Some("group:ops → role:Network Admin @ tenant acme"));

        a.context.mfa = true;
        let e = decide_full(&exp, &dir, &req, &set, &a).explain();
        assert!(e.allowed);
        assert_eq!(e.decided_by, "allow cmdb:ci:*:network via group:ops → role:Network Admin @ tenant acme");
        let json = serde_json::to_value(&e)?;
        assert_eq!(json["conditions"][0]["effect"], "deny");
        assert_eq!(json["conditions"][0]["satisfied"], false);
        assert!(json.get("decided_by").is_some() && json.get("path").is_some());

        let q = perm("iam:user:delete")?;
        let d = decide_full(&exp, &dir, &AccessRequest { permission: &q, ..req }, &set, &a);
        assert!(d.policy.is_none());
        assert_eq!(d.explain().decided_by, "no grant matches iam:user:delete");

        a.principal.id = UserId::generate();
        let d = decide_full(&exp, &dir, &req, &set, &a);
        assert!(!d.allowed, "attributes of someone else must not be evaluated");
        Ok(())
    }

    /// Evaluates with the principal built on the spot and prepared, twice (the second time from
    /// the remembered store), and insists all three agree.
    fn both_ways(set: &TenantPolicies, p: &Permission, a: &Attributes) -> PolicyOutcome {
        let plain = set.evaluate(p, a);
        let prepared = PrincipalEntity::new(&a.principal);
        for _ in 0..2 {
            assert_eq!(set.evaluate_prepared(p, &prepared, &a.resource, &a.context), plain, "{p}");
        }
        plain
    }

    #[test]
    fn a_prepared_principal_decides_the_same() -> Res {
        let (set, _) = compile(&[
            r#"forbid(principal, action in Nimbus::Action::"cmdb:*:*", resource) unless { context.mfa };"#,
            r#"forbid(principal, action, resource) when { context has ip && !context.ip.isInRange(ip("10.0.0.0/8")) };"#,
            r#"permit(principal, action == Nimbus::Action::"cmdb:ci:create", resource) when { principal.groups.contains("ops") };"#,
            r#"permit(principal, action in Nimbus::Action::"iam:*:*", resource) when { principal.attrs.department == "network" };"#,
            r#"permit(principal, action, resource) when { resource.tags.owner == "bob" };"#,
        ])?;
        let perms =
            ["cmdb:ci:create", "cmdb:ci:create:virtualmachine", "cmdb:ci:read", "iam:user:read", "audit:log:read"];
        for key in perms {
            let p = perm(key)?;
            for (mfa, ip) in [(false, None), (true, None), (true, Some("10.1.2.3")), (true, Some("192.168.0.1"))] {
                both_ways(&set, &p, &attrs(mfa, ip)?);
            }
        }
        // Undeclared permissions take the slow path through the whole set.
        let odd = perm("custom:thing:frob")?;
        assert!(!is_declared(&odd));
        both_ways(&set, &odd, &attrs(true, Some("10.1.2.3"))?);
        Ok(())
    }

    #[test]
    fn a_prepared_principal_is_reused_across_actions_and_resources() -> Res {
        let (set, _) = compile(&[
            r#"permit(principal, action in Nimbus::Action::"cmdb:ci:*", resource) when { resource.tags.env == "prod" };"#,
        ])?;
        let a = attrs(false, None)?;
        let prepared = PrincipalEntity::new(&a.principal);
        assert_eq!(prepared.user(), a.principal.id);
        let mut dev = a.resource.clone();
        dev.tags.insert("env".to_owned(), "dev".to_owned());
        dev.compartment = Some(CompartmentId::generate());
        for key in ["cmdb:ci:read", "cmdb:ci:update", "cmdb:ci:read"] {
            let p = perm(key)?;
            assert!(set.evaluate_prepared(&p, &prepared, &a.resource, &a.context).allowed, "{key} on prod");
            assert!(!set.evaluate_prepared(&p, &prepared, &dev, &a.context).allowed, "{key} on dev");
        }
        // The remembered store for an action is the principal's own: another user's answer
        // comes from their attributes, not from a store built for someone else.
        let mut b = a.clone();
        b.principal.id = UserId::generate();
        b.principal.groups.clear();
        let (set, _) = compile(&[r#"permit(principal, action, resource) when { principal.groups.contains("ops") };"#])?;
        let p = perm("cmdb:ci:read")?;
        assert!(set.evaluate_prepared(&p, &prepared, &a.resource, &a.context).allowed);
        assert!(!set.evaluate_prepared(&p, &PrincipalEntity::new(&b.principal), &b.resource, &b.context).allowed);
        Ok(())
    }

    #[test]
    fn when_a_forbid_holds_the_permits_that_held_are_still_reported() -> Res {
        let (set, ids) = compile(&[
            r#"permit(principal, action, resource) when { principal.groups.contains("ops") };"#,
            r#"forbid(principal, action, resource) unless { context.mfa };"#,
            r#"permit(principal, action, resource) when { context.mfa };"#,
        ])?;
        let o = both_ways(&set, &perm("cmdb:ci:delete")?, &attrs(false, None)?);
        assert!(!o.allowed);
        let held: Vec<(PolicyId, bool)> = o.conditions.iter().map(|c| (c.policy, c.satisfied)).collect();
        assert_eq!(held, vec![(ids[0], true), (ids[1], true), (ids[2], false)]);
        let o = both_ways(&set, &perm("cmdb:ci:delete")?, &attrs(true, None)?);
        assert!(o.allowed);
        let held: Vec<(PolicyId, bool)> = o.conditions.iter().map(|c| (c.policy, c.satisfied)).collect();
        assert_eq!(held, vec![(ids[0], true), (ids[1], false), (ids[2], true)]);
        Ok(())
    }

    #[test]
    fn decide_full_prepared_matches_decide_full() -> Res {
        const fn shareable<T: Send + Sync + Clone>() {}
        shareable::<PrincipalEntity>();

        let (acme, alice) = (TenantId::generate(), UserId::generate());
        let mut b = Directory::builder();
        b.add_tenant(acme, None, "acme").add_assignment(AssignmentDef {
            id: AssignmentId::generate(),
            role: SystemRole::NetworkAdmin.id(),
            subject: Subject::User(alice),
            scope: Scope::Tenant(acme),
            expires_at: None,
        });
        let dir = b.build();
        let exp = dir.expand(alice);
        let (set, _) =
            compile(&[r#"forbid(principal, action, resource) when { resource.tags.env == "prod" && !context.mfa };"#])?;
        let mut a = attrs(false, None)?;
        a.principal.id = alice;
        a.resource.tenant = acme;
        let prepared = PrincipalEntity::new(&a.principal);
        let target = Target { tenant: acme, compartment: None };
        for (key, mfa) in
            [("cmdb:ci:delete:network", false), ("cmdb:ci:delete:network", true), ("iam:user:delete", true)]
        {
            let p = perm(key)?;
            a.context.mfa = mfa;
            let req = AccessRequest { permission: &p, target, now: a.context.now };
            let plain = decide_full(&exp, &dir, &req, &set, &a);
            let fast = decide_full_prepared(&exp, &dir, &req, &set, &prepared, &a.resource, &a.context);
            assert_eq!(fast, plain, "{key} mfa={mfa}");
        }
        let p = perm("cmdb:ci:read")?;
        let req = AccessRequest { permission: &p, target, now: a.context.now };
        a.context.mfa = true;
        assert!(decide_full_prepared(&exp, &dir, &req, &set, &prepared, &a.resource, &a.context).allowed);
        let someone_else = PrincipalEntity::new(&PrincipalAttrs { id: UserId::generate(), ..a.principal.clone() });
        let d = decide_full_prepared(&exp, &dir, &req, &set, &someone_else, &a.resource, &a.context);
        assert!(!d.allowed && d.rbac.allowed, "a principal entity of someone else must not be evaluated");
        let mut elsewhere = a.resource.clone();
        elsewhere.tenant = TenantId::generate();
        assert!(!decide_full_prepared(&exp, &dir, &req, &set, &prepared, &elsewhere, &a.context).allowed);
        Ok(())
    }
}
