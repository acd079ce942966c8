//! Runtime configuration, read from `/config.json` next to `index.html` so one build serves any
//! user pool. Parsing and validation are pure so they are unit-tested on the host.

use serde::Deserialize;
use std::fmt;

/// Where the session's tokens are kept between page loads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenStorage {
    /// `localStorage`: survives reloads and is shared by the tabs of this origin.
    #[default]
    Local,
    /// `sessionStorage`: survives reloads of this tab only.
    Session,
    /// Nothing persisted: a reload signs the user out.
    Memory,
}

/// Who talks to the user pool, as `config.json`'s `mode` names it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    #[default]
    Direct,
    Server,
}

/// The validated configuration: who talks to the user pool, with what that mode needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppConfig {
    /// The browser calls Cognito itself and keeps the tokens (a static host is enough).
    Direct(DirectConfig),
    /// `poolgate-server` signs people in and keeps the tokens; the app calls only its `/api/`
    /// on the page's own origin and holds no token.
    Server(ServerConfig),
}

/// Direct mode: the pool and app client the browser talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectConfig {
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    /// Cognito Identity Provider endpoint, always ending in `/`.
    pub endpoint: String,
    pub token_storage: TokenStorage,
    /// Whether the app client rotates refresh tokens (use GetTokensFromRefreshToken).
    pub refresh_token_rotation: bool,
    /// Refresh this many seconds before access-token expiry; `None` = the session core's default.
    pub refresh_margin_secs: Option<u64>,
    /// The tokens' expected `iss`, or where to learn it.
    pub issuer: IssuerSource,
}

/// Server mode: the server talks to the pool; the pool is named only for display.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerConfig {
    pub region: Option<String>,
    pub user_pool_id: Option<String>,
}

/// Where the expected token issuer comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssuerSource {
    /// Known up front: AWS's `https://cognito-idp.<region>.amazonaws.com/<poolId>` for any AWS
    /// endpoint (regional, FIPS, dual-stack: Cognito's tokens carry the regional issuer whatever
    /// endpoint served them), or the `issuer` field of `config.json`.
    Known(String),
    /// Another Cognito-compatible server (moto, LocalStack, local-pool): the `issuer` of its
    /// OpenID discovery document at this URL, `<endpoint><poolId>/.well-known/openid-configuration`.
    Discover(String),
}

/// `config.json` as written; every field is checked before it becomes an [`AppConfig`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    mode: Mode,
    region: Option<String>,
    user_pool_id: Option<String>,
    client_id: Option<String>,
    endpoint: Option<String>,
    #[serde(default)]
    token_storage: TokenStorage,
    #[serde(default)]
    refresh_token_rotation: bool,
    refresh_margin_seconds: Option<u64>,
    issuer: Option<String>,
}

/// Why the app cannot start; shown to the person on the configuration error page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// `/config.json` could not be fetched (network error or HTTP status).
    Unreachable(String),
    /// The file is not valid JSON or has the wrong fields.
    Malformed(String),
    /// A field is present but its value cannot be right.
    Invalid {
        field: &'static str,
        problem: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreachable(why) => write!(f, "config.json could not be loaded: {why}"),
            Self::Malformed(why) => write!(f, "config.json is not valid: {why}"),
            Self::Invalid { field, problem } => write!(f, "config.json field `{field}` {problem}"),
        }
    }
}

impl AppConfig {
    /// Parses and validates the text of `config.json`.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let mut raw: RawConfig =
            serde_json::from_str(text).map_err(|e| ConfigError::Malformed(e.to_string()))?;
        let invalid = |field, problem: &str| ConfigError::Invalid {
            field,
            problem: problem.into(),
        };
        if raw.mode == Mode::Server {
            return Self::server_mode(raw);
        }
        let required =
            |value: Option<String>, field| value.ok_or_else(|| invalid(field, "is required"));
        let region = required(raw.region.take(), "region")?;
        let user_pool_id = required(raw.user_pool_id.take(), "userPoolId")?;
        let client_id = required(raw.client_id.take(), "clientId")?;

