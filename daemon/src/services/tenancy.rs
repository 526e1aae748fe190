//! Tenants and compartments: the tenant tree under the provider root (depth-limited, with
//! quotas, soft delete and restore) and the compartments nested inside each tenant.
//!
//! Every read passes the authorizer first and runs under the scope it grants; every change is
//! an operation through the pipeline. Managing a tenant's existence and quotas needs permission
//! at its parent (a tenant cannot raise its own quotas or undelete itself); its details need
//! permission at the tenant.

use std::collections::HashMap;

use nimbus_core::api::tenancy::{
    Compartment, CompartmentList, CreateCompartment, CreateTenant, MoveCompartment, Tenant, TenantList,
    UpdateCompartment, UpdateTenant,
};
use nimbus_core::audit::{Category, Priority};
use nimbus_core::email::Email;
use nimbus_core::ids::{CompartmentId, TenantId};
use serde_json::json;

use super::Services;
use crate::auth::Principal;
use crate::authz::{Authorized, RequestAttrs, Target, TenantInfo};
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::store::{CompartmentRecord, StoreError, TenantRecord, WriteTx};

/// Longest tenant or compartment name.
const MAX_NAME: usize = 128;

pub(crate) fn check_name(what: &str, name: &str) -> ServiceResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(ServiceError::Invalid {
            message: format!("{what} name must be 1 to {MAX_NAME} printable characters"),
        });
    }
    Ok(name.to_owned())
}

fn check_slug(slug: &str) -> ServiceResult<String> {
    let ok = (2..=63).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug.parse::<TenantId>().is_err();
    if ok {
        Ok(slug.to_owned())
    } else {
        Err(ServiceError::Invalid {
            message: format!(
                "slug {slug:?} is invalid: use 2 to 63 lowercase letters, digits and inner hyphens (e.g. `acme-eu`)"
            ),
        })
    }
}

fn slug_from(name: &str) -> String {
    let mut slug = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(63).collect()
}

fn check_domains(domains: &[String]) -> ServiceResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for d in domains {
        let d = d.trim().trim_start_matches('@').to_lowercase();
        // An address at the domain must parse: that is exactly what login discovery will see.
        if Email::parse(&format!("x@{d}")).is_err() || !d.contains('.') {
            return Err(ServiceError::Invalid { message: format!("{d:?} is not an email domain (e.g. `acme.com`)") });
        }
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out.sort();
    Ok(out)
}

fn check_email(email: Option<&str>) -> ServiceResult<Option<String>> {
    email
        .map(|e| {
            Email::parse(e)
                .map(|e| e.as_str().to_owned())
                .map_err(|e| ServiceError::Invalid { message: format!("contact_email: {e}") })
        })
        .transpose()
}

pub(crate) fn tenant_dto(t: &TenantRecord, domains: Vec<String>) -> Tenant {
    Tenant {
        id: t.id,
        parent_id: t.parent_id,
        name: t.name.clone(),
        slug: t.slug.clone(),
        depth: t.depth,
        contact_email: t.contact_email.clone(),
        settings: t.settings.clone(),
        tags: t.tags.clone(),
        quotas: t.quotas,
        domains,
        created_at: t.created_at,
        updated_at: t.updated_at,
        deleted_at: t.deleted_at,
        purged_at: t.purged_at,
    }
}

fn tenant_json(t: &TenantRecord) -> serde_json::Value {
    json!({
        "name": t.name, "slug": t.slug, "parent_id": t.parent_id, "contact_email": t.contact_email,
        "settings": t.settings, "tags": t.tags, "quotas": t.quotas, "deleted_at": t.deleted_at,
    })
}

