//! SQLite queries of the audit log: the Merkle tree, tiles and checkpoints, filtered queries with
//! full-text search (FTS5), settings, saved queries and archived segments. Each is bounded by the
//! handle's tenant scope, as everywhere on SQLite. No rules beyond mapping rows.

use chrono::{DateTime, Utc};
use nimbus_core::api::audit::AuditSettings;
use nimbus_core::audit::decode_leaf;
use nimbus_core::ids::{TenantId, UserId};
use nimbus_core::tlog::{Hash, TileId, leaf_hash};
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use super::{time, ts, uuid};
use crate::store::{
    ArchiveSegmentRecord, AuditBacklog, AuditFilter, AuditTreeRecord, CheckpointRecord, ForwardCursor,
    SavedQueryRecord, StoreError, StoreResult, StoredAudit, TenantScope, TileRecord,
};

/// The columns [`record_at`] reads, in order: the row's position and its leaf text, which is the
/// whole record (every other column is computed from it).
pub(super) const RECORD_COLUMNS: &str = "a.seq, a.leaf";

pub(super) fn record_at(r: &Row<'_>) -> rusqlite::Result<StoredAudit> {
    let seq = r.get(0)?;
    let (_, entry) = decode_leaf(r.get_ref(1)?.as_bytes()?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into()))?;
    Ok(StoredAudit { seq, entry })
}

/// Leaf hashes of a tenant's records after `after_seq`: the hash of each stored leaf text (see
/// `ReadTx::audit_leaf_hashes`).
///
/// With a `spare` connection the batch is split in two and each half read and hashed on a core
/// of its own. The caller maps the database file on both for the length of its scan.
pub(super) fn leaf_hashes(
    conn: &Connection,
    spare: Option<&mut Connection>,
    tenant: TenantId,
    after_seq: i64,
    limit: u32,
) -> StoreResult<Vec<(i64, Option<Hash>)>> {
    /// Below this, a second thread costs more than it saves.
    const SPLIT_FROM: u32 = 4096;
    let Some(spare) = spare.filter(|_| limit >= SPLIT_FROM) else {
        return hash_leaves(conn, tenant, after_seq, limit);
    };
    let half = limit / 2;
    std::thread::scope(|s| {
        let upper =
            s.spawn(move || hash_leaves(spare, tenant, after_seq.saturating_add(i64::from(half)), limit - half));
        let lower = hash_leaves(conn, tenant, after_seq, half);
        let upper = upper.join().map_err(|_| StoreError::Other("an audit reading thread panicked".into()))?;
        let mut out = lower?;
        // The lower half holds every record from `after_seq` to its last; the upper half every
        // record from its start to its own last. Where records are missing the lower half reads
        // past the middle, and the upper half adds only what follows it.
        if let Some(&(last, _)) = out.last() {
            out.extend(upper?.into_iter().filter(|(seq, _)| *seq > last));
        }
        Ok(out)
    })
}

/// Reads and hashes on this thread. A leaf that is not text (only a hand-made row can hold
/// one) has no hash; the caller decodes that record and reports it.
fn hash_leaves(
    conn: &Connection,
    tenant: TenantId,
    after_seq: i64,
    limit: u32,
) -> StoreResult<Vec<(i64, Option<Hash>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.seq, a.leaf FROM audit_log a WHERE a.tenant_id = ?1 AND a.seq > ?2 ORDER BY a.seq LIMIT ?3",
    )?;
    let mut rows = stmt.query(params![tenant.to_string(), after_seq, limit])?;
    let mut out = Vec::with_capacity(usize::try_from(limit).unwrap_or(0));
    while let Some(r) = rows.next()? {
        let hash = match r.get_ref(1)? {
            ValueRef::Text(leaf) => Some(leaf_hash(leaf)),
            _ => None,
        };
        out.push((r.get(0)?, hash));
    }
    Ok(out)
}

fn hash32(r: &Row<'_>, col: usize) -> rusqlite::Result<[u8; 32]> {
    let v: Vec<u8> = r.get(col)?;
    v.try_into().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Blob, "hash is not 32 bytes".into())
    })
}

fn u64_at(r: &Row<'_>, col: usize) -> rusqlite::Result<u64> {
    let v: i64 = r.get(col)?;
    u64::try_from(v)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Integer, e.into()))
}

fn i64_of(v: u64) -> StoreResult<i64> {
    i64::try_from(v).map_err(|_| StoreError::Other(format!("{v} is out of range")))
}

fn out_of_scope(tenant: TenantId) -> StoreError {
    StoreError::OutOfScope(format!("tenant {tenant}"))
}

