//! Access tokens (Ed25519-signed JWTs, RFC 9068 `at+jwt`) and refresh tokens (opaque, stored as
//! SHA-256).
//!
//! Verification pins everything an attacker could choose: the algorithm (EdDSA only, so
//! `alg: none` and HMAC-with-the-public-key confusion fail), the `typ` header, the key id, the
//! issuer, the audience, and expiry/not-before with a small clock-skew allowance.

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use chrono::{DateTime, TimeZone, Utc};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use nimbus_core::Secret;
use nimbus_core::ids::{SessionId, TenantId, UserId};
use rand::RngCore;
use rand::rngs::OsRng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::AuthConfig;
use crate::keys::{MasterKey, signing_key_purpose};
use crate::store::SigningKeyRecord;

/// JWT `typ` header of access tokens (RFC 9068).
pub const ACCESS_TOKEN_TYPE: &str = "at+jwt";
/// Prefix of refresh tokens, so leaked ones are recognisable by secret scanners.
pub const REFRESH_TOKEN_PREFIX: &str = "nmr_";

/// Claims of an access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// User id.
    pub sub: Uuid,
    /// Session id.
    pub sid: Uuid,
    /// Tenant the session acts in.
    pub tid: Uuid,
    /// Issued at (seconds).
    pub iat: i64,
    /// Not before (seconds).
    pub nbf: i64,
    /// Expiry (seconds).
    pub exp: i64,
    /// Token id.
    pub jti: Uuid,
}

impl AccessClaims {
    /// The user.
    pub fn user_id(&self) -> UserId {
        UserId::from_uuid(self.sub)
    }

    /// The session.
    pub fn session_id(&self) -> SessionId {
        SessionId::from_uuid(self.sid)
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Past its expiry.
    #[error("access token has expired")]
    Expired,
    /// Anything else: malformed, forged, wrong audience or issuer, unknown key.
    #[error("access token is invalid: {0}")]
    Invalid(String),
}

/// An issued access token.
#[derive(Debug)]
pub struct IssuedToken {
    /// The JWT.
    pub token: Secret<String>,
    /// Its expiry.
    pub expires_at: DateTime<Utc>,
}

/// The signing key in use and every key that still verifies.
pub struct KeyRing {
    signing_kid: String,
    signing_key: EncodingKey,
    verifying: HashMap<String, DecodingKey>,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: Duration,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("signing_kid", &self.signing_kid)
            .field("verifying", &self.verifying.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl KeyRing {
    /// Builds the ring from stored keys: the newest unretired key signs; all verify.
    pub fn new(records: &[SigningKeyRecord], master: &MasterKey, config: &AuthConfig) -> anyhow::Result<Self> {
        let active = records
            .iter()
            .filter(|k| k.retired_at.is_none() && k.algorithm == "EdDSA")
            .max_by_key(|k| k.created_at)
            .context("no active signing key in the database; was `nimbusd init` run against it?")?;
        let der = master
            .open(&signing_key_purpose(&active.kid), &active.sealed_private_key)
            .with_context(|| format!("cannot unseal signing key {}", active.kid))?;
        let verifying = records
            .iter()
            .filter(|k| k.algorithm == "EdDSA")
            .map(|k| (k.kid.clone(), DecodingKey::from_ed_der(&k.public_key)))
            .collect();
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = config.clock_skew.as_secs();
        Ok(Self {
            signing_kid: active.kid.clone(),
            signing_key: EncodingKey::from_ed_der(&der),
            verifying,
            validation,
            issuer: config.issuer.clone(),
            audience: config.audience.clone(),
            ttl: config.access_token_ttl,
        })
    }

    /// Signs an access token for a session.
    pub fn issue(
        &self,
        user: UserId,
        session: SessionId,
        tenant: TenantId,
        now: DateTime<Utc>,
    ) -> anyhow::Result<IssuedToken> {
        let ttl = chrono::Duration::from_std(self.ttl).context("token lifetime out of range")?;
        let expires_at = now + ttl;
        let claims = AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: *user.as_uuid(),
            sid: *session.as_uuid(),
            tid: *tenant.as_uuid(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires_at.timestamp(),
            jti: Uuid::now_v7(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(ACCESS_TOKEN_TYPE.to_owned());
        header.kid = Some(self.signing_kid.clone());
        let token = jsonwebtoken::encode(&header, &claims, &self.signing_key).context("cannot sign access token")?;
        let expires_at = Utc.timestamp_opt(claims.exp, 0).single().unwrap_or(expires_at);
        Ok(IssuedToken { token: Secret::new(token), expires_at })
    }

    /// Verifies signature, header and claims.
    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Invalid(format!("algorithm {:?} is not accepted", header.alg)));
        }
        match header.typ.as_deref() {
            Some(t) if t.eq_ignore_ascii_case(ACCESS_TOKEN_TYPE) || t.eq_ignore_ascii_case("application/at+jwt") => {}
            other => return Err(TokenError::Invalid(format!("token type {other:?} is not an access token"))),
        }
        let kid = header.kid.ok_or_else(|| TokenError::Invalid("no key id".into()))?;
        let key = self.verifying.get(&kid).ok_or_else(|| TokenError::Invalid(format!("unknown key id {kid:?}")))?;
        jsonwebtoken::decode::<AccessClaims>(token, key, &self.validation).map(|data| data.claims).map_err(|e| match e
            .kind()
        {
            ErrorKind::ExpiredSignature => TokenError::Expired,
            _ => TokenError::Invalid(e.to_string()),
        })
    }
}

/// A fresh refresh token and the hash to store.
pub fn new_refresh_token() -> (Secret<String>, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = format!("{REFRESH_TOKEN_PREFIX}{}", B64URL.encode(bytes));
    let hash = hash_refresh_token(&token);
    (Secret::new(token), hash)
}

/// The stored form of a refresh token. Tokens carry 256 random bits, so a plain SHA-256 is
/// enough: there is nothing to brute-force.
pub fn hash_refresh_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::generate_signing_key;

