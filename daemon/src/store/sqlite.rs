//! SQLite store (rusqlite): the embedded default.
//!
//! One writer connection behind an async mutex (SQLite allows one writer; queuing in-process is
//! cheaper than busy-waiting) and a small pool of read-only connections; WAL lets reads proceed
//! during writes. Statements are cached per connection. Calls run inline on the async worker:
//! they take microseconds, cheaper than a hop to a blocking thread. Migrations and the initial
//! open run on a blocking thread; WAL checkpoints on a thread of their own (`checkpointer`). This
//! module must hold no rules beyond mapping rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Context;
use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
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
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};
use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};
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
use crate::config::{DatabaseConfig, SqliteSynchronous};

/// The SQLite store.
#[derive(Debug)]
pub struct SqliteStore {
    display_url: String,
    writer: Arc<tokio::sync::Mutex<Connection>>,
    readers: Arc<ReaderPool>,
    _checkpointer: checkpointer::Checkpointer,
}

#[derive(Debug)]
struct ReaderPool {
    /// Idle connections, each with the statistics generation it last loaded.
    idle: Mutex<Vec<(Connection, u64)>>,
    permits: Arc<Semaphore>,
    /// Bumped by every [`analyze`] of the writer. A connection loads the planner's statistics
    /// only when it opens (a read-only one cannot run ANALYZE to reload them), so readers opened
    /// at a first start would plan every query of a grown database as if its tables were
    /// empty: right after a bulk import of 1,000,000 CIs a filtered full-text search took 37 ms
    /// at p99 instead of 0.6 ms until the daemon restarted. A stale reader is reopened.
    stats: AtomicU64,
    path: PathBuf,
    sync: SqliteSynchronous,
}

fn open_reader(path: &Path, sync: SqliteSynchronous) -> rusqlite::Result<Connection> {
    let reader = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    configure(&reader, sync)?;
    Ok(reader)
}

impl ReaderPool {
    /// An idle connection with the current statistics loaded.
    fn take(&self) -> StoreResult<Option<(Connection, u64)>> {
        let Some((conn, loaded)) =
            self.idle.lock().map_err(|_| StoreError::Other("reader pool poisoned".into()))?.pop()
        else {
            return Ok(None);
        };
        let current = self.stats.load(Ordering::Acquire);
        if loaded < current {
            return Ok(Some((open_reader(&self.path, self.sync)?, current)));
        }
        Ok(Some((conn, loaded)))
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub async fn open(path: &Path, config: &DatabaseConfig) -> anyhow::Result<Self> {
        let path = path.to_path_buf();
        let config = config.clone();
        tokio::task::spawn_blocking(move || Self::open_blocking(path, &config))
            .await
            .context("database open task failed")?
    }

    fn open_blocking(path: PathBuf, config: &DatabaseConfig) -> anyhow::Result<Self> {
        let display_url = format!("sqlite://{}", path.display());
        if let Some(dir) = path.parent() {
            crate::keys::create_private_dir(dir).with_context(|| format!("cannot open database {display_url}"))?;
        }
        let existed = path.exists();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut writer =
            Connection::open_with_flags(&path, flags).with_context(|| format!("cannot open database {display_url}"))?;
        if !existed {
            restrict_permissions(&path)?;
        }
        let mode: String = writer
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .with_context(|| format!("cannot open database {display_url}"))?;
        if !mode.eq_ignore_ascii_case("wal") {
            anyhow::bail!("database {display_url} cannot use WAL mode (got {mode})");
        }
        configure(&writer, config.sqlite_synchronous)
            .and_then(|()| configure_writer(&writer))
            .with_context(|| format!("cannot configure database {display_url}"))?;
        apply_migrations(&mut writer).map_err(|e| anyhow::anyhow!("database {display_url}: {e}"))?;
        analyze(&writer).with_context(|| format!("cannot analyze database {display_url}"))?;
        writer
            .pragma_update(None, "wal_autocheckpoint", checkpointer::WRITER_BACKSTOP_PAGES)
            .and_then(|()| writer.pragma_update(None, "journal_size_limit", checkpointer::WAL_SIZE_LIMIT))
            .with_context(|| format!("cannot configure database {display_url}"))?;
        let checkpointer = checkpointer::Checkpointer::start(&path)
            .with_context(|| format!("cannot start checkpoints of database {display_url}"))?;

        let mut idle = Vec::with_capacity(config.sqlite_readers);
        for _ in 0..config.sqlite_readers {
            idle.push((open_reader(&path, config.sqlite_synchronous)?, 0));
        }
        Ok(Self {
            display_url,
            writer: Arc::new(tokio::sync::Mutex::new(writer)),
            readers: Arc::new(ReaderPool {
                permits: Arc::new(Semaphore::new(idle.len())),
                idle: Mutex::new(idle),
                stats: AtomicU64::new(0),
                path: path.clone(),
                sync: config.sqlite_synchronous,
            }),
            _checkpointer: checkpointer,
        })
    }
}

#[cfg(unix)]
fn restrict_permissions(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
        .with_context(|| format!("cannot restrict permissions of {}", path.display()))
}

#[cfg(not(unix))]
fn restrict_permissions(_path: &Path) -> anyhow::Result<()> {
    // On Windows the file inherits the ACL of the per-user data directory.
    Ok(())
}

/// Refreshes the planner's statistics (`PRAGMA optimize`, sampled), then pins those of full-text
/// shadow tables to "large".
///
/// FTS5 reaches its shadow tables only by key, and statistics can only mislead it there: taken
/// while a table was small (at the first start, two rows), they make SQLite scan `%_data` for
/// each range delete of a segment merge. On a 3-million-record audit log that was a 250 MB scan
/// per merge step and integration fell from 38,000 to 5,000 records/s; `optimize` only takes new
/// statistics once a table has grown 25-fold, so it does not heal that in time.
fn analyze(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")?;
    let has_stats = conn
        .query_row("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'", [], |_| Ok(()))
        .optional()?
        .is_some();
    if has_stats {
        // Rolled back if a statement fails, so the writer is never left inside a transaction.
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(
            "DELETE FROM sqlite_stat1 WHERE tbl IN (SELECT name FROM pragma_table_list WHERE type = 'shadow');
             INSERT INTO sqlite_stat1 (tbl, idx, stat)
                 SELECT name, NULL, '1000000' FROM pragma_table_list WHERE type = 'shadow';",
        )?;
        tx.commit()?;
        // Loads the statistics just written into this connection.
        conn.execute_batch("ANALYZE sqlite_schema")?;
    }
    Ok(())
}

fn configure(conn: &Connection, sync: SqliteSynchronous) -> rusqlite::Result<()> {
    let sync = match sync {
        SqliteSynchronous::Normal => "NORMAL",
        SqliteSynchronous::Full => "FULL",
    };
    conn.execute_batch(&format!("PRAGMA synchronous = {sync}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;"))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// Page cache of the one writer, in KiB. SQLite's default (2 MiB) holds a few thousand pages:
/// at a million CIs, each batch of an import read most index pages it changed back from the
/// operating system. The cache fills only as far as it is used.
const WRITER_CACHE_KIB: i64 = 64 * 1024;

fn configure_writer(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "cache_size", -WRITER_CACHE_KIB)?;
    // Statement journals (every multi-row insert keeps one) stay in memory instead of spilling
    // to a temporary file past 64 KiB.
    conn.pragma_update(None, "temp_store", "MEMORY")
}

fn apply_migrations(conn: &mut Connection) -> StoreResult<SchemaState> {
    // IMMEDIATE takes the write lock up front: a second process migrating the same file waits
    // here (busy_timeout) and then finds nothing left to do.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {} (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)",
        migrate::TABLE
    ))?;
    let applied = applied_migrations(&tx)?;
    for m in migrate::plan(&applied, migrate::SQLITE)? {
        tx.execute_batch(m.sql)
            .map_err(|e| StoreError::Schema(format!("migration {} ({}) failed: {e}", m.version, m.name)))?;
        tx.execute(
            &format!("INSERT INTO {} (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)", migrate::TABLE),
            params![m.version, m.name, m.checksum(), ts(&Utc::now())],
        )?;
    }
    tx.commit()?;
    schema_state(conn)
}

