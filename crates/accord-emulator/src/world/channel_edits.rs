//! Channels changed by the bot: created with every field, edited, deleted, permission
//! overwrites, pins; with CHANNEL_* or THREAD_* events as the channel's type asks.

use std::collections::BTreeMap;

use accord_model::channel::Channel;
use accord_model::gateway::Event;
use accord_model::gateway::event::{ChannelPinsUpdate, ThreadDelete};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker};
use accord_model::message::{Message, MessageReference, MessageType};
use accord_model::util::Timestamp;

use super::{ChannelState, World, WorldError};

/// The most pins a channel holds.
pub(crate) const MAX_PINS: usize = 250;

impl World {
    /// Adds a channel (or thread) built by the caller to its guild and emits CHANNEL_CREATE or
    /// THREAD_CREATE.
    pub(crate) fn add_channel(&mut self, channel: Channel) -> Result<Channel, WorldError> {
        let guild_id = channel.guild_id;
        if let Some(guild_id) = guild_id {
            self.guild_mut(guild_id)?.channels.push(channel.id);
        }
        self.channels.insert(
            channel.id,
            ChannelState { channel: channel.clone(), messages: BTreeMap::new() },
        );
        let event = if channel.is_thread() {
            Event::ThreadCreate(Box::new(channel.clone()))
        } else {
            Event::ChannelCreate(Box::new(channel.clone()))
        };
        self.emit(event, guild_id);
        Ok(channel)
    }

    /// Changes a channel and emits CHANNEL_UPDATE (THREAD_UPDATE for threads).
    pub(crate) fn change_channel(
        &mut self,
        channel_id: Id<ChannelMarker>,
        change: impl FnOnce(&mut Channel),
    ) -> Result<Channel, WorldError> {
        let state = self.channel_mut(channel_id)?;
        change(&mut state.channel);
        let channel = state.channel.clone();
        let event = if channel.is_thread() {
            Event::ThreadUpdate(Box::new(channel.clone()))
        } else {
            Event::ChannelUpdate(Box::new(channel.clone()))
        };
        self.emit(event, channel.guild_id);
        Ok(channel)
    }

    /// Deletes a channel with its messages (and its threads) and emits CHANNEL_DELETE or
    /// THREAD_DELETE.
    pub(crate) fn remove_channel(
        &mut self,
        channel_id: Id<ChannelMarker>,
    ) -> Result<Channel, WorldError> {
        let threads: Vec<_> = self
            .channels
            .values()
            .filter(|c| c.channel.is_thread() && c.channel.parent_id == Some(channel_id))
            .map(|c| c.channel.id)
            .collect();
        for thread in threads {
            self.remove_channel(thread)?;
        }
        let state = self.channels.remove(&channel_id).ok_or(WorldError::UnknownChannel)?;
        let channel = state.channel;
        if let Some(guild_id) = channel.guild_id
            && let Some(guild) = self.guilds.get_mut(&guild_id)
        {
            guild.channels.retain(|id| *id != channel_id);
        }
        self.dms.retain(|_, id| *id != channel_id);
        self.extras.pins.remove(&channel_id);
        self.extras.thread_members.remove(&channel_id);
        let event = match (channel.is_thread(), channel.guild_id, channel.parent_id) {
            (true, Some(guild_id), Some(parent_id)) => Event::ThreadDelete(Box::new(
                ThreadDelete::new(channel_id, guild_id, parent_id, channel.kind),
            )),
            _ => Event::ChannelDelete(Box::new(channel.clone())),
        };
        self.emit(event, channel.guild_id);
        Ok(channel)
    }

    /// The pins of a channel, most recent first, with when they were pinned.
    pub(crate) fn pins(&self, channel_id: Id<ChannelMarker>) -> Vec<(Message, Timestamp)> {
        let Some(state) = self.channels.get(&channel_id) else { return Vec::new() };
        self.extras
            .pins
            .get(&channel_id)
            .into_iter()
            .flatten()
            .rev()
            .filter_map(|(id, at)| state.messages.get(id).map(|m| (m.clone(), *at)))
            .collect()
    }

