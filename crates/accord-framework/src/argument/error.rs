//! Why an argument could not be read.

use std::error::Error;
use std::fmt;

use crate::error::BoxError;

/// An argument that was missing or could not be read, with the parameter it was for.
#[derive(Debug)]
pub struct ArgumentError {
    kind: ArgumentErrorKind,
    parameter: Option<String>,
    source: Option<BoxError>,
}

/// What was wrong with an argument.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ArgumentErrorKind {
    /// A required argument was not given.
    Missing,
    /// The input is not a value of the expected type.
    Invalid {
        /// What the input was.
        input: String,
        /// What was expected, such as "an integer" or "a user".
        expected: &'static str,
    },
    /// A number outside of the parameter's bounds.
    OutOfRange {
        /// The value given.
        value: f64,
        /// The smallest value allowed.
        min: Option<f64>,
        /// The largest value allowed.
        max: Option<f64>,
    },
    /// A string shorter or longer than the parameter allows.
    Length {
        /// The length given, in characters.
        length: usize,
        /// The shortest allowed.
        min: Option<u16>,
        /// The longest allowed.
        max: Option<u16>,
    },
    /// The user, member, channel, role or attachment named does not exist or is not in
    /// reach.
    NotFound {
        /// What was looked for, such as "user".
        what: &'static str,
        /// The input.
        input: String,
    },
    /// A channel of a type the parameter does not accept.
    ChannelType,
    /// More arguments were given than the command takes.
    TooMany {
        /// The first argument left over.
        input: String,
    },
    /// The value is not one of the parameter's choices.
    NotAChoice {
        /// The input.
        input: String,
        /// The choices, by name.
        choices: Vec<String>,
    },
    /// A custom argument type's own error (the source).
    Custom,
}

impl ArgumentError {
    /// An error of `kind`.
    pub const fn new(kind: ArgumentErrorKind) -> Self {
        Self { kind, parameter: None, source: None }
    }

    /// An error of a custom argument type.
    pub fn custom(source: impl Into<BoxError>) -> Self {
        Self { kind: ArgumentErrorKind::Custom, parameter: None, source: Some(source.into()) }
    }

    /// A missing argument.
    pub const fn missing() -> Self {
        Self::new(ArgumentErrorKind::Missing)
    }

    /// Input that is not a value of the type `expected` names.
    pub fn invalid(input: impl Into<String>, expected: &'static str) -> Self {
        Self::new(ArgumentErrorKind::Invalid { input: input.into(), expected })
    }

    /// Input naming something that does not exist.
    pub fn not_found(what: &'static str, input: impl Into<String>) -> Self {
        Self::new(ArgumentErrorKind::NotFound { what, input: input.into() })
    }

    /// Names the parameter the argument was for (kept when already set).
    #[must_use]
    pub fn for_parameter(mut self, name: &str) -> Self {
        if self.parameter.is_none() {
            self.parameter = Some(name.to_owned());
        }
        self
    }

    /// What was wrong.
    pub const fn kind(&self) -> &ArgumentErrorKind {
        &self.kind
    }

    /// The parameter, when known.
    pub fn parameter(&self) -> Option<&str> {
        self.parameter.as_deref()
    }

    /// The custom type's error, if any.
    pub fn into_source(self) -> Option<BoxError> {
        self.source
    }

    /// The kind and the custom type's error.
    pub fn into_parts(self) -> (ArgumentErrorKind, Option<BoxError>) {
        (self.kind, self.source)
    }
}

fn bound(value: Option<f64>) -> String {
    value.map_or_else(String::new, |v| v.to_string())
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.parameter.as_deref().unwrap_or("argument");
        match &self.kind {
            ArgumentErrorKind::Missing => write!(f, "`{name}` is required"),
            ArgumentErrorKind::Invalid { input, expected } => {
                write!(f, "`{name}`: `{input}` is not {expected}")
            }
            ArgumentErrorKind::OutOfRange { value, min, max } => match (min, max) {
                (Some(_), Some(_)) => write!(
                    f,
                    "`{name}` must be between {} and {} (got {value})",
                    bound(*min),
                    bound(*max)
                ),
                (Some(_), None) => {
                    write!(f, "`{name}` must be at least {} (got {value})", bound(*min))
                }
                _ => write!(f, "`{name}` must be at most {} (got {value})", bound(*max)),
            },
            ArgumentErrorKind::Length { length, min, max } => write!(
                f,
                "`{name}` must be {} to {} characters long (got {length})",
                min.unwrap_or(0),
                max.map_or_else(|| "any number of".to_owned(), |m| m.to_string())
            ),
            ArgumentErrorKind::NotFound { what, input } => {
                write!(f, "`{name}`: no {what} `{input}` found")
            }
            ArgumentErrorKind::ChannelType => {
                write!(f, "`{name}`: this kind of channel is not accepted here")
            }
            ArgumentErrorKind::TooMany { input } => {
                write!(f, "too many arguments, starting at `{input}`")
            }
            ArgumentErrorKind::NotAChoice { input, choices } => {
                write!(f, "`{name}` must be one of {} (got `{input}`)", choices.join(", "))
            }
            ArgumentErrorKind::Custom => match &self.source {
                Some(source) => write!(f, "`{name}`: {source}"),
                None => write!(f, "`{name}` is invalid"),
            },
        }
    }
}

impl Error for ArgumentError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_ref().map(|source| &**source as &(dyn Error + 'static))
    }
}
