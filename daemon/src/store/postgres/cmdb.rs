//! PostgreSQL queries of the CMDB (see `store/cmdb.rs` for the contract and
//! `migrations/postgres/0007_cmdb.sql` for the layout). Tenant isolation is row-level security
//! on every CMDB table; queries still carry their tenant predicate so indexes lead with it.
//! Full text is a generated `tsvector` over the same text SQLite indexes, with a GIN index.
//! No rules beyond mapping rows live here.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use nimbus_core::ids::{CiClassId, CiId, CompartmentId, RelationshipId, SavedSearchId, TenantId, UserId};
use serde_json::Value;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, PgConnection, Postgres, Row};
use uuid::Uuid;

use crate::store::StoreResult;
use crate::store::cmdb::{
    CatalogDocRecord, CiClassRecord, CiFilter, CiRecord, CiVersionRecord, RelationshipRecord, SavedSearchRecord,
};

const CI_COLUMNS: &str = "c.seq, c.id, c.tenant_id, c.compartment_id, c.class, c.name, c.state, c.attributes, \
    c.tags, c.external_id, c.provider, c.urn, c.version, c.created_at, c.updated_at, c.deleted_at";
const CLASS_COLUMNS: &str =
    "id, tenant_id, key, name, description, semantic_type, schema, created_at, updated_at, deleted_at";
const REL_SELECT: &str = "SELECT r.id, r.tenant_id, r.kind, r.source, r.target, s.id, t.id, r.created_at \
    FROM cmdb_relationships r JOIN cmdb_cis s ON s.seq = r.source JOIN cmdb_cis t ON t.seq = r.target";

fn ci_at(r: &PgRow) -> StoreResult<CiRecord> {
    Ok(CiRecord {
        seq: r.try_get(0)?,
        id: CiId::from_uuid(r.try_get(1)?),
        tenant_id: TenantId::from_uuid(r.try_get(2)?),
        compartment_id: r.try_get::<Option<Uuid>, _>(3)?.map(CompartmentId::from_uuid),
        class: r.try_get(4)?,
        name: r.try_get(5)?,
        state: r.try_get(6)?,
        attributes: r.try_get::<Json<Value>, _>(7)?.0,
        tags: r.try_get::<Json<_>, _>(8)?.0,
        external_id: r.try_get(9)?,
        provider: r.try_get(10)?,
        urn: r.try_get(11)?,
        version: r.try_get(12)?,
        created_at: r.try_get(13)?,
        updated_at: r.try_get(14)?,
        deleted_at: r.try_get(15)?,
    })
}

fn class_at(r: &PgRow) -> StoreResult<CiClassRecord> {
    Ok(CiClassRecord {
        id: CiClassId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        key: r.try_get(2)?,
        name: r.try_get(3)?,
        description: r.try_get(4)?,
        semantic_type: r.try_get(5)?,
        schema: r.try_get::<Json<Value>, _>(6)?.0,
        created_at: r.try_get(7)?,
        updated_at: r.try_get(8)?,
        deleted_at: r.try_get(9)?,
    })
}

fn rel_at(r: &PgRow) -> StoreResult<RelationshipRecord> {
    Ok(RelationshipRecord {
        id: RelationshipId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        kind: r.try_get(2)?,
        source_seq: r.try_get(3)?,
        target_seq: r.try_get(4)?,
        source_id: CiId::from_uuid(r.try_get(5)?),
        target_id: CiId::from_uuid(r.try_get(6)?),
        created_at: r.try_get(7)?,
    })
}

fn all<T>(rows: Vec<PgRow>, f: impl Fn(&PgRow) -> StoreResult<T>) -> StoreResult<Vec<T>> {
    rows.iter().map(f).collect()
}

/// A `tsquery` in which every word must match: each word's alphanumeric runs become quoted
/// lexemes (so user input cannot inject operators); a trailing `*` makes the last a prefix.
pub(super) fn ts_query(text: &str) -> Option<String> {
    let mut parts = Vec::new();
    for word in text.split_whitespace() {
        let (word, prefix) = match word.strip_suffix('*') {
            Some(w) => (w, true),
            None => (word, false),
        };
        let runs: Vec<String> =
            word.split(|c: char| !c.is_alphanumeric()).filter(|r| !r.is_empty()).map(str::to_lowercase).collect();
        let n = runs.len();
        let lexemes: Vec<String> = runs
            .into_iter()
            .enumerate()
            .map(|(i, run)| if prefix && i + 1 == n { format!("'{run}':*") } else { format!("'{run}'") })
            .collect();
        // The runs of one word are a phrase, as in FTS5's quoted word: `shop-prod` must not
        // match `shop-vm-prod`.
        match lexemes.len() {
            0 => {}
            1 => parts.extend(lexemes),
            _ => parts.push(format!("({})", lexemes.join(" <-> "))),
        }
    }
    (!parts.is_empty()).then(|| parts.join(" & "))
}

