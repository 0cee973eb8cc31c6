//! Channels: reading, editing and deleting them, invites, permission overwrites, webhooks,
//! typing, followers and group DM recipients. Messages and threads have their own modules.

pub mod message;
pub mod thread;

use accord_model::CompactString;
use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelFlags, ChannelType, DefaultReaction, FollowedChannel,
    ForumLayout, ForumTag, PermissionOverwrite, PermissionOverwriteType, SortOrder,
    TagSearchSetting, VideoQualityMode,
};
use accord_model::id::Id;
use accord_model::id::marker::{
    ApplicationMarker, ChannelMarker, EmojiMarker, GenericMarker, GuildMarker, RoleMarker,
    SoundboardSoundMarker, TagMarker, UserMarker,
};
use accord_model::invite::{Invite, InviteTargetType};
use accord_model::permissions::Permissions;
use accord_model::webhook::Webhook;
use serde::Serialize;

use crate::response::EmptyBody;
use crate::validate::{Check, ValidationErrorKind, chars, check_chars, count, range};

/// A tag of a forum or media channel in `available_tags`: tags with an `id` are kept (and
/// changed), tags without one are created, and tags left out are deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ForumTagRequest {
    /// The tag's id, for an existing tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Id<TagMarker>>,
    /// The name (at most 20 characters).
    pub name: CompactString,
    /// Whether only moderators can apply it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moderated: Option<bool>,
    /// A custom emoji shown with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// A Unicode emoji shown with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub emoji_name: Option<CompactString>,
}

impl ForumTagRequest {
    /// A new tag.
    pub fn new(name: impl Into<CompactString>) -> Self {
        Self { id: None, name: name.into(), moderated: None, emoji_id: None, emoji_name: None }
    }
}

impl From<&ForumTag> for ForumTagRequest {
    fn from(tag: &ForumTag) -> Self {
        Self {
            id: Some(tag.id),
            name: tag.name.clone(),
            moderated: Some(tag.moderated),
            emoji_id: tag.emoji_id,
            emoji_name: tag.emoji_name.clone(),
        }
    }
}

/// At most 20 tags with names of at most 20 characters.
pub(crate) fn check_tags(tags: &&[ForumTagRequest]) -> Check {
    crate::validate::check_count(tags.len(), 0, 20)?;
    tags.iter().try_for_each(|tag| check_chars(&tag.name, 1, 20))
}

/// A webhook name: 1 to 80 characters, without "clyde" or "discord" in it.
pub(crate) fn webhook_name(name: &&str) -> Check {
    check_chars(name, 1, 80)?;
    let lower = name.to_lowercase();
    if lower.contains("clyde") || lower.contains("discord") {
        return Err(ValidationErrorKind::Invalid {
            reason: "may not contain \"clyde\" or \"discord\"",
        });
    }
    Ok(())
}

