//! CI templates: a named blueprint of CIs (class, name, attributes and tags with `{{param}}`
//! placeholders, plus constraints: a JSON Schema each instantiated CI must also satisfy) and
//! the relationships between them. Instantiating one creates every CI and relationship in one
//! transaction, or nothing.
//!
//! A template is checked whole when it is created (classes exist, placeholders name declared
//! parameters, relationship kinds fit the classes' semantic types, constraints compile), so an
//! instantiation fails only on the values given to it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::SubsecRound;
use nimbus_core::api::catalog::{CiTemplate, CiTemplateList, CreateCiTemplate, InstantiateTemplate, TemplateInstance};
use nimbus_core::audit::Category;
use nimbus_core::cmdb::LifecycleState;
use nimbus_core::cmdb::catalog::{fill, placeholders, substitute, valid_key};
use nimbus_core::ids::{CiId, CiTemplateId, RelationshipId, TenantId};
use nimbus_core::semantic::relationship_kind;
use serde_json::{Value, json};

use super::graph::rel_dto;
use super::{check_tags, ci_dto, ci_permission, resolve_class, validator};
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::services::tenancy::check_name;
use crate::store::WriteTx;
use crate::store::cmdb::{CatalogDocRecord, CiRecord, CmdbRead, RelationshipRecord};

/// Document kind of templates in the catalog table.
pub(super) const KIND: &str = "template";
/// Most CIs one template creates.
const MAX_ITEMS: usize = 500;

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid { message: message.into() }
}

fn dto(d: &CatalogDocRecord) -> ServiceResult<CiTemplate> {
    let spec: CreateCiTemplate = serde_json::from_value(d.body.clone())
        .map_err(|e| ServiceError::Internal(anyhow::anyhow!("stored template {}: {e}", d.key)))?;
    Ok(CiTemplate {
        id: CiTemplateId::from_uuid(d.id),
        name: spec.name,
        description: spec.description,
        parameters: spec.parameters,
        items: spec.items,
        relationships: spec.relationships,
        created_at: d.created_at,
    })
}

/// Checks a template whole; returns it normalised (class keys lowercased, names trimmed).
async fn check_template(
    read: &mut (impl CmdbRead + ?Sized),
    tenant: TenantId,
    mut t: CreateCiTemplate,
) -> ServiceResult<CreateCiTemplate> {
    t.name = check_name("template", &t.name)?;
    t.description = t.description.trim().to_owned();
    if t.items.is_empty() || t.items.len() > MAX_ITEMS {
        return Err(invalid(format!("items: a template creates 1 to {MAX_ITEMS} CIs")));
    }
    let mut params = HashSet::new();
    for (i, p) in t.parameters.iter().enumerate() {
        if !valid_key(&p.name) {
            return Err(invalid(format!(
                "parameters[{i}].name: {:?} must be lowercase letters, digits or '_', starting with a letter",
                p.name
            )));
        }
        if !params.insert(p.name.clone()) {
            return Err(invalid(format!("parameters[{i}].name: {:?} is declared twice", p.name)));
        }
        if let Some(d) = &p.default
            && !p.allowed.is_empty()
            && !p.allowed.contains(d)
        {
            return Err(invalid(format!("parameters[{i}].default: {d} is not one of the allowed values")));
        }
    }
    let declared = |field: String, text: &str| -> ServiceResult<()> {
        match placeholders(text).into_iter().find(|p| !params.contains(*p)) {
            Some(p) => Err(invalid(format!("{field}: {{{{{p}}}}} names no declared parameter"))),
            None => Ok(()),
        }
    };
    let mut semantic = HashMap::new();
    for (i, item) in t.items.iter_mut().enumerate() {
        let at = |f: &str| format!("items[{i}].{f}");
        if !valid_key(&item.key) {
            return Err(invalid(format!("{}: {:?} must be lowercase letters, digits or '_'", at("key"), item.key)));
        }
        item.class = item.class.trim().to_ascii_lowercase();
        let class = resolve_class(read, tenant, &item.class)
            .await
            .map_err(|e| invalid(format!("{}: {}", at("class"), e.to_string().trim_start_matches("class: "))))?;
        if semantic.insert(item.key.clone(), class.semantic).is_some() {
            return Err(invalid(format!("{}: {:?} is used twice", at("key"), item.key)));
        }
        declared(at("name"), &item.name)?;
        if item.name.trim().is_empty() {
            return Err(invalid(format!("{}: must not be empty", at("name"))));
        }
        if let Some(s) = &item.state {
            let state =
                LifecycleState::parse(s).ok_or_else(|| invalid(format!("{}: unknown state {s:?}", at("state"))))?;
            if !state.is_initial() {
                return Err(invalid(format!("{}: a new CI starts as planned, active or maintenance", at("state"))));
            }
        }
        let attrs = Value::Object(item.attributes.clone().into_iter().collect());
        declared(at("attributes"), &attrs.to_string())?;
        for (k, v) in &item.tags {
            declared(at(&format!("tags.{k}")), v)?;
        }
        if let Some(c) = &item.constraints {
            if !c.is_object() {
                return Err(invalid(format!("{}: must be a JSON Schema object", at("constraints"))));
            }
            validator(c).map_err(|e| invalid(format!("{}: {e}", at("constraints"))))?;
        }
    }
    for (i, r) in t.relationships.iter_mut().enumerate() {
        let at = |f: &str| format!("relationships[{i}].{f}");
        let (kind, reversed) = relationship_kind(&r.kind)
            .ok_or_else(|| invalid(format!("{}: unknown relationship kind {:?}", at("kind"), r.kind)))?;
        for (field, key) in [("source", &r.source), ("target", &r.target)] {
            if !semantic.contains_key(key) {
                return Err(invalid(format!("{}: no item with key {key:?}", at(field))));
            }
        }
        if r.source == r.target {
            return Err(invalid(format!("{}: an item cannot be related to itself", at("target"))));
        }
        if reversed {
            std::mem::swap(&mut r.source, &mut r.target);
        }
        r.kind = kind.name.to_owned();
        kind.check(semantic[&r.source], semantic[&r.target]).map_err(|e| invalid(format!("relationships[{i}].{e}")))?;
    }
    Ok(t)
}

