//! Messages as compact records, kept in a ring per channel.

use accord_model::emoji::PartialEmoji;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, MessageMarker, RoleMarker, UserMarker};
use accord_model::message::{
    Mention, Message, MessageFlags, MessageType, Reaction, ReactionCountDetails,
};
use accord_model::user::User;
use accord_model::util::Timestamp;

use crate::compact::{time_in, time_out};

const TTS: u8 = 1;
const MENTION_EVERYONE: u8 = 1 << 1;
const PINNED: u8 = 1 << 2;
/// `flags` is `Some` and fits 32 bits.
const FLAGS: u8 = 1 << 3;
/// `flags` is `None`.
const NO_FLAGS: u8 = 1 << 4;

/// A message, 96 bytes: author and mentions as user ids (the users are in the user store),
/// content as a boxed string, times as integers; embeds, attachments, components, reactions
/// and the other rarer parts in a boxed rest. The author's member goes to the member store and
/// a started thread to the channel store; `referenced_message` is not kept (its id is in
/// `message_reference`; look it up with `InMemoryCache::message`).
#[derive(Debug, Clone, PartialEq)]
pub struct CachedMessage {
    id: Id<MessageMarker>,
    author: Id<UserMarker>,
    content: Box<str>,
    mentions: Box<[Id<UserMarker>]>,
    mention_roles: Box<[Id<RoleMarker>]>,
    rest: Option<Box<Message>>,
    timestamp: i64,
    edited: i64,
    flags: u32,
    kind: u8,
    bits: u8,
}

fn baseline(
    id: Id<MessageMarker>,
    channel_id: Id<ChannelMarker>,
    author: Id<UserMarker>,
) -> Message {
    Message::new(id, channel_id, User::new(author, ""), "", Timestamp::from_micros(0))
}

/// Whether a message has nothing beyond what the compact record keeps, so it needs no rest;
/// checked against [`rest_of`] in debug builds, which catches fields added to the model.
fn is_plain(m: &Message) -> bool {
    m.attachments.is_empty()
        && m.embeds.is_empty()
        && m.components.as_ref().is_some_and(Vec::is_empty)
        && m.flags.is_none_or(|flags| u32::try_from(flags.bits()).is_ok())
        && m.mention_channels.is_none()
        && m.reactions.is_none()
        && m.nonce.is_none()
        && m.webhook_id.is_none()
        && m.activity.is_none()
        && m.application.is_none()
        && m.application_id.is_none()
        && m.message_reference.is_none()
        && m.message_snapshots.is_none()
        && m.interaction_metadata.is_none()
        && m.interaction.is_none()
        && m.sticker_items.is_none()
        && m.stickers.is_none()
        && m.position.is_none()
        && m.role_subscription_data.is_none()
        && m.resolved.is_none()
        && m.poll.is_none()
        && m.call.is_none()
        && m.shared_client_theme.is_none()
        && m.purchase_notification.is_none()
}

/// What a message has beyond the compact record: the message with the kept fields (and the
/// parts that go to other stores) set to the baseline, or `None` if that is the baseline.
fn rest_of(message: &Message) -> Option<Box<Message>> {
    let mut rest = message.clone();
    rest.author = User::new(message.author.id, "");
    rest.content = String::new();
    rest.mentions = Vec::new();
    rest.mention_roles = Vec::new();
    rest.timestamp = Timestamp::from_micros(0);
    rest.edited_timestamp = None;
    rest.tts = false;
    rest.mention_everyone = false;
    rest.pinned = false;
    rest.kind = MessageType::Default;
    if rest.flags.is_none_or(|flags| u32::try_from(flags.bits()).is_ok()) {
        rest.flags = Some(MessageFlags::empty());
    }
    rest.guild_id = None;
    rest.member = None;
    rest.referenced_message = None;
    rest.thread = None;
    (rest != baseline(message.id, message.channel_id, message.author.id)).then(|| Box::new(rest))
}

