//! The approvals inbox over `/api/v1/approvals` (the approvals contract: `GET
//! ?status=pending&assigned=me`, `POST {id}/approve|reject|delegate`), through the client's
//! typed approval methods.

use async_trait::async_trait;
use nimbus_core::api::approvals::{ApprovalRequest, DecideApproval, DelegateApproval};
use nimbus_core::client::ApprovalListParams;
use nimbus_core::ids::ApprovalId;

use super::{Daemon, failed};
use crate::sources::{
    ApprovalEvent, ApprovalMode, ApprovalSource, Decision, PendingApproval, SourceError, SourceResult,
};

/// Requests listed.
const PAGE: u32 = 500;

/// A request as the inbox shows it.
pub(crate) fn pending(r: ApprovalRequest) -> PendingApproval {
    let mode = match r.mode.as_str() {
        "parallel" => ApprovalMode::Parallel,
        "quorum" => ApprovalMode::Quorum,
        _ => ApprovalMode::Sequential,
    };
    let title = if r.title.is_empty() {
        match (&r.resource_type, &r.resource_id) {
            (Some(t), Some(id)) => format!("{} {t}/{id}", r.operation),
            (None, Some(id)) => format!("{} {id}", r.operation),
            _ => r.operation.clone(),
        }
    } else {
        r.title
    };
    PendingApproval {
        id: r.id.to_string(),
        title,
        requested_by: if r.requester.name.is_empty() { r.requester.id } else { r.requester.name },
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

/// `:approvals`. Acts in the tenant the client names in its header (the launch tenant).
#[derive(Debug)]
pub(super) struct Inbox(pub(super) Daemon);

#[async_trait]
impl ApprovalSource for Inbox {
    async fn pending(&self) -> SourceResult<Vec<PendingApproval>> {
        let q = ApprovalListParams {
            status: Some("pending".to_owned()),
            assigned: Some("me".to_owned()),
            limit: Some(PAGE),
            cursor: None,
        };
        let list = self.0.client.approvals(&q).await.map_err(|e| failed("approvals", &e))?;
        Ok(list.requests.into_iter().map(pending).collect())
    }

    async fn decide(&self, id: &str, decision: &Decision, reason: &str) -> SourceResult<()> {
        let id: ApprovalId =
            id.parse().map_err(|_| SourceError::Failed(format!("{id:?} is not an approval request id")))?;
        let c = &self.0.client;
        let reason = reason.to_owned();
        let result = match decision {
            Decision::Approve => c.decide_approval(id, "approve", &DecideApproval { reason }).await,
            Decision::Reject => c.decide_approval(id, "reject", &DecideApproval { reason }).await,
            Decision::Delegate { to } => c.delegate_approval(id, &DelegateApproval { to: to.clone(), reason }).await,
        };
        result.map(drop).map_err(|e| failed("", &e))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use nimbus_core::api::approvals::ApprovalRequestList;
    use serde_json::{Value, json};

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
        let list: ApprovalRequestList =
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
        o.insert("title".into(), json!(""));
        o.insert("expires_at".into(), Value::Null);
        o.insert("assignee".into(), Value::Null);
        o.insert("mode".into(), json!("sequential"));
        o.insert("history".into(), json!([]));
        let row = pending(serde_json::from_value(r).unwrap());
        assert_eq!(row.title, "deploy stack/prod-web", "the operation and resource name it");
        assert_eq!(row.expires_at, None);
        assert_eq!(row.assignee, "me");
        assert_eq!(row.mode, ApprovalMode::Sequential);
        assert!(row.history.is_empty());
    }

    #[test]
    fn modes_map_by_name() {
        for (wire, mode) in [
            ("parallel", ApprovalMode::Parallel),
            ("quorum", ApprovalMode::Quorum),
            ("sequential", ApprovalMode::Sequential),
        ] {
            let mut r = contract_request();
            r["mode"] = json!(wire);
            assert_eq!(pending(serde_json::from_value(r).unwrap()).mode, mode, "{wire}");
        }
    }

    #[test]
    fn decisions_post_the_contract_bodies() {
        let approve = DecideApproval { reason: "checked the diff".into() };
        assert_eq!(serde_json::to_value(approve).unwrap(), json!({"reason": "checked the diff"}));
        let delegate = DelegateApproval { to: "carol@example.com".into(), reason: "on leave".into() };
        assert_eq!(serde_json::to_value(delegate).unwrap(), json!({"to": "carol@example.com", "reason": "on leave"}));
    }
}