impl Services {
    /// The tenant's templates.
    pub async fn list_ci_templates(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
    ) -> ServiceResult<CiTemplateList> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:template:read", Target { tenant, compartment: None }).await?;
        let docs = self.store.read(ok.scope()).await?.catalog_docs(tenant, KIND).await?;
        Ok(CiTemplateList { templates: docs.iter().map(dto).collect::<ServiceResult<_>>()? })
    }

    /// One template by name or id.
    pub async fn get_ci_template(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        template: &str,
    ) -> ServiceResult<CiTemplate> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:template:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        dto(&load(read.as_mut(), tenant, template).await?)
    }

    /// Creates a template (checked whole first).
    pub async fn create_ci_template(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreateCiTemplate,
    ) -> ServiceResult<CiTemplate> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let op = TemplateOp { tenant, change: TemplateChange::Create(Box::new(req)) };
        let d = self.pipeline.run(&Caller::User(p.clone()), rc, op).await?;
        dto(&d)
    }

    /// Deletes a template (CIs made from it stay).
    pub async fn delete_ci_template(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        template: &str,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let op = TemplateOp { tenant, change: TemplateChange::Delete(template.to_owned()) };
        self.pipeline.run(&Caller::User(p.clone()), rc, DeleteTemplateOp(op)).await.map(|_| ())
    }

    /// Creates every CI and relationship of a template in one transaction.
    pub async fn instantiate_ci_template(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        template: &str,
        req: InstantiateTemplate,
    ) -> ServiceResult<TemplateInstance> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let target = Target { tenant, compartment: req.compartment_id };
        let ok = self.check(p, rc, "cmdb:template:read", target).await?;
        let doc = {
            let mut read = self.store.read(ok.scope()).await?;
            load(read.as_mut(), tenant, template).await?
        };
        let spec = dto(&doc)?;
        // Creating through a template is creating CIs: each class's create permission holds
        // as it would for `nimbus ci create` (a class-specific deny wins here too).
        let classes: std::collections::BTreeSet<&str> = spec.items.iter().map(|i| i.class.as_str()).collect();
        for class in classes {
            self.check(p, rc, ci_permission("create", class), target).await?;
        }
        let op = InstantiateOp { tenant, template: spec, req };
        let (cis, rels) = self.pipeline.run(&Caller::User(p.clone()), rc, op).await?;
        Ok(TemplateInstance {
            template_id: CiTemplateId::from_uuid(doc.id),
            cis: cis.iter().map(ci_dto).collect(),
            relationships: rels.iter().map(rel_dto).collect(),
        })
    }
}

