//! Sessions, connections and event delivery: which session gets which event, with which
//! sequence number, and which connection writes it.
//!
//! A session keeps every frame it has not yet written plus the last `replay_capacity` frames,
//! so one buffer serves both the live connection (which reads from it at its own pace) and
//! RESUME (which rewinds the read position).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use accord_model::gateway::{Event, Intents, ShardId};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, UserMarker};
use tokio::sync::{Notify, mpsc};
use tokio::time::{Duration, Instant};

use super::compress::Compression;
use super::delivery::deliver_one;
use super::fault::{Fault, FaultTarget};
use super::firehose::Ledger;
use crate::world::Dispatch;
use crate::world::guild_create::View;

/// Why a session ended for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Invalidation {
    /// The client closed with 1000 or 1001.
    ClientClosed {
        /// The close code.
        code: u16,
    },
    /// The emulator closed the connection with a code that ends the session (4007, 4009 or
    /// one of the codes that forbid reconnecting).
    ServerClosed {
        /// The close code.
        code: u16,
    },
    /// The emulator sent INVALID_SESSION with `d: false` (by fault injection, or because a
    /// RESUME asked for a sequence the session no longer has).
    InvalidSession,
    /// Nobody resumed the session within `session_expiry` of its last disconnect.
    Expired,
}

/// A message to the task serving one connection.
#[derive(Debug, Clone)]
pub(crate) enum Control {
    Fault(Fault),
    /// Another connection resumed this connection's session: drop this one.
    Superseded,
    /// The emulator is stopping.
    Shutdown,
}

/// A gateway session: it outlives connections, so that a client can resume.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) id: Arc<str>,
    pub(crate) shard: ShardId,
    pub(crate) view: View,
    /// The sequence number of the last event dispatched to this session.
    pub(crate) seq: u64,
    /// Frames by sequence number: every one not yet written, and the last `replay_capacity`.
    frames: VecDeque<(u64, Arc<str>)>,
    /// The highest sequence number a connection has written to its socket.
    pub(crate) written: u64,
    /// The connection currently serving the session.
    pub(crate) connection: Option<u64>,
    /// Wakes the serving connection when frames arrive.
    pub(crate) wake: Arc<Notify>,
    /// When the last connection went away; a session expires `session_expiry` after.
    pub(crate) disconnected_at: Option<Instant>,
}

impl Session {
    pub(crate) fn new(id: Arc<str>, shard: ShardId, view: View) -> Self {
        Self {
            id,
            shard,
            view,
            seq: 0,
            frames: VecDeque::new(),
            written: 0,
            connection: None,
            wake: Arc::new(Notify::new()),
            disconnected_at: None,
        }
    }

