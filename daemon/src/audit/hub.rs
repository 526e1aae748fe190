//! The live event stream's source in this replica: audit records as they are integrated, from
//! whichever replica integrated them, and the domain events the outbox relay
//! ([`crate::engine::relay`]) reads, fanned out to subscribers.
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

use crate::store::workflow::OutboxPos;
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
    /// A domain event from the outbox (workflow runs and steps, …): it has no place in the
    /// tenant's log; its place is `pos` in the outbox, where a reconnecting subscriber resumes.
    pub domain: bool,
    /// Outbox position of a domain event.
    pub pos: OutboxPos,
}

/// Fan-out of integrated audit records and relayed domain events.
#[derive(Clone)]
pub struct EventHub {
    store: Arc<dyn Store>,
    tx: broadcast::Sender<Arc<HubEvent>>,
    /// The outbox position of the last domain event published (where new subscribers start).
    domain_head: Arc<std::sync::Mutex<OutboxPos>>,
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
        pos: OutboxPos::default(),
    }
}

impl EventHub {
    /// A hub over `store`; call [`run`](Self::run) on a task to feed it.
    pub fn new(store: Arc<dyn Store>) -> Self {
        let (tx, _) = broadcast::channel(CAPACITY);
        Self { store, tx, domain_head: Arc::default() }
    }

    /// A new subscription to live events.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<HubEvent>> {
        self.tx.subscribe()
    }

    /// Publishes a domain event (from the outbox relay, in outbox order) to live subscribers.
    pub fn publish_domain(&self, event: StreamEvent, pos: OutboxPos) {
        self.set_domain_head(pos);
        // Sending fails only when nobody subscribes; that is fine.
        let _ = self.tx.send(Arc::new(HubEvent { tenant: event.tenant_id, seq: 0, event, domain: true, pos }));
    }

    /// Moves the domain head (the relay's starting point, then each published event).
    pub fn set_domain_head(&self, pos: OutboxPos) {
        *self.domain_head.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = pos;
    }

    /// The outbox position of the last domain event published here.
    pub fn domain_head(&self) -> OutboxPos {
        *self.domain_head.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Where a new subscriber's domain events start: the last one published here, or, before
    /// the relay has started, the outbox's head (never its beginning).
    pub async fn domain_start(&self) -> OutboxPos {
        let head = self.domain_head();
        if head != OutboxPos::default() {
            return head;
        }
        match self.store.read(TenantScope::System).await {
            Ok(mut r) => r.workflows().wf_outbox_head().await.unwrap_or(head),
            Err(_) => head,
        }
    }

    /// Domain events after `after` from the outbox (a reconnecting or lagging subscriber's
    /// catch-up), up to `limit`, of every tenant: the caller filters.
    pub async fn replay_domain(&self, after: OutboxPos, limit: u32) -> Result<Vec<HubEvent>, StoreError> {
        let rows = self.store.read(TenantScope::System).await?.workflows().wf_outbox_after(after, limit).await?;
        Ok(rows
            .into_iter()
            .map(|(pos, e)| HubEvent {
                tenant: e.tenant_id,
                seq: 0,
                event: StreamEvent {
                    id: String::new(),
                    topic: e.topic,
                    tenant_id: e.tenant_id,
                    at: e.created_at,
                    data: e.payload,
                },
                domain: true,
                pos,
            })
            .collect())
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
