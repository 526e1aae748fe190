//! Storage: the [`Store`] trait and its two implementations, SQLite (rusqlite, the embedded
//! default) and PostgreSQL (sqlx, for replicas).
//!
//! A store hands out read handles and write transactions; both expose typed queries, never SQL.
//! A write transaction can only be opened with a [`WriteGrant`], which only the operation
//! pipeline can mint, so every change goes through authorization and audit. The store must not
//! decide permissions or build audit records: it persists what it is given.

pub mod migrate;
pub mod postgres;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::Secret;
use nimbus_core::api::system::Backend;
use nimbus_core::audit::AuditEntry;
use nimbus_core::ids::{EventId, ProviderId, RefreshTokenId, SessionId, TenantId, UserId};
use serde_json::Value;

use crate::config::Config;
pub use migrate::SchemaState;

/// Result of a storage call.
pub type StoreResult<T> = Result<T, StoreError>;

/// What went wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached or is too busy.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A uniqueness or integrity constraint refused the change.
    #[error("conflicting data: {0}")]
    Conflict(String),
    /// The schema does not match this binary.
    #[error("{0}")]
    Schema(String),
    /// A stored value could not be read back.
    #[error("unreadable stored value: {0}")]
    Corrupt(String),
    /// Anything else the driver reported.
    #[error("database error: {0}")]
    Other(String),
}

/// Permission to open a write transaction. Only the operation pipeline constructs it (after
/// authorizing the operation), so no code path can change data without being authorized and
/// audited.
#[derive(Debug)]
pub struct WriteGrant {
    _private: (),
}

impl WriteGrant {
    pub(crate) fn new_for_pipeline() -> Self {
        Self { _private: () }
    }
}

/// An account's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    /// May sign in.
    Active,
    /// Switched off by an administrator.
    Disabled,
    /// Locked (e.g. by security policy).
    Locked,
}

impl UserStatus {
    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Locked => "locked",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "active" => Ok(Self::Active),
            "disabled" => Ok(Self::Disabled),
            "locked" => Ok(Self::Locked),
            other => Err(StoreError::Corrupt(format!("user status {other:?}"))),
        }
    }
}

/// State of one refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshState {
    /// Not yet exchanged.
    Active,
    /// Exchanged for a new pair; presenting it again is reuse.
    Rotated,
    /// Its session ended.
    Revoked,
}

impl RefreshState {
    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Rotated => "rotated",
            Self::Revoked => "revoked",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "active" => Ok(Self::Active),
            "rotated" => Ok(Self::Rotated),
            "revoked" => Ok(Self::Revoked),
            other => Err(StoreError::Corrupt(format!("refresh token state {other:?}"))),
        }
    }
}

/// The installation.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderRecord {
    /// Provider id.
    pub id: ProviderId,
    /// Display name.
    pub name: String,
    /// The virtual root tenant holding provider-level users.
    pub root_tenant_id: TenantId,
    /// The first provider administrator, created by `nimbusd init`.
    pub initial_admin_id: UserId,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct TenantRecord {
    /// Tenant id.
    pub id: TenantId,
    /// Parent tenant; `None` only for the provider's root tenant.
    pub parent_id: Option<TenantId>,
    /// Display name.
    pub name: String,
    /// URL-safe short name.
    pub slug: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A user account.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    /// User id.
    pub id: UserId,
    /// Home tenant.
    pub tenant_id: TenantId,
    /// Normalised email.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// PHC-format argon2id hash; `None` for accounts without a local password.
    pub password_hash: Option<Secret<String>>,
    /// Account state.
    pub status: UserStatus,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A login session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// Session id.
    pub id: SessionId,
    /// Owner.
    pub user_id: UserId,
    /// Tenant the session acts in.
    pub tenant_id: TenantId,
    /// Login time.
    pub created_at: DateTime<Utc>,
    /// Last login or refresh.
    pub last_used_at: DateTime<Utc>,
    /// Ends if not refreshed by then.
    pub idle_expires_at: DateTime<Utc>,
    /// Ends at the latest.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why (`logout`, `revoked`, `refresh_reuse`, `evicted`).
    pub revoke_reason: Option<String>,
    /// Client address at login.
    pub ip: Option<String>,
    /// Client user agent at login.
    pub user_agent: Option<String>,
}

