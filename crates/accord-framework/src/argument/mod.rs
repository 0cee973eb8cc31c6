//! Typed arguments: the traits that read a parameter from a prefix command's text, from a slash
//! command's options or from a context menu's target, with the built-in types.
//!
//! These traits are the framework's lower layer: `#[command]` calls them, and another framework
//! can use them (with [`PrefixArgs`], [`SlashArgs`] and an [`Invocation`]) without the macro.

mod builtin;
mod choice;
mod entities;
mod error;
mod prefix;
mod slash;

use std::future::Future;

use accord_model::application::command::{CommandOption, CommandType};
use accord_model::interaction::CommandOptionValue;

pub use self::choice::{
    ChoiceArgument, choice_describe, choice_extract, choice_parse, matches_choice, string_choice,
};
pub use self::entities::Mentionable;
pub use self::error::{ArgumentError, ArgumentErrorKind};
pub use self::prefix::{Position, PrefixArgs, Token, tokenize};
pub use self::slash::SlashArgs;
use crate::invocation::Invocation;

/// A type read from the text of a prefix command.
///
/// `option` is the parameter's description, with the bounds (`min_value`, `max_length`,
/// `channel_types`, …) the value must respect. Most types take one token:
///
/// ```
/// use std::future::{Future, ready};
///
/// use accord_framework::argument::{ArgumentError, PrefixArgs, PrefixArgument};
/// use accord_framework::model::application::command::CommandOption;
/// use accord_framework::Invocation;
///
/// /// A hex color such as `#ff8800`.
/// struct Color(u32);
///
/// impl PrefixArgument for Color {
///     fn parse(
///         _: &Invocation,
///         args: &mut PrefixArgs,
///         _: &CommandOption,
///     ) -> impl Future<Output = Result<Self, ArgumentError>> + Send {
///         let parsed = args.token().and_then(|token| {
///             let hex = token.trim_start_matches('#');
///             u32::from_str_radix(hex, 16)
///                 .map(Color)
///                 .map_err(|_| ArgumentError::invalid(token.clone(), "a hex color"))
///         });
///         ready(parsed)
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be read from the text of a prefix command",
    label = "not a prefix command argument",
    note = "implement `accord_framework::argument::PrefixArgument` for it, or make the command slash-only with `#[command(slash)]`"
)]
pub trait PrefixArgument: Sized + Send {
    /// Reads the value from `args`, consuming what it used.
    fn parse(
        invocation: &Invocation,
        args: &mut PrefixArgs,
        option: &CommandOption,
    ) -> impl Future<Output = Result<Self, ArgumentError>> + Send;
}

/// A type read from a slash command option.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a slash command option",
    label = "not a slash command option",
    note = "implement `accord_framework::argument::SlashArgument` for it; `Vec<T>` and other variadic parameters only work in prefix commands (`#[command(prefix)]`)"
)]
pub trait SlashArgument: Sized {
    /// Sets the option's type and what the type implies (bounds of small integers, choices).
    fn describe(option: &mut CommandOption);

    /// Reads the value Discord sent; resolved users, channels and so on are in the
    /// invocation.
    fn extract(
        invocation: &Invocation,
        value: &CommandOptionValue,
        option: &CommandOption,
    ) -> Result<Self, ArgumentError>;
}

/// The target of a context-menu command: a user or a message.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the target of a context-menu command",
    note = "user commands take a `User` or a `Member`, message commands a `Message`"
)]
pub trait ContextMenuTarget: Sized {
    /// The kind of context-menu command that has this target.
    const KIND: CommandType;

    /// Reads the target from the interaction.
    fn extract(invocation: &Invocation) -> Result<Self, ArgumentError>;
}

/// The bounds `option` sets on a number, checked.
pub(crate) fn check_number(value: f64, option: &CommandOption) -> Result<(), ArgumentError> {
    use accord_model::application::command::CommandOptionNumber;
    #[allow(clippy::cast_precision_loss, reason = "Discord bounds integers to 2^53")]
    let as_f64 = |bound: &CommandOptionNumber| match bound {
        CommandOptionNumber::Integer(n) => *n as f64,
        CommandOptionNumber::Number(n) => *n,
        _ => f64::NAN,
    };
    let min = option.min_value.as_ref().map(as_f64);
    let max = option.max_value.as_ref().map(as_f64);
    if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
        return Err(ArgumentError::new(ArgumentErrorKind::OutOfRange { value, min, max }));
    }
    Ok(())
}

/// The bounds `option` sets on a string's length, checked.
pub(crate) fn check_length(text: &str, option: &CommandOption) -> Result<(), ArgumentError> {
    let length = text.chars().count();
    let (min, max) = (option.min_length, option.max_length);
    if min.is_some_and(|min| length < usize::from(min))
        || max.is_some_and(|max| length > usize::from(max))
    {
        return Err(ArgumentError::new(ArgumentErrorKind::Length { length, min, max }));
    }
    Ok(())
}
