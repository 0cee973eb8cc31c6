//! Jitter: random fractions in `[0, 1)` without a random-number crate.

use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

/// A random fraction in `[0, 1)`. Good enough for spreading timers, not for secrets: it hashes a
/// counter with std's randomly keyed SipHash.
pub(crate) fn unit() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let bits = RandomState::new().hash_one(COUNTER.fetch_add(1, Ordering::Relaxed));
    // The top 53 bits fill an f64 mantissa exactly, so the result is below 1.
    #[allow(clippy::cast_precision_loss, reason = "53 bits fit an f64 mantissa")]
    let fraction = (bits >> 11) as f64 / (1_u64 << 53) as f64;
    fraction
}

#[cfg(test)]
mod tests {
    #[test]
    fn fractions_are_in_range_and_vary() {
        let samples: Vec<f64> = (0..1000).map(|_| super::unit()).collect();
        assert!(samples.iter().all(|x| (0.0..1.0).contains(x)));
        let low = samples.iter().filter(|x| **x < 0.5).count();
        // A fair source puts about half below 0.5; 1000 samples never stray this far by chance.
        assert!((300..700).contains(&low), "{low} of 1000 below 0.5");
    }
}
