//! Channels and threads as compact records.

use accord_model::channel::{Channel, ChannelFlags, ChannelType, PermissionOverwrite};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, MessageMarker, UserMarker};
use accord_model::user::User;
use accord_model::util::Timestamp;
use compact_str::CompactString;

use crate::compact::{opt_bool_in, opt_bool_out, string_heap, time_in, time_out};

/// Shift of the two bits of `nsfw`.
const NSFW: u32 = 0;
const POSITION: u16 = 1 << 2;
const RATE_LIMIT: u16 = 1 << 3;
const FLAGS: u16 = 1 << 4;
const BITRATE: u16 = 1 << 5;
const USER_LIMIT: u16 = 1 << 6;

/// A channel or thread, 120 bytes: what text and voice channels carry inline, overwrites as a
/// boxed slice, and the fields of threads, forums and DMs in a boxed rest. The users of a DM
/// are in the user store; the rest keeps only their ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedChannel {
    name: Option<CompactString>,
    topic: Option<Box<str>>,
    overwrites: Option<Box<[PermissionOverwrite]>>,
    guild_id: Option<Id<GuildMarker>>,
    parent_id: Option<Id<ChannelMarker>>,
    last_message_id: Option<Id<MessageMarker>>,
    last_pin: i64,
    rest: Option<Box<Channel>>,
    position: i32,
    flags: u32,
    bitrate: u32,
    user_limit: u32,
    rate_limit: u16,
    bits: u16,
    kind: u8,
}

impl CachedChannel {
    /// A channel's compact form; `guild_id` fills in the guild GUILD_CREATE leaves out.
    pub(crate) fn new(channel: &Channel, guild_id: Option<Id<GuildMarker>>) -> Self {
        let mut rest = channel.clone();
        // THREAD_CREATE's flag says what the event is, not what the thread is.
        rest.newly_created = None;
        let mut bits = opt_bool_in(rest.nsfw.take(), NSFW);
        let position = rest.position.take().map_or(0, |p| {
            bits |= POSITION;
            p
        });
        let mut take = |value: Option<u32>, bit: u16| {
            value.map_or(0, |value| {
                bits |= bit;
                value
            })
        };
        let bitrate = take(rest.bitrate.take(), BITRATE);
        let user_limit = take(rest.user_limit.take(), USER_LIMIT);
        let rate_limit = take(rest.rate_limit_per_user.take().map(u32::from), RATE_LIMIT);
        let mut flags = 0;
        if let Some(value) = rest.flags
            && let Ok(value) = u32::try_from(value.bits())
        {
            flags = value;
            bits |= FLAGS;
            rest.flags = None;
        }
        if let Some(recipients) = &mut rest.recipients {
            for user in recipients.iter_mut() {
                *user = User::new(user.id, "");
            }
        }
        let record = Self {
            name: rest.name.take(),
            topic: rest.topic.take().map(String::into_boxed_str),
            overwrites: rest.permission_overwrites.take().map(Vec::into_boxed_slice),
            guild_id: rest.guild_id.take().or(guild_id),
            parent_id: rest.parent_id.take(),
            last_message_id: rest.last_message_id.take(),
            last_pin: time_in(rest.last_pin_timestamp.take()),
            rest: None,
            position,
            flags,
            bitrate,
            user_limit,
            rate_limit: u16::try_from(rate_limit).unwrap_or(u16::MAX),
            bits,
            kind: channel.kind.value(),
        };
        Self {
            rest: (rest != Channel::new(channel.id, channel.kind)).then(|| Box::new(rest)),
            ..record
        }
    }

    /// The channel as the model's type; `user` gives the users of a DM from the user store.
    pub(crate) fn to_channel(
        &self,
        id: Id<ChannelMarker>,
        mut user: impl FnMut(Id<UserMarker>) -> Option<User>,
    ) -> Channel {
        let mut channel =
            self.rest.as_deref().cloned().unwrap_or_else(|| Channel::new(id, self.kind()));
        channel.name.clone_from(&self.name);
        channel.topic = self.topic.as_deref().map(str::to_owned);
        channel.permission_overwrites = self.overwrites.as_deref().map(<[_]>::to_vec);
        channel.guild_id = self.guild_id;
        channel.parent_id = self.parent_id;
        channel.last_message_id = self.last_message_id;
        channel.last_pin_timestamp = time_out(self.last_pin);
        channel.nsfw = opt_bool_out(self.bits, NSFW);
        channel.position = (self.bits & POSITION != 0).then_some(self.position);
        channel.bitrate = (self.bits & BITRATE != 0).then_some(self.bitrate);
        channel.user_limit = (self.bits & USER_LIMIT != 0).then_some(self.user_limit);
        channel.rate_limit_per_user = (self.bits & RATE_LIMIT != 0).then_some(self.rate_limit);
        if self.bits & FLAGS != 0 {
            channel.flags = Some(ChannelFlags::from_bits_retain(u64::from(self.flags)));
        }
        if let Some(recipients) = &mut channel.recipients {
            for recipient in recipients.iter_mut() {
                if let Some(full) = user(recipient.id) {
                    *recipient = full;
                }
            }
        }
        channel
    }

