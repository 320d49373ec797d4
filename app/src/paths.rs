//! The app's own addresses built from what a person typed or where they
//! were: the page to come back to after signing in (never another site),
//! and a search's address, each part percent-encoded.

/// Where to go after signing in: an app path from `?next=`, never another
/// site (`//host`) and never the login page itself.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|path| {
        path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/login")
    })
    .unwrap_or_else(|| "/".to_owned())
}

/// Percent-encodes a path for a query parameter.
fn encode_path(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// The login page's address that comes back to `path` afterwards.
pub fn login_path(path: &str) -> String {
    if path == "/" || path.is_empty() || path.starts_with("/login") {
        "/login".to_owned()
    } else {
        format!("/login?next={}", encode_path(path))
    }
}

/// Where a search for `text` is shown.
pub fn search_path(text: &str) -> String {
    let mut path = String::from("/search");
    if !text.trim().is_empty() {
        path.push_str("?q=");
        path.push_str(&encode_query(text));
    }
    path
}

/// `text` as a URL query value (a space is `+`).
fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_inside_the_app() {
        assert_eq!(safe_next(Some("/sessions".into())), "/sessions");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/login?next=/x".into())), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn login_path_round_trips_the_page() {
        assert_eq!(login_path("/"), "/login");
        assert_eq!(login_path("/login"), "/login");
        assert_eq!(
            login_path("/admin/security-log"),
            "/login?next=/admin/security-log"
        );
        assert_eq!(login_path("/a b"), "/login?next=/a%20b");
        // A query comes back with the page.
        assert_eq!(
            login_path("/search?q=tiep+dan"),
            "/login?next=/search%3Fq%3Dtiep%2Bdan"
        );
        assert_eq!(
            safe_next(Some("/search?q=tiep+dan".to_owned())),
            "/search?q=tiep+dan"
        );
    }

    #[test]
    fn a_query_goes_into_the_address_encoded() {
        assert_eq!(search_path("  "), "/search");
        assert_eq!(search_path("tiếp dân"), "/search?q=ti%E1%BA%BFp+d%C3%A2n");
        assert_eq!(search_path("a&b=c"), "/search?q=a%26b%3Dc");
    }
}
