//! Webhook body signatures: `X-Nimbus-Signature: sha256=<hex HMAC-SHA256 of the exact body>`,
//! the one scheme of every webhook nimbusd sends (SIEM forwarding and notifications), so
//! receivers verify both the same way. Owns the header name, keying and the header value; it
//! must not send anything nor let the key reach `Debug` output.

use hmac::{Hmac, Mac};
use nimbus_core::Secret;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The request header carrying the signature.
pub const HEADER: &str = "X-Nimbus-Signature";

/// A keyed signer; cloned per body, never printed.
#[derive(Clone)]
pub struct BodySigner(Secret<HmacSha256>);

impl std::fmt::Debug for BodySigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodySigner([redacted])")
    }
}

impl BodySigner {
    /// A signer for `key`; refuses an empty key.
    pub fn new(key: &[u8]) -> Result<Self, &'static str> {
        if key.is_empty() {
            return Err("the signing key is empty");
        }
        HmacSha256::new_from_slice(key).map(|m| Self(Secret::new(m))).map_err(|_| "the signing key is unusable")
    }

    /// The header value for `body`: `sha256=<hex>`.
    pub fn sign(&self, body: &[u8]) -> String {
        let mut mac = self.0.expose().clone();
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }
}

/// Whether `header` is the signature of `body` under `key` (constant-time comparison).
pub fn verify(key: &[u8], body: &[u8], header: &str) -> bool {
    let Some(hex_sig) = header.strip_prefix("sha256=") else { return false };
    let Ok(sig) = hex::decode(hex_sig) else { return false };
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else { return false };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_and_verifies_the_exact_body() {
        let signer = BodySigner::new(b"k").unwrap_or_else(|e| panic!("{e}"));
        let sig = signer.sign(b"{\"a\":1}");
        // RFC 4231-style check against an independent computation.
        let mut mac = HmacSha256::new_from_slice(b"k").unwrap_or_else(|e| panic!("{e}"));
        mac.update(b"{\"a\":1}");
        assert_eq!(sig, format!("sha256={}", hex::encode(mac.finalize().into_bytes())));
        assert!(verify(b"k", b"{\"a\":1}", &sig));
        assert!(!verify(b"k", b"{\"a\":2}", &sig));
        assert!(!verify(b"other", b"{\"a\":1}", &sig));
        assert!(!verify(b"k", b"{\"a\":1}", "sha1=00"));
        assert!(BodySigner::new(b"").is_err());
        assert_eq!(format!("{signer:?}"), "BodySigner([redacted])");
    }
}
