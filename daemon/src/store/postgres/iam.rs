//! PostgreSQL queries for tenancy and authorization data, and the per-tenant schemas.
//!
//! Tenant isolation here is the database's: every query runs as the runtime role under the
//! transaction's `nimbus.tenants` setting, so row-level security drops other tenants' rows even
//! where a query forgot its tenant predicate (queries still carry one). Compartments and
//! policies live in the tenant's own schema (`nimbus_tenant_<hex>`), created with the tenant by
//! the schema owner. No rules beyond mapping rows live here.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use nimbus_core::ids::{
    ApiKeyId, AssignmentId, CompartmentId, GroupId, InvitationId, PolicyId, RoleId, TenantId, UserId,
};
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, PgConnection, Row};
use uuid::Uuid;

use super::RUNTIME_ROLE;
use super::q::user_at;
use crate::store::migrate::{self, tenant_schema};
use crate::store::{
    ApiKeyRecord, AssignmentRecord, AuthzRows, CompartmentRecord, GroupMemberRecord, GroupRecord, InvitationRecord,
    InvitationStatus, PolicyRecord, RoleRecord, ScopeRef, StoreError, StoreResult, SubjectRef, TenantRecord,
    UserRecord,
};

pub(super) const TENANT_COLUMNS: &str = "t.id, t.parent_id, t.name, t.slug, t.depth, t.contact_email, t.settings, \
    t.tags, t.quotas, t.created_at, t.updated_at, t.deleted_at, t.purged_at";
const COMPARTMENT_COLUMNS: &str = "id, tenant_id, parent_id, name, description, created_at, updated_at, deleted_at";
const GROUP_COLUMNS: &str = "id, tenant_id, name, description, created_at, updated_at, deleted_at";
const ROLE_COLUMNS: &str =
    "id, tenant_id, name, description, parent_id, tier, allow, deny, created_at, updated_at, deleted_at";
const ASSIGNMENT_COLUMNS: &str =
    "id, tenant_id, role_id, subject_kind, subject_id, scope_kind, scope_id, expires_at, created_by, created_at";
const USER_COLUMNS: &str =
    "u.id, u.tenant_id, u.email, u.display_name, NULL::text, u.status, u.created_at, u.updated_at";

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) fn tenant_at(r: &PgRow, o: usize) -> StoreResult<TenantRecord> {
    Ok(TenantRecord {
        id: TenantId::from_uuid(r.try_get(o)?),
        parent_id: r.try_get::<Option<Uuid>, _>(o + 1)?.map(TenantId::from_uuid),
        name: r.try_get(o + 2)?,
        slug: r.try_get(o + 3)?,
        depth: u32::try_from(r.try_get::<i32, _>(o + 4)?).unwrap_or(0),
        contact_email: r.try_get(o + 5)?,
        settings: r.try_get::<Json<_>, _>(o + 6)?.0,
        tags: r.try_get::<Json<_>, _>(o + 7)?.0,
        quotas: r.try_get::<Json<_>, _>(o + 8)?.0,
        created_at: r.try_get(o + 9)?,
        updated_at: r.try_get(o + 10)?,
        deleted_at: r.try_get(o + 11)?,
        purged_at: r.try_get(o + 12)?,
    })
}

fn compartment_at(r: &PgRow) -> StoreResult<CompartmentRecord> {
    Ok(CompartmentRecord {
        id: CompartmentId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        parent_id: r.try_get::<Option<Uuid>, _>(2)?.map(CompartmentId::from_uuid),
        name: r.try_get(3)?,
        description: r.try_get(4)?,
        created_at: r.try_get(5)?,
        updated_at: r.try_get(6)?,
        deleted_at: r.try_get(7)?,
    })
}

fn group_at(r: &PgRow) -> StoreResult<GroupRecord> {
    Ok(GroupRecord {
        id: GroupId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        name: r.try_get(2)?,
        description: r.try_get(3)?,
        created_at: r.try_get(4)?,
        updated_at: r.try_get(5)?,
        deleted_at: r.try_get(6)?,
    })
}

fn member_at(r: &PgRow) -> StoreResult<GroupMemberRecord> {
    let member = match (r.try_get::<Option<Uuid>, _>(2)?, r.try_get::<Option<Uuid>, _>(3)?) {
        (Some(u), _) => SubjectRef::User(UserId::from_uuid(u)),
        (None, Some(g)) => SubjectRef::Group(GroupId::from_uuid(g)),
        (None, None) => return Err(StoreError::Corrupt("group member without a user or group".into())),
    };
    Ok(GroupMemberRecord {
        group_id: GroupId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        member,
        created_at: r.try_get(4)?,
    })
}

