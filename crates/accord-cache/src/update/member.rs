//! Members and presences: GUILD_MEMBER_*, GUILD_MEMBERS_CHUNK, PRESENCE_UPDATE, and the
//! members that ride along in messages, reactions, typing and voice events.

use accord_model::gateway::event::{GuildMemberUpdate, GuildMembersChunk};
use accord_model::guild::{Member, PartialMember};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use accord_model::presence::{Presence, Status};
use accord_model::user::User;

use crate::InMemoryCache;
use crate::config::ResourceType;
use crate::record::{CachedMember, CachedPresence};
use crate::store::GuildEntry;

impl InMemoryCache {
    /// Stores a full member; `true` if it is new. Its user is stored or refreshed.
    pub(crate) fn put_member(&self, entry: &mut GuildEntry, member: &Member) -> bool {
        if !self.wants(ResourceType::MEMBER) {
            self.users.refresh(&member.user);
            return false;
        }
        let record = CachedMember::new(member, &mut entry.roles);
        if entry.members.insert(member.user.id.get(), record).is_some() {
            self.users.refresh(&member.user);
            false
        } else {
            self.users.acquire(&member.user);
            true
        }
    }

    /// Stores a full member of a guild.
    pub(crate) fn put_member_in(&self, guild_id: Id<GuildMarker>, member: &Member) {
        if self.wants(ResourceType::MEMBER) {
            self.put_member(&mut self.guild_entry(guild_id), member);
        } else {
            self.users.refresh(&member.user);
        }
    }

    /// Stores the partial member of a new message, with its user.
    pub(crate) fn put_partial_member(
        &self,
        guild_id: Id<GuildMarker>,
        user: &User,
        partial: &PartialMember,
    ) {
        if !self.wants(ResourceType::MEMBER) {
            self.users.refresh(user);
            return;
        }
        let mut entry = self.guild_entry(guild_id);
        let entry = &mut *entry;
        if let Some(member) = entry.members.get_mut(&user.id.get()) {
            member.apply_partial(partial, &mut entry.roles);
            self.users.refresh(user);
        } else {
            let mut member = Member::new(user.clone(), partial.joined_at);
            member.deaf = partial.deaf.unwrap_or(false);
            member.mute = partial.mute.unwrap_or(false);
            let mut record = CachedMember::new(&member, &mut entry.roles);
            record.apply_partial(partial, &mut entry.roles);
            entry.members.insert(user.id.get(), record);
            self.users.acquire(user);
        }
    }

    /// Removes a member, its presence and its voice state; `true` if it was there.
    pub(crate) fn drop_member(&self, entry: &mut GuildEntry, user_id: u64) -> bool {
        entry.presences.remove(&user_id);
        entry.voice_states.remove(&user_id);
        let removed = entry.members.remove(&user_id).is_some();
        if removed && let Some(id) = Id::new_checked(user_id) {
            self.users.release(id);
        }
        removed
    }

    /// GUILD_MEMBER_ADD. A member without `guild_id` cannot be placed and is ignored.
    pub(crate) fn on_member_add(&self, member: &Member) {
        let Some(guild_id) = member.guild_id else {
            self.users.refresh(&member.user);
            return;
        };
        let mut entry = self.guild_entry(guild_id);
        if self.put_member(&mut entry, member)
            && let Some(guild) = &mut entry.guild
        {
            guild.count_member(true);
        }
    }

    /// GUILD_MEMBER_UPDATE: the fields it carries; a member the cache lacked is added.
    pub(crate) fn on_member_update(&self, update: &GuildMemberUpdate) {
        if !self.wants(ResourceType::MEMBER) {
            self.users.refresh(&update.user);
            return;
        }
        let mut entry = self.guild_entry(update.guild_id);
        let entry = &mut *entry;
        if let Some(member) = entry.members.get_mut(&update.user.id.get()) {
            member.apply_update(update, &mut entry.roles);
            self.users.refresh(&update.user);
        } else {
            let record = CachedMember::from_update(update, &mut entry.roles);
            entry.members.insert(update.user.id.get(), record);
            self.users.acquire(&update.user);
        }
    }

    /// GUILD_MEMBER_REMOVE.
    pub(crate) fn on_member_remove(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) {
        let Some(mut entry) = self.guilds.get_mut(&guild_id.get()) else {
            return;
        };
        if self.drop_member(&mut entry, user_id.get())
            && let Some(guild) = &mut entry.guild
        {
            guild.count_member(false);
        }
    }

    /// GUILD_MEMBERS_CHUNK: members and, if asked for, their presences.
    pub(crate) fn on_members_chunk(&self, chunk: &GuildMembersChunk) {
        let mut entry = self.guild_entry(chunk.guild_id);
        for member in &chunk.members {
            self.put_member(&mut entry, member);
        }
        for presence in chunk.presences.iter().flatten() {
            self.put_presence(&mut entry, chunk.guild_id, presence);
        }
    }

    /// Stores a presence; an offline (or invisible) user has none, as in GUILD_CREATE.
    pub(crate) fn put_presence(
        &self,
        entry: &mut GuildEntry,
        _guild_id: Id<GuildMarker>,
        presence: &Presence,
    ) {
        self.users.refresh_partial(&presence.user);
        if !self.wants(ResourceType::PRESENCE) {
            return;
        }
        let id = presence.user.id.get();
        // Others see an invisible user as offline, and offline users have no presence.
        if matches!(presence.status, Status::Offline | Status::Invisible) {
            entry.presences.remove(&id);
        } else {
            entry.presences.insert(id, CachedPresence::new(presence));
        }
    }

    /// PRESENCE_UPDATE.
    pub(crate) fn on_presence_update(&self, presence: &Presence) {
        match presence.guild_id {
            Some(guild_id) if self.wants(ResourceType::PRESENCE) => {
                self.put_presence(&mut self.guild_entry(guild_id), guild_id, presence);
            }
            _ => self.users.refresh_partial(&presence.user),
        }
    }
}
