//! Cooldowns: how often a command may be used per user, guild, channel, member or globally,
//! measured with a clock tests can control.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};

/// A source of time for cooldowns.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The time elapsed since an arbitrary fixed point.
    fn now(&self) -> Duration;
}

/// The tokio clock: real time, or paused and advanced time in tests.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    start: tokio::time::Instant,
}

impl TokioClock {
    /// A clock starting now.
    pub fn new() -> Self {
        Self { start: tokio::time::Instant::now() }
    }
}

impl Default for TokioClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for TokioClock {
    fn now(&self) -> Duration {
        self.start.elapsed()
    }
}

/// A clock that only moves when told to, for tests.
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now: Arc<Mutex<Duration>>,
}

impl ManualClock {
    /// A clock at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Duration {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The scope a cooldown counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CooldownBucket {
    /// Everyone shares one cooldown.
    Global,
    /// Each user has their own, everywhere.
    User,
    /// Each guild has its own (direct messages count per channel).
    Guild,
    /// Each channel has its own.
    Channel,
    /// Each user has their own in each guild.
    Member,
}

/// How long a command cools down in each bucket; all that are set apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CooldownConfig {
    /// One cooldown for everyone.
    pub global: Option<Duration>,
    /// Per user.
    pub user: Option<Duration>,
    /// Per guild.
    pub guild: Option<Duration>,
    /// Per channel.
    pub channel: Option<Duration>,
    /// Per member (user in a guild).
    pub member: Option<Duration>,
}

impl CooldownConfig {
    /// No cooldown.
    pub const fn new() -> Self {
        Self { global: None, user: None, guild: None, channel: None, member: None }
    }

    /// Sets the cooldown of one bucket.
    #[must_use]
    pub const fn with(mut self, bucket: CooldownBucket, duration: Duration) -> Self {
        let slot = match bucket {
            CooldownBucket::Global => &mut self.global,
            CooldownBucket::User => &mut self.user,
            CooldownBucket::Guild => &mut self.guild,
            CooldownBucket::Channel => &mut self.channel,
            CooldownBucket::Member => &mut self.member,
        };
        *slot = Some(duration);
        self
    }

    /// Whether any bucket is set.
    pub const fn is_set(&self) -> bool {
        self.global.is_some()
            || self.user.is_some()
            || self.guild.is_some()
            || self.channel.is_some()
            || self.member.is_some()
    }

    fn buckets(&self) -> [(CooldownBucket, Option<Duration>); 5] {
        [
            (CooldownBucket::Global, self.global),
            (CooldownBucket::User, self.user),
            (CooldownBucket::Guild, self.guild),
            (CooldownBucket::Channel, self.channel),
            (CooldownBucket::Member, self.member),
        ]
    }
}

/// Who used a command where, to pick the cooldown keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CooldownScope {
    /// The user.
    pub user_id: Id<UserMarker>,
    /// The guild, if any.
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel.
    pub channel_id: Id<ChannelMarker>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Global,
    User(Id<UserMarker>),
    Guild(Id<GuildMarker>),
    Channel(Id<ChannelMarker>),
    Member(Id<GuildMarker>, Id<UserMarker>),
}

fn key(bucket: CooldownBucket, scope: CooldownScope) -> Key {
    match (bucket, scope.guild_id) {
        (CooldownBucket::Global, _) => Key::Global,
        (CooldownBucket::User, _) | (CooldownBucket::Member, None) => Key::User(scope.user_id),
        (CooldownBucket::Guild, Some(guild_id)) => Key::Guild(guild_id),
        (CooldownBucket::Guild | CooldownBucket::Channel, _) => Key::Channel(scope.channel_id),
        (CooldownBucket::Member, Some(guild_id)) => Key::Member(guild_id, scope.user_id),
    }
}

