//! Workflow runs and schedules as the API exposes them: list, show, history, signal, cancel
//! (or terminate), retry; list, show, pause, resume and trigger schedules. Reads check
//! `workflow:run:read` / `workflow:schedule:read` on the tenant; every change is an operation
//! (permission, audit record and event in the change's transaction). The engine picks changes
//! up by itself (a woken run, a bumped epoch); this module never runs workflow code.

use chrono::{TimeZone, Utc};
use nimbus_core::api::workflows::{
    CancelRun, Schedule, ScheduleList, SendSignal, WorkflowHistory, WorkflowRun, WorkflowRunList, WorkflowSignal,
    WorkflowStep,
};
use nimbus_core::audit::{Category, Priority};
use nimbus_core::ids::{RunId, ScheduleId, SignalId, TenantId};
use serde_json::json;

use super::Services;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::store::workflow::{RunFilter, RunRecord, RunStatus, ScheduleRecord, SignalRecord, StepRecord, ms};
use crate::store::{TenantScope, WriteTx};

/// Longest page of runs.
pub const MAX_PAGE: u32 = 500;

/// Filters of `GET …/workflows`.
#[derive(Debug, Clone, Default)]
pub struct RunQuery {
    /// Only this status.
    pub status: Option<String>,
    /// Only this workflow.
    pub workflow: Option<String>,
    /// `key=value` tag.
    pub tag: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// Runs older than this one.
    pub before: Option<RunId>,
}

pub(crate) fn run_dto(r: &RunRecord) -> WorkflowRun {
    WorkflowRun {
        id: r.id,
        tenant_id: r.tenant_id,
        workflow: r.workflow.clone(),
        version: r.version,
        status: r.status.as_str().to_owned(),
        input: r.input.clone(),
        output: r.output.clone(),
        error: r.error.clone(),
        tags: r.tags.clone(),
        state: r.state.clone(),
        concurrency_key: r.concurrency_key.clone(),
        parent_id: r.parent_id,
        schedule_id: r.schedule_id,
        fire_time: r.fire_time,
        cancel_requested: r.cancel_requested,
        epoch: r.epoch,
        created_at: r.created_at,
        updated_at: r.updated_at,
        started_at: r.started_at,
        finished_at: r.finished_at,
    }
}

fn step_dto(s: &StepRecord) -> WorkflowStep {
    WorkflowStep {
        seq: s.seq,
        name: s.name.clone(),
        kind: s.kind.clone(),
        output: s.output.clone(),
        error: s.error.clone(),
        attempts: s.attempts,
        at: s.created_at,
    }
}

fn signal_dto(s: &SignalRecord) -> WorkflowSignal {
    WorkflowSignal {
        id: s.id,
        name: s.name.clone(),
        payload: s.payload.clone(),
        at: s.created_at,
        received_at_seq: s.consumed_seq,
    }
}

