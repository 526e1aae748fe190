//! Starting the real `nimbusd` and running the real `nimbus` against it.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tempfile::TempDir;
use tokio::io::AsyncWriteExt;
use tokio::process::{Child, Command};

use crate::pg::TestDatabase;
use crate::{ADMIN_EMAIL, PASSWORD, bin};

/// Which database a daemon uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary directory.
    Sqlite,
    /// A fresh PostgreSQL database.
    Postgres,
}

impl Backend {
    /// Both backends, for tests that must hold on each.
    pub const ALL: [Self; 2] = [Self::Sqlite, Self::Postgres];
}

/// What several daemons on one database share.
#[derive(Debug)]
struct Shared {
    dir: TempDir,
    pg: Option<TestDatabase>,
    backend: Backend,
}

/// Configures a daemon before starting it.
#[derive(Debug)]
pub struct DaemonBuilder {
    shared: Option<Arc<Shared>>,
    backend: Backend,
    env: Vec<(String, String)>,
    init: bool,
}

impl DaemonBuilder {
    /// Sets an environment variable of the daemon (e.g. `NIMBUS_AUTH__ACCESS_TOKEN_TTL`).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Skips `nimbusd init`.
    pub fn no_init(mut self) -> Self {
        self.init = false;
        self
    }

    /// Prepares the database (and runs `init` unless told not to) without serving.
    pub async fn prepare(self) -> anyhow::Result<Daemon> {
        let shared = match self.shared {
            Some(s) => s,
            None => {
                let pg = match self.backend {
                    Backend::Postgres => Some(TestDatabase::create().await?),
                    Backend::Sqlite => None,
                };
                let dir = tempfile::tempdir()?;
                std::fs::write(dir.path().join("nimbusd.toml"), "# empty: tests configure through the environment\n")?;
                Arc::new(Shared { dir, pg, backend: self.backend })
            }
        };
        let daemon = Daemon { shared, env: self.env, child: None, url: String::new(), serial: next_serial() };
        if self.init {
            let out =
                daemon.nimbusd_output(&["init", "--email", ADMIN_EMAIL, "--password-stdin"], Some(PASSWORD)).await?;
            anyhow::ensure!(out.code == 0, "nimbusd init failed ({}): {}", out.code, out.stderr);
        }
        Ok(daemon)
    }

    /// Prepares and serves.
    pub async fn start(self) -> anyhow::Result<Daemon> {
        let mut daemon = self.prepare().await?;
        daemon.serve().await?;
        Ok(daemon)
    }
}

fn next_serial() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SERIAL: AtomicUsize = AtomicUsize::new(0);
    SERIAL.fetch_add(1, Ordering::Relaxed)
}

/// A `nimbusd` process (or one ready to start) and its data.
#[derive(Debug)]
pub struct Daemon {
    shared: Arc<Shared>,
    env: Vec<(String, String)>,
    child: Option<Child>,
    /// Base URL once serving.
    pub url: String,
    serial: usize,
}

/// Output of a finished command.
#[derive(Debug, Clone)]
pub struct CliOutput {
    /// Exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl CliOutput {
    /// Parses stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }

    /// Panics unless the command succeeded.
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "command failed\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

/// Removes inherited `NIMBUS_*` variables so the developer's environment cannot leak in.
fn isolate(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("NIMBUS_") {
            cmd.env_remove(&key);
        }
    }
}

