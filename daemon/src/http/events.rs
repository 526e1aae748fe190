//! `GET /api/v1/events`: the live event stream (Server-Sent Events).
//!
//! A subscription covers one tenant (the `tenant` parameter, `X-Nimbus-Tenant`, or the caller's
//! own) and with `subtree=true` its sub-tenants whose audit log the caller may read; `topics`
//! filters by glob (`audit.*`). Each event's SSE id is a cursor of every covered tenant's
//! audit position and of the domain events' outbox position, so a client reconnecting with
//! `Last-Event-ID` continues exactly where it stopped, on any replica, even after a restart
//! (domain events as long as the outbox keeps them: `workflows.events_retention`). Access is re-checked every few seconds: revoked grants end
//! the tenant's events. Owns the SSE framing and resumption; the service decides access.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use nimbus_core::api::error::ErrorEnvelope;
use nimbus_core::ids::TenantId;
use tokio::sync::broadcast::error::RecvError;

use crate::audit::hub::HubEvent;
use crate::auth::Principal;
use crate::http::AppState;
use crate::http::error::ApiError;
use crate::http::extract::{ApiQuery, Auth, Client, ContextTenant};
use crate::pipeline::RequestContext;
use crate::services::Services;
use crate::store::workflow::OutboxPos;

/// How often a stream re-checks that its subscriber may still read each tenant.
const RECHECK: Duration = Duration::from_secs(5);
/// Records replayed per round trip while catching up.
const REPLAY_BATCH: u32 = 500;

/// `?tenant=&subtree=&topics=`.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Tenant id or slug (default: `X-Nimbus-Tenant`, else your own).
    pub tenant: Option<String>,
    /// Include sub-tenants you may read.
    pub subtree: Option<bool>,
    /// Comma-separated topic globs (default all), e.g. `audit.*`.
    pub topics: Option<String>,
}

/// Encodes each tenant's position, `<tenant hex>:<seq>`, and the outbox position of domain
/// events, `d:<xid>.<seq>`, joined by `,`.
fn encode_cursor(positions: &BTreeMap<TenantId, u64>, domain: OutboxPos) -> String {
    let mut parts: Vec<String> = positions.iter().map(|(t, s)| format!("{}:{s}", t.as_uuid().simple())).collect();
    parts.push(format!("d:{domain}"));
    parts.join(",")
}

/// A cursor: audit positions per tenant, and the domain events' outbox position if it has one.
type Cursor = (BTreeMap<TenantId, u64>, Option<OutboxPos>);

fn decode_cursor(text: &str) -> Result<Cursor, String> {
    let mut out = BTreeMap::new();
    let mut domain = None;
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(pos) = part.strip_prefix("d:") {
            domain = Some(pos.parse::<OutboxPos>()?);
            continue;
        }
        let (t, s) = part.split_once(':').ok_or("malformed")?;
        let tenant = uuid::Uuid::parse_str(t).map_err(|_| "malformed tenant")?;
        let seq = s.parse::<u64>().map_err(|_| "malformed position")?;
        out.insert(TenantId::from_uuid(tenant), seq);
    }
    Ok((out, domain))
}

fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            text.starts_with(head)
                && (rest.is_empty()
                    || (0..=text.len() - head.len()).any(|i| {
                        let tail = &text[head.len() + i..];
                        glob(rest, tail)
                    }))
        }
    }
}

/// One client's subscription: where it is in each tenant's log, and what it still has to send.
struct Subscriber {
    services: Arc<AppState>,
    principal: Principal,
    rc: RequestContext,
    positions: BTreeMap<TenantId, u64>,
    /// The outbox position of the last domain event seen (sent or filtered out).
    domain: OutboxPos,
    topics: Vec<String>,
    rx: tokio::sync::broadcast::Receiver<Arc<HubEvent>>,
    backlog: std::collections::VecDeque<HubEvent>,
    catching_up: bool,
    last_check: Instant,
}

impl Subscriber {
    fn services(&self) -> &Services {
        &self.services.services
    }

    fn wanted(&self, topic: &str) -> bool {
        self.topics.is_empty() || self.topics.iter().any(|p| glob(p, topic))
    }

    /// Fills the backlog from the database for every tenant behind the live head.
    async fn catch_up(&mut self, hub: &crate::audit::hub::EventHub) -> Result<(), String> {
        let mut tenants: Vec<(TenantId, u64)> = self.positions.iter().map(|(t, s)| (*t, *s)).collect();
        tenants.sort();
        let mut any = false;
        for (t, after) in tenants {
            let batch = hub.replay(t, after, REPLAY_BATCH).await.map_err(|e| e.to_string())?;
            any |= !batch.is_empty();
            self.backlog.extend(batch);
        }
        // Domain events after the cursor, from the outbox (the frames skip what was sent).
        let after = self.backlog.iter().filter(|e| e.domain).map(|e| e.pos).fold(self.domain, Ord::max);
        let batch = hub.replay_domain(after, REPLAY_BATCH).await.map_err(|e| e.to_string())?;
        any |= !batch.is_empty();
        self.backlog.extend(batch);
        self.catching_up = any;
        Ok(())
    }

