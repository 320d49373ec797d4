//! The built site (shell, wasm, js, css, icons), embedded into the binary in
//! release builds (debug builds read the same folder from disk). `cargo xtask`
//! writes it to `target/site` with content-hashed names under `assets/` and a
//! brotli and a gzip copy of every compressible file; this module picks the
//! variant the browser accepts and sets cache lifetimes: a year for hashed
//! assets, revalidation for everything else, above all the shell.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../target/site/"]
struct Site;

/// The app shell, served for every app route (deep links, refresh).
const SHELL: &str = "index.html";
/// Content-hashed files: safe to cache for a year.
const VERSIONED_PREFIX: &str = "assets/";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Build facts the site was written with (`build.json`), or `"dev"` when the
/// binary was compiled without a built site.
pub fn build_id() -> String {
    Site::get("build.json")
        .and_then(|file| serde_json::from_slice::<serde_json::Value>(&file.data).ok())
        .and_then(|value| value.get("build_id")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "dev".to_owned())
}

/// True when the site (at least its shell) is part of this binary.
pub fn has_site() -> bool {
    Site::get(SHELL).is_some()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => ".br",
            Encoding::Gzip => ".gz",
            Encoding::Identity => "",
        }
    }

    fn header(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }
}

/// Encodings the client accepts, best first (q=0 means "not acceptable").
fn accepted_encodings(headers: &HeaderMap) -> Vec<Encoding> {
    let accept = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next()?.to_ascii_lowercase();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (!refused).then_some(name)
        })
        .collect::<Vec<_>>();
    let mut encodings = Vec::with_capacity(3);
    if accept.iter().any(|name| name == "br") {
        encodings.push(Encoding::Brotli);
    }
    if accept.iter().any(|name| name == "gzip") {
        encodings.push(Encoding::Gzip);
    }
    encodings.push(Encoding::Identity);
    encodings
}

/// Fallback handler: static files, the shell for app routes, 404 for missing
/// assets (never the shell in place of a script or wasm file).
pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let path = uri.path().trim_start_matches('/');
    // Files are what lives under assets/ and the few real files at the root;
    // every other path is an app route (even one with a dot in it).
    let is_file_request = path.starts_with(VERSIONED_PREFIX) || Site::get(path).is_some();
    let name = if path.is_empty() || !is_file_request {
        SHELL
    } else {
        path
    };
    match respond_with_file(name, &headers) {
        Some(response) => response,
        None if name == SHELL => (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CACHE_CONTROL, "no-store")],
            "The site is not built into this binary: build it with `cargo xtask dist`.\n",
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CACHE_CONTROL, "no-store")],
            "Not found\n",
        )
            .into_response(),
    }
}

/// Text types are UTF-8 (all our text is); say so, so no browser guesses.
fn with_charset(mimetype: &str) -> String {
    let textual = mimetype.starts_with("text/")
        || mimetype == "application/json"
        || mimetype == "application/javascript"
        || mimetype == "image/svg+xml"
        || mimetype == "application/manifest+json";
    if textual && !mimetype.contains("charset") {
        format!("{mimetype}; charset=utf-8")
    } else {
        mimetype.to_owned()
    }
}

/// HEAD gets the same response as GET; hyper drops the body but keeps its
/// Content-Length.
fn respond_with_file(name: &str, headers: &HeaderMap) -> Option<Response> {
    // The original decides the content type and whether the file exists; a
    // compressed copy is only ever a stand-in for it.
    let original = Site::get(name)?;
    let content_type = with_charset(original.metadata.mimetype());
    let (encoding, file) = accepted_encodings(headers)
        .into_iter()
        .find_map(|encoding| match encoding {
            Encoding::Identity => Some((encoding, original.clone())),
            _ => Site::get(&format!("{name}{}", encoding.suffix())).map(|file| (encoding, file)),
        })?;

    let hash = file.metadata.sha256_hash();
    let etag = format!(
        "\"{}\"",
        hash[..12]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<String>()
    );
    let cache_control = if name.starts_with(VERSIONED_PREFIX) {
        IMMUTABLE
    } else {
        REVALIDATE
    };

    let mut response = if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag))
    {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Response::new(Body::from(file.data.into_owned()))
    };

    let response_headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response_headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response_headers.insert(header::ETAG, value);
    }
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response_headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(encoding) = encoding.header() {
        response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        headers
    }

    #[test]
    fn brotli_is_preferred_then_gzip() {
        use Encoding::*;
        assert_eq!(
            accepted_encodings(&headers("gzip, deflate, br, zstd")),
            vec![Brotli, Gzip, Identity]
        );
        assert_eq!(accepted_encodings(&headers("gzip")), vec![Gzip, Identity]);
        assert_eq!(accepted_encodings(&HeaderMap::new()), vec![Identity]);
    }

    #[test]
    fn text_types_declare_utf8() {
        assert_eq!(with_charset("text/html"), "text/html; charset=utf-8");
        assert_eq!(
            with_charset("image/svg+xml"),
            "image/svg+xml; charset=utf-8"
        );
        assert_eq!(with_charset("application/wasm"), "application/wasm");
    }

    #[test]
    fn q_zero_refuses_an_encoding() {
        use Encoding::*;
        assert_eq!(
            accepted_encodings(&headers("br;q=0, gzip;q=0.5")),
            vec![Gzip, Identity]
        );
    }
}
