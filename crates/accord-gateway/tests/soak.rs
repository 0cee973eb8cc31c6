//! The soak test: numbered streams of events through one shard while 200 faults of every
//! kind hit its connections. Every event must arrive exactly once and in order, except those
//! lost to sessions the emulator invalidated, which the emulator's ledger accounts for one by
//! one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]
#![allow(clippy::print_stderr, reason = "the soak prints its accounting beside the test result")]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use accord_emulator::{
    EmulatorHandle, Fault, FaultTarget, FirehoseReport, FirehoseSpec, firehose_number,
};
use accord_gateway::{Compression, ReceiveErrorKind, Shard, ShardState};
use accord_model::gateway::ShardId;

use common::{config, emulator, patiently};

/// The faults, injected in turn.
fn faults() -> Vec<Fault> {
    vec![
        Fault::Drop,
        Fault::Close(4000),
        Fault::Reconnect,
        Fault::InvalidSession { resumable: true },
        Fault::CorruptFrame,
        Fault::Close(4007),
        Fault::RequestHeartbeat,
        Fault::TruncateFrame,
        Fault::StopHeartbeatAcks,
        Fault::Close(4001),
        Fault::InvalidSession { resumable: false },
        Fault::Close(4009),
        Fault::Close(1001),
        Fault::Close(4008),
    ]
}

const FAULTS: usize = 200;
/// Events received between two faults.
const SPACING: u64 = 40;
/// Events per firehose.
const BATCH: u64 = 2000;

/// One shard under faults, and what it received, firehose by firehose.
struct Soak {
    shard: Shard,
    handle: EmulatorHandle,
    faults: Vec<Fault>,
    injected: BTreeMap<String, usize>,
    errors: BTreeMap<String, usize>,
    /// Firehose numbers received, by session, for each finished firehose.
    finished: Vec<(FirehoseReport, HashMap<String, Vec<u64>>)>,
    /// The same for the running firehose.
    running: HashMap<String, Vec<u64>>,
    /// The finished firehose in which each invalidated session ended: its events still in
    /// flight when that firehose finished belong to it.
    ended_in: HashMap<String, usize>,
    count: u64,
    next_fault: u64,
    /// The fault last injected has taken effect once the shard has more connections than this.
    connections_before_fault: u64,
    zombies_expected: u64,
}

impl Soak {
    fn injected(&self) -> usize {
        self.injected.values().sum()
    }

    /// Reads one item from the shard, records it, and injects the next fault when due.
    async fn step(&mut self) {
        let item = patiently("the next event", self.shard.next_event()).await;
        match item.expect("the shard never ends by itself") {
            Ok(event) => {
                if let Some(number) = firehose_number(&event) {
                    let session = self.shard.session().expect("events arrive in a session");
                    let id = session.id().to_owned();
                    let numbers = match self.ended_in.get(&id) {
                        Some(&firehose) => self.finished[firehose].1.entry(id).or_default(),
                        None => self.running.entry(id).or_default(),
                    };
                    numbers.push(number);
                    self.count += 1;
                }
            }
            Err(error) => {
                assert!(!error.is_fatal(), "{error}");
                assert_ne!(*error.kind(), ReceiveErrorKind::Connect, "{error}");
                *self.errors.entry(format!("{:?}", error.kind())).or_default() += 1;
            }
        }
        // Each fault gets a connection of its own: the next one waits until the shard has
        // replaced the connection the last one broke (a zombie takes one or two heartbeat
        // intervals to notice).
        let counters = self.shard.counters();
        let settled = counters.connections() > self.connections_before_fault
            && counters.zombies() >= self.zombies_expected;
        let done = self.injected();
        if done < FAULTS && self.count >= self.next_fault && settled {
            let fault = &self.faults[done % self.faults.len()];
            let before = counters.connections();
            if self.handle.inject(&FaultTarget::All, fault) > 0 {
                *self.injected.entry(format!("{fault:?}")).or_default() += 1;
                self.next_fault = self.count + SPACING;
                if *fault != Fault::RequestHeartbeat {
                    self.connections_before_fault = before;
                }
                if *fault == Fault::StopHeartbeatAcks {
                    self.zombies_expected += 1;
                }
            }
        }
    }

    /// Runs one firehose until it has finished and every session still alive has delivered
    /// all it was given (including events dispatched to a session whose READY is yet to be
    /// read).
    async fn firehose(&mut self) {
        // Started with the shard identified or resumed, so that it is read from the start.
        while self.shard.state() != ShardState::Active {
            self.step().await;
        }
        let firehose = self.handle.firehose(FirehoseSpec::new(BATCH)).unwrap();
        loop {
            self.step().await;
            if !firehose.is_finished() {
                continue;
            }
            let report = firehose.report();
            let caught_up = report.sessions.iter().all(|session| {
                session.invalidated.is_some()
                    || self.running.get(&session.session_id).map_or(0, Vec::len)
                        == session.dispatched.len()
            });
            if caught_up {
                for session in report.sessions.iter().filter(|s| s.invalidated.is_some()) {
                    self.ended_in.insert(session.session_id.clone(), self.finished.len());
                }
                self.finished.push((report, std::mem::take(&mut self.running)));
                return;
            }
        }
    }
}

