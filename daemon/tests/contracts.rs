//! Contracts are files: the OpenAPI document and the GraphQL SDL are generated from the code
//! and checked in. These tests fail when they drift; `UPDATE_EXPECT=1 cargo test -p
//! nimbus-daemon --test contracts` rewrites them (review the diff: it is an API change).

use expect_test::expect_file;

#[test]
fn openapi_document_is_checked_in() -> anyhow::Result<()> {
    expect_file!["../../docs/api/openapi.json"].assert_eq(&nimbus_daemon::http::openapi_json()?);
    Ok(())
}

#[test]
fn graphql_schema_is_checked_in() {
    expect_file!["../../docs/api/schema.graphql"].assert_eq(&nimbus_daemon::http::graphql::sdl());
}

/// Every documented operation answers errors in the one shape, and every route but the
/// public ones requires the bearer scheme.
#[test]
fn openapi_documents_errors_and_security() -> anyhow::Result<()> {
    let doc: serde_json::Value = serde_json::from_str(&nimbus_daemon::http::openapi_json()?)?;
    let public = [
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/v1/server",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/invitations/verify",
        "/api/v1/invitations/accept",
        "/api/v1/audit/public-key",
        "/api/v1/audit/taxonomy",
        "/api/v1/semantic/types",
        "/api/v1/semantic/mappings",
    ];
    let paths = doc["paths"].as_object().ok_or_else(|| anyhow::anyhow!("no paths"))?;
    assert!(paths.len() >= 10, "{}", paths.len());
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let secured = op.get("security").is_some();
            assert_eq!(secured, !public.contains(&path.as_str()), "{method} {path} security");
            if !path.starts_with("/api/") {
                continue;
            }
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/ErrorEnvelope", "{method} {path} {status}");
                }
            }
        }
    }
    Ok(())
}
