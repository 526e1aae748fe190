//! Notifications as use cases: the caller's inbox (list, read, read all) and preferences;
//! a tenant's channels, templates, deliveries and dead letters; sending a notification.
//!
//! Inbox and preferences act only on the caller's own rows (selected by user id); everything
//! else checks its `notification:*` permission on the tenant. Channel secrets are sealed before
//! they reach the store and never leave it; templates are checked in the sandbox before they
//! are stored, and a refusal names the field.

use nimbus_core::api::notifications::{
    CATEGORIES, Channel, ChannelList, CreateChannel, Delivery, DeliveryList, MarkedRead, Notification,
    NotificationList, Preference, PreferenceList, SendNotification, Sent, SetPreferences, SetTemplate, Template,
    TemplateList, UpdateChannel,
};
use nimbus_core::audit::{Category, Priority};
use nimbus_core::ids::{ChannelId, DeliveryId, NotificationId, TemplateId, TenantId};
use serde_json::json;

use super::Services;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::notify::channels::{self, ChannelSecrets};
use crate::notify::fanout::{self, Notice};
use crate::notify::render::{self, default_template};
use crate::notify::{CHANNEL_SECRET, Sealer};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, RequestContext};
use crate::services::tenancy::check_name;
use crate::store::{
    ChannelRecord, DeliveryRecord, DeliveryStatus, InboxRecord, PreferenceRecord, StoreError, TemplateRecord,
    TenantScope, WriteTx,
};

/// Most notifications one list returns.
const MAX_LIST: u32 = 500;

fn inbox_dto(n: InboxRecord) -> Notification {
    Notification {
        id: n.id,
        tenant_id: n.tenant_id,
        category: n.category,
        event_type: n.event_type,
        title: n.title,
        body: n.body,
        created_at: n.created_at,
        read_at: n.read_at,
    }
}

