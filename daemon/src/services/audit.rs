//! The audit log's use cases: query and full-text search, verification, proofs and checkpoints,
//! exports, the live stream's subscriptions, per-tenant settings and saved queries.
//!
//! Every read is checked against `audit:log:read` on each tenant it touches (a subtree query
//! checks each sub-tenant and silently leaves out those the caller may not read); exports need
//! `audit:log:export` and are themselves audited; settings and saved queries change through the
//! pipeline like everything else.

use std::collections::BTreeMap;

use chrono::Utc;
use nimbus_core::api::audit::{
    ArchiveRunReport, ArchiveSegment, ArchiveSegmentList, AuditPage, AuditPublicKey, AuditQuery, AuditRecord,
    AuditSettings, CheckpointList, ConsistencyProof, ExportHeader, ExportParams, InclusionProof, SaveQuery, SavedQuery,
    SavedQueryList, Taxonomy, TaxonomyEntry, UpdateAuditSettings, VerifyParams, VerifyReport,
};
use nimbus_core::audit::{Category, FieldPattern, Priority, TAXONOMY};
use nimbus_core::ids::TenantId;
use serde_json::json;
use uuid::Uuid;

use super::Services;
use crate::audit::archiver;
use crate::audit::export::{self, ExportJob};
use crate::audit::hub::EventHub;
use crate::audit::query;
use crate::audit::verify::{self, VerifyError, checkpoint_dto};
use crate::auth::Principal;
use crate::authz::{RequestAttrs, Target};
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, RequestContext};
use crate::store::{SavedQueryRecord, StoreError, WriteTx};

const READ: &str = "audit:log:read";

impl From<VerifyError> for ServiceError {
    fn from(e: VerifyError) -> Self {
        match e {
            VerifyError::Store(s) => ServiceError::Store(s),
            VerifyError::Invalid(message) => ServiceError::Invalid { message },
        }
    }
}

/// A live subscription: the tenants it covers and where each starts.
#[derive(Debug)]
pub struct Subscription {
    /// Tenants the caller may read, with the position to continue after.
    pub tenants: BTreeMap<TenantId, u64>,
    /// The hub to receive from and replay with.
    pub hub: EventHub,
}

/// An export ready to stream.
#[derive(Debug)]
pub struct Export {
    /// Content type.
    pub content_type: &'static str,
    /// File name for `Content-Disposition`.
    pub file_name: String,
    /// The body's chunks.
    pub body: tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>,
}

impl Services {
    /// A read handle scoped to one tenant (after its permission check).
    async fn tenant_read(&self, tenant: TenantId) -> ServiceResult<Box<dyn crate::store::ReadTx>> {
        Ok(self.store.read(crate::store::TenantScope::Tenants(vec![tenant].into())).await?)
    }

