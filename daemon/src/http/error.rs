//! HTTP errors. [`ApiError`] is what handlers return; it carries status, code and message as a
//! response extension, and the `observe` middleware renders every error body in one place,
//! `{"error":{"code","message","trace_id"}}`, adding the trace id.

use std::time::Duration;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nimbus_core::api::error::ErrorCode;

use crate::error::ServiceError;
use crate::store::StoreError;

/// An error on its way to becoming a response.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    payload: ErrorPayload,
    retry_after: Option<Duration>,
    www_authenticate: Option<&'static str>,
}

/// Code and message of an error response; rendered with the trace id by the middleware.
#[derive(Debug, Clone)]
pub struct ErrorPayload {
    /// Stable code.
    pub code: ErrorCode,
    /// Message.
    pub message: String,
}

impl ApiError {
    /// An error with an explicit status.
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            payload: ErrorPayload { code, message: message.into() },
            retry_after: None,
            www_authenticate: None,
        }
    }

    /// 400 with `invalid_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, message)
    }

    /// The code and message.
    pub fn payload(&self) -> &ErrorPayload {
        &self.payload
    }
}

fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidRequest | ErrorCode::InvalidJson => StatusCode::BAD_REQUEST,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Unauthenticated
        | ErrorCode::InvalidCredentials
        | ErrorCode::TokenExpired
        | ErrorCode::InvalidToken
        | ErrorCode::SessionRevoked => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::Conflict | ErrorCode::QuotaExceeded => StatusCode::CONFLICT,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        let code = e.code();
        let message = match &e {
            ServiceError::Denied { conceal: true, .. } | ServiceError::Store(StoreError::OutOfScope(_)) => {
                "not found".to_owned()
            }
            ServiceError::Store(StoreError::Unavailable(detail)) => {
                tracing::warn!(error = %detail, "database unavailable");
                "the database is unavailable; retry shortly (the daemon log has details)".to_owned()
            }
            ServiceError::Store(_) | ServiceError::Internal(_) => {
                tracing::error!(error = %e, "request failed");
                "internal error; the daemon log has details under this trace id".to_owned()
            }
            other => other.to_string(),
        };
        let mut err = Self::new(status_of(code), code, message);
        if let ServiceError::RateLimited { retry_after } = e {
            err.retry_after = Some(retry_after);
        }
        if err.status == StatusCode::UNAUTHORIZED {
            err.www_authenticate = Some(match code {
                ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => "Bearer realm=\"nimbus\"",
                _ => "Bearer realm=\"nimbus\", error=\"invalid_token\"",
            });
        }
        err
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let detail = r.body_text();
        match r {
            JsonRejection::MissingJsonContentType(_) => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "send the body as JSON with `Content-Type: application/json`",
            ),
            JsonRejection::JsonSyntaxError(_) => Self::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidJson,
                format!("request body is not valid JSON: {}", strip_prefix(&detail)),
            ),
            JsonRejection::JsonDataError(_) => Self::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidJson,
                format!("request body does not have the expected fields: {}", strip_prefix(&detail)),
            ),
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Self::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge, TOO_LARGE)
            }
            other => Self::new(other.status(), ErrorCode::InvalidRequest, detail),
        }
    }
}

/// axum prefixes serde's message with its own sentence; keep serde's precise part.
fn strip_prefix(detail: &str) -> &str {
    detail.split_once(": ").map_or(detail, |(_, rest)| rest)
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> Self {
        Self::bad_request(format!("invalid path parameter: {}", r.body_text()))
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> Self {
        Self::bad_request(format!("invalid query string: {}", r.body_text()))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if let Some(wait) = self.retry_after {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            if let Ok(v) = HeaderValue::from_str(&secs.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        if let Some(challenge) = self.www_authenticate {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(challenge));
        }
        response.extensions_mut().insert(self.payload);
        response
    }
}

/// What a caller whose body was over the limit should do.
pub const TOO_LARGE: &str = "request body is too large; send less in one request (the daemon takes at most \
     server.body_limit_bytes, and server.import_body_limit_bytes on the CMDB import)";

/// The error for a status produced outside handlers (routing, limits, timeouts, panics).
pub fn payload_for_status(status: StatusCode, method: &str, path: &str) -> ErrorPayload {
    let (code, message) = match status {
        StatusCode::NOT_FOUND => {
            (ErrorCode::NotFound, format!("no route for {method} {path}; the API is described at /api/v1/openapi.json"))
        }
        StatusCode::METHOD_NOT_ALLOWED => (
            ErrorCode::MethodNotAllowed,
            format!("{method} is not allowed on {path}; see /api/v1/openapi.json for its methods"),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (ErrorCode::PayloadTooLarge, TOO_LARGE.to_owned()),
        StatusCode::REQUEST_TIMEOUT => (ErrorCode::Timeout, "the request took too long and was abandoned".to_owned()),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            (ErrorCode::UnsupportedMediaType, "send the body as JSON with `Content-Type: application/json`".to_owned())
        }
        s if s.is_server_error() => {
            (ErrorCode::Internal, "internal error; the daemon log has details under this trace id".to_owned())
        }
        _ => (ErrorCode::InvalidRequest, format!("request refused ({status})")),
    };
    ErrorPayload { code, message }
}
