//! The pool's password policy, checked as the person types (sign-up, password reset).
//!
//! A public app client cannot read the policy (DescribeUserPool needs AWS credentials), so the
//! app carries it: [`PasswordPolicy::default`] matches the local pool's seed
//! (`dev/pool.toml`: `MinimumLength = 8`, `RequireLowercase`, `RequireNumbers`). The pool
//! remains the judge: its `InvalidPasswordException` is shown as it comes.
//! Pure data and functions, so they are unit-tested on the host.

/// Cognito's `PasswordPolicyType` members that a browser can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub minimum_length: usize,
    pub require_lowercase: bool,
    pub require_uppercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    /// The seed pool's policy (`dev/pool.toml`).
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_lowercase: true,
            require_uppercase: false,
            require_numbers: true,
            require_symbols: false,
        }
    }
}

/// One rule of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    MinimumLength(usize),
    Lowercase,
    Uppercase,
    Number,
    Symbol,
}

impl Rule {
    /// A stable name for the rule (a `data-rule` attribute in the page).
    pub fn key(self) -> &'static str {
        match self {
            Self::MinimumLength(_) => "length",
            Self::Lowercase => "lowercase",
            Self::Uppercase => "uppercase",
            Self::Number => "number",
            Self::Symbol => "symbol",
        }
    }

    /// Whether `password` satisfies this rule, as Cognito counts: length in characters, and
    /// its symbol set (the Cognito Developer Guide, "Password requirements": ^ $ * . [ ] { } ( )
    /// ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + - and the space character).
    pub fn is_met(self, password: &str) -> bool {
        match self {
            Self::MinimumLength(min) => password.chars().count() >= min,
            // Cognito's docs name Basic Latin letters; other letters are left to the pool.
            Self::Lowercase => password.chars().any(|c| c.is_ascii_lowercase()),
            Self::Uppercase => password.chars().any(|c| c.is_ascii_uppercase()),
            Self::Number => password.chars().any(|c| c.is_ascii_digit()),
            Self::Symbol => password.chars().any(|c| COGNITO_SYMBOLS.contains(c)),
        }
    }
}

/// The special characters Cognito accepts for `RequireSymbols`.
const COGNITO_SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

impl PasswordPolicy {
    /// The rules this policy enforces, in the order the page lists them.
    pub fn rules(&self) -> Vec<Rule> {
        let mut rules = vec![Rule::MinimumLength(self.minimum_length)];
        for (on, rule) in [
            (self.require_lowercase, Rule::Lowercase),
            (self.require_uppercase, Rule::Uppercase),
            (self.require_numbers, Rule::Number),
            (self.require_symbols, Rule::Symbol),
        ] {
            if on {
                rules.push(rule);
            }
        }
        rules
    }

    /// The rules `password` does not meet yet (empty: acceptable).
    pub fn unmet(&self, password: &str) -> Vec<Rule> {
        self.rules()
            .into_iter()
            .filter(|rule| !rule.is_met(password))
            .collect()
    }

    pub fn accepts(&self, password: &str) -> bool {
        self.unmet(password).is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_seed_pools_policy() {
        let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/dev/pool.toml"))
            .expect("dev/pool.toml exists");
        let policy = PasswordPolicy::default();
        let setting = |name: &str| {
            seed.lines()
                .find_map(|line| {
                    line.strip_prefix(name)?
                        .trim()
                        .strip_prefix('=')
                        .map(str::trim)
                })
                .unwrap_or_else(|| panic!("{name} in dev/pool.toml"))
                .to_owned()
        };
        assert_eq!(setting("MinimumLength"), policy.minimum_length.to_string());
        assert_eq!(
            setting("RequireLowercase"),
            policy.require_lowercase.to_string()
        );
        assert_eq!(
            setting("RequireUppercase"),
            policy.require_uppercase.to_string()
        );
        assert_eq!(
            setting("RequireNumbers"),
            policy.require_numbers.to_string()
        );
        assert_eq!(
            setting("RequireSymbols"),
            policy.require_symbols.to_string()
        );
    }

    #[test]
    fn the_seed_policy_lists_length_lowercase_and_number() {
        assert_eq!(
            PasswordPolicy::default().rules(),
            [Rule::MinimumLength(8), Rule::Lowercase, Rule::Number]
        );
    }

    #[test]
    fn each_rule_is_checked_as_the_person_types() {
        let policy = PasswordPolicy::default();
        assert_eq!(
            policy.unmet(""),
            [Rule::MinimumLength(8), Rule::Lowercase, Rule::Number]
        );
        assert_eq!(policy.unmet("abc"), [Rule::MinimumLength(8), Rule::Number]);
        assert_eq!(policy.unmet("abcdefgh"), [Rule::Number]);
        assert_eq!(policy.unmet("ABCDEFG1"), [Rule::Lowercase]);
        assert!(policy.accepts("abcdefg1"));
        assert!(policy.accepts("Carol-pass-1"));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let policy = PasswordPolicy::default();
        // Seven characters, fourteen bytes in UTF-8.
        assert!(!policy.accepts("ééééé1a"));
        assert!(policy.accepts("éééééé1a"));
    }

    #[test]
    fn uppercase_and_symbols_when_required() {
        let strict = PasswordPolicy {
            minimum_length: 12,
            require_uppercase: true,
            require_symbols: true,
            ..PasswordPolicy::default()
        };
        assert_eq!(
            strict.unmet("abcdefghijk1"),
            [Rule::Uppercase, Rule::Symbol]
        );
        assert!(strict.accepts("Abcdefghij1 "));
        assert!(strict.accepts("Abcdefghij1^"));
        // Only the documented symbols count.
        assert!(!Rule::Symbol.is_met("abc€"));
    }
}