async fn load(
    read: &mut (impl CmdbRead + ?Sized),
    tenant: TenantId,
    template: &str,
) -> ServiceResult<CatalogDocRecord> {
    read.catalog_doc(tenant, KIND, template.trim())
        .await?
        .ok_or_else(|| ServiceError::NotFound { what: format!("template {template:?}") })
}

enum TemplateChange {
    Create(Box<CreateCiTemplate>),
    Delete(String),
}

struct TemplateOp {
    tenant: TenantId,
    change: TemplateChange,
}

impl TemplateOp {
    async fn run(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CatalogDocRecord>> {
        let now = ctx.now.trunc_subsecs(6);
        match self.change {
            TemplateChange::Create(req) => {
                let spec = check_template(tx, self.tenant, *req).await?;
                let d = CatalogDocRecord {
                    id: *CiTemplateId::generate().as_uuid(),
                    tenant_id: self.tenant,
                    kind: KIND.into(),
                    key: spec.name.clone(),
                    body: serde_json::to_value(&spec).map_err(|e| ServiceError::Internal(e.into()))?,
                    revision: 1,
                    created_at: now,
                    updated_at: now,
                    deleted_at: None,
                };
                tx.insert_catalog_doc(&d).await.map_err(|e| match e {
                    crate::store::StoreError::Conflict(_) => ServiceError::Conflict {
                        message: format!("name: a template named {:?} exists; choose another name", d.key),
                    },
                    other => other.into(),
                })?;
                Ok(Applied::new(d.clone())
                    .audit(
                        AuditDraft::new(self.tenant, "cmdb.template.created", Category::Data)
                            .resource("ci_template", d.id, Some(d.key.clone()))
                            .new_value(d.body.clone()),
                    )
                    .event(EventDraft::new(self.tenant, "cmdb.template.created", json!({"id": d.id, "name": d.key}))))
            }
            TemplateChange::Delete(key) => {
                let mut d = load(tx, self.tenant, &key).await?;
                let old = d.body.clone();
                d.revision += 1;
                d.updated_at = now;
                d.deleted_at = Some(now);
                tx.update_catalog_doc(&d).await?;
                Ok(Applied::new(d.clone())
                    .audit(
                        AuditDraft::new(self.tenant, "cmdb.template.deleted", Category::Data)
                            .resource("ci_template", d.id, Some(d.key.clone()))
                            .old_value(old),
                    )
                    .event(EventDraft::new(self.tenant, "cmdb.template.deleted", json!({"id": d.id, "name": d.key}))))
            }
        }
    }
}

impl Operation for TemplateOp {
    type Output = CatalogDocRecord;
    const ACTION: &'static str = "cmdb:template:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.template.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CatalogDocRecord>> {
        self.run(tx, ctx).await
    }
}

/// [`TemplateOp`] under the delete permission.
struct DeleteTemplateOp(TemplateOp);

impl Operation for DeleteTemplateOp {
    type Output = CatalogDocRecord;
    const ACTION: &'static str = "cmdb:template:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.template.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.0.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CatalogDocRecord>> {
        self.0.run(tx, ctx).await
    }
}

struct InstantiateOp {
    tenant: TenantId,
    template: CiTemplate,
    req: InstantiateTemplate,
}

impl InstantiateOp {
    /// The parameter values: given ones checked against the declaration, defaults filled in.
    fn params(&self) -> ServiceResult<BTreeMap<String, Value>> {
        let mut out = BTreeMap::new();
        for name in self.req.parameters.keys() {
            if !self.template.parameters.iter().any(|p| p.name == *name) {
                return Err(invalid(format!("parameters.{name}: the template declares no such parameter")));
            }
        }
        for p in &self.template.parameters {
            let value = match (self.req.parameters.get(&p.name), &p.default) {
                (Some(v), _) | (None, Some(v)) => v.clone(),
                (None, None) => {
                    return Err(invalid(format!(
                        "parameters.{}: required{}",
                        p.name,
                        if p.description.is_empty() { String::new() } else { format!(" ({})", p.description) }
                    )));
                }
            };
            if !p.allowed.is_empty() && !p.allowed.contains(&value) {
                let allowed: Vec<String> = p.allowed.iter().map(Value::to_string).collect();
                return Err(invalid(format!("parameters.{}: {value} is not one of {}", p.name, allowed.join(", "))));
            }
            out.insert(p.name.clone(), value);
        }
        Ok(out)
    }
}

