//! Local authentication use cases: login, refresh (rotation with reuse detection), logout,
//! the caller's identity and sessions.

use std::net::IpAddr;
use std::time::Instant;

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use nimbus_core::Secret;
use nimbus_core::api::auth::{LoginRequest, Me, RefreshRequest, SessionInfo, SessionList, TokenPair};
use nimbus_core::api::error::ErrorCode;
use nimbus_core::audit::{Actor, ActorKind, Category, Outcome, Priority};
use nimbus_core::email::Email;
use nimbus_core::ids::{RefreshTokenId, SessionId, TenantId, UserId};
use serde_json::json;

use super::Services;
use crate::auth::Principal;
use crate::auth::tokens::{hash_refresh_token, new_refresh_token};
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::store::{RefreshState, RefreshTokenRecord, SessionRecord, UserRecord, UserStatus, WriteTx};

fn invalid_credentials() -> ServiceError {
    ServiceError::Unauthenticated {
        code: ErrorCode::InvalidCredentials,
        message: "email or password is incorrect".into(),
    }
}

/// Session endpoints are for people signed in; an API key has no session.
fn no_session(principal: &Principal) -> ServiceResult<()> {
    if principal.is_api_key() {
        return Err(ServiceError::Denied {
            message: "API keys have no session; revoke the key instead (nimbus apikey revoke)".into(),
            conceal: false,
        });
    }
    Ok(())
}

fn user_actor(user: &UserRecord) -> Actor {
    Actor { kind: ActorKind::User, id: Some(*user.id.as_uuid()), display: user.email.clone() }
}

/// Session lifetimes from configuration.
#[derive(Debug, Clone, Copy)]
struct Lifetimes {
    idle: ChronoDuration,
    max: ChronoDuration,
}

impl Lifetimes {
    fn idle_expiry(&self, now: DateTime<Utc>, session_end: DateTime<Utc>) -> DateTime<Utc> {
        (now + self.idle).min(session_end)
    }
}

impl Services {
    fn lifetimes(&self) -> ServiceResult<Lifetimes> {
        let conv = |d: std::time::Duration| {
            ChronoDuration::from_std(d).map_err(|e| ServiceError::Internal(anyhow::anyhow!("session lifetime: {e}")))
        };
        Ok(Lifetimes {
            idle: conv(self.config.auth.session_idle_timeout)?,
            max: conv(self.config.auth.session_max_lifetime)?,
        })
    }

    /// Verifies a request's bearer token. Forged tokens and tokens of ended sessions are
    /// audited as security events; expired ones are routine (clients refresh) and are not.
    /// `request` is only built when there is something to audit.
    pub async fn authenticate_request(
        &self,
        token: &str,
        request: impl FnOnce() -> RequestContext,
    ) -> ServiceResult<Principal> {
        let mut request = Some(request);
        let (result, rc) = match request.take() {
            Some(make) if token.starts_with(super::apikeys::PREFIX) => {
                let rc = make();
                (self.authenticate_api_key(token, &rc).await, Some(rc))
            }
            other => {
                request = other;
                (self.authn.authenticate(token).await, None)
            }
        };
        if let Err(ServiceError::Unauthenticated {
            code: code @ (ErrorCode::InvalidToken | ErrorCode::SessionRevoked),
            ..
        }) = &result
        {
            let op = TokenRejected { root: self.provider.root_tenant_id, code: *code };
            let rc = rc.or_else(|| request.take().map(|make| make())).unwrap_or_default();
            if let Err(e) = self.pipeline.run(&Caller::Anonymous, &rc, op).await {
                tracing::error!(error = %e, "cannot audit a rejected token");
            }
        }
        result
    }

