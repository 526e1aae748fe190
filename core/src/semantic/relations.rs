//! Relationship kinds: names, inverses, which semantic types may sit at each end, and which way
//! a failure propagates (what impact analysis follows).
//!
//! Owns the table and the pure checks over it. Relationships are stored in their forward
//! direction only; an inverse name given on input is turned around here. It must not know how
//! relationships are stored or traversed.

use super::types::{Category, SemanticType};

/// Which semantic types may sit at one end of a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// Any type.
    Any,
    /// A type in one of these categories.
    Categories(&'static [Category]),
    /// One of these types (by name).
    Types(&'static [&'static str]),
}

impl Endpoint {
    /// Whether `t` may sit at this end. A custom class with no semantic type (`None`) fits only
    /// `Any`: constraints are about what a thing is, and such a class does not say.
    pub fn admits(self, t: Option<&SemanticType>) -> bool {
        match (self, t) {
            (Self::Any, _) => true,
            (_, None) => false,
            (Self::Categories(cs), Some(t)) => cs.contains(&t.category),
            (Self::Types(ts), Some(t)) => ts.iter().any(|n| n.eq_ignore_ascii_case(t.name)),
        }
    }

    /// Human-readable description for error messages.
    pub fn describe(self) -> String {
        match self {
            Self::Any => "any type".to_owned(),
            Self::Categories(cs) => {
                format!("a {} type", cs.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(" or "))
            }
            Self::Types(ts) => ts.join(", "),
        }
    }
}

/// Which way a failure travels along a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Propagation {
    /// If the target fails, the source is impacted (A depends_on B: B down → A down).
    ToSource,
    /// If the source fails, the target is impacted (A contains B: A gone → B gone).
    ToTarget,
    /// Both ways (peers).
    Both,
}

/// A typed relationship kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationshipKind {
    /// Forward name (`depends_on`).
    pub name: &'static str,
    /// Inverse name (`depended_on_by`); equal to `name` for symmetric kinds.
    pub inverse: &'static str,
    /// What it means.
    pub description: &'static str,
    /// Allowed source types.
    pub source: Endpoint,
    /// Allowed target types.
    pub target: Endpoint,
    /// Direction of failure propagation.
    pub propagation: Propagation,
}

impl RelationshipKind {
    /// Whether the kind reads the same both ways.
    pub fn is_symmetric(&self) -> bool {
        self.name == self.inverse
    }

    /// Checks both ends; the error names the end that does not fit and what would.
    pub fn check(&self, source: Option<&SemanticType>, target: Option<&SemanticType>) -> Result<(), String> {
        let fits = |end: Endpoint, t: Option<&SemanticType>| end.admits(t);
        if !fits(self.source, source) {
            return Err(format!(
                "source: a `{}` relationship must start at {}, not {}",
                self.name,
                self.source.describe(),
                source.map_or("a class without a semantic type", |t| t.name)
            ));
        }
        if !fits(self.target, target) {
            return Err(format!(
                "target: a `{}` relationship must end at {}, not {}",
                self.name,
                self.target.describe(),
                target.map_or("a class without a semantic type", |t| t.name)
            ));
        }
        Ok(())
    }
}

use Category as C;
use Propagation as P;

/// Every relationship kind: the CMDB kinds and the semantic kinds of REFERENCE §5.
pub const RELATIONSHIP_KINDS: &[RelationshipKind] = &[
    RelationshipKind {
        name: "contains",
        inverse: "contained_by",
        description: "the source holds the target (a network contains a subnet)",
        source: Endpoint::Any,
        target: Endpoint::Any,
        propagation: P::ToTarget,
    },
    RelationshipKind {
        name: "owns",
        inverse: "belongs_to",
        description: "the source is the owner of the target",
        source: Endpoint::Any,
        target: Endpoint::Any,
        propagation: P::ToTarget,
    },
    RelationshipKind {
        name: "connects_to",
        inverse: "connected_from",
        description: "the source opens connections to the target",
        source: Endpoint::Any,
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "depends_on",
        inverse: "depended_on_by",
        description: "the source needs the target to work",
        source: Endpoint::Any,
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "uses",
        inverse: "used_by",
        description: "the source consumes the target",
        source: Endpoint::Any,
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "secures",
        inverse: "secured_by",
        description: "the source protects the target",
        source: Endpoint::Categories(&[C::Security]),
        target: Endpoint::Any,
        propagation: P::ToTarget,
    },
    RelationshipKind {
        name: "monitors",
        inverse: "monitored_by",
        description: "the source watches the target",
        source: Endpoint::Categories(&[C::Monitoring]),
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "backs_up",
        inverse: "backed_up_by",
        description: "the source is a backup of the target",
        source: Endpoint::Types(&["Backup", "ObjectStorage", "BlockStorage"]),
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "attached_to",
        inverse: "has_attached",
        description: "the source is attached to the target (a disk to a VM)",
        source: Endpoint::Types(&[
            "BlockStorage",
            "NetworkInterface",
            "SecurityGroup",
            "NetworkACL",
            "Certificate",
            "IAMPolicy",
            "FileStorage",
        ]),
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "routes_to",
        inverse: "routed_from",
        description: "the source sends traffic to the target",
        source: Endpoint::Types(&["LoadBalancer", "DNS", "CDN", "VPNGateway", "Endpoint"]),
        target: Endpoint::Any,
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "hosts_in",
        inverse: "hosts",
        description: "the source runs inside the target (a VM in a subnet or on a node)",
        source: Endpoint::Categories(&[C::Compute, C::Database, C::Application, C::Network, C::Storage]),
        target: Endpoint::Types(&[
            "VirtualNetwork",
            "Subnet",
            "BareMetalServer",
            "VirtualMachine",
            "Container",
            "CloudRegion",
            "CloudTenancy",
            "CloudCompartment",
        ]),
        propagation: P::ToSource,
    },
    RelationshipKind {
        name: "peers_with",
        inverse: "peers_with",
        description: "two networks exchange traffic directly",
        source: Endpoint::Types(&["VirtualNetwork", "VPNGateway"]),
        target: Endpoint::Types(&["VirtualNetwork", "VPNGateway"]),
        propagation: P::Both,
    },
    RelationshipKind {
        name: "allocates_from",
        inverse: "allocated_to",
        description: "the source takes its addresses from the target",
        source: Endpoint::Any,
        target: Endpoint::Types(&["AddressPool", "Subnet", "VirtualNetwork"]),
        propagation: P::ToSource,
    },
];

/// The kind named `name`, forward or inverse. The flag is true when `name` was the inverse, so
/// the caller must swap source and target to store the forward direction.
pub fn relationship_kind(name: &str) -> Option<(&'static RelationshipKind, bool)> {
    let name = name.trim();
    RELATIONSHIP_KINDS.iter().find_map(|k| {
        if k.name.eq_ignore_ascii_case(name) {
            Some((k, false))
        } else if k.inverse.eq_ignore_ascii_case(name) {
            Some((k, true))
        } else {
            None
        }
    })
}
