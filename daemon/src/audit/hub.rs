//! The live event stream's source in this replica: audit records as they are integrated, from
//! whichever replica integrated them, fanned out to subscribers.
//!
//! A poller follows the `audit_trees` heads (woken by the local integrator, and at least every
//! `POLL` for other replicas' work), reads the newly integrated records and broadcasts them.
//! Subscribers that fall behind the channel, or reconnect with `Last-Event-ID`, catch up from the
//! database with [`EventHub::replay`]. Owns the fan-out; it must not decide who may see which
//! event (the events endpoint filters by tenant after authorization).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use nimbus_core::api::audit::{AuditRecord, StreamEvent};
use nimbus_core::ids::TenantId;
use tokio::sync::{Notify, broadcast};

use crate::store::{Store, StoreError, StoredAudit, TenantScope};

/// Longest wait before another replica's integration shows up here.
const POLL: Duration = Duration::from_millis(250);
/// Events kept for slow subscribers before they must catch up from the database.
const CAPACITY: usize = 4096;
/// Records read per catch-up round trip.
const BATCH: u32 = 500;

/// One event with the position it has in its tenant's log.
#[derive(Debug, Clone)]
pub struct HubEvent {
    /// Tenant.
    pub tenant: TenantId,
    /// Sequence number in the tenant's log.
    pub seq: u64,
    /// The event as sent.
    pub event: StreamEvent,
    /// A domain event from the outbox (workflow runs and steps, …): live only, it has no place
    /// in the tenant's log and is not replayed on reconnect.
    pub domain: bool,
}

/// Fan-out of integrated audit records.
#[derive(Clone)]
pub struct EventHub {
    store: Arc<dyn Store>,
    tx: broadcast::Sender<Arc<HubEvent>>,
}

impl std::fmt::Debug for EventHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventHub").field("subscribers", &self.tx.receiver_count()).finish()
    }
}

/// The stream event of a stored record.
pub fn record_event(r: &StoredAudit) -> HubEvent {
    let seq = u64::try_from(r.seq).unwrap_or(0);
    let record = AuditRecord::from_entry(seq, &r.entry);
    HubEvent {
        tenant: r.entry.tenant_id,
        seq,
        event: StreamEvent {
            id: String::new(),
            topic: "audit.record".into(),
            tenant_id: r.entry.tenant_id,
            at: r.entry.occurred_at,
            data: serde_json::to_value(&record).unwrap_or_default(),
        },
        domain: false,
    }
}

impl EventHub {
    /// A hub over `store`; call [`run`](Self::run) on a task to feed it.
    pub fn new(store: Arc<dyn Store>) -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        Self { store, tx }
    }

    /// A new subscription to live events.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<HubEvent>> {
        self.tx.subscribe()
    }

    /// Publishes a domain event (from the outbox relay) to live subscribers.
    pub fn publish_domain(&self, event: StreamEvent) {
        // Sending fails only when nobody subscribes; that is fine.
        let _ = self.tx.send(Arc::new(HubEvent { tenant: event.tenant_id, seq: 0, event, domain: true }));
    }

    /// Records of `tenant` after `after`, up to `limit`.
    pub async fn replay(&self, tenant: TenantId, after: u64, limit: u32) -> Result<Vec<HubEvent>, StoreError> {
        let mut read = self.store.read(TenantScope::System).await?;
        // Only integrated records are events: the stream never shows what a checkpoint does not cover yet.
        let size = read.audit_tree(tenant).await?.map_or(0, |t| t.size);
        if after >= size {
            return Ok(Vec::new());
        }
        let rows = read.audit_after(tenant, i64::try_from(after).unwrap_or(i64::MAX), limit).await?;
        Ok(rows.iter().filter(|r| u64::try_from(r.seq).unwrap_or(0) <= size).map(record_event).collect())
    }

    /// The newest integrated position of each tenant (where a new subscriber starts).
    pub async fn heads(&self, tenants: &[TenantId]) -> Result<HashMap<TenantId, u64>, StoreError> {
        let mut read = self.store.read(TenantScope::System).await?;
        let mut out = HashMap::new();
        for t in tenants {
            out.insert(*t, read.audit_tree(*t).await?.map_or(0, |x| x.size));
        }
        Ok(out)
    }

    /// Feeds the hub until the task is dropped.
    pub async fn run(self, integrated: Arc<Notify>) {
        let mut published: HashMap<TenantId, u64> = HashMap::new();
        // Start from the present: history is for `replay`.
        let mut since: DateTime<Utc> = DateTime::<Utc>::UNIX_EPOCH;
        let mut first = true;
        loop {
            match self.poll(&mut published, &mut since, first).await {
                Ok(()) => first = false,
                Err(e) => tracing::warn!(error = %e, "event stream poll failed; retrying"),
            }
            tokio::select! {
                () = integrated.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    async fn poll(
        &self,
        published: &mut HashMap<TenantId, u64>,
        since: &mut DateTime<Utc>,
        first: bool,
    ) -> Result<(), StoreError> {
        // A little overlap: replicas' clocks and commit order may differ slightly.
        let from = *since - chrono::Duration::seconds(2);
        let trees = self.store.read(TenantScope::System).await?.audit_trees_changed(from).await?;
        for tree in trees {
            *since = (*since).max(tree.updated_at);
            let done = published.entry(tree.tenant_id).or_insert(if first { tree.size } else { 0 });
            while *done < tree.size {
                if self.tx.receiver_count() == 0 {
                    // Nobody listens: skip ahead instead of reading records for no one.
                    *done = tree.size;
                    break;
                }
                let batch = self.replay(tree.tenant_id, *done, BATCH).await?;
                if batch.is_empty() {
                    break;
                }
                for ev in batch {
                    *done = ev.seq;
                    // Sending fails only when nobody subscribes; that is fine.
                    let _ = self.tx.send(Arc::new(ev));
                }
            }
        }
        Ok(())
    }
}
