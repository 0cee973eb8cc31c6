//! The global limit: at most `limit` requests in any window of `period` as Discord receives
//! them, and a pause after a global 429.
//!
//! The limiter cannot see when a request reaches Discord, only that it happens between the
//! moment it lets the request go and the moment the response arrives; the network may delay
//! one request more than the next. So a request holds its slot until its response arrives,
//! and for `period` after: then no two requests that share a slot can reach Discord less than
//! `period` apart, however the network delays them.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

#[derive(Debug)]
pub(super) struct Global {
    limit: Option<u32>,
    period: Duration,
    /// Requests let through and not answered yet.
    in_flight: u32,
    /// When each request answered in the last `period` was answered, oldest first.
    answered: VecDeque<Instant>,
    /// No request goes out before this instant (set by a global 429).
    paused_until: Option<Instant>,
    /// Requests waiting for the global limit, in arrival order.
    pub(super) queue: VecDeque<oneshot::Sender<()>>,
    /// The deadline of the armed wake-up timer, if any.
    pub(super) timer: Option<Instant>,
}

impl Global {
    pub(super) fn new(limit: Option<u32>, period: Duration) -> Self {
        Self {
            limit,
            period,
            in_flight: 0,
            answered: VecDeque::new(),
            paused_until: None,
            queue: VecDeque::new(),
            timer: None,
        }
    }

    /// Whether requests take slots that must be handed back with [`Global::release`].
    pub(super) fn counts(&self) -> bool {
        self.limit.is_some()
    }

    /// Lets one request through if the limit allows it now.
    pub(super) fn try_acquire(&mut self, now: Instant) -> bool {
        if self.paused_until.is_some_and(|until| until > now) {
            return false;
        }
        let Some(limit) = self.limit else { return true };
        while self.answered.front().is_some_and(|&at| at + self.period <= now) {
            self.answered.pop_front();
        }
        if self.held() >= limit as usize {
            return false;
        }
        self.in_flight += 1;
        true
    }

    /// Forgets the last request let through (its waiter left before using it).
    pub(super) fn unacquire(&mut self) {
        if self.limit.is_some() {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
    }

    /// Hands back the slot of a request: at once if it was not sent, else `period` after now,
    /// the latest moment it can have reached Discord.
    pub(super) fn release(&mut self, now: Instant, sent: bool) {
        if self.limit.is_some() {
            self.in_flight = self.in_flight.saturating_sub(1);
            if sent {
                self.answered.push_back(now);
            }
        }
    }

    fn held(&self) -> usize {
        self.in_flight as usize + self.answered.len()
    }

    /// When a request could next go through, if it cannot now; `None` while that depends on
    /// a response rather than on time.
    pub(super) fn blocked_until(&self, now: Instant) -> Option<Instant> {
        let pause = self.paused_until.filter(|&until| until > now);
        let window = self.limit.and_then(|limit| {
            let (held, limit) = (self.held(), limit as usize);
            if held < limit || limit == 0 {
                return None;
            }
            // So many answered slots must expire before one is free.
            let expiring = held - limit + 1;
            self.answered.get(expiring - 1).map(|&at| at + self.period)
        });
        match (pause, window) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Stops every request until `until` (a global 429).
    pub(super) fn pause(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |at| at.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::Global;
    use std::time::Duration;
    use tokio::time::Instant;

    #[test]
    fn at_most_limit_in_any_window() {
        let now = Instant::now();
        let mut global = Global::new(Some(3), Duration::from_secs(1));
        assert!((0..3).all(|_| global.try_acquire(now)));
        (0..3).for_each(|_| global.release(now, true));
        assert!(!global.try_acquire(now + Duration::from_millis(999)));
        assert_eq!(global.blocked_until(now), Some(now + Duration::from_secs(1)));
        assert!(global.try_acquire(now + Duration::from_secs(1)));
    }

    #[test]
    fn a_slot_is_held_until_a_period_after_the_response() {
        let now = Instant::now();
        let later = |ms| now + Duration::from_millis(ms);
        let mut global = Global::new(Some(2), Duration::from_secs(1));
        assert!(global.try_acquire(now) && global.try_acquire(now));
        // Both in flight: only a response can free a slot, time alone cannot.
        assert!(!global.try_acquire(later(2_000)));
        assert_eq!(global.blocked_until(later(2_000)), None);
        // The first answered 300 ms in: it may have reached Discord just then.
        global.release(later(300), true);
        assert_eq!(global.blocked_until(later(300)), Some(later(1_300)));
        assert!(!global.try_acquire(later(1_299)));
        assert!(global.try_acquire(later(1_300)));
        // A request that never left gives its slot back at once.
        global.release(later(1_400), false);
        assert!(global.try_acquire(later(1_400)));
    }

    #[test]
    fn a_pause_stops_everything_and_off_means_off() {
        let now = Instant::now();
        let mut global = Global::new(None, Duration::from_secs(1));
        assert!((0..1000).all(|_| global.try_acquire(now)));
        global.pause(now + Duration::from_secs(2));
        assert!(!global.try_acquire(now + Duration::from_secs(1)));
        assert_eq!(global.blocked_until(now), Some(now + Duration::from_secs(2)));
        assert!(global.try_acquire(now + Duration::from_secs(2)));
    }
}
