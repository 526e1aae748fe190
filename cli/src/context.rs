//! Contexts: named daemons, kept in `<config dir>/config.toml`. A built-in `local` context
//! points at `http://127.0.0.1:7460`. The context in effect is chosen by `--context`, then
//! `NIMBUS_CONTEXT`, then the file's `current-context`, then `local`. A context may name a
//! default tenant (`tenant = "acme"`), which `--tenant` / `NIMBUS_TENANT` override.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::exit::{CliError, CliResult};

/// The context that always exists unless redefined.
pub const DEFAULT_CONTEXT: &str = "local";
/// Its URL: a daemon on this machine with default settings.
pub const DEFAULT_URL: &str = "http://127.0.0.1:7460";

/// One daemon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ContextEntry {
    /// Daemon URL.
    pub url: String,
    /// Extra CA certificate to trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// Tenant (id or slug) commands act in unless `--tenant` names another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
}

/// The CLI's configuration file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConfigFile {
    /// Context used when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_context: Option<String>,
    /// Contexts by name.
    #[serde(default)]
    pub contexts: BTreeMap<String, ContextEntry>,
}

/// The CLI's configuration directory: `NIMBUS_CONFIG_DIR`, else `<platform config dir>/nimbus`.
pub fn config_dir() -> CliResult<PathBuf> {
    if let Some(dir) = std::env::var_os("NIMBUS_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir()
        .map(|d| d.join("nimbus"))
        .ok_or_else(|| CliError::general("cannot find a configuration directory; set NIMBUS_CONFIG_DIR"))
}

/// Checks a context name: letters, digits, `.`, `_`, `-`; at most 64.
pub fn validate_name(name: &str) -> CliResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(CliError::usage(format!("context name {name:?} is invalid: use up to 64 letters, digits, '.', '_' or '-'")))
    }
}

/// Checks a daemon URL.
pub fn validate_url(url: &str) -> CliResult<()> {
    if (url.starts_with("http://") || url.starts_with("https://")) && url.len() > "https://".len() {
        Ok(())
    } else {
        Err(CliError::usage(format!("URL {url:?} must start with http:// or https://")))
    }
}

impl ConfigFile {
    fn path(dir: &Path) -> PathBuf {
        dir.join("config.toml")
    }

    /// Reads the file (an absent file is the default configuration).
    pub fn load(dir: &Path) -> CliResult<Self> {
        let path = Self::path(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text)
                .map_err(|e| CliError::general(format!("{} is not a valid nimbus config: {e}", path.display()))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(CliError::general(format!("cannot read {}: {e}", path.display()))),
        }
    }

    /// Writes the file atomically.
    pub fn save(&self, dir: &Path) -> CliResult<()> {
        crate::credentials::create_private_dir(dir)?;
        let text = toml::to_string_pretty(self).map_err(|e| CliError::general(e.to_string()))?;
        let path = Self::path(dir);
        let tmp = path.with_extension("toml.tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, &path)?;
        Ok(())
    }

    /// Every context, the built-in `local` included unless redefined.
    pub fn all(&self) -> BTreeMap<String, ContextEntry> {
        let mut all = self.contexts.clone();
        all.entry(DEFAULT_CONTEXT.to_owned()).or_insert_with(|| ContextEntry {
            url: DEFAULT_URL.to_owned(),
            ca_file: None,
            tenant: None,
        });
        all
    }

    /// The current context's name.
    pub fn current(&self) -> &str {
        self.current_context.as_deref().unwrap_or(DEFAULT_CONTEXT)
    }
}

/// The context in effect for a command.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolved {
    /// Context name.
    pub name: String,
    /// Daemon URL (after `--url` / `NIMBUS_URL`).
    pub url: String,
    /// Extra CA certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// Tenant to act in (after `--tenant` / `NIMBUS_TENANT`); `None`: the caller's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
}

/// Overrides of the context's settings from flags and the environment.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides<'a> {
    /// `--url` / `NIMBUS_URL`.
    pub url: Option<&'a str>,
    /// `--tenant` / `NIMBUS_TENANT`.
    pub tenant: Option<&'a str>,
}

