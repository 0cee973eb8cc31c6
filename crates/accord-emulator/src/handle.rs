//! The handle tests use to drive the world and look inside it.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, UserMarker};
use accord_model::message::Message;

use crate::shared::Shared;

/// Drives and inspects a running emulator. Cheap to clone.
#[derive(Debug, Clone)]
pub struct EmulatorHandle {
    pub(crate) shared: Arc<Shared>,
}

impl EmulatorHandle {
    /// The application's id.
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        self.shared.read(|world| world.application.id)
    }

    /// The bot user's id.
    pub fn bot_user_id(&self) -> Id<UserMarker> {
        self.shared.read(super::world::World::bot_id)
    }

    /// The ids of every guild, in id order.
    pub fn guild_ids(&self) -> Vec<Id<GuildMarker>> {
        self.shared.read(|world| world.guilds.keys().copied().collect())
    }

    /// The messages of a channel, oldest first.
    pub fn messages(&self, channel_id: Id<ChannelMarker>) -> Vec<Message> {
        self.shared.read(|world| {
            world
                .channels
                .get(&channel_id)
                .map(|c| c.messages.values().cloned().collect())
                .unwrap_or_default()
        })
    }

    /// How many gateway events have been dispatched to sessions.
    pub fn events_dispatched(&self) -> u64 {
        self.shared.counters.events_dispatched.load(Ordering::Relaxed)
    }
}