fn role_at(r: &PgRow) -> StoreResult<RoleRecord> {
    Ok(RoleRecord {
        id: RoleId::from_uuid(r.try_get(0)?),
        tenant_id: r.try_get::<Option<Uuid>, _>(1)?.map(TenantId::from_uuid),
        name: r.try_get(2)?,
        description: r.try_get(3)?,
        parent_id: r.try_get::<Option<Uuid>, _>(4)?.map(RoleId::from_uuid),
        tier: r.try_get(5)?,
        allow: r.try_get::<Json<_>, _>(6)?.0,
        deny: r.try_get::<Json<_>, _>(7)?.0,
        created_at: r.try_get(8)?,
        updated_at: r.try_get(9)?,
        deleted_at: r.try_get(10)?,
    })
}

fn assignment_at(r: &PgRow) -> StoreResult<AssignmentRecord> {
    Ok(AssignmentRecord {
        id: AssignmentId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        role_id: RoleId::from_uuid(r.try_get(2)?),
        subject: SubjectRef::parse(r.try_get(3)?, r.try_get(4)?)?,
        scope: ScopeRef::parse(r.try_get(5)?, r.try_get(6)?)?,
        expires_at: r.try_get(7)?,
        created_by: r.try_get::<Option<Uuid>, _>(8)?.map(UserId::from_uuid),
        created_at: r.try_get(9)?,
    })
}

fn policy_at(r: &PgRow) -> StoreResult<PolicyRecord> {
    Ok(PolicyRecord {
        id: PolicyId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        name: r.try_get(2)?,
        source: r.try_get(3)?,
        created_at: r.try_get(4)?,
        updated_at: r.try_get(5)?,
    })
}

fn all<T>(rows: Vec<PgRow>, f: impl Fn(&PgRow) -> StoreResult<T>) -> StoreResult<Vec<T>> {
    rows.iter().map(f).collect()
}

/// Creates the tenant's schema and applies every tenant migration to it. Runs as the owner
/// (DDL), then drops back to the runtime role for the rest of the transaction.
async fn create_tenant_schema(c: &mut PgConnection, tenant: TenantId) -> StoreResult<()> {
    let schema = tenant_schema(tenant);
    sqlx::raw_sql(AssertSqlSafe(format!("RESET ROLE; CREATE SCHEMA {schema}"))).execute(&mut *c).await?;
    for m in migrate::POSTGRES_TENANT {
        sqlx::raw_sql(AssertSqlSafe(migrate::tenant_sql(m, tenant)))
            .execute(&mut *c)
            .await
            .map_err(|e| StoreError::Schema(format!("tenant migration {} for {tenant} failed: {e}", m.version)))?;
    }
    sqlx::query("INSERT INTO tenant_schemas (tenant_id, schema_name, version) VALUES ($1, $2, $3)")
        .bind(tenant.as_uuid())
        .bind(&schema)
        .bind(migrate::POSTGRES_TENANT.last().map_or(0, |m| m.version))
        .execute(&mut *c)
        .await?;
    sqlx::raw_sql(AssertSqlSafe(format!("SET LOCAL ROLE {RUNTIME_ROLE}"))).execute(&mut *c).await?;
    Ok(())
}

/// Brings every tenant schema up to the latest tenant migration (inside the migration
/// transaction, as the owner).
pub(super) async fn migrate_tenant_schemas(c: &mut PgConnection) -> StoreResult<()> {
    let latest = migrate::POSTGRES_TENANT.last().map_or(0, |m| m.version);
    let tenants: Vec<(Uuid, Option<i64>)> = sqlx::query_as(
        "SELECT t.id, s.version FROM tenants t LEFT JOIN tenant_schemas s ON s.tenant_id = t.id
         WHERE s.version IS NULL OR s.version < $1",
    )
    .bind(latest)
    .fetch_all(&mut *c)
    .await?;
    for (id, version) in tenants {
        let tenant = TenantId::from_uuid(id);
        let applied = version.unwrap_or(0);
        if applied == 0 {
            sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {}", tenant_schema(tenant))))
                .execute(&mut *c)
                .await?;
        }
        for m in migrate::POSTGRES_TENANT.iter().filter(|m| m.version > applied) {
            sqlx::raw_sql(AssertSqlSafe(migrate::tenant_sql(m, tenant)))
                .execute(&mut *c)
                .await
                .map_err(|e| StoreError::Schema(format!("tenant migration {} for {tenant} failed: {e}", m.version)))?;
        }
        sqlx::query(
            "INSERT INTO tenant_schemas (tenant_id, schema_name, version) VALUES ($1, $2, $3)
             ON CONFLICT (tenant_id) DO UPDATE SET version = EXCLUDED.version",
        )
        .bind(id)
        .bind(tenant_schema(tenant))
        .bind(latest)
        .execute(&mut *c)
        .await?;
    }
    Ok(())
}

