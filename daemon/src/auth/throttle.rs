//! Failed-login throttling with exponential backoff, per account and per client address.
//!
//! After `free` failures for a key, the next attempt must wait `base · 2^(failures − free)`
//! (capped) after the last failure. Accounts are keyed by the normalised email as typed, so
//! unknown accounts are throttled exactly like real ones and the response does not reveal which
//! exist. State is in memory per replica (a restart forgets it); entries expire once their wait
//! is long over, and the tables are bounded.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::ThrottleConfig;

/// Entries kept per table before expired ones are swept.
const SWEEP_AT: usize = 10_000;
/// Hard bound per table; beyond it the oldest entries are dropped.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

#[derive(Debug)]
struct Table<K> {
    free: u32,
    entries: Mutex<HashMap<K, Failures>>,
}

impl<K: Eq + Hash + Clone> Table<K> {
    fn new(free: u32) -> Self {
        Self { free, entries: Mutex::new(HashMap::new()) }
    }

    fn wait(&self, key: &K, now: Instant, cfg: &ThrottleConfig) -> Option<Duration> {
        let entries = self.entries.lock().ok()?;
        let f = entries.get(key)?;
        let wait = delay(f.count, self.free, cfg)?;
        let ready = f.last + wait;
        (now < ready).then(|| ready - now)
    }

    fn fail(&self, key: K, now: Instant, cfg: &ThrottleConfig) {
        let Ok(mut entries) = self.entries.lock() else { return };
        let f = entries.entry(key).or_insert(Failures { count: 0, last: now });
        f.count = f.count.saturating_add(1);
        f.last = now;
        if entries.len() > SWEEP_AT {
            let horizon = cfg.max_delay * 2;
            entries.retain(|_, f| now.duration_since(f.last) < horizon);
            if entries.len() > MAX_ENTRIES {
                let mut by_age: Vec<(K, Instant)> = entries.iter().map(|(k, f)| (k.clone(), f.last)).collect();
                by_age.sort_by_key(|(_, last)| *last);
                for (k, _) in by_age.into_iter().take(entries.len() - MAX_ENTRIES) {
                    entries.remove(&k);
                }
            }
        }
    }

    fn clear(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

fn delay(failures: u32, free: u32, cfg: &ThrottleConfig) -> Option<Duration> {
    let over = failures.checked_sub(free)?;
    let factor = 2u32.checked_pow(over).unwrap_or(u32::MAX);
    Some(cfg.base_delay.checked_mul(factor).unwrap_or(cfg.max_delay).min(cfg.max_delay))
}

/// Per-account and per-address login backoff.
#[derive(Debug)]
pub struct LoginThrottle {
    config: ThrottleConfig,
    accounts: Table<String>,
    addresses: Table<IpAddr>,
}

impl LoginThrottle {
    /// A throttle with the given policy.
    pub fn new(config: ThrottleConfig) -> Self {
        Self {
            accounts: Table::new(config.account_free_failures),
            addresses: Table::new(config.ip_free_failures),
            config,
        }
    }

    /// How long the caller must wait before another attempt, if at all.
    pub fn retry_after(&self, account: &str, ip: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let by_account = self.accounts.wait(&account.to_owned(), now, &self.config);
        let by_address = ip.and_then(|ip| self.addresses.wait(&ip, now, &self.config));
        by_account.max(by_address)
    }

    /// Counts a failed attempt.
    pub fn record_failure(&self, account: &str, ip: Option<IpAddr>, now: Instant) {
        self.accounts.fail(account.to_owned(), now, &self.config);
        if let Some(ip) = ip {
            self.addresses.fail(ip, now, &self.config);
        }
    }

    /// Forgets an account's failures after a successful login. The address keeps its count:
    /// one valid account must not reset the budget for guessing others.
    pub fn record_success(&self, account: &str) {
        self.accounts.clear(&account.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> ThrottleConfig {
        ThrottleConfig {
            account_free_failures: 3,
            ip_free_failures: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let c = cfg();
        assert_eq!(delay(2, 3, &c), None);
        assert_eq!(delay(3, 3, &c), Some(Duration::from_secs(1)));
        assert_eq!(delay(4, 3, &c), Some(Duration::from_secs(2)));
        assert_eq!(delay(6, 3, &c), Some(Duration::from_secs(8)));
        assert_eq!(delay(40, 3, &c), Some(Duration::from_secs(60)));
    }

    #[test]
    fn accounts_wait_after_free_failures_and_reset_on_success() {
        let t = LoginThrottle::new(cfg());
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(t.retry_after("a@x.io", None, now), None);
            t.record_failure("a@x.io", None, now);
        }
        assert_eq!(t.retry_after("a@x.io", None, now), Some(Duration::from_secs(1)));
        assert_eq!(t.retry_after("a@x.io", None, now + Duration::from_millis(400)), Some(Duration::from_millis(600)));
        assert_eq!(t.retry_after("a@x.io", None, now + Duration::from_secs(1)), None);
        assert_eq!(t.retry_after("b@x.io", None, now), None, "other accounts are unaffected");
        t.record_success("a@x.io");
        assert_eq!(t.retry_after("a@x.io", None, now), None);
    }

    #[test]
    fn addresses_are_throttled_across_accounts() {
        let t = LoginThrottle::new(cfg());
        let ip: IpAddr = [10, 0, 0, 1].into();
        let now = Instant::now();
        for i in 0..5 {
            t.record_failure(&format!("user{i}@x.io"), Some(ip), now);
        }
        assert!(t.retry_after("fresh@x.io", Some(ip), now).is_some());
        assert_eq!(t.retry_after("fresh@x.io", Some([10, 0, 0, 2].into()), now), None);
        t.record_success("user0@x.io");
        assert!(t.retry_after("fresh@x.io", Some(ip), now).is_some(), "success does not reset the address");
    }
}
