//! The 79 dispatch events as one enum, each with a typed payload.

mod channel;
mod guild;
mod message;
mod ready;
mod voice;

use std::fmt;

use compact_str::CompactString;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};

pub use self::channel::{
    ChannelInfo, ChannelInfoChannel, ChannelPinsUpdate, InviteCreate, InviteDelete, ThreadDelete,
    ThreadListSync, ThreadMembersUpdate, VoiceChannelStartTimeUpdate, VoiceChannelStatusUpdate,
    WebhooksUpdate,
};
pub use self::guild::{
    GuildBanAdd, GuildBanRemove, GuildCreate, GuildEmojisUpdate, GuildIntegrationsUpdate,
    GuildMemberRemove, GuildMemberUpdate, GuildMembersChunk, GuildRoleCreate, GuildRoleDelete,
    GuildRoleUpdate, GuildScheduledEventUserAdd, GuildScheduledEventUserRemove,
    GuildSoundboardSoundDelete, GuildSoundboardSoundsUpdate, GuildStickersUpdate,
    IntegrationDelete, SoundboardSounds,
};
pub use self::message::{
    MessageDelete, MessageDeleteBulk, MessagePollVoteAdd, MessagePollVoteRemove,
    MessageReactionAdd, MessageReactionRemove, MessageReactionRemoveAll,
    MessageReactionRemoveEmoji, ReactionType, TypingStart,
};
pub use self::ready::{RateLimited, RateLimitedMeta, Ready, ReadyApplication, Resumed};
pub use self::voice::{AnimationType, VoiceChannelEffectSend, VoiceServerUpdate};
use super::EventType;
use crate::application::command::GuildCommandPermissions;
use crate::audit_log::AuditLogEntry;
use crate::auto_moderation::{AutoModerationActionExecution, AutoModerationRule};
use crate::channel::{Channel, ThreadMember};
use crate::guild::{Guild, Integration, Member, UnavailableGuild};
use crate::interaction::Interaction;
use crate::message::Message;
use crate::monetization::{Entitlement, Subscription};
use crate::presence::Presence;
use crate::scheduled_event::GuildScheduledEvent;
use crate::soundboard::SoundboardSound;
use crate::stage_instance::StageInstance;
use crate::user::User;
use crate::voice::VoiceState;

/// A dispatch whose name this version does not know, kept with its raw data.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// The name Discord sent in `t`.
    pub name: CompactString,
    /// The payload, as JSON.
    pub data: serde_json::Value,
}

macro_rules! events {
    ($($variant:ident($payload:ty),)*) => {
        /// A dispatch event, one variant per [`EventType`], plus the events this version does
        /// not know. Payloads are boxed so that an `Event` stays two words.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            $(
                #[doc = concat!("`", stringify!($variant), "` (see [`EventType::", stringify!($variant), "`]).")]
                $variant($payload),
            )*
            /// An event this version does not know.
            Unknown(Box<UnknownEvent>),
        }

        impl Event {
            /// The event's type; `None` for an unknown event.
            pub const fn kind(&self) -> Option<EventType> {
                match self {
                    $(Self::$variant(_) => Some(EventType::$variant),)*
                    Self::Unknown(_) => None,
                }
            }

            /// The name Discord sends in `t`.
            pub fn name(&self) -> &str {
                match self {
                    $(Self::$variant(_) => EventType::$variant.name(),)*
                    Self::Unknown(unknown) => &unknown.name,
                }
            }

            /// The payload, to serialize as the `d` of a dispatch.
            pub const fn payload(&self) -> EventPayload<'_> {
                EventPayload(self)
            }
        }

        impl Serialize for EventPayload<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    $(Event::$variant(payload) => payload.serialize(serializer),)*
                    Event::Unknown(unknown) => unknown.data.serialize(serializer),
                }
            }
        }

        /// Reads the `d` of a dispatch of a known type.
        pub(crate) fn deserialize_event<'de, D: Deserializer<'de>>(kind: EventType, deserializer: D) -> Result<Event, D::Error> {
            match kind {
                $(EventType::$variant => Deserialize::deserialize(deserializer).map(Event::$variant),)*
            }
        }
    };
}

