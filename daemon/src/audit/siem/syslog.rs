//! Syslog delivery: RFC 5424 messages over UDP (RFC 5426), TCP (RFC 6587 octet counting) or
//! TLS (RFC 5425).
//!
//! Owns the RFC 5424 header and structured data, framing, and the connection to one receiver.
//! It must not retry, buffer or drop events: a failed send is reported and the caller keeps the
//! events, reconnects and sends them again (at-least-once). Syslog has no acknowledgement, so a
//! frame written into a connection the receiver is tearing down at that moment can still be lost;
//! the readability check before each write narrows that to the write itself.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use chrono::SecondsFormat;
use nimbus_core::audit::Priority;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpStream, UdpSocket};
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::{SiemError, SiemEvent};

/// `log audit` in RFC 5424's facility table.
const FACILITY_LOG_AUDIT: u8 = 13;
/// Structured-data id. 32473 is the private enterprise number RFC 5612 reserves for
/// documentation; replace it if Nimbus registers its own.
const SD_ID: &str = "nimbus@32473";
const APP_NAME: &str = "nimbusd";
/// Longest UDP datagram sent. Larger ones fragment at the IP layer, and many receivers cut
/// there anyway.
pub(super) const MAX_DATAGRAM: usize = 8 * 1024;
const TRUNCATION_MARKER: &str = " [truncated]";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where to send syslog.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyslogConfig {
    /// `udp://host:port`, `tcp://host:port` or `tls://host:port`; the port defaults to 514
    /// (6514 for TLS).
    pub url: String,
    /// PEM file with the CA certificates that may sign the receiver's certificate (TLS only);
    /// without it the operating system's trust store is used.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// HOSTNAME written into each message; defaults to this machine's host name.
    #[serde(default)]
    pub hostname: Option<String>,
}

/// Renders one event as an RFC 5424 message carrying `cef_payload` as MSG.
///
/// `<PRI>1 TIMESTAMP HOSTNAME nimbusd - MSGID [nimbus@32473 tenant="…" seq="…"] MSG`, with
/// facility `log audit`, severity from the priority, MSGID the category (`checkpoint` and a
/// `size` parameter instead of `seq` for checkpoints). MSG has no UTF-8 BOM: CEF parsers expect
/// the line to start with `CEF:`.
pub(crate) fn rfc5424(event: &SiemEvent<'_>, hostname: &str, cef_payload: &str) -> String {
    let pri = FACILITY_LOG_AUDIT * 8 + severity(event.priority());
    let timestamp = event.at().to_rfc3339_opts(SecondsFormat::Micros, true);
    let hostname = header_field(hostname, 255);
    let tenant = event.tenant().to_string();
    let (msgid, counter, value) = match event {
        SiemEvent::Record { seq, entry } => (entry.category.as_str(), "seq", seq),
        SiemEvent::Checkpoint { size, .. } => ("checkpoint", "size", size),
    };
    format!(
        "<{pri}>1 {timestamp} {hostname} {APP_NAME} - {msgid} [{SD_ID} tenant=\"{}\" {counter}=\"{value}\"] {cef_payload}",
        escape_sd_param(&tenant),
    )
}

/// Syslog severity (0 emergency … 7 debug).
fn severity(priority: Priority) -> u8 {
    match priority {
        Priority::Debug => 7,
        Priority::Info => 6,
        Priority::Warn => 4,
        Priority::Error => 3,
        Priority::Critical => 2,
    }
}

/// PARAM-VALUE escaping: `"`, `\` and `]` take a backslash.
fn escape_sd_param(value: &str) -> Cow<'_, str> {
    if !value.contains(['"', '\\', ']']) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        if matches!(c, '"' | '\\' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// A header field is 1 to `max` printable US-ASCII characters, or `-` when there is nothing.
fn header_field(value: &str, max: usize) -> String {
    let cleaned: String = value.chars().filter(|c| c.is_ascii_graphic()).take(max).collect();
    if cleaned.is_empty() { "-".to_owned() } else { cleaned }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Udp,
    Tcp,
    Tls,
}

/// A parsed `scheme://host:port`.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    scheme: Scheme,
    /// Without IPv6 brackets.
    host: String,
    port: u16,
}

