//! The service: reads, verifies and answers requests to the interactions endpoint.

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use accord_model::interaction::{Interaction, InteractionResponse, InteractionType};
use bytes::{Buf, BufMut, Bytes, BytesMut};
use futures_util::FutureExt;
use http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Body;
use tokio::time::Instant;
use tracing::Instrument;

use crate::error::BoxError;
use crate::responder::{BoxFuture, Responder, RestResponder};
use crate::verify::{
    Rejection, SIGNATURE_HEADER, TIMESTAMP_HEADER, Verifier, check_timestamp, parse_signature,
};

/// The response type of the service.
pub type HttpResponse = Response<Full<Bytes>>;

/// What the application does with each verified interaction (PINGs never reach it).
///
/// Implemented for every `Fn(Interaction, Responder) -> impl Future<Output = ()>`. The future
/// runs in its own task, which is a panic boundary: a panic is logged, and the request is
/// answered with 500 if the responder had not answered yet.
pub trait Handler: Send + Sync + 'static {
    /// Handles one interaction; answer it through `responder`.
    fn handle(&self, interaction: Interaction, responder: Responder) -> BoxFuture<'static, ()>;
}

impl<F, Fut> Handler for F
where
    F: Fn(Interaction, Responder) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    fn handle(&self, interaction: Interaction, responder: Responder) -> BoxFuture<'static, ()> {
        Box::pin(self(interaction, responder))
    }
}

/// The interactions endpoint as a service: a `hyper` service, a `tower` service (so axum's
/// `route_service` and any tower stack take it), and [`serve`](Self::serve) to run it alone.
///
/// For every request it checks the method (405) and path (404), reads the body under a size
/// cap (413) and a deadline (408), verifies the signature (401, also for a missing or malformed
/// header), optionally the timestamp's age (401), parses the interaction (400), refuses a
/// replayed id (409), answers a PING with a PONG, and hands anything else to the [`Handler`].
/// Cloning is cheap: clones share everything.
#[derive(Clone)]
pub struct InteractionService {
    inner: Arc<Inner>,
}

struct Inner {
    verifier: Verifier,
    handler: Box<dyn Handler>,
    rest: Option<Arc<dyn RestResponder>>,
    config: Config,
    seen: Option<Mutex<RecentIds>>,
}

#[derive(Clone, Debug)]
struct Config {
    path: Option<Box<str>>,
    max_body: usize,
    read_timeout: Duration,
    deadline: Duration,
    max_age: Option<Duration>,
}

impl std::fmt::Debug for InteractionService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InteractionService")
            .field("verifier", &self.inner.verifier)
            .field("config", &self.inner.config)
            .field("rest", &self.inner.rest.is_some())
            .finish_non_exhaustive()
    }
}

/// Builds an [`InteractionService`].
#[must_use]
pub struct ServiceBuilder {
    verifier: Verifier,
    handler: Box<dyn Handler>,
    rest: Option<Arc<dyn RestResponder>>,
    config: Config,
    replay_memory: usize,
}

impl std::fmt::Debug for ServiceBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceBuilder")
            .field("config", &self.config)
            .field("replay_memory", &self.replay_memory)
            .finish_non_exhaustive()
    }
}

/// The default body cap: far above any interaction Discord sends.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// The default time to read a body in.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// The default time the application has before the service answers with a deferral.
pub const DEFAULT_DEADLINE: Duration = Duration::from_millis(2500);
/// How many recent interaction ids are remembered to refuse replays, by default.
pub const DEFAULT_REPLAY_MEMORY: usize = 4096;

impl InteractionService {
    /// A builder with the verifier for the application's key and the handler.
    pub fn builder(verifier: Verifier, handler: impl Handler) -> ServiceBuilder {
        ServiceBuilder {
            verifier,
            handler: Box::new(handler),
            rest: default_rest(),
            config: Config {
                path: None,
                max_body: DEFAULT_MAX_BODY,
                read_timeout: DEFAULT_READ_TIMEOUT,
                deadline: DEFAULT_DEADLINE,
                max_age: None,
            },
            replay_memory: DEFAULT_REPLAY_MEMORY,
        }
    }

