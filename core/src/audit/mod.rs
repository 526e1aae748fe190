//! The audit vocabulary: what an audit record says, how its values are redacted, how it is
//! encoded as a Merkle leaf, and the taxonomy of event types.
//!
//! Owns the record's shape and the enumerations stored with it. It must not decide *when* to
//! audit (the daemon's operation pipeline does) nor how records are stored.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

mod leaf;
pub mod offline;
mod redaction;
pub mod taxonomy;

use crate::ids::{AuditId, TenantId, UserId};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored and wire spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, UnknownValue> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    other => Err(UnknownValue { kind: stringify!($name), value: other.to_owned() }),
                }
            }
        }
    };
}

/// A stored enumeration value this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} value {value:?}")]
pub struct UnknownValue {
    kind: &'static str,
    value: String,
}

wire_enum!(
    /// Who acted.
    ActorKind {
        /// A signed-in user.
        User = "user",
        /// An API key acting for its owner.
        ApiKey = "api_key",
        /// A fleet agent.
        Agent = "agent",
        /// The daemon itself (first run, recurring jobs).
        System = "system",
        /// Someone not (yet) authenticated, e.g. a failed login.
        Anonymous = "anonymous",
    }
);

wire_enum!(
    /// Broad grouping of audit events.
    Category {
        /// API access.
        Api = "api",
        /// Authentication.
        Auth = "auth",
        /// Domain data changes.
        Data = "data",
        /// Grants and roles.
        Permission = "permission",
        /// The daemon itself.
        System = "system",
        /// Security-relevant events (token reuse, lockouts).
        Security = "security",
        /// Tenant lifecycle.
        Tenant = "tenant",
        /// User lifecycle.
        User = "user",
    }
);

wire_enum!(
    /// Importance of an audit event, lowest first.
    Priority {
        /// Diagnostics.
        Debug = "debug",
        /// Normal activity.
        Info = "info",
        /// Worth a look.
        Warn = "warn",
        /// Something failed (stored as `err`, the syslog spelling).
        Error = "err",
        /// Needs action now.
        Critical = "critical",
    }
);

wire_enum!(
    /// How the attempt ended.
    Outcome {
        /// The change committed.
        Success = "success",
        /// Authorization refused it.
        Denied = "denied",
        /// It was attempted and failed (bad credentials, invalid input, errors).
        Failed = "failed",
    }
);

/// The principal an audit record is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// What kind of principal.
    pub kind: ActorKind,
    /// Its id, when it has one.
    pub id: Option<Uuid>,
    /// A human-readable name (email for users; the attempted email for failed logins).
    pub display: String,
}

impl Actor {
    /// The daemon itself.
    pub fn system() -> Self {
        Self { kind: ActorKind::System, id: None, display: "nimbusd".to_owned() }
    }
}

/// The thing an audited action touched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceRef {
    /// Resource type, e.g. `session`, `user`, `provider`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// A readable name, when there is one.
    pub name: Option<String>,
}

/// Where an audited request came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInfo {
    /// Trace id of the request (or of the CLI invocation for local commands).
    pub trace_id: String,
    /// Client address.
    pub ip: Option<String>,
    /// Client user agent.
    pub user_agent: Option<String>,
    /// HTTP method.
    pub method: Option<String>,
    /// HTTP path (without the query string).
    pub path: Option<String>,
}

/// One audit record, as written in the same transaction as the change it describes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Record id.
    pub id: AuditId,
    /// Tenant whose log holds the record.
    pub tenant_id: TenantId,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who acted.
    pub actor: Actor,
    /// The user impersonating the actor, if any.
    pub impersonator_id: Option<UserId>,
    /// The permission exercised, `{domain}:{resource}:{action}`.
    pub action: String,
    /// Dotted event type, e.g. `auth.login.succeeded`.
    pub event_type: String,
    /// Category.
    pub category: Category,
    /// Priority.
    pub priority: Priority,
    /// What was touched.
    pub resource: Option<ResourceRef>,
    /// State before the change (redacted).
    pub old_value: Option<Value>,
    /// State after the change (redacted).
    pub new_value: Option<Value>,
    /// How it ended.
    pub outcome: Outcome,
    /// Error code for denied or failed attempts.
    pub error_code: Option<String>,
    /// Request details.
    pub request: RequestInfo,
}

pub use leaf::{LEAF_VERSION, LeafDecodeError, decode_leaf, leaf_data, record_leaf_hash};
pub use redaction::{FieldPattern, REDACTED, is_sensitive_field, redact, redact_with};
pub use taxonomy::{EventKind, TAXONOMY};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_through_their_spelling() -> Result<(), UnknownValue> {
        for p in Priority::ALL {
            assert_eq!(p.as_str().parse::<Priority>()?, *p);
        }
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>()?, *c);
        }
        assert!("loud".parse::<Priority>().is_err());
        assert!(Priority::Critical > Priority::Warn);
        Ok(())
    }
}
