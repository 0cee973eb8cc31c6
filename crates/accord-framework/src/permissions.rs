//! The permissions of a user (or the bot) where a command is used.
//!
//! Interactions carry them: `member.permissions` for the user, `app_permissions` for the bot.
//! Prefix commands compute them: from the cache with the `cache` feature when it holds the
//! guild, otherwise from three REST requests (the guild for its roles and owner, the member,
//! the channel for its overwrites, and its parent for a thread). The REST way costs requests
//! per command, so a bot with many permission-checked prefix commands should enable `cache`.

use accord_http::Client;
use accord_model::channel::{Channel, PermissionOverwrite};
use accord_model::guild::Guild;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions;

/// The permissions of a member with `roles` in a channel with `overwrites`, as Discord
/// computes them: the owner and administrators have all; otherwise @everyone and the roles,
/// then the @everyone overwrite, the role overwrites, the member's overwrite.
pub fn compute(
    guild: &Guild,
    user_id: Id<UserMarker>,
    roles: &[Id<RoleMarker>],
    overwrites: &[PermissionOverwrite],
) -> Permissions {
    if guild.owner_id == user_id {
        return Permissions::all();
    }
    let everyone_id = guild.id.cast::<RoleMarker>();
    let base = guild
        .roles
        .iter()
        .filter(|role| role.id == everyone_id || roles.contains(&role.id))
        .fold(Permissions::empty(), |all, role| all | role.permissions);
    if base.contains(Permissions::ADMINISTRATOR) {
        return Permissions::all();
    }
    let mut permissions = base;
    if let Some(everyone) = overwrites.iter().find(|o| o.role_id() == Some(everyone_id)) {
        permissions = (permissions - everyone.deny) | everyone.allow;
    }
    let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
    for overwrite in overwrites {
        if let Some(role) = overwrite.role_id()
            && role != everyone_id
            && roles.contains(&role)
        {
            allow |= overwrite.allow;
            deny |= overwrite.deny;
        }
    }
    permissions = (permissions - deny) | allow;
    if let Some(own) = overwrites.iter().find(|o| o.user_id() == Some(user_id)) {
        permissions = (permissions - own.deny) | own.allow;
    }
    if !permissions.contains(Permissions::VIEW_CHANNEL) {
        return Permissions::empty();
    }
    permissions
}

/// Fetches what [`compute`] needs over REST and computes `user_id`'s permissions in
/// `channel_id` of `guild_id`.
pub async fn fetch(
    http: &Client,
    guild_id: Id<GuildMarker>,
    channel_id: Id<ChannelMarker>,
    user_id: Id<UserMarker>,
) -> Result<Permissions, accord_http::Error> {
    let guild: Guild = http.get_guild(guild_id).await?.model().await?;
    if guild.owner_id == user_id {
        return Ok(Permissions::all());
    }
    let member = http.get_guild_member(guild_id, user_id).await?.model().await?;
    let mut channel: Channel = http.get_channel(channel_id).await?.model().await?;
    if channel.kind.is_thread()
        && let Some(parent) = channel.parent_id
    {
        channel = http.get_channel(parent).await?.model().await?;
    }
    let overwrites = channel.permission_overwrites.as_deref().unwrap_or_default();
    Ok(compute(&guild, user_id, &member.roles, overwrites))
}

#[cfg(test)]
mod tests {
    use accord_model::channel::PermissionOverwrite;
    use accord_model::guild::{Guild, Role};
    use accord_model::id::Id;
    use accord_model::permissions::Permissions as P;

    use super::compute;

    #[test]
    fn roles_then_overwrites() {
        let mut guild = Guild::new(Id::new(1), "g", Id::new(99));
        guild.roles = vec![
            Role::new(Id::new(1), "@everyone", P::VIEW_CHANNEL | P::SEND_MESSAGES),
            Role::new(Id::new(5), "mod", P::BAN_MEMBERS),
            Role::new(Id::new(6), "admin", P::ADMINISTRATOR),
        ];
        let plain = compute(&guild, Id::new(2), &[], &[]);
        assert_eq!(plain, P::VIEW_CHANNEL | P::SEND_MESSAGES);
        assert!(compute(&guild, Id::new(2), &[Id::new(5)], &[]).contains(P::BAN_MEMBERS));
        assert_eq!(compute(&guild, Id::new(2), &[Id::new(6)], &[]), P::all());
        assert_eq!(compute(&guild, Id::new(99), &[], &[]), P::all(), "the owner has all");

        let muted = [PermissionOverwrite::role(Id::new(1), P::empty(), P::SEND_MESSAGES)];
        assert_eq!(compute(&guild, Id::new(2), &[], &muted), P::VIEW_CHANNEL);
        let unmuted = [
            PermissionOverwrite::role(Id::new(1), P::empty(), P::SEND_MESSAGES),
            PermissionOverwrite::role(Id::new(5), P::SEND_MESSAGES, P::empty()),
        ];
        assert!(compute(&guild, Id::new(2), &[Id::new(5)], &unmuted).contains(P::SEND_MESSAGES));
        let hidden = [PermissionOverwrite::member(Id::new(2), P::empty(), P::VIEW_CHANNEL)];
        assert_eq!(compute(&guild, Id::new(2), &[Id::new(5)], &hidden), P::empty());
    }
}
