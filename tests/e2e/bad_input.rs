//! Bad input gets a clear error, a trace id, and changes nothing.

use nimbus_e2e::{ADMIN_EMAIL, Backend, Daemon, PASSWORD};
use serde_json::{Value, json};

use crate::support::{Db, code, login, s};

async fn post_login(d: &Daemon, body: &str, content_type: &str) -> (u16, String, Value, reqwest::header::HeaderMap) {
    let r = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let trace = headers.get("x-trace-id").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, trace, r.json().await.unwrap(), headers)
}

#[tokio::test]
async fn wrong_password_says_nothing_about_the_account() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let wrong = json!({"email": ADMIN_EMAIL, "password": "not the password at all"}).to_string();
    let (status, trace, known, headers) = post_login(&d, &wrong, "application/json").await;
    assert_eq!(status, 401);
    assert_eq!(code(&known), "invalid_credentials");
    assert_eq!(s(&known["error"], "trace_id"), trace, "trace id in body and header");
    assert!(headers.get("www-authenticate").is_some());
    let missing = json!({"email": "nobody@example.com", "password": "not the password at all"}).to_string();
    let (status, _, unknown, _) = post_login(&d, &missing, "application/json").await;
    assert_eq!(status, 401);
    assert_eq!(known["error"]["code"], unknown["error"]["code"]);
    assert_eq!(known["error"]["message"], unknown["error"]["message"], "identical whether or not the email exists");
    let mut db = Db::open(&d).await;
    let failures = db.int("SELECT count(*) FROM audit_log WHERE event_type = 'auth.login.failed'").await;
    assert_eq!(failures, 2, "every failed login is audited");
    let leaked = db.int("SELECT count(*) FROM audit_log WHERE coalesce(new_value, '') LIKE '%not the password%'").await;
    assert_eq!(leaked, 0);
}

