//! The service catalog: offerings (what is sold, by the CI classes it covers), price lists
//! (a currency and versions that go draft → published → archived, each a set of prices per
//! offering, unit and period), the tenant's pins (from a time on, estimates use a chosen
//! version), and cost estimates for the CIs matching a search.
//!
//! Kept to what a control plane needs to show what an inventory costs: no invoicing, no
//! staffing or profitability model. Amounts are exact decimals (integer millionths).

use std::collections::BTreeMap;

use chrono::{DateTime, SubsecRound, Utc};
use nimbus_core::api::catalog::{
    CostEstimate, CreateOffering, CreatePin, CreatePriceList, EstimateLine, EstimateTotal, Offering, OfferingList, Pin,
    PinList, PriceItem, PriceList, PriceListList, PriceListVersion, SetDraftPrices,
};
use nimbus_core::audit::Category;
use nimbus_core::cmdb::SearchQuery;
use nimbus_core::cmdb::catalog::{Micros, Period, VersionStatus, valid_key};
use nimbus_core::ids::{OfferingId, PinId, PriceListId, TenantId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::resolve_class;
use super::search::MAX_PAGE;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::Services;
use crate::services::tenancy::check_name;
use crate::store::WriteTx;
use crate::store::cmdb::{CatalogDocRecord, CiFilter, CmdbRead};

const OFFERING: &str = "offering";
const PRICE_LIST: &str = "price_list";
const PIN: &str = "pin";
/// Most CIs one estimate prices.
const MAX_ESTIMATE: usize = 10_000;

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid { message: message.into() }
}

fn corrupt(d: &CatalogDocRecord, e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(anyhow::anyhow!("stored {} {}: {e}", d.kind, d.key))
}

/// The stored body of an offering.
#[derive(Serialize, Deserialize)]
struct OfferingBody {
    name: String,
    description: String,
    classes: Vec<String>,
}

/// The stored body of a price list.
#[derive(Serialize, Deserialize)]
struct PriceListBody {
    currency: String,
    description: String,
    versions: Vec<PriceListVersion>,
}

/// The stored body of a pin.
#[derive(Serialize, Deserialize)]
struct PinBody {
    price_list_id: PriceListId,
    price_list: String,
    version: u32,
    effective_from: DateTime<Utc>,
}

fn offering_dto(d: &CatalogDocRecord) -> ServiceResult<Offering> {
    let b: OfferingBody = serde_json::from_value(d.body.clone()).map_err(|e| corrupt(d, e))?;
    Ok(Offering {
        id: OfferingId::from_uuid(d.id),
        key: d.key.clone(),
        name: b.name,
        description: b.description,
        classes: b.classes,
        created_at: d.created_at,
    })
}

fn price_list_dto(d: &CatalogDocRecord) -> ServiceResult<PriceList> {
    let b: PriceListBody = serde_json::from_value(d.body.clone()).map_err(|e| corrupt(d, e))?;
    Ok(PriceList {
        id: PriceListId::from_uuid(d.id),
        name: d.key.clone(),
        currency: b.currency,
        description: b.description,
        versions: b.versions,
        created_at: d.created_at,
    })
}

fn pin_dto(d: &CatalogDocRecord) -> ServiceResult<Pin> {
    let b: PinBody = serde_json::from_value(d.body.clone()).map_err(|e| corrupt(d, e))?;
    Ok(Pin {
        id: PinId::from_uuid(d.id),
        price_list_id: b.price_list_id,
        price_list: b.price_list,
        version: b.version,
        effective_from: b.effective_from,
        created_at: d.created_at,
    })
}

fn to_body<T: Serialize>(b: &T) -> ServiceResult<Value> {
    serde_json::to_value(b).map_err(|e| ServiceError::Internal(e.into()))
}

async fn load(
    read: &mut (impl CmdbRead + ?Sized),
    tenant: TenantId,
    kind: &str,
    key: &str,
) -> ServiceResult<CatalogDocRecord> {
    let what = match kind {
        OFFERING => "offering",
        PRICE_LIST => "price list",
        _ => "pin",
    };
    read.catalog_doc(tenant, kind, key.trim())
        .await?
        .ok_or_else(|| ServiceError::NotFound { what: format!("{what} {key:?}") })
}