pub(crate) fn schedule_dto(s: &ScheduleRecord) -> Schedule {
    Schedule {
        id: s.id,
        tenant_id: s.tenant_id,
        name: s.name.clone(),
        cron: s.cron.clone(),
        timezone: s.timezone.clone(),
        workflow: s.workflow.clone(),
        overlap: s.overlap.clone(),
        catch_up_secs: s.catch_up_secs,
        paused: s.paused,
        next_fire_at: s.next_fire_ms.and_then(|m| Utc.timestamp_millis_opt(m).single()),
        last_fire_at: s.last_fire_at,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

fn not_found_run(id: RunId) -> ServiceError {
    ServiceError::NotFound { what: format!("workflow run {id}") }
}

/// Runs.
impl Services {
    async fn workflow_tenant(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        perm: &'static str,
    ) -> ServiceResult<TenantId> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.check(principal, rc, perm, Target { tenant, compartment: None }).await?;
        Ok(tenant)
    }

    fn one_tenant(tenant: TenantId) -> TenantScope {
        TenantScope::Tenants(vec![tenant].into())
    }

    /// The tenant's runs, newest first.
    pub async fn list_workflow_runs(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        q: RunQuery,
    ) -> ServiceResult<WorkflowRunList> {
        let tenant = self.workflow_tenant(principal, rc, key, "workflow:run:read").await?;
        let status = q
            .status
            .as_deref()
            .map(|s| {
                RunStatus::parse(s).map_err(|_| ServiceError::Invalid {
                    message: format!(
                        "status {s:?} is not a run status; use enqueued, running, waiting, succeeded, failed, \
                         cancelled or compensating"
                    ),
                })
            })
            .transpose()?;
        let tag = q
            .tag
            .as_deref()
            .map(|t| {
                t.split_once('=')
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .ok_or_else(|| ServiceError::Invalid { message: format!("tag {t:?} must be key=value") })
            })
            .transpose()?;
        let limit = q.limit.unwrap_or(100).clamp(1, MAX_PAGE);
        let filter = RunFilter {
            tenants: vec![tenant],
            status,
            workflow: q.workflow,
            tag,
            parent: None,
            before: q.before,
            limit: limit + 1,
        };
        let mut rows = self.store.read(Self::one_tenant(tenant)).await?.workflows().wf_runs(&filter).await?;
        let next = (rows.len() > limit as usize).then(|| rows[limit as usize - 1].id);
        rows.truncate(limit as usize);
        Ok(WorkflowRunList { runs: rows.iter().map(run_dto).collect(), next })
    }

    async fn run_in(&self, tenant: TenantId, id: RunId) -> ServiceResult<RunRecord> {
        self.store
            .read(Self::one_tenant(tenant))
            .await?
            .workflows()
            .wf_run(id)
            .await?
            .filter(|r| r.tenant_id == tenant)
            .ok_or_else(|| not_found_run(id))
    }

    /// One run.
    pub async fn get_workflow_run(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RunId,
    ) -> ServiceResult<WorkflowRun> {
        let tenant = self.workflow_tenant(principal, rc, key, "workflow:run:read").await?;
        Ok(run_dto(&self.run_in(tenant, id).await?))
    }

    /// A run's journal and signals.
    pub async fn workflow_history(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RunId,
    ) -> ServiceResult<WorkflowHistory> {
        let tenant = self.workflow_tenant(principal, rc, key, "workflow:run:read").await?;
        let run = self.run_in(tenant, id).await?;
        let mut read = self.store.read(Self::one_tenant(tenant)).await?;
        let steps = read.workflows().wf_steps(id).await?;
        let signals = read.workflows().wf_signals(id).await?;
        Ok(WorkflowHistory {
            run: run_dto(&run),
            steps: steps.iter().map(step_dto).collect(),
            signals: signals.iter().map(signal_dto).collect(),
        })
    }

    /// Sends a signal; a run waiting for it wakes.
    pub async fn signal_workflow_run(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RunId,
        body: SendSignal,
    ) -> ServiceResult<WorkflowRun> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let name = body.name.trim().to_owned();
        if name.is_empty() || name.len() > 100 {
            return Err(ServiceError::Invalid { message: "name must be 1 to 100 characters".into() });
        }
        let run = self
            .pipeline
            .run(&Caller::User(principal.clone()), rc, SignalRun { tenant, run: id, name, payload: body.payload })
            .await?;
        self.engine.poke();
        Ok(run_dto(&run))
    }

    /// Asks a run to cancel (it compensates and ends `cancelled`), or terminates it at once.
    pub async fn cancel_workflow_run(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RunId,
        body: CancelRun,
    ) -> ServiceResult<WorkflowRun> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let caller = Caller::User(principal.clone());
        let run = if body.terminate {
            self.pipeline.run(&caller, rc, TerminateRun { tenant, run: id }).await?
        } else {
            self.pipeline.run(&caller, rc, CancelRunOp { tenant, run: id }).await?
        };
        self.engine.poke();
        Ok(run_dto(&run))
    }

    /// Puts a failed or cancelled run back in the queue: its journal is kept up to the first
    /// failed step, which runs again.
    pub async fn retry_workflow_run(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RunId,
    ) -> ServiceResult<WorkflowRun> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let run = self.pipeline.run(&Caller::User(principal.clone()), rc, RetryRun { tenant, run: id }).await?;
        self.engine.poke();
        Ok(run_dto(&run))
    }
}

