//! `nimbus approval list | show | approve | reject | delegate | cancel | request` and
//! `nimbus approval policy list | show | create | update | delete`. Decisions ask for
//! confirmation on a terminal; scripts pass `--yes`.

use std::io::Read;

use nimbus_core::api::approvals::{
    ApprovalPolicy, ApprovalPolicyInput, ApprovalPolicyList, ApprovalRequest, ApprovalRequestList,
    CreateApprovalRequest, DecideApproval, DelegateApproval,
};
use nimbus_core::client::ApprovalListParams;

use super::{Env, confirm, opt_time, print_deleted, time};
use crate::args::{ApprovalCommand, ApprovalPolicyCommand};
use crate::exit::{CliError, CliResult};
use crate::output::View;

fn list_view(list: &ApprovalRequestList) -> View {
    View::Rows {
        headers: vec!["ID", "OPERATION", "TITLE", "REQUESTER", "MODE", "APPROVALS", "STATUS", "EXPIRES", "ASSIGNEE"],
        rows: list
            .requests
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.operation.clone(),
                    r.title.clone(),
                    r.requester.name.clone(),
                    r.mode.clone(),
                    format!("{}/{}", r.approvals, r.required),
                    r.status.clone(),
                    opt_time(r.expires_at.as_ref()),
                    r.assignee.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

fn request_view(r: &ApprovalRequest) -> View {
    let fields = View::Fields(vec![
        ("ID", r.id.to_string()),
        ("OPERATION", r.operation.clone()),
        ("TITLE", r.title.clone()),
        (
            "RESOURCE",
            match (&r.resource_type, &r.resource_id) {
                (Some(t), Some(i)) => format!("{t}/{i}"),
                (t, i) => t.clone().or_else(|| i.clone()).unwrap_or_default(),
            },
        ),
        ("REQUESTER", r.requester.name.clone()),
        ("MODE", r.mode.clone()),
        ("APPROVALS", format!("{}/{}", r.approvals, r.required)),
        ("STATUS", r.status.clone()),
        ("CREATED", time(&r.created_at)),
        ("EXPIRES", opt_time(r.expires_at.as_ref())),
        ("DECIDED", opt_time(r.decided_at.as_ref())),
        ("WORKFLOW RUN", r.workflow_run_id.map(|w| w.to_string()).unwrap_or_default()),
        ("PAYLOAD", r.payload.to_string()),
    ]);
    let steps = View::Rows {
        headers: vec!["STEP", "APPROVERS", "STATUS", "TIMEOUT", "ESCALATED"],
        rows: r
            .steps
            .iter()
            .map(|s| {
                vec![
                    s.index.to_string(),
                    s.approvers.iter().map(|a| format!("{}:{}", a.kind, a.name)).collect::<Vec<_>>().join(", "),
                    s.status.clone(),
                    opt_time(s.timeout_at.as_ref()),
                    s.escalated.to_string(),
                ]
            })
            .collect(),
    };
    let history = View::Rows {
        headers: vec!["AT", "ACTOR", "WHAT", "REASON"],
        rows: r
            .history
            .iter()
            .map(|h| vec![time(&h.at), h.actor.clone(), h.what.clone(), h.reason.clone().unwrap_or_default()])
            .collect(),
    };
    View::Stack(vec![fields, steps, history])
}

fn policies_view(list: &ApprovalPolicyList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "OPERATION", "MODE", "STEPS", "QUORUM", "EXPIRY (S)"],
        rows: list
            .policies
            .iter()
            .map(|p| {
                vec![
                    p.id.to_string(),
                    p.name.clone(),
                    p.operation.clone(),
                    p.mode.clone(),
                    p.steps.len().to_string(),
                    p.quorum_required.map(|q| q.to_string()).unwrap_or_default(),
                    p.expiry_secs.to_string(),
                ]
            })
            .collect(),
    }
}

fn policy_view(p: &ApprovalPolicy) -> View {
    let fields = View::Fields(vec![
        ("ID", p.id.to_string()),
        ("NAME", p.name.clone()),
        ("OPERATION", p.operation.clone()),
        ("MODE", p.mode.clone()),
        ("QUORUM", p.quorum_required.map(|q| q.to_string()).unwrap_or_default()),
        ("EXPIRY (S)", p.expiry_secs.to_string()),
        ("UPDATED", time(&p.updated_at)),
    ]);
    let names = |v: &[nimbus_core::api::approvals::Approver]| {
        v.iter().map(|a| format!("{}:{}", a.kind, a.name)).collect::<Vec<_>>().join(", ")
    };
    let steps = View::Rows {
        headers: vec!["STEP", "APPROVERS", "TIMEOUT (S)", "ESCALATION"],
        rows: p
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| vec![i.to_string(), names(&s.approvers), s.timeout_secs.to_string(), names(&s.escalation)])
            .collect(),
    };
    View::Stack(vec![fields, steps])
}

