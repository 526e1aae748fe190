//! Local authentication: login, token refresh, logout, the current principal and its sessions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::Secret;
use crate::ids::{SessionId, TenantId, UserId};

/// Credentials for signing in.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The account's email address (case-insensitive).
    pub email: String,
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub password: Secret<String>,
}

/// A refresh token to exchange for a new token pair.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh. It is single-use: presenting a token
    /// that was already exchanged revokes the whole session.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Password))]
    pub refresh_token: Secret<String>,
}

/// The tokens returned by login and refresh.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Always `Bearer`.
    pub token_type: String,
    /// Short-lived JWT for the `Authorization: Bearer` header.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub access_token: Secret<String>,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// When the access token expires.
    pub access_token_expires_at: DateTime<Utc>,
    /// Opaque single-use token to obtain the next pair.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub refresh_token: Secret<String>,
    /// When the refresh token expires if unused.
    pub refresh_token_expires_at: DateTime<Utc>,
    /// The session these tokens belong to.
    pub session_id: SessionId,
}

/// A tenant, as referenced from other objects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct TenantRef {
    /// Tenant id.
    pub id: TenantId,
    /// Display name.
    pub name: String,
    /// URL-safe short name.
    pub slug: String,
}

/// The signed-in user, as seen through the session a request was authenticated with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Me {
    /// User id.
    pub id: UserId,
    /// Email address (lowercase).
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// The user's home tenant.
    pub tenant: TenantRef,
    /// The session this request was authenticated with.
    pub session_id: SessionId,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// One of the caller's sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct SessionInfo {
    /// Session id.
    pub id: SessionId,
    /// Whether this is the session making the request.
    pub current: bool,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// Last login or token refresh.
    pub last_used_at: DateTime<Utc>,
    /// When the session ends if it is not refreshed again.
    pub expires_at: DateTime<Utc>,
    /// Client address at login.
    pub ip: Option<String>,
    /// Client user agent at login.
    pub user_agent: Option<String>,
}

/// The signed-in user's active sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionList {
    /// Active sessions, newest first.
    pub sessions: Vec<SessionInfo>,
}
