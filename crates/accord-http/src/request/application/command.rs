//! Application commands, global and per guild, and their per-guild permissions.

use accord_model::application::command::{
    Command, CommandOption, CommandPermission, EntryPointHandler, GuildCommandPermissions,
};
use accord_model::application::{ApplicationIntegrationType, InteractionContextType};
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, CommandMarker, GuildMarker};
use accord_model::locale::Localizations;
use accord_model::permissions::Permissions;

use crate::response::EmptyBody;
use crate::validate::{Check, ValidationErrorKind, chars, check_chars, check_count, count};

/// The most commands an application can register in one scope (100 slash commands, 15 user
/// and 15 message commands).
const MAX_COMMANDS: usize = 130;

/// Checks a command to register: name and description lengths, option and choice counts,
/// recursively.
#[allow(clippy::trivially_copy_pass_by_ref, reason = "checks take the field by reference")]
pub(crate) fn check_command(command: &&Command) -> Check {
    check_chars(&command.name, 1, 32)?;
    if let Some(description) = &command.description {
        check_chars(description, 0, 100)?;
    }
    options(command.options.as_deref().unwrap_or_default())
}

/// Checks a list of commands to register.
pub(crate) fn check_commands(list: &&[Command]) -> Check {
    check_count(list.len(), 0, MAX_COMMANDS)?;
    list.iter().try_for_each(|each| check_command(&each))
}

fn options(list: &[CommandOption]) -> Check {
    check_count(list.len(), 0, 25)?;
    for option in list {
        check_chars(&option.name, 1, 32)?;
        check_chars(&option.description, 1, 100)?;
        if let Some(choices) = &option.choices {
            check_count(choices.len(), 0, 25)?;
            for choice in choices {
                check_chars(&choice.name, 1, 100)?;
            }
        }
        if let (Some(min), Some(max)) = (option.min_length, option.max_length)
            && min > max
        {
            return Err(ValidationErrorKind::Invalid { reason: "min_length is above max_length" });
        }
        options(option.options.as_deref().unwrap_or_default())?;
    }
    Ok(())
}

