//! Scenario tests for expansion and the RBAC evaluator, on one small installation.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::ids::{AssignmentId, CompartmentId, GroupId, RoleId, TenantId, UserId};

type Res = Result<(), Box<dyn std::error::Error>>;

fn now() -> Result<DateTime<Utc>, &'static str> {
    DateTime::from_timestamp(1_750_000_000, 0).ok_or("bad timestamp")
}

/// root ─┬─ acme ── acme-eu          acme: prod ── prod-web, dev
///       └─ globex                    globex: gx
struct World {
    root: TenantId,
    acme: TenantId,
    acme_eu: TenantId,
    globex: TenantId,
    prod: CompartmentId,
    prod_web: CompartmentId,
    dev: CompartmentId,
    eu_comp: CompartmentId,
    gx: CompartmentId,
    alice: UserId,
    b: DirectoryBuilder,
}

impl World {
    fn new() -> Self {
        let (root, acme, acme_eu, globex) =
            (TenantId::generate(), TenantId::generate(), TenantId::generate(), TenantId::generate());
        let (prod, prod_web, dev, eu_comp, gx) = (
            CompartmentId::generate(),
            CompartmentId::generate(),
            CompartmentId::generate(),
            CompartmentId::generate(),
            CompartmentId::generate(),
        );
        let mut b = Directory::builder();
        b.add_tenant(root, None, "root")
            .add_tenant(acme, Some(root), "acme")
            .add_tenant(acme_eu, Some(acme), "acme-eu")
            .add_tenant(globex, Some(root), "globex")
            .add_compartment(prod, acme, None, "prod")
            .add_compartment(prod_web, acme, Some(prod), "prod-web")
            .add_compartment(dev, acme, None, "dev")
            .add_compartment(eu_comp, acme_eu, None, "eu")
            .add_compartment(gx, globex, None, "gx");
        World { root, acme, acme_eu, globex, prod, prod_web, dev, eu_comp, gx, alice: UserId::generate(), b }
    }

    fn assign(&mut self, role: RoleId, subject: Subject, scope: Scope) -> &mut Self {
        self.assign_until(role, subject, scope, None)
    }

    fn assign_until(
        &mut self,
        role: RoleId,
        subject: Subject,
        scope: Scope,
        expires_at: Option<DateTime<Utc>>,
    ) -> &mut Self {
        self.b.add_assignment(AssignmentDef { id: AssignmentId::generate(), role, subject, scope, expires_at });
        self
    }

    fn role(
        &mut self,
        name: &str,
        parent: Option<RoleId>,
        allow: &[&str],
        deny: &[&str],
        tier: Tier,
    ) -> Result<RoleId, PermissionError> {
        let id = RoleId::generate();
        let parse = |l: &[&str]| l.iter().map(|p| PermissionPattern::parse(p)).collect::<Result<Vec<_>, _>>();
        self.b.add_role(RoleDef {
            id,
            tenant: Some(self.acme),
            name: name.to_owned(),
            parent,
            allow: parse(allow)?,
            deny: parse(deny)?,
            tier,
        });
        Ok(id)
    }

    fn group(&mut self, name: &str) -> GroupId {
        let g = GroupId::generate();
        self.b.add_group(g, self.acme, name);
        g
    }
}

fn at(tenant: TenantId, compartment: Option<CompartmentId>) -> Target {
    Target { tenant, compartment }
}

fn decide(
    dir: &Directory,
    exp: &Expansion,
    perm: &str,
    target: Target,
) -> Result<RbacDecision, Box<dyn std::error::Error>> {
    let permission = Permission::parse(perm)?;
    Ok(exp.decide(dir, &AccessRequest { permission: &permission, target, now: now()? }))
}

fn allowed(dir: &Directory, exp: &Expansion, perm: &str, target: Target) -> Result<bool, Box<dyn std::error::Error>> {
    Ok(decide(dir, exp, perm, target)?.allowed)
}

