//! Responses: status and headers at once, the body read and parsed only when asked.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Deserializer};

use crate::client::Body;
use crate::error::{Error, ErrorKind};

/// How much of a response body is read, and for how long.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodyLimits {
    /// The largest body accepted, in bytes.
    pub(crate) max_bytes: usize,
    /// How long reading the whole body may take.
    pub(crate) timeout: Duration,
}

/// A successful response whose body parses into `T`.
///
/// The body is not read until [`model`](Self::model), [`bytes`](Self::bytes),
/// [`text`](Self::text) or [`json`](Self::json) is awaited; a caller that only needs the status
/// can drop it unread.
///
/// Reading is bounded: a body larger than
/// [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size) fails with
/// [`ErrorKind::BodyTooLarge`], one that takes longer than
/// [`ClientBuilder::body_timeout`](crate::ClientBuilder::body_timeout) with
/// [`ErrorKind::BodyTimeout`].
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: Body,
    limits: BodyLimits,
    marker: PhantomData<fn() -> T>,
}

impl<T> Response<T> {
    pub(crate) fn new(response: http::Response<Body>, limits: BodyLimits) -> Self {
        let (parts, body) = response.into_parts();
        Self { status: parts.status, headers: parts.headers, body, limits, marker: PhantomData }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Reads the whole body.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        read_body(self.body, self.limits).await
    }

    /// Reads the whole body as UTF-8 text.
    pub async fn text(self) -> Result<String, Error> {
        let bytes = self.bytes().await?;
        String::from_utf8(bytes.to_vec()).map_err(|error| {
            let body = error.as_bytes().to_vec();
            Error::with_source(ErrorKind::Parsing { body }, error.utf8_error())
        })
    }

    /// Reads the body and parses it as JSON into any type.
    pub async fn json<U: DeserializeOwned>(self) -> Result<U, Error> {
        let bytes = self.bytes().await?;
        parse(&bytes)
    }
}

impl<T: DeserializeOwned> Response<T> {
    /// Reads the body and parses it into the operation's model type.
    pub async fn model(self) -> Result<T, Error> {
        self.json().await
    }
}

impl<T> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// Reads a whole body within `limits`.
pub(crate) async fn read_body(body: Body, limits: BodyLimits) -> Result<Bytes, Error> {
    let collect = Limited::new(body, limits.max_bytes).collect();
    match tokio::time::timeout(limits.timeout, collect).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(error)) if error.is::<LengthLimitError>() => {
            tracing::warn!(limit = limits.max_bytes, "response body too large, not read");
            Err(Error::new(ErrorKind::BodyTooLarge { limit: limits.max_bytes }))
        }
        Ok(Err(error)) => Err(Error::with_source(ErrorKind::Transport, error)),
        Err(_elapsed) => {
            tracing::warn!(
                timeout_ms = u64::try_from(limits.timeout.as_millis()).unwrap_or(u64::MAX),
                "response body not read in time"
            );
            Err(Error::new(ErrorKind::BodyTimeout { timeout: limits.timeout }))
        }
    }
}

/// Parses JSON; an empty body parses as `null`, so [`EmptyBody`] and `Option`s accept it.
pub(crate) fn parse<U: DeserializeOwned>(bytes: &[u8]) -> Result<U, Error> {
    let json = if bytes.iter().all(u8::is_ascii_whitespace) { &b"null"[..] } else { bytes };
    serde_json::from_slice(json)
        .map_err(|error| Error::with_source(ErrorKind::Parsing { body: bytes.to_vec() }, error))
}

/// The model of operations that answer `204 No Content` (or whose body carries nothing to
/// keep): parsing it reads and discards the body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EmptyBody;

impl<'de> Deserialize<'de> for EmptyBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(deserializer).map(|_| Self)
    }
}

/// The model of operations that answer with something other than JSON (the PNG widget): it
/// has no [`Response::model`], read the content with [`Response::bytes`].
#[derive(Debug)]
pub enum BinaryBody {}

/// The future of a request: resolves to the [`Response`] once the status and headers arrived,
/// or to the error that ended the request.
///
/// Cancel safety: dropping it abandons the request; if it was already sent, Discord may still
/// act on it.
#[must_use = "a request does nothing until awaited"]
pub struct ResponseFuture<T> {
    inner: Pin<Box<dyn Future<Output = Result<Response<T>, Error>> + Send>>,
}

impl<T> ResponseFuture<T> {
    pub(crate) fn new(
        future: impl Future<Output = Result<Response<T>, Error>> + Send + 'static,
    ) -> Self {
        Self { inner: Box::pin(future) }
    }
}

impl<T> Future for ResponseFuture<T> {
    type Output = Result<Response<T>, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for ResponseFuture<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::{EmptyBody, parse};
    use crate::error::ErrorKind;

    #[test]
    fn empty_bodies_parse_as_empty_body_and_option() {
        assert_eq!(parse::<EmptyBody>(b"").unwrap(), EmptyBody);
        assert_eq!(parse::<EmptyBody>(br#"{"anything":1}"#).unwrap(), EmptyBody);
        assert_eq!(parse::<Option<u8>>(b" ").unwrap(), None);
    }

    #[test]
    fn bad_bodies_keep_the_bytes() {
        let error = parse::<u8>(b"{oops").unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Parsing { body } if body == b"{oops"));
    }
}
