#![doc = include_str!("../README.md")]

mod config;
mod control;
mod gateway;
mod handle;
pub mod reference;
mod rest;
mod server;
mod shared;
mod tls;
mod world;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use accord_model::gateway::Intents;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, UserMarker};
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use crate::config::{
    ApplicationKey, Bucket, Config, GatewayLimits, Latency, RateLimits, Timings, WorldSpec,
};
pub use crate::control::{ControlError, ControlErrorKind, CounterSnapshot};
pub use crate::gateway::compress::Compression;
pub use crate::gateway::fault::{Fault, FaultTarget};
pub use crate::gateway::firehose::{
    FIREHOSE_ID_BASE, FIREHOSE_TYPING_BASE, Firehose, FirehoseCheck, FirehoseError, FirehoseReport,
    FirehoseSession, FirehoseSpec, firehose_number,
};
pub use crate::gateway::limits::IdentifyRecord;
pub use crate::gateway::registry::{ConnectionInfo, Invalidation, SessionInfo};
pub use crate::handle::EmulatorHandle;
pub use crate::rest::{
    CommandCall, EndpointError, EndpointErrorKind, InteractionError, InteractionFailure,
    InteractionOutcome, PendingInteraction, Probe, ProbeReport, RestRoute, rest_routes,
};
use crate::shared::Shared;
pub use crate::tls::{TestCa, TlsIdentity};

/// A running emulator. Dropping it stops the server and closes every connection.
#[derive(Debug)]
pub struct Emulator {
    handle: EmulatorHandle,
    shutdown: watch::Sender<bool>,
}

impl Emulator {
    /// A builder with Discord's defaults: a small generated world, real time rules.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder { config: Config::default() }
    }

    /// The address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.handle.shared.addr
    }

    /// The REST base URL, `http://ADDR/api/v10` (`https://` when serving TLS).
    pub fn http_url(&self) -> String {
        format!("{}/api/v10", self.handle.shared.http_origin())
    }

    /// The gateway URL, `ws://ADDR` (`wss://` when serving TLS), to which clients add
    /// `/?v=10&encoding=json…`.
    pub fn gateway_url(&self) -> String {
        self.handle.shared.ws_origin()
    }

    /// The control API's base URL, `http://ADDR/_emulator` (`https://` when serving TLS).
    pub fn control_url(&self) -> String {
        format!("{}/_emulator", self.handle.shared.http_origin())
    }

    /// The bot token the emulator accepts.
    pub fn token(&self) -> &str {
        &self.handle.shared.config.token
    }

    /// The application's id.
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        self.handle.application_id()
    }

    /// The bot user's id.
    pub fn bot_user_id(&self) -> Id<UserMarker> {
        self.handle.bot_user_id()
    }

    /// The application's public key (64 hex digits), to verify interactions endpoint
    /// requests with.
    pub fn verify_key(&self) -> String {
        self.handle.verify_key()
    }

    /// A handle to drive and inspect the world; it may outlive borrows of the emulator.
    pub fn handle(&self) -> &EmulatorHandle {
        &self.handle
    }

    /// Stops the server.
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// Configures and starts an [`Emulator`].
#[derive(Debug, Clone)]
#[must_use]
pub struct EmulatorBuilder {
    config: Config,
}

impl EmulatorBuilder {
    /// Replaces the whole configuration.
    pub fn config(mut self, config: Config) -> Self {
        self.config = config;
        self
    }

