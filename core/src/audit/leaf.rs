//! The leaf encoding of an audit record: the exact bytes whose RFC 6962 leaf hash enters the
//! tenant's Merkle log.
//!
//! Owns the canonical form (version 1) and nothing else. Everything that identifies the record
//! is inside it, including the tenant, the sequence number and the timestamp at the precision
//! the databases store (microseconds), so what is hashed is exactly what is stored and what is
//! exported. It must not change shape for version 1: an old log must verify forever.

use chrono::SecondsFormat;
use serde_json::Value;

use super::AuditEntry;
use crate::tlog::{Hash, canonical_json, leaf_hash, write_string};

/// Version of the leaf encoding written into every leaf.
pub const LEAF_VERSION: u64 = 1;

/// The canonical bytes of record `seq` (from 1) of its tenant's log: the record as a JSON object
/// with keys in byte order, no whitespace, values canonically encoded (`tlog::canonical_json`).
///
/// Written field by field rather than through a `serde_json::Value`: verification encodes every
/// record of a log, and building and sorting a map per record was most of its cost. The test
/// `direct_encoding_is_the_value_encoding` holds it to the definition (`leaf_data_by_value`).
pub fn leaf_data(seq: u64, e: &AuditEntry) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(640));
    // Keys in byte order.
    w.key("{", "action");
    w.str(&e.action);
    w.key(",", "actor");
    w.key("{", "display");
    w.str(&e.actor.display);
    w.key(",", "id");
    w.opt_uuid(e.actor.id.as_ref());
    w.key(",", "kind");
    w.str(e.actor.kind.as_str());
    w.raw("}");
    w.key(",", "category");
    w.str(e.category.as_str());
    w.key(",", "error_code");
    w.opt_str(e.error_code.as_deref());
    w.key(",", "event_type");
    w.str(&e.event_type);
    w.key(",", "id");
    w.uuid(e.id.as_uuid());
    w.key(",", "impersonator_id");
    w.opt_uuid(e.impersonator_id.as_ref().map(|i| i.as_uuid()));
    w.key(",", "new_value");
    w.value(e.new_value.as_ref());
    w.key(",", "occurred_at");
    // Microseconds: what both databases store.
    w.str(&e.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true));
    w.key(",", "old_value");
    w.value(e.old_value.as_ref());
    w.key(",", "outcome");
    w.str(e.outcome.as_str());
    w.key(",", "priority");
    w.str(e.priority.as_str());
    w.key(",", "request");
    w.key("{", "ip");
    w.opt_str(e.request.ip.as_deref());
    w.key(",", "method");
    w.opt_str(e.request.method.as_deref());
    w.key(",", "path");
    w.opt_str(e.request.path.as_deref());
    w.key(",", "trace_id");
    w.str(&e.request.trace_id);
    w.key(",", "user_agent");
    w.opt_str(e.request.user_agent.as_deref());
    w.raw("}");
    w.key(",", "resource");
    match &e.resource {
        Some(r) => {
            w.key("{", "id");
            w.str(&r.id);
            w.key(",", "kind");
            w.str(&r.kind);
            w.key(",", "name");
            w.opt_str(r.name.as_deref());
            w.raw("}");
        }
        None => w.raw("null"),
    }
    w.key(",", "seq");
    w.raw(&seq.to_string());
    w.key(",", "tenant_id");
    w.uuid(e.tenant_id.as_uuid());
    w.key(",", "v");
    w.raw(&LEAF_VERSION.to_string());
    w.raw("}");
    w.0
}

/// Appends canonical JSON pieces.
struct Writer(Vec<u8>);

impl Writer {
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// `sep` then `"key":`; keys are fixed ASCII names that need no escaping.
    fn key(&mut self, sep: &str, key: &str) {
        self.raw(sep);
        self.0.push(b'"');
        self.raw(key);
        self.0.extend_from_slice(b"\":");
    }

