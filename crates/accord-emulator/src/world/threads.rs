//! Threads: opening them (from a message, alone, or as a forum post), their members, and the
//! events for each.

use accord_model::channel::{Channel, ThreadMember};
use accord_model::gateway::Event;
use accord_model::gateway::event::ThreadMembersUpdate;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, UserMarker};
use accord_model::message::MessageFlags;
use accord_model::util::Timestamp;

use super::{World, WorldError};

impl World {
    /// Opens a thread built by the caller, with `creator` as its first member, and emits
    /// THREAD_CREATE. A thread started from `starter` (a message of the parent) has the
    /// message's id, and the message gets the thread and HAS_THREAD (MESSAGE_UPDATE).
    pub(crate) fn open_thread(
        &mut self,
        mut thread: Channel,
        creator: Id<UserMarker>,
        starter: Option<Id<MessageMarker>>,
    ) -> Result<Channel, WorldError> {
        let now = Timestamp::now();
        let mut member = ThreadMember::new(thread.id, creator, now);
        member.member = None;
        thread.member_count = Some(1);
        thread.message_count = Some(0);
        thread.total_message_sent = Some(0);
        thread.newly_created = Some(true);
        thread.member = (creator == self.bot_id()).then(|| member.clone());
        self.extras.thread_members.entry(thread.id).or_default().insert(creator, member);
        let created = self.add_channel(thread.clone())?;
        if let (Some(message_id), Some(parent)) = (starter, thread.parent_id) {
            let mut listed = thread.clone();
            listed.newly_created = None;
            listed.member = None;
            self.edit_message_silently(parent, message_id, |message| {
                message.thread = Some(Box::new(listed));
                message.flags = Some(message.flags() | MessageFlags::HAS_THREAD);
            })?;
        }
        if let Some(state) = self.channels.get_mut(&created.id) {
            state.channel.newly_created = None;
            state.channel.member = None;
        }
        Ok(created)
    }

    /// The members of a thread.
    pub(crate) fn thread_members(&self, thread_id: Id<ChannelMarker>) -> Vec<ThreadMember> {
        self.extras
            .thread_members
            .get(&thread_id)
            .map(|members| members.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Adds a member to a thread and emits THREAD_MEMBERS_UPDATE (and THREAD_MEMBER_UPDATE
    /// when the bot joins). Joining twice changes nothing.
    pub(crate) fn join_thread(
        &mut self,
        thread_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<(), WorldError> {
        self.user(user_id)?;
        let thread = &self.channel(thread_id)?.channel;
        let guild_id = thread.guild_id.ok_or(WorldError::Code(50024))?;
        if !thread.is_thread() {
            return Err(WorldError::Code(50024));
        }
        if thread.thread_metadata.is_some_and(|m| m.archived) {
            return Err(WorldError::Code(50083));
        }
        let members = self.extras.thread_members.entry(thread_id).or_default();
        if members.contains_key(&user_id) {
            return Ok(());
        }
        let member = ThreadMember::new(thread_id, user_id, Timestamp::now());
        members.insert(user_id, member.clone());
        let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
        if let Some(state) = self.channels.get_mut(&thread_id) {
            state.channel.member_count = Some(count.min(50));
        }
        if user_id == self.bot_id() {
            self.emit(Event::ThreadMemberUpdate(Box::new(member.clone())), Some(guild_id));
        }
        let mut update = ThreadMembersUpdate::new(thread_id, guild_id, count);
        let mut added = member;
        added.member = self.guilds.get(&guild_id).and_then(|g| g.members.get(&user_id)).cloned();
        update.added_members = Some(vec![added]);
        self.emit(Event::ThreadMembersUpdate(Box::new(update)), Some(guild_id));
        Ok(())
    }

    /// Removes a member from a thread and emits THREAD_MEMBERS_UPDATE; 10007 when they were
    /// not in it.
    pub(crate) fn leave_thread(
        &mut self,
        thread_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<(), WorldError> {
        let thread = &self.channel(thread_id)?.channel;
        let guild_id = thread.guild_id.ok_or(WorldError::Code(50024))?;
        if thread.thread_metadata.is_some_and(|m| m.archived) {
            return Err(WorldError::Code(50083));
        }
        let members = self.extras.thread_members.entry(thread_id).or_default();
        members.remove(&user_id).ok_or(WorldError::UnknownMember)?;
        let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
        if let Some(state) = self.channels.get_mut(&thread_id) {
            state.channel.member_count = Some(count.min(50));
        }
        let mut update = ThreadMembersUpdate::new(thread_id, guild_id, count);
        update.removed_member_ids = Some(vec![user_id]);
        self.emit(Event::ThreadMembersUpdate(Box::new(update)), Some(guild_id));
        Ok(())
    }
}
