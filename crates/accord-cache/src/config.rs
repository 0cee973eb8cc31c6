//! What the cache keeps: the resource kinds and the size of each channel's message ring.

bitflags::bitflags! {
    /// The kinds of resources a cache keeps; events about the others are ignored.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ResourceType: u16 {
        /// Guilds' own fields.
        const GUILD = 1;
        /// Channels and threads.
        const CHANNEL = 1 << 1;
        /// Roles.
        const ROLE = 1 << 2;
        /// Guild members.
        const MEMBER = 1 << 3;
        /// Users, stored once and shared by members, messages, emojis and DM channels; without
        /// it those hold only user ids, and queries fill in users that have only an id.
        const USER = 1 << 4;
        /// Presences.
        const PRESENCE = 1 << 5;
        /// Voice states.
        const VOICE_STATE = 1 << 6;
        /// Custom emojis.
        const EMOJI = 1 << 7;
        /// Custom stickers.
        const STICKER = 1 << 8;
        /// Messages, in a ring per channel, with their reactions.
        const MESSAGE = 1 << 9;
        /// Stage instances.
        const STAGE_INSTANCE = 1 << 10;
        /// Guild scheduled events.
        const SCHEDULED_EVENT = 1 << 11;
        /// The current user (READY, USER_UPDATE).
        const USER_CURRENT = 1 << 12;
    }
}

/// The default number of messages kept per channel.
pub const DEFAULT_MESSAGE_CACHE_SIZE: usize = 100;

/// How a cache is set up: see [`InMemoryCacheBuilder`](crate::InMemoryCacheBuilder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    pub(crate) resource_types: ResourceType,
    pub(crate) message_cache_size: usize,
}

impl Default for Config {
    fn default() -> Self {
        Self { resource_types: ResourceType::all(), message_cache_size: DEFAULT_MESSAGE_CACHE_SIZE }
    }
}

impl Config {
    /// Every resource kind, and 100 messages per channel.
    pub fn new() -> Self {
        Self::default()
    }

    /// The kinds kept.
    pub const fn resource_types(&self) -> ResourceType {
        self.resource_types
    }

    /// The messages kept per channel.
    pub const fn message_cache_size(&self) -> usize {
        self.message_cache_size
    }

    pub(crate) const fn wants(&self, kind: ResourceType) -> bool {
        self.resource_types.contains(kind)
    }
}
