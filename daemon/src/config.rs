//! Daemon configuration: one [`Config`] resolved from defaults → TOML file → `NIMBUS_*`
//! environment (`__` separates levels) → command-line flags.
//!
//! Owns the config shape, its defaults (platform directories included), `*_file` secret
//! indirection and redaction for display. It must not open files other than the config file and
//! secret files, nor connect to anything.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use nimbus_core::Secret;
use serde::{Deserialize, Serialize};

/// The commented example configuration shipped with the binary (`nimbusd config example`).
pub const EXAMPLE: &str = include_str!("../nimbusd.example.toml");

/// Default listen address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:7460";

/// Top-level sections; environment variables outside them (`NIMBUS_TOKEN`, `NIMBUS_CONTEXT`,
/// which belong to the CLI) are ignored rather than rejected as unknown keys.
const SECTIONS: &[&str] =
    &["data_dir", "server", "database", "auth", "tenancy", "audit", "notifications", "keys", "log", "workflows"];

/// The resolved daemon configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Directory for the default SQLite file and the master key file.
    pub data_dir: PathBuf,
    /// HTTP server.
    pub server: ServerConfig,
    /// Storage.
    pub database: DatabaseConfig,
    /// Authentication and sessions.
    pub auth: AuthConfig,
    /// The tenant tree.
    pub tenancy: TenancyConfig,
    /// Audit log.
    pub audit: AuditConfig,
    /// Notification delivery.
    pub notifications: NotificationsConfig,
    /// Key material.
    pub keys: KeysConfig,
    /// Logging.
    pub log: LogConfig,
    /// The durable workflow engine.
    pub workflows: crate::engine::EngineConfig,
}

/// HTTP server settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerConfig {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Allow a non-loopback address without TLS (traffic, passwords included, is then readable
    /// on the network).
    pub insecure_listen: bool,
    /// TLS certificate and key (PEM). Both or neither.
    pub tls: Option<TlsConfig>,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` is believed when
    /// deciding a client's address (login throttling, audit). Empty: the socket peer is the
    /// client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Serve the GraphiQL page on `GET /graphql`.
    pub graphiql: bool,
    /// Expose Prometheus metrics on `/metrics`.
    pub metrics: bool,
    /// Largest accepted request body, in bytes.
    pub body_limit_bytes: usize,
    /// Largest body of one CMDB import request, in bytes. The import is read as a stream and
    /// applied in batches, so this bounds how long a request runs, not memory.
    pub import_body_limit_bytes: usize,
    /// Longest a request may take before it is answered with 408.
    #[serde(with = "humantime_serde")]
    pub request_timeout: Duration,
    /// How long shutdown waits for in-flight requests.
    #[serde(with = "humantime_serde")]
    pub shutdown_grace: Duration,
}

/// TLS certificate and key files.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM certificate chain.
    pub cert_file: PathBuf,
    /// PEM private key.
    pub key_file: PathBuf,
}

/// Storage settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://…`. Unset means `sqlite://<data_dir>/nimbus.db`.
    pub url: Option<Secret<String>>,
    /// File holding the URL (for URLs with passwords); exclusive with `url`.
    pub url_file: Option<PathBuf>,
    /// PostgreSQL pool size.
    pub max_connections: u32,
    /// SQLite read connections (writes go through one connection).
    pub sqlite_readers: usize,
    /// SQLite `synchronous` mode: `normal` survives a process crash; `full` also survives
    /// power loss at the cost of an fsync per commit.
    pub sqlite_synchronous: SqliteSynchronous,
    /// How long to wait for the database at start and for a pooled connection.
    #[serde(with = "humantime_serde")]
    pub connect_timeout: Duration,
}

/// SQLite durability mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSynchronous {
    /// WAL + `synchronous=NORMAL`.
    Normal,
    /// WAL + `synchronous=FULL`.
    Full,
}

/// Authentication settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthConfig {
    /// `iss` of access tokens.
    pub issuer: String,
    /// `aud` of access tokens.
    pub audience: String,
    /// Lifetime of an access token.
    #[serde(with = "humantime_serde")]
    pub access_token_ttl: Duration,
    /// A session ends when not refreshed for this long.
    #[serde(with = "humantime_serde")]
    pub session_idle_timeout: Duration,
    /// A session ends this long after login, however active.
    #[serde(with = "humantime_serde")]
    pub session_max_lifetime: Duration,
    /// Concurrent sessions per user; the least recently used is ended beyond it.
    pub max_sessions_per_user: u32,
    /// Tolerated clock difference between replicas when checking token times.
    #[serde(with = "humantime_serde")]
    pub clock_skew: Duration,
    /// Failed-login throttling.
    pub login_throttle: ThrottleConfig,
}

