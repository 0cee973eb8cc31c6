//! Where records live: the user store with its reference counts, each guild's entry, and
//! each channel's message ring.

use std::collections::VecDeque;

use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, MessageMarker, UserMarker};
use accord_model::stage_instance::StageInstance;
use accord_model::user::{PartialUser, User};
use dashmap::DashMap;

use crate::hash::{BuildIdHasher, IdMap, IdSet};
use crate::record::{
    CachedEmoji, CachedEvent, CachedGuild, CachedMember, CachedMessage, CachedPresence,
    CachedSticker, CachedUser, CachedVoiceState, RoleTable,
};

/// The users, each stored once with a count of the records that refer to it; a user goes
/// with the last reference. Always locked after any other map, never before.
#[derive(Debug)]
pub(crate) struct Users {
    pub(crate) map: DashMap<u64, CachedUser, BuildIdHasher>,
    enabled: bool,
}

impl Users {
    pub(crate) fn new(enabled: bool) -> Self {
        Self { map: DashMap::with_hasher(BuildIdHasher::default()), enabled }
    }

    /// Takes a reference to a user, storing or refreshing its data.
    pub(crate) fn acquire(&self, user: &User) {
        if !self.enabled {
            return;
        }
        self.map
            .entry(user.id.get())
            .and_modify(|cached| {
                cached.set(user);
                cached.refs += 1;
            })
            .or_insert_with(|| {
                let mut cached = CachedUser::new(user);
                cached.refs = 1;
                cached
            });
    }

    /// Drops a reference; the user goes with the last one.
    pub(crate) fn release(&self, id: Id<UserMarker>) {
        if !self.enabled {
            return;
        }
        if let dashmap::Entry::Occupied(mut entry) = self.map.entry(id.get()) {
            let cached = entry.get_mut();
            cached.refs = cached.refs.saturating_sub(1);
            if cached.refs == 0 {
                entry.remove();
            }
        }
    }

    /// Refreshes the data of a user the cache has, without taking a reference.
    pub(crate) fn refresh(&self, user: &User) {
        if let Some(mut cached) = self.map.get_mut(&user.id.get()) {
            cached.set(user);
        }
    }

    /// Applies a partial user to a user the cache has.
    pub(crate) fn refresh_partial(&self, user: &PartialUser) {
        if let Some(mut cached) = self.map.get_mut(&user.id.get()) {
            cached.apply_partial(user);
        }
    }

    /// The user as the model's type; a user with only its id when the cache does not have it.
    pub(crate) fn get_or_id(&self, id: Id<UserMarker>) -> User {
        self.get(id).unwrap_or_else(|| User::new(id, ""))
    }

    /// The user as the model's type.
    pub(crate) fn get(&self, id: Id<UserMarker>) -> Option<User> {
        self.map.get(&id.get()).map(|cached| cached.to_user(id))
    }
}

/// A guild and what belongs to it, behind one lock: a guild's events come in order from one
/// shard, so they never wait for each other, and one guild's lock never blocks another's
/// (unless both fall in the same of the map's shards, for a moment).
#[derive(Debug, Default)]
pub(crate) struct GuildEntry {
    /// The guild's own fields, once a GUILD_CREATE brought them.
    pub(crate) guild: Option<CachedGuild>,
    /// An outage made the guild unavailable; its data is kept.
    pub(crate) unavailable: bool,
    /// The ids of its channels and threads (the records are in the channel map).
    pub(crate) channels: IdSet,
    pub(crate) roles: RoleTable,
    pub(crate) members: IdMap<CachedMember>,
    pub(crate) presences: IdMap<CachedPresence>,
    pub(crate) voice_states: IdMap<CachedVoiceState>,
    pub(crate) emojis: IdMap<CachedEmoji>,
    pub(crate) stickers: IdMap<CachedSticker>,
    pub(crate) stage_instances: IdMap<StageInstance>,
    pub(crate) events: IdMap<CachedEvent>,
}

impl GuildEntry {
    /// Every user reference the entry holds, to release when it goes.
    pub(crate) fn user_refs(&self) -> Vec<Id<UserMarker>> {
        let members = self.members.keys().filter_map(|id| Id::new_checked(*id));
        let emojis = self.emojis.values().filter_map(CachedEmoji::user_id);
        let stickers = self.stickers.values().filter_map(|s| s.user);
        let events = self.events.values().filter_map(|e| e.creator);
        members.chain(emojis).chain(stickers).chain(events).collect()
    }
}

/// The last messages of a channel, oldest first, in id order.
#[derive(Debug, Default)]
pub(crate) struct ChannelMessages {
    pub(crate) guild_id: Option<Id<GuildMarker>>,
    pub(crate) ring: VecDeque<CachedMessage>,
}

impl ChannelMessages {
    /// Where a message is, or would go.
    pub(crate) fn position(&self, id: Id<MessageMarker>) -> Result<usize, usize> {
        self.ring.binary_search_by_key(&id, CachedMessage::id)
    }

    /// The message with an id.
    pub(crate) fn get(&self, id: Id<MessageMarker>) -> Option<&CachedMessage> {
        self.ring.get(self.position(id).ok()?)
    }

    /// The message with an id, to change.
    pub(crate) fn get_mut(&mut self, id: Id<MessageMarker>) -> Option<&mut CachedMessage> {
        let index = self.position(id).ok()?;
        self.ring.get_mut(index)
    }
}