    /// Exchanges email and password for a token pair.
    pub async fn login(&self, req: LoginRequest, rc: &RequestContext) -> ServiceResult<TokenPair> {
        let root = self.provider.root_tenant_id;
        let attempted = req.email.trim().to_lowercase();
        let started = Instant::now();
        if let Some(wait) = self.throttle.retry_after(&attempted, rc.ip, started) {
            self.pipeline
                .run(
                    &Caller::Anonymous,
                    rc,
                    LoginFailed::new(root, &attempted, None, Outcome::Denied, ErrorCode::RateLimited),
                )
                .await?;
            return Err(ServiceError::RateLimited { retry_after: wait });
        }
        let user = match Email::parse(&req.email) {
            Ok(email) => {
                self.store.read(crate::store::TenantScope::System).await?.user_by_email(email.as_str()).await?
            }
            Err(_) => None,
        };
        let verified = self.hasher.verify(&req.password, user.as_ref().and_then(|u| u.password_hash.as_ref())).await?;
        let user = match user {
            Some(user) if verified => user,
            other => {
                self.throttle.record_failure(&attempted, rc.ip, started);
                let known = other.map(|u| (u.id, u.tenant_id));
                self.pipeline
                    .run(
                        &Caller::Anonymous,
                        rc,
                        LoginFailed::new(root, &attempted, known, Outcome::Failed, ErrorCode::InvalidCredentials),
                    )
                    .await?;
                return Err(invalid_credentials());
            }
        };
        let created = self
            .pipeline
            .run(
                &Caller::Anonymous,
                rc,
                CreateSession {
                    user_id: user.id,
                    ip: rc.ip,
                    user_agent: rc.user_agent.clone(),
                    lifetimes: self.lifetimes()?,
                    max_sessions: self.config.auth.max_sessions_per_user as usize,
                },
            )
            .await?;
        self.throttle.record_success(&attempted);
        self.token_pair(&created.session, created.refresh, created.refresh_expires_at)
    }

    /// Exchanges a refresh token for a new pair. A token that was already exchanged revokes its
    /// whole session (someone else holds a copy).
    pub async fn refresh(&self, req: RefreshRequest, rc: &RequestContext) -> ServiceResult<TokenPair> {
        let op = RotateRefresh {
            hash: hash_refresh_token(req.refresh_token.expose()),
            root: self.provider.root_tenant_id,
            lifetimes: self.lifetimes()?,
        };
        match self.pipeline.run(&Caller::Anonymous, rc, op).await? {
            Rotation::Rotated { session, refresh, refresh_expires_at } => {
                self.token_pair(&session, refresh, refresh_expires_at)
            }
            Rotation::Rejected { code, message } => {
                Err(ServiceError::Unauthenticated { code, message: message.into() })
            }
        }
    }

    /// Ends the caller's current session.
    pub async fn logout(&self, principal: &Principal, rc: &RequestContext) -> ServiceResult<()> {
        no_session(principal)?;
        let op = EndSession { session_id: principal.session_id(), reason: EndReason::Logout };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await
    }

    /// Ends one of the caller's sessions.
    pub async fn revoke_session(&self, principal: &Principal, id: SessionId, rc: &RequestContext) -> ServiceResult<()> {
        no_session(principal)?;
        let op = EndSession { session_id: id, reason: EndReason::Revoked };
        self.pipeline.run(&Caller::User(principal.clone()), rc, op).await
    }

    /// Who the caller is.
    pub fn me(&self, principal: &Principal) -> Me {
        principal.me()
    }

    /// The caller's live sessions.
    pub async fn sessions(&self, principal: &Principal) -> ServiceResult<SessionList> {
        no_session(principal)?;
        let scope = crate::store::TenantScope::Tenants(std::sync::Arc::from([principal.tenant_id()]));
        let live = self.store.read(scope).await?.live_sessions(principal.user_id(), Utc::now()).await?;
        Ok(SessionList {
            sessions: live
                .into_iter()
                .map(|s| SessionInfo {
                    current: s.id == principal.session_id(),
                    id: s.id,
                    created_at: s.created_at,
                    last_used_at: s.last_used_at,
                    expires_at: s.idle_expires_at.min(s.expires_at),
                    ip: s.ip,
                    user_agent: s.user_agent,
                })
                .collect(),
        })
    }