impl Operation for InstantiateOp {
    type Output = (Vec<CiRecord>, Vec<RelationshipRecord>);
    const ACTION: &'static str = "cmdb:template:instantiate";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.template.instantiate_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: self.req.compartment_id })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let params = self.params()?;
        let now = ctx.now.trunc_subsecs(6);
        let actor = ctx.caller_display();
        if let Some(c) = self.req.compartment_id
            && tx.compartment(self.tenant, c).await?.is_none()
        {
            return Err(invalid(format!("compartment_id: no compartment {c} in this tenant")));
        }
        let mut cis = Vec::with_capacity(self.template.items.len());
        for (i, item) in self.template.items.iter().enumerate() {
            let at = |f: &str| format!("items[{i}].{f}");
            let class = resolve_class(tx, self.tenant, &item.class)
                .await
                .map_err(|e| invalid(format!("{}: {} (the template is out of date)", at("class"), e)))?;
            let name = substitute(&item.name, &params).map_err(|e| invalid(format!("{}: {e}", at("name"))))?;
            let name = check_name("CI", &name).map_err(|e| invalid(format!("{}: {e}", at("name"))))?;
            let mut attributes = serde_json::Map::new();
            for (k, v) in &item.attributes {
                let v = fill(v, &params).map_err(|e| invalid(format!("{}: {e}", at(&format!("attributes.{k}")))))?;
                attributes.insert(k.clone(), v);
            }
            let attributes = Value::Object(attributes);
            class.validate(&attributes).map_err(|e| invalid(format!("items[{i}] ({name}): {e}")))?;
            if let Some(c) = &item.constraints
                && let Some(err) = validator(c)?.iter_errors(&attributes).next()
            {
                let path = err.instance_path().to_string();
                let field = path.trim_start_matches('/').replace('/', ".");
                return Err(invalid(format!(
                    "items[{i}] ({name}): attributes{}{}: {err} (a constraint of the template)",
                    if field.is_empty() { "" } else { "." },
                    field
                )));
            }
            let mut tags = BTreeMap::new();
            for (k, v) in &item.tags {
                tags.insert(
                    k.clone(),
                    substitute(v, &params).map_err(|e| invalid(format!("{}: {e}", at(&format!("tags.{k}")))))?,
                );
            }
            check_tags(&tags)?;
            let state = item.state.as_deref().and_then(LifecycleState::parse).unwrap_or(LifecycleState::Planned);
            cis.push(CiRecord {
                seq: 0,
                id: CiId::generate(),
                tenant_id: self.tenant,
                compartment_id: self.req.compartment_id,
                class: class.key,
                name,
                state: state.as_str().to_owned(),
                attributes,
                tags,
                external_id: None,
                provider: None,
                urn: None,
                version: 1,
                created_at: now,
                updated_at: now,
                deleted_at: None,
            });
        }
        let seqs = tx.insert_cis(&cis, &actor).await?;
        for (c, s) in cis.iter_mut().zip(seqs) {
            c.seq = s;
        }
        let by_key: HashMap<&str, &CiRecord> =
            self.template.items.iter().map(|i| i.key.as_str()).zip(cis.iter()).collect();
        let rels: Vec<RelationshipRecord> = self
            .template
            .relationships
            .iter()
            .filter_map(|r| {
                let (s, t) = (by_key.get(r.source.as_str())?, by_key.get(r.target.as_str())?);
                Some(RelationshipRecord {
                    id: RelationshipId::generate(),
                    tenant_id: self.tenant,
                    kind: r.kind.clone(),
                    source_seq: s.seq,
                    target_seq: t.seq,
                    source_id: s.id,
                    target_id: t.id,
                    created_at: now,
                })
            })
            .collect();
        tx.insert_relationships(&rels).await?;
        let summary = json!({
            "template_id": self.template.id,
            "template": self.template.name,
            "parameters": params,
            "cis": cis.iter().map(|c| c.id).collect::<Vec<_>>(),
            "relationships": rels.len(),
        });
        let mut applied = Applied::new((cis.clone(), rels))
            .audit(
                AuditDraft::new(self.tenant, "cmdb.template.instantiated", Category::Data)
                    .resource("ci_template", self.template.id, Some(self.template.name.clone()))
                    .new_value(summary.clone()),
            )
            .event(EventDraft::new(self.tenant, "cmdb.template.instantiated", summary));
        for c in &cis {
            applied = applied.event(EventDraft::new(self.tenant, "cmdb.ci.created", c.snapshot()));
        }
        Ok(applied)
    }
}
