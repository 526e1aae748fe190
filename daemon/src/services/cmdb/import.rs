//! Bulk import and export of CIs: CSV and JSON Lines, streamed, idempotent by external id.
//!
//! The body is parsed as it arrives and applied in batches of [`BATCH`] records, each batch one
//! operation (one transaction, one audit record, one event), so memory stays flat and a
//! million CIs never sit in one transaction. Re-running an import is safe: a CI whose
//! external id exists is updated only if something differs (a new version), otherwise left
//! alone; relationships that exist are skipped. A bad record fails its batch with the line
//! number and field; earlier batches stay committed, and running the fixed file again
//! completes the import.
//!
//! JSON Lines records are CIs (`external_id`, `class`, `name`, optional `state`,
//! `compartment_id`, `provider`, `urn`, `tags`, `attributes`) or relationships (`kind`,
//! `source`, `target`: external ids). CSV has a header naming those CI columns; `tags` and
//! `attributes` hold JSON.

use std::collections::{BTreeMap, HashMap, HashSet};

use bytes::Bytes;
use chrono::SubsecRound;
use futures::{Stream, StreamExt};
use nimbus_core::api::cmdb::ImportResult;
use nimbus_core::audit::Category;
use nimbus_core::cmdb::{LifecycleState, SearchQuery};
use nimbus_core::ids::{CiId, CompartmentId, RelationshipId, TenantId};
use nimbus_core::semantic::relationship_kind;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{ClassDef, check_tags, ci_dto, resolve_class};
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::services::tenancy::check_name;
use crate::store::WriteTx;
use crate::store::cmdb::{CiFilter, CiRecord, RelationshipRecord};

/// Records per transaction.
pub(crate) const BATCH: usize = 10_000;
/// Longest record accepted (a line, or a CSV record with quoted newlines).
const MAX_RECORD: usize = 1 << 20;

/// Wire format of an import or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// JSON Lines (one object per line).
    Json,
    /// CSV with a header row.
    Csv,
}

impl ImportFormat {
    /// Parses `json`, `ndjson`, `jsonl` or `csv`.
    pub fn parse(s: &str) -> ServiceResult<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" | "ndjson" | "jsonl" | "" => Ok(Self::Json),
            "csv" => Ok(Self::Csv),
            other => Err(ServiceError::Invalid { message: format!("format: {other:?}; use json or csv") }),
        }
    }
}

/// One imported CI.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportCi {
    external_id: String,
    class: String,
    name: String,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    compartment_id: Option<CompartmentId>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(default)]
    urn: Option<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
    #[serde(default)]
    attributes: Option<Value>,
}

/// One imported relationship, by external ids.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportRel {
    kind: String,
    source: String,
    target: String,
}

fn invalid(line: u64, msg: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid { message: format!("line {line}: {msg}") }
}

/// The next version of `old` with the imported values of `new`, or `None` when nothing differs
/// (so a repeated import writes nothing).
fn merged(old: &CiRecord, new: &CiRecord) -> Option<CiRecord> {
    let same = old.name == new.name
        && old.state == new.state
        && old.attributes == new.attributes
        && old.tags == new.tags
        && old.compartment_id == new.compartment_id
        && old.provider == new.provider
        && old.urn == new.urn
        && old.deleted_at.is_none();
    if same {
        return None;
    }
    Some(CiRecord {
        name: new.name.clone(),
        state: new.state.clone(),
        attributes: new.attributes.clone(),
        tags: new.tags.clone(),
        compartment_id: new.compartment_id,
        provider: new.provider.clone(),
        urn: new.urn.clone(),
        version: old.version + 1,
        updated_at: new.updated_at,
        deleted_at: None,
        ..old.clone()
    })
}

/// Splits a byte stream into records: lines, or for CSV, lines joined while a quoted field is
/// open. Consumed bytes are dropped a chunk at a time (`compact`), not per record: draining
/// the front of the buffer for each record moved the rest of the buffer every time.
struct Records {
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    start: usize,
    csv: bool,
    line: u64,
}

