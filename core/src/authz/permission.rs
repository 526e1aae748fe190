//! Permission strings: concrete permissions, wildcard patterns, and the catalogue.
//!
//! Owns the `{domain}:{resource}:{action}[:{subtype}]` grammar, pattern matching and coverage
//! between patterns, and the one declaration of every permission the daemon checks. It must not
//! know about roles, scopes or who holds what; that is `roles`, `directory` and `evaluate`.

use std::fmt;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Longest accepted permission or pattern string. Offsets are kept as `u8`, and no real
/// permission comes anywhere near this.
const MAX_LEN: usize = 128;

/// What is expected, quoted in every parse error so the fix is obvious.
const FORMAT: &str = "domain:resource:action or domain:resource:action:subtype";

/// Why a string is not a permission or a permission pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PermissionError {
    /// Nothing was given.
    #[error("{kind} is empty; expected {FORMAT}")]
    Empty {
        /// `permission` or `permission pattern`.
        kind: &'static str,
    },
    /// Longer than any real permission.
    #[error("{kind} is longer than {MAX_LEN} characters")]
    TooLong {
        /// `permission` or `permission pattern`.
        kind: &'static str,
    },
    /// Not 3 or 4 `:`-separated segments.
    #[error("{kind} {input:?} has {found} segments; expected {FORMAT}")]
    SegmentCount {
        /// `permission` or `permission pattern`.
        kind: &'static str,
        /// The rejected input.
        input: String,
        /// How many segments it had.
        found: usize,
    },
    /// A segment with characters outside `[a-z0-9_-]` (or not exactly `*` in a pattern).
    #[error("segment {segment:?} of {kind} {input:?} is invalid; use lowercase letters, digits, '_' or '-'{extra}")]
    InvalidSegment {
        /// `permission` or `permission pattern`.
        kind: &'static str,
        /// The rejected input.
        input: String,
        /// The offending segment.
        segment: String,
        /// What else this kind accepts.
        extra: &'static str,
    },
}

/// A validated string split into 3 or 4 segments. `ends[i]` is the exclusive end of segment i;
/// segment i starts one past the end of segment i-1 (after the `:`).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Segments {
    text: Box<str>,
    ends: [u8; 4],
    count: u8,
}

impl Segments {
    fn parse(raw: &str, wildcards: bool) -> Result<Self, PermissionError> {
        let kind = if wildcards { "permission pattern" } else { "permission" };
        if raw.is_empty() {
            return Err(PermissionError::Empty { kind });
        }
        if raw.len() > MAX_LEN {
            return Err(PermissionError::TooLong { kind });
        }
        let found = raw.split(':').count();
        if !(3..=4).contains(&found) {
            return Err(PermissionError::SegmentCount { kind, input: raw.to_owned(), found });
        }
        let mut ends = [0u8; 4];
        let mut end = 0usize;
        for (i, segment) in raw.split(':').enumerate() {
            let literal = !segment.is_empty()
                && segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
            if !(literal || (wildcards && segment == "*")) {
                return Err(PermissionError::InvalidSegment {
                    kind,
                    input: raw.to_owned(),
                    segment: segment.to_owned(),
                    extra: if wildcards {
                        ", or exactly '*'"
                    } else {
                        " (wildcards belong in patterns, not permissions)"
                    },
                });
            }
            end += segment.len();
            // MAX_LEN keeps every offset inside u8.
            ends[i] = u8::try_from(end).unwrap_or(u8::MAX);
            end += 1;
        }
        Ok(Self { text: raw.into(), ends, count: u8::try_from(found).unwrap_or(4) })
    }

    fn get(&self, i: usize) -> Option<&str> {
        if i >= usize::from(self.count) {
            return None;
        }
        let start = if i == 0 { 0 } else { usize::from(self.ends[i - 1]) + 1 };
        self.text.get(start..usize::from(self.ends[i]))
    }

    /// Segment `i` of a value known to have at least `i + 1` segments.
    fn seg(&self, i: usize) -> &str {
        self.get(i).unwrap_or("")
    }

    fn has_subtype(&self) -> bool {
        self.count == 4
    }
}

/// A concrete permission such as `cmdb:ci:create` or `cmdb:ci:create:virtualmachine`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Permission(Segments);

impl Permission {
    /// Validates `domain:resource:action[:subtype]`, each segment `[a-z0-9_-]+`.
    pub fn parse(raw: &str) -> Result<Self, PermissionError> {
        Segments::parse(raw, false).map(Self)
    }

    /// The whole permission string.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The first segment (`cmdb` in `cmdb:ci:create`).
    pub fn domain(&self) -> &str {
        self.0.seg(0)
    }

