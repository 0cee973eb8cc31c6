//! Channel events beyond the channel itself: pins, threads, channel info, voice channel status,
//! webhooks and invites.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::application::Application;
use crate::channel::{Channel, ChannelType, ThreadMember};
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use crate::invite::InviteTargetType;
use crate::user::User;
use crate::util::Timestamp;

/// A message was pinned or unpinned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ChannelPinsUpdate {
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// When the most recent pin was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_pin_timestamp: Option<Timestamp>,
}

impl ChannelPinsUpdate {
    /// A `ChannelPinsUpdate` from its required fields; the optional ones are `None`.
    pub fn new(channel_id: Id<ChannelMarker>) -> Self {
        Self { guild_id: None, channel_id, last_pin_timestamp: None }
    }
}

/// A thread was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadDelete {
    /// The thread.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The channel the thread was in.
    pub parent_id: Id<ChannelMarker>,
    /// The thread's type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
}

impl ThreadDelete {
    /// A `ThreadDelete` from its fields.
    pub fn new(
        id: Id<ChannelMarker>,
        guild_id: Id<GuildMarker>,
        parent_id: Id<ChannelMarker>,
        kind: ChannelType,
    ) -> Self {
        Self { id, guild_id, parent_id, kind }
    }
}

/// The active threads the bot can see, sent when it gains access to channels.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadListSync {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The parent channels being synced; absent when the whole guild is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_ids: Option<Vec<Id<ChannelMarker>>>,
    /// The active threads in those channels that the bot can access.
    pub threads: Vec<Channel>,
    /// The bot's membership of each of those threads it joined.
    pub members: Vec<ThreadMember>,
}

impl ThreadListSync {
    /// A `ThreadListSync` from its required fields; the optional ones are `None`.
    pub fn new(
        guild_id: Id<GuildMarker>,
        threads: Vec<Channel>,
        members: Vec<ThreadMember>,
    ) -> Self {
        Self { guild_id, channel_ids: None, threads, members }
    }
}

/// Members joined or left a thread.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ThreadMembersUpdate {
    /// The thread.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// Approximately how many members the thread has, up to 50.
    pub member_count: u32,
    /// The members who joined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_members: Option<Vec<ThreadMember>>,
    /// The users who left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_member_ids: Option<Vec<Id<UserMarker>>>,
}

impl ThreadMembersUpdate {
    /// A `ThreadMembersUpdate` from its required fields; the optional ones are `None`.
    pub fn new(id: Id<ChannelMarker>, guild_id: Id<GuildMarker>, member_count: u32) -> Self {
        Self { id, guild_id, member_count, added_members: None, removed_member_ids: None }
    }
}

/// Ephemeral channel information, in answer to Request Channel Info.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ChannelInfo {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The channels with the requested fields.
    pub channels: Vec<ChannelInfoChannel>,
}

impl ChannelInfo {
    /// A `ChannelInfo` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, channels: Vec<ChannelInfoChannel>) -> Self {
        Self { guild_id, channels }
    }
}

/// One channel in CHANNEL_INFO.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ChannelInfoChannel {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The voice channel status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CompactString>,
    /// When the voice channel's call started, in Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_start_time: Option<u64>,
}

impl ChannelInfoChannel {
    /// A `ChannelInfoChannel` from its required fields; the optional ones are `None`.
    pub fn new(id: Id<ChannelMarker>) -> Self {
        Self { id, status: None, voice_start_time: None }
    }
}

/// A voice channel's status changed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VoiceChannelStatusUpdate {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The new status, or `None` when it was cleared.
    #[serde(default)]
    pub status: Option<CompactString>,
}

impl VoiceChannelStatusUpdate {
    /// A `VoiceChannelStatusUpdate` from its required fields; the optional ones are `None`.
    pub fn new(id: Id<ChannelMarker>, guild_id: Id<GuildMarker>) -> Self {
        Self { id, guild_id, status: None }
    }
}

/// A voice channel's call started or ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct VoiceChannelStartTimeUpdate {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// When the call started, in Unix seconds, or `None` when it ended.
    #[serde(default)]
    pub voice_start_time: Option<u64>,
}

impl VoiceChannelStartTimeUpdate {
    /// A `VoiceChannelStartTimeUpdate` from its required fields; the optional ones are `None`.
    pub fn new(id: Id<ChannelMarker>, guild_id: Id<GuildMarker>) -> Self {
        Self { id, guild_id, voice_start_time: None }
    }
}

/// A channel's webhooks changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WebhooksUpdate {
    /// The guild.
    pub guild_id: Id<GuildMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
}

impl WebhooksUpdate {
    /// A `WebhooksUpdate` from its fields.
    pub fn new(guild_id: Id<GuildMarker>, channel_id: Id<ChannelMarker>) -> Self {
        Self { guild_id, channel_id }
    }
}

/// An invite was created.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteCreate {
    /// The channel the invite leads to.
    pub channel_id: Id<ChannelMarker>,
    /// The invite code.
    pub code: CompactString,
    /// When the invite was created.
    pub created_at: Timestamp,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Who created the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inviter: Option<User>,
    /// Seconds the invite is valid for; 0 forever.
    pub max_age: u32,
    /// How many times the invite can be used; 0 without limit.
    pub max_uses: u32,
    /// What a voice channel invite targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<InviteTargetType>,
    /// The user whose stream the invite is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_user: Option<User>,
    /// The embedded application the invite is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_application: Option<Box<Application>>,
    /// Whether the invite grants temporary membership.
    pub temporary: bool,
    /// How many times the invite was used (always 0).
    pub uses: u32,
    /// When the invite expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// The roles granted by the invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_ids: Option<Vec<Id<RoleMarker>>>,
}

impl InviteCreate {
    /// A `InviteCreate` from its required fields; the optional ones are `None`.
    pub fn new(
        channel_id: Id<ChannelMarker>,
        code: CompactString,
        created_at: Timestamp,
        max_age: u32,
        max_uses: u32,
        temporary: bool,
        uses: u32,
    ) -> Self {
        Self {
            channel_id,
            code,
            created_at,
            guild_id: None,
            inviter: None,
            max_age,
            max_uses,
            target_type: None,
            target_user: None,
            target_application: None,
            temporary,
            uses,
            expires_at: None,
            role_ids: None,
        }
    }
}

/// An invite was deleted.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InviteDelete {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The invite code.
    pub code: CompactString,
}

impl InviteDelete {
    /// A `InviteDelete` from its required fields; the optional ones are `None`.
    pub fn new(channel_id: Id<ChannelMarker>, code: CompactString) -> Self {
        Self { channel_id, guild_id: None, code }
    }
}
