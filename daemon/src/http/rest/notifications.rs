//! `/api/v1/notifications` (the caller's inbox and preferences) and
//! `/api/v1/tenants/{tenant}/notification-*` (channels, templates, deliveries, sending). Each
//! tenant route declares its permission as the bearer scope in OpenAPI and calls one service
//! method; the inbox and preference routes act only on the caller.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::api::notifications::{
    Channel, ChannelList, CreateChannel, Delivery, DeliveryList, MarkedRead, NotificationList, PreferenceList,
    SendNotification, Sent, SetPreferences, SetTemplate, Template, TemplateList, UpdateChannel,
};
use nimbus_core::ids::{ChannelId, DeliveryId, NotificationId, TemplateId};

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client};

/// `?unread=true&limit=N` on the inbox.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Only unread notifications.
    pub unread: Option<bool>,
    /// At most this many (default 100, at most 500).
    pub limit: Option<u32>,
}

/// `?status=dead&limit=N` on deliveries.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// `pending`, `delivered`, `dead` (the dead letters), `held` or `digested`.
    pub status: Option<String>,
    /// At most this many (default 100, at most 500).
    pub limit: Option<u32>,
}

/// The caller's notifications, newest first, with the unread count.
#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    tag = "notifications",
    security(("bearer" = [])),
    params(InboxQuery),
    responses((status = 200, description = "Your notifications", body = NotificationList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope))
)]
pub async fn list_notifications(
    State(state): State<Arc<AppState>>,
    Auth(p): Auth,
    ApiQuery(q): ApiQuery<InboxQuery>,
) -> Result<Json<NotificationList>, ApiError> {
    Ok(Json(state.services.list_notifications(&p, q.unread.unwrap_or(false), q.limit).await?))
}

/// Marks one of your notifications read.
#[utoipa::path(
    post,
    path = "/api/v1/notifications/{notification}/read",
    tag = "notifications",
    security(("bearer" = [])),
    params(("notification" = NotificationId, Path, description = "Notification id")),
    responses((status = 200, description = "Marked read", body = MarkedRead), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 404, description = "Not one of your notifications", body = ErrorEnvelope))
)]
pub async fn read_notification(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(id): ApiPath<NotificationId>,
) -> Result<Json<MarkedRead>, ApiError> {
    Ok(Json(state.services.mark_notifications_read(&p, &rc, Some(id)).await?))
}

/// Marks all your notifications read.
#[utoipa::path(
    post,
    path = "/api/v1/notifications/read-all",
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "Marked read", body = MarkedRead), (status = 401, description = "Not signed in", body = ErrorEnvelope))
)]
pub async fn read_all_notifications(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
) -> Result<Json<MarkedRead>, ApiError> {
    Ok(Json(state.services.mark_notifications_read(&p, &rc, None).await?))
}

/// Your notification preferences (category × channel).
#[utoipa::path(
    get,
    path = "/api/v1/notifications/preferences",
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "Your preferences", body = PreferenceList), (status = 401, description = "Not signed in", body = ErrorEnvelope))
)]
pub async fn notification_preferences(
    State(state): State<Arc<AppState>>,
    Auth(p): Auth,
) -> Result<Json<PreferenceList>, ApiError> {
    Ok(Json(state.services.notification_preferences(&p).await?))
}

/// Sets some of your preferences; the answer holds all of them.
#[utoipa::path(
    put,
    path = "/api/v1/notifications/preferences",
    tag = "notifications",
    security(("bearer" = [])),
    request_body = SetPreferences,
    responses((status = 200, description = "Your preferences", body = PreferenceList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope))
)]
pub async fn set_notification_preferences(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiJson(body): ApiJson<SetPreferences>,
) -> Result<Json<PreferenceList>, ApiError> {
    Ok(Json(state.services.set_notification_preferences(&p, &rc, body).await?))
}

