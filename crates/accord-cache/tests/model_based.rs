//! Model-based test: a seeded random sequence of 5,000 actions on the emulator's world across
//! three guilds (members join, leave and change; roles and overwrites change; channels and
//! threads come and go; messages, reactions, presences and voice), while a cache is fed the
//! events of a raw gateway session. At the end the cache must equal the world, read through
//! the emulator's handle, for every kind it keeps.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use accord_cache::InMemoryCache;
use accord_emulator::{Emulator, EmulatorHandle, GatewayLimits, RateLimits};
use accord_model::channel::{Channel, ChannelType};
use accord_model::gateway::{GatewayCommand, Intents, UpdateVoiceState};
use accord_model::guild::{Member, Role};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions;
use accord_model::presence::{Activity, Status};
use accord_model::util::Timestamp;
use serde_json::json;
use support::{Gateway, Rest, Rng, eventually};

const ACTIONS: usize = 5_000;
const SEED: u64 = 0x00AC_C0DE;

/// Starts an emulator with three guilds, no rate limits and no heartbeat pressure, and a
/// cache fed by a gateway session that has seen every GUILD_CREATE.
async fn start() -> (Emulator, Arc<InMemoryCache>, Gateway) {
    let mut rate_limits = RateLimits::default();
    rate_limits.enabled = false;
    let mut limits = GatewayLimits::default();
    limits.commands_per_window = 100_000;
    let emulator = Emulator::builder()
        .gateway_limits(limits)
        .guilds(3)
        .members_per_guild(25)
        .seed(11)
        .granted_intents(Intents::all())
        .rate_limits(rate_limits)
        .heartbeat_interval(Duration::from_secs(3600))
        .start()
        .await
        .expect("the emulator starts");
    let cache = Arc::new(InMemoryCache::builder().message_cache_size(100_000).build());
    let gateway = Gateway::connect(&emulator, Arc::clone(&cache)).await;
    let guilds = emulator.handle().guild_ids();
    eventually("every GUILD_CREATE", || guilds.iter().all(|g| cache.guild(*g).is_some())).await;
    (emulator, cache, gateway)
}

/// Acts on the world at random, through the control API, REST and the bot's gateway session.
struct Driver<'a> {
    handle: EmulatorHandle,
    rest: Rest,
    gateway: &'a Gateway,
    rng: Rng,
    bot: Id<UserMarker>,
    /// Roles and channels the test made, which it may delete.
    roles: Vec<(Id<GuildMarker>, Id<RoleMarker>)>,
    channels: Vec<Id<ChannelMarker>>,
    counter: u64,
}

const PERMISSIONS: [Permissions; 8] = [
    Permissions::VIEW_CHANNEL,
    Permissions::SEND_MESSAGES,
    Permissions::EMBED_LINKS,
    Permissions::ADD_REACTIONS,
    Permissions::CONNECT,
    Permissions::SPEAK,
    Permissions::READ_MESSAGE_HISTORY,
    Permissions::SEND_MESSAGES_IN_THREADS,
];

