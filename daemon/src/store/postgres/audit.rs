//! PostgreSQL queries of the audit log: the Merkle tree, tiles and checkpoints, filtered queries
//! with full-text search (a generated `tsvector` with a GIN index), settings, saved queries and
//! archived segments. Row-level security bounds every query to the transaction's tenants; the
//! integrator's row lock on `audit_trees` serialises integration across replicas. No rules
//! beyond mapping rows.

use chrono::{DateTime, Utc};
use nimbus_core::api::audit::AuditSettings;
use nimbus_core::audit::{Actor, AuditEntry, RequestInfo, ResourceRef};
use nimbus_core::ids::{AuditId, TenantId, UserId};
use nimbus_core::tlog::TileId;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, Postgres, QueryBuilder, Row};
use uuid::Uuid;

use super::q::parse;
use crate::store::{
    ArchiveSegmentRecord, AuditBacklog, AuditFilter, AuditTreeRecord, CheckpointRecord, ForwardCursor,
    SavedQueryRecord, StoreError, StoreResult, StoredAudit, TileRecord,
};

/// The columns [`record_at`] reads, in order.
pub(super) const RECORD_COLUMNS: &str = "a.seq, a.id, a.tenant_id, a.occurred_at, a.actor_kind, a.actor_id, \
    a.actor_display, a.impersonator_id, a.action, a.event_type, a.category, a.priority, a.resource_type, \
    a.resource_id, a.resource_name, a.old_value, a.new_value, a.outcome, a.error_code, a.trace_id, a.ip, \
    a.user_agent, a.request_method, a.request_path";

pub(super) fn record_at(r: &PgRow) -> StoreResult<StoredAudit> {
    let resource = r.try_get::<Option<String>, _>(12)?.map(|kind| -> StoreResult<ResourceRef> {
        Ok(ResourceRef { kind, id: r.try_get::<Option<String>, _>(13)?.unwrap_or_default(), name: r.try_get(14)? })
    });
    Ok(StoredAudit {
        seq: r.try_get(0)?,
        entry: AuditEntry {
            id: AuditId::from_uuid(r.try_get(1)?),
            tenant_id: TenantId::from_uuid(r.try_get(2)?),
            occurred_at: r.try_get(3)?,
            actor: Actor { kind: parse(r, 4)?, id: r.try_get(5)?, display: r.try_get(6)? },
            impersonator_id: r.try_get::<Option<Uuid>, _>(7)?.map(UserId::from_uuid),
            action: r.try_get(8)?,
            event_type: r.try_get(9)?,
            category: parse(r, 10)?,
            priority: parse(r, 11)?,
            resource: resource.transpose()?,
            old_value: r.try_get::<Option<Json<serde_json::Value>>, _>(15)?.map(|j| j.0),
            new_value: r.try_get::<Option<Json<serde_json::Value>>, _>(16)?.map(|j| j.0),
            outcome: parse(r, 17)?,
            error_code: r.try_get(18)?,
            request: RequestInfo {
                trace_id: r.try_get(19)?,
                ip: r.try_get(20)?,
                user_agent: r.try_get(21)?,
                method: r.try_get(22)?,
                path: r.try_get(23)?,
            },
        },
    })
}

fn hash32(r: &PgRow, col: usize) -> StoreResult<[u8; 32]> {
    let v: Vec<u8> = r.try_get(col)?;
    v.try_into().map_err(|_| StoreError::Corrupt("hash is not 32 bytes".into()))
}

fn u64_at(r: &PgRow, col: usize) -> StoreResult<u64> {
    let v: i64 = r.try_get(col)?;
    u64::try_from(v).map_err(|_| StoreError::Corrupt(format!("negative count {v}")))
}

fn i64_of(v: u64) -> StoreResult<i64> {
    i64::try_from(v).map_err(|_| StoreError::Other(format!("{v} is out of range")))
}

fn tree_at(r: &PgRow) -> StoreResult<AuditTreeRecord> {
    Ok(AuditTreeRecord {
        tenant_id: TenantId::from_uuid(r.try_get(0)?),
        size: u64_at(r, 1)?,
        root: hash32(r, 2)?,
        updated_at: r.try_get(3)?,
    })
}

