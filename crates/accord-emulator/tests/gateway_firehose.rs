//! The firehose: numbered events through the normal session path, read as fast as the client
//! reads, every one accounted for across resumes and invalidated sessions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod gateway_support;

use std::collections::HashMap;

use accord_emulator::{Emulator, Fault, FaultTarget, FirehoseSpec, firehose_number};
use accord_model::gateway::GatewayEvent;
use gateway_support::{ALL, Client, builder, identify, resume};
use serde_json::Value;

/// The firehose number of a raw payload, read through the model like any client would.
fn number(payload: &Value) -> Option<u64> {
    match GatewayEvent::from_json(&payload.to_string()).ok()? {
        GatewayEvent::Dispatch { event, .. } => firehose_number(&event),
        _ => None,
    }
}

/// What a client received, by session.
#[derive(Default)]
struct Received {
    by_session: HashMap<String, Vec<u64>>,
}

impl Received {
    fn take(&mut self, session: &str, payload: &Value) {
        if let Some(number) = number(payload) {
            self.by_session.entry(session.to_owned()).or_default().push(number);
        }
    }

    fn count(&self, session: &str) -> usize {
        self.by_session.get(session).map_or(0, Vec::len)
    }
}

async fn emulator() -> Emulator {
    builder().guilds(3).members_per_guild(30).start().await.unwrap()
}

#[tokio::test]
async fn every_event_arrives_once_and_in_order() {
    let emulator = emulator().await;
    let mut client = Client::connect(&emulator, "&compress=zstd-stream").await;
    let session =
        client.start(&emulator, ALL, None).await["session_id"].as_str().unwrap().to_owned();
    let firehose = emulator.handle().firehose(FirehoseSpec::new(3_000).seed(5).window(64)).unwrap();
    let mut received = Received::default();
    let mut last_seq = client.seq.unwrap();
    while received.count(&session) < 3_000 {
        let payload = client.payload().await;
        let seq = payload["s"].as_u64().unwrap();
        assert_eq!(seq, last_seq + 1, "sequence numbers have no gaps");
        last_seq = seq;
        received.take(&session, &payload);
    }
    let report = firehose.finish().await;
    assert!(report.finished && report.undispatched.is_empty());
    let check = report.verify(&received.by_session).unwrap();
    assert_eq!((check.received, check.lost.len()), (3_000, 0));
    assert_eq!(received.by_session[&session], (0..3_000).collect::<Vec<_>>());
    // The ledger's sequence numbers are the ones the client saw.
    let dispatched = &report.sessions[0].dispatched;
    assert_eq!(dispatched.last().unwrap().0, last_seq);
}

#[tokio::test]
async fn a_dropped_connection_resumes_mid_firehose_without_loss() {
    let emulator = emulator().await;
    let handle = emulator.handle();
    let mut client = Client::connect(&emulator, "&compress=zlib-stream").await;
    let session =
        client.start(&emulator, ALL, None).await["session_id"].as_str().unwrap().to_owned();
    let firehose = handle.firehose(FirehoseSpec::new(2_000).window(32)).unwrap();
    let mut received = Received::default();
    let mut drops = 0;
    while received.count(&session) < 2_000 {
        if received.count(&session) >= 500 * (drops + 1) && drops < 2 {
            drops += 1;
            handle.inject(&FaultTarget::All, &Fault::Drop);
            // Read what was in flight until the connection ends.
            while let gateway_support::Recv::Payload(payload) = client.recv().await {
                received.take(&session, &payload);
            }
            let seq = client.seq.unwrap();
            client = Client::connect(&emulator, "&compress=zlib-stream").await;
            client.payload().await;
            client.send(&resume(emulator.token(), &session, seq)).await;
            continue;
        }
        let payload = client.payload().await;
        received.take(&session, &payload);
    }
    let report = firehose.finish().await;
    let check = report.verify(&received.by_session).unwrap();
    assert_eq!(check.received, 2_000);
    assert_eq!(handle.counters().resumes, 2);
}

#[tokio::test]
async fn events_lost_to_an_invalidated_session_are_accounted_for() {
    let emulator = emulator().await;
    let handle = emulator.handle();
    let mut client = Client::connect(&emulator, "").await;
    let first = client.start(&emulator, ALL, None).await["session_id"].as_str().unwrap().to_owned();
    let firehose = handle.firehose(FirehoseSpec::new(1_500).window(16)).unwrap();
    let mut received = Received::default();
    while received.count(&first) < 300 {
        let payload = client.payload().await;
        received.take(&first, &payload);
    }
    handle.inject(&FaultTarget::All, &Fault::InvalidSession { resumable: false });
    // Whatever was written before the INVALID_SESSION still counts for the first session.
    loop {
        let payload = client.payload().await;
        if payload["op"] == 9 {
            assert_eq!(payload["d"], false);
            break;
        }
        received.take(&first, &payload);
    }
    client.send(&identify(emulator.token(), ALL, None)).await;
    let second = client.dispatch("READY").await["d"]["session_id"].as_str().unwrap().to_owned();
    let report = firehose.finish().await;
    let expected =
        report.sessions.iter().find(|s| s.session_id == second).map_or(0, |s| s.dispatched.len());
    while received.count(&second) < expected {
        let payload = client.payload().await;
        received.take(&second, &payload);
    }
    let check = report.verify(&received.by_session).unwrap();
    let first_report = report.sessions.iter().find(|s| s.session_id == first).unwrap();
    assert!(first_report.invalidated.is_some());
    assert_eq!(check.lost.get(&first).cloned().unwrap_or_default(), first_report.undelivered);
    assert_eq!(
        check.received
            + check.lost.values().map(|l| l.len() as u64).sum::<u64>()
            + check.undispatched,
        1_500,
        "every number is received, lost with its session, or undispatched"
    );
    // A client that skipped an event is caught.
    let mut tampered = received.by_session.clone();
    if let Some(numbers) = tampered.get_mut(&second).filter(|n| !n.is_empty()) {
        numbers.pop();
        assert!(report.verify(&tampered).is_err());
    }
}
