//! Online verification of a tenant's log: every record re-encoded and re-hashed, compared with
//! the leaf the log holds for it and with every signed checkpoint over it, streaming in batches
//! so memory stays flat whatever the log's size. Also builds inclusion and consistency proofs.
//!
//! Owns reading the stored log for those purposes; the Merkle rules are `nimbus_core::tlog`'s.
//! It must not change anything.

use nimbus_core::api::audit::{self as wire, VerifyProblem, VerifyReport};
use nimbus_core::audit::record_leaf_hash;
use nimbus_core::ids::TenantId;
use nimbus_core::tlog::{
    self, Checkpoint, FindingKind, Frontier, Hash, NoteVerifier, TILE_WIDTH, TileId, TileSet, Verifier, tile_from_bytes,
};

use super::archive::ArchiveTarget;
use super::archiver::RecordSource;
use crate::store::{CheckpointRecord, ReadTx, StoreError};

/// Archived records read per round trip.
const BATCH: u32 = 1024;
/// Live records hashed per round trip: enough to keep the store's two reading threads busy
/// between folds (about 6 MB of hashes and 4 MB of tiles per trip).
const LEAF_BATCH: u64 = 131_072;

/// Everything that can go wrong reading the log (as opposed to finding it tampered).
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request cannot be answered (range outside the log, no checkpoint yet).
    #[error("{0}")]
    Invalid(String),
}

/// The wire form of a checkpoint record.
pub fn checkpoint_dto(c: &CheckpointRecord) -> wire::Checkpoint {
    wire::Checkpoint {
        tenant_id: c.tenant_id,
        size: c.size,
        root: Hash(c.root).to_string(),
        note: c.note.clone(),
        created_at: c.created_at,
    }
}

/// Loads tiles into a set, cutting each to the width it had when the tree had `size` leaves
/// (stored right-edge tiles keep growing after that).
async fn tiles_at(tx: &mut dyn ReadTx, tenant: TenantId, size: u64, ids: &[TileId]) -> Result<TileSet, VerifyError> {
    let mut set = TileSet::new();
    for t in tx.audit_tiles(tenant, ids).await? {
        let mut hashes =
            tile_from_bytes(&t.hashes).map_err(|e| StoreError::Corrupt(format!("audit tile {:?}: {e}", t.id)))?;
        let complete = size.checked_shr(8 * t.id.level).unwrap_or(0);
        let width = complete.saturating_sub(t.id.index * TILE_WIDTH).min(TILE_WIDTH);
        hashes.truncate(usize::try_from(width).unwrap_or(usize::MAX));
        set.insert(t.id, hashes);
    }
    Ok(set)
}

