//! One bucket's state: what Discord said about its window, the slots handed out, the waiters.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

use super::RouteKey;
use crate::ratelimit::{Outcome, Permit};

/// Two `X-RateLimit-Reset` values closer than this (seconds) name the same window.
const WINDOW_EPSILON: f64 = 0.000_5;

/// What is known of the bucket's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    /// No response has said yet: one request at a time goes out to learn the limit.
    Unknown,
    /// Responses came without rate limit headers: only the global limit applies.
    Unlimited,
    /// `limit` requests per window.
    Limited { limit: u32 },
}

/// Where a response's window stands against the last one the bucket heard of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Window {
    Older,
    Same,
    Newer,
    /// No reset time to compare.
    Unknown,
}

/// What a granted request took from its bucket; handed back on completion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Reservation {
    /// The one request allowed while the limit is unknown.
    Probe,
    /// A request to a bucket without a limit.
    Free,
    /// One of `remaining`, taken in window `generation` (local count of windows).
    Slot { generation: u64 },
}

/// A request waiting for a slot.
#[derive(Debug)]
pub(super) struct Waiter {
    /// Where to hand the permit.
    pub(super) sender: oneshot::Sender<Permit>,
    /// The route of the request, to learn its bucket from the response.
    pub(super) route: RouteKey,
}

#[derive(Debug)]
pub(super) struct Bucket {
    pub(super) mode: Mode,
    /// Slots not yet handed out in the current window.
    pub(super) remaining: u32,
    /// When the current window ends, by the local clock (`None`: not known, or refilled).
    pub(super) reset_at: Option<Instant>,
    /// Discord's `X-RateLimit-Reset` of the current window, which identifies it.
    window: Option<f64>,
    /// Incremented at each local refill; slots from older windows report stale headers.
    generation: u64,
    /// The generation in which a response last taught the bucket something: after a local
    /// refill, only the first word may count the new window up.
    heard: Option<u64>,
    /// Requests handed out and not completed.
    pub(super) in_flight: u32,
    /// Probes handed out and not completed (more than one only after buckets merged).
    probes: u32,
    /// Requests waiting for a slot, in arrival order.
    pub(super) queue: VecDeque<Waiter>,
    /// The deadline of the armed wake-up timer, if any.
    pub(super) timer: Option<Instant>,
    /// When a request last used the bucket, for eviction.
    pub(super) last_used: Instant,
}

impl Bucket {
    pub(super) fn new(now: Instant) -> Self {
        Self {
            mode: Mode::Unknown,
            remaining: 0,
            reset_at: None,
            window: None,
            generation: 0,
            heard: None,
            in_flight: 0,
            probes: 0,
            queue: VecDeque::new(),
            timer: None,
            last_used: now,
        }
    }

    /// Takes a slot if one is free now.
    pub(super) fn try_reserve(&mut self, now: Instant) -> Option<Reservation> {
        let reservation = match self.mode {
            Mode::Unknown => {
                if self.probes > 0 {
                    return None;
                }
                self.probes += 1;
                Reservation::Probe
            }
            Mode::Unlimited => Reservation::Free,
            Mode::Limited { limit } => {
                if self.reset_at.is_some_and(|reset_at| reset_at <= now) {
                    // Requests still in flight may reach Discord in the new window.
                    self.remaining = limit.saturating_sub(self.in_flight);
                    self.reset_at = None;
                    self.generation += 1;
                }
                if self.remaining == 0 {
                    return None;
                }
                self.remaining -= 1;
                Reservation::Slot { generation: self.generation }
            }
        };
        self.in_flight += 1;
        Some(reservation)
    }

    /// When a blocked queue can move again by the passing of time alone; `None` when it waits
    /// for a response instead (a probe in flight) or is not blocked.
    pub(super) fn blocked_until(&self) -> Option<Instant> {
        match self.mode {
            Mode::Limited { .. } if self.remaining == 0 => self.reset_at,
            _ => None,
        }
    }

