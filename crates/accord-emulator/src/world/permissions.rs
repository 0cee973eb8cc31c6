//! The permission algorithm, so the emulator refuses what Discord would refuse (50013).

use accord_model::channel::{ChannelType, PermissionOverwrite};
use accord_model::guild::{Guild, Member};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;

use super::{World, WorldError};

/// What a member may do in the guild as a whole: owner, @everyone, roles, administrator.
pub(crate) fn base(guild: &Guild, member: &Member) -> Permissions {
    if guild.owner_id == member.user.id {
        return Permissions::all();
    }
    let everyone = guild.id.cast();
    let mut permissions = Permissions::empty();
    for role in &guild.roles {
        if role.id == everyone || member.roles.contains(&role.id) {
            permissions |= role.permissions;
        }
    }
    if permissions.contains(Permissions::ADMINISTRATOR) { Permissions::all() } else { permissions }
}

/// The voice permissions that mean nothing without CONNECT.
const VOICE: Permissions = Permissions::SPEAK
    .union(Permissions::MUTE_MEMBERS)
    .union(Permissions::DEAFEN_MEMBERS)
    .union(Permissions::MOVE_MEMBERS)
    .union(Permissions::USE_VAD)
    .union(Permissions::PRIORITY_SPEAKER)
    .union(Permissions::STREAM)
    .union(Permissions::USE_SOUNDBOARD)
    .union(Permissions::USE_EXTERNAL_SOUNDS)
    .union(Permissions::REQUEST_TO_SPEAK);

/// The permissions that mean nothing without SEND_MESSAGES.
const NEEDS_SEND: Permissions = Permissions::MENTION_EVERYONE
    .union(Permissions::SEND_TTS_MESSAGES)
    .union(Permissions::ATTACH_FILES)
    .union(Permissions::EMBED_LINKS);

/// What a member may do in a channel with these overwrites, at `now`.
pub(crate) fn in_channel(
    guild: &Guild,
    member: &Member,
    kind: ChannelType,
    overwrites: &[PermissionOverwrite],
    now: Timestamp,
) -> Permissions {
    let base = base(guild, member);
    if base.contains(Permissions::ADMINISTRATOR) {
        return Permissions::all();
    }
    let mut permissions = base;
    let everyone = guild.id.cast();
    if let Some(overwrite) = overwrites.iter().find(|o| o.role_id() == Some(everyone)) {
        permissions = (permissions - overwrite.deny) | overwrite.allow;
    }
    let (mut allow, mut deny) = (Permissions::empty(), Permissions::empty());
    for overwrite in overwrites {
        if let Some(role) = overwrite.role_id()
            && role != everyone
            && member.roles.contains(&role)
        {
            allow |= overwrite.allow;
            deny |= overwrite.deny;
        }
    }
    permissions = (permissions - deny) | allow;
    if let Some(overwrite) = overwrites.iter().find(|o| o.user_id() == Some(member.user.id)) {
        permissions = (permissions - overwrite.deny) | overwrite.allow;
    }
    if member.is_timed_out(now) {
        permissions &= Permissions::TIMED_OUT;
    }
    // In a thread, sending is governed by SEND_MESSAGES_IN_THREADS from the parent's overwrites.
    if kind.is_thread() {
        permissions.set(
            Permissions::SEND_MESSAGES,
            permissions.contains(Permissions::SEND_MESSAGES_IN_THREADS),
        );
    }
    if !permissions.contains(Permissions::VIEW_CHANNEL) {
        return Permissions::empty();
    }
    if !permissions.contains(Permissions::SEND_MESSAGES) {
        permissions -= NEEDS_SEND;
    }
    if kind.is_voice() && !permissions.contains(Permissions::CONNECT) {
        permissions -= VOICE;
    }
    permissions
}