/// Verifies records `from..=to` (defaults: the whole log up to its newest checkpoint), reading
/// archived ranges back from `archive`.
pub async fn verify(
    tx: &mut dyn ReadTx,
    tenant: TenantId,
    verifier_key: &NoteVerifier,
    origin: &str,
    from: Option<u64>,
    to: Option<u64>,
    archive: Option<ArchiveTarget>,
) -> Result<VerifyReport, VerifyError> {
    let Some(latest) = tx.latest_audit_checkpoint(tenant).await? else {
        // Nothing integrated yet: nothing to check, and nothing wrong.
        return Ok(VerifyReport {
            tenant_id: tenant,
            ok: true,
            from_seq: 1,
            to_seq: 0,
            records: 0,
            checkpoints_checked: 0,
            problem: None,
        });
    };
    let from = from.unwrap_or(1).max(1);
    let to = to.unwrap_or(latest.size).min(latest.size);
    if from > to {
        return Err(VerifyError::Invalid(format!(
            "nothing to verify between {from} and {to}: the newest checkpoint covers records 1 to {}",
            latest.size
        )));
    }
    let report = |problem: Option<VerifyProblem>, records: u64, checked: u64| VerifyReport {
        tenant_id: tenant,
        ok: problem.is_none(),
        from_seq: from,
        to_seq: to,
        records,
        checkpoints_checked: checked,
        problem,
    };

    // Every checkpoint from the one before the range to the first one at or after its end.
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    let mut previous_size = 0u64;
    let mut cursor = from.saturating_sub(1);
    'load: loop {
        let page = tx.audit_checkpoints(tenant, cursor, u64::MAX, 1000).await?;
        if page.is_empty() {
            break;
        }
        for c in &page {
            cursor = c.size + 1;
            match verifier_key.verify(&c.note) {
                Ok(cp) if cp.size == c.size && cp.root.0 == c.root && cp.origin == origin => {
                    checkpoints.push(cp);
                }
                Ok(_) => {
                    let problem = VerifyProblem {
                        seq: previous_size + 1,
                        kind: FindingKind::BadCheckpoint.as_str().into(),
                        detail: format!(
                            "the checkpoint stored for size {} does not match its signed note (forged or rewritten)",
                            c.size
                        ),
                    };
                    return Ok(report(Some(problem), 0, checkpoints.len() as u64));
                }
                Err(e) => {
                    let problem = VerifyProblem {
                        seq: previous_size + 1,
                        kind: FindingKind::BadCheckpoint.as_str().into(),
                        detail: format!("the checkpoint for size {} does not verify: {e}", c.size),
                    };
                    return Ok(report(Some(problem), 0, checkpoints.len() as u64));
                }
            }
            previous_size = c.size;
            if c.size >= to {
                break 'load;
            }
        }
    }
    // Only checkpoints that end inside the range can be checked against records in it.
    checkpoints.retain(|c| c.size >= from && c.size <= to);
    let start = if from > 1 {
        let before = from - 1;
        let tiles = tiles_at(tx, tenant, before, &Frontier::tiles_to_resume(before)).await?;
        Some(Frontier::resume(before, &tiles).map_err(|e| StoreError::Corrupt(format!("audit tree: {e}")))?)
    } else {
        None
    };
    let mut verifier = Verifier::new(from, start, checkpoints);
    let mut source = RecordSource::new(tx, tenant, archive).await?;
    let mut records = 0u64;
    let mut batch = leaves(tx, &mut source, tenant, from - 1, to).await?;
    while let Some(last) = batch.last().map(|l| u64::try_from(l.seq).unwrap_or(0).min(to)) {
        let stored = batch_tiles(tx, tenant, to, &batch).await?;
        // This batch is folded on another thread while the next one is read.
        let folding = tokio::task::spawn_blocking(move || {
            let pushed = fold(&mut verifier, &batch, &stored, to);
            (verifier, batch, stored, pushed)
        });
        let ahead = if last < to { Some(leaves(tx, &mut source, tenant, last, to).await) } else { None };
        let (folded, done, stored, mut pushed) =
            folding.await.map_err(|e| VerifyError::Invalid(format!("the verification thread failed: {e}")))?;
        verifier = folded;
        // The fold stops at a record whose stored text does not hash to the log's leaf; only the
        // decoded record decides, and only here can it be read. A record that does not even
        // decode is altered: the hash of nothing stands for it.
        while let Some(leaf) = done.get(pushed).filter(|l| u64::try_from(l.seq).is_ok_and(|seq| seq <= to)) {
            let seq = u64::try_from(leaf.seq).unwrap_or(0);
            let hash = match decoded_leaf(tx, tenant, seq).await? {
                Some(h) => h,
                None => leaf.hash.unwrap_or_else(|| tlog::leaf_hash(b"")),
            };
            verifier.push(seq, hash, stored_leaf(&stored, seq));
            pushed += 1;
            pushed += fold(&mut verifier, &done[pushed..], &stored, to);
        }
        records += pushed as u64;
        // The first problem is the answer; reading on would only cost time. (A short batch is
        // not the end: archived segments end batches early.)
        if verifier.first_problem().is_some() {
            break;
        }
        batch = match ahead {
            Some(next) => next?,
            None => break,
        };
    }
    let outcome = verifier.finish();
    let problem =
        outcome.first_problem.map(|f| VerifyProblem { seq: f.seq, kind: f.kind.as_str().into(), detail: f.detail });
    Ok(report(problem, records, outcome.checkpoints_checked))
}

