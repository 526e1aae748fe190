//! API keys: creation (shown once), listing, revocation, rotation, and authenticating a request
//! that presents one.
//!
//! A key is `nmb_<lookup id>_<secret>`: the lookup id (12 random characters) finds the row, and
//! only SHA-256 of the secret (32 random bytes) is stored, compared in constant time. With 256
//! random bits a slow or salted hash adds nothing; the lookup id keeps verification to one row.
//! A key acts as its owner, limited to the permission patterns and the tenant or compartment it
//! was created with, and never more than the owner holds at that moment (both checks run on
//! every request). Keys are accepted only in the `Authorization` header.

use chrono::{DateTime, Utc};
use nimbus_core::api::apikeys::{ApiKey, ApiKeyList, CreateApiKey, CreatedApiKey};
use nimbus_core::api::error::ErrorCode;
use nimbus_core::api::iam::Ref;
use nimbus_core::audit::{Category, Priority};
use nimbus_core::authz::{PermissionPattern, Scope};
use nimbus_core::ids::{ApiKeyId, TenantId};
use rand::RngCore;
use rand::distributions::{Alphanumeric, DistString};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Services;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, RequestContext};
use crate::services::tenancy::check_name;
use crate::store::{ApiKeyRecord, ScopeRef, TenantScope, UserStatus, WriteTx};

/// Prefix of every API key.
pub const PREFIX: &str = "nmb_";
const LOOKUP_LEN: usize = 12;

fn new_secret() -> (String, String, Vec<u8>) {
    let lookup = Alphanumeric.sample_string(&mut rand::thread_rng(), LOOKUP_LEN).to_lowercase();
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes);
    let hash = Sha256::digest(secret.as_bytes()).to_vec();
    (lookup, secret, hash)
}

/// Splits `nmb_<lookup>_<secret>`.
pub fn parse(token: &str) -> Option<(&str, &str)> {
    let rest = token.strip_prefix(PREFIX)?;
    let (lookup, secret) = rest.split_once('_')?;
    (lookup.len() == LOOKUP_LEN && !secret.is_empty()).then_some((lookup, secret))
}

fn invalid_key() -> ServiceError {
    ServiceError::Unauthenticated {
        code: ErrorCode::InvalidToken,
        message: "this API key is not valid; check it or create a new one".into(),
    }
}

fn dto(k: &ApiKeyRecord) -> ApiKey {
    ApiKey {
        id: k.id,
        tenant_id: k.tenant_id,
        user_id: k.user_id,
        name: k.name.clone(),
        prefix: format!("{PREFIX}{}", k.lookup_id),
        permissions: k.permissions.clone(),
        scope: match k.scope {
            ScopeRef::Tenant(t) => Ref { kind: "tenant".into(), id: t.to_string(), name: String::new() },
            ScopeRef::Compartment(c) => Ref { kind: "compartment".into(), id: c.to_string(), name: String::new() },
        },
        expires_at: k.expires_at,
        created_at: k.created_at,
        last_used_at: k.last_used_at,
        last_used_ip: k.last_used_ip.clone(),
        revoked_at: k.revoked_at,
    }
}

impl Services {
    /// Authenticates `nmb_…`: the key must exist, match, be live, and its owner active.
    pub(crate) async fn authenticate_api_key(&self, token: &str, rc: &RequestContext) -> ServiceResult<Principal> {
        let (lookup, secret) = parse(token).ok_or_else(invalid_key)?;
        let mut read = self.store.read(TenantScope::System).await?;
        let key = read.api_key_by_lookup(lookup).await?.ok_or_else(invalid_key)?;
        let hash = Sha256::digest(secret.as_bytes());
        if !constant_time_eq(&hash, &key.secret_hash) {
            return Err(invalid_key());
        }
        let now = Utc::now();
        if key.revoked_at.is_some() || key.expires_at.is_some_and(|e| e <= now) {
            return Err(ServiceError::Unauthenticated {
                code: ErrorCode::SessionRevoked,
                message: "this API key was revoked or has expired; create a new one".into(),
            });
        }
        let user = read.user(key.user_id).await?.filter(|u| u.status == UserStatus::Active).ok_or_else(invalid_key)?;
        let tenant = read.tenant(key.tenant_id).await?.ok_or_else(invalid_key)?;
        drop(read);
        if key.last_used_at.is_none_or(|t| now - t > chrono::Duration::minutes(1)) {
            let op = TouchApiKey { id: key.id, tenant: key.tenant_id, at: now, ip: rc.ip.map(|ip| ip.to_string()) };
            if let Err(e) = self.pipeline.run(&Caller::System, rc, op).await {
                tracing::warn!(error = %e, "cannot record an API key's last use");
            }
        }
        let permissions = key.permissions.iter().filter_map(|p| PermissionPattern::parse(p).ok()).collect();
        let scope = match key.scope {
            ScopeRef::Tenant(t) => Scope::Tenant(t),
            ScopeRef::Compartment(c) => Scope::Compartment(c),
        };
        Ok(Principal::for_api_key(&user, &tenant, key.id, permissions, scope))
    }

