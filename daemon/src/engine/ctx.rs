//! What a workflow body sees: [`Ctx`] and its durable primitives.
//!
//! Every primitive takes the next position (`seq`) in the run's journal. While the run replays
//! after a restart, a position that is journaled returns its recorded result without running
//! anything; the first position that is not journaled runs for real and is journaled before the
//! body goes on. A position whose journaled name or kind differs from what the body now asks
//! for means the code changed under a running version: the run fails loudly
//! ([`WfError::Nondeterminism`]). A primitive that must wait longer than a moment (a timer, a
//! signal, a child) suspends the run: the runner drops the body and releases the run, and any
//! replica resumes it by replaying. Owns the primitives' semantics; it must not claim, lease or
//! batch (the worker and the journal do).

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use futures::future::BoxFuture;
use nimbus_core::ids::RunId;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::Notify;

use super::journal::{Fence, Op, WakeCheck};
use super::retry::RetryPolicy;
use crate::store::workflow::{RunRecord, RunStatus, StepRecord, ms};

/// Waits shorter than this are slept in-process with the lease held; longer ones suspend.
pub const IN_PROCESS_WAIT: Duration = Duration::from_millis(500);

/// How a workflow body ends other than with its output.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WfError {
    /// A step failed for good, or the body gave up.
    #[error("{0}")]
    Failed(String),
    /// Cancellation was asked for.
    #[error("cancelled")]
    Cancelled,
    /// The run ends and a new run of the same workflow starts with this input.
    #[error("continued as new")]
    ContinueAsNew(Value),
    /// The body no longer matches its journal.
    #[error("{0}")]
    Nondeterminism(String),
}

/// A workflow body's result.
pub type WfResult<T> = Result<T, WfError>;

/// Passed to each attempt of a step.
#[derive(Debug, Clone)]
pub struct StepInfo {
    /// `run:seq:attempt`: the same for a re-run of an attempt that ran but was not journaled,
    /// so external calls can deduplicate.
    pub idempotency_key: String,
    /// Attempt number, from 1.
    pub attempt: u32,
}

type Compensation = (String, Arc<dyn Fn() -> BoxFuture<'static, Result<(), String>> + Send + Sync>);

pub(crate) struct Inner {
    pub(crate) run: RunRecord,
    pub(crate) fence: Fence,
    pub(crate) shared: Arc<super::Shared>,
    /// The journal as loaded at claim, by seq.
    replay: Vec<StepRecord>,
    state: Mutex<State>,
    pub(crate) cancelled: AtomicBool,
    /// Set when the body must stop: suspended, or the fence was lost.
    pub(crate) halted: Notify,
    pub(crate) halt: Mutex<Option<Halt>>,
}

struct State {
    next_seq: u32,
    rng_draws: u64,
    compensations: Vec<Compensation>,
}

/// Why a body was stopped from outside its own result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Halt {
    /// Suspended: the run is waiting and released.
    Suspended,
    /// Another replica owns the run now, or the journal is unreachable.
    Lost,
}

/// The handle a workflow body uses. Cheap to clone.
#[derive(Clone)]
pub struct Ctx {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx").field("run", &self.inner.run.id).finish_non_exhaustive()
    }
}

impl Ctx {
    pub(crate) fn new(run: RunRecord, shared: Arc<super::Shared>, replay: Vec<StepRecord>) -> Self {
        let fence = Fence { run: run.id, tenant: run.tenant_id, epoch: run.epoch };
        let cancelled = AtomicBool::new(run.cancel_requested);
        Self {
            inner: Arc::new(Inner {
                run,
                fence,
                shared,
                replay,
                state: Mutex::new(State { next_seq: 0, rng_draws: 0, compensations: Vec::new() }),
                cancelled,
                halted: Notify::new(),
                halt: Mutex::new(None),
            }),
        }
    }

    /// This run's id.
    pub fn run_id(&self) -> RunId {
        self.inner.run.id
    }

    /// This run's tenant.
    pub fn tenant_id(&self) -> nimbus_core::ids::TenantId {
        self.inner.run.tenant_id
    }

    /// The run's tags.
    pub fn tags(&self) -> &std::collections::BTreeMap<String, String> {
        &self.inner.run.tags
    }

    fn take_seq(&self) -> u32 {
        let mut s = self.inner.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let seq = s.next_seq;
        s.next_seq += 1;
        seq
    }

    /// Positions taken so far.
    pub(crate) fn seqs_taken(&self) -> u32 {
        self.inner.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next_seq
    }

    /// Journal entries the body has not reached (should be none when it finishes).
    pub(crate) fn replay_len(&self) -> usize {
        self.inner.replay.len()
    }

