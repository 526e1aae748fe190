//! nimbus-core: the Nimbus domain shared by the daemon, the CLI and the TUI.
//!
//! Owns identifiers, the wire types of the HTTP API (DTOs), the audit vocabulary, pure rules
//! (email normalisation, password policy) and the transparency-log primitives behind the audit
//! log (`tlog`). With the `client` feature it also owns the typed HTTP client. It must not
//! contain an HTTP server, SQL, or anything that needs a running daemon; default features stay
//! free of async runtimes and database crates.

pub mod api;
pub mod audit;
#[cfg(feature = "authz")]
pub mod authz;
pub mod cmdb;
pub mod email;
pub mod ids;
pub mod password_policy;
pub mod secret;
pub mod semantic;
pub mod tlog;

#[cfg(feature = "client")]
pub mod client;

pub use secret::Secret;
