//! Wire types of the audit log: records, queries, verification, proofs, checkpoints, settings,
//! saved queries and exports.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::audit::{Actor, AuditEntry, RequestInfo, ResourceRef, UnknownValue};
use crate::ids::{AuditId, TenantId, UserId};

/// One audit record, flat (so tables and CSV show it as it is).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct AuditRecord {
    /// Position in the tenant's log, from 1 without gaps.
    pub seq: u64,
    /// Record id.
    pub id: AuditId,
    /// Tenant whose log holds it.
    pub tenant_id: TenantId,
    /// When it happened (microsecond precision).
    pub occurred_at: DateTime<Utc>,
    /// `user`, `api_key`, `agent`, `system` or `anonymous`.
    pub actor_kind: String,
    /// The actor's id.
    pub actor_id: Option<uuid::Uuid>,
    /// The actor's name (email for users).
    pub actor_display: String,
    /// The user impersonating the actor.
    pub impersonator_id: Option<UserId>,
    /// Permission exercised.
    pub action: String,
    /// Dotted event type (`nimbus audit taxonomy`).
    pub event_type: String,
    /// Category.
    pub category: String,
    /// `debug`, `info`, `warn`, `err` or `critical`.
    pub priority: String,
    /// Resource type.
    pub resource_type: Option<String>,
    /// Resource id.
    pub resource_id: Option<String>,
    /// Resource name.
    pub resource_name: Option<String>,
    /// State before (redacted).
    pub old_value: Option<Value>,
    /// State after (redacted).
    pub new_value: Option<Value>,
    /// `success`, `denied` or `failed`.
    pub outcome: String,
    /// Error code of a denied or failed attempt.
    pub error_code: Option<String>,
    /// Trace id of the request.
    pub trace_id: String,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// HTTP method.
    pub request_method: Option<String>,
    /// HTTP path.
    pub request_path: Option<String>,
    /// The Merkle leaf hash the log holds for it (exports; hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf_hash: Option<String>,
}

impl AuditRecord {
    /// The wire form of a stored record.
    pub fn from_entry(seq: u64, e: &AuditEntry) -> Self {
        Self {
            seq,
            id: e.id,
            tenant_id: e.tenant_id,
            occurred_at: e.occurred_at,
            actor_kind: e.actor.kind.as_str().to_owned(),
            actor_id: e.actor.id,
            actor_display: e.actor.display.clone(),
            impersonator_id: e.impersonator_id,
            action: e.action.clone(),
            event_type: e.event_type.clone(),
            category: e.category.as_str().to_owned(),
            priority: e.priority.as_str().to_owned(),
            resource_type: e.resource.as_ref().map(|r| r.kind.clone()),
            resource_id: e.resource.as_ref().map(|r| r.id.clone()),
            resource_name: e.resource.as_ref().and_then(|r| r.name.clone()),
            old_value: e.old_value.clone(),
            new_value: e.new_value.clone(),
            outcome: e.outcome.as_str().to_owned(),
            error_code: e.error_code.clone(),
            trace_id: e.request.trace_id.clone(),
            ip: e.request.ip.clone(),
            user_agent: e.request.user_agent.clone(),
            request_method: e.request.method.clone(),
            request_path: e.request.path.clone(),
            leaf_hash: None,
        }
    }

    /// Back to the record (for offline verification of an export).
    pub fn to_entry(&self) -> Result<AuditEntry, UnknownValue> {
        Ok(AuditEntry {
            id: self.id,
            tenant_id: self.tenant_id,
            occurred_at: self.occurred_at,
            actor: Actor { kind: self.actor_kind.parse()?, id: self.actor_id, display: self.actor_display.clone() },
            impersonator_id: self.impersonator_id,
            action: self.action.clone(),
            event_type: self.event_type.clone(),
            category: self.category.parse()?,
            priority: self.priority.parse()?,
            resource: self.resource_type.as_ref().map(|kind| ResourceRef {
                kind: kind.clone(),
                id: self.resource_id.clone().unwrap_or_default(),
                name: self.resource_name.clone(),
            }),
            old_value: self.old_value.clone(),
            new_value: self.new_value.clone(),
            outcome: self.outcome.parse()?,
            error_code: self.error_code.clone(),
            request: RequestInfo {
                trace_id: self.trace_id.clone(),
                ip: self.ip.clone(),
                user_agent: self.user_agent.clone(),
                method: self.request_method.clone(),
                path: self.request_path.clone(),
            },
        })
    }
}

