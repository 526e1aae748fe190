//! Notifications end to end, on both backends: invitation email through a real SMTP server
//! (aiosmtpd on loopback: STARTTLS with AUTH, implicit TLS, plain), signed webhooks to a local
//! receiver with retries, dead letters and a manual retry, template precedence and the sandbox,
//! preferences, the inbox, and secrets kept out of storage, API output and logs.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::Mac;
use nimbus_e2e::{Backend, Daemon, PASSWORD, Smtp, SmtpMode};
use serde_json::{Value, json};

use crate::support::{Db, code, login, s};

const SMTP_PASSWORD: &str = "smtp-pa55word-never-shown";
const HOOK_KEY: &str = "hook-signing-key-never-shown";
const MEMBER: &str = "00000000-0000-7000-8000-000000000007";

async fn daemon(backend: Backend) -> Daemon {
    Daemon::builder(backend)
        .env("NIMBUS_WORKFLOWS__POLL", "200ms")
        .env("NIMBUS_NOTIFICATIONS__RETRY_INITIAL", "200ms")
        .env("NIMBUS_NOTIFICATIONS__RETRY_MAX", "1s")
        .env("NIMBUS_NOTIFICATIONS__MAX_ATTEMPTS", "3")
        .env("NIMBUS_NOTIFICATIONS__SEND_TIMEOUT", "5s")
        .env("NIMBUS_NOTIFICATIONS__PUBLIC_URL", "https://nimbus.example.test")
        .start()
        .await
        .unwrap()
}

async fn call(d: &Daemon, token: &str, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut req = d.http().request(method, d.at(path)).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
}

async fn ok(d: &Daemon, token: &str, method: reqwest::Method, path: &str, body: Value) -> Value {
    let (status, v) = call(d, token, method.clone(), path, Some(body)).await;
    assert!((200..300).contains(&status), "{method} {path}: {status} {v}");
    v
}

async fn get(d: &Daemon, token: &str, path: &str) -> Value {
    let (status, v) = call(d, token, reqwest::Method::GET, path, None).await;
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

/// A tenant with one member user; returns (tenant id, user id, user email).
async fn tenant_with_member(d: &Daemon, admin: &str, slug: &str) -> (String, String, String) {
    let t = ok(d, admin, reqwest::Method::POST, "/api/v1/tenants", json!({ "name": slug, "slug": slug })).await;
    let email = format!("member@{slug}.test");
    let base = format!("/api/v1/tenants/{slug}");
    let u =
        ok(d, admin, reqwest::Method::POST, &format!("{base}/users"), json!({ "email": email, "password": PASSWORD }))
            .await;
    ok(
        d,
        admin,
        reqwest::Method::POST,
        &format!("{base}/assignments"),
        json!({ "role_id": MEMBER, "user_id": s(&u, "id") }),
    )
    .await;
    (s(&t, "id").to_owned(), s(&u, "id").to_owned(), email)
}

fn tls_files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params.subject_alt_names.push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let cert = params.self_signed(&key).unwrap();
    let (c, k) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&c, cert.pem()).unwrap();
    std::fs::write(&k, key.serialize_pem()).unwrap();
    (c, k, cert.pem())
}

async fn wait_until<F: Fn(&Value) -> bool>(d: &Daemon, token: &str, path: &str, what: &str, f: F) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let v = get(d, token, path).await;
        if f(&v) {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}: {v}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn invitation_email_over_starttls_with_auth_sqlite() {
    invitation_email(Backend::Sqlite).await;
}

#[tokio::test]
async fn invitation_email_over_starttls_with_auth_postgres() {
    invitation_email(Backend::Postgres).await;
}