/// Failed-login throttling: after `free_failures` failures for one key, each further attempt
/// must wait `base_delay · 2^(n−free_failures)`, capped at `max_delay`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThrottleConfig {
    /// Failures per account before waits start.
    pub account_free_failures: u32,
    /// Failures per client address before waits start.
    pub ip_free_failures: u32,
    /// First wait.
    #[serde(with = "humantime_serde")]
    pub base_delay: Duration,
    /// Longest wait.
    #[serde(with = "humantime_serde")]
    pub max_delay: Duration,
}

/// Key material settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct KeysConfig {
    /// Master key file (created by `nimbusd init`). Unset means `<data_dir>/master.key`.
    pub master_key_file: Option<PathBuf>,
    /// The master key itself, base64 (e.g. from a secret store); exclusive with the file.
    pub master_key: Option<Secret<String>>,
}

/// Logging settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `pretty` for terminals, `json` for collectors.
    pub format: LogFormat,
    /// A tracing filter, e.g. `info` or `nimbus_daemon=debug,info`.
    pub level: String,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Tenant tree settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TenancyConfig {
    /// Levels of the tenant tree, the provider root included (3: root, tenants, sub-tenants).
    pub max_depth: u32,
    /// How long a tenant stays deleted (and restorable) before it may be purged.
    #[serde(with = "humantime_serde")]
    pub purge_after: Duration,
}

impl Default for TenancyConfig {
    fn default() -> Self {
        Self { max_depth: 3, purge_after: Duration::from_secs(30 * 24 * 3600) }
    }
}

/// Audit log settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuditConfig {
    /// Longest time between a record's commit and the signed checkpoint that covers it.
    #[serde(with = "humantime_serde")]
    pub checkpoint_interval: Duration,
    /// Most records one checkpoint covers (a busy log gets a checkpoint every N records).
    pub checkpoint_every: u32,
    /// Where archived segments go (a directory under the data directory by default).
    pub archive: crate::audit::archive::ArchiveConfig,
    /// SIEM forwarding of every record and checkpoint.
    pub siem: SiemConfig,
}

impl Default for AuditConfig {
    fn default() -> Self {
        Self {
            checkpoint_interval: Duration::from_secs(1),
            checkpoint_every: 1000,
            archive: crate::audit::archive::ArchiveConfig::Directory { path: None },
            siem: SiemConfig::default(),
        }
    }
}

/// Notification delivery (on the workflow engine, queue `notify`): retries and the daily digest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NotificationsConfig {
    /// Attempts before a delivery becomes a dead letter.
    pub max_attempts: u32,
    /// Wait after the first failed attempt; it doubles after each further failure.
    #[serde(with = "humantime_serde")]
    pub retry_initial: Duration,
    /// Longest wait between attempts.
    #[serde(with = "humantime_serde")]
    pub retry_max: Duration,
    /// Limit for one SMTP or webhook exchange.
    #[serde(with = "humantime_serde")]
    pub send_timeout: Duration,
    /// Hour of the day (UTC, 0-23) at which daily digests go out.
    pub digest_hour: u32,
    /// Base URL people reach the daemon at, for links in emails (invitations); none leaves the
    /// token in the message without a link.
    pub public_url: Option<String>,
}

impl Default for NotificationsConfig {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            retry_initial: Duration::from_secs(30),
            retry_max: Duration::from_secs(3600),
            send_timeout: Duration::from_secs(30),
            digest_hour: 8,
            public_url: None,
        }
    }
}

/// SIEM forwarding: syslog (RFC 5424 with CEF) and/or a JSON webhook; off unless configured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiemConfig {
    /// Syslog receiver.
    pub syslog: Option<crate::audit::siem::SyslogConfig>,
    /// Webhook receiver.
    pub webhook: Option<crate::audit::siem::WebhookConfig>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: default_data_dir(),
            server: ServerConfig::default(),
            database: DatabaseConfig::default(),
            auth: AuthConfig::default(),
            tenancy: TenancyConfig::default(),
            audit: AuditConfig::default(),
            notifications: NotificationsConfig::default(),
            keys: KeysConfig::default(),
            log: LogConfig::default(),
            workflows: crate::engine::EngineConfig::default(),
        }
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 7460)),
            insecure_listen: false,
            tls: None,
            trusted_proxies: Vec::new(),
            graphiql: false,
            metrics: true,
            body_limit_bytes: 1024 * 1024,
            import_body_limit_bytes: 64 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: None,
            url_file: None,
            max_connections: 16,
            sqlite_readers: 4,
            sqlite_synchronous: SqliteSynchronous::Normal,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            issuer: "nimbus".to_owned(),
            audience: "nimbus-api".to_owned(),
            access_token_ttl: Duration::from_secs(15 * 60),
            session_idle_timeout: Duration::from_secs(7 * 24 * 3600),
            session_max_lifetime: Duration::from_secs(30 * 24 * 3600),
            max_sessions_per_user: 10,
            clock_skew: Duration::from_secs(5),
            login_throttle: ThrottleConfig::default(),
        }
    }
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            account_free_failures: 5,
            ip_free_failures: 20,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { format: LogFormat::Pretty, level: "info".to_owned() }
    }
}

