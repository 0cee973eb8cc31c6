//! A property test of the bucket state machine: a simulated Discord with fixed windows and
//! random network latencies must never have to answer 429, and every request must finish.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::time::Duration;

use proptest::prelude::*;
use tokio::time::Instant;

use super::bucket::{Bucket, Reservation};
use crate::ratelimit::{Outcome, RatelimitHeaders};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    /// The caller asks to send request `i`.
    Wants(usize),
    /// Request `i` reaches the server.
    Arrives(usize),
    /// The response to request `i` reaches the client.
    Answered(usize),
    /// A window may have ended.
    Tick,
}

#[derive(Debug)]
struct Outcomes {
    rejected: usize,
    finished: usize,
}

#[allow(clippy::too_many_lines, reason = "one event loop reads best in one piece")]
fn simulate(
    limit: u32,
    window_ms: u64,
    wants_at: &[u64],
    latencies: &[(u64, u64)],
    absolute_reset: bool,
    reset_jitter_ms: &[u64],
) -> Outcomes {
    let base = Instant::now();
    let at = |ms: u64| base + Duration::from_millis(ms);
    let mut bucket = Bucket::new(base);
    let mut events = BinaryHeap::new();
    for (i, &ms) in wants_at.iter().enumerate() {
        events.push(Reverse((ms, Event::Wants(i))));
    }
    let mut pending = VecDeque::new();
    let mut reservations: HashMap<usize, Reservation> = HashMap::new();
    let mut answers: HashMap<usize, RatelimitHeaders> = HashMap::new();
    let (mut window_end, mut count) = (None::<u64>, 0_u32);
    let mut outcomes = Outcomes { rejected: 0, finished: 0 };
    let mut steps = 0;
    while let Some(Reverse((now, event))) = events.pop() {
        steps += 1;
        assert!(steps < 200_000, "the simulation does not end");
        match event {
            Event::Wants(i) => pending.push_back(i),
            Event::Arrives(i) => {
                if window_end.is_none_or(|end| now >= end) {
                    window_end = Some(now + window_ms);
                    count = 0;
                }
                count += 1;
                let end = window_end.unwrap_or(now);
                if count > limit {
                    outcomes.rejected += 1;
                }
                // Servers compute the reset per response (the clock read when the headers are
                // written, rounded to milliseconds), so it can move by a few ms in one window.
                let jitter = reset_jitter_ms.get(i).copied().unwrap_or(0);
                #[allow(clippy::cast_precision_loss, reason = "small test values")]
                let reset =
                    absolute_reset.then(|| 1_700_000_000.0 + (end + jitter) as f64 / 1000.0);
                answers.insert(
                    i,
                    RatelimitHeaders {
                        limit: Some(limit),
                        remaining: Some(limit.saturating_sub(count)),
                        reset_after: Some(Duration::from_millis(end - now)),
                        reset,
                        ..RatelimitHeaders::default()
                    },
                );
                events.push(Reverse((now + latencies[i].1, Event::Answered(i))));
            }
            Event::Answered(i) => {
                let headers = answers.remove(&i).unwrap_or_default();
                let reservation = reservations.remove(&i).expect("answered requests were sent");
                bucket.release(
                    reservation,
                    &Outcome::Response { status: 200, headers: &headers },
                    at(now),
                );
                outcomes.finished += 1;
            }
            Event::Tick => {}
        }
        while let Some(&i) = pending.front() {
            let Some(reservation) = bucket.try_reserve(at(now)) else { break };
            pending.pop_front();
            reservations.insert(i, reservation);
            events.push(Reverse((now + latencies[i].0, Event::Arrives(i))));
        }
        if !pending.is_empty()
            && let Some(until) = bucket.blocked_until()
        {
            let ms = u64::try_from(until.saturating_duration_since(base).as_millis())
                .unwrap_or(u64::MAX);
            events.push(Reverse((ms.max(now), Event::Tick)));
        }
    }
    outcomes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn never_rejected_always_finished(
        limit in 1_u32..6,
        window_ms in 20_u64..400,
        mut wants_at in proptest::collection::vec(0_u64..1500, 1..60),
        latencies in proptest::collection::vec((0_u64..80, 0_u64..80), 60),
        absolute_reset in any::<bool>(),
        reset_jitter_ms in proptest::collection::vec(0_u64..4, 60),
    ) {
        wants_at.sort_unstable();
        let outcomes =
            simulate(limit, window_ms, &wants_at, &latencies, absolute_reset, &reset_jitter_ms);
        prop_assert_eq!(outcomes.rejected, 0);
        prop_assert_eq!(outcomes.finished, wants_at.len());
    }
}

/// Found by the property test: a request that leaves just before the local reset lands in
/// Discord's next window, and its response (the lowest `remaining` of that window) arrives
/// before those of requests Discord processed earlier.
#[test]
fn out_of_order_responses_never_count_up() {
    let mut wants = vec![0; 21];
    wants.extend([722, 763, 763, 773, 782, 875, 885, 892, 892]);
    let mut latencies = vec![(0, 0); 30];
    latencies[20..28].copy_from_slice(&[
        (0, 5),
        (6, 1),
        (6, 8),
        (0, 18),
        (0, 15),
        (34, 0),
        (0, 24),
        (0, 17),
    ]);
    for absolute_reset in [true, false] {
        let outcomes = simulate(3, 37, &wants, &latencies, absolute_reset, &[]);
        assert_eq!(outcomes.rejected, 0, "absolute reset: {absolute_reset}");
        assert_eq!(outcomes.finished, wants.len());
    }
}

#[test]
fn a_request_in_flight_across_the_reset_counts_in_the_next_window() {
    // The last request of a window leaves just before the reset and lands just after it.
    let wants = [0, 0, 0];
    let latencies = [(0, 0), (0, 0), (150, 0)];
    let outcomes = simulate(2, 100, &wants, &latencies, true, &[]);
    assert_eq!(outcomes.rejected, 0);
    assert_eq!(outcomes.finished, 3);
}

/// Found against the emulator, whose reset times move by a millisecond or two within a window:
/// the response of the window's first request comes back last, with a reset 2 ms later than
/// the others, and must not pass for the first word of a new window.
#[test]
fn a_reset_that_moves_within_a_window_is_not_a_new_window() {
    let wants = [0; 5];
    let latencies = [(0, 0), (0, 0), (0, 5), (0, 0), (0, 0)];
    let outcomes = simulate(2, 50, &wants, &latencies, true, &[0, 0, 2, 0, 0]);
    assert_eq!(outcomes.rejected, 0);
    assert_eq!(outcomes.finished, 5);
}
