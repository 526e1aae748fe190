//! The background tasks: the event stream (audit records, and the topics of the workflow,
//! approval and CMDB views; reconnecting, resuming with `Last-Event-ID`) and one task per
//! [`Request`]. They talk to the app only by sending [`Action`]s on a channel, so nothing the
//! app draws ever waits on the network. Owns the daemon client; must not touch the terminal.

use std::sync::Arc;
use std::time::Duration;

use nimbus_core::api::audit::{AuditQuery, AuditRecord, StreamEvent, VerifyParams};
use nimbus_core::client::{Client, ClientError};
use tokio::sync::{mpsc, watch};

use crate::action::{Action, Link, Payload, Request};
use crate::daemon::Scope;
use crate::sources::{Load, Sources};

/// Records shown when the tail starts.
const BACKLOG: u32 = 200;
/// Longest pause between reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// What the session follows: audit records for the tail, domain events that make the other
/// views reload (see `views::View::on_topic`).
const TOPICS: &str = "audit.*,workflow.*,cmdb.*,approval.*";
/// The topic of audit records on the stream.
const AUDIT_TOPIC: &str = "audit.record";

/// Sends actions to the app; a closed channel means the app is gone, so sends are not checked.
pub type Outbox = mpsc::UnboundedSender<Action>;

/// The running background side of a session.
#[derive(Debug)]
pub struct Backend {
    client: Arc<Client>,
    sources: Sources,
    out: Outbox,
    scope: Scope,
    stream: tokio::task::JoinHandle<()>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.stream.abort();
    }
}

impl Backend {
    /// Starts the event stream in the tenant of `scope`.
    pub fn start(client: Arc<Client>, scope: Scope, sources: Sources, out: Outbox) -> Self {
        let stream = tokio::spawn(stream_task(client.clone(), scope.subscribe(), out.clone()));
        Self { client, sources, out, scope, stream }
    }

    /// Runs `request` on its own task; its answer arrives as an action.
    pub fn handle(&self, request: Request) {
        if let Request::SetTenant(t) = &request {
            self.scope.set(t.clone());
            return;
        }
        let (client, sources, out) = (self.client.clone(), self.sources.clone(), self.out.clone());
        tokio::spawn(async move {
            if let Some(action) = answer(&client, &sources, request).await {
                let _ = out.send(action);
            }
        });
    }
}

/// A client error with the trace id to look it up by.
pub(crate) fn message(e: &ClientError) -> String {
    match e.trace_id() {
        Some(trace) => format!("{e} (trace {trace})"),
        None => e.to_string(),
    }
}

async fn answer(client: &Client, sources: &Sources, request: Request) -> Option<Action> {
    Some(match request {
        Request::Quit | Request::SwitchContext(_) | Request::SetTenant(_) => return None,
        Request::LoadTenants => {
            let load = match client.tenants(false).await {
                Ok(list) => Load::Ready(list.tenants),
                Err(e) => Load::Failed(message(&e)),
            };
            Action::Loaded(Payload::Tenants(load))
        }
        Request::Verify { tenant, seq } => {
            let params = VerifyParams { from_seq: Some(seq), to_seq: Some(seq) };
            let result = client.audit_verify(&tenant.to_string(), &params).await.map_err(|e| message(&e));
            Action::Verified { tenant, seq, result }
        }
        Request::LoadApprovals => Action::Loaded(Payload::Approvals(sources.approvals.pending().await.into())),
        Request::LoadWorkflows(filter) => {
            Action::Loaded(Payload::Workflows(sources.workflows.runs(&filter).await.into()))
        }
        Request::LoadSchedules => Action::Loaded(Payload::Schedules(sources.schedules.schedules().await.into())),
        Request::CmdbSearch(q) => {
            let load = sources.cmdb.search(&q).await.into();
            Action::Loaded(Payload::CmdbResults(q, load))
        }
        Request::CmdbOpen(id) => Action::Loaded(Payload::CmdbDetail(sources.cmdb.ci(&id).await.into())),
        Request::CmdbImpact(id) => {
            let load = sources.cmdb.impact(&id).await.into();
            Action::Loaded(Payload::CmdbImpact(id, load))
        }
        Request::Decide { id, decision, reason } => {
            done("decision", sources.approvals.decide(&id, &decision, &reason).await, Payload::Approvals, || {
                sources.approvals.pending()
            })
            .await
        }
        Request::ControlRun { id, control, reason } => {
            let r = sources.workflows.control(&id, &control, &reason).await;
            let all = crate::sources::RunFilter::default();
            done("run", r, Payload::Workflows, || sources.workflows.runs(&all)).await
        }
        Request::ControlSchedule { id, control, reason } => {
            let r = sources.schedules.control(&id, control, &reason).await;
            done("schedule", r, Payload::Schedules, || sources.schedules.schedules()).await
        }
    })
}