/// The tenant's notification channels (never their secrets)
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/notification-channels",
    tag = "notifications",
    security(("bearer" = ["notification:channel:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "The tenant's notification channels (never their secrets)", body = ChannelList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:channel:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_notification_channels(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<ChannelList>, ApiError> {
    Ok(Json(state.services.list_channels(&p, &rc, &tenant).await?))
}

/// Channel created
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/notification-channels",
    tag = "notifications",
    security(("bearer" = ["notification:channel:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = CreateChannel,
    responses((status = 201, description = "Channel created", body = Channel), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:channel:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_notification_channel(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<CreateChannel>,
) -> Result<(StatusCode, Json<Channel>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_channel(&p, &rc, &tenant, body).await?)))
}

/// Channel changed
#[utoipa::path(
    patch,
    path = "/api/v1/tenants/{tenant}/notification-channels/{channel}",
    tag = "notifications",
    security(("bearer" = ["notification:channel:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("channel" = ChannelId, Path, description = "Channel id")),
    request_body = UpdateChannel,
    responses((status = 200, description = "Channel changed", body = Channel), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:channel:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_notification_channel(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, channel)): ApiPath<(String, ChannelId)>,
    ApiJson(body): ApiJson<UpdateChannel>,
) -> Result<Json<Channel>, ApiError> {
    Ok(Json(state.services.update_channel(&p, &rc, &tenant, channel, body).await?))
}

/// Channel and its deliveries deleted
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/notification-channels/{channel}",
    tag = "notifications",
    security(("bearer" = ["notification:channel:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("channel" = ChannelId, Path, description = "Channel id")),
    responses((status = 204, description = "Channel and its deliveries deleted"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:channel:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_notification_channel(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, channel)): ApiPath<(String, ChannelId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_channel(&p, &rc, &tenant, channel).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Templates that apply to the tenant: its own, global and built-in
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/notification-templates",
    tag = "notifications",
    security(("bearer" = ["notification:template:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Templates that apply to the tenant: its own, global and built-in", body = TemplateList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:template:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_notification_templates(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<TemplateList>, ApiError> {
    Ok(Json(state.services.list_templates(&p, &rc, &tenant).await?))
}

/// Template set (checked in the sandbox first; a refusal names the field)
#[utoipa::path(
    put,
    path = "/api/v1/tenants/{tenant}/notification-templates",
    tag = "notifications",
    security(("bearer" = ["notification:template:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = SetTemplate,
    responses((status = 200, description = "Template set (checked in the sandbox first; a refusal names the field)", body = Template), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:template:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn set_notification_template(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<SetTemplate>,
) -> Result<Json<Template>, ApiError> {
    Ok(Json(state.services.set_template(&p, &rc, &tenant, body).await?))
}

/// Template deleted (the next one down applies again)
#[utoipa::path(
    delete,
    path = "/api/v1/tenants/{tenant}/notification-templates/{template}",
    tag = "notifications",
    security(("bearer" = ["notification:template:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("template" = TemplateId, Path, description = "Template id")),
    responses((status = 204, description = "Template deleted (the next one down applies again)"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:template:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn delete_notification_template(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, template)): ApiPath<(String, TemplateId)>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_template(&p, &rc, &tenant, template).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The tenant's deliveries, newest first
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/notification-deliveries",
    tag = "notifications",
    security(("bearer" = ["notification:delivery:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), DeliveryQuery),
    responses((status = 200, description = "The tenant's deliveries, newest first", body = DeliveryList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:delivery:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_notification_deliveries(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<DeliveryQuery>,
) -> Result<Json<DeliveryList>, ApiError> {
    Ok(Json(state.services.list_deliveries(&p, &rc, &tenant, q.status.as_deref(), q.limit).await?))
}

/// Dead letter queued again
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/notification-deliveries/{delivery}/retry",
    tag = "notifications",
    security(("bearer" = ["notification:delivery:retry"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("delivery" = DeliveryId, Path, description = "Delivery id")),
    responses((status = 200, description = "Dead letter queued again", body = Delivery), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:delivery:retry here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn retry_notification_delivery(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, delivery)): ApiPath<(String, DeliveryId)>,
) -> Result<Json<Delivery>, ApiError> {
    Ok(Json(state.services.retry_delivery(&p, &rc, &tenant, delivery).await?))
}

/// Notification queued
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/notifications",
    tag = "notifications",
    security(("bearer" = ["notification:message:send"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    request_body = SendNotification,
    responses((status = 202, description = "Notification queued", body = Sent), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack notification:message:send here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn send_notification(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiJson(body): ApiJson<SendNotification>,
) -> Result<(StatusCode, Json<Sent>), ApiError> {
    Ok((StatusCode::ACCEPTED, Json(state.services.send_notification(&p, &rc, &tenant, body).await?)))
}