    /// Hands back a reservation and learns from the outcome.
    pub(super) fn release(
        &mut self,
        reservation: Reservation,
        outcome: &Outcome<'_>,
        now: Instant,
    ) {
        self.in_flight = self.in_flight.saturating_sub(1);
        if reservation == Reservation::Probe {
            self.probes = self.probes.saturating_sub(1);
        }
        match *outcome {
            Outcome::NotSent => {
                if let (Reservation::Slot { generation }, Mode::Limited { limit }) =
                    (reservation, self.mode)
                    && generation == self.generation
                {
                    self.remaining = (self.remaining + 1).min(limit);
                }
            }
            Outcome::NoResponse => {}
            Outcome::Response { status, headers } => {
                if headers.has_limits() {
                    // Which window the response speaks of. Discord's reset time tells, up to a
                    // few milliseconds (it is rounded, and read from the clock per response):
                    // an earlier one is an old window. A slot taken before the last local
                    // refill speaks of the old window too, unless its reset says otherwise:
                    // the refill already counted it against the new one.
                    let order = match (headers.reset, self.window) {
                        (Some(new), Some(old)) if new < old - WINDOW_EPSILON => Window::Older,
                        (Some(new), Some(old)) if new > old + WINDOW_EPSILON => Window::Newer,
                        (Some(_), Some(_)) => Window::Same,
                        (Some(_), None) => Window::Newer,
                        (None, _) => Window::Unknown,
                    };
                    let before_refill = matches!(
                        reservation,
                        Reservation::Slot { generation } if generation < self.generation
                    );
                    let stale = order == Window::Older || (before_refill && order != Window::Newer);
                    if !stale {
                        // Only the first word after a refill, from a request of this window,
                        // may count up. Later responses of one window arrive in any order
                        // and may carry a reset a millisecond or two apart; taking one of
                        // them for a new window would count up and send too much.
                        let first_word = order == Window::Newer
                            && !before_refill
                            && self.heard.is_none_or(|heard| heard < self.generation);
                        self.learn(
                            headers.limit,
                            headers.remaining,
                            headers.reset,
                            headers.reset_after,
                            first_word,
                            now,
                        );
                    }
                } else if status < 500 && status != 429 && self.mode == Mode::Unknown {
                    // A real answer without rate limit headers: the route has no limit of its
                    // own. (A 429 says nothing of the kind, and a 5xx may come from a proxy.)
                    self.mode = Mode::Unlimited;
                }
                if status == 429 && !headers.is_global() {
                    let reset_at = now + headers.wait();
                    if !matches!(self.mode, Mode::Limited { .. }) {
                        self.mode = Mode::Limited { limit: headers.limit.unwrap_or(1).max(1) };
                    }
                    self.remaining = 0;
                    self.reset_at = Some(self.reset_at.map_or(reset_at, |at| at.max(reset_at)));
                }
            }
        }
        // A bucket that knows its limit never waits without knowing until when.
        if self.blocked_until().is_none()
            && matches!(self.mode, Mode::Limited { .. })
            && self.remaining == 0
            && self.in_flight == 0
        {
            self.reset_at = Some(now + Duration::from_secs(1));
        }
    }

    fn learn(
        &mut self,
        limit: Option<u32>,
        remaining: Option<u32>,
        reset: Option<f64>,
        reset_after: Option<Duration>,
        first_word: bool,
        now: Instant,
    ) {
        let (Some(limit), Some(remaining), Some(reset_after)) = (limit, remaining, reset_after)
        else {
            return;
        };
        let reset_at = now + reset_after;
        // Requests still in flight may not be counted in `remaining` yet: assume they are not.
        let available = remaining.saturating_sub(self.in_flight);
        self.heard = Some(self.generation);
        if !matches!(self.mode, Mode::Limited { .. }) || first_word {
            // The first word of a window: Discord counted everything it saw, and what it has
            // not seen yet is in flight.
            self.remaining = available;
            self.reset_at = Some(reset_at);
        } else {
            // The same window (or one we cannot tell apart): responses may arrive in any
            // order, so never count up.
            self.remaining = self.remaining.min(available);
            self.reset_at = Some(self.reset_at.map_or(reset_at, |at| at.max(reset_at)));
        }
        self.mode = Mode::Limited { limit: limit.max(1) };
        if reset.is_some() {
            self.window = reset;
        }
    }