pub(super) async fn ci_classes(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<CiClassRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CLASS_COLUMNS} FROM cmdb_classes WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY key"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, class_at)
}

pub(super) async fn ci_class(c: &mut PgConnection, tenant: TenantId, key: &str) -> StoreResult<Option<CiClassRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CLASS_COLUMNS} FROM cmdb_classes WHERE tenant_id = $1 AND key = $2 AND deleted_at IS NULL"
    )))
    .bind(tenant.as_uuid())
    .bind(key)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(class_at).transpose()
}

pub(super) async fn ci_class_in_use(c: &mut PgConnection, tenant: TenantId, key: &str) -> StoreResult<bool> {
    Ok(sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cmdb_cis WHERE tenant_id = $1 AND class = $2)")
        .bind(tenant.as_uuid())
        .bind(key)
        .fetch_one(c)
        .await?)
}

pub(super) async fn ci(c: &mut PgConnection, tenant: TenantId, id: CiId) -> StoreResult<Option<CiRecord>> {
    let row =
        sqlx::query(AssertSqlSafe(format!("SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.id = $1 AND c.tenant_id = $2")))
            .bind(id.as_uuid())
            .bind(tenant.as_uuid())
            .fetch_optional(c)
            .await?;
    row.as_ref().map(ci_at).transpose()
}

pub(super) async fn cis_by_seq(c: &mut PgConnection, tenant: TenantId, seqs: &[i64]) -> StoreResult<Vec<CiRecord>> {
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.seq = ANY($1) AND c.tenant_id = $2"
    )))
    .bind(seqs)
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, ci_at)
}

pub(super) async fn cis_by_external_id(
    c: &mut PgConnection,
    tenant: TenantId,
    ids: &[String],
) -> StoreResult<Vec<CiRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.tenant_id = $1 AND c.external_id = ANY($2)"
    )))
    .bind(tenant.as_uuid())
    .bind(ids)
    .fetch_all(c)
    .await?;
    all(rows, ci_at)
}

async fn versions(
    c: &mut PgConnection,
    tenant: TenantId,
    q: Query<'_, Postgres, PgArguments>,
) -> StoreResult<Vec<CiVersionRecord>> {
    let rows = q.fetch_all(c).await?;
    rows.iter()
        .map(|r| {
            let seq: i64 = r.try_get(0)?;
            let snapshot: Json<Value> = r.try_get(3)?;
            Ok(CiVersionRecord {
                valid_from: r.try_get(1)?,
                actor: r.try_get(2)?,
                ci: CiRecord::from_snapshot(seq, tenant, &snapshot.0)?,
            })
        })
        .collect()
}

pub(super) async fn ci_versions(c: &mut PgConnection, tenant: TenantId, seq: i64) -> StoreResult<Vec<CiVersionRecord>> {
    let q = sqlx::query(
        "SELECT ci_seq, valid_from, actor, snapshot FROM cmdb_ci_versions
         WHERE ci_seq = $1 AND tenant_id = $2 ORDER BY version DESC",
    )
    .bind(seq)
    .bind(tenant.as_uuid());
    versions(c, tenant, q).await
}

pub(super) async fn ci_version(
    c: &mut PgConnection,
    tenant: TenantId,
    seq: i64,
    version: i64,
) -> StoreResult<Option<CiVersionRecord>> {
    let q = sqlx::query(
        "SELECT ci_seq, valid_from, actor, snapshot FROM cmdb_ci_versions
         WHERE ci_seq = $1 AND tenant_id = $2 AND version = $3",
    )
    .bind(seq)
    .bind(tenant.as_uuid())
    .bind(version);
    Ok(versions(c, tenant, q).await?.pop())
}

