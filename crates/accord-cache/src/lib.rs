#![doc = include_str!("../README.md")]

mod cache;
mod compact;
mod config;
mod hash;
pub mod permission;
mod query;
pub mod record;
mod stats;
mod store;
mod update;

pub use cache::{InMemoryCache, InMemoryCacheBuilder};
pub use config::{Config, DEFAULT_MESSAGE_CACHE_SIZE, ResourceType};
pub use permission::{PermissionError, PermissionErrorKind};
pub use stats::{CacheStats, ResourceStats};

#[cfg(test)]
mod tests;
