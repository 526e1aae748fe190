//! The CMDB end to end, on both backends: lifecycle rules, version history and as-of reads,
//! class schemas and bad input (a clear 4xx naming the field, nothing written), relationship
//! constraints, traversal and impact on a cyclic graph, class-specific permissions, and
//! idempotent import.

use nimbus_e2e::{Backend, Daemon, PASSWORD};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{code, login, s};

struct Api<'a> {
    d: &'a Daemon,
    token: String,
}

impl Api<'_> {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut r = self.d.http().request(method, self.d.at(path)).bearer_auth(&self.token);
        if let Some(b) = body {
            r = r.json(&b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn ok(&self, method: Method, path: &str, body: Value) -> Value {
        let (status, v) = self.call(method.clone(), path, Some(body)).await;
        assert!((200..300).contains(&status), "{method} {path}: {status} {v}");
        v
    }

    async fn get(&self, path: &str) -> Value {
        let (status, v) = self.call(Method::GET, path, None).await;
        assert_eq!(status, 200, "GET {path}: {v}");
        v
    }

    /// Expects a 400 whose message names `field`.
    async fn invalid(&self, method: Method, path: &str, body: Value, field: &str) {
        let (status, v) = self.call(method.clone(), path, Some(body)).await;
        assert_eq!(status, 400, "{method} {path}: {v}\n{}", if status >= 500 { self.d.log() } else { String::new() });
        assert_eq!(code(&v), "invalid_request", "{v}");
        let message = v["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(field), "{method} {path}: {message:?} should name {field}");
        assert!(v["error"]["trace_id"].as_str().is_some_and(|t| !t.is_empty()), "{v}");
    }
}

async fn admin(d: &Daemon) -> Api<'_> {
    Api { d, token: s(&login(d).await, "access_token").to_owned() }
}

async fn user_with_role<'a>(d: &'a Daemon, root: &Api<'_>, email: &str, allow: &[&str], deny: &[&str]) -> Api<'a> {
    let base = "/api/v1/tenants/cmdb";
    let u = root.ok(Method::POST, &format!("{base}/users"), json!({ "email": email, "password": PASSWORD })).await;
    let role =
        root.ok(Method::POST, &format!("{base}/roles"), json!({ "name": email, "allow": allow, "deny": deny })).await;
    root.ok(Method::POST, &format!("{base}/assignments"), json!({ "role_id": s(&role, "id"), "user_id": s(&u, "id") }))
        .await;
    let r = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let pair: Value = r.json().await.unwrap();
    Api { d, token: s(&pair, "access_token").to_owned() }
}

async fn import(api: &Api<'_>, body: &str) -> reqwest::Response {
    api.d
        .http()
        .post(api.d.at(&format!("{T}/import?format=json")))
        .bearer_auth(&api.token)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

const T: &str = "/api/v1/tenants/cmdb/cmdb";

async fn count(api: &Api<'_>, q: &str) -> usize {
    api.get(&format!("{T}/cis?q={}&limit=1000", urlencode(q))).await["cis"].as_array().unwrap().len()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn story(backend: Backend) {
    let d = Daemon::start(backend).await.unwrap();
    let root = admin(&d).await;
    root.ok(Method::POST, "/api/v1/tenants", json!({ "name": "cmdb", "slug": "cmdb" })).await;

    // The registry is public and names the reference types and kinds.
    let types = d.http().get(d.at("/api/v1/semantic/types")).send().await.unwrap().json::<Value>().await.unwrap();
    assert!(types["types"].as_array().unwrap().iter().any(|t| t["name"] == "VirtualMachine"));
    let maps = d.http().get(d.at("/api/v1/semantic/mappings?provider=aws")).send().await.unwrap();
    let maps: Value = maps.json().await.unwrap();
    assert!(maps["mappings"].as_array().unwrap().iter().all(|m| m["provider"] == "aws"));

    // A custom class with a schema; writes are validated against it.
    root.ok(
        Method::POST,
        &format!("{T}/classes"),
        json!({ "key": "k8s_cluster", "name": "Kubernetes cluster", "semantic_type": "Service",
                "schema": { "type": "object", "properties": { "nodes": { "type": "integer", "minimum": 1 } },
                            "required": ["nodes"] } }),
    )
    .await;
    root.invalid(Method::POST, &format!("{T}/classes"), json!({ "key": "Bad-Key", "name": "x" }), "key").await;

    // Bad input: each names its field, and nothing is written.
    let before = count(&root, "").await;
    root.invalid(Method::POST, &format!("{T}/cis"), json!({ "class": "nope", "name": "x" }), "class").await;
    root.invalid(
        Method::POST,
        &format!("{T}/cis"),
        json!({ "class": "k8s_cluster", "name": "c", "attributes": { "nodes": 0 } }),
        "attributes.nodes",
    )
    .await;
    root.invalid(Method::POST, &format!("{T}/cis"), json!({ "class": "k8s_cluster", "name": "c" }), "attributes").await;
    root.invalid(
        Method::POST,
        &format!("{T}/cis"),
        json!({ "class": "virtualmachine", "name": "vm", "attributes": { "cpu_cores": "four" } }),
        "attributes.cpu_cores",
    )
    .await;
    root.invalid(
        Method::POST,
        &format!("{T}/cis"),
        json!({ "class": "subnet", "name": "s", "state": "retired" }),
        "state",
    )
    .await;
    assert_eq!(count(&root, "").await, before, "refused writes left nothing behind");

    // Lifecycle and versions.
    let vm = root
        .ok(
            Method::POST,
            &format!("{T}/cis"),
            json!({ "class": "virtualmachine", "name": "web-01", "attributes": { "cpu_cores": 2 },
                    "tags": { "env": "prod" }, "external_id": "i-0001" }),
        )
        .await;
    let id = s(&vm, "id").to_owned();
    assert_eq!((vm["state"].as_str(), vm["version"].as_i64()), (Some("planned"), Some(1)));
    let v1_time = s(&vm, "updated_at").to_owned();
    root.invalid(Method::PATCH, &format!("{T}/cis/{id}"), json!({ "state": "retired" }), "state").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    root.ok(Method::PATCH, &format!("{T}/cis/{id}"), json!({ "state": "active" })).await;
    root.ok(Method::PATCH, &format!("{T}/cis/{id}"), json!({ "attributes": { "cpu_cores": 8 } })).await;
    root.ok(Method::PATCH, &format!("{T}/cis/{id}"), json!({ "state": "retired" })).await;
    root.invalid(Method::PATCH, &format!("{T}/cis/{id}"), json!({ "state": "active" }), "state").await;
    root.invalid(
        Method::PATCH,
        &format!("{T}/cis/{id}"),
        json!({ "attributes": { "cpu_cores": -1 } }),
        "attributes.cpu_cores",
    )
    .await;
    let history = root.get(&format!("{T}/cis/{id}/history")).await;
    let versions: Vec<i64> =
        history["versions"].as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect();
    assert_eq!(versions, [4, 3, 2, 1], "refused changes wrote no version");
    let then = root.get(&format!("{T}/cis/{id}?at={}", urlencode(&v1_time))).await;
    assert_eq!((then["version"].as_i64(), then["state"].as_str()), (Some(1), Some("planned")));
    let diff = root.get(&format!("{T}/cis/{id}/diff?from=2&to=3")).await;
    assert_eq!(diff["changes"][0]["path"], "attributes/cpu_cores");
    assert_eq!((diff["changes"][0]["before"].as_i64(), diff["changes"][0]["after"].as_i64()), (Some(2), Some(8)));

    // Search combines words and filters.
    assert_eq!(count(&root, "web class:virtualmachine tag:env=prod attr:cpu_cores>=4").await, 1);
    assert_eq!(count(&root, "web attr:cpu_cores>=16").await, 0);
    root.invalid(Method::GET, &format!("{T}/cis?q=tag%3Aenv"), json!(null), "q:").await;

    // Relationships: constraints by semantic type, inverse kinds, a cycle.
    let mk = |name: &str, class: &str| json!({ "class": class, "name": name, "state": "active" });
    let mut ring = Vec::new();
    for i in 0..4 {
        ring.push(
            s(&root.ok(Method::POST, &format!("{T}/cis"), mk(&format!("svc-{i}"), "service")).await, "id").to_owned(),
        );
    }
    for i in 0..4 {
        root.ok(
            Method::POST,
            &format!("{T}/relationships"),
            json!({ "kind": "depends_on", "source_id": ring[i], "target_id": ring[(i + 1) % 4] }),
        )
        .await;
    }
    let rels_before =
        root.get(&format!("{T}/cis/{}/relationships", ring[0])).await["relationships"].as_array().unwrap().len();
    // A service cannot be attached to anything (attached_to starts at storage, interfaces, …).
    root.invalid(
        Method::POST,
        &format!("{T}/relationships"),
        json!({ "kind": "attached_to", "source_id": ring[0], "target_id": ring[1] }),
        "source_id",
    )
    .await;
    root.invalid(
        Method::POST,
        &format!("{T}/relationships"),
        json!({ "kind": "likes", "source_id": ring[0], "target_id": ring[1] }),
        "kind",
    )
    .await;
    assert_eq!(
        root.get(&format!("{T}/cis/{}/relationships", ring[0])).await["relationships"].as_array().unwrap().len(),
        rels_before
    );
    // The inverse name is stored turned around.
    let inv = root
        .ok(
            Method::POST,
            &format!("{T}/relationships"),
            json!({ "kind": "depended_on_by", "source_id": ring[0], "target_id": ring[2] }),
        )
        .await;
    assert_eq!((s(&inv, "kind"), s(&inv, "source_id")), ("depends_on", ring[2].as_str()));
    let graph = root.get(&format!("{T}/cis/{}/graph?depth=50", ring[0])).await;
    assert_eq!(graph["nodes"].as_array().unwrap().len(), 4, "the cycle ends: {graph}");
    let impact = root.get(&format!("{T}/cis/{}/impact?depth=1", ring[1])).await;
    let names: Vec<&str> = impact["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["svc-1", "svc-0"], "what depends on svc-1 directly");
    let limited = root.get(&format!("{T}/cis/{}/graph?depth=50&limit=1", ring[0])).await;
    assert_eq!(limited["truncated"], true);
    let path = root.get(&format!("{T}/cis/{}/path/{}", ring[0], ring[3])).await;
    assert_eq!(path["nodes"].as_array().unwrap().len(), 2, "svc-0 ← svc-3 directly: {path}");

    // Class-specific permissions: allowed to change services but not virtual machines.
    let ops = user_with_role(&d, &root, "ops@cmdb.test", &["cmdb:ci:read", "cmdb:ci:update:service"], &[]).await;
    ops.ok(Method::PATCH, &format!("{T}/cis/{}", ring[0]), json!({ "name": "svc-zero" })).await;
    let (status, v) = ops.call(Method::PATCH, &format!("{T}/cis/{id}"), Some(json!({ "name": "hijack" }))).await;
    assert_eq!(status, 403, "{v}");
    assert_eq!(root.get(&format!("{T}/cis/{id}")).await["name"], "web-01", "nothing changed");
    let denied = user_with_role(&d, &root, "nodelete@cmdb.test", &["cmdb:*:*"], &["cmdb:ci:delete:service"]).await;
    let (status, _) = denied.call(Method::DELETE, &format!("{T}/cis/{}", ring[3]), None).await;
    assert_eq!(status, 403, "a class-specific deny beats a wildcard allow");
    assert_eq!(root.get(&format!("{T}/cis/{}", ring[3])).await["state"], "active");

    // Soft delete keeps history and takes relationships out of the graph.
    root.ok(Method::DELETE, &format!("{T}/cis/{}", ring[1]), json!(null)).await;
    let deleted = root.get(&format!("{T}/cis/{}", ring[1])).await;
    assert_eq!(deleted["state"], "deleted");
    assert_eq!(count(&root, "svc-1").await, 0);
    assert_eq!(count(&root, "svc-1 deleted:true").await, 1);

    // Import is idempotent by external id, and a bad record names its line.
    let ndjson = "{\"external_id\":\"i-0100\",\"class\":\"virtualmachine\",\"name\":\"imp-1\"}\n\
                  {\"external_id\":\"i-0101\",\"class\":\"subnet\",\"name\":\"imp-net\",\"attributes\":{\"cidr\":\"10.0.0.0/24\"}}\n\
                  {\"kind\":\"hosts_in\",\"source\":\"i-0100\",\"target\":\"i-0101\"}\n";
    let first: Value = import(&root, ndjson).await.json().await.unwrap();
    assert_eq!((first["created"].as_u64(), first["relationships"].as_u64()), (Some(2), Some(1)), "{first}");
    let again: Value = import(&root, ndjson).await.json().await.unwrap();
    assert_eq!(
        (again["created"].as_u64(), again["unchanged"].as_u64(), again["relationships"].as_u64()),
        (Some(0), Some(2), Some(0))
    );
    let bad = import(&root, "{\"external_id\":\"i-0200\",\"class\":\"subnet\",\"name\":\"no-cidr\"}\n").await;
    assert_eq!(bad.status().as_u16(), 400);
    let bad: Value = bad.json().await.unwrap();
    assert!(bad["error"]["message"].as_str().unwrap().starts_with("line 1: attributes"), "{bad}");
    assert_eq!(count(&root, "external_id:i-0200").await, 0);

    // Every change is audited as a CMDB event.
    let mut db = crate::support::Db::open(&d).await;
    let events = db.audit_events().await;
    for e in [
        "cmdb.class.created",
        "cmdb.ci.created",
        "cmdb.ci.updated",
        "cmdb.ci.deleted",
        "cmdb.relationship.created",
        "cmdb.ci.imported",
    ] {
        assert!(events.iter().any(|x| x.starts_with(&format!("{e}:"))), "{e} missing");
    }
    db.close().await;
}

#[tokio::test]
async fn cmdb_story_sqlite() {
    story(Backend::Sqlite).await;
}

#[tokio::test]
async fn cmdb_story_postgres() {
    story(Backend::Postgres).await;
}

/// Templates (constraints, parameters, relationships, one transaction), the service catalog
/// (offerings, price-list versions, pins with effective dates, estimates) and the CMDB's
/// GraphQL, on one backend.
async fn catalog_story(backend: Backend) {
    let d = Daemon::start(backend).await.unwrap();
    let root = admin(&d).await;
    root.ok(Method::POST, "/api/v1/tenants", json!({ "name": "cmdb", "slug": "cmdb" })).await;
    let tpl = "/api/v1/tenants/cmdb/cmdb/templates";

    // A template is checked whole: unknown classes, undeclared placeholders and relationships
    // that break the kind's constraints are refused, naming the field.
    let stack = json!({
        "name": "web-stack",
        "parameters": [
            { "name": "env", "allowed": ["prod", "dev"] },
            { "name": "cpus", "default": 2 }
        ],
        "items": [
            { "key": "app", "class": "service", "name": "shop-{{env}}", "state": "active", "tags": { "env": "{{env}}" } },
            { "key": "vm", "class": "virtualmachine", "name": "shop-vm-{{env}}",
              "attributes": { "cpu_cores": "{{cpus}}" },
              "constraints": { "properties": { "cpu_cores": { "maximum": 16 } } } }
        ],
        "relationships": [ { "kind": "depends_on", "source": "app", "target": "vm" } ]
    });
    let mut bad = stack.clone();
    bad["items"][1]["class"] = json!("nope");
    root.invalid(Method::POST, tpl, bad, "items[1].class").await;
    let mut bad = stack.clone();
    bad["items"][0]["name"] = json!("x-{{region}}");
    root.invalid(Method::POST, tpl, bad, "items[0].name").await;
    let mut bad = stack.clone();
    bad["relationships"][0] = json!({ "kind": "attached_to", "source": "app", "target": "vm" });
    root.invalid(Method::POST, tpl, bad, "relationships[0]").await;
    let created = root.ok(Method::POST, tpl, stack).await;
    assert_eq!(created["items"].as_array().unwrap().len(), 2);
    assert_eq!(root.get(tpl).await["templates"].as_array().unwrap().len(), 1);

    // Instantiation: parameters checked, constraints enforced, nothing written on failure.
    let before = count(&root, "shop").await;
    root.invalid(Method::POST, &format!("{tpl}/web-stack/instantiate"), json!({}), "parameters.env").await;
    root.invalid(
        Method::POST,
        &format!("{tpl}/web-stack/instantiate"),
        json!({ "parameters": { "env": "qa" } }),
        "parameters.env",
    )
    .await;
    root.invalid(
        Method::POST,
        &format!("{tpl}/web-stack/instantiate"),
        json!({ "parameters": { "env": "prod", "cpus": 64 } }),
        "attributes.cpu_cores",
    )
    .await;
    assert_eq!(count(&root, "shop").await, before, "a refused instantiation wrote nothing");
    let inst = root
        .ok(
            Method::POST,
            &format!("{tpl}/web-stack/instantiate"),
            json!({ "parameters": { "env": "prod", "cpus": 4 } }),
        )
        .await;
    let cis = inst["cis"].as_array().unwrap();
    assert_eq!(cis.len(), 2);
    assert_eq!((s(&cis[0], "name"), s(&cis[0], "state")), ("shop-prod", "active"));
    assert_eq!(cis[0]["tags"]["env"], "prod");
    assert_eq!(cis[1]["attributes"]["cpu_cores"], 4, "a whole placeholder keeps the parameter's type");
    let rel = &inst["relationships"][0];
    assert_eq!(
        (s(rel, "kind"), s(rel, "source_id"), s(rel, "target_id")),
        ("depends_on", s(&cis[0], "id"), s(&cis[1], "id"))
    );
    assert_eq!(count(&root, "shop-prod").await, 1);
    // A class-specific deny holds through a template too.
    let novm = user_with_role(&d, &root, "novm@cmdb.test", &["cmdb:*:*"], &["cmdb:ci:create:virtualmachine"]).await;
    let (status, _) = novm
        .call(Method::POST, &format!("{tpl}/web-stack/instantiate"), Some(json!({ "parameters": { "env": "dev" } })))
        .await;
    assert_eq!(status, 403);
    assert_eq!(count(&root, "shop-dev").await, 0);

    // The catalog: an offering per class, a price list whose versions go draft → published →
    // archived, pins with effective dates, and estimates.
    let cat = "/api/v1/tenants/cmdb/catalog";
    root.invalid(
        Method::POST,
        &format!("{cat}/offerings"),
        json!({ "key": "vm", "name": "VMs", "classes": ["nope"] }),
        "classes[0]",
    )
    .await;
    root.ok(
        Method::POST,
        &format!("{cat}/offerings"),
        json!({ "key": "vm", "name": "VMs", "classes": ["virtualmachine"] }),
    )
    .await;
    root.ok(
        Method::POST,
        &format!("{cat}/offerings"),
        json!({ "key": "svc", "name": "Services", "classes": ["service"] }),
    )
    .await;
    root.invalid(Method::POST, &format!("{cat}/price-lists"), json!({ "name": "std", "currency": "euro" }), "currency")
        .await;
    root.ok(Method::POST, &format!("{cat}/price-lists"), json!({ "name": "std", "currency": "EUR" })).await;
    let pl = format!("{cat}/price-lists/std");
    root.invalid(
        Method::PUT,
        &format!("{pl}/draft"),
        json!({ "prices": [{ "offering": "vm", "unit": "ci", "price": "1.2345678", "period": "month" }] }),
        "prices[0].price",
    )
    .await;
    let v1 = json!({ "prices": [
        { "offering": "vm", "unit": "attr:cpu_cores", "price": "0.01", "period": "hour" },
        { "offering": "vm", "unit": "ci", "price": "5", "period": "month" },
        { "offering": "svc", "unit": "ci", "price": "100", "period": "once" }
    ] });
    root.ok(Method::PUT, &format!("{pl}/draft"), v1).await;
    let published = root.ok(Method::POST, &format!("{pl}/versions/1/publish"), json!(null)).await;
    assert_eq!(published["versions"][0]["status"], "published");
    root.invalid(Method::POST, &format!("{pl}/versions/1/publish"), json!(null), "version").await;
    // Estimate under the published version: 4 cores × 0.01 × 730 h + 5 = 34.20 a month.
    let e = root.get(&format!("{cat}/estimate?q=shop-vm")).await;
    assert_eq!((e["version"].as_u64(), e["pinned"].as_bool()), (Some(1), Some(false)), "{e}");
    assert_eq!(e["monthly"], "34.20", "{e}");
    // Version 2 raises the VM price; publishing it archives version 1.
    root.ok(
        Method::PUT,
        &format!("{pl}/draft"),
        json!({ "prices": [{ "offering": "vm", "unit": "ci", "price": "50", "period": "month" }] }),
    )
    .await;
    let draft_pin = json!({ "price_list": "std", "version": 2, "effective_from": "2026-01-01T00:00:00Z" });
    root.invalid(Method::POST, &format!("{cat}/pins"), draft_pin, "version").await;
    let l = root.ok(Method::POST, &format!("{pl}/versions/2/publish"), json!(null)).await;
    let statuses: Vec<&str> = l["versions"].as_array().unwrap().iter().map(|v| v["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["archived", "published"]);
    assert_eq!(root.get(&format!("{cat}/estimate?q=shop-vm")).await["monthly"], "50.00");
    // A pin keeps the tenant on version 1 from 2020 on, and on version 2 from 2030 on.
    root.ok(
        Method::POST,
        &format!("{cat}/pins"),
        json!({ "price_list": "std", "version": 1, "effective_from": "2020-01-01T00:00:00Z" }),
    )
    .await;
    let later = root
        .ok(
            Method::POST,
            &format!("{cat}/pins"),
            json!({ "price_list": "std", "version": 2, "effective_from": "2030-01-01T00:00:00Z" }),
        )
        .await;
    let now = root.get(&format!("{cat}/estimate?q=shop-vm")).await;
    assert_eq!(
        (now["version"].as_u64(), now["pinned"].as_bool(), now["monthly"].as_str()),
        (Some(1), Some(true), Some("34.20"))
    );
    let then = root.get(&format!("{cat}/estimate?q=shop-vm&at=2031-01-01T00%3A00%3A00Z")).await;
    assert_eq!((then["version"].as_u64(), then["monthly"].as_str()), (Some(2), Some("50.00")));
    // The whole stack: the service is priced once (under the pinned version 1).
    let all = root.get(&format!("{cat}/estimate?q=shop")).await;
    let totals: Vec<(&str, &str)> =
        all["totals"].as_array().unwrap().iter().map(|t| (s(t, "period"), s(t, "amount"))).collect();
    assert_eq!(totals, [("hour", "0.04"), ("month", "5.00"), ("once", "100.00")], "{all}");
    root.ok(Method::DELETE, &format!("{cat}/pins/{}", s(&later, "id")), json!(null)).await;
    assert_eq!(root.get(&format!("{cat}/pins")).await["pins"].as_array().unwrap().len(), 1);
    let (status, _) = root.call(Method::DELETE, &format!("{cat}/offerings/vm"), None).await;
    assert_eq!(status, 409, "a priced offering stays");

    // GraphQL over the same services.
    let gql = |q: Value| {
        let token = root.token.clone();
        let d = &d;
        async move {
            d.http()
                .post(d.at("/graphql"))
                .bearer_auth(token)
                .json(&q)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let vm_id = s(&cis[1], "id").to_owned();
    let r = gql(json!({ "query": format!(
        "{{ searchCis(tenant: \"cmdb\", q: \"shop class:virtualmachine\") {{ cis {{ id name attributes }} }} \
           ciImpact(tenant: \"cmdb\", id: \"{vm_id}\", depth: 2) {{ nodes {{ name depth }} }} }}"
    ) }))
    .await;
    assert_eq!(r["data"]["searchCis"]["cis"][0]["name"], "shop-vm-prod", "{r}");
    let impacted: Vec<&str> =
        r["data"]["ciImpact"]["nodes"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(impacted.contains(&"shop-prod"), "the service depends on the VM: {r}");
    let r = gql(json!({ "query":
        "mutation { createCi(tenant: \"cmdb\", class: \"virtualmachine\", name: \"gql-vm\", attributes: {cpu_cores: 2}, tags: {env: \"dev\"}) { id version tags } }"
    }))
    .await;
    let gid = r["data"]["createCi"]["id"].as_str().unwrap_or_else(|| panic!("{r}")).to_owned();
    let r = gql(json!({ "query": format!(
        "mutation {{ updateCi(tenant: \"cmdb\", id: \"{gid}\", state: \"retired\") {{ state }} }}"
    ) }))
    .await;
    assert_eq!(r["errors"][0]["extensions"]["code"], "invalid_request", "planned → retired is illegal: {r}");
    let r = gql(json!({ "query": format!(
        "mutation {{ createRelationship(tenant: \"cmdb\", kind: \"depends_on\", sourceId: \"{}\", targetId: \"{gid}\") {{ kind }} \
           deleteCi(tenant: \"cmdb\", id: \"{vm_id}\") }}", s(&cis[0], "id")
    ) }))
    .await;
    assert_eq!(
        (r["data"]["createRelationship"]["kind"].as_str(), r["data"]["deleteCi"].as_bool()),
        (Some("depends_on"), Some(true)),
        "{r}"
    );
    let r = gql(
        json!({ "query": format!("{{ ciHistory(tenant: \"cmdb\", id: \"{vm_id}\") {{ version ci {{ state }} }} }}") }),
    )
    .await;
    assert_eq!(r["data"]["ciHistory"][0]["ci"]["state"], "deleted", "{r}");

    let mut db = crate::support::Db::open(&d).await;
    let events = db.audit_events().await;
    for e in [
        "cmdb.template.created",
        "cmdb.template.instantiated",
        "cmdb.offering.created",
        "cmdb.pricelist.created",
        "cmdb.pricelist.draft_updated",
        "cmdb.pricelist.published",
        "cmdb.pin.created",
        "cmdb.pin.deleted",
    ] {
        assert!(events.iter().any(|x| x.starts_with(&format!("{e}:"))), "{e} missing");
    }
    db.close().await;
}

#[tokio::test]
async fn catalog_story_sqlite() {
    catalog_story(Backend::Sqlite).await;
}

#[tokio::test]
async fn catalog_story_postgres() {
    catalog_story(Backend::Postgres).await;
}

/// `nimbus ci import` reads the file record by record and sends requests the daemon accepts:
/// with a small `server.import_body_limit_bytes` it splits them (after a 413) and still imports
/// everything; an error names the file's line; a body over the limit is a 413 whether or not
/// its length was declared.
#[tokio::test]
async fn cli_import_splits_requests_to_fit_the_daemons_limit() {
    let d =
        Daemon::builder(Backend::Sqlite).env("NIMBUS_SERVER__IMPORT_BODY_LIMIT_BYTES", "4096").start().await.unwrap();
    let root = admin(&d).await;
    root.ok(Method::POST, "/api/v1/tenants", json!({ "name": "cmdb", "slug": "cmdb" })).await;
    let cli = d.cli();
    assert_eq!(cli.login().await.code, 0);
    let dir = tempfile::tempdir().unwrap();

    // 120 records of about 150 bytes (18 KB), with a blank line and a CRLF line among them.
    let mut text = String::new();
    for i in 0..120 {
        text.push_str(&format!(
            "{{\"external_id\":\"vm-{i:04}\",\"class\":\"virtualmachine\",\"name\":\"vm-{i}\",\"tags\":{{\"env\":\"dev\"}},\"attributes\":{{\"cpu_cores\":{}}}}}{}\n",
            i % 8,
            if i == 7 { "\r" } else { "" }
        ));
        if i == 50 {
            text.push('\n');
        }
    }
    let file = dir.path().join("vms.jsonl");
    std::fs::write(&file, &text).unwrap();
    let out = cli.run(&["--tenant", "cmdb", "-o", "json", "ci", "import", file.to_str().unwrap()]).await;
    assert_eq!(out.code, 0, "{}\n{}", out.stderr, d.log());
    assert_eq!(out.json()["created"], 120, "{}", out.stdout);
    assert!(out.stderr.contains("imported up to line"), "progress on stderr: {}", out.stderr);
    assert_eq!(count(&root, "external_id:vm-0119").await, 1);

    // Line 101 of the file (after the blank line 52) lacks its subnet's cidr.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[100] = "{\"external_id\":\"net-1\",\"class\":\"subnet\",\"name\":\"net-1\"}".into();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let out = cli.run(&["--tenant", "cmdb", "ci", "import", file.to_str().unwrap()]).await;
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("line 101: attributes"), "names the file's line: {}", out.stderr);
    assert_eq!(count(&root, "external_id:net-1").await, 0);

    // Over the limit: refused before reading when the length is declared, cut off when not.
    let big = "x".repeat(5000);
    let r = d
        .http()
        .post(d.at(&format!("{T}/import?format=json")))
        .bearer_auth(&root.token)
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
    let v: Value = r.json().await.unwrap();
    assert_eq!(code(&v), "payload_too_large", "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("import_body_limit_bytes"), "{v}");
    let (status, body) = chunked_post(&d, &format!("{T}/import?format=json"), &root.token, big.as_bytes()).await;
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("payload_too_large") && body.contains("trace_id"), "{body}");
}

/// A POST whose body is sent chunked (no declared length), over a raw HTTP/1.1 connection.
async fn chunked_post(d: &Daemon, path: &str, token: &str, body: &[u8]) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = d.url.trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    for part in body.chunks(1000) {
        // The daemon may answer and close before the whole body is sent.
        if s.write_all(format!("{:x}\r\n", part.len()).as_bytes()).await.is_err()
            || s.write_all(part).await.is_err()
            || s.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}