pub(super) async fn ci_as_of(
    c: &mut PgConnection,
    tenant: TenantId,
    seq: i64,
    at: DateTime<Utc>,
) -> StoreResult<Option<CiVersionRecord>> {
    let q = sqlx::query(
        "SELECT ci_seq, valid_from, actor, snapshot FROM cmdb_ci_versions
         WHERE ci_seq = $1 AND tenant_id = $2 AND valid_from <= $3 ORDER BY version DESC LIMIT 1",
    )
    .bind(seq)
    .bind(tenant.as_uuid())
    .bind(at);
    Ok(versions(c, tenant, q).await?.pop())
}

enum Arg {
    Uuid(Uuid),
    Text(String),
    Int(i64),
    Float(f64),
    Texts(Vec<String>),
    Uuids(Vec<Uuid>),
    Json(Value),
}

pub(super) async fn search_cis(c: &mut PgConnection, tenant: TenantId, f: &CiFilter) -> StoreResult<Vec<CiRecord>> {
    let mut args = vec![Arg::Uuid(*tenant.as_uuid())];
    let mut sql = format!("SELECT {CI_COLUMNS} FROM cmdb_cis c WHERE c.tenant_id = $1");
    let next = |args: &mut Vec<Arg>, a: Arg| {
        args.push(a);
        args.len()
    };
    if !f.include_deleted {
        sql.push_str(" AND c.deleted_at IS NULL");
    }
    if let Some(after) = f.after_seq {
        let n = next(&mut args, Arg::Int(after));
        let _ = write!(sql, " AND c.seq > ${n}");
    }
    if let Some(q) = f.text.as_deref().and_then(ts_query) {
        let n = next(&mut args, Arg::Text(q));
        let _ = write!(sql, " AND c.tsv @@ to_tsquery('simple', ${n})");
    }
    if !f.classes.is_empty() {
        let n = next(&mut args, Arg::Texts(f.classes.clone()));
        let _ = write!(sql, " AND c.class = ANY(${n})");
    }
    if !f.states.is_empty() {
        let n = next(&mut args, Arg::Texts(f.states.clone()));
        let _ = write!(sql, " AND c.state = ANY(${n})");
    }
    if let Some(cs) = &f.compartments {
        let n = next(&mut args, Arg::Uuids(cs.iter().map(|c| *c.as_uuid()).collect()));
        let _ = write!(sql, " AND c.compartment_id = ANY(${n})");
    }
    if let Some(x) = &f.external_id {
        let n = next(&mut args, Arg::Text(x.clone()));
        let _ = write!(sql, " AND c.external_id = ${n}");
    }
    if !f.tags.is_empty() {
        let obj: serde_json::Map<String, Value> =
            f.tags.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        let n = next(&mut args, Arg::Json(Value::Object(obj)));
        let _ = write!(sql, " AND c.tags @> ${n}");
    }
    for a in &f.attributes {
        let k = next(&mut args, Arg::Text(a.name.clone()));
        match &a.value {
            Value::Number(num) => {
                let v = next(&mut args, Arg::Float(num.as_f64().unwrap_or_default()));
                let _ = write!(
                    sql,
                    " AND (CASE WHEN jsonb_typeof(c.attributes -> ${k}) = 'number' \
                     THEN (c.attributes ->> ${k})::float8 END) {} ${v}",
                    a.op.sql()
                );
            }
            other => {
                let text = match other {
                    Value::String(s) => s.clone(),
                    o => o.to_string(),
                };
                let v = next(&mut args, Arg::Text(text));
                let _ = write!(sql, " AND (c.attributes ->> ${k}) {} ${v}", a.op.sql());
            }
        }
    }
    let n = next(&mut args, Arg::Int(i64::from(f.limit)));
    let _ = write!(sql, " ORDER BY c.seq LIMIT ${n}");
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for a in args {
        q = match a {
            Arg::Uuid(u) => q.bind(u),
            Arg::Text(s) => q.bind(s),
            Arg::Int(i) => q.bind(i),
            Arg::Float(x) => q.bind(x),
            Arg::Texts(v) => q.bind(v),
            Arg::Uuids(v) => q.bind(v),
            Arg::Json(v) => q.bind(Json(v)),
        };
    }
    let rows = q.fetch_all(c).await?;
    all(rows, ci_at)
}

