//! ArcSight Common Event Format (CEF 0) rendering of [`SiemEvent`]s.
//!
//! Owns the mapping of audit fields onto CEF header fields and standard extension keys, and
//! CEF escaping. It must not add anything the event does not carry: values arrive redacted, and
//! whatever is printed here reaches the SIEM verbatim.

use std::fmt::Write as _;
use std::net::IpAddr;

use nimbus_core::audit::Priority;
use serde_json::{Map, Value};

use super::SiemEvent;

const VENDOR: &str = "Nimbus";
const PRODUCT: &str = "nimbusd";
const CHECKPOINT_SIGNATURE: &str = "audit.checkpoint";

/// Renders one event as a CEF line (no syslog header, no trailing newline).
///
/// Record extensions, in order: `rt cat act outcome suser suid cs2 (actorKind) cs3
/// (impersonatorId) src|c6a2 requestMethod request requestClientApplication externalId (trace
/// id) reason (error code) cs1 (tenantId) cn1 (seq) cs4 (auditId) cs5 (resource kind:id) cs6
/// (resourceName) msg (old/new values as JSON)`. Checkpoints: `rt cat cs1 (tenantId) cn2
/// (treeSize) cs2 (rootHash) msg (the signed note)`. `msg` comes last so that a receiver that
/// truncates long lines cuts the least structured part.
pub(crate) fn cef(event: &SiemEvent<'_>, product_version: &str) -> String {
    let (signature, name) = match event {
        SiemEvent::Record { entry, .. } => (entry.event_type.as_str(), entry.event_type.replace(['.', '_'], " ")),
        SiemEvent::Checkpoint { .. } => (CHECKPOINT_SIGNATURE, "audit log checkpoint".to_owned()),
    };
    let mut out = String::with_capacity(512);
    out.push_str("CEF:0");
    for field in [VENDOR, PRODUCT, product_version, signature, &name] {
        out.push('|');
        out.push_str(&escape_header(field));
    }
    // The severity is a number, so it needs no escaping.
    let _ = write!(out, "|{}|", severity(event.priority()));

    let mut ext = Extensions { out: &mut out, first: true };
    ext.push("rt", &event.at().timestamp_millis().to_string());
    match event {
        SiemEvent::Record { seq, entry } => {
            ext.push("cat", entry.category.as_str());
            ext.push("act", &entry.action);
            ext.push("outcome", entry.outcome.as_str());
            ext.push("suser", &entry.actor.display);
            if let Some(id) = entry.actor.id {
                ext.push("suid", &id.to_string());
            }
            ext.labelled("cs2", "actorKind", entry.actor.kind.as_str());
            if let Some(id) = entry.impersonator_id {
                ext.labelled("cs3", "impersonatorId", &id.to_string());
            }
            let req = &entry.request;
            if let Some(ip) = &req.ip {
                // `src` is specified as IPv4; IPv6 has its own key, and anything unparseable
                // is left out rather than sent where a SIEM expects an address.
                match ip.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
                    Ok(IpAddr::V4(v4)) => ext.push("src", &v4.to_string()),
                    Ok(IpAddr::V6(v6)) => ext.labelled("c6a2", "Source IPv6 Address", &v6.to_string()),
                    Err(_) => {}
                }
            }
            ext.opt("requestMethod", req.method.as_deref());
            ext.opt("request", req.path.as_deref());
            ext.opt("requestClientApplication", req.user_agent.as_deref());
            ext.opt("externalId", Some(req.trace_id.as_str()).filter(|t| !t.is_empty()));
            ext.opt("reason", entry.error_code.as_deref());
            ext.labelled("cs1", "tenantId", &entry.tenant_id.to_string());
            ext.labelled("cn1", "seq", &seq.to_string());
            ext.labelled("cs4", "auditId", &entry.id.to_string());
            if let Some(res) = &entry.resource {
                ext.labelled("cs5", "resource", &format!("{}:{}", res.kind, res.id));
                if let Some(name) = &res.name {
                    ext.labelled("cs6", "resourceName", name);
                }
            }
            let mut change = Map::new();
            if let Some(old) = &entry.old_value {
                change.insert("old".to_owned(), old.clone());
            }
            if let Some(new) = &entry.new_value {
                change.insert("new".to_owned(), new.clone());
            }
            if !change.is_empty() {
                ext.push("msg", &Value::Object(change).to_string());
            }
        }
        SiemEvent::Checkpoint { tenant, size, root_hex, note, .. } => {
            ext.push("cat", "audit");
            ext.labelled("cs1", "tenantId", &tenant.to_string());
            ext.labelled("cn2", "treeSize", &size.to_string());
            ext.labelled("cs2", "rootHash", root_hex);
            ext.push("msg", note);
        }
    }
    out
}

