//! Wire types of notifications: the in-app inbox, per-tenant channels (SMTP email, signed
//! webhooks), templates, per-user preferences and the deliveries (with their dead letters).
//!
//! Secrets travel only inwards: a channel's SMTP password or webhook key is accepted on create
//! and update and never returned (`has_secret` says whether one is set).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{ChannelId, DeliveryId, NotificationId, TemplateId, TenantId};

/// Categories of notifications (preferences are set per category and channel).
pub const CATEGORIES: &[&str] = &["approval", "security", "system", "audit", "drift", "workflow", "user"];
/// Channels a notification can take.
pub const CHANNELS: &[&str] = &["in_app", "email", "webhook"];

/// One in-app notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Notification {
    /// Notification id.
    pub id: NotificationId,
    /// Tenant the event happened in.
    pub tenant_id: TenantId,
    /// Category (`approval`, `security`, `system`, `audit`, `drift`, `workflow`, `user`).
    pub category: String,
    /// Dotted event type, e.g. `invitation.created`.
    pub event_type: String,
    /// Title.
    pub title: String,
    /// Body text.
    pub body: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was marked read; none while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// The caller's notifications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    /// Notifications, newest first.
    pub notifications: Vec<Notification>,
    /// How many are unread (of all, not only those listed).
    pub unread: u64,
}

/// How many notifications a call marked read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    /// Notifications newly marked read.
    pub marked: u64,
}

/// A tenant's notification channel (never its secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Channel {
    /// Channel id.
    pub id: ChannelId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Name, unique in the tenant.
    pub name: String,
    /// `email` or `webhook`.
    pub kind: String,
    /// Whether deliveries use it.
    pub enabled: bool,
    /// Settings without the secret: for email `host`, `port`, `security` (`none`, `starttls`,
    /// `tls`), `username`, `from`, `ca_cert_pem`; for a webhook `url` (shown as its origin only,
    /// since URLs often embed tokens).
    pub config: Value,
    /// Whether a secret (SMTP password, webhook key) is set.
    pub has_secret: bool,
    /// Event-type patterns it carries (`*` for all; `invitation.*`), webhooks only.
    pub events: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Channels of a tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelList {
    /// Channels by name.
    pub channels: Vec<Channel>,
}

/// Creates a channel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateChannel {
    /// Name, unique in the tenant.
    pub name: String,
    /// `email` or `webhook`.
    pub kind: String,
    /// Settings: for email `{"host", "port", "security": "none"|"starttls"|"tls", "username"?,
    /// "from", "ca_cert_pem"?}`; for a webhook `{"url"}`.
    pub config: Value,
    /// SMTP password or webhook signing key; stored sealed, never returned.
    #[serde(default)]
    pub secret: Option<String>,
    /// Event-type patterns a webhook carries (default `["*"]`).
    #[serde(default)]
    pub events: Option<Vec<String>>,
    /// Default true.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// Changes a channel; absent fields stay.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateChannel {
    /// New settings (replaces them whole).
    #[serde(default)]
    pub config: Option<Value>,
    /// New secret; an empty string removes it.
    #[serde(default)]
    pub secret: Option<String>,
    /// New event-type patterns.
    #[serde(default)]
    pub events: Option<Vec<String>>,
    /// Switch on or off.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// A template: `subject` and `body` are minijinja templates rendered in a sandbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    /// Template id; none for a built-in default.
    pub id: Option<TemplateId>,
    /// `tenant`, `global` or `default` (built in).
    pub scope: String,
    /// Tenant of a tenant template.
    pub tenant_id: Option<TenantId>,
    /// Event type it renders.
    pub event_type: String,
    /// `email`, `webhook` or `in_app`.
    pub channel: String,
    /// Subject (email) or title (in-app); unused for webhooks.
    pub subject: String,
    /// Body (a webhook's must render to JSON).
    pub body: String,
    /// Last change.
    pub updated_at: Option<DateTime<Utc>>,
}

/// Templates that apply to a tenant: its own, the global ones and the built-in defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateList {
    /// Templates by event type, channel and scope (tenant, global, default).
    pub templates: Vec<Template>,
}

/// Sets (creates or replaces) a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetTemplate {
    /// Event type it renders.
    pub event_type: String,
    /// `email`, `webhook` or `in_app`.
    pub channel: String,
    /// Subject (email) or title (in-app).
    #[serde(default)]
    pub subject: String,
    /// Body.
    pub body: String,
    /// A global template (every tenant without its own), set at the provider's root tenant;
    /// needs `notification:template:update` there.
    #[serde(default)]
    pub global: bool,
}

/// One preference: how a category reaches the caller on a channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Preference {
    /// Category.
    pub category: String,
    /// `in_app` or `email`.
    pub channel: String,
    /// `on`, `off`, or `digest` (email only: gathered into the daily digest).
    pub mode: String,
}

/// The caller's preferences: every category × channel with its mode (default `on`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferenceList {
    /// Preferences by category and channel.
    pub preferences: Vec<Preference>,
}

/// Sets preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPreferences {
    /// Preferences to set; others stay.
    pub preferences: Vec<Preference>,
}

/// One durable delivery through a channel (never its payload, which may hold secrets such as
/// an invitation link).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// Delivery id.
    pub id: DeliveryId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Channel.
    pub channel_id: ChannelId,
    /// `email` or `webhook`.
    pub kind: String,
    /// Address, or the webhook's origin.
    pub recipient: String,
    /// Event type.
    pub event_type: String,
    /// `pending`, `delivered`, `dead` (dead letter), `held` (for a digest) or `digested`.
    pub status: String,
    /// Attempts made.
    pub attempts: u32,
    /// Attempts before it becomes a dead letter.
    pub max_attempts: u32,
    /// Next attempt (pending only).
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// Deliveries of a tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryList {
    /// Deliveries, newest first.
    pub deliveries: Vec<Delivery>,
}

/// Sends a notification to users of the tenant and its webhooks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendNotification {
    /// Event type (dotted, e.g. `ops.maintenance`); picks the templates.
    pub event_type: String,
    /// Category (see [`CATEGORIES`]).
    pub category: String,
    /// Users to notify (in-app and email, as their preferences say); may be empty for
    /// webhooks only.
    #[serde(default)]
    pub user_ids: Vec<crate::ids::UserId>,
    /// Data the templates see (`{{ data.… }}`).
    #[serde(default)]
    pub data: Value,
}

/// What a send queued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sent {
    /// In-app notifications written.
    pub in_app: u32,
    /// Deliveries queued (email and webhook).
    pub deliveries: u32,
}