    /// The second segment (`ci` in `cmdb:ci:create`).
    pub fn resource(&self) -> &str {
        self.0.seg(1)
    }

    /// The third segment (`create` in `cmdb:ci:create`).
    pub fn action(&self) -> &str {
        self.0.seg(2)
    }

    /// The optional fourth segment (`virtualmachine` in `cmdb:ci:create:virtualmachine`).
    pub fn subtype(&self) -> Option<&str> {
        self.0.get(3)
    }
}

/// A permission pattern: like a [`Permission`] but any segment may be `*`.
///
/// A 3-segment pattern covers every subtype: `cmdb:ci:create` matches `cmdb:ci:create` and
/// `cmdb:ci:create:virtualmachine`. A 4-segment pattern matches only permissions that carry
/// that subtype; `cmdb:ci:create:*` matches any subtype but not the bare `cmdb:ci:create`.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PermissionPattern(Segments);

fn seg_matches(pattern: &str, value: &str) -> bool {
    pattern == "*" || pattern == value
}

impl PermissionPattern {
    /// Validates a pattern: 3 or 4 segments, each `[a-z0-9_-]+` or exactly `*`.
    pub fn parse(raw: &str) -> Result<Self, PermissionError> {
        Segments::parse(raw, true).map(Self)
    }

    /// The whole pattern string.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// Whether `permission` is one of the permissions this pattern names.
    pub fn matches(&self, permission: &Permission) -> bool {
        let (p, v) = (&self.0, &permission.0);
        if !(0..3).all(|i| seg_matches(p.seg(i), v.seg(i))) {
            return false;
        }
        match (p.get(3), v.get(3)) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(ps), Some(vs)) => seg_matches(ps, vs),
        }
    }

    /// Number of literal (non-`*`) segments; higher is more specific. Picks the deciding grant
    /// among several allows: exact beats `d:r:*`, which beats `d:*:*`, which beats `*:*:*`.
    pub fn specificity(&self) -> u8 {
        let literal = (0..usize::from(self.0.count)).filter(|&i| self.0.seg(i) != "*").count();
        u8::try_from(literal).unwrap_or(u8::MAX)
    }

    /// Whether every permission `other` matches is also matched by `self`. Used to stop a
    /// granter from handing out more than they hold.
    pub fn covers(&self, other: &PermissionPattern) -> bool {
        let (a, b) = (&self.0, &other.0);
        if !(0..3).all(|i| seg_matches(a.seg(i), b.seg(i))) {
            return false;
        }
        match (a.get(3), b.get(3)) {
            (None, _) => true,
            // `other` also matches bare and every-subtype permissions; a subtype pattern does not.
            (Some(_), None) => false,
            (Some(x), Some(y)) => seg_matches(x, y),
        }
    }

    /// Whether some permission is matched by both patterns.
    pub fn overlaps(&self, other: &PermissionPattern) -> bool {
        let (a, b) = (&self.0, &other.0);
        let both = |x: &str, y: &str| x == "*" || y == "*" || x == y;
        if !(0..3).all(|i| both(a.seg(i), b.seg(i))) {
            return false;
        }
        match (a.get(3), b.get(3)) {
            (Some(x), Some(y)) => both(x, y),
            _ => true,
        }
    }

    /// Whether this is a 4-segment (subtype) pattern.
    pub fn has_subtype(&self) -> bool {
        self.0.has_subtype()
    }
}

macro_rules! string_forms {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0.text)
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($t), &*self.0.text)
            }
        }

        impl FromStr for $t {
            type Err = PermissionError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $t {
            type Error = PermissionError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$t> for String {
            fn from(value: $t) -> Self {
                value.0.text.into()
            }
        }
    };
}

string_forms!(Permission);
string_forms!(PermissionPattern);

/// One declared permission: its key and what it lets a caller do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PermissionDef {
    /// The permission string, e.g. `cmdb:ci:create`.
    pub key: &'static str,
    /// One line saying what it allows.
    pub description: &'static str,
}

impl PermissionDef {
    /// `(domain, resource, action, subtype)` for listings.
    pub fn parts(&self) -> (&'static str, &'static str, &'static str, Option<&'static str>) {
        let mut it = self.key.split(':');
        let domain = it.next().unwrap_or("");
        let resource = it.next().unwrap_or("");
        let action = it.next().unwrap_or("");
        (domain, resource, action, it.next())
    }
}

const fn def(key: &'static str, description: &'static str) -> PermissionDef {
    PermissionDef { key, description }
}

