//! The typed HTTP client of the Nimbus API, used by the CLI and the TUI.
//!
//! It owns the wire protocol: URLs, bearer authentication, error bodies, and transparent access
//! token refresh (before expiry, and once on a `token_expired` answer), handing refreshed tokens
//! to a [`CredentialSink`] so the caller can persist them. It must not know where credentials
//! are stored or how output is printed.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Secret;
use crate::api::apikeys::{ApiKeyList, CreateApiKey, CreatedApiKey};
use crate::api::approvals::{
    ApprovalPolicy, ApprovalPolicyInput, ApprovalPolicyList, ApprovalRequest, ApprovalRequestList,
    CreateApprovalRequest, DecideApproval, DelegateApproval,
};
use crate::api::audit::{
    ArchiveRunReport, ArchiveSegmentList, AuditPage, AuditPublicKey, AuditQuery, AuditSettings, CheckpointList,
    ConsistencyProof, ExportParams, InclusionProof, SaveQuery, SavedQuery, SavedQueryList, Taxonomy,
    UpdateAuditSettings, VerifyParams, VerifyReport,
};
use crate::api::auth::{LoginRequest, Me, RefreshRequest, SessionList, TokenPair};
use crate::api::error::{ErrorBody, ErrorCode, ErrorEnvelope};
use crate::api::iam::{
    AddGroupMember, Assignment, AssignmentList, CheckRequest, CheckResult, CreateAssignment, CreateGroup, CreateRole,
    CreateUser, Group, GroupList, PermissionList, Role, RoleList, UpdateRole, UpdateUser, User, UserList,
};
use crate::api::invitations::{
    AcceptInvitation, Accepted, CreateInvitation, CreatedInvitation, InvitationInfo, InvitationList, InvitationToken,
};
use crate::api::notifications::{
    Channel, ChannelList, CreateChannel, Delivery, DeliveryList, MarkedRead, NotificationList, PreferenceList,
    SendNotification, Sent, SetPreferences, SetTemplate, Template, TemplateList, UpdateChannel,
};
use crate::api::system::{Readiness, ServerInfo};
use crate::api::tenancy::{
    Compartment, CompartmentList, CreateCompartment, CreateTenant, MoveCompartment, Tenant, TenantList,
    UpdateCompartment, UpdateTenant,
};
use crate::api::workflows::{
    CancelRun, Schedule, ScheduleList, SendSignal, WorkflowHistory, WorkflowRun, WorkflowRunList,
};

mod catalog;
mod cmdb;
use crate::ids::{
    ApiKeyId, ApprovalId, AssignmentId, ChannelId, CompartmentId, DeliveryId, GroupId, InvitationId, NotificationId,
    RoleId, RunId, SessionId, TemplateId, UserId,
};
pub use cmdb::WalkQuery;

/// Refresh this long before the access token's expiry.
const REFRESH_MARGIN: Duration = Duration::from_secs(30);

