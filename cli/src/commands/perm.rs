//! `nimbus perm list`.

use nimbus_core::api::iam::PermissionList;

use super::Env;
use crate::args::PermCommand;
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &PermissionList) -> View {
    View::Rows {
        headers: vec!["KEY", "DESCRIPTION"],
        rows: list.permissions.iter().map(|p| vec![p.key.clone(), p.description.clone()]).collect(),
    }
}

pub(super) async fn run(env: Env, cmd: &PermCommand) -> CliResult<()> {
    match cmd {
        PermCommand::List => {
            let ctx = env.context()?;
            let list = env.authed_client(&ctx)?.permissions().await?;
            env.printer.print(&list, list_view)
        }
    }
}
