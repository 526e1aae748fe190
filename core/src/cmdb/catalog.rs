//! Rules of CI templates and the service catalog that need no storage: `{{param}}`
//! substitution, decimal money in micro-units, billing periods, and price-list version states.
//!
//! Owns pure functions over plain values; the daemon's template and catalog services call them
//! inside their operations. It must not know how templates or price lists are stored.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// Money and quantities as integer millionths: exact sums, no floating point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Micros(pub i128);

const SCALE: i128 = 1_000_000;

impl Micros {
    /// Parses a non-negative decimal string with at most 6 decimals (`"12"`, `"0.0125"`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        if int.is_empty() || int.len() > 15 || frac.len() > 6 {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let whole: i128 = int.parse().ok()?;
        let mut f: i128 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
        for _ in frac.len()..6 {
            f *= 10;
        }
        Some(Self(whole * SCALE + f))
    }

    /// A quantity from a JSON number (rounded to millionths). Quantities are attribute values
    /// (cores, gigabytes): far inside i128 after scaling.
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    pub fn from_f64(x: f64) -> Self {
        Self((x * SCALE as f64).round() as i128)
    }

    /// `self × other` (both in millionths), rounded half up to millionths.
    pub fn times(self, other: Self) -> Self {
        let p = self.0 * other.0;
        Self((p + SCALE / 2 * p.signum()) / SCALE)
    }

    /// `self × n / d`, rounded half up.
    pub fn scale(self, n: i128, d: i128) -> Self {
        let p = self.0 * n;
        Self((p + d / 2 * p.signum()) / d)
    }
}

impl std::ops::Add for Micros {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Self(self.0 + o.0)
    }
}

impl fmt::Display for Micros {
    /// At least two decimals, at most six, trailing zeros beyond two dropped (`12.50`,
    /// `0.0125`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.abs();
        let mut frac = format!("{:06}", abs % SCALE);
        while frac.len() > 2 && frac.ends_with('0') {
            frac.pop();
        }
        write!(f, "{sign}{}.{frac}", abs / SCALE)
    }
}

/// A billing period of a price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// Per hour.
    Hour,
    /// Per month.
    Month,
    /// Per year.
    Year,
    /// One time.
    Once,
}

impl Period {
    /// Parses `hour`, `month`, `year` or `once`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "hour" => Some(Self::Hour),
            "month" => Some(Self::Month),
            "year" => Some(Self::Year),
            "once" => Some(Self::Once),
            _ => None,
        }
    }

    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Month => "month",
            Self::Year => "year",
            Self::Once => "once",
        }
    }

    /// An amount per this period as an amount per month (730 hours a month, the usual cloud
    /// convention); `once` is not recurring.
    pub fn monthly(self, amount: Micros) -> Micros {
        match self {
            Self::Hour => amount.scale(730, 1),
            Self::Month => amount,
            Self::Year => amount.scale(1, 12),
            Self::Once => Micros(0),
        }
    }
}

/// Status of a price-list version: `draft` → `published` → `archived` (a draft may also be
/// archived unpublished). Only a draft's prices change; publishing archives the version that
/// was published before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStatus {
    /// Being edited.
    Draft,
    /// In force (at most one per price list).
    Published,
    /// Retired; pins may still name it.
    Archived,
}

impl VersionStatus {
    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "published" => Some(Self::Published),
            "archived" => Some(Self::Archived),
            _ => None,
        }
    }

    /// Stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Archived => "archived",
        }
    }

    /// Whether a version may move from `self` to `to`.
    pub fn can_become(self, to: Self) -> bool {
        matches!((self, to), (Self::Draft, Self::Published | Self::Archived) | (Self::Published, Self::Archived))
    }
}

/// Whether `name` is a valid template parameter or offering key: `[a-z][a-z0-9_]{0,63}`.
pub fn valid_key(name: &str) -> bool {
    super::valid_class_key(name)
}

/// The `{{name}}` placeholders in `text`, in order.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    out
}

/// Substitutes every `{{name}}` in `text` with the parameter's value (strings as they are,
/// other values as JSON). Unknown names are an error naming them.
pub fn substitute(text: &str, params: &BTreeMap<String, Value>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        let value = params.get(name).ok_or_else(|| format!("{{{{{name}}}}} names no parameter"))?;
        out.push_str(&rest[..start]);
        match value {
            Value::String(s) => out.push_str(s),
            other => out.push_str(&other.to_string()),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// An attribute value with its placeholders filled: a string that is exactly one placeholder
/// takes the parameter's value and type (`"{{cpus}}"` → `4`); other strings are substituted;
/// arrays and objects are filled recursively.
pub fn fill(value: &Value, params: &BTreeMap<String, Value>) -> Result<Value, String> {
    Ok(match value {
        Value::String(s) => {
            let t = s.trim();
            let whole =
                t.starts_with("{{") && t.ends_with("}}") && placeholders(t).len() == 1 && t.matches("{{").count() == 1;
            if whole {
                let name = t[2..t.len() - 2].trim();
                params.get(name).cloned().ok_or_else(|| format!("{{{{{name}}}}} names no parameter"))?
            } else {
                Value::String(substitute(s, params)?)
            }
        }
        Value::Array(a) => Value::Array(a.iter().map(|v| fill(v, params)).collect::<Result<_, _>>()?),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| Ok((k.clone(), fill(v, params)?))).collect::<Result<_, String>>()?)
        }
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn money_parses_sums_and_prints_exactly() {
        let p = |s: &str| Micros::parse(s);
        assert_eq!(p("12"), Some(Micros(12_000_000)));
        assert_eq!(p("0.0125"), Some(Micros(12_500)));
        for bad in ["", "-1", "1.1234567", "1e3", "abc", ".5", "1,5"] {
            assert_eq!(p(bad), None, "{bad}");
        }
        let price = Micros::parse("0.0125").unwrap_or_default();
        assert_eq!(price.times(Micros::from_f64(4.0)).to_string(), "0.05");
        assert_eq!(Micros::parse("12.5").unwrap_or_default().to_string(), "12.50");
        assert_eq!(Period::Hour.monthly(price).to_string(), "9.125");
        assert_eq!(Period::Year.monthly(Micros::parse("120").unwrap_or_default()).to_string(), "10.00");
        assert_eq!(Period::Once.monthly(price), Micros(0));
    }

    #[test]
    fn versions_move_forward_only() {
        use VersionStatus::{Archived, Draft, Published};
        assert!(Draft.can_become(Published) && Draft.can_become(Archived) && Published.can_become(Archived));
        assert!(!Published.can_become(Draft) && !Archived.can_become(Published) && !Archived.can_become(Draft));
    }

    #[test]
    fn placeholders_fill_with_types() {
        let params: BTreeMap<String, Value> =
            [("env".to_owned(), json!("prod")), ("cpus".to_owned(), json!(4))].into_iter().collect();
        assert_eq!(substitute("web-{{ env }}-{{cpus}}", &params).as_deref(), Ok("web-prod-4"));
        assert_eq!(fill(&json!("{{cpus}}"), &params), Ok(json!(4)));
        assert_eq!(fill(&json!({"a": ["x-{{env}}"]}), &params), Ok(json!({"a": ["x-prod"]})));
        assert!(substitute("{{nope}}", &params).is_err_and(|e| e.contains("nope")));
        assert_eq!(placeholders("{{a}} and {{ b }}"), ["a", "b"]);
    }
}