fn compartment_dtos(records: &[CompartmentRecord]) -> Vec<Compartment> {
    let by_id: HashMap<CompartmentId, &CompartmentRecord> = records.iter().map(|c| (c.id, c)).collect();
    let path = |c: &CompartmentRecord| {
        let mut names = vec![c.name.clone()];
        let mut parent = c.parent_id;
        while let Some(p) = parent.and_then(|p| by_id.get(&p)) {
            if names.len() > by_id.len() {
                break;
            }
            names.push(p.name.clone());
            parent = p.parent_id;
        }
        names.reverse();
        names.join("/")
    };
    let mut out: Vec<Compartment> = records
        .iter()
        .map(|c| Compartment {
            id: c.id,
            tenant_id: c.tenant_id,
            parent_id: c.parent_id,
            name: c.name.clone(),
            description: c.description.clone(),
            path: path(c),
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// A quota check: `Ok(true)` when a soft limit is passed (allowed, but recorded as a warning).
fn within_quota(what: &str, limit: nimbus_core::api::tenancy::Limit, current: u32) -> ServiceResult<bool> {
    if current < limit.limit {
        return Ok(false);
    }
    if limit.hard {
        return Err(ServiceError::QuotaExceeded {
            message: format!(
                "the tenant has reached its limit of {} {what}; remove some or ask the parent tenant's administrator to raise the quota",
                limit.limit
            ),
        });
    }
    Ok(true)
}

fn conflict_as(message: String) -> impl FnOnce(StoreError) -> ServiceError {
    move |e| match e {
        StoreError::Conflict(_) => ServiceError::Conflict { message },
        other => other.into(),
    }
}

impl Services {
    /// Checks `permission` on `target` for a read, auditing a refusal (always) and the read (when
    /// the tenant logs reads).
    pub(crate) async fn check(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        permission: &'static str,
        target: Target,
    ) -> ServiceResult<Authorized> {
        let attrs = RequestAttrs { ip: rc.ip, ..RequestAttrs::default() };
        let tenant = target.tenant;
        match self.authz.authorize(principal, permission, target, &attrs).await {
            Ok(ok) => {
                self.pipeline.record_read(permission, principal, rc, tenant).await;
                Ok(ok)
            }
            Err(e) => {
                self.pipeline.record_denied_read(permission, &Caller::User(principal.clone()), rc, &e).await;
                Err(e)
            }
        }
    }

    /// Resolves the tenant a request names (id or slug), or the caller's own.
    pub(crate) async fn tenant_info(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: Option<&str>,
    ) -> ServiceResult<TenantInfo> {
        let key = key
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map_or_else(|| principal.tenant_id().to_string(), str::to_owned);
        match self.authz.resolve_tenant(principal, &key).await {
            Ok(info) => Ok(info),
            Err(e) => {
                self.pipeline.record_denied_read("tenant:tenant:read", &Caller::User(principal.clone()), rc, &e).await;
                Err(e)
            }
        }
    }

    async fn tenant_dto_in(&self, ok: &Authorized, t: &TenantRecord) -> ServiceResult<Tenant> {
        let domains = self.store.read(ok.scope()).await?.tenant_domains(t.id).await?;
        Ok(tenant_dto(t, domains))
    }

    /// The context tenant and its sub-tenants.
    pub async fn list_tenants(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        include_deleted: bool,
    ) -> ServiceResult<TenantList> {
        let info = self.tenant_info(principal, rc, context).await?;
        let ok = self
            .check(principal, rc, "tenant:tenant:read", Target { tenant: info.record.id, compartment: None })
            .await?;
        let below = ok.snapshot().descendants(info.record.id);
        let mut read = self.store.read(ok.scope()).await?;
        let mut tenants = Vec::new();
        for t in read.tenants().await? {
            if below.contains(&t.id) && (include_deleted || t.deleted_at.is_none()) {
                let domains = read.tenant_domains(t.id).await?;
                tenants.push(tenant_dto(&t, domains));
            }
        }
        Ok(TenantList { tenants })
    }

    /// One tenant.
    pub async fn get_tenant(&self, principal: &Principal, rc: &RequestContext, key: &str) -> ServiceResult<Tenant> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let ok = self
            .check(principal, rc, "tenant:tenant:read", Target { tenant: info.record.id, compartment: None })
            .await?;
        let t = self
            .store
            .read(ok.scope())
            .await?
            .tenant(info.record.id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: format!("tenant {key:?}") })?;
        self.tenant_dto_in(&ok, &t).await
    }

    /// Creates a sub-tenant of the context tenant.
    pub async fn create_tenant(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        context: Option<&str>,
        req: CreateTenant,
    ) -> ServiceResult<Tenant> {
        let parent = self.tenant_info(principal, rc, context).await?;
        let name = check_name("tenant", &req.name)?;
        let slug = check_slug(&req.slug.clone().unwrap_or_else(|| slug_from(&name)))?;
        let domains = check_domains(&req.domains)?;
        let contact_email = check_email(req.contact_email.as_deref())?;
        let op = CreateTenantOp {
            parent: parent.record.id,
            max_depth: self.config.tenancy.max_depth,
            name,
            slug,
            contact_email,
            req,
            domains,
        };
        let (t, domains) = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(tenant_dto(&t, domains))
    }

    /// Changes a tenant's details; quotas need permission at the parent.
    pub async fn update_tenant(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: UpdateTenant,
    ) -> ServiceResult<Tenant> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        if req.quotas.is_some_and(|q| q != info.record.quotas) {
            let over = info.record.parent_id.unwrap_or(info.record.id);
            self.check(principal, rc, "tenant:tenant:update", Target { tenant: over, compartment: None }).await?;
        }
        let name = req.name.as_deref().map(|n| check_name("tenant", n)).transpose()?;
        let domains = req.domains.as_deref().map(check_domains).transpose()?;
        let contact_email = check_email(req.contact_email.as_deref())?;
        let op = UpdateTenantOp { tenant: info.record.id, name, contact_email, domains, req };
        let (t, domains) = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(tenant_dto(&t, domains))
    }

    /// Soft-deletes a tenant (permission at its parent).
    pub async fn delete_tenant(&self, principal: &Principal, rc: &RequestContext, key: &str) -> ServiceResult<()> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let parent = info
            .record
            .parent_id
            .ok_or_else(|| ServiceError::Conflict { message: "the provider's root tenant cannot be deleted".into() })?;
        let op = SetTenantDeleted { tenant: info.record.id, parent, delete: true };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await.map(|_| ())
    }

    /// Restores a soft-deleted tenant (permission at its parent).
    pub async fn restore_tenant(&self, principal: &Principal, rc: &RequestContext, key: &str) -> ServiceResult<Tenant> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let parent = info
            .record
            .parent_id
            .ok_or_else(|| ServiceError::Conflict { message: "the provider's root tenant is never deleted".into() })?;
        let op = SetTenantDeleted { tenant: info.record.id, parent, delete: false };
        let (t, domains) = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(tenant_dto(&t, domains))
    }

    /// Erases a tenant's data once it has been deleted for `tenancy.purge_after` (permission at
    /// its parent; tenant administrators are denied it).
    pub async fn purge_tenant(&self, principal: &Principal, rc: &RequestContext, key: &str) -> ServiceResult<Tenant> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let parent = info
            .record
            .parent_id
            .ok_or_else(|| ServiceError::Conflict { message: "the provider's root tenant is never purged".into() })?;
        let retention = chrono::Duration::from_std(self.config.tenancy.purge_after)
            .map_err(|e| ServiceError::Internal(anyhow::anyhow!("tenancy.purge_after: {e}")))?;
        let op = PurgeTenantOp { tenant: info.record.id, parent, retention };
        let (t, domains) = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        Ok(tenant_dto(&t, domains))
    }

    /// A tenant's compartments.
    pub async fn list_compartments(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<CompartmentList> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let ok = self
            .check(principal, rc, "tenant:compartment:read", Target { tenant: info.record.id, compartment: None })
            .await?;
        let records = self.store.read(ok.scope()).await?.compartments(info.record.id).await?;
        Ok(CompartmentList { compartments: compartment_dtos(&records) })
    }

    /// One compartment.
    pub async fn get_compartment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: CompartmentId,
    ) -> ServiceResult<Compartment> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let tenant = info.record.id;
        let ok = self.check(principal, rc, "tenant:compartment:read", Target { tenant, compartment: Some(id) }).await?;
        let records = self.store.read(ok.scope()).await?.compartments(tenant).await?;
        compartment_dtos(&records)
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| ServiceError::NotFound { what: format!("compartment {id} in tenant {key:?}") })
    }

    /// Creates a compartment.
    pub async fn create_compartment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateCompartment,
    ) -> ServiceResult<Compartment> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let name = check_name("compartment", &req.name)?;
        let op = CompartmentOp {
            tenant: info.record.id,
            compartment: req.parent_id,
            change: CompartmentChange::Create { name, description: req.description, parent: req.parent_id },
        };
        self.run_compartment_op(principal, rc, op).await
    }

    /// Renames or re-describes a compartment.
    pub async fn update_compartment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: CompartmentId,
        req: UpdateCompartment,
    ) -> ServiceResult<Compartment> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let name = req.name.as_deref().map(|n| check_name("compartment", n)).transpose()?;
        let op = CompartmentOp {
            tenant: info.record.id,
            compartment: Some(id),
            change: CompartmentChange::Update { id, name, description: req.description },
        };
        self.run_compartment_op(principal, rc, op).await
    }

    /// Moves a compartment (cycles refused).
    pub async fn move_compartment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: CompartmentId,
        req: MoveCompartment,
    ) -> ServiceResult<Compartment> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let tenant = info.record.id;
        // Moving needs the permission where it lands as well as where it is.
        if let Some(parent) = req.parent_id {
            self.check(principal, rc, "tenant:compartment:move", Target { tenant, compartment: Some(parent) }).await?;
        } else {
            self.check(principal, rc, "tenant:compartment:move", Target { tenant, compartment: None }).await?;
        }
        let op = CompartmentOp {
            tenant,
            compartment: Some(id),
            change: CompartmentChange::Move { id, parent: req.parent_id },
        };
        self.run_compartment_op(principal, rc, op).await
    }

    /// Soft-deletes an empty compartment.
    pub async fn delete_compartment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: CompartmentId,
    ) -> ServiceResult<()> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let op =
            CompartmentOp { tenant: info.record.id, compartment: Some(id), change: CompartmentChange::Delete { id } };
        self.pipeline.run(&Caller::User(principal.clone()), rc, DeleteCompartmentOp(op)).await.map(|_| ())
    }

    async fn run_compartment_op(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        op: CompartmentOp,
    ) -> ServiceResult<Compartment> {
        let tenant = op.tenant;
        let caller = Caller::User(principal.clone());
        let id = match op.change {
            CompartmentChange::Create { .. } => self.pipeline.run(&caller, rc, CreateCompartmentOp(op)).await?,
            CompartmentChange::Update { .. } => self.pipeline.run(&caller, rc, UpdateCompartmentOp(op)).await?,
            CompartmentChange::Move { .. } => self.pipeline.run(&caller, rc, MoveCompartmentOp(op)).await?,
            CompartmentChange::Delete { .. } => self.pipeline.run(&caller, rc, DeleteCompartmentOp(op)).await?,
        };
        let ok = self.check(principal, rc, "tenant:compartment:read", Target { tenant, compartment: None }).await?;
        let records = self.store.read(ok.scope()).await?.compartments(tenant).await?;
        compartment_dtos(&records)
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| ServiceError::NotFound { what: format!("compartment {id}") })
    }
}

