//! GraphQL queries and mutations of approval requests and policies: thin adapters over the same
//! service methods as REST, so the same permission checks, audit records and events apply.
//! `tenant` is the context tenant (id or slug; your own when omitted), as `X-Nimbus-Tenant` is
//! for REST.

use async_graphql::{Context, Object};
use nimbus_core::api::approvals::{
    ApprovalPolicy, ApprovalPolicyInput, ApprovalRequest, CreateApprovalRequest, DecideApproval, DelegateApproval,
};
use nimbus_core::ids::ApprovalId;

use super::graphql::{gql_error, principal, request, state};
use crate::services::approvals::ApprovalQuery;

macro_rules! call {
    ($ctx:ident, $method:ident($($arg:expr),*)) => {
        state($ctx)?.services.$method(principal($ctx)?, request($ctx)?, $($arg),*).await.map_err(|e| gql_error($ctx, e))
    };
}

fn json_arg(name: &str, text: Option<String>) -> async_graphql::Result<serde_json::Value> {
    match text {
        None => Ok(serde_json::Value::Null),
        Some(t) => serde_json::from_str(&t).map_err(|e| async_graphql::Error::new(format!("{name} is not JSON: {e}"))),
    }
}

/// Approval queries.
#[derive(Debug, Default)]
pub struct ApprovalGqlQuery;

#[Object]
impl ApprovalGqlQuery {
    /// Approval requests, newest first; `assignedToMe`: only those waiting for you.
    async fn approvals(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        status: Option<String>,
        assigned_to_me: Option<bool>,
        limit: Option<u32>,
        cursor: Option<String>,
    ) -> async_graphql::Result<Vec<ApprovalRequest>> {
        let q = ApprovalQuery { status, assigned_to_me: assigned_to_me.unwrap_or(false), limit, cursor };
        Ok(call!(ctx, list_approvals(tenant.as_deref(), q))?.requests)
    }

    /// One approval request with its steps and history.
    async fn approval(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        id: ApprovalId,
    ) -> async_graphql::Result<ApprovalRequest> {
        call!(ctx, get_approval(tenant.as_deref(), id))
    }

    /// Approval policies, by name.
    async fn approval_policies(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
    ) -> async_graphql::Result<Vec<ApprovalPolicy>> {
        Ok(call!(ctx, list_approval_policies(tenant.as_deref()))?.policies)
    }

    /// One approval policy, by id or name.
    async fn approval_policy(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        policy: String,
    ) -> async_graphql::Result<ApprovalPolicy> {
        call!(ctx, get_approval_policy(tenant.as_deref(), &policy))
    }
}

/// Approval mutations.
#[derive(Debug, Default)]
pub struct ApprovalGqlMutation;

#[Object]
impl ApprovalGqlMutation {
    /// Asks for approval (payload as JSON text); the tenant's policy for the operation applies.
    // GraphQL field arguments are the request's fields; grouping them would only rename them.
    #[allow(clippy::too_many_arguments)]
    async fn request_approval(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        operation: String,
        title: String,
        resource_type: Option<String>,
        resource_id: Option<String>,
        payload: Option<String>,
        policy: Option<String>,
    ) -> async_graphql::Result<ApprovalRequest> {
        let body = CreateApprovalRequest {
            operation,
            title,
            resource_type,
            resource_id,
            payload: json_arg("payload", payload)?,
            policy,
        };
        call!(ctx, create_approval(tenant.as_deref(), body))
    }

    /// Approves the step waiting for you.
    async fn approve_approval(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        id: ApprovalId,
        reason: Option<String>,
    ) -> async_graphql::Result<ApprovalRequest> {
        call!(ctx, decide_approval(tenant.as_deref(), id, true, DecideApproval { reason: reason.unwrap_or_default() }))
    }

    /// Rejects the request (a reason is required).
    async fn reject_approval(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        id: ApprovalId,
        reason: String,
    ) -> async_graphql::Result<ApprovalRequest> {
        call!(ctx, decide_approval(tenant.as_deref(), id, false, DecideApproval { reason }))
    }

    /// Hands your part of the open step to another user (email or id).
    async fn delegate_approval(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        id: ApprovalId,
        to: String,
        reason: Option<String>,
    ) -> async_graphql::Result<ApprovalRequest> {
        call!(
            ctx,
            delegate_approval(tenant.as_deref(), id, DelegateApproval { to, reason: reason.unwrap_or_default() })
        )
    }

    /// Cancels a pending request (a reason is required).
    async fn cancel_approval(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        id: ApprovalId,
        reason: String,
    ) -> async_graphql::Result<ApprovalRequest> {
        call!(ctx, cancel_approval(tenant.as_deref(), id, DecideApproval { reason }))
    }

    /// Creates a policy from its JSON document (the REST body).
    async fn create_approval_policy(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        spec: String,
    ) -> async_graphql::Result<ApprovalPolicy> {
        let input: ApprovalPolicyInput =
            serde_json::from_str(&spec).map_err(|e| async_graphql::Error::new(format!("spec is not a policy: {e}")))?;
        call!(ctx, create_approval_policy(tenant.as_deref(), input))
    }

    /// Replaces a policy from its JSON document.
    async fn update_approval_policy(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        policy: String,
        spec: String,
    ) -> async_graphql::Result<ApprovalPolicy> {
        let input: ApprovalPolicyInput =
            serde_json::from_str(&spec).map_err(|e| async_graphql::Error::new(format!("spec is not a policy: {e}")))?;
        call!(ctx, update_approval_policy(tenant.as_deref(), &policy, input))
    }

    /// Deletes a policy.
    async fn delete_approval_policy(
        &self,
        ctx: &Context<'_>,
        tenant: Option<String>,
        policy: String,
    ) -> async_graphql::Result<bool> {
        call!(ctx, delete_approval_policy(tenant.as_deref(), &policy))?;
        Ok(true)
    }
}
