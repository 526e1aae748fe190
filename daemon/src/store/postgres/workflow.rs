//! PostgreSQL statements of the workflow journal. Claims lock candidate rows with
//! `FOR UPDATE SKIP LOCKED`, so replicas claiming at once take disjoint runs without waiting on
//! each other; row-level security bounds every statement to the transaction's tenants. No rules
//! beyond mapping rows.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use nimbus_core::ids::{EventId, RunId, ScheduleId, SignalId, TenantId};
use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{PgConnection, QueryBuilder, Row};

use super::{HasConn, PgRead, PgWrite};
use crate::store::workflow::{
    Claimed, OutboxPos, QueueLimit, Rooms, RunFilter, RunRecord, RunStatus, ScheduleRecord, SignalRecord, StepRecord,
    WorkflowRead, WorkflowWrite,
};
use crate::store::{OutboxEvent, StoreError, StoreResult};

const RUN_COLUMNS: &str = "id, tenant_id, workflow, version, queue, status, input, output, error, tags, state, \
     idempotency_key, concurrency_key, parent_id, schedule_id, fire_time, epoch, owner, available_ms, \
     cancel_requested, created_at, updated_at, started_at, finished_at";

fn run_at(r: &PgRow) -> StoreResult<RunRecord> {
    let status: String = r.try_get(5)?;
    let tags: Json<BTreeMap<String, String>> = r.try_get(9)?;
    let version: i32 = r.try_get(3)?;
    Ok(RunRecord {
        id: RunId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        workflow: r.try_get(2)?,
        version: u32::try_from(version).map_err(|_| StoreError::Corrupt("run version".into()))?,
        queue: r.try_get(4)?,
        status: RunStatus::parse(&status)?,
        input: r.try_get::<Json<Value>, _>(6)?.0,
        output: r.try_get::<Option<Json<Value>>, _>(7)?.map(|j| j.0),
        error: r.try_get(8)?,
        tags: tags.0,
        state: r.try_get::<Option<Json<Value>>, _>(10)?.map(|j| j.0),
        idempotency_key: r.try_get(11)?,
        concurrency_key: r.try_get(12)?,
        parent_id: r.try_get::<Option<uuid::Uuid>, _>(13)?.map(RunId::from_uuid),
        schedule_id: r.try_get::<Option<uuid::Uuid>, _>(14)?.map(ScheduleId::from_uuid),
        fire_time: r.try_get(15)?,
        epoch: r.try_get(16)?,
        owner: r.try_get(17)?,
        available_ms: r.try_get(18)?,
        cancel_requested: r.try_get(19)?,
        created_at: r.try_get(20)?,
        updated_at: r.try_get(21)?,
        started_at: r.try_get(22)?,
        finished_at: r.try_get(23)?,
    })
}

const SCHEDULE_COLUMNS: &str = "id, tenant_id, name, cron, timezone, workflow, input, overlap, catch_up_secs, paused, \
     next_fire_ms, last_fire_at, created_at, updated_at";

fn schedule_at(r: &PgRow) -> StoreResult<ScheduleRecord> {
    Ok(ScheduleRecord {
        id: ScheduleId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        name: r.try_get(2)?,
        cron: r.try_get(3)?,
        timezone: r.try_get(4)?,
        workflow: r.try_get(5)?,
        input: r.try_get::<Json<Value>, _>(6)?.0,
        overlap: r.try_get(7)?,
        catch_up_secs: r.try_get(8)?,
        paused: r.try_get(9)?,
        next_fire_ms: r.try_get(10)?,
        last_fire_at: r.try_get(11)?,
        created_at: r.try_get(12)?,
        updated_at: r.try_get(13)?,
    })
}

fn step_at(r: &PgRow) -> StoreResult<StepRecord> {
    let seq: i32 = r.try_get(1)?;
    let attempts: i32 = r.try_get(7)?;
    Ok(StepRecord {
        run_id: RunId::from_uuid(r.try_get(0)?),
        seq: u32::try_from(seq).map_err(|_| StoreError::Corrupt("step seq".into()))?,
        tenant_id: TenantId::from_uuid(r.try_get(2)?),
        name: r.try_get(3)?,
        kind: r.try_get(4)?,
        output: r.try_get::<Option<Json<Value>>, _>(5)?.map(|j| j.0),
        error: r.try_get(6)?,
        attempts: u32::try_from(attempts).unwrap_or(0),
        created_at: r.try_get(8)?,
    })
}

