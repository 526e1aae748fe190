//! Workflow runs and schedules over `/api/v1/tenants/{t}/workflows` and `…/schedules` (the
//! routes of `nimbus workflow …` and `nimbus schedule …`). A run's steps come from its history;
//! histories are cached by the run's `updated_at`, so a refresh after one run moved asks only
//! for that run's.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::api::workflows::{
    CancelRun, Schedule as WireSchedule, SendSignal, WorkflowRun as WireRun, WorkflowStep,
};
use nimbus_core::client::RunListParams;
use nimbus_core::ids::RunId;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::{Daemon, failed};
use crate::sources::{
    RunControl, RunFilter, Schedule, ScheduleControl, ScheduleSource, SourceError, SourceResult, StepInfo, WorkflowRun,
    WorkflowSource,
};

/// Runs listed (the daemon's default page).
const RUNS: u32 = 100;
/// Histories asked for at once.
const PARALLEL: usize = 8;
/// Recent runs looked through for each schedule's last result.
const RECENT: u32 = 200;

/// A journal entry as a step line: steps by name, other entries (`timer`, `signal`, `child`,
/// `clock`) with their kind in front.
pub(crate) fn step(s: &WorkflowStep) -> StepInfo {
    StepInfo {
        name: if s.kind == "step" { s.name.clone() } else { format!("{} {}", s.kind, s.name) },
        status: if s.error.is_some() { "failed" } else { "succeeded" }.to_owned(),
        attempts: s.attempts,
        error: s.error.clone(),
    }
}

/// A run as the view shows it.
pub(crate) fn run(r: WireRun, steps: Vec<StepInfo>) -> WorkflowRun {
    WorkflowRun {
        id: r.id.to_string(),
        kind: r.workflow,
        status: r.status,
        tags: r.tags,
        started_at: r.started_at.unwrap_or(r.created_at),
        updated_at: r.updated_at,
        steps,
        state: r.state.unwrap_or(Value::Null),
    }
}

/// A schedule as the view shows it, with the outcome of its newest run if one is known.
pub(crate) fn schedule(s: WireSchedule, last: Option<&WireRun>) -> Schedule {
    let cron = if s.timezone == "UTC" { s.cron } else { format!("{} {}", s.cron, s.timezone) };
    Schedule {
        id: s.id.to_string(),
        name: s.name,
        cron,
        workflow: s.workflow,
        paused: s.paused,
        next_fire: s.next_fire_at,
        last_fired: s.last_fire_at,
        last_result: last.map(|r| match (&r.status[..], &r.error) {
            ("failed", Some(e)) => format!("failed: {e}"),
            (status, _) => status.to_owned(),
        }),
    }
}

fn run_id(id: &str) -> SourceResult<RunId> {
    id.parse().map_err(|_| SourceError::Failed(format!("{id:?} is not a run id")))
}

/// A run's steps, as of the run's `updated_at` when they were fetched.
type StepCache = HashMap<RunId, (DateTime<Utc>, Vec<StepInfo>)>;

/// `:workflows`.
#[derive(Debug)]
pub(super) struct Runs {
    d: Daemon,
    steps: Mutex<StepCache>,
}

impl Runs {
    pub(super) fn new(d: Daemon) -> Self {
        Self { d, steps: Mutex::new(HashMap::new()) }
    }

    fn cached(&self, id: RunId, updated: DateTime<Utc>) -> Option<Vec<StepInfo>> {
        let cache = self.steps.lock().ok()?;
        cache.get(&id).filter(|(at, _)| *at == updated).map(|(_, s)| s.clone())
    }
}

