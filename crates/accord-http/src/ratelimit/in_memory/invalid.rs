//! Counting invalid requests (401, 403, and 429 outside the shared scope) over the last ten
//! minutes, as Discord does before banning an IP for a while at 10,000.

use std::time::Duration;

use tokio::time::Instant;

/// The window Discord counts over.
const WINDOW: Duration = Duration::from_secs(600);
/// Slots of the ring; the count is exact to within one slot (10 seconds).
const SLOTS: usize = 60;
/// Further warnings come every this many invalid requests past the threshold.
const WARNING_STEP: u32 = 500;

#[derive(Debug)]
pub(super) struct InvalidCounter {
    slots: [u32; SLOTS],
    /// The start of the slot `current`.
    current_start: Instant,
    current: usize,
    total: u32,
    threshold: u32,
    next_warning: u32,
}

impl InvalidCounter {
    pub(super) fn new(threshold: u32, now: Instant) -> Self {
        Self {
            slots: [0; SLOTS],
            current_start: now,
            current: 0,
            total: 0,
            threshold,
            next_warning: threshold,
        }
    }

    fn slot_length() -> Duration {
        WINDOW / u32::try_from(SLOTS).unwrap_or(u32::MAX)
    }

    /// Drops the slots that left the window.
    fn advance(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.current_start);
        let steps = (elapsed.as_nanos() / Self::slot_length().as_nanos()).min(SLOTS as u128 + 1);
        for _ in 0..steps {
            self.current = (self.current + 1) % SLOTS;
            if let Some(slot) = self.slots.get_mut(self.current) {
                self.total -= std::mem::take(slot);
            }
            self.current_start += Self::slot_length();
        }
        if steps > SLOTS as u128 {
            self.current_start = now;
        }
        if self.total < self.threshold {
            self.next_warning = self.threshold;
        }
    }

    /// Counts one invalid request; returns the count when it calls for a warning.
    pub(super) fn record(&mut self, now: Instant) -> Option<u32> {
        self.advance(now);
        if let Some(slot) = self.slots.get_mut(self.current) {
            *slot += 1;
            self.total += 1;
        }
        if self.total >= self.next_warning {
            self.next_warning = self.total + WARNING_STEP;
            Some(self.total)
        } else {
            None
        }
    }

    /// Invalid requests in the last ten minutes.
    pub(super) fn count(&mut self, now: Instant) -> u32 {
        self.advance(now);
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::InvalidCounter;
    use std::time::Duration;
    use tokio::time::Instant;

    #[test]
    fn warns_at_the_threshold_then_every_step() {
        let now = Instant::now();
        let mut counter = InvalidCounter::new(1000, now);
        let warnings: Vec<u32> = (0..2000).filter_map(|_| counter.record(now)).collect();
        assert_eq!(warnings, [1000, 1500, 2000]);
    }

    #[test]
    fn counts_only_the_last_ten_minutes() {
        let start = Instant::now();
        let mut counter = InvalidCounter::new(10_000, start);
        for _ in 0..5 {
            counter.record(start);
        }
        counter.record(start + Duration::from_secs(300));
        assert_eq!(counter.count(start + Duration::from_secs(599)), 6);
        assert_eq!(counter.count(start + Duration::from_secs(610)), 1);
        assert_eq!(counter.count(start + Duration::from_secs(3600)), 0);
    }

    #[test]
    fn warnings_start_over_once_the_count_falls() {
        let start = Instant::now();
        let mut counter = InvalidCounter::new(3, start);
        assert_eq!((0..3).filter_map(|_| counter.record(start)).count(), 1);
        let later = start + Duration::from_secs(700);
        assert_eq!((0..3).filter_map(|_| counter.record(later)).collect::<Vec<_>>(), [3]);
    }
}
