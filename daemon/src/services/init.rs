//! First run: create the provider, its virtual root tenant, the first provider administrator
//! and the access-token signing key. Nothing else is seeded.

use std::sync::Arc;

use chrono::Utc;
use nimbus_core::Secret;
use nimbus_core::audit::Category;
use nimbus_core::authz::SystemRole;
use nimbus_core::email::Email;
use nimbus_core::ids::{AssignmentId, ProviderId, TenantId, UserId};
use nimbus_core::password_policy;
use serde_json::json;

use crate::auth::password::PasswordHasher;
use crate::config::Config;
use crate::error::{ServiceError, ServiceResult};
use crate::keys::{MasterKey, MasterKeySource, generate_signing_key, signing_key_purpose};
use crate::pipeline::{
    Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, Pipeline, RequestContext,
};
use crate::store::{
    AssignmentRecord, ProviderRecord, ScopeRef, SigningKeyRecord, Store, SubjectRef, TenantRecord, UserRecord,
    UserStatus, WriteTx,
};

/// What `nimbusd init` is asked to create.
#[derive(Debug, Clone)]
pub struct InitRequest {
    /// Display name of the provider (the installation).
    pub provider_name: String,
    /// The first provider administrator's email.
    pub admin_email: String,
    /// Their password.
    pub admin_password: Secret<String>,
    /// Their display name (defaults to the email's local part).
    pub admin_name: Option<String>,
}

/// What init created.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// The provider.
    pub provider_id: ProviderId,
    /// Its root tenant.
    pub root_tenant_id: TenantId,
    /// The administrator.
    pub admin_id: UserId,
    /// Their normalised email.
    pub admin_email: String,
    /// Where the master key lives.
    pub master_key: MasterKeySource,
    /// Id of the signing key.
    pub signing_key_id: String,
}

/// Why init did not run.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The request is invalid (email, password policy, name).
    #[error("{0}")]
    Invalid(String),
    /// The database already has a provider.
    #[error("{0} is already initialised; nothing was changed")]
    AlreadyInitialised(String),
    /// Anything else.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Whether `nimbusd init` has run against this database.
pub async fn is_initialised(store: &dyn Store) -> anyhow::Result<bool> {
    Ok(store.read(crate::store::TenantScope::System).await?.provider().await?.is_some())
}

/// Validates the request without touching anything.
pub fn validate(req: &InitRequest) -> Result<Email, InitError> {
    let email = Email::parse(&req.admin_email).map_err(|e| InitError::Invalid(e.to_string()))?;
    password_policy::check(req.admin_password.expose(), &email).map_err(|e| InitError::Invalid(e.to_string()))?;
    let name = req.provider_name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(InitError::Invalid("provider name must be 1 to 100 characters".into()));
    }
    Ok(email)
}