    async fn recheck(&mut self) {
        if self.last_check.elapsed() < RECHECK {
            return;
        }
        self.last_check = Instant::now();
        let tenants: Vec<TenantId> = self.positions.keys().copied().collect();
        for t in tenants {
            if !self.services().may_read_audit(&self.principal, &self.rc, t).await {
                self.positions.remove(&t);
            }
        }
    }

    fn frame(&mut self, ev: HubEvent) -> Option<Event> {
        if ev.domain {
            // In outbox order, whether from the live channel or a catch-up: anything at or
            // before the cursor was seen already.
            if ev.pos <= self.domain {
                return None;
            }
            self.domain = ev.pos;
            if !self.positions.contains_key(&ev.tenant) || !self.wanted(&ev.event.topic) {
                return None;
            }
            let mut body = ev.event;
            body.id = encode_cursor(&self.positions, self.domain);
            let data = serde_json::to_string(&body).ok()?;
            return Some(Event::default().id(body.id.clone()).event(body.topic.clone()).data(data));
        }
        let pos = self.positions.get_mut(&ev.tenant)?;
        if ev.seq <= *pos {
            return None;
        }
        *pos = ev.seq;
        if !self.wanted(&ev.event.topic) {
            return None;
        }
        let mut body = ev.event;
        body.id = encode_cursor(&self.positions, self.domain);
        let data = serde_json::to_string(&body).ok()?;
        Some(Event::default().id(body.id.clone()).event(body.topic.clone()).data(data))
    }

    async fn next(&mut self) -> Option<Event> {
        let hub = self.services().audit_hub();
        loop {
            self.recheck().await;
            if self.positions.is_empty() {
                return None;
            }
            if let Some(ev) = self.backlog.pop_front() {
                if let Some(frame) = self.frame(ev) {
                    return Some(frame);
                }
                continue;
            }
            if self.catching_up {
                if let Err(e) = self.catch_up(&hub).await {
                    tracing::warn!(error = %e, "event stream catch-up failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                continue;
            }
            match tokio::time::timeout(RECHECK, self.rx.recv()).await {
                Err(_) => continue,
                Ok(Ok(ev)) => {
                    if let Some(frame) = self.frame((*ev).clone()) {
                        return Some(frame);
                    }
                }
                // Fell behind the live channel: the database has everything.
                Ok(Err(RecvError::Lagged(_))) => self.catching_up = true,
                Ok(Err(RecvError::Closed)) => return None,
            }
        }
    }
}

/// Live events (Server-Sent Events; resume with `Last-Event-ID`).
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    security(("bearer" = ["audit:log:read"])),
    params(EventsQuery, ("Last-Event-ID" = Option<String>, Header, description = "Resume after this event id")),
    responses((status = 200, description = "text/event-stream of StreamEvent objects", content_type = "text/event-stream"), (status = 400, description = "Invalid request", body = ErrorEnvelope), (status = 401, description = "Not signed in", body = ErrorEnvelope), (status = 403, description = "You lack audit:log:read here", body = ErrorEnvelope), (status = 404, description = "Not found, or not visible to you", body = ErrorEnvelope))
)]
pub async fn events(
    State(state): State<Arc<AppState>>,
    Client(rc): Client,
    Auth(p): Auth,
    ContextTenant(ctx): ContextTenant,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let (resume, domain) = match headers.get("last-event-id").and_then(|v| v.to_str().ok()) {
        None => (BTreeMap::new(), None),
        Some(text) => decode_cursor(text).map_err(|_| {
            ApiError::bad_request("Last-Event-ID is not an id this stream sent; reconnect without it to start live")
        })?,
    };
    let key = q.tenant.or(ctx).unwrap_or_else(|| p.tenant_id().to_string());
    let topics: Vec<String> =
        q.topics.unwrap_or_default().split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
    let sub = state.services.subscribe_audit(&p, &rc, &key, q.subtree.unwrap_or(false), &resume).await?;
    // Read before subscribing: what the relay publishes in between comes from the catch-up.
    let domain = match domain {
        Some(d) => d,
        None => sub.hub.domain_start().await,
    };
    let rx = sub.hub.subscribe();
    let stream = Subscriber {
        services: state.clone(),
        principal: p,
        rc,
        positions: sub.tenants,
        domain,
        topics,
        rx,
        backlog: std::collections::VecDeque::new(),
        // Subscribed before reading the audit heads, and a first catch-up for the domain events
        // published between reading their head and subscribing: nothing is missed.
        catching_up: true,
        last_check: Instant::now(),
    };
    let body = futures::stream::unfold(stream, |mut s| async move { s.next().await.map(|e| (Ok(e), s)) });
    Ok(Sse::new(body).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
