//! Command descriptors: what a command is called, what it takes, who may use it, and the
//! function that runs it. `#[command]` builds them; they can be built by hand too.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use accord_model::application::command::{
    CommandOption, CommandOptionChoice, CommandOptionNumber, CommandOptionType,
};
use accord_model::channel::ChannelType;
use accord_model::locale::{Locale, Localizations};
use accord_model::permissions::Permissions;

use crate::argument::SlashArgument;
use crate::context::Context;
use crate::cooldown::CooldownConfig;
use crate::error::{BoxError, FrameworkError};

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

type ActionFn<D> =
    Arc<dyn Fn(Context<D>) -> BoxFuture<'static, Result<(), FrameworkError>> + Send + Sync>;
type CheckFn<D> =
    Arc<dyn Fn(Context<D>) -> BoxFuture<'static, Result<bool, BoxError>> + Send + Sync>;
type AutocompleteFn<D> =
    Arc<dyn Fn(Context<D>, String) -> BoxFuture<'static, Vec<CommandOptionChoice>> + Send + Sync>;

/// How a command can be used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CommandKinds {
    /// As a prefix command (`!name args`).
    pub prefix: bool,
    /// As a slash command.
    pub slash: bool,
    /// In the context menu of a user.
    pub user: bool,
    /// In the context menu of a message.
    pub message: bool,
}

impl CommandKinds {
    /// Prefix and slash.
    pub const PREFIX_AND_SLASH: Self =
        Self { prefix: true, slash: true, user: false, message: false };
}

/// A custom check: an async predicate on the context, run before the command.
pub struct Check<D> {
    name: Option<String>,
    run: CheckFn<D>,
}

impl<D> Clone for Check<D> {
    fn clone(&self) -> Self {
        Self { name: self.name.clone(), run: self.run.clone() }
    }
}

impl<D> fmt::Debug for Check<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check").field("name", &self.name).finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static> Check<D> {
    /// A check named `name` (shown in the error when it fails).
    pub fn new<F, Fut, E>(name: impl Into<String>, check: F) -> Self
    where
        F: Fn(Context<D>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<bool, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let run: CheckFn<D> = Arc::new(move |ctx| {
            let future = check(ctx);
            Box::pin(async move { future.await.map_err(Into::into) })
        });
        Self { name: Some(name.into()), run }
    }

    /// The check's name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Runs the check.
    pub async fn run(&self, ctx: Context<D>) -> Result<bool, BoxError> {
        (self.run)(ctx).await
    }
}

/// A parameter: its slash option (name, description, type, bounds) and how prefix commands
/// read it.
#[non_exhaustive]
pub struct Parameter<D> {
    /// The option as registered; bounds in it are checked for prefix commands too.
    pub option: CommandOption,
    /// Prefix commands read every remaining value (`Vec<T>` parameters).
    pub variadic: bool,
    /// Prefix commands read the rest of the line.
    pub rest: bool,
    /// A `--name` flag in prefix commands, a boolean option in slash commands.
    pub flag: bool,
    autocomplete: Option<AutocompleteFn<D>>,
}

impl<D> Clone for Parameter<D> {
    fn clone(&self) -> Self {
        Self {
            option: self.option.clone(),
            variadic: self.variadic,
            rest: self.rest,
            flag: self.flag,
            autocomplete: self.autocomplete.clone(),
        }
    }
}

impl<D> fmt::Debug for Parameter<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parameter")
            .field("option", &self.option)
            .field("variadic", &self.variadic)
            .field("rest", &self.rest)
            .field("flag", &self.flag)
            .field("autocomplete", &self.autocomplete.is_some())
            .finish()
    }
}

