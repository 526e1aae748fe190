//! SQLite queries for tenancy and authorization data, each bounded by the handle's
//! [`TenantScope`]: SQLite has no row-level security, so this module is where tenant isolation
//! holds. Every read drops rows outside the scope and every write refuses them; the isolation
//! tests run the same requests against both backends to prove it. No rules beyond mapping
//! rows and enforcing the scope live here.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use nimbus_core::ids::{
    ApiKeyId, AssignmentId, CompartmentId, GroupId, InvitationId, PolicyId, RoleId, TenantId, UserId,
};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{opt_time, opt_uuid, q::user_at, time, ts, uuid};
use crate::store::{
    ApiKeyRecord, AssignmentRecord, AuthzRows, CompartmentRecord, GroupMemberRecord, GroupRecord, InvitationRecord,
    InvitationStatus, PolicyRecord, RoleRecord, ScopeRef, StoreError, StoreResult, SubjectRef, TenantRecord,
    TenantScope, UserRecord,
};

pub(super) const TENANT_COLUMNS: &str = "t.id, t.parent_id, t.name, t.slug, t.depth, t.contact_email, t.settings, \
    t.tags, t.quotas, t.created_at, t.updated_at, t.deleted_at, t.purged_at";
const COMPARTMENT_COLUMNS: &str = "id, tenant_id, parent_id, name, description, created_at, updated_at, deleted_at";
const GROUP_COLUMNS: &str = "id, tenant_id, name, description, created_at, updated_at, deleted_at";
const ROLE_COLUMNS: &str =
    "id, tenant_id, name, description, parent_id, tier, allow, deny, created_at, updated_at, deleted_at";
const ASSIGNMENT_COLUMNS: &str =
    "id, tenant_id, role_id, subject_kind, subject_id, scope_kind, scope_id, expires_at, created_by, created_at";
const USER_COLUMNS: &str = "u.id, u.tenant_id, u.email, u.display_name, NULL, u.status, u.created_at, u.updated_at";

/// A connection with the scope it may see.
pub(in crate::store) struct Scoped<'a> {
    pub(in crate::store) conn: &'a Connection,
    pub(in crate::store) scope: &'a TenantScope,
}

fn json_err(col: usize) -> impl FnOnce(serde_json::Error) -> rusqlite::Error {
    move |e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn json<T: serde::de::DeserializeOwned>(r: &Row<'_>, col: usize) -> rusqlite::Result<T> {
    let s: String = r.get(col)?;
    serde_json::from_str(&s).map_err(json_err(col))
}

fn to_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Other(format!("cannot encode: {e}")))
}

pub(super) fn tenant_at(r: &Row<'_>, o: usize) -> rusqlite::Result<TenantRecord> {
    let depth: i64 = r.get(o + 4)?;
    Ok(TenantRecord {
        id: TenantId::from_uuid(uuid(r, o)?),
        parent_id: opt_uuid(r, o + 1)?.map(TenantId::from_uuid),
        name: r.get(o + 2)?,
        slug: r.get(o + 3)?,
        depth: u32::try_from(depth).unwrap_or(u32::MAX),
        contact_email: r.get(o + 5)?,
        settings: json(r, o + 6)?,
        tags: json(r, o + 7)?,
        quotas: json(r, o + 8)?,
        created_at: time(r, o + 9)?,
        updated_at: time(r, o + 10)?,
        deleted_at: opt_time(r, o + 11)?,
        purged_at: opt_time(r, o + 12)?,
    })
}

fn compartment_at(r: &Row<'_>) -> rusqlite::Result<CompartmentRecord> {
    Ok(CompartmentRecord {
        id: CompartmentId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        parent_id: opt_uuid(r, 2)?.map(CompartmentId::from_uuid),
        name: r.get(3)?,
        description: r.get(4)?,
        created_at: time(r, 5)?,
        updated_at: time(r, 6)?,
        deleted_at: opt_time(r, 7)?,
    })
}

fn group_at(r: &Row<'_>) -> rusqlite::Result<GroupRecord> {
    Ok(GroupRecord {
        id: GroupId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        name: r.get(2)?,
        description: r.get(3)?,
        created_at: time(r, 4)?,
        updated_at: time(r, 5)?,
        deleted_at: opt_time(r, 6)?,
    })
}

fn member_at(r: &Row<'_>) -> rusqlite::Result<GroupMemberRecord> {
    let member = match (opt_uuid(r, 2)?, opt_uuid(r, 3)?) {
        (Some(u), _) => SubjectRef::User(UserId::from_uuid(u)),
        (None, Some(g)) => SubjectRef::Group(GroupId::from_uuid(g)),
        (None, None) => {
            return Err(rusqlite::Error::InvalidColumnType(2, "member".into(), rusqlite::types::Type::Null));
        }
    };
    Ok(GroupMemberRecord {
        group_id: GroupId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        member,
        created_at: time(r, 4)?,
    })
}