    fn token_pair(
        &self,
        session: &SessionRecord,
        refresh: Secret<String>,
        refresh_expires_at: DateTime<Utc>,
    ) -> ServiceResult<TokenPair> {
        let now = Utc::now();
        let access = self.authn.keys().issue(session.user_id, session.id, session.tenant_id, now)?;
        Ok(TokenPair {
            token_type: "Bearer".into(),
            access_token: access.token,
            expires_in: u64::try_from((access.expires_at - now).num_seconds()).unwrap_or(0),
            access_token_expires_at: access.expires_at,
            refresh_token: refresh,
            refresh_token_expires_at: refresh_expires_at,
            session_id: session.id,
        })
    }
}

/// Records a failed or throttled login. Its only change is the audit record.
struct LoginFailed {
    root: TenantId,
    attempted: String,
    known: Option<(UserId, TenantId)>,
    outcome: Outcome,
    code: ErrorCode,
}

impl LoginFailed {
    fn new(
        root: TenantId,
        attempted: &str,
        known: Option<(UserId, TenantId)>,
        outcome: Outcome,
        code: ErrorCode,
    ) -> Self {
        Self { root, attempted: attempted.chars().take(254).collect(), known, outcome, code }
    }
}

impl Operation for LoginFailed {
    type Output = ();
    const ACTION: &'static str = "auth:session:create";
    const ACCESS: Access = Access::Anyone;
    const EVENT: &'static str = "auth.login.failed";
    const CATEGORY: Category = Category::Auth;

    async fn apply(self, _tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let event = if self.code == ErrorCode::RateLimited { "auth.login.throttled" } else { Self::EVENT };
        let mut draft = AuditDraft::new(self.known.map_or(self.root, |(_, t)| t), event, Category::Auth)
            .priority(Priority::Warn)
            .actor(Actor { kind: ActorKind::Anonymous, id: None, display: self.attempted })
            .outcome(self.outcome, self.code.as_str());
        if let Some((user, _)) = self.known {
            draft = draft.resource("user", user, None);
        }
        Ok(Applied::new(()).audit(draft))
    }
}

/// Records a bearer token that failed verification or belongs to an ended session.
struct TokenRejected {
    root: TenantId,
    code: ErrorCode,
}

impl Operation for TokenRejected {
    type Output = ();
    const ACTION: &'static str = "auth:token:verify";
    const ACCESS: Access = Access::Anyone;
    const EVENT: &'static str = "auth.token.rejected";
    const CATEGORY: Category = Category::Security;

    async fn apply(self, _tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.root, Self::EVENT, Self::CATEGORY)
                .priority(Priority::Warn)
                .outcome(Outcome::Denied, self.code.as_str()),
        ))
    }
}

struct CreateSession {
    user_id: UserId,
    ip: Option<IpAddr>,
    user_agent: Option<String>,
    lifetimes: Lifetimes,
    max_sessions: usize,
}

struct SessionCreated {
    session: SessionRecord,
    refresh: Secret<String>,
    refresh_expires_at: DateTime<Utc>,
}

