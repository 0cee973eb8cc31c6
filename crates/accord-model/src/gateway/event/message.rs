//! Message events beyond the message itself: deletions, reactions, poll votes and typing.

use serde::{Deserialize, Serialize};

use crate::emoji::PartialEmoji;
use crate::guild::Member;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, MessageMarker, UserMarker};

/// A message was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageDelete {
    /// The message.
    pub id: Id<MessageMarker>,
    /// Its channel.
    pub channel_id: Id<ChannelMarker>,
    /// Its guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

impl MessageDelete {
    /// A `MessageDelete` from its required fields; the optional ones are `None`.
    pub fn new(id: Id<MessageMarker>, channel_id: Id<ChannelMarker>) -> Self {
        Self { id, channel_id, guild_id: None }
    }
}

/// Several messages were deleted at once.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageDeleteBulk {
    /// The messages.
    pub ids: Vec<Id<MessageMarker>>,
    /// Their channel.
    pub channel_id: Id<ChannelMarker>,
    /// Their guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

impl MessageDeleteBulk {
    /// A `MessageDeleteBulk` from its required fields; the optional ones are `None`.
    pub fn new(ids: Vec<Id<MessageMarker>>, channel_id: Id<ChannelMarker>) -> Self {
        Self { ids, channel_id, guild_id: None }
    }
}

int_enum! {
    /// Whether a reaction is a normal one or a super reaction.
    pub enum ReactionType: u8 {
        /// A normal reaction.
        Normal = 0,
        /// A super (burst) reaction.
        Burst = 1,
    }
}

/// A user reacted to a message.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageReactionAdd {
    /// Who reacted.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The member who reacted, in guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
    /// The emoji.
    pub emoji: PartialEmoji,
    /// The author of the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_author_id: Option<Id<UserMarker>>,
    /// Whether this is a super reaction.
    #[serde(default)]
    pub burst: bool,
    /// The colors of a super reaction, as `#rrggbb` strings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burst_colors: Option<Vec<String>>,
    /// The reaction's type.
    #[serde(rename = "type", default = "normal")]
    pub kind: ReactionType,
}

impl MessageReactionAdd {
    /// A `MessageReactionAdd` from its required fields; the optional ones are `None`.
    pub fn new(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        emoji: PartialEmoji,
    ) -> Self {
        Self {
            user_id,
            channel_id,
            message_id,
            guild_id: None,
            member: None,
            emoji,
            message_author_id: None,
            burst: false,
            burst_colors: None,
            kind: ReactionType::Normal,
        }
    }
}

const fn normal() -> ReactionType {
    ReactionType::Normal
}

/// A user removed a reaction.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageReactionRemove {
    /// Whose reaction.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The emoji.
    pub emoji: PartialEmoji,
    /// Whether this was a super reaction.
    #[serde(default)]
    pub burst: bool,
    /// The reaction's type.
    #[serde(rename = "type", default = "normal")]
    pub kind: ReactionType,
}

impl MessageReactionRemove {
    /// A `MessageReactionRemove` from its required fields; the optional ones are `None`.
    pub fn new(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        emoji: PartialEmoji,
    ) -> Self {
        Self {
            user_id,
            channel_id,
            message_id,
            guild_id: None,
            emoji,
            burst: false,
            kind: ReactionType::Normal,
        }
    }
}

/// Every reaction was removed from a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageReactionRemoveAll {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
}

impl MessageReactionRemoveAll {
    /// A `MessageReactionRemoveAll` from its required fields; the optional ones are `None`.
    pub fn new(channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>) -> Self {
        Self { channel_id, message_id, guild_id: None }
    }
}

/// Every reaction with one emoji was removed from a message.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageReactionRemoveEmoji {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The message.
    pub message_id: Id<MessageMarker>,
    /// The emoji.
    pub emoji: PartialEmoji,
}

impl MessageReactionRemoveEmoji {
    /// A `MessageReactionRemoveEmoji` from its required fields; the optional ones are `None`.
    pub fn new(
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        emoji: PartialEmoji,
    ) -> Self {
        Self { channel_id, guild_id: None, message_id, emoji }
    }
}

/// A user voted for a poll answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessagePollVoteAdd {
    /// The voter.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The poll's message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The answer.
    pub answer_id: u32,
}

impl MessagePollVoteAdd {
    /// A `MessagePollVoteAdd` from its required fields; the optional ones are `None`.
    pub fn new(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        answer_id: u32,
    ) -> Self {
        Self { user_id, channel_id, message_id, guild_id: None, answer_id }
    }
}

/// A user took back a poll vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessagePollVoteRemove {
    /// The voter.
    pub user_id: Id<UserMarker>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The poll's message.
    pub message_id: Id<MessageMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The answer.
    pub answer_id: u32,
}

impl MessagePollVoteRemove {
    /// A `MessagePollVoteRemove` from its required fields; the optional ones are `None`.
    pub fn new(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        answer_id: u32,
    ) -> Self {
        Self { user_id, channel_id, message_id, guild_id: None, answer_id }
    }
}

/// A user started typing.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TypingStart {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// The guild.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Who is typing.
    pub user_id: Id<UserMarker>,
    /// When they started, in Unix seconds.
    pub timestamp: u64,
    /// The member who is typing, in guilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Member>,
}

impl TypingStart {
    /// A `TypingStart` from its required fields; the optional ones are `None`.
    pub fn new(channel_id: Id<ChannelMarker>, user_id: Id<UserMarker>, timestamp: u64) -> Self {
        Self { channel_id, guild_id: None, user_id, timestamp, member: None }
    }
}
