//! Identity and access inside a tenant: users and memberships, nested groups, roles, role
//! assignments, the tenant's Cedar policies, the permission catalogue and explained decisions.
//!
//! The rules that make escalation impossible live here, each checked inside the operation's
//! transaction: nobody creates or changes a role, or assigns one, that yields more than they
//! hold at that scope (the pure check is `Expansion::can_grant_role`); the last active tenant
//! administrator cannot be removed, disabled or ungrouped; group nesting cannot form a cycle.
//! Policies need no such check: they only narrow.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use nimbus_core::Secret;
use nimbus_core::api::iam::{
    AddGroupMember, Assignment, AssignmentList, CheckRequest, CheckResult, ConditionResult, CreateAssignment,
    CreateGroup, CreatePolicy, CreateRole, CreateUser, Group, GroupList, GroupMember, PermissionInfo, PermissionList,
    Policy, PolicyList, Ref, Role, RoleList, UpdateRole, UpdateUser, User, UserList,
};
use nimbus_core::audit::{Category, Priority};
use nimbus_core::authz::{
    Effect, Permission, PermissionPattern, RoleDef, Scope, SystemRole, TenantPolicies, Tier, catalogue,
};
use nimbus_core::email::Email;
use nimbus_core::ids::{AssignmentId, CompartmentId, GroupId, PolicyId, RoleId, TenantId, UserId};
use serde_json::json;

use super::Services;
use crate::auth::Principal;
use crate::authz::{RequestAttrs, Target, parse_tier};
use crate::error::{ServiceError, ServiceResult};
use crate::pipeline::{Access, Applied, AuditDraft, Caller, EventDraft, OpContext, Operation, RequestContext};
use crate::services::tenancy::check_name;
use crate::store::{
    AssignmentRecord, GroupMemberRecord, GroupRecord, PolicyRecord, ReadTx, RoleRecord, ScopeRef, StoreError,
    SubjectRef, UserRecord, UserStatus, WriteTx,
};

/// Roles whose holders administer a tenant (the last one is protected).
const ADMIN_ROLES: [SystemRole; 2] = [SystemRole::TenantAdmin, SystemRole::ProviderAdmin];

fn conflict_as(message: String) -> impl FnOnce(StoreError) -> ServiceError {
    move |e| match e {
        StoreError::Conflict(_) => ServiceError::Conflict { message },
        other => other.into(),
    }
}

fn user_dto(u: &UserRecord, attributes: BTreeMap<String, String>) -> User {
    User {
        attributes,
        id: u.id,
        home_tenant_id: u.tenant_id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        status: u.status.as_str().to_owned(),
        created_at: u.created_at,
    }
}

fn role_dto(r: &RoleRecord) -> Role {
    let system = SystemRole::from_id(r.id);
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    Role {
        id: r.id,
        tenant_id: r.tenant_id,
        name: r.name.clone(),
        description: system.map_or_else(|| r.description.clone(), |s| s.description().to_owned()),
        system: system.is_some(),
        tier: r.tier.clone(),
        parent_id: r.parent_id,
        allow: system.map_or_else(|| r.allow.clone(), |s| strings(s.allows())),
        deny: system.map_or_else(|| r.deny.clone(), |s| strings(s.denies())),
    }
}

fn parse_patterns(field: &str, raw: &[String]) -> ServiceResult<Vec<PermissionPattern>> {
    raw.iter()
        .map(|p| {
            PermissionPattern::parse(p.trim()).map_err(|e| ServiceError::Invalid {
                message: format!("{field}: {p:?} is not a permission pattern: {e}"),
            })
        })
        .collect()
}

fn tier_of(raw: Option<&str>) -> ServiceResult<Tier> {
    match raw {
        None => Ok(Tier::User),
        Some(t) => parse_tier(t).ok_or_else(|| ServiceError::Invalid {
            message: format!("tier {t:?} is unknown; use read_only, user, tenant_admin or provider"),
        }),
    }
}

fn escalation(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Denied { message: e.to_string(), conceal: false }
}

/// Active users holding an administrator role at `tenant` itself, directly or through groups.
async fn active_admins(tx: &mut dyn WriteTx, tenant: TenantId, now: DateTime<Utc>) -> ServiceResult<usize> {
    let admin_ids: Vec<RoleId> = ADMIN_ROLES.iter().map(|r| r.id()).collect();
    let mut users: HashSet<UserId> = HashSet::new();
    for a in tx.assignments(tenant).await? {
        if !admin_ids.contains(&a.role_id)
            || a.scope != ScopeRef::Tenant(tenant)
            || a.expires_at.is_some_and(|e| e <= now)
        {
            continue;
        }
        match a.subject {
            SubjectRef::User(u) => {
                users.insert(u);
            }
            SubjectRef::Group(g) => {
                let mut queue = vec![g];
                let mut seen = HashSet::new();
                while let Some(g) = queue.pop() {
                    if !seen.insert(g) || tx.group(tenant, g).await?.is_none() {
                        continue;
                    }
                    for m in tx.group_members(g).await? {
                        match m.member {
                            SubjectRef::User(u) => {
                                users.insert(u);
                            }
                            SubjectRef::Group(child) => queue.push(child),
                        }
                    }
                }
            }
        }
    }
    let mut active = 0;
    for u in users {
        if tx.user(u).await?.is_some_and(|u| u.status == UserStatus::Active) {
            active += 1;
        }
    }
    Ok(active)
}

