//! The semantic layer: the provider-neutral vocabulary every provider maps into and every CMDB
//! class builds on.
//!
//! Owns the categories, the semantic types with their typed property schemas (`types.rs`), the
//! relationship kinds with their inverses and endpoint constraints (`relations.rs`), the
//! provider → semantic mapping table (`mapping.rs`) and the `CloudProvider` trait later
//! provider crates implement (`provider.rs`). Everything here is data plus pure functions: it
//! must not do I/O, know about tenants, or know how the CMDB stores anything.
//!
//! The registry is versioned ([`REGISTRY_VERSION`]): a change that renames or removes a type,
//! property or relationship kind bumps it, because stored CIs and classes refer to them by name.

mod mapping;
mod provider;
mod relations;
mod types;

#[cfg(test)]
mod tests;

pub use mapping::{Concept, MAPPING_VERSION, MAPPINGS, Mapping, ProviderKind, map_resource, mappings_for};
pub use provider::{CloudProvider, CostRecord, DiscoveredResource, ProviderError};
pub use relations::{Endpoint, Propagation, RELATIONSHIP_KINDS, RelationshipKind, relationship_kind};
pub use types::{Category, Property, PropertyError, PropertyType, SEMANTIC_TYPES, SemanticType, semantic_type};

/// Version of the semantic registry (types, properties, relationship kinds).
pub const REGISTRY_VERSION: u32 = 1;
