//! Command dispatch and what commands share: the resolved context, clients, credentials.

mod apikey;
mod approval;
mod audit;
mod auth;
mod check;
mod cmdb;
mod compartment;
mod context_cmd;
mod group;
mod help;
mod invite;
mod notification;
mod perm;
mod role;
mod schedule;
mod session;
mod status;
mod tenant;
mod tui;
mod user;
mod workflow;

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use nimbus_core::api::auth::TokenPair;
use nimbus_core::client::{Client, ClientOptions, CredentialSink, Credentials};
use serde::Serialize;

use crate::args::{Cli, Command, GlobalArgs, OutputFormat};
use crate::context::{self, ConfigFile, Overrides, Resolved};
use crate::credentials::{CredentialStore, Location, StoredCredentials};
use crate::exit::{self, CliError, CliResult};
use crate::output::{Printer, View};

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> ExitCode {
    let printer = Printer::new(&cli.global);
    match dispatch(cli, &printer) {
        Ok(()) => ExitCode::from(exit::OK),
        Err(e) => {
            report(&e, &printer);
            ExitCode::from(e.code)
        }
    }
}

fn report(e: &CliError, printer: &Printer) {
    if e.silent {
        return;
    }
    if printer.format() == OutputFormat::Json {
        let body = serde_json::json!({
            "error": { "code": e.error_code, "message": e.message, "trace_id": e.trace_id, "hint": e.hint }
        });
        eprintln!("{body}");
        return;
    }
    let label = if printer.color() && std::io::stderr().is_terminal() { "\x1b[1;31merror\x1b[0m" } else { "error" };
    eprintln!("{label}: {}", e.message);
    if let Some(trace) = &e.trace_id {
        eprintln!("  trace id: {trace}");
    }
    if let Some(hint) = &e.hint {
        eprintln!("  hint: {hint}");
    }
}

fn dispatch(cli: Cli, printer: &Printer) -> CliResult<()> {
    match &cli.command {
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut crate::args::command(), "nimbus", &mut out);
            crate::output::write_stdout(&String::from_utf8_lossy(&out))
        }
        Command::Help { topic } => help::run(topic),
        Command::Context(cmd) => context_cmd::run(&Env::new(&cli.global, printer)?, cmd),
        Command::Login(args) => Env::new(&cli.global, printer)?.block_on(|env| auth::login(env, args)),
        Command::Logout => Env::new(&cli.global, printer)?.block_on(auth::logout),
        Command::Whoami => Env::new(&cli.global, printer)?.block_on(auth::whoami),
        Command::Auth(crate::args::AuthCommand::Status { offline }) => {
            Env::new(&cli.global, printer)?.block_on(|env| auth::status(env, *offline))
        }
        Command::Auth(crate::args::AuthCommand::Check(args)) => {
            Env::new(&cli.global, printer)?.block_on(|env| check::run(env, args))
        }
        Command::Tenant(cmd) => Env::new(&cli.global, printer)?.block_on(|env| tenant::run(env, cmd)),
        Command::Compartment(cmd) => Env::new(&cli.global, printer)?.block_on(|env| compartment::run(env, cmd)),
        Command::User(cmd) => Env::new(&cli.global, printer)?.block_on(|env| user::run(env, cmd)),
        Command::Group(cmd) => Env::new(&cli.global, printer)?.block_on(|env| group::run(env, cmd)),
        Command::Role(cmd) => Env::new(&cli.global, printer)?.block_on(|env| role::run(env, cmd)),
        Command::Perm(cmd) => Env::new(&cli.global, printer)?.block_on(|env| perm::run(env, cmd)),
        Command::Apikey(cmd) => Env::new(&cli.global, printer)?.block_on(|env| apikey::run(env, cmd)),
        Command::Workflow(cmd) => Env::new(&cli.global, printer)?.block_on(|env| workflow::run(env, cmd)),
        Command::Schedule(cmd) => Env::new(&cli.global, printer)?.block_on(|env| schedule::run(env, cmd)),
        Command::Approval(cmd) => Env::new(&cli.global, printer)?.block_on(|env| approval::run(env, cmd)),
        Command::Invite(cmd) => Env::new(&cli.global, printer)?.block_on(|env| invite::run(env, cmd)),
        Command::Audit(cmd) => Env::new(&cli.global, printer)?.block_on(|env| audit::run(env, cmd)),
        Command::Semantic(cmd) => Env::new(&cli.global, printer)?.block_on(|env| cmdb::semantic(env, cmd)),
        Command::Class(cmd) => Env::new(&cli.global, printer)?.block_on(|env| cmdb::class(env, cmd)),
        Command::Ci(cmd) => Env::new(&cli.global, printer)?.block_on(|env| cmdb::ci(env, cmd)),
        Command::Rel(cmd) => Env::new(&cli.global, printer)?.block_on(|env| cmdb::rel(env, cmd)),
        Command::Catalog(cmd) => Env::new(&cli.global, printer)?.block_on(|env| cmdb::catalog(env, cmd)),
        Command::Search(args) => Env::new(&cli.global, printer)?.block_on(|env| cmdb::search(env, args)),
        Command::Notification(cmd) => Env::new(&cli.global, printer)?.block_on(|env| notification::run(env, cmd)),
        Command::Session(cmd) => Env::new(&cli.global, printer)?.block_on(|env| session::run(env, cmd)),
        Command::Status => Env::new(&cli.global, printer)?.block_on(status::run),
        Command::Tui(args) => Env::new(&cli.global, printer)?.block_on(|env| tui::run(env, args)),
    }
}

