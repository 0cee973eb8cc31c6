//! Sessions across connections: RESUME and its replay, INVALID_SESSION, expiry, how close
//! codes decide whether a session survives, and the connection faults.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::time::Duration;

use accord_emulator::{Emulator, Fault, FaultTarget, GatewayLimits};
use gateway_support::{
    Client, GUILD_MESSAGES, GUILDS, MESSAGE_CONTENT, WAIT, builder, resume, timings,
};
use serde_json::Value;

struct World {
    channel: accord_model::id::Id<accord_model::id::marker::ChannelMarker>,
    user: accord_model::id::Id<accord_model::id::marker::UserMarker>,
}

fn world(emulator: &Emulator) -> World {
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let channel = handle.channels(guild)[2].id;
    let user = handle
        .members(guild)
        .iter()
        .map(|m| m.user.id)
        .find(|u| *u != handle.bot_user_id())
        .unwrap();
    World { channel, user }
}

/// Identifies and reads every GUILD_CREATE; returns the session id.
async fn session(emulator: &Emulator, client: &mut Client) -> String {
    let ready = client.start(emulator, GUILDS | GUILD_MESSAGES | MESSAGE_CONTENT, None).await;
    ready["session_id"].as_str().unwrap().to_owned()
}

async fn resumed(emulator: &Emulator, session_id: &str, seq: u64) -> Client {
    let mut client = Client::connect(emulator, "").await;
    assert_eq!(client.payload().await["op"], 10);
    client.send(&resume(emulator.token(), session_id, seq)).await;
    client
}

#[tokio::test]
async fn resume_replays_every_missed_event_in_order_then_resumed() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let w = world(&emulator);
    let mut client = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut client).await;
    let seq = client.seq.unwrap();
    assert_eq!(handle.inject(&FaultTarget::Session(session_id.clone()), &Fault::Drop), 1);
    assert_eq!(client.closed().await, None, "dropped without a close frame");
    assert!(handle.wait_for(WAIT, |h| h.sessions()[0].connection.is_none()).await);
    for n in 0..3 {
        handle.send_message(w.channel, w.user, format!("missed {n}")).unwrap();
    }
    let mut client = resumed(&emulator, &session_id, seq).await;
    for n in 0..3u64 {
        let payload = client.payload().await;
        assert_eq!(payload["t"], "MESSAGE_CREATE");
        assert_eq!(payload["s"], seq + 1 + n);
        assert_eq!(payload["d"]["content"], format!("missed {n}"));
    }
    let resumed = client.payload().await;
    assert_eq!((resumed["t"].as_str(), resumed["s"].as_u64()), (Some("RESUMED"), Some(seq + 4)));
    // Live events follow on the resumed connection.
    handle.send_message(w.channel, w.user, "live").unwrap();
    assert_eq!(client.payload().await["d"]["content"], "live");
    let counters = handle.counters();
    assert_eq!((counters.identifies, counters.resumes), (1, 1));
}

#[tokio::test]
async fn resume_from_an_earlier_sequence_replays_what_was_already_written() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let w = world(&emulator);
    let handle = emulator.handle();
    let mut client = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut client).await;
    let before = client.seq.unwrap();
    handle.send_message(w.channel, w.user, "one").unwrap();
    handle.send_message(w.channel, w.user, "two").unwrap();
    client.dispatch("MESSAGE_CREATE").await;
    client.dispatch("MESSAGE_CREATE").await;
    client.close(4000).await;
    // The client lost the last two events after all, and resumes from before them.
    let mut client = resumed(&emulator, &session_id, before).await;
    assert_eq!(client.payload().await["d"]["content"], "one");
    assert_eq!(client.payload().await["d"]["content"], "two");
    assert_eq!(client.payload().await["t"], "RESUMED");
}

