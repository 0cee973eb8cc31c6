//! Everything about the emulated Discord that a test may want to change: its time rules,
//! limits, the application's settings and the initial world.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use accord_model::gateway::Intents;

use crate::tls::TlsIdentity;

/// The emulator's settings. Defaults follow Discord; tests shorten the time rules so that
/// they run in milliseconds.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Config {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// The bot token clients must present (`Bot <token>` over REST, `token` in IDENTIFY).
    pub token: String,
    /// The application's (and the bot user's) name.
    pub application_name: String,
    /// The privileged intents the application is allowed; asking for others closes with 4014.
    pub granted_intents: Intents,
    /// The time rules.
    pub timings: Timings,
    /// Gateway limits.
    pub gateway: GatewayLimits,
    /// REST rate limits.
    pub rate_limits: RateLimits,
    /// A delay added to every REST response, to model the network between a bot and Discord.
    pub rest_latency: Latency,
    /// The initial world.
    pub world: WorldSpec,
    /// The certificate and key to serve `https://` and `wss://` with; `None` (the default)
    /// serves plain `http://` and `ws://`.
    pub tls: Option<TlsIdentity>,
    /// The application's Ed25519 key; `None` derives one from the world seed, so the same
    /// seed gives the same `verify_key`.
    pub application_key: Option<ApplicationKey>,
    /// An interactions endpoint URL to verify and use from the start: interactions are then
    /// POSTed there, signed, instead of sent over the gateway.
    pub interactions_endpoint_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: "emulator.bot.token".to_owned(),
            application_name: "Accord Emulator Bot".to_owned(),
            granted_intents: Intents::PRIVILEGED,
            timings: Timings::default(),
            gateway: GatewayLimits::default(),
            rate_limits: RateLimits::default(),
            rest_latency: Latency::default(),
            world: WorldSpec::default(),
            tls: None,
            application_key: None,
            interactions_endpoint_url: None,
        }
    }
}

/// The secret half of the application's Ed25519 key pair: 32 bytes. `Debug` prints
/// `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApplicationKey([u8; 32]);

impl ApplicationKey {
    /// A key from its 32 secret bytes.
    pub const fn from_bytes(secret: [u8; 32]) -> Self {
        Self(secret)
    }

    /// The secret bytes.
    pub const fn to_bytes(&self) -> [u8; 32] {
        self.0
    }
}

impl std::fmt::Debug for ApplicationKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApplicationKey(<redacted>)")
    }
}

/// Every time rule of the protocol.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Timings {
    /// The heartbeat interval sent in HELLO.
    pub heartbeat_interval: Duration,
    /// How long past a missed heartbeat the gateway waits before closing the connection.
    pub heartbeat_grace: Duration,
    /// How long a disconnected session can still be resumed.
    pub session_expiry: Duration,
    /// The window in which `max_concurrency` identifies per bucket are allowed (5 s).
    pub identify_window: Duration,
    /// The window of the daily identify budget (24 h).
    pub identify_budget_window: Duration,
    /// The window of the gateway command limit (60 s for 120 commands).
    pub command_window: Duration,
    /// How often a full member list may be requested per guild (30 s).
    pub member_request_cooldown: Duration,
    /// How long an interaction waits for its first response (3 s).
    pub interaction_response: Duration,
    /// How long an interaction token stays valid for followups (15 min).
    pub interaction_token: Duration,
    /// The window of the invalid request counter (10 min).
    pub invalid_request_window: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            heartbeat_interval: Duration::from_millis(41_250),
            heartbeat_grace: Duration::from_secs(10),
            session_expiry: Duration::from_secs(120),
            identify_window: Duration::from_secs(5),
            identify_budget_window: Duration::from_secs(24 * 3600),
            command_window: Duration::from_secs(60),
            member_request_cooldown: Duration::from_secs(30),
            interaction_response: Duration::from_secs(3),
            interaction_token: Duration::from_secs(15 * 60),
            invalid_request_window: Duration::from_secs(600),
        }
    }
}

impl Timings {
    /// Every rule divided by `factor`, for fast tests (a factor of 1000 turns Discord's 5 s
    /// identify window into 5 ms).
    #[must_use]
    pub fn scaled_down(&self, factor: u32) -> Self {
        let scale = |d: Duration| (d / factor.max(1)).max(Duration::from_millis(1));
        Self {
            heartbeat_interval: scale(self.heartbeat_interval),
            heartbeat_grace: scale(self.heartbeat_grace),
            session_expiry: scale(self.session_expiry),
            identify_window: scale(self.identify_window),
            identify_budget_window: scale(self.identify_budget_window),
            command_window: scale(self.command_window),
            member_request_cooldown: scale(self.member_request_cooldown),
            interaction_response: scale(self.interaction_response),
            interaction_token: scale(self.interaction_token),
            invalid_request_window: scale(self.invalid_request_window),
        }
    }
}

