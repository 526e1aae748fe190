//! `nimbus tui`: resolves the context, credentials, tenant and key bindings exactly as every
//! other command does, then hands the terminal to the nimbus-tui crate with its views' sources
//! over the daemon's REST API. Switching context from
//! `:ctx` comes back here and starts again with that context's credentials.

use std::io::IsTerminal;
use std::sync::Arc;

use nimbus_tui::daemon::Scope;
use nimbus_tui::keymap::Keymap;
use nimbus_tui::sources::Sources;
use nimbus_tui::theme::Theme;
use nimbus_tui::views::{ContextRow, ViewId};
use nimbus_tui::{Exit, Launch};

use super::Env;
use crate::args::{TuiArgs, TuiView};
use crate::exit::{CliError, CliResult};

/// The key bindings file, beside the CLI's config.
pub(crate) const KEYS_FILE: &str = "tui.toml";

fn view(v: TuiView) -> ViewId {
    match v {
        TuiView::Approvals => ViewId::Approvals,
        TuiView::Workflows => ViewId::Workflows,
        TuiView::Schedules => ViewId::Schedules,
        TuiView::Audit => ViewId::Audit,
        TuiView::Cmdb => ViewId::Cmdb,
        TuiView::Tenants => ViewId::Tenants,
        TuiView::Ctx => ViewId::Contexts,
    }
}

pub(super) async fn run(mut env: Env, args: &TuiArgs) -> CliResult<()> {
    let TuiArgs { readonly, mouse, view: start } = *args;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(CliError::usage("nimbus tui needs a terminal")
            .hint("run it in an interactive terminal; for scripts use `nimbus audit tail -f` and the other commands"));
    }
    let keymap = Keymap::load(&env.dir.join(KEYS_FILE)).map_err(CliError::usage)?;
    // The printer already folds in --color, NO_COLOR and CLICOLOR.
    let theme = if env.printer.color() { Theme::COLOR } else { Theme::PLAIN };
    let mut start = view(start);
    loop {
        let ctx = env.context()?;
        let client = env.tenant_header_client(&ctx)?;
        // Fail before taking over the terminal when signed out or unreachable (exit 4 / 1).
        client.me().await?;
        // One client for the tail and every view: refresh tokens are single-use.
        let client = Arc::new(client);
        let scope = Scope::new(ctx.tenant.clone());
        let contexts = env
            .file
            .all()
            .into_iter()
            .map(|(name, entry)| ContextRow {
                current: name == ctx.name,
                signed_in: env.creds.load(&name).ok().flatten().is_some(),
                name,
                url: entry.url,
                tenant: entry.tenant,
            })
            .collect();
        let launch = Launch {
            sources: Sources::daemon(client.clone(), scope.clone()),
            client,
            scope,
            context: ctx.name.clone(),
            readonly,
            mouse,
            theme,
            keymap: keymap.clone(),
            contexts,
            start,
        };
        let exit = nimbus_tui::run(launch).await.map_err(|e| CliError::general(format!("the terminal failed: {e}")))?;
        match exit {
            Exit::Quit | Exit::Terminated => return Ok(()),
            Exit::SwitchContext(name) => {
                // The new context's own default tenant applies, not the old one's override.
                env.global.context = Some(name);
                env.global.tenant = None;
                env.global.url = None;
                start = ViewId::Contexts;
            }
        }
    }
}
