//! Application command and autocomplete interactions: finding the command, checking who may
//! use it, and typing, checking and resolving its options.

use std::collections::HashMap;

use accord_model::application::InteractionContextType;
use accord_model::application::command::{
    Command, CommandOption, CommandOptionChoiceValue, CommandOptionNumber, CommandOptionType,
    CommandPermissionType, CommandType,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, MessageMarker, RoleMarker, UserMarker};
use accord_model::interaction::{
    CommandData, CommandDataOption, CommandOptionValue, InteractionData, InteractionType, Resolved,
};
use accord_model::message::{CommandInteractionMetadata, InteractionMetadata, MessageType};
use accord_model::permissions::Permissions;

use super::{Actor, Started, actor, add_user, base, partial_channel};
use crate::rest::handle::{CommandCall, InteractionError};
use crate::world::World;
use crate::world::interactions::Start;

/// Finds the command `call` names where it is run: guild commands first, then global ones
/// (in DMs only those allowed there).
fn find_command(
    world: &World,
    call: &CommandCall,
    guild_id: Option<Id<GuildMarker>>,
) -> Result<Command, InteractionError> {
    let matches = |c: &&Command| c.name == call.name && c.kind() == call.kind;
    if let Some(command) = guild_id.and_then(|g| world.commands(Some(g)).iter().find(matches)) {
        return Ok(command.clone());
    }
    let global = world
        .commands(None)
        .iter()
        .find(matches)
        .ok_or_else(|| InteractionError::UnknownCommand(call.name.clone()))?;
    let allowed_here = match (guild_id, &global.contexts) {
        (Some(_), Some(contexts)) => contexts.contains(&InteractionContextType::Guild),
        (None, Some(contexts)) => contexts.contains(&InteractionContextType::BotDm),
        (None, None) => global.dm_permission != Some(false),
        (Some(_), None) => true,
    };
    if allowed_here {
        Ok(global.clone())
    } else {
        Err(InteractionError::UnknownCommand(call.name.clone()))
    }
}

/// Whether the member may use the command: its default permissions, then the guild's command
/// permission overwrites (user over roles over @everyone; a channel overwrite can deny).
fn permitted(world: &World, command: &Command, actor: &Actor) -> bool {
    let Some(guild_id) = actor.guild_id else { return true };
    let Some(member) = &actor.member else { return false };
    if world.guild(guild_id).is_ok_and(|g| g.guild.owner_id == actor.user.id)
        || actor.permissions.contains(Permissions::ADMINISTRATOR)
    {
        return true;
    }
    let overwrites = world.command_permissions(guild_id);
    let for_command = command.id.and_then(|id| overwrites.iter().find(|p| p.id == id.cast()));
    let for_app = overwrites.iter().find(|p| p.id == world.application.id.cast());
    for set in [for_command, for_app].into_iter().flatten() {
        let channel = set
            .permissions
            .iter()
            .find(|p| p.kind == CommandPermissionType::Channel && p.id == actor.channel.id.cast());
        if channel.is_some_and(|p| !p.permission) {
            return false;
        }
        if let Some(user) = set
            .permissions
            .iter()
            .find(|p| p.kind == CommandPermissionType::User && p.id == actor.user.id.cast())
        {
            return user.permission;
        }
        let roles: Vec<_> = set
            .permissions
            .iter()
            .filter(|p| {
                p.kind == CommandPermissionType::Role && member.roles.contains(&p.id.cast())
            })
            .collect();
        if !roles.is_empty() {
            return roles.iter().any(|p| p.permission);
        }
        if let Some(everyone) = set
            .permissions
            .iter()
            .find(|p| p.kind == CommandPermissionType::Role && p.id == guild_id.cast())
        {
            return everyone.permission;
        }
    }
    command.default_member_permissions.is_none_or(|needed| actor.permissions.contains(needed))
}