fn checkpoint_at(r: &PgRow) -> StoreResult<CheckpointRecord> {
    Ok(CheckpointRecord {
        tenant_id: TenantId::from_uuid(r.try_get(0)?),
        size: u64_at(r, 1)?,
        root: hash32(r, 2)?,
        note: r.try_get(3)?,
        created_at: r.try_get(4)?,
    })
}

pub(super) async fn tree(c: &mut PgConnection, tenant: TenantId, lock: bool) -> StoreResult<Option<AuditTreeRecord>> {
    let sql = if lock {
        "SELECT tenant_id, size, root, updated_at FROM audit_trees WHERE tenant_id = $1 FOR UPDATE"
    } else {
        "SELECT tenant_id, size, root, updated_at FROM audit_trees WHERE tenant_id = $1"
    };
    sqlx::query(sql).bind(tenant.as_uuid()).fetch_optional(c).await?.as_ref().map(tree_at).transpose()
}

pub(super) async fn trees_changed(c: &mut PgConnection, since: DateTime<Utc>) -> StoreResult<Vec<AuditTreeRecord>> {
    let rows = sqlx::query("SELECT tenant_id, size, root, updated_at FROM audit_trees WHERE updated_at >= $1")
        .bind(since)
        .fetch_all(c)
        .await?;
    rows.iter().map(tree_at).collect()
}

pub(super) async fn tiles(c: &mut PgConnection, tenant: TenantId, ids: &[TileId]) -> StoreResult<Vec<TileRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let levels: Vec<i32> = ids.iter().map(|i| i32::try_from(i.level).unwrap_or(i32::MAX)).collect();
    let idx: Vec<i64> = ids.iter().map(|i| i64_of(i.index)).collect::<StoreResult<_>>()?;
    let rows = sqlx::query(
        "SELECT t.level, t.idx, t.hashes FROM audit_tiles t
         JOIN unnest($2::int[], $3::bigint[]) AS w(level, idx) ON w.level = t.level AND w.idx = t.idx
         WHERE t.tenant_id = $1",
    )
    .bind(tenant.as_uuid())
    .bind(&levels)
    .bind(&idx)
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            let level: i32 = r.try_get(0)?;
            Ok(TileRecord {
                id: TileId {
                    level: u32::try_from(level).map_err(|_| StoreError::Corrupt("negative tile level".into()))?,
                    index: u64_at(r, 1)?,
                },
                hashes: r.try_get(2)?,
            })
        })
        .collect()
}

pub(super) async fn checkpoints(
    c: &mut PgConnection,
    tenant: TenantId,
    from: u64,
    to: u64,
    limit: u32,
) -> StoreResult<Vec<CheckpointRecord>> {
    let rows = sqlx::query(
        "SELECT tenant_id, size, root, note, created_at FROM audit_checkpoints
         WHERE tenant_id = $1 AND size >= $2 AND size <= $3 ORDER BY size LIMIT $4",
    )
    .bind(tenant.as_uuid())
    .bind(i64_of(from)?)
    .bind(i64_of(to.min(i64::MAX as u64))?)
    .bind(i64::from(limit))
    .fetch_all(c)
    .await?;
    rows.iter().map(checkpoint_at).collect()
}

pub(super) async fn latest_checkpoint(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Option<CheckpointRecord>> {
    sqlx::query(
        "SELECT tenant_id, size, root, note, created_at FROM audit_checkpoints
         WHERE tenant_id = $1 ORDER BY size DESC LIMIT 1",
    )
    .bind(tenant.as_uuid())
    .fetch_optional(c)
    .await?
    .as_ref()
    .map(checkpoint_at)
    .transpose()
}

pub(super) async fn backlog(c: &mut PgConnection) -> StoreResult<Vec<AuditBacklog>> {
    let rows = sqlx::query(
        "SELECT s.tenant_id, coalesce(t.size, 0), s.next_seq - 1 FROM audit_sequences s
         LEFT JOIN audit_trees t ON t.tenant_id = s.tenant_id
         WHERE s.next_seq - 1 > coalesce(t.size, 0)",
    )
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(AuditBacklog {
                tenant_id: TenantId::from_uuid(r.try_get(0)?),
                integrated: u64_at(r, 1)?,
                appended: u64_at(r, 2)?,
            })
        })
        .collect()
}

