//! Schema migrations: the embedded, append-only SQL sets and the pure planning rules shared by
//! both backends. Backends apply the plan inside one transaction under a lock (SQLite's write
//! lock; a PostgreSQL advisory lock). This module must not talk to a database itself.

use sha2::{Digest, Sha256};

use super::StoreError;

/// One embedded migration.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Version, from 1, strictly increasing. Parallel branches reserve numbers, so a binary may
    /// briefly know 7 before 6 exists; `plan` applies whatever is pending in version order.
    pub version: i64,
    /// Short name (the file name without number and extension).
    pub name: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

impl Migration {
    /// SHA-256 of the SQL, hex: detects a migration edited after it was applied.
    pub fn checksum(&self) -> String {
        hex::encode(Sha256::digest(self.sql.as_bytes()))
    }
}

/// Migrations of the SQLite schema.
pub const SQLITE: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../../../migrations/sqlite/0001_foundation.sql") },
    Migration { version: 2, name: "tenancy", sql: include_str!("../../../migrations/sqlite/0002_tenancy.sql") },
    Migration { version: 3, name: "audit", sql: include_str!("../../../migrations/sqlite/0003_audit.sql") },
    Migration {
        version: 4,
        name: "audit_actor_index",
        sql: include_str!("../../../migrations/sqlite/0004_audit_actor_index.sql"),
    },
    Migration {
        version: 5,
        name: "audit_leaf_text",
        sql: include_str!("../../../migrations/sqlite/0005_audit_leaf_text.sql"),
    },
    Migration { version: 6, name: "workflows", sql: include_str!("../../../migrations/sqlite/0006_workflows.sql") },
    Migration { version: 7, name: "cmdb", sql: include_str!("../../../migrations/sqlite/0007_cmdb.sql") },
    Migration {
        version: 8,
        name: "notifications",
        sql: include_str!("../../../migrations/sqlite/0008_notifications.sql"),
    },
    Migration { version: 9, name: "approvals", sql: include_str!("../../../migrations/sqlite/0009_approvals.sql") },
    Migration {
        version: 10,
        name: "cmdb_catalog",
        sql: include_str!("../../../migrations/sqlite/0010_cmdb_catalog.sql"),
    },
    Migration {
        version: 11,
        name: "engine_queues",
        sql: include_str!("../../../migrations/sqlite/0011_engine_queues.sql"),
    },
];

/// Migrations of the PostgreSQL schema.
pub const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../../../migrations/postgres/0001_foundation.sql") },
    Migration { version: 2, name: "tenancy", sql: include_str!("../../../migrations/postgres/0002_tenancy.sql") },
    Migration { version: 3, name: "audit", sql: include_str!("../../../migrations/postgres/0003_audit.sql") },
    Migration {
        version: 4,
        name: "audit_actor_index",
        sql: include_str!("../../../migrations/postgres/0004_audit_actor_index.sql"),
    },
    Migration {
        version: 5,
        name: "audit_leaf_text",
        sql: include_str!("../../../migrations/postgres/0005_audit_leaf_text.sql"),
    },
    Migration { version: 6, name: "workflows", sql: include_str!("../../../migrations/postgres/0006_workflows.sql") },
    Migration { version: 7, name: "cmdb", sql: include_str!("../../../migrations/postgres/0007_cmdb.sql") },
    Migration {
        version: 8,
        name: "notifications",
        sql: include_str!("../../../migrations/postgres/0008_notifications.sql"),
    },
    Migration { version: 9, name: "approvals", sql: include_str!("../../../migrations/postgres/0009_approvals.sql") },
    Migration {
        version: 10,
        name: "cmdb_catalog",
        sql: include_str!("../../../migrations/postgres/0010_cmdb_catalog.sql"),
    },
    Migration {
        version: 11,
        name: "engine_queues",
        sql: include_str!("../../../migrations/postgres/0011_engine_queues.sql"),
    },
];

/// Migrations of each tenant's own PostgreSQL schema, applied when the tenant is created and,
/// for tenants created earlier, at startup. `{schema}` and `{tenant_id}` are substituted.
pub const POSTGRES_TENANT: &[Migration] = &[Migration {
    version: 1,
    name: "tenant",
    sql: include_str!("../../../migrations/postgres/tenant/0001_tenant.sql"),
}];

/// The schema holding a tenant's data tables (a UUID's hex digits: a valid unquoted identifier).
pub fn tenant_schema(tenant: nimbus_core::ids::TenantId) -> String {
    format!("nimbus_tenant_{}", tenant.as_uuid().simple())
}

/// A tenant migration's SQL for one tenant.
pub fn tenant_sql(m: &Migration, tenant: nimbus_core::ids::TenantId) -> String {
    m.sql.replace("{schema}", &tenant_schema(tenant)).replace("{tenant_id}", &tenant.to_string())
}

/// Name of the table recording applied migrations (same on both backends).
pub const TABLE: &str = "nimbus_schema_migrations";

/// Applied versus known schema version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaState {
    /// Highest applied version (0 for an empty database).
    pub applied: i64,
    /// Highest version this binary knows.
    pub known: i64,
}

