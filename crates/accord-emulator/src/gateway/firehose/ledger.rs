//! The firehose ledger: which session got which number under which sequence number, and
//! the report and check built from it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use accord_model::gateway::ShardId;

use crate::gateway::registry::Invalidation;

/// What happened to every firehose event so far.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FirehoseReport {
    /// How many events the firehose was asked for.
    pub total: u64,
    /// How many it has emitted so far.
    pub emitted: u64,
    /// Whether it has emitted all of them (or stopped with the emulator).
    pub finished: bool,
    /// Every session that received firehose events, by id.
    pub sessions: Vec<FirehoseSession>,
    /// Numbers no session received: no session served their shard then, or its intents left
    /// them out.
    pub undispatched: Vec<u64>,
}

/// The firehose as one session saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FirehoseSession {
    /// The session id from READY.
    pub session_id: String,
    /// Its shard.
    pub shard: ShardId,
    /// `(sequence number, firehose number)` of every firehose event it got, in order.
    pub dispatched: Vec<(u64, u64)>,
    /// Why it ended, if it did.
    pub invalidated: Option<Invalidation>,
    /// For an invalidated session, the numbers it got after the last sequence number known to
    /// have reached the client: the highest one written to a socket, or the sequence of a
    /// failed RESUME. A connection dropped without a close frame may also have lost a few
    /// written frames in flight; those are in `dispatched` after the client's last sequence.
    pub undelivered: Vec<u64>,
}

/// What a client received, checked against the ledger by [`FirehoseReport::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FirehoseCheck {
    /// Numbers received exactly once.
    pub received: u64,
    /// Numbers lost to sessions the emulator invalidated, by session id.
    pub lost: BTreeMap<String, Vec<u64>>,
    /// Numbers no session got.
    pub undispatched: u64,
}

impl FirehoseReport {
    /// Checks what a client received, as firehose numbers per session id in the order they
    /// arrived: each session's numbers must be the numbers dispatched to it, in order,
    /// except that an invalidated session may stop short; every number must arrive exactly
    /// once, or be lost to an invalidated session, or be undispatched. The error names the
    /// first violation.
    pub fn verify(&self, received: &HashMap<String, Vec<u64>>) -> Result<FirehoseCheck, String> {
        let mut seen = HashSet::new();
        let mut lost = BTreeMap::new();
        for (session_id, numbers) in received {
            let Some(session) = self.sessions.iter().find(|s| &s.session_id == session_id) else {
                if numbers.is_empty() {
                    continue;
                }
                return Err(format!(
                    "session {session_id} received firehose events but the ledger has none for it"
                ));
            };
            let expected: Vec<u64> = session.dispatched.iter().map(|(_, n)| *n).collect();
            if !expected.starts_with(numbers) {
                let at = numbers.iter().zip(&expected).position(|(a, b)| a != b);
                return Err(format!(
                    "session {session_id}: received {} events, dispatched {}; first difference at index {at:?}",
                    numbers.len(),
                    expected.len()
                ));
            }
            let missing = expected.get(numbers.len()..).unwrap_or_default();
            if let Some(first) = missing.first() {
                if session.invalidated.is_none() {
                    return Err(format!(
                        "session {session_id} is live but {} events were not received (first {first})",
                        missing.len(),
                    ));
                }
                lost.insert(session_id.clone(), missing.to_vec());
            }
            for number in numbers {
                if !seen.insert(*number) {
                    return Err(format!("firehose event {number} was received twice"));
                }
            }
        }
        for session in &self.sessions {
            if !received.contains_key(&session.session_id) && !session.dispatched.is_empty() {
                if session.invalidated.is_none() {
                    return Err(format!("live session {} received nothing", session.session_id));
                }
                lost.insert(
                    session.session_id.clone(),
                    session.dispatched.iter().map(|d| d.1).collect(),
                );
            }
        }
        let undispatched: HashSet<u64> = self.undispatched.iter().copied().collect();
        let lost_numbers: HashSet<u64> = lost.values().flatten().copied().collect();
        for number in 0..self.emitted {
            if !seen.contains(&number)
                && !lost_numbers.contains(&number)
                && !undispatched.contains(&number)
            {
                return Err(format!("firehose event {number} is unaccounted for"));
            }
        }
        Ok(FirehoseCheck {
            received: seen.len() as u64,
            lost,
            undispatched: undispatched.len() as u64,
        })
    }
}

/// The ledger the registry keeps while a firehose runs (and after, for its report).
#[derive(Debug)]
pub(crate) struct Ledger {
    total: u64,
    emitted: u64,
    pub(super) finished: bool,
    sessions: BTreeMap<Arc<str>, Entry>,
    undispatched: Vec<u64>,
}

#[derive(Debug)]
struct Entry {
    shard: ShardId,
    dispatched: Vec<(u64, u64)>,
    invalidated: Option<(Invalidation, u64)>,
}

impl Ledger {
    pub(super) fn new(total: u64) -> Self {
        Self {
            total,
            emitted: 0,
            finished: false,
            sessions: BTreeMap::new(),
            undispatched: Vec::new(),
        }
    }

    /// Records who got event `number`.
    pub(crate) fn record(&mut self, number: u64, received: Vec<(Arc<str>, ShardId, u64)>) {
        self.emitted = self.emitted.max(number + 1);
        if received.is_empty() {
            self.undispatched.push(number);
        }
        for (session, shard, seq) in received {
            self.sessions
                .entry(session)
                .or_insert_with(|| Entry { shard, dispatched: Vec::new(), invalidated: None })
                .dispatched
                .push((seq, number));
        }
    }

    /// Records that a session ended after the client confirmed sequence `confirmed`.
    pub(crate) fn invalidated(&mut self, session: &str, reason: Invalidation, confirmed: u64) {
        if let Some(entry) = self.sessions.get_mut(session) {
            entry.invalidated = Some((reason, confirmed));
        }
    }

    pub(super) fn report(&self) -> FirehoseReport {
        FirehoseReport {
            total: self.total,
            emitted: self.emitted,
            finished: self.finished,
            sessions: self
                .sessions
                .iter()
                .map(|(id, entry)| FirehoseSession {
                    session_id: id.to_string(),
                    shard: entry.shard,
                    dispatched: entry.dispatched.clone(),
                    invalidated: entry.invalidated.map(|(reason, _)| reason),
                    undelivered: entry
                        .invalidated
                        .map(|(_, confirmed)| {
                            entry
                                .dispatched
                                .iter()
                                .filter(|(seq, _)| *seq > confirmed)
                                .map(|d| d.1)
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect(),
            undispatched: self.undispatched.clone(),
        }
    }
}
