//! Configuring a [`Framework`].

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use accord_http::Client;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, UserMarker};

use super::{ContextHook, ErrorHook, Framework, Options, Shared};
use crate::cache::{CacheState, NoCache};
use crate::command::Command;
use crate::context::Context;
use crate::cooldown::{Clock, Cooldowns, TokioClock};
use crate::error::FrameworkError;
use crate::http_interactions::Responders;
use crate::router::Route;
use crate::waiter::Waiters;

/// How long a handler may run before its interaction is deferred: well within Discord's 3 s.
pub const DEFAULT_AUTO_DEFER: Duration = Duration::from_secs(2);

/// The state of a builder that was not given its data yet: it has no `build`.
#[derive(Debug, Clone, Copy, Default)]
pub struct MissingData;

/// Whether a builder holds the framework's data: only `Arc<D>` does, which
/// [`FrameworkBuilder::data`] sets, so that building without data does not compile.
///
/// ```compile_fail,E0277
/// use accord_framework::Framework;
/// # let http = accord_framework::http::Client::new("token");
/// struct Data;
/// // error[E0277]: the framework has no data yet: call `.data(...)` before `.build(...)`
/// let framework = Framework::<Data>::builder().prefix("!").build(http);
/// ```
#[diagnostic::on_unimplemented(
    message = "the framework has no data yet: call `.data(...)` before `.build(...)`",
    label = "this builder has no data"
)]
pub trait DataState<D> {
    /// The data.
    fn into_data(self) -> Arc<D>;
}

impl<D> DataState<D> for Arc<D> {
    fn into_data(self) -> Arc<D> {
        self
    }
}

/// Configures a [`Framework`]; `build` exists once [`data`](Self::data) was given.
///
/// `C` is the cache state ([`NoCache`], or with the `cache` feature `InMemoryCache` from
/// `FrameworkBuilder::with_cache`) and `S` the data state ([`MissingData`], then `Arc<D>`).
#[must_use]
pub struct FrameworkBuilder<D, C: CacheState = NoCache, S = MissingData> {
    commands: Vec<Command<D, C>>,
    routes: Vec<Route<D, C>>,
    options: Options,
    on_error: Option<ErrorHook<D, C>>,
    pre_command: Option<ContextHook<D, C>>,
    post_command: Option<ContextHook<D, C>>,
    data: S,
    application_id: Option<Id<ApplicationMarker>>,
    clock: Arc<dyn Clock>,
    cache: C::Store,
}

impl<D, C: CacheState, S> fmt::Debug for FrameworkBuilder<D, C, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FrameworkBuilder")
            .field("commands", &self.commands.len())
            .field("routes", &self.routes.len())
            .field("options", &self.options)
            .field("application_id", &self.application_id)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static> Default for FrameworkBuilder<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<D: Send + Sync + 'static> FrameworkBuilder<D> {
    /// A builder without commands, cache or data; prefix commands need a
    /// [`prefix`](Self::prefix) or the bot's mention.
    pub fn new() -> Self {
        Self {
            commands: Vec::new(),
            routes: Vec::new(),
            options: Options {
                prefixes: Vec::new(),
                mention_prefix: true,
                case_insensitive: false,
                owners: HashSet::new(),
                auto_defer: Some(DEFAULT_AUTO_DEFER),
                ignore_bots: true,
            },
            on_error: None,
            pre_command: None,
            post_command: None,
            data: MissingData,
            application_id: None,
            clock: Arc::new(TokioClock::new()),
            cache: (),
        }
    }
}

#[cfg(feature = "cache")]
impl<D: Send + Sync + 'static> FrameworkBuilder<D, accord_cache::InMemoryCache> {
    /// A builder of a framework with `cache`: it feeds the cache every event before
    /// dispatching it, permission checks of prefix commands read it, and
    /// [`Context::cache`](crate::Context::cache) returns it. Commands take a
    /// `Context<Data, InMemoryCache>`.
    pub fn with_cache(cache: Arc<accord_cache::InMemoryCache>) -> Self {
        let FrameworkBuilder { options, clock, .. } = FrameworkBuilder::<D>::new();
        Self {
            commands: Vec::new(),
            routes: Vec::new(),
            options,
            on_error: None,
            pre_command: None,
            post_command: None,
            data: MissingData,
            application_id: None,
            clock,
            cache,
        }
    }
}