/// Limits of the gateway.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct GatewayLimits {
    /// How many shards may identify at once (`session_start_limit.max_concurrency`).
    pub max_concurrency: u32,
    /// Identifies allowed per budget window (1000 a day).
    pub identify_budget: u32,
    /// Guilds one shard may hold before 4011 (2500).
    pub max_guilds_per_shard: u32,
    /// Payloads a connection may send per command window (120).
    pub commands_per_window: u32,
    /// The largest payload a client may send (4096 bytes).
    pub max_payload_bytes: usize,
    /// Events kept per session for RESUME.
    pub replay_capacity: usize,
}

impl Default for GatewayLimits {
    fn default() -> Self {
        Self {
            max_concurrency: 1,
            identify_budget: 1000,
            max_guilds_per_shard: 2500,
            commands_per_window: 120,
            max_payload_bytes: 4096,
            replay_capacity: 100_000,
        }
    }
}

/// REST rate limits. Routes not listed in `routes` share `default_bucket` per major parameter.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RateLimits {
    /// Whether any rate limit applies (off for benchmarks).
    pub enabled: bool,
    /// Requests per second per token across all routes, except interaction callbacks and
    /// followups; `None` for no global limit.
    pub global_per_second: Option<u32>,
    /// The bucket of routes without their own.
    pub default_bucket: Bucket,
    /// Buckets by route, as `("POST", "/channels/{channel_id}/messages")`. Routes that share a
    /// bucket share its limit; when several of them are listed, the first one wins.
    pub routes: Vec<(String, String, Bucket)>,
    /// Invalid requests (401, 403, 429 except shared scope) per window before the emulator
    /// answers everything with 429 (10,000 per 10 minutes).
    pub invalid_request_limit: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            enabled: true,
            global_per_second: Some(50),
            default_bucket: Bucket::new(50, Duration::from_secs(1)),
            routes: vec![
                (
                    "POST".into(),
                    "/channels/{channel_id}/messages".into(),
                    Bucket::new(5, Duration::from_secs(5)),
                ),
                (
                    "PATCH".into(),
                    "/channels/{channel_id}/messages/{message_id}".into(),
                    Bucket::new(5, Duration::from_secs(5)),
                ),
                // DELETE of a message shares the PATCH bucket, so the line above governs it.
                (
                    "PUT".into(),
                    "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me"
                        .into(),
                    Bucket::new(1, Duration::from_millis(250)),
                ),
            ],
            invalid_request_limit: 10_000,
        }
    }
}

/// A delay added to every REST response: `base`, plus or minus up to `jitter` (uniformly
/// spread, the same sequence on every run). None by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Latency {
    /// The delay of every response.
    pub base: Duration,
    /// How far one response's delay may be from `base`, either way (never below zero).
    pub jitter: Duration,
}

impl Latency {
    /// `base` plus or minus up to `jitter`.
    pub const fn new(base: Duration, jitter: Duration) -> Self {
        Self { base, jitter }
    }

    /// The delay of the response numbered `request`: a hash of the number picks where in
    /// `base ± jitter` it falls, so runs are reproducible without shared random state.
    pub(crate) fn delay(&self, request: u64) -> Duration {
        if self.jitter.is_zero() {
            return self.base;
        }
        // splitmix64: consecutive numbers spread over the whole range.
        let mut z = request.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        let jitter = u64::try_from(self.jitter.as_nanos()).unwrap_or(u64::MAX);
        let span = jitter.saturating_mul(2).saturating_add(1);
        let offset = z % span;
        let base = u64::try_from(self.base.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(base.saturating_add(offset).saturating_sub(jitter))
    }
}

/// A bucket: `limit` requests per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bucket {
    /// Requests per window.
    pub limit: u32,
    /// The window.
    pub window: Duration,
}

impl Bucket {
    /// `limit` requests per `window`.
    pub const fn new(limit: u32, window: Duration) -> Self {
        Self { limit, window }
    }
}

/// The world the emulator starts with.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct WorldSpec {
    /// How many guilds to generate.
    pub guilds: u32,
    /// How many members (besides the bot) each generated guild has.
    pub members_per_guild: u32,
    /// The seed of the generator: the same seed gives the same world.
    pub seed: u64,
    /// A JSON world file to load instead of generating one.
    pub file: Option<PathBuf>,
}

impl Default for WorldSpec {
    fn default() -> Self {
        Self { guilds: 2, members_per_guild: 20, seed: 1, file: None }
    }
}

#[cfg(test)]
mod tests {
    use super::Latency;
    use std::time::Duration;

    #[test]
    fn latency_stays_within_its_jitter_and_varies() {
        let ms = Duration::from_millis;
        assert_eq!(Latency::default().delay(7), Duration::ZERO);
        assert_eq!(Latency::new(ms(50), Duration::ZERO).delay(7), ms(50));
        let latency = Latency::new(ms(50), ms(5));
        let delays: Vec<Duration> = (0..1000).map(|n| latency.delay(n)).collect();
        assert!(delays.iter().all(|d| (ms(45)..=ms(55)).contains(d)), "{delays:?}");
        assert!(delays.iter().any(|d| *d < ms(47)) && delays.iter().any(|d| *d > ms(53)));
        assert_eq!(latency.delay(3), latency.delay(3), "the same request, another delay");
        // A jitter larger than the base never makes a delay negative.
        assert!((0..100).all(|n| Latency::new(ms(1), ms(10)).delay(n) <= ms(11)));
    }
}
