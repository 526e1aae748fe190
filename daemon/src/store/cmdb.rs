//! The CMDB's storage contract: records and the [`CmdbRead`] / [`CmdbWrite`] queries both
//! backends implement (`sqlite/cmdb.rs`, `postgres/cmdb.rs`).
//!
//! Every query names its tenant; SQLite refuses a tenant outside the handle's scope and
//! PostgreSQL's row-level security hides it. Writes store what they are given: validation,
//! lifecycle rules, permissions and audit belong to `services/cmdb`. Graph walks are done by
//! the service in breadth-first batches over [`CmdbRead::cmdb_edges`], so both backends share one
//! cycle-safe, bounded traversal.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::ids::{CiClassId, CiId, CompartmentId, RelationshipId, SavedSearchId, TenantId, UserId};
use serde_json::Value;

use super::StoreResult;

/// A tenant's custom CI class.
#[derive(Debug, Clone, PartialEq)]
pub struct CiClassRecord {
    /// Class id.
    pub id: CiClassId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Key (permission subtype).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Semantic type it builds on.
    pub semantic_type: Option<String>,
    /// JSON Schema of attributes.
    pub schema: Value,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A configuration item as stored (its current version).
#[derive(Debug, Clone, PartialEq)]
pub struct CiRecord {
    /// Internal sequence number (set by the store on insert; graph edges refer to it).
    pub seq: i64,
    /// CI id.
    pub id: CiId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Compartment.
    pub compartment_id: Option<CompartmentId>,
    /// Class key.
    pub class: String,
    /// Name.
    pub name: String,
    /// Lifecycle state (stored spelling).
    pub state: String,
    /// Attributes (a JSON object).
    pub attributes: Value,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Provider id.
    pub external_id: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// Pulumi URN.
    pub urn: Option<String>,
    /// Current version.
    pub version: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change (the current version's `valid_from`).
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

impl CiRecord {
    /// The snapshot stored for each version: every field but the internal sequence number.
    pub fn snapshot(&self) -> Value {
        serde_json::json!({
            "id": self.id,
            "compartment_id": self.compartment_id,
            "class": self.class,
            "name": self.name,
            "state": self.state,
            "attributes": self.attributes,
            "tags": self.tags,
            "external_id": self.external_id,
            "provider": self.provider,
            "urn": self.urn,
            "version": self.version,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "deleted_at": self.deleted_at,
        })
    }

    /// [`Self::snapshot`] as JSON text, written straight from the fields: bulk imports store
    /// one per CI, and building a `Value` first (cloning the attributes) doubled the cost.
    pub fn snapshot_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct S<'a> {
            id: &'a CiId,
            compartment_id: &'a Option<CompartmentId>,
            class: &'a str,
            name: &'a str,
            state: &'a str,
            attributes: &'a Value,
            tags: &'a BTreeMap<String, String>,
            external_id: &'a Option<String>,
            provider: &'a Option<String>,
            urn: &'a Option<String>,
            version: i64,
            created_at: &'a DateTime<Utc>,
            updated_at: &'a DateTime<Utc>,
            deleted_at: &'a Option<DateTime<Utc>>,
        }
        // Serializing these types to a string cannot fail (string keys, no non-finite floats
        // in a `Value`).
        serde_json::to_string(&S {
            id: &self.id,
            compartment_id: &self.compartment_id,
            class: &self.class,
            name: &self.name,
            state: &self.state,
            attributes: &self.attributes,
            tags: &self.tags,
            external_id: &self.external_id,
            provider: &self.provider,
            urn: &self.urn,
            version: self.version,
            created_at: &self.created_at,
            updated_at: &self.updated_at,
            deleted_at: &self.deleted_at,
        })
        .unwrap_or_default()
    }

