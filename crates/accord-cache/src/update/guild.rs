//! GUILD_CREATE, GUILD_UPDATE, GUILD_DELETE, roles, emojis and stickers.

use accord_model::emoji::Emoji;
use accord_model::guild::{Guild, Role};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, RoleMarker};
use accord_model::sticker::Sticker;

use crate::InMemoryCache;
use crate::config::ResourceType;
use crate::hash::IdSet;
use crate::record::{CachedEmoji, CachedEvent, CachedGuild, CachedSticker, CachedVoiceState};
use crate::store::GuildEntry;

impl InMemoryCache {
    /// The entry of a guild, made empty if the cache has none.
    pub(crate) fn guild_entry(
        &self,
        id: Id<GuildMarker>,
    ) -> dashmap::mapref::one::RefMut<'_, u64, GuildEntry> {
        self.guilds.entry(id.get()).or_default()
    }

    /// A GUILD_CREATE is a snapshot: it replaces what the cache had of the guild. Members and
    /// presences not in it are dropped too, unless the guild is `large` (then the snapshot
    /// has only some of them, and the rest come by GUILD_MEMBERS_CHUNK).
    pub(crate) fn on_guild_create(&self, guild: &Guild) {
        let guild_id = guild.id;
        let mut channel_ids = IdSet::default();
        if self.wants(ResourceType::CHANNEL) {
            for channel in guild.channels.iter().flatten().chain(guild.threads.iter().flatten()) {
                self.put_channel(channel, Some(guild_id));
                channel_ids.insert(channel.id.get());
            }
        }
        let partial = guild.large == Some(true);
        let old_channels = {
            let mut entry = self.guild_entry(guild_id);
            let entry = &mut *entry;
            entry.unavailable = false;
            if self.wants(ResourceType::GUILD) {
                entry.guild = Some(CachedGuild::new(guild));
            }
            self.replace_roles(entry, &guild.roles);
            self.replace_emojis(entry, &guild.emojis);
            self.replace_stickers(entry, guild.stickers.as_deref().unwrap_or_default());
            if let Some(members) = &guild.members {
                let mut seen = IdSet::default();
                for member in members {
                    self.put_member(entry, member);
                    seen.insert(member.user.id.get());
                }
                if !partial {
                    let gone: Vec<u64> =
                        entry.members.keys().filter(|id| !seen.contains(id)).copied().collect();
                    for id in gone {
                        self.drop_member(entry, id);
                    }
                }
            }
            if let Some(presences) = &guild.presences {
                if !partial {
                    entry.presences.clear();
                }
                for presence in presences {
                    self.put_presence(entry, guild_id, presence);
                }
            }
            if self.wants(ResourceType::VOICE_STATE) {
                entry.voice_states.clear();
                for state in guild.voice_states.iter().flatten() {
                    if state.channel_id.is_some() {
                        entry
                            .voice_states
                            .insert(state.user_id.get(), CachedVoiceState::new(state));
                    }
                }
            }
            if self.wants(ResourceType::STAGE_INSTANCE) {
                entry.stage_instances.clear();
                for stage in guild.stage_instances.iter().flatten() {
                    entry.stage_instances.insert(stage.id.get(), stage.clone());
                }
            }
            if self.wants(ResourceType::SCHEDULED_EVENT) {
                let old = std::mem::take(&mut entry.events);
                for event in guild.guild_scheduled_events.iter().flatten() {
                    if let Some(creator) = &event.creator {
                        self.users.acquire(creator);
                    }
                    entry.events.insert(event.id.get(), CachedEvent::new(event));
                }
                for creator in old.values().filter_map(|event| event.creator) {
                    self.users.release(creator);
                }
            }
            if self.wants(ResourceType::CHANNEL) {
                std::mem::replace(&mut entry.channels, channel_ids.clone())
            } else {
                IdSet::default()
            }
        };
        for id in old_channels.difference(&channel_ids) {
            if let Some(id) = Id::new_checked(*id) {
                self.remove_channel(id);
            }
        }
    }

    /// GUILD_UPDATE: the guild's own fields. Its role and emoji lists are left to their own
    /// events.
    pub(crate) fn on_guild_update(&self, guild: &Guild) {
        if !self.wants(ResourceType::GUILD) {
            return;
        }
        let mut entry = self.guild_entry(guild.id);
        match &mut entry.guild {
            Some(cached) => cached.apply_update(guild),
            None => entry.guild = Some(CachedGuild::new(guild)),
        }
    }

    /// GUILD_DELETE during an outage (or GUILD_CREATE with `unavailable`): the data stays.
    pub(crate) fn mark_unavailable(&self, id: Id<GuildMarker>) {
        self.guild_entry(id).unavailable = true;
    }

    /// GUILD_DELETE because the bot left or was removed: everything of the guild goes, and
    /// users no other record refers to go with it.
    pub(crate) fn remove_guild(&self, id: Id<GuildMarker>) {
        let Some((_, entry)) = self.guilds.remove(&id.get()) else {
            return;
        };
        for user in entry.user_refs() {
            self.users.release(user);
        }
        for channel in &entry.channels {
            if let Some(channel) = Id::new_checked(*channel) {
                self.remove_channel(channel);
            }
        }
    }

    fn replace_roles(&self, entry: &mut GuildEntry, roles: &[Role]) {
        let keep: IdSet = roles.iter().map(|role| role.id.get()).collect();
        let gone: Vec<Id<RoleMarker>> =
            entry.roles.roles().map(|(id, _)| id).filter(|id| !keep.contains(&id.get())).collect();
        for id in gone {
            Self::unassign_role(entry, id);
        }
        if self.wants(ResourceType::ROLE) {
            for role in roles {
                entry.roles.upsert(role);
            }
        }
    }

    pub(crate) fn put_role(&self, guild_id: Id<GuildMarker>, role: &Role) {
        if self.wants(ResourceType::ROLE) {
            self.guild_entry(guild_id).roles.upsert(role);
        }
    }

    /// GUILD_ROLE_DELETE: the role goes, and so does it from every member.
    pub(crate) fn delete_role(&self, guild_id: Id<GuildMarker>, role_id: Id<RoleMarker>) {
        if let Some(mut entry) = self.guilds.get_mut(&guild_id.get()) {
            Self::unassign_role(&mut entry, role_id);
        }
    }

    fn unassign_role(entry: &mut GuildEntry, role_id: Id<RoleMarker>) {
        if let Some(slot) = entry.roles.find(role_id) {
            for member in entry.members.values_mut() {
                member.remove_role(slot);
            }
        }
        entry.roles.remove(role_id);
    }

    pub(crate) fn set_emojis(&self, guild_id: Id<GuildMarker>, emojis: &[Emoji]) {
        if self.wants(ResourceType::EMOJI) {
            self.replace_emojis(&mut self.guild_entry(guild_id), emojis);
        }
    }

    fn replace_emojis(&self, entry: &mut GuildEntry, emojis: &[Emoji]) {
        if !self.wants(ResourceType::EMOJI) {
            return;
        }
        let old = std::mem::take(&mut entry.emojis);
        for emoji in emojis {
            let Some(id) = emoji.id else { continue };
            if let Some(user) = &emoji.user {
                self.users.acquire(user);
            }
            entry.emojis.insert(id.get(), CachedEmoji::new(emoji));
        }
        for user in old.values().filter_map(CachedEmoji::user_id) {
            self.users.release(user);
        }
    }

    pub(crate) fn set_stickers(&self, guild_id: Id<GuildMarker>, stickers: &[Sticker]) {
        if self.wants(ResourceType::STICKER) {
            self.replace_stickers(&mut self.guild_entry(guild_id), stickers);
        }
    }

    fn replace_stickers(&self, entry: &mut GuildEntry, stickers: &[Sticker]) {
        if !self.wants(ResourceType::STICKER) {
            return;
        }
        let old = std::mem::take(&mut entry.stickers);
        for sticker in stickers {
            if let Some(user) = &sticker.user {
                self.users.acquire(user);
            }
            entry.stickers.insert(sticker.id.get(), CachedSticker::new(sticker));
        }
        for user in old.values().filter_map(|sticker| sticker.user) {
            self.users.release(user);
        }
    }
}
