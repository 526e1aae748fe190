//! The acceptance flow on both backends: init, login, whoami, refresh, logout,
//! refresh-after-logout, and reuse of a rotated refresh token revoking the family.

use nimbus_e2e::{ADMIN_EMAIL, Backend, Daemon};

use crate::support::{Db, code, login, me, refresh, s};

async fn flow(backend: Backend) {
    let d = Daemon::start(backend).await.expect("daemon");
    let cli = d.cli();

    // Login and whoami through the real CLI.
    cli.login().await.ok();
    let whoami = cli.run(&["whoami", "-o", "json"]).await;
    let me_json = whoami.ok().json();
    assert_eq!(me_json["email"], ADMIN_EMAIL);
    assert_eq!(me_json["tenant"]["slug"], "provider");
    if backend == Backend::Sqlite {
        // Sorted: the field set is the contract; the test crate's map order depends on features.
        insta::with_settings!({ sort_maps => true }, {
            insta::assert_json_snapshot!("whoami", me_json, {
                ".id" => "[id]", ".session_id" => "[id]", ".tenant.id" => "[id]", ".created_at" => "[time]"
            });
        });
    }

    // Refresh rotates: a new pair, and the old refresh token is spent.
    let first = login(&d).await;
    let (status, second) = refresh(&d, s(&first, "refresh_token")).await;
    assert_eq!(status, 200, "{second}");
    assert_ne!(s(&first, "refresh_token"), s(&second, "refresh_token"));
    assert_eq!(s(&first, "session_id"), s(&second, "session_id"));
    assert_eq!(me(&d, s(&second, "access_token")).await.0, 200);

    // Logout via the CLI ends the session; its refresh token stops working.
    let stored: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(cli.config_dir().join("credentials/test.json")).expect("creds"))
            .expect("creds json");
    cli.run(&["logout"]).await.ok();
    let (status, body) = refresh(&d, s(&stored, "refresh_token")).await;
    assert_eq!((status, code(&body)), (401, "session_revoked"), "{body}");
    assert_eq!(me(&d, s(&stored, "access_token")).await.0, 401, "access token of an ended session is refused");
    assert_eq!(cli.run(&["whoami"]).await.code, 4, "whoami after logout needs login");

    // Reusing a rotated refresh token revokes the whole family.
    let a = login(&d).await;
    let (status, b) = refresh(&d, s(&a, "refresh_token")).await;
    assert_eq!(status, 200);
    let (status, body) = refresh(&d, s(&a, "refresh_token")).await;
    assert_eq!((status, code(&body)), (401, "session_revoked"), "{body}");
    assert!(body["error"]["message"].as_str().unwrap_or_default().contains("already used"), "{body}");
    let (status, body) = refresh(&d, s(&b, "refresh_token")).await;
    assert_eq!((status, code(&body)), (401, "session_revoked"), "the newest token of the family dies too: {body}");
    let (status, body) = me(&d, s(&b, "access_token")).await;
    assert_eq!((status, code(&body)), (401, "session_revoked"), "{body}");

    // Everything above is in the audit log, in one transaction with its change.
    let mut db = Db::open(&d).await;
    let events = db.audit_events().await;
    for expected in [
        "system.initialized:success",
        "user.created:success",
        "auth.login.succeeded:success",
        "auth.token.refreshed:success",
        "auth.logout:success",
        "auth.refresh.failed:failed",
        "auth.refresh.reuse_detected:denied",
        "security.session.family_revoked:success",
        "auth.token.rejected:denied",
    ] {
        assert!(events.iter().any(|e| e == expected), "missing {expected} in {events:#?}");
    }
    let revoked = db.int("SELECT count(*) FROM sessions WHERE revoke_reason = 'refresh_reuse'").await;
    assert_eq!(revoked, 1);
    db.close().await;
}

#[tokio::test]
async fn auth_flow_sqlite() {
    flow(Backend::Sqlite).await;
}

#[tokio::test]
async fn auth_flow_postgres() {
    flow(Backend::Postgres).await;
}

/// Beyond the cap, a new login ends the least recently used session.
#[tokio::test]
async fn session_cap_evicts_the_oldest() {
    let d =
        Daemon::builder(Backend::Sqlite).env("NIMBUS_AUTH__MAX_SESSIONS_PER_USER", "2").start().await.expect("daemon");
    let oldest = login(&d).await;
    let _second = login(&d).await;
    let third = login(&d).await;
    let (status, body) = refresh(&d, s(&oldest, "refresh_token")).await;
    assert_eq!((status, code(&body)), (401, "session_revoked"), "{body}");
    assert_eq!(me(&d, s(&third, "access_token")).await.0, 200);
    let list = d.http().get(d.at("/api/v1/auth/sessions")).bearer_auth(s(&third, "access_token")).send().await.unwrap();
    let list: serde_json::Value = list.json().await.unwrap();
    assert_eq!(list["sessions"].as_array().map(Vec::len), Some(2), "{list}");
    let mut db = Db::open(&d).await;
    assert!(db.audit_events().await.iter().any(|e| e == "auth.session.evicted:success"));
}
