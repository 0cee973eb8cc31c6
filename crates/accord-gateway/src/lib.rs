#![doc = include_str!("../README.md")]

mod backoff;
mod command;
mod compression;
mod config;
mod connect;
mod counters;
mod error;
mod exclusive;
mod group;
mod heartbeat;
mod queue;
mod random;
mod ratelimit;
mod session;
mod session_store;
mod shard;
#[cfg(feature = "rustls")]
mod tls;

pub use crate::backoff::Backoff;
pub use crate::command::{CloseMode, Command, ShardSender};
pub use crate::compression::Compression;
pub use crate::config::{Config, ConfigBuilder, GATEWAY_URL};
pub use crate::counters::Counters;
pub use crate::error::{
    ConfigError, ConfigErrorKind, ReceiveError, ReceiveErrorKind, SendError, SendErrorKind,
};
pub use crate::group::ShardGroup;
pub use crate::heartbeat::Latency;
pub use crate::queue::{IdentifyQueue, IdentifyTurn, InMemoryQueue};
pub use crate::session::Session;
pub use crate::session_store::{
    InMemorySessionStore, SessionStore, SessionStoreError, SessionStoreFuture,
};
pub use crate::shard::{RawEvent, Shard, ShardState};
/// The rustls version [`ConfigBuilder::tls_config`] and [`ConfigBuilder::root_certificates`]
/// take.
#[cfg(feature = "rustls")]
pub use rustls;

/// Entry points for the fuzz targets in the repository's `fuzz/` directory; not part of the API.
#[doc(hidden)]
pub mod fuzz {
    pub use crate::compression::Decompressor;
}

#[cfg(test)]
mod assertions {
    use static_assertions::assert_impl_all;

    use super::{
        Backoff, CloseMode, Compression, Config, ConfigBuilder, ConfigError, Counters,
        InMemoryQueue, InMemorySessionStore, Latency, RawEvent, ReceiveError, SendError, Session,
        Shard, ShardGroup, ShardSender, ShardState,
    };

    assert_impl_all!(Shard: Send, Sync, Unpin, std::fmt::Debug);
    assert_impl_all!(ShardGroup: Send, Sync, std::fmt::Debug);
    assert_impl_all!(ShardSender: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Config: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(ConfigBuilder: Send, Sync, std::fmt::Debug);
    assert_impl_all!(InMemoryQueue: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Session: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(InMemorySessionStore: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Latency: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(Counters: Send, Sync, std::fmt::Debug);
    assert_impl_all!(ReceiveError: Send, Sync, std::error::Error);
    assert_impl_all!(SendError: Send, Sync, std::error::Error);
    assert_impl_all!(ConfigError: Send, Sync, std::error::Error);
    assert_impl_all!(RawEvent<'static>: Send, Sync, Copy);
    assert_impl_all!(Backoff: Send, Sync, Copy);
    assert_impl_all!(CloseMode: Send, Sync, Copy);
    assert_impl_all!(Compression: Send, Sync, Copy);
    assert_impl_all!(ShardState: Send, Sync, Copy);

    /// The futures a caller awaits are `Send`, so shards run in spawned tasks.
    #[allow(dead_code, reason = "compile-time checks")]
    fn futures_are_send(shard: &mut Shard, group: &mut ShardGroup) {
        fn send<T: Send>(_: &T) {}
        send(&shard.next_event());
        send(&shard.next_raw());
        send(&shard.close(CloseMode::End));
        send(&group.close(CloseMode::End));
    }
}
