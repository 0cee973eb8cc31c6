//! Heartbeats: when to send the next one, whether the connection has become a zombie, and the
//! latency statistics the ACKs give.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

/// How many recent round trips [`Latency::recent`] keeps.
const RECENT: usize = 5;

/// Heartbeat round-trip statistics of a shard, over its current connection.
///
/// Reset when a new connection says HELLO, since the new host may be nearer or farther.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Latency {
    recent: [Duration; RECENT],
    recent_len: usize,
    total: Duration,
    acked: u32,
    sent: Option<Instant>,
    received: Option<Instant>,
}

impl Latency {
    /// The mean round trip, or `None` before the first ACK.
    pub fn average(&self) -> Option<Duration> {
        (self.acked > 0).then(|| self.total / self.acked)
    }

    /// The most recent round trips, oldest first (at most five).
    pub fn recent(&self) -> &[Duration] {
        self.recent.get(..self.recent_len).unwrap_or(&self.recent)
    }

    /// The last round trip.
    pub fn last(&self) -> Option<Duration> {
        self.recent().last().copied()
    }

    /// How many heartbeats were acknowledged.
    pub const fn heartbeats(&self) -> u32 {
        self.acked
    }

    /// When the last heartbeat was sent.
    pub const fn sent(&self) -> Option<Instant> {
        self.sent
    }

    /// When the last ACK arrived.
    pub const fn received(&self) -> Option<Instant> {
        self.received
    }

    fn record(&mut self, round_trip: Duration, at: Instant) {
        if let Some(slot) = self.recent.get_mut(self.recent_len) {
            *slot = round_trip;
            self.recent_len += 1;
        } else {
            self.recent.rotate_left(1);
            if let Some(newest) = self.recent.last_mut() {
                *newest = round_trip;
            }
        }
        self.total = self.total.saturating_add(round_trip);
        self.acked = self.acked.saturating_add(1);
        self.received = Some(at);
    }
}

/// What the heartbeat timer asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Beat {
    /// Send a heartbeat now.
    Send,
    /// A heartbeat is due but the previous one is unacknowledged: the connection is a zombie,
    /// unless the ACK is already waiting to be read (a shard that was not polled for a while
    /// has not read it yet). The timer stays due until an ACK arrives.
    Overdue {
        /// When the heartbeat became due.
        due: Instant,
    },
}

/// The heartbeat timer of one connection.
#[derive(Debug)]
pub(crate) struct Heartbeat {
    interval: Duration,
    sleep: Pin<Box<Sleep>>,
    /// When the heartbeat that still awaits its ACK was sent.
    unacked: Option<Instant>,
}

impl Heartbeat {
    /// A timer whose first beat comes after `interval * jitter`, `jitter` in `[0, 1)`.
    pub(crate) fn new(interval: Duration, jitter: f64) -> Self {
        let first = Instant::now() + interval.mul_f64(jitter.clamp(0.0, 1.0));
        Self { interval, sleep: Box::pin(tokio::time::sleep_until(first)), unacked: None }
    }

    /// The interval HELLO gave.
    pub(crate) const fn interval(&self) -> Duration {
        self.interval
    }

    /// Waits for the next beat. A beat that finds the previous heartbeat unacknowledged is
    /// overdue; any other starts the next interval and counts as sent.
    pub(crate) fn poll_beat(&mut self, cx: &mut Context<'_>) -> Poll<Beat> {
        if self.sleep.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        if self.unacked.is_some() {
            return Poll::Ready(Beat::Overdue { due: self.sleep.deadline() });
        }
        let now = Instant::now();
        self.sleep.as_mut().reset(now + self.interval);
        self.unacked = Some(now);
        Poll::Ready(Beat::Send)
    }

    /// The gateway asked for a heartbeat (op 1), which is being sent now. The timer keeps its
    /// schedule; the zombie check waits for an ACK to either heartbeat.
    pub(crate) fn requested(&mut self) {
        self.unacked.get_or_insert_with(Instant::now);
    }

    /// A HEARTBEAT_ACK arrived; records the round trip.
    pub(crate) fn acknowledged(&mut self, latency: &mut Latency) {
        if let Some(sent) = self.unacked.take() {
            let now = Instant::now();
            latency.sent = Some(sent);
            latency.record(now - sent, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::future::poll_fn;
    use std::time::Duration;

    use tokio::time::{Instant, advance};

    use super::{Beat, Heartbeat, Latency};

    const MS: Duration = Duration::from_millis(1);

    async fn next_beat(heartbeat: &mut Heartbeat) -> (Beat, Duration) {
        let start = Instant::now();
        let beat = poll_fn(|cx| heartbeat.poll_beat(cx)).await;
        (beat, start.elapsed())
    }

    #[tokio::test(start_paused = true)]
    async fn first_beat_is_jittered_then_every_interval() {
        let mut latency = Latency::default();
        let mut heartbeat = Heartbeat::new(1000 * MS, 0.25);
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Send, 250 * MS));
        advance(40 * MS).await;
        heartbeat.acknowledged(&mut latency);
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Send, 960 * MS));
        heartbeat.acknowledged(&mut latency);
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Send, 1000 * MS));
        assert_eq!(latency.recent(), [40 * MS, Duration::ZERO]);
        assert_eq!(latency.average(), Some(20 * MS));
        assert_eq!(latency.heartbeats(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_beat_without_ack_since_the_last_is_overdue_until_the_ack() {
        let mut latency = Latency::default();
        let mut heartbeat = Heartbeat::new(100 * MS, 0.0);
        assert_eq!(next_beat(&mut heartbeat).await.0, Beat::Send);
        // No ACK arrives: the next beat is overdue, one interval later, and stays so.
        let start = Instant::now();
        let due = start + 100 * MS;
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Overdue { due }, 100 * MS));
        advance(30 * MS).await;
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Overdue { due }, Duration::ZERO));
        // A late ACK (read after a pause) lets the due heartbeat go out after all.
        heartbeat.acknowledged(&mut latency);
        assert_eq!(latency.last(), Some(130 * MS));
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Send, Duration::ZERO));
        heartbeat.acknowledged(&mut latency);
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Send, 100 * MS));
    }

    #[tokio::test(start_paused = true)]
    async fn an_ack_to_a_requested_heartbeat_also_counts() {
        let mut latency = Latency::default();
        let mut heartbeat = Heartbeat::new(100 * MS, 0.5);
        heartbeat.requested();
        advance(10 * MS).await;
        heartbeat.acknowledged(&mut latency);
        assert_eq!(latency.last(), Some(10 * MS));
        assert_eq!(next_beat(&mut heartbeat).await, (Beat::Send, 40 * MS));
        heartbeat.requested();
        // The scheduled beat's heartbeat is the one in flight; requesting again keeps its time.
        advance(30 * MS).await;
        heartbeat.acknowledged(&mut latency);
        assert_eq!(latency.last(), Some(30 * MS));
        assert_eq!(next_beat(&mut heartbeat).await.0, Beat::Send);
    }

    #[test]
    fn latency_keeps_the_five_most_recent() {
        let mut latency = Latency::default();
        let now = Instant::now();
        for ms in 1..=7 {
            latency.record(ms * MS, now);
        }
        assert_eq!(latency.recent(), [3 * MS, 4 * MS, 5 * MS, 6 * MS, 7 * MS]);
        assert_eq!(latency.average(), Some(4 * MS));
        assert_eq!(Latency::default().average(), None);
    }
}
