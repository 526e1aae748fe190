//! The HTTP surface: REST (`/api/v1`, documented by OpenAPI generated from the handlers),
//! GraphQL (`/graphql`), health, readiness and metrics.
//!
//! Owns routing and the middleware stack; handlers are thin adapters over `services`. It must
//! not hold business rules or touch the store.

pub mod error;
pub mod events;
pub mod extract;
pub mod graphql;
pub mod graphql_approvals;
pub mod graphql_audit;
pub mod graphql_cmdb;
pub mod graphql_iam;
pub mod graphql_notify;
pub mod graphql_workflows;
pub mod metrics;
mod observe;
pub mod rest;
pub mod server;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use nimbus_core::api::error::ErrorCode;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::ServerConfig;
use crate::services::Services;
use error::ApiError;
use graphql::NimbusSchema;
use metrics::Metrics;

/// Shared state of request handlers.
pub struct AppState {
    /// The services.
    pub services: Services,
    /// Metric registry.
    pub metrics: Metrics,
    /// Whether `/metrics` is served.
    pub metrics_enabled: bool,
    /// The GraphQL schema.
    pub graphql: NimbusSchema,
    /// Whether GET `/graphql` serves GraphiQL.
    pub graphiql: bool,
    /// The OpenAPI document, serialised once.
    pub openapi_json: String,
    server: ServerConfig,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("services", &self.services).finish_non_exhaustive()
    }
}

