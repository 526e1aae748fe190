//! Role tiers and the built-in system roles.
//!
//! Owns the fixed ids, names and permission sets of the system roles and the tier ladder that
//! bounds who may grant what. It must not hold per-installation data (custom roles live in the
//! `directory`) and must not decide access; it only declares.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ids::RoleId;

/// How powerful a role is, ordered weakest first. A granter may hand out a role only when its
/// tier is at most the granter's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Looks but never changes anything.
    ReadOnly,
    /// Works inside a tenant.
    User,
    /// Administers a tenant.
    TenantAdmin,
    /// Operates the installation across tenants.
    Provider,
}

impl Tier {
    /// The snake_case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadOnly => "read_only",
            Self::User => "user",
            Self::TenantAdmin => "tenant_admin",
            Self::Provider => "provider",
        }
    }
}

/// The built-in roles every installation has. Their ids are fixed so that rows referencing them
/// survive reinstalls and mean the same thing everywhere.
///
/// | role | tier | allows | denies |
/// |---|---|---|---|
/// | Provider Admin | provider | `*:*:*` | |
/// | Provider Auditor | provider | `*:*:read`, `audit:log:*`, `audit:query:*`, `audit:archive:read`, `iam:decision:explain` | |
/// | Tenant Admin | tenant_admin | `tenant:*:*`, `iam:*:*`, `cmdb:*:*`, `approval:*:*`, `stack:*:*`, `workflow:*:*`, `notification:*:*`, `audit:log:*`, `audit:query:*`, `audit:settings:*`, `audit:archive:read`, `auth:session:*`, `system:server:read` | `tenant:tenant:purge` |
/// | Security Admin | tenant_admin | `iam:*:*`, `audit:log:*`, `audit:query:*`, `audit:settings:*`, `auth:session:*`, `*:*:read` | |
/// | Network Admin | user | `cmdb:ci:*:network`, `cmdb:ci:*:subnet`, `cmdb:ci:*:loadbalancer`, `*:*:read` | |
/// | Power User | user | `cmdb:*:create`, `cmdb:*:update`, `stack:deployment:up`, `approval:request:create`, `*:*:read` | |
/// | Member | user | `*:*:read`, `approval:request:create` | |
/// | Read Only | read_only | `*:*:read` | |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemRole {
    /// Everything, everywhere.
    ProviderAdmin,
    /// Reads everything and the audit trail; changes nothing.
    ProviderAuditor,
    /// Everything inside a tenant except irreversibly purging one.
    TenantAdmin,
    /// Identity, access and sessions, plus reads.
    SecurityAdmin,
    /// Network configuration items, plus reads.
    NetworkAdmin,
    /// Creates and changes configuration items and deploys stacks.
    PowerUser,
    /// Reads and asks for approvals.
    Member,
    /// Reads only.
    ReadOnly,
}

const READ: &str = "*:*:read";

impl SystemRole {
    /// Every system role, most powerful first (the order of their ids).
    pub const ALL: [SystemRole; 8] = [
        Self::ProviderAdmin,
        Self::ProviderAuditor,
        Self::TenantAdmin,
        Self::SecurityAdmin,
        Self::NetworkAdmin,
        Self::PowerUser,
        Self::Member,
        Self::ReadOnly,
    ];

    fn ordinal(self) -> u128 {
        match self {
            Self::ProviderAdmin => 1,
            Self::ProviderAuditor => 2,
            Self::TenantAdmin => 3,
            Self::SecurityAdmin => 4,
            Self::NetworkAdmin => 5,
            Self::PowerUser => 6,
            Self::Member => 7,
            Self::ReadOnly => 8,
        }
    }

