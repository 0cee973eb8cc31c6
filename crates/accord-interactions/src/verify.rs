//! Ed25519 verification of interaction requests, and why a request was rejected.

use std::fmt;

use ed25519_dalek::{Signature, VerifyingKey};
use http::StatusCode;

use crate::error::{Error, ErrorKind};

/// The header with the hex signature.
pub const SIGNATURE_HEADER: &str = "x-signature-ed25519";
/// The header with the timestamp (Unix seconds) that is signed with the body.
pub const TIMESTAMP_HEADER: &str = "x-signature-timestamp";

/// Longest timestamp accepted: a `u64` in decimal.
const MAX_TIMESTAMP_LEN: usize = 20;

/// Checks Discord's signatures with the application's public key.
///
/// Discord signs `X-Signature-Timestamp ‖ body` and sends the signature in
/// `X-Signature-Ed25519`; [`verify`](Self::verify) checks it with `verify_strict`, which also
/// refuses small-order keys and signature points (malleable signatures).
#[derive(Clone, Debug)]
pub struct Verifier {
    key: VerifyingKey,
}

impl Verifier {
    /// A verifier for the application's public key, as the developer portal shows it: 64 hex
    /// digits (either case).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PublicKey`] when the text is not 64 hex digits or not a usable Ed25519 key.
    pub fn new(public_key_hex: &str) -> Result<Self, Error> {
        let bytes = decode_hex::<32>(public_key_hex.trim().as_bytes())
            .ok_or_else(|| Error::with_message(ErrorKind::PublicKey, "expected 64 hex digits"))?;
        Self::from_bytes(&bytes)
    }

    /// A verifier for the raw 32 bytes of the public key.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::PublicKey`] when the bytes are not a point on the curve, or a weak
    /// (small-order) one that no honest key is.
    pub fn from_bytes(public_key: &[u8; 32]) -> Result<Self, Error> {
        let key = VerifyingKey::from_bytes(public_key)
            .map_err(|error| Error::new(ErrorKind::PublicKey, Some(Box::new(error))))?;
        if key.is_weak() {
            return Err(Error::with_message(ErrorKind::PublicKey, "a weak (small-order) key"));
        }
        Ok(Self { key })
    }

    /// Checks a request: the two header values as they arrived and the raw body.
    ///
    /// # Errors
    ///
    /// The [`Rejection`] that says which part is wrong.
    pub fn verify(&self, signature: &[u8], timestamp: &[u8], body: &[u8]) -> Result<(), Rejection> {
        let signature = parse_signature(signature)?;
        check_timestamp(timestamp)?;
        let mut message = Vec::with_capacity(timestamp.len() + body.len());
        message.extend_from_slice(timestamp);
        message.extend_from_slice(body);
        self.verify_message(&signature, &message)
    }

    /// Checks a parsed signature over the already joined `timestamp ‖ body`.
    pub(crate) fn verify_message(
        &self,
        signature: &Signature,
        message: &[u8],
    ) -> Result<(), Rejection> {
        self.key.verify_strict(message, signature).map_err(|_| Rejection::BadSignature)
    }
}

/// Why a request to the interactions endpoint was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// Not a `POST`.
    MethodNotAllowed,
    /// Another path than the one the service serves.
    NotFound,
    /// No `X-Signature-Ed25519` header.
    MissingSignature,
    /// The signature header is not 128 hex digits.
    MalformedSignature,
    /// No `X-Signature-Timestamp` header.
    MissingTimestamp,
    /// The timestamp header is not a decimal number of seconds.
    MalformedTimestamp,
    /// The signature does not match the timestamp and body for this key.
    BadSignature,
    /// The timestamp is further from now than the configured window.
    StaleTimestamp,
    /// The body is larger than the configured cap.
    BodyTooLarge,
    /// The body did not arrive within the read deadline.
    BodyTimeout,
    /// The body could not be read.
    BodyUnreadable,
    /// The body is not an interaction.
    MalformedBody,
    /// An interaction with this id was already received.
    Replayed,
}

impl Rejection {
    /// The HTTP status the service answers with: 401 for anything about the signature, 400
    /// for a malformed body, and the specific status for the rest.
    pub const fn status(self) -> StatusCode {
        match self {
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MissingSignature
            | Self::MalformedSignature
            | Self::MissingTimestamp
            | Self::MalformedTimestamp
            | Self::BadSignature
            | Self::StaleTimestamp => StatusCode::UNAUTHORIZED,
            Self::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::BodyUnreadable | Self::MalformedBody => StatusCode::BAD_REQUEST,
            Self::Replayed => StatusCode::CONFLICT,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MethodNotAllowed => "only POST is allowed",
            Self::NotFound => "no interactions endpoint at this path",
            Self::MissingSignature => "missing the X-Signature-Ed25519 header",
            Self::MalformedSignature => "X-Signature-Ed25519 is not 128 hex digits",
            Self::MissingTimestamp => "missing the X-Signature-Timestamp header",
            Self::MalformedTimestamp => "X-Signature-Timestamp is not a number of seconds",
            Self::BadSignature => "invalid request signature",
            Self::StaleTimestamp => "the request's timestamp is outside the accepted window",
            Self::BodyTooLarge => "the body is too large",
            Self::BodyTimeout => "the body did not arrive in time",
            Self::BodyUnreadable => "the body could not be read",
            Self::MalformedBody => "the body is not an interaction",
            Self::Replayed => "this interaction was already received",
        })
    }
}

