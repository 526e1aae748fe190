//! Latency of the authorization evaluator on an installation much larger than a real one.
//!
//! Builds 10,000 roles, 100,000 assignments, a 50-deep chain of nested groups with the measured
//! user at the bottom, three levels of tenants with compartments, and 50 Cedar policies, then
//! times single decisions with `Instant` into an HdrHistogram. Exits non-zero when a target is
//! missed, so it can guard regressions. Prints the load average first: on a busy machine the
//! tail (p99 and beyond) grows with it.
//!
//! (b) measures the daemon's hot path, [`decide_full_prepared`] with the principal's Cedar entity
//! built once; (d) is [`decide_full`], which builds it on every call, for comparison. It must not depend on anything but `nimbus-core`: the
//! numbers describe the pure evaluator, not storage or HTTP.
//!
//! Run: `cargo bench -p nimbus-core --features authz --bench authz`

use std::collections::BTreeMap;
use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use hdrhistogram::Histogram;
use nimbus_core::authz::{
    AccessRequest, AssignmentDef, Attributes, ContextAttrs, Directory, Expansion, Permission, PermissionPattern,
    PrincipalAttrs, PrincipalEntity, ResourceAttrs, RoleDef, Scope, Subject, SystemRole, Target, TenantPolicies, Tier,
    catalogue, decide_full, decide_full_prepared,
};
use nimbus_core::ids::{AssignmentId, CompartmentId, GroupId, PolicyId, RoleId, TenantId, UserId};

const ROLES: usize = 10_000;
const ASSIGNMENTS: usize = 100_000;
const GROUP_DEPTH: usize = 50;
const TOP_TENANTS: usize = 100;
const SUB_TENANTS: usize = 4;
const COMPARTMENTS_PER_TENANT: usize = 6;
const OTHER_USERS: usize = 20_000;
const OTHER_GROUPS: usize = 2_000;
/// Assignments that reach the measured user (to the chain's groups or to the user directly).
const USER_ASSIGNMENTS: usize = 300;
const POLICIES: usize = 50;
const ITERATIONS: usize = 250_000;
const WARMUP: usize = 20_000;

const TARGET_RBAC_P99_NS: u64 = 5_000;
const TARGET_FULL_P99_NS: u64 = 100_000;

/// xorshift64*: deterministic, dependency-free, good enough to spread data around.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

struct Installation {
    dir: Directory,
    user: UserId,
    targets: Vec<Target>,
}

fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Patterns a custom role might hold: catalogue keys and their wildcard forms.
fn pattern_pool() -> Result<Vec<PermissionPattern>, Box<dyn Error>> {
    let mut pool = Vec::new();
    for d in catalogue() {
        let (dom, res, act, sub) = d.parts();
        pool.push(PermissionPattern::parse(d.key)?);
        pool.push(PermissionPattern::parse(&format!("{dom}:{res}:*"))?);
        pool.push(PermissionPattern::parse(&format!("{dom}:*:{act}"))?);
        if let Some(s) = sub {
            pool.push(PermissionPattern::parse(&format!("{dom}:{res}:*:{s}"))?);
        }
    }
    pool.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    pool.dedup();
    Ok(pool)
}

