//! Health, readiness and server information.

use nimbus_core::api::system::{Check, Readiness, ServerInfo};

use super::Services;

impl Services {
    /// The authorizer's decision counters, for the metric registry.
    pub fn authz_metrics(&self) -> crate::authz::DecisionMetrics {
        self.authz.metrics()
    }

    /// What is answering.
    pub fn server_info(&self) -> ServerInfo {
        ServerInfo {
            name: "nimbusd".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            api_version: "v1".into(),
            backend: self.store.backend(),
            initialised: true,
        }
    }

    /// Whether the database answers and its schema is what this binary expects.
    pub async fn readiness(&self) -> Readiness {
        let database = match self.store.ping().await {
            Ok(()) => Check { ok: true, detail: format!("{} reachable", self.store.backend().as_str()) },
            Err(e) => Check { ok: false, detail: e.to_string() },
        };
        let migrations = match self.store.schema_state().await {
            Ok(s) if s.is_current() => Check { ok: true, detail: format!("schema at version {}", s.applied) },
            Ok(s) => Check {
                ok: false,
                detail: format!("schema at version {}, this nimbusd expects {}", s.applied, s.known),
            },
            Err(e) => Check { ok: false, detail: e.to_string() },
        };
        let ready = database.ok && migrations.ok;
        Readiness { status: if ready { "ready" } else { "not_ready" }.into(), database, migrations }
    }
}
