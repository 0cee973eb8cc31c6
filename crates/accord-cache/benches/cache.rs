//! Memory and update speed of accord-cache beside twilight-cache-inmemory 0.18, fed the same
//! events: a GUILD_CREATE with 1,000 members and a seeded mixed stream of 10,000 events,
//! generated here as gateway JSON and parsed by each library's own model.
//!
//! Memory is measured with a counting global allocator (`cap`): the bytes a cache holds are
//! the live bytes after feeding it minus those before, with the events themselves allocated
//! beforehand, so only what the cache keeps is counted (requested sizes, without allocator
//! overhead, for both caches alike).
#![expect(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark harness over generated inputs: a failure aborts the run"
)]

use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

use accord_model::channel::{Channel, ChannelType};
use accord_model::emoji::{Emoji, PartialEmoji};
use accord_model::gateway::event::{
    GuildCreate, GuildMemberRemove, GuildMemberUpdate, GuildRoleUpdate, MessageDelete,
    MessageReactionAdd, MessageReactionRemove, TypingStart,
};
use accord_model::gateway::{Event, GatewayEvent};
use accord_model::guild::{Guild, Member, PartialMember, Role, RoleColors};
use accord_model::id::Id;
use accord_model::message::Message;
use accord_model::permissions::Permissions;
use accord_model::presence::{Activity, Presence, Status};
use accord_model::user::User;
use accord_model::util::{ImageHash, Timestamp};
use accord_model::voice::VoiceState;
use cap::Cap;
use criterion::{BatchSize, Criterion, Throughput, criterion_main};
use serde::de::DeserializeSeed;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

const GUILD: u64 = 81_384_788_765_712_384;
const MEMBERS: usize = 1_000;
const EVENTS: usize = 10_000;
const ROLES: u64 = 20;
const TEXT_CHANNELS: u64 = 40;
const VOICE_CHANNELS: u64 = 10;
const EMOJIS: u64 = 30;

/// SplitMix64: a small seeded generator, so every run feeds the same events.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn text(&mut self, min: u64, max: u64) -> String {
        let len = min + self.below(max - min + 1);
        (0..len).map(|_| char::from(b'a' + u8::try_from(self.below(26)).unwrap_or(0))).collect()
    }

    fn hash(&mut self) -> ImageHash {
        let mut bytes = [0; 16];
        for byte in &mut bytes {
            *byte = u8::try_from(self.below(256)).unwrap_or(0);
        }
        ImageHash::new(bytes, self.percent(10))
    }
}

/// Makes the world and the events, with the snowflakes a real guild would have.
struct Generator {
    rng: Rng,
    next_id: u64,
    members: Vec<Member>,
    messages: Vec<(u64, u64, u64)>,
}

/// A solid role color, as Discord sends it (twilight requires it).
fn colors(primary: u32) -> RoleColors {
    serde_json::from_value(serde_json::json!({"primary_color": primary, "secondary_color": null, "tertiary_color": null}))
        .unwrap_or_else(|error| panic!("role colors: {error}"))
}

/// Role `index` of a guild; role 0 is @everyone, whose id is the guild's.
fn role_id(guild: u64, index: u64) -> u64 {
    guild + index
}

/// Channel `index` of a guild.
fn text_channel_id(guild: u64, index: u64) -> u64 {
    guild + 100 + index
}

impl Generator {
    fn new(seed: u64) -> Self {
        Self { rng: Rng(seed), next_id: GUILD + 10_000, members: Vec::new(), messages: Vec::new() }
    }

    fn id(&mut self) -> u64 {
        self.next_id += 1 + self.rng.below(1 << 22);
        self.next_id
    }

    fn user(&mut self) -> User {
        let id = self.id();
        let mut user = User::new(Id::new(id), self.rng.text(4, 16));
        if self.rng.percent(70) {
            user.global_name = Some(self.rng.text(4, 20).into());
        }
        if self.rng.percent(60) {
            user.avatar = Some(self.rng.hash());
        }
        user
    }