#[async_trait]
impl WorkflowSource for Runs {
    async fn runs(&self, filter: &RunFilter) -> SourceResult<Vec<WorkflowRun>> {
        let tenant = self.d.tenant().await?;
        let params = RunListParams {
            status: filter.status.clone(),
            workflow: filter.kind.clone(),
            tag: filter.tag.clone(),
            limit: Some(RUNS),
            before: None,
        };
        let list = self.d.client.workflow_runs(&tenant, &params).await.map_err(|e| failed("workflows", &e))?;
        let stale: Vec<(RunId, DateTime<Utc>)> = list
            .runs
            .iter()
            .filter(|r| self.cached(r.id, r.updated_at).is_none())
            .map(|r| (r.id, r.updated_at))
            .collect();
        let mut fresh: HashMap<RunId, (DateTime<Utc>, Vec<StepInfo>)> = HashMap::new();
        for chunk in stale.chunks(PARALLEL) {
            let mut set = JoinSet::new();
            for (id, updated) in chunk.iter().copied() {
                let (client, tenant) = (self.d.client.clone(), tenant.clone());
                set.spawn(async move { (id, updated, client.workflow_history(&tenant, id).await) });
            }
            while let Some(Ok((id, updated, history))) = set.join_next().await {
                // A run whose history cannot be read is still listed, without steps.
                if let Ok(h) = history {
                    fresh.insert(id, (updated, h.steps.iter().map(step).collect()));
                }
            }
        }
        let runs: Vec<WorkflowRun> = list
            .runs
            .into_iter()
            .map(|r| {
                let steps = fresh.get(&r.id).map(|(_, s)| s.clone()).or_else(|| self.cached(r.id, r.updated_at));
                run(r, steps.unwrap_or_default())
            })
            .collect();
        if let Ok(mut cache) = self.steps.lock() {
            // Only runs still listed stay cached.
            let listed: std::collections::HashSet<String> = runs.iter().map(|r| r.id.clone()).collect();
            cache.retain(|id, _| listed.contains(&id.to_string()));
            cache.extend(fresh);
        }
        Ok(runs)
    }

    async fn control(&self, id: &str, control: &RunControl, reason: &str) -> SourceResult<()> {
        let tenant = self.d.tenant().await?;
        let id = run_id(id)?;
        let c = &self.d.client;
        let result = match control {
            // The reason travels in the payload: the signal is where the workflow sees it.
            RunControl::Signal { name } => {
                let payload = if reason.is_empty() { Value::Null } else { json!({ "reason": reason }) };
                c.signal_workflow(&tenant, id, &SendSignal { name: name.clone(), payload }).await
            }
            RunControl::Cancel => c.cancel_workflow(&tenant, id, &CancelRun { terminate: false }).await,
            RunControl::Retry => c.retry_workflow(&tenant, id).await,
        };
        result.map(drop).map_err(|e| failed("", &e))
    }
}

/// `:schedules`.
#[derive(Debug)]
pub(super) struct Schedules(pub(super) Daemon);

#[async_trait]
impl ScheduleSource for Schedules {
    async fn schedules(&self) -> SourceResult<Vec<Schedule>> {
        let tenant = self.0.tenant().await?;
        let c = &self.0.client;
        let list = c.schedules(&tenant).await.map_err(|e| failed("schedules", &e))?;
        let recent = if list.schedules.is_empty() {
            Vec::new()
        } else {
            let params = RunListParams { limit: Some(RECENT), ..RunListParams::default() };
            // The last results are a courtesy: without them the schedules still show.
            c.workflow_runs(&tenant, &params).await.map(|l| l.runs).unwrap_or_default()
        };
        Ok(list
            .schedules
            .into_iter()
            .map(|s| {
                // Runs come newest first: the first of a schedule is its last.
                let last = recent.iter().find(|r| r.schedule_id == Some(s.id));
                schedule(s, last)
            })
            .collect())
    }