/// What commands share.
pub(crate) struct Env {
    global: GlobalArgs,
    printer: Printer,
    dir: PathBuf,
    file: ConfigFile,
    creds: CredentialStore,
}

impl Env {
    fn new(global: &GlobalArgs, printer: &Printer) -> CliResult<Self> {
        let dir = context::config_dir()?;
        Ok(Self {
            file: ConfigFile::load(&dir)?,
            creds: CredentialStore::new(&dir, global.quiet)?,
            dir,
            global: global.clone(),
            printer: printer.clone(),
        })
    }

    fn block_on<F>(self, command: impl FnOnce(Self) -> F) -> CliResult<()>
    where
        F: Future<Output = CliResult<()>>,
    {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CliError::general(format!("cannot start the async runtime: {e}")))?;
        runtime.block_on(command(self))
    }

    /// The context in effect.
    fn context(&self) -> CliResult<Resolved> {
        let overrides = Overrides { url: self.global.url.as_deref(), tenant: self.global.tenant.as_deref() };
        context::resolve(&self.file, self.global.context.as_deref(), overrides)
    }

    /// An authenticated client that sends the tenant in effect (`--tenant`, `NIMBUS_TENANT`, the
    /// context's default) as `X-Nimbus-Tenant`, and that tenant for paths that name one. Without
    /// any, the caller's own tenant, asked from the daemon (`GET /api/v1/auth/me`) every time:
    /// nothing is cached.
    async fn tenant_client(&self) -> CliResult<(Client, String)> {
        let ctx = self.context()?;
        let client = self.tenant_header_client(&ctx)?;
        let tenant = match &ctx.tenant {
            Some(tenant) => tenant.clone(),
            None => client.me().await?.tenant.id.to_string(),
        };
        Ok((client, tenant))
    }

    /// An authenticated client that sends the tenant in effect, if any, as `X-Nimbus-Tenant`.
    fn tenant_header_client(&self, ctx: &Resolved) -> CliResult<Client> {
        let client = self.authed_client(ctx)?;
        Ok(match &ctx.tenant {
            Some(tenant) => client.with_tenant(tenant)?,
            None => client,
        })
    }

    /// A client without credentials.
    fn client(&self, ctx: &Resolved) -> CliResult<Client> {
        let ca_pem = match &ctx.ca_file {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                CliError::general(format!("cannot read the CA file {} of context {}: {e}", path.display(), ctx.name))
            })?),
            None => None,
        };
        let options = ClientOptions {
            ca_pem,
            timeout: None,
            user_agent: Some(format!("nimbus-cli/{}", env!("CARGO_PKG_VERSION"))),
        };
        Ok(Client::new(&ctx.url, options)?)
    }

    /// Stored credentials of the context, if any.
    fn stored(&self, ctx: &Resolved) -> CliResult<Option<(StoredCredentials, Location)>> {
        self.creds.load(&ctx.name)
    }

    /// A client authenticated with `--token`/`NIMBUS_TOKEN` or the stored credentials, which it
    /// refreshes (and re-stores) transparently.
    fn authed_client(&self, ctx: &Resolved) -> CliResult<Client> {
        let client = self.client(ctx)?;
        if let Some(token) = &self.global.token {
            let creds = Credentials {
                access_token: token.clone().into(),
                access_token_expires_at: None,
                refresh_token: None,
                refresh_token_expires_at: None,
            };
            return Ok(client.with_credentials(creds, None));
        }
        let Some((stored, _)) = self.stored(ctx)? else {
            return Err(not_signed_in(ctx));
        };
        let creds = Credentials {
            access_token: stored.access_token.clone(),
            access_token_expires_at: Some(stored.access_token_expires_at),
            refresh_token: Some(stored.refresh_token.clone()),
            refresh_token_expires_at: Some(stored.refresh_token_expires_at),
        };
        let sink = RefreshSink { store: self.creds.clone(), context: ctx.name.clone(), stored };
        Ok(client.with_credentials(creds, Some(Arc::new(sink))))
    }
}

