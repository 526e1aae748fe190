//! Request extractors: JSON bodies and path parameters with API-shaped errors, the caller's
//! request context, and authentication.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use ipnet::IpNet;
use nimbus_core::api::error::ErrorCode;

use super::AppState;
use super::error::ApiError;
use crate::auth::Principal;
use crate::pipeline::RequestContext;
use crate::trace_id::TraceId;

/// A JSON body; failures become `invalid_json` / `unsupported_media_type` errors that say what
/// was wrong.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters; failures become `invalid_request` errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Where the request came from (trace id, client address, user agent, method, path).
#[derive(Debug, Clone)]
pub struct Client(pub RequestContext);

impl FromRequestParts<Arc<AppState>> for Client {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        Ok(Self(request_context(parts, &state.server.trusted_proxies)))
    }
}

/// The client's address: the socket peer, or, when the peer is a trusted proxy, the right-most
/// `X-Forwarded-For` address that is not itself a trusted proxy. Addresses left of that one
/// could have been written by the client and are ignored.
pub(super) fn client_ip(peer: Option<IpAddr>, forwarded_for: &[&str], trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = peer?.to_canonical();
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let mut nearest = peer;
    for hop in forwarded_for.iter().rev().flat_map(|h| h.rsplit(',')) {
        match hop.trim().parse::<IpAddr>().map(|ip| ip.to_canonical()) {
            Ok(ip) if is_trusted(&ip) => nearest = ip,
            Ok(ip) => return Some(ip),
            // A malformed hop: stop at the last address a trusted proxy vouched for.
            Err(_) => break,
        }
    }
    Some(nearest)
}

pub(super) fn request_context(parts: &Parts, trusted_proxies: &[IpNet]) -> RequestContext {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let forwarded: Vec<&str> = if trusted_proxies.is_empty() {
        Vec::new()
    } else {
        parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect()
    };
    RequestContext {
        trace_id: parts.extensions.get::<TraceId>().map(|t| t.as_str().to_owned()).unwrap_or_default(),
        ip: client_ip(peer, &forwarded, trusted_proxies),
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(512).collect()),
        method: Some(parts.method.as_str().to_owned()),
        path: Some(parts.uri.path().to_owned()),
    }
}

/// The authenticated caller. Requests without a valid bearer token are answered 401 before the
/// handler runs.
#[derive(Debug, Clone)]
pub struct Auth(pub Principal);

/// Query parameters that would carry a credential: refused outright rather than ignored, so a
/// client that puts a token or API key in a URL learns at once.
const CREDENTIAL_PARAMS: &[&str] = &["access_token", "token", "api_key", "apikey", "key", "refresh_token"];

fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    if parts.uri.query().is_some_and(|q| {
        q.split('&')
            .any(|kv| kv.split('=').next().is_some_and(|k| CREDENTIAL_PARAMS.iter().any(|c| k.eq_ignore_ascii_case(c))))
    }) {
        return Err(ApiError::bad_request(
            "credentials are accepted only in the Authorization header, never in the URL (URLs end up in logs)",
        ));
    }
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| ApiError::bad_request("the Authorization header is not valid text"))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated,
            "use `Authorization: Bearer <access token>`",
        )),
    }
}

async fn authenticate(parts: &Parts, state: &Arc<AppState>, token: &str) -> Result<Principal, ApiError> {
    Ok(state.services.authenticate_request(token, || request_context(parts, &state.server.trusted_proxies)).await?)
}

impl FromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(Self(authenticate(parts, state, token).await?)),
            None => Err(crate::error::ServiceError::Unauthenticated {
                code: ErrorCode::Unauthenticated,
                message: "sign in first: send `Authorization: Bearer <access token>` (`nimbus login`)".into(),
            }
            .into()),
        }
    }
}

impl OptionalFromRequestParts<Arc<AppState>> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Option<Self>, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(Some(Self(authenticate(parts, state, token).await?))),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().filter_map(|n| n.parse().ok()).collect()
    }

    #[test]
    fn untrusted_peers_are_the_client_whatever_they_claim() {
        assert_eq!(client_ip(ip("203.0.113.9"), &["1.2.3.4"], &[]), ip("203.0.113.9"));
        assert_eq!(client_ip(ip("203.0.113.9"), &["1.2.3.4"], &nets(&["10.0.0.0/8"])), ip("203.0.113.9"));
    }

    #[test]
    fn trusted_proxies_are_skipped_right_to_left() {
        let trusted = nets(&["10.0.0.0/8", "192.168.1.1/32"]);
        // client -> 192.168.1.1 -> 10.0.0.5 (peer)
        assert_eq!(client_ip(ip("10.0.0.5"), &["198.51.100.7, 192.168.1.1"], &trusted), ip("198.51.100.7"));
        // A spoofed left-most entry is ignored: the right-most untrusted hop wins.
        assert_eq!(client_ip(ip("10.0.0.5"), &["6.6.6.6, 198.51.100.7"], &trusted), ip("198.51.100.7"));
        // Several headers count as one list, in order.
        assert_eq!(client_ip(ip("10.0.0.5"), &["198.51.100.7", "192.168.1.1"], &trusted), ip("198.51.100.7"));
        // No header, or only proxies: the nearest proxy.
        assert_eq!(client_ip(ip("10.0.0.5"), &[], &trusted), ip("10.0.0.5"));
        assert_eq!(client_ip(ip("10.0.0.5"), &["192.168.1.1"], &trusted), ip("192.168.1.1"));
        // Garbage stops the walk at what was vouched for.
        assert_eq!(client_ip(ip("10.0.0.5"), &["198.51.100.7, nonsense"], &trusted), ip("10.0.0.5"));
        // IPv4-mapped IPv6 peers match IPv4 ranges.
        assert_eq!(client_ip(ip("::ffff:10.0.0.5"), &["198.51.100.7"], &trusted), ip("198.51.100.7"));
    }
}

/// Query parameters; failures become `invalid_request` errors.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `?include_deleted=true` on tenant listings.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListTenantsQuery {
    /// Include soft-deleted tenants.
    pub include_deleted: Option<bool>,
}

/// `?q=TEXT` on user listings.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Matches email or display name (case-insensitive substring).
    pub q: Option<String>,
}

/// The context tenant of a request without one in its path: `X-Nimbus-Tenant` (id or slug).
#[derive(Debug, Clone)]
pub struct ContextTenant(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ContextTenant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("x-nimbus-tenant") {
            None => Ok(Self(None)),
            Some(v) => v
                .to_str()
                .map(|s| Self(Some(s.trim().to_owned())))
                .map_err(|_| ApiError::bad_request("the X-Nimbus-Tenant header must be a tenant id or slug")),
        }
    }
}
