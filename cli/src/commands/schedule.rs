//! `nimbus schedule list | show | pause | resume | trigger`.

use nimbus_core::api::workflows::{Schedule, ScheduleList, WorkflowRun};

use super::{Env, opt_time, time};
use crate::args::ScheduleCommand;
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &ScheduleList) -> View {
    View::Rows {
        headers: vec!["NAME", "CRON", "TIMEZONE", "WORKFLOW", "OVERLAP", "PAUSED", "NEXT", "LAST"],
        rows: list
            .schedules
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.cron.clone(),
                    s.timezone.clone(),
                    s.workflow.clone(),
                    s.overlap.clone(),
                    s.paused.to_string(),
                    opt_time(s.next_fire_at.as_ref()),
                    opt_time(s.last_fire_at.as_ref()),
                ]
            })
            .collect(),
    }
}

fn view(s: &Schedule) -> View {
    View::Fields(vec![
        ("ID", s.id.to_string()),
        ("NAME", s.name.clone()),
        ("CRON", s.cron.clone()),
        ("TIMEZONE", s.timezone.clone()),
        ("WORKFLOW", s.workflow.clone()),
        ("OVERLAP", s.overlap.clone()),
        ("CATCH UP", format!("{}s", s.catch_up_secs)),
        ("PAUSED", s.paused.to_string()),
        ("NEXT", opt_time(s.next_fire_at.as_ref())),
        ("LAST", opt_time(s.last_fire_at.as_ref())),
        ("CREATED", time(&s.created_at)),
    ])
}

fn run_view(r: &WorkflowRun) -> View {
    View::Fields(vec![
        ("RUN", r.id.to_string()),
        ("WORKFLOW", r.workflow.clone()),
        ("STATUS", r.status.clone()),
        ("CREATED", time(&r.created_at)),
    ])
}

pub(super) async fn run(env: Env, cmd: &ScheduleCommand) -> CliResult<()> {
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        ScheduleCommand::List => env.printer.print(&client.schedules(&tenant).await?, list_view),
        ScheduleCommand::Show { schedule } => env.printer.print(&client.schedule(&tenant, schedule).await?, view),
        ScheduleCommand::Pause { schedule } => {
            env.printer.print(&client.pause_schedule(&tenant, schedule, true).await?, view)
        }
        ScheduleCommand::Resume { schedule } => {
            env.printer.print(&client.pause_schedule(&tenant, schedule, false).await?, view)
        }
        ScheduleCommand::Trigger { schedule } => {
            env.printer.print(&client.trigger_schedule(&tenant, schedule).await?, run_view)
        }
    }
}
