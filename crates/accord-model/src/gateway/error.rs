//! Why a gateway payload could not be read.

use std::error::Error;
use std::fmt;

use super::EventType;

/// A gateway payload that could not be parsed. Nothing is lost by it: the caller logs it and
/// carries on (or reconnects, for transport corruption).
#[derive(Debug)]
pub struct ParseError {
    kind: ParseErrorKind,
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// What went wrong while parsing a gateway payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is not JSON, or not a JSON object.
    Json,
    /// The payload has no `op`.
    MissingOpcode,
    /// The payload has an `op` this version does not know.
    UnknownOpcode(u8),
    /// A dispatch has no `t` or no `s`, or a payload that needs `d` has none.
    MissingField(&'static str),
    /// The `d` of a payload does not match its type.
    Payload {
        /// The opcode.
        opcode: u8,
        /// The event, for dispatches of a known name.
        event: Option<EventType>,
    },
}

impl ParseError {
    pub(crate) fn new(kind: ParseErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: ParseErrorKind,
        source: impl Error + Send + Sync + 'static,
    ) -> Self {
        Self { kind, source: Some(Box::new(source)) }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// The underlying error, if any.
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (ParseErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ParseErrorKind::Json => f.write_str("gateway payload is not a JSON object")?,
            ParseErrorKind::MissingOpcode => f.write_str("gateway payload has no opcode")?,
            ParseErrorKind::UnknownOpcode(op) => {
                write!(f, "gateway payload has unknown opcode {op}")?;
            }
            ParseErrorKind::MissingField(field) => {
                write!(f, "gateway payload is missing `{field}`")?;
            }
            ParseErrorKind::Payload { opcode, event: Some(event) } => {
                write!(f, "data of {event} (opcode {opcode}) does not match its type")?;
            }
            ParseErrorKind::Payload { opcode, event: None } => {
                write!(f, "data of opcode {opcode} does not match its type")?;
            }
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for ParseError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}
