//! Reactions on messages, normal and super (burst) ones.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::emoji::PartialEmoji;

/// The reactions with one emoji on a message.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Reaction {
    /// How many users reacted, normal and super reactions together.
    pub count: u32,
    /// The counts of normal and super reactions.
    pub count_details: ReactionCountDetails,
    /// Whether the current user reacted.
    pub me: bool,
    /// Whether the current user super-reacted.
    pub me_burst: bool,
    /// The emoji.
    pub emoji: PartialEmoji,
    /// The colors of super reactions, as `#rrggbb` strings.
    pub burst_colors: Vec<CompactString>,
}

impl Reaction {
    /// A reaction by the current user.
    pub fn new(emoji: PartialEmoji) -> Self {
        Self {
            count: 1,
            count_details: ReactionCountDetails { burst: 0, normal: 1 },
            me: true,
            me_burst: false,
            emoji,
            burst_colors: Vec::new(),
        }
    }
}

/// The counts of normal and super reactions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ReactionCountDetails {
    /// Super reactions.
    pub burst: u32,
    /// Normal reactions.
    pub normal: u32,
}

impl ReactionCountDetails {
    /// Counts.
    pub const fn new(burst: u32, normal: u32) -> Self {
        Self { burst, normal }
    }
}

int_enum! {
    /// Whether a reaction is a normal or a super reaction.
    pub enum ReactionType: u8 {
        /// A normal reaction.
        Normal = 0,
        /// A super reaction.
        Burst = 1,
    }
}