pub(super) async fn authz_epoch(c: &mut PgConnection) -> StoreResult<i64> {
    Ok(sqlx::query_scalar("SELECT epoch FROM authz_epoch").fetch_one(c).await?)
}

pub(super) async fn bump_authz_epoch(c: &mut PgConnection) -> StoreResult<()> {
    sqlx::query("UPDATE authz_epoch SET epoch = epoch + 1").execute(c).await?;
    Ok(())
}

pub(super) async fn authz_rows(c: &mut PgConnection) -> StoreResult<AuthzRows> {
    let tenants = tenants(&mut *c).await?;
    let mut compartments = Vec::new();
    for t in tenants.iter().filter(|t| t.deleted_at.is_none()) {
        compartments.extend(self::compartments(&mut *c, t.id).await?);
    }
    let groups = all(
        sqlx::query(AssertSqlSafe(format!("SELECT {GROUP_COLUMNS} FROM groups WHERE deleted_at IS NULL")))
            .fetch_all(&mut *c)
            .await?,
        group_at,
    )?;
    let members = all(
        sqlx::query("SELECT group_id, tenant_id, member_user_id, member_group_id, created_at FROM group_members")
            .fetch_all(&mut *c)
            .await?,
        member_at,
    )?;
    let roles = all(
        sqlx::query(AssertSqlSafe(format!(
            "SELECT {ROLE_COLUMNS} FROM roles WHERE deleted_at IS NULL AND tenant_id IS NOT NULL"
        )))
        .fetch_all(&mut *c)
        .await?,
        role_at,
    )?;
    let assignments = all(
        sqlx::query(AssertSqlSafe(format!("SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments")))
            .fetch_all(&mut *c)
            .await?,
        assignment_at,
    )?;
    let memberships: Vec<(Uuid, Uuid)> =
        sqlx::query_as("SELECT user_id, tenant_id FROM memberships").fetch_all(&mut *c).await?;
    let user_attributes: Vec<(Uuid, Json<BTreeMap<String, String>>)> =
        sqlx::query_as("SELECT id, attributes FROM users WHERE attributes <> '{}' AND deleted_at IS NULL")
            .fetch_all(&mut *c)
            .await?;
    Ok(AuthzRows {
        tenants,
        compartments,
        groups,
        members,
        roles,
        assignments,
        memberships: memberships.into_iter().map(|(u, t)| (UserId::from_uuid(u), TenantId::from_uuid(t))).collect(),
        user_attributes: user_attributes.into_iter().map(|(u, a)| (UserId::from_uuid(u), a.0)).collect(),
    })
}

pub(super) async fn tenants(c: &mut PgConnection) -> StoreResult<Vec<TenantRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!("SELECT {TENANT_COLUMNS} FROM tenants t ORDER BY t.name")))
        .fetch_all(c)
        .await?;
    all(rows, |r| tenant_at(r, 0))
}

pub(super) async fn tenant_by_slug(c: &mut PgConnection, slug: &str) -> StoreResult<Option<TenantRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.slug = $1 AND t.deleted_at IS NULL"
    )))
    .bind(slug)
    .fetch_optional(c)
    .await?;
    row.map(|r| tenant_at(&r, 0)).transpose()
}

pub(super) async fn tenant_domains(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT domain FROM tenant_domains WHERE tenant_id = $1 ORDER BY domain")
        .bind(tenant.as_uuid())
        .fetch_all(c)
        .await?)
}

pub(super) async fn count_child_tenants(c: &mut PgConnection, tenant: TenantId) -> StoreResult<u32> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM tenants WHERE parent_id = $1 AND deleted_at IS NULL")
        .bind(tenant.as_uuid())
        .fetch_one(c)
        .await?;
    Ok(count(n))
}