/// Every permission the daemon checks, sorted by key. A check against a permission missing here
/// is a bug: roles and policies are written against this list, and the API lists it.
pub const CATALOGUE: &[PermissionDef] = &[
    def("approval:policy:create", "Create approval policies (chain mode and approvers per operation type)"),
    def("approval:policy:delete", "Delete approval policies"),
    def("approval:policy:read", "List and view approval policies"),
    def("approval:policy:update", "Change approval policies"),
    def("approval:request:cancel", "Cancel pending approval requests others made"),
    def("approval:request:create", "Ask for approval of a change"),
    def("approval:request:decide", "Approve, reject or delegate a pending approval request"),
    def("approval:request:read", "List and view approval requests"),
    def("audit:archive:read", "List and fetch archived audit segments"),
    def("audit:archive:run", "Move old audit records into the archive"),
    def("audit:log:export", "Export the audit log"),
    def("audit:log:read", "Read, search, tail and verify the audit log"),
    def("audit:query:save", "Save and delete your own audit queries, and share them"),
    def("audit:settings:read", "View audit settings and redaction rules"),
    def("audit:settings:update", "Change audit settings and redaction rules"),
    def("auth:session:read", "List login sessions"),
    def("auth:session:revoke", "Revoke login sessions"),
    def("cmdb:ci:create", "Create configuration items of any class"),
    def("cmdb:ci:create:database", "Create database configuration items"),
    def("cmdb:ci:create:loadbalancer", "Create load balancer configuration items"),
    def("cmdb:ci:create:network", "Create network configuration items"),
    def("cmdb:ci:create:subnet", "Create subnet configuration items"),
    def("cmdb:ci:create:virtualmachine", "Create virtual machine configuration items"),
    def("cmdb:ci:delete", "Delete configuration items"),
    def("cmdb:ci:delete:network", "Delete network configuration items"),
    def("cmdb:ci:delete:virtualmachine", "Delete virtual machine configuration items"),
    def("cmdb:ci:import", "Bulk-import configuration items (creates and updates by external id)"),
    def("cmdb:ci:read", "List, search and view configuration items, their history and relationships"),
    def("cmdb:ci:update", "Change configuration items"),
    def("cmdb:ci:update:network", "Change network configuration items"),
    def("cmdb:ci:update:virtualmachine", "Change virtual machine configuration items"),
    def("cmdb:class:create", "Create custom CI classes"),
    def("cmdb:class:delete", "Delete unused custom CI classes"),
    def("cmdb:class:read", "List CI classes and the semantic registry"),
    def("cmdb:offering:create", "Create service offerings of the catalog"),
    def("cmdb:offering:delete", "Delete service offerings no price list prices"),
    def("cmdb:offering:read", "List and view service offerings"),
    def("cmdb:pin:create", "Pin the tenant to a price-list version from a time on"),
    def("cmdb:pin:delete", "Remove price-list pins"),
    def("cmdb:pricelist:create", "Create price lists"),
    def("cmdb:pricelist:publish", "Publish and archive price-list versions"),
    def("cmdb:pricelist:read", "List price lists and pins, and estimate the cost of CIs"),
    def("cmdb:pricelist:update", "Set the prices of a price list's draft version"),
    def("cmdb:relationship:create", "Relate configuration items"),
    def("cmdb:relationship:delete", "Remove relationships between configuration items"),
    def("cmdb:search:save", "Save and delete your own CMDB searches"),
    def("cmdb:template:create", "Create CI templates"),
    def("cmdb:template:delete", "Delete CI templates"),
    def(
        "cmdb:template:instantiate",
        "Create the CIs and relationships of a template (with each class's create permission)",
    ),
    def("cmdb:template:read", "List and view CI templates"),
    def("iam:apikey:create", "Create API keys"),
    def("iam:apikey:delete", "Delete API keys"),
    def("iam:apikey:read", "List and view API keys"),
    def("iam:apikey:update", "Rename, rotate or disable API keys"),
    def("iam:assignment:create", "Assign roles to users or groups"),
    def("iam:assignment:delete", "Remove role assignments"),
    def("iam:assignment:read", "List role assignments"),
    def("iam:decision:explain", "Explain why an access decision was made"),
    def("iam:group:create", "Create groups"),
    def("iam:group:delete", "Delete groups"),
    def("iam:group:read", "List and view groups and their members"),
    def("iam:group:update", "Rename groups and change their members"),
    def("iam:invitation:create", "Invite people to join a tenant"),
    def("iam:invitation:delete", "Withdraw invitations"),
    def("iam:invitation:read", "List pending invitations"),
    def("iam:permission:read", "List the permission catalogue"),
    def("iam:policy:read", "Read the tenant's Cedar policies"),
    def("iam:policy:update", "Change the tenant's Cedar policies"),
    def("iam:role:create", "Create custom roles"),
    def("iam:role:delete", "Delete custom roles"),
    def("iam:role:read", "List and view roles"),
    def("iam:role:update", "Change custom roles"),
    def("iam:user:create", "Create users"),
    def("iam:user:delete", "Delete users"),
    def("iam:user:read", "List and view users"),
    def("iam:user:update", "Change users' profiles and status"),
    def("notification:channel:read", "List and view notification channels (never their secrets)"),
    def("notification:channel:update", "Create, change and delete notification channels"),
    def("notification:delivery:read", "List notification deliveries and dead letters"),
    def("notification:delivery:retry", "Retry dead-lettered notification deliveries"),
    def("notification:message:send", "Send notifications to users and webhooks"),
    def("notification:template:read", "List and view notification templates"),
    def("notification:template:update", "Set and delete notification templates"),
    def("stack:deployment:destroy", "Tear down a deployed stack"),
    def("stack:deployment:read", "List and view stack deployments"),
    def("stack:deployment:up", "Deploy or update a stack"),
    def("system:server:read", "View server version and health"),
    def("tenant:compartment:create", "Create compartments"),
    def("tenant:compartment:delete", "Delete compartments"),
    def("tenant:compartment:move", "Move a compartment under another parent"),
    def("tenant:compartment:read", "List and view compartments"),
    def("tenant:compartment:update", "Rename or change compartments"),
    def("tenant:tenant:create", "Create tenants"),
    def("tenant:tenant:delete", "Delete tenants (recoverable until purged)"),
    def("tenant:tenant:purge", "Permanently erase a deleted tenant and its data"),
    def("tenant:tenant:read", "List and view tenants"),
    def("tenant:tenant:restore", "Restore a deleted tenant"),
    def("tenant:tenant:update", "Rename or change tenants"),
    def("workflow:run:cancel", "Ask a workflow run to cancel (it compensates first)"),
    def("workflow:run:read", "List and view workflow runs, their history and state"),
    def("workflow:run:retry", "Put a failed or cancelled workflow run back in the queue"),
    def("workflow:run:signal", "Send a signal to a workflow run"),
    def("workflow:run:terminate", "End a workflow run at once, without compensation"),
    def("workflow:schedule:read", "List and view workflow schedules"),
    def("workflow:schedule:trigger", "Start a schedule's workflow now"),
    def("workflow:schedule:update", "Pause and resume workflow schedules"),
];

