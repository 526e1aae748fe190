//! `nimbus ci import` end to end: the release `nimbus` CLI importing a generated JSON Lines file
//! into the release `nimbusd` on SQLite, over HTTP, through the import service (parsing, class
//! schema validation, upsert by external id, one audit record and one event per batch).
//!
//! The file holds N CIs (default 1,000,000) of four classes with typed attributes and tags,
//! then 3N relationships by external id: groups of 1,111 CIs form trees of `depends_on` (a
//! service, 10 children, 100 grandchildren, 1,000 leaves) plus two random `connects_to` per CI.
//! Reported: CIs/s for the CI part, relationships/s for the rest, and bytes of database per CI.
//! A second import of the same CIs (everything unchanged) measures the idempotent re-run.
//!
//! Run: `cargo build --release --workspace --bins && cargo bench --workspace --bench cmdb_import -- [N] [postgres]`
//! (the second argument runs the daemon on a fresh PostgreSQL database instead of SQLite).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use nimbus_e2e::{Backend, Cli, Daemon};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const GROUP: u64 = 1_111;
const WORDS: u64 = 5_000;

/// One CI of the data set as a JSON Lines record.
fn ci_line(out: &mut String, rng: &mut StdRng, n: u64) {
    let word = rng.gen_range(0..WORDS);
    let env = if n.is_multiple_of(3) { "prod" } else { "dev" };
    let (class, attributes) = match n % 4 {
        0 => ("service", format!(r#"{{"port":{},"note":"w{word}x"}}"#, 1024 + n % 50_000)),
        1 => ("virtualmachine", format!(r#"{{"cpu_cores":{},"memory_mb":4096,"note":"w{word}x"}}"#, n % 64)),
        2 => ("blockstorage", format!(r#"{{"size_gb":{},"encrypted":true,"note":"w{word}x"}}"#, n % 2_000)),
        _ => ("subnet", format!(r#"{{"cidr":"10.{}.{}.0/24","note":"w{word}x"}}"#, (n >> 8) % 256, n % 256)),
    };
    writeln!(
        out,
        r#"{{"external_id":"ext-{n}","class":"{class}","name":"{class}-{n}","provider":"aws","tags":{{"env":"{env}"}},"attributes":{attributes}}}"#
    )
    .unwrap();
}

fn rel_line(out: &mut String, kind: &str, source: u64, target: u64) {
    writeln!(out, r#"{{"kind":"{kind}","source":"ext-{source}","target":"ext-{target}"}}"#).unwrap();
}

/// The data set: CIs in one file, relationships in another.
fn generate(dir: &Path, n: u64) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut rng = StdRng::seed_from_u64(7);
    let mut cis = String::with_capacity(n as usize * 200);
    for i in 0..n {
        ci_line(&mut cis, &mut rng, i);
    }
    let mut rels = String::with_capacity(n as usize * 3 * 70);
    for i in 0..n {
        // Trees by group: each member but a group's root depends on its parent.
        let (g, k) = (i / GROUP * GROUP, i % GROUP);
        let parent = match k {
            0 => None,
            1..=10 => Some(0),
            11..=110 => Some(1 + (k - 11) / 10),
            _ => Some(11 + (k - 111) / 10),
        };
        if let Some(p) = parent {
            rel_line(&mut rels, "depends_on", g + k, g + p);
        }
        for _ in 0..2 {
            let other = rng.gen_range(0..n);
            if other != i {
                rel_line(&mut rels, "connects_to", i, other);
            }
        }
    }
    let (a, b) = (dir.join("cis.jsonl"), dir.join("rels.jsonl"));
    std::fs::write(&a, cis).unwrap();
    std::fs::write(&b, rels).unwrap();
    (a, b)
}

/// Runs `nimbus --tenant bench ci import FILE -o json` and returns the result and seconds taken.
async fn import(cli: &Cli, file: &Path) -> (serde_json::Value, f64) {
    // Not `Cli::run`: its 60 s limit is for tests, and a large import may take longer.
    let mut cmd = cli.command();
    cmd.args(["--tenant", "bench", "-q", "-o", "json", "ci", "import", file.to_str().unwrap()]);
    let started = Instant::now();
    let out = cmd.output().await.unwrap();
    let took = started.elapsed().as_secs_f64();
    assert!(out.status.success(), "import failed: {}", String::from_utf8_lossy(&out.stderr));
    (serde_json::from_slice(&out.stdout).unwrap(), took)
}

fn db_bytes(path: &Path) -> u64 {
    ["", "-wal"].iter().filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok()).map(|m| m.len()).sum()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let n: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let backend = if args.get(1).is_some_and(|b| b == "postgres") { Backend::Postgres } else { Backend::Sqlite };
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let (cis, rels) = generate(dir.path(), n);
        let d = Daemon::start(backend).await.unwrap();
        let cli = d.cli();
        assert_eq!(cli.login().await.code, 0);
        let t = cli.run(&["tenant", "create", "bench", "--slug", "bench"]).await;
        assert_eq!(t.code, 0, "{}", t.stderr);

        let (r, took) = import(&cli, &cis).await;
        assert_eq!(r["created"], n, "{r}");
        println!("| import, CIs | {:.0} CIs/s | {n} CIs in {took:.1} s |", n as f64 / took);
        let (r, took) = import(&cli, &rels).await;
        let created = r["relationships"].as_u64().unwrap();
        println!("| import, relationships | {:.0}/s | {created} in {took:.1} s |", created as f64 / took);
        let (r, took) = import(&cli, &cis).await;
        assert_eq!(r["unchanged"], n, "{r}");
        println!("| import again, nothing changed | {:.0} CIs/s | {n} CIs in {took:.1} s |", n as f64 / took);
        if backend == Backend::Sqlite {
            let bytes = db_bytes(&d.sqlite_path());
            println!("| database | {} bytes per CI | {bytes} bytes |", bytes / n.max(1));
        }
    });
}
