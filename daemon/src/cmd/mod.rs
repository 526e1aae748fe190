//! The `nimbusd` command line: argument definitions and dispatch. Each subcommand lives in its
//! own module; `main.rs` only calls [`run`].

mod config_cmd;
mod init_cmd;
mod prompt;
mod serve_cmd;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::{Config, LogFormat, Overrides, Source};

/// Exit codes of `nimbusd` (documented in docs/cli.md).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// Runtime error.
    pub const ERROR: u8 = 1;
    /// Usage, configuration or input error.
    pub const USAGE: u8 = 2;
    /// The database is unreachable or its schema is incompatible.
    pub const DATABASE: u8 = 3;
    /// `serve` on an uninitialised database, or `init` on an initialised one.
    pub const INIT_STATE: u8 = 4;
}

/// A failure with the exit code it maps to.
#[derive(Debug)]
pub struct Failure {
    code: u8,
    error: anyhow::Error,
}

impl Failure {
    fn new(code: u8, error: impl Into<anyhow::Error>) -> Self {
        Self { code, error: error.into() }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Self { code: exit::ERROR, error }
    }
}

type CmdResult = Result<(), Failure>;

/// nimbusd: the Nimbus control-plane daemon.
#[derive(Debug, Parser)]
#[command(
    name = "nimbusd",
    version,
    about = "nimbusd: the Nimbus control-plane daemon",
    after_help = "Examples:\n  nimbusd serve                      start on the embedded SQLite database (walks you through first-run setup in a terminal)\n  nimbusd init --email you@example.com --password-stdin\n  nimbusd --database-url postgres://nimbus@db/nimbus serve\n  nimbusd config show",
    arg_required_else_help = true
)]
pub struct Cli {
    /// Config file (default: <platform config dir>/nimbus/nimbusd.toml if present).
    #[arg(long, env = "NIMBUS_CONFIG", global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Directory for the default SQLite database and the master key [env: NIMBUS_DATA_DIR].
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://… [env: NIMBUS_DATABASE__URL]. Visible to other local users
    /// in the process list: prefer the environment or database.url_file for passwords.
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// Log format [env: NIMBUS_LOG__FORMAT].
    #[arg(long, global = true, value_enum)]
    log_format: Option<LogFormat>,
    /// Log filter, e.g. info or nimbus_daemon=debug,info [env: NIMBUS_LOG__LEVEL].
    #[arg(long, global = true, value_name = "FILTER")]
    log_level: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the daemon.
    Serve(ServeArgs),
    /// First run: create the provider, its root tenant and the first provider administrator.
    Init(InitArgs),
    /// Apply pending database migrations and exit (serve also does this at start).
    Migrate,
    /// Inspect configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on [env: NIMBUS_SERVER__LISTEN] (default 127.0.0.1:7460).
    #[arg(long, value_name = "ADDR")]
    listen: Option<SocketAddr>,
    /// Allow a non-loopback address without TLS (only behind a TLS-terminating proxy).
    #[arg(long)]
    insecure_listen: bool,
    /// Write the listening URL to this file once ready (for supervisors and tests).
    #[arg(long, value_name = "FILE")]
    ready_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The first provider administrator's email.
    #[arg(long, env = "NIMBUS_ADMIN_EMAIL")]
    email: Option<String>,
    /// Their display name (default: the part of the email before @).
    #[arg(long)]
    name: Option<String>,
    /// Display name of this installation.
    #[arg(long, default_value = "Nimbus")]
    provider_name: String,
    /// Read the password from the first line of standard input.
    #[arg(long, conflicts_with = "password")]
    password_stdin: bool,
    /// The password (visible in the process list; prefer --password-stdin or the environment).
    #[arg(long, env = "NIMBUS_ADMIN_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = InitOutput::Text)]
    output: InitOutput,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InitOutput {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print the effective configuration with secrets redacted.
    Show {
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ConfigOutput::Toml)]
        output: ConfigOutput,
    },
    /// Print a commented example configuration file.
    Example,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ConfigOutput {
    Toml,
    Json,
}

impl Cli {
    fn overrides(&self) -> Overrides {
        let (listen, insecure_listen) = match &self.command {
            Command::Serve(s) => (s.listen, s.insecure_listen),
            _ => (None, false),
        };
        Overrides {
            data_dir: self.data_dir.clone(),
            database_url: self.database_url.clone(),
            listen,
            insecure_listen,
            log_format: self.log_format,
            log_level: self.log_level.clone(),
        }
    }

    fn load_config(&self) -> Result<(Config, Source), Failure> {
        Config::load(self.config.as_deref(), &self.overrides()).map_err(|e| Failure::new(exit::USAGE, e))
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match &cli.command {
        Command::Config(ConfigCommand::Example) => {
            print!("{}", crate::config::EXAMPLE);
            Ok(())
        }
        Command::Config(ConfigCommand::Show { output }) => config_cmd::show(&cli, *output),
        _ => run_async(&cli),
    };
    match result {
        Ok(()) => ExitCode::from(exit::OK),
        Err(f) => {
            eprintln!("error: {:#}", f.error);
            ExitCode::from(f.code)
        }
    }
}

fn run_async(cli: &Cli) -> CmdResult {
    let (config, source) = cli.load_config()?;
    crate::telemetry::init(config.log.format, &config.log.level).map_err(|e| Failure::new(exit::USAGE, e))?;
    if let Some(file) = &source.file {
        tracing::debug!(file = %file.display(), "configuration file read");
    }
    // One provider for every rustls user in the process (HTTP server, PostgreSQL TLS).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| Failure::new(exit::ERROR, e))?;
    runtime.block_on(async {
        match &cli.command {
            Command::Serve(args) => serve_cmd::run(config, args).await,
            Command::Init(args) => init_cmd::run(config, args).await,
            Command::Migrate => {
                let store = open_store(&config).await?;
                let state = store.schema_state().await.map_err(|e| Failure::new(exit::DATABASE, e))?;
                println!("{}: schema at version {}", store.display_url(), state.applied);
                Ok(())
            }
            Command::Config(_) => Ok(()),
        }
    })
}

async fn open_store(config: &Config) -> Result<std::sync::Arc<dyn crate::store::Store>, Failure> {
    crate::store::open(config).await.map_err(|e| Failure::new(exit::DATABASE, e))
}
