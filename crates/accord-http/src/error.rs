//! The one error type of the crate: what failed, and the source error when there is one.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use http::StatusCode;

use crate::api_error::ApiError;
use crate::ratelimit::RatelimitScope;
use crate::validate::ValidationError;

/// A boxed error that can cross threads, the source of an [`Error`].
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// An error from sending a request or reading its response.
///
/// Match on [`Error::kind`] to tell the cases apart; [`Error::into_parts`] hands out the kind
/// and the source without cloning.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<BoxError>,
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be built: the base URL and path do not form a URI, or a header
    /// value is not valid.
    BuildingRequest,
    /// A setter was given a value Discord would reject; the request was not sent.
    Validation(ValidationError),
    /// Connecting, sending or receiving failed (DNS, TCP, HTTP framing, a connection lost
    /// during the TLS handshake).
    Transport,
    /// The TLS handshake failed: the server's certificate was refused (issued for another
    /// host, by a CA that is not trusted, or expired) or no protocol version or cipher suite
    /// is shared. The source is rustls' error (inside an `io::Error`), which says which. The
    /// request was not sent, and is not retried.
    Tls,
    /// No response arrived within the client's timeout.
    Timeout {
        /// The timeout that passed.
        timeout: Duration,
    },
    /// The response body was larger than the client accepts
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size)); the rest of it
    /// was not read.
    BodyTooLarge {
        /// The largest body accepted, in bytes.
        limit: usize,
    },
    /// The response body did not arrive within
    /// [`ClientBuilder::body_timeout`](crate::ClientBuilder::body_timeout).
    BodyTimeout {
        /// The timeout that passed.
        timeout: Duration,
    },
    /// Discord answered 401: the token is missing, malformed or revoked.
    Unauthorized {
        /// Discord's error body, when it sent one.
        body: Option<ApiError>,
    },
    /// Discord answered with another 4xx status, usually with a JSON error body.
    Response {
        /// The status code.
        status: StatusCode,
        /// Discord's error body; `None` when the body was not Discord's JSON error shape.
        body: Option<ApiError>,
        /// The raw body, for bodies that are not Discord's JSON error shape.
        raw: Vec<u8>,
    },
    /// Discord answered with a 5xx status, after the retries allowed for the request.
    ServerError {
        /// The status code.
        status: StatusCode,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// Discord kept answering 429 and the client stopped retrying.
    RatelimitedGaveUp {
        /// How many 429 responses the request received.
        attempts: u32,
        /// The wait asked for by the last 429.
        retry_after: Duration,
        /// Whether the last 429 was the global limit.
        global: bool,
        /// The scope of the last 429, when Discord said.
        scope: Option<RatelimitScope>,
    },
    /// The rate limiter failed (a limiter backed by another process may lose its connection).
    Ratelimiter,
    /// The response body could not be parsed into the expected type.
    Parsing {
        /// The body that failed to parse.
        body: Vec<u8>,
    },
}

impl Error {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(kind: ErrorKind, source: impl Into<BoxError>) -> Self {
        Self { kind, source: Some(source.into()) }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The underlying error, if there is one.
    pub fn into_source(self) -> Option<BoxError> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (ErrorKind, Option<BoxError>) {
        (self.kind, self.source)
    }

    /// Discord's JSON error code, for 4xx responses that carried one.
    pub fn code(&self) -> Option<u64> {
        match &self.kind {
            ErrorKind::Response { body: Some(body), .. }
            | ErrorKind::Unauthorized { body: Some(body) } => Some(body.code),
            _ => None,
        }
    }

    /// The status code of the response that caused the error, if one arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.kind {
            ErrorKind::Response { status, .. } | ErrorKind::ServerError { status, .. } => {
                Some(*status)
            }
            ErrorKind::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            ErrorKind::RatelimitedGaveUp { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            _ => None,
        }
    }
}

impl From<ValidationError> for Error {
    fn from(error: ValidationError) -> Self {
        Self::new(ErrorKind::Validation(error))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::BuildingRequest => f.write_str("failed to build the request"),
            ErrorKind::Validation(error) => write!(f, "invalid request: {error}"),
            ErrorKind::Transport => f.write_str("failed to send the request or read the response"),
            ErrorKind::Tls => f.write_str(
                "the TLS handshake failed: check the base URL's host and the trusted roots",
            ),
            ErrorKind::Timeout { timeout } => {
                write!(f, "no response within {} ms", timeout.as_millis())
            }
            ErrorKind::BodyTooLarge { limit } => write!(
                f,
                "the response body is larger than {limit} bytes: raise `max_body_size` if it \
                 is expected"
            ),
            ErrorKind::BodyTimeout { timeout } => {
                write!(f, "the response body did not arrive within {} ms", timeout.as_millis())
            }
            ErrorKind::Unauthorized { .. } => {
                f.write_str("discord rejected the token (401): check that it is valid")
            }
            ErrorKind::Response { status, body: Some(body), .. } => {
                write!(f, "discord answered {status}: {body}")
            }
            ErrorKind::Response { status, body: None, .. } => {
                write!(f, "discord answered {status}")
            }
            ErrorKind::ServerError { status, attempts } => {
                write!(f, "discord answered {status} after {attempts} attempts")
            }
            ErrorKind::RatelimitedGaveUp { attempts, retry_after, global, .. } => write!(
                f,
                "rate limited {attempts} times{}, gave up (last retry after {} ms)",
                if *global { " globally" } else { "" },
                retry_after.as_millis()
            ),
            ErrorKind::Ratelimiter => f.write_str("the rate limiter failed"),
            ErrorKind::Parsing { .. } => f.write_str("failed to parse the response body"),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().map(|source| &**source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::{Error, ErrorKind};
    use crate::validate::{ValidationError, ValidationErrorKind};
    use static_assertions::assert_impl_all;
    use std::error::Error as _;

    assert_impl_all!(Error: Send, Sync, std::error::Error);

    #[test]
    fn messages_are_lower_case_without_trailing_punctuation() {
        let errors = [
            Error::new(ErrorKind::Transport),
            Error::new(ErrorKind::Unauthorized { body: None }),
            Error::from(ValidationError::new(
                "content",
                ValidationErrorKind::TooLong { max: 2000, actual: 2001 },
            )),
        ];
        for error in errors {
            let message = error.to_string();
            assert!(message.starts_with(char::is_lowercase), "{message}");
            assert!(!message.ends_with(['.', '!']), "{message}");
        }
    }

    #[test]
    fn source_is_kept_and_handed_out() {
        let io = std::io::Error::other("boom");
        let error = Error::with_source(ErrorKind::Transport, io);
        assert_eq!(error.source().unwrap().to_string(), "boom");
        let (kind, source) = error.into_parts();
        assert!(matches!(kind, ErrorKind::Transport));
        assert_eq!(source.unwrap().to_string(), "boom");
    }
}
