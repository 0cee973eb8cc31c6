//! A seeded generator of realistic worlds: the same seed always gives the same guilds, users,
//! roles, channels, members and presences.

use std::collections::{BTreeMap, HashMap};

use accord_model::channel::{Channel, ChannelType, PermissionOverwrite};
use accord_model::guild::{Guild, Member, Role};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::permissions::Permissions as P;
use accord_model::presence::{Activity, Presence, Status};
use accord_model::user::User;
use accord_model::util::{ImageHash, Timestamp};

use super::{ChannelState, GuildState, IdGen, World};
use crate::config::WorldSpec;

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) const fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// `true` with probability `percent` / 100.
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "below(n) is less than n and every caller passes a non-empty constant list"
    )]
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        #[allow(clippy::cast_possible_truncation, reason = "below() is less than the slice length")]
        &items[self.below(items.len() as u64) as usize]
    }

    pub(crate) fn hash(&mut self) -> ImageHash {
        let mut bytes = [0; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        ImageHash::new(bytes, false)
    }
}

const ADJECTIVES: &[&str] = &[
    "quiet", "brave", "lucky", "swift", "sleepy", "cosmic", "fuzzy", "mellow", "rusty", "sunny",
    "witty", "bold", "calm", "eager", "gentle", "jolly", "nimble", "proud", "silly", "zesty",
];
const NOUNS: &[&str] = &[
    "otter", "falcon", "panda", "comet", "maple", "ember", "harbor", "pixel", "walrus", "badger",
    "cedar", "lynx", "nebula", "pebble", "quokka", "raven", "sparrow", "tiger", "violet", "yak",
];
const GAMES: &[&str] =
    &["Chess", "Minecraft", "Factorio", "Celeste", "Hades", "Tetris", "Stardew Valley"];

/// The permissions @everyone has in a generated guild.
pub(crate) const EVERYONE: P = P::VIEW_CHANNEL
    .union(P::SEND_MESSAGES)
    .union(P::READ_MESSAGE_HISTORY)
    .union(P::ADD_REACTIONS)
    .union(P::EMBED_LINKS)
    .union(P::ATTACH_FILES)
    .union(P::USE_EXTERNAL_EMOJIS)
    .union(P::CONNECT)
    .union(P::SPEAK)
    .union(P::USE_VAD)
    .union(P::CHANGE_NICKNAME)
    .union(P::CREATE_INSTANT_INVITE)
    .union(P::USE_APPLICATION_COMMANDS)
    .union(P::SEND_MESSAGES_IN_THREADS)
    .union(P::CREATE_PUBLIC_THREADS);

/// What the bot's managed role grants: enough to moderate, not administrator, so that
/// permission checks matter.
pub(crate) const BOT_ROLE: P = P::VIEW_CHANNEL
    .union(P::SEND_MESSAGES)
    .union(P::READ_MESSAGE_HISTORY)
    .union(P::EMBED_LINKS)
    .union(P::ATTACH_FILES)
    .union(P::ADD_REACTIONS)
    .union(P::MANAGE_MESSAGES)
    .union(P::MANAGE_ROLES)
    .union(P::MANAGE_CHANNELS)
    .union(P::MANAGE_NICKNAMES)
    .union(P::KICK_MEMBERS)
    .union(P::BAN_MEMBERS)
    .union(P::MODERATE_MEMBERS)
    .union(P::MANAGE_THREADS)
    .union(P::MANAGE_WEBHOOKS)
    .union(P::CREATE_PUBLIC_THREADS)
    .union(P::SEND_MESSAGES_IN_THREADS);

const MODERATOR: P = P::KICK_MEMBERS
    .union(P::BAN_MEMBERS)
    .union(P::MANAGE_MESSAGES)
    .union(P::MANAGE_NICKNAMES)
    .union(P::MODERATE_MEMBERS)
    .union(P::MANAGE_THREADS)
    .union(P::VIEW_AUDIT_LOG);

/// The names of the generated text channels, in order; `read-only` denies SEND_MESSAGES to
/// @everyone (and so to the bot), `mod-log` is hidden from @everyone.
pub(crate) const TEXT_CHANNELS: &[&str] =
    &["general", "random", "announcements", "read-only", "mod-log"];

