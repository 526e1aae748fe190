//! Workflow engine benchmarks (release; `docs/benchmarks.md` records the results). The engine
//! runs in-process over a real store, exactly as in `nimbusd` (journal group commit, claims,
//! leases, audit records and outbox events for every run):
//!
//! - `throughput`: workflows of three no-op steps (`test.noop-steps`) completed per second,
//!   sustained for `NIMBUS_BENCH_SECS` (default 60) with `NIMBUS_BENCH_INFLIGHT` runs kept in
//!   flight (default 2,000), on SQLite (WAL, `synchronous = NORMAL`) and PostgreSQL
//!   (`synchronous_commit = on`).
//! - `latency`: p50/p99 from start to completion of one such workflow at a time (unloaded),
//!   `NIMBUS_BENCH_SAMPLES` samples (default 500).
//! - `timers`: 10,000 runs sleeping durably for 5–15 s each (spread evenly); p50/p99/max of how
//!   late each woke (`NIMBUS_BENCH_TIMERS` to change the count).
//! - `recovery`: `NIMBUS_BENCH_RECOVERY` (default 1,000) runs left pending by a previous process;
//!   time from a new engine's start until the first, and all, are finished.
//!
//! Run: `cargo bench -p nimbus-daemon --features test-workflows --bench workflow -- all`
//! (or one phase: `throughput`, `latency`, `timers`, `recovery`; `NIMBUS_BENCH_BACKENDS=sqlite`
//! or `postgres` to run one backend; PostgreSQL from `NIMBUS_TEST_PG_URL` as in the tests).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use nimbus_core::ids::{RunId, TenantId};
use nimbus_daemon::config::DatabaseConfig;
use nimbus_daemon::engine::{Engine, EngineConfig, Registry, StartOptions, testing};
use nimbus_daemon::store::postgres::PgStore;
use nimbus_daemon::store::sqlite::SqliteStore;
use nimbus_daemon::store::workflow::RunStatus;
use nimbus_daemon::store::{Store, TenantScope};
use serde_json::{Value, json};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Backend {
    name: &'static str,
    store: Arc<dyn Store>,
    url: Option<String>,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<nimbus_e2e::TestDatabase>,
}

async fn backends() -> Vec<Backend> {
    let which = std::env::var("NIMBUS_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    let mut out = Vec::new();
    if which.contains("sqlite") {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(&dir.path().join("wf.db"), &DatabaseConfig::default()).await.unwrap());
        out.push(Backend { name: "sqlite (WAL, synchronous=NORMAL)", store, url: None, _dir: Some(dir), _pg: None });
    }
    if which.contains("postgres") {
        let db = nimbus_e2e::TestDatabase::create().await.unwrap();
        let config = DatabaseConfig { max_connections: 16, ..DatabaseConfig::default() };
        let store: Arc<dyn Store> = Arc::new(PgStore::connect(db.url(), "bench".into(), &config).await.unwrap());
        out.push(Backend {
            name: "postgres (synchronous_commit=on)",
            store,
            url: Some(db.url().to_owned()),
            _dir: None,
            _pg: Some(db),
        });
    }
    out
}

fn registry() -> Registry {
    let mut r = Registry::new();
    testing::register(&mut r, None).unwrap();
    r
}

fn config() -> EngineConfig {
    EngineConfig {
        max_concurrent: env_u64("NIMBUS_BENCH_CONCURRENCY", 512) as usize,
        claim_batch: 256,
        ..EngineConfig::default()
    }
}

async fn status(store: &Arc<dyn Store>, id: RunId) -> Option<RunStatus> {
    store.read(TenantScope::System).await.ok()?.workflows().wf_run(id).await.ok().flatten().map(|r| r.status)
}