impl Target {
    fn parse(url: &str) -> Result<Self, SiemError> {
        let invalid = |reason: String| SiemError::InvalidConfig { setting: "syslog url", reason };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            invalid(format!("{url:?} has no scheme; write udp://host:port, tcp://host:port or tls://host:port"))
        })?;
        let scheme = match scheme.to_ascii_lowercase().as_str() {
            "udp" => Scheme::Udp,
            "tcp" => Scheme::Tcp,
            "tls" => Scheme::Tls,
            other => return Err(invalid(format!("unknown scheme {other:?}; use udp, tcp or tls"))),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = if let Some(bracketed) = rest.strip_prefix('[') {
            let (host, after) =
                bracketed.split_once(']').ok_or_else(|| invalid(format!("{url:?} has an unclosed '['")))?;
            (host, after.strip_prefix(':'))
        } else {
            match rest.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            }
        };
        if host.is_empty() || host.contains(['/', '@', '?', '#', ' ']) {
            return Err(invalid(format!("{url:?} must be just scheme://host:port")));
        }
        let port = match port {
            None => match scheme {
                Scheme::Udp | Scheme::Tcp => 514,
                Scheme::Tls => 6514,
            },
            Some(p) => p.parse().map_err(|_| invalid(format!("{p:?} in {url:?} is not a port number")))?,
        };
        Ok(Self { scheme, host: host.to_owned(), port })
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            Scheme::Udp => "udp",
            Scheme::Tcp => "tcp",
            Scheme::Tls => "tls",
        };
        if self.host.contains(':') {
            write!(f, "{scheme}://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{scheme}://{}:{}", self.host, self.port)
        }
    }
}

enum Conn {
    Udp(UdpSocket),
    Tcp(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
    /// A send failed part-way; the stream may hold half a frame, so it is never written again.
    Broken,
}

/// One connection to a syslog receiver.
pub(crate) struct SyslogSink {
    conn: Conn,
    target: String,
    hostname: String,
}

impl fmt::Debug for SyslogSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyslogSink")
            .field("target", &self.target)
            .field("hostname", &self.hostname)
            .field("broken", &matches!(self.conn, Conn::Broken))
            .finish()
    }
}