    /// Pins a message: MESSAGE_UPDATE, the system message saying so, and CHANNEL_PINS_UPDATE.
    /// Pinning a pinned message changes nothing.
    pub(crate) fn pin(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Result<(), WorldError> {
        let state = self.channel(channel_id)?;
        let message = state.messages.get(&message_id).ok_or(WorldError::UnknownMessage)?;
        if message.pinned {
            return Ok(());
        }
        let pins = self.extras.pins.get(&channel_id).map_or(0, Vec::len);
        if pins >= MAX_PINS {
            return Err(WorldError::Code(30003));
        }
        let guild_id = state.channel.guild_id;
        let now = Timestamp::now();
        self.edit_message_silently(channel_id, message_id, |m| m.pinned = true)?;
        self.extras.pins.entry(channel_id).or_default().push((message_id, now));
        let bot = self.bot_id();
        let mut notice =
            self.build_system_message(channel_id, bot, MessageType::ChannelPinnedMessage)?;
        let mut reference = MessageReference::reply(message_id);
        reference.channel_id = Some(channel_id);
        reference.guild_id = guild_id;
        notice.message_reference = Some(reference);
        self.publish_message(notice)?;
        self.pins_updated(channel_id);
        Ok(())
    }

    /// Unpins a message: MESSAGE_UPDATE and CHANNEL_PINS_UPDATE.
    pub(crate) fn unpin(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Result<(), WorldError> {
        let state = self.channel(channel_id)?;
        let message = state.messages.get(&message_id).ok_or(WorldError::UnknownMessage)?;
        if !message.pinned {
            return Ok(());
        }
        self.edit_message_silently(channel_id, message_id, |m| m.pinned = false)?;
        if let Some(pins) = self.extras.pins.get_mut(&channel_id) {
            pins.retain(|(id, _)| *id != message_id);
        }
        self.pins_updated(channel_id);
        Ok(())
    }

    fn pins_updated(&mut self, channel_id: Id<ChannelMarker>) {
        let guild_id = self.guild_of(channel_id);
        let mut update = ChannelPinsUpdate::new(channel_id);
        update.guild_id = guild_id;
        update.last_pin_timestamp =
            self.extras.pins.get(&channel_id).and_then(|pins| pins.last()).map(|(_, at)| *at);
        if let Some(state) = self.channels.get_mut(&channel_id) {
            state.channel.last_pin_timestamp = update.last_pin_timestamp;
        }
        self.emit(Event::ChannelPinsUpdate(Box::new(update)), guild_id);
    }

    /// Changes a message without marking it edited, and emits MESSAGE_UPDATE.
    pub(crate) fn edit_message_silently(
        &mut self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        change: impl FnOnce(&mut Message),
    ) -> Result<Message, WorldError> {
        let guild_id = self.guild_of(channel_id);
        let state = self.channel_mut(channel_id)?;
        let message = state.messages.get_mut(&message_id).ok_or(WorldError::UnknownMessage)?;
        change(message);
        let message = message.clone();
        self.emit(Event::MessageUpdate(Box::new(message.clone())), guild_id);
        Ok(message)
    }

    /// A system message by `author_id`, not yet published.
    pub(crate) fn build_system_message(
        &mut self,
        channel_id: Id<ChannelMarker>,
        author_id: Id<accord_model::id::marker::UserMarker>,
        kind: MessageType,
    ) -> Result<Message, WorldError> {
        let guild_id = self.channel(channel_id)?.channel.guild_id;
        let author = self.user(author_id)?.clone();
        let id = self.ids.next();
        let mut message = Message::new(id, channel_id, author, "", Timestamp::now());
        message.kind = kind;
        message.guild_id = guild_id;
        Ok(message)
    }
}
