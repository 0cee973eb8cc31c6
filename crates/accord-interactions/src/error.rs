//! The crate's error type: start-up, serving and late responses.

use std::error::Error as StdError;
use std::fmt;

/// A boxed error, as [`RestResponder`](crate::RestResponder) implementations return it.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// What went wrong: a bad public key at start-up, a socket that could not be served, or a
/// response that could not be delivered.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<BoxError>,
}

/// The kinds of [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The application's public key is not 64 hex digits of a valid Ed25519 point.
    PublicKey,
    /// Binding or serving the socket failed.
    Io,
    /// The HTTP request was gone (Discord hung up) before the first response was ready.
    ConnectionClosed,
    /// The response missed the deadline and cannot be sent later: autocomplete choices and
    /// modals are only valid as the first response.
    ResponseExpired,
    /// The response missed the deadline and the REST call that carries it failed (or the
    /// interaction had no application id to address it with).
    Rest,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, source: Option<BoxError>) -> Self {
        Self { kind, source }
    }

    pub(crate) fn with_message(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self::new(kind, Some(message.into().into()))
    }

    /// What went wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The underlying error, if any.
    pub fn into_source(self) -> Option<BoxError> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (ErrorKind, Option<BoxError>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            ErrorKind::PublicKey => {
                "the public key is invalid: copy the application's 64-digit hex public key from the developer portal"
            }
            ErrorKind::Io => "serving the interactions endpoint failed",
            ErrorKind::ConnectionClosed => "the interaction's HTTP request was closed before the response",
            ErrorKind::ResponseExpired => {
                "the response missed the deadline and this kind of response cannot be sent later"
            }
            ErrorKind::Rest => "sending the late response through the REST API failed",
        })?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn StdError + 'static))
    }
}
