//! The framework: commands, routes and hooks behind one `handle(event)`.

mod builder;
mod checks;
mod dispatch;
mod source;

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use accord_http::Client;
use accord_model::application::command::Command as ApplicationCommand;
use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, GuildMarker, UserMarker};
use futures_core::Stream;
use futures_util::StreamExt;
use tokio::task::JoinHandle;

pub use self::builder::{DEFAULT_AUTO_DEFER, DataState, FrameworkBuilder, MissingData};
pub use self::source::EventItem;
use crate::cache::{CacheState, NoCache};
use crate::command::{BoxFuture, Command};
use crate::context::Context;
use crate::cooldown::Cooldowns;
use crate::error::FrameworkError;
use crate::http_interactions::Responders;
use crate::invocation::Invocation;
use crate::registration::{self, Scope, SyncOutcome};
use crate::router::Route;
use crate::waiter::Waiters;

pub(crate) type ErrorHook<D, C> =
    Arc<dyn Fn(FrameworkError, Context<D, C>) -> BoxFuture<'static, ()> + Send + Sync>;
pub(crate) type ContextHook<D, C> =
    Arc<dyn Fn(Context<D, C>) -> BoxFuture<'static, ()> + Send + Sync>;

/// Settings of the framework.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) prefixes: Vec<String>,
    pub(crate) mention_prefix: bool,
    pub(crate) case_insensitive: bool,
    pub(crate) owners: HashSet<Id<UserMarker>>,
    pub(crate) auto_defer: Option<Duration>,
    pub(crate) ignore_bots: bool,
}

/// What every context shares: the framework's state.
pub(crate) struct Shared<D, C: CacheState = NoCache> {
    pub(crate) http: Client,
    /// Given to the builder, or learnt from READY, an interaction or `GET /applications/@me`.
    pub(crate) application_id: OnceLock<Id<ApplicationMarker>>,
    pub(crate) data: Arc<D>,
    pub(crate) commands: Vec<Command<D, C>>,
    pub(crate) routes: Vec<Route<D, C>>,
    pub(crate) options: Options,
    pub(crate) on_error: ErrorHook<D, C>,
    pub(crate) pre_command: Option<ContextHook<D, C>>,
    pub(crate) post_command: Option<ContextHook<D, C>>,
    pub(crate) cooldowns: Cooldowns,
    pub(crate) waiters: Arc<Waiters>,
    pub(crate) bot_user_id: Mutex<Option<Id<UserMarker>>>,
    pub(crate) cache: C::Store,
    /// The responders of interactions that came over HTTP, until their invocation takes them.
    pub(crate) responders: Responders,
}

/// The auto-defer timer of one interaction: it defers the interaction if the handler has not
/// answered in time, and stops when dropped, however the handler ended (returned, failed or
/// panicked).
#[derive(Debug)]
pub(crate) struct AutoDefer(Option<JoinHandle<()>>);

impl AutoDefer {
    /// Lets the timer run on its own: for an interaction a waiter hands to the command,
    /// which answers it (or not) after the guard's scope.
    pub(crate) fn detach(mut self) {
        self.0.take();
    }
}

impl Drop for AutoDefer {
    fn drop(&mut self) {
        if let Some(timer) = self.0.take() {
            timer.abort();
        }
    }
}

impl<D: Send + Sync + 'static, C: CacheState> Shared<D, C> {
    /// Defers `invocation` if it is still unanswered after the auto-defer delay, until the
    /// returned guard is dropped.
    pub(crate) fn schedule_auto_defer(&self, invocation: &Arc<Invocation>) -> AutoDefer {
        let Some(delay) = self.options.auto_defer else { return AutoDefer(None) };
        if invocation.interaction().is_none() {
            return AutoDefer(None);
        }
        let invocation = invocation.clone();
        AutoDefer(Some(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            match invocation.acknowledge_if_unanswered().await {
                Ok(true) => tracing::debug!("interaction deferred automatically"),
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "automatic deferral failed"),
            }
        })))
    }

    pub(crate) fn bot_user_id(&self) -> Option<Id<UserMarker>> {
        *self.bot_user_id.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The application id, once known.
    pub(crate) fn application_id(&self) -> Option<Id<ApplicationMarker>> {
        self.application_id.get().copied()
    }

    /// The application id, fetched with `GET /applications/@me` when no READY, interaction
    /// or builder gave it yet.
    async fn application_id_or_fetch(&self) -> Result<Id<ApplicationMarker>, accord_http::Error> {
        if let Some(id) = self.application_id() {
            return Ok(id);
        }
        let application = self.http.get_my_application().await?.model().await?;
        Ok(*self.application_id.get_or_init(|| application.id))
    }
}

