//! The audit log against an attacker with write access to the database, on both backends:
//! randomised tampering (values, deletions, insertions, swaps, truncation past a checkpoint,
//! forged checkpoints), each inside a transaction that is rolled back, and verification must
//! name the first bad sequence number. Untouched logs verify.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{Duration, Utc};
use nimbus_core::audit::{Actor, ActorKind, AuditEntry, Category, Outcome, Priority, RequestInfo, ResourceRef};
use nimbus_core::ids::{AuditId, ProviderId, TenantId};
use nimbus_core::tlog::NoteVerifier;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use tokio::sync::Notify;

use super::integrator::Integrator;
use super::signer::LogSigner;
use super::verify;
use crate::config::DatabaseConfig;
use crate::keys::MasterKey;
use crate::store::{ReadTx, Store, WriteGrant, postgres, sqlite};

const RECORDS: u64 = 300;
const CASES: usize = 1000;

fn entry(tenant: TenantId, i: u64) -> AuditEntry {
    let t = Utc::now() - Duration::seconds(10_000) + Duration::milliseconds(i as i64 * 7);
    AuditEntry {
        id: AuditId::generate(),
        tenant_id: tenant,
        occurred_at: chrono::SubsecRound::trunc_subsecs(t, 6),
        actor: Actor { kind: ActorKind::User, id: Some(uuid::Uuid::now_v7()), display: format!("user{i}@example.com") },
        impersonator_id: None,
        action: "tenant:tenant:update".into(),
        event_type: format!("tenant.updated{}", i % 3),
        category: Category::Tenant,
        priority: Priority::Info,
        resource: Some(ResourceRef { kind: "tenant".into(), id: format!("id{i}"), name: Some(format!("name{i}")) }),
        old_value: i.is_multiple_of(2).then(|| json!({"name": format!("old{i}"), "n": i, "f": 1.5})),
        new_value: Some(json!({"name": format!("new{i}"), "nested": {"list": [i, true, null]}})),
        outcome: Outcome::Success,
        error_code: None,
        request: RequestInfo {
            trace_id: format!("trace{i}"),
            ip: Some("192.0.2.7".into()),
            user_agent: Some("test".into()),
            method: Some("PATCH".into()),
            path: Some(format!("/api/v1/tenants/{i}")),
        },
    }
}

struct Log {
    store: Arc<dyn Store>,
    tenant: TenantId,
    verifier: NoteVerifier,
    origin: String,
    /// Sizes of the checkpoints, ascending.
    checkpoints: Vec<u64>,
}

async fn build(store: Arc<dyn Store>) -> Log {
    let signer = Arc::new(
        LogSigner::load_or_create(store.as_ref(), &MasterKey::generate(), ProviderId::generate()).await.unwrap(),
    );
    let tenant = TenantId::generate();
    // Small batches: many checkpoints, as on a busy log.
    let integrator =
        Integrator::new(store.clone(), signer.clone(), 13, Arc::new(Notify::new()), Arc::new(Notify::new()));
    let mut i = 0;
    while i < RECORDS {
        let mut tx = store.write(WriteGrant::for_audit_log()).await.unwrap();
        for _ in 0..40.min(RECORDS - i) {
            i += 1;
            tx.append_audit(&entry(tenant, i)).await.unwrap();
        }
        tx.commit().await.unwrap();
        integrator.pass().await.unwrap();
    }
    let checkpoints = store
        .read(crate::store::TenantScope::System)
        .await
        .unwrap()
        .audit_checkpoints(tenant, 0, u64::MAX, 10_000)
        .await
        .unwrap()
        .iter()
        .map(|c| c.size)
        .collect();
    Log {
        verifier: NoteVerifier::from_vkey(&signer.verifier_key()).unwrap(),
        origin: signer.origin(tenant),
        store,
        tenant,
        checkpoints,
    }
}

/// One tampering: the SQL an attacker runs and the first sequence number verification must name.
struct Case {
    what: String,
    sql: String,
    first_bad: u64,
}

