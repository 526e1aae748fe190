//! SIEM forwarding: turns committed audit records and signed log checkpoints into what security
//! tooling ingests, and delivers it.
//!
//! Owns the wire formats (ArcSight CEF inside RFC 5424 syslog, and a JSON webhook body) and the
//! two transports (syslog over UDP, TCP or TLS; HTTPS webhook signed with HMAC-SHA256). It must
//! not read the audit log, track delivery progress, retry, or redact: the outbox relay hands it
//! already-redacted records, keeps them until a send succeeds, and decides when to try again
//! (from [`SiemError::is_retryable`]).

mod cef;
mod syslog;
mod webhook;

use chrono::{DateTime, Utc};
use nimbus_core::audit::{AuditEntry, Priority};
use nimbus_core::ids::TenantId;

pub(crate) use cef::cef;
pub use syslog::SyslogConfig;
pub(crate) use syslog::{SyslogSink, rfc5424};
pub use webhook::WebhookConfig;
pub(crate) use webhook::{WebhookSink, webhook_body};

/// Something to forward: one audit record, or a signed checkpoint of a tenant's log.
#[derive(Clone, Copy, Debug)]
pub(crate) enum SiemEvent<'a> {
    /// One committed audit record with its per-tenant sequence number.
    Record {
        /// Position in the tenant's log.
        seq: u64,
        /// The record, values already redacted.
        entry: &'a AuditEntry,
    },
    /// A signed checkpoint of a tenant's audit Merkle log: C2SP signed-note text (multi-line).
    Checkpoint {
        /// Whose log.
        tenant: TenantId,
        /// Number of records the checkpoint covers.
        size: u64,
        /// Merkle root, lowercase hex.
        root_hex: &'a str,
        /// The signed note, verbatim.
        note: &'a str,
        /// When the checkpoint was signed.
        at: DateTime<Utc>,
    },
}

impl SiemEvent<'_> {
    fn tenant(&self) -> TenantId {
        match self {
            Self::Record { entry, .. } => entry.tenant_id,
            Self::Checkpoint { tenant, .. } => *tenant,
        }
    }

    fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Record { entry, .. } => entry.occurred_at,
            Self::Checkpoint { at, .. } => *at,
        }
    }

    /// Checkpoints are routine bookkeeping, so they rank as informational.
    fn priority(&self) -> Priority {
        match self {
            Self::Record { entry, .. } => entry.priority,
            Self::Checkpoint { .. } => Priority::Info,
        }
    }
}

/// Why forwarding failed.
///
/// The relay keeps the events and retries unless [`SiemError::is_retryable`] says the receiver
/// refused the payload itself.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SiemError {
    /// The SIEM settings cannot work as given.
    #[error("invalid SIEM {setting}: {reason}")]
    InvalidConfig {
        /// Which setting, e.g. `syslog url`.
        setting: &'static str,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// Connecting, the TLS handshake, or writing failed.
    #[error("{op} {target} failed: {source}; check that the SIEM receiver is up and reachable")]
    Io {
        /// What was attempted (`connect to`, `send to`).
        op: &'static str,
        /// Where (scheme, host and port; never a path or query).
        target: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The receiver did not answer in time.
    #[error("{op} {target} timed out after {after:?}; check that the SIEM receiver is up and reachable")]
    Timeout {
        /// What was attempted.
        op: &'static str,
        /// Where.
        target: String,
        /// The limit that passed.
        after: std::time::Duration,
    },
    /// The webhook request failed before an HTTP status arrived.
    #[error("webhook request to {target} failed: {source}; check that the webhook receiver is up and reachable")]
    Http {
        /// Scheme, host and port of the webhook.
        target: String,
        /// The underlying error, its URL removed.
        source: reqwest::Error,
    },
    /// The webhook answered with a status that may pass (5xx, 408, 429, 3xx).
    #[error("webhook {target} answered {status}; the events are kept and sent again")]
    Unavailable {
        /// Scheme, host and port of the webhook.
        target: String,
        /// The HTTP status.
        status: u16,
    },
    /// The webhook refused this payload (4xx other than 408 and 429): sending it again will not help.
    #[error(
        "webhook {target} rejected the events with {status}; fix the receiver or its configuration; these events are dead-lettered, not retried"
    )]
    Rejected {
        /// Scheme, host and port of the webhook.
        target: String,
        /// The HTTP status.
        status: u16,
    },
}

impl SiemError {
    /// Whether the relay should keep the events and send them again later.
    ///
    /// Only a receiver refusing the payload is permanent. Configuration problems stay retryable
    /// on purpose: they surface from `connect`/`new` at start, and one that appears later (a CA
    /// file removed under a running daemon) must not cost the events that were waiting.
    pub(crate) fn is_retryable(&self) -> bool {
        !matches!(self, Self::Rejected { .. })
    }
}