pub(super) async fn query(c: &mut PgConnection, f: &AuditFilter) -> StoreResult<Vec<StoredAudit>> {
    if f.tenants.is_empty() {
        return Ok(Vec::new());
    }
    let tenants: Vec<Uuid> = f.tenants.iter().map(|t| *t.as_uuid()).collect();
    let mut qb: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("SELECT {RECORD_COLUMNS} FROM audit_log a WHERE a.tenant_id = ANY("));
    qb.push_bind(tenants).push(")");
    if let Some(from) = f.from {
        qb.push(" AND a.occurred_at >= ").push_bind(from);
    }
    if let Some(to) = f.to {
        qb.push(" AND a.occurred_at < ").push_bind(to);
    }
    if let Some(id) = f.actor_id {
        qb.push(" AND a.actor_id = ").push_bind(id);
    }
    if let Some(g) = &f.actor_glob {
        qb.push(" AND lower(a.actor_display) LIKE ").push_bind(like(&g.to_lowercase())).push(" ESCAPE '\\'");
    }
    // A pattern without a wildcard is an equality, which the indexes answer directly.
    for (col, glob) in [("a.action", &f.action_glob), ("a.event_type", &f.event_glob)] {
        match glob {
            Some(g) if g.contains('*') => {
                qb.push(format!(" AND {col} LIKE ")).push_bind(like(g)).push(" ESCAPE '\\'");
            }
            Some(g) => {
                qb.push(format!(" AND {col} = ")).push_bind(g.clone());
            }
            None => {}
        }
    }
    for (col, v) in [
        ("a.category", &f.category),
        ("a.resource_type", &f.resource_type),
        ("a.resource_id", &f.resource_id),
        ("a.outcome", &f.outcome),
        ("a.trace_id", &f.trace_id),
    ] {
        if let Some(v) = v {
            qb.push(format!(" AND {col} = ")).push_bind(v.clone());
        }
    }
    if !f.priorities.is_empty() {
        let p: Vec<String> = f.priorities.iter().map(|p| (*p).to_owned()).collect();
        qb.push(" AND a.priority = ANY(").push_bind(p).push(")");
    }
    if !f.words.is_empty() {
        // plainto_tsquery treats its input as words, never as query syntax.
        qb.push(" AND a.search @@ plainto_tsquery('simple', ").push_bind(f.words.join(" ")).push(")");
    }
    if let Some((at, id)) = &f.before {
        qb.push(" AND (a.occurred_at, a.id) < (").push_bind(*at).push(", ").push_bind(*id.as_uuid()).push(")");
    }
    qb.push(" ORDER BY a.occurred_at DESC, a.id DESC LIMIT ").push_bind(i64::from(f.limit));
    let rows = qb.build().fetch_all(c).await?;
    rows.iter().map(record_at).collect()
}

pub(super) async fn settings(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Option<AuditSettings>> {
    let v: Option<Json<AuditSettings>> = sqlx::query_scalar("SELECT settings FROM audit_settings WHERE tenant_id = $1")
        .bind(tenant.as_uuid())
        .fetch_optional(c)
        .await?;
    Ok(v.map(|j| j.0))
}

pub(super) async fn saved_queries(
    c: &mut PgConnection,
    tenant: TenantId,
    owner: UserId,
) -> StoreResult<Vec<SavedQueryRecord>> {
    let rows = sqlx::query(
        "SELECT id, tenant_id, owner_id, name, shared, query::text, created_at FROM audit_saved_queries
         WHERE tenant_id = $1 AND (owner_id = $2 OR shared) ORDER BY name, id",
    )
    .bind(tenant.as_uuid())
    .bind(owner.as_uuid())
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(SavedQueryRecord {
                id: r.try_get(0)?,
                tenant_id: TenantId::from_uuid(r.try_get(1)?),
                owner_id: UserId::from_uuid(r.try_get(2)?),
                name: r.try_get(3)?,
                shared: r.try_get(4)?,
                query: r.try_get(5)?,
                created_at: r.try_get(6)?,
            })
        })
        .collect()
}