    fn ring(config: &AuthConfig) -> anyhow::Result<(KeyRing, MasterKey, SigningKeyRecord)> {
        let master = MasterKey::generate();
        let key = generate_signing_key()?;
        let record = SigningKeyRecord {
            sealed_private_key: master.seal(&signing_key_purpose(&key.kid), &key.pkcs8_der)?,
            kid: key.kid,
            algorithm: "EdDSA".into(),
            public_key: key.public_key,
            created_at: Utc::now(),
            retired_at: None,
        };
        Ok((KeyRing::new(std::slice::from_ref(&record), &master, config)?, master, record))
    }

    fn ids() -> (UserId, SessionId, TenantId) {
        (UserId::generate(), SessionId::generate(), TenantId::generate())
    }

    #[test]
    fn issued_tokens_verify() -> anyhow::Result<()> {
        let (ring, ..) = ring(&AuthConfig::default())?;
        let (u, s, t) = ids();
        let issued = ring.issue(u, s, t, Utc::now())?;
        let claims = ring.verify(issued.token.expose())?;
        assert_eq!((claims.user_id(), claims.session_id()), (u, s));
        assert_eq!(claims.aud, "nimbus-api");
        Ok(())
    }

    #[test]
    fn expired_tokens_are_reported_as_expired() -> anyhow::Result<()> {
        let config = AuthConfig { clock_skew: Duration::ZERO, ..AuthConfig::default() };
        let (ring, ..) = ring(&config)?;
        let (u, s, t) = ids();
        let issued = ring.issue(u, s, t, Utc::now() - chrono::Duration::hours(1))?;
        assert_eq!(ring.verify(issued.token.expose()), Err(TokenError::Expired));
        Ok(())
    }

