//! Invitations: invite an email address to a tenant with a role; the holder of the token
//! verifies it publicly and accepts it, which creates the account (or adds an existing one to
//! the tenant) and grants the role in one transaction.
//!
//! Tokens (`nmi_` + 32 random bytes) are stored only as SHA-256. Expiry is lazy: a pending
//! invitation past its time reads as expired and is marked so when next touched. Inviting an
//! address that already has a pending invitation returns that invitation with a fresh token.
//! The role is checked against the inviter's own grants when inviting (nobody invites above
//! what they hold), and the token is the authority when accepting.

use chrono::{DateTime, Duration, Utc};
use nimbus_core::Secret;
use nimbus_core::api::iam::User;
use nimbus_core::api::invitations::{
    AcceptInvitation, Accepted, CreateInvitation, CreatedInvitation, Invitation, InvitationInfo, InvitationList,
};
use nimbus_core::audit::{Actor, ActorKind, Category, Priority};
use nimbus_core::authz::{RoleDef, Scope, SystemRole};
use nimbus_core::email::Email;
use nimbus_core::ids::{AssignmentId, InvitationId, TenantId, UserId};
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Services;
use crate::auth::Principal;
use crate::authz::Target;
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::tenancy::check_name;
use crate::store::{
    AssignmentRecord, InvitationRecord, InvitationStatus, ScopeRef, StoreError, SubjectRef, TenantScope, UserRecord,
    UserStatus, WriteTx,
};

const TOKEN_PREFIX: &str = "nmi_";
const DEFAULT_HOURS: u32 = 168;
const MAX_HOURS: u32 = 720;

fn new_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token =
        format!("{TOKEN_PREFIX}{}", base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes));
    let hash = Sha256::digest(token.as_bytes()).to_vec();
    (token, hash)
}

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.trim().as_bytes()).to_vec()
}

/// The status as of `now` (a pending invitation past its expiry is expired).
fn effective(i: &InvitationRecord, now: DateTime<Utc>) -> InvitationStatus {
    match i.status {
        InvitationStatus::Pending if i.expires_at <= now => InvitationStatus::Expired,
        other => other,
    }
}

fn dto(i: &InvitationRecord, role_name: String, now: DateTime<Utc>) -> Invitation {
    Invitation {
        id: i.id,
        tenant_id: i.tenant_id,
        email: i.email.clone(),
        role_id: i.role_id,
        role_name,
        status: effective(i, now).as_str().to_owned(),
        invited_by: i.invited_by,
        created_at: i.created_at,
        expires_at: i.expires_at,
        decided_at: i.decided_at,
    }
}

fn unknown_token() -> ServiceError {
    ServiceError::NotFound { what: "invitation for this token".into() }
}

impl Services {
    /// A tenant's invitations, newest first.
    pub async fn list_invitations(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<InvitationList> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:invitation:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let now = Utc::now();
        let mut invitations = Vec::new();
        for i in read.invitations(tenant).await? {
            let role = read.role(i.role_id).await?.map(|r| r.name).unwrap_or_default();
            invitations.push(dto(&i, role, now));
        }
        Ok(InvitationList { invitations })
    }

