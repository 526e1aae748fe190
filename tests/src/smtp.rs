//! A real SMTP server for notification tests: aiosmtpd (`pip install aiosmtpd`, a test-only
//! PyPI package installed by `.ci/run`) on a free loopback port, writing each message it
//! accepts to a directory as JSON. Plain, STARTTLS (required) or implicit TLS, with optional
//! AUTH (LOGIN/PLAIN, one account). Stopped on drop.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SERVER: &str = r#"
import asyncio, json, os, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, outdir, mode, user, password, cert, key = sys.argv[1:8]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(outdir, "%d-%d.json" % (time.time_ns(), os.getpid()))
        with open(name + ".tmp", "w") as f:
            json.dump({
                "from": envelope.mail_from,
                "to": envelope.rcpt_tos,
                "data": envelope.content.decode("utf-8", "replace"),
                # Implicit TLS leaves session.ssl unset; nothing reaches that server without TLS.
                "tls": session.ssl is not None or mode == "tls",
                "auth": session.authenticated,
            }, f)
        os.rename(name + ".tmp", name)
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
        and auth_data.password.decode() == password
    return AuthResult(success=ok)

kwargs = {}
if mode in ("starttls", "tls"):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    if mode == "starttls":
        kwargs.update(tls_context=ctx, require_starttls=True)
    else:
        kwargs.update(ssl_context=ctx)
if user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=(mode != "plain"))
controller = Controller(Handler(), hostname="127.0.0.1", port=int(port), **kwargs)
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
"#;

/// How the server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpMode {
    /// No TLS.
    Plain,
    /// STARTTLS, required before MAIL.
    Starttls,
    /// TLS from the first byte.
    Tls,
}

/// A running aiosmtpd.
#[derive(Debug)]
pub struct Smtp {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Smtp {
    /// How to get aiosmtpd.
    pub const INSTALL: &str = "install it with `pip install aiosmtpd`";

    /// Starts a server; `auth` is `(user, password)`; `tls` is `(cert PEM file, key PEM file)`.
    pub fn start(mode: SmtpMode, auth: Option<(&str, &str)>, tls: Option<(&Path, &Path)>) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("server.py");
        std::fs::write(&script, SERVER).unwrap();
        let out = dir.path().join("mail");
        std::fs::create_dir(&out).unwrap();
        let log = dir.path().join("server.log");
        let (user, password) = auth.unwrap_or(("", ""));
        let (cert, key) = tls.map_or((PathBuf::new(), PathBuf::new()), |(c, k)| (c.to_owned(), k.to_owned()));
        let mode_arg = match mode {
            SmtpMode::Plain => "plain",
            SmtpMode::Starttls => "starttls",
            SmtpMode::Tls => "tls",
        };
        let child = Command::new("python3")
            .arg(&script)
            .args([&port.to_string(), out.to_str().unwrap(), mode_arg, user, password])
            .arg(&cert)
            .arg(&key)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 for aiosmtpd: {e}; {}", Self::INSTALL));
        let mut smtp = Self { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = smtp.child.try_wait().unwrap() {
                let output = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("aiosmtpd exited ({status}): {}; {}", output.trim(), Self::INSTALL);
            }
            if std::fs::read_to_string(&log).unwrap_or_default().contains("ready")
                && TcpStream::connect(("127.0.0.1", port)).is_ok()
            {
                return smtp;
            }
            assert!(Instant::now() < deadline, "aiosmtpd did not start within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The messages received so far, oldest first, as JSON (`from`, `to`, `data`, `tls`, `auth`).
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(self.dir.path().join("mail"))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }

    /// Waits until at least `n` messages arrived and returns them.
    pub async fn wait_for(&self, n: usize, within: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + within;
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            assert!(Instant::now() < deadline, "expected {n} messages within {within:?}, got {}: {got:?}", got.len());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
