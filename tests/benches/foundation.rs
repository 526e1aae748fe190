//! Foundation benchmarks, against the real release binaries:
//!
//! - authenticated `GET /api/v1/auth/me` throughput and latency (SQLite and PostgreSQL), driven
//!   by a one-thread hyper HTTP/1.1 client over keep-alive loopback connections on the same
//!   machine (so client and daemon share the cores);
//! - an authorized read, `GET /api/v1/tenants/{tenant}/compartments` (tenant resolution, the
//!   permission check and a scoped read), with the share of its latency spent deciding, read
//!   from the daemon's own `nimbus_authz_decision_seconds` counter;
//! - `nimbus --version` and `nimbus whoami` process start-to-exit time;
//! - nimbusd resident memory when idle;
//! - argon2id login latency.
//!
//! Run: `cargo build --release --bins && cargo bench -p nimbus-e2e --bench foundation`
//! (`NIMBUS_BENCH_SECS` sets the load duration, default 10).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Empty};
use nimbus_e2e::{ADMIN_EMAIL, Backend, Daemon, PASSWORD};

const CONNECTIONS: usize = 32;

struct Load {
    requests: u64,
    errors: u64,
    seconds: f64,
    latency_us: Histogram<u64>,
}

/// Drives `GET path` with a bearer token on `CONNECTIONS` keep-alive connections.
fn load(url: &str, path: &str, token: &str, warmup: Duration, measure: Duration) -> Load {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let authority = url.trim_start_matches("http://").to_owned();
        let addr: std::net::SocketAddr = authority.parse().unwrap();
        let start = Instant::now();
        let measure_from = start + warmup;
        let end = measure_from + measure;
        let mut tasks = Vec::new();
        for _ in 0..CONNECTIONS {
            let (authority, path, bearer) = (authority.clone(), path.to_owned(), format!("Bearer {token}"));
            tasks.push(tokio::spawn(async move {
                let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
                stream.set_nodelay(true).unwrap();
                let (mut sender, conn) =
                    hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await.unwrap();
                tokio::spawn(conn);
                let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
                let (mut ok, mut errors) = (0u64, 0u64);
                loop {
                    let now = Instant::now();
                    if now >= end {
                        break;
                    }
                    sender.ready().await.unwrap();
                    let req = hyper::Request::get(path.as_str())
                        .header(hyper::header::HOST, authority.as_str())
                        .header(hyper::header::AUTHORIZATION, bearer.as_str())
                        .body(Empty::<Bytes>::new())
                        .unwrap();
                    let sent = Instant::now();
                    let response = sender.send_request(req).await.unwrap();
                    let status = response.status();
                    let _ = response.into_body().collect().await.unwrap();
                    if sent >= measure_from {
                        hist.record(u64::try_from(sent.elapsed().as_micros()).unwrap_or(u64::MAX).max(1)).unwrap();
                        if status.is_success() { ok += 1 } else { errors += 1 }
                    }
                }
                (ok, errors, hist)
            }));
        }
        let mut total = Load {
            requests: 0,
            errors: 0,
            seconds: measure.as_secs_f64(),
            latency_us: Histogram::new_with_bounds(1, 60_000_000, 3).unwrap(),
        };
        for t in tasks {
            let (ok, errors, hist) = t.await.unwrap();
            total.requests += ok;
            total.errors += errors;
            total.latency_us.add(hist).unwrap();
        }
        total
    })
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn report_load(name: &str, l: &Load) {
    println!(
        "| {name} | {:.0} req/s | {:.2} ms | {:.2} ms | {:.2} ms | {} | {} |",
        l.requests as f64 / l.seconds,
        ms(l.latency_us.value_at_quantile(0.5)),
        ms(l.latency_us.value_at_quantile(0.99)),
        ms(l.latency_us.max()),
        l.requests,
        l.errors
    );
}

/// Times whole processes: spawn, run, exit.
fn time_process(mut make: impl FnMut() -> std::process::Command, runs: usize) -> Histogram<u64> {
    let mut hist = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
    for _ in 0..3 {
        make().output().unwrap();
    }
    for _ in 0..runs {
        let started = Instant::now();
        let out = make().output().unwrap();
        let took = started.elapsed();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        hist.record(u64::try_from(took.as_micros()).unwrap()).unwrap();
    }
    hist
}

fn report_process(name: &str, h: &Histogram<u64>) {
    println!(
        "| {name} | {:.2} ms | {:.2} ms | {:.2} ms | {} runs |",
        ms(h.mean() as u64),
        ms(h.value_at_quantile(0.5)),
        ms(h.value_at_quantile(0.99)),
        h.len()
    );
}

#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[cfg(not(target_os = "linux"))]
fn rss_kib(_pid: u32) -> u64 {
    0
}

