//! Who may talk to a server that runs on a developer's laptop: which browser origins (CORS),
//! which `Host` names (against DNS rebinding) and whether a request comes from a web page.
//! Pure functions of request headers; the server applies them as middleware.

use axum::http::HeaderMap;

/// Host names that always mean this machine. Any port is accepted with them.
const LOOPBACK_HOSTS: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The host part of an authority (`name[:port]` or `[v6]:port`), lower-cased; `None` when the
/// authority is malformed (empty, a non-numeric port, user info, a path).
pub fn authority_host(authority: &str) -> Option<String> {
    let authority = authority.trim();
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let end = rest.find(']')?;
        let (v6, after) = rest.split_at(end);
        let after = &after[1..];
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (format!("[{v6}]"), port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (authority.to_owned(), None),
        }
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.[]:".contains(&b));
    (port_ok && host_ok).then(|| host.to_ascii_lowercase())
}

fn is_loopback_host(host: &str) -> bool {
    LOOPBACK_HOSTS.contains(&host)
}

/// `scheme://authority` of an origin or base URL (a trailing `/` or path is ignored for base
/// URLs); `None` unless the scheme is http or https.
fn split_url(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme_ok = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let authority = rest.split('/').next().unwrap_or_default();
    scheme_ok.then_some((scheme, authority))
}

/// Which browser origins may call the pool: loopback origins always, others when listed.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    /// Extra origins (`--allow-origin`), normalised to lower case without a trailing `/`.
    extra: Vec<String>,
}

impl OriginPolicy {
    /// Validates and normalises the extra origins (`https://app.example`, `http://x:3000`).
    pub fn new(extra: &[String]) -> Result<Self, String> {
        let extra = extra
            .iter()
            .map(|origin| {
                let normalised = origin.trim().trim_end_matches('/').to_ascii_lowercase();
                match split_url(&normalised) {
                    Some((_, authority))
                        if normalised.matches('/').count() == 2
                            && authority_host(authority).is_some() =>
                    {
                        Ok(normalised)
                    }
                    _ => Err(format!(
                        "invalid --allow-origin {origin:?}: expected scheme://host[:port]"
                    )),
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { extra })
    }

    /// An `Origin` header value is allowed when it is `http(s)://` a loopback host (any port)
    /// or one of the extra origins. `null` (sandboxed frames, `file:` pages) is not.
    pub fn allows(&self, origin: &[u8]) -> bool {
        let Ok(origin) = std::str::from_utf8(origin) else {
            return false;
        };
        let origin = origin.to_ascii_lowercase();
        if self.extra.contains(&origin) {
            return true;
        }
        match split_url(&origin) {
            Some((_, authority)) if origin.matches('/').count() == 2 => {
                authority_host(authority).is_some_and(|host| is_loopback_host(&host))
            }
            _ => false,
        }
    }
}

/// Which `Host` header values are accepted: loopback names and the configured endpoint's
/// host, any port. A DNS-rebinding page reaches 127.0.0.1 under its own name, so its requests
/// carry that name and are refused.
#[derive(Debug, Clone, Default)]
pub struct HostPolicy {
    endpoint_host: Option<String>,
}

impl HostPolicy {
    /// `endpoint` is the public base URL (`--endpoint`), if any.
    pub fn new(endpoint: Option<&str>) -> Self {
        let endpoint_host = endpoint
            .and_then(split_url)
            .and_then(|(_, authority)| authority_host(authority));
        Self { endpoint_host }
    }

    pub fn allows(&self, host_header: &str) -> bool {
        authority_host(host_header).is_some_and(|host| {
            is_loopback_host(&host) || self.endpoint_host.as_deref() == Some(host.as_str())
        })
    }
}

/// Browsers add `Origin` to every cross-origin request (and to same-origin POSTs) and
/// `Sec-Fetch-*` metadata to every request; SDKs and command-line tools send none of them.
pub fn from_browser(headers: &HeaderMap) -> bool {
    headers.contains_key("origin")
        || headers.contains_key("sec-fetch-site")
        || headers.contains_key("sec-fetch-mode")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_origins_on_any_port_are_allowed() {
        let policy = OriginPolicy::default();
        for origin in [
            "http://127.0.0.1:8080",
            "http://localhost:5173",
            "http://[::1]:3000",
            "http://localhost",
            "HTTP://LOCALHOST:1",
        ] {
            assert!(policy.allows(origin.as_bytes()), "{origin}");
        }
        for origin in [
            "https://evil.example",
            "http://localhost.evil.example",
            "http://127.0.0.1.evil.example:80",
            "http://evil.example@127.0.0.1",
            "null",
            "http://localhost:8080/path",
            "ftp://localhost",
            "http://localhost:port",
        ] {
            assert!(!policy.allows(origin.as_bytes()), "{origin}");
        }
    }

    #[test]
    fn extra_origins_are_exact() {
        let policy = OriginPolicy::new(&["https://App.example/".into()]).expect("valid");
        assert!(policy.allows(b"https://app.example"));
        assert!(!policy.allows(b"http://app.example"));
        assert!(!policy.allows(b"https://app.example:444"));
        assert!(OriginPolicy::new(&["app.example".into()]).is_err());
        assert!(OriginPolicy::new(&["https://app.example/x".into()]).is_err());
    }

    #[test]
    fn hosts_are_loopback_or_the_endpoint() {
        let policy = HostPolicy::new(Some("http://cognito.localhost:9229/"));
        for host in [
            "127.0.0.1:9229",
            "localhost",
            "[::1]:9229",
            "cognito.localhost:9229",
            "LOCALHOST:1",
        ] {
            assert!(policy.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:9229",
            "127.0.0.1.evil.example",
            "",
            "localhost:",
            "localhost:x",
            "user@localhost",
            "[::1]x",
        ] {
            assert!(!policy.allows(host), "{host}");
        }
        assert!(!HostPolicy::new(None).allows("cognito.localhost"));
    }
}
