//! Many shards in one process: created from a shard count or Discord's recommendation, their
//! event streams merged into one.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::poll_fn;
use std::ops::Range;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Wake, Waker};

use accord_model::gateway::{Event, GatewayBot, ShardId};
use futures_core::Stream;

use crate::command::{CloseMode, ShardSender};
use crate::config::Config;
use crate::error::{ConfigError, ConfigErrorKind, ReceiveError};
use crate::session::Session;
use crate::shard::Shard;

/// A range of shards run together, read as one stream of `(shard, event)`.
///
/// Every shard shares the configuration's identify queue, so they identify bucket by bucket
/// in order; give the configuration a queue that knows the bot's `max_concurrency` (see
/// [`crate::ConfigBuilder::gateway_bot`]). Only shards with something to do are polled, so a
/// group of thousands of mostly idle shards costs little per event. The group is polled from
/// one task; to spread shards over cores, run several groups (or single shards) in their own
/// tasks with one shared queue.
///
/// ```no_run
/// use std::sync::Arc;
/// use accord_gateway::{Config, ShardGroup};
/// use accord_model::gateway::{GatewayBot, Intents};
/// use futures_util::StreamExt;
///
/// # async fn run(bot: GatewayBot) {
/// // `bot` is what GET /gateway/bot returned.
/// let config = Config::builder(std::env::var("DISCORD_TOKEN").unwrap(), Intents::GUILDS)
///     .gateway_bot(&bot)
///     .build()
///     .unwrap();
/// let mut group = ShardGroup::recommended(&bot, &config);
/// while let Some((shard, item)) = group.next().await {
///     if let Ok(event) = item {
///         println!("{shard}: {:?}", event.kind());
///     }
/// }
/// # }
/// ```
///
/// # Re-sharding at runtime
///
/// When Discord recommends more shards, start a second group with the new count next to the
/// running one (same token, same queue), wait until each of its shards has yielded READY and
/// the GUILD_CREATEs of its guilds, then [`close`](Self::close) the old group with
/// [`CloseMode::End`] and keep reading the new one. Events arrive twice while both run
/// (each guild is on one shard of each group), so drop the old group's events once the new
/// one is ready, or make handlers idempotent. The identify budget must cover the new shard
/// count.
pub struct ShardGroup {
    shards: Vec<Shard>,
    /// Which shards have ended.
    ended: Vec<bool>,
    live: usize,
    ready: Arc<ReadyQueue>,
    wakers: Vec<Waker>,
}

impl fmt::Debug for ShardGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ShardGroup")
            .field("shards", &self.shards.iter().map(Shard::id).collect::<Vec<_>>())
            .field("live", &self.live)
            .finish_non_exhaustive()
    }
}

/// Which shards were woken and should be polled, in order.
#[derive(Debug, Default)]
struct ReadyQueue {
    state: Mutex<ReadyState>,
}

#[derive(Debug, Default)]
struct ReadyState {
    queue: VecDeque<usize>,
    queued: Vec<bool>,
    parent: Option<Waker>,
}

impl ReadyQueue {
    fn lock(&self) -> MutexGuard<'_, ReadyState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, index: usize) -> Option<Waker> {
        let mut guard = self.lock();
        let state = &mut *guard;
        if let Some(queued) = state.queued.get_mut(index).filter(|queued| !**queued) {
            *queued = true;
            state.queue.push_back(index);
        }
        state.parent.clone()
    }
}

/// The waker given to one shard: it queues the shard and wakes the group's task.
struct ShardWaker {
    index: usize,
    ready: Arc<ReadyQueue>,
}

impl Wake for ShardWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if let Some(parent) = self.ready.push(self.index) {
            parent.wake();
        }
    }
}

impl ShardGroup {
    /// Shards `numbers` of `total`, all with `config` (its session, if any, is ignored).
    pub fn new(numbers: Range<u32>, total: u32, config: &Config) -> Result<Self, ConfigError> {
        Self::with_sessions(numbers, total, config, &HashMap::new())
    }

    /// Like [`new`](Self::new), resuming the given sessions by shard number: a restarted
    /// process resumes the shards it ran instead of identifying them again.
    pub fn with_sessions(
        numbers: Range<u32>,
        total: u32,
        config: &Config,
        sessions: &HashMap<u32, Session>,
    ) -> Result<Self, ConfigError> {
        if numbers.end > total || numbers.is_empty() {
            return Err(ConfigError::new(ConfigErrorKind::ShardRange {
                start: numbers.start,
                end: numbers.end,
                total,
            }));
        }
        let shards = numbers.filter_map(|number| {
            let id = ShardId::new(number, total)?;
            let config = config.clone().with_session(sessions.get(&number).cloned());
            Some(Shard::new(id, config))
        });
        Ok(Self::from_shards(shards))
    }

    /// Every shard Discord recommends (`bot.shards`, at least one).
    pub fn recommended(bot: &GatewayBot, config: &Config) -> Self {
        let total = bot.shards.max(1);
        let shards = (0..total)
            .filter_map(|number| ShardId::new(number, total))
            .map(|id| Shard::new(id, config.clone().with_session(None)));
        Self::from_shards(shards)
    }

    /// A group of shards made elsewhere, polled in the order given.
    pub fn from_shards(shards: impl IntoIterator<Item = Shard>) -> Self {
        let shards: Vec<Shard> = shards.into_iter().collect();
        let count = shards.len();
        let ready = Arc::new(ReadyQueue::default());
        {
            let mut state = ready.lock();
            state.queue = (0..count).collect();
            state.queued = vec![true; count];
        }
        let wakers = (0..count)
            .map(|index| Waker::from(Arc::new(ShardWaker { index, ready: ready.clone() })))
            .collect();
        Self { shards, ended: vec![false; count], live: count, ready, wakers }
    }