struct CreateTenantOp {
    parent: TenantId,
    max_depth: u32,
    name: String,
    slug: String,
    contact_email: Option<String>,
    domains: Vec<String>,
    req: CreateTenant,
}

impl Operation for CreateTenantOp {
    type Output = (TenantRecord, Vec<String>);
    const ACTION: &'static str = "tenant:tenant:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "tenant.create_failed";
    const CATEGORY: Category = Category::Tenant;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.parent, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let parent =
            tx.tenant(self.parent).await?.ok_or_else(|| ServiceError::NotFound { what: "parent tenant".into() })?;
        if parent.deleted_at.is_some() {
            return Err(ServiceError::Conflict { message: "the parent tenant is deleted; restore it first".into() });
        }
        let depth = parent.depth + 1;
        if depth >= self.max_depth {
            return Err(ServiceError::Conflict {
                message: format!(
                    "tenants nest at most {} levels deep (provider root included); create it higher up, or raise tenancy.max_depth",
                    self.max_depth
                ),
            });
        }
        let soft =
            within_quota("sub-tenants", parent.quotas.max_child_tenants, tx.count_child_tenants(parent.id).await?)?;
        let mut t = TenantRecord::new(TenantId::generate(), Some(parent.id), self.name, self.slug, depth, ctx.now);
        t.contact_email = self.contact_email;
        t.settings = self.req.settings;
        t.tags = self.req.tags;
        t.quotas = self.req.quotas.unwrap_or_default();
        tx.admit_new_tenant(t.id).await?;
        tx.insert_tenant(&t)
            .await
            .map_err(conflict_as(format!("slug {:?} is taken; choose another with --slug", t.slug)))?;
        tx.set_tenant_domains(t.id, &self.domains, ctx.now)
            .await
            .map_err(conflict_as("one of the email domains already belongs to another tenant".into()))?;
        tx.bump_authz_epoch().await?;
        let mut audit = AuditDraft::new(parent.id, "tenant.created", Category::Tenant)
            .resource("tenant", t.id, Some(t.slug.clone()))
            .new_value(json!({ "tenant": tenant_json(&t), "domains": self.domains }));
        if soft {
            audit = audit.priority(Priority::Warn);
        }
        Ok(Applied::new((t.clone(), self.domains.clone())).audit(audit).event(EventDraft::new(
            parent.id,
            "tenant.created",
            json!({ "tenant_id": t.id, "parent_id": parent.id }),
        )))
    }
}

