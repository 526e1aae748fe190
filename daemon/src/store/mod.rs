//! Storage: the [`Store`] trait and its two implementations, SQLite (rusqlite, the embedded
//! default) and PostgreSQL (sqlx, for replicas).
//!
//! A store hands out read handles and write transactions; both expose typed queries, never SQL.
//! A write transaction can only be opened with a [`WriteGrant`], which only the operation
//! pipeline can mint, so every change goes through authorization and audit. The store must not
//! decide permissions or build audit records: it persists what it is given.

pub mod approval;
pub mod audit;
pub mod cmdb;
pub mod migrate;
pub mod notify;
pub mod postgres;
pub mod sqlite;
pub mod workflow;

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::Secret;
use nimbus_core::api::audit::AuditSettings;
use nimbus_core::api::system::Backend;
use nimbus_core::api::tenancy::Quotas;
use nimbus_core::audit::AuditEntry;
use nimbus_core::ids::{
    ApiKeyId, AssignmentId, CompartmentId, EventId, GroupId, InvitationId, PolicyId, ProviderId, RefreshTokenId,
    RoleId, SessionId, TenantId, UserId,
};
use nimbus_core::tlog::{Hash, TileId};
use serde_json::Value;
use uuid::Uuid;

use crate::config::Config;
pub use audit::{
    ArchiveSegmentRecord, AuditBacklog, AuditFilter, AuditTreeRecord, CheckpointRecord, ForwardCursor,
    SavedQueryRecord, TileRecord,
};
pub use cmdb::{CmdbRead, CmdbWrite};
pub use migrate::SchemaState;
pub use notify::{
    ChannelRecord, DeliveryRecord, DeliveryStatus, InboxRecord, NotifyRead, NotifyWrite, PreferenceRecord,
    TemplateRecord,
};

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
    /// The row belongs to a tenant outside the transaction's scope.
    #[error("outside the tenant scope: {0}")]
    OutOfScope(String),
    /// Anything else the driver reported.
    #[error("database error: {0}")]
    Other(String),
}

/// Permission to open a write transaction. Only the operation pipeline constructs it (after
/// authorizing the operation), so no code path can change data without being authorized and
/// audited.
#[derive(Debug)]
pub struct WriteGrant {
    scope: TenantScope,
}

impl WriteGrant {
    pub(crate) fn new_for_pipeline(scope: TenantScope) -> Self {
        Self { scope }
    }

    /// The audit log's own machinery (the integrator, archival, the checkpoint key): it writes
    /// only what it derives from records the pipeline wrote, never records themselves, so it
    /// needs no authorization and produces no audit record.
    pub(crate) fn for_audit_log() -> Self {
        Self { scope: TenantScope::System }
    }

    /// The workflow engine's journal: the engine records each run's progress and audits the
    /// run's state changes in the same transaction (see `engine::journal`), so a journal write
    /// is never an unaudited change of business data.
    pub(crate) fn for_engine() -> Self {
        Self { scope: TenantScope::System }
    }

    /// The tenants the transaction may touch.
    pub fn scope(&self) -> &TenantScope {
        &self.scope
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
    /// Depth below the root (root = 0).
    pub depth: u32,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Free-form settings.
    pub settings: BTreeMap<String, String>,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Quotas.
    pub quotas: Quotas,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time.
    pub deleted_at: Option<DateTime<Utc>>,
    /// When its data was purged (the row stays so audit records keep their tenant).
    pub purged_at: Option<DateTime<Utc>>,
}

impl TenantRecord {
    /// A new live tenant with default quotas and no settings.
    pub fn new(
        id: TenantId,
        parent_id: Option<TenantId>,
        name: String,
        slug: String,
        depth: u32,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            parent_id,
            name,
            slug,
            depth,
            contact_email: None,
            settings: BTreeMap::new(),
            tags: BTreeMap::new(),
            quotas: Quotas::default(),
            created_at: now,
            updated_at: now,
            deleted_at: None,
            purged_at: None,
        }
    }
}

/// Which tenants' rows a read or transaction may see. On PostgreSQL this is the row-level
/// security setting of the transaction; on SQLite the store filters by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TenantScope {
    /// Every tenant: the daemon's own work (authentication lookups, initialisation, loading
    /// the authorization directory). Never a request's data access.
    System,
    /// Exactly these tenants (a request's tenant with its ancestors and descendants).
    Tenants(Arc<[TenantId]>),
}

