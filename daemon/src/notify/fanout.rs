//! Turning one event into notifications inside the transaction of the change that caused it:
//! in-app rows for users who want them, email deliveries (now, or held for the daily digest)
//! through the tenant's SMTP channel (or the nearest ancestor's), and webhook deliveries to the
//! tenant's channels whose patterns match; each due delivery's engine run starts in the same
//! transaction. Owns template choice (tenant, then global, then
//! built-in: a stored template that fails to render falls back to the next) and preferences;
//! it must not send anything or open a transaction of its own.

use chrono::{DateTime, Utc};
use nimbus_core::ids::{DeliveryId, NotificationId, TenantId, UserId};
use serde_json::{Value, json};

use super::channels::event_matches;
use super::render::{Rendered, default_template, render};
use super::{PAYLOAD, Sealer};
use crate::error::{ServiceError, ServiceResult};
use crate::store::{ChannelRecord, DeliveryRecord, DeliveryStatus, InboxRecord, TemplateRecord, WriteTx};

/// One event to notify about.
#[derive(Debug, Clone)]
pub struct Notice {
    /// Tenant it happened in.
    pub tenant: TenantId,
    /// Dotted event type (picks templates; webhooks filter on it).
    pub event_type: String,
    /// Category (preferences are per category).
    pub category: String,
    /// Users to notify (in-app and email, as their preferences say).
    pub users: Vec<UserId>,
    /// Addresses to email directly, without an account (an invitee).
    pub addresses: Vec<String>,
    /// What every template sees as `data` (webhooks and in-app included).
    pub data: Value,
    /// What only templates of direct emails see as `private` (an invitation's token).
    pub private: Value,
}

/// What one notice queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Queued {
    /// In-app rows written.
    pub in_app: u32,
    /// Deliveries queued (held ones included).
    pub deliveries: u32,
}

/// A preference's mode for a category and channel (`on` when never set).
async fn mode(tx: &mut dyn WriteTx, user: UserId, category: &str, channel: &str) -> ServiceResult<String> {
    Ok(tx
        .notify()
        .notification_preferences(user)
        .await?
        .into_iter()
        .find(|p| p.category == category && p.channel == channel)
        .map_or_else(|| "on".to_owned(), |p| p.mode))
}

/// The enabled email channel of `tenant`, or of its nearest ancestor that has one.
pub(crate) async fn email_channel(tx: &mut dyn WriteTx, tenant: TenantId) -> ServiceResult<Option<ChannelRecord>> {
    let mut next = Some(tenant);
    while let Some(t) = next {
        if let Some(c) =
            tx.notify().notification_channels(t).await?.into_iter().find(|c| c.kind == "email" && c.enabled)
        {
            return Ok(Some(c));
        }
        next = tx.tenant(t).await?.and_then(|t| t.parent_id);
    }
    Ok(None)
}

/// Templates that could render `event_type` on `channel`, most specific first.
pub(crate) fn candidates<'a>(
    own: &'a [TemplateRecord],
    global: &'a [TemplateRecord],
    event_type: &str,
    channel: &str,
) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for set in [own, global] {
        if let Some(t) = set.iter().find(|t| t.event_type == event_type && t.channel == channel) {
            out.push((t.subject.as_str(), t.body.as_str()));
        }
    }
    out.push(default_template(event_type, channel));
    out
}