        if !is_region(&region) {
            return Err(invalid(
                "region",
                "must be an AWS region such as `eu-west-1`",
            ));
        }
        // Pool ids are `<region>_<id>`; a pool from another region cannot be reached here.
        match user_pool_id.split_once('_') {
            Some((pool_region, id)) if pool_region == region && is_id(id) => {}
            _ => {
                return Err(invalid(
                    "userPoolId",
                    "must look like `<region>_<id>` and match `region`",
                ));
            }
        }
        if !is_id(&client_id) {
            return Err(invalid(
                "clientId",
                "must be the app client id (letters and digits)",
            ));
        }
        let endpoint = match raw.endpoint {
            Some(url) => {
                if !(url.starts_with("https://") || url.starts_with("http://")) {
                    return Err(invalid("endpoint", "must be an http(s) URL"));
                }
                if url.ends_with('/') {
                    url
                } else {
                    format!("{url}/")
                }
            }
            None => format!("https://cognito-idp.{region}.amazonaws.com/"),
        };
        if raw.refresh_margin_seconds == Some(0) {
            return Err(invalid("refreshMarginSeconds", "must be at least 1"));
        }
        let aws_endpoint = endpoint_host(&endpoint).ends_with(".amazonaws.com");
        let issuer = match raw.issuer {
            Some(issuer) if issuer.starts_with("https://") || issuer.starts_with("http://") => {
                IssuerSource::Known(issuer.trim_end_matches('/').to_owned())
            }
            Some(_) => return Err(invalid("issuer", "must be an http(s) URL")),
            None if aws_endpoint => {
                IssuerSource::Known(cognito_session::aws_issuer(&region, &user_pool_id))
            }
            None => IssuerSource::Discover(format!(
                "{endpoint}{user_pool_id}/.well-known/openid-configuration"
            )),
        };
        Ok(Self::Direct(DirectConfig {
            issuer,
            region,
            user_pool_id,
            client_id,
            endpoint,
            token_storage: raw.token_storage,
            refresh_token_rotation: raw.refresh_token_rotation,
            refresh_margin_secs: raw.refresh_margin_seconds,
        }))
    }

    /// Server mode: the app talks only to its own origin, so the fields that name a Cognito
    /// endpoint or client are refused (a copy of a direct-mode file would silently mislead);
    /// `region` and `userPoolId` are optional and only shown.
    fn server_mode(raw: RawConfig) -> Result<Self, ConfigError> {
        let invalid = |field, problem: &str| ConfigError::Invalid {
            field,
            problem: problem.into(),
        };
        let not_here = "must not be set in server mode (the server talks to the pool)";
        if raw.client_id.is_some() {
            return Err(invalid("clientId", not_here));
        }
        if raw.endpoint.is_some() {
            return Err(invalid("endpoint", not_here));
        }
        if raw.issuer.is_some() {
            return Err(invalid("issuer", not_here));
        }
        let region = raw.region.filter(|r| !r.is_empty());
        if region.as_deref().is_some_and(|r| !is_region(r)) {
            return Err(invalid(
                "region",
                "must be an AWS region such as `eu-west-1`",
            ));
        }
        let user_pool_id = raw.user_pool_id.filter(|p| !p.is_empty());
        if let Some(pool) = &user_pool_id
            && !pool
                .split_once('_')
                .is_some_and(|(r, id)| r == region.as_deref().unwrap_or_default() && is_id(id))
        {
            return Err(invalid(
                "userPoolId",
                "must look like `<region>_<id>` and match `region`",
            ));
        }
        Ok(Self::Server(ServerConfig {
            region,
            user_pool_id,
        }))
    }

    /// The user pool's id, for display ("" when a server-mode file does not name it).
    pub fn user_pool_id(&self) -> &str {
        match self {
            Self::Direct(direct) => &direct.user_pool_id,
            Self::Server(server) => server.user_pool_id.as_deref().unwrap_or_default(),
        }
    }

    /// The pool's region, for display ("" when a server-mode file does not name it).
    pub fn region(&self) -> &str {
        match self {
            Self::Direct(direct) => &direct.region,
            Self::Server(server) => server.region.as_deref().unwrap_or_default(),
        }
    }
}

impl DirectConfig {
    /// The origin (`scheme://host[:port]`) of the Cognito endpoint, as CSP `connect-src` names it.
    pub fn endpoint_origin(&self) -> &str {
        let after_scheme = self.endpoint.find("://").map_or(0, |i| i + 3);
        let end = self.endpoint[after_scheme..]
            .find('/')
            .map_or(self.endpoint.len(), |i| after_scheme + i);
        &self.endpoint[..end]
    }
}

