//! Health, readiness, metrics, trace ids, the OpenAPI document, GraphQL, TLS, listen rules and
//! graceful shutdown.

use std::path::Path;

use nimbus_e2e::{Backend, Daemon};
use serde_json::{Value, json};

use crate::support::{code, login, s};

const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

#[tokio::test]
async fn health_metrics_trace_ids_and_openapi() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let http = d.http();

    let r = http.get(d.at("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-trace-id"].len(), 32);
    let r = http.get(d.at("/readyz")).send().await.unwrap();
    let ready: Value = r.json().await.unwrap();
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["migrations"]["ok"], true);

    // An incoming W3C traceparent is honoured, in the header and in error bodies.
    let r = http.get(d.at("/api/v1/auth/me")).header("traceparent", TRACEPARENT).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["x-trace-id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
    let r = http.get(d.at("/healthz")).header("traceparent", "00-garbage").send().await.unwrap();
    assert_ne!(r.headers()["x-trace-id"], "garbage", "an invalid traceparent gets a fresh id");

    let _ = http.get(d.at("/no/such/route")).send().await.unwrap();
    let metrics = http.get(d.at("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"nimbus_http_requests_total{method="GET",route="/healthz",status="200"}"#), "{metrics}");
    assert!(metrics.contains(r#"route="/api/v1/auth/me",status="401""#), "{metrics}");
    assert!(metrics.contains(r#"route="unmatched",status="404""#), "{metrics}");
    assert!(metrics.contains("nimbus_http_request_duration_seconds_bucket"), "{metrics}");

    let served = http.get(d.at("/api/v1/openapi.json")).send().await.unwrap().text().await.unwrap();
    let checked_in =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/api/openapi.json")).unwrap();
    assert_eq!(served, checked_in, "the served document is the checked-in one");

    let info: Value = http.get(d.at("/api/v1/server")).send().await.unwrap().json().await.unwrap();
    assert_eq!((info["name"].as_str(), info["backend"].as_str()), (Some("nimbusd"), Some("sqlite")));
}

#[tokio::test]
async fn graphql_is_an_adapter_over_the_same_services() {
    let d = Daemon::builder(Backend::Postgres).env("NIMBUS_SERVER__GRAPHIQL", "true").start().await.unwrap();
    let http = d.http();
    let pair = login(&d).await;
    let token = s(&pair, "access_token");
    let query =
        json!({"query": "{ me { email tenant { slug } sessionId } server { backend } sessions { id current } }"});
    let r: Value =
        http.post(d.at("/graphql")).bearer_auth(token).json(&query).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["data"]["me"]["email"], nimbus_e2e::ADMIN_EMAIL, "{r}");
    assert_eq!(r["data"]["server"]["backend"], "POSTGRES");
    assert_eq!(r["data"]["sessions"][0]["current"], true);

    let anonymous: Value = http.post(d.at("/graphql")).json(&query).send().await.unwrap().json().await.unwrap();
    assert_eq!(anonymous["errors"][0]["extensions"]["code"], "unauthenticated", "{anonymous}");
    assert_eq!(anonymous["errors"][0]["extensions"]["trace_id"].as_str().map(str::len), Some(32));

    let missing = json!({"query": "mutation { revokeSession(id: \"01a20000-0000-7000-8000-000000000000\") }"});
    let r: Value =
        http.post(d.at("/graphql")).bearer_auth(token).json(&missing).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["errors"][0]["extensions"]["code"], "not_found", "{r}");

    let logout = json!({"query": "mutation { logout }"});
    let r: Value =
        http.post(d.at("/graphql")).bearer_auth(token).json(&logout).send().await.unwrap().json().await.unwrap();
    assert_eq!(r["data"]["logout"], true, "{r}");
    let r = http.post(d.at("/graphql")).bearer_auth(token).json(&query).send().await.unwrap();
    assert_eq!(r.status(), 401, "a token of an ended session is refused before GraphQL runs");

    let page = http.get(d.at("/graphql")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("graphiql"));
}

#[tokio::test]
async fn graphiql_is_off_by_default() {
    let d = Daemon::start(Backend::Sqlite).await.unwrap();
    let r = d.http().get(d.at("/graphql")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(code(&r.json::<Value>().await.unwrap()), "method_not_allowed");
}

#[tokio::test]
async fn tls_with_certificate_files() {
    let dir = tempfile::tempdir().unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params.subject_alt_names.push(rcgen::SanType::IpAddress("127.0.0.1".parse().unwrap()));
    let cert = params.self_signed(&key).unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();

    let d = Daemon::builder(Backend::Sqlite)
        .env("NIMBUS_SERVER__TLS__CERT_FILE", cert_path.to_str().unwrap())
        .env("NIMBUS_SERVER__TLS__KEY_FILE", key_path.to_str().unwrap())
        .start()
        .await
        .unwrap();
    assert!(d.url.starts_with("https://"), "{}", d.url);
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(cert.pem().as_bytes()).unwrap()])
        .build()
        .unwrap();
    let r = client.get(d.at("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(d.http().get(d.at("/healthz")).send().await.is_err(), "an untrusted certificate is refused");

    // The CLI trusts a context's CA file.
    let cli = d.cli();
    cli.run(&["context", "add", "tls", "--url", &d.url, "--ca-file", cert_path.to_str().unwrap(), "--use"]).await.ok();
    let status = cli.run(&["status", "-o", "json"]).await;
    assert_eq!(status.ok().json()["reachable"], true);
}

#[tokio::test]
async fn plain_http_stays_on_loopback_unless_told_otherwise() {
    let mut d = Daemon::builder(Backend::Sqlite).prepare().await.unwrap();
    let out = d.nimbusd_output(&["serve", "--listen", "0.0.0.0:0"], None).await.unwrap();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--insecure-listen"), "{}", out.stderr);
    d.serve_with(&["--listen", "0.0.0.0:0", "--insecure-listen"]).await.unwrap();
    assert!(d.url.starts_with("http://0.0.0.0:"), "{}", d.url);
}

#[tokio::test]
async fn sigterm_shuts_down_gracefully() {
    let mut d = Daemon::start(Backend::Sqlite).await.unwrap();
    let status = d.terminate().await.unwrap();
    assert!(status.success(), "{status:?}\n{}", d.log());
    let log = d.log();
    assert!(log.contains("shutting down") && log.contains("stopped"), "{log}");
}