    fn forge(header: &str, payload: &str, sig: &str) -> String {
        format!("{}.{}.{}", B64URL.encode(header), B64URL.encode(payload), sig)
    }

    #[test]
    fn forgeries_are_rejected() -> anyhow::Result<()> {
        let (ring, _, record) = ring(&AuthConfig::default())?;
        let (u, s, t) = ids();
        let good = ring.issue(u, s, t, Utc::now())?.token.into_inner();
        let payload = String::from_utf8(B64URL.decode(good.split('.').nth(1).unwrap_or_default())?)?;

        // alg=none, no signature.
        let none = forge(r#"{"alg":"none","typ":"at+jwt"}"#, &payload, "");
        assert!(matches!(ring.verify(&none), Err(TokenError::Invalid(_))));

        // HS256 keyed with the public key (algorithm confusion).
        let hs = jsonwebtoken::encode(
            &Header { typ: Some("at+jwt".into()), kid: Some(record.kid.clone()), ..Header::new(Algorithm::HS256) },
            &serde_json::from_str::<serde_json::Value>(&payload)?,
            &EncodingKey::from_secret(&record.public_key),
        )?;
        assert!(matches!(ring.verify(&hs), Err(TokenError::Invalid(_))));

        // Signed by another key under the same kid.
        let other = generate_signing_key()?;
        let wrong_key = jsonwebtoken::encode(
            &Header { typ: Some("at+jwt".into()), kid: Some(record.kid.clone()), ..Header::new(Algorithm::EdDSA) },
            &serde_json::from_str::<serde_json::Value>(&payload)?,
            &EncodingKey::from_ed_der(&other.pkcs8_der),
        )?;
        assert!(matches!(ring.verify(&wrong_key), Err(TokenError::Invalid(_))));

        // Payload edited after signing.
        let parts: Vec<&str> = good.split('.').collect();
        let edited_payload = payload.replace(&u.to_string(), &UserId::generate().to_string());
        let tampered = format!("{}.{}.{}", parts[0], B64URL.encode(edited_payload), parts[2]);
        assert!(matches!(ring.verify(&tampered), Err(TokenError::Invalid(_))));

        // Wrong typ (an ID token, say).
        let jwt_typ = good.replacen(
            parts[0],
            &B64URL.encode(format!(r#"{{"alg":"EdDSA","typ":"JWT","kid":"{}"}}"#, record.kid)),
            1,
        );
        assert!(matches!(ring.verify(&jwt_typ), Err(TokenError::Invalid(_))));
        Ok(())
    }

    #[test]
    fn wrong_audience_or_issuer_is_rejected() -> anyhow::Result<()> {
        let (ring, master, record) = ring(&AuthConfig::default())?;
        let other_aud = KeyRing::new(
            std::slice::from_ref(&record),
            &master,
            &AuthConfig { audience: "someone-else".into(), ..AuthConfig::default() },
        )?;
        let (u, s, t) = ids();
        let token = other_aud.issue(u, s, t, Utc::now())?.token.into_inner();
        assert!(matches!(ring.verify(&token), Err(TokenError::Invalid(_))));
        let other_iss = KeyRing::new(
            std::slice::from_ref(&record),
            &master,
            &AuthConfig { issuer: "elsewhere".into(), ..AuthConfig::default() },
        )?;
        let token = other_iss.issue(u, s, t, Utc::now())?.token.into_inner();
        assert!(matches!(ring.verify(&token), Err(TokenError::Invalid(_))));
        Ok(())
    }

    #[test]
    fn refresh_tokens_are_random_and_hashed() {
        let (a, ha) = new_refresh_token();
        let (b, hb) = new_refresh_token();
        assert_ne!(a.expose(), b.expose());
        assert!(a.expose().starts_with(REFRESH_TOKEN_PREFIX));
        assert_eq!(ha, hash_refresh_token(a.expose()));
        assert_ne!(ha, hb);
        assert_eq!(ha.len(), 32);
    }
}
