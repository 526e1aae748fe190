//! Streaming exports of a tenant's log (NDJSON, JSON, CSV): records in sequence order with the
//! leaf hash the log holds for each, and the signed checkpoints that cover them, so an export
//! verifies offline with nothing but the public key (`nimbus audit verify --file`).
//!
//! A task reads batches and hands formatted chunks to the response through a small bounded
//! channel: memory stays flat whatever the export's size, and a client that stops reading stops
//! the reads. Owns the formats; it must not decide who may export.

use std::sync::Arc;

use axum::body::Bytes;
use nimbus_core::api::audit::{AuditRecord, ExportCheckpointLine, ExportFormat, ExportHeader};
use nimbus_core::ids::TenantId;
use nimbus_core::tlog::{Hash, TILE_WIDTH, TileId, tile_from_bytes};
use tokio::sync::mpsc;

use super::archive::ArchiveTarget;
use super::archiver::RecordSource;
use super::verify::checkpoint_dto;
use crate::store::{CheckpointRecord, Store, StoreError, StoredAudit, TenantScope};

const BATCH: u32 = 1024;
/// Chunks in flight between the reader and the response (each about one batch).
const CHANNEL: usize = 4;

/// What to export.
#[derive(Debug, Clone)]
pub struct ExportJob {
    /// Tenant.
    pub tenant: TenantId,
    /// Format.
    pub format: ExportFormat,
    /// The header (range, origin, verifier key).
    pub header: ExportHeader,
    /// Where archived ranges are read back from.
    pub(crate) archive: Option<ArchiveTarget>,
}

impl ExportJob {
    /// An export of `tenant` without archived ranges.
    pub fn new(tenant: TenantId, format: ExportFormat, header: ExportHeader) -> Self {
        Self { tenant, format, header, archive: None }
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "record_type",
    "seq",
    "id",
    "tenant_id",
    "occurred_at",
    "actor_kind",
    "actor_id",
    "actor_display",
    "impersonator_id",
    "action",
    "event_type",
    "category",
    "priority",
    "resource_type",
    "resource_id",
    "resource_name",
    "old_value",
    "new_value",
    "outcome",
    "error_code",
    "trace_id",
    "ip",
    "user_agent",
    "request_method",
    "request_path",
    "leaf_hash",
    "checkpoint",
];

/// Starts the export; the receiver yields the body's chunks.
pub fn spawn(store: Arc<dyn Store>, job: ExportJob) -> mpsc::Receiver<Result<Bytes, std::io::Error>> {
    let (tx, rx) = mpsc::channel(CHANNEL);
    tokio::spawn(async move {
        if let Err(e) = produce(store, job, &tx).await {
            tracing::error!(error = %e, "audit export failed");
            let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
        }
    });
    rx
}

async fn produce(
    store: Arc<dyn Store>,
    job: ExportJob,
    tx: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), StoreError> {
    let (from, to) = (job.header.from_seq, job.header.to_seq);
    let mut out = Vec::with_capacity(256 * 1024);
    let json = |v: &dyn erased::Ser| -> Result<Vec<u8>, StoreError> { v.to_vec() };
    match job.format {
        ExportFormat::Ndjson => {
            out.extend(json(&job.header)?);
            out.push(b'\n');
        }
        ExportFormat::Json => {
            out.extend(b"{\"header\":");
            out.extend(json(&job.header)?);
            out.extend(b",\"records\":[");
        }
        ExportFormat::Csv => {
            out.extend(CSV_COLUMNS.join(",").as_bytes());
            out.extend(b"\r\n");
        }
    }
    // Checkpoints inside the range, interleaved after the record they end at (NDJSON, CSV).
    let mut checkpoints: Vec<CheckpointRecord> = Vec::new();
    let mut first_record = true;
    // Reading (and decoding) the next batch overlaps with formatting this one.
    let want_checkpoints = matches!(job.format, ExportFormat::Ndjson | ExportFormat::Csv);
    let mut chunks = read_ahead(Arc::clone(&store), job.tenant, job.archive.clone(), from, to, want_checkpoints);
    while let Some(chunk) = chunks.recv().await {
        let Chunk { batch, leaves, checkpoints: page } = chunk?;
        checkpoints.extend(page);
        let mut next_cp = 0;
        for r in &batch {
            let seq = u64::try_from(r.seq).unwrap_or(0);
            if seq > to {
                break;
            }
            let mut rec = AuditRecord::from_entry(seq, &r.entry);
            let l = seq.saturating_sub(1);
            rec.leaf_hash = leaves
                .iter()
                .find(|(i, _)| *i == l / TILE_WIDTH)
                .and_then(|(_, h)| h.get(usize::try_from(l % TILE_WIDTH).unwrap_or(usize::MAX)))
                .map(ToString::to_string);
            match job.format {
                ExportFormat::Ndjson => {
                    out.extend(json(&rec)?);
                    out.push(b'\n');
                }
                ExportFormat::Json => {
                    if !first_record {
                        out.push(b',');
                    }
                    out.extend(json(&rec)?);
                }
                ExportFormat::Csv => csv_record(&mut out, &rec),
            }
            first_record = false;
            while next_cp < checkpoints.len() && checkpoints[next_cp].size <= seq {
                let cp = &checkpoints[next_cp];
                if cp.size == seq {
                    match job.format {
                        ExportFormat::Ndjson => {
                            out.extend(json(&ExportCheckpointLine { checkpoint: checkpoint_dto(cp) })?);
                            out.push(b'\n');
                        }
                        ExportFormat::Csv => csv_checkpoint(&mut out, cp),
                        ExportFormat::Json => {}
                    }
                }
                next_cp += 1;
            }
        }
        checkpoints.drain(..next_cp);
        if tx.send(Ok(Bytes::from(std::mem::take(&mut out)))).await.is_err() {
            // The client went away.
            return Ok(());
        }
    }
    if job.format == ExportFormat::Json {
        out.extend(b"],\"checkpoints\":[");
        let mut cursor = from;
        let mut first = true;
        loop {
            let page = store.read(TenantScope::System).await?.audit_checkpoints(job.tenant, cursor, to, 1000).await?;
            let Some(last) = page.last().map(|c| c.size) else { break };
            for cp in &page {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.extend(json(&checkpoint_dto(cp))?);
            }
            cursor = last + 1;
            if out.len() > 256 * 1024 && tx.send(Ok(Bytes::from(std::mem::take(&mut out)))).await.is_err() {
                return Ok(());
            }
        }
        out.extend(b"]}\n");
    }
    if !out.is_empty() {
        let _ = tx.send(Ok(Bytes::from(out))).await;
    }
    Ok(())
}

/// One batch of records with the level-0 tiles holding their leaf hashes and the checkpoints
/// that end inside it.
struct Chunk {
    batch: Vec<StoredAudit>,
    leaves: Vec<(u64, Vec<Hash>)>,
    checkpoints: Vec<CheckpointRecord>,
}

/// Reads records `from..=to` batch by batch on a task of its own, one batch ahead of the
/// formatter.
fn read_ahead(
    store: Arc<dyn Store>,
    tenant: TenantId,
    archive: Option<ArchiveTarget>,
    from: u64,
    to: u64,
    want_checkpoints: bool,
) -> mpsc::Receiver<Result<Chunk, StoreError>> {
    let (tx, rx) = mpsc::channel(1);
    tokio::spawn(async move {
        let read = async {
            let mut source = {
                let mut read = store.read(TenantScope::System).await?;
                RecordSource::new(read.as_mut(), tenant, archive).await?
            };
            let (mut after, mut cp_cursor) = (from - 1, from);
            while after < to {
                let mut read = store.read(TenantScope::System).await?;
                let batch = source.batch(read.as_mut(), after, BATCH).await?;
                let Some(last) = batch.last().map(|r| u64::try_from(r.seq).unwrap_or(0).min(to)) else { break };
                let tile_ids: Vec<TileId> = (after / TILE_WIDTH..=(last.max(1) - 1) / TILE_WIDTH)
                    .map(|index| TileId { level: 0, index })
                    .collect();
                let mut leaves: Vec<(u64, Vec<Hash>)> = Vec::new();
                for t in read.audit_tiles(tenant, &tile_ids).await? {
                    if let Ok(h) = tile_from_bytes(&t.hashes) {
                        leaves.push((t.id.index, h));
                    }
                }
                let mut checkpoints = Vec::new();
                if want_checkpoints {
                    checkpoints = read.audit_checkpoints(tenant, cp_cursor, last, 10_000).await?;
                    if let Some(c) = checkpoints.last() {
                        cp_cursor = c.size + 1;
                    }
                }
                drop(read);
                after = last;
                if tx.send(Ok(Chunk { batch, leaves, checkpoints })).await.is_err() {
                    // The formatter stopped (the client went away).
                    return Ok(());
                }
            }
            Ok::<(), StoreError>(())
        };
        if let Err(e) = read.await {
            let _ = tx.send(Err(e)).await;
        }
    });
    rx
}

/// Serialisation through a trait object, so one closure serves every line type.
mod erased {
    use crate::store::StoreError;