/// Refuses a change that leaves a tenant that had an administrator without one.
async fn keep_an_admin(tx: &mut dyn WriteTx, tenant: TenantId, before: usize, now: DateTime<Utc>) -> ServiceResult<()> {
    if before > 0 && active_admins(tx, tenant, now).await? == 0 {
        return Err(ServiceError::Conflict {
            message: "this would remove the tenant's last active administrator; make someone else Tenant Admin first"
                .into(),
        });
    }
    Ok(())
}

/// A user who belongs to `tenant` (home or member).
async fn tenant_user(tx: &mut dyn ReadTx, tenant: TenantId, id: UserId) -> ServiceResult<UserRecord> {
    match tx.user(id).await? {
        Some(u) if u.tenant_id == tenant || tx.is_member(u.id, tenant).await? => Ok(u),
        _ => Err(ServiceError::NotFound { what: format!("user {id} in this tenant") }),
    }
}

async fn live_group(tx: &mut dyn ReadTx, tenant: TenantId, id: GroupId) -> ServiceResult<GroupRecord> {
    tx.group(tenant, id).await?.ok_or_else(|| ServiceError::NotFound { what: format!("group {id}") })
}

async fn group_dto(tx: &mut dyn ReadTx, g: &GroupRecord) -> ServiceResult<Group> {
    let mut members = Vec::new();
    for m in tx.group_members(g.id).await? {
        let (kind, id, name) = match m.member {
            SubjectRef::User(u) => ("user", u.to_string(), tx.user(u).await?.map(|u| u.email).unwrap_or_default()),
            SubjectRef::Group(c) => {
                ("group", c.to_string(), tx.group(g.tenant_id, c).await?.map(|g| g.name).unwrap_or_default())
            }
        };
        members.push(GroupMember { kind: kind.to_owned(), id, name });
    }
    Ok(Group {
        id: g.id,
        tenant_id: g.tenant_id,
        name: g.name.clone(),
        description: g.description.clone(),
        members,
        created_at: g.created_at,
    })
}

/// A role the tenant may use: a system role, or a custom role of the tenant or an ancestor.
async fn usable_role(tx: &mut dyn ReadTx, id: RoleId) -> ServiceResult<RoleRecord> {
    tx.role(id).await?.ok_or_else(|| ServiceError::NotFound { what: format!("role {id}") })
}

impl Services {
    fn caller(principal: &Principal) -> Caller {
        Caller::User(principal.clone())
    }