/// Checks prices: each names an offering of the tenant, a unit, a price and a period; one
/// price per offering, unit and period.
async fn check_prices(
    read: &mut (impl CmdbRead + ?Sized),
    tenant: TenantId,
    prices: &[PriceItem],
) -> ServiceResult<Vec<PriceItem>> {
    let offerings: Vec<String> = read.catalog_docs(tenant, OFFERING).await?.into_iter().map(|d| d.key).collect();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(prices.len());
    for (i, p) in prices.iter().enumerate() {
        let at = |f: &str| format!("prices[{i}].{f}");
        let offering = p.offering.trim().to_owned();
        if !offerings.contains(&offering) {
            return Err(invalid(format!(
                "{}: no offering {offering:?}; create it with `nimbus catalog offering create`",
                at("offering")
            )));
        }
        let unit = p.unit.trim().to_owned();
        let unit_ok = unit == "ci"
            || unit.strip_prefix("attr:").is_some_and(|a| {
                !a.is_empty() && a.len() <= 64 && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            });
        if !unit_ok {
            return Err(invalid(format!(
                "{}: {unit:?}; use `ci` or `attr:<attribute>` (e.g. attr:cpu_cores)",
                at("unit")
            )));
        }
        let price = Micros::parse(&p.price).ok_or_else(|| {
            invalid(format!("{}: {:?} must be a decimal like 0.0125 (at most 6 decimals)", at("price"), p.price))
        })?;
        let period = Period::parse(p.period.trim())
            .ok_or_else(|| invalid(format!("{}: {:?}; use hour, month, year or once", at("period"), p.period)))?;
        if !seen.insert((offering.clone(), unit.clone(), period)) {
            return Err(invalid(format!(
                "{}: a second price for {offering} per {unit} and {}",
                at("period"),
                period.as_str()
            )));
        }
        out.push(PriceItem { offering, unit, price: price.to_string(), period: period.as_str().to_owned() });
    }
    Ok(out)
}

fn check_currency(c: &str) -> ServiceResult<String> {
    let c = c.trim().to_ascii_uppercase();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(invalid(format!("currency: {c:?} must be an ISO 4217 code such as EUR or USD")))
    }
}

