//! Turning a received message into a gateway payload, with the cheapest parser the features
//! allow, and what a shard hands out.

use std::error::Error;

use accord_model::gateway::{
    Event, EventType, EventTypeSet, GatewayEvent, ParseError, ParseErrorKind,
};

/// What a shard yields: a parsed event, or a raw one left in the shard's buffer.
#[derive(Debug)]
pub(super) enum Delivery {
    Event(Event),
    Raw { seq: u64, kind: Option<EventType> },
}

/// A payload that could not be read, and whether the stream is to be trusted after it.
#[derive(Debug)]
pub(super) struct ParseFailure {
    pub(super) error: Box<dyn Error + Send + Sync>,
    /// Invalid JSON or text means a broken stream: reconnect. A valid payload whose data does
    /// not match its type would only come back on resume: skip it.
    pub(super) reconnect: bool,
}

impl From<ParseError> for ParseFailure {
    fn from(error: ParseError) -> Self {
        let reconnect =
            matches!(error.kind(), ParseErrorKind::Json | ParseErrorKind::MissingOpcode);
        Self { error: Box::new(error), reconnect }
    }
}

impl From<std::str::Utf8Error> for ParseFailure {
    fn from(error: std::str::Utf8Error) -> Self {
        Self { error: Box::new(error), reconnect: true }
    }
}

/// Parses a text frame (`text`) or the decompressed message in `buffer`.
///
/// Typed parsing leaves out the dispatches not in `wanted` and, with the `simd-json` feature,
/// parses in place in `buffer` (a text frame is copied there first). Raw parsing only reads
/// the header (and READY, which the shard needs) with serde_json, leaving the text intact.
#[cfg_attr(
    not(feature = "simd-json"),
    expect(clippy::ptr_arg, reason = "with `simd-json` the buffer is refilled")
)]
pub(super) fn parse(
    buffer: &mut Vec<u8>,
    text: Option<&str>,
    wanted: EventTypeSet,
    raw: bool,
) -> Result<GatewayEvent, ParseFailure> {
    if raw {
        let json = match text {
            Some(text) => text,
            None => std::str::from_utf8(buffer)?,
        };
        let header_only = EventTypeSet::empty().with(EventType::Ready);
        return Ok(GatewayEvent::from_serde_json(json, header_only)?);
    }
    #[cfg(feature = "simd-json")]
    {
        if let Some(text) = text {
            buffer.clear();
            buffer.extend_from_slice(text.as_bytes());
        }
        Ok(GatewayEvent::from_slice_filtered(buffer, wanted)?)
    }
    #[cfg(not(feature = "simd-json"))]
    {
        let json = match text {
            Some(text) => text,
            None => std::str::from_utf8(buffer)?,
        };
        Ok(GatewayEvent::from_json_filtered(json, wanted)?)
    }
}

/// A dispatch as the gateway sent it, with its type and sequence number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawEvent<'a> {
    seq: u64,
    kind: Option<EventType>,
    json: &'a str,
}

impl<'a> RawEvent<'a> {
    pub(super) fn new(seq: u64, kind: Option<EventType>, json: &'a [u8]) -> Self {
        // The shard only hands out text it has already read as UTF-8.
        Self { seq, kind, json: std::str::from_utf8(json).unwrap_or_default() }
    }

    /// The sequence number.
    pub const fn seq(&self) -> u64 {
        self.seq
    }

    /// The event's type, or `None` for a name this version does not know.
    pub const fn kind(&self) -> Option<EventType> {
        self.kind
    }

    /// The whole payload, `{"t":…,"s":…,"op":0,"d":…}`.
    pub const fn json(&self) -> &'a str {
        self.json
    }

    /// Parses the payload into a typed event.
    pub fn parse(&self) -> Result<GatewayEvent, ParseError> {
        GatewayEvent::from_json(self.json)
    }
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::{Event, EventType, EventTypeSet, GatewayEvent};

    use super::parse;

    const MESSAGE_DELETE: &str =
        r#"{"t":"MESSAGE_DELETE","s":7,"op":0,"d":{"id":"3","channel_id":"2"}}"#;

    #[test]
    fn unwanted_dispatches_are_skipped_with_their_sequence() {
        let mut buffer = Vec::new();
        let wanted = EventTypeSet::empty().with(EventType::Ready);
        let event = parse(&mut buffer, Some(MESSAGE_DELETE), wanted, false).unwrap();
        assert_eq!(event, GatewayEvent::Skipped { seq: 7, kind: Some(EventType::MessageDelete) });
        let all = parse(&mut buffer, Some(MESSAGE_DELETE), EventTypeSet::all(), false).unwrap();
        assert!(matches!(all, GatewayEvent::Dispatch { seq: 7, event: Event::MessageDelete(_) }));
    }

    #[test]
    fn decompressed_messages_parse_from_the_buffer() {
        let mut buffer = MESSAGE_DELETE.as_bytes().to_vec();
        let event = parse(&mut buffer, None, EventTypeSet::all(), false).unwrap();
        assert_eq!(event.seq(), Some(7));
        let mut raw = MESSAGE_DELETE.as_bytes().to_vec();
        let header = parse(&mut raw, None, EventTypeSet::all(), true).unwrap();
        assert_eq!(header, GatewayEvent::Skipped { seq: 7, kind: Some(EventType::MessageDelete) });
        assert_eq!(raw, MESSAGE_DELETE.as_bytes(), "raw parsing keeps the text");
    }

    #[test]
    fn broken_json_asks_for_a_reconnect_and_bad_data_does_not() {
        let mut buffer = Vec::new();
        let broken = parse(&mut buffer, Some(r#"{"t":"MESS"#), EventTypeSet::all(), false);
        assert!(broken.unwrap_err().reconnect);
        let bad_data = r#"{"t":"MESSAGE_DELETE","s":7,"op":0,"d":{"id":"x"}}"#;
        let failure = parse(&mut buffer, Some(bad_data), EventTypeSet::all(), false).unwrap_err();
        assert!(!failure.reconnect, "{}", failure.error);
        let mut not_utf8 = vec![0xff, 0xfe];
        assert!(parse(&mut not_utf8, None, EventTypeSet::all(), false).unwrap_err().reconnect);
    }
}
