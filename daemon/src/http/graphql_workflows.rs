//! GraphQL queries and mutations of workflow runs and schedules: thin adapters over the same
//! service methods as REST, so the same permission checks and audit apply.

use async_graphql::{Context, Object};
use nimbus_core::api::workflows::{CancelRun, Schedule, SendSignal, WorkflowRun, WorkflowStep};
use nimbus_core::ids::RunId;

use super::graphql::{gql_error, principal, request, state};
use crate::services::workflows::RunQuery;

/// Workflow queries.
#[derive(Debug, Default)]
pub struct WorkflowGqlQuery;

macro_rules! call {
    ($ctx:ident, $method:ident($($arg:expr),*)) => {
        state($ctx)?.services.$method(principal($ctx)?, request($ctx)?, $($arg),*).await.map_err(|e| gql_error($ctx, e))
    };
}

#[Object]
impl WorkflowGqlQuery {
    /// A tenant's workflow runs, newest first.
    // GraphQL field arguments are the filters; grouping them would only rename them.
    #[allow(clippy::too_many_arguments)]
    async fn workflow_runs(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        status: Option<String>,
        workflow: Option<String>,
        tag: Option<String>,
        limit: Option<u32>,
        before: Option<RunId>,
    ) -> async_graphql::Result<Vec<WorkflowRun>> {
        Ok(call!(ctx, list_workflow_runs(&tenant, RunQuery { status, workflow, tag, limit, before }))?.runs)
    }

    /// One run.
    async fn workflow_run(&self, ctx: &Context<'_>, tenant: String, id: RunId) -> async_graphql::Result<WorkflowRun> {
        call!(ctx, get_workflow_run(&tenant, id))
    }

    /// A run's journal, by position.
    async fn workflow_history(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: RunId,
    ) -> async_graphql::Result<Vec<WorkflowStep>> {
        Ok(call!(ctx, workflow_history(&tenant, id))?.steps)
    }

    /// A tenant's schedules, by name.
    async fn schedules(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<Schedule>> {
        Ok(call!(ctx, list_schedules(&tenant))?.schedules)
    }

    /// One schedule, by id or name.
    async fn schedule(&self, ctx: &Context<'_>, tenant: String, schedule: String) -> async_graphql::Result<Schedule> {
        call!(ctx, get_schedule(&tenant, &schedule))
    }
}

/// Workflow mutations.
#[derive(Debug, Default)]
pub struct WorkflowGqlMutation;

#[Object]
impl WorkflowGqlMutation {
    /// Sends a signal (payload as JSON text); a run waiting for it wakes.
    async fn signal_workflow_run(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: RunId,
        name: String,
        payload: Option<String>,
    ) -> async_graphql::Result<WorkflowRun> {
        let payload = match payload {
            Some(p) => {
                serde_json::from_str(&p).map_err(|e| async_graphql::Error::new(format!("payload is not JSON: {e}")))?
            }
            None => serde_json::Value::Null,
        };
        call!(ctx, signal_workflow_run(&tenant, id, SendSignal { name, payload }))
    }

    /// Asks a run to cancel (it compensates first), or with `terminate` ends it at once.
    async fn cancel_workflow_run(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: RunId,
        terminate: Option<bool>,
    ) -> async_graphql::Result<WorkflowRun> {
        call!(ctx, cancel_workflow_run(&tenant, id, CancelRun { terminate: terminate.unwrap_or(false) }))
    }

    /// Puts a failed or cancelled run back in the queue from its first failed step.
    async fn retry_workflow_run(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: RunId,
    ) -> async_graphql::Result<WorkflowRun> {
        call!(ctx, retry_workflow_run(&tenant, id))
    }

    /// Pauses a schedule.
    async fn pause_schedule(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        schedule: String,
    ) -> async_graphql::Result<Schedule> {
        call!(ctx, pause_schedule(&tenant, &schedule, true))
    }

    /// Resumes a schedule from its next fire time after now.
    async fn resume_schedule(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        schedule: String,
    ) -> async_graphql::Result<Schedule> {
        call!(ctx, pause_schedule(&tenant, &schedule, false))
    }

    /// Starts a schedule's workflow now.
    async fn trigger_schedule(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        schedule: String,
    ) -> async_graphql::Result<WorkflowRun> {
        call!(ctx, trigger_schedule(&tenant, &schedule))
    }
}
