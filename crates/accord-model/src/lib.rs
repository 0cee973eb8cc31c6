#![doc = include_str!("../README.md")]

#[macro_use]
mod macros;

pub mod application;
pub mod audit_log;
pub mod auto_moderation;
pub mod channel;
pub mod component;
pub mod emoji;
pub mod gateway;
pub mod guild;
pub mod id;
pub mod interaction;
pub mod invite;
pub mod locale;
pub mod mention;
pub mod message;
pub mod monetization;
pub mod oauth2;
pub mod permissions;
pub mod presence;
pub mod scheduled_event;
pub mod soundboard;
pub mod stage_instance;
pub mod sticker;
pub mod user;
pub mod util;
pub mod voice;
pub mod webhook;

pub use compact_str::CompactString;