impl Records {
    fn new(csv: bool) -> Self {
        Self { buf: Vec::new(), start: 0, csv, line: 0 }
    }

    /// Appends a chunk of the body, dropping what was read before.
    fn push(&mut self, chunk: &[u8]) {
        self.buf.drain(..self.start);
        self.start = 0;
        self.buf.extend_from_slice(chunk);
    }

    /// The next complete record in the buffer, with the line it starts on.
    fn next(&mut self, eof: bool) -> ServiceResult<Option<(u64, String)>> {
        loop {
            let rest = &self.buf[self.start..];
            let end = if self.csv {
                let mut quotes = 0usize;
                rest.iter().enumerate().find_map(|(i, b)| match b {
                    b'"' => {
                        quotes += 1;
                        None
                    }
                    b'\n' if quotes.is_multiple_of(2) => Some(i),
                    _ => None,
                })
            } else {
                rest.iter().position(|b| *b == b'\n')
            };
            let (len, consumed) = match end {
                Some(i) => (i, i + 1),
                None if eof && !rest.is_empty() => (rest.len(), rest.len()),
                None => {
                    if rest.len() > MAX_RECORD {
                        return Err(invalid(self.line + 1, format!("a record is longer than {MAX_RECORD} bytes")));
                    }
                    return Ok(None);
                }
            };
            let record = &rest[..len];
            let start = self.line + 1;
            self.line += 1 + record.iter().filter(|b| **b == b'\n').count() as u64;
            let text = std::str::from_utf8(record).map_err(|_| invalid(start, "not UTF-8"))?;
            let text = text.trim_end_matches('\r');
            let out = (!text.trim().is_empty()).then(|| (start, text.to_owned()));
            self.start += consumed;
            if let Some(out) = out {
                return Ok(Some(out));
            }
        }
    }
}

enum Parsed {
    Ci(u64, ImportCi),
    Rel(u64, ImportRel),
}

/// Any JSON Lines record: a CI or a relationship, told apart by their fields. Parsed once,
/// straight into this (not into a `Value` first and then again into the record).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnyRecord {
    external_id: Option<String>,
    class: Option<String>,
    name: Option<String>,
    state: Option<String>,
    compartment_id: Option<CompartmentId>,
    provider: Option<String>,
    urn: Option<String>,
    #[serde(default)]
    tags: BTreeMap<String, String>,
    attributes: Option<Value>,
    kind: Option<String>,
    source: Option<String>,
    target: Option<String>,
}

fn parse_json(line: u64, text: &str) -> ServiceResult<Parsed> {
    let r: AnyRecord =
        serde_json::from_str(text).map_err(|e| invalid(line, format!("not a CI or relationship: {e}")))?;
    let missing = |what: &str, field: &str| invalid(line, format!("{field}: a {what} record needs it"));
    if r.source.is_some() || r.target.is_some() {
        if r.external_id.is_some() || r.class.is_some() || r.name.is_some() || r.attributes.is_some() {
            return Err(invalid(line, "a relationship has only kind, source and target"));
        }
        return Ok(Parsed::Rel(
            line,
            ImportRel {
                kind: r.kind.ok_or_else(|| missing("relationship", "kind"))?,
                source: r.source.ok_or_else(|| missing("relationship", "source"))?,
                target: r.target.ok_or_else(|| missing("relationship", "target"))?,
            },
        ));
    }
    if r.kind.is_some() {
        return Err(invalid(line, "kind: a relationship record needs source and target too"));
    }
    Ok(Parsed::Ci(
        line,
        ImportCi {
            external_id: r.external_id.ok_or_else(|| missing("CI", "external_id"))?,
            class: r.class.ok_or_else(|| missing("CI", "class"))?,
            name: r.name.ok_or_else(|| missing("CI", "name"))?,
            state: r.state,
            compartment_id: r.compartment_id,
            provider: r.provider,
            urn: r.urn,
            tags: r.tags,
            attributes: r.attributes,
        },
    ))
}

