//! SQLite statements of the workflow journal. Claims need no row locks here: SQLite has one
//! writer, and the daemon holds it for the whole claim transaction, so two claimers can never
//! see the same available run. Reads are bounded by the handle's tenant scope. No rules beyond
//! mapping rows.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::ids::{EventId, RunId, ScheduleId, SignalId, TenantId};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde_json::Value;

use super::{HasConn, SqliteRead, SqliteWrite, opt_time, opt_uuid, time, ts, uuid};
use crate::store::workflow::{
    Claimed, OutboxPos, QueueLimit, Rooms, RunFilter, RunRecord, RunStatus, ScheduleRecord, SignalRecord, StepRecord,
    WorkflowRead, WorkflowWrite,
};
use crate::store::{OutboxEvent, StoreError, StoreResult, TenantScope};

const RUN_COLUMNS: &str = "id, tenant_id, workflow, version, queue, status, input, output, error, tags, state, \
     idempotency_key, concurrency_key, parent_id, schedule_id, fire_time, epoch, owner, available_ms, \
     cancel_requested, created_at, updated_at, started_at, finished_at";

fn json_col(r: &Row<'_>, col: usize) -> rusqlite::Result<Value> {
    let s: String = r.get(col)?;
    serde_json::from_str(&s).map_err(super::conversion(col))
}

fn opt_json_col(r: &Row<'_>, col: usize) -> rusqlite::Result<Option<Value>> {
    r.get::<_, Option<String>>(col)?.map(|s| serde_json::from_str(&s).map_err(super::conversion(col))).transpose()
}

fn run_at(r: &Row<'_>) -> rusqlite::Result<RunRecord> {
    let status: String = r.get(5)?;
    let tags: BTreeMap<String, String> = match r.get::<_, String>(9) {
        Ok(s) => serde_json::from_str(&s).map_err(super::conversion(9))?,
        Err(e) => return Err(e),
    };
    Ok(RunRecord {
        id: RunId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        workflow: r.get(2)?,
        version: r.get(3)?,
        queue: r.get(4)?,
        status: RunStatus::parse(&status).map_err(super::conversion(5))?,
        input: json_col(r, 6)?,
        output: opt_json_col(r, 7)?,
        error: r.get(8)?,
        tags,
        state: opt_json_col(r, 10)?,
        idempotency_key: r.get(11)?,
        concurrency_key: r.get(12)?,
        parent_id: opt_uuid(r, 13)?.map(RunId::from_uuid),
        schedule_id: opt_uuid(r, 14)?.map(ScheduleId::from_uuid),
        fire_time: opt_time(r, 15)?,
        epoch: r.get(16)?,
        owner: r.get(17)?,
        available_ms: r.get(18)?,
        cancel_requested: r.get(19)?,
        created_at: time(r, 20)?,
        updated_at: time(r, 21)?,
        started_at: opt_time(r, 22)?,
        finished_at: opt_time(r, 23)?,
    })
}

const SCHEDULE_COLUMNS: &str = "id, tenant_id, name, cron, timezone, workflow, input, overlap, catch_up_secs, paused, \
     next_fire_ms, last_fire_at, created_at, updated_at";

fn schedule_at(r: &Row<'_>) -> rusqlite::Result<ScheduleRecord> {
    Ok(ScheduleRecord {
        id: ScheduleId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        name: r.get(2)?,
        cron: r.get(3)?,
        timezone: r.get(4)?,
        workflow: r.get(5)?,
        input: json_col(r, 6)?,
        overlap: r.get(7)?,
        catch_up_secs: r.get(8)?,
        paused: r.get(9)?,
        next_fire_ms: r.get(10)?,
        last_fire_at: opt_time(r, 11)?,
        created_at: time(r, 12)?,
        updated_at: time(r, 13)?,
    })
}

fn step_at(r: &Row<'_>) -> rusqlite::Result<StepRecord> {
    Ok(StepRecord {
        run_id: RunId::from_uuid(uuid(r, 0)?),
        seq: r.get(1)?,
        tenant_id: TenantId::from_uuid(uuid(r, 2)?),
        name: r.get(3)?,
        kind: r.get(4)?,
        output: opt_json_col(r, 5)?,
        error: r.get(6)?,
        attempts: r.get(7)?,
        created_at: time(r, 8)?,
    })
}