fn role_at(r: &Row<'_>) -> rusqlite::Result<RoleRecord> {
    Ok(RoleRecord {
        id: RoleId::from_uuid(uuid(r, 0)?),
        tenant_id: opt_uuid(r, 1)?.map(TenantId::from_uuid),
        name: r.get(2)?,
        description: r.get(3)?,
        parent_id: opt_uuid(r, 4)?.map(RoleId::from_uuid),
        tier: r.get(5)?,
        allow: json(r, 6)?,
        deny: json(r, 7)?,
        created_at: time(r, 8)?,
        updated_at: time(r, 9)?,
        deleted_at: opt_time(r, 10)?,
    })
}

fn bad_ref(col: usize) -> impl FnOnce(StoreError) -> rusqlite::Error {
    move |e| rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
}

fn assignment_at(r: &Row<'_>) -> rusqlite::Result<AssignmentRecord> {
    Ok(AssignmentRecord {
        id: AssignmentId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        role_id: RoleId::from_uuid(uuid(r, 2)?),
        subject: SubjectRef::parse(&r.get::<_, String>(3)?, uuid(r, 4)?).map_err(bad_ref(3))?,
        scope: ScopeRef::parse(&r.get::<_, String>(5)?, uuid(r, 6)?).map_err(bad_ref(5))?,
        expires_at: opt_time(r, 7)?,
        created_by: opt_uuid(r, 8)?.map(UserId::from_uuid),
        created_at: time(r, 9)?,
    })
}

fn policy_at(r: &Row<'_>) -> rusqlite::Result<PolicyRecord> {
    Ok(PolicyRecord {
        id: PolicyId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        name: r.get(2)?,
        source: r.get(3)?,
        created_at: time(r, 4)?,
        updated_at: time(r, 5)?,
    })
}

