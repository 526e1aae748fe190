//! Authorization: who may do what, where, under which conditions.
//!
//! Owns the permission vocabulary, the system roles, the in-memory directory of grants, the
//! pure RBAC evaluator and the per-tenant Cedar conditions layered on it. Everything here is a
//! pure function of its inputs: it must not read the clock, touch storage or the network, or
//! know about HTTP. The daemon loads rows into a [`Directory`], caches an [`Expansion`] and a
//! [`PrincipalEntity`] per principal and calls [`decide_full_prepared`] on every request
//! ([`decide_full`] decides the same, building the principal's Cedar entity each time).
//!
//! Decision order: RBAC first (deny beats allow, then the most specific allow); Cedar runs only
//! when RBAC allowed, and can only narrow that allow, never widen it.

mod directory;
mod evaluate;
mod expansion;
mod permission;
mod policy;
mod roles;

pub use directory::{
    AssignmentDef, Directory, DirectoryBuilder, Effect, Grant, GrantPath, PathStep, RoleDef, Scope, Subject,
};
pub use evaluate::{AccessRequest, Escalation, RbacDecision, RbacReason, Shortfall, Target};
pub use expansion::Expansion;
pub use permission::{
    CATALOGUE, Permission, PermissionDef, PermissionError, PermissionPattern, catalogue, is_declared,
};
pub use policy::{
    Attributes, ConditionResult, ContextAttrs, Decision, Explanation, PolicyError, PolicyOutcome, PrincipalAttrs,
    PrincipalEntity, ResourceAttrs, TenantPolicies, decide_full, decide_full_prepared,
};
pub use roles::{SystemRole, Tier};

#[cfg(test)]
mod tests;
