//! Semantic categories and types with their typed property schemas (REFERENCE §5).
//!
//! Owns the table of types and the JSON Schema each type's properties describe (the schema a
//! system CI class validates attributes against). It must not validate documents itself: the
//! daemon runs one JSON Schema validator for system and custom classes alike.

use serde_json::{Map, Value, json};

/// The broad family a semantic type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Machines and functions that run code.
    Compute,
    /// Networks, addresses and traffic.
    Network,
    /// Block, object and file storage.
    Storage,
    /// Managed databases and caches.
    Database,
    /// Access control, secrets and certificates.
    Security,
    /// Alerts, dashboards, logs and metrics.
    Monitoring,
    /// What runs on top of the infrastructure.
    Application,
    /// The provider's containers of resources: accounts, projects, regions.
    Tenancy,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Self; 8] = [
        Self::Compute,
        Self::Network,
        Self::Storage,
        Self::Database,
        Self::Security,
        Self::Monitoring,
        Self::Application,
        Self::Tenancy,
    ];

    /// Stable lowercase name (wire and storage).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Compute => "compute",
            Self::Network => "network",
            Self::Storage => "storage",
            Self::Database => "database",
            Self::Security => "security",
            Self::Monitoring => "monitoring",
            Self::Application => "application",
            Self::Tenancy => "tenancy",
        }
    }

    /// Parses [`as_str`](Self::as_str), case-insensitively.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str().eq_ignore_ascii_case(s))
    }
}

/// The type of one property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyType {
    /// Free text.
    String,
    /// A whole number.
    Integer,
    /// A whole number ≥ 0 (counts, sizes).
    Count,
    /// A decimal number.
    Number,
    /// true or false.
    Boolean,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// An address block such as `10.0.0.0/16`.
    Cidr,
    /// One of the listed values.
    Enum(&'static [&'static str]),
    /// A list of strings.
    StringList,
}

impl PropertyType {
    /// Stable name shown by `nimbus semantic types`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Count => "count",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::IpAddress => "ip",
            Self::Cidr => "cidr",
            Self::Enum(_) => "enum",
            Self::StringList => "string[]",
        }
    }

    /// The JSON Schema of a value of this type.
    pub fn json_schema(self) -> Value {
        match self {
            Self::String => json!({"type": "string"}),
            Self::Integer => json!({"type": "integer"}),
            Self::Count => json!({"type": "integer", "minimum": 0}),
            Self::Number => json!({"type": "number"}),
            Self::Boolean => json!({"type": "boolean"}),
            // Formats are annotations unless a validator asserts them; a pattern always holds.
            Self::IpAddress => json!({"type": "string", "pattern": "^[0-9A-Fa-f:.]+$"}),
            Self::Cidr => json!({"type": "string", "pattern": "^[0-9A-Fa-f:.]+/[0-9]{1,3}$"}),
            Self::Enum(values) => json!({"type": "string", "enum": values}),
            Self::StringList => json!({"type": "array", "items": {"type": "string"}}),
        }
    }
}

/// One typed property of a semantic type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Property {
    /// Attribute name (snake_case).
    pub name: &'static str,
    /// Its type.
    pub kind: PropertyType,
    /// Whether every CI of the type must have it.
    pub required: bool,
    /// What it means.
    pub description: &'static str,
}

/// A property is wrong for its type; `field` names it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("attribute `{field}`: {message}")]
pub struct PropertyError {
    /// The attribute, as a JSON pointer-ish path (`size_gb`, `ports/0`).
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

/// A provider-neutral resource type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SemanticType {
    /// Name (PascalCase), unique.
    pub name: &'static str,
    /// Its category.
    pub category: Category,
    /// One line saying what it is.
    pub description: &'static str,
    /// Typed properties.
    pub properties: &'static [Property],
}

impl SemanticType {
    /// Lowercase name used as a permission subtype and a system class key
    /// (`cmdb:ci:update:virtualmachine`).
    pub fn key(&self) -> String {
        self.name.to_ascii_lowercase()
    }

    /// JSON Schema of a CI's attributes: an object whose listed properties are typed, whose
    /// required ones must be present, and which may carry extra, untyped attributes
    /// (providers report more than the semantic layer names).
    pub fn json_schema(&self) -> Value {
        let mut props = Map::new();
        for p in self.properties {
            let mut s = p.kind.json_schema();
            if let Value::Object(o) = &mut s {
                o.insert("description".into(), Value::String(p.description.to_owned()));
            }
            props.insert(p.name.to_owned(), s);
        }
        let required: Vec<&str> = self.properties.iter().filter(|p| p.required).map(|p| p.name).collect();
        json!({
            "type": "object",
            "title": self.name,
            "properties": props,
            "required": required,
        })
    }
}

const fn p(name: &'static str, kind: PropertyType, description: &'static str) -> Property {
    Property { name, kind, required: false, description }
}

const fn req(name: &'static str, kind: PropertyType, description: &'static str) -> Property {
    Property { name, kind, required: true, description }
}