    /// Answers one request. This is what the `hyper` and `tower` services call.
    ///
    /// Cancel safety: dropping the future before it completes drops the answer, but not the
    /// handler's task, whose responder then reports [`ErrorKind::ConnectionClosed`](crate::ErrorKind::ConnectionClosed).
    pub async fn handle<B>(&self, request: Request<B>) -> HttpResponse
    where
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let started = Instant::now();
        match self.answer(request, started).await {
            Ok(response) => response,
            Err(rejection) => {
                tracing::debug!(%rejection, "interaction request refused");
                rejected(rejection)
            }
        }
    }

    async fn answer<B>(
        &self,
        request: Request<B>,
        started: Instant,
    ) -> Result<HttpResponse, Rejection>
    where
        B: Body + Send + 'static,
        B::Data: Send,
        B::Error: Into<BoxError>,
    {
        let inner = &*self.inner;
        if request.method() != Method::POST {
            return Err(Rejection::MethodNotAllowed);
        }
        if inner.config.path.as_deref().is_some_and(|path| path != request.uri().path()) {
            return Err(Rejection::NotFound);
        }
        let headers = request.headers();
        let signature = headers.get(SIGNATURE_HEADER).ok_or(Rejection::MissingSignature)?;
        let signature = parse_signature(signature.as_bytes())?;
        let timestamp = headers.get(TIMESTAMP_HEADER).ok_or(Rejection::MissingTimestamp)?;
        let seconds = check_timestamp(timestamp.as_bytes())?;
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|length| length.to_str().ok())
            .and_then(|length| length.parse::<u64>().ok());
        if declared.is_some_and(|length| length > inner.config.max_body as u64) {
            return Err(Rejection::BodyTooLarge);
        }

        // The message is `timestamp ‖ body`: read the body right after the timestamp.
        let mut message = BytesMut::with_capacity(
            timestamp.len() + declared.and_then(|n| usize::try_from(n).ok()).unwrap_or(1024),
        );
        message.extend_from_slice(timestamp.as_bytes());
        let prefix = message.len();
        let read = read_body(request.into_body(), &mut message, prefix + inner.config.max_body);
        tokio::time::timeout(inner.config.read_timeout, read)
            .await
            .map_err(|_| Rejection::BodyTimeout)??;

        inner.verifier.verify_message(&signature, &message)?;
        if let Some(window) = inner.config.max_age {
            check_age(seconds, window)?;
        }
        let body = message.get(prefix..).ok_or(Rejection::MalformedBody)?;
        let interaction: Interaction = serde_json::from_slice(body).map_err(|error| {
            tracing::warn!(%error, "a signed body is not an interaction");
            Rejection::MalformedBody
        })?;
        if let Some(seen) = &inner.seen
            && !seen.lock().unwrap_or_else(PoisonError::into_inner).insert(interaction.id.get())
        {
            return Err(Rejection::Replayed);
        }
        if interaction.kind == InteractionType::Ping {
            return Ok(json(&InteractionResponse::pong()));
        }
        Ok(self.dispatch(interaction, started).await)
    }

    /// Runs the handler in its own task and waits for its first response until the deadline.
    async fn dispatch(&self, interaction: Interaction, started: Instant) -> HttpResponse {
        let inner = &*self.inner;
        let span = tracing::info_span!(
            "interaction",
            id = interaction.id.get(),
            kind = u8::from(interaction.kind)
        );
        let (responder, shared, mut receiver) = Responder::new(
            interaction.kind,
            interaction.application_id,
            interaction.token.clone(),
            inner.rest.clone(),
        );
        let task = std::panic::catch_unwind(AssertUnwindSafe(|| {
            inner.handler.handle(interaction, responder)
        }));
        match task {
            Ok(task) => {
                tokio::spawn(
                    async move {
                        if AssertUnwindSafe(task).catch_unwind().await.is_err() {
                            tracing::error!("the interaction handler panicked");
                        }
                    }
                    .instrument(span.clone()),
                );
            }
            Err(_) => span.in_scope(|| tracing::error!("the interaction handler panicked")),
        }

        let response = match tokio::time::timeout_at(started + inner.config.deadline, &mut receiver)
            .await
        {
            Ok(Ok(response)) => response,
            Ok(Err(_)) => return unanswered(&span),
            Err(_) => match shared.defer() {
                Some(deferral) => {
                    span.in_scope(|| tracing::debug!("deadline passed: answered with a deferral"));
                    deferral
                }
                // The response came at the same moment as the deadline.
                None => match receiver.try_recv() {
                    Ok(response) => response,
                    Err(_) => return unanswered(&span),
                },
            },
        };
        json(&response)
    }
}

