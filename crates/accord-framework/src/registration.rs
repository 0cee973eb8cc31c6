//! Registration: the application commands a command set describes, compared with what Discord
//! has registered, and written only when they differ.

use accord_http::Client;
use accord_model::application::InteractionContextType;
use accord_model::application::command::{
    Command as ApplicationCommand, CommandOption, CommandOptionType, CommandType,
};
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, GuildMarker};
use accord_model::locale::Localizations;

use crate::cache::CacheState;
use crate::command::Command;

/// Where commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Scope {
    /// Everywhere the application is installed.
    Global,
    /// One guild (updates show at once; for development).
    Guild(Id<GuildMarker>),
}

/// What a sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyncOutcome {
    /// The registered commands already matched; nothing was written.
    Unchanged,
    /// The commands were replaced with one bulk write.
    Updated {
        /// How many commands are registered now.
        count: usize,
    },
}

fn localizations(map: &Localizations) -> Option<Localizations> {
    (!map.is_empty()).then(|| map.clone())
}

fn description(command: &Command<impl Send + Sync + 'static, impl CacheState>) -> String {
    let text = command.description().unwrap_or("").trim();
    let text = text.lines().next().unwrap_or("").trim();
    if text.is_empty() { command.name().to_owned() } else { text.chars().take(100).collect() }
}

/// The slash options of parameters: required ones first (Discord's rule), in order otherwise.
fn parameter_options<D: Send + Sync + 'static, C: CacheState>(
    command: &Command<D, C>,
) -> Vec<CommandOption> {
    let mut options: Vec<CommandOption> =
        command.parameters().iter().map(|p| p.option().clone()).collect();
    options.sort_by_key(|option| option.required != Some(true));
    options
}

fn subcommand_option<D: Send + Sync + 'static, C: CacheState>(
    command: &Command<D, C>,
) -> CommandOption {
    let slash: Vec<&Command<D, C>> =
        command.subcommands().iter().filter(|c| c.kinds().slash).collect();
    let kind = if slash.is_empty() {
        CommandOptionType::SubCommand
    } else {
        CommandOptionType::SubCommandGroup
    };
    let mut option = CommandOption::new(kind, command.name(), description(command));
    option.name_localizations = localizations(command.name_localizations());
    option.description_localizations = localizations(command.description_localizations());
    option.options = Some(if slash.is_empty() {
        parameter_options(command)
    } else {
        slash.into_iter().map(subcommand_option).collect()
    });
    option
}

fn base<D: Send + Sync + 'static, C: CacheState>(
    command: &Command<D, C>,
    kind: CommandType,
    name: &str,
    description: &str,
) -> ApplicationCommand {
    let mut registered = ApplicationCommand::new(kind, name, description);
    registered.default_member_permissions = command.default_member_permissions();
    if command.is_nsfw_only() {
        registered.nsfw = Some(true);
    }
    if command.is_guild_only() {
        registered.contexts = Some(vec![InteractionContextType::Guild]);
    } else if command.is_dm_only() {
        registered.contexts =
            Some(vec![InteractionContextType::BotDm, InteractionContextType::PrivateChannel]);
    }
    registered
}

/// The application commands `command` registers: a slash command, a user command, a message
/// command, or none (prefix only).
pub fn application_commands<D: Send + Sync + 'static, C: CacheState>(
    command: &Command<D, C>,
) -> Vec<ApplicationCommand> {
    let mut registered = Vec::new();
    if command.kinds().slash {
        let mut slash =
            base(command, CommandType::ChatInput, command.name(), &description(command));
        slash.name_localizations = localizations(command.name_localizations());
        slash.description_localizations = localizations(command.description_localizations());
        let subcommands: Vec<&Command<D, C>> =
            command.subcommands().iter().filter(|c| c.kinds().slash).collect();
        let options: Vec<CommandOption> = if subcommands.is_empty() {
            parameter_options(command)
        } else {
            subcommands.into_iter().map(subcommand_option).collect()
        };
        slash.options = (!options.is_empty()).then_some(options);
        registered.push(slash);
    }
    for (enabled, kind) in
        [(command.kinds().user, CommandType::User), (command.kinds().message, CommandType::Message)]
    {
        if enabled {
            let mut menu = base(command, kind, command.menu_name(), "");
            menu.description = Some("".into());
            menu.name_localizations = localizations(command.name_localizations());
            registered.push(menu);
        }
    }
    registered
}

/// The application commands of a whole command set.
pub fn command_set<D: Send + Sync + 'static, C: CacheState>(
    commands: &[Command<D, C>],
) -> Vec<ApplicationCommand> {
    commands.iter().flat_map(application_commands).collect()
}

/// A command reduced to what the application decides, with Discord's defaults filled in, so
/// that a registered command and a local one compare equal when they mean the same.
fn normalized(
    command: &ApplicationCommand,
    reference: Option<&ApplicationCommand>,
) -> ApplicationCommand {
    let mut command = command.clone();
    command.id = None;
    command.application_id = None;
    command.guild_id = None;
    command.version = None;
    command.name_localized = None;
    command.description_localized = None;
    command.dm_permission = None;
    command.default_permission = None;
    command.handler = None;
    command.kind = Some(command.kind());
    command.description = Some(command.description.unwrap_or_default());
    command.nsfw = command.nsfw.filter(|nsfw| *nsfw);
    command.name_localizations = command.name_localizations.filter(|m| !m.is_empty());
    command.description_localizations = command.description_localizations.filter(|m| !m.is_empty());
    command.options = command
        .options
        .map(|options| options.iter().map(normalized_option).collect())
        .filter(|o: &Vec<_>| !o.is_empty());
    // Fields the application left to Discord take whatever Discord chose.
    if let Some(reference) = reference {
        if reference.contexts.is_none() {
            command.contexts = None;
        }
        if reference.integration_types.is_none() {
            command.integration_types = None;
        }
    }
    command
}

