//! Small value types shared by the whole model: timestamps, image hashes and secrets.

mod image_hash;
mod secret;
mod timestamp;

pub use image_hash::ImageHash;
pub use secret::Secret;
pub use timestamp::{ParseTimestampError, Timestamp};
