//! One permission algorithm, reached four ways, agrees on random guilds: accord-model's
//! `PermissionCalculator` on the world's data, the cache fed by the gateway, the framework's
//! REST path (with and without the member's roles given), and the emulator's own
//! implementation, which is written independently and which its REST checks use.
//!
//! Each case is a guild of its own, from a world file and REST changes: random role
//! permissions (administrators now and then), random role memberships, a random @everyone,
//! random overwrites for @everyone, roles and members on text, announcement, voice and stage
//! channels, public and private threads, and timeouts. Every member (the bot, which owns the
//! guild, included) is then compared in every channel.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::cell::Cell;
use std::sync::Arc;

use accord_cache::InMemoryCache;
use accord_emulator::{Emulator, EmulatorHandle};
use accord_http::Client;
use accord_model::channel::{Channel, ChannelType};
use accord_model::guild::PartialMember;
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::{PermissionCalculator, Permissions as P};
use accord_model::util::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::json;
use support::{Gateway, Rest, eventually};

const CASES: u32 = 32;
const MEMBERS: usize = 4;

/// The permissions the cases draw from: those the algorithm treats specially, and a few plain
/// ones.
const POOL: [P; 12] = [
    P::VIEW_CHANNEL,
    P::SEND_MESSAGES,
    P::SEND_MESSAGES_IN_THREADS,
    P::READ_MESSAGE_HISTORY,
    P::EMBED_LINKS,
    P::MENTION_EVERYONE,
    P::CONNECT,
    P::SPEAK,
    P::STREAM,
    P::MANAGE_MESSAGES,
    P::ADD_REACTIONS,
    P::KICK_MEMBERS,
];

/// Each permission of [`POOL`] with a chance of one in two.
fn permissions() -> impl Strategy<Value = P> {
    proptest::collection::vec(any::<bool>(), POOL.len()).prop_map(|picks| {
        POOL.iter().zip(picks).filter(|(_, pick)| *pick).fold(P::empty(), |all, (p, _)| all | *p)
    })
}

/// A role's permissions: ADMINISTRATOR one time in twelve.
fn role_permissions() -> impl Strategy<Value = P> {
    (permissions(), 0_u8..12)
        .prop_map(|(p, admin)| if admin == 0 { p | P::ADMINISTRATOR } else { p })
}

/// Who an overwrite is for.
#[derive(Debug, Clone, Copy)]
enum Target {
    Everyone,
    Role(usize),
    Member(usize),
}

#[derive(Debug, Clone)]
struct Overwrite {
    target: Target,
    allow: P,
    deny: P,
}

/// The channels of every case, by world-file type; threads are made in the first two.
const CHANNELS: [(&str, &str); 4] =
    [("general", "text"), ("news", "announcement"), ("lounge", "voice"), ("stage", "stage")];

#[derive(Debug, Clone)]
struct Scenario {
    everyone: P,
    /// Each role's permissions, and which members have it.
    roles: Vec<(P, [bool; MEMBERS])>,
    /// The overwrites of each channel of [`CHANNELS`].
    overwrites: Vec<Vec<Overwrite>>,
    /// Which members are timed out.
    timed_out: [bool; MEMBERS],
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let roles = proptest::collection::vec((role_permissions(), any::<[bool; MEMBERS]>()), 1..=3);
    (permissions(), roles).prop_flat_map(|(everyone, roles)| {
        let count = roles.len();
        let target = prop_oneof![
            Just(Target::Everyone),
            (0..count).prop_map(Target::Role),
            (0..MEMBERS).prop_map(Target::Member),
        ];
        let overwrite = (target, permissions(), permissions())
            .prop_map(|(target, allow, deny)| Overwrite { target, allow, deny });
        let channel = proptest::collection::vec(overwrite, 0..4);
        (
            Just(everyone),
            Just(roles),
            proptest::collection::vec(channel, CHANNELS.len()),
            any::<[bool; MEMBERS]>(),
        )
            .prop_map(|(everyone, roles, overwrites, timed_out)| Scenario {
                everyone,
                roles,
                overwrites,
                timed_out,
            })
    })
}

