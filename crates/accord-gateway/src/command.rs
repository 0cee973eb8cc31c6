//! Sending to a shard from anywhere: commands and close requests, checked before they queue.

use accord_model::gateway::{
    GatewayCommand, RequestChannelInfo, RequestGuildMembers, RequestSoundboardSounds, ShardId,
    UpdatePresence, UpdateVoiceState,
};
use tokio::sync::mpsc;

use crate::error::{SendError, SendErrorKind};

/// The largest payload the gateway accepts.
pub(crate) const MAX_PAYLOAD: usize = 4096;

mod sealed {
    pub trait Sealed {}
}

/// A command a bot sends: [`UpdatePresence`], [`UpdateVoiceState`], [`RequestGuildMembers`],
/// [`RequestSoundboardSounds`] and [`RequestChannelInfo`]. The shard itself sends heartbeats,
/// IDENTIFY and RESUME.
pub trait Command: Into<GatewayCommand> + sealed::Sealed {}

macro_rules! commands {
    ($($ty:ty),*) => {$(
        impl sealed::Sealed for $ty {}
        impl Command for $ty {}
    )*};
}

commands!(
    UpdatePresence,
    UpdateVoiceState,
    RequestGuildMembers,
    RequestSoundboardSounds,
    RequestChannelInfo
);

/// How a shard closes its connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CloseMode {
    /// Close with code 4000, which keeps the session: export it with
    /// [`crate::Shard::session`] and resume it from a new shard within Discord's resume window.
    Resumable,
    /// Close with 1000, which ends the session: the bot goes offline on this shard.
    End,
}

impl CloseMode {
    /// The websocket close code sent.
    pub const fn code(self) -> u16 {
        match self {
            Self::Resumable => 4000,
            Self::End => 1000,
        }
    }
}

/// Sends commands to a shard and closes it, from any task. Cheap to clone.
///
/// Commands queue in order and go out when the shard is connected, identified and within the
/// command rate limit (120 per minute less the heartbeats' share); the shard sends them while
/// it is being polled. Commands queued while the shard reconnects go out on the new
/// connection.
#[derive(Clone, Debug)]
pub struct ShardSender {
    shard: ShardId,
    /// Commands' JSON, already checked against the size limit.
    commands: mpsc::UnboundedSender<String>,
    closes: mpsc::UnboundedSender<CloseMode>,
}

impl ShardSender {
    pub(crate) const fn new(
        shard: ShardId,
        commands: mpsc::UnboundedSender<String>,
        closes: mpsc::UnboundedSender<CloseMode>,
    ) -> Self {
        Self { shard, commands, closes }
    }

    /// The shard this sender sends to.
    pub const fn shard(&self) -> ShardId {
        self.shard
    }

    /// Queues a command. Fails at once if its JSON is over 4096 bytes (the gateway would
    /// close the connection) or the shard has ended.
    pub fn send(&self, command: impl Command) -> Result<(), SendError> {
        let json = command.into().to_json();
        if json.len() > MAX_PAYLOAD {
            return Err(SendError::new(SendErrorKind::TooLarge { size: json.len() }));
        }
        self.commands.send(json).map_err(|_| SendError::new(SendErrorKind::ShardEnded))
    }

    /// Asks the shard to close; its stream ends once the connection is closed. Commands still
    /// queued are not sent.
    pub fn close(&self, mode: CloseMode) -> Result<(), SendError> {
        self.closes.send(mode).map_err(|_| SendError::new(SendErrorKind::ShardEnded))
    }

    /// Whether the shard has ended, so that sending fails.
    pub fn is_closed(&self) -> bool {
        self.commands.is_closed()
    }
}

#[cfg(test)]
mod tests {
    use accord_model::gateway::{RequestGuildMembers, ShardId, UpdateVoiceState};
    use accord_model::id::Id;
    use tokio::sync::mpsc;

    use super::{CloseMode, ShardSender};
    use crate::error::SendErrorKind;

    #[test]
    fn commands_over_4096_bytes_are_rejected_before_queueing() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (close_tx, _closes) = mpsc::unbounded_channel();
        let sender = ShardSender::new(ShardId::ONE, tx, close_tx);
        let ids = (1..=200).map(|n| Id::new(1_000_000_000_000_000_000 + n)).collect();
        let many = RequestGuildMembers::users(Id::new(1), ids);
        let error = sender.send(many).unwrap_err();
        assert!(matches!(error.kind(), SendErrorKind::TooLarge { size } if *size > 4096));
        assert!(rx.try_recv().is_err(), "nothing was queued");

        sender.send(UpdateVoiceState::new(Id::new(1), Some(Id::new(2)))).unwrap();
        let json = rx.try_recv().unwrap();
        assert!(json.starts_with(r#"{"op":4,"#), "{json}");
    }

    #[test]
    fn sending_to_an_ended_shard_fails() {
        let (tx, rx) = mpsc::unbounded_channel();
        let (close_tx, closes) = mpsc::unbounded_channel();
        let sender = ShardSender::new(ShardId::ONE, tx, close_tx);
        drop((rx, closes));
        assert!(sender.is_closed());
        let error = sender.close(CloseMode::End).unwrap_err();
        assert_eq!(*error.kind(), SendErrorKind::ShardEnded);
        assert_eq!((CloseMode::End.code(), CloseMode::Resumable.code()), (1000, 4000));
    }
}
