//! Emojis, stickers and scheduled events: their creators go to the user store.

use accord_model::emoji::Emoji;
use accord_model::id::Id;
use accord_model::id::marker::{EmojiMarker, RoleMarker, UserMarker};
use accord_model::scheduled_event::GuildScheduledEvent;
use accord_model::sticker::Sticker;
use accord_model::user::User;
use compact_str::CompactString;

use crate::compact::{opt_bool_in, opt_bool_out, string_heap};

/// Shifts of the two-bit `Option<bool>`s.
const REQUIRE_COLONS: u32 = 0;
const MANAGED: u32 = 2;
const ANIMATED: u32 = 4;
const AVAILABLE: u32 = 6;

/// A custom emoji, 56 bytes: the four optional booleans in one byte, the creator as an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedEmoji {
    name: Option<CompactString>,
    roles: Option<Box<[Id<RoleMarker>]>>,
    user: Option<Id<UserMarker>>,
    bits: u16,
}

impl CachedEmoji {
    /// An emoji's compact form.
    pub(crate) fn new(emoji: &Emoji) -> Self {
        Self {
            name: emoji.name.clone(),
            roles: emoji.roles.clone().map(Vec::into_boxed_slice),
            user: emoji.user.as_ref().map(|user| user.id),
            bits: opt_bool_in(emoji.require_colons, REQUIRE_COLONS)
                | opt_bool_in(emoji.managed, MANAGED)
                | opt_bool_in(emoji.animated, ANIMATED)
                | opt_bool_in(emoji.available, AVAILABLE),
        }
    }

    /// The emoji as the model's type, its creator from the user store.
    pub(crate) fn to_emoji(
        &self,
        id: Id<EmojiMarker>,
        user: impl FnOnce(Id<UserMarker>) -> User,
    ) -> Emoji {
        let mut emoji = Emoji::new(id, "");
        emoji.name.clone_from(&self.name);
        emoji.roles = self.roles.as_deref().map(<[_]>::to_vec);
        emoji.user = self.user.map(user);
        emoji.require_colons = opt_bool_out(self.bits, REQUIRE_COLONS);
        emoji.managed = opt_bool_out(self.bits, MANAGED);
        emoji.animated = opt_bool_out(self.bits, ANIMATED);
        emoji.available = opt_bool_out(self.bits, AVAILABLE);
        emoji
    }

    /// The name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Whether the emoji is animated.
    pub fn is_animated(&self) -> bool {
        opt_bool_out(self.bits, ANIMATED).unwrap_or(false)
    }

    /// The creator.
    pub(crate) const fn user_id(&self) -> Option<Id<UserMarker>> {
        self.user
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.name.as_ref().map_or(0, string_heap)
            + self.roles.as_ref().map_or(0, |r| size_of_val::<[Id<RoleMarker>]>(r))
    }
}

/// A sticker, stored as the model's type without its creator, who is in the user store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CachedSticker {
    pub(crate) sticker: Sticker,
    pub(crate) user: Option<Id<UserMarker>>,
}

impl CachedSticker {
    pub(crate) fn new(sticker: &Sticker) -> Self {
        let mut sticker = sticker.clone();
        let user = sticker.user.take().map(|user| user.id);
        Self { sticker, user }
    }

    pub(crate) fn to_sticker(&self, user: impl FnOnce(Id<UserMarker>) -> User) -> Sticker {
        let mut sticker = self.sticker.clone();
        sticker.user = self.user.map(|id| Box::new(user(id)));
        sticker
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        string_heap(&self.sticker.name)
            + self.sticker.description.as_ref().map_or(0, String::capacity)
            + self.sticker.tags.capacity()
    }
}

/// A scheduled event, stored as the model's type without its creator, who is in the user
/// store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CachedEvent {
    pub(crate) event: GuildScheduledEvent,
    pub(crate) creator: Option<Id<UserMarker>>,
}

impl CachedEvent {
    pub(crate) fn new(event: &GuildScheduledEvent) -> Self {
        let mut event = event.clone();
        let creator = event.creator.take().map(|user| user.id);
        Self { event, creator }
    }

    pub(crate) fn to_event(
        &self,
        user: impl FnOnce(Id<UserMarker>) -> User,
    ) -> GuildScheduledEvent {
        let mut event = self.event.clone();
        event.creator = self.creator.map(|id| Box::new(user(id)));
        event
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        string_heap(&self.event.name) + self.event.description.as_ref().map_or(0, String::capacity)
    }
}
