//! The outermost middleware: gives every request a trace id (from `traceparent` or new), runs
//! it inside a tracing span, records metrics, renders every error body with the trace id, and
//! sets `X-Trace-Id` on every response.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use nimbus_core::api::error::{ErrorBody, ErrorEnvelope};
use tracing::Instrument;

use super::AppState;
use super::error::{ErrorPayload, payload_for_status};
use super::metrics::HttpLabels;
use crate::trace_id::TraceId;

/// The matched route template, carried from the inner route layer to `observe`.
#[derive(Debug, Clone)]
pub(super) struct RouteLabel(pub String);

/// Inner layer (on matched routes only): records which route template answered.
pub(super) async fn tag_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let mut response = next.run(req).await;
    if let Some(route) = route {
        response.extensions_mut().insert(RouteLabel(route));
    }
    response
}

/// Outer layer: trace id, span, metrics, error bodies.
pub(super) async fn observe(State(state): State<Arc<AppState>>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let trace = req
        .headers()
        .get("traceparent")
        .and_then(|v| v.to_str().ok())
        .and_then(TraceId::from_traceparent)
        .unwrap_or_else(TraceId::generate);
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    req.extensions_mut().insert(trace.clone());

    let span = tracing::info_span!("request", trace_id = %trace.as_str(), method = %method, path = %path);
    let mut response = next.run(req).instrument(span.clone()).await;

    let status = response.status();
    let payload = response.extensions_mut().remove::<ErrorPayload>();
    let is_json =
        response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let payload = match payload {
        Some(p) => Some(p),
        None if (status.is_client_error() || status.is_server_error()) && !is_json => {
            Some(payload_for_status(status, method.as_str(), &path))
        }
        None => None,
    };
    if let Some(p) = payload {
        let body = ErrorEnvelope {
            error: ErrorBody {
                code: p.code.as_str().to_owned(),
                message: p.message,
                trace_id: trace.as_str().to_owned(),
            },
        };
        let bytes = serde_json::to_vec(&body).unwrap_or_default();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.remove(header::CONTENT_LENGTH);
        *response.body_mut() = Body::from(bytes);
    }
    if let Ok(v) = HeaderValue::from_str(trace.as_str()) {
        response.headers_mut().insert("x-trace-id", v);
    }

    let route = response.extensions().get::<RouteLabel>().map_or_else(|| "unmatched".to_owned(), |r| r.0.clone());
    let elapsed = started.elapsed();
    if state.metrics_enabled {
        state.metrics.observe(
            HttpLabels { method: method.as_str().to_owned(), route, status: status.as_u16() },
            elapsed.as_secs_f64(),
        );
    }
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), elapsed_ms = elapsed.as_secs_f64() * 1e3, "request failed");
        } else {
            tracing::debug!(status = status.as_u16(), elapsed_ms = elapsed.as_secs_f64() * 1e3, "request");
        }
    });
    response
}
