//! The CMDB over `/api/v1/tenants/{t}/cmdb/…` (the routes of `nimbus ci …` and `nimbus search`):
//! search, a CI with its history and its neighbours (a one-hop graph walk, so one call names
//! every CI at the other end), and impact analysis.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use nimbus_core::api::cmdb::{Ci, CiVersion as WireVersion, GraphNode, GraphResult};
use nimbus_core::client::WalkQuery;
use nimbus_core::ids::CiId;
use serde_json::Value;

use super::{Daemon, failed};
use crate::sources::{
    CiDetail, CiSummary, CiVersion, CmdbSource, Direction, Impacted, Relationship, SourceError, SourceResult,
};

/// Search results shown.
const RESULTS: u32 = 200;
/// Neighbours shown in a CI's detail.
const NEIGHBOURS: u32 = 200;

pub(crate) fn summary(c: &Ci) -> CiSummary {
    CiSummary { id: c.id.to_string(), class: c.class.clone(), name: c.name.clone(), updated_at: Some(c.updated_at) }
}

fn node(n: &GraphNode) -> CiSummary {
    CiSummary { id: n.id.to_string(), class: n.class.clone(), name: n.name.clone(), updated_at: None }
}

/// What changed from `before` to `after`, in one line.
pub(crate) fn change(before: Option<&Ci>, after: &Ci) -> String {
    let Some(before) = before else { return "created".to_owned() };
    if after.deleted_at.is_some() && before.deleted_at.is_none() {
        return "deleted".to_owned();
    }
    let mut parts = Vec::new();
    if before.name != after.name {
        parts.push(format!("name {} → {}", before.name, after.name));
    }
    if before.state != after.state {
        parts.push(format!("state {} → {}", before.state, after.state));
    }
    let empty = serde_json::Map::new();
    let (a, b) = (before.attributes.as_object().unwrap_or(&empty), after.attributes.as_object().unwrap_or(&empty));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) if x == y => {}
            (_, Some(y)) => parts.push(format!("{k}={y}")),
            (Some(_), None) => parts.push(format!("-{k}")),
            (None, None) => {}
        }
    }
    if before.tags != after.tags {
        parts.push("tags".to_owned());
    }
    if parts.is_empty() { "no change".to_owned() } else { parts.join(", ") }
}

/// Versions newest first, each with what it changed.
pub(crate) fn versions(mut list: Vec<WireVersion>) -> Vec<CiVersion> {
    list.sort_by_key(|v| v.version);
    let mut out: Vec<CiVersion> = list
        .iter()
        .enumerate()
        .map(|(i, v)| CiVersion {
            version: u64::try_from(v.version).unwrap_or_default(),
            at: v.valid_from,
            actor: v.actor.clone(),
            change: change(i.checked_sub(1).map(|j| &list[j].ci), &v.ci),
        })
        .collect();
    out.reverse();
    out
}

/// The relationships of `id` from a one-hop walk both ways.
pub(crate) fn relationships(id: CiId, walk: &GraphResult) -> Vec<Relationship> {
    let nodes: HashMap<CiId, &GraphNode> = walk.nodes.iter().map(|n| (n.id, n)).collect();
    walk.edges
        .iter()
        .filter_map(|e| {
            let (direction, other) = if e.source_id == id {
                (Direction::Outgoing, e.target_id)
            } else if e.target_id == id {
                (Direction::Incoming, e.source_id)
            } else {
                return None;
            };
            Some(Relationship { kind: e.kind.clone(), direction, other: node(nodes.get(&other)?) })
        })
        .collect()
}

/// The CIs an impact walk reached, each with the relationship type that reached it.
pub(crate) fn impacted(walk: &GraphResult) -> Vec<Impacted> {
    let depth: HashMap<CiId, u32> = walk.nodes.iter().map(|n| (n.id, n.depth)).collect();
    walk.nodes
        .iter()
        .filter(|n| n.depth > 0)
        .map(|n| {
            let via = walk
                .edges
                .iter()
                .find(|e| {
                    let other = if e.source_id == n.id { e.target_id } else { e.source_id };
                    (e.source_id == n.id || e.target_id == n.id) && depth.get(&other) == Some(&(n.depth - 1))
                })
                .map(|e| e.kind.clone())
                .unwrap_or_default();
            Impacted { depth: n.depth, via, ci: node(n) }
        })
        .collect()
}

fn attributes(v: &Value) -> BTreeMap<String, Value> {
    match v {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Value::Null => BTreeMap::new(),
        other => BTreeMap::from([("value".to_owned(), other.clone())]),
    }
}

fn ci_id(id: &str) -> SourceResult<CiId> {
    id.parse().map_err(|_| SourceError::Failed(format!("{id:?} is not a configuration item id")))
}

/// `:cmdb`.
#[derive(Debug)]
pub(super) struct Cmdb(pub(super) Daemon);

#[async_trait]
impl CmdbSource for Cmdb {
    async fn search(&self, query: &str) -> SourceResult<Vec<CiSummary>> {
        let tenant = self.0.tenant().await?;
        let list =
            self.0.client.search_cis(&tenant, query, Some(RESULTS), None).await.map_err(|e| failed("the CMDB", &e))?;
        let mut cis: Vec<&Ci> = list.cis.iter().collect();
        if query.trim().is_empty() {
            // No query: the recently changed first.
            cis.sort_by_key(|c| std::cmp::Reverse(c.updated_at));
        }
        Ok(cis.into_iter().map(summary).collect())
    }

