//! An in-memory snapshot of one installation's authorization data.
//!
//! Owns the tenant and compartment trees, group nesting, roles and assignments as the daemon
//! loaded them from the database, and the expansion of a user into every grant that reaches
//! them. The daemon builds it from rows, caches it and rebuilds it on change. It must not do
//! I/O, read the clock or decide access; deciding is `evaluate`, which runs on an [`Expansion`].
//!
//! The data comes from a database that other code keeps consistent, but expansion never trusts
//! it to be acyclic: every walk keeps a visited set or a step bound, so a bad row cannot hang a
//! request.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::evaluate::Target;
use super::expansion::{Expansion, ExpansionBuilder, ScopeChain, is_live};
use super::permission::PermissionPattern;
use super::roles::{SystemRole, Tier};
use crate::ids::{AssignmentId, CompartmentId, GroupId, RoleId, TenantId, UserId};

/// Who an assignment is given to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// One user.
    User(UserId),
    /// Every member of a group, including members of groups nested in it.
    Group(GroupId),
}

/// Where an assignment applies.
///
/// A tenant scope covers that tenant, its descendant tenants and every compartment in them. A
/// compartment scope covers that compartment and its descendant compartments only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// A tenant and everything below it.
    Tenant(TenantId),
    /// A compartment and the compartments below it.
    Compartment(CompartmentId),
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tenant(t) => write!(f, "tenant {t}"),
            Self::Compartment(c) => write!(f, "compartment {c}"),
        }
    }
}

/// Whether a grant gives or takes away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Grants the matching permissions.
    Allow,
    /// Takes the matching permissions away, whatever allows them.
    Deny,
}

/// A role: a system role or a tenant's custom role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDef {
    /// Its id.
    pub id: RoleId,
    /// The tenant that owns it; `None` for system roles.
    pub tenant: Option<TenantId>,
    /// Display name, used in explanations.
    pub name: String,
    /// A role whose allows and denies this one inherits.
    pub parent: Option<RoleId>,
    /// Permissions it grants.
    pub allow: Vec<PermissionPattern>,
    /// Permissions it takes away.
    pub deny: Vec<PermissionPattern>,
    /// Who may grant it.
    pub tier: Tier,
}

impl RoleDef {
    /// The definition of a system role.
    pub fn system(role: SystemRole) -> RoleDef {
        // The static patterns are checked by a test, so nothing is dropped in practice.
        let parse = |list: &[&str]| list.iter().filter_map(|p| PermissionPattern::parse(p).ok()).collect();
        RoleDef {
            id: role.id(),
            tenant: None,
            name: role.name().to_owned(),
            parent: None,
            allow: parse(role.allows()),
            deny: parse(role.denies()),
            tier: role.tier(),
        }
    }
}

/// A role given to a subject at a scope, possibly until a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentDef {
    /// Its id.
    pub id: AssignmentId,
    /// The role given.
    pub role: RoleId,
    /// Who receives it.
    pub subject: Subject,
    /// Where it applies.
    pub scope: Scope,
    /// When it stops applying; `None` for never.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
struct TenantNode {
    parent: Option<TenantId>,
    name: String,
}

#[derive(Debug)]
struct CompartmentNode {
    tenant: TenantId,
    parent: Option<CompartmentId>,
    name: String,
}

#[derive(Debug)]
struct GroupNode {
    name: String,
}

/// Collects rows, then freezes them into a [`Directory`]. Insertion order does not matter: a
/// membership may name a group added later.
#[derive(Debug, Default)]
pub struct DirectoryBuilder {
    dir: Directory,
}

impl DirectoryBuilder {
    /// Adds a tenant; `parent` is `None` for a root.
    pub fn add_tenant(&mut self, id: TenantId, parent: Option<TenantId>, name: impl Into<String>) -> &mut Self {
        let name = name.into();
        self.dir.tenants.insert(id, TenantNode { parent, name });
        self
    }

    /// Adds a compartment of `tenant`; `parent` is `None` for a top-level compartment.
    pub fn add_compartment(
        &mut self,
        id: CompartmentId,
        tenant: TenantId,
        parent: Option<CompartmentId>,
        name: impl Into<String>,
    ) -> &mut Self {
        let name = name.into();
        let node = CompartmentNode { tenant, parent, name };
        self.dir.compartments.insert(id, node);
        self
    }

    /// Adds a group. The owning tenant is accepted for symmetry with the rows; expansion does
    /// not need it because assignments carry their own scope.
    pub fn add_group(&mut self, id: GroupId, _tenant: TenantId, name: impl Into<String>) -> &mut Self {
        let name = name.into();
        self.dir.groups.insert(id, GroupNode { name });
        self
    }

