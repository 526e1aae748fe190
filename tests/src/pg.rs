//! Throwaway PostgreSQL databases: one uniquely named database per test, dropped afterwards.
//! The server comes from `NIMBUS_TEST_PG_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`).

use std::time::{SystemTime, UNIX_EPOCH};

use rand::Rng;
use sqlx::{Connection, Executor, PgConnection};

/// Default server for tests.
pub const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn admin_url() -> String {
    std::env::var("NIMBUS_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_URL.to_owned())
}

/// Replaces the database name of a PostgreSQL URL.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{db}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A database that exists for the lifetime of this value.
#[derive(Debug)]
pub struct TestDatabase {
    admin: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// Creates `nimbus_test_<time>_<random>`; fails with a hint if PostgreSQL is unreachable.
    pub async fn create() -> anyhow::Result<Self> {
        let admin = admin_url();
        let mut conn = PgConnection::connect(&admin).await.map_err(|e| {
            anyhow::anyhow!(
                "PostgreSQL is not reachable at {admin} ({e}); start it (`pg_ctlcluster --skip-systemctl-redirect \
                 $(ls /etc/postgresql) main start`) or point NIMBUS_TEST_PG_URL at a server"
            )
        })?;
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        let name = format!("nimbus_test_{secs}_{:08x}", rand::thread_rng().r#gen::<u32>());
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).await?;
        conn.close().await?;
        let url = with_database(&admin, &name);
        Ok(Self { admin, name, url })
    }

    /// Connection URL of the database.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A direct connection (as the superuser) for assertions.
    pub async fn connect(&self) -> anyhow::Result<PgConnection> {
        Ok(PgConnection::connect(&self.url).await?)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop may run inside or outside a runtime; a thread of its own works in both.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async move {
                if let Ok(mut conn) = PgConnection::connect(&admin).await {
                    let _ =
                        conn.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await;
                }
            });
        })
        .join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u@h/postgres?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
