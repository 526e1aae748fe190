//! The leaf encoding of an audit record: the exact bytes whose RFC 6962 leaf hash enters the
//! tenant's Merkle log.
//!
//! Owns the canonical form (version 1) and nothing else. Everything that identifies the record
//! is inside it, including the tenant, the sequence number and the timestamp at the precision
//! the databases store (microseconds), so what is hashed is exactly what is stored and what is
//! exported. It must not change shape for version 1: an old log must verify forever.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Deserialize;
use serde_json::Value;

use super::{Actor, AuditEntry, Category, Outcome, Priority, RequestInfo, ResourceRef};
use crate::ids::{AuditId, TenantId, UserId};
use crate::tlog::{Hash, canonical_json, leaf_hash, write_string_bytes};

/// Version of the leaf encoding written into every leaf.
pub const LEAF_VERSION: u64 = 1;

/// The canonical bytes of record `seq` (from 1) of its tenant's log: the record as a JSON object
/// with keys in byte order, no whitespace, values canonically encoded (`tlog::canonical_json`).
///
/// Written field by field rather than through a `serde_json::Value`: building and sorting a map
/// per record was most of the cost of encoding. The test `direct_encoding_is_the_value_encoding`
/// holds it to the definition (`leaf_data_by_value`).
pub fn leaf_data(seq: u64, e: &AuditEntry) -> Vec<u8> {
    let buffer = uuid::Uuid::encode_buffer;
    let (mut id, mut tenant, mut actor, mut impersonator) = (buffer(), buffer(), buffer(), buffer());
    let id = e.id.as_uuid().hyphenated().encode_lower(&mut id);
    let tenant = e.tenant_id.as_uuid().hyphenated().encode_lower(&mut tenant);
    let actor = e.actor.id.map(|a| &*a.hyphenated().encode_lower(&mut actor));
    let impersonator = e.impersonator_id.map(|i| &*i.as_uuid().hyphenated().encode_lower(&mut impersonator));
    // Microseconds: what both databases store.
    let at = e.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true);
    let json = |v: &Option<Value>| {
        v.as_ref().map(|v| {
            let mut out = Vec::with_capacity(128);
            canonical_json(v, &mut out);
            out
        })
    };
    let (old, new) = (json(&e.old_value), json(&e.new_value));
    let f = StoredFields {
        id: id.as_bytes(),
        tenant_id: tenant.as_bytes(),
        occurred_at: at.as_bytes(),
        actor_kind: e.actor.kind.as_str().as_bytes(),
        actor_id: actor.map(str::as_bytes),
        actor_display: e.actor.display.as_bytes(),
        impersonator_id: impersonator.map(str::as_bytes),
        action: e.action.as_bytes(),
        event_type: e.event_type.as_bytes(),
        category: e.category.as_str().as_bytes(),
        priority: e.priority.as_str().as_bytes(),
        resource_type: e.resource.as_ref().map(|r| r.kind.as_bytes()),
        resource_id: e.resource.as_ref().map(|r| r.id.as_bytes()),
        resource_name: e.resource.as_ref().and_then(|r| r.name.as_deref()).map(str::as_bytes),
        old_value: old.as_deref(),
        new_value: new.as_deref(),
        outcome: e.outcome.as_str().as_bytes(),
        error_code: e.error_code.as_deref().map(str::as_bytes),
        trace_id: e.request.trace_id.as_bytes(),
        ip: e.request.ip.as_deref().map(str::as_bytes),
        user_agent: e.request.user_agent.as_deref().map(str::as_bytes),
        method: e.request.method.as_deref().map(str::as_bytes),
        path: e.request.path.as_deref().map(str::as_bytes),
    };
    let mut out = Vec::with_capacity(640);
    encode(seq, &f, &mut out);
    out
}

/// A record's fields in their text forms, the way the encoder writes them.
#[derive(Debug, Clone, Copy, Default)]
struct StoredFields<'a> {
    id: &'a [u8],
    tenant_id: &'a [u8],
    occurred_at: &'a [u8],
    actor_kind: &'a [u8],
    actor_id: Option<&'a [u8]>,
    actor_display: &'a [u8],
    impersonator_id: Option<&'a [u8]>,
    action: &'a [u8],
    event_type: &'a [u8],
    category: &'a [u8],
    priority: &'a [u8],
    resource_type: Option<&'a [u8]>,
    resource_id: Option<&'a [u8]>,
    resource_name: Option<&'a [u8]>,
    /// Canonical JSON text.
    old_value: Option<&'a [u8]>,
    /// Canonical JSON text.
    new_value: Option<&'a [u8]>,
    outcome: &'a [u8],
    error_code: Option<&'a [u8]>,
    trace_id: &'a [u8],
    ip: Option<&'a [u8]>,
    user_agent: Option<&'a [u8]>,
    method: Option<&'a [u8]>,
    path: Option<&'a [u8]>,
}

