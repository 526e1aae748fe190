//! The audit log end to end, on both backends: the CLI's query, verification (online and of an
//! export, offline), proofs and live tail; secrets never reaching audit storage, exports or the
//! daemon log; every recorded event type documented; and a SIGKILL under concurrent writes
//! losing nothing.

use std::time::{Duration, Instant};

use nimbus_e2e::{Backend, Daemon, PASSWORD};
use serde_json::{Value, json};
use tokio::io::AsyncBufReadExt;

use crate::support::{Db, login, s};

const USER_PASSWORD: &str = "Zebra-Quartz-Pillow-7741";
const WRONG_PASSWORD: &str = "Walrus-Guess-Attempt-3312";
const INVITEE_PASSWORD: &str = "Harbor-Lantern-Mosaic-5528";
const SSN: &str = "987-65-4320";

async fn post(d: &Daemon, token: &str, path: &str, body: Value) -> Value {
    let r = d.http().post(d.at(path)).bearer_auth(token).json(&body).send().await.unwrap();
    let status = r.status();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "POST {path}: {status} {v}");
    v
}

/// Waits until the newest checkpoint covers every record written so far.
async fn gql(d: &Daemon, token: &str, query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables });
    d.http().post(d.at("/graphql")).bearer_auth(token).json(&body).send().await.unwrap().json().await.unwrap()
}

async fn integrated(d: &Daemon, token: &str, tenant: &str) {
    let started = Instant::now();
    loop {
        let v: Value = d
            .http()
            .get(d.at(&format!("/api/v1/tenants/{tenant}/audit/checkpoints?from=0&limit=1000")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let newest = v["checkpoints"].as_array().and_then(|c| c.last()).map_or(0, |c| c["size"].as_u64().unwrap());
        let page: Value = d
            .http()
            .get(d.at(&format!("/api/v1/tenants/{tenant}/audit?limit=1")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let latest = page["records"][0]["seq"].as_u64().unwrap_or(0);
        if newest >= latest && latest > 0 {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "records were not integrated: {newest} < {latest}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn audit_end_to_end_sqlite() {
    end_to_end(Backend::Sqlite).await;
}

#[tokio::test]
async fn audit_end_to_end_postgres() {
    end_to_end(Backend::Postgres).await;
}

/// A syslog receiver on loopback: everything any connection sends, appended.
async fn syslog_listener() -> (String, std::sync::Arc<std::sync::Mutex<Vec<u8>>>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("tcp://{}", listener.local_addr().unwrap());
    let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = received.clone();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 8192];
                while let Ok(n) = conn.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    sink.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            });
        }
    });
    (url, received)
}