    /// Invites an address (or re-sends the pending invitation with a fresh token).
    pub async fn create_invitation(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateInvitation,
    ) -> ServiceResult<CreatedInvitation> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let email = Email::parse(&req.email).map_err(|e| ServiceError::Invalid { message: format!("email: {e}") })?;
        let hours = req.expires_in_hours.unwrap_or(DEFAULT_HOURS);
        if !(1..=MAX_HOURS).contains(&hours) {
            return Err(ServiceError::Invalid { message: format!("expires_in_hours must be 1 to {MAX_HOURS}") });
        }
        let op = InviteOp {
            tenant,
            email: email.as_str().to_owned(),
            role: req.role_id,
            hours,
            sealer: self.notifier.sealer().clone(),
            link_base: self.notifier.config().public_url.clone(),
        };
        let (record, role_name, token) = self.pipeline.run(&Caller::User(principal.clone()), rc, op).await?;
        self.engine.poke();
        Ok(CreatedInvitation { invitation: dto(&record, role_name, Utc::now()), token })
    }

    /// Revokes a pending invitation.
    pub async fn revoke_invitation(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: InvitationId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.pipeline.run(&Caller::User(principal.clone()), rc, RevokeInvitationOp { tenant, id }).await
    }

    /// What a token invites to (public).
    pub async fn verify_invitation(&self, token: &str) -> ServiceResult<InvitationInfo> {
        let mut read = self.store.read(TenantScope::System).await?;
        let i = read.invitation_by_hash(&hash(token)).await?.ok_or_else(unknown_token)?;
        let tenant = read.tenant(i.tenant_id).await?.ok_or_else(unknown_token)?;
        let role = read.role(i.role_id).await?.map(|r| r.name).unwrap_or_default();
        let existing_account = read.user_by_email(&i.email).await?.is_some();
        Ok(InvitationInfo {
            tenant_name: tenant.name,
            email: i.email.clone(),
            role_name: role,
            status: effective(&i, Utc::now()).as_str().to_owned(),
            expires_at: i.expires_at,
            existing_account,
        })
    }

    /// Accepts an invitation (public: the token is the authority).
    pub async fn accept_invitation(&self, rc: &RequestContext, req: AcceptInvitation) -> ServiceResult<Accepted> {
        let info = self.verify_invitation(&req.token).await?;
        let password_hash = match (&req.password, info.existing_account) {
            (_, true) => None,
            (Some(p), false) => {
                let email = Email::parse(&info.email).map_err(|e| ServiceError::Invalid { message: e.to_string() })?;
                nimbus_core::password_policy::check(p, &email)
                    .map_err(|e| ServiceError::Invalid { message: format!("password: {e}") })?;
                Some(Secret::new(self.hasher.hash(&Secret::new(p.clone())).await?))
            }
            (None, false) => {
                return Err(ServiceError::Invalid {
                    message: "password: a new account needs one (12+ characters, not common)".into(),
                });
            }
        };
        let display_name = req.display_name.as_deref().map(|n| check_name("display", n)).transpose()?;
        let op = AcceptOp { token_hash: hash(&req.token), password_hash, display_name };
        let (user, tenant_id, created) = self.pipeline.run(&Caller::Anonymous, rc, op).await?;
        Ok(Accepted {
            user: User {
                id: user.id,
                home_tenant_id: user.tenant_id,
                email: user.email,
                display_name: user.display_name,
                status: user.status.as_str().to_owned(),
                attributes: std::collections::BTreeMap::new(),
                created_at: user.created_at,
            },
            tenant_id,
            created,
        })
    }
}

struct InviteOp {
    tenant: TenantId,
    email: String,
    role: nimbus_core::ids::RoleId,
    hours: u32,
    /// Seals the invitation email, which carries the token.
    sealer: crate::notify::Sealer,
    /// Base URL for the acceptance link.
    link_base: Option<String>,
}

