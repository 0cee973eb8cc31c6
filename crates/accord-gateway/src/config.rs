//! The settings of a shard.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use accord_model::gateway::{
    EventTypeSet, GatewayBot, IdentifyProperties, Intents, UpdatePresence,
};
use accord_model::util::Secret;

use crate::backoff::Backoff;
use crate::compression::Compression;
use crate::connect;
use crate::error::{ConfigError, ConfigErrorKind};
use crate::queue::{IdentifyQueue, InMemoryQueue};
use crate::session::Session;
use crate::session_store::SessionStore;
#[cfg(feature = "rustls")]
use crate::tls::Tls;

/// Without TLS there is nothing to configure.
#[cfg(not(feature = "rustls"))]
type Tls = ();

/// Discord's gateway.
pub const GATEWAY_URL: &str = "wss://gateway.discord.gg";

/// How a shard connects, identifies and reconnects. Cheap to clone: the shards of a group
/// share one.
#[derive(Clone)]
pub struct Config {
    inner: Arc<Inner>,
    session: Option<Session>,
}

struct Inner {
    token: Secret,
    intents: Intents,
    gateway_url: String,
    event_types: EventTypeSet,
    large_threshold: Option<u8>,
    presence: Option<UpdatePresence>,
    properties: IdentifyProperties,
    compression: Compression,
    queue: Arc<dyn IdentifyQueue>,
    backoff: Backoff,
    command_limit: u32,
    command_window: Duration,
    request_members: bool,
    session_store: Option<Arc<dyn SessionStore>>,
    session_save_interval: Duration,
    tls: Tls,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Config")
            .field("token", &inner.token)
            .field("intents", &inner.intents)
            .field("gateway_url", &inner.gateway_url)
            .field("event_types", &inner.event_types)
            .field("large_threshold", &inner.large_threshold)
            .field("presence", &inner.presence)
            .field("properties", &inner.properties)
            .field("compression", &inner.compression)
            .field("queue", &inner.queue)
            .field("backoff", &inner.backoff)
            .field("command_limit", &(inner.command_limit, inner.command_window))
            .field("request_members", &inner.request_members)
            .field("session_store", &(&inner.session_store, inner.session_save_interval))
            .field("tls", &inner.tls)
            .field("session", &self.session)
            .finish()
    }
}

impl Config {
    /// A configuration with the defaults; see [`ConfigBuilder`] for the others.
    ///
    /// ```
    /// use accord_gateway::Config;
    /// use accord_model::gateway::Intents;
    ///
    /// let config = Config::new("my token", Intents::GUILDS | Intents::GUILD_MESSAGES);
    /// assert_eq!(config.gateway_url(), "wss://gateway.discord.gg");
    /// ```
    pub fn new(token: impl Into<Secret>, intents: Intents) -> Self {
        Self::builder(token, intents).build_unchecked()
    }

    /// A builder starting from the defaults.
    pub fn builder(token: impl Into<Secret>, intents: Intents) -> ConfigBuilder {
        ConfigBuilder::new(token, intents)
    }

    /// The bot token.
    pub fn token(&self) -> &Secret {
        &self.inner.token
    }

    /// The intents sent in IDENTIFY.
    pub fn intents(&self) -> Intents {
        self.inner.intents
    }

    /// The URL new sessions connect to.
    pub fn gateway_url(&self) -> &str {
        &self.inner.gateway_url
    }

    /// The dispatch events the shard parses and yields.
    pub fn event_types(&self) -> EventTypeSet {
        self.inner.event_types
    }

    /// The `large_threshold` sent in IDENTIFY, if any.
    pub fn large_threshold(&self) -> Option<u8> {
        self.inner.large_threshold
    }

    /// The presence sent in IDENTIFY, if any.
    pub fn presence(&self) -> Option<&UpdatePresence> {
        self.inner.presence.as_ref()
    }

    /// The properties sent in IDENTIFY.
    pub fn identify_properties(&self) -> &IdentifyProperties {
        &self.inner.properties
    }