/// The stored level-0 tiles covering `batch`.
async fn batch_tiles(tx: &mut dyn ReadTx, tenant: TenantId, to: u64, batch: &[Leaf]) -> Result<TileSet, VerifyError> {
    let seq = |l: &Leaf| u64::try_from(l.seq).unwrap_or(0);
    let (first, last) = match (batch.first(), batch.last()) {
        (Some(f), Some(l)) => (seq(f), seq(l).min(to)),
        _ => return Ok(TileSet::new()),
    };
    if first == 0 || last < first {
        return Ok(TileSet::new());
    }
    let ids: Vec<TileId> =
        ((first - 1) / TILE_WIDTH..=(last - 1) / TILE_WIDTH).map(|index| TileId { level: 0, index }).collect();
    tiles_at(tx, tenant, to, &ids).await
}

/// The leaf hash the log stores for record `seq`.
fn stored_leaf(stored: &TileSet, seq: u64) -> Option<Hash> {
    let l = seq.checked_sub(1)?;
    stored.get(TileId { level: 0, index: l / TILE_WIDTH })?.get(usize::try_from(l % TILE_WIDTH).ok()?).copied()
}

/// Pushes `batch` into the verifier up to record `to`, stopping before a record whose hash
/// needs its decoded form (see `verify`) while the log still looks intact. Returns how many
/// records it pushed.
fn fold(verifier: &mut Verifier, batch: &[Leaf], stored: &TileSet, to: u64) -> usize {
    let mut tile: Option<(u64, &[Hash])> = None;
    for (pushed, leaf) in batch.iter().enumerate() {
        let seq = u64::try_from(leaf.seq).unwrap_or(0);
        if seq > to {
            return pushed;
        }
        let stored_hash = seq.checked_sub(1).and_then(|l| {
            // Records come in order: the tile of the previous one is nearly always this one's.
            let index = l / TILE_WIDTH;
            if tile.map(|(i, _)| i) != Some(index) {
                tile = stored.get(TileId { level: 0, index }).map(|hashes| (index, hashes));
            }
            tile.and_then(|(_, hashes)| hashes.get(usize::try_from(l % TILE_WIDTH).ok()?).copied())
        });
        let hash = match leaf.hash {
            Some(h) if leaf.decoded || Some(h) == stored_hash => h,
            // Once a problem is found, later hashes no longer change the answer.
            Some(h) if verifier.first_problem().is_some() => h,
            _ if verifier.first_problem().is_some() => tlog::leaf_hash(b""),
            _ => return pushed,
        };
        verifier.push(seq, hash, stored_hash);
    }
    batch.len()
}

/// A record's leaf hash as read for verification.
struct Leaf {
    seq: i64,
    hash: Option<Hash>,
    /// Computed from the decoded record (the definition) rather than from its stored text.
    decoded: bool,
}

/// The leaf hashes of the records after `after`, up to `to`: from the store's stored text for
/// live records, from the decoded records for archived ones.
async fn leaves(
    tx: &mut dyn ReadTx,
    source: &mut RecordSource,
    tenant: TenantId,
    after: u64,
    to: u64,
) -> Result<Vec<Leaf>, VerifyError> {
    if source.archived(after + 1) {
        let batch = source.batch(tx, after, BATCH).await?;
        return Ok(batch
            .into_iter()
            .map(|r| Leaf {
                seq: r.seq,
                hash: u64::try_from(r.seq).ok().map(|seq| record_leaf_hash(seq, &r.entry)),
                decoded: true,
            })
            .collect());
    }
    let limit = u32::try_from((to - after).min(LEAF_BATCH)).unwrap_or(u32::MAX);
    let after = i64::try_from(after).map_err(|_| VerifyError::Invalid(format!("record {after} is out of range")))?;
    let hashes = tx.audit_leaf_hashes(tenant, after, limit).await?;
    Ok(hashes.into_iter().map(|(seq, hash)| Leaf { seq, hash, decoded: false }).collect())
}

