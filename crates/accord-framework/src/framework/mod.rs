//! The framework: commands, routes and hooks behind one `handle(event)`.

mod builder;
mod checks;
mod dispatch;

use std::collections::HashSet;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use accord_http::Client;
use accord_model::application::command::Command as ApplicationCommand;
use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, GuildMarker, UserMarker};
use futures_core::Stream;
use futures_util::StreamExt;
use tokio::task::JoinHandle;

pub use self::builder::{DEFAULT_AUTO_DEFER, FrameworkBuilder};
use crate::command::{BoxFuture, Command};
use crate::context::Context;
use crate::cooldown::Cooldowns;
use crate::error::FrameworkError;
use crate::invocation::Invocation;
use crate::registration::{self, Scope, SyncOutcome};
use crate::router::Route;
use crate::waiter::Waiters;

pub(crate) type ErrorHook<D> =
    Arc<dyn Fn(FrameworkError, Context<D>) -> BoxFuture<'static, ()> + Send + Sync>;
pub(crate) type ContextHook<D> = Arc<dyn Fn(Context<D>) -> BoxFuture<'static, ()> + Send + Sync>;

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
pub(crate) struct Shared<D> {
    pub(crate) http: Client,
    pub(crate) application_id: Id<ApplicationMarker>,
    pub(crate) data: Arc<D>,
    pub(crate) commands: Vec<Command<D>>,
    pub(crate) routes: Vec<Route<D>>,
    pub(crate) options: Options,
    pub(crate) on_error: ErrorHook<D>,
    pub(crate) pre_command: Option<ContextHook<D>>,
    pub(crate) post_command: Option<ContextHook<D>>,
    pub(crate) cooldowns: Cooldowns,
    pub(crate) waiters: Arc<Waiters>,
    pub(crate) bot_user_id: Mutex<Option<Id<UserMarker>>>,
    #[cfg(feature = "cache")]
    pub(crate) cache: Option<Arc<accord_cache::InMemoryCache>>,
}

impl<D: Send + Sync + 'static> Shared<D> {
    /// Defers `invocation` if it is still unanswered after the auto-defer delay. Returns the
    /// timer's task, to abort when the handler is done.
    pub(crate) fn schedule_auto_defer(
        &self,
        invocation: &Arc<Invocation>,
    ) -> Option<JoinHandle<()>> {
        let delay = self.options.auto_defer?;
        invocation.interaction()?;
        let invocation = invocation.clone();
        Some(tokio::spawn(async move {
            tokio::time::sleep(delay).await;
            match invocation.acknowledge_if_unanswered().await {
                Ok(true) => tracing::debug!("interaction deferred automatically"),
                Ok(false) => {}
                Err(error) => tracing::warn!(%error, "automatic deferral failed"),
            }
        }))
    }

    pub(crate) fn bot_user_id(&self) -> Option<Id<UserMarker>> {
        *self.bot_user_id.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The command framework. Cheap to clone.
///
/// Feed it events with [`handle`](Self::handle) (or [`run`](Self::run) over a stream) from
/// any source: a shard, a group of shards, an HTTP interactions endpoint. Each command runs
/// in its own task, so a slow command does not hold up the others.
pub struct Framework<D> {
    pub(crate) shared: Arc<Shared<D>>,
}

impl<D> Clone for Framework<D> {
    fn clone(&self) -> Self {
        Self { shared: self.shared.clone() }
    }
}

impl<D> fmt::Debug for Framework<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Framework")
            .field("application_id", &self.shared.application_id)
            .field(
                "commands",
                &self.shared.commands.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
            )
            .field("routes", &self.shared.routes.len())
            .field("options", &self.shared.options)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static> Framework<D> {
    /// A builder.
    pub fn builder() -> FrameworkBuilder<D> {
        FrameworkBuilder::new()
    }

    /// The commands.
    pub fn commands(&self) -> &[Command<D>] {
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

    /// The waiters of components and modals, offered every such interaction first.
    pub fn waiters(&self) -> &Arc<Waiters> {
        &self.shared.waiters
    }

    /// Processes one event: a prefix command in a message, a slash or context-menu command,
    /// an autocomplete, a component or a modal. The work runs in a spawned task, returned so
    /// that a caller may wait for it; `None` when the event needs no work.
    ///
    /// Must be called inside a tokio runtime.
    pub fn handle(&self, event: Event) -> Option<JoinHandle<()>> {
        dispatch::handle(&self.shared, event)
    }

    /// Handles every event of `events` until it ends.
    ///
    /// Cancel safe: dropping the future stops reading; commands already started go on.
    pub async fn run<S: Stream<Item = Event>>(&self, events: S) {
        let mut events = std::pin::pin!(events);
        while let Some(event) = events.next().await {
            self.handle(event);
        }
    }

    /// The application commands the command set registers.
    pub fn application_commands(&self) -> Vec<ApplicationCommand> {
        registration::command_set(&self.shared.commands)
    }

    /// Registers the commands globally, with one bulk write only when they changed.
    pub async fn register_globally(&self) -> Result<SyncOutcome, accord_http::Error> {
        let local = self.application_commands();
        registration::sync(&self.shared.http, self.shared.application_id, Scope::Global, &local)
            .await
    }

    /// Registers the commands in one guild, with one bulk write only when they changed.
    pub async fn register_in_guild(
        &self,
        guild_id: Id<GuildMarker>,
    ) -> Result<SyncOutcome, accord_http::Error> {
        let local = self.application_commands();
        registration::sync(
            &self.shared.http,
            self.shared.application_id,
            Scope::Guild(guild_id),
            &local,
        )
        .await
    }
}