pub(super) async fn insert_tenant(c: &mut PgConnection, t: &TenantRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO tenants (id, parent_id, name, slug, is_root, depth, contact_email, settings, tags, quotas,
                              created_at, updated_at, deleted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(t.id.as_uuid())
    .bind(t.parent_id.map(|p| *p.as_uuid()))
    .bind(&t.name)
    .bind(&t.slug)
    .bind(t.parent_id.is_none())
    .bind(i32::try_from(t.depth).unwrap_or(i32::MAX))
    .bind(&t.contact_email)
    .bind(Json(&t.settings))
    .bind(Json(&t.tags))
    .bind(Json(&t.quotas))
    .bind(t.created_at)
    .bind(t.updated_at)
    .bind(t.deleted_at)
    .execute(&mut *c)
    .await?;
    create_tenant_schema(c, t.id).await
}

pub(super) async fn update_tenant(c: &mut PgConnection, t: &TenantRecord) -> StoreResult<()> {
    sqlx::query(
        "UPDATE tenants SET name = $2, contact_email = $3, settings = $4, tags = $5, quotas = $6, updated_at = $7,
                deleted_at = $8 WHERE id = $1",
    )
    .bind(t.id.as_uuid())
    .bind(&t.name)
    .bind(&t.contact_email)
    .bind(Json(&t.settings))
    .bind(Json(&t.tags))
    .bind(Json(&t.quotas))
    .bind(t.updated_at)
    .bind(t.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn set_tenant_domains(
    c: &mut PgConnection,
    tenant: TenantId,
    domains: &[String],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("DELETE FROM tenant_domains WHERE tenant_id = $1").bind(tenant.as_uuid()).execute(&mut *c).await?;
    for d in domains {
        sqlx::query("INSERT INTO tenant_domains (domain, tenant_id, created_at) VALUES ($1, $2, $3)")
            .bind(d)
            .bind(tenant.as_uuid())
            .bind(now)
            .execute(&mut *c)
            .await?;
    }
    Ok(())
}

pub(super) async fn compartments(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<CompartmentRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COMPARTMENT_COLUMNS} FROM {}.compartments WHERE deleted_at IS NULL ORDER BY name",
        tenant_schema(tenant)
    )))
    .fetch_all(c)
    .await?;
    all(rows, compartment_at)
}

pub(super) async fn compartment(
    c: &mut PgConnection,
    tenant: TenantId,
    id: CompartmentId,
) -> StoreResult<Option<CompartmentRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {COMPARTMENT_COLUMNS} FROM {}.compartments WHERE id = $1 AND deleted_at IS NULL",
        tenant_schema(tenant)
    )))
    .bind(id.as_uuid())
    .fetch_optional(c)
    .await?;
    row.map(|r| compartment_at(&r)).transpose()
}

pub(super) async fn insert_compartment(c: &mut PgConnection, r: &CompartmentRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO {}.compartments ({COMPARTMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        tenant_schema(r.tenant_id)
    )))
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.as_uuid())
    .bind(r.parent_id.map(|p| *p.as_uuid()))
    .bind(&r.name)
    .bind(&r.description)
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_compartment(c: &mut PgConnection, r: &CompartmentRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "UPDATE {}.compartments SET parent_id = $2, name = $3, description = $4, updated_at = $5, deleted_at = $6
         WHERE id = $1",
        tenant_schema(r.tenant_id)
    )))
    .bind(r.id.as_uuid())
    .bind(r.parent_id.map(|p| *p.as_uuid()))
    .bind(&r.name)
    .bind(&r.description)
    .bind(r.updated_at)
    .bind(r.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn tenant_users(
    c: &mut PgConnection,
    tenant: TenantId,
    search: Option<&str>,
) -> StoreResult<Vec<UserRecord>> {
    let pattern = search.map(|s| format!("%{}%", s.to_lowercase().replace('%', "\\%").replace('_', "\\_")));
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users u
         WHERE u.deleted_at IS NULL
           AND (u.tenant_id = $1 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.tenant_id = $1))
           AND ($2::text IS NULL OR lower(u.email) LIKE $2 OR lower(u.display_name) LIKE $2)
         ORDER BY u.email"
    )))
    .bind(tenant.as_uuid())
    .bind(pattern)
    .fetch_all(c)
    .await?;
    all(rows, |r| user_at(r, 0))
}

pub(super) async fn count_home_users(c: &mut PgConnection, tenant: TenantId) -> StoreResult<u32> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE tenant_id = $1 AND deleted_at IS NULL")
        .bind(tenant.as_uuid())
        .fetch_one(c)
        .await?;
    Ok(count(n))
}

pub(super) async fn is_member(c: &mut PgConnection, user: UserId, tenant: TenantId) -> StoreResult<bool> {
    Ok(sqlx::query_scalar::<_, i32>("SELECT 1 FROM memberships WHERE user_id = $1 AND tenant_id = $2")
        .bind(user.as_uuid())
        .bind(tenant.as_uuid())
        .fetch_optional(c)
        .await?
        .is_some())
}