    /// Users of a tenant (home and members), optionally filtered by email or name.
    pub async fn list_users(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        search: Option<&str>,
    ) -> ServiceResult<UserList> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:user:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let mut users = Vec::new();
        for u in read.tenant_users(tenant, search).await? {
            let attributes = read.user_attributes(u.id).await?;
            users.push(user_dto(&u, attributes));
        }
        Ok(UserList { users })
    }

    /// One user of a tenant.
    pub async fn get_user(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: UserId,
    ) -> ServiceResult<User> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:user:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let u = tenant_user(read.as_mut(), tenant, id).await?;
        let attributes = read.user_attributes(u.id).await?;
        Ok(user_dto(&u, attributes))
    }

    /// Creates a user whose home is the tenant.
    pub async fn create_user(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateUser,
    ) -> ServiceResult<User> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let email = Email::parse(&req.email).map_err(|e| ServiceError::Invalid { message: format!("email: {e}") })?;
        let display_name = match req.display_name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            Some(n) => check_name("display", n)?,
            None => email.local_part().to_owned(),
        };
        let password_hash = match req.password {
            Some(p) => {
                nimbus_core::password_policy::check(&p, &email)
                    .map_err(|e| ServiceError::Invalid { message: format!("password: {e}") })?;
                Some(Secret::new(self.hasher.hash(&Secret::new(p)).await?))
            }
            None => None,
        };
        let op = CreateUserOp { tenant, email: email.as_str().to_owned(), display_name, password_hash };
        Ok(user_dto(&self.pipeline.run(&Self::caller(principal), rc, op).await?, BTreeMap::new()))
    }

    /// Changes a user's name or status.
    pub async fn update_user(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: UserId,
        req: UpdateUser,
    ) -> ServiceResult<User> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let display_name = req.display_name.as_deref().map(|n| check_name("display", n)).transpose()?;
        let status = req
            .status
            .as_deref()
            .map(|s| {
                UserStatus::parse(s).map_err(|_| ServiceError::Invalid {
                    message: format!("status {s:?} is unknown; use active, disabled or locked"),
                })
            })
            .transpose()?;
        if let Some(attrs) = &req.attributes
            && let Some((k, _)) = attrs.iter().find(|(k, v)| {
                k.is_empty()
                    || k.len() > 64
                    || v.len() > 256
                    || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            })
        {
            return Err(ServiceError::Invalid {
                message: format!(
                    "attribute {k:?}: names are 1 to 64 letters, digits or underscores (policies read them as principal.attrs.NAME); values at most 256 bytes"
                ),
            });
        }
        let op = UpdateUserOp { tenant, user: id, display_name, status, attributes: req.attributes };
        let (u, attributes) = self.pipeline.run(&Self::caller(principal), rc, op).await?;
        Ok(user_dto(&u, attributes))
    }

    /// Deletes a home user, or removes a member from the tenant.
    pub async fn delete_user(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: UserId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.pipeline.run(&Self::caller(principal), rc, DeleteUserOp { tenant, user: id }).await
    }

    /// Groups of a tenant with their direct members.
    pub async fn list_groups(&self, principal: &Principal, rc: &RequestContext, key: &str) -> ServiceResult<GroupList> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:group:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let mut groups = Vec::new();
        for g in read.groups(tenant).await? {
            groups.push(group_dto(read.as_mut(), &g).await?);
        }
        Ok(GroupList { groups })
    }

    /// One group.
    pub async fn get_group(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: GroupId,
    ) -> ServiceResult<Group> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:group:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let g = live_group(read.as_mut(), tenant, id).await?;
        group_dto(read.as_mut(), &g).await
    }

    /// Creates a group.
    pub async fn create_group(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateGroup,
    ) -> ServiceResult<Group> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let name = check_name("group", &req.name)?;
        let id = self
            .pipeline
            .run(&Self::caller(principal), rc, CreateGroupOp { tenant, name, description: req.description })
            .await?;
        self.get_group(principal, rc, key, id).await
    }

    /// Deletes a group (its memberships and assignments go with it).
    pub async fn delete_group(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: GroupId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.pipeline.run(&Self::caller(principal), rc, DeleteGroupOp { tenant, group: id }).await
    }

    /// Adds a user or a group to a group.
    pub async fn add_group_member(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: GroupId,
        req: AddGroupMember,
    ) -> ServiceResult<Group> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let member = match (req.user_id, req.group_id) {
            (Some(u), None) => SubjectRef::User(u),
            (None, Some(g)) => SubjectRef::Group(g),
            _ => return Err(ServiceError::Invalid { message: "send exactly one of user_id and group_id".into() }),
        };
        self.pipeline.run(&Self::caller(principal), rc, GroupMemberOp { tenant, group: id, member, add: true }).await?;
        self.get_group(principal, rc, key, id).await
    }

    /// Removes a member from a group.
    pub async fn remove_group_member(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: GroupId,
        member: uuid::Uuid,
    ) -> ServiceResult<Group> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        // Either kind: the store matches the id against users and groups alike.
        let member = SubjectRef::User(UserId::from_uuid(member));
        self.pipeline
            .run(&Self::caller(principal), rc, GroupMemberOp { tenant, group: id, member, add: false })
            .await?;
        self.get_group(principal, rc, key, id).await
    }

    /// System roles and the tenant's custom roles.
    pub async fn list_roles(&self, principal: &Principal, rc: &RequestContext, key: &str) -> ServiceResult<RoleList> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:role:read", Target { tenant, compartment: None }).await?;
        let roles = self.store.read(ok.scope()).await?.roles(tenant).await?;
        Ok(RoleList { roles: roles.iter().map(role_dto).collect() })
    }

    /// One role.
    pub async fn get_role(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RoleId,
    ) -> ServiceResult<Role> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:role:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        Ok(role_dto(&usable_role(read.as_mut(), id).await?))
    }

    /// Creates a custom role.
    pub async fn create_role(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateRole,
    ) -> ServiceResult<Role> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let op = RoleOp {
            tenant,
            id: None,
            name: Some(check_name("role", &req.name)?),
            description: Some(req.description),
            parent: req.parent_id,
            tier: Some(tier_of(req.tier.as_deref())?),
            allow: Some(parse_patterns("allow", &req.allow)?),
            deny: Some(parse_patterns("deny", &req.deny)?),
            delete: false,
        };
        let id = self.pipeline.run(&Self::caller(principal), rc, CreateRoleOp(op)).await?;
        self.get_role(principal, rc, key, id).await
    }

    /// Changes a custom role.
    pub async fn update_role(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RoleId,
        req: UpdateRole,
    ) -> ServiceResult<Role> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let op = RoleOp {
            tenant,
            id: Some(id),
            name: req.name.as_deref().map(|n| check_name("role", n)).transpose()?,
            description: req.description,
            parent: None,
            tier: None,
            allow: req.allow.as_deref().map(|a| parse_patterns("allow", a)).transpose()?,
            deny: req.deny.as_deref().map(|d| parse_patterns("deny", d)).transpose()?,
            delete: false,
        };
        self.pipeline.run(&Self::caller(principal), rc, UpdateRoleOp(op)).await?;
        self.get_role(principal, rc, key, id).await
    }

    /// Deletes an unassigned custom role.
    pub async fn delete_role(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: RoleId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let op = RoleOp {
            tenant,
            id: Some(id),
            name: None,
            description: None,
            parent: None,
            tier: None,
            allow: None,
            deny: None,
            delete: true,
        };
        self.pipeline.run(&Self::caller(principal), rc, DeleteRoleOp(op)).await.map(|_| ())
    }

    /// Assignments made in a tenant.
    pub async fn list_assignments(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<AssignmentList> {
        let info = self.tenant_info(principal, rc, Some(key)).await?;
        let tenant = info.record.id;
        let ok = self.check(principal, rc, "iam:assignment:read", Target { tenant, compartment: None }).await?;
        let mut read = self.store.read(ok.scope()).await?;
        let roles: HashMap<RoleId, String> = read.roles(tenant).await?.into_iter().map(|r| (r.id, r.name)).collect();
        let compartments: HashMap<CompartmentId, String> =
            read.compartments(tenant).await?.into_iter().map(|c| (c.id, c.name)).collect();
        let mut assignments = Vec::new();
        for a in read.assignments(tenant).await? {
            let role_name = match roles.get(&a.role_id) {
                Some(n) => n.clone(),
                None => read.role(a.role_id).await?.map(|r| r.name).unwrap_or_default(),
            };
            let subject = match a.subject {
                SubjectRef::User(u) => Ref {
                    kind: "user".into(),
                    id: u.to_string(),
                    name: read.user(u).await?.map(|u| u.email).unwrap_or_default(),
                },
                SubjectRef::Group(g) => Ref {
                    kind: "group".into(),
                    id: g.to_string(),
                    name: read.group(tenant, g).await?.map(|g| g.name).unwrap_or_default(),
                },
            };
            let scope = match a.scope {
                ScopeRef::Tenant(t) => Ref { kind: "tenant".into(), id: t.to_string(), name: info.record.slug.clone() },
                ScopeRef::Compartment(c) => Ref {
                    kind: "compartment".into(),
                    id: c.to_string(),
                    name: compartments.get(&c).cloned().unwrap_or_default(),
                },
            };
            assignments.push(Assignment {
                id: a.id,
                role_id: a.role_id,
                role_name,
                subject,
                scope,
                expires_at: a.expires_at,
                created_at: a.created_at,
            });
        }
        Ok(AssignmentList { assignments })
    }

    /// Grants a role.
    pub async fn create_assignment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateAssignment,
    ) -> ServiceResult<AssignmentId> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let subject = match (req.user_id, req.group_id) {
            (Some(u), None) => SubjectRef::User(u),
            (None, Some(g)) => SubjectRef::Group(g),
            _ => return Err(ServiceError::Invalid { message: "send exactly one of user_id and group_id".into() }),
        };
        let expires_at = req.expires_at.map(|t| t.with_timezone(&Utc));
        if expires_at.is_some_and(|t| t <= Utc::now()) {
            return Err(ServiceError::Invalid { message: "expires_at is in the past".into() });
        }
        let op = CreateAssignmentOp { tenant, role: req.role_id, subject, compartment: req.compartment_id, expires_at };
        self.pipeline.run(&Self::caller(principal), rc, op).await
    }

    /// Grants a role and returns the assignment as listed.
    pub async fn create_assignment_dto(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreateAssignment,
    ) -> ServiceResult<Assignment> {
        let id = self.create_assignment(principal, rc, key, req).await?;
        self.list_assignments(principal, rc, key)
            .await?
            .assignments
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("assignment {id} vanished after creation")))
    }

    /// Revokes a role assignment.
    pub async fn delete_assignment(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: AssignmentId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.pipeline.run(&Self::caller(principal), rc, DeleteAssignmentOp { tenant, id }).await
    }

    /// The permission catalogue.
    pub async fn permissions(&self, principal: &Principal, rc: &RequestContext) -> ServiceResult<PermissionList> {
        self.check(principal, rc, "iam:permission:read", Target { tenant: principal.tenant_id(), compartment: None })
            .await?;
        let permissions = catalogue()
            .iter()
            .map(|d| {
                let (domain, resource, action, subtype) = d.parts();
                PermissionInfo {
                    key: d.key.to_owned(),
                    domain: domain.to_owned(),
                    resource: resource.to_owned(),
                    action: action.to_owned(),
                    subtype: subtype.map(str::to_owned),
                    description: d.description.to_owned(),
                }
            })
            .collect();
        Ok(PermissionList { permissions })
    }

    /// Explains whether a user of the tenant may do something there.
    pub async fn explain(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CheckRequest,
    ) -> ServiceResult<CheckResult> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let target = Target { tenant, compartment: req.compartment_id };
        let ok = self.check(principal, rc, "iam:decision:explain", target).await?;
        let permission = Permission::parse(req.permission.trim())
            .map_err(|e| ServiceError::Invalid { message: format!("permission: {e}") })?;
        let mut read = self.store.read(ok.scope()).await?;
        let user = match req.user.parse::<UserId>() {
            Ok(id) => read.user(id).await?,
            Err(_) => read.user_by_email(&req.user.trim().to_lowercase()).await?,
        }
        .ok_or_else(|| ServiceError::NotFound { what: format!("user {:?}", req.user) })?;
        drop(read);
        let mut attrs = RequestAttrs::default();
        for (k, v) in &req.resource {
            match k.as_str() {
                "kind" => attrs.kind = Some(v.clone()),
                "class" => attrs.class = Some(v.clone()),
                other => match other.strip_prefix("tag.") {
                    Some(tag) => {
                        attrs.tags.insert(tag.to_owned(), v.clone());
                    }
                    None => {
                        return Err(ServiceError::Invalid {
                            message: format!("resource attribute {other:?} is unknown; use kind, class or tag.NAME"),
                        });
                    }
                },
            }
        }
        for (k, v) in &req.context {
            match k.as_str() {
                "ip" => {
                    attrs.ip = Some(v.parse().map_err(|_| ServiceError::Invalid {
                        message: format!("context ip {v:?} is not an IP address"),
                    })?);
                }
                "mfa" => attrs.mfa = matches!(v.as_str(), "true" | "1" | "yes"),
                other => {
                    return Err(ServiceError::Invalid {
                        message: format!("context attribute {other:?} is unknown; use ip or mfa"),
                    });
                }
            }
        }
        let decision = self.authz.decide(user.id, &permission, target, &attrs).await?;
        let e = decision.explain();
        Ok(CheckResult {
            allowed: e.allowed,
            decided_by: e.decided_by,
            path: e.path,
            conditions: e
                .conditions
                .into_iter()
                .map(|c| ConditionResult {
                    policy: c.policy.to_string(),
                    effect: match c.effect {
                        Effect::Allow => "permit".into(),
                        Effect::Deny => "forbid".into(),
                    },
                    satisfied: c.satisfied,
                    error: c.error,
                })
                .collect(),
        })
    }

    /// The tenant's Cedar policies.
    pub async fn list_policies(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
    ) -> ServiceResult<PolicyList> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let ok = self.check(principal, rc, "iam:policy:read", Target { tenant, compartment: None }).await?;
        let policies = self.store.read(ok.scope()).await?.policies(tenant).await?;
        Ok(PolicyList { policies: policies.iter().map(policy_dto).collect() })
    }

    /// Adds a policy to the tenant's set.
    pub async fn create_policy(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        req: CreatePolicy,
    ) -> ServiceResult<Policy> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        let name = check_name("policy", &req.name)?;
        let op = PolicyOp { tenant, change: PolicyChange::Create { name, source: req.source } };
        let p = self.pipeline.run(&Self::caller(principal), rc, op).await?;
        p.map(|p| policy_dto(&p)).ok_or_else(|| ServiceError::Internal(anyhow::anyhow!("created policy missing")))
    }

    /// Removes a policy.
    pub async fn delete_policy(
        &self,
        principal: &Principal,
        rc: &RequestContext,
        key: &str,
        id: PolicyId,
    ) -> ServiceResult<()> {
        let tenant = self.tenant_info(principal, rc, Some(key)).await?.record.id;
        self.pipeline
            .run(&Self::caller(principal), rc, PolicyOp { tenant, change: PolicyChange::Delete { id } })
            .await
            .map(|_| ())
    }
}

