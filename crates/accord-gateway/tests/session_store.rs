//! A configured session store against the emulator: saved as events arrive and on close,
//! loaded by the next shard (and the next group), which resumes instead of identifying.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use accord_emulator::{FirehoseSpec, firehose_number};
use accord_gateway::{CloseMode, Compression, InMemorySessionStore, Session, Shard, ShardGroup};
use accord_model::gateway::ShardId;

use common::{config, emulator, patiently};

#[tokio::test]
async fn a_stored_session_is_resumed_by_the_next_shard_and_deleted_at_the_end() {
    common::trace();
    let emulator = emulator().start().await.unwrap();
    let handle = emulator.handle().clone();
    let store = InMemorySessionStore::new();
    let config = config(&emulator, Compression::ZstdStream)
        .session_store(Arc::new(store.clone()))
        .session_save_interval(Duration::from_millis(10))
        .build()
        .unwrap();
    let mut first = Shard::new(ShardId::ONE, config.clone());
    while first.session().is_none() {
        patiently("READY", first.next_event()).await.unwrap().unwrap();
    }
    let firehose = handle.firehose(FirehoseSpec::new(200).window(16)).unwrap();
    let mut received = 0;
    while received < 100 {
        let event = patiently("events", first.next_event()).await.unwrap().unwrap();
        received += usize::from(firehose_number(&event).is_some());
    }
    // Saved while events arrive (or once the interval after the last one ends), without a
    // close.
    let saved = patiently("a save", async {
        loop {
            if let Some(saved) = store.sessions().get(&ShardId::ONE).filter(|s| s.sequence() > 1) {
                return saved.clone();
            }
            // Cancel safe: the shard keeps polling its store while it waits for events.
            let _ = tokio::time::timeout(Duration::from_millis(5), first.next_event()).await;
        }
    })
    .await;
    assert_eq!(Some(saved.id()), first.session().as_ref().map(Session::id));
    let closed = first.close(CloseMode::Resumable).await.unwrap();
    assert_eq!(store.sessions().get(&ShardId::ONE), Some(&closed), "saved on close");
    drop(firehose);

    // A new group from the same configuration (no session given) loads it and resumes.
    let mut group = ShardGroup::new(0..1, 1, &config).unwrap();
    patiently("RESUMED", async {
        while handle.counters().resumes == 0 {
            group.next_event().await;
        }
    })
    .await;
    let counters = handle.counters();
    assert_eq!((counters.identifies, counters.resumes), (1, 1));
    assert_eq!(group.shards()[0].counters().identifies(), 0);
    assert_eq!(
        group.shards()[0].session().map(|s| s.id().to_owned()),
        Some(closed.id().to_owned())
    );
    // Ending the session deletes it.
    assert!(group.close(CloseMode::End).await.is_empty());
    assert!(store.sessions().is_empty(), "{:?}", store.sessions());
}

#[tokio::test]
async fn a_dropped_shard_saves_its_last_sequence() {
    common::trace();
    let emulator = emulator().start().await.unwrap();
    let handle = emulator.handle().clone();
    let store = InMemorySessionStore::new();
    // Saves so rare that only the drop writes the last sequence.
    let config = config(&emulator, Compression::ZstdStream)
        .session_store(Arc::new(store.clone()))
        .session_save_interval(Duration::from_secs(3600))
        .build()
        .unwrap();
    let mut shard = Shard::new(ShardId::ONE, config);
    while shard.session().is_none() {
        patiently("READY", shard.next_event()).await.unwrap().unwrap();
    }
    let _firehose = handle.firehose(FirehoseSpec::new(50)).unwrap();
    let mut count = 0;
    while count < 50 {
        let event = patiently("events", shard.next_event()).await.unwrap().unwrap();
        count += usize::from(firehose_number(&event).is_some());
    }
    let last = shard.sequence().unwrap();
    let first_saved = store.sessions().get(&ShardId::ONE).map(Session::sequence);
    assert!(first_saved.is_some_and(|seq| seq < last), "{first_saved:?} {last}");
    drop(shard);
    patiently("the save of the dropped shard", async {
        while store.sessions().get(&ShardId::ONE).map(Session::sequence) != Some(last) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await;
}
