//! Credential storage: the OS keyring (Secret Service, Windows Credential Manager, macOS
//! Keychain), falling back to a 0600 file under the config directory where no keyring service
//! runs (headless servers), with a one-line warning. `NIMBUS_CREDENTIAL_STORE=file|keyring`
//! forces one. Owns where tokens live; it must not talk to the daemon.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use nimbus_core::Secret;
use serde::{Deserialize, Serialize};

use crate::exit::{CliError, CliResult};

/// Keyring service name.
const SERVICE: &str = "nimbus";
/// Longest wait for a keyring service (a D-Bus activation can hang far longer).
const KEYRING_TIMEOUT: Duration = Duration::from_secs(3);

/// What is stored per context.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredCredentials {
    /// Daemon URL the tokens were issued by.
    pub url: String,
    /// Account email.
    pub email: String,
    /// Session id.
    pub session_id: String,
    /// Access token.
    pub access_token: Secret<String>,
    /// Its expiry.
    pub access_token_expires_at: DateTime<Utc>,
    /// Refresh token.
    pub refresh_token: Secret<String>,
    /// Its expiry.
    pub refresh_token_expires_at: DateTime<Utc>,
}

/// Where credentials are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The OS keyring.
    Keyring,
    /// A file.
    File(PathBuf),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Keyring => write!(f, "OS keyring (service \"{SERVICE}\")"),
            Self::File(p) => write!(f, "file {}", p.display()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Auto,
    File,
    Keyring,
}

/// The credential store.
#[derive(Debug, Clone)]
pub struct CredentialStore {
    dir: PathBuf,
    mode: Mode,
    quiet: bool,
}

impl CredentialStore {
    /// A store under `config_dir`, honouring `NIMBUS_CREDENTIAL_STORE`.
    pub fn new(config_dir: &Path, quiet: bool) -> CliResult<Self> {
        let mode = match std::env::var("NIMBUS_CREDENTIAL_STORE").ok().as_deref() {
            None | Some("") | Some("auto") => Mode::Auto,
            Some("file") => Mode::File,
            Some("keyring") => Mode::Keyring,
            Some(other) => {
                return Err(CliError::usage(format!(
                    "NIMBUS_CREDENTIAL_STORE={other:?} is not one of auto, file, keyring"
                )));
            }
        };
        Ok(Self { dir: config_dir.to_path_buf(), mode, quiet })
    }

    fn file(&self, context: &str) -> PathBuf {
        self.dir.join("credentials").join(format!("{context}.json"))
    }

    /// The stored credentials of `context` and where they were found.
    pub fn load(&self, context: &str) -> CliResult<Option<(StoredCredentials, Location)>> {
        if self.mode != Mode::File {
            match keyring::get(context) {
                Ok(Some(text)) => return Ok(Some((parse(&text, "the OS keyring")?, Location::Keyring))),
                Ok(None) => {}
                Err(e) if self.mode == Mode::Keyring => return Err(keyring_required(e)),
                Err(_) => {}
            }
        }
        let path = self.file(context);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some((parse(&text, &path.display().to_string())?, Location::File(path)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CliError::general(format!("cannot read {}: {e}", path.display()))),
        }
    }

    /// Stores credentials for `context`, preferring the keyring.
    pub fn save(&self, context: &str, creds: &StoredCredentials) -> CliResult<Location> {
        let text = serde_json::to_string(creds).map_err(|e| CliError::general(e.to_string()))?;
        if self.mode != Mode::File {
            match keyring::set(context, &text) {
                Ok(()) => {
                    remove_if_exists(&self.file(context))?;
                    return Ok(Location::Keyring);
                }
                Err(e) if self.mode == Mode::Keyring => return Err(keyring_required(e)),
                Err(e) => {
                    if !self.quiet {
                        eprintln!(
                            "warning: no OS keyring available ({e}); storing credentials in {} (mode 0600)",
                            self.file(context).display()
                        );
                    }
                }
            }
        }
        let path = self.file(context);
        write_private(&path, text.as_bytes())?;
        Ok(Location::File(path))
    }