/// The provider's SMTP channel (STARTTLS, AUTH, a private CA) carries a sub-tenant's invitation;
/// the password and the invitation token are nowhere in storage, output or logs.
async fn invitation_email(backend: Backend) {
    let certs = tempfile::tempdir().unwrap();
    let (cert, key, ca) = tls_files(certs.path());
    let smtp = Smtp::start(SmtpMode::Starttls, Some(("nimbus", SMTP_PASSWORD)), Some((cert.as_path(), key.as_path())));
    let d = daemon(backend).await;
    let cli = d.cli();
    cli.login().await.ok();
    let config = json!({
        "host": "localhost", "port": smtp.port(), "security": "starttls", "username": "nimbus",
        "from": "Nimbus <nimbus@example.test>", "ca_cert_pem": ca,
    });
    let created = cli
        .run_with(
            &[
                "notification",
                "channel",
                "create",
                "smtp",
                "--kind",
                "email",
                "--config",
                &config.to_string(),
                "--secret-stdin",
                "-o",
                "json",
            ],
            Some(SMTP_PASSWORD),
        )
        .await;
    created.ok();
    assert!(!created.stdout.contains(SMTP_PASSWORD), "{}", created.stdout);
    let listed = cli.run(&["notification", "channel", "list", "-o", "json"]).await;
    listed.ok();
    assert_eq!(listed.json()["channels"][0]["has_secret"], true);
    assert!(!listed.stdout.contains(SMTP_PASSWORD));

    let admin = s(&login(&d).await, "access_token").to_owned();
    ok(&d, &admin, reqwest::Method::POST, "/api/v1/tenants", json!({ "name": "Acme", "slug": "acme" })).await;
    let invited = ok(
        &d,
        &admin,
        reqwest::Method::POST,
        "/api/v1/tenants/acme/invitations",
        json!({ "email": "new.person@acme.test", "role_id": MEMBER }),
    )
    .await;
    let token = s(&invited, "token").to_owned();
    let mail = smtp.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(mail[0]["to"], json!(["new.person@acme.test"]));
    assert_eq!((mail[0]["tls"].as_bool(), mail[0]["auth"].as_bool()), (Some(true), Some(true)), "{}", mail[0]);
    let text = mail[0]["data"].as_str().unwrap();
    assert!(text.contains("Subject: You are invited to Acme on Nimbus"), "{text}");
    // Quoted-printable may wrap long lines; compare without soft breaks.
    let unwrapped = text.replace("=\r\n", "").replace("=3D", "=");
    assert!(unwrapped.contains(&token), "the email carries the token: {text}");
    assert!(unwrapped.contains("https://nimbus.example.test/invitations/accept?token="), "{text}");

    // The delivery is recorded as delivered, without its payload.
    let deliveries = wait_until(&d, &admin, "/api/v1/tenants/acme/notification-deliveries", "delivered", |v| {
        v["deliveries"][0]["status"] == "delivered"
    })
    .await;
    assert!(!deliveries.to_string().contains(&token));

    // Secrets: never in clear in the database, API output or the daemon's log.
    let mut db = Db::open(&d).await;
    for sql in [
        "SELECT coalesce(sealed_secret, '') FROM notification_channels",
        "SELECT payload FROM notification_deliveries",
        "SELECT CAST(config AS TEXT) FROM notification_channels",
    ] {
        for v in db.strings(sql).await {
            assert!(!v.contains(SMTP_PASSWORD) && !v.contains(&token), "{sql}: {v}");
        }
    }
    let log = d.log();
    assert!(!log.contains(SMTP_PASSWORD) && !log.contains(&token), "the daemon log holds a secret");
}

