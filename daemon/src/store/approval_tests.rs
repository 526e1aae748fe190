//! The approval store against both backends: tenant scoping (a scoped handle never sees or
//! writes another tenant's policies, requests or history), the version compare-and-set that
//! keeps two racing decisions from both counting, soft-deleted policies, and paging.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use nimbus_core::ids::{ApprovalId, ApprovalPolicyId, TenantId, UserId};
use serde_json::json;

use super::approval::{ApprovalFilter, ApprovalHistoryRecord, ApprovalPolicyRecord, ApprovalRequestRecord};
use super::*;
use crate::config::DatabaseConfig;

fn now() -> DateTime<Utc> {
    let t = Utc::now();
    t - Duration::nanoseconds(i64::from(t.timestamp_subsec_nanos() % 1_000))
}

fn policy(tenant: TenantId, name: &str, operation: &str) -> ApprovalPolicyRecord {
    ApprovalPolicyRecord {
        id: ApprovalPolicyId::generate(),
        tenant_id: tenant,
        name: name.into(),
        operation: operation.into(),
        mode: "sequential".into(),
        quorum_required: None,
        steps: json!([{ "approvers": [], "timeout_secs": 60, "escalation": [] }]),
        expiry_secs: 3600,
        created_at: now(),
        updated_at: now(),
        deleted_at: None,
    }
}

fn request(tenant: TenantId, policy: ApprovalPolicyId) -> ApprovalRequestRecord {
    ApprovalRequestRecord {
        id: ApprovalId::generate(),
        tenant_id: tenant,
        operation: "deploy".into(),
        title: "deploy web".into(),
        resource_type: Some("stack".into()),
        resource_id: None,
        payload: json!({ "stack": "web" }),
        requester_id: UserId::generate(),
        requester_name: "req@example.com".into(),
        policy_id: policy,
        mode: "sequential".into(),
        required: 1,
        status: "pending".into(),
        steps: json!([]),
        created_at: now(),
        updated_at: now(),
        expires_at: Some(now() + Duration::hours(1)),
        decided_at: None,
        workflow_run_id: None,
        version: 1,
    }
}

fn scope(t: TenantId) -> TenantScope {
    TenantScope::Tenants(vec![t].into())
}