    pub(super) trait Ser {
        fn to_vec(&self) -> Result<Vec<u8>, StoreError>;
    }

    impl<T: serde::Serialize> Ser for T {
        fn to_vec(&self) -> Result<Vec<u8>, StoreError> {
            serde_json::to_vec(self).map_err(|e| StoreError::Other(format!("cannot encode export line: {e}")))
        }
    }
}

fn csv_field(out: &mut Vec<u8>, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend(value.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend(value.as_bytes());
    }
}

fn csv_row(out: &mut Vec<u8>, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_field(out, f);
    }
    out.extend(b"\r\n");
}

fn csv_record(out: &mut Vec<u8>, r: &AuditRecord) {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let val = |v: &Option<serde_json::Value>| v.as_ref().map(ToString::to_string).unwrap_or_default();
    csv_row(
        out,
        &[
            "record".into(),
            r.seq.to_string(),
            r.id.to_string(),
            r.tenant_id.to_string(),
            r.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            r.actor_kind.clone(),
            r.actor_id.map(|i| i.to_string()).unwrap_or_default(),
            r.actor_display.clone(),
            r.impersonator_id.map(|i| i.to_string()).unwrap_or_default(),
            r.action.clone(),
            r.event_type.clone(),
            r.category.clone(),
            r.priority.clone(),
            opt(&r.resource_type),
            opt(&r.resource_id),
            opt(&r.resource_name),
            val(&r.old_value),
            val(&r.new_value),
            r.outcome.clone(),
            opt(&r.error_code),
            r.trace_id.clone(),
            opt(&r.ip),
            opt(&r.user_agent),
            opt(&r.request_method),
            opt(&r.request_path),
            opt(&r.leaf_hash),
            String::new(),
        ],
    );
}

fn csv_checkpoint(out: &mut Vec<u8>, cp: &CheckpointRecord) {
    let mut fields = vec![String::new(); CSV_COLUMNS.len()];
    fields[0] = "checkpoint".into();
    fields[1] = cp.size.to_string();
    fields[3] = cp.tenant_id.to_string();
    fields[4] = cp.created_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    fields[CSV_COLUMNS.len() - 2] = Hash(cp.root).to_string();
    fields[CSV_COLUMNS.len() - 1] = cp.note.clone();
    csv_row(out, &fields);
}