async fn end_to_end(backend: Backend) {
    let (syslog_url, syslog) = syslog_listener().await;
    let d = Daemon::builder(backend).env("NIMBUS_AUDIT__SIEM__SYSLOG__URL", &syslog_url).start().await.unwrap();
    let cli = d.cli();
    cli.login().await.ok();
    let pair = login(&d).await;
    let token = s(&pair, "access_token").to_owned();
    let me: Value =
        d.http().get(d.at("/api/v1/auth/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let root = me["tenant"]["id"].as_str().unwrap().to_owned();

    // A live tail started first must see what follows.
    let mut tail = cli.command();
    tail.args(["audit", "tail", "-f", "-n", "0", "-o", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut tail = tail.spawn().unwrap();
    let mut tail_lines = tokio::io::BufReader::new(tail.stdout.take().unwrap()).lines();
    let mut tail_errors = tokio::io::BufReader::new(tail.stderr.take().unwrap()).lines();
    let following = tokio::time::timeout(Duration::from_secs(10), tail_errors.next_line()).await;
    assert!(matches!(&following, Ok(Ok(Some(l))) if l.starts_with("following")), "the tail connects: {following:?}");

    // Secrets sent in every way the API takes them.
    cli.run(&["audit", "settings", "set", "--redact", "employee_ssn"]).await.ok();
    let user = post(
        &d,
        &token,
        &format!("/api/v1/tenants/{root}/users"),
        json!({
        "email": "carol@example.com", "password": USER_PASSWORD }),
    )
    .await;
    let uid = s(&user, "id").to_owned();
    cli.run(&["user", "update", &uid, "--attr", &format!("employee_ssn={SSN}"), "--attr", "department=ops"]).await.ok();
    let bad = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .json(&json!({ "email": "carol@example.com", "password": WRONG_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 401);
    let key = post(
        &d,
        &token,
        &format!("/api/v1/tenants/{root}/apikeys"),
        json!({ "name": "script", "permissions": ["iam:user:read"] }),
    )
    .await;
    let key_secret = s(&key, "secret").to_owned();
    let used =
        d.http().get(d.at(&format!("/api/v1/tenants/{root}/users"))).bearer_auth(&key_secret).send().await.unwrap();
    assert_eq!(used.status(), 200);

    // API reads are recorded once the tenant asks for them, and not before.
    let api_reads = || async {
        let q = cli.run(&["audit", "query", "--event", "api.read", "-o", "json"]).await.ok().json();
        q["records"].as_array().unwrap().clone()
    };
    assert!(api_reads().await.is_empty(), "reads are not recorded by default");
    cli.run(&["audit", "settings", "set", "--log-reads", "true"]).await.ok();
    let used =
        d.http().get(d.at(&format!("/api/v1/tenants/{root}/users"))).bearer_auth(&key_secret).send().await.unwrap();
    assert_eq!(used.status(), 200);
    let reads = api_reads().await;
    let read = reads.iter().find(|r| r["action"] == "iam:user:read").unwrap_or_else(|| panic!("{reads:?}"));
    assert!(read["actor_display"].as_str().unwrap().contains("(API key "), "{read}");
    assert_eq!(read["request_method"], "GET", "{read}");
    assert!(read["request_path"].as_str().unwrap().ends_with("/users"), "{read}");
    cli.run(&["audit", "settings", "set", "--log-reads", "false"]).await.ok();
    let inv = post(
        &d,
        &token,
        &format!("/api/v1/tenants/{root}/invitations"),
        json!({ "email": "dave@example.com", "role_id": "00000000-0000-7000-8000-000000000007" }),
    )
    .await;
    let inv_token = s(&inv, "token").to_owned();
    let accepted = d
        .http()
        .post(d.at("/api/v1/invitations/accept"))
        .json(&json!({ "token": inv_token, "password": INVITEE_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert!(accepted.status().is_success(), "{}", accepted.text().await.unwrap());
    let refreshed = d
        .http()
        .post(d.at("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": s(&pair, "refresh_token") }))
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 200);
    let refresh_token = s(&pair, "refresh_token").to_owned();

    // The tail saw the user being created, as a JSON line.
    let seen = tokio::time::timeout(Duration::from_secs(15), async {
        while let Some(line) = tail_lines.next_line().await.unwrap() {
            let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
            if v["event_type"] == "user.created" && v["resource_id"] == uid.as_str() {
                return v;
            }
        }
        panic!("tail ended");
    })
    .await
    .expect("the tail shows a new record within seconds");
    assert_eq!(seen["actor_display"], "admin@example.com");
    tail.kill().await.unwrap();

    integrated(&d, &token, &root).await;

    // Verification, online.
    let v = cli.run(&["audit", "verify", "-o", "json"]).await;
    v.ok();
    let report = v.json();
    assert_eq!(report["ok"], true, "{report}");
    assert!(report["records"].as_u64().unwrap() >= 8, "{report}");

    // Queries: filters, full text, keyset pages.
    let q = cli.run(&["audit", "query", "--event", "auth.login.*", "--result", "failed", "-o", "json"]).await;
    let failed = q.ok().json();
    assert_eq!(failed["records"][0]["actor_display"], "carol@example.com", "{failed}");
    let q = cli.run(&["audit", "query", "-s", "carol@example.com", "--event", "user.created", "-o", "json"]).await;
    assert_eq!(q.ok().json()["records"].as_array().unwrap().len(), 1);
    let first = cli.run(&["audit", "query", "--limit", "3", "-o", "json"]).await.ok().json();
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let second = cli.run(&["audit", "query", "--limit", "3", "--cursor", &cursor, "-o", "json"]).await.ok().json();
    let seqs =
        |p: &Value| p["records"].as_array().unwrap().iter().map(|r| r["seq"].as_u64().unwrap()).collect::<Vec<_>>();
    let (a, b) = (seqs(&first), seqs(&second));
    assert!(a.iter().min() > b.iter().max(), "pages continue without overlap: {a:?} {b:?}");
    let bad = cli.run(&["audit", "query", "--category", "nonsense"]).await;
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("unknown category"), "{}", bad.stderr);

    // GraphQL reaches the same saved queries and archive as REST and the CLI.
    let saved = gql(
        &d,
        &token,
        "mutation($t: String!) { saveAuditQuery(tenant: $t, input: { name: \"failed logins\", shared: true, \
         query: { eventType: \"auth.login.*\", result: \"failed\" } }) { id name shared query { eventType result } } }",
        json!({ "t": root }),
    )
    .await;
    assert_eq!(saved["data"]["saveAuditQuery"]["query"]["eventType"], "auth.login.*", "{saved}");
    let id = saved["data"]["saveAuditQuery"]["id"].as_str().unwrap().to_owned();
    let listed = gql(
        &d,
        &token,
        "query($t: String!) { auditSavedQueries(tenant: $t) { id name } auditArchive(tenant: $t) { target missing } }",
        json!({ "t": root }),
    )
    .await;
    assert!(listed["data"]["auditSavedQueries"].as_array().unwrap().iter().any(|q| q["id"] == id.as_str()), "{listed}");
    assert!(listed["data"]["auditArchive"]["target"].is_string(), "{listed}");
    let deleted = gql(
        &d,
        &token,
        "mutation($t: String!, $id: UUID!) { deleteAuditQuery(tenant: $t, id: $id) }",
        json!({ "t": root, "id": id }),
    )
    .await;
    assert_eq!(deleted["data"]["deleteAuditQuery"], true, "{deleted}");
    let foreign = gql(&d, &token, "{ auditSavedQueries(tenant: \"no-such-tenant\") { id } }", json!({})).await;
    assert_eq!(foreign["errors"][0]["extensions"]["code"], "not_found", "{foreign}");

    // Proofs, checked by the CLI against the signing key.
    let p = cli.run(&["audit", "proof", "inclusion", "2", "-o", "json"]).await.ok().json();
    assert_eq!(p["verified"], true, "{p}");
    let cps = cli.run(&["audit", "checkpoints", "--limit", "1", "-o", "json"]).await.ok().json();
    let oldest = cps["checkpoints"][0]["size"].as_u64().unwrap().to_string();
    let c = cli.run(&["audit", "proof", "consistency", &oldest, "-o", "json"]).await.ok().json();
    assert_eq!(c["verified"], true, "{c}");

    // An export verifies offline with the public key; a changed byte is found.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("audit.ndjson");
    cli.run(&["audit", "export", "--out", file.to_str().unwrap()]).await.ok();
    let vkey =
        cli.run(&["audit", "public-key", "-o", "json"]).await.ok().json()["verifier_key"].as_str().unwrap().to_owned();
    let off =
        cli.run(&["audit", "verify", "--file", file.to_str().unwrap(), "--public-key", &vkey, "-o", "json"]).await;
    assert_eq!(off.ok().json()["ok"], true, "{}", off.stdout);
    let text = std::fs::read_to_string(&file).unwrap();
    let victim = text.lines().find(|l| l.contains("\"event_type\":\"user.created\"") && l.contains("carol")).unwrap();
    let seq = serde_json::from_str::<Value>(victim).unwrap()["seq"].as_u64().unwrap();
    std::fs::write(&file, text.replace(victim, &victim.replace("carol@example.com", "carol@examp1e.com"))).unwrap();
    let off =
        cli.run(&["audit", "verify", "--file", file.to_str().unwrap(), "--public-key", &vkey, "-o", "json"]).await;
    assert_eq!(off.code, 8, "{}", off.stderr);
    assert_eq!(off.json()["problem"]["seq"].as_u64(), Some(seq));
    let csv = cli.run(&["audit", "export", "--format", "csv"]).await;
    assert!(csv.ok().stdout.starts_with("record_type,seq,"));
    let json_export: Value =
        serde_json::from_str(&cli.run(&["audit", "export", "--format", "json"]).await.ok().stdout).unwrap();
    assert!(!json_export["checkpoints"].as_array().unwrap().is_empty());

    // The SIEM received records and checkpoints, framed and in CEF.
    let started = Instant::now();
    let siem = loop {
        let text = String::from_utf8_lossy(&syslog.lock().unwrap()).into_owned();
        if text.contains("user.created") && text.contains("audit.checkpoint") && text.contains("carol@example.com") {
            break text;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "syslog received:\n{text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(siem.contains("CEF:0|Nimbus|nimbusd|"), "{siem}");

    // No secret anywhere: audit storage, exports, SIEM output, the daemon log.
    let exported = cli.run(&["audit", "export"]).await.ok().stdout.clone();
    let mut db = Db::open(&d).await;
    let storage = db.strings(AUDIT_DUMP).await.join("\n");
    db.close().await;
    let secrets =
        [USER_PASSWORD, WRONG_PASSWORD, INVITEE_PASSWORD, SSN, &key_secret, &inv_token, &refresh_token, PASSWORD];
    for (place, text) in [("audit storage", &storage), ("export", &exported), ("SIEM", &siem), ("daemon log", &d.log())]
    {
        for secret in secrets {
            assert!(!text.contains(secret), "{place} holds a secret ({}…)", &secret[..4]);
        }
    }
    assert!(storage.contains("[redacted]"), "the tenant's pattern applied");
    assert!(storage.contains("department"), "other attributes stay");

    // Every event type recorded is documented.
    let taxonomy = cli.run(&["audit", "taxonomy", "-o", "json"]).await.ok().json();
    let known: Vec<&str> =
        taxonomy["event_types"].as_array().unwrap().iter().map(|e| e["event_type"].as_str().unwrap()).collect();
    let mut db = Db::open(&d).await;
    for event in db.strings("SELECT DISTINCT event_type FROM audit_log").await {
        assert!(known.contains(&event.as_str()), "{event} is not in the taxonomy");
    }
    db.close().await;
}

/// Every audit row as text, on either backend.
const AUDIT_DUMP: &str = "SELECT coalesce(actor_display, '') || ' ' || coalesce(CAST(old_value AS TEXT), '') || ' ' || \
    coalesce(CAST(new_value AS TEXT), '') || ' ' || coalesce(resource_name, '') || ' ' || coalesce(resource_id, '') || ' ' || \
    coalesce(user_agent, '') || ' ' || coalesce(request_path, '') FROM audit_log";

#[tokio::test]
async fn sigkill_under_concurrent_writes_loses_nothing_sqlite() {
    crash(Backend::Sqlite).await;
}

#[tokio::test]
async fn sigkill_under_concurrent_writes_loses_nothing_postgres() {
    crash(Backend::Postgres).await;
}

/// Eight clients create groups as fast as they can; the daemon is killed mid-stream. After a
/// restart the log verifies and every group that exists has exactly one creation record.
async fn crash(backend: Backend) {
    let mut d = Daemon::start(backend).await.unwrap();
    let token = s(&login(&d).await, "access_token").to_owned();
    let me: Value =
        d.http().get(d.at("/api/v1/auth/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let root = me["tenant"]["id"].as_str().unwrap().to_owned();
    let mut clients = Vec::new();
    for c in 0..8 {
        let (http, url, token, root) = (d.http(), d.url.clone(), token.clone(), root.clone());
        clients.push(tokio::spawn(async move {
            let mut acknowledged = Vec::new();
            for i in 0.. {
                let r = http
                    .post(format!("{url}/api/v1/tenants/{root}/groups"))
                    .bearer_auth(&token)
                    .json(&json!({ "name": format!("g-{c}-{i}") }))
                    .send()
                    .await;
                match r {
                    Ok(r) if r.status() == 201 => {
                        let v: Value = r.json().await.unwrap_or(Value::Null);
                        if let Some(id) = v["id"].as_str() {
                            acknowledged.push(id.to_owned());
                        }
                    }
                    _ => break,
                }
            }
            acknowledged
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    d.kill().await.unwrap();
    let mut acknowledged = Vec::new();
    for c in clients {
        acknowledged.extend(c.await.unwrap());
    }
    assert!(acknowledged.len() > 20, "the clients wrote before the kill: {}", acknowledged.len());
    d.serve().await.unwrap();
    let token = s(&login(&d).await, "access_token").to_owned();
    integrated(&d, &token, &root).await;
    let report: Value = d
        .http()
        .get(d.at(&format!("/api/v1/tenants/{root}/audit/verify")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["ok"], true, "{report}");
    let mut db = Db::open(&d).await;
    let groups = db.strings("SELECT id || '' FROM groups").await;
    let records = db.strings("SELECT resource_id FROM audit_log WHERE event_type = 'group.created'").await;
    db.close().await;
    for id in &acknowledged {
        assert!(groups.contains(id), "acknowledged group {id} survived");
    }
    for id in &groups {
        let n = records.iter().filter(|r| *r == id).count();
        assert_eq!(n, 1, "group {id} has {n} creation records");
    }
    assert_eq!(records.len(), groups.len(), "no record without its change");
    eprintln!("crash test: {} groups acknowledged, {} committed, log verified", acknowledged.len(), groups.len());
}

#[tokio::test]
async fn archival_to_s3_stays_verifiable_sqlite() {
    if std::env::var("NIMBUS_TEST_MOTO").as_deref() == Ok("skip") {
        eprintln!("NIMBUS_TEST_MOTO=skip: not testing the S3 archive");
        return;
    }
    let mut moto = nimbus_e2e::Moto::start();
    moto.create_bucket("nimbus-audit");
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("s3-secret");
    std::fs::write(&secret, "testing\n").unwrap();
    let d = Daemon::builder(Backend::Sqlite)
        .env("NIMBUS_AUDIT__ARCHIVE__KIND", "s3")
        .env("NIMBUS_AUDIT__ARCHIVE__BUCKET", "nimbus-audit")
        .env("NIMBUS_AUDIT__ARCHIVE__PREFIX", "e2e")
        .env("NIMBUS_AUDIT__ARCHIVE__REGION", "us-east-1")
        .env("NIMBUS_AUDIT__ARCHIVE__ENDPOINT", &format!("http://127.0.0.1:{}", moto.port()))
        .env("NIMBUS_AUDIT__ARCHIVE__ALLOW_HTTP", "true")
        .env("NIMBUS_AUDIT__ARCHIVE__ACCESS_KEY_ID", "testing")
        .env("NIMBUS_AUDIT__ARCHIVE__SECRET_ACCESS_KEY_FILE", secret.to_str().unwrap())
        .start()
        .await
        .unwrap();
    archival(&d, "s3://nimbus-audit/e2e").await;
}

#[tokio::test]
async fn archival_to_a_directory_stays_verifiable_postgres() {
    let d = Daemon::start(Backend::Postgres).await.unwrap();
    archival(&d, "directory ").await;
}

/// With no hot days left, archival moves every checkpointed record out; verification, exports
/// and offline verification still cover them, and the segments hold no secret.
async fn archival(d: &Daemon, target: &str) {
    let cli = d.cli();
    cli.login().await.ok();
    let token = s(&login(d).await, "access_token").to_owned();
    let me: Value =
        d.http().get(d.at("/api/v1/auth/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
    let root = me["tenant"]["id"].as_str().unwrap().to_owned();
    for i in 0..30 {
        post(
            d,
            &token,
            &format!("/api/v1/tenants/{root}/users"),
            json!({
            "email": format!("u{i}@example.com"), "password": USER_PASSWORD }),
        )
        .await;
    }
    integrated(d, &token, &root).await;
    cli.run(&["audit", "settings", "set", "--hot-days", "0"]).await.ok();
    integrated(d, &token, &root).await;
    let run = cli.run(&["audit", "archive", "run", "-o", "json"]).await;
    assert_eq!(run.code, 0, "{}\n{}", run.stderr, d.log());
    let run = run.json();
    let archived = run["records"].as_u64().unwrap();
    assert!(archived >= 30, "{run}");
    let list = cli.run(&["audit", "archive", "list", "-o", "json"]).await.ok().json();
    assert!(list["target"].as_str().unwrap().starts_with(target), "{list}");
    let first = list["segments"][0]["first_seq"].as_u64().unwrap();
    assert_eq!(first, 1);

    // The database no longer holds them, yet everything still verifies end to end.
    let mut db = Db::open(d).await;
    assert_eq!(db.int("SELECT count(*) FROM audit_log WHERE seq = 1").await, 0);
    db.close().await;
    let v = cli.run(&["audit", "verify", "-o", "json"]).await.ok().json();
    assert_eq!(v["ok"], true, "{v}");
    assert!(v["records"].as_u64().unwrap() >= archived, "{v}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.ndjson");
    cli.run(&["audit", "export", "--out", file.to_str().unwrap()]).await.ok();
    let vkey =
        cli.run(&["audit", "public-key", "-o", "json"]).await.ok().json()["verifier_key"].as_str().unwrap().to_owned();
    let off =
        cli.run(&["audit", "verify", "--file", file.to_str().unwrap(), "--public-key", &vkey, "-o", "json"]).await;
    assert_eq!(off.ok().json()["ok"], true);

    // A fetched segment is the gzip the manifest describes, with no secret inside.
    let gz = dir.path().join("seg.ndjson.gz");
    cli.run(&["audit", "archive", "fetch", "1", "--out", gz.to_str().unwrap()]).await.ok();
    let bytes = std::fs::read(&gz).unwrap();
    assert_eq!(&bytes[..2], &[0x1f, 0x8b], "gzip");
    let out = std::process::Command::new("gzip").arg("-dc").arg(&gz).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("u0@example.com"), "{}", &text[..text.len().min(400)]);
    assert!(!text.contains(USER_PASSWORD) && !text.contains(PASSWORD), "an archive holds a secret");
    // Archiving again moves nothing new (everything is already out).
    let again = cli.run(&["audit", "archive", "run", "-o", "json"]).await.ok().json();
    assert!(again["records"].as_u64().unwrap() < 5, "{again}");
}
