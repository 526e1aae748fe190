//! SQLite queries of approval chains: policies, requests and their history, each bounded by the
//! handle's tenant scope as everywhere on SQLite. No rules beyond mapping rows, enforcing the
//! scope and the version compare-and-set.

use nimbus_core::ids::{ApprovalId, ApprovalPolicyId, RunId, TenantId, UserId};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{opt_time, opt_uuid, time, ts, uuid};
use crate::store::approval::{ApprovalFilter, ApprovalHistoryRecord, ApprovalPolicyRecord, ApprovalRequestRecord};
use crate::store::{StoreError, StoreResult, TenantScope};

/// A connection with the scope it may see.
pub(super) struct ApprovalQ<'a> {
    pub(super) conn: &'a Connection,
    pub(super) scope: &'a TenantScope,
}

fn json(r: &Row<'_>, col: usize) -> rusqlite::Result<serde_json::Value> {
    let s: String = r.get(col)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e)))
}

fn count(r: &Row<'_>, col: usize) -> rusqlite::Result<u32> {
    Ok(u32::try_from(r.get::<_, i64>(col)?).unwrap_or(0))
}

const POLICY_COLUMNS: &str =
    "id, tenant_id, name, operation, mode, quorum_required, steps, expiry_secs, created_at, updated_at, deleted_at";

fn policy_at(r: &Row<'_>) -> rusqlite::Result<ApprovalPolicyRecord> {
    Ok(ApprovalPolicyRecord {
        id: ApprovalPolicyId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        name: r.get(2)?,
        operation: r.get(3)?,
        mode: r.get(4)?,
        quorum_required: r.get::<_, Option<i64>>(5)?.map(|n| u32::try_from(n).unwrap_or(0)),
        steps: json(r, 6)?,
        expiry_secs: r.get(7)?,
        created_at: time(r, 8)?,
        updated_at: time(r, 9)?,
        deleted_at: opt_time(r, 10)?,
    })
}

const REQUEST_COLUMNS: &str = "id, tenant_id, operation, title, resource_type, resource_id, payload, requester_id, \
    requester_name, policy_id, mode, required, status, steps, created_at, updated_at, expires_at, decided_at, \
    workflow_run_id, version";

fn request_at(r: &Row<'_>) -> rusqlite::Result<ApprovalRequestRecord> {
    Ok(ApprovalRequestRecord {
        id: ApprovalId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        operation: r.get(2)?,
        title: r.get(3)?,
        resource_type: r.get(4)?,
        resource_id: r.get(5)?,
        payload: json(r, 6)?,
        requester_id: UserId::from_uuid(uuid(r, 7)?),
        requester_name: r.get(8)?,
        policy_id: ApprovalPolicyId::from_uuid(uuid(r, 9)?),
        mode: r.get(10)?,
        required: count(r, 11)?,
        status: r.get(12)?,
        steps: json(r, 13)?,
        created_at: time(r, 14)?,
        updated_at: time(r, 15)?,
        expires_at: opt_time(r, 16)?,
        decided_at: opt_time(r, 17)?,
        workflow_run_id: opt_uuid(r, 18)?.map(RunId::from_uuid),
        version: r.get(19)?,
    })
}

fn history_at(r: &Row<'_>) -> rusqlite::Result<ApprovalHistoryRecord> {
    Ok(ApprovalHistoryRecord {
        id: uuid(r, 0)?,
        request_id: ApprovalId::from_uuid(uuid(r, 1)?),
        tenant_id: TenantId::from_uuid(uuid(r, 2)?),
        at: time(r, 3)?,
        actor_id: opt_uuid(r, 4)?.map(UserId::from_uuid),
        actor_name: r.get(5)?,
        what: r.get(6)?,
        reason: r.get(7)?,
    })
}

fn text(v: &serde_json::Value) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(format!("cannot encode: {e}")))
}

