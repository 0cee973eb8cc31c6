//! What [`Framework::run`](super::Framework::run) reads: the items of any event source.

use std::error::Error;
use std::fmt;

use accord_model::gateway::Event;

/// An item of an event stream: an [`Event`], a `Result` of one (a shard's items; the error
/// is logged and the stream goes on), or a pair of a source id and either (a shard group's
/// `(ShardId, Result<Event, _>)` items; the id is logged with the error).
///
/// ```
/// use accord_framework::EventItem;
/// use accord_framework::model::gateway::{Event, ShardId};
///
/// let failed: Result<Event, std::io::Error> = Err(std::io::Error::other("reset"));
/// assert!(failed.into_event().is_none());
/// assert!((ShardId::ONE, Event::Resumed(Default::default())).into_event().is_some());
/// ```
pub trait EventItem {
    /// The event, or `None` after logging why there is none.
    fn into_event(self) -> Option<Event>;
}

impl EventItem for Event {
    fn into_event(self) -> Option<Event> {
        Some(self)
    }
}

impl<E: Error> EventItem for Result<Event, E> {
    fn into_event(self) -> Option<Event> {
        self.inspect_err(|error| tracing::warn!(%error, "the event source failed")).ok()
    }
}

impl<S: fmt::Debug, T: EventItem> EventItem for (S, T) {
    fn into_event(self) -> Option<Event> {
        let (source, item) = self;
        let span = tracing::warn_span!("event source", ?source);
        span.in_scope(|| item.into_event())
    }
}
