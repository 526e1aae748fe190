//! The outbox relay: publishes committed domain events (workflow runs and steps, and whatever
//! else services enqueue) to this replica's live event stream, marking them published.
//!
//! Each event is taken by one replica (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so with several
//! replicas a subscriber sees the events its own replica relayed; audit records, by contrast,
//! reach every replica's stream. Owns publication; it must not decide who sees an event (the
//! events endpoint filters by tenant after authorization).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use nimbus_core::api::audit::StreamEvent;
use tokio::sync::Notify;

use crate::audit::hub::EventHub;
use crate::store::{Store, StoreResult, WriteGrant};

/// Longest wait between looks at the outbox.
const POLL: Duration = Duration::from_millis(250);
/// Events taken per transaction.
const BATCH: u32 = 1000;

/// Relays until the task is dropped; `wake` shortens the wait after local commits.
pub async fn run(store: Arc<dyn Store>, hub: EventHub, wake: Arc<Notify>) {
    loop {
        match relay_once(&store, &hub).await {
            Ok(n) if n as u32 == BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "outbox relay failed; retrying"),
        }
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

async fn relay_once(store: &Arc<dyn Store>, hub: &EventHub) -> StoreResult<usize> {
    let mut tx = store.write(WriteGrant::for_engine()).await?;
    let events = tx.workflows_mut().wf_take_outbox(BATCH, Utc::now()).await?;
    tx.commit().await?;
    let n = events.len();
    for e in events {
        hub.publish_domain(StreamEvent {
            id: String::new(),
            topic: e.topic,
            tenant_id: e.tenant_id,
            at: e.created_at,
            data: e.payload,
        });
    }
    Ok(n)
}