pub(super) async fn update_user(c: &mut PgConnection, u: &UserRecord) -> StoreResult<()> {
    sqlx::query("UPDATE users SET display_name = $2, status = $3, updated_at = $4 WHERE id = $1")
        .bind(u.id.as_uuid())
        .bind(&u.display_name)
        .bind(u.status.as_str())
        .bind(u.updated_at)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn insert_membership(
    c: &mut PgConnection,
    user: UserId,
    tenant: TenantId,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("INSERT INTO memberships (user_id, tenant_id, created_at) VALUES ($1, $2, $3)")
        .bind(user.as_uuid())
        .bind(tenant.as_uuid())
        .bind(now)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn delete_membership(c: &mut PgConnection, user: UserId, tenant: TenantId) -> StoreResult<bool> {
    let n = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND tenant_id = $2")
        .bind(user.as_uuid())
        .bind(tenant.as_uuid())
        .execute(c)
        .await?
        .rows_affected();
    Ok(n > 0)
}

pub(super) async fn groups(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<GroupRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {GROUP_COLUMNS} FROM groups WHERE tenant_id = $1 AND deleted_at IS NULL ORDER BY name"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, group_at)
}

pub(super) async fn group(c: &mut PgConnection, tenant: TenantId, id: GroupId) -> StoreResult<Option<GroupRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {GROUP_COLUMNS} FROM groups WHERE id = $1 AND tenant_id = $2 AND deleted_at IS NULL"
    )))
    .bind(id.as_uuid())
    .bind(tenant.as_uuid())
    .fetch_optional(c)
    .await?;
    row.map(|r| group_at(&r)).transpose()
}

pub(super) async fn group_members(c: &mut PgConnection, group: GroupId) -> StoreResult<Vec<GroupMemberRecord>> {
    let rows = sqlx::query(
        "SELECT group_id, tenant_id, member_user_id, member_group_id, created_at FROM group_members
         WHERE group_id = $1 ORDER BY created_at",
    )
    .bind(group.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, member_at)
}

