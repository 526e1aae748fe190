//! Health, readiness and server information.

use serde::{Deserialize, Serialize};

/// Liveness: the process is up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok` when the daemon answers.
    pub status: String,
}

/// One readiness check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Check {
    /// Whether the check passed.
    pub ok: bool,
    /// What was found.
    pub detail: String,
}

/// Readiness: whether the daemon can serve requests, and why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: String,
    /// The database answers queries.
    pub database: Check,
    /// The schema matches what this binary expects.
    pub migrations: Check,
}

/// Storage backend of a daemon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::Enum))]
pub enum Backend {
    /// The embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server (replicas share it).
    Postgres,
}

impl Backend {
    /// Lowercase name, as on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// What is answering: the daemon's version, API version and storage backend.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "graphql", derive(async_graphql::SimpleObject))]
pub struct ServerInfo {
    /// Always `nimbusd`.
    pub name: String,
    /// The daemon's version.
    pub version: String,
    /// The REST API version (`v1`).
    pub api_version: String,
    /// Storage backend.
    pub backend: Backend,
    /// Whether `nimbusd init` has run against this database.
    pub initialised: bool,
}
