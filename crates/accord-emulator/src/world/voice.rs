//! Voice states: who is in which voice channel.

use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::voice::VoiceState;

use super::{World, WorldError};

/// How a voice state changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VoiceChange {
    /// The user was in no channel of the guild and now is in one.
    Joined,
    /// The user moved, changed mute or deafen, or left.
    Updated,
}

impl World {
    /// Joins, moves within or leaves (`channel_id: None`) a guild's voice channels and emits
    /// VOICE_STATE_UPDATE.
    pub(crate) fn update_voice_state(
        &mut self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
        channel_id: Option<Id<ChannelMarker>>,
        (self_mute, self_deaf): (bool, bool),
        session_id: &str,
    ) -> Result<(VoiceState, VoiceChange), WorldError> {
        if let Some(channel_id) = channel_id {
            let channel = &self.channel(channel_id)?.channel;
            if channel.guild_id != Some(guild_id) || !channel.kind.is_voice() {
                return Err(WorldError::InvalidForm {
                    field: "channel_id",
                    code: "CHANNEL_TYPE_INVALID",
                    message: "not a voice channel of this guild".to_owned(),
                });
            }
        }
        let state = self.guild_mut(guild_id)?;
        let member = state.members.get(&user_id).cloned().ok_or(WorldError::UnknownMember)?;
        let was_in = state.voice_states.get(&user_id).is_some_and(|v| v.channel_id.is_some());
        let mut voice = VoiceState::new(user_id, channel_id, session_id);
        voice.guild_id = Some(guild_id);
        voice.member = Some(Box::new(member));
        voice.self_mute = self_mute;
        voice.self_deaf = self_deaf;
        voice.self_video = Some(false);
        if channel_id.is_some() {
            state.voice_states.insert(user_id, voice.clone());
        } else {
            state.voice_states.remove(&user_id);
        }
        self.emit(Event::VoiceStateUpdate(Box::new(voice.clone())), Some(guild_id));
        let change = if !was_in && channel_id.is_some() {
            VoiceChange::Joined
        } else {
            VoiceChange::Updated
        };
        Ok((voice, change))
    }
}

#[cfg(test)]
mod tests {
    use super::VoiceChange;
    use crate::config::WorldSpec;
    use crate::world::generate;

    #[test]
    fn joining_moving_and_leaving_voice() {
        let mut world =
            generate(&WorldSpec { guilds: 1, members_per_guild: 2, seed: 2, file: None }, "bot");
        let bot = world.bot_id();
        let (guild_id, state) = world.guilds.iter().next().unwrap();
        let guild_id = *guild_id;
        let voice = *state.channels.last().unwrap();
        let text = state.channels[2];
        let (_, change) =
            world.update_voice_state(guild_id, bot, Some(voice), (false, true), "s").unwrap();
        assert_eq!(change, VoiceChange::Joined);
        let (_, change) =
            world.update_voice_state(guild_id, bot, Some(voice), (true, true), "s").unwrap();
        assert_eq!(change, VoiceChange::Updated);
        assert!(world.update_voice_state(guild_id, bot, Some(text), (false, false), "s").is_err());
        world.update_voice_state(guild_id, bot, None, (false, false), "s").unwrap();
        assert!(world.guilds[&guild_id].voice_states.is_empty());
        assert_eq!(world.take_outbox().len(), 3);
    }
}