fn channel_dto(c: &ChannelRecord) -> Channel {
    Channel {
        id: c.id,
        tenant_id: c.tenant_id,
        name: c.name.clone(),
        kind: c.kind.clone(),
        enabled: c.enabled,
        config: c.config.clone(),
        // A webhook's sealed part always holds its URL; whether it signs is in its config.
        has_secret: match c.kind.as_str() {
            "webhook" => c.config.get("signed").and_then(serde_json::Value::as_bool).unwrap_or(false),
            _ => c.sealed_secret.is_some(),
        },
        events: c.events.clone(),
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

fn delivery_dto(d: DeliveryRecord) -> Delivery {
    Delivery {
        id: d.id,
        tenant_id: d.tenant_id,
        channel_id: d.channel_id,
        kind: d.kind,
        recipient: d.recipient,
        event_type: d.event_type,
        status: d.status.as_str().to_owned(),
        attempts: d.attempts,
        max_attempts: d.max_attempts,
        next_attempt_at: d.next_attempt_at,
        last_error: d.last_error,
        created_at: d.created_at,
        delivered_at: d.delivered_at,
    }
}

fn template_dto(t: &TemplateRecord) -> Template {
    Template {
        id: Some(t.id),
        scope: if t.tenant_id.is_some() { "tenant" } else { "global" }.to_owned(),
        tenant_id: t.tenant_id,
        event_type: t.event_type.clone(),
        channel: t.channel.clone(),
        subject: t.subject.clone(),
        body: t.body.clone(),
        updated_at: Some(t.updated_at),
    }
}

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid { message: message.into() }
}

fn check_event_type(event_type: &str) -> ServiceResult<()> {
    let ok = !event_type.is_empty()
        && event_type.len() <= 128
        && event_type.contains('.')
        && event_type.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_'));
    if ok {
        Ok(())
    } else {
        Err(invalid(format!("event_type: {event_type:?} must be dotted lowercase, e.g. `ops.maintenance`")))
    }
}

fn check_category(category: &str) -> ServiceResult<()> {
    if CATEGORIES.contains(&category) {
        Ok(())
    } else {
        Err(invalid(format!("category: {category:?} is not one of {}", CATEGORIES.join(", "))))
    }
}

impl Services {
    /// The notification machinery.
    pub fn notifier(&self) -> &crate::notify::Notifier {
        &self.notifier
    }

    /// The caller's notifications, newest first.
    pub async fn list_notifications(
        &self,
        principal: &Principal,
        unread_only: bool,
        limit: Option<u32>,
    ) -> ServiceResult<NotificationList> {
        let limit = limit.unwrap_or(100).clamp(1, MAX_LIST);
        // Only the caller's rows, selected by their id, from whichever tenant they came.
        let mut read = self.store.read(TenantScope::System).await?;
        let rows = read.notify().inbox(principal.user_id(), unread_only, limit).await?;
        let unread = read.notify().inbox_unread(principal.user_id()).await?;
        Ok(NotificationList { notifications: rows.into_iter().map(inbox_dto).collect(), unread })
    }

    /// Marks one of the caller's notifications read (`None`: all of them).
    pub async fn mark_notifications_read(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        id: Option<NotificationId>,
    ) -> ServiceResult<MarkedRead> {
        let marked = self.pipeline.run(&Caller::User(principal.clone()), rc, MarkReadOp { id }).await?;
        Ok(MarkedRead { marked })
    }

    /// The caller's preferences: every category × channel (`in_app`, `email`), `on` unless set.
    pub async fn notification_preferences(&self, principal: &Principal) -> ServiceResult<PreferenceList> {
        let stored =
            self.store.read(TenantScope::System).await?.notify().notification_preferences(principal.user_id()).await?;
        let mut preferences = Vec::new();
        for category in CATEGORIES {
            for channel in ["in_app", "email"] {
                let mode = stored
                    .iter()
                    .find(|p| p.category == *category && p.channel == channel)
                    .map_or("on", |p| p.mode.as_str());
                preferences.push(Preference {
                    category: (*category).to_owned(),
                    channel: channel.to_owned(),
                    mode: mode.to_owned(),
                });
            }
        }
        Ok(PreferenceList { preferences })
    }

    /// Sets some of the caller's preferences.
    pub async fn set_notification_preferences(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        req: SetPreferences,
    ) -> ServiceResult<PreferenceList> {
        for p in &req.preferences {
            check_category(&p.category)?;
            match (p.channel.as_str(), p.mode.as_str()) {
                ("in_app", "on" | "off") | ("email", "on" | "off" | "digest") => {}
                ("in_app" | "email", m) => {
                    return Err(invalid(format!(
                        "mode: {m:?} is not allowed for {}; use on, off{}",
                        p.channel,
                        if p.channel == "email" { " or digest" } else { "" }
                    )));
                }
                (c, _) => return Err(invalid(format!("channel: {c:?}; preferences are for in_app and email"))),
            }
        }
        self.pipeline.run(&Caller::User(principal.clone()), rc, SetPreferencesOp { prefs: req.preferences }).await?;
        self.notification_preferences(principal).await
    }

    async fn notify_check(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        permission: &'static str,
    ) -> ServiceResult<(TenantId, crate::authz::Authorized)> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, permission, Target { tenant, compartment: None }).await?;
        Ok((tenant, ok))
    }

    /// A tenant's channels (never their secrets).
    pub async fn list_channels(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<ChannelList> {
        let (tenant, ok) = self.notify_check(principal, rc, key, "notification:channel:read").await?;
        let rows = self.store.read(ok.scope()).await?.notify().notification_channels(tenant).await?;
        Ok(ChannelList { channels: rows.iter().map(channel_dto).collect() })
    }

    /// Creates a channel.
    pub async fn create_channel(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateChannel,
    ) -> ServiceResult<Channel> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let name = check_name("channel", &req.name)?;
        let events = req.events.unwrap_or_else(|| vec!["*".to_owned()]);
        channels::check_events(&events)?;
        let (config, secrets) =
            channels::prepare(&req.kind, &req.config, req.secret.as_deref(), ChannelSecrets::default())?;
        let op = ChannelOp {
            tenant,
            sealer: self.notifier.sealer().clone(),
            change: ChannelChange::Create {
                name,
                kind: req.kind,
                config,
                secrets,
                events,
                enabled: req.enabled.unwrap_or(true),
            },
        };
        let c = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(channel_dto(&c))
    }

    /// Changes a channel.
    pub async fn update_channel(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: ChannelId,
        req: UpdateChannel,
    ) -> ServiceResult<Channel> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        if let Some(events) = &req.events {
            channels::check_events(events)?;
        }
        let op =
            ChannelOp { tenant, sealer: self.notifier.sealer().clone(), change: ChannelChange::Update { id, req } };
        let c = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(channel_dto(&c))
    }

    /// Deletes a channel and its deliveries.
    pub async fn delete_channel(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: ChannelId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let op = ChannelOp { tenant, sealer: self.notifier.sealer().clone(), change: ChannelChange::Delete { id } };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await.map(|_| ())
    }

    /// Templates that apply to a tenant: its own, the global ones, and the built-in defaults of
    /// the event types any of them names (plus the built-in catch-alls, event type `*`).
    pub async fn list_templates(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<TemplateList> {
        let (tenant, ok) = self.notify_check(principal, rc, key, "notification:template:read").await?;
        let mut read = self.store.read(ok.scope()).await?;
        let own = read.notify().notification_templates(Some(tenant)).await?;
        let global = read.notify().notification_templates(None).await?;
        let mut templates: Vec<Template> = own.iter().chain(global.iter()).map(template_dto).collect();
        let mut events: Vec<&str> = vec!["invitation.created", "notification.digest", "*"];
        events.extend(own.iter().chain(global.iter()).map(|t| t.event_type.as_str()));
        events.sort_unstable();
        events.dedup();
        for event in events {
            for channel in ["email", "in_app", "webhook"] {
                let (subject, body) = default_template(event, channel);
                templates.push(Template {
                    id: None,
                    scope: "default".into(),
                    tenant_id: None,
                    event_type: event.to_owned(),
                    channel: channel.to_owned(),
                    subject: subject.to_owned(),
                    body: body.to_owned(),
                    updated_at: None,
                });
            }
        }
        Ok(TemplateList { templates })
    }

    /// Sets a template of the tenant, or a global one (`global`, checked at the root tenant).
    pub async fn set_template(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: SetTemplate,
    ) -> ServiceResult<Template> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        check_event_type(&req.event_type)?;
        if !["email", "webhook", "in_app"].contains(&req.channel.as_str()) {
            return Err(invalid(format!("channel: {:?}; use email, webhook or in_app", req.channel)));
        }
        render::check(&req.channel, &req.subject, &req.body).map_err(|e| invalid(e.to_string()))?;
        let target = if req.global { self.provider.root_tenant_id } else { tenant };
        let op = TemplateOp { target, global: req.global, change: TemplateChange::Set(req) };
        let t = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(template_dto(&t.ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("template not returned")))?))
    }

    /// Deletes a template of the tenant (or a global one, at the root tenant).
    pub async fn delete_template(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: TemplateId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let mut read = self.store.read(TenantScope::System).await?;
        let global = read.notify().notification_templates(None).await?.iter().any(|t| t.id == id);
        drop(read);
        let target = if global { self.provider.root_tenant_id } else { tenant };
        let op = TemplateOp { target, global, change: TemplateChange::Delete(id) };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await.map(|_| ())
    }

    /// A tenant's deliveries, newest first; `status` `dead` lists the dead letters.
    pub async fn list_deliveries(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        status: Option<&str>,
        limit: Option<u32>,
    ) -> ServiceResult<DeliveryList> {
        let status = status
            .map(|s| {
                DeliveryStatus::parse(s)
                    .map_err(|_| invalid(format!("status: {s:?}; use pending, delivered, dead, held or digested")))
            })
            .transpose()?;
        let (tenant, ok) = self.notify_check(principal, rc, key, "notification:delivery:read").await?;
        let rows = self
            .store
            .read(ok.scope())
            .await?
            .notify()
            .notification_deliveries(tenant, status, limit.unwrap_or(100).clamp(1, MAX_LIST))
            .await?;
        Ok(DeliveryList { deliveries: rows.into_iter().map(delivery_dto).collect() })
    }

    /// Puts a dead letter back in the queue with a fresh set of attempts.
    pub async fn retry_delivery(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: DeliveryId,
    ) -> ServiceResult<Delivery> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let max_attempts = self.notifier.config().max_attempts;
        let d = self.pipeline.run(&Caller::User(principal.clone()), rc, RetryOp { tenant, id, max_attempts }).await?;
        self.engine.poke();
        Ok(delivery_dto(d))
    }

    /// Sends a notification to users of the tenant and its webhooks.
    pub async fn send_notification(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: SendNotification,
    ) -> ServiceResult<Sent> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        check_event_type(&req.event_type)?;
        check_category(&req.category)?;
        let notice = Notice {
            tenant,
            event_type: req.event_type,
            category: req.category,
            users: req.user_ids,
            addresses: Vec::new(),
            data: if req.data.is_null() { json!({}) } else { req.data },
            private: json!({}),
        };
        let op = SendOp { notice, sealer: self.notifier.sealer().clone() };
        let q = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        self.engine.poke();
        Ok(Sent { in_app: q.in_app, deliveries: q.deliveries })
    }
}

