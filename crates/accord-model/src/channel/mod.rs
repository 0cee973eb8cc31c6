//! Channels of every type, threads, permission overwrites and forum tags.

mod forum;
mod permission_overwrite;
mod thread;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use forum::{DefaultReaction, ForumLayout, ForumTag, SortOrder, TagSearchSetting};
pub use permission_overwrite::{PermissionOverwrite, PermissionOverwriteType};
pub use thread::{
    AutoArchiveDuration, ThreadList, ThreadMember, ThreadMemberFlags, ThreadMetadata, ThreadSearch,
};

use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, TagMarker, UserMarker,
    WebhookMarker,
};
use crate::permissions::Permissions;
use crate::user::User;
use crate::util::{ImageHash, Timestamp};

/// A channel of any type: a guild text, voice, stage, forum or media channel, a category, a
/// thread, a DM or a group DM.
///
/// Discord sends one object shape for all of them, with the fields that do not apply to a type
/// left out; so does this struct. `kind` says which fields to expect. The same struct serves as
/// the partial channel of interactions and resolved data, where only `id`, `type` and a few
/// other fields are present.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Channel {
    /// The channel's id.
    pub id: Id<ChannelMarker>,
    /// The channel's type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The guild of a guild channel; missing in some gateway payloads (GUILD_CREATE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The sorting position among the guild's channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i32>,
    /// Permission overrides for roles and members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_overwrites: Option<Vec<PermissionOverwrite>>,
    /// The name (1 to 100 characters); `None` for DMs and unnamed group DMs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<CompactString>,
    /// The topic; the guidelines of a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Whether the channel is age-restricted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nsfw: Option<bool>,
    /// The last message sent (or thread created, in a forum or media channel); it may no longer
    /// exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message_id: Option<Id<MessageMarker>>,
    /// The bitrate of a voice or stage channel, in bits per second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bitrate: Option<u32>,
    /// The most users a voice or stage channel admits; 0 means no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_limit: Option<u32>,
    /// Slow mode: seconds a member waits between messages (or thread creations); members with
    /// MANAGE_MESSAGES or MANAGE_CHANNELS, and bots, are exempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_user: Option<u16>,
    /// The other users of a DM or group DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<User>>,
    /// The icon hash of a group DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<ImageHash>,
    /// Who created the group DM or thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Id<UserMarker>>,
    /// The application that created a group DM, if a bot did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Whether an OAuth2 application manages the group DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// The category of a guild channel, or the channel a thread was created in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Id<ChannelMarker>>,
    /// When the most recent pin happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_pin_timestamp: Option<Timestamp>,
    /// The voice region id; `None` means automatic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rtc_region: Option<CompactString>,
    /// The camera video quality of a voice channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_quality_mode: Option<VideoQualityMode>,
    /// The number of messages in a thread, not counting its starter message or deleted ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_count: Option<u32>,
    /// An approximate number of users in a thread; it stops counting at 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_count: Option<u32>,
    /// Thread-only state: archiving and locking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_metadata: Option<ThreadMetadata>,
    /// The current user's membership of a thread, when they joined it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<ThreadMember>,
    /// The archive delay clients preselect for new threads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_auto_archive_duration: Option<AutoArchiveDuration>,
    /// The invoking member's computed permissions in the channel (interactions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// The channel's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ChannelFlags>,
    /// The number of messages ever sent in a thread; unlike `message_count`, deletions do not
    /// lower it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_message_sent: Option<u32>,
    /// The tags that posts of a forum or media channel can carry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_tags: Option<Vec<ForumTag>>,
    /// The tags applied to a thread in a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_tags: Option<Vec<Id<TagMarker>>>,
    /// The emoji shown as the reaction button on posts of a forum or media channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_reaction_emoji: Option<DefaultReaction>,
    /// The slow mode copied to new threads when they are created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_thread_rate_limit_per_user: Option<u16>,
    /// How a forum or media channel sorts its posts by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_sort_order: Option<SortOrder>,
    /// How a forum channel lays out its posts by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_forum_layout: Option<ForumLayout>,
    /// How a tag search matches posts by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_tag_setting: Option<TagSearchSetting>,
    /// In THREAD_CREATE, whether the thread was just created (rather than the current user
    /// being added to an existing one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newly_created: Option<bool>,
    /// The status text of a voice channel (up to 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CompactString>,
    /// When the current voice session of the channel started, in Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice_start_time: Option<u64>,
}

impl Channel {
    /// A channel with only an id and a type, as in a partial channel; the rest is `None`.
    pub const fn new(id: Id<ChannelMarker>, kind: ChannelType) -> Self {
        Self {
            id,
            kind,
            guild_id: None,
            position: None,
            permission_overwrites: None,
            name: None,
            topic: None,
            nsfw: None,
            last_message_id: None,
            bitrate: None,
            user_limit: None,
            rate_limit_per_user: None,
            recipients: None,
            icon: None,
            owner_id: None,
            application_id: None,
            managed: None,
            parent_id: None,
            last_pin_timestamp: None,
            rtc_region: None,
            video_quality_mode: None,
            message_count: None,
            member_count: None,
            thread_metadata: None,
            member: None,
            default_auto_archive_duration: None,
            permissions: None,
            flags: None,
            total_message_sent: None,
            available_tags: None,
            applied_tags: None,
            default_reaction_emoji: None,
            default_thread_rate_limit_per_user: None,
            default_sort_order: None,
            default_forum_layout: None,
            default_tag_setting: None,
            newly_created: None,
            status: None,
            voice_start_time: None,
        }
    }

