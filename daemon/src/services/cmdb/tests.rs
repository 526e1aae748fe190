//! The CMDB's storage and graph walks on both backends (SQLite file, fresh PostgreSQL
//! database): versions and as-of reads, search filters, cycle-safe bounded traversal and
//! impact, and tenant isolation.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, Utc};
use nimbus_core::ids::{CiId, RelationshipId, TenantId};
use serde_json::json;

use super::graph::{Pass, walk};
use crate::config::DatabaseConfig;
use crate::store::cmdb::{AttrFilter, CiFilter, CiRecord, CmpOp, RelationshipRecord};
use crate::store::{Store, StoreError, TenantRecord, TenantScope, WriteGrant, postgres, sqlite};

async fn sqlite_store() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite::SqliteStore::open(&dir.path().join("cmdb.db"), &DatabaseConfig::default()).await.unwrap();
    (Arc::new(store), dir)
}

async fn pg_store() -> (Arc<dyn Store>, nimbus_e2e::TestDatabase) {
    let db = nimbus_e2e::TestDatabase::create().await.unwrap();
    let store = postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default()).await.unwrap();
    (Arc::new(store), db)
}

fn ci(tenant: TenantId, name: &str, class: &str, attrs: serde_json::Value) -> CiRecord {
    let now = Utc::now();
    CiRecord {
        seq: 0,
        id: CiId::generate(),
        tenant_id: tenant,
        compartment_id: None,
        class: class.into(),
        name: name.into(),
        state: "active".into(),
        attributes: attrs,
        tags: BTreeMap::from([("env".to_owned(), "prod".to_owned())]),
        external_id: Some(format!("ext-{name}")),
        provider: Some("aws".into()),
        urn: None,
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    }
}

fn rel(tenant: TenantId, kind: &str, s: &CiRecord, t: &CiRecord) -> RelationshipRecord {
    RelationshipRecord {
        id: RelationshipId::generate(),
        tenant_id: tenant,
        kind: kind.into(),
        source_seq: s.seq,
        target_seq: t.seq,
        source_id: s.id,
        target_id: t.id,
        created_at: Utc::now(),
    }
}

async fn tenants(store: &Arc<dyn Store>) -> (TenantId, TenantId) {
    let a =
        TenantRecord::new(TenantId::generate(), None, "A".into(), format!("a-{}", TenantId::generate()), 0, Utc::now());
    // Only one root may exist: B is A's sub-tenant; a scope of B alone still excludes A.
    let b = TenantRecord::new(
        TenantId::generate(),
        Some(a.id),
        "B".into(),
        format!("b-{}", TenantId::generate()),
        1,
        Utc::now(),
    );
    let mut tx = store.write(WriteGrant::new_for_pipeline(TenantScope::System)).await.unwrap();
    tx.insert_tenant(&a).await.unwrap();
    tx.insert_tenant(&b).await.unwrap();
    tx.commit().await.unwrap();
    (a.id, b.id)
}

fn only(t: TenantId) -> TenantScope {
    TenantScope::Tenants(Arc::from([t]))
}