struct MarkReadOp {
    id: Option<NotificationId>,
}

impl Operation for MarkReadOp {
    type Output = u64;
    const ACTION: &'static str = "notification:inbox:read";
    const ACCESS: Access = Access::Authenticated;
    const EVENT: &'static str = "notification.read_failed";
    const CATEGORY: Category = Category::Data;
    const OWN_ROWS: bool = true;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<u64>> {
        let p = ctx.principal()?;
        if let Some(id) = self.id {
            // Someone else's notification reads as missing.
            let mine = tx.notify().inbox(p.user_id(), false, u32::MAX).await?.iter().any(|n| n.id == id);
            if !mine {
                return Err(ServiceError::NotFound { what: format!("notification {id}") });
            }
        }
        let marked = tx.notify_mut().mark_inbox_read(p.user_id(), self.id, ctx.now).await?;
        let draft = AuditDraft::new(p.tenant_id(), "notification.read", Category::Data)
            .priority(Priority::Debug)
            .new_value(json!({ "notification_id": self.id, "all": self.id.is_none(), "marked": marked }));
        Ok(Applied::new(marked).audit(match self.id {
            Some(id) => draft.resource("notification", id, None),
            None => draft,
        }))
    }
}

struct SetPreferencesOp {
    prefs: Vec<Preference>,
}

