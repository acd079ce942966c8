//! Multi-factor helpers for the tests: TOTP codes computed from a secret (RFC 6238: HMAC-SHA1,
//! 30-second steps, 6 digits, the defaults authenticator apps use for an `otpauth://` URI
//! without parameters), and MFA set-up through the public API with a user's own access token,
//! as the app does, so a test can start from a user who already has a factor.

use crate::{CLIENT_ID, PoolControl, Result};
use hmac::{Hmac, Mac};
use serde_json::json;
use std::time::{SystemTime, UNIX_EPOCH};

/// Decodes RFC 4648 base32 (upper or lower case, spaces and padding ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut buffer, mut bits, mut out) = (0u64, 0u32, Vec::new());
    for c in text.bytes().filter(|c| !matches!(c, b' ' | b'=')) {
        let value = ALPHABET.iter().position(|a| *a == c.to_ascii_uppercase())? as u64;
        buffer = (buffer << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The TOTP code of `secret` (base32) at `unix_secs`.
pub fn totp_at(secret: &str, unix_secs: u64) -> String {
    let key = base32_decode(secret).expect("the secret is base32");
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(&(unix_secs / 30).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", value % 1_000_000)
}

/// The TOTP code of `secret` now.
pub fn totp_now(secret: &str) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    totp_at(secret, now.as_secs())
}

impl PoolControl {
    /// Signs `username` in with USER_PASSWORD_AUTH through the API; returns the access token.
    pub async fn access_token(&self, username: &str, password: &str) -> Result<String> {
        let answer = self
            .public(
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": CLIENT_ID,
                    "AuthParameters": {"USERNAME": username, "PASSWORD": password}
                }),
            )
            .await?;
        Ok(answer["AuthenticationResult"]["AccessToken"]
            .as_str()
            .ok_or_else(|| format!("{username}: no tokens but {answer}"))?
            .to_owned())
    }

    /// Turns on TOTP for `username` (AssociateSoftwareToken, VerifySoftwareToken,
    /// SetUserMFAPreference); returns the secret.
    pub async fn enable_totp(&self, username: &str, password: &str) -> Result<String> {
        let token = self.access_token(username, password).await?;
        self.enable_totp_with(&token).await
    }

    /// [`enable_totp`](Self::enable_totp) with an access token of the user.
    pub async fn enable_totp_with(&self, token: &str) -> Result<String> {
        let answer = self
            .public("AssociateSoftwareToken", json!({"AccessToken": token}))
            .await?;
        let secret = answer["SecretCode"]
            .as_str()
            .ok_or("no SecretCode")?
            .to_owned();
        self.public(
            "VerifySoftwareToken",
            json!({"AccessToken": token, "UserCode": totp_now(&secret)}),
        )
        .await?;
        self.set_mfa(token, "SoftwareTokenMfaSettings", true)
            .await?;
        Ok(secret)
    }

    /// SetUserMFAPreference for one factor's settings member (`SoftwareTokenMfaSettings`,
    /// `EmailMfaSettings`, `SMSMfaSettings`): enabled, not preferred.
    pub async fn set_mfa(&self, access_token: &str, member: &str, enabled: bool) -> Result {
        let mut body = json!({"AccessToken": access_token});
        body[member] = json!({"Enabled": enabled, "PreferredMfa": false});
        self.public("SetUserMFAPreference", body).await?;
        Ok(())
    }

    /// The factors GetUser lists as enabled for the owner of `access_token`.
    pub async fn mfa_factors(&self, access_token: &str) -> Result<Vec<String>> {
        let user = self
            .public("GetUser", json!({"AccessToken": access_token}))
            .await?;
        Ok(user["UserMFASettingList"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str().map(str::to_owned))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 secret "12345678901234567890", last 6 digits.
    #[test]
    fn rfc_6238_vectors() {
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(totp_at(secret, 59), "287082");
        assert_eq!(totp_at(secret, 1_111_111_109), "081804");
        assert_eq!(totp_at(secret, 2_000_000_000), "279037");
    }
}
