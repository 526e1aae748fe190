//! GraphQL queries and mutations for tenancy and IAM: thin adapters over the same service
//! methods as REST, so the same permission checks and audit apply.

use async_graphql::{Context, Object};
use nimbus_core::api::apikeys::{ApiKey, CreateApiKey, CreatedApiKey};
use nimbus_core::api::iam::{
    AddGroupMember, Assignment, CheckRequest, CheckResult, CreateAssignment, CreateGroup, CreatePolicy, CreateRole,
    CreateUser, Group, PermissionInfo, Policy, Role, UpdateRole, UpdateUser, User,
};
use nimbus_core::api::invitations::{
    AcceptInvitation, Accepted, CreateInvitation, CreatedInvitation, Invitation, InvitationInfo,
};
use nimbus_core::api::tenancy::{Compartment, CreateCompartment, CreateTenant, MoveCompartment, Tenant};
use nimbus_core::ids::{ApiKeyId, AssignmentId, CompartmentId, GroupId, InvitationId, PolicyId, RoleId, UserId};

use super::graphql::{gql_error, principal, request, state};

/// Tenancy and IAM queries.
#[derive(Debug, Default)]
pub struct IamQuery;

macro_rules! call {
    ($ctx:ident, $method:ident($($arg:expr),*)) => {
        state($ctx)?.services.$method(principal($ctx)?, request($ctx)?, $($arg),*).await.map_err(|e| gql_error($ctx, e))
    };
}

#[Object]
impl IamQuery {
    /// The context tenant (your own when omitted) and its sub-tenants.
    async fn tenants(
        &self,
        ctx: &Context<'_>,
        context: Option<String>,
        include_deleted: Option<bool>,
    ) -> async_graphql::Result<Vec<Tenant>> {
        Ok(call!(ctx, list_tenants(context.as_deref(), include_deleted.unwrap_or(false)))?.tenants)
    }

