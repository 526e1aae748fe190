//! Helpers shared by the end-to-end tests.

use nimbus_e2e::{ADMIN_EMAIL, Backend, Daemon, PASSWORD};
use serde_json::{Value, json};
use sqlx::{Connection, Row};

/// Signs in over HTTP and returns the token pair as JSON.
pub async fn login(d: &Daemon) -> Value {
    let r = d
        .http()
        .post(d.at("/api/v1/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": PASSWORD}))
        .send()
        .await
        .expect("login request");
    assert_eq!(r.status(), 200, "login failed: {}", r.text().await.unwrap_or_default());
    r.json().await.expect("token pair")
}

/// POSTs a refresh; returns status and body.
pub async fn refresh(d: &Daemon, refresh_token: &str) -> (u16, Value) {
    let r = d
        .http()
        .post(d.at("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": refresh_token }))
        .send()
        .await
        .expect("refresh request");
    (r.status().as_u16(), r.json().await.expect("json body"))
}

/// GET /api/v1/auth/me with a bearer token; returns status and body.
pub async fn me(d: &Daemon, access_token: &str) -> (u16, Value) {
    let r = d.http().get(d.at("/api/v1/auth/me")).bearer_auth(access_token).send().await.expect("me request");
    (r.status().as_u16(), r.json().await.expect("json body"))
}

/// Extracts `.key` as a string.
pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing in {v}"))
}

/// The error code of an error body.
pub fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error body: {v}"))
}

/// Direct database access for assertions.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Pg(sqlx::PgConnection),
}

impl Db {
    pub async fn open(d: &Daemon) -> Self {
        match d.backend() {
            Backend::Sqlite => Db::Sqlite(rusqlite::Connection::open(d.sqlite_path()).expect("open sqlite")),
            Backend::Postgres => Db::Pg(d.pg().expect("pg").connect().await.expect("connect pg")),
        }
    }

    /// A single integer.
    pub async fn int(&mut self, sql: &'static str) -> i64 {
        match self {
            Db::Sqlite(c) => c.query_row(sql, [], |r| r.get(0)).expect(sql),
            Db::Pg(c) => sqlx::query(sql).fetch_one(&mut *c).await.expect(sql).try_get::<i64, _>(0).expect(sql),
        }
    }

    /// One text column.
    pub async fn strings(&mut self, sql: &'static str) -> Vec<String> {
        match self {
            Db::Sqlite(c) => {
                let mut stmt = c.prepare(sql).expect(sql);
                stmt.query_map([], |r| r.get::<_, String>(0)).expect(sql).map(|r| r.expect(sql)).collect()
            }
            Db::Pg(c) => sqlx::query(sql)
                .fetch_all(&mut *c)
                .await
                .expect(sql)
                .iter()
                .map(|r| r.try_get::<String, _>(0).expect(sql))
                .collect(),
        }
    }

    /// Runs a statement.
    pub async fn exec(&mut self, sql: &'static str) -> Result<(), String> {
        match self {
            Db::Sqlite(c) => c.execute_batch(sql).map_err(|e| e.to_string()),
            Db::Pg(c) => sqlx::raw_sql(sql).execute(&mut *c).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }

    /// Audit event types in sequence order (all tenants).
    pub async fn audit_events(&mut self) -> Vec<String> {
        self.strings("SELECT event_type || ':' || outcome FROM audit_log ORDER BY occurred_at, seq").await
    }

    pub async fn close(self) {
        if let Db::Pg(c) = self {
            let _ = c.close().await;
        }
    }
}