fn spec(text: &str) -> CliResult<ApprovalPolicyInput> {
    let body = if text == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        text.to_owned()
    };
    serde_json::from_str(&body).map_err(|e| {
        CliError::usage(format!("--spec is not a policy document ({e})"))
            .hint("see `nimbus approval policy create --help` for an example")
    })
}

pub(super) async fn run(env: Env, cmd: &ApprovalCommand) -> CliResult<()> {
    match cmd {
        ApprovalCommand::Approve { id, yes, .. } => confirm(&format!("Approve request {id}?"), *yes)?,
        ApprovalCommand::Reject { id, yes, .. } => confirm(&format!("Reject request {id}?"), *yes)?,
        ApprovalCommand::Delegate { id, to, yes, .. } => {
            confirm(&format!("Delegate your part of request {id} to {to}?"), *yes)?;
        }
        ApprovalCommand::Cancel { id, yes, .. } => confirm(&format!("Cancel request {id}?"), *yes)?,
        ApprovalCommand::Policy(ApprovalPolicyCommand::Delete { policy, yes }) => {
            confirm(&format!("Delete approval policy {policy}?"), *yes)?;
        }
        _ => {}
    }
    let ctx = env.context()?;
    let client = env.tenant_header_client(&ctx)?;
    match cmd {
        ApprovalCommand::List { status, mine, limit, cursor } => {
            let params = ApprovalListParams {
                status: status.clone(),
                assigned: mine.then(|| "me".to_owned()),
                limit: Some(*limit),
                cursor: cursor.clone(),
            };
            env.printer.print(&client.approvals(&params).await?, list_view)
        }
        ApprovalCommand::Show { id } => env.printer.print(&client.approval(*id).await?, request_view),
        ApprovalCommand::Approve { id, reason, .. } => {
            let r = client.decide_approval(*id, "approve", &DecideApproval { reason: reason.clone() }).await?;
            env.printer.print(&r, request_view)
        }
        ApprovalCommand::Reject { id, reason, .. } => {
            let r = client.decide_approval(*id, "reject", &DecideApproval { reason: reason.clone() }).await?;
            env.printer.print(&r, request_view)
        }
        ApprovalCommand::Cancel { id, reason, .. } => {
            let r = client.decide_approval(*id, "cancel", &DecideApproval { reason: reason.clone() }).await?;
            env.printer.print(&r, request_view)
        }
        ApprovalCommand::Delegate { id, to, reason, .. } => {
            let body = DelegateApproval { to: to.clone(), reason: reason.clone() };
            env.printer.print(&client.delegate_approval(*id, &body).await?, request_view)
        }
        ApprovalCommand::Request { operation, title, resource_type, resource_id, payload, policy } => {
            let payload: serde_json::Value = serde_json::from_str(payload).map_err(|e| {
                CliError::usage(format!("--payload is not JSON ({e}); quote it, e.g. '{{\"stack\":\"web\"}}'"))
            })?;
            let body = CreateApprovalRequest {
                operation: operation.clone(),
                title: title.clone(),
                resource_type: resource_type.clone(),
                resource_id: resource_id.clone(),
                payload,
                policy: policy.clone(),
            };
            env.printer.print(&client.create_approval(&body).await?, request_view)
        }
        ApprovalCommand::Policy(p) => match p {
            ApprovalPolicyCommand::List => env.printer.print(&client.approval_policies().await?, policies_view),
            ApprovalPolicyCommand::Show { policy } => {
                env.printer.print(&client.approval_policy(policy).await?, policy_view)
            }
            ApprovalPolicyCommand::Create { spec: text } => {
                env.printer.print(&client.create_approval_policy(&spec(text)?).await?, policy_view)
            }
            ApprovalPolicyCommand::Update { policy, spec: text } => {
                env.printer.print(&client.update_approval_policy(policy, &spec(text)?).await?, policy_view)
            }
            ApprovalPolicyCommand::Delete { policy, .. } => {
                client.delete_approval_policy(policy).await?;
                print_deleted(&env, "approval_policy", policy)
            }
        },
    }
}
