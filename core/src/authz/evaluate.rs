//! The RBAC decision over an [`Expansion`], and the escalation checks for granting.
//!
//! Owns the combining rules: expiry, scope coverage, deny-beats-allow, most specific allow
//! decides, and "you can only grant what you hold". It must not touch storage, the clock or
//! Cedar; the caller passes `now`, and conditions are layered on top in `policy`.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::directory::{Directory, Grant, RoleDef, Scope};
use super::expansion::{Bucket, Entry, Expansion, Symbols, is_live};
use super::permission::{Permission, PermissionPattern, declared};
use super::roles::Tier;
use crate::ids::{CompartmentId, TenantId};

/// What a request touches: a tenant, and optionally a compartment of that tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Target {
    /// The tenant owning the resource.
    pub tenant: TenantId,
    /// The compartment holding it, if any; it must belong to `tenant`.
    pub compartment: Option<CompartmentId>,
}

/// One question: may this expansion's user do `permission` on `target` at `now`?
#[derive(Debug, Clone, Copy)]
pub struct AccessRequest<'a> {
    /// What is being done.
    pub permission: &'a Permission,
    /// Where.
    pub target: Target,
    /// When; expired assignments are ignored.
    pub now: DateTime<Utc>,
}

/// Why the RBAC layer decided as it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RbacReason {
    /// An applicable allow and no applicable deny.
    Allowed,
    /// An applicable deny; it beats every allow.
    DeniedByDeny,
    /// No applicable allow.
    NoMatchingGrant,
    /// The target names an unknown tenant, or a compartment outside its tenant.
    InvalidTarget,
}

/// The RBAC verdict and the grant that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RbacDecision {
    /// Whether RBAC allows the request.
    pub allowed: bool,
    /// The deny that blocked it, or the most specific allow that permitted it.
    pub deciding: Option<Arc<Grant>>,
    /// Why.
    pub reason: RbacReason,
}

impl RbacDecision {
    fn denied(reason: RbacReason) -> Self {
        Self { allowed: false, deciding: None, reason }
    }
}

/// Why one requested pattern cannot be granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// No live allow of the granter covers the pattern at the requested scope.
    NotHeld,
    /// A live deny of the granter overlaps the pattern at the requested scope.
    Denied(PermissionPattern),
}

/// A grant that would give someone more than the granter holds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Escalation {
    /// Where the grant was asked for.
    pub scope: Scope,
    /// `(role tier, granter tier)` when the role's tier is above the granter's.
    pub tier: Option<(Tier, Tier)>,
    /// Each pattern that is not covered, and why.
    pub uncovered: Vec<(PermissionPattern, Shortfall)>,
}

impl fmt::Display for Escalation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot grant at {}: ", self.scope)?;
        let mut sep = "";
        if let Some((role, own)) = self.tier {
            write!(f, "the role's tier {} is above your tier {}", role.as_str(), own.as_str())?;
            sep = "; ";
        }
        for (pattern, why) in &self.uncovered {
            f.write_str(sep)?;
            sep = "; ";
            match why {
                Shortfall::NotHeld => write!(f, "{pattern} is not covered by any of your grants at that scope")?,
                Shortfall::Denied(deny) => write!(f, "{pattern} overlaps your deny {deny}")?,
            }
        }
        f.write_str("; ask someone who holds these permissions there")
    }
}

/// The best applicable entry over the buckets: more specific first, then earlier.
fn best<'a>(
    buckets: impl Iterator<Item = &'a Bucket>,
    pick: fn(&Bucket) -> &[Entry],
    req: &Symbols,
    now: DateTime<Utc>,
) -> Option<&'a Entry> {
    let mut found: Option<&Entry> = None;
    for bucket in buckets {
        // Buckets are sorted most specific first, so the first hit is the bucket's best.
        if let Some(e) = pick(bucket).iter().find(|e| e.applies(req, now)) {
            found = match found {
                Some(f) if f.beats(e) => Some(f),
                _ => Some(e),
            };
        }
    }
    found
}

impl Expansion {
    /// The RBAC decision. Any applicable deny beats every applicable allow, however specific
    /// the allow; otherwise the most specific applicable allow decides (ties: expansion order);
    /// with no applicable allow the request is denied.
    pub fn decide(&self, dir: &Directory, req: &AccessRequest<'_>) -> RbacDecision {
        let Some(target) = dir.target_scope(&req.target) else {
            return RbacDecision::denied(RbacReason::InvalidTarget);
        };
        let chain = dir.scope_chain(target);
        let symbols = self.symbolize(req.permission);
        // Only grants at the target or above it can apply. Should the chain have overflowed,
        // walk every scope instead: a deny missed there would fail open.
        let scopes = || {
            let listed = chain.iter().filter_map(|s| self.by_scope.get(s));
            let rest = self
                .by_scope
                .iter()
                .filter(|(s, _)| chain.overflowed && !chain.contains(**s) && dir.scope_covers(**s, target))
                .map(|(_, b)| b);
            listed.chain(rest).flat_map(|b| b.for_request(&symbols)).flatten()
        };
        if let Some(deny) = best(scopes(), |b| &b.denies, &symbols, req.now) {
            return RbacDecision {
                allowed: false,
                deciding: self.grants.get(deny.grant).cloned(),
                reason: RbacReason::DeniedByDeny,
            };
        }
        match best(scopes(), |b| &b.allows, &symbols, req.now) {
            Some(allow) => RbacDecision {
                allowed: true,
                deciding: self.grants.get(allow.grant).cloned(),
                reason: RbacReason::Allowed,
            },
            None => RbacDecision::denied(RbacReason::NoMatchingGrant),
        }
    }