/// Generates a world from a spec. The start time is fixed so that ids repeat across runs.
#[allow(
    clippy::too_many_lines,
    reason = "one pass over users, then guilds, in the order ids are made"
)]
pub(crate) fn generate(spec: &WorldSpec, application_name: &str) -> World {
    let mut rng = Rng::new(spec.seed);
    let mut world = World::new(
        IdGen::seeded(1_700_000_000_000 + (spec.seed % 1_000_000) * 1_000),
        application_name,
    );
    let base_time = Timestamp::from_secs(1_600_000_000);

    let pool = (u64::from(spec.members_per_guild) * u64::from(spec.guilds) * 3 / 4)
        .max(u64::from(spec.members_per_guild));
    let users: Vec<Id<UserMarker>> = (0..pool)
        .map(|i| {
            let id = world.ids.next();
            let username = format!("{}_{}{}", rng.pick(ADJECTIVES), rng.pick(NOUNS), i);
            let mut user = User::new(id, username.as_str());
            user.global_name = rng.chance(70).then(|| {
                format!(
                    "{} {}",
                    capitalize(rng.pick::<&str>(ADJECTIVES)),
                    capitalize(rng.pick::<&str>(NOUNS))
                )
                .into()
            });
            user.avatar = rng.chance(80).then(|| rng.hash());
            user.public_flags = Some(accord_model::user::UserFlags::empty());
            world.users.insert(id, user);
            id
        })
        .collect();

    for g in 0..spec.guilds {
        let guild_id: Id<GuildMarker> = world.ids.next();
        let members = pick_members(&mut rng, &users, spec.members_per_guild);
        let owner = members.first().copied().unwrap_or_else(|| world.bot_id());
        let mut guild = Guild::new(
            guild_id,
            format!(
                "{} {} {}",
                capitalize(rng.pick::<&str>(ADJECTIVES)),
                capitalize(rng.pick::<&str>(NOUNS)),
                g + 1
            ),
            owner,
        );
        guild.icon = Some(rng.hash());
        let moderator_role = world.ids.next();
        let member_role = world.ids.next();
        let bot_role = world.ids.next();
        let mut bot_managed = Role::new(bot_role, application_name, BOT_ROLE);
        bot_managed.managed = true;
        bot_managed.position = 3;
        let mut moderator = Role::new(moderator_role, "Moderator", MODERATOR);
        moderator.position = 2;
        moderator.hoist = true;
        moderator.color = 0x00E6_7E22;
        let mut member = Role::new(member_role, "Member", P::empty());
        member.position = 1;
        guild.roles =
            vec![Role::new(guild_id.cast(), "@everyone", EVERYONE), member, moderator, bot_managed];

        let mut state = GuildState {
            guild,
            members: BTreeMap::new(),
            channels: Vec::new(),
            presences: HashMap::new(),
            voice_states: HashMap::new(),
        };
        let mut bot_member = Member::new(world.application.bot.clone(), Some(base_time));
        bot_member.roles = vec![bot_role];
        state.members.insert(world.bot_id(), bot_member);
        for (i, user_id) in members.iter().enumerate() {
            let Some(user) = world.users.get(user_id).cloned() else { continue };
            #[allow(clippy::cast_possible_wrap, reason = "small offsets")]
            let mut member =
                Member::new(user, Some(base_time.add_micros(i as i64 * 3_600_000_000)));
            member.roles.push(member_role);
            if rng.chance(5) || i == 1 {
                member.roles.push(moderator_role);
            }
            member.nick = rng.chance(15).then(|| format!("nick {}", rng.pick(NOUNS)).into());
            state.members.insert(*user_id, member);
            if rng.chance(60) {
                let status = rng
                    .pick(&[Status::Online, Status::Online, Status::Idle, Status::DoNotDisturb])
                    .clone();
                let mut presence = Presence::new(*user_id, status);
                presence.guild_id = Some(guild_id);
                if rng.chance(40) {
                    presence.activities.push(Activity::playing(*rng.pick(GAMES)));
                }
                state.presences.insert(*user_id, presence);
            }
        }

        let text_category: Id<ChannelMarker> = world.ids.next();
        let voice_category: Id<ChannelMarker> = world.ids.next();
        let mut channels = vec![
            category(text_category, guild_id, "Text Channels", 0),
            category(voice_category, guild_id, "Voice Channels", 1),
        ];
        for (position, name) in TEXT_CHANNELS.iter().enumerate() {
            let mut channel = Channel::guild_text(world.ids.next(), guild_id, *name);
            channel.parent_id = Some(text_category);
            channel.position = Some(i32::try_from(position).unwrap_or(0));
            channel.topic = Some(format!("The {name} channel"));
            match *name {
                "announcements" => channel.kind = ChannelType::GuildAnnouncement,
                "read-only" => {
                    channel.permission_overwrites = Some(vec![PermissionOverwrite::role(
                        guild_id.cast(),
                        P::empty(),
                        P::SEND_MESSAGES,
                    )]);
                }
                "mod-log" => {
                    channel.permission_overwrites = Some(vec![
                        PermissionOverwrite::role(guild_id.cast(), P::empty(), P::VIEW_CHANNEL),
                        PermissionOverwrite::role(moderator_role, P::VIEW_CHANNEL, P::empty()),
                    ]);
                }
                _ => {}
            }
            channels.push(channel);
        }
        let mut lounge = Channel::new(world.ids.next(), ChannelType::GuildVoice);
        lounge.guild_id = Some(guild_id);
        lounge.name = Some("Lounge".into());
        lounge.parent_id = Some(voice_category);
        lounge.position = Some(0);
        lounge.bitrate = Some(64_000);
        lounge.user_limit = Some(0);
        lounge.permission_overwrites = Some(Vec::new());
        channels.push(lounge);

        state.guild.system_channel_id = channels.get(2).map(|c| c.id);
        for channel in channels {
            state.channels.push(channel.id);
            world.channels.insert(channel.id, ChannelState { channel, messages: BTreeMap::new() });
        }
        world.guilds.insert(guild_id, state);
    }
    world.ids.follow_clock();
    world
}

