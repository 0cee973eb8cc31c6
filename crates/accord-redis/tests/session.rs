//! The Redis session store: what it keeps and when it expires, against a real `redis-server`;
//! then a process of four shards killed with SIGKILL in the middle of a firehose and started
//! again, resuming every shard from the sequence it had stored.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use accord_emulator::{Emulator, FirehoseSpec, Timings, firehose_number};
use accord_gateway::{
    Backoff, Compression, Config, InMemoryQueue, Session, SessionStore, ShardGroup,
};
use accord_model::gateway::{Intents, ShardId};
use accord_model::id::Id;
use accord_redis::{KeyPrefix, RedisSessionStore, SESSION_EXPIRY};
use gateway_support::{ChildProcess, child_env, run_child, var};
use support::RedisServer;

#[tokio::test]
async fn sessions_are_kept_by_shard_and_total_and_expire_after_the_last_save() {
    let Some(server) = RedisServer::start() else { return };
    let bot = Id::new(7);
    let store = RedisSessionStore::builder(server.url(), bot)
        .expiry(Duration::from_millis(400))
        .build()
        .await
        .unwrap();
    let (one, other_total) = (ShardId::new(1, 4).unwrap(), ShardId::new(1, 8).unwrap());
    let session = Session::new("abc", 41, "wss://resume.example");
    store.save(one, session.clone()).await.unwrap();
    assert_eq!(store.load(one).await.unwrap(), Some(session.clone()));
    assert_eq!(store.load(other_total).await.unwrap(), None);
    let key = KeyPrefix::new("accord", bot).key("s:4:1");
    let ttl: u64 = server.command(&["PTTL", &key]).unwrap()[1..].parse().unwrap();
    assert!(ttl > 0 && ttl <= 400, "{ttl}");
    // A save renews the expiry: 250 + 250 ms after the first save it is still there.
    tokio::time::sleep(Duration::from_millis(250)).await;
    store.save(one, Session::new("abc", 42, "wss://resume.example")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(store.load(one).await.unwrap().map(|s| s.sequence()), Some(42));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(store.load(one).await.unwrap(), None, "expired 400 ms after the last save");
    store.save(one, session).await.unwrap();
    store.delete(one).await.unwrap();
    assert_eq!(store.load(one).await.unwrap(), None);
    // Garbage in the key is an error, not a panic.
    server.command(&["SET", &key, "not json"]).unwrap();
    assert!(store.load(one).await.is_err());

    let default = RedisSessionStore::builder(server.url(), bot).build().await.unwrap();
    assert_eq!(default.expiry(), SESSION_EXPIRY);
    assert!(SESSION_EXPIRY > Duration::from_secs(120), "past the emulator's and Discord's window");
    default.save(one, Session::new("abc", 1, "wss://x")).await.unwrap();
    let ttl: u64 = server.command(&["PTTL", &key]).unwrap()[1..].parse().unwrap();
    assert!(ttl > 170_000 && ttl <= 180_000, "{ttl}");
}

const SHARDS: u32 = 4;
const EVENTS: u64 = 3000;

/// Reads a child's lines until `count` firehose events have come, keyed by shard:
/// (sequence, firehose number).
fn read_events(child: &ChildProcess, events: &mut BTreeMap<u32, Vec<(u64, u64)>>, count: usize) {
    let mut seen = 0;
    while seen < count {
        let line = child.line().expect("the child runs");
        // The first line also carries the test harness's "test … ... ".
        let Some((_, event)) = line.split_once("EVENT ") else { continue };
        let mut words = event.split(' ');
        let mut number = || words.next().unwrap().parse::<u64>().unwrap();
        let (shard, seq, firehose) = (number(), number(), number());
        events.entry(u32::try_from(shard).unwrap()).or_default().push((seq, firehose));
        seen += 1;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_in_a_firehose_resumes_every_shard_from_its_stored_sequence() {
    let Some(server) = RedisServer::start() else { return };
    // Discord's rules divided by 10: a 4 s heartbeat, sessions resumable for 12 s.
    let emulator = Emulator::builder()
        .timings(Timings::default().scaled_down(10))
        .guilds(8)
        .start()
        .await
        .unwrap();
    let handle = emulator.handle().clone();
    let env = child_env(&emulator, &server.url());

    let mut first = ChildProcess::start("session_child_entry", "sessions", &env);
    let mut ready = 0;
    while ready < SHARDS {
        ready += u32::from(first.line().expect("the child runs").contains("READY "));
    }
    let firehose = handle.firehose(FirehoseSpec::new(EVENTS).window(32)).unwrap();
    let mut before = BTreeMap::new();
    read_events(&first, &mut before, 1000);
    first.kill();
    assert!(!firehose.is_finished(), "the firehose waits for the killed sessions");

    let store =
        RedisSessionStore::builder(server.url(), handle.bot_user_id()).build().await.unwrap();
    let mut stored = BTreeMap::new();
    for number in 0..SHARDS {
        let shard = ShardId::new(number, SHARDS).unwrap();
        let session = store.load(shard).await.unwrap().expect("a stored session for every shard");
        stored.insert(number, session);
    }
    let identifies = handle.counters().identifies;
    assert_eq!(identifies, u64::from(SHARDS));

    let second = ChildProcess::start("session_child_entry", "sessions", &env);
    let mut after = BTreeMap::new();
    let delivered_before: BTreeSet<u64> =
        before.values().flatten().map(|(_, number)| *number).collect();
    // Everything not yet read before the kill comes after the restart (and some read before:
    // those after the stored sequence are replayed).
    let missing = usize::try_from(EVENTS).unwrap() - delivered_before.len();
    read_events(&second, &mut after, missing);
    loop {
        let numbers: BTreeSet<u64> =
            before.values().chain(after.values()).flatten().map(|e| e.1).collect();
        if numbers.len() == usize::try_from(EVENTS).unwrap() {
            break;
        }
        read_events(&second, &mut after, 1);
    }

    let counters = handle.counters();
    assert_eq!(counters.identifies, identifies, "no shard identified again");
    assert_eq!(counters.resumes, u64::from(SHARDS), "every shard resumed");
    let mut replayed = 0;
    for (number, session) in &stored {
        let stored_seq = session.sequence();
        let after = after.get(number).map(Vec::as_slice).unwrap_or_default();
        let before = before.get(number).map(Vec::as_slice).unwrap_or_default();
        assert!(
            after.iter().all(|(seq, _)| *seq > stored_seq),
            "shard {number} got events again from before its stored sequence {stored_seq}"
        );
        // What the killed process read after its last save comes again, first and in order.
        let unsaved: Vec<(u64, u64)> =
            before.iter().filter(|(seq, _)| *seq > stored_seq).copied().collect();
        assert_eq!(after.get(..unsaved.len()), Some(unsaved.as_slice()), "shard {number}");
        assert!(after.windows(2).all(|pair| pair[0].0 < pair[1].0), "shard {number}: out of order");
        replayed += unsaved.len();
    }
    println!(
        "FIGURES {} events before the kill, {} after, {replayed} replayed (read but not yet stored)",
        delivered_before.len(),
        after.values().map(Vec::len).sum::<usize>(),
    );
    drop(second);
}

/// Not a test of its own: the entry point of the child processes the tests start.
#[test]
fn session_child_entry() {
    run_child("sessions", session_child);
}

/// Runs shards 0..4 of 4 with a [`RedisSessionStore`] and prints `READY <shard>` and, for every
/// firehose event, `EVENT <shard> <sequence> <number>`, until killed.
async fn session_child() {
    use std::io::Write;

    let bot = Id::new(var("ACCORD_BOT").parse().unwrap());
    let store = RedisSessionStore::builder(var("ACCORD_REDIS_URL"), bot).build().await.unwrap();
    let config = Config::builder(var("ACCORD_TOKEN"), Intents::all())
        .gateway_url(var("ACCORD_GATEWAY"))
        .compression(Compression::ZstdStream)
        .backoff(Backoff::new(Duration::from_millis(10), Duration::from_millis(100)))
        .queue(Arc::new(InMemoryQueue::new(1).with_window(Duration::from_millis(550))))
        .session_store(Arc::new(store))
        .session_save_interval(Duration::from_millis(20))
        .build()
        .unwrap();
    let mut group = ShardGroup::new(0..SHARDS, SHARDS, &config).unwrap();
    let mut stdout = std::io::stdout().lock();
    while let Some((shard, item)) = group.next_event().await {
        let Ok(event) = item else { continue };
        let line = match (&event, firehose_number(&event)) {
            (accord_model::gateway::Event::Ready(_), _) => format!("READY {}", shard.number()),
            (_, Some(number)) => {
                let seq = group
                    .shard(shard.number())
                    .and_then(accord_gateway::Shard::sequence)
                    .unwrap_or(0);
                format!("EVENT {} {seq} {number}", shard.number())
            }
            _ => continue,
        };
        writeln!(stdout, "{line}").unwrap();
        stdout.flush().unwrap();
    }
}