    /// Rebuilds a CI from a stored snapshot.
    pub fn from_snapshot(seq: i64, tenant_id: TenantId, v: &Value) -> StoreResult<Self> {
        #[derive(serde::Deserialize)]
        struct S {
            id: CiId,
            compartment_id: Option<CompartmentId>,
            class: String,
            name: String,
            state: String,
            attributes: Value,
            tags: BTreeMap<String, String>,
            external_id: Option<String>,
            provider: Option<String>,
            urn: Option<String>,
            version: i64,
            created_at: DateTime<Utc>,
            updated_at: DateTime<Utc>,
            deleted_at: Option<DateTime<Utc>>,
        }
        let s: S =
            serde_json::from_value(v.clone()).map_err(|e| super::StoreError::Corrupt(format!("CI snapshot: {e}")))?;
        Ok(Self {
            seq,
            id: s.id,
            tenant_id,
            compartment_id: s.compartment_id,
            class: s.class,
            name: s.name,
            state: s.state,
            attributes: s.attributes,
            tags: s.tags,
            external_id: s.external_id,
            provider: s.provider,
            urn: s.urn,
            version: s.version,
            created_at: s.created_at,
            updated_at: s.updated_at,
            deleted_at: s.deleted_at,
        })
    }

    /// The text the full-text index holds: name, class, ids, attribute values and tag
    /// keys and values, as the alphanumeric runs of those values separated by
    /// single spaces.
    ///
    /// Both backends' query builders split a searched word into alphanumeric runs, and SQLite's
    /// `unicode61` tokenizer splits the same way; PostgreSQL's text-search parser does not (it
    /// keeps `-1` of `svc-1` as a signed number and `svc-zero` as a hyphenated word), so a name
    /// like `svc-1` was indexed as `svc`, `-1` and never found. Indexing the runs alone makes
    /// every backend see the words the query asks for.
    pub fn search_text(&self) -> String {
        let mut out = String::with_capacity(128);
        for part in
            [Some(self.name.as_str()), Some(self.class.as_str()), self.external_id.as_deref(), self.urn.as_deref()]
                .into_iter()
                .flatten()
        {
            push_words(part, &mut out);
        }
        flatten_values(&self.attributes, &mut out);
        for (k, v) in &self.tags {
            push_words(k, &mut out);
            push_words(v, &mut out);
        }
        out.truncate(out.trim_end().len());
        out
    }
}

/// Appends the alphanumeric runs of `s`, each followed by a space.
fn push_words(s: &str, out: &mut String) {
    for run in s.split(|c: char| !c.is_alphanumeric()).filter(|r| !r.is_empty()) {
        out.push_str(run);
        out.push(' ');
    }
}

fn flatten_values(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => m.values().for_each(|v| flatten_values(v, out)),
        Value::Array(a) => a.iter().for_each(|v| flatten_values(v, out)),
        Value::String(s) => push_words(s, out),
        Value::Number(n) => push_words(&n.to_string(), out),
        Value::Bool(_) | Value::Null => {}
    }
}

/// One stored version.
#[derive(Debug, Clone, PartialEq)]
pub struct CiVersionRecord {
    /// When it became current.
    pub valid_from: DateTime<Utc>,
    /// Who made the change (actor display).
    pub actor: String,
    /// The CI as it was.
    pub ci: CiRecord,
}

/// A relationship, with both ends resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipRecord {
    /// Relationship id.
    pub id: RelationshipId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Forward kind.
    pub kind: String,
    /// Source CI sequence number.
    pub source_seq: i64,
    /// Target CI sequence number.
    pub target_seq: i64,
    /// Source CI id.
    pub source_id: CiId,
    /// Target CI id.
    pub target_id: CiId,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A comparison of one attribute in a search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// SQL spelling.
    pub const fn sql(self) -> &'static str {
        match self {
            Self::Eq => "=",
            Self::Ne => "<>",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Gt => ">",
            Self::Ge => ">=",
        }
    }
}

/// A structured attribute filter: `attributes.<name> <op> <value>`.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrFilter {
    /// Top-level attribute name (validated `[a-z0-9_]`).
    pub name: String,
    /// Operator.
    pub op: CmpOp,
    /// A number or a string.
    pub value: Value,
}