impl CachedMessage {
    /// A message's compact form.
    pub(crate) fn new(message: &Message) -> Self {
        let mut bits = 0;
        for (bit, on) in [
            (TTS, message.tts),
            (MENTION_EVERYONE, message.mention_everyone),
            (PINNED, message.pinned),
        ] {
            if on {
                bits |= bit;
            }
        }
        let mut flags = 0;
        match message.flags.map(|f| u32::try_from(f.bits())) {
            Some(Ok(value)) => {
                flags = value;
                bits |= FLAGS;
            }
            None => bits |= NO_FLAGS,
            Some(Err(_)) => {}
        }
        let rest = if is_plain(message) {
            debug_assert!(rest_of(message).is_none(), "is_plain missed a field: {message:?}");
            None
        } else {
            rest_of(message)
        };
        Self {
            id: message.id,
            author: message.author.id,
            content: message.content.as_str().into(),
            mentions: message.mentions.iter().map(|mention| mention.user.id).collect(),
            mention_roles: message.mention_roles.as_slice().into(),
            rest,
            timestamp: message.timestamp.as_micros(),
            edited: time_in(message.edited_timestamp),
            flags,
            kind: message.kind.value(),
            bits,
        }
    }

    /// The message as the model's type, with users from the user store.
    pub(crate) fn to_message(
        &self,
        channel_id: Id<ChannelMarker>,
        guild_id: Option<Id<GuildMarker>>,
        mut user: impl FnMut(Id<UserMarker>) -> User,
    ) -> Message {
        let mut message = self
            .rest
            .as_deref()
            .cloned()
            .unwrap_or_else(|| baseline(self.id, channel_id, self.author));
        message.author = user(self.author);
        message.content = self.content.to_string();
        message.mentions = self.mentions.iter().map(|id| Mention::new(user(*id))).collect();
        message.mention_roles = self.mention_roles.to_vec();
        message.timestamp = Timestamp::from_micros(self.timestamp);
        message.edited_timestamp = time_out(self.edited);
        message.tts = self.bits & TTS != 0;
        message.mention_everyone = self.bits & MENTION_EVERYONE != 0;
        message.pinned = self.bits & PINNED != 0;
        message.kind = MessageType::from_value(self.kind);
        if self.bits & FLAGS != 0 {
            message.flags = Some(MessageFlags::from_bits_retain(u64::from(self.flags)));
        } else if self.bits & NO_FLAGS != 0 {
            message.flags = None;
        }
        message.guild_id = guild_id;
        message
    }

    /// The id.
    pub const fn id(&self) -> Id<MessageMarker> {
        self.id
    }

    /// The author.
    pub const fn author_id(&self) -> Id<UserMarker> {
        self.author
    }

    /// The text.
    pub fn content(&self) -> &str {
        &self.content
    }

    /// When it was sent.
    pub const fn timestamp(&self) -> Timestamp {
        Timestamp::from_micros(self.timestamp)
    }

    /// When it was last edited.
    pub fn edited_timestamp(&self) -> Option<Timestamp> {
        time_out(self.edited)
    }

    /// Whether it is pinned.
    pub const fn is_pinned(&self) -> bool {
        self.bits & PINNED != 0
    }

    /// The reactions.
    pub fn reactions(&self) -> &[Reaction] {
        self.rest.as_ref().and_then(|rest| rest.reactions.as_deref()).unwrap_or_default()
    }

    /// The users this record refers to: the author, then the mentioned users.
    pub(crate) fn user_refs(&self) -> impl Iterator<Item = Id<UserMarker>> + '_ {
        std::iter::once(self.author).chain(self.mentions.iter().copied())
    }

    /// The reactions, for changing; the rest is dropped again if it ends up empty.
    pub(crate) fn change_reactions(
        &mut self,
        channel_id: Id<ChannelMarker>,
        change: impl FnOnce(&mut Vec<Reaction>),
    ) {
        let base = baseline(self.id, channel_id, self.author);
        let mut rest = self.rest.take().map_or_else(|| base.clone(), |rest| *rest);
        let mut reactions = rest.reactions.take().unwrap_or_default();
        change(&mut reactions);
        rest.reactions = (!reactions.is_empty()).then_some(reactions);
        if rest != base {
            self.rest = Some(Box::new(rest));
        }
    }

    /// Keeps the reactions of `self` in `newer` when the update left them out.
    pub(crate) fn keep_reactions(&self, newer: &mut Message) {
        if newer.reactions.is_none() && !self.reactions().is_empty() {
            newer.reactions = Some(self.reactions().to_vec());
        }
    }

    /// Bytes on the heap (the rest counted by its inline size).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.content.len()
            + size_of_val::<[Id<UserMarker>]>(&self.mentions)
            + size_of_val::<[Id<RoleMarker>]>(&self.mention_roles)
            + self.rest.as_ref().map_or(0, |_| size_of::<Message>())
    }
}

