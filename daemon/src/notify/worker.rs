//! The stand-in delivery loop, until the workflow engine runs [`Notifier::deliver_one`] and
//! [`Notifier::send_digests`] as steps: it claims due deliveries (leases on their next-attempt
//! time; `FOR UPDATE SKIP LOCKED` on PostgreSQL, so replicas never take the same one), runs them
//! a few at a time, and sends the digests once a day at `notifications.digest_hour`. Kept to
//! this one module so the engine can replace it whole; it holds no rules of its own.

use chrono::{Datelike, Timelike, Utc};
use futures::StreamExt;
use nimbus_core::ids::DeliveryId;

use super::Notifier;
use crate::store::{StoreResult, WriteGrant};

/// Deliveries claimed per pass.
const BATCH: u32 = 32;
/// Deliveries sent at once.
const PARALLEL: usize = 8;

/// Starts the loop on a background task.
pub fn spawn(notifier: Notifier) -> tokio::task::JoinHandle<()> {
    tokio::spawn(run(notifier))
}

async fn claim(n: &Notifier) -> StoreResult<Vec<DeliveryId>> {
    let now = Utc::now();
    // A claimed delivery is not due again until the lease runs out: enough for one send.
    let lease = chrono::Duration::from_std(n.config().send_timeout * 2).unwrap_or(chrono::Duration::minutes(1));
    let mut tx = n.inner.store.write(WriteGrant::for_delivery_leases()).await?;
    let ids = tx.notify_mut().claim_due_deliveries(now, now + lease, BATCH).await?;
    tx.commit().await?;
    Ok(ids)
}

async fn run(n: Notifier) {
    let mut last_digest: Option<(i32, u32)> = None;
    loop {
        let now = Utc::now();
        let today = (now.year(), now.ordinal());
        if now.hour() == n.config().digest_hour && last_digest != Some(today) {
            match n.send_digests(now).await {
                Ok(_) => last_digest = Some(today),
                Err(e) => tracing::warn!(error = %e, "sending notification digests failed; retrying"),
            }
        }
        let ids = match claim(&n).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!(error = %e, "cannot claim notification deliveries; retrying");
                Vec::new()
            }
        };
        let busy = ids.len() as u32 == BATCH;
        futures::stream::iter(ids)
            .for_each_concurrent(PARALLEL, |id| {
                let n = n.clone();
                async move {
                    if let Err(e) = n.deliver_one(id).await {
                        tracing::warn!(delivery = %id, error = %e, "recording a notification delivery failed");
                    }
                }
            })
            .await;
        if !busy {
            let _ = tokio::time::timeout(n.config().poll_interval, n.inner.wake.notified()).await;
        }
    }
}
