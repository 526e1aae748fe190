//! PostgreSQL queries of notifications. Tenant isolation is row-level security (migration 8):
//! channels, the inbox and deliveries by their tenant; global templates visible to all; a user's
//! preferences wherever the user is. Due deliveries are claimed with `FOR UPDATE SKIP LOCKED`
//! so replicas never take the same one. No rules beyond mapping rows.

use chrono::{DateTime, Utc};
use nimbus_core::ids::{ChannelId, DeliveryId, NotificationId, TemplateId, TenantId, UserId};
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, PgConnection, Row};
use uuid::Uuid;

use crate::store::StoreResult;
use crate::store::notify::{
    ChannelRecord, DeliveryRecord, DeliveryStatus, InboxRecord, PreferenceRecord, TemplateRecord,
};

fn all<T>(rows: Vec<PgRow>, f: impl Fn(&PgRow) -> StoreResult<T>) -> StoreResult<Vec<T>> {
    rows.iter().map(f).collect()
}

const CHANNEL_COLUMNS: &str =
    "id, tenant_id, name, kind, enabled, config, sealed_secret, events, created_at, updated_at";

fn channel_at(r: &PgRow) -> StoreResult<ChannelRecord> {
    Ok(ChannelRecord {
        id: ChannelId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        name: r.try_get(2)?,
        kind: r.try_get(3)?,
        enabled: r.try_get(4)?,
        config: r.try_get::<Json<_>, _>(5)?.0,
        sealed_secret: r.try_get(6)?,
        events: r.try_get::<Json<_>, _>(7)?.0,
        created_at: r.try_get(8)?,
        updated_at: r.try_get(9)?,
    })
}

const TEMPLATE_COLUMNS: &str = "id, tenant_id, event_type, channel, subject, body, created_at, updated_at";

fn template_at(r: &PgRow) -> StoreResult<TemplateRecord> {
    Ok(TemplateRecord {
        id: TemplateId::from_uuid(r.try_get(0)?),
        tenant_id: r.try_get::<Option<Uuid>, _>(1)?.map(TenantId::from_uuid),
        event_type: r.try_get(2)?,
        channel: r.try_get(3)?,
        subject: r.try_get(4)?,
        body: r.try_get(5)?,
        created_at: r.try_get(6)?,
        updated_at: r.try_get(7)?,
    })
}

const INBOX_COLUMNS: &str = "id, tenant_id, user_id, category, event_type, title, body, data, created_at, read_at";

fn inbox_at(r: &PgRow) -> StoreResult<InboxRecord> {
    Ok(InboxRecord {
        id: NotificationId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        user_id: UserId::from_uuid(r.try_get(2)?),
        category: r.try_get(3)?,
        event_type: r.try_get(4)?,
        title: r.try_get(5)?,
        body: r.try_get(6)?,
        data: r.try_get::<Json<_>, _>(7)?.0,
        created_at: r.try_get(8)?,
        read_at: r.try_get(9)?,
    })
}

const DELIVERY_COLUMNS: &str = "id, tenant_id, channel_id, kind, recipient, user_id, event_type, category, payload, \
    status, attempts, max_attempts, next_attempt_at, last_error, created_at, updated_at, delivered_at";

fn delivery_at(r: &PgRow) -> StoreResult<DeliveryRecord> {
    let count = |col: usize| -> StoreResult<u32> { Ok(u32::try_from(r.try_get::<i32, _>(col)?).unwrap_or(0)) };
    Ok(DeliveryRecord {
        id: DeliveryId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        channel_id: ChannelId::from_uuid(r.try_get(2)?),
        kind: r.try_get(3)?,
        recipient: r.try_get(4)?,
        user_id: r.try_get::<Option<Uuid>, _>(5)?.map(UserId::from_uuid),
        event_type: r.try_get(6)?,
        category: r.try_get(7)?,
        payload: r.try_get(8)?,
        status: DeliveryStatus::parse(r.try_get(9)?)?,
        attempts: count(10)?,
        max_attempts: count(11)?,
        next_attempt_at: r.try_get(12)?,
        last_error: r.try_get(13)?,
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
        delivered_at: r.try_get(16)?,
    })
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

pub(super) async fn channels(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<ChannelRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE tenant_id = $1 ORDER BY lower(name)"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, channel_at)
}

pub(super) async fn channel(c: &mut PgConnection, id: ChannelId) -> StoreResult<Option<ChannelRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {CHANNEL_COLUMNS} FROM notification_channels WHERE id = $1")))
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await?;
    row.as_ref().map(channel_at).transpose()
}

