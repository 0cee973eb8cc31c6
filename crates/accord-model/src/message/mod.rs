//! Messages and what they carry: attachments, embeds, reactions, references, polls.

mod allowed_mentions;
mod attachment;
mod embed;
mod listing;
mod mention;
mod metadata;
mod poll;
mod reaction;
mod reference;
mod special;

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use allowed_mentions::{AllowedMentions, MentionType};
pub use attachment::{Attachment, AttachmentFlags, PartialAttachment};
pub use embed::{
    Embed, EmbedAuthor, EmbedField, EmbedFooter, EmbedImage, EmbedProvider, EmbedThumbnail,
    EmbedType, EmbedVideo,
};
pub use listing::{MessageSearch, PinnedMessage, PinnedMessages, SearchIndexNotReady};
pub use mention::{ChannelMention, Mention};
pub use metadata::{
    CommandInteractionMetadata, ComponentInteractionMetadata, InteractionMetadata,
    MessageInteraction, ModalInteractionMetadata,
};
pub use poll::{
    Poll, PollAnswer, PollAnswerCount, PollAnswerVoters, PollCreate, PollCreateAnswer,
    PollLayoutType, PollMedia, PollResults,
};
pub use reaction::{Reaction, ReactionCountDetails, ReactionType};
pub use reference::{MessageReference, MessageReferenceType, MessageSnapshot, SnapshotMessage};
pub use special::{
    BaseTheme, GuildProductPurchase, MessageActivity, MessageActivityType, MessageCall,
    PurchaseNotification, PurchaseNotificationType, RoleSubscriptionData, SharedClientTheme,
};

use crate::application::Application;
use crate::channel::Channel;
use crate::component::Component;
use crate::guild::PartialMember;
use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, MessageMarker, RoleMarker, WebhookMarker,
};
use crate::interaction::Resolved;
use crate::sticker::{Sticker, StickerItem};
use crate::user::User;
use crate::util::Timestamp;

/// A message in a channel.
///
/// The same struct holds messages from REST and from MESSAGE_CREATE; the gateway adds
/// `guild_id`, `member` and the members of `mentions`. Large parts that few messages have are
/// boxed to keep the struct small.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Message {
    /// The message's id.
    pub id: Id<MessageMarker>,
    /// The channel it was sent in.
    pub channel_id: Id<ChannelMarker>,
    /// The author: a user, or for webhook messages a pseudo-user with the webhook's id and name.
    pub author: User,
    /// The text (up to 2000 characters); empty without the MESSAGE_CONTENT intent in guilds,
    /// unless the bot is mentioned or the message is in a DM.
    pub content: String,
    /// When the message was sent.
    pub timestamp: Timestamp,
    /// When the message was last edited.
    #[serde(default)]
    pub edited_timestamp: Option<Timestamp>,
    /// Whether the message was sent as text-to-speech.
    pub tts: bool,
    /// Whether the message mentions @everyone or @here.
    pub mention_everyone: bool,
    /// The users mentioned.
    pub mentions: Vec<Mention>,
    /// The roles mentioned.
    pub mention_roles: Vec<Id<RoleMarker>>,
    /// The channels of other guilds mentioned in a crossposted message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mention_channels: Option<Vec<ChannelMention>>,
    /// The attached files.
    pub attachments: Vec<Attachment>,
    /// The embeds.
    pub embeds: Vec<Embed>,
    /// The reactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reactions: Option<Vec<Reaction>>,
    /// The value the sender chose to check that the message was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<Nonce>,
    /// Whether the message is pinned.
    pub pinned: bool,
    /// The webhook that sent the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<Id<WebhookMarker>>,
    /// The kind of message.
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// The rich presence activity of a rich presence embed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Box<MessageActivity>>,
    /// The application of a rich presence embed, or of an interaction response (partial).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<Box<Application>>,
    /// The application of an interaction response or a webhook message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The message's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<MessageFlags>,
    /// Where the message comes from: the message replied to, forwarded, crossposted...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_reference: Option<MessageReference>,
    /// The forwarded messages (one for now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_snapshots: Option<Vec<MessageSnapshot>>,
    /// The message replied to: `None` when not a reply or not fetched, `Some(None)` when
    /// Discord sent `null` because it was deleted.
    #[serde(
        default,
        deserialize_with = "present_or_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub referenced_message: Option<Option<Box<Message>>>,
    /// The interaction the message answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_metadata: Option<Box<InteractionMetadata>>,
    /// Deprecated: the command the message answers; use `interaction_metadata`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<Box<MessageInteraction>>,
    /// The thread started from this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<Box<Channel>>,
    /// The components: rows of buttons and selects, or the layout of a components v2 message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Vec<Component>>,
    /// The stickers sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticker_items: Option<Vec<StickerItem>>,
    /// Deprecated: the full stickers sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stickers: Option<Vec<Sticker>>,
    /// The approximate position of the message in its thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// The purchase a role subscription message announces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_subscription_data: Option<Box<RoleSubscriptionData>>,
    /// The users, roles, channels and members of an interaction response's auto-populated
    /// select menus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Box<Resolved>>,
    /// The poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Box<Poll>>,
    /// The call a call message is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<Box<MessageCall>>,
    /// The client theme shared in the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared_client_theme: Option<Box<SharedClientTheme>>,
    /// The purchase a purchase notification announces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_notification: Option<Box<PurchaseNotification>>,
    /// The guild (gateway only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The author's membership of the guild (gateway only, without `user`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Box<PartialMember>>,
}