fn signal_at(r: &PgRow) -> StoreResult<SignalRecord> {
    let consumed: Option<i32> = r.try_get(6)?;
    Ok(SignalRecord {
        id: SignalId::from_uuid(r.try_get(0)?),
        run_id: RunId::from_uuid(r.try_get(1)?),
        tenant_id: TenantId::from_uuid(r.try_get(2)?),
        name: r.try_get(3)?,
        payload: r.try_get::<Json<Value>, _>(4)?.0,
        created_at: r.try_get(5)?,
        consumed_seq: consumed.and_then(|c| u32::try_from(c).ok()),
    })
}

fn parse_xid(text: &str) -> StoreResult<u64> {
    text.parse().map_err(|_| StoreError::Corrupt(format!("transaction id {text:?}")))
}

fn i32_of(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

async fn runs(c: &mut PgConnection, f: &RunFilter) -> StoreResult<Vec<RunRecord>> {
    if f.tenants.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::new(format!("SELECT {RUN_COLUMNS} FROM workflow_runs WHERE tenant_id = ANY("));
    q.push_bind(f.tenants.iter().map(|t| *t.as_uuid()).collect::<Vec<_>>()).push(")");
    if let Some(s) = f.status {
        q.push(" AND status = ").push_bind(s.as_str());
    }
    if let Some(w) = &f.workflow {
        q.push(" AND workflow = ").push_bind(w.clone());
    }
    if let Some((k, v)) = &f.tag {
        q.push(" AND tags ->> ").push_bind(k.clone()).push(" = ").push_bind(v.clone());
    }
    if let Some(p) = f.parent {
        q.push(" AND parent_id = ").push_bind(*p.as_uuid());
    }
    if let Some(b) = f.before {
        q.push(" AND id < ").push_bind(*b.as_uuid());
    }
    q.push(" ORDER BY id DESC LIMIT ").push_bind(i64::from(f.limit));
    let rows = q.build().fetch_all(c).await?;
    rows.iter().map(run_at).collect()
}

macro_rules! impl_wf_read {
    ($t:ty) => {
        #[async_trait]
        impl WorkflowRead for $t {
            async fn wf_run(&mut self, id: RunId) -> StoreResult<Option<RunRecord>> {
                let row =
                    sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {RUN_COLUMNS} FROM workflow_runs WHERE id = $1")))
                        .bind(id.as_uuid())
                        .fetch_optional(self.conn())
                        .await?;
                row.as_ref().map(run_at).transpose()
            }
            async fn wf_runs(&mut self, filter: &RunFilter) -> StoreResult<Vec<RunRecord>> {
                runs(self.conn(), filter).await
            }
            async fn wf_run_by_key(
                &mut self,
                tenant: TenantId,
                workflow: &str,
                key: &str,
            ) -> StoreResult<Option<RunRecord>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {RUN_COLUMNS} FROM workflow_runs
                     WHERE tenant_id = $1 AND workflow = $2 AND idempotency_key = $3"
                )))
                .bind(tenant.as_uuid())
                .bind(workflow)
                .bind(key)
                .fetch_optional(self.conn())
                .await?;
                row.as_ref().map(run_at).transpose()
            }
            async fn wf_steps(&mut self, run: RunId) -> StoreResult<Vec<StepRecord>> {
                let rows = sqlx::query(
                    "SELECT run_id, seq, tenant_id, name, kind, output, error, attempts, created_at
                     FROM workflow_steps WHERE run_id = $1 ORDER BY seq",
                )
                .bind(run.as_uuid())
                .fetch_all(self.conn())
                .await?;
                rows.iter().map(step_at).collect()
            }
            async fn wf_signals(&mut self, run: RunId) -> StoreResult<Vec<SignalRecord>> {
                let rows = sqlx::query(
                    "SELECT id, run_id, tenant_id, name, payload, created_at, consumed_seq
                     FROM workflow_signals WHERE run_id = $1 ORDER BY created_at, id",
                )
                .bind(run.as_uuid())
                .fetch_all(self.conn())
                .await?;
                rows.iter().map(signal_at).collect()
            }
            async fn wf_schedules(&mut self, tenant: TenantId) -> StoreResult<Vec<ScheduleRecord>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules WHERE tenant_id = $1 ORDER BY name"
                )))
                .bind(tenant.as_uuid())
                .fetch_all(self.conn())
                .await?;
                rows.iter().map(schedule_at).collect()
            }
            async fn wf_schedule(&mut self, id: ScheduleId) -> StoreResult<Option<ScheduleRecord>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules WHERE id = $1"
                )))
                .bind(id.as_uuid())
                .fetch_optional(self.conn())
                .await?;
                row.as_ref().map(schedule_at).transpose()
            }
            async fn wf_schedule_by_name(
                &mut self,
                tenant: TenantId,
                name: &str,
            ) -> StoreResult<Option<ScheduleRecord>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules WHERE tenant_id = $1 AND name = $2"
                )))
                .bind(tenant.as_uuid())
                .bind(name)
                .fetch_optional(self.conn())
                .await?;
                row.as_ref().map(schedule_at).transpose()
            }
            async fn wf_due_schedules(&mut self, now_ms: i64, limit: u32) -> StoreResult<Vec<ScheduleRecord>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {SCHEDULE_COLUMNS} FROM workflow_schedules
                     WHERE NOT paused AND next_fire_ms <= $1 ORDER BY next_fire_ms LIMIT $2"
                )))
                .bind(now_ms)
                .bind(i64::from(limit))
                .fetch_all(self.conn())
                .await?;
                rows.iter().map(schedule_at).collect()
            }
            async fn wf_next_available(&mut self) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT min(available_ms) FROM workflow_runs WHERE available_ms IS NOT NULL")
                    .fetch_one(self.conn())
                    .await?)
            }
            async fn wf_next_fire(&mut self) -> StoreResult<Option<i64>> {
                Ok(sqlx::query_scalar("SELECT min(next_fire_ms) FROM workflow_schedules WHERE NOT paused")
                    .fetch_one(self.conn())
                    .await?)
            }
            async fn wf_cancel_requested(&mut self, owner: &str) -> StoreResult<Vec<RunId>> {
                let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
                    "SELECT id FROM workflow_runs WHERE owner = $1 AND cancel_requested
                     AND status IN ('running', 'compensating')",
                )
                .bind(owner)
                .fetch_all(self.conn())
                .await?;
                Ok(ids.into_iter().map(RunId::from_uuid).collect())
            }
            async fn wf_outbox_head(&mut self) -> StoreResult<OutboxPos> {
                let xmin: String = sqlx::query_scalar("SELECT pg_snapshot_xmin(pg_current_snapshot())::text")
                    .fetch_one(self.conn())
                    .await?;
                Ok(OutboxPos { xid: parse_xid(&xmin)?, seq: 0 })
            }
            async fn wf_outbox_after(
                &mut self,
                after: OutboxPos,
                limit: u32,
            ) -> StoreResult<Vec<(OutboxPos, OutboxEvent)>> {
                // Sequence values become visible out of commit order; transaction ids below the
                // snapshot's xmin belong to transactions that have all ended, so the set of such
                // rows is final and ordering by (xid, pos) never puts a later commit behind the
                // cursor.
                let rows = sqlx::query(
                    "SELECT xid::text, pos, id, tenant_id, topic, payload, created_at FROM outbox
                     WHERE (xid, pos) > ($1::text::xid8, $2) AND xid < pg_snapshot_xmin(pg_current_snapshot())
                     ORDER BY xid, pos LIMIT $3",
                )
                .bind(after.xid.to_string())
                .bind(after.seq)
                .bind(i64::from(limit))
                .fetch_all(self.conn())
                .await?;
                rows.iter()
                    .map(|r| {
                        let xid: String = r.try_get(0)?;
                        Ok((
                            OutboxPos { xid: parse_xid(&xid)?, seq: r.try_get(1)? },
                            OutboxEvent {
                                id: EventId::from_uuid(r.try_get(2)?),
                                tenant_id: TenantId::from_uuid(r.try_get(3)?),
                                topic: r.try_get(4)?,
                                payload: r.try_get::<Json<Value>, _>(5)?.0,
                                created_at: r.try_get(6)?,
                            },
                        ))
                    })
                    .collect()
            }
            async fn wf_schedule_busy(&mut self, id: ScheduleId) -> StoreResult<bool> {
                let n: Option<i32> = sqlx::query_scalar(
                    "SELECT 1 FROM workflow_runs WHERE schedule_id = $1
                     AND status NOT IN ('succeeded', 'failed', 'cancelled') LIMIT 1",
                )
                .bind(id.as_uuid())
                .fetch_optional(self.conn())
                .await?;
                Ok(n.is_some())
            }
        }
    };
}

