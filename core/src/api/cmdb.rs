//! Wire types of the CMDB: the semantic registry, CI classes, configuration items with their
//! history, relationships and graph queries, search, and bulk import.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ids::{CiClassId, CiId, CompartmentId, RelationshipId, SavedSearchId, TenantId};

/// One typed property of a semantic type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "SemanticProperty"))]
pub struct SemanticPropertyDto {
    /// Attribute name.
    pub name: String,
    /// `string`, `integer`, `count`, `number`, `boolean`, `ip`, `cidr`, `enum`, `string[]`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "graphql", graphql(name = "type"))]
    pub kind: String,
    /// Allowed values of an `enum`.
    pub values: Vec<String>,
    /// Whether every CI of the type must have it.
    pub required: bool,
    /// What it means.
    pub description: String,
}

/// A semantic type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "SemanticType"))]
pub struct SemanticTypeDto {
    /// Name (`VirtualMachine`).
    pub name: String,
    /// Category (`compute`).
    pub category: String,
    /// What it is.
    pub description: String,
    /// Typed properties.
    pub properties: Vec<SemanticPropertyDto>,
}

/// A relationship kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct RelationshipKindDto {
    /// Forward name (`depends_on`).
    pub name: String,
    /// Inverse name (`depended_on_by`).
    pub inverse: String,
    /// What it means.
    pub description: String,
    /// Allowed source types.
    pub source: String,
    /// Allowed target types.
    pub target: String,
}

/// The semantic registry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SemanticTypeList {
    /// Registry version.
    pub version: u32,
    /// Types, by category.
    pub types: Vec<SemanticTypeDto>,
    /// Relationship kinds.
    pub relationship_kinds: Vec<RelationshipKindDto>,
}

/// One provider → semantic mapping.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "SemanticMapping"))]
pub struct MappingDto {
    /// `proxmox`, `aws`, `azure`, `gcp`, `oci`.
    pub provider: String,
    /// The provider's kind (`ec2:instance`; a trailing `*` matches any suffix).
    pub kind: String,
    /// Semantic type.
    pub semantic_type: String,
    /// `resource` or `tenancy`.
    pub concept: String,
}

/// The mapping table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MappingList {
    /// Table version.
    pub version: u32,
    /// Entries.
    pub mappings: Vec<MappingDto>,
}

impl SemanticTypeList {
    /// The registry compiled into this binary.
    pub fn current() -> Self {
        use crate::semantic::{Endpoint, PropertyType, REGISTRY_VERSION, RELATIONSHIP_KINDS, SEMANTIC_TYPES};
        let endpoint = |e: Endpoint| e.describe();
        Self {
            version: REGISTRY_VERSION,
            types: SEMANTIC_TYPES
                .iter()
                .map(|t| SemanticTypeDto {
                    name: t.name.to_owned(),
                    category: t.category.as_str().to_owned(),
                    description: t.description.to_owned(),
                    properties: t
                        .properties
                        .iter()
                        .map(|p| SemanticPropertyDto {
                            name: p.name.to_owned(),
                            kind: p.kind.name().to_owned(),
                            values: match p.kind {
                                PropertyType::Enum(v) => v.iter().map(|s| (*s).to_owned()).collect(),
                                _ => Vec::new(),
                            },
                            required: p.required,
                            description: p.description.to_owned(),
                        })
                        .collect(),
                })
                .collect(),
            relationship_kinds: RELATIONSHIP_KINDS
                .iter()
                .map(|k| RelationshipKindDto {
                    name: k.name.to_owned(),
                    inverse: k.inverse.to_owned(),
                    description: k.description.to_owned(),
                    source: endpoint(k.source),
                    target: endpoint(k.target),
                })
                .collect(),
        }
    }
}

impl MappingList {
    /// The table compiled into this binary, optionally for one provider.
    pub fn current(provider: Option<crate::semantic::ProviderKind>) -> Self {
        use crate::semantic::{MAPPING_VERSION, mappings_for};
        Self {
            version: MAPPING_VERSION,
            mappings: mappings_for(provider)
                .map(|m| MappingDto {
                    provider: m.provider.as_str().to_owned(),
                    kind: m.kind.to_owned(),
                    semantic_type: m.semantic.to_owned(),
                    concept: m.concept.as_str().to_owned(),
                })
                .collect(),
        }
    }
}

/// A CI class: a system class (one per semantic type) or a tenant's custom class.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CiClass {
    /// Key (`virtualmachine`, `k8s_cluster`): the permission subtype of its CIs.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The semantic type it builds on (relationship constraints use it).
    pub semantic_type: Option<String>,
    /// Whether it is a system class.
    pub system: bool,
    /// JSON Schema of its CIs' attributes.
    pub schema: Value,
    /// Id of a custom class.
    pub id: Option<CiClassId>,
    /// Creation time of a custom class.
    pub created_at: Option<DateTime<Utc>>,
}

/// Classes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CiClassList {
    /// System classes first, then custom ones, by key.
    pub classes: Vec<CiClass>,
}

