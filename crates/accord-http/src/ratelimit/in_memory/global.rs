//! The global limit: at most `limit` requests in any window of `period`, and a pause after a
//! global 429.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

#[derive(Debug)]
pub(super) struct Global {
    limit: Option<u32>,
    period: Duration,
    /// When each of the last `limit` requests was let through, oldest first.
    sent: VecDeque<Instant>,
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
            sent: VecDeque::new(),
            paused_until: None,
            queue: VecDeque::new(),
            timer: None,
        }
    }

    /// Lets one request through if the limit allows it now.
    pub(super) fn try_acquire(&mut self, now: Instant) -> bool {
        if self.paused_until.is_some_and(|until| until > now) {
            return false;
        }
        let Some(limit) = self.limit else { return true };
        while self.sent.front().is_some_and(|&at| at + self.period <= now) {
            self.sent.pop_front();
        }
        if self.sent.len() >= limit as usize {
            return false;
        }
        self.sent.push_back(now);
        true
    }

    /// Forgets the last request let through (its waiter left before using it).
    pub(super) fn unacquire(&mut self) {
        if self.limit.is_some() {
            self.sent.pop_back();
        }
    }

    /// When a request could next go through, if it cannot now.
    pub(super) fn blocked_until(&self, now: Instant) -> Option<Instant> {
        let pause = self.paused_until.filter(|&until| until > now);
        let window = self.limit.and_then(|limit| {
            let len = self.sent.len();
            let limit = limit as usize;
            (len >= limit && limit > 0).then(|| self.sent[len - limit] + self.period)
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
        assert!(!global.try_acquire(now + Duration::from_millis(999)));
        assert_eq!(global.blocked_until(now), Some(now + Duration::from_secs(1)));
        assert!(global.try_acquire(now + Duration::from_secs(1)));
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