struct UpdateTenantOp {
    tenant: TenantId,
    name: Option<String>,
    contact_email: Option<String>,
    domains: Option<Vec<String>>,
    req: UpdateTenant,
}

impl Operation for UpdateTenantOp {
    type Output = (TenantRecord, Vec<String>);
    const ACTION: &'static str = "tenant:tenant:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "tenant.update_failed";
    const CATEGORY: Category = Category::Tenant;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let before = tx.tenant(self.tenant).await?.ok_or_else(|| ServiceError::NotFound { what: "tenant".into() })?;
        if before.deleted_at.is_some() {
            return Err(ServiceError::Conflict { message: "the tenant is deleted; restore it first".into() });
        }
        let mut t = before.clone();
        if let Some(name) = self.name {
            t.name = name;
        }
        if self.contact_email.is_some() {
            t.contact_email = self.contact_email;
        }
        if let Some(settings) = self.req.settings {
            t.settings = settings;
        }
        if let Some(tags) = self.req.tags {
            t.tags = tags;
        }
        if let Some(quotas) = self.req.quotas {
            t.quotas = quotas;
        }
        t.updated_at = ctx.now;
        tx.update_tenant(&t).await?;
        let domains = match &self.domains {
            Some(d) => {
                tx.set_tenant_domains(t.id, d, ctx.now)
                    .await
                    .map_err(conflict_as("one of the email domains already belongs to another tenant".into()))?;
                d.clone()
            }
            None => tx.tenant_domains(t.id).await?,
        };
        if t.name != before.name {
            tx.bump_authz_epoch().await?;
        }
        Ok(Applied::new((t.clone(), domains.clone())).audit(
            AuditDraft::new(t.id, "tenant.updated", Category::Tenant)
                .resource("tenant", t.id, Some(t.slug.clone()))
                .old_value(tenant_json(&before))
                .new_value(json!({ "tenant": tenant_json(&t), "domains": domains })),
        ))
    }
}