impl SessionRecord {
    /// Whether the session can still authenticate requests at `now`.
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.idle_expires_at && now < self.expires_at
    }
}

/// One refresh token (only its hash is stored).
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshTokenRecord {
    /// Token id.
    pub id: RefreshTokenId,
    /// Session (family) it belongs to.
    pub session_id: SessionId,
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// State.
    pub state: RefreshState,
    /// Issue time.
    pub created_at: DateTime<Utc>,
    /// Expiry if unused.
    pub expires_at: DateTime<Utc>,
    /// When it was exchanged.
    pub used_at: Option<DateTime<Utc>>,
}

/// A session with its user and tenant: everything needed to authenticate a request.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionPrincipalRecord {
    /// The session.
    pub session: SessionRecord,
    /// Its user.
    pub user: UserRecord,
    /// The session's tenant.
    pub tenant: TenantRecord,
}

/// An access-token signing key.
#[derive(Debug, Clone, PartialEq)]
pub struct SigningKeyRecord {
    /// Key id (`kid` header).
    pub kid: String,
    /// JWS algorithm (`EdDSA`).
    pub algorithm: String,
    /// Raw public key.
    pub public_key: Vec<u8>,
    /// Private key sealed with the master key.
    pub sealed_private_key: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// No longer used for signing since (still verifies until tokens expire).
    pub retired_at: Option<DateTime<Utc>>,
}

/// An event committed with the change that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    /// Event id.
    pub id: EventId,
    /// Tenant the event belongs to.
    pub tenant_id: TenantId,
    /// Dotted topic, e.g. `auth.session.created`.
    pub topic: String,
    /// Event body.
    pub payload: Value,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// An audit record with the sequence number its tenant's log gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAudit {
    /// Per-tenant sequence number, from 1 without gaps.
    pub seq: i64,
    /// The record.
    pub entry: AuditEntry,
}

