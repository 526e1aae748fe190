//! CMDB benchmarks (release; `docs/benchmarks.md` records the results).
//!
//! `cargo bench -p nimbus-daemon --bench cmdb -- [N] [DB]` generates N CIs (default 1,000,000)
//! and 3N relationships in one tenant of a SQLite file (DB, default a temporary file; an
//! existing file is reused for the read phases), then reports:
//!
//! - bulk import: CIs/s through the operation pipeline and the store's bulk writes the import
//!   service uses (`insert_cis`, `update_cis`; batches of 10,000 per transaction, each CI with
//!   its first version and full-text entry, one audit record and one event per batch), and
//!   relationships/s;
//! - get by id, filtered full-text search (a word + a class filter, 50 results), 3-hop impact
//!   analysis from a node with ~1,000 reachable CIs, and as-of reads: p50/p99 over random
//!   inputs;
//! - database bytes per CI.
//!
//! Shape of the data: groups of 1,111 CIs, each a tree (a service, 10 children, 100
//! grandchildren, 1,000 leaves) whose members `depends_on` their parent, so impact from a
//! group's root along `depends_on` reaches 1,110 CIs in 3 hops; plus two random `connects_to`
//! relationships per CI across the tenant. Every tenth CI is changed twice (3 versions) for
//! the as-of reads. What the bench leaves out: attribute validation against the class schema
//! (done by the import service before the store) and HTTP; `tests/benches/cmdb_import.rs`
//! measures those, end to end through `nimbus ci import`.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Duration, Utc};
use hdrhistogram::Histogram;
use nimbus_core::audit::Category;
use nimbus_core::ids::{CiId, RelationshipId, TenantId};
use nimbus_daemon::authz::Authorizer;
use nimbus_daemon::config::DatabaseConfig;
use nimbus_daemon::error::ServiceResult;
use nimbus_daemon::pipeline::{
    Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, Pipeline, RequestContext,
};
use nimbus_daemon::services::cmdb::impact_unchecked;
use nimbus_daemon::store::cmdb::{CiFilter, CiRecord, RelationshipRecord};
use nimbus_daemon::store::sqlite::SqliteStore;
use nimbus_daemon::store::{Store, TenantScope, WriteTx};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

const GROUP: u64 = 1_111;
const BATCH: u64 = 10_000;
const WORDS: u64 = 5_000;
const CLASSES: [&str; 4] = ["service", "virtualmachine", "blockstorage", "subnet"];

/// Inserts a batch of CIs (and updates every tenth twice) in one transaction.
struct InsertCis {
    tenant: TenantId,
    cis: Vec<CiRecord>,
}

impl Operation for InsertCis {
    type Output = Vec<i64>;
    const ACTION: &'static str = "bench:cmdb:import";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "bench.import_failed";
    const CATEGORY: Category = Category::Data;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Vec<i64>>> {
        // The import service's store calls: every new CI in one bulk write, then the changes.
        let seqs = tx.insert_cis(&self.cis, "bench").await?;
        let mut changes: [Vec<CiRecord>; 2] = [Vec::new(), Vec::new()];
        for (c, seq) in self.cis.into_iter().zip(&seqs) {
            if seq % 10 == 0 {
                let mut c = CiRecord { seq: *seq, ..c };
                for v in 2..=3 {
                    c.version = v;
                    c.updated_at += Duration::seconds(1);
                    c.attributes = json!({ "cpu_cores": v * 2, "note": c.attributes["note"] });
                    changes[(v - 2) as usize].push(c.clone());
                }
            }
        }
        for batch in &changes {
            tx.update_cis(batch, "bench").await?;
        }
        let n = seqs.len();
        Ok(Applied::new(seqs)
            .audit(AuditDraft::new(self.tenant, "cmdb.ci.imported", Category::Data).new_value(json!({ "created": n })))
            .event(EventDraft::new(self.tenant, "cmdb.ci.imported", json!({ "created": n })))
            .audit(AuditDraft::new(self.tenant, "bench.marker", Category::Data))
            .event(EventDraft::new(self.tenant, "bench", json!(ctx.now))))
    }
}

