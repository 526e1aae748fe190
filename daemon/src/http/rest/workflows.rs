//! `/api/v1/tenants/{tenant}/workflows…` and `/api/v1/tenants/{tenant}/schedules…`: workflow runs
//! and schedules. Each handler declares its permission as the bearer scope in OpenAPI and calls
//! one service method.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::api::workflows::{
    CancelRun, Schedule, ScheduleList, SendSignal, WorkflowHistory, WorkflowRun, WorkflowRunList,
};
use nimbus_core::ids::RunId;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client};
use crate::services::workflows::RunQuery;

/// `?status=&workflow=&tag=&limit=&before=` on run listings.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RunsQuery {
    /// Only runs in this status.
    pub status: Option<String>,
    /// Only runs of this workflow.
    pub workflow: Option<String>,
    /// Only runs carrying this tag, `key=value`.
    pub tag: Option<String>,
    /// Page size (default 100, at most 500).
    pub limit: Option<u32>,
    /// Runs older than this one (the previous page's `next`).
    pub before: Option<RunId>,
}

/// Runs, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/workflows",
    tag = "workflows",
    security(("bearer" = ["workflow:run:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), RunsQuery),
    responses((status = 200, description = "Runs, newest first", body = WorkflowRunList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:run:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_workflow_runs(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
    ApiQuery(q): ApiQuery<RunsQuery>,
) -> Result<Json<WorkflowRunList>, ApiError> {
    Ok(Json(
        state
            .services
            .list_workflow_runs(
                &p,
                &rc,
                &tenant,
                RunQuery { status: q.status, workflow: q.workflow, tag: q.tag, limit: q.limit, before: q.before },
            )
            .await?,
    ))
}

/// The run.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/workflows/{run}",
    tag = "workflows",
    security(("bearer" = ["workflow:run:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("run" = RunId, Path, description = "Run id")),
    responses((status = 200, description = "The run", body = WorkflowRun), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:run:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_workflow_run(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, run)): ApiPath<(String, RunId)>,
) -> Result<Json<WorkflowRun>, ApiError> {
    Ok(Json(state.services.get_workflow_run(&p, &rc, &tenant, run).await?))
}

/// The run's journal and signals.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/workflows/{run}/history",
    tag = "workflows",
    security(("bearer" = ["workflow:run:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("run" = RunId, Path, description = "Run id")),
    responses((status = 200, description = "The run's journal and signals", body = WorkflowHistory), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:run:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn workflow_history(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, run)): ApiPath<(String, RunId)>,
) -> Result<Json<WorkflowHistory>, ApiError> {
    Ok(Json(state.services.workflow_history(&p, &rc, &tenant, run).await?))
}

/// Signal stored; a run waiting for it wakes.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/workflows/{run}/signal",
    tag = "workflows",
    security(("bearer" = ["workflow:run:signal"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("run" = RunId, Path, description = "Run id")),
    request_body = SendSignal,
    responses((status = 200, description = "Signal stored; a run waiting for it wakes", body = WorkflowRun), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:run:signal here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn signal_workflow_run(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, run)): ApiPath<(String, RunId)>,
    ApiJson(body): ApiJson<SendSignal>,
) -> Result<Json<WorkflowRun>, ApiError> {
    Ok(Json(state.services.signal_workflow_run(&p, &rc, &tenant, run, body).await?))
}

/// Cancellation asked for (or, with `terminate`, the run ended at once; that needs `workflow:run:terminate`).
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/workflows/{run}/cancel",
    tag = "workflows",
    security(("bearer" = ["workflow:run:cancel"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("run" = RunId, Path, description = "Run id")),
    request_body = CancelRun,
    responses((status = 200, description = "Cancellation asked for (or the run terminated)", body = WorkflowRun), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:run:cancel here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn cancel_workflow_run(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, run)): ApiPath<(String, RunId)>,
    ApiJson(body): ApiJson<CancelRun>,
) -> Result<Json<WorkflowRun>, ApiError> {
    Ok(Json(state.services.cancel_workflow_run(&p, &rc, &tenant, run, body).await?))
}

/// Back in the queue from its first failed step.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/workflows/{run}/retry",
    tag = "workflows",
    security(("bearer" = ["workflow:run:retry"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("run" = RunId, Path, description = "Run id")),
    responses((status = 200, description = "Back in the queue from its first failed step", body = WorkflowRun), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:run:retry here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn retry_workflow_run(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, run)): ApiPath<(String, RunId)>,
) -> Result<Json<WorkflowRun>, ApiError> {
    Ok(Json(state.services.retry_workflow_run(&p, &rc, &tenant, run).await?))
}

/// Schedules, by name.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/schedules",
    tag = "workflows",
    security(("bearer" = ["workflow:schedule:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug")),
    responses((status = 200, description = "Schedules, by name", body = ScheduleList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:schedule:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_schedules(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath(tenant): ApiPath<String>,
) -> Result<Json<ScheduleList>, ApiError> {
    Ok(Json(state.services.list_schedules(&p, &rc, &tenant).await?))
}

/// The schedule.
#[utoipa::path(
    get,
    path = "/api/v1/tenants/{tenant}/schedules/{schedule}",
    tag = "workflows",
    security(("bearer" = ["workflow:schedule:read"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("schedule" = String, Path, description = "Schedule id or name")),
    responses((status = 200, description = "The schedule", body = Schedule), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:schedule:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_schedule(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, schedule)): ApiPath<(String, String)>,
) -> Result<Json<Schedule>, ApiError> {
    Ok(Json(state.services.get_schedule(&p, &rc, &tenant, &schedule).await?))
}

/// Paused.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/schedules/{schedule}/pause",
    tag = "workflows",
    security(("bearer" = ["workflow:schedule:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("schedule" = String, Path, description = "Schedule id or name")),
    responses((status = 200, description = "Paused", body = Schedule), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:schedule:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn pause_schedule(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, schedule)): ApiPath<(String, String)>,
) -> Result<Json<Schedule>, ApiError> {
    Ok(Json(state.services.pause_schedule(&p, &rc, &tenant, &schedule, true).await?))
}

/// Resumed from the next fire time after now.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/schedules/{schedule}/resume",
    tag = "workflows",
    security(("bearer" = ["workflow:schedule:update"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("schedule" = String, Path, description = "Schedule id or name")),
    responses((status = 200, description = "Resumed from the next fire time after now", body = Schedule), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:schedule:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn resume_schedule(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, schedule)): ApiPath<(String, String)>,
) -> Result<Json<Schedule>, ApiError> {
    Ok(Json(state.services.pause_schedule(&p, &rc, &tenant, &schedule, false).await?))
}

/// A run started now.
#[utoipa::path(
    post,
    path = "/api/v1/tenants/{tenant}/schedules/{schedule}/trigger",
    tag = "workflows",
    security(("bearer" = ["workflow:schedule:trigger"])),
    params(("tenant" = String, Path, description = "Tenant id or slug"), ("schedule" = String, Path, description = "Schedule id or name")),
    responses((status = 200, description = "A run started now", body = WorkflowRun), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack workflow:schedule:trigger here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn trigger_schedule(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ApiPath((tenant, schedule)): ApiPath<(String, String)>,
) -> Result<Json<WorkflowRun>, ApiError> {
    Ok(Json(state.services.trigger_schedule(&p, &rc, &tenant, &schedule).await?))
}
