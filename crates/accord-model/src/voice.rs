//! Voice states and voice regions.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::guild::Member;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use crate::util::Timestamp;

/// A user's connection to voice: which channel, and whether they are muted, deafened,
/// streaming or asking to speak.
///
/// The voice states inside GUILD_CREATE leave out `guild_id` and `member`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VoiceState {
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel the user is connected to; `None` once they left.
    #[serde(default)]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The user.
    pub user_id: Id<UserMarker>,
    /// The user's membership in the guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Box<Member>>,
    /// The voice session's id.
    pub session_id: CompactString,
    /// Whether the guild deafened the user.
    pub deaf: bool,
    /// Whether the guild muted the user.
    pub mute: bool,
    /// Whether the user deafened themselves.
    pub self_deaf: bool,
    /// Whether the user muted themselves.
    pub self_mute: bool,
    /// Whether the user is streaming with Go Live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_stream: Option<bool>,
    /// Whether the user's camera is on (left out of some payloads, such as the docs' example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_video: Option<bool>,
    /// Whether the user may not speak (in a stage, an audience member).
    pub suppress: bool,
    /// When the user asked to speak in a stage.
    #[serde(default)]
    pub request_to_speak_timestamp: Option<Timestamp>,
}

impl VoiceState {
    /// A voice state for a user connected to a channel, with every flag off.
    pub fn new(
        user_id: Id<UserMarker>,
        channel_id: Option<Id<ChannelMarker>>,
        session_id: impl Into<CompactString>,
    ) -> Self {
        Self {
            guild_id: None,
            channel_id,
            user_id,
            member: None,
            session_id: session_id.into(),
            deaf: false,
            mute: false,
            self_deaf: false,
            self_mute: false,
            self_stream: None,
            self_video: None,
            suppress: false,
            request_to_speak_timestamp: None,
        }
    }

    /// Whether the user is streaming; `false` when Discord left the field out.
    pub fn is_streaming(&self) -> bool {
        self.self_stream.unwrap_or(false)
    }

    /// Whether the user's camera is on; `false` when Discord left the field out.
    pub fn is_video_on(&self) -> bool {
        self.self_video.unwrap_or(false)
    }
}

/// A voice server region, for a voice or stage channel's `rtc_region` (`GET /voice/regions`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VoiceRegion {
    /// The region's id.
    pub id: CompactString,
    /// The name.
    pub name: CompactString,
    /// Whether it is the region closest to the current user's client.
    pub optimal: bool,
    /// Whether the region is deprecated and should not be chosen.
    pub deprecated: bool,
    /// Whether the region is a custom one, for events and the like.
    pub custom: bool,
}
