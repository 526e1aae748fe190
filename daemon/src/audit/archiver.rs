//! Retention and archival of a tenant's log, and reading a log whose oldest records live in
//! archived segments.
//!
//! Archival moves the oldest records, once every record up to them is past its category's hot
//! window and covered by a signed checkpoint, into compressed NDJSON segments (one line per
//! record, the export's record shape) with a manifest naming that checkpoint; the segment row is
//! recorded and the records deleted in one transaction after the object is written, so a crash
//! leaves either the records or the segment, never neither. The Merkle tiles stay in the
//! database, so archived ranges verify exactly like live ones ([`RecordSource`] reads them back).
//! Owns choosing what to archive and reading across the boundary; the object store is
//! [`super::archive`]'s.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use nimbus_core::api::audit::{AuditRecord, AuditSettings};
use nimbus_core::audit::Category;
use nimbus_core::ids::TenantId;

use super::archive::{ArchiveError, ArchiveTarget, SegmentManifest, SegmentMeta};
use crate::store::{ArchiveSegmentRecord, ReadTx, Store, StoreError, StoredAudit, TenantScope, WriteGrant};

/// Most records in one segment.
pub const SEGMENT_RECORDS: u64 = 100_000;
const BATCH: u32 = 1000;

/// What an archival run did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArchiveRun {
    /// Segments written.
    pub segments: Vec<SegmentManifestSummary>,
    /// Records moved out of the database.
    pub records: u64,
}

/// One written segment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SegmentManifestSummary {
    /// First record.
    pub first_seq: u64,
    /// Last record.
    pub last_seq: u64,
    /// Object name.
    pub object: String,
}

fn hot_days(settings: &AuditSettings, category: Category) -> u32 {
    settings.category_hot_days.get(category.as_str()).copied().unwrap_or(settings.hot_days)
}

fn err(e: ArchiveError) -> StoreError {
    StoreError::Other(e.to_string())
}

/// Archives what `settings` let go of in `tenant`'s log, as of `now`.
pub(crate) async fn run(
    store: &dyn Store,
    target: &ArchiveTarget,
    tenant: TenantId,
    settings: &AuditSettings,
    now: DateTime<Utc>,
) -> Result<ArchiveRun, StoreError> {
    let mut report = ArchiveRun::default();
    loop {
        let mut read = store.read(TenantScope::System).await?;
        let segments = read.audit_archive_segments(tenant).await?;
        let Some(latest) = read.latest_audit_checkpoint(tenant).await? else { return Ok(report) };
        let first = segments.last().map_or(1, |s| s.last_seq + 1);
        // The longest prefix from `first` whose records are all cold and checkpointed.
        let mut last = first - 1;
        'scan: while last < latest.size && last + 1 - first < SEGMENT_RECORDS {
            let batch = read.audit_after(tenant, i64::try_from(last).unwrap_or(i64::MAX), BATCH).await?;
            if batch.is_empty() {
                break;
            }
            for r in &batch {
                let seq = u64::try_from(r.seq).unwrap_or(0);
                let cold =
                    r.entry.occurred_at < now - chrono::Duration::days(i64::from(hot_days(settings, r.entry.category)));
                if seq != last + 1 || seq > latest.size || !cold || seq - first + 1 > SEGMENT_RECORDS {
                    break 'scan;
                }
                last = seq;
            }
        }
        if last < first {
            return Ok(report);
        }
        let Some(cover) = read.audit_checkpoints(tenant, last, u64::MAX, 1).await?.into_iter().next() else {
            return Ok(report);
        };
        drop(read);
        let meta = SegmentMeta {
            tenant,
            first_seq: first,
            last_seq: last,
            checkpoint_note: cover.note.clone(),
            checkpoint_size: cover.size,
        };
        let lines =
            futures::stream::unfold((first - 1, VecDeque::<Vec<u8>>::new()), move |(mut after, mut buf)| async move {
                loop {
                    if let Some(line) = buf.pop_front() {
                        return Some((Ok(line), (after, buf)));
                    }
                    if after >= last {
                        return None;
                    }
                    let batch = match store.read(TenantScope::System).await {
                        Ok(mut r) => r.audit_after(tenant, i64::try_from(after).unwrap_or(i64::MAX), BATCH).await,
                        Err(e) => Err(e),
                    };
                    match batch {
                        Err(e) => return Some((Err(ArchiveError::records(e)), (last, buf))),
                        Ok(rows) if rows.is_empty() => return None,
                        Ok(rows) => {
                            for r in rows {
                                let seq = u64::try_from(r.seq).unwrap_or(0);
                                if seq > last {
                                    after = last;
                                    break;
                                }
                                match serde_json::to_vec(&AuditRecord::from_entry(seq, &r.entry)) {
                                    Ok(l) => buf.push_back(l),
                                    Err(e) => return Some((Err(ArchiveError::records(e)), (last, buf))),
                                }
                                after = seq;
                            }
                        }
                    }
                }
            });
        let manifest = target.write_segment(meta, Box::pin(lines)).await.map_err(err)?;
        let mut tx = store.write(WriteGrant::for_audit_log()).await?;
        tx.insert_archive_segment(&ArchiveSegmentRecord {
            tenant_id: tenant,
            first_seq: first,
            last_seq: last,
            object: manifest.object.clone(),
            manifest: serde_json::to_string(&manifest).map_err(|e| StoreError::Other(e.to_string()))?,
            created_at: Utc::now(),
        })
        .await?;
        let deleted = tx.delete_archived_audit(tenant, first, last).await?;
        tx.commit().await?;
        report.records += deleted;
        report.segments.push(SegmentManifestSummary { first_seq: first, last_seq: last, object: manifest.object });
    }
}