events! {
    Ready(Box<Ready>),
    Resumed(Resumed),
    RateLimited(Box<RateLimited>),
    ApplicationCommandPermissionsUpdate(Box<GuildCommandPermissions>),
    AutoModerationRuleCreate(Box<AutoModerationRule>),
    AutoModerationRuleUpdate(Box<AutoModerationRule>),
    AutoModerationRuleDelete(Box<AutoModerationRule>),
    AutoModerationActionExecution(Box<AutoModerationActionExecution>),
    ChannelCreate(Box<Channel>),
    ChannelUpdate(Box<Channel>),
    ChannelDelete(Box<Channel>),
    ChannelInfo(Box<ChannelInfo>),
    ChannelPinsUpdate(Box<ChannelPinsUpdate>),
    ThreadCreate(Box<Channel>),
    ThreadUpdate(Box<Channel>),
    ThreadDelete(Box<ThreadDelete>),
    ThreadListSync(Box<ThreadListSync>),
    ThreadMemberUpdate(Box<ThreadMember>),
    ThreadMembersUpdate(Box<ThreadMembersUpdate>),
    EntitlementCreate(Box<Entitlement>),
    EntitlementUpdate(Box<Entitlement>),
    EntitlementDelete(Box<Entitlement>),
    GuildCreate(Box<GuildCreate>),
    GuildUpdate(Box<Guild>),
    GuildDelete(Box<UnavailableGuild>),
    GuildAuditLogEntryCreate(Box<AuditLogEntry>),
    GuildBanAdd(Box<GuildBanAdd>),
    GuildBanRemove(Box<GuildBanRemove>),
    GuildEmojisUpdate(Box<GuildEmojisUpdate>),
    GuildStickersUpdate(Box<GuildStickersUpdate>),
    GuildIntegrationsUpdate(Box<GuildIntegrationsUpdate>),
    GuildMemberAdd(Box<Member>),
    GuildMemberRemove(Box<GuildMemberRemove>),
    GuildMemberUpdate(Box<GuildMemberUpdate>),
    GuildMembersChunk(Box<GuildMembersChunk>),
    GuildRoleCreate(Box<GuildRoleCreate>),
    GuildRoleUpdate(Box<GuildRoleUpdate>),
    GuildRoleDelete(Box<GuildRoleDelete>),
    GuildScheduledEventCreate(Box<GuildScheduledEvent>),
    GuildScheduledEventUpdate(Box<GuildScheduledEvent>),
    GuildScheduledEventDelete(Box<GuildScheduledEvent>),
    GuildScheduledEventUserAdd(Box<GuildScheduledEventUserAdd>),
    GuildScheduledEventUserRemove(Box<GuildScheduledEventUserRemove>),
    GuildSoundboardSoundCreate(Box<SoundboardSound>),
    GuildSoundboardSoundUpdate(Box<SoundboardSound>),
    GuildSoundboardSoundDelete(Box<GuildSoundboardSoundDelete>),
    GuildSoundboardSoundsUpdate(Box<GuildSoundboardSoundsUpdate>),
    SoundboardSounds(Box<SoundboardSounds>),
    IntegrationCreate(Box<Integration>),
    IntegrationUpdate(Box<Integration>),
    IntegrationDelete(Box<IntegrationDelete>),
    InteractionCreate(Box<Interaction>),
    InviteCreate(Box<InviteCreate>),
    InviteDelete(Box<InviteDelete>),
    MessageCreate(Box<Message>),
    MessageUpdate(Box<Message>),
    MessageDelete(Box<MessageDelete>),
    MessageDeleteBulk(Box<MessageDeleteBulk>),
    MessageReactionAdd(Box<MessageReactionAdd>),
    MessageReactionRemove(Box<MessageReactionRemove>),
    MessageReactionRemoveAll(Box<MessageReactionRemoveAll>),
    MessageReactionRemoveEmoji(Box<MessageReactionRemoveEmoji>),
    PresenceUpdate(Box<Presence>),
    StageInstanceCreate(Box<StageInstance>),
    StageInstanceUpdate(Box<StageInstance>),
    StageInstanceDelete(Box<StageInstance>),
    SubscriptionCreate(Box<Subscription>),
    SubscriptionUpdate(Box<Subscription>),
    SubscriptionDelete(Box<Subscription>),
    TypingStart(Box<TypingStart>),
    UserUpdate(Box<User>),
    VoiceChannelEffectSend(Box<VoiceChannelEffectSend>),
    VoiceChannelStartTimeUpdate(Box<VoiceChannelStartTimeUpdate>),
    VoiceChannelStatusUpdate(Box<VoiceChannelStatusUpdate>),
    VoiceStateUpdate(Box<VoiceState>),
    VoiceServerUpdate(Box<VoiceServerUpdate>),
    WebhooksUpdate(Box<WebhooksUpdate>),
    MessagePollVoteAdd(Box<MessagePollVoteAdd>),
    MessagePollVoteRemove(Box<MessagePollVoteRemove>),
}

/// The payload of an [`Event`], serialized as a dispatch's `d`.
#[derive(Clone, Copy)]
pub struct EventPayload<'a>(&'a Event);

impl fmt::Debug for EventPayload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("EventPayload").field(&self.0.name()).finish()
    }
}

// Every payload is boxed or tiny, so moving events around stays cheap.
const _: () = assert!(size_of::<Event>() <= 16);
