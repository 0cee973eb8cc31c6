//! READY, USER_UPDATE, voice states, stage instances and scheduled events.

use accord_model::gateway::ShardId;
use accord_model::gateway::event::Ready;
use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use accord_model::scheduled_event::GuildScheduledEvent;
use accord_model::stage_instance::StageInstance;
use accord_model::user::User;
use accord_model::voice::VoiceState;

use crate::InMemoryCache;
use crate::config::ResourceType;
use crate::hash::IdSet;
use crate::record::{CachedEvent, CachedVoiceState};

impl InMemoryCache {
    /// The current user's id, once READY came.
    pub(crate) fn current_user_id(&self) -> Option<Id<UserMarker>> {
        self.current_user
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .map(|user| user.id)
    }

    fn set_current_user(&self, user: &User) {
        *self.current_user.write().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(user.clone());
    }

    /// READY starts a session: the current user, and the shard's guilds, unavailable until
    /// their GUILD_CREATE. Cached guilds of the same shard that READY does not list were left
    /// while the bot was away, and are removed.
    pub(crate) fn on_ready(&self, ready: &Ready) {
        self.set_current_user(&ready.user);
        self.users.refresh(&ready.user);
        let shard = ready.shard.unwrap_or(ShardId::ONE);
        let listed: IdSet = ready.guilds.iter().map(|guild| guild.id.get()).collect();
        let stale: Vec<u64> = self
            .guilds
            .iter()
            .map(|entry| *entry.key())
            .filter(|id| !listed.contains(id))
            .filter(|id| {
                Id::new_checked(*id)
                    .is_some_and(|id| ShardId::for_guild(id, shard.total()) == shard)
            })
            .collect();
        for id in stale.into_iter().filter_map(Id::new_checked) {
            self.remove_guild(id);
        }
        for guild in &ready.guilds {
            self.mark_unavailable(guild.id);
        }
    }

    /// USER_UPDATE: the current user changed.
    pub(crate) fn on_user_update(&self, user: &User) {
        self.set_current_user(user);
        self.users.refresh(user);
    }

    /// VOICE_STATE_UPDATE: a user joined, moved or left (no channel) a voice channel.
    pub(crate) fn on_voice_state_update(&self, state: &VoiceState) {
        let Some(guild_id) = state.guild_id else {
            return;
        };
        let mut entry = self.guild_entry(guild_id);
        if let Some(member) = &state.member {
            self.put_member(&mut entry, member);
        }
        if !self.wants(ResourceType::VOICE_STATE) {
            return;
        }
        if state.channel_id.is_some() {
            entry.voice_states.insert(state.user_id.get(), CachedVoiceState::new(state));
        } else {
            entry.voice_states.remove(&state.user_id.get());
        }
    }

    pub(crate) fn put_stage(&self, stage: &StageInstance) {
        if self.wants(ResourceType::STAGE_INSTANCE) {
            self.guild_entry(stage.guild_id).stage_instances.insert(stage.id.get(), stage.clone());
        }
    }

    pub(crate) fn remove_stage(&self, stage: &StageInstance) {
        if let Some(mut entry) = self.guilds.get_mut(&stage.guild_id.get()) {
            entry.stage_instances.remove(&stage.id.get());
        }
    }

    pub(crate) fn put_scheduled_event(&self, event: &GuildScheduledEvent) {
        if !self.wants(ResourceType::SCHEDULED_EVENT) {
            return;
        }
        if let Some(creator) = &event.creator {
            self.users.acquire(creator);
        }
        let old =
            self.guild_entry(event.guild_id).events.insert(event.id.get(), CachedEvent::new(event));
        if let Some(creator) = old.and_then(|old| old.creator) {
            self.users.release(creator);
        }
    }

    pub(crate) fn remove_scheduled_event(&self, event: &GuildScheduledEvent) {
        let old = self
            .guilds
            .get_mut(&event.guild_id.get())
            .and_then(|mut entry| entry.events.remove(&event.id.get()));
        if let Some(creator) = old.and_then(|old| old.creator) {
            self.users.release(creator);
        }
    }
}