impl Operation for SetPreferencesOp {
    type Output = ();
    const ACTION: &'static str = "notification:preference:update";
    const ACCESS: Access = Access::Authenticated;
    const EVENT: &'static str = "notification.preferences.update_failed";
    const CATEGORY: Category = Category::User;
    const OWN_ROWS: bool = true;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let p = ctx.principal()?;
        let home = tx
            .user(p.user_id())
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: "your account".into() })?
            .tenant_id;
        for pref in &self.prefs {
            tx.notify_mut()
                .put_notification_preference(&PreferenceRecord {
                    user_id: p.user_id(),
                    tenant_id: home,
                    category: pref.category.clone(),
                    channel: pref.channel.clone(),
                    mode: pref.mode.clone(),
                    updated_at: ctx.now,
                })
                .await?;
        }
        Ok(Applied::new(()).audit(
            AuditDraft::new(home, "notification.preferences.updated", Category::User)
                .resource("user", p.user_id(), None)
                .new_value(serde_json::to_value(&self.prefs).unwrap_or_default()),
        ))
    }
}

enum ChannelChange {
    Create {
        name: String,
        kind: String,
        config: serde_json::Value,
        secrets: ChannelSecrets,
        events: Vec<String>,
        enabled: bool,
    },
    Update {
        id: ChannelId,
        req: UpdateChannel,
    },
    Delete {
        id: ChannelId,
    },
}

struct ChannelOp {
    tenant: TenantId,
    sealer: Sealer,
    change: ChannelChange,
}

fn seal_secrets(sealer: &Sealer, id: ChannelId, secrets: &ChannelSecrets) -> ServiceResult<Option<String>> {
    if secrets.password.is_none() && secrets.url.is_none() && secrets.key.is_none() {
        return Ok(None);
    }
    let value = serde_json::to_value(secrets).map_err(|e| ServiceError::Internal(e.into()))?;
    Ok(Some(sealer.seal(CHANNEL_SECRET, &id, &value)?))
}