/// Converts a value to an option's type, adding what it names to `resolved`.
fn typed(
    world: &World,
    option: &CommandOption,
    value: &CommandOptionValue,
    guild_id: Option<Id<GuildMarker>>,
    resolved: &mut Resolved,
) -> Result<CommandOptionValue, InteractionError> {
    let invalid = || InteractionError::InvalidOption(option.name.to_string());
    let value = match (option.kind, value) {
        (CommandOptionType::String, CommandOptionValue::String(text)) => {
            let length = text.chars().count();
            if option.min_length.is_some_and(|m| length < usize::from(m))
                || option.max_length.is_some_and(|m| length > usize::from(m))
            {
                return Err(invalid());
            }
            value.clone()
        }
        (CommandOptionType::Integer, CommandOptionValue::Integer(n)) => {
            let below =
                matches!(option.min_value, Some(CommandOptionNumber::Integer(min)) if *n < min);
            let above =
                matches!(option.max_value, Some(CommandOptionNumber::Integer(max)) if *n > max);
            if below || above {
                return Err(invalid());
            }
            value.clone()
        }
        (
            CommandOptionType::Number,
            CommandOptionValue::Number(_) | CommandOptionValue::Integer(_),
        ) => CommandOptionValue::Number(value.as_f64().ok_or_else(invalid)?),
        (CommandOptionType::Boolean, CommandOptionValue::Boolean(_)) => value.clone(),
        (
            CommandOptionType::User | CommandOptionType::Mentionable,
            CommandOptionValue::String(raw),
        ) if raw.parse::<Id<UserMarker>>().ok().is_some_and(|id| world.users.contains_key(&id)) => {
            let id: Id<UserMarker> = raw.parse().map_err(|_| invalid())?;
            add_user(world, id, guild_id, resolved);
            value.clone()
        }
        (
            CommandOptionType::Role | CommandOptionType::Mentionable,
            CommandOptionValue::String(raw),
        ) => {
            let id: Id<RoleMarker> = raw.parse().map_err(|_| invalid())?;
            let role = guild_id.and_then(|g| world.role(g, id).ok()).ok_or_else(invalid)?;
            resolved.roles.get_or_insert_with(HashMap::new).insert(id, role.clone());
            value.clone()
        }
        (CommandOptionType::Channel, CommandOptionValue::String(raw)) => {
            let id: Id<ChannelMarker> = raw.parse().map_err(|_| invalid())?;
            let channel = world.channel(id).map_err(|_| invalid())?.channel.clone();
            if channel.guild_id != guild_id {
                return Err(invalid());
            }
            if option.channel_types.as_ref().is_some_and(|types| !types.contains(&channel.kind)) {
                return Err(invalid());
            }
            resolved
                .channels
                .get_or_insert_with(HashMap::new)
                .insert(id, partial_channel(world, &channel));
            value.clone()
        }
        _ => return Err(invalid()),
    };
    if let Some(choices) = &option.choices {
        let chosen = choices.iter().any(|choice| match (&choice.value, &value) {
            (CommandOptionChoiceValue::String(a), CommandOptionValue::String(b)) => a == b,
            (CommandOptionChoiceValue::Integer(a), CommandOptionValue::Integer(b)) => a == b,
            #[allow(clippy::float_cmp, reason = "a choice is picked by its exact value")]
            (CommandOptionChoiceValue::Number(a), CommandOptionValue::Number(b)) => a == b,
            _ => false,
        });
        if !choices.is_empty() && !chosen {
            return Err(invalid());
        }
    }
    Ok(value)
}

/// The options of the leaf the call's subcommand path names, with their definitions.
fn leaf<'a>(
    command: &'a Command,
    path: &[String],
) -> Result<&'a [CommandOption], InteractionError> {
    let mut options = command.options.as_deref().unwrap_or_default();
    for name in path {
        let next = options
            .iter()
            .find(|o| {
                o.name == name.as_str()
                    && matches!(
                        o.kind,
                        CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
                    )
            })
            .ok_or_else(|| InteractionError::InvalidOption(name.clone()))?;
        options = next.options.as_deref().unwrap_or_default();
    }
    if options.iter().any(|o| {
        matches!(o.kind, CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup)
    }) {
        let missing = options.first().map(|o| o.name.to_string()).unwrap_or_default();
        return Err(InteractionError::MissingOption(missing));
    }
    Ok(options)
}