/// Whether a Content-Security-Policy lets the page `fetch` from `origin`: its `connect-src` (or,
/// without one, `default-src`) names the origin, `*`, or `'self'` for the page's own origin.
/// The app checks this at start so a config/CSP mismatch is reported, not a silent failed fetch.
pub fn csp_allows_connect(csp: &str, origin: &str, page_origin: &str) -> bool {
    let directive = |name: &str| {
        csp.split(';').map(str::trim).find_map(|d| {
            let mut words = d.split_ascii_whitespace();
            (words.next() == Some(name)).then(|| words.collect::<Vec<_>>())
        })
    };
    let Some(sources) = directive("connect-src").or_else(|| directive("default-src")) else {
        return true; // No restriction at all.
    };
    let origin = origin.trim_end_matches('/');
    sources.iter().any(|s| {
        *s == "*" || s.trim_end_matches('/') == origin || (*s == "'self'" && origin == page_origin)
    })
}

/// The host of an `http(s)://host[:port]/…` URL.
fn endpoint_host(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    let authority = after_scheme.split('/').next().unwrap_or_default();
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
}

fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn is_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct-mode configuration `text` parses to.
    fn direct(text: &str) -> DirectConfig {
        match AppConfig::from_json(text) {
            Ok(AppConfig::Direct(config)) => config,
            other => panic!("not a direct-mode config: {other:?}"),
        }
    }

    const LOCAL: &str = r#"{"region":"us-east-1","userPoolId":"us-east-1_LocalPool",
        "clientId":"localpoolgateappclient0001","endpoint":"http://127.0.0.1:9229/"}"#;

    #[test]
    fn committed_config_is_valid() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/config.json"))
                .expect("public/config.json exists");
        let config = direct(&text);
        assert_eq!(config.user_pool_id, "us-east-1_LocalPool");
        assert_eq!(config.endpoint_origin(), "http://127.0.0.1:9229");
    }

    #[test]
    fn the_issuer_is_aws_for_aws_endpoints_and_discovered_otherwise() {
        let aws = r#"{"region":"eu-west-1","userPoolId":"eu-west-1_Abc","clientId":"c1"}"#;
        let expected =
            IssuerSource::Known("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc".into());
        assert_eq!(direct(aws).issuer, expected);
        let fips = aws.replace(
            r#""clientId""#,
            r#""endpoint":"https://cognito-idp-fips.eu-west-1.amazonaws.com","clientId""#,
        );
        assert_eq!(direct(&fips).issuer, expected);
        assert_eq!(
            direct(LOCAL).issuer,
            IssuerSource::Discover(
                "http://127.0.0.1:9229/us-east-1_LocalPool/.well-known/openid-configuration".into()
            )
        );
        let pinned = LOCAL.replace(
            r#""endpoint""#,
            r#""issuer":"http://127.0.0.1:9229/us-east-1_LocalPool/","endpoint""#,
        );
        assert_eq!(
            direct(&pinned).issuer,
            IssuerSource::Known("http://127.0.0.1:9229/us-east-1_LocalPool".into())
        );
        let bad = LOCAL.replace(r#""endpoint""#, r#""issuer":"pool","endpoint""#);
        assert!(AppConfig::from_json(&bad).is_err());
    }

    #[test]
    fn defaults_apply() {
        let config = direct(LOCAL);
        assert_eq!(config.token_storage, TokenStorage::Local);
        assert!(!config.refresh_token_rotation);
        assert_eq!(config.refresh_margin_secs, None);
    }

    #[test]
    fn endpoint_defaults_to_the_regional_aws_endpoint() {
        let config =
            direct(r#"{"region":"eu-west-1","userPoolId":"eu-west-1_AbC123","clientId":"abc123"}"#);
        assert_eq!(
            config.endpoint,
            "https://cognito-idp.eu-west-1.amazonaws.com/"
        );
        assert_eq!(
            config.endpoint_origin(),
            "https://cognito-idp.eu-west-1.amazonaws.com"
        );
    }

    #[test]
    fn endpoint_gains_a_trailing_slash() {
        let text = LOCAL.replace("9229/", "9229");
        assert_eq!(direct(&text).endpoint, "http://127.0.0.1:9229/");
    }

    #[test]
    fn csp_connect_src_is_checked() {
        let csp = "default-src 'none'; connect-src 'self' http://127.0.0.1:9229; base-uri 'none'";
        let page = "http://127.0.0.1:8080";
        assert!(csp_allows_connect(csp, "http://127.0.0.1:9229", page));
        assert!(csp_allows_connect(csp, page, page));
        assert!(!csp_allows_connect(
            csp,
            "https://cognito-idp.eu-west-1.amazonaws.com",
            page
        ));
        assert!(!csp_allows_connect(
            "default-src 'none'",
            "http://127.0.0.1:9229",
            page
        ));
        assert!(csp_allows_connect(
            "img-src 'self'",
            "http://127.0.0.1:9229",
            page
        ));
    }

    #[test]
    fn mode_defaults_to_direct() {
        assert!(matches!(
            AppConfig::from_json(LOCAL),
            Ok(AppConfig::Direct(_))
        ));
        let explicit = LOCAL.replace('}', r#","mode":"direct"}"#);
        assert_eq!(
            AppConfig::from_json(&explicit).unwrap(),
            AppConfig::from_json(LOCAL).unwrap()
        );
    }

    #[test]
    fn server_mode_needs_no_pool_client_and_refuses_one() {
        let minimal = AppConfig::from_json(r#"{"mode":"server"}"#).unwrap();
        assert_eq!(minimal, AppConfig::Server(ServerConfig::default()));
        assert_eq!(minimal.user_pool_id(), "");
        // What poolgate-server serves as /config.json.
        let served = AppConfig::from_json(
            r#"{"mode":"server","region":"us-east-1","userPoolId":"us-east-1_LocalPool"}"#,
        )
        .unwrap();
        assert_eq!(served.user_pool_id(), "us-east-1_LocalPool");
        assert_eq!(served.region(), "us-east-1");
        for (extra, field) in [
            (r#""clientId":"abc""#, "clientId"),
            (r#""endpoint":"http://127.0.0.1:9229/""#, "endpoint"),
            (r#""issuer":"http://x/p""#, "issuer"),
            (r#""region":"nowhere""#, "region"),
            (
                r#""region":"us-east-1","userPoolId":"eu-west-1_X""#,
                "userPoolId",
            ),
        ] {
            let text = format!(r#"{{"mode":"server",{extra}}}"#);
            let err = AppConfig::from_json(&text).unwrap_err();
            assert!(
                matches!(err, ConfigError::Invalid { field: f, .. } if f == field),
                "{field}: {err:?}"
            );
        }
        assert!(matches!(
            AppConfig::from_json(r#"{"mode":"proxy"}"#),
            Err(ConfigError::Malformed(_))
        ));
    }

    #[test]
    fn direct_mode_requires_the_pool_and_client() {
        let err = AppConfig::from_json(
            r#"{"mode":"direct","region":"us-east-1","userPoolId":"us-east-1_P"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::Invalid {
                    field: "clientId",
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn malformed_json_is_named() {
        let err = AppConfig::from_json("{ not json").unwrap_err();
        assert!(matches!(err, ConfigError::Malformed(_)), "{err:?}");
        assert!(err.to_string().starts_with("config.json is not valid"));
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        let err = AppConfig::from_json(r#"{"region":"us-east-1"}"#).unwrap_err();
        assert!(err.to_string().contains("userPoolId"), "{err}");
        let err = AppConfig::from_json(&LOCAL.replace("\"clientId\"", "\"clientID\"")).unwrap_err();
        assert!(err.to_string().contains("clientID"), "{err}");
    }

    #[test]
    fn invalid_values_are_refused() {
        for (from, to, field) in [
            ("us-east-1\",\"user", "nowhere\",\"user", "region"),
            ("us-east-1_LocalPool", "eu-west-1_LocalPool", "userPoolId"),
            ("localpoolgateappclient0001", "", "clientId"),
            ("http://127.0.0.1:9229/", "ftp://x/", "endpoint"),
        ] {
            let err = AppConfig::from_json(&LOCAL.replacen(from, to, 1)).unwrap_err();
            assert!(
                matches!(err, ConfigError::Invalid { field: f, .. } if f == field),
                "{field}: {err:?}"
            );
        }
        let bad_storage = LOCAL.replace('}', r#","tokenStorage":"cookie"}"#);
        assert!(matches!(
            AppConfig::from_json(&bad_storage),
            Err(ConfigError::Malformed(_))
        ));
    }
}
