//! `nimbus tui` in a real terminal against the real release daemon: idle CPU with and without
//! live updates, resident memory, and how long an audit record takes from the daemon to the
//! screen.
//!
//! tmux runs the release `nimbus tui` (120×40, on the audit tail) against a release `nimbusd` on
//! SQLite. The harness samples the TUI process's CPU ticks (`/proc/<pid>/stat`, utime + stime)
//! and `VmRSS`/`VmHWM` (`/proc/<pid>/status`): first `NIMBUS_BENCH_IDLE_SECS` (default 30) with
//! nothing happening, then `NIMBUS_BENCH_SECS` (default 60) with one audit-producing change a
//! second (`nimbus group create`, from another process). The TUI runs with
//! `NIMBUS_TUI_TRACE=FILE`: one line per live record with when it occurred in the daemon, when
//! it arrived and when the frame showing it was drawn. "occurred → drawn" includes the daemon's
//! own integration and publication, so it bounds "published → drawn" from above.
//!
//! Run: `cargo build --release --bins && cargo bench -p nimbus-e2e --bench tui` (needs tmux).
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use nimbus_e2e::{Backend, Daemon, bin};

fn secs(var: &str, default: u64) -> Duration {
    Duration::from_secs(std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default))
}

fn tmux(socket: &str, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new("tmux");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("NIMBUS_") {
            cmd.env_remove(&key);
        }
    }
    cmd.arg("-u").arg("-L").arg(socket).args(args).output().expect("tmux runs (apt-get install -y tmux)")
}

fn screen(socket: &str) -> String {
    String::from_utf8_lossy(&tmux(socket, &["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

/// utime + stime of `pid`, in clock ticks.
fn ticks(pid: &str) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

/// A `VmRSS`-style line of `/proc/<pid>/status`, in KiB.
fn status_kib(pid: &str, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn clock_ticks() -> f64 {
    let out = Command::new("getconf").arg("CLK_TCK").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(100.0)
}

fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let idle = secs("NIMBUS_BENCH_IDLE_SECS", 30);
    let live = secs("NIMBUS_BENCH_SECS", 60);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let d = Daemon::start(Backend::Sqlite).await.unwrap();
        let cli = d.cli();
        cli.login().await;
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("tui.pid");
        let trace = dir.path().join("trace.log");
        let env = format!(
            "NIMBUS_CONFIG_DIR={} NIMBUS_CREDENTIAL_STORE=file NIMBUS_TUI_TRACE={} NO_COLOR=1 TERM=xterm-256color",
            quote(cli.config_dir()),
            quote(&trace)
        );
        let inner = format!("echo \\$\\$ > {}; exec env {env} {} tui", quote(&pid_file), quote(&bin("nimbus")));
        let script = format!("sh -c \"{}\"; sleep 600", inner.replace('"', "\\\""));
        let socket = format!("nimbus-bench-tui-{}", std::process::id());
        let out = tmux(&socket, &["new-session", "-d", "-s", "t", "-x", "120", "-y", "40", &script]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let started = Instant::now();
        while !screen(&socket).contains("live │") {
            assert!(started.elapsed() < Duration::from_secs(30), "the dashboard did not connect:\n{}", screen(&socket));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let pid = std::fs::read_to_string(&pid_file).unwrap().trim().to_owned();
        let hz = clock_ticks();
        // Settle: the backlog has been drawn.
        tokio::time::sleep(Duration::from_secs(2)).await;
        println!("nimbus tui (pid {pid}) connected; RSS {} KiB", status_kib(&pid, "VmRSS"));

        // Idle: nothing happens.
        let (t0, at0) = (ticks(&pid), Instant::now());
        let mut max_rss = 0;
        while at0.elapsed() < idle {
            tokio::time::sleep(Duration::from_secs(1)).await;
            max_rss = max_rss.max(status_kib(&pid, "VmRSS"));
        }
        let idle_cpu = (ticks(&pid) - t0) as f64 / hz / at0.elapsed().as_secs_f64() * 100.0;

        // Live: one audited change a second, from another process.
        // The trace so far is the backlog and the idle phase's own records: skip it.
        let skip = std::fs::metadata(&trace).map(|m| m.len() as usize).unwrap_or(0);
        let (t1, at1) = (ticks(&pid), Instant::now());
        let mut changes = 0;
        while at1.elapsed() < live {
            let next = at1 + Duration::from_secs(changes + 1);
            cli.run(&["group", "create", &format!("bench-{changes}")]).await;
            changes += 1;
            max_rss = max_rss.max(status_kib(&pid, "VmRSS"));
            tokio::time::sleep_until(next.into()).await;
        }
        let live_secs = at1.elapsed().as_secs_f64();
        let live_cpu = (ticks(&pid) - t1) as f64 / hz / live_secs * 100.0;
        tokio::time::sleep(Duration::from_secs(1)).await;
        let hwm = status_kib(&pid, "VmHWM");
        let rss = status_kib(&pid, "VmRSS");

        let text = std::fs::read_to_string(&trace).unwrap_or_default();
        let text = text.get(skip..).unwrap_or_default();
        let (mut occurred_to_drawn, mut received_to_drawn) = (Vec::new(), Vec::new());
        for line in text.lines() {
            let f: Vec<i64> = line.split_whitespace().filter_map(|x| x.parse().ok()).collect();
            if let [_, occurred, received, drawn] = f[..] {
                occurred_to_drawn.push(drawn - occurred);
                received_to_drawn.push(drawn - received);
            }
        }
        occurred_to_drawn.sort_unstable();
        received_to_drawn.sort_unstable();
        tmux(&socket, &["kill-server"]);

        println!("idle {:.0} s: CPU {idle_cpu:.2}%", idle.as_secs_f64());
        println!("live {live_secs:.0} s, {changes} changes: CPU {live_cpu:.2}%");
        println!("RSS: max sampled {max_rss} KiB, at end {rss} KiB, peak (VmHWM) {hwm} KiB");
        for (what, v) in [("occurred → drawn", &occurred_to_drawn), ("arrived → drawn", &received_to_drawn)] {
            println!(
                "{what} ({} records): p50 {} ms, p99 {} ms, max {} ms",
                v.len(),
                percentile(v, 0.5),
                percentile(v, 0.99),
                v.last().copied().unwrap_or(0)
            );
        }
    });
}
