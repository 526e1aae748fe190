//! The daemon's own recurring work (the engine's [`SystemTasks`]): ended-session cleanup, audit
//! archival of every tenant, tenant purge after retention and outbox pruning. Each change runs
//! through the operation pipeline as the daemon ([`AsSystem`]), so it is audited like any other;
//! the work itself is the same code the permissioned API calls. Owns only the "for every tenant" loops.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::Utc;
use nimbus_core::audit::Category;
use nimbus_core::ids::TenantId;
use serde_json::json;

use crate::audit::archive::ArchiveTarget;
use crate::audit::archiver;
use crate::audit::settings::SettingsCache;
use crate::authz::Target;
use crate::engine::jobs::SystemTasks;
use crate::error::ServiceResult;
use crate::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, Pipeline, RequestContext};
use crate::store::{Store, TenantScope, WriteTx};

/// Runs an operation as the daemon itself: same change and audit records, no user permission.
pub(crate) struct AsSystem<O>(pub(crate) O);

impl<O: Operation> Operation for AsSystem<O> {
    type Output = O::Output;
    const ACTION: &'static str = O::ACTION;
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = O::EVENT;
    const CATEGORY: Category = O::CATEGORY;

    fn target(&self) -> Option<Target> {
        self.0.target()
    }

    fn apply(
        self,
        tx: &mut dyn WriteTx,
        ctx: &OpContext<'_>,
    ) -> impl Future<Output = ServiceResult<Applied<Self::Output>>> + Send {
        self.0.apply(tx, ctx)
    }
}

/// Deletes sessions that ended (expired or revoked) more than a day ago, with their tokens.
struct CleanupSessions {
    root: TenantId,
}

impl Operation for CleanupSessions {
    type Output = u64;
    const ACTION: &'static str = "auth:session:cleanup";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "auth.session.cleanup_failed";
    const CATEGORY: Category = Category::System;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<u64>> {
        // A day's grace keeps recently ended sessions visible to `nimbus session list` users.
        let before = ctx.now - chrono::Duration::days(1);
        let n = tx.workflows_mut().wf_delete_ended_sessions(before).await?;
        Ok(Applied::new(n).audit(
            AuditDraft::new(self.root, "auth.session.cleaned", Category::System)
                .new_value(json!({ "sessions": n, "ended_before": before })),
        ))
    }
}

/// Deletes domain events that every replica's relay published long ago from the outbox.
struct PruneOutbox {
    root: TenantId,
    retention: std::time::Duration,
}

impl Operation for PruneOutbox {
    type Output = u64;
    const ACTION: &'static str = "events:outbox:prune";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "events.outbox.prune_failed";
    const CATEGORY: Category = Category::System;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<u64>> {
        let before = ctx.now - chrono::Duration::from_std(self.retention).unwrap_or(chrono::Duration::hours(1));
        let n = tx.workflows_mut().wf_prune_outbox(before).await?;
        Ok(Applied::new(n).audit(
            AuditDraft::new(self.root, "events.outbox.pruned", Category::System)
                .priority(nimbus_core::audit::Priority::Debug)
                .new_value(json!({ "events": n, "created_before": before })),
        ))
    }
}

/// The services' side of the recurring jobs.
pub(crate) struct Maintenance {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) pipeline: Pipeline,
    pub(crate) root: TenantId,
    pub(crate) archive: ArchiveTarget,
    pub(crate) settings: SettingsCache,
    pub(crate) audit_wake: Arc<tokio::sync::Notify>,
    pub(crate) purge_after: std::time::Duration,
    pub(crate) events_retention: std::time::Duration,
}

fn rc(job: &str) -> RequestContext {
    RequestContext::local(format!("job-{job}-{}", uuid::Uuid::now_v7().simple()))
}

#[async_trait]
impl SystemTasks for Maintenance {
    async fn cleanup_sessions(&self) -> Result<u64, String> {
        self.pipeline
            .run(&Caller::System, &rc("sessions"), CleanupSessions { root: self.root })
            .await
            .map_err(|e| e.to_string())
    }

    async fn archive_audit(&self) -> Result<u64, String> {
        let tenants =
            async { self.store.read(TenantScope::System).await?.tenants().await }.await.map_err(|e| e.to_string())?;
        let mut moved = 0;
        for t in tenants.iter().filter(|t| t.purged_at.is_none()) {
            let settings = self.settings.get(t.id).await.map_err(|e| e.to_string())?.settings.clone();
            let outcome = archiver::run(self.store.as_ref(), &self.archive, t.id, &settings, Utc::now()).await;
            if matches!(&outcome, Ok(r) if r.records == 0) {
                continue;
            }
            let op = super::audit::ArchiveOp { tenant: t.id, outcome: Some(outcome) };
            let run =
                self.pipeline.run(&Caller::System, &rc("archive"), AsSystem(op)).await.map_err(|e| e.to_string())?;
            moved += run.records;
        }
        self.audit_wake.notify_one();
        Ok(moved)
    }

    async fn purge_tenants(&self) -> Result<u64, String> {
        let retention = chrono::Duration::from_std(self.purge_after).map_err(|e| e.to_string())?;
        let tenants =
            async { self.store.read(TenantScope::System).await?.tenants().await }.await.map_err(|e| e.to_string())?;
        let now = Utc::now();
        let mut purged = 0;
        for t in tenants {
            let (Some(parent), Some(deleted)) = (t.parent_id, t.deleted_at) else { continue };
            if t.purged_at.is_some() || deleted + retention > now {
                continue;
            }
            let op = super::tenancy::PurgeTenantOp { tenant: t.id, parent, retention };
            self.pipeline.run(&Caller::System, &rc("purge"), AsSystem(op)).await.map_err(|e| e.to_string())?;
            purged += 1;
        }
        Ok(purged)
    }

    async fn prune_events(&self) -> Result<u64, String> {
        let op = PruneOutbox { root: self.root, retention: self.events_retention };
        self.pipeline.run(&Caller::System, &rc("outbox"), op).await.map_err(|e| e.to_string())
    }
}
