//! `/api/v1/auth`: login, refresh, logout, me, sessions.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nimbus_core::api::auth::{LoginRequest, Me, RefreshRequest, SessionList, TokenPair};
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::ids::SessionId;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, Auth, Client};

/// Token responses must not be cached (RFC 6749 §5.1).
fn no_store(pair: TokenPair) -> Response {
    let mut response = Json(pair).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Sign in with email and password.
#[utoipa::path(
    post,
    path = "/api/v1/auth/login",
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenPair),
        (status = 400, description = "Malformed request", body = ErrorEnvelope),
        (status = 401, description = "Email or password is incorrect (the same answer whether or not the account exists)", body = ErrorEnvelope),
        (status = 403, description = "The account is disabled", body = ErrorEnvelope),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorEnvelope),
    )
)]
pub async fn login(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<Response, ApiError> {
    Ok(no_store(state.services.login(req, &rc).await?))
}

/// Exchange a refresh token for a new token pair. Refresh tokens are single-use: presenting one
/// twice ends the session.
#[utoipa::path(
    post,
    path = "/api/v1/auth/refresh",
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair", body = TokenPair),
        (status = 400, description = "Malformed request", body = ErrorEnvelope),
        (status = 401, description = "Token unknown, reused, or its session ended", body = ErrorEnvelope),
    )
)]
pub async fn refresh(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    ApiJson(req): ApiJson<RefreshRequest>,
) -> Result<Response, ApiError> {
    Ok(no_store(state.services.refresh(req, &rc).await?))
}

/// End the current session (its refresh token stops working at once).
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, description = "Not signed in", body = ErrorEnvelope),
    )
)]
pub async fn logout(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
) -> Result<StatusCode, ApiError> {
    state.services.logout(&p, &rc).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who the bearer is.
#[utoipa::path(
    get,
    path = "/api/v1/auth/me",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Not signed in", body = ErrorEnvelope),
    )
)]
pub async fn me(State(state): State<Arc<AppState>>, Auth(p): Auth) -> Json<Me> {
    Json(state.services.me(&p))
}

/// The caller's active sessions.
#[utoipa::path(
    get,
    path = "/api/v1/auth/sessions",
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Active sessions, newest first", body = SessionList),
        (status = 401, description = "Not signed in", body = ErrorEnvelope),
    )
)]
pub async fn sessions(State(state): State<Arc<AppState>>, Auth(p): Auth) -> Result<Json<SessionList>, ApiError> {
    Ok(Json(state.services.sessions(&p).await?))
}

/// End one of the caller's sessions.
#[utoipa::path(
    delete,
    path = "/api/v1/auth/sessions/{id}",
    tag = "auth",
    security(("bearer" = [])),
    params(("id" = SessionId, Path, description = "Session id")),
    responses(
        (status = 204, description = "Session ended"),
        (status = 400, description = "Malformed id", body = ErrorEnvelope),
        (status = 401, description = "Not signed in", body = ErrorEnvelope),
        (status = 404, description = "No such active session of the caller", body = ErrorEnvelope),
    )
)]
pub async fn revoke_session(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(id): ApiPath<SessionId>,
) -> Result<StatusCode, ApiError> {
    state.services.revoke_session(&p, id, &rc).await?;
    Ok(StatusCode::NO_CONTENT)
}