struct SetTenantDeleted {
    tenant: TenantId,
    parent: TenantId,
    delete: bool,
}

impl Operation for SetTenantDeleted {
    type Output = (TenantRecord, Vec<String>);
    const ACTION: &'static str = "tenant:tenant:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "tenant.delete_failed";
    const CATEGORY: Category = Category::Tenant;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.parent, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let mut t = tx.tenant(self.tenant).await?.ok_or_else(|| ServiceError::NotFound { what: "tenant".into() })?;
        if self.delete {
            if t.deleted_at.is_some() {
                return Err(ServiceError::Conflict { message: "the tenant is already deleted".into() });
            }
            if tx.count_child_tenants(t.id).await? > 0 {
                return Err(ServiceError::Conflict {
                    message: "the tenant has sub-tenants; delete or restore those first".into(),
                });
            }
            t.deleted_at = Some(ctx.now);
        } else {
            if t.deleted_at.is_none() {
                return Err(ServiceError::Conflict { message: "the tenant is not deleted".into() });
            }
            if let Some(parent) = tx.tenant(self.parent).await?
                && parent.deleted_at.is_some()
            {
                return Err(ServiceError::Conflict { message: "restore the parent tenant first".into() });
            }
            t.deleted_at = None;
        }
        t.updated_at = ctx.now;
        tx.update_tenant(&t).await.map_err(conflict_as(format!(
            "slug {:?} was taken while the tenant was deleted; rename the other tenant first",
            t.slug
        )))?;
        tx.bump_authz_epoch().await?;
        let domains = tx.tenant_domains(t.id).await?;
        let event = if self.delete { "tenant.deleted" } else { "tenant.restored" };
        Ok(Applied::new((t.clone(), domains))
            .audit(
                AuditDraft::new(self.parent, event, Category::Tenant)
                    .priority(if self.delete { Priority::Warn } else { Priority::Info })
                    .resource("tenant", t.id, Some(t.slug.clone()))
                    .new_value(tenant_json(&t)),
            )
            .event(EventDraft::new(self.parent, event, json!({ "tenant_id": t.id }))))
    }
}