impl Operation for InviteOp {
    type Output = (InvitationRecord, String, String);
    const ACTION: &'static str = "iam:invitation:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "invitation.create_failed";
    const CATEGORY: Category = Category::User;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let ok = ctx.authorized()?;
        let role =
            tx.role(self.role).await?.ok_or_else(|| ServiceError::NotFound { what: format!("role {}", self.role) })?;
        let def =
            match SystemRole::from_id(role.id) {
                Some(s) => RoleDef::system(s),
                None => ok.snapshot().directory().role(role.id).cloned().ok_or_else(|| ServiceError::Conflict {
                    message: "the role was changed a moment ago; retry".into(),
                })?,
            };
        // Nobody invites anyone into more than they could grant themselves.
        ok.expansion()
            .can_grant_role(ok.snapshot().directory(), &def, Scope::Tenant(self.tenant), ctx.now)
            .map_err(|e| ServiceError::Denied { message: e.to_string(), conceal: false })?;
        let (token, token_hash) = new_token();
        let expires_at = ctx.now + Duration::hours(i64::from(self.hours));
        let (record, event) = match tx.pending_invitation(self.tenant, &self.email).await? {
            Some(mut pending) if pending.expires_at > ctx.now => {
                pending.token_hash = token_hash;
                pending.role_id = role.id;
                pending.expires_at = expires_at;
                pending.created_at = ctx.now;
                tx.update_invitation(&pending).await?;
                (pending, "invitation.resent")
            }
            stale => {
                if let Some(mut old) = stale {
                    old.status = InvitationStatus::Expired;
                    old.decided_at = Some(ctx.now);
                    tx.update_invitation(&old).await?;
                }
                let i = InvitationRecord {
                    id: InvitationId::generate(),
                    tenant_id: self.tenant,
                    email: self.email,
                    role_id: role.id,
                    token_hash,
                    status: InvitationStatus::Pending,
                    invited_by: Some(ctx.principal()?.user_id()),
                    created_at: ctx.now,
                    expires_at,
                    decided_at: None,
                    accepted_user: None,
                };
                tx.insert_invitation(&i).await?;
                (i, "invitation.created")
            }
        };
        // The invitation email is queued in this transaction: it exists exactly when the
        // invitation does, and goes out through the tenant's (or an ancestor's) SMTP channel.
        let link = self
            .link_base
            .as_deref()
            .map(|base| format!("{}/invitations/accept?token={token}", base.trim_end_matches('/')));
        let notice = crate::notify::fanout::Notice {
            tenant: self.tenant,
            event_type: "invitation.created".into(),
            category: "user".into(),
            users: Vec::new(),
            addresses: vec![record.email.clone()],
            data: json!({
                "email": record.email, "role": role.name, "expires_at": expires_at,
                "invited_by": ctx.principal()?.actor().display, "resent": event == "invitation.resent",
            }),
            private: json!({ "token": token, "link": link }),
        };
        let queued = crate::notify::fanout::enqueue(tx, &self.sealer, &notice, ctx.now).await?;
        Ok(Applied::new((record.clone(), role.name.clone(), token)).audit(
            AuditDraft::new(self.tenant, event, Category::User)
                .resource("invitation", record.id, Some(record.email.clone()))
                .new_value(json!({
                    "email": record.email, "role_id": role.id, "role": role.name, "expires_at": expires_at,
                    "email_queued": queued.deliveries > 0,
                })),
        ))
    }
}

struct RevokeInvitationOp {
    tenant: TenantId,
    id: InvitationId,
}

impl Operation for RevokeInvitationOp {
    type Output = ();
    const ACTION: &'static str = "iam:invitation:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "invitation.revoke_failed";
    const CATEGORY: Category = Category::User;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: None })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let mut i = tx
            .invitations(self.tenant)
            .await?
            .into_iter()
            .find(|i| i.id == self.id)
            .ok_or_else(|| ServiceError::NotFound { what: format!("invitation {}", self.id) })?;
        if effective(&i, ctx.now) != InvitationStatus::Pending {
            return Err(ServiceError::Conflict {
                message: format!("the invitation is {}", effective(&i, ctx.now).as_str()),
            });
        }
        i.status = InvitationStatus::Revoked;
        i.decided_at = Some(ctx.now);
        tx.update_invitation(&i).await?;
        Ok(Applied::new(()).audit(AuditDraft::new(self.tenant, "invitation.revoked", Category::User).resource(
            "invitation",
            i.id,
            Some(i.email.clone()),
        )))
    }
}

struct AcceptOp {
    token_hash: Vec<u8>,
    password_hash: Option<Secret<String>>,
    display_name: Option<String>,
}

