//! PING requests to the endpoint, signed as Discord signs them or broken on purpose: a flipped
//! bit in the body, the signature or the timestamp, no signature, another key, an old
//! timestamp, or the same bytes twice.

use accord_model::interaction::{Interaction, InteractionType};
use bytes::Bytes;

use super::client::{self, Outgoing, Target};
use super::keys::{self, Keys};
use super::{EndpointError, EndpointErrorKind, Probe, ProbeReport, signed, unix_seconds};
use crate::config::ApplicationKey;
use crate::shared::Shared;

/// The body of a PING, with a fresh id and token.
pub(super) fn ping(shared: &Shared) -> Bytes {
    let interaction = shared.mutate(|world| {
        let id = world.ids.next();
        Interaction::new(
            id,
            world.application.id,
            InteractionType::Ping,
            super::super::invoke::token(id),
        )
    });
    Bytes::from(serde_json::to_vec(&interaction).unwrap_or_default())
}

/// The request `probe` sends with `body` at `now` (Unix seconds); for [`Probe::Replayed`],
/// each of the two.
pub(super) fn request(keys: &Keys, probe: Probe, body: &Bytes, now: u64) -> Outgoing {
    match probe {
        Probe::Valid | Probe::Replayed => signed(keys, now, body.clone()),
        Probe::FlippedBody => {
            let mut request = signed(keys, now, body.clone());
            let mut bytes = body.to_vec();
            flip_last_digit(&mut bytes);
            request.body = Bytes::from(bytes);
            request
        }
        Probe::FlippedSignature => {
            let timestamp = now.to_string();
            let mut signature = keys.sign(&timestamp, body);
            if let Some(first) = signature.first_mut() {
                *first ^= 1;
            }
            Outgoing {
                signature: Some(keys::hex(&signature)),
                timestamp: Some(timestamp),
                body: body.clone(),
            }
        }
        Probe::FlippedTimestamp => {
            let mut request = signed(keys, now, body.clone());
            let mut timestamp = now.to_string().into_bytes();
            flip_last_digit(&mut timestamp);
            request.timestamp = Some(String::from_utf8_lossy(&timestamp).into_owned());
            request
        }
        Probe::Unsigned => Outgoing { signature: None, timestamp: None, body: body.clone() },
        Probe::WrongKey => {
            let other = Keys::new(Some(&ApplicationKey::from_bytes(other_key(keys))), 0);
            signed(&other, now, body.clone())
        }
        Probe::Stale(age) => signed(keys, now.saturating_sub(age.as_secs()), body.clone()),
    }
}

/// Sends `probe` to the endpoint that is set.
pub(super) async fn send(shared: &Shared, probe: Probe) -> Result<ProbeReport, EndpointError> {
    let url =
        shared.read(|world| world.interactions_endpoint().map(str::to_owned)).ok_or_else(|| {
            EndpointError::new(EndpointErrorKind::NotSet, "no interactions endpoint URL is set")
        })?;
    let target = Target::parse(&url).map_err(|problem| EndpointError::url(&url, &problem))?;
    let deadline = shared.config.timings.interaction_response;
    let keys = &shared.rest.endpoint.keys;
    let request = request(keys, probe, &ping(shared), unix_seconds());
    let first_status = if probe == Probe::Replayed {
        let first = client::send(&target, &request, deadline).await;
        Some(first.map_err(EndpointError::unreachable)?.status.as_u16())
    } else {
        None
    };
    let answered = client::send(&target, &request, deadline).await;
    let status = answered.map_err(EndpointError::unreachable)?.status.as_u16();
    tracing::info!(?probe, status, ?first_status, "interactions endpoint probed");
    Ok(ProbeReport { status, first_status })
}

/// Flips the lowest bit of the last ASCII digit, so a digit stays a digit (and JSON stays
/// JSON) but the signed bytes change; of the last byte when there is no digit.
fn flip_last_digit(bytes: &mut [u8]) {
    let position = bytes.iter().rposition(u8::is_ascii_digit).or(bytes.len().checked_sub(1));
    if let Some(byte) = position.and_then(|at| bytes.get_mut(at)) {
        *byte ^= 1;
    }
}

/// A secret key that is not the application's.
fn other_key(keys: &Keys) -> [u8; 32] {
    let mut secret = [0x5a; 32];
    for (byte, public) in secret.iter_mut().zip(keys.verify_key().bytes()) {
        *byte ^= public;
    }
    secret
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::{Probe, flip_last_digit, request};
    use crate::rest::endpoint::Keys;

    #[test]
    fn each_probe_breaks_one_thing() {
        let keys = Keys::new(None, 1);
        let body = Bytes::from_static(br#"{"id":"12","type":1,"version":1}"#);
        let now = 1_700_000_000;
        let valid = request(&keys, Probe::Valid, &body, now);
        let flipped = request(&keys, Probe::FlippedBody, &body, now);
        assert_eq!(flipped.body.as_ref(), br#"{"id":"12","type":1,"version":0}"#);
        assert_eq!((&flipped.signature, &flipped.timestamp), (&valid.signature, &valid.timestamp));
        let timestamp = request(&keys, Probe::FlippedTimestamp, &body, now);
        assert_eq!(timestamp.timestamp.as_deref(), Some("1700000001"));
        assert_eq!((&timestamp.signature, &timestamp.body), (&valid.signature, &valid.body));
        let signature = request(&keys, Probe::FlippedSignature, &body, now);
        assert_ne!(signature.signature, valid.signature);
        assert_eq!(signature.body, body);
        let unsigned = request(&keys, Probe::Unsigned, &body, now);
        assert!(unsigned.signature.is_none() && unsigned.timestamp.is_none());
        let stale = request(&keys, Probe::Stale(std::time::Duration::from_secs(3600)), &body, now);
        assert_eq!(stale.timestamp.as_deref(), Some("1699996400"));
        assert_ne!(stale.signature, valid.signature);
        let wrong = request(&keys, Probe::WrongKey, &body, now);
        assert_ne!(wrong.signature, valid.signature);
        assert_eq!(request(&keys, Probe::Replayed, &body, now).signature, valid.signature);
        let mut empty: [u8; 0] = [];
        flip_last_digit(&mut empty);
        let mut letters = *b"ab";
        flip_last_digit(&mut letters);
        assert_eq!(&letters, b"ac");
    }
}