    /// Assigns the next sequence number to a dispatch and queues it.
    pub(crate) fn push(&mut self, name: &str, data: &str, replay_capacity: usize) -> u64 {
        self.seq += 1;
        let frame: Arc<str> =
            format!(r#"{{"t":"{name}","s":{},"op":0,"d":{data}}}"#, self.seq).into();
        self.frames.push_back((self.seq, frame));
        self.trim(replay_capacity);
        self.wake.notify_one();
        self.seq
    }

    /// Drops frames that are both written and older than the replay window. A session nobody
    /// serves also loses unwritten frames past the window: its RESUME will then fail.
    fn trim(&mut self, replay_capacity: usize) {
        while self.frames.len() > replay_capacity {
            match self.frames.front() {
                Some((seq, _)) if *seq <= self.written || self.connection.is_none() => {
                    self.frames.pop_front();
                }
                _ => break,
            }
        }
    }

    /// Up to `max` frames after sequence `after`.
    fn frames_after(&self, after: u64, max: usize) -> Vec<(u64, Arc<str>)> {
        let Some((first, _)) = self.frames.front() else { return Vec::new() };
        let skip = usize::try_from((after + 1).saturating_sub(*first)).unwrap_or(usize::MAX);
        self.frames.iter().skip(skip).take(max).cloned().collect()
    }

    /// Whether every frame after `seq` is still here, so a RESUME from `seq` loses nothing.
    fn can_replay_from(&self, seq: u64) -> bool {
        if seq > self.seq {
            return false;
        }
        match self.frames.front() {
            Some((first, _)) => *first <= seq + 1,
            None => seq == self.seq,
        }
    }
}

/// A live websocket connection.
#[derive(Debug)]
pub(crate) struct ConnectionEntry {
    pub(crate) control: mpsc::UnboundedSender<Control>,
    pub(crate) shard: Option<ShardId>,
    pub(crate) session: Option<Arc<str>>,
    pub(crate) compression: Compression,
}

/// What a RESUME found.
#[derive(Debug)]
pub(crate) enum ResumeOutcome {
    /// The session is now served by the resuming connection.
    Resumed { shard: ShardId, view: View, wake: Arc<Notify> },
    /// No such session (never existed, invalidated or expired).
    Unknown,
    /// The session exists but cannot replay from that sequence; it is now invalidated.
    BadSequence,
}

#[derive(Debug, Default)]
struct Inner {
    sessions: HashMap<Arc<str>, Session>,
    connections: BTreeMap<u64, ConnectionEntry>,
    firehose: Option<Ledger>,
}

/// Every session and connection.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    inner: Mutex<Inner>,
    next_connection: AtomicU64,
    /// Woken whenever a connection has written frames, for the firehose's backpressure.
    pub(crate) drained: Notify,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a connection and returns its id.
    pub(crate) fn open_connection(
        &self,
        control: mpsc::UnboundedSender<Control>,
        compression: Compression,
    ) -> u64 {
        let id = self.next_connection.fetch_add(1, Ordering::Relaxed) + 1;
        self.lock()
            .connections
            .insert(id, ConnectionEntry { control, shard: None, session: None, compression });
        id
    }

    /// Forgets a connection that has ended.
    pub(crate) fn close_connection(&self, id: u64) {
        self.lock().connections.remove(&id);
    }

    /// Registers a new session served by `connection`, with its first frames (READY and the
    /// GUILD_CREATEs) already queued.
    pub(crate) fn create_session(
        &self,
        mut session: Session,
        connection: u64,
        frames: &[(&str, String)],
        replay_capacity: usize,
    ) -> Arc<Notify> {
        session.connection = Some(connection);
        for (name, data) in frames {
            session.push(name, data, replay_capacity);
        }
        let wake = session.wake.clone();
        let mut inner = self.lock();
        if let Some(entry) = inner.connections.get_mut(&connection) {
            entry.shard = Some(session.shard);
            entry.session = Some(session.id.clone());
        }
        inner.sessions.insert(session.id.clone(), session);
        wake
    }

    /// Points a session at the connection that resumed it, to replay everything after `seq`.
    pub(crate) fn resume(&self, session_id: &str, seq: u64, connection: u64) -> ResumeOutcome {
        let mut inner = self.lock();
        let Some(session) = inner.sessions.get_mut(session_id) else {
            return ResumeOutcome::Unknown;
        };
        if !session.can_replay_from(seq) {
            let (id, confirmed) = (session.id.clone(), seq.min(session.written));
            drop(invalidate_locked(&mut inner, &id, Invalidation::InvalidSession, Some(confirmed)));
            return ResumeOutcome::BadSequence;
        }
        let previous = session.connection.replace(connection);
        session.disconnected_at = None;
        session.written = seq;
        let (shard, view, wake, id) =
            (session.shard, session.view, session.wake.clone(), session.id.clone());
        if let Some(previous) = previous.filter(|p| *p != connection)
            && let Some(entry) = inner.connections.get_mut(&previous)
        {
            entry.session = None;
            let _ = entry.control.send(Control::Superseded);
        }
        if let Some(entry) = inner.connections.get_mut(&connection) {
            entry.shard = Some(shard);
            entry.session = Some(id);
        }
        ResumeOutcome::Resumed { shard, view, wake }
    }