    /// The tenant's API keys (never their secrets).
    pub async fn list_api_keys(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<ApiKeyList> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:apikey:read", Target { tenant, compartment: None }).await?;
        let keys = self.store.read(ok.scope()).await?.api_keys(tenant).await?;
        Ok(ApiKeyList { api_keys: keys.iter().map(dto).collect() })
    }

    /// Creates a key for the caller; the secret is in the answer and nowhere else.
    pub async fn create_api_key(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateApiKey,
    ) -> ServiceResult<CreatedApiKey> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let name = check_name("API key", &req.name)?;
        if req.permissions.is_empty() {
            return Err(ServiceError::Invalid {
                message: "permissions: name at least one pattern the key may use".into(),
            });
        }
        let permissions = req
            .permissions
            .iter()
            .map(|p| {
                PermissionPattern::parse(p.trim())
                    .map_err(|e| ServiceError::Invalid { message: format!("permissions: {p:?}: {e}") })
            })
            .collect::<ServiceResult<Vec<_>>>()?;
        let expires_at = req.expires_at.map(|t| t.with_timezone(&Utc));
        if expires_at.is_some_and(|t| t <= Utc::now()) {
            return Err(ServiceError::Invalid { message: "expires_at is in the past".into() });
        }
        let op = CreateApiKeyOp { tenant, name, permissions, compartment: req.compartment_id, expires_at };
        let (record, secret) = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(CreatedApiKey { api_key: dto(&record), secret })
    }

    /// Revokes a key.
    pub async fn revoke_api_key(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: ApiKeyId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.pipeline
            .run(&Caller::User(principal.clone()), rc, ChangeApiKeyOp { tenant, id, rotate: false })
            .await
            .map(|_| ())
    }

    /// Replaces a key's secret; the old one stops working at once.
    pub async fn rotate_api_key(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: ApiKeyId,
    ) -> ServiceResult<CreatedApiKey> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let (record, secret) = self
            .pipeline
            .run(&Caller::User(principal.clone()), rc, RotateApiKeyOp(ChangeApiKeyOp { tenant, id, rotate: true }))
            .await?;
        Ok(CreatedApiKey { api_key: dto(&record), secret: secret.unwrap_or_default() })
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

struct CreateApiKeyOp {
    tenant: TenantId,
    name: String,
    permissions: Vec<PermissionPattern>,
    compartment: Option<nimbus_core::ids::CompartmentId>,
    expires_at: Option<DateTime<Utc>>,
}