    /// Where to listen (default `127.0.0.1:0`, a free port).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.config.addr = addr;
        self
    }

    /// The bot token to accept.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.config.token = token.into();
        self
    }

    /// How many guilds to generate.
    pub fn guilds(mut self, guilds: u32) -> Self {
        self.config.world.guilds = guilds;
        self
    }

    /// How many members each generated guild has besides the bot.
    pub fn members_per_guild(mut self, members: u32) -> Self {
        self.config.world.members_per_guild = members;
        self
    }

    /// The seed of the world generator.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.world.seed = seed;
        self
    }

    /// A JSON world file to load instead of generating a world.
    pub fn world_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config.world.file = Some(path.into());
        self
    }

    /// The time rules.
    pub fn timings(mut self, timings: Timings) -> Self {
        self.config.timings = timings;
        self
    }

    /// The heartbeat interval sent in HELLO.
    pub fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.config.timings.heartbeat_interval = interval;
        self
    }

    /// The privileged intents the application is allowed.
    pub fn granted_intents(mut self, intents: Intents) -> Self {
        self.config.granted_intents = intents;
        self
    }

    /// Gateway limits: identify concurrency and budget, guilds per shard, command rate.
    pub fn gateway_limits(mut self, limits: GatewayLimits) -> Self {
        self.config.gateway = limits;
        self
    }

    /// REST rate limits.
    pub fn rate_limits(mut self, rate_limits: RateLimits) -> Self {
        self.config.rate_limits = rate_limits;
        self
    }

    /// Turns every REST rate limit off (buckets, the global limit, the invalid request ban),
    /// for benchmarks; responses then carry no `X-RateLimit-*` headers. Injected shared-scope
    /// 429s still apply.
    pub fn no_rate_limits(mut self) -> Self {
        self.config.rate_limits.enabled = false;
        self
    }

    /// A delay added to every REST response, to model the network to Discord (20 to 100 ms
    /// from most hosts). Default: none.
    pub fn rest_latency(mut self, latency: Duration) -> Self {
        self.config.rest_latency.base = latency;
        self
    }

    /// How far each response's delay may be from [`rest_latency`](Self::rest_latency), either
    /// way, uniformly spread. Default: none.
    pub fn rest_latency_jitter(mut self, jitter: Duration) -> Self {
        self.config.rest_latency.jitter = jitter;
        self
    }

    /// Serves TLS with this certificate and key: `https://` REST and control API, `wss://`
    /// gateway, HTTP/2 and HTTP/1.1 offered by ALPN. Default: plain `http://` and `ws://`.
    pub fn tls(mut self, identity: TlsIdentity) -> Self {
        self.config.tls = Some(identity);
        self
    }

    /// The application's Ed25519 key. Default: one derived from the world seed.
    pub fn application_key(mut self, key: ApplicationKey) -> Self {
        self.config.application_key = Some(key);
        self
    }

    /// An interactions endpoint URL: verified at start as Discord verifies it (a PING must get
    /// a PONG, a bad signature a 401; [`start`](Self::start) fails otherwise), then every
    /// interaction is POSTed there, signed, instead of being sent over the gateway.
    pub fn interactions_endpoint(mut self, url: impl Into<String>) -> Self {
        self.config.interactions_endpoint_url = Some(url.into());
        self
    }

    /// Binds the port, builds the world and starts serving.
    pub async fn start(self) -> Result<Emulator, StartError> {
        let listener = TcpListener::bind(self.config.addr).await.map_err(StartError::Bind)?;
        let addr = listener.local_addr().map_err(StartError::Bind)?;
        let world = match &self.config.world.file {
            Some(path) => {
                world::load(path, &self.config.application_name).map_err(StartError::World)?
            }
            None => world::generate(&self.config.world, &self.config.application_name),
        };
        let shared = Arc::new(Shared::new(self.config, addr, world));
        let (shutdown, receiver) = watch::channel(false);
        tokio::spawn(gateway::supervise(shared.clone(), receiver.clone()));
        tokio::spawn(server::serve(listener, shared.clone(), receiver));
        tracing::info!(%addr, "emulator listening");
        let emulator = Emulator { handle: EmulatorHandle { shared }, shutdown };
        if let Some(url) = emulator.handle.shared.config.interactions_endpoint_url.clone() {
            let verified = emulator.handle.set_interactions_endpoint(&url).await;
            verified.map_err(StartError::InteractionsEndpoint)?;
        }
        Ok(emulator)
    }
}

/// Why the emulator could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The address could not be bound.
    Bind(io::Error),
    /// The world file could not be read or is not a valid world.
    World(String),
    /// The TLS certificate or key could not be read or used.
    Tls(String),
    /// The configured interactions endpoint URL failed its verification.
    InteractionsEndpoint(EndpointError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Bind(error) => write!(f, "could not listen: {error}"),
            Self::World(message) => write!(f, "invalid world file: {message}"),
            Self::Tls(message) => write!(f, "invalid TLS certificate or key: {message}"),
            Self::InteractionsEndpoint(error) => {
                write!(f, "interactions endpoint URL refused: {error}")
            }
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Bind(error) => Some(error),
            Self::InteractionsEndpoint(error) => Some(error),
            Self::World(_) | Self::Tls(_) => None,
        }
    }
}
