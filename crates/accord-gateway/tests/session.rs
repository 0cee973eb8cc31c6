//! Sessions across shards, commands and their rate limit, and every transport compression,
//! against the emulator.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod common;

use std::collections::HashMap;

use accord_emulator::{FirehoseSpec, firehose_number};
use accord_gateway::{CloseMode, Compression, Session, Shard};
use accord_model::gateway::{Event, RequestGuildMembers, ShardId};

use common::{config, emulator, patiently};

/// Reads until the shard has a session.
async fn until_ready(shard: &mut Shard) {
    while shard.session().is_none() {
        patiently("READY", shard.next_event()).await.unwrap().unwrap();
    }
}

/// Reads `count` firehose events and returns their numbers.
async fn firehose_events(shard: &mut Shard, count: usize) -> Vec<u64> {
    let mut numbers = Vec::new();
    while numbers.len() < count {
        let event = patiently("a firehose event", shard.next_event()).await.unwrap().unwrap();
        numbers.extend(firehose_number(&event));
    }
    numbers
}

#[tokio::test]
async fn every_compression_delivers_the_firehose_in_order() {
    common::trace();
    for compression in [Compression::None, Compression::ZlibStream, Compression::ZstdStream] {
        let emulator = emulator().start().await.unwrap();
        let mut shard = Shard::new(ShardId::ONE, config(&emulator, compression).build().unwrap());
        until_ready(&mut shard).await;
        let firehose = emulator.handle().firehose(FirehoseSpec::new(500)).unwrap();
        let numbers = firehose_events(&mut shard, 500).await;
        assert_eq!(numbers, (0..500).collect::<Vec<_>>(), "{compression:?}");
        let report = firehose.finish().await;
        let received = HashMap::from([(shard.session().unwrap().id().to_owned(), numbers)]);
        assert_eq!(report.verify(&received).unwrap().received, 500);
        let expected = match compression {
            Compression::ZlibStream => accord_emulator::Compression::Zlib,
            Compression::ZstdStream => accord_emulator::Compression::Zstd,
            _ => accord_emulator::Compression::None,
        };
        let connections = emulator.handle().connections();
        assert_eq!(connections.len(), 1);
        assert_eq!(connections[0].compression, expected);
    }
}

#[tokio::test]
async fn an_exported_session_resumes_in_a_new_shard() {
    common::trace();
    let emulator = emulator().start().await.unwrap();
    let handle = emulator.handle().clone();
    let mut first =
        Shard::new(ShardId::ONE, config(&emulator, Compression::ZstdStream).build().unwrap());
    until_ready(&mut first).await;
    let firehose = handle.firehose(FirehoseSpec::new(300).window(16)).unwrap();
    let mut numbers = firehose_events(&mut first, 100).await;
    // The process "restarts": the session goes through JSON to a new shard.
    let session = first.close(CloseMode::Resumable).await.unwrap();
    drop(first);
    let stored = serde_json::to_string(&session).unwrap();
    let session: Session = serde_json::from_str(&stored).unwrap();
    let config =
        config(&emulator, Compression::ZstdStream).session(session.clone()).build().unwrap();
    let mut second = Shard::new(ShardId::ONE, config);
    numbers.extend(firehose_events(&mut second, 200).await);
    assert_eq!(
        numbers,
        (0..300).collect::<Vec<_>>(),
        "nothing lost or repeated across the restart"
    );
    assert_eq!(second.session().unwrap().id(), session.id());
    let report = firehose.finish().await;
    let received = HashMap::from([(session.id().to_owned(), numbers)]);
    assert_eq!(report.verify(&received).unwrap().received, 300);
    let counters = handle.counters();
    assert_eq!((counters.identifies, counters.resumes), (1, 1));
    assert_eq!(second.counters().identifies(), 0);
    assert_eq!(counters.closed_by_client.get(&4000), Some(&1));
    // Ending the session for good sends 1000.
    assert!(second.close(CloseMode::End).await.is_none());
    assert!(
        handle
            .wait_for(common::PATIENCE, |h| h.counters().closed_by_client.get(&1000) == Some(&1))
            .await
    );
}

#[tokio::test]
async fn commands_beyond_the_rate_limit_wait_instead_of_closing_the_connection() {
    common::trace();
    let emulator = emulator().members_per_guild(5).start().await.unwrap();
    let handle = emulator.handle().clone();
    let guild = handle.guild_ids()[0];
    let mut shard =
        Shard::new(ShardId::ONE, config(&emulator, Compression::ZstdStream).build().unwrap());
    until_ready(&mut shard).await;
    // 130 commands at once: more than the 120 a window allows.
    for nonce in 0..130 {
        let mut request = RequestGuildMembers::query(guild, "", 1);
        request.nonce = Some(nonce.to_string().into());
        shard.send(request).unwrap();
    }
    let mut nonces = Vec::new();
    while nonces.len() < 130 {
        match patiently("member chunks", shard.next_event()).await.unwrap().unwrap() {
            Event::GuildMembersChunk(chunk) => {
                nonces.push(chunk.nonce.unwrap().parse::<u32>().unwrap());
            }
            Event::RateLimited(limited) => panic!("rate limited: {limited:?}"),
            _ => {}
        }
    }
    assert_eq!(nonces, (0..130).collect::<Vec<_>>(), "answered in order");
    let counters = handle.counters();
    assert_eq!(counters.closed_by_server.get(&4008), None, "never over the limit");
    assert_eq!(counters.connections, 1);
    assert_eq!(shard.counters().commands(), 130);
}
