//! SQLite queries of the CMDB (see `store/cmdb.rs` for the contract and
//! `migrations/sqlite/0007_cmdb.sql` for the layout: blob ids, integer microsecond times, an
//! integer `seq` per CI that versions, relationships and the FTS5 index refer to).
//!
//! Every query is bounded by the handle's [`TenantScope`]: a tenant outside it is refused with
//! `OutOfScope`, as in `iam.rs`. No rules beyond mapping rows and enforcing the scope live here.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use nimbus_core::ids::{CiClassId, CiId, CompartmentId, RelationshipId, SavedSearchId, TenantId, UserId};
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter, types::Value as SqlValue};
use serde_json::Value;
use uuid::Uuid;

use crate::store::cmdb::{
    CatalogDocRecord, CiClassRecord, CiFilter, CiRecord, CiVersionRecord, RelationshipRecord, SavedSearchRecord,
};
use crate::store::{StoreError, StoreResult, TenantScope};

/// A connection with the scope it may see.
pub(in crate::store) struct CmdbQ<'a> {
    pub(in crate::store) conn: &'a Connection,
    pub(in crate::store) scope: &'a TenantScope,
}

const CI_COLUMNS: &str = "c.seq, c.id, c.tenant_id, c.compartment_id, c.class, c.name, c.state, c.attributes, \
    c.tags, c.external_id, c.provider, c.urn, c.version, c.created_at, c.updated_at, c.deleted_at";
const CLASS_COLUMNS: &str =
    "id, tenant_id, key, name, description, semantic_type, schema, created_at, updated_at, deleted_at";
const REL_SELECT: &str = "SELECT r.id, r.tenant_id, r.kind, r.source, r.target, s.id, t.id, r.created_at \
    FROM cmdb_relationships r JOIN cmdb_cis s ON s.seq = r.source JOIN cmdb_cis t ON t.seq = r.target";

fn b(u: &Uuid) -> &[u8] {
    u.as_bytes()
}

fn micros(t: &DateTime<Utc>) -> i64 {
    t.timestamp_micros()
}

fn conversion<E: std::error::Error + Send + Sync + 'static>(col: usize) -> impl FnOnce(E) -> rusqlite::Error {
    move |e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Blob, Box::new(e))
}

fn uuid_at(r: &Row<'_>, col: usize) -> rusqlite::Result<Uuid> {
    let bytes = r.get_ref(col)?.as_blob()?;
    Uuid::from_slice(bytes).map_err(conversion(col))
}

fn opt_uuid_at(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<Uuid>> {
    match r.get_ref(col)?.as_blob_or_null()? {
        Some(bytes) => Uuid::from_slice(bytes).map(Some).map_err(conversion(col)),
        None => Ok(None),
    }
}

fn time_at(r: &Row<'_>, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    let us: i64 = r.get(col)?;
    DateTime::from_timestamp_micros(us).ok_or(rusqlite::Error::IntegralValueOutOfRange(col, us))
}

fn opt_time_at(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match r.get::<_, Option<i64>>(col)? {
        Some(us) => {
            DateTime::from_timestamp_micros(us).map(Some).ok_or(rusqlite::Error::IntegralValueOutOfRange(col, us))
        }
        None => Ok(None),
    }
}

fn json_at<T: serde::de::DeserializeOwned>(r: &Row<'_>, col: usize) -> rusqlite::Result<T> {
    let s = r.get_ref(col)?.as_str()?;
    serde_json::from_str(s).map_err(conversion(col))
}

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(format!("cannot encode: {e}")))
}

fn ci_at(r: &Row<'_>) -> rusqlite::Result<CiRecord> {
    Ok(CiRecord {
        seq: r.get(0)?,
        id: CiId::from_uuid(uuid_at(r, 1)?),
        tenant_id: TenantId::from_uuid(uuid_at(r, 2)?),
        compartment_id: opt_uuid_at(r, 3)?.map(CompartmentId::from_uuid),
        class: r.get(4)?,
        name: r.get(5)?,
        state: r.get(6)?,
        attributes: json_at(r, 7)?,
        tags: json_at(r, 8)?,
        external_id: r.get(9)?,
        provider: r.get(10)?,
        urn: r.get(11)?,
        version: r.get(12)?,
        created_at: time_at(r, 13)?,
        updated_at: time_at(r, 14)?,
        deleted_at: opt_time_at(r, 15)?,
    })
}

