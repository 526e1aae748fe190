//! nimbus, the Nimbus command line: every capability of the daemon, scriptable from bash and
//! PowerShell with stable `-o json|yaml` output and documented exit codes.
//!
//! The binary is a thin shell over this library: argument definitions (`args`, also the source
//! of completions), daemon contexts, credential storage, output formatting, and one module per
//! command group. It speaks to the daemon only through `nimbus_core::client`.

pub mod args;
mod commands;
pub mod context;
pub mod credentials;
pub mod exit;
pub mod output;

use std::process::ExitCode;

use clap::FromArgMatches;

/// Parses the command line, runs the command, and returns the exit code.
pub fn main() -> ExitCode {
    let parsed = args::command().try_get_matches().and_then(|matches| {
        let mut cli = args::Cli::from_arg_matches(&matches)?;
        cli.global.tenant_on_command_line = args::tenant_on_command_line(&matches);
        Ok(cli)
    });
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            // Help and version go to stdout; a closed pipe is not an error.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    commands::run(cli)
}