fn parse_csv(line: u64, text: &str, header: &[String]) -> ServiceResult<Parsed> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let record = reader
        .records()
        .next()
        .transpose()
        .map_err(|e| invalid(line, format!("not CSV: {e}")))?
        .ok_or_else(|| invalid(line, "empty record"))?;
    let mut obj = serde_json::Map::new();
    for (i, field) in record.iter().enumerate() {
        let Some(col) = header.get(i) else {
            return Err(invalid(line, format!("more fields than the header's {} columns", header.len())));
        };
        if field.is_empty() {
            continue;
        }
        let value = match col.as_str() {
            "tags" | "attributes" => {
                serde_json::from_str(field).map_err(|e| invalid(line, format!("{col}: not JSON: {e}")))?
            }
            _ => Value::String(field.to_owned()),
        };
        obj.insert(col.clone(), value);
    }
    serde_json::from_value(Value::Object(obj)).map(|c| Parsed::Ci(line, c)).map_err(|e| invalid(line, e))
}

impl Services {
    /// Imports CIs and relationships from a stream (see the module documentation).
    pub async fn import_cis<S, E>(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        format: ImportFormat,
        mut body: S,
    ) -> ServiceResult<ImportResult>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        // Refuse before reading the body: a caller who may not import learns nothing from
        // how their records would have parsed. Each batch is checked again as it commits.
        self.check(p, rc, "cmdb:ci:import", Target { tenant, compartment: None }).await?;
        let mut records = Records::new(format == ImportFormat::Csv);
        let mut header: Option<Vec<String>> = None;
        let mut cis = Vec::new();
        let mut rels = Vec::new();
        let mut total = ImportResult::default();
        let mut eof = false;
        while !eof {
            match body.next().await {
                Some(Ok(chunk)) => records.push(&chunk),
                Some(Err(e)) => return Err(ServiceError::Invalid { message: format!("body: reading it failed: {e}") }),
                None => eof = true,
            }
            while let Some((line, text)) = records.next(eof)? {
                let parsed = match format {
                    ImportFormat::Json => parse_json(line, &text)?,
                    ImportFormat::Csv => match &header {
                        None => {
                            let cols: Vec<String> = text.split(',').map(|c| c.trim().to_ascii_lowercase()).collect();
                            if !cols.iter().any(|c| c == "external_id") {
                                return Err(invalid(line, "the CSV header must name an external_id column"));
                            }
                            header = Some(cols);
                            continue;
                        }
                        Some(h) => parse_csv(line, &text, h)?,
                    },
                };
                match parsed {
                    Parsed::Ci(l, c) => cis.push((l, c)),
                    Parsed::Rel(l, r) => rels.push((l, r)),
                }
                if cis.len() + rels.len() >= BATCH {
                    self.import_batch(p, rc, tenant, std::mem::take(&mut cis), std::mem::take(&mut rels), &mut total)
                        .await?;
                }
            }
        }
        if !cis.is_empty() || !rels.is_empty() {
            self.import_batch(p, rc, tenant, cis, rels, &mut total).await?;
        }
        if total.created + total.relationships >= BATCH as u64 {
            // A large import can change the tables' sizes by orders of magnitude; the planner's
            // statistics should follow now, not at the next periodic refresh (SQLite; a no-op
            // on PostgreSQL, whose autovacuum analyzes).
            let store = self.store.clone();
            tokio::spawn(async move {
                if let Err(e) = store.optimize().await {
                    tracing::warn!(error = %e, "refreshing the planner's statistics after an import failed");
                }
            });
        }
        Ok(total)
    }

    async fn import_batch(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: TenantId,
        cis: Vec<(u64, ImportCi)>,
        rels: Vec<(u64, ImportRel)>,
        total: &mut ImportResult,
    ) -> ServiceResult<()> {
        let done = self.pipeline.run(&Caller::User(p.clone()), rc, ImportOp { tenant, cis, rels }).await?;
        total.created += done.created;
        total.updated += done.updated;
        total.unchanged += done.unchanged;
        total.relationships += done.relationships;
        Ok(())
    }

    /// One page of an export: CIs matching `q` after `cursor`, rendered; the next cursor when
    /// there is more. The HTTP layer streams pages until the cursor runs out.
    pub async fn export_page(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        q: &str,
        format: ImportFormat,
        cursor: Option<i64>,
    ) -> ServiceResult<(Bytes, Option<i64>)> {
        let parsed = SearchQuery::parse(q).map_err(|e| ServiceError::Invalid { message: e.to_string() })?;
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        if !parsed.compartments.is_empty() {
            return Err(ServiceError::Invalid { message: "q: export does not take compartment: filters yet".into() });
        }
        let page = 5_000u32;
        let filter = CiFilter {
            text: parsed.text(),
            classes: parsed.classes.clone(),
            states: parsed.states.clone(),
            tags: parsed.tags.clone(),
            external_id: parsed.external_id.clone(),
            include_deleted: parsed.include_deleted,
            after_seq: cursor,
            limit: page,
            ..CiFilter::default()
        };
        let cis = read.search_cis(tenant, &filter).await?;
        let next = (cis.len() == page as usize).then(|| cis.last().map(|c| c.seq)).flatten();
        let mut out = Vec::with_capacity(cis.len() * 256);
        if format == ImportFormat::Csv && cursor.is_none() {
            out.extend_from_slice(b"external_id,class,name,state,compartment_id,provider,urn,tags,attributes\n");
        }
        for c in &cis {
            match format {
                ImportFormat::Json => {
                    let dto = ci_dto(c);
                    serde_json::to_writer(&mut out, &dto).map_err(|e| ServiceError::Internal(e.into()))?;
                    out.push(b'\n');
                }
                ImportFormat::Csv => {
                    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
                    let fields = [
                        c.external_id.clone().unwrap_or_default(),
                        c.class.clone(),
                        c.name.clone(),
                        c.state.clone(),
                        c.compartment_id.map(|x| x.to_string()).unwrap_or_default(),
                        c.provider.clone().unwrap_or_default(),
                        c.urn.clone().unwrap_or_default(),
                        serde_json::to_string(&c.tags).unwrap_or_default(),
                        c.attributes.to_string(),
                    ];
                    w.write_record(&fields).map_err(|e| ServiceError::Internal(e.into()))?;
                    out.extend(w.into_inner().map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?);
                }
            }
        }
        Ok((Bytes::from(out), next))
    }
}