/// `<platform data dir>/nimbus`: `~/.local/share/nimbus` (XDG), `%APPDATA%\nimbus`,
/// `~/Library/Application Support/nimbus`; `./nimbus-data` if the platform has none.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().map(|d| d.join("nimbus")).unwrap_or_else(|| PathBuf::from("nimbus-data"))
}

/// `<platform config dir>/nimbus/nimbusd.toml`.
pub fn default_config_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("nimbus").join("nimbusd.toml"))
}

/// Values given as command-line flags; `None` leaves lower layers in charge.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// `--database-url`.
    pub database_url: Option<String>,
    /// `--listen`.
    pub listen: Option<SocketAddr>,
    /// `--insecure-listen`.
    pub insecure_listen: bool,
    /// `--log-format`.
    pub log_format: Option<LogFormat>,
    /// `--log-level`.
    pub log_level: Option<String>,
}

/// Where the config file came from, for `config show`.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file that was read, if any.
    pub file: Option<PathBuf>,
}

impl Config {
    /// Resolves the layers. `explicit_file` (flag or `NIMBUS_CONFIG`) must exist; the default
    /// file is read only when present.
    pub fn load(explicit_file: Option<&Path>, overrides: &Overrides) -> anyhow::Result<(Self, Source)> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        let file = match explicit_file {
            Some(path) => {
                if !path.is_file() {
                    bail!("config file {} does not exist", path.display());
                }
                Some(path.to_path_buf())
            }
            None => default_config_file().filter(|p| p.is_file()),
        };
        if let Some(path) = &file {
            figment = figment.merge(Toml::file_exact(path));
        }
        figment = figment.merge(
            Env::prefixed("NIMBUS_")
                .split("__")
                .filter(|key| {
                    let section = key.as_str().split('.').next().unwrap_or_default();
                    SECTIONS.iter().any(|s| s.eq_ignore_ascii_case(section))
                })
                .map(|key| key.as_str().to_ascii_lowercase().into()),
        );
        if let Some(v) = &overrides.data_dir {
            figment = figment.merge(Serialized::default("data_dir", v));
        }
        if let Some(v) = &overrides.database_url {
            figment = figment.merge(Serialized::default("database.url", v));
        }
        if let Some(v) = &overrides.listen {
            figment = figment.merge(Serialized::default("server.listen", v));
        }
        if overrides.insecure_listen {
            figment = figment.merge(Serialized::default("server.insecure_listen", true));
        }
        if let Some(v) = &overrides.log_format {
            figment = figment.merge(Serialized::default("log.format", v));
        }
        if let Some(v) = &overrides.log_level {
            figment = figment.merge(Serialized::default("log.level", v));
        }
        let mut config: Config = figment.extract().map_err(|e| {
            let mut msg = String::from("invalid configuration");
            for err in e {
                msg.push_str(&format!("\n  - {err}"));
            }
            anyhow::anyhow!(msg)
        })?;
        config.resolve_secret_files()?;
        config.validate()?;
        Ok((config, Source { file }))
    }

    fn resolve_secret_files(&mut self) -> anyhow::Result<()> {
        if let Some(path) = self.database.url_file.take() {
            if self.database.url.is_some() {
                bail!("set database.url or database.url_file, not both");
            }
            let url = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read database.url_file {}", path.display()))?;
            self.database.url = Some(Secret::new(url.trim().to_owned()));
            self.database.url_file = Some(path);
        }
        Ok(())
    }

    fn validate(&self) -> anyhow::Result<()> {
        if self.keys.master_key.is_some() && self.keys.master_key_file.is_some() {
            bail!("set keys.master_key or keys.master_key_file, not both");
        }
        if self.auth.access_token_ttl < Duration::from_secs(1) {
            bail!("auth.access_token_ttl must be at least 1s");
        }
        if self.auth.session_idle_timeout > self.auth.session_max_lifetime {
            bail!("auth.session_idle_timeout must not exceed auth.session_max_lifetime");
        }
        if self.audit.checkpoint_interval < Duration::from_millis(10)
            || self.audit.checkpoint_interval > Duration::from_secs(3600)
        {
            bail!("audit.checkpoint_interval must be between 10ms and 1h");
        }
        if !(1..=100_000).contains(&self.audit.checkpoint_every) {
            bail!("audit.checkpoint_every must be between 1 and 100000");
        }
        if !(2..=16).contains(&self.tenancy.max_depth) {
            bail!("tenancy.max_depth must be between 2 (root and tenants) and 16");
        }
        if self.auth.max_sessions_per_user == 0 {
            bail!("auth.max_sessions_per_user must be at least 1");
        }
        if self.database.sqlite_readers == 0 || self.database.max_connections == 0 {
            bail!("database.sqlite_readers and database.max_connections must be at least 1");
        }
        Ok(())
    }

    /// The database URL in effect (the SQLite default when none is set).
    pub fn database_url(&self) -> Secret<String> {
        match &self.database.url {
            Some(url) => url.clone(),
            None => Secret::new(format!("sqlite://{}", self.data_dir.join("nimbus.db").display())),
        }
    }

    /// The master key file in effect.
    pub fn master_key_file(&self) -> PathBuf {
        self.keys.master_key_file.clone().unwrap_or_else(|| self.data_dir.join("master.key"))
    }

    /// A copy safe to print: passwords in URLs and inline keys replaced, defaults made explicit.
    pub fn redacted(&self) -> Self {
        let mut copy = self.clone();
        copy.database.url = Some(Secret::new(redact_url(self.database_url().expose())));
        copy.keys.master_key_file = Some(self.master_key_file());
        if copy.keys.master_key.is_some() {
            copy.keys.master_key = Some(Secret::new("[redacted]".to_owned()));
            copy.keys.master_key_file = None;
        }
        copy
    }
}