    /// The transport compression.
    pub fn compression(&self) -> Compression {
        self.inner.compression
    }

    /// The identify queue.
    pub fn queue(&self) -> &Arc<dyn IdentifyQueue> {
        &self.inner.queue
    }

    /// The reconnect delay policy.
    pub fn backoff(&self) -> Backoff {
        self.inner.backoff
    }

    /// Payloads allowed per window, and the window.
    pub fn command_limit(&self) -> (u32, Duration) {
        (self.inner.command_limit, self.inner.command_window)
    }

    /// Whether the shard requests every guild's members when the guild arrives.
    pub fn request_members(&self) -> bool {
        self.inner.request_members
    }

    /// Where shards keep their sessions, if anywhere.
    pub fn session_store(&self) -> Option<&Arc<dyn SessionStore>> {
        self.inner.session_store.as_ref()
    }

    /// The shortest time between two saves of one shard's session.
    pub fn session_save_interval(&self) -> Duration {
        self.inner.session_save_interval
    }

    /// The TLS settings of `wss://` connections.
    #[cfg(feature = "rustls")]
    pub(crate) fn tls(&self) -> &Tls {
        &self.inner.tls
    }

    /// The session a new shard resumes, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// The same configuration with another session to resume (or none), for the next shard.
    #[must_use]
    pub fn with_session(mut self, session: Option<Session>) -> Self {
        self.session = session;
        self
    }
}

/// Builds a [`Config`].
///
/// ```
/// use std::sync::Arc;
/// use accord_gateway::{Compression, Config, InMemoryQueue};
/// use accord_model::gateway::{EventType, EventTypeSet, Intents};
///
/// let config = Config::builder("my token", Intents::GUILD_MESSAGES)
///     .event_types(EventTypeSet::empty().with(EventType::MessageCreate))
///     .large_threshold(100)
///     .queue(Arc::new(InMemoryQueue::new(16)))
///     .build()?;
/// assert_eq!(config.large_threshold(), Some(100));
/// assert!(Config::builder("t", Intents::GUILDS).large_threshold(10).build().is_err());
/// # Ok::<(), accord_gateway::ConfigError>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct ConfigBuilder {
    token: Secret,
    intents: Intents,
    gateway_url: String,
    event_types: EventTypeSet,
    large_threshold: Option<u8>,
    presence: Option<UpdatePresence>,
    properties: IdentifyProperties,
    compression: Compression,
    queue: Option<Arc<dyn IdentifyQueue>>,
    backoff: Backoff,
    command_limit: u32,
    command_window: Duration,
    session: Option<Session>,
    request_members: bool,
    session_store: Option<Arc<dyn SessionStore>>,
    session_save_interval: Duration,
    tls: Tls,
}

impl ConfigBuilder {
    /// A builder with the token (without `Bot `) and the intents.
    pub fn new(token: impl Into<Secret>, intents: Intents) -> Self {
        Self {
            token: token.into(),
            intents,
            gateway_url: GATEWAY_URL.to_owned(),
            event_types: EventTypeSet::all(),
            large_threshold: None,
            presence: None,
            properties: IdentifyProperties::new("accord"),
            compression: Compression::default(),
            queue: None,
            backoff: Backoff::DEFAULT,
            command_limit: 120,
            command_window: Duration::from_secs(60),
            session: None,
            request_members: false,
            session_store: None,
            session_save_interval: Duration::from_secs(1),
            tls: Tls::default(),
        }
    }

    /// The URL new sessions connect to (default `wss://gateway.discord.gg`): from
    /// `GET /gateway/bot`, or an emulator's `ws://` URL. The shard adds the query.
    pub fn gateway_url(mut self, url: impl Into<String>) -> Self {
        self.gateway_url = url.into();
        self
    }

    /// The dispatch events to parse and yield (default: all). Others are only scanned for
    /// their sequence number, which costs no allocation.
    pub fn event_types(mut self, event_types: EventTypeSet) -> Self {
        self.event_types = event_types;
        self
    }

