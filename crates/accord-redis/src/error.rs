//! The crate's one error type.

use std::error::Error as StdError;
use std::fmt;

/// A boxed error source.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// What went wrong talking to Redis.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    source: Option<BoxError>,
}

/// The kind of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The Redis URL does not parse.
    Url,
    /// Redis could not be reached, or refused a command.
    Redis,
    /// Redis did not answer within the configured timeout.
    Timeout,
    /// A script answered something this version does not understand.
    Reply,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, source: impl Into<BoxError>) -> Self {
        Self { kind, source: Some(source.into()) }
    }

    pub(crate) fn timeout() -> Self {
        Self { kind: ErrorKind::Timeout, source: None }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
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
        match self.kind {
            ErrorKind::Url => f.write_str("the redis url is invalid"),
            ErrorKind::Redis => f.write_str("redis failed; check that it runs and is reachable"),
            ErrorKind::Timeout => f.write_str("redis did not answer in time"),
            ErrorKind::Reply => f.write_str("redis answered something unexpected"),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn StdError + 'static))
    }
}

impl From<redis::RedisError> for Error {
    fn from(error: redis::RedisError) -> Self {
        let kind = if error.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Redis };
        Self::new(kind, error)
    }
}
