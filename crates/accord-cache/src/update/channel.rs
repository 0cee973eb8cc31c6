//! Channels and threads: create, update, delete, pins, voice status, thread syncs and the
//! current user's thread memberships.

use accord_model::channel::{Channel, ThreadMember};
use accord_model::gateway::event::{ChannelInfo, ThreadListSync, ThreadMembersUpdate};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker};
use accord_model::util::Timestamp;
use compact_str::CompactString;

use crate::InMemoryCache;
use crate::config::ResourceType;
use crate::hash::IdSet;
use crate::record::CachedChannel;

impl InMemoryCache {
    /// Stores a channel or thread, replacing the cached one. A thread update without the
    /// current user's membership keeps the one the cache had.
    pub(crate) fn put_channel(&self, channel: &Channel, guild_id: Option<Id<GuildMarker>>) {
        if !self.wants(ResourceType::CHANNEL) {
            return;
        }
        let mut record = CachedChannel::new(channel, guild_id);
        for user in channel.recipients.iter().flatten() {
            self.users.acquire(user);
        }
        let old = match self.channels.entry(channel.id.get()) {
            dashmap::Entry::Occupied(mut entry) => {
                if channel.member.is_none()
                    && let Some(member) = entry.get().thread_member()
                {
                    let member = member.clone();
                    record.change_rest(channel.id, |rest| rest.member = Some(member));
                }
                Some(entry.insert(record))
            }
            dashmap::Entry::Vacant(entry) => {
                entry.insert(record);
                None
            }
        };
        for user in old.iter().flat_map(CachedChannel::recipient_ids) {
            self.users.release(user);
        }
        if let Some(guild_id) = channel.guild_id.or(guild_id) {
            self.guild_entry(guild_id).channels.insert(channel.id.get());
        }
    }

    /// Removes a channel or thread and its messages.
    pub(crate) fn remove_channel(&self, id: Id<ChannelMarker>) {
        if let Some((_, record)) = self.channels.remove(&id.get()) {
            for user in record.recipient_ids() {
                self.users.release(user);
            }
            if let Some(guild_id) = record.guild_id()
                && let Some(mut entry) = self.guilds.get_mut(&guild_id.get())
            {
                entry.channels.remove(&id.get());
            }
        }
        self.drop_messages(id);
    }

    /// CHANNEL_DELETE: the channel, its messages, and its threads with theirs.
    pub(crate) fn on_channel_delete(&self, id: Id<ChannelMarker>) {
        let guild_id = self.channels.get(&id.get()).and_then(|channel| channel.guild_id());
        let threads = guild_id
            .map(|guild_id| self.threads_of(guild_id, |parent| parent == id))
            .unwrap_or_default();
        for thread in threads {
            self.remove_channel(thread);
        }
        self.remove_channel(id);
    }

    /// The guild's threads whose parent passes a test.
    fn threads_of(
        &self,
        guild_id: Id<GuildMarker>,
        parent: impl Fn(Id<ChannelMarker>) -> bool,
    ) -> Vec<Id<ChannelMarker>> {
        let ids: Vec<u64> = self
            .guilds
            .get(&guild_id.get())
            .map(|entry| entry.channels.iter().copied().collect())
            .unwrap_or_default();
        ids.into_iter()
            .filter_map(Id::new_checked)
            .filter(|id| {
                self.channels.get(&id.get()).is_some_and(|channel| {
                    channel.kind().is_thread() && channel.parent_id().is_some_and(&parent)
                })
            })
            .collect()
    }

    /// Changes a cached channel in place.
    fn change_channel(&self, id: Id<ChannelMarker>, change: impl FnOnce(&mut CachedChannel)) {
        if let Some(mut channel) = self.channels.get_mut(&id.get()) {
            change(&mut channel);
        }
    }

    pub(crate) fn on_pins_update(&self, id: Id<ChannelMarker>, time: Option<Timestamp>) {
        self.change_channel(id, |channel| channel.set_last_pin(time));
    }

    pub(crate) fn on_voice_status(&self, id: Id<ChannelMarker>, status: Option<&CompactString>) {
        self.change_channel(id, |channel| {
            channel.change_rest(id, |rest| rest.status = status.cloned());
        });
    }

    pub(crate) fn on_voice_start_time(&self, id: Id<ChannelMarker>, time: Option<u64>) {
        self.change_channel(id, |channel| {
            channel.change_rest(id, |rest| rest.voice_start_time = time);
        });
    }

    pub(crate) fn on_channel_info(&self, info: &ChannelInfo) {
        for channel in &info.channels {
            self.on_voice_status(channel.id, channel.status.as_ref());
            self.on_voice_start_time(channel.id, channel.voice_start_time);
        }
    }

    /// THREAD_LIST_SYNC: the active threads of some parents (of every channel without
    /// `channel_ids`); cached threads of those parents that are not in it are gone.
    pub(crate) fn on_thread_list_sync(&self, sync: &ThreadListSync) {
        if !self.wants(ResourceType::CHANNEL) {
            return;
        }
        let parents: Option<IdSet> =
            sync.channel_ids.as_ref().map(|ids| ids.iter().map(|id| id.get()).collect());
        let listed: IdSet = sync.threads.iter().map(|thread| thread.id.get()).collect();
        let stale = self.threads_of(sync.guild_id, |parent| {
            parents.as_ref().is_none_or(|p| p.contains(&parent.get()))
        });
        for thread in stale.into_iter().filter(|id| !listed.contains(&id.get())) {
            self.remove_channel(thread);
        }
        for thread in &sync.threads {
            self.put_channel(thread, Some(sync.guild_id));
        }
        for member in &sync.members {
            if let Some(id) = member.id {
                self.set_thread_member(id, Some(member));
            }
        }
    }

    /// THREAD_MEMBER_UPDATE: the current user's membership of a thread.
    pub(crate) fn on_thread_member_update(&self, member: &ThreadMember) {
        if let Some(id) = member.id {
            self.set_thread_member(id, Some(member));
        }
    }

    /// THREAD_MEMBERS_UPDATE: the member count, the current user's membership, and the
    /// guild members that came with the added thread members.
    pub(crate) fn on_thread_members_update(&self, update: &ThreadMembersUpdate) {
        let me = self.current_user_id();
        self.change_channel(update.id, |channel| {
            channel.change_rest(update.id, |rest| rest.member_count = Some(update.member_count));
        });
        for added in update.added_members.iter().flatten() {
            if let Some(member) = &added.member {
                self.put_member_in(update.guild_id, member);
            }
            if me.is_some() && added.user_id == me {
                self.set_thread_member(update.id, Some(added));
            }
        }
        if let Some(me) = me
            && update.removed_member_ids.iter().flatten().any(|id| *id == me)
        {
            self.set_thread_member(update.id, None);
        }
    }

    /// Sets the current user's membership of a thread, without the guild member it may carry
    /// (that goes to the member store).
    fn set_thread_member(&self, id: Id<ChannelMarker>, member: Option<&ThreadMember>) {
        let member = member.map(|member| {
            let mut member = member.clone();
            member.member = None;
            member
        });
        self.change_channel(id, |channel| channel.change_rest(id, |rest| rest.member = member));
    }
}