pub(super) async fn cmdb_edges(
    c: &mut PgConnection,
    tenant: TenantId,
    seqs: &[i64],
    outgoing: bool,
    kinds: &[&str],
) -> StoreResult<Vec<RelationshipRecord>> {
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let end = if outgoing { "r.source" } else { "r.target" };
    let kinds: Vec<String> = kinds.iter().map(|k| (*k).to_owned()).collect();
    let rows = sqlx::query(AssertSqlSafe(format!(
        "{REL_SELECT} WHERE {end} = ANY($1) AND r.deleted_at IS NULL AND r.tenant_id = $2
           AND (cardinality($3::text[]) = 0 OR r.kind = ANY($3))"
    )))
    .bind(seqs)
    .bind(tenant.as_uuid())
    .bind(kinds)
    .fetch_all(c)
    .await?;
    all(rows, rel_at)
}

pub(super) async fn relationship(
    c: &mut PgConnection,
    tenant: TenantId,
    id: RelationshipId,
) -> StoreResult<Option<RelationshipRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "{REL_SELECT} WHERE r.id = $1 AND r.tenant_id = $2 AND r.deleted_at IS NULL"
    )))
    .bind(id.as_uuid())
    .bind(tenant.as_uuid())
    .fetch_optional(c)
    .await?;
    row.as_ref().map(rel_at).transpose()
}

pub(super) async fn saved_searches(
    c: &mut PgConnection,
    tenant: TenantId,
    owner: UserId,
) -> StoreResult<Vec<SavedSearchRecord>> {
    let rows = sqlx::query(
        "SELECT id, tenant_id, owner_id, name, query #>> '{}', created_at FROM cmdb_saved_searches
         WHERE tenant_id = $1 AND owner_id = $2 ORDER BY name",
    )
    .bind(tenant.as_uuid())
    .bind(owner.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, |r| {
        Ok(SavedSearchRecord {
            id: SavedSearchId::from_uuid(r.try_get(0)?),
            tenant_id: TenantId::from_uuid(r.try_get(1)?),
            owner_id: UserId::from_uuid(r.try_get(2)?),
            name: r.try_get(3)?,
            query: r.try_get(4)?,
            created_at: r.try_get(5)?,
        })
    })
}

// Writes.

pub(super) async fn insert_ci_class(c: &mut PgConnection, r: &CiClassRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO cmdb_classes ({CLASS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )))
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.as_uuid())
    .bind(&r.key)
    .bind(&r.name)
    .bind(&r.description)
    .bind(&r.semantic_type)
    .bind(Json(&r.schema))
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_ci_class(c: &mut PgConnection, r: &CiClassRecord) -> StoreResult<()> {
    sqlx::query(
        "UPDATE cmdb_classes SET name = $3, description = $4, schema = $5, updated_at = $6, deleted_at = $7
         WHERE id = $1 AND tenant_id = $2",
    )
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.as_uuid())
    .bind(&r.name)
    .bind(&r.description)
    .bind(Json(&r.schema))
    .bind(r.updated_at)
    .bind(r.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

async fn write_version(c: &mut PgConnection, seq: i64, ci: &CiRecord, actor: &str) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO cmdb_ci_versions (ci_seq, version, tenant_id, valid_from, actor, snapshot)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(seq)
    .bind(ci.version)
    .bind(ci.tenant_id.as_uuid())
    .bind(ci.updated_at)
    .bind(actor)
    .bind(Json(ci.snapshot()))
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn insert_ci(c: &mut PgConnection, ci: &CiRecord, actor: &str) -> StoreResult<i64> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO cmdb_cis (id, tenant_id, compartment_id, class, name, state, attributes, tags, external_id,
            provider, urn, version, search_text, created_at, updated_at, deleted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING seq",
    )
    .bind(ci.id.as_uuid())
    .bind(ci.tenant_id.as_uuid())
    .bind(ci.compartment_id.map(|c| *c.as_uuid()))
    .bind(&ci.class)
    .bind(&ci.name)
    .bind(&ci.state)
    .bind(Json(&ci.attributes))
    .bind(Json(&ci.tags))
    .bind(&ci.external_id)
    .bind(&ci.provider)
    .bind(&ci.urn)
    .bind(ci.version)
    .bind(ci.search_text())
    .bind(ci.created_at)
    .bind(ci.updated_at)
    .bind(ci.deleted_at)
    .fetch_one(&mut *c)
    .await?;
    write_version(c, seq, ci, actor).await?;
    Ok(seq)
}