#[tokio::test]
async fn bad_resumes_get_a_non_resumable_invalid_session() {
    let mut limits = GatewayLimits::default();
    limits.replay_capacity = 2;
    let emulator = builder().guilds(1).gateway_limits(limits).start().await.unwrap();
    let w = world(&emulator);
    let handle = emulator.handle();

    let mut client = resumed(&emulator, "no-such-session", 1).await;
    assert_eq!(client.op(9).await["d"], false);

    // A sequence the session never reached.
    let mut client = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut client).await;
    let seq = client.seq.unwrap();
    client.close(4000).await;
    let mut client = resumed(&emulator, &session_id, seq + 10).await;
    assert_eq!(client.op(9).await["d"], false);
    assert!(handle.sessions().is_empty(), "the failed resume ended the session");

    // Events that fell out of a replay buffer of two.
    let mut client = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut client).await;
    let seq = client.seq.unwrap();
    client.close(4000).await;
    for n in 0..3 {
        handle.send_message(w.channel, w.user, format!("overflow {n}")).unwrap();
    }
    let mut client = resumed(&emulator, &session_id, seq).await;
    assert_eq!(client.op(9).await["d"], false);
    assert_eq!(handle.counters().invalid_sessions, 3);
}

#[tokio::test]
async fn sessions_expire_after_the_configured_time() {
    let mut timings = timings();
    timings.session_expiry = Duration::from_millis(100);
    let emulator = builder().guilds(1).timings(timings).start().await.unwrap();
    let handle = emulator.handle();
    let mut client = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut client).await;
    let seq = client.seq.unwrap();
    client.close(4000).await;
    let gone = tokio::time::Instant::now();
    assert!(handle.wait_for(WAIT, |h| h.sessions().is_empty()).await);
    assert!(gone.elapsed() >= Duration::from_millis(90), "not before the expiry");
    let mut client = resumed(&emulator, &session_id, seq).await;
    assert_eq!(client.op(9).await["d"], false);
}

#[tokio::test]
async fn client_close_codes_decide_whether_the_session_survives() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    for (code, survives) in [(1000, false), (1001, false), (4000, true), (3000, true)] {
        let mut client = Client::connect(&emulator, "").await;
        let session_id = session(&emulator, &mut client).await;
        let seq = client.seq.unwrap();
        client.close(code).await;
        assert!(handle.wait_for(WAIT, |h| h.connections().is_empty()).await);
        let mut client = resumed(&emulator, &session_id, seq).await;
        let payload = client.payload().await;
        if survives {
            assert_eq!(payload["t"], "RESUMED", "after {code}: {payload}");
            client.close(1000).await;
        } else {
            assert_eq!(
                (payload["op"].as_u64(), payload["d"].as_bool()),
                (Some(9), Some(false)),
                "after {code}"
            );
        }
        assert!(handle.wait_for(WAIT, |h| h.sessions().is_empty()).await);
    }
    let closed = handle.counters().closed_by_client;
    assert_eq!((closed[&1000], closed[&1001], closed[&4000], closed[&3000]), (3, 1, 1, 1));
}

#[tokio::test]
async fn server_closes_and_invalid_sessions_follow_the_close_code_table() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let cases: [(Fault, Option<u16>, bool); 5] = [
        (Fault::Close(4000), Some(4000), true),
        (Fault::Close(4009), Some(4009), false),
        (Fault::Close(4007), Some(4007), false),
        (Fault::Drop, None, true),
        (Fault::Close(4004), Some(4004), false),
    ];
    for (fault, code, survives) in cases {
        let mut client = Client::connect(&emulator, "").await;
        let session_id = session(&emulator, &mut client).await;
        let seq = client.seq.unwrap();
        handle.inject(&FaultTarget::Session(session_id.clone()), &fault);
        assert_eq!(client.closed().await, code, "{fault:?}");
        let mut client = resumed(&emulator, &session_id, seq).await;
        let payload = client.payload().await;
        assert_eq!(payload["t"] == "RESUMED", survives, "{fault:?}: {payload}");
        client.close(1000).await;
        assert!(handle.wait_for(WAIT, |h| h.sessions().is_empty()).await);
    }
}

