//! Voice events that are not voice states: the voice server and channel effects.

use serde::{Deserialize, Serialize};

use crate::emoji::PartialEmoji;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, SoundboardSoundMarker, UserMarker};
use crate::util::Secret;

/// Where to connect for voice in a guild, after joining a voice channel.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VoiceServerUpdate {
    /// The voice connection token.
    pub token: Secret,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The voice server's host; `None` while Discord finds a new one.
    #[serde(default)]
    pub endpoint: Option<compact_str::CompactString>,
}

impl VoiceServerUpdate {
    /// A `VoiceServerUpdate` from its required fields; the optional ones are `None`.
    pub fn new(token: Secret, guild_id: Id<GuildMarker>) -> Self {
        Self { token, guild_id, endpoint: None }
    }
}

int_enum! {
    /// How a voice channel effect is animated.
    pub enum AnimationType: u8 {
        /// The fancy animation of Nitro users.
        Premium = 0,
        /// The standard animation.
        Basic = 1,
    }
}

/// Someone sent an emoji reaction or a soundboard sound in a voice channel.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VoiceChannelEffectSend {
    /// The voice channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Who sent the effect.
    pub user_id: Id<UserMarker>,
    /// The emoji of an emoji reaction or of a sound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<PartialEmoji>,
    /// The animation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animation_type: Option<AnimationType>,
    /// Which animation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animation_id: Option<u32>,
    /// The soundboard sound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_id: Option<Id<SoundboardSoundMarker>>,
    /// The sound's volume, from 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sound_volume: Option<f64>,
}

impl VoiceChannelEffectSend {
    /// A `VoiceChannelEffectSend` from its required fields; the optional ones are `None`.
    pub fn new(
        channel_id: Id<ChannelMarker>,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Self {
        Self {
            channel_id,
            guild_id,
            user_id,
            emoji: None,
            animation_type: None,
            animation_id: None,
            sound_id: None,
            sound_volume: None,
        }
    }
}
