//! Channels of a guild: listing, creating and reordering them.

use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelType, DefaultReaction, ForumLayout, PermissionOverwrite,
    SortOrder, TagSearchSetting, VideoQualityMode,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker};
use serde::Serialize;

use crate::request::channel::{ForumTagRequest, check_tags};
use crate::response::EmptyBody;
use crate::validate::{chars, count, range};

/// The new position (and parent) of a channel, for
/// [`Client::bulk_update_guild_channels`](crate::Client::bulk_update_guild_channels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChannelPosition {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// Its new position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
    /// Whether to sync its permissions with the new parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock_permissions: Option<bool>,
    /// Its new category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Id<ChannelMarker>>,
}

impl ChannelPosition {
    /// A channel and its new position.
    pub const fn new(id: Id<ChannelMarker>, position: i32) -> Self {
        Self { id, position: Some(position), lock_permissions: None, parent_id: None }
    }
}

requests! {
    /// Lists the channels of a guild (threads left out).
    list_guild_channels => ListGuildChannels: GET "/guilds/{guild_id}/channels" -> Vec<Channel> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Creates a channel in a guild.
    create_guild_channel => CreateGuildChannel: POST "/guilds/{guild_id}/channels" -> Channel {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        args: name: &'a str [chars(1, 100)];
        fields:
            kind as "type": ChannelType,
            /// At most 1024 characters (4096 for forum and media channels).
            topic: &'a str [chars(0, 4096)],
            /// Voice channels: at least 8000 bits per second.
            bitrate: u32 [range(8000, 384_000)],
            /// Voice channels: 0 (no limit) to 99 users, 10000 for stages.
            user_limit: u16 [range(0, 10_000)],
            /// Seconds a member waits between messages (slowmode): 0 to 21600.
            rate_limit_per_user: u16 [range(0, 21_600)],
            position: u32,
            /// At most 100 overwrites.
            permission_overwrites: &'a [PermissionOverwrite] [count(0, 100)],
            parent_id: Id<ChannelMarker>,
            nsfw: bool,
            rtc_region: &'a str,
            video_quality_mode: VideoQualityMode,
            default_auto_archive_duration: AutoArchiveDuration,
            default_reaction_emoji: &'a DefaultReaction,
            /// At most 20 tags.
            available_tags: &'a [ForumTagRequest] [check_tags],
            default_sort_order: SortOrder,
            default_forum_layout: ForumLayout,
            default_tag_setting: TagSearchSetting,
            /// 0 to 21600 seconds.
            default_thread_rate_limit_per_user: u16 [range(0, 21_600)];
    }

    /// Moves channels: positions and parents of several channels at once.
    bulk_update_guild_channels => BulkUpdateGuildChannels:
        PATCH "/guilds/{guild_id}/channels" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        json: positions: &'a [ChannelPosition];
    }
}
