//! Relationships and graph queries: typed relationships with inverses, checked against the
//! kind's endpoint constraints; traversal, impact analysis ("what breaks if X goes") and
//! shortest paths.
//!
//! Walks are breadth-first in batches: one query per level and direction over the frontier,
//! a visited set so cycles end, and two bounds the caller chooses (depth and result limit)
//! instead of a fixed depth cap. Each CI appears once, at its shortest distance.

use std::collections::{HashMap, HashSet};

use nimbus_core::api::cmdb::{CreateRelationship, GraphNode, GraphResult, PathResult, Relationship, RelationshipList};
use nimbus_core::audit::Category;
use nimbus_core::ids::{CiId, RelationshipId, TenantId};
use nimbus_core::semantic::{Propagation, RELATIONSHIP_KINDS, relationship_kind};
use serde_json::json;

use super::cis::load_ci;
use super::resolve_class;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::store::cmdb::RelationshipRecord;
use crate::store::{ReadTx, WriteTx};

/// Largest result a walk may ask for.
pub(crate) const MAX_LIMIT: u32 = 100_000;
/// Frontier batch size per query (bounded statement size on both backends).
const BATCH: usize = 1_000;

/// Which way a traversal follows relationships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From source to target.
    Out,
    /// From target to source.
    In,
    /// Both.
    Both,
}

impl Direction {
    /// Parses `out`, `in` or `both`.
    pub fn parse(s: &str) -> ServiceResult<Self> {
        match s.trim() {
            "out" | "" => Ok(Self::Out),
            "in" => Ok(Self::In),
            "both" => Ok(Self::Both),
            other => Err(ServiceError::Invalid { message: format!("direction: {other:?}; use out, in or both") }),
        }
    }
}

/// Bounds and filters of a walk.
#[derive(Debug, Clone)]
pub struct WalkSpec {
    /// Direction (ignored by impact analysis, which follows each kind's propagation).
    pub direction: Direction,
    /// Kinds to follow (forward names; all when empty).
    pub kinds: Vec<String>,
    /// Largest number of hops.
    pub depth: u32,
    /// Largest number of CIs returned (the start excluded).
    pub limit: u32,
}

pub(super) fn rel_dto(r: &RelationshipRecord) -> Relationship {
    Relationship {
        id: r.id,
        kind: r.kind.clone(),
        source_id: r.source_id,
        target_id: r.target_id,
        created_at: r.created_at,
    }
}

fn check_spec(spec: &WalkSpec) -> ServiceResult<Vec<&'static str>> {
    if spec.limit == 0 || spec.limit > MAX_LIMIT {
        return Err(ServiceError::Invalid { message: format!("limit: must be 1 to {MAX_LIMIT}") });
    }
    spec.kinds
        .iter()
        .map(|k| match relationship_kind(k) {
            Some((kind, _)) => Ok(kind.name),
            None => Err(ServiceError::Invalid {
                message: format!("kinds: unknown relationship kind {k:?}; list them with `nimbus semantic types`"),
            }),
        })
        .collect()
}

/// One pass of a level: follow edges leaving (`outgoing`) or arriving at the frontier.
pub(super) struct Pass {
    pub(super) outgoing: bool,
    pub(super) kinds: Vec<&'static str>,
}

