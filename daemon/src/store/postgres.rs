//! PostgreSQL store (sqlx): for replicas sharing one database and for large installations.
//!
//! Migrations run in one transaction holding a transaction-scoped advisory lock, so replicas
//! starting together apply each migration exactly once and the losers find nothing to do. This
//! module must hold no rules beyond mapping rows.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::Secret;
use nimbus_core::api::audit::AuditSettings;
use nimbus_core::api::system::Backend;
use nimbus_core::audit::AuditEntry;
use nimbus_core::ids::{
    ApiKeyId, ApprovalId, ApprovalPolicyId, AssignmentId, ChannelId, CiId, CompartmentId, DeliveryId, GroupId,
    NotificationId, PolicyId, ProviderId, RefreshTokenId, RelationshipId, RoleId, SavedSearchId, SessionId, TemplateId,
    TenantId, UserId,
};
use nimbus_core::tlog::TileId;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::types::Json;
use sqlx::{PgConnection, PgPool, Postgres, Row, Transaction};
use uuid::Uuid;

use super::approval::{
    ApprovalFilter, ApprovalHistoryRecord, ApprovalPolicyRecord, ApprovalRead, ApprovalRequestRecord, ApprovalWrite,
};
use super::cmdb::{
    CatalogDocRecord, CiClassRecord, CiFilter, CiRecord, CiVersionRecord, CmdbRead, CmdbWrite, RelationshipRecord,
    SavedSearchRecord,
};
use super::migrate::{self, SchemaState};
use super::notify::{
    ChannelRecord, DeliveryRecord, DeliveryStatus, InboxRecord, NotifyRead, NotifyWrite, PreferenceRecord,
    TemplateRecord,
};
use super::{
    ApiKeyRecord, ArchiveSegmentRecord, AssignmentRecord, AuditBacklog, AuditFilter, AuditTreeRecord, AuthzRows,
    CheckpointRecord, CompartmentRecord, ForwardCursor, GroupMemberRecord, GroupRecord, InvitationRecord, OutboxEvent,
    PolicyRecord, ProviderRecord, ReadTx, RefreshState, RefreshTokenRecord, RoleRecord, SavedQueryRecord,
    SessionPrincipalRecord, SessionRecord, SigningKeyRecord, Store, StoreError, StoreResult, StoredAudit, SubjectRef,
    TenantRecord, TenantScope, TileRecord, UserRecord, UserStatus, WriteGrant, WriteTx,
};
use crate::config::DatabaseConfig;

/// Advisory lock key serialising migrations: the first 8 bytes of SHA-256("nimbus:migrations").
const MIGRATION_LOCK_KEY: i64 = 0x6e69_6d62_7573_6d67;

/// The PostgreSQL store.
#[derive(Debug)]
pub struct PgStore {
    pool: PgPool,
    /// Connections that run as the runtime role with the system scope (`*`) set for the whole
    /// session: only `TenantScope::System` reads use them (authentication lookups, the
    /// authorization directory), so those need no transaction and cost one round trip.
    system: PgPool,
    display_url: String,
}

impl PgStore {
    /// Connects, waiting up to `connect_timeout`, and applies pending migrations.
    pub async fn connect(url: &str, display_url: String, config: &DatabaseConfig) -> anyhow::Result<Self> {
        let options = PgConnectOptions::from_str(url)
            .with_context(|| format!("invalid database URL {display_url}"))?
            .application_name("nimbusd");
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .acquire_timeout(config.connect_timeout)
            .idle_timeout(Some(Duration::from_secs(600)))
            .connect_with(options.clone())
            .await
            .map_err(|e| anyhow::anyhow!("cannot connect to database {display_url}: {}", describe(&e)))?;
        // Lazily connected, and only after migrations have created the runtime role.
        let system = PgPoolOptions::new()
            .max_connections(config.max_connections.div_ceil(2).max(1))
            .acquire_timeout(config.connect_timeout)
            .idle_timeout(Some(Duration::from_secs(600)))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    sqlx::raw_sql(SYSTEM_SESSION).execute(conn).await?;
                    Ok(())
                })
            })
            .connect_lazy_with(options);
        let store = Self { pool, system, display_url };
        store.apply_migrations().await.map_err(|e| anyhow::anyhow!("database {}: {e}", store.display_url))?;
        Ok(store)
    }

    async fn apply_migrations(&self) -> StoreResult<SchemaState> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(MIGRATION_LOCK_KEY).execute(&mut *tx).await?;
        // Migrations run as the owner, which row-level security (FORCE) restricts as well.
        sqlx::query("SELECT set_config('nimbus.tenants', '*', true)").execute(&mut *tx).await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS nimbus_schema_migrations (
                version bigint PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        let applied: Vec<(i64, String)> =
            sqlx::query_as("SELECT version, checksum FROM nimbus_schema_migrations ORDER BY version")
                .fetch_all(&mut *tx)
                .await?;
        for m in migrate::plan(&applied, migrate::POSTGRES)? {
            sqlx::raw_sql(m.sql)
                .execute(&mut *tx)
                .await
                .map_err(|e| StoreError::Schema(format!("migration {} ({}) failed: {e}", m.version, m.name)))?;
            sqlx::query(
                "INSERT INTO nimbus_schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, now())",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(m.checksum())
            .execute(&mut *tx)
            .await?;
        }
        iam::migrate_tenant_schemas(&mut tx).await?;
        tx.commit().await?;
        self.schema_state().await
    }
}

fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => "timed out waiting for a connection".to_owned(),
        other => other.to_string(),
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn display_url(&self) -> &str {
        &self.display_url
    }

    async fn optimize(&self) -> StoreResult<()> {
        Ok(())
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn schema_state(&self) -> StoreResult<SchemaState> {
        let applied: Option<i64> = sqlx::query_scalar(
            "SELECT CASE WHEN to_regclass('nimbus_schema_migrations') IS NULL THEN NULL
                    ELSE (SELECT max(version) FROM nimbus_schema_migrations) END",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(SchemaState { applied: applied.unwrap_or(0), known: migrate::POSTGRES.last().map_or(0, |m| m.version) })
    }

    async fn read(&self, scope: TenantScope) -> StoreResult<Box<dyn ReadTx>> {
        if scope == TenantScope::System {
            return Ok(Box::new(PgRead::System(self.system.acquire().await?)));
        }
        let tx = self.pool.begin_with(begin_statement("BEGIN READ ONLY", &scope)).await?;
        Ok(Box::new(PgRead::Scoped(tx)))
    }

    async fn write(&self, grant: WriteGrant) -> StoreResult<Box<dyn WriteTx>> {
        let tx = self.pool.begin_with(begin_statement("BEGIN", grant.scope())).await?;
        Ok(Box::new(PgWrite { tx, scope: grant.scope().clone() }))
    }
}

/// One round trip opens the transaction, drops to the runtime role and sets the tenant scope
/// that row-level security reads. The scope is ids we generated (UUIDs) or `*`: safe to inline.
fn begin_statement(begin: &str, scope: &TenantScope) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!(
        "{begin}; SET LOCAL ROLE {RUNTIME_ROLE}; SELECT set_config('nimbus.tenants', '{}', true)",
        scope.setting()
    ))
}