/// What one batch did.
#[derive(Debug, Default)]
struct BatchResult {
    created: u64,
    updated: u64,
    unchanged: u64,
    relationships: u64,
}

struct ImportOp {
    tenant: TenantId,
    cis: Vec<(u64, ImportCi)>,
    rels: Vec<(u64, ImportRel)>,
}

/// A class with its schema compiled, cached per batch.
type CachedClass = (ClassDef, std::sync::Arc<jsonschema::Validator>);

impl ImportOp {
    async fn class<'c>(
        tx: &mut dyn WriteTx,
        cache: &'c mut HashMap<String, CachedClass>,
        tenant: TenantId,
        key: &str,
    ) -> ServiceResult<&'c CachedClass> {
        let key = key.trim().to_ascii_lowercase();
        if !cache.contains_key(&key) {
            let c = resolve_class(tx, tenant, &key).await?;
            let compiled = c.compiled()?;
            cache.insert(key.clone(), (c, compiled));
        }
        cache.get(&key).ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("class cache lost {key}")))
    }
}

impl Operation for ImportOp {
    type Output = BatchResult;
    const ACTION: &'static str = "cmdb:ci:import";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.ci.import_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<BatchResult>> {
        let tenant = self.tenant;
        let now = ctx.now.trunc_subsecs(6);
        let actor = ctx.caller_display();
        let mut classes: HashMap<String, CachedClass> = HashMap::new();
        let mut compartments: HashSet<CompartmentId> = HashSet::new();
        let mut out = BatchResult::default();