    fn str(&mut self, s: &str) {
        write_string(s, &mut self.0);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    fn uuid(&mut self, id: &uuid::Uuid) {
        let mut buf = uuid::Uuid::encode_buffer();
        self.str(id.hyphenated().encode_lower(&mut buf));
    }

    fn opt_uuid(&mut self, id: Option<&uuid::Uuid>) {
        match id {
            Some(id) => self.uuid(id),
            None => self.raw("null"),
        }
    }

    fn value(&mut self, v: Option<&Value>) {
        match v {
            Some(v) => canonical_json(v, &mut self.0),
            None => self.raw("null"),
        }
    }
}

/// The Merkle leaf hash of record `seq`.
pub fn record_leaf_hash(seq: u64, e: &AuditEntry) -> Hash {
    leaf_hash(&leaf_data(seq, e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{TimeZone, Utc};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use serde_json::json;

    use super::*;
    use crate::audit::{Actor, ActorKind, Category, Outcome, Priority, RequestInfo, ResourceRef};
    use crate::ids::{AuditId, TenantId, UserId};

    /// The definition of version 1: the record as a JSON value, canonically encoded. The
    /// direct encoder above must produce exactly these bytes.
    fn leaf_data_by_value(seq: u64, e: &AuditEntry) -> Vec<u8> {
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

    /// Strings that exercise escaping: quotes, backslashes, control characters, non-ASCII.
    fn text(rng: &mut StdRng) -> String {
        const PIECES: &[&str] =
            &["a", "Zz", "\"", "\\", "\n", "\t", "\u{1}", "\u{1f}", "é", "€", "😀", " ", "/", "\u{7f}"];
        (0..rng.gen_range(0..8)).map(|_| PIECES[rng.gen_range(0..PIECES.len())]).collect()
    }

    fn maybe(rng: &mut StdRng) -> Option<String> {
        rng.gen_bool(0.5).then(|| text(rng))
    }

    #[test]
    fn direct_encoding_is_the_value_encoding() {
        let mut rng = StdRng::seed_from_u64(11);
        for i in 0..2_000u64 {
            let mut e = entry();
            e.id = AuditId::from_uuid(uuid::Uuid::from_u128(rng.r#gen()));
            e.tenant_id = TenantId::from_uuid(uuid::Uuid::from_u128(rng.r#gen()));
            e.occurred_at =
                Utc.timestamp_opt(rng.gen_range(0..4_000_000_000), rng.gen_range(0..1_000_000_000)).unwrap();
            e.actor = Actor {
                kind: [ActorKind::User, ActorKind::ApiKey, ActorKind::Agent, ActorKind::System][rng.gen_range(0..4)],
                id: rng.gen_bool(0.5).then(|| uuid::Uuid::from_u128(rng.r#gen())),
                display: text(&mut rng),
            };
            e.impersonator_id = rng.gen_bool(0.3).then(|| UserId::from_uuid(uuid::Uuid::from_u128(rng.r#gen())));
            e.action = text(&mut rng);
            e.event_type = text(&mut rng);
            e.resource = rng.gen_bool(0.6).then(|| ResourceRef {
                kind: text(&mut rng),
                id: text(&mut rng),
                name: maybe(&mut rng),
            });
            let value = |rng: &mut StdRng| {
                rng.gen_bool(0.6).then(|| {
                    json!({ text(rng): text(rng), "b": [1, 2.5, -3, null, true], "a": { text(rng): { "z": 1, "y": text(rng) } }, "n": rng.r#gen::<u64>() })
                })
            };
            e.old_value = value(&mut rng);
            e.new_value = value(&mut rng);
            e.outcome = [Outcome::Success, Outcome::Denied, Outcome::Failed][rng.gen_range(0..3)];
            e.error_code = maybe(&mut rng);
            e.request = RequestInfo {
                trace_id: text(&mut rng),
                ip: maybe(&mut rng),
                user_agent: maybe(&mut rng),
                method: maybe(&mut rng),
                path: maybe(&mut rng),
            };
            assert_eq!(
                String::from_utf8(leaf_data(i, &e)).unwrap(),
                String::from_utf8(leaf_data_by_value(i, &e)).unwrap(),
                "case {i}"
            );
        }
    }
}
