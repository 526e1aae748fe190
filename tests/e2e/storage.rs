//! Storage under stress: replicas migrating together, a schema from the future, and SIGKILL
//! in the middle of writes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use nimbus_e2e::{Backend, Daemon};

use crate::support::{Db, login, refresh, s};

#[tokio::test]
async fn replicas_migrating_together_do_not_race() {
    let d = Daemon::builder(Backend::Postgres).no_init().prepare().await.unwrap();
    let runs = (0..4).map(|_| d.nimbusd_output(&["migrate"], None));
    for out in futures::future::join_all(runs).await {
        let out = out.unwrap();
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let mut db = Db::open(&d).await;
    let applied = db.int("SELECT count(*) FROM nimbus_schema_migrations").await;
    let distinct = db.int("SELECT count(DISTINCT version) FROM nimbus_schema_migrations").await;
    let known = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/postgres"))
        .unwrap()
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql")))
        .count();
    assert_eq!((applied, distinct), (known as i64, known as i64), "each migration applied exactly once");
    db.close().await;
}

async fn newer_schema_is_refused(backend: Backend) {
    let d = Daemon::builder(backend).prepare().await.unwrap();
    let mut db = Db::open(&d).await;
    db.exec(
        "INSERT INTO nimbus_schema_migrations (version, name, checksum, applied_at)
         VALUES (9999, 'from_the_future', 'x', '2030-01-01T00:00:00Z')",
    )
    .await
    .unwrap();
    db.close().await;
    let out = d.nimbusd_output(&["serve", "--listen", "127.0.0.1:0"], None).await.unwrap();
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stderr.contains("newer than this nimbusd"), "{}", out.stderr);
}

#[tokio::test]
async fn newer_schema_is_refused_sqlite() {
    newer_schema_is_refused(Backend::Sqlite).await;
}

#[tokio::test]
async fn newer_schema_is_refused_postgres() {
    newer_schema_is_refused(Backend::Postgres).await;
}

#[tokio::test]
async fn the_audit_log_is_append_only() {
    for backend in Backend::ALL {
        let d = Daemon::builder(backend).prepare().await.unwrap();
        let mut db = Db::open(&d).await;
        // Row triggers only fire on rows: init must have written some for this to mean anything.
        assert!(db.int("SELECT count(*) FROM audit_log").await > 0);
        assert!(db.exec("UPDATE audit_log SET seq = seq + 0").await.is_err(), "{backend:?}");
        assert!(db.exec("DELETE FROM audit_log").await.is_err(), "{backend:?}");
        db.close().await;
    }
}

/// SIGKILL while eight clients log in and refresh: after restart the database is intact and
/// every committed change has exactly its audit record.
async fn killed_mid_write(backend: Backend) {
    let mut d = Daemon::start(backend).await.unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let url = d.url.clone();
    let mut workers = Vec::new();
    for _ in 0..8 {
        let (stop, done, url) = (stop.clone(), done.clone(), url.clone());
        // The harness's client installs the TLS provider (a bare `Client::new` panics when this
        // test runs alone).
        let http = d.http();
        workers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let body = serde_json::json!({"email": nimbus_e2e::ADMIN_EMAIL, "password": nimbus_e2e::PASSWORD});
                let Ok(r) = http.post(format!("{url}/api/v1/auth/login")).json(&body).send().await else { break };
                let Ok(pair) = r.json::<serde_json::Value>().await else { break };
                let mut token = pair["refresh_token"].as_str().unwrap_or_default().to_owned();
                for _ in 0..3 {
                    let body = serde_json::json!({"refresh_token": token});
                    let Ok(r) = http.post(format!("{url}/api/v1/auth/refresh")).json(&body).send().await else {
                        return;
                    };
                    let Ok(next) = r.json::<serde_json::Value>().await else { return };
                    token = next["refresh_token"].as_str().unwrap_or_default().to_owned();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    let progressed = tokio::time::timeout(Duration::from_secs(60), async {
        while done.load(Ordering::Relaxed) < 40 {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    })
    .await;
    assert!(progressed.is_ok(), "writers made no progress:\n{}", d.log());
    d.kill().await.unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.await;
    }

    d.serve().await.expect("restarts cleanly after SIGKILL");
    let mut db = Db::open(&d).await;
    if backend == Backend::Sqlite {
        assert_eq!(db.strings("PRAGMA integrity_check").await, ["ok"]);
    }
    let sessions = db.int("SELECT count(*) FROM sessions").await;
    let logins = db.int("SELECT count(*) FROM audit_log WHERE event_type = 'auth.login.succeeded'").await;
    assert_eq!(sessions, logins, "one audit record per session");
    let unmatched = db
        .int(
            "SELECT count(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM audit_log a
             WHERE a.event_type = 'auth.login.succeeded' AND a.resource_id = CAST(s.id AS TEXT))",
        )
        .await;
    assert_eq!(unmatched, 0);
    let rotated = db.int("SELECT count(*) FROM refresh_tokens WHERE state = 'rotated'").await;
    let refreshed = db.int("SELECT count(*) FROM audit_log WHERE event_type = 'auth.token.refreshed'").await;
    assert_eq!(rotated, refreshed, "one audit record per rotation");
    let tokens = db.int("SELECT count(*) FROM refresh_tokens").await;
    assert_eq!(tokens, sessions + rotated, "every session has its first token and one per rotation");
    let gaps = db
        .int("SELECT count(*) FROM (SELECT tenant_id FROM audit_log GROUP BY tenant_id HAVING max(seq) <> count(*)) g")
        .await;
    assert_eq!(gaps, 0, "audit sequence numbers have no gaps");
    assert!(sessions >= 10, "the test wrote something: {sessions}");
    db.close().await;

    let pair = login(&d).await;
    assert_eq!(refresh(&d, s(&pair, "refresh_token")).await.0, 200);
}

#[tokio::test]
async fn killed_mid_write_sqlite() {
    killed_mid_write(Backend::Sqlite).await;
}

#[tokio::test]
async fn killed_mid_write_postgres() {
    killed_mid_write(Backend::Postgres).await;
}
