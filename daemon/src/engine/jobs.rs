//! The daemon's recurring jobs, as workflows on schedules of the provider's root tenant:
//! expired session and token cleanup (every 15 minutes), audit archival (daily 03:00 UTC),
//! tenant purge after retention (daily 04:00 UTC) and outbox pruning (every 5 minutes). Each job is one step calling a
//! [`SystemTasks`] method, which the services implement through the operation pipeline (so
//! every change is authorized as the daemon and audited).
//!
//! **Notification digests** register here too: the notifications service
//! (`notify::flow::register`) calls [`register_notification_digest`] with the digest body, and
//! [`ensure_schedules_with`] creates its daily schedule at `notifications.digest_hour`. Owns the job list; it must not do the jobs' work itself.

use std::future::Future;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{SubsecRound, Utc};
use nimbus_core::ids::{ScheduleId, TenantId};
use serde_json::{Value, json};

use super::registry::Registry;
use super::retry::RetryPolicy;
use crate::store::workflow::ScheduleRecord;
use crate::store::{Store, StoreResult, TenantScope, WriteGrant};

/// Expired and revoked sessions and their refresh tokens are deleted.
pub const SESSION_CLEANUP: &str = "system.session-cleanup";
/// Audit records past their hot retention move to the archive, every tenant.
pub const AUDIT_ARCHIVAL: &str = "system.audit-archival";
/// Tenants deleted longer than `tenancy.purge_after` are purged.
pub const TENANT_PURGE: &str = "system.tenant-purge";
/// The daily notification digest (registered by the notifications service).
pub const NOTIFICATION_DIGEST: &str = "system.notification-digest";
/// Domain events older than `workflows.events_retention` leave the outbox.
pub const OUTBOX_PRUNE: &str = "system.outbox-prune";

/// One recurring job: its workflow and when it fires.
#[derive(Debug, Clone, Copy)]
pub struct RecurringJob {
    /// Workflow (and schedule) name.
    pub workflow: &'static str,
    /// Cron expression, seconds first.
    pub cron: &'static str,
}

/// Every recurring job this build knows, with its time.
pub const RECURRING: &[RecurringJob] = &[
    RecurringJob { workflow: SESSION_CLEANUP, cron: "0 */15 * * * *" },
    RecurringJob { workflow: AUDIT_ARCHIVAL, cron: "0 0 3 * * *" },
    RecurringJob { workflow: TENANT_PURGE, cron: "0 0 4 * * *" },
    RecurringJob { workflow: NOTIFICATION_DIGEST, cron: "0 0 8 * * *" },
    RecurringJob { workflow: OUTBOX_PRUNE, cron: "0 */5 * * * *" },
];

/// The work behind the jobs, done by the services as the daemon itself.
#[async_trait]
pub trait SystemTasks: Send + Sync {
    /// Deletes ended sessions; returns how many.
    async fn cleanup_sessions(&self) -> Result<u64, String>;
    /// Archives every tenant's records past retention; returns how many records moved.
    async fn archive_audit(&self) -> Result<u64, String>;
    /// Purges tenants deleted longer than the retention; returns how many.
    async fn purge_tenants(&self) -> Result<u64, String>;
    /// Deletes domain events older than their retention from the outbox; returns how many.
    async fn prune_events(&self) -> Result<u64, String>;
}

/// Registers the jobs' workflows.
pub fn register(registry: &mut Registry, tasks: Arc<dyn SystemTasks>) {
    let t = tasks.clone();
    registry.register_on(SESSION_CLEANUP, 1, "system", move |ctx, _input| {
        let t = t.clone();
        async move {
            let n: u64 = ctx.step("delete-ended-sessions", RetryPolicy::default(), |_| t.cleanup_sessions()).await?;
            Ok(json!({ "sessions": n }))
        }
    });
    let t = tasks.clone();
    registry.register_on(AUDIT_ARCHIVAL, 1, "system", move |ctx, _input| {
        let t = t.clone();
        async move {
            let n: u64 = ctx.step("archive", RetryPolicy::default(), |_| t.archive_audit()).await?;
            Ok(json!({ "records": n }))
        }
    });
    let t = tasks.clone();
    registry.register_on(TENANT_PURGE, 1, "system", move |ctx, _input| {
        let t = t.clone();
        async move {
            let n: u64 = ctx.step("purge", RetryPolicy::default(), |_| t.purge_tenants()).await?;
            Ok(json!({ "tenants": n }))
        }
    });
    let t = tasks;
    registry.register_on(OUTBOX_PRUNE, 1, "system", move |ctx, _input| {
        let t = t.clone();
        async move {
            let n: u64 = ctx.step("prune", RetryPolicy::default(), |_| t.prune_events()).await?;
            Ok(json!({ "events": n }))
        }
    });
}

