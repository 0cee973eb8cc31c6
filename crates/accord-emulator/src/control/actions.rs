//! Acting as users and building the world from tests: messages, reactions, typing, presence,
//! memberships, and new users, guilds and channels. Every action emits the gateway events
//! Discord would.

use accord_model::channel::{Channel, ChannelType};
use accord_model::emoji::PartialEmoji;
use accord_model::guild::{Guild, Member};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, MessageMarker, UserMarker};
use accord_model::message::Message;
use accord_model::presence::{Activity, Status};
use accord_model::user::User;

use super::{ControlError, ControlErrorKind};
use crate::handle::EmulatorHandle;
use crate::world::MessageDraft;

/// Reads an emoji as the control API takes it: a Unicode emoji, or `name:id` for a custom one.
pub(crate) fn parse_emoji(emoji: &str) -> Result<PartialEmoji, ControlError> {
    let invalid = || {
        ControlError::new(
            ControlErrorKind::Invalid,
            format!("invalid emoji {emoji:?}: use a Unicode emoji or name:id"),
        )
    };
    if emoji.is_empty() {
        return Err(invalid());
    }
    match emoji.rsplit_once(':') {
        Some((name, id)) => {
            let id = id.parse().map_err(|_| invalid())?;
            Ok(PartialEmoji::custom(id, name, false))
        }
        None => Ok(PartialEmoji::unicode(emoji)),
    }
}

impl EmulatorHandle {
    /// Sends a message as `author` (mentions like `<@id>` are resolved) and emits
    /// MESSAGE_CREATE. No permission check: the control API acts for anyone.
    pub fn send_message(
        &self,
        channel_id: Id<ChannelMarker>,
        author_id: Id<UserMarker>,
        content: impl Into<String>,
    ) -> Result<Message, ControlError> {
        let draft = MessageDraft::text(content);
        Ok(self.shared.mutate(|world| world.create_message(channel_id, author_id, draft))?)
    }

    /// Sends a direct message from a user to the bot (in their DM channel, created on first
    /// use) and emits MESSAGE_CREATE without a guild, so shard 0 gets it.
    pub fn send_dm(
        &self,
        user_id: Id<UserMarker>,
        content: impl Into<String>,
    ) -> Result<Message, ControlError> {
        let draft = MessageDraft::text(content);
        Ok(self.shared.mutate(|world| {
            let channel_id = world.dm_channel(user_id)?;
            world.create_message(channel_id, user_id, draft)
        })?)
    }

    /// Replaces a message's content and emits MESSAGE_UPDATE.
    pub fn edit_message(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        content: impl Into<String>,
    ) -> Result<Message, ControlError> {
        let content = content.into();
        Ok(self.shared.mutate(|world| {
            world.edit_message(channel_id, message_id, |message| message.content = content)
        })?)
    }

    /// Deletes a message and emits MESSAGE_DELETE.
    pub fn delete_message(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> Result<(), ControlError> {
        self.shared.mutate(|world| world.delete_message(channel_id, message_id))?;
        Ok(())
    }

    /// Reacts as `user_id` with a Unicode emoji or `name:id`, and emits
    /// MESSAGE_REACTION_ADD. Returns `false` when the user had already reacted so.
    pub fn react(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        user_id: Id<UserMarker>,
        emoji: &str,
    ) -> Result<bool, ControlError> {
        let emoji = parse_emoji(emoji)?;
        Ok(self
            .shared
            .mutate(|world| world.add_reaction(channel_id, message_id, user_id, emoji))?)
    }

    /// Removes `user_id`'s reaction and emits MESSAGE_REACTION_REMOVE. Returns `false` when
    /// there was none.
    pub fn unreact(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        user_id: Id<UserMarker>,
        emoji: &str,
    ) -> Result<bool, ControlError> {
        let emoji = parse_emoji(emoji)?;
        Ok(self
            .shared
            .mutate(|world| world.remove_reaction(channel_id, message_id, user_id, &emoji))?)
    }

    /// Emits TYPING_START for a user in a channel.
    pub fn start_typing(
        &self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<(), ControlError> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.shared.mutate(|world| world.start_typing(channel_id, user_id, now))?;
        Ok(())
    }

    /// Sets a user's status and activities and emits PRESENCE_UPDATE in every guild they
    /// are in. Returns those guilds.
    pub fn set_presence(
        &self,
        user_id: Id<UserMarker>,
        status: &Status,
        activities: &[Activity],
    ) -> Result<Vec<Id<GuildMarker>>, ControlError> {
        Ok(self.shared.mutate(|world| world.set_presence(user_id, status, activities))?)
    }

    /// Makes a user a member of a guild and emits GUILD_MEMBER_ADD (nothing if they already
    /// are one).
    pub fn join_guild(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Member, ControlError> {
        Ok(self.shared.mutate(|world| world.join_guild(guild_id, user_id))?)
    }

    /// Creates a user named `username` and makes them a member of a guild, as a new user
    /// joining does.
    pub fn join_guild_as_new_user(
        &self,
        guild_id: Id<GuildMarker>,
        username: &str,
    ) -> Result<Member, ControlError> {
        Ok(self.shared.mutate(|world| {
            world.guild(guild_id)?;
            let user = world.create_user(username, false);
            world.join_guild(guild_id, user.id)
        })?)
    }

    /// Removes a member from a guild and emits GUILD_MEMBER_REMOVE.
    pub fn leave_guild(
        &self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<(), ControlError> {
        self.shared.mutate(|world| world.leave_guild(guild_id, user_id))?;
        Ok(())
    }

    /// Creates a user (in no guild yet).
    pub fn create_user(&self, username: &str) -> User {
        self.shared.mutate(|world| world.create_user(username, false))
    }

    /// Creates a guild owned by `owner` (the bot when `None`), with the bot in it, a
    /// `general` text channel and a `Lounge` voice channel, and emits GUILD_CREATE.
    pub fn create_guild(
        &self,
        name: &str,
        owner: Option<Id<UserMarker>>,
    ) -> Result<Guild, ControlError> {
        Ok(self.shared.mutate(|world| world.create_guild(name, owner))?)
    }

    /// Creates a channel in a guild and emits CHANNEL_CREATE.
    pub fn create_channel(
        &self,
        guild_id: Id<GuildMarker>,
        name: &str,
        kind: ChannelType,
    ) -> Result<Channel, ControlError> {
        Ok(self.shared.mutate(|world| world.create_channel(guild_id, name, kind))?)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_emoji;

    #[test]
    fn emojis_are_unicode_or_name_and_id() {
        assert_eq!(parse_emoji("👍").unwrap().name.as_deref(), Some("👍"));
        let custom = parse_emoji("party:42").unwrap();
        assert_eq!(
            (custom.name.as_deref(), custom.id.map(accord_model::id::Id::get)),
            (Some("party"), Some(42))
        );
        assert!(parse_emoji("party:x").is_err() && parse_emoji("").is_err());
    }
}