impl Services {
    async fn catalog_read(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        permission: &'static str,
    ) -> ServiceResult<(TenantId, Box<dyn crate::store::ReadTx>)> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let ok = self.check(p, rc, permission, Target { tenant, compartment: None }).await?;
        Ok((tenant, self.store.read(ok.scope()).await?))
    }

    async fn catalog_change(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        change: CatalogChange,
    ) -> ServiceResult<CatalogDocRecord> {
        let tenant = self.tenant_info(p, rc, Some(tenant)).await?.record.id;
        let caller = Caller::User(p.clone());
        // One operation type per permission, so each change is authorized as exactly its action.
        match change.kind() {
            0 => self.pipeline.run(&caller, rc, CatalogOp::<0> { tenant, change }).await,
            1 => self.pipeline.run(&caller, rc, CatalogOp::<1> { tenant, change }).await,
            2 => self.pipeline.run(&caller, rc, CatalogOp::<2> { tenant, change }).await,
            3 => self.pipeline.run(&caller, rc, CatalogOp::<3> { tenant, change }).await,
            4 => self.pipeline.run(&caller, rc, CatalogOp::<4> { tenant, change }).await,
            5 => self.pipeline.run(&caller, rc, CatalogOp::<5> { tenant, change }).await,
            _ => self.pipeline.run(&caller, rc, CatalogOp::<6> { tenant, change }).await,
        }
    }

    /// The tenant's offerings.
    pub async fn list_offerings(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
    ) -> ServiceResult<OfferingList> {
        let (tenant, mut read) = self.catalog_read(p, rc, tenant, "cmdb:offering:read").await?;
        let docs = read.catalog_docs(tenant, OFFERING).await?;
        Ok(OfferingList { offerings: docs.iter().map(offering_dto).collect::<ServiceResult<_>>()? })
    }

    /// One offering by key or id.
    pub async fn get_offering(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
    ) -> ServiceResult<Offering> {
        let (tenant, mut read) = self.catalog_read(p, rc, tenant, "cmdb:offering:read").await?;
        offering_dto(&load(read.as_mut(), tenant, OFFERING, key).await?)
    }

    /// Creates an offering.
    pub async fn create_offering(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreateOffering,
    ) -> ServiceResult<Offering> {
        offering_dto(&self.catalog_change(p, rc, tenant, CatalogChange::CreateOffering(req)).await?)
    }

    /// Deletes an offering no price list prices.
    pub async fn delete_offering(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
    ) -> ServiceResult<()> {
        self.catalog_change(p, rc, tenant, CatalogChange::DeleteOffering(key.to_owned())).await.map(|_| ())
    }

    /// The tenant's price lists.
    pub async fn list_price_lists(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
    ) -> ServiceResult<PriceListList> {
        let (tenant, mut read) = self.catalog_read(p, rc, tenant, "cmdb:pricelist:read").await?;
        let docs = read.catalog_docs(tenant, PRICE_LIST).await?;
        Ok(PriceListList { price_lists: docs.iter().map(price_list_dto).collect::<ServiceResult<_>>()? })
    }

    /// One price list by name or id.
    pub async fn get_price_list(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
    ) -> ServiceResult<PriceList> {
        let (tenant, mut read) = self.catalog_read(p, rc, tenant, "cmdb:pricelist:read").await?;
        price_list_dto(&load(read.as_mut(), tenant, PRICE_LIST, key).await?)
    }

    /// Creates a price list.
    pub async fn create_price_list(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreatePriceList,
    ) -> ServiceResult<PriceList> {
        price_list_dto(&self.catalog_change(p, rc, tenant, CatalogChange::CreatePriceList(req)).await?)
    }

    /// Sets the draft version's prices (a new draft after the last version if there is none).
    pub async fn set_draft_prices(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
        req: SetDraftPrices,
    ) -> ServiceResult<PriceList> {
        price_list_dto(&self.catalog_change(p, rc, tenant, CatalogChange::SetDraft(key.to_owned(), req.prices)).await?)
    }

    /// Publishes or archives a version.
    pub async fn set_price_list_status(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        key: &str,
        version: u32,
        publish: bool,
    ) -> ServiceResult<PriceList> {
        let to = if publish { VersionStatus::Published } else { VersionStatus::Archived };
        price_list_dto(
            &self.catalog_change(p, rc, tenant, CatalogChange::SetStatus(key.to_owned(), version, to)).await?,
        )
    }

    /// The tenant's pins, by effective time.
    pub async fn list_pins(&self, p: &Principal, rc: &RequestContext, tenant: &str) -> ServiceResult<PinList> {
        let (tenant, mut read) = self.catalog_read(p, rc, tenant, "cmdb:pricelist:read").await?;
        let mut pins: Vec<Pin> =
            read.catalog_docs(tenant, PIN).await?.iter().map(pin_dto).collect::<ServiceResult<_>>()?;
        pins.sort_by_key(|p| p.effective_from);
        Ok(PinList { pins })
    }

    /// Pins a price-list version from a time on.
    pub async fn create_pin(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant: &str,
        req: CreatePin,
    ) -> ServiceResult<Pin> {
        pin_dto(&self.catalog_change(p, rc, tenant, CatalogChange::CreatePin(req)).await?)
    }

    /// Removes a pin.
    pub async fn delete_pin(&self, p: &Principal, rc: &RequestContext, tenant: &str, pin: PinId) -> ServiceResult<()> {
        self.catalog_change(p, rc, tenant, CatalogChange::DeletePin(pin)).await.map(|_| ())
    }

    /// What the CIs matching `q` cost under the version in force at `at` (default now): the
    /// latest pin effective by then (of `price_list`, when named), else the named (or only)
    /// price list's published version.
    pub async fn estimate_cost(
        &self,
        p: &Principal,
        rc: &RequestContext,
        tenant_ref: &str,
        q: &str,
        at: Option<DateTime<Utc>>,
        price_list: Option<&str>,
    ) -> ServiceResult<CostEstimate> {
        let parsed = SearchQuery::parse(q).map_err(|e| invalid(e.to_string()))?;
        if !parsed.compartments.is_empty() {
            return Err(invalid("q: estimates do not take compartment: filters yet"));
        }
        let (tenant, mut read) = self.catalog_read(p, rc, tenant_ref, "cmdb:pricelist:read").await?;
        self.check(p, rc, "cmdb:ci:read", Target { tenant, compartment: None }).await?;
        let at = at.unwrap_or_else(Utc::now);
        let lists: Vec<PriceList> =
            read.catalog_docs(tenant, PRICE_LIST).await?.iter().map(price_list_dto).collect::<ServiceResult<_>>()?;
        let wanted = match price_list {
            Some(name) => Some(
                lists
                    .iter()
                    .find(|l| l.name == name.trim() || l.id.to_string() == name.trim())
                    .ok_or_else(|| invalid(format!("price_list: no price list {name:?}")))?,
            ),
            None => None,
        };
        let pins: Vec<Pin> = read.catalog_docs(tenant, PIN).await?.iter().map(pin_dto).collect::<ServiceResult<_>>()?;
        let pin = pins
            .iter()
            .filter(|p| p.effective_from <= at && wanted.is_none_or(|w| w.id == p.price_list_id))
            .max_by_key(|p| p.effective_from);
        let (list, version, pinned) = match pin {
            Some(pin) => {
                let list = lists.iter().find(|l| l.id == pin.price_list_id).ok_or_else(|| {
                    invalid(format!("price_list: the pinned price list {} is gone; remove the pin", pin.price_list))
                })?;
                (list, pin.version, true)
            }
            None => {
                let list = match wanted {
                    Some(l) => l,
                    None if lists.len() == 1 => &lists[0],
                    None => {
                        return Err(invalid(
                            "price_list: no pin is in force then; name a price list (`--price-list`) or pin one",
                        ));
                    }
                };
                let v =
                    list.versions.iter().find(|v| v.status == VersionStatus::Published.as_str()).ok_or_else(|| {
                        invalid(format!("price_list: {} has no published version; publish one first", list.name))
                    })?;
                (list, v.version, false)
            }
        };
        let prices = &list
            .versions
            .iter()
            .find(|v| v.version == version)
            .ok_or_else(|| invalid(format!("price_list: {} has no version {version}", list.name)))?
            .prices;
        let offerings: Vec<Offering> =
            read.catalog_docs(tenant, OFFERING).await?.iter().map(offering_dto).collect::<ServiceResult<_>>()?;

        let mut estimate = CostEstimate {
            price_list: list.name.clone(),
            version,
            currency: list.currency.clone(),
            at,
            pinned,
            lines: Vec::new(),
            totals: Vec::new(),
            monthly: String::new(),
            unpriced: Vec::new(),
        };
        let mut totals: BTreeMap<Period, Micros> = BTreeMap::new();
        let mut after = None;
        let mut seen = 0usize;
        loop {
            let filter = CiFilter {
                text: parsed.text(),
                classes: parsed.classes.clone(),
                states: parsed.states.clone(),
                tags: parsed.tags.clone(),
                external_id: parsed.external_id.clone(),
                include_deleted: parsed.include_deleted,
                after_seq: after,
                limit: MAX_PAGE,
                ..CiFilter::default()
            };
            let cis = read.search_cis(tenant, &filter).await?;
            for ci in &cis {
                seen += 1;
                if seen > MAX_ESTIMATE {
                    return Err(invalid(format!("q: matches more than {MAX_ESTIMATE} CIs; narrow it")));
                }
                let Some(offering) = offerings.iter().find(|o| o.classes.contains(&ci.class)) else {
                    estimate.unpriced.push(ci.id);
                    continue;
                };
                let mut priced = false;
                for price in prices.iter().filter(|p| p.offering == offering.key) {
                    let quantity = match price.unit.strip_prefix("attr:") {
                        None => Micros::parse("1").unwrap_or_default(),
                        Some(attr) => Micros::from_f64(ci.attributes.get(attr).and_then(Value::as_f64).unwrap_or(0.0)),
                    };
                    let (Some(unit_price), Some(period)) = (Micros::parse(&price.price), Period::parse(&price.period))
                    else {
                        continue;
                    };
                    let amount = unit_price.times(quantity);
                    let total = totals.entry(period).or_default();
                    *total = *total + amount;
                    priced = true;
                    estimate.lines.push(EstimateLine {
                        ci_id: ci.id,
                        ci_name: ci.name.clone(),
                        class: ci.class.clone(),
                        offering: offering.key.clone(),
                        unit: price.unit.clone(),
                        quantity: quantity.to_string(),
                        price: price.price.clone(),
                        period: price.period.clone(),
                        amount: amount.to_string(),
                    });
                }
                if !priced {
                    estimate.unpriced.push(ci.id);
                }
            }
            if cis.len() < MAX_PAGE as usize {
                break;
            }
            after = cis.last().map(|c| c.seq);
        }
        let monthly = totals.iter().fold(Micros(0), |sum, (p, a)| sum + p.monthly(*a));
        estimate.totals = totals
            .iter()
            .map(|(p, a)| EstimateTotal { period: p.as_str().to_owned(), amount: a.to_string() })
            .collect();
        estimate.monthly = monthly.to_string();
        Ok(estimate)
    }
}