fn case(log: &Log, rng: &mut StdRng, pg: bool) -> Case {
    let t = log.tenant;
    let k = rng.gen_range(1..=RECORDS - 2);
    let at = |seq: u64| format!("tenant_id = '{t}' AND seq = {seq}");
    match rng.gen_range(0..8) {
        0 => Case {
            what: format!("one byte of the actor of {k}"),
            sql: if pg {
                format!("UPDATE audit_log SET actor_display = 'x' || substr(actor_display, 2) WHERE {};", at(k))
            } else {
                // SQLite stores the record as its leaf text; every other column is computed from it.
                format!(
                    "UPDATE audit_log SET leaf = json_set(leaf, '$.actor.display', 'x' || substr(actor_display, 2)) \
                     WHERE {};",
                    at(k)
                )
            },
            first_bad: k,
        },
        1 => Case {
            what: format!("one byte inside the new value of {k}"),
            sql: if pg {
                format!(
                    "UPDATE audit_log SET new_value = replace(new_value::text, 'new{k}', 'nex{k}')::jsonb WHERE {};",
                    at(k)
                )
            } else {
                format!("UPDATE audit_log SET leaf = replace(leaf, 'new{k}', 'nex{k}') WHERE {};", at(k))
            },
            first_bad: k,
        },
        2 => Case {
            what: format!("the time of {k} by one microsecond"),
            sql: if pg {
                format!("UPDATE audit_log SET occurred_at = occurred_at + interval '1 microsecond' WHERE {};", at(k))
            } else {
                // The stored form is RFC 3339 with microseconds: bump the last digit.
                format!(
                    "UPDATE audit_log SET leaf = json_set(leaf, '$.occurred_at', substr(occurred_at, 1, 25) || \
                     (CASE substr(occurred_at, 26, 1) WHEN '9' THEN '8' ELSE char(unicode(substr(occurred_at, 26, 1)) + 1) END) \
                     || substr(occurred_at, 27)) WHERE {};",
                    at(k)
                )
            },
            first_bad: k,
        },
        3 => Case {
            what: format!("record {k} deleted"),
            sql: format!("DELETE FROM audit_log WHERE {};", at(k)),
            first_bad: k,
        },
        4 => {
            // An insertion: everything from k moves up one and a forged record takes k.
            let forged = entry(t, 10_000);
            let shift = format!(
                "UPDATE audit_log SET seq = -(seq + 1) WHERE tenant_id = '{t}' AND seq >= {k};
                 UPDATE audit_log SET seq = -seq WHERE tenant_id = '{t}' AND seq < 0;"
            );
            let insert = if pg {
                format!(
                    "INSERT INTO audit_log (id, tenant_id, seq, occurred_at, actor_kind, actor_display, action, event_type,
                        category, priority, outcome, trace_id)
                     SELECT '{}', tenant_id, {k}, occurred_at, actor_kind, 'mallory', action, event_type, category,
                        priority, outcome, trace_id FROM audit_log WHERE tenant_id = '{t}' AND seq = {};",
                    forged.id,
                    k + 1
                )
            } else {
                // A well-formed leaf that says it is record k.
                format!(
                    "INSERT INTO audit_log (tenant_id, seq, leaf)
                     SELECT tenant_id, {k}, json_set(leaf, '$.id', '{}', '$.actor.display', 'mallory', '$.seq', {k})
                     FROM audit_log WHERE tenant_id = '{t}' AND seq = {};",
                    forged.id,
                    k + 1
                )
            };
            let sql = shift + &insert;
            Case { what: format!("a record inserted at {k}"), sql, first_bad: k }
        }
        5 => {
            let j = k + rng.gen_range(1..=(RECORDS - k).min(20));
            Case {
                what: format!("records {k} and {j} swapped"),
                sql: format!(
                    "UPDATE audit_log SET seq = -1 WHERE {a};
                     UPDATE audit_log SET seq = {k} WHERE {b};
                     UPDATE audit_log SET seq = {j} WHERE tenant_id = '{t}' AND seq = -1;",
                    a = at(k),
                    b = at(j)
                ),
                first_bad: k,
            }
        }
        6 => {
            // Cut the log below a checkpoint that covers more.
            let cp = log.checkpoints[rng.gen_range(1..log.checkpoints.len())];
            let keep = rng.gen_range(1..cp);
            Case {
                what: format!("truncated after {keep}, below the checkpoint of size {cp}"),
                sql: format!("DELETE FROM audit_log WHERE tenant_id = '{t}' AND seq > {keep};"),
                first_bad: keep + 1,
            }
        }
        _ => {
            // A forged checkpoint: its note claims another root (the signature cannot follow).
            let idx = rng.gen_range(0..log.checkpoints.len());
            let cp = log.checkpoints[idx];
            let previous = if idx == 0 { 0 } else { log.checkpoints[idx - 1] };
            let sql = if pg {
                format!(
                    "UPDATE audit_checkpoints SET note = regexp_replace(note, '\\n[A-Za-z0-9+/]{{4}}', E'\\nAAAA') \
                     WHERE tenant_id = '{t}' AND size = {cp};"
                )
            } else {
                format!(
                    "UPDATE audit_checkpoints SET note = substr(note, 1, instr(note, char(10)) + length('{cp}') + 1) \
                     || 'AAAA' || substr(note, instr(note, char(10)) + length('{cp}') + 6) \
                     WHERE tenant_id = '{t}' AND size = {cp};"
                )
            };
            Case { what: format!("the checkpoint of size {cp} forged"), sql, first_bad: previous + 1 }
        }
    }
}

async fn verify_in(log: &Log, tx: &mut dyn ReadTx) -> nimbus_core::api::audit::VerifyReport {
    verify::verify(tx, log.tenant, &log.verifier, &log.origin, None, None, None).await.unwrap()
}