    /// Records that group `child` is a member of group `parent`.
    pub fn add_group_member_group(&mut self, child: GroupId, parent: GroupId) -> &mut Self {
        self.dir.group_parents.entry(child).or_default().push(parent);
        self
    }

    /// Records that `user` is a direct member of `group`.
    pub fn add_user_group(&mut self, user: UserId, group: GroupId) -> &mut Self {
        self.dir.user_groups.entry(user).or_default().push(group);
        self
    }

    /// Adds a custom role. A role reusing a system role's id is ignored: system roles are fixed.
    pub fn add_role(&mut self, role: RoleDef) -> &mut Self {
        if SystemRole::from_id(role.id).is_none() {
            self.dir.roles.insert(role.id, role);
        }
        self
    }

    /// Adds an assignment.
    pub fn add_assignment(&mut self, assignment: AssignmentDef) -> &mut Self {
        self.dir.assignments.entry(assignment.subject).or_default().push(assignment);
        self
    }

    /// Freezes the snapshot.
    pub fn build(self) -> Directory {
        self.dir
    }
}

/// One installation's authorization data, read-only once built.
#[derive(Debug)]
pub struct Directory {
    tenants: HashMap<TenantId, TenantNode>,
    compartments: HashMap<CompartmentId, CompartmentNode>,
    groups: HashMap<GroupId, GroupNode>,
    group_parents: HashMap<GroupId, Vec<GroupId>>,
    user_groups: HashMap<UserId, Vec<GroupId>>,
    roles: HashMap<RoleId, RoleDef>,
    assignments: HashMap<Subject, Vec<AssignmentDef>>,
}

impl Default for Directory {
    fn default() -> Self {
        let roles = SystemRole::ALL.into_iter().map(|r| (r.id(), RoleDef::system(r))).collect();
        Self {
            tenants: HashMap::new(),
            compartments: HashMap::new(),
            groups: HashMap::new(),
            group_parents: HashMap::new(),
            user_groups: HashMap::new(),
            roles,
            assignments: HashMap::new(),
        }
    }
}

impl Directory {
    /// Starts an empty snapshot; system roles are always present.
    pub fn builder() -> DirectoryBuilder {
        DirectoryBuilder::default()
    }

    fn tenant_parent(&self, t: TenantId) -> Option<TenantId> {
        self.tenants.get(&t).and_then(|n| n.parent).filter(|p| self.tenants.contains_key(p))
    }

    fn compartment_parent(&self, c: CompartmentId) -> Option<CompartmentId> {
        self.compartments.get(&c).and_then(|n| n.parent).filter(|p| self.compartments.contains_key(p))
    }

