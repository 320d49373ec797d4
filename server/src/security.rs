//! The security baseline of every response and request: security headers
//! (CSP without inline script, no framing, no sniffing), the same-origin
//! check on `/api`, and the client address used by the log and the throttle.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use app::error::AppError;

/// The Content-Security-Policy of every response. The shell boots the wasm
/// from a module file (no inline script); `'wasm-unsafe-eval'` allows
/// compiling WebAssembly and nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; \
img-src 'self' data:; \
font-src 'self'; \
connect-src 'self'; \
worker-src 'self'; \
manifest-src 'self'; \
object-src 'none'; \
base-uri 'none'; \
form-action 'self'; \
frame-ancestors 'none'";

/// Adds the security headers to every response; `/api` answers are never
/// stored by a browser or proxy (they carry signed-in users' data).
pub async fn headers(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ),
        (
            header::HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, value);
    }
    if is_api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Whether a request to `/api` may come from where it comes from. Browsers
/// say where with `Sec-Fetch-Site` (and `Origin` on POST): only this origin
/// (or the user typing the address) is let through. A client that sends
/// neither is not a browser, so no other site can be riding on its cookies.
pub fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST) else {
        return false;
    };
    let origin = origin.to_str().unwrap_or_default();
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    origin_host.is_some_and(|origin_host| origin_host.as_bytes() == host.as_bytes())
}

/// Refuses cross-site calls to `/api` with a typed 403.
pub async fn refuse_cross_origin(request: Request, next: Next) -> Response {
    if same_origin(request.headers()) {
        return next.run(request).await;
    }
    tracing::warn!(
        path = request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        site = ?request.headers().get("sec-fetch-site"),
        "cross-origin API call refused"
    );
    crate::api::error_response(&AppError::Forbidden)
}

/// The client's address: the peer, or with `trust_forwarded` (behind a
/// reverse proxy) the last address the proxy appended to X-Forwarded-For.
pub fn client_address(request: &Request, trust_forwarded: bool) -> String {
    if trust_forwarded {
        let forwarded = request
            .headers()
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .rfind(|value| !value.is_empty());
        if let Some(address) = forwarded {
            return address.chars().take(64).collect();
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(same_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!same_origin(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000"),
        ])));
    }

    #[test]
    fn otherwise_the_origin_must_name_this_host() {
        assert!(same_origin(&headers(&[
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000"),
        ])));
        assert!(same_origin(&headers(&[
            ("origin", "https://hdnd.example.vn"),
            ("host", "hdnd.example.vn"),
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "http://evil.example"),
            ("host", "localhost:3000"),
        ])));
        assert!(!same_origin(&headers(&[
            ("origin", "null"),
            ("host", "localhost:3000"),
        ])));
        assert!(!same_origin(&headers(&[(
            "origin",
            "http://localhost:3000"
        )])));
        // Neither header: not a browser.
        assert!(same_origin(&headers(&[])));
    }

    #[test]
    fn the_policy_has_no_inline_script_and_forbids_framing() {
        let script = CONTENT_SECURITY_POLICY
            .split(';')
            .map(str::trim)
            .find(|directive| directive.starts_with("script-src"))
            .unwrap();
        assert!(!script.contains("unsafe-inline"));
        assert!(script.contains("'wasm-unsafe-eval'"));
        assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
    }
}