/// The bulk import path: every CI, then every version, in one statement each (arrays
/// unnested server-side), JSON encoded once per CI.
pub(super) async fn insert_cis(c: &mut PgConnection, cis: &[CiRecord], actor: &str) -> StoreResult<Vec<i64>> {
    if cis.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = cis.iter().map(|x| *x.id.as_uuid()).collect();
    let tenants: Vec<Uuid> = cis.iter().map(|x| *x.tenant_id.as_uuid()).collect();
    let compartments: Vec<Option<Uuid>> = cis.iter().map(|x| x.compartment_id.map(|c| *c.as_uuid())).collect();
    let classes: Vec<&str> = cis.iter().map(|x| x.class.as_str()).collect();
    let names: Vec<&str> = cis.iter().map(|x| x.name.as_str()).collect();
    let states: Vec<&str> = cis.iter().map(|x| x.state.as_str()).collect();
    let attributes: Vec<String> = cis.iter().map(|x| x.attributes.to_string()).collect();
    let tags: Vec<String> =
        cis.iter().map(|x| serde_json::to_string(&x.tags).unwrap_or_else(|_| "{}".into())).collect();
    let external: Vec<Option<&str>> = cis.iter().map(|x| x.external_id.as_deref()).collect();
    let providers: Vec<Option<&str>> = cis.iter().map(|x| x.provider.as_deref()).collect();
    let urns: Vec<Option<&str>> = cis.iter().map(|x| x.urn.as_deref()).collect();
    let versions: Vec<i64> = cis.iter().map(|x| x.version).collect();
    let texts: Vec<String> = cis.iter().map(CiRecord::search_text).collect();
    let created: Vec<DateTime<Utc>> = cis.iter().map(|x| x.created_at).collect();
    let updated: Vec<DateTime<Utc>> = cis.iter().map(|x| x.updated_at).collect();
    let deleted: Vec<Option<DateTime<Utc>>> = cis.iter().map(|x| x.deleted_at).collect();
    let rows: Vec<(Uuid, i64)> = sqlx::query_as(
        "INSERT INTO cmdb_cis (id, tenant_id, compartment_id, class, name, state, attributes, tags, external_id,
            provider, urn, version, search_text, created_at, updated_at, deleted_at)
         SELECT i, t, cp, cl, n, st, a::jsonb, tg::jsonb, x, p, u, v, txt, ca, ua, da
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                     $9::text[], $10::text[], $11::text[], $12::int8[], $13::text[], $14::timestamptz[],
                     $15::timestamptz[], $16::timestamptz[])
              AS r(i, t, cp, cl, n, st, a, tg, x, p, u, v, txt, ca, ua, da)
         RETURNING id, seq",
    )
    .bind(&ids)
    .bind(&tenants)
    .bind(&compartments)
    .bind(&classes)
    .bind(&names)
    .bind(&states)
    .bind(&attributes)
    .bind(&tags)
    .bind(&external)
    .bind(&providers)
    .bind(&urns)
    .bind(&versions)
    .bind(&texts)
    .bind(&created)
    .bind(&updated)
    .bind(&deleted)
    .fetch_all(&mut *c)
    .await?;
    // RETURNING does not promise the input order; match by id.
    let by_id: std::collections::HashMap<Uuid, i64> = rows.into_iter().collect();
    let seqs: Vec<i64> = ids
        .iter()
        .map(|id| by_id.get(id).copied().ok_or_else(|| crate::store::StoreError::Other(format!("CI {id} not stored"))))
        .collect::<StoreResult<_>>()?;
    write_versions(c, cis, &seqs, actor).await?;
    Ok(seqs)
}