async fn contract(store: Arc<dyn Store>) {
    let (t, other) = tenants(&store).await;
    let mut tx = store.write(WriteGrant::new_for_pipeline(only(t))).await.unwrap();
    let mut web = ci(t, "web-01", "virtualmachine", json!({"cpu_cores": 4, "os": "linux"}));
    web.seq = tx.insert_ci(&web, "ada").await.unwrap();
    let mut db =
        ci(t, "db-01", "relationaldatabase", json!({"engine": "postgres", "storage_gb": 100, "cidr": "10.0.0.0/24"}));
    db.seq = tx.insert_ci(&db, "ada").await.unwrap();
    tx.commit().await.unwrap();
    let created = web.updated_at;

    // Versions: every change is a full snapshot; as-of reads pick the version current then.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut v2 = web.clone();
    v2.version = 2;
    v2.attributes = json!({"cpu_cores": 8, "os": "linux"});
    v2.state = "maintenance".into();
    v2.updated_at = Utc::now();
    let mut tx = store.write(WriteGrant::new_for_pipeline(only(t))).await.unwrap();
    tx.update_ci(&v2, "bob").await.unwrap();
    // A stale version number is a conflict, not a lost update.
    let err = tx.update_ci(&v2, "bob").await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    tx.commit().await.unwrap();
    let mut read = store.read(only(t)).await.unwrap();
    let now = read.ci(t, web.id).await.unwrap().unwrap();
    assert_eq!((now.version, now.state.as_str(), now.attributes["cpu_cores"].as_i64()), (2, "maintenance", Some(8)));
    let history = read.ci_versions(t, web.seq).await.unwrap();
    assert_eq!(history.iter().map(|v| (v.ci.version, v.actor.as_str())).collect::<Vec<_>>(), [(2, "bob"), (1, "ada")]);
    let then = read.ci_as_of(t, web.seq, created + Duration::microseconds(1)).await.unwrap().unwrap();
    assert_eq!((then.ci.version, then.ci.attributes["cpu_cores"].as_i64()), (1, Some(4)));
    assert!(read.ci_as_of(t, web.seq, created - Duration::seconds(1)).await.unwrap().is_none());
    assert_eq!(read.ci_version(t, web.seq, 1).await.unwrap().unwrap().ci.state, "active");

    // Search: full text, class, state, tag and attribute filters combine.
    let search = |f: CiFilter| CiFilter { limit: 10, ..f };
    let names = |cis: Vec<CiRecord>| cis.into_iter().map(|c| c.name).collect::<Vec<_>>();
    assert_eq!(
        names(read.search_cis(t, &search(CiFilter { text: Some("web".into()), ..CiFilter::default() })).await.unwrap()),
        ["web-01"]
    );
    assert_eq!(
        names(
            read.search_cis(t, &search(CiFilter { text: Some("postgr*".into()), ..CiFilter::default() }))
                .await
                .unwrap()
        ),
        ["db-01"]
    );
    assert_eq!(
        names(
            read.search_cis(t, &search(CiFilter { classes: vec!["relationaldatabase".into()], ..CiFilter::default() }))
                .await
                .unwrap()
        ),
        ["db-01"]
    );
    assert_eq!(
        names(
            read.search_cis(t, &search(CiFilter { states: vec!["maintenance".into()], ..CiFilter::default() }))
                .await
                .unwrap()
        ),
        ["web-01"]
    );
    let tagged = CiFilter { tags: vec![("env".into(), "prod".into())], ..CiFilter::default() };
    assert_eq!(read.search_cis(t, &search(tagged)).await.unwrap().len(), 2);
    let big = CiFilter {
        attributes: vec![AttrFilter { name: "cpu_cores".into(), op: CmpOp::Ge, value: json!(6) }],
        ..CiFilter::default()
    };
    assert_eq!(names(read.search_cis(t, &search(big)).await.unwrap()), ["web-01"]);
    let text_and_filter =
        CiFilter { text: Some("linux".into()), classes: vec!["relationaldatabase".into()], ..CiFilter::default() };
    assert!(read.search_cis(t, &search(text_and_filter)).await.unwrap().is_empty());
    let page = read.search_cis(t, &CiFilter { limit: 1, ..CiFilter::default() }).await.unwrap();
    let rest =
        read.search_cis(t, &CiFilter { limit: 10, after_seq: Some(page[0].seq), ..CiFilter::default() }).await.unwrap();
    assert_eq!(page.len() + rest.len(), 2);
    assert_eq!(read.cis_by_external_id(t, &["ext-db-01".into(), "nope".into()]).await.unwrap().len(), 1);
    // Words with hyphens, digits and dots match whole and in part on both backends
    // (PostgreSQL's parser once read `web-01` as `web` and `-01`).
    for word in ["web-01", "web-01*", "01", "ext-web-01", "10.0.0.0/24", "svc-1"] {
        let hits = read.search_cis(t, &search(CiFilter { text: Some(word.into()), ..CiFilter::default() })).await;
        let expected: &[&str] = match word {
            "10.0.0.0/24" => &["db-01"],
            "svc-1" => &[],
            "01" => &["web-01", "db-01"],
            _ => &["web-01"],
        };
        assert_eq!(names(hits.unwrap()), expected, "{word}");
    }
    drop(read);

    // Tenant isolation: another tenant's scope sees nothing of this one.
    let mut theirs = store.read(only(other)).await.unwrap();
    match theirs.ci(t, web.id).await {
        Ok(found) => assert!(found.is_none(), "row-level security hides it"),
        Err(e) => assert!(matches!(e, StoreError::OutOfScope(_)), "{e:?}"),
    }
    match theirs.search_cis(t, &CiFilter { limit: 10, ..CiFilter::default() }).await {
        Ok(found) => assert!(found.is_empty()),
        Err(e) => assert!(matches!(e, StoreError::OutOfScope(_)), "{e:?}"),
    }
    drop(theirs);
    let mut tx = store.write(WriteGrant::new_for_pipeline(only(other))).await.unwrap();
    let stolen = ci(t, "stolen", "virtualmachine", json!({}));
    assert!(tx.insert_ci(&stolen, "mallory").await.is_err(), "a write into another tenant is refused");
    drop(tx);

    // A cyclic graph: a ring of 6 plus a chord; walks end, respect depth and limit, and each
    // CI appears once at its shortest distance.
    let mut tx = store.write(WriteGrant::new_for_pipeline(only(t))).await.unwrap();
    let mut ring = Vec::new();
    for i in 0..6 {
        let mut c = ci(t, &format!("svc-{i}"), "service", json!({}));
        c.seq = tx.insert_ci(&c, "ada").await.unwrap();
        ring.push(c);
    }
    let mut rels: Vec<RelationshipRecord> =
        (0..6).map(|i| rel(t, "depends_on", &ring[i], &ring[(i + 1) % 6])).collect();
    rels.push(rel(t, "depends_on", &ring[0], &ring[3]));
    assert_eq!(tx.insert_relationships(&rels).await.unwrap(), 7);
    assert_eq!(tx.insert_relationships(&rels).await.unwrap(), 0, "existing relationships are skipped");
    tx.commit().await.unwrap();
    // A live duplicate is a conflict (in a transaction of its own: PostgreSQL aborts the rest).
    let mut tx = store.write(WriteGrant::new_for_pipeline(only(t))).await.unwrap();
    assert!(matches!(
        tx.insert_relationship(&rel(t, "depends_on", &ring[0], &ring[1])).await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);

    let mut read = store.read(only(t)).await.unwrap();
    let out = || vec![Pass { outgoing: true, kinds: vec![] }];
    assert_eq!(read.cis_by_seq(t, &[ring[0].seq, ring[1].seq]).await.unwrap().len(), 2);
    assert_eq!(read.cmdb_edges(t, &[ring[0].seq], true, &[]).await.unwrap().len(), 2);
    let all = walk(read.as_mut(), t, ring[0].seq, &out(), 100, 1000).await.unwrap();
    assert_eq!(all.nodes.len(), 6, "every CI once, the start included");
    assert!(!all.truncated);
    let depth_of = |name: &str| all.nodes.iter().find(|n| n.name == name).map(|n| n.depth);
    assert_eq!(
        (depth_of("svc-0"), depth_of("svc-3"), depth_of("svc-4"), depth_of("svc-5")),
        (Some(0), Some(1), Some(2), Some(3))
    );
    assert_eq!(all.edges.len(), 7);
    let two = walk(read.as_mut(), t, ring[0].seq, &out(), 2, 1000).await.unwrap();
    assert_eq!(
        two.nodes.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(),
        ["svc-0", "svc-1", "svc-3", "svc-2", "svc-4"]
    );
    let limited = walk(read.as_mut(), t, ring[0].seq, &out(), 100, 2).await.unwrap();
    assert!(limited.truncated);
    assert_eq!(limited.nodes.len(), 3, "the start and at most `limit` more");
    // Impact follows depends_on backwards: everything on the ring depends on svc-0 transitively.
    let impact = walk(read.as_mut(), t, ring[0].seq, &super::graph::impact_passes(&[]), 10, 1000).await.unwrap();
    assert_eq!(impact.nodes.len(), 6);
    assert_eq!(impact.nodes.iter().find(|n| n.name == "svc-5").map(|n| n.depth), Some(1));
    drop(read);

    // Deleting a CI's relationships takes them out of every walk.
    let mut tx = store.write(WriteGrant::new_for_pipeline(only(t))).await.unwrap();
    assert_eq!(tx.delete_relationships_of(t, ring[1].seq, Utc::now()).await.unwrap(), 2);
    assert!(tx.delete_relationship(t, rels[6].id, Utc::now()).await.unwrap());
    assert!(!tx.delete_relationship(t, rels[6].id, Utc::now()).await.unwrap());
    tx.commit().await.unwrap();
    let mut read = store.read(only(t)).await.unwrap();
    let cut = walk(read.as_mut(), t, ring[0].seq, &out(), 100, 1000).await.unwrap();
    assert_eq!(cut.nodes.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_cmdb_contract() {
    let (store, _dir) = sqlite_store().await;
    contract(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_cmdb_contract() {
    let (store, _db) = pg_store().await;
    contract(store).await;
}