/// The last uses of every command per bucket key.
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// use accord_framework::cooldown::{CooldownBucket, CooldownConfig, CooldownScope, Cooldowns, ManualClock};
/// use accord_framework::model::id::Id;
///
/// let clock = ManualClock::new();
/// let cooldowns = Cooldowns::new(Arc::new(clock.clone()));
/// let config = CooldownConfig::new().with(CooldownBucket::User, Duration::from_secs(5));
/// let scope = CooldownScope { user_id: Id::new(1), guild_id: None, channel_id: Id::new(2) };
///
/// assert!(cooldowns.try_start("ping", &config, scope).is_ok());
/// clock.advance(Duration::from_secs(2));
/// let (bucket, remaining) = cooldowns.try_start("ping", &config, scope).unwrap_err();
/// assert_eq!((bucket, remaining), (CooldownBucket::User, Duration::from_secs(3)));
/// clock.advance(Duration::from_secs(3));
/// assert!(cooldowns.try_start("ping", &config, scope).is_ok());
/// ```
#[derive(Debug)]
pub struct Cooldowns {
    clock: Arc<dyn Clock>,
    last: Mutex<HashMap<(String, Key), Duration>>,
}

impl Cooldowns {
    /// Empty cooldowns measured with `clock`.
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { clock, last: Mutex::new(HashMap::new()) }
    }

    /// Starts the cooldowns of `command` for `scope`, or says which bucket is still cooling
    /// down and for how long (then nothing starts).
    pub fn try_start(
        &self,
        command: &str,
        config: &CooldownConfig,
        scope: CooldownScope,
    ) -> Result<(), (CooldownBucket, Duration)> {
        if !config.is_set() {
            return Ok(());
        }
        let now = self.clock.now();
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        for (bucket, duration) in config.buckets() {
            let Some(duration) = duration else { continue };
            if let Some(at) = last.get(&(command.to_owned(), key(bucket, scope))) {
                let ready = *at + duration;
                if ready > now {
                    return Err((bucket, ready.saturating_sub(now)));
                }
            }
        }
        for (bucket, duration) in config.buckets() {
            if duration.is_some() {
                last.insert((command.to_owned(), key(bucket, scope)), now);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use accord_model::id::Id;

    use super::{CooldownBucket, CooldownConfig, CooldownScope, Cooldowns, ManualClock};

    fn scope(user: u64, guild: Option<u64>, channel: u64) -> CooldownScope {
        CooldownScope {
            user_id: Id::new(user),
            guild_id: guild.map(Id::new),
            channel_id: Id::new(channel),
        }
    }

    #[test]
    fn buckets_count_separately() {
        let clock = ManualClock::new();
        let cooldowns = Cooldowns::new(Arc::new(clock.clone()));
        let guild = CooldownConfig::new().with(CooldownBucket::Guild, Duration::from_secs(10));
        assert!(cooldowns.try_start("a", &guild, scope(1, Some(5), 7)).is_ok());
        // Another user in the same guild waits; the same user elsewhere does not.
        assert_eq!(
            cooldowns.try_start("a", &guild, scope(2, Some(5), 8)),
            Err((CooldownBucket::Guild, Duration::from_secs(10)))
        );
        assert!(cooldowns.try_start("a", &guild, scope(1, Some(6), 9)).is_ok());
        // Other commands have their own cooldowns.
        assert!(cooldowns.try_start("b", &guild, scope(1, Some(5), 7)).is_ok());

        let member = CooldownConfig::new().with(CooldownBucket::Member, Duration::from_secs(1));
        assert!(cooldowns.try_start("m", &member, scope(1, Some(5), 7)).is_ok());
        assert!(cooldowns.try_start("m", &member, scope(1, Some(6), 7)).is_ok());
        assert!(cooldowns.try_start("m", &member, scope(1, Some(5), 8)).is_err());
        clock.advance(Duration::from_secs(1));
        assert!(cooldowns.try_start("m", &member, scope(1, Some(5), 8)).is_ok());
    }

    #[test]
    fn a_refused_use_starts_nothing() {
        let clock = ManualClock::new();
        let cooldowns = Cooldowns::new(Arc::new(clock.clone()));
        let config = CooldownConfig::new()
            .with(CooldownBucket::Global, Duration::from_secs(2))
            .with(CooldownBucket::Channel, Duration::from_secs(5));
        assert!(cooldowns.try_start("c", &config, scope(1, None, 1)).is_ok());
        clock.advance(Duration::from_secs(3));
        // The channel still cools down; the global bucket must not restart.
        assert!(cooldowns.try_start("c", &config, scope(2, None, 1)).is_err());
        assert!(cooldowns.try_start("c", &config, scope(2, None, 2)).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn the_tokio_clock_follows_paused_time() {
        use super::{Clock, TokioClock};
        let clock = TokioClock::new();
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(clock.now(), Duration::from_secs(30));
    }
}