impl<D: Send + Sync + 'static, C: CacheState, S> FrameworkBuilder<D, C, S> {
    /// Adds commands.
    pub fn commands(mut self, commands: impl IntoIterator<Item = Command<D, C>>) -> Self {
        self.commands.extend(commands);
        self
    }

    /// Adds component and modal routes.
    pub fn routes(mut self, routes: impl IntoIterator<Item = Route<D, C>>) -> Self {
        self.routes.extend(routes);
        self
    }

    /// Adds a prefix for prefix commands (such as `!`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.options.prefixes.push(prefix.into());
        self
    }

    /// Whether mentioning the bot works as a prefix (on by default).
    pub const fn mention_prefix(mut self, enabled: bool) -> Self {
        self.options.mention_prefix = enabled;
        self
    }

    /// Whether prefix command names ignore case (off by default).
    pub const fn case_insensitive(mut self, enabled: bool) -> Self {
        self.options.case_insensitive = enabled;
        self
    }

    /// Whether messages of bots are ignored (on by default).
    pub const fn ignore_bots(mut self, enabled: bool) -> Self {
        self.options.ignore_bots = enabled;
        self
    }

    /// The users `owners_only` commands accept.
    pub fn owners(mut self, owners: impl IntoIterator<Item = Id<UserMarker>>) -> Self {
        self.options.owners.extend(owners);
        self
    }

    /// How long an interaction handler may run before the framework defers its response
    /// ([`DEFAULT_AUTO_DEFER`] by default); `None` turns it off.
    pub const fn auto_defer(mut self, after: Option<Duration>) -> Self {
        self.options.auto_defer = after;
        self
    }

    /// The application's id. Optional: the framework takes it from READY (and from every
    /// interaction), and registration fetches it when it is still unknown.
    pub const fn application_id(mut self, application_id: Id<ApplicationMarker>) -> Self {
        self.application_id = Some(application_id);
        self
    }

    /// The data every context shares (required before [`build`](Self::build)).
    pub fn data(self, data: D) -> FrameworkBuilder<D, C, Arc<D>> {
        self.data_arc(Arc::new(data))
    }

    /// The data every context shares, already in an `Arc`.
    pub fn data_arc(self, data: Arc<D>) -> FrameworkBuilder<D, C, Arc<D>> {
        FrameworkBuilder {
            commands: self.commands,
            routes: self.routes,
            options: self.options,
            on_error: self.on_error,
            pre_command: self.pre_command,
            post_command: self.post_command,
            data,
            application_id: self.application_id,
            clock: self.clock,
            cache: self.cache,
        }
    }

    /// The clock cooldowns are measured with (tokio's by default).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Called with every error and the context it happened in; by default
    /// [`default_on_error`](crate::default_on_error).
    pub fn on_error<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(FrameworkError, Context<D, C>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.on_error = Some(Arc::new(move |error, ctx| Box::pin(hook(error, ctx))));
        self
    }

    /// Called before every command that passed its checks.
    pub fn pre_command<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Context<D, C>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.pre_command = Some(Arc::new(move |ctx| Box::pin(hook(ctx))));
        self
    }

    /// Called after every command that succeeded.
    pub fn post_command<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Context<D, C>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.post_command = Some(Arc::new(move |ctx| Box::pin(hook(ctx))));
        self
    }

    /// The framework, replying through `http`. Only once [`data`](Self::data) was given.
    pub fn build(self, http: Client) -> Framework<D, C>
    where
        S: DataState<D>,
    {
        let on_error = self.on_error.unwrap_or_else(|| {
            Arc::new(|error, ctx| Box::pin(crate::on_error::default_on_error(error, ctx)))
        });
        let application_id = OnceLock::new();
        if let Some(id) = self.application_id {
            application_id.get_or_init(|| id);
        }
        Framework {
            shared: Arc::new(Shared {
                http,
                application_id,
                data: self.data.into_data(),
                commands: self.commands,
                routes: self.routes,
                options: self.options,
                on_error,
                pre_command: self.pre_command,
                post_command: self.post_command,
                cooldowns: Cooldowns::new(self.clock),
                waiters: Arc::new(Waiters::new()),
                bot_user_id: Mutex::new(None),
                cache: self.cache,
                responders: Responders::default(),
            }),
        }
    }
}
