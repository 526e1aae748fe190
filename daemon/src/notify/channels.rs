//! Channel settings: what an operator sends for an SMTP server or a webhook, validated, and
//! split into the part shown back and the part sealed with the master key (the SMTP password;
//! a webhook's URL, which often embeds a token, and its signing key). Owns that split and the
//! validation messages; it must not store or send anything.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{ServiceError, ServiceResult};

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain SMTP (loopback relays only, in practice).
    None,
    /// Plain connection upgraded with STARTTLS (required, never optional).
    Starttls,
    /// Implicit TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

/// An SMTP server (without its password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSettings {
    /// Host name (also the name its certificate must carry).
    pub host: String,
    /// Port (default 587 for STARTTLS, 465 for TLS, 25 otherwise).
    #[serde(default)]
    pub port: Option<u16>,
    /// `none`, `starttls` or `tls` (default `starttls`).
    #[serde(default = "default_security")]
    pub security: Security,
    /// User name for AUTH; none sends without authenticating.
    #[serde(default)]
    pub username: Option<String>,
    /// Sender address (`Nimbus <nimbus@example.com>`).
    pub from: String,
    /// Extra CA certificate (PEM) to trust, for servers with a private CA.
    #[serde(default)]
    pub ca_cert_pem: Option<String>,
}

fn default_security() -> Security {
    Security::Starttls
}

impl EmailSettings {
    /// The port in use.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        })
    }
}

/// The sealed part of a channel.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct ChannelSecrets {
    /// SMTP password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Webhook URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Webhook signing key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl std::fmt::Debug for ChannelSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChannelSecrets([redacted])")
    }
}

fn invalid(message: impl Into<String>) -> ServiceError {
    ServiceError::Invalid { message: message.into() }
}

/// Validates a channel's settings and returns `(shown config, secrets)`. `previous` holds the
/// secrets already stored (an update without a new secret keeps them); `secret` is the new one
/// (an empty string removes it).
pub fn prepare(
    kind: &str,
    config: &Value,
    secret: Option<&str>,
    previous: ChannelSecrets,
) -> ServiceResult<(Value, ChannelSecrets)> {
    match kind {
        "email" => {
            let settings: EmailSettings = serde_json::from_value(config.clone()).map_err(|e| {
                invalid(format!("config: {e}; send host, from and optionally port, security, username"))
            })?;
            if settings.host.trim().is_empty() {
                return Err(invalid("config.host: name the SMTP server"));
            }
            settings.from.parse::<lettre::message::Mailbox>().map_err(|e| {
                invalid(format!("config.from: {e}; send an address such as `Nimbus <nimbus@example.com>`"))
            })?;
            if let Some(pem) = &settings.ca_cert_pem {
                lettre::transport::smtp::client::Certificate::from_pem(pem.as_bytes())
                    .map_err(|e| invalid(format!("config.ca_cert_pem: not a PEM certificate: {e}")))?;
            }
            let password = match secret {
                Some("") => None,
                Some(s) => Some(s.to_owned()),
                None => previous.password,
            };
            if password.is_some() && settings.username.is_none() {
                return Err(invalid("config.username: a password needs a user name"));
            }
            let shown = serde_json::to_value(&settings).map_err(|e| ServiceError::Internal(e.into()))?;
            Ok((shown, ChannelSecrets { password, ..ChannelSecrets::default() }))
        }
        "webhook" => {
            let url = match config.get("url").and_then(Value::as_str) {
                Some(u) => u.to_owned(),
                None if config.as_object().is_some_and(|o| o.is_empty()) || config.is_null() => {
                    previous.url.clone().ok_or_else(|| invalid("config.url: name the webhook endpoint"))?
                }
                None => return Err(invalid("config.url: name the webhook endpoint (http:// or https://)")),
            };
            if let Some(extra) = config.as_object().and_then(|o| o.keys().find(|k| *k != "url")) {
                return Err(invalid(format!("config.{extra}: unknown setting; a webhook takes only `url`")));
            }
            let parsed = reqwest::Url::parse(&url)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
                // Not echoed: the URL may hold a token.
                .ok_or_else(|| invalid("config.url: it must be an absolute http:// or https:// URL"))?;
            let key = match secret {
                Some("") => None,
                Some(s) => Some(s.to_owned()),
                None => previous.key,
            };
            let shown = json!({ "url": parsed.origin().ascii_serialization() });
            Ok((shown, ChannelSecrets { url: Some(url), key, ..ChannelSecrets::default() }))
        }
        other => Err(invalid(format!("kind: {other:?} is not a channel; use `email` or `webhook`"))),
    }
}

/// Checks event-type patterns (`*`, `invitation.*`, `invitation.created`).
pub fn check_events(events: &[String]) -> ServiceResult<()> {
    for e in events {
        let ok = !e.is_empty()
            && e.len() <= 128
            && e.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '*'));
        if !ok {
            return Err(invalid(format!(
                "events: {e:?} is not an event-type pattern (letters, digits, `.`, `_`, `*`)"
            )));
        }
    }
    Ok(())
}

/// Whether an event type matches a pattern: `*` alone matches everything; a trailing `.*`
/// matches that prefix's events; otherwise the names must be equal.
pub fn event_matches(pattern: &str, event_type: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    match pattern.strip_suffix(".*") {
        Some(prefix) => event_type.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('.')),
        None => pattern == event_type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(event_matches("*", "a.b"));
        assert!(event_matches("invitation.*", "invitation.created"));
        assert!(!event_matches("invitation.*", "invitations.created"));
        assert!(event_matches("a.b", "a.b"));
        assert!(!event_matches("a.b", "a.bc"));
    }

    #[test]
    fn webhook_urls_are_sealed_and_shown_as_origins() {
        let (shown, secrets) = prepare(
            "webhook",
            &json!({ "url": "https://hooks.example.com/T0K3N/path?x=1" }),
            Some("key"),
            ChannelSecrets::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(shown, json!({ "url": "https://hooks.example.com" }));
        assert_eq!(secrets.url.as_deref(), Some("https://hooks.example.com/T0K3N/path?x=1"));
        assert_eq!(secrets.key.as_deref(), Some("key"));
        assert_eq!(format!("{secrets:?}"), "ChannelSecrets([redacted])");
        let err = prepare("webhook", &json!({ "url": "ftp://x/T0K3N" }), None, ChannelSecrets::default());
        assert!(!format!("{err:?}").contains("T0K3N"));
    }

    #[test]
    fn email_settings_are_checked() {
        let ok = prepare(
            "email",
            &json!({ "host": "smtp.example.com", "from": "Nimbus <n@example.com>", "username": "u" }),
            Some("pw"),
            ChannelSecrets::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(!ok.0.to_string().contains("pw"));
        assert_eq!(ok.1.password.as_deref(), Some("pw"));
        for bad in [
            json!({ "host": "h", "from": "not an address" }),
            json!({ "host": "h", "from": "a@b.c", "security": "ssl3" }),
            json!({ "from": "a@b.c" }),
        ] {
            assert!(prepare("email", &bad, None, ChannelSecrets::default()).is_err(), "{bad}");
        }
    }
}
