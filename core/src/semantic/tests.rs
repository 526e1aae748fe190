//! Table-driven checks of the semantic registry, relationship kinds and mapping table.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use super::*;

#[test]
fn type_names_are_unique_and_pascal_case() {
    let mut seen = HashSet::new();
    for t in SEMANTIC_TYPES {
        assert!(seen.insert(t.key()), "duplicate type {}", t.name);
        assert!(t.name.chars().next().is_some_and(|c| c.is_ascii_uppercase()), "{}", t.name);
        assert!(t.name.chars().all(|c| c.is_ascii_alphanumeric()), "{}", t.name);
        let mut props = HashSet::new();
        for p in t.properties {
            assert!(props.insert(p.name), "{}.{} twice", t.name, p.name);
            assert!(p.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{}", p.name);
        }
    }
}

#[test]
fn every_category_of_the_reference_is_populated() {
    for (cat, expected) in [
        (Category::Compute, &["VirtualMachine", "Container", "ServerlessFunction", "BareMetalServer"][..]),
        (
            Category::Network,
            &["VirtualNetwork", "Subnet", "NetworkInterface", "LoadBalancer", "DNS", "CDN", "VPNGateway"][..],
        ),
        (Category::Storage, &["BlockStorage", "ObjectStorage", "FileStorage", "Backup"][..]),
        (Category::Database, &["RelationalDatabase", "NoSQLDatabase", "CacheService", "DataWarehouse"][..]),
        (
            Category::Security,
            &["SecurityGroup", "NetworkACL", "IAMRole", "IAMPolicy", "Certificate", "Secret", "KeyVault"][..],
        ),
        (Category::Monitoring, &["AlertRule", "Dashboard", "LogGroup", "Metric"][..]),
        (Category::Application, &["Application", "Service", "Endpoint", "Queue"][..]),
        (Category::Tenancy, &["CloudTenancy", "CloudCompartment", "CloudRegion", "AddressPool"][..]),
    ] {
        for name in expected {
            let t = semantic_type(name).unwrap_or_else(|| panic!("{name} missing"));
            assert_eq!(t.category, cat, "{name}");
        }
    }
}

#[test]
fn lookups_are_case_insensitive() {
    for (input, found) in [
        ("virtualmachine", Some("VirtualMachine")),
        ("VIRTUALMACHINE", Some("VirtualMachine")),
        ("dns", Some("DNS")),
        ("Mainframe", None),
        ("", None),
    ] {
        assert_eq!(semantic_type(input).map(|t| t.name), found, "{input}");
    }
    for (input, found) in [("compute", Some(Category::Compute)), ("Tenancy", Some(Category::Tenancy)), ("x", None)] {
        assert_eq!(Category::parse(input), found, "{input}");
    }
}

#[test]
fn json_schema_types_each_property_and_lists_required_ones() {
    let subnet = semantic_type("Subnet").unwrap().json_schema();
    assert_eq!(subnet["type"], "object");
    assert_eq!(subnet["required"], serde_json::json!(["cidr"]));
    assert_eq!(subnet["properties"]["cidr"]["type"], "string");
    let vm = semantic_type("VirtualMachine").unwrap().json_schema();
    assert_eq!(vm["properties"]["cpu_cores"]["minimum"], 0);
    assert_eq!(vm["properties"]["power_state"]["enum"][0], "running");
    assert_eq!(vm["required"], serde_json::json!([]));
    for t in SEMANTIC_TYPES {
        let s = t.json_schema();
        assert_eq!(s["properties"].as_object().map(|o| o.len()), Some(t.properties.len()), "{}", t.name);
    }
}

#[test]
fn relationship_names_and_inverses_are_unique() {
    let mut seen = HashSet::new();
    for k in RELATIONSHIP_KINDS {
        assert!(seen.insert(k.name), "{} twice", k.name);
        if !k.is_symmetric() {
            assert!(seen.insert(k.inverse), "{} twice", k.inverse);
        }
    }
    for name in [
        "contains",
        "connects_to",
        "depends_on",
        "attached_to",
        "routes_to",
        "secures",
        "monitors",
        "backs_up",
        "hosts_in",
        "peers_with",
        "allocates_from",
        "belongs_to",
        "owns",
        "uses",
        "used_by",
        "contained_by",
        "depended_on_by",
        "connected_from",
        "secured_by",
        "monitored_by",
        "backed_up_by",
    ] {
        assert!(relationship_kind(name).is_some(), "{name}");
    }
}

#[test]
fn inverse_names_resolve_to_the_forward_kind_reversed() {
    for (input, forward, reversed) in [
        ("depends_on", "depends_on", false),
        ("depended_on_by", "depends_on", true),
        ("belongs_to", "owns", true),
        ("Contained_By", "contains", true),
        ("peers_with", "peers_with", false),
    ] {
        let (k, rev) = relationship_kind(input).unwrap();
        assert_eq!((k.name, rev), (forward, reversed), "{input}");
    }
    assert!(relationship_kind("likes").is_none());
}

#[test]
fn relationship_constraints_check_each_end() {
    let t = |n: &str| semantic_type(n);
    for (kind, source, target, ok) in [
        ("depends_on", Some("Application"), Some("RelationalDatabase"), true),
        ("depends_on", None, None, true),
        ("attached_to", Some("BlockStorage"), Some("VirtualMachine"), true),
        ("attached_to", Some("VirtualMachine"), Some("BlockStorage"), false),
        ("secures", Some("SecurityGroup"), Some("VirtualMachine"), true),
        ("secures", Some("VirtualMachine"), Some("SecurityGroup"), false),
        ("hosts_in", Some("VirtualMachine"), Some("Subnet"), true),
        ("hosts_in", Some("VirtualMachine"), Some("Queue"), false),
        ("peers_with", Some("VirtualNetwork"), Some("VirtualNetwork"), true),
        ("peers_with", Some("VirtualNetwork"), Some("Subnet"), false),
        ("peers_with", None, Some("VirtualNetwork"), false),
        ("allocates_from", Some("NetworkInterface"), Some("AddressPool"), true),
        ("monitors", Some("AlertRule"), Some("VirtualMachine"), true),
        ("monitors", Some("Dashboard"), Some("LoadBalancer"), true),
        ("monitors", Some("Queue"), Some("LoadBalancer"), false),
        ("backs_up", Some("Backup"), Some("RelationalDatabase"), true),
        ("routes_to", Some("LoadBalancer"), Some("VirtualMachine"), true),
        ("routes_to", Some("Subnet"), Some("VirtualMachine"), false),
    ] {
        let (k, _) = relationship_kind(kind).unwrap();
        let source = source.map(|n| t(n).unwrap());
        let target = target.map(|n| t(n).unwrap());
        assert_eq!(k.check(source, target).is_ok(), ok, "{kind} {source:?} -> {target:?}");
    }
    let (k, _) = relationship_kind("attached_to").unwrap();
    let err = k.check(t("VirtualMachine"), t("Subnet")).unwrap_err();
    assert!(err.starts_with("source:"), "{err}");
    let (k, _) = relationship_kind("hosts_in").unwrap();
    let err = k.check(t("VirtualMachine"), t("Queue")).unwrap_err();
    assert!(err.starts_with("target:") && err.contains("Queue"), "{err}");
}

#[test]
fn every_mapping_names_a_registered_type_and_is_unique() {
    let mut seen = HashSet::new();
    for m in MAPPINGS {
        assert!(m.semantic_type().is_some(), "{:?} {} -> {}", m.provider, m.kind, m.semantic);
        assert!(seen.insert((m.provider, m.kind.to_ascii_lowercase())), "{:?} {} twice", m.provider, m.kind);
    }
    for p in ProviderKind::ALL {
        assert!(mappings_for(Some(p)).count() >= 10, "{p:?} has few mappings");
        assert!(mappings_for(Some(p)).any(|m| m.concept == Concept::Tenancy), "{p:?} maps no tenancy concept");
        assert_eq!(ProviderKind::parse(p.as_str()), Some(p));
    }
    assert_eq!(mappings_for(None).count(), MAPPINGS.len());
}

#[test]
fn provider_kinds_map_to_the_reference_types() {
    use ProviderKind::*;
    for (provider, kind, expected) in [
        (Aws, "ec2:instance", Some("VirtualMachine")),
        (Aws, "EC2:Instance", Some("VirtualMachine")),
        (Aws, "ec2:vpc", Some("VirtualNetwork")),
        (Aws, "s3:bucket", Some("ObjectStorage")),
        (Aws, "rds:db", Some("RelationalDatabase")),
        (Aws, "organizations:account", Some("CloudTenancy")),
        (Aws, "organizations:ou", Some("CloudCompartment")),
        (Aws, "qemu", None),
        (Azure, "Microsoft.Compute/virtualMachines", Some("VirtualMachine")),
        (Azure, "microsoft.network/virtualnetworks", Some("VirtualNetwork")),
        (Azure, "Microsoft.Resources/subscriptions", Some("CloudTenancy")),
        (Azure, "Microsoft.Resources/resourceGroups", Some("CloudCompartment")),
        (Azure, "Microsoft.Management/managementGroups", Some("CloudCompartment")),
        (Gcp, "compute.googleapis.com/Instance", Some("VirtualMachine")),
        (Gcp, "compute.googleapis.com/Network", Some("VirtualNetwork")),
        (Gcp, "cloudresourcemanager.googleapis.com/Project", Some("CloudTenancy")),
        (Gcp, "cloudresourcemanager.googleapis.com/Folder", Some("CloudCompartment")),
        (Oci, "core/instance", Some("VirtualMachine")),
        (Oci, "core/vcn", Some("VirtualNetwork")),
        (Oci, "identity/compartment", Some("CloudCompartment")),
        (Oci, "identity/tenancy", Some("CloudTenancy")),
        (Proxmox, "qemu", Some("VirtualMachine")),
        (Proxmox, "lxc", Some("Container")),
        (Proxmox, "vmbr0", Some("VirtualNetwork")),
        (Proxmox, "vmbr12", Some("VirtualNetwork")),
        (Proxmox, "sdn/vnet", Some("VirtualNetwork")),
        (Proxmox, "storage", Some("BlockStorage")),
        (Proxmox, "pool", Some("CloudCompartment")),
        (Proxmox, "datacenter", Some("CloudTenancy")),
        (Proxmox, "node", Some("BareMetalServer")),
        (Proxmox, "vmb", None),
        (Proxmox, "", None),
    ] {
        assert_eq!(map_resource(provider, kind).map(|m| m.semantic), expected, "{provider:?} {kind:?}");
    }
}

#[test]
fn tenancy_concepts_map_to_tenancy_types() {
    for m in MAPPINGS.iter().filter(|m| m.concept == Concept::Tenancy) {
        assert_eq!(m.semantic_type().map(|t| t.category), Some(Category::Tenancy), "{}", m.kind);
    }
}

#[test]
fn the_trait_maps_through_the_shared_table() {
    struct Fake;
    impl CloudProvider for Fake {
        fn kind(&self) -> ProviderKind {
            ProviderKind::Oci
        }
        async fn validate_credentials(&self) -> Result<(), ProviderError> {
            Ok(())
        }
        async fn list_resources(&self) -> Result<Vec<DiscoveredResource>, ProviderError> {
            Ok(Vec::new())
        }
        async fn get_resource(&self, id: &str) -> Result<DiscoveredResource, ProviderError> {
            Err(ProviderError::NotFound(id.to_owned()))
        }
        async fn cost_data(
            &self,
            _: chrono::DateTime<chrono::Utc>,
            _: chrono::DateTime<chrono::Utc>,
        ) -> Result<Vec<CostRecord>, ProviderError> {
            Ok(Vec::new())
        }
    }
    let r = DiscoveredResource {
        kind: "core/vcn".into(),
        external_id: "ocid1.vcn.oc1..x".into(),
        name: "main".into(),
        region: None,
        attributes: serde_json::json!({}),
        tags: Default::default(),
    };
    assert_eq!(Fake.map_to_semantic(&r).map(|m| m.semantic), Some("VirtualNetwork"));
}
