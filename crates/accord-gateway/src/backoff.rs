//! How long a shard waits before reconnecting: exponential, capped, with jitter.

use std::time::Duration;

/// The reconnect delay policy.
///
/// The first reconnect after a healthy connection waits a random time below `initial`, so that
/// many shards dropped at once do not come back at once. Each further failure in a row doubles
/// the ceiling, up to `max`, and waits between half the ceiling and the ceiling ("equal
/// jitter"): the delay grows for sure, and shards failing together spread out.
///
/// ```
/// use std::time::Duration;
/// use accord_gateway::Backoff;
///
/// let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60));
/// assert!(backoff.delay(0) < Duration::from_secs(1));
/// assert!(backoff.delay(3) >= Duration::from_secs(4));
/// assert!(backoff.delay(30) < Duration::from_secs(60));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
}

impl Backoff {
    /// Discord-friendly defaults: up to 1 s for the first reconnect, at most 60 s.
    pub const DEFAULT: Self =
        Self { initial: Duration::from_secs(1), max: Duration::from_secs(60) };

    /// A policy starting below `initial` and never waiting `max` or more (`max` is raised to
    /// `initial` if smaller).
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self { initial, max: max.max(initial) }
    }

    /// The ceiling of the first delay.
    pub const fn initial(&self) -> Duration {
        self.initial
    }

    /// The ceiling of every delay.
    pub const fn max(&self) -> Duration {
        self.max
    }

    /// A random delay before the next attempt, after `failures` failed attempts in a row.
    pub fn delay(&self, failures: u32) -> Duration {
        self.delay_with(failures, crate::random::unit())
    }

    /// The delay for a given random fraction in `[0, 1)`.
    pub(crate) fn delay_with(&self, failures: u32, unit: f64) -> Duration {
        let unit = unit.clamp(0.0, 1.0);
        if failures == 0 {
            return self.initial.mul_f64(unit);
        }
        let ceiling = self.ceiling(failures);
        ceiling / 2 + (ceiling / 2).mul_f64(unit)
    }

    /// `initial * 2^failures`, capped at `max`.
    fn ceiling(&self, failures: u32) -> Duration {
        let factor = 1_u32.checked_shl(failures.min(31)).unwrap_or(u32::MAX);
        self.initial.checked_mul(factor).map_or(self.max, |ceiling| ceiling.min(self.max))
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Self::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use proptest::prelude::*;

    use super::Backoff;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn first_reconnect_is_jittered_below_initial() {
        let backoff = Backoff::new(100 * MS, 10_000 * MS);
        assert_eq!(backoff.delay_with(0, 0.0), Duration::ZERO);
        assert_eq!(backoff.delay_with(0, 0.5), 50 * MS);
        assert!(backoff.delay_with(0, 0.999_999) < 100 * MS);
    }

    #[test]
    fn delays_double_then_cap() {
        let backoff = Backoff::new(100 * MS, 1000 * MS);
        // Lowest possible delay (unit 0) is half the ceiling: 100, 200, 400, then capped at 1000.
        let lows: Vec<Duration> = (1..=6).map(|n| backoff.delay_with(n, 0.0)).collect();
        assert_eq!(lows, [100 * MS, 200 * MS, 400 * MS, 500 * MS, 500 * MS, 500 * MS]);
        let highs: Vec<Duration> = (1..=6).map(|n| backoff.delay_with(n, 0.999_999)).collect();
        assert!(highs.iter().all(|high| *high < 1000 * MS));
        assert!(highs[0] > 199 * MS && highs[1] > 399 * MS, "{highs:?}");
    }

    #[test]
    fn huge_failure_counts_do_not_overflow() {
        let backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(60));
        assert!(backoff.delay_with(u32::MAX, 0.5) <= Duration::from_secs(60));
        assert!(backoff.delay_with(u32::MAX, 0.0) >= Duration::from_secs(30));
        let max = Backoff::new(Duration::MAX, Duration::MAX);
        assert!(max.delay_with(40, 0.1) > Duration::ZERO);
    }

    proptest! {
        #[test]
        fn delays_stay_within_bounds(initial in 1_u64..10_000, max in 1_u64..100_000, failures in 0_u32..100, unit in 0.0_f64..1.0) {
            let backoff = Backoff::new(Duration::from_millis(initial), Duration::from_millis(max));
            let delay = backoff.delay_with(failures, unit);
            prop_assert!(delay <= backoff.max());
            if failures == 0 {
                prop_assert!(delay <= backoff.initial());
            } else {
                prop_assert!(delay >= backoff.initial().min(backoff.max()) / 2);
            }
        }
    }
}
