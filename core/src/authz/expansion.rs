//! The compiled, per-user form of the grants: what the hot path of a decision walks.
//!
//! Owns the layout that keeps [`Expansion::decide`](super::Expansion) free of allocation:
//! pattern segments interned to integers, grants bucketed by domain and pre-sorted by
//! specificity, and a fixed-size chain of the scopes above a target. It must not decide
//! anything itself (the rules are in `evaluate`) and must not reach back into the directory.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::directory::{Effect, Grant, Scope};
use super::permission::{Permission, PermissionPattern};
use super::roles::Tier;
use crate::ids::UserId;

/// Interned id of `*`.
const WILD: u32 = 0;
/// Interned id of a request segment no grant names; equal to no literal.
const UNKNOWN: u32 = u32::MAX;

pub(crate) fn is_live(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_none_or(|e| now < e)
}

/// Interned segments of a permission or pattern; `count` is 3 or 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Symbols {
    segs: [u32; 4],
    count: u8,
}

impl Symbols {
    fn matches(&self, req: &Symbols) -> bool {
        let lit = |p: u32, v: u32| p == WILD || p == v;
        lit(self.segs[0], req.segs[0])
            && lit(self.segs[1], req.segs[1])
            && lit(self.segs[2], req.segs[2])
            && (self.count == 3 || (req.count == 4 && lit(self.segs[3], req.segs[3])))
    }
}

/// The hot-path copy of a grant: just what matching needs, next to each other in memory.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) symbols: Symbols,
    pub(crate) specificity: u8,
    pub(crate) scope: Scope,
    pub(crate) expires_at: Option<DateTime<Utc>>,
    pub(crate) tier: Tier,
    /// Index into `Expansion::grants`, which is also expansion order (the tie-breaker).
    pub(crate) grant: usize,
}

impl Entry {
    /// Whether the entry applies; its scope was already found to cover the target.
    pub(crate) fn applies(&self, req: &Symbols, now: DateTime<Utc>) -> bool {
        self.symbols.matches(req) && is_live(self.expires_at, now)
    }

    /// Whether `self` should decide over `other`: more specific, then earlier.
    pub(crate) fn beats(&self, other: &Entry) -> bool {
        (self.specificity, std::cmp::Reverse(self.grant)) > (other.specificity, std::cmp::Reverse(other.grant))
    }
}

/// The grants at one scope, by interned domain (`*` is 0), sorted by domain.
#[derive(Debug, Default)]
pub(crate) struct ScopeBuckets {
    domains: Vec<(u32, Bucket)>,
}

impl ScopeBuckets {
    fn get(&self, domain: u32) -> Option<&Bucket> {
        let i = self.domains.binary_search_by_key(&domain, |(d, _)| *d).ok()?;
        self.domains.get(i).map(|(_, b)| b)
    }

    /// The buckets that can hold grants for `req`: its domain's and the `*` domain's.
    pub(crate) fn for_request(&self, req: &Symbols) -> [Option<&Bucket>; 2] {
        let own = if req.segs[0] == UNKNOWN { None } else { self.get(req.segs[0]) };
        [own, self.get(WILD)]
    }
}

/// The grants at one scope whose pattern has one domain (or `*`), most specific first.
#[derive(Debug, Default)]
pub(crate) struct Bucket {
    pub(crate) allows: Vec<Entry>,
    pub(crate) denies: Vec<Entry>,
}

/// A target scope and every scope above it. Real trees are shallow; should one outgrow the
/// array, `overflowed` tells the caller to stop trusting "not found".
#[derive(Debug)]
pub(crate) struct ScopeChain {
    items: [Scope; 32],
    len: usize,
    pub(crate) overflowed: bool,
}

impl ScopeChain {
    pub(crate) fn empty(fill: Scope) -> Self {
        Self { items: [fill; 32], len: 0, overflowed: false }
    }

