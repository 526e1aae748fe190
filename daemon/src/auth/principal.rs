//! The authenticated principal of a request.
//!
//! Only the authenticator constructs a `Principal` (its constructor is private to `auth`), so
//! holding one proves the bearer token was verified and its session is live.

use chrono::{DateTime, Utc};
use nimbus_core::api::auth::{Me, TenantRef};
use nimbus_core::audit::{Actor, ActorKind};
use nimbus_core::ids::{SessionId, TenantId, UserId};

use crate::store::SessionPrincipalRecord;

/// A signed-in user acting through one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    user_id: UserId,
    session_id: SessionId,
    email: String,
    display_name: String,
    tenant: TenantRef,
    created_at: DateTime<Utc>,
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
        }
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
        Actor { kind: ActorKind::User, id: Some(*self.user_id.as_uuid()), display: self.email.clone() }
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