impl SyslogSink {
    /// Resolves and connects (and, for `tls://`, completes the handshake).
    pub(crate) async fn connect(cfg: &SyslogConfig) -> Result<Self, SiemError> {
        let target = Target::parse(&cfg.url)?;
        if cfg.ca_file.is_some() && target.scheme != Scheme::Tls {
            return Err(SiemError::InvalidConfig {
                setting: "syslog ca_file",
                reason: "it only applies to tls:// urls; remove it or switch the url to tls://".to_owned(),
            });
        }
        let hostname = match &cfg.hostname {
            Some(h) => header_field(h, 255),
            None => header_field(&local_hostname().await.unwrap_or_default(), 255),
        };
        let name = target.to_string();
        let conn = match target.scheme {
            Scheme::Udp => {
                let addr = resolve(&target, &name).await?;
                let local: SocketAddr = if addr.is_ipv4() {
                    (std::net::Ipv4Addr::UNSPECIFIED, 0).into()
                } else {
                    (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
                };
                let socket = UdpSocket::bind(local).await.map_err(io_error("bind a socket for", &name))?;
                socket.connect(addr).await.map_err(io_error("connect to", &name))?;
                Conn::Udp(socket)
            }
            Scheme::Tcp => Conn::Tcp(tcp_connect(&target, &name).await?),
            Scheme::Tls => {
                // Configuration problems are reported before anything touches the network.
                let server_name = ServerName::try_from(target.host.clone()).map_err(|e| SiemError::InvalidConfig {
                    setting: "syslog url",
                    reason: format!("{:?} is not a valid TLS server name: {e}", target.host),
                })?;
                let tls = tls_config(cfg.ca_file.as_deref()).await?;
                let tcp = tcp_connect(&target, &name).await?;
                let stream = with_timeout("TLS handshake with", &name, CONNECT_TIMEOUT, async {
                    TlsConnector::from(tls)
                        .connect(server_name, tcp)
                        .await
                        .map_err(io_error("TLS handshake with", &name))
                })
                .await?;
                Conn::Tls(Box::new(stream))
            }
        };
        Ok(Self { conn, target: name, hostname })
    }

    /// The HOSTNAME to pass to [`rfc5424`]: the configured one, or this machine's.
    pub(crate) fn hostname(&self) -> &str {
        &self.hostname
    }

    /// Sends frames in order; TCP/TLS use octet-counting framing (RFC 6587 / RFC 5425:
    /// `<len> <msg>`); UDP one datagram per message, truncated safely to 8 KiB with a marker if
    /// longer.
    ///
    /// On a broken connection returns an error; the caller retries with backoff and calls
    /// [`SyslogSink::connect`] again (at-least-once; the caller keeps the events until send
    /// succeeds). After an error this sink refuses every further send.
    pub(crate) async fn send(&mut self, frames: &[String]) -> Result<(), SiemError> {
        let target = &self.target;
        let result = match &mut self.conn {
            Conn::Udp(socket) => send_datagrams(socket, frames, target).await,
            Conn::Tcp(stream) => send_framed(stream, frames, target).await,
            Conn::Tls(stream) => send_framed(stream.as_mut(), frames, target).await,
            Conn::Broken => Err(SiemError::Io {
                op: "send to",
                target: target.clone(),
                source: io::Error::new(io::ErrorKind::NotConnected, "an earlier send failed; connect again"),
            }),
        };
        if result.is_err() {
            self.conn = Conn::Broken;
        }
        result
    }
}

async fn local_hostname() -> Option<String> {
    let from_kernel = tokio::fs::read_to_string("/proc/sys/kernel/hostname").await.ok();
    from_kernel
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
}

fn io_error(op: &'static str, target: &str) -> impl FnOnce(io::Error) -> SiemError {
    let target = target.to_owned();
    move |source| SiemError::Io { op, target, source }
}

async fn with_timeout<T>(
    op: &'static str,
    target: &str,
    after: Duration,
    fut: impl Future<Output = Result<T, SiemError>>,
) -> Result<T, SiemError> {
    tokio::time::timeout(after, fut)
        .await
        .unwrap_or_else(|_| Err(SiemError::Timeout { op, target: target.to_owned(), after }))
}

async fn resolve(target: &Target, name: &str) -> Result<SocketAddr, SiemError> {
    with_timeout("resolve", name, CONNECT_TIMEOUT, async {
        tokio::net::lookup_host((target.host.as_str(), target.port))
            .await
            .map_err(io_error("resolve", name))?
            .next()
            .ok_or_else(|| SiemError::Io {
                op: "resolve",
                target: name.to_owned(),
                source: io::Error::new(io::ErrorKind::NotFound, "no addresses"),
            })
    })
    .await
}

async fn tcp_connect(target: &Target, name: &str) -> Result<TcpStream, SiemError> {
    with_timeout("connect to", name, CONNECT_TIMEOUT, async {
        TcpStream::connect((target.host.as_str(), target.port)).await.map_err(io_error("connect to", name))
    })
    .await
}

/// Roots come from `ca_file` when given (a private SIEM CA should not be trusted process-wide),
/// otherwise from the operating system's store: that is where operators put corporate CAs, and
/// it matches what the webhook client (reqwest's platform verifier) trusts, so both transports
/// agree on one trust configuration.
async fn tls_config(ca_file: Option<&Path>) -> Result<Arc<rustls::ClientConfig>, SiemError> {
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let invalid = |reason: String| SiemError::InvalidConfig { setting: "syslog ca_file", reason };
            let pem = tokio::fs::read(path).await.map_err(|e| {
                invalid(format!("cannot read {}: {e}; point ca_file at a readable PEM file", path.display()))
            })?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                let cert = cert.map_err(|e| invalid(format!("{} is not valid PEM: {e}", path.display())))?;
                roots
                    .add(cert)
                    .map_err(|e| invalid(format!("{} holds an unusable CA certificate: {e}", path.display())))?;
            }
            if roots.is_empty() {
                return Err(invalid(format!("{} holds no PEM certificates; add the CA certificate", path.display())));
            }
        }
        None => {
            let native = rustls_native_certs::load_native_certs();
            roots.add_parsable_certificates(native.certs);
            if roots.is_empty() {
                return Err(SiemError::InvalidConfig {
                    setting: "syslog ca_file",
                    reason: concat!(
                        "no CA certificates found in the system trust store; ",
                        "install them (e.g. the ca-certificates package) or set ca_file"
                    )
                    .to_owned(),
                });
            }
        }
    }
    // An explicit provider keeps this independent of the process-wide default being installed.
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| SiemError::InvalidConfig { setting: "syslog url", reason: format!("TLS setup failed: {e}") })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

