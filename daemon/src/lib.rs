//! nimbusd as a library: the binary is a thin command-line shell around it, and tests start it
//! in-process or as the real binary.

pub mod audit;
pub mod auth;
pub mod authz;
pub mod cmd;
pub mod config;
pub mod engine;
pub mod error;
pub mod http;
pub mod keys;
pub mod notify;
pub mod pipeline;
pub mod services;
pub mod signature;
pub mod store;
pub mod telemetry;
pub mod trace_id;
