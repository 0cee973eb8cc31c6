//! Application commands, global and per guild, checked as Discord checks them, and their
//! per-guild permissions.

use accord_model::application::command::{
    Command, CommandOption, CommandOptionType, CommandPermission, CommandType,
};
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, CommandMarker, GenericMarker, GuildMarker};
use serde_json::Value;

use super::call::{Call, Fields};
use super::error::{ApiError, FormErrors};
use super::reply::{Answer, created_with_keys, no_content, ok, ok_with_keys};
use crate::shared::Shared;
use crate::world::World;

/// The most chat input commands per scope; user and message commands have 15 each.
const MAX_CHAT_COMMANDS: usize = 100;
const MAX_MENU_COMMANDS: usize = 15;
/// The keys of a command Discord sends as `null` when unset (`ApplicationCommandResponse`).
const COMMAND_KEYS: &[&str] = &["default_member_permissions"];

/// Whether a chat input command or option name is valid: 1 to 32 lower-case letters,
/// digits, `-`, `_` or `'`.
fn valid_name(name: &str) -> bool {
    let length = name.chars().count();
    (1..=32).contains(&length)
        && name
            .chars()
            .all(|c| (c.is_alphanumeric() && !c.is_uppercase()) || matches!(c, '-' | '_' | '\''))
}