    /// A guild text channel at position 0 with no overwrites, as Discord creates it.
    pub fn guild_text(
        id: Id<ChannelMarker>,
        guild_id: Id<GuildMarker>,
        name: impl Into<CompactString>,
    ) -> Self {
        Self {
            guild_id: Some(guild_id),
            position: Some(0),
            permission_overwrites: Some(Vec::new()),
            name: Some(name.into()),
            nsfw: Some(false),
            rate_limit_per_user: Some(0),
            flags: Some(ChannelFlags::empty()),
            ..Self::new(id, ChannelType::GuildText)
        }
    }

    /// A DM channel with one other user.
    pub fn dm(id: Id<ChannelMarker>, recipient: User) -> Self {
        Self {
            recipients: Some(vec![recipient]),
            flags: Some(ChannelFlags::empty()),
            ..Self::new(id, ChannelType::Dm)
        }
    }

    /// Whether the channel is a thread of any kind.
    pub const fn is_thread(&self) -> bool {
        self.kind.is_thread()
    }

    /// The channel's flags; empty when Discord left them out.
    pub fn flags(&self) -> ChannelFlags {
        self.flags.unwrap_or_default()
    }

    /// Whether the channel is age-restricted; `false` when Discord left the field out.
    pub fn is_nsfw(&self) -> bool {
        self.nsfw.unwrap_or(false)
    }
}

int_enum! {
    /// What a channel is.
    pub enum ChannelType: u8 {
        /// A text channel in a guild.
        GuildText = 0,
        /// A direct message between two users.
        Dm = 1,
        /// A voice channel in a guild.
        GuildVoice = 2,
        /// A direct message between several users.
        GroupDm = 3,
        /// A category that groups up to 50 guild channels.
        GuildCategory = 4,
        /// A channel other guilds can follow, whose messages can be crossposted to them.
        GuildAnnouncement = 5,
        /// A thread in an announcement channel.
        AnnouncementThread = 10,
        /// A thread anyone who sees the parent channel can see.
        PublicThread = 11,
        /// A thread only its members and moderators can see.
        PrivateThread = 12,
        /// A voice channel for events with an audience.
        GuildStageVoice = 13,
        /// The channel of a student hub that lists its servers.
        GuildDirectory = 14,
        /// A channel that holds only threads (posts).
        GuildForum = 15,
        /// A forum-like channel for media posts.
        GuildMedia = 16,
    }
}

impl ChannelType {
    /// Whether channels of this type are threads.
    pub const fn is_thread(self) -> bool {
        matches!(self, Self::AnnouncementThread | Self::PublicThread | Self::PrivateThread)
    }

    /// Whether channels of this type belong to a guild.
    pub const fn is_guild(self) -> bool {
        !matches!(self, Self::Dm | Self::GroupDm | Self::Unknown(_))
    }

    /// Whether users can join channels of this type by voice.
    pub const fn is_voice(self) -> bool {
        matches!(self, Self::GuildVoice | Self::GuildStageVoice)
    }

    /// Whether channels of this type hold only threads (forum and media channels).
    pub const fn is_thread_only(self) -> bool {
        matches!(self, Self::GuildForum | Self::GuildMedia)
    }
}

flags! {
    /// Flags on a channel.
    pub struct ChannelFlags: u64 as integer {
        /// The thread is pinned to the top of its forum or media channel.
        const PINNED = 1 << 1;
        /// Posts in this forum or media channel need at least one tag.
        const REQUIRE_TAG = 1 << 4;
        /// This media channel hides the embedded media download options.
        const HIDE_MEDIA_DOWNLOAD_OPTIONS = 1 << 15;
    }
}

int_enum! {
    /// The camera video quality of a voice channel.
    pub enum VideoQualityMode: u8 {
        /// Discord picks the quality.
        Auto = 1,
        /// 720p.
        Full = 2,
    }
}

/// The result of following an announcement channel (`POST /channels/{id}/followers`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct FollowedChannel {
    /// The announcement channel that is followed.
    pub channel_id: Id<ChannelMarker>,
    /// The webhook created in the target channel to receive crossposts.
    pub webhook_id: Id<WebhookMarker>,
}

impl FollowedChannel {
    /// A followed channel.
    pub const fn new(channel_id: Id<ChannelMarker>, webhook_id: Id<WebhookMarker>) -> Self {
        Self { channel_id, webhook_id }
    }
}

#[cfg(test)]
mod tests {
    use super::{Channel, ChannelFlags, ChannelType};
    use crate::id::Id;

    #[test]
    fn unknown_type_and_flags_round_trip() {
        let json = r#"{"id":"1","type":99,"flags":65554}"#;
        let channel: Channel = serde_json::from_str(json).unwrap();
        assert_eq!(channel.kind, ChannelType::Unknown(99));
        assert!(channel.flags().contains(ChannelFlags::PINNED | ChannelFlags::REQUIRE_TAG));
        assert_eq!(serde_json::to_string(&channel).unwrap(), json);
    }

    #[test]
    fn constructors_fill_what_discord_sends() {
        let channel = Channel::guild_text(Id::new(2), Id::new(1), "general");
        let json = serde_json::to_value(&channel).unwrap();
        assert_eq!(json["type"], 0);
        assert_eq!(json["name"], "general");
        assert_eq!(json["guild_id"], "1");
        assert!(json.get("recipients").is_none());
        assert!(!channel.is_thread() && ChannelType::PrivateThread.is_thread());
        assert!(ChannelType::GuildMedia.is_thread_only() && !ChannelType::Dm.is_guild());
    }
}