/// The breadth-first walk shared by traversal and impact analysis.
pub(super) async fn walk(
    read: &mut dyn ReadTx,
    tenant: TenantId,
    start: i64,
    passes: &[Pass],
    depth: u32,
    limit: u32,
) -> ServiceResult<GraphResult> {
    let mut seen: HashMap<i64, u32> = HashMap::from([(start, 0)]);
    let mut edges: Vec<RelationshipRecord> = Vec::new();
    let mut edge_ids: HashSet<RelationshipId> = HashSet::new();
    let mut frontier = vec![start];
    let mut truncated = false;
    for level in 1..=depth {
        if frontier.is_empty() || truncated {
            break;
        }
        let mut next = Vec::new();
        for pass in passes {
            for chunk in frontier.chunks(BATCH) {
                for e in read.cmdb_edges(tenant, chunk, pass.outgoing, &pass.kinds).await? {
                    let other = if pass.outgoing { e.target_seq } else { e.source_seq };
                    if !seen.contains_key(&other) {
                        if seen.len() > limit as usize {
                            truncated = true;
                            continue;
                        }
                        seen.insert(other, level);
                        next.push(other);
                    }
                    if edge_ids.insert(e.id) {
                        edges.push(e);
                    }
                }
            }
        }
        frontier = next;
    }
    let seqs: Vec<i64> = seen.keys().copied().collect();
    let mut nodes: Vec<GraphNode> = Vec::with_capacity(seqs.len());
    for chunk in seqs.chunks(BATCH) {
        for ci in read.cis_by_seq(tenant, chunk).await? {
            let depth = seen.get(&ci.seq).copied().unwrap_or_default();
            nodes.push(GraphNode { id: ci.id, class: ci.class, name: ci.name, state: ci.state, depth });
        }
    }
    nodes.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id)));
    Ok(GraphResult { nodes, edges: edges.iter().map(rel_dto).collect(), truncated })
}

fn traversal_passes(spec: &WalkSpec, kinds: Vec<&'static str>) -> Vec<Pass> {
    match spec.direction {
        Direction::Out => vec![Pass { outgoing: true, kinds }],
        Direction::In => vec![Pass { outgoing: false, kinds }],
        Direction::Both => vec![Pass { outgoing: true, kinds: kinds.clone() }, Pass { outgoing: false, kinds }],
    }
}

/// Impact follows each kind the way a failure travels: against `ToSource` kinds (A depends on
/// X: X gone → A hit) and along `ToTarget` kinds (X contains A).
pub(super) fn impact_passes(only: &[&'static str]) -> Vec<Pass> {
    let pick = |want: &[Propagation]| -> Vec<&'static str> {
        RELATIONSHIP_KINDS
            .iter()
            .filter(|k| want.contains(&k.propagation) && (only.is_empty() || only.contains(&k.name)))
            .map(|k| k.name)
            .collect()
    };
    let incoming = pick(&[Propagation::ToSource, Propagation::Both]);
    let outgoing = pick(&[Propagation::ToTarget, Propagation::Both]);
    let mut passes = Vec::new();
    if !incoming.is_empty() {
        passes.push(Pass { outgoing: false, kinds: incoming });
    }
    if !outgoing.is_empty() {
        passes.push(Pass { outgoing: true, kinds: outgoing });
    }
    passes
}