/// Whether two emojis are the same reaction: custom ones by id, others by name.
fn same_emoji(a: &PartialEmoji, b: &PartialEmoji) -> bool {
    match (a.id, b.id) {
        (Some(a), Some(b)) => a == b,
        (None, None) => a.name == b.name,
        _ => false,
    }
}

/// Adds one reaction.
pub(crate) fn add_reaction(
    reactions: &mut Vec<Reaction>,
    emoji: &PartialEmoji,
    burst: bool,
    me: bool,
    colors: &[String],
) {
    let index = if let Some(index) = reactions.iter().position(|r| same_emoji(&r.emoji, emoji)) {
        index
    } else {
        let mut reaction = Reaction::new(emoji.clone());
        reaction.count = 0;
        reaction.count_details = ReactionCountDetails::new(0, 0);
        reaction.me = false;
        reactions.push(reaction);
        reactions.len() - 1
    };
    let Some(reaction) = reactions.get_mut(index) else {
        return;
    };
    reaction.count += 1;
    if burst {
        reaction.count_details.burst += 1;
        reaction.me_burst |= me;
        for color in colors {
            if !reaction.burst_colors.iter().any(|c| c == color) {
                reaction.burst_colors.push(color.into());
            }
        }
    } else {
        reaction.count_details.normal += 1;
        reaction.me |= me;
    }
}

/// Removes one reaction.
pub(crate) fn remove_reaction(
    reactions: &mut Vec<Reaction>,
    emoji: &PartialEmoji,
    burst: bool,
    me: bool,
) {
    let Some(index) = reactions.iter().position(|r| same_emoji(&r.emoji, emoji)) else {
        return;
    };
    let Some(reaction) = reactions.get_mut(index) else {
        return;
    };
    reaction.count = reaction.count.saturating_sub(1);
    if burst {
        reaction.count_details.burst = reaction.count_details.burst.saturating_sub(1);
        if me {
            reaction.me_burst = false;
        }
    } else {
        reaction.count_details.normal = reaction.count_details.normal.saturating_sub(1);
        if me {
            reaction.me = false;
        }
    }
    if reaction.count == 0 {
        reactions.remove(index);
    }
}

/// Removes every reaction with an emoji.
pub(crate) fn remove_emoji(reactions: &mut Vec<Reaction>, emoji: &PartialEmoji) {
    reactions.retain(|r| !same_emoji(&r.emoji, emoji));
}

#[cfg(test)]
mod tests {
    use accord_model::emoji::PartialEmoji;
    use accord_model::id::Id;
    use accord_model::message::{Mention, Message};
    use accord_model::user::User;
    use accord_model::util::Timestamp;

    use super::{CachedMessage, add_reaction, remove_reaction};

    #[test]
    fn a_plain_message_is_96_bytes_and_round_trips() {
        assert_eq!(size_of::<CachedMessage>(), 96);
        let author = User::new(Id::new(3), "a");
        let mut message =
            Message::new(Id::new(10), Id::new(2), author.clone(), "hello", Timestamp::from_secs(1));
        message.mentions = vec![Mention::new(User::new(Id::new(4), "b"))];
        message.pinned = true;
        message.edited_timestamp = Some(Timestamp::from_secs(2));
        message.guild_id = Some(Id::new(1));
        let cached = CachedMessage::new(&message);
        assert!(cached.rest.is_none());
        let users = |id: Id<_>| if id == author.id { author.clone() } else { User::new(id, "b") };
        assert_eq!(cached.to_message(Id::new(2), Some(Id::new(1)), users), message);
    }

    #[test]
    fn reactions_count_up_and_down_and_drop_the_rest() {
        let message = Message::new(
            Id::new(10),
            Id::new(2),
            User::new(Id::new(3), "a"),
            "x",
            Timestamp::from_secs(1),
        );
        let mut cached = CachedMessage::new(&message);
        let heart = PartialEmoji::unicode("❤");
        cached.change_reactions(Id::new(2), |r| add_reaction(r, &heart, false, true, &[]));
        cached.change_reactions(Id::new(2), |r| add_reaction(r, &heart, false, false, &[]));
        assert_eq!(cached.reactions()[0].count, 2);
        assert!(cached.reactions()[0].me);
        cached.change_reactions(Id::new(2), |r| remove_reaction(r, &heart, false, true));
        assert!(!cached.reactions()[0].me);
        cached.change_reactions(Id::new(2), |r| remove_reaction(r, &heart, false, false));
        assert!(cached.reactions().is_empty());
        assert!(cached.rest.is_none());
    }
}
