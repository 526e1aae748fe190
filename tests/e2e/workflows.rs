//! The durable workflow engine in the real daemon: exactly-once completion through repeated
//! SIGKILLs, two replicas sharing PostgreSQL (no double claim, failover within a lease), one run
//! per schedule fire time across three replicas, and the CLI over runs and schedules.
//!
//! These drive the test workflows of a `test-workflows` build (`[workflows.test]`); the e2e
//! package's dev-dependency on the daemon turns that feature on for test builds only.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use nimbus_e2e::{Backend, Daemon, DaemonBuilder};
use rand::Rng;
use sqlx::Row;

use crate::support::Db;

/// Runs every seeded test needs.
const RUNS: i64 = 1000;

fn engine_env(b: DaemonBuilder, counter: &Path, seed: u32, input: &str, lease: &str) -> DaemonBuilder {
    b.env("NIMBUS_WORKFLOWS__TEST__COUNTER", &counter.display().to_string())
        .env("NIMBUS_WORKFLOWS__TEST__SEED", &seed.to_string())
        .env("NIMBUS_WORKFLOWS__TEST__SEED_WORKFLOW", "test.three-steps")
        .env("NIMBUS_WORKFLOWS__TEST__SEED_INPUT", input)
        .env("NIMBUS_WORKFLOWS__LEASE", lease)
        .env("NIMBUS_WORKFLOWS__POLL", "500ms")
}

/// The lease holder name a daemon logged at start.
fn engine_owner(d: &Daemon) -> String {
    let log = strip_ansi(&d.log());
    let at = log.find("owner=").unwrap_or_else(|| panic!("no engine owner in the log:\n{log}"));
    log[at + 6..].split_whitespace().next().unwrap_or_default().trim_matches('"').to_owned()
}

/// The text of a log written with terminal colours, without them.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI sequences end at their first letter.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

async fn count(db: &mut Db, sql: &'static str) -> i64 {
    db.int(sql).await
}

/// Effects recorded by the test workflows: key → (run, step, executions, pid).
fn effects(counter: &Path) -> Vec<(String, String, i64, i64, i64)> {
    let c = rusqlite::Connection::open(counter).expect("counter");
    let mut stmt = c.prepare("SELECT key, run, step, runs, pid FROM effects").expect("effects");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .expect("effects")
        .map(|r| r.expect("row"))
        .collect()
}

/// Every (run, step) has exactly one idempotency key: a step re-run after a crash reused its
/// key, so the external system applied its effect once.
fn assert_effects_once(counter: &Path, runs: i64) -> usize {
    let rows = effects(counter);
    let mut per_step: HashMap<(String, i64), usize> = HashMap::new();
    for (_, run, step, _, _) in &rows {
        *per_step.entry((run.clone(), *step)).or_default() += 1;
    }
    assert_eq!(per_step.len() as i64, runs * 3, "every step of every run had its effect");
    assert!(per_step.values().all(|&n| n == 1), "a step ran under two idempotency keys");
    rows.iter().filter(|r| r.3 > 1).count()
}