fn normalized_option(option: &CommandOption) -> CommandOption {
    let mut option = option.clone();
    option.name_localized = None;
    option.description_localized = None;
    option.required = option.required.filter(|required| *required);
    option.autocomplete = option.autocomplete.filter(|autocomplete| *autocomplete);
    option.name_localizations = option.name_localizations.filter(|m| !m.is_empty());
    option.description_localizations = option.description_localizations.filter(|m| !m.is_empty());
    option.choices = option.choices.filter(|c| !c.is_empty());
    option.channel_types = option.channel_types.filter(|c| !c.is_empty());
    option.options = option
        .options
        .map(|options| options.iter().map(normalized_option).collect())
        .filter(|o: &Vec<_>| !o.is_empty());
    option
}

/// Whether `registered` (as Discord returns it) differs from `local` in anything the
/// application decides. Order does not matter; ids, versions and Discord's defaults are
/// ignored.
pub fn differs(local: &[ApplicationCommand], registered: &[ApplicationCommand]) -> bool {
    if local.len() != registered.len() {
        return true;
    }
    local.iter().any(|wanted| {
        let found = registered.iter().find(|r| r.name == wanted.name && r.kind() == wanted.kind());
        found.is_none_or(|found| normalized(found, Some(wanted)) != normalized(wanted, None))
    })
}

/// Makes the commands registered in `scope` equal to `local`: lists them and, only when they
/// differ, replaces them with one bulk write.
pub async fn sync(
    http: &Client,
    application_id: Id<ApplicationMarker>,
    scope: Scope,
    local: &[ApplicationCommand],
) -> Result<SyncOutcome, accord_http::Error> {
    let registered = match scope {
        Scope::Global => {
            http.list_application_commands(application_id)
                .with_localizations(true)
                .await?
                .model()
                .await?
        }
        Scope::Guild(guild_id) => {
            http.list_guild_application_commands(application_id, guild_id)
                .with_localizations(true)
                .await?
                .model()
                .await?
        }
    };
    if !differs(local, &registered) {
        tracing::debug!(?scope, count = local.len(), "registered commands are up to date");
        return Ok(SyncOutcome::Unchanged);
    }
    let written = match scope {
        Scope::Global => {
            http.bulk_set_application_commands(application_id, local).await?.model().await?
        }
        Scope::Guild(guild_id) => {
            http.bulk_set_guild_application_commands(application_id, guild_id, local)
                .await?
                .model()
                .await?
        }
    };
    tracing::info!(?scope, count = written.len(), "registered commands updated");
    Ok(SyncOutcome::Updated { count: written.len() })
}

#[cfg(test)]
mod tests {
    use accord_model::application::InteractionContextType;
    use accord_model::application::command::{
        Command as ApplicationCommand, CommandOption, CommandOptionType, CommandType,
    };
    use accord_model::id::Id;

    use super::{command_set, differs};
    use crate::command::{Command, CommandKinds, Parameter};

    fn commands() -> Vec<Command<()>> {
        let menu = Command::builder("info")
            .kinds(CommandKinds { user: true, ..CommandKinds::default() })
            .context_menu_name("User Info")
            .build();
        let tag = Command::builder("tag")
            .description("Tags")
            .subcommands([
                Command::builder("add")
                    .description("Adds a tag")
                    .parameter(Parameter::new("name").slash_type::<String>())
                    .build(),
                Command::builder("list").description("Lists tags").build(),
            ])
            .guild_only(true)
            .build();
        vec![
            Command::builder("ping").description("Pong?\nMore details for the help.").build(),
            Command::builder("secret")
                .kinds(CommandKinds { prefix: true, ..CommandKinds::default() })
                .build(),
            tag,
            menu,
        ]
    }

    #[test]
    fn commands_become_application_commands() {
        let set = command_set(&commands());
        let names: Vec<_> = set.iter().map(|c| (c.name.as_str(), c.kind())).collect();
        assert_eq!(
            names,
            [
                ("ping", CommandType::ChatInput),
                ("tag", CommandType::ChatInput),
                ("User Info", CommandType::User)
            ]
        );
        assert_eq!(set[0].description.as_deref(), Some("Pong?"), "the first line describes");
        let tag = &set[1];
        assert_eq!(tag.contexts, Some(vec![InteractionContextType::Guild]));
        let options = tag.options.as_ref().unwrap();
        assert_eq!(options[0].kind, CommandOptionType::SubCommand);
        assert_eq!(options[0].options.as_ref().unwrap()[0].name, "name");
        assert_eq!(set[2].description.as_deref(), Some(""));
    }

    #[test]
    fn comparison_ignores_what_discord_adds() {
        let local = command_set(&commands());
        let mut registered: Vec<ApplicationCommand> = local.iter().rev().cloned().collect();
        for (n, command) in registered.iter_mut().enumerate() {
            command.id = Some(Id::new(10 + n as u64));
            command.application_id = Some(Id::new(1));
            command.version = Some(Id::new(100));
            command.dm_permission = Some(true);
            command.nsfw = Some(false);
            if command.contexts.is_none() {
                command.contexts =
                    Some(vec![InteractionContextType::Guild, InteractionContextType::BotDm]);
            }
        }
        assert!(!differs(&local, &registered));

        let mut changed = registered.clone();
        changed[0].options = Some(vec![CommandOption::new(CommandOptionType::String, "x", "y")]);
        assert!(differs(&local, &changed));
        assert!(differs(&local, &registered[1..]));
        let mut renamed = registered;
        renamed[1].name = "pong".into();
        assert!(differs(&local, &renamed));
    }
}