async fn write_versions(c: &mut PgConnection, cis: &[CiRecord], seqs: &[i64], actor: &str) -> StoreResult<()> {
    let versions: Vec<i64> = cis.iter().map(|x| x.version).collect();
    let tenants: Vec<Uuid> = cis.iter().map(|x| *x.tenant_id.as_uuid()).collect();
    let times: Vec<DateTime<Utc>> = cis.iter().map(|x| x.updated_at).collect();
    let snapshots: Vec<String> = cis.iter().map(CiRecord::snapshot_json).collect();
    sqlx::query(
        "INSERT INTO cmdb_ci_versions (ci_seq, version, tenant_id, valid_from, actor, snapshot)
         SELECT s, v, t, f, $5, j::jsonb
         FROM unnest($1::int8[], $2::int8[], $3::uuid[], $4::timestamptz[], $6::text[]) AS r(s, v, t, f, j)",
    )
    .bind(seqs)
    .bind(&versions)
    .bind(&tenants)
    .bind(&times)
    .bind(actor)
    .bind(&snapshots)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_ci(c: &mut PgConnection, ci: &CiRecord, actor: &str) -> StoreResult<()> {
    let n = sqlx::query(
        "UPDATE cmdb_cis SET compartment_id = $3, class = $4, name = $5, state = $6, attributes = $7, tags = $8,
            external_id = $9, provider = $10, urn = $11, version = $12, search_text = $13, updated_at = $14,
            deleted_at = $15
         WHERE seq = $1 AND tenant_id = $2 AND version = $12 - 1",
    )
    .bind(ci.seq)
    .bind(ci.tenant_id.as_uuid())
    .bind(ci.compartment_id.map(|c| *c.as_uuid()))
    .bind(&ci.class)
    .bind(&ci.name)
    .bind(&ci.state)
    .bind(Json(&ci.attributes))
    .bind(Json(&ci.tags))
    .bind(&ci.external_id)
    .bind(&ci.provider)
    .bind(&ci.urn)
    .bind(ci.version)
    .bind(ci.search_text())
    .bind(ci.updated_at)
    .bind(ci.deleted_at)
    .execute(&mut *c)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(crate::store::StoreError::Conflict(format!("CI {} changed meanwhile; read it again", ci.id)));
    }
    write_version(c, ci.seq, ci, actor).await
}

pub(super) async fn insert_relationship(c: &mut PgConnection, r: &RelationshipRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO cmdb_relationships (id, tenant_id, kind, source, target, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.as_uuid())
    .bind(&r.kind)
    .bind(r.source_seq)
    .bind(r.target_seq)
    .bind(r.created_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn insert_relationships(c: &mut PgConnection, rs: &[RelationshipRecord]) -> StoreResult<u64> {
    if rs.is_empty() {
        return Ok(0);
    }
    // One statement per batch: arrays unnested server-side.
    let ids: Vec<Uuid> = rs.iter().map(|r| *r.id.as_uuid()).collect();
    let tenants: Vec<Uuid> = rs.iter().map(|r| *r.tenant_id.as_uuid()).collect();
    let kinds: Vec<String> = rs.iter().map(|r| r.kind.clone()).collect();
    let sources: Vec<i64> = rs.iter().map(|r| r.source_seq).collect();
    let targets: Vec<i64> = rs.iter().map(|r| r.target_seq).collect();
    let times: Vec<DateTime<Utc>> = rs.iter().map(|r| r.created_at).collect();
    Ok(sqlx::query(
        "INSERT INTO cmdb_relationships (id, tenant_id, kind, source, target, created_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int8[], $5::int8[], $6::timestamptz[])
         ON CONFLICT DO NOTHING",
    )
    .bind(ids)
    .bind(tenants)
    .bind(kinds)
    .bind(sources)
    .bind(targets)
    .bind(times)
    .execute(c)
    .await?
    .rows_affected())
}

pub(super) async fn delete_relationship(
    c: &mut PgConnection,
    tenant: TenantId,
    id: RelationshipId,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let n = sqlx::query(
        "UPDATE cmdb_relationships SET deleted_at = $3 WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL",
    )
    .bind(id.as_uuid())
    .bind(tenant.as_uuid())
    .bind(at)
    .execute(c)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub(super) async fn delete_relationships_of(
    c: &mut PgConnection,
    tenant: TenantId,
    seq: i64,
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "UPDATE cmdb_relationships SET deleted_at = $3
         WHERE tenant_id = $2 AND (source = $1 OR target = $1) AND deleted_at IS NULL",
    )
    .bind(seq)
    .bind(tenant.as_uuid())
    .bind(at)
    .execute(c)
    .await?
    .rows_affected())
}

pub(super) async fn insert_saved_search(c: &mut PgConnection, s: &SavedSearchRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO cmdb_saved_searches (id, tenant_id, owner_id, name, query, created_at)
         VALUES ($1, $2, $3, $4, to_jsonb($5::text), $6)",
    )
    .bind(s.id.as_uuid())
    .bind(s.tenant_id.as_uuid())
    .bind(s.owner_id.as_uuid())
    .bind(&s.name)
    .bind(&s.query)
    .bind(s.created_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_saved_search(
    c: &mut PgConnection,
    tenant: TenantId,
    owner: UserId,
    id: SavedSearchId,
) -> StoreResult<bool> {
    let n = sqlx::query("DELETE FROM cmdb_saved_searches WHERE id = $1 AND tenant_id = $2 AND owner_id = $3")
        .bind(id.as_uuid())
        .bind(tenant.as_uuid())
        .bind(owner.as_uuid())
        .execute(c)
        .await?
        .rows_affected();
    Ok(n == 1)
}

// Catalog documents.

const DOC_COLUMNS: &str = "id, tenant_id, kind, key, body, revision, created_at, updated_at, deleted_at";

fn doc_at(r: &PgRow) -> StoreResult<CatalogDocRecord> {
    Ok(CatalogDocRecord {
        id: r.try_get(0)?,
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        kind: r.try_get(2)?,
        key: r.try_get(3)?,
        body: r.try_get::<Json<Value>, _>(4)?.0,
        revision: r.try_get(5)?,
        created_at: r.try_get(6)?,
        updated_at: r.try_get(7)?,
        deleted_at: r.try_get(8)?,
    })
}

pub(super) async fn catalog_docs(
    c: &mut PgConnection,
    tenant: TenantId,
    kind: &str,
) -> StoreResult<Vec<CatalogDocRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {DOC_COLUMNS} FROM cmdb_catalog WHERE tenant_id = $1 AND kind = $2 AND deleted_at IS NULL ORDER BY key"
    )))
    .bind(tenant.as_uuid())
    .bind(kind)
    .fetch_all(c)
    .await?;
    all(rows, doc_at)
}

