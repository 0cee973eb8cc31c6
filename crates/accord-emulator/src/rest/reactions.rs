//! Reactions: adding and removing the bot's, removing others', listing who reacted, clearing.
//!
//! Emoji in the path are a unicode emoji (percent-encoded) or `name:id` for custom emoji,
//! which must belong to a guild the bot is in (10014 otherwise).

use accord_model::emoji::PartialEmoji;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, EmojiMarker, MessageMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::user::User;

use super::call::Call;
use super::common::channel_permission;
use super::error::ApiError;
use super::reply::{Answer, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// The most distinct reactions on a message.
const MAX_REACTIONS: usize = 20;

/// Reads the emoji of a reaction route.
fn emoji(world: &World, raw: &str) -> Result<PartialEmoji, ApiError> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split(':').collect();
    let (name, id) = match parts.as_slice() {
        [name] if !name.is_empty() => return Ok(PartialEmoji::unicode(*name)),
        [name, id] | [_, name, id] => (*name, *id),
        _ => return Err(ApiError::code(10014)),
    };
    let id: Id<EmojiMarker> = id.parse().map_err(|_| ApiError::code(10014))?;
    let custom = world
        .guilds
        .values()
        .flat_map(|g| g.guild.emojis.iter())
        .chain(&world.extras.application_emojis)
        .find(|e| e.id == Some(id))
        .ok_or_else(|| ApiError::code(10014))?;
    Ok(PartialEmoji::custom(
        id,
        custom.name.clone().unwrap_or_else(|| name.into()),
        custom.animated == Some(true),
    ))
}

fn ids(call: &Call) -> Result<(Id<ChannelMarker>, Id<MessageMarker>), ApiError> {
    Ok((call.id("channel_id")?, call.id("message_id")?))
}

fn message_exists(
    world: &World,
    channel_id: Id<ChannelMarker>,
    message_id: Id<MessageMarker>,
) -> Result<(), ApiError> {
    if world.channel(channel_id)?.messages.contains_key(&message_id) {
        Ok(())
    } else {
        Err(ApiError::code(10008))
    }
}

/// `PUT .../reactions/{emoji_name}/@me`: READ_MESSAGE_HISTORY, and ADD_REACTIONS for an emoji
/// nobody used yet (at most 20 per message); emits MESSAGE_REACTION_ADD.
pub(super) fn add_my_message_reaction(shared: &Shared, call: &Call) -> Answer {
    let (channel_id, message_id) = ids(call)?;
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::READ_MESSAGE_HISTORY)?;
        message_exists(world, channel_id, message_id)?;
        let emoji = emoji(world, call.param("emoji_name"))?;
        let existing = world
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .and_then(|message| message.reactions.clone())
            .unwrap_or_default();
        let present =
            existing.iter().any(|r| crate::world::reactions::same_emoji(&r.emoji, &emoji));
        if !present {
            channel_permission(world, channel_id, Permissions::ADD_REACTIONS)?;
            if existing.len() >= MAX_REACTIONS {
                return Err(ApiError::code(30010));
            }
        }
        let bot = world.bot_id();
        world.add_reaction(channel_id, message_id, bot, emoji)?;
        no_content()
    })
}

/// `DELETE .../reactions/{emoji_name}/@me`: emits MESSAGE_REACTION_REMOVE.
pub(super) fn delete_my_message_reaction(shared: &Shared, call: &Call) -> Answer {
    let (channel_id, message_id) = ids(call)?;
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::READ_MESSAGE_HISTORY)?;
        message_exists(world, channel_id, message_id)?;
        let emoji = emoji(world, call.param("emoji_name"))?;
        let bot = world.bot_id();
        world.remove_reaction(channel_id, message_id, bot, &emoji)?;
        no_content()
    })
}

/// `DELETE .../reactions/{emoji_name}/{user_id}` (MANAGE_MESSAGES for others' reactions):
/// emits MESSAGE_REACTION_REMOVE.
pub(super) fn delete_user_message_reaction(shared: &Shared, call: &Call) -> Answer {
    let (channel_id, message_id) = ids(call)?;
    let user_id = call.id::<UserMarker>("user_id")?;
    shared.mutate(|world| {
        let needed = if user_id == world.bot_id() {
            Permissions::READ_MESSAGE_HISTORY
        } else {
            Permissions::MANAGE_MESSAGES
        };
        channel_permission(world, channel_id, needed)?;
        message_exists(world, channel_id, message_id)?;
        let emoji = emoji(world, call.param("emoji_name"))?;
        world.remove_reaction(channel_id, message_id, user_id, &emoji)?;
        no_content()
    })
}

/// `GET .../reactions/{emoji_name}`: `after` and `limit` (1 to 100, 25 by default); `type=1`
/// (super reactions) is always empty.
pub(super) fn list_message_reactions_by_emoji(shared: &Shared, call: &Call) -> Answer {
    let (channel_id, message_id) = ids(call)?;
    let after = call.query_id::<UserMarker>("after")?;
    let limit = call.query_number("limit", 1_usize, 100)?.unwrap_or(25);
    let burst = call.query_number("type", 0_u8, 1)?.unwrap_or(0) == 1;
    shared.read(|world| {
        channel_permission(world, channel_id, Permissions::READ_MESSAGE_HISTORY)?;
        message_exists(world, channel_id, message_id)?;
        let emoji = emoji(world, call.param("emoji_name"))?;
        if burst {
            return ok(&Vec::<User>::new());
        }
        let mut users = world.reaction_users(channel_id, message_id, &emoji)?;
        users.sort_by_key(|u| u.id);
        let users: Vec<User> =
            users.into_iter().filter(|u| after.is_none_or(|a| u.id > a)).take(limit).collect();
        ok(&users)
    })
}

/// `DELETE .../reactions` (MANAGE_MESSAGES): emits MESSAGE_REACTION_REMOVE_ALL.
pub(super) fn delete_all_message_reactions(shared: &Shared, call: &Call) -> Answer {
    let (channel_id, message_id) = ids(call)?;
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::MANAGE_MESSAGES)?;
        world.remove_all_reactions(channel_id, message_id)?;
        no_content()
    })
}

/// `DELETE .../reactions/{emoji_name}` (MANAGE_MESSAGES): emits MESSAGE_REACTION_REMOVE_EMOJI.
pub(super) fn delete_all_message_reactions_by_emoji(shared: &Shared, call: &Call) -> Answer {
    let (channel_id, message_id) = ids(call)?;
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::MANAGE_MESSAGES)?;
        message_exists(world, channel_id, message_id)?;
        let emoji = emoji(world, call.param("emoji_name"))?;
        world.remove_emoji_reactions(channel_id, message_id, &emoji)?;
        no_content()
    })
}