    /// Up to `max` frames after `after` for the connection serving the session; `None` when
    /// the session is gone or served by another connection.
    pub(crate) fn frames_after(
        &self,
        session_id: &str,
        connection: u64,
        after: u64,
        max: usize,
    ) -> Option<Vec<(u64, Arc<str>)>> {
        let inner = self.lock();
        let session = inner.sessions.get(session_id)?;
        (session.connection == Some(connection)).then(|| session.frames_after(after, max))
    }

    /// Whether the session has frames after `after` for this connection to write; `None`
    /// when the connection no longer serves it.
    pub(crate) fn pending(&self, session_id: &str, connection: u64, after: u64) -> Option<bool> {
        let inner = self.lock();
        let session = inner.sessions.get(session_id)?;
        (session.connection == Some(connection)).then_some(session.seq > after)
    }

    /// Records that a connection wrote frames up to `seq`.
    pub(crate) fn mark_written(
        &self,
        session_id: &str,
        connection: u64,
        seq: u64,
        replay_capacity: usize,
    ) {
        {
            let mut inner = self.lock();
            if let Some(session) = inner.sessions.get_mut(session_id)
                && session.connection == Some(connection)
                && seq > session.written
            {
                session.written = seq;
                session.trim(replay_capacity);
            }
        }
        self.drained.notify_waiters();
    }

    /// The connection stopped serving the session, which stays resumable until it expires.
    pub(crate) fn detach(&self, session_id: &str, connection: u64) {
        let mut inner = self.lock();
        if let Some(session) = inner.sessions.get_mut(session_id)
            && session.connection == Some(connection)
        {
            session.connection = None;
            session.disconnected_at = Some(Instant::now());
        }
        if let Some(entry) = inner.connections.get_mut(&connection) {
            entry.session = None;
        }
        drop(inner);
        self.drained.notify_waiters();
    }

    /// Ends a session for good. `delivered` is the last sequence number known to reach the
    /// client, when the caller knows better than the written sequence (frames already handed
    /// to the writer ahead of an INVALID_SESSION). Returns whether the session existed.
    pub(crate) fn invalidate(
        &self,
        session_id: &str,
        reason: Invalidation,
        delivered: Option<u64>,
    ) -> bool {
        let found = invalidate_locked(&mut self.lock(), session_id, reason, delivered).is_some();
        self.drained.notify_waiters();
        found
    }

    /// Invalidates sessions disconnected for longer than `expiry`. Returns how many.
    pub(crate) fn expire(&self, now: Instant, expiry: Duration) -> usize {
        let mut inner = self.lock();
        let expired: Vec<Arc<str>> = inner
            .sessions
            .values()
            .filter(|s| {
                s.disconnected_at.is_some_and(|at| now.saturating_duration_since(at) >= expiry)
            })
            .map(|s| s.id.clone())
            .collect();
        for id in &expired {
            tracing::debug!(session = %id, "session expired");
            invalidate_locked(&mut inner, id, Invalidation::Expired, None);
        }
        drop(inner);
        if !expired.is_empty() {
            self.drained.notify_waiters();
        }
        expired.len()
    }

    /// Delivers events to every session whose shard and intents select them. Returns how many
    /// frames were produced.
    pub(crate) fn deliver(
        &self,
        dispatches: &[Dispatch],
        bot_id: Id<UserMarker>,
        replay_capacity: usize,
    ) -> u64 {
        if dispatches.is_empty() {
            return 0;
        }
        let mut inner = self.lock();
        dispatches
            .iter()
            .map(|dispatch| {
                deliver_one(&mut inner.sessions, dispatch, bot_id, replay_capacity, |_, _| {})
            })
            .sum()
    }

