//! Prometheus metrics: request counts and latency histograms by method, route template and
//! status. Routes are the matched templates (`/api/v1/auth/sessions/{id}`), never raw paths, so
//! label cardinality stays bounded; unmatched requests share the route `unmatched`.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Labels of HTTP metrics.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    /// HTTP method.
    pub method: String,
    /// Matched route template.
    pub route: String,
    /// Response status.
    pub status: u16,
}

/// Latency buckets in seconds, from 250 µs to 10 s.
const BUCKETS: &[f64] =
    &[0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

fn histogram() -> Histogram {
    Histogram::new(BUCKETS.iter().copied())
}

/// The daemon's metric registry.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<HttpLabels, Counter>,
    latency: Family<HttpLabels, Histogram, fn() -> Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with the HTTP metrics.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("nimbus");
        let requests = Family::<HttpLabels, Counter>::default();
        let latency = Family::<HttpLabels, Histogram, fn() -> Histogram>::new_with_constructor(histogram);
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register("http_request_duration_seconds", "HTTP request latency", latency.clone());
        Self { registry, requests, latency }
    }

    /// Exports the authorizer's decision counters.
    pub fn register_authz(&mut self, m: crate::authz::DecisionMetrics) {
        self.registry.register("authz_decisions", "Authorization decisions made", m.decisions);
        self.registry.register("authz_decision_seconds", "Seconds spent making authorization decisions", m.seconds);
    }

    /// Records one answered request.
    pub fn observe(&self, labels: HttpLabels, seconds: f64) {
        self.latency.get_or_create(&labels).observe(seconds);
        self.requests.get_or_create(&labels).inc();
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::error!(error = %e, "cannot encode metrics");
        }
        out
    }
}
