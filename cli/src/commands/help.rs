//! `nimbus help [TOPIC | COMMAND…]`: help topics beyond clap's per-command help.

use crate::exit::{CliError, CliResult};
use crate::output::write_stdout;

/// `nimbus help environment`.
pub(super) const ENVIRONMENT: &str = "\
Environment variables (a flag beats its variable; a variable beats the context):

  NIMBUS_CONTEXT           context to use (like --context)
  NIMBUS_URL               daemon URL, overriding the context's (like --url)
  NIMBUS_TOKEN             access token to use instead of stored credentials (like --token);
                           it is not refreshed
  NIMBUS_TENANT            tenant (id or slug) to act in, overriding the context's default
                           tenant (like --tenant); without either, your own tenant
  NIMBUS_OUTPUT            default output format: table, json or yaml (like -o)
  NIMBUS_EMAIL             email for `nimbus login` (like --email)
  NIMBUS_CONFIG_DIR        directory of config.toml (contexts) and file-stored credentials;
                           default: the platform config dir + /nimbus
                           (Linux ~/.config/nimbus, Windows %APPDATA%\\nimbus,
                           macOS ~/Library/Application Support/nimbus)
  NIMBUS_CREDENTIAL_STORE  auto (default: OS keyring, else a 0600 file), keyring, or file
  NO_COLOR                 any value turns color off
  CLICOLOR=0               turns color off
";

/// `nimbus help exit-codes`.
pub(super) const EXIT_CODES: &str = "\
Exit codes:

  0  success
  1  error (daemon unreachable, server error, anything else)
  2  invalid usage, or cancelled at a confirmation prompt
  4  authentication required: not signed in, or the session ended (`nimbus login`)
  5  permission denied
  6  not found
  7  `nimbus auth check`: the check answered \"denied\"

With -o json, errors are also written to stderr as {\"error\":{\"code\",\"message\",\"trace_id\",\"hint\"}}.
";

pub(super) fn run(topic: &[String]) -> CliResult<()> {
    match topic.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["environment"] | ["env"] => write_stdout(ENVIRONMENT),
        ["exit-codes"] => write_stdout(EXIT_CODES),
        path => {
            let mut cmd = crate::args::command();
            let mut target = &mut cmd;
            for name in path {
                target = target.find_subcommand_mut(name).ok_or_else(|| {
                    CliError::usage(format!("no command or help topic {name:?}"))
                        .hint("topics: environment, exit-codes; commands: `nimbus --help`")
                })?;
            }
            write_stdout(&format!("{}\n", target.render_long_help()))
        }
    }
}