/// Hides the password of a URL's userinfo and any `password=` query parameter.
pub fn redact_url(url: &str) -> String {
    let mut out = url.to_owned();
    if let Some(scheme_end) = out.find("://") {
        let auth_start = scheme_end + 3;
        let auth_end = out[auth_start..].find(['/', '?', '#']).map_or(out.len(), |i| auth_start + i);
        if let Some(at) = out[auth_start..auth_end].rfind('@') {
            let userinfo = &out[auth_start..auth_start + at];
            if let Some(colon) = userinfo.find(':') {
                let pw_start = auth_start + colon + 1;
                out.replace_range(pw_start..auth_start + at, "***");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (base, query) = out.split_at(q + 1);
        let redacted: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        out = format!("{base}{}", redacted.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_passwords_are_hidden() {
        for (input, expected) in [
            ("postgres://nimbus:s3cret@db:5432/nimbus", "postgres://nimbus:***@db:5432/nimbus"),
            ("postgres://nimbus@db/nimbus", "postgres://nimbus@db/nimbus"),
            ("postgres://u:p@ss@db/n", "postgres://u:***@db/n"),
            (
                "postgres://db/n?user=u&password=p&sslmode=require",
                "postgres://db/n?user=u&password=***&sslmode=require",
            ),
            ("sqlite:///var/lib/nimbus/nimbus.db", "sqlite:///var/lib/nimbus/nimbus.db"),
        ] {
            assert_eq!(redact_url(input), expected, "{input}");
        }
    }

    #[test]
    fn example_config_parses_and_matches_defaults() -> anyhow::Result<()> {
        let example: Config = toml::from_str(EXAMPLE)?;
        let defaults = Config::default();
        assert_eq!(example.server.listen, defaults.server.listen);
        assert_eq!(example.auth.access_token_ttl, defaults.auth.access_token_ttl);
        Ok(())
    }
}

#[cfg(test)]
mod docs_tests {
    use super::*;

    fn keys(prefix: &str, value: &toml::Value, out: &mut Vec<String>) {
        if let toml::Value::Table(table) = value {
            for (k, v) in table {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                if v.is_table() { keys(&path, v, out) } else { out.push(path) }
            }
        }
    }

    /// docs/configuration.md documents every key (optional ones included).
    #[test]
    fn every_key_is_documented() -> anyhow::Result<()> {
        let mut config = Config::default();
        config.server.tls = Some(TlsConfig { cert_file: "c".into(), key_file: "k".into() });
        config.database.url = Some(Secret::new("sqlite://x".into()));
        config.database.url_file = Some("f".into());
        config.keys.master_key_file = Some("m".into());
        config.keys.master_key = Some(Secret::new("k".into()));
        config.workflows.test = Some(crate::engine::TestConfig {
            counter: Some("c".into()),
            schedule: Some("* * * * * *".into()),
            ..Default::default()
        });
        let mut all = Vec::new();
        keys("", &toml::Value::try_from(&config)?, &mut all);
        let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/configuration.md"))?;
        let missing: Vec<&String> = all.iter().filter(|k| !docs.contains(&format!("| `{k}` |"))).collect();
        assert!(missing.is_empty(), "docs/configuration.md lacks {missing:?}");
        assert!(all.len() >= 30, "{all:?}");
        Ok(())
    }
}
