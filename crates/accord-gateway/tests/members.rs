//! `request_members`: the shard asks for every guild's members on GUILD_CREATE, within the
//! command rate limit, and the members arrive in GUILD_MEMBERS_CHUNK events.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod common;

use std::collections::{HashMap, HashSet};

use accord_emulator::GatewayLimits;
use accord_gateway::{Compression, Shard};
use accord_model::gateway::{Event, ShardId};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use common::{config, emulator, patiently, timings};

const GUILDS: u32 = 12;
const MEMBERS: u32 = 40;
/// Payloads per command window: fewer than the guilds, once the heartbeat reserve is taken,
/// so the requests must wait for the window to move (a burst gets the connection closed with
/// 4008, which the single connection below rules out).
const LIMIT: u32 = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_of_every_guild_arrive_within_the_rate_limit() {
    common::trace();
    let mut limits = GatewayLimits::default();
    limits.commands_per_window = LIMIT;
    let emulator = emulator()
        .guilds(GUILDS)
        .members_per_guild(MEMBERS)
        .gateway_limits(limits)
        .start()
        .await
        .unwrap();
    let config = config(&emulator, Compression::None)
        .command_limit(LIMIT, timings().command_window)
        .request_members(true)
        .build()
        .unwrap();
    assert!(config.request_members());
    let mut shard = Shard::new(ShardId::ONE, config);

    let handle = emulator.handle();
    let wanted: HashMap<Id<GuildMarker>, usize> =
        handle.guild_ids().into_iter().map(|id| (id, handle.members(id).len())).collect();
    let mut received: HashMap<Id<GuildMarker>, HashSet<Id<UserMarker>>> = HashMap::new();
    let complete = |received: &HashMap<Id<GuildMarker>, HashSet<Id<UserMarker>>>| {
        wanted.iter().all(|(id, count)| received.get(id).map_or(0, HashSet::len) == *count)
    };
    patiently("every guild's members", async {
        while !complete(&received) {
            let event = shard.next_event().await.expect("the shard runs").expect("no error");
            if let Event::GuildMembersChunk(chunk) = event {
                received
                    .entry(chunk.guild_id)
                    .or_default()
                    .extend(chunk.members.iter().map(|member| member.user.id));
            }
        }
    })
    .await;
    assert_eq!(received.len(), GUILDS as usize);
    let counters = handle.counters();
    // One connection throughout: the emulator closed none for exceeding the limit (4008).
    assert_eq!(counters.connections, 1, "{counters:?}");
    assert!(counters.closed_by_server.is_empty(), "{:?}", counters.closed_by_server);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_option_no_members_are_requested() {
    let emulator = emulator().guilds(2).members_per_guild(5).start().await.unwrap();
    let config = config(&emulator, Compression::None).build().unwrap();
    assert!(!config.request_members());
    let mut shard = Shard::new(ShardId::ONE, config);
    let mut guilds = 0;
    patiently("both guilds", async {
        while guilds < 2 {
            match shard.next_event().await.expect("the shard runs").expect("no error") {
                Event::GuildCreate(_) => guilds += 1,
                Event::GuildMembersChunk(_) => panic!("members were requested"),
                _ => {}
            }
        }
    })
    .await;
    // A heartbeat round trip later, still no chunk: the emulator answers requests at once.
    let chunk = tokio::time::timeout(timings().heartbeat_interval * 2, async {
        loop {
            if let Event::GuildMembersChunk(_) =
                shard.next_event().await.expect("the shard runs").expect("no error")
            {
                return;
            }
        }
    })
    .await;
    assert!(chunk.is_err(), "no GUILD_MEMBERS_CHUNK without the option");
}
