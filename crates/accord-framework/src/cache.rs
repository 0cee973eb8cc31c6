//! Whether a framework holds a cache: the `C` type parameter of [`Framework`](crate::Framework),
//! [`Context`](crate::Context) and [`Command`](crate::Command).

use accord_model::gateway::Event;

/// What a framework knows about its cache, as a type: [`NoCache`] (the default), or, with
/// the `cache` feature, `accord_cache::InMemoryCache`, for which
/// [`Context::cache`](crate::Context::cache) returns the cache itself.
///
/// Commands name it through their context type: `Context<Data>` without a cache,
/// `Context<Data, InMemoryCache>` with one.
pub trait CacheState: Send + Sync + Sized + 'static {
    /// What the framework holds: `()`, or the shared cache.
    type Store: Send + Sync + 'static;

    /// Feeds `event` to the cache, before the framework dispatches it.
    fn update(store: &Self::Store, event: &Event);

    /// The cache, for the framework's own lookups (permissions of prefix commands).
    #[cfg(feature = "cache")]
    fn cache(store: &Self::Store) -> Option<&accord_cache::InMemoryCache>;
}

/// A framework without a cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoCache;

impl CacheState for NoCache {
    type Store = ();

    fn update((): &(), _: &Event) {}

    #[cfg(feature = "cache")]
    fn cache((): &()) -> Option<&accord_cache::InMemoryCache> {
        None
    }
}

#[cfg(feature = "cache")]
impl CacheState for accord_cache::InMemoryCache {
    type Store = std::sync::Arc<Self>;

    fn update(store: &Self::Store, event: &Event) {
        store.update(event);
    }

    fn cache(store: &Self::Store) -> Option<&Self> {
        Some(store)
    }
}
