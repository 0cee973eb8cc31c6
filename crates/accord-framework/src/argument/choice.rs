//! Enums as choices: what `#[derive(ChoiceArgument)]` implements, usable by hand too.

use accord_model::application::command::{
    CommandOption, CommandOptionChoice, CommandOptionChoiceValue, CommandOptionType,
};
use accord_model::interaction::CommandOptionValue;

use super::{ArgumentError, ArgumentErrorKind, PrefixArgs};

/// A type with a fixed set of values, offered as the choices of a string option and matched by
/// name (case-insensitively) in prefix commands.
///
/// `#[derive(ChoiceArgument)]` implements it (with [`PrefixArgument`](super::PrefixArgument)
/// and [`SlashArgument`](super::SlashArgument)) for enums of unit variants.
pub trait ChoiceArgument: Sized {
    /// The choices, in order: the name shown and the value sent back.
    fn choices() -> Vec<CommandOptionChoice>;

    /// The variant whose value or name is `input` (names compared case-insensitively).
    fn from_choice(input: &str) -> Option<Self>;
}

fn not_a_choice<T: ChoiceArgument>(input: &str) -> ArgumentError {
    let choices = T::choices().into_iter().map(|choice| choice.name.to_string()).collect();
    ArgumentError::new(ArgumentErrorKind::NotAChoice { input: input.to_owned(), choices })
}

/// [`SlashArgument::describe`](super::SlashArgument::describe) for a choice type.
pub fn choice_describe<T: ChoiceArgument>(option: &mut CommandOption) {
    option.kind = CommandOptionType::String;
    option.choices = Some(T::choices());
}

/// [`SlashArgument::extract`](super::SlashArgument::extract) for a choice type.
pub fn choice_extract<T: ChoiceArgument>(value: &CommandOptionValue) -> Result<T, ArgumentError> {
    let input =
        value.as_str().ok_or_else(|| ArgumentError::invalid(format!("{value:?}"), "a choice"))?;
    T::from_choice(input).ok_or_else(|| not_a_choice::<T>(input))
}

/// [`PrefixArgument::parse`](super::PrefixArgument::parse) for a choice type.
pub fn choice_parse<T: ChoiceArgument>(args: &mut PrefixArgs) -> Result<T, ArgumentError> {
    let token = args.token()?;
    T::from_choice(&token).ok_or_else(|| not_a_choice::<T>(&token))
}

/// Whether a choice has `input` as its value or (case-insensitively) its name: the helper the
/// derive's `from_choice` uses.
pub fn matches_choice(choice_name: &str, choice_value: &str, input: &str) -> bool {
    choice_value == input || choice_name.eq_ignore_ascii_case(input)
}

/// A choice with a string value.
pub fn string_choice(name: &str, value: &str) -> CommandOptionChoice {
    CommandOptionChoice::new(name, CommandOptionChoiceValue::String(value.into()))
}
