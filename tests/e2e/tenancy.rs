//! Tenancy and authorization end to end, on both backends: the route table declares a
//! permission for every route, the isolation matrix built from it, PostgreSQL row-level
//! security as the runtime role, and the rules that make escalation impossible.

use std::collections::BTreeMap;

use nimbus_e2e::{Backend, Daemon, PASSWORD};
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Row;

use crate::support::{code, login, s};

const TENANT_ADMIN: &str = "00000000-0000-7000-8000-000000000003";
const MEMBER: &str = "00000000-0000-7000-8000-000000000007";
const READ_ONLY: &str = "00000000-0000-7000-8000-000000000008";

/// Routes anyone may call (everything else must declare a permission or act only on the caller).
const PUBLIC: &[&str] = &[
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/refresh",
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
    "GET /api/v1/server",
    "POST /api/v1/invitations/verify",
    "POST /api/v1/invitations/accept",
    "GET /api/v1/audit/public-key",
    "GET /api/v1/audit/taxonomy",
    "GET /api/v1/semantic/types",
    "GET /api/v1/semantic/mappings",
];
/// Routes that act only on the signed-in caller's own session and identity.
const SELF: &[&str] = &[
    "POST /api/v1/auth/logout",
    "GET /api/v1/auth/me",
    "GET /api/v1/auth/sessions",
    "DELETE /api/v1/auth/sessions/{id}",
    "GET /api/v1/notifications",
    "POST /api/v1/notifications/{notification}/read",
    "POST /api/v1/notifications/read-all",
    "GET /api/v1/notifications/preferences",
    "PUT /api/v1/notifications/preferences",
];

/// A signed-in API client.
struct Api<'a> {
    d: &'a Daemon,
    token: Option<String>,
}

