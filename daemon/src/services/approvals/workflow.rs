//! The `approval.chain` workflow: one durable run per request, which waits for decisions with
//! `recv(decision, timeout)` and, when the timer wins, escalates steps whose timeout passed or
//! expires the request. Decisions themselves are made by the API (validated and recorded in the
//! request's transaction, which also signals the run); the run only re-reads the request after
//! each signal and ends once it is decided, so a restart or another replica resumes it by replay.
//! Owns the loop and its timers; the rules are in [`super::chain`].

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use nimbus_core::ids::ApprovalId;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{PENDING, SIGNAL, Tick, WORKFLOW, deadline_of};
use crate::engine::{Registry, RetryPolicy, WfError};
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Caller, Pipeline, RequestContext};
use crate::store::{Store, TenantScope};

/// What the workflow needs of the daemon.
#[derive(Clone)]
pub struct Runtime {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The pipeline the timers' changes go through (as the daemon).
    pub pipeline: Pipeline,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime").finish_non_exhaustive()
    }
}

/// The request as the run sees it after a look.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Look {
    /// Its status.
    pub status: String,
    /// When to look again unless a decision comes first (epoch milliseconds).
    pub deadline_ms: Option<i64>,
}

impl Runtime {
    /// Applies whatever is due (expiry, escalation) and says when to look next.
    pub async fn look(&self, id: ApprovalId) -> ServiceResult<Look> {
        for _ in 0..3 {
            let r = self
                .store
                .read(TenantScope::System)
                .await?
                .approvals()
                .approval_request(id)
                .await?
                .ok_or_else(|| ServiceError::NotFound { what: format!("approval request {id}") })?;
            if r.status != PENDING {
                return Ok(Look { status: r.status, deadline_ms: None });
            }
            let deadline = deadline_of(&r)?;
            if deadline.is_none_or(|d| d > Utc::now()) {
                return Ok(Look { status: r.status, deadline_ms: deadline.map(|d| d.timestamp_millis()) });
            }
            let rc = RequestContext::local(format!("approval-{id}"));
            match self.pipeline.run(&Caller::System, &rc, Tick { id }).await {
                // A decision raced the timer: look again.
                Ok(_) | Err(ServiceError::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Err(ServiceError::Conflict { message: format!("approval request {id} keeps changing; the run retries") })
    }
}

/// Registers `approval.chain` v1.
pub fn register(registry: &mut Registry, rt: Runtime) {
    let rt = Arc::new(rt);
    registry.register(WORKFLOW, 1, move |ctx, input: Value| {
        let rt = rt.clone();
        async move {
            let id: ApprovalId = input
                .get("request_id")
                .and_then(Value::as_str)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| WfError::Failed("input has no request_id".into()))?;
            loop {
                let rt = rt.clone();
                let look: Look = ctx
                    .step("look", RetryPolicy::default().attempts(10), move |_| {
                        let rt = rt.clone();
                        async move { rt.look(id).await.map_err(|e| e.to_string()) }
                    })
                    .await?;
                if look.status != PENDING {
                    return Ok(json!({ "request_id": id, "status": look.status }));
                }
                let timeout = look
                    .deadline_ms
                    .map(|d| Duration::from_millis(u64::try_from(d - Utc::now().timestamp_millis()).unwrap_or(0)));
                ctx.recv(SIGNAL, timeout).await?;
            }
        }
    });
}
