//! Delivering: [`Notifier::deliver_one`] sends one due delivery and records the outcome
//! (delivered; failed with the next attempt after an exponential backoff; or dead, a dead letter
//! kept for a manual retry), and [`Notifier::send_digests`] turns held deliveries into one
//! digest email per recipient. Both are idempotent and record their changes through the
//! pipeline, and the workflow engine runs them as steps ([`flow`](super::flow)). Owns the
//! outcome rules and the retry schedule; it must not pick deliveries to run (the engine does).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use nimbus_core::audit::{Category, Priority};
use nimbus_core::ids::{ChannelId, DeliveryId, TenantId, UserId};
use serde::Deserialize;
use serde_json::{Value, json};

use super::channels::{ChannelSecrets, EmailSettings};
use super::fanout::{candidates, render_first};
use super::send::{self, SendError};
use super::{CHANNEL_SECRET, Notifier, PAYLOAD};
use crate::engine::RetryPolicy;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, RequestContext};
use crate::store::{DeliveryRecord, DeliveryStatus, TenantScope, WriteTx};

/// What [`Notifier::deliver_one`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent now.
    Delivered,
    /// Failed; another attempt is due then.
    Retrying(DateTime<Utc>),
    /// Failed for the last time (or for good): now a dead letter.
    Dead,
    /// Nothing to do: the delivery was already settled (delivered, dead, held or digested).
    Settled(DeliveryStatus),
}

#[derive(Deserialize)]
struct EmailPayload {
    to: String,
    subject: String,
    body: String,
}

#[derive(Deserialize)]
struct WebhookPayload {
    body: String,
}

/// The engine's retry policy for a delivery of `max_attempts`: `initial · 2^(n-1)` after `n`
/// failed attempts, at most `max`.
pub fn retry_policy(initial: Duration, max: Duration, max_attempts: u32) -> RetryPolicy {
    RetryPolicy { initial_interval: initial, backoff: 2.0, max_interval: max, max_attempts, timeout: None }
}

impl Notifier {
    /// Sends delivery `id` if it is pending, and records the outcome. Calling it again for a
    /// settled delivery does nothing, so it is safe to repeat after a crash.
    pub async fn deliver_one(&self, id: DeliveryId) -> ServiceResult<Outcome> {
        let inner = &self.inner;
        let mut read = inner.store.read(TenantScope::System).await?;
        let d = read
            .notify()
            .notification_delivery(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: format!("delivery {id}") })?;
        if d.status != DeliveryStatus::Pending {
            return Ok(Outcome::Settled(d.status));
        }
        let channel = read.notify().notification_channel(d.channel_id).await?;
        drop(read);
        let result = match channel {
            None => Err(SendError { permanent: true, message: "its channel was deleted".into() }),
            Some(c) if !c.enabled => {
                Err(SendError { permanent: false, message: format!("channel {:?} is disabled", c.name) })
            }
            Some(c) => self.send(&d, &c).await,
        };
        let op = RecordAttempt {
            id,
            tenant: d.tenant_id,
            seen_attempts: d.attempts,
            error: result.err(),
            initial: inner.config.retry_initial,
            max: inner.config.retry_max,
        };
        let rc = RequestContext::local(format!("notify-{id}"));
        inner.pipeline.run(&Caller::System, &rc, op).await
    }

    async fn send(&self, d: &DeliveryRecord, c: &crate::store::ChannelRecord) -> Result<(), SendError> {
        let sealer = &self.inner.sealer;
        let unreadable = |what: &str, e: anyhow::Error| SendError { permanent: true, message: format!("{what}: {e}") };
        let secrets: ChannelSecrets = match &c.sealed_secret {
            Some(s) => sealer.open(CHANNEL_SECRET, &c.id, s).map_err(|e| unreadable("the channel's secret", e))?,
            None => ChannelSecrets::default(),
        };
        let timeout = self.inner.config.send_timeout;
        match c.kind.as_str() {
            "email" => {
                let p: EmailPayload =
                    sealer.open(PAYLOAD, &d.id, &d.payload).map_err(|e| unreadable("the payload", e))?;
                let settings: EmailSettings = serde_json::from_value(c.config.clone())
                    .map_err(|e| SendError { permanent: true, message: format!("the channel's settings: {e}") })?;
                send::email(&settings, secrets.password.as_deref(), &p.to, &p.subject, &p.body, timeout).await
            }
            _ => {
                let p: WebhookPayload =
                    sealer.open(PAYLOAD, &d.id, &d.payload).map_err(|e| unreadable("the payload", e))?;
                let url = secrets
                    .url
                    .as_deref()
                    .ok_or_else(|| SendError { permanent: true, message: "the channel has no URL".into() })?;
                send::webhook(&self.inner.http, url, secrets.key.as_deref(), &p.body).await
            }
        }
    }

    /// Gathers deliveries held for digests (created before `now`) into one email per recipient
    /// and channel, queued as ordinary deliveries; the held ones become `digested`. Returns how
    /// many digests were queued. Safe to call from several replicas at once.
    pub async fn send_digests(&self, now: DateTime<Utc>) -> ServiceResult<u32> {
        let rc = RequestContext::local(format!("notify-digest-{}", now.timestamp()));
        let op = DigestOp { notifier: self.clone(), now };
        self.inner.pipeline.run(&Caller::System, &rc, op).await
    }
}

