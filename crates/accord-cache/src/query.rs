//! Queries. Those named after a resource return the model's type, built from the compact
//! record (an owned value: no lock outlives the call); the `with_*` ones run a closure on the
//! record in place, without building anything. Lists of a guild's resources return ids or
//! owned values in no particular order unless said otherwise.

use accord_model::channel::Channel;
use accord_model::emoji::Emoji;
use accord_model::guild::{Guild, Member, Role};
use accord_model::id::Id;
use accord_model::id::marker::{
    ChannelMarker, EmojiMarker, GuildMarker, MessageMarker, RoleMarker, ScheduledEventMarker,
    StageMarker, StickerMarker, UserMarker,
};
use accord_model::message::Message;
use accord_model::presence::Presence;
use accord_model::scheduled_event::GuildScheduledEvent;
use accord_model::stage_instance::StageInstance;
use accord_model::sticker::Sticker;
use accord_model::user::User;
use accord_model::voice::VoiceState;

use crate::InMemoryCache;
use crate::config::ResourceType;
use crate::record::{
    CachedChannel, CachedGuild, CachedMember, CachedMessage, CachedPresence, CachedRole,
    CachedUser, CachedVoiceState,
};
use crate::store::GuildEntry;

fn ids<M>(keys: impl Iterator<Item = u64>) -> Vec<Id<M>> {
    keys.filter_map(Id::new_checked).collect()
}

impl InMemoryCache {
    fn read_guild<R>(
        &self,
        guild_id: Id<GuildMarker>,
        read: impl FnOnce(&GuildEntry) -> Option<R>,
    ) -> Option<R> {
        read(&*self.guilds.get(&guild_id.get())?)
    }

    /// The current user, from READY and USER_UPDATE.
    pub fn current_user(&self) -> Option<User> {
        if !self.wants(ResourceType::USER_CURRENT) {
            return None;
        }
        self.current_user.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// A user.
    pub fn user(&self, user_id: Id<UserMarker>) -> Option<User> {
        self.users.get(user_id)
    }

    /// Reads a user in place.
    pub fn with_user<R>(
        &self,
        user_id: Id<UserMarker>,
        read: impl FnOnce(&CachedUser) -> R,
    ) -> Option<R> {
        self.users.map.get(&user_id.get()).map(|user| read(&user))
    }

    /// The ids of the cached guilds, available or not.
    pub fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        ids(self.guilds.iter().map(|entry| *entry.key()))
    }

    /// A guild's own fields (its members, channels, roles… have their own queries), with
    /// `unavailable` telling whether an outage hides it.
    pub fn guild(&self, guild_id: Id<GuildMarker>) -> Option<Guild> {
        self.read_guild(guild_id, |entry| {
            let mut guild = entry.guild.as_ref()?.to_guild(guild_id);
            guild.unavailable = Some(entry.unavailable);
            Some(guild)
        })
    }

    /// Reads a guild's own fields in place.
    pub fn with_guild<R>(
        &self,
        guild_id: Id<GuildMarker>,
        read: impl FnOnce(&CachedGuild) -> R,
    ) -> Option<R> {
        self.read_guild(guild_id, |entry| entry.guild.as_ref().map(read))
    }

    /// Whether an outage makes a guild unavailable (READY lists every guild so until its
    /// GUILD_CREATE).
    pub fn is_unavailable(&self, guild_id: Id<GuildMarker>) -> bool {
        self.read_guild(guild_id, |entry| Some(entry.unavailable)).unwrap_or(false)
    }

    /// The guilds an outage makes unavailable.
    pub fn unavailable_guild_ids(&self) -> Vec<Id<GuildMarker>> {
        ids(self.guilds.iter().filter(|entry| entry.unavailable).map(|entry| *entry.key()))
    }

    /// A channel or thread.
    pub fn channel(&self, channel_id: Id<ChannelMarker>) -> Option<Channel> {
        let channel = self.channels.get(&channel_id.get())?;
        Some(channel.to_channel(channel_id, |id| self.users.get(id)))
    }

    /// Reads a channel in place.
    pub fn with_channel<R>(
        &self,
        channel_id: Id<ChannelMarker>,
        read: impl FnOnce(&CachedChannel) -> R,
    ) -> Option<R> {
        self.channels.get(&channel_id.get()).map(|channel| read(&channel))
    }

    /// The ids of a guild's channels and threads.
    pub fn guild_channel_ids(&self, guild_id: Id<GuildMarker>) -> Vec<Id<ChannelMarker>> {
        self.read_guild(guild_id, |entry| Some(ids(entry.channels.iter().copied())))
            .unwrap_or_default()
    }

