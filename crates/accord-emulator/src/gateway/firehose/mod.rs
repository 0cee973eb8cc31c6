//! The firehose: a numbered stream of realistic dispatch events for benchmarks and soak
//! tests, written as fast as each client reads and accounted for event by event.
//!
//! Firehose events go through the sessions' normal sequence and replay buffers, so resuming
//! during a firehose works; they refer to real guilds, channels and members but do not change
//! the world. Each event carries its number (see [`firehose_number`]), and the ledger records
//! which session got which number under which sequence number, and which sessions were
//! invalidated before the client could read everything.

mod events;
mod ledger;

use std::sync::Arc;

use tokio::task::JoinHandle;
use tokio::time::{Duration, Instant};

pub use self::events::{FIREHOSE_ID_BASE, FIREHOSE_TYPING_BASE, firehose_number};
use self::events::{NUMBER_SPAN, Plan};
pub(crate) use self::ledger::Ledger;
pub use self::ledger::{FirehoseCheck, FirehoseReport, FirehoseSession};
use crate::shared::Shared;

/// How many events, in which mix, at which pace.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct FirehoseSpec {
    count: u64,
    seed: u64,
    window: u64,
}

impl FirehoseSpec {
    /// `count` events (at most 2^28), seed 1, a window of 256 frames.
    pub fn new(count: u64) -> Self {
        Self { count: count.min(NUMBER_SPAN), seed: 1, window: 256 }
    }

    /// The seed of the event mix: the same seed and world give the same events.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How many frames a session may have waiting to be written before the firehose waits
    /// for it (at least 1; also capped by the replay capacity so nothing falls out of it).
    pub fn window(mut self, window: u64) -> Self {
        self.window = window.max(1);
        self
    }

    /// How many events.
    pub fn count(&self) -> u64 {
        self.count
    }
}
/// A running (or finished) firehose.
#[derive(Debug)]
pub struct Firehose {
    task: JoinHandle<()>,
    shared: Arc<Shared>,
}

impl Firehose {
    /// Waits until every event has been emitted (not necessarily read by the clients) and
    /// returns the report. Cancel safe only in that the firehose keeps running if this
    /// future is dropped; the report stays available from
    /// [`crate::EmulatorHandle::firehose_report`].
    pub async fn finish(self) -> FirehoseReport {
        if let Err(error) = self.task.await {
            tracing::warn!(%error, "the firehose task failed");
        }
        report(&self.shared).unwrap_or_else(|| Ledger::new(0).report())
    }

    /// The report so far.
    pub fn report(&self) -> FirehoseReport {
        report(&self.shared).unwrap_or_else(|| Ledger::new(0).report())
    }

    /// Whether every event has been emitted.
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }
}

/// Why a firehose could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FirehoseError {
    /// Another firehose is still running.
    AlreadyRunning,
    /// No guild has a text channel and a member besides the bot to make events in.
    NoTargets,
}

impl std::fmt::Display for FirehoseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::AlreadyRunning => "a firehose is already running; wait for it to finish",
            Self::NoTargets => "no guild has a text channel and a member besides the bot",
        })
    }
}

impl std::error::Error for FirehoseError {}

/// The report of the current or last firehose.
pub(crate) fn report(shared: &Shared) -> Option<FirehoseReport> {
    shared.sessions.with_ledger(|ledger| ledger.as_ref().map(Ledger::report))
}

/// Starts a firehose.
pub(crate) fn start(shared: &Arc<Shared>, spec: FirehoseSpec) -> Result<Firehose, FirehoseError> {
    let plan = shared.read(|world| Plan::new(world, spec.seed)).ok_or(FirehoseError::NoTargets)?;
    shared.sessions.with_ledger(|ledger| {
        if ledger.as_ref().is_some_and(|l| !l.finished) {
            return Err(FirehoseError::AlreadyRunning);
        }
        *ledger = Some(Ledger::new(spec.count));
        Ok(())
    })?;
    tracing::info!(count = spec.count, seed = spec.seed, "firehose started");
    let task = tokio::spawn(produce(shared.clone(), spec, plan));
    Ok(Firehose { task, shared: shared.clone() })
}

async fn produce(shared: Arc<Shared>, spec: FirehoseSpec, mut plan: Plan) {
    let replay = u64::try_from(shared.config.gateway.replay_capacity).unwrap_or(u64::MAX);
    let window = spec.window.min(replay.max(1));
    let expiry = shared.config.timings.session_expiry;
    let recheck = (expiry / 4).clamp(Duration::from_millis(1), Duration::from_millis(100));
    for number in 0..spec.count {
        let dispatch = plan.event(number);
        loop {
            if shared.is_stopping() {
                tracing::info!(number, "firehose stopped with the emulator");
                finish(&shared);
                return;
            }
            let drained = shared.sessions.drained.notified();
            tokio::pin!(drained);
            drained.as_mut().enable();
            if shared.sessions.has_room(dispatch.guild_id, window) {
                break;
            }
            tokio::select! {
                () = drained => {}
                () = tokio::time::sleep(recheck) => {
                    shared.sessions.expire(Instant::now(), expiry);
                }
            }
        }
        shared.deliver_numbered(&dispatch, number);
    }
    finish(&shared);
    tracing::info!(count = spec.count, "firehose finished");
}

fn finish(shared: &Shared) {
    shared.sessions.with_ledger(|ledger| {
        if let Some(ledger) = ledger {
            ledger.finished = true;
        }
    });
}
