//! `/api/v1/semantic/*` (the registry, public) and `/api/v1/tenants/{tenant}/cmdb/*`: classes,
//! configuration items, relationships and graph queries, search, saved searches, import and
//! export. Each handler declares its permission as the bearer scope in OpenAPI and calls one
//! service method. CI changes are checked against the class-specific permission
//! (`cmdb:ci:update:<class>`) in the service; the scope shown is the permission that covers all
//! classes.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use futures::TryStreamExt;
use nimbus_core::api::cmdb::{
    Ci, CiClass, CiClassList, CiDiff, CiHistory, CiList, CreateCi, CreateCiClass, CreateRelationship,
    CreateSavedSearch, GraphResult, ImportResult, MappingList, PathResult, Relationship, RelationshipList, SavedSearch,
    SavedSearchList, SemanticTypeList, UpdateCi,
};
use nimbus_core::api::error::{ErrorCode, ErrorEnvelope};
use nimbus_core::ids::{CiId, RelationshipId, SavedSearchId};
use nimbus_core::semantic::ProviderKind;

use crate::error::ServiceError;
use crate::http::AppState;
use crate::http::error::{ApiError, TOO_LARGE};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client};
use crate::services::cmdb::{Direction, ImportFormat, WalkSpec};

/// `?provider=aws` on the mapping table.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MappingParams {
    /// Only this provider's mappings (`proxmox`, `aws`, `azure`, `gcp`, `oci`).
    pub provider: Option<String>,
}

/// `?q=…&limit=N&cursor=…` on CI search.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Search words and `field:value` filters (`web class:virtualmachine tag:env=prod attr:cpu_cores>=4`).
    pub q: Option<String>,
    /// Page size (1 to 1000, default 100).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// `?at=TIME` on a CI read.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AtParams {
    /// RFC 3339 time with an offset: the CI as it was then.
    #[param(value_type = Option<String>)]
    pub at: Option<DateTime<FixedOffset>>,
}

/// `?from=V&to=W` on a CI diff.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DiffParams {
    /// Older version (default: the one before `to`).
    pub from: Option<i64>,
    /// Newer version (default: the current one).
    pub to: Option<i64>,
}

/// Bounds of a graph query.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WalkParams {
    /// `out` (default), `in` or `both`; impact analysis ignores it.
    pub direction: Option<String>,
    /// Comma-separated relationship kinds to follow (all when absent).
    pub kinds: Option<String>,
    /// Largest number of hops (default 3).
    pub depth: Option<u32>,
    /// Largest number of CIs returned (default 1000, at most 100000).
    pub limit: Option<u32>,
}

impl WalkParams {
    fn spec(&self) -> Result<WalkSpec, ApiError> {
        Ok(WalkSpec {
            direction: Direction::parse(self.direction.as_deref().unwrap_or("out"))?,
            kinds: self
                .kinds
                .as_deref()
                .map(|k| k.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect())
                .unwrap_or_default(),
            depth: self.depth.unwrap_or(3),
            limit: self.limit.unwrap_or(1_000),
        })
    }
}

/// `?format=json|csv` on import and export, and `q` on export.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TransferParams {
    /// `json` (JSON Lines, default) or `csv`.
    pub format: Option<String>,
    /// Export only CIs matching this search.
    pub q: Option<String>,
}

/// The semantic registry: categories, types with their properties, relationship kinds.
#[utoipa::path(
    get,
    path = "/api/v1/semantic/types",
    tag = "cmdb",
    responses((status = 200, description = "The semantic registry", body = SemanticTypeList))
)]
pub async fn semantic_types() -> Json<SemanticTypeList> {
    Json(SemanticTypeList::current())
}

/// The provider → semantic mapping table.
#[utoipa::path(
    get,
    path = "/api/v1/semantic/mappings",
    tag = "cmdb",
    params(MappingParams),
    responses((status = 200, description = "The mapping table", body = MappingList), (status = 400, description = "Invalid request", body = ErrorEnvelope))
)]
pub async fn semantic_mappings(ApiQuery(q): ApiQuery<MappingParams>) -> Result<Json<MappingList>, ApiError> {
    let provider = match q.provider.as_deref() {
        None => None,
        Some(p) => Some(ProviderKind::parse(p).ok_or_else(|| {
            ApiError::from(ServiceError::Invalid {
                message: format!("provider: {p:?}; use proxmox, aws, azure, gcp or oci"),
            })
        })?),
    };
    Ok(Json(MappingList::current(provider)))
}