impl TenantScope {
    /// Whether rows of `tenant` are visible.
    pub fn admits(&self, tenant: TenantId) -> bool {
        match self {
            Self::System => true,
            Self::Tenants(ids) => ids.contains(&tenant),
        }
    }

    /// The PostgreSQL setting value (`*` or comma-separated ids; ids are UUIDs, safe to inline).
    pub(crate) fn setting(&self) -> String {
        match self {
            Self::System => "*".to_owned(),
            Self::Tenants(ids) => ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        }
    }
}

/// A compartment.
#[derive(Debug, Clone, PartialEq)]
pub struct CompartmentRecord {
    /// Compartment id.
    pub id: CompartmentId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Parent compartment.
    pub parent_id: Option<CompartmentId>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRecord {
    /// Group id.
    pub id: GroupId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A user or group: who holds a role or belongs to a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubjectRef {
    /// A user.
    User(UserId),
    /// A group.
    Group(GroupId),
}

impl SubjectRef {
    /// Stored kind.
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::User(_) => "user",
            Self::Group(_) => "group",
        }
    }

    /// The id as a UUID.
    pub fn uuid(&self) -> Uuid {
        match self {
            Self::User(u) => *u.as_uuid(),
            Self::Group(g) => *g.as_uuid(),
        }
    }

    /// Rebuilds from the stored kind and id.
    pub fn parse(kind: &str, id: Uuid) -> StoreResult<Self> {
        match kind {
            "user" => Ok(Self::User(UserId::from_uuid(id))),
            "group" => Ok(Self::Group(GroupId::from_uuid(id))),
            other => Err(StoreError::Corrupt(format!("subject kind {other:?}"))),
        }
    }
}

/// Where an assignment or API key applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeRef {
    /// A tenant and its sub-tenants.
    Tenant(TenantId),
    /// A compartment and its sub-compartments.
    Compartment(CompartmentId),
}

impl ScopeRef {
    /// Stored kind.
    pub const fn kind(&self) -> &'static str {
        match self {
            Self::Tenant(_) => "tenant",
            Self::Compartment(_) => "compartment",
        }
    }

    /// The id as a UUID.
    pub fn uuid(&self) -> Uuid {
        match self {
            Self::Tenant(t) => *t.as_uuid(),
            Self::Compartment(c) => *c.as_uuid(),
        }
    }

    /// Rebuilds from the stored kind and id.
    pub fn parse(kind: &str, id: Uuid) -> StoreResult<Self> {
        match kind {
            "tenant" => Ok(Self::Tenant(TenantId::from_uuid(id))),
            "compartment" => Ok(Self::Compartment(CompartmentId::from_uuid(id))),
            other => Err(StoreError::Corrupt(format!("scope kind {other:?}"))),
        }
    }
}

/// One direct member of a group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMemberRecord {
    /// The group.
    pub group_id: GroupId,
    /// Its tenant.
    pub tenant_id: TenantId,
    /// The member.
    pub member: SubjectRef,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// A role (system roles carry no patterns here: their sets live in code).
#[derive(Debug, Clone, PartialEq)]
pub struct RoleRecord {
    /// Role id.
    pub id: RoleId,
    /// Owning tenant; `None` for system roles.
    pub tenant_id: Option<TenantId>,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Parent role.
    pub parent_id: Option<RoleId>,
    /// Tier (`provider`, `tenant_admin`, `user`, `read_only`).
    pub tier: String,
    /// Allowed patterns.
    pub allow: Vec<String>,
    /// Denied patterns.
    pub deny: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A role assignment.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentRecord {
    /// Assignment id.
    pub id: AssignmentId,
    /// The tenant it belongs to (the scope's tenant).
    pub tenant_id: TenantId,
    /// The role.
    pub role_id: RoleId,
    /// Holder.
    pub subject: SubjectRef,
    /// Where it applies.
    pub scope: ScopeRef,
    /// Stops applying at.
    pub expires_at: Option<DateTime<Utc>>,
    /// Who granted it.
    pub created_by: Option<UserId>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// One Cedar policy of a tenant.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRecord {
    /// Policy id.
    pub id: PolicyId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Name.
    pub name: String,
    /// Cedar source.
    pub source: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// An API key (only a hash of its secret).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKeyRecord {
    /// Key id.
    pub id: ApiKeyId,
    /// Tenant it acts in.
    pub tenant_id: TenantId,
    /// Owner.
    pub user_id: UserId,
    /// Name.
    pub name: String,
    /// Public lookup id.
    pub lookup_id: String,
    /// SHA-256 of the secret.
    pub secret_hash: Vec<u8>,
    /// Permission patterns it is limited to.
    pub permissions: Vec<String>,
    /// Tenant or compartment it is limited to.
    pub scope: ScopeRef,
    /// Expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last use.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Client address of the last use.
    pub last_used_ip: Option<String>,
    /// Revocation time.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// State of an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationStatus {
    /// Waiting for acceptance.
    Pending,
    /// Accepted.
    Accepted,
    /// Past its expiry.
    Expired,
    /// Revoked by an administrator.
    Revoked,
}

impl InvitationStatus {
    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Expired => "expired",
            Self::Revoked => "revoked",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "pending" => Ok(Self::Pending),
            "accepted" => Ok(Self::Accepted),
            "expired" => Ok(Self::Expired),
            "revoked" => Ok(Self::Revoked),
            other => Err(StoreError::Corrupt(format!("invitation status {other:?}"))),
        }
    }
}