fn pats(list: &[&str]) -> Result<Vec<PermissionPattern>, PermissionError> {
    list.iter().map(|p| PermissionPattern::parse(p)).collect()
}

#[test]
fn wildcard_allow_does_not_bypass_a_deny() -> Res {
    let mut w = World::new();
    let r = w.role("Almost all", None, &["*:*:*"], &["cmdb:ci:delete"], Tier::TenantAdmin)?;
    let (alice, acme) = (w.alice, w.acme);
    w.assign(r, Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:delete", at(acme, None))?;
    assert!(!d.allowed);
    assert_eq!(d.reason, RbacReason::DeniedByDeny);
    assert_eq!(d.deciding.map(|g| g.pattern.to_string()).as_deref(), Some("cmdb:ci:delete"));
    assert!(!allowed(&dir, &exp, "cmdb:ci:delete:network", at(acme, None))?);
    assert!(allowed(&dir, &exp, "cmdb:ci:create", at(acme, None))?);
    Ok(())
}

#[test]
fn broad_deny_beats_an_exact_allow_from_another_assignment() -> Res {
    let mut w = World::new();
    let vm = w.role("VM maker", None, &["cmdb:ci:create:virtualmachine"], &[], Tier::User)?;
    let no_cmdb = w.role("No CMDB", None, &[], &["cmdb:*:*"], Tier::User)?;
    let ops = w.group("ops");
    let (alice, acme) = (w.alice, w.acme);
    w.b.add_user_group(alice, ops);
    w.assign(vm, Subject::User(alice), Scope::Tenant(acme)).assign(no_cmdb, Subject::Group(ops), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:create:virtualmachine", at(acme, None))?;
    assert_eq!((d.allowed, d.reason), (false, RbacReason::DeniedByDeny));
    Ok(())
}

#[test]
fn deny_at_an_unrelated_scope_does_not_apply() -> Res {
    let mut w = World::new();
    let no_cmdb = w.role("No CMDB", None, &[], &["cmdb:*:*"], Tier::User)?;
    let (alice, acme, dev, prod) = (w.alice, w.acme, w.dev, w.prod);
    w.assign(SystemRole::TenantAdmin.id(), Subject::User(alice), Scope::Tenant(acme)).assign(
        no_cmdb,
        Subject::User(alice),
        Scope::Compartment(dev),
    );
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(!allowed(&dir, &exp, "cmdb:ci:create", at(acme, Some(dev)))?);
    assert!(allowed(&dir, &exp, "cmdb:ci:create", at(acme, Some(prod)))?);
    assert!(allowed(&dir, &exp, "cmdb:ci:create", at(acme, None))?);
    Ok(())
}

#[test]
fn most_specific_allow_decides_and_ties_go_to_the_first() -> Res {
    let mut w = World::new();
    let broad = w.role("Broad", None, &["cmdb:*:*"], &[], Tier::User)?;
    let exact = w.role("Exact", None, &["cmdb:ci:create"], &[], Tier::User)?;
    let twin = w.role("Twin", None, &["cmdb:ci:create"], &[], Tier::User)?;
    let ops = w.group("ops");
    let (alice, acme, root) = (w.alice, w.acme, w.root);
    w.b.add_user_group(alice, ops);
    w.assign(SystemRole::ProviderAdmin.id(), Subject::User(alice), Scope::Tenant(root))
        .assign(broad, Subject::User(alice), Scope::Tenant(acme))
        .assign(exact, Subject::User(alice), Scope::Tenant(acme))
        .assign(twin, Subject::Group(ops), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:create", at(acme, None))?;
    let g = d.deciding.ok_or("no deciding grant")?;
    assert_eq!((g.pattern.as_str(), g.role), ("cmdb:ci:create", exact));
    let d = decide(&dir, &exp, "cmdb:ci:delete", at(acme, None))?;
    assert_eq!(d.deciding.map(|g| g.pattern.to_string()).as_deref(), Some("cmdb:*:*"));
    let d = decide(&dir, &exp, "iam:user:read", at(acme, None))?;
    assert_eq!(d.deciding.map(|g| g.pattern.to_string()).as_deref(), Some("*:*:*"));
    Ok(())
}

#[test]
fn no_applicable_allow_is_a_denial() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    w.assign(SystemRole::Member.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:delete", at(acme, None))?;
    assert_eq!((d.allowed, d.reason, d.deciding), (false, RbacReason::NoMatchingGrant, None));
    let nobody = dir.expand(UserId::generate());
    assert!(!allowed(&dir, &nobody, "cmdb:ci:read", at(acme, None))?);
    assert_eq!(nobody.tier(), Tier::ReadOnly);
    Ok(())
}

#[test]
fn expired_assignments_are_ignored() -> Res {
    let mut w = World::new();
    let (alice, acme, globex) = (w.alice, w.acme, w.globex);
    let t = now()?;
    w.assign_until(SystemRole::TenantAdmin.id(), Subject::User(alice), Scope::Tenant(acme), Some(t)).assign_until(
        SystemRole::Member.id(),
        Subject::User(alice),
        Scope::Tenant(globex),
        Some(t + Duration::hours(1)),
    );
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(!allowed(&dir, &exp, "cmdb:ci:read", at(acme, None))?, "expiry is exclusive");
    assert!(allowed(&dir, &exp, "cmdb:ci:read", at(globex, None))?);
    assert_eq!(exp.tier(), Tier::TenantAdmin);
    assert_eq!(exp.tier_at(t), Tier::User);
    Ok(())
}

#[test]
fn tenant_scope_reaches_sub_tenants_and_their_compartments() -> Res {
    let mut w = World::new();
    let (alice, acme, acme_eu, prod_web, eu_comp) = (w.alice, w.acme, w.acme_eu, w.prod_web, w.eu_comp);
    w.assign(SystemRole::PowerUser.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    for target in [at(acme, None), at(acme_eu, None), at(acme, Some(prod_web)), at(acme_eu, Some(eu_comp))] {
        assert!(allowed(&dir, &exp, "cmdb:ci:create", target)?, "{target:?}");
    }
    Ok(())
}

#[test]
fn compartment_scope_stays_inside_its_subtree() -> Res {
    let mut w = World::new();
    let (alice, acme, prod, prod_web, dev) = (w.alice, w.acme, w.prod, w.prod_web, w.dev);
    w.assign(SystemRole::PowerUser.id(), Subject::User(alice), Scope::Compartment(prod_web));
    w.assign(SystemRole::ReadOnly.id(), Subject::User(alice), Scope::Compartment(prod));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(allowed(&dir, &exp, "cmdb:ci:create", at(acme, Some(prod_web)))?);
    assert!(!allowed(&dir, &exp, "cmdb:ci:create", at(acme, Some(prod)))?, "no leak to the parent");
    assert!(!allowed(&dir, &exp, "cmdb:ci:create", at(acme, None))?, "no leak to the tenant");
    assert!(!allowed(&dir, &exp, "cmdb:ci:read", at(acme, Some(dev)))?, "no leak to a sibling");
    assert!(allowed(&dir, &exp, "cmdb:ci:read", at(acme, Some(prod_web)))?, "reaches children");
    Ok(())
}

#[test]
fn sibling_tenants_are_not_covered() -> Res {
    let mut w = World::new();
    let (alice, acme, globex, gx) = (w.alice, w.acme, w.globex, w.gx);
    w.assign(SystemRole::TenantAdmin.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(!allowed(&dir, &exp, "cmdb:ci:read", at(globex, None))?);
    assert!(!allowed(&dir, &exp, "cmdb:ci:read", at(globex, Some(gx)))?);
    Ok(())
}

#[test]
fn a_compartment_of_another_tenant_is_an_invalid_target() -> Res {
    let mut w = World::new();
    let (alice, acme, gx) = (w.alice, w.acme, w.gx);
    w.assign(SystemRole::TenantAdmin.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:read", at(acme, Some(gx)))?;
    assert_eq!((d.allowed, d.reason), (false, RbacReason::InvalidTarget));
    let d = decide(&dir, &exp, "cmdb:ci:read", at(TenantId::generate(), None))?;
    assert_eq!(d.reason, RbacReason::InvalidTarget);
    Ok(())
}

#[test]
fn fifty_nested_groups_still_reach_the_user() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    let groups: Vec<GroupId> = (0..50).map(|i| w.group(&format!("g{i}"))).collect();
    w.b.add_user_group(alice, groups[0]);
    for pair in groups.windows(2) {
        w.b.add_group_member_group(pair[0], pair[1]);
    }
    let top = groups[49];
    w.assign(SystemRole::NetworkAdmin.id(), Subject::Group(top), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:create:network", at(acme, None))?;
    assert!(d.allowed);
    let path = d.deciding.ok_or("no grant")?.path.to_string();
    assert!(path.starts_with("group:g0 → group:g1 → "), "{path}");
    assert!(path.ends_with("group:g49 → role:Network Admin @ tenant acme"), "{path}");
    Ok(())
}

#[test]
fn group_cycles_in_the_data_terminate() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    let (a, b, c) = (w.group("a"), w.group("b"), w.group("c"));
    w.b.add_user_group(alice, a)
        .add_group_member_group(a, b)
        .add_group_member_group(b, c)
        .add_group_member_group(c, a)
        .add_group_member_group(b, b);
    w.assign(SystemRole::Member.id(), Subject::Group(c), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(allowed(&dir, &exp, "approval:request:create", at(acme, None))?);
    assert!(dir.would_create_group_cycle(a, c), "a is already below c");
    assert!(dir.would_create_group_cycle(a, a));
    let d = GroupId::generate();
    assert!(!dir.would_create_group_cycle(d, a));
    Ok(())
}

#[test]
fn role_parents_are_inherited_and_explained() -> Res {
    let mut w = World::new();
    let (alice, acme, prod) = (w.alice, w.acme, w.prod);
    let custom = w.role("Custom", Some(SystemRole::Member.id()), &["stack:deployment:up"], &[], Tier::User)?;
    w.assign(custom, Subject::User(alice), Scope::Compartment(prod));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "approval:request:create", at(acme, Some(prod)))?;
    let g = d.deciding.ok_or("no grant")?;
    assert_eq!(g.role, SystemRole::Member.id());
    assert_eq!(g.path.to_string(), "user → role:Custom → role:Member (parent) @ compartment prod");
    let d = decide(&dir, &exp, "stack:deployment:up", at(acme, Some(prod)))?;
    assert_eq!(d.deciding.map(|g| g.path.to_string()).as_deref(), Some("user → role:Custom @ compartment prod"));
    Ok(())
}

#[test]
fn role_parent_loops_terminate() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    let (x, y) = (RoleId::generate(), RoleId::generate());
    for (id, parent, allow) in [(x, y, "cmdb:ci:read"), (y, x, "stack:deployment:read")] {
        w.b.add_role(RoleDef {
            id,
            tenant: Some(acme),
            name: format!("r-{allow}"),
            parent: Some(parent),
            allow: pats(&[allow])?,
            deny: vec![],
            tier: Tier::User,
        });
    }
    w.assign(x, Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(allowed(&dir, &exp, "stack:deployment:read", at(acme, None))?);
    assert_eq!(exp.grants().count(), 2);
    Ok(())
}

#[test]
fn direct_and_group_paths_read_well() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    let ops = w.group("ops");
    w.b.add_user_group(alice, ops);
    w.assign(SystemRole::Member.id(), Subject::User(alice), Scope::Tenant(acme)).assign(
        SystemRole::NetworkAdmin.id(),
        Subject::Group(ops),
        Scope::Tenant(acme),
    );
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let path = |p: &str| decide(&dir, &exp, p, at(acme, None)).map(|d| d.deciding.map(|g| g.path.to_string()));
    assert_eq!(path("cmdb:ci:read")?.as_deref(), Some("user → role:Member @ tenant acme"));
    assert_eq!(path("cmdb:ci:delete:network")?.as_deref(), Some("group:ops → role:Network Admin @ tenant acme"));
    Ok(())
}

#[test]
fn a_member_cannot_escalate() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    w.assign(SystemRole::Member.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let t = now()?;
    let err = exp.can_grant(&dir, &pats(&["iam:*:*"])?, Scope::Tenant(acme), t).err().ok_or("must fail")?;
    assert_eq!(err.uncovered.len(), 1);
    assert!(err.to_string().contains("iam:*:* is not covered"), "{err}");
    assert!(exp.can_grant(&dir, &pats(&["cmdb:ci:read", "approval:request:create"])?, Scope::Tenant(acme), t).is_ok());
    let admin = dir.role(SystemRole::TenantAdmin.id()).ok_or("no role")?;
    let err = exp.can_grant_role(&dir, admin, Scope::Tenant(acme), t).err().ok_or("must fail")?;
    assert_eq!(err.tier, Some((Tier::TenantAdmin, Tier::User)));
    let member = dir.role(SystemRole::Member.id()).ok_or("no role")?;
    assert!(exp.can_grant_role(&dir, member, Scope::Tenant(acme), t).is_ok());
    Ok(())
}

#[test]
fn a_tenant_admin_grants_only_inside_their_tenant() -> Res {
    let mut w = World::new();
    let (alice, acme, acme_eu, globex, prod) = (w.alice, w.acme, w.acme_eu, w.globex, w.prod);
    w.assign(SystemRole::TenantAdmin.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let t = now()?;
    let member = dir.role(SystemRole::Member.id()).ok_or("no role")?;
    let admin = dir.role(SystemRole::TenantAdmin.id()).ok_or("no role")?;
    assert!(exp.can_grant_role(&dir, member, Scope::Tenant(globex), t).is_err());
    assert!(exp.can_grant_role(&dir, member, Scope::Tenant(acme_eu), t).is_ok());
    assert!(exp.can_grant_role(&dir, member, Scope::Compartment(prod), t).is_ok());
    // Their own role is fine: it denies purge too, so the grantee gets nothing they lack.
    assert!(exp.can_grant_role(&dir, admin, Scope::Tenant(acme), t).is_ok());
    let provider = dir.role(SystemRole::ProviderAdmin.id()).ok_or("no role")?;
    assert!(exp.can_grant_role(&dir, provider, Scope::Tenant(acme), t).is_err());
    Ok(())
}

#[test]
fn what_is_denied_to_the_granter_cannot_be_granted() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    w.assign(SystemRole::TenantAdmin.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let t = now()?;
    for p in ["tenant:tenant:purge", "tenant:*:*", "*:*:*"] {
        let err = exp.can_grant(&dir, &pats(&[p])?, Scope::Tenant(acme), t).err().ok_or("must fail")?;
        assert!(matches!(err.uncovered.first(), Some((_, Shortfall::Denied(_)))), "{p}: {err}");
    }
    assert!(exp.can_grant(&dir, &pats(&["tenant:tenant:delete"])?, Scope::Tenant(acme), t).is_ok());
    Ok(())
}

#[test]
fn tree_queries() -> Res {
    let mut w = World::new();
    let (root, acme, acme_eu, prod, prod_web, dev) = (w.root, w.acme, w.acme_eu, w.prod, w.prod_web, w.dev);
    // A loop in bad rows must not hang the walk.
    let (l1, l2) = (TenantId::generate(), TenantId::generate());
    w.b.add_tenant(l1, Some(l2), "l1").add_tenant(l2, Some(l1), "l2");
    let dir = w.b.build();
    assert_eq!(dir.tenant_ancestors(acme_eu).collect::<Vec<_>>(), vec![acme_eu, acme, root]);
    assert_eq!(dir.tenant_depth(root), Some(0));
    assert_eq!(dir.tenant_depth(acme_eu), Some(2));
    assert_eq!(dir.tenant_depth(TenantId::generate()), None);
    assert!(dir.tenant_ancestors(l1).count() <= 8);
    assert_eq!(dir.compartment_ancestors(prod_web).collect::<Vec<_>>(), vec![prod_web, prod]);
    assert_eq!(dir.compartment_tenant(prod_web), Some(acme));
    assert!(dir.would_create_compartment_cycle(prod, prod_web));
    assert!(dir.would_create_compartment_cycle(prod, prod));
    assert!(!dir.would_create_compartment_cycle(dev, prod_web));
    assert_eq!(dir.tenant_name(acme), Some("acme"));
    assert_eq!(dir.compartment_name(dev), Some("dev"));
    assert_eq!(dir.role(SystemRole::Member.id()).map(|r| r.name.as_str()), Some("Member"));
    Ok(())
}

#[test]
fn system_role_ids_cannot_be_overridden() -> Res {
    let mut w = World::new();
    let (alice, acme) = (w.alice, w.acme);
    w.b.add_role(RoleDef {
        id: SystemRole::ReadOnly.id(),
        tenant: Some(acme),
        name: "Sneaky".to_owned(),
        parent: None,
        allow: pats(&["*:*:*"])?,
        deny: vec![],
        tier: Tier::ReadOnly,
    });
    w.assign(SystemRole::ReadOnly.id(), Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert!(!allowed(&dir, &exp, "cmdb:ci:delete", at(acme, None))?);
    Ok(())
}

#[test]
fn a_wildcard_domain_deny_beats_a_literal_domain_allow() -> Res {
    let mut w = World::new();
    let r = w.role("No deletes", None, &["cmdb:ci:delete"], &["*:*:delete"], Tier::User)?;
    let (alice, acme) = (w.alice, w.acme);
    w.assign(r, Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    assert_eq!(decide(&dir, &exp, "cmdb:ci:delete", at(acme, None))?.reason, RbacReason::DeniedByDeny);
    Ok(())
}

#[test]
fn equally_specific_allows_in_different_domains_go_to_the_earlier() -> Res {
    let mut w = World::new();
    let first = w.role("First", None, &["*:ci:create"], &[], Tier::User)?;
    let second = w.role("Second", None, &["cmdb:*:create"], &[], Tier::User)?;
    let (alice, acme) = (w.alice, w.acme);
    w.assign(first, Subject::User(alice), Scope::Tenant(acme)).assign(
        second,
        Subject::User(alice),
        Scope::Tenant(acme),
    );
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let d = decide(&dir, &exp, "cmdb:ci:create", at(acme, None))?;
    assert_eq!(d.deciding.map(|g| g.role), Some(first));
    Ok(())
}

#[test]
fn wide_patterns_need_every_declared_permission_held() -> Res {
    let mut w = World::new();
    let cmdb = w.role("CMDB", None, &["cmdb:*:*"], &[], Tier::User)?;
    let (alice, acme) = (w.alice, w.acme);
    w.assign(cmdb, Subject::User(alice), Scope::Tenant(acme));
    let dir = w.b.build();
    let exp = dir.expand(alice);
    let t = now()?;
    assert!(exp.can_grant(&dir, &pats(&["*:*:read"])?, Scope::Tenant(acme), t).is_err());
    assert!(exp.can_grant(&dir, &pats(&["*:ci:*"])?, Scope::Tenant(acme), t).is_ok());
    // Nothing declared matches, so only a single covering allow would do.
    assert!(exp.can_grant(&dir, &pats(&["billing:*:*"])?, Scope::Tenant(acme), t).is_err());
    Ok(())
}
