//! Emojis: custom guild and application emojis, and the partial form used in reactions,
//! components, polls and activities.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{EmojiMarker, RoleMarker};
use crate::user::User;

/// An emoji: a custom emoji (with an id) or a standard Unicode one (id `None`, the character
/// as its name).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Emoji {
    /// The id of a custom emoji.
    pub id: Option<Id<EmojiMarker>>,
    /// The name; `None` for custom emojis deleted from their guild (in reactions).
    pub name: Option<CompactString>,
    /// The roles allowed to use the emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Id<RoleMarker>>>,
    /// Who created the emoji (needs MANAGE_GUILD_EXPRESSIONS to be sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// Whether the emoji must be wrapped in colons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_colons: Option<bool>,
    /// Whether an integration manages the emoji.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed: Option<bool>,
    /// Whether the emoji is animated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animated: Option<bool>,
    /// Whether the emoji can be used; `false` when the guild lost the boosts it needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
}

impl Emoji {
    /// A custom emoji with an id and a name; the other fields are `None`.
    pub fn new(id: Id<EmojiMarker>, name: impl Into<CompactString>) -> Self {
        Self {
            id: Some(id),
            name: Some(name.into()),
            roles: None,
            user: None,
            require_colons: None,
            managed: None,
            animated: None,
            available: None,
        }
    }
}

/// The short form of an emoji in reactions, components, polls, forum tags and activities.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PartialEmoji {
    /// The id of a custom emoji.
    #[serde(default)]
    pub id: Option<Id<EmojiMarker>>,
    /// The name of a custom emoji or the Unicode character(s) of a standard one.
    #[serde(default)]
    pub name: Option<CompactString>,
    /// Whether the emoji is animated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub animated: Option<bool>,
}

impl PartialEmoji {
    /// A standard Unicode emoji, such as `"🔥"`.
    pub fn unicode(character: impl Into<CompactString>) -> Self {
        Self { id: None, name: Some(character.into()), animated: None }
    }

    /// A custom emoji.
    pub fn custom(id: Id<EmojiMarker>, name: impl Into<CompactString>, animated: bool) -> Self {
        Self { id: Some(id), name: Some(name.into()), animated: animated.then_some(true) }
    }
}

/// The emojis of an application (`GET /applications/{id}/emojis`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ApplicationEmojis {
    /// The emojis.
    pub items: Vec<Emoji>,
}