fn build(rng: &mut Rng) -> Result<Installation, Box<dyn Error>> {
    let mut b = Directory::builder();
    let root = TenantId::generate();
    b.add_tenant(root, None, "provider");
    let mut tenants = Vec::new();
    let mut compartments: Vec<(CompartmentId, TenantId)> = Vec::new();
    for i in 0..TOP_TENANTS {
        let t = TenantId::generate();
        b.add_tenant(t, Some(root), format!("tenant-{i}"));
        tenants.push(t);
        for j in 0..SUB_TENANTS {
            let s = TenantId::generate();
            b.add_tenant(s, Some(t), format!("tenant-{i}-{j}"));
            tenants.push(s);
        }
    }
    for &t in &tenants {
        let mut parent = None;
        for k in 0..COMPARTMENTS_PER_TENANT {
            let c = CompartmentId::generate();
            // Two nested chains per tenant, three deep each.
            let p = if k % 3 == 0 { None } else { parent };
            b.add_compartment(c, t, p, format!("c{k}"));
            compartments.push((c, t));
            parent = Some(c);
        }
    }

    let user = UserId::generate();
    let chain: Vec<GroupId> = (0..GROUP_DEPTH).map(|_| GroupId::generate()).collect();
    for (i, &g) in chain.iter().enumerate() {
        b.add_group(g, root, format!("chain-{i}"));
    }
    b.add_user_group(user, chain[0]);
    for w in chain.windows(2) {
        b.add_group_member_group(w[0], w[1]);
    }
    let users: Vec<UserId> = (0..OTHER_USERS).map(|_| UserId::generate()).collect();
    let groups: Vec<GroupId> = (0..OTHER_GROUPS).map(|_| GroupId::generate()).collect();
    for (i, &g) in groups.iter().enumerate() {
        b.add_group(g, *rng.pick(&tenants), format!("group-{i}"));
        for _ in 0..10 {
            b.add_user_group(*rng.pick(&users), g);
        }
    }

    let pool = pattern_pool()?;
    let mut roles: Vec<RoleId> = Vec::with_capacity(ROLES);
    for i in 0..ROLES {
        let id = RoleId::generate();
        let allow = (0..2 + rng.below(5)).map(|_| rng.pick(&pool).clone()).collect();
        let deny = if rng.below(10) == 0 { vec![rng.pick(&pool).clone()] } else { Vec::new() };
        // A third of the roles extend another role (an earlier one, so no loops) or a system one.
        let parent = match rng.below(6) {
            0 if !roles.is_empty() => Some(*rng.pick(&roles)),
            1 => Some(rng.pick(&SystemRole::ALL[4..]).id()),
            _ => None,
        };
        b.add_role(RoleDef {
            id,
            tenant: Some(*rng.pick(&tenants)),
            name: format!("role-{i}"),
            parent,
            allow,
            deny,
            tier: Tier::User,
        });
        roles.push(id);
    }

    let scope_of = |rng: &mut Rng| {
        if rng.below(3) == 0 {
            Scope::Compartment(rng.pick(&compartments).0)
        } else {
            Scope::Tenant(*rng.pick(&tenants))
        }
    };
    for i in 0..ASSIGNMENTS {
        let (subject, scope) = if i < USER_ASSIGNMENTS {
            let subject = if i % 10 == 0 { Subject::User(user) } else { Subject::Group(*rng.pick(&chain)) };
            (subject, scope_of(rng))
        } else if rng.below(3) == 0 {
            (Subject::Group(*rng.pick(&groups)), scope_of(rng))
        } else {
            (Subject::User(*rng.pick(&users)), scope_of(rng))
        };
        b.add_assignment(AssignmentDef {
            id: AssignmentId::generate(),
            role: *rng.pick(&roles),
            subject,
            scope,
            expires_at: None,
        });
    }
    // Something that certainly lets the measured requests through, from the top of the chain.
    b.add_assignment(AssignmentDef {
        id: AssignmentId::generate(),
        role: SystemRole::PowerUser.id(),
        subject: Subject::Group(chain[GROUP_DEPTH - 1]),
        scope: Scope::Tenant(root),
        expires_at: None,
    });

    let targets = (0..64)
        .map(|i| {
            let (c, t) = *rng.pick(&compartments);
            Target { tenant: t, compartment: (i % 2 == 0).then_some(c) }
        })
        .collect();
    Ok(Installation { dir: b.build(), user, targets })
}

fn policies() -> Result<TenantPolicies, Box<dyn Error>> {
    let keys: Vec<&str> = catalogue().iter().map(|d| d.key).collect();
    let mut sources = Vec::new();
    for i in 0..POLICIES {
        let key = keys[i % keys.len()];
        let src = match i % 5 {
            0 => format!(
                r#"forbid(principal, action == Nimbus::Action::"{key}", resource) when {{ resource.tags.env == "prod" && !context.mfa }};"#
            ),
            1 => format!(
                r#"forbid(principal, action == Nimbus::Action::"{key}", resource) when {{ context has ip && !context.ip.isInRange(ip("10.0.0.0/8")) }};"#
            ),
            2 => format!(
                r#"forbid(principal, action == Nimbus::Action::"{key}", resource) when {{ context.hour < 5 && context.weekday > 5 }};"#
            ),
            3 => format!(
                r#"permit(principal, action == Nimbus::Action::"{key}", resource) when {{ context.mfa || principal.attrs.department == "ops" }};"#
            ),
            _ => format!(
                r#"permit(principal, action in Nimbus::Action::"{}:*:*", resource) when {{ resource.tags has env && principal.groups.contains("chain-0") }};"#,
                key.split(':').next().unwrap_or("cmdb")
            ),
        };
        sources.push((PolicyId::generate(), src));
    }
    Ok(TenantPolicies::compile(&sources)?)
}

