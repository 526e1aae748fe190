//! `/api/v1/tenants/{tenant}/audit…` and `/api/v1/audit/…`: the audit log's REST surface. Each
//! handler declares its permission as the bearer scope in OpenAPI and calls one service method,
//! which checks exactly that permission.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use nimbus_core::api::audit::{
    ArchiveRunReport, ArchiveSegmentList, AuditPage, AuditPublicKey, AuditQuery, AuditSettings, CheckpointList,
    ConsistencyProof, ExportParams, InclusionProof, SaveQuery, SavedQuery, SavedQueryList, Taxonomy,
    UpdateAuditSettings, VerifyParams, VerifyReport,
};
use nimbus_core::api::error::ErrorEnvelope;
use uuid::Uuid;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client};

/// `?from=SIZE&limit=N` on checkpoint listings.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckpointsQuery {
    /// Smallest size to list.
    pub from: Option<u64>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<u32>,
}

/// `?seq=N[&size=S]`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The record.
    pub seq: u64,
    /// The checkpoint's size (default: the newest).
    pub size: Option<u64>,
}

/// `?old=SIZE[&new=SIZE]`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The older checkpoint's size.
    pub old: u64,
    /// The newer checkpoint's size (default: the newest).
    pub new: Option<u64>,
}

/// Records matching the filters, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit",
    tag = "audit",
    security(("bearer" = ["audit:log:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), AuditQuery),
    responses((status = 200, description = "Records matching the filters, newest first", body = AuditPage), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn query_audit(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    Ok(Json(state.services.query_audit(&p, &rc, &tenant, &q).await?))
}

/// What verification found (ok, or the first bad sequence number).
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/verify",
    tag = "audit",
    security(("bearer" = ["audit:log:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), VerifyParams),
    responses((status = 200, description = "What verification found (ok, or the first bad sequence number)", body = VerifyReport), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn verify_audit(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<VerifyParams>,
) -> Result<Json<VerifyReport>, ApiError> {
    Ok(Json(state.services.verify_audit(&p, &rc, &tenant, &q).await?))
}

/// Signed checkpoints, by size.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/checkpoints",
    tag = "audit",
    security(("bearer" = ["audit:log:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), CheckpointsQuery),
    responses((status = 200, description = "Signed checkpoints, by size", body = CheckpointList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn audit_checkpoints(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<CheckpointsQuery>,
) -> Result<Json<CheckpointList>, ApiError> {
    Ok(Json(state.services.audit_checkpoints(&p, &rc, &tenant, q.from, q.limit).await?))
}

/// Inclusion proof of a record.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/proofs/inclusion",
    tag = "audit",
    security(("bearer" = ["audit:log:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), InclusionQuery),
    responses((status = 200, description = "Inclusion proof of a record", body = InclusionProof), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn audit_inclusion(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<InclusionQuery>,
) -> Result<Json<InclusionProof>, ApiError> {
    Ok(Json(state.services.audit_inclusion(&p, &rc, &tenant, q.seq, q.size).await?))
}

/// Consistency proof between two checkpoints.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/proofs/consistency",
    tag = "audit",
    security(("bearer" = ["audit:log:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ConsistencyQuery),
    responses((status = 200, description = "Consistency proof between two checkpoints", body = ConsistencyProof), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn audit_consistency(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<ConsistencyQuery>,
) -> Result<Json<ConsistencyProof>, ApiError> {
    Ok(Json(state.services.audit_consistency(&p, &rc, &tenant, q.old, q.new).await?))
}

/// The tenant's audit settings.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/settings",
    tag = "audit",
    security(("bearer" = ["audit:settings:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant's audit settings", body = AuditSettings), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:settings:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn audit_settings(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<AuditSettings>, ApiError> {
    Ok(Json(state.services.audit_settings(&p, &rc, &tenant).await?))
}

/// Updated.
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}/audit/settings",
    tag = "audit",
    security(("bearer" = ["audit:settings:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = UpdateAuditSettings,
    responses((status = 200, description = "Updated", body = AuditSettings), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:settings:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_audit_settings(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateAuditSettings>,
) -> Result<Json<AuditSettings>, ApiError> {
    Ok(Json(state.services.update_audit_settings(&p, &rc, &tenant, body).await?))
}

/// Your saved queries and the shared ones.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/queries",
    tag = "audit",
    security(("bearer" = ["audit:log:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Your saved queries and the shared ones", body = SavedQueryList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_audit_queries(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<SavedQueryList>, ApiError> {
    Ok(Json(state.services.saved_audit_queries(&p, &rc, &tenant).await?))
}

/// Saved.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/audit/queries",
    tag = "audit",
    security(("bearer" = ["audit:query:save"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = SaveQuery,
    responses((status = 201, description = "Saved", body = SavedQuery), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:query:save here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn save_audit_query(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<SaveQuery>,
) -> Result<(StatusCode, Json<SavedQuery>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.save_audit_query(&p, &rc, &tenant, body).await?)))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/audit/queries/{query}",
    tag = "audit",
    security(("bearer" = ["audit:query:save"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("query" = Uuid, Path, description = "Saved query id")),
    responses((status = 204, description = "Deleted"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:query:save here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_audit_query(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, query)): ApiPath<(String, Uuid)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_audit_query(&p, &rc, &tenant, query).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The records and the checkpoints that cover them, streamed (NDJSON, JSON or CSV).
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/export",
    tag = "audit",
    security(("bearer" = ["audit:log:export"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ExportParams),
    responses((status = 200, description = "The export, streamed", content_type = "application/x-ndjson"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:export here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn export_audit(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<ExportParams>,
) -> Result<Response, ApiError> {
    let export = state.services.export_audit(&p, &rc, &tenant, &q).await?;
    let stream = futures::stream::unfold(export.body, |mut rx| async move { rx.recv().await.map(|c| (c, rx)) });
    Ok((
        [
            (header::CONTENT_TYPE, export.content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{}\"", export.file_name)),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// The key checkpoints are signed with. Public: anyone holding an export or a checkpoint may verify it.
#[utoipa::path(
    get,
    path = "/api/v1/audit/public-key",
    tag = "audit",
    responses((status = 200, description = "The checkpoint signing key", body = AuditPublicKey))
)]
pub async fn audit_public_key(State(state): State<Arc<AppState>>) -> Json<AuditPublicKey> {
    Json(state.services.audit_public_key())
}

/// The documented audit event types.
#[utoipa::path(
    get,
    path = "/api/v1/audit/taxonomy",
    tag = "audit",
    responses((status = 200, description = "The documented audit event types", body = Taxonomy))
)]
pub async fn audit_taxonomy(State(state): State<Arc<AppState>>) -> Json<Taxonomy> {
    Json(state.services.audit_taxonomy())
}

/// Moves records past the tenant's retention window into the archive.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/audit/archive/run",
    tag = "audit",
    security(("bearer" = ["audit:archive:run"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "What was archived", body = ArchiveRunReport), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:archive:run here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn run_audit_archival(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<ArchiveRunReport>, ApiError> {
    Ok(Json(state.services.run_audit_archival(&p, &rc, &tenant).await?))
}

/// The tenant's archived segments.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/archive",
    tag = "audit",
    security(("bearer" = ["audit:archive:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant's archived segments", body = ArchiveSegmentList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:archive:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_audit_archive(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<ArchiveSegmentList>, ApiError> {
    Ok(Json(state.services.audit_archive_segments(&p, &rc, &tenant).await?))
}

/// One archived segment as stored (gzip-compressed NDJSON, checked against its manifest).
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/audit/archive/{first_seq}",
    tag = "audit",
    security(("bearer" = ["audit:archive:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("first_seq" = u64, Path, description = "The segment's first record")),
    responses((status = 200, description = "The segment", content_type = "application/gzip"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:archive:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn fetch_audit_segment(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, first_seq)): ApiPath<(String, u64)>,
) -> Result<Response, ApiError> {
    let bytes = state.services.fetch_audit_segment(&p, &rc, &tenant, first_seq).await?;
    Ok(([(header::CONTENT_TYPE, "application/gzip")], Body::from(bytes)).into_response())
}