/// A CI search: full text combined with structured filters, keyset-paginated by `seq`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CiFilter {
    /// Full-text words (all must match; prefix match with a trailing `*`).
    pub text: Option<String>,
    /// Class keys (any).
    pub classes: Vec<String>,
    /// States (any).
    pub states: Vec<String>,
    /// Compartments (any): a subtree is expanded by the service.
    pub compartments: Option<Vec<CompartmentId>>,
    /// Tags that must all match.
    pub tags: Vec<(String, String)>,
    /// Attribute comparisons that must all hold.
    pub attributes: Vec<AttrFilter>,
    /// External id.
    pub external_id: Option<String>,
    /// Include soft-deleted CIs.
    pub include_deleted: bool,
    /// Only CIs with `seq` greater than this (cursor).
    pub after_seq: Option<i64>,
    /// Page size.
    pub limit: u32,
}

/// A saved search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSearchRecord {
    /// Id.
    pub id: SavedSearchId,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Owner.
    pub owner_id: UserId,
    /// Name.
    pub name: String,
    /// Query string.
    pub query: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// A catalog document: a CI template, a service offering, a price list with its versions,
/// or a price-list pin (`kind`). Small, read and changed whole, so one table with a JSON body
/// serves them all; `revision` guards against lost updates.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogDocRecord {
    /// Id (the typed id of its kind).
    pub id: uuid::Uuid,
    /// Tenant.
    pub tenant_id: TenantId,
    /// `template`, `offering`, `price_list` or `pin`.
    pub kind: String,
    /// Name or key, unique per tenant and kind among live documents.
    pub key: String,
    /// The document.
    pub body: Value,
    /// From 1; every change adds one.
    pub revision: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Soft deletion.
    pub deleted_at: Option<DateTime<Utc>>,
}

/// CMDB reads.
#[async_trait]
pub trait CmdbRead: Send {
    /// A tenant's live custom classes.
    async fn ci_classes(&mut self, tenant: TenantId) -> StoreResult<Vec<CiClassRecord>>;
    /// One live custom class by key.
    async fn ci_class(&mut self, tenant: TenantId, key: &str) -> StoreResult<Option<CiClassRecord>>;
    /// Whether any CI (deleted ones included) has this class.
    async fn ci_class_in_use(&mut self, tenant: TenantId, key: &str) -> StoreResult<bool>;
    /// A CI by id (deleted ones included).
    async fn ci(&mut self, tenant: TenantId, id: CiId) -> StoreResult<Option<CiRecord>>;
    /// CIs by sequence number (missing ones are left out), in no particular order.
    async fn cis_by_seq(&mut self, tenant: TenantId, seqs: &[i64]) -> StoreResult<Vec<CiRecord>>;
    /// CIs by external id (missing ones are left out).
    async fn cis_by_external_id(&mut self, tenant: TenantId, ids: &[String]) -> StoreResult<Vec<CiRecord>>;
    /// Every version of a CI, newest first.
    async fn ci_versions(&mut self, tenant: TenantId, seq: i64) -> StoreResult<Vec<CiVersionRecord>>;
    /// One version of a CI.
    async fn ci_version(&mut self, tenant: TenantId, seq: i64, version: i64) -> StoreResult<Option<CiVersionRecord>>;
    /// The version current at `at` (none if the CI did not exist yet).
    async fn ci_as_of(&mut self, tenant: TenantId, seq: i64, at: DateTime<Utc>)
    -> StoreResult<Option<CiVersionRecord>>;
    /// CIs matching a filter, by `seq`.
    async fn search_cis(&mut self, tenant: TenantId, filter: &CiFilter) -> StoreResult<Vec<CiRecord>>;
    /// Live relationships touching any of `seqs`: leaving them (`outgoing`) or arriving at
    /// them, of the given kinds (all kinds when empty).
    async fn cmdb_edges(
        &mut self,
        tenant: TenantId,
        seqs: &[i64],
        outgoing: bool,
        kinds: &[&str],
    ) -> StoreResult<Vec<RelationshipRecord>>;
    /// A live relationship by id.
    async fn relationship(&mut self, tenant: TenantId, id: RelationshipId) -> StoreResult<Option<RelationshipRecord>>;
    /// The owner's saved searches.
    async fn saved_searches(&mut self, tenant: TenantId, owner: UserId) -> StoreResult<Vec<SavedSearchRecord>>;
    /// A tenant's live catalog documents of one kind, by key.
    async fn catalog_docs(&mut self, tenant: TenantId, kind: &str) -> StoreResult<Vec<CatalogDocRecord>>;
    /// One live catalog document by key or id.
    async fn catalog_doc(
        &mut self,
        tenant: TenantId,
        kind: &str,
        key_or_id: &str,
    ) -> StoreResult<Option<CatalogDocRecord>>;
}

