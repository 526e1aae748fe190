//! Webhook delivery: a JSON batch POSTed to an HTTPS endpoint, signed with HMAC-SHA256.
//!
//! Owns the body shape, the signature header and the mapping of HTTP statuses onto retryable
//! and permanent errors. It must not retry or drop events (the relay does both, guided by
//! [`SiemError::is_retryable`]), and must never let the secret or the URL's path and query
//! (webhook URLs often embed a token) reach `Debug` output or error messages.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use nimbus_core::Secret;
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{SiemError, SiemEvent};
use crate::signature::{self, BodySigner};

/// Where to POST events.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// `https://…` (or `http://…`) endpoint.
    pub url: String,
    /// File holding the HMAC-SHA256 key; trailing whitespace is ignored. Without it requests
    /// are unsigned.
    #[serde(default)]
    pub secret_file: Option<PathBuf>,
    /// Limit for one request, connecting included.
    #[serde(with = "humantime_serde", default = "default_timeout")]
    pub timeout: Duration,
}

fn default_timeout() -> Duration {
    Duration::from_secs(10)
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("url", &origin_of(&self.url))
            .field("secret_file", &self.secret_file)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Scheme, host and port only: the rest of a webhook URL may be a credential.
fn origin_of(url: &str) -> String {
    match Url::parse(url) {
        Ok(url) => url.origin().ascii_serialization(),
        Err(_) => "[unparseable url]".to_owned(),
    }
}

/// The JSON body for a batch of events.
///
/// `{"events": [{"type": "audit.record", "tenant_id", "seq", "record": {…the full entry…}} |
/// {"type": "audit.checkpoint", "tenant_id", "size", "root", "note", "at"}]}`.
pub(crate) fn webhook_body(events: &[SiemEvent<'_>]) -> Value {
    // `json!` serializes `entry` with an internal unwrap; it cannot fail here because every map in
    // an `AuditEntry` has string keys and none of its `Serialize` impls return errors.
    let events: Vec<Value> = events
        .iter()
        .map(|event| match event {
            SiemEvent::Record { seq, entry } => json!({
                "type": "audit.record",
                "tenant_id": entry.tenant_id,
                "seq": seq,
                "record": entry,
            }),
            SiemEvent::Checkpoint { tenant, size, root_hex, note, at } => json!({
                "type": "audit.checkpoint",
                "tenant_id": tenant,
                "size": size,
                "root": root_hex,
                "note": note,
                "at": at,
            }),
        })
        .collect();
    json!({ "events": events })
}

/// An HTTP client bound to one webhook.
pub(crate) struct WebhookSink {
    client: reqwest::Client,
    url: Url,
    /// Scheme, host and port, for messages.
    target: String,
    /// Keyed once at start.
    mac: Option<BodySigner>,
}

impl fmt::Debug for WebhookSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSink").field("target", &self.target).field("signed", &self.mac.is_some()).finish()
    }
}