impl<'a> Api<'a> {
    async fn as_admin(d: &'a Daemon) -> Api<'a> {
        let pair = login(d).await;
        Api { d, token: Some(s(&pair, "access_token").to_owned()) }
    }

    async fn as_user(d: &'a Daemon, email: &str) -> Api<'a> {
        let r = d
            .http()
            .post(d.at("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "login {email}");
        let pair: Value = r.json().await.unwrap();
        Api { d, token: Some(s(&pair, "access_token").to_owned()) }
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>, tenant: Option<&str>) -> (u16, Value) {
        let mut req = self.d.http().request(method, self.d.at(path));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        if let Some(t) = tenant {
            req = req.header("X-Nimbus-Tenant", t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
    }

    async fn ok(&self, method: Method, path: &str, body: Value) -> Value {
        let (status, v) = self.call(method.clone(), path, Some(body), None).await;
        assert!((200..300).contains(&status), "{method} {path}: {status} {v}");
        v
    }

    async fn get(&self, path: &str) -> Value {
        let (status, v) = self.call(Method::GET, path, None, None).await;
        assert_eq!(status, 200, "GET {path}: {v}");
        v
    }
}

/// A tenant with an administrator and a read-only user, both able to sign in.
struct Fixture {
    slug: String,
    id: String,
    admin: (String, String),
    reader: (String, String),
}

async fn tenant_with_people(admin: &Api<'_>, slug: &str) -> Fixture {
    let t = admin.ok(Method::POST, "/api/v1/tenants", json!({ "name": slug, "slug": slug })).await;
    let base = format!("/api/v1/tenants/{slug}");
    let mut people = Vec::new();
    for (who, role) in [("admin", TENANT_ADMIN), ("reader", READ_ONLY)] {
        let email = format!("{who}@{slug}.test");
        let u = admin.ok(Method::POST, &format!("{base}/users"), json!({ "email": email, "password": PASSWORD })).await;
        let uid = s(&u, "id").to_owned();
        admin.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": role, "user_id": uid })).await;
        people.push((email, uid));
    }
    let reader = people.pop().unwrap();
    let admin_person = people.pop().unwrap();
    Fixture { slug: slug.to_owned(), id: s(&t, "id").to_owned(), admin: admin_person, reader }
}

#[tokio::test]
async fn isolation_matrix_sqlite() {
    isolation_matrix(Backend::Sqlite).await;
}

#[tokio::test]
async fn isolation_matrix_postgres() {
    isolation_matrix(Backend::Postgres).await;
}

/// Every route declares a permission (or is public or self-only), and for every route that
/// touches tenant B, a principal of tenant A, a read-only principal of B (on changes) and an
/// anonymous caller get 401/403/404 and never B's data.
async fn isolation_matrix(backend: Backend) {
    let d = Daemon::start(backend).await.unwrap();
    let root = Api::as_admin(&d).await;
    let a = tenant_with_people(&root, "alpha").await;
    let b = tenant_with_people(&root, "bravo").await;
    // Things in B for the paths to name. The reader's group holds only a read role, so the
    // reader stays read-only (Member could ask for approvals).
    let bb = format!("/api/v1/tenants/{}", b.slug);
    let comp = root.ok(Method::POST, &format!("{bb}/compartments"), json!({ "name": "prod-bravo" })).await;
    let group = root.ok(Method::POST, &format!("{bb}/groups"), json!({ "name": "ops-bravo" })).await;
    root.ok(Method::POST, &format!("{bb}/groups/{}/members", s(&group, "id")), json!({ "user_id": b.reader.1 })).await;
    let role = root
        .ok(Method::POST, &format!("{bb}/roles"), json!({ "name": "bravo-viewer", "allow": ["iam:user:read"] }))
        .await;
    let assignment = root
        .ok(
            Method::POST,
            &format!("{bb}/assignments"),
            json!({ "role_id": s(&role, "id"), "group_id": s(&group, "id") }),
        )
        .await;
    let policy = root
        .ok(
            Method::POST,
            &format!("{bb}/policies"),
            json!({ "name": "bravo-guard", "source": "forbid(principal, action, resource) when { context.hour == 25 };" }),
        )
        .await;
    // B's admin makes a key that may only list users: every other route must refuse it.
    let b_admin = Api::as_user(&d, &b.admin.0).await;
    let key = b_admin
        .ok(Method::POST, &format!("{bb}/apikeys"), json!({ "name": "users-only", "permissions": ["iam:user:read"] }))
        .await;
    let limited = Api { d: &d, token: Some(s(&key, "secret").to_owned()) };
    let invitation = root
        .ok(Method::POST, &format!("{bb}/invitations"), json!({ "email": "new@bravo.test", "role_id": MEMBER }))
        .await;
    let saved = root
        .ok(
            Method::POST,
            &format!("{bb}/audit/queries"),
            json!({ "name": "bravo-logins", "query": { "event_type": "auth.*" } }),
        )
        .await;
    // CMDB objects in B.
    let class =
        root.ok(Method::POST, &format!("{bb}/cmdb/classes"), json!({ "key": "bravo_app", "name": "Bravo app" })).await;
    let ci = root
        .ok(
            Method::POST,
            &format!("{bb}/cmdb/cis"),
            json!({ "class": "application", "name": "bravo-secret-app", "external_id": "bravo-ext-1" }),
        )
        .await;
    let ci2 = root
        .ok(Method::POST, &format!("{bb}/cmdb/cis"), json!({ "class": "service", "name": "bravo-secret-svc" }))
        .await;
    let relationship = root
        .ok(
            Method::POST,
            &format!("{bb}/cmdb/relationships"),
            json!({ "kind": "depends_on", "source_id": s(&ci, "id"), "target_id": s(&ci2, "id") }),
        )
        .await;
    let search = root
        .ok(Method::POST, &format!("{bb}/cmdb/searches"), json!({ "name": "bravo-apps", "query": "class:application" }))
        .await;
    // A CI template and the service catalog in B: an offering, a price list with a published
    // version, a pin.
    let ci_template = root
        .ok(
            Method::POST,
            &format!("{bb}/cmdb/templates"),
            json!({ "name": "bravo-stack", "items": [{ "key": "app", "class": "application", "name": "bravo-tpl-app" }] }),
        )
        .await;
    root.ok(
        Method::POST,
        &format!("{bb}/catalog/offerings"),
        json!({ "key": "bravo_apps", "name": "Bravo apps", "classes": ["application"] }),
    )
    .await;
    let price_list = root
        .ok(Method::POST, &format!("{bb}/catalog/price-lists"), json!({ "name": "bravo-prices", "currency": "EUR" }))
        .await;
    root.ok(
        Method::PUT,
        &format!("{bb}/catalog/price-lists/bravo-prices/draft"),
        json!({ "prices": [{ "offering": "bravo_apps", "unit": "ci", "price": "10", "period": "month" }] }),
    )
    .await;
    root.ok(Method::POST, &format!("{bb}/catalog/price-lists/bravo-prices/versions/1/publish"), json!(null)).await;
    let pin = root
        .ok(
            Method::POST,
            &format!("{bb}/catalog/pins"),
            json!({ "price_list": "bravo-prices", "version": 1, "effective_from": "2026-01-01T00:00:00Z" }),
        )
        .await;
    // Notifications in B: a webhook channel (to a port nobody listens on), a template, a delivery.
    let channel = root
        .ok(
            Method::POST,
            &format!("{bb}/notification-channels"),
            json!({ "name": "bravo-hook", "kind": "webhook", "config": { "url": "http://127.0.0.1:9/bravo" }, "secret": "k" }),
        )
        .await;
    let template = root
        .ok(
            Method::PUT,
            &format!("{bb}/notification-templates"),
            json!({ "event_type": "bravo.event", "channel": "in_app", "subject": "bravo", "body": "b" }),
        )
        .await;
    root.ok(Method::POST, &format!("{bb}/notifications"), json!({ "event_type": "bravo.event", "category": "system" }))
        .await;
    let deliveries = root.get(&format!("{bb}/notification-deliveries")).await;
    let delivery = s(&deliveries["deliveries"][0], "id").to_owned();
    // Approvals in B: a policy whose approver is B's admin, and a pending request.
    let (status, ap_policy) = root
        .call(
            Method::POST,
            "/api/v1/approval-policies",
            Some(json!({ "name": "bravo-deploys", "operation": "deploy", "mode": "sequential",
                         "steps": [{ "approvers": [{ "kind": "user", "id": b.admin.0 }] }] })),
            Some(&b.slug),
        )
        .await;
    assert_eq!(status, 201, "{ap_policy}");
    let (status, approval) = root
        .call(
            Method::POST,
            "/api/v1/approvals",
            Some(json!({ "operation": "deploy", "title": "deploy bravo-secret-app" })),
            Some(&b.slug),
        )
        .await;
    assert_eq!(status, 201, "{approval}");
    let secrets = [
        s(&ci, "id").to_owned(),
        "bravo-secret-app".to_owned(),
        "bravo-ext-1".to_owned(),
        b.id.clone(),
        b.reader.1.clone(),
        s(&comp, "id").to_owned(),
        s(&group, "id").to_owned(),
        s(&role, "id").to_owned(),
    ];

    let params: BTreeMap<&str, String> = [
        ("{tenant}", b.slug.clone()),
        ("{compartment}", s(&comp, "id").to_owned()),
        ("{user}", b.reader.1.clone()),
        ("{group}", s(&group, "id").to_owned()),
        ("{member}", b.reader.1.clone()),
        ("{role}", s(&role, "id").to_owned()),
        ("{assignment}", s(&assignment, "id").to_owned()),
        ("{policy}", s(&policy, "id").to_owned()),
        ("{apikey}", s(&key["api_key"], "id").to_owned()),
        ("{invitation}", s(&invitation["invitation"], "id").to_owned()),
        ("{query}", s(&saved, "id").to_owned()),
        ("{first_seq}", "1".to_owned()),
        // Runs and schedules of B: ids and names an attacker might guess.
        ("{run}", uuid::Uuid::now_v7().to_string()),
        ("{schedule}", "system.session-cleanup".to_owned()),
        ("{class}", s(&class, "key").to_owned()),
        ("{ci}", s(&ci, "id").to_owned()),
        ("{target}", s(&ci2, "id").to_owned()),
        ("{relationship}", s(&relationship, "id").to_owned()),
        ("{search}", s(&search, "id").to_owned()),
        ("{channel}", s(&channel, "id").to_owned()),
        ("{template}", s(&template, "id").to_owned()),
        ("{delivery}", delivery),
        ("{id}", s(&approval, "id").to_owned()),
        ("{approval_policy}", s(&ap_policy, "id").to_owned()),
        ("{ci_template}", s(&ci_template, "id").to_owned()),
        ("{offering}", "bravo_apps".to_owned()),
        ("{price_list}", s(&price_list, "id").to_owned()),
        ("{version}", "1".to_owned()),
        ("{pin}", s(&pin, "id").to_owned()),
    ]
    .into_iter()
    .collect();

    let catalogue: Vec<String> = root.get("/api/v1/permissions").await["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| s(p, "key").to_owned())
        .collect();
    let openapi: Value = d.http().get(d.at("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();

    let other = Api::as_user(&d, &a.admin.0).await;
    let reader = Api::as_user(&d, &b.reader.0).await;
    let anonymous = Api { d: &d, token: None };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut routes = 0;

    for (path, item) in openapi["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let key = format!("{} {path}", method.to_uppercase());
            let scopes: Vec<&str> = op["security"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["bearer"].as_array())
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if PUBLIC.contains(&key.as_str()) {
                assert!(op["security"].is_null(), "{key} is public but declares security");
                continue;
            }
            if SELF.contains(&key.as_str()) {
                assert!(scopes.is_empty(), "{key}");
                continue;
            }
            assert_eq!(scopes.len(), 1, "{key} must declare exactly one permission (deny by default)");
            assert!(catalogue.iter().any(|c| c == scopes[0]), "{key} declares undeclared permission {}", scopes[0]);
            routes += 1;

            let mut concrete = path.clone();
            for (k, v) in &params {
                concrete = concrete.replace(k, v);
            }
            assert!(!concrete.contains('{'), "no value for a parameter of {path}");
            // Required query parameters, so refusals are about access and not about input.
            if path.ends_with("/proofs/inclusion") {
                concrete.push_str("?seq=1");
            } else if path.ends_with("/proofs/consistency") {
                concrete.push_str("?old=1");
            }
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = body_for(&key, &b, &params);
            let context = (!path.contains("{tenant}")).then_some(b.slug.as_str());

            let (status, v) = anonymous.call(m.clone(), &concrete, body.clone(), context).await;
            assert_eq!(status, 401, "anonymous {key}: {v}");
            *counts.entry("anonymous").or_default() += 1;

            if path != "/api/v1/permissions" {
                let (status, v) = other.call(m.clone(), &concrete, body.clone(), context).await;
                assert!(matches!(status, 403 | 404), "tenant A's admin {key}: {status} {v}");
                assert!(v.get("error").is_some(), "{key}: {v}");
                let text = v.to_string();
                assert!(!secrets.iter().any(|s| text.contains(s.as_str())), "{key} leaked B's data: {text}");
                *counts.entry("other tenant").or_default() += 1;
            }

            if scopes[0] != "iam:user:read" {
                let (status, v) = limited.call(m.clone(), &concrete, body.clone(), context).await;
                assert!(matches!(status, 403 | 404), "an API key without {} on {key}: {status} {v}", scopes[0]);
                *counts.entry("API key lacking the scope").or_default() += 1;
            }

            if m != Method::GET && path != "/api/v1/tenants/{tenant}/check" {
                let (status, v) = reader.call(m.clone(), &concrete, body.clone(), context).await;
                assert!(matches!(status, 403 | 404), "B's read-only user {key}: {status} {v}");
                *counts.entry("read-only").or_default() += 1;
            }
        }
    }
    // The key does what it was made for.
    let (status, v) = limited.call(Method::GET, &format!("{bb}/users"), None, None).await;
    assert_eq!(status, 200, "{v}");
    // Nothing above changed B: the reader still reads it, the admin's data is intact.
    let users = reader.get(&format!("{bb}/users")).await;
    assert_eq!(users["users"].as_array().unwrap().len(), 2);
    eprintln!("isolation matrix ({backend:?}): {routes} permission routes; denied requests by attacker: {counts:?}");
    assert!(routes >= 30, "expected the whole tenancy and IAM surface, found {routes} routes");
    assert_eq!(counts["anonymous"], routes);
}

fn body_for(key: &str, b: &Fixture, params: &BTreeMap<&str, String>) -> Option<Value> {
    let v = match key {
        "POST /api/v1/tenants" => json!({ "name": "evil" }),
        "PATCH /api/v1/tenants/{tenant}" => json!({ "name": "evil" }),
        "POST /api/v1/tenants/{tenant}/compartments" => json!({ "name": "evil" }),
        "PATCH /api/v1/tenants/{tenant}/compartments/{compartment}" => json!({ "name": "evil" }),
        "POST /api/v1/tenants/{tenant}/compartments/{compartment}/move" => json!({ "parent_id": null }),
        "POST /api/v1/tenants/{tenant}/users" => json!({ "email": "evil@evil.test" }),
        "PATCH /api/v1/tenants/{tenant}/users/{user}" => json!({ "status": "disabled" }),
        "POST /api/v1/tenants/{tenant}/groups" => json!({ "name": "evil" }),
        "POST /api/v1/tenants/{tenant}/groups/{group}/members" => json!({ "user_id": b.admin.1 }),
        "POST /api/v1/tenants/{tenant}/roles" => json!({ "name": "evil", "allow": ["iam:user:read"] }),
        "PATCH /api/v1/tenants/{tenant}/roles/{role}" => json!({ "allow": ["*:*:*"] }),
        "POST /api/v1/tenants/{tenant}/assignments" => json!({ "role_id": TENANT_ADMIN, "user_id": params["{user}"] }),
        "POST /api/v1/tenants/{tenant}/policies" => {
            json!({ "name": "evil", "source": "forbid(principal, action, resource);" })
        }
        "POST /api/v1/tenants/{tenant}/check" => json!({ "user": b.admin.0, "permission": "iam:user:read" }),
        "POST /api/v1/tenants/{tenant}/apikeys" => json!({ "name": "evil", "permissions": ["iam:user:read"] }),
        "POST /api/v1/tenants/{tenant}/invitations" => json!({ "email": "evil@evil.test", "role_id": TENANT_ADMIN }),
        "PATCH /api/v1/tenants/{tenant}/audit/settings" => json!({ "log_reads": false, "redact_fields": [] }),
        "POST /api/v1/tenants/{tenant}/audit/queries" => json!({ "name": "evil", "query": {} }),
        "POST /api/v1/tenants/{tenant}/workflows/{run}/signal" => json!({ "name": "evil" }),
        "POST /api/v1/tenants/{tenant}/workflows/{run}/cancel" => json!({ "terminate": true }),
        "POST /api/v1/tenants/{tenant}/cmdb/classes" => json!({ "key": "evil", "name": "evil" }),
        "POST /api/v1/tenants/{tenant}/cmdb/cis" => json!({ "class": "service", "name": "evil" }),
        "PATCH /api/v1/tenants/{tenant}/cmdb/cis/{ci}" => json!({ "name": "evil" }),
        "POST /api/v1/tenants/{tenant}/cmdb/relationships" => {
            json!({ "kind": "uses", "source_id": params["{ci}"], "target_id": params["{target}"] })
        }
        "POST /api/v1/tenants/{tenant}/cmdb/searches" => json!({ "name": "evil", "query": "x" }),
        "POST /api/v1/tenants/{tenant}/cmdb/templates" => {
            json!({ "name": "evil", "items": [{ "key": "a", "class": "service", "name": "evil" }] })
        }
        "POST /api/v1/tenants/{tenant}/catalog/offerings" => {
            json!({ "key": "evil", "name": "evil", "classes": ["service"] })
        }
        "POST /api/v1/tenants/{tenant}/catalog/price-lists" => json!({ "name": "evil", "currency": "EUR" }),
        "PUT /api/v1/tenants/{tenant}/catalog/price-lists/{price_list}/draft" => json!({ "prices": [] }),
        "POST /api/v1/tenants/{tenant}/catalog/pins" => {
            json!({ "price_list": params["{price_list}"], "version": 1, "effective_from": "2027-01-01T00:00:00Z" })
        }
        "POST /api/v1/tenants/{tenant}/notification-channels" => {
            json!({ "name": "evil", "kind": "webhook", "config": { "url": "http://127.0.0.1:9/evil" } })
        }
        "PATCH /api/v1/tenants/{tenant}/notification-channels/{channel}" => json!({ "enabled": false }),
        "PUT /api/v1/tenants/{tenant}/notification-templates" => {
            json!({ "event_type": "evil.event", "channel": "in_app", "subject": "evil", "body": "evil" })
        }
        "POST /api/v1/tenants/{tenant}/notifications" => {
            json!({ "event_type": "evil.event", "category": "system", "user_ids": [b.reader.1] })
        }
        "POST /api/v1/approvals" => json!({ "operation": "deploy", "title": "evil" }),
        "POST /api/v1/approvals/{id}/delegate" => json!({ "to": b.admin.0, "reason": "evil" }),
        "POST /api/v1/approvals/{id}/reject" | "POST /api/v1/approvals/{id}/cancel" => json!({ "reason": "evil" }),
        "POST /api/v1/approval-policies" | "PUT /api/v1/approval-policies/{approval_policy}" => json!({
            "name": "evil", "operation": "evil", "mode": "parallel",
            "steps": [{ "approvers": [{ "kind": "user", "id": b.admin.0 }] }]
        }),
        k if k.starts_with("GET ") || k.starts_with("DELETE ") => return None,
        _ => json!({}),
    };
    Some(v)
}

/// As the runtime role, tenant tables show nothing without the tenant setting and never
/// another tenant's rows with it; the role owns nothing and cannot bypass RLS.
#[tokio::test]
async fn postgres_row_level_security_as_the_runtime_role() {
    let d = Daemon::start(Backend::Postgres).await.unwrap();
    let root = Api::as_admin(&d).await;
    let a = tenant_with_people(&root, "alpha").await;
    let b = tenant_with_people(&root, "bravo").await;
    root.ok(Method::POST, "/api/v1/tenants/bravo/compartments", json!({ "name": "prod" })).await;
    root.ok(Method::POST, "/api/v1/tenants/bravo/groups", json!({ "name": "ops" })).await;

    let mut c = d.pg().unwrap().connect().await.unwrap();
    let owned: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = 'nimbus_runtime'",
    )
    .fetch_one(&mut c)
    .await
    .unwrap();
    assert_eq!(owned, 0, "the runtime role owns nothing");
    let (bypass, superuser): (bool, bool) =
        sqlx::query_as("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'nimbus_runtime'")
            .fetch_one(&mut c)
            .await
            .unwrap();
    assert!(!bypass && !superuser);
    let unforced: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND c.relname = ANY($1) AND NOT (c.relrowsecurity AND c.relforcerowsecurity)",
    )
    .bind(TENANT_TABLES.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>())
    .fetch_all(&mut c)
    .await
    .unwrap();
    assert!(unforced.is_empty(), "tables without forced RLS: {unforced:?}");

    let schema_b = format!("nimbus_tenant_{}", b.id.replace('-', ""));
    let mut tables: Vec<String> = TENANT_TABLES.iter().map(|t| (*t).to_owned()).collect();
    tables.push(format!("{schema_b}.compartments"));
    sqlx::raw_sql("BEGIN; SET LOCAL ROLE nimbus_runtime").execute(&mut c).await.unwrap();
    for t in &tables {
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}")))
            .fetch_one(&mut c)
            .await
            .unwrap();
        assert_eq!(n, 0, "{t} shows {n} rows without a tenant setting");
    }
    sqlx::query("SELECT set_config('nimbus.tenants', $1, true)").bind(&a.id).execute(&mut c).await.unwrap();
    let mut seen = 0;
    for t in &tables {
        let col = if t == "tenants" { "id" } else { "tenant_id" };
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {col}::text FROM {t}"))).fetch_all(&mut c).await.unwrap();
        for r in &rows {
            let tenant: String = r.get(0);
            assert_eq!(tenant, a.id, "{t} returned a row of another tenant under tenant A's setting");
        }
        seen += rows.len();
    }
    assert!(seen > 0, "tenant A's own rows are visible under its setting");
    // Writing a row for B under A's setting is refused.
    let err = sqlx::query("INSERT INTO groups (id, tenant_id, name, created_at, updated_at) VALUES (gen_random_uuid(), $1::uuid, 'x', now(), now())")
        .bind(&b.id)
        .execute(&mut c)
        .await;
    assert!(err.is_err(), "an insert into another tenant must fail");
    sqlx::raw_sql("ROLLBACK").execute(&mut c).await.unwrap();
    eprintln!(
        "row-level security: {} tables checked as nimbus_runtime, {seen} own rows visible, 0 foreign",
        tables.len()
    );
}

const TENANT_TABLES: &[&str] = &[
    "tenants",
    "users",
    "sessions",
    "audit_log",
    "outbox",
    "audit_trees",
    "audit_tiles",
    "audit_checkpoints",
    "audit_settings",
    "audit_saved_queries",
    "audit_archive_segments",
    "audit_forward_cursors",
    "memberships",
    "groups",
    "group_members",
    "role_assignments",
    "tenant_domains",
    "notification_channels",
    "notifications",
    "notification_deliveries",
];

#[tokio::test]
async fn escalation_and_safety_rules() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let root = Api::as_admin(&d).await;
    let a = tenant_with_people(&root, "alpha").await;
    let _b = tenant_with_people(&root, "bravo").await;
    let ta = Api::as_user(&d, &a.admin.0).await;
    let base = "/api/v1/tenants/alpha";

    // A member (User tier) of alpha.
    let m =
        ta.ok(Method::POST, &format!("{base}/users"), json!({ "email": "m@alpha.test", "password": PASSWORD })).await;
    ta.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": MEMBER, "user_id": s(&m, "id") })).await;
    let member = Api::as_user(&d, "m@alpha.test").await;

    // 1. A member cannot create roles at all, let alone wide ones.
    let (st, v) = member
        .call(Method::POST, &format!("{base}/roles"), Some(json!({ "name": "x", "allow": ["iam:*:*"] })), None)
        .await;
    assert_eq!((st, code(&v)), (403, "forbidden"), "{v}");
    // 2. A tenant admin cannot define a role with more than they hold (purge is denied to them).
    let (st, v) = ta
        .call(
            Method::POST,
            &format!("{base}/roles"),
            Some(json!({ "name": "purger", "allow": ["tenant:tenant:purge"] })),
            None,
        )
        .await;
    assert_eq!(st, 403, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("tenant:tenant:purge"), "{v}");
    // 3. ... nor a role above their tier.
    let (st, v) = ta
        .call(
            Method::POST,
            &format!("{base}/roles"),
            Some(json!({ "name": "god", "tier": "provider", "allow": ["iam:user:read"] })),
            None,
        )
        .await;
    assert_eq!(st, 403, "{v}");
    // 4. ... nor assign Provider Admin.
    let (st, v) = ta
        .call(
            Method::POST,
            &format!("{base}/assignments"),
            Some(json!({ "role_id": "00000000-0000-7000-8000-000000000001", "user_id": s(&m, "id") })),
            None,
        )
        .await;
    assert_eq!(st, 403, "{v}");
    // 5. ... nor grant anything in a sibling tenant (it does not even exist for them).
    let (st, _) = ta
        .call(
            Method::POST,
            "/api/v1/tenants/bravo/assignments",
            Some(json!({ "role_id": MEMBER, "user_id": s(&m, "id") })),
            None,
        )
        .await;
    assert_eq!(st, 404);
    // 6. ... nor widen an existing role beyond what they hold.
    let role =
        ta.ok(Method::POST, &format!("{base}/roles"), json!({ "name": "viewer", "allow": ["iam:user:read"] })).await;
    let (st, v) = ta
        .call(Method::PATCH, &format!("{base}/roles/{}", s(&role, "id")), Some(json!({ "allow": ["*:*:*"] })), None)
        .await;
    assert_eq!(st, 403, "{v}");
    // A role the admin can grant is fine, and cannot be deleted while assigned.
    ta.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": s(&role, "id"), "user_id": s(&m, "id") }))
        .await;
    let (st, v) = ta.call(Method::DELETE, &format!("{base}/roles/{}", s(&role, "id")), None, None).await;
    assert_eq!((st, code(&v)), (409, "conflict"), "{v}");

    // Group cycles are refused with a clear error.
    let g1 = ta.ok(Method::POST, &format!("{base}/groups"), json!({ "name": "g1" })).await;
    let g2 = ta.ok(Method::POST, &format!("{base}/groups"), json!({ "name": "g2" })).await;
    ta.ok(Method::POST, &format!("{base}/groups/{}/members", s(&g1, "id")), json!({ "group_id": s(&g2, "id") })).await;
    let (st, v) = ta
        .call(
            Method::POST,
            &format!("{base}/groups/{}/members", s(&g2, "id")),
            Some(json!({ "group_id": s(&g1, "id") })),
            None,
        )
        .await;
    assert_eq!(st, 409, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("cycle"), "{v}");
    let (st, _) = ta
        .call(
            Method::POST,
            &format!("{base}/groups/{}/members", s(&g1, "id")),
            Some(json!({ "group_id": s(&g1, "id") })),
            None,
        )
        .await;
    assert_eq!(st, 409, "a group cannot contain itself");
    // Members are removed by id, users and groups alike.
    let g1_after =
        ta.ok(Method::DELETE, &format!("{base}/groups/{}/members/{}", s(&g1, "id"), s(&g2, "id")), json!(null)).await;
    assert!(g1_after["members"].as_array().unwrap().is_empty(), "{g1_after}");
    let (st, _) =
        ta.call(Method::DELETE, &format!("{base}/groups/{}/members/{}", s(&g1, "id"), s(&g2, "id")), None, None).await;
    assert_eq!(st, 404, "removing a member twice");

    // The last tenant admin cannot be disabled or unassigned.
    let (st, v) = root
        .call(Method::PATCH, &format!("{base}/users/{}", a.admin.1), Some(json!({ "status": "disabled" })), None)
        .await;
    assert_eq!(st, 409, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("last active administrator"), "{v}");
    let list = root.get(&format!("{base}/assignments")).await;
    let admin_grant =
        list["assignments"].as_array().unwrap().iter().find(|x| x["role_id"] == TENANT_ADMIN).unwrap().clone();
    let (st, _) = root.call(Method::DELETE, &format!("{base}/assignments/{}", s(&admin_grant, "id")), None, None).await;
    assert_eq!(st, 409);
    // With a second admin the first can go.
    ta.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": TENANT_ADMIN, "user_id": s(&m, "id") }))
        .await;
    root.ok(Method::PATCH, &format!("{base}/users/{}", a.admin.1), json!({ "status": "disabled" })).await;

    // An API key (or any credential) in a query string is refused outright.
    let (st, v) = anonymous(&d).call(Method::GET, "/api/v1/permissions?api_key=nmb_abcdefgh_secret", None, None).await;
    assert_eq!((st, code(&v)), (400, "invalid_request"), "{v}");
}

fn anonymous(d: &Daemon) -> Api<'_> {
    Api { d, token: None }
}

/// Deny beats a wildcard allow and an expired assignment stops counting, as the explain
/// endpoint reports (the daemon's own decisions use the same evaluator).
#[tokio::test]
async fn deny_beats_wildcard_and_expired_grants_lapse() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let root = Api::as_admin(&d).await;
    tenant_with_people(&root, "alpha").await;
    let base = "/api/v1/tenants/alpha";
    let role = root
        .ok(
            Method::POST,
            &format!("{base}/roles"),
            json!({ "name": "all-but-delete", "allow": ["*:*:*"], "deny": ["cmdb:ci:delete"], "tier": "tenant_admin" }),
        )
        .await;
    let u = root.ok(Method::POST, &format!("{base}/users"), json!({ "email": "w@alpha.test" })).await;
    root.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": s(&role, "id"), "user_id": s(&u, "id") }))
        .await;
    let check = |perm: &str| json!({ "user": "w@alpha.test", "permission": perm });
    let v = root.ok(Method::POST, &format!("{base}/check"), check("cmdb:ci:create:virtualmachine")).await;
    assert_eq!(v["allowed"], true, "{v}");
    assert!(s(&v, "path").contains("role:all-but-delete"), "{v}");
    let v = root.ok(Method::POST, &format!("{base}/check"), check("cmdb:ci:delete")).await;
    assert_eq!(v["allowed"], false, "deny beats the wildcard allow: {v}");
    assert!(s(&v, "decided_by").contains("deny"), "{v}");

    // A fresh user whose only grant expires in two seconds.
    let x = root.ok(Method::POST, &format!("{base}/users"), json!({ "email": "x@alpha.test" })).await;
    let expires = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    root.ok(
        Method::POST,
        &format!("{base}/assignments"),
        json!({ "role_id": READ_ONLY, "user_id": s(&x, "id"), "expires_at": expires }),
    )
    .await;
    let before = root
        .ok(Method::POST, &format!("{base}/check"), json!({ "user": "x@alpha.test", "permission": "iam:user:read" }))
        .await;
    assert_eq!(before["allowed"], true, "{before}");
    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;
    let after = root
        .ok(Method::POST, &format!("{base}/check"), json!({ "user": "x@alpha.test", "permission": "iam:user:read" }))
        .await;
    assert_eq!(after["allowed"], false, "an expired assignment is ignored: {after}");
}

/// API keys: shown once, limited to a subset of the owner's permissions, revocable, rotatable,
/// never more than the owner holds, and only in the Authorization header.
#[tokio::test]
async fn api_keys() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let root = Api::as_admin(&d).await;
    let a = tenant_with_people(&root, "alpha").await;
    let ta = Api::as_user(&d, &a.admin.0).await;
    let base = "/api/v1/tenants/alpha";
    // More than the owner holds is refused (purge is denied to tenant admins).
    let (st, v) = ta
        .call(
            Method::POST,
            &format!("{base}/apikeys"),
            Some(json!({ "name": "k", "permissions": ["tenant:tenant:purge"] })),
            None,
        )
        .await;
    assert_eq!(st, 403, "{v}");
    let created = ta
        .ok(
            Method::POST,
            &format!("{base}/apikeys"),
            json!({ "name": "ci", "permissions": ["iam:user:read", "iam:group:*"], "expires_at": "2099-01-01T00:00:00+02:00" }),
        )
        .await;
    let secret = s(&created, "secret").to_owned();
    assert!(secret.starts_with("nmb_"));
    let lookup = secret.trim_start_matches("nmb_").split('_').next().unwrap();
    assert!(lookup.len() >= 8);
    assert_eq!(created["api_key"]["expires_at"], "2098-12-31T22:00:00Z", "expiry is stored in UTC from any offset");
    let key = Api { d: &d, token: Some(secret.clone()) };
    assert_eq!(key.call(Method::GET, &format!("{base}/users"), None, None).await.0, 200);
    assert_eq!(key.call(Method::POST, &format!("{base}/groups"), Some(json!({ "name": "bots" })), None).await.0, 201);
    assert_eq!(
        key.call(Method::GET, &format!("{base}/roles"), None, None).await.0,
        403,
        "outside the key's permissions"
    );
    assert_eq!(
        key.call(
            Method::POST,
            &format!("{base}/apikeys"),
            Some(json!({ "name": "x", "permissions": ["iam:user:read"] })),
            None
        )
        .await
        .0,
        403
    );
    // The secret is never listed, and the last use is recorded.
    let list = ta.get(&format!("{base}/apikeys")).await;
    let text = list.to_string();
    let secret_part = secret.trim_start_matches("nmb_").split_once('_').unwrap().1;
    assert!(!text.contains(secret_part), "{text}");
    assert!(list["api_keys"][0]["last_used_at"].is_string(), "{list}");
    // In a query string it is refused outright, never looked up.
    let (st, _) = anonymous(&d).call(Method::GET, &format!("{base}/users?api_key={secret}"), None, None).await;
    assert_eq!(st, 400);
    // Rotation: the old secret stops at once, the new one works.
    let id = s(&created["api_key"], "id").to_owned();
    let rotated = ta.ok(Method::POST, &format!("{base}/apikeys/{id}/rotate"), json!(null)).await;
    assert_eq!(key.call(Method::GET, &format!("{base}/users"), None, None).await.0, 401);
    let key2 = Api { d: &d, token: Some(s(&rotated, "secret").to_owned()) };
    assert_eq!(key2.call(Method::GET, &format!("{base}/users"), None, None).await.0, 200);
    // Revocation, and the key never outlives its owner's rights.
    ta.call(Method::DELETE, &format!("{base}/apikeys/{id}"), None, None).await;
    let (st, v) = key2.call(Method::GET, &format!("{base}/users"), None, None).await;
    assert_eq!((st, code(&v)), (401, "session_revoked"), "{v}");
}

/// Invitations: token shown once and stored hashed, public verify, accept creates a user or adds
/// an existing one and grants the role in one transaction, re-inviting returns the pending one.
#[tokio::test]
async fn invitations() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let root = Api::as_admin(&d).await;
    let a = tenant_with_people(&root, "alpha").await;
    let b = tenant_with_people(&root, "bravo").await;
    let ta = Api::as_user(&d, &a.admin.0).await;
    let base = "/api/v1/tenants/alpha";
    // Nobody invites into more than they hold.
    let (st, _) = ta
        .call(
            Method::POST,
            &format!("{base}/invitations"),
            Some(json!({ "email": "x@y.test", "role_id": "00000000-0000-7000-8000-000000000001" })),
            None,
        )
        .await;
    assert_eq!(st, 403);
    let first = ta
        .ok(Method::POST, &format!("{base}/invitations"), json!({ "email": "New@Example.test", "role_id": MEMBER }))
        .await;
    let again = ta
        .ok(Method::POST, &format!("{base}/invitations"), json!({ "email": "new@example.test", "role_id": MEMBER }))
        .await;
    assert_eq!(first["invitation"]["id"], again["invitation"]["id"], "re-inviting returns the pending invitation");
    let old_token = s(&first, "token");
    let token = s(&again, "token");
    let anon = anonymous(&d);
    let (st, _) =
        anon.call(Method::POST, "/api/v1/invitations/verify", Some(json!({ "token": old_token })), None).await;
    assert_eq!(st, 404, "a re-sent invitation's old token stops working");
    let (st, info) = anon.call(Method::POST, "/api/v1/invitations/verify", Some(json!({ "token": token })), None).await;
    assert_eq!((st, s(&info, "status"), s(&info, "email")), (200, "pending", "new@example.test"), "{info}");
    // Tokens are stored hashed.
    let mut db = crate::support::Db::open(&d).await;
    assert_eq!(db.int("SELECT count(*) FROM invitations WHERE instr(token_hash, 'nmi_') > 0").await, 0);
    db.close().await;
    // A weak password is refused and nothing is created.
    let (st, _) = anon
        .call(Method::POST, "/api/v1/invitations/accept", Some(json!({ "token": token, "password": "password" })), None)
        .await;
    assert_eq!(st, 400);
    let (st, acc) = anon
        .call(Method::POST, "/api/v1/invitations/accept", Some(json!({ "token": token, "password": PASSWORD })), None)
        .await;
    assert_eq!(st, 201, "{acc}");
    assert_eq!(acc["created"], true);
    let newbie = Api::as_user(&d, "new@example.test").await;
    assert_eq!(newbie.call(Method::GET, &format!("{base}/users"), None, None).await.0, 200, "the role was granted");
    let (st, _) = anon.call(Method::POST, "/api/v1/invitations/accept", Some(json!({ "token": token })), None).await;
    assert_eq!(st, 409, "an accepted invitation cannot be used again");
    // An existing account (B's admin) accepts an invitation to alpha and becomes a member.
    let inv =
        ta.ok(Method::POST, &format!("{base}/invitations"), json!({ "email": b.admin.0, "role_id": READ_ONLY })).await;
    let (st, acc) =
        anon.call(Method::POST, "/api/v1/invitations/accept", Some(json!({ "token": s(&inv, "token") })), None).await;
    assert_eq!((st, acc["created"].as_bool()), (201, Some(false)), "{acc}");
    let b_admin = Api::as_user(&d, &b.admin.0).await;
    assert_eq!(b_admin.call(Method::GET, &format!("{base}/users"), None, None).await.0, 200, "now a member of alpha");
    // Revoked invitations cannot be accepted.
    let inv = ta
        .ok(Method::POST, &format!("{base}/invitations"), json!({ "email": "late@example.test", "role_id": MEMBER }))
        .await;
    let id = s(&inv["invitation"], "id");
    ta.call(Method::DELETE, &format!("{base}/invitations/{id}"), None, None).await;
    let (st, _) = anon
        .call(
            Method::POST,
            "/api/v1/invitations/accept",
            Some(json!({ "token": s(&inv, "token"), "password": PASSWORD })),
            None,
        )
        .await;
    assert_eq!(st, 409);
    let list = ta.get(&format!("{base}/invitations")).await;
    let statuses: Vec<&str> = list["invitations"].as_array().unwrap().iter().map(|i| s(i, "status")).collect();
    assert_eq!(statuses, ["revoked", "accepted", "accepted"]);
}

