//! The audit log beyond appending (which the operation pipeline does in each change's own
//! transaction): integration into per-tenant Merkle logs with signed checkpoints, verification
//! and proofs, queries, exports, the live event stream and per-tenant settings.
//!
//! Architecture invariant: records are written only by the pipeline; everything here reads them
//! or derives from them (tiles, checkpoints, events), so nothing here can lose or alter one.

pub mod archive;
pub mod archiver;
pub mod export;
pub mod forwarder;
pub mod hub;
pub mod integrator;
pub mod query;
pub mod settings;
pub mod siem;
pub mod signer;
pub mod verify;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use nimbus_core::ids::ProviderId;
use nimbus_core::tlog::NoteVerifier;
use tokio::sync::Notify;

use crate::config::AuditConfig;
use crate::keys::MasterKey;
use crate::pipeline::AuditHooks;
use crate::store::Store;

/// The running audit machinery of this replica.
#[derive(Debug, Clone)]
pub struct AuditRuntime {
    /// Signs checkpoints.
    pub signer: Arc<LogSigner>,
    /// Verifies them.
    pub verifier: Arc<NoteVerifier>,
    /// Live events.
    pub hub: hub::EventHub,
    /// Per-tenant settings.
    pub settings: settings::SettingsCache,
    /// Wakes the integrator.
    pub wake: Arc<Notify>,
    /// Where archived segments are.
    pub(crate) archive: archive::ArchiveTarget,
}

pub use signer::LogSigner;

impl AuditRuntime {
    /// Loads the checkpoint key and starts the integrator and the event hub on background tasks.
    pub async fn start(
        store: Arc<dyn Store>,
        master: &MasterKey,
        provider: ProviderId,
        config: &AuditConfig,
        data_dir: &std::path::Path,
    ) -> anyhow::Result<Self> {
        let archive = archive::ArchiveTarget::open(&config.archive, data_dir).map_err(|e| anyhow::anyhow!("{e}"))?;
        let signer = Arc::new(LogSigner::load_or_create(store.as_ref(), master, provider).await?);
        let verifier =
            Arc::new(NoteVerifier::from_vkey(&signer.verifier_key()).map_err(|e| anyhow::anyhow!("audit key: {e}"))?);
        let wake = Arc::new(Notify::new());
        let integrated = Arc::new(Notify::new());
        let integrator = integrator::Integrator::new(
            store.clone(),
            signer.clone(),
            config.checkpoint_every,
            wake.clone(),
            integrated.clone(),
        );
        // Whatever earlier runs left unintegrated is integrated before anything else is served.
        integrator.pass().await.map_err(|e| anyhow::anyhow!("audit integration: {e}"))?;
        tokio::spawn(integrator.run(config.checkpoint_interval));
        if let Some(cfg) = &config.siem.syslog {
            tokio::spawn(forwarder::Forwarder::syslog(store.clone(), cfg.clone()).run(integrated.clone()));
        }
        if let Some(cfg) = &config.siem.webhook {
            tokio::spawn(forwarder::Forwarder::webhook(store.clone(), cfg)?.run(integrated.clone()));
        }
        let hub = hub::EventHub::new(store.clone());
        tokio::spawn(hub.clone().run(integrated));
        Ok(Self { signer, verifier, hub, settings: settings::SettingsCache::new(store), wake, archive })
    }

    /// What the pipeline needs.
    pub fn hooks(&self) -> AuditHooks {
        AuditHooks { settings: self.settings.clone(), wake: self.wake.clone() }
    }
}
