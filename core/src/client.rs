//! The typed HTTP client of the Nimbus API, used by the CLI and the TUI.
//!
//! It owns the wire protocol: URLs, bearer authentication, error bodies, and transparent access
//! token refresh (before expiry, and once on a `token_expired` answer), handing refreshed tokens
//! to a [`CredentialSink`] so the caller can persist them. It must not know where credentials
//! are stored or how output is printed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Secret;
use crate::api::auth::{LoginRequest, Me, RefreshRequest, SessionList, TokenPair};
use crate::api::error::{ErrorBody, ErrorCode, ErrorEnvelope};
use crate::api::system::{Readiness, ServerInfo};
use crate::ids::SessionId;

/// Refresh this long before the access token's expiry.
const REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// Tokens the client authenticates with.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Bearer token.
    pub access_token: Secret<String>,
    /// When it expires (`None`: unknown, e.g. a token from `NIMBUS_TOKEN`).
    pub access_token_expires_at: Option<DateTime<Utc>>,
    /// Refresh token, if the client may refresh.
    pub refresh_token: Option<Secret<String>>,
    /// When the refresh token expires.
    pub refresh_token_expires_at: Option<DateTime<Utc>>,
}

impl From<&TokenPair> for Credentials {
    fn from(p: &TokenPair) -> Self {
        Self {
            access_token: p.access_token.clone(),
            access_token_expires_at: Some(p.access_token_expires_at),
            refresh_token: Some(p.refresh_token.clone()),
            refresh_token_expires_at: Some(p.refresh_token_expires_at),
        }
    }
}

/// Receives tokens after a transparent refresh, to persist them.
pub trait CredentialSink: Send + Sync {
    /// Called with the new pair; errors are the sink's to report.
    fn store(&self, pair: &TokenPair);
}

/// Client settings.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// Extra trusted CA certificate (PEM) for daemons with a private CA.
    pub ca_pem: Option<Vec<u8>>,
    /// Per-request timeout (default 30 s).
    pub timeout: Option<Duration>,
    /// `User-Agent` (default `nimbus-client/<version>`).
    pub user_agent: Option<String>,
}

/// What a call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The daemon could not be reached.
    #[error("cannot reach nimbusd at {url}: {detail}")]
    Connect {
        /// The daemon URL.
        url: String,
        /// What failed.
        detail: String,
    },
    /// The daemon answered with an error body.
    #[error("{}", .body.message)]
    Api {
        /// HTTP status.
        status: u16,
        /// The error body.
        body: ErrorBody,
    },
    /// The daemon's answer was not what the API promises.
    #[error("unexpected answer from {url} (HTTP {status}): {detail}")]
    Protocol {
        /// The URL requested.
        url: String,
        /// HTTP status.
        status: u16,
        /// What was wrong.
        detail: String,
    },
    /// The client could not be configured (bad URL or CA certificate).
    #[error("{0}")]
    Config(String),
}

impl ClientError {
    /// The API error code, if the daemon sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. } => Some(&body.code),
            _ => None,
        }
    }

    /// The trace id of the failed request, if any.
    pub fn trace_id(&self) -> Option<&str> {
        match self {
            Self::Api { body, .. } => Some(&body.trace_id),
            _ => None,
        }
    }
}

/// Result of a client call.
pub type ClientResult<T> = Result<T, ClientError>;

