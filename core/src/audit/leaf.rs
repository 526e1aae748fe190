//! The leaf encoding of an audit record: the exact bytes whose RFC 6962 leaf hash enters the
//! tenant's Merkle log.
//!
//! Owns the canonical form (version 1) and nothing else. Everything that identifies the record
//! is inside it, including the tenant, the sequence number and the timestamp at the precision
//! the databases store (microseconds), so what is hashed is exactly what is stored and what is
//! exported. It must not change shape for version 1: an old log must verify forever.

use chrono::SecondsFormat;
use serde_json::{Value, json};

use super::AuditEntry;
use crate::tlog::{Hash, canonical_json, leaf_hash};

/// Version of the leaf encoding written into every leaf.
pub const LEAF_VERSION: u64 = 1;

/// The canonical bytes of record `seq` (from 1) of its tenant's log.
pub fn leaf_data(seq: u64, e: &AuditEntry) -> Vec<u8> {
    let value = json!({
        "v": LEAF_VERSION,
        "tenant_id": e.tenant_id.to_string(),
        "seq": seq,
        "id": e.id.to_string(),
        // Microseconds: both databases keep exactly that much, so the stored row re-encodes to
        // the same bytes (the Python original hashed one timestamp and verified another).
        "occurred_at": e.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true),
        "actor": {
            "kind": e.actor.kind.as_str(),
            "id": e.actor.id.map(|i| i.to_string()),
            "display": e.actor.display,
        },
        "impersonator_id": e.impersonator_id.map(|i| i.to_string()),
        "action": e.action,
        "event_type": e.event_type,
        "category": e.category.as_str(),
        "priority": e.priority.as_str(),
        "resource": e.resource.as_ref().map(|r| json!({"kind": r.kind, "id": r.id, "name": r.name})),
        "old_value": e.old_value.clone().unwrap_or(Value::Null),
        "new_value": e.new_value.clone().unwrap_or(Value::Null),
        "outcome": e.outcome.as_str(),
        "error_code": e.error_code,
        "request": {
            "trace_id": e.request.trace_id,
            "ip": e.request.ip,
            "user_agent": e.request.user_agent,
            "method": e.request.method,
            "path": e.request.path,
        },
    });
    let mut out = Vec::with_capacity(512);
    canonical_json(&value, &mut out);
    out
}

/// The Merkle leaf hash of record `seq`.
pub fn record_leaf_hash(seq: u64, e: &AuditEntry) -> Hash {
    leaf_hash(&leaf_data(seq, e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::audit::{Actor, Category, Outcome, Priority, RequestInfo};
    use crate::ids::{AuditId, TenantId};

    fn entry() -> AuditEntry {
        AuditEntry {
            id: AuditId::from_uuid(uuid::Uuid::nil()),
            tenant_id: TenantId::from_uuid(uuid::Uuid::nil()),
            occurred_at: Utc.timestamp_opt(1_700_000_000, 123_456_789).unwrap(),
            actor: Actor::system(),
            impersonator_id: None,
            action: "tenancy:tenant:create".into(),
            event_type: "tenant.created".into(),
            category: Category::Tenant,
            priority: Priority::Info,
            resource: None,
            old_value: None,
            new_value: Some(json!({"b": 1, "a": [true, null]})),
            outcome: Outcome::Success,
            error_code: None,
            request: RequestInfo { trace_id: "t".into(), ..RequestInfo::default() },
        }
    }

    #[test]
    fn timestamps_are_encoded_at_microsecond_precision() {
        let text = String::from_utf8(leaf_data(7, &entry())).unwrap();
        assert!(text.contains(r#""occurred_at":"2023-11-14T22:13:20.123456Z""#), "{text}");
        assert!(text.contains(r#""new_value":{"a":[true,null],"b":1}"#), "{text}");
        assert!(text.starts_with(r#"{"action":"#), "keys sorted: {text}");
    }

    #[test]
    fn every_field_and_the_position_change_the_hash() {
        let base = record_leaf_hash(7, &entry());
        assert_ne!(base, record_leaf_hash(8, &entry()));
        let mut e = entry();
        e.request.ip = Some("10.0.0.1".into());
        assert_ne!(base, record_leaf_hash(7, &e));
        let mut e = entry();
        e.occurred_at += chrono::Duration::microseconds(1);
        assert_ne!(base, record_leaf_hash(7, &e));
        let mut e = entry();
        // Below the stored precision: the same record.
        e.occurred_at += chrono::Duration::nanoseconds(1);
        assert_eq!(base, record_leaf_hash(7, &e));
    }
}
