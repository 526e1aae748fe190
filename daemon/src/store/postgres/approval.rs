//! PostgreSQL queries of approval chains. Tenant isolation is row-level security (migration 9)
//! on policies, requests and history by their tenant. No rules beyond mapping rows and the
//! version compare-and-set.

use nimbus_core::ids::{ApprovalId, ApprovalPolicyId, RunId, TenantId, UserId};
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, PgConnection, Row};
use uuid::Uuid;

use crate::store::StoreResult;
use crate::store::approval::{ApprovalFilter, ApprovalHistoryRecord, ApprovalPolicyRecord, ApprovalRequestRecord};

fn all<T>(rows: Vec<PgRow>, f: impl Fn(&PgRow) -> StoreResult<T>) -> StoreResult<Vec<T>> {
    rows.iter().map(f).collect()
}

fn count(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn int(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

const POLICY_COLUMNS: &str =
    "id, tenant_id, name, operation, mode, quorum_required, steps, expiry_secs, created_at, updated_at, deleted_at";

fn policy_at(r: &PgRow) -> StoreResult<ApprovalPolicyRecord> {
    Ok(ApprovalPolicyRecord {
        id: ApprovalPolicyId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        name: r.try_get(2)?,
        operation: r.try_get(3)?,
        mode: r.try_get(4)?,
        quorum_required: r.try_get::<Option<i32>, _>(5)?.map(count),
        steps: r.try_get::<Json<_>, _>(6)?.0,
        expiry_secs: r.try_get(7)?,
        created_at: r.try_get(8)?,
        updated_at: r.try_get(9)?,
        deleted_at: r.try_get(10)?,
    })
}

const REQUEST_COLUMNS: &str = "id, tenant_id, operation, title, resource_type, resource_id, payload, requester_id, \
    requester_name, policy_id, mode, required, status, steps, created_at, updated_at, expires_at, decided_at, \
    workflow_run_id, version";

fn request_at(r: &PgRow) -> StoreResult<ApprovalRequestRecord> {
    Ok(ApprovalRequestRecord {
        id: ApprovalId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        operation: r.try_get(2)?,
        title: r.try_get(3)?,
        resource_type: r.try_get(4)?,
        resource_id: r.try_get(5)?,
        payload: r.try_get::<Json<_>, _>(6)?.0,
        requester_id: UserId::from_uuid(r.try_get(7)?),
        requester_name: r.try_get(8)?,
        policy_id: ApprovalPolicyId::from_uuid(r.try_get(9)?),
        mode: r.try_get(10)?,
        required: count(r.try_get(11)?),
        status: r.try_get(12)?,
        steps: r.try_get::<Json<_>, _>(13)?.0,
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
        expires_at: r.try_get(16)?,
        decided_at: r.try_get(17)?,
        workflow_run_id: r.try_get::<Option<Uuid>, _>(18)?.map(RunId::from_uuid),
        version: r.try_get(19)?,
    })
}

fn history_at(r: &PgRow) -> StoreResult<ApprovalHistoryRecord> {
    Ok(ApprovalHistoryRecord {
        id: r.try_get(0)?,
        request_id: ApprovalId::from_uuid(r.try_get(1)?),
        tenant_id: TenantId::from_uuid(r.try_get(2)?),
        at: r.try_get(3)?,
        actor_id: r.try_get::<Option<Uuid>, _>(4)?.map(UserId::from_uuid),
        actor_name: r.try_get(5)?,
        what: r.try_get(6)?,
        reason: r.try_get(7)?,
    })
}

pub(super) async fn policies(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<ApprovalPolicyRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {POLICY_COLUMNS} FROM approval_policies WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY lower(name)"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, policy_at)
}

pub(super) async fn policy(c: &mut PgConnection, id: ApprovalPolicyId) -> StoreResult<Option<ApprovalPolicyRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {POLICY_COLUMNS} FROM approval_policies WHERE id = $1")))
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await?;
    row.as_ref().map(policy_at).transpose()
}

pub(super) async fn requests(c: &mut PgConnection, f: &ApprovalFilter) -> StoreResult<Vec<ApprovalRequestRecord>> {
    let Some(tenant) = f.tenant else { return Ok(Vec::new()) };
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {REQUEST_COLUMNS} FROM approval_requests WHERE tenant_id = $1
           AND ($2::text IS NULL OR status = $2) AND ($3::uuid IS NULL OR id < $3)
         ORDER BY id DESC LIMIT $4"
    )))
    .bind(tenant.as_uuid())
    .bind(f.status.as_deref())
    .bind(f.before.map(|b| *b.as_uuid()))
    .bind(i64::from(f.limit))
    .fetch_all(c)
    .await?;
    all(rows, request_at)
}

