//! The application's interactions endpoint, as Discord drives it: the key pair behind
//! `verify_key`, the URL that is verified (a PING that must get a PONG, a bad signature that
//! must get a 401) before interactions are POSTed there instead of over the gateway, signed
//! delivery with the 3-second rule, and deliberately broken requests on demand.

mod client;
mod deliver;
mod keys;
mod probe;

use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;

use self::client::{SendError, Target, UrlProblem};
pub(crate) use self::deliver::spawn as deliver;
pub(crate) use self::keys::Keys;
use super::error::ApiError;
use crate::config::Config;
use crate::handle::EmulatorHandle;
use crate::shared::Shared;

/// The endpoint's share of the emulator's state: the key pair, and the runtime deliveries
/// run on (taken when the emulator starts, so handle methods work from any thread).
#[derive(Debug)]
pub(crate) struct Endpoint {
    pub(crate) keys: Keys,
    runtime: Option<tokio::runtime::Handle>,
}

impl Endpoint {
    pub(crate) fn new(config: &Config) -> Self {
        Self {
            keys: Keys::new(config.application_key.as_ref(), config.world.seed),
            runtime: tokio::runtime::Handle::try_current().ok(),
        }
    }
}

/// A deliberately broken (or, for comparison, a correct) request to send to the endpoint, to
/// see whether it tells them apart. Each carries a PING.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Probe {
    /// A correctly signed PING, as Discord sends it.
    Valid,
    /// The body with one bit flipped after signing.
    FlippedBody,
    /// The signature with one bit flipped.
    FlippedSignature,
    /// The timestamp header with one bit flipped after signing.
    FlippedTimestamp,
    /// Without `X-Signature-Ed25519` and `X-Signature-Timestamp`.
    Unsigned,
    /// Correctly signed by another key.
    WrongKey,
    /// Correctly signed, with a timestamp this long ago.
    Stale(Duration),
    /// A correctly signed PING, then the very same bytes again.
    Replayed,
}

/// What the endpoint answered to a [`Probe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProbeReport {
    /// The HTTP status of the answer (for [`Probe::Replayed`], to the second request).
    pub status: u16,
    /// For [`Probe::Replayed`], the status of the first, original request.
    pub first_status: Option<u16>,
}

/// Why an interaction delivered to the endpoint failed, as "This interaction failed" shows
/// it to the user on Discord. A failed interaction takes no response any more (10062).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InteractionFailure {
    /// No response came within the response deadline (3 s): neither an answer to the POST
    /// nor, after a `202 Accepted`, a callback.
    Timeout,
    /// The endpoint could not be reached; the text says why.
    Unreachable(String),
    /// The endpoint answered with this status, not 200 or 202.
    Status(u16),
    /// The answer's body is not a valid interaction response: Discord's error for it.
    InvalidResponse(String),
}

impl fmt::Display for InteractionFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout => f.write_str("the endpoint did not respond in time"),
            Self::Unreachable(why) => write!(f, "the endpoint could not be reached: {why}"),
            Self::Status(status) => write!(f, "the endpoint answered {status}"),
            Self::InvalidResponse(why) => write!(f, "the endpoint's response is invalid: {why}"),
        }
    }
}

/// Why an interactions endpoint URL was refused, or a probe could not be sent.
#[derive(Debug)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    message: String,
    answered: Option<u16>,
    /// Discord's field error for the URL, when it is not the verification one.
    field_error: Option<(&'static str, String)>,
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// What kind of [`EndpointError`] happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointErrorKind {
    /// The URL is not an absolute `http://` or `https://` URL.
    InvalidUrl,
    /// The endpoint could not be reached, or did not answer in time.
    Unreachable,
    /// The endpoint did not answer the signed PING with a PONG (200, JSON, `{"type": 1}`).
    NoPong,
    /// The endpoint did not answer a request with an invalid signature with 401.
    AcceptedBadSignature,
    /// No interactions endpoint URL is set.
    NotSet,
}