pub(crate) struct PurgeTenantOp {
    pub(crate) tenant: TenantId,
    pub(crate) parent: TenantId,
    pub(crate) retention: chrono::Duration,
}

impl Operation for PurgeTenantOp {
    type Output = (TenantRecord, Vec<String>);
    const ACTION: &'static str = "tenant:tenant:purge";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "tenant.purge_failed";
    const CATEGORY: Category = Category::Tenant;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.parent, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let t = tx.tenant(self.tenant).await?.ok_or_else(|| ServiceError::NotFound { what: "tenant".into() })?;
        if t.purged_at.is_some() {
            return Err(ServiceError::Conflict { message: "the tenant is already purged".into() });
        }
        let Some(deleted_at) = t.deleted_at else {
            return Err(ServiceError::Conflict {
                message: "only a deleted tenant can be purged; delete it first".into(),
            });
        };
        let allowed_from = deleted_at + self.retention;
        if ctx.now < allowed_from {
            return Err(ServiceError::Conflict {
                message: format!(
                    "the tenant stays restorable until {}; purge it after that (tenancy.purge_after)",
                    allowed_from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ),
            });
        }
        tx.purge_tenant(t.id, ctx.now).await?;
        tx.bump_authz_epoch().await?;
        let purged = tx.tenant(t.id).await?.ok_or_else(|| ServiceError::NotFound { what: "tenant".into() })?;
        Ok(Applied::new((purged.clone(), Vec::new()))
            .audit(
                AuditDraft::new(self.parent, "tenant.purged", Category::Tenant)
                    .priority(Priority::Error)
                    .resource("tenant", t.id, Some(t.slug.clone()))
                    .new_value(json!({ "name": t.name, "slug": t.slug, "deleted_at": deleted_at })),
            )
            .event(EventDraft::new(self.parent, "tenant.purged", json!({ "tenant_id": t.id }))))
    }
}

enum CompartmentChange {
    Create { name: String, description: String, parent: Option<CompartmentId> },
    Update { id: CompartmentId, name: Option<String>, description: Option<String> },
    Move { id: CompartmentId, parent: Option<CompartmentId> },
    Delete { id: CompartmentId },
}

struct CompartmentOp {
    tenant: TenantId,
    /// Where the permission is checked: the compartment changed (or the parent created in).
    compartment: Option<CompartmentId>,
    change: CompartmentChange,
}

async fn live_compartment(
    tx: &mut dyn WriteTx,
    tenant: TenantId,
    id: CompartmentId,
) -> ServiceResult<CompartmentRecord> {
    tx.compartment(tenant, id).await?.ok_or_else(|| ServiceError::NotFound { what: format!("compartment {id}") })
}

/// One operation type per permission, so each change is checked against its own permission.
macro_rules! compartment_ops {
    ($($name:ident => $action:literal),* $(,)?) => {$(
        struct $name(CompartmentOp);

        impl Operation for $name {
            type Output = CompartmentId;
            const ACTION: &'static str = $action;
            const ACCESS: Access = Access::Permission;
            const EVENT: &'static str = "compartment.change_failed";
            const CATEGORY: Category = Category::Tenant;

            fn target(&self) -> Option<Target> {
                Some(Target { tenant: self.0.tenant, compartment: self.0.compartment })
            }

            async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CompartmentId>> {
                self.0.apply(tx, ctx).await
            }
        }
    )*};
}

compartment_ops! {
    CreateCompartmentOp => "tenant:compartment:create",
    UpdateCompartmentOp => "tenant:compartment:update",
    MoveCompartmentOp => "tenant:compartment:move",
    DeleteCompartmentOp => "tenant:compartment:delete",
}