impl_wf_read!(PgRead);
impl_wf_read!(PgWrite);

#[async_trait]
impl WorkflowWrite for PgWrite {
    async fn wf_has_signal(&mut self, run: RunId, name: &str) -> StoreResult<bool> {
        let n: Option<i32> = sqlx::query_scalar(
            "SELECT 1 FROM workflow_signals WHERE run_id = $1 AND name = $2 AND consumed_seq IS NULL LIMIT 1",
        )
        .bind(run.as_uuid())
        .bind(name)
        .fetch_optional(&mut *self.tx)
        .await?;
        Ok(n.is_some())
    }

    async fn wf_insert_run(&mut self, r: &RunRecord) -> StoreResult<bool> {
        let done = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO workflow_runs ({RUN_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
                     $21, $22, $23, $24)
             ON CONFLICT DO NOTHING"
        )))
        .bind(r.id.as_uuid())
        .bind(r.tenant_id.as_uuid())
        .bind(&r.workflow)
        .bind(i32_of(r.version))
        .bind(&r.queue)
        .bind(r.status.as_str())
        .bind(Json(&r.input))
        .bind(r.output.as_ref().map(Json))
        .bind(&r.error)
        .bind(Json(&r.tags))
        .bind(r.state.as_ref().map(Json))
        .bind(&r.idempotency_key)
        .bind(&r.concurrency_key)
        .bind(r.parent_id.map(|p| *p.as_uuid()))
        .bind(r.schedule_id.map(|s| *s.as_uuid()))
        .bind(r.fire_time)
        .bind(r.epoch)
        .bind(&r.owner)
        .bind(r.available_ms)
        .bind(r.cancel_requested)
        .bind(r.created_at)
        .bind(r.updated_at)
        .bind(r.started_at)
        .bind(r.finished_at)
        .execute(&mut *self.tx)
        .await?
        .rows_affected()
            == 1;
        // Delivered at commit; other replicas claim it without waiting for their next poll.
        sqlx::query("SELECT pg_notify('nimbus_workflows', '')").execute(&mut *self.tx).await?;
        Ok(done)
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
        // Globally limited queues: lock each queue's row (in name order, so two claimers never
        // wait on each other crosswise), then count its RUNNING runs. A concurrent claim of the
        // same queue waits here for this transaction to end, and its count (a new statement
        // under READ COMMITTED) then sees these claims: the limit cannot be overshot.
        let mut limited: Vec<&str> =
            queues.iter().filter(|q| q.max_running.is_some()).map(|q| q.queue.as_str()).collect();
        limited.sort_unstable();
        limited.dedup();
        let mut running = std::collections::HashMap::new();
        if !limited.is_empty() {
            for q in &limited {
                sqlx::query(
                    "INSERT INTO workflow_queues (name) VALUES ($1)
                     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name",
                )
                .bind(*q)
                .execute(&mut *self.tx)
                .await?;
            }
            let rows = sqlx::query(
                "SELECT queue, count(*) FROM workflow_runs
                 WHERE queue = ANY($1) AND status IN ('running', 'compensating') GROUP BY queue",
            )
            .bind(&limited)
            .fetch_all(&mut *self.tx)
            .await?;
            for r in &rows {
                running.insert(r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?);
            }
        }
        let mut rooms = Rooms::new(queues, &running);
        // Rows another replica is claiming right now are skipped, not waited for. Full queues
        // are left out (a takeover of an expired lease still comes through).
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {RUN_COLUMNS} FROM workflow_runs WHERE available_ms <= $1
               AND NOT queue = ANY($3)
               AND (status IN ('running', 'compensating') OR NOT queue = ANY($4))
             ORDER BY available_ms LIMIT $2 FOR UPDATE SKIP LOCKED"
        )))
        .bind(now_ms)
        .bind(i64::from(limit))
        .bind(rooms.full_here())
        .bind(rooms.full_globally())
        .fetch_all(&mut *self.tx)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        let mut plain = Vec::new();
        for row in &rows {
            let mut r = run_at(row)?;
            if !rooms.admits(&r.queue, r.status) {
                continue;
            }
            if let Some(key) = &r.concurrency_key {
                // A concurrent insert of the same key waits for the other transaction and then
                // finds its holder: never two holders.
                let holder: uuid::Uuid = sqlx::query_scalar(
                    "INSERT INTO workflow_locks (tenant_id, key, run_id) VALUES ($1, $2, $3)
                     ON CONFLICT (tenant_id, key) DO UPDATE SET key = EXCLUDED.key RETURNING run_id",
                )
                .bind(r.tenant_id.as_uuid())
                .bind(key)
                .bind(r.id.as_uuid())
                .fetch_one(&mut *self.tx)
                .await?;
                if holder != *r.id.as_uuid() {
                    sqlx::query("UPDATE workflow_runs SET available_ms = $2 WHERE id = $1")
                        .bind(r.id.as_uuid())
                        .bind(now_ms + retry_ms)
                        .execute(&mut *self.tx)
                        .await?;
                    continue;
                }
            }
            rooms.take(&r.queue, r.status);
            r.epoch += 1;
            r.owner = Some(owner.to_owned());
            r.available_ms = Some(lease_until_ms);
            if r.status != RunStatus::Compensating {
                r.status = RunStatus::Running;
            }
            r.started_at.get_or_insert(now);
            plain.push(*r.id.as_uuid());
            out.push(r);
        }
        if !plain.is_empty() {
            // One statement for the whole batch.
            sqlx::query(
                "UPDATE workflow_runs SET epoch = epoch + 1, owner = $2, available_ms = $3,
                     status = CASE WHEN status = 'compensating' THEN status ELSE 'running' END,
                     started_at = coalesce(started_at, $4), updated_at = $4
                 WHERE id = ANY($1)",
            )
            .bind(&plain)
            .bind(owner)
            .bind(lease_until_ms)
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(out)
    }

    async fn wf_renew(&mut self, owner: &str, runs: &[RunId], lease_until_ms: i64) -> StoreResult<Vec<RunId>> {
        let ids: Vec<uuid::Uuid> = runs.iter().map(|r| *r.as_uuid()).collect();
        // Rows a journal batch is writing are skipped, not waited for: waiting on hundreds of
        // them while holding the others made batches queue behind the renewal (and deadlock
        // with it). The caller renews the skipped ones again a moment later.
        let renewed: Vec<uuid::Uuid> = sqlx::query_scalar(
            "WITH mine AS (
                 SELECT id FROM workflow_runs
                 WHERE owner = $1 AND id = ANY($3) AND status IN ('running', 'compensating')
                 FOR UPDATE SKIP LOCKED)
             UPDATE workflow_runs w SET available_ms = $2 FROM mine WHERE w.id = mine.id RETURNING w.id",
        )
        .bind(owner)
        .bind(lease_until_ms)
        .bind(&ids)
        .fetch_all(&mut *self.tx)
        .await?;
        Ok(renewed.into_iter().map(RunId::from_uuid).collect())
    }

    async fn wf_release_all(&mut self, owner: &str, now_ms: i64) -> StoreResult<u64> {
        let r = sqlx::query(
            "UPDATE workflow_runs SET available_ms = $2, owner = NULL
             WHERE owner = $1 AND status IN ('running', 'compensating')",
        )
        .bind(owner)
        .bind(now_ms)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected())
    }

    async fn wf_fence(&mut self, run: RunId, epoch: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE workflow_runs SET updated_at = $3 WHERE id = $1 AND epoch = $2")
            .bind(run.as_uuid())
            .bind(epoch)
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn wf_insert_step(&mut self, s: &StepRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO workflow_steps (run_id, seq, tenant_id, name, kind, output, error, attempts, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(s.run_id.as_uuid())
        .bind(i32_of(s.seq))
        .bind(s.tenant_id.as_uuid())
        .bind(&s.name)
        .bind(&s.kind)
        .bind(s.output.as_ref().map(Json))
        .bind(&s.error)
        .bind(i32_of(s.attempts))
        .bind(s.created_at)
        .execute(&mut *self.tx)
        .await?;
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
        let sql = if status == RunStatus::Waiting {
            "UPDATE workflow_runs SET status = $3, available_ms = $4, owner = NULL, updated_at = $5
             WHERE id = $1 AND epoch = $2"
        } else {
            "UPDATE workflow_runs SET status = $3, available_ms = coalesce($4, available_ms), updated_at = $5
             WHERE id = $1 AND epoch = $2"
        };
        let r = sqlx::query(sql)
            .bind(run.as_uuid())
            .bind(epoch)
            .bind(status.as_str())
            .bind(available_ms)
            .bind(now)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
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
        let r = sqlx::query(
            "UPDATE workflow_runs SET status = $3, output = $4, error = $5, available_ms = NULL, owner = NULL,
                 finished_at = $6, updated_at = $6
             WHERE id = $1 AND epoch = $2",
        )
        .bind(run.as_uuid())
        .bind(epoch)
        .bind(status.as_str())
        .bind(output.map(Json))
        .bind(error)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        let done = r.rows_affected() == 1;
        if done {
            sqlx::query("DELETE FROM workflow_locks WHERE run_id = $1")
                .bind(run.as_uuid())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(done)
    }

    async fn wf_set_state_fenced(&mut self, run: RunId, epoch: i64, state: &Value) -> StoreResult<bool> {
        let r = sqlx::query("UPDATE workflow_runs SET state = $3 WHERE id = $1 AND epoch = $2")
            .bind(run.as_uuid())
            .bind(epoch)
            .bind(Json(state))
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn wf_take_signal(&mut self, run: RunId, name: &str, seq: u32) -> StoreResult<Option<SignalRecord>> {
        let row = sqlx::query(
            "UPDATE workflow_signals SET consumed_seq = $3 WHERE id = (
                 SELECT id FROM workflow_signals WHERE run_id = $1 AND name = $2 AND consumed_seq IS NULL
                 ORDER BY created_at, id LIMIT 1 FOR UPDATE)
             RETURNING id, run_id, tenant_id, name, payload, created_at, consumed_seq",
        )
        .bind(run.as_uuid())
        .bind(name)
        .bind(i32_of(seq))
        .fetch_optional(&mut *self.tx)
        .await?;
        row.as_ref().map(signal_at).transpose()
    }

    async fn wf_insert_signal(&mut self, s: &SignalRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO workflow_signals (id, run_id, tenant_id, name, payload, created_at, consumed_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(s.id.as_uuid())
        .bind(s.run_id.as_uuid())
        .bind(s.tenant_id.as_uuid())
        .bind(&s.name)
        .bind(Json(&s.payload))
        .bind(s.created_at)
        .bind(s.consumed_seq.map(i32_of))
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn wf_wake(&mut self, run: RunId, now_ms: i64) -> StoreResult<()> {
        // Locks the run's row even when it is not waiting yet. A run suspending concurrently
        // (`Op::Suspend`: set WAITING, then look for a signal) then either blocks until this
        // transaction commits and sees its signal, or has committed WAITING first, which this
        // statement re-reads after the lock and wakes. With `AND status = 'waiting'` in the WHERE
        // a still-RUNNING row was skipped unlocked and the wake-up could be lost.
        sqlx::query(
            "UPDATE workflow_runs SET available_ms = CASE WHEN status = 'waiting' THEN $2 ELSE available_ms END
             WHERE id = $1",
        )
        .bind(run.as_uuid())
        .bind(now_ms)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("SELECT pg_notify('nimbus_workflows', '')").execute(&mut *self.tx).await?;
        Ok(())
    }

    async fn wf_request_cancel(&mut self, run: RunId, now_ms: i64, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE workflow_runs SET cancel_requested = true, updated_at = $3,
                 available_ms = CASE WHEN status IN ('waiting', 'enqueued') THEN $2 ELSE available_ms END
             WHERE id = $1 AND status NOT IN ('succeeded', 'failed', 'cancelled')",
        )
        .bind(run.as_uuid())
        .bind(now_ms)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        sqlx::query("SELECT pg_notify('nimbus_workflows', '')").execute(&mut *self.tx).await?;
        Ok(())
    }

    async fn wf_terminate(&mut self, run: RunId, reason: &str, now: DateTime<Utc>) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE workflow_runs SET status = 'cancelled', error = $2, epoch = epoch + 1, owner = NULL,
                 available_ms = NULL, finished_at = $3, updated_at = $3
             WHERE id = $1 AND status NOT IN ('succeeded', 'failed', 'cancelled')",
        )
        .bind(run.as_uuid())
        .bind(reason)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        let done = r.rows_affected() == 1;
        if done {
            sqlx::query("DELETE FROM workflow_locks WHERE run_id = $1")
                .bind(run.as_uuid())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(done)
    }

    async fn wf_retry(&mut self, run: RunId, from_seq: u32, now_ms: i64, now: DateTime<Utc>) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE workflow_runs SET status = 'enqueued', error = NULL, output = NULL, epoch = epoch + 1,
                 owner = NULL, available_ms = $2, cancel_requested = false, finished_at = NULL, updated_at = $3
             WHERE id = $1 AND status IN ('failed', 'cancelled')",
        )
        .bind(run.as_uuid())
        .bind(now_ms)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        let done = r.rows_affected() == 1;
        if done {
            sqlx::query("DELETE FROM workflow_steps WHERE run_id = $1 AND seq >= $2")
                .bind(run.as_uuid())
                .bind(i32_of(from_seq))
                .execute(&mut *self.tx)
                .await?;
            sqlx::query("SELECT pg_notify('nimbus_workflows', '')").execute(&mut *self.tx).await?;
        }
        Ok(done)
    }

    async fn wf_insert_schedule(&mut self, s: &ScheduleRecord) -> StoreResult<()> {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO workflow_schedules ({SCHEDULE_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        )))
        .bind(s.id.as_uuid())
        .bind(s.tenant_id.as_uuid())
        .bind(&s.name)
        .bind(&s.cron)
        .bind(&s.timezone)
        .bind(&s.workflow)
        .bind(Json(&s.input))
        .bind(&s.overlap)
        .bind(s.catch_up_secs)
        .bind(s.paused)
        .bind(s.next_fire_ms)
        .bind(s.last_fire_at)
        .bind(s.created_at)
        .bind(s.updated_at)
        .execute(&mut *self.tx)
        .await?;
        Ok(())
    }

    async fn wf_set_schedule_paused(
        &mut self,
        id: ScheduleId,
        paused: bool,
        next_fire_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r =
            sqlx::query("UPDATE workflow_schedules SET paused = $2, next_fire_ms = $3, updated_at = $4 WHERE id = $1")
                .bind(id.as_uuid())
                .bind(paused)
                .bind(next_fire_ms)
                .bind(now)
                .execute(&mut *self.tx)
                .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn wf_set_schedule_cron(
        &mut self,
        id: ScheduleId,
        cron: &str,
        next_fire_ms: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r =
            sqlx::query("UPDATE workflow_schedules SET cron = $2, next_fire_ms = $3, updated_at = $4 WHERE id = $1")
                .bind(id.as_uuid())
                .bind(cron)
                .bind(next_fire_ms)
                .bind(now)
                .execute(&mut *self.tx)
                .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn wf_advance_schedule(
        &mut self,
        id: ScheduleId,
        expected: Option<i64>,
        next: Option<i64>,
        last_fire: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let r = sqlx::query(
            "UPDATE workflow_schedules SET next_fire_ms = $3, last_fire_at = coalesce($4, last_fire_at),
                 updated_at = $5
             WHERE id = $1 AND next_fire_ms IS NOT DISTINCT FROM $2",
        )
        .bind(id.as_uuid())
        .bind(expected)
        .bind(next)
        .bind(last_fire)
        .bind(now)
        .execute(&mut *self.tx)
        .await?;
        Ok(r.rows_affected() == 1)
    }

    async fn wf_delete_ended_sessions(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        let cond = "(revoked_at IS NOT NULL AND revoked_at < $1) OR expires_at < $1 OR idle_expires_at < $1";
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE {cond})"
        )))
        .bind(before)
        .execute(&mut *self.tx)
        .await?;
        let r = sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM sessions WHERE {cond}")))
            .bind(before)
            .execute(&mut *self.tx)
            .await?;
        Ok(r.rows_affected())
    }

    async fn wf_prune_outbox(&mut self, before: DateTime<Utc>) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM outbox WHERE created_at < $1").bind(before).execute(&mut *self.tx).await?;
        Ok(r.rows_affected())
    }
}
