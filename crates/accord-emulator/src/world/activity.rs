//! What users do that changes no object: typing, and presence (status and activities).

use accord_model::gateway::Event;
use accord_model::gateway::event::TypingStart;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::presence::{Activity, ClientStatus, Presence, Status};

use super::{World, WorldError};

impl World {
    /// Emits TYPING_START for a user in a channel (with the member in guild channels).
    pub(crate) fn start_typing(
        &mut self,
        channel_id: Id<ChannelMarker>,
        user_id: Id<UserMarker>,
        unix_secs: u64,
    ) -> Result<TypingStart, WorldError> {
        self.user(user_id)?;
        let guild_id = self.channel(channel_id)?.channel.guild_id;
        let mut typing = TypingStart::new(channel_id, user_id, unix_secs);
        typing.guild_id = guild_id;
        if let Some(guild_id) = guild_id {
            typing.member = Some(
                self.guild(guild_id)?
                    .members
                    .get(&user_id)
                    .cloned()
                    .ok_or(WorldError::UnknownMember)?,
            );
        }
        self.emit(Event::TypingStart(Box::new(typing.clone())), guild_id);
        Ok(typing)
    }

    /// Sets a user's presence in every guild they are a member of and emits PRESENCE_UPDATE in
    /// each. Returns the guilds it was sent for.
    pub(crate) fn set_presence(
        &mut self,
        user_id: Id<UserMarker>,
        status: &Status,
        activities: &[Activity],
    ) -> Result<Vec<Id<GuildMarker>>, WorldError> {
        self.user(user_id)?;
        let guild_ids: Vec<_> = self
            .guilds
            .iter()
            .filter(|(_, g)| g.members.contains_key(&user_id))
            .map(|(id, _)| *id)
            .collect();
        for guild_id in &guild_ids {
            let presence = presence(user_id, *guild_id, status.clone(), activities.to_vec());
            if let Some(state) = self.guilds.get_mut(guild_id) {
                state.presences.insert(user_id, presence.clone());
            }
            self.emit(Event::PresenceUpdate(Box::new(presence)), Some(*guild_id));
        }
        Ok(guild_ids)
    }

    /// Sets the bot's own presence (from IDENTIFY or op 3) in every guild, without events: the
    /// gateway does not echo a client's presence back to it.
    pub(crate) fn set_bot_presence(&mut self, status: &Status, activities: &[Activity]) {
        let bot = self.bot_id();
        for (guild_id, state) in &mut self.guilds {
            state
                .presences
                .insert(bot, presence(bot, *guild_id, status.clone(), activities.to_vec()));
        }
    }

    /// The presences of a guild.
    pub(crate) fn presences(&self, guild_id: Id<GuildMarker>) -> Result<Vec<Presence>, WorldError> {
        let mut presences: Vec<_> = self.guild(guild_id)?.presences.values().cloned().collect();
        presences.sort_by_key(|p| p.user.id);
        Ok(presences)
    }
}

fn presence(
    user_id: Id<UserMarker>,
    guild_id: Id<GuildMarker>,
    status: Status,
    activities: Vec<Activity>,
) -> Presence {
    let mut presence = Presence::new(user_id, status.clone());
    presence.guild_id = Some(guild_id);
    presence.activities = activities;
    let mut client = ClientStatus::default();
    if !matches!(status, Status::Offline | Status::Invisible) {
        client.desktop = Some(status);
    }
    presence.client_status = client;
    presence
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::Event;
    use accord_model::presence::{Activity, Status};

    use crate::config::WorldSpec;
    use crate::world::generate;

    #[test]
    fn presence_goes_to_every_guild_of_the_user_and_typing_carries_the_member() {
        let mut world =
            generate(&WorldSpec { guilds: 3, members_per_guild: 10, seed: 2, file: None }, "bot");
        let bot = world.bot_id();
        let user =
            *world.guilds.values().next().unwrap().members.keys().find(|u| **u != bot).unwrap();
        let expected = world.guilds.values().filter(|g| g.members.contains_key(&user)).count();
        let guilds = world.set_presence(user, &Status::Idle, &[Activity::playing("Go")]).unwrap();
        assert_eq!(guilds.len(), expected);
        let events = world.take_outbox();
        assert_eq!(events.len(), expected);
        assert!(
            events
                .iter()
                .all(|d| matches!(&d.event, Event::PresenceUpdate(p) if p.guild_id == d.guild_id))
        );
        let channel = world.guilds[&guilds[0]].channels[2];
        let typing = world.start_typing(channel, user, 1_700_000_000).unwrap();
        assert_eq!(typing.member.unwrap().user.id, user);
        assert!(world.start_typing(channel, world.ids.clone().next(), 1).is_err());
    }
}