impl Message {
    /// A plain text message with the required fields; the rest is empty.
    pub fn new(
        id: Id<MessageMarker>,
        channel_id: Id<ChannelMarker>,
        author: User,
        content: impl Into<String>,
        timestamp: Timestamp,
    ) -> Self {
        Self {
            id,
            channel_id,
            author,
            content: content.into(),
            timestamp,
            edited_timestamp: None,
            tts: false,
            mention_everyone: false,
            mentions: Vec::new(),
            mention_roles: Vec::new(),
            mention_channels: None,
            attachments: Vec::new(),
            embeds: Vec::new(),
            reactions: None,
            nonce: None,
            pinned: false,
            webhook_id: None,
            kind: MessageType::Default,
            activity: None,
            application: None,
            application_id: None,
            flags: Some(MessageFlags::empty()),
            message_reference: None,
            message_snapshots: None,
            referenced_message: None,
            interaction_metadata: None,
            interaction: None,
            thread: None,
            components: Some(Vec::new()),
            sticker_items: None,
            stickers: None,
            position: None,
            role_subscription_data: None,
            resolved: None,
            poll: None,
            call: None,
            shared_client_theme: None,
            purchase_notification: None,
            guild_id: None,
            member: None,
        }
    }

    /// The message's flags; empty when Discord left them out.
    pub fn flags(&self) -> MessageFlags {
        self.flags.unwrap_or_default()
    }

    /// The message replied to, when Discord included it and it still exists.
    pub fn referenced_message(&self) -> Option<&Message> {
        self.referenced_message.as_ref()?.as_deref()
    }

    /// The components; empty when Discord left them out.
    pub fn components(&self) -> &[Component] {
        self.components.as_deref().unwrap_or_default()
    }
}

/// Reads a field that may be `null`: present-but-null becomes `Some(None)`.
#[allow(clippy::option_option, reason = "absent and null mean different things here")]
fn present_or_null<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