    /// `t`, then its parent, and so on to the root. Empty for an unknown tenant.
    pub fn tenant_ancestors(&self, t: TenantId) -> impl Iterator<Item = TenantId> + '_ {
        // The step bound stops a parent loop in bad rows.
        let start = self.tenants.contains_key(&t).then_some(t);
        std::iter::successors(start, move |&x| self.tenant_parent(x)).take(self.tenants.len())
    }

    /// `c`, then its parent compartment, and so on to the top of its tenant. Empty for an
    /// unknown compartment.
    pub fn compartment_ancestors(&self, c: CompartmentId) -> impl Iterator<Item = CompartmentId> + '_ {
        let start = self.compartments.contains_key(&c).then_some(c);
        std::iter::successors(start, move |&x| self.compartment_parent(x)).take(self.compartments.len())
    }

    /// The tenant a compartment belongs to.
    pub fn compartment_tenant(&self, c: CompartmentId) -> Option<TenantId> {
        self.compartments.get(&c).map(|n| n.tenant)
    }

    /// Distance from the root tenant (the root is 0).
    pub fn tenant_depth(&self, t: TenantId) -> Option<usize> {
        let n = self.tenant_ancestors(t).count();
        n.checked_sub(1)
    }

    /// Whether making group `child` a member of group `parent` would close a membership loop.
    pub fn would_create_group_cycle(&self, child: GroupId, parent: GroupId) -> bool {
        if child == parent {
            return true;
        }
        // A loop appears when `child` is already reachable upwards from `parent`.
        let mut seen = HashSet::new();
        let mut stack = vec![parent];
        while let Some(g) = stack.pop() {
            if g == child {
                return true;
            }
            if seen.insert(g) {
                stack.extend(self.group_parents.get(&g).into_iter().flatten().copied());
            }
        }
        false
    }

    /// Whether moving `compartment` under `new_parent` would put it below itself.
    pub fn would_create_compartment_cycle(&self, compartment: CompartmentId, new_parent: CompartmentId) -> bool {
        compartment == new_parent || self.compartment_ancestors(new_parent).any(|c| c == compartment)
    }

    /// A role by id, system roles included.
    pub fn role(&self, id: RoleId) -> Option<&RoleDef> {
        self.roles.get(&id)
    }

    /// A group's name.
    pub fn group_name(&self, id: GroupId) -> Option<&str> {
        self.groups.get(&id).map(|g| g.name.as_str())
    }

    /// A tenant's name.
    pub fn tenant_name(&self, id: TenantId) -> Option<&str> {
        self.tenants.get(&id).map(|t| t.name.as_str())
    }

    /// A compartment's name.
    pub fn compartment_name(&self, id: CompartmentId) -> Option<&str> {
        self.compartments.get(&id).map(|c| c.name.as_str())
    }

    /// Whether `outer` covers everything in `inner` (see [`Scope`]).
    pub fn scope_covers(&self, outer: Scope, inner: Scope) -> bool {
        match (outer, inner) {
            (Scope::Tenant(t), Scope::Tenant(u)) => self.tenant_ancestors(u).any(|a| a == t),
            (Scope::Tenant(t), Scope::Compartment(c)) => {
                self.compartment_tenant(c).is_some_and(|u| self.tenant_ancestors(u).any(|a| a == t))
            }
            (Scope::Compartment(c), Scope::Compartment(d)) => self.compartment_ancestors(d).any(|a| a == c),
            (Scope::Compartment(_), Scope::Tenant(_)) => false,
        }
    }

    /// Whether the two scopes share anything (in a tree, one must then contain the other).
    pub(crate) fn scopes_intersect(&self, a: Scope, b: Scope) -> bool {
        self.scope_covers(a, b) || self.scope_covers(b, a)
    }

    /// The scope a request targets, or `None` when the target names an unknown tenant or a
    /// compartment of some other tenant (the caller must not be able to borrow one tenant's
    /// grants for another tenant's compartment).
    pub(crate) fn target_scope(&self, target: &Target) -> Option<Scope> {
        if !self.tenants.contains_key(&target.tenant) {
            return None;
        }
        match target.compartment {
            None => Some(Scope::Tenant(target.tenant)),
            Some(c) => (self.compartment_tenant(c) == Some(target.tenant)).then_some(Scope::Compartment(c)),
        }
    }

    /// `scope` and every scope above it, nearest first: the scopes whose grants reach it.
    pub(crate) fn scope_chain(&self, scope: Scope) -> ScopeChain {
        let mut chain = ScopeChain::empty(scope);
        let tenant = match scope {
            Scope::Tenant(t) => Some(t),
            Scope::Compartment(c) => {
                self.compartment_ancestors(c).for_each(|x| chain.push(Scope::Compartment(x)));
                self.compartment_tenant(c)
            }
        };
        if let Some(t) = tenant {
            self.tenant_ancestors(t).for_each(|x| chain.push(Scope::Tenant(x)));
        }
        chain
    }

    fn scope_step(&self, scope: Scope) -> PathStep {
        let name = match scope {
            Scope::Tenant(t) => self.tenant_name(t).map(str::to_owned),
            Scope::Compartment(c) => self.compartment_name(c).map(str::to_owned),
        };
        let name = name.unwrap_or_else(|| match scope {
            Scope::Tenant(t) => t.to_string(),
            Scope::Compartment(c) => c.to_string(),
        });
        PathStep::Scope { scope, name }
    }

    /// Every grant that reaches `user`: direct assignments and those of every group the user is
    /// in, transitively through nested groups, each role followed up its parent chain.
    pub fn expand(&self, user: UserId) -> Expansion {
        // Breadth-first so that each group is reached by its shortest membership path, which is
        // the one explanations show.
        let mut via: HashMap<GroupId, Option<GroupId>> = HashMap::new();
        let mut order = Vec::new();
        let mut queue = VecDeque::new();
        for &g in self.user_groups.get(&user).into_iter().flatten() {
            if let std::collections::hash_map::Entry::Vacant(slot) = via.entry(g) {
                slot.insert(None);
                queue.push_back(g);
            }
        }
        while let Some(g) = queue.pop_front() {
            order.push(g);
            for &p in self.group_parents.get(&g).into_iter().flatten() {
                if let std::collections::hash_map::Entry::Vacant(slot) = via.entry(p) {
                    slot.insert(Some(g));
                    queue.push_back(p);
                }
            }
        }

        let mut builder = ExpansionBuilder::default();
        let subjects = std::iter::once(Subject::User(user)).chain(order.into_iter().map(Subject::Group));
        for subject in subjects {
            let Some(assignments) = self.assignments.get(&subject) else {
                continue;
            };
            let who = self.subject_steps(subject, &via);
            for a in assignments {
                self.expand_assignment(a, &who, &mut builder);
            }
        }
        builder.finish(user)
    }

    fn subject_steps(&self, subject: Subject, via: &HashMap<GroupId, Option<GroupId>>) -> Vec<PathStep> {
        match subject {
            Subject::User(_) => vec![PathStep::User],
            Subject::Group(g) => {
                let mut chain = Vec::new();
                let mut cur = Some(g);
                // `via` is a BFS tree, so this terminates; the bound is belt and braces.
                while let Some(x) = cur {
                    if chain.len() > via.len() {
                        break;
                    }
                    chain.push(PathStep::Group { id: x, name: self.group_name(x).unwrap_or("?").to_owned() });
                    cur = via.get(&x).copied().flatten();
                }
                chain.reverse();
                chain
            }
        }
    }

    /// The role and its parents, nearest first, stopping at an unknown role or a loop.
    pub(crate) fn role_chain<'a>(&'a self, first: &'a RoleDef) -> Vec<&'a RoleDef> {
        let mut chain = vec![first];
        let mut seen = HashSet::from([first.id]);
        let mut next = first.parent;
        while let Some(id) = next {
            let Some(role) = self.roles.get(&id) else { break };
            if !seen.insert(id) {
                break;
            }
            chain.push(role);
            next = role.parent;
        }
        chain
    }

    fn expand_assignment(&self, a: &AssignmentDef, who: &[PathStep], out: &mut ExpansionBuilder) {
        let Some(role) = self.roles.get(&a.role) else {
            return;
        };
        let scope_step = self.scope_step(a.scope);
        let mut steps = who.to_vec();
        for (depth, r) in self.role_chain(role).into_iter().enumerate() {
            steps.push(PathStep::Role { id: r.id, name: r.name.clone(), inherited: depth > 0 });
            let mut path = steps.clone();
            path.push(scope_step.clone());
            let path = GrantPath(path);
            let patterns = r.allow.iter().map(|p| (Effect::Allow, p)).chain(r.deny.iter().map(|p| (Effect::Deny, p)));
            for (effect, pattern) in patterns {
                out.push(
                    Grant {
                        effect,
                        pattern: pattern.clone(),
                        scope: a.scope,
                        expires_at: a.expires_at,
                        role: r.id,
                        assignment: a.id,
                        path: path.clone(),
                    },
                    r.tier,
                );
            }
        }
    }
}