fn applied_migrations(conn: &Connection) -> StoreResult<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(&format!("SELECT version, checksum FROM {} ORDER BY version", migrate::TABLE))?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn schema_state(conn: &Connection) -> StoreResult<SchemaState> {
    let applied: Option<i64> =
        conn.query_row(&format!("SELECT max(version) FROM {}", migrate::TABLE), [], |r| r.get(0)).optional()?.flatten();
    Ok(SchemaState { applied: applied.unwrap_or(0), known: migrate::SQLITE.last().map_or(0, |m| m.version) })
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn display_url(&self) -> &str {
        &self.display_url
    }

    async fn optimize(&self) -> StoreResult<()> {
        // Without statistics the planner walks the time index for a query on one resource
        // instead of that resource's index (hundreds of milliseconds against a fraction of one
        // on a million records); the analysis limit keeps this to milliseconds.
        analyze(&*self.writer.lock().await)?;
        self.readers.stats.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    async fn ping(&self) -> StoreResult<()> {
        let handle = self.reader().await?;
        handle.conn()?.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    async fn schema_state(&self) -> StoreResult<SchemaState> {
        let handle = self.reader().await?;
        match schema_state(handle.conn()?) {
            // A database that was never migrated has no migrations table yet.
            Err(StoreError::Other(msg)) if msg.contains("no such table") => {
                Ok(SchemaState { applied: 0, known: migrate::SQLITE.last().map_or(0, |m| m.version) })
            }
            other => other,
        }
    }

    async fn read(&self, scope: TenantScope) -> StoreResult<Box<dyn ReadTx>> {
        let mut handle = self.reader().await?;
        handle.scope = scope;
        Ok(Box::new(handle))
    }

    async fn write(&self, grant: WriteGrant) -> StoreResult<Box<dyn WriteTx>> {
        let conn = self.writer.clone().lock_owned().await;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(Box::new(SqliteWrite { conn, open: true, scope: grant.scope().clone() }))
    }
}

impl SqliteStore {
    async fn reader(&self) -> StoreResult<SqliteRead> {
        let permit = self
            .readers
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Unavailable("reader pool closed".into()))?;
        match self.readers.take()? {
            Some((conn, stats)) => Ok(SqliteRead {
                conn: Some(conn),
                stats,
                pool: self.readers.clone(),
                _permit: permit,
                scope: TenantScope::Tenants(Arc::from([])),
                scan: None,
            }),
            None => Err(StoreError::Other("reader pool is empty despite a permit".into())),
        }
    }
}

/// A pooled read-only connection; returns to the pool on drop.
struct SqliteRead {
    conn: Option<Connection>,
    /// The statistics generation `conn` has loaded.
    stats: u64,
    pool: Arc<ReaderPool>,
    _permit: OwnedSemaphorePermit,
    scope: TenantScope,
    /// Set by the first batch of a long scan (verification) and kept until the handle is
    /// dropped: the database file is then memory-mapped on this connection, and a second pooled
    /// connection (when one was idle) reads half of each batch.
    scan: Option<LongScan>,
}

struct LongScan {
    spare: Option<Box<SqliteRead>>,
}

impl SqliteRead {
    /// The connections of a long scan: this one and, if one was idle when the scan began, a
    /// second one, both with the file mapped. Reading a large log through `pread` copies every
    /// page out of the OS cache; mapping it once per batch instead faults every page in again.
    fn long_scan(&mut self) -> StoreResult<(&Connection, Option<&mut Connection>)> {
        if self.scan.is_none() {
            map_file(self.conn()?)?;
            let spare = match self.spare() {
                Some(mut spare) => {
                    map_file(spare.conn()?)?;
                    spare.scan = Some(LongScan { spare: None });
                    Some(Box::new(spare))
                }
                None => None,
            };
            self.scan = Some(LongScan { spare });
        }
        let spare = self.scan.as_mut().and_then(|s| s.spare.as_mut()).and_then(|s| s.conn.as_mut());
        let conn = self.conn.as_ref().ok_or_else(|| StoreError::Other("connection already returned".into()))?;
        Ok((conn, spare))
    }
}

/// How much of the database file a long scan maps (SQLite's own ceiling is 2 GiB).
const SCAN_MMAP_BYTES: i64 = 1 << 31;

fn map_file(conn: &Connection) -> StoreResult<()> {
    Ok(conn.pragma_update(None, "mmap_size", SCAN_MMAP_BYTES)?)
}

impl Drop for SqliteRead {
    fn drop(&mut self) {
        // Unmapped before it goes back to the pool, so the scanned pages do not stay in this
        // process's resident set.
        if self.scan.take().is_some()
            && let Some(conn) = &self.conn
            && let Err(e) = conn.pragma_update(None, "mmap_size", 0)
        {
            tracing::warn!(error = %e, "unmapping a pooled SQLite connection failed; it stays mapped");
        }
        if let (Some(conn), Ok(mut idle)) = (self.conn.take(), self.pool.idle.lock()) {
            idle.push((conn, self.stats));
        }
    }
}

/// The writer connection inside `BEGIN IMMEDIATE`; rolls back on drop unless committed.
struct SqliteWrite {
    conn: OwnedMutexGuard<Connection>,
    open: bool,
    scope: TenantScope,
}

impl Drop for SqliteWrite {
    fn drop(&mut self) {
        if self.open
            && let Err(e) = self.conn.execute_batch("ROLLBACK")
        {
            tracing::error!(error = %e, "rollback of an abandoned SQLite transaction failed");
        }
    }
}

trait HasConn {
    fn conn(&self) -> StoreResult<&Connection>;
    fn scope(&self) -> &TenantScope;
    fn scoped(&self) -> StoreResult<iam::Scoped<'_>> {
        Ok(iam::Scoped { conn: self.conn()?, scope: self.scope() })
    }
    fn audit(&self) -> StoreResult<audit::AuditQ<'_>> {
        Ok(audit::AuditQ { conn: self.conn()?, scope: self.scope() })
    }
    fn cmdb(&self) -> StoreResult<cmdb::CmdbQ<'_>> {
        Ok(cmdb::CmdbQ { conn: self.conn()?, scope: self.scope() })
    }
    fn notify_q(&self) -> StoreResult<notify::NotifyQ<'_>> {
        Ok(notify::NotifyQ { conn: self.conn()?, scope: self.scope() })
    }
    fn approval_q(&self) -> StoreResult<approval::ApprovalQ<'_>> {
        Ok(approval::ApprovalQ { conn: self.conn()?, scope: self.scope() })
    }
    /// The connections a long scan reads with: this handle's, and a second one where a
    /// second one helps (see `SqliteRead::long_scan`).
    fn scan_conns(&mut self) -> StoreResult<(&Connection, Option<&mut Connection>)> {
        Ok((self.conn()?, None))
    }
}

impl HasConn for SqliteRead {
    fn conn(&self) -> StoreResult<&Connection> {
        self.conn.as_ref().ok_or_else(|| StoreError::Other("connection already returned".into()))
    }
    fn scope(&self) -> &TenantScope {
        &self.scope
    }
    fn scan_conns(&mut self) -> StoreResult<(&Connection, Option<&mut Connection>)> {
        self.long_scan()
    }
}

impl SqliteRead {
    /// A second pooled connection for a long scan, if one is idle now (never waits for one).
    fn spare(&self) -> Option<SqliteRead> {
        let permit = self.pool.permits.clone().try_acquire_owned().ok()?;
        let (conn, stats) = self.pool.take().ok()??;
        Some(SqliteRead {
            conn: Some(conn),
            stats,
            pool: self.pool.clone(),
            _permit: permit,
            scope: self.scope.clone(),
            scan: None,
        })
    }
}