/// Impact analysis from `start` without authorization, for callers that authorized already
/// and for the benchmark (`benches/cmdb.rs`), following only `kinds` when given.
pub async fn impact_unchecked(
    read: &mut dyn ReadTx,
    tenant: TenantId,
    start: i64,
    kinds: &[&'static str],
    depth: u32,
    limit: u32,
) -> ServiceResult<GraphResult> {
    walk(read, tenant, start, &impact_passes(kinds), depth, limit).await
}

impl Services {
    async fn graph_read(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
    ) -> ServiceResult<(TenantId, Box<dyn ReadTx>)> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        Ok((tenant, self.store.read(ok.scope()).await?))
    }

    /// CIs reachable from `start`.
    pub async fn ci_traverse(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        start: CiId,
        spec: WalkSpec,
    ) -> ServiceResult<GraphResult> {
        let kinds = check_spec(&spec)?;
        let (tenant, mut read) = self.graph_read(p, rc, tenant).await?;
        let ci = load_ci(read.as_mut(), tenant, start).await?;
        walk(read.as_mut(), tenant, ci.seq, &traversal_passes(&spec, kinds), spec.depth, spec.limit).await
    }

    /// What is impacted, transitively, if `start` fails or goes away.
    pub async fn ci_impact(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        start: CiId,
        spec: WalkSpec,
    ) -> ServiceResult<GraphResult> {
        let kinds = check_spec(&spec)?;
        let (tenant, mut read) = self.graph_read(p, rc, tenant).await?;
        let ci = load_ci(read.as_mut(), tenant, start).await?;
        walk(read.as_mut(), tenant, ci.seq, &impact_passes(&kinds), spec.depth, spec.limit).await
    }

    /// A shortest path from `from` to `to` within `spec.depth` hops.
    pub async fn ci_path(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        from: CiId,
        to: CiId,
        spec: WalkSpec,
    ) -> ServiceResult<PathResult> {
        let kinds = check_spec(&spec)?;
        let (tenant, mut read) = self.graph_read(p, rc, tenant).await?;
        let a = load_ci(read.as_mut(), tenant, from).await?;
        let b = load_ci(read.as_mut(), tenant, to).await?;
        let passes = traversal_passes(&spec, kinds);
        let mut parent: HashMap<i64, Option<RelationshipRecord>> = HashMap::from([(a.seq, None)]);
        let mut frontier = vec![a.seq];
        let mut found = a.seq == b.seq;
        for _ in 0..spec.depth {
            if found || frontier.is_empty() || parent.len() > spec.limit as usize {
                break;
            }
            let mut next = Vec::new();
            for pass in &passes {
                for chunk in frontier.chunks(BATCH) {
                    for e in read.cmdb_edges(tenant, chunk, pass.outgoing, &pass.kinds).await? {
                        let other = if pass.outgoing { e.target_seq } else { e.source_seq };
                        if let std::collections::hash_map::Entry::Vacant(v) = parent.entry(other) {
                            v.insert(Some(e));
                            next.push(other);
                            found |= other == b.seq;
                        }
                    }
                }
            }
            frontier = next;
        }
        if !found {
            return Ok(PathResult { nodes: Vec::new(), edges: Vec::new() });
        }
        let mut seqs = vec![b.seq];
        let mut edges = Vec::new();
        let mut at = b.seq;
        while let Some(Some(e)) = parent.get(&at) {
            at = if e.target_seq == at { e.source_seq } else { e.target_seq };
            edges.push(rel_dto(e));
            seqs.push(at);
        }
        seqs.reverse();
        edges.reverse();
        let by_seq: HashMap<i64, _> = read.cis_by_seq(tenant, &seqs).await?.into_iter().map(|c| (c.seq, c)).collect();
        let nodes = seqs
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                by_seq.get(s).map(|c| GraphNode {
                    id: c.id,
                    class: c.class.clone(),
                    name: c.name.clone(),
                    state: c.state.clone(),
                    depth: u32::try_from(i).unwrap_or(u32::MAX),
                })
            })
            .collect();
        Ok(PathResult { nodes, edges })
    }

    /// The live relationships of a CI, both directions.
    pub async fn ci_relationships(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: CiId,
    ) -> ServiceResult<RelationshipList> {
        let (tenant, mut read) = self.graph_read(p, rc, tenant).await?;
        let ci = load_ci(read.as_mut(), tenant, id).await?;
        let mut rels = read.cmdb_edges(tenant, &[ci.seq], true, &[]).await?;
        rels.extend(read.cmdb_edges(tenant, &[ci.seq], false, &[]).await?);
        rels.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        rels.dedup_by_key(|r| r.id);
        Ok(RelationshipList { relationships: rels.iter().map(rel_dto).collect() })
    }

    /// Relates two CIs.
    pub async fn create_relationship(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreateRelationship,
    ) -> ServiceResult<Relationship> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let (kind, reversed) = relationship_kind(&req.kind).ok_or_else(|| ServiceError::Invalid {
            message: format!("kind: unknown relationship kind {:?}; list them with `nimbus semantic types`", req.kind),
        })?;
        let (source, target) = if reversed { (req.target_id, req.source_id) } else { (req.source_id, req.target_id) };
        if source == target {
            return Err(ServiceError::Invalid { message: "target_id: a CI cannot be related to itself".into() });
        }
        let op = CreateRelOp { tenant, kind: kind.name, source, target, reversed };
        let r = self.pipeline.run(&Caller::User(p.clone()), rc, op).await?;
        Ok(rel_dto(&r))
    }

    /// Removes a relationship.
    pub async fn delete_relationship(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: RelationshipId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        self.pipeline.run(&Caller::User(p.clone()), rc, DeleteRelOp { tenant, id }).await
    }
}