int_enum! {
    /// The kind of a message; most kinds are system messages.
    pub enum MessageType: u8 {
        /// A normal message.
        Default = 0,
        /// A user was added to a group DM.
        RecipientAdd = 1,
        /// A user left or was removed from a group DM.
        RecipientRemove = 2,
        /// A call started.
        Call = 3,
        /// The channel was renamed.
        ChannelNameChange = 4,
        /// The group DM icon changed.
        ChannelIconChange = 5,
        /// A message was pinned.
        ChannelPinnedMessage = 6,
        /// A member joined the guild.
        UserJoin = 7,
        /// A member boosted the guild.
        GuildBoost = 8,
        /// A boost took the guild to level 1.
        GuildBoostTier1 = 9,
        /// A boost took the guild to level 2.
        GuildBoostTier2 = 10,
        /// A boost took the guild to level 3.
        GuildBoostTier3 = 11,
        /// An announcement channel was followed into this channel.
        ChannelFollowAdd = 12,
        /// The guild left Server Discovery.
        GuildDiscoveryDisqualified = 14,
        /// The guild is back in Server Discovery.
        GuildDiscoveryRequalified = 15,
        /// First warning before the guild leaves Server Discovery.
        GuildDiscoveryGracePeriodInitialWarning = 16,
        /// Last warning before the guild leaves Server Discovery.
        GuildDiscoveryGracePeriodFinalWarning = 17,
        /// A thread was created from a message.
        ThreadCreated = 18,
        /// A reply.
        Reply = 19,
        /// The response to a slash command.
        ChatInputCommand = 20,
        /// The first message of a thread, pointing at the message it started from.
        ThreadStarterMessage = 21,
        /// A reminder to invite people.
        GuildInviteReminder = 22,
        /// The response to a context menu command.
        ContextMenuCommand = 23,
        /// An auto-moderation alert.
        AutoModerationAction = 24,
        /// A role subscription was bought or renewed.
        RoleSubscriptionPurchase = 25,
        /// An app asked the user to buy a premium offering (deprecated).
        InteractionPremiumUpsell = 26,
        /// A stage started.
        StageStart = 27,
        /// A stage ended.
        StageEnd = 28,
        /// A user became a stage speaker.
        StageSpeaker = 29,
        /// The stage topic changed.
        StageTopic = 31,
        /// A premium subscription to an app was bought for the guild.
        GuildApplicationPremiumSubscription = 32,
        /// Raid alerts were turned on.
        GuildIncidentAlertModeEnabled = 36,
        /// Raid alerts were turned off.
        GuildIncidentAlertModeDisabled = 37,
        /// A raid was reported.
        GuildIncidentReportRaid = 38,
        /// A raid alert was reported as a false alarm.
        GuildIncidentReportFalseAlarm = 39,
        /// A product was bought.
        PurchaseNotification = 44,
        /// A poll ended.
        PollResult = 46,
        /// A stream was upgraded to HD.
        HdStreamingUpgraded = 55,
    }
}

impl MessageType {
    /// Whether users can delete messages of this kind.
    pub const fn is_deletable(self) -> bool {
        !matches!(
            self,
            Self::RecipientAdd
                | Self::RecipientRemove
                | Self::Call
                | Self::ChannelNameChange
                | Self::ChannelIconChange
                | Self::ThreadStarterMessage
        )
    }
}

flags! {
    /// Flags on a message.
    pub struct MessageFlags: u64 as integer {
        /// The message was crossposted to following channels.
        const CROSSPOSTED = 1 << 0;
        /// The message is a crosspost from a followed channel.
        const IS_CROSSPOST = 1 << 1;
        /// Embeds are not shown.
        const SUPPRESS_EMBEDS = 1 << 2;
        /// The crossposted message's source was deleted.
        const SOURCE_MESSAGE_DELETED = 1 << 3;
        /// The message comes from the urgent message system.
        const URGENT = 1 << 4;
        /// A thread was started from the message.
        const HAS_THREAD = 1 << 5;
        /// Only the user who used the interaction sees the message.
        const EPHEMERAL = 1 << 6;
        /// A deferred interaction response ("is thinking...").
        const LOADING = 1 << 7;
        /// Some roles mentioned could not be added to the thread.
        const FAILED_TO_MENTION_SOME_ROLES_IN_THREAD = 1 << 8;
        /// No push or desktop notification is sent.
        const SUPPRESS_NOTIFICATIONS = 1 << 12;
        /// The message is a voice message.
        const IS_VOICE_MESSAGE = 1 << 13;
        /// The message forwards another one (it has a snapshot).
        const HAS_SNAPSHOT = 1 << 14;
        /// The message is laid out with components only (no content or embeds).
        const IS_COMPONENTS_V2 = 1 << 15;
    }
}

/// The value a sender attaches to a message to recognize it when it comes back: a string or
/// an integer, kept as sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Nonce {
    /// A string (up to 25 characters).
    String(CompactString),
    /// An integer.
    Integer(i64),
}

impl Serialize for Nonce {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(value) => serializer.serialize_str(value),
            Self::Integer(value) => serializer.serialize_i64(*value),
        }
    }
}

impl<'de> Deserialize<'de> for Nonce {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NonceVisitor;

        impl Visitor<'_> for NonceVisitor {
            type Value = Nonce;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Nonce, E> {
                Ok(Nonce::String(value.into()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Nonce, E> {
                Ok(Nonce::Integer(value))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Nonce, E> {
                i64::try_from(value)
                    .map(Nonce::Integer)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }
        }

        deserializer.deserialize_any(NonceVisitor)
    }
}

#[cfg(test)]
mod tests;
