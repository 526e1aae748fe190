//! GraphQL queries and mutations of the audit log: thin adapters over the same service methods
//! as REST, so the same permission checks and audit apply. Exports, archived segments' bytes and
//! the live stream are REST/SSE only (they stream).

use async_graphql::{Context, Object};
use nimbus_core::api::audit::{
    ArchiveRunReport, ArchiveSegmentList, AuditPage, AuditPublicKey, AuditQuery, AuditSettings, Checkpoint,
    ConsistencyProof, InclusionProof, SaveQuery, SavedQuery, UpdateAuditSettings, VerifyParams, VerifyReport,
};

use super::graphql::{gql_error, principal, request, state};

/// Audit queries.
#[derive(Debug, Default)]
pub struct AuditGqlQuery;

macro_rules! call {
    ($ctx:ident, $method:ident($($arg:expr),*)) => {
        state($ctx)?.services.$method(principal($ctx)?, request($ctx)?, $($arg),*).await.map_err(|e| gql_error($ctx, e))
    };
}

#[Object]
impl AuditGqlQuery {
    /// One page of a tenant's audit records matching the filters, newest first.
    async fn audit_records(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        filter: Option<AuditQuery>,
    ) -> async_graphql::Result<AuditPage> {
        call!(ctx, query_audit(&tenant, &filter.unwrap_or_default()))
    }

    /// Verifies a tenant's log (or records `fromSeq..=toSeq`) against its signed checkpoints.
    async fn audit_verify(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        from_seq: Option<u64>,
        to_seq: Option<u64>,
    ) -> async_graphql::Result<VerifyReport> {
        call!(ctx, verify_audit(&tenant, &VerifyParams { from_seq, to_seq }))
    }

    /// Signed checkpoints of a tenant's log, by size.
    async fn audit_checkpoints(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        from: Option<u64>,
        limit: Option<u32>,
    ) -> async_graphql::Result<Vec<Checkpoint>> {
        Ok(call!(ctx, audit_checkpoints(&tenant, from, limit))?.checkpoints)
    }

    /// Proof that record `seq` is in the log at the newest checkpoint (or the one of `size`).
    async fn audit_inclusion_proof(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        seq: u64,
        size: Option<u64>,
    ) -> async_graphql::Result<InclusionProof> {
        call!(ctx, audit_inclusion(&tenant, seq, size))
    }

    /// Proof that the checkpoint of size `old` is a prefix of the one of size `new`.
    async fn audit_consistency_proof(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        old: u64,
        new: Option<u64>,
    ) -> async_graphql::Result<ConsistencyProof> {
        call!(ctx, audit_consistency(&tenant, old, new))
    }

    /// A tenant's audit settings.
    async fn audit_settings(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<AuditSettings> {
        call!(ctx, audit_settings(&tenant))
    }

    /// Your saved audit queries and the tenant's shared ones, by name.
    async fn audit_saved_queries(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<SavedQuery>> {
        Ok(call!(ctx, saved_audit_queries(&tenant))?.queries)
    }

    /// The tenant's archived segments, and any the archive no longer holds.
    async fn audit_archive(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<ArchiveSegmentList> {
        call!(ctx, audit_archive_segments(&tenant))
    }

    /// The key checkpoints are signed with.
    async fn audit_public_key(&self, ctx: &Context<'_>) -> async_graphql::Result<AuditPublicKey> {
        Ok(state(ctx)?.services.audit_public_key())
    }
}

/// Audit mutations.
#[derive(Debug, Default)]
pub struct AuditGqlMutation;

#[Object]
impl AuditGqlMutation {
    /// Changes a tenant's audit settings; omitted fields stay.
    async fn update_audit_settings(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        input: UpdateAuditSettings,
    ) -> async_graphql::Result<AuditSettings> {
        call!(ctx, update_audit_settings(&tenant, input))
    }

    /// Saves a query (or replaces yours of the same name).
    async fn save_audit_query(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        input: SaveQuery,
    ) -> async_graphql::Result<SavedQuery> {
        call!(ctx, save_audit_query(&tenant, input))
    }

    /// Deletes a saved query; true when done.
    async fn delete_audit_query(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: uuid::Uuid,
    ) -> async_graphql::Result<bool> {
        call!(ctx, delete_audit_query(&tenant, id)).map(|()| true)
    }

    /// Moves records past the tenant's retention window into the archive.
    async fn run_audit_archival(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<ArchiveRunReport> {
        call!(ctx, run_audit_archival(&tenant))
    }
}