fn not_signed_in(ctx: &Resolved) -> CliError {
    CliError::new(exit::AUTH, "unauthenticated", format!("not signed in to context {} ({})", ctx.name, ctx.url))
        .hint("sign in with `nimbus login`")
}

/// Persists tokens refreshed behind the scenes.
struct RefreshSink {
    store: CredentialStore,
    context: String,
    stored: StoredCredentials,
}

impl CredentialSink for RefreshSink {
    fn store(&self, pair: &TokenPair) {
        let updated = StoredCredentials {
            access_token: pair.access_token.clone(),
            access_token_expires_at: pair.access_token_expires_at,
            refresh_token: pair.refresh_token.clone(),
            refresh_token_expires_at: pair.refresh_token_expires_at,
            session_id: pair.session_id.to_string(),
            ..self.stored.clone()
        };
        if let Err(e) = self.store.save(&self.context, &updated) {
            eprintln!("warning: refreshed credentials could not be stored: {}", e.message);
        }
    }
}

/// Asks for confirmation on a terminal; elsewhere refuses unless `--yes` was given.
fn confirm(question: &str, yes: bool) -> CliResult<()> {
    if yes {
        return Ok(());
    }
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(CliError::usage(format!("{question}: refusing without confirmation")).hint("pass --yes to confirm"));
    }
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "YES") {
        Ok(())
    } else {
        Err(CliError::new(exit::USAGE, "cancelled", "cancelled"))
    }
}

/// A time as RFC 3339 in UTC, to the second.
fn time(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An optional time, empty when absent.
fn opt_time(at: Option<&DateTime<Utc>>) -> String {
    at.map(time).unwrap_or_default()
}

/// `KEY=VALUE` pairs from a repeatable option as a map; a key given twice is a usage error.
fn to_map(pairs: &[(String, String)], option: &str) -> CliResult<BTreeMap<String, String>> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        if map.insert(key.clone(), value.clone()).is_some() {
            return Err(CliError::usage(format!("{option} {key} is given twice")));
        }
    }
    Ok(map)
}

/// A map as `k=v, k=v`.
fn map_text(map: &BTreeMap<String, String>) -> String {
    map.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

/// What a delete prints (the API answers with no content).
#[derive(Debug, Serialize)]
struct Deleted {
    deleted: String,
    kind: &'static str,
}

fn print_deleted(env: &Env, kind: &'static str, id: impl ToString) -> CliResult<()> {
    env.printer.print(&Deleted { deleted: id.to_string(), kind }, |d| {
        View::Fields(vec![("DELETED", format!("{} {}", d.kind, d.deleted))])
    })
}

/// Fails with a usage error when an update would change nothing.
fn require_change(changes: bool) -> CliResult<()> {
    if changes { Ok(()) } else { Err(CliError::usage("nothing to change").hint("see --help for what can be changed")) }
}

/// The first line of standard input, without its line ending, for `--password-stdin`.
fn password_from_stdin() -> CliResult<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(CliError::usage("no password on standard input"));
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_refused() {
        let pairs = vec![("a".to_owned(), "1".to_owned()), ("b".to_owned(), "2=3".to_owned())];
        let map = to_map(&pairs, "--tag").map_err(|e| e.message);
        assert_eq!(map.as_ref().map(map_text), Ok("a=1, b=2=3".to_owned()));
        let twice = [pairs.clone(), vec![("a".to_owned(), "9".to_owned())]].concat();
        assert_eq!(to_map(&twice, "--tag").map_err(|e| e.message), Err("--tag a is given twice".to_owned()));
    }

    #[test]
    fn times_are_rfc3339_utc() {
        let at = DateTime::parse_from_rfc3339("2026-03-01T10:20:30.123+01:00").map(|t| t.with_timezone(&Utc));
        assert_eq!(at.map(|t| time(&t)), Ok("2026-03-01T09:20:30Z".to_owned()));
        assert_eq!(opt_time(None), "");
    }
}