pub(super) async fn request(c: &mut PgConnection, id: ApprovalId) -> StoreResult<Option<ApprovalRequestRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {REQUEST_COLUMNS} FROM approval_requests WHERE id = $1")))
        .bind(id.as_uuid())
        .fetch_optional(c)
        .await?;
    row.as_ref().map(request_at).transpose()
}

pub(super) async fn history(c: &mut PgConnection, id: ApprovalId) -> StoreResult<Vec<ApprovalHistoryRecord>> {
    let rows = sqlx::query(
        "SELECT id, request_id, tenant_id, at, actor_id, actor_name, what, reason FROM approval_history
         WHERE request_id = $1 ORDER BY id",
    )
    .bind(id.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, history_at)
}

pub(super) async fn put_policy(c: &mut PgConnection, p: &ApprovalPolicyRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO approval_policies ({POLICY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, operation = excluded.operation, mode = excluded.mode,
            quorum_required = excluded.quorum_required, steps = excluded.steps, expiry_secs = excluded.expiry_secs,
            updated_at = excluded.updated_at, deleted_at = excluded.deleted_at
         WHERE approval_policies.tenant_id = excluded.tenant_id"
    )))
    .bind(p.id.as_uuid())
    .bind(p.tenant_id.as_uuid())
    .bind(&p.name)
    .bind(&p.operation)
    .bind(&p.mode)
    .bind(p.quorum_required.map(int))
    .bind(Json(&p.steps))
    .bind(p.expiry_secs)
    .bind(p.created_at)
    .bind(p.updated_at)
    .bind(p.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn insert_request(c: &mut PgConnection, r: &ApprovalRequestRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO approval_requests ({REQUEST_COLUMNS}) VALUES
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
    )))
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.as_uuid())
    .bind(&r.operation)
    .bind(&r.title)
    .bind(&r.resource_type)
    .bind(&r.resource_id)
    .bind(Json(&r.payload))
    .bind(r.requester_id.as_uuid())
    .bind(&r.requester_name)
    .bind(r.policy_id.as_uuid())
    .bind(&r.mode)
    .bind(int(r.required))
    .bind(&r.status)
    .bind(Json(&r.steps))
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.expires_at)
    .bind(r.decided_at)
    .bind(r.workflow_run_id.map(|id| *id.as_uuid()))
    .bind(r.version)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_request(
    c: &mut PgConnection,
    r: &ApprovalRequestRecord,
    expected: i64,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE approval_requests SET status = $3, steps = $4, updated_at = $5, decided_at = $6,
            workflow_run_id = $7, version = $8
         WHERE id = $1 AND tenant_id = $2 AND version = $9",
    )
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.as_uuid())
    .bind(&r.status)
    .bind(Json(&r.steps))
    .bind(r.updated_at)
    .bind(r.decided_at)
    .bind(r.workflow_run_id.map(|id| *id.as_uuid()))
    .bind(r.version)
    .bind(expected)
    .execute(c)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn insert_history(c: &mut PgConnection, h: &ApprovalHistoryRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO approval_history (id, request_id, tenant_id, at, actor_id, actor_name, what, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(h.id)
    .bind(h.request_id.as_uuid())
    .bind(h.tenant_id.as_uuid())
    .bind(h.at)
    .bind(h.actor_id.map(|u| *u.as_uuid()))
    .bind(&h.actor_name)
    .bind(&h.what)
    .bind(&h.reason)
    .execute(c)
    .await?;
    Ok(())
}