    async fn control(&self, id: &str, control: ScheduleControl, _reason: &str) -> SourceResult<()> {
        let tenant = self.0.tenant().await?;
        let c = &self.0.client;
        let result = match control {
            ScheduleControl::Pause => c.pause_schedule(&tenant, id, true).await.map(drop),
            ScheduleControl::Resume => c.pause_schedule(&tenant, id, false).await.map(drop),
            ScheduleControl::Trigger => c.trigger_schedule(&tenant, id).await.map(drop),
        };
        result.map_err(|e| failed("", &e))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn wire_run(status: &str, error: Option<&str>, schedule: Option<&str>) -> WireRun {
        serde_json::from_value(json!({
            "id": "0193a000-0000-7000-8000-000000000011",
            "tenant_id": "0193a000-0000-7000-8000-0000000000a1",
            "workflow": "pulumi.deploy", "version": 2, "status": status,
            "input": {"stack": "prod"}, "output": null, "error": error,
            "tags": {"env": "prod"}, "state": {"phase": "apply"},
            "concurrency_key": null, "parent_id": null, "schedule_id": schedule, "fire_time": null,
            "cancel_requested": false, "epoch": 1,
            "created_at": "2026-12-05T08:00:00Z", "updated_at": "2026-12-05T08:05:00Z",
            "started_at": "2026-12-05T08:00:01Z", "finished_at": null
        }))
        .unwrap()
    }

    #[test]
    fn a_run_and_its_journal_map_to_the_view() {
        let steps: Vec<WorkflowStep> = serde_json::from_value(json!([
            {"seq": 0, "name": "plan", "kind": "step", "output": {}, "error": null, "attempts": 1, "at": "2026-12-05T08:01:00Z"},
            {"seq": 1, "name": "go", "kind": "signal", "output": null, "error": null, "attempts": 1, "at": "2026-12-05T08:02:00Z"},
            {"seq": 2, "name": "apply", "kind": "step", "output": null, "error": "quota", "attempts": 3, "at": "2026-12-05T08:03:00Z"}
        ]))
        .unwrap();
        let r = run(wire_run("failed", Some("apply: quota"), None), steps.iter().map(step).collect());
        assert_eq!(r.id, "0193a000-0000-7000-8000-000000000011");
        assert_eq!((r.kind.as_str(), r.status.as_str()), ("pulumi.deploy", "failed"));
        assert_eq!(r.tags.get("env").map(String::as_str), Some("prod"));
        assert_eq!(r.started_at.to_rfc3339(), "2026-12-05T08:00:01+00:00");
        assert_eq!(r.state["phase"], "apply");
        let names: Vec<&str> = r.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["plan", "signal go", "apply"]);
        assert_eq!(r.steps[2].status, "failed");
        assert_eq!(r.steps[2].attempts, 3);
        assert_eq!(r.steps[2].error.as_deref(), Some("quota"));
        assert_eq!(r.steps[0].status, "succeeded");
    }

    #[test]
    fn a_schedule_shows_its_last_run() {
        let s: WireSchedule = serde_json::from_value(json!({
            "id": "0193a000-0000-7000-8000-000000000021",
            "tenant_id": "0193a000-0000-7000-8000-0000000000a1",
            "name": "nightly", "cron": "0 2 * * *", "timezone": "Europe/Berlin", "workflow": "backup",
            "overlap": "skip", "catch_up_secs": 60, "paused": true,
            "next_fire_at": "2026-12-06T01:00:00Z", "last_fire_at": "2026-12-05T01:00:00Z",
            "created_at": "2026-12-01T00:00:00Z", "updated_at": "2026-12-05T01:00:00Z"
        }))
        .unwrap();
        let failed = wire_run("failed", Some("disk full"), Some("0193a000-0000-7000-8000-000000000021"));
        let shown = schedule(s.clone(), Some(&failed));
        assert_eq!(shown.name, "nightly");
        assert_eq!(shown.cron, "0 2 * * * Europe/Berlin");
        assert!(shown.paused);
        assert_eq!(shown.last_result.as_deref(), Some("failed: disk full"));
        assert_eq!(shown.next_fire.unwrap().to_rfc3339(), "2026-12-06T01:00:00+00:00");
        let ok = wire_run("succeeded", None, None);
        assert_eq!(schedule(s.clone(), Some(&ok)).last_result.as_deref(), Some("succeeded"));
        assert_eq!(schedule(s, None).last_result, None);
    }

    #[test]
    fn run_ids_are_checked_before_any_call() {
        assert!(run_id("../x").is_err());
        assert!(run_id("0193a000-0000-7000-8000-000000000011").is_ok());
    }
}
