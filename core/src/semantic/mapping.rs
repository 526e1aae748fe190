//! The provider → semantic mapping table: which provider resource kinds and tenancy concepts
//! become which semantic type.
//!
//! Owns the table ([`MAPPINGS`], versioned by [`MAPPING_VERSION`]) and lookups over it. Provider
//! implementations report resources with their native kind string and call [`map_resource`];
//! they must not keep their own mapping. This module must not call any provider.

use super::types::{SemanticType, semantic_type};

/// Version of the mapping table; bumped when an entry changes meaning or disappears.
pub const MAPPING_VERSION: u32 = 1;

/// A cloud or virtualisation provider Nimbus maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProviderKind {
    /// Proxmox VE.
    Proxmox,
    /// Amazon Web Services.
    Aws,
    /// Microsoft Azure.
    Azure,
    /// Google Cloud.
    Gcp,
    /// Oracle Cloud Infrastructure.
    Oci,
}

impl ProviderKind {
    /// Every provider, in display order.
    pub const ALL: [Self; 5] = [Self::Proxmox, Self::Aws, Self::Azure, Self::Gcp, Self::Oci];

    /// Stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Proxmox => "proxmox",
            Self::Aws => "aws",
            Self::Azure => "azure",
            Self::Gcp => "gcp",
            Self::Oci => "oci",
        }
    }

    /// Parses [`as_str`](Self::as_str), case-insensitively.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Whether a mapped kind is a resource or a tenancy concept (a container of resources that may
/// also map to a Nimbus compartment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concept {
    /// A resource that becomes a CI.
    Resource,
    /// An account, folder, group or pool: becomes a tenancy CI and may back a compartment.
    Tenancy,
}

impl Concept {
    /// Stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Resource => "resource",
            Self::Tenancy => "tenancy",
        }
    }
}

/// One entry of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    /// The provider.
    pub provider: ProviderKind,
    /// The provider's own name of the kind (`ec2:instance`, `Microsoft.Compute/virtualMachines`).
    /// A trailing `*` matches any suffix (Proxmox bridges are `vmbr0`, `vmbr1`, …).
    pub kind: &'static str,
    /// The semantic type name.
    pub semantic: &'static str,
    /// Resource or tenancy concept.
    pub concept: Concept,
}

impl Mapping {
    /// The semantic type (the table is tested to name only registered types).
    pub fn semantic_type(&self) -> Option<&'static SemanticType> {
        semantic_type(self.semantic)
    }

    fn matches(&self, kind: &str) -> bool {
        match self.kind.strip_suffix('*') {
            Some(prefix) => kind.len() >= prefix.len() && kind[..prefix.len()].eq_ignore_ascii_case(prefix),
            None => self.kind.eq_ignore_ascii_case(kind),
        }
    }
}

const fn r(provider: ProviderKind, kind: &'static str, semantic: &'static str) -> Mapping {
    Mapping { provider, kind, semantic, concept: Concept::Resource }
}

const fn t(provider: ProviderKind, kind: &'static str, semantic: &'static str) -> Mapping {
    Mapping { provider, kind, semantic, concept: Concept::Tenancy }
}

use ProviderKind::{Aws, Azure, Gcp, Oci, Proxmox};