    fn member(&mut self) -> Member {
        let mut member = Member::new(
            self.user(),
            Some(Timestamp::from_micros(
                1_500_000_000_000_000 + i64::try_from(self.rng.below(1 << 48)).unwrap_or(0),
            )),
        );
        member.roles = self.roles();
        if self.rng.percent(15) {
            member.nick = Some(self.rng.text(3, 20).into());
        }
        if self.rng.percent(3) {
            member.premium_since = Some(Timestamp::from_secs(1_700_000_000));
        }
        member
    }

    fn roles(&mut self) -> Vec<Id<accord_model::id::marker::RoleMarker>> {
        let count = self.rng.below(5);
        let mut roles: Vec<_> =
            (0..count).map(|_| Id::new(role_id(GUILD, 1 + self.rng.below(ROLES - 1)))).collect();
        roles.sort();
        roles.dedup();
        roles
    }

    fn channels(&mut self, guild: u64) -> Vec<Channel> {
        let mut channels = Vec::new();
        for index in 0..TEXT_CHANNELS + VOICE_CHANNELS {
            let mut channel = Channel::guild_text(
                Id::new(text_channel_id(guild, index)),
                Id::new(guild),
                self.rng.text(4, 20),
            );
            channel.guild_id = None;
            channel.position = Some(i32::try_from(index).unwrap_or(0));
            if index >= TEXT_CHANNELS {
                channel.kind = ChannelType::GuildVoice;
                channel.bitrate = Some(64_000);
                channel.user_limit = Some(0);
                channel.rate_limit_per_user = None;
            } else if self.rng.percent(50) {
                channel.topic = Some(self.rng.text(10, 80));
            }
            channel.permission_overwrites =
                Some(vec![accord_model::channel::PermissionOverwrite::role(
                    Id::new(role_id(guild, self.rng.below(ROLES))),
                    Permissions::SEND_MESSAGES,
                    Permissions::empty(),
                )]);
            channels.push(channel);
        }
        channels
    }

    /// A guild with its roles, channels and emojis, and `members` members.
    fn guild(&mut self, id: u64, members: usize) -> Guild {
        let mut guild = Guild::new(Id::new(id), self.rng.text(5, 30), Id::new(GUILD + 1_000));
        guild.icon = Some(self.rng.hash());
        guild.roles = (0..ROLES)
            .map(|index| {
                let mut role = Role::new(
                    Id::new(role_id(id, index)),
                    self.rng.text(3, 15),
                    Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES,
                );
                role.position = i32::try_from(index).unwrap_or(0);
                role.color = u32::try_from(self.rng.below(1 << 24)).unwrap_or(0);
                role.colors = Some(colors(role.color));
                role
            })
            .collect();
        guild.emojis = (0..EMOJIS)
            .map(|index| {
                let mut emoji = Emoji::new(Id::new(id + 500 + index), self.rng.text(3, 12));
                emoji.require_colons = Some(true);
                emoji.managed = Some(false);
                emoji.animated = Some(self.rng.percent(20));
                emoji.available = Some(true);
                emoji.roles = Some(Vec::new());
                emoji
            })
            .collect();
        guild.channels = Some(self.channels(id));
        guild.threads = Some(Vec::new());
        guild.members = Some((0..members).map(|_| self.member()).collect());
        guild.member_count = Some(u64::try_from(members).unwrap_or(0));
        guild.joined_at = Some(Timestamp::from_secs(1_600_000_000));
        guild.large = Some(false);
        guild.premium_subscription_count = Some(2);
        guild.presences = Some(Vec::new());
        guild.voice_states = Some(Vec::new());
        guild.stage_instances = Some(Vec::new());
        guild.guild_scheduled_events = Some(Vec::new());
        guild
    }

    fn any_member(&mut self) -> Member {
        let index = usize::try_from(self.rng.below(self.members.len() as u64)).unwrap_or(0);
        self.members[index].clone()
    }

    fn partial(member: &Member) -> PartialMember {
        let mut partial = PartialMember::from(member.clone());
        partial.user = None;
        partial
    }

    fn text_channel(&mut self) -> u64 {
        text_channel_id(GUILD, self.rng.below(TEXT_CHANNELS))
    }

