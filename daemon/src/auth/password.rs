//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow, so it runs on the blocking pool and at most one hash per CPU
//! runs at a time (bounding memory at ~19 MiB each). Verifying an unknown account runs the same
//! work against a dummy hash so response time does not reveal whether the account exists.

use std::sync::{Arc, OnceLock};

use anyhow::Context;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use nimbus_core::Secret;
use tokio::sync::Semaphore;

/// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

/// Hashes and verifies passwords.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    dummy: Arc<OnceLock<String>>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

fn argon2() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes synchronously (for the blocking pool and for `nimbusd init`).
pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?
        .to_string())
}

fn verify_blocking(password: &str, phc: &str) -> bool {
    match (PasswordHash::new(phc), argon2()) {
        // Parameters come from the stored hash, so older hashes keep verifying after a change.
        (Ok(parsed), Ok(a)) => a.verify_password(password.as_bytes(), &parsed).is_ok(),
        _ => false,
    }
}

impl PasswordHasher {
    /// A hasher allowing one concurrent hash per available CPU.
    pub fn new() -> Self {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self { permits: Arc::new(Semaphore::new(cpus)), dummy: Arc::new(OnceLock::new()) }
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: &Secret<String>) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        let password = password.clone();
        tokio::task::spawn_blocking(move || hash_blocking(password.expose())).await.context("hashing task failed")?
    }

    /// Verifies a password against a stored hash; with no hash, spends the same time and fails.
    pub async fn verify(&self, password: &Secret<String>, stored: Option<&Secret<String>>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        let password = password.clone();
        let (phc, known) = match stored {
            Some(hash) => (hash.expose().clone(), true),
            None => (self.dummy_hash()?, false),
        };
        let ok = tokio::task::spawn_blocking(move || verify_blocking(password.expose(), &phc))
            .await
            .context("verification task failed")?;
        Ok(ok && known)
    }

    fn dummy_hash(&self) -> anyhow::Result<String> {
        if let Some(h) = self.dummy.get() {
            return Ok(h.clone());
        }
        let h = hash_blocking("nimbus-timing-equaliser")?;
        Ok(self.dummy.get_or_init(|| h).clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hash_then_verify() -> anyhow::Result<()> {
        let hasher = PasswordHasher::new();
        let pw = Secret::new("correct horse battery staple".to_owned());
        let phc = Secret::new(hasher.hash(&pw).await?);
        assert!(phc.expose().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", phc.expose());
        assert!(hasher.verify(&pw, Some(&phc)).await?);
        assert!(!hasher.verify(&Secret::new("wrong".into()), Some(&phc)).await?);
        assert!(!hasher.verify(&pw, None).await?, "unknown accounts never verify");
        Ok(())
    }
}