/// Purge is a separate operation allowed only after the retention period: it erases the
/// tenant's data and sign-ins, and keeps its audit records.
#[tokio::test]
async fn purge_waits_for_the_retention_period() {
    // The default retention (30 days) refuses an immediate purge.
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let root = Api::as_admin(&d).await;
    tenant_with_people(&root, "alpha").await;
    root.call(Method::DELETE, "/api/v1/tenants/alpha", None, None).await;
    let alpha_id = root.get("/api/v1/tenants?include_deleted=true").await["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "alpha")
        .map(|t| s(t, "id").to_owned())
        .unwrap();
    let (st, v) = root.call(Method::POST, &format!("/api/v1/tenants/{alpha_id}/purge"), None, None).await;
    assert_eq!(st, 409, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("restorable until"), "{v}");
}

#[tokio::test]
async fn purge_sqlite() {
    purge(Backend::Sqlite).await;
}

#[tokio::test]
async fn purge_postgres() {
    purge(Backend::Postgres).await;
}

async fn purge(backend: Backend) {
    let d = Daemon::builder(backend).env("NIMBUS_TENANCY__PURGE_AFTER", "1s").start().await.unwrap();
    let root = Api::as_admin(&d).await;
    let a = tenant_with_people(&root, "alpha").await;
    let ta = Api::as_user(&d, &a.admin.0).await;
    root.ok(Method::POST, "/api/v1/tenants/alpha/compartments", json!({ "name": "prod" })).await;
    // Not before deletion, and never by the tenant's own administrator.
    let (st, _) = root.call(Method::POST, &format!("/api/v1/tenants/{}/purge", a.id), None, None).await;
    assert_eq!(st, 409);
    root.call(Method::DELETE, "/api/v1/tenants/alpha", None, None).await;
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    let (st, _) = ta.call(Method::POST, &format!("/api/v1/tenants/{}/purge", a.id), None, None).await;
    assert!(matches!(st, 403 | 404 | 409), "a tenant admin cannot purge: {st}");
    let (st, purged) = root.call(Method::POST, &format!("/api/v1/tenants/{}/purge", a.id), None, None).await;
    assert_eq!(st, 200, "{purged}\n{}", d.log());
    assert!(purged["purged_at"].is_string(), "{purged}");
    // Its people can no longer sign in; their sessions ended.
    let r = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .json(&json!({ "email": a.admin.0, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(ta.call(Method::GET, "/api/v1/auth/me", None, None).await.0, 401);
    // The audit log still has the tenant's history.
    let mut db = crate::support::Db::open(&d).await;
    let events = db.audit_events().await;
    assert!(events.iter().any(|e| e == "tenant.purged:success"), "{events:?}");
    assert!(events.iter().any(|e| e == "user.created:success"));
    assert_eq!(
        db.int("SELECT count(*) FROM role_assignments r JOIN tenants t ON t.id = r.tenant_id WHERE t.slug = 'alpha'")
            .await,
        0
    );
    db.close().await;
}

/// Tenant policies narrow what roles allow, using user attributes and request context; they
/// never grant, and a set that would not compile is refused when written.
#[tokio::test]
async fn policies_narrow_with_attributes() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let root = Api::as_admin(&d).await;
    tenant_with_people(&root, "alpha").await;
    let base = "/api/v1/tenants/alpha";
    let u = root.ok(Method::POST, &format!("{base}/users"), json!({ "email": "net@alpha.test" })).await;
    let uid = s(&u, "id").to_owned();
    root.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": MEMBER, "user_id": uid })).await;
    let check = |perm: &str, ctx: Value| json!({ "user": "net@alpha.test", "permission": perm, "context": ctx });
    assert_eq!(
        root.ok(Method::POST, &format!("{base}/check"), check("iam:user:read", json!({}))).await["allowed"],
        true
    );

    // A guardrail on an attribute.
    let guard = r#"forbid(principal, action == Nimbus::Action::"iam:user:read", resource)
        unless { principal.attrs has department && principal.attrs.department == "network" };"#;
    root.ok(Method::POST, &format!("{base}/policies"), json!({ "name": "network-only", "source": guard })).await;
    let v = root.ok(Method::POST, &format!("{base}/check"), check("iam:user:read", json!({}))).await;
    assert_eq!(v["allowed"], false, "{v}");
    assert!(
        v["conditions"].as_array().unwrap().iter().any(|c| c["effect"] == "forbid" && c["satisfied"] == true),
        "{v}"
    );
    let updated = root
        .ok(Method::PATCH, &format!("{base}/users/{uid}"), json!({ "attributes": { "department": "network" } }))
        .await;
    assert_eq!(updated["attributes"]["department"], "network");
    let v = root.ok(Method::POST, &format!("{base}/check"), check("iam:user:read", json!({}))).await;
    assert_eq!(v["allowed"], true, "the attribute satisfies the guardrail: {v}");

    // A permit is a condition: with one in the set, every request in the tenant needs one to
    // hold (this one asks people with a department for MFA; the administrator has none).
    root.ok(
        Method::POST,
        &format!("{base}/policies"),
        json!({
            "name": "mfa",
            "source": "permit(principal, action, resource) when { context.mfa || !(principal.attrs has department) };"
        }),
    )
    .await;
    let v = root.ok(Method::POST, &format!("{base}/check"), check("iam:user:read", json!({}))).await;
    assert_eq!(v["allowed"], false, "{v}");
    let v = root.ok(Method::POST, &format!("{base}/check"), check("iam:user:read", json!({ "mfa": "true" }))).await;
    assert_eq!(v["allowed"], true, "{v}");
    // ... and never grants what no role allows.
    let v = root.ok(Method::POST, &format!("{base}/check"), check("iam:user:delete", json!({ "mfa": "true" }))).await;
    assert_eq!(v["allowed"], false, "conditions only narrow: {v}");

    // A policy that does not compile is refused; the set stays as it was.
    let (st, v) = root
        .call(
            Method::POST,
            &format!("{base}/policies"),
            Some(json!({ "name": "broken", "source": "forbid(principal" })),
            None,
        )
        .await;
    assert_eq!((st, code(&v)), (400, "invalid_request"), "{v}");
    assert_eq!(root.get(&format!("{base}/policies")).await["policies"].as_array().unwrap().len(), 2);
}