    /// One event of the mixed stream, in the proportions of the README.
    fn event(&mut self) -> Event {
        match self.rng.below(100) {
            0..35 => self.message_create(),
            35..55 => self.presence_update(),
            55..65 => self.typing(),
            65..73 => self.member_update(),
            73..78 if !self.messages.is_empty() => self.message_update(),
            78..82 if !self.messages.is_empty() => self.message_delete(),
            82..88 if !self.messages.is_empty() => self.reaction_add(),
            88..90 if !self.messages.is_empty() => self.reaction_remove(),
            90..93 => self.voice_state(),
            93..95 => self.member_add(),
            95..97 if self.members.len() > 1 => self.member_remove(),
            97 => self.channel_update(),
            98 => self.role_update(),
            _ => self.thread_create(),
        }
    }

    /// A MESSAGE_CREATE of the stream.
    fn message_create(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let author = self.any_member();
        let (id, channel) = (self.id(), self.text_channel());
        let content = self.rng.text(10, 200);
        let mut message = Message::new(
            Id::new(id),
            Id::new(channel),
            author.user.clone(),
            content,
            Timestamp::from_secs(1_700_000_000),
        );
        message.guild_id = guild_id;
        message.member = Some(Box::new(Self::partial(&author)));
        self.messages.push((id, channel, author.user.id.get()));
        Event::MessageCreate(Box::new(message))
    }

    /// A PRESENCE_UPDATE of the stream.
    fn presence_update(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let member = self.any_member();
        let statuses = [Status::Online, Status::Idle, Status::DoNotDisturb, Status::Offline];
        let status = statuses[usize::try_from(self.rng.below(4)).unwrap_or(0)].clone();
        let mut presence = Presence::new(member.user.id, status.clone());
        presence.guild_id = guild_id;
        presence.client_status.desktop = Some(status);
        if self.rng.percent(40) {
            presence.activities = vec![Activity::playing(self.rng.text(4, 20))];
        }
        Event::PresenceUpdate(Box::new(presence))
    }

    /// A TYPING_START of the stream.
    fn typing(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let member = self.any_member();
        let mut typing =
            TypingStart::new(Id::new(self.text_channel()), member.user.id, 1_700_000_000);
        typing.guild_id = guild_id;
        typing.member = Some(member);
        Event::TypingStart(Box::new(typing))
    }

    /// A GUILD_MEMBER_UPDATE of the stream.
    fn member_update(&mut self) -> Event {
        let index = usize::try_from(self.rng.below(self.members.len() as u64)).unwrap_or(0);
        let roles = self.roles();
        let member = &mut self.members[index];
        member.roles = roles;
        let mut update =
            GuildMemberUpdate::new(Id::new(GUILD), member.roles.clone(), member.user.clone());
        update.nick.clone_from(&member.nick);
        update.joined_at = member.joined_at;
        update.premium_since = member.premium_since;
        Event::GuildMemberUpdate(Box::new(update))
    }

    /// A MESSAGE_UPDATE of the stream.
    fn message_update(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let (id, channel, author) =
            self.messages[usize::try_from(self.rng.below(self.messages.len() as u64)).unwrap_or(0)];
        let author = self
            .members
            .iter()
            .find(|m| m.user.id.get() == author)
            .map_or_else(|| User::new(Id::new(author), "gone"), |m| m.user.clone());
        let mut message = Message::new(
            Id::new(id),
            Id::new(channel),
            author,
            self.rng.text(10, 200),
            Timestamp::from_secs(1_700_000_000),
        );
        message.edited_timestamp = Some(Timestamp::from_secs(1_700_000_100));
        message.guild_id = guild_id;
        Event::MessageUpdate(Box::new(message))
    }

    /// A MESSAGE_DELETE of the stream.
    fn message_delete(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let index = usize::try_from(self.rng.below(self.messages.len() as u64)).unwrap_or(0);
        let (id, channel, _) = self.messages.swap_remove(index);
        let mut delete = MessageDelete::new(Id::new(id), Id::new(channel));
        delete.guild_id = guild_id;
        Event::MessageDelete(Box::new(delete))
    }

    /// A MESSAGE_REACTION_ADD of the stream.
    fn reaction_add(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let (id, channel, _) =
            self.messages[usize::try_from(self.rng.below(self.messages.len() as u64)).unwrap_or(0)];
        let member = self.any_member();
        let emoji = PartialEmoji::unicode(
            ["👍", "❤", "😂"][usize::try_from(self.rng.below(3)).unwrap_or(0)],
        );
        let mut add = MessageReactionAdd::new(member.user.id, Id::new(channel), Id::new(id), emoji);
        add.guild_id = guild_id;
        add.member = Some(member);
        Event::MessageReactionAdd(Box::new(add))
    }

