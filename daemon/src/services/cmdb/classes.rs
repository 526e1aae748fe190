//! CI classes: the system classes (one per semantic type, not stored) and a tenant's custom
//! classes, whose JSON Schema is checked when the class is created and applied to every CI
//! written with it.

use chrono::Utc;
use nimbus_core::api::cmdb::{CiClass, CiClassList, CreateCiClass};
use nimbus_core::audit::Category;
use nimbus_core::cmdb::valid_class_key;
use nimbus_core::ids::{CiClassId, TenantId};
use nimbus_core::semantic::semantic_type;
use serde_json::{Value, json};

use super::{ClassDef, resolve_class, system_classes, validator};
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::services::tenancy::check_name;
use crate::store::WriteTx;
use crate::store::cmdb::CiClassRecord;

impl Services {
    /// System classes, then the tenant's custom ones.
    pub async fn list_ci_classes(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
    ) -> ServiceResult<CiClassList> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:class:read", Target { tenant, compartment: None }).await?;
        let custom = self.store.read(ok.scope()).await?.ci_classes(tenant).await?;
        let mut classes: Vec<CiClass> = system_classes().map(|c| c.dto()).collect();
        classes.extend(custom.into_iter().map(|r| ClassDef::custom(r).dto()));
        Ok(CiClassList { classes })
    }

    /// One class by key.
    pub async fn get_ci_class(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
    ) -> ServiceResult<CiClass> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:class:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        match resolve_class(read.as_mut(), tenant, key).await {
            Ok(c) => Ok(c.dto()),
            Err(ServiceError::Invalid { .. }) => Err(ServiceError::NotFound { what: format!("class `{key}`") }),
            Err(e) => Err(e),
        }
    }

    /// Creates a custom class.
    pub async fn create_ci_class(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreateCiClass,
    ) -> ServiceResult<CiClass> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let key = req.key.trim().to_owned();
        if !valid_class_key(&key) {
            return Err(ServiceError::Invalid {
                message: format!(
                    "key: {key:?} must be 1 to 64 lowercase letters, digits or '_', starting with a letter (e.g. `k8s_cluster`)"
                ),
            });
        }
        if semantic_type(&key).is_some() {
            return Err(ServiceError::Conflict {
                message: format!("key: `{key}` is a system class; choose another key"),
            });
        }
        let name = check_name("class", &req.name)?;
        let semantic = match req.semantic_type.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(semantic_type(s).ok_or_else(|| ServiceError::Invalid {
                message: format!("semantic_type: unknown type `{s}`; list them with `nimbus semantic types`"),
            })?),
            None => None,
        };
        let schema = class_schema(req.schema, semantic)?;
        let op = CreateClassOp {
            record: CiClassRecord {
                id: CiClassId::generate(),
                tenant_id: tenant,
                key,
                name,
                description: req.description.trim().to_owned(),
                semantic_type: semantic.map(|t| t.name.to_owned()),
                schema,
                created_at: Utc::now(),
                updated_at: Utc::now(),
                deleted_at: None,
            },
        };
        let record = self.pipeline.run(&Caller::User(p.clone()), rc, op).await?;
        Ok(ClassDef::custom(record).dto())
    }

    /// Deletes an unused custom class.
    pub async fn delete_ci_class(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        self.pipeline.run(&Caller::User(p.clone()), rc, DeleteClassOp { tenant, key: key.trim().to_owned() }).await
    }
}

/// The stored schema of a custom class: the given object schema, with the semantic type's
/// properties and required ones merged in (the given schema wins where both name a property).
fn class_schema(
    given: Option<Value>,
    semantic: Option<&'static nimbus_core::semantic::SemanticType>,
) -> ServiceResult<Value> {
    let mut schema = match given {
        None | Some(Value::Null) => json!({"type": "object", "properties": {}}),
        Some(Value::Object(o)) => Value::Object(o),
        Some(_) => return Err(ServiceError::Invalid { message: "schema: must be a JSON Schema object".into() }),
    };
    if schema.get("type").is_some_and(|t| t != "object") {
        return Err(ServiceError::Invalid {
            message: "schema.type: a class schema describes an object; use \"object\"".into(),
        });
    }
    if let Some(t) = semantic {
        let base = t.json_schema();
        if let (Some(obj), Some(base_props)) = (schema.as_object_mut(), base["properties"].as_object()) {
            obj.insert("type".into(), json!("object"));
            let props = obj.entry("properties").or_insert_with(|| json!({}));
            if let Some(props) = props.as_object_mut() {
                for (k, v) in base_props {
                    props.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            let mut required: Vec<Value> = obj.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
            for r in base["required"].as_array().into_iter().flatten() {
                if !required.contains(r) {
                    required.push(r.clone());
                }
            }
            obj.insert("required".into(), Value::Array(required));
        }
    }
    // Compiling proves it is a schema before it is stored.
    validator(&schema)?;
    Ok(schema)
}

struct CreateClassOp {
    record: CiClassRecord,
}

impl Operation for CreateClassOp {
    type Output = CiClassRecord;
    const ACTION: &'static str = "cmdb:class:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.class.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.record.tenant_id, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<CiClassRecord>> {
        let r = self.record;
        if tx.ci_class(r.tenant_id, &r.key).await?.is_some() {
            return Err(ServiceError::Conflict { message: format!("key: class `{}` exists already", r.key) });
        }
        tx.insert_ci_class(&r).await?;
        let value = json!({"key": r.key, "name": r.name, "semantic_type": r.semantic_type, "schema": r.schema});
        Ok(Applied::new(r.clone())
            .audit(
                AuditDraft::new(r.tenant_id, "cmdb.class.created", Category::Data)
                    .resource("ci_class", &r.key, Some(r.name.clone()))
                    .new_value(value.clone()),
            )
            .event(EventDraft::new(r.tenant_id, "cmdb.class.created", value)))
    }
}

struct DeleteClassOp {
    tenant: TenantId,
    key: String,
}

impl Operation for DeleteClassOp {
    type Output = ();
    const ACTION: &'static str = "cmdb:class:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.class.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        if semantic_type(&self.key).is_some() {
            return Err(ServiceError::Conflict {
                message: format!("`{}` is a system class and cannot be deleted", self.key),
            });
        }
        let Some(mut r) = tx.ci_class(self.tenant, &self.key).await? else {
            return Err(ServiceError::NotFound { what: format!("class `{}`", self.key) });
        };
        if tx.ci_class_in_use(self.tenant, &self.key).await? {
            return Err(ServiceError::Conflict {
                message: format!("class `{}` still has configuration items; move or delete them first", self.key),
            });
        }
        r.deleted_at = Some(ctx.now);
        r.updated_at = ctx.now;
        tx.update_ci_class(&r).await?;
        Ok(Applied::new(())
            .audit(AuditDraft::new(self.tenant, "cmdb.class.deleted", Category::Data).resource(
                "ci_class",
                &r.key,
                Some(r.name.clone()),
            ))
            .event(EventDraft::new(self.tenant, "cmdb.class.deleted", json!({"key": r.key}))))
    }
}
