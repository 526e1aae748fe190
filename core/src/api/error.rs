//! The error body every failed request returns: `{"error":{"code","message","trace_id"}}`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes. Clients branch on these, never on messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ErrorCode {
    /// The request was understood but a field is invalid.
    InvalidRequest,
    /// The body is not valid JSON or does not match the expected shape.
    InvalidJson,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// No credentials were presented where they are required.
    Unauthenticated,
    /// Email or password is wrong (deliberately does not say which).
    InvalidCredentials,
    /// The access token has expired; refresh it.
    TokenExpired,
    /// The token is malformed, forged, or not meant for this server.
    InvalidToken,
    /// The session was revoked or expired; log in again.
    SessionRevoked,
    /// The principal may not do this.
    Forbidden,
    /// Nothing exists at this path (or the caller may not know it exists).
    NotFound,
    /// The path exists but not for this method.
    MethodNotAllowed,
    /// The request conflicts with the current state.
    Conflict,
    /// A hard quota of the tenant is reached.
    QuotaExceeded,
    /// Too many attempts; retry after the `Retry-After` header.
    RateLimited,
    /// The request took too long.
    Timeout,
    /// A dependency (the database) is unavailable; retry later.
    Unavailable,
    /// A bug or an unexpected failure; the trace id finds it in the daemon's log.
    Internal,
}

impl ErrorCode {
    /// The wire spelling of the code.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidJson => "invalid_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::TokenExpired => "token_expired",
            Self::InvalidToken => "invalid_token",
            Self::SessionRevoked => "session_revoked",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::QuotaExceeded => "quota_exceeded",
            Self::RateLimited => "rate_limited",
            Self::Timeout => "timeout",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The inner error object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Machine-readable code (see `ErrorCode`); unknown codes may appear in newer daemons.
    pub code: String,
    /// What went wrong and what to do about it.
    pub message: String,
    /// The request's trace id, also in the `X-Trace-Id` header and the daemon's log.
    pub trace_id: String,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEnvelope {
    /// The error.
    pub error: ErrorBody,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_wire_spelling() -> Result<(), serde_json::Error> {
        for code in [ErrorCode::InvalidRequest, ErrorCode::TokenExpired, ErrorCode::RateLimited, ErrorCode::Internal] {
            assert_eq!(serde_json::to_value(code)?, code.as_str());
        }
        Ok(())
    }
}
