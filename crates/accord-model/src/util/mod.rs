//! Small value types shared by the whole model: timestamps and image hashes.

mod image_hash;
mod timestamp;

pub use image_hash::ImageHash;
pub use timestamp::{ParseTimestampError, Timestamp};
