//! Reactions: who reacted to which message with which emoji, kept in step with the counts on
//! the message and announced with the reaction events.

use std::collections::HashMap;

use accord_model::emoji::PartialEmoji;
use accord_model::gateway::Event;
use accord_model::gateway::event::{
    MessageReactionAdd, MessageReactionRemove, MessageReactionRemoveAll, MessageReactionRemoveEmoji,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, UserMarker};
use accord_model::message::{Reaction, ReactionCountDetails};
use accord_model::user::User;

use super::{World, WorldError};

/// One emoji on a message and who reacted with it, in order.
type EmojiUsers = (PartialEmoji, Vec<Id<UserMarker>>);

/// The users behind each reaction, per message, in the order they reacted.
#[derive(Debug, Default)]
pub(crate) struct Reactions {
    by_message: HashMap<Id<MessageMarker>, Vec<EmojiUsers>>,
}

/// Whether two emojis are the same reaction: custom emojis by id, others by their text.
pub(crate) fn same_emoji(a: &PartialEmoji, b: &PartialEmoji) -> bool {
    match (a.id, b.id) {
        (Some(a), Some(b)) => a == b,
        (None, None) => a.name == b.name,
        _ => false,
    }
}

impl World {
    /// Adds `user_id`'s reaction and emits MESSAGE_REACTION_ADD. Returns `false` (and emits
    /// nothing) when the user had already reacted with this emoji, as Discord does.
    pub(crate) fn add_reaction(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        user_id: Id<UserMarker>,
        emoji: PartialEmoji,
    ) -> Result<bool, WorldError> {
        self.user(user_id)?;
        let guild_id = self.guild_of(channel_id);
        let author_id = self
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .ok_or(WorldError::UnknownMessage)?
            .author
            .id;
        let users = self.reactions.by_message.entry(message_id).or_default();
        let index = if let Some(index) = users.iter().position(|(e, _)| same_emoji(e, &emoji)) {
            index
        } else {
            users.push((emoji.clone(), Vec::new()));
            users.len() - 1
        };
        let Some((_, reactors)) = users.get_mut(index) else { return Ok(false) };
        if reactors.contains(&user_id) {
            return Ok(false);
        }
        reactors.push(user_id);
        self.sync_reaction_counts(channel_id, message_id);

        let mut event = MessageReactionAdd::new(user_id, channel_id, message_id, emoji);
        event.guild_id = guild_id;
        event.message_author_id = Some(author_id);
        event.member = guild_id
            .and_then(|g| self.guilds.get(&g))
            .and_then(|g| g.members.get(&user_id))
            .cloned();
        self.emit(Event::MessageReactionAdd(Box::new(event)), guild_id);
        Ok(true)
    }

    /// Removes `user_id`'s reaction and emits MESSAGE_REACTION_REMOVE. Returns `false` when
    /// there was no such reaction.
    pub(crate) fn remove_reaction(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        user_id: Id<UserMarker>,
        emoji: &PartialEmoji,
    ) -> Result<bool, WorldError> {
        let guild_id = self.guild_of(channel_id);
        if !self.channel(channel_id)?.messages.contains_key(&message_id) {
            return Err(WorldError::UnknownMessage);
        }
        let Some(users) = self.reactions.by_message.get_mut(&message_id) else { return Ok(false) };
        let Some(index) = users.iter().position(|(e, _)| same_emoji(e, emoji)) else {
            return Ok(false);
        };
        let Some((stored, reactors)) = users.get_mut(index) else { return Ok(false) };
        let Some(position) = reactors.iter().position(|u| *u == user_id) else {
            return Ok(false);
        };
        reactors.remove(position);
        let stored = stored.clone();
        if reactors.is_empty() {
            users.remove(index);
        }
        self.sync_reaction_counts(channel_id, message_id);
        let mut event = MessageReactionRemove::new(user_id, channel_id, message_id, stored);
        event.guild_id = guild_id;
        self.emit(Event::MessageReactionRemove(Box::new(event)), guild_id);
        Ok(true)
    }

