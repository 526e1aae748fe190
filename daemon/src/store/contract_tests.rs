//! The store contract: one suite, run against SQLite and against a fresh PostgreSQL database.
//! Every backend must behave identically here.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use nimbus_core::Secret;
use nimbus_core::audit::{Actor, AuditEntry, Category, Outcome, Priority, RequestInfo, ResourceRef};
use nimbus_core::ids::{AuditId, EventId, ProviderId, RefreshTokenId, SessionId, TenantId, UserId};
use serde_json::json;

use super::*;
use crate::config::DatabaseConfig;

fn grant() -> WriteGrant {
    WriteGrant::new_for_pipeline(TenantScope::System)
}

async fn sqlite() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite::SqliteStore::open(&dir.path().join("nimbus.db"), &DatabaseConfig::default()).await.unwrap();
    (Arc::new(store), dir)
}

async fn postgres() -> (Arc<dyn Store>, nimbus_e2e::TestDatabase) {
    let db = nimbus_e2e::TestDatabase::create().await.unwrap();
    let store = postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default()).await.unwrap();
    (Arc::new(store), db)
}

fn tenant(parent: Option<TenantId>, slug: &str) -> TenantRecord {
    TenantRecord::new(
        TenantId::generate(),
        parent,
        slug.to_uppercase(),
        slug.into(),
        u32::from(parent.is_some()),
        now(),
    )
}

fn user(tenant: TenantId, email: &str) -> UserRecord {
    UserRecord {
        id: UserId::generate(),
        tenant_id: tenant,
        email: email.into(),
        display_name: "Ada".into(),
        password_hash: Some(Secret::new("$argon2id$v=19$x".into())),
        status: UserStatus::Active,
        created_at: now(),
        updated_at: now(),
    }
}

/// Microsecond precision: both backends store microseconds.
fn now() -> DateTime<Utc> {
    let t = Utc::now();
    t - Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos() % 1_000))
}

fn session(user: &UserRecord, idle: Duration, revoked: bool) -> SessionRecord {
    SessionRecord {
        id: SessionId::generate(),
        user_id: user.id,
        tenant_id: user.tenant_id,
        created_at: now(),
        last_used_at: now(),
        idle_expires_at: now() + idle,
        expires_at: now() + Duration::days(30),
        revoked_at: revoked.then(now),
        revoke_reason: revoked.then(|| "logout".into()),
        ip: Some("127.0.0.1".into()),
        user_agent: Some("test".into()),
    }
}

fn audit(tenant: TenantId, event: &str) -> AuditEntry {
    AuditEntry {
        id: AuditId::generate(),
        tenant_id: tenant,
        occurred_at: now(),
        actor: Actor { kind: nimbus_core::audit::ActorKind::User, id: Some(Uuid::now_v7()), display: "a@b.c".into() },
        impersonator_id: None,
        action: "auth:session:create".into(),
        event_type: event.into(),
        category: Category::Auth,
        priority: Priority::Warn,
        resource: Some(ResourceRef { kind: "session".into(), id: "s1".into(), name: None }),
        old_value: None,
        new_value: Some(json!({"nested": {"k": [1, 2]}})),
        outcome: Outcome::Denied,
        error_code: Some("x".into()),
        request: RequestInfo {
            trace_id: "t".repeat(32),
            ip: Some("::1".into()),
            user_agent: Some("ua".into()),
            method: Some("POST".into()),
            path: Some("/api/v1/auth/login".into()),
        },
    }
}