/// Records one attempt's outcome, if nobody recorded another attempt meanwhile.
struct RecordAttempt {
    id: DeliveryId,
    tenant: TenantId,
    seen_attempts: u32,
    error: Option<SendError>,
    initial: Duration,
    max: Duration,
}

impl Operation for RecordAttempt {
    type Output = Outcome;
    const ACTION: &'static str = "notification:delivery:attempt";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "notification.delivery.record_failed";
    const CATEGORY: Category = Category::System;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Outcome>> {
        let mut d = tx
            .notify()
            .notification_delivery(self.id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: format!("delivery {}", self.id) })?;
        if d.status != DeliveryStatus::Pending || d.attempts != self.seen_attempts {
            return Err(ServiceError::Conflict {
                message: format!("delivery {} was settled by another attempt meanwhile", self.id),
            });
        }
        d.attempts += 1;
        d.updated_at = ctx.now;
        let (outcome, event, priority) = match &self.error {
            None => {
                d.status = DeliveryStatus::Delivered;
                d.delivered_at = Some(ctx.now);
                d.last_error = None;
                (Outcome::Delivered, "notification.delivered", Priority::Debug)
            }
            Some(e) if e.permanent || d.attempts >= d.max_attempts => {
                d.status = DeliveryStatus::Dead;
                d.last_error = Some(e.message.clone());
                (Outcome::Dead, "notification.dead_lettered", Priority::Warn)
            }
            Some(e) => {
                let wait =
                    retry_policy(self.initial, self.max, d.max_attempts).delay_after(d.attempts).unwrap_or(self.max);
                d.next_attempt_at = ctx.now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
                d.last_error = Some(e.message.clone());
                (Outcome::Retrying(d.next_attempt_at), "notification.delivery.failed", Priority::Info)
            }
        };
        tx.notify_mut().update_delivery(&d).await?;
        Ok(Applied::new(outcome).audit(
            AuditDraft::new(self.tenant, event, Category::System)
                .priority(priority)
                .resource("notification_delivery", d.id, Some(d.recipient.clone()))
                .new_value(json!({
                    "kind": d.kind, "event_type": d.event_type, "attempt": d.attempts,
                    "status": d.status.as_str(), "error": d.last_error,
                    "next_attempt_at": (d.status == DeliveryStatus::Pending).then_some(d.next_attempt_at),
                })),
        ))
    }
}

/// Queues the digests.
struct DigestOp {
    notifier: Notifier,
    now: DateTime<Utc>,
}

/// Most held deliveries one digest pass takes (the rest go in the next pass).
const DIGEST_BATCH: u32 = 5000;