    /// The journaled entry at `seq`, checked against what the body asks for.
    fn replayed(&self, seq: u32, kind: &str, name: &str) -> WfResult<Option<&StepRecord>> {
        let Some(rec) = self.inner.replay.get(seq as usize) else { return Ok(None) };
        if rec.kind != kind || rec.name != name {
            return Err(WfError::Nondeterminism(format!(
                "journal position {seq} of run {} is {} `{}` but the code now asks for {} `{}`; \
                 a registered version must keep its step order: register a new version instead",
                self.inner.run.id, rec.kind, rec.name, kind, name
            )));
        }
        Ok(Some(rec))
    }

    fn check_cancel(&self) -> WfResult<()> {
        if self.inner.cancelled.load(Ordering::Relaxed) { Err(WfError::Cancelled) } else { Ok(()) }
    }

    /// Stops the body here: the runner sees the halt and drops this future, which never
    /// resolves (so it can stand for any type).
    async fn halt<T>(&self, why: Halt) -> T {
        {
            let mut h = self.inner.halt.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if h.is_none() {
                *h = Some(why);
            }
        }
        self.inner.halted.notify_one();
        std::future::pending::<T>().await
    }

    async fn write(&self, op: Op) -> super::journal::Reply {
        match self.inner.shared.journal.write(op).await {
            Ok(r) if r.applied() => r,
            Ok(_) => self.halt(Halt::Lost).await,
            Err(e) => {
                tracing::warn!(run = %self.inner.run.id, error = %e, "journal write failed; the run waits for its lease to expire");
                self.halt(Halt::Lost).await
            }
        }
    }

    fn record(
        &self,
        seq: u32,
        kind: &str,
        name: &str,
        output: Option<Value>,
        error: Option<String>,
        attempts: u32,
    ) -> StepRecord {
        StepRecord {
            run_id: self.inner.run.id,
            seq,
            tenant_id: self.inner.run.tenant_id,
            name: name.to_owned(),
            kind: kind.to_owned(),
            output,
            error,
            attempts,
            created_at: Utc::now(),
        }
    }

    async fn journal_steps(&self, steps: Vec<StepRecord>) {
        self.write(Op::Steps { fence: self.inner.fence, steps, events: self.inner.shared.step_events }).await;
    }