#[tokio::test]
async fn email_over_implicit_tls_and_plain_sqlite() {
    let certs = tempfile::tempdir().unwrap();
    let (cert, key, ca) = tls_files(certs.path());
    let tls = Smtp::start(SmtpMode::Tls, None, Some((cert.as_path(), key.as_path())));
    let plain = Smtp::start(SmtpMode::Plain, None, None);
    let d = daemon(Backend::Sqlite).await;
    let admin = s(&login(&d).await, "access_token").to_owned();
    let (_, user, email) = tenant_with_member(&d, &admin, "tlsco").await;
    let channels = "/api/v1/tenants/tlsco/notification-channels";
    let c = ok(&d, &admin, reqwest::Method::POST, channels, json!({
        "name": "smtps", "kind": "email",
        "config": { "host": "localhost", "port": tls.port(), "security": "tls", "from": "n@example.test", "ca_cert_pem": ca },
    }))
    .await;
    let send = json!({ "event_type": "ops.notice", "category": "system", "user_ids": [user],
                       "data": { "title": "Maintenance", "message": "tonight" } });
    ok(&d, &admin, reqwest::Method::POST, "/api/v1/tenants/tlsco/notifications", send.clone()).await;
    let got = tls.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(got[0]["to"], json!([email]));
    assert_eq!(got[0]["tls"], true);
    assert!(got[0]["data"].as_str().unwrap().contains("Subject: [Nimbus] Maintenance"), "{}", got[0]);

    // Switch the channel to the plain relay.
    ok(
        &d,
        &admin,
        reqwest::Method::PATCH,
        &format!("{channels}/{}", s(&c, "id")),
        json!({
            "config": { "host": "127.0.0.1", "port": plain.port(), "security": "none", "from": "n@example.test" },
        }),
    )
    .await;
    ok(&d, &admin, reqwest::Method::POST, "/api/v1/tenants/tlsco/notifications", send).await;
    let got = plain.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(got[0]["tls"], false);
}

type Seen = Arc<std::sync::Mutex<Vec<(bool, Value)>>>;

#[derive(Clone)]
struct Receiver {
    fail_first: Arc<AtomicUsize>,
    calls: Arc<AtomicUsize>,
    seen: Seen,
}

