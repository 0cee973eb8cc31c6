//! The control API: acting as users, building and reading the world, counters, faults and
//! the firehose, as Rust methods on [`crate::EmulatorHandle`] and over HTTP under
//! `/_emulator`, for people and for tests of the binary.

mod actions;
mod counters;
mod endpoint;
mod error;
mod http;
mod interactions;

pub use self::counters::CounterSnapshot;
pub use self::error::{ControlError, ControlErrorKind};
pub(crate) use self::http::handle;