/// The role every data transaction runs as: it owns nothing and cannot bypass row-level security.
pub const RUNTIME_ROLE: &str = "nimbus_runtime";

/// Session settings of the system-scope pool's connections.
const SYSTEM_SESSION: &str = "SET ROLE nimbus_runtime; SELECT set_config('nimbus.tenants', '*', false)";

/// A read: a read-only transaction under a tenant scope (a consistent snapshot), or a
/// system-scope connection.
enum PgRead {
    Scoped(Transaction<'static, Postgres>),
    System(sqlx::pool::PoolConnection<Postgres>),
}

/// Rolls back on drop unless committed (sqlx's `Transaction` does that itself).
struct PgWrite {
    tx: Transaction<'static, Postgres>,
    scope: TenantScope,
}

trait HasConn {
    fn conn(&mut self) -> &mut PgConnection;
}

impl HasConn for PgRead {
    fn conn(&mut self) -> &mut PgConnection {
        match self {
            Self::Scoped(tx) => tx,
            Self::System(conn) => conn,
        }
    }
}

impl HasConn for PgWrite {
    fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}

macro_rules! impl_read {
    ($t:ty) => {
        #[async_trait]
        impl ReadTx for $t {
            fn workflows(&mut self) -> &mut dyn crate::store::workflow::WorkflowRead {
                self
            }
            async fn provider(&mut self) -> StoreResult<Option<ProviderRecord>> {
                q::provider(self.conn()).await
            }
            async fn tenant(&mut self, id: TenantId) -> StoreResult<Option<TenantRecord>> {
                q::tenant(self.conn(), id).await
            }
            async fn user_by_email(&mut self, email: &str) -> StoreResult<Option<UserRecord>> {
                q::user_by_email(self.conn(), email).await
            }
            async fn user(&mut self, id: UserId) -> StoreResult<Option<UserRecord>> {
                q::user(self.conn(), id).await
            }
            async fn session(&mut self, id: SessionId) -> StoreResult<Option<SessionRecord>> {
                q::session(self.conn(), id).await
            }
            async fn session_principal(&mut self, id: SessionId) -> StoreResult<Option<SessionPrincipalRecord>> {
                q::session_principal(self.conn(), id).await
            }
            async fn live_sessions(&mut self, user: UserId, now: DateTime<Utc>) -> StoreResult<Vec<SessionRecord>> {
                q::live_sessions(self.conn(), user, now).await
            }
            async fn refresh_token_by_hash(&mut self, hash: &[u8]) -> StoreResult<Option<RefreshTokenRecord>> {
                q::refresh_token_by_hash(self.conn(), hash).await
            }
            async fn signing_keys(&mut self) -> StoreResult<Vec<SigningKeyRecord>> {
                q::signing_keys(self.conn()).await
            }
            async fn audit_after(
                &mut self,
                tenant: TenantId,
                after_seq: i64,
                limit: u32,
            ) -> StoreResult<Vec<StoredAudit>> {
                q::audit_after(self.conn(), tenant, after_seq, limit).await
            }
            async fn authz_epoch(&mut self) -> StoreResult<i64> {
                iam::authz_epoch(self.conn()).await
            }
            async fn audit_tree(&mut self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>> {
                audit::tree(self.conn(), tenant, false).await
            }
            async fn audit_tiles(&mut self, tenant: TenantId, ids: &[TileId]) -> StoreResult<Vec<TileRecord>> {
                audit::tiles(self.conn(), tenant, ids).await
            }
            async fn audit_checkpoints(
                &mut self,
                tenant: TenantId,
                from_size: u64,
                to_size: u64,
                limit: u32,
            ) -> StoreResult<Vec<CheckpointRecord>> {
                audit::checkpoints(self.conn(), tenant, from_size, to_size, limit).await
            }
            async fn latest_audit_checkpoint(&mut self, tenant: TenantId) -> StoreResult<Option<CheckpointRecord>> {
                audit::latest_checkpoint(self.conn(), tenant).await
            }
            async fn audit_trees_changed(&mut self, since: DateTime<Utc>) -> StoreResult<Vec<AuditTreeRecord>> {
                audit::trees_changed(self.conn(), since).await
            }
            async fn audit_backlog(&mut self) -> StoreResult<Vec<AuditBacklog>> {
                audit::backlog(self.conn()).await
            }
            async fn audit_query(&mut self, filter: &AuditFilter) -> StoreResult<Vec<StoredAudit>> {
                audit::query(self.conn(), filter).await
            }
            async fn audit_settings(&mut self, tenant: TenantId) -> StoreResult<Option<AuditSettings>> {
                audit::settings(self.conn(), tenant).await
            }
            async fn saved_audit_queries(
                &mut self,
                tenant: TenantId,
                owner: UserId,
            ) -> StoreResult<Vec<SavedQueryRecord>> {
                audit::saved_queries(self.conn(), tenant, owner).await
            }
            async fn audit_archive_segments(&mut self, tenant: TenantId) -> StoreResult<Vec<ArchiveSegmentRecord>> {
                audit::segments(self.conn(), tenant).await
            }
            async fn audit_forward_cursors(&mut self, sink: &str) -> StoreResult<Vec<ForwardCursor>> {
                audit::forward_cursors(self.conn(), sink).await
            }
            async fn authz_rows(&mut self) -> StoreResult<AuthzRows> {
                iam::authz_rows(self.conn()).await
            }
            async fn tenants(&mut self) -> StoreResult<Vec<TenantRecord>> {
                iam::tenants(self.conn()).await
            }
            async fn tenant_by_slug(&mut self, slug: &str) -> StoreResult<Option<TenantRecord>> {
                iam::tenant_by_slug(self.conn(), slug).await
            }
            async fn tenant_domains(&mut self, tenant: TenantId) -> StoreResult<Vec<String>> {
                iam::tenant_domains(self.conn(), tenant).await
            }
            async fn count_child_tenants(&mut self, tenant: TenantId) -> StoreResult<u32> {
                iam::count_child_tenants(self.conn(), tenant).await
            }
            async fn compartments(&mut self, tenant: TenantId) -> StoreResult<Vec<CompartmentRecord>> {
                iam::compartments(self.conn(), tenant).await
            }
            async fn compartment(
                &mut self,
                tenant: TenantId,
                id: CompartmentId,
            ) -> StoreResult<Option<CompartmentRecord>> {
                iam::compartment(self.conn(), tenant, id).await
            }
            async fn tenant_users(&mut self, tenant: TenantId, search: Option<&str>) -> StoreResult<Vec<UserRecord>> {
                iam::tenant_users(self.conn(), tenant, search).await
            }
            async fn count_home_users(&mut self, tenant: TenantId) -> StoreResult<u32> {
                iam::count_home_users(self.conn(), tenant).await
            }
            async fn is_member(&mut self, user: UserId, tenant: TenantId) -> StoreResult<bool> {
                iam::is_member(self.conn(), user, tenant).await
            }
            async fn groups(&mut self, tenant: TenantId) -> StoreResult<Vec<GroupRecord>> {
                iam::groups(self.conn(), tenant).await
            }
            async fn group(&mut self, tenant: TenantId, id: GroupId) -> StoreResult<Option<GroupRecord>> {
                iam::group(self.conn(), tenant, id).await
            }
            async fn group_members(&mut self, group: GroupId) -> StoreResult<Vec<GroupMemberRecord>> {
                iam::group_members(self.conn(), group).await
            }
            async fn roles(&mut self, tenant: TenantId) -> StoreResult<Vec<RoleRecord>> {
                iam::roles(self.conn(), tenant).await
            }
            async fn role(&mut self, id: RoleId) -> StoreResult<Option<RoleRecord>> {
                iam::role(self.conn(), id).await
            }
            async fn assignments(&mut self, tenant: TenantId) -> StoreResult<Vec<AssignmentRecord>> {
                iam::assignments(self.conn(), tenant).await
            }
            async fn assignments_of_role(&mut self, role: RoleId) -> StoreResult<Vec<AssignmentRecord>> {
                iam::assignments_of_role(self.conn(), role).await
            }
            async fn user_attributes(&mut self, user: UserId) -> StoreResult<BTreeMap<String, String>> {
                iam::user_attributes(self.conn(), user).await
            }
            async fn invitations(&mut self, tenant: TenantId) -> StoreResult<Vec<InvitationRecord>> {
                iam::invitations(self.conn(), tenant).await
            }
            async fn invitation_by_hash(&mut self, hash: &[u8]) -> StoreResult<Option<InvitationRecord>> {
                iam::invitation_by_hash(self.conn(), hash).await
            }
            async fn pending_invitation(
                &mut self,
                tenant: TenantId,
                email: &str,
            ) -> StoreResult<Option<InvitationRecord>> {
                iam::pending_invitation(self.conn(), tenant, email).await
            }
            async fn api_key_by_lookup(&mut self, lookup: &str) -> StoreResult<Option<ApiKeyRecord>> {
                iam::api_key_by_lookup(self.conn(), lookup).await
            }
            async fn api_keys(&mut self, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>> {
                iam::api_keys(self.conn(), tenant).await
            }
            async fn policies(&mut self, tenant: TenantId) -> StoreResult<Vec<PolicyRecord>> {
                iam::policies(self.conn(), tenant).await
            }
            fn notify(&mut self) -> &mut dyn NotifyRead {
                self
            }
            fn approvals(&mut self) -> &mut dyn ApprovalRead {
                self
            }
        }

        #[async_trait]
        impl ApprovalRead for $t {
            async fn approval_policies(&mut self, tenant: TenantId) -> StoreResult<Vec<ApprovalPolicyRecord>> {
                approval::policies(self.conn(), tenant).await
            }
            async fn approval_policy(&mut self, id: ApprovalPolicyId) -> StoreResult<Option<ApprovalPolicyRecord>> {
                approval::policy(self.conn(), id).await
            }
            async fn approval_requests(&mut self, filter: &ApprovalFilter) -> StoreResult<Vec<ApprovalRequestRecord>> {
                approval::requests(self.conn(), filter).await
            }
            async fn approval_request(&mut self, id: ApprovalId) -> StoreResult<Option<ApprovalRequestRecord>> {
                approval::request(self.conn(), id).await
            }
            async fn approval_history(&mut self, id: ApprovalId) -> StoreResult<Vec<ApprovalHistoryRecord>> {
                approval::history(self.conn(), id).await
            }
        }

        #[async_trait]
        impl NotifyRead for $t {
            async fn notification_channels(&mut self, tenant: TenantId) -> StoreResult<Vec<ChannelRecord>> {
                notify::channels(self.conn(), tenant).await
            }
            async fn notification_channel(&mut self, id: ChannelId) -> StoreResult<Option<ChannelRecord>> {
                notify::channel(self.conn(), id).await
            }
            async fn notification_templates(&mut self, tenant: Option<TenantId>) -> StoreResult<Vec<TemplateRecord>> {
                notify::templates(self.conn(), tenant).await
            }
            async fn notification_preferences(&mut self, user: UserId) -> StoreResult<Vec<PreferenceRecord>> {
                notify::preferences(self.conn(), user).await
            }
            async fn inbox(&mut self, user: UserId, unread_only: bool, limit: u32) -> StoreResult<Vec<InboxRecord>> {
                notify::inbox(self.conn(), user, unread_only, limit).await
            }
            async fn inbox_unread(&mut self, user: UserId) -> StoreResult<u64> {
                notify::inbox_unread(self.conn(), user).await
            }
            async fn notification_deliveries(
                &mut self,
                tenant: TenantId,
                status: Option<DeliveryStatus>,
                limit: u32,
            ) -> StoreResult<Vec<DeliveryRecord>> {
                notify::deliveries(self.conn(), tenant, status, limit).await
            }
            async fn notification_delivery(&mut self, id: DeliveryId) -> StoreResult<Option<DeliveryRecord>> {
                notify::delivery(self.conn(), id).await
            }
        }
    };
}

impl_read!(PgRead);
impl_read!(PgWrite);

macro_rules! impl_cmdb_read {
    ($t:ty) => {
        #[async_trait]
        impl CmdbRead for $t {
            async fn ci_classes(&mut self, tenant: TenantId) -> StoreResult<Vec<CiClassRecord>> {
                cmdb::ci_classes(self.conn(), tenant).await
            }
            async fn ci_class(&mut self, tenant: TenantId, key: &str) -> StoreResult<Option<CiClassRecord>> {
                cmdb::ci_class(self.conn(), tenant, key).await
            }
            async fn ci_class_in_use(&mut self, tenant: TenantId, key: &str) -> StoreResult<bool> {
                cmdb::ci_class_in_use(self.conn(), tenant, key).await
            }
            async fn ci(&mut self, tenant: TenantId, id: CiId) -> StoreResult<Option<CiRecord>> {
                cmdb::ci(self.conn(), tenant, id).await
            }
            async fn cis_by_seq(&mut self, tenant: TenantId, seqs: &[i64]) -> StoreResult<Vec<CiRecord>> {
                cmdb::cis_by_seq(self.conn(), tenant, seqs).await
            }
            async fn cis_by_external_id(&mut self, tenant: TenantId, ids: &[String]) -> StoreResult<Vec<CiRecord>> {
                cmdb::cis_by_external_id(self.conn(), tenant, ids).await
            }
            async fn ci_versions(&mut self, tenant: TenantId, seq: i64) -> StoreResult<Vec<CiVersionRecord>> {
                cmdb::ci_versions(self.conn(), tenant, seq).await
            }
            async fn ci_version(
                &mut self,
                tenant: TenantId,
                seq: i64,
                version: i64,
            ) -> StoreResult<Option<CiVersionRecord>> {
                cmdb::ci_version(self.conn(), tenant, seq, version).await
            }
            async fn ci_as_of(
                &mut self,
                tenant: TenantId,
                seq: i64,
                at: DateTime<Utc>,
            ) -> StoreResult<Option<CiVersionRecord>> {
                cmdb::ci_as_of(self.conn(), tenant, seq, at).await
            }
            async fn search_cis(&mut self, tenant: TenantId, filter: &CiFilter) -> StoreResult<Vec<CiRecord>> {
                cmdb::search_cis(self.conn(), tenant, filter).await
            }
            async fn cmdb_edges(
                &mut self,
                tenant: TenantId,
                seqs: &[i64],
                outgoing: bool,
                kinds: &[&str],
            ) -> StoreResult<Vec<RelationshipRecord>> {
                cmdb::cmdb_edges(self.conn(), tenant, seqs, outgoing, kinds).await
            }
            async fn relationship(
                &mut self,
                tenant: TenantId,
                id: RelationshipId,
            ) -> StoreResult<Option<RelationshipRecord>> {
                cmdb::relationship(self.conn(), tenant, id).await
            }
            async fn saved_searches(&mut self, tenant: TenantId, owner: UserId) -> StoreResult<Vec<SavedSearchRecord>> {
                cmdb::saved_searches(self.conn(), tenant, owner).await
            }
            async fn catalog_docs(&mut self, tenant: TenantId, kind: &str) -> StoreResult<Vec<CatalogDocRecord>> {
                cmdb::catalog_docs(self.conn(), tenant, kind).await
            }
            async fn catalog_doc(
                &mut self,
                tenant: TenantId,
                kind: &str,
                key_or_id: &str,
            ) -> StoreResult<Option<CatalogDocRecord>> {
                cmdb::catalog_doc(self.conn(), tenant, kind, key_or_id).await
            }
        }
    };
}

impl_cmdb_read!(PgRead);
impl_cmdb_read!(PgWrite);

#[async_trait]
impl CmdbWrite for PgWrite {
    async fn insert_ci_class(&mut self, c: &CiClassRecord) -> StoreResult<()> {
        cmdb::insert_ci_class(self.conn(), c).await
    }
    async fn update_ci_class(&mut self, c: &CiClassRecord) -> StoreResult<()> {
        cmdb::update_ci_class(self.conn(), c).await
    }
    async fn insert_ci(&mut self, ci: &CiRecord, actor: &str) -> StoreResult<i64> {
        cmdb::insert_ci(self.conn(), ci, actor).await
    }
    async fn update_ci(&mut self, ci: &CiRecord, actor: &str) -> StoreResult<()> {
        cmdb::update_ci(self.conn(), ci, actor).await
    }
    async fn insert_cis(&mut self, cis: &[CiRecord], actor: &str) -> StoreResult<Vec<i64>> {
        cmdb::insert_cis(self.conn(), cis, actor).await
    }
    async fn insert_relationship(&mut self, r: &RelationshipRecord) -> StoreResult<()> {
        cmdb::insert_relationship(self.conn(), r).await
    }
    async fn insert_relationships(&mut self, rs: &[RelationshipRecord]) -> StoreResult<u64> {
        cmdb::insert_relationships(self.conn(), rs).await
    }
    async fn delete_relationship(
        &mut self,
        tenant: TenantId,
        id: RelationshipId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        cmdb::delete_relationship(self.conn(), tenant, id, at).await
    }
    async fn delete_relationships_of(&mut self, tenant: TenantId, seq: i64, at: DateTime<Utc>) -> StoreResult<u64> {
        cmdb::delete_relationships_of(self.conn(), tenant, seq, at).await
    }
    async fn insert_catalog_doc(&mut self, d: &CatalogDocRecord) -> StoreResult<()> {
        cmdb::insert_catalog_doc(self.conn(), d).await
    }
    async fn update_catalog_doc(&mut self, d: &CatalogDocRecord) -> StoreResult<()> {
        cmdb::update_catalog_doc(self.conn(), d).await
    }
    async fn insert_saved_search(&mut self, s: &SavedSearchRecord) -> StoreResult<()> {
        cmdb::insert_saved_search(self.conn(), s).await
    }
    async fn delete_saved_search(&mut self, tenant: TenantId, owner: UserId, id: SavedSearchId) -> StoreResult<bool> {
        cmdb::delete_saved_search(self.conn(), tenant, owner, id).await
    }
}

#[async_trait]
impl WriteTx for PgWrite {
    async fn insert_tenant(&mut self, t: &TenantRecord) -> StoreResult<()> {
        iam::insert_tenant(&mut self.tx, t).await
    }

    async fn insert_user(&mut self, u: &UserRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO users (id, tenant_id, email, display_name, password_hash, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(u.id.as_uuid())
        .bind(u.tenant_id.as_uuid())
        .bind(&u.email)
        .bind(&u.display_name)
        .bind(u.password_hash.as_ref().map(|h| h.expose().as_str()))
        .bind(u.status.as_str())
        .bind(u.created_at)
        .bind(u.updated_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn insert_provider(&mut self, p: &ProviderRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO providers (id, name, root_tenant_id, initial_admin_id, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(p.id.as_uuid())
        .bind(&p.name)
        .bind(p.root_tenant_id.as_uuid())
        .bind(p.initial_admin_id.as_uuid())
        .bind(p.created_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn insert_signing_key(&mut self, k: &SigningKeyRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO signing_keys (kid, algorithm, public_key, sealed_private_key, created_at, retired_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&k.kid)
        .bind(&k.algorithm)
        .bind(&k.public_key)
        .bind(&k.sealed_private_key)
        .bind(k.created_at)
        .bind(k.retired_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn insert_session(&mut self, s: &SessionRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, idle_expires_at, expires_at,
                                   revoked_at, revoke_reason, ip, user_agent)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(s.id.as_uuid())
        .bind(s.user_id.as_uuid())
        .bind(s.tenant_id.as_uuid())
        .bind(s.created_at)
        .bind(s.last_used_at)
        .bind(s.idle_expires_at)
        .bind(s.expires_at)
        .bind(s.revoked_at)
        .bind(&s.revoke_reason)
        .bind(&s.ip)
        .bind(&s.user_agent)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn touch_session(
        &mut self,
        id: SessionId,
        last_used_at: DateTime<Utc>,
        idle_expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_used_at = $2, idle_expires_at = $3 WHERE id = $1")
            .bind(id.as_uuid())
            .bind(last_used_at)
            .bind(idle_expires_at)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn revoke_session(&mut self, id: SessionId, at: DateTime<Utc>, reason: &str) -> StoreResult<bool> {
        let changed =
            sqlx::query("UPDATE sessions SET revoked_at = $2, revoke_reason = $3 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id.as_uuid())
                .bind(at)
                .bind(reason)
                .execute(&mut *self.tx)
                .await?
                .rows_affected();
        sqlx::query("UPDATE refresh_tokens SET state = 'revoked' WHERE session_id = $1 AND state = 'active'")
            .bind(id.as_uuid())
            .execute(&mut *self.tx)
            .await?;
        Ok(changed > 0)
    }

    async fn insert_refresh_token(&mut self, t: &RefreshTokenRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (id, session_id, token_hash, state, created_at, expires_at, used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(t.id.as_uuid())
        .bind(t.session_id.as_uuid())
        .bind(&t.token_hash)
        .bind(t.state.as_str())
        .bind(t.created_at)
        .bind(t.expires_at)
        .bind(t.used_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn rotate_refresh_token(&mut self, id: RefreshTokenId, at: DateTime<Utc>) -> StoreResult<bool> {
        let changed =
            sqlx::query("UPDATE refresh_tokens SET state = 'rotated', used_at = $2 WHERE id = $1 AND state = 'active'")
                .bind(id.as_uuid())
                .bind(at)
                .execute(&mut *self.tx)
                .await?
                .rows_affected();
        Ok(changed > 0)
    }

    #[cfg(test)]
    async fn tamper(&mut self, sql: &str) -> StoreResult<()> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("RESET ROLE; SET LOCAL session_replication_role = replica; {sql}")))
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn lock_audit_tree(&mut self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>> {
        audit::tree(&mut self.tx, tenant, true).await
    }

    async fn index_audit_text(&mut self, _tenant: TenantId, _first: u64, _last: u64) -> StoreResult<()> {
        // The generated `search` column indexes each row as it is inserted.
        Ok(())
    }

    async fn append_audits(&mut self, entries: &[AuditEntry]) -> StoreResult<()> {
        audit::append_many(&mut self.tx, entries).await
    }

    async fn put_audit_tree(&mut self, tree: &AuditTreeRecord) -> StoreResult<()> {
        audit::put_tree(&mut self.tx, tree).await
    }

    async fn put_audit_tiles(&mut self, tenant: TenantId, tiles: &[TileRecord]) -> StoreResult<()> {
        audit::put_tiles(&mut self.tx, tenant, tiles).await
    }

    async fn insert_audit_checkpoint(&mut self, cp: &CheckpointRecord) -> StoreResult<()> {
        audit::insert_checkpoint(&mut self.tx, cp).await
    }

    async fn put_audit_settings(
        &mut self,
        tenant: TenantId,
        settings: &AuditSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        audit::put_settings(&mut self.tx, tenant, settings, now).await
    }

    async fn put_saved_audit_query(&mut self, q: &SavedQueryRecord) -> StoreResult<()> {
        audit::put_saved_query(&mut self.tx, q).await
    }

    async fn delete_saved_audit_query(&mut self, tenant: TenantId, owner: UserId, id: Uuid) -> StoreResult<bool> {
        audit::delete_saved_query(&mut self.tx, tenant, owner, id).await
    }

    async fn insert_archive_segment(&mut self, seg: &ArchiveSegmentRecord) -> StoreResult<()> {
        audit::insert_segment(&mut self.tx, seg).await
    }

    async fn put_audit_forward_cursor(&mut self, sink: &str, c: &ForwardCursor, now: DateTime<Utc>) -> StoreResult<()> {
        audit::put_forward_cursor(&mut self.tx, sink, c, now).await
    }

    async fn take_audit_forward_lease(
        &mut self,
        sink: &str,
        holder: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        audit::take_lease(&mut self.tx, sink, holder, until, now).await
    }

    async fn delete_archived_audit(&mut self, tenant: TenantId, first: u64, last: u64) -> StoreResult<u64> {
        audit::delete_archived(&mut self.tx, tenant, first, last).await
    }

    async fn append_audit(&mut self, e: &AuditEntry) -> StoreResult<i64> {
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO audit_sequences (tenant_id, next_seq) VALUES ($1, 2)
             ON CONFLICT (tenant_id) DO UPDATE SET next_seq = audit_sequences.next_seq + 1
             RETURNING next_seq - 1",
        )
        .bind(e.tenant_id.as_uuid())
        .fetch_one(&mut *self.tx)
        .await?;
        sqlx::query(
            "INSERT INTO audit_log (id, tenant_id, seq, occurred_at, actor_kind, actor_id, actor_display,
                impersonator_id, action, event_type, category, priority, resource_type, resource_id,
                resource_name, old_value, new_value, outcome, error_code, trace_id, ip, user_agent,
                request_method, request_path)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                $20, $21, $22, $23, $24)",
        )
        .bind(e.id.as_uuid())
        .bind(e.tenant_id.as_uuid())
        .bind(seq)
        .bind(e.occurred_at)
        .bind(e.actor.kind.as_str())
        .bind(e.actor.id)
        .bind(&e.actor.display)
        .bind(e.impersonator_id.map(|i| *i.as_uuid()))
        .bind(&e.action)
        .bind(&e.event_type)
        .bind(e.category.as_str())
        .bind(e.priority.as_str())
        .bind(e.resource.as_ref().map(|r| r.kind.as_str()))
        .bind(e.resource.as_ref().map(|r| r.id.as_str()))
        .bind(e.resource.as_ref().and_then(|r| r.name.as_deref()))
        .bind(e.old_value.as_ref().map(Json))
        .bind(e.new_value.as_ref().map(Json))
        .bind(e.outcome.as_str())
        .bind(&e.error_code)
        .bind(&e.request.trace_id)
        .bind(&e.request.ip)
        .bind(&e.request.user_agent)
        .bind(&e.request.method)
        .bind(&e.request.path)
        .execute(&mut *self.tx)
        .await?;
        Ok(seq)
    }

    async fn enqueue_event(&mut self, ev: &OutboxEvent) -> StoreResult<()> {
        // Every replica's relay listens; one notification per transaction reaches them at
        // commit (PostgreSQL folds repeated identical ones).
        sqlx::query(
            "WITH e AS (INSERT INTO outbox (id, tenant_id, topic, payload, created_at)
                        VALUES ($1, $2, $3, $4, $5) RETURNING id)
             SELECT pg_notify('nimbus_outbox', '') FROM e",
        )
        .bind(ev.id.as_uuid())
        .bind(ev.tenant_id.as_uuid())
        .bind(&ev.topic)
        .bind(Json(&ev.payload))
        .bind(ev.created_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn bump_authz_epoch(&mut self) -> StoreResult<()> {
        iam::bump_authz_epoch(&mut self.tx).await
    }
    async fn admit_new_tenant(&mut self, tenant: TenantId) -> StoreResult<()> {
        if let TenantScope::Tenants(ids) = &self.scope {
            let mut ids = ids.to_vec();
            ids.push(tenant);
            self.scope = TenantScope::Tenants(ids.into());
            sqlx::query("SELECT set_config('nimbus.tenants', $1, true)")
                .bind(self.scope.setting())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(())
    }
    async fn update_tenant(&mut self, t: &TenantRecord) -> StoreResult<()> {
        iam::update_tenant(&mut self.tx, t).await
    }
    async fn set_tenant_domains(
        &mut self,
        tenant: TenantId,
        domains: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        iam::set_tenant_domains(&mut self.tx, tenant, domains, now).await
    }
    async fn insert_compartment(&mut self, c: &CompartmentRecord) -> StoreResult<()> {
        iam::insert_compartment(&mut self.tx, c).await
    }
    async fn update_compartment(&mut self, c: &CompartmentRecord) -> StoreResult<()> {
        iam::update_compartment(&mut self.tx, c).await
    }
    async fn update_user(&mut self, u: &UserRecord) -> StoreResult<()> {
        iam::update_user(&mut self.tx, u).await
    }
    async fn insert_membership(&mut self, user: UserId, tenant: TenantId, now: DateTime<Utc>) -> StoreResult<()> {
        iam::insert_membership(&mut self.tx, user, tenant, now).await
    }
    async fn delete_membership(&mut self, user: UserId, tenant: TenantId) -> StoreResult<bool> {
        iam::delete_membership(&mut self.tx, user, tenant).await
    }
    async fn insert_group(&mut self, g: &GroupRecord) -> StoreResult<()> {
        iam::insert_group(&mut self.tx, g).await
    }
    async fn update_group(&mut self, g: &GroupRecord) -> StoreResult<()> {
        iam::update_group(&mut self.tx, g).await
    }
    async fn insert_group_member(&mut self, m: &GroupMemberRecord) -> StoreResult<()> {
        iam::insert_group_member(&mut self.tx, m).await
    }
    async fn delete_group_member(&mut self, group: GroupId, member: Uuid) -> StoreResult<bool> {
        iam::delete_group_member(&mut self.tx, group, member).await
    }
    async fn detach_subject(&mut self, subject: SubjectRef, tenant: TenantId) -> StoreResult<()> {
        iam::detach_subject(&mut self.tx, subject, tenant).await
    }
    async fn delete_user(&mut self, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        iam::delete_user(&mut self.tx, id, at).await
    }
    async fn insert_role(&mut self, r: &RoleRecord) -> StoreResult<()> {
        iam::insert_role(&mut self.tx, r).await
    }
    async fn update_role(&mut self, r: &RoleRecord) -> StoreResult<()> {
        iam::update_role(&mut self.tx, r).await
    }
    async fn insert_assignment(&mut self, a: &AssignmentRecord) -> StoreResult<()> {
        iam::insert_assignment(&mut self.tx, a).await
    }
    async fn delete_assignment(&mut self, tenant: TenantId, id: AssignmentId) -> StoreResult<Option<AssignmentRecord>> {
        iam::delete_assignment(&mut self.tx, tenant, id).await
    }
    async fn set_user_attributes(&mut self, user: UserId, attributes: &BTreeMap<String, String>) -> StoreResult<()> {
        iam::set_user_attributes(&mut self.tx, user, attributes).await
    }
    async fn insert_invitation(&mut self, i: &InvitationRecord) -> StoreResult<()> {
        iam::insert_invitation(&mut self.tx, i).await
    }
    async fn update_invitation(&mut self, i: &InvitationRecord) -> StoreResult<()> {
        iam::update_invitation(&mut self.tx, i).await
    }
    async fn insert_api_key(&mut self, k: &ApiKeyRecord) -> StoreResult<()> {
        iam::insert_api_key(&mut self.tx, k).await
    }
    async fn update_api_key(&mut self, k: &ApiKeyRecord) -> StoreResult<()> {
        iam::update_api_key(&mut self.tx, k).await
    }
    async fn touch_api_key(&mut self, id: ApiKeyId, at: DateTime<Utc>, ip: Option<&str>) -> StoreResult<()> {
        iam::touch_api_key(&mut self.tx, id, at, ip).await
    }
    async fn purge_tenant(&mut self, tenant: TenantId, at: DateTime<Utc>) -> StoreResult<()> {
        iam::purge_tenant(&mut self.tx, tenant, at).await
    }
    async fn insert_policy(&mut self, p: &PolicyRecord) -> StoreResult<()> {
        iam::insert_policy(&mut self.tx, p).await
    }
    async fn delete_policy(&mut self, tenant: TenantId, id: PolicyId) -> StoreResult<bool> {
        iam::delete_policy(&mut self.tx, tenant, id).await
    }

    fn workflows_mut(&mut self) -> &mut dyn crate::store::workflow::WorkflowWrite {
        self
    }

    fn notify_mut(&mut self) -> &mut dyn NotifyWrite {
        self
    }
    fn approvals_mut(&mut self) -> &mut dyn ApprovalWrite {
        self
    }
    async fn commit(self: Box<Self>) -> StoreResult<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

mod approval;
mod audit;
mod cmdb;
mod iam;
mod notify;
mod workflow;

#[async_trait]
impl ApprovalWrite for PgWrite {
    async fn put_approval_policy(&mut self, p: &ApprovalPolicyRecord) -> StoreResult<()> {
        approval::put_policy(&mut self.tx, p).await
    }
    async fn insert_approval_request(&mut self, r: &ApprovalRequestRecord) -> StoreResult<()> {
        approval::insert_request(&mut self.tx, r).await
    }
    async fn update_approval_request(&mut self, r: &ApprovalRequestRecord, expected: i64) -> StoreResult<bool> {
        approval::update_request(&mut self.tx, r, expected).await
    }
    async fn insert_approval_history(&mut self, h: &ApprovalHistoryRecord) -> StoreResult<()> {
        approval::insert_history(&mut self.tx, h).await
    }
}

#[async_trait]
impl NotifyWrite for PgWrite {
    async fn put_notification_channel(&mut self, c: &ChannelRecord) -> StoreResult<()> {
        notify::put_channel(&mut self.tx, c).await
    }
    async fn delete_notification_channel(&mut self, tenant: TenantId, id: ChannelId) -> StoreResult<bool> {
        notify::delete_channel(&mut self.tx, tenant, id).await
    }
    async fn put_notification_template(&mut self, t: &TemplateRecord) -> StoreResult<()> {
        notify::put_template(&mut self.tx, t).await
    }
    async fn delete_notification_template(&mut self, id: TemplateId) -> StoreResult<bool> {
        notify::delete_template(&mut self.tx, id).await
    }
    async fn put_notification_preference(&mut self, p: &PreferenceRecord) -> StoreResult<()> {
        notify::put_preference(&mut self.tx, p).await
    }
    async fn insert_inbox(&mut self, n: &InboxRecord) -> StoreResult<()> {
        notify::insert_inbox(&mut self.tx, n).await
    }
    async fn mark_inbox_read(
        &mut self,
        user: UserId,
        id: Option<NotificationId>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        notify::mark_read(&mut self.tx, user, id, at).await
    }
    async fn insert_delivery(&mut self, d: &DeliveryRecord) -> StoreResult<()> {
        notify::insert_delivery(&mut self.tx, d).await
    }
    async fn update_delivery(&mut self, d: &DeliveryRecord) -> StoreResult<()> {
        notify::update_delivery(&mut self.tx, d).await
    }
    async fn take_held_deliveries(&mut self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DeliveryRecord>> {
        notify::take_held(&mut self.tx, before, limit).await
    }
}

/// Row queries shared by read handles and write transactions.
mod q {
    use super::*;

    pub(super) async fn provider(c: &mut PgConnection) -> StoreResult<Option<ProviderRecord>> {
        let row = sqlx::query("SELECT id, name, root_tenant_id, initial_admin_id, created_at FROM providers")
            .fetch_optional(c)
            .await?;
        row.map(|r| {
            Ok(ProviderRecord {
                id: ProviderId::from_uuid(r.try_get(0)?),
                name: r.try_get(1)?,
                root_tenant_id: TenantId::from_uuid(r.try_get(2)?),
                initial_admin_id: UserId::from_uuid(r.try_get(3)?),
                created_at: r.try_get(4)?,
            })
        })
        .transpose()
    }

    pub(super) async fn tenant(c: &mut PgConnection, id: TenantId) -> StoreResult<Option<TenantRecord>> {
        let sql = format!("SELECT {} FROM tenants t WHERE t.id = $1", iam::TENANT_COLUMNS);
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(c).await?;
        row.map(|r| iam::tenant_at(&r, 0)).transpose()
    }

    pub(super) async fn user_by_email(c: &mut PgConnection, email: &str) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(
            "SELECT id, tenant_id, email, display_name, password_hash, status, created_at, updated_at
             FROM users WHERE email = $1 AND deleted_at IS NULL",
        )
        .bind(email)
        .fetch_optional(c)
        .await?;
        row.map(|r| user_at(&r, 0)).transpose()
    }

    pub(super) async fn user(c: &mut PgConnection, id: UserId) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(
            "SELECT id, tenant_id, email, display_name, password_hash, status, created_at, updated_at
             FROM users WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await?;
        row.map(|r| user_at(&r, 0)).transpose()
    }

    pub(super) async fn session(c: &mut PgConnection, id: SessionId) -> StoreResult<Option<SessionRecord>> {
        let row = sqlx::query(
            "SELECT s.id, s.user_id, s.tenant_id, s.created_at, s.last_used_at, s.idle_expires_at, s.expires_at,
                    s.revoked_at, s.revoke_reason, s.ip, s.user_agent
             FROM sessions s WHERE s.id = $1",
        )
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await?;
        row.map(|r| session_at(&r, 0)).transpose()
    }

    pub(super) async fn session_principal(
        c: &mut PgConnection,
        id: SessionId,
    ) -> StoreResult<Option<SessionPrincipalRecord>> {
        let sql = format!(
            "SELECT s.id, s.user_id, s.tenant_id, s.created_at, s.last_used_at, s.idle_expires_at, s.expires_at,
                    s.revoked_at, s.revoke_reason, s.ip, s.user_agent,
                    u.id, u.tenant_id, u.email, u.display_name, NULL::text, u.status, u.created_at, u.updated_at,
                    {}
             FROM sessions s
             JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
             JOIN tenants t ON t.id = s.tenant_id
             WHERE s.id = $1",
            iam::TENANT_COLUMNS
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.as_uuid()).fetch_optional(c).await?;
        row.map(|r| {
            Ok(SessionPrincipalRecord {
                session: session_at(&r, 0)?,
                user: user_at(&r, 11)?,
                tenant: iam::tenant_at(&r, 19)?,
            })
        })
        .transpose()
    }

    pub(super) async fn live_sessions(
        c: &mut PgConnection,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<SessionRecord>> {
        let rows = sqlx::query(
            "SELECT s.id, s.user_id, s.tenant_id, s.created_at, s.last_used_at, s.idle_expires_at, s.expires_at,
                    s.revoked_at, s.revoke_reason, s.ip, s.user_agent
             FROM sessions s
             WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.idle_expires_at > $2 AND s.expires_at > $2
             ORDER BY s.created_at DESC",
        )
        .bind(user.as_uuid())
        .bind(now)
        .fetch_all(c)
        .await?;
        rows.iter().map(|r| session_at(r, 0)).collect()
    }

    pub(super) async fn refresh_token_by_hash(
        c: &mut PgConnection,
        hash: &[u8],
    ) -> StoreResult<Option<RefreshTokenRecord>> {
        let row = sqlx::query(
            "SELECT id, session_id, token_hash, state, created_at, expires_at, used_at
             FROM refresh_tokens WHERE token_hash = $1",
        )
        .bind(hash)
        .fetch_optional(c)
        .await?;
        row.map(|r| {
            Ok(RefreshTokenRecord {
                id: RefreshTokenId::from_uuid(r.try_get(0)?),
                session_id: SessionId::from_uuid(r.try_get(1)?),
                token_hash: r.try_get(2)?,
                state: RefreshState::parse(r.try_get(3)?)?,
                created_at: r.try_get(4)?,
                expires_at: r.try_get(5)?,
                used_at: r.try_get(6)?,
            })
        })
        .transpose()
    }

    pub(super) async fn signing_keys(c: &mut PgConnection) -> StoreResult<Vec<SigningKeyRecord>> {
        let rows = sqlx::query(
            "SELECT kid, algorithm, public_key, sealed_private_key, created_at, retired_at
             FROM signing_keys ORDER BY created_at DESC",
        )
        .fetch_all(c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SigningKeyRecord {
                    kid: r.try_get(0)?,
                    algorithm: r.try_get(1)?,
                    public_key: r.try_get(2)?,
                    sealed_private_key: r.try_get(3)?,
                    created_at: r.try_get(4)?,
                    retired_at: r.try_get(5)?,
                })
            })
            .collect()
    }

    pub(super) async fn audit_after(
        c: &mut PgConnection,
        tenant: TenantId,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<StoredAudit>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM audit_log a WHERE a.tenant_id = $1 AND a.seq > $2 ORDER BY a.seq LIMIT $3",
            audit::RECORD_COLUMNS
        )))
        .bind(tenant.as_uuid())
        .bind(after_seq)
        .bind(i64::from(limit))
        .fetch_all(c)
        .await?;
        rows.iter().map(audit::record_at).collect()
    }

    pub(super) fn parse<T>(r: &PgRow, col: usize) -> StoreResult<T>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        let s: String = r.try_get(col)?;
        s.parse().map_err(|e: T::Err| StoreError::Corrupt(e.to_string()))
    }

    pub(super) fn user_at(r: &PgRow, o: usize) -> StoreResult<UserRecord> {
        Ok(UserRecord {
            id: UserId::from_uuid(r.try_get(o)?),
            tenant_id: TenantId::from_uuid(r.try_get(o + 1)?),
            email: r.try_get(o + 2)?,
            display_name: r.try_get(o + 3)?,
            password_hash: r.try_get::<Option<String>, _>(o + 4)?.map(Secret::new),
            status: UserStatus::parse(r.try_get(o + 5)?)?,
            created_at: r.try_get(o + 6)?,
            updated_at: r.try_get(o + 7)?,
        })
    }

    fn session_at(r: &PgRow, o: usize) -> StoreResult<SessionRecord> {
        Ok(SessionRecord {
            id: SessionId::from_uuid(r.try_get(o)?),
            user_id: UserId::from_uuid(r.try_get(o + 1)?),
            tenant_id: TenantId::from_uuid(r.try_get(o + 2)?),
            created_at: r.try_get(o + 3)?,
            last_used_at: r.try_get(o + 4)?,
            idle_expires_at: r.try_get(o + 5)?,
            expires_at: r.try_get(o + 6)?,
            revoked_at: r.try_get(o + 7)?,
            revoke_reason: r.try_get(o + 8)?,
            ip: r.try_get(o + 9)?,
            user_agent: r.try_get(o + 10)?,
        })
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::Database(db) => {
                let code = db.code().unwrap_or_default();
                if code.starts_with("23") {
                    Self::Conflict(db.message().to_owned())
                } else if code == "42501" {
                    // Row-level security refused the row: it belongs to another tenant.
                    Self::OutOfScope(db.message().to_owned())
                } else if code.starts_with("08")
                    || code == "57P01"
                    || code == "53300"
                    || code == "40P01"
                    || code == "40001"
                {
                    // Deadlocks and serialization failures roll the transaction back: the caller
                    // may run it again.
                    Self::Unavailable(db.message().to_owned())
                } else {
                    Self::Other(e.to_string())
                }
            }
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => {
                Self::Unavailable(describe(&e))
            }
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) | sqlx::Error::ColumnNotFound(_) => {
                Self::Corrupt(e.to_string())
            }
            _ => Self::Other(e.to_string()),
        }
    }
}
