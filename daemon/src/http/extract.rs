//! Request extractors: JSON bodies and path parameters with API-shaped errors, the caller's
//! request context, and authentication.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use nimbus_core::api::error::ErrorCode;

use super::AppState;
use super::error::ApiError;
use crate::auth::Principal;
use crate::pipeline::RequestContext;
use crate::trace_id::TraceId;

/// A JSON body; failures become `invalid_json` / `unsupported_media_type` errors that say what
/// was wrong.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters; failures become `invalid_request` errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Where the request came from (trace id, client address, user agent, method, path).
#[derive(Debug, Clone)]
pub struct Client(pub RequestContext);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(request_context(parts)))
    }
}

pub(super) fn request_context(parts: &Parts) -> RequestContext {
    RequestContext {
        trace_id: parts.extensions.get::<TraceId>().map(|t| t.as_str().to_owned()).unwrap_or_default(),
        ip: parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(512).collect()),
        method: Some(parts.method.as_str().to_owned()),
        path: Some(parts.uri.path().to_owned()),
    }
}

/// The authenticated caller. Requests without a valid bearer token are answered 401 before the
/// handler runs.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    if parts.uri.query().is_some_and(|q| {
        q.split('&').any(|kv| kv.split('=').next().is_some_and(|k| k.eq_ignore_ascii_case("access_token")))
    }) {
        return Err(ApiError::bad_request(
            "credentials are accepted only in the Authorization header, never in the URL (URLs end up in logs)",
        ));
    }
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ApiError::bad_request("the Authorization header is not valid text"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "use `Authorization: Bearer <access token>`",
        )),
    }
}

async fn authenticate(parts: &Parts, state: &Arc<AppState>, token: &str) -> Result<Principal, ApiError> {
    Ok(state.services.authenticate_request(token, || request_context(parts)).await?)
}

impl FromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(Self(authenticate(parts, state, token).await?)),
            None => Err(crate::error::ServiceError::Unauthenticated {
                code: ErrorCode::Unauthenticated,
                message: "sign in first: send `Authorization: Bearer <access token>` (`nimbus login`)".into(),
            }
            .into()),
        }
    }
}

impl OptionalFromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Option<Self>, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(Some(Self(authenticate(parts, state, token).await?))),
            None => Ok(None),
        }
    }
}