/// The command framework. Cheap to clone.
///
/// Feed it events with [`handle`](Self::handle) (or [`run`](Self::run) over a stream) from
/// any source: a shard, a group of shards, an HTTP interactions endpoint. Each command runs
/// in its own task, so a slow command does not hold up the others.
///
/// `C` says whether it holds a cache ([`NoCache`] by default; see
/// `Framework::builder_with_cache`, with the `cache` feature).
pub struct Framework<D, C: CacheState = NoCache> {
    pub(crate) shared: Arc<Shared<D, C>>,
}

impl<D, C: CacheState> Clone for Framework<D, C> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone() }
    }
}

impl<D, C: CacheState> fmt::Debug for Framework<D, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Framework")
            .field("application_id", &self.shared.application_id.get())
            .field("commands", &self.shared.commands.iter().map(Command::name).collect::<Vec<_>>())
            .field("routes", &self.shared.routes.len())
            .field("options", &self.shared.options)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static> Framework<D> {
    /// A builder, without a cache and without data (which [`FrameworkBuilder::data`] gives).
    pub fn builder() -> FrameworkBuilder<D> {
        FrameworkBuilder::new()
    }
}

#[cfg(feature = "cache")]
impl<D: Send + Sync + 'static> Framework<D, accord_cache::InMemoryCache> {
    /// A builder of a framework that feeds and reads `cache` (see
    /// [`FrameworkBuilder::with_cache`]).
    pub fn builder_with_cache(
        cache: Arc<accord_cache::InMemoryCache>,
    ) -> FrameworkBuilder<D, accord_cache::InMemoryCache> {
        FrameworkBuilder::with_cache(cache)
    }

    /// The cache the framework feeds.
    pub fn cache(&self) -> &Arc<accord_cache::InMemoryCache> {
        &self.shared.cache
    }
}

impl<D: Send + Sync + 'static, C: CacheState> Framework<D, C> {
    /// The commands.
    pub fn commands(&self) -> &[Command<D, C>] {
        &self.shared.commands
    }

    /// The user data.
    pub fn data(&self) -> &Arc<D> {
        &self.shared.data
    }

    /// The HTTP client.
    pub fn http(&self) -> &Client {
        &self.shared.http
    }

    /// The application's id: the one given to the builder, else the one of the first READY
    /// or interaction; `None` before either.
    pub fn application_id(&self) -> Option<Id<ApplicationMarker>> {
        self.shared.application_id()
    }

    /// The waiters of components and modals, offered every such interaction first.
    pub fn waiters(&self) -> &Arc<Waiters> {
        &self.shared.waiters
    }

    /// Processes one event: feeds the cache (if the framework holds one), then handles a
    /// prefix command in a message, a slash or context-menu command, an autocomplete, a
    /// component or a modal. The work runs in a spawned task, returned so that a caller may
    /// wait for it; `None` when the event needs no work.
    ///
    /// Must be called inside a tokio runtime.
    pub fn handle(&self, event: Event) -> Option<JoinHandle<()>> {
        C::update(&self.shared.cache, &event);
        dispatch::handle(&self.shared, event)
    }

    /// Handles every item of `events` until it ends: a [`Shard`], a [`ShardGroup`], or any
    /// stream of [`EventItem`]s (events, or results of events whose errors are logged).
    ///
    /// ```no_run
    /// # use accord_framework::Framework;
    /// # use accord_gateway::{Shard, ShardGroup};
    /// async fn one(framework: Framework<()>, shard: Shard) {
    ///     framework.run(shard).await;
    /// }
    ///
    /// async fn many(framework: Framework<()>, group: ShardGroup) {
    ///     framework.run(group).await;
    /// }
    /// ```
    ///
    /// Cancel safe: dropping the future stops reading; commands already started go on.
    ///
    /// [`Shard`]: https://docs.rs/accord-gateway/latest/accord_gateway/struct.Shard.html
    /// [`ShardGroup`]: https://docs.rs/accord-gateway/latest/accord_gateway/struct.ShardGroup.html
    pub async fn run<S>(&self, events: S)
    where
        S: Stream,
        S::Item: EventItem,
    {
        let mut events = std::pin::pin!(events);
        while let Some(item) = events.next().await {
            if let Some(event) = item.into_event() {
                self.handle(event);
            }
        }
    }

    /// The application commands the command set registers.
    pub fn application_commands(&self) -> Vec<ApplicationCommand> {
        registration::command_set(&self.shared.commands)
    }

    /// Registers the commands globally, with one bulk write only when they changed.
    pub async fn register_globally(&self) -> Result<SyncOutcome, accord_http::Error> {
        let local = self.application_commands();
        let application_id = self.shared.application_id_or_fetch().await?;
        registration::sync(&self.shared.http, application_id, Scope::Global, &local).await
    }

    /// Registers the commands in one guild, with one bulk write only when they changed.
    pub async fn register_in_guild(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Result<SyncOutcome, accord_http::Error> {
        let local = self.application_commands();
        let application_id = self.shared.application_id_or_fetch().await?;
        registration::sync(&self.shared.http, application_id, Scope::Guild(guild_id), &local).await
    }
}