    /// Removes every reaction of a message and emits MESSAGE_REACTION_REMOVE_ALL.
    pub(crate) fn remove_all_reactions(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Result<(), WorldError> {
        let guild_id = self.guild_of(channel_id);
        if !self.channel(channel_id)?.messages.contains_key(&message_id) {
            return Err(WorldError::UnknownMessage);
        }
        self.reactions.by_message.remove(&message_id);
        self.sync_reaction_counts(channel_id, message_id);
        let mut event = MessageReactionRemoveAll::new(channel_id, message_id);
        event.guild_id = guild_id;
        self.emit(Event::MessageReactionRemoveAll(Box::new(event)), guild_id);
        Ok(())
    }

    /// Removes every reaction with one emoji and emits MESSAGE_REACTION_REMOVE_EMOJI.
    pub(crate) fn remove_emoji_reactions(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        emoji: &PartialEmoji,
    ) -> Result<(), WorldError> {
        let guild_id = self.guild_of(channel_id);
        if !self.channel(channel_id)?.messages.contains_key(&message_id) {
            return Err(WorldError::UnknownMessage);
        }
        if let Some(users) = self.reactions.by_message.get_mut(&message_id) {
            users.retain(|(e, _)| !same_emoji(e, emoji));
        }
        self.sync_reaction_counts(channel_id, message_id);
        let mut event = MessageReactionRemoveEmoji::new(channel_id, message_id, emoji.clone());
        event.guild_id = guild_id;
        self.emit(Event::MessageReactionRemoveEmoji(Box::new(event)), guild_id);
        Ok(())
    }

    /// The users who reacted to a message with an emoji, in the order they reacted.
    pub(crate) fn reaction_users(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        emoji: &PartialEmoji,
    ) -> Result<Vec<User>, WorldError> {
        if !self.channel(channel_id)?.messages.contains_key(&message_id) {
            return Err(WorldError::UnknownMessage);
        }
        Ok(self
            .reactions
            .by_message
            .get(&message_id)
            .and_then(|users| users.iter().find(|(e, _)| same_emoji(e, emoji)))
            .map(|(_, ids)| ids.iter().filter_map(|id| self.users.get(id).cloned()).collect())
            .unwrap_or_default())
    }

    /// Rewrites `message.reactions` from the users behind them; `me` is from the bot's view.
    fn sync_reaction_counts(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) {
        let bot = self.bot_id();
        let reactions: Vec<Reaction> = self
            .reactions
            .by_message
            .get(&message_id)
            .map(|users| {
                users
                    .iter()
                    .map(|(emoji, ids)| {
                        let count = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                        let mut reaction = Reaction::new(emoji.clone());
                        reaction.count = count;
                        reaction.count_details = ReactionCountDetails::new(0, count);
                        reaction.me = ids.contains(&bot);
                        reaction
                    })
                    .collect()
            })
            .unwrap_or_default();
        if reactions.is_empty() {
            self.reactions.by_message.remove(&message_id);
        }
        if let Some(message) =
            self.channels.get_mut(&channel_id).and_then(|c| c.messages.get_mut(&message_id))
        {
            message.reactions = (!reactions.is_empty()).then_some(reactions);
        }
    }
}

#[cfg(test)]
mod tests {
    use accord_model::emoji::PartialEmoji;
    use accord_model::gateway::Event;

    use crate::config::WorldSpec;
    use crate::world::{MessageDraft, generate};

    #[test]
    fn reactions_count_users_once_and_emit_events() {
        let mut world =
            generate(&WorldSpec { guilds: 1, members_per_guild: 3, seed: 1, file: None }, "bot");
        let guild = world.guilds.values().next().unwrap();
        let channel = guild.channels[2];
        let users: Vec<_> = guild.members.keys().copied().collect();
        let message =
            world.create_message(channel, users[1], MessageDraft::text("react to me")).unwrap();
        world.take_outbox();
        let thumbs = PartialEmoji::unicode("👍");
        assert!(world.add_reaction(channel, message.id, users[0], thumbs.clone()).unwrap());
        assert!(!world.add_reaction(channel, message.id, users[0], thumbs.clone()).unwrap());
        assert!(world.add_reaction(channel, message.id, users[2], thumbs.clone()).unwrap());
        let events = world.take_outbox();
        assert_eq!(events.len(), 2, "a repeated reaction emits nothing");
        let Event::MessageReactionAdd(add) = &events[0].event else { panic!("{events:?}") };
        assert_eq!(add.message_author_id, Some(users[1]));
        assert!(add.member.is_some());
        let stored = &world.channels[&channel].messages[&message.id];
        let reaction = &stored.reactions.as_ref().unwrap()[0];
        assert_eq!(reaction.count, 2);
        assert_eq!(users[0], world.bot_id(), "the bot has the smallest id");
        assert!(reaction.me, "the bot reacted");
        assert!(world.remove_reaction(channel, message.id, users[0], &thumbs).unwrap());
        assert_eq!(world.reaction_users(channel, message.id, &thumbs).unwrap().len(), 1);
        world.remove_all_reactions(channel, message.id).unwrap();
        assert!(world.channels[&channel].messages[&message.id].reactions.is_none());
    }
}