async fn wait_all_succeeded(db: &mut Db, within: Duration, what: &str) {
    let started = Instant::now();
    loop {
        let done = count(
            db,
            "SELECT count(*) FROM workflow_runs WHERE workflow = 'test.three-steps' AND status = 'succeeded'",
        )
        .await;
        if done == RUNS {
            return;
        }
        assert!(started.elapsed() < within, "{what}: only {done} of {RUNS} runs succeeded within {within:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The journal's own view: each run succeeded once, with exactly three journaled steps, and the
/// audit log has exactly one `workflow.run.succeeded` per run.
async fn assert_journal_exactly_once(db: &mut Db) {
    assert_eq!(count(db, "SELECT count(*) FROM workflow_runs WHERE workflow = 'test.three-steps'").await, RUNS);
    assert_eq!(
        count(
            db,
            "SELECT count(*) FROM workflow_steps s JOIN workflow_runs r ON r.id = s.run_id
             WHERE r.workflow = 'test.three-steps' AND s.kind = 'step' AND s.error IS NULL"
        )
        .await,
        RUNS * 3
    );
    assert_eq!(
        // Only the test's runs: the recurring system jobs (the outbox prune every 5 minutes) may
        // finish during the test too.
        count(
            db,
            "SELECT count(*) FROM audit_log
             WHERE event_type = 'workflow.run.succeeded' AND resource_name = 'test.three-steps'"
        )
        .await,
        RUNS,
        "each run completed exactly once"
    );
}

#[tokio::test]
async fn runs_complete_exactly_once_through_repeated_sigkills() {
    let dir = tempfile::tempdir().unwrap();
    let counter = dir.path().join("effects.db");
    // Slow enough that all 20 kills land mid-run (about 40 s of steps at 8 at a time, against
    // about 15 s of kills and restarts; 15 ms steps finished first on a fast machine); a short
    // lease so a restarted daemon resumes the runs its killed predecessor held.
    let mut d = engine_env(Daemon::builder(Backend::Sqlite), &counter, RUNS as u32, r#"{"step_ms":100}"#, "2s")
        .env("NIMBUS_WORKFLOWS__MAX_CONCURRENT", "8")
        .start()
        .await
        .unwrap();
    let mut rng = rand::thread_rng();
    let mut kills = 0;
    while kills < 20 {
        tokio::time::sleep(Duration::from_millis(rng.gen_range(50..400))).await;
        d.kill().await.unwrap();
        kills += 1;
        d.serve().await.unwrap();
    }
    let mut db = Db::open(&d).await;
    let finished_before = count(
        &mut db,
        "SELECT count(*) FROM workflow_runs WHERE workflow = 'test.three-steps' AND status = 'succeeded'",
    )
    .await;
    assert!(finished_before < RUNS, "the kills must land while work remains ({finished_before} done)");
    wait_all_succeeded(&mut db, Duration::from_secs(180), "after 20 SIGKILLs").await;
    assert_journal_exactly_once(&mut db).await;
    let reruns = assert_effects_once(&counter, RUNS);
    eprintln!("{kills} SIGKILLs; {reruns} step executions repeated under their own key (journal write lost to a kill)");
    db.close().await;

    // The CLI over the same runs.
    let cli = d.cli();
    cli.login().await.ok();
    // Only the test's workflow: a system job (the outbox prune) may have finished meanwhile.
    let list = cli
        .run(&[
            "workflow",
            "list",
            "--status",
            "succeeded",
            "--workflow",
            "test.three-steps",
            "--limit",
            "5",
            "-o",
            "json",
        ])
        .await;
    let list = list.ok().json();
    assert_eq!(list["runs"].as_array().unwrap().len(), 5);
    let id = list["runs"][0]["id"].as_str().unwrap().to_owned();
    let history = cli.run(&["workflow", "history", &id, "-o", "json"]).await.ok().json();
    let names: Vec<&str> = history["steps"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["effect-0", "effect-1", "effect-2"]);
    let retry = cli.run(&["workflow", "retry", &id]).await;
    assert_eq!(retry.code, 1, "a succeeded run cannot be retried: {}", retry.stderr);
}

#[tokio::test]
async fn two_replicas_share_runs_and_the_survivor_finishes_within_a_lease() {
    let dir = tempfile::tempdir().unwrap();
    let counter = dir.path().join("effects.db");
    let lease = Duration::from_secs(3);
    let poll = Duration::from_millis(500);
    let input = r#"{"step_ms":40}"#;
    let mut a = engine_env(Daemon::builder(Backend::Postgres), &counter, RUNS as u32, input, "3s")
        .env("NIMBUS_WORKFLOWS__MAX_CONCURRENT", "64")
        .start()
        .await
        .unwrap();
    let mut b = engine_env(a.sibling(), &counter, RUNS as u32, input, "3s")
        .env("NIMBUS_WORKFLOWS__MAX_CONCURRENT", "64")
        .start()
        .await
        .unwrap();
    let mut db = Db::open(&a).await;
    let Db::Pg(pg) = &mut db else { unreachable!("PostgreSQL") };

    // Let both work for a while, then kill one mid-run.
    let started = Instant::now();
    loop {
        let done: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM workflow_runs WHERE workflow = 'test.three-steps' AND status = 'succeeded'",
        )
        .fetch_one(&mut *pg)
        .await
        .unwrap();
        if done >= RUNS / 3 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "no progress: {done}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let owners: Vec<(String, i64)> = sqlx::query(
        "SELECT owner, count(*) FROM workflow_runs WHERE status = 'running' AND owner IS NOT NULL GROUP BY owner",
    )
    .fetch_all(&mut *pg)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1)))
    .collect();
    assert_eq!(owners.len(), 2, "both replicas hold runs: {owners:?}");
    let dead = engine_owner(&a);
    assert!(owners.iter().any(|(o, _)| *o == dead), "{dead} holds runs: {owners:?}");
    a.kill().await.unwrap();
    let killed_at = Instant::now();
    // The survivor must take over every run the dead replica held within lease + 2 polls.
    let mut taken_over = None;
    loop {
        let still: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM workflow_runs WHERE owner = $1 AND status IN ('running', 'compensating')",
        )
        .bind(&dead)
        .fetch_one(&mut *pg)
        .await
        .unwrap();
        if still == 0 && taken_over.is_none() {
            taken_over = Some(killed_at.elapsed());
        }
        let done: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM workflow_runs WHERE workflow = 'test.three-steps' AND status = 'succeeded'",
        )
        .fetch_one(&mut *pg)
        .await
        .unwrap();
        if done == RUNS {
            break;
        }
        assert!(killed_at.elapsed() < Duration::from_secs(120), "the survivor stalled at {done}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let taken_over = taken_over.unwrap_or_default();
    let bound = lease + poll * 2 + Duration::from_millis(500);
    eprintln!("the survivor took over the dead replica's runs {taken_over:?} after the kill (bound {bound:?})");
    assert!(taken_over <= bound, "takeover took {taken_over:?}, more than lease + 2 polls ({bound:?})");
    // No run was claimed twice while both lived: the only second claims are the takeovers.
    let reclaimed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM workflow_runs WHERE epoch = 2").fetch_one(&mut *pg).await.unwrap();
    let twice: i64 =
        sqlx::query_scalar("SELECT count(*) FROM workflow_runs WHERE epoch > 2").fetch_one(&mut *pg).await.unwrap();
    let held = owners.iter().find(|(o, _)| *o == dead).map_or(0, |(_, n)| *n);
    assert!(reclaimed > 0, "the dead replica's runs were claimed again");
    assert!(reclaimed <= held + 64, "only the dead replica's runs were claimed twice ({reclaimed} > {held})");
    assert_eq!(twice, 0, "no run was claimed three times");
    db.close().await;
    let mut db = Db::open(&b).await;
    assert_journal_exactly_once(&mut db).await;
    assert_effects_once(&counter, RUNS);
    let pids: std::collections::BTreeSet<i64> = effects(&counter).iter().map(|e| e.4).collect();
    assert_eq!(pids.len(), 2, "both replicas ran steps");
    db.close().await;
    b.kill().await.unwrap();
}

