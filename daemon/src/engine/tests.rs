//! The engine against real stores: replay, nondeterminism, fencing, timers, signals, sagas,
//! children, continue-as-new, cancellation, concurrency keys, idempotent starts and schedules.
//! Each scenario runs on SQLite and on a fresh PostgreSQL database.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::Utc;
use nimbus_core::ids::{RunId, ScheduleId, TenantId};
use serde_json::{Value, json};

use super::*;
use crate::config::DatabaseConfig;
use crate::store::workflow::{RunRecord, RunStatus, ScheduleRecord, StepRecord};
use crate::store::{TenantScope, WriteGrant};

async fn sqlite() -> (Arc<dyn Store>, Box<dyn std::any::Any>) {
    let dir = tempfile::tempdir().unwrap();
    let store =
        crate::store::sqlite::SqliteStore::open(&dir.path().join("wf.db"), &DatabaseConfig::default()).await.unwrap();
    (Arc::new(store), Box::new(dir))
}

async fn postgres() -> (Arc<dyn Store>, Box<dyn std::any::Any>) {
    let db = nimbus_e2e::TestDatabase::create().await.unwrap();
    let store =
        crate::store::postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default()).await.unwrap();
    (Arc::new(store), Box::new(db))
}

fn fast() -> EngineConfig {
    EngineConfig { lease: Duration::from_secs(2), poll: Duration::from_millis(100), ..EngineConfig::default() }
}