impl Operation for AcceptOp {
    type Output = (UserRecord, TenantId, bool);
    const ACTION: &'static str = "iam:invitation:accept";
    const ACCESS: Access = Access::Anyone;
    const EVENT: &'static str = "invitation.accept_failed";
    const CATEGORY: Category = Category::User;

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let mut i = tx.invitation_by_hash(&self.token_hash).await?.ok_or_else(unknown_token)?;
        match effective(&i, ctx.now) {
            InvitationStatus::Pending => {}
            // Expiry is lazy: reads show it, and the next invitation to the address marks it.
            InvitationStatus::Expired => {
                return Err(ServiceError::Conflict { message: "the invitation has expired; ask for a new one".into() });
            }
            other => {
                return Err(ServiceError::Conflict { message: format!("the invitation is {}", other.as_str()) });
            }
        }
        let (user, created) = match tx.user_by_email(&i.email).await? {
            Some(u) => {
                if u.status != UserStatus::Active {
                    return Err(ServiceError::Conflict { message: "the invited account is disabled".into() });
                }
                if u.tenant_id != i.tenant_id && !tx.is_member(u.id, i.tenant_id).await? {
                    tx.insert_membership(u.id, i.tenant_id, ctx.now).await?;
                }
                (u, false)
            }
            None => {
                let password_hash = self
                    .password_hash
                    .ok_or_else(|| ServiceError::Invalid { message: "password: a new account needs one".into() })?;
                let email = Email::parse(&i.email).map_err(|e| ServiceError::Invalid { message: e.to_string() })?;
                let u = UserRecord {
                    id: UserId::generate(),
                    tenant_id: i.tenant_id,
                    display_name: self.display_name.unwrap_or_else(|| email.local_part().to_owned()),
                    email: i.email.clone(),
                    password_hash: Some(password_hash),
                    status: UserStatus::Active,
                    created_at: ctx.now,
                    updated_at: ctx.now,
                };
                tx.insert_user(&u).await.map_err(|e| match e {
                    StoreError::Conflict(_) => ServiceError::Conflict {
                        message: "an account with this email was just created; accept again".into(),
                    },
                    other => other.into(),
                })?;
                (u, true)
            }
        };
        let assignment = AssignmentRecord {
            id: AssignmentId::generate(),
            tenant_id: i.tenant_id,
            role_id: i.role_id,
            subject: SubjectRef::User(user.id),
            scope: ScopeRef::Tenant(i.tenant_id),
            expires_at: None,
            created_by: i.invited_by,
            created_at: ctx.now,
        };
        match tx.insert_assignment(&assignment).await {
            // The account already holds the role there: accepting still succeeds.
            Ok(()) | Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
        i.status = InvitationStatus::Accepted;
        i.decided_at = Some(ctx.now);
        i.accepted_user = Some(user.id);
        tx.update_invitation(&i).await?;
        tx.bump_authz_epoch().await?;
        let actor = Actor { kind: ActorKind::User, id: Some(*user.id.as_uuid()), display: user.email.clone() };
        let mut applied = Applied::new((user.clone(), i.tenant_id, created)).audit(
            AuditDraft::new(i.tenant_id, "invitation.accepted", Category::User)
                .actor(actor.clone())
                .priority(Priority::Warn)
                .resource("invitation", i.id, Some(i.email.clone()))
                .new_value(json!({ "user_id": user.id, "role_id": i.role_id, "account_created": created })),
        );
        if created {
            applied =
                applied.audit(AuditDraft::new(i.tenant_id, "user.created", Category::User).actor(actor).resource(
                    "user",
                    user.id,
                    Some(user.email.clone()),
                ));
        }
        Ok(applied.event(EventDraft::new(
            i.tenant_id,
            "invitation.accepted",
            json!({ "invitation_id": i.id, "user_id": user.id }),
        )))
    }
}
