//! The connections to the API's one origin: a request takes an idle connection or opens one of
//! its own, so there are never more connections than requests in flight; a connection goes
//! back to the pool the moment its response body ends, and idle ones are closed after the idle
//! timeout. An HTTP/2 connection (negotiated by ALPN) carries every request at once.
//!
//! hyper-util's pool, which this replaces, hands a connection back from a task it spawns per
//! request; a request sent right after the previous body ended found no idle connection yet,
//! opened another, and that one joined the pool too: more connections than requests, and a
//! spawned task and a wake-up for every request.

use std::future::poll_fn;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::HOST;
use http::{HeaderValue, Uri};
use http_body_util::Full;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::client::conn::http1;
#[cfg(feature = "http2")]
use hyper::client::conn::http2;
#[cfg(feature = "http2")]
use hyper_util::client::legacy::connect::Connection as _;
use tokio::time::Instant;
use tower_service::Service as _;

use super::transport::Connector;
use crate::error::BoxError;

type Request = http::Request<Full<Bytes>>;

/// How many times a request moves on to another connection when the one it took turns out to
/// be closed before the request was written.
const MAX_STALE: u32 = 4;

/// A pool of connections to one origin.
pub(crate) struct Pool {
    connector: Connector,
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    idle_timeout: Duration,
}

#[derive(Default)]
struct State {
    /// Idle HTTP/1.1 connections, the most recently used last: that one is taken first, so a
    /// quiet period lets the others expire.
    idle: Vec<Idle>,
    /// The HTTP/2 connection every request shares, once one was negotiated.
    #[cfg(feature = "http2")]
    http2: Option<http2::SendRequest<Full<Bytes>>>,
    /// Whether a task is waiting to close expired idle connections.
    reaping: bool,
}

struct Idle {
    sender: http1::SendRequest<Full<Bytes>>,
    since: Instant,
}

/// A connection taken for one request.
enum Taken {
    Http1(http1::SendRequest<Full<Bytes>>),
    #[cfg(feature = "http2")]
    Http2(http2::SendRequest<Full<Bytes>>),
}

/// Why a request failed in the transport.
#[derive(Debug)]
pub(crate) struct TransportError {
    /// Whether the request surely never reached the server (connecting failed), so that it
    /// may be sent again whatever its method.
    pub(crate) not_sent: bool,
    pub(crate) source: BoxError,
}

impl TransportError {
    fn not_sent(source: impl Into<BoxError>) -> Self {
        Self { not_sent: true, source: source.into() }
    }

    fn maybe_sent(source: impl Into<BoxError>) -> Self {
        Self { not_sent: false, source: source.into() }
    }
}

impl Pool {
    pub(crate) fn new(connector: Connector, idle_timeout: Duration) -> Self {
        Self {
            connector,
            shared: Arc::new(Shared { state: Mutex::new(State::default()), idle_timeout }),
        }
    }

    /// Sends a request whose URI is absolute. `host` is the `Host` header HTTP/1.1 needs.
    pub(crate) async fn send(
        &self,
        mut request: Request,
        host: Option<&HeaderValue>,
    ) -> Result<http::Response<Body>, TransportError> {
        let mut stale = 0;
        loop {
            let (taken, reused) = match self.shared.take_idle() {
                Some(taken) => (taken, true),
                // Boxed: connecting (TCP, TLS, the HTTP/2 handshake) is a large future and
                // rare; inline, it would make every request's future that much larger to move.
                None => (Box::pin(self.connect(request.uri())).await?, false),
            };
            let retry = |error: hyper::Error, stale: &mut u32| {
                // A reused connection may have been closed by the server while idle: the request
                // was not written, so it goes to the next connection.
                *stale += 1;
                if reused && *stale <= MAX_STALE {
                    tracing::debug!(%error, "pooled connection closed, taking another");
                    Ok(())
                } else {
                    Err(TransportError::not_sent(error))
                }
            };
            match taken {
                Taken::Http1(mut sender) => {
                    if let Err(error) = sender.ready().await {
                        retry(error, &mut stale)?;
                        continue;
                    }
                    let absolute = request.uri().clone();
                    let mut request_h1 = request;
                    *request_h1.uri_mut() = origin_form(&absolute);
                    if let Some(host) = host {
                        request_h1.headers_mut().entry(HOST).or_insert_with(|| host.clone());
                    }
                    match sender.try_send_request(request_h1).await {
                        Ok(response) => {
                            let give_back =
                                GiveBack { shared: Arc::downgrade(&self.shared), sender };
                            return Ok(Body::wrap(response, Some(give_back)));
                        }
                        Err(mut error) => {
                            let Some(mut unsent) = error.take_message() else {
                                return Err(TransportError::maybe_sent(error.into_error()));
                            };
                            retry(error.into_error(), &mut stale)?;
                            *unsent.uri_mut() = absolute;
                            request = unsent;
                        }
                    }
                }
                #[cfg(feature = "http2")]
                Taken::Http2(mut sender) => {
                    if let Err(error) = sender.ready().await {
                        self.shared.forget_http2(&sender);
                        retry(error, &mut stale)?;
                        continue;
                    }
                    match sender.try_send_request(request).await {
                        Ok(response) => return Ok(Body::wrap(response, None)),
                        Err(mut error) => {
                            let Some(unsent) = error.take_message() else {
                                return Err(TransportError::maybe_sent(error.into_error()));
                            };
                            self.shared.forget_http2(&sender);
                            retry(error.into_error(), &mut stale)?;
                            request = unsent;
                        }
                    }
                }
            }
        }
    }

