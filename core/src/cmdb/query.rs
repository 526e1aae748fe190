//! The CMDB search language (`nimbus search`, saved searches): words for full text plus
//! `field:value` filters.
//!
//! ```text
//! web prod*  class:virtualmachine  state:active,maintenance  tag:env=prod
//! compartment:<id>  attr:cpu_cores>=4  attr:os=linux  external_id:i-0abc  deleted:true
//! ```
//!
//! Owns parsing into a [`SearchQuery`] with errors that name the offending term. It must not
//! know how a query runs.

use std::fmt;

/// An attribute comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A parsed comparison value: numbers compare as numbers, everything else as text.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
}

/// `attr:<name><op><value>`.
#[derive(Debug, Clone, PartialEq)]
pub struct AttrCmp {
    /// Top-level attribute name.
    pub name: String,
    /// Operator.
    pub op: Op,
    /// Value.
    pub value: Literal,
}

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// Full-text words (a trailing `*` is a prefix).
    pub words: Vec<String>,
    /// `class:` values (any).
    pub classes: Vec<String>,
    /// `state:` values (any).
    pub states: Vec<String>,
    /// `tag:k=v` (all).
    pub tags: Vec<(String, String)>,
    /// `compartment:` ids or names (subtrees, any).
    pub compartments: Vec<String>,
    /// `attr:` comparisons (all).
    pub attributes: Vec<AttrCmp>,
    /// `external_id:`.
    pub external_id: Option<String>,
    /// `deleted:true` includes soft-deleted CIs.
    pub include_deleted: bool,
}

/// A term that does not parse; the message names it and shows the expected form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

fn err(term: &str, expected: &str) -> QueryError {
    QueryError(format!("q: term {term:?} is invalid; expected {expected}"))
}

fn attr_name_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn parse_attr(term: &str, rest: &str) -> Result<AttrCmp, QueryError> {
    const OPS: [(&str, Op); 6] =
        [(">=", Op::Ge), ("<=", Op::Le), ("!=", Op::Ne), ("=", Op::Eq), (">", Op::Gt), ("<", Op::Lt)];
    let (at, len, op) = rest
        .char_indices()
        .find_map(|(i, _)| OPS.iter().find(|(s, _)| rest[i..].starts_with(s)).map(|(s, op)| (i, s.len(), *op)))
        .ok_or_else(|| err(term, "attr:<name><op><value> with op one of = != < <= > >="))?;
    let name = &rest[..at];
    let raw = &rest[at + len..];
    if !attr_name_ok(name) {
        return Err(err(term, "an attribute name of letters, digits and '_'"));
    }
    if raw.is_empty() {
        return Err(err(term, "a value after the operator"));
    }
    let value = raw
        .parse::<f64>()
        .ok()
        .filter(|f| f.is_finite())
        .map_or_else(|| Literal::Text(raw.to_owned()), Literal::Number);
    Ok(AttrCmp { name: name.to_owned(), op, value })
}

/// Splits on whitespace, keeping double-quoted runs together (`tag:"team=data eng"`).
fn terms(input: &str) -> Result<Vec<String>, QueryError> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if quoted {
        return Err(QueryError("q: a double quote is not closed".into()));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

impl SearchQuery {
    /// Parses a query string.
    pub fn parse(input: &str) -> Result<Self, QueryError> {
        let mut q = Self::default();
        for term in terms(input)? {
            let Some((field, rest)) = term.split_once(':') else {
                q.words.push(term);
                continue;
            };
            let list = || rest.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
            match field {
                "class" => q.classes.extend(list()),
                "state" => q.states.extend(list()),
                "compartment" => q.compartments.extend(rest.split(',').filter(|s| !s.is_empty()).map(str::to_owned)),
                "tag" => {
                    let (k, v) = rest.split_once('=').ok_or_else(|| err(&term, "tag:<key>=<value>"))?;
                    if k.is_empty() {
                        return Err(err(&term, "tag:<key>=<value>"));
                    }
                    q.tags.push((k.to_owned(), v.to_owned()));
                }
                "attr" => q.attributes.push(parse_attr(&term, rest)?),
                "external_id" => q.external_id = Some(rest.to_owned()),
                "deleted" => {
                    q.include_deleted = match rest {
                        "true" => true,
                        "false" => false,
                        _ => return Err(err(&term, "deleted:true or deleted:false")),
                    }
                }
                // A colon inside a word (an ARN, a URN) is text, not a field.
                _ => q.words.push(term),
            }
        }
        if q.words.iter().any(|w| w.len() > 128) {
            return Err(QueryError("q: a search word is longer than 128 characters".into()));
        }
        Ok(q)
    }

    /// The full-text part, words joined by spaces.
    pub fn text(&self) -> Option<String> {
        (!self.words.is_empty()).then(|| self.words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fields_and_words() {
        let q = SearchQuery::parse(
            "web prod* class:virtualmachine,Subnet state:active tag:env=prod attr:cpu_cores>=4 attr:os=linux \
             external_id:i-1 deleted:true compartment:a,b arn:aws:ec2:x",
        )
        .unwrap_or_default();
        assert_eq!(q.words, ["web", "prod*", "arn:aws:ec2:x"]);
        assert_eq!(q.classes, ["virtualmachine", "subnet"]);
        assert_eq!(q.states, ["active"]);
        assert_eq!(q.tags, [("env".to_owned(), "prod".to_owned())]);
        assert_eq!(q.compartments, ["a", "b"]);
        assert_eq!(q.external_id.as_deref(), Some("i-1"));
        assert!(q.include_deleted);
        assert_eq!(
            q.attributes,
            [
                AttrCmp { name: "cpu_cores".into(), op: Op::Ge, value: Literal::Number(4.0) },
                AttrCmp { name: "os".into(), op: Op::Eq, value: Literal::Text("linux".into()) },
            ]
        );
    }

    #[test]
    fn operators_prefer_the_longest_match() {
        for (input, op, value) in [
            ("attr:a>=1", Op::Ge, Literal::Number(1.0)),
            ("attr:a<=1.5", Op::Le, Literal::Number(1.5)),
            ("attr:a!=x", Op::Ne, Literal::Text("x".into())),
            ("attr:a>2", Op::Gt, Literal::Number(2.0)),
            ("attr:a<2", Op::Lt, Literal::Number(2.0)),
            ("attr:a==3", Op::Eq, Literal::Text("=3".into())),
        ] {
            let q = SearchQuery::parse(input).unwrap_or_default();
            assert_eq!(q.attributes.first().map(|a| (a.op, a.value.clone())), Some((op, value)), "{input}");
        }
    }

    #[test]
    fn quotes_keep_spaces() {
        let q = SearchQuery::parse(r#"tag:"team=data eng" "two words""#).unwrap_or_default();
        assert_eq!(q.tags, [("team".to_owned(), "data eng".to_owned())]);
        assert_eq!(q.words, ["two words"]);
    }

    #[test]
    fn bad_terms_are_named() {
        for (input, fragment) in [
            ("tag:env", "\"tag:env\""),
            ("tag:=x", "tag:<key>=<value>"),
            ("attr:cpu", "op one of"),
            ("attr:>=4", "attribute name"),
            ("attr:a>=", "a value after"),
            ("attr:a-b=1", "attribute name"),
            ("deleted:maybe", "deleted:true"),
            ("\"open", "not closed"),
        ] {
            let e = SearchQuery::parse(input).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(e.starts_with("q:") && e.contains(fragment), "{input}: {e}");
        }
    }
}