enum CatalogChange {
    CreateOffering(CreateOffering),
    DeleteOffering(String),
    CreatePriceList(CreatePriceList),
    SetDraft(String, Vec<PriceItem>),
    SetStatus(String, u32, VersionStatus),
    CreatePin(CreatePin),
    DeletePin(PinId),
}

impl CatalogChange {
    /// The index of the change's permission in [`CATALOG_ACTIONS`].
    fn kind(&self) -> u8 {
        match self {
            Self::CreateOffering(_) => 0,
            Self::DeleteOffering(_) => 1,
            Self::CreatePriceList(_) => 2,
            Self::SetDraft(..) => 3,
            Self::SetStatus(..) => 4,
            Self::CreatePin(_) => 5,
            Self::DeletePin(_) => 6,
        }
    }
}

/// The permission of each kind of catalog change.
const CATALOG_ACTIONS: [&str; 7] = [
    "cmdb:offering:create",
    "cmdb:offering:delete",
    "cmdb:pricelist:create",
    "cmdb:pricelist:update",
    "cmdb:pricelist:publish",
    "cmdb:pin:create",
    "cmdb:pin:delete",
];

/// A catalog change authorized as `CATALOG_ACTIONS[K]`; `K` is always `change.kind()`.
struct CatalogOp<const K: u8> {
    tenant: TenantId,
    change: CatalogChange,
}

