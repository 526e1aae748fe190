//! `/api/v1/tenants` and `/api/v1/tenants/{tenant}/compartments`. Generated shape: each
//! handler declares its permission as the bearer scope in OpenAPI (the route table test holds
//! every route to that) and calls one service method, which checks exactly that permission.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::api::tenancy::{
    Compartment, CompartmentList, CreateCompartment, CreateTenant, MoveCompartment, Tenant, TenantList,
    UpdateCompartment, UpdateTenant,
};
use nimbus_core::ids::CompartmentId;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client, ContextTenant, ListTenantsQuery};

/// The context tenant (X-Nimbus-Tenant or your own) and its sub-tenants.
#[utoipa::path(
    get,
    path = "/api/v1/tenants",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:read"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ListTenantsQuery),
    responses((status = 200, description = "The context tenant (X-Nimbus-Tenant or your own) and its sub-tenants", body = TenantList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_tenants(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiQuery(q): ApiQuery<ListTenantsQuery>,
) -> Result<Json<TenantList>, ApiError> {
    Ok(Json(state.services.list_tenants(&p, &rc, ctx.as_deref(), q.include_deleted.unwrap_or(false)).await?))
}

/// Sub-tenant of the context tenant created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:create"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted")),
    request_body = CreateTenant,
    responses((status = 201, description = "Sub-tenant of the context tenant created", body = Tenant), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_tenant(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiJson(body): ApiJson<CreateTenant>,
) -> Result<(StatusCode, Json<Tenant>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_tenant(&p, &rc, ctx.as_deref(), body).await?)))
}

/// The tenant.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant", body = Tenant), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_tenant(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<Tenant>, ApiError> {
    Ok(Json(state.services.get_tenant(&p, &rc, &tenant).await?))
}

/// Updated (quotas need the permission at the parent).
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = UpdateTenant,
    responses((status = 200, description = "Updated (quotas need the permission at the parent)", body = Tenant), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_tenant(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateTenant>,
) -> Result<Json<Tenant>, ApiError> {
    Ok(Json(state.services.update_tenant(&p, &rc, &tenant, body).await?))
}

/// Soft-deleted; restore with POST …/restore.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 204, description = "Soft-deleted; restore with POST …/restore"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_tenant(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_tenant(&p, &rc, &tenant).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Restored.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/restore",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Restored", body = Tenant), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn restore_tenant(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<Tenant>, ApiError> {
    Ok(Json(state.services.restore_tenant(&p, &rc, &tenant).await?))
}

/// Purged: its data is erased, audit records stay.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/purge",
    tag = "tenancy",
    security(("bearer" = ["tenant:tenant:purge"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Purged: its data is erased, audit records stay", body = Tenant), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:tenant:purge here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn purge_tenant(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<Tenant>, ApiError> {
    Ok(Json(state.services.purge_tenant(&p, &rc, &tenant).await?))
}

/// Compartments by path.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/compartments",
    tag = "tenancy",
    security(("bearer" = ["tenant:compartment:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Compartments by path", body = CompartmentList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:compartment:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_compartments(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<CompartmentList>, ApiError> {
    Ok(Json(state.services.list_compartments(&p, &rc, &tenant).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/compartments",
    tag = "tenancy",
    security(("bearer" = ["tenant:compartment:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateCompartment,
    responses((status = 201, description = "Created", body = Compartment), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:compartment:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_compartment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateCompartment>,
) -> Result<(StatusCode, Json<Compartment>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_compartment(&p, &rc, &tenant, body).await?)))
}

/// The compartment.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/compartments/{compartment}",
    tag = "tenancy",
    security(("bearer" = ["tenant:compartment:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("compartment" = CompartmentId, Path, description = "Compartment id")),
    responses((status = 200, description = "The compartment", body = Compartment), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:compartment:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_compartment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, compartment)): ApiPath<(String, CompartmentId)>,
) -> Result<Json<Compartment>, ApiError> {
    Ok(Json(state.services.get_compartment(&p, &rc, &tenant, compartment).await?))
}

/// Updated.
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}/compartments/{compartment}",
    tag = "tenancy",
    security(("bearer" = ["tenant:compartment:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("compartment" = CompartmentId, Path, description = "Compartment id")),
    request_body = UpdateCompartment,
    responses((status = 200, description = "Updated", body = Compartment), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:compartment:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_compartment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, compartment)): ApiPath<(String, CompartmentId)>,
    ApiJson(body): ApiJson<UpdateCompartment>,
) -> Result<Json<Compartment>, ApiError> {
    Ok(Json(state.services.update_compartment(&p, &rc, &tenant, compartment, body).await?))
}

/// Moved.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/compartments/{compartment}/move",
    tag = "tenancy",
    security(("bearer" = ["tenant:compartment:move"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("compartment" = CompartmentId, Path, description = "Compartment id")),
    request_body = MoveCompartment,
    responses((status = 200, description = "Moved", body = Compartment), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:compartment:move here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn move_compartment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, compartment)): ApiPath<(String, CompartmentId)>,
    ApiJson(body): ApiJson<MoveCompartment>,
) -> Result<Json<Compartment>, ApiError> {
    Ok(Json(state.services.move_compartment(&p, &rc, &tenant, compartment, body).await?))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/compartments/{compartment}",
    tag = "tenancy",
    security(("bearer" = ["tenant:compartment:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("compartment" = CompartmentId, Path, description = "Compartment id")),
    responses((status = 204, description = "Deleted"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack tenant:compartment:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_compartment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, compartment)): ApiPath<(String, CompartmentId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_compartment(&p, &rc, &tenant, compartment).await?;
    Ok(StatusCode::NO_CONTENT)
}