fn encode(seq: u64, f: &StoredFields<'_>, out: &mut Vec<u8>) {
    let mut w = Writer(std::mem::take(out));
    w.key("{", "action");
    w.bytes(f.action);
    w.key(",", "actor");
    w.key("{", "display");
    w.bytes(f.actor_display);
    w.key(",", "id");
    w.opt_bytes(f.actor_id);
    w.key(",", "kind");
    w.bytes(f.actor_kind);
    w.raw("}");
    w.key(",", "category");
    w.bytes(f.category);
    w.key(",", "error_code");
    w.opt_bytes(f.error_code);
    w.key(",", "event_type");
    w.bytes(f.event_type);
    w.key(",", "id");
    w.bytes(f.id);
    w.key(",", "impersonator_id");
    w.opt_bytes(f.impersonator_id);
    w.key(",", "new_value");
    w.json_text(f.new_value);
    w.key(",", "occurred_at");
    w.bytes(f.occurred_at);
    w.key(",", "old_value");
    w.json_text(f.old_value);
    w.key(",", "outcome");
    w.bytes(f.outcome);
    w.key(",", "priority");
    w.bytes(f.priority);
    w.key(",", "request");
    w.key("{", "ip");
    w.opt_bytes(f.ip);
    w.key(",", "method");
    w.opt_bytes(f.method);
    w.key(",", "path");
    w.opt_bytes(f.path);
    w.key(",", "trace_id");
    w.bytes(f.trace_id);
    w.key(",", "user_agent");
    w.opt_bytes(f.user_agent);
    w.raw("}");
    w.key(",", "resource");
    // As the stores decode it: a resource exists when its type does.
    match f.resource_type {
        Some(kind) => {
            w.key("{", "id");
            w.bytes(f.resource_id.unwrap_or_default());
            w.key(",", "kind");
            w.bytes(kind);
            w.key(",", "name");
            w.opt_bytes(f.resource_name);
            w.raw("}");
        }
        None => w.raw("null"),
    }
    w.key(",", "seq");
    w.number(seq);
    w.key(",", "tenant_id");
    w.bytes(f.tenant_id);
    w.key(",", "v");
    w.number(LEAF_VERSION);
    w.raw("}");
    *out = w.0;
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

    fn bytes(&mut self, s: &[u8]) {
        write_string_bytes(s, &mut self.0);
    }

    fn opt_bytes(&mut self, s: Option<&[u8]>) {
        match s {
            Some(s) => self.bytes(s),
            None => self.raw("null"),
        }
    }

    fn number(&mut self, n: u64) {
        use std::io::Write as _;
        // Writing into a Vec cannot fail.
        let _ = write!(self.0, "{n}");
    }

    /// JSON text already in canonical form, verbatim.
    fn json_text(&mut self, text: Option<&[u8]>) {
        match text {
            Some(t) => self.0.extend_from_slice(t),
            None => self.raw("null"),
        }
    }
}

/// The Merkle leaf hash of record `seq`.
pub fn record_leaf_hash(seq: u64, e: &AuditEntry) -> Hash {
    leaf_hash(&leaf_data(seq, e))
}

/// Leaf text that is not a version-1 record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit leaf text is not a version-1 record: {0}")]
pub struct LeafDecodeError(String);

/// A leaf's fields, as [`encode`] writes them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeafV1 {
    v: u64,
    seq: u64,
    tenant_id: TenantId,
    id: AuditId,
    occurred_at: DateTime<Utc>,
    actor: Actor,
    impersonator_id: Option<UserId>,
    action: String,
    event_type: String,
    category: Category,
    priority: Priority,
    resource: Option<ResourceRef>,
    old_value: Option<Value>,
    new_value: Option<Value>,
    outcome: Outcome,
    error_code: Option<String>,
    request: RequestInfo,
}

/// The sequence number and record a leaf text holds: the inverse of [`leaf_data`] (a stored
/// record is its leaf text, so reading one is decoding this). Only whether the text hashes to
/// the log's leaf says whether it was altered; this only reads it.
pub fn decode_leaf(text: &[u8]) -> Result<(u64, AuditEntry), LeafDecodeError> {
    let l: LeafV1 = serde_json::from_slice(text).map_err(|e| LeafDecodeError(e.to_string()))?;
    if l.v != LEAF_VERSION {
        return Err(LeafDecodeError(format!("version {} (this build reads version {LEAF_VERSION})", l.v)));
    }
    let entry = AuditEntry {
        id: l.id,
        tenant_id: l.tenant_id,
        occurred_at: l.occurred_at,
        actor: l.actor,
        impersonator_id: l.impersonator_id,
        action: l.action,
        event_type: l.event_type,
        category: l.category,
        priority: l.priority,
        resource: l.resource,
        old_value: l.old_value,
        new_value: l.new_value,
        outcome: l.outcome,
        error_code: l.error_code,
        request: l.request,
    };
    Ok((l.seq, entry))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{SubsecRound, TimeZone, Utc};
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
            let (seq, decoded) = decode_leaf(&leaf_data(i, &e)).unwrap();
            assert_eq!(seq, i);
            let mut at_micros = e.clone();
            at_micros.occurred_at = e.occurred_at.trunc_subsecs(6);
            assert_eq!(decoded, at_micros, "case {i}: decoding is the inverse");
        }
    }

    #[test]
    fn decoding_refuses_what_is_not_a_version_1_record() {
        let text = String::from_utf8(leaf_data(3, &entry())).unwrap();
        assert!(decode_leaf(text.as_bytes()).is_ok());
        for bad in [
            text.replace(r#""v":1"#, r#""v":2"#),
            text.replace(r#""outcome":"success""#, r#""outcome":"maybe""#),
            text.replace(r#""seq":3"#, r#""seq":3,"extra":1"#),
            text.replace(r#","priority":"info""#, ""),
            text[..text.len() - 1].to_owned(),
            "not json".to_owned(),
        ] {
            assert!(decode_leaf(bad.as_bytes()).is_err(), "{bad}");
        }
    }
}