    async fn audit_tenant(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        perm: &'static str,
    ) -> ServiceResult<TenantId> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.check(principal, rc, perm, Target { tenant, compartment: None }).await?;
        Ok(tenant)
    }

    /// The tenant, plus (with `subtree`) every sub-tenant whose log the caller may read.
    async fn readable_tenants(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        subtree: bool,
    ) -> ServiceResult<Vec<TenantId>> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, READ, Target { tenant, compartment: None }).await?;
        if !subtree {
            return Ok(vec![tenant]);
        }
        let attrs = RequestAttrs { ip: rc.ip, ..RequestAttrs::default() };
        let mut out = vec![tenant];
        for t in ok.snapshot().descendants(tenant).into_iter().skip(1) {
            if self.authz.authorize(principal, READ, Target { tenant: t, compartment: None }, &attrs).await.is_ok() {
                out.push(t);
            }
        }
        Ok(out)
    }

    /// The documented event types.
    pub fn audit_taxonomy(&self) -> Taxonomy {
        Taxonomy {
            event_types: TAXONOMY
                .iter()
                .map(|k| TaxonomyEntry {
                    event_type: k.name.to_owned(),
                    category: k.category.as_str().to_owned(),
                    description: k.description.to_owned(),
                })
                .collect(),
        }
    }

    /// The key checkpoints are signed with (public: anyone may verify).
    pub fn audit_public_key(&self) -> AuditPublicKey {
        AuditPublicKey {
            algorithm: "ed25519".into(),
            key_name: self.audit.signer.key_name().to_owned(),
            verifier_key: self.audit.signer.verifier_key(),
            public_key: self.audit.signer.public_key_base64(),
        }
    }

    /// Records matching `q`, newest first, one page.
    pub async fn query_audit(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        q: &AuditQuery,
    ) -> ServiceResult<AuditPage> {
        let tenants = self.readable_tenants(principal, rc, key, q.subtree).await?;
        let filter = query::resolve(q, tenants).map_err(|message| ServiceError::Invalid { message })?;
        let rows = self
            .store
            .read(crate::store::TenantScope::Tenants(filter.tenants.clone().into()))
            .await?
            .audit_query(&filter)
            .await?;
        let next_cursor = (rows.len() == filter.limit as usize).then(|| rows.last().map(query::cursor_after)).flatten();
        Ok(AuditPage {
            records: rows
                .iter()
                .map(|r| AuditRecord::from_entry(u64::try_from(r.seq).unwrap_or(0), &r.entry))
                .collect(),
            next_cursor,
        })
    }

    /// Verifies a tenant's log (or a range of it) against its signed checkpoints.
    pub async fn verify_audit(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        p: &VerifyParams,
    ) -> ServiceResult<VerifyReport> {
        let tenant = self.audit_tenant(principal, rc, key, READ).await?;
        let mut read = self.tenant_read(tenant).await?;
        let origin = self.audit.signer.origin(tenant);
        let archive = Some(self.audit.archive.clone());
        Ok(verify::verify(read.as_mut(), tenant, &self.audit.verifier, &origin, p.from_seq, p.to_seq, archive).await?)
    }

    /// A tenant's checkpoints from size `from`, by size.
    pub async fn audit_checkpoints(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        from: Option<u64>,
        limit: Option<u32>,
    ) -> ServiceResult<CheckpointList> {
        let tenant = self.audit_tenant(principal, rc, key, READ).await?;
        let limit = limit.unwrap_or(100).clamp(1, 1000);
        let rows =
            self.tenant_read(tenant).await?.audit_checkpoints(tenant, from.unwrap_or(0), u64::MAX, limit).await?;
        Ok(CheckpointList { checkpoints: rows.iter().map(checkpoint_dto).collect() })
    }

    /// Proof that record `seq` is in the log at the newest checkpoint (or at `size`).
    pub async fn audit_inclusion(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        seq: u64,
        size: Option<u64>,
    ) -> ServiceResult<InclusionProof> {
        let tenant = self.audit_tenant(principal, rc, key, READ).await?;
        let mut read = self.tenant_read(tenant).await?;
        Ok(verify::inclusion(read.as_mut(), tenant, seq, size).await?)
    }

    /// Proof that the checkpoint of size `old` is a prefix of the one of size `new` (default newest).
    pub async fn audit_consistency(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        old: u64,
        new: Option<u64>,
    ) -> ServiceResult<ConsistencyProof> {
        let tenant = self.audit_tenant(principal, rc, key, READ).await?;
        let mut read = self.tenant_read(tenant).await?;
        Ok(verify::consistency(read.as_mut(), tenant, old, new).await?)
    }

    /// Starts a streamed export (audited as `audit.export.requested`).
    pub async fn export_audit(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        p: &ExportParams,
    ) -> ServiceResult<Export> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let latest = self
            .store
            .read(crate::store::TenantScope::System)
            .await?
            .latest_audit_checkpoint(tenant)
            .await?
            .map_or(0, |c| c.size);
        let from = p.from_seq.unwrap_or(1).max(1);
        let to = p.to_seq.unwrap_or(latest).min(latest);
        if latest > 0 && from > to {
            return Err(ServiceError::Invalid {
                message: format!("nothing to export between {from} and {to}: checkpoints cover records 1 to {latest}"),
            });
        }
        let header = ExportHeader {
            nimbus_audit_export: 1,
            tenant_id: tenant,
            origin: self.audit.signer.origin(tenant),
            verifier_key: self.audit.signer.verifier_key(),
            from_seq: from,
            to_seq: to,
            exported_at: Utc::now(),
        };
        self.pipeline
            .run(&Caller::User(principal.clone()), rc, ExportOp { tenant, from, to, format: p.format })
            .await?;
        self.audit.wake.notify_one();
        let (content_type, ext) = match p.format {
            nimbus_core::api::audit::ExportFormat::Ndjson => ("application/x-ndjson", "ndjson"),
            nimbus_core::api::audit::ExportFormat::Json => ("application/json", "json"),
            nimbus_core::api::audit::ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        };
        let job = ExportJob { tenant, format: p.format, header, archive: Some(self.audit.archive.clone()) };
        let body = export::spawn(self.store.clone(), job);
        Ok(Export { content_type, file_name: format!("audit-{tenant}-{from}-{to}.{ext}"), body })
    }

    /// Opens a live subscription to audit events of the tenant (and, with `subtree`, of its
    /// readable sub-tenants), continuing after `resume` where given.
    pub async fn subscribe_audit(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        subtree: bool,
        resume: &BTreeMap<TenantId, u64>,
    ) -> ServiceResult<Subscription> {
        let tenants = self.readable_tenants(principal, rc, key, subtree).await?;
        if tenants.len() > 200 {
            return Err(ServiceError::Invalid {
                message: format!("the subtree has {} tenants; subscribe to a smaller one (at most 200)", tenants.len()),
            });
        }
        let heads = self.audit.hub.heads(&tenants).await?;
        let tenants = tenants
            .into_iter()
            .map(|t| (t, resume.get(&t).copied().unwrap_or_else(|| heads.get(&t).copied().unwrap_or(0))))
            .collect();
        Ok(Subscription { tenants, hub: self.audit.hub.clone() })
    }

    /// The live event hub.
    pub fn audit_hub(&self) -> EventHub {
        self.audit.hub.clone()
    }

    /// Whether the caller may still read `tenant`'s log (streams re-check as grants change).
    pub async fn may_read_audit(&self, principal: &Principal, rc: &RequestContext, tenant: TenantId) -> bool {
        let attrs = RequestAttrs { ip: rc.ip, ..RequestAttrs::default() };
        self.authz.authorize(principal, READ, Target { tenant, compartment: None }, &attrs).await.is_ok()
    }

    /// A tenant's audit settings.
    pub async fn audit_settings(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<AuditSettings> {
        let tenant = self.audit_tenant(principal, rc, key, "audit:settings:read").await?;
        Ok(self.tenant_read(tenant).await?.audit_settings(tenant).await?.unwrap_or_default())
    }

    /// Changes a tenant's audit settings.
    pub async fn update_audit_settings(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        body: UpdateAuditSettings,
    ) -> ServiceResult<AuditSettings> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let out = self.pipeline.run(&Caller::User(principal.clone()), rc, SettingsOp { tenant, body }).await?;
        self.audit.settings.invalidate(tenant);
        Ok(out)
    }

    /// The caller's saved queries and the tenant's shared ones.
    pub async fn saved_audit_queries(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<SavedQueryList> {
        let tenant = self.audit_tenant(principal, rc, key, READ).await?;
        let rows = self.tenant_read(tenant).await?.saved_audit_queries(tenant, principal.user_id()).await?;
        Ok(SavedQueryList { queries: rows.iter().map(saved_dto).collect::<ServiceResult<_>>()? })
    }

    /// Saves (or replaces by name) a query.
    pub async fn save_audit_query(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        body: SaveQuery,
    ) -> ServiceResult<SavedQuery> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let name = body.name.trim().to_owned();
        if name.is_empty() || name.len() > 100 {
            return Err(ServiceError::Invalid { message: "name: give 1 to 100 characters".into() });
        }
        let mut q = body.query;
        q.cursor = None;
        q.limit = None;
        // Saved filters must be valid ones.
        query::resolve(&q, vec![tenant]).map_err(|m| ServiceError::Invalid { message: format!("query: {m}") })?;
        let record = SavedQueryRecord {
            id: Uuid::now_v7(),
            tenant_id: tenant,
            owner_id: principal.user_id(),
            name,
            shared: body.shared,
            query: serde_json::to_string(&q).map_err(|e| ServiceError::Internal(e.into()))?,
            created_at: Utc::now(),
        };
        let op = SavedQueryOp { tenant, change: SavedChange::Save(record.clone()) };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        saved_dto(&record)
    }

    /// Deletes one of the caller's saved queries.
    pub async fn delete_audit_query(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: Uuid,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let op = SavedQueryOp { tenant, change: SavedChange::Delete { owner: principal.user_id(), id } };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await
    }
}

