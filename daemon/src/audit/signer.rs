//! The audit log's checkpoint key: an Ed25519 key generated at `nimbusd init` (or, for an
//! installation initialised before audit checkpoints existed, at the first start), sealed with
//! the master key in `signing_keys` under its own algorithm name so the token key ring never
//! picks it up. Owns loading, creating and using it; it must not decide when to sign.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::Utc;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use nimbus_core::ids::{ProviderId, TenantId};
use nimbus_core::tlog::{Checkpoint, NoteSigner};

use crate::keys::{MasterKey, generate_signing_key, signing_key_purpose};
use crate::store::{SigningKeyRecord, Store, TenantScope, WriteGrant};

/// `signing_keys.algorithm` of the audit checkpoint key.
pub const AUDIT_KEY_ALGORITHM: &str = "audit-note-ed25519";

/// Signs checkpoints of every tenant's log.
pub struct LogSigner {
    signer: NoteSigner,
    provider: ProviderId,
    key_name: String,
    public_key: [u8; 32],
}

impl std::fmt::Debug for LogSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogSigner").field("key_name", &self.key_name).finish_non_exhaustive()
    }
}

/// A new audit key record, sealed (for `nimbusd init`).
pub fn new_key_record(master: &MasterKey) -> anyhow::Result<SigningKeyRecord> {
    let key = generate_signing_key()?;
    let sealed = master.seal(&signing_key_purpose(&key.kid), &key.pkcs8_der)?;
    Ok(SigningKeyRecord {
        kid: key.kid,
        algorithm: AUDIT_KEY_ALGORITHM.into(),
        public_key: key.public_key,
        sealed_private_key: sealed,
        created_at: Utc::now(),
        retired_at: None,
    })
}

impl LogSigner {
    /// Loads the installation's audit key, creating it when an older installation has none.
    pub async fn load_or_create(store: &dyn Store, master: &MasterKey, provider: ProviderId) -> anyhow::Result<Self> {
        let existing = store
            .read(TenantScope::System)
            .await?
            .signing_keys()
            .await?
            .into_iter()
            .find(|k| k.algorithm == AUDIT_KEY_ALGORITHM && k.retired_at.is_none());
        let record = match existing {
            Some(k) => k,
            None => {
                let record = new_key_record(master)?;
                let mut tx = store.write(WriteGrant::for_audit_log()).await?;
                tx.insert_signing_key(&record).await?;
                tx.commit().await?;
                tracing::info!(kid = %record.kid, "created the audit checkpoint key");
                record
            }
        };
        let der = master.open(&signing_key_purpose(&record.kid), &record.sealed_private_key)?;
        let key = SigningKey::from_pkcs8_der(&der).map_err(|e| anyhow::anyhow!("audit key is unreadable: {e}"))?;
        let public_key = key.verifying_key().to_bytes();
        let key_name = format!("nimbus-audit-{}", provider.as_uuid().simple());
        let signer = NoteSigner::new(&key_name, key).map_err(|e| anyhow::anyhow!("audit key: {e}"))?;
        Ok(Self { signer, provider, key_name, public_key })
    }

    /// The checkpoint origin line of a tenant's log.
    pub fn origin(&self, tenant: TenantId) -> String {
        format!("nimbus/{}/audit/{}", self.provider.as_uuid().simple(), tenant.as_uuid().simple())
    }

    /// Signs a tree head.
    pub fn sign(&self, cp: &Checkpoint) -> String {
        self.signer.sign(cp)
    }

    /// The signed-note verifier key.
    pub fn verifier_key(&self) -> String {
        self.signer.verifier_key()
    }

    /// The key name on signature lines.
    pub fn key_name(&self) -> &str {
        &self.key_name
    }

    /// The raw public key, base64.
    pub fn public_key_base64(&self) -> String {
        B64.encode(self.public_key)
    }
}
