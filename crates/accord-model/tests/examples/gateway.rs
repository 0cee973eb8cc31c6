//! Examples of gateway payloads.

use crate::Entry;

pub(crate) const ENTRIES: &[Entry] = crate::examples![];