#[tokio::test]
async fn three_replicas_start_exactly_one_run_per_fire_time() {
    let schedule = |b: DaemonBuilder| b.env("NIMBUS_WORKFLOWS__TEST__SCHEDULE", "* * * * * *");
    let mut a = schedule(Daemon::builder(Backend::Postgres)).start().await.unwrap();
    let mut b = schedule(a.sibling()).start().await.unwrap();
    let mut c = schedule(a.sibling()).start().await.unwrap();
    tokio::time::sleep(Duration::from_secs(61)).await;
    for d in [&mut a, &mut b, &mut c] {
        d.kill().await.unwrap();
    }
    let mut db = Db::open(&a).await;
    let Db::Pg(pg) = &mut db else { unreachable!("PostgreSQL") };
    let fires: Vec<(chrono::DateTime<chrono::Utc>, i64)> = sqlx::query(
        "SELECT r.fire_time, count(*) FROM workflow_runs r JOIN workflow_schedules s ON s.id = r.schedule_id
         WHERE s.name = 'test.schedule' GROUP BY r.fire_time ORDER BY r.fire_time",
    )
    .fetch_all(&mut *pg)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect();
    assert!(fires.len() >= 58, "a minute of a one-second schedule fired {} times", fires.len());
    assert!(fires.iter().all(|(_, n)| *n == 1), "a fire time started more than one run: {fires:?}");
    for w in fires.windows(2) {
        assert_eq!((w[1].0 - w[0].0).num_seconds(), 1, "fire time after {} was missed", w[0].0);
    }
    db.close().await;
}

/// A Server-Sent Events reader over a streamed response.
struct Sse {
    resp: reqwest::Response,
    buf: String,
}

impl Sse {
    async fn open(d: &Daemon, token: &str, last_event_id: Option<&str>) -> Self {
        let mut req = d.http().get(d.at("/api/v1/events?topics=workflow.run.*")).bearer_auth(token);
        if let Some(id) = last_event_id {
            req = req.header("Last-Event-ID", id);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 200);
        Self { resp, buf: String::new() }
    }

