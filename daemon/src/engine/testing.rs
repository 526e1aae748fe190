//! Workflows the end-to-end tests and benchmarks drive through the real daemon. Compiled only
//! with the `test-workflows` feature and registered only when `workflows.test_workflows` is on:
//! a product build has neither.
//!
//! Side effects go to a SQLite file outside the journal (`workflows.test_counter`): one row per
//! idempotency key with the number of times a step body ran under it, and the process that ran
//! it last, so a test can tell exactly-once outcomes from at-least-once executions.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use super::registry::Registry;
use super::retry::RetryPolicy;

/// Three steps, each recording its idempotency key (`input.step_ms` sleeps in each).
pub const THREE_STEPS: &str = "test.three-steps";
/// Returns at once.
pub const NOOP: &str = "test.noop";
/// Three no-op steps (the benchmark's unit of work).
pub const NOOP_STEPS: &str = "test.noop-steps";
/// Sleeps `input.ms` durably.
pub const SLEEP: &str = "test.sleep";
/// Waits for signal `go` (at most `input.timeout_ms`) and returns its payload.
pub const SIGNAL: &str = "test.signal";

/// Seeds runs and creates the test schedule, as `[workflows.test]` asks. Idempotent: a restart
/// starts nothing twice (seeded runs have idempotency keys, the schedule a unique name).
pub async fn prepare(
    engine: &super::Engine,
    store: &Arc<dyn crate::store::Store>,
    root: nimbus_core::ids::TenantId,
    test: &super::TestConfig,
) -> anyhow::Result<()> {
    if let Some(cron) = &test.schedule {
        ensure_schedule(store, root, cron).await?;
    }
    if test.seed > 0 {
        let input: Value =
            if test.seed_input.is_empty() { Value::Null } else { serde_json::from_str(&test.seed_input)? };
        let workflow = if test.seed_workflow.is_empty() { THREE_STEPS } else { test.seed_workflow.as_str() };
        let starts = (0..test.seed).map(|i| {
            let options = super::StartOptions { idempotency_key: Some(format!("seed-{i}")), ..Default::default() };
            engine.start_run(root, workflow, input.clone(), options)
        });
        for r in futures::future::join_all(starts).await {
            r?;
        }
    }
    Ok(())
}

async fn ensure_schedule(
    store: &Arc<dyn crate::store::Store>,
    root: nimbus_core::ids::TenantId,
    cron: &str,
) -> anyhow::Result<()> {
    use chrono::{SubsecRound, Utc};

    use crate::store::workflow::ScheduleRecord;
    use crate::store::{StoreError, TenantScope, WriteGrant};
    let mut read = store.read(TenantScope::System).await?;
    if read.workflows().wf_schedule_by_name(root, "test.schedule").await?.is_some() {
        return Ok(());
    }
    drop(read);
    let now = Utc::now().trunc_subsecs(6);
    let mut s = ScheduleRecord {
        id: nimbus_core::ids::ScheduleId::generate(),
        tenant_id: root,
        name: "test.schedule".into(),
        cron: cron.to_owned(),
        timezone: "UTC".into(),
        workflow: NOOP.into(),
        input: Value::Null,
        overlap: "allow".into(),
        catch_up_secs: 60,
        paused: false,
        next_fire_ms: None,
        last_fire_at: None,
        created_at: now,
        updated_at: now,
    };
    s.next_fire_ms = super::schedule::first_fire(&s, now).map_err(anyhow::Error::msg)?;
    let mut tx = store.write(WriteGrant::for_engine()).await?;
    match tx.workflows_mut().wf_insert_schedule(&s).await {
        Ok(()) => Ok(tx.commit().await?),
        Err(StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The external side-effect counter.
#[derive(Clone, Debug)]
pub struct Counter {
    conn: Option<Arc<Mutex<Connection>>>,
}

impl Counter {
    /// Opens (creating) the counter file; `None` counts nothing.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Self> {
        let Some(path) = path else { return Ok(Self { conn: None }) };
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
             CREATE TABLE IF NOT EXISTS effects (
                 key TEXT PRIMARY KEY, run TEXT NOT NULL, step INTEGER NOT NULL, runs INTEGER NOT NULL,
                 pid INTEGER NOT NULL);",
        )?;
        Ok(Self { conn: Some(Arc::new(Mutex::new(conn))) })
    }

    /// Records one execution under `key`.
    pub fn hit(&self, key: &str, run: &str, step: u32) -> Result<(), String> {
        let Some(conn) = &self.conn else { return Ok(()) };
        let conn = conn.lock().map_err(|_| "counter lock poisoned".to_owned())?;
        conn.execute(
            "INSERT INTO effects (key, run, step, runs, pid) VALUES (?1, ?2, ?3, 1, ?4)
             ON CONFLICT (key) DO UPDATE SET runs = runs + 1, pid = excluded.pid",
            params![key, run, step, std::process::id()],
        )
        .map_err(|e| format!("counter: {e}"))?;
        Ok(())
    }
}

/// Registers the test workflows.
pub fn register(registry: &mut Registry, counter_path: Option<PathBuf>) -> anyhow::Result<()> {
    let counter = Counter::open(counter_path.as_deref())?;
    registry.register(THREE_STEPS, 1, move |ctx, input| {
        let counter = counter.clone();
        async move {
            let pause = Duration::from_millis(input.get("step_ms").and_then(Value::as_u64).unwrap_or(0));
            let run = ctx.run_id().to_string();
            for step in 0..3u32 {
                let counter = counter.clone();
                let run = run.clone();
                ctx.step(&format!("effect-{step}"), RetryPolicy::default(), move |info| {
                    let counter = counter.clone();
                    let run = run.clone();
                    async move {
                        if !pause.is_zero() {
                            tokio::time::sleep(pause).await;
                        }
                        counter.hit(&info.idempotency_key, &run, step)?;
                        Ok::<_, String>(step)
                    }
                })
                .await?;
            }
            Ok(json!({ "steps": 3 }))
        }
    });
    registry.register(NOOP, 1, |_ctx, _input| async move { Ok(Value::Null) });
    registry.register(NOOP_STEPS, 1, |ctx, _input| async move {
        for name in ["a", "b", "c"] {
            ctx.step(name, RetryPolicy::once(), |_| async { Ok::<_, String>(()) }).await?;
        }
        Ok(Value::Null)
    });
    registry.register(SLEEP, 1, |ctx, input| async move {
        let ms = input.get("ms").and_then(Value::as_u64).unwrap_or(0);
        ctx.sleep(Duration::from_millis(ms)).await?;
        Ok(Value::Null)
    });
    registry.register(SIGNAL, 1, |ctx, input| async move {
        let timeout = input.get("timeout_ms").and_then(Value::as_u64).map(Duration::from_millis);
        let got = ctx.recv("go", timeout).await?;
        Ok(json!({ "signal": got }))
    });
    Ok(())
}
