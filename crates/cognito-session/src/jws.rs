//! The JWS compact serialization Cognito's tokens use (RFC 7515, section 7.1):
//! `base64url(header) "." base64url(payload) "." base64url(signature)`, unpadded.
//!
//! Only what the session needs is read: the header's `alg` and `kid`, the signing input, the
//! signature's bytes and the payload's JSON. Nothing here is trusted: [`crate::verify`] checks
//! the signature, [`crate::claims`] the claims. (jwt-compact did this before; its parser,
//! chrono timestamps and error types cost the browser bundle 5.1 KB brotli for these four
//! reads. Tests still sign their tokens with it, so the two implementations meet there.)

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Deserialize;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::claims::ClaimsError;

/// A token split into its parts, header decoded; the payload is decoded on request.
#[derive(Debug)]
pub(crate) struct CompactToken<'a> {
    /// `base64url(header) "." base64url(payload)`: the bytes the signature covers.
    pub(crate) signing_input: &'a str,
    /// The header's `alg`.
    pub(crate) algorithm: String,
    /// The header's `kid`.
    pub(crate) key_id: Option<String>,
    payload: &'a str,
    signature: &'a str,
}

/// The header members read. A `crit` member names extensions the token's producer requires
/// its readers to understand (RFC 7515, section 4.1.11); Cognito sets none and this reader
/// understands none, so such a token is refused.
#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: Option<String>,
    crit: Option<IgnoredAny>,
}

fn malformed(why: &str) -> ClaimsError {
    ClaimsError::Malformed(why.to_owned())
}

fn decode(part: &str, what: &str) -> Result<Vec<u8>, ClaimsError> {
    Base64UrlUnpadded::decode_vec(part)
        .map_err(|_| ClaimsError::Malformed(format!("the {what} is not unpadded base64url")))
}

impl<'a> CompactToken<'a> {
    /// Splits `token` and decodes its header. Anything but three dot-separated parts with a
    /// JSON header naming `alg` is [`ClaimsError::Malformed`].
    pub(crate) fn parse(token: &'a str) -> Result<Self, ClaimsError> {
        let (signing_input, signature) = token
            .rsplit_once('.')
            .ok_or_else(|| malformed("not a JWT: no dots"))?;
        let (header, payload) = signing_input
            .split_once('.')
            .ok_or_else(|| malformed("not a JWT: one dot, three parts expected"))?;
        if payload.contains('.') {
            return Err(malformed("not a JWT: more than three parts"));
        }
        let header: Header = serde_json::from_slice(&decode(header, "header")?)
            .map_err(|err| ClaimsError::Malformed(format!("the header is not JSON: {err}")))?;
        if header.crit.is_some() {
            return Err(malformed("the header names critical extensions (crit)"));
        }
        Ok(Self {
            signing_input,
            algorithm: header.alg,
            key_id: header.kid,
            payload,
            signature,
        })
    }

    /// The signature's bytes.
    pub(crate) fn signature(&self) -> Result<Vec<u8>, ClaimsError> {
        decode(self.signature, "signature")
    }

    /// The payload, parsed as `T`; unchecked (see the module's note).
    pub(crate) fn claims<T: DeserializeOwned>(&self) -> Result<T, ClaimsError> {
        serde_json::from_slice(&decode(self.payload, "payload")?)
            .map_err(|err| ClaimsError::Malformed(format!("the claims are not valid: {err}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(json: &str) -> String {
        Base64UrlUnpadded::encode_string(json.as_bytes())
    }

    fn token(header: &str, payload: &str, signature: &[u8]) -> String {
        [
            part(header),
            part(payload),
            Base64UrlUnpadded::encode_string(signature),
        ]
        .join(".")
    }

    #[test]
    fn reads_the_header_the_signing_input_the_signature_and_the_claims() {
        let text = token(
            r#"{"kid":"k1","alg":"RS256"}"#,
            r#"{"exp":1700000000,"sub":"s"}"#,
            &[1, 2, 255],
        );
        let parsed = CompactToken::parse(&text).unwrap();
        assert_eq!(parsed.algorithm, "RS256");
        assert_eq!(parsed.key_id.as_deref(), Some("k1"));
        assert_eq!(
            parsed.signing_input,
            &text[..text.rfind('.').unwrap()],
            "the signature covers everything before the last dot"
        );
        assert_eq!(parsed.signature().unwrap(), vec![1, 2, 255]);
        #[derive(Deserialize)]
        struct Exp {
            exp: u64,
        }
        assert_eq!(parsed.claims::<Exp>().unwrap().exp, 1_700_000_000);
    }

    #[test]
    fn refuses_what_is_not_a_compact_jws() {
        let good = token(r#"{"alg":"RS256"}"#, "{}", &[7]);
        let header = part(r#"{"alg":"RS256"}"#);
        let cases = [
            String::new(),
            "abc".to_owned(),
            format!("{header}.{}", part("{}")),
            format!("{good}.{}", part("{}")),
            // Padding, the standard alphabet and spaces are not base64url without padding.
            format!("{header}=.{}.AA", part("{}")),
            format!(
                "{}.{}.AA",
                part(r#"{"alg":"RS256"}"#).replace('J', "+"),
                part("{}")
            ),
            format!(" {good}"),
            // A header that is not JSON, or names no algorithm.
            format!("{}.{}.AA", part("RS256"), part("{}")),
            format!("{}.{}.AA", part(r#"{"kid":"k"}"#), part("{}")),
            // Critical extensions nobody here understands (RFC 7515, section 4.1.11).
            format!(
                "{}.{}.AA",
                part(r#"{"alg":"RS256","crit":["exp"]}"#),
                part("{}")
            ),
        ];
        for case in cases {
            assert!(
                matches!(CompactToken::parse(&case), Err(ClaimsError::Malformed(_))),
                "accepted {case:?}"
            );
        }
        let bad_signature = format!("{header}.{}.A", part("{}"));
        let parsed = CompactToken::parse(&bad_signature).unwrap();
        assert!(matches!(parsed.signature(), Err(ClaimsError::Malformed(_))));
        let bad_payload = format!("{header}.{}.AA", part("nope"));
        #[derive(Debug, Deserialize)]
        struct Anything {}
        assert!(matches!(
            CompactToken::parse(&bad_payload)
                .unwrap()
                .claims::<Anything>(),
            Err(ClaimsError::Malformed(_))
        ));
    }
}
