//! Password hashing with argon2id at OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing runs on a fixed set of dedicated threads (one per CPU, at most [`MAX_THREADS`]).
//! Each thread reuses one block buffer, allocated on its first hash, so the memory retained is
//! bounded at threads × 19 MiB (76 MiB at most) and the allocator never churns. On a
//! general-purpose thread pool, every thread's allocator arena kept its own freed 19 MiB: the
//! daemon grew to 240 MiB after 40 logins. Verifying an unknown account runs the same work
//! against a dummy hash, so response time does not reveal whether the account exists.

use std::sync::{Arc, Mutex, OnceLock, mpsc};

use anyhow::Context;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use nimbus_core::Secret;
use tokio::sync::oneshot;

/// OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;
const SALT_LEN: usize = 16;
const OUTPUT_LEN: usize = 32;
/// At most this many hashes run at once (~160 logins/s at ~25 ms each), bounding memory.
pub const MAX_THREADS: usize = 4;

enum Job {
    Hash(Secret<String>),
    Verify(Secret<String>, Secret<String>),
}

enum Done {
    Hashed(String),
    Verified(bool),
}

struct Request {
    job: Job,
    reply: oneshot::Sender<anyhow::Result<Done>>,
}

/// Hashes and verifies passwords on dedicated threads.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    jobs: mpsc::Sender<Request>,
    dummy: Arc<OnceLock<Secret<String>>>,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    /// Starts one hashing thread per available CPU, at most [`MAX_THREADS`]. The threads end
    /// when the last clone of the hasher is dropped.
    pub fn new() -> Self {
        let (jobs, queue) = mpsc::channel::<Request>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_THREADS);
        for i in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new().name(format!("nimbus-argon2-{i}")).spawn(move || worker(&queue));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password hashing thread");
            }
        }
        Self { jobs, dummy: Arc::new(OnceLock::new()) }
    }

    async fn submit(&self, job: Job) -> anyhow::Result<Done> {
        let (reply, done) = oneshot::channel();
        self.jobs.send(Request { job, reply }).map_err(|_| anyhow::anyhow!("password hashing threads are gone"))?;
        done.await.context("password hashing thread stopped")?
    }

    /// Hashes a password into a PHC string.
    pub async fn hash(&self, password: &Secret<String>) -> anyhow::Result<String> {
        match self.submit(Job::Hash(password.clone())).await? {
            Done::Hashed(phc) => Ok(phc),
            Done::Verified(_) => Err(anyhow::anyhow!("hashing thread answered the wrong job")),
        }
    }

    /// Verifies a password against a stored hash; with no hash, spends the same time and fails.
    pub async fn verify(&self, password: &Secret<String>, stored: Option<&Secret<String>>) -> anyhow::Result<bool> {
        let (phc, known) = match stored {
            Some(hash) => (hash.clone(), true),
            None => (self.dummy_hash().await?, false),
        };
        match self.submit(Job::Verify(password.clone(), phc)).await? {
            Done::Verified(ok) => Ok(ok && known),
            Done::Hashed(_) => Err(anyhow::anyhow!("hashing thread answered the wrong job")),
        }
    }

    async fn dummy_hash(&self) -> anyhow::Result<Secret<String>> {
        if let Some(h) = self.dummy.get() {
            return Ok(h.clone());
        }
        let h = Secret::new(self.hash(&Secret::new("nimbus-timing-equaliser".into())).await?);
        Ok(self.dummy.get_or_init(|| h).clone())
    }
}

fn worker(queue: &Mutex<mpsc::Receiver<Request>>) {
    // Allocated on first use and kept: this thread's only large allocation.
    let mut blocks: Vec<Block> = Vec::new();
    loop {
        let request = match queue.lock() {
            Ok(rx) => match rx.recv() {
                Ok(r) => r,
                Err(_) => return,
            },
            Err(_) => return,
        };
        let result = match request.job {
            Job::Hash(pw) => hash_with(&mut blocks, pw.expose()).map(Done::Hashed),
            Job::Verify(pw, phc) => Ok(Done::Verified(verify_with(&mut blocks, pw.expose(), phc.expose()))),
        };
        let _ = request.reply.send(result);
    }
}

fn owasp_params() -> anyhow::Result<Params> {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, Some(OUTPUT_LEN))
        .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))
}

/// Runs argon2id into `out` with `blocks` as working memory (grown when parameters need more).
fn run(
    blocks: &mut Vec<Block>,
    params: Params,
    version: Version,
    password: &str,
    salt: &[u8],
    out: &mut [u8],
) -> anyhow::Result<()> {
    let needed = params.block_count();
    if blocks.len() < needed {
        blocks.resize(needed, Block::default());
    }
    Argon2::new(Algorithm::Argon2id, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, out, &mut blocks[..needed])
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

fn hash_with(blocks: &mut Vec<Block>, password: &str) -> anyhow::Result<String> {
    let params = owasp_params()?;
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let mut out = [0u8; OUTPUT_LEN];
    run(blocks, params.clone(), Version::V0x13, password, &salt, &mut out)?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| anyhow::anyhow!("params: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| anyhow::anyhow!("output: {e}"))?),
    };
    Ok(phc.to_string())
}

/// Parameters come from the stored hash, so hashes made with older parameters keep verifying.
fn verify_with(blocks: &mut Vec<Block>, password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else { return false };
    if hash.algorithm != argon2::ARGON2ID_IDENT {
        return false;
    }
    let (Ok(params), Some(expected), Some(salt)) = (Params::try_from(&hash), hash.hash, hash.salt) else {
        return false;
    };
    let version = match hash.version.map(Version::try_from) {
        None => Version::V0x13,
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
    let mut out = vec![0u8; expected.len()];
    if run(blocks, params, version, password, salt, &mut out).is_err() {
        return false;
    }
    // Output's equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use argon2::PasswordHasher as _;

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
        assert!(!hasher.verify(&pw, Some(&Secret::new("not a hash".into()))).await?);
        Ok(())
    }

    /// Hashes made by the argon2 crate's own API (any parameters) verify here, and ours verify
    /// there: the PHC strings are standard.
    #[tokio::test]
    async fn interoperates_with_the_reference_api() -> anyhow::Result<()> {
        let hasher = PasswordHasher::new();
        let pw = "another long passphrase";
        let params = Params::new(8 * 1024, 3, 1, None).map_err(|e| anyhow::anyhow!("{e}"))?;
        let salt = SaltString::generate(&mut OsRng);
        let foreign = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(pw.as_bytes(), &salt)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .to_string();
        assert!(hasher.verify(&Secret::new(pw.into()), Some(&Secret::new(foreign))).await?);
        let ours = hasher.hash(&Secret::new(pw.into())).await?;
        let parsed = PasswordHash::new(&ours).map_err(|e| anyhow::anyhow!("{e}"))?;
        use argon2::PasswordVerifier as _;
        assert!(Argon2::default().verify_password(pw.as_bytes(), &parsed).is_ok());
        Ok(())
    }
}