impl AppState {
    /// Assembles the state for `services`.
    pub fn new(services: Services, server: &ServerConfig) -> anyhow::Result<Arc<Self>> {
        let mut metrics = Metrics::new();
        metrics.register_authz(services.authz_metrics());
        Ok(Arc::new(Self {
            services,
            metrics,
            metrics_enabled: server.metrics,
            graphql: graphql::schema(),
            graphiql: server.graphiql,
            openapi_json: openapi_json()?,
            server: server.clone(),
        }))
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Nimbus API",
        description = "REST API of nimbusd, the Nimbus control-plane daemon. Every error response is \
            `{\"error\":{\"code\",\"message\",\"trace_id\"}}` and every response carries `X-Trace-Id`.",
        license(name = "Apache-2.0")
    ),
    tags(
        (name = "auth", description = "Local authentication and sessions"),
        (name = "system", description = "Health, readiness, metrics and server information"),
        (name = "tenancy", description = "Tenants and compartments"),
        (name = "iam", description = "Users, groups, roles, assignments, policies, permissions and decisions"),
        (name = "workflows", description = "Durable workflow runs and their schedules"),
        (name = "notifications", description = "Your inbox and preferences; tenants' channels, templates and deliveries"),
        (name = "approvals", description = "Approval requests and the chains that decide them; tenants' approval policies"),
    ),
    components(schemas(ErrorCode)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

fn api_routes() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(rest::system::healthz))
        .routes(routes!(rest::system::readyz))
        .routes(routes!(rest::system::metrics))
        .routes(routes!(rest::system::server))
        .routes(routes!(rest::auth::login))
        .routes(routes!(rest::auth::refresh))
        .routes(routes!(rest::auth::logout))
        .routes(routes!(rest::auth::me))
        .routes(routes!(rest::auth::sessions))
        .routes(routes!(rest::auth::revoke_session))
        .routes(routes!(rest::tenancy::list_tenants))
        .routes(routes!(rest::tenancy::create_tenant))
        .routes(routes!(rest::tenancy::get_tenant))
        .routes(routes!(rest::tenancy::update_tenant))
        .routes(routes!(rest::tenancy::delete_tenant))
        .routes(routes!(rest::tenancy::restore_tenant))
        .routes(routes!(rest::tenancy::purge_tenant))
        .routes(routes!(rest::tenancy::list_compartments))
        .routes(routes!(rest::tenancy::create_compartment))
        .routes(routes!(rest::tenancy::get_compartment))
        .routes(routes!(rest::tenancy::update_compartment))
        .routes(routes!(rest::tenancy::move_compartment))
        .routes(routes!(rest::tenancy::delete_compartment))
        .routes(routes!(rest::iam::list_users))
        .routes(routes!(rest::iam::create_user))
        .routes(routes!(rest::iam::get_user))
        .routes(routes!(rest::iam::update_user))
        .routes(routes!(rest::iam::delete_user))
        .routes(routes!(rest::iam::list_groups))
        .routes(routes!(rest::iam::create_group))
        .routes(routes!(rest::iam::get_group))
        .routes(routes!(rest::iam::delete_group))
        .routes(routes!(rest::iam::add_group_member))
        .routes(routes!(rest::iam::remove_group_member))
        .routes(routes!(rest::iam::list_roles))
        .routes(routes!(rest::iam::create_role))
        .routes(routes!(rest::iam::get_role))
        .routes(routes!(rest::iam::update_role))
        .routes(routes!(rest::iam::delete_role))
        .routes(routes!(rest::iam::list_assignments))
        .routes(routes!(rest::iam::create_assignment))
        .routes(routes!(rest::iam::delete_assignment))
        .routes(routes!(rest::iam::list_policies))
        .routes(routes!(rest::iam::create_policy))
        .routes(routes!(rest::iam::delete_policy))
        .routes(routes!(rest::iam::check))
        .routes(routes!(rest::iam::list_api_keys))
        .routes(routes!(rest::iam::create_api_key))
        .routes(routes!(rest::iam::revoke_api_key))
        .routes(routes!(rest::iam::rotate_api_key))
        .routes(routes!(rest::iam::list_invitations))
        .routes(routes!(rest::iam::create_invitation))
        .routes(routes!(rest::iam::revoke_invitation))
        .routes(routes!(rest::iam::permissions))
        .routes(routes!(rest::invitations::verify_invitation))
        .routes(routes!(rest::invitations::accept_invitation))
        .routes(routes!(rest::workflows::list_workflow_runs))
        .routes(routes!(rest::workflows::get_workflow_run))
        .routes(routes!(rest::workflows::workflow_history))
        .routes(routes!(rest::workflows::signal_workflow_run))
        .routes(routes!(rest::workflows::cancel_workflow_run))
        .routes(routes!(rest::workflows::retry_workflow_run))
        .routes(routes!(rest::workflows::list_schedules))
        .routes(routes!(rest::workflows::get_schedule))
        .routes(routes!(rest::workflows::pause_schedule))
        .routes(routes!(rest::workflows::resume_schedule))
        .routes(routes!(rest::workflows::trigger_schedule))
        .routes(routes!(rest::audit::query_audit))
        .routes(routes!(rest::audit::verify_audit))
        .routes(routes!(rest::audit::audit_checkpoints))
        .routes(routes!(rest::audit::audit_inclusion))
        .routes(routes!(rest::audit::audit_consistency))
        .routes(routes!(rest::audit::export_audit))
        .routes(routes!(rest::audit::audit_settings))
        .routes(routes!(rest::audit::update_audit_settings))
        .routes(routes!(rest::audit::list_audit_queries))
        .routes(routes!(rest::audit::save_audit_query))
        .routes(routes!(rest::audit::delete_audit_query))
        .routes(routes!(rest::audit::run_audit_archival))
        .routes(routes!(rest::audit::list_audit_archive))
        .routes(routes!(rest::audit::fetch_audit_segment))
        .routes(routes!(rest::audit::audit_public_key))
        .routes(routes!(rest::audit::audit_taxonomy))
        .routes(routes!(rest::cmdb::semantic_types))
        .routes(routes!(rest::cmdb::semantic_mappings))
        .routes(routes!(rest::cmdb::list_classes, rest::cmdb::create_class))
        .routes(routes!(rest::cmdb::get_class, rest::cmdb::delete_class))
        .routes(routes!(rest::cmdb::search_cis, rest::cmdb::create_ci))
        .routes(routes!(rest::cmdb::get_ci, rest::cmdb::update_ci, rest::cmdb::delete_ci))
        .routes(routes!(rest::cmdb::ci_history))
        .routes(routes!(rest::cmdb::ci_diff))
        .routes(routes!(rest::cmdb::ci_relationships))
        .routes(routes!(rest::cmdb::ci_graph))
        .routes(routes!(rest::cmdb::ci_impact))
        .routes(routes!(rest::cmdb::ci_path))
        .routes(routes!(rest::cmdb::create_relationship))
        .routes(routes!(rest::cmdb::delete_relationship))
        .routes(routes!(rest::cmdb::list_searches, rest::cmdb::save_search))
        .routes(routes!(rest::cmdb::delete_search))
        .routes(routes!(rest::cmdb::import_cis))
        .routes(routes!(rest::cmdb::export_cis))
        .routes(routes!(rest::catalog::list_ci_templates, rest::catalog::create_ci_template))
        .routes(routes!(rest::catalog::get_ci_template, rest::catalog::delete_ci_template))
        .routes(routes!(rest::catalog::instantiate_ci_template))
        .routes(routes!(rest::catalog::list_offerings, rest::catalog::create_offering))
        .routes(routes!(rest::catalog::get_offering, rest::catalog::delete_offering))
        .routes(routes!(rest::catalog::list_price_lists, rest::catalog::create_price_list))
        .routes(routes!(rest::catalog::get_price_list))
        .routes(routes!(rest::catalog::set_draft_prices))
        .routes(routes!(rest::catalog::publish_price_list))
        .routes(routes!(rest::catalog::archive_price_list))
        .routes(routes!(rest::catalog::list_pins, rest::catalog::create_pin))
        .routes(routes!(rest::catalog::delete_pin))
        .routes(routes!(rest::catalog::estimate_cost))
        .routes(routes!(rest::notifications::list_notifications))
        .routes(routes!(rest::notifications::read_notification))
        .routes(routes!(rest::notifications::read_all_notifications))
        .routes(routes!(
            rest::notifications::notification_preferences,
            rest::notifications::set_notification_preferences
        ))
        .routes(routes!(
            rest::notifications::list_notification_channels,
            rest::notifications::create_notification_channel
        ))
        .routes(routes!(
            rest::notifications::update_notification_channel,
            rest::notifications::delete_notification_channel
        ))
        .routes(routes!(
            rest::notifications::list_notification_templates,
            rest::notifications::set_notification_template
        ))
        .routes(routes!(rest::notifications::delete_notification_template))
        .routes(routes!(rest::notifications::list_notification_deliveries))
        .routes(routes!(rest::notifications::retry_notification_delivery))
        .routes(routes!(rest::notifications::send_notification))
        .routes(routes!(rest::approvals::list_approvals, rest::approvals::create_approval))
        .routes(routes!(rest::approvals::get_approval))
        .routes(routes!(rest::approvals::approve_approval))
        .routes(routes!(rest::approvals::reject_approval))
        .routes(routes!(rest::approvals::delegate_approval))
        .routes(routes!(rest::approvals::cancel_approval))
        .routes(routes!(rest::approvals::list_approval_policies, rest::approvals::create_approval_policy))
        .routes(routes!(
            rest::approvals::get_approval_policy,
            rest::approvals::update_approval_policy,
            rest::approvals::delete_approval_policy
        ))
        .routes(routes!(events::events))
}