/// Audit queries on one connection within a scope.
pub(in crate::store) struct AuditQ<'a> {
    pub(in crate::store) conn: &'a Connection,
    pub(in crate::store) scope: &'a TenantScope,
}

impl AuditQ<'_> {
    fn admit(&self, tenant: TenantId) -> StoreResult<()> {
        if self.scope.admits(tenant) { Ok(()) } else { Err(out_of_scope(tenant)) }
    }

    pub(in crate::store) fn tree(&self, tenant: TenantId) -> StoreResult<Option<AuditTreeRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT tenant_id, size, root, updated_at FROM audit_trees WHERE tenant_id = ?1")?
            .query_row(params![tenant.to_string()], |r| {
                Ok(AuditTreeRecord {
                    tenant_id: TenantId::from_uuid(uuid(r, 0)?),
                    size: u64_at(r, 1)?,
                    root: hash32(r, 2)?,
                    updated_at: time(r, 3)?,
                })
            })
            .optional()?)
    }

    pub(in crate::store) fn trees_changed(&self, since: DateTime<Utc>) -> StoreResult<Vec<AuditTreeRecord>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tenant_id, size, root, updated_at FROM audit_trees WHERE updated_at >= ?1")?;
        let rows = stmt.query_map(params![ts(&since)], |r| {
            Ok(AuditTreeRecord {
                tenant_id: TenantId::from_uuid(uuid(r, 0)?),
                size: u64_at(r, 1)?,
                root: hash32(r, 2)?,
                updated_at: time(r, 3)?,
            })
        })?;
        let all: Vec<AuditTreeRecord> = rows.collect::<Result<_, _>>()?;
        Ok(all.into_iter().filter(|t| self.scope.admits(t.tenant_id)).collect())
    }

    pub(in crate::store) fn tiles(&self, tenant: TenantId, ids: &[TileId]) -> StoreResult<Vec<TileRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        // Runs of consecutive tiles (verification asks for thousands at a time) are one range
        // scan each rather than a lookup per tile.
        let mut stmt = self.conn.prepare_cached(
            "SELECT idx, hashes FROM audit_tiles WHERE tenant_id = ?1 AND level = ?2 AND idx BETWEEN ?3 AND ?4
             ORDER BY idx",
        )?;
        let t = tenant.to_string();
        let mut out = Vec::with_capacity(ids.len());
        let mut rest = ids;
        while let Some(first) = rest.first() {
            let run = rest
                .iter()
                .enumerate()
                .take_while(|(k, id)| id.level == first.level && id.index == first.index + *k as u64)
                .count();
            let last = first.index + run as u64 - 1;
            let mut rows = stmt.query(params![t, first.level, i64_of(first.index)?, i64_of(last)?])?;
            while let Some(r) = rows.next()? {
                out.push(TileRecord { id: TileId { level: first.level, index: u64_at(r, 0)? }, hashes: r.get(1)? });
            }
            rest = &rest[run..];
        }
        Ok(out)
    }

    pub(in crate::store) fn checkpoints(
        &self,
        tenant: TenantId,
        from: u64,
        to: u64,
        limit: u32,
    ) -> StoreResult<Vec<CheckpointRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT tenant_id, size, root, note, created_at FROM audit_checkpoints
             WHERE tenant_id = ?1 AND size >= ?2 AND size <= ?3 ORDER BY size LIMIT ?4",
        )?;
        let rows = stmt.query_map(
            params![tenant.to_string(), i64_of(from)?, i64_of(to.min(i64::MAX as u64))?, limit],
            checkpoint_at,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn latest_checkpoint(&self, tenant: TenantId) -> StoreResult<Option<CheckpointRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached(
                "SELECT tenant_id, size, root, note, created_at FROM audit_checkpoints
                 WHERE tenant_id = ?1 ORDER BY size DESC LIMIT 1",
            )?
            .query_row(params![tenant.to_string()], checkpoint_at)
            .optional()?)
    }

    pub(in crate::store) fn backlog(&self) -> StoreResult<Vec<AuditBacklog>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.tenant_id, coalesce(t.size, 0), s.next_seq - 1 FROM audit_sequences s
             LEFT JOIN audit_trees t ON t.tenant_id = s.tenant_id
             WHERE s.next_seq - 1 > coalesce(t.size, 0)",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditBacklog {
                tenant_id: TenantId::from_uuid(uuid(r, 0)?),
                integrated: u64_at(r, 1)?,
                appended: u64_at(r, 2)?,
            })
        })?;
        let all: Vec<AuditBacklog> = rows.collect::<Result<_, _>>()?;
        Ok(all.into_iter().filter(|b| self.scope.admits(b.tenant_id)).collect())
    }

    pub(in crate::store) fn query(&self, f: &AuditFilter) -> StoreResult<Vec<StoredAudit>> {
        let tenants: Vec<TenantId> = f.tenants.iter().copied().filter(|t| self.scope.admits(*t)).collect();
        if tenants.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = format!("SELECT {RECORD_COLUMNS} FROM audit_log a WHERE a.tenant_id IN (");
        let mut args: Vec<SqlValue> = Vec::new();
        for (i, t) in tenants.iter().enumerate() {
            sql.push_str(if i == 0 { "?" } else { ", ?" });
            args.push(SqlValue::Text(t.to_string()));
        }
        sql.push(')');
        let driver = Driver::of(f);
        // `+` keeps a term off the indexes, so only the driver's index is walked.
        let off = |d: Driver| if driver == d { "" } else { "+" };
        let time_off = if matches!(driver, Driver::Time) { "" } else { "+" };
        let mut cond = |clause: String, v: SqlValue| {
            sql.push_str(" AND ");
            sql.push_str(&clause);
            args.push(v);
        };
        if let Some(from) = f.from {
            cond(format!("{time_off}a.occurred_at >= ?"), SqlValue::Text(ts(&from)));
        }
        if let Some(to) = f.to {
            cond(format!("{time_off}a.occurred_at < ?"), SqlValue::Text(ts(&to)));
        }
        if let Some(id) = f.actor_id {
            cond(format!("{}a.actor_id = ?", off(Driver::Actor)), SqlValue::Text(id.to_string()));
        }
        if let Some(g) = &f.actor_glob {
            cond("lower(a.actor_display) GLOB ?".into(), SqlValue::Text(sqlite_glob(&g.to_lowercase())));
        }
        // A pattern without a wildcard is an equality, which the indexes answer directly.
        if let Some(g) = &f.action_glob {
            match g.contains('*') {
                true => cond("a.action GLOB ?".into(), SqlValue::Text(sqlite_glob(g))),
                false => cond("a.action = ?".into(), SqlValue::Text(g.clone())),
            }
        }
        if let Some(g) = &f.event_glob {
            match g.contains('*') {
                // Never a range of the event index: a pattern spans several types, whose records
                // would all be read and sorted; walking newest first stops at the page's end.
                true => cond("+a.event_type GLOB ?".into(), SqlValue::Text(sqlite_glob(g))),
                false => cond(format!("{}a.event_type = ?", off(Driver::Event)), SqlValue::Text(g.clone())),
            }
        }
        if let Some(c) = &f.category {
            cond("a.category = ?".into(), SqlValue::Text(c.clone()));
        }
        if let Some(v) = &f.resource_type {
            cond(format!("{}a.resource_type = ?", off(Driver::Resource)), SqlValue::Text(v.clone()));
        }
        if let Some(v) = &f.resource_id {
            cond(format!("{}a.resource_id = ?", off(Driver::Resource)), SqlValue::Text(v.clone()));
        }
        if let Some(v) = &f.outcome {
            cond("a.outcome = ?".into(), SqlValue::Text(v.clone()));
        }
        if let Some(v) = &f.trace_id {
            cond(format!("{}a.trace_id = ?", off(Driver::Trace)), SqlValue::Text(v.clone()));
        }
        if !f.words.is_empty() {
            // Each word becomes a quoted FTS5 string: no operator in user input is interpreted.
            let expr = f.words.iter().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect::<Vec<_>>().join(" ");
            cond("a.rowid IN (SELECT rowid FROM audit_fts WHERE audit_fts MATCH ?)".into(), SqlValue::Text(expr));
        }
        if let Some((at, id)) = &f.before {
            sql.push_str(&format!(" AND ({time_off}a.occurred_at, a.id) < (?, ?)"));
            args.push(SqlValue::Text(ts(at)));
            args.push(SqlValue::Text(id.to_string()));
        }
        if !f.priorities.is_empty() {
            sql.push_str(" AND a.priority IN (");
            for (i, p) in f.priorities.iter().enumerate() {
                sql.push_str(if i == 0 { "?" } else { ", ?" });
                args.push(SqlValue::Text((*p).to_owned()));
            }
            sql.push(')');
        }
        sql.push_str(" ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?");
        args.push(SqlValue::Integer(i64::from(f.limit)));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), record_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn settings(&self, tenant: TenantId) -> StoreResult<Option<AuditSettings>> {
        if !self.scope.admits(tenant) {
            return Ok(None);
        }
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT settings FROM audit_settings WHERE tenant_id = ?1")?
            .query_row(params![tenant.to_string()], |r| r.get(0))
            .optional()?;
        text.map(|t| serde_json::from_str(&t).map_err(|e| StoreError::Corrupt(format!("audit settings: {e}"))))
            .transpose()
    }

    pub(in crate::store) fn saved_queries(
        &self,
        tenant: TenantId,
        owner: UserId,
    ) -> StoreResult<Vec<SavedQueryRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, tenant_id, owner_id, name, shared, query, created_at FROM audit_saved_queries
             WHERE tenant_id = ?1 AND (owner_id = ?2 OR shared) ORDER BY name, id",
        )?;
        let rows = stmt.query_map(params![tenant.to_string(), owner.to_string()], |r| {
            Ok(SavedQueryRecord {
                id: uuid(r, 0)?,
                tenant_id: TenantId::from_uuid(uuid(r, 1)?),
                owner_id: UserId::from_uuid(uuid(r, 2)?),
                name: r.get(3)?,
                shared: r.get(4)?,
                query: r.get(5)?,
                created_at: time(r, 6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn segments(&self, tenant: TenantId) -> StoreResult<Vec<ArchiveSegmentRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT tenant_id, first_seq, last_seq, object, manifest, created_at FROM audit_archive_segments
             WHERE tenant_id = ?1 ORDER BY first_seq",
        )?;
        let rows = stmt.query_map(params![tenant.to_string()], |r| {
            Ok(ArchiveSegmentRecord {
                tenant_id: TenantId::from_uuid(uuid(r, 0)?),
                first_seq: u64_at(r, 1)?,
                last_seq: u64_at(r, 2)?,
                object: r.get(3)?,
                manifest: r.get(4)?,
                created_at: time(r, 5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn forward_cursors(&self, sink: &str) -> StoreResult<Vec<ForwardCursor>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tenant_id, seq, checkpoint_size FROM audit_forward_cursors WHERE sink = ?1")?;
        let rows = stmt.query_map(params![sink], |r| {
            Ok(ForwardCursor {
                tenant_id: TenantId::from_uuid(uuid(r, 0)?),
                seq: u64_at(r, 1)?,
                checkpoint_size: u64_at(r, 2)?,
            })
        })?;
        let all: Vec<ForwardCursor> = rows.collect::<Result<_, _>>()?;
        Ok(all.into_iter().filter(|c| self.scope.admits(c.tenant_id)).collect())
    }

    pub(in crate::store) fn put_forward_cursor(
        &self,
        sink: &str,
        c: &ForwardCursor,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.admit(c.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_forward_cursors (sink, tenant_id, seq, checkpoint_size, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (sink, tenant_id) DO UPDATE SET seq = excluded.seq,
                    checkpoint_size = excluded.checkpoint_size, updated_at = excluded.updated_at",
            )?
            .execute(params![sink, c.tenant_id.to_string(), i64_of(c.seq)?, i64_of(c.checkpoint_size)?, ts(&now)])?;
        Ok(())
    }

    pub(in crate::store) fn take_lease(
        &self,
        sink: &str,
        holder: &str,
        until: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO audit_forward_leases (sink, holder, expires_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sink) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                 WHERE audit_forward_leases.holder = excluded.holder OR audit_forward_leases.expires_at < ?4",
            )?
            .execute(params![sink, holder, ts(&until), ts(&now)])?;
        Ok(n > 0)
    }

    pub(in crate::store) fn index_text(&self, tenant: TenantId, first: u64, last: u64) -> StoreResult<()> {
        self.admit(tenant)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_fts (rowid, body)
                 SELECT rowid, concat_ws(' ', actor_display, action, event_type, resource_type, resource_id,
                    resource_name, error_code, trace_id, ip, user_agent, request_path, old_value, new_value)
                 FROM audit_log WHERE tenant_id = ?1 AND seq BETWEEN ?2 AND ?3",
            )?
            .execute(params![tenant.to_string(), i64_of(first)?, i64_of(last)?])?;
        Ok(())
    }

    pub(in crate::store) fn put_tree(&self, t: &AuditTreeRecord) -> StoreResult<()> {
        self.admit(t.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_trees (tenant_id, size, root, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tenant_id) DO UPDATE SET size = excluded.size, root = excluded.root,
                    updated_at = excluded.updated_at",
            )?
            .execute(params![t.tenant_id.to_string(), i64_of(t.size)?, &t.root[..], ts(&t.updated_at)])?;
        Ok(())
    }

    pub(in crate::store) fn put_tiles(&self, tenant: TenantId, tiles: &[TileRecord]) -> StoreResult<()> {
        self.admit(tenant)?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO audit_tiles (tenant_id, level, idx, hashes) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (tenant_id, level, idx) DO UPDATE SET hashes = excluded.hashes",
        )?;
        let t = tenant.to_string();
        for tile in tiles {
            stmt.execute(params![t, tile.id.level, i64_of(tile.id.index)?, tile.hashes])?;
        }
        Ok(())
    }

    pub(in crate::store) fn insert_checkpoint(&self, cp: &CheckpointRecord) -> StoreResult<()> {
        self.admit(cp.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_checkpoints (tenant_id, size, root, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![cp.tenant_id.to_string(), i64_of(cp.size)?, &cp.root[..], cp.note, ts(&cp.created_at)])?;
        Ok(())
    }

    pub(in crate::store) fn put_settings(
        &self,
        tenant: TenantId,
        settings: &AuditSettings,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.admit(tenant)?;
        let text = serde_json::to_string(settings).map_err(|e| StoreError::Other(format!("audit settings: {e}")))?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_settings (tenant_id, settings, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
            )?
            .execute(params![tenant.to_string(), text, ts(&now)])?;
        Ok(())
    }

    pub(in crate::store) fn put_saved_query(&self, q: &SavedQueryRecord) -> StoreResult<()> {
        self.admit(q.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_saved_queries (id, tenant_id, owner_id, name, shared, query, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (tenant_id, owner_id, name) DO UPDATE SET shared = excluded.shared,
                    query = excluded.query, created_at = excluded.created_at",
            )?
            .execute(params![
                q.id.to_string(),
                q.tenant_id.to_string(),
                q.owner_id.to_string(),
                q.name,
                q.shared,
                q.query,
                ts(&q.created_at)
            ])?;
        Ok(())
    }

    pub(in crate::store) fn delete_saved_query(
        &self,
        tenant: TenantId,
        owner: UserId,
        id: uuid::Uuid,
    ) -> StoreResult<bool> {
        self.admit(tenant)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM audit_saved_queries WHERE tenant_id = ?1 AND owner_id = ?2 AND id = ?3")?
            .execute(params![tenant.to_string(), owner.to_string(), id.to_string()])?;
        Ok(n > 0)
    }

    pub(in crate::store) fn insert_segment(&self, s: &ArchiveSegmentRecord) -> StoreResult<()> {
        self.admit(s.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO audit_archive_segments (tenant_id, first_seq, last_seq, object, manifest, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                s.tenant_id.to_string(),
                i64_of(s.first_seq)?,
                i64_of(s.last_seq)?,
                s.object,
                s.manifest,
                ts(&s.created_at)
            ])?;
        Ok(())
    }

    pub(in crate::store) fn delete_archived(&self, tenant: TenantId, first: u64, last: u64) -> StoreResult<u64> {
        self.admit(tenant)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM audit_log WHERE tenant_id = ?1 AND seq BETWEEN ?2 AND ?3")?
            .execute(params![tenant.to_string(), i64_of(first)?, i64_of(last)?])?;
        Ok(n as u64)
    }
}

fn checkpoint_at(r: &Row<'_>) -> rusqlite::Result<CheckpointRecord> {
    Ok(CheckpointRecord {
        tenant_id: TenantId::from_uuid(uuid(r, 0)?),
        size: u64_at(r, 1)?,
        root: hash32(r, 2)?,
        note: r.get(3)?,
        created_at: time(r, 4)?,
    })
}

/// The one index a query walks; its other filters are checked on the rows that index yields.
/// SQLite's sampled statistics (`analysis_limit`) cannot tell an actor (a thousandth of a log)
/// from an event type (a fortieth), and a wrong guess costs a walk over every record of that
/// event type, so the choice is made here, most selective filter first.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Driver {
    Trace,
    Resource,
    Actor,
    Words,
    Event,
    Time,
}

impl Driver {
    fn of(f: &AuditFilter) -> Self {
        let exact_event = f.event_glob.as_ref().is_some_and(|g| !g.contains('*'));
        if f.trace_id.is_some() {
            Self::Trace
        } else if f.resource_type.is_some() && f.resource_id.is_some() {
            Self::Resource
        } else if f.actor_id.is_some() {
            Self::Actor
        } else if !f.words.is_empty() {
            Self::Words
        } else if exact_event {
            Self::Event
        } else {
            Self::Time
        }
    }
}

/// A user glob (only `*` is special) as an SQLite GLOB pattern: `?` and `[` are taken literally.
fn sqlite_glob(g: &str) -> String {
    let mut out = String::with_capacity(g.len());
    for c in g.chars() {
        match c {
            '?' => out.push_str("[?]"),
            '[' => out.push_str("[[]"),
            c => out.push(c),
        }
    }
    out
}
