//! C2SP tlog-checkpoint bodies and C2SP signed-note Ed25519 signatures over them.
//!
//! Owns the checkpoint text format, key names, key ids, verifier keys and note signing and
//! verification. It must not hold keys beyond the values handed in, load them from anywhere,
//! or accept a note it cannot verify with the one key it was given.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::TlogError;
use super::hash::Hash;

/// Signature type byte for Ed25519 in signed-note key ids and verifier keys.
const ALG_ED25519: u8 = 0x01;
/// Go's note.Open cap; more lines than this is treated as an attack, not a note.
const MAX_SIGNATURES: usize = 100;
/// U+2014 em dash and a space: the start of every signature line.
const SIG_PREFIX: &str = "\u{2014} ";

/// A signed statement of the log's size and root (C2SP tlog-checkpoint).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Names the log; the first line of the body.
    pub origin: String,
    /// Number of leaves.
    pub size: u64,
    /// Root of the tree of `size` leaves.
    pub root: Hash,
}

impl Checkpoint {
    /// The note text: `<origin>\n<size>\n<base64 root>\n`. An origin that is empty or holds
    /// a newline or control character makes a body that [`Checkpoint::parse_body`] rejects.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, self.root.to_base64())
    }

    /// Parses exactly the three lines [`Checkpoint::body`] writes. Extension lines are
    /// rejected so that a parsed checkpoint's body is byte-for-byte the text that was signed.
    pub fn parse_body(text: &str) -> Result<Self, TlogError> {
        let bad = |why: &str| TlogError::Malformed(format!("checkpoint {why}"));
        let Some(text) = text.strip_suffix('\n') else {
            return Err(bad("does not end in a newline"));
        };
        let mut lines = text.split('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next()) else {
            return Err(bad("has fewer than three lines"));
        };
        if lines.next().is_some() {
            return Err(bad("has extension lines; this log writes none"));
        }
        if origin.is_empty() || origin.chars().any(char::is_control) {
            return Err(bad("origin is empty or holds a control character"));
        }
        let digits_ok =
            !size.is_empty() && size.bytes().all(|b| b.is_ascii_digit()) && (size == "0" || !size.starts_with('0'));
        let size: u64 = match digits_ok.then(|| size.parse().ok()).flatten() {
            Some(n) => n,
            None => return Err(bad(&format!("size {size:?} is not a decimal number without leading zeros"))),
        };
        let root = Hash::from_base64(root).map_err(|_| bad(&format!("root {root:?} is not a base64 32-byte hash")))?;
        Ok(Self { origin: origin.to_owned(), size, root })
    }
}

/// signed-note key names: non-empty, no Unicode whitespace, no `+`, no control characters.
fn check_name(name: &str) -> Result<(), TlogError> {
    if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c == '+' || c.is_control()) {
        return Err(TlogError::Malformed(format!(
            "key name {name:?} must be non-empty with no spaces, '+' or control characters"
        )));
    }
    Ok(())
}

/// First 4 bytes of SHA-256(name || 0x0A || 0x01 || public key), big-endian.
fn key_id(name: &str, public: &VerifyingKey) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', ALG_ED25519]);
    h.update(public.as_bytes());
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Signs checkpoints as signed notes with one named Ed25519 key.
pub struct NoteSigner {
    name: String,
    id: u32,
    key: SigningKey,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The signing key stays out of logs.
        f.debug_struct("NoteSigner")
            .field("name", &self.name)
            .field("id", &format_args!("{:08x}", self.id))
            .finish_non_exhaustive()
    }
}

impl NoteSigner {
    /// A signer for key `name` (conventionally the log's origin).
    pub fn new(name: &str, key: SigningKey) -> Result<Self, TlogError> {
        check_name(name)?;
        let id = key_id(name, &key.verifying_key());
        Ok(Self { name: name.to_owned(), id, key })
    }

    /// The signed note: the checkpoint body, a blank line and one signature line.
    pub fn sign(&self, cp: &Checkpoint) -> String {
        self.sign_text(&cp.body())
    }

    pub(crate) fn sign_text(&self, text: &str) -> String {
        let sig = self.key.sign(text.as_bytes());
        let mut blob = Vec::with_capacity(4 + 64);
        blob.extend_from_slice(&self.id.to_be_bytes());
        blob.extend_from_slice(&sig.to_bytes());
        format!("{text}\n{SIG_PREFIX}{} {}\n", self.name, BASE64.encode(blob))
    }

