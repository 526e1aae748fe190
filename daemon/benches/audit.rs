//! Audit log benchmarks (release; `docs/benchmarks.md` records the results):
//!
//! - `append`: records/s through the operation pipeline, spread over 100 tenants, on SQLite
//!   (WAL, `synchronous = NORMAL`) and PostgreSQL (`synchronous_commit = on`). Each transaction
//!   is one operation of one tenant (picked at random) carrying `NIMBUS_BENCH_BATCH` records
//!   (group commit; default 100), then single-record operations for reference. Concurrent
//!   clients: `NIMBUS_BENCH_CLIENTS`, by default 1 on SQLite (one writer: more clients only
//!   queue) and 16 on PostgreSQL. Then integration (leaf hashing, tiles, signed checkpoints) of
//!   all of it.
//! - `build N DB`: a SQLite log of N records in one tenant (appended in 1,000-record
//!   transactions, integrated after each million), for the phases below; reuses DB when it
//!   exists.
//! - `read DB`: full online verification (records/s; `NIMBUS_BENCH_VERIFY_RUNS` runs, 3 by default,
//!   and only those with `NIMBUS_BENCH_VERIFY_ONLY=1`), inclusion proofs (p50/p99 over random
//!   records), a selective query and a full-text query (p50/p99), on that log.
//! - `export DB N`: NDJSON export of the first N records (time, peak RSS of this process), then
//!   offline verification of the file (records/s).
//!
//! Run: `cargo bench -p nimbus-daemon --bench audit -- append`, then e.g.
//! `cargo bench -p nimbus-daemon --bench audit -- build 10000000 /tmp/audit-10m.db` and the
//! `read` and `export` phases on the same file.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use hdrhistogram::Histogram;
use nimbus_core::api::audit::{AuditQuery, ExportFormat, ExportHeader};
use nimbus_core::audit::{Actor, ActorKind, Category, Priority};
use nimbus_core::ids::{ProviderId, TenantId};
use nimbus_core::tlog::NoteVerifier;
use nimbus_daemon::audit::export::{self, ExportJob};
use nimbus_daemon::audit::integrator::Integrator;
use nimbus_daemon::audit::signer::LogSigner;
use nimbus_daemon::audit::{query, verify};
use nimbus_daemon::authz::Authorizer;
use nimbus_daemon::config::DatabaseConfig;
use nimbus_daemon::error::ServiceResult;
use nimbus_daemon::keys::MasterKey;
use nimbus_daemon::pipeline::{Access, Applied, AuditDraft, Caller, OpContext, Operation, Pipeline, RequestContext};
use nimbus_daemon::store::postgres::PgStore;
use nimbus_daemon::store::sqlite::SqliteStore;
use nimbus_daemon::store::{Store, TenantScope, WriteTx};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;
use tokio::sync::Notify;

const WORDS: usize = 10_000;

/// Appends `drafts` in one transaction.
struct Append {
    drafts: Vec<AuditDraft>,
}

impl Operation for Append {
    type Output = ();
    const ACTION: &'static str = "bench:audit:append";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "bench.append_failed";
    const CATEGORY: Category = Category::System;

    async fn apply(self, _tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        Ok(self.drafts.into_iter().fold(Applied::new(()), Applied::audit))
    }
}

/// A realistic record: 1,000 actors, 40 event types, a unique resource, a value with a word
/// from a 10,000-word vocabulary (what full-text search finds).
fn draft(rng: &mut StdRng, tenant: TenantId, n: u64) -> AuditDraft {
    let actor = rng.gen_range(0..1000u32);
    let event = rng.gen_range(0..40u32);
    let word = rng.gen_range(0..WORDS);
    AuditDraft::new(tenant, format!("resource.kind{event}.changed"), Category::Data)
        .priority(if event == 0 { Priority::Warn } else { Priority::Info })
        .actor(Actor {
            kind: ActorKind::User,
            id: Some(uuid::Uuid::from_u128(u128::from(actor) + 1)),
            display: format!("user{actor}@example.com"),
        })
        .resource("server", format!("srv-{n}"), Some(format!("server {n}")))
        .new_value(
            json!({ "name": format!("srv-{n}"), "note": format!("w{word}x"), "cpu": n % 64, "tags": {"env": "prod"} }),
        )
}

