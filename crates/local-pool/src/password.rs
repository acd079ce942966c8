//! Password hashing (argon2id) and the pool password policy.

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::model::PasswordPolicy;
use crate::protocol::ApiError;
use crate::random;

/// argon2id cost. The defaults are deliberately cheap: this server holds throwaway local
/// accounts and runs inside test suites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl Default for Argon2Cost {
    fn default() -> Self {
        Self {
            memory_kib: 4096,
            iterations: 1,
        }
    }
}

#[derive(Debug, Clone)]
pub struct PasswordHasher {
    argon2: Argon2<'static>,
    /// A hash of a random password, verified against for unknown users so that sign-in takes
    /// as long whether or not the username exists.
    dummy_hash: String,
}

impl PasswordHasher {
    pub fn new(cost: Argon2Cost) -> Result<Self, String> {
        let params = Params::new(cost.memory_kib, cost.iterations, 1, None)
            .map_err(|e| format!("invalid argon2 cost: {e}"))?;
        let mut hasher = Self {
            argon2: Argon2::new(Algorithm::Argon2id, Version::V0x13, params),
            dummy_hash: String::new(),
        };
        let random_password = random::opaque_token().map_err(|e| e.message)?;
        hasher.dummy_hash = hasher.hash(&random_password).map_err(|e| e.message)?;
        Ok(hasher)
    }

    /// Spends the time of one verification on a password nobody has (always false).
    pub fn verify_dummy(&self, password: &str) -> bool {
        self.verify(password, &self.dummy_hash)
    }

    /// A PHC string (`$argon2id$v=19$m=...`), which records its own parameters.
    pub fn hash(&self, password: &str) -> Result<String, ApiError> {
        let salt = SaltString::encode_b64(&random::bytes::<16>()?)
            .map_err(|e| ApiError::internal(format_args!("salt: {e}")))?;
        self.argon2
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| ApiError::internal(format_args!("argon2: {e}")))
    }

    pub fn verify(&self, password: &str, phc: &str) -> bool {
        PasswordHash::new(phc)
            .map(|hash| {
                self.argon2
                    .verify_password(password.as_bytes(), &hash)
                    .is_ok()
            })
            .unwrap_or(false)
    }
}

/// Cognito's symbol set: `^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -` and space.
fn is_symbol(c: char) -> bool {
    c == ' ' || c.is_ascii_punctuation()
}

/// A character-class rule: whether the policy requires it, the test, and Cognito's message.
type CharacterRule = (bool, fn(char) -> bool, &'static str);

/// Checks a password against the policy, with Cognito's messages.
pub fn check_policy(policy: &PasswordPolicy, password: &str) -> Result<(), ApiError> {
    if password.chars().count() < policy.minimum_length as usize {
        return Err(ApiError::invalid_password("Password not long enough"));
    }
    let rules: [CharacterRule; 4] = [
        (
            policy.require_lowercase,
            |c| c.is_lowercase(),
            "Password must have lowercase characters",
        ),
        (
            policy.require_uppercase,
            |c| c.is_uppercase(),
            "Password must have uppercase characters",
        ),
        (
            policy.require_numbers,
            |c| c.is_ascii_digit(),
            "Password must have numeric characters",
        ),
        (
            policy.require_symbols,
            is_symbol,
            "Password must have symbol characters",
        ),
    ];
    for (required, has, message) in rules {
        if required && !password.chars().any(has) {
            return Err(ApiError::invalid_password(message));
        }
    }
    Ok(())
}

/// A temporary password satisfying any policy (AdminCreateUser without TemporaryPassword).
pub fn generate_temporary(policy: &PasswordPolicy) -> Result<String, ApiError> {
    let length = (policy.minimum_length as usize).max(12);
    let mut password = random::string_from(b"abcdefghijkmnopqrstuvwxyz", length - 3)?;
    password.push_str(&random::string_from(b"ABCDEFGHJKLMNPQRSTUVWXYZ", 1)?);
    password.push_str(&random::string_from(b"23456789", 1)?);
    password.push('!');
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            require_symbols: false,
            require_uppercase: false,
            ..PasswordPolicy::default()
        }
    }

    #[test]
    fn policy_messages_match_cognito() {
        let err = check_policy(&policy(), "short1").expect_err("too short");
        assert_eq!(err.type_name, "InvalidPasswordException");
        assert_eq!(
            err.message,
            "Password did not conform with policy: Password not long enough"
        );
        let err = check_policy(&policy(), "nonumbers").expect_err("no digit");
        assert!(
            err.message
                .ends_with("Password must have numeric characters")
        );
        assert!(check_policy(&policy(), "lower-and-1").is_ok());
        assert!(check_policy(&PasswordPolicy::default(), "lower-and-1").is_err());
    }

    #[test]
    fn generated_temporary_passwords_satisfy_the_strictest_policy() {
        let password = generate_temporary(&PasswordPolicy::default()).expect("password");
        assert!(check_policy(&PasswordPolicy::default(), &password).is_ok());
    }

    #[test]
    fn hashes_verify() {
        let hasher = PasswordHasher::new(Argon2Cost {
            memory_kib: 64,
            iterations: 1,
        })
        .expect("params");
        let hash = hasher.hash("Secret-pass-1").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(hasher.verify("Secret-pass-1", &hash));
        assert!(!hasher.verify("secret-pass-1", &hash));
        assert!(!hasher.verify("x", "not a hash"));
    }
}
