//! Records and filters of the audit log's storage: the integrated Merkle tree of each tenant,
//! its tiles and signed checkpoints, query filters, settings, saved queries and archived
//! segments. Shapes only: the backends map them to rows; the audit services decide everything.

use chrono::{DateTime, Utc};
use nimbus_core::ids::{AuditId, TenantId, UserId};
use nimbus_core::tlog::TileId;
use uuid::Uuid;

/// The integrated part of a tenant's log: records `1..=size` are the leaves of a tree with
/// `root`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditTreeRecord {
    /// Tenant.
    pub tenant_id: TenantId,
    /// Leaves integrated.
    pub size: u64,
    /// Root hash.
    pub root: [u8; 32],
    /// Last integration.
    pub updated_at: DateTime<Utc>,
}

/// A stored tile: concatenated 32-byte hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileRecord {
    /// Which tile.
    pub id: TileId,
    /// Its hashes.
    pub hashes: Vec<u8>,
}

/// A signed tree head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointRecord {
    /// Tenant.
    pub tenant_id: TenantId,
    /// Records covered.
    pub size: u64,
    /// Root hash.
    pub root: [u8; 32],
    /// The signed note.
    pub note: String,
    /// When it was signed.
    pub created_at: DateTime<Utc>,
}

/// A tenant whose log has records not yet integrated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditBacklog {
    /// Tenant.
    pub tenant_id: TenantId,
    /// Leaves integrated so far.
    pub integrated: u64,
    /// Records appended so far.
    pub appended: u64,
}

/// A resolved audit query (globs already validated; the backend translates them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Tenants whose logs are searched (the tenant, or its subtree).
    pub tenants: Vec<TenantId>,
    /// At or after.
    pub from: Option<DateTime<Utc>>,
    /// Before.
    pub to: Option<DateTime<Utc>>,
    /// Actor id.
    pub actor_id: Option<Uuid>,
    /// Glob over the actor's display name.
    pub actor_glob: Option<String>,
    /// Glob over the action.
    pub action_glob: Option<String>,
    /// Glob over the event type.
    pub event_glob: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// Priorities to include (empty = all).
    pub priorities: Vec<&'static str>,
    /// Resource type.
    pub resource_type: Option<String>,
    /// Resource id.
    pub resource_id: Option<String>,
    /// Outcome.
    pub outcome: Option<String>,
    /// Trace id.
    pub trace_id: Option<String>,
    /// Full-text words, all of which must match.
    pub words: Vec<String>,
    /// Keyset: strictly older than this (time, id).
    pub before: Option<(DateTime<Utc>, AuditId)>,
    /// Page size.
    pub limit: u32,
}

/// A saved query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedQueryRecord {
    /// Id.
    pub id: Uuid,
    /// Tenant.
    pub tenant_id: TenantId,
    /// Owner.
    pub owner_id: UserId,
    /// Name.
    pub name: String,
    /// Shared with the tenant.
    pub shared: bool,
    /// The filters, as JSON text of [`nimbus_core::api::audit::AuditQuery`].
    pub query: String,
    /// Saved at.
    pub created_at: DateTime<Utc>,
}

/// A range of records moved into the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSegmentRecord {
    /// Tenant.
    pub tenant_id: TenantId,
    /// First record.
    pub first_seq: u64,
    /// Last record.
    pub last_seq: u64,
    /// Object key of the segment.
    pub object: String,
    /// The manifest, JSON text.
    pub manifest: String,
    /// Archived at.
    pub created_at: DateTime<Utc>,
}

/// How far a SIEM sink has delivered one tenant's log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForwardCursor {
    /// Tenant.
    pub tenant_id: TenantId,
    /// Last record delivered.
    pub seq: u64,
    /// Size of the last checkpoint delivered.
    pub checkpoint_size: u64,
}