struct CreateRelOp {
    tenant: TenantId,
    kind: &'static str,
    source: CiId,
    target: CiId,
    reversed: bool,
}

impl Operation for CreateRelOp {
    type Output = RelationshipRecord;
    const ACTION: &'static str = "cmdb:relationship:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.relationship.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RelationshipRecord>> {
        // Field names as the caller sent them, even when an inverse kind turned the ends around.
        let (source_field, target_field) =
            if self.reversed { ("target_id", "source_id") } else { ("source_id", "target_id") };
        let live = async |tx: &mut dyn WriteTx, id: CiId, field: &str| match tx.ci(self.tenant, id).await? {
            Some(ci) if ci.deleted_at.is_none() => Ok(ci),
            _ => Err(ServiceError::Invalid {
                message: format!("{field}: no live configuration item {id} in this tenant"),
            }),
        };
        let s = live(tx, self.source, source_field).await?;
        let t = live(tx, self.target, target_field).await?;
        let sc = resolve_class(tx, self.tenant, &s.class).await?;
        let tc = resolve_class(tx, self.tenant, &t.class).await?;
        let (kind, _) =
            relationship_kind(self.kind).ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("kind vanished")))?;
        kind.check(sc.semantic, tc.semantic).map_err(|e| {
            let e = e.replacen("source:", &format!("{source_field}:"), 1).replacen(
                "target:",
                &format!("{target_field}:"),
                1,
            );
            ServiceError::Invalid { message: format!("{e} (class `{}` → `{}`)", sc.key, tc.key) }
        })?;
        let r = RelationshipRecord {
            id: RelationshipId::generate(),
            tenant_id: self.tenant,
            kind: kind.name.to_owned(),
            source_seq: s.seq,
            target_seq: t.seq,
            source_id: s.id,
            target_id: t.id,
            created_at: ctx.now,
        };
        tx.insert_relationship(&r).await.map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => {
                ServiceError::Conflict { message: format!("{} already {} {}", s.id, kind.name, t.id) }
            }
            other => other.into(),
        })?;
        let value = json!({"id": r.id, "kind": r.kind, "source_id": s.id, "target_id": t.id});
        Ok(Applied::new(r.clone())
            .audit(
                AuditDraft::new(self.tenant, "cmdb.relationship.created", Category::Data)
                    .resource("relationship", r.id, Some(format!("{} {} {}", s.name, kind.name, t.name)))
                    .new_value(value.clone()),
            )
            .event(EventDraft::new(self.tenant, "cmdb.relationship.created", value)))
    }
}

struct DeleteRelOp {
    tenant: TenantId,
    id: RelationshipId,
}

impl Operation for DeleteRelOp {
    type Output = ();
    const ACTION: &'static str = "cmdb:relationship:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.relationship.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let r = tx
            .relationship(self.tenant, self.id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: format!("relationship {}", self.id) })?;
        tx.delete_relationship(self.tenant, self.id, ctx.now).await?;
        let value = json!({"id": r.id, "kind": r.kind, "source_id": r.source_id, "target_id": r.target_id});
        Ok(Applied::new(())
            .audit(
                AuditDraft::new(self.tenant, "cmdb.relationship.deleted", Category::Data)
                    .resource("relationship", r.id, None)
                    .old_value(value.clone()),
            )
            .event(EventDraft::new(self.tenant, "cmdb.relationship.deleted", value)))
    }
}