/// Archival.
impl Services {
    /// Moves the tenant's records past their retention window into the archive.
    pub async fn run_audit_archival(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<ArchiveRunReport> {
        let tenant = self.audit_tenant(principal, rc, key, "audit:archive:run").await?;
        let settings = self.audit.settings.get(tenant).await?.settings.clone();
        let outcome = archiver::run(self.store.as_ref(), &self.audit.archive, tenant, &settings, Utc::now()).await;
        let report = self
            .pipeline
            .run(&Caller::User(principal.clone()), rc, ArchiveOp { tenant, outcome: Some(outcome) })
            .await?;
        self.audit.wake.notify_one();
        let segments = self.archive_segments_of(tenant).await?;
        Ok(ArchiveRunReport {
            records: report.records,
            segments: segments
                .into_iter()
                .filter(|s| report.segments.iter().any(|r| r.first_seq == s.first_seq))
                .collect(),
        })
    }

    async fn archive_segments_of(&self, tenant: TenantId) -> ServiceResult<Vec<ArchiveSegment>> {
        let rows = self.tenant_read(tenant).await?.audit_archive_segments(tenant).await?;
        rows.iter()
            .map(|r| {
                let m = archiver::manifest_of(r)?;
                Ok(ArchiveSegment {
                    first_seq: m.first_seq,
                    last_seq: m.last_seq,
                    records: m.records,
                    object: m.object,
                    bytes: m.bytes,
                    sha256: m.sha256,
                    checkpoint_size: m.checkpoint_size,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// The tenant's archived segments.
    pub async fn audit_archive_segments(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<ArchiveSegmentList> {
        let tenant = self.audit_tenant(principal, rc, key, "audit:archive:read").await?;
        let segments = self.archive_segments_of(tenant).await?;
        // Reconcile with what the archive actually holds.
        let stored =
            self.audit.archive.list(tenant).await.map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))?;
        let missing = segments
            .iter()
            .filter(|s| !stored.iter().any(|m| m.first_seq == s.first_seq))
            .map(|s| s.first_seq)
            .collect();
        Ok(ArchiveSegmentList { target: self.audit.archive.describe(), missing, segments })
    }

    /// One segment's `.ndjson.gz` as stored (checked against its manifest).
    pub async fn fetch_audit_segment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        first_seq: u64,
    ) -> ServiceResult<axum::body::Bytes> {
        let tenant = self.audit_tenant(principal, rc, key, "audit:archive:read").await?;
        let rows = self.tenant_read(tenant).await?.audit_archive_segments(tenant).await?;
        let seg = rows
            .iter()
            .find(|r| r.first_seq == first_seq)
            .ok_or_else(|| ServiceError::NotFound { what: format!("archived segment starting at {first_seq}") })?;
        self.audit
            .archive
            .fetch_raw(&archiver::manifest_of(seg)?)
            .await
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("{e}")))
    }
}

pub(crate) struct ArchiveOp {
    pub(crate) tenant: TenantId,
    pub(crate) outcome: Option<Result<archiver::ArchiveRun, StoreError>>,
}

impl Operation for ArchiveOp {
    type Output = archiver::ArchiveRun;
    const ACTION: &'static str = "audit:archive:run";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "audit.archive.failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(
        mut self,
        _tx: &mut dyn WriteTx,
        _ctx: &OpContext<'_>,
    ) -> ServiceResult<Applied<archiver::ArchiveRun>> {
        let run = self.outcome.take().unwrap_or_else(|| Ok(archiver::ArchiveRun::default()))?;
        let first = run.segments.first().map(|s| s.first_seq);
        let last = run.segments.last().map(|s| s.last_seq);
        Ok(Applied::new(run.clone()).audit(
            AuditDraft::new(self.tenant, "audit.archive.completed", Category::System)
                .resource("audit_log", self.tenant, None)
                .new_value(json!({ "records": run.records, "segments": run.segments.len(), "first_seq": first, "last_seq": last })),
        ))
    }
}

fn saved_dto(r: &SavedQueryRecord) -> ServiceResult<SavedQuery> {
    Ok(SavedQuery {
        id: r.id,
        name: r.name.clone(),
        shared: r.shared,
        owner_id: r.owner_id,
        query: serde_json::from_str(&r.query)
            .map_err(|e| ServiceError::Store(StoreError::Corrupt(format!("saved query {}: {e}", r.id))))?,
        created_at: r.created_at,
    })
}

struct ExportOp {
    tenant: TenantId,
    from: u64,
    to: u64,
    format: nimbus_core::api::audit::ExportFormat,
}

impl Operation for ExportOp {
    type Output = ();
    const ACTION: &'static str = "audit:log:export";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "audit.read.denied";
    const CATEGORY: Category = Category::Security;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, _tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.tenant, "audit.export.requested", Category::Security)
                .priority(Priority::Warn)
                .resource("audit_log", self.tenant, None)
                .new_value(json!({ "from_seq": self.from, "to_seq": self.to, "format": self.format })),
        ))
    }
}