/// System classes and the tenant's custom classes.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/classes",
    tag = "cmdb",
    security(("bearer" = ["cmdb:class:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Classes", body = CiClassList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:class:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_classes(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<CiClassList>, ApiError> {
    Ok(Json(state.services.list_ci_classes(&p, &rc, &tenant).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/classes",
    tag = "cmdb",
    security(("bearer" = ["cmdb:class:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateCiClass,
    responses((status = 201, description = "Created", body = CiClass), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:class:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "The key is taken", body = ErrorEnvelope))
)]
pub async fn create_class(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateCiClass>,
) -> Result<(StatusCode, Json<CiClass>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_ci_class(&p, &rc, &tenant, body).await?)))
}

/// The class.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/classes/{class}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:class:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("class" = String, Path, description = "Class key")),
    responses((status = 200, description = "The class", body = CiClass), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:class:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_class(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, class)): ApiPath<(String, String)>,
) -> Result<Json<CiClass>, ApiError> {
    Ok(Json(state.services.get_ci_class(&p, &rc, &tenant, &class).await?))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/cmdb/classes/{class}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:class:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("class" = String, Path, description = "Class key")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:class:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "The class is in use or a system class", body = ErrorEnvelope))
)]
pub async fn delete_class(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, class)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_ci_class(&p, &rc, &tenant, &class).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// CIs matching a search, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), SearchParams),
    responses((status = 200, description = "CIs", body = CiList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn search_cis(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<SearchParams>,
) -> Result<Json<CiList>, ApiError> {
    let text = q.q.unwrap_or_default();
    Ok(Json(state.services.search_cis(&p, &rc, &tenant, &text, q.limit, q.cursor.as_deref()).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/cis",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateCi,
    responses((status = 201, description = "Created", body = Ci), (status = 400, description = "Invalid request (unknown class, attributes against the class schema, state)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:create:<class> here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "The external id is taken", body = ErrorEnvelope))
)]
pub async fn create_ci(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateCi>,
) -> Result<(StatusCode, Json<Ci>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_ci(&p, &rc, &tenant, body).await?)))
}

/// The CI, now or as of `at`.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id"), AtParams),
    responses((status = 200, description = "The CI", body = Ci), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_ci(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
    ApiQuery(q): ApiQuery<AtParams>,
) -> Result<Json<Ci>, ApiError> {
    let at = q.at.map(|t| t.with_timezone(&Utc));
    Ok(Json(state.services.get_ci(&p, &rc, &tenant, ci, at).await?))
}

/// Changed.
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id")),
    request_body = UpdateCi,
    responses((status = 200, description = "Changed", body = Ci), (status = 400, description = "Invalid request (attributes, illegal lifecycle transition)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:update:<class> here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Deleted, or changed meanwhile", body = ErrorEnvelope))
)]
pub async fn update_ci(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
    ApiJson(body): ApiJson<UpdateCi>,
) -> Result<Json<Ci>, ApiError> {
    Ok(Json(state.services.update_ci(&p, &rc, &tenant, ci, body).await?))
}

/// Deleted (soft; history and as-of reads remain).
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:delete:<class> here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Already deleted", body = ErrorEnvelope))
)]
pub async fn delete_ci(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_ci(&p, &rc, &tenant, ci).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every version, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}/history",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id")),
    responses((status = 200, description = "Versions", body = CiHistory), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn ci_history(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
) -> Result<Json<CiHistory>, ApiError> {
    Ok(Json(state.services.ci_history(&p, &rc, &tenant, ci).await?))
}

/// What changed between two versions.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}/diff",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id"), DiffParams),
    responses((status = 200, description = "Changes", body = CiDiff), (status = 400, description = "No such version", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn ci_diff(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
    ApiQuery(q): ApiQuery<DiffParams>,
) -> Result<Json<CiDiff>, ApiError> {
    let (from, to) = match (q.from, q.to) {
        (Some(f), Some(t)) => (f, t),
        (f, t) => {
            let current = state.services.get_ci(&p, &rc, &tenant, ci, None).await?.version;
            let to = t.unwrap_or(current);
            (f.unwrap_or((to - 1).max(1)), to)
        }
    };
    Ok(Json(state.services.ci_diff(&p, &rc, &tenant, ci, from, to).await?))
}

/// The CI's live relationships, both directions.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}/relationships",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id")),
    responses((status = 200, description = "Relationships", body = RelationshipList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn ci_relationships(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
) -> Result<Json<RelationshipList>, ApiError> {
    Ok(Json(state.services.ci_relationships(&p, &rc, &tenant, ci).await?))
}

/// CIs reachable from this one.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}/graph",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id"), WalkParams),
    responses((status = 200, description = "Reached CIs and relationships", body = GraphResult), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn ci_graph(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
    ApiQuery(q): ApiQuery<WalkParams>,
) -> Result<Json<GraphResult>, ApiError> {
    Ok(Json(state.services.ci_traverse(&p, &rc, &tenant, ci, q.spec()?).await?))
}

/// What is impacted, transitively, if this CI fails or goes away.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}/impact",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "CI id"), WalkParams),
    responses((status = 200, description = "Impacted CIs", body = GraphResult), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn ci_impact(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci)): ApiPath<(String, CiId)>,
    ApiQuery(q): ApiQuery<WalkParams>,
) -> Result<Json<GraphResult>, ApiError> {
    Ok(Json(state.services.ci_impact(&p, &rc, &tenant, ci, q.spec()?).await?))
}

/// A shortest path between two CIs.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/cis/{ci}/path/{target}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci" = CiId, Path, description = "Start CI"), ("target" = CiId, Path, description = "End CI"), WalkParams),
    responses((status = 200, description = "The path (empty when none within the depth)", body = PathResult), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn ci_path(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci, target)): ApiPath<(String, CiId, CiId)>,
    ApiQuery(q): ApiQuery<WalkParams>,
) -> Result<Json<PathResult>, ApiError> {
    let mut spec = q.spec()?;
    if q.direction.is_none() {
        spec.direction = Direction::Both;
    }
    Ok(Json(state.services.ci_path(&p, &rc, &tenant, ci, target, spec).await?))
}

/// Created.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/relationships",
    tag = "cmdb",
    security(("bearer" = ["cmdb:relationship:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateRelationship,
    responses((status = 201, description = "Created", body = Relationship), (status = 400, description = "Invalid request (unknown kind, ends that the kind does not allow)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:relationship:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "It exists already", body = ErrorEnvelope))
)]
pub async fn create_relationship(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateRelationship>,
) -> Result<(StatusCode, Json<Relationship>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_relationship(&p, &rc, &tenant, body).await?)))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/cmdb/relationships/{relationship}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:relationship:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("relationship" = RelationshipId, Path, description = "Relationship id")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:relationship:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_relationship(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, rel)): ApiPath<(String, RelationshipId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_relationship(&p, &rc, &tenant, rel).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your saved searches.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/searches",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Saved searches", body = SavedSearchList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_searches(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<SavedSearchList>, ApiError> {
    Ok(Json(state.services.list_saved_searches(&p, &rc, &tenant).await?))
}

/// Saved.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/searches",
    tag = "cmdb",
    security(("bearer" = ["cmdb:search:save"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateSavedSearch,
    responses((status = 201, description = "Saved", body = SavedSearch), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:search:save here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "The name is taken", body = ErrorEnvelope))
)]
pub async fn save_search(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateSavedSearch>,
) -> Result<(StatusCode, Json<SavedSearch>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.save_search(&p, &rc, &tenant, body).await?)))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/cmdb/searches/{search}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:search:save"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("search" = SavedSearchId, Path, description = "Saved search id")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:search:save here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_search(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, id)): ApiPath<(String, SavedSearchId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_saved_search(&p, &rc, &tenant, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Imports CIs and relationships (JSON Lines or CSV), idempotent by external id.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/import",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:import"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), TransferParams),
    request_body(content = String, content_type = "application/x-ndjson", description = "JSON Lines or CSV records"),
    responses((status = 200, description = "What the import did", body = ImportResult), (status = 400, description = "A record is invalid (its line and field are named)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:import here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn import_cis(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<TransferParams>,
    body: Body,
) -> Result<Json<ImportResult>, ApiError> {
    let format = ImportFormat::parse(q.format.as_deref().unwrap_or("json"))?;
    // A body without a declared length that streams past the limit is cut off mid-way; that
    // is answered as the 413 it is, not as an unreadable body.
    let cut_off = std::sync::atomic::AtomicBool::new(false);
    let stream = body.into_data_stream().inspect_err(|e| {
        if is_length_limit(e) {
            cut_off.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    match state.services.import_cis(&p, &rc, &tenant, format, stream).await {
        Ok(done) => Ok(Json(done)),
        Err(_) if cut_off.load(std::sync::atomic::Ordering::Relaxed) => {
            Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, TOO_LARGE))
        }
        Err(e) => Err(e.into()),
    }
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// Exports CIs matching a search (JSON Lines or CSV), streamed.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/export",
    tag = "cmdb",
    security(("bearer" = ["cmdb:ci:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), TransferParams),
    responses((status = 200, description = "The export, streamed", content_type = "application/x-ndjson"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:ci:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn export_cis(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<TransferParams>,
) -> Result<Response, ApiError> {
    let format = ImportFormat::parse(q.format.as_deref().unwrap_or("json"))?;
    let query = q.q.unwrap_or_default();
    // The first page is fetched here so an invalid query or a refusal is a proper error response.
    let first = state.services.export_page(&p, &rc, &tenant, &query, format, None).await?;
    let content_type = if format == ImportFormat::Csv { "text/csv" } else { "application/x-ndjson" };
    // Each step yields a page and fetches the next while the client reads this one.
    let stream = futures::stream::unfold(Some(first), move |page| {
        let state = state.clone();
        let (p, rc, tenant, query) = (p.clone(), rc.clone(), tenant.clone(), query.clone());
        async move {
            let (chunk, cursor) = page?;
            let next = match cursor {
                None => None,
                Some(c) => match state.services.export_page(&p, &rc, &tenant, &query, format, Some(c)).await {
                    Ok(next) => Some(next),
                    Err(e) => {
                        // Headers are gone; ending the body short is all that is left to do.
                        tracing::warn!(error = %e, "a CMDB export stopped early");
                        None
                    }
                },
            };
            Some((Ok::<_, std::io::Error>(chunk), next))
        }
    });
    Ok(([(header::CONTENT_TYPE, content_type)], Body::from_stream(stream)).into_response())
}
