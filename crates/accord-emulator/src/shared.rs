//! The state every part of the emulator shares: config, world, sessions, counters, faults.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use accord_model::id::Id;
use accord_model::id::marker::InteractionMarker;
use tokio::time::Instant;

use crate::config::Config;
use crate::gateway::limits::{IdentifyLimiter, MemberCooldown};
use crate::gateway::registry::Registry;
use crate::rest::PendingInteraction;
use crate::world::{Dispatch, World};

/// Everything behind an [`crate::Emulator`] and its handles.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) addr: SocketAddr,
    world: Mutex<World>,
    pub(crate) sessions: Registry,
    pub(crate) counters: Counters,
    /// The identify buckets and budget, with the log of accepted identifies.
    pub(crate) identify: Mutex<IdentifyLimiter>,
    /// The one-full-member-list-per-guild rule.
    pub(crate) member_requests: Mutex<MemberCooldown>,
    /// REST rate limits, faults and per-route counters.
    pub(crate) rest: crate::rest::RestState,
    /// Interactions started over the HTTP control API, for their outcome and modals. Cleared
    /// when the emulator stops (each holds a reference back to this state).
    interactions: Mutex<HashMap<Id<InteractionMarker>, PendingInteraction>>,
    stopping: AtomicBool,
}

impl Shared {
    pub(crate) fn new(config: Config, addr: SocketAddr, mut world: World) -> Self {
        world.complete_roles();
        let started = Instant::now();
        Self {
            rest: crate::rest::RestState::new(&config),
            config,
            addr,
            world: Mutex::new(world),
            sessions: Registry::default(),
            counters: Counters::default(),
            identify: Mutex::new(IdentifyLimiter::new(started)),
            member_requests: Mutex::new(MemberCooldown::default()),
            interactions: Mutex::new(HashMap::new()),
            stopping: AtomicBool::new(false),
        }
    }

    /// Reads the world. The lock is released before this returns, so it is never held
    /// across an await.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        f(&self.world.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Changes the world and delivers the events the change caused, in order, before any
    /// other change can happen.
    pub(crate) fn mutate<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        let mut world = self.world.lock().unwrap_or_else(PoisonError::into_inner);
        let result = f(&mut world);
        let dispatches = world.take_outbox();
        let delivered =
            self.sessions.deliver(&dispatches, world.bot_id(), self.config.gateway.replay_capacity);
        self.counters.events_dispatched.fetch_add(delivered, Ordering::Relaxed);
        result
    }

    /// Delivers one firehose event, ordered with world changes like any other event.
    pub(crate) fn deliver_numbered(&self, dispatch: &Dispatch, number: u64) {
        let world = self.world.lock().unwrap_or_else(PoisonError::into_inner);
        let delivered = self.sessions.deliver_numbered(
            dispatch,
            number,
            world.bot_id(),
            self.config.gateway.replay_capacity,
        );
        drop(world);
        self.counters.events_dispatched.fetch_add(delivered, Ordering::Relaxed);
    }

    /// Queues a dispatch for one session only (the answer to one of its commands). Returns
    /// its sequence number, or `None` when the session is gone.
    pub(crate) fn reply(
        &self,
        session_id: &str,
        event: &accord_model::gateway::Event,
    ) -> Option<u64> {
        let seq = self.sessions.push_to(session_id, event, self.config.gateway.replay_capacity);
        if seq.is_some() {
            self.counters.events_dispatched.fetch_add(1, Ordering::Relaxed);
        }
        seq
    }

    /// Marks the emulator as stopping: connections close and the firehose ends.
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.interactions.lock().unwrap_or_else(PoisonError::into_inner).clear();
        self.sessions.shutdown();
    }

    /// Keeps an interaction started over the HTTP control API.
    pub(crate) fn remember_interaction(&self, pending: PendingInteraction) {
        let mut interactions = self.interactions.lock().unwrap_or_else(PoisonError::into_inner);
        interactions.insert(pending.id(), pending);
    }

    /// An interaction started over the HTTP control API.
    pub(crate) fn interaction(&self, id: Id<InteractionMarker>) -> Option<PendingInteraction> {
        self.interactions.lock().unwrap_or_else(PoisonError::into_inner).get(&id).cloned()
    }

    /// `http://ADDR`, or `https://ADDR` when the emulator serves TLS.
    pub(crate) fn http_origin(&self) -> String {
        let scheme = if self.config.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// `ws://ADDR`, or `wss://ADDR` when the emulator serves TLS.
    pub(crate) fn ws_origin(&self) -> String {
        let scheme = if self.config.tls.is_some() { "wss" } else { "ws" };
        format!("{scheme}://{}", self.addr)
    }

    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::Relaxed)
    }
}

/// What the emulator has done, for tests to assert on.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) events_dispatched: AtomicU64,
    pub(crate) identifies: AtomicU64,
    pub(crate) resumes: AtomicU64,
    pub(crate) rest_requests: AtomicU64,
    /// HTTP requests (REST and control API) that arrived over HTTP/2.
    pub(crate) http2_requests: AtomicU64,
    pub(crate) rate_limited: AtomicU64,
    pub(crate) invalid_requests: AtomicU64,
    /// INVALID_SESSION payloads sent, either way.
    pub(crate) invalid_sessions: AtomicU64,
    /// Gateway connections accepted.
    pub(crate) connections: AtomicU64,
    /// Gateway connections that ended without a close frame either way.
    pub(crate) connections_dropped: AtomicU64,
    /// Gateway close codes, by who closed: the emulator or the client.
    pub(crate) closes: Mutex<Closes>,
}

/// Gateway close codes and how often each was used.
#[derive(Debug, Default, Clone)]
pub(crate) struct Closes {
    pub(crate) by_server: BTreeMap<u16, u64>,
    pub(crate) by_client: BTreeMap<u16, u64>,
}

impl Counters {
    /// Counts a close frame.
    pub(crate) fn closed(&self, code: u16, by_server: bool) {
        let mut closes = self.closes.lock().unwrap_or_else(PoisonError::into_inner);
        let map = if by_server { &mut closes.by_server } else { &mut closes.by_client };
        *map.entry(code).or_default() += 1;
    }
}