    /// Delivers one firehose event and records in the ledger which session got it with
    /// which sequence number.
    pub(crate) fn deliver_numbered(
        &self,
        dispatch: &Dispatch,
        number: u64,
        bot_id: Id<UserMarker>,
        replay_capacity: usize,
    ) -> u64 {
        let mut inner = self.lock();
        let Inner { sessions, firehose, .. } = &mut *inner;
        let mut received = Vec::new();
        let delivered = deliver_one(sessions, dispatch, bot_id, replay_capacity, |session, seq| {
            received.push((session.id.clone(), session.shard, seq));
        });
        if let Some(ledger) = firehose {
            ledger.record(number, received);
        }
        delivered
    }

    /// Queues an event for one session only (replies to its own commands). Returns the
    /// sequence number, or `None` when the session is gone.
    pub(crate) fn push_to(
        &self,
        session_id: &str,
        event: &Event,
        replay_capacity: usize,
    ) -> Option<u64> {
        let data = serde_json::to_string(&event.payload()).unwrap_or_default();
        let mut inner = self.lock();
        let session = inner.sessions.get_mut(session_id)?;
        Some(session.push(event.name(), &data, replay_capacity))
    }

    /// The control channels of the connections a fault is aimed at.
    pub(crate) fn send_fault(&self, target: &FaultTarget, fault: &Fault) -> usize {
        let inner = self.lock();
        inner
            .connections
            .iter()
            .filter(|(id, entry)| match target {
                FaultTarget::All => true,
                FaultTarget::Shard(number) => entry.shard.is_some_and(|s| s.number() == *number),
                FaultTarget::Connection(wanted) => *id == wanted,
                FaultTarget::Session(wanted) => entry.session.as_deref() == Some(wanted.as_str()),
            })
            .filter(|(_, entry)| entry.control.send(Control::Fault(fault.clone())).is_ok())
            .count()
    }

    /// Tells every connection that the emulator is stopping.
    pub(crate) fn shutdown(&self) {
        for entry in self.lock().connections.values() {
            let _ = entry.control.send(Control::Shutdown);
        }
    }

    /// Whether each live session of the shard `guild_id` maps to has fewer than `window`
    /// frames waiting to be written (sessions nobody serves count too: the firehose waits
    /// for them to resume or expire).
    pub(crate) fn has_room(&self, guild_id: Option<Id<GuildMarker>>, window: u64) -> bool {
        let inner = self.lock();
        inner.sessions.values().all(|session| {
            let shard =
                guild_id.map_or(0, |g| ShardId::for_guild(g, session.shard.total()).number());
            shard != session.shard.number()
                || session.seq - session.written.min(session.seq) < window
        })
    }

    /// Runs `f` with the firehose ledger slot.
    pub(crate) fn with_ledger<T>(&self, f: impl FnOnce(&mut Option<Ledger>) -> T) -> T {
        f(&mut self.lock().firehose)
    }

    /// A snapshot of the sessions, by id.
    pub(crate) fn sessions(&self) -> Vec<SessionInfo> {
        let inner = self.lock();
        let mut sessions: Vec<_> = inner
            .sessions
            .values()
            .map(|s| SessionInfo {
                id: s.id.to_string(),
                shard: s.shard,
                intents: s.view.intents,
                seq: s.seq,
                written: s.written,
                connection: s.connection,
            })
            .collect();
        sessions.sort_by(|a, b| a.id.cmp(&b.id));
        sessions
    }

    /// A snapshot of the live connections, in the order they opened.
    pub(crate) fn connections(&self) -> Vec<ConnectionInfo> {
        self.lock()
            .connections
            .iter()
            .map(|(id, entry)| ConnectionInfo {
                id: *id,
                shard: entry.shard,
                session_id: entry.session.as_deref().map(str::to_owned),
                compression: entry.compression,
            })
            .collect()
    }
}