    /// The verifier key to publish: `<name>+<hex key id>+<base64(0x01 || public key)>`.
    pub fn verifier_key(&self) -> String {
        let mut data = vec![ALG_ED25519];
        data.extend_from_slice(self.key.verifying_key().as_bytes());
        format!("{}+{:08x}+{}", self.name, self.id, BASE64.encode(data))
    }
}

/// Verifies signed-note checkpoints against one Ed25519 verifier key.
#[derive(Debug, Clone)]
pub struct NoteVerifier {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Parses a verifier key as [`NoteSigner::verifier_key`] writes it; the key id must match
    /// the name and key.
    pub fn from_vkey(vkey: &str) -> Result<Self, TlogError> {
        let bad = |why: &str| TlogError::Malformed(format!("verifier key {vkey:?} {why}"));
        let mut parts = vkey.splitn(3, '+');
        let (Some(name), Some(id_hex), Some(data)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad("is not <name>+<key id>+<key>"));
        };
        check_name(name)?;
        if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad("has a key id that is not 8 hex digits"));
        }
        let id = u32::from_str_radix(id_hex, 16).map_err(|_| bad("has a bad key id"))?;
        let data = BASE64.decode(data).map_err(|_| bad("has a key that is not base64"))?;
        let Some((&ALG_ED25519, public)) = data.split_first() else {
            return Err(bad("is not an Ed25519 key"));
        };
        let public: [u8; 32] = public.try_into().map_err(|_| bad("has an Ed25519 key that is not 32 bytes"))?;
        let key = VerifyingKey::from_bytes(&public).map_err(|_| bad("has an invalid Ed25519 key"))?;
        if key_id(name, &key) != id {
            return Err(bad("has a key id that does not match its name and key"));
        }
        Ok(Self { name: name.to_owned(), id, key })
    }

    /// Checks a signed note and returns its checkpoint. Rejects malformed notes, notes with no
    /// signature by this key, and notes where a signature line claiming this key is invalid.
    /// Signatures by other keys (witnesses) are ignored.
    pub fn verify(&self, note: &str) -> Result<Checkpoint, TlogError> {
        let text = self.verified_text(note)?;
        Checkpoint::parse_body(text)
    }

    pub(crate) fn verified_text<'a>(&self, note: &'a str) -> Result<&'a str, TlogError> {
        let bad = |why: &str| TlogError::Malformed(format!("signed note {why}"));
        if note.bytes().any(|b| b < 0x20 && b != b'\n') {
            return Err(bad("holds a control character"));
        }
        let Some(split) = note.rfind("\n\n") else {
            return Err(bad("has no blank line before its signatures"));
        };
        let (text, sigs) = (&note[..split + 1], &note[split + 2..]);
        let Some(sigs) = sigs.strip_suffix('\n') else {
            return Err(bad("does not end in a newline"));
        };
        let mut verified = false;
        for (n, line) in sigs.split('\n').enumerate() {
            if n >= MAX_SIGNATURES {
                return Err(bad("has too many signatures"));
            }
            let Some(rest) = line.strip_prefix(SIG_PREFIX) else {
                return Err(bad("has a line after the blank line that is not a signature"));
            };
            let Some((name, b64)) = rest.split_once(' ') else {
                return Err(bad("has a signature line without a signature"));
            };
            check_name(name).map_err(|_| bad("has a signature line with a bad key name"))?;
            let blob = BASE64.decode(b64).map_err(|_| bad("has a signature that is not base64"))?;
            if blob.len() < 5 {
                return Err(bad("has a signature too short to hold a key id"));
            }
            let id = u32::from_be_bytes([blob[0], blob[1], blob[2], blob[3]]);
            if name != self.name || id != self.id {
                continue;
            }
            let sig = Signature::from_slice(&blob[4..]).map_err(|_| {
                TlogError::Signature(format!("signature by {}+{:08x} is not 64 bytes", self.name, self.id))
            })?;
            self.key.verify_strict(text.as_bytes(), &sig).map_err(|_| {
                TlogError::Signature(format!("signature by {}+{:08x} does not verify", self.name, self.id))
            })?;
            verified = true;
        }
        if !verified {
            return Err(TlogError::Signature(format!("note has no signature by {}+{:08x}", self.name, self.id)));
        }
        Ok(text)
    }
}
