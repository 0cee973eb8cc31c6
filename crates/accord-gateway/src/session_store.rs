//! Where shards keep their sessions between processes: a [`SessionStore`] trait, an in-memory
//! implementation, and the shard's side of it (load at start, save at a bounded rate, save or
//! delete on close).

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use accord_model::gateway::ShardId;
use tokio::time::{Instant, Sleep};

use crate::exclusive::Exclusive;
use crate::session::Session;

/// What a [`SessionStore`] fails with.
pub type SessionStoreError = Box<dyn StdError + Send + Sync>;

/// A future of a [`SessionStore`] operation.
pub type SessionStoreFuture<T> =
    Pin<Box<dyn Future<Output = Result<T, SessionStoreError>> + Send + 'static>>;

/// Keeps each shard's [`Session`] by shard id (number and total), so that a process started
/// again resumes its shards instead of identifying them.
///
/// Give one to [`crate::ConfigBuilder::session_store`]: a shard then loads its session before
/// it first connects (and resumes it if there is one), saves the session at most once per
/// [`crate::ConfigBuilder::session_save_interval`] while events arrive, saves it when closed
/// with [`crate::CloseMode::Resumable`] (and when dropped inside a tokio runtime), and deletes
/// it when the session ends. A failing store is logged and never stops a shard: it identifies
/// instead of resuming.
///
/// The futures own what they need (`'static`), so implementations clone their handles in.
pub trait SessionStore: fmt::Debug + Send + Sync {
    /// The stored session of `shard`, if any.
    fn load(&self, shard: ShardId) -> SessionStoreFuture<Option<Session>>;

    /// Stores `session` as `shard`'s, replacing what was there.
    fn save(&self, shard: ShardId, session: Session) -> SessionStoreFuture<()>;

    /// Forgets `shard`'s session.
    fn delete(&self, shard: ShardId) -> SessionStoreFuture<()>;
}

/// A [`SessionStore`] in this process's memory: for tests, and for a bot that restarts its
/// shards (not its process) and wants them to resume. Clones share the sessions.
///
/// ```
/// use accord_gateway::{InMemorySessionStore, Session, SessionStore};
/// use accord_model::gateway::ShardId;
///
/// # async fn run() -> Result<(), accord_gateway::SessionStoreError> {
/// let store = InMemorySessionStore::new();
/// let shard = ShardId::new(1, 4).unwrap();
/// store.save(shard, Session::new("abc", 7, "wss://resume.example")).await?;
/// assert_eq!(store.load(shard).await?.map(|s| s.sequence()), Some(7));
/// assert_eq!(store.load(ShardId::new(1, 8).unwrap()).await?, None);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct InMemorySessionStore {
    sessions: Arc<Mutex<HashMap<ShardId, Session>>>,
}

impl InMemorySessionStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<ShardId, Session>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every stored session, by shard.
    pub fn sessions(&self) -> HashMap<ShardId, Session> {
        self.lock().clone()
    }
}

impl SessionStore for InMemorySessionStore {
    fn load(&self, shard: ShardId) -> SessionStoreFuture<Option<Session>> {
        let session = self.lock().get(&shard).cloned();
        Box::pin(async move { Ok(session) })
    }

    fn save(&self, shard: ShardId, session: Session) -> SessionStoreFuture<()> {
        self.lock().insert(shard, session);
        Box::pin(async { Ok(()) })
    }

    fn delete(&self, shard: ShardId) -> SessionStoreFuture<()> {
        self.lock().remove(&shard);
        Box::pin(async { Ok(()) })
    }
}

/// A shard's use of its store: the load before the first connection, and one write (save or
/// delete) at a time, at most one save per interval.
pub(crate) struct Persistence {
    store: Arc<dyn SessionStore>,
    interval: Duration,
    /// `None` once loaded (or when the shard was given a session).
    load: Option<Exclusive<SessionStoreFuture<Option<Session>>>>,
    loading: bool,
    write: Option<Exclusive<SessionStoreFuture<()>>>,
    /// What the store holds as far as this shard knows.
    stored: Option<Session>,
    /// No save before this.
    next_save: Option<Pin<Box<Sleep>>>,
}

impl fmt::Debug for Persistence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Persistence")
            .field("store", &self.store)
            .field("interval", &self.interval)
            .field("stored", &self.stored.as_ref().map(Session::sequence))
            .finish_non_exhaustive()
    }
}

impl Persistence {
    /// `given` is the session the shard was configured with: it is resumed without a load.
    pub(crate) fn new(
        store: Arc<dyn SessionStore>,
        interval: Duration,
        given: Option<&Session>,
    ) -> Self {
        Self {
            store,
            interval,
            load: None,
            loading: given.is_none(),
            write: None,
            stored: None,
            next_save: None,
        }
    }