    /// The shards.
    pub fn shards(&self) -> &[Shard] {
        &self.shards
    }

    /// The shards, to change one (for example to read its latency or close it).
    pub fn shards_mut(&mut self) -> &mut [Shard] {
        &mut self.shards
    }

    /// The shard with this number, if the group runs it.
    pub fn shard(&self, number: u32) -> Option<&Shard> {
        self.shards.iter().find(|shard| shard.id().number() == number)
    }

    /// The shards, taken out of the group.
    pub fn into_shards(self) -> Vec<Shard> {
        self.shards
    }

    /// How many shards the group has.
    pub fn len(&self) -> usize {
        self.shards.len()
    }

    /// Whether the group has no shard.
    pub fn is_empty(&self) -> bool {
        self.shards.is_empty()
    }

    /// A sender per shard, for commands from other tasks.
    pub fn senders(&self) -> Vec<ShardSender> {
        self.shards.iter().map(Shard::sender).collect()
    }

    /// The current session of every shard that has one, to store for a restart.
    pub fn sessions(&self) -> HashMap<u32, Session> {
        self.shards
            .iter()
            .filter_map(|shard| Some((shard.id().number(), shard.session()?)))
            .collect()
    }

    /// The next event of any shard, or `None` once every shard has ended. Cancel safe, like
    /// [`Shard::next_event`].
    pub async fn next_event(&mut self) -> Option<(ShardId, Result<Event, ReceiveError>)> {
        poll_fn(|cx| self.poll_event(cx)).await
    }

    /// Closes every shard and waits until all have ended; returns the sessions kept by
    /// [`CloseMode::Resumable`]. Cancel safe: polling the group again finishes the close.
    pub async fn close(&mut self, mode: CloseMode) -> HashMap<u32, Session> {
        for shard in &self.shards {
            // A shard that has already ended has nothing left to close.
            let _ = shard.sender().close(mode);
        }
        poll_fn(|cx| {
            loop {
                match self.poll_event(cx) {
                    Poll::Ready(None) => return Poll::Ready(()),
                    Poll::Ready(Some(_)) => {}
                    Poll::Pending => return Poll::Pending,
                }
            }
        })
        .await;
        self.sessions()
    }

    fn poll_event(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<(ShardId, Result<Event, ReceiveError>)>> {
        {
            let mut state = self.ready.lock();
            if !state.parent.as_ref().is_some_and(|parent| parent.will_wake(cx.waker())) {
                state.parent = Some(cx.waker().clone());
            }
        }
        loop {
            if self.live == 0 {
                return Poll::Ready(None);
            }
            let next = {
                let mut state = self.ready.lock();
                let next = state.queue.pop_front();
                if let Some(queued) = next.and_then(|index| state.queued.get_mut(index)) {
                    *queued = false;
                }
                next
            };
            let Some(index) = next else { return Poll::Pending };
            // Indices in the queue come from this group's own shards, so every lookup succeeds.
            let (Some(ended @ false), Some(waker), Some(shard)) =
                (self.ended.get_mut(index), self.wakers.get(index), self.shards.get_mut(index))
            else {
                continue;
            };
            let mut shard_cx = Context::from_waker(waker);
            match shard.poll_next_event(&mut shard_cx) {
                Poll::Ready(Some(item)) => {
                    let id = shard.id();
                    // It may have more ready; others get their turn first.
                    let _ = self.ready.push(index);
                    return Poll::Ready(Some((id, item)));
                }
                Poll::Ready(None) => {
                    *ended = true;
                    self.live -= 1;
                }
                Poll::Pending => {}
            }
        }
    }
}

impl Stream for ShardGroup {
    type Item = (ShardId, Result<Event, ReceiveError>);

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_event(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use accord_model::gateway::{GatewayBot, Intents, SessionStartLimit};

    use super::ShardGroup;
    use crate::config::Config;
    use crate::error::ConfigErrorKind;
    use crate::session::Session;

    fn config() -> Config {
        Config::builder("t", Intents::GUILDS).gateway_url("ws://127.0.0.1:1").build().unwrap()
    }

    #[test]
    fn ranges_must_fit_the_total() {
        let group = ShardGroup::new(2..5, 8, &config()).unwrap();
        let numbers: Vec<u32> = group.shards().iter().map(|s| s.id().number()).collect();
        assert_eq!(numbers, [2, 3, 4]);
        assert!(group.shards().iter().all(|s| s.id().total() == 8));
        let error = ShardGroup::new(6..9, 8, &config()).unwrap_err();
        assert_eq!(*error.kind(), ConfigErrorKind::ShardRange { start: 6, end: 9, total: 8 });
    }

    #[test]
    fn the_recommended_count_is_used() {
        let bot = GatewayBot::new("wss://x", 3, SessionStartLimit::new(1000, 1000, 0, 1));
        let group = ShardGroup::recommended(&bot, &config());
        assert_eq!(group.len(), 3);
        assert_eq!(group.shard(2).map(|s| s.id().total()), Some(3));
    }

    #[test]
    fn sessions_go_to_their_shards() {
        let sessions = HashMap::from([(1, Session::new("one", 9, "ws://127.0.0.1:2"))]);
        let group = ShardGroup::with_sessions(0..2, 2, &config(), &sessions).unwrap();
        assert_eq!(group.shard(0).unwrap().session(), None);
        assert_eq!(group.shard(1).unwrap().session().unwrap().sequence(), 9);
        assert_eq!(group.sessions(), sessions);
    }
}
