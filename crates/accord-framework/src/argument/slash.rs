//! Reading the options of a slash command by name.

use accord_model::application::command::{CommandOption, CommandOptionType};
use accord_model::interaction::{CommandData, CommandDataOption, CommandOptionValue};

use super::{ArgumentError, SlashArgument};
use crate::invocation::Invocation;

/// The options of the (sub)command that was run, read by parameter name.
#[derive(Debug, Clone, Copy)]
pub struct SlashArgs<'a> {
    options: &'a [CommandDataOption],
}

impl<'a> SlashArgs<'a> {
    /// The options given to a leaf (sub)command.
    pub const fn new(options: &'a [CommandDataOption]) -> Self {
        Self { options }
    }

    /// The options of the leaf of `data`: descends through subcommand groups and subcommands.
    /// Also returns the subcommand path, outermost first.
    pub fn leaf(data: &'a CommandData) -> (Vec<&'a str>, Self) {
        let mut path = Vec::new();
        let mut options = data.options();
        while let [only] = options
            && matches!(
                only.kind,
                CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
            )
        {
            path.push(only.name.as_str());
            options = only.options.as_deref().unwrap_or_default();
        }
        (path, Self { options })
    }

    /// The option named `name`, as sent.
    pub fn get(&self, name: &str) -> Option<&'a CommandDataOption> {
        self.options.iter().find(|option| option.name == name)
    }

    /// Reads a required parameter.
    pub fn required<T: SlashArgument>(
        &self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<T, ArgumentError> {
        self.optional(invocation, option)?
            .ok_or_else(|| ArgumentError::missing().for_parameter(&option.name))
    }

    /// Reads an optional parameter.
    pub fn optional<T: SlashArgument>(
        &self,
        invocation: &Invocation,
        option: &CommandOption,
    ) -> Result<Option<T>, ArgumentError> {
        let Some(value) = self.get(&option.name).and_then(|given| given.value.as_ref()) else {
            return Ok(None);
        };
        T::extract(invocation, value, option)
            .map(Some)
            .map_err(|error| error.for_parameter(&option.name))
    }

    /// Reads a flag: a boolean option, `false` when left out.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name).and_then(|given| given.value.as_ref()).and_then(CommandOptionValue::as_bool)
            == Some(true)
    }
}
