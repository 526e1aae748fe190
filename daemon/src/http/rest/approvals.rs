//! `/api/v1/approvals…` and `/api/v1/approval-policies…`: approval requests and policies of the
//! session's tenant (the contract shared with the TUI is `approvals-api.md`). Each handler
//! declares its permission as the bearer scope in OpenAPI and calls one service method.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nimbus_core::api::approvals::{
    ApprovalPolicy, ApprovalPolicyInput, ApprovalPolicyList, ApprovalRequest, ApprovalRequestList,
    CreateApprovalRequest, DecideApproval, DelegateApproval,
};
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::ids::ApprovalId;

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, Auth, Client, ContextTenant};
use crate::services::approvals::ApprovalQuery;

/// `?status=&assigned=me&limit=&cursor=` on request listings.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApprovalsQuery {
    /// Only requests in this status: pending, approved, rejected, expired or cancelled.
    pub status: Option<String>,
    /// `me`: only pending requests waiting for the caller (directly, via a group or a role).
    pub assigned: Option<String>,
    /// Page size (default 100, at most 500).
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Approval requests of your tenant, newest first
#[utoipa::path(
    get,
    path = "/api/v1/approvals",
    tag = "approvals",
    security(("bearer" = ["approval:request:read"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ApprovalsQuery),
    responses((status = 200, description = "Approval requests of your tenant, newest first", body = ApprovalRequestList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_approvals(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiQuery(q): ApiQuery<ApprovalsQuery>,
) -> Result<Json<ApprovalRequestList>, ApiError> {
    let assigned_to_me = match q.assigned.as_deref() {
        None | Some("") => false,
        Some("me") => true,
        Some(other) => {
            return Err(crate::error::ServiceError::Invalid {
                message: format!("assigned={other:?} is not supported; use assigned=me"),
            }
            .into());
        }
    };
    let q = ApprovalQuery { status: q.status, assigned_to_me, limit: q.limit, cursor: q.cursor };
    Ok(Json(state.services.list_approvals(&p, &rc, ctx.as_deref(), q).await?))
}

/// The approval request with its steps and history
#[utoipa::path(
    get,
    path = "/api/v1/approvals/{id}",
    tag = "approvals",
    security(("bearer" = ["approval:request:read"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("id" = ApprovalId, Path, description = "Approval request id")),
    responses((status = 200, description = "The approval request with its steps and history", body = ApprovalRequest), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_approval(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(id): ApiPath<ApprovalId>,
) -> Result<Json<ApprovalRequest>, ApiError> {
    Ok(Json(state.services.get_approval(&p, &rc, ctx.as_deref(), id).await?))
}

/// Approval requested; its chain started
#[utoipa::path(
    post,
    path = "/api/v1/approvals",
    tag = "approvals",
    security(("bearer" = ["approval:request:create"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted")),
    request_body = CreateApprovalRequest,
    responses((status = 201, description = "Approval requested; its chain started", body = ApprovalRequest), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_approval(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiJson(body): ApiJson<CreateApprovalRequest>,
) -> Result<(StatusCode, Json<ApprovalRequest>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_approval(&p, &rc, ctx.as_deref(), body).await?)))
}

/// Your approval is recorded
#[utoipa::path(
    post,
    path = "/api/v1/approvals/{id}/approve",
    tag = "approvals",
    security(("bearer" = ["approval:request:decide"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("id" = ApprovalId, Path, description = "Approval request id")),
    request_body = DecideApproval,
    responses((status = 200, description = "Your approval is recorded", body = ApprovalRequest), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:decide here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn approve_approval(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(id): ApiPath<ApprovalId>,
    ApiJson(body): ApiJson<DecideApproval>,
) -> Result<Json<ApprovalRequest>, ApiError> {
    Ok(Json(state.services.decide_approval(&p, &rc, ctx.as_deref(), id, true, body).await?))
}

/// Your rejection is recorded
#[utoipa::path(
    post,
    path = "/api/v1/approvals/{id}/reject",
    tag = "approvals",
    security(("bearer" = ["approval:request:decide"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("id" = ApprovalId, Path, description = "Approval request id")),
    request_body = DecideApproval,
    responses((status = 200, description = "Your rejection is recorded", body = ApprovalRequest), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:decide here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn reject_approval(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(id): ApiPath<ApprovalId>,
    ApiJson(body): ApiJson<DecideApproval>,
) -> Result<Json<ApprovalRequest>, ApiError> {
    Ok(Json(state.services.decide_approval(&p, &rc, ctx.as_deref(), id, false, body).await?))
}

/// Your part of the open step is delegated
#[utoipa::path(
    post,
    path = "/api/v1/approvals/{id}/delegate",
    tag = "approvals",
    security(("bearer" = ["approval:request:decide"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("id" = ApprovalId, Path, description = "Approval request id")),
    request_body = DelegateApproval,
    responses((status = 200, description = "Your part of the open step is delegated", body = ApprovalRequest), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:decide here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delegate_approval(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(id): ApiPath<ApprovalId>,
    ApiJson(body): ApiJson<DelegateApproval>,
) -> Result<Json<ApprovalRequest>, ApiError> {
    Ok(Json(state.services.delegate_approval(&p, &rc, ctx.as_deref(), id, body).await?))
}

/// Request cancelled (your own; others need approval:request:cancel)
#[utoipa::path(
    post,
    path = "/api/v1/approvals/{id}/cancel",
    tag = "approvals",
    security(("bearer" = ["approval:request:create"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("id" = ApprovalId, Path, description = "Approval request id")),
    request_body = DecideApproval,
    responses((status = 200, description = "Request cancelled (your own; others need approval:request:cancel)", body = ApprovalRequest), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:request:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn cancel_approval(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(id): ApiPath<ApprovalId>,
    ApiJson(body): ApiJson<DecideApproval>,
) -> Result<Json<ApprovalRequest>, ApiError> {
    Ok(Json(state.services.cancel_approval(&p, &rc, ctx.as_deref(), id, body).await?))
}

/// Approval policies of your tenant, by name
#[utoipa::path(
    get,
    path = "/api/v1/approval-policies",
    tag = "approvals",
    security(("bearer" = ["approval:policy:read"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted")),
    responses((status = 200, description = "Approval policies of your tenant, by name", body = ApprovalPolicyList), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:policy:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn list_approval_policies(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
) -> Result<Json<ApprovalPolicyList>, ApiError> {
    Ok(Json(state.services.list_approval_policies(&p, &rc, ctx.as_deref()).await?))
}

/// Policy created
#[utoipa::path(
    post,
    path = "/api/v1/approval-policies",
    tag = "approvals",
    security(("bearer" = ["approval:policy:create"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted")),
    request_body = ApprovalPolicyInput,
    responses((status = 201, description = "Policy created", body = ApprovalPolicy), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:policy:create here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn create_approval_policy(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiJson(body): ApiJson<ApprovalPolicyInput>,
) -> Result<(StatusCode, Json<ApprovalPolicy>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.create_approval_policy(&p, &rc, ctx.as_deref(), body).await?)))
}

/// The policy
#[utoipa::path(
    get,
    path = "/api/v1/approval-policies/{approval_policy}",
    tag = "approvals",
    security(("bearer" = ["approval:policy:read"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("approval_policy" = String, Path, description = "Policy id or name")),
    responses((status = 200, description = "The policy", body = ApprovalPolicy), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:policy:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn get_approval_policy(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(policy): ApiPath<String>,
) -> Result<Json<ApprovalPolicy>, ApiError> {
    Ok(Json(state.services.get_approval_policy(&p, &rc, ctx.as_deref(), &policy).await?))
}

/// Policy replaced (requests already made keep their chain)
#[utoipa::path(
    put,
    path = "/api/v1/approval-policies/{approval_policy}",
    tag = "approvals",
    security(("bearer" = ["approval:policy:update"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("approval_policy" = String, Path, description = "Policy id or name")),
    request_body = ApprovalPolicyInput,
    responses((status = 200, description = "Policy replaced (requests already made keep their chain)", body = ApprovalPolicy), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:policy:update here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn update_approval_policy(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(policy): ApiPath<String>,
    ApiJson(body): ApiJson<ApprovalPolicyInput>,
) -> Result<Json<ApprovalPolicy>, ApiError> {
    Ok(Json(state.services.update_approval_policy(&p, &rc, ctx.as_deref(), &policy, body).await?))
}

/// Policy deleted
#[utoipa::path(
    delete,
    path = "/api/v1/approval-policies/{approval_policy}",
    tag = "approvals",
    security(("bearer" = ["approval:policy:delete"])),
    params(("X-Nimbus-Tenant" = Option<String>, Header, description = "Context tenant (id or slug); your own when omitted"), ("approval_policy" = String, Path, description = "Policy id or name")),
    responses((status = 204, description = "Policy deleted"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack approval:policy:delete here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope), (status = 409, description = "Conflicts with the current state (or a quota)", body = ErrorEnvelope))
)]
pub async fn delete_approval_policy(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    ApiPath(policy): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    state.services.delete_approval_policy(&p, &rc, ctx.as_deref(), &policy).await?;
    Ok(StatusCode::NO_CONTENT)
}