/// Schedules.
impl Services {
    /// The tenant's schedules.
    pub async fn list_schedules(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<ScheduleList> {
        let tenant = self.workflow_tenant(principal, rc, key, "workflow:schedule:read").await?;
        let rows = self.store.read(Self::one_tenant(tenant)).await?.workflows().wf_schedules(tenant).await?;
        Ok(ScheduleList { schedules: rows.iter().map(schedule_dto).collect() })
    }

    /// One schedule, by id or name.
    pub async fn get_schedule(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        schedule: &str,
    ) -> ServiceResult<Schedule> {
        let tenant = self.workflow_tenant(principal, rc, key, "workflow:schedule:read").await?;
        Ok(schedule_dto(&self.schedule_in(tenant, schedule).await?))
    }

    async fn schedule_in(&self, tenant: TenantId, schedule: &str) -> ServiceResult<ScheduleRecord> {
        let mut read = self.store.read(Self::one_tenant(tenant)).await?;
        let found = match schedule.parse::<ScheduleId>() {
            Ok(id) => read.workflows().wf_schedule(id).await?.filter(|s| s.tenant_id == tenant),
            Err(_) => read.workflows().wf_schedule_by_name(tenant, schedule).await?,
        };
        found.ok_or_else(|| ServiceError::NotFound { what: format!("schedule {schedule:?}") })
    }

    /// Pauses (`true`) or resumes a schedule. A resumed schedule fires from the next time after
    /// now: what it missed while paused is not caught up.
    pub async fn pause_schedule(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        schedule: &str,
        paused: bool,
    ) -> ServiceResult<Schedule> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let found = self.schedule_for_change(principal, rc, tenant, schedule).await?;
        let s = self.pipeline.run(&Caller::User(principal.clone()), rc, PauseSchedule { s: found, paused }).await?;
        Ok(schedule_dto(&s))
    }

    /// Starts a run of the schedule now (its fire time is now).
    pub async fn trigger_schedule(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        schedule: &str,
    ) -> ServiceResult<WorkflowRun> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let found = self.schedule_for_change(principal, rc, tenant, schedule).await?;
        let version =
            self.engine.registry().latest(&found.workflow).map(|d| (d.version, d.queue.clone())).ok_or_else(|| {
                ServiceError::Conflict {
                    message: format!("workflow `{}` is not registered in this build", found.workflow),
                }
            })?;
        let run = self
            .pipeline
            .run(
                &Caller::User(principal.clone()),
                rc,
                TriggerSchedule { s: found, version: version.0, queue: version.1 },
            )
            .await?;
        self.engine.poke();
        Ok(run_dto(&run))
    }

    /// Looks the schedule up for a change: visible only to those who may read it, so a caller
    /// without any standing learns nothing; the change's own permission is checked by its
    /// operation.
    async fn schedule_for_change(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        tenant: TenantId,
        schedule: &str,
    ) -> ServiceResult<ScheduleRecord> {
        match self.schedule_in(tenant, schedule).await {
            Ok(s) => Ok(s),
            Err(e) => {
                // Not found reads the same whether it exists elsewhere or not; record the attempt.
                self.pipeline
                    .record_denied_read("workflow:schedule:read", &Caller::User(principal.clone()), rc, &e)
                    .await;
                Err(e)
            }
        }
    }
}

async fn run_of(tx: &mut dyn WriteTx, tenant: TenantId, id: RunId) -> ServiceResult<RunRecord> {
    tx.workflows_mut().wf_run(id).await?.filter(|r| r.tenant_id == tenant).ok_or_else(|| not_found_run(id))
}

fn run_audit(tenant: TenantId, event: &str, r: &RunRecord) -> AuditDraft {
    AuditDraft::new(tenant, event, Category::System).resource("workflow_run", r.id, Some(r.workflow.clone()))
}