impl HasConn for SqliteWrite {
    fn conn(&self) -> StoreResult<&Connection> {
        Ok(&self.conn)
    }
    fn scope(&self) -> &TenantScope {
        &self.scope
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
                q::provider(self.conn()?)
            }
            async fn tenant(&mut self, id: TenantId) -> StoreResult<Option<TenantRecord>> {
                Ok(q::tenant(self.conn()?, id)?.filter(|t| self.scope.admits(t.id)))
            }
            async fn user_by_email(&mut self, email: &str) -> StoreResult<Option<UserRecord>> {
                let user = q::user_where(self.conn()?, "email = ?1", &email)?;
                match user {
                    Some(u) if self.scoped()?.user_visible(&u)? => Ok(Some(u)),
                    _ => Ok(None),
                }
            }
            async fn user(&mut self, id: UserId) -> StoreResult<Option<UserRecord>> {
                let user = q::user_where(self.conn()?, "id = ?1", &id.to_string())?;
                match user {
                    Some(u) if self.scoped()?.user_visible(&u)? => Ok(Some(u)),
                    _ => Ok(None),
                }
            }
            async fn session(&mut self, id: SessionId) -> StoreResult<Option<SessionRecord>> {
                q::session(self.conn()?, id)
            }
            async fn session_principal(&mut self, id: SessionId) -> StoreResult<Option<SessionPrincipalRecord>> {
                q::session_principal(self.conn()?, id)
            }
            async fn live_sessions(&mut self, user: UserId, now: DateTime<Utc>) -> StoreResult<Vec<SessionRecord>> {
                q::live_sessions(self.conn()?, user, now)
            }
            async fn refresh_token_by_hash(&mut self, hash: &[u8]) -> StoreResult<Option<RefreshTokenRecord>> {
                q::refresh_token_by_hash(self.conn()?, hash)
            }
            async fn signing_keys(&mut self) -> StoreResult<Vec<SigningKeyRecord>> {
                q::signing_keys(self.conn()?)
            }
            async fn audit_after(
                &mut self,
                tenant: TenantId,
                after_seq: i64,
                limit: u32,
            ) -> StoreResult<Vec<StoredAudit>> {
                if !self.scope.admits(tenant) {
                    return Ok(Vec::new());
                }
                q::audit_after(self.conn()?, tenant, after_seq, limit)
            }
            async fn audit_leaf_hashes(
                &mut self,
                tenant: TenantId,
                after_seq: i64,
                limit: u32,
            ) -> StoreResult<Vec<(i64, Option<nimbus_core::tlog::Hash>)>> {
                if !self.scope.admits(tenant) {
                    return Ok(Vec::new());
                }
                let (conn, spare) = self.scan_conns()?;
                audit::leaf_hashes(conn, spare, tenant, after_seq, limit)
            }
            async fn authz_epoch(&mut self) -> StoreResult<i64> {
                self.scoped()?.authz_epoch()
            }
            async fn audit_tree(&mut self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>> {
                self.audit()?.tree(tenant)
            }
            async fn audit_tiles(&mut self, tenant: TenantId, ids: &[TileId]) -> StoreResult<Vec<TileRecord>> {
                self.audit()?.tiles(tenant, ids)
            }
            async fn audit_checkpoints(
                &mut self,
                tenant: TenantId,
                from_size: u64,
                to_size: u64,
                limit: u32,
            ) -> StoreResult<Vec<CheckpointRecord>> {
                self.audit()?.checkpoints(tenant, from_size, to_size, limit)
            }
            async fn latest_audit_checkpoint(&mut self, tenant: TenantId) -> StoreResult<Option<CheckpointRecord>> {
                self.audit()?.latest_checkpoint(tenant)
            }
            async fn audit_trees_changed(&mut self, since: DateTime<Utc>) -> StoreResult<Vec<AuditTreeRecord>> {
                self.audit()?.trees_changed(since)
            }
            async fn audit_backlog(&mut self) -> StoreResult<Vec<AuditBacklog>> {
                self.audit()?.backlog()
            }
            async fn audit_query(&mut self, filter: &AuditFilter) -> StoreResult<Vec<StoredAudit>> {
                self.audit()?.query(filter)
            }
            async fn audit_settings(&mut self, tenant: TenantId) -> StoreResult<Option<AuditSettings>> {
                self.audit()?.settings(tenant)
            }
            async fn saved_audit_queries(
                &mut self,
                tenant: TenantId,
                owner: UserId,
            ) -> StoreResult<Vec<SavedQueryRecord>> {
                self.audit()?.saved_queries(tenant, owner)
            }
            async fn audit_archive_segments(&mut self, tenant: TenantId) -> StoreResult<Vec<ArchiveSegmentRecord>> {
                self.audit()?.segments(tenant)
            }
            async fn audit_forward_cursors(&mut self, sink: &str) -> StoreResult<Vec<ForwardCursor>> {
                self.audit()?.forward_cursors(sink)
            }
            async fn authz_rows(&mut self) -> StoreResult<AuthzRows> {
                self.scoped()?.authz_rows()
            }
            async fn tenants(&mut self) -> StoreResult<Vec<TenantRecord>> {
                self.scoped()?.tenants()
            }
            async fn tenant_by_slug(&mut self, slug: &str) -> StoreResult<Option<TenantRecord>> {
                self.scoped()?.tenant_by_slug(slug)
            }
            async fn tenant_domains(&mut self, tenant: TenantId) -> StoreResult<Vec<String>> {
                self.scoped()?.tenant_domains(tenant)
            }
            async fn count_child_tenants(&mut self, tenant: TenantId) -> StoreResult<u32> {
                self.scoped()?.count_child_tenants(tenant)
            }
            async fn compartments(&mut self, tenant: TenantId) -> StoreResult<Vec<CompartmentRecord>> {
                self.scoped()?.compartments(tenant)
            }
            async fn compartment(
                &mut self,
                tenant: TenantId,
                id: CompartmentId,
            ) -> StoreResult<Option<CompartmentRecord>> {
                self.scoped()?.compartment(tenant, id)
            }
            async fn tenant_users(&mut self, tenant: TenantId, search: Option<&str>) -> StoreResult<Vec<UserRecord>> {
                self.scoped()?.tenant_users(tenant, search)
            }
            async fn count_home_users(&mut self, tenant: TenantId) -> StoreResult<u32> {
                self.scoped()?.count_home_users(tenant)
            }
            async fn is_member(&mut self, user: UserId, tenant: TenantId) -> StoreResult<bool> {
                self.scoped()?.is_member(user, tenant)
            }
            async fn groups(&mut self, tenant: TenantId) -> StoreResult<Vec<GroupRecord>> {
                self.scoped()?.groups(tenant)
            }
            async fn group(&mut self, tenant: TenantId, id: GroupId) -> StoreResult<Option<GroupRecord>> {
                self.scoped()?.group(tenant, id)
            }
            async fn group_members(&mut self, group: GroupId) -> StoreResult<Vec<GroupMemberRecord>> {
                self.scoped()?.group_members(group)
            }
            async fn roles(&mut self, tenant: TenantId) -> StoreResult<Vec<RoleRecord>> {
                self.scoped()?.roles(tenant)
            }
            async fn role(&mut self, id: RoleId) -> StoreResult<Option<RoleRecord>> {
                self.scoped()?.role(id)
            }
            async fn assignments(&mut self, tenant: TenantId) -> StoreResult<Vec<AssignmentRecord>> {
                self.scoped()?.assignments(tenant)
            }
            async fn assignments_of_role(&mut self, role: RoleId) -> StoreResult<Vec<AssignmentRecord>> {
                self.scoped()?.assignments_of_role(role)
            }
            async fn user_attributes(&mut self, user: UserId) -> StoreResult<BTreeMap<String, String>> {
                self.scoped()?.user_attributes(user)
            }
            async fn invitations(&mut self, tenant: TenantId) -> StoreResult<Vec<InvitationRecord>> {
                self.scoped()?.invitations(tenant)
            }
            async fn invitation_by_hash(&mut self, hash: &[u8]) -> StoreResult<Option<InvitationRecord>> {
                self.scoped()?.invitation_by_hash(hash)
            }
            async fn pending_invitation(
                &mut self,
                tenant: TenantId,
                email: &str,
            ) -> StoreResult<Option<InvitationRecord>> {
                self.scoped()?.pending_invitation(tenant, email)
            }
            async fn api_key_by_lookup(&mut self, lookup: &str) -> StoreResult<Option<ApiKeyRecord>> {
                self.scoped()?.api_key_by_lookup(lookup)
            }
            async fn api_keys(&mut self, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>> {
                self.scoped()?.api_keys(tenant)
            }
            async fn policies(&mut self, tenant: TenantId) -> StoreResult<Vec<PolicyRecord>> {
                self.scoped()?.policies(tenant)
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
                self.approval_q()?.policies(tenant)
            }
            async fn approval_policy(&mut self, id: ApprovalPolicyId) -> StoreResult<Option<ApprovalPolicyRecord>> {
                self.approval_q()?.policy(id)
            }
            async fn approval_requests(&mut self, filter: &ApprovalFilter) -> StoreResult<Vec<ApprovalRequestRecord>> {
                self.approval_q()?.requests(filter)
            }
            async fn approval_request(&mut self, id: ApprovalId) -> StoreResult<Option<ApprovalRequestRecord>> {
                self.approval_q()?.request(id)
            }
            async fn approval_history(&mut self, id: ApprovalId) -> StoreResult<Vec<ApprovalHistoryRecord>> {
                self.approval_q()?.history(id)
            }
        }

        #[async_trait]
        impl NotifyRead for $t {
            async fn notification_channels(&mut self, tenant: TenantId) -> StoreResult<Vec<ChannelRecord>> {
                self.notify_q()?.channels(tenant)
            }
            async fn notification_channel(&mut self, id: ChannelId) -> StoreResult<Option<ChannelRecord>> {
                self.notify_q()?.channel(id)
            }
            async fn notification_templates(&mut self, tenant: Option<TenantId>) -> StoreResult<Vec<TemplateRecord>> {
                self.notify_q()?.templates(tenant)
            }
            async fn notification_preferences(&mut self, user: UserId) -> StoreResult<Vec<PreferenceRecord>> {
                self.notify_q()?.preferences(user)
            }
            async fn inbox(&mut self, user: UserId, unread_only: bool, limit: u32) -> StoreResult<Vec<InboxRecord>> {
                self.notify_q()?.inbox(user, unread_only, limit)
            }
            async fn inbox_unread(&mut self, user: UserId) -> StoreResult<u64> {
                self.notify_q()?.inbox_unread(user)
            }
            async fn notification_deliveries(
                &mut self,
                tenant: TenantId,
                status: Option<DeliveryStatus>,
                limit: u32,
            ) -> StoreResult<Vec<DeliveryRecord>> {
                self.notify_q()?.deliveries(tenant, status, limit)
            }
            async fn notification_delivery(&mut self, id: DeliveryId) -> StoreResult<Option<DeliveryRecord>> {
                self.notify_q()?.delivery(id)
            }
        }
    };
}