/// A webhook receiver on loopback: verifies `X-Nimbus-Signature` against `HOOK_KEY`, answers
/// 503 while `fail_first` is above zero (counting it down), then 200.
async fn receiver() -> (String, Receiver) {
    async fn hook(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
        r.calls.fetch_add(1, Ordering::SeqCst);
        let sig = headers.get("x-nimbus-signature").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(HOOK_KEY.as_bytes()).unwrap();
        mac.update(&body);
        let valid = sig == format!("sha256={}", hex_encode(&mac.finalize().into_bytes()));
        r.seen.lock().unwrap().push((valid, serde_json::from_slice(&body).unwrap_or(Value::Null)));
        if !valid {
            return StatusCode::UNAUTHORIZED;
        }
        if r.fail_first.load(Ordering::SeqCst) > 0 {
            r.fail_first.fetch_sub(1, Ordering::SeqCst);
            return StatusCode::SERVICE_UNAVAILABLE;
        }
        StatusCode::OK
    }
    let r = Receiver { fail_first: Arc::default(), calls: Arc::default(), seen: Seen::default() };
    let app = Router::new().route("/hook/{token}", post(hook)).with_state(r.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, r)
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn webhooks_retry_dead_letter_and_manual_retry_sqlite() {
    webhooks(Backend::Sqlite).await;
}

#[tokio::test]
async fn webhooks_retry_dead_letter_and_manual_retry_postgres() {
    webhooks(Backend::Postgres).await;
}

async fn webhooks(backend: Backend) {
    let (base, r) = receiver().await;
    let d = daemon(backend).await;
    let admin = s(&login(&d).await, "access_token").to_owned();
    let (_, _, _) = tenant_with_member(&d, &admin, "hooks").await;
    let url = format!("{base}/hook/S3CR3T-PATH-TOKEN");
    let c = ok(
        &d,
        &admin,
        reqwest::Method::POST,
        "/api/v1/tenants/hooks/notification-channels",
        json!({
            "name": "ops-hook", "kind": "webhook", "config": { "url": url }, "secret": HOOK_KEY, "events": ["ops.*"],
        }),
    )
    .await;
    assert!(!c.to_string().contains("S3CR3T") && !c.to_string().contains(HOOK_KEY), "{c}");
    assert_eq!(c["config"]["url"], base);
    assert_eq!(c["has_secret"], true);

    // Fails twice, succeeds on the third (last allowed) attempt.
    r.fail_first.store(2, Ordering::SeqCst);
    let send = |event: &str| json!({ "event_type": event, "category": "system", "data": { "message": "deploying" } });
    let sent = ok(&d, &admin, reqwest::Method::POST, "/api/v1/tenants/hooks/notifications", send("ops.deploy")).await;
    assert_eq!(sent["deliveries"], 1);
    // An event the channel does not carry queues nothing.
    let none = ok(&d, &admin, reqwest::Method::POST, "/api/v1/tenants/hooks/notifications", send("billing.paid")).await;
    assert_eq!(none["deliveries"], 0);
    let deliveries = "/api/v1/tenants/hooks/notification-deliveries";
    let v =
        wait_until(&d, &admin, deliveries, "delivery after retries", |v| v["deliveries"][0]["status"] == "delivered")
            .await;
    assert_eq!(v["deliveries"][0]["attempts"], 3, "{v}");
    assert_eq!(r.calls.load(Ordering::SeqCst), 3);
    {
        let seen = r.seen.lock().unwrap();
        assert!(seen.iter().all(|(valid, _)| *valid), "every request carries a valid signature");
        assert_eq!(seen[0].1["event_type"], "ops.deploy");
        assert_eq!(seen[0].1["data"]["message"], "deploying");
    }

    // Always failing: dead letter after three attempts.
    r.fail_first.store(usize::MAX / 2, Ordering::SeqCst);
    ok(&d, &admin, reqwest::Method::POST, "/api/v1/tenants/hooks/notifications", send("ops.rollback")).await;
    let dead = wait_until(&d, &admin, &format!("{deliveries}?status=dead"), "a dead letter", |v| {
        v["deliveries"].as_array().is_some_and(|a| !a.is_empty())
    })
    .await;
    let dead_id = s(&dead["deliveries"][0], "id").to_owned();
    assert_eq!(dead["deliveries"][0]["attempts"], 3);
    assert!(s(&dead["deliveries"][0], "last_error").contains("503"), "{dead}");
    assert!(!dead.to_string().contains("S3CR3T"), "{dead}");

    // The CLI lists it; a manual retry after the receiver recovers delivers it.
    let cli = d.cli();
    cli.login().await.ok();
    let listed = cli.run(&["--tenant", "hooks", "notification", "dlq", "list", "-o", "json"]).await;
    listed.ok();
    assert_eq!(listed.json()["deliveries"][0]["id"], dead_id.as_str());
    r.fail_first.store(0, Ordering::SeqCst);
    cli.run(&["--tenant", "hooks", "notification", "dlq", "retry", &dead_id, "-o", "json"]).await.ok();
    let v = wait_until(&d, &admin, deliveries, "the retried delivery", |v| {
        v["deliveries"].as_array().unwrap().iter().any(|x| x["id"] == dead_id.as_str() && x["status"] == "delivered")
    })
    .await;
    let retried = v["deliveries"].as_array().unwrap().iter().find(|x| x["id"] == dead_id.as_str()).unwrap().clone();
    assert_eq!(retried["attempts"], 4);
    // Retrying something that is not a dead letter is a conflict.
    let (status, body) = call(&d, &admin, reqwest::Method::POST, &format!("{deliveries}/{dead_id}/retry"), None).await;
    assert_eq!((status, code(&body)), (409, "conflict"), "{body}");

    let mut db = Db::open(&d).await;
    for v in db.strings("SELECT coalesce(sealed_secret, '') FROM notification_channels").await {
        assert!(!v.contains(HOOK_KEY) && !v.contains("S3CR3T"), "{v}");
    }
    // Every delivery ran on the engine: the dead letter's run failed, the retry ran anew.
    let runs = |status: &'static str| match status {
        "failed" => "SELECT count(*) FROM workflow_runs WHERE workflow = 'notify.deliver' AND status = 'failed'",
        _ => "SELECT count(*) FROM workflow_runs WHERE workflow = 'notify.deliver' AND status = 'succeeded'",
    };
    assert_eq!(db.int(runs("failed")).await, 1, "the dead letter's run failed");
    assert_eq!(db.int(runs("succeeded")).await, 2, "the first delivery and the retried dead letter");
    let attempts = db
        .int(
            "SELECT count(*) FROM workflow_steps s JOIN workflow_runs r ON r.id = s.run_id
             WHERE r.workflow = 'notify.deliver' AND s.kind = 'step' AND s.name LIKE 'attempt-%'",
        )
        .await;
    assert_eq!(attempts, 7, "3 + 3 attempts, then 1 after the manual retry, each a journaled step");
    let log = d.log();
    assert!(!log.contains(HOOK_KEY) && !log.contains("S3CR3T"), "the daemon log holds a secret");
}