/// The registration point of the daily notification digest: registers `body` as
/// [`NOTIFICATION_DIGEST`], whose schedule [`ensure_schedules`] then creates.
pub fn register_notification_digest<F, Fut>(registry: &mut Registry, body: F)
where
    F: Fn(super::Ctx, Value) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = super::WfResult<Value>> + Send + 'static,
{
    registry.register_on(NOTIFICATION_DIGEST, 1, "system", body);
}

/// Creates the schedule of every registered recurring job that has none yet (in the root
/// tenant). Replicas starting together may race: the unique schedule name lets one win.
pub async fn ensure_schedules(store: &Arc<dyn Store>, registry: &Registry, root: TenantId) -> StoreResult<()> {
    ensure_schedules_with(store, registry, root, &[]).await
}

/// [`ensure_schedules`], with the times of some jobs taken from the configuration
/// (`(workflow, cron)`, e.g. the digest at `notifications.digest_hour`): an existing schedule
/// whose cron differs is moved to the configured one.
pub async fn ensure_schedules_with(
    store: &Arc<dyn Store>,
    registry: &Registry,
    root: TenantId,
    crons: &[(&str, String)],
) -> StoreResult<()> {
    let now = Utc::now().trunc_subsecs(6);
    for job in RECURRING {
        if registry.latest(job.workflow).is_none() {
            continue;
        }
        let cron = crons.iter().find(|(w, _)| *w == job.workflow).map_or(job.cron, |(_, c)| c.as_str());
        let existing =
            store.read(TenantScope::System).await?.workflows().wf_schedule_by_name(root, job.workflow).await?;
        if let Some(mut s) = existing {
            if s.cron != cron {
                s.cron = cron.to_owned();
                let next = super::schedule::first_fire(&s, now).map_err(crate::store::StoreError::Other)?;
                let mut tx = store.write(WriteGrant::for_engine()).await?;
                tx.workflows_mut().wf_set_schedule_cron(s.id, cron, next, now).await?;
                let entry = super::journal::entry(
                    root,
                    "workflow.schedule.updated",
                    nimbus_core::audit::ResourceRef {
                        kind: "workflow_schedule".into(),
                        id: s.id.to_string(),
                        name: Some(s.name.clone()),
                    },
                    json!({ "cron": cron, "timezone": s.timezone, "workflow": s.workflow }),
                    now,
                    false,
                );
                tx.append_audits(&[entry]).await?;
                tx.commit().await?;
            }
            continue;
        }
        let mut s = ScheduleRecord {
            id: ScheduleId::generate(),
            tenant_id: root,
            name: job.workflow.to_owned(),
            cron: cron.to_owned(),
            timezone: "UTC".to_owned(),
            workflow: job.workflow.to_owned(),
            input: Value::Null,
            overlap: "skip".to_owned(),
            catch_up_secs: 3600,
            paused: false,
            next_fire_ms: None,
            last_fire_at: None,
            created_at: now,
            updated_at: now,
        };
        s.next_fire_ms = super::schedule::first_fire(&s, now).map_err(crate::store::StoreError::Other)?;
        let mut tx = store.write(WriteGrant::for_engine()).await?;
        match tx.workflows_mut().wf_insert_schedule(&s).await {
            Ok(()) => {
                let entry = super::journal::entry(
                    root,
                    "workflow.schedule.created",
                    nimbus_core::audit::ResourceRef {
                        kind: "workflow_schedule".into(),
                        id: s.id.to_string(),
                        name: Some(s.name.clone()),
                    },
                    json!({ "cron": s.cron, "timezone": s.timezone, "workflow": s.workflow }),
                    now,
                    false,
                );
                tx.append_audits(&[entry]).await?;
                tx.commit().await?;
            }
            // Another replica created it first.
            Err(crate::store::StoreError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
