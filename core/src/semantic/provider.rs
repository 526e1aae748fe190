//! The `CloudProvider` trait every provider integration implements (later issues: Proxmox, AWS,
//! Azure, GCP, OCI) and the plain data it exchanges.
//!
//! Owns the shape of the contract only: no provider is implemented here and nothing here does
//! I/O. Mapping a discovered resource to the semantic layer is provided once, from the shared
//! table, so providers cannot diverge from it.

use std::collections::BTreeMap;
use std::future::Future;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::mapping::{Mapping, ProviderKind, map_resource};

/// A resource as a provider reports it, before it becomes a CI.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveredResource {
    /// The provider's kind string (`ec2:instance`).
    pub kind: String,
    /// The provider's stable id (ARN, Azure resource id, OCID, `node/qemu/100`).
    pub external_id: String,
    /// Display name.
    pub name: String,
    /// Region or datacenter, when the provider has one.
    pub region: Option<String>,
    /// The provider's attributes, normalised to the semantic type's property names where
    /// they exist.
    pub attributes: Value,
    /// Provider tags or labels.
    pub tags: BTreeMap<String, String>,
}

/// One line of cost data.
#[derive(Debug, Clone, PartialEq)]
pub struct CostRecord {
    /// The resource's external id, when the provider attributes the cost.
    pub external_id: Option<String>,
    /// Period start (inclusive).
    pub period_start: DateTime<Utc>,
    /// Period end (exclusive).
    pub period_end: DateTime<Utc>,
    /// Amount in minor units (cents) to stay exact.
    pub amount_minor: i64,
    /// ISO 4217 currency.
    pub currency: String,
}

/// What a provider call can fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The credentials were refused; the message says which and how to fix them.
    #[error("credentials refused: {0}")]
    Credentials(String),
    /// The provider cannot be reached or answered with a server error.
    #[error("provider unavailable: {0}")]
    Unavailable(String),
    /// The resource does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// Anything else the provider reported.
    #[error("provider error: {0}")]
    Other(String),
}

/// A provider integration.
pub trait CloudProvider: Send + Sync {
    /// Which provider this is.
    fn kind(&self) -> ProviderKind;

    /// Checks the configured credentials with the cheapest authenticated call.
    fn validate_credentials(&self) -> impl Future<Output = Result<(), ProviderError>> + Send;

    /// Lists every resource the credentials can see.
    fn list_resources(&self) -> impl Future<Output = Result<Vec<DiscoveredResource>, ProviderError>> + Send;

    /// Reads one resource by external id.
    fn get_resource(&self, external_id: &str)
    -> impl Future<Output = Result<DiscoveredResource, ProviderError>> + Send;

    /// Cost lines for a period.
    fn cost_data(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<CostRecord>, ProviderError>> + Send;

    /// The semantic mapping of a discovered resource, from the shared table.
    fn map_to_semantic(&self, resource: &DiscoveredResource) -> Option<&'static Mapping> {
        map_resource(self.kind(), &resource.kind)
    }
}