struct InsertRels {
    tenant: TenantId,
    rels: Vec<RelationshipRecord>,
}

impl Operation for InsertRels {
    type Output = u64;
    const ACTION: &'static str = "bench:cmdb:relate";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "bench.relate_failed";
    const CATEGORY: Category = Category::Data;

    async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<u64>> {
        let n = tx.insert_relationships(&self.rels).await?;
        Ok(Applied::new(n).audit(AuditDraft::new(self.tenant, "cmdb.relationship.created", Category::Data)))
    }
}

fn ci(rng: &mut StdRng, tenant: TenantId, n: u64) -> CiRecord {
    let now = Utc::now() - Duration::days(1);
    let class = CLASSES[(n % 4) as usize];
    CiRecord {
        seq: 0,
        id: CiId::generate(),
        tenant_id: tenant,
        compartment_id: None,
        class: class.to_owned(),
        name: format!("{class}-{n}"),
        state: "active".into(),
        attributes: json!({ "cpu_cores": n % 64, "note": format!("w{}x", rng.gen_range(0..WORDS)) }),
        tags: BTreeMap::from([("env".to_owned(), if n.is_multiple_of(3) { "prod" } else { "dev" }.to_owned())]),
        external_id: Some(format!("ext-{n}")),
        provider: Some("aws".into()),
        urn: None,
        version: 1,
        created_at: now,
        updated_at: now,
        deleted_at: None,
    }
}

fn rel(tenant: TenantId, kind: &str, s: i64, t: i64) -> RelationshipRecord {
    RelationshipRecord {
        id: RelationshipId::generate(),
        tenant_id: tenant,
        kind: kind.into(),
        source_seq: s,
        target_seq: t,
        source_id: CiId::generate(),
        target_id: CiId::generate(),
        created_at: Utc::now(),
    }
}

fn hist() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 60_000_000, 3).unwrap()
}