fn signal_at(r: &Row<'_>) -> rusqlite::Result<SignalRecord> {
    Ok(SignalRecord {
        id: SignalId::from_uuid(uuid(r, 0)?),
        run_id: RunId::from_uuid(uuid(r, 1)?),
        tenant_id: TenantId::from_uuid(uuid(r, 2)?),
        name: r.get(3)?,
        payload: json_col(r, 4)?,
        created_at: time(r, 5)?,
        consumed_seq: r.get(6)?,
    })
}

fn to_json(v: &Value) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(format!("json: {e}")))
}

fn run(conn: &Connection, scope: &TenantScope, id: RunId) -> StoreResult<Option<RunRecord>> {
    let r = conn
        .prepare_cached(&format!("SELECT {RUN_COLUMNS} FROM workflow_runs WHERE id = ?1"))?
        .query_row(params![id.to_string()], run_at)
        .optional()?;
    Ok(r.filter(|r| scope.admits(r.tenant_id)))
}

fn runs(conn: &Connection, scope: &TenantScope, f: &RunFilter) -> StoreResult<Vec<RunRecord>> {
    let mut sql = format!("SELECT {RUN_COLUMNS} FROM workflow_runs WHERE 1 = 1");
    let mut args: Vec<SqlValue> = Vec::new();
    let tenants: Vec<TenantId> = f.tenants.iter().copied().filter(|t| scope.admits(*t)).collect();
    if tenants.is_empty() {
        return Ok(Vec::new());
    }
    sql.push_str(" AND tenant_id IN (");
    for (i, t) in tenants.iter().enumerate() {
        if i > 0 {
            sql.push(',');
        }
        sql.push('?');
        args.push(SqlValue::Text(t.to_string()));
    }
    sql.push(')');
    if let Some(s) = f.status {
        sql.push_str(" AND status = ?");
        args.push(SqlValue::Text(s.as_str().to_owned()));
    }
    if let Some(w) = &f.workflow {
        sql.push_str(" AND workflow = ?");
        args.push(SqlValue::Text(w.clone()));
    }
    if let Some((k, v)) = &f.tag {
        sql.push_str(" AND tags ->> ? = ?");
        args.push(SqlValue::Text(format!("$.\"{}\"", k.replace('"', ""))));
        args.push(SqlValue::Text(v.clone()));
    }
    if let Some(p) = f.parent {
        sql.push_str(" AND parent_id = ?");
        args.push(SqlValue::Text(p.to_string()));
    }
    if let Some(b) = f.before {
        sql.push_str(" AND id < ?");
        args.push(SqlValue::Text(b.to_string()));
    }
    sql.push_str(" ORDER BY id DESC LIMIT ?");
    args.push(SqlValue::Integer(i64::from(f.limit)));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), run_at)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

