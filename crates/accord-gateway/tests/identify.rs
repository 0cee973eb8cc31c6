//! Many shards through one identify queue: buckets in order, one identify per bucket per
//! window, as the emulator's identify log records them.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use accord_emulator::{GatewayLimits, Timings};
use accord_gateway::{Compression, InMemoryQueue, ShardGroup, ShardState};
use accord_model::gateway::{Event, GatewayBot, SessionStartLimit};
use futures_util::StreamExt;

use common::{config, emulator, patiently};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_shards_identify_bucket_by_bucket() {
    common::trace();
    let mut limits = GatewayLimits::default();
    limits.max_concurrency = 4;
    // A 250 ms identify window: long enough that the scheduling delay of a busy two-core
    // machine running the whole suite (tens of milliseconds seen) is small beside it.
    let timings = Timings::default().scaled_down(20);
    let window = timings.identify_window;
    let emulator =
        emulator().timings(timings).guilds(32).gateway_limits(limits).start().await.unwrap();
    // What GET /gateway/bot would say for this bot.
    let bot = GatewayBot::new(emulator.gateway_url(), 16, SessionStartLimit::new(1000, 1000, 0, 4));
    // The emulator times IDENTIFYs as they arrive, which jitters with scheduling; the client
    // keeps a margin, as a bot may against Discord's network jitter.
    let queue = InMemoryQueue::from_limit(bot.session_start_limit)
        .with_window(window + Duration::from_millis(80));
    let config =
        config(&emulator, Compression::ZstdStream).queue(Arc::new(queue.clone())).build().unwrap();
    let mut group = ShardGroup::recommended(&bot, &config);
    assert_eq!(group.len(), 16);

    let mut ready = HashSet::new();
    while ready.len() < 16 {
        let (shard, item) = patiently("READY from every shard", group.next()).await.unwrap();
        if let Event::Ready(event) = item.unwrap() {
            assert_eq!(event.shard, Some(shard));
            ready.insert(shard.number());
        }
    }
    assert!(group.shards().iter().all(|shard| shard.state() == ShardState::Active));

    let counters = emulator.handle().counters();
    assert_eq!(counters.identifies_refused, 0, "{:?}", counters.identify_log);
    let log = counters.identify_log;
    assert_eq!(log.len(), 16, "{log:?}");
    // Bucket by bucket: shards 0-3 first, then 4-7, 8-11, 12-15.
    let groups: Vec<u32> = log.iter().map(|record| record.shard.number() / 4).collect();
    assert!(
        groups.is_sorted(),
        "identify order {:?}",
        log.iter().map(|r| r.shard.number()).collect::<Vec<_>>()
    );
    // Never two identifies of one bucket within the window.
    for bucket in 0..4 {
        let times: Vec<_> = log.iter().filter(|r| r.bucket == bucket).map(|r| r.at).collect();
        assert_eq!(times.len(), 4);
        for pair in times.windows(2) {
            assert!(pair[1].saturating_sub(pair[0]) >= window, "bucket {bucket}: {times:?}");
        }
    }
    assert_eq!(queue.remaining(), 1000 - 16);
    let sessions = group.close(accord_gateway::CloseMode::End).await;
    assert!(sessions.is_empty());
}