impl EndpointError {
    fn new(kind: EndpointErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), answered: None, field_error: None, source: None }
    }

    fn url(url: &str, problem: &UrlProblem) -> Self {
        let (message, code, discord) = match problem {
            UrlProblem::Malformed => (
                format!("{url:?} is not an absolute http:// or https:// URL"),
                "URL_TYPE_INVALID_URL",
                "Not a well formed URL.".to_owned(),
            ),
            UrlProblem::Scheme(scheme) => (
                format!("{url:?}: scheme {scheme:?} is not supported, use http or https"),
                "URL_TYPE_INVALID_SCHEME",
                format!(
                    "Scheme \"{scheme}\" is not supported. Scheme must be one of ('http', 'https')."
                ),
            ),
        };
        let mut error = Self::new(EndpointErrorKind::InvalidUrl, message);
        error.field_error = Some((code, discord));
        error
    }

    fn unreachable(error: SendError) -> Self {
        let message = format!("the interactions endpoint could not be reached: {error}");
        let mut endpoint_error = Self::new(EndpointErrorKind::Unreachable, message);
        if let SendError::Failed(_, source) = error {
            endpoint_error.source = Some(source);
        }
        endpoint_error
    }

    fn answered(kind: EndpointErrorKind, status: u16, message: &str) -> Self {
        let mut error = Self::new(kind, format!("{message} (it answered {status})"));
        error.answered = Some(status);
        error
    }

    /// What kind of error this is.
    pub fn kind(&self) -> EndpointErrorKind {
        self.kind
    }

    /// The status the endpoint answered with, when its answer was the problem.
    pub fn answered_status(&self) -> Option<u16> {
        self.answered
    }

    /// The underlying error (of the connection), if any.
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (EndpointErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }

    /// The error Discord answers a REST request that sets this URL with: 50035 with an
    /// `interactions_endpoint_url` field error.
    pub(crate) fn api_error(&self) -> ApiError {
        const FIELD: &str = "interactions_endpoint_url";
        match &self.field_error {
            Some((code, message)) => ApiError::form(FIELD, code, message.as_str()),
            None => ApiError::form(
                FIELD,
                "APPLICATION_INTERACTIONS_ENDPOINT_URL_INVALID",
                "The specified interactions endpoint URL could not be verified.",
            ),
        }
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for EndpointError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}

/// Verifies `url` the way Discord does before saving it: a signed PING must get a PONG and a
/// PING with an invalid signature must get a 401.
pub(crate) async fn verify(shared: &Shared, url: &str) -> Result<(), EndpointError> {
    let target = Target::parse(url).map_err(|problem| EndpointError::url(url, &problem))?;
    let deadline = shared.config.timings.interaction_response;
    let ping = probe::ping(shared);
    let keys = &shared.rest.endpoint.keys;
    let now = unix_seconds();
    let pong = client::send(&target, &probe::request(keys, Probe::Valid, &ping, now), deadline)
        .await
        .map_err(EndpointError::unreachable)?;
    if !pong.is_pong() {
        tracing::info!(url, status = pong.status.as_u16(), "interactions endpoint did not PONG");
        return Err(EndpointError::answered(
            EndpointErrorKind::NoPong,
            pong.status.as_u16(),
            "the interactions endpoint did not answer a PING with a PONG (200, JSON, {\"type\": 1})",
        ));
    }
    let forged = probe::request(keys, Probe::FlippedSignature, &ping, now);
    let refused =
        client::send(&target, &forged, deadline).await.map_err(EndpointError::unreachable)?;
    if refused.status != http::StatusCode::UNAUTHORIZED {
        tracing::info!(
            url,
            status = refused.status.as_u16(),
            "interactions endpoint accepted a bad signature"
        );
        return Err(EndpointError::answered(
            EndpointErrorKind::AcceptedBadSignature,
            refused.status.as_u16(),
            "the interactions endpoint did not refuse an invalid signature with 401",
        ));
    }
    Ok(())
}

/// The current time in Unix seconds, as `X-Signature-Timestamp` carries it.
fn unix_seconds() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs()
}

/// A request signed as Discord signs it.
fn signed(keys: &Keys, timestamp: u64, body: Bytes) -> client::Outgoing {
    let timestamp = timestamp.to_string();
    let signature = keys::hex(&keys.sign(&timestamp, &body));
    client::Outgoing { signature: Some(signature), timestamp: Some(timestamp), body }
}

impl EmulatorHandle {
    /// The application's public key, 64 hex digits: the `verify_key` of the application
    /// object, with which every request to the interactions endpoint is verified.
    pub fn verify_key(&self) -> String {
        self.shared.rest.endpoint.keys.verify_key().to_owned()
    }

    /// The interactions endpoint URL, when one is set.
    pub fn interactions_endpoint(&self) -> Option<String> {
        self.shared.read(|world| world.interactions_endpoint().map(str::to_owned))
    }

    /// Verifies `url` as Discord does (a signed PING must get a PONG, an invalid signature a
    /// 401) and sets it: from then on interactions are POSTed there, signed, instead of being
    /// sent over the gateway. On refusal the previous URL stays.
    ///
    /// Cancel safe: nothing changes unless the verification completes.
    pub async fn set_interactions_endpoint(&self, url: &str) -> Result<(), EndpointError> {
        verify(&self.shared, url).await?;
        let url = url.trim().to_owned();
        tracing::info!(%url, "interactions endpoint set");
        self.shared.mutate(|world| world.set_interactions_endpoint(Some(url)));
        Ok(())
    }

    /// Removes the interactions endpoint URL: interactions go over the gateway again.
    pub fn clear_interactions_endpoint(&self) {
        self.shared.mutate(|world| world.set_interactions_endpoint(None));
    }

    /// Sends `probe` to the interactions endpoint and reports the status it answered.
    ///
    /// Cancel safe.
    pub async fn probe_interactions_endpoint(
        &self,
        probe: Probe,
    ) -> Result<ProbeReport, EndpointError> {
        probe::send(&self.shared, probe).await
    }
}