macro_rules! impl_wf_read {
    ($t:ty) => {
        #[async_trait]
        impl WorkflowRead for $t {
            async fn wf_run(&mut self, id: RunId) -> StoreResult<Option<RunRecord>> {
                run(self.conn()?, self.scope(), id)
            }
            async fn wf_runs(&mut self, filter: &RunFilter) -> StoreResult<Vec<RunRecord>> {
                runs(self.conn()?, self.scope(), filter)
            }
            async fn wf_run_by_key(
                &mut self,
                tenant: TenantId,
                workflow: &str,
                key: &str,
            ) -> StoreResult<Option<RunRecord>> {
                if !self.scope().admits(tenant) {
                    return Ok(None);
                }
                Ok(self
                    .conn()?
                    .prepare_cached(&format!(
                        "SELECT {RUN_COLUMNS} FROM workflow_runs
                         WHERE tenant_id = ?1 AND workflow = ?2 AND idempotency_key = ?3"
                    ))?
                    .query_row(params![tenant.to_string(), workflow, key], run_at)
                    .optional()?)
            }
            async fn wf_steps(&mut self, run: RunId) -> StoreResult<Vec<StepRecord>> {
                let scope = self.scope().clone();
                let mut stmt = self.conn()?.prepare_cached(
                    "SELECT run_id, seq, tenant_id, name, kind, output, error, attempts, created_at
                     FROM workflow_steps WHERE run_id = ?1 ORDER BY seq",
                )?;
                let rows = stmt.query_map(params![run.to_string()], step_at)?;
                let rows: Vec<StepRecord> = rows.collect::<Result<_, _>>()?;
                Ok(rows.into_iter().filter(|s| scope.admits(s.tenant_id)).collect())
            }
            async fn wf_signals(&mut self, run: RunId) -> StoreResult<Vec<SignalRecord>> {
                let scope = self.scope().clone();
                let mut stmt = self.conn()?.prepare_cached(
                    "SELECT id, run_id, tenant_id, name, payload, created_at, consumed_seq
                     FROM workflow_signals WHERE run_id = ?1 ORDER BY created_at, id",
                )?;
                let rows = stmt.query_map(params![run.to_string()], signal_at)?;
                let rows: Vec<SignalRecord> = rows.collect::<Result<_, _>>()?;
                Ok(rows.into_iter().filter(|s| scope.admits(s.tenant_id)).collect())
            }
            async fn wf_schedules(&mut self, tenant: TenantId) -> StoreResult<Vec<ScheduleRecord>> {
                if !self.scope().admits(tenant) {
                    return Ok(Vec::new());
                }
                let mut stmt = self.conn()?.prepare_cached(&format!(
                    "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules WHERE tenant_id = ?1 ORDER BY name"
                ))?;
                let rows = stmt.query_map(params![tenant.to_string()], schedule_at)?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            async fn wf_schedule(&mut self, id: ScheduleId) -> StoreResult<Option<ScheduleRecord>> {
                let s = self
                    .conn()?
                    .prepare_cached(&format!("SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules WHERE id = ?1"))?
                    .query_row(params![id.to_string()], schedule_at)
                    .optional()?;
                Ok(s.filter(|s| self.scope().admits(s.tenant_id)))
            }
            async fn wf_schedule_by_name(
                &mut self,
                tenant: TenantId,
                name: &str,
            ) -> StoreResult<Option<ScheduleRecord>> {
                if !self.scope().admits(tenant) {
                    return Ok(None);
                }
                Ok(self
                    .conn()?
                    .prepare_cached(&format!(
                        "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules WHERE tenant_id = ?1 AND name = ?2"
                    ))?
                    .query_row(params![tenant.to_string(), name], schedule_at)
                    .optional()?)
            }
            async fn wf_due_schedules(&mut self, now_ms: i64, limit: u32) -> StoreResult<Vec<ScheduleRecord>> {
                let mut stmt = self.conn()?.prepare_cached(&format!(
                    "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules
                     WHERE paused = 0 AND next_fire_ms <= ?1 ORDER BY next_fire_ms LIMIT ?2"
                ))?;
                let rows = stmt.query_map(params![now_ms, limit], schedule_at)?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            async fn wf_next_available(&mut self) -> StoreResult<Option<i64>> {
                Ok(self
                    .conn()?
                    .prepare_cached("SELECT min(available_ms) FROM workflow_runs WHERE available_ms IS NOT NULL")?
                    .query_row([], |r| r.get(0))?)
            }
            async fn wf_next_fire(&mut self) -> StoreResult<Option<i64>> {
                Ok(self
                    .conn()?
                    .prepare_cached("SELECT min(next_fire_ms) FROM workflow_schedules WHERE paused = 0")?
                    .query_row([], |r| r.get(0))?)
            }
            async fn wf_cancel_requested(&mut self, owner: &str) -> StoreResult<Vec<RunId>> {
                let mut stmt = self.conn()?.prepare_cached(
                    "SELECT id FROM workflow_runs WHERE owner = ?1 AND cancel_requested = 1
                     AND status IN ('running', 'compensating')",
                )?;
                let rows = stmt.query_map(params![owner], |r| uuid(r, 0))?;
                Ok(rows.map(|r| r.map(RunId::from_uuid)).collect::<Result<_, _>>()?)
            }
            async fn wf_outbox_head(&mut self) -> StoreResult<OutboxPos> {
                let seq: i64 = self
                    .conn()?
                    .prepare_cached("SELECT coalesce(max(pos), 0) FROM outbox")?
                    .query_row([], |r| r.get(0))?;
                Ok(OutboxPos { xid: 0, seq })
            }
            async fn wf_outbox_after(
                &mut self,
                after: OutboxPos,
                limit: u32,
            ) -> StoreResult<Vec<(OutboxPos, OutboxEvent)>> {
                // One writer: positions are handed out in commit order.
                let mut stmt = self.conn()?.prepare_cached(
                    "SELECT pos, id, tenant_id, topic, payload, created_at FROM outbox
                     WHERE pos > ?1 ORDER BY pos LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![after.seq, limit], |r| {
                    Ok((
                        OutboxPos { xid: 0, seq: r.get(0)? },
                        OutboxEvent {
                            id: EventId::from_uuid(uuid(r, 1)?),
                            tenant_id: TenantId::from_uuid(uuid(r, 2)?),
                            topic: r.get(3)?,
                            payload: json_col(r, 4)?,
                            created_at: time(r, 5)?,
                        },
                    ))
                })?;
                let rows: Vec<(OutboxPos, OutboxEvent)> = rows.collect::<Result<_, _>>()?;
                let scope = self.scope();
                Ok(rows.into_iter().filter(|(_, e)| scope.admits(e.tenant_id)).collect())
            }
            async fn wf_schedule_busy(&mut self, id: ScheduleId) -> StoreResult<bool> {
                Ok(self
                    .conn()?
                    .prepare_cached(
                        "SELECT 1 FROM workflow_runs WHERE schedule_id = ?1
                         AND status NOT IN ('succeeded', 'failed', 'cancelled') LIMIT 1",
                    )?
                    .query_row(params![id.to_string()], |_| Ok(()))
                    .optional()?
                    .is_some())
            }
        }
    };
}

impl_wf_read!(SqliteRead);
impl_wf_read!(SqliteWrite);

impl SqliteWrite {
    fn check_scope(&self, tenant: TenantId) -> StoreResult<()> {
        if self.scope.admits(tenant) { Ok(()) } else { Err(StoreError::OutOfScope(format!("tenant {tenant}"))) }
    }
}

#[async_trait]
impl WorkflowWrite for SqliteWrite {
    async fn wf_has_signal(&mut self, run: RunId, name: &str) -> StoreResult<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM workflow_signals WHERE run_id = ?1 AND name = ?2 AND consumed_seq IS NULL LIMIT 1",
            )?
            .query_row(params![run.to_string(), name], |_| Ok(()))
            .optional()?
            .is_some())
    }

    async fn wf_insert_run(&mut self, r: &RunRecord) -> StoreResult<bool> {
        self.check_scope(r.tenant_id)?;
        let tags = serde_json::to_string(&r.tags).map_err(|e| StoreError::Other(format!("tags: {e}")))?;
        let n = self
            .conn
            .prepare_cached(&format!(
                "INSERT INTO workflow_runs ({RUN_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                         ?20, ?21, ?22, ?23, ?24)
                 ON CONFLICT DO NOTHING"
            ))?
            .execute(params![
                r.id.to_string(),
                r.tenant_id.to_string(),
                r.workflow,
                r.version,
                r.queue,
                r.status.as_str(),
                to_json(&r.input)?,
                r.output.as_ref().map(to_json).transpose()?,
                r.error,
                tags,
                r.state.as_ref().map(to_json).transpose()?,
                r.idempotency_key,
                r.concurrency_key,
                r.parent_id.map(|p| p.to_string()),
                r.schedule_id.map(|s| s.to_string()),
                r.fire_time.as_ref().map(ts),
                r.epoch,
                r.owner,
                r.available_ms,
                r.cancel_requested,
                ts(&r.created_at),
                ts(&r.updated_at),
                r.started_at.as_ref().map(ts),
                r.finished_at.as_ref().map(ts),
            ])?;
        Ok(n == 1)
    }

    async fn wf_claim(
        &mut self,
        owner: &str,
        now_ms: i64,
        lease_until_ms: i64,
        limit: u32,
        retry_ms: i64,
        now: DateTime<Utc>,
        queues: &[QueueLimit],
    ) -> StoreResult<Vec<Claimed>> {
        // The single writer makes this transaction exclusive: counting, then claiming, cannot
        // race another claim.
        let mut running = std::collections::HashMap::new();
        for q in queues.iter().filter(|q| q.max_running.is_some()) {
            let n: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM workflow_runs WHERE queue = ?1 AND status IN ('running', 'compensating')",
                )?
                .query_row(params![q.queue], |r| r.get(0))?;
            running.insert(q.queue.clone(), n);
        }
        let mut rooms = Rooms::new(queues, &running);
        let json_list = |v: Vec<String>| serde_json::to_string(&v).map_err(|e| StoreError::Other(e.to_string()));
        let (full_here, full_globally) = (json_list(rooms.full_here())?, json_list(rooms.full_globally())?);
        let candidates: Vec<RunRecord> = {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {RUN_COLUMNS} FROM workflow_runs WHERE available_ms <= ?1
                   AND queue NOT IN (SELECT value FROM json_each(?3))
                   AND (status IN ('running', 'compensating') OR queue NOT IN (SELECT value FROM json_each(?4)))
                 ORDER BY available_ms LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![now_ms, limit, full_here, full_globally], run_at)?;
            rows.collect::<Result<_, _>>()?
        };
        let mut out = Vec::with_capacity(candidates.len());
        let now_text = ts(&now);
        for mut r in candidates {
            if !rooms.admits(&r.queue, r.status) {
                continue;
            }
            if let Some(key) = &r.concurrency_key {
                self.conn
                    .prepare_cached(
                        "INSERT OR IGNORE INTO workflow_locks (tenant_id, key, run_id) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![r.tenant_id.to_string(), key, r.id.to_string()])?;
                let holder: String = self
                    .conn
                    .prepare_cached("SELECT run_id FROM workflow_locks WHERE tenant_id = ?1 AND key = ?2")?
                    .query_row(params![r.tenant_id.to_string(), key], |row| row.get(0))?;
                if holder != r.id.to_string() {
                    self.conn
                        .prepare_cached("UPDATE workflow_runs SET available_ms = ?2 WHERE id = ?1")?
                        .execute(params![r.id.to_string(), now_ms + retry_ms])?;
                    continue;
                }
            }
            rooms.take(&r.queue, r.status);
            let status = if r.status == RunStatus::Compensating { RunStatus::Compensating } else { RunStatus::Running };
            self.conn
                .prepare_cached(
                    "UPDATE workflow_runs SET epoch = epoch + 1, owner = ?2, available_ms = ?3, status = ?4,
                         started_at = coalesce(started_at, ?5), updated_at = ?5
                     WHERE id = ?1",
                )?
                .execute(params![r.id.to_string(), owner, lease_until_ms, status.as_str(), now_text])?;
            r.epoch += 1;
            r.owner = Some(owner.to_owned());
            r.available_ms = Some(lease_until_ms);
            r.status = status;
            r.started_at.get_or_insert(now);
            out.push(r);
        }
        Ok(out)
    }

    async fn wf_renew(&mut self, owner: &str, runs: &[RunId], lease_until_ms: i64) -> StoreResult<Vec<RunId>> {
        let ids = serde_json::to_string(&runs.iter().map(ToString::to_string).collect::<Vec<_>>())
            .map_err(|e| StoreError::Other(e.to_string()))?;
        let mut stmt = self.conn.prepare_cached(
            "UPDATE workflow_runs SET available_ms = ?2
             WHERE owner = ?1 AND id IN (SELECT value FROM json_each(?3))
               AND status IN ('running', 'compensating')
             RETURNING id",
        )?;
        let renewed = stmt
            .query_map(params![owner, lease_until_ms, ids], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        renewed.iter().map(|id| id.parse().map_err(|_| StoreError::Other(format!("bad run id {id:?}")))).collect()
    }

    async fn wf_release_all(&mut self, owner: &str, now_ms: i64) -> StoreResult<u64> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_runs SET available_ms = ?2, owner = NULL
                 WHERE owner = ?1 AND status IN ('running', 'compensating')",
            )?
            .execute(params![owner, now_ms])?;
        Ok(n as u64)
    }

    async fn wf_fence(&mut self, run: RunId, epoch: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached("UPDATE workflow_runs SET updated_at = ?3 WHERE id = ?1 AND epoch = ?2")?
            .execute(params![run.to_string(), epoch, ts(&now)])?;
        Ok(n == 1)
    }

    async fn wf_insert_step(&mut self, s: &StepRecord) -> StoreResult<()> {
        self.check_scope(s.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO workflow_steps (run_id, seq, tenant_id, name, kind, output, error, attempts, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                s.run_id.to_string(),
                s.seq,
                s.tenant_id.to_string(),
                s.name,
                s.kind,
                s.output.as_ref().map(to_json).transpose()?,
                s.error,
                s.attempts,
                ts(&s.created_at),
            ])?;
        Ok(())
    }

    async fn wf_set_status_fenced(
        &mut self,
        run: RunId,
        epoch: i64,
        status: RunStatus,
        available_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        // Suspending drops the lease; any other status change keeps it.
        let sql = if status == RunStatus::Waiting {
            "UPDATE workflow_runs SET status = ?3, available_ms = ?4, owner = NULL, updated_at = ?5
             WHERE id = ?1 AND epoch = ?2"
        } else {
            "UPDATE workflow_runs SET status = ?3, available_ms = coalesce(?4, available_ms), updated_at = ?5
             WHERE id = ?1 AND epoch = ?2"
        };
        let n = self.conn.prepare_cached(sql)?.execute(params![
            run.to_string(),
            epoch,
            status.as_str(),
            available_ms,
            ts(&now)
        ])?;
        Ok(n == 1)
    }

    async fn wf_finish_fenced(
        &mut self,
        run: RunId,
        epoch: i64,
        status: RunStatus,
        output: Option<&Value>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_runs SET status = ?3, output = ?4, error = ?5, available_ms = NULL, owner = NULL,
                     finished_at = ?6, updated_at = ?6
                 WHERE id = ?1 AND epoch = ?2",
            )?
            .execute(params![
                run.to_string(),
                epoch,
                status.as_str(),
                output.map(to_json).transpose()?,
                error,
                ts(&now)
            ])?;
        if n == 1 {
            self.conn
                .prepare_cached("DELETE FROM workflow_locks WHERE run_id = ?1")?
                .execute(params![run.to_string()])?;
        }
        Ok(n == 1)
    }

    async fn wf_set_state_fenced(&mut self, run: RunId, epoch: i64, state: &Value) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached("UPDATE workflow_runs SET state = ?3 WHERE id = ?1 AND epoch = ?2")?
            .execute(params![run.to_string(), epoch, to_json(state)?])?;
        Ok(n == 1)
    }

    async fn wf_take_signal(&mut self, run: RunId, name: &str, seq: u32) -> StoreResult<Option<SignalRecord>> {
        let found = self
            .conn
            .prepare_cached(
                "SELECT id, run_id, tenant_id, name, payload, created_at, consumed_seq FROM workflow_signals
                 WHERE run_id = ?1 AND name = ?2 AND consumed_seq IS NULL ORDER BY created_at, id LIMIT 1",
            )?
            .query_row(params![run.to_string(), name], signal_at)
            .optional()?;
        if let Some(mut s) = found {
            self.conn
                .prepare_cached("UPDATE workflow_signals SET consumed_seq = ?2 WHERE id = ?1")?
                .execute(params![s.id.to_string(), seq])?;
            s.consumed_seq = Some(seq);
            return Ok(Some(s));
        }
        Ok(None)
    }

    async fn wf_insert_signal(&mut self, s: &SignalRecord) -> StoreResult<()> {
        self.check_scope(s.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO workflow_signals (id, run_id, tenant_id, name, payload, created_at, consumed_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                s.id.to_string(),
                s.run_id.to_string(),
                s.tenant_id.to_string(),
                s.name,
                to_json(&s.payload)?,
                ts(&s.created_at),
                s.consumed_seq,
            ])?;
        Ok(())
    }

    async fn wf_wake(&mut self, run: RunId, now_ms: i64) -> StoreResult<()> {
        self.conn
            .prepare_cached("UPDATE workflow_runs SET available_ms = ?2 WHERE id = ?1 AND status = 'waiting'")?
            .execute(params![run.to_string(), now_ms])?;
        Ok(())
    }

    async fn wf_request_cancel(&mut self, run: RunId, now_ms: i64, now: DateTime<Utc>) -> StoreResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE workflow_runs SET cancel_requested = 1, updated_at = ?3,
                     available_ms = CASE WHEN status IN ('waiting', 'enqueued') THEN ?2 ELSE available_ms END
                 WHERE id = ?1 AND status NOT IN ('succeeded', 'failed', 'cancelled')",
            )?
            .execute(params![run.to_string(), now_ms, ts(&now)])?;
        Ok(())
    }

    async fn wf_terminate(&mut self, run: RunId, reason: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_runs SET status = 'cancelled', error = ?2, epoch = epoch + 1, owner = NULL,
                     available_ms = NULL, finished_at = ?3, updated_at = ?3
                 WHERE id = ?1 AND status NOT IN ('succeeded', 'failed', 'cancelled')",
            )?
            .execute(params![run.to_string(), reason, ts(&now)])?;
        if n == 1 {
            self.conn
                .prepare_cached("DELETE FROM workflow_locks WHERE run_id = ?1")?
                .execute(params![run.to_string()])?;
        }
        Ok(n == 1)
    }

    async fn wf_retry(&mut self, run: RunId, from_seq: u32, now_ms: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_runs SET status = 'enqueued', error = NULL, output = NULL, epoch = epoch + 1,
                     owner = NULL, available_ms = ?2, cancel_requested = 0, finished_at = NULL, updated_at = ?3
                 WHERE id = ?1 AND status IN ('failed', 'cancelled')",
            )?
            .execute(params![run.to_string(), now_ms, ts(&now)])?;
        if n == 1 {
            self.conn
                .prepare_cached("DELETE FROM workflow_steps WHERE run_id = ?1 AND seq >= ?2")?
                .execute(params![run.to_string(), from_seq])?;
        }
        Ok(n == 1)
    }

    async fn wf_insert_schedule(&mut self, s: &ScheduleRecord) -> StoreResult<()> {
        self.check_scope(s.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO workflow_schedules ({SCHEDULE_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
            ))?
            .execute(params![
                s.id.to_string(),
                s.tenant_id.to_string(),
                s.name,
                s.cron,
                s.timezone,
                s.workflow,
                to_json(&s.input)?,
                s.overlap,
                s.catch_up_secs,
                s.paused,
                s.next_fire_ms,
                s.last_fire_at.as_ref().map(ts),
                ts(&s.created_at),
                ts(&s.updated_at),
            ])?;
        Ok(())
    }

    async fn wf_set_schedule_paused(
        &mut self,
        id: ScheduleId,
        paused: bool,
        next_fire_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_schedules SET paused = ?2, next_fire_ms = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id.to_string(), paused, next_fire_ms, ts(&now)])?;
        Ok(n == 1)
    }

    async fn wf_set_schedule_cron(
        &mut self,
        id: ScheduleId,
        cron: &str,
        next_fire_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_schedules SET cron = ?2, next_fire_ms = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute(params![id.to_string(), cron, next_fire_ms, ts(&now)])?;
        Ok(n == 1)
    }

    async fn wf_advance_schedule(
        &mut self,
        id: ScheduleId,
        expected: Option<i64>,
        next: Option<i64>,
        last_fire: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE workflow_schedules SET next_fire_ms = ?3, last_fire_at = coalesce(?4, last_fire_at),
                     updated_at = ?5
                 WHERE id = ?1 AND next_fire_ms IS ?2",
            )?
            .execute(params![id.to_string(), expected, next, last_fire.as_ref().map(ts), ts(&now)])?;
        Ok(n == 1)
    }

    async fn wf_delete_ended_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        let before = ts(&before);
        let cond = "(revoked_at IS NOT NULL AND revoked_at < ?1) OR expires_at < ?1 OR idle_expires_at < ?1";
        self.conn
            .prepare_cached(&format!(
                "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE {cond})"
            ))?
            .execute(params![before])?;
        let n = self.conn.prepare_cached(&format!("DELETE FROM sessions WHERE {cond}"))?.execute(params![before])?;
        Ok(n as u64)
    }

    async fn wf_prune_outbox(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        let n = self
            .conn
            .prepare_cached(
                "DELETE FROM outbox WHERE created_at < ?1 AND pos < (SELECT coalesce(max(pos), 0) FROM outbox)",
            )?
            .execute(params![ts(&before)])?;
        Ok(n as u64)
    }
}
