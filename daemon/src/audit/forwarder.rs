//! SIEM forwarding: every integrated audit record and every signed checkpoint, delivered to the
//! configured syslog receiver and/or webhook, at least once.
//!
//! The log itself is the outbox: each sink keeps a per-tenant cursor in the database, advanced
//! only after a send succeeded, so a crash or an unreachable receiver delays delivery and never
//! loses it (a resend after a crash may repeat a batch; receivers dedupe on tenant + seq).
//! Forwarding the checkpoints as well means a history rewritten in the database later no longer
//! matches what the SIEM holds. One replica forwards per sink at a time (a lease in the
//! database). Owns delivery progress and retries; the formats and transports are
//! [`super::siem`]'s.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use nimbus_core::ids::TenantId;
use nimbus_core::tlog::Hash;
use tokio::sync::Notify;

use super::siem::{
    SiemError, SiemEvent, SyslogConfig, SyslogSink, WebhookConfig, WebhookSink, cef, rfc5424, webhook_body,
};
use crate::store::{CheckpointRecord, ForwardCursor, Store, StoreError, StoredAudit, TenantScope, WriteGrant};

/// Records per send.
const BATCH: u32 = 500;
/// How long a replica holds a sink before another may take over.
const LEASE: chrono::TimeDelta = chrono::TimeDelta::seconds(30);
/// Longest wait between retries.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

enum Sink {
    Syslog { config: SyslogConfig, conn: Option<SyslogSink> },
    Webhook(WebhookSink),
}

/// Why a pass stopped.
#[derive(Debug, thiserror::Error)]
enum ForwardError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Siem(#[from] SiemError),
}

/// Delivers one sink.
pub struct Forwarder {
    store: Arc<dyn Store>,
    name: &'static str,
    holder: String,
    sink: Sink,
    /// Delivery positions while this replica holds the lease (read from the database when it
    /// takes the lease, since another replica may have moved them).
    cursors: Option<HashMap<TenantId, ForwardCursor>>,
    /// Trees changed before this were fully delivered.
    since: chrono::DateTime<Utc>,
}

impl std::fmt::Debug for Forwarder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forwarder").field("sink", &self.name).finish_non_exhaustive()
    }
}

impl Forwarder {
    /// A syslog forwarder.
    pub fn syslog(store: Arc<dyn Store>, config: SyslogConfig) -> Self {
        Self::with_sink(store, "syslog", Sink::Syslog { config, conn: None })
    }