    /// Takes over another bucket found to be the same on Discord's side.
    pub(super) fn absorb(&mut self, other: Self) {
        match (self.mode, other.mode) {
            (Mode::Unknown, Mode::Limited { .. } | Mode::Unlimited) => {
                self.mode = other.mode;
                self.remaining = other.remaining;
                self.reset_at = other.reset_at;
                self.window = other.window;
            }
            (Mode::Limited { .. }, Mode::Limited { .. }) => {
                self.remaining = self.remaining.min(other.remaining);
                self.reset_at = match (self.reset_at, other.reset_at) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
            }
            _ => {}
        }
        // The other bucket's requests in flight were not counted against this one.
        self.remaining = self.remaining.saturating_sub(other.in_flight);
        self.in_flight += other.in_flight;
        self.probes += other.probes;
        self.queue.extend(other.queue);
        self.last_used = self.last_used.max(other.last_used);
    }

    /// Whether the bucket holds nothing worth keeping: no waiters, nothing in flight, and no
    /// window still running.
    pub(super) fn is_idle(&self, now: Instant) -> bool {
        self.queue.is_empty()
            && self.in_flight == 0
            && self.timer.is_none()
            && self.reset_at.is_none_or(|reset_at| reset_at <= now)
    }
}

#[cfg(test)]
mod tests {
    use super::{Bucket, Mode, Reservation};
    use crate::ratelimit::{Outcome, RatelimitHeaders};
    use std::time::Duration;
    use tokio::time::Instant;

    fn headers(limit: u32, remaining: u32, reset: f64, reset_after: f64) -> RatelimitHeaders {
        RatelimitHeaders {
            limit: Some(limit),
            remaining: Some(remaining),
            reset: Some(reset),
            reset_after: Some(Duration::from_secs_f64(reset_after)),
            ..RatelimitHeaders::default()
        }
    }

