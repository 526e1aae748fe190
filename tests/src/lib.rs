//! Test harness for end-to-end tests: starts the real `nimbusd` against a temporary SQLite file
//! or a fresh PostgreSQL database, drives it with the real `nimbus` binary and over HTTP, and
//! cleans up afterwards. Also used by the daemon's own tests for throwaway PostgreSQL databases.
//!
//! Binaries are taken from the cargo target directory next to the test executable; running
//! the workspace's tests (`cargo test --workspace`) builds them first.
#![allow(clippy::expect_used, clippy::unwrap_used)]

pub mod daemon;
pub mod moto;
pub mod pg;
pub mod smtp;

pub use daemon::{Backend, Cli, CliOutput, Daemon, DaemonBuilder};
pub use moto::Moto;
pub use pg::TestDatabase;
pub use smtp::{Smtp, SmtpMode};

/// A password that satisfies the policy, used by every test account.
pub const PASSWORD: &str = "correct horse battery staple";
/// The administrator created by `nimbusd init` in tests.
pub const ADMIN_EMAIL: &str = "admin@example.com";

/// Path of a workspace binary built next to the running test executable.
pub fn bin(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target directory");
    let path = dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} is missing: run the workspace tests with `cargo test --workspace` (which builds it) or `cargo build --bins` first",
        path.display()
    );
    path
}