impl_read!(SqliteRead);

impl SqliteWrite {
    /// Reserves `k` consecutive sequence numbers of a tenant's log and returns the first.
    fn reserve_audit_seqs(&mut self, tenant: TenantId, k: i64) -> StoreResult<i64> {
        let end: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO audit_sequences (tenant_id, next_seq) VALUES (?1, 1 + ?2)
                 ON CONFLICT (tenant_id) DO UPDATE SET next_seq = next_seq + ?2
                 RETURNING next_seq",
            )?
            .query_row(params![tenant.to_string(), k], |r| r.get(0))?;
        Ok(end - k)
    }

    fn insert_audit_row(&mut self, e: &AuditEntry, seq: i64) -> StoreResult<()> {
        // The record is stored as its leaf text, the exact bytes the log hashes; the other
        // columns are computed from it.
        let position = u64::try_from(seq).map_err(|_| StoreError::Other(format!("audit sequence {seq}")))?;
        let leaf = String::from_utf8(nimbus_core::audit::leaf_data(position, e))
            .map_err(|e| StoreError::Other(format!("audit leaf text: {e}")))?;
        self.conn
            .prepare_cached("INSERT INTO audit_log (tenant_id, seq, leaf) VALUES (?1, ?2, ?3)")?
            .execute(params![e.tenant_id.to_string(), seq, leaf])?;
        Ok(())
    }
}

impl_read!(SqliteWrite);

macro_rules! impl_cmdb_read {
    ($t:ty) => {
        #[async_trait]
        impl CmdbRead for $t {
            async fn ci_classes(&mut self, tenant: TenantId) -> StoreResult<Vec<CiClassRecord>> {
                self.cmdb()?.ci_classes(tenant)
            }
            async fn ci_class(&mut self, tenant: TenantId, key: &str) -> StoreResult<Option<CiClassRecord>> {
                self.cmdb()?.ci_class(tenant, key)
            }
            async fn ci_class_in_use(&mut self, tenant: TenantId, key: &str) -> StoreResult<bool> {
                self.cmdb()?.ci_class_in_use(tenant, key)
            }
            async fn ci(&mut self, tenant: TenantId, id: CiId) -> StoreResult<Option<CiRecord>> {
                self.cmdb()?.ci(tenant, id)
            }
            async fn cis_by_seq(&mut self, tenant: TenantId, seqs: &[i64]) -> StoreResult<Vec<CiRecord>> {
                self.cmdb()?.cis_by_seq(tenant, seqs)
            }
            async fn cis_by_external_id(&mut self, tenant: TenantId, ids: &[String]) -> StoreResult<Vec<CiRecord>> {
                self.cmdb()?.cis_by_external_id(tenant, ids)
            }
            async fn ci_versions(&mut self, tenant: TenantId, seq: i64) -> StoreResult<Vec<CiVersionRecord>> {
                self.cmdb()?.ci_versions(tenant, seq)
            }
            async fn ci_version(
                &mut self,
                tenant: TenantId,
                seq: i64,
                version: i64,
            ) -> StoreResult<Option<CiVersionRecord>> {
                self.cmdb()?.ci_version(tenant, seq, version)
            }
            async fn ci_as_of(
                &mut self,
                tenant: TenantId,
                seq: i64,
                at: DateTime<Utc>,
            ) -> StoreResult<Option<CiVersionRecord>> {
                self.cmdb()?.ci_as_of(tenant, seq, at)
            }
            async fn search_cis(&mut self, tenant: TenantId, filter: &CiFilter) -> StoreResult<Vec<CiRecord>> {
                self.cmdb()?.search_cis(tenant, filter)
            }
            async fn cmdb_edges(
                &mut self,
                tenant: TenantId,
                seqs: &[i64],
                outgoing: bool,
                kinds: &[&str],
            ) -> StoreResult<Vec<RelationshipRecord>> {
                self.cmdb()?.cmdb_edges(tenant, seqs, outgoing, kinds)
            }
            async fn relationship(
                &mut self,
                tenant: TenantId,
                id: RelationshipId,
            ) -> StoreResult<Option<RelationshipRecord>> {
                self.cmdb()?.relationship(tenant, id)
            }
            async fn saved_searches(&mut self, tenant: TenantId, owner: UserId) -> StoreResult<Vec<SavedSearchRecord>> {
                self.cmdb()?.saved_searches(tenant, owner)
            }
            async fn catalog_docs(&mut self, tenant: TenantId, kind: &str) -> StoreResult<Vec<CatalogDocRecord>> {
                self.cmdb()?.catalog_docs(tenant, kind)
            }
            async fn catalog_doc(
                &mut self,
                tenant: TenantId,
                kind: &str,
                key_or_id: &str,
            ) -> StoreResult<Option<CatalogDocRecord>> {
                self.cmdb()?.catalog_doc(tenant, kind, key_or_id)
            }
        }
    };
}

impl_cmdb_read!(SqliteRead);
impl_cmdb_read!(SqliteWrite);

