//! Wire types of API keys: long-lived credentials for scripts, limited to a subset of their
//! owner's permissions and optionally to a tenant or compartment.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::api::iam::Ref;
use crate::ids::{ApiKeyId, CompartmentId, TenantId, UserId};

/// An API key (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ApiKey {
    /// Key id.
    pub id: ApiKeyId,
    /// Tenant the key acts in.
    pub tenant_id: TenantId,
    /// Owner: the key never has more than this user.
    pub user_id: UserId,
    /// Name.
    pub name: String,
    /// The public part of the key (`nmb_<lookup id>`), to recognise it in lists and logs.
    pub prefix: String,
    /// Permission patterns the key is limited to (a subset of the owner's).
    pub permissions: Vec<String>,
    /// The tenant or compartment the key is limited to.
    pub scope: Ref,
    /// When the key stops working.
    pub expires_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last use (recorded at most once a minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// Client address of the last use.
    pub last_used_ip: Option<String>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// API keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    /// Keys, newest first.
    pub api_keys: Vec<ApiKey>,
}

/// Creates an API key for the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiKey {
    /// Name.
    pub name: String,
    /// Permission patterns, each covered by the caller's own grants at the key's scope.
    pub permissions: Vec<String>,
    /// Limit the key to this compartment (and below) instead of the whole tenant.
    #[serde(default)]
    pub compartment_id: Option<CompartmentId>,
    /// RFC 3339 time with an offset (`2027-01-31T18:00:00+01:00`); none means no expiry.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub expires_at: Option<DateTime<FixedOffset>>,
}

/// A key with its secret: returned once, by create and rotate. Store the secret now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CreatedApiKey {
    /// The key.
    pub api_key: ApiKey,
    /// The whole credential, `nmb_<lookup id>_<secret>`; send it as `Authorization: Bearer …`.
    pub secret: String,
}
