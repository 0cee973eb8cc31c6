//! Checks most handlers share: the bot's permissions in a guild or a channel, and where a
//! channel belongs.

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker};
use accord_model::permissions::Permissions;

use super::error::ApiError;
use crate::shared::Shared;
use crate::world::World;

/// Fails with 10004 when the bot is not in the guild and 50013 without `needed` there.
pub(crate) fn guild_permission(
    world: &World,
    guild_id: Id<GuildMarker>,
    needed: Permissions,
) -> Result<(), ApiError> {
    let guild = world.guild(guild_id)?;
    if !guild.members.contains_key(&world.bot_id()) {
        return Err(ApiError::code(10004));
    }
    let permissions = world.guild_permissions(guild_id, world.bot_id())?;
    if permissions.contains(needed) { Ok(()) } else { Err(ApiError::code(50013)) }
}

/// Fails with 10003 for an unknown channel, 50001 when the bot cannot see it and 50013
/// without `needed` there.
pub(crate) fn channel_permission(
    world: &World,
    channel_id: Id<ChannelMarker>,
    needed: Permissions,
) -> Result<(), ApiError> {
    world.require(channel_id, world.bot_id(), needed | Permissions::VIEW_CHANNEL)?;
    Ok(())
}

/// The guild of a guild channel; 50003 for DMs.
pub(crate) fn guild_of(
    world: &World,
    channel_id: Id<ChannelMarker>,
) -> Result<Id<GuildMarker>, ApiError> {
    world.channel(channel_id)?.channel.guild_id.ok_or_else(|| ApiError::code(50003))
}

/// `http://ADDR` (`https://` when serving TLS), the base of the URLs the emulator makes up
/// (attachments, webhooks).
pub(crate) fn base_url(shared: &Shared) -> String {
    shared.http_origin()
}