impl WebhookSink {
    /// Checks the URL, reads the secret file and builds the HTTP client.
    pub(crate) fn new(cfg: &WebhookConfig) -> Result<Self, SiemError> {
        let url = Url::parse(&cfg.url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
            .ok_or_else(|| SiemError::InvalidConfig {
                setting: "webhook url",
                // Not echoed: the URL may hold a token.
                reason: "it must be an absolute http:// or https:// URL".to_owned(),
            })?;
        let target = url.origin().ascii_serialization();
        let mac = match &cfg.secret_file {
            None => None,
            Some(path) => {
                let invalid = |reason: String| SiemError::InvalidConfig { setting: "webhook secret_file", reason };
                let raw = std::fs::read(path).map_err(|e| {
                    invalid(format!("cannot read {}: {e}; point secret_file at a readable file", path.display()))
                })?;
                let raw = Secret::new(raw);
                // Files written by editors and `echo` end in a newline that is not part of the key.
                let key = raw.expose().trim_ascii_end();
                if key.is_empty() {
                    return Err(invalid(format!("{} is empty; write the shared secret into it", path.display())));
                }
                let mac = BodySigner::new(key)
                    .map_err(|e| invalid(format!("the secret in {} is unusable: {e}", path.display())))?;
                Some(mac)
            }
        };
        // reqwest takes the process-wide rustls provider and panics without one; the daemon
        // installs ring at start, and this keeps other callers (tests, tools) from panicking.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            // A redirect would re-send the signed batch somewhere unconfigured, or turn the POST
            // into a GET; a 3xx stays an error to fix in the configuration.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("nimbusd/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SiemError::InvalidConfig {
                setting: "webhook",
                reason: format!("cannot build the HTTP client: {}", e.without_url()),
            })?;
        Ok(Self { client, url, target, mac })
    }

    /// POSTs `body` as JSON, signed with `X-Nimbus-Signature: sha256=<hex HMAC>` over the exact
    /// bytes sent when a secret is configured.
    ///
    /// 2xx is delivered. 4xx other than 408 and 429 is [`SiemError::Rejected`] (not retryable:
    /// the caller dead-letters the batch); everything else, 3xx included, is retryable.
    pub(crate) async fn send(&self, body: &Value) -> Result<(), SiemError> {
        let bytes = body.to_string().into_bytes();
        let mut request = self.client.post(self.url.clone()).header(CONTENT_TYPE, "application/json");
        if let Some(mac) = &self.mac {
            request = request.header(signature::HEADER, mac.sign(&bytes));
        }
        let response = request
            .body(bytes)
            .send()
            .await
            .map_err(|e| SiemError::Http { target: self.target.clone(), source: e.without_url() })?;
        let status = response.status();
        match status.as_u16() {
            200..=299 => Ok(()),
            408 | 429 => Err(SiemError::Unavailable { target: self.target.clone(), status: status.as_u16() }),
            400..=499 => Err(SiemError::Rejected { target: self.target.clone(), status: status.as_u16() }),
            other => Err(SiemError::Unavailable { target: self.target.clone(), status: other }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::body::Bytes;
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::post;

    use super::super::cef::tests::{NOTE, checkpoint, entry};
    use super::super::{cef, rfc5424};
    use super::*;

    const SECRET: &str = "s3cret-hmac-key-never-printed";

    /// What the receiver saw: the signature header (if any) and the parsed body.
    type Seen = Arc<Mutex<Vec<(Option<String>, Value)>>>;

    /// A real HTTP server on loopback. `POST /hook/{status}` answers `status` when the signature
    /// matches `SECRET` (or is absent), 401 when it does not; `/slow` never answers in time.
    async fn receiver() -> (String, Seen) {
        async fn hook(
            State(seen): State<Seen>,
            Path(status): Path<u16>,
            headers: HeaderMap,
            body: Bytes,
        ) -> StatusCode {
            let signature = headers.get(signature::HEADER).map(|v| v.to_str().unwrap().to_owned());
            if let Some(sig) = &signature {
                // Computed independently of the signer under test.
                use hmac::Mac;
                let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
                mac.update(&body);
                if *sig != format!("sha256={}", hex::encode(mac.finalize().into_bytes())) {
                    return StatusCode::UNAUTHORIZED;
                }
            }
            assert_eq!(headers.get("content-type").unwrap(), "application/json");
            seen.lock().unwrap().push((signature, serde_json::from_slice(&body).unwrap()));
            StatusCode::from_u16(status).unwrap()
        }
        async fn slow() -> StatusCode {
            tokio::time::sleep(Duration::from_secs(5)).await;
            StatusCode::OK
        }
        let seen = Seen::default();
        let app = Router::new().route("/hook/{status}", post(hook)).route("/slow", post(slow)).with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (base, seen)
    }

    fn install_ring() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }

    fn secret_file(dir: &tempfile::TempDir, content: &str) -> PathBuf {
        let path = dir.path().join(format!("{}.secret", hex::encode(content)));
        std::fs::write(&path, content).unwrap();
        path
    }

    fn config(url: String, secret_file: Option<PathBuf>) -> WebhookConfig {
        WebhookConfig { url, secret_file, timeout: Duration::from_secs(5) }
    }

    fn sample_body() -> Value {
        let e = entry();
        webhook_body(&[SiemEvent::Record { seq: 3, entry: &e }, checkpoint()])
    }

    #[test]
    fn body_golden() {
        let e = entry();
        assert_eq!(
            webhook_body(&[SiemEvent::Record { seq: 3, entry: &e }, checkpoint()]),
            json!({"events": [
                {
                    "type": "audit.record",
                    "tenant_id": "01900000-0000-7000-8000-0000000000aa",
                    "seq": 3,
                    "record": serde_json::to_value(&e).unwrap(),
                },
                {
                    "type": "audit.checkpoint",
                    "tenant_id": "01900000-0000-7000-8000-0000000000aa",
                    "size": 42,
                    "root": "abcdef0123",
                    "note": NOTE,
                    "at": "2026-05-04T10:20:30.123456Z",
                },
            ]})
        );
        let record = &webhook_body(&[SiemEvent::Record { seq: 3, entry: &e }])["events"][0]["record"];
        assert_eq!(record["event_type"], "auth.login.failed");
        assert_eq!(record["request"]["ip"], "192.0.2.7");
        assert_eq!(webhook_body(&[]), json!({"events": []}));
    }

    #[test]
    fn config_reads_humantime_and_defaults_the_timeout() {
        let cfg: WebhookConfig = serde_json::from_value(json!({"url": "https://x", "timeout": "250ms"})).unwrap();
        assert_eq!(cfg.timeout, Duration::from_millis(250));
        let cfg: WebhookConfig = serde_json::from_value(json!({"url": "https://x"})).unwrap();
        assert_eq!(cfg.timeout, Duration::from_secs(10));
        assert!(serde_json::from_value::<WebhookConfig>(json!({"url": "https://x", "secret": "x"})).is_err());
    }

    #[tokio::test]
    async fn a_signed_batch_is_delivered_and_verifies() {
        install_ring();
        let (base, seen) = receiver().await;
        let dir = tempfile::tempdir().unwrap();
        let sink =
            WebhookSink::new(&config(format!("{base}/hook/200"), Some(secret_file(&dir, &format!("{SECRET}\n")))))
                .unwrap();
        let body = sample_body();
        sink.send(&body).await.unwrap();
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert!(seen[0].0.as_deref().unwrap().starts_with("sha256="));
        assert_eq!(seen[0].1, body);
    }

    #[tokio::test]
    async fn without_a_secret_requests_are_unsigned() {
        install_ring();
        let (base, seen) = receiver().await;
        WebhookSink::new(&config(format!("{base}/hook/204"), None)).unwrap().send(&sample_body()).await.unwrap();
        assert_eq!(seen.lock().unwrap()[0].0, None);
    }

    #[tokio::test]
    async fn statuses_decide_retry_or_dead_letter() {
        install_ring();
        let (base, _) = receiver().await;
        let dir = tempfile::tempdir().unwrap();
        let secret = secret_file(&dir, SECRET);
        for (status, retryable) in
            [(500, true), (503, true), (408, true), (429, true), (302, true), (400, false), (404, false), (413, false)]
        {
            let sink = WebhookSink::new(&config(format!("{base}/hook/{status}"), Some(secret.clone()))).unwrap();
            let err = sink.send(&sample_body()).await.unwrap_err();
            assert_eq!(err.is_retryable(), retryable, "{status}: {err}");
            assert!(err.to_string().contains(&status.to_string()), "{err}");
        }

        // A wrong key is refused by the receiver (401): permanent until someone fixes the key.
        let wrong = secret_file(&dir, "another-key");
        let err =
            WebhookSink::new(&config(format!("{base}/hook/200"), Some(wrong))).unwrap().send(&sample_body()).await;
        assert!(matches!(err, Err(SiemError::Rejected { status: 401, .. })), "{err:?}");
    }

    #[tokio::test]
    async fn transport_failures_and_timeouts_are_retryable() {
        install_ring();
        let (base, _) = receiver().await;
        let slow = WebhookSink::new(&WebhookConfig {
            timeout: Duration::from_millis(200),
            ..config(format!("{base}/slow"), None)
        })
        .unwrap();
        let err = slow.send(&sample_body()).await.unwrap_err();
        assert!(matches!(&err, SiemError::Http { source, .. } if source.is_timeout()), "{err}");
        assert!(err.is_retryable());

        let port = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
        let down = WebhookSink::new(&config(format!("http://127.0.0.1:{port}/hook?token=query-token"), None)).unwrap();
        let err = down.send(&sample_body()).await.unwrap_err();
        assert!(err.is_retryable(), "{err}");
        assert!(!format!("{err} {err:?}").contains("query-token"), "{err:?}");
    }

    #[test]
    fn bad_configuration_is_reported_without_echoing_secrets() {
        install_ring();
        let dir = tempfile::tempdir().unwrap();
        for (cfg, needle) in [
            (config("ftp://x/token-in-path".to_owned(), None), "absolute http:// or https://"),
            (config("not a url token-in-path".to_owned(), None), "absolute http:// or https://"),
            (config("https://x".to_owned(), Some(dir.path().join("missing"))), "cannot read"),
            (config("https://x".to_owned(), Some(secret_file(&dir, " \n"))), "is empty"),
        ] {
            let err = WebhookSink::new(&cfg).unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
            assert!(!err.to_string().contains("token-in-path"), "{err}");
        }
    }

    /// The module formats what it is given and adds nothing: the secret, the URL's credentials and
    /// values the audit pipeline redacted never reach Debug output, CEF, syslog or the body.
    #[tokio::test]
    async fn secrets_never_reach_output() {
        install_ring();
        let (base, _) = receiver().await;
        let dir = tempfile::tempdir().unwrap();
        let cfg = config(format!("{base}/hook/500?token=query-token"), Some(secret_file(&dir, SECRET)));
        let sink = WebhookSink::new(&cfg).unwrap();
        let err = sink.send(&sample_body()).await.unwrap_err();
        let debug = format!("{cfg:?} {sink:?} {err} {err:?}");
        for leaked in [SECRET, "query-token", "/hook/"] {
            assert!(!debug.contains(leaked), "{leaked} in {debug}");
        }
        assert!(debug.contains(&base), "the origin stays for diagnosis: {debug}");

        let e = entry();
        let record = SiemEvent::Record { seq: 1, entry: &e };
        let line = cef(&record, "0.1.0");
        let outputs = [line.clone(), rfc5424(&record, "h", &line), webhook_body(&[record]).to_string()];
        for out in outputs {
            assert!(!out.contains("hunter2-do-not-leak"), "{out}");
            assert!(out.contains("[redacted]"), "{out}");
            assert!(!out.contains(SECRET));
        }
    }
}
