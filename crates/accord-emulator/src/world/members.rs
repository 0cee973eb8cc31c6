//! Users, guilds, channels and memberships made on request (by tests and the control API),
//! with the events Discord sends for them.

use std::collections::{BTreeMap, HashMap};

use accord_model::channel::{Channel, ChannelType};
use accord_model::gateway::Event;
use accord_model::gateway::event::{GuildCreate, GuildMemberRemove};
use accord_model::guild::{Guild, Member, Role};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::user::User;
use accord_model::util::Timestamp;

use super::generate::{BOT_ROLE, EVERYONE};
use super::{ChannelState, GuildState, World, WorldError};

impl World {
    /// Creates a user. Users exist outside guilds until they join one.
    pub(crate) fn create_user(&mut self, username: &str, bot: bool) -> User {
        let mut user = User::new(self.ids.next(), username);
        user.bot = bot.then_some(true);
        self.users.insert(user.id, user.clone());
        user
    }

    /// Creates a guild owned by `owner` (the bot when `None`) with the bot as a member, an
    /// @everyone role, the bot's managed role, a `general` text channel and a `Lounge` voice
    /// channel, and emits GUILD_CREATE.
    pub(crate) fn create_guild(
        &mut self,
        name: &str,
        owner: Option<Id<UserMarker>>,
    ) -> Result<Guild, WorldError> {
        let owner_id = match owner {
            Some(owner) => self.user(owner)?.id,
            None => self.bot_id(),
        };
        let guild_id: Id<GuildMarker> = self.ids.next();
        let bot_role = self.ids.next();
        let mut guild = Guild::new(guild_id, name, owner_id);
        let mut managed = Role::new(bot_role, self.application.name.as_str(), BOT_ROLE);
        managed.managed = true;
        managed.position = 1;
        guild.roles = vec![Role::new(guild_id.cast(), "@everyone", EVERYONE), managed];
        guild.roles.iter_mut().for_each(super::guild_create::complete_role);
        let mut members = BTreeMap::new();
        let mut bot_member = Member::new(self.application.bot.clone(), Some(Timestamp::now()));
        bot_member.roles.push(bot_role);
        members.insert(self.bot_id(), bot_member);
        if owner_id != self.bot_id() {
            let user = self.user(owner_id)?.clone();
            members.insert(owner_id, Member::new(user, Some(Timestamp::now())));
        }
        let general = Channel::guild_text(self.ids.next(), guild_id, "general");
        let mut lounge = Channel::new(self.ids.next(), ChannelType::GuildVoice);
        lounge.guild_id = Some(guild_id);
        lounge.name = Some("Lounge".into());
        lounge.position = Some(0);
        lounge.bitrate = Some(64_000);
        lounge.user_limit = Some(0);
        lounge.permission_overwrites = Some(Vec::new());
        guild.system_channel_id = Some(general.id);
        let channel_ids = vec![general.id, lounge.id];
        for channel in [general, lounge] {
            self.channels.insert(channel.id, ChannelState { channel, messages: BTreeMap::new() });
        }
        self.guilds.insert(
            guild_id,
            GuildState {
                guild: guild.clone(),
                members,
                channels: channel_ids,
                presences: HashMap::new(),
                voice_states: HashMap::new(),
            },
        );
        if let Some(full) = self.full_guild(guild_id) {
            self.emit(Event::GuildCreate(Box::new(GuildCreate::Available(full))), Some(guild_id));
        }
        Ok(guild)
    }

    /// Creates a channel in a guild and emits CHANNEL_CREATE.
    pub(crate) fn create_channel(
        &mut self,
        guild_id: Id<GuildMarker>,
        name: &str,
        kind: ChannelType,
    ) -> Result<Channel, WorldError> {
        let position = self.guild(guild_id)?.channels.len();
        let id: Id<ChannelMarker> = self.ids.next();
        let mut channel = Channel::guild_text(id, guild_id, name);
        channel.kind = kind;
        channel.position = Some(i32::try_from(position).unwrap_or(i32::MAX));
        if kind.is_voice() {
            channel.topic = None;
            channel.bitrate = Some(64_000);
            channel.user_limit = Some(0);
        }
        self.guild_mut(guild_id)?.channels.push(id);
        self.channels
            .insert(id, ChannelState { channel: channel.clone(), messages: BTreeMap::new() });
        self.emit(Event::ChannelCreate(Box::new(channel.clone())), Some(guild_id));
        Ok(channel)
    }

    /// Makes a user a member of a guild and emits GUILD_MEMBER_ADD. Joining twice is an
    /// error-free no-op that returns the existing member without an event.
    pub(crate) fn join_guild(
        &mut self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<Member, WorldError> {
        let user = self.user(user_id)?.clone();
        let state = self.guild_mut(guild_id)?;
        if let Some(member) = state.members.get(&user_id) {
            return Ok(member.clone());
        }
        let member = Member::new(user, Some(Timestamp::now()));
        state.members.insert(user_id, member.clone());
        self.emit(Event::GuildMemberAdd(Box::new(member.clone())), Some(guild_id));
        Ok(member)
    }

    /// Removes a member from a guild (with their presence and voice state there) and emits
    /// GUILD_MEMBER_REMOVE.
    pub(crate) fn leave_guild(
        &mut self,
        guild_id: Id<GuildMarker>,
        user_id: Id<UserMarker>,
    ) -> Result<(), WorldError> {
        let state = self.guild_mut(guild_id)?;
        let member = state.members.remove(&user_id).ok_or(WorldError::UnknownMember)?;
        state.presences.remove(&user_id);
        state.voice_states.remove(&user_id);
        self.emit(
            Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(guild_id, member.user))),
            Some(guild_id),
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use accord_model::channel::ChannelType;

    use crate::config::WorldSpec;
    use crate::world::generate;

    #[test]
    fn guilds_members_and_channels_are_made_with_their_events() {
        let mut world =
            generate(&WorldSpec { guilds: 0, members_per_guild: 0, seed: 1, file: None }, "bot");
        let alice = world.create_user("alice", false);
        let guild = world.create_guild("Made", Some(alice.id)).unwrap();
        let state = &world.guilds[&guild.id];
        assert_eq!(state.members.len(), 2, "the owner and the bot");
        assert_eq!(state.channels.len(), 2);
        let bob = world.create_user("bob", false);
        world.join_guild(guild.id, bob.id).unwrap();
        world.join_guild(guild.id, bob.id).unwrap();
        world.create_channel(guild.id, "extra", ChannelType::GuildText).unwrap();
        world.leave_guild(guild.id, bob.id).unwrap();
        assert!(world.leave_guild(guild.id, bob.id).is_err());
        let names: Vec<_> = world.take_outbox().iter().map(|d| d.event.name().to_owned()).collect();
        assert_eq!(
            names,
            ["GUILD_CREATE", "GUILD_MEMBER_ADD", "CHANNEL_CREATE", "GUILD_MEMBER_REMOVE"]
        );
        assert!(matches!(world.full_guild(guild.id).unwrap().channels.as_deref(), Some([_, _, _])));
    }
}