#[tokio::test]
async fn templates_preferences_and_inbox_sqlite() {
    templates_preferences_and_inbox(Backend::Sqlite).await;
}

#[tokio::test]
async fn templates_preferences_and_inbox_postgres() {
    templates_preferences_and_inbox(Backend::Postgres).await;
}

async fn templates_preferences_and_inbox(backend: Backend) {
    let d = daemon(backend).await;
    let admin = s(&login(&d).await, "access_token").to_owned();
    let (_, alice, alice_email) = tenant_with_member(&d, &admin, "acme").await;
    let (_, bob, bob_email) = tenant_with_member(&d, &admin, "beta").await;
    let put = |tenant: &str, global: bool, subject: &str| {
        (
            format!("/api/v1/tenants/{tenant}/notification-templates"),
            json!({
                "event_type": "ops.deploy", "channel": "in_app", "subject": subject, "body": "{{ data.message }}", "global": global,
            }),
        )
    };
    let (path, body) = put("acme", true, "Global: {{ data.title }}");
    ok(&d, &admin, reqwest::Method::PUT, &path, body).await;
    let (path, body) = put("acme", false, "Acme: {{ data.title }}");
    let own = ok(&d, &admin, reqwest::Method::PUT, &path, body).await;
    assert_eq!(own["scope"], "tenant");

    let send = |tenant: &str, user: &str, event: &str| {
        (
            format!("/api/v1/tenants/{tenant}/notifications"),
            json!({
                "event_type": event, "category": "system", "user_ids": [user], "data": { "title": "v2", "message": "rolling out" },
            }),
        )
    };
    for (tenant, user, event) in
        [("acme", &alice, "ops.deploy"), ("beta", &bob, "ops.deploy"), ("beta", &bob, "ops.other")]
    {
        let (p, b) = send(tenant, user, event);
        let sent = ok(&d, &admin, reqwest::Method::POST, &p, b).await;
        assert_eq!(sent["in_app"], 1, "{sent}");
    }
    let alice_token = token_of(&d, &alice_email).await;
    let bob_token = token_of(&d, &bob_email).await;
    let a = get(&d, &alice_token, "/api/v1/notifications").await;
    assert_eq!(a["notifications"][0]["title"], "Acme: v2", "the tenant's template beats the global one: {a}");
    assert_eq!(a["notifications"][0]["body"], "rolling out");
    let b = get(&d, &bob_token, "/api/v1/notifications").await;
    let titles: Vec<&str> =
        b["notifications"].as_array().unwrap().iter().map(|n| n["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["v2", "Global: v2"], "newest first: the default (data.title), then the global template");
    assert_eq!(b["unread"], 2);

    // The sandbox refuses bad templates with a 400 that names the field.
    for (subject, body, field) in [
        ("ok", "{% for x in data.items %}", "body"),
        ("{{ broken", "fine", "subject"),
        ("ok", "{% include '/etc/passwd' %}", "body"),
    ] {
        let (status, v) = call(
            &d,
            &admin,
            reqwest::Method::PUT,
            "/api/v1/tenants/acme/notification-templates",
            Some(json!({ "event_type": "ops.deploy", "channel": "email", "subject": subject, "body": body })),
        )
        .await;
        assert_eq!(status, 400, "{v}");
        assert_eq!(code(&v), "invalid_request");
        assert!(s(&v["error"], "message").starts_with(field), "{v}");
    }
    // A webhook template must render to JSON.
    let (status, v) = call(
        &d,
        &admin,
        reqwest::Method::PUT,
        "/api/v1/tenants/acme/notification-templates",
        Some(json!({ "event_type": "ops.deploy", "channel": "webhook", "body": "not json" })),
    )
    .await;
    assert_eq!(status, 400, "{v}");
    // Only the root tenant's holder may set global templates: a tenant's member may not even read.
    let (status, _) = call(
        &d,
        &alice_token,
        reqwest::Method::PUT,
        "/api/v1/tenants/acme/notification-templates",
        Some(json!({ "event_type": "ops.deploy", "channel": "in_app", "subject": "x", "body": "y", "global": true })),
    )
    .await;
    assert!(matches!(status, 403 | 404), "{status}");

    // Preferences suppress a channel.
    let prefs = ok(
        &d,
        &alice_token,
        reqwest::Method::PUT,
        "/api/v1/notifications/preferences",
        json!({ "preferences": [{ "category": "system", "channel": "in_app", "mode": "off" }] }),
    )
    .await;
    assert!(
        prefs["preferences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["category"] == "system" && p["channel"] == "in_app" && p["mode"] == "off")
    );
    let (p, b) = send("acme", &alice, "ops.deploy");
    let sent = ok(&d, &admin, reqwest::Method::POST, &p, b).await;
    assert_eq!(sent["in_app"], 0, "alice switched system in-app notifications off");
    let (status, v) = call(
        &d,
        &alice_token,
        reqwest::Method::PUT,
        "/api/v1/notifications/preferences",
        Some(json!({ "preferences": [{ "category": "system", "channel": "in_app", "mode": "digest" }] })),
    )
    .await;
    assert_eq!(status, 400, "{v}");

    // Read marks through the CLI, as bob.
    let cli = d.cli();
    cli.run_with(&["login", "--email", &bob_email, "--password-stdin"], Some(PASSWORD)).await.ok();
    let listed = cli.run(&["notification", "list", "--unread", "-o", "json"]).await;
    listed.ok();
    let first = listed.json()["notifications"][0]["id"].as_str().unwrap().to_owned();
    let read = cli.run(&["notification", "read", &first, "-o", "json"]).await;
    read.ok();
    assert_eq!(read.json()["marked"], 1);
    // Alice cannot mark bob's notification.
    let (status, _) =
        call(&d, &alice_token, reqwest::Method::POST, &format!("/api/v1/notifications/{first}/read"), None).await;
    assert_eq!(status, 404);
    let all = cli.run(&["notification", "read-all", "-o", "json"]).await;
    all.ok();
    assert_eq!(all.json()["marked"], 1);
    let after = get(&d, &bob_token, "/api/v1/notifications?unread=true").await;
    assert_eq!((after["unread"].as_u64(), after["notifications"].as_array().unwrap().len()), (Some(0), 0));
    // A user cannot notify people of another tenant.
    let (p, b) = send("acme", &bob, "ops.deploy");
    let (status, _) = call(&d, &admin, reqwest::Method::POST, &p, Some(b)).await;
    assert_eq!(status, 404);
    // GraphQL reads the same inbox.
    let r = d
        .http()
        .post(d.at("/graphql"))
        .bearer_auth(&alice_token)
        .json(&json!({ "query": "{ notifications { title readAt } unreadNotifications }" }))
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["data"]["notifications"][0]["title"], "Acme: v2", "{v}");
    assert_eq!(v["data"]["unreadNotifications"], 1, "{v}");
}