async fn store_contract(store: Arc<dyn Store>) {
    let a = TenantRecord::new(TenantId::generate(), None, "A".into(), "a".into(), 0, now());
    let b = TenantRecord::new(TenantId::generate(), Some(a.id), "B".into(), "b".into(), 1, now());
    let mut tx = store.write(WriteGrant::new_for_pipeline(TenantScope::System)).await.unwrap();
    tx.insert_tenant(&a).await.unwrap();
    tx.insert_tenant(&b).await.unwrap();
    tx.commit().await.unwrap();

    let pa = policy(a.id, "Deploys", "deploy");
    let pb = policy(b.id, "deploys", "deploy");
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    tx.approvals_mut().put_approval_policy(&pa).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    assert!(tx.approvals_mut().put_approval_policy(&pb).await.is_err(), "A's transaction cannot write B's policy");
    drop(tx);
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(b.id))).await.unwrap();
    tx.approvals_mut().put_approval_policy(&pb).await.unwrap();
    tx.commit().await.unwrap();
    // One live policy per name and per operation in a tenant.
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    let dup = tx.approvals_mut().put_approval_policy(&policy(a.id, "deploys", "other")).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    drop(tx);
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    let dup = tx.approvals_mut().put_approval_policy(&policy(a.id, "other", "deploy")).await;
    assert!(matches!(dup, Err(StoreError::Conflict(_))), "{dup:?}");
    drop(tx);

    // Requests and history in A.
    let mut first = request(a.id, pa.id);
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    tx.approvals_mut().insert_approval_request(&first).await.unwrap();
    let mut ids = vec![first.id];
    for _ in 0..4 {
        let r = request(a.id, pa.id);
        tx.approvals_mut().insert_approval_request(&r).await.unwrap();
        ids.push(r.id);
    }
    tx.approvals_mut()
        .insert_approval_history(&ApprovalHistoryRecord {
            id: Uuid::now_v7(),
            request_id: first.id,
            tenant_id: a.id,
            at: now(),
            actor_id: Some(first.requester_id),
            actor_name: "req@example.com".into(),
            what: "requested".into(),
            reason: None,
        })
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // B sees none of it.
    let mut rb = store.read(scope(b.id)).await.unwrap();
    assert_eq!(rb.approvals().approval_request(first.id).await.unwrap(), None);
    assert!(rb.approvals().approval_history(first.id).await.unwrap().is_empty());
    assert_eq!(rb.approvals().approval_policy(pa.id).await.unwrap(), None);
    let none = ApprovalFilter { tenant: Some(a.id), status: None, before: None, limit: 10 };
    assert!(rb.approvals().approval_requests(&none).await.unwrap().is_empty());
    assert_eq!(rb.approvals().approval_policies(b.id).await.unwrap(), vec![pb.clone()]);
    drop(rb);
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(b.id))).await.unwrap();
    let mut stolen = first.clone();
    stolen.status = "approved".into();
    stolen.version = 2;
    assert!(!tx.approvals_mut().update_approval_request(&stolen, 1).await.unwrap_or(false), "B cannot decide A's");
    drop(tx);

    // A reads its own, newest first, in pages.
    let mut ra = store.read(scope(a.id)).await.unwrap();
    assert_eq!(ra.approvals().approval_request(first.id).await.unwrap(), Some(first.clone()));
    assert_eq!(ra.approvals().approval_history(first.id).await.unwrap().len(), 1);
    let page = ra.approvals().approval_requests(&ApprovalFilter { limit: 2, ..none.clone() }).await.unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), vec![ids[4], ids[3]]);
    let page = ra
        .approvals()
        .approval_requests(&ApprovalFilter { limit: 2, before: Some(ids[3]), ..none.clone() })
        .await
        .unwrap();
    assert_eq!(page.iter().map(|r| r.id).collect::<Vec<_>>(), vec![ids[2], ids[1]]);
    drop(ra);

    // Compare-and-set: the second writer of version 1 loses.
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    first.status = "approved".into();
    first.decided_at = Some(now());
    first.version = 2;
    assert!(tx.approvals_mut().update_approval_request(&first, 1).await.unwrap());
    let mut late = first.clone();
    late.status = "rejected".into();
    assert!(!tx.approvals_mut().update_approval_request(&late, 1).await.unwrap());
    tx.commit().await.unwrap();
    let mut ra = store.read(scope(a.id)).await.unwrap();
    let stored = ra.approvals().approval_request(first.id).await.unwrap().unwrap();
    assert_eq!((stored.status.as_str(), stored.version), ("approved", 2));
    let approved = ApprovalFilter { status: Some("approved".into()), ..none.clone() };
    assert_eq!(ra.approvals().approval_requests(&approved).await.unwrap().len(), 1);
    drop(ra);

    // Soft delete: gone from the list, the name and operation free again, still readable by id.
    let mut tx = store.write(WriteGrant::new_for_pipeline(scope(a.id))).await.unwrap();
    let mut gone = pa.clone();
    gone.deleted_at = Some(now());
    tx.approvals_mut().put_approval_policy(&gone).await.unwrap();
    tx.approvals_mut().put_approval_policy(&policy(a.id, "deploys", "deploy")).await.unwrap();
    tx.commit().await.unwrap();
    let mut ra = store.read(scope(a.id)).await.unwrap();
    assert_eq!(ra.approvals().approval_policies(a.id).await.unwrap().len(), 1);
    assert!(ra.approvals().approval_policy(pa.id).await.unwrap().unwrap().deleted_at.is_some());
}

#[tokio::test]
async fn sqlite_approval_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = sqlite::SqliteStore::open(&dir.path().join("nimbus.db"), &DatabaseConfig::default()).await.unwrap();
    store_contract(Arc::new(store)).await;
}

#[tokio::test]
async fn postgres_approval_store() {
    let db = nimbus_e2e::TestDatabase::create().await.unwrap();
    let store = postgres::PgStore::connect(db.url(), "test".into(), &DatabaseConfig::default()).await.unwrap();
    store_contract(Arc::new(store)).await;
}
