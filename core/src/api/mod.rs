//! Wire types of the HTTP API (`/api/v1`), shared by the daemon and its clients.
//!
//! Field names are a public contract: `nimbus -o json` prints these shapes and scripts depend on
//! them. Rename nothing without a new API version.

pub mod apikeys;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod cmdb;
pub mod error;
pub mod iam;
pub mod invitations;
pub mod notifications;
pub mod system;
pub mod tenancy;
pub mod workflows;