fn conflict(e: crate::store::StoreError, message: String) -> ServiceError {
    match e {
        crate::store::StoreError::Conflict(_) => ServiceError::Conflict { message },
        other => other.into(),
    }
}

impl<const K: u8> CatalogOp<K> {
    fn doc(&self, id: uuid::Uuid, kind: &str, key: String, body: Value, now: DateTime<Utc>) -> CatalogDocRecord {
        CatalogDocRecord {
            id,
            tenant_id: self.tenant,
            kind: kind.to_owned(),
            key,
            body,
            revision: 1,
            created_at: now,
            updated_at: now,
            deleted_at: None,
        }
    }

    /// Applies the change; returns the document and the audit event's name.
    async fn change(
        &self,
        tx: &mut dyn WriteTx,
        now: DateTime<Utc>,
    ) -> ServiceResult<(CatalogDocRecord, Option<Value>, &'static str)> {
        let t = self.tenant;
        match &self.change {
            CatalogChange::CreateOffering(req) => {
                let key = req.key.trim().to_owned();
                if !valid_key(&key) {
                    return Err(invalid(format!(
                        "key: {key:?} must be 1 to 64 lowercase letters, digits or '_', starting with a letter"
                    )));
                }
                if req.classes.is_empty() {
                    return Err(invalid("classes: name at least one CI class the offering covers"));
                }
                let mut classes = Vec::new();
                for (i, c) in req.classes.iter().enumerate() {
                    let class = resolve_class(tx, t, c).await.map_err(|e| invalid(format!("classes[{i}]: {e}")))?;
                    if !classes.contains(&class.key) {
                        classes.push(class.key);
                    }
                }
                let body = OfferingBody {
                    name: check_name("offering", &req.name)?,
                    description: req.description.trim().to_owned(),
                    classes,
                };
                let d = self.doc(*OfferingId::generate().as_uuid(), OFFERING, key, to_body(&body)?, now);
                tx.insert_catalog_doc(&d)
                    .await
                    .map_err(|e| conflict(e, format!("key: an offering {:?} exists; choose another key", d.key)))?;
                Ok((d, None, "cmdb.offering.created"))
            }
            CatalogChange::DeleteOffering(key) => {
                let mut d = load(tx, t, OFFERING, key).await?;
                for l in tx.catalog_docs(t, PRICE_LIST).await? {
                    let b: PriceListBody = serde_json::from_value(l.body.clone()).map_err(|e| corrupt(&l, e))?;
                    if b.versions.iter().any(|v| v.prices.iter().any(|p| p.offering == d.key)) {
                        return Err(ServiceError::Conflict {
                            message: format!("offering {} is priced in price list {}; it stays", d.key, l.key),
                        });
                    }
                }
                let old = d.body.clone();
                d.revision += 1;
                d.updated_at = now;
                d.deleted_at = Some(now);
                tx.update_catalog_doc(&d).await?;
                Ok((d, Some(old), "cmdb.offering.deleted"))
            }
            CatalogChange::CreatePriceList(req) => {
                let body = PriceListBody {
                    currency: check_currency(&req.currency)?,
                    description: req.description.trim().to_owned(),
                    versions: Vec::new(),
                };
                let name = check_name("price list", &req.name)?;
                let d = self.doc(*PriceListId::generate().as_uuid(), PRICE_LIST, name, to_body(&body)?, now);
                tx.insert_catalog_doc(&d)
                    .await
                    .map_err(|e| conflict(e, format!("name: a price list {:?} exists; choose another name", d.key)))?;
                Ok((d, None, "cmdb.pricelist.created"))
            }
            CatalogChange::SetDraft(key, prices) => {
                let prices = check_prices(tx, t, prices).await?;
                let mut d = load(tx, t, PRICE_LIST, key).await?;
                let old = d.body.clone();
                let mut b: PriceListBody = serde_json::from_value(d.body.clone()).map_err(|e| corrupt(&d, e))?;
                match b.versions.iter_mut().find(|v| v.status == VersionStatus::Draft.as_str()) {
                    Some(v) => v.prices = prices,
                    None => {
                        let next = b.versions.iter().map(|v| v.version).max().unwrap_or(0) + 1;
                        b.versions.push(PriceListVersion {
                            version: next,
                            status: VersionStatus::Draft.as_str().to_owned(),
                            prices,
                            created_at: now,
                            published_at: None,
                            archived_at: None,
                        });
                    }
                }
                d.body = to_body(&b)?;
                d.revision += 1;
                d.updated_at = now;
                tx.update_catalog_doc(&d).await?;
                Ok((d, Some(old), "cmdb.pricelist.draft_updated"))
            }
            CatalogChange::SetStatus(key, version, to) => {
                let mut d = load(tx, t, PRICE_LIST, key).await?;
                let old = d.body.clone();
                let mut b: PriceListBody = serde_json::from_value(d.body.clone()).map_err(|e| corrupt(&d, e))?;
                let v = b.versions.iter().find(|v| v.version == *version).ok_or_else(|| ServiceError::NotFound {
                    what: format!("version {version} of price list {}", d.key),
                })?;
                let from = VersionStatus::parse(&v.status).ok_or_else(|| corrupt(&d, "version status"))?;
                if !from.can_become(*to) {
                    return Err(invalid(format!(
                        "version: {version} is {}; it cannot become {} (draft → published → archived)",
                        from.as_str(),
                        to.as_str()
                    )));
                }
                for v in &mut b.versions {
                    if v.version == *version {
                        v.status = to.as_str().to_owned();
                        match to {
                            VersionStatus::Published => v.published_at = Some(now),
                            _ => v.archived_at = Some(now),
                        }
                    } else if *to == VersionStatus::Published && v.status == VersionStatus::Published.as_str() {
                        // One version is in force at a time: the one it replaces retires.
                        v.status = VersionStatus::Archived.as_str().to_owned();
                        v.archived_at = Some(now);
                    }
                }
                d.body = to_body(&b)?;
                d.revision += 1;
                d.updated_at = now;
                tx.update_catalog_doc(&d).await?;
                let event = if *to == VersionStatus::Published {
                    "cmdb.pricelist.published"
                } else {
                    "cmdb.pricelist.archived"
                };
                Ok((d, Some(old), event))
            }
            CatalogChange::CreatePin(req) => {
                let list = load(tx, t, PRICE_LIST, &req.price_list).await.map_err(|e| match e {
                    ServiceError::NotFound { what } => invalid(format!("price_list: no {what}")),
                    other => other,
                })?;
                let b: PriceListBody = serde_json::from_value(list.body.clone()).map_err(|e| corrupt(&list, e))?;
                let v = b.versions.iter().find(|v| v.version == req.version).ok_or_else(|| {
                    invalid(format!("version: price list {} has no version {}", list.key, req.version))
                })?;
                if v.status == VersionStatus::Draft.as_str() {
                    return Err(invalid(format!("version: {} is a draft; publish it before pinning it", req.version)));
                }
                let effective_from = req.effective_from.trunc_subsecs(6);
                let body = PinBody {
                    price_list_id: PriceListId::from_uuid(list.id),
                    price_list: list.key.clone(),
                    version: req.version,
                    effective_from,
                };
                let key = effective_from.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
                let d = self.doc(*PinId::generate().as_uuid(), PIN, key, to_body(&body)?, now);
                tx.insert_catalog_doc(&d).await.map_err(|e| {
                    conflict(e, format!("effective_from: a pin from {} exists; remove it first", d.key))
                })?;
                Ok((d, None, "cmdb.pin.created"))
            }
            CatalogChange::DeletePin(id) => {
                let mut d = load(tx, t, PIN, &id.to_string()).await?;
                let old = d.body.clone();
                d.revision += 1;
                d.updated_at = now;
                d.deleted_at = Some(now);
                tx.update_catalog_doc(&d).await?;
                Ok((d, Some(old), "cmdb.pin.deleted"))
            }
        }
    }
}

impl<const K: u8> Operation for CatalogOp<K> {
    type Output = CatalogDocRecord;
    const ACTION: &'static str = CATALOG_ACTIONS[K as usize];
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "cmdb.catalog.change_failed";
    const CATEGORY: Category = Category::Data;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<CatalogDocRecord>> {
        let now = ctx.now.trunc_subsecs(6);
        let (d, old, event) = self.change(tx, now).await?;
        let mut audit = AuditDraft::new(self.tenant, event, Category::Data)
            .resource(d.kind.as_str(), d.id, Some(d.key.clone()))
            .new_value(if d.deleted_at.is_some() { json!({"deleted": true}) } else { d.body.clone() });
        if let Some(old) = old {
            audit = audit.old_value(old);
        }
        let summary = json!({"id": d.id, "kind": d.kind, "key": d.key});
        Ok(Applied::new(d).audit(audit).event(EventDraft::new(self.tenant, event, summary)))
    }
}