#[async_trait]
impl CmdbWrite for SqliteWrite {
    async fn insert_ci_class(&mut self, c: &CiClassRecord) -> StoreResult<()> {
        self.cmdb()?.insert_ci_class(c)
    }
    async fn update_ci_class(&mut self, c: &CiClassRecord) -> StoreResult<()> {
        self.cmdb()?.update_ci_class(c)
    }
    async fn insert_ci(&mut self, ci: &CiRecord, actor: &str) -> StoreResult<i64> {
        self.cmdb()?.insert_ci(ci, actor)
    }
    async fn update_ci(&mut self, ci: &CiRecord, actor: &str) -> StoreResult<()> {
        self.cmdb()?.update_ci(ci, actor)
    }
    async fn insert_cis(&mut self, cis: &[CiRecord], actor: &str) -> StoreResult<Vec<i64>> {
        self.cmdb()?.insert_cis(cis, actor)
    }
    async fn update_cis(&mut self, cis: &[CiRecord], actor: &str) -> StoreResult<()> {
        self.cmdb()?.update_cis(cis, actor)
    }
    async fn insert_relationship(&mut self, r: &RelationshipRecord) -> StoreResult<()> {
        self.cmdb()?.insert_relationship(r)
    }
    async fn insert_relationships(&mut self, rs: &[RelationshipRecord]) -> StoreResult<u64> {
        self.cmdb()?.insert_relationships(rs)
    }
    async fn delete_relationship(
        &mut self,
        tenant: TenantId,
        id: RelationshipId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.cmdb()?.delete_relationship(tenant, id, at)
    }
    async fn delete_relationships_of(&mut self, tenant: TenantId, seq: i64, at: DateTime<Utc>) -> StoreResult<u64> {
        self.cmdb()?.delete_relationships_of(tenant, seq, at)
    }
    async fn insert_catalog_doc(&mut self, d: &CatalogDocRecord) -> StoreResult<()> {
        self.cmdb()?.insert_catalog_doc(d)
    }
    async fn update_catalog_doc(&mut self, d: &CatalogDocRecord) -> StoreResult<()> {
        self.cmdb()?.update_catalog_doc(d)
    }
    async fn insert_saved_search(&mut self, s: &SavedSearchRecord) -> StoreResult<()> {
        self.cmdb()?.insert_saved_search(s)
    }
    async fn delete_saved_search(&mut self, tenant: TenantId, owner: UserId, id: SavedSearchId) -> StoreResult<bool> {
        self.cmdb()?.delete_saved_search(tenant, owner, id)
    }
}

#[async_trait]
impl WriteTx for SqliteWrite {
    async fn insert_tenant(&mut self, t: &TenantRecord) -> StoreResult<()> {
        self.scoped()?.insert_tenant(t)
    }

