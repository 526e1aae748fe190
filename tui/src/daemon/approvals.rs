//! The approvals inbox over `/api/v1/approvals` (the contract in the approvals feature's notes:
//! `GET ?status=pending&assigned=me`, `POST {id}/approve|reject|delegate`). The wire shape is
//! read here, leniently: fields the inbox does not show are ignored, so the daemon may add some.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::client::Client;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Daemon, failed};
use crate::sources::{
    ApprovalEvent, ApprovalMode, ApprovalSource, Decision, PendingApproval, SourceError, SourceResult,
};

/// Requests listed.
const PAGE: u32 = 500;

#[derive(Debug, Deserialize)]
pub(crate) struct WireList {
    pub(crate) requests: Vec<WireRequest>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WirePerson {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireHistory {
    at: DateTime<Utc>,
    actor: String,
    what: String,
    #[serde(default)]
    reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct WireRequest {
    id: String,
    #[serde(default)]
    operation: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    resource_type: Option<String>,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    payload: Value,
    requester: WirePerson,
    mode: String,
    #[serde(default)]
    required: u32,
    #[serde(default)]
    approvals: u32,
    created_at: DateTime<Utc>,
    #[serde(default)]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default)]
    assignee: Option<String>,
    #[serde(default)]
    history: Vec<WireHistory>,
}

/// A request as the inbox shows it.
pub(crate) fn pending(r: WireRequest) -> PendingApproval {
    let mode = match r.mode.as_str() {
        "parallel" => ApprovalMode::Parallel,
        "quorum" => ApprovalMode::Quorum,
        _ => ApprovalMode::Sequential,
    };
    let title = r.title.filter(|t| !t.is_empty()).unwrap_or_else(|| match (&r.resource_type, &r.resource_id) {
        (Some(t), Some(id)) => format!("{} {t}/{id}", r.operation),
        (None, Some(id)) => format!("{} {id}", r.operation),
        _ => r.operation.clone(),
    });
    PendingApproval {
        id: r.id,
        title,
        requested_by: r.requester.name.or(r.requester.id).unwrap_or_default(),
        requested_at: r.created_at,
        expires_at: r.expires_at,
        mode,
        approvals: r.approvals,
        required: r.required.max(1),
        assignee: r.assignee.unwrap_or_else(|| "me".to_owned()),
        payload: r.payload,
        history: r
            .history
            .into_iter()
            .map(|h| ApprovalEvent { at: h.at, actor: h.actor, what: h.what, reason: h.reason })
            .collect(),
    }
}

/// The verb and body of a decision.
pub(crate) fn decision_body(decision: &Decision, reason: &str) -> (&'static str, DecisionBody) {
    let reason = reason.to_owned();
    match decision {
        Decision::Approve => ("approve", DecisionBody { to: None, reason }),
        Decision::Reject => ("reject", DecisionBody { to: None, reason }),
        Decision::Delegate { to } => ("delegate", DecisionBody { to: Some(to.clone()), reason }),
    }
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct DecisionBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    reason: String,
}

/// `:approvals`. Acts in the tenant the client names in its header (the launch tenant).
#[derive(Debug)]
pub(super) struct Inbox(pub(super) Daemon);

#[async_trait]
impl ApprovalSource for Inbox {
    async fn pending(&self) -> SourceResult<Vec<PendingApproval>> {
        let path = format!("/api/v1/approvals?status=pending&assigned=me&limit={PAGE}");
        let list: WireList = self.0.client.get_json(&path).await.map_err(|e| failed("approvals", &e))?;
        Ok(list.requests.into_iter().map(pending).collect())
    }

    async fn decide(&self, id: &str, decision: &Decision, reason: &str) -> SourceResult<()> {
        if id.is_empty() {
            return Err(SourceError::Failed("no request selected".to_owned()));
        }
        let (verb, body) = decision_body(decision, reason);
        let path = format!("/api/v1/approvals/{}/{verb}", Client::encode_segment(id));
        self.0.client.post_json::<Value, _>(&path, &body).await.map(drop).map_err(|e| failed("", &e))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A request exactly as the contract shows one (`GET /api/v1/approvals?assigned=me`).
    fn contract_request() -> Value {
        json!({
            "id": "0193a000-0000-7000-8000-000000000001",
            "tenant_id": "0193a000-0000-7000-8000-0000000000a1",
            "operation": "deploy",
            "title": "deploy prod-web",
            "resource_type": "stack",
            "resource_id": "prod-web",
            "payload": {"stack": "prod-web", "revision": 42},
            "requester": {"id": "0193a000-0000-7000-8000-0000000000b1", "name": "alice@example.com"},
            "policy_id": "0193a000-0000-7000-8000-0000000000c1",
            "mode": "quorum",
            "required": 3,
            "approvals": 2,
            "status": "pending",
            "created_at": "2026-12-05T08:00:00Z",
            "expires_at": "2026-12-05T12:00:00Z",
            "decided_at": null,
            "assignee": "group:ops",
            "steps": [{"index": 0,
                       "approvers": [{"kind": "group", "id": "g1", "name": "ops"}],
                       "status": "pending", "timeout_at": null, "escalated": false}],
            "history": [
                {"at": "2026-12-05T08:00:00Z", "actor": "alice@example.com", "what": "requested", "reason": null},
                {"at": "2026-12-05T08:10:00Z", "actor": "bob@example.com", "what": "approved", "reason": "looks fine"}
            ],
            "workflow_run_id": "0193a000-0000-7000-8000-0000000000d1"
        })
    }

    #[test]
    fn a_contract_request_maps_to_an_inbox_row() {
        let list: WireList =
            serde_json::from_value(json!({"requests": [contract_request()], "next_cursor": null})).unwrap();
        let row = pending(list.requests.into_iter().next().unwrap());
        assert_eq!(row.id, "0193a000-0000-7000-8000-000000000001");
        assert_eq!(row.title, "deploy prod-web");
        assert_eq!(row.requested_by, "alice@example.com");
        assert_eq!(row.mode, ApprovalMode::Quorum);
        assert_eq!((row.approvals, row.required), (2, 3));
        assert_eq!(row.assignee, "group:ops");
        assert_eq!(row.expires_at.unwrap().to_rfc3339(), "2026-12-05T12:00:00+00:00");
        assert_eq!(row.payload["revision"], 42);
        assert_eq!(row.history.len(), 2);
        assert_eq!(row.history[1].what, "approved");
        assert_eq!(row.history[1].reason.as_deref(), Some("looks fine"));
        assert_eq!(row.history[0].reason, None);
    }

    #[test]
    fn optional_fields_may_be_null_or_absent() {
        let mut r = contract_request();
        let o = r.as_object_mut().unwrap();
        o.insert("title".into(), Value::Null);
        o.insert("expires_at".into(), Value::Null);
        o.insert("assignee".into(), Value::Null);
        o.insert("mode".into(), json!("sequential"));
        o.remove("history");
        o.remove("steps");
        let row = pending(serde_json::from_value(r).unwrap());
        assert_eq!(row.title, "deploy stack/prod-web", "the operation and resource name it");
        assert_eq!(row.expires_at, None);
        assert_eq!(row.assignee, "me");
        assert_eq!(row.mode, ApprovalMode::Sequential);
        assert!(row.history.is_empty());
    }

    #[test]
    fn modes_map_by_name() {
        for (wire, mode) in
            [("parallel", ApprovalMode::Parallel), ("quorum", ApprovalMode::Quorum), ("sequential", ApprovalMode::Sequential)]
        {
            let mut r = contract_request();
            r["mode"] = json!(wire);
            assert_eq!(pending(serde_json::from_value(r).unwrap()).mode, mode, "{wire}");
        }
    }

    #[test]
    fn decisions_post_the_contract_bodies() {
        let body = |d: &Decision| {
            let (verb, body) = decision_body(d, "checked the diff");
            (verb, serde_json::to_value(body).unwrap())
        };
        assert_eq!(body(&Decision::Approve), ("approve", json!({"reason": "checked the diff"})));
        assert_eq!(body(&Decision::Reject), ("reject", json!({"reason": "checked the diff"})));
        assert_eq!(
            body(&Decision::Delegate { to: "carol@example.com".into() }),
            ("delegate", json!({"to": "carol@example.com", "reason": "checked the diff"}))
        );
    }
}
