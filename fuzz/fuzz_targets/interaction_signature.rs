//! Interaction requests as the HTTP endpoint checks them (accord-interactions): the
//! `X-Signature-Ed25519` and `X-Signature-Timestamp` values and the body, one per line (the
//! body is the rest). A signature line `sign` stands for a valid signature of the rest by the
//! target's key. Only signatures the key made verify, every one of them does, and a verified
//! body is decoded as the endpoint decodes it.
#![no_main]

use std::sync::OnceLock;

use accord_interactions::Verifier;
use accord_model::interaction::Interaction;
use ed25519_dalek::{Signer, SigningKey};
use libfuzzer_sys::fuzz_target;

fn keys() -> &'static (SigningKey, Verifier) {
    static KEYS: OnceLock<(SigningKey, Verifier)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let signing = SigningKey::from_bytes(&[7; 32]);
        let verifier =
            Verifier::from_bytes(signing.verifying_key().as_bytes()).expect("a valid key");
        (signing, verifier)
    })
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&byte| byte == b'\n');
    let (Some(signature), Some(timestamp)) = (parts.next(), parts.next()) else { return };
    let body = parts.next().unwrap_or_default();
    let (signing, verifier) = keys();
    let made = signature == b"sign";
    let signature = if made {
        let message = [timestamp, body].concat();
        let digits = b"0123456789abcdef";
        let signature = signing.sign(&message).to_bytes();
        signature
            .iter()
            .flat_map(|byte| [byte >> 4, byte & 0xf])
            .filter_map(|nibble| digits.get(usize::from(nibble)).copied())
            .collect()
    } else {
        signature.to_vec()
    };
    let verdict = verifier.verify(&signature, timestamp, body);
    let digits = !timestamp.is_empty()
        && timestamp.len() <= 20
        && timestamp.iter().all(u8::is_ascii_digit)
        && std::str::from_utf8(timestamp).is_ok_and(|text| text.parse::<u64>().is_ok());
    if made && digits {
        assert_eq!(verdict, Ok(()), "a signature the key made was refused");
    } else if !made {
        // A forged signature would need the private key.
        assert!(verdict.is_err(), "a signature the key did not make verified");
    }
    if verdict.is_ok()
        && let Ok(interaction) = serde_json::from_slice::<Interaction>(body)
    {
        let json = serde_json::to_vec(&interaction).expect("interactions serialize");
        serde_json::from_slice::<Interaction>(&json).expect("a serialized interaction parses");
    }
});
