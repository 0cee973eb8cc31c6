//! Soundboard sounds.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{EmojiMarker, GuildMarker, SoundboardSoundMarker};
use crate::user::User;

/// A sound users can play in voice channels: one of Discord's defaults or a guild's own.
///
/// The audio itself is on the CDN at `soundboard-sounds/{sound_id}`.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SoundboardSound {
    /// The name.
    pub name: CompactString,
    /// The sound's id (small integers for the default sounds).
    pub sound_id: Id<SoundboardSoundMarker>,
    /// The volume, from 0 to 1.
    pub volume: f64,
    /// The custom emoji shown with the sound.
    #[serde(default)]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The Unicode emoji shown with the sound.
    #[serde(default)]
    pub emoji_name: Option<CompactString>,
    /// The guild the sound belongs to; `None` for default sounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Whether the sound can be used; `false` when the guild lost the boosts it needed.
    pub available: bool,
    /// Who uploaded the sound (needs an expressions permission to be sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Box<User>>,
}

impl SoundboardSound {
    /// An available sound at full volume, without emoji, guild or uploader.
    pub fn new(sound_id: Id<SoundboardSoundMarker>, name: impl Into<CompactString>) -> Self {
        Self {
            name: name.into(),
            sound_id,
            volume: 1.0,
            emoji_id: None,
            emoji_name: None,
            guild_id: None,
            available: true,
            user: None,
        }
    }
}

/// The sounds of a guild (`GET /guilds/{guild.id}/soundboard-sounds`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SoundboardSounds {
    /// The sounds.
    pub items: Vec<SoundboardSound>,
}
