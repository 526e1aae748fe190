//! Records and queries of notifications' storage: channels, templates, preferences, the in-app
//! inbox and durable deliveries. Shapes and query traits only: the backends map them to rows;
//! the notification services decide everything (who is notified, what is sealed, retries).
//!
//! The queries live in traits of their own, reached from a read handle or write transaction
//! through [`ReadTx::notify`](super::ReadTx::notify) and
//! [`WriteTx::notify_mut`](super::WriteTx::notify_mut), so this domain adds two methods to the
//! shared traits instead of twenty.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::ids::{ChannelId, DeliveryId, NotificationId, TemplateId, TenantId, UserId};
use serde_json::Value;

use super::{StoreError, StoreResult};

/// A tenant's channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelRecord {
    /// Channel id.
    pub id: ChannelId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Name.
    pub name: String,
    /// `email` or `webhook`.
    pub kind: String,
    /// Whether deliveries use it.
    pub enabled: bool,
    /// Settings without the secret.
    pub config: Value,
    /// The secret sealed with the master key.
    pub sealed_secret: Option<String>,
    /// Event-type patterns (webhooks).
    pub events: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A stored template (`tenant_id` none: global).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRecord {
    /// Template id.
    pub id: TemplateId,
    /// Tenant; none for a global template.
    pub tenant_id: Option<TenantId>,
    /// Event type.
    pub event_type: String,
    /// `email`, `webhook` or `in_app`.
    pub channel: String,
    /// Subject or title template.
    pub subject: String,
    /// Body template.
    pub body: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One preference of a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferenceRecord {
    /// The user.
    pub user_id: UserId,
    /// Their home tenant.
    pub tenant_id: TenantId,
    /// Category.
    pub category: String,
    /// Channel.
    pub channel: String,
    /// `on`, `off` or `digest`.
    pub mode: String,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One in-app notification.
#[derive(Debug, Clone, PartialEq)]
pub struct InboxRecord {
    /// Notification id.
    pub id: NotificationId,
    /// Tenant the event happened in.
    pub tenant_id: TenantId,
    /// Recipient.
    pub user_id: UserId,
    /// Category.
    pub category: String,
    /// Event type.
    pub event_type: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// The event's data.
    pub data: Value,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// When it was read.
    pub read_at: Option<DateTime<Utc>>,
}

/// State of a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Due at `next_attempt_at`.
    Pending,
    /// Sent.
    Delivered,
    /// Dead letter: out of attempts, waiting for a manual retry.
    Dead,
    /// Waiting for the recipient's daily digest.
    Held,
    /// Sent inside a digest.
    Digested,
}

impl DeliveryStatus {
    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Dead => "dead",
            Self::Held => "held",
            Self::Digested => "digested",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> StoreResult<Self> {
        match s {
            "pending" => Ok(Self::Pending),
            "delivered" => Ok(Self::Delivered),
            "dead" => Ok(Self::Dead),
            "held" => Ok(Self::Held),
            "digested" => Ok(Self::Digested),
            other => Err(StoreError::Corrupt(format!("delivery status {other:?}"))),
        }
    }
}

/// One durable delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// Delivery id.
    pub id: DeliveryId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Channel it goes through.
    pub channel_id: ChannelId,
    /// `email` or `webhook`.
    pub kind: String,
    /// Address, or the webhook's origin.
    pub recipient: String,
    /// Recipient user (email).
    pub user_id: Option<UserId>,
    /// Event type.
    pub event_type: String,
    /// Category.
    pub category: String,
    /// The rendered payload, sealed with the master key.
    pub payload: String,
    /// State.
    pub status: DeliveryStatus,
    /// Attempts made.
    pub attempts: u32,
    /// Attempts before it becomes a dead letter.
    pub max_attempts: u32,
    /// When it is due (pending), or until when a worker holds it.
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// Queries on notifications.
#[async_trait]
pub trait NotifyRead: Send {
    /// A tenant's channels by name.
    async fn notification_channels(&mut self, tenant: TenantId) -> StoreResult<Vec<ChannelRecord>>;
    /// A channel by id.
    async fn notification_channel(&mut self, id: ChannelId) -> StoreResult<Option<ChannelRecord>>;
    /// A tenant's own templates (`Some`) or the global ones (`None`).
    async fn notification_templates(&mut self, tenant: Option<TenantId>) -> StoreResult<Vec<TemplateRecord>>;
    /// A user's preferences.
    async fn notification_preferences(&mut self, user: UserId) -> StoreResult<Vec<PreferenceRecord>>;
    /// A user's notifications, newest first.
    async fn inbox(&mut self, user: UserId, unread_only: bool, limit: u32) -> StoreResult<Vec<InboxRecord>>;
    /// How many of a user's notifications are unread.
    async fn inbox_unread(&mut self, user: UserId) -> StoreResult<u64>;
    /// A tenant's deliveries, newest first, optionally of one status.
    async fn notification_deliveries(
        &mut self,
        tenant: TenantId,
        status: Option<DeliveryStatus>,
        limit: u32,
    ) -> StoreResult<Vec<DeliveryRecord>>;
    /// A delivery by id.
    async fn notification_delivery(&mut self, id: DeliveryId) -> StoreResult<Option<DeliveryRecord>>;
}

/// Changes to notifications.
#[async_trait]
pub trait NotifyWrite: NotifyRead {
    /// Inserts a channel, or replaces the one with its id.
    async fn put_notification_channel(&mut self, c: &ChannelRecord) -> StoreResult<()>;
    /// Deletes a channel and its deliveries; false if there was none.
    async fn delete_notification_channel(&mut self, tenant: TenantId, id: ChannelId) -> StoreResult<bool>;
    /// Inserts a template, or replaces the one with its tenant, event type and channel.
    async fn put_notification_template(&mut self, t: &TemplateRecord) -> StoreResult<()>;
    /// Deletes a template; false if there was none.
    async fn delete_notification_template(&mut self, id: TemplateId) -> StoreResult<bool>;
    /// Inserts or replaces a preference.
    async fn put_notification_preference(&mut self, p: &PreferenceRecord) -> StoreResult<()>;
    /// Stores an in-app notification.
    async fn insert_inbox(&mut self, n: &InboxRecord) -> StoreResult<()>;
    /// Marks one (`Some`) or all of a user's unread notifications read; returns how many.
    async fn mark_inbox_read(
        &mut self,
        user: UserId,
        id: Option<NotificationId>,
        at: DateTime<Utc>,
    ) -> StoreResult<u64>;
    /// Stores a new delivery.
    async fn insert_delivery(&mut self, d: &DeliveryRecord) -> StoreResult<()>;
    /// Replaces a delivery's state (status, attempts, times, error, payload).
    async fn update_delivery(&mut self, d: &DeliveryRecord) -> StoreResult<()>;
    /// Held deliveries created before `before`, locked against other digesters, oldest first.
    async fn take_held_deliveries(&mut self, before: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DeliveryRecord>>;
}