impl Operation for CreateSession {
    type Output = SessionCreated;
    const ACTION: &'static str = "auth:session:create";
    const ACCESS: Access = Access::Anyone;
    const EVENT: &'static str = "auth.login.failed";
    const CATEGORY: Category = Category::Auth;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<SessionCreated>> {
        let now = ctx.now;
        let user = match tx.user(self.user_id).await? {
            Some(u) => u,
            None => return Err(invalid_credentials()),
        };
        if user.status != UserStatus::Active {
            return Err(ServiceError::Denied {
                message: format!("this account is {}; ask an administrator to enable it", user.status.as_str()),
                conceal: false,
            });
        }
        let mut applied_evictions = Vec::new();
        let mut live = tx.live_sessions(user.id, now).await?;
        if live.len() >= self.max_sessions {
            live.sort_by_key(|s| s.last_used_at);
            let excess = live.len() + 1 - self.max_sessions;
            for old in live.into_iter().take(excess) {
                tx.revoke_session(old.id, now, "evicted").await?;
                applied_evictions.push(old.id);
            }
        }
        let expires_at = now + self.lifetimes.max;
        let session = SessionRecord {
            id: SessionId::generate(),
            user_id: user.id,
            tenant_id: user.tenant_id,
            created_at: now,
            last_used_at: now,
            idle_expires_at: self.lifetimes.idle_expiry(now, expires_at),
            expires_at,
            revoked_at: None,
            revoke_reason: None,
            ip: self.ip.map(|ip| ip.to_string()),
            user_agent: self.user_agent.map(|ua| ua.chars().take(512).collect()),
        };
        tx.insert_session(&session).await?;
        let (refresh, hash) = new_refresh_token();
        tx.insert_refresh_token(&RefreshTokenRecord {
            id: RefreshTokenId::generate(),
            session_id: session.id,
            token_hash: hash,
            state: RefreshState::Active,
            created_at: now,
            expires_at: session.idle_expires_at,
            used_at: None,
        })
        .await?;

        let mut applied = Applied::new(SessionCreated {
            refresh,
            refresh_expires_at: session.idle_expires_at,
            session: session.clone(),
        });
        for evicted in applied_evictions {
            applied = applied
                .audit(
                    AuditDraft::new(user.tenant_id, "auth.session.evicted", Category::Auth)
                        .actor(user_actor(&user))
                        .resource("session", evicted, None)
                        .new_value(json!({ "reason": "evicted", "max_sessions_per_user": self.max_sessions })),
                )
                .event(EventDraft::new(
                    user.tenant_id,
                    "auth.session.revoked",
                    json!({ "session_id": evicted, "user_id": user.id, "reason": "evicted" }),
                ));
        }
        Ok(applied
            .audit(
                AuditDraft::new(user.tenant_id, "auth.login.succeeded", Category::Auth)
                    .actor(user_actor(&user))
                    .resource("session", session.id, None)
                    .new_value(json!({
                        "session_id": session.id,
                        "user_id": user.id,
                        "expires_at": session.expires_at,
                    })),
            )
            .event(EventDraft::new(
                user.tenant_id,
                "auth.session.created",
                json!({ "session_id": session.id, "user_id": user.id }),
            )))
    }
}

struct RotateRefresh {
    hash: Vec<u8>,
    root: TenantId,
    lifetimes: Lifetimes,
}

enum Rotation {
    Rotated { session: Box<SessionRecord>, refresh: Secret<String>, refresh_expires_at: DateTime<Utc> },
    Rejected { code: ErrorCode, message: &'static str },
}

const SESSION_ENDED: &str = "this session has ended; sign in again";

impl Operation for RotateRefresh {
    type Output = Rotation;
    const ACTION: &'static str = "auth:session:refresh";
    const ACCESS: Access = Access::Anyone;
    const EVENT: &'static str = "auth.refresh.failed";
    const CATEGORY: Category = Category::Auth;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Rotation>> {
        let now = ctx.now;
        let rejected = |code: ErrorCode, message| Rotation::Rejected { code, message };
        let Some(token) = tx.refresh_token_by_hash(&self.hash).await? else {
            return Ok(Applied::new(rejected(ErrorCode::InvalidToken, "refresh token is not valid; sign in again"))
                .audit(
                    AuditDraft::new(self.root, Self::EVENT, Category::Auth)
                        .priority(Priority::Warn)
                        .outcome(Outcome::Failed, ErrorCode::InvalidToken.as_str()),
                ));
        };
        let session = tx
            .session(token.session_id)
            .await?
            .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("refresh token without a session")))?;
        let user = tx.user(session.user_id).await?;
        let actor = user.as_ref().map_or_else(
            || Actor {
                kind: ActorKind::Anonymous,
                id: Some(*session.user_id.as_uuid()),
                display: "deleted user".into(),
            },
            user_actor,
        );
        let draft = |event: &str| {
            AuditDraft::new(session.tenant_id, event, Category::Auth)
                .actor(actor.clone())
                .resource("session", session.id, None)
        };