    /// One tenant by id or slug.
    async fn tenant(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Tenant> {
        call!(ctx, get_tenant(&tenant))
    }

    /// A tenant's compartments.
    async fn compartments(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Compartment>> {
        Ok(call!(ctx, list_compartments(&tenant))?.compartments)
    }

    /// A tenant's users (home and members), optionally filtered.
    async fn users(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        search: Option<String>,
    ) -> async_graphql::Result<Vec<User>> {
        Ok(call!(ctx, list_users(&tenant, search.as_deref()))?.users)
    }

    /// A tenant's groups.
    async fn groups(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Group>> {
        Ok(call!(ctx, list_groups(&tenant))?.groups)
    }

    /// System roles and the tenant's custom roles.
    async fn roles(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Role>> {
        Ok(call!(ctx, list_roles(&tenant))?.roles)
    }

    /// Role assignments made in the tenant.
    async fn assignments(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Assignment>> {
        Ok(call!(ctx, list_assignments(&tenant))?.assignments)
    }

    /// The tenant's Cedar policies.
    async fn policies(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Policy>> {
        Ok(call!(ctx, list_policies(&tenant))?.policies)
    }

    /// The tenant's API keys (never their secrets).
    async fn api_keys(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<ApiKey>> {
        Ok(call!(ctx, list_api_keys(&tenant))?.api_keys)
    }

    /// The tenant's invitations.
    async fn invitations(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Invitation>> {
        Ok(call!(ctx, list_invitations(&tenant))?.invitations)
    }

    /// What an invitation token invites to (no sign-in needed).
    async fn invitation(&self, ctx: &Context<'_>, token: String) -> async_graphql::Result<InvitationInfo> {
        state(ctx)?.services.verify_invitation(&token).await.map_err(|e| gql_error(ctx, e))
    }

    /// Every permission the daemon checks.
    async fn permissions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PermissionInfo>> {
        Ok(state(ctx)?
            .services
            .permissions(principal(ctx)?, request(ctx)?)
            .await
            .map_err(|e| gql_error(ctx, e))?
            .permissions)
    }

    /// Whether a user may do something in the tenant, and what decided it.
    async fn check(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        user: String,
        permission: String,
        compartment_id: Option<CompartmentId>,
    ) -> async_graphql::Result<CheckResult> {
        let req = CheckRequest { user, permission, compartment_id, ..CheckRequest::default() };
        call!(ctx, explain(&tenant, req))
    }
}

/// Tenancy and IAM mutations.
#[derive(Debug, Default)]
pub struct IamMutation;

#[Object]
impl IamMutation {
    /// Creates a sub-tenant of the context tenant.
    async fn create_tenant(
        &self,
        ctx: &Context<'_>,
        context: Option<String>,
        name: String,
        slug: Option<String>,
    ) -> async_graphql::Result<Tenant> {
        call!(ctx, create_tenant(context.as_deref(), CreateTenant { name, slug, ..CreateTenant::default() }))
    }

    /// Soft-deletes a tenant.
    async fn delete_tenant(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<bool> {
        call!(ctx, delete_tenant(&tenant))?;
        Ok(true)
    }

    /// Restores a soft-deleted tenant.
    async fn restore_tenant(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Tenant> {
        call!(ctx, restore_tenant(&tenant))
    }

    /// Erases a deleted tenant's data once `tenancy.purge_after` has passed.
    async fn purge_tenant(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Tenant> {
        call!(ctx, purge_tenant(&tenant))
    }

    /// Creates a compartment.
    async fn create_compartment(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        name: String,
        parent_id: Option<CompartmentId>,
    ) -> async_graphql::Result<Compartment> {
        call!(ctx, create_compartment(&tenant, CreateCompartment { name, parent_id, ..CreateCompartment::default() }))
    }

    /// Moves a compartment (null parent: to the top).
    async fn move_compartment(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CompartmentId,
        parent_id: Option<CompartmentId>,
    ) -> async_graphql::Result<Compartment> {
        call!(ctx, move_compartment(&tenant, id, MoveCompartment { parent_id }))
    }

    /// Deletes an empty compartment.
    async fn delete_compartment(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CompartmentId,
    ) -> async_graphql::Result<bool> {
        call!(ctx, delete_compartment(&tenant, id))?;
        Ok(true)
    }

    /// Creates a user whose home is the tenant (no password: sign-in by invitation or SSO).
    async fn create_user(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        email: String,
        display_name: Option<String>,
    ) -> async_graphql::Result<User> {
        call!(ctx, create_user(&tenant, CreateUser { email, display_name, password: None }))
    }

    /// Changes a user's display name or status (`active`, `disabled`, `locked`).
    async fn update_user(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: UserId,
        display_name: Option<String>,
        status: Option<String>,
    ) -> async_graphql::Result<User> {
        call!(ctx, update_user(&tenant, id, UpdateUser { display_name, status, attributes: None }))
    }

    /// Deletes a home user or removes a member from the tenant.
    async fn delete_user(&self, ctx: &Context<'_>, tenant: String, id: UserId) -> async_graphql::Result<bool> {
        call!(ctx, delete_user(&tenant, id))?;
        Ok(true)
    }

    /// Creates a group.
    async fn create_group(&self, ctx: &Context<'_>, tenant: String, name: String) -> async_graphql::Result<Group> {
        call!(ctx, create_group(&tenant, CreateGroup { name, description: String::new() }))
    }

    /// Deletes a group.
    async fn delete_group(&self, ctx: &Context<'_>, tenant: String, id: GroupId) -> async_graphql::Result<bool> {
        call!(ctx, delete_group(&tenant, id))?;
        Ok(true)
    }

    /// Adds a user or a group (exactly one) to a group.
    async fn add_group_member(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: GroupId,
        user_id: Option<UserId>,
        group_id: Option<GroupId>,
    ) -> async_graphql::Result<Group> {
        call!(ctx, add_group_member(&tenant, id, AddGroupMember { user_id, group_id }))
    }

    /// Removes a member from a group.
    async fn remove_group_member(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: GroupId,
        member: String,
    ) -> async_graphql::Result<Group> {
        let member = member.parse().map_err(|_| async_graphql::Error::new("member must be a user or group id"))?;
        call!(ctx, remove_group_member(&tenant, id, member))
    }

    /// Creates a custom role.
    // GraphQL arguments are the API: each is a named field, not a positional parameter.
    #[allow(clippy::too_many_arguments)]
    async fn create_role(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        name: String,
        allow: Vec<String>,
        deny: Option<Vec<String>>,
        parent_id: Option<RoleId>,
        tier: Option<String>,
    ) -> async_graphql::Result<Role> {
        let req =
            CreateRole { name, description: String::new(), parent_id, tier, allow, deny: deny.unwrap_or_default() };
        call!(ctx, create_role(&tenant, req))
    }

    /// Replaces a custom role's patterns.
    async fn update_role(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: RoleId,
        allow: Option<Vec<String>>,
        deny: Option<Vec<String>>,
    ) -> async_graphql::Result<Role> {
        call!(ctx, update_role(&tenant, id, UpdateRole { allow, deny, ..UpdateRole::default() }))
    }

    /// Deletes an unassigned custom role.
    async fn delete_role(&self, ctx: &Context<'_>, tenant: String, id: RoleId) -> async_graphql::Result<bool> {
        call!(ctx, delete_role(&tenant, id))?;
        Ok(true)
    }

    /// Grants a role to a user or a group, at the tenant or a compartment.
    // GraphQL arguments are the API: each is a named field, not a positional parameter.
    #[allow(clippy::too_many_arguments)]
    async fn assign_role(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        role_id: RoleId,
        user_id: Option<UserId>,
        group_id: Option<GroupId>,
        compartment_id: Option<CompartmentId>,
        expires_at: Option<String>,
    ) -> async_graphql::Result<Assignment> {
        let expires_at = expires_at
            .map(|t| chrono::DateTime::parse_from_rfc3339(&t))
            .transpose()
            .map_err(|_| async_graphql::Error::new("expires_at must be RFC 3339 with an offset"))?;
        let req = CreateAssignment { role_id, user_id, group_id, compartment_id, expires_at };
        call!(ctx, create_assignment_dto(&tenant, req))
    }

    /// Revokes a role assignment.
    async fn unassign_role(&self, ctx: &Context<'_>, tenant: String, id: AssignmentId) -> async_graphql::Result<bool> {
        call!(ctx, delete_assignment(&tenant, id))?;
        Ok(true)
    }

    /// Creates an API key for the caller; the secret is returned once.
    async fn create_api_key(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        name: String,
        permissions: Vec<String>,
        compartment_id: Option<CompartmentId>,
        expires_at: Option<String>,
    ) -> async_graphql::Result<CreatedApiKey> {
        let expires_at = expires_at
            .map(|t| chrono::DateTime::parse_from_rfc3339(&t))
            .transpose()
            .map_err(|_| async_graphql::Error::new("expires_at must be RFC 3339 with an offset"))?;
        call!(ctx, create_api_key(&tenant, CreateApiKey { name, permissions, compartment_id, expires_at }))
    }

    /// Revokes an API key.
    async fn revoke_api_key(&self, ctx: &Context<'_>, tenant: String, id: ApiKeyId) -> async_graphql::Result<bool> {
        call!(ctx, revoke_api_key(&tenant, id))?;
        Ok(true)
    }

    /// Replaces an API key's secret; the new one is returned once.
    async fn rotate_api_key(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: ApiKeyId,
    ) -> async_graphql::Result<CreatedApiKey> {
        call!(ctx, rotate_api_key(&tenant, id))
    }

    /// Invites an email address with a role; the token is returned once.
    async fn invite(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        email: String,
        role_id: RoleId,
    ) -> async_graphql::Result<CreatedInvitation> {
        call!(ctx, create_invitation(&tenant, CreateInvitation { email, role_id, expires_in_hours: None }))
    }

    /// Revokes a pending invitation.
    async fn revoke_invitation(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: InvitationId,
    ) -> async_graphql::Result<bool> {
        call!(ctx, revoke_invitation(&tenant, id))?;
        Ok(true)
    }

    /// Accepts an invitation (no sign-in needed: the token is the credential).
    async fn accept_invitation(
        &self,
        ctx: &Context<'_>,
        token: String,
        password: Option<String>,
        display_name: Option<String>,
    ) -> async_graphql::Result<Accepted> {
        let req = AcceptInvitation { token, password, display_name };
        state(ctx)?.services.accept_invitation(request(ctx)?, req).await.map_err(|e| gql_error(ctx, e))
    }

    /// Adds a Cedar policy to the tenant's set.
    async fn create_policy(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        name: String,
        source: String,
    ) -> async_graphql::Result<Policy> {
        call!(ctx, create_policy(&tenant, CreatePolicy { name, source }))
    }

    /// Removes a policy.
    async fn delete_policy(&self, ctx: &Context<'_>, tenant: String, id: PolicyId) -> async_graphql::Result<bool> {
        call!(ctx, delete_policy(&tenant, id))?;
        Ok(true)
    }
}
