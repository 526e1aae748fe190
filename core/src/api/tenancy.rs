//! Wire types of tenants and compartments.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ids::{CompartmentId, TenantId};

/// One quota: a limit and whether exceeding it is refused (hard) or only warned about (soft).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject, async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(input_name = "LimitInput"))]
pub struct Limit {
    /// The limit.
    pub limit: u32,
    /// Refuse (true) or warn (false) when the limit is reached.
    pub hard: bool,
}

/// A tenant's quotas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject, async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(input_name = "QuotasInput"))]
pub struct Quotas {
    /// Users whose home is this tenant.
    pub max_users: Limit,
    /// Compartments in this tenant.
    pub max_compartments: Limit,
    /// Direct sub-tenants.
    pub max_child_tenants: Limit,
    /// CMDB resources.
    pub max_resources: Limit,
    /// Storage, in GB.
    pub max_storage_gb: Limit,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            max_users: Limit { limit: 50, hard: true },
            max_compartments: Limit { limit: 20, hard: true },
            max_child_tenants: Limit { limit: 10, hard: true },
            max_resources: Limit { limit: 500, hard: false },
            max_storage_gb: Limit { limit: 100, hard: false },
        }
    }
}

/// A tenant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Tenant {
    /// Tenant id.
    pub id: TenantId,
    /// Parent tenant; null for the provider's root tenant.
    pub parent_id: Option<TenantId>,
    /// Display name.
    pub name: String,
    /// URL-safe short name, unique among live tenants.
    pub slug: String,
    /// Depth below the provider root (root = 0).
    pub depth: u32,
    /// Contact email.
    pub contact_email: Option<String>,
    /// Free-form settings.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub settings: BTreeMap<String, String>,
    /// Tags.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub tags: BTreeMap<String, String>,
    /// Quotas.
    pub quotas: Quotas,
    /// Email domains whose users sign in to this tenant.
    pub domains: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft-deletion time; a deleted tenant can be restored until it is purged.
    pub deleted_at: Option<DateTime<Utc>>,
    /// When its data was purged (after `tenancy.purge_after` in the deleted state).
    pub purged_at: Option<DateTime<Utc>>,
}

/// Tenants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TenantList {
    /// Tenants, by name.
    pub tenants: Vec<Tenant>,
}

/// Creates a sub-tenant of the request's tenant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateTenant {
    /// Display name.
    pub name: String,
    /// Short name; derived from the name when omitted.
    #[serde(default)]
    pub slug: Option<String>,
    /// Contact email.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// Free-form settings.
    #[serde(default)]
    pub settings: BTreeMap<String, String>,
    /// Tags.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Quotas; defaults when omitted.
    #[serde(default)]
    pub quotas: Option<Quotas>,
    /// Email domains.
    #[serde(default)]
    pub domains: Vec<String>,
}

/// Changes a tenant; omitted fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateTenant {
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Contact email.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// Replaces the settings.
    #[serde(default)]
    pub settings: Option<BTreeMap<String, String>>,
    /// Replaces the tags.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
    /// Replaces the quotas.
    #[serde(default)]
    pub quotas: Option<Quotas>,
    /// Replaces the email domains.
    #[serde(default)]
    pub domains: Option<Vec<String>>,
}

/// A compartment: a nested scope inside a tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct Compartment {
    /// Compartment id.
    pub id: CompartmentId,
    /// Its tenant.
    pub tenant_id: TenantId,
    /// Parent compartment; null at the top of the tenant.
    pub parent_id: Option<CompartmentId>,
    /// Name, unique among its siblings.
    pub name: String,
    /// Description.
    pub description: String,
    /// Names from the top, joined with `/`.
    pub path: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Compartments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompartmentList {
    /// Compartments, by path.
    pub compartments: Vec<Compartment>,
}

/// Creates a compartment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCompartment {
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Parent compartment; top level when omitted.
    #[serde(default)]
    pub parent_id: Option<CompartmentId>,
}

/// Renames or re-describes a compartment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCompartment {
    /// New name.
    #[serde(default)]
    pub name: Option<String>,
    /// New description.
    #[serde(default)]
    pub description: Option<String>,
}

/// Moves a compartment under another (or to the top with `parent_id: null`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveCompartment {
    /// New parent; null moves it to the top of the tenant.
    pub parent_id: Option<CompartmentId>,
}
