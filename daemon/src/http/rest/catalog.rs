//! `/api/v1/tenants/{tenant}/cmdb/templates/*` (CI templates) and
//! `/api/v1/tenants/{tenant}/catalog/*` (offerings, price lists, pins, cost estimates). Each
//! handler declares its permission as the bearer scope in OpenAPI and calls one service method.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, FixedOffset, Utc};
use nimbus_core::api::catalog::{
    CiTemplate, CiTemplateList, CostEstimate, CreateCiTemplate, CreateOffering, CreatePin, CreatePriceList,
    InstantiateTemplate, Offering, OfferingList, Pin, PinList, PriceList, PriceListList, SetDraftPrices,
    TemplateInstance,
};
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::ids::PinId;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client};

/// `?q=…&at=…&price_list=…` on a cost estimate.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EstimateParams {
    /// The CIs to price: a search (`class:virtualmachine tag:env=prod`); all live CIs when absent.
    pub q: Option<String>,
    /// RFC 3339 time with an offset: the version in force then (default now).
    #[param(value_type = Option<String>)]
    pub at: Option<DateTime<FixedOffset>>,
    /// Price list name or id (needed when no pin is in force and there are several).
    pub price_list: Option<String>,
}

/// The tenant's CI templates.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/templates",
    tag = "cmdb",
    security(("bearer" = ["cmdb:template:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Templates", body = CiTemplateList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:template:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_ci_templates(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<CiTemplateList>, ApiError> {
    Ok(Json(state.services.list_ci_templates(&p, &rc, &tenant).await?))
}

/// Creates a CI template (checked whole: classes, placeholders, relationship constraints).
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/templates",
    tag = "cmdb",
    security(("bearer" = ["cmdb:template:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateCiTemplate,
    responses((status = 201, description = "Created", body = CiTemplate), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 409, description = "The name is taken", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:template:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn create_ci_template(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateCiTemplate>,
) -> Result<(StatusCode, Json<CiTemplate>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_ci_template(&p, &rc, &tenant, body).await?)))
}

/// One CI template.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/cmdb/templates/{ci_template}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:template:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci_template" = String, Path, description = "Template name or id")),
    responses((status = 200, description = "The template", body = CiTemplate), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:template:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_ci_template(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci_template)): ApiPath<(String, String)>,
) -> Result<Json<CiTemplate>, ApiError> {
    Ok(Json(state.services.get_ci_template(&p, &rc, &tenant, &ci_template).await?))
}

/// Deleted (CIs made from it stay).
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/cmdb/templates/{ci_template}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:template:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci_template" = String, Path, description = "Template name or id")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:template:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_ci_template(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci_template)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_ci_template(&p, &rc, &tenant, &ci_template).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Creates a template's CIs and relationships in one transaction (each class's create permission applies too).
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/cmdb/templates/{ci_template}/instantiate",
    tag = "cmdb",
    security(("bearer" = ["cmdb:template:instantiate"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("ci_template" = String, Path, description = "Template name or id")),
    request_body = InstantiateTemplate,
    responses((status = 201, description = "Every CI and relationship, created in one transaction", body = TemplateInstance), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:template:instantiate here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn instantiate_ci_template(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, ci_template)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<InstantiateTemplate>,
) -> Result<(StatusCode, Json<TemplateInstance>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.instantiate_ci_template(&p, &rc, &tenant, &ci_template, body).await?)))
}

/// The tenant's service offerings.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/catalog/offerings",
    tag = "cmdb",
    security(("bearer" = ["cmdb:offering:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Offerings", body = OfferingList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:offering:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_offerings(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<OfferingList>, ApiError> {
    Ok(Json(state.services.list_offerings(&p, &rc, &tenant).await?))
}

/// Creates a service offering covering CI classes.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/catalog/offerings",
    tag = "cmdb",
    security(("bearer" = ["cmdb:offering:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateOffering,
    responses((status = 201, description = "Created", body = Offering), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 409, description = "The key is taken", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:offering:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn create_offering(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateOffering>,
) -> Result<(StatusCode, Json<Offering>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_offering(&p, &rc, &tenant, body).await?)))
}

/// One offering.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/catalog/offerings/{offering}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:offering:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("offering" = String, Path, description = "Offering key or id")),
    responses((status = 200, description = "The offering", body = Offering), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:offering:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_offering(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, offering)): ApiPath<(String, String)>,
) -> Result<Json<Offering>, ApiError> {
    Ok(Json(state.services.get_offering(&p, &rc, &tenant, &offering).await?))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/catalog/offerings/{offering}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:offering:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("offering" = String, Path, description = "Offering key or id")),
    responses((status = 204, description = "Deleted"), (status = 409, description = "A price list prices it", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:offering:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_offering(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, offering)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_offering(&p, &rc, &tenant, &offering).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant's price lists with every version.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/catalog/price-lists",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Price lists", body = PriceListList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_price_lists(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<PriceListList>, ApiError> {
    Ok(Json(state.services.list_price_lists(&p, &rc, &tenant).await?))
}

/// Creates a price list (no versions yet).
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/catalog/price-lists",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreatePriceList,
    responses((status = 201, description = "Created", body = PriceList), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 409, description = "The name is taken", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn create_price_list(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreatePriceList>,
) -> Result<(StatusCode, Json<PriceList>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_price_list(&p, &rc, &tenant, body).await?)))
}

/// One price list.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/catalog/price-lists/{price_list}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("price_list" = String, Path, description = "Price list name or id")),
    responses((status = 200, description = "The price list", body = PriceList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_price_list(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, price_list)): ApiPath<(String, String)>,
) -> Result<Json<PriceList>, ApiError> {
    Ok(Json(state.services.get_price_list(&p, &rc, &tenant, &price_list).await?))
}

/// Sets the draft version's prices (a new draft version if there is none).
#[utoipa::path(
    put,
    path = "/api/v1/tenants/{tenant}/catalog/price-lists/{price_list}/draft",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("price_list" = String, Path, description = "Price list name or id")),
    request_body = SetDraftPrices,
    responses((status = 200, description = "The price list", body = PriceList), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn set_draft_prices(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, price_list)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<SetDraftPrices>,
) -> Result<Json<PriceList>, ApiError> {
    Ok(Json(state.services.set_draft_prices(&p, &rc, &tenant, &price_list, body).await?))
}

/// Publishes a draft version; the version published before is archived.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/catalog/price-lists/{price_list}/versions/{version}/publish",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:publish"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("price_list" = String, Path, description = "Price list name or id"), ("version" = u32, Path, description = "Version")),
    responses((status = 200, description = "The price list", body = PriceList), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:publish here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn publish_price_list(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, price_list, version)): ApiPath<(String, String, u32)>,
) -> Result<Json<PriceList>, ApiError> {
    Ok(Json(state.services.set_price_list_status(&p, &rc, &tenant, &price_list, version, true).await?))
}

/// Archives a draft or published version (pins may still name it).
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/catalog/price-lists/{price_list}/versions/{version}/archive",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:publish"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("price_list" = String, Path, description = "Price list name or id"), ("version" = u32, Path, description = "Version")),
    responses((status = 200, description = "The price list", body = PriceList), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:publish here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn archive_price_list(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, price_list, version)): ApiPath<(String, String, u32)>,
) -> Result<Json<PriceList>, ApiError> {
    Ok(Json(state.services.set_price_list_status(&p, &rc, &tenant, &price_list, version, false).await?))
}

/// The tenant's price-list pins, by effective time.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/catalog/pins",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Pins", body = PinList), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_pins(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<PinList>, ApiError> {
    Ok(Json(state.services.list_pins(&p, &rc, &tenant).await?))
}

/// Pins the tenant to a published or archived price-list version from a time on.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/catalog/pins",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pin:create"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreatePin,
    responses((status = 201, description = "Created", body = Pin), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 409, description = "A pin from that time exists", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pin:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn create_pin(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreatePin>,
) -> Result<(StatusCode, Json<Pin>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_pin(&p, &rc, &tenant, body).await?)))
}

/// Deleted.
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/catalog/pins/{pin}",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pin:delete"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("pin" = PinId, Path, description = "Pin id")),
    responses((status = 204, description = "Deleted"), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pin:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_pin(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, pin)): ApiPath<(String, PinId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_pin(&p, &rc, &tenant, pin).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The cost of the CIs matching a search under the price-list version in force at a time.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/catalog/estimate",
    tag = "cmdb",
    security(("bearer" = ["cmdb:pricelist:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), EstimateParams),
    responses((status = 200, description = "The estimate", body = CostEstimate), (status = 400, description = "Invalid request (the message names the field)", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack cmdb:pricelist:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn estimate_cost(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<EstimateParams>,
) -> Result<Json<CostEstimate>, ApiError> {
    Ok(Json(
        state
            .services
            .estimate_cost(
                &p,
                &rc,
                &tenant,
                &q.q.unwrap_or_default(),
                q.at.map(|t| t.with_timezone(&Utc)),
                q.price_list.as_deref(),
            )
            .await?,
    ))
}
