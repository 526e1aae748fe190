//! GraphQL for the CMDB: classes, CIs (now or as of a time), history, search, relationships,
//! graph walks and impact analysis; mutations for CIs and relationships. Thin adapters over the
//! same service methods as REST, so the same class-specific permission checks and audit apply.

use std::collections::BTreeMap;

use async_graphql::{Context, Object};
use chrono::{DateTime, Utc};
use nimbus_core::api::cmdb::{
    Ci, CiClass, CiList, CiVersion, CreateCi, CreateRelationship, GraphResult, PathResult, Relationship, UpdateCi,
};
use nimbus_core::ids::{CiId, CompartmentId, RelationshipId};
use serde_json::Value;

use super::graphql::{gql_error, principal, request, state};
use crate::error::ServiceError;
use crate::services::cmdb::{Direction, WalkSpec};

/// CMDB queries.
#[derive(Debug, Default)]
pub struct CmdbGqlQuery;

macro_rules! call {
    ($ctx:ident, $method:ident($($arg:expr),*)) => {
        state($ctx)?.services.$method(principal($ctx)?, request($ctx)?, $($arg),*).await.map_err(|e| gql_error($ctx, e))
    };
}

fn spec(
    ctx: &Context<'_>,
    direction: Option<String>,
    kinds: Option<Vec<String>>,
    depth: Option<u32>,
    limit: Option<u32>,
) -> async_graphql::Result<WalkSpec> {
    Ok(WalkSpec {
        direction: Direction::parse(direction.as_deref().unwrap_or("out")).map_err(|e| gql_error(ctx, e))?,
        kinds: kinds.unwrap_or_default(),
        depth: depth.unwrap_or(3),
        limit: limit.unwrap_or(1_000),
    })
}

/// Tags given as a JSON object of strings.
fn parse_tags(ctx: &Context<'_>, v: Option<Value>) -> async_graphql::Result<Option<BTreeMap<String, String>>> {
    v.map(|v| {
        serde_json::from_value(v).map_err(|e| {
            gql_error(ctx, ServiceError::Invalid { message: format!("tags: an object of string values: {e}") })
        })
    })
    .transpose()
}

#[Object]
impl CmdbGqlQuery {
    /// System classes, then the tenant's custom ones.
    async fn ci_classes(&self, ctx: &Context<'_>, tenant: String) -> async_graphql::Result<Vec<CiClass>> {
        Ok(call!(ctx, list_ci_classes(&tenant))?.classes)
    }

    /// One class by key.
    async fn ci_class(&self, ctx: &Context<'_>, tenant: String, key: String) -> async_graphql::Result<CiClass> {
        call!(ctx, get_ci_class(&tenant, &key))
    }

    /// A CI now, or as it was at `at`.
    async fn ci(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CiId,
        at: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<Ci> {
        call!(ctx, get_ci(&tenant, id, at))
    }

    /// CIs matching a search (`web class:virtualmachine tag:env=prod attr:cpu_cores>=4`), a page
    /// at a time.
    async fn search_cis(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        q: Option<String>,
        limit: Option<u32>,
        cursor: Option<String>,
    ) -> async_graphql::Result<CiList> {
        call!(ctx, search_cis(&tenant, q.as_deref().unwrap_or(""), limit, cursor.as_deref()))
    }

    /// Every version of a CI, newest first.
    async fn ci_history(&self, ctx: &Context<'_>, tenant: String, id: CiId) -> async_graphql::Result<Vec<CiVersion>> {
        Ok(call!(ctx, ci_history(&tenant, id))?.versions)
    }

    /// Live relationships of a CI, both directions.
    async fn ci_relationships(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CiId,
    ) -> async_graphql::Result<Vec<Relationship>> {
        Ok(call!(ctx, ci_relationships(&tenant, id))?.relationships)
    }

    /// CIs reachable from a CI (`direction` out, in or both), bounded by depth and limit.
    // GraphQL field arguments are the walk's bounds; grouping them would only rename them.
    #[allow(clippy::too_many_arguments)]
    async fn ci_graph(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CiId,
        direction: Option<String>,
        kinds: Option<Vec<String>>,
        depth: Option<u32>,
        limit: Option<u32>,
    ) -> async_graphql::Result<GraphResult> {
        let spec = spec(ctx, direction, kinds, depth, limit)?;
        call!(ctx, ci_traverse(&tenant, id, spec))
    }

    /// What is impacted, transitively, if a CI fails or goes away.
    async fn ci_impact(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CiId,
        kinds: Option<Vec<String>>,
        depth: Option<u32>,
        limit: Option<u32>,
    ) -> async_graphql::Result<GraphResult> {
        let spec = spec(ctx, None, kinds, depth, limit)?;
        call!(ctx, ci_impact(&tenant, id, spec))
    }

    /// A shortest path between two CIs.
    #[allow(clippy::too_many_arguments)]
    async fn ci_path(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        from: CiId,
        to: CiId,
        direction: Option<String>,
        kinds: Option<Vec<String>>,
        depth: Option<u32>,
    ) -> async_graphql::Result<PathResult> {
        let spec = spec(ctx, direction, kinds, depth, None)?;
        call!(ctx, ci_path(&tenant, from, to, spec))
    }
}

/// CMDB mutations.
#[derive(Debug, Default)]
pub struct CmdbGqlMutation;

#[Object]
impl CmdbGqlMutation {
    /// Creates a CI (`tags`: a JSON object of strings).
    #[allow(clippy::too_many_arguments)]
    async fn create_ci(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        class: String,
        name: String,
        state: Option<String>,
        compartment_id: Option<CompartmentId>,
        attributes: Option<Value>,
        tags: Option<Value>,
        external_id: Option<String>,
        provider: Option<String>,
        urn: Option<String>,
    ) -> async_graphql::Result<Ci> {
        let req = CreateCi {
            class,
            name,
            compartment_id,
            state,
            attributes,
            tags: parse_tags(ctx, tags)?.unwrap_or_default(),
            external_id,
            provider,
            urn,
        };
        call!(ctx, create_ci(&tenant, req))
    }

    /// Changes a CI; absent arguments stay as they are (`attributes` merge; `null` removes one).
    #[allow(clippy::too_many_arguments)]
    async fn update_ci(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: CiId,
        name: Option<String>,
        state: Option<String>,
        attributes: Option<Value>,
        tags: Option<Value>,
        compartment_id: Option<CompartmentId>,
        urn: Option<String>,
    ) -> async_graphql::Result<Ci> {
        let req = UpdateCi { name, state, attributes, tags: parse_tags(ctx, tags)?, compartment_id, urn };
        call!(ctx, update_ci(&tenant, id, req))
    }

    /// Soft-deletes a CI and its relationships.
    async fn delete_ci(&self, ctx: &Context<'_>, tenant: String, id: CiId) -> async_graphql::Result<bool> {
        call!(ctx, delete_ci(&tenant, id))?;
        Ok(true)
    }

    /// Relates two CIs (an inverse kind is stored turned around).
    async fn create_relationship(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        kind: String,
        source_id: CiId,
        target_id: CiId,
    ) -> async_graphql::Result<Relationship> {
        call!(ctx, create_relationship(&tenant, CreateRelationship { kind, source_id, target_id }))
    }

    /// Removes a relationship.
    async fn delete_relationship(
        &self,
        ctx: &Context<'_>,
        tenant: String,
        id: RelationshipId,
    ) -> async_graphql::Result<bool> {
        call!(ctx, delete_relationship(&tenant, id))?;
        Ok(true)
    }
}
