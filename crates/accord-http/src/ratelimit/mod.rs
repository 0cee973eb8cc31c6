//! Rate limiting: the [`Ratelimiter`] trait the client asks before each request, and
//! [`InMemoryRatelimiter`], the limiter of one process.
//!
//! The client calls [`Ratelimiter::acquire`] before sending a request and reports the outcome
//! through the [`Permit`] it got back. A limiter shared by several processes (through Redis, a
//! proxy, ...) implements the same trait.

mod headers;
mod in_memory;

pub use headers::{RatelimitHeaders, RatelimitScope};
pub use in_memory::{BucketSnapshot, InMemoryRatelimiter, InMemoryRatelimiterBuilder};

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::BoxError;
use crate::request::Request;
use crate::routing::{Major, Method};

/// A boxed, `Send` future: what the object-safe [`Ratelimiter`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Decides when a request may be sent.
///
/// Implementations must be cheap to call concurrently and must not block the thread: wait by
/// returning a future that completes later.
pub trait Ratelimiter: fmt::Debug + Send + Sync {
    /// Completes when `request` may be sent, with the permit to report its outcome through.
    ///
    /// Cancel safety: dropping the future gives up the place in the queue; a permit already
    /// granted is handed back as not sent.
    fn acquire<'a>(
        &'a self,
        request: &'a RatelimitRequest,
    ) -> BoxFuture<'a, Result<Permit, BoxError>>;
}

/// What a limiter knows of a request before it is sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RatelimitRequest {
    /// The HTTP method.
    pub method: Method,
    /// The route's path template (or the path, for raw requests that match no route).
    pub template: Cow<'static, str>,
    /// The major parameter.
    pub major: Option<Major>,
    /// Whether the request skips the global limit (interaction callbacks and followups).
    pub global_exempt: bool,
}

impl RatelimitRequest {
    /// A request description.
    pub fn new(
        method: Method,
        template: impl Into<Cow<'static, str>>,
        major: Option<Major>,
        global_exempt: bool,
    ) -> Self {
        Self { method, template: template.into(), major, global_exempt }
    }
}

impl From<&Request> for RatelimitRequest {
    fn from(request: &Request) -> Self {
        Self {
            method: request.method(),
            template: request.bucket_template.clone(),
            major: request.major(),
            global_exempt: request.global_exempt,
        }
    }
}

/// What became of a request sent under a [`Permit`].
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// The request never left: the slot it held may be reused.
    NotSent,
    /// The request was sent (or may have been) but no response arrived: a lost connection, a
    /// timeout, or a caller that stopped waiting.
    NoResponse,
    /// A response arrived.
    Response {
        /// The status code.
        status: u16,
        /// The rate limit headers (and, for a 429, what its body said).
        headers: &'a RatelimitHeaders,
    },
}

/// The receiving end of a [`Permit`], implemented by limiters.
pub trait PermitSink: Send {
    /// Records the outcome of the request the permit was granted for.
    fn complete(self: Box<Self>, outcome: Outcome<'_>);
}

/// Leave to send one request. Report what happened with [`Permit::complete`]; a permit dropped
/// without it reports [`Outcome::NoResponse`].
pub struct Permit {
    sink: Option<Box<dyn PermitSink>>,
}

impl Permit {
    /// A permit whose outcome goes to `sink`.
    pub fn new(sink: impl PermitSink + 'static) -> Self {
        Self { sink: Some(Box::new(sink)) }
    }

    /// A permit that reports to nobody, for limiters that do not track outcomes.
    pub fn untracked() -> Self {
        Self { sink: None }
    }

    /// Reports the outcome.
    pub fn complete(mut self, outcome: Outcome<'_>) {
        if let Some(sink) = self.sink.take() {
            sink.complete(outcome);
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some(sink) = self.sink.take() {
            sink.complete(Outcome::NoResponse);
        }
    }
}

impl fmt::Debug for Permit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Permit").field("tracked", &self.sink.is_some()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{InMemoryRatelimiter, Outcome, Permit, PermitSink, Ratelimiter};
    use static_assertions::{assert_impl_all, assert_obj_safe};
    use std::sync::{Arc, Mutex};

    assert_obj_safe!(Ratelimiter);
    assert_impl_all!(InMemoryRatelimiter: Ratelimiter, Send, Sync, Clone);
    assert_impl_all!(Permit: Send);

    struct Record(Arc<Mutex<Vec<String>>>);

    impl PermitSink for Record {
        fn complete(self: Box<Self>, outcome: Outcome<'_>) {
            self.0.lock().unwrap().push(format!("{outcome:?}"));
        }
    }

    #[test]
    fn a_dropped_permit_reports_no_response_once() {
        let log = Arc::new(Mutex::new(Vec::new()));
        drop(Permit::new(Record(log.clone())));
        Permit::new(Record(log.clone())).complete(Outcome::NotSent);
        assert_eq!(*log.lock().unwrap(), ["NoResponse", "NotSent"]);
    }
}