/// What the cases covered, so that the test cannot pass by comparing only trivial answers.
#[derive(Default)]
struct Coverage {
    compared: Cell<u32>,
    administrators: Cell<u32>,
    timed_out: Cell<u32>,
    hidden: Cell<u32>,
    read_only: Cell<u32>,
    thread_senders: Cell<u32>,
    voice_without_connect: Cell<u32>,
}

impl Coverage {
    fn count(cell: &Cell<u32>) {
        cell.set(cell.get() + 1);
    }
}

/// A case running: its guild in an emulator, a cache fed by its gateway and a REST client.
struct Case {
    emulator: Emulator,
    cache: Arc<InMemoryCache>,
    _gateway: Gateway,
    http: Client,
    guild_id: Id<GuildMarker>,
    members: Vec<Id<UserMarker>>,
    roles: Vec<Id<RoleMarker>>,
}

impl Case {
    /// Starts an emulator with the scenario's members, roles and channels.
    async fn start(scenario: &Scenario) -> Self {
        let users: Vec<_> = (0..MEMBERS).map(|i| json!({ "username": format!("u{i}") })).collect();
        let roles: Vec<_> = scenario
            .roles
            .iter()
            .enumerate()
            .map(|(i, (permissions, members))| {
                let members: Vec<_> = (0..MEMBERS)
                    .filter(|m| members.get(*m).copied().unwrap_or(false))
                    .map(|m| format!("u{m}"))
                    .collect();
                json!({ "name": format!("r{i}"), "permissions": permissions.bits().to_string(), "members": members })
            })
            .collect();
        let channels: Vec<_> =
            CHANNELS.iter().map(|(name, kind)| json!({ "name": name, "type": kind })).collect();
        let names: Vec<_> = (0..MEMBERS).map(|i| format!("u{i}")).collect();
        // No owner: the bot owns the guild, so that every change below is allowed.
        let world = json!({
            "users": users,
            "guilds": [{ "name": "agreement", "members": names, "roles": roles, "channels": channels }],
        });
        let path = std::env::temp_dir().join(format!(
            "accord-cache-permission-agreement-{}-{}.json",
            std::process::id(),
            Timestamp::now().as_micros()
        ));
        std::fs::write(&path, world.to_string()).expect("the world file is written");
        let emulator = support::permission_emulator()
            .world_file(&path)
            .start()
            .await
            .expect("the emulator starts");
        let _ = std::fs::remove_file(&path);
        let cache = Arc::new(InMemoryCache::new());
        let gateway = Gateway::connect(&emulator, Arc::clone(&cache)).await;
        let handle = emulator.handle();
        let guild_id = *handle.guild_ids().first().expect("the guild");
        eventually("the GUILD_CREATE", || cache.guild(guild_id).is_some()).await;
        let world = handle.guild(guild_id).expect("the guild");
        let members = (0..MEMBERS)
            .map(|i| {
                let name = format!("u{i}");
                handle
                    .members(guild_id)
                    .into_iter()
                    .find(|m| m.user.username == name)
                    .map(|m| m.user.id)
                    .expect("the member")
            })
            .collect();
        let roles = (0..scenario.roles.len())
            .map(|i| {
                let name = format!("r{i}");
                world.roles.iter().find(|r| r.name == name).map(|r| r.id).expect("the role")
            })
            .collect();
        // Without the proactive rate limiter: the emulator's limits are off, and the thousands
        // of lookups would otherwise wait for the buckets it still announces.
        let http = Client::builder()
            .token(emulator.token())
            .base_url(emulator.http_url())
            .ratelimiter(None)
            .build();
        Self { emulator, cache, _gateway: gateway, http, guild_id, members, roles }
    }

    fn handle(&self) -> &EmulatorHandle {
        self.emulator.handle()
    }

