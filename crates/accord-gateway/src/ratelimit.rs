//! The client side of Discord's command limit: 120 payloads per connection per 60 seconds,
//! with room always kept for heartbeats and IDENTIFY or RESUME.
//!
//! The gateway counts a payload when it reads it, which can be later than the shard sent it
//! (network delay, a gateway busy with the payloads before it). So a payload stays in the
//! shard's window a tenth of the window longer than in the gateway's: a burst right at the
//! limit never finds the gateway still counting the previous one.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

/// The limit of one connection.
#[derive(Debug)]
pub(crate) struct CommandLimiter {
    limit: usize,
    window: Duration,
    /// Payloads kept for heartbeats, IDENTIFY and RESUME; user commands get the rest.
    reserved: usize,
    /// When each payload of the current window was sent, oldest first.
    sent: VecDeque<Instant>,
    sleep: Option<Pin<Box<Sleep>>>,
}

impl CommandLimiter {
    /// A limiter for `limit` payloads per `window` on a connection that heartbeats every
    /// `heartbeat_interval`.
    pub(crate) fn new(limit: u32, window: Duration, heartbeat_interval: Duration) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX).max(1);
        // Every scheduled heartbeat of a window, one more for a jittered first beat or a
        // gateway's request, and one for IDENTIFY or RESUME.
        let interval = heartbeat_interval.max(Duration::from_millis(1));
        let beats = window.as_nanos().div_ceil(interval.as_nanos());
        let reserved = usize::try_from(beats).unwrap_or(usize::MAX).saturating_add(2);
        Self {
            limit,
            window: window + window / 10,
            reserved: reserved.min(limit - 1),
            sent: VecDeque::with_capacity(limit.min(128)),
            sleep: None,
        }
    }

    /// How many payloads are kept for heartbeats and session payloads.
    #[cfg(test)]
    pub(crate) const fn reserved(&self) -> usize {
        self.reserved
    }

    fn prune(&mut self, now: Instant) {
        while self.sent.front().is_some_and(|sent| *sent + self.window <= now) {
            self.sent.pop_front();
        }
    }

    /// How many user commands could be sent now.
    pub(crate) fn available(&mut self) -> usize {
        self.prune(Instant::now());
        (self.limit - self.reserved).saturating_sub(self.sent.len())
    }

    /// Ready when a user command may be sent; it must then be [recorded](Self::record).
    pub(crate) fn poll_command(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            if self.available() > 0 {
                self.sleep = None;
                return Poll::Ready(());
            }
            // Full: the oldest payload that must expire for a slot to free up.
            let expiring = self.sent.len() + 1 - (self.limit - self.reserved);
            let Some(oldest) = self.sent.get(expiring - 1).copied() else {
                return Poll::Ready(());
            };
            let until = oldest + self.window;
            let sleep = self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep_until(until)));
            if sleep.deadline() != until {
                sleep.as_mut().reset(until);
            }
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
        }
    }

    /// Whether a heartbeat or session payload fits the whole limit now. With the reserve this
    /// is always true unless the gateway asks for heartbeats far more often than it said, so
    /// the shard sends them without asking.
    #[cfg(test)]
    pub(crate) fn allows_priority(&mut self) -> bool {
        self.prune(Instant::now());
        self.sent.len() < self.limit
    }

    /// Counts a payload just sent.
    pub(crate) fn record(&mut self) {
        let now = Instant::now();
        self.prune(now);
        self.sent.push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use std::future::poll_fn;
    use std::time::Duration;

    use tokio::time::{Instant, advance};

    use super::CommandLimiter;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn reserve_covers_the_heartbeats_of_a_window() {
        // Discord's numbers: 41.25 s heartbeats, two per minute plus a jittered first one and
        // a requested one, plus IDENTIFY or RESUME.
        let limiter = CommandLimiter::new(120, 60 * SECOND, Duration::from_millis(41_250));
        assert_eq!(limiter.reserved(), 4);
        let tight = CommandLimiter::new(10, 60 * SECOND, Duration::from_millis(1));
        assert_eq!(tight.reserved(), 9, "at least one command always fits");
    }

    #[tokio::test(start_paused = true)]
    async fn user_commands_stop_at_the_limit_less_the_reserve() {
        let mut limiter = CommandLimiter::new(120, 60 * SECOND, Duration::from_millis(41_250));
        let start = Instant::now();
        for _ in 0..116 {
            poll_fn(|cx| limiter.poll_command(cx)).await;
            limiter.record();
        }
        assert_eq!(Instant::now(), start, "the first 116 go at once");
        assert_eq!(limiter.available(), 0);
        // Heartbeats still fit, four of them.
        for _ in 0..4 {
            assert!(limiter.allows_priority());
            limiter.record();
        }
        assert!(!limiter.allows_priority());
        // The 117th user command waits for the first one to leave the window, with the
        // margin of a tenth.
        poll_fn(|cx| limiter.poll_command(cx)).await;
        assert_eq!(Instant::now() - start, 66 * SECOND);
        limiter.record();
    }

    #[tokio::test(start_paused = true)]
    async fn the_window_slides() {
        let mut limiter = CommandLimiter::new(4, 10 * SECOND, Duration::from_secs(100));
        // Reserve: one heartbeat per window plus two, capped to leave one user slot.
        assert_eq!(limiter.reserved(), 3);
        limiter.record();
        advance(4 * SECOND).await;
        assert_eq!(limiter.available(), 0);
        let start = Instant::now();
        poll_fn(|cx| limiter.poll_command(cx)).await;
        assert_eq!(Instant::now() - start, 7 * SECOND, "10 s and a margin of 1 s after the first");
        assert_eq!(limiter.available(), 1);
    }
}
