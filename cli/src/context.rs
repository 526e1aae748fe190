//! Contexts: named daemons, kept in `<config dir>/config.toml`. A built-in `local` context
//! points at `http://127.0.0.1:7460`. The context in effect is chosen by `--context`, then
//! `NIMBUS_CONTEXT`, then the file's `current-context`, then `local`.

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
        all.entry(DEFAULT_CONTEXT.to_owned())
            .or_insert_with(|| ContextEntry { url: DEFAULT_URL.to_owned(), ca_file: None });
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
}

/// Picks the context: `name` (from `--context`/`NIMBUS_CONTEXT`) or the current one, with an
/// optional URL override.
pub fn resolve(file: &ConfigFile, name: Option<&str>, url_override: Option<&str>) -> CliResult<Resolved> {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_context_exists_by_default() -> CliResult<()> {
        let file = ConfigFile::default();
        let r = resolve(&file, None, None)?;
        assert_eq!((r.name.as_str(), r.url.as_str()), ("local", DEFAULT_URL));
        let r = resolve(&file, None, Some("https://x.example/"))?;
        assert_eq!(r.url, "https://x.example");
        assert!(resolve(&file, Some("prod"), None).is_err());
        Ok(())
    }

    #[test]
    fn round_trips_through_the_file() -> CliResult<()> {
        let dir = tempfile::tempdir()?;
        let mut file = ConfigFile::default();
        file.contexts.insert("prod".into(), ContextEntry { url: "https://n.example".into(), ca_file: None });
        file.current_context = Some("prod".into());
        file.save(dir.path())?;
        let loaded = ConfigFile::load(dir.path())?;
        assert_eq!(loaded, file);
        assert_eq!(resolve(&loaded, None, None)?.url, "https://n.example");
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