    async fn insert_user(&mut self, u: &UserRecord) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO users (id, tenant_id, email, display_name, password_hash, status, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                u.id.to_string(),
                u.tenant_id.to_string(),
                u.email,
                u.display_name,
                u.password_hash.as_ref().map(|h| h.expose().as_str()),
                u.status.as_str(),
                ts(&u.created_at),
                ts(&u.updated_at)
            ])?;
        Ok(())
    }

    async fn insert_provider(&mut self, p: &ProviderRecord) -> StoreResult<()> {
        self.conn.prepare_cached(
            "INSERT INTO providers (id, name, root_tenant_id, initial_admin_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            p.id.to_string(),
            p.name,
            p.root_tenant_id.to_string(),
            p.initial_admin_id.to_string(),
            ts(&p.created_at)
        ])?;
        Ok(())
    }

    async fn insert_signing_key(&mut self, k: &SigningKeyRecord) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO signing_keys (kid, algorithm, public_key, sealed_private_key, created_at, retired_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                k.kid,
                k.algorithm,
                k.public_key,
                k.sealed_private_key,
                ts(&k.created_at),
                k.retired_at.as_ref().map(ts)
            ])?;
        Ok(())
    }

    async fn insert_session(&mut self, s: &SessionRecord) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO sessions (id, user_id, tenant_id, created_at, last_used_at, idle_expires_at, expires_at,
                                   revoked_at, revoke_reason, ip, user_agent)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                s.id.to_string(),
                s.user_id.to_string(),
                s.tenant_id.to_string(),
                ts(&s.created_at),
                ts(&s.last_used_at),
                ts(&s.idle_expires_at),
                ts(&s.expires_at),
                s.revoked_at.as_ref().map(ts),
                s.revoke_reason,
                s.ip,
                s.user_agent
            ])?;
        Ok(())
    }

    async fn touch_session(
        &mut self,
        id: SessionId,
        last_used_at: DateTime<Utc>,
        idle_expires_at: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.conn
            .prepare_cached("UPDATE sessions SET last_used_at = ?2, idle_expires_at = ?3 WHERE id = ?1")?
            .execute(params![id.to_string(), ts(&last_used_at), ts(&idle_expires_at)])?;
        Ok(())
    }

    async fn revoke_session(&mut self, id: SessionId, at: DateTime<Utc>, reason: &str) -> StoreResult<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE sessions SET revoked_at = ?2, revoke_reason = ?3 WHERE id = ?1 AND revoked_at IS NULL",
            )?
            .execute(params![id.to_string(), ts(&at), reason])?;
        self.conn
            .prepare_cached("UPDATE refresh_tokens SET state = 'revoked' WHERE session_id = ?1 AND state = 'active'")?
            .execute(params![id.to_string()])?;
        Ok(changed > 0)
    }

    async fn insert_refresh_token(&mut self, t: &RefreshTokenRecord) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO refresh_tokens (id, session_id, token_hash, state, created_at, expires_at, used_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                t.id.to_string(),
                t.session_id.to_string(),
                t.token_hash,
                t.state.as_str(),
                ts(&t.created_at),
                ts(&t.expires_at),
                t.used_at.as_ref().map(ts)
            ])?;
        Ok(())
    }

    async fn rotate_refresh_token(&mut self, id: RefreshTokenId, at: DateTime<Utc>) -> StoreResult<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE refresh_tokens SET state = 'rotated', used_at = ?2 WHERE id = ?1 AND state = 'active'",
            )?
            .execute(params![id.to_string(), ts(&at)])?;
        Ok(changed > 0)
    }

    #[cfg(test)]
    async fn tamper(&mut self, sql: &str) -> StoreResult<()> {
        // An attacker with the file is bound by no trigger or constraint.
        self.conn
            .execute_batch("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;")?;
        self.conn.pragma_update(None, "ignore_check_constraints", true)?;
        let done = self.conn.execute_batch(sql);
        self.conn.pragma_update(None, "ignore_check_constraints", false)?;
        Ok(done?)
    }

    async fn lock_audit_tree(&mut self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>> {
        // The write transaction already holds SQLite's only write lock.
        self.audit()?.tree(tenant)
    }

    async fn index_audit_text(&mut self, tenant: TenantId, first: u64, last: u64) -> StoreResult<()> {
        self.audit()?.index_text(tenant, first, last)
    }

    async fn put_audit_tree(&mut self, tree: &AuditTreeRecord) -> StoreResult<()> {
        self.audit()?.put_tree(tree)
    }

    async fn put_audit_tiles(&mut self, tenant: TenantId, tiles: &[TileRecord]) -> StoreResult<()> {
        self.audit()?.put_tiles(tenant, tiles)
    }

    async fn insert_audit_checkpoint(&mut self, cp: &CheckpointRecord) -> StoreResult<()> {
        self.audit()?.insert_checkpoint(cp)
    }

    async fn put_audit_settings(
        &mut self,
        tenant: TenantId,
        settings: &AuditSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.audit()?.put_settings(tenant, settings, now)
    }

    async fn put_saved_audit_query(&mut self, q: &SavedQueryRecord) -> StoreResult<()> {
        self.audit()?.put_saved_query(q)
    }

    async fn delete_saved_audit_query(&mut self, tenant: TenantId, owner: UserId, id: Uuid) -> StoreResult<bool> {
        self.audit()?.delete_saved_query(tenant, owner, id)
    }

    async fn insert_archive_segment(&mut self, seg: &ArchiveSegmentRecord) -> StoreResult<()> {
        self.audit()?.insert_segment(seg)
    }

    async fn put_audit_forward_cursor(&mut self, sink: &str, c: &ForwardCursor, now: DateTime<Utc>) -> StoreResult<()> {
        self.audit()?.put_forward_cursor(sink, c, now)
    }

    async fn take_audit_forward_lease(
        &mut self,
        sink: &str,
        holder: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.audit()?.take_lease(sink, holder, until, now)
    }

    async fn delete_archived_audit(&mut self, tenant: TenantId, first: u64, last: u64) -> StoreResult<u64> {
        self.audit()?.delete_archived(tenant, first, last)
    }

    async fn append_audit(&mut self, e: &AuditEntry) -> StoreResult<i64> {
        let seq = self.reserve_audit_seqs(e.tenant_id, 1)?;
        self.insert_audit_row(e, seq)?;
        Ok(seq)
    }

    async fn append_audits(&mut self, entries: &[AuditEntry]) -> StoreResult<()> {
        // One sequence reservation per tenant, not per record.
        let mut counts: Vec<(TenantId, i64)> = Vec::new();
        for e in entries {
            match counts.iter_mut().find(|(t, _)| *t == e.tenant_id) {
                Some((_, k)) => *k += 1,
                None => counts.push((e.tenant_id, 1)),
            }
        }
        let mut next = Vec::with_capacity(counts.len());
        for (t, k) in counts {
            next.push((t, self.reserve_audit_seqs(t, k)?));
        }
        for e in entries {
            let slot = next
                .iter_mut()
                .find(|(t, _)| *t == e.tenant_id)
                .ok_or_else(|| StoreError::Other("sequence not reserved".into()))?;
            self.insert_audit_row(e, slot.1)?;
            slot.1 += 1;
        }
        Ok(())
    }

    async fn enqueue_event(&mut self, ev: &OutboxEvent) -> StoreResult<()> {
        let payload =
            serde_json::to_string(&ev.payload).map_err(|e| StoreError::Other(format!("event payload: {e}")))?;
        self.conn
            .prepare_cached(
                // The single writer hands out positions in commit order.
                "INSERT INTO outbox (id, tenant_id, topic, payload, created_at, pos)
                 VALUES (?1, ?2, ?3, ?4, ?5, (SELECT coalesce(max(pos), 0) + 1 FROM outbox))",
            )?
            .execute(params![ev.id.to_string(), ev.tenant_id.to_string(), ev.topic, payload, ts(&ev.created_at)])?;
        Ok(())
    }

    async fn bump_authz_epoch(&mut self) -> StoreResult<()> {
        self.scoped()?.bump_authz_epoch()
    }
    async fn admit_new_tenant(&mut self, tenant: TenantId) -> StoreResult<()> {
        if let TenantScope::Tenants(ids) = &self.scope {
            let mut ids = ids.to_vec();
            ids.push(tenant);
            self.scope = TenantScope::Tenants(ids.into());
        }
        Ok(())
    }
    async fn update_tenant(&mut self, t: &TenantRecord) -> StoreResult<()> {
        self.scoped()?.update_tenant(t)
    }
    async fn set_tenant_domains(
        &mut self,
        tenant: TenantId,
        domains: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.scoped()?.set_tenant_domains(tenant, domains, now)
    }
    async fn insert_compartment(&mut self, c: &CompartmentRecord) -> StoreResult<()> {
        self.scoped()?.insert_compartment(c)
    }
    async fn update_compartment(&mut self, c: &CompartmentRecord) -> StoreResult<()> {
        self.scoped()?.update_compartment(c)
    }
    async fn update_user(&mut self, u: &UserRecord) -> StoreResult<()> {
        self.scoped()?.update_user(u)
    }
    async fn insert_membership(&mut self, user: UserId, tenant: TenantId, now: DateTime<Utc>) -> StoreResult<()> {
        self.scoped()?.insert_membership(user, tenant, now)
    }
    async fn delete_membership(&mut self, user: UserId, tenant: TenantId) -> StoreResult<bool> {
        self.scoped()?.delete_membership(user, tenant)
    }
    async fn insert_group(&mut self, g: &GroupRecord) -> StoreResult<()> {
        self.scoped()?.insert_group(g)
    }
    async fn update_group(&mut self, g: &GroupRecord) -> StoreResult<()> {
        self.scoped()?.update_group(g)
    }
    async fn insert_group_member(&mut self, m: &GroupMemberRecord) -> StoreResult<()> {
        self.scoped()?.insert_group_member(m)
    }
    async fn delete_group_member(&mut self, group: GroupId, member: Uuid) -> StoreResult<bool> {
        self.scoped()?.delete_group_member(group, member)
    }
    async fn detach_subject(&mut self, subject: SubjectRef, tenant: TenantId) -> StoreResult<()> {
        self.scoped()?.detach_subject(subject, tenant)
    }
    async fn delete_user(&mut self, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        self.scoped()?.delete_user(id, at)
    }
    async fn insert_role(&mut self, r: &RoleRecord) -> StoreResult<()> {
        self.scoped()?.insert_role(r)
    }
    async fn update_role(&mut self, r: &RoleRecord) -> StoreResult<()> {
        self.scoped()?.update_role(r)
    }
    async fn insert_assignment(&mut self, a: &AssignmentRecord) -> StoreResult<()> {
        self.scoped()?.insert_assignment(a)
    }
    async fn delete_assignment(&mut self, tenant: TenantId, id: AssignmentId) -> StoreResult<Option<AssignmentRecord>> {
        self.scoped()?.delete_assignment(tenant, id)
    }
    async fn set_user_attributes(&mut self, user: UserId, attributes: &BTreeMap<String, String>) -> StoreResult<()> {
        self.scoped()?.set_user_attributes(user, attributes)
    }
    async fn insert_invitation(&mut self, i: &InvitationRecord) -> StoreResult<()> {
        self.scoped()?.insert_invitation(i)
    }
    async fn update_invitation(&mut self, i: &InvitationRecord) -> StoreResult<()> {
        self.scoped()?.update_invitation(i)
    }
    async fn insert_api_key(&mut self, k: &ApiKeyRecord) -> StoreResult<()> {
        self.scoped()?.insert_api_key(k)
    }
    async fn update_api_key(&mut self, k: &ApiKeyRecord) -> StoreResult<()> {
        self.scoped()?.update_api_key(k)
    }
    async fn touch_api_key(&mut self, id: ApiKeyId, at: DateTime<Utc>, ip: Option<&str>) -> StoreResult<()> {
        self.scoped()?.touch_api_key(id, at, ip)
    }
    async fn purge_tenant(&mut self, tenant: TenantId, at: DateTime<Utc>) -> StoreResult<()> {
        self.scoped()?.purge_tenant(tenant, at)
    }
    async fn insert_policy(&mut self, p: &PolicyRecord) -> StoreResult<()> {
        self.scoped()?.insert_policy(p)
    }
    async fn delete_policy(&mut self, tenant: TenantId, id: PolicyId) -> StoreResult<bool> {
        self.scoped()?.delete_policy(tenant, id)
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

    async fn commit(mut self: Box<Self>) -> StoreResult<()> {
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }
}

mod approval;
mod audit;
mod checkpointer;
mod cmdb;
mod iam;
mod notify;
mod workflow;

#[async_trait]
impl ApprovalWrite for SqliteWrite {
    async fn put_approval_policy(&mut self, p: &ApprovalPolicyRecord) -> StoreResult<()> {
        self.approval_q()?.put_policy(p)
    }
    async fn insert_approval_request(&mut self, r: &ApprovalRequestRecord) -> StoreResult<()> {
        self.approval_q()?.insert_request(r)
    }
    async fn update_approval_request(&mut self, r: &ApprovalRequestRecord, expected: i64) -> StoreResult<bool> {
        self.approval_q()?.update_request(r, expected)
    }
    async fn insert_approval_history(&mut self, h: &ApprovalHistoryRecord) -> StoreResult<()> {
        self.approval_q()?.insert_history(h)
    }
}

#[async_trait]
impl NotifyWrite for SqliteWrite {
    async fn put_notification_channel(&mut self, c: &ChannelRecord) -> StoreResult<()> {
        self.notify_q()?.put_channel(c)
    }
    async fn delete_notification_channel(&mut self, tenant: TenantId, id: ChannelId) -> StoreResult<bool> {
        self.notify_q()?.delete_channel(tenant, id)
    }
    async fn put_notification_template(&mut self, t: &TemplateRecord) -> StoreResult<()> {
        self.notify_q()?.put_template(t)
    }
    async fn delete_notification_template(&mut self, id: TemplateId) -> StoreResult<bool> {
        self.notify_q()?.delete_template(id)
    }
    async fn put_notification_preference(&mut self, p: &PreferenceRecord) -> StoreResult<()> {
        self.notify_q()?.put_preference(p)
    }
    async fn insert_inbox(&mut self, n: &InboxRecord) -> StoreResult<()> {
        self.notify_q()?.insert_inbox(n)
    }
    async fn mark_inbox_read(
        &mut self,
        user: UserId,
        id: Option<NotificationId>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        self.notify_q()?.mark_read(user, id, at)
    }
    async fn insert_delivery(&mut self, d: &DeliveryRecord) -> StoreResult<()> {
        self.notify_q()?.insert_delivery(d)
    }
    async fn update_delivery(&mut self, d: &DeliveryRecord) -> StoreResult<()> {
        self.notify_q()?.update_delivery(d)
    }
    async fn take_held_deliveries(&mut self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DeliveryRecord>> {
        self.notify_q()?.take_held(before, limit)
    }
}

/// Row queries shared by read handles and write transactions.
mod q {
    use super::*;

    pub(super) fn provider(conn: &Connection) -> StoreResult<Option<ProviderRecord>> {
        Ok(conn
            .prepare_cached("SELECT id, name, root_tenant_id, initial_admin_id, created_at FROM providers")?
            .query_row([], |r| {
                Ok(ProviderRecord {
                    id: ProviderId::from_uuid(uuid(r, 0)?),
                    name: r.get(1)?,
                    root_tenant_id: TenantId::from_uuid(uuid(r, 2)?),
                    initial_admin_id: UserId::from_uuid(uuid(r, 3)?),
                    created_at: time(r, 4)?,
                })
            })
            .optional()?)
    }

    pub(super) fn tenant(conn: &Connection, id: TenantId) -> StoreResult<Option<TenantRecord>> {
        Ok(conn
            .prepare_cached(&format!("SELECT {} FROM tenants t WHERE t.id = ?1", iam::TENANT_COLUMNS))?
            .query_row(params![id.to_string()], |r| iam::tenant_at(r, 0))
            .optional()?)
    }

    pub(super) fn user_where(
        conn: &Connection,
        predicate: &str,
        arg: &dyn rusqlite::ToSql,
    ) -> StoreResult<Option<UserRecord>> {
        let sql = format!(
            "SELECT id, tenant_id, email, display_name, password_hash, status, created_at, updated_at
             FROM users WHERE {predicate} AND deleted_at IS NULL"
        );
        Ok(conn.prepare_cached(&sql)?.query_row([arg], |r| user_at(r, 0)).optional()?)
    }

    const SESSION_COLUMNS: &str = "s.id, s.user_id, s.tenant_id, s.created_at, s.last_used_at, s.idle_expires_at,
        s.expires_at, s.revoked_at, s.revoke_reason, s.ip, s.user_agent";

    pub(super) fn session(conn: &Connection, id: SessionId) -> StoreResult<Option<SessionRecord>> {
        Ok(conn
            .prepare_cached(&format!("SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.id = ?1"))?
            .query_row(params![id.to_string()], |r| session_at(r, 0))
            .optional()?)
    }

    pub(super) fn session_principal(conn: &Connection, id: SessionId) -> StoreResult<Option<SessionPrincipalRecord>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS},
                    u.id, u.tenant_id, u.email, u.display_name, NULL, u.status, u.created_at, u.updated_at,
                    {}
             FROM sessions s
             JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
             JOIN tenants t ON t.id = s.tenant_id
             WHERE s.id = ?1",
            iam::TENANT_COLUMNS
        );
        Ok(conn
            .prepare_cached(&sql)?
            .query_row(params![id.to_string()], |r| {
                Ok(SessionPrincipalRecord {
                    session: session_at(r, 0)?,
                    user: user_at(r, 11)?,
                    tenant: iam::tenant_at(r, 19)?,
                })
            })
            .optional()?)
    }

    pub(super) fn live_sessions(
        conn: &Connection,
        user: UserId,
        now: DateTime<Utc>,
    ) -> StoreResult<Vec<SessionRecord>> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s
             WHERE s.user_id = ?1 AND s.revoked_at IS NULL AND s.idle_expires_at > ?2 AND s.expires_at > ?2
             ORDER BY s.created_at DESC"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![user.to_string(), ts(&now)], |r| session_at(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(super) fn refresh_token_by_hash(conn: &Connection, hash: &[u8]) -> StoreResult<Option<RefreshTokenRecord>> {
        Ok(conn
            .prepare_cached(
                "SELECT id, session_id, token_hash, state, created_at, expires_at, used_at
                 FROM refresh_tokens WHERE token_hash = ?1",
            )?
            .query_row(params![hash], |r| {
                Ok(RefreshTokenRecord {
                    id: RefreshTokenId::from_uuid(uuid(r, 0)?),
                    session_id: SessionId::from_uuid(uuid(r, 1)?),
                    token_hash: r.get(2)?,
                    state: RefreshState::parse(&r.get::<_, String>(3)?).map_err(conversion(3))?,
                    created_at: time(r, 4)?,
                    expires_at: time(r, 5)?,
                    used_at: opt_time(r, 6)?,
                })
            })
            .optional()?)
    }

    pub(super) fn signing_keys(conn: &Connection) -> StoreResult<Vec<SigningKeyRecord>> {
        let mut stmt = conn.prepare_cached(
            "SELECT kid, algorithm, public_key, sealed_private_key, created_at, retired_at
             FROM signing_keys ORDER BY created_at DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(SigningKeyRecord {
                kid: r.get(0)?,
                algorithm: r.get(1)?,
                public_key: r.get(2)?,
                sealed_private_key: r.get(3)?,
                created_at: time(r, 4)?,
                retired_at: opt_time(r, 5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(super) fn audit_after(
        conn: &Connection,
        tenant: TenantId,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<StoredAudit>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM audit_log a WHERE a.tenant_id = ?1 AND a.seq > ?2 ORDER BY a.seq LIMIT ?3",
            audit::RECORD_COLUMNS
        ))?;
        let rows = stmt.query_map(params![tenant.to_string(), after_seq, limit], audit::record_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(super) fn user_at(r: &Row<'_>, o: usize) -> rusqlite::Result<UserRecord> {
        Ok(UserRecord {
            id: UserId::from_uuid(uuid(r, o)?),
            tenant_id: TenantId::from_uuid(uuid(r, o + 1)?),
            email: r.get(o + 2)?,
            display_name: r.get(o + 3)?,
            password_hash: r.get::<_, Option<String>>(o + 4)?.map(Secret::new),
            status: UserStatus::parse(&r.get::<_, String>(o + 5)?).map_err(conversion(o + 5))?,
            created_at: time(r, o + 6)?,
            updated_at: time(r, o + 7)?,
        })
    }

    fn session_at(r: &Row<'_>, o: usize) -> rusqlite::Result<SessionRecord> {
        Ok(SessionRecord {
            id: SessionId::from_uuid(uuid(r, o)?),
            user_id: UserId::from_uuid(uuid(r, o + 1)?),
            tenant_id: TenantId::from_uuid(uuid(r, o + 2)?),
            created_at: time(r, o + 3)?,
            last_used_at: time(r, o + 4)?,
            idle_expires_at: time(r, o + 5)?,
            expires_at: time(r, o + 6)?,
            revoked_at: opt_time(r, o + 7)?,
            revoke_reason: r.get(o + 8)?,
            ip: r.get(o + 9)?,
            user_agent: r.get(o + 10)?,
        })
    }
}

/// Stored timestamp format: RFC 3339, UTC, microseconds; sorts lexicographically.
pub(crate) fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn conversion<E: std::error::Error + Send + Sync + 'static>(col: usize) -> impl FnOnce(E) -> rusqlite::Error {
    move |e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn uuid(r: &Row<'_>, col: usize) -> rusqlite::Result<Uuid> {
    let s: String = r.get(col)?;
    Uuid::parse_str(&s).map_err(conversion(col))
}

fn opt_uuid(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<Uuid>> {
    r.get::<_, Option<String>>(col)?.map(|s| Uuid::parse_str(&s).map_err(conversion(col))).transpose()
}

fn time(r: &Row<'_>, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = r.get(col)?;
    DateTime::parse_from_rfc3339(&s).map(|t| t.with_timezone(&Utc)).map_err(conversion(col))
}

fn opt_time(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    r.get::<_, Option<String>>(col)?
        .map(|s| DateTime::parse_from_rfc3339(&s).map(|t| t.with_timezone(&Utc)).map_err(conversion(col)))
        .transpose()
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                C::ConstraintViolation => Self::Conflict(e.to_string()),
                C::DatabaseBusy | C::DatabaseLocked | C::CannotOpen | C::DiskFull | C::SystemIoFailure => {
                    Self::Unavailable(e.to_string())
                }
                _ => Self::Other(e.to_string()),
            },
            rusqlite::Error::FromSqlConversionFailure(..) | rusqlite::Error::InvalidColumnType(..) => {
                Self::Corrupt(e.to_string())
            }
            _ => Self::Other(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// The plan SQLite picks for one statement on the writer connection.
    async fn plan(store: &SqliteStore, sql: &str) -> String {
        let conn = store.writer.lock().await;
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.collect::<Result<Vec<_>, _>>().unwrap().join("; ")
    }

    /// A string that exercises JSON escaping: quotes, backslashes, control characters, non-ASCII.
    fn tricky(rng: &mut rand::rngs::StdRng) -> String {
        use rand::Rng as _;
        const PIECES: &[&str] = &[
            "a", "Zz", "\"", "\\", "\n", "\t", "\u{1}", "\u{1f}", "\u{8}", "\u{c}", "é", "€", "😀", "/", "\u{7f}",
            "\u{2028}",
        ];
        (0..rng.gen_range(0..10)).map(|_| PIECES[rng.gen_range(0..PIECES.len())]).collect()
    }

    /// Migration 5 re-encodes records stored as columns into their leaf text in SQL; the bytes
    /// must be exactly `leaf_data`'s, or every existing log would stop verifying.
    #[test]
    fn records_stored_as_columns_migrate_to_their_exact_leaf_text() {
        use nimbus_core::audit::{Actor, ActorKind, Category, Outcome, Priority, RequestInfo, ResourceRef};
        use nimbus_core::ids::AuditId;
        use rand::{Rng as _, SeedableRng as _};

        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        let conn = Connection::open_in_memory().unwrap();
        for m in &migrate::SQLITE[..4] {
            conn.execute_batch(m.sql).unwrap();
        }
        let tenant = TenantId::generate();
        let mut entries = Vec::new();
        for seq in 1..=500i64 {
            let maybe = |rng: &mut rand::rngs::StdRng| rng.gen_bool(0.5).then(|| tricky(rng));
            let value = |rng: &mut rand::rngs::StdRng| {
                rng.gen_bool(0.6)
                    .then(|| serde_json::json!({ tricky(rng): tricky(rng), "n": [1, 2.5, -3, null, true] }))
            };
            let e = AuditEntry {
                id: AuditId::generate(),
                tenant_id: tenant,
                occurred_at: DateTime::from_timestamp_micros(rng.gen_range(0..4_000_000_000_000_000)).unwrap(),
                actor: Actor {
                    kind: ActorKind::ALL[rng.gen_range(0..ActorKind::ALL.len())],
                    id: rng.gen_bool(0.5).then(Uuid::now_v7),
                    display: tricky(&mut rng),
                },
                impersonator_id: rng.gen_bool(0.3).then(UserId::generate),
                action: tricky(&mut rng),
                event_type: tricky(&mut rng),
                category: Category::ALL[rng.gen_range(0..Category::ALL.len())],
                priority: Priority::ALL[rng.gen_range(0..Priority::ALL.len())],
                resource: rng.gen_bool(0.6).then(|| ResourceRef {
                    kind: tricky(&mut rng),
                    id: tricky(&mut rng),
                    name: maybe(&mut rng),
                }),
                old_value: value(&mut rng),
                new_value: value(&mut rng),
                outcome: Outcome::ALL[rng.gen_range(0..Outcome::ALL.len())],
                error_code: maybe(&mut rng),
                request: RequestInfo {
                    trace_id: tricky(&mut rng),
                    ip: maybe(&mut rng),
                    user_agent: maybe(&mut rng),
                    method: maybe(&mut rng),
                    path: maybe(&mut rng),
                },
            };
            // As the store wrote records before migration 5: a column per field, JSON canonical.
            let json = |v: &Option<serde_json::Value>| {
                v.as_ref().map(|v| {
                    let mut out = Vec::new();
                    nimbus_core::tlog::canonical_json(v, &mut out);
                    String::from_utf8(out).unwrap()
                })
            };
            conn.execute(
                "INSERT INTO audit_log (id, tenant_id, seq, occurred_at, actor_kind, actor_id, actor_display,
                    impersonator_id, action, event_type, category, priority, resource_type, resource_id,
                    resource_name, old_value, new_value, outcome, error_code, trace_id, ip, user_agent,
                    request_method, request_path)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                    ?20, ?21, ?22, ?23, ?24)",
                params![
                    e.id.to_string(),
                    tenant.to_string(),
                    seq,
                    ts(&e.occurred_at),
                    e.actor.kind.as_str(),
                    e.actor.id.map(|i| i.to_string()),
                    e.actor.display,
                    e.impersonator_id.map(|i| i.to_string()),
                    e.action,
                    e.event_type,
                    e.category.as_str(),
                    e.priority.as_str(),
                    e.resource.as_ref().map(|r| r.kind.as_str()),
                    e.resource.as_ref().map(|r| r.id.as_str()),
                    e.resource.as_ref().and_then(|r| r.name.as_deref()),
                    json(&e.old_value),
                    json(&e.new_value),
                    e.outcome.as_str(),
                    e.error_code,
                    e.request.trace_id,
                    e.request.ip,
                    e.request.user_agent,
                    e.request.method,
                    e.request.path
                ],
            )
            .unwrap();
            entries.push(e);
        }
        conn.execute_batch(migrate::SQLITE[4].sql).unwrap();

        let mut stmt = conn
            .prepare(&format!(
                "SELECT {}, a.event_type, a.new_value FROM audit_log a ORDER BY a.seq",
                audit::RECORD_COLUMNS
            ))
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        let mut n = 0;
        while let Some(r) = rows.next().unwrap() {
            let e = &entries[n];
            n += 1;
            let seq = u64::try_from(n).unwrap();
            let leaf: String = r.get(1).unwrap();
            assert_eq!(leaf.as_bytes(), nimbus_core::audit::leaf_data(seq, e), "record {seq}");
            let stored = audit::record_at(r).unwrap();
            assert_eq!((stored.seq, &stored.entry), (i64::try_from(seq).unwrap(), e), "record {seq} reads back");
            // The computed columns read as the stored ones did.
            assert_eq!(r.get::<_, String>(2).unwrap(), e.event_type);
            let new_value: Option<String> = r.get(3).unwrap();
            assert_eq!(new_value.map(|v| serde_json::from_str::<serde_json::Value>(&v).unwrap()), e.new_value);
        }
        assert_eq!(n, entries.len());
    }

    #[tokio::test]
    async fn statistics_never_make_full_text_merges_scan() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("nimbus.db"), &DatabaseConfig::default()).await.unwrap();
        // What FTS5 runs for each segment merge step; opening analysed the (empty) tables.
        let delete = "DELETE FROM audit_fts_data WHERE id >= 1 AND id <= 2";
        assert!(plan(&store, delete).await.starts_with("SEARCH"), "{}", plan(&store, delete).await);
        store.optimize().await.unwrap();
        assert!(plan(&store, delete).await.starts_with("SEARCH"), "{}", plan(&store, delete).await);
    }

    #[tokio::test]
    async fn the_log_is_checkpointed_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nimbus.db");
        let store = SqliteStore::open(&path, &DatabaseConfig::default()).await.unwrap();
        let autocheckpoint: i64 =
            store.writer.lock().await.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap();
        assert_eq!(autocheckpoint, i64::from(checkpointer::WRITER_BACKSTOP_PAGES));
        store.writer.lock().await.execute_batch("CREATE TABLE bench_probe (x)").unwrap();
        // Far below the writer's own threshold, only the background thread copies the new schema
        // from the log into the database file itself.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !std::fs::read(&path).unwrap().windows(24).any(|w| w == b"CREATE TABLE bench_probe") {
            assert!(std::time::Instant::now() < deadline, "the log was not checkpointed within 10 s");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}