/// What a webhook channel shows about its key: only whether it signs.
fn mark_signed(kind: &str, config: &mut serde_json::Value, secrets: &ChannelSecrets) {
    if kind == "webhook"
        && let Some(o) = config.as_object_mut()
    {
        o.insert("signed".into(), json!(secrets.key.is_some()));
    }
}

impl Operation for ChannelOp {
    type Output = ChannelRecord;
    const ACTION: &'static str = "notification:channel:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "notification.channel.change_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ChannelRecord>> {
        let (record, event) = match self.change {
            ChannelChange::Create { name, kind, mut config, secrets, events, enabled } => {
                let id = ChannelId::generate();
                mark_signed(&kind, &mut config, &secrets);
                let c = ChannelRecord {
                    id,
                    tenant_id: self.tenant,
                    name,
                    kind,
                    enabled,
                    config,
                    sealed_secret: seal_secrets(&self.sealer, id, &secrets)?,
                    events,
                    created_at: ctx.now,
                    updated_at: ctx.now,
                };
                tx.notify_mut().put_notification_channel(&c).await.map_err(|e| match e {
                    StoreError::Conflict(_) => {
                        ServiceError::Conflict { message: format!("a channel named {:?} exists", c.name) }
                    }
                    other => other.into(),
                })?;
                (c, "notification.channel.created")
            }
            ChannelChange::Update { id, req } => {
                let mut c = tx
                    .notify()
                    .notification_channel(id)
                    .await?
                    .filter(|c| c.tenant_id == self.tenant)
                    .ok_or_else(|| ServiceError::NotFound { what: format!("channel {id}") })?;
                if req.config.is_some() || req.secret.is_some() {
                    let previous: ChannelSecrets = match &c.sealed_secret {
                        Some(s) => self.sealer.open(CHANNEL_SECRET, &c.id, s)?,
                        None => ChannelSecrets::default(),
                    };
                    let mut raw = req.config.clone().unwrap_or_else(|| c.config.clone());
                    if c.kind == "webhook" && req.config.is_none() {
                        // The stored config shows only the origin; keep the sealed URL.
                        raw = json!({});
                    } else if c.kind == "email"
                        && req.config.is_none()
                        && let Some(o) = raw.as_object_mut()
                    {
                        o.remove("signed");
                    }
                    let (mut config, secrets) = channels::prepare(&c.kind, &raw, req.secret.as_deref(), previous)?;
                    mark_signed(&c.kind, &mut config, &secrets);
                    c.config = config;
                    c.sealed_secret = seal_secrets(&self.sealer, c.id, &secrets)?;
                }
                if let Some(events) = req.events {
                    c.events = events;
                }
                if let Some(enabled) = req.enabled {
                    c.enabled = enabled;
                }
                c.updated_at = ctx.now;
                tx.notify_mut().put_notification_channel(&c).await?;
                (c, "notification.channel.updated")
            }
            ChannelChange::Delete { id } => {
                let c = tx
                    .notify()
                    .notification_channel(id)
                    .await?
                    .filter(|c| c.tenant_id == self.tenant)
                    .ok_or_else(|| ServiceError::NotFound { what: format!("channel {id}") })?;
                tx.notify_mut().delete_notification_channel(self.tenant, id).await?;
                (c, "notification.channel.deleted")
            }
        };
        Ok(Applied::new(record.clone()).audit(
            AuditDraft::new(self.tenant, event, Category::System)
                .priority(Priority::Warn)
                .resource("notification_channel", record.id, Some(record.name.clone()))
                // Shown settings only: the secrets are sealed and never described.
                .new_value(json!({ "kind": record.kind, "enabled": record.enabled, "config": record.config, "events": record.events })),
        ))
    }
}

enum TemplateChange {
    Set(SetTemplate),
    Delete(TemplateId),
}

struct TemplateOp {
    /// The tenant the permission is checked on (the root tenant for a global template).
    target: TenantId,
    global: bool,
    change: TemplateChange,
}

