//! Per-tenant audit settings, cached: which records a tenant keeps and which extra fields it
//! redacts. Read on every audited operation, so each tenant's settings are cached for a few
//! seconds (and dropped at once in the replica that changes them). Owns the cache and the
//! "is this record kept" rule; it must not write records.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nimbus_core::api::audit::AuditSettings;
use nimbus_core::audit::{Category, FieldPattern, Outcome};
use nimbus_core::ids::TenantId;

use crate::store::{Store, StoreError, TenantScope};

/// How long another replica's change may take to apply here.
const TTL: Duration = Duration::from_secs(5);

/// A tenant's settings, with the redaction patterns parsed.
#[derive(Debug, Clone, Default)]
pub struct Effective {
    /// The settings.
    pub settings: AuditSettings,
    /// Parsed extra redaction patterns.
    pub redact: Vec<FieldPattern>,
}

impl Effective {
    fn new(settings: AuditSettings) -> Self {
        let redact = settings.redact_fields.iter().filter_map(|p| FieldPattern::parse(p).ok()).collect();
        Self { settings, redact }
    }

    /// Whether a record of this kind is kept. Denied attempts and everything security-relevant
    /// are always kept; the switches only thin out routine records.
    pub fn keeps(&self, category: Category, outcome: Outcome) -> bool {
        match (outcome, category) {
            (Outcome::Denied, _) | (_, Category::Security | Category::Permission | Category::System) => true,
            (Outcome::Failed, _) => self.settings.log_errors,
            (Outcome::Success, Category::Auth) => self.settings.log_auth,
            (Outcome::Success, Category::Data) => self.settings.log_writes,
            (Outcome::Success, Category::Api) => self.settings.log_reads,
            (Outcome::Success, _) => true,
        }
    }
}

/// Each tenant's settings and when they were read.
type Entries = HashMap<TenantId, (Instant, Arc<Effective>)>;

/// The cache.
#[derive(Clone)]
pub struct SettingsCache {
    store: Arc<dyn Store>,
    entries: Arc<Mutex<Entries>>,
}

impl std::fmt::Debug for SettingsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SettingsCache").finish_non_exhaustive()
    }
}

impl SettingsCache {
    /// An empty cache over `store`.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self { store, entries: Arc::new(Mutex::new(HashMap::new())) }
    }

    /// A tenant's effective settings (defaults when it never changed them).
    pub async fn get(&self, tenant: TenantId) -> Result<Arc<Effective>, StoreError> {
        if let Ok(entries) = self.entries.lock()
            && let Some((at, e)) = entries.get(&tenant)
            && at.elapsed() < TTL
        {
            return Ok(e.clone());
        }
        let settings = self.store.read(TenantScope::System).await?.audit_settings(tenant).await?.unwrap_or_default();
        let e = Arc::new(Effective::new(settings));
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(tenant, (Instant::now(), e.clone()));
        }
        Ok(e)
    }

    /// Forgets a tenant's entry (after a change).
    pub fn invalidate(&self, tenant: TenantId) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(&tenant);
        }
    }
}
