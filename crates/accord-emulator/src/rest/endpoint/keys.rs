//! The application's Ed25519 key pair: the public half is the application's `verify_key`, the
//! secret half signs every request to the interactions endpoint.

use std::fmt;

use ed25519_dalek::{Signer, SigningKey};

use crate::config::ApplicationKey;
use crate::world::Rng;

/// Mixed into the world seed so that the key does not follow the world's own draws.
const KEY_STREAM: u64 = 0x6170_706C_6963_6B65;

/// The key pair, with the public key already hex-encoded.
#[derive(Clone)]
pub(crate) struct Keys {
    signing: SigningKey,
    verify_key: String,
}

impl Keys {
    /// The given key, or one derived from the world seed.
    pub(crate) fn new(key: Option<&ApplicationKey>, seed: u64) -> Self {
        let secret = key.map_or_else(|| derived(seed), ApplicationKey::to_bytes);
        let signing = SigningKey::from_bytes(&secret);
        let verify_key = hex(signing.verifying_key().as_bytes());
        Self { signing, verify_key }
    }

    /// The public key, 64 hex digits, as the application object's `verify_key` carries it.
    pub(crate) fn verify_key(&self) -> &str {
        &self.verify_key
    }

    /// The signature Discord sends in `X-Signature-Ed25519`: over the timestamp's bytes
    /// followed by the body's.
    pub(crate) fn sign(&self, timestamp: &str, body: &[u8]) -> [u8; 64] {
        let mut message = Vec::with_capacity(timestamp.len() + body.len());
        message.extend_from_slice(timestamp.as_bytes());
        message.extend_from_slice(body);
        self.signing.sign(&message).to_bytes()
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keys")
            .field("signing", &"<redacted>")
            .field("verify_key", &self.verify_key)
            .finish()
    }
}

/// 32 secret bytes drawn from the seed.
fn derived(seed: u64) -> [u8; 32] {
    let mut rng = Rng::new(seed ^ KEY_STREAM);
    let mut secret = [0; 32];
    for chunk in secret.chunks_exact_mut(8) {
        chunk.copy_from_slice(&rng.next_u64().to_le_bytes());
    }
    secret
}

/// Lower-case hex, as Discord writes keys and signatures.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
        let _ = write!(out, "{byte:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::{Signature, VerifyingKey};

    use super::{Keys, hex};
    use crate::config::ApplicationKey;

    fn public(keys: &Keys) -> VerifyingKey {
        let bytes: Vec<u8> = (0..32)
            .map(|i| u8::from_str_radix(&keys.verify_key()[i * 2..i * 2 + 2], 16).unwrap())
            .collect();
        VerifyingKey::from_bytes(&bytes.try_into().unwrap()).unwrap()
    }

    #[test]
    fn the_seed_decides_the_key_and_signatures_verify() {
        let keys = Keys::new(None, 7);
        assert_eq!(keys.verify_key(), Keys::new(None, 7).verify_key());
        assert_ne!(keys.verify_key(), Keys::new(None, 8).verify_key());
        assert_eq!(keys.verify_key().len(), 64);
        let signature = Signature::from_bytes(&keys.sign("1700000000", b"{\"type\":1}"));
        let key = public(&keys);
        assert!(key.verify_strict(b"1700000000{\"type\":1}", &signature).is_ok());
        assert!(key.verify_strict(b"1700000001{\"type\":1}", &signature).is_err());
    }

    #[test]
    fn a_given_key_wins_and_stays_secret() {
        let given = ApplicationKey::from_bytes([9; 32]);
        let keys = Keys::new(Some(&given), 7);
        assert_eq!(keys.verify_key(), Keys::new(Some(&given), 1).verify_key());
        assert_ne!(keys.verify_key(), Keys::new(None, 7).verify_key());
        assert!(!format!("{keys:?}{given:?}").contains(&hex(&[9; 32])));
        assert!(format!("{given:?}").contains("<redacted>"));
    }
}