impl Operation for TemplateOp {
    type Output = Option<TemplateRecord>;
    const ACTION: &'static str = "notification:template:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "notification.template.change_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.target, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let owner = (!self.global).then_some(self.target);
        match self.change {
            TemplateChange::Set(req) => {
                let t = TemplateRecord {
                    id: TemplateId::generate(),
                    tenant_id: owner,
                    event_type: req.event_type,
                    channel: req.channel,
                    subject: req.subject,
                    body: req.body,
                    created_at: ctx.now,
                    updated_at: ctx.now,
                };
                tx.notify_mut().put_notification_template(&t).await?;
                let stored = tx
                    .notify()
                    .notification_templates(owner)
                    .await?
                    .into_iter()
                    .find(|s| s.event_type == t.event_type && s.channel == t.channel)
                    .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("the template was not stored")))?;
                Ok(Applied::new(Some(stored.clone())).audit(
                    AuditDraft::new(self.target, "notification.template.set", Category::System)
                        .resource(
                            "notification_template",
                            stored.id,
                            Some(format!("{} {}", stored.event_type, stored.channel)),
                        )
                        .new_value(
                            json!({ "global": self.global, "event_type": stored.event_type, "channel": stored.channel,
                                           "subject": stored.subject, "body": stored.body }),
                        ),
                ))
            }
            TemplateChange::Delete(id) => {
                if !tx.notify().notification_templates(owner).await?.iter().any(|t| t.id == id) {
                    return Err(ServiceError::NotFound { what: format!("template {id}") });
                }
                tx.notify_mut().delete_notification_template(id).await?;
                Ok(Applied::new(None).audit(
                    AuditDraft::new(self.target, "notification.template.deleted", Category::System)
                        .resource("notification_template", id, None)
                        .new_value(json!({ "global": self.global })),
                ))
            }
        }
    }
}

struct RetryOp {
    tenant: TenantId,
    id: DeliveryId,
    max_attempts: u32,
}

impl Operation for RetryOp {
    type Output = DeliveryRecord;
    const ACTION: &'static str = "notification:delivery:retry";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "notification.delivery.retry_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<DeliveryRecord>> {
        let mut d = tx
            .notify()
            .notification_delivery(self.id)
            .await?
            .filter(|d| d.tenant_id == self.tenant)
            .ok_or_else(|| ServiceError::NotFound { what: format!("delivery {}", self.id) })?;
        if d.status != DeliveryStatus::Dead {
            return Err(ServiceError::Conflict {
                message: format!("delivery {} is {}; only dead letters are retried", d.id, d.status.as_str()),
            });
        }
        d.status = DeliveryStatus::Pending;
        d.max_attempts = d.attempts + self.max_attempts;
        d.next_attempt_at = ctx.now;
        d.updated_at = ctx.now;
        tx.notify_mut().update_delivery(&d).await?;
        crate::notify::flow::start_delivery(tx, &d).await?;
        Ok(Applied::new(d.clone()).audit(
            AuditDraft::new(self.tenant, "notification.delivery.retried", Category::System)
                .priority(Priority::Warn)
                .resource("notification_delivery", d.id, Some(d.recipient.clone()))
                .new_value(
                    json!({ "attempts": d.attempts, "max_attempts": d.max_attempts, "last_error": d.last_error }),
                ),
        ))
    }
}

struct SendOp {
    notice: Notice,
    sealer: Sealer,
}

impl Operation for SendOp {
    type Output = fanout::Queued;
    const ACTION: &'static str = "notification:message:send";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "notification.send_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.notice.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<fanout::Queued>> {
        for user in &self.notice.users {
            // Only people of this tenant (home or member) can be notified from it.
            let u = tx.user(*user).await?.ok_or_else(|| ServiceError::NotFound { what: format!("user {user}") })?;
            if u.tenant_id != self.notice.tenant && !tx.is_member(u.id, self.notice.tenant).await? {
                return Err(ServiceError::NotFound { what: format!("user {user} in this tenant") });
            }
        }
        let q = fanout::enqueue(tx, &self.sealer, &self.notice, ctx.now).await?;
        Ok(Applied::new(q).audit(
            AuditDraft::new(self.notice.tenant, "notification.sent", Category::System)
                .new_value(json!({ "event_type": self.notice.event_type, "category": self.notice.category,
                                   "users": self.notice.users, "in_app": q.in_app, "deliveries": q.deliveries })),
        ))
    }
}
