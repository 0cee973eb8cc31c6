//! Reading gateway payloads in one pass: `op`, `t` and `s` are read first and `d` goes straight
//! into the type they name, with no intermediate `serde_json::Value`.
//!
//! Discord sends `d` last, so one pass is the rule. When `d` comes before `op` or `t`, the
//! first pass skips it and [`read_data`] reads it in a second pass over the same input.

use std::cell::Cell;
use std::fmt;

use compact_str::CompactString;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::event::{Event, UnknownEvent, deserialize_event};
use super::payload::{GatewayEvent, Hello};
use super::{EventType, EventTypeSet, ParseErrorKind};

/// The name in `t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Name {
    Known(EventType),
    Unknown(CompactString),
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl Visitor<'_> for NameVisitor {
            type Value = Name;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event name")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Name, E> {
                Ok(EventType::from_name(name)
                    .map_or_else(|| Name::Unknown(name.into()), Name::Known))
            }
        }

        deserializer.deserialize_str(NameVisitor)
    }
}

/// A top-level key of a payload.
enum Key {
    Op,
    T,
    S,
    D,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a payload key")
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
                Ok(match key {
                    "op" => Key::Op,
                    "t" => Key::T,
                    "s" => Key::S,
                    "d" => Key::D,
                    _ => Key::Other,
                })
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Where parsing is, so an error can say what it was reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stage {
    Envelope,
    Data(ParseErrorKind),
}

/// What `d` becomes, once `op` and `t` are known.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    Dispatch(Name),
    Skip,
    Hello,
    InvalidSession,
}

impl Plan {
    /// The plan for `d`, or `None` when it cannot be decided yet (no `op`, or a dispatch
    /// whose `t` has not been read).
    fn decide(op: Option<u8>, name: Option<&Name>, wanted: EventTypeSet) -> Option<Self> {
        Some(match op? {
            0 => match name? {
                Name::Known(kind) if wanted.contains(*kind) => Self::Dispatch(Name::Known(*kind)),
                Name::Unknown(name) if wanted.contains_unknown() => {
                    Self::Dispatch(Name::Unknown(name.clone()))
                }
                _ => Self::Skip,
            },
            9 => Self::InvalidSession,
            10 => Self::Hello,
            _ => Self::Skip,
        })
    }

    fn error_kind(&self, op: u8) -> ParseErrorKind {
        let event = match self {
            Self::Dispatch(Name::Known(kind)) => Some(*kind),
            _ => None,
        };
        ParseErrorKind::Payload { opcode: op, event }
    }
}

/// The `d` of a payload, read.
#[derive(Debug)]
pub(crate) enum Data {
    Event(Event),
    Hello(Hello),
    Resumable(bool),
    Skipped,
}

struct DataSeed<'a> {
    plan: &'a Plan,
}

impl<'de> DeserializeSeed<'de> for DataSeed<'_> {
    type Value = Data;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Data, D::Error> {
        match self.plan {
            Plan::Dispatch(Name::Known(kind)) => {
                deserialize_event(*kind, deserializer).map(Data::Event)
            }
            Plan::Dispatch(Name::Unknown(name)) => {
                let data = Deserialize::deserialize(deserializer)?;
                Ok(Data::Event(Event::Unknown(Box::new(UnknownEvent { name: name.clone(), data }))))
            }
            Plan::Hello => Deserialize::deserialize(deserializer).map(Data::Hello),
            Plan::InvalidSession => Deserialize::deserialize(deserializer).map(Data::Resumable),
            Plan::Skip => IgnoredAny::deserialize(deserializer).map(|_| Data::Skipped),
        }
    }
}

/// The header fields of a payload and its `d`, if it could be read in the first pass.
#[derive(Debug)]
pub(crate) struct FirstPass {
    pub(crate) op: Option<u8>,
    pub(crate) name: Option<Name>,
    pub(crate) seq: Option<u64>,
    pub(crate) data: DataState,
}

/// What the first pass did with `d`.
#[derive(Debug)]
pub(crate) enum DataState {
    /// The payload has no `d`.
    Absent,
    /// `d` came before `op` or `t` and was skipped, to be read in a second pass.
    Deferred,
    /// `d` was read.
    Read(Data),
}