#[tokio::test]
async fn reconnect_and_invalid_session_payloads() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let w = world(&emulator);
    let mut client = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut client).await;
    handle.inject(&FaultTarget::All, &Fault::Reconnect);
    let reconnect = client.payload().await;
    assert_eq!(reconnect, serde_json::json!({ "t": null, "s": null, "op": 7, "d": null }));

    // Resumable: the connection stops serving the session, which keeps its events.
    handle.inject(&FaultTarget::All, &Fault::InvalidSession { resumable: true });
    assert_eq!(client.op(9).await["d"], true);
    let seq = client.seq.unwrap();
    handle.send_message(w.channel, w.user, "kept").unwrap();
    let mut client = resumed(&emulator, &session_id, seq).await;
    assert_eq!(client.payload().await["d"]["content"], "kept");
    assert_eq!(client.payload().await["t"], "RESUMED");

    // Not resumable: the session is gone, and the same connection may identify again.
    handle.inject(&FaultTarget::Shard(0), &Fault::InvalidSession { resumable: false });
    assert_eq!(client.op(9).await["d"], false);
    assert!(handle.sessions().is_empty());
    client.send(&gateway_support::identify(emulator.token(), GUILDS, None)).await;
    let ready: Value = client.dispatch("READY").await;
    assert_ne!(ready["d"]["session_id"], session_id.as_str());
}

#[tokio::test]
async fn a_resume_elsewhere_drops_the_old_connection() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let mut old = Client::connect(&emulator, "").await;
    let session_id = session(&emulator, &mut old).await;
    let seq = old.seq.unwrap();
    let mut new = resumed(&emulator, &session_id, seq).await;
    assert_eq!(new.payload().await["t"], "RESUMED");
    assert_eq!(old.closed().await, None, "the superseded connection is dropped");
    let sessions = emulator.handle().sessions();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].connection.is_some());
}

#[tokio::test]
async fn delayed_frames_arrive_late_and_in_order() {
    let emulator = builder().guilds(1).start().await.unwrap();
    let handle = emulator.handle();
    let w = world(&emulator);
    let mut client = Client::connect(&emulator, "").await;
    session(&emulator, &mut client).await;
    handle.inject(&FaultTarget::All, &Fault::DelayFrames(Duration::from_millis(100)));
    let sent = tokio::time::Instant::now();
    handle.send_message(w.channel, w.user, "slow 1").unwrap();
    handle.send_message(w.channel, w.user, "slow 2").unwrap();
    assert_eq!(client.payload().await["d"]["content"], "slow 1");
    assert_eq!(client.payload().await["d"]["content"], "slow 2");
    assert!(sent.elapsed() >= Duration::from_millis(200), "each frame waited");
    handle.inject(&FaultTarget::All, &Fault::DelayFrames(Duration::ZERO));
}

#[tokio::test]
async fn faults_reach_only_their_targets() {
    let emulator = builder().guilds(4).start().await.unwrap();
    let handle = emulator.handle();
    let mut a = Client::connect(&emulator, "").await;
    a.start(&emulator, GUILDS, Some([0, 2])).await;
    let mut b = Client::connect(&emulator, "").await;
    b.start(&emulator, GUILDS, Some([1, 2])).await;
    assert_eq!(handle.inject(&FaultTarget::Shard(1), &Fault::Close(4000)), 1);
    assert_eq!(b.closed().await, Some(4000));
    assert!(handle.wait_for(WAIT, |h| h.connections().len() == 1).await);
    let remaining = handle.connections();
    assert_eq!(remaining[0].shard.map(accord_model::gateway::ShardId::number), Some(0));
    assert_eq!(
        handle.inject(&FaultTarget::Connection(remaining[0].id), &Fault::RequestHeartbeat),
        1
    );
    assert_eq!(a.op(1).await["op"], 1);
    assert_eq!(handle.inject(&FaultTarget::Connection(9_999), &Fault::Drop), 0);
}