impl<D: Send + Sync + 'static> Parameter<D> {
    /// A required string parameter described by its name.
    pub fn new(name: impl Into<String>) -> Self {
        let name = name.into();
        let mut option =
            CommandOption::new(CommandOptionType::String, name.as_str(), name.as_str());
        option.required = Some(true);
        Self { option, variadic: false, rest: false, flag: false, autocomplete: None }
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        &self.option.name
    }

    /// Sets the description (1 to 100 characters).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.option.description = description.into().into();
        self
    }

    /// Sets whether the parameter must be given.
    #[must_use]
    pub fn required(mut self, required: bool) -> Self {
        self.option.required = Some(required);
        self
    }

    /// Takes the option's type (and what it implies) from `T`.
    #[must_use]
    pub fn slash_type<T: SlashArgument>(mut self) -> Self {
        T::describe(&mut self.option);
        self
    }

    /// Sets the smallest integer allowed.
    #[must_use]
    pub fn min_int(mut self, min: i64) -> Self {
        self.option.min_value = Some(CommandOptionNumber::Integer(min));
        self
    }

    /// Sets the largest integer allowed.
    #[must_use]
    pub fn max_int(mut self, max: i64) -> Self {
        self.option.max_value = Some(CommandOptionNumber::Integer(max));
        self
    }

    /// Sets the smallest number allowed.
    #[must_use]
    pub fn min_number(mut self, min: f64) -> Self {
        self.option.min_value = Some(CommandOptionNumber::Number(min));
        self
    }

    /// Sets the largest number allowed.
    #[must_use]
    pub fn max_number(mut self, max: f64) -> Self {
        self.option.max_value = Some(CommandOptionNumber::Number(max));
        self
    }

    /// Sets the shortest string allowed.
    #[must_use]
    pub fn min_length(mut self, min: u16) -> Self {
        self.option.min_length = Some(min);
        self
    }

    /// Sets the longest string allowed.
    #[must_use]
    pub fn max_length(mut self, max: u16) -> Self {
        self.option.max_length = Some(max);
        self
    }

    /// Sets the channel types a channel parameter accepts.
    #[must_use]
    pub fn channel_types(mut self, types: Vec<ChannelType>) -> Self {
        self.option.channel_types = Some(types);
        self
    }

    /// Adds a localized name.
    #[must_use]
    pub fn name_localized(mut self, locale: &str, name: &str) -> Self {
        self.option
            .name_localizations
            .get_or_insert_with(Localizations::new)
            .insert(Locale::from(locale), name.into());
        self
    }

    /// Adds a localized description.
    #[must_use]
    pub fn description_localized(mut self, locale: &str, description: &str) -> Self {
        self.option
            .description_localizations
            .get_or_insert_with(Localizations::new)
            .insert(Locale::from(locale), description.into());
        self
    }

    /// Prefix commands read every remaining value into it.
    #[must_use]
    pub const fn variadic(mut self) -> Self {
        self.variadic = true;
        self
    }

    /// Prefix commands read the rest of the line into it.
    #[must_use]
    pub const fn rest(mut self) -> Self {
        self.rest = true;
        self
    }

    /// Makes it a flag: `--name` in prefix commands, an optional boolean in slash commands.
    #[must_use]
    pub fn flag(mut self) -> Self {
        self.flag = true;
        self.option.kind = CommandOptionType::Boolean;
        self.option.required = Some(false);
        self
    }

    /// Suggests values while the user types: `complete` gets the text typed so far and
    /// returns up to 25 choices.
    #[must_use]
    pub fn autocomplete<F, Fut>(mut self, complete: F) -> Self
    where
        F: Fn(Context<D>, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Vec<CommandOptionChoice>> + Send + 'static,
    {
        self.option.autocomplete = Some(true);
        self.autocomplete = Some(Arc::new(move |ctx, partial| Box::pin(complete(ctx, partial))));
        self
    }

    /// Runs the autocomplete callback, if there is one.
    pub async fn complete(
        &self,
        ctx: Context<D>,
        partial: String,
    ) -> Option<Vec<CommandOptionChoice>> {
        let complete = self.autocomplete.clone()?;
        Some(complete(ctx, partial).await)
    }

    /// How the help shows it: `<name>`, `[name]`, `[name...]`, `[--name]`.
    pub fn usage(&self) -> String {
        let name = &self.option.name;
        if self.flag {
            format!("[--{name}]")
        } else if self.variadic {
            format!("[{name}...]")
        } else if self.option.required == Some(true) {
            if self.rest { format!("<{name}...>") } else { format!("<{name}>") }
        } else {
            format!("[{name}]")
        }
    }
}

/// A command: its names and description, how it can be used, its parameters, subcommands and
/// checks, and the function that runs it.
///
/// Fields are public to read and adjust; the chained setters cover the common cases.
#[non_exhaustive]
pub struct Command<D> {
    /// The name (lower case for slash commands).
    pub name: String,
    /// The name in the context menu (user and message commands), when it differs.
    pub context_menu_name: Option<String>,
    /// Other names for prefix commands.
    pub aliases: Vec<String>,
    /// What it does (1 to 100 characters for slash commands).
    pub description: Option<String>,
    /// The name in other languages.
    pub name_localizations: Localizations,
    /// The description in other languages.
    pub description_localizations: Localizations,
    /// How it can be used.
    pub kinds: CommandKinds,
    /// The category the help lists it under.
    pub category: Option<String>,
    /// Whether the help leaves it out.
    pub hide_in_help: bool,
    /// The parameters, in order.
    pub parameters: Vec<Parameter<D>>,
    /// The subcommands (and subcommand groups).
    pub subcommands: Vec<Command<D>>,
    /// Whether the command only groups subcommands (always so for slash commands).
    pub subcommand_required: bool,
    /// Custom checks, all of which must pass.
    pub checks: Vec<Check<D>>,
    /// How often it may be used.
    pub cooldown: CooldownConfig,
    /// Permissions the user needs.
    pub required_permissions: Permissions,
    /// Permissions the bot needs.
    pub required_bot_permissions: Permissions,
    /// Who sees the slash command until a guild admin says otherwise.
    pub default_member_permissions: Option<Permissions>,
    /// Only in guilds.
    pub guild_only: bool,
    /// Only in direct messages.
    pub dm_only: bool,
    /// Only in age-restricted channels.
    pub nsfw_only: bool,
    /// Only for the bot's owners.
    pub owners_only: bool,
    /// Replies are ephemeral unless they say otherwise.
    pub ephemeral: bool,
    action: Option<ActionFn<D>>,
}

