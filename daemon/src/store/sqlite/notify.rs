//! SQLite queries of notifications: channels, templates, preferences, the inbox and
//! deliveries, each bounded by the handle's tenant scope as everywhere on SQLite (global
//! templates are visible to all; a user's preferences wherever the user is). No rules beyond
//! mapping rows and enforcing the scope.

use chrono::{DateTime, Utc};
use nimbus_core::ids::{ChannelId, DeliveryId, NotificationId, TemplateId, TenantId, UserId};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{opt_time, opt_uuid, time, ts, uuid};
use crate::store::notify::{
    ChannelRecord, DeliveryRecord, DeliveryStatus, InboxRecord, PreferenceRecord, TemplateRecord,
};
use crate::store::{StoreError, StoreResult, TenantScope};

/// A connection with the scope it may see.
pub(super) struct NotifyQ<'a> {
    pub(super) conn: &'a Connection,
    pub(super) scope: &'a TenantScope,
}

fn bad(col: usize) -> impl FnOnce(StoreError) -> rusqlite::Error {
    move |e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, col: usize) -> rusqlite::Result<T> {
    let s: String = r.get(col)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e)))
}

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(format!("cannot encode: {e}")))
}

fn collect<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, f)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const CHANNEL_COLUMNS: &str =
    "id, tenant_id, name, kind, enabled, config, sealed_secret, events, created_at, updated_at";

fn channel_at(r: &Row<'_>) -> rusqlite::Result<ChannelRecord> {
    Ok(ChannelRecord {
        id: ChannelId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        name: r.get(2)?,
        kind: r.get(3)?,
        enabled: r.get(4)?,
        config: json(r, 5)?,
        sealed_secret: r.get(6)?,
        events: json(r, 7)?,
        created_at: time(r, 8)?,
        updated_at: time(r, 9)?,
    })
}

const TEMPLATE_COLUMNS: &str = "id, tenant_id, event_type, channel, subject, body, created_at, updated_at";

fn template_at(r: &Row<'_>) -> rusqlite::Result<TemplateRecord> {
    Ok(TemplateRecord {
        id: TemplateId::from_uuid(uuid(r, 0)?),
        tenant_id: opt_uuid(r, 1)?.map(TenantId::from_uuid),
        event_type: r.get(2)?,
        channel: r.get(3)?,
        subject: r.get(4)?,
        body: r.get(5)?,
        created_at: time(r, 6)?,
        updated_at: time(r, 7)?,
    })
}

const INBOX_COLUMNS: &str = "id, tenant_id, user_id, category, event_type, title, body, data, created_at, read_at";

fn inbox_at(r: &Row<'_>) -> rusqlite::Result<InboxRecord> {
    Ok(InboxRecord {
        id: NotificationId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        user_id: UserId::from_uuid(uuid(r, 2)?),
        category: r.get(3)?,
        event_type: r.get(4)?,
        title: r.get(5)?,
        body: r.get(6)?,
        data: json(r, 7)?,
        created_at: time(r, 8)?,
        read_at: opt_time(r, 9)?,
    })
}

const DELIVERY_COLUMNS: &str = "id, tenant_id, channel_id, kind, recipient, user_id, event_type, category, payload, \
    status, attempts, max_attempts, next_attempt_at, last_error, created_at, updated_at, delivered_at";

fn delivery_at(r: &Row<'_>) -> rusqlite::Result<DeliveryRecord> {
    let count = |col: usize| -> rusqlite::Result<u32> { Ok(u32::try_from(r.get::<_, i64>(col)?).unwrap_or(0)) };
    Ok(DeliveryRecord {
        id: DeliveryId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        channel_id: ChannelId::from_uuid(uuid(r, 2)?),
        kind: r.get(3)?,
        recipient: r.get(4)?,
        user_id: opt_uuid(r, 5)?.map(UserId::from_uuid),
        event_type: r.get(6)?,
        category: r.get(7)?,
        payload: r.get(8)?,
        status: DeliveryStatus::parse(&r.get::<_, String>(9)?).map_err(bad(9))?,
        attempts: count(10)?,
        max_attempts: count(11)?,
        next_attempt_at: time(r, 12)?,
        last_error: r.get(13)?,
        created_at: time(r, 14)?,
        updated_at: time(r, 15)?,
        delivered_at: opt_time(r, 16)?,
    })
}

