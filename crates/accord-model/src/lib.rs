#![doc = include_str!("../README.md")]

#[macro_use]
mod macros;

pub mod emoji;
pub mod guild;
pub mod id;
pub mod locale;
pub mod permissions;
pub mod user;
pub mod util;

pub use compact_str::CompactString;