pub(super) async fn catalog_doc(
    c: &mut PgConnection,
    tenant: TenantId,
    kind: &str,
    key_or_id: &str,
) -> StoreResult<Option<CatalogDocRecord>> {
    let id = Uuid::parse_str(key_or_id).ok();
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {DOC_COLUMNS} FROM cmdb_catalog
         WHERE tenant_id = $1 AND kind = $2 AND deleted_at IS NULL AND (key = $3 OR id = $4)"
    )))
    .bind(tenant.as_uuid())
    .bind(kind)
    .bind(key_or_id)
    .bind(id)
    .fetch_optional(c)
    .await?;
    row.as_ref().map(doc_at).transpose()
}

pub(super) async fn insert_catalog_doc(c: &mut PgConnection, d: &CatalogDocRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO cmdb_catalog ({DOC_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    )))
    .bind(d.id)
    .bind(d.tenant_id.as_uuid())
    .bind(&d.kind)
    .bind(&d.key)
    .bind(Json(&d.body))
    .bind(d.revision)
    .bind(d.created_at)
    .bind(d.updated_at)
    .bind(d.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_catalog_doc(c: &mut PgConnection, d: &CatalogDocRecord) -> StoreResult<()> {
    let n = sqlx::query(
        "UPDATE cmdb_catalog SET key = $3, body = $4, revision = $5, updated_at = $6, deleted_at = $7
         WHERE id = $1 AND tenant_id = $2 AND revision = $5 - 1",
    )
    .bind(d.id)
    .bind(d.tenant_id.as_uuid())
    .bind(&d.key)
    .bind(Json(&d.body))
    .bind(d.revision)
    .bind(d.updated_at)
    .bind(d.deleted_at)
    .execute(c)
    .await?
    .rows_affected();
    if n != 1 {
        return Err(crate::store::StoreError::Conflict(format!(
            "{} {} changed meanwhile; read it again",
            d.kind, d.key
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::ts_query;

    #[test]
    fn words_are_lexemes_and_a_word_s_runs_a_phrase() {
        assert_eq!(ts_query("web"), Some("'web'".into()));
        assert_eq!(ts_query("Web DB*"), Some("'web' & 'db':*".into()));
        assert_eq!(ts_query("shop-prod"), Some("('shop' <-> 'prod')".into()));
        assert_eq!(ts_query("shop-pr*"), Some("('shop' <-> 'pr':*)".into()));
        assert_eq!(ts_query("a'b | !c"), Some("('a' <-> 'b') & 'c'".into()));
        assert_eq!(ts_query(" -- * "), None);
    }
}