    /// Opens a connection for one request: HTTP/2 if ALPN chose it (it then becomes the one
    /// every request shares), HTTP/1.1 otherwise.
    async fn connect(&self, uri: &Uri) -> Result<Taken, TransportError> {
        let mut connector = self.connector.clone();
        poll_fn(|cx| connector.poll_ready(cx)).await.map_err(TransportError::not_sent)?;
        let io = connector.call(uri.clone()).await.map_err(TransportError::not_sent)?;
        #[cfg(feature = "http2")]
        if io.connected().is_negotiated_h2() {
            let (sender, connection) = http2::Builder::new(hyper_util::rt::TokioExecutor::new())
                .timer(hyper_util::rt::TokioTimer::new())
                .handshake(io)
                .await
                .map_err(TransportError::not_sent)?;
            tokio::spawn(async move {
                if let Err(error) = connection.await {
                    tracing::debug!(%error, "http/2 connection ended with an error");
                }
            });
            self.shared.lock().http2.get_or_insert_with(|| sender.clone());
            tracing::debug!("opened an http/2 connection");
            return Ok(Taken::Http2(sender));
        }
        let (sender, connection) =
            http1::Builder::new().handshake(io).await.map_err(TransportError::not_sent)?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "http/1.1 connection ended with an error");
            }
        });
        tracing::debug!("opened an http/1.1 connection");
        Ok(Taken::Http1(sender))
    }
}

/// The path and query of an absolute URI, as an HTTP/1.1 request line carries them.
fn origin_form(uri: &Uri) -> Uri {
    uri.path_and_query().map_or_else(|| Uri::from_static("/"), |path| Uri::from(path.clone()))
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // Every statement leaves the state consistent: a panic elsewhere does not poison it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The shared HTTP/2 connection, or the most recently used live idle HTTP/1.1 one.
    fn take_idle(&self) -> Option<Taken> {
        let now = Instant::now();
        let mut state = self.lock();
        #[cfg(feature = "http2")]
        if let Some(sender) = &state.http2 {
            if !sender.is_closed() {
                return Some(Taken::Http2(sender.clone()));
            }
            state.http2 = None;
        }
        while let Some(idle) = state.idle.pop() {
            if !idle.sender.is_closed() && now.duration_since(idle.since) < self.idle_timeout {
                return Some(Taken::Http1(idle.sender));
            }
        }
        None
    }

    #[cfg(feature = "http2")]
    fn forget_http2(&self, failed: &http2::SendRequest<Full<Bytes>>) {
        let mut state = self.lock();
        if state.http2.as_ref().is_some_and(|shared| shared.is_closed() || failed.is_closed()) {
            state.http2 = None;
        }
    }

    /// Puts an HTTP/1.1 connection back, and makes sure it is closed once it idled too long.
    fn put_idle(self: &Arc<Self>, sender: http1::SendRequest<Full<Bytes>>) {
        if sender.is_closed() {
            return;
        }
        let start_reaper = {
            let mut state = self.lock();
            state.idle.push(Idle { sender, since: Instant::now() });
            !std::mem::replace(&mut state.reaping, true)
        };
        if start_reaper {
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                // Without a runtime no timer runs; the next request drops expired connections.
                self.lock().reaping = false;
                return;
            };
            runtime.spawn(reap(Arc::downgrade(self)));
        }
    }
}

/// Closes idle connections as they pass the idle timeout, until none is left.
async fn reap(shared: Weak<Shared>) {
    let mut next = shared.upgrade().map(|shared| Instant::now() + shared.idle_timeout);
    while let Some(deadline) = next {
        tokio::time::sleep_until(deadline).await;
        let Some(shared) = shared.upgrade() else { return };
        let now = Instant::now();
        let mut state = shared.lock();
        let timeout = shared.idle_timeout;
        state
            .idle
            .retain(|idle| !idle.sender.is_closed() && now.duration_since(idle.since) < timeout);
        // The idle list is in the order connections came back: the first expires first.
        next = state.idle.first().map(|idle| idle.since + timeout);
        if next.is_none() {
            state.reaping = false;
        }
    }
}

/// Hands an HTTP/1.1 connection back to the pool once its response body has been read.
struct GiveBack {
    shared: Weak<Shared>,
    sender: http1::SendRequest<Full<Bytes>>,
}

impl GiveBack {
    fn give_back(self) {
        if let Some(shared) = self.shared.upgrade() {
            shared.put_idle(self.sender);
        }
    }
}

/// A response body that returns its connection to the pool when it ends. Dropped before its
/// end, it closes the connection instead (the rest of the body would be in the way).
pub(crate) struct Body {
    inner: Incoming,
    give_back: Option<GiveBack>,
}

impl Body {
    fn wrap(
        response: http::Response<Incoming>,
        give_back: Option<GiveBack>,
    ) -> http::Response<Self> {
        response.map(|inner| {
            let mut body = Self { inner, give_back };
            if hyper::body::Body::is_end_stream(&body.inner) {
                body.end();
            }
            body
        })
    }

    fn end(&mut self) {
        if let Some(give_back) = self.give_back.take() {
            give_back.give_back();
        }
    }
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let this = self.get_mut();
        let frame = Pin::new(&mut this.inner).poll_frame(cx);
        match &frame {
            Poll::Ready(None) => this.end(),
            Poll::Ready(Some(Ok(_))) if this.inner.is_end_stream() => this.end(),
            _ => {}
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