    /// Member count (50 to 250) above which GUILD_CREATE leaves out offline members.
    pub fn large_threshold(mut self, large_threshold: u8) -> Self {
        self.large_threshold = Some(large_threshold);
        self
    }

    /// The presence to identify with.
    pub fn presence(mut self, presence: UpdatePresence) -> Self {
        self.presence = Some(presence);
        self
    }

    /// The properties sent in IDENTIFY (default: this OS, library `accord`).
    pub fn identify_properties(mut self, properties: IdentifyProperties) -> Self {
        self.properties = properties;
        self
    }

    /// The transport compression (default: the best one enabled).
    pub fn compression(mut self, compression: Compression) -> Self {
        self.compression = compression;
        self
    }

    /// The identify queue, shared by every shard of the bot (default: a new
    /// [`InMemoryQueue`] with `max_concurrency` 1).
    pub fn queue(mut self, queue: Arc<dyn IdentifyQueue>) -> Self {
        self.queue = Some(queue);
        self
    }

    /// The reconnect delay policy.
    pub fn backoff(mut self, backoff: Backoff) -> Self {
        self.backoff = backoff;
        self
    }

    /// Payloads allowed per connection per window (Discord: 120 per 60 s). Change it only to
    /// match an emulator whose time rules are scaled down.
    pub fn command_limit(mut self, limit: u32, window: Duration) -> Self {
        self.command_limit = limit.max(1);
        self.command_window = window;
        self
    }

    /// Whether to send REQUEST_GUILD_MEMBERS (op 8, every member, no presences) for each
    /// guild of a GUILD_CREATE, so that the members arrive in GUILD_MEMBERS_CHUNK events (off
    /// by default). Discord sends only some members in a large guild's GUILD_CREATE (and none
    /// without the `GUILD_MEMBERS` intent); a cache that should know them all needs this.
    /// The requests go through the command rate limit like any command. It needs the
    /// privileged `GUILD_MEMBERS` intent, or Discord closes the connection.
    pub fn request_members(mut self, enabled: bool) -> Self {
        self.request_members = enabled;
        self
    }

    /// The gateway URL and an identify queue from `GET /gateway/bot`: the queue knows the
    /// bot's `max_concurrency` and what is left of its daily budget.
    pub fn gateway_bot(mut self, bot: &GatewayBot) -> Self {
        self.gateway_url = bot.url.to_string();
        self.queue = Some(Arc::new(InMemoryQueue::from_limit(bot.session_start_limit)));
        self
    }

    /// The rustls client configuration of `wss://` connections, instead of the default one
    /// (the ring provider, rustls' safe default protocol versions, the webpki roots with the
    /// `rustls-webpki-roots` feature). Its ALPN protocols are replaced by `http/1.1`, which
    /// the websocket upgrade needs. It replaces what [`root_certificates`] set.
    ///
    /// [`root_certificates`]: ConfigBuilder::root_certificates
    #[cfg(feature = "rustls")]
    pub fn tls_config(mut self, config: impl Into<Arc<rustls::ClientConfig>>) -> Self {
        self.tls = Tls::custom(config.into());
        self
    }

    /// Root certificates to trust for `wss://` besides the default ones (the webpki roots with
    /// the `rustls-webpki-roots` feature, none without): a private CA, or the certificate of a
    /// local gateway. It replaces what [`tls_config`] set.
    ///
    /// ```
    /// use accord_gateway::Config;
    /// use accord_gateway::rustls::RootCertStore;
    /// use accord_gateway::rustls::pki_types::CertificateDer;
    /// use accord_model::gateway::Intents;
    ///
    /// # fn build(ca_der: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut roots = RootCertStore::empty();
    /// roots.add(CertificateDer::from(ca_der))?;
    /// let config = Config::builder("my token", Intents::GUILDS)
    ///     .gateway_url("wss://gateway.internal:8443")
    ///     .root_certificates(roots)
    ///     .build()?;
    /// # let _ = config; Ok(()) }
    /// ```
    ///
    /// [`tls_config`]: ConfigBuilder::tls_config
    #[cfg(feature = "rustls")]
    pub fn root_certificates(mut self, roots: rustls::RootCertStore) -> Self {
        self.tls = Tls::with_extra_roots(roots);
        self
    }

