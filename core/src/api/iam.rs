//! Wire types of users, groups, roles, role assignments, permissions and decisions.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{AssignmentId, CompartmentId, GroupId, RoleId, TenantId, UserId};

/// A user as seen from a tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct User {
    /// User id.
    pub id: UserId,
    /// Home tenant.
    pub home_tenant_id: TenantId,
    /// Email.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// `active`, `disabled` or `locked`.
    pub status: String,
    /// Attributes for policy conditions (`principal.attrs` in Cedar), e.g. `department`.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Users.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// Users, by email.
    pub users: Vec<User>,
}

/// Creates a user in the tenant, or adds an existing user (by email) as a member.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    /// Email.
    pub email: String,
    /// Display name; the email's local part when omitted.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Initial password (checked against the password policy); none means SSO or invitation only.
    #[serde(default)]
    pub password: Option<String>,
}

/// Changes a user; omitted fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUser {
    /// Display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// `active`, `disabled` or `locked`.
    #[serde(default)]
    pub status: Option<String>,
    /// Replaces the attributes used by policy conditions.
    #[serde(default)]
    pub attributes: Option<BTreeMap<String, String>>,
}

/// A member of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct GroupMember {
    /// `user` or `group`.
    pub kind: String,
    /// Member id.
    pub id: String,
    /// Email of a user, name of a group.
    pub name: String,
}

/// A group of users and groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Group {
    /// Group id.
    pub id: GroupId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Name, unique in the tenant.
    pub name: String,
    /// Description.
    pub description: String,
    /// Direct members.
    pub members: Vec<GroupMember>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Groups.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupList {
    /// Groups, by name.
    pub groups: Vec<Group>,
}

/// Creates a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateGroup {
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
}

/// Adds a user or a group (exactly one) to a group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddGroupMember {
    /// A user to add.
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// A group to nest.
    #[serde(default)]
    pub group_id: Option<GroupId>,
}

/// A role: a named set of allowed and denied permission patterns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Role {
    /// Role id.
    pub id: RoleId,
    /// Owning tenant; null for the system roles.
    pub tenant_id: Option<TenantId>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// System roles are immutable.
    pub system: bool,
    /// `provider`, `tenant_admin`, `user` or `read_only`.
    pub tier: String,
    /// Role whose permissions this one inherits.
    pub parent_id: Option<RoleId>,
    /// Allowed permission patterns.
    pub allow: Vec<String>,
    /// Denied permission patterns (a deny beats every allow).
    pub deny: Vec<String>,
}

/// Roles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleList {
    /// System roles first, then custom roles by name.
    pub roles: Vec<Role>,
}

/// Creates a custom role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateRole {
    /// Name, unique in the tenant.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Role to inherit from.
    #[serde(default)]
    pub parent_id: Option<RoleId>,
    /// Tier; `user` when omitted.
    #[serde(default)]
    pub tier: Option<String>,
    /// Allowed permission patterns.
    #[serde(default)]
    pub allow: Vec<String>,
    /// Denied permission patterns.
    #[serde(default)]
    pub deny: Vec<String>,
}

/// Changes a custom role; omitted fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRole {
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Replaces the allowed patterns.
    #[serde(default)]
    pub allow: Option<Vec<String>>,
    /// Replaces the denied patterns.
    #[serde(default)]
    pub deny: Option<Vec<String>>,
}

/// Who holds an assignment, or where it applies: `{"kind": "user", "id": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Ref {
    /// `user`, `group`, `tenant` or `compartment`.
    pub kind: String,
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// A role granted to a user or group at a tenant or compartment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Assignment {
    /// Assignment id.
    pub id: AssignmentId,
    /// Role.
    pub role_id: RoleId,
    /// Role name.
    pub role_name: String,
    /// User or group.
    pub subject: Ref,
    /// Tenant (inherited by sub-tenants) or compartment (inherited by sub-compartments).
    pub scope: Ref,
    /// Stops applying at this time.
    pub expires_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Role assignments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentList {
    /// Assignments, oldest first.
    pub assignments: Vec<Assignment>,
}

/// Grants a role to a user or a group (exactly one), at the tenant or at a compartment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateAssignment {
    /// The role.
    pub role_id: RoleId,
    /// A user.
    #[serde(default)]
    pub user_id: Option<UserId>,
    /// A group.
    #[serde(default)]
    pub group_id: Option<GroupId>,
    /// Scope the grant to this compartment (and below) instead of the whole tenant.
    #[serde(default)]
    pub compartment_id: Option<CompartmentId>,
    /// RFC 3339 time with an offset (`2026-12-31T18:00:00+01:00`); the grant stops then.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub expires_at: Option<DateTime<FixedOffset>>,
}

/// One declared permission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct PermissionInfo {
    /// `{domain}:{resource}:{action}[:{subtype}]`.
    pub key: String,
    /// Domain.
    pub domain: String,
    /// Resource.
    pub resource: String,
    /// Action.
    pub action: String,
    /// Subtype (e.g. a CMDB class).
    pub subtype: Option<String>,
    /// What it allows.
    pub description: String,
}

/// The permission catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionList {
    /// Every permission the daemon checks, sorted.
    pub permissions: Vec<PermissionInfo>,
}

/// Asks whether a user may do something, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckRequest {
    /// The user (id or email).
    pub user: String,
    /// The permission, e.g. `cmdb:ci:create:virtualmachine`.
    pub permission: String,
    /// A compartment of the tenant; the whole tenant when omitted.
    #[serde(default)]
    pub compartment_id: Option<CompartmentId>,
    /// Resource attributes for policies (`kind`, `class`, `tag.<name>`).
    #[serde(default)]
    pub resource: BTreeMap<String, String>,
    /// Request attributes for policies (`ip`, `mfa`, `time`).
    #[serde(default)]
    pub context: BTreeMap<String, String>,
}

/// One policy condition evaluated for a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ConditionResult {
    /// Policy id.
    pub policy: String,
    /// `permit` (a condition) or `forbid` (a guardrail).
    pub effect: String,
    /// Whether its condition held.
    pub satisfied: bool,
    /// Evaluation error (a broken policy denies).
    pub error: Option<String>,
}

/// A decision and what decided it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CheckResult {
    /// Whether the request would be allowed.
    pub allowed: bool,
    /// The deciding grant, deny, policy or absence of a grant, in words.
    pub decided_by: String,
    /// The path of the deciding grant or deny, e.g. `group:ops → role:Network Admin @ tenant acme`.
    pub path: Option<String>,
    /// Each policy condition and its result (empty when RBAC alone decided).
    pub conditions: Vec<ConditionResult>,
}

/// One Cedar policy of a tenant: an ABAC condition (`permit … when`) or a guardrail
/// (`forbid`). Policies only narrow what roles allow; they never grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Policy {
    /// Policy id.
    pub id: crate::ids::PolicyId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Name, unique in the tenant.
    pub name: String,
    /// Cedar source.
    pub source: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A tenant's policy set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyList {
    /// Policies, by name.
    pub policies: Vec<Policy>,
}

/// Adds a policy to the tenant's set (the whole set must still compile).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePolicy {
    /// Name.
    pub name: String,
    /// Cedar source, e.g. `forbid(principal, action, resource) unless { context.mfa };`.
    pub source: String,
}
