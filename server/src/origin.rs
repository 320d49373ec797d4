//! The address users type (`--public-url`), read and compared as browsers
//! send it.

/// The address users type (`--public-url`): its origin as browsers send it
/// in `Origin`, and the host as it comes in `Host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicOrigin {
    origin: String,
    host: String,
}

impl PublicOrigin {
    /// Reads `http(s)://host[:port]` (a trailing `/` is allowed, a path is
    /// not); the default port and upper case are dropped, as browsers do.
    pub fn parse(text: &str) -> Result<Self, String> {
        let uri: http::Uri = text
            .trim()
            .parse()
            .map_err(|_| format!("{text:?} is not a URL like https://hdnd.example.vn"))?;
        let scheme = uri
            .scheme_str()
            .map(str::to_ascii_lowercase)
            .filter(|scheme| scheme == "https" || scheme == "http")
            .ok_or_else(|| format!("{text:?} must start with https:// or http://"))?;
        let authority = uri
            .authority()
            .filter(|authority| !authority.as_str().contains('@') && !authority.host().is_empty())
            .ok_or_else(|| format!("{text:?} names no host"))?;
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(format!("{text:?} must be only the address, without a path"));
        }
        let default_port = if scheme == "https" { 443 } else { 80 };
        let host = match authority.port_u16() {
            Some(port) if port != default_port => format!("{}:{port}", authority.host()),
            _ => authority.host().to_owned(),
        }
        .to_ascii_lowercase();
        Ok(Self {
            origin: format!("{scheme}://{host}"),
            host,
        })
    }

    /// `https://hdnd.example.vn`
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether a `Host` header names this address.
    pub(crate) fn is_host(&self, host: &[u8]) -> bool {
        let host = String::from_utf8_lossy(host).to_ascii_lowercase();
        let default_port = if self.origin.starts_with("https://") {
            ":443"
        } else {
            ":80"
        };
        host == self.host || host.strip_suffix(default_port) == Some(self.host.as_str())
    }
}