impl Driver<'_> {
    fn permissions(&mut self) -> Permissions {
        PERMISSIONS
            .iter()
            .filter(|_| self.rng.percent(30))
            .fold(Permissions::empty(), |all, p| all | *p)
    }

    fn name(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{}", self.counter)
    }

    fn members(&self, guild: Id<GuildMarker>) -> Vec<Member> {
        self.handle.members(guild)
    }

    fn channels(&self, guild: Id<GuildMarker>, keep: impl Fn(&Channel) -> bool) -> Vec<Channel> {
        self.handle.channels(guild).into_iter().filter(keep).collect()
    }

    /// Roles the bot can assign and edit: not managed, not @everyone, below its own role.
    fn editable_roles(&self, guild: Id<GuildMarker>) -> Vec<Role> {
        let Some(guild) = self.handle.guild(guild) else { return Vec::new() };
        let everyone: Id<RoleMarker> = guild.id.cast();
        guild
            .roles
            .into_iter()
            .filter(|role| role.id != everyone && !role.managed && role.position < 3)
            .collect()
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one arm per kind of action, in the proportions they are drawn"
    )]
    async fn act(&mut self) {
        let guilds = self.handle.guild_ids();
        let guild = *self.rng.pick(&guilds);
        let members = self.members(guild);
        let member = self.rng.pick(&members).clone();
        let texts =
            self.channels(guild, |c| c.kind == ChannelType::GuildText || c.kind.is_thread());
        let roll = self.rng.below(100);
        match roll {
            0..25 if !texts.is_empty() => {
                let channel = self.rng.pick(&texts).id;
                let content = self.name("message");
                let _ = self.handle.send_message(channel, member.user.id, content);
            }
            25..43 if !texts.is_empty() => {
                let channel = self.rng.pick(&texts).id;
                let messages = self.handle.messages(channel);
                if messages.is_empty() {
                    return;
                }
                let message = self.rng.pick(&messages).id;
                let emoji = *self.rng.pick(&["👍", "❤", "🎉"]);
                let edited = self.name("edited");
                let _ = match roll {
                    25..30 => self.handle.edit_message(channel, message, edited).map(drop),
                    30..34 => self.handle.delete_message(channel, message),
                    34..40 => self.handle.react(channel, message, member.user.id, emoji).map(drop),
                    _ => self.handle.unreact(channel, message, member.user.id, emoji).map(drop),
                };
            }
            43..51 => {
                let status = self
                    .rng
                    .pick(&[Status::Online, Status::Idle, Status::DoNotDisturb, Status::Offline])
                    .clone();
                let activities = if self.rng.percent(50) {
                    vec![Activity::playing(self.name("game"))]
                } else {
                    Vec::new()
                };
                let _ = self.handle.set_presence(member.user.id, &status, &activities);
            }
            51..54 => {
                let name = self.name("newcomer");
                let _ = self.handle.join_guild_as_new_user(guild, &name);
            }
            54..56 => {
                let other = *self.rng.pick(&guilds);
                let candidates = self.members(other);
                let _ = self.handle.join_guild(guild, self.rng.pick(&candidates).user.id);
            }
            56..59 => {
                let owner = self.handle.guild(guild).map(|g| g.owner_id);
                if member.user.id != self.bot && Some(member.user.id) != owner {
                    let _ = self.handle.leave_guild(guild, member.user.id);
                }
            }
            59..67 => {
                let path = format!("/guilds/{guild}/members/{}", member.user.id);
                let body = match self.rng.below(4) {
                    0 => {
                        json!({ "nick": if self.rng.percent(70) { json!(self.name("nick")) } else { json!(null) } })
                    }
                    1 => {
                        let roles = self.editable_roles(guild);
                        let chosen: Vec<String> = roles
                            .iter()
                            .filter(|_| self.rng.percent(50))
                            .map(|r| r.id.to_string())
                            .collect();
                        json!({ "roles": chosen })
                    }
                    2 => {
                        let until = Timestamp::now().add_micros(if self.rng.percent(70) {
                            3_600_000_000
                        } else {
                            -1
                        });
                        json!({ "communication_disabled_until": if self.rng.percent(70) { json!(until.to_string()) } else { json!(null) } })
                    }
                    _ => json!({ "mute": self.rng.percent(50), "deaf": self.rng.percent(50) }),
                };
                let _ = self.rest.call("PATCH", &path, Some(body)).await;
            }
            67..69 => {
                let body = json!({ "name": self.name("role"), "permissions": self.permissions().bits().to_string(), "color": self.rng.next() % 0xFF_FFFF });
                let response =
                    self.rest.call("POST", &format!("/guilds/{guild}/roles"), Some(body)).await;
                if let Ok(role) = serde_json::from_str::<Role>(&response.body) {
                    self.roles.push((guild, role.id));
                }
            }
            69..72 => {
                let roles = self.editable_roles(guild);
                if !roles.is_empty() {
                    let role = self.rng.pick(&roles).id;
                    let body = json!({ "permissions": self.permissions().bits().to_string(), "hoist": self.rng.percent(50) });
                    let _ = self
                        .rest
                        .call("PATCH", &format!("/guilds/{guild}/roles/{role}"), Some(body))
                        .await;
                }
            }
            72..73 => {
                let ours: Vec<_> =
                    self.roles.iter().filter(|(g, _)| *g == guild).map(|(_, r)| *r).collect();
                if !ours.is_empty() {
                    let role = *self.rng.pick(&ours);
                    let _ = self
                        .rest
                        .call("DELETE", &format!("/guilds/{guild}/roles/{role}"), None)
                        .await;
                    self.roles.retain(|(_, r)| *r != role);
                }
            }
            73..80 => {
                let channels = self.channels(guild, |c| {
                    !c.kind.is_thread() && c.kind != ChannelType::GuildCategory
                });
                if channels.is_empty() {
                    return;
                }
                let channel = self.rng.pick(&channels).clone();
                let (target, kind) = if self.rng.percent(60) {
                    let roles = self.handle.guild(guild).map(|g| g.roles).unwrap_or_default();
                    (self.rng.pick(&roles).id.get(), 0)
                } else {
                    (member.user.id.get(), 1)
                };
                if roll < 78 {
                    let body = json!({ "type": kind, "allow": self.permissions().bits().to_string(), "deny": self.permissions().bits().to_string() });
                    let _ = self
                        .rest
                        .call(
                            "PUT",
                            &format!("/channels/{}/permissions/{target}", channel.id),
                            Some(body),
                        )
                        .await;
                } else {
                    let _ = self
                        .rest
                        .call(
                            "DELETE",
                            &format!("/channels/{}/permissions/{target}", channel.id),
                            None,
                        )
                        .await;
                }
            }
            80..83 => {
                let channels = self.channels(guild, |c| c.kind == ChannelType::GuildText);
                if !channels.is_empty() {
                    let channel = self.rng.pick(&channels).id;
                    let body = json!({ "name": self.name("renamed"), "topic": self.name("topic") });
                    let _ =
                        self.rest.call("PATCH", &format!("/channels/{channel}"), Some(body)).await;
                }
            }
            83..85 => {
                let kind = if self.rng.percent(70) {
                    ChannelType::GuildText
                } else {
                    ChannelType::GuildVoice
                };
                let name = self.name("channel");
                if let Ok(channel) = self.handle.create_channel(guild, &name, kind) {
                    self.channels.push(channel.id);
                }
            }
            85..86 => {
                let ours: Vec<_> = self
                    .channels
                    .iter()
                    .copied()
                    .filter(|c| self.handle.channel(*c).is_some_and(|c| c.guild_id == Some(guild)))
                    .collect();
                if !ours.is_empty() {
                    let channel = *self.rng.pick(&ours);
                    let _ = self.rest.call("DELETE", &format!("/channels/{channel}"), None).await;
                    self.channels.retain(|c| *c != channel);
                }
            }
            86..90 => {
                let parents = self.channels(guild, |c| c.kind == ChannelType::GuildText);
                if !parents.is_empty() {
                    let parent = self.rng.pick(&parents).id;
                    let body = json!({ "name": self.name("thread"), "type": 11 });
                    let response = self
                        .rest
                        .call("POST", &format!("/channels/{parent}/threads"), Some(body))
                        .await;
                    if let Ok(thread) = serde_json::from_str::<Channel>(&response.body) {
                        self.channels.push(thread.id);
                    }
                }
            }
            90..95 => {
                let voice = self.channels(guild, |c| c.kind.is_voice());
                let channel =
                    (!voice.is_empty() && self.rng.percent(75)).then(|| self.rng.pick(&voice).id);
                self.gateway
                    .send(&GatewayCommand::UpdateVoiceState(UpdateVoiceState::new(guild, channel)));
            }
            _ if !texts.is_empty() => {
                let channel = self.rng.pick(&texts).id;
                let _ = self.handle.start_typing(channel, member.user.id);
            }
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cache_equals_the_world_after_5000_random_actions() {
    let (emulator, cache, gateway) = start().await;
    let handle = emulator.handle().clone();
    let mut driver = Driver {
        handle: handle.clone(),
        rest: Rest::new(&emulator),
        gateway: &gateway,
        rng: Rng(SEED),
        bot: emulator.bot_user_id(),
        roles: Vec::new(),
        channels: Vec::new(),
        counter: 0,
    };
    for _ in 0..ACTIONS {
        driver.act().await;
    }
    // Events reach the session in the order the world changed: once a last message is in
    // the cache, everything before it is too.
    let guild = handle.guild_ids()[0];
    let general = handle
        .channels(guild)
        .into_iter()
        .find(|c| c.kind == ChannelType::GuildText)
        .expect("a text channel is left");
    let sentinel = handle
        .send_message(general.id, emulator.bot_user_id(), "sentinel")
        .expect("the sentinel is sent");
    eventually("the sentinel message", || cache.message(general.id, sentinel.id).is_some()).await;
    assert!(
        gateway.dispatched() > u64::try_from(ACTIONS / 2).unwrap_or(0),
        "most actions made events"
    );
    for guild in handle.guild_ids() {
        compare_guild(&cache, &handle, guild);
    }
}

/// Compares everything the cache keeps of a guild with the world.
fn compare_guild(cache: &InMemoryCache, handle: &EmulatorHandle, guild_id: Id<GuildMarker>) {
    let world = handle.guild(guild_id).expect("the guild exists");
    let cached = cache.guild(guild_id).expect("the guild is cached");
    assert_eq!(
        (&cached.name, cached.owner_id, &cached.icon),
        (&world.name, world.owner_id, &world.icon)
    );
    assert_eq!(cached.member_count, world.member_count, "member count of {guild_id}");

    compare_roles(cache, &world.roles, guild_id);
    compare_members(cache, handle, guild_id);
    compare_presences_and_voice(cache, handle, guild_id);
    compare_channels(cache, handle, guild_id);
}

fn compare_roles(cache: &InMemoryCache, world_roles: &[Role], guild_id: Id<GuildMarker>) {
    let mut roles = cache.guild_roles(guild_id);
    roles.sort_by_key(|r| r.id);
    let mut world_roles = world_roles.to_vec();
    world_roles.sort_by_key(|r| r.id);
    assert_eq!(
        roles.iter().map(|r| r.id).collect::<Vec<_>>(),
        world_roles.iter().map(|r| r.id).collect::<Vec<_>>(),
        "roles of {guild_id}"
    );
    for (cached, world) in roles.iter().zip(&world_roles) {
        assert_eq!(cached, world, "role {}", world.id);
    }
}

fn compare_members(cache: &InMemoryCache, handle: &EmulatorHandle, guild_id: Id<GuildMarker>) {
    let members = handle.members(guild_id);
    let mut cached_ids = cache.guild_member_ids(guild_id);
    cached_ids.sort();
    let mut world_ids: Vec<_> = members.iter().map(|m| m.user.id).collect();
    world_ids.sort();
    assert_eq!(cached_ids, world_ids, "members of {guild_id}");
    for member in &members {
        let mut expected = member.clone();
        expected.guild_id = None;
        assert_eq!(
            cache.member(guild_id, member.user.id).as_ref(),
            Some(&expected),
            "member {}",
            member.user.id
        );
        assert_eq!(
            cache.user(member.user.id),
            handle.user(member.user.id),
            "user {}",
            member.user.id
        );
    }
}

fn compare_presences_and_voice(
    cache: &InMemoryCache,
    handle: &EmulatorHandle,
    guild_id: Id<GuildMarker>,
) {
    let presences: Vec<_> = handle
        .presences(guild_id)
        .into_iter()
        .filter(|p| !matches!(p.status, Status::Offline | Status::Invisible))
        .collect();
    let mut cached_presences = cache.guild_presences(guild_id);
    cached_presences.sort_by_key(|p| p.user.id);
    assert_eq!(cached_presences.len(), presences.len(), "presences of {guild_id}");
    for (cached, world) in cached_presences.iter().zip(&presences) {
        assert_eq!(
            (cached.user.id, &cached.status, &cached.activities),
            (world.user.id, &world.status, &world.activities)
        );
    }

    let mut voice = handle.voice_states(guild_id);
    voice.sort_by_key(|v| v.user_id);
    let mut cached_voice = cache.guild_voice_states(guild_id);
    cached_voice.sort_by_key(|v| v.user_id);
    let strip = |mut v: accord_model::voice::VoiceState| {
        v.member = None;
        v.guild_id = Some(guild_id);
        v
    };
    assert_eq!(
        cached_voice,
        voice.into_iter().map(strip).collect::<Vec<_>>(),
        "voice states of {guild_id}"
    );
}

fn compare_channels(cache: &InMemoryCache, handle: &EmulatorHandle, guild_id: Id<GuildMarker>) {
    let channels = handle.channels(guild_id);
    let mut cached_channels = cache.guild_channel_ids(guild_id);
    cached_channels.sort();
    let mut world_channels: Vec<_> = channels.iter().map(|c| c.id).collect();
    world_channels.sort();
    assert_eq!(cached_channels, world_channels, "channels of {guild_id}");
    for channel in &channels {
        let mut cached = cache.channel(channel.id).expect("the channel is cached");
        // The world keeps thread members apart from the thread; the cache keeps the one its
        // THREAD_* events gave it.
        cached.member = None;
        assert_eq!(&cached, channel, "channel {}", channel.id);
        let world_messages = handle.messages(channel.id);
        let mut cached_ids = cache.channel_message_ids(channel.id);
        cached_ids.reverse();
        assert_eq!(
            cached_ids,
            world_messages.iter().map(|m| m.id).collect::<Vec<_>>(),
            "messages of {}",
            channel.id
        );
        for message in &world_messages {
            let cached = cache.message(channel.id, message.id).expect("the message is cached");
            assert_eq!(
                (
                    &cached.content,
                    cached.author.id,
                    cached.edited_timestamp,
                    cached.pinned,
                    &cached.reactions
                ),
                (
                    &message.content,
                    message.author.id,
                    message.edited_timestamp,
                    message.pinned,
                    &message.reactions
                ),
                "message {}",
                message.id
            );
        }
    }
}
