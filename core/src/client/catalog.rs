//! The CI template and service catalog endpoints of the typed client.

use reqwest::Method;

use super::{Client, ClientResult, tenant_path, with_query};
use crate::api::catalog::{
    CiTemplate, CiTemplateList, CostEstimate, CreateCiTemplate, CreateOffering, CreatePin, CreatePriceList,
    InstantiateTemplate, Offering, OfferingList, Pin, PinList, PriceList, PriceListList, SetDraftPrices,
    TemplateInstance,
};
use crate::ids::PinId;

impl Client {
    /// `GET /api/v1/tenants/{tenant}/cmdb/templates`.
    pub async fn ci_templates(&self, tenant: &str) -> ClientResult<CiTemplateList> {
        self.get(&tenant_path(tenant, &["cmdb", "templates"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/cmdb/templates/{template}`.
    pub async fn ci_template(&self, tenant: &str, template: &str) -> ClientResult<CiTemplate> {
        self.get(&tenant_path(tenant, &["cmdb", "templates", template])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/templates`.
    pub async fn create_ci_template(&self, tenant: &str, request: &CreateCiTemplate) -> ClientResult<CiTemplate> {
        self.call(Method::POST, &tenant_path(tenant, &["cmdb", "templates"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/cmdb/templates/{template}`.
    pub async fn delete_ci_template(&self, tenant: &str, template: &str) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["cmdb", "templates", template])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/cmdb/templates/{template}/instantiate`.
    pub async fn instantiate_ci_template(
        &self,
        tenant: &str,
        template: &str,
        request: &InstantiateTemplate,
    ) -> ClientResult<TemplateInstance> {
        let path = tenant_path(tenant, &["cmdb", "templates", template, "instantiate"])?;
        self.call(Method::POST, &path, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/catalog/offerings`.
    pub async fn offerings(&self, tenant: &str) -> ClientResult<OfferingList> {
        self.get(&tenant_path(tenant, &["catalog", "offerings"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/catalog/offerings/{offering}`.
    pub async fn offering(&self, tenant: &str, key: &str) -> ClientResult<Offering> {
        self.get(&tenant_path(tenant, &["catalog", "offerings", key])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/catalog/offerings`.
    pub async fn create_offering(&self, tenant: &str, request: &CreateOffering) -> ClientResult<Offering> {
        self.call(Method::POST, &tenant_path(tenant, &["catalog", "offerings"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/catalog/offerings/{offering}`.
    pub async fn delete_offering(&self, tenant: &str, key: &str) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["catalog", "offerings", key])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/catalog/price-lists`.
    pub async fn price_lists(&self, tenant: &str) -> ClientResult<PriceListList> {
        self.get(&tenant_path(tenant, &["catalog", "price-lists"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/catalog/price-lists/{price_list}`.
    pub async fn price_list(&self, tenant: &str, name: &str) -> ClientResult<PriceList> {
        self.get(&tenant_path(tenant, &["catalog", "price-lists", name])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/catalog/price-lists`.
    pub async fn create_price_list(&self, tenant: &str, request: &CreatePriceList) -> ClientResult<PriceList> {
        self.call(Method::POST, &tenant_path(tenant, &["catalog", "price-lists"])?, Some(request), true).await
    }

    /// `PUT /api/v1/tenants/{tenant}/catalog/price-lists/{price_list}/draft`.
    pub async fn set_draft_prices(
        &self,
        tenant: &str,
        name: &str,
        request: &SetDraftPrices,
    ) -> ClientResult<PriceList> {
        let path = tenant_path(tenant, &["catalog", "price-lists", name, "draft"])?;
        self.call(Method::PUT, &path, Some(request), true).await
    }

    /// `POST /api/v1/tenants/{tenant}/catalog/price-lists/{price_list}/versions/{version}/publish`
    /// (or `/archive`).
    pub async fn set_price_list_status(
        &self,
        tenant: &str,
        name: &str,
        version: u32,
        publish: bool,
    ) -> ClientResult<PriceList> {
        let action = if publish { "publish" } else { "archive" };
        let path = tenant_path(tenant, &["catalog", "price-lists", name, "versions", &version.to_string(), action])?;
        self.call(Method::POST, &path, None::<&()>, true).await
    }

    /// `GET /api/v1/tenants/{tenant}/catalog/pins`.
    pub async fn pins(&self, tenant: &str) -> ClientResult<PinList> {
        self.get(&tenant_path(tenant, &["catalog", "pins"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/catalog/pins`.
    pub async fn create_pin(&self, tenant: &str, request: &CreatePin) -> ClientResult<Pin> {
        self.call(Method::POST, &tenant_path(tenant, &["catalog", "pins"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/catalog/pins/{pin}`.
    pub async fn delete_pin(&self, tenant: &str, id: PinId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["catalog", "pins", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/catalog/estimate?q=&at=&price_list=`.
    pub async fn estimate_cost(
        &self,
        tenant: &str,
        q: &str,
        at: Option<&str>,
        price_list: Option<&str>,
    ) -> ClientResult<CostEstimate> {
        let params = serde_json::json!({ "q": q, "at": at, "price_list": price_list });
        self.get(&with_query(tenant_path(tenant, &["catalog", "estimate"])?, &params)?).await
    }
}
