//! The integrator: turns appended audit records into Merkle leaves, stores the changed tiles and
//! a signed checkpoint, in one transaction per batch.
//!
//! Records are appended by the operation pipeline in the same transaction as the change they
//! describe (so a committed change always has its record and a crash loses neither); the
//! integrator follows within a second (or as soon as a commit wakes it), reading what was
//! committed, so the leaf is computed from exactly the stored row. On PostgreSQL the row lock
//! on `audit_trees` makes one replica integrate a tenant at a time; a crash mid-batch rolls the
//! batch back and the next run redoes it. It must not write audit records itself, and it
//! never integrates past a gap in the sequence: a missing record is tampering, reported, never
//! papered over.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use nimbus_core::ids::TenantId;
use nimbus_core::tlog::{Checkpoint, Frontier, TileSet, tile_from_bytes, tile_to_bytes};
use tokio::sync::Notify;

use super::signer::LogSigner;
use crate::store::{AuditTreeRecord, CheckpointRecord, Store, StoreError, TenantScope, TileRecord, WriteGrant};

/// Integrates audit records into each tenant's Merkle log.
pub struct Integrator {
    store: Arc<dyn Store>,
    signer: Arc<LogSigner>,
    batch: u32,
    wake: Arc<Notify>,
    integrated: Arc<Notify>,
}

impl std::fmt::Debug for Integrator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Integrator").field("batch", &self.batch).finish_non_exhaustive()
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PassReport {
    /// Records integrated.
    pub records: u64,
    /// Checkpoints signed.
    pub checkpoints: u64,
}

impl Integrator {
    /// An integrator signing with `signer`, at most `batch` records per checkpoint. `wake` is
    /// notified by commits; `integrated` is notified after each pass that integrated something.
    pub fn new(
        store: Arc<dyn Store>,
        signer: Arc<LogSigner>,
        batch: u32,
        wake: Arc<Notify>,
        integrated: Arc<Notify>,
    ) -> Self {
        Self { store, signer, batch: batch.max(1), wake, integrated }
    }

    /// Runs until the task is dropped: a pass on every wake-up and at least every `interval`.
    pub async fn run(self, interval: Duration) {
        let mut failures = 0u32;
        let mut optimized = std::time::Instant::now();
        loop {
            // The log grows here, so the planner's statistics are refreshed here too.
            if optimized.elapsed() > Duration::from_secs(600) {
                optimized = std::time::Instant::now();
                if let Err(e) = self.store.optimize().await {
                    tracing::warn!(error = %e, "refreshing query statistics failed");
                }
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(interval) => {}
            }
            match self.pass().await {
                Ok(report) => {
                    failures = 0;
                    if report.records > 0 {
                        self.integrated.notify_waiters();
                    }
                }
                Err(e) => {
                    failures = failures.saturating_add(1);
                    // Logged once per streak so a database outage does not flood the log.
                    if failures == 1 {
                        tracing::error!(error = %e, "audit integration failed; retrying");
                    }
                    tokio::time::sleep(interval.saturating_mul(failures.min(10))).await;
                }
            }
        }
    }

    /// Integrates everything appended so far.
    pub async fn pass(&self) -> Result<PassReport, StoreError> {
        let backlog = self.store.read(TenantScope::System).await?.audit_backlog().await?;
        let mut total = PassReport::default();
        for b in backlog {
            loop {
                let step = self.integrate_batch(b.tenant_id).await?;
                total.records += step.records;
                total.checkpoints += step.checkpoints;
                if step.records < u64::from(self.batch) {
                    break;
                }
            }
        }
        Ok(total)
    }

    async fn integrate_batch(&self, tenant: TenantId) -> Result<PassReport, StoreError> {
        let mut tx = self.store.write(WriteGrant::for_audit_log()).await?;
        let size = tx.lock_audit_tree(tenant).await?.map_or(0, |t| t.size);
        let records = tx.audit_leaf_hashes(tenant, i64::try_from(size).unwrap_or(i64::MAX), self.batch).await?;
        if records.is_empty() {
            return Ok(PassReport::default());
        }
        let mut tiles = TileSet::new();
        for t in tx.audit_tiles(tenant, &Frontier::tiles_to_resume(size)).await? {
            tiles
                .insert(t.id, tile_from_bytes(&t.hashes).map_err(|e| StoreError::Corrupt(format!("audit tile: {e}")))?);
        }
        let mut frontier =
            Frontier::resume(size, &tiles).map_err(|e| StoreError::Corrupt(format!("audit tree of {tenant}: {e}")))?;
        for &(found, hash) in &records {
            let expected = frontier.size() + 1;
            let (Some(hash), true) = (hash, u64::try_from(found) == Ok(expected)) else {
                // Every pass stops here again until someone looks; the log says so each time on
                // purpose: a gap in the audit log is tampering or corruption, never noise.
                tracing::error!(
                    tenant = %tenant,
                    expected,
                    found,
                    "audit log has a gap, a foreign record or an unreadable record; integration stops here until \
                     it is investigated (`nimbus audit verify`)"
                );
                break;
            };
            frontier.append(hash);
        }
        let integrated = frontier.size() - size;
        if integrated == 0 {
            return Ok(PassReport::default());
        }
        let dirty: Vec<TileRecord> = frontier
            .take_dirty_tiles()
            .into_iter()
            .map(|(id, hashes)| TileRecord { id, hashes: tile_to_bytes(&hashes) })
            .collect();
        tx.put_audit_tiles(tenant, &dirty).await?;
        tx.index_audit_text(tenant, size + 1, frontier.size()).await?;
        let now = Utc::now();
        let root = frontier.root();
        tx.put_audit_tree(&AuditTreeRecord { tenant_id: tenant, size: frontier.size(), root: root.0, updated_at: now })
            .await?;
        let checkpoint = Checkpoint { origin: self.signer.origin(tenant), size: frontier.size(), root };
        tx.insert_audit_checkpoint(&CheckpointRecord {
            tenant_id: tenant,
            size: frontier.size(),
            root: root.0,
            note: self.signer.sign(&checkpoint),
            created_at: now,
        })
        .await?;
        tx.commit().await?;
        Ok(PassReport { records: integrated, checkpoints: 1 })
    }
}