    /// Loads the stored session before the first connection: `Ready(Some)` with a session to
    /// resume, `Ready(None)` to identify (nothing stored, or the store failed).
    pub(crate) fn poll_load(
        &mut self,
        shard: ShardId,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Session>> {
        if !self.loading {
            return Poll::Ready(None);
        }
        let store = &self.store;
        let load = self.load.get_or_insert_with(|| Exclusive::new(store.load(shard)));
        let Poll::Ready(result) = load.get_mut().as_mut().poll(cx) else { return Poll::Pending };
        self.load = None;
        self.loading = false;
        match result {
            Ok(Some(session)) => {
                tracing::info!(
                    session = session.id(),
                    seq = session.sequence(),
                    "resuming a stored session"
                );
                self.stored = Some(session.clone());
                Poll::Ready(Some(session))
            }
            Ok(None) => Poll::Ready(None),
            Err(error) => {
                tracing::warn!(%error, "could not load the stored session; identifying");
                Poll::Ready(None)
            }
        }
    }

    /// Brings the store up to `current`: a changed session is saved once the interval since
    /// the last save has passed (at once when `now` is set), a session gone is deleted at
    /// once. Returns whether a write is still in flight.
    pub(crate) fn poll_write(
        &mut self,
        shard: ShardId,
        current: Option<&Session>,
        now: bool,
        cx: &mut Context<'_>,
    ) -> bool {
        loop {
            if let Some(write) = &mut self.write {
                let Poll::Ready(result) = write.get_mut().as_mut().poll(cx) else { return true };
                self.write = None;
                if let Err(error) = result {
                    tracing::warn!(%error, "could not write the session to its store");
                }
            }
            if self.loading || current == self.stored.as_ref() {
                return false;
            }
            match current {
                None => self.write = Some(Exclusive::new(self.store.delete(shard))),
                Some(session) => {
                    if !now
                        && let Some(sleep) = &mut self.next_save
                        && sleep.as_mut().poll(cx).is_pending()
                    {
                        return false;
                    }
                    self.next_save =
                        Some(Box::pin(tokio::time::sleep_until(Instant::now() + self.interval)));
                    self.write = Some(Exclusive::new(self.store.save(shard, session.clone())));
                }
            }
            self.stored = current.cloned();
        }
    }

    /// The save a dropped shard still owes, if its session changed since the last write.
    pub(crate) fn last_save(
        &self,
        shard: ShardId,
        current: Option<&Session>,
    ) -> Option<SessionStoreFuture<()>> {
        let session = current.filter(|session| Some(*session) != self.stored.as_ref())?;
        Some(self.store.save(shard, session.clone()))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::task::Context;
    use std::time::Duration;

    use accord_model::gateway::ShardId;

    use super::{InMemorySessionStore, Persistence, SessionStore};
    use crate::session::Session;

    #[tokio::test]
    async fn the_memory_store_keeps_sessions_by_number_and_total() {
        let store = InMemorySessionStore::new();
        let (one, other_total) = (ShardId::new(1, 4).unwrap(), ShardId::new(1, 8).unwrap());
        store.save(one, Session::new("a", 1, "ws://x")).await.unwrap();
        store.save(one, Session::new("a", 5, "ws://x")).await.unwrap();
        assert_eq!(store.load(one).await.unwrap(), Some(Session::new("a", 5, "ws://x")));
        assert_eq!(store.load(other_total).await.unwrap(), None);
        let clone = store.clone();
        clone.delete(one).await.unwrap();
        assert_eq!(store.load(one).await.unwrap(), None);
        assert!(store.sessions().is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn saves_are_bounded_by_the_interval_and_deletes_are_immediate() {
        let store = InMemorySessionStore::new();
        let shard = ShardId::ONE;
        let mut persistence =
            Persistence::new(Arc::new(store.clone()), Duration::from_secs(1), None);
        let mut cx = Context::from_waker(std::task::Waker::noop());
        assert_eq!(persistence.poll_load(shard, &mut cx), std::task::Poll::Ready(None));
        let stored =
            |store: &InMemorySessionStore| store.sessions().get(&shard).map(Session::sequence);

        let mut session = Session::new("s", 1, "ws://x");
        assert!(!persistence.poll_write(shard, Some(&session), false, &mut cx));
        assert_eq!(stored(&store), Some(1), "the first save goes at once");
        session.set_sequence(2);
        persistence.poll_write(shard, Some(&session), false, &mut cx);
        assert_eq!(stored(&store), Some(1), "within the interval nothing is saved");
        tokio::time::advance(Duration::from_millis(999)).await;
        persistence.poll_write(shard, Some(&session), false, &mut cx);
        assert_eq!(stored(&store), Some(1));
        tokio::time::advance(Duration::from_millis(1)).await;
        persistence.poll_write(shard, Some(&session), false, &mut cx);
        assert_eq!(stored(&store), Some(2), "saved once the interval passed");
        session.set_sequence(3);
        persistence.poll_write(shard, Some(&session), true, &mut cx);
        assert_eq!(stored(&store), Some(3), "a close saves at once");
        assert!(persistence.last_save(shard, Some(&session)).is_none(), "nothing owed");
        session.set_sequence(4);
        assert!(persistence.last_save(shard, Some(&session)).is_some());
        persistence.poll_write(shard, None, false, &mut cx);
        assert_eq!(stored(&store), None, "a session gone is deleted at once");
    }

    #[tokio::test]
    async fn a_given_session_is_not_loaded_and_a_stored_one_is() {
        let store = InMemorySessionStore::new();
        let session = Session::new("s", 9, "ws://x");
        store.save(ShardId::ONE, session.clone()).await.unwrap();
        let mut cx = Context::from_waker(std::task::Waker::noop());
        let mut given = Persistence::new(Arc::new(store.clone()), Duration::ZERO, Some(&session));
        assert_eq!(given.poll_load(ShardId::ONE, &mut cx), std::task::Poll::Ready(None));
        let mut loaded = Persistence::new(Arc::new(store), Duration::ZERO, None);
        assert_eq!(loaded.poll_load(ShardId::ONE, &mut cx), std::task::Poll::Ready(Some(session)));
    }
}
