//! Approval chains end to end, on both backends: sequential chains through a group and a role,
//! parallel and quorum chains, the requester refused (also through their group), a decision
//! without `approval:request:decide` refused and audited, escalation that reassigns a timed-out
//! step, expiry, delegation, cancellation, `assigned=me`, events on the stream, the CLI with
//! and without `--yes`, and a pending request that survives a daemon restart.

use std::time::{Duration, Instant};

use nimbus_e2e::{Backend, Daemon, PASSWORD};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Db, code, login, s};

const MEMBER: &str = "00000000-0000-7000-8000-000000000007";

async fn daemon(backend: Backend) -> Daemon {
    Daemon::builder(backend).env("NIMBUS_WORKFLOWS__POLL", "100ms").start().await.unwrap()
}

async fn call(d: &Daemon, token: &str, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = d.http().request(method, d.at(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
}

async fn ok(d: &Daemon, token: &str, method: Method, path: &str, body: Value) -> Value {
    let (status, v) = call(d, token, method.clone(), path, Some(body)).await;
    assert!((200..300).contains(&status), "{method} {path}: {status} {v}");
    v
}

async fn get(d: &Daemon, token: &str, path: &str) -> Value {
    let (status, v) = call(d, token, Method::GET, path, None).await;
    assert_eq!(status, 200, "GET {path}: {v}");
    v
}

async fn token_of(d: &Daemon, email: &str) -> String {
    let r = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "login {email}");
    s(&r.json::<Value>().await.unwrap(), "access_token").to_owned()
}

/// The people of tenant `acme`: everyone is a Member; approvers hold a custom role that may
/// decide; `dave` and the requester are in group `ops`; `erin` alone holds `release-manager`.
struct Acme {
    admin: String,
    requester: String,
    alice: String,
    bob: String,
    carol: String,
    dave: String,
    erin: String,
    mallory: String,
}

fn email(who: &str) -> String {
    format!("{who}@acme.test")
}

async fn acme(d: &Daemon) -> Acme {
    let admin = s(&login(d).await, "access_token").to_owned();
    ok(d, &admin, Method::POST, "/api/v1/tenants", json!({ "name": "acme", "slug": "acme" })).await;
    let base = "/api/v1/tenants/acme";
    let decider = ok(
        d,
        &admin,
        Method::POST,
        &format!("{base}/roles"),
        json!({ "name": "approver", "allow": ["approval:request:decide"] }),
    )
    .await;
    let release = ok(
        d,
        &admin,
        Method::POST,
        &format!("{base}/roles"),
        json!({ "name": "release-manager", "allow": ["approval:request:decide"] }),
    )
    .await;
    let ops = ok(d, &admin, Method::POST, &format!("{base}/groups"), json!({ "name": "ops" })).await;
    for who in ["requester", "alice", "bob", "carol", "dave", "erin", "mallory"] {
        let u =
            ok(d, &admin, Method::POST, &format!("{base}/users"), json!({ "email": email(who), "password": PASSWORD }))
                .await;
        let uid = s(&u, "id").to_owned();
        ok(d, &admin, Method::POST, &format!("{base}/assignments"), json!({ "role_id": MEMBER, "user_id": uid })).await;
        if ["alice", "bob", "carol", "dave"].contains(&who) {
            ok(
                d,
                &admin,
                Method::POST,
                &format!("{base}/assignments"),
                json!({ "role_id": s(&decider, "id"), "user_id": uid }),
            )
            .await;
        }
        if who == "erin" {
            ok(
                d,
                &admin,
                Method::POST,
                &format!("{base}/assignments"),
                json!({ "role_id": s(&release, "id"), "user_id": uid }),
            )
            .await;
        }
        if ["dave", "requester"].contains(&who) {
            ok(d, &admin, Method::POST, &format!("{base}/groups/{}/members", s(&ops, "id")), json!({ "user_id": uid }))
                .await;
        }
    }
    // The requester's group may decide too: refusing them must not depend on lacking it.
    ok(
        d,
        &admin,
        Method::POST,
        &format!("{base}/assignments"),
        json!({ "role_id": s(&decider, "id"), "group_id": s(&ops, "id") }),
    )
    .await;
    Acme {
        admin,
        requester: token_of(d, &email("requester")).await,
        alice: token_of(d, &email("alice")).await,
        bob: token_of(d, &email("bob")).await,
        carol: token_of(d, &email("carol")).await,
        dave: token_of(d, &email("dave")).await,
        erin: token_of(d, &email("erin")).await,
        mallory: token_of(d, &email("mallory")).await,
    }
}

fn user(who: &str) -> Value {
    json!({ "kind": "user", "id": email(who) })
}

/// Creates a policy in acme: the provider admin acts there through the context tenant header.
async fn policy(d: &Daemon, a: &Acme, spec: Value) -> Value {
    let r = d
        .http()
        .post(d.at("/api/v1/approval-policies"))
        .bearer_auth(&a.admin)
        .header("X-Nimbus-Tenant", "acme")
        .json(&spec)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v
}

async fn request(d: &Daemon, token: &str, operation: &str) -> Value {
    let (status, v) = call(
        d,
        token,
        Method::POST,
        "/api/v1/approvals",
        Some(json!({ "operation": operation, "title": format!("{operation} prod-web"), "resource_type": "stack",
                     "resource_id": "prod-web", "payload": { "stack": "prod-web" } })),
    )
    .await;
    assert_eq!(status, 201, "{v}");
    assert_eq!(s(&v, "status"), "pending");
    assert!(v["workflow_run_id"].is_string(), "{v}");
    v
}

async fn decide(d: &Daemon, token: &str, id: &str, verb: &str, body: Value) -> (u16, Value) {
    call(d, token, Method::POST, &format!("/api/v1/approvals/{id}/{verb}"), Some(body)).await
}

async fn approve(d: &Daemon, token: &str, id: &str) -> Value {
    let (status, v) = decide(d, token, id, "approve", json!({ "reason": "looks good" })).await;
    assert_eq!(status, 200, "{v}");
    v
}

/// Polls the request until `f` holds.
async fn wait_for(d: &Daemon, token: &str, id: &str, what: &str, f: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let v = get(d, token, &format!("/api/v1/approvals/{id}")).await;
        if f(&v) {
            return v;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{what} never happened: {v}\n{}", d.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits for the request's run to finish with `status` as its output.
async fn run_finishes(d: &Daemon, token: &str, request: &Value, status: &str) {
    let run = s(request, "workflow_run_id");
    let tenant = s(request, "tenant_id");
    let started = Instant::now();
    loop {
        let (code, r) = call(d, token, Method::GET, &format!("/api/v1/tenants/{tenant}/workflows/{run}"), None).await;
        assert_eq!(code, 200, "{r}");
        if s(&r, "status") == "succeeded" {
            assert_eq!(r["output"]["status"], status, "{r}");
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "run never finished: {r}\n{}", d.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn approval_chains_sqlite() {
    approval_chains(Backend::Sqlite).await;
}

#[tokio::test]
async fn approval_chains_postgres() {
    approval_chains(Backend::Postgres).await;
}

async fn approval_chains(backend: Backend) {
    let d = daemon(backend).await;
    let a = acme(&d).await;

    // Sequential: the ops group, then the release-manager role.
    let p = policy(
        &d,
        &a,
        json!({ "name": "deploys", "operation": "deploy", "mode": "sequential", "steps": [
            { "approvers": [{ "kind": "group", "id": "ops" }] },
            { "approvers": [{ "kind": "role", "id": "release-manager" }] }
        ] }),
    )
    .await;
    assert_eq!(p["steps"][0]["approvers"][0]["name"], "ops");
    let r = request(&d, &a.requester, "deploy").await;
    let id = s(&r, "id").to_owned();
    assert_eq!(r["required"], 2);
    assert_eq!(r["requester"]["name"], email("requester"));
    // The requester is in ops and may decide through it, yet cannot approve their own request.
    let (status, v) = decide(&d, &a.requester, &id, "approve", json!({ "reason": "mine" })).await;
    assert_eq!(status, 403, "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("self-approval"), "{v}");
    assert!(!v["error"]["trace_id"].as_str().unwrap().is_empty());
    // Without approval:request:decide.
    let (status, v) = decide(&d, &a.mallory, &id, "approve", json!({ "reason": "sneaky" })).await;
    assert_eq!(status, 403, "{v}");
    assert_eq!(code(&v), "forbidden", "{v}");
    // The role's step is not open yet.
    let (status, v) = decide(&d, &a.erin, &id, "approve", json!({})).await;
    assert_eq!(status, 403, "{v}");
    // Through the group.
    let mine = get(&d, &a.dave, "/api/v1/approvals?assigned=me").await;
    assert_eq!(mine["requests"][0]["assignee"], "group:ops", "{mine}");
    let v = approve(&d, &a.dave, &id).await;
    assert_eq!((s(&v, "status"), v["approvals"].as_u64()), ("pending", Some(1)));
    let (status, _) = decide(&d, &a.dave, &id, "approve", json!({})).await;
    assert_eq!(status, 409, "each approver decides once");
    // Through the role.
    let mine = get(&d, &a.erin, "/api/v1/approvals?assigned=me").await;
    assert_eq!(mine["requests"][0]["assignee"], "role:release-manager", "{mine}");
    assert_eq!(get(&d, &a.dave, "/api/v1/approvals?assigned=me").await["requests"], json!([]));
    let v = approve(&d, &a.erin, &id).await;
    assert_eq!(s(&v, "status"), "approved");
    assert!(v["decided_at"].is_string());
    let whats: Vec<&str> = v["history"].as_array().unwrap().iter().map(|h| s(h, "what")).collect();
    assert_eq!(whats, ["requested", "approved", "approved"]);
    run_finishes(&d, &a.admin, &r, "approved").await;
    let (status, v) = decide(&d, &a.alice, &id, "reject", json!({ "reason": "late" })).await;
    assert_eq!(status, 409, "{v}");

    // Parallel: every step.
    policy(
        &d,
        &a,
        json!({ "name": "parallel", "operation": "db-migrate", "mode": "parallel",
                "steps": [{ "approvers": [user("alice")] }, { "approvers": [user("bob")] }] }),
    )
    .await;
    let r = request(&d, &a.requester, "db-migrate").await;
    let id = s(&r, "id").to_owned();
    assert_eq!(s(&approve(&d, &a.bob, &id).await, "status"), "pending");
    assert_eq!(s(&approve(&d, &a.alice, &id).await, "status"), "approved");
    run_finishes(&d, &a.admin, &r, "approved").await;

    // Quorum 2 of 3; a rejection needs a reason and does not end it while 2 can still approve.
    policy(
        &d,
        &a,
        json!({ "name": "quorum", "operation": "scale", "mode": "quorum", "quorum_required": 2, "steps": [
            { "approvers": [user("alice")] }, { "approvers": [user("bob")] }, { "approvers": [user("carol")] }
        ] }),
    )
    .await;
    let r = request(&d, &a.requester, "scale").await;
    let id = s(&r, "id").to_owned();
    let (status, v) = decide(&d, &a.alice, &id, "reject", json!({})).await;
    assert_eq!(status, 400, "a rejection needs a reason: {v}");
    let (status, v) = decide(&d, &a.alice, &id, "reject", json!({ "reason": "too big" })).await;
    assert_eq!((status, s(&v, "status")), (200, "pending"), "{v}");
    assert_eq!(s(&approve(&d, &a.carol, &id).await, "status"), "pending");
    let v = approve(&d, &a.bob, &id).await;
    assert_eq!((s(&v, "status"), v["approvals"].as_u64(), v["required"].as_u64()), ("approved", Some(2), Some(2)));
    let r = request(&d, &a.requester, "scale").await;
    let id = s(&r, "id").to_owned();
    decide(&d, &a.alice, &id, "reject", json!({ "reason": "no" })).await;
    let (_, v) = decide(&d, &a.bob, &id, "reject", json!({ "reason": "no" })).await;
    assert_eq!(s(&v, "status"), "rejected", "1 of 3 left cannot make 2: {v}");
    run_finishes(&d, &a.admin, &r, "rejected").await;

    // Escalation reassigns: alice's step times out after 1 s and goes to carol.
    policy(
        &d,
        &a,
        json!({ "name": "escalating", "operation": "rotate-keys", "mode": "sequential", "steps": [
            { "approvers": [user("alice")], "timeout_secs": 1, "escalation": [user("carol")] }
        ] }),
    )
    .await;
    let r = request(&d, &a.requester, "rotate-keys").await;
    let id = s(&r, "id").to_owned();
    assert!(r["steps"][0]["timeout_at"].is_string());
    let v = wait_for(&d, &a.requester, &id, "escalation", |v| v["steps"][0]["escalated"] == true).await;
    assert_eq!(
        v["steps"][0]["approvers"],
        json!([{ "kind": "user", "id": v["steps"][0]["approvers"][0]["id"], "name": email("carol") }])
    );
    assert!(v["history"].as_array().unwrap().iter().any(|h| h["what"] == "escalated" && h["actor"] == "system"));
    let (status, v) = decide(&d, &a.alice, &id, "approve", json!({})).await;
    assert_eq!(status, 403, "alice lost the step: {v}");
    assert_eq!(s(&approve(&d, &a.carol, &id).await, "status"), "approved");
    run_finishes(&d, &a.admin, &r, "approved").await;

    // Expiry.
    policy(
        &d,
        &a,
        json!({ "name": "short", "operation": "hotfix", "mode": "sequential", "expiry_secs": 1,
                "steps": [{ "approvers": [user("alice")] }] }),
    )
    .await;
    let r = request(&d, &a.requester, "hotfix").await;
    let id = s(&r, "id").to_owned();
    let v = wait_for(&d, &a.requester, &id, "expiry", |v| v["status"] == "expired").await;
    assert_eq!(v["steps"][0]["status"], "skipped");
    run_finishes(&d, &a.admin, &r, "expired").await;
    let (status, _) = decide(&d, &a.alice, &id, "approve", json!({})).await;
    assert_eq!(status, 409);

    // Delegation: alice hands her step to bob; never to the requester.
    policy(
        &d,
        &a,
        json!({ "name": "delegable", "operation": "dns", "mode": "sequential", "steps": [{ "approvers": [user("alice")] }] }),
    )
    .await;
    let r = request(&d, &a.requester, "dns").await;
    let id = s(&r, "id").to_owned();
    let (status, v) =
        decide(&d, &a.alice, &id, "delegate", json!({ "to": email("requester"), "reason": "away" })).await;
    assert_eq!(status, 400, "{v}");
    let (status, v) = decide(&d, &a.alice, &id, "delegate", json!({ "to": email("bob"), "reason": "on leave" })).await;
    assert_eq!(status, 200, "{v}");
    assert!(v["history"].as_array().unwrap().iter().any(|h| h["what"] == format!("delegated to {}", email("bob"))));
    let (status, _) = decide(&d, &a.alice, &id, "approve", json!({})).await;
    assert_eq!(status, 403, "alice delegated her part");
    assert_eq!(s(&approve(&d, &a.bob, &id).await, "status"), "approved");

    // Cancellation by the requester (a reason is required); others need approval:request:cancel.
    let r = request(&d, &a.requester, "dns").await;
    let id = s(&r, "id").to_owned();
    let (status, _) = decide(&d, &a.alice, &id, "cancel", json!({ "reason": "not mine" })).await;
    assert_eq!(status, 403);
    let (status, v) = decide(&d, &a.requester, &id, "cancel", json!({ "reason": "wrong stack" })).await;
    assert_eq!((status, s(&v, "status")), (200, "cancelled"), "{v}");
    run_finishes(&d, &a.admin, &r, "cancelled").await;

    // Listing and filters.
    let all = get(&d, &a.alice, "/api/v1/approvals?limit=2").await;
    assert_eq!(all["requests"].as_array().unwrap().len(), 2);
    let next = s(&all, "next_cursor").to_owned();
    let page2 = get(&d, &a.alice, &format!("/api/v1/approvals?limit=2&cursor={next}")).await;
    assert_ne!(page2["requests"][0]["id"], all["requests"][0]["id"]);
    let expired = get(&d, &a.alice, "/api/v1/approvals?status=expired").await;
    assert_eq!(expired["requests"].as_array().unwrap().len(), 1);
    let (status, v) = call(&d, &a.alice, Method::GET, "/api/v1/approvals?status=maybe", None).await;
    assert_eq!(status, 400, "{v}");

    // Audit: decisions with reasons, refusals, the timers' changes.
    let mut db = Db::open(&d).await;
    let events = db.audit_events().await;
    for want in [
        "approval.policy.created:success",
        "approval.request.created:success",
        "approval.request.approved:success",
        "approval.request.rejected:success",
        "approval.request.decided:success",
        "approval.request.escalated:success",
        "approval.request.expired:success",
        "approval.request.delegated:success",
        "approval.request.cancelled:success",
        "approval.request.decide_failed:denied",
        "approval.request.cancel_failed:denied",
    ] {
        assert!(events.iter().any(|e| e == want), "no {want} in {events:?}");
    }
    let reasons = db
        .strings(
            "SELECT CAST(new_value AS TEXT) FROM audit_log WHERE event_type = 'approval.request.rejected' AND CAST(new_value AS TEXT) LIKE '%too big%'",
        )
        .await;
    assert_eq!(reasons.len(), 1, "the rejection's reason is audited");
    db.close().await;
}

#[tokio::test]
async fn pending_approval_survives_a_restart_sqlite() {
    survives_restart(Backend::Sqlite).await;
}

#[tokio::test]
async fn pending_approval_survives_a_restart_postgres() {
    survives_restart(Backend::Postgres).await;
}

async fn survives_restart(backend: Backend) {
    let mut d = daemon(backend).await;
    let a = acme(&d).await;
    policy(
        &d,
        &a,
        json!({ "name": "two", "operation": "deploy", "mode": "sequential",
                "steps": [{ "approvers": [user("alice")] }, { "approvers": [user("bob")] }] }),
    )
    .await;
    let r = request(&d, &a.requester, "deploy").await;
    let id = s(&r, "id").to_owned();
    approve(&d, &a.alice, &id).await;
    // Let the run take the signal and suspend again, then stop the daemon.
    tokio::time::sleep(Duration::from_millis(500)).await;
    d.terminate().await.unwrap();
    d.serve().await.unwrap();
    let v = get(&d, &a.bob, &format!("/api/v1/approvals/{id}")).await;
    assert_eq!((s(&v, "status"), v["approvals"].as_u64()), ("pending", Some(1)));
    assert_eq!(s(&approve(&d, &a.bob, &id).await, "status"), "approved");
    run_finishes(&d, &a.admin, &r, "approved").await;
}

#[tokio::test]
async fn approvals_from_the_cli() {
    let d = daemon(Backend::Sqlite).await;
    let a = acme(&d).await;
    // The provider admin approves in acme through the Provider Admin role.
    policy(
        &d,
        &a,
        json!({ "name": "cli", "operation": "deploy", "mode": "sequential",
                "steps": [{ "approvers": [{ "kind": "role", "id": "00000000-0000-7000-8000-000000000001" }] }] }),
    )
    .await;
    let r = request(&d, &a.requester, "deploy").await;
    let id = s(&r, "id").to_owned();
    let cli = d.cli();
    cli.login().await.ok();
    let list = cli.run(&["--tenant", "acme", "approval", "list", "--mine", "-o", "json"]).await;
    let list = list.ok().json();
    assert_eq!(list["requests"][0]["id"], id.as_str(), "{list}");
    let policies = cli.run(&["--tenant", "acme", "approval", "policy", "list", "-o", "yaml"]).await;
    assert!(policies.ok().stdout.contains("operation: deploy"), "{}", policies.stdout);
    let shown = cli.run(&["--tenant", "acme", "approval", "show", &id]).await;
    assert!(shown.ok().stdout.contains("deploy prod-web"), "{}", shown.stdout);
    // No terminal and no --yes: refused with a hint, nothing decided.
    let refused = cli.run(&["--tenant", "acme", "approval", "approve", &id, "--reason", "ok"]).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(refused.stderr.contains("--yes"), "{}", refused.stderr);
    let approved =
        cli.run(&["--tenant", "acme", "approval", "approve", &id, "--reason", "ship it", "--yes", "-o", "json"]).await;
    assert_eq!(approved.ok().json()["status"], "approved");
    let again = cli.run(&["--tenant", "acme", "approval", "reject", &id, "--reason", "late", "--yes"]).await;
    assert_ne!(again.code, 0);
}