async fn pipeline(store: Arc<dyn Store>) -> Pipeline {
    Pipeline::new(store.clone(), None, Arc::new(Authorizer::new(store)))
}

async fn signer(store: &Arc<dyn Store>) -> Arc<LogSigner> {
    Arc::new(LogSigner::load_or_create(store.as_ref(), &MasterKey::generate(), ProviderId::generate()).await.unwrap())
}

fn integrator(store: Arc<dyn Store>, signer: Arc<LogSigner>) -> Integrator {
    Integrator::new(store, signer, 1000, Arc::new(Notify::new()), Arc::new(Notify::new()))
}

async fn append_for(store: Arc<dyn Store>, name: &str, batch: usize, secs: u64, clients: u64) {
    let clients: u64 = std::env::var("NIMBUS_BENCH_CLIENTS").ok().and_then(|s| s.parse().ok()).unwrap_or(clients);
    let p = Arc::new(pipeline(store.clone()).await);
    let tenants: Arc<Vec<TenantId>> = Arc::new((0..100).map(|_| TenantId::generate()).collect());
    let started = Instant::now();
    let mut workers = Vec::new();
    for c in 0..clients {
        let (p, tenants) = (p.clone(), tenants.clone());
        workers.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(1 + c);
            let rc = RequestContext::local("bench".into());
            let mut n = 0u64;
            while started.elapsed() < Duration::from_secs(secs) {
                let t = tenants[rng.gen_range(0..tenants.len())];
                let drafts = (0..batch).map(|_| {
                    n += 1;
                    draft(&mut rng, t, c << 40 | n)
                });
                let drafts: Vec<AuditDraft> = drafts.collect();
                p.run(&Caller::System, &rc, Append { drafts }).await.unwrap();
            }
            n
        }));
    }
    let mut n = 0;
    for w in workers {
        n += w.await.unwrap();
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "| {name} | append, {batch} per transaction, {clients} clients | {:.0} records/s | {n} records in {took:.1} s |",
        n as f64 / took
    );
    let signer = signer(&store).await;
    let started = Instant::now();
    let report = integrator(store, signer).pass().await.unwrap();
    let took = started.elapsed().as_secs_f64();
    println!(
        "| {name} | integrate (leaf hash, tiles, signed checkpoint) | {:.0} records/s | {} records, {} checkpoints in {took:.1} s |",
        report.records as f64 / took,
        report.records,
        report.checkpoints
    );
}

async fn phase_append() {
    let secs: u64 = std::env::var("NIMBUS_BENCH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let batch: usize = std::env::var("NIMBUS_BENCH_BATCH").ok().and_then(|s| s.parse().ok()).unwrap_or(100);
    println!("| backend | what | rate | detail |\n|---|---|---|---|");
    for b in [batch, 1] {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(&dir.path().join("a.db"), &DatabaseConfig::default()).await.unwrap());
        append_for(store, "SQLite", b, secs, 1).await;
        if std::env::var("NIMBUS_BENCH_SQLITE_ONLY").is_ok() {
            continue;
        }
        let db = nimbus_e2e::TestDatabase::create().await.unwrap();
        let store: Arc<dyn Store> =
            Arc::new(PgStore::connect(db.url(), "bench".into(), &DatabaseConfig::default()).await.unwrap());
        append_for(store, "PostgreSQL", b, secs, 16).await;
    }
}

async fn open(path: &Path) -> Arc<dyn Store> {
    Arc::new(SqliteStore::open(path, &DatabaseConfig::default()).await.unwrap())
}

/// The benchmark log's tenant: the one tenant with records.
async fn the_tenant(store: &Arc<dyn Store>) -> TenantId {
    store
        .read(TenantScope::System)
        .await
        .unwrap()
        .audit_trees_changed(chrono::DateTime::<Utc>::UNIX_EPOCH)
        .await
        .unwrap()[0]
        .tenant_id
}

