//! Command dispatch and what commands share: the resolved context, clients, credentials.

mod auth;
mod context_cmd;
mod help;
mod session;
mod status;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use nimbus_core::api::auth::TokenPair;
use nimbus_core::client::{Client, ClientOptions, CredentialSink, Credentials};

use crate::args::{Cli, Command, GlobalArgs, OutputFormat};
use crate::context::{self, ConfigFile, Resolved};
use crate::credentials::{CredentialStore, Location, StoredCredentials};
use crate::exit::{self, CliError, CliResult};
use crate::output::Printer;

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
        Command::Session(cmd) => Env::new(&cli.global, printer)?.block_on(|env| session::run(env, cmd)),
        Command::Status => Env::new(&cli.global, printer)?.block_on(status::run),
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
        context::resolve(&self.file, self.global.context.as_deref(), self.global.url.as_deref())
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