fn policy_dto(p: &PolicyRecord) -> Policy {
    Policy {
        id: p.id,
        tenant_id: p.tenant_id,
        name: p.name.clone(),
        source: p.source.clone(),
        created_at: p.created_at,
    }
}

macro_rules! target_tenant {
    () => {
        fn target(&self) -> Option<Target> {
            Some(Target { tenant: self.tenant, compartment: None })
        }
    };
}

struct CreateUserOp {
    tenant: TenantId,
    email: String,
    display_name: String,
    password_hash: Option<Secret<String>>,
}

impl Operation for CreateUserOp {
    type Output = UserRecord;
    const ACTION: &'static str = "iam:user:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "user.create_failed";
    const CATEGORY: Category = Category::User;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<UserRecord>> {
        let t = tx.tenant(self.tenant).await?.ok_or_else(|| ServiceError::NotFound { what: "tenant".into() })?;
        let count = tx.count_home_users(t.id).await?;
        let limit = t.quotas.max_users;
        let soft = count >= limit.limit;
        if soft && limit.hard {
            return Err(ServiceError::QuotaExceeded {
                message: format!(
                    "the tenant has reached its limit of {} users; remove some or ask the parent tenant's administrator to raise the quota",
                    limit.limit
                ),
            });
        }
        let u = UserRecord {
            id: UserId::generate(),
            tenant_id: t.id,
            email: self.email,
            display_name: self.display_name,
            password_hash: self.password_hash,
            status: UserStatus::Active,
            created_at: ctx.now,
            updated_at: ctx.now,
        };
        tx.insert_user(&u).await.map_err(conflict_as(format!(
            "a user with email {} already exists; invite them to this tenant instead",
            u.email
        )))?;
        let mut audit = AuditDraft::new(t.id, "user.created", Category::User)
            .resource("user", u.id, Some(u.email.clone()))
            .new_value(json!({ "email": u.email, "display_name": u.display_name, "local_password": u.password_hash.is_some() }));
        if soft {
            audit = audit.priority(Priority::Warn);
        }
        Ok(Applied::new(u.clone()).audit(audit).event(EventDraft::new(
            t.id,
            "user.created",
            json!({ "user_id": u.id }),
        )))
    }
}

