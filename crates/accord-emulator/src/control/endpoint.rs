//! The interactions endpoint over HTTP: read, set (verified as Discord verifies it) or clear
//! the URL, and send it deliberately broken requests. These routes wait for the endpoint, so
//! they are answered before the others, which never wait.

use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{Routed, parse};
use super::{ControlError, ControlErrorKind};
use crate::handle::EmulatorHandle;
use crate::rest::{EndpointError, InteractionFailure, Probe};

/// Routes under `/interactions-endpoint`.
pub(super) async fn endpoint_routes(
    handle: &EmulatorHandle,
    method: &Method,
    path: &[&str],
    body: &Bytes,
) -> Routed {
    let answer = match (method.as_str(), path) {
        ("GET", ["interactions-endpoint"]) => described(handle),
        ("PUT", ["interactions-endpoint"]) => {
            let body: NewEndpoint = parse(body)?;
            handle.set_interactions_endpoint(&body.url).await.map_err(refused)?;
            described(handle)
        }
        ("DELETE", ["interactions-endpoint"]) => {
            handle.clear_interactions_endpoint();
            (StatusCode::NO_CONTENT, Value::Null)
        }
        ("POST", ["interactions-endpoint", "probes"]) => {
            let body: NewProbe = parse(body)?;
            let report =
                handle.probe_interactions_endpoint(body.probe.into()).await.map_err(refused)?;
            (
                StatusCode::OK,
                json!({ "status": report.status, "first_status": report.first_status }),
            )
        }
        _ => return Ok(None),
    };
    Ok(Some(answer))
}

fn described(handle: &EmulatorHandle) -> (StatusCode, Value) {
    let body = json!({ "url": handle.interactions_endpoint(), "verify_key": handle.verify_key() });
    (StatusCode::OK, body)
}

fn refused(error: EndpointError) -> ControlError {
    ControlError::with_source(
        ControlErrorKind::InteractionsEndpoint,
        "the interactions endpoint refused",
        error,
    )
}

/// How an interaction's failure reads over HTTP: `{"kind", "message"}`.
pub(super) fn failure(failure: &InteractionFailure) -> Value {
    let kind = match failure {
        InteractionFailure::Timeout => "timeout",
        InteractionFailure::Unreachable(_) => "unreachable",
        InteractionFailure::Status(_) => "status",
        InteractionFailure::InvalidResponse(_) => "invalid_response",
    };
    json!({ "kind": kind, "message": failure.to_string() })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEndpoint {
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewProbe {
    probe: ProbeBody,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ProbeBody {
    Valid,
    FlippedBody,
    FlippedSignature,
    FlippedTimestamp,
    Unsigned,
    WrongKey,
    /// How many seconds old the timestamp is.
    Stale(u64),
    Replayed,
}

impl From<ProbeBody> for Probe {
    fn from(probe: ProbeBody) -> Self {
        match probe {
            ProbeBody::Valid => Self::Valid,
            ProbeBody::FlippedBody => Self::FlippedBody,
            ProbeBody::FlippedSignature => Self::FlippedSignature,
            ProbeBody::FlippedTimestamp => Self::FlippedTimestamp,
            ProbeBody::Unsigned => Self::Unsigned,
            ProbeBody::WrongKey => Self::WrongKey,
            ProbeBody::Stale(seconds) => Self::Stale(Duration::from_secs(seconds)),
            ProbeBody::Replayed => Self::Replayed,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::NewProbe;
    use crate::rest::Probe;

    #[test]
    fn probe_bodies_read_as_documented() {
        let read = |text: &str| Probe::from(serde_json::from_str::<NewProbe>(text).unwrap().probe);
        assert_eq!(read(r#"{"probe": "flipped_body"}"#), Probe::FlippedBody);
        assert_eq!(read(r#"{"probe": "replayed"}"#), Probe::Replayed);
        assert_eq!(read(r#"{"probe": {"stale": 600}}"#), Probe::Stale(Duration::from_secs(600)));
        assert!(serde_json::from_str::<NewProbe>(r#"{"probe": "forged"}"#).is_err());
    }
}