requests! {
    /// Lists the application's global commands.
    list_application_commands => ListApplicationCommands:
        GET "/applications/{application_id}/commands" -> Vec<Command> {
        path: application_id: Id<ApplicationMarker>;
        query:
            /// Whether to include every localization of names and descriptions.
            with_localizations: bool;
    }

    /// Replaces all global commands of the application with `commands` (those missing are
    /// deleted).
    bulk_set_application_commands => BulkSetApplicationCommands:
        PUT "/applications/{application_id}/commands" -> Vec<Command> {
        path: application_id: Id<ApplicationMarker>;
        json: commands: &'a [Command] [check_commands];
    }

    /// Registers a global command (or replaces the one with the same name and type).
    create_application_command => CreateApplicationCommand:
        POST "/applications/{application_id}/commands" -> Command {
        path: application_id: Id<ApplicationMarker>;
        json: command: &'a Command [check_command];
    }

    /// Returns a global command.
    get_application_command => GetApplicationCommand:
        GET "/applications/{application_id}/commands/{command_id}" -> Command {
        path: application_id: Id<ApplicationMarker>, command_id: Id<CommandMarker>;
    }

    /// Deletes a global command.
    delete_application_command => DeleteApplicationCommand:
        DELETE "/applications/{application_id}/commands/{command_id}" -> EmptyBody {
        path: application_id: Id<ApplicationMarker>, command_id: Id<CommandMarker>;
    }

    /// Changes some fields of a global command.
    update_application_command => UpdateApplicationCommand:
        PATCH "/applications/{application_id}/commands/{command_id}" -> Command {
        path: application_id: Id<ApplicationMarker>, command_id: Id<CommandMarker>;
        fields:
            /// 1 to 32 characters.
            name: &'a str [chars(1, 32)],
            /// At most 100 characters.
            description: &'a str [chars(0, 100)],
            /// At most 25 options.
            options: &'a [CommandOption] [count(0, 25)],
            contexts: &'a [InteractionContextType],
            integration_types: &'a [ApplicationIntegrationType],
            nsfw: bool,
            handler: EntryPointHandler;
        nullable:
            name_localizations: &'a Localizations,
            description_localizations: &'a Localizations,
            default_member_permissions: Permissions;
    }

    /// Lists the application's commands in a guild.
    list_guild_application_commands => ListGuildApplicationCommands:
        GET "/applications/{application_id}/guilds/{guild_id}/commands" -> Vec<Command> {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>;
        query:
            /// Whether to include every localization of names and descriptions.
            with_localizations: bool;
    }

    /// Replaces all of the application's commands in a guild.
    bulk_set_guild_application_commands => BulkSetGuildApplicationCommands:
        PUT "/applications/{application_id}/guilds/{guild_id}/commands" -> Vec<Command> {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>;
        json: commands: &'a [Command] [check_commands];
    }

    /// Registers a command in a guild.
    create_guild_application_command => CreateGuildApplicationCommand:
        POST "/applications/{application_id}/guilds/{guild_id}/commands" -> Command {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>;
        json: command: &'a Command [check_command];
    }

    /// Lists the permissions of all of the application's commands in a guild.
    list_guild_application_command_permissions => ListGuildApplicationCommandPermissions:
        GET "/applications/{application_id}/guilds/{guild_id}/commands/permissions"
        -> Vec<GuildCommandPermissions> {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>;
    }

    /// Returns a guild command.
    get_guild_application_command => GetGuildApplicationCommand:
        GET "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}" -> Command {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>, command_id: Id<CommandMarker>;
    }

    /// Deletes a guild command.
    delete_guild_application_command => DeleteGuildApplicationCommand:
        DELETE "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}" -> EmptyBody {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>, command_id: Id<CommandMarker>;
    }

    /// Changes some fields of a guild command.
    update_guild_application_command => UpdateGuildApplicationCommand:
        PATCH "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}" -> Command {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>, command_id: Id<CommandMarker>;
        fields:
            /// 1 to 32 characters.
            name: &'a str [chars(1, 32)],
            /// At most 100 characters.
            description: &'a str [chars(0, 100)],
            /// At most 25 options.
            options: &'a [CommandOption] [count(0, 25)],
            contexts: &'a [InteractionContextType],
            integration_types: &'a [ApplicationIntegrationType],
            nsfw: bool,
            handler: EntryPointHandler;
        nullable:
            name_localizations: &'a Localizations,
            description_localizations: &'a Localizations,
            default_member_permissions: Permissions;
    }

    /// Returns the permissions of one command in a guild.
    get_guild_application_command_permissions => GetGuildApplicationCommandPermissions:
        GET "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions"
        -> GuildCommandPermissions {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>, command_id: Id<CommandMarker>;
    }

    /// Replaces the permissions of one command in a guild (needs a Bearer token with the
    /// `applications.commands.permissions.update` scope).
    set_guild_application_command_permissions => SetGuildApplicationCommandPermissions:
        PUT "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions"
        -> GuildCommandPermissions {
        path: application_id: Id<ApplicationMarker>, guild_id: Id<GuildMarker>, command_id: Id<CommandMarker>;
        args: permissions: &'a [CommandPermission] [count(0, 100)];
    }
}

#[cfg(test)]
mod tests {
    use super::{check_command, check_commands};
    use accord_model::application::command::{Command, CommandOption, CommandOptionType};

    #[test]
    fn commands_are_checked_recursively() {
        let ok = Command::chat_input("ping", "replies pong");
        assert!(check_command(&&ok).is_ok());
        let long_name = Command::chat_input("x".repeat(33), "d");
        assert!(check_command(&&long_name).is_err());
        let mut nested = Command::chat_input("a", "b");
        let mut group = CommandOption::new(CommandOptionType::SubCommandGroup, "g", "group");
        group.options = Some(vec![CommandOption::new(CommandOptionType::String, "o", "")]);
        nested.options = Some(vec![group]);
        assert!(check_command(&&nested).is_err(), "an empty nested description passed");
        let many = vec![ok; 131];
        assert!(check_commands(&many.as_slice()).is_err());
    }
}