    /// A guild's channels and threads.
    pub fn guild_channels(&self, guild_id: Id<GuildMarker>) -> Vec<Channel> {
        self.guild_channel_ids(guild_id).into_iter().filter_map(|id| self.channel(id)).collect()
    }

    /// A role.
    pub fn role(&self, guild_id: Id<GuildMarker>, role_id: Id<RoleMarker>) -> Option<Role> {
        self.read_guild(guild_id, |entry| Some(entry.roles.role(role_id)?.to_role(role_id)))
    }

    /// Reads a role in place.
    pub fn with_role<R>(
        &self,
        guild_id: Id<GuildMarker>,
        role_id: Id<RoleMarker>,
        read: impl FnOnce(&CachedRole) -> R,
    ) -> Option<R> {
        self.read_guild(guild_id, |entry| entry.roles.role(role_id).map(read))
    }

    /// A guild's roles.
    pub fn guild_roles(&self, guild_id: Id<GuildMarker>) -> Vec<Role> {
        self.read_guild(guild_id, |entry| {
            Some(entry.roles.roles().map(|(id, role)| role.to_role(id)).collect())
        })
        .unwrap_or_default()
    }

    /// A member, with its user from the user store.
    pub fn member(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) -> Option<Member> {
        self.read_guild(guild_id, |entry| {
            let member = entry.members.get(&user_id.get())?;
            Some(member.to_member(self.users.get_or_id(user_id), &entry.roles))
        })
    }

    /// Reads a member in place (its roles are slots of the guild's role table, so
    /// [`member_role_ids`](Self::member_role_ids) gives them).
    pub fn with_member<R>(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        read: impl FnOnce(&CachedMember) -> R,
    ) -> Option<R> {
        self.read_guild(guild_id, |entry| entry.members.get(&user_id.get()).map(read))
    }

