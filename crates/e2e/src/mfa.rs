//! Multi-factor helpers for the tests: TOTP codes computed from a secret (RFC 6238: HMAC-SHA1,
//! 30-second steps, 6 digits, the defaults authenticator apps use for an `otpauth://` URI
//! without parameters), and MFA set-up through the public API with a user's own access token,
//! as the app does, so a test can start from a user who already has a factor.

use crate::error::Result;
use crate::pool::{CLIENT_ID, PoolControl};
use crate::test_data::new_username;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};

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

impl PoolControl {
    /// The pool's clock, Unix seconds (tests may have moved it forward: see `advance_clock`).
    pub async fn now(&self) -> Result<u64> {
        self.advance_clock(0).await
    }

    /// The TOTP code of `secret` now by the pool's clock, which is the one that checks it.
    pub async fn totp_now(&self, secret: &str) -> Result<String> {
        Ok(totp_at(secret, self.now().await?))
    }
}

/// A pool of its own that requires MFA (TOTP only), an app client and a confirmed user.
pub struct MfaRequiredPool {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
}

impl PoolControl {
    /// Creates a pool with `MfaConfiguration` ON, an app client with the `client` members
    /// (`ClientName`, `ExplicitAuthFlows`, `GenerateSecret`, …) and a confirmed user named
    /// `<prefix><n>` with `password` and no MFA yet, so that sign-in answers MFA_SETUP.
    pub async fn mfa_required_pool(
        &self,
        prefix: &str,
        mut client: Value,
        password: &str,
    ) -> Result<MfaRequiredPool> {
        let created = self
            .admin(
                "CreateUserPool",
                json!({"PoolName": new_username(prefix), "MfaConfiguration": "ON",
                       "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
            )
            .await?;
        let pool_id = created["UserPool"]["Id"]
            .as_str()
            .ok_or("no pool id")?
            .to_owned();
        client["UserPoolId"] = json!(pool_id);
        let client = self.admin("CreateUserPoolClient", client).await?;
        let client_id = client["UserPoolClient"]["ClientId"]
            .as_str()
            .ok_or("no client id")?
            .to_owned();
        let username = new_username(prefix);
        self.admin(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": username, "MessageAction": "SUPPRESS",
                   "TemporaryPassword": "Temporary-pass-1"}),
        )
        .await?;
        self.admin(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool_id, "Username": username, "Password": password,
                   "Permanent": true}),
        )
        .await?;
        Ok(MfaRequiredPool {
            pool_id,
            client_id,
            username,
        })
    }

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

    /// Turns on TOTP for the user of the access token `token` (AssociateSoftwareToken,
    /// VerifySoftwareToken, SetUserMFAPreference); returns the secret.
    pub async fn enable_totp(&self, token: &str) -> Result<String> {
        let answer = self
            .public("AssociateSoftwareToken", json!({"AccessToken": token}))
            .await?;
        let secret = answer["SecretCode"]
            .as_str()
            .ok_or("no SecretCode")?
            .to_owned();
        self.public(
            "VerifySoftwareToken",
            json!({"AccessToken": token, "UserCode": self.totp_now(&secret).await?}),
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
