//! GUILD_CREATE as the gateway sends it: the guild with its channels, threads, roles, voice
//! states, and the members and presences a session's intents and `large_threshold` allow.

use accord_model::gateway::Intents;
use accord_model::guild::{Guild, Member, Role, RoleColors};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use accord_model::presence::{Presence, Status};

use super::{GuildState, World};

/// Above this many members Discord sends only the bot and voice members, whatever the intents.
const HUGE_GUILD: u64 = 75_000;

/// How one session sees guilds: its intents and its `large_threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct View {
    pub(crate) intents: Intents,
    pub(crate) large_threshold: u64,
}

impl World {
    /// The guild with every member and presence, as a world change announces it; the registry
    /// cuts it down for each session with [`tailor`].
    pub(crate) fn full_guild(&self, guild_id: Id<GuildMarker>) -> Option<Guild> {
        let state = self.guilds.get(&guild_id)?;
        let mut guild = state.guild.clone();
        guild.roles.iter_mut().for_each(complete_role);
        let bot = self.bot_id();
        guild.joined_at = state.members.get(&bot).and_then(|m| m.joined_at);
        guild.member_count = Some(state.members.len() as u64);
        guild.unavailable = Some(false);
        let (channels, threads) = state
            .channels
            .iter()
            .filter_map(|id| self.channels.get(id))
            .map(|c| {
                let mut channel = c.channel.clone();
                // GUILD_CREATE's channels and threads leave out the guild id they belong to.
                channel.guild_id = None;
                channel
            })
            .partition(|c| !c.kind.is_thread());
        guild.channels = Some(channels);
        guild.threads = Some(threads);
        guild.members = Some(state.members.values().cloned().collect());
        guild.presences = Some(presences(state).cloned().collect());
        guild.voice_states = Some(
            state
                .voice_states
                .values()
                .map(|v| {
                    let mut voice = v.clone();
                    voice.guild_id = None;
                    voice
                })
                .collect(),
        );
        guild.stage_instances = Some(Vec::new());
        guild.guild_scheduled_events = Some(Vec::new());
        guild.soundboard_sounds = Some(state.guild.soundboard_sounds.clone().unwrap_or_default());
        guild.stickers = Some(state.guild.stickers.clone().unwrap_or_default());
        Some(guild)
    }

    /// Fills in what Discord always sends but the constructors leave out (a role's `colors`),
    /// for every role of every guild.
    pub(crate) fn complete_roles(&mut self) {
        for state in self.guilds.values_mut() {
            state.guild.roles.iter_mut().for_each(complete_role);
        }
    }

    /// The GUILD_CREATE one session receives for a guild.
    pub(crate) fn guild_create_for(&self, guild_id: Id<GuildMarker>, view: View) -> Option<Guild> {
        self.full_guild(guild_id).map(|guild| tailor(&guild, view, self.bot_id()))
    }
}

/// Discord sends `colors` with every role; its primary color is the legacy `color`.
pub(crate) fn complete_role(role: &mut Role) {
    if role.colors.is_none() {
        role.colors = Some(RoleColors::new(role.color));
    }
}

/// The presences worth sending: everyone who is not offline.
fn presences(state: &GuildState) -> impl Iterator<Item = &Presence> {
    state.presences.values().filter(|p| is_online(&p.status))
}

fn is_online(status: &Status) -> bool {
    !matches!(status, Status::Offline | Status::Invisible)
}

/// Cuts a full GUILD_CREATE guild down to what a session may see (PROTOCOL.md section 10):
/// without GUILD_PRESENCES, or in a guild of more than 75,000 members, only the bot and the
/// members in voice channels and no presences; above `large_threshold` members, only members
/// who are online or in voice (and the bot); otherwise everyone.
pub(crate) fn tailor(guild: &Guild, view: View, bot: Id<UserMarker>) -> Guild {
    let mut guild = guild.clone();
    let count = guild.member_count.unwrap_or(0);
    let large = count > view.large_threshold;
    guild.large = Some(large);
    let in_voice = |user: Id<UserMarker>| {
        guild.voice_states.iter().flatten().any(|v| v.user_id == user && v.channel_id.is_some())
    };
    let online = |user: Id<UserMarker>| {
        guild.presences.iter().flatten().any(|p| p.user.id == user && is_online(&p.status))
    };
    let presences_allowed = view.intents.contains(Intents::GUILD_PRESENCES) && count <= HUGE_GUILD;
    let keep = |member: &Member| {
        let user = member.user.id;
        if user == bot || in_voice(user) {
            true
        } else if !presences_allowed {
            false
        } else {
            !large || online(user)
        }
    };
    let members: Vec<Member> =
        guild.members.iter().flatten().filter(|m| keep(m)).cloned().collect();
    let presences: Vec<Presence> = if presences_allowed {
        guild
            .presences
            .iter()
            .flatten()
            .filter(|p| members.iter().any(|m| m.user.id == p.user.id))
            .cloned()
            .collect()
    } else {
        Vec::new()
    };
    guild.members = Some(members);
    guild.presences = Some(presences);
    guild
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::Intents;

    use super::View;
    use crate::config::WorldSpec;
    use crate::world::generate;

    #[test]
    fn members_and_presences_follow_intents_and_large_threshold() {
        let world =
            generate(&WorldSpec { guilds: 1, members_per_guild: 80, seed: 4, file: None }, "bot");
        let guild_id = *world.guilds.keys().next().unwrap();
        let state = &world.guilds[&guild_id];
        let online = state.presences.values().filter(|p| super::is_online(&p.status)).count();
        assert!(online > 0 && online < 80, "the generator mixes online and offline members");

        let all = Intents::GUILDS | Intents::GUILD_PRESENCES | Intents::GUILD_MEMBERS;
        let small = world.guild_create_for(guild_id, View { intents: all, large_threshold: 250 });
        let small = small.unwrap();
        assert_eq!(small.members.as_ref().unwrap().len(), 81);
        assert_eq!(small.presences.as_ref().unwrap().len(), online);
        assert_eq!((small.large, small.member_count), (Some(false), Some(81)));

        let large = world.guild_create_for(guild_id, View { intents: all, large_threshold: 50 });
        let large = large.unwrap();
        assert_eq!(large.large, Some(true));
        assert_eq!(large.members.as_ref().unwrap().len(), online + 1, "online members and the bot");

        let without = world
            .guild_create_for(guild_id, View { intents: Intents::GUILDS, large_threshold: 250 })
            .unwrap();
        let members = without.members.unwrap();
        assert_eq!(members.len(), 1, "only the bot");
        assert_eq!(members[0].user.id, world.bot_id());
        assert!(without.presences.unwrap().is_empty());
        assert!(small.channels.unwrap().iter().all(|c| c.guild_id.is_none()));
    }
}