/// The OpenAPI document generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_routes().split_for_parts().1
}

/// The OpenAPI document as served and as checked in (`docs/api/openapi.json`).
pub fn openapi_json() -> anyhow::Result<String> {
    let mut json = openapi().to_pretty_json()?;
    json.push('\n');
    Ok(json)
}

async fn serve_openapi(State(state): State<Arc<AppState>>) -> Response {
    let mut response = state.openapi_json.clone().into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal,
        "internal error; the daemon log has details under this trace id",
    )
    .into_response()
}

/// Largest request bodies: one for every route, and a larger one for the CMDB import, which is
/// read as a stream in batches (never held whole), so its size bounds only how long one
/// request runs.
#[derive(Debug, Clone, Copy)]
struct BodyLimits {
    default: usize,
    import: usize,
}

impl BodyLimits {
    fn for_request(&self, req: &axum::extract::Request) -> usize {
        let path = req.uri().path();
        let import = req.method() == axum::http::Method::POST
            && path.starts_with("/api/v1/tenants/")
            && path.ends_with("/cmdb/import");
        if import { self.import } else { self.default }
    }
}

/// Refuses a body whose declared length is over its route's limit (413, before any of it is
/// read), and cuts off one that grows past it while streaming.
async fn limit_body(
    State(limits): State<BodyLimits>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let limit = limits.for_request(&req);
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    next.run(req.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, limit)))).await
}

/// The complete router with its middleware.
pub fn router(state: Arc<AppState>) -> Router {
    let (api, _) = api_routes().split_for_parts();
    let graphql_route =
        if state.graphiql { get(graphql::graphiql).post(graphql::execute) } else { post(graphql::execute) };
    let limit = state.server.body_limit_bytes;
    let limits = BodyLimits { default: limit, import: state.server.import_body_limit_bytes };
    api.route("/api/v1/openapi.json", get(serve_openapi))
        .route("/graphql", graphql_route)
        .route_layer(from_fn(observe::tag_route))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.server.request_timeout))
        .layer(from_fn_with_state(limits, limit_body))
        .layer(from_fn_with_state(state.clone(), observe::observe))
        .with_state(state)
}