/// Filters of an audit query. Every field is optional; globs use `*`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject, async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditQuery", input_name = "AuditQueryInput"))]
pub struct AuditQuery {
    /// Records at or after this time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// Records before this time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
    /// Actor id, or a glob over the actor's name (`*@example.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Permission glob (`tenancy:*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Event type glob (`auth.login.*`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Lowest priority to include (`warn` includes `err` and `critical`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_priority: Option<String>,
    /// Resource type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Resource id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// `success`, `denied` or `failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// Trace id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    /// Full-text search over names, ids, paths and values (words, all must match).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Include the tenant's sub-tenants.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "graphql", graphql(default))]
    pub subtree: bool,
    /// Page size (default 100, at most 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Where the previous page ended (`next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// One page of records, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct AuditPage {
    /// Records.
    pub records: Vec<AuditRecord>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A signed tree head of a tenant's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditCheckpoint"))]
pub struct Checkpoint {
    /// Tenant.
    pub tenant_id: TenantId,
    /// Number of records it covers (records 1..=size).
    pub size: u64,
    /// Merkle root, hex.
    pub root: String,
    /// The C2SP signed note (origin, size, base64 root, signature lines).
    pub note: String,
    /// When it was signed.
    pub created_at: DateTime<Utc>,
}

/// Checkpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckpointList {
    /// Checkpoints, by size.
    pub checkpoints: Vec<Checkpoint>,
}

/// The key checkpoints are signed with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditPublicKey"))]
pub struct AuditPublicKey {
    /// `ed25519`.
    pub algorithm: String,
    /// Signed-note key name (also each checkpoint's signature line name).
    pub key_name: String,
    /// Verifier key in the signed-note format `<name>+<key id>+<base64 key>`: give it to
    /// `nimbus audit verify --file … --public-key …`.
    pub verifier_key: String,
    /// The raw Ed25519 public key, base64.
    pub public_key: String,
}

/// Verification of a tenant's log (or a range of it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct VerifyParams {
    /// First record to check (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_seq: Option<u64>,
    /// Last record to check (default: the latest checkpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_seq: Option<u64>,
}

/// What verification found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct VerifyProblem {
    /// The first bad sequence number.
    pub seq: u64,
    /// `missing`, `unexpected`, `altered`, `root_mismatch`, `truncated` or `bad_checkpoint`.
    pub kind: String,
    /// What is wrong, in words.
    pub detail: String,
}

/// Result of a verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct VerifyReport {
    /// Tenant.
    pub tenant_id: TenantId,
    /// Whether everything checked is intact.
    pub ok: bool,
    /// First record checked.
    pub from_seq: u64,
    /// Last record checked.
    pub to_seq: u64,
    /// Records read.
    pub records: u64,
    /// Signed checkpoints checked against the records.
    pub checkpoints_checked: u64,
    /// The first problem, when not ok.
    pub problem: Option<VerifyProblem>,
}

/// Proof that a record is in the log at a checkpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct InclusionProof {
    /// The record's sequence number (leaf index + 1).
    pub seq: u64,
    /// Its leaf hash, hex.
    pub leaf_hash: String,
    /// The checkpoint the proof leads to.
    pub checkpoint: Checkpoint,
    /// The audit path (RFC 9162 §2.1.3), hex hashes.
    pub hashes: Vec<String>,
}

/// Proof that one checkpoint's tree is a prefix of another's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ConsistencyProof {
    /// The older checkpoint.
    pub old: Checkpoint,
    /// The newer checkpoint.
    pub new: Checkpoint,
    /// The proof (RFC 9162 §2.1.4), hex hashes.
    pub hashes: Vec<String>,
}

/// Per-tenant audit settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct AuditSettings {
    /// Record API reads (off by default: they are many).
    pub log_reads: bool,
    /// Record changes. Always on for security-relevant categories.
    pub log_writes: bool,
    /// Record sign-ins, refreshes and sign-outs.
    pub log_auth: bool,
    /// Record failed attempts.
    pub log_errors: bool,
    /// Extra field-name patterns to redact, on top of the built-in rules (`*_ssn`).
    pub redact_fields: Vec<String>,
    /// Days records stay in the database before archival.
    pub hot_days: u32,
    /// Per-category overrides of `hot_days`.
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub category_hot_days: BTreeMap<String, u32>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            log_reads: false,
            log_writes: true,
            log_auth: true,
            log_errors: true,
            redact_fields: Vec::new(),
            hot_days: 30,
            category_hot_days: BTreeMap::new(),
        }
    }
}

/// Changes audit settings; omitted fields stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(name = "UpdateAuditSettingsInput"))]
pub struct UpdateAuditSettings {
    /// See [`AuditSettings`].
    #[serde(default)]
    pub log_reads: Option<bool>,
    /// See [`AuditSettings`].
    #[serde(default)]
    pub log_writes: Option<bool>,
    /// See [`AuditSettings`].
    #[serde(default)]
    pub log_auth: Option<bool>,
    /// See [`AuditSettings`].
    #[serde(default)]
    pub log_errors: Option<bool>,
    /// Replaces the tenant's redaction patterns.
    #[serde(default)]
    pub redact_fields: Option<Vec<String>>,
    /// See [`AuditSettings`].
    #[serde(default)]
    pub hot_days: Option<u32>,
    /// Replaces the per-category overrides.
    #[serde(default)]
    #[cfg_attr(feature = "graphql", graphql(skip))]
    pub category_hot_days: Option<BTreeMap<String, u32>>,
}

