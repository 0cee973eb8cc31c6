//! Counts and approximate sizes of what the cache holds.

use std::collections::HashMap;

use accord_model::stage_instance::StageInstance;

use crate::InMemoryCache;
use crate::hash::BuildIdHasher;
use crate::record::{
    CachedChannel, CachedEmoji, CachedEvent, CachedGuild, CachedMember, CachedMessage,
    CachedPresence, CachedSticker, CachedUser, CachedVoiceState,
};
use crate::store::{ChannelMessages, GuildEntry};

/// How many of one kind of resource the cache holds, and about how many bytes they take.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResourceStats {
    /// How many are cached.
    pub count: usize,
    /// Bytes: the hash table slots that hold them (spare capacity included) plus what they
    /// own on the heap. Allocator overhead is not counted.
    pub bytes: usize,
}

impl ResourceStats {
    fn add(&mut self, count: usize, bytes: usize) {
        self.count += count;
        self.bytes += bytes;
    }
}

/// What the cache holds, per kind of resource; see [`InMemoryCache::stats`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheStats {
    /// Guilds (their entries, including the per-guild tables' own overhead).
    pub guilds: ResourceStats,
    /// Guilds an outage makes unavailable (bytes counted under `guilds`).
    pub unavailable_guilds: usize,
    /// Channels and threads.
    pub channels: ResourceStats,
    /// Roles.
    pub roles: ResourceStats,
    /// Members.
    pub members: ResourceStats,
    /// Users, each counted once.
    pub users: ResourceStats,
    /// Presences.
    pub presences: ResourceStats,
    /// Voice states.
    pub voice_states: ResourceStats,
    /// Custom emojis.
    pub emojis: ResourceStats,
    /// Custom stickers.
    pub stickers: ResourceStats,
    /// Messages.
    pub messages: ResourceStats,
    /// Stage instances.
    pub stage_instances: ResourceStats,
    /// Scheduled events.
    pub scheduled_events: ResourceStats,
}

impl CacheStats {
    /// The bytes of every kind together.
    pub fn total_bytes(&self) -> usize {
        [
            self.guilds,
            self.channels,
            self.roles,
            self.members,
            self.users,
            self.presences,
            self.voice_states,
            self.emojis,
            self.stickers,
            self.messages,
            self.stage_instances,
            self.scheduled_events,
        ]
        .iter()
        .map(|stats| stats.bytes)
        .sum()
    }
}

/// The bytes of a hash table's slots: key, value and control byte per bucket.
fn table<V>(map: &HashMap<u64, V, BuildIdHasher>) -> usize {
    map.capacity() * (size_of::<(u64, V)>() + 1)
}

impl InMemoryCache {
    /// Counts and approximate bytes per kind of resource. It walks the whole cache, taking
    /// each shard's lock in turn: call it for monitoring, not on every event.
    pub fn stats(&self) -> CacheStats {
        let mut stats = CacheStats::default();
        stats.guilds.bytes += self.guilds.capacity() * (size_of::<(u64, GuildEntry)>() + 1);
        for entry in &self.guilds {
            stats.guilds.count += 1;
            stats.unavailable_guilds += usize::from(entry.unavailable);
            stats.guilds.bytes += entry.guild.as_ref().map_or(0, CachedGuild::heap_bytes)
                + entry.channels.capacity() * (size_of::<u64>() + 1);
            stats.roles.add(entry.roles.len(), entry.roles.heap_bytes());
            stats.members.add(
                entry.members.len(),
                table(&entry.members)
                    + entry.members.values().map(CachedMember::heap_bytes).sum::<usize>(),
            );
            stats.presences.add(
                entry.presences.len(),
                table(&entry.presences)
                    + entry.presences.values().map(CachedPresence::heap_bytes).sum::<usize>(),
            );
            stats.voice_states.add(
                entry.voice_states.len(),
                table(&entry.voice_states)
                    + entry.voice_states.values().map(CachedVoiceState::heap_bytes).sum::<usize>(),
            );
            stats.emojis.add(
                entry.emojis.len(),
                table(&entry.emojis)
                    + entry.emojis.values().map(CachedEmoji::heap_bytes).sum::<usize>(),
            );
            stats.stickers.add(
                entry.stickers.len(),
                table(&entry.stickers)
                    + entry.stickers.values().map(CachedSticker::heap_bytes).sum::<usize>(),
            );
            stats
                .stage_instances
                .add(entry.stage_instances.len(), table::<StageInstance>(&entry.stage_instances));
            stats.scheduled_events.add(
                entry.events.len(),
                table(&entry.events)
                    + entry.events.values().map(CachedEvent::heap_bytes).sum::<usize>(),
            );
        }
        stats.channels.bytes += self.channels.capacity() * (size_of::<(u64, CachedChannel)>() + 1);
        for channel in &self.channels {
            stats.channels.add(1, channel.heap_bytes());
        }
        stats.users.bytes += self.users.map.capacity() * (size_of::<(u64, CachedUser)>() + 1);
        for user in &self.users.map {
            stats.users.add(1, user.heap_bytes());
        }
        stats.messages.bytes +=
            self.messages.capacity() * (size_of::<(u64, ChannelMessages)>() + 1);
        for channel in &self.messages {
            let ring = channel.ring.capacity() * size_of::<CachedMessage>();
            stats.messages.add(
                channel.ring.len(),
                ring + channel.ring.iter().map(CachedMessage::heap_bytes).sum::<usize>(),
            );
        }
        stats
    }
}
