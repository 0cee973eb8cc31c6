//! Why a control call failed.

use std::error::Error;
use std::fmt;

use crate::world::WorldError;

/// A control call that could not be done.
#[derive(Debug)]
pub struct ControlError {
    kind: ControlErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// What kind of control call failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ControlErrorKind {
    /// No guild with that id.
    UnknownGuild,
    /// No channel with that id.
    UnknownChannel,
    /// The user is not a member of that guild.
    UnknownMember,
    /// No message with that id in that channel.
    UnknownMessage,
    /// No user with that id.
    UnknownUser,
    /// No role with that id.
    UnknownRole,
    /// The request is malformed or the change is impossible (the message says why).
    Invalid,
    /// A firehose could not start.
    Firehose,
    /// The interactions endpoint URL was refused, or the endpoint could not be probed.
    InteractionsEndpoint,
}

impl ControlError {
    pub(crate) fn new(kind: ControlErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), source: None }
    }

    pub(crate) fn with_source(
        kind: ControlErrorKind,
        message: impl Into<String>,
        source: impl Error + Send + Sync + 'static,
    ) -> Self {
        Self { kind, message: message.into(), source: Some(Box::new(source)) }
    }

    /// What kind of call failed.
    pub fn kind(&self) -> ControlErrorKind {
        self.kind
    }

    /// The underlying error, if any.
    pub fn into_source(self) -> Option<Box<dyn Error + Send + Sync>> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (ControlErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for ControlError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}

impl From<WorldError> for ControlError {
    fn from(error: WorldError) -> Self {
        use ControlErrorKind as K;
        let (kind, message) = match error {
            WorldError::UnknownGuild => (K::UnknownGuild, "unknown guild".to_owned()),
            WorldError::UnknownChannel => (K::UnknownChannel, "unknown channel".to_owned()),
            WorldError::UnknownMember => (K::UnknownMember, "the user is not a member".to_owned()),
            WorldError::UnknownMessage => (K::UnknownMessage, "unknown message".to_owned()),
            WorldError::UnknownUser => (K::UnknownUser, "unknown user".to_owned()),
            WorldError::UnknownRole => (K::UnknownRole, "unknown role".to_owned()),
            WorldError::EmptyMessage => (K::Invalid, "a message needs content".to_owned()),
            WorldError::InvalidForm { field, message, .. } => {
                (K::Invalid, format!("{field}: {message}"))
            }
            other => (K::Invalid, format!("refused: {other:?}")),
        };
        Self::new(kind, message)
    }
}

#[cfg(test)]
mod tests {
    use super::{ControlError, ControlErrorKind};
    use crate::world::WorldError;

    #[test]
    fn world_errors_keep_their_meaning() {
        let error = ControlError::from(WorldError::UnknownChannel);
        assert_eq!(error.kind(), ControlErrorKind::UnknownChannel);
        assert_eq!(error.to_string(), "unknown channel");
        let empty = ControlError::from(WorldError::EmptyMessage);
        assert_eq!(empty.kind(), ControlErrorKind::Invalid);
        assert!(empty.into_source().is_none());
    }
}