requests! {
    /// Returns a channel or thread.
    get_channel => GetChannel: GET "/channels/{channel_id}" -> Channel {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Deletes a channel, or closes a DM.
    delete_channel => DeleteChannel: DELETE "/channels/{channel_id}" -> Channel {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
    }

    /// Changes a channel's settings. Which fields apply depends on the channel's type: guild
    /// channels, threads, and group DMs (name and icon) each take their own.
    update_channel => UpdateChannel: PATCH "/channels/{channel_id}" -> Channel {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
        fields:
            /// 1 to 100 characters.
            name: &'a str [chars(1, 100)],
            /// Converts between text and announcement channels.
            kind as "type": ChannelType,
            /// Threads: whether the thread is archived.
            archived: bool,
            /// Threads: whether only moderators can unarchive it.
            locked: bool,
            /// Private threads: whether members can invite others.
            invitable: bool,
            /// Forum posts: their tags (at most 5).
            applied_tags: &'a [Id<TagMarker>] [count(0, 5)],
            /// Forum and media channels: their tags (at most 20), replacing the current ones.
            available_tags: &'a [ForumTagRequest] [check_tags];
        nullable:
            /// A data URI of a group DM's icon.
            icon: &'a str,
            position: u32,
            /// At most 1024 characters (4096 for forum and media channels).
            topic: &'a str [chars(0, 4096)],
            nsfw: bool,
            /// Seconds a member waits between messages (slowmode): 0 to 21600.
            rate_limit_per_user: u16 [range(0, 21_600)],
            /// Voice channels: at least 8000 bits per second.
            bitrate: u32 [range(8000, 384_000)],
            /// Voice channels: 0 (no limit) to 99 users, 10000 for stages.
            user_limit: u16 [range(0, 10_000)],
            /// At most 100 overwrites.
            permission_overwrites: &'a [PermissionOverwrite] [count(0, 100)],
            parent_id: Id<ChannelMarker>,
            /// A voice region id; `None` picks one automatically.
            rtc_region: &'a str,
            video_quality_mode: VideoQualityMode,
            default_auto_archive_duration: AutoArchiveDuration,
            /// Threads: the duration of inactivity before archiving.
            auto_archive_duration: AutoArchiveDuration,
            flags: ChannelFlags,
            default_reaction_emoji: &'a DefaultReaction,
            /// 0 to 21600 seconds.
            default_thread_rate_limit_per_user: u16 [range(0, 21_600)],
            default_sort_order: SortOrder,
            default_forum_layout: ForumLayout,
            default_tag_setting: TagSearchSetting;
    }

    /// Follows an announcement channel: its published messages are sent to
    /// `webhook_channel_id` through a webhook.
    follow_channel => FollowChannel: POST "/channels/{channel_id}/followers" -> FollowedChannel {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
        args: webhook_channel_id: Id<ChannelMarker>;
    }

    /// Lists the invites of a channel, with their metadata.
    list_channel_invites => ListChannelInvites: GET "/channels/{channel_id}/invites" -> Vec<Invite> {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Creates an invite to a channel.
    create_channel_invite => CreateChannelInvite: POST "/channels/{channel_id}/invites" -> Invite {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
        fields:
            /// Seconds until it expires: 0 (never) to 604800 (7 days); 86400 by default.
            max_age: u32 [range(0, 604_800)],
            /// How many uses: 0 (no limit) to 100.
            max_uses: u8 [range(0, 100)],
            /// Whether members who joined through it are kicked when they go offline
            /// without a role.
            temporary: bool,
            /// Whether to always create a new invite instead of reusing a similar one.
            unique: bool,
            /// What the invite targets in a voice channel.
            target_type: InviteTargetType,
            /// The user whose stream the invite opens.
            target_user_id: Id<UserMarker>,
            /// The embedded application the invite opens.
            target_application_id: Id<ApplicationMarker>,
            /// Roles given to members who join through it.
            role_ids: &'a [Id<RoleMarker>] [count(0, 250)];
    }

    /// Sets the permission overwrite of a role or member in a channel.
    set_channel_permission_overwrite => SetChannelPermissionOverwrite:
        PUT "/channels/{channel_id}/permissions/{overwrite_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, overwrite_id: Id<GenericMarker>;
        args: kind as "type": PermissionOverwriteType;
        fields: allow: Permissions, deny: Permissions;
    }

    /// Removes the permission overwrite of a role or member.
    delete_channel_permission_overwrite => DeleteChannelPermissionOverwrite:
        DELETE "/channels/{channel_id}/permissions/{overwrite_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, overwrite_id: Id<GenericMarker>;
    }

    /// Adds a user to a group DM (with an OAuth2 access token of the user that has the
    /// `gdm.join` scope). Discord answers with the channel, or nothing if the user was there.
    add_group_dm_user => AddGroupDmUser: PUT "/channels/{channel_id}/recipients/{user_id}" -> Option<Channel> {
        path: channel_id: Id<ChannelMarker>, user_id: Id<UserMarker>;
        fields: access_token: &'a str, nick: &'a str;
    }

    /// Removes a user from a group DM.
    delete_group_dm_user => DeleteGroupDmUser:
        DELETE "/channels/{channel_id}/recipients/{user_id}" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, user_id: Id<UserMarker>;
    }

    /// Plays a soundboard sound in the voice channel the bot is connected to.
    send_soundboard_sound => SendSoundboardSound:
        POST "/channels/{channel_id}/send-soundboard-sound" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>;
        args: sound_id: Id<SoundboardSoundMarker>;
        fields:
            /// The guild of the sound, when it is from another guild.
            source_guild_id: Id<GuildMarker>;
    }

    /// Shows "typing…" in a channel for about 10 seconds, or until the bot sends a message.
    trigger_typing_indicator => TriggerTypingIndicator:
        POST "/channels/{channel_id}/typing" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Sets the status text of a voice channel.
    update_voice_channel_status => UpdateVoiceChannelStatus:
        PUT "/channels/{channel_id}/voice-status" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>;
        nullable:
            /// At most 500 characters; `None` clears it.
            status: &'a str [chars(0, 500)];
    }

    /// Lists the webhooks of a channel.
    list_channel_webhooks => ListChannelWebhooks: GET "/channels/{channel_id}/webhooks" -> Vec<Webhook> {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Creates a webhook in a channel. The name has 1 to 80 characters and may not contain
    /// "clyde" or "discord".
    create_webhook => CreateWebhook: POST "/channels/{channel_id}/webhooks" -> Webhook {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
        args: name: &'a str [webhook_name];
        nullable:
            /// A data URI of the avatar.
            avatar: &'a str;
    }
}