    fn ok(headers: &RatelimitHeaders) -> Outcome<'_> {
        Outcome::Response { status: 200, headers }
    }

    #[test]
    fn an_unknown_bucket_lets_one_probe_out_then_learns() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        assert_eq!(bucket.try_reserve(now), Some(Reservation::Probe));
        assert_eq!(bucket.try_reserve(now), None, "a second probe went out");
        bucket.release(Reservation::Probe, &ok(&headers(5, 4, 100.0, 2.0)), now);
        assert_eq!(bucket.mode, Mode::Limited { limit: 5 });
        for _ in 0..4 {
            assert!(matches!(bucket.try_reserve(now), Some(Reservation::Slot { .. })));
        }
        assert_eq!(bucket.try_reserve(now), None);
        assert_eq!(bucket.blocked_until(), Some(now + Duration::from_secs(2)));
        let later = now + Duration::from_secs(2);
        assert!(bucket.try_reserve(later).is_some(), "the window did not refill at reset");
    }

    #[test]
    fn in_flight_requests_are_subtracted_from_remaining() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        bucket.mode = Mode::Unlimited;
        let held: Vec<_> = (0..3).map(|_| bucket.try_reserve(now).unwrap()).collect();
        // The first response says 4 left, but 2 more of ours are still in flight.
        bucket.release(held[0], &ok(&headers(5, 4, 100.0, 1.0)), now);
        assert_eq!(bucket.remaining, 2);
        // Same window: never more than what we already counted.
        bucket.release(held[1], &ok(&headers(5, 3, 100.0, 1.0)), now);
        assert_eq!(bucket.remaining, 2);
    }

    #[test]
    fn responses_from_an_older_window_are_ignored() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let probe = bucket.try_reserve(now).unwrap();
        bucket.release(probe, &ok(&headers(2, 1, 100.0, 1.0)), now);
        let old = bucket.try_reserve(now).unwrap();
        let later = now + Duration::from_secs(1);
        // Refilled, less the request still in flight: it may land in the new window.
        let new = bucket.try_reserve(later).unwrap();
        assert_eq!(bucket.remaining, 0);
        // A late response of the new window sets the count; the old one says nothing.
        bucket.release(new, &ok(&headers(2, 1, 101.0, 1.0)), later);
        assert_eq!(bucket.remaining, 0, "the old request in flight was forgotten");
        bucket.release(old, &ok(&headers(2, 0, 100.0, 0.1)), later);
        assert_eq!(bucket.remaining, 0);
        assert_eq!(bucket.reset_at, Some(later + Duration::from_secs(1)));
    }

    #[test]
    fn without_reset_times_a_window_never_counts_up() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let mut plain = headers(3, 2, 0.0, 1.0);
        plain.reset = None;
        let probe = bucket.try_reserve(now).unwrap();
        bucket.release(probe, &ok(&plain), now);
        let (a, b) = (bucket.try_reserve(now).unwrap(), bucket.try_reserve(now).unwrap());
        assert_eq!(bucket.remaining, 0);
        // The responses come back in reverse order: the older says more is left.
        plain.remaining = Some(0);
        bucket.release(b, &ok(&plain), now);
        plain.remaining = Some(1);
        bucket.release(a, &ok(&plain), now);
        assert_eq!(bucket.remaining, 0);
    }

    #[test]
    fn a_429_empties_the_bucket_until_retry_after() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let probe = bucket.try_reserve(now).unwrap();
        let limited = RatelimitHeaders {
            retry_after: Some(Duration::from_secs(3)),
            ..RatelimitHeaders::default()
        };
        bucket.release(probe, &Outcome::Response { status: 429, headers: &limited }, now);
        assert_eq!(bucket.try_reserve(now), None);
        assert_eq!(bucket.blocked_until(), Some(now + Duration::from_secs(3)));
    }

    #[test]
    fn a_global_429_teaches_nothing_about_an_unknown_bucket() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let probe = bucket.try_reserve(now).unwrap();
        let global = RatelimitHeaders { global: true, ..RatelimitHeaders::default() };
        bucket.release(probe, &Outcome::Response { status: 429, headers: &global }, now);
        assert_eq!(bucket.mode, Mode::Unknown);
        assert_eq!(bucket.try_reserve(now), Some(Reservation::Probe));
    }

    #[test]
    fn a_global_429_leaves_the_bucket_alone() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        bucket.mode = Mode::Unlimited;
        let slot = bucket.try_reserve(now).unwrap();
        let global = RatelimitHeaders { global: true, ..RatelimitHeaders::default() };
        bucket.release(slot, &Outcome::Response { status: 429, headers: &global }, now);
        assert!(bucket.try_reserve(now).is_some());
    }

    #[test]
    fn a_slot_not_sent_is_given_back_in_its_window_only() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let probe = bucket.try_reserve(now).unwrap();
        bucket.release(probe, &ok(&headers(1, 1, 100.0, 1.0)), now);
        let slot = bucket.try_reserve(now).unwrap();
        assert_eq!(bucket.remaining, 0);
        bucket.release(slot, &Outcome::NotSent, now);
        assert_eq!(bucket.remaining, 1);
        let probe_lost = {
            let mut unknown = Bucket::new(now);
            let probe = unknown.try_reserve(now).unwrap();
            unknown.release(probe, &Outcome::NoResponse, now);
            unknown.try_reserve(now)
        };
        assert_eq!(probe_lost, Some(Reservation::Probe), "a lost probe blocked the bucket");
    }

    #[test]
    fn no_headers_means_no_route_limit() {
        let now = Instant::now();
        let mut bucket = Bucket::new(now);
        let probe = bucket.try_reserve(now).unwrap();
        bucket.release(probe, &ok(&RatelimitHeaders::default()), now);
        assert!((0..100).all(|_| bucket.try_reserve(now).is_some()));
    }
}