    /// A MESSAGE_REACTION_REMOVE of the stream.
    fn reaction_remove(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let (id, channel, _) =
            self.messages[usize::try_from(self.rng.below(self.messages.len() as u64)).unwrap_or(0)];
        let member = self.any_member();
        let mut remove = MessageReactionRemove::new(
            member.user.id,
            Id::new(channel),
            Id::new(id),
            PartialEmoji::unicode("👍"),
        );
        remove.guild_id = guild_id;
        Event::MessageReactionRemove(Box::new(remove))
    }

    /// A VOICE_STATE_UPDATE of the stream.
    fn voice_state(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let member = self.any_member();
        let channel = (!self.rng.percent(30)).then(|| {
            Id::new(text_channel_id(GUILD, TEXT_CHANNELS + self.rng.below(VOICE_CHANNELS)))
        });
        let mut state = VoiceState::new(member.user.id, channel, self.rng.text(32, 32));
        state.guild_id = guild_id;
        state.self_mute = self.rng.percent(50);
        state.self_video = Some(false);
        state.member = Some(Box::new(member));
        Event::VoiceStateUpdate(Box::new(state))
    }

    /// A GUILD_MEMBER_ADD of the stream.
    fn member_add(&mut self) -> Event {
        let guild_id = Some(Id::new(GUILD));
        let mut member = self.member();
        self.members.push(member.clone());
        member.guild_id = guild_id;
        Event::GuildMemberAdd(Box::new(member))
    }

    /// A GUILD_MEMBER_REMOVE of the stream.
    fn member_remove(&mut self) -> Event {
        let index = usize::try_from(self.rng.below(self.members.len() as u64)).unwrap_or(0);
        let member = self.members.swap_remove(index);
        Event::GuildMemberRemove(Box::new(GuildMemberRemove::new(Id::new(GUILD), member.user)))
    }

    /// A CHANNEL_UPDATE of the stream.
    fn channel_update(&mut self) -> Event {
        let mut channel =
            Channel::guild_text(Id::new(self.text_channel()), Id::new(GUILD), self.rng.text(4, 20));
        channel.topic = Some(self.rng.text(10, 80));
        Event::ChannelUpdate(Box::new(channel))
    }

    /// A GUILD_ROLE_UPDATE of the stream.
    fn role_update(&mut self) -> Event {
        let index = 1 + self.rng.below(ROLES - 1);
        let mut role = Role::new(
            Id::new(role_id(GUILD, index)),
            self.rng.text(3, 15),
            Permissions::VIEW_CHANNEL,
        );
        role.position = i32::try_from(index).unwrap_or(0);
        role.colors = Some(colors(0));
        Event::GuildRoleUpdate(Box::new(GuildRoleUpdate::new(Id::new(GUILD), role)))
    }

    /// A THREAD_CREATE of the stream.
    fn thread_create(&mut self) -> Event {
        let parent = self.text_channel();
        let mut thread = Channel::new(Id::new(self.id()), ChannelType::PublicThread);
        thread.guild_id = Some(Id::new(GUILD));
        thread.parent_id = Some(Id::new(parent));
        thread.name = Some(self.rng.text(4, 30).into());
        thread.owner_id = Some(self.any_member().user.id);
        thread.thread_metadata = Some(accord_model::channel::ThreadMetadata::new(
            accord_model::channel::AutoArchiveDuration::Day,
            Timestamp::from_secs(1_700_000_000),
        ));
        thread.message_count = Some(0);
        thread.member_count = Some(1);
        Event::ThreadCreate(Box::new(thread))
    }
}

