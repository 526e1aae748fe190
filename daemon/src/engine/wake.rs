//! PostgreSQL wake-ups: `LISTEN nimbus_workflows`, notified by every commit that makes a run
//! claimable (the store issues `pg_notify` in those transactions). A lost connection only
//! delays work to the next poll; the listener reconnects with a pause. SQLite has one process,
//! whose own commits wake it. The outbox relay listens the same way on its own channel. Owns
//! the listening connections; nothing else.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// The channel the store notifies.
pub const CHANNEL: &str = "nimbus_workflows";

/// Listens on PostgreSQL URLs; does nothing for others.
pub fn listen(url: String, wake: Arc<Notify>) {
    listen_on(url, CHANNEL, wake);
}

/// Listens to `channel` on PostgreSQL URLs (the outbox relay's too); does nothing for others.
pub fn listen_on(url: String, channel: &'static str, wake: Arc<Notify>) {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return;
    }
    tokio::spawn(async move {
        loop {
            match sqlx::postgres::PgListener::connect(&url).await {
                Ok(mut l) => {
                    if let Err(e) = l.listen(channel).await {
                        tracing::warn!(error = %e, "LISTEN failed; polling only");
                    } else {
                        loop {
                            match l.recv().await {
                                Ok(_) => wake.notify_one(),
                                Err(e) => {
                                    tracing::debug!(error = %e, "workflow wake-up connection lost; reconnecting");
                                    break;
                                }
                            }
                        }
                    }
                }
                Err(e) => tracing::debug!(error = %e, "cannot connect for workflow wake-ups; polling only"),
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    });
}
