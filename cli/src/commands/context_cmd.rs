//! `nimbus context add | use | list | remove | current`.

use serde::Serialize;

use super::Env;
use crate::args::ContextCommand;
use crate::context::{ContextEntry, DEFAULT_CONTEXT, validate_name, validate_url};
use crate::exit::{self, CliError, CliResult};
use crate::output::View;

#[derive(Debug, Serialize)]
struct ContextRow {
    name: String,
    url: String,
    ca_file: Option<String>,
    tenant: Option<String>,
    current: bool,
}

#[derive(Debug, Serialize)]
struct ContextList {
    current_context: String,
    contexts: Vec<ContextRow>,
}

fn rows_view(rows: &[ContextRow]) -> View {
    View::Rows {
        headers: vec!["CURRENT", "NAME", "URL", "TENANT", "CA FILE"],
        rows: rows
            .iter()
            .map(|c| {
                vec![
                    if c.current { "*".into() } else { String::new() },
                    c.name.clone(),
                    c.url.clone(),
                    c.tenant.clone().unwrap_or_default(),
                    c.ca_file.clone().unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

pub(super) fn run(env: &Env, cmd: &ContextCommand) -> CliResult<()> {
    let mut file = env.file.clone();
    let row = |name: &str, entry: &ContextEntry, current: &str| ContextRow {
        name: name.to_owned(),
        url: entry.url.clone(),
        ca_file: entry.ca_file.as_ref().map(|p| p.display().to_string()),
        tenant: entry.tenant.clone(),
        current: name == current,
    };
    match cmd {
        ContextCommand::Add { name, url, ca_file, use_it } => {
            validate_name(name)?;
            validate_url(url)?;
            let ca_file = match ca_file {
                Some(p) => Some(
                    std::fs::canonicalize(p).map_err(|e| CliError::usage(format!("CA file {}: {e}", p.display())))?,
                ),
                None => None,
            };
            // `--tenant` on this command line is the context's default tenant; `NIMBUS_TENANT` is not stored.
            let tenant = env.global.tenant.clone().filter(|_| env.global.tenant_on_command_line);
            let entry = ContextEntry { url: url.trim_end_matches('/').to_owned(), ca_file, tenant };
            file.contexts.insert(name.clone(), entry.clone());
            if *use_it {
                file.current_context = Some(name.clone());
            }
            file.save(&env.dir)?;
            env.printer.print(&row(name, &entry, file.current()), |r| rows_view(std::slice::from_ref(r)))
        }
        ContextCommand::Use { name } => {
            let all = file.all();
            let entry = all.get(name).ok_or_else(|| unknown(name))?;
            file.current_context = Some(name.clone());
            file.save(&env.dir)?;
            env.printer.print(&row(name, entry, name), |r| rows_view(std::slice::from_ref(r)))
        }
        ContextCommand::List => {
            let current = env.context().map(|c| c.name).unwrap_or_else(|_| file.current().to_owned());
            let list = ContextList {
                contexts: file.all().iter().map(|(n, e)| row(n, e, &current)).collect(),
                current_context: current,
            };
            env.printer.print(&list, |l| rows_view(&l.contexts))
        }
        ContextCommand::Remove { name } => {
            let Some(entry) = file.contexts.remove(name) else {
                if name == DEFAULT_CONTEXT {
                    return Err(CliError::usage("the built-in context `local` cannot be removed"));
                }
                return Err(unknown(name));
            };
            if file.current_context.as_deref() == Some(name) {
                file.current_context = None;
            }
            file.save(&env.dir)?;
            env.creds.delete(name)?;
            env.printer.print(&row(name, &entry, ""), |r| rows_view(std::slice::from_ref(r)))
        }
        ContextCommand::Current => {
            let ctx = env.context()?;
            env.printer.print(&ctx, |c| {
                View::Fields(vec![
                    ("NAME", c.name.clone()),
                    ("URL", c.url.clone()),
                    ("TENANT", c.tenant.clone().unwrap_or_else(|| "your own".into())),
                    ("CA FILE", c.ca_file.as_ref().map(|p| p.display().to_string()).unwrap_or_default()),
                ])
            })
        }
    }
}

fn unknown(name: &str) -> CliError {
    CliError::new(exit::NOT_FOUND, "not_found", format!("no context named {name:?}"))
        .hint("list them with `nimbus context list`")
}