pub(super) async fn insert_group(c: &mut PgConnection, g: &GroupRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!("INSERT INTO groups ({GROUP_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)")))
        .bind(g.id.as_uuid())
        .bind(g.tenant_id.as_uuid())
        .bind(&g.name)
        .bind(&g.description)
        .bind(g.created_at)
        .bind(g.updated_at)
        .bind(g.deleted_at)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn update_group(c: &mut PgConnection, g: &GroupRecord) -> StoreResult<()> {
    sqlx::query(
        "UPDATE groups SET name = $3, description = $4, updated_at = $5, deleted_at = $6
         WHERE id = $1 AND tenant_id = $2",
    )
    .bind(g.id.as_uuid())
    .bind(g.tenant_id.as_uuid())
    .bind(&g.name)
    .bind(&g.description)
    .bind(g.updated_at)
    .bind(g.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn insert_group_member(c: &mut PgConnection, m: &GroupMemberRecord) -> StoreResult<()> {
    let (user, group) = match m.member {
        SubjectRef::User(u) => (Some(*u.as_uuid()), None),
        SubjectRef::Group(g) => (None, Some(*g.as_uuid())),
    };
    sqlx::query(
        "INSERT INTO group_members (group_id, tenant_id, member_user_id, member_group_id, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(m.group_id.as_uuid())
    .bind(m.tenant_id.as_uuid())
    .bind(user)
    .bind(group)
    .bind(m.created_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_group_member(c: &mut PgConnection, group: GroupId, member: Uuid) -> StoreResult<bool> {
    let n =
        sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND (member_user_id = $2 OR member_group_id = $2)")
            .bind(group.as_uuid())
            .bind(member)
            .execute(c)
            .await?
            .rows_affected();
    Ok(n > 0)
}

pub(super) async fn detach_subject(c: &mut PgConnection, subject: SubjectRef, tenant: TenantId) -> StoreResult<()> {
    let id = subject.uuid();
    sqlx::query(
        "DELETE FROM group_members WHERE tenant_id = $2
           AND (member_user_id = $1 OR member_group_id = $1 OR group_id = $1)",
    )
    .bind(id)
    .bind(tenant.as_uuid())
    .execute(&mut *c)
    .await?;
    sqlx::query("DELETE FROM role_assignments WHERE subject_id = $1 AND tenant_id = $2")
        .bind(id)
        .bind(tenant.as_uuid())
        .execute(&mut *c)
        .await?;
    Ok(())
}

pub(super) async fn delete_user(c: &mut PgConnection, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    sqlx::query("UPDATE users SET deleted_at = $2, updated_at = $2 WHERE id = $1")
        .bind(id.as_uuid())
        .bind(at)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn roles(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<RoleRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ROLE_COLUMNS} FROM roles WHERE deleted_at IS NULL AND (tenant_id IS NULL OR tenant_id = $1)
         ORDER BY tenant_id IS NOT NULL, CASE WHEN tenant_id IS NULL THEN id END, lower(name)"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, role_at)
}

pub(super) async fn role(c: &mut PgConnection, id: RoleId) -> StoreResult<Option<RoleRecord>> {
    let row =
        sqlx::query(AssertSqlSafe(format!("SELECT {ROLE_COLUMNS} FROM roles WHERE id = $1 AND deleted_at IS NULL")))
            .bind(id.as_uuid())
            .fetch_optional(c)
            .await?;
    row.map(|r| role_at(&r)).transpose()
}

pub(super) async fn insert_role(c: &mut PgConnection, r: &RoleRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO roles ({ROLE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    )))
    .bind(r.id.as_uuid())
    .bind(r.tenant_id.map(|t| *t.as_uuid()))
    .bind(&r.name)
    .bind(&r.description)
    .bind(r.parent_id.map(|p| *p.as_uuid()))
    .bind(&r.tier)
    .bind(Json(&r.allow))
    .bind(Json(&r.deny))
    .bind(r.created_at)
    .bind(r.updated_at)
    .bind(r.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_role(c: &mut PgConnection, r: &RoleRecord) -> StoreResult<()> {
    let tenant = r.tenant_id.ok_or_else(|| StoreError::OutOfScope("system roles are immutable".into()))?;
    sqlx::query(
        "UPDATE roles SET name = $3, description = $4, allow = $5, deny = $6, updated_at = $7, deleted_at = $8
         WHERE id = $1 AND tenant_id = $2",
    )
    .bind(r.id.as_uuid())
    .bind(tenant.as_uuid())
    .bind(&r.name)
    .bind(&r.description)
    .bind(Json(&r.allow))
    .bind(Json(&r.deny))
    .bind(r.updated_at)
    .bind(r.deleted_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn assignments(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<AssignmentRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments WHERE tenant_id = $1 ORDER BY created_at, id"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, assignment_at)
}

pub(super) async fn assignments_of_role(c: &mut PgConnection, role: RoleId) -> StoreResult<Vec<AssignmentRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments WHERE role_id = $1 ORDER BY created_at, id"
    )))
    .bind(role.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, assignment_at)
}

pub(super) async fn insert_assignment(c: &mut PgConnection, a: &AssignmentRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO role_assignments ({ASSIGNMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    )))
    .bind(a.id.as_uuid())
    .bind(a.tenant_id.as_uuid())
    .bind(a.role_id.as_uuid())
    .bind(a.subject.kind())
    .bind(a.subject.uuid())
    .bind(a.scope.kind())
    .bind(a.scope.uuid())
    .bind(a.expires_at)
    .bind(a.created_by.map(|u| *u.as_uuid()))
    .bind(a.created_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_assignment(
    c: &mut PgConnection,
    tenant: TenantId,
    id: AssignmentId,
) -> StoreResult<Option<AssignmentRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "DELETE FROM role_assignments WHERE id = $1 AND tenant_id = $2 RETURNING {ASSIGNMENT_COLUMNS}"
    )))
    .bind(id.as_uuid())
    .bind(tenant.as_uuid())
    .fetch_optional(c)
    .await?;
    row.map(|r| assignment_at(&r)).transpose()
}

pub(super) async fn policies(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<PolicyRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT id, tenant_id, name, source, created_at, updated_at FROM {}.policies ORDER BY name",
        tenant_schema(tenant)
    )))
    .fetch_all(c)
    .await?;
    all(rows, policy_at)
}

pub(super) async fn insert_policy(c: &mut PgConnection, p: &PolicyRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO {}.policies (id, tenant_id, name, source, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
        tenant_schema(p.tenant_id)
    )))
    .bind(p.id.as_uuid())
    .bind(p.tenant_id.as_uuid())
    .bind(&p.name)
    .bind(&p.source)
    .bind(p.created_at)
    .bind(p.updated_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn delete_policy(c: &mut PgConnection, tenant: TenantId, id: PolicyId) -> StoreResult<bool> {
    let n = sqlx::query(AssertSqlSafe(format!("DELETE FROM {}.policies WHERE id = $1", tenant_schema(tenant))))
        .bind(id.as_uuid())
        .execute(c)
        .await?
        .rows_affected();
    Ok(n > 0)
}

const API_KEY_COLUMNS: &str = "id, tenant_id, user_id, name, lookup_id, secret_hash, permissions, scope_kind, scope_id, \
    expires_at, created_at, last_used_at, last_used_ip, revoked_at";

fn api_key_at(r: &PgRow) -> StoreResult<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: ApiKeyId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        user_id: UserId::from_uuid(r.try_get(2)?),
        name: r.try_get(3)?,
        lookup_id: r.try_get(4)?,
        secret_hash: r.try_get(5)?,
        permissions: r.try_get::<Json<_>, _>(6)?.0,
        scope: ScopeRef::parse(r.try_get(7)?, r.try_get(8)?)?,
        expires_at: r.try_get(9)?,
        created_at: r.try_get(10)?,
        last_used_at: r.try_get(11)?,
        last_used_ip: r.try_get(12)?,
        revoked_at: r.try_get(13)?,
    })
}

