//! References between messages: replies, forwards (with their snapshots), crossposts.

use serde::{Deserialize, Serialize};

use super::{Attachment, Embed, Message, MessageFlags, MessageType};
use crate::component::Component;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker, MessageMarker, RoleMarker};
use crate::sticker::{Sticker, StickerItem};
use crate::user::User;
use crate::util::Timestamp;

/// Where a message comes from: a reply, a forward, a crosspost, a pin or a thread start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageReference {
    /// Whether the message replies to or forwards the referenced one (a reply when absent).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<MessageReferenceType>,
    /// The referenced message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<Id<MessageMarker>>,
    /// The channel of the referenced message (optional when replying).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// The guild of the referenced message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// When sending: whether to fail if the referenced message does not exist (`true` by
    /// default) rather than send a plain message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_if_not_exists: Option<bool>,
}

impl MessageReference {
    /// A reply to a message.
    pub const fn reply(message_id: Id<MessageMarker>) -> Self {
        Self {
            kind: None,
            message_id: Some(message_id),
            channel_id: None,
            guild_id: None,
            fail_if_not_exists: None,
        }
    }

    /// A forward of a message from a channel.
    pub const fn forward(channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>) -> Self {
        Self {
            kind: Some(MessageReferenceType::Forward),
            message_id: Some(message_id),
            channel_id: Some(channel_id),
            guild_id: None,
            fail_if_not_exists: None,
        }
    }
}

int_enum! {
    /// How a message refers to another.
    pub enum MessageReferenceType: u8 {
        /// A reply, crosspost, pin or thread start.
        Default = 0,
        /// A forward: the referenced message is copied into a snapshot.
        Forward = 1,
    }
}

/// A copy of a forwarded message, made when it was forwarded.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageSnapshot {
    /// The copied part of the message.
    pub message: SnapshotMessage,
}

impl MessageSnapshot {
    /// A snapshot of a message, as a forward copies it.
    pub fn new(message: &Message) -> Self {
        Self {
            message: SnapshotMessage {
                kind: message.kind,
                content: message.content.clone(),
                embeds: message.embeds.clone(),
                attachments: message.attachments.clone(),
                timestamp: message.timestamp,
                edited_timestamp: message.edited_timestamp,
                flags: message.flags,
                mentions: Some(message.mentions.iter().map(|m| m.user.clone()).collect()),
                mention_roles: Some(message.mention_roles.clone()),
                sticker_items: message.sticker_items.clone(),
                stickers: None,
                components: message.components.clone(),
            },
        }
    }
}

/// The part of a message a forward copies.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SnapshotMessage {
    /// The kind of message.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// The text.
    pub content: String,
    /// The embeds.
    pub embeds: Vec<Embed>,
    /// The attached files.
    pub attachments: Vec<Attachment>,
    /// When the message was sent.
    pub timestamp: Timestamp,
    /// When the message was last edited.
    #[serde(default)]
    pub edited_timestamp: Option<Timestamp>,
    /// The message's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// The users mentioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<User>>,
    /// The roles mentioned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_roles: Option<Vec<Id<RoleMarker>>>,
    /// The stickers sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticker_items: Option<Vec<StickerItem>>,
    /// Deprecated: the full stickers sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stickers: Option<Vec<Sticker>>,
    /// The components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
}
