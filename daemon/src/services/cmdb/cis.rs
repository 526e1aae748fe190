//! Configuration items: create, read (now or as of a time), change, soft delete, history and
//! diff. Every change writes a full version and one outbox event; the lifecycle and the class
//! schema are checked before anything is written.

use std::collections::BTreeMap;

use chrono::{DateTime, SubsecRound, Utc};
use nimbus_core::api::cmdb::{Ci, CiChange, CiDiff, CiHistory, CiVersion, CreateCi, UpdateCi};
use nimbus_core::audit::Category;
use nimbus_core::cmdb::{LifecycleState, diff};
use nimbus_core::ids::{CiId, CompartmentId, TenantId};
use serde_json::{Value, json};

use super::{check_attributes, check_tags, ci_dto, ci_permission, resolve_class};
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::services::tenancy::check_name;
use crate::store::WriteTx;
use crate::store::cmdb::{CiRecord, CmdbRead};

const MAX_TEXT: usize = 512;

fn check_text(field: &str, v: Option<String>) -> ServiceResult<Option<String>> {
    let v = v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(s) = &v
        && (s.len() > MAX_TEXT || s.chars().any(char::is_control))
    {
        return Err(ServiceError::Invalid {
            message: format!("{field}: must be at most {MAX_TEXT} printable characters"),
        });
    }
    Ok(v)
}

fn parse_state(s: &str) -> ServiceResult<LifecycleState> {
    LifecycleState::parse(s).ok_or_else(|| ServiceError::Invalid {
        message: format!("state: unknown state {s:?}; use planned, active, maintenance or retired"),
    })
}

fn not_found(id: CiId) -> ServiceError {
    ServiceError::NotFound { what: format!("configuration item {id}") }
}

/// The CI's current row, from a read handle; `NotFound` if it does not exist in `tenant`.
pub(super) async fn load_ci(
    read: &mut (impl CmdbRead + ?Sized),
    tenant: TenantId,
    id: CiId,
) -> ServiceResult<CiRecord> {
    read.ci(tenant, id).await?.ok_or_else(|| not_found(id))
}

fn version_dto(v: &crate::store::cmdb::CiVersionRecord) -> CiVersion {
    CiVersion { version: v.ci.version, valid_from: v.valid_from, actor: v.actor.clone(), ci: ci_dto(&v.ci) }
}

impl Services {
    /// The CI's compartment, for the authorization target of a change (read as the daemon: the
    /// permission check that follows decides whether the caller may see it at all).
    async fn ci_target(&self, tenant: TenantId, id: CiId) -> ServiceResult<(Target, String)> {
        let mut read = self.store.read(crate::store::TenantScope::Tenants(std::sync::Arc::from([tenant]))).await?;
        let ci = load_ci(read.as_mut(), tenant, id).await?;
        Ok((Target { tenant, compartment: ci.compartment_id }, ci.class))
    }

