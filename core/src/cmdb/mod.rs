//! CMDB rules that need no storage: the CI lifecycle state machine, snapshot diffs, the search
//! language, and the naming rules of classes.
//!
//! Owns pure functions over plain values. It must not know how CIs are stored or who may
//! change them; the daemon's CMDB service calls these inside its operations.

pub mod catalog;
mod diff;
mod lifecycle;
mod query;

pub use diff::{Change, diff};
pub use lifecycle::{LifecycleError, LifecycleState};
pub use query::{AttrCmp, Literal, Op, QueryError, SearchQuery};

/// Longest class key (`[a-z0-9_]`, starting with a letter).
pub const MAX_CLASS_KEY: usize = 64;

/// Whether `key` is a valid class key: it doubles as a permission subtype
/// (`cmdb:ci:update:<key>`), so it must fit that grammar.
pub fn valid_class_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_CLASS_KEY
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_keys_fit_the_permission_grammar() {
        for (k, ok) in [
            ("virtualmachine", true),
            ("k8s_cluster", true),
            ("a", true),
            ("", false),
            ("1vm", false),
            ("VM", false),
            ("vm-x", false),
            ("vm:x", false),
        ] {
            assert_eq!(valid_class_key(k), ok, "{k:?}");
        }
        assert!(!valid_class_key(&"a".repeat(MAX_CLASS_KEY + 1)));
    }
}