/// An invitation (only a hash of its token).
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationRecord {
    /// Invitation id.
    pub id: InvitationId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Normalised email.
    pub email: String,
    /// Role granted on acceptance.
    pub role_id: RoleId,
    /// SHA-256 of the token.
    pub token_hash: Vec<u8>,
    /// State.
    pub status: InvitationStatus,
    /// Who invited.
    pub invited_by: Option<UserId>,
    /// Creation (or re-send) time.
    pub created_at: DateTime<Utc>,
    /// Expiry while pending.
    pub expires_at: DateTime<Utc>,
    /// Acceptance or revocation time.
    pub decided_at: Option<DateTime<Utc>>,
    /// The account that accepted.
    pub accepted_user: Option<UserId>,
}

/// Everything the authorization directory is built from.
#[derive(Debug, Clone, Default)]
pub struct AuthzRows {
    /// Live tenants.
    pub tenants: Vec<TenantRecord>,
    /// Live compartments.
    pub compartments: Vec<CompartmentRecord>,
    /// Live groups.
    pub groups: Vec<GroupRecord>,
    /// Group members.
    pub members: Vec<GroupMemberRecord>,
    /// Live custom roles.
    pub roles: Vec<RoleRecord>,
    /// Assignments.
    pub assignments: Vec<AssignmentRecord>,
    /// Users' tenants other than home (user, tenant).
    pub memberships: Vec<(UserId, TenantId)>,
    /// Users' attributes for policy conditions (users without any are left out).
    pub user_attributes: Vec<(UserId, BTreeMap<String, String>)>,
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
pub trait ReadTx: CmdbRead + Send {
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
    /// The leaf hashes of a tenant's records after `after_seq`, in sequence order, for
    /// integration and verification. A store that keeps each record as its leaf text (SQLite)
    /// hashes that text; such a hash is `None` where the stored value is not text, and where it
    /// does not match the log a verifier decodes the record before calling it bad. By default:
    /// the decoded records' leaf hashes.
    async fn audit_leaf_hashes(
        &mut self,
        tenant: TenantId,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<(i64, Option<Hash>)>> {
        Ok(self
            .audit_after(tenant, after_seq, limit)
            .await?
            .into_iter()
            .map(|r| {
                let hash = u64::try_from(r.seq).ok().map(|seq| nimbus_core::audit::record_leaf_hash(seq, &r.entry));
                (r.seq, hash)
            })
            .collect())
    }

    /// The authorization epoch: bumped by every change to authorization data.
    async fn authz_epoch(&mut self) -> StoreResult<i64>;
    /// Everything the authorization directory is built from (live rows in scope).
    async fn authz_rows(&mut self) -> StoreResult<AuthzRows>;
    /// Tenants in scope, deleted ones included, by name.
    async fn tenants(&mut self) -> StoreResult<Vec<TenantRecord>>;
    /// A live tenant by slug.
    async fn tenant_by_slug(&mut self, slug: &str) -> StoreResult<Option<TenantRecord>>;
    /// A tenant's email domains.
    async fn tenant_domains(&mut self, tenant: TenantId) -> StoreResult<Vec<String>>;
    /// Live direct sub-tenants.
    async fn count_child_tenants(&mut self, tenant: TenantId) -> StoreResult<u32>;
    /// A tenant's live compartments.
    async fn compartments(&mut self, tenant: TenantId) -> StoreResult<Vec<CompartmentRecord>>;
    /// A live compartment.
    async fn compartment(&mut self, tenant: TenantId, id: CompartmentId) -> StoreResult<Option<CompartmentRecord>>;
    /// Users whose home is `tenant` plus its members from elsewhere; `search` matches email or name.
    async fn tenant_users(&mut self, tenant: TenantId, search: Option<&str>) -> StoreResult<Vec<UserRecord>>;
    /// Live users whose home is `tenant`.
    async fn count_home_users(&mut self, tenant: TenantId) -> StoreResult<u32>;
    /// Whether `user` is a member of `tenant` (besides their home tenant).
    async fn is_member(&mut self, user: UserId, tenant: TenantId) -> StoreResult<bool>;
    /// A tenant's live groups.
    async fn groups(&mut self, tenant: TenantId) -> StoreResult<Vec<GroupRecord>>;
    /// A live group.
    async fn group(&mut self, tenant: TenantId, id: GroupId) -> StoreResult<Option<GroupRecord>>;
    /// Direct members of a group.
    async fn group_members(&mut self, group: GroupId) -> StoreResult<Vec<GroupMemberRecord>>;
    /// System roles and the live custom roles of `tenant`.
    async fn roles(&mut self, tenant: TenantId) -> StoreResult<Vec<RoleRecord>>;
    /// A live role.
    async fn role(&mut self, id: RoleId) -> StoreResult<Option<RoleRecord>>;
    /// Assignments made in `tenant`.
    async fn assignments(&mut self, tenant: TenantId) -> StoreResult<Vec<AssignmentRecord>>;
    /// Assignments of a role (anywhere in scope).
    async fn assignments_of_role(&mut self, role: RoleId) -> StoreResult<Vec<AssignmentRecord>>;
    /// A tenant's Cedar policies.
    async fn policies(&mut self, tenant: TenantId) -> StoreResult<Vec<PolicyRecord>>;
    /// A user's attributes for policy conditions.
    async fn user_attributes(&mut self, user: UserId) -> StoreResult<BTreeMap<String, String>>;
    /// A tenant's invitations, newest first.
    async fn invitations(&mut self, tenant: TenantId) -> StoreResult<Vec<InvitationRecord>>;
    /// An invitation by the hash of its token.
    async fn invitation_by_hash(&mut self, hash: &[u8]) -> StoreResult<Option<InvitationRecord>>;
    /// The pending invitation of an address to a tenant.
    async fn pending_invitation(&mut self, tenant: TenantId, email: &str) -> StoreResult<Option<InvitationRecord>>;
    /// An API key by its lookup id.
    async fn api_key_by_lookup(&mut self, lookup: &str) -> StoreResult<Option<ApiKeyRecord>>;
    /// A tenant's API keys, newest first.
    async fn api_keys(&mut self, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>>;

    /// The integrated tree of a tenant's audit log.
    async fn audit_tree(&mut self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>>;
    /// Stored tiles among `ids` (missing ones are left out).
    async fn audit_tiles(&mut self, tenant: TenantId, ids: &[TileId]) -> StoreResult<Vec<TileRecord>>;
    /// Checkpoints with `from_size <= size <= to_size`, by size, at most `limit`.
    async fn audit_checkpoints(
        &mut self,
        tenant: TenantId,
        from_size: u64,
        to_size: u64,
        limit: u32,
    ) -> StoreResult<Vec<CheckpointRecord>>;
    /// The newest checkpoint.
    async fn latest_audit_checkpoint(&mut self, tenant: TenantId) -> StoreResult<Option<CheckpointRecord>>;
    /// Integrated trees (in scope) changed at or after `since`.
    async fn audit_trees_changed(&mut self, since: DateTime<Utc>) -> StoreResult<Vec<AuditTreeRecord>>;
    /// Tenants (in scope) with appended but not yet integrated records.
    async fn audit_backlog(&mut self) -> StoreResult<Vec<AuditBacklog>>;
    /// Records matching a filter, newest first.
    async fn audit_query(&mut self, filter: &AuditFilter) -> StoreResult<Vec<StoredAudit>>;
    /// A tenant's audit settings, when it has changed the defaults.
    async fn audit_settings(&mut self, tenant: TenantId) -> StoreResult<Option<AuditSettings>>;
    /// Saved queries of `tenant` that `owner` owns or that are shared, by name.
    async fn saved_audit_queries(&mut self, tenant: TenantId, owner: UserId) -> StoreResult<Vec<SavedQueryRecord>>;
    /// A tenant's archived segments, by first record.
    async fn audit_archive_segments(&mut self, tenant: TenantId) -> StoreResult<Vec<ArchiveSegmentRecord>>;
    /// Delivery positions of a SIEM sink.
    async fn audit_forward_cursors(&mut self, sink: &str) -> StoreResult<Vec<ForwardCursor>>;

    /// The workflow journal's queries.
    fn workflows(&mut self) -> &mut dyn workflow::WorkflowRead;
    /// Notification queries.
    fn notify(&mut self) -> &mut dyn NotifyRead;
    /// Approval policies, requests and history.
    fn approvals(&mut self) -> &mut dyn approval::ApprovalRead;
}

/// A write transaction: everything commits together or nothing does. Dropping it without
/// [`commit`](WriteTx::commit) rolls back.
#[async_trait]
pub trait WriteTx: ReadTx + CmdbWrite {
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
    /// The integrated tree, locked against other integrators until commit.
    async fn lock_audit_tree(&mut self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>>;
    /// Adds records `first..=last` of a tenant to the full-text index, where the backend keeps a
    /// separate one (SQLite); a no-op where the row carries its own (PostgreSQL).
    async fn index_audit_text(&mut self, tenant: TenantId, first: u64, last: u64) -> StoreResult<()>;
    /// Appends several records (group commit); the default appends them one by one.
    async fn append_audits(&mut self, entries: &[AuditEntry]) -> StoreResult<()> {
        for e in entries {
            self.append_audit(e).await?;
        }
        Ok(())
    }
    /// Records a new integrated tree head.
    async fn put_audit_tree(&mut self, tree: &AuditTreeRecord) -> StoreResult<()>;
    /// Inserts or replaces tiles.
    async fn put_audit_tiles(&mut self, tenant: TenantId, tiles: &[TileRecord]) -> StoreResult<()>;
    /// Stores a signed checkpoint.
    async fn insert_audit_checkpoint(&mut self, cp: &CheckpointRecord) -> StoreResult<()>;
    /// Replaces a tenant's audit settings.
    async fn put_audit_settings(
        &mut self,
        tenant: TenantId,
        settings: &AuditSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Saves a query, replacing the owner's query of the same name.
    async fn put_saved_audit_query(&mut self, q: &SavedQueryRecord) -> StoreResult<()>;
    /// Deletes a saved query of `owner`; false if there was none.
    async fn delete_saved_audit_query(&mut self, tenant: TenantId, owner: UserId, id: Uuid) -> StoreResult<bool>;
    /// Records how far a SIEM sink has delivered a tenant's log.
    async fn put_audit_forward_cursor(&mut self, sink: &str, c: &ForwardCursor, now: DateTime<Utc>) -> StoreResult<()>;
    /// Takes or renews the lease on a sink for `holder` until `until`; false if another holder's
    /// lease is still valid at `now`.
    async fn take_audit_forward_lease(
        &mut self,
        sink: &str,
        holder: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Records an archived segment.
    async fn insert_archive_segment(&mut self, seg: &ArchiveSegmentRecord) -> StoreResult<()>;
    /// Deletes archived records `first..=last` (the segment must be recorded first); returns how many.
    async fn delete_archived_audit(&mut self, tenant: TenantId, first: u64, last: u64) -> StoreResult<u64>;
    /// Queues an event for publication after commit.
    async fn enqueue_event(&mut self, event: &OutboxEvent) -> StoreResult<()>;
    /// Test only: runs raw SQL in this transaction as the database owner with triggers off,
    /// playing an attacker with write access to the database. Rolled back with the transaction.
    #[cfg(test)]
    async fn tamper(&mut self, sql: &str) -> StoreResult<()>;
    /// Marks authorization data as changed (cached decisions become stale).
    async fn bump_authz_epoch(&mut self) -> StoreResult<()>;
    /// Widens the transaction's scope to a tenant it is creating.
    async fn admit_new_tenant(&mut self, tenant: TenantId) -> StoreResult<()>;
    /// Changes a tenant's details, quotas or deletion mark.
    async fn update_tenant(&mut self, tenant: &TenantRecord) -> StoreResult<()>;
    /// Replaces a tenant's email domains.
    async fn set_tenant_domains(&mut self, tenant: TenantId, domains: &[String], now: DateTime<Utc>)
    -> StoreResult<()>;
    /// Creates a compartment.
    async fn insert_compartment(&mut self, c: &CompartmentRecord) -> StoreResult<()>;
    /// Changes a compartment (name, description, parent, deletion mark).
    async fn update_compartment(&mut self, c: &CompartmentRecord) -> StoreResult<()>;
    /// Changes a user's name, status or deletion mark.
    async fn update_user(&mut self, u: &UserRecord) -> StoreResult<()>;
    /// Adds a user to a tenant other than their home.
    async fn insert_membership(&mut self, user: UserId, tenant: TenantId, now: DateTime<Utc>) -> StoreResult<()>;
    /// Removes such a membership; false if there was none.
    async fn delete_membership(&mut self, user: UserId, tenant: TenantId) -> StoreResult<bool>;
    /// Creates a group.
    async fn insert_group(&mut self, g: &GroupRecord) -> StoreResult<()>;
    /// Changes a group (name, description, deletion mark).
    async fn update_group(&mut self, g: &GroupRecord) -> StoreResult<()>;
    /// Adds a member to a group.
    async fn insert_group_member(&mut self, m: &GroupMemberRecord) -> StoreResult<()>;
    /// Removes a member (user or group id) from a group; false if it was not one.
    async fn delete_group_member(&mut self, group: GroupId, member: Uuid) -> StoreResult<bool>;
    /// Removes a user or group from every group of `tenant` and drops its assignments there.
    async fn detach_subject(&mut self, subject: SubjectRef, tenant: TenantId) -> StoreResult<()>;
    /// Soft-deletes a user.
    async fn delete_user(&mut self, id: UserId, at: DateTime<Utc>) -> StoreResult<()>;
    /// Creates a custom role.
    async fn insert_role(&mut self, r: &RoleRecord) -> StoreResult<()>;
    /// Changes a custom role.
    async fn update_role(&mut self, r: &RoleRecord) -> StoreResult<()>;
    /// Creates an assignment.
    async fn insert_assignment(&mut self, a: &AssignmentRecord) -> StoreResult<()>;
    /// Deletes an assignment made in `tenant`; returns it if it existed.
    async fn delete_assignment(&mut self, tenant: TenantId, id: AssignmentId) -> StoreResult<Option<AssignmentRecord>>;
    /// Replaces a user's attributes.
    async fn set_user_attributes(&mut self, user: UserId, attributes: &BTreeMap<String, String>) -> StoreResult<()>;
    /// Stores a new invitation.
    async fn insert_invitation(&mut self, i: &InvitationRecord) -> StoreResult<()>;
    /// Changes an invitation's token, role, expiry or state.
    async fn update_invitation(&mut self, i: &InvitationRecord) -> StoreResult<()>;
    /// Stores a new API key.
    async fn insert_api_key(&mut self, k: &ApiKeyRecord) -> StoreResult<()>;
    /// Changes an API key's secret or revocation.
    async fn update_api_key(&mut self, k: &ApiKeyRecord) -> StoreResult<()>;
    /// Records an API key's use.
    async fn touch_api_key(&mut self, id: ApiKeyId, at: DateTime<Utc>, ip: Option<&str>) -> StoreResult<()>;
    /// Erases a deleted tenant's data: its groups, assignments, keys, invitations, domains,
    /// memberships, compartments and policies are deleted, its users' sessions revoked and their
    /// accounts anonymised, and the tenant marked purged. Audit records stay.
    async fn purge_tenant(&mut self, tenant: TenantId, at: DateTime<Utc>) -> StoreResult<()>;
    /// Adds a policy to a tenant's set.
    async fn insert_policy(&mut self, p: &PolicyRecord) -> StoreResult<()>;
    /// Removes a policy; false if it did not exist.
    async fn delete_policy(&mut self, tenant: TenantId, id: PolicyId) -> StoreResult<bool>;
    /// The workflow journal's statements.
    fn workflows_mut(&mut self) -> &mut dyn workflow::WorkflowWrite;
    /// Notification changes.
    fn notify_mut(&mut self) -> &mut dyn NotifyWrite;
    /// Approval changes.
    fn approvals_mut(&mut self) -> &mut dyn approval::ApprovalWrite;
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
    /// Refreshes the query planner's statistics where the backend needs telling (SQLite's
    /// `PRAGMA optimize`; PostgreSQL's autovacuum analyzes by itself). Cheap; call it now and then.
    async fn optimize(&self) -> StoreResult<()>;
    /// Applied versus known schema version.
    async fn schema_state(&self) -> StoreResult<SchemaState>;
    /// A handle for reads of the tenants in `scope` (a consistent snapshot on PostgreSQL).
    async fn read(&self, scope: TenantScope) -> StoreResult<Box<dyn ReadTx>>;
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
mod approval_tests;
#[cfg(test)]
mod contract_tests;
