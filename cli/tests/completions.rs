//! The completion scripts in `completions/` are generated from the clap definitions; this test
//! fails when they are stale. `UPDATE_EXPECT=1 cargo test -p nimbus-cli --test completions`
//! regenerates them.

use clap_complete::Shell;
use expect_test::expect_file;

fn generate(shell: Shell) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut nimbus_cli::args::command(), "nimbus", &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn bash() {
    expect_file!["../../completions/nimbus.bash"].assert_eq(&generate(Shell::Bash));
}

#[test]
fn zsh() {
    expect_file!["../../completions/_nimbus"].assert_eq(&generate(Shell::Zsh));
}

#[test]
fn fish() {
    expect_file!["../../completions/nimbus.fish"].assert_eq(&generate(Shell::Fish));
}

#[test]
fn powershell() {
    expect_file!["../../completions/_nimbus.ps1"].assert_eq(&generate(Shell::PowerShell));
}

#[test]
fn elvish() {
    expect_file!["../../completions/nimbus.elv"].assert_eq(&generate(Shell::Elvish));
}

/// The command tree itself is consistent (clap's own debug assertions).
#[test]
fn command_tree_is_valid() {
    nimbus_cli::args::command().debug_assert();
}
