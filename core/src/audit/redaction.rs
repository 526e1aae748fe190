//! Redaction of audit values: the built-in sensitive field names plus a tenant's own patterns,
//! applied recursively to nested JSON before a record is stored, hashed or sent anywhere.
//!
//! Owns the matching rules. It must not decide which tenant's rules apply (the daemon does).

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Field-name fragments whose values never reach audit storage.
const BUILT_IN: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "api_key",
    "apikey",
    "private_key",
    "authorization",
    "cookie",
    "credential",
    "session_key",
    "otp",
];

/// Replacement text for redacted values.
pub const REDACTED: &str = "[redacted]";

/// A tenant's extra rule: a case-insensitive field-name pattern where `*` matches any run of
/// characters (`*_ssn`, `card_number`, `x-*-key`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldPattern(String);

impl FieldPattern {
    /// Validates and normalises a pattern.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if t.is_empty() || t.len() > 128 || t.chars().all(|c| c == '*') {
            return Err(format!(
                "redaction pattern {text:?} must name a field: 1-128 characters, not only `*` (e.g. `*_ssn`)"
            ));
        }
        Ok(Self(normalise(t)))
    }

    /// The pattern as written (normalised).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn matches(&self, name: &str) -> bool {
        glob(self.0.as_bytes(), name.as_bytes())
    }
}

fn normalise(name: &str) -> String {
    name.to_ascii_lowercase().replace('-', "_")
}

/// Iterative `*` glob; no backtracking blow-up.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && pattern[p] != b'*' && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Whether a field of this name is sensitive by the built-in rules.
pub fn is_sensitive_field(name: &str) -> bool {
    let lower = normalise(name);
    BUILT_IN.iter().any(|f| lower.contains(f))
}

/// Replaces, recursively, the value of every object field whose name is sensitive by the
/// built-in rules or matches one of `extra`.
pub fn redact_with(value: &mut Value, extra: &[FieldPattern]) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if is_sensitive_field(key) || (!extra.is_empty() && extra.iter().any(|p| p.matches(&normalise(key)))) {
                    *v = Value::String(REDACTED.to_owned());
                } else {
                    redact_with(v, extra);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| redact_with(v, extra)),
        _ => {}
    }
}

/// [`redact_with`] the built-in rules only.
pub fn redact(value: &mut Value) {
    redact_with(value, &[]);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    #[test]
    fn redaction_is_recursive_and_case_insensitive() {
        let mut v = json!({
            "email": "a@example.com",
            "Password": "x",
            "nested": {"refresh_token": "y", "list": [{"Api-Key": "z", "name": "n"}]},
        });
        redact(&mut v);
        assert_eq!(
            v,
            json!({
                "email": "a@example.com",
                "Password": REDACTED,
                "nested": {"refresh_token": REDACTED, "list": [{"Api-Key": REDACTED, "name": "n"}]},
            })
        );
    }

    #[test]
    fn tenant_patterns_apply_at_any_depth() {
        let rules = [FieldPattern::parse("*_SSN").unwrap(), FieldPattern::parse("card-number").unwrap()];
        let mut v = json!({"employee_ssn": "1", "ssn": "kept", "a": [{"Card_Number": "4111", "b": {"x_ssn": 2}}]});
        redact_with(&mut v, &rules);
        assert_eq!(
            v,
            json!({"employee_ssn": REDACTED, "ssn": "kept", "a": [{"Card_Number": REDACTED, "b": {"x_ssn": REDACTED}}]})
        );
    }

    #[test]
    fn patterns_are_validated_and_globs_match() {
        assert!(FieldPattern::parse("").is_err());
        assert!(FieldPattern::parse("**").is_err());
        for (p, name, hit) in [
            ("a*c", "abbbc", true),
            ("a*c", "abbb", false),
            ("*key*", "x_key_y", true),
            ("exact", "exact", true),
            ("exact", "exactly", false),
            ("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
        ] {
            assert_eq!(FieldPattern::parse(p).unwrap().matches(name), hit, "{p} {name}");
        }
    }
}
