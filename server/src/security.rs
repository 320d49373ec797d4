//! The security baseline of every response and request: security headers
//! (CSP without inline script, no framing, no sniffing, HSTS behind https),
//! the expected host (`--public-url`), the same-origin check on `/api`, and
//! the client address used by the log and the throttle.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use app::error::AppError;

use crate::origin::PublicOrigin;

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

/// How long browsers keep to https once they have seen it (one year).
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Adds the security headers to every response; `/api` answers are never
/// stored by a browser or proxy (they carry signed-in users' data). Behind
/// https, browsers are told to keep to it.
pub async fn headers(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api");
    let https = state.settings.secure_cookies;
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
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(STRICT_TRANSPORT_SECURITY),
        );
    }
    response
}

/// With `--public-url`, a request for another host is refused (a page on
/// another name that resolves here — DNS rebinding — gets nothing). The
/// health check is exempt: monitors call it by address.
pub async fn expected_host(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Some(public) = &state.settings.public_url else {
        return next.run(request).await;
    };
    let host = request
        .headers()
        .get(header::HOST)
        .map(HeaderValue::as_bytes);
    if request.uri().path() == "/healthz" || host.is_some_and(|host| public.is_host(host)) {
        return next.run(request).await;
    }
    let detail = format!(
        "host {}",
        host.map(String::from_utf8_lossy).unwrap_or_default()
    );
    let address = client_address(&request, state.settings.trust_forwarded_for);
    refuse(&state, address, detail).await
}

/// Whether a request to `/api` may come from where it comes from. Browsers
/// say where with `Sec-Fetch-Site` (and `Origin` on POST): only this origin
/// (or the user typing the address) is let through. A client that sends
/// neither is not a browser, so no other site can be riding on its cookies.
/// `Origin` must name the public URL when one is set, else the `Host` the
/// request came for.
pub fn same_origin(headers: &HeaderMap, public: Option<&PublicOrigin>) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return false;
        }
        if public.is_none() {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    if let Some(public) = public {
        return origin
            .to_str()
            .is_ok_and(|origin| origin.eq_ignore_ascii_case(public.origin()));
    }
    let Some(host) = headers.get(header::HOST) else {
        return false;
    };
    let origin = origin.to_str().unwrap_or_default();
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    origin_host.is_some_and(|origin_host| origin_host.as_bytes() == host.as_bytes())
}

/// Refuses cross-site calls to `/api` with a typed 403, noted in the
/// security log.
pub async fn refuse_cross_origin(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    request: Request,
    next: Next,
) -> Response {
    if same_origin(request.headers(), state.settings.public_url.as_ref()) {
        return next.run(request).await;
    }
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .or_else(|| request.headers().get("sec-fetch-site"))
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .unwrap_or_default();
    let detail = format!("{} from {origin}", request.uri().path());
    let address = client_address(&request, state.settings.trust_forwarded_for);
    refuse(&state, address, detail).await
}

/// A typed 403 for a request from the wrong place, with a (rate-limited)
/// security-log entry.
async fn refuse(state: &crate::state::AppState, address: String, detail: String) -> Response {
    // A flood of these is a few lines a minute, each clipped.
    if let Some(held_back) = state
        .log_gate
        .admit("cross_origin_refused", std::time::Instant::now())
    {
        tracing::warn!(
            address = crate::logs::logged(&address),
            detail = crate::logs::logged(&detail),
            held_back,
            "request from another origin or host refused"
        );
    }
    app::auth::server::log_refusal(
        &state.context,
        app::backend::NewSecurityEvent {
            kind: app::auth::model::SecurityEventKind::CrossOriginRefused,
            source: app::backend::EventSource {
                actor: None,
                origin: address,
            },
            subject: None,
            detail,
        },
    )
    .await;
    crate::wire::error_response(&AppError::Forbidden)
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

    fn same(pairs: &[(&'static str, &'static str)]) -> bool {
        same_origin(&headers(pairs), None)
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(same(&[("sec-fetch-site", "same-origin")]));
        assert!(same(&[("sec-fetch-site", "none")]));
        assert!(!same(&[("sec-fetch-site", "cross-site")]));
        assert!(!same(&[("sec-fetch-site", "same-site")]));
        assert!(!same(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000"),
        ]));
    }

    #[test]
    fn with_a_public_url_the_origin_must_be_it_whatever_the_host_says() {
        let public = PublicOrigin::parse("https://hdnd.example.vn").unwrap();
        let check =
            |pairs: &[(&'static str, &'static str)]| same_origin(&headers(pairs), Some(&public));
        assert!(check(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "https://hdnd.example.vn"),
            ("host", "hdnd.example.vn"),
        ]));
        // A forged Host no longer makes a foreign origin "same".
        assert!(!check(&[
            ("origin", "http://evil.example"),
            ("host", "evil.example"),
        ]));
        assert!(!check(&[
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://evil.example"),
            ("host", "evil.example"),
        ]));
        assert!(check(&[("host", "hdnd.example.vn")]));
        assert!(public.is_host(b"HDND.example.vn:443"));
        assert!(!public.is_host(b"hdnd.example.vn:8443"));
        assert!(!public.is_host(b"evil.example"));
        let local = PublicOrigin::parse("http://127.0.0.1:3000").unwrap();
        assert_eq!(local.origin(), "http://127.0.0.1:3000");
        assert!(local.is_host(b"127.0.0.1:3000"));
    }

    #[test]
    fn otherwise_the_origin_must_name_this_host() {
        assert!(same(&[
            ("origin", "http://localhost:3000"),
            ("host", "localhost:3000"),
        ]));
        assert!(same(&[
            ("origin", "https://hdnd.example.vn"),
            ("host", "hdnd.example.vn"),
        ]));
        assert!(!same(&[
            ("origin", "http://evil.example"),
            ("host", "localhost:3000"),
        ]));
        assert!(!same(&[("origin", "null"), ("host", "localhost:3000")]));
        assert!(!same(&[("origin", "http://localhost:3000")]));
        // Neither header: not a browser.
        assert!(same(&[]));
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