/// The options of a slash command as the interaction carries them: typed, checked, with the
/// focused one for autocomplete, nested in their subcommand and group.
fn chat_options(
    world: &World,
    call: &CommandCall,
    command: &Command,
    guild_id: Option<Id<GuildMarker>>,
    autocomplete: bool,
    resolved: &mut Resolved,
) -> Result<Vec<CommandDataOption>, InteractionError> {
    let definitions = leaf(command, &call.path)?;
    let mut options = Vec::new();
    for (name, value) in &call.options {
        let definition = definitions
            .iter()
            .find(|o| o.name == name.as_str())
            .ok_or_else(|| InteractionError::InvalidOption(name.clone()))?;
        let focused = autocomplete && call.focused.as_deref() == Some(name.as_str());
        let mut option = if focused {
            if definition.autocomplete != Some(true) {
                return Err(InteractionError::InvalidOption(name.clone()));
            }
            let text = match value {
                CommandOptionValue::String(text) => text.clone(),
                CommandOptionValue::Integer(n) => n.to_string(),
                CommandOptionValue::Number(n) => n.to_string(),
                CommandOptionValue::Boolean(b) => b.to_string(),
                _ => String::new(),
            };
            CommandDataOption::new(name.as_str(), definition.kind, text)
        } else {
            let value = typed(world, definition, value, guild_id, resolved)?;
            CommandDataOption::new(name.as_str(), definition.kind, value)
        };
        if focused {
            option.focused = Some(true);
        }
        options.push(option);
    }
    if autocomplete && !options.iter().any(|o| o.focused == Some(true)) {
        return Err(InteractionError::InvalidOption(call.focused.clone().unwrap_or_default()));
    }
    if !autocomplete
        && let Some(missing) = definitions.iter().find(|d| {
            d.required == Some(true) && !call.options.iter().any(|(n, _)| n == d.name.as_str())
        })
    {
        return Err(InteractionError::MissingOption(missing.name.to_string()));
    }
    // Wrap the leaf's options in their subcommand and group.
    let mut kinds = Vec::new();
    let mut level = command.options.as_deref().unwrap_or_default();
    for name in &call.path {
        let option = level
            .iter()
            .find(|o| o.name == name.as_str())
            .ok_or_else(|| InteractionError::InvalidOption(name.clone()))?;
        kinds.push((name.clone(), option.kind));
        level = option.options.as_deref().unwrap_or_default();
    }
    for (name, kind) in kinds.into_iter().rev() {
        let mut wrapper = CommandDataOption::new(name, kind, "");
        wrapper.value = None;
        wrapper.options = Some(std::mem::take(&mut options));
        options = vec![wrapper];
    }
    Ok(options)
}

/// Builds an application command (or autocomplete) interaction.
pub(crate) fn command(
    world: &mut World,
    call: &CommandCall,
    autocomplete: bool,
) -> Result<Started, InteractionError> {
    let actor = actor(world, call.user_id, call.channel_id)?;
    let command = find_command(world, call, actor.guild_id)?;
    if !permitted(world, &command, &actor) {
        return Err(InteractionError::NotPermitted);
    }
    let mut resolved = Resolved::default();
    let options = if call.kind == CommandType::ChatInput {
        chat_options(world, call, &command, actor.guild_id, autocomplete, &mut resolved)?
    } else if autocomplete {
        return Err(InteractionError::InvalidOption(call.name.clone()));
    } else {
        Vec::new()
    };
    let mut target_user = None;
    let mut target_message = None;
    match (call.kind, call.target) {
        (CommandType::User, Some(target)) => {
            let id: Id<UserMarker> = target.cast();
            let user = world.users.get(&id).cloned().ok_or(InteractionError::UnknownUser)?;
            add_user(world, id, actor.guild_id, &mut resolved);
            target_user = Some(Box::new(user));
        }
        (CommandType::Message, Some(target)) => {
            let id: Id<MessageMarker> = target.cast();
            let message = world
                .channel(call.channel_id)
                .ok()
                .and_then(|c| c.messages.get(&id))
                .cloned()
                .ok_or(InteractionError::UnknownMessage)?;
            resolved.messages.get_or_insert_with(HashMap::new).insert(id, message);
            target_message = Some(id);
        }
        _ => {}
    }
    let kind = if autocomplete {
        InteractionType::ApplicationCommandAutocomplete
    } else {
        InteractionType::ApplicationCommand
    };
    let mut interaction = base(world, kind, &actor, call.locale.clone());
    let mut data = CommandData::new(
        command.id.ok_or_else(|| InteractionError::UnknownCommand(call.name.clone()))?,
        command.name.clone(),
        command.kind(),
    );
    data.options = (call.kind == CommandType::ChatInput).then_some(options);
    data.guild_id = command.guild_id;
    data.target_id = call.target;
    data.version = command.version;
    let empty = resolved == Resolved::default();
    data.resolved = (!empty).then(|| Box::new(resolved));
    interaction.data = Some(InteractionData::ApplicationCommand(Box::new(data)));
    let mut metadata =
        CommandInteractionMetadata::new(interaction.id, actor.user.clone(), actor.owners);
    metadata.target_user = target_user;
    metadata.target_message_id = target_message;
    let message_kind = if call.kind == CommandType::ChatInput {
        MessageType::ChatInputCommand
    } else {
        MessageType::ContextMenuCommand
    };
    Ok(Started {
        start: Start {
            user_id: call.user_id,
            channel_id: call.channel_id,
            source: None,
            metadata: InteractionMetadata::ApplicationCommand(metadata),
            message_kind,
        },
        interaction,
    })
}