/// One hop of the way a grant reaches a user, with names resolved at expansion time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathStep {
    /// The user holds the assignment directly.
    User,
    /// Through membership of this group.
    Group {
        /// The group.
        id: GroupId,
        /// Its name.
        name: String,
    },
    /// Through this role; `inherited` when it is a parent of the previous role.
    Role {
        /// The role.
        id: RoleId,
        /// Its name.
        name: String,
        /// Reached through a child role's parent link.
        inherited: bool,
    },
    /// At this scope.
    Scope {
        /// The scope.
        scope: Scope,
        /// The tenant's or compartment's name.
        name: String,
    },
}

/// How a grant reaches a user, e.g. `group:ops → role:Network Admin @ tenant acme`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantPath(Vec<PathStep>);

impl GrantPath {
    /// The hops, user or group first, scope last.
    pub fn steps(&self) -> &[PathStep] {
        &self.0
    }
}

impl fmt::Display for GrantPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for step in &self.0 {
            if let PathStep::Scope { scope, name } = step {
                let kind = match scope {
                    Scope::Tenant(_) => "tenant",
                    Scope::Compartment(_) => "compartment",
                };
                write!(f, " @ {kind} {name}")?;
                continue;
            }
            if !first {
                f.write_str(" → ")?;
            }
            first = false;
            match step {
                PathStep::User => f.write_str("user")?,
                PathStep::Group { name, .. } => write!(f, "group:{name}")?,
                PathStep::Role { name, inherited, .. } => {
                    write!(f, "role:{name}")?;
                    if *inherited {
                        f.write_str(" (parent)")?;
                    }
                }
                PathStep::Scope { .. } => {}
            }
        }
        Ok(())
    }
}

/// One allow or deny pattern reaching a user at a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Allow or deny.
    pub effect: Effect,
    /// The permissions it names.
    pub pattern: PermissionPattern,
    /// Where it applies.
    pub scope: Scope,
    /// When the underlying assignment expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// The role that carries the pattern (a parent role when inherited).
    pub role: RoleId,
    /// The assignment it comes from.
    pub assignment: AssignmentId,
    /// How it reaches the user.
    pub path: GrantPath,
}

impl Grant {
    /// Whether the grant still applies at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        is_live(self.expires_at, now)
    }
}