    /// The highest tier among all of the user's grants, expired or not; [`Tier::ReadOnly`]
    /// when there are none. Use [`Expansion::tier_at`] when expiry matters.
    pub fn tier(&self) -> Tier {
        self.tier
    }

    /// The highest tier among the grants live at `now`; [`Tier::ReadOnly`] when there are none.
    pub fn tier_at(&self, now: DateTime<Utc>) -> Tier {
        self.all_allows()
            .chain(self.all_denies())
            .filter(|e| is_live(e.expires_at, now))
            .map(|e| e.tier)
            .max()
            .unwrap_or(Tier::ReadOnly)
    }

    /// Whether this user may grant `patterns` at `scope`. Each pattern must be held: covered by
    /// one live allow whose scope covers `scope`, or, failing that, every declared permission
    /// (see [`CATALOGUE`](super::CATALOGUE)) it matches must be matched by such an allow; a
    /// pattern matching no declared permission needs the single covering allow. And no live deny
    /// whose scope meets `scope` may overlap it.
    pub fn can_grant(
        &self,
        dir: &Directory,
        patterns: &[PermissionPattern],
        scope: Scope,
        now: DateTime<Utc>,
    ) -> Result<(), Escalation> {
        self.check_grant(dir, patterns, &[], scope, now, None)
    }

    /// Whether this user may assign `role` at `scope`: the role's tier (the highest along its
    /// parent chain) must not exceed the user's live tier, and every allow of the role and its
    /// parents must pass [`Expansion::can_grant`]. A deny of the user that the role itself also
    /// denies is no obstacle: the grantee would not get that part either.
    pub fn can_grant_role(
        &self,
        dir: &Directory,
        role: &RoleDef,
        scope: Scope,
        now: DateTime<Utc>,
    ) -> Result<(), Escalation> {
        let chain = dir.role_chain(role);
        let allows: Vec<PermissionPattern> = chain.iter().flat_map(|r| r.allow.iter().cloned()).collect();
        let denies: Vec<PermissionPattern> = chain.iter().flat_map(|r| r.deny.iter().cloned()).collect();
        let role_tier = chain.iter().map(|r| r.tier).max().unwrap_or(role.tier);
        let own = self.tier_at(now);
        let tier = (role_tier > own).then_some((role_tier, own));
        self.check_grant(dir, &allows, &denies, scope, now, tier)
    }

    fn check_grant(
        &self,
        dir: &Directory,
        patterns: &[PermissionPattern],
        carve_outs: &[PermissionPattern],
        scope: Scope,
        now: DateTime<Utc>,
        tier: Option<(Tier, Tier)>,
    ) -> Result<(), Escalation> {
        let mut uncovered = Vec::new();
        for p in patterns {
            // Denies first: a held allow does not help when the granter is denied part of it.
            let deny = self.all_denies().find_map(|d| {
                let pattern = self.pattern(d)?;
                (is_live(d.expires_at, now)
                    && pattern.overlaps(p)
                    && dir.scopes_intersect(d.scope, scope)
                    && !carve_outs.iter().any(|c| c.covers(pattern)))
                .then_some(pattern)
            });
            if let Some(d) = deny {
                uncovered.push((p.clone(), Shortfall::Denied(d.clone())));
                continue;
            }
            let usable: Vec<&PermissionPattern> = self
                .all_allows()
                .filter(|a| is_live(a.expires_at, now) && dir.scope_covers(a.scope, scope))
                .filter_map(|a| self.pattern(a))
                .collect();
            let held = usable.iter().any(|a| a.covers(p)) || {
                // No single allow covers a wide pattern like `*:*:read`, but the granter may
                // still hold every declared permission it stands for, through several allows.
                let mut wanted = declared().iter().filter(|d| p.matches(d)).peekable();
                wanted.peek().is_some() && wanted.all(|d| usable.iter().any(|a| a.matches(d)))
            };
            if !held {
                uncovered.push((p.clone(), Shortfall::NotHeld));
            }
        }
        if uncovered.is_empty() && tier.is_none() { Ok(()) } else { Err(Escalation { scope, tier, uncovered }) }
    }
}
