//! What the triggers are configured with: environment variables in Lambda, a table of the
//! seed file in the local pool. Both produce the same [`Settings`].

use serde::Deserialize;

use crate::TriggerError;

/// Settings shared by every handler.
///
/// Deserialized (all fields optional, unknown fields refused, values checked as by
/// [`Settings::validated`]) from the local pool's seed file; built by [`Settings::from_env`]
/// in Lambda. Domain lists are compared case-insensitively and match the whole domain after
/// the `@` (a subdomain is a different domain).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SettingsTable")]
pub struct Settings {
    /// Self sign-ups from these domains are confirmed and their e-mail verified at once.
    pub trusted_email_domains: Vec<String>,
    /// When not empty, self sign-ups from any other domain are refused.
    pub allowed_email_domains: Vec<String>,
    /// The app's origin (and base path), for links in messages: `https://app.example.com`.
    pub app_url: String,
    /// The sender of the e-mails the triggers send themselves (the passwordless sign-in code).
    pub mail_from: String,
    /// The product's name, as messages call it.
    pub product_name: String,
    /// The role PostConfirmation gives a self-signed-up user.
    pub new_user_role: String,
    /// The group PostConfirmation puts a self-signed-up user in (it must exist in the pool).
    pub new_user_group: String,
    /// Prefix of the access-token scope added per group: `poolgate/` gives `poolgate/viewers`.
    pub group_scope_prefix: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            trusted_email_domains: Vec::new(),
            allowed_email_domains: Vec::new(),
            app_url: "http://localhost:8080".to_owned(),
            mail_from: "no-reply@localhost".to_owned(),
            product_name: "Poolgate".to_owned(),
            new_user_role: "viewer".to_owned(),
            new_user_group: "viewers".to_owned(),
            group_scope_prefix: "poolgate/".to_owned(),
        }
    }
}

/// The seed file's table before [`Settings::validated`]: the same fields, checked on the way in.
#[derive(Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SettingsTable {
    trusted_email_domains: Vec<String>,
    allowed_email_domains: Vec<String>,
    app_url: String,
    mail_from: String,
    product_name: String,
    new_user_role: String,
    new_user_group: String,
    group_scope_prefix: String,
}

impl Default for SettingsTable {
    fn default() -> Self {
        let d = Settings::default();
        SettingsTable {
            trusted_email_domains: d.trusted_email_domains,
            allowed_email_domains: d.allowed_email_domains,
            app_url: d.app_url,
            mail_from: d.mail_from,
            product_name: d.product_name,
            new_user_role: d.new_user_role,
            new_user_group: d.new_user_group,
            group_scope_prefix: d.group_scope_prefix,
        }
    }
}

impl TryFrom<SettingsTable> for Settings {
    type Error = TriggerError;

    fn try_from(t: SettingsTable) -> Result<Settings, TriggerError> {
        Settings {
            trusted_email_domains: t.trusted_email_domains,
            allowed_email_domains: t.allowed_email_domains,
            app_url: t.app_url,
            mail_from: t.mail_from,
            product_name: t.product_name,
            new_user_role: t.new_user_role,
            new_user_group: t.new_user_group,
            group_scope_prefix: t.group_scope_prefix,
        }
        .validated()
    }
}

/// The environment variables [`Settings::from_env`] reads, with the field each one sets.
pub const ENV_VARIABLES: [(&str, &str); 8] = [
    (
        "TRUSTED_EMAIL_DOMAINS",
        "trusted_email_domains (comma-separated)",
    ),
    (
        "ALLOWED_EMAIL_DOMAINS",
        "allowed_email_domains (comma-separated)",
    ),
    ("APP_URL", "app_url"),
    ("MAIL_FROM", "mail_from"),
    ("PRODUCT_NAME", "product_name"),
    ("NEW_USER_ROLE", "new_user_role"),
    ("NEW_USER_GROUP", "new_user_group"),
    ("GROUP_SCOPE_PREFIX", "group_scope_prefix"),
];

impl Settings {
    /// Reads the process environment (Lambda's function configuration).
    pub fn from_env() -> Result<Settings, TriggerError> {
        Settings::from_lookup(|name| std::env::var(name).ok())
    }