    /// Runs `f` as step `name` under `policy`, at least once and until it succeeds or runs out
    /// of attempts; its result is journaled, so a replay returns it without running `f` again.
    pub async fn step<T, E, F, Fut>(&self, name: &str, policy: RetryPolicy, f: F) -> WfResult<T>
    where
        T: Serialize + DeserializeOwned,
        E: std::fmt::Display,
        F: Fn(StepInfo) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        self.run_step(name, policy, f, true).await
    }

    /// A step; `cancellable` is false for the undos a cancellation itself runs.
    async fn run_step<T, E, F, Fut>(&self, name: &str, policy: RetryPolicy, f: F, cancellable: bool) -> WfResult<T>
    where
        T: Serialize + DeserializeOwned,
        E: std::fmt::Display,
        F: Fn(StepInfo) -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let check_cancel = || if cancellable { self.check_cancel() } else { Ok(()) };
        let seq = self.take_seq();
        if let Some(rec) = self.replayed(seq, "step", name)? {
            return decode_step(rec);
        }
        check_cancel()?;
        let mut attempt = 1;
        loop {
            let info = StepInfo { idempotency_key: format!("{}:{seq}:{attempt}", self.inner.run.id), attempt };
            let outcome = match policy.timeout {
                Some(t) => match tokio::time::timeout(t, f(info)).await {
                    Ok(r) => r.map_err(|e| e.to_string()),
                    Err(_) => Err(format!("step `{name}` timed out after {}", humantime::format_duration(t))),
                },
                None => f(info).await.map_err(|e| e.to_string()),
            };
            match outcome {
                Ok(v) => {
                    let value =
                        serde_json::to_value(&v).map_err(|e| WfError::Failed(format!("step `{name}` output: {e}")))?;
                    self.journal_steps(vec![self.record(seq, "step", name, Some(value), None, attempt)]).await;
                    return Ok(v);
                }
                Err(e) => match policy.delay_after(attempt) {
                    Some(d) => {
                        tracing::debug!(run = %self.inner.run.id, step = name, attempt, error = %e, "step failed; retrying");
                        tokio::time::sleep(d).await;
                        check_cancel()?;
                        attempt += 1;
                    }
                    None => {
                        self.journal_steps(vec![self.record(seq, "step", name, None, Some(e.clone()), attempt)]).await;
                        return Err(WfError::Failed(e));
                    }
                },
            }
        }
    }

    /// Registers an undo for what the body just did: on failure or cancellation the runner runs
    /// the registered undos in reverse order, each as a journaled step.
    pub fn compensate<F, Fut>(&self, name: &str, f: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        let f = Arc::new(move || -> BoxFuture<'static, Result<(), String>> { Box::pin(f()) });
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .compensations
            .push((name.to_owned(), f));
    }

    pub(crate) fn take_compensations(&self) -> Vec<Compensation> {
        std::mem::take(&mut self.inner.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner).compensations)
    }

    /// The deterministic clock: the wall time when this position first ran, journaled.
    pub async fn now(&self) -> WfResult<DateTime<Utc>> {
        let seq = self.take_seq();
        if let Some(rec) = self.replayed(seq, "clock", "now")? {
            return rec
                .output
                .as_ref()
                .and_then(Value::as_i64)
                .and_then(|m| Utc.timestamp_millis_opt(m).single())
                .ok_or_else(|| WfError::Nondeterminism(format!("journal position {seq} has no clock reading")));
        }
        let now = Utc::now();
        self.journal_steps(vec![self.record(seq, "clock", "now", Some(json!(ms(now))), None, 1)]).await;
        Ok(now)
    }

    /// A deterministic random number: the same sequence on every replay of this run.
    pub fn random(&self) -> u64 {
        let draw = {
            let mut s = self.inner.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            s.rng_draws += 1;
            s.rng_draws
        };
        splitmix(
            self.inner.run.id.as_uuid().as_u128() as u64 ^ (self.inner.run.id.as_uuid().as_u128() >> 64) as u64,
            draw,
        )
    }

    /// A journaled deadline at this position.
    async fn deadline(&self, name: &str, after: Duration) -> WfResult<i64> {
        let seq = self.take_seq();
        if let Some(rec) = self.replayed(seq, "timer", name)? {
            return rec
                .output
                .as_ref()
                .and_then(Value::as_i64)
                .ok_or_else(|| WfError::Nondeterminism(format!("journal position {seq} has no deadline")));
        }
        let at = ms(Utc::now()) + i64::try_from(after.as_millis()).unwrap_or(i64::MAX / 2);
        self.journal_steps(vec![self.record(seq, "timer", name, Some(json!(at)), None, 1)]).await;
        Ok(at)
    }

    /// Waits until the deadline, in-process when it is close, else suspended.
    async fn wait_until(&self, at_ms: i64, check: WakeCheck) -> WfResult<()> {
        let left = at_ms - ms(Utc::now());
        if left <= 0 {
            return Ok(());
        }
        let left = Duration::from_millis(u64::try_from(left).unwrap_or(0));
        if left <= IN_PROCESS_WAIT && matches!(check, WakeCheck::None) {
            tokio::time::sleep(left).await;
            return self.check_cancel();
        }
        self.suspend(Some(at_ms), check).await
    }

    async fn suspend<T>(&self, available_ms: Option<i64>, check: WakeCheck) -> T {
        self.write(Op::Suspend { fence: self.inner.fence, available_ms, check }).await;
        self.halt(Halt::Suspended).await
    }

    /// Durable sleep: survives restarts and releases the run while it lasts.
    pub async fn sleep(&self, d: Duration) -> WfResult<()> {
        let at = self.deadline("sleep", d).await?;
        self.wait_until(at, WakeCheck::None).await
    }

    /// Durable sleep until a wall-clock time.
    pub async fn sleep_until(&self, t: DateTime<Utc>) -> WfResult<()> {
        let d = (t - Utc::now()).to_std().unwrap_or_default();
        self.sleep(d).await
    }

    /// Waits for signal `name`, at most `timeout` (forever when `None`): `Some(payload)` when it
    /// came, `None` when the timer won. This is the select between a signal and a timer.
    pub async fn recv(&self, name: &str, timeout: Option<Duration>) -> WfResult<Option<Value>> {
        let deadline = match timeout {
            Some(t) => Some(self.deadline(name, t).await?),
            None => None,
        };
        let seq = self.take_seq();
        if let Some(rec) = self.replayed(seq, "signal", name)? {
            return Ok(rec.output.as_ref().and_then(|o| o.get("signal")).cloned());
        }
        self.check_cancel()?;
        let reply = self.write(Op::TakeSignal { fence: self.inner.fence, name: name.to_owned(), seq }).await;
        if let super::journal::Reply::Signal { payload: Some(p), .. } = reply {
            return Ok(Some(p));
        }
        if deadline.is_some_and(|d| d <= ms(Utc::now())) {
            self.journal_steps(vec![self.record(seq, "signal", name, Some(json!({ "signal": null })), None, 1)]).await;
            return Ok(None);
        }
        self.suspend(deadline, WakeCheck::Signal(name.to_owned())).await
    }

    /// Replaces the run's queryable state (`nimbus workflow show`).
    pub async fn set_state(&self, state: Value) -> WfResult<()> {
        self.write(Op::State { fence: self.inner.fence, state }).await;
        Ok(())
    }

    /// Starts child workflow `workflow` (newest version) and waits for its output.
    pub async fn child(&self, workflow: &str, input: Value) -> WfResult<Value> {
        let seq = self.take_seq();
        let child_id = match self.replayed(seq, "child", workflow)? {
            Some(rec) => rec
                .output
                .as_ref()
                .and_then(|o| o.get("run_id"))
                .and_then(Value::as_str)
                .and_then(|s| s.parse::<RunId>().ok())
                .ok_or_else(|| WfError::Nondeterminism(format!("journal position {seq} names no child")))?,
            None => {
                self.check_cancel()?;
                let id = RunId::generate();
                let child = super::new_run(
                    id,
                    self.inner.run.tenant_id,
                    workflow,
                    self.child_version(workflow)?,
                    "default",
                    input,
                    super::StartOptions { parent: Some(self.inner.run.id), ..Default::default() },
                );
                let step = self.record(seq, "child", workflow, Some(json!({ "run_id": id })), None, 1);
                self.write(Op::StartChild { fence: self.inner.fence, step, child: Box::new(child) }).await;
                id
            }
        };
        let seq = self.take_seq();
        if let Some(rec) = self.replayed(seq, "step", "child-result")? {
            return decode_step(rec);
        }
        let child = self.read_run(child_id).await?;
        match child.as_ref().map(|c| c.status) {
            Some(RunStatus::Succeeded) => {
                let out = child.and_then(|c| c.output).unwrap_or(Value::Null);
                self.journal_steps(vec![self.record(seq, "step", "child-result", Some(out.clone()), None, 1)]).await;
                Ok(out)
            }
            Some(RunStatus::Failed | RunStatus::Cancelled) => {
                let err = format!(
                    "child {child_id} ended {}: {}",
                    child.as_ref().map_or("", |c| c.status.as_str()),
                    child.as_ref().and_then(|c| c.error.clone()).unwrap_or_default()
                );
                self.journal_steps(vec![self.record(seq, "step", "child-result", None, Some(err.clone()), 1)]).await;
                Err(WfError::Failed(err))
            }
            _ => self.suspend(None, WakeCheck::Child(child_id)).await,
        }
    }

    fn child_version(&self, workflow: &str) -> WfResult<u32> {
        self.inner
            .shared
            .registry
            .latest(workflow)
            .map(|d| d.version)
            .ok_or_else(|| WfError::Failed(format!("child workflow `{workflow}` is not registered")))
    }

    async fn read_run(&self, id: RunId) -> WfResult<Option<RunRecord>> {
        let mut r = self
            .inner
            .shared
            .store
            .read(crate::store::TenantScope::System)
            .await
            .map_err(|e| WfError::Failed(format!("reading child {id}: {e}")))?;
        r.workflows().wf_run(id).await.map_err(|e| WfError::Failed(format!("reading child {id}: {e}")))
    }

    /// Ends this run and starts a fresh one of the same workflow with `input` (a long-lived
    /// loop keeps its journal short this way). Return it: `return Err(ctx.continue_as_new(v))`.
    pub fn continue_as_new(&self, input: Value) -> WfError {
        WfError::ContinueAsNew(input)
    }

    /// Runs one registered undo as a journaled step (the runner's saga).
    pub(crate) async fn run_compensation(&self, c: &Compensation) -> WfResult<()> {
        let name = format!("undo:{}", c.0);
        let f = c.1.clone();
        self.run_step(&name, RetryPolicy::default().attempts(5), move |_| f(), false).await
    }
}

fn decode_step<T: DeserializeOwned>(rec: &StepRecord) -> WfResult<T> {
    if let Some(e) = &rec.error {
        return Err(WfError::Failed(e.clone()));
    }
    serde_json::from_value(rec.output.clone().unwrap_or(Value::Null))
        .map_err(|e| WfError::Nondeterminism(format!("journaled output of `{}` no longer decodes: {e}", rec.name)))
}

/// SplitMix64 of `seed + n·γ`: a stable, well-mixed sequence without state.
fn splitmix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