    /// Applies the rest of the scenario over REST: @everyone, overwrites, threads, timeouts.
    async fn apply(&self, scenario: &Scenario) {
        let rest = Rest::new(&self.emulator);
        let everyone = self.guild_id.cast::<RoleMarker>();
        let answer = rest
            .call(
                "PATCH",
                &format!("/guilds/{}/roles/{everyone}", self.guild_id),
                Some(json!({ "permissions": scenario.everyone.bits().to_string() })),
            )
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let channels = self.parents();
        for (channel, overwrites) in channels.iter().zip(&scenario.overwrites) {
            for overwrite in overwrites {
                let (target, kind) = match overwrite.target {
                    Target::Everyone => (everyone.get(), 0),
                    Target::Role(i) => (self.roles.get(i).map_or(0, |r| r.get()), 0),
                    Target::Member(i) => (self.members.get(i).map_or(0, |m| m.get()), 1),
                };
                let body = json!({ "type": kind, "allow": overwrite.allow.bits().to_string(), "deny": overwrite.deny.bits().to_string() });
                let path = format!("/channels/{}/permissions/{target}", channel.id);
                let answer = rest.call("PUT", &path, Some(body)).await;
                assert_eq!(answer.status, 204, "{path}: {}", answer.body);
            }
        }
        for (parent, kind) in [(&channels[0], 11), (&channels[0], 12), (&channels[1], 10)] {
            let path = format!("/channels/{}/threads", parent.id);
            let answer = rest.call("POST", &path, Some(json!({ "name": "t", "type": kind }))).await;
            assert_eq!(answer.status, 201, "{path}: {}", answer.body);
        }
        let until = Timestamp::now().add_micros(3_600_000_000).to_string();
        for (member, timed_out) in self.members.iter().zip(scenario.timed_out) {
            if timed_out {
                // Administrators cannot be timed out (50013): the world stays the reference.
                rest.call(
                    "PATCH",
                    &format!("/guilds/{}/members/{member}", self.guild_id),
                    Some(json!({ "communication_disabled_until": until })),
                )
                .await;
            }
        }
        let handle = self.handle();
        eventually("the cache to catch up", || {
            handle.channels(self.guild_id).iter().all(|c| {
                self.cache.channel(c.id).map(|cached| cached.permission_overwrites)
                    == Some(c.permission_overwrites.clone())
            }) && handle.guild(self.guild_id).is_some_and(|g| {
                g.roles.iter().all(|r| {
                    self.cache.role(self.guild_id, r.id).map(|c| c.permissions)
                        == Some(r.permissions)
                })
            }) && handle.members(self.guild_id).iter().all(|m| {
                self.cache.member(self.guild_id, m.user.id).map(|c| c.communication_disabled_until)
                    == Some(m.communication_disabled_until)
            })
        })
        .await;
    }

    /// The channels of [`CHANNELS`], in that order.
    fn parents(&self) -> Vec<Channel> {
        let all = self.handle().channels(self.guild_id);
        CHANNELS
            .iter()
            .map(|(name, _)| {
                all.iter().find(|c| c.name.as_deref() == Some(name)).cloned().expect("the channel")
            })
            .collect()
    }

    /// accord-model's calculator on the emulator's data.
    fn model(&self, channel: &Channel, user_id: Id<UserMarker>, now: Timestamp) -> P {
        let handle = self.handle();
        let guild = handle.guild(self.guild_id).expect("the guild");
        let member = handle.member(self.guild_id, user_id).expect("the member");
        let everyone = guild.id.cast::<RoleMarker>();
        let everyone = guild.roles.iter().find(|r| r.id == everyone).map(|r| r.permissions);
        let roles: Vec<_> = guild
            .roles
            .iter()
            .filter(|r| member.roles.contains(&r.id))
            .map(|r| (r.id, r.permissions))
            .collect();
        let source = match channel.parent_id {
            Some(parent) if channel.kind.is_thread() => handle.channel(parent).expect("the parent"),
            _ => channel.clone(),
        };
        PermissionCalculator::new(
            guild.id,
            guild.owner_id,
            user_id,
            everyone.unwrap_or_default(),
            &roles,
        )
        .communication_disabled_until(member.communication_disabled_until)
        .in_channel(
            channel.kind,
            source.permission_overwrites.as_deref().unwrap_or_default(),
            now,
        )
    }