/// Renders with the first candidate that renders; a stored template that fails at run time is
/// logged and skipped, so a bad template never blocks the change that notifies.
pub(crate) fn render_first(candidates: &[(&str, &str)], channel: &str, ctx: &Value) -> ServiceResult<Rendered> {
    let mut last = None;
    for (subject, body) in candidates {
        match render(channel, subject, body, ctx) {
            Ok(r) => return Ok(r),
            Err(e) => {
                tracing::warn!(channel, error = %e, "a notification template failed to render; using the next one");
                last = Some(e);
            }
        }
    }
    Err(ServiceError::Internal(anyhow::anyhow!(
        "no template renders: {}",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

struct Ctx<'a> {
    notice: &'a Notice,
    tenant: Value,
    now: DateTime<Utc>,
    own: Vec<TemplateRecord>,
    global: Vec<TemplateRecord>,
}

impl Ctx<'_> {
    fn context(&self, recipient: Value, private: bool) -> Value {
        json!({
            "event_type": self.notice.event_type,
            "category": self.notice.category,
            "tenant": self.tenant,
            "recipient": recipient,
            "data": self.notice.data,
            "private": if private { self.notice.private.clone() } else { json!({}) },
            "at": self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        })
    }

    fn render(&self, channel: &str, ctx: &Value) -> ServiceResult<Rendered> {
        render_first(&candidates(&self.own, &self.global, &self.notice.event_type, channel), channel, ctx)
    }
}

#[allow(clippy::too_many_arguments)]
fn delivery(
    sealer: &Sealer,
    notice: &Notice,
    channel: &ChannelRecord,
    recipient: String,
    user: Option<UserId>,
    payload: &Value,
    status: DeliveryStatus,
    now: DateTime<Utc>,
) -> ServiceResult<DeliveryRecord> {
    let id = DeliveryId::generate();
    Ok(DeliveryRecord {
        id,
        tenant_id: notice.tenant,
        channel_id: channel.id,
        kind: channel.kind.clone(),
        recipient,
        user_id: user,
        event_type: notice.event_type.clone(),
        category: notice.category.clone(),
        payload: sealer.seal(PAYLOAD, &id, payload)?,
        status,
        attempts: 0,
        max_attempts: sealer.max_attempts,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        updated_at: now,
        delivered_at: None,
    })
}

/// Stores a delivery; a due one (not held for a digest) gets its engine run in the same
/// transaction.
async fn insert(tx: &mut dyn WriteTx, d: &DeliveryRecord) -> ServiceResult<()> {
    tx.notify_mut().insert_delivery(d).await?;
    if d.status == DeliveryStatus::Pending {
        super::flow::start_delivery(tx, d).await?;
    }
    Ok(())
}

/// Writes the notifications and deliveries `notice` calls for, in `tx`.
pub async fn enqueue(
    tx: &mut dyn WriteTx,
    sealer: &Sealer,
    notice: &Notice,
    now: DateTime<Utc>,
) -> ServiceResult<Queued> {
    let tenant = tx
        .tenant(notice.tenant)
        .await?
        .ok_or_else(|| ServiceError::NotFound { what: format!("tenant {}", notice.tenant) })?;
    let own = tx.notify().notification_templates(Some(notice.tenant)).await?;
    let global = tx.notify().notification_templates(None).await?;
    let ctx =
        Ctx { notice, tenant: json!({ "id": tenant.id, "name": tenant.name, "slug": tenant.slug }), now, own, global };
    let email = email_channel(tx, notice.tenant).await?;
    let mut queued = Queued::default();

    for &user_id in &notice.users {
        let Some(user) = tx.user(user_id).await? else { continue };
        let recipient = json!({ "email": user.email, "name": user.display_name });
        let context = ctx.context(recipient, false);
        if mode(tx, user_id, &notice.category, "in_app").await? != "off" {
            let r = ctx.render("in_app", &context)?;
            tx.notify_mut()
                .insert_inbox(&InboxRecord {
                    id: NotificationId::generate(),
                    tenant_id: notice.tenant,
                    user_id,
                    category: notice.category.clone(),
                    event_type: notice.event_type.clone(),
                    title: r.subject,
                    body: r.body,
                    data: notice.data.clone(),
                    created_at: now,
                    read_at: None,
                })
                .await?;
            queued.in_app += 1;
        }
        let email_mode = mode(tx, user_id, &notice.category, "email").await?;
        if let (Some(channel), true) = (&email, email_mode != "off") {
            let r = ctx.render("email", &context)?;
            let status = if email_mode == "digest" { DeliveryStatus::Held } else { DeliveryStatus::Pending };
            let payload = json!({ "to": user.email, "subject": r.subject, "body": r.body });
            let d = delivery(sealer, notice, channel, user.email.clone(), Some(user_id), &payload, status, now)?;
            insert(tx, &d).await?;
            queued.deliveries += 1;
        }
    }

    if let Some(channel) = &email {
        for address in &notice.addresses {
            let context = ctx.context(json!({ "email": address, "name": "" }), true);
            let r = ctx.render("email", &context)?;
            let payload = json!({ "to": address, "subject": r.subject, "body": r.body });
            let d = delivery(sealer, notice, channel, address.clone(), None, &payload, DeliveryStatus::Pending, now)?;
            insert(tx, &d).await?;
            queued.deliveries += 1;
        }
    }

    let hooks: Vec<ChannelRecord> = tx
        .notify()
        .notification_channels(notice.tenant)
        .await?
        .into_iter()
        .filter(|c| c.kind == "webhook" && c.enabled && c.events.iter().any(|p| event_matches(p, &notice.event_type)))
        .collect();
    if !hooks.is_empty() {
        let r = ctx.render("webhook", &ctx.context(Value::Null, false))?;
        for hook in &hooks {
            let origin = hook.config.get("url").and_then(Value::as_str).unwrap_or_default().to_owned();
            let payload = json!({ "body": r.body });
            let d = delivery(sealer, notice, hook, origin, None, &payload, DeliveryStatus::Pending, now)?;
            insert(tx, &d).await?;
            queued.deliveries += 1;
        }
    }
    Ok(queued)
}
