//! The command tree. Help, completions and docs/cli.md all derive from these definitions.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

/// Examples shown first in `nimbus --help`.
const EXAMPLES: &str = "\
Examples:
  nimbus login --email you@example.com        sign in to the current context
  nimbus whoami -o json                       who you are, as JSON
  nimbus status                               is the daemon up, which version, who am I
  nimbus context add prod --url https://nimbus.example.com --use
  nimbus session list --jq '.sessions[].id'   filter JSON output with a jq expression
  nimbus help environment                     environment variables
  nimbus help exit-codes                      exit codes for scripts";

/// nimbus: the Nimbus command line.
#[derive(Debug, Parser)]
#[command(
    name = "nimbus",
    version,
    about = "nimbus: drive a Nimbus control plane from the terminal",
    before_help = EXAMPLES,
    disable_help_subcommand = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command accepts.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Output format [default: table].
    #[arg(short, long, global = true, value_enum, env = "NIMBUS_OUTPUT")]
    pub output: Option<OutputFormat>,
    /// Omit table headers.
    #[arg(long, global = true)]
    pub no_headers: bool,
    /// Filter JSON output with a jq expression (implies -o json); strings print raw.
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,
    /// Context (daemon) to use instead of the current one.
    #[arg(long, global = true, env = "NIMBUS_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,
    /// Daemon URL, overriding the context's.
    #[arg(long, global = true, env = "NIMBUS_URL", value_name = "URL")]
    pub url: Option<String>,
    /// Access token to use instead of stored credentials (no refresh).
    #[arg(long, global = true, env = "NIMBUS_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// When to use color.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print less on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns.
    Table,
    /// JSON (stable field names).
    Json,
    /// YAML.
    Yaml,
}

/// Color choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Color on terminals unless NO_COLOR or CLICOLOR=0.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign in to the daemon of the current context.
    Login(LoginArgs),
    /// Sign out: end the session on the daemon and forget the stored credentials.
    Logout,
    /// Show who you are signed in as.
    Whoami,
    /// Check whether the daemon is reachable, its version and backend, and who you are.
    Status,
    /// Credentials and sessions.
    #[command(subcommand)]
    Auth(AuthCommand),
    /// Your sessions on the daemon.
    #[command(subcommand)]
    Session(SessionCommand),
    /// Named daemons to talk to.
    #[command(subcommand)]
    Context(ContextCommand),
    /// Print a shell completion script.
    Completions {
        /// Shell.
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Help on a command, or a topic: environment, exit-codes.
    Help {
        /// A topic or a command path (e.g. `session list`).
        topic: Vec<String>,
    },
}

/// `nimbus login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Account email (asked for in a terminal when omitted).
    #[arg(long, env = "NIMBUS_EMAIL")]
    pub email: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    pub password_stdin: bool,
}

/// `nimbus auth …`.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Where credentials are stored and whether they are still valid.
    Status {
        /// Do not ask the daemon whether the token is still accepted.
        #[arg(long)]
        offline: bool,
    },
}

/// `nimbus session …`.
#[derive(Debug, Subcommand)]
pub enum SessionCommand {
    /// List your active sessions.
    #[command(alias = "ls")]
    List,
    /// End one of your sessions.
    Revoke {
        /// Session id.
        id: String,
        /// Do not ask for confirmation.
        #[arg(short, long)]
        yes: bool,
    },
}

/// `nimbus context …`.
#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// Add (or update) a context.
    Add {
        /// Context name.
        name: String,
        /// Daemon URL, e.g. https://nimbus.example.com:7460.
        #[arg(long)]
        url: String,
        /// Extra CA certificate (PEM) to trust for this daemon.
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        /// Make it the current context.
        #[arg(long = "use")]
        use_it: bool,
    },
    /// Switch the current context.
    Use {
        /// Context name.
        name: String,
    },
    /// List contexts.
    #[command(alias = "ls")]
    List,
    /// Remove a context and its stored credentials.
    #[command(alias = "rm")]
    Remove {
        /// Context name.
        name: String,
    },
    /// Show the context in effect.
    Current,
}

/// The clap command (for completions and help topics).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}
