//! Welcome screens: what a Community guild shows new members.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{ChannelMarker, EmojiMarker};

/// The screen a Community guild shows new members (`GET /guilds/{id}/welcome-screen`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WelcomeScreen {
    /// The guild description shown.
    #[serde(default)]
    pub description: Option<String>,
    /// Up to five suggested channels.
    pub welcome_channels: Vec<WelcomeScreenChannel>,
}

/// A channel suggested by a welcome screen.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WelcomeScreenChannel {
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
    /// What the screen says about it.
    pub description: CompactString,
    /// The custom emoji shown with it.
    #[serde(default)]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The custom emoji's name or the Unicode emoji shown with it.
    #[serde(default)]
    pub emoji_name: Option<CompactString>,
}

impl WelcomeScreenChannel {
    /// A suggested channel without emoji.
    pub fn new(channel_id: Id<ChannelMarker>, description: impl Into<CompactString>) -> Self {
        Self { channel_id, description: description.into(), emoji_id: None, emoji_name: None }
    }
}