fn category(
    id: Id<ChannelMarker>,
    guild_id: Id<GuildMarker>,
    name: &str,
    position: i32,
) -> Channel {
    let mut channel = Channel::new(id, ChannelType::GuildCategory);
    channel.guild_id = Some(guild_id);
    channel.name = Some(name.into());
    channel.position = Some(position);
    channel.permission_overwrites = Some(Vec::new());
    channel
}

fn pick_members(rng: &mut Rng, users: &[Id<UserMarker>], count: u32) -> Vec<Id<UserMarker>> {
    let count = usize::try_from(count).unwrap_or(usize::MAX).min(users.len());
    let mut picked = Vec::with_capacity(count);
    let mut taken = std::collections::HashSet::with_capacity(count);
    while picked.len() < count {
        let user = *rng.pick(users);
        if taken.insert(user) {
            picked.push(user);
        }
    }
    picked
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::generate;
    use crate::config::WorldSpec;

    #[test]
    fn the_same_seed_gives_the_same_world() {
        let spec = WorldSpec { guilds: 3, members_per_guild: 40, seed: 9, file: None };
        let (a, b) = (generate(&spec, "bot"), generate(&spec, "bot"));
        let ids = |w: &super::World| {
            w.guilds
                .values()
                .map(|g| (g.guild.id, g.members.keys().copied().collect::<Vec<_>>()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
        assert_eq!(a.guilds.len(), 3);
        assert!(
            a.guilds.values().all(|g| g.members.len() == 41 && g.members.contains_key(&a.bot_id()))
        );
        let other = generate(&WorldSpec { seed: 10, ..spec }, "bot");
        assert_ne!(ids(&a), ids(&other));
    }

    #[test]
    fn users_are_shared_between_guilds() {
        let world =
            generate(&WorldSpec { guilds: 4, members_per_guild: 50, seed: 3, file: None }, "bot");
        let memberships: usize = world.guilds.values().map(|g| g.members.len() - 1).sum();
        assert!(world.users.len() - 1 < memberships, "some users are members of several guilds");
    }
}