pub(super) async fn segments(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<ArchiveSegmentRecord>> {
    let rows = sqlx::query(
        "SELECT tenant_id, first_seq, last_seq, object, manifest::text, created_at FROM audit_archive_segments
         WHERE tenant_id = $1 ORDER BY first_seq",
    )
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ArchiveSegmentRecord {
                tenant_id: TenantId::from_uuid(r.try_get(0)?),
                first_seq: u64_at(r, 1)?,
                last_seq: u64_at(r, 2)?,
                object: r.try_get(3)?,
                manifest: r.try_get(4)?,
                created_at: r.try_get(5)?,
            })
        })
        .collect()
}

pub(super) async fn put_tree(c: &mut PgConnection, t: &AuditTreeRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_trees (tenant_id, size, root, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id) DO UPDATE SET size = excluded.size, root = excluded.root,
            updated_at = excluded.updated_at",
    )
    .bind(t.tenant_id.as_uuid())
    .bind(i64_of(t.size)?)
    .bind(&t.root[..])
    .bind(t.updated_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn put_tiles(c: &mut PgConnection, tenant: TenantId, tiles: &[TileRecord]) -> StoreResult<()> {
    if tiles.is_empty() {
        return Ok(());
    }
    let levels: Vec<i32> = tiles.iter().map(|t| i32::try_from(t.id.level).unwrap_or(i32::MAX)).collect();
    let idx: Vec<i64> = tiles.iter().map(|t| i64_of(t.id.index)).collect::<StoreResult<_>>()?;
    let hashes: Vec<&[u8]> = tiles.iter().map(|t| t.hashes.as_slice()).collect();
    sqlx::query(
        "INSERT INTO audit_tiles (tenant_id, level, idx, hashes)
         SELECT $1, w.level, w.idx, w.hashes FROM unnest($2::int[], $3::bigint[], $4::bytea[]) AS w(level, idx, hashes)
         ON CONFLICT (tenant_id, level, idx) DO UPDATE SET hashes = excluded.hashes",
    )
    .bind(tenant.as_uuid())
    .bind(&levels)
    .bind(&idx)
    .bind(&hashes)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn insert_checkpoint(c: &mut PgConnection, cp: &CheckpointRecord) -> StoreResult<()> {
    sqlx::query("INSERT INTO audit_checkpoints (tenant_id, size, root, note, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(cp.tenant_id.as_uuid())
        .bind(i64_of(cp.size)?)
        .bind(&cp.root[..])
        .bind(&cp.note)
        .bind(cp.created_at)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn put_settings(
    c: &mut PgConnection,
    tenant: TenantId,
    settings: &AuditSettings,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_settings (tenant_id, settings, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at",
    )
    .bind(tenant.as_uuid())
    .bind(Json(settings))
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn put_saved_query(c: &mut PgConnection, q: &SavedQueryRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_saved_queries (id, tenant_id, owner_id, name, shared, query, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
         ON CONFLICT (tenant_id, owner_id, name) DO UPDATE SET shared = excluded.shared, query = excluded.query,
            created_at = excluded.created_at",
    )
    .bind(q.id)
    .bind(q.tenant_id.as_uuid())
    .bind(q.owner_id.as_uuid())
    .bind(&q.name)
    .bind(q.shared)
    .bind(&q.query)
    .bind(q.created_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_saved_query(
    c: &mut PgConnection,
    tenant: TenantId,
    owner: UserId,
    id: Uuid,
) -> StoreResult<bool> {
    let n = sqlx::query("DELETE FROM audit_saved_queries WHERE tenant_id = $1 AND owner_id = $2 AND id = $3")
        .bind(tenant.as_uuid())
        .bind(owner.as_uuid())
        .bind(id)
        .execute(c)
        .await?
        .rows_affected();
    Ok(n > 0)
}

pub(super) async fn insert_segment(c: &mut PgConnection, s: &ArchiveSegmentRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_archive_segments (tenant_id, first_seq, last_seq, object, manifest, created_at)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)",
    )
    .bind(s.tenant_id.as_uuid())
    .bind(i64_of(s.first_seq)?)
    .bind(i64_of(s.last_seq)?)
    .bind(&s.object)
    .bind(&s.manifest)
    .bind(s.created_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_archived(c: &mut PgConnection, tenant: TenantId, first: u64, last: u64) -> StoreResult<u64> {
    Ok(sqlx::query("DELETE FROM audit_log WHERE tenant_id = $1 AND seq BETWEEN $2 AND $3")
        .bind(tenant.as_uuid())
        .bind(i64_of(first)?)
        .bind(i64_of(last)?)
        .execute(c)
        .await?
        .rows_affected())
}

/// A user glob (only `*` is special) as a LIKE pattern with `\` as the escape.
fn like(g: &str) -> String {
    let mut out = String::with_capacity(g.len() + 4);
    for ch in g.chars() {
        match ch {
            '%' | '_' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '*' => out.push('%'),
            ch => out.push(ch),
        }
    }
    out
}

pub(super) async fn forward_cursors(c: &mut PgConnection, sink: &str) -> StoreResult<Vec<ForwardCursor>> {
    let rows = sqlx::query("SELECT tenant_id, seq, checkpoint_size FROM audit_forward_cursors WHERE sink = $1")
        .bind(sink)
        .fetch_all(c)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ForwardCursor {
                tenant_id: TenantId::from_uuid(r.try_get(0)?),
                seq: u64_at(r, 1)?,
                checkpoint_size: u64_at(r, 2)?,
            })
        })
        .collect()
}

pub(super) async fn put_forward_cursor(
    c: &mut PgConnection,
    sink: &str,
    cur: &ForwardCursor,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO audit_forward_cursors (sink, tenant_id, seq, checkpoint_size, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (sink, tenant_id) DO UPDATE SET seq = excluded.seq,
            checkpoint_size = excluded.checkpoint_size, updated_at = excluded.updated_at",
    )
    .bind(sink)
    .bind(cur.tenant_id.as_uuid())
    .bind(i64_of(cur.seq)?)
    .bind(i64_of(cur.checkpoint_size)?)
    .bind(now)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn take_lease(
    c: &mut PgConnection,
    sink: &str,
    holder: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = sqlx::query(
        "INSERT INTO audit_forward_leases (sink, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (sink) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE audit_forward_leases.holder = excluded.holder OR audit_forward_leases.expires_at < $4",
    )
    .bind(sink)
    .bind(holder)
    .bind(until)
    .bind(now)
    .execute(c)
    .await?
    .rows_affected();
    Ok(n > 0)
}

/// Appends records in two statements whatever their number: one reserves each tenant's sequence
/// numbers (tenants locked in a fixed order, so concurrent batches cannot deadlock), one inserts
/// every row.
pub(super) async fn append_many(c: &mut PgConnection, entries: &[AuditEntry]) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let mut counts: std::collections::BTreeMap<Uuid, i64> = std::collections::BTreeMap::new();
    for e in entries {
        *counts.entry(*e.tenant_id.as_uuid()).or_default() += 1;
    }
    let (tenants, ks): (Vec<Uuid>, Vec<i64>) = counts.iter().map(|(t, k)| (*t, *k)).unzip();
    let rows = sqlx::query(
        "INSERT INTO audit_sequences (tenant_id, next_seq)
         SELECT w.t, 1 + w.k FROM unnest($1::uuid[], $2::bigint[]) AS w(t, k) ORDER BY w.t
         ON CONFLICT (tenant_id) DO UPDATE SET next_seq = audit_sequences.next_seq + excluded.next_seq - 1
         RETURNING tenant_id, next_seq",
    )
    .bind(&tenants)
    .bind(&ks)
    .fetch_all(&mut *c)
    .await?;
    let mut next: std::collections::HashMap<Uuid, i64> = std::collections::HashMap::new();
    for r in &rows {
        let t: Uuid = r.try_get(0)?;
        let end: i64 = r.try_get(1)?;
        next.insert(t, end - counts[&t]);
    }
    let mut cols = AppendColumns::default();
    for e in entries {
        let slot =
            next.get_mut(e.tenant_id.as_uuid()).ok_or_else(|| StoreError::Other("sequence not reserved".into()))?;
        cols.push(e, *slot)?;
        *slot += 1;
    }
    sqlx::query(
        "INSERT INTO audit_log (id, tenant_id, seq, occurred_at, actor_kind, actor_id, actor_display,
            impersonator_id, action, event_type, category, priority, resource_type, resource_id, resource_name,
            old_value, new_value, outcome, error_code, trace_id, ip, user_agent, request_method, request_path)
         SELECT id, tenant_id, seq, occurred_at, actor_kind, actor_id, actor_display, impersonator_id, action,
            event_type, category, priority, resource_type, resource_id, resource_name, old_value::jsonb,
            new_value::jsonb, outcome, error_code, trace_id, ip, user_agent, request_method, request_path
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::timestamptz[], $5::text[], $6::uuid[], $7::text[],
            $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
            $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[],
            $24::text[])
            AS w(id, tenant_id, seq, occurred_at, actor_kind, actor_id, actor_display, impersonator_id, action,
                 event_type, category, priority, resource_type, resource_id, resource_name, old_value, new_value,
                 outcome, error_code, trace_id, ip, user_agent, request_method, request_path)",
    )
    .bind(cols.id)
    .bind(cols.tenant)
    .bind(cols.seq)
    .bind(cols.at)
    .bind(cols.actor_kind)
    .bind(cols.actor_id)
    .bind(cols.actor_display)
    .bind(cols.impersonator)
    .bind(cols.action)
    .bind(cols.event_type)
    .bind(cols.category)
    .bind(cols.priority)
    .bind(cols.resource_type)
    .bind(cols.resource_id)
    .bind(cols.resource_name)
    .bind(cols.old_value)
    .bind(cols.new_value)
    .bind(cols.outcome)
    .bind(cols.error_code)
    .bind(cols.trace_id)
    .bind(cols.ip)
    .bind(cols.user_agent)
    .bind(cols.method)
    .bind(cols.path)
    .execute(&mut *c)
    .await?;
    Ok(())
}

/// Column arrays of a batch insert.
#[derive(Default)]
struct AppendColumns {
    id: Vec<Uuid>,
    tenant: Vec<Uuid>,
    seq: Vec<i64>,
    at: Vec<DateTime<Utc>>,
    actor_kind: Vec<&'static str>,
    actor_id: Vec<Option<Uuid>>,
    actor_display: Vec<String>,
    impersonator: Vec<Option<Uuid>>,
    action: Vec<String>,
    event_type: Vec<String>,
    category: Vec<&'static str>,
    priority: Vec<&'static str>,
    resource_type: Vec<Option<String>>,
    resource_id: Vec<Option<String>>,
    resource_name: Vec<Option<String>>,
    old_value: Vec<Option<String>>,
    new_value: Vec<Option<String>>,
    outcome: Vec<&'static str>,
    error_code: Vec<Option<String>>,
    trace_id: Vec<String>,
    ip: Vec<Option<String>>,
    user_agent: Vec<Option<String>>,
    method: Vec<Option<String>>,
    path: Vec<Option<String>>,
}

impl AppendColumns {
    fn push(&mut self, e: &AuditEntry, seq: i64) -> StoreResult<()> {
        let json = |v: &Option<serde_json::Value>| -> StoreResult<Option<String>> {
            v.as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| StoreError::Other(format!("audit value: {e}")))
        };
        self.id.push(*e.id.as_uuid());
        self.tenant.push(*e.tenant_id.as_uuid());
        self.seq.push(seq);
        self.at.push(e.occurred_at);
        self.actor_kind.push(e.actor.kind.as_str());
        self.actor_id.push(e.actor.id);
        self.actor_display.push(e.actor.display.clone());
        self.impersonator.push(e.impersonator_id.map(|i| *i.as_uuid()));
        self.action.push(e.action.clone());
        self.event_type.push(e.event_type.clone());
        self.category.push(e.category.as_str());
        self.priority.push(e.priority.as_str());
        self.resource_type.push(e.resource.as_ref().map(|r| r.kind.clone()));
        self.resource_id.push(e.resource.as_ref().map(|r| r.id.clone()));
        self.resource_name.push(e.resource.as_ref().and_then(|r| r.name.clone()));
        self.old_value.push(json(&e.old_value)?);
        self.new_value.push(json(&e.new_value)?);
        self.outcome.push(e.outcome.as_str());
        self.error_code.push(e.error_code.clone());
        self.trace_id.push(e.request.trace_id.clone());
        self.ip.push(e.request.ip.clone());
        self.user_agent.push(e.request.user_agent.clone());
        self.method.push(e.request.method.clone());
        self.path.push(e.request.path.clone());
        Ok(())
    }
}