    async fn ci(&self, id: &str) -> SourceResult<CiDetail> {
        let tenant = self.0.tenant().await?;
        let id = ci_id(id)?;
        let c = &self.0.client;
        let walk =
            WalkQuery { direction: Some("both".to_owned()), kinds: None, depth: Some(1), limit: Some(NEIGHBOURS) };
        let (ci, history, graph) =
            tokio::join!(c.ci(&tenant, id, None), c.ci_history(&tenant, id), c.ci_walk(&tenant, id, false, &walk));
        let ci = ci.map_err(|e| failed("the CMDB", &e))?;
        let history = history.map_err(|e| failed("the CMDB", &e))?;
        let graph = graph.map_err(|e| failed("the CMDB", &e))?;
        Ok(CiDetail {
            ci: summary(&ci),
            attributes: attributes(&ci.attributes),
            versions: versions(history.versions),
            relationships: relationships(id, &graph),
        })
    }

    async fn impact(&self, id: &str) -> SourceResult<Vec<Impacted>> {
        let tenant = self.0.tenant().await?;
        let id = ci_id(id)?;
        let graph = self
            .0
            .client
            .ci_walk(&tenant, id, true, &WalkQuery::default())
            .await
            .map_err(|e| failed("the CMDB", &e))?;
        Ok(impacted(&graph))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use serde_json::json;

    use super::*;

    const A: &str = "0193a000-0000-7000-8000-0000000000e1";
    const B: &str = "0193a000-0000-7000-8000-0000000000e2";
    const C: &str = "0193a000-0000-7000-8000-0000000000e3";

    fn ci(name: &str, state: &str, attributes: Value) -> Ci {
        serde_json::from_value(json!({
            "id": A, "tenant_id": "0193a000-0000-7000-8000-0000000000a1", "compartment_id": null,
            "class": "VirtualMachine", "name": name, "state": state, "attributes": attributes, "tags": {},
            "external_id": null, "provider": null, "urn": null, "version": 1,
            "created_at": "2026-12-05T08:00:00Z", "updated_at": "2026-12-05T08:30:00Z", "deleted_at": null
        }))
        .unwrap()
    }

    fn edge(id: u8, kind: &str, source: &str, target: &str) -> Value {
        json!({"id": format!("0193a000-0000-7000-8000-0000000000f{id}"), "kind": kind,
               "source_id": source, "target_id": target, "created_at": "2026-12-05T08:00:00Z"})
    }

    #[test]
    fn versions_say_what_changed_newest_first() {
        let v = |n: i64, c: Ci| json!({"version": n, "valid_from": format!("2026-12-05T08:0{n}:00Z"), "actor": "admin@example.com", "ci": c});
        let list: Vec<WireVersion> = serde_json::from_value(json!([
            v(2, ci("web-1", "active", json!({"cpu": 4, "zone": "a"}))),
            v(1, ci("web-1", "planned", json!({"cpu": 2, "zone": "a", "old": true}))),
        ]))
        .unwrap();
        let out = versions(list);
        assert_eq!(out.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(out[0].change, "state planned → active, cpu=4, -old");
        assert_eq!(out[1].change, "created");
        assert_eq!(out[0].actor, "admin@example.com");
    }

    #[test]
    fn a_one_hop_walk_gives_relationships_both_ways() {
        let walk: GraphResult = serde_json::from_value(json!({
            "nodes": [
                {"id": A, "class": "VirtualMachine", "name": "web-1", "state": "active", "depth": 0},
                {"id": B, "class": "Network", "name": "prod-vpc", "state": "active", "depth": 1},
                {"id": C, "class": "Application", "name": "shop", "state": "active", "depth": 1}
            ],
            "edges": [edge(1, "connected_to", A, B), edge(2, "runs_on", C, A)],
            "truncated": false
        }))
        .unwrap();
        let rels = relationships(A.parse().unwrap(), &walk);
        assert_eq!(rels.len(), 2);
        assert_eq!(
            (rels[0].kind.as_str(), rels[0].direction, rels[0].other.name.as_str()),
            ("connected_to", Direction::Outgoing, "prod-vpc")
        );
        assert_eq!(
            (rels[1].kind.as_str(), rels[1].direction, rels[1].other.name.as_str()),
            ("runs_on", Direction::Incoming, "shop")
        );
        assert_eq!(rels[1].other.updated_at, None);
    }

    #[test]
    fn impact_names_the_relationship_that_reached_each_ci() {
        let walk: GraphResult = serde_json::from_value(json!({
            "nodes": [
                {"id": A, "class": "Network", "name": "prod-vpc", "state": "active", "depth": 0},
                {"id": B, "class": "VirtualMachine", "name": "web-1", "state": "active", "depth": 1},
                {"id": C, "class": "Application", "name": "shop", "state": "active", "depth": 2}
            ],
            "edges": [edge(1, "connected_to", B, A), edge(2, "runs_on", C, B)],
            "truncated": false
        }))
        .unwrap();
        let hit = impacted(&walk);
        let seen: Vec<(u32, &str, &str)> = hit.iter().map(|i| (i.depth, i.ci.name.as_str(), i.via.as_str())).collect();
        assert_eq!(seen, [(1, "web-1", "connected_to"), (2, "shop", "runs_on")]);
    }

    #[test]
    fn attributes_are_the_object_fields() {
        assert_eq!(attributes(&json!({"cpu": 2})).get("cpu"), Some(&json!(2)));
        assert!(attributes(&Value::Null).is_empty());
        assert_eq!(attributes(&json!([1])).get("value"), Some(&json!([1])));
        assert_eq!(
            summary(&ci("web-1", "active", json!({}))).updated_at.unwrap().to_rfc3339(),
            "2026-12-05T08:30:00+00:00"
        );
    }
}
