//! The outbox relay: every replica publishes every committed domain event (workflow runs and
//! steps, and whatever else services enqueue) to its own live event stream.
//!
//! Each replica tails the outbox with a cursor of its own ([`OutboxPos`]) instead of taking
//! rows, so a subscriber of any replica sees the events committed on all of them. On PostgreSQL
//! the store returns only rows of transactions older than every running one (see
//! [`wf_outbox_after`](crate::store::workflow::WorkflowRead::wf_outbox_after)), so no committed
//! row falls behind the cursor however commits interleave; `LISTEN nimbus_outbox` wakes the
//! relay at each commit that wrote events, polling is the fallback. Events stay in the outbox
//! for `workflows.events_retention` (the recurring job `system.outbox-prune`), which is how far
//! back a subscriber reconnecting with `Last-Event-ID` catches up. Owns publication; it must not
//! decide who sees an event (the events endpoint filters by tenant after authorization).

use std::sync::Arc;
use std::time::Duration;

use nimbus_core::api::audit::StreamEvent;
use tokio::sync::Notify;

use crate::audit::hub::EventHub;
use crate::store::workflow::OutboxPos;
use crate::store::{Store, StoreResult, TenantScope};

/// The channel the store notifies when a transaction wrote outbox events.
pub const CHANNEL: &str = "nimbus_outbox";
/// Longest wait between looks at the outbox.
const POLL: Duration = Duration::from_millis(250);
/// Events read per round trip.
const BATCH: u32 = 1000;

/// Relays until the task is dropped; `wake` shortens the wait (`LISTEN` on a PostgreSQL
/// `database_url` tells it too). Starts at the present: earlier events are for catch-up.
pub async fn run(store: Arc<dyn Store>, hub: EventHub, wake: Arc<Notify>, database_url: Option<String>) {
    if let Some(url) = database_url {
        super::wake::listen_on(url, CHANNEL, wake.clone());
    }
    let mut cursor = loop {
        match head(&store).await {
            Ok(c) => break c,
            Err(e) => {
                tracing::warn!(error = %e, "cannot read the outbox head; retrying");
                tokio::time::sleep(POLL).await;
            }
        }
    };
    hub.set_domain_head(cursor);
    loop {
        match relay_once(&store, &hub, &mut cursor).await {
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

async fn head(store: &Arc<dyn Store>) -> StoreResult<OutboxPos> {
    store.read(TenantScope::System).await?.workflows().wf_outbox_head().await
}

async fn relay_once(store: &Arc<dyn Store>, hub: &EventHub, cursor: &mut OutboxPos) -> StoreResult<usize> {
    let events = store.read(TenantScope::System).await?.workflows().wf_outbox_after(*cursor, BATCH).await?;
    let n = events.len();
    for (pos, e) in events {
        *cursor = pos;
        hub.publish_domain(
            StreamEvent {
                id: String::new(),
                topic: e.topic,
                tenant_id: e.tenant_id,
                at: e.created_at,
                data: e.payload,
            },
            pos,
        );
    }
    Ok(n)
}