async fn contract(store: Arc<dyn Store>) {
    let state = store.schema_state().await.unwrap();
    assert!(state.is_current(), "{state:?}");
    store.ping().await.unwrap();

    // Create the provider's tree in one transaction.
    let root = tenant(None, "provider");
    let admin = user(root.id, "admin@example.com");
    let provider = ProviderRecord {
        id: ProviderId::generate(),
        name: "Nimbus".into(),
        root_tenant_id: root.id,
        initial_admin_id: admin.id,
        created_at: now(),
    };
    assert!(store.read(TenantScope::System).await.unwrap().provider().await.unwrap().is_none());
    let mut tx = store.write(grant()).await.unwrap();
    tx.insert_tenant(&root).await.unwrap();
    tx.insert_user(&admin).await.unwrap();
    tx.insert_provider(&provider).await.unwrap();
    assert_eq!(tx.provider().await.unwrap().as_ref(), Some(&provider), "a transaction reads its own writes");
    tx.commit().await.unwrap();

    let mut r = store.read(TenantScope::System).await.unwrap();
    assert_eq!(r.provider().await.unwrap(), Some(provider.clone()));
    assert_eq!(r.tenant(root.id).await.unwrap(), Some(root.clone()));
    assert_eq!(r.user_by_email("admin@example.com").await.unwrap(), Some(admin.clone()));
    assert_eq!(r.user(admin.id).await.unwrap(), Some(admin.clone()));
    assert_eq!(r.user_by_email("nobody@example.com").await.unwrap(), None);
    drop(r);

    // Dropping a transaction rolls it back.
    let ghost = tenant(Some(root.id), "ghost");
    let mut tx = store.write(grant()).await.unwrap();
    tx.insert_tenant(&ghost).await.unwrap();
    drop(tx);
    assert_eq!(store.read(TenantScope::System).await.unwrap().tenant(ghost.id).await.unwrap(), None);

    // Constraints surface as conflicts and leave nothing behind.
    let mut tx = store.write(grant()).await.unwrap();
    let dup = user(root.id, "admin@example.com");
    assert!(matches!(tx.insert_user(&dup).await, Err(StoreError::Conflict(_))));
    drop(tx);
    let mut tx = store.write(grant()).await.unwrap();
    let second_provider = ProviderRecord { id: ProviderId::generate(), ..provider.clone() };
    assert!(matches!(tx.insert_provider(&second_provider).await, Err(StoreError::Conflict(_))), "one provider only");
    drop(tx);
    let mut tx = store.write(grant()).await.unwrap();
    assert!(matches!(tx.insert_tenant(&tenant(None, "second-root")).await, Err(StoreError::Conflict(_))));
    drop(tx);

    // Sessions: live filtering, the principal join, revocation.
    let live_old = session(&admin, Duration::days(7), false);
    let idle_expired = session(&admin, Duration::seconds(-1), false);
    let revoked = session(&admin, Duration::days(7), true);
    let live_new = session(&admin, Duration::days(7), false);
    let (token_hash, rotated_hash) = (vec![1u8; 32], vec![2u8; 32]);
    let token = RefreshTokenRecord {
        id: RefreshTokenId::generate(),
        session_id: live_new.id,
        token_hash: token_hash.clone(),
        state: RefreshState::Active,
        created_at: now(),
        expires_at: now() + Duration::days(7),
        used_at: None,
    };
    let mut tx = store.write(grant()).await.unwrap();
    for s in [&live_old, &idle_expired, &revoked, &live_new] {
        tx.insert_session(s).await.unwrap();
    }
    tx.insert_refresh_token(&token).await.unwrap();
    tx.insert_refresh_token(&RefreshTokenRecord {
        id: RefreshTokenId::generate(),
        token_hash: rotated_hash.clone(),
        ..token.clone()
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let mut r = store.read(TenantScope::System).await.unwrap();
    let live: Vec<SessionId> = r.live_sessions(admin.id, Utc::now()).await.unwrap().iter().map(|s| s.id).collect();
    assert_eq!(live, [live_new.id, live_old.id], "live only, newest first");
    let principal = r.session_principal(live_new.id).await.unwrap().unwrap();
    assert_eq!(principal.session, live_new);
    assert_eq!(principal.tenant, root);
    assert_eq!(principal.user.email, admin.email);
    assert!(principal.user.password_hash.is_none(), "the authentication read never loads password hashes");
    assert_eq!(r.refresh_token_by_hash(&token_hash).await.unwrap(), Some(token.clone()));
    drop(r);

    // Rotation is conditional: only one exchange of a token can win.
    let mut tx = store.write(grant()).await.unwrap();
    assert!(tx.rotate_refresh_token(token.id, now()).await.unwrap());
    assert!(!tx.rotate_refresh_token(token.id, now()).await.unwrap());
    tx.touch_session(live_new.id, now(), now() + Duration::days(8)).await.unwrap();
    tx.commit().await.unwrap();
    let rotated =
        store.read(TenantScope::System).await.unwrap().refresh_token_by_hash(&token_hash).await.unwrap().unwrap();
    assert_eq!(rotated.state, RefreshState::Rotated);
    assert!(rotated.used_at.is_some());

    // Revocation ends the session once and revokes its unused tokens, not the rotated ones.
    let mut tx = store.write(grant()).await.unwrap();
    assert!(tx.revoke_session(live_new.id, now(), "logout").await.unwrap());
    assert!(!tx.revoke_session(live_new.id, now(), "logout").await.unwrap());
    tx.commit().await.unwrap();
    let mut r = store.read(TenantScope::System).await.unwrap();
    assert_eq!(r.refresh_token_by_hash(&rotated_hash).await.unwrap().unwrap().state, RefreshState::Revoked);
    assert_eq!(r.refresh_token_by_hash(&token_hash).await.unwrap().unwrap().state, RefreshState::Rotated);
    assert_eq!(r.session(live_new.id).await.unwrap().unwrap().revoke_reason.as_deref(), Some("logout"));
    drop(r);

    // Audit: per-tenant sequences from 1 without gaps; records read back unchanged.
    let other = tenant(Some(root.id), "other");
    let entries: Vec<AuditEntry> = (0..3).map(|i| audit(root.id, &format!("e{i}"))).collect();
    let mut tx = store.write(grant()).await.unwrap();
    tx.insert_tenant(&other).await.unwrap();
    let mut seqs = Vec::new();
    for e in &entries {
        seqs.push(tx.append_audit(e).await.unwrap());
    }
    seqs.push(tx.append_audit(&audit(other.id, "x")).await.unwrap());
    tx.enqueue_event(&OutboxEvent {
        id: EventId::generate(),
        tenant_id: root.id,
        topic: "t".into(),
        payload: json!({"a": 1}),
        created_at: now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(seqs, [1, 2, 3, 1]);
    let stored = store.read(TenantScope::System).await.unwrap().audit_after(root.id, 1, 10).await.unwrap();
    assert_eq!(stored.iter().map(|s| s.seq).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(stored[0].entry, entries[1], "audit records round-trip exactly");

    // Signing keys, newest first.
    let mut tx = store.write(grant()).await.unwrap();
    for (kid, age) in [("old", 2), ("new", 1)] {
        tx.insert_signing_key(&SigningKeyRecord {
            kid: kid.into(),
            algorithm: "EdDSA".into(),
            public_key: vec![7; 32],
            sealed_private_key: "v1:x:y".into(),
            created_at: now() - Duration::hours(age),
            retired_at: None,
        })
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let kids: Vec<String> = store
        .read(TenantScope::System)
        .await
        .unwrap()
        .signing_keys()
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.kid)
        .collect();
    assert_eq!(kids, ["new", "old"]);

    // Concurrent appends to one tenant's log get distinct, gapless numbers.
    let burst = tenant(Some(root.id), "burst");
    let mut tx = store.write(grant()).await.unwrap();
    tx.insert_tenant(&burst).await.unwrap();
    tx.commit().await.unwrap();
    let tasks = (0..8).map(|_| {
        let store = store.clone();
        tokio::spawn(async move {
            let mut got = Vec::new();
            for _ in 0..10 {
                let mut tx = store.write(grant()).await.unwrap();
                got.push(tx.append_audit(&audit(burst.id, "burst")).await.unwrap());
                tx.commit().await.unwrap();
            }
            got
        })
    });
    let mut all: Vec<i64> = futures_join(tasks).await.into_iter().flatten().collect();
    all.sort_unstable();
    assert_eq!(all, (1..=80).collect::<Vec<i64>>());
}

async fn futures_join<T>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_contract() {
    let (store, _dir) = sqlite().await;
    contract(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_store_contract() {
    let (store, _db) = postgres().await;
    contract(store).await;
}

/// Opening an existing database again applies nothing and keeps the data.
#[tokio::test]
async fn reopening_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nimbus.db");
    for _ in 0..2 {
        let store = sqlite::SqliteStore::open(&path, &DatabaseConfig::default()).await.unwrap();
        assert!(store.schema_state().await.unwrap().is_current());
    }
    let db = nimbus_e2e::TestDatabase::create().await.unwrap();
    for _ in 0..2 {
        let store = postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default()).await.unwrap();
        assert!(store.schema_state().await.unwrap().is_current());
    }
}

/// The bulk writes (imports) keep the full-text index exact: entries of new CIs, of CIs
/// changed twice in one transaction, and none left for the words they no longer have.
async fn bulk_cmdb_writes_index_every_version(store: Arc<dyn Store>) {
    use crate::store::cmdb::{CiFilter, CiRecord};
    let t = tenant(None, "bulk");
    let mut tx = store.write(grant()).await.unwrap();
    tx.insert_tenant(&t).await.unwrap();
    let cis: Vec<CiRecord> = (0..300)
        .map(|i| CiRecord {
            seq: 0,
            id: nimbus_core::ids::CiId::generate(),
            tenant_id: t.id,
            compartment_id: None,
            class: "virtualmachine".into(),
            name: format!("vm-{i}"),
            state: "active".into(),
            attributes: json!({ "note": if i % 2 == 0 { "alpha" } else { "beta" } }),
            tags: BTreeMap::new(),
            external_id: Some(format!("x-{i}")),
            provider: None,
            urn: None,
            version: 1,
            created_at: now(),
            updated_at: now(),
            deleted_at: None,
        })
        .collect();
    let seqs = tx.insert_cis(&cis, "test").await.unwrap();
    // Every third CI changes twice in the same transaction: alpha/beta, then gamma, then delta.
    let mut changed: Vec<CiRecord> =
        cis.iter().zip(&seqs).step_by(3).map(|(c, s)| CiRecord { seq: *s, ..c.clone() }).collect();
    for (version, word) in [(2, "gamma"), (3, "delta")] {
        for c in &mut changed {
            c.version = version;
            c.attributes = json!({ "note": word });
        }
        tx.update_cis(&changed, "test").await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut r = store.read(TenantScope::System).await.unwrap();
    let hits = async |r: &mut Box<dyn ReadTx>, word: &str| {
        let f = CiFilter { text: Some(word.into()), limit: 1_000, ..CiFilter::default() };
        r.search_cis(t.id, &f).await.unwrap().len()
    };
    assert_eq!(hits(&mut r, "delta").await, 100);
    assert_eq!(hits(&mut r, "gamma").await, 0, "an intermediate version leaves no entry");
    assert_eq!(hits(&mut r, "alpha").await, 100, "150 had alpha; 50 of them changed");
    assert_eq!(hits(&mut r, "beta").await, 100);
    assert_eq!(hits(&mut r, "vm-299").await, 1);
}

#[tokio::test]
async fn sqlite_bulk_cmdb_writes_index_every_version() {
    let (store, _dir) = sqlite().await;
    bulk_cmdb_writes_index_every_version(store).await;
}

#[tokio::test]
async fn postgres_bulk_cmdb_writes_index_every_version() {
    let (store, _db) = postgres().await;
    bulk_cmdb_writes_index_every_version(store).await;
}
