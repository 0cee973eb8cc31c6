//! Configuring a [`Framework`].

use std::collections::HashSet;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use accord_http::Client;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, UserMarker};

use super::{ContextHook, ErrorHook, Framework, Options, Shared};
use crate::command::Command;
use crate::context::Context;
use crate::cooldown::{Clock, Cooldowns, TokioClock};
use crate::error::FrameworkError;
use crate::router::Route;
use crate::waiter::Waiters;

/// How long a handler may run before its interaction is deferred: well within Discord's 3 s.
pub const DEFAULT_AUTO_DEFER: Duration = Duration::from_secs(2);

/// Configures a [`Framework`].
#[must_use]
pub struct FrameworkBuilder<D> {
    commands: Vec<Command<D>>,
    routes: Vec<Route<D>>,
    options: Options,
    on_error: Option<ErrorHook<D>>,
    pre_command: Option<ContextHook<D>>,
    post_command: Option<ContextHook<D>>,
    data: Option<Arc<D>>,
    clock: Arc<dyn Clock>,
    #[cfg(feature = "cache")]
    cache: Option<Arc<accord_cache::InMemoryCache>>,
}

impl<D> fmt::Debug for FrameworkBuilder<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FrameworkBuilder")
            .field("commands", &self.commands.len())
            .field("routes", &self.routes.len())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static> Default for FrameworkBuilder<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<D: Send + Sync + 'static> FrameworkBuilder<D> {
    /// A builder without commands; prefix commands need a [`prefix`](Self::prefix) or the
    /// bot's mention.
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
            data: None,
            clock: Arc::new(TokioClock::new()),
            #[cfg(feature = "cache")]
            cache: None,
        }
    }

    /// Adds commands.
    pub fn commands(mut self, commands: impl IntoIterator<Item = Command<D>>) -> Self {
        self.commands.extend(commands);
        self
    }

    /// Adds component and modal routes.
    pub fn routes(mut self, routes: impl IntoIterator<Item = Route<D>>) -> Self {
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

    /// The data every context shares.
    pub fn data(mut self, data: D) -> Self {
        self.data = Some(Arc::new(data));
        self
    }

    /// The data every context shares, already in an `Arc`.
    pub fn data_arc(mut self, data: Arc<D>) -> Self {
        self.data = Some(data);
        self
    }

    /// The clock cooldowns are measured with (tokio's by default).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The cache permission checks of prefix commands read (see the
    /// [`permissions`](crate::permissions) module).
    #[cfg(feature = "cache")]
    pub fn cache(mut self, cache: Arc<accord_cache::InMemoryCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Called with every error and the context it happened in; by default
    /// [`default_on_error`](crate::default_on_error).
    pub fn on_error<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(FrameworkError, Context<D>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.on_error = Some(Arc::new(move |error, ctx| Box::pin(hook(error, ctx))));
        self
    }

    /// Called before every command that passed its checks.
    pub fn pre_command<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Context<D>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.pre_command = Some(Arc::new(move |ctx| Box::pin(hook(ctx))));
        self
    }

    /// Called after every command that succeeded.
    pub fn post_command<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Context<D>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.post_command = Some(Arc::new(move |ctx| Box::pin(hook(ctx))));
        self
    }

    /// The framework, replying through `http` as `application_id`.
    ///
    /// # Panics
    ///
    /// When no [`data`](Self::data) was given (a mistake in the bot's setup code).
    pub fn build(self, http: Client, application_id: Id<ApplicationMarker>) -> Framework<D> {
        let data =
            self.data.unwrap_or_else(|| panic!("FrameworkBuilder::build: call .data(..) first"));
        let on_error = self.on_error.unwrap_or_else(|| {
            Arc::new(|error, ctx| Box::pin(crate::on_error::default_on_error(error, ctx)))
        });
        Framework {
            shared: Arc::new(Shared {
                http,
                application_id,
                data,
                commands: self.commands,
                routes: self.routes,
                options: self.options,
                on_error,
                pre_command: self.pre_command,
                post_command: self.post_command,
                cooldowns: Cooldowns::new(self.clock),
                waiters: Arc::new(Waiters::new()),
                bot_user_id: Mutex::new(None),
                #[cfg(feature = "cache")]
                cache: self.cache,
            }),
        }
    }
}
