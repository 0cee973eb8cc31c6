//! The state every part of the emulator shares: config, world, sessions, counters, faults.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::config::Config;
use crate::gateway::registry::Registry;
use crate::world::World;

/// Everything behind an [`crate::Emulator`] and its handles.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) addr: SocketAddr,
    world: Mutex<World>,
    pub(crate) sessions: Registry,
    pub(crate) counters: Counters,
}

impl Shared {
    pub(crate) fn new(config: Config, addr: SocketAddr, world: World) -> Self {
        Self {
            config,
            addr,
            world: Mutex::new(world),
            sessions: Registry::default(),
            counters: Counters::default(),
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
}

/// What the emulator has done, for tests to assert on.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) events_dispatched: AtomicU64,
    pub(crate) identifies: AtomicU64,
    pub(crate) resumes: AtomicU64,
    pub(crate) rest_requests: AtomicU64,
    pub(crate) rate_limited: AtomicU64,
    pub(crate) invalid_requests: AtomicU64,
}
