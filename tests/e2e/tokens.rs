//! Forged, tampered, foreign and expired access tokens are refused, on both backends.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use nimbus_e2e::{ADMIN_EMAIL, Backend, Daemon, PASSWORD};
use serde_json::{Value, json};

use crate::support::{code, login, me, s};

fn parts(token: &str) -> (Value, Value, String) {
    let mut it = token.split('.');
    let header = serde_json::from_slice(&B64.decode(it.next().unwrap()).unwrap()).unwrap();
    let payload = serde_json::from_slice(&B64.decode(it.next().unwrap()).unwrap()).unwrap();
    (header, payload, it.next().unwrap().to_owned())
}

fn assemble(header: &Value, payload: &Value, sig: &str) -> String {
    format!("{}.{}.{sig}", B64.encode(header.to_string()), B64.encode(payload.to_string()))
}

async fn assert_rejected(d: &Daemon, token: &str, expected: &str, what: &str) {
    let (status, body) = me(d, token).await;
    assert_eq!((status, code(&body)), (401, expected), "{what}: {body}");
    assert!(!s(&body["error"], "trace_id").is_empty());
}

async fn rejections(backend: Backend) {
    let d = Daemon::builder(backend).env("NIMBUS_AUTH__CLOCK_SKEW", "0s").start().await.expect("daemon");
    let pair = login(&d).await;
    let good = s(&pair, "access_token");
    assert_eq!(me(&d, good).await.0, 200, "baseline");
    let (header, payload, sig) = parts(good);
    assert_eq!(header["typ"], "at+jwt");
    assert_eq!(header["alg"], "EdDSA");

    // alg=none with no signature.
    let none = assemble(&json!({"alg": "none", "typ": "at+jwt", "kid": header["kid"]}), &payload, "");
    assert_rejected(&d, &none, "invalid_token", "alg=none").await;

    // Signed with a key the daemon never issued, under the daemon's key id.
    let rogue = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
    let der = ed25519_dalek::pkcs8::EncodePrivateKey::to_pkcs8_der(&rogue).unwrap();
    let mut h = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::EdDSA);
    h.typ = Some("at+jwt".into());
    h.kid = header["kid"].as_str().map(str::to_owned);
    let wrong_key =
        jsonwebtoken::encode(&h, &payload, &jsonwebtoken::EncodingKey::from_ed_der(der.as_bytes())).unwrap();
    assert_rejected(&d, &wrong_key, "invalid_token", "wrong key").await;

    // A claim edited after signing.
    let mut edited = payload.clone();
    edited["exp"] = json!(payload["exp"].as_i64().unwrap() + 86_400);
    assert_rejected(&d, &assemble(&header, &edited, &sig), "invalid_token", "tampered payload").await;

    // Garbage.
    assert_rejected(&d, "not-a-jwt", "invalid_token", "garbage").await;

    // A replica sharing the database and key, but issuing for another audience and with a
    // one-second lifetime: its tokens are foreign to the first daemon, and expire on itself.
    let mut other = d
        .sibling()
        .env("NIMBUS_AUTH__AUDIENCE", "someone-else")
        .env("NIMBUS_AUTH__ACCESS_TOKEN_TTL", "1s")
        .env("NIMBUS_AUTH__CLOCK_SKEW", "0s")
        .prepare()
        .await
        .expect("sibling");
    other.serve().await.expect("sibling serves");
    let foreign = login(&other).await;
    let foreign_token = s(&foreign, "access_token");
    assert_eq!(parts(foreign_token).1["aud"], "someone-else");
    assert_rejected(&d, foreign_token, "invalid_token", "wrong audience").await;
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    assert_rejected(&other, foreign_token, "token_expired", "expired").await;

    // Concurrent requests through one client with an expired token refresh once, not once
    // each: a second exchange of the same refresh token would end the session.
    let pair: nimbus_core::api::auth::TokenPair = serde_json::from_value(login(&other).await).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let client = std::sync::Arc::new(
        nimbus_core::client::Client::new(&other.url, nimbus_core::client::ClientOptions::default())
            .unwrap()
            .with_credentials(nimbus_core::client::Credentials::from(&pair), None),
    );
    let calls = (0..8).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.me().await.map(|me| me.email) })
    });
    for call in futures::future::join_all(calls).await {
        assert_eq!(call.unwrap().unwrap(), ADMIN_EMAIL);
    }
    assert_eq!(client.me().await.unwrap().session_id, pair.session_id, "the session survived");

    // The CLI refreshes an expired token on its own.
    let cli = other.cli();
    cli.run_with(&["login", "--email", ADMIN_EMAIL, "--password-stdin"], Some(PASSWORD)).await.ok();
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let whoami = cli.run(&["whoami", "-o", "json"]).await;
    assert_eq!(whoami.ok().json()["email"], ADMIN_EMAIL, "transparent refresh");
}

#[tokio::test]
async fn jwt_rejections_sqlite() {
    rejections(Backend::Sqlite).await;
}

#[tokio::test]
async fn jwt_rejections_postgres() {
    rejections(Backend::Postgres).await;
}