struct UpdateUserOp {
    tenant: TenantId,
    user: UserId,
    display_name: Option<String>,
    status: Option<UserStatus>,
    attributes: Option<BTreeMap<String, String>>,
}

impl Operation for UpdateUserOp {
    type Output = (UserRecord, BTreeMap<String, String>);
    const ACTION: &'static str = "iam:user:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "user.update_failed";
    const CATEGORY: Category = Category::User;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Self::Output>> {
        let before = tenant_user(tx, self.tenant, self.user).await?;
        let attributes_before = tx.user_attributes(before.id).await?;
        if before.tenant_id != self.tenant {
            return Err(ServiceError::Denied {
                message: "this user's home is another tenant; only their home tenant can change the account".into(),
                conceal: false,
            });
        }
        let admins = active_admins(tx, self.tenant, ctx.now).await?;
        let mut u = before.clone();
        if let Some(n) = self.display_name {
            u.display_name = n;
        }
        if let Some(s) = self.status {
            u.status = s;
        }
        u.updated_at = ctx.now;
        tx.update_user(&u).await?;
        let attributes = match self.attributes {
            Some(a) => {
                tx.set_user_attributes(u.id, &a).await?;
                // Policies read attributes from the directory snapshot: make it reload.
                tx.bump_authz_epoch().await?;
                a
            }
            None => attributes_before.clone(),
        };
        keep_an_admin(tx, self.tenant, admins, ctx.now).await?;
        let event = match (before.status, u.status) {
            (a, b) if a == b => "user.updated",
            (_, UserStatus::Active) => "user.enabled",
            (_, UserStatus::Disabled) => "user.disabled",
            (_, UserStatus::Locked) => "user.locked",
        };
        Ok(Applied::new((u.clone(), attributes.clone())).audit(
            AuditDraft::new(self.tenant, event, Category::User)
                .resource("user", u.id, Some(u.email.clone()))
                .old_value(json!({ "display_name": before.display_name, "status": before.status.as_str(), "attributes": attributes_before }))
                .new_value(json!({ "display_name": u.display_name, "status": u.status.as_str(), "attributes": attributes })),
        ))
    }
}