const DOC_COLUMNS: &str = "id, tenant_id, kind, key, body, revision, created_at, updated_at, deleted_at";

fn doc_at(r: &Row<'_>) -> rusqlite::Result<CatalogDocRecord> {
    Ok(CatalogDocRecord {
        id: uuid_at(r, 0)?,
        tenant_id: TenantId::from_uuid(uuid_at(r, 1)?),
        kind: r.get(2)?,
        key: r.get(3)?,
        body: json_at(r, 4)?,
        revision: r.get(5)?,
        created_at: time_at(r, 6)?,
        updated_at: time_at(r, 7)?,
        deleted_at: opt_time_at(r, 8)?,
    })
}

fn class_at(r: &Row<'_>) -> rusqlite::Result<CiClassRecord> {
    Ok(CiClassRecord {
        id: CiClassId::from_uuid(uuid_at(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid_at(r, 1)?),
        key: r.get(2)?,
        name: r.get(3)?,
        description: r.get(4)?,
        semantic_type: r.get(5)?,
        schema: json_at(r, 6)?,
        created_at: time_at(r, 7)?,
        updated_at: time_at(r, 8)?,
        deleted_at: opt_time_at(r, 9)?,
    })
}

fn rel_at(r: &Row<'_>) -> rusqlite::Result<RelationshipRecord> {
    Ok(RelationshipRecord {
        id: RelationshipId::from_uuid(uuid_at(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid_at(r, 1)?),
        kind: r.get(2)?,
        source_seq: r.get(3)?,
        target_seq: r.get(4)?,
        source_id: CiId::from_uuid(uuid_at(r, 5)?),
        target_id: CiId::from_uuid(uuid_at(r, 6)?),
        created_at: time_at(r, 7)?,
    })
}

/// An FTS5 query in which every word must match: each is quoted (so operators in user input
/// are just text); a trailing `*` keeps prefix matching.
pub(in crate::store) fn fts_query(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let (word, prefix) = match word.strip_suffix('*') {
            Some(w) => (w, true),
            None => (word, false),
        };
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(out, "\"{}\"", word.replace('"', "\"\""));
        if prefix {
            out.push('*');
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Rows per multi-row statement of a bulk write: one execution per this many rows (16 columns
/// × 128 rows stays far below SQLite's limit of 32,766 bound parameters).
const BULK_ROWS: usize = 128;

/// `head VALUES (?, …), …` for `rows` rows of `cols` parameters.
fn multi_row(head: &str, cols: usize, rows: usize) -> String {
    let mut one = String::with_capacity(cols * 3 + 2);
    one.push('(');
    for c in 0..cols {
        one.push_str(if c == 0 { "?" } else { ", ?" });
    }
    one.push(')');
    let mut s = String::with_capacity(head.len() + 8 + rows * (one.len() + 2));
    s.push_str(head);
    s.push_str(" VALUES ");
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push_str(&one);
    }
    s
}

fn json_key_path(key: &str) -> String {
    format!("$.\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
}

fn seq_list(seqs: &[i64]) -> String {
    let mut s = String::with_capacity(seqs.len() * 8 + 2);
    s.push('[');
    for (i, q) in seqs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{q}");
    }
    s.push(']');
    s
}

impl CmdbQ<'_> {
    fn check(&self, tenant: TenantId) -> StoreResult<()> {
        if self.scope.admits(tenant) { Ok(()) } else { Err(StoreError::OutOfScope(format!("tenant {tenant}"))) }
    }

    pub(in crate::store) fn ci_classes(&self, tenant: TenantId) -> StoreResult<Vec<CiClassRecord>> {
        self.check(tenant)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CLASS_COLUMNS} FROM cmdb_classes WHERE tenant_id = ?1 AND deleted_at IS NULL ORDER BY key"
        ))?;
        let rows = stmt.query_map(params![b(tenant.as_uuid())], class_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn ci_class(&self, tenant: TenantId, key: &str) -> StoreResult<Option<CiClassRecord>> {
        self.check(tenant)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CLASS_COLUMNS} FROM cmdb_classes WHERE tenant_id = ?1 AND key = ?2 AND deleted_at IS NULL"
        ))?;
        Ok(stmt.query_row(params![b(tenant.as_uuid()), key], class_at).optional()?)
    }

    pub(in crate::store) fn ci_class_in_use(&self, tenant: TenantId, key: &str) -> StoreResult<bool> {
        self.check(tenant)?;
        let mut stmt =
            self.conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM cmdb_cis WHERE tenant_id = ?1 AND class = ?2)")?;
        Ok(stmt.query_row(params![b(tenant.as_uuid()), key], |r| r.get(0))?)
    }

    pub(in crate::store) fn ci(&self, tenant: TenantId, id: CiId) -> StoreResult<Option<CiRecord>> {
        self.check(tenant)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.id = ?1 AND c.tenant_id = ?2"))?;
        Ok(stmt.query_row(params![b(id.as_uuid()), b(tenant.as_uuid())], ci_at).optional()?)
    }

    pub(in crate::store) fn cis_by_seq(&self, tenant: TenantId, seqs: &[i64]) -> StoreResult<Vec<CiRecord>> {
        self.check(tenant)?;
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.seq IN (SELECT value FROM json_each(?1)) AND c.tenant_id = ?2"
        ))?;
        let rows = stmt.query_map(params![seq_list(seqs), b(tenant.as_uuid())], ci_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn cis_by_external_id(&self, tenant: TenantId, ids: &[String]) -> StoreResult<Vec<CiRecord>> {
        self.check(tenant)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.tenant_id = ?1 AND c.external_id = ?2"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(ci) = stmt.query_row(params![b(tenant.as_uuid()), id], ci_at).optional()? {
                out.push(ci);
            }
        }
        Ok(out)
    }

    fn versions(&self, tenant: TenantId, sql: &str, p: &[&dyn rusqlite::ToSql]) -> StoreResult<Vec<CiVersionRecord>> {
        self.check(tenant)?;
        // The CI row proves the tenant: versions carry no tenant column of their own on SQLite.
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(p, |r| {
            let seq: i64 = r.get(0)?;
            let valid_from = time_at(r, 1)?;
            let actor: String = r.get(2)?;
            let snapshot: Value = json_at(r, 3)?;
            Ok((seq, valid_from, actor, snapshot))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, valid_from, actor, snapshot) = row?;
            out.push(CiVersionRecord { valid_from, actor, ci: CiRecord::from_snapshot(seq, tenant, &snapshot)? });
        }
        Ok(out)
    }

    pub(in crate::store) fn ci_versions(&self, tenant: TenantId, seq: i64) -> StoreResult<Vec<CiVersionRecord>> {
        self.versions(
            tenant,
            "SELECT v.ci_seq, v.valid_from, v.actor, v.snapshot FROM cmdb_ci_versions v
             WHERE v.ci_seq = ?1 AND EXISTS (SELECT 1 FROM cmdb_cis c WHERE c.seq = ?1 AND c.tenant_id = ?2)
             ORDER BY v.version DESC",
            &[&seq, &b(tenant.as_uuid())],
        )
    }

    pub(in crate::store) fn ci_version(
        &self,
        tenant: TenantId,
        seq: i64,
        version: i64,
    ) -> StoreResult<Option<CiVersionRecord>> {
        Ok(self
            .versions(
                tenant,
                "SELECT v.ci_seq, v.valid_from, v.actor, v.snapshot FROM cmdb_ci_versions v
                 WHERE v.ci_seq = ?1 AND v.version = ?3
                   AND EXISTS (SELECT 1 FROM cmdb_cis c WHERE c.seq = ?1 AND c.tenant_id = ?2)",
                &[&seq, &b(tenant.as_uuid()), &version],
            )?
            .pop())
    }

    pub(in crate::store) fn ci_as_of(
        &self,
        tenant: TenantId,
        seq: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<CiVersionRecord>> {
        Ok(self
            .versions(
                tenant,
                "SELECT v.ci_seq, v.valid_from, v.actor, v.snapshot FROM cmdb_ci_versions v
                 WHERE v.ci_seq = ?1 AND v.valid_from <= ?3
                   AND EXISTS (SELECT 1 FROM cmdb_cis c WHERE c.seq = ?1 AND c.tenant_id = ?2)
                 ORDER BY v.version DESC LIMIT 1",
                &[&seq, &b(tenant.as_uuid()), &micros(&at)],
            )?
            .pop())
    }

    pub(in crate::store) fn search_cis(&self, tenant: TenantId, f: &CiFilter) -> StoreResult<Vec<CiRecord>> {
        self.check(tenant)?;
        let mut sql = format!("SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.tenant_id = ?");
        let mut args: Vec<SqlValue> = vec![SqlValue::Blob(tenant.as_uuid().as_bytes().to_vec())];
        if !f.include_deleted {
            sql.push_str(" AND c.deleted_at IS NULL");
        }
        if let Some(after) = f.after_seq {
            sql.push_str(" AND c.seq > ?");
            args.push(SqlValue::Integer(after));
        }
        if let Some(q) = f.text.as_deref().and_then(fts_query) {
            sql.push_str(" AND c.seq IN (SELECT rowid FROM cmdb_ci_fts WHERE cmdb_ci_fts MATCH ?)");
            args.push(SqlValue::Text(q));
        }
        let mut any_of = |sql: &mut String, column: &str, values: &[String]| {
            if values.is_empty() {
                return;
            }
            let _ = write!(sql, " AND {column} IN ({})", vec!["?"; values.len()].join(","));
            args.extend(values.iter().map(|v| SqlValue::Text(v.clone())));
        };
        any_of(&mut sql, "c.class", &f.classes);
        any_of(&mut sql, "c.state", &f.states);
        if let Some(cs) = &f.compartments {
            if cs.is_empty() {
                return Ok(Vec::new());
            }
            let _ = write!(sql, " AND c.compartment_id IN ({})", vec!["?"; cs.len()].join(","));
            args.extend(cs.iter().map(|c| SqlValue::Blob(c.as_uuid().as_bytes().to_vec())));
        }
        if let Some(x) = &f.external_id {
            sql.push_str(" AND c.external_id = ?");
            args.push(SqlValue::Text(x.clone()));
        }
        for (k, v) in &f.tags {
            sql.push_str(" AND json_extract(c.tags, ?) = ?");
            args.push(SqlValue::Text(json_key_path(k)));
            args.push(SqlValue::Text(v.clone()));
        }
        for a in &f.attributes {
            let _ = write!(sql, " AND json_extract(c.attributes, ?) {} ?", a.op.sql());
            args.push(SqlValue::Text(json_key_path(&a.name)));
            args.push(match &a.value {
                Value::Number(n) if n.is_i64() => SqlValue::Integer(n.as_i64().unwrap_or_default()),
                Value::Number(n) => SqlValue::Real(n.as_f64().unwrap_or_default()),
                Value::Bool(x) => SqlValue::Integer(i64::from(*x)),
                Value::String(s) => SqlValue::Text(s.clone()),
                other => SqlValue::Text(other.to_string()),
            });
        }
        sql.push_str(" ORDER BY c.seq LIMIT ?");
        args.push(SqlValue::Integer(i64::from(f.limit)));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), ci_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn cmdb_edges(
        &self,
        tenant: TenantId,
        seqs: &[i64],
        outgoing: bool,
        kinds: &[&str],
    ) -> StoreResult<Vec<RelationshipRecord>> {
        self.check(tenant)?;
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let end = if outgoing { "r.source" } else { "r.target" };
        let mut sql = format!(
            "{REL_SELECT} WHERE {end} IN (SELECT value FROM json_each(?1)) AND r.deleted_at IS NULL AND r.tenant_id = ?2"
        );
        let mut args: Vec<SqlValue> =
            vec![SqlValue::Text(seq_list(seqs)), SqlValue::Blob(tenant.as_uuid().as_bytes().to_vec())];
        if !kinds.is_empty() {
            let _ = write!(sql, " AND r.kind IN ({})", vec!["?"; kinds.len()].join(","));
            args.extend(kinds.iter().map(|k| SqlValue::Text((*k).to_owned())));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), rel_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn relationship(
        &self,
        tenant: TenantId,
        id: RelationshipId,
    ) -> StoreResult<Option<RelationshipRecord>> {
        self.check(tenant)?;
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{REL_SELECT} WHERE r.id = ?1 AND r.tenant_id = ?2 AND r.deleted_at IS NULL"))?;
        Ok(stmt.query_row(params![b(id.as_uuid()), b(tenant.as_uuid())], rel_at).optional()?)
    }

    pub(in crate::store) fn saved_searches(
        &self,
        tenant: TenantId,
        owner: UserId,
    ) -> StoreResult<Vec<SavedSearchRecord>> {
        self.check(tenant)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, tenant_id, owner_id, name, query, created_at FROM cmdb_saved_searches
             WHERE tenant_id = ?1 AND owner_id = ?2 ORDER BY name",
        )?;
        let rows = stmt.query_map(params![b(tenant.as_uuid()), owner.to_string()], |r| {
            let owner: String = r.get(2)?;
            Ok(SavedSearchRecord {
                id: SavedSearchId::from_uuid(uuid_at(r, 0)?),
                tenant_id: TenantId::from_uuid(uuid_at(r, 1)?),
                owner_id: owner.parse().map_err(conversion(2))?,
                name: r.get(3)?,
                query: r.get(4)?,
                created_at: time_at(r, 5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn catalog_docs(&self, tenant: TenantId, kind: &str) -> StoreResult<Vec<CatalogDocRecord>> {
        self.check(tenant)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DOC_COLUMNS} FROM cmdb_catalog WHERE tenant_id = ?1 AND kind = ?2 AND deleted_at IS NULL ORDER BY key"
        ))?;
        let rows = stmt.query_map(params![b(tenant.as_uuid()), kind], doc_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(in crate::store) fn catalog_doc(
        &self,
        tenant: TenantId,
        kind: &str,
        key_or_id: &str,
    ) -> StoreResult<Option<CatalogDocRecord>> {
        self.check(tenant)?;
        let id = Uuid::parse_str(key_or_id).ok();
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOC_COLUMNS} FROM cmdb_catalog
                 WHERE tenant_id = ?1 AND kind = ?2 AND deleted_at IS NULL AND (key = ?3 OR id = ?4)"
            ))?
            .query_row(params![b(tenant.as_uuid()), kind, key_or_id, id.as_ref().map(b)], doc_at)
            .optional()?)
    }

    pub(in crate::store) fn insert_catalog_doc(&self, d: &CatalogDocRecord) -> StoreResult<()> {
        self.check(d.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO cmdb_catalog ({DOC_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            ))?
            .execute(params![
                b(&d.id),
                b(d.tenant_id.as_uuid()),
                d.kind,
                d.key,
                to_json(&d.body)?,
                d.revision,
                micros(&d.created_at),
                micros(&d.updated_at),
                d.deleted_at.as_ref().map(micros),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_catalog_doc(&self, d: &CatalogDocRecord) -> StoreResult<()> {
        self.check(d.tenant_id)?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE cmdb_catalog SET key = ?3, body = ?4, revision = ?5, updated_at = ?6, deleted_at = ?7
                 WHERE id = ?1 AND tenant_id = ?2 AND revision = ?5 - 1",
            )?
            .execute(params![
                b(&d.id),
                b(d.tenant_id.as_uuid()),
                d.key,
                to_json(&d.body)?,
                d.revision,
                micros(&d.updated_at),
                d.deleted_at.as_ref().map(micros),
            ])?;
        if n != 1 {
            return Err(StoreError::Conflict(format!("{} {} changed meanwhile; read it again", d.kind, d.key)));
        }
        Ok(())
    }

    // Writes.

    pub(in crate::store) fn insert_ci_class(&self, c: &CiClassRecord) -> StoreResult<()> {
        self.check(c.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO cmdb_classes ({CLASS_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ))?
            .execute(params![
                b(c.id.as_uuid()),
                b(c.tenant_id.as_uuid()),
                c.key,
                c.name,
                c.description,
                c.semantic_type,
                to_json(&c.schema)?,
                micros(&c.created_at),
                micros(&c.updated_at),
                c.deleted_at.as_ref().map(micros),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_ci_class(&self, c: &CiClassRecord) -> StoreResult<()> {
        self.check(c.tenant_id)?;
        self.conn
            .prepare_cached(
                "UPDATE cmdb_classes SET name = ?3, description = ?4, schema = ?5, updated_at = ?6, deleted_at = ?7
                 WHERE id = ?1 AND tenant_id = ?2",
            )?
            .execute(params![
                b(c.id.as_uuid()),
                b(c.tenant_id.as_uuid()),
                c.name,
                c.description,
                to_json(&c.schema)?,
                micros(&c.updated_at),
                c.deleted_at.as_ref().map(micros),
            ])?;
        Ok(())
    }

    /// Removes the full-text entries of the CIs `seqs`.
    fn unindex(&self, seqs: impl IntoIterator<Item = i64>) -> StoreResult<()> {
        let mut delete = self.conn.prepare_cached("DELETE FROM cmdb_ci_fts WHERE rowid = ?1")?;
        for seq in seqs {
            delete.execute(params![seq])?;
        }
        Ok(())
    }

    /// One CI: the bulk path with one row, so both write the same rows the same way.
    pub(in crate::store) fn insert_ci(&self, ci: &CiRecord, actor: &str) -> StoreResult<i64> {
        let seqs = self.insert_cis(std::slice::from_ref(ci), actor)?;
        seqs.first().copied().ok_or_else(|| StoreError::Other("no seq for the CI just written".into()))
    }

    /// The bulk import path: CIs and their first versions written in multi-row statements of
    /// [`BULK_ROWS`] rows, with JSON encoded once per CI, then their index entries at once.
    pub(in crate::store) fn insert_cis(&self, cis: &[CiRecord], actor: &str) -> StoreResult<Vec<i64>> {
        for ci in cis {
            self.check(ci.tenant_id)?;
        }
        if cis.is_empty() {
            return Ok(Vec::new());
        }
        // The writer holds the write lock for the whole transaction, so the next `seq`s are
        // known up front (no row is ever removed) and versions and index rows can name them
        // without reading each back.
        let first: i64 =
            self.conn.prepare_cached("SELECT coalesce(max(seq), 0) + 1 FROM cmdb_cis")?.query_row([], |r| r.get(0))?;
        let seqs: Vec<i64> = (first..).take(cis.len()).collect();
        for (chunk, seqs) in cis.chunks(BULK_ROWS).zip(seqs.chunks(BULK_ROWS)) {
            let n = chunk.len();
            let mut stmt = self.conn.prepare_cached(&multi_row(
                "INSERT INTO cmdb_cis (seq, id, tenant_id, compartment_id, class, name, state, attributes, tags,
                    external_id, provider, urn, version, created_at, updated_at, deleted_at)",
                16,
                n,
            ))?;
            let mut i = 1;
            for (ci, seq) in chunk.iter().zip(seqs) {
                stmt.raw_bind_parameter(i, seq)?;
                stmt.raw_bind_parameter(i + 1, b(ci.id.as_uuid()))?;
                stmt.raw_bind_parameter(i + 2, b(ci.tenant_id.as_uuid()))?;
                stmt.raw_bind_parameter(i + 3, ci.compartment_id.as_ref().map(|c| b(c.as_uuid())))?;
                stmt.raw_bind_parameter(i + 4, &ci.class)?;
                stmt.raw_bind_parameter(i + 5, &ci.name)?;
                stmt.raw_bind_parameter(i + 6, &ci.state)?;
                stmt.raw_bind_parameter(i + 7, to_json(&ci.attributes)?)?;
                stmt.raw_bind_parameter(i + 8, to_json(&ci.tags)?)?;
                stmt.raw_bind_parameter(i + 9, &ci.external_id)?;
                stmt.raw_bind_parameter(i + 10, &ci.provider)?;
                stmt.raw_bind_parameter(i + 11, &ci.urn)?;
                stmt.raw_bind_parameter(i + 12, ci.version)?;
                stmt.raw_bind_parameter(i + 13, micros(&ci.created_at))?;
                stmt.raw_bind_parameter(i + 14, micros(&ci.updated_at))?;
                stmt.raw_bind_parameter(i + 15, ci.deleted_at.as_ref().map(micros))?;
                i += 16;
            }
            stmt.raw_execute()?;
            drop(stmt);
            self.write_versions(chunk, seqs, actor)?;
        }
        let texts: Vec<(i64, String)> = cis.iter().zip(&seqs).map(|(ci, seq)| (*seq, ci.search_text())).collect();
        self.index_texts(&texts)?;
        Ok(seqs)
    }

    /// Full-text entries of many CIs in one statement.
    ///
    /// FTS5 writes the entries it holds in memory out as a new segment whenever a statement of
    /// the transaction opens a savepoint, which every multi-row statement and every statement
    /// on the index does. Written a chunk at a time, interleaved with the CIs' rows, a batch of
    /// 10,000 made 79 small segments and the merges of them cost a sixth of an import; written
    /// last and at once, it makes one.
    fn index_texts(&self, rows: &[(i64, String)]) -> StoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.conn
            .prepare_cached("INSERT INTO cmdb_ci_fts (rowid, body) SELECT value ->> 0, value ->> 1 FROM json_each(?1)")?
            .execute(params![to_json(&rows)?])?;
        Ok(())
    }

    /// Versions of `cis` (whose `seq`s are `seqs`), in one multi-row statement.
    fn write_versions(&self, cis: &[CiRecord], seqs: &[i64], actor: &str) -> StoreResult<()> {
        let mut stmt = self.conn.prepare_cached(&multi_row(
            "INSERT INTO cmdb_ci_versions (ci_seq, version, valid_from, actor, snapshot)",
            5,
            cis.len(),
        ))?;
        for (k, (ci, seq)) in cis.iter().zip(seqs).enumerate() {
            let i = 5 * k + 1;
            stmt.raw_bind_parameter(i, seq)?;
            stmt.raw_bind_parameter(i + 1, ci.version)?;
            stmt.raw_bind_parameter(i + 2, micros(&ci.updated_at))?;
            stmt.raw_bind_parameter(i + 3, actor)?;
            stmt.raw_bind_parameter(i + 4, ci.snapshot_json())?;
        }
        stmt.raw_execute()?;
        Ok(())
    }

    /// Many CI changes: each row's update is its own statement (the version check is per row),
    /// versions go in multi-row statements.
    pub(in crate::store) fn update_cis(&self, cis: &[CiRecord], actor: &str) -> StoreResult<()> {
        // Rows first: their version checks refuse a stale change before anything else is
        // written. Then old index entries go while FTS5 holds nothing in memory to write out
        // (see `index_texts`), and the new ones last, in one statement.
        for ci in cis {
            self.update_row(ci)?;
        }
        self.unindex(cis.iter().map(|ci| ci.seq))?;
        for chunk in cis.chunks(BULK_ROWS) {
            let seqs: Vec<i64> = chunk.iter().map(|c| c.seq).collect();
            self.write_versions(chunk, &seqs, actor)?;
        }
        let texts: Vec<(i64, String)> = cis.iter().map(|ci| (ci.seq, ci.search_text())).collect();
        self.index_texts(&texts)
    }

    pub(in crate::store) fn update_ci(&self, ci: &CiRecord, actor: &str) -> StoreResult<()> {
        self.update_cis(std::slice::from_ref(ci), actor)
    }

    fn update_row(&self, ci: &CiRecord) -> StoreResult<()> {
        self.check(ci.tenant_id)?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE cmdb_cis SET compartment_id = ?3, class = ?4, name = ?5, state = ?6, attributes = ?7,
                    tags = ?8, external_id = ?9, provider = ?10, urn = ?11, version = ?12, updated_at = ?13,
                    deleted_at = ?14
                 WHERE seq = ?1 AND tenant_id = ?2 AND version = ?12 - 1",
            )?
            .execute(params![
                ci.seq,
                b(ci.tenant_id.as_uuid()),
                ci.compartment_id.as_ref().map(|c| b(c.as_uuid())),
                ci.class,
                ci.name,
                ci.state,
                to_json(&ci.attributes)?,
                to_json(&ci.tags)?,
                ci.external_id,
                ci.provider,
                ci.urn,
                ci.version,
                micros(&ci.updated_at),
                ci.deleted_at.as_ref().map(micros),
            ])?;
        if n != 1 {
            return Err(StoreError::Conflict(format!("CI {} changed meanwhile; read it again", ci.id)));
        }
        Ok(())
    }

    pub(in crate::store) fn insert_relationship(&self, r: &RelationshipRecord) -> StoreResult<()> {
        self.check(r.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO cmdb_relationships (id, tenant_id, kind, source, target, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                b(r.id.as_uuid()),
                b(r.tenant_id.as_uuid()),
                r.kind,
                r.source_seq,
                r.target_seq,
                micros(&r.created_at)
            ])?;
        Ok(())
    }

    pub(in crate::store) fn insert_relationships(&self, rs: &[RelationshipRecord]) -> StoreResult<u64> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO cmdb_relationships (id, tenant_id, kind, source, target, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        )?;
        let mut n = 0;
        for r in rs {
            self.check(r.tenant_id)?;
            n += stmt.execute(params![
                b(r.id.as_uuid()),
                b(r.tenant_id.as_uuid()),
                r.kind,
                r.source_seq,
                r.target_seq,
                micros(&r.created_at)
            ])? as u64;
        }
        Ok(n)
    }

    pub(in crate::store) fn delete_relationship(
        &self,
        tenant: TenantId,
        id: RelationshipId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        self.check(tenant)?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE cmdb_relationships SET deleted_at = ?3 WHERE id = ?1 AND tenant_id = ?2 AND deleted_at IS NULL",
            )?
            .execute(params![b(id.as_uuid()), b(tenant.as_uuid()), micros(&at)])?;
        Ok(n == 1)
    }

    pub(in crate::store) fn delete_relationships_of(
        &self,
        tenant: TenantId,
        seq: i64,
        at: DateTime<Utc>,
    ) -> StoreResult<u64> {
        self.check(tenant)?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE cmdb_relationships SET deleted_at = ?3
                 WHERE tenant_id = ?2 AND (source = ?1 OR target = ?1) AND deleted_at IS NULL",
            )?
            .execute(params![seq, b(tenant.as_uuid()), micros(&at)])?;
        Ok(n as u64)
    }

    pub(in crate::store) fn insert_saved_search(&self, s: &SavedSearchRecord) -> StoreResult<()> {
        self.check(s.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO cmdb_saved_searches (id, tenant_id, owner_id, name, query, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                b(s.id.as_uuid()),
                b(s.tenant_id.as_uuid()),
                s.owner_id.to_string(),
                s.name,
                s.query,
                micros(&s.created_at)
            ])?;
        Ok(())
    }

    pub(in crate::store) fn delete_saved_search(
        &self,
        tenant: TenantId,
        owner: UserId,
        id: SavedSearchId,
    ) -> StoreResult<bool> {
        self.check(tenant)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM cmdb_saved_searches WHERE id = ?1 AND tenant_id = ?2 AND owner_id = ?3")?
            .execute(params![b(id.as_uuid()), b(tenant.as_uuid()), owner.to_string()])?;
        Ok(n == 1)
    }
}
