//! The permissions of a user (or the bot) where a command is used.
//!
//! Interactions carry them: `member.permissions` for the user, `app_permissions` for the bot.
//! Prefix commands compute them with Discord's algorithm,
//! [`accord_model::permissions::PermissionCalculator`]: from the cache with the `cache` feature
//! when it holds the guild, otherwise from REST requests: the guild (its roles and owner) and
//! the channel (its overwrites, and its parent's for a thread). The member's roles and timeout
//! come from the message when it carries them (the author's `member` always does); only
//! otherwise (the bot's own) is the member fetched too. The REST way costs requests per
//! command, so a bot with many permission-checked prefix commands should enable `cache`.

use accord_http::Client;
use accord_model::channel::Channel;
use accord_model::guild::{Guild, PartialMember};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::{PermissionCalculator, Permissions};
use accord_model::util::Timestamp;

/// Fetches what the calculation needs over REST and computes `user_id`'s permissions in
/// `channel_id` of `guild_id` now. `member` is what the event already says about that member
/// (a message's `member`, an interaction's): when given, its roles and timeout are used and
/// the member is not fetched.
pub async fn fetch(
    http: &Client,
    guild_id: Id<GuildMarker>,
    channel_id: Id<ChannelMarker>,
    user_id: Id<UserMarker>,
    member: Option<&PartialMember>,
) -> Result<Permissions, accord_http::Error> {
    let guild: Guild = http.get_guild(guild_id).await?.model().await?;
    if guild.owner_id == user_id {
        return Ok(Permissions::all());
    }
    let mut channel: Channel = http.get_channel(channel_id).await?.model().await?;
    let kind = channel.kind;
    if kind.is_thread()
        && let Some(parent) = channel.parent_id
    {
        channel = http.get_channel(parent).await?.model().await?;
    }
    let (member_roles, timeout) = if let Some(member) = member {
        (member.roles.clone(), member.communication_disabled_until)
    } else {
        let member = http.get_guild_member(guild_id, user_id).await?.model().await?;
        (member.roles, member.communication_disabled_until)
    };
    let everyone_id = guild.id.cast::<RoleMarker>();
    let everyone = guild.roles.iter().find(|role| role.id == everyone_id);
    let roles: Vec<_> = guild
        .roles
        .iter()
        .filter(|role| role.id != everyone_id && member_roles.contains(&role.id))
        .map(|role| (role.id, role.permissions))
        .collect();
    let calculator = PermissionCalculator::new(
        guild.id,
        guild.owner_id,
        user_id,
        everyone.map(|role| role.permissions).unwrap_or_default(),
        &roles,
    )
    .communication_disabled_until(timeout);
    let overwrites = channel.permission_overwrites.as_deref().unwrap_or_default();
    Ok(calculator.in_channel(kind, overwrites, Timestamp::now()))
}
