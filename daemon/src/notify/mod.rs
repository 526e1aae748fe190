//! Notifications: the in-app inbox, email over SMTP and signed webhooks, with templates rendered
//! in a sandbox, per-user preferences, retries with exponential backoff, a dead-letter queue
//! and a daily digest.
//!
//! Flow: an operation that should notify someone calls [`fanout::enqueue`] inside its own
//! transaction, which renders the messages and writes in-app rows and durable
//! `notification_deliveries` (payloads sealed with the master key) with a workflow-engine run
//! for each due one, so a notification exists exactly when the change that caused it commits.
//! The run ([`flow`]) calls [`Notifier::deliver_one`], which sends one delivery and records the
//! outcome through the pipeline (audited); it is idempotent (a settled delivery is left alone).
//! [`Notifier::send_digests`] gathers held deliveries into one email per recipient, as the
//! daily digest job.
//!
//! Architecture invariant: nothing here writes data except through the pipeline (and the
//! engine's journal, for the runs).

pub mod channels;
pub mod deliver;
pub mod fanout;
pub mod flow;
pub mod render;
pub mod send;

use std::sync::Arc;

use nimbus_core::ids::TenantId;

use crate::config::NotificationsConfig;
use crate::keys::MasterKey;
use crate::pipeline::Pipeline;
use crate::store::Store;

/// What seals and opens notification secrets and payloads: the master key, each value bound to
/// its purpose and row, so a sealed value cannot be moved to another row.
#[derive(Clone, Debug)]
pub struct Sealer {
    master: Arc<MasterKey>,
    /// Attempts a new delivery gets.
    pub max_attempts: u32,
}

impl Sealer {
    /// A sealer over `master`.
    pub fn new(master: Arc<MasterKey>, max_attempts: u32) -> Self {
        Self { master, max_attempts }
    }

    pub(crate) fn seal(
        &self,
        purpose: &str,
        id: &impl std::fmt::Display,
        value: &serde_json::Value,
    ) -> anyhow::Result<String> {
        self.master.seal(&format!("{purpose}:{id}"), value.to_string().as_bytes())
    }

    pub(crate) fn open<T: serde::de::DeserializeOwned>(
        &self,
        purpose: &str,
        id: &impl std::fmt::Display,
        sealed: &str,
    ) -> anyhow::Result<T> {
        let bytes = self.master.open(&format!("{purpose}:{id}"), sealed)?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

/// Purpose of a sealed delivery payload.
pub(crate) const PAYLOAD: &str = "notification.payload";
/// Purpose of a channel's sealed secrets.
pub(crate) const CHANNEL_SECRET: &str = "notification.channel";

/// The notification machinery of this replica.
#[derive(Clone, Debug)]
pub struct Notifier {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    /// The provider's root tenant: where the daemon's own notification work is audited.
    root_tenant: TenantId,
    pipeline: Pipeline,
    sealer: Sealer,
    config: NotificationsConfig,
    http: reqwest::Client,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Notifier").field("config", &self.config).finish_non_exhaustive()
    }
}

impl Notifier {
    /// The machinery over `store`; [`flow::register`] puts its workflows on the engine.
    pub fn new(
        store: Arc<dyn Store>,
        root_tenant: TenantId,
        pipeline: Pipeline,
        master: Arc<MasterKey>,
        config: NotificationsConfig,
    ) -> anyhow::Result<Self> {
        let http = send::http_client(config.send_timeout)?;
        let sealer = Sealer::new(master, config.max_attempts);
        Ok(Self { inner: Arc::new(Inner { store, root_tenant, pipeline, sealer, config, http }) })
    }

    /// Seals and opens payloads and secrets.
    pub fn sealer(&self) -> &Sealer {
        &self.inner.sealer
    }

    /// Delivery settings.
    pub fn config(&self) -> &NotificationsConfig {
        &self.inner.config
    }
}