    /// Forgets the credentials of `context` wherever they are.
    pub fn delete(&self, context: &str) -> CliResult<()> {
        if self.mode != Mode::File {
            let _ = keyring::delete(context);
        }
        remove_if_exists(&self.file(context))
    }
}

fn parse(text: &str, place: &str) -> CliResult<StoredCredentials> {
    serde_json::from_str(text).map_err(|e| {
        CliError::general(format!("stored credentials in {place} are unreadable: {e}"))
            .hint("sign in again with `nimbus login`")
    })
}

fn keyring_required(e: String) -> CliError {
    CliError::general(format!("NIMBUS_CREDENTIAL_STORE=keyring, but the OS keyring failed: {e}"))
}

fn remove_if_exists(path: &Path) -> CliResult<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(CliError::general(format!("cannot remove {}: {e}", path.display()))),
    }
}

/// Creates a directory readable only by its owner (where the platform has modes).
pub fn create_private_dir(dir: &Path) -> CliResult<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| CliError::general(format!("cannot create {}: {e}", dir.display())))
}

/// Writes a file only its owner can read, atomically.
fn write_private(path: &Path, bytes: &[u8]) -> CliResult<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp).map_err(|e| CliError::general(format!("cannot write {}: {e}", tmp.display())))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// The OS keyring, each call on its own thread with a timeout.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "windows", target_os = "macos"))]
mod keyring {
    use std::sync::mpsc;

    use super::{KEYRING_TIMEOUT, SERVICE};

    fn with_timeout<T: Send + 'static>(f: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, String> {
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(KEYRING_TIMEOUT).map_err(|_| "the keyring service did not answer".to_owned())?
    }

    pub(super) fn get(context: &str) -> Result<Option<String>, String> {
        let context = context.to_owned();
        with_timeout(move || {
            let entry = ::keyring::Entry::new(SERVICE, &context).map_err(|e| e.to_string())?;
            match entry.get_password() {
                Ok(s) => Ok(Some(s)),
                Err(::keyring::Error::NoEntry) => Ok(None),
                Err(e) => Err(e.to_string()),
            }
        })
    }

    pub(super) fn set(context: &str, secret: &str) -> Result<(), String> {
        let (context, secret) = (context.to_owned(), secret.to_owned());
        with_timeout(move || {
            ::keyring::Entry::new(SERVICE, &context).and_then(|e| e.set_password(&secret)).map_err(|e| e.to_string())
        })
    }

    pub(super) fn delete(context: &str) -> Result<(), String> {
        let context = context.to_owned();
        with_timeout(move || {
            ::keyring::Entry::new(SERVICE, &context).and_then(|e| e.delete_credential()).map_err(|e| e.to_string())
        })
    }
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "windows", target_os = "macos")))]
mod keyring {
    const NONE: &str = "this platform has no supported keyring";

    pub(super) fn get(_: &str) -> Result<Option<String>, String> {
        Err(NONE.into())
    }

    pub(super) fn set(_: &str, _: &str) -> Result<(), String> {
        Err(NONE.into())
    }

    pub(super) fn delete(_: &str) -> Result<(), String> {
        Err(NONE.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> StoredCredentials {
        StoredCredentials {
            url: "http://127.0.0.1:7460".into(),
            email: "a@example.com".into(),
            session_id: "s".into(),
            access_token: Secret::new("at".into()),
            access_token_expires_at: Utc::now(),
            refresh_token: Secret::new("rt".into()),
            refresh_token_expires_at: Utc::now(),
        }
    }

    #[test]
    fn file_store_is_private_and_round_trips() -> CliResult<()> {
        let dir = tempfile::tempdir()?;
        let store = CredentialStore { dir: dir.path().to_path_buf(), mode: Mode::File, quiet: true };
        let loc = store.save("local", &sample())?;
        let Location::File(path) = &loc else { return Err(CliError::general("expected a file")) };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(path)?.permissions().mode() & 0o777, 0o600);
        }
        let (loaded, at) = store.load("local")?.ok_or_else(|| CliError::general("missing"))?;
        assert_eq!(at, loc);
        assert_eq!(loaded.refresh_token.expose(), "rt");
        store.delete("local")?;
        assert!(store.load("local")?.is_none());
        Ok(())
    }
}