#[tokio::test]
async fn malformed_requests_are_named() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let (status, _, body, _) = post_login(&d, "{\"email\": ", "application/json").await;
    assert_eq!((status, code(&body)), (400, "invalid_json"));
    assert!(s(&body["error"], "message").contains("not valid JSON"), "{body}");
    let (status, _, body, _) = post_login(&d, "{\"email\": \"a@b.c\"}", "application/json").await;
    assert_eq!((status, code(&body)), (400, "invalid_json"));
    assert!(s(&body["error"], "message").contains("password"), "names the missing field: {body}");
    let (status, _, body, _) = post_login(&d, "email=a", "application/x-www-form-urlencoded").await;
    assert_eq!((status, code(&body)), (415, "unsupported_media_type"));
    let big = json!({"email": "a@b.c", "password": "x".repeat(2 * 1024 * 1024)}).to_string();
    let (status, _, body, _) = post_login(&d, &big, "application/json").await;
    assert_eq!((status, code(&body)), (413, "payload_too_large"), "{body}");

    let r = d.http().get(d.at("/api/v1/nope")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    let body: Value = r.json().await.unwrap();
    assert_eq!(code(&body), "not_found");
    assert!(s(&body["error"], "message").contains("/api/v1/nope"));
    let r = d.http().delete(d.at("/api/v1/auth/me")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(code(&r.json::<Value>().await.unwrap()), "method_not_allowed");

    let pair = login(&d).await;
    let token = s(&pair, "access_token");
    let r = d.http().get(d.at(&format!("/api/v1/auth/me?access_token={token}"))).send().await.unwrap();
    assert_eq!(r.status(), 400, "credentials in the URL are refused");
    let r = d.http().delete(d.at("/api/v1/auth/sessions/not-a-uuid")).bearer_auth(token).send().await.unwrap();
    assert_eq!(
        (r.status().as_u16(), code(&r.json::<Value>().await.unwrap()).to_owned()),
        (400, "invalid_request".into())
    );
    let r = d
        .http()
        .delete(d.at("/api/v1/auth/sessions/01a20000-0000-7000-8000-000000000000"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn failed_logins_back_off_for_real_and_unknown_accounts() {
    let d = Daemon::builder(Backend::Sqlite)
        .env("NIMBUS_AUTH__LOGIN_THROTTLE__ACCOUNT_FREE_FAILURES", "2")
        .env("NIMBUS_AUTH__LOGIN_THROTTLE__BASE_DELAY", "30s")
        .start()
        .await
        .unwrap();
    for email in [ADMIN_EMAIL, "ghost@example.com"] {
        let body = json!({"email": email, "password": "wrong wrong wrong"}).to_string();
        for _ in 0..2 {
            assert_eq!(post_login(&d, &body, "application/json").await.0, 401);
        }
        let (status, _, err, headers) = post_login(&d, &body, "application/json").await;
        assert_eq!((status, code(&err)), (429, "rate_limited"), "{email}: {err}");
        let retry: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((1..=30).contains(&retry), "{retry}");
        // Even the right password waits: guessing stops paying off.
        let right = json!({"email": email, "password": PASSWORD}).to_string();
        assert_eq!(post_login(&d, &right, "application/json").await.0, 429);
    }
    let mut db = Db::open(&d).await;
    assert_eq!(db.int("SELECT count(*) FROM audit_log WHERE event_type = 'auth.login.throttled'").await, 4);
}

#[tokio::test]
async fn unreachable_database_names_the_url_without_its_password() {
    let d = Daemon::builder(Backend::Sqlite)
        .env("NIMBUS_DATABASE__URL", "postgres://nimbus:s3cret-pw@127.0.0.1:1/nimbus")
        .env("NIMBUS_DATABASE__CONNECT_TIMEOUT", "2s")
        .no_init()
        .prepare()
        .await
        .unwrap();
    let out = d.nimbusd_output(&["serve", "--listen", "127.0.0.1:0"], None).await.unwrap();
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("postgres://nimbus:***@127.0.0.1:1/nimbus"), "{}", out.stderr);
    assert!(!out.stderr.contains("s3cret-pw"), "password leaked: {}", out.stderr);
    let shown = d.nimbusd_output(&["config", "show"], None).await.unwrap();
    assert!(!shown.stdout.contains("s3cret-pw") && shown.stdout.contains("***"), "{}", shown.stdout);
}

#[tokio::test]
async fn init_refuses_a_second_time_and_weak_passwords() {
    let d = Daemon::builder(Backend::Sqlite).no_init().prepare().await.unwrap();
    let weak =
        d.nimbusd_output(&["init", "--email", ADMIN_EMAIL, "--password-stdin"], Some("password1234")).await.unwrap();
    assert_eq!(weak.code, 2, "{}", weak.stderr);
    assert!(weak.stderr.contains("too common"), "{}", weak.stderr);
    assert!(!d.data_dir().join("master.key").exists(), "nothing is created for a refused init");
    let first = d
        .nimbusd_output(&["init", "--email", ADMIN_EMAIL, "--password-stdin", "-o", "json"], Some(PASSWORD))
        .await
        .unwrap();
    assert_eq!(first.ok().json()["admin_email"], ADMIN_EMAIL);
    let second =
        d.nimbusd_output(&["init", "--email", "other@example.com", "--password-stdin"], Some(PASSWORD)).await.unwrap();
    assert_eq!(second.code, 4, "{}", second.stderr);
    assert!(second.stderr.contains("already initialised"), "{}", second.stderr);
    let mut db = Db::open(&d).await;
    assert_eq!(db.int("SELECT count(*) FROM users").await, 1, "nothing changed");
    let events = db.audit_events().await;
    assert!(events.contains(&"system.initialized:failed".to_owned()), "the refused attempt is audited: {events:?}");
}

#[tokio::test]
async fn serve_refuses_an_uninitialised_database_outside_a_terminal() {
    let d = Daemon::builder(Backend::Sqlite).no_init().prepare().await.unwrap();
    let out = d.nimbusd_output(&["serve", "--listen", "127.0.0.1:0"], None).await.unwrap();
    assert_eq!(out.code, 4, "{}", out.stderr);
    assert!(out.stderr.contains("nimbusd init"), "{}", out.stderr);
}

/// Behind a trusted proxy, the forwarded client address is what is throttled and audited; a
/// client cannot pick its address when the proxy is not trusted.
#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let attempt = |d: &Daemon, forwarded: &'static str| {
        let body = json!({"email": "ghost@example.com", "password": "wrong wrong wrong"});
        let (http, url) = (d.http(), d.at("/api/v1/auth/login"));
        async move {
            let r = http.post(url).header("x-forwarded-for", forwarded).json(&body).send().await.unwrap();
            r.status().as_u16()
        }
    };
    let throttle = |b: nimbus_e2e::DaemonBuilder| {
        b.env("NIMBUS_AUTH__LOGIN_THROTTLE__ACCOUNT_FREE_FAILURES", "100")
            .env("NIMBUS_AUTH__LOGIN_THROTTLE__IP_FREE_FAILURES", "2")
            .env("NIMBUS_AUTH__LOGIN_THROTTLE__BASE_DELAY", "30s")
    };

    let proxied = throttle(Daemon::builder(Backend::Sqlite))
        .env("NIMBUS_SERVER__TRUSTED_PROXIES", "[\"127.0.0.1/32\"]")
        .start()
        .await
        .unwrap();
    assert_eq!(attempt(&proxied, "198.51.100.7").await, 401);
    assert_eq!(attempt(&proxied, "198.51.100.7").await, 401);
    assert_eq!(attempt(&proxied, "198.51.100.7").await, 429, "that client is throttled");
    assert_eq!(attempt(&proxied, "203.0.113.5").await, 401, "another client behind the same proxy is not");
    let mut db = Db::open(&proxied).await;
    let ips = db.strings("SELECT DISTINCT ip FROM audit_log WHERE ip IS NOT NULL ORDER BY ip").await;
    assert_eq!(ips, ["198.51.100.7", "203.0.113.5"]);

    let direct = throttle(Daemon::builder(Backend::Sqlite)).start().await.unwrap();
    assert_eq!(attempt(&direct, "198.51.100.7").await, 401);
    assert_eq!(attempt(&direct, "203.0.113.5").await, 401);
    assert_eq!(attempt(&direct, "192.0.2.1").await, 429, "without trust, the header is ignored: one address");
}
