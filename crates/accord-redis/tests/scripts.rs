//! The Lua scripts of the rate limiter, driven directly against a real `redis-server`: each
//! rule the limiter relies on, checked by what the script answers and what it leaves in Redis.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use std::time::Duration;

use futures_util::StreamExt;
use redis::aio::MultiplexedConnection;
use support::RedisServer;

const ACQUIRE: &str = concat!(
    include_str!("../src/ratelimit/lua/common.lua"),
    include_str!("../src/ratelimit/lua/acquire.lua")
);
const FLUSH: &str = concat!(
    include_str!("../src/ratelimit/lua/common.lua"),
    include_str!("../src/ratelimit/lua/flush.lua")
);
const P: &str = "{test:000000000001}";
const MESSAGES: &str = "POST /channels/{channel_id}/messages";

/// status, wait, bucket, reservation, generation, counted, limit, reset in, remaining, warning,
/// epoch.
type Reply = (i64, u64, String, String, i64, i64, i64, i64, i64, i64, String);

async fn connect(server: &RedisServer) -> MultiplexedConnection {
    let client = redis::Client::open(server.url()).unwrap();
    client.get_multiplexed_async_connection().await.unwrap()
}

/// An acquire of `ticket` with a global limit (`""` for none) and a batch.
async fn acquire(
    connection: &mut MultiplexedConnection,
    ticket: &str,
    route: &str,
    major: &str,
    phase: &str,
    global: &str,
    batch: &[String],
) -> Reply {
    let script = redis::Script::new(ACQUIRE);
    let mut invocation = script.key(format!("{P}:seq"));
    invocation
        .arg(P)
        .arg(ticket)
        .arg(route)
        .arg(major)
        .arg(if global.is_empty() { "0" } else { "1" })
        .arg(phase)
        .arg(global)
        .arg(300) // global period
        .arg(5000) // queue lease
        .arg(30000) // in-flight lease
        .arg(8000) // warning threshold
        .arg(1000); // longest wait
    for arg in batch {
        invocation.arg(arg);
    }
    invocation.invoke_async(connection).await.unwrap()
}

async fn flush(connection: &mut MultiplexedConnection, threshold: u32, batch: &[String]) -> i64 {
    let script = redis::Script::new(FLUSH);
    let mut invocation = script.key(format!("{P}:seq"));
    invocation.arg(P).arg(300).arg(threshold);
    for arg in batch {
        invocation.arg(arg);
    }
    let (warning,): (i64,) = invocation.invoke_async(connection).await.unwrap();
    warning
}

/// A response to complete a permit with.
#[derive(Clone, Copy, Default)]
struct Response<'a> {
    status: u16,
    limit: Option<u32>,
    remaining: Option<u32>,
    reset: Option<f64>,
    reset_after_ms: Option<u64>,
    retry_after_ms: Option<u64>,
    global: bool,
    shared: bool,
    hash: &'a str,
}

fn ok(limit: u32, remaining: u32, reset: f64, reset_after_ms: u64, hash: &str) -> Response<'_> {
    Response {
        status: 200,
        limit: Some(limit),
        remaining: Some(remaining),
        reset: Some(reset),
        reset_after_ms: Some(reset_after_ms),
        hash,
        ..Response::default()
    }
}

/// The batch operation completing `reply`'s permit of `ticket` with `response`.
fn completion(
    ticket: &str,
    route: &str,
    major: &str,
    reply: &Reply,
    response: Response<'_>,
) -> Vec<String> {
    let text = |value: Option<String>| value.unwrap_or_default();
    vec![
        "c".into(),
        ticket.into(),
        route.into(),
        major.into(),
        reply.3.clone(),
        reply.4.to_string(),
        reply.5.to_string(),
        "r".into(),
        response.status.to_string(),
        text(response.limit.map(|v| v.to_string())),
        text(response.remaining.map(|v| v.to_string())),
        text(response.reset.map(|v| format!("{v:.3}"))),
        text(response.reset_after_ms.map(|v| v.to_string())),
        text(response.retry_after_ms.map(|v| v.to_string())),
        if response.global { "1" } else { "0" }.into(),
        if response.shared { "shared" } else { "" }.into(),
        response.hash.into(),
        reply.10.clone(),
    ]
}

