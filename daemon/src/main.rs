//! `nimbusd`: a thin shell over the `nimbus_daemon` library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    nimbus_daemon::cmd::run(nimbus_daemon::cmd::Cli::parse())
}