pub(super) async fn api_key_by_lookup(c: &mut PgConnection, lookup: &str) -> StoreResult<Option<ApiKeyRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {API_KEY_COLUMNS} FROM api_keys WHERE lookup_id = $1")))
        .bind(lookup)
        .fetch_optional(c)
        .await?;
    row.map(|r| api_key_at(&r)).transpose()
}

pub(super) async fn api_keys(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at DESC"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, api_key_at)
}

pub(super) async fn insert_api_key(c: &mut PgConnection, k: &ApiKeyRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO api_keys ({API_KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    )))
    .bind(k.id.as_uuid())
    .bind(k.tenant_id.as_uuid())
    .bind(k.user_id.as_uuid())
    .bind(&k.name)
    .bind(&k.lookup_id)
    .bind(&k.secret_hash)
    .bind(Json(&k.permissions))
    .bind(k.scope.kind())
    .bind(k.scope.uuid())
    .bind(k.expires_at)
    .bind(k.created_at)
    .bind(k.last_used_at)
    .bind(&k.last_used_ip)
    .bind(k.revoked_at)
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_api_key(c: &mut PgConnection, k: &ApiKeyRecord) -> StoreResult<()> {
    sqlx::query("UPDATE api_keys SET lookup_id = $2, secret_hash = $3, revoked_at = $4 WHERE id = $1")
        .bind(k.id.as_uuid())
        .bind(&k.lookup_id)
        .bind(&k.secret_hash)
        .bind(k.revoked_at)
        .execute(c)
        .await?;
    Ok(())
}

pub(super) async fn touch_api_key(
    c: &mut PgConnection,
    id: ApiKeyId,
    at: DateTime<Utc>,
    ip: Option<&str>,
) -> StoreResult<()> {
    sqlx::query("UPDATE api_keys SET last_used_at = $2, last_used_ip = $3 WHERE id = $1")
        .bind(id.as_uuid())
        .bind(at)
        .bind(ip)
        .execute(c)
        .await?;
    Ok(())
}

const INVITATION_COLUMNS: &str =
    "id, tenant_id, email, role_id, token_hash, status, invited_by, created_at, expires_at, decided_at, accepted_user";

fn invitation_at(r: &PgRow) -> StoreResult<InvitationRecord> {
    Ok(InvitationRecord {
        id: InvitationId::from_uuid(r.try_get(0)?),
        tenant_id: TenantId::from_uuid(r.try_get(1)?),
        email: r.try_get(2)?,
        role_id: RoleId::from_uuid(r.try_get(3)?),
        token_hash: r.try_get(4)?,
        status: InvitationStatus::parse(r.try_get(5)?)?,
        invited_by: r.try_get::<Option<Uuid>, _>(6)?.map(UserId::from_uuid),
        created_at: r.try_get(7)?,
        expires_at: r.try_get(8)?,
        decided_at: r.try_get(9)?,
        accepted_user: r.try_get::<Option<Uuid>, _>(10)?.map(UserId::from_uuid),
    })
}

pub(super) async fn invitations(c: &mut PgConnection, tenant: TenantId) -> StoreResult<Vec<InvitationRecord>> {
    let rows = sqlx::query(AssertSqlSafe(format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE tenant_id = $1 ORDER BY created_at DESC"
    )))
    .bind(tenant.as_uuid())
    .fetch_all(c)
    .await?;
    all(rows, invitation_at)
}

pub(super) async fn invitation_by_hash(c: &mut PgConnection, hash: &[u8]) -> StoreResult<Option<InvitationRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1")))
        .bind(hash)
        .fetch_optional(c)
        .await?;
    row.map(|r| invitation_at(&r)).transpose()
}

pub(super) async fn pending_invitation(
    c: &mut PgConnection,
    tenant: TenantId,
    email: &str,
) -> StoreResult<Option<InvitationRecord>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {INVITATION_COLUMNS} FROM invitations WHERE tenant_id = $1 AND email = $2 AND status = 'pending'"
    )))
    .bind(tenant.as_uuid())
    .bind(email)
    .fetch_optional(c)
    .await?;
    row.map(|r| invitation_at(&r)).transpose()
}