        let ext_ids: Vec<String> = self.cis.iter().map(|(_, c)| c.external_id.trim().to_owned()).collect();
        let mut existing: HashMap<String, CiRecord> = tx
            .cis_by_external_id(tenant, &ext_ids)
            .await?
            .into_iter()
            .filter_map(|c| c.external_id.clone().map(|x| (x, c)))
            .collect();
        // New CIs are written together after the loop; until then `existing` holds them with
        // `seq` 0 and `fresh` says where each sits in `new_cis`.
        let mut new_cis: Vec<CiRecord> = Vec::new();
        let mut fresh: HashMap<String, usize> = HashMap::new();
        let mut changed: Vec<CiRecord> = Vec::new();
        for (line, c) in self.cis {
            let err = |e: ServiceError| invalid(line, e);
            let external_id = c.external_id.trim().to_owned();
            if external_id.is_empty() || external_id.len() > 512 {
                return Err(invalid(line, "external_id: must be 1 to 512 characters"));
            }
            let (class, compiled) = Self::class(tx, &mut classes, tenant, &c.class).await.map_err(err)?;
            let name = check_name("CI", &c.name).map_err(err)?;
            let state = match c.state.as_deref() {
                None | Some("") => LifecycleState::Active,
                Some(s) => LifecycleState::parse(s)
                    .filter(|s| *s != LifecycleState::Deleted)
                    .ok_or_else(|| invalid(line, format!("state: unknown state {s:?}")))?,
            };
            let attributes = c.attributes.unwrap_or_else(|| json!({}));
            if !attributes.is_object() {
                return Err(invalid(line, "attributes: must be a JSON object"));
            }
            class.validate_with(compiled, &attributes).map_err(err)?;
            let class_key = class.key.clone();
            check_tags(&c.tags).map_err(err)?;
            if let Some(comp) = c.compartment_id
                && !compartments.contains(&comp)
            {
                if tx.compartment(tenant, comp).await?.is_none() {
                    return Err(invalid(line, format!("compartment_id: no compartment {comp} in this tenant")));
                }
                compartments.insert(comp);
            }
            let new = CiRecord {
                seq: 0,
                id: CiId::generate(),
                tenant_id: tenant,
                compartment_id: c.compartment_id,
                class: class_key,
                name,
                state: state.as_str().to_owned(),
                attributes,
                tags: c.tags,
                external_id: Some(external_id.clone()),
                provider: c.provider.filter(|s| !s.is_empty()),
                urn: c.urn.filter(|s| !s.is_empty()),
                version: 1,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            };
            match existing.get(&external_id) {
                None => {
                    fresh.insert(external_id.clone(), new_cis.len());
                    new_cis.push(new.clone());
                    existing.insert(external_id, new);
                    out.created += 1;
                }
                Some(old) => {
                    if old.class != new.class {
                        return Err(invalid(
                            line,
                            format!("class: CI {external_id:?} is a `{}`; a CI's class cannot change", old.class),
                        ));
                    }
                    if old.deleted_at.is_none()
                        && let Some(from) = LifecycleState::parse(&old.state)
                    {
                        from.check(state).map_err(|e| invalid(line, e))?;
                    }
                    match merged(old, &new) {
                        None => out.unchanged += 1,
                        Some(next) => {
                            if let Some(&i) = fresh.get(&external_id) {
                                // Named twice in one batch before it was written: the later
                                // record is what gets created.
                                new_cis[i] = CiRecord { version: 1, ..next.clone() };
                                existing.insert(external_id, CiRecord { version: 1, ..next });
                            } else {
                                changed.push(next.clone());
                                existing.insert(external_id, next);
                            }
                            out.updated += 1;
                        }
                    }
                }
            }
        }
        let seqs = tx.insert_cis(&new_cis, &actor).await?;
        for (ci, seq) in new_cis.iter().zip(seqs) {
            if let Some(x) = ci.external_id.as_ref().and_then(|x| existing.get_mut(x)) {
                x.seq = seq;
            }
        }
        tx.update_cis(&changed, &actor).await?;