async fn soak(compression: Compression) {
    common::trace();
    let emulator = emulator().guilds(3).start().await.unwrap();
    let handle = emulator.handle().clone();
    let shard = Shard::new(ShardId::ONE, config(&emulator, compression).build().unwrap());
    let mut soak = Soak {
        shard,
        handle: handle.clone(),
        faults: faults(),
        injected: BTreeMap::new(),
        errors: BTreeMap::new(),
        finished: Vec::new(),
        running: HashMap::new(),
        ended_in: HashMap::new(),
        count: 0,
        next_fault: SPACING,
        connections_before_fault: 0,
        zombies_expected: 0,
    };
    // Firehoses run back to back until every fault is in: events emitted while the shard has
    // no session (between an invalidation and the next READY) reach nobody, so a firehose
    // runs out sooner the more sessions the faults end.
    while soak.injected() < FAULTS {
        soak.firehose().await;
    }

    let mut totals = Totals::default();
    for (report, received) in &soak.finished {
        totals.add(report, received);
    }
    let counters = soak.shard.counters();
    let emulated = handle.counters();
    eprintln!(
        "{compression:?}: {} events in {} firehoses: {} received exactly once and in order, \
         {} lost in {} sessions the emulator invalidated ({:?}), {} emitted while no session \
         existed; faults {:?}; errors {:?}; shard: {} connections, {} resumes, {} identifies, \
         {} zombies; emulator: {} resumes, {} identifies",
        totals.emitted,
        totals.firehoses,
        totals.received,
        totals.lost,
        totals.invalidated.len(),
        totals.reasons,
        totals.undispatched,
        soak.injected,
        soak.errors,
        counters.connections(),
        counters.resumes(),
        counters.identifies(),
        counters.zombies(),
        emulated.resumes,
        emulated.identifies,
    );
    assert_eq!(soak.injected(), FAULTS, "every fault reached a connection");
    assert_eq!(totals.received + totals.lost + totals.undispatched, totals.emitted);
    assert!(totals.received >= FAULTS as u64 * SPACING, "{totals:?}");
    // Every injected zombie was noticed; a busy machine may delay an ACK past a 206 ms
    // heartbeat interval now and then, which the shard rightly treats the same way.
    assert!(counters.zombies() >= soak.zombies_expected, "every zombie connection was noticed");
    assert!(counters.connections() > FAULTS as u64 * 9 / 10, "the faults broke connections");
    // A fault can cut a connection after the emulator accepted IDENTIFY or RESUME but before
    // READY or RESUMED reached the shard, never the other way round. (An IDENTIFY the emulator
    // refused, which scheduling jitter on a busy machine can cause with a 25 ms window, is
    // followed by another: the identify test checks the window itself, with a margin.)
    assert!(counters.identifies() >= emulated.identifies + emulated.identifies_refused);
    assert!(counters.resumes() <= emulated.resumes && counters.resumes() > 0);
}

/// What the firehoses of a soak did, added up.
#[derive(Debug, Default)]
struct Totals {
    firehoses: u32,
    emitted: u64,
    received: u64,
    lost: u64,
    undispatched: u64,
    invalidated: BTreeSet<String>,
    reasons: BTreeMap<String, usize>,
}

impl Totals {
    /// Checks one firehose against the emulator's ledger and adds it up: every event
    /// received exactly once and in order, or lost to a session the emulator invalidated
    /// (with the reason it recorded), or emitted while no session existed.
    fn add(&mut self, report: &FirehoseReport, received: &HashMap<String, Vec<u64>>) {
        assert_eq!(report.emitted, BATCH);
        let check = report
            .verify(received)
            .unwrap_or_else(|violation| panic!("firehose {}: {violation}", self.firehoses));
        let lost: u64 = check.lost.values().map(|numbers| numbers.len() as u64).sum();
        assert_eq!(check.received + lost + check.undispatched, BATCH, "every event accounted for");
        for (session_id, numbers) in &check.lost {
            let session = report.sessions.iter().find(|s| &s.session_id == session_id).unwrap();
            let reason = session.invalidated.expect("losses come only from invalidated sessions");
            assert!(!numbers.is_empty());
            if self.invalidated.insert(session_id.clone()) {
                *self.reasons.entry(format!("{reason:?}")).or_default() += 1;
            }
        }
        self.firehoses += 1;
        self.emitted += report.emitted;
        self.received += check.received;
        self.lost += lost;
        self.undispatched += check.undispatched;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_zstd() {
    soak(Compression::ZstdStream).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_zlib() {
    soak(Compression::ZlibStream).await;
}
