//! A fast hasher for maps keyed by snowflake ids.
//!
//! Snowflakes are assigned by Discord, not chosen by users, so the keys cannot be picked to
//! collide; what matters is speed and spreading the low bits (the per-process increment of a
//! snowflake is often 0), which the SplitMix64 finalizer does in a few instructions.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Hashes `u64` keys (and tuples of them) with the SplitMix64 finalizer.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    const fn mix(mut x: u64) -> u64 {
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
}

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used by ids; a plain FNV-1a keeps other keys correct.
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = Self::mix(self.0);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = Self::mix(self.0.rotate_left(5) ^ value);
    }
}

/// The hasher of every map in the cache.
pub(crate) type BuildIdHasher = BuildHasherDefault<IdHasher>;

/// A map keyed by the integer of an id.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildIdHasher>;

/// A set of id integers.
pub(crate) type IdSet = HashSet<u64, BuildIdHasher>;

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, Hash};

    use super::BuildIdHasher;

    #[test]
    fn sequential_snowflakes_spread_over_buckets() {
        // Ids made in the same process one millisecond apart differ only in the timestamp
        // bits; their hashes must still fill the low bits hashbrown uses for buckets.
        let build = BuildIdHasher::default();
        let mut buckets = [0_u32; 64];
        for ms in 0..6400_u64 {
            let id = (ms + 1_000_000) << 22;
            let hash = build.hash_one(id);
            buckets[usize::try_from(hash % 64).unwrap()] += 1;
        }
        assert!(buckets.iter().all(|&n| (50..=150).contains(&n)), "{buckets:?}");
        let mut a = build.build_hasher();
        (1_u64, 2_u64).hash(&mut a);
        let mut b = build.build_hasher();
        (2_u64, 1_u64).hash(&mut b);
        assert_ne!(std::hash::Hasher::finish(&a), std::hash::Hasher::finish(&b));
    }
}