        if !self.rels.is_empty() {
            let mut wanted: Vec<String> = Vec::new();
            for (_, r) in &self.rels {
                for x in [&r.source, &r.target] {
                    if !existing.contains_key(x) {
                        wanted.push(x.clone());
                    }
                }
            }
            wanted.sort();
            wanted.dedup();
            for c in tx.cis_by_external_id(tenant, &wanted).await? {
                if let Some(x) = c.external_id.clone() {
                    existing.insert(x, c);
                }
            }
            let mut records = Vec::with_capacity(self.rels.len());
            for (line, r) in &self.rels {
                let (kind, reversed) = relationship_kind(&r.kind)
                    .ok_or_else(|| invalid(*line, format!("kind: unknown relationship kind {:?}", r.kind)))?;
                let end = |x: &String, field: &str| {
                    existing
                        .get(x)
                        .filter(|c| c.deleted_at.is_none())
                        .cloned()
                        .ok_or_else(|| invalid(*line, format!("{field}: no live CI with external id {x:?}")))
                };
                let (mut s, mut t) = (end(&r.source, "source")?, end(&r.target, "target")?);
                if reversed {
                    std::mem::swap(&mut s, &mut t);
                }
                if s.seq == t.seq {
                    return Err(invalid(*line, "target: a CI cannot be related to itself"));
                }
                let sc = Self::class(tx, &mut classes, tenant, &s.class).await?.0.semantic;
                let tc = Self::class(tx, &mut classes, tenant, &t.class).await?.0.semantic;
                kind.check(sc, tc).map_err(|e| invalid(*line, e))?;
                records.push(RelationshipRecord {
                    id: RelationshipId::generate(),
                    tenant_id: tenant,
                    kind: kind.name.to_owned(),
                    source_seq: s.seq,
                    target_seq: t.seq,
                    source_id: s.id,
                    target_id: t.id,
                    created_at: now,
                });
            }
            out.relationships = tx.insert_relationships(&records).await?;
        }

        let summary = json!({
            "created": out.created,
            "updated": out.updated,
            "unchanged": out.unchanged,
            "relationships": out.relationships,
        });
        Ok(Applied::new(out)
            .audit(
                AuditDraft::new(tenant, "cmdb.ci.imported", Category::Data)
                    .resource("ci_import", tenant, None)
                    .new_value(summary.clone()),
            )
            .event(EventDraft::new(tenant, "cmdb.ci.imported", summary)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(input: &str, csv: bool) -> Vec<(u64, String)> {
        let mut r = Records::new(csv);
        r.push(input.as_bytes());
        let mut out = Vec::new();
        while let Ok(Some(x)) = r.next(true) {
            out.push(x);
        }
        out
    }

    #[test]
    fn records_are_lines_except_inside_csv_quotes() {
        assert_eq!(split("a\n\nb\r\nc", false), [(1, "a".to_owned()), (3, "b".to_owned()), (4, "c".to_owned())]);
        assert_eq!(
            split("h\n\"x\ny\",1\nz\n", true),
            [(1, "h".to_owned()), (2, "\"x\ny\",1".to_owned()), (4, "z".to_owned())]
        );
    }

    #[test]
    fn csv_fields_map_to_columns() {
        let header: Vec<String> = ["external_id", "class", "name", "tags", "attributes"].map(String::from).to_vec();
        let Ok(Parsed::Ci(_, c)) =
            parse_csv(2, r#"i-1,virtualmachine,web,"{""env"":""prod""}","{""cpu_cores"":2}""#, &header)
        else {
            panic!("did not parse");
        };
        assert_eq!((c.external_id.as_str(), c.class.as_str(), c.name.as_str()), ("i-1", "virtualmachine", "web"));
        assert_eq!(c.tags.get("env").map(String::as_str), Some("prod"));
        assert_eq!(c.attributes, Some(json!({"cpu_cores": 2})));
        let e = parse_csv(7, "a,b,c,d,e,f", &header).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("line 7:"), "{e}");
    }
}
