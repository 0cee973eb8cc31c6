//! Guild widgets: the public summary of a guild, and its settings.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker};
use crate::presence::Status;

/// Whether a guild's widget is on, and which channel it invites to
/// (`GET /guilds/{id}/widget`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildWidgetSettings {
    /// Whether the widget is on.
    pub enabled: bool,
    /// The channel the widget invites to.
    #[serde(default)]
    pub channel_id: Option<Id<ChannelMarker>>,
}

/// The public summary of a guild shown by its widget (`GET /guilds/{id}/widget.json`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildWidget {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// An invite to the widget's channel.
    #[serde(default)]
    pub instant_invite: Option<CompactString>,
    /// The voice and stage channels @everyone can join.
    pub channels: Vec<WidgetChannel>,
    /// Up to 100 online members, anonymized.
    pub members: Vec<WidgetMember>,
    /// How many members are online.
    pub presence_count: u32,
}

/// A channel listed by a guild widget.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WidgetChannel {
    /// The channel's id.
    pub id: Id<ChannelMarker>,
    /// The name.
    pub name: CompactString,
    /// The position in the channel list.
    pub position: i32,
}

/// A member listed by a guild widget. The id, discriminator and avatar are anonymized: the
/// id is an index such as `"0"`, not a user id.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WidgetMember {
    /// An anonymous index, not a user id.
    pub id: CompactString,
    /// The username.
    pub username: CompactString,
    /// An anonymized discriminator.
    pub discriminator: CompactString,
    /// Always `None`: use `avatar_url`.
    #[serde(default)]
    pub avatar: Option<CompactString>,
    /// The member's status.
    pub status: Status,
    /// The URL of the member's avatar through the widget proxy.
    pub avatar_url: String,
    /// The game the member is playing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<WidgetActivity>,
    /// Whether the guild deafened the member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deaf: Option<bool>,
    /// Whether the guild muted the member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mute: Option<bool>,
    /// Whether the member deafened themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_deaf: Option<bool>,
    /// Whether the member muted themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_mute: Option<bool>,
    /// Whether the member may not speak.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppress: Option<bool>,
    /// The voice channel the member is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
}

/// The activity of a widget member.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WidgetActivity {
    /// The activity's name.
    pub name: CompactString,
}
