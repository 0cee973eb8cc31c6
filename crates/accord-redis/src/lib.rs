#![doc = include_str!("../README.md")]

mod error;
mod keys;
pub mod ratelimit;
mod script;

pub use error::{BoxError, Error, ErrorKind};
pub use keys::KeyPrefix;
pub use ratelimit::{RedisRatelimiter, RedisRatelimiterBuilder};
