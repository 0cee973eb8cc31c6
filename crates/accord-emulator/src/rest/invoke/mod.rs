//! Building the interactions the handle starts: who acts where with which permissions, the
//! command, component or modal data with resolved entities, and the metadata of answers.

mod command;
mod component;

use std::collections::HashMap;

use accord_model::application::InteractionContextType;
use accord_model::channel::{Channel, ChannelType};
use accord_model::guild::PartialMember;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, InteractionMarker, UserMarker};
use accord_model::interaction::{
    AuthorizingIntegrationOwners, Interaction, InteractionType, Resolved,
};
use accord_model::locale::Locale;
use accord_model::permissions::Permissions;
use accord_model::user::User;

use super::handle::InteractionError;
use crate::world::World;
use crate::world::interactions::Start;

pub(crate) use self::command::command;
pub(crate) use self::component::{component, modal};

/// The largest attachment an interaction's user may upload (10 MiB).
const ATTACHMENT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

/// An interaction ready to start.
#[derive(Debug)]
pub(crate) struct Started {
    pub(crate) interaction: Interaction,
    pub(crate) start: Start,
}

/// Who acts, where, and what they and the app may do there.
struct Actor {
    user: User,
    channel: Channel,
    guild_id: Option<Id<GuildMarker>>,
    member: Option<PartialMember>,
    permissions: Permissions,
    app_permissions: Permissions,
    owners: AuthorizingIntegrationOwners,
}

fn actor(
    world: &World,
    user_id: Id<UserMarker>,
    channel_id: Id<ChannelMarker>,
) -> Result<Actor, InteractionError> {
    let user = world.user(user_id).map_err(|_| InteractionError::UnknownUser)?.clone();
    let channel =
        world.channel(channel_id).map_err(|_| InteractionError::UnknownChannel)?.channel.clone();
    let Some(guild_id) = channel.guild_id else {
        let recipient = channel.recipients.as_ref().and_then(|r| r.first()).map(|u| u.id);
        if channel.kind != ChannelType::Dm || recipient != Some(user_id) {
            return Err(InteractionError::NotAMember);
        }
        let app_permissions =
            world.channel_permissions(channel_id, world.bot_id()).unwrap_or_default();
        return Ok(Actor {
            user,
            channel,
            guild_id: None,
            member: None,
            permissions: app_permissions,
            app_permissions,
            owners: AuthorizingIntegrationOwners::bot_dm(),
        });
    };
    let member = world.member(guild_id, user_id).map_err(|_| InteractionError::NotAMember)?.clone();
    let permissions =
        world.channel_permissions(channel_id, user_id).map_err(|_| InteractionError::NotAMember)?;
    if !permissions.contains(Permissions::VIEW_CHANNEL) {
        return Err(InteractionError::NotPermitted);
    }
    let app_permissions = world.channel_permissions(channel_id, world.bot_id()).unwrap_or_default();
    let mut partial = PartialMember::from(member);
    partial.permissions = Some(permissions);
    Ok(Actor {
        user,
        channel,
        guild_id: Some(guild_id),
        member: Some(partial),
        permissions,
        app_permissions,
        owners: AuthorizingIntegrationOwners::guild(guild_id),
    })
}

/// A token nobody can guess by accident, unique per interaction.
pub(super) fn token(id: Id<InteractionMarker>) -> String {
    let mix =
        |v: u64| v.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(31) ^ 0x5DEE_CE66_D1CE_4E5B;
    format!("aW50ZXJhY3Rpb246{}{:016x}{:016x}", id.get(), mix(id.get()), mix(!id.get()))
}

/// The interaction every kind shares: ids, token, who, where, permissions, locale.
fn base(world: &mut World, kind: InteractionType, actor: &Actor, locale: Locale) -> Interaction {
    let id = world.ids.next();
    let mut interaction = Interaction::new(id, world.application.id, kind, token(id));
    interaction.guild_id = actor.guild_id;
    let mut channel = actor.channel.clone();
    channel.permissions = Some(actor.permissions);
    interaction.channel_id = Some(channel.id);
    interaction.channel = Some(Box::new(channel));
    match &actor.member {
        Some(member) => interaction.member = Some(Box::new(member.clone())),
        None => interaction.user = Some(actor.user.clone()),
    }
    interaction.app_permissions = Some(actor.app_permissions);
    interaction.locale = Some(locale);
    interaction.guild_locale =
        actor.guild_id.and_then(|g| world.guilds.get(&g)).map(|g| g.guild.preferred_locale.clone());
    interaction.entitlements = Some(Vec::new());
    interaction.authorizing_integration_owners = Some(actor.owners);
    interaction.context = Some(if actor.guild_id.is_some() {
        InteractionContextType::Guild
    } else {
        InteractionContextType::BotDm
    });
    interaction.attachment_size_limit = Some(ATTACHMENT_SIZE_LIMIT);
    if let Some(guild_id) = actor.guild_id {
        interaction.guild = serde_json::from_value(serde_json::json!({
            "id": guild_id,
            "locale": interaction.guild_locale,
            "features": world.guilds.get(&guild_id).map(|g| g.guild.features.clone()).unwrap_or_default(),
        }))
        .ok();
    }
    interaction
}

fn add_user(
    world: &World,
    id: Id<UserMarker>,
    guild_id: Option<Id<GuildMarker>>,
    resolved: &mut Resolved,
) {
    if let Some(user) = world.users.get(&id) {
        resolved.users.get_or_insert_with(HashMap::new).insert(id, user.clone());
    }
    if let Some(member) = guild_id.and_then(|g| world.member(g, id).ok()) {
        let mut partial = PartialMember::from(member.clone());
        partial.user = None;
        resolved.members.get_or_insert_with(HashMap::new).insert(id, partial);
    }
}

/// A channel as `resolved` carries it.
fn partial_channel(world: &World, channel: &Channel) -> Channel {
    let mut partial = Channel::new(channel.id, channel.kind);
    partial.name.clone_from(&channel.name);
    partial.parent_id = channel.parent_id;
    partial.thread_metadata = channel.thread_metadata;
    partial.permissions = world.channel_permissions(channel.id, world.bot_id()).ok();
    partial
}