async fn wait_status(e: &Engine, id: RunId, want: RunStatus) -> RunRecord {
    for _ in 0..300 {
        let r = e.run(id).await.unwrap().unwrap();
        if r.status == want {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("run {id} never reached {want:?}: {:?}", e.run(id).await.unwrap());
}

async fn steps(store: &Arc<dyn Store>, id: RunId) -> Vec<StepRecord> {
    store.read(TenantScope::System).await.unwrap().workflows().wf_steps(id).await.unwrap()
}

fn counting(reg: &mut Registry, name: &str, counter: Arc<AtomicU32>) {
    reg.register(name, 1, move |ctx, _| {
        let counter = counter.clone();
        async move {
            for s in ["a", "b", "c"] {
                let counter = counter.clone();
                ctx.step(s, RetryPolicy::once(), move |_| {
                    let counter = counter.clone();
                    async move {
                        counter.fetch_add(1, Ordering::SeqCst);
                        Ok::<_, String>(s.to_owned())
                    }
                })
                .await?;
            }
            Ok(json!("done"))
        }
    });
}

async fn replay_runs_only_unjournaled_steps(store: Arc<dyn Store>) {
    let counter = Arc::new(AtomicU32::new(0));
    let mut reg = Registry::new();
    counting(&mut reg, "three", counter.clone());
    let e = Engine::new(store.clone(), reg, fast());
    let tenant = TenantId::generate();
    let id = e.start_run(tenant, "three", Value::Null, StartOptions::default()).await.unwrap();
    // As if a crashed replica had journaled the first two steps.
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    for (seq, name) in [(0, "a"), (1, "b")] {
        tx.workflows_mut()
            .wf_insert_step(&StepRecord {
                run_id: id,
                seq,
                tenant_id: tenant,
                name: name.into(),
                kind: "step".into(),
                output: Some(json!(name)),
                error: None,
                attempts: 1,
                created_at: Utc::now(),
            })
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let running = e.start(None);
    let r = wait_status(&e, id, RunStatus::Succeeded).await;
    assert_eq!(r.output, Some(json!("done")));
    assert_eq!(counter.load(Ordering::SeqCst), 1, "only the unjournaled step ran");
    assert_eq!(steps(&store, id).await.len(), 3);
    // Idempotent start: the same key returns the same run.
    let k = StartOptions { idempotency_key: Some("k".into()), ..Default::default() };
    let a = e.start_run(tenant, "three", Value::Null, k.clone()).await.unwrap();
    let b = e.start_run(tenant, "three", Value::Null, k).await.unwrap();
    assert_eq!(a, b);
    running.stop().await;
}

async fn changed_step_order_fails_loudly(store: Arc<dyn Store>) {
    let mut reg = Registry::new();
    counting(&mut reg, "three", Arc::new(AtomicU32::new(0)));
    let e = Engine::new(store.clone(), reg, fast());
    let tenant = TenantId::generate();
    let id = e.start_run(tenant, "three", Value::Null, StartOptions::default()).await.unwrap();
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    tx.workflows_mut()
        .wf_insert_step(&StepRecord {
            run_id: id,
            seq: 0,
            tenant_id: tenant,
            name: "renamed".into(),
            kind: "step".into(),
            output: Some(json!(1)),
            error: None,
            attempts: 1,
            created_at: Utc::now(),
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let running = e.start(None);
    let r = wait_status(&e, id, RunStatus::Failed).await;
    let err = r.error.unwrap();
    assert!(err.contains("nondeterministic") && err.contains("renamed") && err.contains("new version"), "{err}");
    running.stop().await;
}

async fn a_stale_epoch_cannot_write(store: Arc<dyn Store>) {
    let tenant = TenantId::generate();
    let run = new_run(RunId::generate(), tenant, "w", 1, "default", Value::Null, StartOptions::default());
    let id = run.id;
    let now = Utc::now();
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    assert!(tx.workflows_mut().wf_insert_run(&run).await.unwrap());
    let first = tx.workflows_mut().wf_claim("a", ms(now), ms(now) - 1, 10, 100, now, &[]).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(first.len(), 1);
    // Its lease already expired: another replica claims it.
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    let second = tx.workflows_mut().wf_claim("b", ms(now) + 1, ms(now) + 60_000, 10, 100, now, &[]).await.unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].epoch, first[0].epoch + 1);
    assert!(!tx.workflows_mut().wf_fence(id, first[0].epoch, now).await.unwrap(), "the old holder is fenced off");
    assert!(tx.workflows_mut().wf_fence(id, second[0].epoch, now).await.unwrap());
    // A live lease is not claimed.
    let third = tx.workflows_mut().wf_claim("c", ms(now) + 2, ms(now) + 60_000, 10, 100, now, &[]).await.unwrap();
    assert!(third.is_empty());
    tx.commit().await.unwrap();
}

fn waiting_workflows(reg: &mut Registry, undone: Arc<AtomicU32>) {
    reg.register("sleeper", 1, |ctx, input| async move {
        let ms_ = input["ms"].as_u64().unwrap_or(0);
        ctx.sleep(Duration::from_millis(ms_)).await?;
        Ok(json!(ctx.now().await?.timestamp_millis()))
    });
    reg.register("waiter", 1, |ctx, input| async move {
        let got = ctx.recv("go", input["timeout_ms"].as_u64().map(Duration::from_millis)).await?;
        ctx.set_state(json!({ "got": got })).await?;
        Ok(json!({ "got": got }))
    });
    reg.register("saga", 1, move |ctx, input| {
        let undone = undone.clone();
        async move {
            for s in ["reserve", "charge"] {
                ctx.step(s, RetryPolicy::once(), |_| async { Ok::<_, String>(()) }).await?;
                let undone = undone.clone();
                ctx.compensate(s, move || {
                    let undone = undone.clone();
                    async move {
                        undone.fetch_add(1, Ordering::SeqCst);
                        Ok(())
                    }
                });
            }
            if input["wait"].as_bool().unwrap_or(false) {
                ctx.recv("never", None).await?;
            }
            ctx.step("ship", RetryPolicy::default().attempts(2), |_| async { Err::<(), _>("no stock") }).await?;
            Ok(Value::Null)
        }
    });
    reg.register("parent", 1, |ctx, _| async move {
        let out = ctx.child("child", json!(20)).await?;
        Ok(json!({ "child": out, "r": ctx.random() == ctx.random() }))
    });
    reg.register("child", 1, |_ctx, input| async move { Ok(json!(input.as_i64().unwrap_or(0) + 1)) });
    reg.register("looper", 1, |ctx, input| async move {
        let n = input.as_i64().unwrap_or(0);
        if n < 2 {
            return Err(ctx.continue_as_new(json!(n + 1)));
        }
        Ok(json!(n))
    });
}

async fn timers_signals_sagas_children(store: Arc<dyn Store>) {
    let undone = Arc::new(AtomicU32::new(0));
    let mut reg = Registry::new();
    waiting_workflows(&mut reg, undone.clone());
    let e = Engine::new(store.clone(), reg, fast());
    let running = e.start(None);
    let t = TenantId::generate();
    let opts = StartOptions::default;

    // A durable sleep longer than the in-process wait suspends the run and wakes it on time.
    let sleeper = e.start_run(t, "sleeper", json!({ "ms": 1500 }), opts()).await.unwrap();
    let r = wait_status(&e, sleeper, RunStatus::Waiting).await;
    assert!(r.owner.is_none(), "a suspended run is released");
    let r = wait_status(&e, sleeper, RunStatus::Succeeded).await;
    let deadline = steps(&store, sleeper).await[0].output.as_ref().unwrap().as_i64().unwrap();
    assert!(r.output.unwrap().as_i64().unwrap() >= deadline, "woke after its deadline");

    // A signal wakes a waiting run; a timeout wins when no signal comes.
    let waiter = e.start_run(t, "waiter", json!({}), opts()).await.unwrap();
    wait_status(&e, waiter, RunStatus::Waiting).await;
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    let sig = crate::store::workflow::SignalRecord {
        id: nimbus_core::ids::SignalId::generate(),
        run_id: waiter,
        tenant_id: t,
        name: "go".into(),
        payload: json!("yes"),
        created_at: Utc::now(),
        consumed_seq: None,
    };
    tx.workflows_mut().wf_insert_signal(&sig).await.unwrap();
    tx.workflows_mut().wf_wake(waiter, ms(Utc::now())).await.unwrap();
    tx.commit().await.unwrap();
    e.poke();
    let r = wait_status(&e, waiter, RunStatus::Succeeded).await;
    assert_eq!(r.output, Some(json!({ "got": "yes" })));
    assert_eq!(r.state, Some(json!({ "got": "yes" })));
    let timed = e.start_run(t, "waiter", json!({ "timeout_ms": 800 }), opts()).await.unwrap();
    assert_eq!(wait_status(&e, timed, RunStatus::Succeeded).await.output, Some(json!({ "got": null })));

    // A failing step undoes the completed ones in reverse order.
    let saga = e.start_run(t, "saga", json!({}), opts()).await.unwrap();
    let r = wait_status(&e, saga, RunStatus::Failed).await;
    assert_eq!(r.error.as_deref(), Some("no stock"));
    assert_eq!(undone.load(Ordering::SeqCst), 2);
    let names: Vec<String> = steps(&store, saga).await.into_iter().map(|s| s.name).collect();
    assert_eq!(names, ["reserve", "charge", "ship", "undo:charge", "undo:reserve"]);

    // Cancelling a waiting run compensates it and ends it cancelled.
    let waiting_saga = e.start_run(t, "saga", json!({ "wait": true }), opts()).await.unwrap();
    wait_status(&e, waiting_saga, RunStatus::Waiting).await;
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    tx.workflows_mut().wf_request_cancel(waiting_saga, ms(Utc::now()), Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    e.poke();
    wait_status(&e, waiting_saga, RunStatus::Cancelled).await;
    assert_eq!(undone.load(Ordering::SeqCst), 4);

    // A child's output reaches its parent; the random source replays identically.
    let parent = e.start_run(t, "parent", Value::Null, opts()).await.unwrap();
    let r = wait_status(&e, parent, RunStatus::Succeeded).await;
    assert_eq!(r.output, Some(json!({ "child": 21, "r": false })));

    // Continue-as-new ends the run and starts the next with the new input.
    let looper = e.start_run(t, "looper", json!(0), opts()).await.unwrap();
    let r = wait_status(&e, looper, RunStatus::Succeeded).await;
    let next: RunId = r.output.unwrap()["continued_as"].as_str().unwrap().parse().unwrap();
    let r = wait_status(&e, next, RunStatus::Succeeded).await;
    let last: RunId = r.output.unwrap()["continued_as"].as_str().unwrap().parse().unwrap();
    assert_eq!(wait_status(&e, last, RunStatus::Succeeded).await.output, Some(json!(2)));
    running.stop().await;
}

async fn concurrency_key_runs_one_at_a_time(store: Arc<dyn Store>) {
    let mut reg = Registry::new();
    reg.register("slow", 1, |ctx, _| async move {
        ctx.step("work", RetryPolicy::once(), |_| async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            Ok::<_, String>(Utc::now().timestamp_millis())
        })
        .await
        .map(|t| json!(t))
    });
    let e = Engine::new(store.clone(), reg, fast());
    let running = e.start(None);
    let t = TenantId::generate();
    let key = || StartOptions { concurrency_key: Some("stack-1".into()), ..Default::default() };
    let a = e.start_run(t, "slow", Value::Null, key()).await.unwrap();
    let b = e.start_run(t, "slow", Value::Null, key()).await.unwrap();
    let ra = wait_status(&e, a, RunStatus::Succeeded).await;
    let rb = wait_status(&e, b, RunStatus::Succeeded).await;
    let (first, second) = if ra.started_at <= rb.started_at { (ra, rb) } else { (rb, ra) };
    assert!(second.started_at.unwrap() >= first.finished_at.unwrap(), "the second started after the first finished");
    running.stop().await;
}

async fn schedules_fire_once_across_engines(store: Arc<dyn Store>) {
    let count = Arc::new(AtomicU32::new(0));
    let mk = || {
        let mut reg = Registry::new();
        let count = count.clone();
        reg.register("tick", 1, move |_ctx, _| {
            let count = count.clone();
            async move {
                count.fetch_add(1, Ordering::SeqCst);
                Ok(Value::Null)
            }
        });
        Engine::new(store.clone(), reg, fast())
    };
    let t = TenantId::generate();
    let now = Utc::now();
    let mut s = ScheduleRecord {
        id: ScheduleId::generate(),
        tenant_id: t,
        name: "every-second".into(),
        cron: "* * * * * *".into(),
        timezone: "UTC".into(),
        workflow: "tick".into(),
        input: Value::Null,
        overlap: "allow".into(),
        catch_up_secs: 0,
        paused: false,
        next_fire_ms: None,
        last_fire_at: None,
        created_at: now,
        updated_at: now,
    };
    s.next_fire_ms = schedule::first_fire(&s, now).unwrap();
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    tx.workflows_mut().wf_insert_schedule(&s).await.unwrap();
    tx.commit().await.unwrap();
    let engines: Vec<Engine> = (0..3).map(|_| mk()).collect();
    let running: Vec<_> = engines.iter().map(|e| e.start(None)).collect();
    tokio::time::sleep(Duration::from_millis(4300)).await;
    for r in running {
        r.stop().await;
    }
    let filter = crate::store::workflow::RunFilter { tenants: vec![t], limit: 1000, ..Default::default() };
    let runs = store.read(TenantScope::System).await.unwrap().workflows().wf_runs(&filter).await.unwrap();
    let mut fires: Vec<_> = runs.iter().map(|r| r.fire_time.unwrap()).collect();
    fires.sort();
    let n = fires.len();
    fires.dedup();
    assert_eq!(fires.len(), n, "one run per fire time");
    assert!((3..=5).contains(&n), "{n} fires in 4.3 s");
}

/// Runs of `queue` that are RUNNING (or compensating) right now as the journal says, and how
/// many of the tenant's runs succeeded.
async fn running_in(store: &Arc<dyn Store>, tenant: TenantId, queue: &str) -> (usize, usize) {
    let filter = crate::store::workflow::RunFilter { tenants: vec![tenant], limit: 10_000, ..Default::default() };
    let runs = store.read(TenantScope::System).await.unwrap().workflows().wf_runs(&filter).await.unwrap();
    let running = runs.iter().filter(|r| r.queue == queue && crate::store::workflow::holds_place(r.status)).count();
    (running, runs.iter().filter(|r| r.status == RunStatus::Succeeded).count())
}

/// Two engines (replicas) claiming from one store never run more of a queue than its global
/// `max_running`, sampled both inside the step bodies and from the journal; a per-replica limit
/// bounds one engine alone.
async fn queue_limits_hold_across_engines(store: Arc<dyn Store>) {
    const GLOBAL: usize = 3;
    let executing = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let per_engine: Vec<Arc<AtomicU32>> = (0..2).map(|_| Arc::new(AtomicU32::new(0))).collect();
    let mk = |ran: Arc<AtomicU32>, queues: BTreeMap<String, QueueConfig>| {
        let mut reg = Registry::new();
        let (executing, peak) = (executing.clone(), peak.clone());
        reg.register_on("narrow", 1, "narrow", move |ctx, _| {
            let (executing, peak, ran) = (executing.clone(), peak.clone(), ran.clone());
            async move {
                ctx.step("work", RetryPolicy::once(), |_| {
                    let (executing, peak, ran) = (executing.clone(), peak.clone(), ran.clone());
                    async move {
                        let now = executing.fetch_add(1, Ordering::SeqCst) + 1;
                        peak.fetch_max(now, Ordering::SeqCst);
                        ran.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(60)).await;
                        executing.fetch_sub(1, Ordering::SeqCst);
                        Ok::<_, String>(())
                    }
                })
                .await?;
                Ok(Value::Null)
            }
        });
        Engine::new(store.clone(), reg, EngineConfig { max_concurrent: 32, queues, ..fast() })
    };
    let global: BTreeMap<String, QueueConfig> =
        [("narrow".to_owned(), QueueConfig { max_running: Some(GLOBAL as u32), max_per_replica: None })].into();
    let engines = [mk(per_engine[0].clone(), global.clone()), mk(per_engine[1].clone(), global)];
    let t = TenantId::generate();
    let mut ids = Vec::new();
    for i in 0..40 {
        ids.push(engines[i % 2].start_run(t, "narrow", Value::Null, StartOptions::default()).await.unwrap());
    }
    let running: Vec<_> = engines.iter().map(|e| e.start(None)).collect();
    let mut sampled = 0;
    let mut samples = 0;
    let started = std::time::Instant::now();
    loop {
        let (n, done) = running_in(&store, t, "narrow").await;
        assert!(n <= GLOBAL, "{n} runs of the queue were RUNNING at once (limit {GLOBAL})");
        sampled = sampled.max(n);
        samples += 1;
        if done == ids.len() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "only {done} of {} runs finished", ids.len());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    for r in running {
        r.stop().await;
    }
    let peak = peak.load(Ordering::SeqCst);
    assert!(peak <= GLOBAL, "{peak} step bodies ran at once (limit {GLOBAL})");
    assert!(peak >= 2 && sampled >= 2, "the queue's room was used (peak {peak}, sampled {sampled} in {samples})");
    let ran: Vec<u32> = per_engine.iter().map(|c| c.load(Ordering::SeqCst)).collect();
    assert_eq!(ran.iter().sum::<u32>(), 40, "{ran:?}");

    // A per-replica limit, alone.
    executing.store(0, Ordering::SeqCst);
    let peak_here = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut reg = Registry::new();
    let (ex, pk) = (executing.clone(), peak_here.clone());
    reg.register_on("narrow", 1, "narrow", move |ctx, _| {
        let (ex, pk) = (ex.clone(), pk.clone());
        async move {
            ctx.step("work", RetryPolicy::once(), |_| {
                let (ex, pk) = (ex.clone(), pk.clone());
                async move {
                    pk.fetch_max(ex.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(40)).await;
                    ex.fetch_sub(1, Ordering::SeqCst);
                    Ok::<_, String>(())
                }
            })
            .await?;
            Ok(Value::Null)
        }
    });
    let queues = [("narrow".to_owned(), QueueConfig { max_running: None, max_per_replica: Some(2) })].into();
    let e = Engine::new(store.clone(), reg, EngineConfig { max_concurrent: 32, queues, ..fast() });
    let mut ids = Vec::new();
    for _ in 0..12 {
        ids.push(e.start_run(t, "narrow", Value::Null, StartOptions::default()).await.unwrap());
    }
    let running = e.start(None);
    for id in ids {
        wait_status(&e, id, RunStatus::Succeeded).await;
    }
    running.stop().await;
    let p = peak_here.load(Ordering::SeqCst);
    assert!((1..=2).contains(&p), "{p} runs at once in one replica (limit 2)");
}

fn outbox_event(tenant: TenantId, topic: &str) -> crate::store::OutboxEvent {
    crate::store::OutboxEvent {
        id: nimbus_core::ids::EventId::generate(),
        tenant_id: tenant,
        topic: topic.into(),
        payload: json!({ "topic": topic }),
        created_at: Utc::now(),
    }
}

async fn outbox_now(store: &Arc<dyn Store>, after: crate::store::workflow::OutboxPos) -> Vec<String> {
    let rows = store.read(TenantScope::System).await.unwrap().workflows().wf_outbox_after(after, 100).await.unwrap();
    rows.into_iter().map(|(_, e)| e.topic).collect()
}

/// The events after `after` once every transaction that could still add one before them has
/// ended (on PostgreSQL any open transaction of the cluster, another test's too, holds the
/// reader back for a moment).
async fn outbox_after(store: &Arc<dyn Store>, after: crate::store::workflow::OutboxPos) -> Vec<String> {
    let mut last = Vec::new();
    for _ in 0..100 {
        let now = outbox_now(store, after).await;
        if !now.is_empty() && now == last {
            return now;
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    last
}

/// Every reader reads every event from its own cursor (nothing is taken), in order; pruning
/// drops old events without restarting positions.
async fn the_outbox_is_read_by_every_reader(store: Arc<dyn Store>) {
    let t = TenantId::generate();
    let head = store.read(TenantScope::System).await.unwrap().workflows().wf_outbox_head().await.unwrap();
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    for topic in ["a", "b", "c"] {
        tx.enqueue_event(&outbox_event(t, topic)).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(outbox_after(&store, head).await, ["a", "b", "c"]);
    assert_eq!(outbox_after(&store, head).await, ["a", "b", "c"], "a second reader sees them too");
    let rows = store.read(TenantScope::System).await.unwrap().workflows().wf_outbox_after(head, 2).await.unwrap();
    assert_eq!(outbox_now(&store, rows[1].0).await, ["c"], "a cursor continues after its last event");
    let last = rows[1].0;
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    let pruned = tx.workflows_mut().wf_prune_outbox(Utc::now() + chrono::Duration::seconds(1)).await.unwrap();
    tx.commit().await.unwrap();
    assert!(pruned >= 2, "old events are pruned ({pruned})");
    let mut tx = store.write(WriteGrant::for_engine()).await.unwrap();
    tx.enqueue_event(&outbox_event(t, "d")).await.unwrap();
    tx.commit().await.unwrap();
    let after = outbox_after(&store, last).await;
    assert_eq!(after.last().map(String::as_str), Some("d"), "positions continue after a prune: {after:?}");
    assert!(!after.contains(&"a".to_owned()) && !after.contains(&"b".to_owned()), "{after:?}");
}

/// PostgreSQL sequence values become visible out of commit order: an event written by a
/// transaction still open must not let a reader's cursor pass it when a later transaction's
/// event commits first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outbox_cursor_never_passes_an_open_transaction_on_postgres() {
    let (store, _keep) = postgres().await;
    let t = TenantId::generate();
    let head = store.read(TenantScope::System).await.unwrap().workflows().wf_outbox_head().await.unwrap();
    let mut slow = store.write(WriteGrant::for_engine()).await.unwrap();
    slow.enqueue_event(&outbox_event(t, "first-written")).await.unwrap();
    let mut fast = store.write(WriteGrant::for_engine()).await.unwrap();
    fast.enqueue_event(&outbox_event(t, "first-committed")).await.unwrap();
    fast.commit().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(outbox_now(&store, head).await.is_empty(), "nothing is read while an older writer is open");
    slow.commit().await.unwrap();
    assert_eq!(outbox_after(&store, head).await, ["first-written", "first-committed"]);
}

macro_rules! both {
    ($($name:ident),+) => {
        mod on_sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let (store, _keep) = super::sqlite().await;
                super::$name(store).await;
            })+
        }
        mod on_postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let (store, _keep) = super::postgres().await;
                super::$name(store).await;
            })+
        }
    };
}

both!(
    replay_runs_only_unjournaled_steps,
    changed_step_order_fails_loudly,
    a_stale_epoch_cannot_write,
    timers_signals_sagas_children,
    concurrency_key_runs_one_at_a_time,
    schedules_fire_once_across_engines,
    queue_limits_hold_across_engines,
    the_outbox_is_read_by_every_reader
);