/// The header naming the tenant a request acts in when its path names none.
pub const TENANT_HEADER: &str = "X-Nimbus-Tenant";

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
    tenant: Option<HeaderValue>,
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
        Ok(Self {
            http,
            base,
            credentials: Mutex::new(None),
            sink: None,
            refreshing: tokio::sync::Mutex::new(()),
            tenant: None,
        })
    }

    /// Authenticates requests with `credentials`; refreshed tokens go to `sink`.
    pub fn with_credentials(mut self, credentials: Credentials, sink: Option<Arc<dyn CredentialSink>>) -> Self {
        self.credentials = Mutex::new(Some(credentials));
        self.sink = sink;
        self
    }

    /// Sends `X-Nimbus-Tenant: <tenant>` (an id or slug) with every authenticated request, so
    /// that requests whose path names no tenant act in that one instead of the caller's own.
    pub fn with_tenant(mut self, tenant: &str) -> ClientResult<Self> {
        let value = HeaderValue::from_str(tenant)
            .ok()
            .filter(|_| !tenant.is_empty())
            .ok_or_else(|| ClientError::Config(format!("tenant {tenant:?} is not a valid tenant id or slug")))?;
        self.tenant = Some(value);
        Ok(self)
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
        let response = self.send_once(Method::POST, "/api/v1/auth/refresh", Some(&body), None, None).await?;
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

    /// `GET /api/v1/tenants[?include_deleted=true]`: the request's tenant and its sub-tenants.
    pub async fn tenants(&self, include_deleted: bool) -> ClientResult<TenantList> {
        let query = if include_deleted { "?include_deleted=true" } else { "" };
        self.get(&format!("/api/v1/tenants{query}")).await
    }

    /// `POST /api/v1/tenants`: a sub-tenant of the request's tenant.
    pub async fn create_tenant(&self, request: &CreateTenant) -> ClientResult<Tenant> {
        self.call(Method::POST, "/api/v1/tenants", Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}`.
    pub async fn tenant(&self, tenant: &str) -> ClientResult<Tenant> {
        self.get(&tenant_path(tenant, &[])?).await
    }

    /// `PATCH /api/v1/tenants/{tenant}`.
    pub async fn update_tenant(&self, tenant: &str, request: &UpdateTenant) -> ClientResult<Tenant> {
        self.call(Method::PATCH, &tenant_path(tenant, &[])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}` (soft: it can be restored until purged).
    pub async fn delete_tenant(&self, tenant: &str) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &[])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/restore`.
    pub async fn restore_tenant(&self, tenant: &str) -> ClientResult<Tenant> {
        self.call(Method::POST, &tenant_path(tenant, &["restore"])?, None::<&()>, true).await
    }

    /// `POST /api/v1/tenants/{tenant}/purge`: erase a deleted tenant's data.
    pub async fn purge_tenant(&self, tenant: &str) -> ClientResult<Tenant> {
        self.call(Method::POST, &tenant_path(tenant, &["purge"])?, None::<&()>, true).await
    }

    /// `GET /api/v1/tenants/{tenant}/compartments`.
    pub async fn compartments(&self, tenant: &str) -> ClientResult<CompartmentList> {
        self.get(&tenant_path(tenant, &["compartments"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/compartments`.
    pub async fn create_compartment(&self, tenant: &str, request: &CreateCompartment) -> ClientResult<Compartment> {
        self.call(Method::POST, &tenant_path(tenant, &["compartments"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/compartments/{id}`.
    pub async fn compartment(&self, tenant: &str, id: CompartmentId) -> ClientResult<Compartment> {
        self.get(&tenant_path(tenant, &["compartments", &id.to_string()])?).await
    }

    /// `PATCH /api/v1/tenants/{tenant}/compartments/{id}`.
    pub async fn update_compartment(
        &self,
        tenant: &str,
        id: CompartmentId,
        request: &UpdateCompartment,
    ) -> ClientResult<Compartment> {
        let path = tenant_path(tenant, &["compartments", &id.to_string()])?;
        self.call(Method::PATCH, &path, Some(request), true).await
    }

    /// `POST /api/v1/tenants/{tenant}/compartments/{id}/move`.
    pub async fn move_compartment(
        &self,
        tenant: &str,
        id: CompartmentId,
        request: &MoveCompartment,
    ) -> ClientResult<Compartment> {
        let path = tenant_path(tenant, &["compartments", &id.to_string(), "move"])?;
        self.call(Method::POST, &path, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/compartments/{id}`.
    pub async fn delete_compartment(&self, tenant: &str, id: CompartmentId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["compartments", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/users[?q=TEXT]`.
    pub async fn users(&self, tenant: &str, search: Option<&str>) -> ClientResult<UserList> {
        let mut path = tenant_path(tenant, &["users"])?;
        if let Some(q) = search {
            path.push_str("?q=");
            path.push_str(&encode(q));
        }
        self.get(&path).await
    }

    /// `POST /api/v1/tenants/{tenant}/users`: a new user, or an existing one (by email) added
    /// as a member.
    pub async fn create_user(&self, tenant: &str, request: &CreateUser) -> ClientResult<User> {
        self.call(Method::POST, &tenant_path(tenant, &["users"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/users/{id}`.
    pub async fn user(&self, tenant: &str, id: UserId) -> ClientResult<User> {
        self.get(&tenant_path(tenant, &["users", &id.to_string()])?).await
    }

    /// `PATCH /api/v1/tenants/{tenant}/users/{id}`.
    pub async fn update_user(&self, tenant: &str, id: UserId, request: &UpdateUser) -> ClientResult<User> {
        self.call(Method::PATCH, &tenant_path(tenant, &["users", &id.to_string()])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/users/{id}`.
    pub async fn delete_user(&self, tenant: &str, id: UserId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["users", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/groups`.
    pub async fn groups(&self, tenant: &str) -> ClientResult<GroupList> {
        self.get(&tenant_path(tenant, &["groups"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/groups`.
    pub async fn create_group(&self, tenant: &str, request: &CreateGroup) -> ClientResult<Group> {
        self.call(Method::POST, &tenant_path(tenant, &["groups"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/groups/{id}`.
    pub async fn group(&self, tenant: &str, id: GroupId) -> ClientResult<Group> {
        self.get(&tenant_path(tenant, &["groups", &id.to_string()])?).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/groups/{id}`.
    pub async fn delete_group(&self, tenant: &str, id: GroupId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["groups", &id.to_string()])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/groups/{id}/members`.
    pub async fn add_group_member(&self, tenant: &str, id: GroupId, request: &AddGroupMember) -> ClientResult<Group> {
        let path = tenant_path(tenant, &["groups", &id.to_string(), "members"])?;
        self.call(Method::POST, &path, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/groups/{id}/members/{member_id}` (a user or group id).
    pub async fn remove_group_member(&self, tenant: &str, id: GroupId, member_id: &str) -> ClientResult<Group> {
        let path = tenant_path(tenant, &["groups", &id.to_string(), "members", member_id])?;
        self.call(Method::DELETE, &path, None::<&()>, true).await
    }

    /// `GET /api/v1/tenants/{tenant}/roles`: the system roles and the tenant's own.
    pub async fn roles(&self, tenant: &str) -> ClientResult<RoleList> {
        self.get(&tenant_path(tenant, &["roles"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/roles`.
    pub async fn create_role(&self, tenant: &str, request: &CreateRole) -> ClientResult<Role> {
        self.call(Method::POST, &tenant_path(tenant, &["roles"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/roles/{id}`.
    pub async fn role(&self, tenant: &str, id: RoleId) -> ClientResult<Role> {
        self.get(&tenant_path(tenant, &["roles", &id.to_string()])?).await
    }

    /// `PATCH /api/v1/tenants/{tenant}/roles/{id}`.
    pub async fn update_role(&self, tenant: &str, id: RoleId, request: &UpdateRole) -> ClientResult<Role> {
        self.call(Method::PATCH, &tenant_path(tenant, &["roles", &id.to_string()])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/roles/{id}`.
    pub async fn delete_role(&self, tenant: &str, id: RoleId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["roles", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/assignments`.
    pub async fn assignments(&self, tenant: &str) -> ClientResult<AssignmentList> {
        self.get(&tenant_path(tenant, &["assignments"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/assignments`.
    pub async fn create_assignment(&self, tenant: &str, request: &CreateAssignment) -> ClientResult<Assignment> {
        self.call(Method::POST, &tenant_path(tenant, &["assignments"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/assignments/{id}`.
    pub async fn delete_assignment(&self, tenant: &str, id: AssignmentId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["assignments", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/apikeys`.
    pub async fn api_keys(&self, tenant: &str) -> ClientResult<ApiKeyList> {
        self.get(&tenant_path(tenant, &["apikeys"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/apikeys`: the answer holds the secret, once.
    pub async fn create_api_key(&self, tenant: &str, request: &CreateApiKey) -> ClientResult<CreatedApiKey> {
        self.call(Method::POST, &tenant_path(tenant, &["apikeys"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/apikeys/{id}`.
    pub async fn revoke_api_key(&self, tenant: &str, id: ApiKeyId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["apikeys", &id.to_string()])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/apikeys/{id}/rotate`: a new secret, once.
    pub async fn rotate_api_key(&self, tenant: &str, id: ApiKeyId) -> ClientResult<CreatedApiKey> {
        let path = tenant_path(tenant, &["apikeys", &id.to_string(), "rotate"])?;
        self.call(Method::POST, &path, None::<&()>, true).await
    }

    /// `GET /api/v1/notifications`: the caller's inbox.
    pub async fn notifications(&self, unread_only: bool, limit: Option<u32>) -> ClientResult<NotificationList> {
        let mut path = format!("/api/v1/notifications?unread={unread_only}");
        if let Some(l) = limit {
            path.push_str(&format!("&limit={l}"));
        }
        self.get(&path).await
    }

    /// `POST /api/v1/notifications/{id}/read`.
    pub async fn read_notification(&self, id: NotificationId) -> ClientResult<MarkedRead> {
        self.call(Method::POST, &format!("/api/v1/notifications/{id}/read"), None::<&()>, true).await
    }

    /// `POST /api/v1/notifications/read-all`.
    pub async fn read_all_notifications(&self) -> ClientResult<MarkedRead> {
        self.call(Method::POST, "/api/v1/notifications/read-all", None::<&()>, true).await
    }

    /// `GET /api/v1/notifications/preferences`.
    pub async fn notification_preferences(&self) -> ClientResult<PreferenceList> {
        self.get("/api/v1/notifications/preferences").await
    }

    /// `PUT /api/v1/notifications/preferences`.
    pub async fn set_notification_preferences(&self, request: &SetPreferences) -> ClientResult<PreferenceList> {
        self.call(Method::PUT, "/api/v1/notifications/preferences", Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/notification-channels`.
    pub async fn notification_channels(&self, tenant: &str) -> ClientResult<ChannelList> {
        self.get(&tenant_path(tenant, &["notification-channels"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/notification-channels`.
    pub async fn create_notification_channel(&self, tenant: &str, request: &CreateChannel) -> ClientResult<Channel> {
        self.call(Method::POST, &tenant_path(tenant, &["notification-channels"])?, Some(request), true).await
    }

    /// `PATCH /api/v1/tenants/{tenant}/notification-channels/{id}`.
    pub async fn update_notification_channel(
        &self,
        tenant: &str,
        id: ChannelId,
        request: &UpdateChannel,
    ) -> ClientResult<Channel> {
        let path = tenant_path(tenant, &["notification-channels", &id.to_string()])?;
        self.call(Method::PATCH, &path, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/notification-channels/{id}`.
    pub async fn delete_notification_channel(&self, tenant: &str, id: ChannelId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["notification-channels", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/notification-templates`.
    pub async fn notification_templates(&self, tenant: &str) -> ClientResult<TemplateList> {
        self.get(&tenant_path(tenant, &["notification-templates"])?).await
    }

    /// `PUT /api/v1/tenants/{tenant}/notification-templates`.
    pub async fn set_notification_template(&self, tenant: &str, request: &SetTemplate) -> ClientResult<Template> {
        self.call(Method::PUT, &tenant_path(tenant, &["notification-templates"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/notification-templates/{id}`.
    pub async fn delete_notification_template(&self, tenant: &str, id: TemplateId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["notification-templates", &id.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/notification-deliveries`.
    pub async fn notification_deliveries(&self, tenant: &str, status: Option<&str>) -> ClientResult<DeliveryList> {
        let mut path = tenant_path(tenant, &["notification-deliveries"])?;
        if let Some(s) = status {
            path.push_str(&format!("?status={s}"));
        }
        self.get(&path).await
    }

    /// `POST /api/v1/tenants/{tenant}/notification-deliveries/{id}/retry`.
    pub async fn retry_notification_delivery(&self, tenant: &str, id: DeliveryId) -> ClientResult<Delivery> {
        let path = tenant_path(tenant, &["notification-deliveries", &id.to_string(), "retry"])?;
        self.call(Method::POST, &path, None::<&()>, true).await
    }

    /// `POST /api/v1/tenants/{tenant}/notifications`.
    pub async fn send_notification(&self, tenant: &str, request: &SendNotification) -> ClientResult<Sent> {
        self.call(Method::POST, &tenant_path(tenant, &["notifications"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/invitations`.
    pub async fn invitations(&self, tenant: &str) -> ClientResult<InvitationList> {
        self.get(&tenant_path(tenant, &["invitations"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/invitations`: the answer holds the token, once.
    pub async fn create_invitation(&self, tenant: &str, request: &CreateInvitation) -> ClientResult<CreatedInvitation> {
        self.call(Method::POST, &tenant_path(tenant, &["invitations"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/invitations/{id}`.
    pub async fn revoke_invitation(&self, tenant: &str, id: InvitationId) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["invitations", &id.to_string()])?).await
    }

    /// `POST /api/v1/invitations/verify` (no credentials needed).
    pub async fn verify_invitation(&self, token: &str) -> ClientResult<InvitationInfo> {
        let body = InvitationToken { token: token.to_owned() };
        self.call(Method::POST, "/api/v1/invitations/verify", Some(&body), false).await
    }

    /// `POST /api/v1/invitations/accept` (no credentials needed).
    pub async fn accept_invitation(&self, request: &AcceptInvitation) -> ClientResult<Accepted> {
        self.call(Method::POST, "/api/v1/invitations/accept", Some(request), false).await
    }

    /// `GET /api/v1/permissions`: every permission the daemon checks.
    pub async fn permissions(&self) -> ClientResult<PermissionList> {
        self.get("/api/v1/permissions").await
    }

    /// `POST /api/v1/tenants/{tenant}/check`: whether a user may do something, and why. A
    /// denial is an answer (`allowed: false`), not an error.
    pub async fn check(&self, tenant: &str, request: &CheckRequest) -> ClientResult<CheckResult> {
        self.call(Method::POST, &tenant_path(tenant, &["check"])?, Some(request), true).await
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
        extra: Option<(&'static str, &str)>,
    ) -> ClientResult<reqwest::Response> {
        let mut request = self.http.request(method, self.url(path));
        if let Some((name, value)) = extra {
            request = request.header(name, value);
        }
        if let Some(token) = bearer {
            request = request.bearer_auth(token.expose());
            if let Some(tenant) = &self.tenant {
                request = request.header(TENANT_HEADER, tenant.clone());
            }
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
        self.send_with(method, path, body, auth, None).await
    }

    async fn send_with<B: Serialize + ?Sized>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        auth: bool,
        extra: Option<(&'static str, &str)>,
    ) -> ClientResult<reqwest::Response> {
        if !auth {
            return self.send_once(method, path, body, None, extra).await;
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
            match self.send_once(method.clone(), path, body, Some(&token), extra).await {
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

    async fn get<T: DeserializeOwned>(&self, path: &str) -> ClientResult<T> {
        self.call(Method::GET, path, None::<&()>, true).await
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

/// The audit log.
impl Client {
    /// `GET /api/v1/tenants/{tenant}/audit?…`: one page of records, newest first.
    pub async fn audit_query(&self, tenant: &str, q: &AuditQuery) -> ClientResult<AuditPage> {
        self.get(&with_query(tenant_path(tenant, &["audit"])?, q)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/verify`.
    pub async fn audit_verify(&self, tenant: &str, p: &VerifyParams) -> ClientResult<VerifyReport> {
        self.get(&with_query(tenant_path(tenant, &["audit", "verify"])?, p)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/checkpoints?from=&limit=`.
    pub async fn audit_checkpoints(
        &self,
        tenant: &str,
        from: Option<u64>,
        limit: Option<u32>,
    ) -> ClientResult<CheckpointList> {
        let q = serde_json::json!({ "from": from, "limit": limit });
        self.get(&with_query(tenant_path(tenant, &["audit", "checkpoints"])?, &q)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/proofs/inclusion?seq=&size=`.
    pub async fn audit_inclusion(&self, tenant: &str, seq: u64, size: Option<u64>) -> ClientResult<InclusionProof> {
        let q = serde_json::json!({ "seq": seq, "size": size });
        self.get(&with_query(tenant_path(tenant, &["audit", "proofs", "inclusion"])?, &q)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/proofs/consistency?old=&new=`.
    pub async fn audit_consistency(&self, tenant: &str, old: u64, new: Option<u64>) -> ClientResult<ConsistencyProof> {
        let q = serde_json::json!({ "old": old, "new": new });
        self.get(&with_query(tenant_path(tenant, &["audit", "proofs", "consistency"])?, &q)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/export`: the body, chunk by chunk.
    pub async fn audit_export(&self, tenant: &str, p: &ExportParams) -> ClientResult<ByteStream> {
        let path = with_query(tenant_path(tenant, &["audit", "export"])?, p)?;
        Ok(ByteStream { response: self.send(Method::GET, &path, None::<&()>, true).await? })
    }

    /// `GET /api/v1/tenants/{tenant}/audit/settings`.
    pub async fn audit_settings(&self, tenant: &str) -> ClientResult<AuditSettings> {
        self.get(&tenant_path(tenant, &["audit", "settings"])?).await
    }

    /// `PATCH /api/v1/tenants/{tenant}/audit/settings`.
    pub async fn update_audit_settings(
        &self,
        tenant: &str,
        request: &UpdateAuditSettings,
    ) -> ClientResult<AuditSettings> {
        self.call(Method::PATCH, &tenant_path(tenant, &["audit", "settings"])?, Some(request), true).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/queries`.
    pub async fn saved_audit_queries(&self, tenant: &str) -> ClientResult<SavedQueryList> {
        self.get(&tenant_path(tenant, &["audit", "queries"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/audit/queries`.
    pub async fn save_audit_query(&self, tenant: &str, request: &SaveQuery) -> ClientResult<SavedQuery> {
        self.call(Method::POST, &tenant_path(tenant, &["audit", "queries"])?, Some(request), true).await
    }

    /// `DELETE /api/v1/tenants/{tenant}/audit/queries/{id}`.
    pub async fn delete_audit_query(&self, tenant: &str, id: uuid::Uuid) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &tenant_path(tenant, &["audit", "queries", &id.to_string()])?).await
    }

    /// `GET /api/v1/approvals?status=&assigned=&limit=&cursor=`.
    pub async fn approvals(&self, q: &ApprovalListParams) -> ClientResult<ApprovalRequestList> {
        self.get(&with_query("/api/v1/approvals".to_owned(), q)?).await
    }

    /// `GET /api/v1/approvals/{id}`.
    pub async fn approval(&self, id: ApprovalId) -> ClientResult<ApprovalRequest> {
        self.get(&approval_path(&[&id.to_string()])?).await
    }

    /// `POST /api/v1/approvals`.
    pub async fn create_approval(&self, request: &CreateApprovalRequest) -> ClientResult<ApprovalRequest> {
        self.call(Method::POST, "/api/v1/approvals", Some(request), true).await
    }

    /// `POST /api/v1/approvals/{id}/{approve|reject|cancel}`.
    pub async fn decide_approval(
        &self,
        id: ApprovalId,
        verb: &str,
        request: &DecideApproval,
    ) -> ClientResult<ApprovalRequest> {
        self.call(Method::POST, &approval_path(&[&id.to_string(), verb])?, Some(request), true).await
    }

    /// `POST /api/v1/approvals/{id}/delegate`.
    pub async fn delegate_approval(&self, id: ApprovalId, request: &DelegateApproval) -> ClientResult<ApprovalRequest> {
        self.call(Method::POST, &approval_path(&[&id.to_string(), "delegate"])?, Some(request), true).await
    }

    /// `GET /api/v1/approval-policies`.
    pub async fn approval_policies(&self) -> ClientResult<ApprovalPolicyList> {
        self.get("/api/v1/approval-policies").await
    }

    /// `GET /api/v1/approval-policies/{policy}`.
    pub async fn approval_policy(&self, policy: &str) -> ClientResult<ApprovalPolicy> {
        self.get(&policy_path(policy)?).await
    }

    /// `POST /api/v1/approval-policies`.
    pub async fn create_approval_policy(&self, request: &ApprovalPolicyInput) -> ClientResult<ApprovalPolicy> {
        self.call(Method::POST, "/api/v1/approval-policies", Some(request), true).await
    }

    /// `PUT /api/v1/approval-policies/{policy}`.
    pub async fn update_approval_policy(
        &self,
        policy: &str,
        request: &ApprovalPolicyInput,
    ) -> ClientResult<ApprovalPolicy> {
        self.call(Method::PUT, &policy_path(policy)?, Some(request), true).await
    }

    /// `DELETE /api/v1/approval-policies/{policy}`.
    pub async fn delete_approval_policy(&self, policy: &str) -> ClientResult<()> {
        self.call_empty(Method::DELETE, &policy_path(policy)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/workflows?status=&workflow=&tag=&limit=&before=`.
    pub async fn workflow_runs(&self, tenant: &str, q: &RunListParams) -> ClientResult<WorkflowRunList> {
        self.get(&with_query(tenant_path(tenant, &["workflows"])?, q)?).await
    }

    /// `GET /api/v1/tenants/{tenant}/workflows/{run}`.
    pub async fn workflow_run(&self, tenant: &str, run: RunId) -> ClientResult<WorkflowRun> {
        self.get(&tenant_path(tenant, &["workflows", &run.to_string()])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/workflows/{run}/history`.
    pub async fn workflow_history(&self, tenant: &str, run: RunId) -> ClientResult<WorkflowHistory> {
        self.get(&tenant_path(tenant, &["workflows", &run.to_string(), "history"])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/workflows/{run}/signal`.
    pub async fn signal_workflow(&self, tenant: &str, run: RunId, request: &SendSignal) -> ClientResult<WorkflowRun> {
        self.call(Method::POST, &tenant_path(tenant, &["workflows", &run.to_string(), "signal"])?, Some(request), true)
            .await
    }

    /// `POST /api/v1/tenants/{tenant}/workflows/{run}/cancel`.
    pub async fn cancel_workflow(&self, tenant: &str, run: RunId, request: &CancelRun) -> ClientResult<WorkflowRun> {
        self.call(Method::POST, &tenant_path(tenant, &["workflows", &run.to_string(), "cancel"])?, Some(request), true)
            .await
    }

    /// `POST /api/v1/tenants/{tenant}/workflows/{run}/retry`.
    pub async fn retry_workflow(&self, tenant: &str, run: RunId) -> ClientResult<WorkflowRun> {
        self.call(Method::POST, &tenant_path(tenant, &["workflows", &run.to_string(), "retry"])?, None::<&()>, true)
            .await
    }

    /// `GET /api/v1/tenants/{tenant}/schedules`.
    pub async fn schedules(&self, tenant: &str) -> ClientResult<ScheduleList> {
        self.get(&tenant_path(tenant, &["schedules"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/schedules/{schedule}` (id or name).
    pub async fn schedule(&self, tenant: &str, schedule: &str) -> ClientResult<Schedule> {
        self.get(&tenant_path(tenant, &["schedules", schedule])?).await
    }

    /// `POST /api/v1/tenants/{tenant}/schedules/{schedule}/{pause|resume}`.
    pub async fn pause_schedule(&self, tenant: &str, schedule: &str, pause: bool) -> ClientResult<Schedule> {
        let verb = if pause { "pause" } else { "resume" };
        self.call(Method::POST, &tenant_path(tenant, &["schedules", schedule, verb])?, None::<&()>, true).await
    }

    /// `POST /api/v1/tenants/{tenant}/schedules/{schedule}/trigger`.
    pub async fn trigger_schedule(&self, tenant: &str, schedule: &str) -> ClientResult<WorkflowRun> {
        self.call(Method::POST, &tenant_path(tenant, &["schedules", schedule, "trigger"])?, None::<&()>, true).await
    }

    /// `POST /api/v1/tenants/{tenant}/audit/archive/run`.
    pub async fn run_audit_archival(&self, tenant: &str) -> ClientResult<ArchiveRunReport> {
        self.call(Method::POST, &tenant_path(tenant, &["audit", "archive", "run"])?, None::<&()>, true).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/archive`.
    pub async fn audit_archive(&self, tenant: &str) -> ClientResult<ArchiveSegmentList> {
        self.get(&tenant_path(tenant, &["audit", "archive"])?).await
    }

    /// `GET /api/v1/tenants/{tenant}/audit/archive/{first_seq}`: the segment's `.ndjson.gz`.
    pub async fn fetch_audit_segment(&self, tenant: &str, first_seq: u64) -> ClientResult<ByteStream> {
        let path = tenant_path(tenant, &["audit", "archive", &first_seq.to_string()])?;
        Ok(ByteStream { response: self.send(Method::GET, &path, None::<&()>, true).await? })
    }

    /// `GET /api/v1/audit/public-key` (no credentials needed).
    pub async fn audit_public_key(&self) -> ClientResult<AuditPublicKey> {
        self.call(Method::GET, "/api/v1/audit/public-key", None::<&()>, false).await
    }

    /// `GET /api/v1/audit/taxonomy`.
    pub async fn audit_taxonomy(&self) -> ClientResult<Taxonomy> {
        self.call(Method::GET, "/api/v1/audit/taxonomy", None::<&()>, false).await
    }

    /// `GET /api/v1/events`: the live stream, resumed after `last_event_id` when given.
    pub async fn events(
        &self,
        tenant: Option<&str>,
        subtree: bool,
        topics: Option<&str>,
        last_event_id: Option<&str>,
    ) -> ClientResult<EventStream> {
        let q = serde_json::json!({ "tenant": tenant, "subtree": subtree.then_some(true), "topics": topics });
        let path = with_query("/api/v1/events".to_owned(), &q)?;
        let extra = last_event_id.map(|id| ("Last-Event-ID", id));
        let response = self.send_with(Method::GET, &path, None::<&()>, true, extra).await?;
        Ok(EventStream { bytes: ByteStream { response }, buffer: Vec::new() })
    }
}

/// A response body read chunk by chunk (exports).
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    /// The next chunk; `None` at the end.
    pub async fn next_chunk(&mut self) -> ClientResult<Option<Vec<u8>>> {
        let url = self.response.url().to_string();
        let status = self.response.status().as_u16();
        match self.response.chunk().await {
            Ok(c) => Ok(c.map(|b| b.to_vec())),
            Err(e) => Err(ClientError::Protocol { url, status, detail: format!("the stream broke off: {e}") }),
        }
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// `id:` (the resume position).
    pub id: Option<String>,
    /// `event:` (the topic).
    pub event: Option<String>,
    /// `data:` lines joined.
    pub data: String,
}

/// The live event stream.
#[derive(Debug)]
pub struct EventStream {
    bytes: ByteStream,
    buffer: Vec<u8>,
}

impl EventStream {
    /// The next event (keep-alive comments are skipped); `None` when the daemon ends the stream.
    pub async fn next_event(&mut self) -> ClientResult<Option<SseEvent>> {
        loop {
            if let Some(event) = take_sse_event(&mut self.buffer) {
                if event.data.is_empty() && event.id.is_none() {
                    continue;
                }
                return Ok(Some(event));
            }
            match self.bytes.next_chunk().await? {
                Some(chunk) => self.buffer.extend(chunk),
                None => return Ok(None),
            }
        }
    }
}

/// Parses one event off the front of `buf` (events end with a blank line).
fn take_sse_event(buf: &mut Vec<u8>) -> Option<SseEvent> {
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let crlf = buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, 4));
    let (end, sep) = match (lf, crlf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return None,
    };
    let block: Vec<u8> = buf.drain(..end + sep).take(end).collect();
    let text = String::from_utf8_lossy(&block);
    let mut event = SseEvent { id: None, event: None, data: String::new() };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = line.split_once(':').map_or((line, ""), |(f, v)| (f, v.strip_prefix(' ').unwrap_or(v)));
        match field {
            "id" => event.id = Some(value.to_owned()),
            "event" => event.event = Some(value.to_owned()),
            "data" => {
                if !event.data.is_empty() {
                    event.data.push('\n');
                }
                event.data.push_str(value);
            }
            _ => {}
        }
    }
    Some(event)
}

/// Appends `params` (any serialisable object; nulls and absent fields left out) as a query string.
fn with_query<T: Serialize + ?Sized>(mut path: String, params: &T) -> ClientResult<String> {
    let value = serde_json::to_value(params).map_err(|e| ClientError::Config(format!("cannot encode query: {e}")))?;
    let mut first = true;
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            let text = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            path.push(if first { '?' } else { '&' });
            first = false;
            path.push_str(&encode(&k));
            path.push('=');
            path.push_str(&encode(&text));
        }
    }
    Ok(path)
}

/// `/api/v1/tenants/{tenant}/{rest…}` with every caller-supplied segment percent-encoded.
fn approval_path(rest: &[&str]) -> ClientResult<String> {
    let mut path = String::from("/api/v1/approvals");
    for segment in rest {
        if matches!(*segment, "" | "." | "..") {
            return Err(ClientError::Config(format!("{segment:?} is not a valid id")));
        }
        path.push('/');
        path.push_str(&encode(segment));
    }
    Ok(path)
}

fn policy_path(policy: &str) -> ClientResult<String> {
    if matches!(policy, "" | "." | "..") {
        return Err(ClientError::Config(format!("{policy:?} is not a valid policy id or name")));
    }
    Ok(format!("/api/v1/approval-policies/{}", encode(policy)))
}

fn tenant_path(tenant: &str, rest: &[&str]) -> ClientResult<String> {
    let mut path = String::from("/api/v1/tenants");
    for segment in std::iter::once(tenant).chain(rest.iter().copied()) {
        // URL parsers resolve `.` and `..` (encoded or not), so they cannot name anything.
        if matches!(segment, "" | "." | "..") {
            return Err(ClientError::Config(format!("{segment:?} is not a valid id or slug")));
        }
        path.push('/');
        path.push_str(&encode(segment));
    }
    Ok(path)
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so the result is safe as a
/// path segment and as a query value.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Filters of [`Client::approvals`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApprovalListParams {
    /// Only requests in this status.
    pub status: Option<String>,
    /// `me`: only requests waiting for the caller.
    pub assigned: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// The previous page's `next_cursor`.
    pub cursor: Option<String>,
}

/// Filters of [`Client::workflow_runs`].
#[derive(Clone, Debug, Default, Serialize)]
pub struct RunListParams {
    /// Only runs in this status.
    pub status: Option<String>,
    /// Only runs of this workflow.
    pub workflow: Option<String>,
    /// `key=value` tag.
    pub tag: Option<String>,
    /// Page size.
    pub limit: Option<u32>,
    /// Runs older than this one.
    pub before: Option<RunId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_events_are_split_on_blank_lines() {
        let mut buf =
            b": keep-alive\n\nid: t:1\nevent: audit.record\ndata: {\"a\":1}\n\nid: t:2\r\ndata: x\r\n\r\npartial"
                .to_vec();
        let first = take_sse_event(&mut buf);
        assert_eq!(first.map(|e| e.data), Some(String::new()));
        let second = take_sse_event(&mut buf);
        assert_eq!(
            second,
            Some(SseEvent { id: Some("t:1".into()), event: Some("audit.record".into()), data: "{\"a\":1}".into() })
        );
        let third = take_sse_event(&mut buf);
        assert_eq!(third.map(|e| (e.id, e.data)), Some((Some("t:2".into()), "x".into())));
        assert_eq!(take_sse_event(&mut buf), None);
        assert_eq!(buf, b"partial");
    }

    #[test]
    fn path_segments_are_encoded() -> ClientResult<()> {
        assert_eq!(tenant_path("acme", &[])?, "/api/v1/tenants/acme");
        assert_eq!(tenant_path("a/b c", &["users"])?, "/api/v1/tenants/a%2Fb%20c/users");
        assert_eq!(tenant_path("ü?#", &["check"])?, "/api/v1/tenants/%C3%BC%3F%23/check");
        assert_eq!(tenant_path("a.b", &[])?, "/api/v1/tenants/a.b");
        for bad in ["", ".", ".."] {
            assert!(tenant_path(bad, &[]).is_err(), "{bad:?}");
        }
        Ok(())
    }

    #[test]
    fn tenant_header_values_are_checked() -> ClientResult<()> {
        let client = Client::new("http://127.0.0.1:1", ClientOptions::default())?;
        assert!(client.with_tenant("acme").is_ok());
        let client = Client::new("http://127.0.0.1:1", ClientOptions::default())?;
        assert!(client.with_tenant("bad\nvalue").is_err());
        let client = Client::new("http://127.0.0.1:1", ClientOptions::default())?;
        assert!(client.with_tenant("").is_err());
        Ok(())
    }
}