impl NotifyQ<'_> {
    fn check(&self, tenant: TenantId) -> StoreResult<()> {
        if self.scope.admits(tenant) { Ok(()) } else { Err(StoreError::OutOfScope(format!("tenant {tenant}"))) }
    }

    /// Whether rows about `user` may be seen: their home tenant or one of their memberships is
    /// in scope (the same rule as PostgreSQL's policy on users and preferences).
    fn user_visible(&self, user: UserId, home: TenantId) -> StoreResult<bool> {
        if self.scope.admits(home) {
            return Ok(true);
        }
        let tenants = collect(
            self.conn,
            "SELECT tenant_id FROM memberships WHERE user_id = ?1",
            params![user.to_string()],
            |r| uuid(r, 0),
        )?;
        Ok(tenants.into_iter().any(|t| self.scope.admits(TenantId::from_uuid(t))))
    }

    pub(super) fn channels(&self, tenant: TenantId) -> StoreResult<Vec<ChannelRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!("SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE tenant_id = ?1 ORDER BY lower(name)"),
            params![tenant.to_string()],
            channel_at,
        )
    }

    pub(super) fn channel(&self, id: ChannelId) -> StoreResult<Option<ChannelRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE id = ?1"))?
            .query_row(params![id.to_string()], channel_at)
            .optional()?;
        Ok(row.filter(|c| self.scope.admits(c.tenant_id)))
    }

    pub(super) fn templates(&self, tenant: Option<TenantId>) -> StoreResult<Vec<TemplateRecord>> {
        match tenant {
            Some(t) if !self.scope.admits(t) => Ok(Vec::new()),
            Some(t) => collect(
                self.conn,
                &format!(
                    "SELECT {TEMPLATE_COLUMNS} FROM notification_templates WHERE tenant_id = ?1 \
                     ORDER BY event_type, channel"
                ),
                params![t.to_string()],
                template_at,
            ),
            None => collect(
                self.conn,
                &format!(
                    "SELECT {TEMPLATE_COLUMNS} FROM notification_templates WHERE tenant_id IS NULL \
                     ORDER BY event_type, channel"
                ),
                [],
                template_at,
            ),
        }
    }

    pub(super) fn preferences(&self, user: UserId) -> StoreResult<Vec<PreferenceRecord>> {
        let rows = collect(
            self.conn,
            "SELECT user_id, tenant_id, category, channel, mode, updated_at FROM notification_preferences
             WHERE user_id = ?1 ORDER BY category, channel",
            params![user.to_string()],
            |r| {
                Ok(PreferenceRecord {
                    user_id: UserId::from_uuid(uuid(r, 0)?),
                    tenant_id: TenantId::from_uuid(uuid(r, 1)?),
                    category: r.get(2)?,
                    channel: r.get(3)?,
                    mode: r.get(4)?,
                    updated_at: time(r, 5)?,
                })
            },
        )?;
        match rows.first() {
            Some(p) if !self.user_visible(user, p.tenant_id)? => Ok(Vec::new()),
            _ => Ok(rows),
        }
    }

    pub(super) fn inbox(&self, user: UserId, unread_only: bool, limit: u32) -> StoreResult<Vec<InboxRecord>> {
        let filter = if unread_only { "AND read_at IS NULL" } else { "" };
        let rows = collect(
            self.conn,
            &format!(
                "SELECT {INBOX_COLUMNS} FROM notifications WHERE user_id = ?1 {filter}
                 ORDER BY created_at DESC, id DESC LIMIT ?2"
            ),
            params![user.to_string(), limit],
            inbox_at,
        )?;
        Ok(rows.into_iter().filter(|n| self.scope.admits(n.tenant_id)).collect())
    }

    pub(super) fn inbox_unread(&self, user: UserId) -> StoreResult<u64> {
        let tenants = collect(
            self.conn,
            "SELECT tenant_id, count(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL GROUP BY tenant_id",
            params![user.to_string()],
            |r| Ok((TenantId::from_uuid(uuid(r, 0)?), r.get::<_, i64>(1)?)),
        )?;
        Ok(tenants.into_iter().filter(|(t, _)| self.scope.admits(*t)).map(|(_, n)| u64::try_from(n).unwrap_or(0)).sum())
    }

    pub(super) fn deliveries(
        &self,
        tenant: TenantId,
        status: Option<DeliveryStatus>,
        limit: u32,
    ) -> StoreResult<Vec<DeliveryRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!(
                "SELECT {DELIVERY_COLUMNS} FROM notification_deliveries
                 WHERE tenant_id = ?1 AND (?2 IS NULL OR status = ?2)
                 ORDER BY created_at DESC, id DESC LIMIT ?3"
            ),
            params![tenant.to_string(), status.map(DeliveryStatus::as_str), limit],
            delivery_at,
        )
    }

    pub(super) fn delivery(&self, id: DeliveryId) -> StoreResult<Option<DeliveryRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {DELIVERY_COLUMNS} FROM notification_deliveries WHERE id = ?1"))?
            .query_row(params![id.to_string()], delivery_at)
            .optional()?;
        Ok(row.filter(|d| self.scope.admits(d.tenant_id)))
    }

    pub(super) fn put_channel(&self, c: &ChannelRecord) -> StoreResult<()> {
        self.check(c.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO notification_channels ({CHANNEL_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled,
                    config = excluded.config, sealed_secret = excluded.sealed_secret, events = excluded.events,
                    updated_at = excluded.updated_at
                 WHERE notification_channels.tenant_id = excluded.tenant_id"
            ))?
            .execute(params![
                c.id.to_string(),
                c.tenant_id.to_string(),
                c.name,
                c.kind,
                c.enabled,
                to_json(&c.config)?,
                c.sealed_secret,
                to_json(&c.events)?,
                ts(&c.created_at),
                ts(&c.updated_at),
            ])?;
        Ok(())
    }

    pub(super) fn delete_channel(&self, tenant: TenantId, id: ChannelId) -> StoreResult<bool> {
        self.check(tenant)?;
        self.conn
            .prepare_cached("DELETE FROM notification_deliveries WHERE channel_id = ?1 AND tenant_id = ?2")?
            .execute(params![id.to_string(), tenant.to_string()])?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM notification_channels WHERE id = ?1 AND tenant_id = ?2")?
            .execute(params![id.to_string(), tenant.to_string()])?;
        Ok(n > 0)
    }

    pub(super) fn put_template(&self, t: &TemplateRecord) -> StoreResult<()> {
        if let Some(tenant) = t.tenant_id {
            self.check(tenant)?;
        }
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO notification_templates ({TEMPLATE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (coalesce(tenant_id, ''), event_type, channel) DO UPDATE SET
                    subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at"
            ))?
            .execute(params![
                t.id.to_string(),
                t.tenant_id.map(|t| t.to_string()),
                t.event_type,
                t.channel,
                t.subject,
                t.body,
                ts(&t.created_at),
                ts(&t.updated_at),
            ])?;
        Ok(())
    }

    pub(super) fn delete_template(&self, id: TemplateId) -> StoreResult<bool> {
        let tenant: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT tenant_id FROM notification_templates WHERE id = ?1")?
            .query_row(params![id.to_string()], |r| r.get(0))
            .optional()?;
        match tenant {
            None => Ok(false),
            Some(tenant) => {
                if let Some(t) = tenant.and_then(|t| t.parse().ok()) {
                    self.check(TenantId::from_uuid(t))?;
                }
                let n = self
                    .conn
                    .prepare_cached("DELETE FROM notification_templates WHERE id = ?1")?
                    .execute(params![id.to_string()])?;
                Ok(n > 0)
            }
        }
    }

    pub(super) fn put_preference(&self, p: &PreferenceRecord) -> StoreResult<()> {
        self.check(p.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO notification_preferences (user_id, tenant_id, category, channel, mode, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (user_id, category, channel) DO UPDATE SET mode = excluded.mode,
                    tenant_id = excluded.tenant_id, updated_at = excluded.updated_at",
            )?
            .execute(params![
                p.user_id.to_string(),
                p.tenant_id.to_string(),
                p.category,
                p.channel,
                p.mode,
                ts(&p.updated_at),
            ])?;
        Ok(())
    }

    pub(super) fn insert_inbox(&self, n: &InboxRecord) -> StoreResult<()> {
        self.check(n.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO notifications ({INBOX_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ))?
            .execute(params![
                n.id.to_string(),
                n.tenant_id.to_string(),
                n.user_id.to_string(),
                n.category,
                n.event_type,
                n.title,
                n.body,
                to_json(&n.data)?,
                ts(&n.created_at),
                n.read_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(super) fn mark_read(&self, user: UserId, id: Option<NotificationId>, at: DateTime<Utc>) -> StoreResult<u64> {
        // Only rows of tenants in scope are touched.
        let ids = collect(
            self.conn,
            "SELECT id, tenant_id FROM notifications WHERE user_id = ?1 AND read_at IS NULL AND (?2 IS NULL OR id = ?2)",
            params![user.to_string(), id.map(|i| i.to_string())],
            |r| Ok((r.get::<_, String>(0)?, TenantId::from_uuid(uuid(r, 1)?))),
        )?;
        let mut n = 0;
        let mut stmt = self.conn.prepare_cached("UPDATE notifications SET read_at = ?2 WHERE id = ?1")?;
        for (id, tenant) in ids {
            if self.scope.admits(tenant) {
                n += stmt.execute(params![id, ts(&at)])? as u64;
            }
        }
        Ok(n)
    }

    pub(super) fn insert_delivery(&self, d: &DeliveryRecord) -> StoreResult<()> {
        self.check(d.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO notification_deliveries ({DELIVERY_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
            ))?
            .execute(params![
                d.id.to_string(),
                d.tenant_id.to_string(),
                d.channel_id.to_string(),
                d.kind,
                d.recipient,
                d.user_id.map(|u| u.to_string()),
                d.event_type,
                d.category,
                d.payload,
                d.status.as_str(),
                d.attempts,
                d.max_attempts,
                ts(&d.next_attempt_at),
                d.last_error,
                ts(&d.created_at),
                ts(&d.updated_at),
                d.delivered_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(super) fn update_delivery(&self, d: &DeliveryRecord) -> StoreResult<()> {
        self.check(d.tenant_id)?;
        self.conn
            .prepare_cached(
                "UPDATE notification_deliveries SET payload = ?2, status = ?3, attempts = ?4, max_attempts = ?5,
                    next_attempt_at = ?6, last_error = ?7, updated_at = ?8, delivered_at = ?9
                 WHERE id = ?1 AND tenant_id = ?10",
            )?
            .execute(params![
                d.id.to_string(),
                d.payload,
                d.status.as_str(),
                d.attempts,
                d.max_attempts,
                ts(&d.next_attempt_at),
                d.last_error,
                ts(&d.updated_at),
                d.delivered_at.as_ref().map(ts),
                d.tenant_id.to_string(),
            ])?;
        Ok(())
    }

    pub(super) fn take_held(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DeliveryRecord>> {
        let rows = collect(
            self.conn,
            &format!(
                "SELECT {DELIVERY_COLUMNS} FROM notification_deliveries
                 WHERE status = 'held' AND created_at < ?1 ORDER BY created_at, id LIMIT ?2"
            ),
            params![ts(&before), limit],
            delivery_at,
        )?;
        Ok(rows.into_iter().filter(|d| self.scope.admits(d.tenant_id)).collect())
    }
}