struct SignalRun {
    tenant: TenantId,
    run: RunId,
    name: String,
    payload: serde_json::Value,
}

impl Operation for SignalRun {
    type Output = RunRecord;
    const ACTION: &'static str = "workflow:run:signal";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "workflow.run.signal_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RunRecord>> {
        let run = run_of(tx, self.tenant, self.run).await?;
        if run.status.is_terminal() {
            return Err(ServiceError::Conflict {
                message: format!(
                    "run {} has finished ({}); signals reach only unfinished runs",
                    run.id,
                    run.status.as_str()
                ),
            });
        }
        let signal = SignalRecord {
            id: SignalId::generate(),
            run_id: run.id,
            tenant_id: self.tenant,
            name: self.name.clone(),
            payload: self.payload,
            created_at: ctx.now,
            consumed_seq: None,
        };
        tx.workflows_mut().wf_insert_signal(&signal).await?;
        tx.workflows_mut().wf_wake(run.id, ms(ctx.now)).await?;
        Ok(Applied::new(run.clone())
            .audit(run_audit(self.tenant, "workflow.run.signalled", &run).new_value(json!({ "signal": self.name })))
            .event(EventDraft::new(
                self.tenant,
                "workflow.run.signalled",
                json!({ "run_id": run.id, "signal": self.name }),
            )))
    }
}

struct CancelRunOp {
    tenant: TenantId,
    run: RunId,
}

impl Operation for CancelRunOp {
    type Output = RunRecord;
    const ACTION: &'static str = "workflow:run:cancel";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "workflow.run.cancel_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RunRecord>> {
        let run = run_of(tx, self.tenant, self.run).await?;
        if run.status.is_terminal() {
            return Err(ServiceError::Conflict {
                message: format!("run {} has already finished ({})", run.id, run.status.as_str()),
            });
        }
        tx.workflows_mut().wf_request_cancel(run.id, ms(ctx.now), ctx.now).await?;
        let run = run_of(tx, self.tenant, self.run).await?;
        Ok(Applied::new(run.clone())
            .audit(run_audit(self.tenant, "workflow.run.cancel_requested", &run).priority(Priority::Warn))
            .event(EventDraft::new(self.tenant, "workflow.run.cancel_requested", json!({ "run_id": run.id }))))
    }
}

struct TerminateRun {
    tenant: TenantId,
    run: RunId,
}

impl Operation for TerminateRun {
    type Output = RunRecord;
    const ACTION: &'static str = "workflow:run:terminate";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "workflow.run.terminate_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RunRecord>> {
        let run = run_of(tx, self.tenant, self.run).await?;
        let who = ctx.principal().map(|p| p.actor().display).unwrap_or_default();
        if !tx.workflows_mut().wf_terminate(run.id, &format!("terminated by {who}"), ctx.now).await? {
            return Err(ServiceError::Conflict {
                message: format!("run {} has already finished ({})", run.id, run.status.as_str()),
            });
        }
        if let Some(parent) = run.parent_id {
            tx.workflows_mut().wf_wake(parent, ms(ctx.now)).await?;
        }
        let run = run_of(tx, self.tenant, self.run).await?;
        Ok(Applied::new(run.clone())
            .audit(run_audit(self.tenant, "workflow.run.terminated", &run).priority(Priority::Warn))
            .event(EventDraft::new(
                self.tenant,
                "workflow.run.cancelled",
                json!({ "run_id": run.id, "terminated": true }),
            )))
    }
}

struct RetryRun {
    tenant: TenantId,
    run: RunId,
}