    /// The channel's type.
    pub fn kind(&self) -> ChannelType {
        ChannelType::from_value(self.kind)
    }

    /// The name.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The topic.
    pub fn topic(&self) -> Option<&str> {
        self.topic.as_deref()
    }

    /// The guild, for guild channels.
    pub const fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.guild_id
    }

    /// The category of a channel, or the channel of a thread.
    pub const fn parent_id(&self) -> Option<Id<ChannelMarker>> {
        self.parent_id
    }

    /// The position among the guild's channels.
    pub fn position(&self) -> Option<i32> {
        (self.bits & POSITION != 0).then_some(self.position)
    }

    /// The permission overwrites.
    pub fn permission_overwrites(&self) -> &[PermissionOverwrite] {
        self.overwrites.as_deref().unwrap_or_default()
    }

    /// The last message sent.
    pub const fn last_message_id(&self) -> Option<Id<MessageMarker>> {
        self.last_message_id
    }

    /// The users of a DM or group DM, by id.
    pub fn recipient_ids(&self) -> impl Iterator<Item = Id<UserMarker>> + '_ {
        self.rest.iter().flat_map(|rest| rest.recipients.iter().flatten().map(|user| user.id))
    }

    /// The thread part of a thread: whether it is archived and since when.
    pub fn thread_metadata(&self) -> Option<&accord_model::channel::ThreadMetadata> {
        self.rest.as_ref()?.thread_metadata.as_ref()
    }

    /// Records a new message.
    pub(crate) fn set_last_message(&mut self, id: Id<MessageMarker>) {
        if self.last_message_id.is_none_or(|last| last < id) {
            self.last_message_id = Some(id);
        }
    }

    /// Records a pin.
    pub(crate) fn set_last_pin(&mut self, time: Option<Timestamp>) {
        self.last_pin = time_in(time);
    }

    /// Changes fields kept in the rest (thread members, voice status).
    pub(crate) fn change_rest(&mut self, id: Id<ChannelMarker>, change: impl FnOnce(&mut Channel)) {
        let kind = self.kind();
        let mut rest = self.rest.take().map_or_else(|| Channel::new(id, kind), |rest| *rest);
        change(&mut rest);
        if rest != Channel::new(id, kind) {
            self.rest = Some(Box::new(rest));
        }
    }

    /// The current user's thread membership.
    pub(crate) fn thread_member(&self) -> Option<&accord_model::channel::ThreadMember> {
        self.rest.as_ref()?.member.as_ref()
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.name.as_ref().map_or(0, string_heap)
            + self.topic.as_ref().map_or(0, |topic| topic.len())
            + self.overwrites.as_ref().map_or(0, |o| size_of_val::<[PermissionOverwrite]>(o))
            + self.rest.as_ref().map_or(0, |rest| {
                size_of::<Channel>()
                    + rest.recipients.as_ref().map_or(0, |r| r.len() * size_of::<User>())
            })
    }
}

#[cfg(test)]
mod tests {
    use accord_model::channel::{Channel, ChannelType, PermissionOverwrite};
    use accord_model::id::Id;
    use accord_model::permissions::Permissions;
    use accord_model::user::User;

    use super::CachedChannel;

    #[test]
    fn text_and_voice_channels_need_no_rest() {
        assert!(size_of::<CachedChannel>() <= 120, "{}", size_of::<CachedChannel>());
        let mut text = Channel::guild_text(Id::new(2), Id::new(1), "general");
        text.topic = Some("talk".into());
        text.permission_overwrites = Some(vec![PermissionOverwrite::role(
            Id::new(1),
            Permissions::empty(),
            Permissions::VIEW_CHANNEL,
        )]);
        let cached = CachedChannel::new(&text, None);
        assert!(cached.rest.is_none());
        assert_eq!(cached.to_channel(text.id, |_| None), text);

        let mut voice = Channel::guild_text(Id::new(3), Id::new(1), "voice");
        voice.kind = ChannelType::GuildVoice;
        voice.bitrate = Some(64_000);
        voice.user_limit = Some(0);
        let cached = CachedChannel::new(&voice, None);
        assert!(cached.rest.is_none());
        assert_eq!(cached.to_channel(voice.id, |_| None), voice);
    }

    #[test]
    fn dm_users_come_from_the_user_store() {
        let mut alice = User::new(Id::new(7), "alice");
        alice.global_name = Some("Alice".into());
        let dm = Channel::dm(Id::new(5), alice.clone());
        let cached = CachedChannel::new(&dm, None);
        assert_eq!(cached.recipient_ids().collect::<Vec<_>>(), vec![Id::new(7)]);
        assert_eq!(cached.to_channel(dm.id, |id| (id == alice.id).then(|| alice.clone())), dm);
    }

    #[test]
    fn guild_create_channels_get_their_guild() {
        let mut channel = Channel::guild_text(Id::new(2), Id::new(1), "general");
        channel.guild_id = None;
        assert_eq!(CachedChannel::new(&channel, Some(Id::new(1))).guild_id(), Some(Id::new(1)));
    }
}
