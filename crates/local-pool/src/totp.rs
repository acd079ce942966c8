//! RFC 6238 TOTP (HMAC-SHA1, 6 digits, 30-second steps), as Cognito software-token MFA uses.

use aws_lc_rs::hmac;

use crate::protocol::ApiError;
use crate::random;

const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;

/// A new shared secret, base32 without padding (what AssociateSoftwareToken returns).
pub fn generate_secret() -> Result<String, ApiError> {
    Ok(data_encoding::BASE32_NOPAD.encode(&random::bytes::<20>()?))
}

/// The code for the time step containing `unix_time`. `None` if the secret is not base32.
pub fn code_at(secret_base32: &str, unix_time: i64) -> Option<String> {
    let key = data_encoding::BASE32_NOPAD
        .decode(secret_base32.trim_end_matches('=').as_bytes())
        .ok()?;
    let counter = (unix_time.max(0) / STEP_SECS) as u64;
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &key),
        &counter.to_be_bytes(),
    );
    let mac = tag.as_ref();
    // Dynamic truncation (RFC 4226 section 5.3).
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    Some(format!(
        "{:0width$}",
        binary % 10u32.pow(DIGITS),
        width = DIGITS as usize
    ))
}

/// Accepts the current step and one step either side, for clock skew. Every window is
/// computed and compared in constant time, so timing says nothing about near misses.
pub fn verify(secret_base32: &str, code: &str, unix_time: i64) -> bool {
    [-STEP_SECS, 0, STEP_SECS]
        .iter()
        .fold(false, |found, skew| {
            let matches =
                code_at(secret_base32, unix_time.saturating_add(*skew)).is_some_and(|want| {
                    aws_lc_rs::constant_time::verify_slices_are_equal(
                        want.as_bytes(),
                        code.as_bytes(),
                    )
                    .is_ok()
                });
            found | matches
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_rfc_6238_vectors() {
        // RFC 6238 appendix B, SHA1 secret "12345678901234567890", last 6 of the 8 digits.
        let secret = data_encoding::BASE32_NOPAD.encode(b"12345678901234567890");
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(&secret, 1_111_111_109).as_deref(), Some("081804"));
        assert_eq!(code_at(&secret, 2_000_000_000).as_deref(), Some("279037"));
        assert!(verify(&secret, "287082", 59 + 30));
        assert!(!verify(&secret, "287082", 59 + 90));
    }
}
