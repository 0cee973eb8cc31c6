//! A wrapper that makes a `Send` value `Sync`, for the boxed futures a shard keeps.

use std::sync::{Mutex, PoisonError};

/// Holds a value reachable only through `&mut`, so sharing `&Exclusive` across threads gives
/// access to nothing and the wrapper is `Sync` whenever the value is `Send`. The mutex is never
/// locked: [`Mutex::get_mut`] needs no locking. (std's `Exclusive` is not stable yet.)
pub(crate) struct Exclusive<T>(Mutex<T>);

impl<T> Exclusive<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(Mutex::new(value))
    }

    pub(crate) fn get_mut(&mut self) -> &mut T {
        self.0.get_mut().unwrap_or_else(PoisonError::into_inner)
    }
}
