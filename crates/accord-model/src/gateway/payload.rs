//! A payload the gateway sends, and the entry point that parses one.

use std::cell::Cell;

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::event::Event;
use super::parse::{self, DataState, Stage};
use super::{EventType, EventTypeSet, OpCode, ParseError, ParseErrorKind};

/// A payload received from the gateway.
///
/// ```
/// use accord_model::gateway::{Event, GatewayEvent};
///
/// let json = r#"{"t":"MESSAGE_DELETE","s":7,"op":0,"d":{"id":"3","channel_id":"2"}}"#;
/// let GatewayEvent::Dispatch { seq, event: Event::MessageDelete(delete) } = GatewayEvent::from_json(json)? else {
///     unreachable!()
/// };
/// assert_eq!((seq, delete.id.get()), (7, 3));
/// # Ok::<(), accord_model::gateway::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum GatewayEvent {
    /// An event (op 0), with its sequence number.
    Dispatch {
        /// The sequence number, to send in heartbeats and RESUME.
        seq: u64,
        /// The event.
        event: Event,
    },
    /// A dispatch that the filter given to [`GatewayEvent::from_json_filtered`] left unparsed.
    Skipped {
        /// The sequence number, still needed for heartbeats and RESUME.
        seq: u64,
        /// The event's type; `None` for a name this version does not know.
        kind: Option<EventType>,
    },
    /// The gateway asks for a heartbeat now (op 1).
    Heartbeat,
    /// The gateway asks the client to reconnect and resume (op 7).
    Reconnect,
    /// The session is invalid (op 9).
    InvalidSession {
        /// Whether the session may be resumed.
        resumable: bool,
    },
    /// The first payload of a connection (op 10).
    Hello(Hello),
    /// A heartbeat was received (op 11).
    HeartbeatAck,
}

/// The first payload of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Hello {
    /// Milliseconds between heartbeats.
    pub heartbeat_interval: u64,
}

impl Hello {
    /// A HELLO with this heartbeat interval.
    pub const fn new(heartbeat_interval: u64) -> Self {
        Self { heartbeat_interval }
    }
}

impl GatewayEvent {
    /// Parses a payload.
    ///
    /// With the `simd-json` feature this copies the text into a reused buffer and parses it with
    /// simd-json; use [`GatewayEvent::from_slice`] to parse in place without the copy.
    pub fn from_json(json: &str) -> Result<Self, ParseError> {
        Self::from_json_filtered(json, EventTypeSet::all())
    }

    /// Parses a payload, leaving dispatches whose type is not in `wanted` unparsed: they
    /// become [`GatewayEvent::Skipped`], which costs a scan but no allocation.
    pub fn from_json_filtered(json: &str, wanted: EventTypeSet) -> Result<Self, ParseError> {
        #[cfg(feature = "simd-json")]
        {
            simd::with_copy(json, |bytes| Self::from_slice_filtered(bytes, wanted))
        }
        #[cfg(not(feature = "simd-json"))]
        {
            parse_serde_json(json, wanted)
        }
    }

    /// Parses a payload with serde_json, whatever the features: for comparing parsers, and
    /// for callers who want to keep their input intact (simd-json rewrites it).
    pub fn from_serde_json(json: &str, wanted: EventTypeSet) -> Result<Self, ParseError> {
        parse_serde_json(json, wanted)
    }

    /// The opcode of this payload.
    pub const fn opcode(&self) -> OpCode {
        match self {
            Self::Dispatch { .. } | Self::Skipped { .. } => OpCode::Dispatch,
            Self::Heartbeat => OpCode::Heartbeat,
            Self::Reconnect => OpCode::Reconnect,
            Self::InvalidSession { .. } => OpCode::InvalidSession,
            Self::Hello(_) => OpCode::Hello,
            Self::HeartbeatAck => OpCode::HeartbeatAck,
        }
    }

    /// The sequence number of a dispatch.
    pub const fn seq(&self) -> Option<u64> {
        match self {
            Self::Dispatch { seq, .. } | Self::Skipped { seq, .. } => Some(*seq),
            _ => None,
        }
    }

    /// The payload as JSON text, with the keys in Discord's order (`t`, `s`, `op`, `d`).
    pub fn to_json(&self) -> String {
        // Serializing model types cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn payload_error(
    kind: ParseErrorKind,
    error: impl std::error::Error + Send + Sync + 'static,
) -> ParseError {
    ParseError::with_source(kind, error)
}

/// Parses with serde_json.
#[cfg_attr(
    feature = "simd-json",
    allow(dead_code, reason = "the serde_json path is only the default without simd-json")
)]
pub(crate) fn parse_serde_json(
    json: &str,
    wanted: EventTypeSet,
) -> Result<GatewayEvent, ParseError> {
    let stage = Cell::new(Stage::Envelope);
    let classify = |error: serde_json::Error, stage: &Cell<Stage>| {
        let kind = match stage.replace(Stage::Envelope) {
            Stage::Data(kind) if error.is_data() => kind,
            _ => ParseErrorKind::Json,
        };
        payload_error(kind, error)
    };
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let first =
        parse::read_envelope(&mut deserializer, wanted, &stage).map_err(|e| classify(e, &stage))?;
    deserializer.end().map_err(|e| payload_error(ParseErrorKind::Json, e))?;
    let op = first.op.ok_or_else(|| ParseError::new(ParseErrorKind::MissingOpcode))?;
    let data = match first.data {
        DataState::Read(data) => Some(data),
        DataState::Absent => None,
        DataState::Deferred => {
            let plan = parse::plan_for(op, first.name.as_ref(), wanted);
            stage.set(Stage::Data(ParseErrorKind::Payload {
                opcode: op,
                event: first.name.as_ref().and_then(|name| match name {
                    parse::Name::Known(kind) => Some(*kind),
                    parse::Name::Unknown(_) => None,
                }),
            }));
            let mut second = serde_json::Deserializer::from_str(json);
            parse::read_data(&mut second, &plan).map_err(|e| classify(e, &stage))?
        }
    };
    parse::assemble(op, first.name, first.seq, data).map_err(ParseError::new)
}