    /// Creates a CI.
    pub async fn create_ci(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreateCi,
    ) -> ServiceResult<Ci> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let state = match req.state.as_deref() {
            None => LifecycleState::Planned,
            Some(s) => parse_state(s)?,
        };
        if !state.is_initial() {
            return Err(ServiceError::Invalid {
                message: format!("state: a new CI starts as planned, active or maintenance, not {state}"),
            });
        }
        let attributes = req.attributes.unwrap_or_else(|| json!({}));
        check_attributes(&attributes)?;
        check_tags(&req.tags)?;
        let now = Utc::now();
        let ci = CiRecord {
            seq: 0,
            id: CiId::generate(),
            tenant_id: tenant,
            compartment_id: req.compartment_id,
            class: req.class.trim().to_ascii_lowercase(),
            name: check_name("CI", &req.name)?,
            state: state.as_str().to_owned(),
            attributes,
            tags: req.tags,
            external_id: check_text("external_id", req.external_id)?,
            provider: check_text("provider", req.provider)?,
            urn: check_text("urn", req.urn)?,
            version: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        };
        if ci.class.is_empty() {
            return Err(ServiceError::Invalid { message: "class: name the CI's class (`nimbus class list`)".into() });
        }
        let record = self.pipeline.run(&Caller::User(p.clone()), rc, CreateCiOp { ci }).await?;
        Ok(ci_dto(&record))
    }

    /// A CI now, or as it was at `at`.
    pub async fn get_ci(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: CiId,
        at: Option<DateTime<Utc>>,
    ) -> ServiceResult<Ci> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let ci = load_ci(read.as_mut(), tenant, id).await?;
        match at {
            None => Ok(ci_dto(&ci)),
            Some(at) => read
                .ci_as_of(tenant, ci.seq, at)
                .await?
                .map(|v| ci_dto(&v.ci))
                .ok_or_else(|| ServiceError::NotFound { what: format!("configuration item {id} at {at}") }),
        }
    }

    /// Every version of a CI, newest first.
    pub async fn ci_history(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: CiId,
    ) -> ServiceResult<CiHistory> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let ci = load_ci(read.as_mut(), tenant, id).await?;
        let versions = read.ci_versions(tenant, ci.seq).await?;
        Ok(CiHistory { versions: versions.iter().map(version_dto).collect() })
    }

    /// What changed between two versions.
    pub async fn ci_diff(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: CiId,
        from: i64,
        to: i64,
    ) -> ServiceResult<CiDiff> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let ci = load_ci(read.as_mut(), tenant, id).await?;
        let mut get = async |v: i64, field: &str| -> ServiceResult<Value> {
            let found = read.ci_version(tenant, ci.seq, v).await?.ok_or_else(|| ServiceError::Invalid {
                message: format!("{field}: CI {id} has no version {v} (it has 1 to {})", ci.version),
            })?;
            let mut snap = found.ci.snapshot();
            if let Some(o) = snap.as_object_mut() {
                // Bookkeeping fields differ between any two versions; the diff is about content.
                o.remove("version");
                o.remove("updated_at");
            }
            Ok(snap)
        };
        let a = get(from, "from").await?;
        let b = get(to, "to").await?;
        let changes =
            diff(&a, &b).into_iter().map(|c| CiChange { path: c.path, before: c.before, after: c.after }).collect();
        Ok(CiDiff { id, from, to, changes })
    }

    /// Changes a CI.
    pub async fn update_ci(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: CiId,
        req: UpdateCi,
    ) -> ServiceResult<Ci> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        if let Some(a) = &req.attributes {
            check_attributes(a)?;
        }
        if let Some(t) = &req.tags {
            check_tags(t)?;
        }
        let name = req.name.as_deref().map(|n| check_name("CI", n)).transpose()?;
        let state = req.state.as_deref().map(parse_state).transpose()?;
        if state == Some(LifecycleState::Deleted) {
            return Err(ServiceError::Invalid { message: "state: delete a CI with `nimbus ci delete`".into() });
        }
        let (target, class) = match self.ci_target(tenant, id).await {
            Ok(x) => x,
            // Unknown to the daemon: let the permission check decide what the caller learns.
            Err(ServiceError::NotFound { .. }) => (Target { tenant, compartment: None }, String::new()),
            Err(e) => return Err(e),
        };
        let op = UpdateCiOp {
            tenant,
            id,
            target,
            action: if class.is_empty() { "cmdb:ci:update" } else { ci_permission("update", &class) },
            change: Change::Update {
                name,
                state,
                attributes: req.attributes,
                tags: req.tags,
                compartment: req.compartment_id,
                urn: check_text("urn", req.urn)?,
            },
        };
        let record = self.pipeline.run(&Caller::User(p.clone()), rc, op).await?;
        Ok(ci_dto(&record))
    }

    /// Soft-deletes a CI and its relationships.
    pub async fn delete_ci(&self, p: &Principal, rc: &RequestContext, tenant: &str, id: CiId) -> ServiceResult<()> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let (target, class) = match self.ci_target(tenant, id).await {
            Ok(x) => x,
            Err(ServiceError::NotFound { .. }) => (Target { tenant, compartment: None }, String::new()),
            Err(e) => return Err(e),
        };
        let op = UpdateCiOp {
            tenant,
            id,
            target,
            action: if class.is_empty() { "cmdb:ci:delete" } else { ci_permission("delete", &class) },
            change: Change::Delete,
        };
        self.pipeline.run(&Caller::User(p.clone()), rc, DeleteCiOp(op)).await.map(|_| ())
    }
}

/// Checks that a compartment belongs to the tenant and is live.
async fn check_compartment(tx: &mut dyn WriteTx, tenant: TenantId, c: Option<CompartmentId>) -> ServiceResult<()> {
    if let Some(c) = c
        && tx.compartment(tenant, c).await?.is_none()
    {
        return Err(ServiceError::Invalid { message: format!("compartment_id: no compartment {c} in this tenant") });
    }
    Ok(())
}

struct CreateCiOp {
    ci: CiRecord,
}

impl Operation for CreateCiOp {
    type Output = CiRecord;
    const ACTION: &'static str = "cmdb:ci:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.ci.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.ci.tenant_id, compartment: self.ci.compartment_id })
    }

    fn action(&self) -> &'static str {
        ci_permission("create", &self.ci.class)
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CiRecord>> {
        let mut ci = self.ci;
        let class = resolve_class(tx, ci.tenant_id, &ci.class).await?;
        class.validate(&ci.attributes)?;
        check_compartment(tx, ci.tenant_id, ci.compartment_id).await?;
        if let Some(x) = &ci.external_id
            && !tx.cis_by_external_id(ci.tenant_id, std::slice::from_ref(x)).await?.is_empty()
        {
            return Err(ServiceError::Conflict {
                message: format!("external_id: a CI with external id {x:?} exists already; update it instead"),
            });
        }
        // The precision both databases store, so as-of reads at a returned time find it.
        let now = ctx.now.trunc_subsecs(6);
        ci.created_at = now;
        ci.updated_at = now;
        let actor = ctx.caller_display();
        ci.seq = tx.insert_ci(&ci, &actor).await?;
        let snapshot = ci.snapshot();
        Ok(Applied::new(ci.clone())
            .audit(
                AuditDraft::new(ci.tenant_id, "cmdb.ci.created", Category::Data)
                    .resource("ci", ci.id, Some(ci.name.clone()))
                    .new_value(snapshot.clone()),
            )
            .event(EventDraft::new(ci.tenant_id, "cmdb.ci.created", snapshot)))
    }
}