impl ApprovalQ<'_> {
    fn check(&self, tenant: TenantId) -> StoreResult<()> {
        if self.scope.admits(tenant) { Ok(()) } else { Err(StoreError::OutOfScope(format!("tenant {tenant}"))) }
    }

    pub(super) fn policies(&self, tenant: TenantId) -> StoreResult<Vec<ApprovalPolicyRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {POLICY_COLUMNS} FROM approval_policies WHERE tenant_id = ?1 AND deleted_at IS NULL
             ORDER BY lower(name)"
        ))?;
        let rows = stmt.query_map(params![tenant.to_string()], policy_at)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(super) fn policy(&self, id: ApprovalPolicyId) -> StoreResult<Option<ApprovalPolicyRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {POLICY_COLUMNS} FROM approval_policies WHERE id = ?1"))?
            .query_row(params![id.to_string()], policy_at)
            .optional()?;
        Ok(row.filter(|p| self.scope.admits(p.tenant_id)))
    }

    pub(super) fn requests(&self, f: &ApprovalFilter) -> StoreResult<Vec<ApprovalRequestRecord>> {
        let Some(tenant) = f.tenant else { return Ok(Vec::new()) };
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM approval_requests WHERE tenant_id = ?1
               AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR id < ?3)
             ORDER BY id DESC LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![tenant.to_string(), f.status, f.before.map(|b| b.to_string()), i64::from(f.limit)],
            request_at,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(super) fn request(&self, id: ApprovalId) -> StoreResult<Option<ApprovalRequestRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {REQUEST_COLUMNS} FROM approval_requests WHERE id = ?1"))?
            .query_row(params![id.to_string()], request_at)
            .optional()?;
        Ok(row.filter(|r| self.scope.admits(r.tenant_id)))
    }

    pub(super) fn history(&self, id: ApprovalId) -> StoreResult<Vec<ApprovalHistoryRecord>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, request_id, tenant_id, at, actor_id, actor_name, what, reason FROM approval_history
             WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows: Vec<ApprovalHistoryRecord> =
            stmt.query_map(params![id.to_string()], history_at)?.collect::<Result<_, _>>()?;
        Ok(rows.into_iter().filter(|h| self.scope.admits(h.tenant_id)).collect())
    }

    pub(super) fn put_policy(&self, p: &ApprovalPolicyRecord) -> StoreResult<()> {
        self.check(p.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO approval_policies ({POLICY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, operation = excluded.operation,
                    mode = excluded.mode, quorum_required = excluded.quorum_required, steps = excluded.steps,
                    expiry_secs = excluded.expiry_secs, updated_at = excluded.updated_at,
                    deleted_at = excluded.deleted_at
                 WHERE approval_policies.tenant_id = excluded.tenant_id"
            ))?
            .execute(params![
                p.id.to_string(),
                p.tenant_id.to_string(),
                p.name,
                p.operation,
                p.mode,
                p.quorum_required.map(i64::from),
                text(&p.steps)?,
                p.expiry_secs,
                ts(&p.created_at),
                ts(&p.updated_at),
                p.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(super) fn insert_request(&self, r: &ApprovalRequestRecord) -> StoreResult<()> {
        self.check(r.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO approval_requests ({REQUEST_COLUMNS}) VALUES
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
            ))?
            .execute(params![
                r.id.to_string(),
                r.tenant_id.to_string(),
                r.operation,
                r.title,
                r.resource_type,
                r.resource_id,
                text(&r.payload)?,
                r.requester_id.to_string(),
                r.requester_name,
                r.policy_id.to_string(),
                r.mode,
                i64::from(r.required),
                r.status,
                text(&r.steps)?,
                ts(&r.created_at),
                ts(&r.updated_at),
                r.expires_at.as_ref().map(ts),
                r.decided_at.as_ref().map(ts),
                r.workflow_run_id.map(|id| id.to_string()),
                r.version,
            ])?;
        Ok(())
    }

    pub(super) fn update_request(&self, r: &ApprovalRequestRecord, expected: i64) -> StoreResult<bool> {
        self.check(r.tenant_id)?;
        let n = self
            .conn
            .prepare_cached(
                "UPDATE approval_requests SET status = ?3, steps = ?4, updated_at = ?5, decided_at = ?6,
                    workflow_run_id = ?7, version = ?8
                 WHERE id = ?1 AND tenant_id = ?2 AND version = ?9",
            )?
            .execute(params![
                r.id.to_string(),
                r.tenant_id.to_string(),
                r.status,
                text(&r.steps)?,
                ts(&r.updated_at),
                r.decided_at.as_ref().map(ts),
                r.workflow_run_id.map(|id| id.to_string()),
                r.version,
                expected,
            ])?;
        Ok(n == 1)
    }

    pub(super) fn insert_history(&self, h: &ApprovalHistoryRecord) -> StoreResult<()> {
        self.check(h.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO approval_history (id, request_id, tenant_id, at, actor_id, actor_name, what, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                h.id.to_string(),
                h.request_id.to_string(),
                h.tenant_id.to_string(),
                ts(&h.at),
                h.actor_id.map(|u| u.to_string()),
                h.actor_name,
                h.what,
                h.reason,
            ])?;
        Ok(())
    }
}