fn report(name: &str, h: &Histogram<u64>) {
    println!(
        "| {name} | p50 {:.3} ms | p99 {:.3} ms | {} samples |",
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.len()
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let n: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = args.get(1).map_or_else(|| dir.path().join("cmdb.db"), PathBuf::from);
    // `NIMBUS_BENCH_REUSE=1` with a kept file measures the reads again without rebuilding it.
    let reuse = std::env::var_os("NIMBUS_BENCH_REUSE").is_some() && path.exists();
    let kept = reuse.then(|| {
        let c = rusqlite::Connection::open(&path).unwrap();
        let tenant: Vec<u8> = c.query_row("SELECT tenant_id FROM cmdb_cis LIMIT 1", [], |r| r.get(0)).unwrap();
        let mut stmt = c.prepare("SELECT seq FROM cmdb_cis ORDER BY seq").unwrap();
        let seqs: Vec<i64> = stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
        (TenantId::from_uuid(uuid::Uuid::from_slice(&tenant).unwrap()), seqs)
    });
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(&path, &DatabaseConfig::default()).await.unwrap());
    let pipeline = Pipeline::new(store.clone(), None, Arc::new(Authorizer::new(store.clone())));
    let rc = RequestContext::local("bench".into());
    let mut rng = StdRng::seed_from_u64(7);
    let (tenant, mut seqs) = kept.unwrap_or_else(|| (TenantId::generate(), Vec::new()));

    if !reuse {
        // Import.
        let started = Instant::now();
        let mut next = 0u64;
        while next < n {
            let end = (next + BATCH).min(n);
            let cis: Vec<CiRecord> = (next..end).map(|i| ci(&mut rng, tenant, i)).collect();
            seqs.extend(pipeline.run(&Caller::System, &rc, InsertCis { tenant, cis }).await.unwrap());
            next = end;
        }
        let took = started.elapsed().as_secs_f64();
        println!("| bulk import | {:.0} CIs/s | {n} CIs in {took:.1} s |", n as f64 / took);

        // Relationships: trees by group, plus two random ones per CI.
        let started = Instant::now();
        let mut rels = Vec::with_capacity(BATCH as usize);
        let mut total = 0u64;
        let flush = async |rels: &mut Vec<RelationshipRecord>, total: &mut u64| {
            let batch = std::mem::take(rels);
            *total += pipeline.run(&Caller::System, &rc, InsertRels { tenant, rels: batch }).await.unwrap();
        };
        for (i, &seq) in seqs.iter().enumerate() {
            let i = i as u64;
            let (group, pos) = (i / GROUP, i % GROUP);
            if pos > 0 {
                // 1..=10 hang off the root, 11..=110 off 1..=10, 111.. off 11..=110.
                let parent = if pos <= 10 {
                    0
                } else if pos <= 110 {
                    (pos - 11) / 10 + 1
                } else {
                    (pos - 111) / 10 + 11
                };
                if let Some(&p) = seqs.get((group * GROUP + parent) as usize) {
                    rels.push(rel(tenant, "depends_on", seq, p));
                }
            }
            for _ in 0..2 {
                let other = seqs[rng.gen_range(0..seqs.len())];
                if other != seq {
                    rels.push(rel(tenant, "connects_to", seq, other));
                }
            }
            if rels.len() as u64 >= BATCH {
                flush(&mut rels, &mut total).await;
            }
        }
        flush(&mut rels, &mut total).await;
        let took = started.elapsed().as_secs_f64();
        println!("| relationships | {:.0} relationships/s | {total} in {took:.1} s |", total as f64 / took);
    }
    store.optimize().await.unwrap();

    let samples = 2_000;
    let mut read = store.read(TenantScope::Tenants(Arc::from([tenant]))).await.unwrap();
    let ids: Vec<CiId> = {
        let mut out = Vec::new();
        for _ in 0..samples {
            let s = seqs[rng.gen_range(0..seqs.len())];
            out.extend(read.cis_by_seq(tenant, &[s]).await.unwrap().into_iter().map(|c| c.id));
        }
        out
    };
    let mut h = hist();
    for id in &ids {
        let t = Instant::now();
        assert!(read.ci(tenant, *id).await.unwrap().is_some());
        h.record(t.elapsed().as_micros() as u64).unwrap();
    }
    report("get by id", &h);

    let mut h = hist();
    for _ in 0..samples {
        let word = format!("w{}x", rng.gen_range(0..WORDS));
        let filter = CiFilter {
            text: Some(word),
            classes: vec![CLASSES[rng.gen_range(0..4)].to_owned()],
            tags: vec![("env".into(), "prod".into())],
            limit: 50,
            ..CiFilter::default()
        };
        let t = Instant::now();
        read.search_cis(tenant, &filter).await.unwrap();
        h.record(t.elapsed().as_micros() as u64).unwrap();
    }
    report("filtered full-text search", &h);

    let groups = (seqs.len() as u64 / GROUP).max(1);
    let mut h = hist();
    let mut reached = 0;
    for _ in 0..samples.min(500) {
        let root = seqs[(rng.gen_range(0..groups) * GROUP) as usize];
        let t = Instant::now();
        let g = impact_unchecked(read.as_mut(), tenant, root, &["depends_on"], 3, 5_000).await.unwrap();
        h.record(t.elapsed().as_micros() as u64).unwrap();
        reached = g.nodes.len();
    }
    report(&format!("3-hop impact ({reached} CIs reached)"), &h);

    let mut h = hist();
    let base = Utc::now() - Duration::days(1);
    for _ in 0..samples {
        let s = seqs[rng.gen_range(0..seqs.len() / 10) * 10];
        let at = base + Duration::milliseconds(rng.gen_range(0..3_000));
        let t = Instant::now();
        read.ci_as_of(tenant, s, at).await.unwrap();
        h.record(t.elapsed().as_micros() as u64).unwrap();
    }
    report("as-of read", &h);
    drop(read);

    let bytes: u64 = ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum();
    let cis = seqs.len();
    println!(
        "| database size | {:.0} bytes per CI | {bytes} bytes for {cis} CIs and their relationships |",
        bytes as f64 / cis as f64
    );
}