use PropertyType as T;

const POWER: &[&str] = &["running", "stopped", "suspended", "unknown"];
const PROTOCOLS: &[&str] = &["tcp", "udp", "icmp", "any"];

/// The registry of semantic types.
pub const SEMANTIC_TYPES: &[SemanticType] = &[
    // compute
    SemanticType {
        name: "VirtualMachine",
        category: Category::Compute,
        description: "a virtual machine (Proxmox qemu, EC2 instance, Azure VM, GCE instance, OCI instance)",
        properties: &[
            p("cpu_cores", T::Count, "virtual CPU cores"),
            p("memory_mb", T::Count, "memory in MiB"),
            p("os", T::String, "operating system"),
            p("power_state", T::Enum(POWER), "power state"),
            p("instance_type", T::String, "provider size or shape"),
            p("private_ip", T::IpAddress, "primary private address"),
            p("public_ip", T::IpAddress, "primary public address"),
            p("region", T::String, "region or datacenter"),
        ],
    },
    SemanticType {
        name: "Container",
        category: Category::Compute,
        description: "an OS or application container (Proxmox lxc, ECS task, ACI, Cloud Run, OCI container instance)",
        properties: &[
            p("image", T::String, "image reference"),
            p("cpu_cores", T::Number, "CPU limit"),
            p("memory_mb", T::Count, "memory limit in MiB"),
            p("power_state", T::Enum(POWER), "run state"),
        ],
    },
    SemanticType {
        name: "ServerlessFunction",
        category: Category::Compute,
        description: "a function run on demand (Lambda, Azure Functions, Cloud Functions, OCI Functions)",
        properties: &[
            req("runtime", T::String, "language runtime"),
            p("memory_mb", T::Count, "memory in MiB"),
            p("timeout_s", T::Count, "timeout in seconds"),
        ],
    },
    SemanticType {
        name: "BareMetalServer",
        category: Category::Compute,
        description: "a physical server or hypervisor node (Proxmox node, EC2 metal, OCI BM)",
        properties: &[
            p("cpu_cores", T::Count, "physical cores"),
            p("memory_mb", T::Count, "memory in MiB"),
            p("serial", T::String, "serial number"),
        ],
    },
    // network
    SemanticType {
        name: "VirtualNetwork",
        category: Category::Network,
        description: "an isolated network (Proxmox bridge/SDN vnet, AWS VPC, Azure VNet, GCP VPC, OCI VCN)",
        properties: &[p("cidr", T::Cidr, "address space"), p("region", T::String, "region")],
    },
    SemanticType {
        name: "Subnet",
        category: Category::Network,
        description: "an address range inside a virtual network",
        properties: &[req("cidr", T::Cidr, "address range"), p("zone", T::String, "availability zone")],
    },
    SemanticType {
        name: "NetworkInterface",
        category: Category::Network,
        description: "a virtual NIC",
        properties: &[p("mac", T::String, "MAC address"), p("private_ip", T::IpAddress, "address")],
    },
    SemanticType {
        name: "LoadBalancer",
        category: Category::Network,
        description: "a layer 4 or layer 7 load balancer",
        properties: &[
            p("scheme", T::Enum(&["internal", "internet-facing"]), "exposure"),
            p("dns_name", T::String, "DNS name"),
        ],
    },
    SemanticType {
        name: "DNS",
        category: Category::Network,
        description: "a DNS zone or record set",
        properties: &[req("zone", T::String, "zone name"), p("record_count", T::Count, "records")],
    },
    SemanticType {
        name: "CDN",
        category: Category::Network,
        description: "a content delivery distribution",
        properties: &[p("origin", T::String, "origin host")],
    },
    SemanticType {
        name: "VPNGateway",
        category: Category::Network,
        description: "a site-to-site or client VPN gateway",
        properties: &[p("public_ip", T::IpAddress, "gateway address")],
    },
    // storage
    SemanticType {
        name: "BlockStorage",
        category: Category::Storage,
        description: "a block volume or disk (Proxmox storage volume, EBS, managed disk, persistent disk)",
        properties: &[
            p("size_gb", T::Count, "size in GiB"),
            p("volume_type", T::String, "performance class"),
            p("encrypted", T::Boolean, "encrypted at rest"),
        ],
    },
    SemanticType {
        name: "ObjectStorage",
        category: Category::Storage,
        description: "an object bucket or container",
        properties: &[p("versioning", T::Boolean, "versioning on"), p("public", T::Boolean, "publicly readable")],
    },
    SemanticType {
        name: "FileStorage",
        category: Category::Storage,
        description: "a shared file system (EFS, Azure Files, Filestore, OCI FSS)",
        properties: &[p("size_gb", T::Count, "size in GiB"), p("protocol", T::Enum(&["nfs", "smb"]), "protocol")],
    },
    SemanticType {
        name: "Backup",
        category: Category::Storage,
        description: "a backup or snapshot",
        properties: &[p("size_gb", T::Count, "size in GiB"), p("retention_days", T::Count, "retention")],
    },
    // database
    SemanticType {
        name: "RelationalDatabase",
        category: Category::Database,
        description: "a managed SQL database",
        properties: &[
            req("engine", T::String, "engine, e.g. postgres"),
            p("version", T::String, "engine version"),
            p("storage_gb", T::Count, "allocated storage"),
        ],
    },
    SemanticType {
        name: "NoSQLDatabase",
        category: Category::Database,
        description: "a managed document or key-value database",
        properties: &[p("engine", T::String, "engine")],
    },
    SemanticType {
        name: "CacheService",
        category: Category::Database,
        description: "a managed cache (Redis, Memcached)",
        properties: &[p("engine", T::String, "engine"), p("memory_mb", T::Count, "memory")],
    },
    SemanticType {
        name: "DataWarehouse",
        category: Category::Database,
        description: "an analytical warehouse",
        properties: &[p("engine", T::String, "engine")],
    },
    // security
    SemanticType {
        name: "SecurityGroup",
        category: Category::Security,
        description: "a stateful firewall attached to interfaces",
        properties: &[p("rule_count", T::Count, "number of rules"), p("protocols", T::StringList, "protocols allowed")],
    },
    SemanticType {
        name: "NetworkACL",
        category: Category::Security,
        description: "a stateless subnet firewall",
        properties: &[p("default_protocol", T::Enum(PROTOCOLS), "default protocol")],
    },
    SemanticType {
        name: "IAMRole",
        category: Category::Security,
        description: "a cloud identity role",
        properties: &[p("trust", T::String, "who may assume it")],
    },
    SemanticType {
        name: "IAMPolicy",
        category: Category::Security,
        description: "a cloud permission policy",
        properties: &[p("document", T::String, "policy document")],
    },
    SemanticType {
        name: "Certificate",
        category: Category::Security,
        description: "a TLS certificate",
        properties: &[p("common_name", T::String, "subject CN"), p("not_after", T::String, "expiry (RFC 3339)")],
    },
    SemanticType {
        name: "Secret",
        category: Category::Security,
        description: "a stored secret (never its value)",
        properties: &[p("rotation_days", T::Count, "rotation period")],
    },
    SemanticType {
        name: "KeyVault",
        category: Category::Security,
        description: "a key management service or vault",
        properties: &[p("sku", T::String, "tier")],
    },
    // monitoring
    SemanticType {
        name: "AlertRule",
        category: Category::Monitoring,
        description: "an alerting rule",
        properties: &[p("severity", T::Enum(&["info", "warning", "critical"]), "severity")],
    },
    SemanticType {
        name: "Dashboard",
        category: Category::Monitoring,
        description: "a monitoring dashboard",
        properties: &[],
    },
    SemanticType {
        name: "LogGroup",
        category: Category::Monitoring,
        description: "a log group or workspace",
        properties: &[p("retention_days", T::Count, "retention")],
    },
    SemanticType {
        name: "Metric",
        category: Category::Monitoring,
        description: "a custom metric",
        properties: &[p("unit", T::String, "unit")],
    },
    // application
    SemanticType {
        name: "Application",
        category: Category::Application,
        description: "a business application",
        properties: &[p("owner", T::String, "owning team"), p("criticality", T::Enum(&["low", "medium", "high"]), "")],
    },
    SemanticType {
        name: "Service",
        category: Category::Application,
        description: "a running service of an application",
        properties: &[p("port", T::Count, "listening port")],
    },
    SemanticType {
        name: "Endpoint",
        category: Category::Application,
        description: "a reachable URL or address",
        properties: &[req("url", T::String, "URL")],
    },
    SemanticType {
        name: "Queue",
        category: Category::Application,
        description: "a message queue or topic",
        properties: &[p("fifo", T::Boolean, "ordered")],
    },
    // tenancy
    SemanticType {
        name: "CloudTenancy",
        category: Category::Tenancy,
        description: "a provider account (AWS account, Azure subscription, GCP project, OCI tenancy, Proxmox datacenter)",
        properties: &[p("account_id", T::String, "provider account id")],
    },
    SemanticType {
        name: "CloudCompartment",
        category: Category::Tenancy,
        description: "a grouping inside an account (AWS OU, resource group, GCP folder, OCI compartment, Proxmox pool)",
        properties: &[],
    },
    SemanticType {
        name: "CloudRegion",
        category: Category::Tenancy,
        description: "a region or availability zone",
        properties: &[req("code", T::String, "provider region code")],
    },
    SemanticType {
        name: "AddressPool",
        category: Category::Tenancy,
        description: "a pool addresses are allocated from (IPAM pool, public IP prefix)",
        properties: &[p("cidr", T::Cidr, "pool range")],
    },
];

/// The semantic type named `name` (case-insensitive).
pub fn semantic_type(name: &str) -> Option<&'static SemanticType> {
    SEMANTIC_TYPES.iter().find(|t| t.name.eq_ignore_ascii_case(name))
}