impl<D> Clone for Command<D> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            context_menu_name: self.context_menu_name.clone(),
            aliases: self.aliases.clone(),
            description: self.description.clone(),
            name_localizations: self.name_localizations.clone(),
            description_localizations: self.description_localizations.clone(),
            kinds: self.kinds,
            category: self.category.clone(),
            hide_in_help: self.hide_in_help,
            parameters: self.parameters.clone(),
            subcommands: self.subcommands.clone(),
            subcommand_required: self.subcommand_required,
            checks: self.checks.clone(),
            cooldown: self.cooldown,
            required_permissions: self.required_permissions,
            required_bot_permissions: self.required_bot_permissions,
            default_member_permissions: self.default_member_permissions,
            guild_only: self.guild_only,
            dm_only: self.dm_only,
            nsfw_only: self.nsfw_only,
            owners_only: self.owners_only,
            ephemeral: self.ephemeral,
            action: self.action.clone(),
        }
    }
}

impl<D> fmt::Debug for Command<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Command")
            .field("name", &self.name)
            .field("kinds", &self.kinds)
            .field("parameters", &self.parameters)
            .field("subcommands", &self.subcommands)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static> Command<D> {
    /// A prefix and slash command named `name` that does nothing yet.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            context_menu_name: None,
            aliases: Vec::new(),
            description: None,
            name_localizations: Localizations::new(),
            description_localizations: Localizations::new(),
            kinds: CommandKinds::PREFIX_AND_SLASH,
            category: None,
            hide_in_help: false,
            parameters: Vec::new(),
            subcommands: Vec::new(),
            subcommand_required: false,
            checks: Vec::new(),
            cooldown: CooldownConfig::new(),
            required_permissions: Permissions::empty(),
            required_bot_permissions: Permissions::empty(),
            default_member_permissions: None,
            guild_only: false,
            dm_only: false,
            nsfw_only: false,
            owners_only: false,
            ephemeral: false,
            action: None,
        }
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets how it can be used.
    #[must_use]
    pub const fn kinds(mut self, kinds: CommandKinds) -> Self {
        self.kinds = kinds;
        self
    }

    /// Adds a parameter.
    #[must_use]
    pub fn parameter(mut self, parameter: Parameter<D>) -> Self {
        self.parameters.push(parameter);
        self
    }

    /// Adds subcommands.
    #[must_use]
    pub fn subcommands(mut self, subcommands: impl IntoIterator<Item = Self>) -> Self {
        self.subcommands.extend(subcommands);
        self
    }

    /// Adds a check.
    #[must_use]
    pub fn check(mut self, check: Check<D>) -> Self {
        self.checks.push(check);
        self
    }

    /// Sets the cooldowns.
    #[must_use]
    pub const fn cooldown(mut self, cooldown: CooldownConfig) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// Sets the function that runs the command; it reads its arguments from the context.
    #[must_use]
    pub fn action<F, Fut>(mut self, action: F) -> Self
    where
        F: Fn(Context<D>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), FrameworkError>> + Send + 'static,
    {
        self.action = Some(Arc::new(move |ctx| Box::pin(action(ctx))));
        self
    }

    /// Whether the command has a function to run.
    pub const fn has_action(&self) -> bool {
        self.action.is_some()
    }

    /// Runs the command's function (without checks; the framework runs those first).
    pub async fn run(&self, ctx: Context<D>) -> Result<(), FrameworkError> {
        match self.action.clone() {
            Some(action) => action(ctx).await,
            None => Err(FrameworkError::new(crate::FrameworkErrorKind::SubcommandRequired)),
        }
    }

    /// The names a prefix command answers to.
    pub fn prefix_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The name shown in context menus.
    pub fn menu_name(&self) -> &str {
        self.context_menu_name.as_deref().unwrap_or(&self.name)
    }

    /// How the help shows its parameters: `<a> [b] [c...]`.
    pub fn usage(&self) -> String {
        let parts: Vec<String> = self.parameters.iter().map(Parameter::usage).collect();
        parts.join(" ")
    }
}

/// An autocomplete suggestion: anything that converts into one can be returned by an
/// autocomplete callback (`String` and `&str` for string options, `i64` and `f64` for
/// numbers, or a full [`CommandOptionChoice`]).
#[derive(Debug, Clone, PartialEq)]
pub struct AutocompleteChoice(pub CommandOptionChoice);

impl From<CommandOptionChoice> for AutocompleteChoice {
    fn from(choice: CommandOptionChoice) -> Self {
        Self(choice)
    }
}

impl From<String> for AutocompleteChoice {
    fn from(value: String) -> Self {
        Self(CommandOptionChoice::new(value.as_str(), value.as_str()))
    }
}

impl From<&str> for AutocompleteChoice {
    fn from(value: &str) -> Self {
        Self(CommandOptionChoice::new(value, value))
    }
}

impl From<i64> for AutocompleteChoice {
    fn from(value: i64) -> Self {
        Self(CommandOptionChoice::new(value.to_string(), value))
    }
}

impl From<f64> for AutocompleteChoice {
    fn from(value: f64) -> Self {
        Self(CommandOptionChoice::new(value.to_string(), value))
    }
}