    /// Builds settings from any name → value lookup; unset or empty variables keep defaults.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, TriggerError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let defaults = Settings::default();
        let settings = Settings {
            trusted_email_domains: get("TRUSTED_EMAIL_DOMAINS")
                .map(|v| split_list(&v))
                .unwrap_or_default(),
            allowed_email_domains: get("ALLOWED_EMAIL_DOMAINS")
                .map(|v| split_list(&v))
                .unwrap_or_default(),
            app_url: get("APP_URL").unwrap_or(defaults.app_url),
            mail_from: get("MAIL_FROM").unwrap_or(defaults.mail_from),
            product_name: get("PRODUCT_NAME").unwrap_or(defaults.product_name),
            new_user_role: get("NEW_USER_ROLE").unwrap_or(defaults.new_user_role),
            new_user_group: get("NEW_USER_GROUP").unwrap_or(defaults.new_user_group),
            group_scope_prefix: get("GROUP_SCOPE_PREFIX").unwrap_or(defaults.group_scope_prefix),
        };
        settings.validated()
    }

    /// Normalizes the domain lists and checks the values handlers rely on.
    pub fn validated(mut self) -> Result<Settings, TriggerError> {
        for list in [
            &mut self.trusted_email_domains,
            &mut self.allowed_email_domains,
        ] {
            *list = list.iter().filter_map(|d| normalize_domain(d)).collect();
        }
        self.app_url = self.app_url.trim_end_matches('/').to_owned();
        if !(self.app_url.starts_with("https://") || self.app_url.starts_with("http://")) {
            return Err(TriggerError::Settings(
                "app_url (APP_URL) must start with https:// or http://".to_owned(),
            ));
        }
        if self.new_user_role.is_empty() || self.new_user_group.is_empty() {
            return Err(TriggerError::Settings(
                "new_user_role and new_user_group must not be empty".to_owned(),
            ));
        }
        Ok(self)
    }

    pub(crate) fn is_trusted_domain(&self, domain: &str) -> bool {
        self.trusted_email_domains.iter().any(|d| d == domain)
    }

    /// True when no allow-list is configured or the domain is on it.
    pub(crate) fn is_allowed_domain(&self, domain: &str) -> bool {
        self.allowed_email_domains.is_empty()
            || self.allowed_email_domains.iter().any(|d| d == domain)
    }
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

fn normalize_domain(domain: &str) -> Option<String> {
    let domain = domain
        .trim()
        .trim_start_matches('@')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    (!domain.is_empty()).then_some(domain)
}

/// The domain of an e-mail address, lower-cased; `None` when it is not `local@domain`.
pub(crate) fn email_domain(email: &str) -> Option<String> {
    let (local, domain) = email.trim().rsplit_once('@')?;
    if local.is_empty() {
        return None;
    }
    normalize_domain(domain).filter(|d| !d.contains('@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_lists_are_split_trimmed_and_lower_cased() {
        let settings = Settings::from_lookup(|name| match name {
            "TRUSTED_EMAIL_DOMAINS" => Some(" Example.COM, @staff.example.org ,,".to_owned()),
            "APP_URL" => Some("https://app.example.com/".to_owned()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            settings.trusted_email_domains,
            ["example.com", "staff.example.org"]
        );
        assert!(settings.allowed_email_domains.is_empty());
        assert_eq!(settings.app_url, "https://app.example.com");
        assert_eq!(settings.new_user_group, "viewers");
    }

    #[test]
    fn an_app_url_without_a_scheme_is_refused() {
        let error =
            Settings::from_lookup(|name| (name == "APP_URL").then(|| "app.example.com".to_owned()))
                .unwrap_err();
        assert_eq!(error.kind(), "Settings");
    }

    #[test]
    fn a_seed_table_is_validated_and_unknown_fields_are_refused() {
        let settings: Settings = serde_json::from_value(serde_json::json!({
            "allowed_email_domains": ["Example.com"],
            "app_url": "http://localhost:9000/",
        }))
        .unwrap();
        assert_eq!(settings.allowed_email_domains, ["example.com"]);
        assert_eq!(settings.app_url, "http://localhost:9000");
        assert_eq!(settings.product_name, "Poolgate");
        assert!(serde_json::from_value::<Settings>(serde_json::json!({"app_urll": "x"})).is_err());
        assert!(
            serde_json::from_value::<Settings>(serde_json::json!({"app_url": "ftp://x"})).is_err()
        );
    }

    #[test]
    fn email_domain_takes_the_part_after_the_last_at() {
        assert_eq!(
            email_domain("Ann@Example.com").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            email_domain("\"a@b\"@example.com").as_deref(),
            Some("example.com")
        );
        assert_eq!(email_domain("no-at-sign"), None);
        assert_eq!(email_domain("@example.com"), None);
        assert_eq!(email_domain("ann@"), None);
    }
}
