//! Errors of service calls: few variants, each mapping to one HTTP status and error code in
//! `http::error`. Messages are lowercase, name what was wrong and say what to do.

use std::time::Duration;

use nimbus_core::api::error::ErrorCode;
use nimbus_core::audit::Outcome;

use crate::store::StoreError;

/// Result of a service call.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// What a service call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Missing, wrong or expired credentials.
    #[error("{message}")]
    Unauthenticated {
        /// `unauthenticated`, `invalid_credentials`, `token_expired`, `invalid_token` or
        /// `session_revoked`.
        code: ErrorCode,
        /// What to do.
        message: String,
    },
    /// Authenticated, but not allowed.
    #[error("{message}")]
    Denied {
        /// Why (recorded in audit; shown unless concealed).
        message: String,
        /// Answer as "not found" so the caller does not learn the resource exists.
        conceal: bool,
    },
    /// A field is invalid.
    #[error("{message}")]
    Invalid {
        /// Which field and what to send instead.
        message: String,
    },
    /// A hard quota is reached.
    #[error("{message}")]
    QuotaExceeded {
        /// Which quota, and what to do.
        message: String,
    },
    /// Nothing by that name or id.
    #[error("{what} not found")]
    NotFound {
        /// What was looked for.
        what: String,
    },
    /// The request conflicts with the current state.
    #[error("{message}")]
    Conflict {
        /// What conflicts.
        message: String,
    },
    /// Too many attempts.
    #[error("too many attempts; try again in {} seconds", retry_after.as_secs().max(1))]
    RateLimited {
        /// When to retry.
        retry_after: Duration,
    },
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A bug or unexpected condition.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ServiceError {
    /// The stable error code.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthenticated { code, .. } => *code,
            Self::Denied { conceal: true, .. } | Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Denied { conceal: false, .. } => ErrorCode::Forbidden,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::Invalid { .. } => ErrorCode::InvalidRequest,
            Self::QuotaExceeded { .. } => ErrorCode::QuotaExceeded,
            // Reached only if a check above the store was missed: answer as if nothing is there.
            Self::Store(StoreError::OutOfScope(_)) => ErrorCode::NotFound,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Store(StoreError::Unavailable(_)) => ErrorCode::Unavailable,
            Self::Store(StoreError::Conflict(_)) => ErrorCode::Conflict,
            Self::Store(_) | Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// How an attempt that ended in this error is audited.
    pub fn outcome(&self) -> Outcome {
        match self {
            Self::Denied { .. } | Self::Unauthenticated { .. } | Self::RateLimited { .. } => Outcome::Denied,
            _ => Outcome::Failed,
        }
    }
}
