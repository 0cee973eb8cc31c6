//! Members changed by the bot: nicknames, roles, timeouts, voice flags; kicks and bans with
//! the events Discord sends for them.

use std::collections::BTreeMap;

use accord_model::gateway::Event;
use accord_model::gateway::event::{GuildBanAdd, GuildBanRemove, GuildMemberUpdate};
use accord_model::guild::{Ban, Member};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, MessageMarker, UserMarker};
use accord_model::util::Timestamp;

use super::{World, WorldError};

/// The GUILD_MEMBER_UPDATE payload for a member.
pub(crate) fn member_update(guild_id: Id<GuildMarker>, member: &Member) -> GuildMemberUpdate {
    let mut update = GuildMemberUpdate::new(guild_id, member.roles.clone(), member.user.clone());
    update.nick.clone_from(&member.nick);
    update.avatar.clone_from(&member.avatar);
    update.banner.clone_from(&member.banner);
    update.joined_at = member.joined_at;
    update.premium_since = member.premium_since;
    update.deaf = Some(member.deaf);
    update.mute = Some(member.mute);
    update.pending = member.pending;
    update.communication_disabled_until = member.communication_disabled_until;
    update.flags = Some(member.flags);
    update
}

impl World {
    /// A member of a guild.
    pub(crate) fn member(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<&Member, WorldError> {
        self.guild(guild_id)?.members.get(&user_id).ok_or(WorldError::UnknownMember)
    }

    /// Changes a member and emits GUILD_MEMBER_UPDATE.
    pub(crate) fn change_member(
        &mut self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        change: impl FnOnce(&mut Member),
    ) -> Result<Member, WorldError> {
        let member =
            self.guild_mut(guild_id)?.members.get_mut(&user_id).ok_or(WorldError::UnknownMember)?;
        change(member);
        let member = member.clone();
        self.emit(
            Event::GuildMemberUpdate(Box::new(member_update(guild_id, &member))),
            Some(guild_id),
        );
        Ok(member)
    }

    /// The bans of a guild, by user id.
    pub(crate) fn bans(&self, guild_id: Id<GuildMarker>) -> Option<&BTreeMap<Id<UserMarker>, Ban>> {
        self.extras.bans.get(&guild_id)
    }

    /// Bans a user: removes their membership and their messages of the last
    /// `delete_seconds`, and emits GUILD_MEMBER_REMOVE, MESSAGE_DELETE_BULK and GUILD_BAN_ADD.
    pub(crate) fn ban(
        &mut self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        reason: Option<String>,
        delete_seconds: u64,
    ) -> Result<(), WorldError> {
        let user = self.user(user_id)?.clone();
        let state = self.guild(guild_id)?;
        if state.members.contains_key(&user_id) {
            self.leave_guild(guild_id, user_id)?;
        }
        if delete_seconds > 0 {
            let since_ms = u64::try_from(Timestamp::now().as_millis())
                .unwrap_or(0)
                .saturating_sub(delete_seconds.saturating_mul(1000));
            let channels = self.guild(guild_id)?.channels.clone();
            for channel_id in channels {
                let Some(channel) = self.channels.get(&channel_id) else { continue };
                let doomed: Vec<Id<MessageMarker>> = channel
                    .messages
                    .values()
                    .filter(|m| m.author.id == user_id && m.id.timestamp_ms() >= since_ms)
                    .map(|m| m.id)
                    .collect();
                if !doomed.is_empty() {
                    self.delete_messages(channel_id, &doomed)?;
                }
            }
        }
        self.extras
            .bans
            .entry(guild_id)
            .or_default()
            .insert(user_id, Ban::new(user.clone(), reason));
        self.emit(Event::GuildBanAdd(Box::new(GuildBanAdd::new(guild_id, user))), Some(guild_id));
        Ok(())
    }

    /// Lifts a ban and emits GUILD_BAN_REMOVE; 10026 when there is none.
    pub(crate) fn unban(
        &mut self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<(), WorldError> {
        self.guild(guild_id)?;
        let ban = self
            .extras
            .bans
            .get_mut(&guild_id)
            .and_then(|bans| bans.remove(&user_id))
            .ok_or(WorldError::Code(10026))?;
        self.emit(
            Event::GuildBanRemove(Box::new(GuildBanRemove::new(guild_id, ban.user))),
            Some(guild_id),
        );
        Ok(())
    }
}