struct SettingsOp {
    tenant: TenantId,
    body: UpdateAuditSettings,
}

impl Operation for SettingsOp {
    type Output = AuditSettings;
    const ACTION: &'static str = "audit:settings:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "audit.settings.update_failed";
    const CATEGORY: Category = Category::System;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<AuditSettings>> {
        let old = tx.audit_settings(self.tenant).await?.unwrap_or_default();
        let mut new = old.clone();
        let b = self.body;
        if let Some(v) = b.log_reads {
            new.log_reads = v;
        }
        if let Some(v) = b.log_writes {
            new.log_writes = v;
        }
        if let Some(v) = b.log_auth {
            new.log_auth = v;
        }
        if let Some(v) = b.log_errors {
            new.log_errors = v;
        }
        if let Some(v) = b.redact_fields {
            if v.len() > 100 {
                return Err(ServiceError::Invalid { message: "redact_fields: at most 100 patterns".into() });
            }
            new.redact_fields = v
                .iter()
                .map(|p| {
                    FieldPattern::parse(p)
                        .map(|p| p.as_str().to_owned())
                        .map_err(|m| ServiceError::Invalid { message: format!("redact_fields: {m}") })
                })
                .collect::<ServiceResult<_>>()?;
        }
        if let Some(v) = b.hot_days {
            if v > 3650 {
                return Err(ServiceError::Invalid {
                    message: "hot_days: give 0 (archive as soon as checkpointed) to 3650 days".into(),
                });
            }
            new.hot_days = v;
        }
        if let Some(v) = b.category_hot_days {
            for (c, d) in &v {
                c.parse::<Category>().map_err(|_| ServiceError::Invalid {
                    message: format!(
                        "category_hot_days: unknown category {c:?}; use one of {}",
                        Category::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                })?;
                if *d > 3650 {
                    return Err(ServiceError::Invalid {
                        message: format!("category_hot_days.{c}: give 0 to 3650 days"),
                    });
                }
            }
            new.category_hot_days = v;
        }
        tx.put_audit_settings(self.tenant, &new, ctx.now).await?;
        Ok(Applied::new(new.clone()).audit(
            AuditDraft::new(self.tenant, "audit.settings.updated", Category::System)
                .priority(Priority::Warn)
                .resource("audit_settings", self.tenant, None)
                .old_value(serde_json::to_value(&old).unwrap_or_default())
                .new_value(serde_json::to_value(&new).unwrap_or_default()),
        ))
    }
}

enum SavedChange {
    Save(SavedQueryRecord),
    Delete { owner: nimbus_core::ids::UserId, id: Uuid },
}

struct SavedQueryOp {
    tenant: TenantId,
    change: SavedChange,
}

impl Operation for SavedQueryOp {
    type Output = ();
    const ACTION: &'static str = "audit:query:save";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "audit.query.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let draft = match self.change {
            SavedChange::Save(r) => {
                tx.put_saved_audit_query(&r).await?;
                AuditDraft::new(self.tenant, "audit.query.saved", Category::Data)
                    .resource("audit_query", r.id, Some(r.name.clone()))
                    .new_value(json!({ "name": r.name, "shared": r.shared, "query": r.query }))
            }
            SavedChange::Delete { owner, id } => {
                if !tx.delete_saved_audit_query(self.tenant, owner, id).await? {
                    return Err(ServiceError::NotFound { what: format!("saved query {id} of yours") });
                }
                AuditDraft::new(self.tenant, "audit.query.deleted", Category::Data).resource("audit_query", id, None)
            }
        };
        Ok(Applied::new(()).audit(draft))
    }
}