async fn run(store: Arc<dyn Store>, pg: bool, seed: u64) {
    let log = build(store).await;
    assert!(log.checkpoints.len() > 10, "{:?}", log.checkpoints);
    assert_eq!(log.checkpoints.last(), Some(&RECORDS));
    let mut read = log.store.read(crate::store::TenantScope::System).await.unwrap();
    let clean = verify_in(&log, read.as_mut()).await;
    drop(read);
    assert!(clean.ok, "an untouched log verifies: {clean:?}");
    assert_eq!((clean.records, clean.checkpoints_checked as usize), (RECORDS, log.checkpoints.len()));

    let mut rng = StdRng::seed_from_u64(seed);
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    for n in 0..CASES {
        let c = case(&log, &mut rng, pg);
        let mut tx = log.store.write(WriteGrant::for_audit_log()).await.unwrap();
        tx.tamper(&c.sql).await.unwrap_or_else(|e| panic!("case {n} ({}): {e}\n{}", c.what, c.sql));
        let report = verify_in(&log, &mut *tx).await;
        drop(tx);
        let problem = report.problem.clone().unwrap_or_else(|| panic!("case {n} ({}) went unnoticed", c.what));
        assert_eq!(problem.seq, c.first_bad, "case {n}: {} -> {problem:?}", c.what);
        *kinds.entry(problem.kind).or_default() += 1;
        // Every tenth case, the rolled-back log is whole again.
        if n % 100 == 0 {
            let mut read = log.store.read(crate::store::TenantScope::System).await.unwrap();
            assert!(verify_in(&log, read.as_mut()).await.ok, "case {n}: rollback restored the log");
        }
    }
    eprintln!("{} tamper cases ({}): {kinds:?}", CASES, if pg { "postgres" } else { "sqlite" });
}

#[tokio::test]
async fn tampering_is_found_at_the_first_bad_record_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite::SqliteStore::open(&dir.path().join("t.db"), &DatabaseConfig::default()).await.unwrap();
    run(Arc::new(store), false, 0x5eed_0001).await;
}

#[tokio::test]
async fn tampering_is_found_at_the_first_bad_record_on_postgres() {
    let db = nimbus_e2e::TestDatabase::create().await.unwrap();
    let store = postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default()).await.unwrap();
    run(Arc::new(store), true, 0x5eed_0002).await;
}

/// A log long enough that SQLite splits each batch over two connections: the halves join
/// without a gap or a duplicate, also where records are missing, and agree with one connection.
#[tokio::test]
async fn split_reading_on_sqlite_finds_what_one_connection_finds() {
    const LONG: u64 = 10_000;
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(sqlite::SqliteStore::open(&dir.path().join("t.db"), &DatabaseConfig::default()).await.unwrap());
    let signer = Arc::new(
        LogSigner::load_or_create(store.as_ref(), &MasterKey::generate(), ProviderId::generate()).await.unwrap(),
    );
    let tenant = TenantId::generate();
    let mut tx = store.write(WriteGrant::for_audit_log()).await.unwrap();
    for i in 1..=LONG {
        tx.append_audit(&entry(tenant, i)).await.unwrap();
    }
    tx.commit().await.unwrap();
    Integrator::new(store.clone(), signer.clone(), 1000, Arc::new(Notify::new()), Arc::new(Notify::new()))
        .pass()
        .await
        .unwrap();
    let log = Log {
        verifier: NoteVerifier::from_vkey(&signer.verifier_key()).unwrap(),
        origin: signer.origin(tenant),
        store: store.clone(),
        tenant,
        checkpoints: Vec::new(),
    };
    let system = crate::store::TenantScope::System;
    let report = verify_in(&log, store.read(system.clone()).await.unwrap().as_mut()).await;
    assert!(report.ok && report.records == LONG, "{report:?}");

    // Committed, so that the second connection sees them too: one record altered in the upper
    // half, then ten missing from the lower half.
    for (sql, first_bad) in [
        (
            format!(
                "UPDATE audit_log SET leaf = json_set(leaf, '$.actor.display', 'mallory') \
                 WHERE tenant_id = '{tenant}' AND seq = 9000"
            ),
            9000,
        ),
        (format!("DELETE FROM audit_log WHERE tenant_id = '{tenant}' AND seq BETWEEN 100 AND 109"), 100),
    ] {
        let mut tx = store.write(WriteGrant::for_audit_log()).await.unwrap();
        tx.tamper(&sql).await.unwrap();
        tx.commit().await.unwrap();
        let report = verify_in(&log, store.read(system.clone()).await.unwrap().as_mut()).await;
        assert_eq!(report.problem.as_ref().map(|p| p.seq), Some(first_bad), "{report:?}");

        let split = store.read(system.clone()).await.unwrap().audit_leaf_hashes(tenant, 0, 10_000).await.unwrap();
        let mut one = store.write(WriteGrant::for_audit_log()).await.unwrap();
        let single = one.audit_leaf_hashes(tenant, 0, 10_000).await.unwrap();
        drop(one);
        assert_eq!(split.len(), single.len());
        assert!(split == single, "split and single reads differ after: {sql}");
        let seqs: Vec<i64> = split.iter().map(|(s, _)| *s).collect();
        assert!(seqs.windows(2).all(|w| w[0] < w[1]), "in order, without duplicates");
    }
}