/// A session as the control API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionInfo {
    /// The session id from READY.
    pub id: String,
    /// The shard the session serves.
    pub shard: ShardId,
    /// The intents it identified with.
    pub intents: Intents,
    /// The sequence number of the last event dispatched to it.
    pub seq: u64,
    /// The sequence number of the last event written to a socket.
    pub written: u64,
    /// The connection serving it, or `None` while it waits to be resumed.
    pub connection: Option<u64>,
}

/// A live gateway connection as the control API shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectionInfo {
    /// The connection's id, for [`FaultTarget::Connection`].
    pub id: u64,
    /// The shard it identified or resumed as, if it has.
    pub shard: Option<ShardId>,
    /// The session it serves, if any.
    pub session_id: Option<String>,
    /// Its transport compression.
    pub compression: Compression,
}

fn invalidate_locked(
    inner: &mut Inner,
    session_id: &str,
    reason: Invalidation,
    delivered: Option<u64>,
) -> Option<Session> {
    let session = inner.sessions.remove(session_id)?;
    tracing::debug!(session = %session_id, ?reason, "session invalidated");
    if let Some(connection) = session.connection
        && let Some(entry) = inner.connections.get_mut(&connection)
    {
        entry.session = None;
    }
    if let Some(ledger) = &mut inner.firehose {
        ledger.invalidated(&session.id, reason, delivered.unwrap_or(session.written));
    }
    Some(session)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use accord_model::gateway::{Intents, ShardId};

    use super::{Registry, ResumeOutcome, Session};
    use crate::world::guild_create::View;

    fn session(id: &str) -> Session {
        Session::new(
            Arc::from(id),
            ShardId::ONE,
            View { intents: Intents::GUILDS, large_threshold: 50 },
        )
    }

    #[test]
    fn frames_wait_for_the_writer_and_replay_from_a_sequence() {
        let registry = Registry::default();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let connection = registry.open_connection(tx, super::Compression::None);
        registry.create_session(
            session("a"),
            connection,
            &[("READY", "{}".to_owned()), ("GUILD_CREATE", "{}".to_owned())],
            1,
        );
        for _ in 0..3 {
            registry.push_to(
                "a",
                &accord_model::gateway::Event::Resumed(
                    accord_model::gateway::event::Resumed::default(),
                ),
                1,
            );
        }
        // Nothing is written yet, so nothing is dropped despite a capacity of 1.
        let frames = registry.frames_after("a", connection, 0, 10).unwrap();
        assert_eq!(frames.iter().map(|f| f.0).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
        assert!(frames[2].1.starts_with(r#"{"t":"RESUMED","s":3,"op":0,"d":{}"#));
        registry.mark_written("a", connection, 4, 1);
        assert_eq!(registry.frames_after("a", connection, 3, 10).unwrap().len(), 1);
        registry.detach("a", connection);
        assert!(matches!(registry.resume("a", 2, connection), ResumeOutcome::BadSequence));
        assert!(matches!(registry.resume("a", 5, connection), ResumeOutcome::Unknown));
    }

    #[test]
    fn a_resume_replays_what_was_written_but_not_received() {
        let registry = Registry::default();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let connection = registry.open_connection(tx, super::Compression::None);
        let frames: Vec<_> = (0..5).map(|_| ("READY", "{}".to_owned())).collect();
        registry.create_session(session("b"), connection, &frames, 100);
        registry.mark_written("b", connection, 5, 100);
        registry.detach("b", connection);
        assert!(matches!(registry.resume("b", 2, connection), ResumeOutcome::Resumed { .. }));
        let replay = registry.frames_after("b", connection, 2, 10).unwrap();
        assert_eq!(replay.iter().map(|f| f.0).collect::<Vec<_>>(), [3, 4, 5]);
        assert!(matches!(registry.resume("b", 6, connection), ResumeOutcome::BadSequence));
    }
}