/// Runs first-run initialisation. Refuses (and audits the attempt) when already initialised.
pub async fn initialise(
    config: &Config,
    store: Arc<dyn Store>,
    req: InitRequest,
    trace_id: String,
) -> Result<InitReport, InitError> {
    let email = validate(&req)?;
    let rc = RequestContext::local(trace_id);
    let existing = store
        .read(crate::store::TenantScope::System)
        .await
        .map_err(anyhow::Error::from)?
        .provider()
        .await
        .map_err(anyhow::Error::from)?;
    if let Some(p) = existing {
        let authz = Arc::new(crate::authz::Authorizer::new(store.clone()));
        let pipeline = Pipeline::new(store.clone(), Some(p.root_tenant_id), authz);
        let _ = pipeline.run(&Caller::System, &rc, Initialise { prepared: None }).await;
        return Err(InitError::AlreadyInitialised(store.display_url().to_owned()));
    }

    let (master, source) = MasterKey::load_or_create(config)?;
    let key = generate_signing_key()?;
    let sealed = master.seal(&signing_key_purpose(&key.kid), &key.pkcs8_der)?;
    let hash = PasswordHasher::new().hash(&req.admin_password).await?;
    let now = Utc::now();
    let root = TenantRecord::new(
        TenantId::generate(),
        None,
        req.provider_name.trim().to_owned(),
        "provider".to_owned(),
        0,
        now,
    );
    let admin = UserRecord {
        id: UserId::generate(),
        tenant_id: root.id,
        display_name: req
            .admin_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(email.local_part())
            .to_owned(),
        email: email.as_str().to_owned(),
        password_hash: Some(Secret::new(hash)),
        status: UserStatus::Active,
        created_at: now,
        updated_at: now,
    };
    let provider = ProviderRecord {
        id: ProviderId::generate(),
        name: root.name.clone(),
        root_tenant_id: root.id,
        initial_admin_id: admin.id,
        created_at: now,
    };
    let audit_key = crate::audit::signer::new_key_record(&master)?;
    let signing_key = SigningKeyRecord {
        kid: key.kid.clone(),
        algorithm: "EdDSA".into(),
        public_key: key.public_key,
        sealed_private_key: sealed,
        created_at: now,
        retired_at: None,
    };
    let report = InitReport {
        provider_id: provider.id,
        root_tenant_id: root.id,
        admin_id: admin.id,
        admin_email: admin.email.clone(),
        master_key: source,
        signing_key_id: key.kid,
    };
    let pipeline = Pipeline::new(store.clone(), None, Arc::new(crate::authz::Authorizer::new(store.clone())));
    let op = Initialise { prepared: Some(Prepared { root, admin, provider, signing_key, audit_key }) };
    match pipeline.run(&Caller::System, &rc, op).await {
        Ok(()) => Ok(report),
        Err(ServiceError::Conflict { .. }) => Err(InitError::AlreadyInitialised(store.display_url().to_owned())),
        Err(e) => Err(InitError::Other(anyhow::anyhow!("initialisation failed: {e}"))),
    }
}

struct Prepared {
    root: TenantRecord,
    admin: UserRecord,
    provider: ProviderRecord,
    signing_key: SigningKeyRecord,
    audit_key: SigningKeyRecord,
}

/// Creates the provider. With nothing prepared it only exists to be refused (and audited).
struct Initialise {
    prepared: Option<Prepared>,
}

impl Operation for Initialise {
    type Output = ();
    const ACTION: &'static str = "system:provider:initialise";
    const ACCESS: Access = Access::System;
    const EVENT: &'static str = "system.initialized";
    const CATEGORY: Category = Category::System;

    async fn apply(self, tx: &mut dyn WriteTx, _ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        if tx.provider().await?.is_some() {
            return Err(ServiceError::Conflict { message: "nimbus is already initialised".into() });
        }
        let Prepared { root, admin, provider, signing_key, audit_key } = self
            .prepared
            .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("initialise called without prepared records")))?;
        tx.insert_tenant(&root).await?;
        tx.insert_user(&admin).await?;
        tx.insert_provider(&provider).await?;
        tx.insert_signing_key(&signing_key).await?;
        tx.insert_signing_key(&audit_key).await?;
        // The first administrator holds Provider Admin at the root: every other grant descends
        // from someone holding it.
        tx.insert_assignment(&AssignmentRecord {
            id: AssignmentId::generate(),
            tenant_id: root.id,
            role_id: SystemRole::ProviderAdmin.id(),
            subject: SubjectRef::User(admin.id),
            scope: ScopeRef::Tenant(root.id),
            expires_at: None,
            created_by: None,
            created_at: provider.created_at,
        })
        .await?;
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(())
            .audit(
                AuditDraft::new(root.id, Self::EVENT, Category::System)
                    .resource("provider", provider.id, Some(provider.name.clone()))
                    .new_value(json!({
                        "provider_name": provider.name,
                        "root_tenant_id": root.id,
                        "initial_admin_id": admin.id,
                        "signing_key_id": signing_key.kid,
                        "audit_key_id": audit_key.kid,
                    })),
            )
            .audit(
                AuditDraft::new(root.id, "user.created", Category::User)
                    .resource("user", admin.id, Some(admin.email.clone()))
                    .new_value(json!({
                        "email": admin.email,
                        "display_name": admin.display_name,
                        "tenant_id": root.id,
                        "provider_admin": true,
                    })),
            )
            .event(EventDraft::new(root.id, "system.initialized", json!({ "provider_id": provider.id })))
            .event(EventDraft::new(root.id, "user.created", json!({ "user_id": admin.id }))))
    }
}
