//! REST handlers (`/api/v1`): extract, call one service method, map the result. No rules here.

pub mod approvals;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod cmdb;
pub mod iam;
pub mod invitations;
pub mod notifications;
pub mod system;
pub mod tenancy;
pub mod workflows;
