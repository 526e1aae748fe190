//! `/api/v1/invitations/{verify,accept}`: public, because the invitation token is the
//! credential (the tenant-scoped invitation routes live in `iam.rs`).

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::api::invitations::{AcceptInvitation, Accepted, InvitationInfo, InvitationToken};

use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiJson, Client};

/// What an invitation token invites to.
#[utoipa::path(
    post,
    path = "/api/v1/invitations/verify",
    tag = "iam",
    request_body = InvitationToken,
    responses(
        (status = 200, description = "The invitation", body = InvitationInfo),
        (status = 400, description = "Invalid request", body = ErrorEnvelope),
        (status = 404, description = "No invitation has this token", body = ErrorEnvelope),
    )
)]
pub async fn verify_invitation(
    State(state): State<Arc<AppState>>,
    ApiJson(body): ApiJson<InvitationToken>,
) -> Result<Json<InvitationInfo>, ApiError> {
    Ok(Json(state.services.verify_invitation(&body.token).await?))
}

/// Accept an invitation: creates the account (with the given password) or adds the existing
/// one to the tenant, and grants the role, in one transaction.
#[utoipa::path(
    post,
    path = "/api/v1/invitations/accept",
    tag = "iam",
    request_body = AcceptInvitation,
    responses(
        (status = 201, description = "Accepted", body = Accepted),
        (status = 400, description = "Invalid request (e.g. a weak password)", body = ErrorEnvelope),
        (status = 404, description = "No invitation has this token", body = ErrorEnvelope),
        (status = 409, description = "Expired, revoked or already accepted", body = ErrorEnvelope),
    )
)]
pub async fn accept_invitation(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    ApiJson(body): ApiJson<AcceptInvitation>,
) -> Result<(StatusCode, Json<Accepted>), ApiError> {
    Ok((StatusCode::CREATED, Json(state.services.accept_invitation(&rc, body).await?)))
}
