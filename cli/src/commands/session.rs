//! `nimbus session list | revoke`.

use nimbus_core::api::auth::SessionList;
use nimbus_core::ids::SessionId;
use serde::Serialize;

use super::{Env, confirm};
use crate::args::SessionCommand;
use crate::exit::{CliError, CliResult};
use crate::output::View;

fn list_view(list: &SessionList) -> View {
    View::Rows {
        headers: vec!["ID", "CURRENT", "CREATED", "LAST USED", "EXPIRES", "IP", "USER AGENT"],
        rows: list
            .sessions
            .iter()
            .map(|s| {
                vec![
                    s.id.to_string(),
                    if s.current { "*".into() } else { String::new() },
                    s.created_at.format("%Y-%m-%d %H:%M").to_string(),
                    s.last_used_at.format("%Y-%m-%d %H:%M").to_string(),
                    s.expires_at.format("%Y-%m-%d %H:%M").to_string(),
                    s.ip.clone().unwrap_or_default(),
                    s.user_agent.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
struct Revoked {
    revoked: String,
    was_current: bool,
}

pub(super) async fn run(env: Env, cmd: &SessionCommand) -> CliResult<()> {
    let ctx = env.context()?;
    match cmd {
        SessionCommand::List => {
            let list = env.authed_client(&ctx)?.sessions().await?;
            env.printer.print(&list, list_view)
        }
        SessionCommand::Revoke { id, yes } => {
            let id: SessionId = id
                .parse()
                .map_err(|_| CliError::usage(format!("{id:?} is not a session id (see `nimbus session list`)")))?;
            confirm(&format!("End session {id}?"), *yes)?;
            let client = env.authed_client(&ctx)?;
            let current = client.me().await?.session_id == id;
            client.revoke_session(id).await?;
            if current {
                env.creds.delete(&ctx.name)?;
            }
            env.printer.print(&Revoked { revoked: id.to_string(), was_current: current }, |r| {
                View::Fields(vec![
                    ("ENDED", r.revoked.clone()),
                    ("NOTE", if r.was_current { "it was this session: signed out".into() } else { String::new() }),
                ])
            })
        }
    }
}
