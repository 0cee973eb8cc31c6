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
use crate::cache::{CacheState, NoCache};
use crate::context::Context;
use crate::cooldown::CooldownConfig;
use crate::error::{BoxError, FrameworkError};

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

type ActionFn<D, C> =
    Arc<dyn Fn(Context<D, C>) -> BoxFuture<'static, Result<(), FrameworkError>> + Send + Sync>;
type CheckFn<D, C> =
    Arc<dyn Fn(Context<D, C>) -> BoxFuture<'static, Result<bool, BoxError>> + Send + Sync>;
type AutocompleteFn<D, C> = Arc<
    dyn Fn(Context<D, C>, String) -> BoxFuture<'static, Vec<CommandOptionChoice>> + Send + Sync,
>;

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
pub struct Check<D, C: CacheState = NoCache> {
    name: Option<String>,
    run: CheckFn<D, C>,
}

impl<D, C: CacheState> Clone for Check<D, C> {
    fn clone(&self) -> Self {
        Self { name: self.name.clone(), run: self.run.clone() }
    }
}

impl<D, C: CacheState> fmt::Debug for Check<D, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Check").field("name", &self.name).finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static, C: CacheState> Check<D, C> {
    /// A check named `name` (shown in the error when it fails).
    pub fn new<F, Fut, E>(name: impl Into<String>, check: F) -> Self
    where
        F: Fn(Context<D, C>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<bool, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let run: CheckFn<D, C> = Arc::new(move |ctx| {
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
    pub async fn run(&self, ctx: Context<D, C>) -> Result<bool, BoxError> {
        (self.run)(ctx).await
    }
}

/// A parameter: its slash option (name, description, type, bounds) and how prefix commands
/// read it.
///
/// Built with chained setters; read with the getters (`option`, `is_flag`, …). The fields are
/// private so that a setter's implications (a flag is an optional boolean) cannot be skipped.
///
/// ```
/// use accord_framework::Parameter;
/// use accord_framework::model::application::command::CommandOptionType;
///
/// # struct Data;
/// let verbose = Parameter::<Data>::new("verbose").description("Say more").flag();
/// assert!(verbose.is_flag());
/// assert_eq!(verbose.option().kind, CommandOptionType::Boolean);
/// assert_eq!(verbose.option().required, Some(false));
/// ```
#[must_use]
pub struct Parameter<D, C: CacheState = NoCache> {
    option: CommandOption,
    variadic: bool,
    rest: bool,
    flag: bool,
    autocomplete: Option<AutocompleteFn<D, C>>,
}

impl<D, C: CacheState> Clone for Parameter<D, C> {
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

impl<D, C: CacheState> fmt::Debug for Parameter<D, C> {
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

impl<D, C: CacheState> Parameter<D, C> {
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

    /// The option as registered; bounds in it are checked for prefix commands too.
    pub const fn option(&self) -> &CommandOption {
        &self.option
    }

    /// Whether prefix commands read every remaining value into it (`Vec<T>` parameters).
    pub const fn is_variadic(&self) -> bool {
        self.variadic
    }

    /// Whether prefix commands read the rest of the line into it.
    pub const fn is_rest(&self) -> bool {
        self.rest
    }

    /// Whether it is a flag: `--name` in prefix commands, an optional boolean in slash
    /// commands.
    pub const fn is_flag(&self) -> bool {
        self.flag
    }

    /// Whether it suggests values while the user types.
    pub const fn has_autocomplete(&self) -> bool {
        self.autocomplete.is_some()
    }

    /// Sets the description (1 to 100 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.option.description = description.into().into();
        self
    }

    /// Sets whether the parameter must be given.
    pub const fn required(mut self, required: bool) -> Self {
        self.option.required = Some(required);
        self
    }

    /// Takes the option's type (and what it implies) from `T`.
    pub fn slash_type<T: SlashArgument>(mut self) -> Self {
        T::describe(&mut self.option);
        self
    }

    /// Sets the smallest integer allowed.
    pub const fn min_int(mut self, min: i64) -> Self {
        self.option.min_value = Some(CommandOptionNumber::Integer(min));
        self
    }

    /// Sets the largest integer allowed.
    pub const fn max_int(mut self, max: i64) -> Self {
        self.option.max_value = Some(CommandOptionNumber::Integer(max));
        self
    }

    /// Sets the smallest number allowed.
    pub const fn min_number(mut self, min: f64) -> Self {
        self.option.min_value = Some(CommandOptionNumber::Number(min));
        self
    }

    /// Sets the largest number allowed.
    pub const fn max_number(mut self, max: f64) -> Self {
        self.option.max_value = Some(CommandOptionNumber::Number(max));
        self
    }

    /// Sets the shortest string allowed.
    pub const fn min_length(mut self, min: u16) -> Self {
        self.option.min_length = Some(min);
        self
    }

    /// Sets the longest string allowed.
    pub const fn max_length(mut self, max: u16) -> Self {
        self.option.max_length = Some(max);
        self
    }

    /// Sets the channel types a channel parameter accepts.
    pub fn channel_types(mut self, types: Vec<ChannelType>) -> Self {
        self.option.channel_types = Some(types);
        self
    }

    /// Adds a localized name.
    pub fn name_localized(mut self, locale: &str, name: &str) -> Self {
        self.option
            .name_localizations
            .get_or_insert_with(Localizations::new)
            .insert(Locale::from(locale), name.into());
        self
    }

    /// Adds a localized description.
    pub fn description_localized(mut self, locale: &str, description: &str) -> Self {
        self.option
            .description_localizations
            .get_or_insert_with(Localizations::new)
            .insert(Locale::from(locale), description.into());
        self
    }

    /// Prefix commands read every remaining value into it.
    pub const fn variadic(mut self) -> Self {
        self.variadic = true;
        self
    }

    /// Prefix commands read the rest of the line into it.
    pub const fn rest(mut self) -> Self {
        self.rest = true;
        self
    }

    /// Makes it a flag: `--name` in prefix commands, an optional boolean in slash commands.
    pub fn flag(mut self) -> Self {
        self.flag = true;
        self.option.kind = CommandOptionType::Boolean;
        self.option.required = Some(false);
        self
    }

    /// Suggests values while the user types: `complete` gets the text typed so far and
    /// returns up to 25 choices.
    pub fn autocomplete<F, Fut>(mut self, complete: F) -> Self
    where
        F: Fn(Context<D, C>, String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Vec<CommandOptionChoice>> + Send + 'static,
    {
        self.option.autocomplete = Some(true);
        self.autocomplete = Some(Arc::new(move |ctx, partial| Box::pin(complete(ctx, partial))));
        self
    }

    /// Runs the autocomplete callback, if there is one.
    pub async fn complete(
        &self,
        ctx: Context<D, C>,
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
/// Built with [`Command::builder`] (or `#[command]`), read with the getters; to adjust a
/// command `#[command]` made, go through [`into_builder`](Self::into_builder):
///
/// ```
/// use accord_framework::{Command, CommandKinds};
///
/// # struct Data;
/// let ping = Command::<Data>::builder("ping")
///     .description("Checks that the bot is alive")
///     .kinds(CommandKinds { slash: true, ..CommandKinds::default() })
///     .build();
/// let ping = ping.into_builder().category("Basics").guild_only(true).build();
/// assert_eq!((ping.category(), ping.is_guild_only()), (Some("Basics"), true));
/// ```
pub struct Command<D, C: CacheState = NoCache> {
    name: String,
    context_menu_name: Option<String>,
    aliases: Vec<String>,
    description: Option<String>,
    name_localizations: Localizations,
    description_localizations: Localizations,
    kinds: CommandKinds,
    category: Option<String>,
    hide_in_help: bool,
    parameters: Vec<Parameter<D, C>>,
    subcommands: Vec<Command<D, C>>,
    subcommand_required: bool,
    checks: Vec<Check<D, C>>,
    cooldown: CooldownConfig,
    required_permissions: Permissions,
    required_bot_permissions: Permissions,
    default_member_permissions: Option<Permissions>,
    guild_only: bool,
    dm_only: bool,
    nsfw_only: bool,
    owners_only: bool,
    ephemeral: bool,
    action: Option<ActionFn<D, C>>,
}

impl<D, C: CacheState> Clone for Command<D, C> {
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

impl<D, C: CacheState> fmt::Debug for Command<D, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Command")
            .field("name", &self.name)
            .field("kinds", &self.kinds)
            .field("parameters", &self.parameters)
            .field("subcommands", &self.subcommands)
            .finish_non_exhaustive()
    }
}

impl<D, C: CacheState> Command<D, C> {
    /// A builder of a prefix and slash command named `name` that does nothing yet.
    pub fn builder(name: impl Into<String>) -> CommandBuilder<D, C> {
        CommandBuilder(Self {
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
        })
    }

    /// A builder holding this command, to change it.
    pub const fn into_builder(self) -> CommandBuilder<D, C> {
        CommandBuilder(self)
    }

    /// The name (lower case for slash commands).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name in the context menu (user and message commands), when it differs.
    pub fn context_menu_name(&self) -> Option<&str> {
        self.context_menu_name.as_deref()
    }

    /// Other names for prefix commands.
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// What it does (1 to 100 characters for slash commands).
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The name in other languages.
    pub const fn name_localizations(&self) -> &Localizations {
        &self.name_localizations
    }

    /// The description in other languages.
    pub const fn description_localizations(&self) -> &Localizations {
        &self.description_localizations
    }

    /// How it can be used.
    pub const fn kinds(&self) -> CommandKinds {
        self.kinds
    }

    /// The category the help lists it under.
    pub fn category(&self) -> Option<&str> {
        self.category.as_deref()
    }

    /// Whether the help leaves it out.
    pub const fn is_hidden_in_help(&self) -> bool {
        self.hide_in_help
    }

    /// The parameters, in order.
    pub fn parameters(&self) -> &[Parameter<D, C>] {
        &self.parameters
    }

    /// The subcommands (and subcommand groups).
    pub fn subcommands(&self) -> &[Self] {
        &self.subcommands
    }

    /// Whether the command only groups subcommands (always so for slash commands).
    pub const fn is_subcommand_required(&self) -> bool {
        self.subcommand_required
    }

    /// Custom checks, all of which must pass.
    pub fn checks(&self) -> &[Check<D, C>] {
        &self.checks
    }

    /// How often it may be used.
    pub const fn cooldown(&self) -> &CooldownConfig {
        &self.cooldown
    }

    /// Permissions the user needs.
    pub const fn required_permissions(&self) -> Permissions {
        self.required_permissions
    }

    /// Permissions the bot needs.
    pub const fn required_bot_permissions(&self) -> Permissions {
        self.required_bot_permissions
    }

    /// Who sees the slash command until a guild admin says otherwise.
    pub const fn default_member_permissions(&self) -> Option<Permissions> {
        self.default_member_permissions
    }

    /// Whether it only works in guilds.
    pub const fn is_guild_only(&self) -> bool {
        self.guild_only
    }

    /// Whether it only works in direct messages.
    pub const fn is_dm_only(&self) -> bool {
        self.dm_only
    }

    /// Whether it only works in age-restricted channels.
    pub const fn is_nsfw_only(&self) -> bool {
        self.nsfw_only
    }

    /// Whether only the bot's owners may use it.
    pub const fn is_owners_only(&self) -> bool {
        self.owners_only
    }

    /// Whether replies are ephemeral unless they say otherwise.
    pub const fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    /// Whether the command has a function to run.
    pub const fn has_action(&self) -> bool {
        self.action.is_some()
    }

    /// Runs the command's function (without checks; the framework runs those first).
    pub async fn run(&self, ctx: Context<D, C>) -> Result<(), FrameworkError> {
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

/// Builds a [`Command`]: [`Command::builder`], chained setters, then [`build`](Self::build).
#[must_use]
pub struct CommandBuilder<D, C: CacheState = NoCache>(Command<D, C>);

impl<D, C: CacheState> fmt::Debug for CommandBuilder<D, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CommandBuilder").field(&self.0).finish()
    }
}

impl<D, C: CacheState> CommandBuilder<D, C> {
    /// Sets the description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.0.description = Some(description.into());
        self
    }

    /// Sets the name in the context menu (user and message commands).
    pub fn context_menu_name(mut self, name: impl Into<String>) -> Self {
        self.0.context_menu_name = Some(name.into());
        self
    }

    /// Adds another name for prefix commands.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.0.aliases.push(alias.into());
        self
    }

    /// Adds a localized name.
    pub fn name_localized(mut self, locale: &str, name: &str) -> Self {
        self.0.name_localizations.insert(Locale::from(locale), name.into());
        self
    }

    /// Adds a localized description.
    pub fn description_localized(mut self, locale: &str, description: &str) -> Self {
        self.0.description_localizations.insert(Locale::from(locale), description.into());
        self
    }

    /// Sets how it can be used.
    pub const fn kinds(mut self, kinds: CommandKinds) -> Self {
        self.0.kinds = kinds;
        self
    }

    /// Sets the category the help lists it under.
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.0.category = Some(category.into());
        self
    }

    /// Sets whether the help leaves it out.
    pub const fn hide_in_help(mut self, hidden: bool) -> Self {
        self.0.hide_in_help = hidden;
        self
    }

    /// Adds a parameter.
    pub fn parameter(mut self, parameter: Parameter<D, C>) -> Self {
        self.0.parameters.push(parameter);
        self
    }

    /// Adds subcommands.
    pub fn subcommands(mut self, subcommands: impl IntoIterator<Item = Command<D, C>>) -> Self {
        self.0.subcommands.extend(subcommands);
        self
    }

    /// Sets whether the command only groups subcommands.
    pub const fn subcommand_required(mut self, required: bool) -> Self {
        self.0.subcommand_required = required;
        self
    }

    /// Adds a check.
    pub fn check(mut self, check: Check<D, C>) -> Self {
        self.0.checks.push(check);
        self
    }

    /// Sets the cooldowns.
    pub const fn cooldown(mut self, cooldown: CooldownConfig) -> Self {
        self.0.cooldown = cooldown;
        self
    }

    /// Sets the permissions the user needs.
    pub const fn required_permissions(mut self, permissions: Permissions) -> Self {
        self.0.required_permissions = permissions;
        self
    }

    /// Sets the permissions the bot needs.
    pub const fn required_bot_permissions(mut self, permissions: Permissions) -> Self {
        self.0.required_bot_permissions = permissions;
        self
    }

    /// Sets who sees the slash command until a guild admin says otherwise.
    pub const fn default_member_permissions(mut self, permissions: Permissions) -> Self {
        self.0.default_member_permissions = Some(permissions);
        self
    }

    /// Sets whether it only works in guilds.
    pub const fn guild_only(mut self, only: bool) -> Self {
        self.0.guild_only = only;
        self
    }

    /// Sets whether it only works in direct messages.
    pub const fn dm_only(mut self, only: bool) -> Self {
        self.0.dm_only = only;
        self
    }

    /// Sets whether it only works in age-restricted channels.
    pub const fn nsfw_only(mut self, only: bool) -> Self {
        self.0.nsfw_only = only;
        self
    }

    /// Sets whether only the bot's owners may use it.
    pub const fn owners_only(mut self, only: bool) -> Self {
        self.0.owners_only = only;
        self
    }

    /// Sets whether replies are ephemeral unless they say otherwise.
    pub const fn ephemeral(mut self, ephemeral: bool) -> Self {
        self.0.ephemeral = ephemeral;
        self
    }

    /// Sets the function that runs the command; it reads its arguments from the context.
    pub fn action<F, Fut>(mut self, action: F) -> Self
    where
        F: Fn(Context<D, C>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), FrameworkError>> + Send + 'static,
    {
        self.0.action = Some(Arc::new(move |ctx| Box::pin(action(ctx))));
        self
    }

    /// The command.
    pub fn build(self) -> Command<D, C> {
        self.0
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