#[cfg(feature = "simd-json")]
mod simd {
    use std::cell::{Cell, RefCell};

    use super::{DataState, GatewayEvent, ParseError, ParseErrorKind, parse, payload_error};
    use crate::gateway::EventTypeSet;
    use crate::gateway::parse::Stage;

    thread_local! {
        /// simd-json's scratch space, reused so that small payloads cost no allocation.
        static BUFFERS: RefCell<simd_json::Buffers> = RefCell::new(simd_json::Buffers::default());
        /// The copy of the input that `from_json` parses in place.
        static COPY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn with_copy(
        json: &str,
        parse: impl FnOnce(&mut [u8]) -> Result<GatewayEvent, ParseError>,
    ) -> Result<GatewayEvent, ParseError> {
        COPY.with(|copy| match copy.try_borrow_mut() {
            Ok(mut copy) => {
                copy.clear();
                copy.extend_from_slice(json.as_bytes());
                parse(&mut copy)
            }
            // Re-entered from inside a parse (not possible today); fall back to a fresh copy.
            Err(_) => parse(&mut json.as_bytes().to_vec()),
        })
    }

    fn classify(error: simd_json::Error, stage: &Cell<Stage>) -> ParseError {
        let kind = match stage.replace(Stage::Envelope) {
            Stage::Data(kind) => kind,
            Stage::Envelope => ParseErrorKind::Json,
        };
        payload_error(kind, error)
    }

    pub(super) fn parse_slice(
        json: &mut [u8],
        wanted: EventTypeSet,
    ) -> Result<GatewayEvent, ParseError> {
        BUFFERS.with(|buffers| {
            let mut fresh;
            let mut guard = buffers.try_borrow_mut();
            let buffers = if let Ok(buffers) = &mut guard {
                &mut **buffers
            } else {
                fresh = simd_json::Buffers::default();
                &mut fresh
            };
            let mut deserializer = simd_json::Deserializer::from_slice_with_buffers(json, buffers)
                .map_err(|e| payload_error(ParseErrorKind::Json, e))?;
            let stage = Cell::new(Stage::Envelope);
            let first = parse::read_envelope(&mut deserializer, wanted, &stage)
                .map_err(|e| classify(e, &stage))?;
            let op = first.op.ok_or_else(|| ParseError::new(ParseErrorKind::MissingOpcode))?;
            let data = match first.data {
                DataState::Read(data) => Some(data),
                DataState::Absent => None,
                DataState::Deferred => {
                    let plan = parse::plan_for(op, first.name.as_ref(), wanted);
                    stage.set(Stage::Data(ParseErrorKind::Payload { opcode: op, event: None }));
                    deserializer.restart();
                    parse::read_data(&mut deserializer, &plan).map_err(|e| classify(e, &stage))?
                }
            };
            parse::assemble(op, first.name, first.seq, data).map_err(ParseError::new)
        })
    }
}

#[cfg(feature = "simd-json")]
impl GatewayEvent {
    /// Parses a payload in place with simd-json, which rewrites the buffer as it goes. Scratch
    /// buffers are reused per thread, so a stream of payloads costs no parser allocation.
    pub fn from_slice(json: &mut [u8]) -> Result<Self, ParseError> {
        simd::parse_slice(json, EventTypeSet::all())
    }

    /// [`GatewayEvent::from_slice`] with a filter, as [`GatewayEvent::from_json_filtered`].
    pub fn from_slice_filtered(json: &mut [u8], wanted: EventTypeSet) -> Result<Self, ParseError> {
        simd::parse_slice(json, wanted)
    }
}

impl Serialize for GatewayEvent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut payload = serializer.serialize_struct("GatewayEvent", 4)?;
        match self {
            Self::Dispatch { seq, event } => {
                payload.serialize_field("t", &event.name())?;
                payload.serialize_field("s", seq)?;
                payload.serialize_field("op", &OpCode::Dispatch)?;
                payload.serialize_field("d", &event.payload())?;
            }
            Self::Skipped { seq, kind } => {
                payload.serialize_field("t", &kind.map(EventType::name))?;
                payload.serialize_field("s", seq)?;
                payload.serialize_field("op", &OpCode::Dispatch)?;
                payload.serialize_field("d", &())?;
            }
            other => {
                payload.serialize_field("t", &())?;
                payload.serialize_field("s", &())?;
                payload.serialize_field("op", &other.opcode())?;
                match other {
                    Self::InvalidSession { resumable } => {
                        payload.serialize_field("d", resumable)?;
                    }
                    Self::Hello(hello) => payload.serialize_field("d", hello)?,
                    _ => payload.serialize_field("d", &())?,
                }
            }
        }
        payload.end()
    }
}
