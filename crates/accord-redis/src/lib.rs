#![doc = include_str!("../README.md")]

mod error;
mod identify;
mod keys;
pub mod ratelimit;
mod script;
mod session;

pub use error::{BoxError, Error, ErrorKind};
pub use identify::{RedisIdentifyQueue, RedisIdentifyQueueBuilder};
pub use keys::KeyPrefix;
pub use ratelimit::{RedisRatelimiter, RedisRatelimiterBuilder};
pub use session::{RedisSessionStore, RedisSessionStoreBuilder, SESSION_EXPIRY};