async fn output(mut cmd: Command, stdin: Option<&str>) -> anyhow::Result<CliOutput> {
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn()?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).await?;
        pipe.write_all(b"\n").await?;
    }
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output()).await??;
    Ok(CliOutput {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

impl Daemon {
    /// A daemon on `backend` with default settings.
    pub fn builder(backend: Backend) -> DaemonBuilder {
        DaemonBuilder { shared: None, backend, env: Vec::new(), init: true }
    }

    /// Starts an initialised daemon with default settings.
    pub async fn start(backend: Backend) -> anyhow::Result<Self> {
        Self::builder(backend).start().await
    }

    /// A second daemon on the same database, data directory and master key (a replica).
    pub fn sibling(&self) -> DaemonBuilder {
        DaemonBuilder { shared: Some(self.shared.clone()), backend: self.shared.backend, env: Vec::new(), init: false }
    }

    /// The backend.
    pub fn backend(&self) -> Backend {
        self.shared.backend
    }

    /// The data directory (SQLite file, master key).
    pub fn data_dir(&self) -> PathBuf {
        self.shared.dir.path().join("data")
    }

    /// The PostgreSQL database, if any.
    pub fn pg(&self) -> Option<&TestDatabase> {
        self.shared.pg.as_ref()
    }

    /// The SQLite file (for the SQLite backend).
    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir().join("nimbus.db")
    }

    fn log_path(&self) -> PathBuf {
        self.shared.dir.path().join(format!("nimbusd-{}.log", self.serial))
    }

    /// `nimbusd` with this daemon's environment.
    pub fn nimbusd(&self) -> Command {
        let mut cmd = Command::new(bin("nimbusd"));
        isolate(&mut cmd);
        cmd.env("NIMBUS_CONFIG", self.shared.dir.path().join("nimbusd.toml"))
            .env("NIMBUS_DATA_DIR", self.data_dir())
            .env("NIMBUS_LOG__LEVEL", "info")
            .kill_on_drop(true);
        if let Some(pg) = &self.shared.pg {
            cmd.env("NIMBUS_DATABASE__URL", pg.url());
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs a `nimbusd` subcommand to completion.
    pub async fn nimbusd_output(&self, args: &[&str], stdin: Option<&str>) -> anyhow::Result<CliOutput> {
        let mut cmd = self.nimbusd();
        cmd.args(args);
        output(cmd, stdin).await
    }

    /// Starts `nimbusd serve` on a free loopback port (unless `extra` has `--listen`) and waits
    /// until it listens.
    pub async fn serve(&mut self) -> anyhow::Result<()> {
        self.serve_with(&[]).await
    }

    /// Like [`serve`](Self::serve) with extra arguments.
    pub async fn serve_with(&mut self, extra: &[&str]) -> anyhow::Result<()> {
        let ready = self.shared.dir.path().join(format!("ready-{}", self.serial));
        let _ = std::fs::remove_file(&ready);
        let log = std::fs::File::create(self.log_path())?;
        let mut cmd = self.nimbusd();
        cmd.args(["serve", "--ready-file"]).arg(&ready);
        if !extra.contains(&"--listen") {
            cmd.args(["--listen", "127.0.0.1:0"]);
        }
        cmd.args(extra).stdin(Stdio::null()).stdout(Stdio::null()).stderr(log);
        let mut child = cmd.spawn()?;
        let started = Instant::now();
        loop {
            if let Ok(url) = std::fs::read_to_string(&ready) {
                self.url = url.trim().to_owned();
                self.child = Some(child);
                return Ok(());
            }
            if let Some(status) = child.try_wait()? {
                anyhow::bail!("nimbusd exited with {status} before listening:\n{}", self.log());
            }
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.start_kill();
                anyhow::bail!("nimbusd did not listen within 30 s:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Process id of the running daemon.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().and_then(Child::id)
    }

    /// What the daemon logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// SIGKILL: no chance to clean up.
    pub async fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.start_kill()?;
            child.wait().await?;
        }
        Ok(())
    }

    /// SIGTERM (graceful shutdown) and the exit status.
    pub async fn terminate(&mut self) -> anyhow::Result<ExitStatus> {
        let mut child = self.child.take().ok_or_else(|| anyhow::anyhow!("not running"))?;
        let pid = child.id().ok_or_else(|| anyhow::anyhow!("no pid"))?;
        let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status()?;
        anyhow::ensure!(status.success(), "kill -TERM failed");
        Ok(tokio::time::timeout(Duration::from_secs(40), child.wait()).await??)
    }

    /// A `nimbus` CLI whose current context is this daemon, with its own config directory and
    /// file-stored credentials.
    pub fn cli(&self) -> Cli {
        let dir = self.shared.dir.path().join(format!("cli-{}", self.serial));
        std::fs::create_dir_all(&dir).expect("cli dir");
        let config = format!("current-context = \"test\"\n\n[contexts.test]\nurl = \"{}\"\n", self.url);
        std::fs::write(dir.join("config.toml"), config).expect("cli config");
        Cli { config_dir: dir }
    }

    /// A raw HTTP client.
    pub fn http(&self) -> reqwest::Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        reqwest::Client::builder().build().expect("http client")
    }

    /// `self.url + path`.
    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.start_kill();
        }
    }
}

/// The `nimbus` CLI with an isolated configuration.
#[derive(Debug, Clone)]
pub struct Cli {
    config_dir: PathBuf,
}

impl Cli {
    /// The CLI's configuration directory.
    pub fn config_dir(&self) -> &Path {
        &self.config_dir
    }

    /// `nimbus` with this configuration.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(bin("nimbus"));
        isolate(&mut cmd);
        cmd.env("NIMBUS_CONFIG_DIR", &self.config_dir)
            .env("NIMBUS_CREDENTIAL_STORE", "file")
            .env("NO_COLOR", "1")
            .kill_on_drop(true);
        cmd
    }

    /// Runs `nimbus ARGS`.
    pub async fn run(&self, args: &[&str]) -> CliOutput {
        self.run_with(args, None).await
    }

    /// Runs `nimbus ARGS` with `stdin`.
    pub async fn run_with(&self, args: &[&str], stdin: Option<&str>) -> CliOutput {
        let mut cmd = self.command();
        cmd.args(args);
        output(cmd, stdin).await.expect("nimbus runs")
    }

    /// `nimbus login` as the test administrator.
    pub async fn login(&self) -> CliOutput {
        self.run_with(&["login", "--email", ADMIN_EMAIL, "--password-stdin"], Some(PASSWORD)).await
    }
}
