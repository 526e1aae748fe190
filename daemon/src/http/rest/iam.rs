//! `/api/v1/tenants/{tenant}/{users,groups,roles,assignments,policies,check}` and
//! `/api/v1/permissions`. Each handler declares its permission as the bearer scope in OpenAPI
//! (the route table test holds every route to that) and calls one service method.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nimbus_core::api::apikeys::{ApiKeyList, CreateApiKey, CreatedApiKey};
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::api::iam::{
    AddGroupMember, Assignment, AssignmentList, CheckRequest, CheckResult, CreateAssignment, CreateGroup, CreatePolicy,
    CreateRole, CreateUser, Group, GroupList, PermissionList, Policy, PolicyList, Role, RoleList, UpdateRole,
    UpdateUser, User, UserList,
};
use nimbus_core::api::invitations::{CreateInvitation, CreatedInvitation, InvitationList};
use nimbus_core::ids::{ApiKeyId, AssignmentId, GroupId, InvitationId, PolicyId, RoleId, UserId};

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client, SearchQuery};

/// Users of the tenant (home and members).
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/users",
    tag = "iam",
    security(("bearer" = ["iam:user:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), SearchQuery),
    responses((status = 200, description = "Users of the tenant (home and members)", body = UserList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:user:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_users(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<UserList>, ApiError> {
    Ok(Json(state.services.list_users(&p, &rc, &tenant, q.q.as_deref()).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/users",
    tag = "iam",
    security(("bearer" = ["iam:user:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateUser,
    responses((status = 201, description = "Created", body = User), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:user:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_user(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_user(&p, &rc, &tenant, body).await?)))
}

/// The user.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/users/{user}",
    tag = "iam",
    security(("bearer" = ["iam:user:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("user" = UserId, Path, description = "User id")),
    responses((status = 200, description = "The user", body = User), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:user:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_user(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, user)): ApiPath<(String, UserId)>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(state.services.get_user(&p, &rc, &tenant, user).await?))
}

/// Updated.
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}/users/{user}",
    tag = "iam",
    security(("bearer" = ["iam:user:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("user" = UserId, Path, description = "User id")),
    request_body = UpdateUser,
    responses((status = 200, description = "Updated", body = User), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:user:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_user(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, user)): ApiPath<(String, UserId)>,
    ApiJson(body): ApiJson<UpdateUser>,
) -> Result<Json<User>, ApiError> {
    Ok(Json(state.services.update_user(&p, &rc, &tenant, user, body).await?))
}

/// Deleted, or removed from the tenant.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/users/{user}",
    tag = "iam",
    security(("bearer" = ["iam:user:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("user" = UserId, Path, description = "User id")),
    responses((status = 204, description = "Deleted, or removed from the tenant"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:user:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_user(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, user)): ApiPath<(String, UserId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_user(&p, &rc, &tenant, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Groups with their direct members.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/groups",
    tag = "iam",
    security(("bearer" = ["iam:group:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Groups with their direct members", body = GroupList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:group:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_groups(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<GroupList>, ApiError> {
    Ok(Json(state.services.list_groups(&p, &rc, &tenant).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/groups",
    tag = "iam",
    security(("bearer" = ["iam:group:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateGroup,
    responses((status = 201, description = "Created", body = Group), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:group:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_group(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateGroup>,
) -> Result<(StatusCode, Json<Group>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_group(&p, &rc, &tenant, body).await?)))
}

/// The group.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/groups/{group}",
    tag = "iam",
    security(("bearer" = ["iam:group:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("group" = GroupId, Path, description = "Group id")),
    responses((status = 200, description = "The group", body = Group), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:group:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_group(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, group)): ApiPath<(String, GroupId)>,
) -> Result<Json<Group>, ApiError> {
    Ok(Json(state.services.get_group(&p, &rc, &tenant, group).await?))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/groups/{group}",
    tag = "iam",
    security(("bearer" = ["iam:group:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("group" = GroupId, Path, description = "Group id")),
    responses((status = 204, description = "Deleted"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:group:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_group(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, group)): ApiPath<(String, GroupId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_group(&p, &rc, &tenant, group).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Member added.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/groups/{group}/members",
    tag = "iam",
    security(("bearer" = ["iam:group:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("group" = GroupId, Path, description = "Group id")),
    request_body = AddGroupMember,
    responses((status = 200, description = "Member added", body = Group), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:group:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn add_group_member(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, group)): ApiPath<(String, GroupId)>,
    ApiJson(body): ApiJson<AddGroupMember>,
) -> Result<Json<Group>, ApiError> {
    Ok(Json(state.services.add_group_member(&p, &rc, &tenant, group, body).await?))
}

/// Member removed.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/groups/{group}/members/{member}",
    tag = "iam",
    security(("bearer" = ["iam:group:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("group" = GroupId, Path, description = "Group id"), ("member" = uuid::Uuid, Path, description = "User or group id")),
    responses((status = 200, description = "Member removed", body = Group), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:group:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn remove_group_member(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, group, member)): ApiPath<(String, GroupId, uuid::Uuid)>,
) -> Result<Json<Group>, ApiError> {
    Ok(Json(state.services.remove_group_member(&p, &rc, &tenant, group, member).await?))
}

/// System roles, then the tenant's custom roles.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/roles",
    tag = "iam",
    security(("bearer" = ["iam:role:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "System roles, then the tenant's custom roles", body = RoleList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:role:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_roles(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<RoleList>, ApiError> {
    Ok(Json(state.services.list_roles(&p, &rc, &tenant).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/roles",
    tag = "iam",
    security(("bearer" = ["iam:role:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateRole,
    responses((status = 201, description = "Created", body = Role), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:role:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_role(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateRole>,
) -> Result<(StatusCode, Json<Role>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_role(&p, &rc, &tenant, body).await?)))
}

/// The role.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/roles/{role}",
    tag = "iam",
    security(("bearer" = ["iam:role:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("role" = RoleId, Path, description = "Role id")),
    responses((status = 200, description = "The role", body = Role), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:role:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_role(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, role)): ApiPath<(String, RoleId)>,
) -> Result<Json<Role>, ApiError> {
    Ok(Json(state.services.get_role(&p, &rc, &tenant, role).await?))
}

/// Updated.
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}/roles/{role}",
    tag = "iam",
    security(("bearer" = ["iam:role:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("role" = RoleId, Path, description = "Role id")),
    request_body = UpdateRole,
    responses((status = 200, description = "Updated", body = Role), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:role:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_role(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, role)): ApiPath<(String, RoleId)>,
    ApiJson(body): ApiJson<UpdateRole>,
) -> Result<Json<Role>, ApiError> {
    Ok(Json(state.services.update_role(&p, &rc, &tenant, role, body).await?))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/roles/{role}",
    tag = "iam",
    security(("bearer" = ["iam:role:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("role" = RoleId, Path, description = "Role id")),
    responses((status = 204, description = "Deleted"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:role:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_role(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, role)): ApiPath<(String, RoleId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_role(&p, &rc, &tenant, role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Role assignments made in the tenant.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/assignments",
    tag = "iam",
    security(("bearer" = ["iam:assignment:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Role assignments made in the tenant", body = AssignmentList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:assignment:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_assignments(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<AssignmentList>, ApiError> {
    Ok(Json(state.services.list_assignments(&p, &rc, &tenant).await?))
}

/// Granted.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/assignments",
    tag = "iam",
    security(("bearer" = ["iam:assignment:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateAssignment,
    responses((status = 201, description = "Granted", body = Assignment), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:assignment:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_assignment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateAssignment>,
) -> Result<(StatusCode, Json<Assignment>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_assignment_dto(&p, &rc, &tenant, body).await?)))
}

/// Revoked.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/assignments/{assignment}",
    tag = "iam",
    security(("bearer" = ["iam:assignment:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("assignment" = AssignmentId, Path, description = "Assignment id")),
    responses((status = 204, description = "Revoked"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:assignment:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_assignment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, assignment)): ApiPath<(String, AssignmentId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_assignment(&p, &rc, &tenant, assignment).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant's Cedar policies.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/policies",
    tag = "iam",
    security(("bearer" = ["iam:policy:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant's Cedar policies", body = PolicyList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:policy:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_policies(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<PolicyList>, ApiError> {
    Ok(Json(state.services.list_policies(&p, &rc, &tenant).await?))
}

/// Added (the whole set compiles).
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/policies",
    tag = "iam",
    security(("bearer" = ["iam:policy:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreatePolicy,
    responses((status = 201, description = "Added (the whole set compiles)", body = Policy), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:policy:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_policy(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreatePolicy>,
) -> Result<(StatusCode, Json<Policy>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_policy(&p, &rc, &tenant, body).await?)))
}

/// Removed.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/policies/{policy}",
    tag = "iam",
    security(("bearer" = ["iam:policy:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("policy" = PolicyId, Path, description = "Policy id")),
    responses((status = 204, description = "Removed"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:policy:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_policy(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, policy)): ApiPath<(String, PolicyId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_policy(&p, &rc, &tenant, policy).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The decision and what decided it.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/check",
    tag = "iam",
    security(("bearer" = ["iam:decision:explain"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CheckRequest,
    responses((status = 200, description = "The decision and what decided it", body = CheckResult), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:decision:explain here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn check(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CheckRequest>,
) -> Result<Json<CheckResult>, ApiError> {
    Ok(Json(state.services.explain(&p, &rc, &tenant, body).await?))
}

/// The tenant's API keys (never their secrets).
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/apikeys",
    tag = "iam",
    security(("bearer" = ["iam:apikey:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant's API keys (never their secrets)", body = ApiKeyList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:apikey:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_api_keys(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<ApiKeyList>, ApiError> {
    Ok(Json(state.services.list_api_keys(&p, &rc, &tenant).await?))
}

/// Created; the secret is shown only in this answer.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/apikeys",
    tag = "iam",
    security(("bearer" = ["iam:apikey:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateApiKey,
    responses((status = 201, description = "Created; the secret is shown only in this answer", body = CreatedApiKey), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:apikey:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_api_key(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateApiKey>,
) -> Result<(StatusCode, Json<CreatedApiKey>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_api_key(&p, &rc, &tenant, body).await?)))
}

/// Revoked.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/apikeys/{apikey}",
    tag = "iam",
    security(("bearer" = ["iam:apikey:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("apikey" = ApiKeyId, Path, description = "API key id")),
    responses((status = 204, description = "Revoked"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:apikey:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn revoke_api_key(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, apikey)): ApiPath<(String, ApiKeyId)>,
) -> Result<StatusCode, ApiError> {
    state.services.revoke_api_key(&p, &rc, &tenant, apikey).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// New secret; the old one stops working at once.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/apikeys/{apikey}/rotate",
    tag = "iam",
    security(("bearer" = ["iam:apikey:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("apikey" = ApiKeyId, Path, description = "API key id")),
    responses((status = 200, description = "New secret; the old one stops working at once", body = CreatedApiKey), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:apikey:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn rotate_api_key(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, apikey)): ApiPath<(String, ApiKeyId)>,
) -> Result<Json<CreatedApiKey>, ApiError> {
    Ok(Json(state.services.rotate_api_key(&p, &rc, &tenant, apikey).await?))
}

/// The tenant's invitations, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/invitations",
    tag = "iam",
    security(("bearer" = ["iam:invitation:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant's invitations, newest first", body = InvitationList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:invitation:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_invitations(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<InvitationList>, ApiError> {
    Ok(Json(state.services.list_invitations(&p, &rc, &tenant).await?))
}

/// Invited (or the pending invitation re-sent); the token is shown only here.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/invitations",
    tag = "iam",
    security(("bearer" = ["iam:invitation:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateInvitation,
    responses((status = 201, description = "Invited (or the pending invitation re-sent); the token is shown only here", body = CreatedInvitation), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:invitation:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_invitation(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateInvitation>,
) -> Result<(StatusCode, Json<CreatedInvitation>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_invitation(&p, &rc, &tenant, body).await?)))
}

/// Revoked.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/invitations/{invitation}",
    tag = "iam",
    security(("bearer" = ["iam:invitation:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("invitation" = InvitationId, Path, description = "Invitation id")),
    responses((status = 204, description = "Revoked"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:invitation:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn revoke_invitation(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, invitation)): ApiPath<(String, InvitationId)>,
) -> Result<StatusCode, ApiError> {
    state.services.revoke_invitation(&p, &rc, &tenant, invitation).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every permission the daemon checks.
#[utoipa::path(
    get,
    path = "/api/v1/permissions",
    tag = "iam",
    security(("bearer" = ["iam:permission:read"])),
    responses((status = 200, description = "Every permission the daemon checks", body = PermissionList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack iam:permission:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn permissions(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
) -> Result<Json<PermissionList>, ApiError> {
    Ok(Json(state.services.permissions(&p, &rc).await?))
}