impl ServiceBuilder {
    /// Serves only this path (e.g. `/interactions`), answering 404 elsewhere; by default every
    /// path is the endpoint, as behind a router.
    pub fn path(mut self, path: impl Into<Box<str>>) -> Self {
        self.config.path = Some(path.into());
        self
    }

    /// The body cap in bytes (default [`DEFAULT_MAX_BODY`]); larger bodies get 413.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.config.max_body = bytes;
        self
    }

    /// How long the body may take to arrive (default [`DEFAULT_READ_TIMEOUT`]); then 408.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.config.read_timeout = timeout;
        self
    }

    /// How long after the request arrived the service waits for the first response before it
    /// answers with a deferral (default [`DEFAULT_DEADLINE`], inside Discord's 3 seconds).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.config.deadline = deadline;
        self
    }

    /// Refuses requests whose signed timestamp is further than `window` from this host's clock
    /// (with 401). Off by default: serverless hosts' clocks can be skewed by more than any
    /// useful window, Discord does not promise how close its timestamps are to the send time,
    /// and [`replay_memory`](Self::replay_memory) refuses a replayed interaction by its id,
    /// which needs no clock at all.
    pub fn max_age(mut self, window: Option<Duration>) -> Self {
        self.config.max_age = window;
        self
    }

    /// How many recent interaction ids to remember and refuse a second time with 409 (default
    /// [`DEFAULT_REPLAY_MEMORY`]; 0 turns it off). Discord never sends an interaction twice, so a
    /// repeat is a replay of a captured request.
    pub fn replay_memory(mut self, ids: usize) -> Self {
        self.replay_memory = ids;
        self
    }

    /// What sends responses that missed the deadline. The default, with the `client` feature,
    /// is a [`HyperRestResponder`](crate::HyperRestResponder) for Discord's API; without it,
    /// there is none and a late response is an [`ErrorKind::Rest`](crate::ErrorKind::Rest).
    pub fn rest_responder(mut self, rest: impl RestResponder) -> Self {
        self.rest = Some(Arc::new(rest));
        self
    }

    /// The service.
    pub fn build(self) -> InteractionService {
        let seen = (self.replay_memory > 0).then(|| Mutex::new(RecentIds::new(self.replay_memory)));
        InteractionService {
            inner: Arc::new(Inner {
                verifier: self.verifier,
                handler: self.handler,
                rest: self.rest,
                config: self.config,
                seen,
            }),
        }
    }
}

#[cfg(feature = "client")]
fn default_rest() -> Option<Arc<dyn RestResponder>> {
    match crate::client::HyperRestResponder::new() {
        Ok(client) => Some(Arc::new(client)),
        Err(error) => {
            tracing::error!(%error, "no REST client for late interaction responses");
            None
        }
    }
}

#[cfg(not(feature = "client"))]
fn default_rest() -> Option<Arc<dyn RestResponder>> {
    None
}