    pub(crate) fn push(&mut self, scope: Scope) {
        match self.items.get_mut(self.len) {
            Some(slot) => {
                *slot = scope;
                self.len += 1;
            }
            None => self.overflowed = true,
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Scope> {
        self.items.iter().take(self.len)
    }

    pub(crate) fn contains(&self, scope: Scope) -> bool {
        self.items.get(..self.len).is_some_and(|s| s.contains(&scope))
    }
}

#[derive(Debug, Default)]
pub(crate) struct ExpansionBuilder {
    symbols: HashMap<Box<str>, u32>,
    grants: Vec<Arc<Grant>>,
    by_scope: HashMap<Scope, Vec<(u32, Effect, Entry)>>,
}

impl ExpansionBuilder {
    fn intern(&mut self, seg: &str) -> u32 {
        if seg == "*" {
            return WILD;
        }
        if let Some(&id) = self.symbols.get(seg) {
            return id;
        }
        // Ids start at 1 (0 is `*`) and stay far below UNKNOWN.
        let id = u32::try_from(self.symbols.len() + 1).unwrap_or(UNKNOWN - 1);
        self.symbols.insert(seg.into(), id);
        id
    }

    fn symbolize(&mut self, p: &PermissionPattern) -> Symbols {
        let mut segs = [WILD; 4];
        let parts = p.as_str().split(':');
        let mut count = 0u8;
        for (slot, seg) in segs.iter_mut().zip(parts) {
            *slot = self.intern(seg);
            count += 1;
        }
        Symbols { segs, count }
    }

    pub(crate) fn push(&mut self, grant: Grant, tier: Tier) {
        let symbols = self.symbolize(&grant.pattern);
        let entry = Entry {
            symbols,
            specificity: grant.pattern.specificity(),
            scope: grant.scope,
            expires_at: grant.expires_at,
            tier,
            grant: self.grants.len(),
        };
        self.by_scope.entry(grant.scope).or_default().push((symbols.segs[0], grant.effect, entry));
        self.grants.push(Arc::new(grant));
    }

    pub(crate) fn finish(self, user: UserId) -> Expansion {
        let mut tier = Tier::ReadOnly;
        let mut by_scope = HashMap::with_capacity(self.by_scope.len());
        for (scope, mut entries) in self.by_scope {
            // Most specific first, so the first applicable entry of a bucket is its best; the
            // sort is stable, so ties keep expansion order (direct before groups, nearer
            // groups first).
            entries.sort_by_key(|(domain, _, e)| (*domain, std::cmp::Reverse(e.specificity)));
            let mut buckets = ScopeBuckets::default();
            for (domain, effect, entry) in entries {
                tier = tier.max(entry.tier);
                if buckets.domains.last().is_none_or(|(d, _)| *d != domain) {
                    buckets.domains.push((domain, Bucket::default()));
                }
                if let Some((_, bucket)) = buckets.domains.last_mut() {
                    match effect {
                        Effect::Allow => bucket.allows.push(entry),
                        Effect::Deny => bucket.denies.push(entry),
                    }
                }
            }
            by_scope.insert(scope, buckets);
        }
        Expansion { user, symbols: self.symbols, grants: self.grants, by_scope, tier }
    }
}

/// Every grant reaching one user, pre-split and pre-sorted so that deciding does not allocate.
/// The daemon caches one per principal and drops it when the directory changes.
#[derive(Debug)]
pub struct Expansion {
    pub(crate) user: UserId,
    symbols: HashMap<Box<str>, u32>,
    pub(crate) grants: Vec<Arc<Grant>>,
    /// Grants by the scope they apply at, so a decision only looks at the target's chain.
    pub(crate) by_scope: HashMap<Scope, ScopeBuckets>,
    pub(crate) tier: Tier,
}

impl Expansion {
    /// The user this expansion is for.
    pub fn user(&self) -> UserId {
        self.user
    }

    /// Every grant, in expansion order.
    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter().map(|g| &**g)
    }

    pub(crate) fn symbolize(&self, p: &Permission) -> Symbols {
        let id = |s: &str| self.symbols.get(s).copied().unwrap_or(UNKNOWN);
        match p.subtype() {
            Some(sub) => Symbols { segs: [id(p.domain()), id(p.resource()), id(p.action()), id(sub)], count: 4 },
            None => Symbols { segs: [id(p.domain()), id(p.resource()), id(p.action()), UNKNOWN], count: 3 },
        }
    }

    fn buckets(&self) -> impl Iterator<Item = &Bucket> {
        self.by_scope.values().flat_map(|s| s.domains.iter().map(|(_, b)| b))
    }

    pub(crate) fn all_allows(&self) -> impl Iterator<Item = &Entry> {
        self.buckets().flat_map(|b| &b.allows)
    }

    pub(crate) fn all_denies(&self) -> impl Iterator<Item = &Entry> {
        self.buckets().flat_map(|b| &b.denies)
    }

    pub(crate) fn pattern(&self, e: &Entry) -> Option<&PermissionPattern> {
        self.grants.get(e.grant).map(|g| &g.pattern)
    }
}
