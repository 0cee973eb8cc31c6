//! The gateway protocol: payloads, opcodes, intents, close codes and dispatch events.

mod close_code;
mod command;
mod error;
pub mod event;
mod event_type;
mod info;
mod intents;
mod opcode;
mod parse;
mod payload;
mod shard_id;

pub use close_code::CloseCode;
pub use command::{
    ChannelInfoField, GatewayCommand, Identify, IdentifyProperties, RequestChannelInfo,
    RequestGuildMembers, RequestSoundboardSounds, Resume, UpdatePresence, UpdateVoiceState,
    UserIds,
};
pub use error::{ParseError, ParseErrorKind};
pub use event::{Event, EventPayload, UnknownEvent};
pub use event_type::{EventType, EventTypeSet};
pub use info::{GatewayBot, GatewayInfo, SessionStartLimit};
pub use intents::Intents;
pub use opcode::OpCode;
pub use payload::{GatewayEvent, Hello};
pub use shard_id::ShardId;
#[cfg(test)]
mod tests;