/// Appends the body to `buffer`, refusing to grow it past `limit`.
async fn read_body<B>(body: B, buffer: &mut BytesMut, limit: usize) -> Result<(), Rejection>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    let mut body = std::pin::pin!(body);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| {
            let error: BoxError = error.into();
            tracing::debug!(%error, "reading an interaction body failed");
            Rejection::BodyUnreadable
        })?;
        if let Ok(data) = frame.into_data() {
            if buffer.len() + data.remaining() > limit {
                return Err(Rejection::BodyTooLarge);
            }
            buffer.put(data);
        }
    }
    Ok(())
}

/// Refuses a timestamp further than `window` from now, in either direction.
fn check_age(seconds: u64, window: Duration) -> Result<(), Rejection> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    if now.abs_diff(seconds) > window.as_secs() {
        return Err(Rejection::StaleTimestamp);
    }
    Ok(())
}

/// The interaction ids seen last, oldest forgotten first.
struct RecentIds {
    set: HashSet<u64>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl RecentIds {
    fn new(capacity: usize) -> Self {
        Self {
            set: HashSet::with_capacity(capacity),
            order: VecDeque::with_capacity(capacity),
            capacity,
        }
    }

    /// Remembers `id`; false if it was already remembered.
    fn insert(&mut self, id: u64) -> bool {
        if !self.set.insert(id) {
            return false;
        }
        if self.order.len() == self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.set.remove(&oldest);
        }
        self.order.push_back(id);
        true
    }
}

fn json(response: &InteractionResponse) -> HttpResponse {
    match serde_json::to_vec(response) {
        Ok(body) => {
            let mut answer = Response::new(Full::new(Bytes::from(body)));
            answer.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            answer
        }
        Err(error) => {
            tracing::error!(%error, "an interaction response could not be serialized");
            status(StatusCode::INTERNAL_SERVER_ERROR, "the response could not be serialized")
        }
    }
}

fn rejected(rejection: Rejection) -> HttpResponse {
    let mut answer = status(rejection.status(), &rejection.to_string());
    if rejection == Rejection::MethodNotAllowed {
        answer.headers_mut().insert(ALLOW, HeaderValue::from_static("POST"));
    }
    answer
}

fn unanswered(span: &tracing::Span) -> HttpResponse {
    span.in_scope(|| tracing::warn!("the handler dropped the responder without answering"));
    status(StatusCode::INTERNAL_SERVER_ERROR, "the application did not respond")
}

fn status(status: StatusCode, message: &str) -> HttpResponse {
    let mut answer = Response::new(Full::new(Bytes::copy_from_slice(message.as_bytes())));
    *answer.status_mut() = status;
    answer
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    answer
}

impl<B> hyper::service::Service<Request<B>> for InteractionService
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<HttpResponse, Infallible>>;

    fn call(&self, request: Request<B>) -> Self::Future {
        let service = self.clone();
        Box::pin(async move { Ok(service.handle(request).await) })
    }
}

impl<B> tower_service::Service<Request<B>> for InteractionService
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = HttpResponse;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<HttpResponse, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        hyper::service::Service::call(self, request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_ids_forget_the_oldest() {
        let mut ids = RecentIds::new(2);
        assert!(ids.insert(1));
        assert!(ids.insert(2));
        assert!(!ids.insert(1));
        assert!(ids.insert(3), "forgets 1");
        assert!(ids.insert(1));
        assert!(!ids.insert(3));
    }

    #[test]
    fn the_age_window_works_both_ways() {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let window = Duration::from_secs(300);
        assert_eq!(check_age(now, window), Ok(()));
        assert_eq!(check_age(now - 3600, window), Err(Rejection::StaleTimestamp));
        assert_eq!(check_age(now + 3600, window), Err(Rejection::StaleTimestamp));
        assert_eq!(check_age(0, window), Err(Rejection::StaleTimestamp));
    }
}