fn attributes(user: UserId, target: Target, now: DateTime<Utc>) -> Result<Attributes, Box<dyn Error>> {
    Ok(Attributes {
        principal: PrincipalAttrs {
            id: user,
            tier: Tier::User,
            groups: (0..GROUP_DEPTH).map(|i| format!("chain-{i}")).collect(),
            attrs: BTreeMap::from([("department".to_owned(), "ops".to_owned())]),
        },
        resource: ResourceAttrs {
            tenant: target.tenant,
            compartment: target.compartment,
            kind: Some("ci".to_owned()),
            class: Some("network".to_owned()),
            tags: BTreeMap::from([("env".to_owned(), "prod".to_owned()), ("owner".to_owned(), "net-team".to_owned())]),
        },
        context: ContextAttrs { now, ip: Some("10.20.30.40".parse()?), mfa: true },
    })
}

fn histogram() -> Result<Histogram<u64>, Box<dyn Error>> {
    Ok(Histogram::new_with_bounds(1, 600_000_000_000, 3)?)
}

fn ns(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn row(name: &str, h: &Histogram<u64>, target: Option<u64>) -> bool {
    let p99 = h.value_at_quantile(0.99);
    let ok = target.is_none_or(|t| p99 <= t);
    let us = |v: u64| v as f64 / 1_000.0;
    println!(
        "{name:<34} {:>9} {:>9.2} {:>9.2} {:>9.2} {:>9.2}  {}",
        h.len(),
        us(h.value_at_quantile(0.50)),
        us(p99),
        us(h.value_at_quantile(0.999)),
        us(h.max()),
        match target {
            Some(t) if ok => format!("ok (p99 ≤ {} µs)", t / 1_000),
            Some(t) => format!("MISSED (p99 ≤ {} µs)", t / 1_000),
            None => String::new(),
        }
    );
    ok
}

fn main() -> Result<(), Box<dyn Error>> {
    let load = std::fs::read_to_string("/proc/loadavg");
    let load = load.as_deref().map_or("n/a", |l| l.trim());
    let cpus = std::thread::available_parallelism().map_or(0, usize::from);
    println!("load average at start: {load} ({cpus} cpus)");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let now = DateTime::from_timestamp(1_750_000_000, 0).ok_or("bad time")?;

    let rss_before = rss_kib();
    let started = Instant::now();
    let inst = build(&mut rng)?;
    let build_time = started.elapsed();
    let rss_after = rss_kib();

    let mut cold = histogram()?;
    let mut expansion: Option<Expansion> = None;
    for _ in 0..200 {
        let t = Instant::now();
        let e = black_box(inst.dir.expand(inst.user));
        cold.record(ns(t.elapsed()).max(1))?;
        expansion = Some(e);
    }
    let expansion = expansion.ok_or("no expansion")?;

    let perms: Vec<Permission> = [
        "cmdb:ci:create:network",
        "cmdb:ci:read",
        "cmdb:ci:update",
        "stack:deployment:up",
        "iam:user:delete",
        "tenant:tenant:purge",
        "approval:request:create",
        "audit:log:read",
    ]
    .iter()
    .map(|p| Permission::parse(p))
    .collect::<Result<_, _>>()?;

    let request = |i: usize| AccessRequest {
        permission: &perms[i % perms.len()],
        target: inst.targets[(i / perms.len()) % inst.targets.len()],
        now,
    };

    let mut allowed = 0usize;
    let mut rbac = histogram()?;
    for i in 0..WARMUP {
        black_box(expansion.decide(&inst.dir, &request(i)));
    }
    for i in 0..ITERATIONS {
        let req = request(i);
        let t = Instant::now();
        let d = black_box(expansion.decide(&inst.dir, black_box(&req)));
        rbac.record(ns(t.elapsed()).max(1))?;
        allowed += usize::from(d.allowed);
    }

    let set = policies()?;
    let attrs: Vec<Attributes> =
        inst.targets.iter().map(|&t| attributes(inst.user, t, now)).collect::<Result<_, _>>()?;
    // What the daemon caches next to the expansion: the principal's Cedar entity.
    let principal = PrincipalEntity::new(&attributes(inst.user, inst.targets[0], now)?.principal);
    let attrs_of = |i: usize| &attrs[(i / perms.len()) % attrs.len()];

    let mut full = histogram()?;
    let mut full_allowed = 0usize;
    let mut cedar_ran = 0usize;
    for i in 0..WARMUP {
        let (req, a) = (request(i), attrs_of(i));
        black_box(decide_full_prepared(&expansion, &inst.dir, &req, &set, &principal, &a.resource, &a.context));
    }
    for i in 0..ITERATIONS {
        let (req, a) = (request(i), attrs_of(i));
        let t = Instant::now();
        let d = black_box(decide_full_prepared(
            &expansion,
            &inst.dir,
            black_box(&req),
            &set,
            &principal,
            &a.resource,
            &a.context,
        ));
        full.record(ns(t.elapsed()).max(1))?;
        full_allowed += usize::from(d.allowed);
        cedar_ran += usize::from(d.policy.as_ref().is_some_and(|o| !o.conditions.is_empty()));
    }

    let mut unprepared = histogram()?;
    let mut unprepared_allowed = 0usize;
    for i in 0..WARMUP {
        black_box(decide_full(&expansion, &inst.dir, &request(i), &set, attrs_of(i)));
    }
    for i in 0..ITERATIONS {
        let (req, a) = (request(i), attrs_of(i));
        let t = Instant::now();
        let d = black_box(decide_full(&expansion, &inst.dir, black_box(&req), &set, a));
        unprepared.record(ns(t.elapsed()).max(1))?;
        unprepared_allowed += usize::from(d.allowed);
    }

    println!();
    println!(
        "installation: {} tenants, {} compartments, {ROLES} custom roles, {} assignments, {GROUP_DEPTH}-deep group chain, {} Cedar policies",
        1 + TOP_TENANTS * (1 + SUB_TENANTS),
        TOP_TENANTS * (1 + SUB_TENANTS) * COMPARTMENTS_PER_TENANT,
        ASSIGNMENTS + 1,
        set.len(),
    );
    println!(
        "measured user: {} grants ({} live assignments reach them)",
        expansion.grants().count(),
        USER_ASSIGNMENTS + 1,
    );
    println!(
        "directory build: {:.1} ms; resident memory +{}",
        build_time.as_secs_f64() * 1_000.0,
        match (rss_before, rss_after) {
            (Some(a), Some(b)) => format!("{:.1} MiB", b.saturating_sub(a) as f64 / 1024.0),
            _ => "n/a".to_owned(),
        }
    );
    println!();
    println!("{:<34} {:>9} {:>9} {:>9} {:>9} {:>9}", "µs per call", "n", "p50", "p99", "p999", "max");
    let ok_rbac = row("(a) Expansion::decide (warm)", &rbac, Some(TARGET_RBAC_P99_NS));
    let ok_full = row("(b) decide_full_prepared (Cedar)", &full, Some(TARGET_FULL_P99_NS));
    row("(c) Directory::expand (cold)", &cold, None);
    row("(d) decide_full (unprepared)", &unprepared, None);
    println!();
    println!(
        "allowed: rbac {allowed}/{ITERATIONS}, full {full_allowed}/{ITERATIONS} (Cedar ran {cedar_ran} times), unprepared {unprepared_allowed}/{ITERATIONS}"
    );
    if unprepared_allowed != full_allowed {
        eprintln!("decide_full and decide_full_prepared disagree");
        std::process::exit(1);
    }
    if !(ok_rbac && ok_full) {
        eprintln!("a latency target was missed");
        std::process::exit(1);
    }
    Ok(())
}