/// After a change: the reloaded list on success, the error as a notice on failure.
async fn done<T, F, Fut>(
    what: &str,
    result: crate::sources::SourceResult<()>,
    wrap: fn(Load<T>) -> Payload,
    reload: F,
) -> Action
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = crate::sources::SourceResult<T>>,
{
    match result {
        Ok(()) => Action::Loaded(wrap(reload().await.into())),
        Err(e) => Action::Notice(format!("{what} not sent: {e}")),
    }
}

/// The tail: backlog, then the live stream; on any failure a `Retrying` link and another
/// attempt after a growing pause, resuming from the last event seen. A new tenant starts over.
async fn stream_task(client: Arc<Client>, mut tenant_rx: watch::Receiver<Option<String>>, out: Outbox) {
    loop {
        let tenant = tenant_rx.borrow_and_update().clone();
        tokio::select! {
            () = follow(&client, tenant, &out) => {}
            changed = tenant_rx.changed() => {
                if changed.is_err() {
                    return;
                }
                let _ = out.send(Action::AuditReset);
                let _ = out.send(Action::Link(Link::Connecting));
            }
        }
    }
}

/// Follows one tenant's audit records until the task is dropped.
async fn follow(client: &Client, tenant: Option<String>, out: &Outbox) {
    let mut attempt: u32 = 0;
    let mut cursor: Option<String> = None;
    let mut tenant_id: Option<String> = None;
    loop {
        if attempt > 0 {
            let backoff = Duration::from_millis(500 * 2u64.saturating_pow(attempt.min(5))).min(MAX_BACKOFF);
            tokio::time::sleep(backoff).await;
        }
        // Who and where: once per (re)connection until it has worked.
        if tenant_id.is_none() {
            match identity(client, tenant.as_deref()).await {
                Ok((user, slug, id)) => {
                    let _ = out.send(Action::Identity { user, tenant: slug, tenant_id: id });
                    tenant_id = Some(id.to_string());
                }
                Err(e) => {
                    attempt += 1;
                    let _ = out.send(Action::Link(Link::Retrying { attempt, error: message(&e) }));
                    continue;
                }
            }
        }
        let tid = tenant_id.clone().unwrap_or_default();
        if cursor.is_none() {
            let q = AuditQuery { limit: Some(BACKLOG), ..AuditQuery::default() };
            match client.audit_query(&tid, &q).await {
                Ok(page) => {
                    let records: Vec<AuditRecord> = page.records.into_iter().rev().collect();
                    if let Some(last) = records.last() {
                        cursor = Some(format!("{}:{}", last.tenant_id.as_uuid().simple(), last.seq));
                    }
                    let _ = out.send(Action::Audit(records));
                }
                Err(e) => {
                    attempt += 1;
                    let _ = out.send(Action::Link(Link::Retrying { attempt, error: message(&e) }));
                    continue;
                }
            }
        }
        match client.events(Some(&tid), false, Some(TOPICS), cursor.as_deref()).await {
            Ok(mut stream) => {
                attempt = 0;
                let _ = out.send(Action::Link(Link::Live));
                // The client's request timeout ends a quiet stream now and then; that is a
                // silent reconnect from the cursor, not a disconnection.
                while let Ok(Some(ev)) = stream.next_event().await {
                    if let Some(id) = &ev.id {
                        cursor = Some(id.clone());
                    }
                    let Ok(body) = serde_json::from_str::<StreamEvent>(&ev.data) else { continue };
                    if body.topic != AUDIT_TOPIC {
                        let _ = out.send(Action::Topic(body.topic));
                    } else if let Ok(record) = serde_json::from_value::<AuditRecord>(body.data) {
                        let _ = out.send(Action::Audit(vec![record]));
                    }
                }
            }
            Err(e) => {
                attempt += 1;
                let _ = out.send(Action::Link(Link::Retrying { attempt, error: message(&e) }));
            }
        }
    }
}

async fn identity(
    client: &Client,
    tenant: Option<&str>,
) -> Result<(String, String, nimbus_core::ids::TenantId), ClientError> {
    let me = client.me().await?;
    match tenant {
        None => Ok((me.email, me.tenant.slug, me.tenant.id)),
        Some(t) => {
            let t = client.tenant(t).await?;
            Ok((me.email, t.slug, t.id))
        }
    }
}
