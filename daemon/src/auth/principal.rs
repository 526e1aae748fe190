//! The authenticated principal of a request.
//!
//! Only the authenticator constructs a `Principal` (its constructor is private to `auth`), so
//! holding one proves the bearer token was verified and its session is live.

use chrono::{DateTime, Utc};
use nimbus_core::api::auth::{Me, TenantRef};
use nimbus_core::audit::{Actor, ActorKind};
use nimbus_core::authz::{PermissionPattern, Scope};
use nimbus_core::ids::{ApiKeyId, SessionId, TenantId, UserId};

use crate::store::{SessionPrincipalRecord, TenantRecord, UserRecord};

/// What an API key limits its owner to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyLimit {
    /// The key.
    pub id: ApiKeyId,
    /// Permission patterns the key may use.
    pub permissions: Vec<PermissionPattern>,
    /// Where it may use them.
    pub scope: Scope,
}

/// A signed-in user acting through one session, or through an API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    user_id: UserId,
    session_id: SessionId,
    email: String,
    display_name: String,
    tenant: TenantRef,
    created_at: DateTime<Utc>,
    // Boxed: most principals are sessions, and `Caller` holds a principal by value.
    api_key: Option<Box<ApiKeyLimit>>,
}

impl Principal {
    pub(in crate::auth) fn from_record(r: SessionPrincipalRecord) -> Self {
        Self {
            user_id: r.user.id,
            session_id: r.session.id,
            email: r.user.email,
            display_name: r.user.display_name,
            tenant: TenantRef { id: r.tenant.id, name: r.tenant.name, slug: r.tenant.slug },
            created_at: r.user.created_at,
            api_key: None,
        }
    }

    /// A user acting through a verified API key (only the API key service calls this).
    pub(crate) fn for_api_key(
        user: &UserRecord,
        tenant: &TenantRecord,
        key: ApiKeyId,
        permissions: Vec<PermissionPattern>,
        scope: Scope,
    ) -> Self {
        Self {
            user_id: user.id,
            // A key has no session; its id stands in where a request needs one.
            session_id: SessionId::from_uuid(*key.as_uuid()),
            email: user.email.clone(),
            display_name: user.display_name.clone(),
            tenant: TenantRef { id: tenant.id, name: tenant.name.clone(), slug: tenant.slug.clone() },
            created_at: user.created_at,
            api_key: Some(Box::new(ApiKeyLimit { id: key, permissions, scope })),
        }
    }

    /// Whether this principal is an API key (which has no session to end or list).
    pub fn is_api_key(&self) -> bool {
        self.api_key.is_some()
    }

    /// The API key's limits, if the principal is one.
    pub fn api_key(&self) -> Option<&ApiKeyLimit> {
        self.api_key.as_deref()
    }

    /// The user.
    pub fn user_id(&self) -> UserId {
        self.user_id
    }

    /// The session the request came through.
    pub fn session_id(&self) -> SessionId {
        self.session_id
    }

    /// The tenant the session acts in.
    pub fn tenant_id(&self) -> TenantId {
        self.tenant.id
    }

    /// Audit attribution.
    pub fn actor(&self) -> Actor {
        let display = match &self.api_key {
            Some(k) => format!("{} (API key {})", self.email, k.id),
            None => self.email.clone(),
        };
        Actor { kind: ActorKind::User, id: Some(*self.user_id.as_uuid()), display }
    }

    /// The `/auth/me` view.
    pub fn me(&self) -> Me {
        Me {
            id: self.user_id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            tenant: self.tenant.clone(),
            session_id: self.session_id,
            created_at: self.created_at,
        }
    }
}