impl World {
    /// A member's permissions in a guild.
    pub(crate) fn guild_permissions(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Permissions, WorldError> {
        let guild = self.guild(guild_id)?;
        let member = guild.members.get(&user_id).ok_or(WorldError::UnknownMember)?;
        Ok(base(&guild.guild, member))
    }

    /// A user's permissions in a channel: threads take their parent's; in DMs the user may do
    /// what a DM allows.
    pub(crate) fn channel_permissions(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Permissions, WorldError> {
        let state = self.channel(channel_id)?;
        let Some(guild_id) = state.channel.guild_id else {
            return Ok(Permissions::VIEW_CHANNEL
                | Permissions::SEND_MESSAGES
                | Permissions::READ_MESSAGE_HISTORY
                | Permissions::ADD_REACTIONS
                | Permissions::EMBED_LINKS
                | Permissions::ATTACH_FILES);
        };
        let (kind, source) = match (state.channel.kind.is_thread(), state.channel.parent_id) {
            (true, Some(parent)) => (state.channel.kind, self.channel(parent)?),
            _ => (state.channel.kind, state),
        };
        let guild = self.guild(guild_id)?;
        let member = guild.members.get(&user_id).ok_or(WorldError::MissingAccess)?;
        let overwrites = source.channel.permission_overwrites.as_deref().unwrap_or_default();
        Ok(in_channel(&guild.guild, member, kind, overwrites, Timestamp::now()))
    }

    /// Fails with Missing Access without VIEW_CHANNEL and Missing Permissions without `needed`.
    pub(crate) fn require(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
        needed: Permissions,
    ) -> Result<(), WorldError> {
        let permissions = self.channel_permissions(channel_id, user_id)?;
        if !permissions.contains(Permissions::VIEW_CHANNEL) {
            Err(WorldError::MissingAccess)
        } else if !permissions.contains(needed) {
            Err(WorldError::MissingPermissions)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use accord_model::channel::{ChannelType, PermissionOverwrite};
    use accord_model::guild::{Guild, Member, Role};
    use accord_model::id::Id;
    use accord_model::permissions::Permissions as P;
    use accord_model::user::User;
    use accord_model::util::Timestamp;

    use super::in_channel;

    fn setup() -> (Guild, Member) {
        let mut guild = Guild::new(Id::new(100), "g", Id::new(1));
        guild.roles = vec![
            Role::new(
                Id::new(100),
                "@everyone",
                P::VIEW_CHANNEL | P::SEND_MESSAGES | P::EMBED_LINKS,
            ),
            Role::new(Id::new(5), "mods", P::MANAGE_MESSAGES),
        ];
        let mut member = Member::new(User::new(Id::new(2), "u"), None);
        member.roles = vec![Id::new(5)];
        (guild, member)
    }

    #[test]
    fn overwrites_apply_in_order_everyone_roles_member() {
        let (guild, member) = setup();
        let overwrites = [
            PermissionOverwrite::role(Id::new(100), P::empty(), P::SEND_MESSAGES),
            PermissionOverwrite::role(Id::new(5), P::SEND_MESSAGES, P::empty()),
            PermissionOverwrite::member(Id::new(2), P::empty(), P::MANAGE_MESSAGES),
        ];
        let p = in_channel(
            &guild,
            &member,
            ChannelType::GuildText,
            &overwrites,
            Timestamp::from_secs(0),
        );
        assert!(p.contains(P::SEND_MESSAGES | P::EMBED_LINKS));
        assert!(!p.contains(P::MANAGE_MESSAGES));
    }

    #[test]
    fn implicit_denials_and_timeouts() {
        let (guild, mut member) = setup();
        let deny_send = [PermissionOverwrite::role(Id::new(100), P::empty(), P::SEND_MESSAGES)];
        let mut mods_out = member.clone();
        mods_out.roles.clear();
        let p = in_channel(
            &guild,
            &mods_out,
            ChannelType::GuildText,
            &deny_send,
            Timestamp::from_secs(0),
        );
        assert!(!p.contains(P::EMBED_LINKS), "embed links needs send messages");
        let hidden = [PermissionOverwrite::role(Id::new(100), P::empty(), P::VIEW_CHANNEL)];
        assert!(
            in_channel(&guild, &member, ChannelType::GuildText, &hidden, Timestamp::from_secs(0))
                .is_empty()
        );
        member.communication_disabled_until = Some(Timestamp::from_secs(100));
        let p = in_channel(&guild, &member, ChannelType::GuildText, &[], Timestamp::from_secs(50));
        assert_eq!(p, P::VIEW_CHANNEL);
    }

    #[test]
    fn threads_send_with_send_messages_in_threads() {
        let (guild, member) = setup();
        let p =
            in_channel(&guild, &member, ChannelType::PublicThread, &[], Timestamp::from_secs(0));
        assert!(!p.contains(P::SEND_MESSAGES), "@everyone lacks SEND_MESSAGES_IN_THREADS here");
        assert!(!p.contains(P::EMBED_LINKS), "and so cannot embed links in the thread");
        let allow = [PermissionOverwrite::role(
            Id::new(100),
            P::SEND_MESSAGES_IN_THREADS,
            P::SEND_MESSAGES,
        )];
        let p =
            in_channel(&guild, &member, ChannelType::PublicThread, &allow, Timestamp::from_secs(0));
        assert!(p.contains(P::SEND_MESSAGES | P::EMBED_LINKS));
    }

    #[test]
    fn owner_and_administrator_get_everything() {
        let (mut guild, member) = setup();
        let hidden = [PermissionOverwrite::role(Id::new(100), P::empty(), P::VIEW_CHANNEL)];
        guild.owner_id = Id::new(2);
        assert_eq!(
            in_channel(&guild, &member, ChannelType::GuildText, &hidden, Timestamp::from_secs(0)),
            P::all()
        );
    }
}