/// CEF severity (0–10; 0–3 low, 4–6 medium, 7–8 high, 9–10 very high).
pub(super) fn severity(priority: Priority) -> u8 {
    match priority {
        Priority::Debug => 1,
        Priority::Info => 3,
        Priority::Warn => 5,
        Priority::Error => 7,
        Priority::Critical => 10,
    }
}

/// Space-separated `key=value` pairs appended to the line.
struct Extensions<'a> {
    out: &'a mut String,
    first: bool,
}

impl Extensions<'_> {
    fn push(&mut self, key: &str, value: &str) {
        if !std::mem::take(&mut self.first) {
            self.out.push(' ');
        }
        self.out.push_str(key);
        self.out.push('=');
        escape_extension_into(self.out, value);
    }

    fn opt(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.push(key, value);
        }
    }

    /// A custom field and its label, label first as ArcSight writes them.
    fn labelled(&mut self, key: &str, label: &str, value: &str) {
        self.push(&format!("{key}Label"), label);
        self.push(key, value);
    }
}

/// Header fields: `\` and `|` are escaped. The spec has no escape for line breaks in the
/// header, and a raw one would split the event in line-based receivers, so they become spaces.
fn escape_header(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Extension values: `\` and `=` are escaped, line breaks are written as `\n` and `\r`.
fn escape_extension_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '=' => out.push_str("\\="),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub(super) mod tests {
    use chrono::{DateTime, TimeZone, Utc};
    use nimbus_core::audit::{
        Actor, ActorKind, AuditEntry, Category, Outcome, Priority, RequestInfo, ResourceRef, redact,
    };
    use nimbus_core::ids::{AuditId, TenantId, UserId};
    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    pub(crate) fn tenant() -> TenantId {
        TenantId::from_uuid(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_00aa))
    }

    pub(crate) fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 4, 10, 20, 30).unwrap() + chrono::Duration::microseconds(123_456)
    }

    /// A failed login with a redacted password in its new value.
    pub(crate) fn entry() -> AuditEntry {
        let mut new_value = json!({"email": "alice@example.com", "password": "hunter2-do-not-leak"});
        redact(&mut new_value);
        AuditEntry {
            id: AuditId::from_uuid(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001)),
            tenant_id: tenant(),
            occurred_at: at(),
            actor: Actor {
                kind: ActorKind::User,
                id: Some(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0002)),
                display: "alice@example.com".to_owned(),
            },
            impersonator_id: Some(UserId::from_uuid(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0003))),
            action: "iam:session:create".to_owned(),
            event_type: "auth.login.failed".to_owned(),
            category: Category::Auth,
            priority: Priority::Warn,
            resource: Some(ResourceRef {
                kind: "user".to_owned(),
                id: "u-1".to_owned(),
                name: Some("Alice".to_owned()),
            }),
            old_value: None,
            new_value: Some(new_value),
            outcome: Outcome::Failed,
            error_code: Some("invalid_credentials".to_owned()),
            request: RequestInfo {
                trace_id: "4bf92f3577b34da6a3ce929d0e0e4736".to_owned(),
                ip: Some("192.0.2.7".to_owned()),
                user_agent: Some("nimbus-cli/0.1".to_owned()),
                method: Some("POST".to_owned()),
                path: Some("/api/v1/auth/login".to_owned()),
            },
        }
    }

    pub(crate) const NOTE: &str = "nimbus.example/audit/0190\n42\nq83vEjRWeJA=\n\n— nimbus AAAAAQ==\n";

    pub(crate) fn checkpoint() -> SiemEvent<'static> {
        SiemEvent::Checkpoint { tenant: tenant(), size: 42, root_hex: "abcdef0123", note: NOTE, at: at() }
    }

    #[test]
    fn record_golden() {
        let e = entry();
        assert_eq!(
            cef(&SiemEvent::Record { seq: 17, entry: &e }, "0.1.0"),
            "CEF:0|Nimbus|nimbusd|0.1.0|auth.login.failed|auth login failed|5|rt=1777890030123 cat=auth \
             act=iam:session:create outcome=failed suser=alice@example.com \
             suid=01900000-0000-7000-8000-000000000002 cs2Label=actorKind cs2=user \
             cs3Label=impersonatorId cs3=01900000-0000-7000-8000-000000000003 src=192.0.2.7 \
             requestMethod=POST request=/api/v1/auth/login requestClientApplication=nimbus-cli/0.1 \
             externalId=4bf92f3577b34da6a3ce929d0e0e4736 reason=invalid_credentials \
             cs1Label=tenantId cs1=01900000-0000-7000-8000-0000000000aa cn1Label=seq cn1=17 \
             cs4Label=auditId cs4=01900000-0000-7000-8000-000000000001 cs5Label=resource cs5=user:u-1 \
             cs6Label=resourceName cs6=Alice \
             msg={\"new\":{\"email\":\"alice@example.com\",\"password\":\"[redacted]\"}}"
        );
    }

    #[test]
    fn checkpoint_golden() {
        assert_eq!(
            cef(&checkpoint(), "0.1.0"),
            "CEF:0|Nimbus|nimbusd|0.1.0|audit.checkpoint|audit log checkpoint|3|rt=1777890030123 cat=audit \
             cs1Label=tenantId cs1=01900000-0000-7000-8000-0000000000aa cn2Label=treeSize cn2=42 \
             cs2Label=rootHash cs2=abcdef0123 \
             msg=nimbus.example/audit/0190\\n42\\nq83vEjRWeJA\\=\\n\\n— nimbus AAAAAQ\\=\\=\\n"
        );
    }

    #[test]
    fn header_escaping() {
        for (input, want) in [
            ("plain", "plain"),
            ("a|b", "a\\|b"),
            ("a\\b", "a\\\\b"),
            ("a\\|b", "a\\\\\\|b"),
            ("a=b", "a=b"),
            ("line\nbreak\r", "line break "),
        ] {
            assert_eq!(escape_header(input), want, "{input:?}");
        }
    }

    #[test]
    fn extension_escaping() {
        for (input, want) in [
            ("plain text", "plain text"),
            ("a=b", "a\\=b"),
            ("a\\b", "a\\\\b"),
            ("a|b", "a|b"),
            ("one\ntwo\r\n", "one\\ntwo\\r\\n"),
            ("\\=", "\\\\\\="),
        ] {
            let mut out = String::new();
            escape_extension_into(&mut out, input);
            assert_eq!(out, want, "{input:?}");
        }
    }

    #[test]
    fn hostile_values_stay_inside_their_field() {
        let mut e = entry();
        e.event_type = "x|y\\z".to_owned();
        e.actor.display = "eve cs1=forged\nCEF:0|fake".to_owned();
        e.request.ip = Some("2001:db8::1".to_owned());
        e.resource = None;
        e.new_value = None;
        let line = cef(&SiemEvent::Record { seq: 1, entry: &e }, "1|2");
        assert!(line.starts_with("CEF:0|Nimbus|nimbusd|1\\|2|x\\|y\\\\z|x\\|y\\\\z|5|"), "{line}");
        assert!(line.contains(" suser=eve cs1\\=forged\\nCEF:0|fake "), "{line}");
        assert!(!line.contains('\n'));
        assert!(line.contains(" c6a2Label=Source IPv6 Address c6a2=2001:db8::1 "), "{line}");
        assert!(!line.contains(" src="), "{line}");
        assert!(!line.contains("msg="), "no change, no msg: {line}");
    }

    #[test]
    fn ipv4_mapped_addresses_are_ipv4_and_junk_is_dropped() {
        let mut e = entry();
        e.request.ip = Some("::ffff:198.51.100.9".to_owned());
        assert!(cef(&SiemEvent::Record { seq: 1, entry: &e }, "v").contains(" src=198.51.100.9 "));
        e.request.ip = Some("unknown".to_owned());
        let line = cef(&SiemEvent::Record { seq: 1, entry: &e }, "v");
        assert!(!line.contains("src=") && !line.contains("c6a2"), "{line}");
    }

    #[test]
    fn priority_maps_to_severity() {
        let got: Vec<_> = Priority::ALL.iter().map(|p| (p.as_str(), severity(*p))).collect();
        assert_eq!(got, [("debug", 1), ("info", 3), ("warn", 5), ("err", 7), ("critical", 10)]);
        let mut e = entry();
        e.priority = Priority::Critical;
        assert!(cef(&SiemEvent::Record { seq: 1, entry: &e }, "v").contains("|10|rt="));
    }
}