async fn phase_build(n: u64, path: &Path) {
    if path.exists() {
        println!("{} exists; reusing it", path.display());
        return;
    }
    let store = open(path).await;
    let p = pipeline(store.clone()).await;
    let tenant = TenantId::generate();
    let mut rng = StdRng::seed_from_u64(7);
    let rc = RequestContext::local("bench".into());
    let signer = signer(&store).await;
    std::fs::write(vkey_path(path), signer.verifier_key()).unwrap();
    let integrator = integrator(store, signer);
    // Integrated every million records, as a daemon integrates as it goes: the rate of each
    // round shows how integration scales with the size of the log.
    let (mut appending, mut integrating, mut checkpoints) = (0.0, 0.0, 0);
    let mut i = 0;
    while i < n {
        let round = Instant::now();
        let end = (i + 1_000_000).min(n);
        while i < end {
            let drafts: Vec<AuditDraft> = (0..1000.min(end - i)).map(|k| draft(&mut rng, tenant, i + k + 1)).collect();
            i += drafts.len() as u64;
            p.run(&Caller::System, &rc, Append { drafts }).await.unwrap();
        }
        let appended = round.elapsed().as_secs_f64();
        let started = Instant::now();
        let report = integrator.pass().await.unwrap();
        let integrated = started.elapsed().as_secs_f64();
        eprintln!(
            "{i} records: this round appended {:.0}/s, integrated {:.0}/s",
            report.records as f64 / appended,
            report.records as f64 / integrated
        );
        (appending, integrating, checkpoints) =
            (appending + appended, integrating + integrated, checkpoints + report.checkpoints);
    }
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    println!(
        "built {n} records: append {:.0} records/s (1,000 per transaction), integrate {:.0} records/s ({checkpoints} checkpoints); \
         database {:.0} MB = {:.0} bytes per record",
        n as f64 / appending,
        n as f64 / integrating,
        bytes as f64 / 1e6,
        bytes as f64 / n as f64
    );
}

/// Makes one query of a kind, with random values.
type QueryMaker<'a> = Box<dyn Fn(&mut StdRng) -> AuditQuery + 'a>;

fn hist() -> Histogram<u64> {
    Histogram::new_with_bounds(1, 600_000_000, 3).unwrap()
}

fn line(name: &str, h: &Histogram<u64>) {
    println!(
        "| {name} | {:.3} ms | {:.3} ms | {:.3} ms | {} runs |",
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.max() as f64 / 1000.0,
        h.len()
    );
}

