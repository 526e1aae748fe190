//! Turns a bearer token into a [`Principal`]: verify the JWT (memoised), then load its session,
//! user and tenant in one query and check the session is live and the account active.
//!
//! Signature checks are memoised per exact token string until the token expires: the same bytes
//! always verify the same way, and Ed25519 verification would otherwise dominate the cost of a
//! request. The session lookup is never cached, so logout and revocation take effect on the next
//! request on every replica.

use std::sync::Arc;

use chrono::Utc;
use nimbus_core::api::error::ErrorCode;
use quick_cache::sync::Cache;

use super::principal::Principal;
use super::tokens::{AccessClaims, KeyRing, TokenError};
use crate::error::{ServiceError, ServiceResult};
use crate::store::{Store, UserStatus};

/// Verified tokens remembered at once.
const VERIFIED_TOKENS: usize = 16_384;

/// Authenticates bearer tokens.
pub struct Authenticator {
    keys: Arc<KeyRing>,
    store: Arc<dyn Store>,
    verified: Cache<String, AccessClaims>,
    skew_secs: i64,
}

impl std::fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authenticator").field("keys", &self.keys).finish_non_exhaustive()
    }
}

impl Authenticator {
    /// An authenticator over `keys` and `store`.
    pub fn new(keys: Arc<KeyRing>, store: Arc<dyn Store>, clock_skew: std::time::Duration) -> Self {
        Self {
            keys,
            store,
            verified: Cache::new(VERIFIED_TOKENS),
            skew_secs: i64::try_from(clock_skew.as_secs()).unwrap_or(i64::MAX),
        }
    }

    /// The key ring (to issue tokens).
    pub fn keys(&self) -> &KeyRing {
        &self.keys
    }

    /// Verifies `token` and loads its principal.
    pub async fn authenticate(&self, token: &str) -> ServiceResult<Principal> {
        let claims = self.verify(token).map_err(|e| match e {
            TokenError::Expired => ServiceError::Unauthenticated {
                code: ErrorCode::TokenExpired,
                message: "access token has expired; refresh it with POST /api/v1/auth/refresh".into(),
            },
            TokenError::Invalid(_) => ServiceError::Unauthenticated {
                code: ErrorCode::InvalidToken,
                message: "access token is not valid for this server; sign in again".into(),
            },
        })?;
        let record =
            self.store.read(crate::store::TenantScope::System).await?.session_principal(claims.session_id()).await?;
        let now = Utc::now();
        match record {
            Some(r)
                if r.user.id == claims.user_id() && r.session.is_live(now) && r.user.status == UserStatus::Active =>
            {
                Ok(Principal::from_record(r))
            }
            _ => Err(ServiceError::Unauthenticated {
                code: ErrorCode::SessionRevoked,
                message: "this session has ended; sign in again".into(),
            }),
        }
    }

    /// Verifies signature and claims, remembering successes until they expire.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let now = Utc::now().timestamp();
        if let Some(claims) = self.verified.get(token) {
            return if now <= claims.exp.saturating_add(self.skew_secs) {
                Ok(claims)
            } else {
                self.verified.remove(token);
                Err(TokenError::Expired)
            };
        }
        let claims = self.keys.verify(token)?;
        self.verified.insert(token.to_owned(), claims.clone());
        Ok(claims)
    }
}