fn check_options(errors: &mut FormErrors, path: &str, options: &[CommandOption], depth: u8) {
    if options.len() > 25 {
        errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    }
    let mut seen_optional = false;
    for (index, option) in options.iter().enumerate() {
        let at = format!("{path}.{index}");
        if !valid_name(&option.name) {
            errors.add(
                &format!("{at}.name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            );
        }
        if options.iter().take(index).any(|o| o.name == option.name) {
            errors.add(
                &format!("{at}.name"),
                "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            );
        }
        let length = option.description.chars().count();
        if !(1..=100).contains(&length) {
            errors.add(
                &format!("{at}.description"),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            );
        }
        if option.choices.as_ref().is_some_and(|c| c.len() > 25) {
            errors.add(
                &format!("{at}.choices"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 25 or fewer in length.",
            );
        }
        if option.autocomplete == Some(true)
            && option.choices.as_ref().is_some_and(|c| !c.is_empty())
        {
            errors.add(
                &format!("{at}.autocomplete"),
                "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_AND_CHOICES",
                "Autocomplete cannot be used with choices",
            );
        }
        let nested = matches!(
            option.kind,
            CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
        );
        if nested {
            if depth >= 2 || (option.kind == CommandOptionType::SubCommandGroup && depth >= 1) {
                errors.add(
                    &format!("{at}.type"),
                    "APPLICATION_COMMAND_OPTION_TYPE_INVALID",
                    "Sub-commands cannot be nested this deep",
                );
            }
            check_options(
                errors,
                &format!("{at}.options"),
                option.options.as_deref().unwrap_or_default(),
                depth + 1,
            );
        } else {
            let required = option.required == Some(true);
            if required && seen_optional {
                errors.add(
                    &format!("{at}.required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                );
            }
            seen_optional |= !required;
        }
    }
}

/// Reads and checks a command body; `path` prefixes error paths in bulk bodies.
fn command_of(value: Value, path: &str) -> Result<Command, FormErrors> {
    let mut errors = FormErrors::default();
    let at = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
    let Value::Object(map) = value else {
        errors.add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
        return Err(errors);
    };
    let mut fields =
        if path.is_empty() { Fields::new(map.clone()) } else { Fields::nested(map.clone(), path) };
    fields.required_string("name", 1, 32);
    fields.string("description", 0, 100);
    errors.merge(&fields.take_errors());
    let mut command: Command = match serde_json::from_value(Value::Object(map)) {
        Ok(command) => command,
        Err(error) => {
            errors.add(path, "MODEL_TYPE_CONVERT", error.to_string());
            return Err(errors);
        }
    };
    let kind = command.kind();
    match kind {
        CommandType::ChatInput => {
            if !valid_name(&command.name) {
                errors.add(
                    &at("name"),
                    "APPLICATION_COMMAND_INVALID_NAME",
                    "Command name is invalid",
                );
            }
            if command.description.as_deref().is_none_or(str::is_empty) {
                errors.add(&at("description"), "BASE_TYPE_REQUIRED", "This field is required");
            }
            check_options(
                &mut errors,
                &at("options"),
                command.options.as_deref().unwrap_or_default(),
                0,
            );
        }
        CommandType::User | CommandType::Message => {
            if command.description.as_deref().is_some_and(|d| !d.is_empty()) {
                errors.add(
                    &at("description"),
                    "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                    "Context menu commands cannot have a description",
                );
            }
            if command.options.as_ref().is_some_and(|o| !o.is_empty()) {
                errors.add(
                    &at("options"),
                    "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS",
                    "Context menu commands cannot have options",
                );
            }
            command.description = Some("".into());
        }
        _ => {}
    }
    if errors.is_empty() { Ok(command) } else { Err(errors) }
}

/// Fails with 30032 when a scope would hold too many commands of a type.
fn check_counts(commands: &[Command]) -> Result<(), ApiError> {
    let count = |kind| commands.iter().filter(|c| c.kind() == kind).count();
    if count(CommandType::ChatInput) > MAX_CHAT_COMMANDS
        || count(CommandType::User) > MAX_MENU_COMMANDS
        || count(CommandType::Message) > MAX_MENU_COMMANDS
    {
        return Err(ApiError::code(30032));
    }
    Ok(())
}

/// The scope of a command route: the application must be the emulator's (10002), the guild
/// one the bot is in (50001).
fn scope(world: &World, call: &Call) -> Result<Option<Id<GuildMarker>>, ApiError> {
    let application = call.id::<ApplicationMarker>("application_id")?;
    if application != world.application.id {
        return Err(ApiError::code(10002));
    }
    if call.params.iter().all(|(name, _)| *name != "guild_id") {
        return Ok(None);
    }
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let bot = world.bot_id();
    if !world.guilds.get(&guild_id).is_some_and(|g| g.members.contains_key(&bot)) {
        return Err(ApiError::code(50001));
    }
    Ok(Some(guild_id))
}

/// `GET .../commands` (global or guild).
pub(super) fn list_commands(shared: &Shared, call: &Call) -> Answer {
    call.query_bool("with_localizations")?;
    shared.read(|world| ok_with_keys(&world.commands(scope(world, call)?), COMMAND_KEYS))
}

/// `POST .../commands`: 201 for a new command, 200 when one with the same name and type was
/// overwritten.
pub(super) fn create_command(shared: &Shared, call: &Call) -> Answer {
    let command = command_of(Value::Object(call.object()?), "").map_err(FormErrors::into_error)?;
    shared.mutate(|world| {
        let guild_id = scope(world, call)?;
        let mut after = world.commands(guild_id).to_vec();
        if !after.iter().any(|c| c.name == command.name && c.kind() == command.kind()) {
            after.push(command.clone());
            check_counts(&after)?;
        }
        let (command, new) = world.upsert_command(guild_id, command);
        if new {
            created_with_keys(&command, COMMAND_KEYS)
        } else {
            ok_with_keys(&command, COMMAND_KEYS)
        }
    })
}

/// `GET .../commands/{command_id}`: 10063 when there is none.
pub(super) fn get_command(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<CommandMarker>("command_id")?;
    shared.read(|world| ok_with_keys(world.command(scope(world, call)?, id)?, COMMAND_KEYS))
}

/// `PATCH .../commands/{command_id}`: name, description, options, permissions, contexts.
pub(super) fn update_command(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<CommandMarker>("command_id")?;
    let changes = call.object()?;
    shared.mutate(|world| {
        let guild_id = scope(world, call)?;
        let current = world.command(guild_id, id)?.clone();
        let mut merged = serde_json::to_value(&current).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut merged {
            for (key, value) in changes {
                if !matches!(
                    key.as_str(),
                    "id" | "application_id" | "guild_id" | "version" | "type"
                ) {
                    map.insert(key, value);
                }
            }
        }
        let updated = command_of(merged, "").map_err(FormErrors::into_error)?;
        if world
            .commands(guild_id)
            .iter()
            .any(|c| c.id != Some(id) && c.name == updated.name && c.kind() == updated.kind())
        {
            return Err(ApiError::form(
                "name",
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            ));
        }
        let command = world.change_command(guild_id, id, |command| {
            let (id, application, guild, version) =
                (command.id, command.application_id, command.guild_id, command.version);
            *command = updated;
            command.id = id;
            command.application_id = application;
            command.guild_id = guild;
            command.version = version;
        })?;
        ok_with_keys(&command, COMMAND_KEYS)
    })
}

/// `DELETE .../commands/{command_id}`.
pub(super) fn delete_command(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<CommandMarker>("command_id")?;
    shared.mutate(|world| {
        let guild_id = scope(world, call)?;
        world.delete_command(guild_id, id)?;
        no_content()
    })
}

/// `PUT .../commands`: replaces every command of the scope.
pub(super) fn bulk_set_commands(shared: &Shared, call: &Call) -> Answer {
    let Value::Array(items) = call.value()? else {
        return Err(ApiError::form("", "BASE_TYPE_LIST", "Must be a list."));
    };
    let mut errors = FormErrors::default();
    let mut commands = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        match command_of(item, &index.to_string()) {
            Ok(command) => {
                if commands
                    .iter()
                    .any(|c: &Command| c.name == command.name && c.kind() == command.kind())
                {
                    errors.add(
                        &format!("{index}.name"),
                        "APPLICATION_COMMANDS_DUPLICATE_NAME",
                        "Application command names must be unique",
                    );
                }
                commands.push(command);
            }
            Err(more) => errors.merge(&more),
        }
    }
    errors.finish()?;
    check_counts(&commands)?;
    shared.mutate(|world| {
        let guild_id = scope(world, call)?;
        ok_with_keys(&world.replace_commands(guild_id, commands), COMMAND_KEYS)
    })
}

/// `GET /applications/{application_id}/guilds/{guild_id}/commands/permissions`.
pub(super) fn list_guild_command_permissions(shared: &Shared, call: &Call) -> Answer {
    shared.read(|world| {
        let guild_id = scope(world, call)?.ok_or_else(|| ApiError::code(10004))?;
        ok(&world.command_permissions(guild_id))
    })
}

/// `GET .../commands/{command_id}/permissions`: 10066 when none were set.
pub(super) fn get_command_permissions(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<GenericMarker>("command_id")?;
    shared.read(|world| {
        let guild_id = scope(world, call)?.ok_or_else(|| ApiError::code(10004))?;
        let found = world.command_permissions(guild_id).iter().find(|p| p.id == id);
        ok(found.ok_or_else(|| ApiError::code(10066))?)
    })
}

/// `PUT .../commands/{command_id}/permissions`: up to 100 overwrites for roles, users and
/// channels (the command id may be the application's, for all commands); emits
/// APPLICATION_COMMAND_PERMISSIONS_UPDATE. Discord wants an OAuth2 Bearer token here; the
/// emulator does not model OAuth2 and takes the bot token too.
pub(super) fn set_command_permissions(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<GenericMarker>("command_id")?;
    let mut fields = call.fields()?;
    let permissions: Option<Vec<CommandPermission>> = fields.required("permissions");
    if permissions.as_ref().is_some_and(|p| p.len() > 100) {
        fields.error("permissions", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.");
    }
    fields.finish()?;
    let permissions = permissions.unwrap_or_default();
    shared.mutate(|world| {
        let guild_id = scope(world, call)?.ok_or_else(|| ApiError::code(10004))?;
        let all = id == world.application.id.cast();
        if !all {
            world.command(Some(guild_id), id.cast()).or_else(|_| world.command(None, id.cast()))?;
        }
        ok(&world.set_command_permissions(guild_id, id, permissions)?)
    })
}