async fn send_datagrams(socket: &UdpSocket, frames: &[String], target: &str) -> Result<(), SiemError> {
    for frame in frames {
        let datagram = truncate_datagram(frame);
        let sent = with_timeout("send to", target, WRITE_TIMEOUT, async {
            socket.send(datagram.as_bytes()).await.map_err(io_error("send to", target))
        })
        .await?;
        if sent != datagram.len() {
            return Err(SiemError::Io {
                op: "send to",
                target: target.to_owned(),
                source: io::Error::new(io::ErrorKind::WriteZero, "datagram sent only in part"),
            });
        }
    }
    Ok(())
}

/// Cuts a message to [`MAX_DATAGRAM`] bytes on a character boundary and marks the cut.
fn truncate_datagram(frame: &str) -> Cow<'_, str> {
    if frame.len() <= MAX_DATAGRAM {
        return Cow::Borrowed(frame);
    }
    let mut cut = MAX_DATAGRAM - TRUNCATION_MARKER.len();
    while !frame.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut head = &frame[..cut];
    // A cut inside a CEF escape would leave a lone backslash that escapes the marker's space.
    if head.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1 {
        head = &head[..head.len() - 1];
    }
    Cow::Owned(format!("{head}{TRUNCATION_MARKER}"))
}

async fn send_framed<S>(stream: &mut S, frames: &[String], target: &str) -> Result<(), SiemError>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    if receiver_hung_up(stream) {
        return Err(SiemError::Io {
            op: "send to",
            target: target.to_owned(),
            source: io::Error::new(io::ErrorKind::ConnectionReset, "the receiver closed the connection"),
        });
    }
    let mut buf = Vec::with_capacity(frames.iter().map(|f| f.len() + 6).sum());
    // MSG-LEN is a non-zero number, so an empty message cannot be framed; there is nothing in it.
    for frame in frames.iter().filter(|f| !f.is_empty()) {
        buf.extend_from_slice(frame.len().to_string().as_bytes());
        buf.push(b' ');
        buf.extend_from_slice(frame.as_bytes());
    }
    with_timeout("send to", target, WRITE_TIMEOUT, async {
        stream.write_all(&buf).await.map_err(io_error("send to", target))?;
        stream.flush().await.map_err(io_error("send to", target))
    })
    .await
}