    fn with_sink(store: Arc<dyn Store>, name: &'static str, sink: Sink) -> Self {
        Self {
            store,
            name,
            holder: uuid::Uuid::now_v7().to_string(),
            sink,
            cursors: None,
            since: chrono::DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    /// A webhook forwarder; fails on a configuration that can never work (bad URL, unreadable
    /// secret file).
    pub fn webhook(store: Arc<dyn Store>, config: &WebhookConfig) -> anyhow::Result<Self> {
        let sink = WebhookSink::new(config).map_err(|e| anyhow::anyhow!("audit.siem.webhook: {e}"))?;
        Ok(Self::with_sink(store, "webhook", Sink::Webhook(sink)))
    }

    /// Runs until the task is dropped: a pass whenever records are integrated, at least every
    /// second, backing off while the receiver fails.
    pub async fn run(mut self, integrated: Arc<Notify>) {
        let mut backoff = Duration::from_secs(1);
        loop {
            tokio::select! {
                () = integrated.notified() => {}
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
            match self.pass().await {
                Ok(sent) => {
                    if sent > 0 && backoff > Duration::from_secs(1) {
                        tracing::info!(sink = self.name, "SIEM forwarding recovered");
                    }
                    backoff = Duration::from_secs(1);
                }
                Err(e) => {
                    if backoff == Duration::from_secs(1) {
                        tracing::error!(sink = self.name, error = %e, "SIEM forwarding failed; retrying with backoff (nothing is lost)");
                    }
                    if let ForwardError::Siem(s) = &e
                        && !s.is_retryable()
                    {
                        tracing::error!(sink = self.name, error = %e, "the SIEM receiver rejects events; fix its configuration");
                    }
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    /// Forwards everything not yet delivered; returns how many events were sent.
    async fn pass(&mut self) -> Result<u64, ForwardError> {
        let now = Utc::now();
        let mut tx = self.store.write(WriteGrant::for_audit_log()).await?;
        let leased = tx.take_audit_forward_lease(self.name, &self.holder, now + LEASE, now).await?;
        tx.commit().await?;
        if !leased {
            self.cursors = None;
            return Ok(0);
        }
        let mut read = self.store.read(TenantScope::System).await?;
        let mut cursors = match self.cursors.take() {
            Some(c) => c,
            None => {
                self.since = chrono::DateTime::<Utc>::UNIX_EPOCH;
                read.audit_forward_cursors(self.name).await?.into_iter().map(|c| (c.tenant_id, c)).collect()
            }
        };
        // Only trees that moved since the last complete pass (with overlap for clock skew
        // between replicas); a failed pass keeps `since`, so nothing is skipped.
        let trees = read.audit_trees_changed(self.since - chrono::Duration::seconds(5)).await?;
        drop(read);
        let newest = trees.iter().map(|t| t.updated_at).max();
        let outcome = self.deliver(trees, &mut cursors).await;
        self.cursors = Some(cursors);
        let sent = outcome?;
        if let Some(n) = newest {
            self.since = self.since.max(n);
        }
        Ok(sent)
    }

    /// Sends every tree's undelivered records and checkpoints, advancing `cursors` as it goes.
    async fn deliver(
        &mut self,
        trees: Vec<crate::store::AuditTreeRecord>,
        cursors: &mut HashMap<TenantId, ForwardCursor>,
    ) -> Result<u64, ForwardError> {
        let mut sent = 0;
        for tree in trees {
            let cursor = cursors.entry(tree.tenant_id).or_insert(ForwardCursor {
                tenant_id: tree.tenant_id,
                seq: 0,
                checkpoint_size: 0,
            });
            while cursor.seq < tree.size || cursor.checkpoint_size < tree.size {
                let mut read = self.store.read(TenantScope::System).await?;
                let records: Vec<StoredAudit> = read
                    .audit_after(tree.tenant_id, i64::try_from(cursor.seq).unwrap_or(i64::MAX), BATCH)
                    .await?
                    .into_iter()
                    .filter(|r| u64::try_from(r.seq).is_ok_and(|s| s <= tree.size))
                    .collect();
                let upto = records.last().map_or(cursor.seq, |r| u64::try_from(r.seq).unwrap_or(0));
                let checkpoints: Vec<CheckpointRecord> =
                    read.audit_checkpoints(tree.tenant_id, cursor.checkpoint_size + 1, upto, 10_000).await?;
                drop(read);
                if records.is_empty() && checkpoints.is_empty() {
                    break;
                }
                let roots: Vec<String> = checkpoints.iter().map(|c| Hash(c.root).to_string()).collect();
                let mut events = Vec::with_capacity(records.len() + checkpoints.len());
                let mut next = 0;
                for r in &records {
                    let seq = u64::try_from(r.seq).unwrap_or(0);
                    while next < checkpoints.len() && checkpoints[next].size < seq {
                        events.push(checkpoint_event(&checkpoints[next], &roots[next]));
                        next += 1;
                    }
                    events.push(SiemEvent::Record { seq, entry: &r.entry });
                }
                for (c, root) in checkpoints[next..].iter().zip(&roots[next..]) {
                    events.push(checkpoint_event(c, root));
                }
                self.send(&events).await?;
                sent += events.len() as u64;
                cursor.seq = upto;
                if let Some(c) = checkpoints.last() {
                    cursor.checkpoint_size = c.size;
                }
                let mut tx = self.store.write(WriteGrant::for_audit_log()).await?;
                tx.put_audit_forward_cursor(self.name, cursor, Utc::now()).await?;
                tx.commit().await?;
                if records.len() < BATCH as usize && checkpoints.is_empty() {
                    break;
                }
            }
        }
        Ok(sent)
    }

    async fn send(&mut self, events: &[SiemEvent<'_>]) -> Result<(), ForwardError> {
        match &mut self.sink {
            Sink::Syslog { config, conn } => {
                if conn.is_none() {
                    *conn = Some(SyslogSink::connect(config).await?);
                }
                let Some(sink) = conn.as_mut() else { return Ok(()) };
                let version = env!("CARGO_PKG_VERSION");
                let frames: Vec<String> =
                    events.iter().map(|e| rfc5424(e, sink.hostname(), &cef(e, version))).collect();
                if let Err(e) = sink.send(&frames).await {
                    // The connection is spent after an error: reconnect on the next try.
                    *conn = None;
                    return Err(e.into());
                }
                Ok(())
            }
            Sink::Webhook(sink) => Ok(sink.send(&webhook_body(events)).await?),
        }
    }
}

fn checkpoint_event<'a>(c: &'a CheckpointRecord, root: &'a str) -> SiemEvent<'a> {
    SiemEvent::Checkpoint { tenant: c.tenant_id, size: c.size, root_hex: root, note: &c.note, at: c.created_at }
}
