//! Key material: the master key (outside the database) and what it seals inside it.
//!
//! The master key is 32 random bytes in a 0600 file (or given inline). Secrets stored in the
//! database, starting with the Ed25519 keys that sign access tokens, are sealed with
//! XChaCha20-Poly1305 under it, bound to their purpose by associated data, so a database dump
//! alone reveals no signing key. Owns key generation, sealing and opening; it must not decide
//! which keys are active (the token module does) nor touch the database.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::config::Config;

const SEAL_VERSION: &str = "v1";

/// The key that seals secrets stored in the database.
pub struct MasterKey {
    key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.fingerprint())
    }
}

/// Where the master key comes from.
#[derive(Debug, Clone)]
pub enum MasterKeySource {
    /// A key file.
    File(PathBuf),
    /// Inline base64 from configuration.
    Inline,
}

impl MasterKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(key.as_mut());
        Self { key }
    }

    /// Parses the base64 form used in files and configuration.
    pub fn from_base64(text: &str) -> anyhow::Result<Self> {
        let bytes = Zeroizing::new(B64.decode(text.trim()).context("master key is not valid base64")?);
        let key: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| anyhow::anyhow!("master key must be 32 bytes (it is {})", bytes.len()))?;
        Ok(Self { key: Zeroizing::new(key) })
    }

    /// Loads the key configured in `config`.
    pub fn load(config: &Config) -> anyhow::Result<(Self, MasterKeySource)> {
        if let Some(inline) = &config.keys.master_key {
            return Ok((Self::from_base64(inline.expose())?, MasterKeySource::Inline));
        }
        let path = config.master_key_file();
        let text = fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read the master key file {}; `nimbusd init` creates it, and replicas \
                 need a copy of the same file (or set keys.master_key)",
                path.display()
            )
        })?;
        Ok((Self::from_base64(&text)?, MasterKeySource::File(path)))
    }

    /// Loads the configured key, or creates the key file when none exists (first run).
    pub fn load_or_create(config: &Config) -> anyhow::Result<(Self, MasterKeySource)> {
        if config.keys.master_key.is_some() || config.master_key_file().exists() {
            return Self::load(config);
        }
        let path = config.master_key_file();
        let key = Self::generate();
        key.write_new_file(&path)?;
        Ok((key, MasterKeySource::File(path)))
    }

    fn write_new_file(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file =
            options.open(path).with_context(|| format!("cannot create the master key file {}", path.display()))?;
        let text = Zeroizing::new(B64.encode(self.key.as_ref()));
        file.write_all(text.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        Ok(())
    }

    /// A short public fingerprint: tells which key sealed something without revealing it.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.key.as_ref());
        hex::encode(&digest[..4])
    }

    /// Encrypts `plaintext` for storage; `purpose` must be given again to open it.
    pub fn seal(&self, purpose: &str, plaintext: &[u8]) -> anyhow::Result<String> {
        let cipher = XChaCha20Poly1305::new(self.key.as_ref().into());
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let ciphertext = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: purpose.as_bytes() })
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&ciphertext);
        Ok(format!("{SEAL_VERSION}:{}:{}", self.fingerprint(), B64.encode(blob)))
    }

    /// Decrypts what [`seal`](Self::seal) produced for the same purpose.
    pub fn open(&self, purpose: &str, sealed: &str) -> anyhow::Result<Zeroizing<Vec<u8>>> {
        let mut parts = sealed.splitn(3, ':');
        let (Some(version), Some(fingerprint), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            bail!("sealed value is malformed");
        };
        if version != SEAL_VERSION {
            bail!("sealed value has unknown format {version:?}");
        }
        if fingerprint != self.fingerprint() {
            bail!(
                "this value was sealed with master key {fingerprint}, but the configured master \
                 key is {}; use the key file `nimbusd init` created for this database",
                self.fingerprint()
            );
        }
        let blob = B64.decode(body).context("sealed value is not valid base64")?;
        if blob.len() < 24 {
            bail!("sealed value is truncated");
        }
        let (nonce, ciphertext) = blob.split_at(24);
        let cipher = XChaCha20Poly1305::new(self.key.as_ref().into());
        let plain = cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: purpose.as_bytes() })
            .map_err(|_| anyhow::anyhow!("sealed value failed authentication (wrong key or tampered)"))?;
        Ok(Zeroizing::new(plain))
    }
}

/// Creates a directory (and parents) readable only by the owner where the platform allows.
pub fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.as_os_str().is_empty() || dir.exists() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).with_context(|| format!("cannot create directory {}", dir.display()))
}

/// A new Ed25519 key for signing access tokens.
pub struct NewSigningKey {
    /// Key id: hex of the first 8 bytes of SHA-256(public key).
    pub kid: String,
    /// Raw 32-byte public key.
    pub public_key: Vec<u8>,
    /// PKCS#8 DER of the private key.
    pub pkcs8_der: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for NewSigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NewSigningKey({})", self.kid)
    }
}

/// Purpose string binding a sealed signing key to its id.
pub fn signing_key_purpose(kid: &str) -> String {
    format!("nimbus:signing-key:{kid}")
}

/// Generates an Ed25519 signing key.
pub fn generate_signing_key() -> anyhow::Result<NewSigningKey> {
    let signing = SigningKey::generate(&mut OsRng);
    let public_key = signing.verifying_key().to_bytes().to_vec();
    let der = signing.to_pkcs8_der().map_err(|e| anyhow::anyhow!("cannot encode signing key: {e}"))?;
    let kid = hex::encode(&Sha256::digest(&public_key)[..8]);
    Ok(NewSigningKey { kid, public_key, pkcs8_der: Zeroizing::new(der.as_bytes().to_vec()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trips_and_binds_purpose() -> anyhow::Result<()> {
        let key = MasterKey::generate();
        let sealed = key.seal("p1", b"hello")?;
        assert_eq!(key.open("p1", &sealed)?.as_slice(), b"hello");
        assert!(key.open("p2", &sealed).is_err(), "purpose is bound");
        let other = MasterKey::generate();
        let err = other.open("p1", &sealed).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("sealed with master key"), "{err}");
        Ok(())
    }

    #[test]
    fn tampering_is_detected() -> anyhow::Result<()> {
        let key = MasterKey::generate();
        let sealed = key.seal("p", b"secret material")?;
        let (head, body) = sealed.rsplit_once(':').unwrap_or_default();
        let mut raw = B64.decode(body)?;
        let last = raw.len() - 1;
        raw[last] ^= 1;
        assert!(key.open("p", &format!("{head}:{}", B64.encode(raw))).is_err());
        Ok(())
    }

    #[test]
    fn master_key_file_round_trips() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("sub").join("master.key");
        let key = MasterKey::generate();
        key.write_new_file(&path)?;
        let text = fs::read_to_string(&path)?;
        assert_eq!(MasterKey::from_base64(&text)?.fingerprint(), key.fingerprint());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o600);
        }
        assert!(key.write_new_file(&path).is_err(), "never overwrites a key");
        Ok(())
    }
}