pub(super) async fn templates(c: &mut PgConnection, tenant: Option<TenantId>) -> StoreResult<Vec<TemplateRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {TEMPLATE_COLUMNS} FROM notification_templates WHERE tenant_id IS NOT DISTINCT FROM $1
         ORDER BY event_type, channel"
    )))
    .bind(tenant.map(|t| *t.as_uuid()))
    .fetch_all(c)
    .await?;
    all(rows, template_at)
}

pub(super) async fn preferences(c: &mut PgConnection, user: UserId) -> StoreResult<Vec<PreferenceRecord>> {
    let rows = sqlx::query(
        "SELECT user_id, tenant_id, category, channel, mode, updated_at FROM notification_preferences
         WHERE user_id = $1 ORDER BY category, channel",
    )
    .bind(user.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, |r| {
        Ok(PreferenceRecord {
            user_id: UserId::from_uuid(r.try_get(0)?),
            tenant_id: TenantId::from_uuid(r.try_get(1)?),
            category: r.try_get(2)?,
            channel: r.try_get(3)?,
            mode: r.try_get(4)?,
            updated_at: r.try_get(5)?,
        })
    })
}

pub(super) async fn inbox(
    c: &mut PgConnection,
    user: UserId,
    unread_only: bool,
    limit: u32,
) -> StoreResult<Vec<InboxRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {INBOX_COLUMNS} FROM notifications WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
         ORDER BY created_at DESC, id DESC LIMIT $3"
    )))
    .bind(user.as_uuid())
    .bind(unread_only)
    .bind(i64::from(limit))
    .fetch_all(c)
    .await?;
    all(rows, inbox_at)
}

pub(super) async fn inbox_unread(c: &mut PgConnection, user: UserId) -> StoreResult<u64> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user.as_uuid())
        .fetch_one(c)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(super) async fn deliveries(
    c: &mut PgConnection,
    tenant: TenantId,
    status: Option<DeliveryStatus>,
    limit: u32,
) -> StoreResult<Vec<DeliveryRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM notification_deliveries
         WHERE tenant_id = $1 AND ($2::text IS NULL OR status = $2)
         ORDER BY created_at DESC, id DESC LIMIT $3"
    )))
    .bind(tenant.as_uuid())
    .bind(status.map(DeliveryStatus::as_str))
    .bind(i64::from(limit))
    .fetch_all(c)
    .await?;
    all(rows, delivery_at)
}

pub(super) async fn delivery(c: &mut PgConnection, id: DeliveryId) -> StoreResult<Option<DeliveryRecord>> {
    let row =
        sqlx::query(AssertSqlSafe(format!("SELECT {DELIVERY_COLUMNS} FROM notification_deliveries WHERE id = $1")))
            .bind(id.as_uuid())
            .fetch_optional(c)
            .await?;
    row.as_ref().map(delivery_at).transpose()
}