/// Queries available on read handles and inside write transactions.
#[async_trait]
pub trait ReadTx: Send {
    /// The installation, once initialised.
    async fn provider(&mut self) -> StoreResult<Option<ProviderRecord>>;
    /// A tenant by id.
    async fn tenant(&mut self, id: TenantId) -> StoreResult<Option<TenantRecord>>;
    /// A live (not deleted) user by normalised email.
    async fn user_by_email(&mut self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// A live user by id.
    async fn user(&mut self, id: UserId) -> StoreResult<Option<UserRecord>>;
    /// A session by id.
    async fn session(&mut self, id: SessionId) -> StoreResult<Option<SessionRecord>>;
    /// A session with its user and tenant, in one query (the per-request authentication read).
    async fn session_principal(&mut self, id: SessionId) -> StoreResult<Option<SessionPrincipalRecord>>;
    /// A user's live sessions at `now`, newest first.
    async fn live_sessions(&mut self, user: UserId, now: DateTime<Utc>) -> StoreResult<Vec<SessionRecord>>;
    /// A refresh token by the hash of its value.
    async fn refresh_token_by_hash(&mut self, hash: &[u8]) -> StoreResult<Option<RefreshTokenRecord>>;
    /// All signing keys, newest first.
    async fn signing_keys(&mut self) -> StoreResult<Vec<SigningKeyRecord>>;
    /// A tenant's audit records after `after_seq`, in sequence order.
    async fn audit_after(&mut self, tenant: TenantId, after_seq: i64, limit: u32) -> StoreResult<Vec<StoredAudit>>;
}

/// A write transaction: everything commits together or nothing does. Dropping it without
/// [`commit`](WriteTx::commit) rolls back.
#[async_trait]
pub trait WriteTx: ReadTx {
    /// Creates a tenant.
    async fn insert_tenant(&mut self, tenant: &TenantRecord) -> StoreResult<()>;
    /// Creates a user.
    async fn insert_user(&mut self, user: &UserRecord) -> StoreResult<()>;
    /// Creates the provider (fails with `Conflict` if one exists).
    async fn insert_provider(&mut self, provider: &ProviderRecord) -> StoreResult<()>;
    /// Stores a signing key.
    async fn insert_signing_key(&mut self, key: &SigningKeyRecord) -> StoreResult<()>;
    /// Creates a session.
    async fn insert_session(&mut self, session: &SessionRecord) -> StoreResult<()>;
    /// Records a refresh: new last use and idle expiry.
    async fn touch_session(
        &mut self,
        id: SessionId,
        last_used_at: DateTime<Utc>,
        idle_expires_at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Ends a session and revokes its unused refresh tokens. Returns false if it had already
    /// ended.
    async fn revoke_session(&mut self, id: SessionId, at: DateTime<Utc>, reason: &str) -> StoreResult<bool>;
    /// Stores a refresh token.
    async fn insert_refresh_token(&mut self, token: &RefreshTokenRecord) -> StoreResult<()>;
    /// Marks an active refresh token as exchanged. Returns false if it was not active (a
    /// concurrent exchange won), which callers treat as reuse.
    async fn rotate_refresh_token(&mut self, id: RefreshTokenId, at: DateTime<Utc>) -> StoreResult<bool>;
    /// Appends to the tenant's audit log and returns the sequence number given.
    async fn append_audit(&mut self, entry: &AuditEntry) -> StoreResult<i64>;
    /// Queues an event for publication after commit.
    async fn enqueue_event(&mut self, event: &OutboxEvent) -> StoreResult<()>;
    /// Commits everything written in this transaction.
    async fn commit(self: Box<Self>) -> StoreResult<()>;
}

/// A database.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Which backend this is.
    fn backend(&self) -> Backend;
    /// The URL with its password hidden, for messages.
    fn display_url(&self) -> &str;
    /// Round-trips a trivial query.
    async fn ping(&self) -> StoreResult<()>;
    /// Applied versus known schema version.
    async fn schema_state(&self) -> StoreResult<SchemaState>;
    /// A handle for reads (each statement sees committed data).
    async fn read(&self) -> StoreResult<Box<dyn ReadTx>>;
    /// A write transaction; see [`WriteGrant`].
    async fn write(&self, grant: WriteGrant) -> StoreResult<Box<dyn WriteTx>>;
}

/// Which database a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// A SQLite file.
    Sqlite(std::path::PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl DatabaseTarget {
    /// Parses `sqlite://PATH`, `sqlite:PATH`, `postgres://…` or `postgresql://…`.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err("sqlite URL has no path; use sqlite:///absolute/path/nimbus.db".into());
            }
            return Ok(Self::Sqlite(path.into()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        let scheme = url.split(':').next().unwrap_or_default();
        Err(format!("unsupported database URL scheme {scheme:?}; use sqlite://PATH or postgres://user@host/db"))
    }
}

/// Opens the configured database and brings its schema up to date (under a lock, so replicas
/// starting together do not race). Fails when the schema is newer than this binary.
pub async fn open(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = config.database_url();
    let display = crate::config::redact_url(url.expose());
    let target = DatabaseTarget::parse(url.expose()).map_err(|e| anyhow::anyhow!("database {display}: {e}"))?;
    let store: Arc<dyn Store> = match target {
        DatabaseTarget::Sqlite(path) => Arc::new(sqlite::SqliteStore::open(&path, &config.database).await?),
        DatabaseTarget::Postgres(pg_url) => {
            Arc::new(postgres::PgStore::connect(&pg_url, display.clone(), &config.database).await?)
        }
    };
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls() {
        assert_eq!(
            DatabaseTarget::parse("sqlite:///var/lib/nimbus/nimbus.db"),
            Ok(DatabaseTarget::Sqlite("/var/lib/nimbus/nimbus.db".into()))
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite://C:\\nimbus\\nimbus.db"),
            Ok(DatabaseTarget::Sqlite("C:\\nimbus\\nimbus.db".into()))
        );
        assert_eq!(DatabaseTarget::parse("sqlite:rel.db"), Ok(DatabaseTarget::Sqlite("rel.db".into())));
        assert!(matches!(DatabaseTarget::parse("postgresql://u@h/d"), Ok(DatabaseTarget::Postgres(_))));
        let err = DatabaseTarget::parse("mysql://h/d").err().unwrap_or_default();
        assert!(err.contains("\"mysql\""), "{err}");
        assert!(DatabaseTarget::parse("sqlite://").is_err());
    }
}

#[cfg(test)]
mod contract_tests;
