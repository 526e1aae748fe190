//! The CMDB endpoints of the typed client.

use reqwest::Method;

use super::{ByteStream, Client, ClientError, ClientResult, tenant_path, with_query};
use crate::api::cmdb::{
    Ci, CiClass, CiClassList, CiDiff, CiHistory, CiList, CreateCi, CreateCiClass, CreateRelationship,
    CreateSavedSearch, GraphResult, ImportResult, MappingList, PathResult, Relationship, RelationshipList, SavedSearch,
    SavedSearchList, SemanticTypeList, UpdateCi,
};
use crate::ids::{CiId, RelationshipId, SavedSearchId};

/// Bounds of a graph query (`None` leaves the daemon's default).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct WalkQuery {
    /// `out`, `in` or `both`.
    pub direction: Option<String>,
    /// Comma-separated kinds.
    pub kinds: Option<String>,
    /// Hops.
    pub depth: Option<u32>,
    /// Result limit.
    pub limit: Option<u32>,
}

impl Client {
    /// `GET /api/v1/semantic/types`.
    pub async fn semantic_types(&self) -> ClientResult<SemanticTypeList> {
        self.call(Method::GET, "/api/v1/semantic/types", None::<&()>, false).await
    }

    /// `GET /api/v1/semantic/mappings?provider=`.
    pub async fn semantic_mappings(&self, provider: Option<&str>) -> ClientResult<MappingList> {
        let path = with_query("/api/v1/semantic/mappings".to_owned(), &serde_json::json!({ "provider": provider }))?;
        self.call(Method::GET, &path, None::<&()>, false).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/classes`.
    pub async fn ci_classes(&self, tenant: &str) -> ClientResult<CiClassList> {
        self.get(&tenant_path(tenant, &["cmdb", "classes"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/classes/{key}`.
    pub async fn ci_class(&self, tenant: &str, key: &str) -> ClientResult<CiClass> {
        self.get(&tenant_path(tenant, &["cmdb", "classes", key])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/classes`.
    pub async fn create_ci_class(&self, tenant: &str, request: &CreateCiClass) -> ClientResult<CiClass> {
        self.call(Method::POST, &tenant_path(tenant, &["cmdb", "classes"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/cmdb/classes/{key}`.
    pub async fn delete_ci_class(&self, tenant: &str, key: &str) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["cmdb", "classes", key])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis?q=&limit=&cursor=`.
    pub async fn search_cis(
        &self,
        tenant: &str,
        q: &str,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> ClientResult<CiList> {
        let params = serde_json::json!({ "q": q, "limit": limit, "cursor": cursor });
        self.get(&with_query(tenant_path(tenant, &["cmdb", "cis"])?, &params)?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/cis`.
    pub async fn create_ci(&self, tenant: &str, request: &CreateCi) -> ClientResult<Ci> {
        self.call(Method::POST, &tenant_path(tenant, &["cmdb", "cis"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis/{id}?at=`.
    pub async fn ci(&self, tenant: &str, id: CiId, at: Option<&str>) -> ClientResult<Ci> {
        let path =
            with_query(tenant_path(tenant, &["cmdb", "cis", &id.to_string()])?, &serde_json::json!({ "at": at }))?;
        self.get(&path).await
    }

    /// `PATCH /api/v1/tenants/{tenant}/cmdb/cis/{id}`.
    pub async fn update_ci(&self, tenant: &str, id: CiId, request: &UpdateCi) -> ClientResult<Ci> {
        self.call(Method::PATCH, &tenant_path(tenant, &["cmdb", "cis", &id.to_string()])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/cmdb/cis/{id}`.
    pub async fn delete_ci(&self, tenant: &str, id: CiId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["cmdb", "cis", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis/{id}/history`.
    pub async fn ci_history(&self, tenant: &str, id: CiId) -> ClientResult<CiHistory> {
        self.get(&tenant_path(tenant, &["cmdb", "cis", &id.to_string(), "history"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis/{id}/diff?from=&to=`.
    pub async fn ci_diff(&self, tenant: &str, id: CiId, from: Option<i64>, to: Option<i64>) -> ClientResult<CiDiff> {
        let path = with_query(
            tenant_path(tenant, &["cmdb", "cis", &id.to_string(), "diff"])?,
            &serde_json::json!({ "from": from, "to": to }),
        )?;
        self.get(&path).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis/{id}/relationships`.
    pub async fn ci_relationships(&self, tenant: &str, id: CiId) -> ClientResult<RelationshipList> {
        self.get(&tenant_path(tenant, &["cmdb", "cis", &id.to_string(), "relationships"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis/{id}/graph` or `/impact`.
    pub async fn ci_walk(&self, tenant: &str, id: CiId, impact: bool, q: &WalkQuery) -> ClientResult<GraphResult> {
        let which = if impact { "impact" } else { "graph" };
        self.get(&with_query(tenant_path(tenant, &["cmdb", "cis", &id.to_string(), which])?, q)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/cis/{from}/path/{to}`.
    pub async fn ci_path(&self, tenant: &str, from: CiId, to: CiId, q: &WalkQuery) -> ClientResult<PathResult> {
        let path = tenant_path(tenant, &["cmdb", "cis", &from.to_string(), "path", &to.to_string()])?;
        self.get(&with_query(path, q)?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/relationships`.
    pub async fn create_relationship(&self, tenant: &str, request: &CreateRelationship) -> ClientResult<Relationship> {
        self.call(Method::POST, &tenant_path(tenant, &["cmdb", "relationships"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/cmdb/relationships/{id}`.
    pub async fn delete_relationship(&self, tenant: &str, id: RelationshipId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["cmdb", "relationships", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/searches`.
    pub async fn saved_searches(&self, tenant: &str) -> ClientResult<SavedSearchList> {
        self.get(&tenant_path(tenant, &["cmdb", "searches"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/searches`.
    pub async fn save_search(&self, tenant: &str, request: &CreateSavedSearch) -> ClientResult<SavedSearch> {
        self.call(Method::POST, &tenant_path(tenant, &["cmdb", "searches"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/cmdb/searches/{id}`.
    pub async fn delete_saved_search(&self, tenant: &str, id: SavedSearchId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["cmdb", "searches", &id.to_string()])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/import?format=`: one chunk of records (the CLI
    /// sends a large file in chunks that stay under the daemon's body limit).
    pub async fn import_chunk(&self, tenant: &str, format: &str, body: Vec<u8>) -> ClientResult<ImportResult> {
        let path = with_query(tenant_path(tenant, &["cmdb", "import"])?, &serde_json::json!({ "format": format }))?;
        self.ensure_fresh().await?;
        let token = self
            .with_credentials_ref(|c| c.access_token.clone())
            .ok_or_else(|| ClientError::Config("not signed in; run `nimbus login`".into()))?;
        let mut request = self.http.request(Method::POST, self.url(&path)).bearer_auth(token.expose()).body(body);
        if let Some(t) = &self.tenant {
            request = request.header(super::TENANT_HEADER, t.clone());
        }
        let response = request.send().await.map_err(|e| self.connect_error(e))?;
        if !response.status().is_success() {
            return Err(self.error_from(response).await);
        }
        Self::decode(response).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/export?format=&q=`, streamed.
    pub async fn export_cis(&self, tenant: &str, format: &str, q: &str) -> ClientResult<ByteStream> {
        let path =
            with_query(tenant_path(tenant, &["cmdb", "export"])?, &serde_json::json!({ "format": format, "q": q }))?;
        Ok(ByteStream { response: self.send(Method::GET, &path, None::<&()>, true).await? })
    }
}