    /// The next event (id, data), or `None` when none comes within `within`.
    async fn next(&mut self, within: Duration) -> Option<(String, serde_json::Value)> {
        loop {
            if let Some(i) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..i + 2).collect();
                let (mut id, mut data) = (String::new(), String::new());
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().to_owned();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some((id, serde_json::from_str(&data).unwrap()));
            }
            let chunk = tokio::time::timeout(within, self.resp.chunk()).await.ok()?.ok()??;
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Events until `topic` for `run` arrives (panics after `within`).
    async fn until(&mut self, run: &str, topic: &str, within: Duration) -> Vec<(String, serde_json::Value)> {
        let started = Instant::now();
        let mut seen = Vec::new();
        while started.elapsed() < within {
            let Some((id, ev)) = self.next(within).await else { break };
            let done = ev["topic"] == topic && ev["data"]["run_id"] == run;
            seen.push((id, ev));
            if done {
                return seen;
            }
        }
        panic!("no {topic} of run {run} within {within:?}; saw {seen:?}");
    }
}

/// Every replica relays every domain event: a subscriber of replica B sees the events of a run
/// that replica A started and ran (B runs no engine at all), and, reconnecting to A with the
/// `Last-Event-ID` B gave it, catches up on what happened meanwhile without repeats.
#[tokio::test]
async fn a_subscriber_of_one_replica_sees_the_workflow_events_of_another() {
    // A yearly schedule: it fires only when triggered.
    let mut a = Daemon::builder(Backend::Postgres)
        .env("NIMBUS_WORKFLOWS__TEST__SCHEDULE", "0 0 0 1 1 *")
        .env("NIMBUS_WORKFLOWS__POLL", "200ms")
        .start()
        .await
        .unwrap();
    let mut b = a.sibling().env("NIMBUS_WORKFLOWS__ENABLED", "false").start().await.unwrap();
    let token_a = crate::support::s(&crate::support::login(&a).await, "access_token").to_owned();
    let token_b = crate::support::s(&crate::support::login(&b).await, "access_token").to_owned();
    let me: serde_json::Value =
        a.http().get(a.at("/api/v1/auth/me")).bearer_auth(&token_a).send().await.unwrap().json().await.unwrap();
    let root = me["tenant"]["id"].as_str().unwrap().to_owned();
    let trigger = |a: &Daemon| {
        let req = a
            .http()
            .post(a.at(&format!("/api/v1/tenants/{root}/schedules/test.schedule/trigger")))
            .bearer_auth(&token_a);
        async move {
            let resp = req.send().await.unwrap();
            assert_eq!(resp.status(), 200);
            let run: serde_json::Value = resp.json().await.unwrap();
            run["id"].as_str().unwrap().to_owned()
        }
    };

    let mut on_b = Sse::open(&b, &token_b, None).await;
    let first = trigger(&a).await;
    let seen = on_b.until(&first, "workflow.run.succeeded", Duration::from_secs(20)).await;
    assert!(
        seen.iter().any(|(_, e)| e["topic"] == "workflow.run.started" && e["data"]["run_id"] == first.as_str()),
        "B relayed A's start too: {seen:?}"
    );
    let resume_at = seen.last().unwrap().0.clone();
    assert!(resume_at.contains("d:"), "the event id carries the outbox position: {resume_at}");
    drop(on_b);

    // While nobody listens, A runs a second one; a reconnect to A resumes from B's id.
    let second = trigger(&a).await;
    let mut db = Db::open(&a).await;
    let started = Instant::now();
    while count(&mut db, "SELECT count(*) FROM workflow_runs WHERE workflow = 'test.noop' AND status = 'succeeded'")
        .await
        < 2
    {
        assert!(started.elapsed() < Duration::from_secs(20), "the second run did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    db.close().await;
    let mut on_a = Sse::open(&a, &token_a, Some(&resume_at)).await;
    let caught_up = on_a.until(&second, "workflow.run.succeeded", Duration::from_secs(20)).await;
    assert!(
        caught_up.iter().all(|(_, e)| e["data"]["run_id"] != first.as_str()),
        "nothing before the resumed id comes again: {caught_up:?}"
    );
    assert!(
        caught_up.iter().any(|(_, e)| e["topic"] == "workflow.run.started" && e["data"]["run_id"] == second.as_str()),
        "{caught_up:?}"
    );
    a.kill().await.unwrap();
    b.kill().await.unwrap();
}