async fn wait_done(store: &Arc<dyn Store>, id: RunId) {
    loop {
        if status(store, id).await.is_some_and(RunStatus::is_terminal) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

async fn finished_count(store: &Arc<dyn Store>, tenant: TenantId) -> usize {
    let filter = nimbus_daemon::store::workflow::RunFilter {
        tenants: vec![tenant],
        status: Some(RunStatus::Succeeded),
        limit: u32::MAX,
        ..Default::default()
    };
    store.read(TenantScope::System).await.unwrap().workflows().wf_runs(&filter).await.unwrap().len()
}

async fn throughput(b: &Backend) {
    let secs = env_u64("NIMBUS_BENCH_SECS", 60);
    let inflight = env_u64("NIMBUS_BENCH_INFLIGHT", 2000) as usize;
    let engine = Engine::new(b.store.clone(), registry(), config());
    let running = engine.start(b.url.as_deref());
    let tenant = TenantId::generate();
    // Completions are counted from the outbox by one reader, as a relay would see them: a
    // poller per run (2,000 point reads every millisecond) would measure the database's reads,
    // not the engine.
    let sem = Arc::new(tokio::sync::Semaphore::new(inflight));
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (store, sem, done, stop) = (b.store.clone(), sem.clone(), done.clone(), stop.clone());
        let mut pos = store.read(TenantScope::System).await.unwrap().workflows().wf_outbox_head().await.unwrap();
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let events = store
                    .read(TenantScope::System)
                    .await
                    .unwrap()
                    .workflows()
                    .wf_outbox_after(pos, 10_000)
                    .await
                    .unwrap();
                let finished =
                    events.iter().filter(|(_, e)| e.tenant_id == tenant && e.topic == "workflow.run.succeeded").count();
                if let Some((last, _)) = events.last() {
                    pos = *last;
                }
                done.fetch_add(finished as u64, Ordering::Relaxed);
                sem.add_permits(finished);
                if events.len() < 10_000 {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        })
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(secs);
    let mut starts = 0u64;
    let mut last_report = Instant::now();
    while Instant::now() < deadline {
        let Ok(Ok(permit)) = tokio::time::timeout(Duration::from_millis(100), sem.acquire()).await else { continue };
        permit.forget();
        let engine = engine.clone();
        tokio::spawn(async move {
            engine.start_run(tenant, testing::NOOP_STEPS, Value::Null, StartOptions::default()).await.unwrap();
        });
        starts += 1;
        if last_report.elapsed() > Duration::from_secs(10) {
            let n = done.load(Ordering::Relaxed);
            println!("  … {n} completed after {:.0?}", started.elapsed());
            last_report = Instant::now();
        }
    }
    // The rate counts what completed by the deadline; the runs still in flight then finish
    // before the journal is checked.
    let n = done.load(Ordering::Relaxed);
    let elapsed = started.elapsed();
    while done.load(Ordering::Relaxed) < starts {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.store(true, Ordering::Relaxed);
    watcher.await.unwrap();
    let journaled = finished_count(&b.store, tenant).await;
    println!(
        "throughput [{}]: {n} three-step workflows completed in {elapsed:.1?} = {:.0}/s ({starts} started; journal \
         says {journaled} succeeded once all had finished)",
        b.name,
        n as f64 / elapsed.as_secs_f64()
    );
    running.stop().await;
}

async fn latency(b: &Backend) {
    let samples = env_u64("NIMBUS_BENCH_SAMPLES", 500);
    let engine = Engine::new(b.store.clone(), registry(), config());
    let running = engine.start(b.url.as_deref());
    let tenant = TenantId::generate();
    let mut h = Histogram::<u64>::new(3).unwrap();
    for i in 0..samples + 20 {
        let t = Instant::now();
        let id = engine.start_run(tenant, testing::NOOP_STEPS, Value::Null, StartOptions::default()).await.unwrap();
        wait_done(&b.store, id).await;
        if i >= 20 {
            h.record(t.elapsed().as_micros() as u64).unwrap();
        }
    }
    println!(
        "latency [{}]: start→complete p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({samples} samples, unloaded)",
        b.name,
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.max() as f64 / 1000.0
    );
    running.stop().await;
}

async fn timers(b: &Backend) {
    let n = env_u64("NIMBUS_BENCH_TIMERS", 10_000);
    let engine = Engine::new(b.store.clone(), registry(), EngineConfig { max_concurrent: 1024, ..config() });
    let running = engine.start(b.url.as_deref());
    let tenant = TenantId::generate();
    let t0 = chrono::Utc::now();
    let mut due = Vec::with_capacity(n as usize);
    let starts = (0..n).map(|i| {
        let ms = 5_000 + i * 10_000 / n.max(1);
        let engine = engine.clone();
        async move {
            let id =
                engine.start_run(tenant, testing::SLEEP, json!({ "ms": ms }), StartOptions::default()).await.unwrap();
            (id, ms)
        }
    });
    for (id, ms) in futures::future::join_all(starts).await {
        due.push((id, ms));
    }
    println!(
        "timers [{}]: {n} runs sleeping 5–15 s started in {:.1?}",
        b.name,
        (chrono::Utc::now() - t0).to_std().unwrap()
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while finished_count(&b.store, tenant).await < n as usize && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    // Lateness: when the sleep's journaled deadline passed versus when the run finished.
    let mut h = Histogram::<u64>::new(3).unwrap();
    let mut read = b.store.read(TenantScope::System).await.unwrap();
    for (id, _) in &due {
        let run = read.workflows().wf_run(*id).await.unwrap().unwrap();
        let steps = read.workflows().wf_steps(*id).await.unwrap();
        let Some(deadline_ms) = steps.first().and_then(|s| s.output.as_ref()).and_then(Value::as_i64) else { continue };
        if let Some(f) = run.finished_at {
            h.record(u64::try_from(f.timestamp_millis() - deadline_ms).unwrap_or(0)).unwrap();
        }
    }
    println!(
        "timers [{}]: skew p50 {} ms, p99 {} ms, max {} ms over {} timers",
        b.name,
        h.value_at_quantile(0.5),
        h.value_at_quantile(0.99),
        h.max(),
        h.len()
    );
    running.stop().await;
}

async fn recovery(b: &Backend) {
    let n = env_u64("NIMBUS_BENCH_RECOVERY", 1000);
    let tenant = TenantId::generate();
    // Runs a previous process left behind: journaled but unclaimed (a killed replica's runs
    // look the same once their lease has expired).
    {
        let engine = Engine::new(b.store.clone(), registry(), config());
        let starts =
            (0..n).map(|_| engine.start_run(tenant, testing::NOOP_STEPS, Value::Null, StartOptions::default()));
        for r in futures::future::join_all(starts).await {
            r.unwrap();
        }
    }
    let t = Instant::now();
    let engine = Engine::new(b.store.clone(), registry(), config());
    let running = engine.start(b.url.as_deref());
    let mut first = None;
    loop {
        let done = finished_count(&b.store, tenant).await;
        if done > 0 && first.is_none() {
            first = Some(t.elapsed());
        }
        if done >= n as usize {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    println!(
        "recovery [{}]: first of {n} pending runs done {:.0?} after the engine started, all {:.0?}",
        b.name,
        first.unwrap_or_default(),
        t.elapsed()
    );
    running.stop().await;
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let phase = args.first().cloned().unwrap_or_else(|| "all".into());
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        for b in backends().await {
            let all = phase == "all";
            if all || phase == "throughput" {
                throughput(&b).await;
            }
            if all || phase == "latency" {
                latency(&b).await;
            }
            if all || phase == "timers" {
                timers(&b).await;
            }
            if all || phase == "recovery" {
                recovery(&b).await;
            }
        }
    });
}