/// Creates a custom class.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
pub struct CreateCiClass {
    /// Key: lowercase letters, digits and `_`, starting with a letter; not a system class key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is.
    #[serde(default)]
    #[cfg_attr(feature = "graphql", graphql(default))]
    pub description: String,
    /// A semantic type to build on; its properties join the schema.
    #[serde(default)]
    pub semantic_type: Option<String>,
    /// JSON Schema (an object schema) of the attributes.
    #[serde(default)]
    pub schema: Option<Value>,
}

/// A configuration item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Ci {
    /// CI id.
    pub id: CiId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Compartment, if any.
    pub compartment_id: Option<CompartmentId>,
    /// Class key.
    pub class: String,
    /// Name.
    pub name: String,
    /// `planned`, `active`, `maintenance`, `retired` or `deleted`.
    pub state: String,
    /// Attributes, valid against the class schema.
    pub attributes: Value,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// The provider's id (ARN, OCID, Azure resource id): the key of idempotent imports.
    pub external_id: Option<String>,
    /// Provider (`aws`, …).
    pub provider: Option<String>,
    /// Pulumi URN.
    pub urn: Option<String>,
    /// Version, from 1; every change adds one.
    pub version: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// CIs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CiList {
    /// CIs.
    pub cis: Vec<Ci>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Creates a CI.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCi {
    /// Class key.
    pub class: String,
    /// Name.
    pub name: String,
    /// Compartment.
    #[serde(default)]
    pub compartment_id: Option<CompartmentId>,
    /// Initial state: `planned` (default), `active` or `maintenance`.
    #[serde(default)]
    pub state: Option<String>,
    /// Attributes.
    #[serde(default)]
    pub attributes: Option<Value>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Provider id.
    #[serde(default)]
    pub external_id: Option<String>,
    /// Provider.
    #[serde(default)]
    pub provider: Option<String>,
    /// Pulumi URN.
    #[serde(default)]
    pub urn: Option<String>,
}

/// Changes a CI; absent fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCi {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New state (the lifecycle decides which are allowed).
    #[serde(default)]
    pub state: Option<String>,
    /// Attributes to set (merged over the current ones; `null` removes one).
    #[serde(default)]
    pub attributes: Option<Value>,
    /// Tags to replace the current ones.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
    /// Move to this compartment.
    #[serde(default)]
    pub compartment_id: Option<CompartmentId>,
    /// Pulumi URN.
    #[serde(default)]
    pub urn: Option<String>,
}

/// One stored version of a CI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CiVersion {
    /// Version number.
    pub version: i64,
    /// When it became current.
    pub valid_from: DateTime<Utc>,
    /// Who made the change.
    pub actor: String,
    /// The CI as it was.
    pub ci: Ci,
}

/// A CI's versions, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CiHistory {
    /// Versions.
    pub versions: Vec<CiVersion>,
}

/// One changed field between two versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct CiChange {
    /// Path (`attributes/cpu_cores`).
    pub path: String,
    /// Before.
    pub before: Value,
    /// After.
    pub after: Value,
}

/// The difference between two versions of a CI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CiDiff {
    /// CI.
    pub id: CiId,
    /// From version.
    pub from: i64,
    /// To version.
    pub to: i64,
    /// Changed fields.
    pub changes: Vec<CiChange>,
}

/// A relationship.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Relationship {
    /// Relationship id.
    pub id: RelationshipId,
    /// Forward kind (`depends_on`).
    pub kind: String,
    /// Source CI.
    pub source_id: CiId,
    /// Target CI.
    pub target_id: CiId,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Relationships.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelationshipList {
    /// Relationships.
    pub relationships: Vec<Relationship>,
}

/// Creates a relationship. An inverse kind (`depended_on_by`) is stored turned around.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateRelationship {
    /// Kind, forward or inverse.
    pub kind: String,
    /// Source CI.
    pub source_id: CiId,
    /// Target CI.
    pub target_id: CiId,
}

/// A CI reached by a graph query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct GraphNode {
    /// CI id.
    pub id: CiId,
    /// Class key.
    pub class: String,
    /// Name.
    pub name: String,
    /// State.
    pub state: String,
    /// Hops from the start (the start is 0).
    pub depth: u32,
}

/// The result of a traversal or impact analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct GraphResult {
    /// Reached CIs, each once, at its shortest depth, nearest first.
    pub nodes: Vec<GraphNode>,
    /// Relationships between reached CIs that the walk followed.
    pub edges: Vec<Relationship>,
    /// True when `limit` cut the result short.
    pub truncated: bool,
}

/// A shortest path between two CIs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct PathResult {
    /// CIs from start to end; empty when none is within the depth.
    pub nodes: Vec<GraphNode>,
    /// The relationships along it.
    pub edges: Vec<Relationship>,
}

/// A saved search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSearch {
    /// Id.
    pub id: SavedSearchId,
    /// Name, unique per owner.
    pub name: String,
    /// The search query string.
    pub query: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Saved searches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSearchList {
    /// The caller's saved searches.
    pub searches: Vec<SavedSearch>,
}

/// Saves a search.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSavedSearch {
    /// Name.
    pub name: String,
    /// Query string (as `nimbus search` takes it).
    pub query: String,
}

/// What a bulk import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    /// New CIs.
    pub created: u64,
    /// CIs whose stored values changed.
    pub updated: u64,
    /// CIs already exactly as imported (no new version).
    pub unchanged: u64,
    /// Relationships created.
    pub relationships: u64,
}