impl Operation for RetryRun {
    type Output = RunRecord;
    const ACTION: &'static str = "workflow:run:retry";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "workflow.run.retry_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RunRecord>> {
        let run = run_of(tx, self.tenant, self.run).await?;
        if !matches!(run.status, RunStatus::Failed | RunStatus::Cancelled) {
            return Err(ServiceError::Conflict {
                message: format!(
                    "run {} is {}; only failed or cancelled runs can be retried",
                    run.id,
                    run.status.as_str()
                ),
            });
        }
        // The first failed step and everything after it (compensations included) run again.
        let steps = tx.workflows_mut().wf_steps(run.id).await?;
        let from = steps
            .iter()
            .find(|s| s.error.is_some() || s.name.starts_with("undo:"))
            .map_or(u32::try_from(steps.len()).unwrap_or(u32::MAX), |s| s.seq);
        tx.workflows_mut().wf_retry(run.id, from, ms(ctx.now), ctx.now).await?;
        let after = run_of(tx, self.tenant, self.run).await?;
        Ok(Applied::new(after.clone())
            .audit(
                run_audit(self.tenant, "workflow.run.retried", &after)
                    .old_value(json!({ "status": run.status.as_str(), "error": run.error }))
                    .new_value(json!({ "status": after.status.as_str(), "from_seq": from })),
            )
            .event(EventDraft::new(self.tenant, "workflow.run.retried", json!({ "run_id": run.id, "from_seq": from }))))
    }
}

struct PauseSchedule {
    s: ScheduleRecord,
    paused: bool,
}

impl Operation for PauseSchedule {
    type Output = ScheduleRecord;
    const ACTION: &'static str = "workflow:schedule:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "workflow.schedule.update_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.s.tenant_id, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<ScheduleRecord>> {
        let next = if self.paused {
            None
        } else {
            crate::engine::schedule::first_fire(&self.s, ctx.now)
                .map_err(|message| ServiceError::Conflict { message })?
        };
        tx.workflows_mut().wf_set_schedule_paused(self.s.id, self.paused, next, ctx.now).await?;
        let after = tx
            .workflows_mut()
            .wf_schedule(self.s.id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: format!("schedule {}", self.s.name) })?;
        let event = if self.paused { "workflow.schedule.paused" } else { "workflow.schedule.resumed" };
        Ok(Applied::new(after.clone())
            .audit(
                AuditDraft::new(self.s.tenant_id, event, Category::System)
                    .resource("workflow_schedule", self.s.id, Some(self.s.name.clone()))
                    .old_value(json!({ "paused": self.s.paused }))
                    .new_value(json!({ "paused": after.paused, "next_fire_ms": after.next_fire_ms })),
            )
            .event(EventDraft::new(self.s.tenant_id, event, json!({ "schedule_id": self.s.id, "name": self.s.name }))))
    }
}

struct TriggerSchedule {
    s: ScheduleRecord,
    version: u32,
    queue: String,
}

impl Operation for TriggerSchedule {
    type Output = RunRecord;
    const ACTION: &'static str = "workflow:schedule:trigger";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "workflow.schedule.trigger_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.s.tenant_id, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RunRecord>> {
        let options = crate::engine::StartOptions {
            schedule: Some((self.s.id, ctx.now)),
            tags: [("schedule".to_owned(), self.s.name.clone()), ("trigger".to_owned(), "manual".to_owned())].into(),
            ..Default::default()
        };
        let run = crate::engine::new_run(
            RunId::generate(),
            self.s.tenant_id,
            &self.s.workflow,
            self.version,
            &self.queue,
            self.s.input.clone(),
            options,
        );
        if !tx.workflows_mut().wf_insert_run(&run).await? {
            return Err(ServiceError::Conflict {
                message: "the schedule fired at this instant already; try again".into(),
            });
        }
        Ok(Applied::new(run.clone())
            .audit(
                AuditDraft::new(self.s.tenant_id, "workflow.schedule.triggered", Category::System)
                    .resource("workflow_schedule", self.s.id, Some(self.s.name.clone()))
                    .new_value(json!({ "run_id": run.id, "workflow": run.workflow })),
            )
            .event(EventDraft::new(
                self.s.tenant_id,
                "workflow.run.started",
                json!({ "run_id": run.id, "workflow": run.workflow, "schedule": self.s.name, "status": "enqueued" }),
            )))
    }
}
