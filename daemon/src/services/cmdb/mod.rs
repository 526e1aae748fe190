//! The CMDB use cases: classes, configuration items (versions, history, diff, as-of reads),
//! relationships and graph queries, search, bulk import, CI templates and the service catalog.
//!
//! Every change is an [`Operation`](crate::pipeline::Operation) run by the pipeline, so it is
//! authorized, audited and published (an outbox event per change) in its own transaction. CI
//! changes exercise a class-specific permission (`cmdb:ci:update:<class>`), so a grant or deny
//! on one class decides for that class alone. Validation (class schema, lifecycle, relationship
//! constraints) happens inside the operation, before anything is written, and names the field.
//! This module must not build SQL or know which backend it runs on.

mod catalog;
mod cis;
mod classes;
mod graph;
mod import;
mod search;
mod templates;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, LazyLock, Mutex};

use nimbus_core::api::cmdb::{Ci, CiClass};
use nimbus_core::semantic::{SemanticType, semantic_type};
use serde_json::Value;

use crate::error::{ServiceError, ServiceResult};
use crate::store::cmdb::{CiClassRecord, CiRecord, CmdbRead};

pub use graph::{Direction, WalkSpec, impact_unchecked};
pub use import::ImportFormat;

/// Interns a permission string built at run time (class-specific permissions): the authorizer
/// and the pipeline take `&'static str`. One entry per distinct class key and action, so the
/// set stays small.
fn intern(s: String) -> &'static str {
    static SET: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(|| Mutex::new(HashSet::new()));
    let mut set = SET.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = set.get(s.as_str()) {
        return found;
    }
    let leaked: &'static str = Box::leak(s.into_boxed_str());
    set.insert(leaked);
    leaked
}

/// `cmdb:ci:<action>:<class>`.
pub(crate) fn ci_permission(action: &str, class: &str) -> &'static str {
    intern(format!("cmdb:ci:{action}:{class}"))
}

/// A class as the service uses it: system (from the semantic registry) or custom.
#[derive(Debug, Clone)]
pub(crate) struct ClassDef {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) semantic: Option<&'static SemanticType>,
    pub(crate) schema: Value,
    pub(crate) record: Option<CiClassRecord>,
}

impl ClassDef {
    fn system(t: &'static SemanticType) -> Self {
        Self {
            key: t.key(),
            name: t.name.to_owned(),
            description: t.description.to_owned(),
            semantic: Some(t),
            schema: t.json_schema(),
            record: None,
        }
    }

    fn custom(r: CiClassRecord) -> Self {
        Self {
            key: r.key.clone(),
            name: r.name.clone(),
            description: r.description.clone(),
            semantic: r.semantic_type.as_deref().and_then(semantic_type),
            schema: r.schema.clone(),
            record: Some(r),
        }
    }

    pub(crate) fn dto(&self) -> CiClass {
        CiClass {
            key: self.key.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            semantic_type: self.semantic.map(|t| t.name.to_owned()),
            system: self.record.is_none(),
            schema: self.schema.clone(),
            id: self.record.as_ref().map(|r| r.id),
            created_at: self.record.as_ref().map(|r| r.created_at),
        }
    }

    /// Validates attributes against the class schema; the error names the first offending
    /// attribute and what the schema expects.
    pub(crate) fn validate(&self, attributes: &Value) -> ServiceResult<()> {
        self.validate_with(&*self.compiled()?, attributes)
    }

    /// The class schema, compiled (shared by every class with the same schema).
    pub(crate) fn compiled(&self) -> ServiceResult<Arc<jsonschema::Validator>> {
        validator(&self.schema)
    }

    /// [`Self::validate`] with the schema compiled already: bulk paths compile once per class
    /// rather than look the schema up (serialising it as the cache key) for every CI.
    pub(crate) fn validate_with(&self, validator: &jsonschema::Validator, attributes: &Value) -> ServiceResult<()> {
        let Some(err) = validator.iter_errors(attributes).next() else {
            return Ok(());
        };
        let path = err.instance_path().to_string();
        let field = path.trim_start_matches('/');
        let field =
            if field.is_empty() { "attributes".to_owned() } else { format!("attributes.{}", field.replace('/', ".")) };
        Err(ServiceError::Invalid {
            message: format!("{field}: {err} (class `{}`; see `nimbus class show {}`)", self.key, self.key),
        })
    }
}

/// Compiled validators by schema text: compiling is far slower than validating, and imports
/// validate many CIs of few classes.
fn validator(schema: &Value) -> ServiceResult<Arc<jsonschema::Validator>> {
    static CACHE: LazyLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    let key = schema.to_string();
    if let Some(v) = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
        return Ok(v.clone());
    }
    let compiled = Arc::new(
        jsonschema::validator_for(schema)
            .map_err(|e| ServiceError::Invalid { message: format!("schema: not a valid JSON Schema: {e}") })?,
    );
    let mut cache = CACHE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if cache.len() > 4096 {
        // Schemas are few; a flood of distinct ones means churn, so start over rather than grow.
        cache.clear();
    }
    cache.insert(key, compiled.clone());
    Ok(compiled)
}

/// Every system class, by key.
pub(crate) fn system_classes() -> impl Iterator<Item = ClassDef> {
    nimbus_core::semantic::SEMANTIC_TYPES.iter().map(ClassDef::system)
}

/// The class `key` of `tenant`: a system class or a live custom one.
pub(crate) async fn resolve_class(
    read: &mut (impl CmdbRead + ?Sized),
    tenant: nimbus_core::ids::TenantId,
    key: &str,
) -> ServiceResult<ClassDef> {
    let key = key.trim().to_ascii_lowercase();
    if let Some(t) = semantic_type(&key) {
        return Ok(ClassDef::system(t));
    }
    match read.ci_class(tenant, &key).await? {
        Some(r) => Ok(ClassDef::custom(r)),
        None => Err(ServiceError::Invalid {
            message: format!("class: unknown class `{key}`; list the classes with `nimbus class list`"),
        }),
    }
}

/// The wire form of a stored CI.
pub(crate) fn ci_dto(c: &CiRecord) -> Ci {
    Ci {
        id: c.id,
        tenant_id: c.tenant_id,
        compartment_id: c.compartment_id,
        class: c.class.clone(),
        name: c.name.clone(),
        state: c.state.clone(),
        attributes: c.attributes.clone(),
        tags: c.tags.clone(),
        external_id: c.external_id.clone(),
        provider: c.provider.clone(),
        urn: c.urn.clone(),
        version: c.version,
        created_at: c.created_at,
        updated_at: c.updated_at,
        deleted_at: c.deleted_at,
    }
}

/// Checks tags: keys and values are short printable strings.
pub(crate) fn check_tags(tags: &std::collections::BTreeMap<String, String>) -> ServiceResult<()> {
    for (k, v) in tags {
        if k.is_empty() || k.len() > 128 || k.chars().any(|c| c.is_control() || c == '=') {
            return Err(ServiceError::Invalid {
                message: format!("tags: key {k:?} must be 1 to 128 printable characters without '='"),
            });
        }
        if v.len() > 256 || v.chars().any(char::is_control) {
            return Err(ServiceError::Invalid {
                message: format!("tags.{k}: value must be at most 256 printable characters"),
            });
        }
    }
    Ok(())
}

/// Checks that attributes are a JSON object.
pub(crate) fn check_attributes(v: &Value) -> ServiceResult<()> {
    if v.is_object() {
        Ok(())
    } else {
        Err(ServiceError::Invalid { message: "attributes: must be a JSON object".into() })
    }
}
