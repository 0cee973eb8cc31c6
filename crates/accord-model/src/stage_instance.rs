//! Stage instances: live stages in stage channels.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, ScheduledEventMarker, StageMarker};

/// A live stage: a stage channel is live while it has a stage instance.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct StageInstance {
    /// The stage instance's id.
    pub id: Id<StageMarker>,
    /// The guild of the stage channel.
    pub guild_id: Id<GuildMarker>,
    /// The stage channel.
    pub channel_id: Id<ChannelMarker>,
    /// The topic, 1 to 120 characters.
    pub topic: CompactString,
    /// Who can see the stage.
    pub privacy_level: StagePrivacyLevel,
    /// Whether stage discovery is off (deprecated by Discord).
    #[serde(default)]
    pub discoverable_disabled: bool,
    /// The scheduled event the stage belongs to.
    #[serde(default)]
    pub guild_scheduled_event_id: Option<Id<ScheduledEventMarker>>,
}

impl StageInstance {
    /// A guild-only stage instance with a topic and no scheduled event.
    pub fn new(
        id: Id<StageMarker>,
        guild_id: Id<GuildMarker>,
        channel_id: Id<ChannelMarker>,
        topic: impl Into<CompactString>,
    ) -> Self {
        Self {
            id,
            guild_id,
            channel_id,
            topic: topic.into(),
            privacy_level: StagePrivacyLevel::GuildOnly,
            discoverable_disabled: false,
            guild_scheduled_event_id: None,
        }
    }
}

int_enum! {
    /// Who can see a stage instance.
    pub enum StagePrivacyLevel: u8 {
        /// Everyone (deprecated by Discord).
        Public = 1,
        /// Only the guild's members.
        GuildOnly = 2,
    }
}
