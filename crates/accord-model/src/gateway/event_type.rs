//! The names of the 79 dispatch events, the intents that deliver each, and sets of them.

use std::fmt;

use super::intents::Intents;

macro_rules! event_types {
    ($($variant:ident = $name:literal => $intents:expr,)*) => {
        /// The name (`t`) of a dispatch event.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #[repr(u8)]
        pub enum EventType {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl EventType {
            /// Every event type, in the order of Discord's table.
            pub const ALL: &[Self] = &[$(Self::$variant,)*];

            /// The name Discord sends in `t`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// The event type with this name, or `None` for a name this version does not know.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Self::$variant),)*
                    _ => None,
                }
            }

            /// The intents that deliver this event: any one of them is enough. Empty for the
            /// events every connection receives.
            pub const fn intents(self) -> Intents {
                type I = Intents;
                match self {
                    $(Self::$variant => $intents,)*
                }
            }
        }
    };
}

event_types! {
    Ready = "READY" => I::empty(),
    Resumed = "RESUMED" => I::empty(),
    RateLimited = "RATE_LIMITED" => I::empty(),
    ApplicationCommandPermissionsUpdate = "APPLICATION_COMMAND_PERMISSIONS_UPDATE" => I::empty(),
    AutoModerationRuleCreate = "AUTO_MODERATION_RULE_CREATE" => I::AUTO_MODERATION_CONFIGURATION,
    AutoModerationRuleUpdate = "AUTO_MODERATION_RULE_UPDATE" => I::AUTO_MODERATION_CONFIGURATION,
    AutoModerationRuleDelete = "AUTO_MODERATION_RULE_DELETE" => I::AUTO_MODERATION_CONFIGURATION,
    AutoModerationActionExecution = "AUTO_MODERATION_ACTION_EXECUTION" => I::AUTO_MODERATION_EXECUTION,
    ChannelCreate = "CHANNEL_CREATE" => I::GUILDS,
    ChannelUpdate = "CHANNEL_UPDATE" => I::GUILDS,
    ChannelDelete = "CHANNEL_DELETE" => I::GUILDS,
    ChannelInfo = "CHANNEL_INFO" => I::empty(),
    ChannelPinsUpdate = "CHANNEL_PINS_UPDATE" => I::GUILDS.union(I::DIRECT_MESSAGES),
    ThreadCreate = "THREAD_CREATE" => I::GUILDS,
    ThreadUpdate = "THREAD_UPDATE" => I::GUILDS,
    ThreadDelete = "THREAD_DELETE" => I::GUILDS,
    ThreadListSync = "THREAD_LIST_SYNC" => I::GUILDS,
    ThreadMemberUpdate = "THREAD_MEMBER_UPDATE" => I::GUILDS,
    ThreadMembersUpdate = "THREAD_MEMBERS_UPDATE" => I::GUILDS.union(I::GUILD_MEMBERS),
    EntitlementCreate = "ENTITLEMENT_CREATE" => I::empty(),
    EntitlementUpdate = "ENTITLEMENT_UPDATE" => I::empty(),
    EntitlementDelete = "ENTITLEMENT_DELETE" => I::empty(),
    GuildCreate = "GUILD_CREATE" => I::GUILDS,
    GuildUpdate = "GUILD_UPDATE" => I::GUILDS,
    GuildDelete = "GUILD_DELETE" => I::GUILDS,
    GuildAuditLogEntryCreate = "GUILD_AUDIT_LOG_ENTRY_CREATE" => I::GUILD_MODERATION,
    GuildBanAdd = "GUILD_BAN_ADD" => I::GUILD_MODERATION,
    GuildBanRemove = "GUILD_BAN_REMOVE" => I::GUILD_MODERATION,
    GuildEmojisUpdate = "GUILD_EMOJIS_UPDATE" => I::GUILD_EXPRESSIONS,
    GuildStickersUpdate = "GUILD_STICKERS_UPDATE" => I::GUILD_EXPRESSIONS,
    GuildIntegrationsUpdate = "GUILD_INTEGRATIONS_UPDATE" => I::GUILD_INTEGRATIONS,
    GuildMemberAdd = "GUILD_MEMBER_ADD" => I::GUILD_MEMBERS,
    GuildMemberRemove = "GUILD_MEMBER_REMOVE" => I::GUILD_MEMBERS,
    GuildMemberUpdate = "GUILD_MEMBER_UPDATE" => I::GUILD_MEMBERS,
    GuildMembersChunk = "GUILD_MEMBERS_CHUNK" => I::empty(),
    GuildRoleCreate = "GUILD_ROLE_CREATE" => I::GUILDS,
    GuildRoleUpdate = "GUILD_ROLE_UPDATE" => I::GUILDS,
    GuildRoleDelete = "GUILD_ROLE_DELETE" => I::GUILDS,
    GuildScheduledEventCreate = "GUILD_SCHEDULED_EVENT_CREATE" => I::GUILD_SCHEDULED_EVENTS,
    GuildScheduledEventUpdate = "GUILD_SCHEDULED_EVENT_UPDATE" => I::GUILD_SCHEDULED_EVENTS,
    GuildScheduledEventDelete = "GUILD_SCHEDULED_EVENT_DELETE" => I::GUILD_SCHEDULED_EVENTS,
    GuildScheduledEventUserAdd = "GUILD_SCHEDULED_EVENT_USER_ADD" => I::GUILD_SCHEDULED_EVENTS,
    GuildScheduledEventUserRemove = "GUILD_SCHEDULED_EVENT_USER_REMOVE" => I::GUILD_SCHEDULED_EVENTS,
    GuildSoundboardSoundCreate = "GUILD_SOUNDBOARD_SOUND_CREATE" => I::GUILD_EXPRESSIONS,
    GuildSoundboardSoundUpdate = "GUILD_SOUNDBOARD_SOUND_UPDATE" => I::GUILD_EXPRESSIONS,
    GuildSoundboardSoundDelete = "GUILD_SOUNDBOARD_SOUND_DELETE" => I::GUILD_EXPRESSIONS,
    GuildSoundboardSoundsUpdate = "GUILD_SOUNDBOARD_SOUNDS_UPDATE" => I::GUILD_EXPRESSIONS,
    SoundboardSounds = "SOUNDBOARD_SOUNDS" => I::empty(),
    IntegrationCreate = "INTEGRATION_CREATE" => I::GUILD_INTEGRATIONS,
    IntegrationUpdate = "INTEGRATION_UPDATE" => I::GUILD_INTEGRATIONS,
    IntegrationDelete = "INTEGRATION_DELETE" => I::GUILD_INTEGRATIONS,
    InteractionCreate = "INTERACTION_CREATE" => I::empty(),
    InviteCreate = "INVITE_CREATE" => I::GUILD_INVITES,
    InviteDelete = "INVITE_DELETE" => I::GUILD_INVITES,
    MessageCreate = "MESSAGE_CREATE" => I::GUILD_MESSAGES.union(I::DIRECT_MESSAGES),
    MessageUpdate = "MESSAGE_UPDATE" => I::GUILD_MESSAGES.union(I::DIRECT_MESSAGES),
    MessageDelete = "MESSAGE_DELETE" => I::GUILD_MESSAGES.union(I::DIRECT_MESSAGES),
    MessageDeleteBulk = "MESSAGE_DELETE_BULK" => I::GUILD_MESSAGES,
    MessageReactionAdd = "MESSAGE_REACTION_ADD" => I::GUILD_MESSAGE_REACTIONS.union(I::DIRECT_MESSAGE_REACTIONS),
    MessageReactionRemove = "MESSAGE_REACTION_REMOVE" => I::GUILD_MESSAGE_REACTIONS.union(I::DIRECT_MESSAGE_REACTIONS),
    MessageReactionRemoveAll = "MESSAGE_REACTION_REMOVE_ALL" => I::GUILD_MESSAGE_REACTIONS.union(I::DIRECT_MESSAGE_REACTIONS),
    MessageReactionRemoveEmoji = "MESSAGE_REACTION_REMOVE_EMOJI" => I::GUILD_MESSAGE_REACTIONS.union(I::DIRECT_MESSAGE_REACTIONS),
    PresenceUpdate = "PRESENCE_UPDATE" => I::GUILD_PRESENCES,
    StageInstanceCreate = "STAGE_INSTANCE_CREATE" => I::GUILDS,
    StageInstanceUpdate = "STAGE_INSTANCE_UPDATE" => I::GUILDS,
    StageInstanceDelete = "STAGE_INSTANCE_DELETE" => I::GUILDS,
    SubscriptionCreate = "SUBSCRIPTION_CREATE" => I::empty(),
    SubscriptionUpdate = "SUBSCRIPTION_UPDATE" => I::empty(),
    SubscriptionDelete = "SUBSCRIPTION_DELETE" => I::empty(),
    TypingStart = "TYPING_START" => I::GUILD_MESSAGE_TYPING.union(I::DIRECT_MESSAGE_TYPING),
    UserUpdate = "USER_UPDATE" => I::empty(),
    VoiceChannelEffectSend = "VOICE_CHANNEL_EFFECT_SEND" => I::GUILD_VOICE_STATES,
    VoiceChannelStartTimeUpdate = "VOICE_CHANNEL_START_TIME_UPDATE" => I::GUILDS,
    VoiceChannelStatusUpdate = "VOICE_CHANNEL_STATUS_UPDATE" => I::GUILDS,
    VoiceStateUpdate = "VOICE_STATE_UPDATE" => I::GUILD_VOICE_STATES,
    VoiceServerUpdate = "VOICE_SERVER_UPDATE" => I::empty(),
    WebhooksUpdate = "WEBHOOKS_UPDATE" => I::GUILD_WEBHOOKS,
    MessagePollVoteAdd = "MESSAGE_POLL_VOTE_ADD" => I::GUILD_MESSAGE_POLLS.union(I::DIRECT_MESSAGE_POLLS),
    MessagePollVoteRemove = "MESSAGE_POLL_VOTE_REMOVE" => I::GUILD_MESSAGE_POLLS.union(I::DIRECT_MESSAGE_POLLS),
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of event types, for filtering which events are parsed. Events with names this version
/// does not know have a bit of their own, [`EventTypeSet::UNKNOWN`].
///
/// ```
/// use accord_model::gateway::{EventType, EventTypeSet, Intents};
///
/// let wanted = EventTypeSet::from_intents(Intents::GUILD_MESSAGES) | EventType::Ready;
/// assert!(wanted.contains(EventType::MessageCreate));
/// assert!(wanted.contains(EventType::InteractionCreate), "events without an intent are included");
/// assert!(!wanted.contains(EventType::TypingStart));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct EventTypeSet(u128);

impl EventTypeSet {
    /// The bit for events whose names this version does not know.
    pub const UNKNOWN: Self = Self(1 << 127);

    /// No event.
    pub const fn empty() -> Self {
        Self(0)
    }

    /// Every event, known or not.
    pub const fn all() -> Self {
        let mut bits = Self::UNKNOWN.0;
        let mut rest = EventType::ALL;
        while let [kind, tail @ ..] = rest {
            bits |= 1 << *kind as u8;
            rest = tail;
        }
        Self(bits)
    }

    /// The events a connection with these intents receives: those any of the intents delivers
    /// and those that need no intent, plus unknown events.
    pub const fn from_intents(intents: Intents) -> Self {
        let mut bits = Self::UNKNOWN.0;
        let mut rest = EventType::ALL;
        while let [kind, tail @ ..] = rest {
            let needs = kind.intents();
            if needs.is_empty() || needs.intersects(intents) {
                bits |= 1 << *kind as u8;
            }
            rest = tail;
        }
        Self(bits)
    }

    /// Whether the set holds this event type.
    pub const fn contains(self, kind: EventType) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    /// Whether the set holds events of unknown names.
    pub const fn contains_unknown(self) -> bool {
        self.0 & Self::UNKNOWN.0 != 0
    }

    /// The set with this event type added.
    #[must_use]
    pub const fn with(self, kind: EventType) -> Self {
        Self(self.0 | 1 << kind as u8)
    }

    /// The set with this event type removed.
    #[must_use]
    pub const fn without(self, kind: EventType) -> Self {
        Self(self.0 & !(1 << kind as u8))
    }

    /// The events in either set.
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The known event types in the set.
    pub fn iter(self) -> impl Iterator<Item = EventType> {
        EventType::ALL.iter().copied().filter(move |kind| self.contains(*kind))
    }
}

impl std::ops::BitOr for EventTypeSet {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

impl std::ops::BitOr<EventType> for EventTypeSet {
    type Output = Self;

    fn bitor(self, kind: EventType) -> Self {
        self.with(kind)
    }
}

impl From<EventType> for EventTypeSet {
    fn from(kind: EventType) -> Self {
        Self::empty().with(kind)
    }
}

impl FromIterator<EventType> for EventTypeSet {
    fn from_iter<T: IntoIterator<Item = EventType>>(iter: T) -> Self {
        iter.into_iter().fold(Self::empty(), Self::with)
    }
}

impl fmt::Debug for EventTypeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut set = f.debug_set();
        set.entries(self.iter().map(EventType::name));
        if self.contains_unknown() {
            set.entry(&"<unknown>");
        }
        set.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{EventType, EventTypeSet};
    use crate::gateway::Intents;

    #[test]
    fn there_are_79_events_with_unique_names_that_fit_the_set() {
        assert_eq!(EventType::ALL.len(), 79);
        for (i, kind) in EventType::ALL.iter().enumerate() {
            assert_eq!(*kind as usize, i);
            assert_eq!(EventType::from_name(kind.name()), Some(*kind));
        }
        assert_eq!(EventType::from_name("NOT_AN_EVENT"), None);
        assert_eq!(EventTypeSet::all().iter().count(), 79);
    }

    #[test]
    fn sixteen_events_need_no_intent() {
        let free: Vec<_> = EventType::ALL.iter().filter(|kind| kind.intents().is_empty()).collect();
        assert_eq!(free.len(), 16, "{free:?}");
    }

    #[test]
    fn intents_select_their_events() {
        let dm = EventTypeSet::from_intents(Intents::DIRECT_MESSAGES);
        assert!(dm.contains(EventType::MessageCreate) && dm.contains(EventType::ChannelPinsUpdate));
        assert!(!dm.contains(EventType::GuildCreate));
        assert_eq!(EventTypeSet::from_intents(Intents::all()), EventTypeSet::all());
        let polls = EventType::MessagePollVoteAdd.intents();
        assert_eq!(polls, Intents::GUILD_MESSAGE_POLLS | Intents::DIRECT_MESSAGE_POLLS);
    }

    #[test]
    fn set_operations() {
        let set = EventTypeSet::empty() | EventType::Ready | EventType::Resumed;
        assert!(set.contains(EventType::Resumed) && !set.contains_unknown());
        assert!(!set.without(EventType::Ready).contains(EventType::Ready));
        assert_eq!(format!("{set:?}"), r#"{"READY", "RESUMED"}"#);
    }
}