impl Operation for CreateApiKeyOp {
    type Output = (ApiKeyRecord, String);
    const ACTION: &'static str = "iam:apikey:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "apikey.create_failed";
    const CATEGORY: Category = Category::Security;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: self.compartment })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let ok = ctx.authorized()?;
        let principal = ctx.principal()?;
        if principal.is_api_key() {
            return Err(ServiceError::Denied {
                message: "an API key cannot create API keys; sign in as the user".into(),
                conceal: false,
            });
        }
        let (scope, authz_scope) = match self.compartment {
            Some(c) => {
                tx.compartment(self.tenant, c)
                    .await?
                    .ok_or_else(|| ServiceError::NotFound { what: format!("compartment {c} in this tenant") })?;
                (ScopeRef::Compartment(c), Scope::Compartment(c))
            }
            None => (ScopeRef::Tenant(self.tenant), Scope::Tenant(self.tenant)),
        };
        // A key never carries more than its creator holds at its scope.
        ok.expansion()
            .can_grant(ok.snapshot().directory(), &self.permissions, authz_scope, ctx.now)
            .map_err(|e| ServiceError::Denied { message: e.to_string(), conceal: false })?;
        let (lookup, secret, hash) = new_secret();
        let record = ApiKeyRecord {
            id: ApiKeyId::generate(),
            tenant_id: self.tenant,
            user_id: principal.user_id(),
            name: self.name,
            lookup_id: lookup.clone(),
            secret_hash: hash,
            permissions: self.permissions.iter().map(|p| p.as_str().to_owned()).collect(),
            scope,
            expires_at: self.expires_at,
            created_at: ctx.now,
            last_used_at: None,
            last_used_ip: None,
            revoked_at: None,
        };
        tx.insert_api_key(&record).await?;
        let full = format!("{PREFIX}{lookup}_{secret}");
        Ok(Applied::new((record.clone(), full)).audit(
            AuditDraft::new(self.tenant, "apikey.created", Category::Security)
                .priority(Priority::Warn)
                .resource("api_key", record.id, Some(record.name.clone()))
                .new_value(json!({
                    "name": record.name, "prefix": format!("{PREFIX}{}", record.lookup_id),
                    "permissions": record.permissions, "scope_kind": scope.kind(), "scope_id": scope.uuid(),
                    "expires_at": record.expires_at,
                })),
        ))
    }
}

struct ChangeApiKeyOp {
    tenant: TenantId,
    id: ApiKeyId,
    rotate: bool,
}

impl ChangeApiKeyOp {
    async fn change(
        self,
        tx: &mut dyn WriteTx,
        ctx: &OpContext<'_>,
    ) -> ServiceResult<Applied<(ApiKeyRecord, Option<String>)>> {
        let principal = ctx.principal()?;
        let mut k = tx
            .api_keys(self.tenant)
            .await?
            .into_iter()
            .find(|k| k.id == self.id)
            .ok_or_else(|| ServiceError::NotFound { what: format!("API key {}", self.id) })?;
        // Anyone holding `iam:apikey:delete` in the tenant may revoke a key (to cut off a
        // leaked one); only the owner may rotate, since the new secret is shown to the caller.
        if k.user_id != principal.user_id() && self.rotate {
            return Err(ServiceError::Denied { message: "only its owner can rotate an API key".into(), conceal: true });
        }
        if k.revoked_at.is_some() {
            return Err(ServiceError::Conflict { message: "the API key is already revoked".into() });
        }
        let (event, secret) = if self.rotate {
            let (lookup, secret, hash) = new_secret();
            k.lookup_id = lookup.clone();
            k.secret_hash = hash;
            ("apikey.rotated", Some(format!("{PREFIX}{lookup}_{secret}")))
        } else {
            k.revoked_at = Some(ctx.now);
            ("apikey.revoked", None)
        };
        tx.update_api_key(&k).await?;
        Ok(Applied::new((k.clone(), secret)).audit(
            AuditDraft::new(self.tenant, event, Category::Security)
                .priority(Priority::Warn)
                .resource("api_key", k.id, Some(k.name.clone()))
                .new_value(json!({ "prefix": format!("{PREFIX}{}", k.lookup_id) })),
        ))
    }
}

impl Operation for ChangeApiKeyOp {
    type Output = (ApiKeyRecord, Option<String>);
    const ACTION: &'static str = "iam:apikey:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "apikey.revoke_failed";
    const CATEGORY: Category = Category::Security;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        self.change(tx, ctx).await
    }
}

struct RotateApiKeyOp(ChangeApiKeyOp);

impl Operation for RotateApiKeyOp {
    type Output = (ApiKeyRecord, Option<String>);
    const ACTION: &'static str = "iam:apikey:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "apikey.rotate_failed";
    const CATEGORY: Category = Category::Security;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.0.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        self.0.change(tx, ctx).await
    }
}

/// Records a key's last use (at most once a minute per key).
struct TouchApiKey {
    id: ApiKeyId,
    tenant: TenantId,
    at: DateTime<Utc>,
    ip: Option<String>,
}

impl Operation for TouchApiKey {
    type Output = ();
    const ACTION: &'static str = "iam:apikey:use";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "apikey.use_failed";
    const CATEGORY: Category = Category::Auth;

    async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        tx.touch_api_key(self.id, self.at, self.ip.as_deref()).await?;
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.tenant, "apikey.used", Category::Auth)
                .resource("api_key", self.id, None)
                .new_value(json!({ "ip": self.ip })),
        ))
    }
}