async fn phase_read(path: &Path) {
    let store = open(path).await;
    let tenant = the_tenant(&store).await;
    let size = store.read(TenantScope::System).await.unwrap().audit_tree(tenant).await.unwrap().unwrap().size;
    let note =
        store.read(TenantScope::System).await.unwrap().latest_audit_checkpoint(tenant).await.unwrap().unwrap().note;
    let origin = note.lines().next().unwrap().to_owned();
    // The build run signed with a key sealed under a throwaway master key; it left the verifier key beside the file.
    let vkey = NoteVerifier::from_vkey(std::fs::read_to_string(vkey_path(path)).unwrap().trim()).unwrap();

    // Several runs (NIMBUS_BENCH_VERIFY_RUNS, default 3): the first after opening reads pages the
    // OS may not have cached; the best and the median say more on a shared machine.
    let runs: usize = std::env::var("NIMBUS_BENCH_VERIFY_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut rates = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let mut read = store.read(TenantScope::System).await.unwrap();
        let report = verify::verify(read.as_mut(), tenant, &vkey, &origin, None, None, None).await.unwrap();
        let took = started.elapsed().as_secs_f64();
        assert!(report.ok, "{report:?}");
        println!(
            "| full online verification | {:.0} records/s | {} records, {} checkpoints in {took:.2} s |",
            report.records as f64 / took,
            report.records,
            report.checkpoints_checked
        );
        rates.push(report.records as f64 / took);
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "| full online verification, {} runs | best {:.0} records/s, median {:.0} records/s | |",
        rates.len(),
        rates[rates.len() - 1],
        rates[rates.len() / 2]
    );
    if std::env::var_os("NIMBUS_BENCH_VERIFY_ONLY").is_some() {
        return;
    }

    println!("| operation | p50 | p99 | max | runs |\n|---|---|---|---|---|");
    let mut rng = StdRng::seed_from_u64(3);
    let mut h = hist();
    for _ in 0..1000 {
        let seq = rng.gen_range(1..=size);
        let t = Instant::now();
        let mut read = store.read(TenantScope::System).await.unwrap();
        verify::inclusion(read.as_mut(), tenant, seq, None).await.unwrap();
        h.record(t.elapsed().as_micros() as u64).unwrap();
    }
    line(&format!("inclusion proof at {size} records"), &h);

    let queries: Vec<(&str, QueryMaker<'_>)> = vec![
        (
            "selective: one resource",
            Box::new(|r: &mut StdRng| AuditQuery {
                resource_type: Some("server".into()),
                resource_id: Some(format!("srv-{}", r.gen_range(1..=size))),
                ..AuditQuery::default()
            }),
        ),
        (
            "selective: one actor, one event type, newest 100",
            Box::new(|r: &mut StdRng| AuditQuery {
                actor: Some(uuid::Uuid::from_u128(r.gen_range(1..=1000)).to_string()),
                event_type: Some(format!("resource.kind{}.changed", r.gen_range(0..40))),
                ..AuditQuery::default()
            }),
        ),
        (
            "full text: one rare word, newest 100",
            Box::new(|r: &mut StdRng| AuditQuery {
                q: Some(format!("w{}x", r.gen_range(0..WORDS))),
                ..AuditQuery::default()
            }),
        ),
        (
            "full text + filter: word and event type",
            Box::new(|r: &mut StdRng| AuditQuery {
                q: Some(format!("w{}x", r.gen_range(0..WORDS))),
                event_type: Some("resource.kind1*".into()),
                ..AuditQuery::default()
            }),
        ),
    ];
    for (name, make) in queries {
        let mut h = hist();
        for _ in 0..200 {
            let filter = query::resolve(&make(&mut rng), vec![tenant]).unwrap();
            let t = Instant::now();
            let rows = store.read(TenantScope::System).await.unwrap().audit_query(&filter).await.unwrap();
            h.record(t.elapsed().as_micros() as u64).unwrap();
            std::hint::black_box(rows);
        }
        line(&format!("{name} ({size} records)"), &h);
    }
}

fn vkey_path(db: &Path) -> PathBuf {
    db.with_extension("vkey")
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

async fn phase_export(path: &Path, n: u64) {
    let store = open(path).await;
    let tenant = the_tenant(&store).await;
    let baseline = peak_rss_kib();
    let out: PathBuf = std::env::temp_dir().join("nimbus-bench-export.ndjson");
    let header = ExportHeader {
        nimbus_audit_export: 1,
        tenant_id: tenant,
        origin: String::new(),
        verifier_key: String::new(),
        from_seq: 1,
        to_seq: n,
        exported_at: Utc::now(),
    };
    let started = Instant::now();
    let mut rx = export::spawn(store.clone(), ExportJob::new(tenant, ExportFormat::Ndjson, header));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    let mut bytes = 0u64;
    while let Some(chunk) = rx.recv().await {
        let chunk = chunk.unwrap();
        bytes += chunk.len() as u64;
        std::io::Write::write_all(&mut file, &chunk).unwrap();
    }
    std::io::Write::flush(&mut file).unwrap();
    let took = started.elapsed().as_secs_f64();
    println!(
        "| export NDJSON, {n} records | {took:.2} s | {:.0} records/s | {:.0} MB written | peak RSS {:.0} MB (baseline {:.0} MB) |",
        n as f64 / took,
        bytes as f64 / 1e6,
        peak_rss_kib() as f64 / 1024.0,
        baseline as f64 / 1024.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        match args.first().map(String::as_str) {
            Some("append") | None => phase_append().await,
            Some("build") => phase_build(args[1].parse().unwrap(), Path::new(&args[2])).await,
            Some("read") => phase_read(Path::new(&args[1])).await,
            Some("export") => phase_export(Path::new(&args[1]), args[2].parse().unwrap()).await,
            Some(other) => panic!("unknown phase {other}: append | build N DB | read DB | export DB N"),
        }
    });
}