    /// A member's role ids, in the order Discord sent them.
    pub fn member_role_ids(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Option<Vec<Id<RoleMarker>>> {
        self.read_guild(guild_id, |entry| {
            Some(entry.members.get(&user_id.get())?.role_ids(&entry.roles).collect())
        })
    }

    /// The ids of a guild's cached members.
    pub fn guild_member_ids(&self, guild_id: Id<GuildMarker>) -> Vec<Id<UserMarker>> {
        self.read_guild(guild_id, |entry| Some(ids(entry.members.keys().copied())))
            .unwrap_or_default()
    }

    /// The ids of the guilds a user is a cached member of.
    pub fn user_guild_ids(&self, user_id: Id<UserMarker>) -> Vec<Id<GuildMarker>> {
        ids(self
            .guilds
            .iter()
            .filter(|entry| entry.members.contains_key(&user_id.get()))
            .map(|entry| *entry.key()))
    }

    /// A presence (offline users have none).
    pub fn presence(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) -> Option<Presence> {
        self.read_guild(guild_id, |entry| {
            Some(entry.presences.get(&user_id.get())?.to_presence(guild_id, user_id))
        })
    }

    /// Reads a presence in place.
    pub fn with_presence<R>(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        read: impl FnOnce(&CachedPresence) -> R,
    ) -> Option<R> {
        self.read_guild(guild_id, |entry| entry.presences.get(&user_id.get()).map(read))
    }

    /// A guild's presences.
    pub fn guild_presences(&self, guild_id: Id<GuildMarker>) -> Vec<Presence> {
        self.read_guild(guild_id, |entry| {
            Some(
                entry
                    .presences
                    .iter()
                    .filter_map(|(id, p)| Some(p.to_presence(guild_id, Id::new_checked(*id)?)))
                    .collect(),
            )
        })
        .unwrap_or_default()
    }

    /// A voice state.
    pub fn voice_state(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Option<VoiceState> {
        self.read_guild(guild_id, |entry| {
            Some(entry.voice_states.get(&user_id.get())?.to_voice_state(guild_id, user_id))
        })
    }

    /// Reads a voice state in place.
    pub fn with_voice_state<R>(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        read: impl FnOnce(&CachedVoiceState) -> R,
    ) -> Option<R> {
        self.read_guild(guild_id, |entry| entry.voice_states.get(&user_id.get()).map(read))
    }

    /// A guild's voice states.
    pub fn guild_voice_states(&self, guild_id: Id<GuildMarker>) -> Vec<VoiceState> {
        self.read_guild(guild_id, |entry| {
            Some(
                entry
                    .voice_states
                    .iter()
                    .filter_map(|(id, s)| Some(s.to_voice_state(guild_id, Id::new_checked(*id)?)))
                    .collect(),
            )
        })
        .unwrap_or_default()
    }

    /// The voice states of the users in a voice channel.
    pub fn voice_channel_states(&self, channel_id: Id<ChannelMarker>) -> Vec<VoiceState> {
        let Some(guild_id) = self.channels.get(&channel_id.get()).and_then(|c| c.guild_id()) else {
            return Vec::new();
        };
        self.guild_voice_states(guild_id)
            .into_iter()
            .filter(|state| state.channel_id == Some(channel_id))
            .collect()
    }

    /// A custom emoji.
    pub fn emoji(&self, guild_id: Id<GuildMarker>, emoji_id: Id<EmojiMarker>) -> Option<Emoji> {
        self.read_guild(guild_id, |entry| {
            Some(
                entry
                    .emojis
                    .get(&emoji_id.get())?
                    .to_emoji(emoji_id, |id| self.users.get_or_id(id)),
            )
        })
    }

    /// A guild's custom emojis.
    pub fn guild_emojis(&self, guild_id: Id<GuildMarker>) -> Vec<Emoji> {
        self.read_guild(guild_id, |entry| {
            Some(
                entry
                    .emojis
                    .iter()
                    .filter_map(|(id, e)| {
                        Some(e.to_emoji(Id::new_checked(*id)?, |u| self.users.get_or_id(u)))
                    })
                    .collect(),
            )
        })
        .unwrap_or_default()
    }

    /// A custom sticker.
    pub fn sticker(
        &self,
        guild_id: Id<GuildMarker>,
        sticker_id: Id<StickerMarker>,
    ) -> Option<Sticker> {
        self.read_guild(guild_id, |entry| {
            Some(entry.stickers.get(&sticker_id.get())?.to_sticker(|id| self.users.get_or_id(id)))
        })
    }

    /// A guild's custom stickers.
    pub fn guild_stickers(&self, guild_id: Id<GuildMarker>) -> Vec<Sticker> {
        self.read_guild(guild_id, |entry| {
            Some(
                entry
                    .stickers
                    .values()
                    .map(|s| s.to_sticker(|id| self.users.get_or_id(id)))
                    .collect(),
            )
        })
        .unwrap_or_default()
    }

    /// A stage instance.
    pub fn stage_instance(
        &self,
        guild_id: Id<GuildMarker>,
        stage_id: Id<StageMarker>,
    ) -> Option<StageInstance> {
        self.read_guild(guild_id, |entry| entry.stage_instances.get(&stage_id.get()).cloned())
    }

    /// A guild's stage instances.
    pub fn guild_stage_instances(&self, guild_id: Id<GuildMarker>) -> Vec<StageInstance> {
        self.read_guild(guild_id, |entry| Some(entry.stage_instances.values().cloned().collect()))
            .unwrap_or_default()
    }

    /// A scheduled event.
    pub fn scheduled_event(
        &self,
        guild_id: Id<GuildMarker>,
        event_id: Id<ScheduledEventMarker>,
    ) -> Option<GuildScheduledEvent> {
        self.read_guild(guild_id, |entry| {
            Some(entry.events.get(&event_id.get())?.to_event(|id| self.users.get_or_id(id)))
        })
    }

    /// A guild's scheduled events.
    pub fn guild_scheduled_events(&self, guild_id: Id<GuildMarker>) -> Vec<GuildScheduledEvent> {
        self.read_guild(guild_id, |entry| {
            Some(entry.events.values().map(|e| e.to_event(|id| self.users.get_or_id(id))).collect())
        })
        .unwrap_or_default()
    }

    /// A cached message, with its users from the user store.
    pub fn message(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Option<Message> {
        let channel = self.messages.get(&channel_id.get())?;
        let message = channel.get(message_id)?;
        Some(message.to_message(channel_id, channel.guild_id, |id| self.users.get_or_id(id)))
    }

    /// Reads a message in place.
    pub fn with_message<R>(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        read: impl FnOnce(&CachedMessage) -> R,
    ) -> Option<R> {
        let channel = self.messages.get(&channel_id.get())?;
        channel.get(message_id).map(read)
    }

    /// The ids of a channel's cached messages, newest first.
    pub fn channel_message_ids(&self, channel_id: Id<ChannelMarker>) -> Vec<Id<MessageMarker>> {
        self.messages
            .get(&channel_id.get())
            .map(|channel| channel.ring.iter().rev().map(CachedMessage::id).collect())
            .unwrap_or_default()
    }
}