/// CMDB writes.
#[async_trait]
pub trait CmdbWrite: CmdbRead {
    /// Stores a custom class.
    async fn insert_ci_class(&mut self, c: &CiClassRecord) -> StoreResult<()>;
    /// Changes a custom class (soft deletion included).
    async fn update_ci_class(&mut self, c: &CiClassRecord) -> StoreResult<()>;
    /// Stores a new CI with its first version and index entry; returns its `seq`.
    async fn insert_ci(&mut self, ci: &CiRecord, actor: &str) -> StoreResult<i64>;
    /// Stores a CI's new current state (`ci.version` already incremented) and that version.
    async fn update_ci(&mut self, ci: &CiRecord, actor: &str) -> StoreResult<()>;
    /// Stores many new CIs, each with its first version and index entry, as one bulk write;
    /// returns their `seq`s in order. The bulk import path: backends write rows in multi-row
    /// statements rather than three statements per CI.
    async fn insert_cis(&mut self, cis: &[CiRecord], actor: &str) -> StoreResult<Vec<i64>> {
        let mut seqs = Vec::with_capacity(cis.len());
        for ci in cis {
            seqs.push(self.insert_ci(ci, actor).await?);
        }
        Ok(seqs)
    }
    /// Stores many CI changes (as [`Self::update_ci`] each) as one bulk write.
    async fn update_cis(&mut self, cis: &[CiRecord], actor: &str) -> StoreResult<()> {
        for ci in cis {
            self.update_ci(ci, actor).await?;
        }
        Ok(())
    }
    /// Stores a relationship (a live duplicate is a conflict).
    async fn insert_relationship(&mut self, r: &RelationshipRecord) -> StoreResult<()>;
    /// Stores many relationships, skipping any that already exist live; returns how many were
    /// new.
    async fn insert_relationships(&mut self, rs: &[RelationshipRecord]) -> StoreResult<u64>;
    /// Soft-deletes a relationship; false if it was not live.
    async fn delete_relationship(
        &mut self,
        tenant: TenantId,
        id: RelationshipId,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    /// Soft-deletes every live relationship touching a CI; returns how many.
    async fn delete_relationships_of(&mut self, tenant: TenantId, seq: i64, at: DateTime<Utc>) -> StoreResult<u64>;
    /// Stores a catalog document (a live one with the same kind and key is a conflict).
    async fn insert_catalog_doc(&mut self, d: &CatalogDocRecord) -> StoreResult<()>;
    /// Stores a catalog document's new state (`revision` already incremented; a stale one is a
    /// conflict), soft deletion included.
    async fn update_catalog_doc(&mut self, d: &CatalogDocRecord) -> StoreResult<()>;
    /// Stores a saved search (the same name for the same owner is a conflict).
    async fn insert_saved_search(&mut self, s: &SavedSearchRecord) -> StoreResult<()>;
    /// Deletes a saved search; false if there was none.
    async fn delete_saved_search(&mut self, tenant: TenantId, owner: UserId, id: SavedSearchId) -> StoreResult<bool>;
}
