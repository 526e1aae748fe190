//! Services: the daemon's use cases, one module per domain. REST and GraphQL handlers are thin
//! adapters over these; every change goes through the operation pipeline.
//!
//! Services hold the store privately: handlers can reach data only through a service method,
//! which takes the caller (a `Principal` for anything non-public).

pub mod apikeys;
pub mod audit;
pub mod auth;
pub mod iam;
pub mod init;
pub mod invitations;
pub mod notifications;
pub mod system;
pub mod tenancy;

use std::sync::Arc;

use anyhow::Context;

use crate::audit::AuditRuntime;
use crate::auth::Authenticator;
use crate::auth::password::PasswordHasher;
use crate::auth::throttle::LoginThrottle;
use crate::auth::tokens::KeyRing;
use crate::authz::Authorizer;
use crate::config::Config;
use crate::keys::MasterKey;
use crate::pipeline::Pipeline;
use crate::store::{ProviderRecord, Store};

/// Everything a request handler may call.
pub struct Services {
    config: Arc<Config>,
    store: Arc<dyn Store>,
    pipeline: Pipeline,
    authz: Arc<Authorizer>,
    authn: Authenticator,
    hasher: PasswordHasher,
    throttle: LoginThrottle,
    provider: ProviderRecord,
    audit: AuditRuntime,
    notifier: crate::notify::Notifier,
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").field("backend", &self.store.backend()).finish_non_exhaustive()
    }
}

impl Services {
    /// Wires the services for an initialised database (see [`init::is_initialised`]).
    pub async fn start(config: Arc<Config>, store: Arc<dyn Store>) -> anyhow::Result<Self> {
        let mut read = store.read(crate::store::TenantScope::System).await?;
        let provider = read.provider().await?.context("the database is not initialised; run `nimbusd init`")?;
        let signing_keys = read.signing_keys().await?;
        drop(read);
        let (master, _) = MasterKey::load(&config)?;
        let keys = Arc::new(KeyRing::new(&signing_keys, &master, &config.auth)?);
        let authz = Arc::new(Authorizer::new(store.clone()));
        let audit = AuditRuntime::start(store.clone(), &master, provider.id, &config.audit, &config.data_dir).await?;
        let pipeline =
            Pipeline::new(store.clone(), Some(provider.root_tenant_id), authz.clone()).with_audit(audit.hooks());
        let notifier = crate::notify::Notifier::new(
            store.clone(),
            provider.root_tenant_id,
            pipeline.clone(),
            Arc::new(master),
            config.notifications.clone(),
        )?;
        if config.notifications.worker {
            crate::notify::worker::spawn(notifier.clone());
        }
        Ok(Self {
            pipeline,
            notifier,
            audit,
            authz,
            authn: Authenticator::new(keys, store.clone(), config.auth.clock_skew),
            hasher: PasswordHasher::new(),
            throttle: LoginThrottle::new(config.auth.login_throttle.clone()),
            provider,
            config,
            store,
        })
    }
}
