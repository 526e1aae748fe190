//! Wire types of CI templates (blueprints of related CIs, instantiated in one transaction) and
//! the service catalog (offerings by CI class, versioned price lists, per-tenant pins, cost
//! estimates).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::cmdb::{Ci, Relationship};
use crate::ids::{CiTemplateId, CompartmentId, OfferingId, PinId, PriceListId};

/// A parameter of a template, referenced as `{{name}}` in item names, attribute values and tag
/// values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateParam {
    /// Name (`[a-z0-9_]`).
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
    /// Value when the caller gives none; a parameter without one is required.
    #[serde(default)]
    pub default: Option<Value>,
    /// The only values allowed (any when empty).
    #[serde(default)]
    pub allowed: Vec<Value>,
}

/// One CI a template creates.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateItem {
    /// Key within the template (relationships name it).
    pub key: String,
    /// Class key.
    pub class: String,
    /// Name; may hold `{{param}}`.
    pub name: String,
    /// Initial state: `planned` (default), `active` or `maintenance`.
    #[serde(default)]
    pub state: Option<String>,
    /// Attributes; a value that is exactly `"{{param}}"` takes the parameter's value and type.
    #[serde(default)]
    pub attributes: BTreeMap<String, Value>,
    /// Tags; values may hold `{{param}}`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Constraints: a JSON Schema the instantiated attributes must also satisfy (on top of
    /// the class schema), e.g. `{"properties": {"cpu_cores": {"maximum": 16}}}`.
    #[serde(default)]
    pub constraints: Option<Value>,
}

/// A relationship a template creates between two of its items.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateRelationship {
    /// Kind, forward or inverse.
    pub kind: String,
    /// Source item key.
    pub source: String,
    /// Target item key.
    pub target: String,
}

/// Creates a CI template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCiTemplate {
    /// Name, unique in the tenant.
    pub name: String,
    /// What it builds.
    #[serde(default)]
    pub description: String,
    /// Parameters.
    #[serde(default)]
    pub parameters: Vec<TemplateParam>,
    /// CIs (at least one).
    pub items: Vec<TemplateItem>,
    /// Relationships between items.
    #[serde(default)]
    pub relationships: Vec<TemplateRelationship>,
}

/// A CI template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CiTemplate {
    /// Id.
    pub id: CiTemplateId,
    /// Name.
    pub name: String,
    /// What it builds.
    pub description: String,
    /// Parameters.
    pub parameters: Vec<TemplateParam>,
    /// CIs.
    pub items: Vec<TemplateItem>,
    /// Relationships between items.
    pub relationships: Vec<TemplateRelationship>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Templates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CiTemplateList {
    /// By name.
    pub templates: Vec<CiTemplate>,
}

/// Instantiates a template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstantiateTemplate {
    /// Parameter values.
    #[serde(default)]
    pub parameters: BTreeMap<String, Value>,
    /// Compartment of every created CI.
    #[serde(default)]
    pub compartment_id: Option<CompartmentId>,
}

/// What an instantiation created (all in one transaction).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemplateInstance {
    /// Template id.
    pub template_id: CiTemplateId,
    /// Created CIs, in template order.
    pub cis: Vec<Ci>,
    /// Created relationships.
    pub relationships: Vec<Relationship>,
}

/// Creates a service offering.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOffering {
    /// Key (`[a-z0-9_]`, starting with a letter), unique in the tenant; price items name it.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is.
    #[serde(default)]
    pub description: String,
    /// CI classes it covers (a CI is priced by the first offering, by key, covering its class).
    pub classes: Vec<String>,
}

/// A service offering.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Offering {
    /// Id.
    pub id: OfferingId,
    /// Key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// CI classes it covers.
    pub classes: Vec<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Offerings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferingList {
    /// By key.
    pub offerings: Vec<Offering>,
}

/// One price of a price-list version.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceItem {
    /// Offering key.
    pub offering: String,
    /// `ci` (each CI counts one) or `attr:<name>` (the CI's numeric attribute is the quantity).
    pub unit: String,
    /// Price per unit and period, a decimal string (`"0.0125"`), at most 6 decimals.
    pub price: String,
    /// `hour`, `month`, `year` or `once`.
    pub period: String,
}

/// One version of a price list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceListVersion {
    /// Version, from 1.
    pub version: u32,
    /// `draft` (editable), `published` (at most one; estimates use it) or `archived`.
    pub status: String,
    /// Prices.
    pub prices: Vec<PriceItem>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Publication time.
    pub published_at: Option<DateTime<Utc>>,
    /// Archival time.
    pub archived_at: Option<DateTime<Utc>>,
}

/// Creates a price list (with no versions yet).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePriceList {
    /// Name, unique in the tenant.
    pub name: String,
    /// ISO 4217 currency code (`EUR`).
    pub currency: String,
    /// What it is for.
    #[serde(default)]
    pub description: String,
}

/// A price list with every version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceList {
    /// Id.
    pub id: PriceListId,
    /// Name.
    pub name: String,
    /// Currency.
    pub currency: String,
    /// What it is for.
    pub description: String,
    /// Versions, oldest first.
    pub versions: Vec<PriceListVersion>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Price lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceListList {
    /// By name.
    pub price_lists: Vec<PriceList>,
}

/// Sets the prices of a price list's draft version (creating the draft if there is none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetDraftPrices {
    /// Prices.
    pub prices: Vec<PriceItem>,
}

/// Pins the tenant to a price-list version from a time on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePin {
    /// Price list id or name.
    pub price_list: String,
    /// A published or archived version.
    pub version: u32,
    /// From when estimates use it.
    pub effective_from: DateTime<Utc>,
}

/// A pin: from `effective_from` until the next pin, estimates use this version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pin {
    /// Id.
    pub id: PinId,
    /// Price list.
    pub price_list_id: PriceListId,
    /// Its name.
    pub price_list: String,
    /// Version.
    pub version: u32,
    /// Effective from.
    pub effective_from: DateTime<Utc>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Pins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PinList {
    /// By effective time.
    pub pins: Vec<Pin>,
}

/// One priced CI and price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateLine {
    /// CI id.
    pub ci_id: crate::ids::CiId,
    /// CI name.
    pub ci_name: String,
    /// Class.
    pub class: String,
    /// Offering key.
    pub offering: String,
    /// Unit.
    pub unit: String,
    /// Quantity (decimal string).
    pub quantity: String,
    /// Price per unit and period.
    pub price: String,
    /// Period.
    pub period: String,
    /// price × quantity.
    pub amount: String,
}

/// A total per period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EstimateTotal {
    /// Period.
    pub period: String,
    /// Sum.
    pub amount: String,
}

/// The cost of a set of CIs under the price-list version in force at a time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CostEstimate {
    /// Price list used.
    pub price_list: String,
    /// Version used.
    pub version: u32,
    /// Currency.
    pub currency: String,
    /// The time the version was chosen for.
    pub at: DateTime<Utc>,
    /// Whether a pin chose the version (otherwise the published one).
    pub pinned: bool,
    /// Priced lines.
    pub lines: Vec<EstimateLine>,
    /// Totals per period.
    pub totals: Vec<EstimateTotal>,
    /// Recurring cost per month (hour × 730, month, year ÷ 12; `once` left out).
    pub monthly: String,
    /// CIs no offering or price covers.
    pub unpriced: Vec<crate::ids::CiId>,
}