        let reused = match token.state {
            RefreshState::Rotated => true,
            RefreshState::Revoked => {
                return Ok(Applied::new(rejected(ErrorCode::SessionRevoked, SESSION_ENDED)).audit(
                    draft(Self::EVENT)
                        .priority(Priority::Warn)
                        .outcome(Outcome::Failed, ErrorCode::SessionRevoked.as_str()),
                ));
            }
            RefreshState::Active => {
                let usable = session.is_live(now)
                    && token.expires_at > now
                    && user.as_ref().is_some_and(|u| u.status == UserStatus::Active);
                if !usable {
                    tx.revoke_session(session.id, now, "expired").await?;
                    return Ok(Applied::new(rejected(ErrorCode::SessionRevoked, SESSION_ENDED))
                        .audit(draft(Self::EVENT).outcome(Outcome::Failed, ErrorCode::SessionRevoked.as_str())));
                }
                // Losing this race means another request exchanged the same token first.
                !tx.rotate_refresh_token(token.id, now).await?
            }
        };
        if reused {
            tx.revoke_session(session.id, now, "refresh_reuse").await?;
            return Ok(Applied::new(rejected(
                ErrorCode::SessionRevoked,
                "this refresh token was already used, so the session was ended to protect the account; sign in again",
            ))
            .audit(
                draft("auth.refresh.reuse_detected")
                    .priority(Priority::Critical)
                    .new_value(json!({ "reason": "refresh_reuse", "token_used_at": token.used_at }))
                    .outcome(Outcome::Denied, "refresh_token_reused"),
            )
            .audit(
                AuditDraft::new(session.tenant_id, "security.session.family_revoked", Category::Security)
                    .priority(Priority::Critical)
                    .actor(actor.clone())
                    .resource("session", session.id, None)
                    .new_value(json!({ "reason": "refresh_reuse" })),
            )
            .event(EventDraft::new(
                session.tenant_id,
                "auth.session.revoked",
                json!({ "session_id": session.id, "user_id": session.user_id, "reason": "refresh_reuse" }),
            )));
        }

        let idle_expires_at = self.lifetimes.idle_expiry(now, session.expires_at);
        tx.touch_session(session.id, now, idle_expires_at).await?;
        let (refresh, hash) = new_refresh_token();
        tx.insert_refresh_token(&RefreshTokenRecord {
            id: RefreshTokenId::generate(),
            session_id: session.id,
            token_hash: hash,
            state: RefreshState::Active,
            created_at: now,
            expires_at: idle_expires_at,
            used_at: None,
        })
        .await?;
        let audit = draft("auth.token.refreshed").new_value(json!({ "idle_expires_at": idle_expires_at }));
        Ok(Applied::new(Rotation::Rotated {
            session: Box::new(SessionRecord { last_used_at: now, idle_expires_at, ..session }),
            refresh,
            refresh_expires_at: idle_expires_at,
        })
        .audit(audit))
    }
}

#[derive(Debug, Clone, Copy)]
enum EndReason {
    Logout,
    Revoked,
}

struct EndSession {
    session_id: SessionId,
    reason: EndReason,
}

impl Operation for EndSession {
    type Output = ();
    const ACTION: &'static str = "auth:session:revoke";
    const ACCESS: Access = Access::Authenticated;
    const EVENT: &'static str = "auth.session.revoked";
    const CATEGORY: Category = Category::Auth;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let not_found = || ServiceError::NotFound { what: format!("active session {}", self.session_id) };
        let session = tx.session(self.session_id).await?.ok_or_else(not_found)?;
        ctx.require_owner(session.user_id, "session")?;
        let (reason, event) = match self.reason {
            EndReason::Logout => ("logout", "auth.logout"),
            EndReason::Revoked => ("revoked", Self::EVENT),
        };
        if !tx.revoke_session(session.id, ctx.now, reason).await? {
            return Err(not_found());
        }
        Ok(Applied::new(())
            .audit(
                AuditDraft::new(session.tenant_id, event, Category::Auth)
                    .resource("session", session.id, None)
                    .new_value(json!({ "reason": reason })),
            )
            .event(EventDraft::new(
                session.tenant_id,
                "auth.session.revoked",
                json!({ "session_id": session.id, "user_id": session.user_id, "reason": reason }),
            )))
    }
}