impl std::error::Error for Rejection {}

/// Parses the signature header: 128 hex digits.
pub(crate) fn parse_signature(header: &[u8]) -> Result<Signature, Rejection> {
    decode_hex::<64>(header)
        .map(|bytes| Signature::from_bytes(&bytes))
        .ok_or(Rejection::MalformedSignature)
}

/// Checks the timestamp header is a decimal number and returns its value in seconds.
pub(crate) fn check_timestamp(header: &[u8]) -> Result<u64, Rejection> {
    if header.is_empty() || header.len() > MAX_TIMESTAMP_LEN {
        return Err(Rejection::MalformedTimestamp);
    }
    header.iter().try_fold(0_u64, |seconds, &byte| {
        let digit = char::from(byte).to_digit(10).ok_or(Rejection::MalformedTimestamp)?;
        seconds
            .checked_mul(10)
            .and_then(|seconds| seconds.checked_add(u64::from(digit)))
            .ok_or(Rejection::MalformedTimestamp)
    })
}

/// Decodes exactly `2 * N` hex digits.
fn decode_hex<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    let mut bytes = [0; N];
    for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
        let [high, low] = pair else { return None };
        let high = char::from(*high).to_digit(16)?;
        let low = char::from(*low).to_digit(16)?;
        *byte = u8::try_from(high << 4 | low).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signer, SigningKey};
    use proptest::prelude::*;

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().fold(String::with_capacity(2 * bytes.len()), |mut text, byte| {
            let _ = fmt::Write::write_fmt(&mut text, format_args!("{byte:02x}"));
            text
        })
    }

    fn key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    #[test]
    fn accepts_the_portal_key_in_either_case_and_refuses_the_rest() {
        let public = hex(key().verifying_key().as_bytes());
        assert!(Verifier::new(&public).is_ok());
        assert!(Verifier::new(&public.to_uppercase()).is_ok());
        assert!(Verifier::new(&format!(" {public}\n")).is_ok(), "pasted with whitespace");
        for bad in [&public[2..], "", &format!("{public}00"), &public.replace('a', "g")] {
            let error = Verifier::new(bad).expect_err(bad);
            assert_eq!(error.kind(), ErrorKind::PublicKey);
        }
        // The identity point decodes but is of small order: no real key is.
        let mut identity = [0_u8; 32];
        identity[0] = 1;
        assert_eq!(Verifier::from_bytes(&identity).unwrap_err().kind(), ErrorKind::PublicKey);
    }

    #[test]
    fn verifies_timestamp_then_body() {
        let signing = key();
        let verifier = Verifier::new(&hex(signing.verifying_key().as_bytes())).unwrap();
        let signature = hex(&signing.sign(b"1700000000{\"type\":1}").to_bytes());
        assert_eq!(verifier.verify(signature.as_bytes(), b"1700000000", b"{\"type\":1}"), Ok(()));
        assert_eq!(
            verifier.verify(signature.as_bytes(), b"1700000001", b"{\"type\":1}"),
            Err(Rejection::BadSignature)
        );
        // The timestamp must be digits, so the split between it and the body cannot move
        // into the JSON.
        assert_eq!(
            verifier.verify(signature.as_bytes(), b"1700000000{", b"\"type\":1}"),
            Err(Rejection::MalformedTimestamp)
        );
    }

    #[test]
    fn timestamps_are_decimal_seconds() {
        assert_eq!(check_timestamp(b"1700000000"), Ok(1_700_000_000));
        assert_eq!(check_timestamp(b"18446744073709551615"), Ok(u64::MAX));
        for bad in [&b""[..], b"18446744073709551616", b"-1", b"1.5", b" 1", b"0x10"] {
            assert_eq!(check_timestamp(bad), Err(Rejection::MalformedTimestamp), "{bad:?}");
        }
    }

    #[test]
    fn statuses_follow_the_kind_of_rejection() {
        assert_eq!(Rejection::BadSignature.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(Rejection::MissingTimestamp.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(Rejection::StaleTimestamp.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(Rejection::MalformedBody.status(), StatusCode::BAD_REQUEST);
        assert_eq!(Rejection::MethodNotAllowed.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(Rejection::BodyTooLarge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }

    proptest! {
        #[test]
        fn hex_round_trips(bytes in proptest::array::uniform32(any::<u8>())) {
            prop_assert_eq!(decode_hex::<32>(hex(&bytes).as_bytes()), Some(bytes));
            prop_assert_eq!(decode_hex::<32>(hex(&bytes).to_uppercase().as_bytes()), Some(bytes));
        }

        #[test]
        fn arbitrary_headers_never_panic(signature in proptest::collection::vec(any::<u8>(), 0..200),
                                         timestamp in proptest::collection::vec(any::<u8>(), 0..40),
                                         body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let verifier = Verifier::new(&hex(key().verifying_key().as_bytes())).unwrap();
            prop_assert!(verifier.verify(&signature, &timestamp, &body).is_err());
        }
    }
}