#[tokio::test]
async fn a_new_bucket_lets_one_probe_out_and_its_response_wakes_the_next_waiter() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let client = redis::Client::open(server.url()).unwrap();
    let mut pubsub = client.get_async_pubsub().await.unwrap();
    pubsub.subscribe(format!("{P}:wake")).await.unwrap();
    let mut wakes = pubsub.into_on_message();

    let probe = acquire(&mut connection, "a", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!((probe.0, probe.3.as_str()), (1, "p"), "the first request is the probe");
    let second = acquire(&mut connection, "b", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!(second.0, 0, "a second request went out while the limit was unknown");
    assert_eq!(second.1, 1000, "waiting on a response: the longest sleep, for the wake-up");
    let other_channel = acquire(&mut connection, "c", MESSAGES, "c2", "b", "", &[]).await;
    assert_eq!(other_channel.0, 1, "another major parameter is another bucket");

    let done = completion("a", MESSAGES, "c1", &probe, ok(5, 4, 1000.0, 1000, "hash1"));
    flush(&mut connection, 8000, &done).await;
    let wake = tokio::time::timeout(Duration::from_secs(2), wakes.next()).await.unwrap().unwrap();
    assert_eq!(wake.get_payload::<String>().unwrap(), "b", "the waiter was not named");

    let granted = acquire(&mut connection, "b", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!((granted.0, granted.3.as_str(), granted.6), (1, "s", 5), "{granted:?}");
    assert_eq!(granted.2, "h:hash1:c1", "the bucket is now known by its hash");
    assert_eq!(granted.8, 3, "4 left after the probe, one taken now");
}

#[tokio::test]
async fn a_known_window_hands_out_its_slots_then_says_when_each_waiter_goes() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let probe = acquire(&mut connection, "a", MESSAGES, "c1", "b", "", &[]).await;
    // Two per window, one left, 600 ms to the reset.
    let done = completion("a", MESSAGES, "c1", &probe, ok(2, 1, 1000.0, 600, "h"));
    let granted = acquire(&mut connection, "b", MESSAGES, "c1", "b", "", &done).await;
    assert_eq!(granted.0, 1, "the last slot of the window was refused");

    let mut waits = Vec::new();
    for ticket in ["c", "d", "e"] {
        let reply = acquire(&mut connection, ticket, MESSAGES, "c1", "b", "", &[]).await;
        assert_eq!(reply.0, 0, "{ticket} went into a full window");
        waits.push(reply.1);
    }
    // c and d share the next window; e, third in line, the one after.
    assert!((400..=600).contains(&waits[0]), "{waits:?}");
    assert!(waits[1].abs_diff(waits[0]) <= 50, "{waits:?}");
    assert_eq!(waits[2], 1000, "{waits:?}: the window after next, capped at the longest sleep");

    // b's response, of the same window: nothing in flight may spill into the next one.
    let done = completion("b", MESSAGES, "c1", &granted, ok(2, 0, 1000.0, 550, "h"));
    flush(&mut connection, 8000, &done).await;
    // At the reset, d (second in line) and c share the window's two slots; e waits.
    tokio::time::sleep(Duration::from_millis(waits[0] + 20)).await;
    let d = acquire(&mut connection, "d", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!(d.0, 1, "d is second in line and the window has two slots");
    let e = acquire(&mut connection, "e", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!(e.0, 0, "e jumped the queue ahead of c");
    let c = acquire(&mut connection, "c", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!(c.0, 1);
}

#[tokio::test]
async fn the_global_limit_counts_every_bucket_and_holds_a_slot_a_period_after_its_response() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let a = acquire(&mut connection, "a", "GET /channels/{channel_id}", "c1", "b", "2", &[]).await;
    let b = acquire(&mut connection, "b", "GET /guilds/{guild_id}", "g1", "b", "2", &[]).await;
    assert_eq!((a.0, a.5, b.0, b.5), (1, 1, 1, 1), "two slots of the global limit");
    let c = acquire(&mut connection, "c", "GET /users/@me", "", "b", "2", &[]).await;
    assert_eq!(c.0, 2, "the third request held its bucket and waits for the global limit");

    let no_limits = Response { status: 200, ..Response::default() };
    let done = completion("a", "GET /channels/{channel_id}", "c1", &a, no_limits);
    let c = acquire(&mut connection, "c", "GET /users/@me", "", "g", "2", &done).await;
    assert_eq!(c.0, 2, "an answered request's slot was freed before its period ended");
    assert!((250..=300).contains(&c.1), "it should wait out the 300 ms period: {c:?}");
    tokio::time::sleep(Duration::from_millis(c.1 + 10)).await;
    let c = acquire(&mut connection, "c", "GET /users/@me", "", "g", "2", &[]).await;
    assert_eq!((c.0, c.5), (1, 1));

    // Exempt requests (interaction callbacks) pass a full global limit.
    let exempt = acquire(
        &mut connection,
        "d",
        "POST /interactions/{interaction_id}/{token}/callback",
        "i1",
        "b",
        "",
        &[],
    )
    .await;
    assert_eq!((exempt.0, exempt.5), (1, 0));
}

#[tokio::test]
async fn a_learned_hash_is_shared_by_every_route_that_maps_to_it() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let edit = "PATCH /channels/{channel_id}/messages/{message_id}";
    let delete = "DELETE /channels/{channel_id}/messages/{message_id}";
    let a = acquire(&mut connection, "a", edit, "c1", "b", "", &[]).await;
    let done = completion("a", edit, "c1", &a, ok(1, 0, 1000.0, 800, "shared"));
    flush(&mut connection, 8000, &done).await;
    // The second route has not been seen: its probe goes out, and its response names the hash.
    let b = acquire(&mut connection, "b", delete, "c1", "b", "", &[]).await;
    assert_eq!((b.0, b.3.as_str()), (1, "p"));
    let done = completion("b", delete, "c1", &b, ok(1, 0, 1000.0, 700, "shared"));
    let c = acquire(&mut connection, "c", delete, "c1", "b", "", &done).await;
    assert_eq!(c.0, 0, "the route did not join the bucket it shares with the other: {c:?}");
    assert_eq!(c.2, "h:shared:c1");
    let d = acquire(&mut connection, "d", edit, "c2", "b", "", &[]).await;
    assert_eq!(d.0, 1, "another channel of the same hash is another bucket");
}

#[tokio::test]
async fn a_user_429_empties_the_bucket_and_counts_while_a_shared_one_does_not_count() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let route = "PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me";
    let shared =
        Response { status: 429, retry_after_ms: Some(400), shared: true, ..Response::default() };
    let user = Response { status: 429, retry_after_ms: Some(400), ..Response::default() };
    let forbidden = Response { status: 403, ..Response::default() };

    let a = acquire(&mut connection, "a", route, "c1", "b", "", &[]).await;
    let warning = flush(&mut connection, 3, &completion("a", route, "c1", &a, shared)).await;
    assert_eq!(warning, 0);
    let b = acquire(&mut connection, "b", route, "c1", "b", "", &[]).await;
    assert_eq!(b.0, 0, "a 429 did not stop the bucket");
    assert!((350..=400).contains(&b.1), "wait for retry_after: {b:?}");
    assert_eq!(server.command(&["ZCARD", &format!("{P}:inv")]).as_deref(), Some(":0"));

    let c = acquire(&mut connection, "c", route, "c2", "b", "", &[]).await;
    let mut batch = completion("c", route, "c2", &c, user);
    for (ticket, channel) in [("d", "c3"), ("e", "c4")] {
        let reply = acquire(&mut connection, ticket, route, channel, "b", "", &[]).await;
        batch.extend(completion(ticket, route, channel, &reply, forbidden));
    }
    assert_eq!(flush(&mut connection, 3, &batch).await, 3, "the third invalid request warns");
    assert_eq!(server.command(&["ZCARD", &format!("{P}:inv")]).as_deref(), Some(":3"));
}

#[tokio::test]
async fn a_waiter_that_leaves_or_stops_renewing_gives_up_its_place() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let probe = acquire(&mut connection, "a", MESSAGES, "c1", "b", "", &[]).await;
    for ticket in ["b", "c", "d"] {
        assert_eq!(acquire(&mut connection, ticket, MESSAGES, "c1", "b", "", &[]).await.0, 0);
    }
    let queue = format!("{P}:q:r:{MESSAGES}:c1");
    let leave: Vec<String> = ["x", "b", MESSAGES, "c1"].map(String::from).to_vec();
    flush(&mut connection, 8000, &leave).await;
    assert_eq!(server.command(&["ZRANK", &queue, "c"]).as_deref(), Some(":0"), "b did not leave");

    // The probe's response frees one slot: the first waiter still in line goes.
    let done = completion("a", MESSAGES, "c1", &probe, ok(1, 1, 1000.0, 5000, ""));
    let d = acquire(&mut connection, "d", MESSAGES, "c1", "b", "", &done).await;
    assert_eq!(d.0, 0, "d passed c");
    let c = acquire(&mut connection, "c", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!(c.0, 1);
    assert_eq!(server.command(&["ZCARD", &queue]).as_deref(), Some(":1"), "only d waits");
}

#[tokio::test]
async fn a_new_epoch_forgets_what_buckets_knew_and_old_permits_teach_nothing() {
    let Some(server) = RedisServer::start() else { return };
    let mut connection = connect(&server).await;
    let probe = acquire(&mut connection, "a", MESSAGES, "c1", "b", "", &[]).await;
    let done = completion("a", MESSAGES, "c1", &probe, ok(5, 4, 1000.0, 5000, "h"));
    let old = acquire(&mut connection, "b", MESSAGES, "c1", "b", "", &done).await;
    assert_eq!((old.0, old.3.as_str()), (1, "s"), "the bucket was learned");

    // Back from an outage: the bucket probes again.
    let epoch: Vec<String> = ["e", "after-the-outage"].map(String::from).to_vec();
    flush(&mut connection, 8000, &epoch).await;
    let probe = acquire(&mut connection, "c", MESSAGES, "c1", "b", "", &[]).await;
    assert_eq!((probe.0, probe.3.as_str(), probe.10.as_str()), (1, "p", "after-the-outage"));
    // A permit of the old epoch comes back saying much is left: it frees its slot only.
    let stale = completion("b", MESSAGES, "c1", &old, ok(5, 4, 1000.0, 5000, "h"));
    let next = acquire(&mut connection, "d", MESSAGES, "c1", "b", "", &stale).await;
    assert_eq!(next.0, 0, "the old permit's headers were taken for the new epoch: {next:?}");
}
