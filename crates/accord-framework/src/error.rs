//! The framework's error: what went wrong between an event arriving and a command finishing.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use accord_model::permissions::Permissions;

use crate::argument::ArgumentError;
use crate::cooldown::CooldownBucket;

/// A boxed error, what command functions and checks may return.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// Something that kept a command from running or that it returned, delivered to the
/// framework's `on_error` hook together with the command's [`Context`](crate::Context).
///
/// The default hook, [`default_on_error`](crate::default_on_error), answers the user for the
/// errors they caused (bad arguments, cooldowns, permissions) and logs the others.
#[derive(Debug)]
pub struct FrameworkError {
    kind: FrameworkErrorKind,
    source: Option<BoxError>,
}

/// What kind of [`FrameworkError`] happened.
#[derive(Debug)]
#[non_exhaustive]
pub enum FrameworkErrorKind {
    /// An argument was missing or could not be parsed.
    Argument(ArgumentError),
    /// A custom check said no (or failed: the source is its error).
    CheckFailed {
        /// The check's name, when it has one.
        check: Option<String>,
    },
    /// The command is on cooldown.
    Cooldown {
        /// How long until it can be used again.
        remaining: Duration,
        /// The bucket that is cooling down.
        bucket: CooldownBucket,
    },
    /// The user lacks permissions the command requires.
    MissingUserPermissions {
        /// The permissions missing.
        missing: Permissions,
    },
    /// The bot lacks permissions the command requires.
    MissingBotPermissions {
        /// The permissions missing.
        missing: Permissions,
    },
    /// Only the bot's owners may use the command.
    NotOwner,
    /// The command only works in guilds.
    GuildOnly,
    /// The command only works in direct messages.
    DmOnly,
    /// The command only works in age-restricted channels.
    NsfwOnly,
    /// The command itself returned an error (the source).
    Command,
    /// A prefix command name or an interaction names no known command.
    UnknownCommand {
        /// The name used.
        name: String,
    },
    /// The interaction does not match the command as the framework defines it: the registered
    /// commands are out of date; register them again.
    StructureMismatch {
        /// What did not match.
        reason: String,
    },
    /// The command only groups subcommands and was used without one.
    SubcommandRequired,
    /// Permissions or channel details needed for a check could not be fetched (the source is
    /// the HTTP error).
    Lookup,
    /// Sending a reply failed (the source is the HTTP error).
    Reply,
    /// The command, a check, a hook, a route or an autocomplete callback panicked. The
    /// framework caught it: the interaction's automatic deferral was stopped and the default
    /// hook answers as for a command error.
    Panic {
        /// The panic's message, when it was text.
        message: String,
    },
}

impl FrameworkError {
    /// An error of `kind` without a source.
    pub const fn new(kind: FrameworkErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// An error of `kind` caused by `source`.
    pub fn with_source(kind: FrameworkErrorKind, source: impl Into<BoxError>) -> Self {
        Self { kind, source: Some(source.into()) }
    }

    /// The error a command function returned.
    pub fn command(error: impl Into<BoxError>) -> Self {
        Self::with_source(FrameworkErrorKind::Command, error)
    }

    /// What went wrong.
    pub const fn kind(&self) -> &FrameworkErrorKind {
        &self.kind
    }

    /// The underlying error, if any.
    pub fn into_source(self) -> Option<BoxError> {
        self.source
    }

    /// The kind and the underlying error.
    pub fn into_parts(self) -> (FrameworkErrorKind, Option<BoxError>) {
        (self.kind, self.source)
    }

    /// Whether the user caused the error (and should be told), as opposed to the bot or its
    /// configuration.
    pub const fn is_user_error(&self) -> bool {
        !matches!(
            self.kind,
            FrameworkErrorKind::Command
                | FrameworkErrorKind::StructureMismatch { .. }
                | FrameworkErrorKind::Lookup
                | FrameworkErrorKind::Reply
                | FrameworkErrorKind::Panic { .. }
        )
    }
}

impl From<ArgumentError> for FrameworkError {
    fn from(error: ArgumentError) -> Self {
        Self::new(FrameworkErrorKind::Argument(error))
    }
}

impl fmt::Display for FrameworkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FrameworkErrorKind::Argument(error) => error.fmt(f),
            FrameworkErrorKind::CheckFailed { check: Some(check) } => {
                write!(f, "the check `{check}` did not pass")
            }
            FrameworkErrorKind::CheckFailed { check: None } => f.write_str("a check did not pass"),
            FrameworkErrorKind::Cooldown { remaining, .. } => {
                write!(
                    f,
                    "the command is on cooldown; try again in {}",
                    format_duration(*remaining)
                )
            }
            FrameworkErrorKind::MissingUserPermissions { missing } => {
                write!(f, "you need the {} permission(s)", permission_names(*missing))
            }
            FrameworkErrorKind::MissingBotPermissions { missing } => {
                write!(f, "the bot needs the {} permission(s)", permission_names(*missing))
            }
            FrameworkErrorKind::NotOwner => {
                f.write_str("only the bot's owners may use this command")
            }
            FrameworkErrorKind::GuildOnly => f.write_str("this command only works in servers"),
            FrameworkErrorKind::DmOnly => f.write_str("this command only works in direct messages"),
            FrameworkErrorKind::NsfwOnly => {
                f.write_str("this command only works in age-restricted channels")
            }
            FrameworkErrorKind::Command => f.write_str("the command returned an error"),
            FrameworkErrorKind::UnknownCommand { name } => write!(f, "unknown command `{name}`"),
            FrameworkErrorKind::StructureMismatch { reason } => write!(
                f,
                "the interaction does not match the command ({reason}); register the commands again"
            ),
            FrameworkErrorKind::SubcommandRequired => {
                f.write_str("this command needs a subcommand")
            }
            FrameworkErrorKind::Lookup => {
                f.write_str("could not fetch what a check needed from Discord")
            }
            FrameworkErrorKind::Reply => f.write_str("could not send the reply"),
            FrameworkErrorKind::Panic { message } => write!(f, "the handler panicked: {message}"),
        }
    }
}

impl Error for FrameworkError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            FrameworkErrorKind::Argument(error) => Some(error),
            _ => self.source.as_ref().map(|source| &**source as &(dyn Error + 'static)),
        }
    }
}

/// `1.5 s`, `12 s`, `3 min 20 s`.
pub(crate) fn format_duration(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds < 10.0 {
        format!("{seconds:.1} s")
    } else if seconds < 60.0 {
        format!("{} s", duration.as_secs())
    } else {
        let total = duration.as_secs();
        format!("{} min {} s", total / 60, total % 60)
    }
}

/// `Ban Members, Kick Members`.
pub(crate) fn permission_names(permissions: Permissions) -> String {
    let names: Vec<String> = permissions
        .iter_names()
        .map(|(name, _)| {
            name.split('_')
                .map(|word| {
                    let mut chars = word.chars();
                    chars.next().map_or_else(String::new, |first| {
                        first.to_string() + &chars.as_str().to_lowercase()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    names.join(", ")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use accord_model::permissions::Permissions;

    use super::{format_duration, permission_names};

    #[test]
    fn durations_and_permissions_read_well() {
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(format_duration(Duration::from_secs(42)), "42 s");
        assert_eq!(format_duration(Duration::from_secs(200)), "3 min 20 s");
        assert_eq!(
            permission_names(Permissions::BAN_MEMBERS | Permissions::KICK_MEMBERS),
            "Kick Members, Ban Members"
        );
    }
}
