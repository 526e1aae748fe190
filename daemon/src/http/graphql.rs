//! GraphQL (`/graphql`): a thin adapter over the same services as REST. The SDL is checked in
//! at `docs/api/schema.graphql` and a test fails when it drifts.

use std::sync::Arc;

use async_graphql::http::GraphiQLSource;
use async_graphql::{Context, EmptySubscription, ErrorExtensions, MergedObject, Object, Schema};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::response::Html;
use nimbus_core::api::auth::{Me, SessionInfo};
use nimbus_core::api::system::ServerInfo;
use nimbus_core::ids::SessionId;

use super::AppState;
use super::error::ApiError;
use super::extract::{Auth, Client};
use super::graphql_approvals::{ApprovalGqlMutation, ApprovalGqlQuery};
use super::graphql_audit::{AuditGqlMutation, AuditGqlQuery};
use super::graphql_cmdb::{CmdbGqlMutation, CmdbGqlQuery};
use super::graphql_iam::{IamMutation, IamQuery};
use super::graphql_notify::{NotifyMutation, NotifyQuery};
use super::graphql_workflows::{WorkflowGqlMutation, WorkflowGqlQuery};
use crate::auth::Principal;
use crate::error::ServiceError;
use crate::pipeline::RequestContext;

/// The Nimbus GraphQL schema.
pub type NimbusSchema = Schema<RootQuery, RootMutation, EmptySubscription>;

/// All queries.
#[derive(MergedObject, Default, Debug)]
pub struct RootQuery(Query, IamQuery, AuditGqlQuery, WorkflowGqlQuery, NotifyQuery, ApprovalGqlQuery, CmdbGqlQuery);

/// All mutations.
#[derive(MergedObject, Default, Debug)]
pub struct RootMutation(
    Mutation,
    IamMutation,
    AuditGqlMutation,
    WorkflowGqlMutation,
    NotifyMutation,
    ApprovalGqlMutation,
    CmdbGqlMutation,
);

/// Builds the schema (request data is attached per request).
pub fn schema() -> NimbusSchema {
    Schema::build(RootQuery::default(), RootMutation::default(), EmptySubscription)
        .limit_depth(16)
        .limit_complexity(1_000)
        .finish()
}

/// The SDL as checked in.
pub fn sdl() -> String {
    let mut sdl = schema().sdl();
    if !sdl.ends_with('\n') {
        sdl.push('\n');
    }
    sdl
}

pub(crate) fn gql_error(ctx: &Context<'_>, e: ServiceError) -> async_graphql::Error {
    let api = ApiError::from(e);
    let trace = ctx.data_opt::<RequestContext>().map(|rc| rc.trace_id.clone()).unwrap_or_default();
    let code = api.payload().code.as_str();
    async_graphql::Error::new(api.payload().message.clone()).extend_with(|_, ext| {
        ext.set("code", code);
        ext.set("trace_id", trace.clone());
    })
}

pub(crate) fn state<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Arc<AppState>> {
    ctx.data::<Arc<AppState>>()
}

pub(crate) fn principal<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Principal> {
    ctx.data_opt::<Principal>().ok_or_else(|| {
        gql_error(
            ctx,
            ServiceError::Unauthenticated {
                code: nimbus_core::api::error::ErrorCode::Unauthenticated,
                message: "sign in first: send `Authorization: Bearer <access token>` (`nimbus login`)".into(),
            },
        )
    })
}

pub(crate) fn request<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestContext> {
    ctx.data::<RequestContext>()
}

/// Queries.
#[derive(Debug, Default)]
pub struct Query;

#[Object]
impl Query {
    /// The signed-in user.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Me> {
        Ok(state(ctx)?.services.me(principal(ctx)?))
    }

    /// The signed-in user's active sessions, newest first.
    async fn sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SessionInfo>> {
        let list = state(ctx)?.services.sessions(principal(ctx)?).await.map_err(|e| gql_error(ctx, e))?;
        Ok(list.sessions)
    }

    /// What is answering.
    async fn server(&self, ctx: &Context<'_>) -> async_graphql::Result<ServerInfo> {
        Ok(state(ctx)?.services.server_info())
    }
}

/// Mutations.
#[derive(Debug, Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// Ends one of the signed-in user's sessions.
    async fn revoke_session(&self, ctx: &Context<'_>, id: SessionId) -> async_graphql::Result<bool> {
        state(ctx)?.services.revoke_session(principal(ctx)?, id, request(ctx)?).await.map_err(|e| gql_error(ctx, e))?;
        Ok(true)
    }

    /// Ends the current session.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        state(ctx)?.services.logout(principal(ctx)?, request(ctx)?).await.map_err(|e| gql_error(ctx, e))?;
        Ok(true)
    }
}

/// POST `/graphql`.
pub async fn execute(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    auth: Option<Auth>,
    req: GraphQLRequest,
) -> GraphQLResponse {
    let mut request = req.into_inner().data(state.clone()).data(rc);
    if let Some(Auth(p)) = auth {
        request = request.data(p);
    }
    state.graphql.execute(request).await.into()
}

/// GET `/graphql` when GraphiQL is enabled.
pub async fn graphiql() -> Html<String> {
    Html(GraphiQLSource::build().endpoint("/graphql").finish())
}