    /// The fixed id `00000000-0000-7000-8000-0000000000NN`, NN = 01..08 in [`Self::ALL`] order.
    pub fn id(self) -> RoleId {
        RoleId::from_uuid(Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | self.ordinal()))
    }

    /// The system role with this id, if it is one.
    pub fn from_id(id: RoleId) -> Option<SystemRole> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }

    /// Display name.
    pub fn name(self) -> &'static str {
        match self {
            Self::ProviderAdmin => "Provider Admin",
            Self::ProviderAuditor => "Provider Auditor",
            Self::TenantAdmin => "Tenant Admin",
            Self::SecurityAdmin => "Security Admin",
            Self::NetworkAdmin => "Network Admin",
            Self::PowerUser => "Power User",
            Self::Member => "Member",
            Self::ReadOnly => "Read Only",
        }
    }

    /// URL- and CLI-friendly name.
    pub fn slug(self) -> &'static str {
        match self {
            Self::ProviderAdmin => "provider-admin",
            Self::ProviderAuditor => "provider-auditor",
            Self::TenantAdmin => "tenant-admin",
            Self::SecurityAdmin => "security-admin",
            Self::NetworkAdmin => "network-admin",
            Self::PowerUser => "power-user",
            Self::Member => "member",
            Self::ReadOnly => "read-only",
        }
    }

    /// The tier that bounds who may grant this role.
    pub fn tier(self) -> Tier {
        match self {
            Self::ProviderAdmin | Self::ProviderAuditor => Tier::Provider,
            Self::TenantAdmin | Self::SecurityAdmin => Tier::TenantAdmin,
            Self::NetworkAdmin | Self::PowerUser | Self::Member => Tier::User,
            Self::ReadOnly => Tier::ReadOnly,
        }
    }

    /// One line for role listings.
    pub fn description(self) -> &'static str {
        match self {
            Self::ProviderAdmin => "Full control of the installation and every tenant",
            Self::ProviderAuditor => "Reads everything, including the audit log, and changes nothing",
            Self::TenantAdmin => "Full control of a tenant, except permanently purging tenants",
            Self::SecurityAdmin => "Manages users, groups, roles, policies and sessions; reads the rest",
            Self::NetworkAdmin => "Manages network, subnet and load balancer items; reads the rest",
            Self::PowerUser => "Creates and changes configuration items and deploys stacks",
            Self::Member => "Reads and requests approvals",
            Self::ReadOnly => "Reads only",
        }
    }

    /// Allow patterns (see the table on [`SystemRole`]).
    pub fn allows(self) -> &'static [&'static str] {
        match self {
            Self::ProviderAdmin => &["*:*:*"],
            Self::ProviderAuditor => {
                &[READ, "audit:log:*", "audit:query:*", "audit:archive:read", "iam:decision:explain"]
            }
            Self::TenantAdmin => &[
                "tenant:*:*",
                "iam:*:*",
                "cmdb:*:*",
                "approval:*:*",
                "stack:*:*",
                "workflow:*:*",
                "notification:*:*",
                "audit:log:*",
                "audit:query:*",
                "audit:settings:*",
                "audit:archive:read",
                "auth:session:*",
                "system:server:read",
            ],
            Self::SecurityAdmin => {
                &["iam:*:*", "audit:log:*", "audit:query:*", "audit:settings:*", "auth:session:*", READ]
            }
            Self::NetworkAdmin => &["cmdb:ci:*:network", "cmdb:ci:*:subnet", "cmdb:ci:*:loadbalancer", READ],
            Self::PowerUser => &[
                "cmdb:*:create",
                "cmdb:*:update",
                "stack:deployment:up",
                "approval:request:create",
                "iam:apikey:create",
                "iam:apikey:update",
                READ,
            ],
            Self::Member => &[READ, "approval:request:create"],
            Self::ReadOnly => &[READ],
        }
    }

    /// Deny patterns; a deny beats every allow.
    pub fn denies(self) -> &'static [&'static str] {
        match self {
            // Purging is irreversible, so it stays with the provider.
            Self::TenantAdmin => &["tenant:tenant:purge"],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authz::permission::{PermissionError, PermissionPattern};

    #[test]
    fn every_pattern_parses() -> Result<(), PermissionError> {
        for role in SystemRole::ALL {
            for p in role.allows().iter().chain(role.denies()) {
                PermissionPattern::parse(p)?;
            }
            assert!(!role.allows().is_empty());
        }
        Ok(())
    }

    #[test]
    fn tiers_are_as_documented() {
        use SystemRole::*;
        let expected = [
            (ProviderAdmin, Tier::Provider),
            (ProviderAuditor, Tier::Provider),
            (TenantAdmin, Tier::TenantAdmin),
            (SecurityAdmin, Tier::TenantAdmin),
            (NetworkAdmin, Tier::User),
            (PowerUser, Tier::User),
            (Member, Tier::User),
            (ReadOnly, Tier::ReadOnly),
        ];
        for (role, tier) in expected {
            assert_eq!(role.tier(), tier, "{}", role.name());
        }
        assert!(Tier::ReadOnly < Tier::User && Tier::User < Tier::TenantAdmin);
        assert!(Tier::TenantAdmin < Tier::Provider);
    }

    #[test]
    fn ids_are_fixed_and_round_trip() {
        assert_eq!(SystemRole::ProviderAdmin.id().to_string(), "00000000-0000-7000-8000-000000000001");
        assert_eq!(SystemRole::ReadOnly.id().to_string(), "00000000-0000-7000-8000-000000000008");
        for role in SystemRole::ALL {
            assert_eq!(SystemRole::from_id(role.id()), Some(role));
        }
        assert_eq!(SystemRole::from_id(RoleId::generate()), None);
        assert_eq!(Tier::TenantAdmin.as_str(), "tenant_admin");
    }
}