/// A syslog receiver never sends application data, so a readable stream means it closed or
/// reset the connection. Checking before writing turns the common case (the receiver restarted
/// while the sink sat idle) into an error instead of frames written into a dead socket, which
/// the kernel would accept once and lose. It sees what the runtime's reactor has already
/// observed, which covers any idle period; a hang-up racing the write shows on the next send.
fn receiver_hung_up<S: AsyncRead + Unpin>(stream: &mut S) -> bool {
    let mut cx = Context::from_waker(Waker::noop());
    let mut scratch = [0u8; 256];
    // Bounded, so a receiver that keeps talking cannot hold the sender here.
    for _ in 0..16 {
        let mut buf = ReadBuf::new(&mut scratch);
        match Pin::new(&mut *stream).poll_read(&mut cx, &mut buf) {
            Poll::Pending => return false,
            Poll::Ready(Ok(())) if buf.filled().is_empty() => return true,
            // Stray bytes carry no meaning in syslog; discard them and look again.
            Poll::Ready(Ok(())) => {}
            Poll::Ready(Err(_)) => return true,
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::Once;

    use rustls::pki_types::PrivateKeyDer;
    use tokio::io::AsyncReadExt;
    use tokio::net::TcpListener;
    use tokio_rustls::TlsAcceptor;

    use super::super::cef;
    use super::super::cef::tests::{NOTE, checkpoint, entry};
    use super::*;

    #[test]
    fn record_golden() {
        let e = entry();
        let event = SiemEvent::Record { seq: 17, entry: &e };
        assert_eq!(
            rfc5424(&event, "cp-1.example.com", "CEF:0|x"),
            "<108>1 2026-05-04T10:20:30.123456Z cp-1.example.com nimbusd - auth \
             [nimbus@32473 tenant=\"01900000-0000-7000-8000-0000000000aa\" seq=\"17\"] CEF:0|x"
        );
    }

    #[test]
    fn checkpoint_golden() {
        let event = checkpoint();
        let line = rfc5424(&event, "cp-1", &cef(&event, "0.1.0"));
        assert_eq!(
            line,
            "<110>1 2026-05-04T10:20:30.123456Z cp-1 nimbusd - checkpoint \
             [nimbus@32473 tenant=\"01900000-0000-7000-8000-0000000000aa\" size=\"42\"] \
             CEF:0|Nimbus|nimbusd|0.1.0|audit.checkpoint|audit log checkpoint|3|rt=1777890030123 cat=audit \
             cs1Label=tenantId cs1=01900000-0000-7000-8000-0000000000aa cn2Label=treeSize cn2=42 \
             cs2Label=rootHash cs2=abcdef0123 \
             msg=nimbus.example/audit/0190\\n42\\nq83vEjRWeJA\\=\\n\\n— nimbus AAAAAQ\\=\\=\\n"
        );
        assert!(!line.contains('\n'), "the multi-line note stays on one line");
        assert!(NOTE.contains('\n'));
    }

    #[test]
    fn priority_maps_to_pri() {
        let mut e = entry();
        let mut got = Vec::new();
        for p in Priority::ALL {
            e.priority = *p;
            let line = rfc5424(&SiemEvent::Record { seq: 1, entry: &e }, "h", "m");
            got.push((p.as_str(), line.split('>').next().unwrap().to_owned()));
        }
        let want = [("debug", "<111"), ("info", "<110"), ("warn", "<108"), ("err", "<107"), ("critical", "<106")];
        assert_eq!(got, want.map(|(p, s)| (p, s.to_owned())));
    }

    #[test]
    fn sd_param_escaping() {
        for (input, want) in [
            ("plain", "plain"),
            ("a\"b", "a\\\"b"),
            ("a\\b", "a\\\\b"),
            ("a]b", "a\\]b"),
            ("\"]\\", "\\\"\\]\\\\"),
            ("[=ok", "[=ok"),
        ] {
            assert_eq!(escape_sd_param(input), want, "{input:?}");
        }
    }

    #[test]
    fn hostname_is_printable_ascii_or_nil() {
        for (input, want) in
            [("cp-1.example.com", "cp-1.example.com"), ("a b\tc", "abc"), ("hôst", "hst"), ("", "-"), (" ", "-")]
        {
            assert_eq!(header_field(input, 255), want, "{input:?}");
        }
        assert_eq!(header_field(&"x".repeat(300), 255).len(), 255);
        let e = entry();
        let line = rfc5424(&SiemEvent::Record { seq: 1, entry: &e }, "bad host", "m");
        assert!(line.contains(" badhost nimbusd - auth "), "{line}");
    }

    #[test]
    fn url_parsing() {
        let ok = |url: &str| Target::parse(url).unwrap();
        assert_eq!(ok("udp://siem.local:5514"), Target { scheme: Scheme::Udp, host: "siem.local".into(), port: 5514 });
        assert_eq!(ok("TCP://10.0.0.1"), Target { scheme: Scheme::Tcp, host: "10.0.0.1".into(), port: 514 });
        assert_eq!(ok("tls://[::1]"), Target { scheme: Scheme::Tls, host: "::1".into(), port: 6514 });
        assert_eq!(ok("tls://[::1]:7000/").to_string(), "tls://[::1]:7000");
        for bad in [
            "siem:514",
            "http://siem:514",
            "tcp://:514",
            "tcp://siem:port",
            "tcp://siem:70000",
            "tcp://u@siem:1",
            "tcp://siem:1/x",
            "tcp://[::1",
        ] {
            let err = Target::parse(bad).unwrap_err();
            assert!(matches!(err, SiemError::InvalidConfig { .. }), "{bad}: {err}");
            assert!(err.is_retryable(), "configuration errors never dead-letter events");
        }
    }

    #[test]
    fn long_datagrams_are_cut_on_a_boundary_with_a_marker() {
        assert_eq!(truncate_datagram("short"), "short");
        let exact = "x".repeat(MAX_DATAGRAM);
        assert_eq!(truncate_datagram(&exact), exact);

        let ascii = "y".repeat(MAX_DATAGRAM + 1);
        let cut = truncate_datagram(&ascii);
        assert_eq!(cut.len(), MAX_DATAGRAM);
        assert!(cut.ends_with("y [truncated]"));

        // 'é' is two bytes; the cut must not split one.
        let wide = "é".repeat(MAX_DATAGRAM);
        let cut = truncate_datagram(&wide);
        assert!(cut.len() <= MAX_DATAGRAM && cut.ends_with("é [truncated]"), "{}", cut.len());

        // A cut right after the first half of an escaped backslash drops the lone half.
        let head = "z".repeat(MAX_DATAGRAM - TRUNCATION_MARKER.len() - 1);
        let escaped = format!("{head}\\\\{}", "tail".repeat(10));
        let cut = truncate_datagram(&escaped);
        assert_eq!(cut, format!("{head} [truncated]"));
    }

    /// Splits an octet-counted stream back into messages.
    fn parse_octet_counted(mut bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let space = bytes.iter().position(|b| *b == b' ').expect("MSG-LEN then a space");
            let len: usize = std::str::from_utf8(&bytes[..space]).unwrap().parse().unwrap();
            let rest = &bytes[space + 1..];
            out.push(String::from_utf8(rest[..len].to_vec()).unwrap());
            bytes = &rest[len..];
        }
        out
    }

    fn frames() -> Vec<String> {
        let e = entry();
        let record = SiemEvent::Record { seq: 7, entry: &e };
        let cp = checkpoint();
        vec![
            rfc5424(&record, "h", &cef(&record, "0.1.0")),
            rfc5424(&cp, "h", &cef(&cp, "0.1.0")),
            "<110>1 - h nimbusd - x - contains 12 digits and spaces 3 4".to_owned(),
        ]
    }

    fn cfg(url: String) -> SyslogConfig {
        SyslogConfig { url, ca_file: None, hostname: Some("test-host".to_owned()) }
    }

    #[tokio::test]
    async fn tcp_frames_arrive_octet_counted_and_in_order() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("tcp://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.unwrap();
            let mut all = Vec::new();
            s.read_to_end(&mut all).await.unwrap();
            parse_octet_counted(&all)
        });
        let mut sink = SyslogSink::connect(&cfg(url)).await.unwrap();
        assert_eq!(sink.hostname(), "test-host");
        let frames = frames();
        sink.send(&frames[..2]).await.unwrap();
        sink.send(&frames[2..]).await.unwrap();
        sink.send(&[]).await.unwrap();
        drop(sink);
        assert_eq!(server.await.unwrap(), frames);
    }

    #[tokio::test]
    async fn udp_sends_one_datagram_per_message_and_cuts_long_ones() {
        let server = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let url = format!("udp://{}", server.local_addr().unwrap());
        let mut sink = SyslogSink::connect(&cfg(url)).await.unwrap();
        let mut frames = frames();
        frames.push(format!("<110>1 {}", "w".repeat(20_000)));
        sink.send(&frames).await.unwrap();
        let mut buf = vec![0u8; 65_536];
        for (i, want) in frames.iter().enumerate() {
            let n = server.recv(&mut buf).await.unwrap();
            let got = std::str::from_utf8(&buf[..n]).unwrap();
            if i < 3 {
                assert_eq!(got, want);
            } else {
                assert_eq!(n, MAX_DATAGRAM);
                assert!(got.starts_with("<110>1 www") && got.ends_with("w [truncated]"));
            }
        }
    }

    fn install_ring() {
        static ONCE: Once = Once::new();
        ONCE.call_once(|| {
            let _ = rustls::crypto::ring::default_provider().install_default();
        });
    }

    /// A TLS acceptor for `localhost` and 127.0.0.1, and the PEM of its self-signed certificate.
    fn tls_server() -> (TlsAcceptor, String) {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        params.subject_alt_names.push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
        let cert = params.self_signed(&key).unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], PrivateKeyDer::Pkcs8(key.serialize_der().into()))
            .unwrap();
        (TlsAcceptor::from(Arc::new(config)), cert.pem())
    }

    #[tokio::test]
    async fn tls_trusts_the_ca_file_and_frames_like_tcp() {
        install_ring();
        let (acceptor, pem) = tls_server();
        let dir = tempfile::tempdir().unwrap();
        let ca_file = dir.path().join("ca.pem");
        std::fs::write(&ca_file, pem).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut tls = acceptor.accept(tcp).await.unwrap();
            let mut all = Vec::new();
            // The client drops the connection without close_notify; what arrived before counts.
            let _ = tls.read_to_end(&mut all).await;
            parse_octet_counted(&all)
        });
        let config = SyslogConfig { ca_file: Some(ca_file), ..cfg(format!("tls://localhost:{port}")) };
        let mut sink = SyslogSink::connect(&config).await.unwrap();
        let frames = frames();
        sink.send(&frames).await.unwrap();
        drop(sink);
        assert_eq!(server.await.unwrap(), frames);
    }

    #[tokio::test]
    async fn tls_refuses_a_certificate_the_ca_file_does_not_sign() {
        install_ring();
        let (acceptor, _) = tls_server();
        let (_, other_pem) = tls_server();
        let dir = tempfile::tempdir().unwrap();
        let ca_file = dir.path().join("other.pem");
        std::fs::write(&ca_file, other_pem).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let _ = acceptor.accept(tcp).await;
        });
        let config = SyslogConfig { ca_file: Some(ca_file), ..cfg(format!("tls://127.0.0.1:{port}")) };
        let err = SyslogSink::connect(&config).await.unwrap_err();
        assert!(matches!(err, SiemError::Io { op: "TLS handshake with", .. }), "{err}");
        assert!(err.is_retryable());
    }

    #[tokio::test]
    async fn bad_ca_files_are_configuration_errors() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        for (ca_file, url, needle) in [
            (dir.path().join("missing.pem"), "tls://127.0.0.1:1", "cannot read"),
            (empty, "tls://127.0.0.1:1", "holds no PEM certificates"),
            (dir.path().join("x.pem"), "tcp://127.0.0.1:1", "only applies to tls://"),
        ] {
            let err =
                SyslogSink::connect(&SyslogConfig { ca_file: Some(ca_file), ..cfg(url.to_owned()) }).await.unwrap_err();
            assert!(matches!(err, SiemError::InvalidConfig { .. }), "{err}");
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    #[tokio::test]
    async fn a_dropped_connection_fails_the_send_and_a_new_connection_delivers() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let config = cfg(format!("tcp://{}", listener.local_addr().unwrap()));
        let frames = frames();

        let mut sink = SyslogSink::connect(&config).await.unwrap();
        let (mut first, _) = listener.accept().await.unwrap();
        sink.send(&frames[..1]).await.unwrap();
        let mut buf = vec![0u8; frames[0].len() + 8];
        let n = first.read(&mut buf).await.unwrap();
        assert!(n > 0);
        drop(first); // the receiver restarts while the sink sits idle
        tokio::time::sleep(Duration::from_millis(100)).await;

        let err = sink.send(&frames[1..]).await.unwrap_err();
        assert!(err.is_retryable(), "{err}");
        let again = sink.send(&frames[1..]).await.unwrap_err();
        assert!(again.to_string().contains("connect again"), "{again}");

        let mut sink = SyslogSink::connect(&config).await.unwrap();
        let (mut second, _) = listener.accept().await.unwrap();
        sink.send(&frames[1..]).await.unwrap();
        drop(sink);
        let mut all = Vec::new();
        second.read_to_end(&mut all).await.unwrap();
        assert_eq!(parse_octet_counted(&all), frames[1..]);
    }

    #[tokio::test]
    async fn an_unreachable_receiver_is_a_retryable_error() {
        // Bind then close to find a port nobody listens on.
        let port = TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
        let err = SyslogSink::connect(&cfg(format!("tcp://127.0.0.1:{port}"))).await.unwrap_err();
        assert!(matches!(err, SiemError::Io { op: "connect to", .. }), "{err}");
        assert!(err.is_retryable());
        assert!(err.to_string().starts_with(&format!("connect to tcp://127.0.0.1:{port} failed: ")), "{err}");
    }
}