struct DeleteUserOp {
    tenant: TenantId,
    user: UserId,
}

impl Operation for DeleteUserOp {
    type Output = ();
    const ACTION: &'static str = "iam:user:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "user.delete_failed";
    const CATEGORY: Category = Category::User;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let u = tenant_user(tx, self.tenant, self.user).await?;
        if ctx.principal()?.user_id() == u.id {
            return Err(ServiceError::Conflict {
                message: "you cannot remove yourself; ask another administrator".into(),
            });
        }
        let admins = active_admins(tx, self.tenant, ctx.now).await?;
        tx.detach_subject(SubjectRef::User(u.id), self.tenant).await?;
        let event = if u.tenant_id == self.tenant {
            tx.delete_user(u.id, ctx.now).await?;
            "user.deleted"
        } else {
            tx.delete_membership(u.id, self.tenant).await?;
            "user.membership.removed"
        };
        keep_an_admin(tx, self.tenant, admins, ctx.now).await?;
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.tenant, event, Category::User).priority(Priority::Warn).resource(
                "user",
                u.id,
                Some(u.email.clone()),
            ),
        ))
    }
}

struct CreateGroupOp {
    tenant: TenantId,
    name: String,
    description: String,
}

impl Operation for CreateGroupOp {
    type Output = GroupId;
    const ACTION: &'static str = "iam:group:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "group.create_failed";
    const CATEGORY: Category = Category::User;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<GroupId>> {
        let g = GroupRecord {
            id: GroupId::generate(),
            tenant_id: self.tenant,
            name: self.name,
            description: self.description,
            created_at: ctx.now,
            updated_at: ctx.now,
            deleted_at: None,
        };
        tx.insert_group(&g).await.map_err(conflict_as(format!("a group named {:?} already exists", g.name)))?;
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(g.id).audit(
            AuditDraft::new(self.tenant, "group.created", Category::User)
                .resource("group", g.id, Some(g.name.clone()))
                .new_value(json!({ "name": g.name, "description": g.description })),
        ))
    }
}

struct DeleteGroupOp {
    tenant: TenantId,
    group: GroupId,
}

impl Operation for DeleteGroupOp {
    type Output = ();
    const ACTION: &'static str = "iam:group:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "group.delete_failed";
    const CATEGORY: Category = Category::User;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let mut g = live_group(tx, self.tenant, self.group).await?;
        let admins = active_admins(tx, self.tenant, ctx.now).await?;
        tx.detach_subject(SubjectRef::Group(g.id), self.tenant).await?;
        g.deleted_at = Some(ctx.now);
        g.updated_at = ctx.now;
        tx.update_group(&g).await?;
        keep_an_admin(tx, self.tenant, admins, ctx.now).await?;
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.tenant, "group.deleted", Category::User).priority(Priority::Warn).resource(
                "group",
                g.id,
                Some(g.name.clone()),
            ),
        ))
    }
}

struct GroupMemberOp {
    tenant: TenantId,
    group: GroupId,
    member: SubjectRef,
    add: bool,
}

impl Operation for GroupMemberOp {
    type Output = ();
    const ACTION: &'static str = "iam:group:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "group.member_change_failed";
    const CATEGORY: Category = Category::User;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let g = live_group(tx, self.tenant, self.group).await?;
        let (event, member, member_name) = if self.add {
            let name = match self.member {
                SubjectRef::User(u) => tenant_user(tx, self.tenant, u).await?.email,
                SubjectRef::Group(child) => {
                    let c = live_group(tx, self.tenant, child).await?;
                    // `child` joins `g`: a cycle if `g` already is `child` or nested inside it.
                    let mut queue = vec![child];
                    let mut seen = HashSet::new();
                    while let Some(cur) = queue.pop() {
                        if cur == g.id {
                            return Err(ServiceError::Conflict {
                                message: format!(
                                    "group {:?} already contains {:?} (directly or through nesting); nesting it would form a cycle",
                                    c.name, g.name
                                ),
                            });
                        }
                        if seen.insert(cur) {
                            for m in tx.group_members(cur).await? {
                                if let SubjectRef::Group(n) = m.member {
                                    queue.push(n);
                                }
                            }
                        }
                    }
                    c.name
                }
            };
            tx.insert_group_member(&GroupMemberRecord {
                group_id: g.id,
                tenant_id: self.tenant,
                member: self.member,
                created_at: ctx.now,
            })
            .await
            .map_err(conflict_as(format!("{name} is already a member of {:?}", g.name)))?;
            ("group.member.added", self.member, name)
        } else {
            // The caller names a member by id alone: find out whether it is a user or a group.
            let removed =
                tx.group_members(g.id).await?.into_iter().find(|m| m.member.uuid() == self.member.uuid()).ok_or_else(
                    || ServiceError::NotFound { what: format!("member {} of group {:?}", self.member.uuid(), g.name) },
                )?;
            let admins = active_admins(tx, self.tenant, ctx.now).await?;
            tx.delete_group_member(g.id, removed.member.uuid()).await?;
            keep_an_admin(tx, self.tenant, admins, ctx.now).await?;
            ("group.member.removed", removed.member, String::new())
        };
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.tenant, event, Category::User)
                .resource("group", g.id, Some(g.name.clone()))
                .new_value(json!({ "member_id": member.uuid(), "member_kind": member.kind(), "member": member_name })),
        ))
    }
}