impl CompartmentOp {
    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CompartmentId>> {
        let tenant = self.tenant;
        let (record, event, before) = match self.change {
            CompartmentChange::Create { name, description, parent } => {
                if let Some(p) = parent {
                    live_compartment(tx, tenant, p).await?;
                }
                let t = tx.tenant(tenant).await?.ok_or_else(|| ServiceError::NotFound { what: "tenant".into() })?;
                let count = u32::try_from(tx.compartments(tenant).await?.len()).unwrap_or(u32::MAX);
                within_quota("compartments", t.quotas.max_compartments, count)?;
                let c = CompartmentRecord {
                    id: CompartmentId::generate(),
                    tenant_id: tenant,
                    parent_id: parent,
                    name,
                    description,
                    created_at: ctx.now,
                    updated_at: ctx.now,
                    deleted_at: None,
                };
                tx.insert_compartment(&c)
                    .await
                    .map_err(conflict_as(format!("a compartment named {:?} already exists there", c.name)))?;
                (c, "compartment.created", None)
            }
            CompartmentChange::Update { id, name, description } => {
                let before = live_compartment(tx, tenant, id).await?;
                let mut c = before.clone();
                c.name = name.unwrap_or(c.name);
                c.description = description.unwrap_or(c.description);
                c.updated_at = ctx.now;
                tx.update_compartment(&c)
                    .await
                    .map_err(conflict_as(format!("a compartment named {:?} already exists there", c.name)))?;
                (c, "compartment.updated", Some(before))
            }
            CompartmentChange::Move { id, parent } => {
                let before = live_compartment(tx, tenant, id).await?;
                if let Some(p) = parent {
                    // Walk up from the new parent: meeting the moved compartment means a cycle.
                    let mut cursor = Some(p);
                    let mut steps = 0usize;
                    while let Some(cur) = cursor {
                        if cur == id {
                            return Err(ServiceError::Conflict {
                                message: "cannot move a compartment under itself or one of its descendants".into(),
                            });
                        }
                        steps += 1;
                        if steps > 100_000 {
                            return Err(ServiceError::Conflict {
                                message: "compartment tree is corrupt (a loop)".into(),
                            });
                        }
                        cursor = live_compartment(tx, tenant, cur).await?.parent_id;
                    }
                }
                let mut c = before.clone();
                c.parent_id = parent;
                c.updated_at = ctx.now;
                tx.update_compartment(&c)
                    .await
                    .map_err(conflict_as(format!("a compartment named {:?} already exists there", c.name)))?;
                tx.bump_authz_epoch().await?;
                (c, "compartment.moved", Some(before))
            }
            CompartmentChange::Delete { id } => {
                let before = live_compartment(tx, tenant, id).await?;
                if tx.compartments(tenant).await?.iter().any(|c| c.parent_id == Some(id)) {
                    return Err(ServiceError::Conflict {
                        message: "the compartment has sub-compartments; move or delete them first".into(),
                    });
                }
                let mut c = before.clone();
                c.deleted_at = Some(ctx.now);
                c.updated_at = ctx.now;
                tx.update_compartment(&c).await?;
                (c, "compartment.deleted", Some(before))
            }
        };
        tx.bump_authz_epoch().await?;
        let value = json!({ "name": record.name, "description": record.description, "parent_id": record.parent_id });
        let mut draft = AuditDraft::new(tenant, event, Category::Tenant)
            .resource("compartment", record.id, Some(record.name.clone()))
            .new_value(value);
        if let Some(b) = before {
            draft = draft.old_value(json!({ "name": b.name, "parent_id": b.parent_id, "description": b.description }));
        }
        Ok(Applied::new(record.id).audit(draft).event(EventDraft::new(
            tenant,
            event,
            json!({ "compartment_id": record.id }),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug_from("Acme Europe GmbH"), "acme-europe-gmbh");
        assert!(check_slug("acme-eu").is_ok());
        assert!(check_slug("-acme").is_err());
        assert!(check_slug("Acme").is_err());
        assert!(check_slug(&TenantId::generate().to_string()).is_err(), "a slug must not look like an id");
    }

    #[test]
    fn domains_are_normalised_and_checked() {
        assert_eq!(check_domains(&["@ACME.com".into(), "acme.com".into()]).ok(), Some(vec!["acme.com".to_owned()]));
        assert!(check_domains(&["localhost".into()]).is_err());
    }
}
