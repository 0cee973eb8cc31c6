//! Messages and reactions: a ring of the last messages of each channel.

use accord_model::emoji::PartialEmoji;
use accord_model::gateway::event::{MessageReactionAdd, MessageReactionRemove};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker};
use accord_model::message::{Message, Reaction};

use crate::InMemoryCache;
use crate::config::ResourceType;
use crate::record::{CachedMessage, add_reaction, remove_emoji, remove_reaction};

impl InMemoryCache {
    /// MESSAGE_CREATE: into the channel's ring (replacing a message with the same id, so a
    /// replay changes nothing); the author's member and the started thread go to their
    /// stores, and the channel's last message moves on.
    pub(crate) fn on_message_create(&self, message: &Message) {
        self.absorb_message_parts(message, true);
        if let Some(mut channel) = self.channels.get_mut(&message.channel_id.get()) {
            channel.set_last_message(message.id);
        }
        let capacity = self.config.message_cache_size;
        if !self.wants(ResourceType::MESSAGE) || capacity == 0 {
            return;
        }
        let guild_id =
            message.guild_id.or_else(|| self.channels.get(&message.channel_id.get())?.guild_id());
        let record = CachedMessage::new(message);
        self.acquire_message(message);
        let mut channel = self.messages.entry(message.channel_id.get()).or_default();
        channel.guild_id = channel.guild_id.or(guild_id);
        let old = match channel.position(message.id) {
            Ok(index) => Some(match channel.ring.get_mut(index) {
                Some(cached) => std::mem::replace(cached, record),
                None => record,
            }),
            Err(0) if channel.ring.len() >= capacity => Some(record),
            Err(index) => {
                channel.ring.insert(index, record);
                if channel.ring.len() > capacity { channel.ring.pop_front() } else { None }
            }
        };
        drop(channel);
        if let Some(old) = old {
            self.release_message(&old);
        }
    }

    /// MESSAGE_UPDATE: replaces a cached message (keeping its reactions when the update has
    /// none); a message the cache does not have is not added, since its place in the ring is
    /// unknown.
    pub(crate) fn on_message_update(&self, message: &Message) {
        self.absorb_message_parts(message, false);
        let Some(mut channel) = self.messages.get_mut(&message.channel_id.get()) else {
            return;
        };
        let Some(cached) =
            channel.position(message.id).ok().and_then(|index| channel.ring.get_mut(index))
        else {
            return;
        };
        let mut updated = message.clone();
        cached.keep_reactions(&mut updated);
        self.acquire_message(&updated);
        let old = std::mem::replace(cached, CachedMessage::new(&updated));
        drop(channel);
        self.release_message(&old);
    }

    /// The parts of a message that belong to other stores: the author's member, the members
    /// of mentioned users, the thread it started, and fresher user data. Only a new message
    /// (`fresh`) speaks for members: an edit may be of a message whose author has left or
    /// changed since, and GUILD_MEMBER_* events carry those changes anyway.
    fn absorb_message_parts(&self, message: &Message, fresh: bool) {
        if let Some(guild_id) = message.guild_id
            && fresh
        {
            if let Some(member) = &message.member
                && message.webhook_id.is_none()
            {
                self.put_partial_member(guild_id, &message.author, member);
            }
            for mention in &message.mentions {
                if let Some(member) = &mention.member {
                    self.put_partial_member(guild_id, &mention.user, member);
                }
            }
        }
        if let Some(thread) = &message.thread {
            self.put_channel(thread, message.guild_id);
        }
    }

    fn acquire_message(&self, message: &Message) {
        self.users.acquire(&message.author);
        for mention in &message.mentions {
            self.users.acquire(&mention.user);
        }
    }

    fn release_message(&self, message: &CachedMessage) {
        for user in message.user_refs() {
            self.users.release(user);
        }
    }

    /// MESSAGE_DELETE and MESSAGE_DELETE_BULK.
    pub(crate) fn remove_messages(&self, channel_id: Id<ChannelMarker>, ids: &[Id<MessageMarker>]) {
        let mut removed = Vec::new();
        if let Some(mut channel) = self.messages.get_mut(&channel_id.get()) {
            for id in ids {
                if let Ok(index) = channel.position(*id)
                    && let Some(message) = channel.ring.remove(index)
                {
                    removed.push(message);
                }
            }
        }
        for message in &removed {
            self.release_message(message);
        }
    }

    /// Forgets every message of a channel.
    pub(crate) fn drop_messages(&self, channel_id: Id<ChannelMarker>) {
        if let Some((_, channel)) = self.messages.remove(&channel_id.get()) {
            for message in &channel.ring {
                self.release_message(message);
            }
        }
    }

    fn change_reactions(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        change: impl FnOnce(&mut Vec<Reaction>),
    ) {
        if let Some(mut channel) = self.messages.get_mut(&channel_id.get())
            && let Some(message) = channel.get_mut(message_id)
        {
            message.change_reactions(channel_id, change);
        }
    }

    pub(crate) fn on_reaction_add(&self, add: &MessageReactionAdd) {
        if let (Some(guild_id), Some(member)) = (add.guild_id, &add.member) {
            self.put_member_in(guild_id, member);
        }
        let me = self.current_user_id() == Some(add.user_id);
        self.change_reactions(add.channel_id, add.message_id, |reactions| {
            add_reaction(
                reactions,
                &add.emoji,
                add.burst,
                me,
                add.burst_colors.as_deref().unwrap_or_default(),
            );
        });
    }

    pub(crate) fn on_reaction_remove(&self, remove: &MessageReactionRemove) {
        let me = self.current_user_id() == Some(remove.user_id);
        self.change_reactions(remove.channel_id, remove.message_id, |reactions| {
            remove_reaction(reactions, &remove.emoji, remove.burst, me);
        });
    }

    /// MESSAGE_REACTION_REMOVE_ALL (no emoji) and MESSAGE_REACTION_REMOVE_EMOJI.
    pub(crate) fn on_reaction_clear(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        emoji: Option<&PartialEmoji>,
    ) {
        self.change_reactions(channel_id, message_id, |reactions| match emoji {
            Some(emoji) => remove_emoji(reactions, emoji),
            None => reactions.clear(),
        });
    }
}
