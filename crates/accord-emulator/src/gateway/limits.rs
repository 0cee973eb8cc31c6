//! The gateway's rate rules: identify concurrency buckets, the daily identify budget, the
//! per-connection command limit and the full member list cooldown.

use std::collections::{HashMap, VecDeque};

use accord_model::gateway::ShardId;
use accord_model::id::Id;
use accord_model::id::marker::GuildMarker;
use tokio::time::{Duration, Instant};

/// One accepted IDENTIFY.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct IdentifyRecord {
    /// The shard that identified.
    pub shard: ShardId,
    /// Its rate limit bucket, `shard % max_concurrency`.
    pub bucket: u32,
    /// When, since the emulator started.
    pub at: Duration,
}

/// Why an IDENTIFY was refused with INVALID_SESSION.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Another shard of the same bucket identified less than `identify_window` ago.
    Concurrency,
    /// The identify budget of the budget window is spent.
    Budget,
}

/// The identify rules and the log of accepted identifies.
#[derive(Debug)]
pub(crate) struct IdentifyLimiter {
    started: Instant,
    last_by_bucket: HashMap<u32, Instant>,
    recent: VecDeque<Instant>,
    pub(crate) log: Vec<IdentifyRecord>,
    pub(crate) refused: u64,
}

impl IdentifyLimiter {
    pub(crate) fn new(started: Instant) -> Self {
        Self {
            started,
            last_by_bucket: HashMap::new(),
            recent: VecDeque::new(),
            log: Vec::new(),
            refused: 0,
        }
    }

    /// Admits an identify of `shard` now, or says why not.
    pub(crate) fn admit(
        &mut self,
        shard: ShardId,
        now: Instant,
        max_concurrency: u32,
        window: Duration,
        (budget, budget_window): (u32, Duration),
    ) -> Result<(), Refusal> {
        let bucket = shard.rate_limit_key(max_concurrency.max(1));
        while self
            .recent
            .front()
            .is_some_and(|at| now.saturating_duration_since(*at) >= budget_window)
        {
            self.recent.pop_front();
        }
        let refusal = if self.recent.len() >= usize::try_from(budget).unwrap_or(usize::MAX) {
            Some(Refusal::Budget)
        } else if self
            .last_by_bucket
            .get(&bucket)
            .is_some_and(|at| now.saturating_duration_since(*at) < window)
        {
            Some(Refusal::Concurrency)
        } else {
            None
        };
        if let Some(refusal) = refusal {
            self.refused += 1;
            return Err(refusal);
        }
        self.last_by_bucket.insert(bucket, now);
        self.recent.push_back(now);
        self.log.push(IdentifyRecord {
            shard,
            bucket,
            at: now.saturating_duration_since(self.started),
        });
        Ok(())
    }

    /// Identifies left in the current budget window, and milliseconds until the oldest one
    /// leaves it.
    pub(crate) fn remaining(
        &self,
        now: Instant,
        budget: u32,
        budget_window: Duration,
    ) -> (u32, u64) {
        let live: Vec<_> = self
            .recent
            .iter()
            .filter(|at| now.saturating_duration_since(**at) < budget_window)
            .collect();
        let used = u32::try_from(live.len()).unwrap_or(u32::MAX);
        let reset = live.first().map_or(Duration::ZERO, |at| {
            budget_window.saturating_sub(now.saturating_duration_since(**at))
        });
        (budget.saturating_sub(used), u64::try_from(reset.as_millis()).unwrap_or(u64::MAX))
    }
}

/// The command limit of one connection: `limit` payloads per `window`.
#[derive(Debug)]
pub(crate) struct CommandWindow {
    sent: VecDeque<Instant>,
}

impl CommandWindow {
    pub(crate) fn new() -> Self {
        Self { sent: VecDeque::new() }
    }

    /// Counts a payload; `false` when it is one too many.
    pub(crate) fn admit(&mut self, now: Instant, limit: u32, window: Duration) -> bool {
        while self.sent.front().is_some_and(|at| now.saturating_duration_since(*at) >= window) {
            self.sent.pop_front();
        }
        if self.sent.len() >= usize::try_from(limit).unwrap_or(usize::MAX) {
            return false;
        }
        self.sent.push_back(now);
        true
    }
}

/// When each guild's full member list was last requested.
#[derive(Debug, Default)]
pub(crate) struct MemberCooldown {
    last: HashMap<Id<GuildMarker>, Instant>,
}

impl MemberCooldown {
    /// Admits a full member list request, or returns how long until one is allowed.
    pub(crate) fn admit(
        &mut self,
        guild_id: Id<GuildMarker>,
        now: Instant,
        cooldown: Duration,
    ) -> Result<(), Duration> {
        if let Some(last) = self.last.get(&guild_id) {
            let elapsed = now.saturating_duration_since(*last);
            if elapsed < cooldown {
                return Err(cooldown.saturating_sub(elapsed));
            }
        }
        self.last.insert(guild_id, now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::ShardId;
    use tokio::time::{Duration, Instant};

    use super::{CommandWindow, IdentifyLimiter, MemberCooldown, Refusal};

    #[test]
    fn buckets_budget_and_windows() {
        let start = Instant::now();
        let mut limiter = IdentifyLimiter::new(start);
        let window = Duration::from_secs(5);
        let budget = (3, Duration::from_secs(100));
        let shard = |n| ShardId::new(n, 4).unwrap();
        assert_eq!(limiter.admit(shard(0), start, 2, window, budget), Ok(()));
        assert_eq!(limiter.admit(shard(1), start, 2, window, budget), Ok(()));
        assert_eq!(limiter.admit(shard(2), start, 2, window, budget), Err(Refusal::Concurrency));
        let later = start + window;
        assert_eq!(limiter.admit(shard(2), later, 2, window, budget), Ok(()));
        assert_eq!(limiter.admit(shard(3), later, 2, window, budget), Err(Refusal::Budget));
        assert_eq!(limiter.log.iter().map(|r| r.bucket).collect::<Vec<_>>(), [0, 1, 0]);
        assert_eq!(
            limiter.remaining(later, 3, budget.1),
            (0, 95_000),
            "the oldest leaves the window first"
        );
        assert_eq!(limiter.admit(shard(3), start + budget.1, 2, window, budget), Ok(()));

        let mut commands = CommandWindow::new();
        let second = Duration::from_secs(1);
        assert!(commands.admit(start, 2, second) && commands.admit(start, 2, second));
        assert!(!commands.admit(start, 2, second));
        assert!(commands.admit(start + second, 2, second));

        let mut cooldown = MemberCooldown::default();
        let guild = accord_model::id::Id::new(1);
        assert_eq!(cooldown.admit(guild, start, second), Ok(()));
        assert_eq!(cooldown.admit(guild, start + second / 2, second), Err(second / 2));
    }
}