pub(super) async fn put_channel(c: &mut PgConnection, ch: &ChannelRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO notification_channels ({CHANNEL_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, enabled = excluded.enabled, config = excluded.config,
            sealed_secret = excluded.sealed_secret, events = excluded.events, updated_at = excluded.updated_at
         WHERE notification_channels.tenant_id = excluded.tenant_id"
    )))
    .bind(ch.id.as_uuid())
    .bind(ch.tenant_id.as_uuid())
    .bind(&ch.name)
    .bind(&ch.kind)
    .bind(ch.enabled)
    .bind(Json(&ch.config))
    .bind(&ch.sealed_secret)
    .bind(Json(&ch.events))
    .bind(ch.created_at)
    .bind(ch.updated_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_channel(c: &mut PgConnection, tenant: TenantId, id: ChannelId) -> StoreResult<bool> {
    sqlx::query("DELETE FROM notification_deliveries WHERE channel_id = $1 AND tenant_id = $2")
        .bind(id.as_uuid())
        .bind(tenant.as_uuid())
        .execute(&mut *c)
        .await?;
    let n = sqlx::query("DELETE FROM notification_channels WHERE id = $1 AND tenant_id = $2")
        .bind(id.as_uuid())
        .bind(tenant.as_uuid())
        .execute(c)
        .await?
        .rows_affected();
    Ok(n > 0)
}

pub(super) async fn put_template(c: &mut PgConnection, t: &TemplateRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO notification_templates ({TEMPLATE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)), event_type, channel)
         DO UPDATE SET subject = excluded.subject, body = excluded.body, updated_at = excluded.updated_at"
    )))
    .bind(t.id.as_uuid())
    .bind(t.tenant_id.map(|t| *t.as_uuid()))
    .bind(&t.event_type)
    .bind(&t.channel)
    .bind(&t.subject)
    .bind(&t.body)
    .bind(t.created_at)
    .bind(t.updated_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_template(c: &mut PgConnection, id: TemplateId) -> StoreResult<bool> {
    let n = sqlx::query("DELETE FROM notification_templates WHERE id = $1")
        .bind(id.as_uuid())
        .execute(c)
        .await?
        .rows_affected();
    Ok(n > 0)
}

pub(super) async fn put_preference(c: &mut PgConnection, p: &PreferenceRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO notification_preferences (user_id, tenant_id, category, channel, mode, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, category, channel) DO UPDATE SET mode = excluded.mode, tenant_id = excluded.tenant_id,
            updated_at = excluded.updated_at",
    )
    .bind(p.user_id.as_uuid())
    .bind(p.tenant_id.as_uuid())
    .bind(&p.category)
    .bind(&p.channel)
    .bind(&p.mode)
    .bind(p.updated_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn insert_inbox(c: &mut PgConnection, n: &InboxRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO notifications ({INBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )))
    .bind(n.id.as_uuid())
    .bind(n.tenant_id.as_uuid())
    .bind(n.user_id.as_uuid())
    .bind(&n.category)
    .bind(&n.event_type)
    .bind(&n.title)
    .bind(&n.body)
    .bind(Json(&n.data))
    .bind(n.created_at)
    .bind(n.read_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn mark_read(
    c: &mut PgConnection,
    user: UserId,
    id: Option<NotificationId>,
    at: DateTime<Utc>,
) -> StoreResult<u64> {
    Ok(sqlx::query(
        "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid IS NULL OR id = $2)",
    )
    .bind(user.as_uuid())
    .bind(id.map(|i| *i.as_uuid()))
    .bind(at)
    .execute(c)
    .await?
    .rows_affected())
}

pub(super) async fn insert_delivery(c: &mut PgConnection, d: &DeliveryRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO notification_deliveries ({DELIVERY_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
    )))
    .bind(d.id.as_uuid())
    .bind(d.tenant_id.as_uuid())
    .bind(d.channel_id.as_uuid())
    .bind(&d.kind)
    .bind(&d.recipient)
    .bind(d.user_id.map(|u| *u.as_uuid()))
    .bind(&d.event_type)
    .bind(&d.category)
    .bind(&d.payload)
    .bind(d.status.as_str())
    .bind(int(d.attempts))
    .bind(int(d.max_attempts))
    .bind(d.next_attempt_at)
    .bind(&d.last_error)
    .bind(d.created_at)
    .bind(d.updated_at)
    .bind(d.delivered_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_delivery(c: &mut PgConnection, d: &DeliveryRecord) -> StoreResult<()> {
    sqlx::query(
        "UPDATE notification_deliveries SET payload = $2, status = $3, attempts = $4, max_attempts = $5,
            next_attempt_at = $6, last_error = $7, updated_at = $8, delivered_at = $9
         WHERE id = $1 AND tenant_id = $10",
    )
    .bind(d.id.as_uuid())
    .bind(&d.payload)
    .bind(d.status.as_str())
    .bind(int(d.attempts))
    .bind(int(d.max_attempts))
    .bind(d.next_attempt_at)
    .bind(&d.last_error)
    .bind(d.updated_at)
    .bind(d.delivered_at)
    .bind(d.tenant_id.as_uuid())
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn take_held(
    c: &mut PgConnection,
    before: DateTime<Utc>,
    limit: u32,
) -> StoreResult<Vec<DeliveryRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLUMNS} FROM notification_deliveries
         WHERE status = 'held' AND created_at < $1 ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED"
    )))
    .bind(before)
    .bind(i64::from(limit))
    .fetch_all(c)
    .await?;
    all(rows, delivery_at)
}
