//! Snowflakes for new objects: increasing, with real timestamps, never repeated.

use std::time::{SystemTime, UNIX_EPOCH};

use accord_model::id::{DISCORD_EPOCH_MS, Id};

/// Makes ids. The timestamp part is the wall clock (or a fixed start when seeded, so a seeded
/// world is the same on every run); the increment keeps ids unique within a millisecond.
#[derive(Debug, Clone)]
pub(crate) struct IdGen {
    last: u64,
    seeded: bool,
}

impl IdGen {
    /// Ids from the wall clock.
    pub(crate) fn from_clock() -> Self {
        Self { last: 0, seeded: false }
    }

    /// Ids that start at a fixed point in time, the same on every run.
    pub(crate) fn seeded(start_ms: u64) -> Self {
        Self { last: start_ms.saturating_sub(DISCORD_EPOCH_MS) << 22, seeded: true }
    }

    /// Switches to the wall clock, keeping ids increasing; called once the seeded world exists.
    pub(crate) fn follow_clock(&mut self) {
        self.seeded = false;
    }

    /// A new id, greater than every id made before.
    pub(crate) fn next<M>(&mut self) -> Id<M> {
        let now = if self.seeded {
            0
        } else {
            let ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
            (u64::try_from(ms).unwrap_or(u64::MAX).saturating_sub(DISCORD_EPOCH_MS)) << 22
        };
        // Seeded ids move the clock on by a pseudo-random 1 to 1024 ms each, so that their
        // timestamps (which decide the shard of a guild) spread like real ones instead of
        // sharing one millisecond and so one shard.
        let step = if self.seeded { (1 + spread(self.last) % 1024) << 22 } else { 1 };
        self.last = now.max(self.last + step);
        Id::new(self.last)
    }
}

/// SplitMix64's finalizer: a well-spread hash of the previous id.
fn spread(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use accord_model::id::marker::GenericMarker;

    use super::IdGen;

    #[test]
    fn ids_increase_and_seeded_ids_repeat() {
        let mut a = IdGen::seeded(1_600_000_000_000);
        let mut b = IdGen::seeded(1_600_000_000_000);
        let first: Vec<u64> = (0..3).map(|_| a.next::<GenericMarker>().get()).collect();
        let second: Vec<u64> = (0..3).map(|_| b.next::<GenericMarker>().get()).collect();
        assert_eq!(first, second);
        a.follow_clock();
        let later = a.next::<GenericMarker>();
        assert!(later.get() > first[2]);
        assert!(later.timestamp_ms() > 1_600_000_000_000);
    }

    #[test]
    fn seeded_ids_spread_over_shards() {
        let mut ids = IdGen::seeded(1_700_000_000_000);
        let mut shards = [0; 16];
        for _ in 0..1_600 {
            let id = ids.next::<GenericMarker>().get();
            shards[usize::try_from((id >> 22) % 16).unwrap()] += 1;
        }
        assert!(shards.iter().all(|n| *n > 50), "{shards:?}");
    }
}