impl SchemaState {
    /// Whether the schema is exactly what this binary expects.
    pub fn is_current(&self) -> bool {
        self.applied == self.known
    }
}

/// Decides which migrations to apply, given `(version, checksum)` of those already applied.
/// Refuses a schema newer than `known` and an applied migration whose SQL has since changed.
pub fn plan<'a>(applied: &[(i64, String)], known: &'a [Migration]) -> Result<Vec<&'a Migration>, StoreError> {
    let newest_known = known.last().map_or(0, |m| m.version);
    if let Some((newest_applied, _)) = applied.iter().max_by_key(|(v, _)| *v)
        && *newest_applied > newest_known
    {
        return Err(StoreError::Schema(format!(
            "the database schema is at version {newest_applied}, newer than this nimbusd \
                 (which knows up to version {newest_known}); run a nimbusd at least as new as the \
                 one that upgraded this database"
        )));
    }
    for (version, checksum) in applied {
        let Some(m) = known.iter().find(|m| m.version == *version) else {
            return Err(StoreError::Schema(format!(
                "the database records migration {version}, which this nimbusd does not have"
            )));
        };
        if m.checksum() != *checksum {
            return Err(StoreError::Schema(format!(
                "migration {version} ({}) differs from the one applied to this database; \
                 migrations are append-only, so restore the original file",
                m.name
            )));
        }
    }
    Ok(known.iter().filter(|m| !applied.iter().any(|(v, _)| *v == m.version)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Migration] = &[
        Migration { version: 1, name: "a", sql: "create table a(x int);" },
        Migration { version: 2, name: "b", sql: "create table b(x int);" },
    ];

    #[test]
    fn plans_pending_in_order() -> Result<(), StoreError> {
        assert_eq!(plan(&[], KNOWN)?.iter().map(|m| m.version).collect::<Vec<_>>(), [1, 2]);
        let applied = [(1, KNOWN[0].checksum())];
        assert_eq!(plan(&applied, KNOWN)?.iter().map(|m| m.version).collect::<Vec<_>>(), [2]);
        let all = [(1, KNOWN[0].checksum()), (2, KNOWN[1].checksum())];
        assert!(plan(&all, KNOWN)?.is_empty());
        Ok(())
    }

    /// A version reserved by another branch may be missing: the plan still applies the rest in
    /// order, and applies the reserved one whenever it arrives.
    #[test]
    fn plans_across_a_reserved_gap() -> Result<(), StoreError> {
        const GAPPED: &[Migration] = &[
            Migration { version: 1, name: "a", sql: "create table a(x int);" },
            Migration { version: 3, name: "c", sql: "create table c(x int);" },
        ];
        assert_eq!(plan(&[], GAPPED)?.iter().map(|m| m.version).collect::<Vec<_>>(), [1, 3]);
        let applied = [(1, GAPPED[0].checksum()), (3, GAPPED[1].checksum())];
        assert!(plan(&applied, GAPPED)?.is_empty());
        let filled = [KNOWN[0], KNOWN[1], GAPPED[1]];
        assert_eq!(plan(&applied, &filled)?.iter().map(|m| m.version).collect::<Vec<_>>(), [2]);
        Ok(())
    }

    #[test]
    fn refuses_newer_schema_and_edited_migrations() {
        let newer = [(1, KNOWN[0].checksum()), (2, KNOWN[1].checksum()), (3, "x".into())];
        let err = plan(&newer, KNOWN).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("newer than this nimbusd"), "{err}");
        let edited = [(1, "0000".to_string())];
        let err = plan(&edited, KNOWN).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("append-only"), "{err}");
    }

    /// Every SQL file in `migrations/` is embedded, numbered in increasing order, and both
    /// backends move in step. Versions may skip numbers that another branch has taken (the
    /// planner applies whatever is missing, in order), so branches can add migrations in parallel.
    #[test]
    fn embedded_sets_match_the_migrations_directory() -> std::io::Result<()> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        for (dir, set) in [("sqlite", SQLITE), ("postgres", POSTGRES)] {
            let mut files: Vec<String> = std::fs::read_dir(root.join(dir))?
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .filter(|n| n.ends_with(".sql"))
                .collect();
            files.sort();
            let expected: Vec<String> = set.iter().map(|m| format!("{:04}_{}.sql", m.version, m.name)).collect();
            assert_eq!(files, expected, "migrations/{dir} and the embedded list differ");
            assert_eq!(set.first().map(|m| m.version), Some(1));
            for w in set.windows(2) {
                assert!(
                    w[0].version < w[1].version,
                    "migrations/{dir}: {} does not follow {}",
                    w[1].version,
                    w[0].version
                );
            }
        }
        assert_eq!(
            SQLITE.iter().map(|m| m.version).collect::<Vec<_>>(),
            POSTGRES.iter().map(|m| m.version).collect::<Vec<_>>(),
            "each schema change needs both a SQLite and a PostgreSQL migration"
        );
        Ok(())
    }
}