/// Create, update or delete of a custom role (one operation type per permission below).
struct RoleOp {
    tenant: TenantId,
    id: Option<RoleId>,
    name: Option<String>,
    description: Option<String>,
    parent: Option<RoleId>,
    tier: Option<Tier>,
    allow: Option<Vec<PermissionPattern>>,
    deny: Option<Vec<PermissionPattern>>,
    delete: bool,
}

fn strings(p: &[PermissionPattern]) -> Vec<String> {
    p.iter().map(|p| p.as_str().to_owned()).collect()
}

impl RoleOp {
    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RoleId>> {
        let ok = ctx.authorized()?;
        let (before, mut r) = match self.id {
            Some(id) => {
                let r = usable_role(tx, id).await?;
                if SystemRole::from_id(id).is_some() {
                    return Err(ServiceError::Conflict {
                        message: "system roles are immutable; create a custom role with it as parent instead".into(),
                    });
                }
                if r.tenant_id != Some(self.tenant) {
                    return Err(ServiceError::NotFound { what: format!("role {id} of this tenant") });
                }
                (Some(r.clone()), r)
            }
            None => {
                if let Some(p) = self.parent {
                    usable_role(tx, p).await?;
                }
                let r = RoleRecord {
                    id: RoleId::generate(),
                    tenant_id: Some(self.tenant),
                    name: String::new(),
                    description: String::new(),
                    parent_id: self.parent,
                    tier: Tier::User.as_str().to_owned(),
                    allow: Vec::new(),
                    deny: Vec::new(),
                    created_at: ctx.now,
                    updated_at: ctx.now,
                    deleted_at: None,
                };
                (None, r)
            }
        };
        let event = if self.delete {
            let uses = tx.assignments_of_role(r.id).await?.len();
            if uses > 0 {
                return Err(ServiceError::Conflict {
                    message: format!("the role is assigned {uses} time(s); remove those assignments first"),
                });
            }
            r.deleted_at = Some(ctx.now);
            "role.deleted"
        } else {
            if let Some(n) = self.name {
                r.name = n;
            }
            if let Some(d) = self.description {
                r.description = d;
            }
            if let Some(t) = self.tier {
                r.tier = t.as_str().to_owned();
            }
            if let Some(a) = &self.allow {
                r.allow = strings(a);
            }
            if let Some(d) = &self.deny {
                r.deny = strings(d);
            }
            // The role as it will be: nobody may define one that yields more than they hold.
            let def = RoleDef {
                id: r.id,
                tenant: r.tenant_id,
                name: r.name.clone(),
                parent: r.parent_id,
                allow: parse_patterns("allow", &r.allow)?,
                deny: parse_patterns("deny", &r.deny)?,
                tier: parse_tier(&r.tier).unwrap_or(Tier::User),
            };
            ok.expansion()
                .can_grant_role(ok.snapshot().directory(), &def, Scope::Tenant(self.tenant), ctx.now)
                .map_err(escalation)?;
            if before.is_some() { "role.updated" } else { "role.created" }
        };
        r.updated_at = ctx.now;
        if before.is_some() {
            tx.update_role(&r).await.map_err(conflict_as(format!("a role named {:?} already exists", r.name)))?;
        } else {
            tx.insert_role(&r).await.map_err(conflict_as(format!("a role named {:?} already exists", r.name)))?;
        }
        tx.bump_authz_epoch().await?;
        let mut draft = AuditDraft::new(self.tenant, event, Category::Security)
            .priority(Priority::Warn)
            .resource("role", r.id, Some(r.name.clone()))
            .new_value(
                json!({ "name": r.name, "allow": r.allow, "deny": r.deny, "tier": r.tier, "parent_id": r.parent_id }),
            );
        if let Some(b) = before {
            draft = draft.old_value(
                json!({ "name": b.name, "allow": b.allow, "deny": b.deny, "tier": b.tier, "parent_id": b.parent_id }),
            );
        }
        Ok(Applied::new(r.id).audit(draft))
    }
}

macro_rules! role_ops {
    ($($name:ident => $action:literal),* $(,)?) => {$(
        struct $name(RoleOp);

        impl Operation for $name {
            type Output = RoleId;
            const ACTION: &'static str = $action;
            const ACCESS: Access = Access::Permission;
            const EVENT: &'static str = "role.change_failed";
            const CATEGORY: Category = Category::Security;

            fn target(&self) -> Option<Target> {
                Some(Target { tenant: self.0.tenant, compartment: None })
            }

            async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<RoleId>> {
                self.0.apply(tx, ctx).await
            }
        }
    )*};
}

role_ops! {
    CreateRoleOp => "iam:role:create",
    UpdateRoleOp => "iam:role:update",
    DeleteRoleOp => "iam:role:delete",
}

struct CreateAssignmentOp {
    tenant: TenantId,
    role: RoleId,
    subject: SubjectRef,
    compartment: Option<CompartmentId>,
    expires_at: Option<DateTime<Utc>>,
}

impl Operation for CreateAssignmentOp {
    type Output = AssignmentId;
    const ACTION: &'static str = "iam:assignment:create";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "assignment.create_failed";
    const CATEGORY: Category = Category::Security;