enum Change {
    Update {
        name: Option<String>,
        state: Option<LifecycleState>,
        attributes: Option<Value>,
        tags: Option<BTreeMap<String, String>>,
        compartment: Option<CompartmentId>,
        urn: Option<String>,
    },
    Delete,
}

struct UpdateCiOp {
    tenant: TenantId,
    id: CiId,
    target: Target,
    action: &'static str,
    change: Change,
}

/// Merges `patch` over `base`: `null` removes an attribute.
fn merge_attributes(base: &Value, patch: Value) -> Value {
    let mut out = base.as_object().cloned().unwrap_or_default();
    if let Value::Object(p) = patch {
        for (k, v) in p {
            if v.is_null() {
                out.remove(&k);
            } else {
                out.insert(k, v);
            }
        }
    }
    Value::Object(out)
}

impl UpdateCiOp {
    async fn run(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CiRecord>> {
        let now = ctx.now.trunc_subsecs(6);
        let old = load_ci(tx, self.tenant, self.id).await?;
        if old.deleted_at.is_some() {
            return Err(ServiceError::Conflict {
                message: format!("CI {} is deleted; it can no longer change", self.id),
            });
        }
        let from = parse_state(&old.state)?;
        let mut ci = old.clone();
        let (event, audit_event) = match self.change {
            Change::Delete => {
                from.check(LifecycleState::Deleted).map_err(|e| ServiceError::Invalid { message: e.to_string() })?;
                ci.state = LifecycleState::Deleted.as_str().to_owned();
                ci.deleted_at = Some(now);
                tx.delete_relationships_of(self.tenant, ci.seq, now).await?;
                ("cmdb.ci.deleted", "cmdb.ci.deleted")
            }
            Change::Update { name, state, attributes, tags, compartment, urn } => {
                if let Some(to) = state {
                    from.check(to).map_err(|e| ServiceError::Invalid { message: e.to_string() })?;
                    ci.state = to.as_str().to_owned();
                }
                if let Some(n) = name {
                    ci.name = n;
                }
                if let Some(a) = attributes {
                    ci.attributes = merge_attributes(&ci.attributes, a);
                    let class = resolve_class(tx, self.tenant, &ci.class).await?;
                    class.validate(&ci.attributes)?;
                }
                if let Some(t) = tags {
                    ci.tags = t;
                }
                if compartment.is_some() {
                    check_compartment(tx, self.tenant, compartment).await?;
                    ci.compartment_id = compartment;
                }
                if urn.is_some() {
                    ci.urn = urn;
                }
                ("cmdb.ci.updated", "cmdb.ci.updated")
            }
        };
        if ci == old {
            // Nothing changed: no new version, but the attempt is still on the record.
            return Ok(Applied::new(old.clone()).audit(
                AuditDraft::new(self.tenant, audit_event, Category::Data)
                    .resource("ci", old.id, Some(old.name.clone()))
                    .new_value(json!({"unchanged": true})),
            ));
        }
        ci.version += 1;
        ci.updated_at = now;
        tx.update_ci(&ci, &ctx.caller_display()).await?;
        let snapshot = ci.snapshot();
        Ok(Applied::new(ci.clone())
            .audit(
                AuditDraft::new(self.tenant, audit_event, Category::Data)
                    .resource("ci", ci.id, Some(ci.name.clone()))
                    .old_value(old.snapshot())
                    .new_value(snapshot.clone()),
            )
            .event(EventDraft::new(self.tenant, event, snapshot)))
    }
}

impl Operation for UpdateCiOp {
    type Output = CiRecord;
    const ACTION: &'static str = "cmdb:ci:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.ci.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(self.target)
    }

    fn action(&self) -> &'static str {
        self.action
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CiRecord>> {
        self.run(tx, ctx).await
    }
}

/// The same change as [`UpdateCiOp`] under the delete permission.
struct DeleteCiOp(UpdateCiOp);

impl Operation for DeleteCiOp {
    type Output = CiRecord;
    const ACTION: &'static str = "cmdb:ci:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.ci.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(self.0.target)
    }

    fn action(&self) -> &'static str {
        self.0.action
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CiRecord>> {
        self.0.run(tx, ctx).await
    }
}