/// The leaf hash of live record `seq` by its definition: the decoded record, encoded. `None`
/// when the stored record cannot be decoded at all, which only tampering or corruption causes.
async fn decoded_leaf(tx: &mut dyn ReadTx, tenant: TenantId, seq: u64) -> Result<Option<Hash>, VerifyError> {
    let before = seq
        .checked_sub(1)
        .and_then(|b| i64::try_from(b).ok())
        .ok_or_else(|| StoreError::Corrupt(format!("audit record {seq} of {tenant} has an impossible number")))?;
    let record = match tx.audit_after(tenant, before, 1).await {
        Ok(records) => records.into_iter().next(),
        Err(StoreError::Corrupt(_)) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    match record {
        Some(r) if r.seq == before + 1 => Ok(Some(record_leaf_hash(seq, &r.entry))),
        _ => Err(StoreError::Corrupt(format!("audit record {seq} of {tenant} vanished while it was verified")).into()),
    }
}

/// An inclusion proof of record `seq` at the newest checkpoint (or at `size`).
pub async fn inclusion(
    tx: &mut dyn ReadTx,
    tenant: TenantId,
    seq: u64,
    size: Option<u64>,
) -> Result<wire::InclusionProof, VerifyError> {
    let cp = checkpoint_for(tx, tenant, size).await?;
    if seq == 0 || seq > cp.size {
        return Err(VerifyError::Invalid(format!(
            "record {seq} is not covered by the checkpoint of size {}; wait for the next checkpoint or pick 1 to {}",
            cp.size, cp.size
        )));
    }
    let index = seq - 1;
    let tiles = tiles_at(tx, tenant, cp.size, &tlog::tiles_for_inclusion(index, cp.size)).await?;
    let hashes = tlog::inclusion_proof(index, cp.size, &tiles)
        .map_err(|e| StoreError::Corrupt(format!("audit tree of {tenant}: {e}")))?;
    let leaf = tiles_at(tx, tenant, cp.size, &[TileId { level: 0, index: index / TILE_WIDTH }])
        .await?
        .get(TileId { level: 0, index: index / TILE_WIDTH })
        .and_then(|t| t.get(usize::try_from(index % TILE_WIDTH).unwrap_or(usize::MAX)).copied())
        .ok_or_else(|| StoreError::Corrupt(format!("audit leaf {seq} of {tenant} is not stored")))?;
    Ok(wire::InclusionProof {
        seq,
        leaf_hash: leaf.to_string(),
        checkpoint: checkpoint_dto(&cp),
        hashes: hashes.iter().map(ToString::to_string).collect(),
    })
}

/// A consistency proof between the checkpoints of sizes `old` and `new` (default: newest).
pub async fn consistency(
    tx: &mut dyn ReadTx,
    tenant: TenantId,
    old: u64,
    new: Option<u64>,
) -> Result<wire::ConsistencyProof, VerifyError> {
    let new_cp = checkpoint_for(tx, tenant, new).await?;
    let old_cp = checkpoint_for(tx, tenant, Some(old)).await?;
    if old_cp.size > new_cp.size {
        return Err(VerifyError::Invalid(format!(
            "the old checkpoint ({}) must not be larger than the new one ({})",
            old_cp.size, new_cp.size
        )));
    }
    let tiles = tiles_at(tx, tenant, new_cp.size, &tlog::tiles_for_consistency(old_cp.size, new_cp.size)).await?;
    let hashes = tlog::consistency_proof(old_cp.size, new_cp.size, &tiles)
        .map_err(|e| StoreError::Corrupt(format!("audit tree of {tenant}: {e}")))?;
    Ok(wire::ConsistencyProof {
        old: checkpoint_dto(&old_cp),
        new: checkpoint_dto(&new_cp),
        hashes: hashes.iter().map(ToString::to_string).collect(),
    })
}

async fn checkpoint_for(
    tx: &mut dyn ReadTx,
    tenant: TenantId,
    size: Option<u64>,
) -> Result<CheckpointRecord, VerifyError> {
    let found = match size {
        None => tx.latest_audit_checkpoint(tenant).await?,
        Some(s) => tx.audit_checkpoints(tenant, s, s, 1).await?.into_iter().next(),
    };
    found.ok_or_else(|| {
        VerifyError::Invalid(match size {
            None => "the log has no checkpoint yet; records are integrated within a second of being written".into(),
            Some(s) => format!("there is no checkpoint of size {s}; list them with `nimbus audit checkpoints`"),
        })
    })
}