struct EnvelopeVisitor<'a> {
    wanted: EventTypeSet,
    stage: &'a Cell<Stage>,
}

impl<'de> Visitor<'de> for EnvelopeVisitor<'_> {
    type Value = FirstPass;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a gateway payload object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FirstPass, A::Error> {
        let mut pass = FirstPass { op: None, name: None, seq: None, data: DataState::Absent };
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Op => pass.op = Some(map.next_value()?),
                Key::T => pass.name = map.next_value()?,
                Key::S => pass.seq = map.next_value()?,
                Key::D => {
                    if let Some(plan) = Plan::decide(pass.op, pass.name.as_ref(), self.wanted) {
                        self.stage.set(Stage::Data(plan.error_kind(pass.op.unwrap_or_default())));
                        pass.data = DataState::Read(map.next_value_seed(DataSeed { plan: &plan })?);
                        self.stage.set(Stage::Envelope);
                    } else {
                        map.next_value::<IgnoredAny>()?;
                        pass.data = DataState::Deferred;
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(pass)
    }
}

/// Reads a payload, and its `d` when the order of the keys allows.
pub(crate) fn read_envelope<'de, D: Deserializer<'de>>(
    deserializer: D,
    wanted: EventTypeSet,
    stage: &Cell<Stage>,
) -> Result<FirstPass, D::Error> {
    deserializer.deserialize_map(EnvelopeVisitor { wanted, stage })
}

struct DataVisitor<'a> {
    plan: &'a Plan,
}

impl<'de> Visitor<'de> for DataVisitor<'_> {
    type Value = Option<Data>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a gateway payload object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Data>, A::Error> {
        let mut data = None;
        while let Some(key) = map.next_key::<Key>()? {
            if let Key::D = key {
                data = Some(map.next_value_seed(DataSeed { plan: self.plan })?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(data)
    }
}

/// The second pass: reads only `d`, now that the plan is known.
pub(crate) fn read_data<'de, D: Deserializer<'de>>(
    deserializer: D,
    plan: &Plan,
) -> Result<Option<Data>, D::Error> {
    deserializer.deserialize_map(DataVisitor { plan })
}

/// Puts the pieces of a payload together.
pub(crate) fn assemble(
    op: u8,
    name: Option<Name>,
    seq: Option<u64>,
    data: Option<Data>,
) -> Result<GatewayEvent, ParseErrorKind> {
    match op {
        0 => {
            let seq = seq.ok_or(ParseErrorKind::MissingField("s"))?;
            let name = name.ok_or(ParseErrorKind::MissingField("t"))?;
            match data.ok_or(ParseErrorKind::MissingField("d"))? {
                Data::Event(event) => Ok(GatewayEvent::Dispatch { seq, event }),
                _ => Ok(GatewayEvent::Skipped {
                    seq,
                    kind: match name {
                        Name::Known(kind) => Some(kind),
                        Name::Unknown(_) => None,
                    },
                }),
            }
        }
        1 => Ok(GatewayEvent::Heartbeat),
        7 => Ok(GatewayEvent::Reconnect),
        9 => match data {
            Some(Data::Resumable(resumable)) => Ok(GatewayEvent::InvalidSession { resumable }),
            _ => Err(ParseErrorKind::MissingField("d")),
        },
        10 => match data {
            Some(Data::Hello(hello)) => Ok(GatewayEvent::Hello(hello)),
            _ => Err(ParseErrorKind::MissingField("d")),
        },
        11 => Ok(GatewayEvent::HeartbeatAck),
        other => Err(ParseErrorKind::UnknownOpcode(other)),
    }
}

/// The plan for a second pass over a payload whose `d` came early.
pub(crate) fn plan_for(op: u8, name: Option<&Name>, wanted: EventTypeSet) -> Plan {
    // With `op` known, `decide` only returns `None` for a dispatch without `t`, which
    // `assemble` then reports; skipping `d` is right for it.
    Plan::decide(Some(op), name, wanted).unwrap_or(Plan::Skip)
}