    /// Where shards keep their sessions (default: nowhere): each shard loads its session
    /// before it first connects and resumes it if there is one, saves it as events arrive and
    /// when closed resumably, and deletes it when the session ends. See [`SessionStore`].
    /// A session given with [`session`](Self::session) is resumed without a load.
    pub fn session_store(mut self, store: Arc<dyn SessionStore>) -> Self {
        self.session_store = Some(store);
        self
    }

    /// The shortest time between two saves of a shard's session while events arrive (default:
    /// one second): a process killed without closing resumes at most this much before its last
    /// event, and Discord replays the rest.
    pub fn session_save_interval(mut self, interval: Duration) -> Self {
        self.session_save_interval = interval;
        self
    }

    /// A session to resume instead of identifying, exported from an earlier shard.
    pub fn session(mut self, session: Session) -> Self {
        self.session = Some(session);
        self
    }

    /// The configuration, or what is wrong with it.
    pub fn build(self) -> Result<Config, ConfigError> {
        match connect::is_secure(&self.gateway_url) {
            Err(()) => {
                return Err(ConfigError::new(ConfigErrorKind::GatewayUrl(self.gateway_url)));
            }
            Ok(true) if !cfg!(feature = "rustls") => {
                return Err(ConfigError::new(ConfigErrorKind::TlsDisabled));
            }
            Ok(_) => {}
        }
        if let Some(threshold) = self.large_threshold.filter(|t| !(50..=250).contains(t)) {
            return Err(ConfigError::new(ConfigErrorKind::LargeThreshold(threshold)));
        }
        Ok(self.build_unchecked())
    }

    /// The configuration, whatever it holds: the shard reports what does not work.
    fn build_unchecked(self) -> Config {
        Config {
            inner: Arc::new(Inner {
                token: self.token,
                intents: self.intents,
                gateway_url: self.gateway_url,
                event_types: self.event_types,
                large_threshold: self.large_threshold,
                presence: self.presence,
                properties: self.properties,
                compression: self.compression,
                queue: self.queue.unwrap_or_else(|| Arc::new(InMemoryQueue::new(1))),
                backoff: self.backoff,
                command_limit: self.command_limit,
                command_window: self.command_window,
                request_members: self.request_members,
                session_store: self.session_store,
                session_save_interval: self.session_save_interval,
                tls: self.tls,
            }),
            session: self.session,
        }
    }
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::Intents;

    use super::Config;
    use crate::error::ConfigErrorKind;
    use crate::session::Session;

    #[test]
    fn the_token_is_redacted() {
        let config = Config::new("very secret", Intents::GUILDS);
        let debug = format!("{config:?}");
        assert!(!debug.contains("very secret"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert_eq!(config.token().expose(), "very secret");
    }

    #[test]
    fn bad_values_are_reported_at_build() {
        let kind = |builder: super::ConfigBuilder| builder.build().unwrap_err().kind().clone();
        assert_eq!(
            kind(Config::builder("t", Intents::GUILDS).gateway_url("http://x")),
            ConfigErrorKind::GatewayUrl("http://x".into())
        );
        assert_eq!(
            kind(Config::builder("t", Intents::GUILDS).large_threshold(251)),
            ConfigErrorKind::LargeThreshold(251)
        );
        assert!(
            Config::builder("t", Intents::GUILDS).gateway_url("ws://127.0.0.1:1").build().is_ok()
        );
    }

    #[test]
    fn sessions_are_per_shard() {
        let session = Session::new("s", 3, "ws://127.0.0.1:1");
        let config =
            Config::builder("t", Intents::GUILDS).session(session.clone()).build().unwrap();
        assert_eq!(config.session(), Some(&session));
        let other = config.clone().with_session(None);
        assert_eq!(other.session(), None);
        assert_eq!(other.token().expose(), "t");
    }
}
