//! Examples of channels, messages, components, applications and interactions.

use crate::Entry;

pub(crate) const ENTRIES: &[Entry] = crate::examples![];
