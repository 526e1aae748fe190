//! Notifications on the workflow engine. Every delivery that is due (queued by an operation, a
//! digest, or a manual retry of a dead letter) gets a run of [`DELIVER`] on queue [`QUEUE`],
//! started in the same transaction that queued it ([`start_delivery`]), so a delivery and its
//! run exist exactly when the change that caused them commits.
//!
//! The run makes attempts as journaled steps (`attempt-1`, `attempt-2`, …), each one
//! [`Notifier::deliver_one`], and between failed attempts sleeps durably for the engine's
//! [`RetryPolicy`] backoff (`notifications.retry_initial`, doubling, at most `retry_max`): a
//! backoff releases the run, and any replica resumes it. The last failed attempt makes the
//! delivery a dead letter and fails the run; `nimbus notification dlq retry` re-queues the
//! delivery with a new run. The daily digest is the recurring job
//! [`NOTIFICATION_DIGEST`](crate::engine::jobs::NOTIFICATION_DIGEST). Owns the workflows; the
//! sending and the outcome rules stay in [`deliver`](super::deliver).

use chrono::{DateTime, Utc};
use nimbus_core::ids::DeliveryId;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Notifier;
use super::deliver::Outcome;
use crate::engine::{Registry, RetryPolicy, StartOptions, WfError, jobs};
use crate::error::ServiceError;
use crate::store::{DeliveryRecord, StoreResult, WriteTx};

/// The delivery workflow.
pub const DELIVER: &str = "notify.deliver";
/// Its version.
pub const DELIVER_VERSION: u32 = 1;
/// The queue deliveries run on (`[workflows.queues.notify]` bounds them).
pub const QUEUE: &str = "notify";

/// Retries of one attempt's bookkeeping (the store unreachable for a moment), not of the send:
/// a send's failure is an outcome, recorded and retried after the delivery's own backoff.
fn bookkeeping() -> RetryPolicy {
    RetryPolicy::default().attempts(5)
}

/// Starts the delivery's run in `tx`, the transaction that queued it (or re-queued a dead
/// letter): one run per delivery and attempt count, by idempotency key.
pub(crate) async fn start_delivery(tx: &mut dyn WriteTx, d: &DeliveryRecord) -> StoreResult<()> {
    let options = StartOptions {
        idempotency_key: Some(format!("{}:{}", d.id, d.attempts)),
        tags: [("delivery".to_owned(), d.id.to_string()), ("channel".to_owned(), d.kind.clone())].into(),
        ..Default::default()
    };
    crate::engine::start_in(tx, d.tenant_id, DELIVER, DELIVER_VERSION, QUEUE, json!({ "delivery_id": d.id }), options)
        .await?;
    Ok(())
}

/// One attempt as journaled.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Attempt {
    /// `delivered`, `retrying`, `dead`, `gone` (purged), or the status a settled delivery
    /// already had.
    outcome: String,
    /// When the next attempt is due (`retrying`).
    retry_at: Option<DateTime<Utc>>,
}

impl From<Outcome> for Attempt {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Delivered => Self { outcome: "delivered".into(), retry_at: None },
            Outcome::Retrying(at) => Self { outcome: "retrying".into(), retry_at: Some(at) },
            Outcome::Dead => Self { outcome: "dead".into(), retry_at: None },
            Outcome::Settled(s) => Self { outcome: s.as_str().into(), retry_at: None },
        }
    }
}

/// Registers [`DELIVER`] and the daily digest job with `notifier` doing the work.
pub fn register(registry: &mut Registry, notifier: &Notifier) {
    let n = notifier.clone();
    registry.register_on(DELIVER, DELIVER_VERSION, QUEUE, move |ctx, input| {
        let n = n.clone();
        async move {
            let id: DeliveryId = input
                .get("delivery_id")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| WfError::Failed("the run's input names no delivery_id".into()))?;
            let n = &n;
            let mut attempt = 1u32;
            loop {
                let a: Attempt = ctx
                    .step(&format!("attempt-{attempt}"), bookkeeping(), move |_| async move {
                        match n.deliver_one(id).await {
                            Ok(o) => Ok(Attempt::from(o)),
                            // Purged with its tenant: nothing left to send.
                            Err(ServiceError::NotFound { .. }) => {
                                Ok(Attempt { outcome: "gone".into(), retry_at: None })
                            }
                            Err(e) => Err(e),
                        }
                    })
                    .await?;
                match (a.outcome.as_str(), a.retry_at) {
                    ("retrying", Some(at)) => ctx.sleep_until(at).await?,
                    ("dead", _) => {
                        return Err(WfError::Failed(format!(
                            "delivery {id} is a dead letter after attempt {attempt}; \
                             `nimbus notification dlq retry {id}` queues it again"
                        )));
                    }
                    (status, _) => return Ok(json!({ "delivery_id": id, "status": status, "attempts": attempt })),
                }
                attempt += 1;
            }
        }
    });
    let n = notifier.clone();
    jobs::register_notification_digest(registry, move |ctx, _input| {
        let n = n.clone();
        async move {
            let now = ctx.now().await?;
            let queued: u32 = ctx.step("gather-held", RetryPolicy::default(), |_| n.send_digests(now)).await?;
            Ok(json!({ "digests": queued }))
        }
    });
}

/// The digest job's cron expression for `notifications.digest_hour`.
pub fn digest_cron(hour: u32) -> String {
    format!("0 0 {} * * *", hour.min(23))
}