    fn target(&self) -> Option<Target> {
        Some(Target { tenant: self.tenant, compartment: self.compartment })
    }

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<AssignmentId>> {
        let ok = ctx.authorized()?;
        let role = usable_role(tx, self.role).await?;
        let subject_name = match self.subject {
            SubjectRef::User(u) => tenant_user(tx, self.tenant, u).await?.email,
            SubjectRef::Group(g) => live_group(tx, self.tenant, g).await?.name,
        };
        let scope = match self.compartment {
            Some(c) => {
                tx.compartment(self.tenant, c)
                    .await?
                    .ok_or_else(|| ServiceError::NotFound { what: format!("compartment {c} in this tenant") })?;
                ScopeRef::Compartment(c)
            }
            None => ScopeRef::Tenant(self.tenant),
        };
        let dir = ok.snapshot().directory();
        let def = match SystemRole::from_id(role.id) {
            Some(s) => RoleDef::system(s),
            None => dir
                .role(role.id)
                .cloned()
                .ok_or_else(|| ServiceError::Conflict { message: "the role was changed a moment ago; retry".into() })?,
        };
        let authz_scope = match scope {
            ScopeRef::Tenant(t) => Scope::Tenant(t),
            ScopeRef::Compartment(c) => Scope::Compartment(c),
        };
        ok.expansion().can_grant_role(dir, &def, authz_scope, ctx.now).map_err(escalation)?;
        let a = AssignmentRecord {
            id: AssignmentId::generate(),
            tenant_id: self.tenant,
            role_id: role.id,
            subject: self.subject,
            scope,
            expires_at: self.expires_at,
            created_by: Some(ctx.principal()?.user_id()),
            created_at: ctx.now,
        };
        tx.insert_assignment(&a)
            .await
            .map_err(conflict_as(format!("{subject_name} already holds {} there", role.name)))?;
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(a.id)
            .audit(
                AuditDraft::new(self.tenant, "role.assigned", Category::Security)
                    .priority(Priority::Warn)
                    .resource("assignment", a.id, Some(format!("{} → {subject_name}", role.name)))
                    .new_value(json!({
                        "role_id": role.id, "role": role.name, "subject_kind": self.subject.kind(),
                        "subject_id": self.subject.uuid(), "subject": subject_name, "scope_kind": scope.kind(),
                        "scope_id": scope.uuid(), "expires_at": self.expires_at,
                    })),
            )
            .event(EventDraft::new(self.tenant, "role.assigned", json!({ "assignment_id": a.id }))))
    }
}

struct DeleteAssignmentOp {
    tenant: TenantId,
    id: AssignmentId,
}

impl Operation for DeleteAssignmentOp {
    type Output = ();
    const ACTION: &'static str = "iam:assignment:delete";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "assignment.delete_failed";
    const CATEGORY: Category = Category::Security;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<()>> {
        let admins = active_admins(tx, self.tenant, ctx.now).await?;
        let a = tx
            .delete_assignment(self.tenant, self.id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { what: format!("assignment {}", self.id) })?;
        keep_an_admin(tx, self.tenant, admins, ctx.now).await?;
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(()).audit(
            AuditDraft::new(self.tenant, "role.unassigned", Category::Security)
                .priority(Priority::Warn)
                .resource("assignment", a.id, None)
                .new_value(json!({
                    "role_id": a.role_id, "subject_kind": a.subject.kind(), "subject_id": a.subject.uuid(),
                    "scope_kind": a.scope.kind(), "scope_id": a.scope.uuid(),
                })),
        ))
    }
}

enum PolicyChange {
    Create { name: String, source: String },
    Delete { id: PolicyId },
}

struct PolicyOp {
    tenant: TenantId,
    change: PolicyChange,
}

impl Operation for PolicyOp {
    type Output = Option<PolicyRecord>;
    const ACTION: &'static str = "iam:policy:update";
    const ACCESS: Access = Access::Permission;
    const EVENT: &'static str = "policy.change_failed";
    const CATEGORY: Category = Category::Security;
    target_tenant!();

    async fn apply(self, tx: &mut dyn WriteTx, ctx: &OpContext<'_>) -> ServiceResult<Applied<Option<PolicyRecord>>> {
        let existing = tx.policies(self.tenant).await?;
        let (record, event, created) = match self.change {
            PolicyChange::Create { name, source } => {
                let p = PolicyRecord {
                    id: PolicyId::generate(),
                    tenant_id: self.tenant,
                    name,
                    source,
                    created_at: ctx.now,
                    updated_at: ctx.now,
                };
                // The set as it will be must compile: a tenant never ends up with a broken set.
                let mut set: Vec<(PolicyId, String)> = existing.iter().map(|e| (e.id, e.source.clone())).collect();
                set.push((p.id, p.source.clone()));
                TenantPolicies::compile(&set).map_err(|e| ServiceError::Invalid { message: format!("source: {e}") })?;
                tx.insert_policy(&p)
                    .await
                    .map_err(conflict_as(format!("a policy named {:?} already exists", p.name)))?;
                (p, "policy.created", true)
            }
            PolicyChange::Delete { id } => {
                let p = existing
                    .into_iter()
                    .find(|e| e.id == id)
                    .ok_or_else(|| ServiceError::NotFound { what: format!("policy {id}") })?;
                tx.delete_policy(self.tenant, id).await?;
                (p, "policy.deleted", false)
            }
        };
        tx.bump_authz_epoch().await?;
        Ok(Applied::new(created.then(|| record.clone())).audit(
            AuditDraft::new(self.tenant, event, Category::Security)
                .priority(Priority::Warn)
                .resource("policy", record.id, Some(record.name.clone()))
                .new_value(json!({ "name": record.name, "source": record.source })),
        ))
    }
}