/// The mapping table. Exact kinds come before prefix patterns of the same provider, and the
/// first match wins.
pub const MAPPINGS: &[Mapping] = &[
    // Proxmox VE
    r(Proxmox, "qemu", "VirtualMachine"),
    r(Proxmox, "lxc", "Container"),
    r(Proxmox, "node", "BareMetalServer"),
    r(Proxmox, "sdn/vnet", "VirtualNetwork"),
    r(Proxmox, "sdn/subnet", "Subnet"),
    r(Proxmox, "storage", "BlockStorage"),
    r(Proxmox, "volume", "BlockStorage"),
    r(Proxmox, "backup", "Backup"),
    r(Proxmox, "firewall/group", "SecurityGroup"),
    r(Proxmox, "vmbr*", "VirtualNetwork"),
    t(Proxmox, "datacenter", "CloudTenancy"),
    t(Proxmox, "pool", "CloudCompartment"),
    // AWS
    r(Aws, "ec2:instance", "VirtualMachine"),
    r(Aws, "ec2:vpc", "VirtualNetwork"),
    r(Aws, "ec2:subnet", "Subnet"),
    r(Aws, "ec2:network-interface", "NetworkInterface"),
    r(Aws, "ec2:volume", "BlockStorage"),
    r(Aws, "ec2:snapshot", "Backup"),
    r(Aws, "ec2:security-group", "SecurityGroup"),
    r(Aws, "ec2:network-acl", "NetworkACL"),
    r(Aws, "ec2:vpn-gateway", "VPNGateway"),
    r(Aws, "ec2:ipam-pool", "AddressPool"),
    r(Aws, "elasticloadbalancing:loadbalancer", "LoadBalancer"),
    r(Aws, "route53:hostedzone", "DNS"),
    r(Aws, "cloudfront:distribution", "CDN"),
    r(Aws, "s3:bucket", "ObjectStorage"),
    r(Aws, "elasticfilesystem:file-system", "FileStorage"),
    r(Aws, "rds:db", "RelationalDatabase"),
    r(Aws, "dynamodb:table", "NoSQLDatabase"),
    r(Aws, "elasticache:cluster", "CacheService"),
    r(Aws, "redshift:cluster", "DataWarehouse"),
    r(Aws, "lambda:function", "ServerlessFunction"),
    r(Aws, "ecs:task", "Container"),
    r(Aws, "iam:role", "IAMRole"),
    r(Aws, "iam:policy", "IAMPolicy"),
    r(Aws, "acm:certificate", "Certificate"),
    r(Aws, "secretsmanager:secret", "Secret"),
    r(Aws, "kms:key", "KeyVault"),
    r(Aws, "cloudwatch:alarm", "AlertRule"),
    r(Aws, "cloudwatch:dashboard", "Dashboard"),
    r(Aws, "logs:log-group", "LogGroup"),
    r(Aws, "sqs:queue", "Queue"),
    r(Aws, "region", "CloudRegion"),
    t(Aws, "organizations:account", "CloudTenancy"),
    t(Aws, "organizations:ou", "CloudCompartment"),
    // Azure
    r(Azure, "Microsoft.Compute/virtualMachines", "VirtualMachine"),
    r(Azure, "Microsoft.Compute/disks", "BlockStorage"),
    r(Azure, "Microsoft.Compute/snapshots", "Backup"),
    r(Azure, "Microsoft.Network/virtualNetworks", "VirtualNetwork"),
    r(Azure, "Microsoft.Network/virtualNetworks/subnets", "Subnet"),
    r(Azure, "Microsoft.Network/networkInterfaces", "NetworkInterface"),
    r(Azure, "Microsoft.Network/loadBalancers", "LoadBalancer"),
    r(Azure, "Microsoft.Network/dnsZones", "DNS"),
    r(Azure, "Microsoft.Network/networkSecurityGroups", "SecurityGroup"),
    r(Azure, "Microsoft.Network/virtualNetworkGateways", "VPNGateway"),
    r(Azure, "Microsoft.Network/publicIPPrefixes", "AddressPool"),
    r(Azure, "Microsoft.Cdn/profiles", "CDN"),
    r(Azure, "Microsoft.Storage/storageAccounts", "ObjectStorage"),
    r(Azure, "Microsoft.Sql/servers/databases", "RelationalDatabase"),
    r(Azure, "Microsoft.DBforPostgreSQL/flexibleServers", "RelationalDatabase"),
    r(Azure, "Microsoft.DocumentDB/databaseAccounts", "NoSQLDatabase"),
    r(Azure, "Microsoft.Cache/redis", "CacheService"),
    r(Azure, "Microsoft.Synapse/workspaces", "DataWarehouse"),
    r(Azure, "Microsoft.Web/sites/functions", "ServerlessFunction"),
    r(Azure, "Microsoft.ContainerInstance/containerGroups", "Container"),
    r(Azure, "Microsoft.KeyVault/vaults", "KeyVault"),
    r(Azure, "Microsoft.Insights/metricAlerts", "AlertRule"),
    r(Azure, "Microsoft.OperationalInsights/workspaces", "LogGroup"),
    r(Azure, "Microsoft.ServiceBus/namespaces/queues", "Queue"),
    t(Azure, "Microsoft.Management/managementGroups", "CloudCompartment"),
    t(Azure, "Microsoft.Resources/subscriptions", "CloudTenancy"),
    t(Azure, "Microsoft.Resources/resourceGroups", "CloudCompartment"),
    // GCP
    r(Gcp, "compute.googleapis.com/Instance", "VirtualMachine"),
    r(Gcp, "compute.googleapis.com/Network", "VirtualNetwork"),
    r(Gcp, "compute.googleapis.com/Subnetwork", "Subnet"),
    r(Gcp, "compute.googleapis.com/Disk", "BlockStorage"),
    r(Gcp, "compute.googleapis.com/Snapshot", "Backup"),
    r(Gcp, "compute.googleapis.com/Firewall", "SecurityGroup"),
    r(Gcp, "compute.googleapis.com/ForwardingRule", "LoadBalancer"),
    r(Gcp, "compute.googleapis.com/VpnGateway", "VPNGateway"),
    r(Gcp, "dns.googleapis.com/ManagedZone", "DNS"),
    r(Gcp, "storage.googleapis.com/Bucket", "ObjectStorage"),
    r(Gcp, "file.googleapis.com/Instance", "FileStorage"),
    r(Gcp, "sqladmin.googleapis.com/Instance", "RelationalDatabase"),
    r(Gcp, "firestore.googleapis.com/Database", "NoSQLDatabase"),
    r(Gcp, "redis.googleapis.com/Instance", "CacheService"),
    r(Gcp, "bigquery.googleapis.com/Dataset", "DataWarehouse"),
    r(Gcp, "cloudfunctions.googleapis.com/CloudFunction", "ServerlessFunction"),
    r(Gcp, "run.googleapis.com/Service", "Container"),
    r(Gcp, "iam.googleapis.com/Role", "IAMRole"),
    r(Gcp, "secretmanager.googleapis.com/Secret", "Secret"),
    r(Gcp, "cloudkms.googleapis.com/KeyRing", "KeyVault"),
    r(Gcp, "pubsub.googleapis.com/Topic", "Queue"),
    t(Gcp, "cloudresourcemanager.googleapis.com/Project", "CloudTenancy"),
    t(Gcp, "cloudresourcemanager.googleapis.com/Folder", "CloudCompartment"),
    // OCI
    r(Oci, "core/instance", "VirtualMachine"),
    r(Oci, "core/vcn", "VirtualNetwork"),
    r(Oci, "core/subnet", "Subnet"),
    r(Oci, "core/vnic", "NetworkInterface"),
    r(Oci, "core/volume", "BlockStorage"),
    r(Oci, "core/bootvolume", "BlockStorage"),
    r(Oci, "core/volumebackup", "Backup"),
    r(Oci, "core/networksecuritygroup", "SecurityGroup"),
    r(Oci, "core/securitylist", "NetworkACL"),
    r(Oci, "core/drg", "VPNGateway"),
    r(Oci, "loadbalancer/loadbalancer", "LoadBalancer"),
    r(Oci, "dns/zone", "DNS"),
    r(Oci, "objectstorage/bucket", "ObjectStorage"),
    r(Oci, "filestorage/filesystem", "FileStorage"),
    r(Oci, "database/autonomousdatabase", "RelationalDatabase"),
    r(Oci, "nosql/table", "NoSQLDatabase"),
    r(Oci, "functions/function", "ServerlessFunction"),
    r(Oci, "containerinstances/containerinstance", "Container"),
    r(Oci, "kms/vault", "KeyVault"),
    r(Oci, "vault/secret", "Secret"),
    r(Oci, "monitoring/alarm", "AlertRule"),
    r(Oci, "logging/loggroup", "LogGroup"),
    r(Oci, "queue/queue", "Queue"),
    t(Oci, "identity/tenancy", "CloudTenancy"),
    t(Oci, "identity/compartment", "CloudCompartment"),
];

/// The mapping of `provider`'s `kind`, if any: exact names first, then prefix patterns.
pub fn map_resource(provider: ProviderKind, kind: &str) -> Option<&'static Mapping> {
    let kind = kind.trim();
    let of_provider = || MAPPINGS.iter().filter(move |m| m.provider == provider);
    of_provider()
        .find(|m| !m.kind.ends_with('*') && m.matches(kind))
        .or_else(|| of_provider().find(|m| m.kind.ends_with('*') && m.matches(kind)))
}

/// Every mapping of `provider`, or all when `None`.
pub fn mappings_for(provider: Option<ProviderKind>) -> impl Iterator<Item = &'static Mapping> {
    MAPPINGS.iter().filter(move |m| provider.is_none_or(|p| m.provider == p))
}