/// A saved audit query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditSavedQuery"))]
pub struct SavedQuery {
    /// Id.
    pub id: uuid::Uuid,
    /// Name, unique per owner.
    pub name: String,
    /// Visible to everyone who may read the tenant's audit log, not only its owner.
    pub shared: bool,
    /// Who saved it.
    pub owner_id: UserId,
    /// The filters.
    pub query: AuditQuery,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// Saved queries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedQueryList {
    /// The caller's own and the shared ones, by name.
    pub queries: Vec<SavedQuery>,
}

/// Saves (or replaces, by name) a query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::InputObject))]
#[cfg_attr(feature = "graphql", graphql(name = "SaveAuditQueryInput"))]
pub struct SaveQuery {
    /// Name.
    pub name: String,
    /// Share with the tenant.
    #[serde(default)]
    #[cfg_attr(feature = "graphql", graphql(default))]
    pub shared: bool,
    /// The filters (`cursor` and `limit` are not saved).
    pub query: AuditQuery,
}

/// One documented event type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxonomyEntry {
    /// Dotted name.
    pub event_type: String,
    /// Category.
    pub category: String,
    /// What it means.
    pub description: String,
}

/// The event taxonomy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Taxonomy {
    /// Event types, grouped by domain.
    pub event_types: Vec<TaxonomyEntry>,
}

/// Export formats.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ExportFormat {
    /// One JSON object per line: a header, the records with interleaved signed checkpoints.
    #[default]
    Ndjson,
    /// One JSON document: `{"header", "records", "checkpoints"}`.
    Json,
    /// Comma-separated records (with `seq` and `leaf_hash`), checkpoints as trailing rows.
    Csv,
}

/// What an export covers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ExportParams {
    /// Format (default ndjson).
    #[serde(default)]
    pub format: ExportFormat,
    /// First record (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_seq: Option<u64>,
    /// Last record (default: the latest checkpoint, so everything exported is verifiable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_seq: Option<u64>,
}

/// First line of an NDJSON export (the `header` of a JSON export): what offline verification
/// needs besides the records and checkpoints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportHeader {
    /// Export format version (1).
    pub nimbus_audit_export: u32,
    /// Tenant.
    pub tenant_id: TenantId,
    /// The log's checkpoint origin line.
    pub origin: String,
    /// Verifier key of the checkpoint signatures (compare it with the one you trust).
    pub verifier_key: String,
    /// First record.
    pub from_seq: u64,
    /// Last record.
    pub to_seq: u64,
    /// When the export was made.
    pub exported_at: DateTime<Utc>,
}

/// A checkpoint line of an NDJSON export: `{"checkpoint": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportCheckpointLine {
    /// The checkpoint.
    pub checkpoint: Checkpoint,
}

/// An event of the live stream (`GET /api/v1/events`, Server-Sent Events): the SSE `id` is
/// `id`, the SSE `event` is `topic`, the data is this object.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamEvent {
    /// Event id (resume with `Last-Event-ID`).
    pub id: String,
    /// Dotted topic: `audit.record` for audit records, else the domain event's topic.
    pub topic: String,
    /// Tenant.
    pub tenant_id: TenantId,
    /// When it was published.
    pub at: DateTime<Utc>,
    /// Body; for `audit.record` an [`AuditRecord`].
    pub data: Value,
}

/// An archived segment of a tenant's log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditArchiveSegment"))]
pub struct ArchiveSegment {
    /// First record.
    pub first_seq: u64,
    /// Last record.
    pub last_seq: u64,
    /// Records in it.
    pub records: u64,
    /// Object name in the archive.
    pub object: String,
    /// Compressed size.
    pub bytes: u64,
    /// SHA-256 of the compressed object, hex.
    pub sha256: String,
    /// Size of the signed checkpoint that covers it.
    pub checkpoint_size: u64,
    /// When it was archived.
    pub created_at: DateTime<Utc>,
}

/// Archived segments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditArchive"))]
pub struct ArchiveSegmentList {
    /// Where the archive is (`directory …` or `s3://…`).
    pub target: String,
    /// Segments, oldest first.
    pub segments: Vec<ArchiveSegment>,
    /// First records of segments the database lists but the archive no longer holds (restore
    /// them from a copy of the archive: verification of those ranges fails until then).
    pub missing: Vec<u64>,
}

/// What an archival run moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
#[cfg_attr(feature = "graphql", graphql(name = "AuditArchiveRun"))]
pub struct ArchiveRunReport {
    /// Records moved out of the database.
    pub records: u64,
    /// Segments written.
    pub segments: Vec<ArchiveSegment>,
}