/// Picks the context: `name` (from `--context`/`NIMBUS_CONTEXT`) or the current one, with
/// optional overrides.
pub fn resolve(file: &ConfigFile, name: Option<&str>, overrides: Overrides<'_>) -> CliResult<Resolved> {
    let url_override = overrides.url;
    let name = name.unwrap_or_else(|| file.current());
    let all = file.all();
    let entry = all.get(name).ok_or_else(|| {
        CliError::new(crate::exit::NOT_FOUND, "not_found", format!("no context named {name:?}"))
            .hint("list them with `nimbus context list`, add one with `nimbus context add NAME --url URL`")
    })?;
    if let Some(url) = url_override {
        validate_url(url)?;
    }
    Ok(Resolved {
        name: name.to_owned(),
        url: url_override.unwrap_or(&entry.url).trim_end_matches('/').to_owned(),
        ca_file: entry.ca_file.clone(),
        tenant: overrides.tenant.map(str::to_owned).or_else(|| entry.tenant.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_context_exists_by_default() -> CliResult<()> {
        let file = ConfigFile::default();
        let r = resolve(&file, None, Overrides::default())?;
        assert_eq!((r.name.as_str(), r.url.as_str(), r.tenant), ("local", DEFAULT_URL, None));
        let r = resolve(&file, None, Overrides { url: Some("https://x.example/"), tenant: None })?;
        assert_eq!(r.url, "https://x.example");
        assert!(resolve(&file, Some("prod"), Overrides::default()).is_err());
        Ok(())
    }

    #[test]
    fn round_trips_through_the_file() -> CliResult<()> {
        let dir = tempfile::tempdir()?;
        let mut file = ConfigFile::default();
        file.contexts
            .insert("prod".into(), ContextEntry { url: "https://n.example".into(), ca_file: None, tenant: None });
        file.contexts.insert(
            "acme".into(),
            ContextEntry { url: "https://n.example".into(), ca_file: None, tenant: Some("acme".into()) },
        );
        file.current_context = Some("prod".into());
        file.save(dir.path())?;
        let loaded = ConfigFile::load(dir.path())?;
        assert_eq!(loaded, file);
        assert_eq!(resolve(&loaded, None, Overrides::default())?.url, "https://n.example");
        assert_eq!(resolve(&loaded, Some("acme"), Overrides::default())?.tenant.as_deref(), Some("acme"));
        Ok(())
    }

    #[test]
    fn default_tenant_is_optional_and_overridable() -> CliResult<()> {
        // A file written before contexts had tenants still loads.
        let old = "current-context = \"prod\"\n\n[contexts.prod]\nurl = \"https://n.example\"\n";
        let file: ConfigFile = toml::from_str(old).map_err(|e| CliError::general(e.to_string()))?;
        assert_eq!(resolve(&file, None, Overrides::default())?.tenant, None);
        let new = format!("{old}tenant = \"acme\"\n");
        let file: ConfigFile = toml::from_str(&new).map_err(|e| CliError::general(e.to_string()))?;
        assert_eq!(resolve(&file, None, Overrides::default())?.tenant.as_deref(), Some("acme"));
        let flag = Overrides { url: None, tenant: Some("globex") };
        assert_eq!(resolve(&file, None, flag)?.tenant.as_deref(), Some("globex"));
        // Without a tenant the entry is written exactly as before.
        let text =
            toml::to_string_pretty(&ContextEntry { url: "https://n.example".into(), ca_file: None, tenant: None })
                .map_err(|e| CliError::general(e.to_string()))?;
        assert_eq!(text, "url = \"https://n.example\"\n");
        Ok(())
    }

    #[test]
    fn names_and_urls_are_checked() {
        assert!(validate_name("prod-eu.1").is_ok());
        assert!(validate_name("bad name").is_err());
        assert!(validate_name("").is_err());
        assert!(validate_url("ftp://x").is_err());
        assert!(validate_url("http://127.0.0.1:7460").is_ok());
    }
}
