//! Forum and media channels: tags, the default reaction, sorting and layout.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{EmojiMarker, TagMarker};

/// A tag that posts of a forum or media channel can carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ForumTag {
    /// The tag's id.
    pub id: Id<TagMarker>,
    /// The name (up to 20 characters).
    pub name: CompactString,
    /// Whether only members with MANAGE_THREADS can apply the tag.
    pub moderated: bool,
    /// The guild's custom emoji shown with the tag.
    #[serde(default)]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The Unicode emoji shown with the tag.
    #[serde(default)]
    pub emoji_name: Option<CompactString>,
}

impl ForumTag {
    /// A tag without an emoji.
    pub fn new(id: Id<TagMarker>, name: impl Into<CompactString>, moderated: bool) -> Self {
        Self { id, name: name.into(), moderated, emoji_id: None, emoji_name: None }
    }
}

/// The emoji of the reaction button on posts: a custom emoji (by id) or a Unicode one (by name).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct DefaultReaction {
    /// The guild's custom emoji.
    #[serde(default)]
    pub emoji_id: Option<Id<EmojiMarker>>,
    /// The Unicode emoji.
    #[serde(default)]
    pub emoji_name: Option<CompactString>,
}

impl DefaultReaction {
    /// A custom emoji.
    pub const fn custom(emoji_id: Id<EmojiMarker>) -> Self {
        Self { emoji_id: Some(emoji_id), emoji_name: None }
    }

    /// A Unicode emoji, such as `"👍"`.
    pub fn unicode(emoji: impl Into<CompactString>) -> Self {
        Self { emoji_id: None, emoji_name: Some(emoji.into()) }
    }
}

int_enum! {
    /// How a forum or media channel sorts its posts.
    pub enum SortOrder: u8 {
        /// By latest activity.
        LatestActivity = 0,
        /// By creation time, newest first.
        CreationDate = 1,
    }
}

int_enum! {
    /// How a forum channel lays out its posts.
    pub enum ForumLayout: u8 {
        /// No default was set.
        NotSet = 0,
        /// As a list.
        ListView = 1,
        /// As a grid of tiles.
        GalleryView = 2,
    }
}

str_enum! {
    /// How a search by tags matches posts.
    pub enum TagSearchSetting {
        /// Posts must carry every tag searched for.
        MatchAll = "match_all",
        /// Posts must carry at least one of the tags searched for.
        MatchSome = "match_some",
    }
}