    /// Compares the four answers for every member in every channel.
    async fn compare(&self, coverage: &Coverage) -> Result<(), TestCaseError> {
        let handle = self.handle();
        let bot = self.emulator.bot_user_id();
        let channels: Vec<_> = handle
            .channels(self.guild_id)
            .into_iter()
            .filter(|c| c.kind != ChannelType::GuildCategory)
            .collect();
        prop_assert_eq!(channels.len(), CHANNELS.len() + 3, "the channels and the threads");
        let now = Timestamp::now();
        for user_id in self.members.iter().copied().chain([bot]) {
            let member = handle.member(self.guild_id, user_id).expect("the member");
            let partial = PartialMember::from(member.clone());
            for channel in &channels {
                let context = format!("user {user_id} in {:?} {}", channel.kind, channel.id);
                let emulator =
                    handle.channel_permissions(channel.id, user_id).expect("the emulator can tell");
                let model = self.model(channel, user_id, now);

                let cache = self
                    .cache
                    .channel_permissions_at(channel.id, user_id, now)
                    .map_err(|error| TestCaseError::fail(format!("{context}: {error}")))?;
                let fetched = accord_framework::permissions::fetch(
                    &self.http,
                    self.guild_id,
                    channel.id,
                    user_id,
                    None,
                )
                .await
                .map_err(|error| TestCaseError::fail(format!("{context}: {error}")))?;
                let given = accord_framework::permissions::fetch(
                    &self.http,
                    self.guild_id,
                    channel.id,
                    user_id,
                    Some(&partial),
                )
                .await
                .map_err(|error| TestCaseError::fail(format!("{context}: {error}")))?;

                prop_assert_eq!(model, emulator, "model and emulator, {}", &context);
                prop_assert_eq!(cache, emulator, "cache and emulator, {}", &context);
                prop_assert_eq!(fetched, emulator, "framework (member fetched), {}", &context);
                prop_assert_eq!(given, emulator, "framework (member given), {}", &context);
                Coverage::count(&coverage.compared);
                if user_id != bot && emulator == P::all() {
                    Coverage::count(&coverage.administrators);
                }
                if member.is_timed_out(now)
                    && !emulator.is_empty()
                    && P::TIMED_OUT.contains(emulator)
                {
                    Coverage::count(&coverage.timed_out);
                }
                if emulator.is_empty() {
                    Coverage::count(&coverage.hidden);
                } else if !emulator.contains(P::SEND_MESSAGES) {
                    Coverage::count(&coverage.read_only);
                }
                if channel.kind.is_thread() && emulator.contains(P::SEND_MESSAGES) {
                    Coverage::count(&coverage.thread_senders);
                }
                if channel.kind.is_voice()
                    && emulator.contains(P::VIEW_CHANNEL)
                    && !emulator.contains(P::CONNECT)
                {
                    Coverage::count(&coverage.voice_without_connect);
                }
            }
        }
        Ok(())
    }
}

#[test]
fn model_cache_framework_and_emulator_agree() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let coverage = Coverage::default();
    let config = Config { cases: CASES, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&scenario(), |scenario| {
        runtime.block_on(async {
            let case = Case::start(&scenario).await;
            case.apply(&scenario).await;
            case.compare(&coverage).await
        })
    });
    if let Err(error) = result {
        panic!("{error}");
    }
    let counts = [
        ("administrators", coverage.administrators.get()),
        ("timed out", coverage.timed_out.get()),
        ("hidden", coverage.hidden.get()),
        ("read only", coverage.read_only.get()),
        ("sending in threads", coverage.thread_senders.get()),
        ("voice without connect", coverage.voice_without_connect.get()),
    ];
    assert!(
        counts.iter().all(|(_, count)| *count > 0),
        "every rule was exercised over {} comparisons: {counts:?}",
        coverage.compared.get()
    );
}
