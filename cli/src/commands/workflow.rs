//! `nimbus workflow list | show | history | signal | cancel | retry`.

use nimbus_core::api::workflows::{CancelRun, SendSignal, WorkflowHistory, WorkflowRun, WorkflowRunList};
use nimbus_core::client::RunListParams;

use super::{Env, confirm, opt_time, time};
use crate::args::WorkflowCommand;
use crate::exit::{CliError, CliResult};
use crate::output::View;

fn list_view(list: &WorkflowRunList) -> View {
    View::Rows {
        headers: vec!["ID", "WORKFLOW", "VERSION", "STATUS", "CREATED", "FINISHED", "ERROR"],
        rows: list
            .runs
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.workflow.clone(),
                    r.version.to_string(),
                    r.status.clone(),
                    time(&r.created_at),
                    opt_time(r.finished_at.as_ref()),
                    r.error.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

fn json_text(v: Option<&serde_json::Value>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn run_view(r: &WorkflowRun) -> View {
    View::Fields(vec![
        ("ID", r.id.to_string()),
        ("WORKFLOW", format!("{} v{}", r.workflow, r.version)),
        ("STATUS", r.status.clone()),
        ("INPUT", r.input.to_string()),
        ("OUTPUT", json_text(r.output.as_ref())),
        ("ERROR", r.error.clone().unwrap_or_default()),
        ("STATE", json_text(r.state.as_ref())),
        ("TAGS", r.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")),
        ("PARENT", r.parent_id.map(|p| p.to_string()).unwrap_or_default()),
        ("CANCEL REQUESTED", r.cancel_requested.to_string()),
        ("CREATED", time(&r.created_at)),
        ("STARTED", opt_time(r.started_at.as_ref())),
        ("FINISHED", opt_time(r.finished_at.as_ref())),
    ])
}

fn history_view(h: &WorkflowHistory) -> View {
    let steps = View::Rows {
        headers: vec!["SEQ", "KIND", "NAME", "ATTEMPTS", "AT", "OUTPUT", "ERROR"],
        rows: h
            .steps
            .iter()
            .map(|s| {
                vec![
                    s.seq.to_string(),
                    s.kind.clone(),
                    s.name.clone(),
                    s.attempts.to_string(),
                    time(&s.at),
                    json_text(s.output.as_ref()),
                    s.error.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let signals = View::Rows {
        headers: vec!["SIGNAL", "NAME", "SENT", "RECEIVED AT SEQ", "PAYLOAD"],
        rows: h
            .signals
            .iter()
            .map(|s| {
                vec![
                    s.id.to_string(),
                    s.name.clone(),
                    time(&s.at),
                    s.received_at_seq.map(|q| q.to_string()).unwrap_or_default(),
                    s.payload.to_string(),
                ]
            })
            .collect(),
    };
    View::Stack(vec![run_view(&h.run), steps, signals])
}

pub(super) async fn run(env: Env, cmd: &WorkflowCommand) -> CliResult<()> {
    if let WorkflowCommand::Cancel { id, terminate, yes } = cmd {
        let question = if *terminate {
            format!("Terminate run {id} now, without undoing its completed steps?")
        } else {
            format!("Cancel run {id}? It undoes its completed steps first.")
        };
        confirm(&question, *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        WorkflowCommand::List { status, workflow, tag, limit, before } => {
            let params = RunListParams {
                status: status.clone(),
                workflow: workflow.clone(),
                tag: tag.clone(),
                limit: Some(*limit),
                before: *before,
            };
            env.printer.print(&client.workflow_runs(&tenant, &params).await?, list_view)
        }
        WorkflowCommand::Show { id } => env.printer.print(&client.workflow_run(&tenant, *id).await?, run_view),
        WorkflowCommand::History { id } => {
            env.printer.print(&client.workflow_history(&tenant, *id).await?, history_view)
        }
        WorkflowCommand::Signal { id, name, payload } => {
            let payload: serde_json::Value = serde_json::from_str(payload).map_err(|e| {
                CliError::usage(format!("--payload is not JSON ({e}); quote it, e.g. '{{\"ok\":true}}'"))
            })?;
            let run = client.signal_workflow(&tenant, *id, &SendSignal { name: name.clone(), payload }).await?;
            env.printer.print(&run, run_view)
        }
        WorkflowCommand::Cancel { id, terminate, .. } => {
            let run = client.cancel_workflow(&tenant, *id, &CancelRun { terminate: *terminate }).await?;
            env.printer.print(&run, run_view)
        }
        WorkflowCommand::Retry { id } => env.printer.print(&client.retry_workflow(&tenant, *id).await?, run_view),
    }
}
