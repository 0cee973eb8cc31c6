//! The handle tests use to drive the world and look inside it: reads of the world, the
//! gateway's sessions and connections, counters, fault injection and the firehose. Acting as
//! users is in `control/actions.rs`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use accord_model::channel::Channel;
use accord_model::guild::{Guild, Member};
use accord_model::id::Id;
use accord_model::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, UserMarker,
};
use accord_model::message::Message;
use accord_model::permissions::Permissions;
use accord_model::presence::Presence;
use accord_model::user::User;
use accord_model::voice::VoiceState;

use crate::control::CounterSnapshot;
use crate::gateway::fault::{Fault, FaultTarget};
use crate::gateway::firehose::{self, Firehose, FirehoseError, FirehoseReport, FirehoseSpec};
use crate::gateway::limits::IdentifyRecord;
use crate::gateway::registry::{ConnectionInfo, SessionInfo};
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

    /// Every guild (its own fields and roles), in id order.
    pub fn guilds(&self) -> Vec<Guild> {
        self.shared.read(|world| world.guilds.values().map(|g| g.guild.clone()).collect())
    }

    /// A guild as GUILD_CREATE describes it: with every channel, thread, member, presence
    /// and voice state.
    pub fn guild(&self, guild_id: Id<GuildMarker>) -> Option<Guild> {
        self.shared.read(|world| world.full_guild(guild_id))
    }

    /// The channels and threads of a guild, in creation order.
    pub fn channels(&self, guild_id: Id<GuildMarker>) -> Vec<Channel> {
        self.shared.read(|world| {
            world
                .guilds
                .get(&guild_id)
                .map(|g| {
                    g.channels
                        .iter()
                        .filter_map(|id| world.channels.get(id).map(|c| c.channel.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// A channel (of a guild, or a DM).
    pub fn channel(&self, channel_id: Id<ChannelMarker>) -> Option<Channel> {
        self.shared.read(|world| world.channels.get(&channel_id).map(|c| c.channel.clone()))
    }

    /// The members of a guild, in user id order.
    pub fn members(&self, guild_id: Id<GuildMarker>) -> Vec<Member> {
        self.shared.read(|world| {
            world
                .guilds
                .get(&guild_id)
                .map(|g| g.members.values().cloned().collect())
                .unwrap_or_default()
        })
    }

    /// A user's permissions in a channel or thread, as the world computes them for its own
    /// REST checks (50001/50013); `None` when the channel is unknown or the user is not a
    /// member of its guild.
    pub fn channel_permissions(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
    ) -> Option<Permissions> {
        self.shared.read(|world| world.channel_permissions(channel_id, user_id).ok())
    }

    /// One member of a guild.
    pub fn member(&self, guild_id: Id<GuildMarker>, user_id: Id<UserMarker>) -> Option<Member> {
        self.shared.read(|world| world.guilds.get(&guild_id)?.members.get(&user_id).cloned())
    }

    /// The presences in a guild, in user id order.
    pub fn presences(&self, guild_id: Id<GuildMarker>) -> Vec<Presence> {
        self.shared.read(|world| world.presences(guild_id).unwrap_or_default())
    }

    /// The voice states in a guild.
    pub fn voice_states(&self, guild_id: Id<GuildMarker>) -> Vec<VoiceState> {
        self.shared.read(|world| {
            world
                .guilds
                .get(&guild_id)
                .map(|g| g.voice_states.values().cloned().collect())
                .unwrap_or_default()
        })
    }

    /// A user.
    pub fn user(&self, user_id: Id<UserMarker>) -> Option<User> {
        self.shared.read(|world| world.users.get(&user_id).cloned())
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

    /// One message.
    pub fn message(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Option<Message> {
        self.shared
            .read(|world| world.channels.get(&channel_id)?.messages.get(&message_id).cloned())
    }

    /// How many gateway events have been dispatched to sessions.
    pub fn events_dispatched(&self) -> u64 {
        self.shared.counters.events_dispatched.load(Ordering::Relaxed)
    }

    /// Every counter: gateway, REST and the identify log.
    pub fn counters(&self) -> CounterSnapshot {
        CounterSnapshot::take(&self.shared)
    }

    /// Every accepted IDENTIFY in order: shard, bucket and time since the emulator started.
    pub fn identify_log(&self) -> Vec<IdentifyRecord> {
        self.counters().identify_log
    }

    /// The gateway sessions, live or waiting to be resumed, by id.
    pub fn sessions(&self) -> Vec<SessionInfo> {
        self.shared.sessions.sessions()
    }

    /// The live gateway connections, in the order they opened.
    pub fn connections(&self) -> Vec<ConnectionInfo> {
        self.shared.sessions.connections()
    }

    /// Injects a fault into the connections `target` selects. Returns how many it reached.
    pub fn inject(&self, target: &FaultTarget, fault: &Fault) -> usize {
        let reached = self.shared.sessions.send_fault(target, fault);
        tracing::info!(?target, ?fault, reached, "fault injected");
        reached
    }

    /// Starts a firehose of numbered events (see [`crate::firehose_number`]).
    pub fn firehose(&self, spec: FirehoseSpec) -> Result<Firehose, FirehoseError> {
        firehose::start(&self.shared, spec)
    }

    /// The report of the running or last firehose.
    pub fn firehose_report(&self) -> Option<FirehoseReport> {
        firehose::report(&self.shared)
    }

    /// Waits until `condition` holds, checking every millisecond, for at most `timeout`.
    /// Returns whether it held. For waits on the emulator's state (a session appearing, a
    /// counter moving) where no event tells the test.
    ///
    /// Cancel safe: dropping the future only stops waiting.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        mut condition: impl FnMut(&EmulatorHandle) -> bool,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if condition(self) {
                return true;
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EmulatorHandle;
    use crate::{
        ControlError, CounterSnapshot, Fault, FaultTarget, Firehose, FirehoseReport, FirehoseSpec,
        SessionInfo,
    };

    fn send_sync<T: Send + Sync>() {}

    #[test]
    fn public_types_are_send_and_sync() {
        send_sync::<EmulatorHandle>();
        send_sync::<Firehose>();
        send_sync::<FirehoseReport>();
        send_sync::<FirehoseSpec>();
        send_sync::<CounterSnapshot>();
        send_sync::<ControlError>();
        send_sync::<Fault>();
        send_sync::<FaultTarget>();
        send_sync::<SessionInfo>();
    }
}