async fn token(d: &Daemon) -> String {
    let pair: serde_json::Value = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .json(&serde_json::json!({"email": ADMIN_EMAIL, "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    pair["access_token"].as_str().unwrap().to_owned()
}

fn main() {
    let secs: u64 = std::env::var("NIMBUS_BENCH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(10);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    println!("machine: {} CPUs; load: {CONNECTIONS} connections, 2 s warm-up, {secs} s measured\n", num_cpus());

    println!("| GET /api/v1/auth/me | throughput | p50 | p99 | max | requests | errors |");
    println!("|---|---|---|---|---|---|---|");
    let mut sqlite_daemon = None;
    let mut rss = Vec::new();
    let mut authz_shares = Vec::new();
    for backend in Backend::ALL {
        let d = rt.block_on(Daemon::start(backend)).unwrap();
        let pid = d.pid().expect("running daemon");
        std::thread::sleep(Duration::from_secs(1));
        rss.push((format!("{backend:?}: idle after start"), rss_kib(pid)));
        let t = rt.block_on(token(&d));
        let l = load(&d.url, "/api/v1/auth/me", &t, Duration::from_secs(2), Duration::from_secs(secs));
        report_load(&format!("{backend:?}"), &l);
        rss.push((format!("{backend:?}: after the /auth/me load"), rss_kib(pid)));
        let (l, share) = authorized_read(&rt, &d, &t, secs);
        report_load(&format!("{backend:?} GET /api/v1/tenants/provider/compartments"), &l);
        authz_shares.push((backend, share, l.latency_us.mean()));
        if backend == Backend::Sqlite {
            sqlite_daemon = Some(d);
        }
    }
    let d = sqlite_daemon.unwrap();

    println!("\n| authorization share of the authorized read | mean decision | mean request | share |");
    println!("|---|---|---|---|");
    for (backend, decision_us, request_us) in authz_shares {
        println!(
            "| {backend:?} | {decision_us:.1} µs | {request_us:.0} µs | {:.1}% |",
            100.0 * decision_us / request_us
        );
    }

    println!("\n| login (argon2id m=19 MiB t=2 p=1), sequential | mean | p50 | p99 | runs |");
    println!("|---|---|---|---|---|");
    let mut login = Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).unwrap();
    for _ in 0..30 {
        let started = Instant::now();
        rt.block_on(token(&d));
        login.record(u64::try_from(started.elapsed().as_micros()).unwrap()).unwrap();
    }
    report_process("POST /api/v1/auth/login", &login);

    let cli = d.cli();
    let out = rt.block_on(cli.login());
    out.ok();
    println!("\n| process start to exit | mean | p50 | p99 | runs |");
    println!("|---|---|---|---|---|");
    let version = time_process(
        || {
            let mut c = std::process::Command::new(nimbus_e2e::bin("nimbus"));
            c.arg("--version");
            c
        },
        200,
    );
    report_process("nimbus --version", &version);
    let whoami = time_process(
        || {
            let mut c = cli.command().into_std();
            c.args(["whoami", "-o", "json"]);
            c
        },
        100,
    );
    report_process("nimbus whoami -o json (local daemon, file credentials)", &whoami);

    rss.push(("Sqlite: after 30 sequential and 8 concurrent logins".into(), {
        let burst: Vec<_> = (0..8).map(|_| token(&d)).collect();
        rt.block_on(futures::future::join_all(burst));
        std::thread::sleep(Duration::from_secs(1));
        rss_kib(d.pid().expect("running daemon"))
    }));
    println!("\n| nimbusd resident memory (VmRSS) | RSS |");
    println!("|---|---|");
    for (what, kib) in rss {
        println!("| {what} | {:.1} MiB |", kib as f64 / 1024.0);
    }
}

/// Mean microseconds per decision from the daemon's counters.
fn authz_counters(rt: &tokio::runtime::Runtime, d: &Daemon) -> (f64, f64) {
    let text = rt.block_on(async { d.http().get(d.at("/metrics")).send().await.unwrap().text().await.unwrap() });
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse::<f64>().ok()))
            .unwrap_or_else(|| panic!("{name} missing from /metrics"))
    };
    (value("nimbus_authz_decisions_total "), value("nimbus_authz_decision_seconds_total "))
}

/// Loads an authorized read and returns it with the mean decision time in µs.
fn authorized_read(rt: &tokio::runtime::Runtime, d: &Daemon, token: &str, secs: u64) -> (Load, f64) {
    rt.block_on(async {
        let r = d
            .http()
            .post(d.at("/api/v1/tenants/provider/compartments"))
            .bearer_auth(token)
            .json(&serde_json::json!({ "name": "bench" }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap_or_default());
    });
    let path = "/api/v1/tenants/provider/compartments";
    // Warm up separately so the counters cover exactly the measured window (plus its edges).
    let _ = load(&d.url, path, token, Duration::ZERO, Duration::from_secs(2));
    let (n0, s0) = authz_counters(rt, d);
    let l = load(&d.url, path, token, Duration::ZERO, Duration::from_secs(secs));
    let (n1, s1) = authz_counters(rt, d);
    assert_eq!(l.errors, 0, "the authorized read failed under load");
    (l, (s1 - s0) / (n1 - n0) * 1e6)
}

fn num_cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
