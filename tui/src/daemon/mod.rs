//! The daemon-backed data sources: the [`crate::sources`] traits over the daemon's REST API,
//! through the same client (credentials, tenant header, token refresh) as the CLI and the tail.
//! Owns the mapping of REST answers to the views' types and the tenant the session acts in
//! ([`Scope`]); must not touch the terminal or the app state, and is called only from the
//! background tasks of `io`.

mod approvals;
mod cmdb;
mod workflows;

use std::sync::Arc;

use nimbus_core::client::{Client, ClientError};
use tokio::sync::{OnceCell, watch};

use crate::sources::{SourceError, SourceResult, Sources};

/// The tenant the session acts in (`None`: the user's own), shared by the tail and the sources:
/// choosing a tenant in `:tenants` moves both.
#[derive(Debug, Clone)]
pub struct Scope {
    tx: Arc<watch::Sender<Option<String>>>,
}

impl Scope {
    /// Starts in `tenant` (id or slug; `None`: the user's own).
    pub fn new(tenant: Option<String>) -> Self {
        Self { tx: Arc::new(watch::channel(tenant).0) }
    }

    /// The tenant in effect.
    pub fn get(&self) -> Option<String> {
        self.tx.borrow().clone()
    }

    /// Acts in `tenant` from now on.
    pub fn set(&self, tenant: String) {
        self.tx.send_replace(Some(tenant));
    }

    /// Changes of the tenant, for the tail.
    pub(crate) fn subscribe(&self) -> watch::Receiver<Option<String>> {
        self.tx.subscribe()
    }
}

/// What every daemon-backed source shares.
#[derive(Debug, Clone)]
struct Daemon {
    client: Arc<Client>,
    scope: Scope,
    /// The user's own tenant id, asked once.
    own: Arc<OnceCell<String>>,
}

impl Daemon {
    /// The tenant path segment in effect.
    async fn tenant(&self) -> SourceResult<String> {
        if let Some(t) = self.scope.get() {
            return Ok(t);
        }
        let own = self
            .own
            .get_or_try_init(|| async { self.client.me().await.map(|me| me.tenant.id.to_string()) })
            .await
            .map_err(|e| failed("", &e))?;
        Ok(own.clone())
    }
}

impl Sources {
    /// Every source over the daemon at the other end of `client`, in the tenant of `scope`.
    pub fn daemon(client: Arc<Client>, scope: Scope) -> Self {
        let d = Daemon { client, scope, own: Arc::new(OnceCell::new()) };
        let runs = Arc::new(workflows::Runs::new(d.clone()));
        Self {
            approvals: Arc::new(approvals::Inbox(d.clone())),
            workflows: runs,
            schedules: Arc::new(workflows::Schedules(d.clone())),
            cmdb: Arc::new(cmdb::Cmdb(d)),
        }
    }
}

/// A client error as the views show it: a daemon without the route (a bare 404) is
/// "not available"; anything else says what went wrong, with the trace id to look it up.
fn failed(what: &str, e: &ClientError) -> SourceError {
    if let ClientError::Protocol { status: 404, .. } = e
        && !what.is_empty()
    {
        return SourceError::Unavailable(format!("{what}: {}", crate::sources::NOT_AVAILABLE));
    }
    SourceError::Failed(crate::io::message(e))
}