impl Operation for DigestOp {
    type Output = u32;
    const ACTION: &'static str = "notification:digest:send";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "notification.digest.failed";
    const CATEGORY: Category = Category::System;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<u32>> {
        let sealer = self.notifier.sealer().clone();
        let held = tx.notify_mut().take_held_deliveries(self.now, DIGEST_BATCH).await?;
        let mut groups: BTreeMap<(TenantId, Option<UserId>, String, ChannelId), Vec<DeliveryRecord>> = BTreeMap::new();
        for d in held {
            groups.entry((d.tenant_id, d.user_id, d.recipient.clone(), d.channel_id)).or_default().push(d);
        }
        let mut per_tenant: BTreeMap<TenantId, u32> = BTreeMap::new();
        for ((tenant, user, recipient, channel), items) in groups {
            let mut rows = Vec::new();
            for d in &items {
                let p: Value = sealer.open(PAYLOAD, &d.id, &d.payload).unwrap_or_else(|e| {
                    tracing::warn!(delivery = %d.id, error = %e, "a held delivery cannot be opened; listed without text");
                    json!({})
                });
                rows.push(json!({
                    "event_type": d.event_type, "category": d.category,
                    "subject": p.get("subject").cloned().unwrap_or(Value::Null),
                    "body": p.get("body").cloned().unwrap_or(Value::Null),
                    "at": d.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                }));
            }
            let t = tx.tenant(tenant).await?;
            let own = tx.notify().notification_templates(Some(tenant)).await?;
            let global = tx.notify().notification_templates(None).await?;
            let context = json!({
                "event_type": "notification.digest", "category": "system",
                "tenant": { "id": tenant, "name": t.as_ref().map(|t| t.name.clone()), "slug": t.map(|t| t.slug) },
                "recipient": { "email": recipient, "name": "" },
                "data": { "count": rows.len(), "items": rows }, "private": {},
                "at": self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            });
            let r = render_first(&candidates(&own, &global, "notification.digest", "email"), "email", &context)?;
            let id = DeliveryId::generate();
            let payload = json!({ "to": recipient, "subject": r.subject, "body": r.body });
            let digest = DeliveryRecord {
                id,
                tenant_id: tenant,
                channel_id: channel,
                kind: "email".into(),
                recipient: recipient.clone(),
                user_id: user,
                event_type: "notification.digest".into(),
                category: "system".into(),
                payload: sealer.seal(PAYLOAD, &id, &payload)?,
                status: DeliveryStatus::Pending,
                attempts: 0,
                max_attempts: sealer.max_attempts,
                next_attempt_at: ctx.now,
                last_error: None,
                created_at: ctx.now,
                updated_at: ctx.now,
                delivered_at: None,
            };
            tx.notify_mut().insert_delivery(&digest).await?;
            super::flow::start_delivery(tx, &digest).await?;
            for mut d in items {
                d.status = DeliveryStatus::Digested;
                d.updated_at = ctx.now;
                tx.notify_mut().update_delivery(&d).await?;
            }
            *per_tenant.entry(tenant).or_default() += 1;
        }
        let total = per_tenant.values().sum();
        let mut applied = Applied::new(total);
        for (tenant, n) in &per_tenant {
            applied = applied.audit(
                AuditDraft::new(*tenant, "notification.digest.queued", Category::System)
                    .priority(Priority::Debug)
                    .new_value(json!({ "digests": n })),
            );
        }
        if per_tenant.is_empty() {
            // Nothing held: the pass still leaves a trace, in the provider's log.
            applied = applied.audit(
                AuditDraft::new(self.notifier.inner.root_tenant, "notification.digest.queued", Category::System)
                    .priority(Priority::Debug)
                    .new_value(json!({ "digests": 0 })),
            );
        }
        Ok(applied)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::sync::Arc;

    use nimbus_core::ids::UserId;

    use super::*;
    use crate::authz::Authorizer;
    use crate::config::{DatabaseConfig, NotificationsConfig};
    use crate::keys::MasterKey;
    use crate::notify::fanout::{Notice, enqueue};
    use crate::pipeline::Pipeline;
    use crate::store::sqlite::SqliteStore;
    use crate::store::{ChannelRecord, PreferenceRecord, Store, TenantRecord, UserRecord, UserStatus, WriteGrant};

    #[tokio::test]
    async fn digests_gather_held_mail_once_and_settled_deliveries_stay_settled_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(&dir.path().join("n.db"), &DatabaseConfig::default()).await.unwrap());
        digests(store).await;
    }

    #[tokio::test]
    async fn digests_gather_held_mail_once_and_settled_deliveries_stay_settled_postgres() {
        let db = nimbus_e2e::TestDatabase::create().await.unwrap();
        let store: Arc<dyn Store> = Arc::new(
            crate::store::postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default())
                .await
                .unwrap(),
        );
        digests(store).await;
    }

    /// A held email for a user who chose digests becomes part of one digest email; a second
    /// pass finds nothing; a settled delivery is left alone by `deliver_one`.
    async fn digests(store: Arc<dyn Store>) {
        let tenant = TenantId::generate();
        let authz = Arc::new(Authorizer::new(store.clone()));
        let pipeline = Pipeline::new(store.clone(), Some(tenant), authz);
        let config = NotificationsConfig::default();
        let n = Notifier::new(store.clone(), tenant, pipeline, Arc::new(MasterKey::generate()), config).unwrap();
        let now = Utc::now();
        let user = UserId::generate();
        let mut tx = store.write(WriteGrant::new_for_pipeline(TenantScope::System)).await.unwrap();
        tx.insert_tenant(&TenantRecord::new(tenant, None, "Acme".into(), "acme".into(), 0, now)).await.unwrap();
        tx.insert_user(&UserRecord {
            id: user,
            tenant_id: tenant,
            email: "a@acme.test".into(),
            display_name: "A".into(),
            password_hash: None,
            status: UserStatus::Active,
            created_at: now,
            updated_at: now,
        })
        .await
        .unwrap();
        tx.notify_mut()
            .put_notification_channel(&ChannelRecord {
                id: ChannelId::generate(),
                tenant_id: tenant,
                name: "smtp".into(),
                kind: "email".into(),
                enabled: true,
                config: json!({ "host": "localhost", "from": "n@acme.test", "security": "none" }),
                sealed_secret: None,
                events: vec!["*".into()],
                created_at: now,
                updated_at: now,
            })
            .await
            .unwrap();
        tx.notify_mut()
            .put_notification_preference(&PreferenceRecord {
                user_id: user,
                tenant_id: tenant,
                category: "system".into(),
                channel: "email".into(),
                mode: "digest".into(),
                updated_at: now,
            })
            .await
            .unwrap();
        for title in ["first", "second"] {
            let notice = Notice {
                tenant,
                event_type: "ops.note".into(),
                category: "system".into(),
                users: vec![user],
                addresses: Vec::new(),
                data: json!({ "title": title }),
                private: json!({}),
            };
            let q = enqueue(tx.as_mut(), n.sealer(), &notice, now).await.unwrap();
            assert_eq!((q.in_app, q.deliveries), (1, 1));
        }
        tx.commit().await.unwrap();

        let later = now + chrono::Duration::seconds(1);
        assert_eq!(n.send_digests(later).await.unwrap(), 1);
        assert_eq!(n.send_digests(later).await.unwrap(), 0, "nothing is gathered twice");
        let mut read = store.read(TenantScope::System).await.unwrap();
        let all = read.notify().notification_deliveries(tenant, None, 10).await.unwrap();
        let statuses: Vec<&str> = all.iter().map(|d| d.status.as_str()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == "digested").count(), 2, "{statuses:?}");
        let digest = all.iter().find(|d| d.event_type == "notification.digest").unwrap();
        assert_eq!(digest.status, DeliveryStatus::Pending);
        let payload: Value = n.sealer().open(PAYLOAD, &digest.id, &digest.payload).unwrap();
        assert_eq!(payload["to"], "a@acme.test");
        let body = payload["body"].as_str().unwrap();
        assert!(body.contains("[Nimbus] first") && body.contains("[Nimbus] second"), "{body}");
        assert!(payload["subject"].as_str().unwrap().contains("2 notifications"), "{payload}");

        let digested = all.iter().find(|d| d.status == DeliveryStatus::Digested).unwrap();
        assert_eq!(n.deliver_one(digested.id).await.unwrap(), Outcome::Settled(DeliveryStatus::Digested));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_stops_at_the_last_attempt() {
        let s = Duration::from_secs;
        let p = retry_policy(s(30), s(3600), 300);
        assert_eq!(p.delay_after(1), Some(s(30)));
        assert_eq!(p.delay_after(2), Some(s(60)));
        assert_eq!(p.delay_after(3), Some(s(120)));
        assert_eq!(p.delay_after(8), Some(s(3600)));
        assert_eq!(p.delay_after(200), Some(s(3600)));
        assert_eq!(retry_policy(s(30), s(3600), 5).delay_after(5), None, "the fifth failure is the last");
    }
}