/// The manifest stored with a segment row.
pub(crate) fn manifest_of(seg: &ArchiveSegmentRecord) -> Result<SegmentManifest, StoreError> {
    serde_json::from_str(&seg.manifest)
        .map_err(|e| StoreError::Corrupt(format!("archive manifest {}: {e}", seg.object)))
}

type Lines = std::pin::Pin<Box<dyn futures::Stream<Item = Result<Vec<u8>, ArchiveError>> + Send>>;

/// Reads a tenant's records in sequence order whether they are archived or in the database.
pub(crate) struct RecordSource {
    tenant: TenantId,
    target: Option<ArchiveTarget>,
    segments: Vec<ArchiveSegmentRecord>,
    current: Option<(u64, u64, Lines)>,
}

impl std::fmt::Debug for RecordSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordSource").field("tenant", &self.tenant).finish_non_exhaustive()
    }
}

impl RecordSource {
    /// A source over the tenant's segments (listed from `tx`) and its live records.
    pub(crate) async fn new(
        tx: &mut dyn ReadTx,
        tenant: TenantId,
        target: Option<ArchiveTarget>,
    ) -> Result<Self, StoreError> {
        let segments = if target.is_some() { tx.audit_archive_segments(tenant).await? } else { Vec::new() };
        Ok(Self { tenant, target, segments, current: None })
    }

    /// Whether record `seq` is read from an archived segment.
    pub(crate) fn archived(&self, seq: u64) -> bool {
        self.segments.iter().any(|s| s.first_seq <= seq && seq <= s.last_seq)
    }

    /// Up to `limit` records after `after`, in order.
    pub(crate) async fn batch(
        &mut self,
        tx: &mut dyn ReadTx,
        after: u64,
        limit: u32,
    ) -> Result<Vec<StoredAudit>, StoreError> {
        let next = after + 1;
        let Some(seg) = self.segments.iter().find(|s| s.first_seq <= next && next <= s.last_seq).cloned() else {
            return tx.audit_after(self.tenant, i64::try_from(after).unwrap_or(i64::MAX), limit).await;
        };
        let reuse = matches!(&self.current, Some((first, pos, _)) if *first == seg.first_seq && *pos == after);
        if !reuse {
            let target = self.target.as_ref().ok_or_else(|| StoreError::Other("no archive target".into()))?;
            let stream = target.fetch(&manifest_of(&seg)?).await.map_err(err)?;
            self.current = Some((seg.first_seq, seg.first_seq - 1, Box::pin(stream)));
        }
        let Some((_, pos, lines)) = self.current.as_mut() else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        while out.len() < limit as usize && *pos < seg.last_seq {
            let Some(line) = lines.next().await else { break };
            let line = line.map_err(err)?;
            let record: AuditRecord = serde_json::from_slice(&line)
                .map_err(|e| StoreError::Corrupt(format!("archived segment {}: {e}", seg.object)))?;
            let entry =
                record.to_entry().map_err(|e| StoreError::Corrupt(format!("archived segment {}: {e}", seg.object)))?;
            *pos = record.seq;
            if record.seq > after {
                out.push(StoredAudit { seq: i64::try_from(record.seq).unwrap_or(i64::MAX), entry });
            }
        }
        Ok(out)
    }
}
