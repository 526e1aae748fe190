//! Sending one rendered message: email over SMTP (lettre on tokio with rustls: plain,
//! STARTTLS or implicit TLS, optional AUTH) and signed webhooks (reqwest,
//! `X-Nimbus-Signature`). Owns the mapping of failures onto permanent or transient; it must not
//! retry, store anything, or put a password, key or URL path into an error or log line.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncTransport, Message, Tokio1Executor};

use super::channels::{EmailSettings, Security};
use crate::signature::{self, BodySigner};

/// Why a send failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// Retrying cannot help (a rejected address, a 4xx from a webhook).
    pub permanent: bool,
    /// What happened, without secrets.
    pub message: String,
}

impl SendError {
    fn transient(message: impl Into<String>) -> Self {
        Self { permanent: false, message: message.into() }
    }
    fn permanent(message: impl Into<String>) -> Self {
        Self { permanent: true, message: message.into() }
    }
}

/// Sends a plain-text email.
pub async fn email(
    settings: &EmailSettings,
    password: Option<&str>,
    to: &str,
    subject: &str,
    body: &str,
    timeout: Duration,
) -> Result<(), SendError> {
    // lettre takes the process-wide rustls provider; the daemon installs ring at start, and this
    // keeps other callers (tests) working.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let from: Mailbox =
        settings.from.parse().map_err(|e| SendError::permanent(format!("the channel's sender address: {e}")))?;
    let to: Mailbox = to.parse().map_err(|e| SendError::permanent(format!("recipient address: {e}")))?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| SendError::permanent(format!("cannot build the message: {e}")))?;
    let tls = || -> Result<TlsParameters, SendError> {
        let mut b = TlsParameters::builder(settings.host.clone());
        if let Some(pem) = &settings.ca_cert_pem {
            let cert = Certificate::from_pem(pem.as_bytes())
                .map_err(|e| SendError::permanent(format!("the channel's CA certificate: {e}")))?;
            b = b.add_root_certificate(cert);
        }
        b.build_rustls().map_err(|e| SendError::permanent(format!("TLS settings: {e}")))
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.as_str())
        .port(settings.port())
        .timeout(Some(timeout));
    builder = match settings.security {
        Security::None => builder.tls(Tls::None),
        Security::Starttls => builder.tls(Tls::Required(tls()?)),
        Security::Tls => builder.tls(Tls::Wrapper(tls()?)),
    };
    if let (Some(user), Some(password)) = (&settings.username, password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.to_owned()));
    }
    let transport = builder.build();
    let target = format!("{}:{}", settings.host, settings.port());
    match tokio::time::timeout(timeout, transport.send(message)).await {
        Err(_) => Err(SendError::transient(format!("SMTP server {target} did not answer within {timeout:?}"))),
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => {
            // lettre's messages carry server replies and I/O errors, never the credentials.
            let message = format!("SMTP server {target}: {e}");
            if e.is_permanent() { Err(SendError::permanent(message)) } else { Err(SendError::transient(message)) }
        }
    }
}

/// POSTs a JSON body to a webhook, signed when a key is set. 2xx is delivered; 4xx other than
/// 408 and 429 is permanent; anything else (3xx included: redirects are not followed) is
/// transient.
pub async fn webhook(client: &reqwest::Client, url: &str, key: Option<&str>, body: &str) -> Result<(), SendError> {
    let parsed = reqwest::Url::parse(url).map_err(|_| SendError::permanent("the channel's URL is invalid"))?;
    let target = parsed.origin().ascii_serialization();
    let mut request = client.post(parsed).header(reqwest::header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        let signer = BodySigner::new(key.as_bytes()).map_err(SendError::permanent)?;
        request = request.header(signature::HEADER, signer.sign(body.as_bytes()));
    }
    let response = request
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| SendError::transient(format!("webhook {target}: {}", e.without_url())))?;
    let status = response.status().as_u16();
    match status {
        200..=299 => Ok(()),
        408 | 429 => Err(SendError::transient(format!("webhook {target} answered {status}"))),
        400..=499 => Err(SendError::permanent(format!("webhook {target} refused the delivery with {status}"))),
        _ => Err(SendError::transient(format!("webhook {target} answered {status}"))),
    }
}

/// The HTTP client for webhooks: a timeout, no redirects (a redirect would re-send a signed
/// body somewhere unconfigured).
pub fn http_client(timeout: Duration) -> anyhow::Result<reqwest::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("nimbusd/", env!("CARGO_PKG_VERSION")))
        .build()?)
}
