//! CMDB search: full text combined with structured filters (class, state, tag, compartment
//! subtree, attribute comparisons), keyset-paginated; and saved searches, each owned by the
//! user who saved it.

use nimbus_core::api::cmdb::{CiList, CreateSavedSearch, SavedSearch, SavedSearchList};
use nimbus_core::audit::Category;
use nimbus_core::cmdb::{Literal, Op, SearchQuery};
use nimbus_core::ids::{CompartmentId, SavedSearchId, TenantId, UserId};
use serde_json::{Value, json};

use super::ci_dto;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::services::tenancy::check_name;
use crate::store::cmdb::{AttrFilter, CiFilter, CmpOp, SavedSearchRecord};
use crate::store::{CompartmentRecord, ReadTx, WriteTx};

/// Largest page.
pub(crate) const MAX_PAGE: u32 = 1_000;

fn cmp(op: Op) -> CmpOp {
    match op {
        Op::Eq => CmpOp::Eq,
        Op::Ne => CmpOp::Ne,
        Op::Lt => CmpOp::Lt,
        Op::Le => CmpOp::Le,
        Op::Gt => CmpOp::Gt,
        Op::Ge => CmpOp::Ge,
    }
}

/// The named compartments (by id or name) and everything below them.
fn subtree(all: &[CompartmentRecord], wanted: &[String]) -> ServiceResult<Vec<CompartmentId>> {
    let mut out: Vec<CompartmentId> = Vec::new();
    for w in wanted {
        let root = all
            .iter()
            .find(|c| c.id.to_string() == *w || c.name.eq_ignore_ascii_case(w))
            .ok_or_else(|| ServiceError::Invalid { message: format!("q: no compartment {w:?} in this tenant") })?;
        let mut stack = vec![root.id];
        while let Some(id) = stack.pop() {
            if out.contains(&id) {
                continue;
            }
            out.push(id);
            stack.extend(all.iter().filter(|c| c.parent_id == Some(id)).map(|c| c.id));
        }
    }
    Ok(out)
}

async fn filter_for(
    read: &mut dyn ReadTx,
    tenant: TenantId,
    q: &SearchQuery,
    limit: u32,
    after_seq: Option<i64>,
) -> ServiceResult<CiFilter> {
    let compartments = if q.compartments.is_empty() {
        None
    } else {
        Some(subtree(&read.compartments(tenant).await?, &q.compartments)?)
    };
    Ok(CiFilter {
        text: q.text(),
        classes: q.classes.clone(),
        states: q.states.clone(),
        compartments,
        tags: q.tags.clone(),
        attributes: q
            .attributes
            .iter()
            .map(|a| AttrFilter {
                name: a.name.clone(),
                op: cmp(a.op),
                value: match &a.value {
                    Literal::Number(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
                    Literal::Text(s) => Value::String(s.clone()),
                },
            })
            .collect(),
        external_id: q.external_id.clone(),
        include_deleted: q.include_deleted,
        after_seq,
        limit,
    })
}

fn parse_cursor(cursor: Option<&str>) -> ServiceResult<Option<i64>> {
    cursor
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.parse::<i64>().map_err(|_| ServiceError::Invalid {
                message: "cursor: not a cursor from a previous page; start again without it".into(),
            })
        })
        .transpose()
}

impl Services {
    /// CIs matching `q` (see `nimbus help search`), `limit` per page.
    pub async fn search_cis(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        q: &str,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> ServiceResult<CiList> {
        let limit = limit.unwrap_or(100);
        if limit == 0 || limit > MAX_PAGE {
            return Err(ServiceError::Invalid { message: format!("limit: must be 1 to {MAX_PAGE}") });
        }
        let parsed = SearchQuery::parse(q).map_err(|e| ServiceError::Invalid { message: e.to_string() })?;
        let after = parse_cursor(cursor)?;
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let filter = filter_for(read.as_mut(), tenant, &parsed, limit + 1, after).await?;
        let mut cis = read.search_cis(tenant, &filter).await?;
        let next_cursor = if cis.len() > limit as usize {
            cis.truncate(limit as usize);
            cis.last().map(|c| c.seq.to_string())
        } else {
            None
        };
        Ok(CiList { cis: cis.iter().map(ci_dto).collect(), next_cursor })
    }

    /// The caller's saved searches.
    pub async fn list_saved_searches(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
    ) -> ServiceResult<SavedSearchList> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let rows = self.store.read(ok.scope()).await?.saved_searches(tenant, p.user_id()).await?;
        Ok(SavedSearchList {
            searches: rows
                .into_iter()
                .map(|r| SavedSearch { id: r.id, name: r.name, query: r.query, created_at: r.created_at })
                .collect(),
        })
    }

    /// Saves a search for the caller.
    pub async fn save_search(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreateSavedSearch,
    ) -> ServiceResult<SavedSearch> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let name = check_name("search", &req.name)?;
        SearchQuery::parse(&req.query)
            .map_err(|e| ServiceError::Invalid { message: e.to_string().replacen("q:", "query:", 1) })?;
        let record = SavedSearchRecord {
            id: SavedSearchId::generate(),
            tenant_id: tenant,
            owner_id: p.user_id(),
            name,
            query: req.query,
            created_at: chrono::Utc::now(),
        };
        let r = self.pipeline.run(&Caller::User(p.clone()), rc, SaveSearchOp { record, delete: None }).await?;
        Ok(SavedSearch { id: r.id, name: r.name, query: r.query, created_at: r.created_at })
    }

    /// Deletes one of the caller's saved searches.
    pub async fn delete_saved_search(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        id: SavedSearchId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let record = SavedSearchRecord {
            id,
            tenant_id: tenant,
            owner_id: p.user_id(),
            name: String::new(),
            query: String::new(),
            created_at: chrono::Utc::now(),
        };
        self.pipeline
            .run(&Caller::User(p.clone()), rc, SaveSearchOp { record, delete: Some(p.user_id()) })
            .await
            .map(|_| ())
    }
}

struct SaveSearchOp {
    record: SavedSearchRecord,
    delete: Option<UserId>,
}

impl Operation for SaveSearchOp {
    type Output = SavedSearchRecord;
    const ACTION: &'static str = "cmdb:search:save";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.search.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.record.tenant_id, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<SavedSearchRecord>> {
        let r = self.record;
        if let Some(owner) = self.delete {
            if !tx.delete_saved_search(r.tenant_id, owner, r.id).await? {
                return Err(ServiceError::NotFound { what: format!("saved search {}", r.id) });
            }
            return Ok(Applied::new(r.clone()).audit(
                AuditDraft::new(r.tenant_id, "cmdb.search.deleted", Category::Data).resource(
                    "saved_search",
                    r.id,
                    None,
                ),
            ));
        }
        tx.insert_saved_search(&r).await.map_err(|e| match e {
            crate::store::StoreError::Conflict(_) => {
                ServiceError::Conflict { message: format!("name: you already have a saved search named {:?}", r.name) }
            }
            other => other.into(),
        })?;
        Ok(Applied::new(r.clone()).audit(
            AuditDraft::new(r.tenant_id, "cmdb.search.saved", Category::Data)
                .resource("saved_search", r.id, Some(r.name.clone()))
                .new_value(json!({"name": r.name, "query": r.query})),
        ))
    }
}
