//! Audit queries: turns the wire filters into a validated store filter and back into keyset
//! cursors. Owns the limits (page size, word count) and what a bad filter is told; it must not
//! run queries or decide who may see which tenant.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chrono::{DateTime, SecondsFormat, Utc};
use nimbus_core::api::audit::AuditQuery;
use nimbus_core::audit::{Category, Outcome, Priority};
use nimbus_core::ids::{AuditId, TenantId};
use uuid::Uuid;

use crate::store::{AuditFilter, StoredAudit};

/// Default page size.
pub const DEFAULT_LIMIT: u32 = 100;
/// Largest page.
pub const MAX_LIMIT: u32 = 1000;
const MAX_WORDS: usize = 16;
const MAX_TEXT: usize = 200;

/// Validates `q` into a filter over `tenants`. The error says which field is wrong and how.
pub fn resolve(q: &AuditQuery, tenants: Vec<TenantId>) -> Result<AuditFilter, String> {
    let text = |name: &str, v: &Option<String>| -> Result<Option<String>, String> {
        match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) if s.len() > MAX_TEXT => Err(format!("`{name}` is longer than {MAX_TEXT} characters")),
            Some(s) => Ok(Some(s.to_owned())),
        }
    };
    let mut f = AuditFilter { tenants, from: q.from, to: q.to, ..AuditFilter::default() };
    if let (Some(from), Some(to)) = (q.from, q.to)
        && from >= to
    {
        return Err("`from` must be earlier than `to`".into());
    }
    if let Some(actor) = text("actor", &q.actor)? {
        match Uuid::parse_str(&actor) {
            Ok(id) => f.actor_id = Some(id),
            Err(_) => f.actor_glob = Some(actor),
        }
    }
    f.action_glob = text("action", &q.action)?;
    f.event_glob = text("event_type", &q.event_type)?;
    if let Some(c) = text("category", &q.category)? {
        let parsed: Category = c.parse().map_err(|_| {
            format!(
                "unknown category {c:?}; use one of {}",
                Category::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
            )
        })?;
        f.category = Some(parsed.as_str().to_owned());
    }
    if let Some(p) = text("min_priority", &q.min_priority)? {
        let min: Priority = p.parse().map_err(|_| {
            format!(
                "unknown priority {p:?}; use one of {}",
                Priority::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
            )
        })?;
        f.priorities = Priority::ALL.iter().filter(|x| **x >= min).map(|x| x.as_str()).collect();
    }
    f.resource_type = text("resource_type", &q.resource_type)?;
    f.resource_id = text("resource_id", &q.resource_id)?;
    if let Some(r) = text("result", &q.result)? {
        let parsed: Outcome = r.parse().map_err(|_| format!("unknown result {r:?}; use success, denied or failed"))?;
        f.outcome = Some(parsed.as_str().to_owned());
    }
    f.trace_id = text("trace_id", &q.trace_id)?;
    if let Some(words) = text("q", &q.q)? {
        f.words = words.split_whitespace().map(str::to_owned).collect();
        if f.words.len() > MAX_WORDS {
            return Err(format!("`q` has more than {MAX_WORDS} words; narrow it with filters instead"));
        }
    }
    f.limit = match q.limit {
        None => DEFAULT_LIMIT,
        Some(0) => return Err("`limit` must be at least 1".into()),
        Some(n) if n > MAX_LIMIT => return Err(format!("`limit` must be at most {MAX_LIMIT}")),
        Some(n) => n,
    };
    if let Some(c) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
        f.before = Some(decode_cursor(c).ok_or("`cursor` is not one this server issued; start again without it")?);
    }
    Ok(f)
}

/// The cursor that continues after `last`.
pub fn cursor_after(last: &StoredAudit) -> String {
    let text =
        format!("{}|{}", last.entry.occurred_at.to_rfc3339_opts(SecondsFormat::Micros, true), last.entry.id.as_uuid());
    B64.encode(text)
}

fn decode_cursor(c: &str) -> Option<(DateTime<Utc>, AuditId)> {
    let bytes = B64.decode(c).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (at, id) = text.split_once('|')?;
    let at = DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc);
    Some((at, AuditId::from_uuid(Uuid::parse_str(id).ok()?)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn q() -> AuditQuery {
        AuditQuery::default()
    }

    #[test]
    fn filters_are_validated_with_the_field_named() {
        let t = vec![TenantId::generate()];
        for (query, needle) in [
            (AuditQuery { category: Some("nope".into()), ..q() }, "unknown category"),
            (AuditQuery { min_priority: Some("loud".into()), ..q() }, "unknown priority"),
            (AuditQuery { result: Some("maybe".into()), ..q() }, "unknown result"),
            (AuditQuery { limit: Some(5000), ..q() }, "`limit`"),
            (AuditQuery { cursor: Some("garbage!".into()), ..q() }, "`cursor`"),
            (AuditQuery { q: Some("a ".repeat(20)), ..q() }, "`q`"),
        ] {
            let err = resolve(&query, t.clone()).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
        let f =
            resolve(&AuditQuery { min_priority: Some("warn".into()), actor: Some("*@x.io".into()), ..q() }, t).unwrap();
        assert_eq!(f.priorities, vec!["warn", "err", "critical"]);
        assert_eq!(f.actor_glob.as_deref(), Some("*@x.io"));
        assert_eq!(f.limit, DEFAULT_LIMIT);
    }
}