/// The declared permissions, sorted by key.
pub fn catalogue() -> &'static [PermissionDef] {
    CATALOGUE
}

/// The catalogue keys as parsed permissions, for checks that reason over "every declared
/// permission". Keys that fail to parse are left out; a test keeps that set empty.
pub(crate) fn declared() -> &'static [Permission] {
    static PARSED: LazyLock<Vec<Permission>> =
        LazyLock::new(|| CATALOGUE.iter().filter_map(|d| Permission::parse(d.key).ok()).collect());
    &PARSED
}

/// Whether `permission` is declared in [`CATALOGUE`].
pub fn is_declared(permission: &Permission) -> bool {
    CATALOGUE.binary_search_by(|d| d.key.cmp(permission.as_str())).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Permission, PermissionError> {
        Permission::parse(s)
    }

    fn pat(s: &str) -> Result<PermissionPattern, PermissionError> {
        PermissionPattern::parse(s)
    }

    #[test]
    fn permission_parts() -> Result<(), PermissionError> {
        let x = p("cmdb:ci:create:virtualmachine")?;
        assert_eq!(
            (x.domain(), x.resource(), x.action(), x.subtype()),
            ("cmdb", "ci", "create", Some("virtualmachine"))
        );
        let y = p("iam:user:read")?;
        assert_eq!(y.subtype(), None);
        assert_eq!(y.action(), "read");
        assert_eq!(y.to_string(), "iam:user:read");
        Ok(())
    }

    #[test]
    fn rejects_malformed_permissions() {
        for bad in
            ["", "cmdb", "cmdb:ci", "a:b:c:d:e", "Cmdb:ci:read", "cmdb::read", "cmdb:ci:*", "cmdb:ci:re ad", ":ci:read"]
        {
            assert!(p(bad).is_err(), "{bad:?} must be rejected");
        }
        let msg = p("cmdb:ci").map(|_| ()).err().map(|e| e.to_string());
        assert_eq!(
            msg.as_deref(),
            Some(
                "permission \"cmdb:ci\" has 2 segments; expected domain:resource:action or domain:resource:action:subtype"
            )
        );
        let msg = p("cmdb:ci:*").map(|_| ()).err().map(|e| e.to_string());
        assert!(msg.is_some_and(|m| m.contains("wildcards belong in patterns")));
        assert!(pat("cmdb:c*:read").is_err());
        assert!(p(&"a".repeat(200).replace("aaa", "a:a")).is_err());
    }

    #[test]
    fn serde_as_string() -> Result<(), Box<dyn std::error::Error>> {
        let x = p("cmdb:ci:read")?;
        assert_eq!(serde_json::to_string(&x)?, "\"cmdb:ci:read\"");
        let back: PermissionPattern = serde_json::from_str("\"cmdb:*:*\"")?;
        assert_eq!(back, pat("cmdb:*:*")?);
        assert!(serde_json::from_str::<Permission>("\"cmdb:*:*\"").is_err());
        Ok(())
    }

    #[test]
    fn three_segment_patterns_cover_every_subtype() -> Result<(), PermissionError> {
        let create = pat("cmdb:ci:create")?;
        assert!(create.matches(&p("cmdb:ci:create")?));
        assert!(create.matches(&p("cmdb:ci:create:virtualmachine")?));
        assert!(!create.matches(&p("cmdb:ci:delete")?));
        let vm = pat("cmdb:ci:create:virtualmachine")?;
        assert!(vm.matches(&p("cmdb:ci:create:virtualmachine")?));
        assert!(!vm.matches(&p("cmdb:ci:create:network")?));
        assert!(!vm.matches(&p("cmdb:ci:create")?));
        let any_sub = pat("cmdb:ci:create:*")?;
        assert!(any_sub.matches(&p("cmdb:ci:create:network")?));
        assert!(!any_sub.matches(&p("cmdb:ci:create")?));
        assert!(pat("*:*:*")?.matches(&p("tenant:tenant:purge")?));
        assert!(pat("*:*:read")?.matches(&p("cmdb:ci:read:network")?));
        assert!(pat("cmdb:ci:*:network")?.matches(&p("cmdb:ci:delete:network")?));
        Ok(())
    }

    #[test]
    fn specificity_orders_wildcards() -> Result<(), PermissionError> {
        let s = |x| pat(x).map(|q| q.specificity());
        assert!(s("cmdb:ci:create")? > s("cmdb:ci:*")?);
        assert!(s("cmdb:ci:*")? > s("cmdb:*:*")?);
        assert!(s("cmdb:*:*")? > s("*:*:*")?);
        assert!(s("cmdb:ci:create:virtualmachine")? > s("cmdb:ci:create")?);
        Ok(())
    }

    #[test]
    fn coverage_and_overlap() -> Result<(), PermissionError> {
        let c = |a, b| Ok::<_, PermissionError>(pat(a)?.covers(&pat(b)?));
        assert!(c("*:*:*", "iam:*:*")?);
        assert!(c("iam:*:*", "iam:user:read")?);
        assert!(!c("iam:user:read", "iam:*:*")?);
        assert!(c("cmdb:ci:create", "cmdb:ci:create:network")?);
        assert!(!c("cmdb:ci:create:network", "cmdb:ci:create")?);
        assert!(c("cmdb:ci:create:*", "cmdb:ci:create:network")?);
        assert!(!c("cmdb:ci:create:network", "cmdb:ci:create:*")?);
        assert!(!c("*:*:read", "cmdb:ci:*")?);
        let o = |a, b| Ok::<_, PermissionError>(pat(a)?.overlaps(&pat(b)?));
        assert!(o("cmdb:ci:*", "*:*:read")?);
        assert!(o("cmdb:ci:create", "cmdb:ci:create:network")?);
        assert!(!o("cmdb:ci:create:network", "cmdb:ci:create:subnet")?);
        assert!(!o("iam:*:*", "cmdb:*:*")?);
        Ok(())
    }

    #[test]
    fn catalogue_is_valid_unique_and_sorted() -> Result<(), PermissionError> {
        for d in catalogue() {
            let parsed = p(d.key)?;
            assert!(is_declared(&parsed), "{} must be found", d.key);
            assert!(!d.description.is_empty());
            let (dom, res, act, sub) = d.parts();
            assert_eq!((dom, res, act, sub), (parsed.domain(), parsed.resource(), parsed.action(), parsed.subtype()));
        }
        for w in catalogue().windows(2) {
            assert!(w[0].key < w[1].key, "{} must sort before {}", w[0].key, w[1].key);
        }
        assert!(!is_declared(&p("cmdb:ci:frobnicate")?));
        assert_eq!(declared().len(), catalogue().len());
        Ok(())
    }
}
