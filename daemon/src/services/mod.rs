//! Services: the daemon's use cases, one module per domain. REST and GraphQL handlers are thin
//! adapters over these; every change goes through the operation pipeline.
//!
//! Services hold the store privately: handlers can reach data only through a service method,
//! which takes the caller (a `Principal` for anything non-public).

pub mod apikeys;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod cmdb;
pub mod iam;
pub mod init;
pub mod invitations;
pub(crate) mod maintenance;
pub mod notifications;
pub mod system;
pub mod tenancy;
pub mod workflows;

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
    engine: crate::engine::Engine,
    engine_tasks: std::sync::Mutex<Option<crate::engine::worker::Running>>,
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
        let engine = start_engine(&config, &store, &pipeline, &audit, &notifier, provider.root_tenant_id).await?;
        let engine_tasks = std::sync::Mutex::new(Some(engine.start(Some(config.database_url().expose()))));
        tokio::spawn(crate::engine::relay::run(
            store.clone(),
            audit.hub.clone(),
            Arc::new(tokio::sync::Notify::new()),
            Some(config.database_url().expose().to_owned()),
        ));
        Ok(Self {
            pipeline,
            notifier,
            audit,
            engine,
            engine_tasks,
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

/// Builds the workflow registry (recurring jobs, notification deliveries and the digest; test
/// workflows where the build and the configuration both ask for them) and the engine, and makes sure the jobs' schedules exist.
async fn start_engine(
    config: &Config,
    store: &Arc<dyn Store>,
    pipeline: &Pipeline,
    audit: &AuditRuntime,
    notifier: &crate::notify::Notifier,
    root: nimbus_core::ids::TenantId,
) -> anyhow::Result<crate::engine::Engine> {
    let mut registry = crate::engine::Registry::new();
    let tasks = Arc::new(maintenance::Maintenance {
        store: store.clone(),
        pipeline: pipeline.clone(),
        root,
        archive: audit.archive.clone(),
        settings: audit.settings.clone(),
        audit_wake: audit.wake.clone(),
        purge_after: config.tenancy.purge_after,
        events_retention: config.workflows.events_retention,
    });
    crate::engine::jobs::register(&mut registry, tasks);
    crate::notify::flow::register(&mut registry, notifier);
    approvals::workflow::register(
        &mut registry,
        approvals::workflow::Runtime { store: store.clone(), pipeline: pipeline.clone() },
    );
    if let Some(test) = &config.workflows.test {
        #[cfg(feature = "test-workflows")]
        crate::engine::testing::register(&mut registry, test.counter.clone())?;
        #[cfg(not(feature = "test-workflows"))]
        {
            let _ = test;
            anyhow::bail!("[workflows.test] is set but this build has no test workflows; remove it");
        }
    }
    let digest = crate::notify::flow::digest_cron(config.notifications.digest_hour);
    crate::engine::jobs::ensure_schedules_with(
        store,
        &registry,
        root,
        &[(crate::engine::jobs::NOTIFICATION_DIGEST, digest)],
    )
    .await
    .context("cannot create the recurring jobs' schedules")?;
    let engine = crate::engine::Engine::new(store.clone(), registry, config.workflows.clone());
    #[cfg(feature = "test-workflows")]
    if let Some(test) = &config.workflows.test {
        crate::engine::testing::prepare(&engine, store, root, test).await?;
    }
    Ok(engine)
}

impl Services {
    /// The workflow engine.
    pub fn engine(&self) -> &crate::engine::Engine {
        &self.engine
    }

    /// Stops the engine in this replica and gives its leases back (graceful shutdown).
    pub async fn stop_engine(&self) {
        let running = self.engine_tasks.lock().ok().and_then(|mut r| r.take());
        if let Some(r) = running {
            r.stop().await;
        }
    }
}