fn collect<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, f)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Scoped<'_> {
    fn check(&self, tenant: TenantId) -> StoreResult<()> {
        if self.scope.admits(tenant) { Ok(()) } else { Err(StoreError::OutOfScope(format!("tenant {tenant}"))) }
    }

    fn admitted<T>(&self, rows: Vec<T>, tenant_of: impl Fn(&T) -> TenantId) -> Vec<T> {
        rows.into_iter().filter(|r| self.scope.admits(tenant_of(r))).collect()
    }

    /// Whether a user row may be seen: their home tenant or a membership is in scope.
    pub(in crate::store) fn user_visible(&self, user: &UserRecord) -> StoreResult<bool> {
        if self.scope.admits(user.tenant_id) {
            return Ok(true);
        }
        let tenants = collect(
            self.conn,
            "SELECT tenant_id FROM memberships WHERE user_id = ?1",
            params![user.id.to_string()],
            |r| uuid(r, 0),
        )?;
        Ok(tenants.into_iter().any(|t| self.scope.admits(TenantId::from_uuid(t))))
    }

    pub(in crate::store) fn authz_epoch(&self) -> StoreResult<i64> {
        Ok(self.conn.prepare_cached("SELECT epoch FROM authz_epoch")?.query_row([], |r| r.get(0))?)
    }

    pub(in crate::store) fn bump_authz_epoch(&self) -> StoreResult<()> {
        self.conn.prepare_cached("UPDATE authz_epoch SET epoch = epoch + 1")?.execute([])?;
        Ok(())
    }

    pub(in crate::store) fn authz_rows(&self) -> StoreResult<AuthzRows> {
        let c = self.conn;
        let tenants = collect(c, &format!("SELECT {TENANT_COLUMNS} FROM tenants t"), [], |r| tenant_at(r, 0))?;
        let compartments = collect(
            c,
            &format!("SELECT {COMPARTMENT_COLUMNS} FROM compartments WHERE deleted_at IS NULL"),
            [],
            compartment_at,
        )?;
        let groups = collect(c, &format!("SELECT {GROUP_COLUMNS} FROM groups WHERE deleted_at IS NULL"), [], group_at)?;
        let members = collect(
            c,
            "SELECT group_id, tenant_id, member_user_id, member_group_id, created_at FROM group_members",
            [],
            member_at,
        )?;
        let roles = collect(
            c,
            &format!("SELECT {ROLE_COLUMNS} FROM roles WHERE deleted_at IS NULL AND tenant_id IS NOT NULL"),
            [],
            role_at,
        )?;
        let assignments = collect(c, &format!("SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments"), [], assignment_at)?;
        let memberships = collect(c, "SELECT user_id, tenant_id FROM memberships", [], |r| {
            Ok((UserId::from_uuid(uuid(r, 0)?), TenantId::from_uuid(uuid(r, 1)?)))
        })?;
        let user_attributes = collect(
            c,
            "SELECT id, tenant_id, attributes FROM users WHERE attributes <> '{}' AND deleted_at IS NULL",
            [],
            |r| {
                Ok((
                    UserId::from_uuid(uuid(r, 0)?),
                    TenantId::from_uuid(uuid(r, 1)?),
                    json::<BTreeMap<String, String>>(r, 2)?,
                ))
            },
        )?;
        Ok(AuthzRows {
            tenants: self.admitted(tenants, |t| t.id),
            compartments: self.admitted(compartments, |c| c.tenant_id),
            groups: self.admitted(groups, |g| g.tenant_id),
            members: self.admitted(members, |m| m.tenant_id),
            roles: self.admitted(roles, |r| r.tenant_id.unwrap_or(TenantId::from_uuid(Uuid::nil()))),
            assignments: self.admitted(assignments, |a| a.tenant_id),
            memberships: self.admitted(memberships, |m| m.1),
            user_attributes: self.admitted(user_attributes, |u| u.1).into_iter().map(|(u, _, a)| (u, a)).collect(),
        })
    }

    pub(in crate::store) fn tenants(&self) -> StoreResult<Vec<TenantRecord>> {
        let rows = collect(self.conn, &format!("SELECT {TENANT_COLUMNS} FROM tenants t ORDER BY t.name"), [], |r| {
            tenant_at(r, 0)
        })?;
        Ok(self.admitted(rows, |t| t.id))
    }

    pub(in crate::store) fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<TenantRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.slug = ?1 AND t.deleted_at IS NULL"
            ))?
            .query_row(params![slug], |r| tenant_at(r, 0))
            .optional()?;
        Ok(row.filter(|t| self.scope.admits(t.id)))
    }

    pub(in crate::store) fn tenant_domains(&self, tenant: TenantId) -> StoreResult<Vec<String>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            "SELECT domain FROM tenant_domains WHERE tenant_id = ?1 ORDER BY domain",
            params![tenant.to_string()],
            |r| r.get(0),
        )
    }

    pub(in crate::store) fn count_child_tenants(&self, tenant: TenantId) -> StoreResult<u32> {
        self.check(tenant)?;
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM tenants WHERE parent_id = ?1 AND deleted_at IS NULL")?
            .query_row(params![tenant.to_string()], |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    pub(in crate::store) fn insert_tenant(&self, t: &TenantRecord) -> StoreResult<()> {
        self.check(t.id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO tenants (id, parent_id, name, slug, is_root, depth, contact_email, settings, tags, quotas,
                                      created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                t.id.to_string(),
                t.parent_id.map(|p| p.to_string()),
                t.name,
                t.slug,
                t.parent_id.is_none(),
                t.depth,
                t.contact_email,
                to_json(&t.settings)?,
                to_json(&t.tags)?,
                to_json(&t.quotas)?,
                ts(&t.created_at),
                ts(&t.updated_at),
                t.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_tenant(&self, t: &TenantRecord) -> StoreResult<()> {
        self.check(t.id)?;
        self.conn
            .prepare_cached(
                "UPDATE tenants SET name = ?2, contact_email = ?3, settings = ?4, tags = ?5, quotas = ?6,
                        updated_at = ?7, deleted_at = ?8 WHERE id = ?1",
            )?
            .execute(params![
                t.id.to_string(),
                t.name,
                t.contact_email,
                to_json(&t.settings)?,
                to_json(&t.tags)?,
                to_json(&t.quotas)?,
                ts(&t.updated_at),
                t.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn set_tenant_domains(
        &self,
        tenant: TenantId,
        domains: &[String],
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.check(tenant)?;
        self.conn
            .prepare_cached("DELETE FROM tenant_domains WHERE tenant_id = ?1")?
            .execute(params![tenant.to_string()])?;
        for d in domains {
            self.conn
                .prepare_cached("INSERT INTO tenant_domains (domain, tenant_id, created_at) VALUES (?1, ?2, ?3)")?
                .execute(params![d, tenant.to_string(), ts(&now)])?;
        }
        Ok(())
    }

    pub(in crate::store) fn compartments(&self, tenant: TenantId) -> StoreResult<Vec<CompartmentRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!(
                "SELECT {COMPARTMENT_COLUMNS} FROM compartments WHERE tenant_id = ?1 AND deleted_at IS NULL ORDER BY name"
            ),
            params![tenant.to_string()],
            compartment_at,
        )
    }

    pub(in crate::store) fn compartment(
        &self,
        tenant: TenantId,
        id: CompartmentId,
    ) -> StoreResult<Option<CompartmentRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COMPARTMENT_COLUMNS} FROM compartments WHERE id = ?1 AND tenant_id = ?2 AND deleted_at IS NULL"
            ))?
            .query_row(params![id.to_string(), tenant.to_string()], compartment_at)
            .optional()?)
    }

    pub(in crate::store) fn insert_compartment(&self, c: &CompartmentRecord) -> StoreResult<()> {
        self.check(c.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO compartments ({COMPARTMENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ))?
            .execute(params![
                c.id.to_string(),
                c.tenant_id.to_string(),
                c.parent_id.map(|p| p.to_string()),
                c.name,
                c.description,
                ts(&c.created_at),
                ts(&c.updated_at),
                c.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_compartment(&self, c: &CompartmentRecord) -> StoreResult<()> {
        self.check(c.tenant_id)?;
        self.conn
            .prepare_cached(
                "UPDATE compartments SET parent_id = ?3, name = ?4, description = ?5, updated_at = ?6, deleted_at = ?7
                 WHERE id = ?1 AND tenant_id = ?2",
            )?
            .execute(params![
                c.id.to_string(),
                c.tenant_id.to_string(),
                c.parent_id.map(|p| p.to_string()),
                c.name,
                c.description,
                ts(&c.updated_at),
                c.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn tenant_users(
        &self,
        tenant: TenantId,
        search: Option<&str>,
    ) -> StoreResult<Vec<UserRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        let pattern = search.map(|s| format!("%{}%", s.to_lowercase().replace('%', "\\%").replace('_', "\\_")));
        collect(
            self.conn,
            &format!(
                "SELECT {USER_COLUMNS} FROM users u
                 WHERE u.deleted_at IS NULL
                   AND (u.tenant_id = ?1 OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.tenant_id = ?1))
                   AND (?2 IS NULL OR lower(u.email) LIKE ?2 ESCAPE '\\' OR lower(u.display_name) LIKE ?2 ESCAPE '\\')
                 ORDER BY u.email"
            ),
            params![tenant.to_string(), pattern],
            |r| user_at(r, 0),
        )
    }

    pub(in crate::store) fn count_home_users(&self, tenant: TenantId) -> StoreResult<u32> {
        self.check(tenant)?;
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM users WHERE tenant_id = ?1 AND deleted_at IS NULL")?
            .query_row(params![tenant.to_string()], |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    pub(in crate::store) fn is_member(&self, user: UserId, tenant: TenantId) -> StoreResult<bool> {
        if !self.scope.admits(tenant) {
            return Ok(false);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM memberships WHERE user_id = ?1 AND tenant_id = ?2")?
            .query_row(params![user.to_string(), tenant.to_string()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub(in crate::store) fn update_user(&self, u: &UserRecord) -> StoreResult<()> {
        self.check(u.tenant_id)?;
        self.conn
            .prepare_cached("UPDATE users SET display_name = ?2, status = ?3, updated_at = ?4 WHERE id = ?1")?
            .execute(params![u.id.to_string(), u.display_name, u.status.as_str(), ts(&u.updated_at)])?;
        Ok(())
    }

    pub(in crate::store) fn insert_membership(
        &self,
        user: UserId,
        tenant: TenantId,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.check(tenant)?;
        self.conn
            .prepare_cached("INSERT INTO memberships (user_id, tenant_id, created_at) VALUES (?1, ?2, ?3)")?
            .execute(params![user.to_string(), tenant.to_string(), ts(&now)])?;
        Ok(())
    }

    pub(in crate::store) fn delete_membership(&self, user: UserId, tenant: TenantId) -> StoreResult<bool> {
        self.check(tenant)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM memberships WHERE user_id = ?1 AND tenant_id = ?2")?
            .execute(params![user.to_string(), tenant.to_string()])?;
        Ok(n > 0)
    }

    pub(in crate::store) fn groups(&self, tenant: TenantId) -> StoreResult<Vec<GroupRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!("SELECT {GROUP_COLUMNS} FROM groups WHERE tenant_id = ?1 AND deleted_at IS NULL ORDER BY name"),
            params![tenant.to_string()],
            group_at,
        )
    }

    pub(in crate::store) fn group(&self, tenant: TenantId, id: GroupId) -> StoreResult<Option<GroupRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {GROUP_COLUMNS} FROM groups WHERE id = ?1 AND tenant_id = ?2 AND deleted_at IS NULL"
            ))?
            .query_row(params![id.to_string(), tenant.to_string()], group_at)
            .optional()?)
    }

    pub(in crate::store) fn group_members(&self, group: GroupId) -> StoreResult<Vec<GroupMemberRecord>> {
        let rows = collect(
            self.conn,
            "SELECT group_id, tenant_id, member_user_id, member_group_id, created_at FROM group_members
             WHERE group_id = ?1 ORDER BY created_at",
            params![group.to_string()],
            member_at,
        )?;
        Ok(self.admitted(rows, |m| m.tenant_id))
    }

    pub(in crate::store) fn insert_group(&self, g: &GroupRecord) -> StoreResult<()> {
        self.check(g.tenant_id)?;
        self.conn
            .prepare_cached(&format!("INSERT INTO groups ({GROUP_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"))?
            .execute(params![
                g.id.to_string(),
                g.tenant_id.to_string(),
                g.name,
                g.description,
                ts(&g.created_at),
                ts(&g.updated_at),
                g.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_group(&self, g: &GroupRecord) -> StoreResult<()> {
        self.check(g.tenant_id)?;
        self.conn
            .prepare_cached(
                "UPDATE groups SET name = ?3, description = ?4, updated_at = ?5, deleted_at = ?6
                 WHERE id = ?1 AND tenant_id = ?2",
            )?
            .execute(params![
                g.id.to_string(),
                g.tenant_id.to_string(),
                g.name,
                g.description,
                ts(&g.updated_at),
                g.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn insert_group_member(&self, m: &GroupMemberRecord) -> StoreResult<()> {
        self.check(m.tenant_id)?;
        let (user, group) = match m.member {
            SubjectRef::User(u) => (Some(u.to_string()), None),
            SubjectRef::Group(g) => (None, Some(g.to_string())),
        };
        self.conn
            .prepare_cached(
                "INSERT INTO group_members (group_id, tenant_id, member_user_id, member_group_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![m.group_id.to_string(), m.tenant_id.to_string(), user, group, ts(&m.created_at)])?;
        Ok(())
    }

    pub(in crate::store) fn delete_group_member(&self, group: GroupId, member: Uuid) -> StoreResult<bool> {
        let tenant: Option<String> = self
            .conn
            .prepare_cached("SELECT tenant_id FROM groups WHERE id = ?1")?
            .query_row(params![group.to_string()], |r| r.get(0))
            .optional()?;
        let Some(tenant) = tenant.and_then(|t| t.parse().ok()) else { return Ok(false) };
        self.check(tenant)?;
        let n = self
            .conn
            .prepare_cached(
                "DELETE FROM group_members WHERE group_id = ?1 AND (member_user_id = ?2 OR member_group_id = ?2)",
            )?
            .execute(params![group.to_string(), member.to_string()])?;
        Ok(n > 0)
    }

    pub(in crate::store) fn detach_subject(&self, subject: SubjectRef, tenant: TenantId) -> StoreResult<()> {
        self.check(tenant)?;
        let (id, t) = (subject.uuid().to_string(), tenant.to_string());
        self.conn
            .prepare_cached(
                "DELETE FROM group_members WHERE tenant_id = ?2
                   AND (member_user_id = ?1 OR member_group_id = ?1 OR group_id = ?1)",
            )?
            .execute(params![id, t])?;
        self.conn
            .prepare_cached("DELETE FROM role_assignments WHERE subject_id = ?1 AND tenant_id = ?2")?
            .execute(params![id, t])?;
        Ok(())
    }

    pub(in crate::store) fn delete_user(&self, id: UserId, at: DateTime<Utc>) -> StoreResult<()> {
        let tenant: Option<String> = self
            .conn
            .prepare_cached("SELECT tenant_id FROM users WHERE id = ?1")?
            .query_row(params![id.to_string()], |r| r.get(0))
            .optional()?;
        let Some(tenant) = tenant.and_then(|t| t.parse().ok()) else { return Ok(()) };
        self.check(tenant)?;
        self.conn
            .prepare_cached("UPDATE users SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1")?
            .execute(params![id.to_string(), ts(&at)])?;
        Ok(())
    }

    pub(in crate::store) fn roles(&self, tenant: TenantId) -> StoreResult<Vec<RoleRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!(
                "SELECT {ROLE_COLUMNS} FROM roles WHERE deleted_at IS NULL AND (tenant_id IS NULL OR tenant_id = ?1)
                 ORDER BY tenant_id IS NOT NULL, CASE WHEN tenant_id IS NULL THEN id END, lower(name)"
            ),
            params![tenant.to_string()],
            role_at,
        )
    }

    pub(in crate::store) fn role(&self, id: RoleId) -> StoreResult<Option<RoleRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {ROLE_COLUMNS} FROM roles WHERE id = ?1 AND deleted_at IS NULL"))?
            .query_row(params![id.to_string()], role_at)
            .optional()?;
        Ok(row.filter(|r| r.tenant_id.is_none_or(|t| self.scope.admits(t))))
    }

    pub(in crate::store) fn insert_role(&self, r: &RoleRecord) -> StoreResult<()> {
        let tenant = r.tenant_id.ok_or_else(|| StoreError::OutOfScope("system roles are immutable".into()))?;
        self.check(tenant)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO roles ({ROLE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ))?
            .execute(params![
                r.id.to_string(),
                tenant.to_string(),
                r.name,
                r.description,
                r.parent_id.map(|p| p.to_string()),
                r.tier,
                to_json(&r.allow)?,
                to_json(&r.deny)?,
                ts(&r.created_at),
                ts(&r.updated_at),
                r.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_role(&self, r: &RoleRecord) -> StoreResult<()> {
        let tenant = r.tenant_id.ok_or_else(|| StoreError::OutOfScope("system roles are immutable".into()))?;
        self.check(tenant)?;
        self.conn
            .prepare_cached(
                "UPDATE roles SET name = ?3, description = ?4, allow = ?5, deny = ?6, updated_at = ?7, deleted_at = ?8
                 WHERE id = ?1 AND tenant_id = ?2",
            )?
            .execute(params![
                r.id.to_string(),
                tenant.to_string(),
                r.name,
                r.description,
                to_json(&r.allow)?,
                to_json(&r.deny)?,
                ts(&r.updated_at),
                r.deleted_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn assignments(&self, tenant: TenantId) -> StoreResult<Vec<AssignmentRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!("SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments WHERE tenant_id = ?1 ORDER BY created_at, id"),
            params![tenant.to_string()],
            assignment_at,
        )
    }

    pub(in crate::store) fn assignments_of_role(&self, role: RoleId) -> StoreResult<Vec<AssignmentRecord>> {
        let rows = collect(
            self.conn,
            &format!("SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments WHERE role_id = ?1 ORDER BY created_at, id"),
            params![role.to_string()],
            assignment_at,
        )?;
        Ok(self.admitted(rows, |a| a.tenant_id))
    }

    pub(in crate::store) fn insert_assignment(&self, a: &AssignmentRecord) -> StoreResult<()> {
        self.check(a.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO role_assignments ({ASSIGNMENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            ))?
            .execute(params![
                a.id.to_string(),
                a.tenant_id.to_string(),
                a.role_id.to_string(),
                a.subject.kind(),
                a.subject.uuid().to_string(),
                a.scope.kind(),
                a.scope.uuid().to_string(),
                a.expires_at.as_ref().map(ts),
                a.created_by.map(|u| u.to_string()),
                ts(&a.created_at),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn delete_assignment(
        &self,
        tenant: TenantId,
        id: AssignmentId,
    ) -> StoreResult<Option<AssignmentRecord>> {
        self.check(tenant)?;
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ASSIGNMENT_COLUMNS} FROM role_assignments WHERE id = ?1 AND tenant_id = ?2"
            ))?
            .query_row(params![id.to_string(), tenant.to_string()], assignment_at)
            .optional()?;
        if row.is_some() {
            self.conn
                .prepare_cached("DELETE FROM role_assignments WHERE id = ?1 AND tenant_id = ?2")?
                .execute(params![id.to_string(), tenant.to_string()])?;
        }
        Ok(row)
    }

    pub(in crate::store) fn policies(&self, tenant: TenantId) -> StoreResult<Vec<PolicyRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            "SELECT id, tenant_id, name, source, created_at, updated_at FROM policies WHERE tenant_id = ?1 ORDER BY name",
            params![tenant.to_string()],
            policy_at,
        )
    }

    pub(in crate::store) fn insert_policy(&self, p: &PolicyRecord) -> StoreResult<()> {
        self.check(p.tenant_id)?;
        self.conn
            .prepare_cached(
                "INSERT INTO policies (id, tenant_id, name, source, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                p.id.to_string(),
                p.tenant_id.to_string(),
                p.name,
                p.source,
                ts(&p.created_at),
                ts(&p.updated_at)
            ])?;
        Ok(())
    }

    pub(in crate::store) fn delete_policy(&self, tenant: TenantId, id: PolicyId) -> StoreResult<bool> {
        self.check(tenant)?;
        let n = self
            .conn
            .prepare_cached("DELETE FROM policies WHERE id = ?1 AND tenant_id = ?2")?
            .execute(params![id.to_string(), tenant.to_string()])?;
        Ok(n > 0)
    }

    pub(in crate::store) fn api_key_by_lookup(&self, lookup: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {API_KEY_COLUMNS} FROM api_keys WHERE lookup_id = ?1"))?
            .query_row(params![lookup], api_key_at)
            .optional()?;
        Ok(row.filter(|k| self.scope.admits(k.tenant_id)))
    }

    pub(in crate::store) fn api_keys(&self, tenant: TenantId) -> StoreResult<Vec<ApiKeyRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!("SELECT {API_KEY_COLUMNS} FROM api_keys WHERE tenant_id = ?1 ORDER BY created_at DESC"),
            params![tenant.to_string()],
            api_key_at,
        )
    }

    pub(in crate::store) fn insert_api_key(&self, k: &ApiKeyRecord) -> StoreResult<()> {
        self.check(k.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO api_keys ({API_KEY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
            ))?
            .execute(params![
                k.id.to_string(),
                k.tenant_id.to_string(),
                k.user_id.to_string(),
                k.name,
                k.lookup_id,
                k.secret_hash,
                to_json(&k.permissions)?,
                k.scope.kind(),
                k.scope.uuid().to_string(),
                k.expires_at.as_ref().map(ts),
                ts(&k.created_at),
                k.last_used_at.as_ref().map(ts),
                k.last_used_ip,
                k.revoked_at.as_ref().map(ts),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_api_key(&self, k: &ApiKeyRecord) -> StoreResult<()> {
        self.check(k.tenant_id)?;
        self.conn
            .prepare_cached("UPDATE api_keys SET lookup_id = ?2, secret_hash = ?3, revoked_at = ?4 WHERE id = ?1")?
            .execute(params![k.id.to_string(), k.lookup_id, k.secret_hash, k.revoked_at.as_ref().map(ts)])?;
        Ok(())
    }

    pub(in crate::store) fn touch_api_key(&self, id: ApiKeyId, at: DateTime<Utc>, ip: Option<&str>) -> StoreResult<()> {
        self.conn
            .prepare_cached("UPDATE api_keys SET last_used_at = ?2, last_used_ip = ?3 WHERE id = ?1")?
            .execute(params![id.to_string(), ts(&at), ip])?;
        Ok(())
    }
}

/// Statements that erase a tenant's own rows (`?1` the tenant, `?2` the time), in order.
const PURGE: &[&str] = &[
    "DELETE FROM group_members WHERE tenant_id = ?1",
    "DELETE FROM role_assignments WHERE tenant_id = ?1",
    "DELETE FROM groups WHERE tenant_id = ?1",
    // Custom roles stay as deleted rows: assignments elsewhere may still name them.
    "UPDATE roles SET deleted_at = coalesce(deleted_at, ?2) WHERE tenant_id = ?1",
    "DELETE FROM api_keys WHERE tenant_id = ?1",
    "DELETE FROM invitations WHERE tenant_id = ?1",
    "DELETE FROM tenant_domains WHERE tenant_id = ?1",
    "DELETE FROM memberships WHERE tenant_id = ?1",
    "DELETE FROM policies WHERE tenant_id = ?1",
    "UPDATE compartments SET parent_id = NULL WHERE tenant_id = ?1",
    "DELETE FROM compartments WHERE tenant_id = ?1",
    "UPDATE refresh_tokens SET state = 'revoked' WHERE state = 'active'
       AND session_id IN (SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.tenant_id = ?1)",
    "UPDATE sessions SET revoked_at = ?2, revoke_reason = 'purged'
       WHERE revoked_at IS NULL AND user_id IN (SELECT id FROM users WHERE tenant_id = ?1)",
    "UPDATE users SET email = 'purged+' || id || '@invalid', display_name = '', password_hash = NULL,
            deleted_at = coalesce(deleted_at, ?2), updated_at = ?2 WHERE tenant_id = ?1",
    "UPDATE tenants SET purged_at = ?2, contact_email = NULL, settings = '{}', tags = '{}' WHERE id = ?1",
];

impl Scoped<'_> {
    pub(in crate::store) fn purge_tenant(&self, tenant: TenantId, at: DateTime<Utc>) -> StoreResult<()> {
        self.check(tenant)?;
        let (id, at) = (tenant.to_string(), ts(&at));
        for sql in PURGE {
            let mut stmt = self.conn.prepare_cached(sql)?;
            // rusqlite insists on exactly the parameters a statement names.
            if stmt.parameter_count() == 1 {
                stmt.execute(params![id])?;
            } else {
                stmt.execute(params![id, at])?;
            }
        }
        Ok(())
    }
}

impl Scoped<'_> {
    pub(in crate::store) fn user_attributes(&self, user: UserId) -> StoreResult<BTreeMap<String, String>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT tenant_id, attributes FROM users WHERE id = ?1")?
            .query_row(params![user.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            Some((tenant, attrs)) if tenant.parse().is_ok_and(|t| self.scope.admits(t)) => {
                serde_json::from_str(&attrs).map_err(|e| StoreError::Corrupt(format!("user attributes: {e}")))
            }
            _ => Ok(BTreeMap::new()),
        }
    }

    pub(in crate::store) fn set_user_attributes(
        &self,
        user: UserId,
        attributes: &BTreeMap<String, String>,
    ) -> StoreResult<()> {
        let tenant: Option<String> = self
            .conn
            .prepare_cached("SELECT tenant_id FROM users WHERE id = ?1")?
            .query_row(params![user.to_string()], |r| r.get(0))
            .optional()?;
        let Some(tenant) = tenant.and_then(|t| t.parse().ok()) else { return Ok(()) };
        self.check(tenant)?;
        self.conn
            .prepare_cached("UPDATE users SET attributes = ?2 WHERE id = ?1")?
            .execute(params![user.to_string(), to_json(attributes)?])?;
        Ok(())
    }
}

const INVITATION_COLUMNS: &str =
    "id, tenant_id, email, role_id, token_hash, status, invited_by, created_at, expires_at, decided_at, accepted_user";

fn invitation_at(r: &Row<'_>) -> rusqlite::Result<InvitationRecord> {
    Ok(InvitationRecord {
        id: InvitationId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        email: r.get(2)?,
        role_id: RoleId::from_uuid(uuid(r, 3)?),
        token_hash: r.get(4)?,
        status: InvitationStatus::parse(&r.get::<_, String>(5)?).map_err(bad_ref(5))?,
        invited_by: opt_uuid(r, 6)?.map(UserId::from_uuid),
        created_at: time(r, 7)?,
        expires_at: time(r, 8)?,
        decided_at: opt_time(r, 9)?,
        accepted_user: opt_uuid(r, 10)?.map(UserId::from_uuid),
    })
}

impl Scoped<'_> {
    pub(in crate::store) fn invitations(&self, tenant: TenantId) -> StoreResult<Vec<InvitationRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(Vec::new());
        }
        collect(
            self.conn,
            &format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE tenant_id = ?1 ORDER BY created_at DESC"),
            params![tenant.to_string()],
            invitation_at,
        )
    }

    pub(in crate::store) fn invitation_by_hash(&self, hash: &[u8]) -> StoreResult<Option<InvitationRecord>> {
        let row = self
            .conn
            .prepare_cached(&format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = ?1"))?
            .query_row(params![hash], invitation_at)
            .optional()?;
        Ok(row.filter(|i| self.scope.admits(i.tenant_id)))
    }

    pub(in crate::store) fn pending_invitation(
        &self,
        tenant: TenantId,
        email: &str,
    ) -> StoreResult<Option<InvitationRecord>> {
        if !self.scope.admits(tenant) {
            return Ok(None);
        }
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {INVITATION_COLUMNS} FROM invitations WHERE tenant_id = ?1 AND email = ?2 AND status = 'pending'"
            ))?
            .query_row(params![tenant.to_string(), email], invitation_at)
            .optional()?)
    }

    pub(in crate::store) fn insert_invitation(&self, i: &InvitationRecord) -> StoreResult<()> {
        self.check(i.tenant_id)?;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO invitations ({INVITATION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ))?
            .execute(params![
                i.id.to_string(),
                i.tenant_id.to_string(),
                i.email,
                i.role_id.to_string(),
                i.token_hash,
                i.status.as_str(),
                i.invited_by.map(|u| u.to_string()),
                ts(&i.created_at),
                ts(&i.expires_at),
                i.decided_at.as_ref().map(ts),
                i.accepted_user.map(|u| u.to_string()),
            ])?;
        Ok(())
    }

    pub(in crate::store) fn update_invitation(&self, i: &InvitationRecord) -> StoreResult<()> {
        self.check(i.tenant_id)?;
        self.conn
            .prepare_cached(
                "UPDATE invitations SET role_id = ?2, token_hash = ?3, status = ?4, created_at = ?5, expires_at = ?6,
                        decided_at = ?7, accepted_user = ?8 WHERE id = ?1",
            )?
            .execute(params![
                i.id.to_string(),
                i.role_id.to_string(),
                i.token_hash,
                i.status.as_str(),
                ts(&i.created_at),
                ts(&i.expires_at),
                i.decided_at.as_ref().map(ts),
                i.accepted_user.map(|u| u.to_string()),
            ])?;
        Ok(())
    }
}

const API_KEY_COLUMNS: &str = "id, tenant_id, user_id, name, lookup_id, secret_hash, permissions, scope_kind, scope_id, \
    expires_at, created_at, last_used_at, last_used_ip, revoked_at";

fn api_key_at(r: &Row<'_>) -> rusqlite::Result<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: ApiKeyId::from_uuid(uuid(r, 0)?),
        tenant_id: TenantId::from_uuid(uuid(r, 1)?),
        user_id: UserId::from_uuid(uuid(r, 2)?),
        name: r.get(3)?,
        lookup_id: r.get(4)?,
        secret_hash: r.get(5)?,
        permissions: json(r, 6)?,
        scope: ScopeRef::parse(&r.get::<_, String>(7)?, uuid(r, 8)?).map_err(bad_ref(7))?,
        expires_at: opt_time(r, 9)?,
        created_at: time(r, 10)?,
        last_used_at: opt_time(r, 11)?,
        last_used_ip: r.get(12)?,
        revoked_at: opt_time(r, 13)?,
    })
}
