//! End-to-end tests: the real `nimbusd` and `nimbus` binaries, on SQLite and on PostgreSQL.
#![allow(clippy::expect_used, clippy::unwrap_used, unreachable_pub)]

mod approvals;
mod audit;
mod auth_flow;
mod bad_input;
mod cli;
mod cmdb;
mod http_surface;
mod notifications;
mod storage;
mod support;
mod tenancy;
mod tokens;
mod tui;
mod workflows;