/// An event as the gateway sends it.
fn to_json(seq: usize, event: &Event) -> String {
    let payload = serde_json::to_string(&event.payload()).unwrap_or_default();
    format!(r#"{{"op":0,"s":{seq},"t":"{}","d":{payload}}}"#, event.name())
}

/// The same JSON parsed by each library.
struct Feed {
    accord: Vec<Event>,
    twilight: Vec<twilight_model::gateway::event::Event>,
}

fn parse(json: &[String]) -> Feed {
    let accord = json
        .iter()
        .map(|text| match GatewayEvent::from_json(text) {
            Ok(GatewayEvent::Dispatch { event, .. }) => event,
            other => panic!("accord did not parse {}: {other:?}", &text[..60]),
        })
        .collect();
    let twilight = json
        .iter()
        .map(|text| {
            let deserializer =
                twilight_model::gateway::event::GatewayEventDeserializer::from_json(text)
                    .unwrap_or_else(|| panic!("twilight did not read the envelope of {text}"));
            let mut json = serde_json::Deserializer::from_str(text);
            match deserializer.deserialize(&mut json) {
                Ok(twilight_model::gateway::event::GatewayEvent::Dispatch(_, event)) => {
                    event.into()
                }
                other => {
                    let value: serde_json::Value = serde_json::from_str(text).unwrap();
                    let detail =
                        serde_json::from_value::<twilight_model::guild::Guild>(value["d"].clone())
                            .err();
                    let message = serde_json::from_value::<twilight_model::channel::Message>(
                        value["d"].clone(),
                    )
                    .err();
                    panic!(
                        "twilight did not parse {}: {other:?} {detail:?} {message:?}",
                        &text[..60]
                    )
                }
            }
        })
        .collect();
    Feed { accord, twilight }
}

/// The GUILD_CREATE (first) and the stream.
fn workload() -> (Feed, Feed) {
    let mut generator = Generator::new(0x00C0_FFEE);
    let guild = generator.guild(GUILD, MEMBERS);
    generator.members = guild.members.clone().unwrap_or_default();
    let create = to_json(1, &Event::GuildCreate(Box::new(GuildCreate::Available(guild))));
    let stream: Vec<String> = (0..EVENTS).map(|seq| to_json(seq + 2, &generator.event())).collect();
    (parse(&[create]), parse(&stream))
}

/// Live bytes held by what `build` returns.
fn bytes_of<T>(build: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATOR.allocated();
    let value = build();
    (ALLOCATOR.allocated().saturating_sub(before), value)
}

fn accord_cache(events: &[&Event]) -> accord_cache::InMemoryCache {
    let cache = accord_cache::InMemoryCache::new();
    for event in events {
        cache.update(event);
    }
    cache
}

fn twilight_cache(
    events: &[&twilight_model::gateway::event::Event],
) -> twilight_cache_inmemory::DefaultInMemoryCache {
    let cache = twilight_cache_inmemory::DefaultInMemoryCache::new();
    for event in events {
        cache.update(*event);
    }
    cache
}

/// Bytes per member, per guild and after the stream, for both caches.
struct Memory {
    per_member: [f64; 2],
    per_guild: [f64; 2],
    after_stream: [usize; 2],
}

#[allow(clippy::cast_precision_loss, reason = "byte counts are far below 2^52")]
fn memory(create: &Feed, stream: &Feed) -> Memory {
    // The same GUILD_CREATE without its members: what the members add is theirs.
    let mut generator = Generator::new(0x00C0_FFEE);
    let empty = to_json(
        1,
        &Event::GuildCreate(Box::new(GuildCreate::Available(generator.guild(GUILD, 0)))),
    );
    let empty = parse(&[empty]);
    let (accord_guild, a) = bytes_of(|| accord_cache(&[&empty.accord[0]]));
    let (accord_full, b) = bytes_of(|| accord_cache(&[&create.accord[0]]));
    let (twilight_guild, c) = bytes_of(|| twilight_cache(&[&empty.twilight[0]]));
    let (twilight_full, d) = bytes_of(|| twilight_cache(&[&create.twilight[0]]));
    drop((a, b, c, d));

    // 100 guilds with channels, roles and emojis but no members.
    let guilds: Vec<String> = (0..100_u64)
        .map(|index| {
            let guild = Generator::new(index).guild(GUILD + (index << 24), 0);
            to_json(1, &Event::GuildCreate(Box::new(GuildCreate::Available(guild))))
        })
        .collect();
    let guilds = parse(&guilds);
    let (accord_guilds, a) = bytes_of(|| accord_cache(&guilds.accord.iter().collect::<Vec<_>>()));
    let (twilight_guilds, b) =
        bytes_of(|| twilight_cache(&guilds.twilight.iter().collect::<Vec<_>>()));
    drop((a, b));

    let all_accord: Vec<&Event> = create.accord.iter().chain(&stream.accord).collect();
    let all_twilight: Vec<_> = create.twilight.iter().chain(&stream.twilight).collect();
    let (accord_stream, a) = bytes_of(|| accord_cache(&all_accord));
    let (twilight_stream, b) = bytes_of(|| twilight_cache(&all_twilight));
    drop((a, b));

    let members = MEMBERS as f64;
    Memory {
        per_member: [
            (accord_full - accord_guild) as f64 / members,
            (twilight_full - twilight_guild) as f64 / members,
        ],
        per_guild: [accord_guilds as f64 / 100.0, twilight_guilds as f64 / 100.0],
        after_stream: [accord_stream, twilight_stream],
    }
}

/// The fastest of a few runs of the stream on a cache that already has the guild.
fn best_time(mut run: impl FnMut() -> Duration) -> Duration {
    (0..7).map(|_| run()).min().unwrap_or_default()
}

#[allow(clippy::print_stdout, reason = "the benchmark's report")]
#[allow(clippy::cast_precision_loss, reason = "counts and durations are far below 2^52")]
fn report(create: &Feed, stream: &Feed) {
    let memory = memory(create, stream);
    let accord = best_time(|| {
        let cache = accord_cache(&[&create.accord[0]]);
        let start = Instant::now();
        for event in &stream.accord {
            cache.update(black_box(event));
        }
        start.elapsed()
    });
    let twilight = best_time(|| {
        let cache = twilight_cache(&[&create.twilight[0]]);
        let start = Instant::now();
        for event in &stream.twilight {
            cache.update(black_box(event));
        }
        start.elapsed()
    });
    let rate = |time: Duration| EVENTS as f64 / time.as_secs_f64();
    let [am, tm] = memory.per_member;
    let [ag, tg] = memory.per_guild;
    let [aa, ta] = memory.after_stream;
    println!("accord-cache vs twilight-cache-inmemory 0.18 ({MEMBERS} members, {EVENTS} events)");
    println!("| measure | accord-cache | twilight | ratio |");
    println!("| --- | ---: | ---: | ---: |");
    println!("| bytes per member | {am:.0} | {tm:.0} | {:.2}x |", am / tm);
    println!("| bytes per guild (no members) | {ag:.0} | {tg:.0} | {:.2}x |", ag / tg);
    println!("| bytes after GUILD_CREATE + stream | {aa} | {ta} | {:.2}x |", aa as f64 / ta as f64);
    println!(
        "| updates per second | {:.0} | {:.0} | {:.2}x |",
        rate(accord),
        rate(twilight),
        rate(accord) / rate(twilight)
    );
}

fn updates(c: &mut Criterion) {
    let (create, stream) = workload();
    report(&create, &stream);
    let mut group = c.benchmark_group("stream");
    group.throughput(Throughput::Elements(EVENTS as u64));
    group.sample_size(20);
    group.bench_function("accord-cache", |b| {
        b.iter_batched(
            || accord_cache(&[&create.accord[0]]),
            |cache| {
                for event in &stream.accord {
                    cache.update(black_box(event));
                }
                cache
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("twilight-cache-inmemory", |b| {
        b.iter_batched(
            || twilight_cache(&[&create.twilight[0]]),
            |cache| {
                for event in &stream.twilight {
                    cache.update(black_box(event));
                }
                cache
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
    let mut group = c.benchmark_group("guild_create");
    group.throughput(Throughput::Elements(MEMBERS as u64));
    group.sample_size(20);
    group.bench_function("accord-cache", |b| b.iter(|| accord_cache(&[&create.accord[0]])));
    group.bench_function("twilight-cache-inmemory", |b| {
        b.iter(|| twilight_cache(&[&create.twilight[0]]));
    });
    group.finish();
}

/// Every benchmark of this file, with criterion's command-line options.
fn benches() {
    let mut criterion = Criterion::default().configure_from_args();
    updates(&mut criterion);
}

criterion_main!(benches);
