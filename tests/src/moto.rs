//! A moto S3 server (`pip install 'moto[server]'`) for tests of the S3 archive: started on a free
//! loopback port, stopped on drop. Moto is a test-only emulator of AWS, installed by `.ci/run`.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A moto S3 server on a free loopback port, stopped on drop.
#[derive(Debug)]
pub struct Moto {
    child: Child,
    port: u16,
    _log: tempfile::TempDir,
}

impl Moto {
    /// How to get moto.
    pub const INSTALL: &str =
        "install it with `pip install 'moto[server]'` (or set NIMBUS_TEST_MOTO=skip to skip this test)";

    /// Starts the server and waits until it answers; panics with how to install moto if it
    /// cannot start.
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log_dir = tempfile::tempdir().unwrap();
        let log = log_dir.path().join("moto.log");
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start python3 for the moto S3 server: {e}; {}", Self::INSTALL));
        let mut moto = Self { child, port, _log: log_dir };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = moto.child.try_wait().unwrap() {
                let output = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("the moto S3 server exited ({status}): {}; {}", output.trim(), Self::INSTALL);
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return moto;
            }
            assert!(Instant::now() < deadline, "the moto S3 server did not answer within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Creates a bucket with a plain unsigned request (object_store cannot create buckets).
    pub fn create_bucket(&mut self, bucket: &str) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "PUT /{bucket} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "creating bucket {bucket}: {response}");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
