//! Randomness for identifiers, codes and opaque tokens (from aws-lc's CSPRNG).

use crate::protocol::ApiError;

pub fn bytes<const N: usize>() -> Result<[u8; N], ApiError> {
    let mut buf = [0u8; N];
    aws_lc_rs::rand::fill(&mut buf)
        .map_err(|_| ApiError::internal("random number generator failed"))?;
    Ok(buf)
}

/// `len` characters drawn uniformly from `alphabet` (rejection sampling avoids modulo bias).
pub fn string_from(alphabet: &[u8], len: usize) -> Result<String, ApiError> {
    let limit = 256 - (256 % alphabet.len());
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for byte in bytes::<32>()? {
            if (byte as usize) < limit && out.len() < len {
                out.push(alphabet[byte as usize % alphabet.len()] as char);
            }
        }
    }
    Ok(out)
}

/// A numeric one-time code as Cognito sends them (6 digits).
pub fn digits(len: usize) -> Result<String, ApiError> {
    string_from(b"0123456789", len)
}

pub fn uuid() -> Result<String, ApiError> {
    Ok(uuid::Builder::from_random_bytes(bytes::<16>()?)
        .into_uuid()
        .to_string())
}

/// An unguessable opaque token (256 bits, base64url).
pub fn opaque_token() -> Result<String, ApiError> {
    Ok(data_encoding::BASE64URL_NOPAD.encode(&bytes::<32>()?))
}

/// SHA-256 of a secret, hex-encoded, for storing bearer secrets without keeping them.
pub fn sha256_hex(secret: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, secret.as_bytes());
    data_encoding::HEXLOWER.encode(digest.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_the_requested_shape() {
        let code = digits(6).expect("code");
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert_ne!(
            opaque_token().expect("token"),
            opaque_token().expect("token")
        );
    }
}