pub(super) async fn insert_invitation(c: &mut PgConnection, i: &InvitationRecord) -> StoreResult<()> {
    sqlx::query(AssertSqlSafe(format!(
        "INSERT INTO invitations ({INVITATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    )))
    .bind(i.id.as_uuid())
    .bind(i.tenant_id.as_uuid())
    .bind(&i.email)
    .bind(i.role_id.as_uuid())
    .bind(&i.token_hash)
    .bind(i.status.as_str())
    .bind(i.invited_by.map(|u| *u.as_uuid()))
    .bind(i.created_at)
    .bind(i.expires_at)
    .bind(i.decided_at)
    .bind(i.accepted_user.map(|u| *u.as_uuid()))
    .execute(c)
    .await?;
    Ok(())
}

pub(super) async fn update_invitation(c: &mut PgConnection, i: &InvitationRecord) -> StoreResult<()> {
    sqlx::query(
        "UPDATE invitations SET role_id = $2, token_hash = $3, status = $4, created_at = $5, expires_at = $6,
                decided_at = $7, accepted_user = $8 WHERE id = $1",
    )
    .bind(i.id.as_uuid())
    .bind(i.role_id.as_uuid())
    .bind(&i.token_hash)
    .bind(i.status.as_str())
    .bind(i.created_at)
    .bind(i.expires_at)
    .bind(i.decided_at)
    .bind(i.accepted_user.map(|u| *u.as_uuid()))
    .execute(c)
    .await?;
    Ok(())
}

/// Statements that erase a tenant's own shared rows (`$1` the tenant, `$2` the time), in order.
const PURGE: &[&str] = &[
    "DELETE FROM group_members WHERE tenant_id = $1",
    "DELETE FROM role_assignments WHERE tenant_id = $1",
    "DELETE FROM groups WHERE tenant_id = $1",
    // Custom roles stay as deleted rows: assignments elsewhere may still name them.
    "UPDATE roles SET deleted_at = coalesce(deleted_at, $2) WHERE tenant_id = $1",
    "DELETE FROM api_keys WHERE tenant_id = $1",
    "DELETE FROM invitations WHERE tenant_id = $1",
    "DELETE FROM tenant_domains WHERE tenant_id = $1",
    "DELETE FROM memberships WHERE tenant_id = $1",
    "UPDATE refresh_tokens SET state = 'revoked' WHERE state = 'active'
       AND session_id IN (SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.tenant_id = $1)",
    "UPDATE sessions SET revoked_at = $2, revoke_reason = 'purged'
       WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE tenant_id = $1)",
    "UPDATE users SET email = 'purged+' || id || '@invalid', display_name = '', password_hash = NULL,
            deleted_at = coalesce(deleted_at, $2), updated_at = $2 WHERE tenant_id = $1",
    "UPDATE tenants SET purged_at = $2, contact_email = NULL, settings = '{}', tags = '{}' WHERE id = $1",
];

pub(super) async fn purge_tenant(c: &mut PgConnection, tenant: TenantId, at: DateTime<Utc>) -> StoreResult<()> {
    for sql in PURGE {
        // PostgreSQL refuses parameters a statement does not name.
        let q = sqlx::query(*sql).bind(tenant.as_uuid());
        let q = if sql.contains("$2") { q.bind(at) } else { q };
        q.execute(&mut *c).await?;
    }
    // The tenant's own schema goes entirely (compartments, policies, later the CMDB): DDL, so as
    // the owner, then back to the runtime role.
    let schema = tenant_schema(tenant);
    sqlx::raw_sql(AssertSqlSafe(format!(
        "RESET ROLE; DROP SCHEMA IF EXISTS {schema} CASCADE; SET LOCAL ROLE {RUNTIME_ROLE}"
    )))
    .execute(&mut *c)
    .await?;
    sqlx::query("DELETE FROM tenant_schemas WHERE tenant_id = $1").bind(tenant.as_uuid()).execute(&mut *c).await?;
    Ok(())
}

pub(super) async fn user_attributes(c: &mut PgConnection, user: UserId) -> StoreResult<BTreeMap<String, String>> {
    let row: Option<Json<BTreeMap<String, String>>> =
        sqlx::query_scalar("SELECT attributes FROM users WHERE id = $1").bind(user.as_uuid()).fetch_optional(c).await?;
    Ok(row.map(|j| j.0).unwrap_or_default())
}

pub(super) async fn set_user_attributes(
    c: &mut PgConnection,
    user: UserId,
    attributes: &BTreeMap<String, String>,
) -> StoreResult<()> {
    sqlx::query("UPDATE users SET attributes = $2 WHERE id = $1")
        .bind(user.as_uuid())
        .bind(Json(attributes))
        .execute(c)
        .await?;
    Ok(())
}
