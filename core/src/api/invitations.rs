//! Wire types of invitations: pending → accepted | expired | revoked.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::iam::User;
use crate::ids::{InvitationId, RoleId, TenantId, UserId};

/// An invitation to join a tenant with a role (never its token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Invitation {
    /// Invitation id.
    pub id: InvitationId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Invited email.
    pub email: String,
    /// Role granted on acceptance.
    pub role_id: RoleId,
    /// Its name.
    pub role_name: String,
    /// `pending`, `accepted`, `expired` or `revoked`.
    pub status: String,
    /// Who invited.
    pub invited_by: Option<UserId>,
    /// Creation (or latest re-send) time.
    pub created_at: DateTime<Utc>,
    /// A pending invitation expires then.
    pub expires_at: DateTime<Utc>,
    /// When it was accepted or revoked.
    pub decided_at: Option<DateTime<Utc>>,
}

/// Invitations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationList {
    /// Invitations, newest first.
    pub invitations: Vec<Invitation>,
}

/// Invites an email address to the tenant with a role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInvitation {
    /// Email to invite.
    pub email: String,
    /// Role to grant on acceptance (yours to give).
    pub role_id: RoleId,
    /// Hours until it expires (default 168, at most 720).
    #[serde(default)]
    pub expires_in_hours: Option<u32>,
}

/// An invitation with its acceptance token, shown once (it is also emailed to the invitee when
/// the tenant or one of its ancestors has an email channel). Inviting an address with a pending invitation returns that
/// invitation with a fresh token; the old token stops working.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CreatedInvitation {
    /// The invitation.
    pub invitation: Invitation,
    /// The acceptance token (`nmi_…`).
    pub token: String,
}

/// A token to verify or accept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationToken {
    /// The acceptance token.
    pub token: String,
}

/// What a token invites to (public, for the acceptance screen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct InvitationInfo {
    /// Tenant name.
    pub tenant_name: String,
    /// Invited email.
    pub email: String,
    /// Role granted on acceptance.
    pub role_name: String,
    /// `pending`, `accepted`, `expired` or `revoked`.
    pub status: String,
    /// Expiry.
    pub expires_at: DateTime<Utc>,
    /// Whether an account with this email exists (acceptance then adds it to the tenant).
    pub existing_account: bool,
}

/// Accepts an invitation: creates the account (a password is then required) or adds the
/// existing one to the tenant, and grants the role, in one transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitation {
    /// The acceptance token.
    pub token: String,
    /// Password for a new account (checked against the password policy).
    #[serde(default)]
    pub password: Option<String>,
    /// Display name for a new account.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// The accepted invitation's outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Accepted {
    /// The account (new or existing).
    pub user: User,
    /// The tenant joined.
    pub tenant_id: TenantId,
    /// Whether the account was created by this acceptance.
    pub created: bool,
}