/// A client for one daemon.
pub struct Client {
    http: reqwest::Client,
    base: String,
    credentials: Mutex<Option<Credentials>>,
    sink: Option<Arc<dyn CredentialSink>>,
    refreshing: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("base", &self.base).finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the daemon at `base_url` (e.g. `http://127.0.0.1:7460`).
    pub fn new(base_url: &str, options: ClientOptions) -> ClientResult<Self> {
        let base = base_url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ClientError::Config(format!("daemon URL {base_url:?} must start with http:// or https://")));
        }
        // reqwest uses the process-wide rustls provider; install ring once (a no-op after).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder()
            .timeout(options.timeout.unwrap_or(Duration::from_secs(30)))
            .connect_timeout(Duration::from_secs(10))
            .user_agent(options.user_agent.unwrap_or_else(|| format!("nimbus-client/{}", env!("CARGO_PKG_VERSION"))));
        if let Some(pem) = &options.ca_pem {
            let cert = reqwest::Certificate::from_pem(pem)
                .map_err(|e| ClientError::Config(format!("CA certificate is not valid PEM: {e}")))?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder.build().map_err(|e| ClientError::Config(format!("cannot build HTTP client: {e}")))?;
        Ok(Self { http, base, credentials: Mutex::new(None), sink: None, refreshing: tokio::sync::Mutex::new(()) })
    }

    /// Authenticates requests with `credentials`; refreshed tokens go to `sink`.
    pub fn with_credentials(mut self, credentials: Credentials, sink: Option<Arc<dyn CredentialSink>>) -> Self {
        self.credentials = Mutex::new(Some(credentials));
        self.sink = sink;
        self
    }

    /// `GET /readyz` (a 503 body is returned, not an error).
    pub async fn readiness(&self) -> ClientResult<Readiness> {
        let url = self.url("/readyz");
        let response = self.http.get(&url).send().await.map_err(|e| self.connect_error(e))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| self.connect_error(e))?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Protocol {
            url,
            status: status.as_u16(),
            detail: e.to_string(),
        })
    }

    /// `GET /api/v1/server`.
    pub async fn server_info(&self) -> ClientResult<ServerInfo> {
        self.call(Method::GET, "/api/v1/server", None::<&()>, false).await
    }

    /// `POST /api/v1/auth/login`. Does not change the client's credentials.
    pub async fn login(&self, request: &LoginRequest) -> ClientResult<TokenPair> {
        self.call(Method::POST, "/api/v1/auth/login", Some(request), false).await
    }

    /// `POST /api/v1/auth/refresh` with an explicit token.
    pub async fn refresh_with(&self, refresh_token: &Secret<String>) -> ClientResult<TokenPair> {
        let body = RefreshRequest { refresh_token: refresh_token.clone() };
        let response = self.send_once(Method::POST, "/api/v1/auth/refresh", Some(&body), None).await?;
        Self::decode(response).await
    }

    /// `POST /api/v1/auth/logout`.
    pub async fn logout(&self) -> ClientResult<()> {
        self.call_empty(Method::POST, "/api/v1/auth/logout").await
    }

    /// `GET /api/v1/auth/me`.
    pub async fn me(&self) -> ClientResult<Me> {
        self.call(Method::GET, "/api/v1/auth/me", None::<&()>, true).await
    }

    /// `GET /api/v1/auth/sessions`.
    pub async fn sessions(&self) -> ClientResult<SessionList> {
        self.call(Method::GET, "/api/v1/auth/sessions", None::<&()>, true).await
    }

    /// `DELETE /api/v1/auth/sessions/{id}`.
    pub async fn revoke_session(&self, id: SessionId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &format!("/api/v1/auth/sessions/{id}")).await
    }

    /// Refreshes now if the access token is close to expiry and a refresh token is held.
    pub async fn ensure_fresh(&self) -> ClientResult<()> {
        let due = self.with_credentials_ref(|c| {
            let expiring = c
                .access_token_expires_at
                .is_some_and(|exp| exp - chrono::Duration::from_std(REFRESH_MARGIN).unwrap_or_default() <= Utc::now());
            (c.refresh_token.is_some() && expiring).then(|| c.access_token.clone())
        });
        match due.flatten() {
            Some(stale) => self.refresh_now(&stale).await,
            None => Ok(()),
        }
    }

    /// Exchanges the refresh token, unless another request already replaced `stale` while this
    /// one waited: refresh tokens are single-use, and presenting one twice ends the session.
    async fn refresh_now(&self, stale: &Secret<String>) -> ClientResult<()> {
        let _single_flight = self.refreshing.lock().await;
        let current = self.with_credentials_ref(|c| (c.access_token.clone(), c.refresh_token.clone()));
        let Some((access, Some(refresh))) = current else {
            return Ok(());
        };
        if access.expose() != stale.expose() {
            return Ok(());
        }
        let pair = self.refresh_with(&refresh).await?;
        if let Ok(mut guard) = self.credentials.lock() {
            *guard = Some(Credentials::from(&pair));
        }
        if let Some(sink) = &self.sink {
            sink.store(&pair);
        }
        Ok(())
    }

    fn with_credentials_ref<T>(&self, f: impl FnOnce(&Credentials) -> T) -> Option<T> {
        self.credentials.lock().ok().and_then(|g| g.as_ref().map(f))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn connect_error(&self, e: reqwest::Error) -> ClientError {
        let mut detail = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            detail = s.to_string();
            source = s.source();
        }
        ClientError::Connect { url: self.base.clone(), detail }
    }

    /// One request, with an optional bearer token; non-2xx answers become errors.
    async fn send_once<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        bearer: Option<&Secret<String>>,
    ) -> ClientResult<reqwest::Response> {
        let mut request = self.http.request(method, self.url(path));
        if let Some(token) = bearer {
            request = request.bearer_auth(token.expose());
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(|e| self.connect_error(e))?;
        if response.status().is_success() { Ok(response) } else { Err(self.error_from(response).await) }
    }

    /// An authenticated request: refreshes ahead of expiry, and once more if the daemon says
    /// the token expired.
    async fn send<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        auth: bool,
    ) -> ClientResult<reqwest::Response> {
        if !auth {
            return self.send_once(method, path, body, None).await;
        }
        self.ensure_fresh().await?;
        let mut retried = false;
        loop {
            let Some(token) = self.with_credentials_ref(|c| c.access_token.clone()) else {
                return Err(ClientError::Api {
                    status: 401,
                    body: ErrorBody {
                        code: ErrorCode::Unauthenticated.as_str().into(),
                        message: "not signed in; run `nimbus login`".into(),
                        trace_id: String::new(),
                    },
                });
            };
            match self.send_once(method.clone(), path, body, Some(&token)).await {
                Err(err)
                    if !retried
                        && err.code() == Some(ErrorCode::TokenExpired.as_str())
                        && self.with_credentials_ref(|c| c.refresh_token.is_some()) == Some(true) =>
                {
                    retried = true;
                    self.refresh_now(&token).await?;
                }
                other => return other,
            }
        }
    }

    async fn error_from(&self, response: reqwest::Response) -> ClientError {
        let status = response.status();
        let url = response.url().to_string();
        match response.bytes().await {
            Ok(bytes) => match serde_json::from_slice::<ErrorEnvelope>(&bytes) {
                Ok(env) => ClientError::Api { status: status.as_u16(), body: env.error },
                Err(_) => ClientError::Protocol {
                    url,
                    status: status.as_u16(),
                    detail: String::from_utf8_lossy(&bytes).chars().take(200).collect(),
                },
            },
            Err(e) => self.connect_error(e),
        }
    }

    async fn call<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        auth: bool,
    ) -> ClientResult<T> {
        let response = self.send(method, path, body, auth).await?;
        Self::decode(response).await
    }

    async fn decode<T: DeserializeOwned>(response: reqwest::Response) -> ClientResult<T> {
        let status = response.status().as_u16();
        let url = response.url().to_string();
        let bytes = response.bytes().await.map_err(|e| ClientError::Protocol {
            url: url.clone(),
            status,
            detail: e.to_string(),
        })?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Protocol { url, status, detail: e.to_string() })
    }

    async fn call_empty(&self, method: Method, path: &str) -> ClientResult<()> {
        let response = self.send(method, path, None::<&()>, true).await?;
        match response.status() {
            StatusCode::NO_CONTENT | StatusCode::OK => Ok(()),
            other => Err(ClientError::Protocol {
                url: response.url().to_string(),
                status: other.as_u16(),
                detail: "expected no content".into(),
            }),
        }
    }
}
