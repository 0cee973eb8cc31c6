//! The cache itself and its builder.

use std::sync::RwLock;

use accord_model::user::User;
use dashmap::DashMap;

use crate::config::{Config, ResourceType};
use crate::hash::BuildIdHasher;
use crate::record::CachedChannel;
use crate::store::{ChannelMessages, GuildEntry, Users};

/// An in-memory cache of Discord state, fed with gateway events through
/// [`update`](Self::update).
///
/// Every method takes `&self`: share the cache in an `Arc` between tasks and shards. Locks are
/// sharded and held only inside each call; queries return owned values, or run a closure on
/// the stored record (`with_*`), so no lock guard ever reaches the caller. Do not call the
/// cache from inside such a closure.
#[derive(Debug)]
pub struct InMemoryCache {
    pub(crate) config: Config,
    pub(crate) current_user: RwLock<Option<User>>,
    pub(crate) guilds: DashMap<u64, GuildEntry, BuildIdHasher>,
    pub(crate) channels: DashMap<u64, CachedChannel, BuildIdHasher>,
    pub(crate) messages: DashMap<u64, ChannelMessages, BuildIdHasher>,
    pub(crate) users: Users,
}

impl Default for InMemoryCache {
    fn default() -> Self {
        Self::new()
    }
}

impl InMemoryCache {
    /// A cache that keeps everything, with 100 messages per channel.
    pub fn new() -> Self {
        Self::with_config(Config::default())
    }

    /// A builder to choose what the cache keeps.
    pub fn builder() -> InMemoryCacheBuilder {
        InMemoryCacheBuilder::new()
    }

    /// A cache with a configuration.
    pub fn with_config(config: Config) -> Self {
        Self {
            config,
            current_user: RwLock::new(None),
            guilds: DashMap::with_hasher(BuildIdHasher::default()),
            channels: DashMap::with_hasher(BuildIdHasher::default()),
            messages: DashMap::with_hasher(BuildIdHasher::default()),
            users: Users::new(config.wants(ResourceType::USER)),
        }
    }

    /// The configuration.
    pub const fn config(&self) -> &Config {
        &self.config
    }

    /// Forgets everything.
    pub fn clear(&self) {
        *self.current_user.write().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
        self.guilds.clear();
        self.channels.clear();
        self.messages.clear();
        self.users.map.clear();
    }

    pub(crate) const fn wants(&self, kind: ResourceType) -> bool {
        self.config.wants(kind)
    }
}

/// Chooses what an [`InMemoryCache`] keeps.
///
/// ```
/// use accord_cache::{InMemoryCache, ResourceType};
///
/// let cache = InMemoryCache::builder()
///     .resource_types(ResourceType::GUILD | ResourceType::MEMBER | ResourceType::USER)
///     .message_cache_size(0)
///     .build();
/// assert!(!cache.config().resource_types().contains(ResourceType::MESSAGE));
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[must_use]
pub struct InMemoryCacheBuilder(Config);

impl InMemoryCacheBuilder {
    /// Everything, and 100 messages per channel.
    pub fn new() -> Self {
        Self(Config::default())
    }

    /// The kinds of resources to keep.
    pub const fn resource_types(mut self, kinds: ResourceType) -> Self {
        self.0.resource_types = kinds;
        self
    }

    /// The number of messages to keep per channel; 0 keeps none.
    pub const fn message_cache_size(mut self, size: usize) -> Self {
        self.0.message_cache_size = size;
        self
    }

    /// The cache.
    pub fn build(self) -> InMemoryCache {
        InMemoryCache::with_config(self.0)
    }
}
