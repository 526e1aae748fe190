//! The difference between two CI snapshots, field by field: what `nimbus ci diff v1 v2` shows.
//! Objects are walked recursively (`attributes/cpu_cores`); arrays and scalars compare whole.

use serde::Serialize;
use serde_json::Value;

/// One changed path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// `/`-separated path from the snapshot's root.
    pub path: String,
    /// Value before (absent: `null`).
    pub before: Value,
    /// Value after (absent: `null`).
    pub after: Value,
}

/// Every path whose value differs between `a` and `b`, sorted by path.
pub fn diff(a: &Value, b: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(String::new(), a, b, &mut out);
    out.sort_by(|x, y| x.path.cmp(&y.path));
    out
}

fn walk(path: String, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = join(&path, k);
                match y.get(k) {
                    Some(vb) => walk(p, va, vb, out),
                    None => out.push(Change { path: p, before: va.clone(), after: Value::Null }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(Change { path: join(&path, k), before: Value::Null, after: vb.clone() });
                }
            }
        }
        _ if a != b => out.push(Change { path, before: a.clone(), after: b.clone() }),
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}/{key}") }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reports_each_changed_path() {
        for (a, b, expected) in [
            (json!({"a": 1}), json!({"a": 1}), vec![]),
            (json!({"a": 1}), json!({"a": 2}), vec![("a", json!(1), json!(2))]),
            (json!({"a": {"x": 1, "y": 2}}), json!({"a": {"x": 1, "y": 3}}), vec![("a/y", json!(2), json!(3))]),
            (json!({"a": 1}), json!({}), vec![("a", json!(1), Value::Null)]),
            (json!({}), json!({"b": [1]}), vec![("b", Value::Null, json!([1]))]),
            (json!({"l": [1, 2]}), json!({"l": [2, 1]}), vec![("l", json!([1, 2]), json!([2, 1]))]),
            (
                json!({"s": "x", "t": 1}),
                json!({"s": "y", "t": 2}),
                vec![("s", json!("x"), json!("y")), ("t", json!(1), json!(2))],
            ),
        ] {
            let got: Vec<_> = diff(&a, &b).into_iter().map(|c| (c.path, c.before, c.after)).collect();
            let expected: Vec<_> = expected.into_iter().map(|(p, x, y)| (p.to_owned(), x, y)).collect();
            assert_eq!(got, expected, "{a} -> {b}");
        }
    }
}
