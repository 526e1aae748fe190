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

/// docs/cli.md names every command.
#[test]
fn every_command_is_documented() {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands() {
            let path = format!("{prefix} {}", sub.get_name());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut paths = Vec::new();
    walk(&nimbus_cli::args::command(), "nimbus", &mut paths);
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/cli.md")).unwrap_or_default();
    let missing: Vec<&String> = paths.iter().filter(|p| !docs.contains(&format!("`{p}"))).collect();
    assert!(missing.is_empty(), "docs/cli.md does not mention {missing:?}");
}
