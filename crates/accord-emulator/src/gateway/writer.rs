//! The half of a connection that writes: compression, batching, and the faults that act on
//! frames (corrupt, truncated and delayed frames, dropped connections).

use std::sync::Arc;

use futures_util::SinkExt;
use futures_util::stream::SplitSink;
use tokio::sync::mpsc;
use tokio::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as WsCloseCode;

use super::Socket;
use super::compress::{Compressor, Frame};
use crate::shared::Shared;

/// Bytes no inflater accepts where a new block should start: a reserved block type for both
/// deflate and zstd, followed by the zlib-stream suffix so that zlib clients try to inflate it.
const GARBAGE: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0xff, 0xff];

/// What the connection asks its writer to do.
#[derive(Debug)]
pub(super) enum Out {
    /// A payload outside the session's sequence (HELLO, HEARTBEAT_ACK, ops 1, 7 and 9).
    Payload(String),
    /// Dispatches of a session, in sequence order.
    Frames { session: Arc<str>, frames: Vec<(u64, Arc<str>)> },
    /// Send a close frame and stop.
    Close { code: u16, reason: String },
    /// Stop without a close frame.
    Drop,
    /// Send one frame of garbage.
    Corrupt,
    /// Send the next frame cut in half.
    Truncate,
    /// Wait this long before each frame from now on.
    Delay(Duration),
}

/// How the writer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WriterEnd {
    /// It sent a close frame.
    Closed,
    /// It was told to drop the connection, or the connection task ended.
    Stopped,
    /// The socket failed.
    Failed,
}

/// Writes until told to stop or the socket fails.
pub(super) async fn run(
    mut sink: SplitSink<Socket, Message>,
    mut compressor: Compressor,
    mut commands: mpsc::Receiver<Out>,
    shared: Arc<Shared>,
    connection: u64,
) -> WriterEnd {
    let replay = shared.config.gateway.replay_capacity;
    let mut writer = Writer { compressor: &mut compressor, delay: Duration::ZERO, truncate: false };
    while let Some(out) = commands.recv().await {
        let result = match out {
            Out::Payload(json) => match writer.write(&mut sink, &json).await {
                Ok(()) => sink.flush().await,
                Err(error) => Err(error),
            },
            Out::Frames { session, frames } => {
                let mut last = None;
                let mut result = Ok(());
                for (seq, json) in &frames {
                    result = writer.write(&mut sink, json).await;
                    if result.is_err() {
                        break;
                    }
                    last = Some(*seq);
                }
                if result.is_ok() {
                    result = sink.flush().await;
                }
                if let (Ok(()), Some(seq)) = (&result, last) {
                    shared.sessions.mark_written(&session, connection, seq, replay);
                }
                result
            }
            Out::Close { code, reason } => {
                let frame = CloseFrame { code: WsCloseCode::from(code), reason: reason.into() };
                let _ = sink.send(Message::Close(Some(frame))).await;
                return WriterEnd::Closed;
            }
            Out::Drop => return WriterEnd::Stopped,
            Out::Corrupt => {
                let message = match writer.compressor {
                    Compressor::None => Message::text(r#"{"op":0,"d":{"corrupt"#),
                    _ => Message::binary(GARBAGE.to_vec()),
                };
                sink.send(message).await
            }
            Out::Truncate => {
                writer.truncate = true;
                Ok(())
            }
            Out::Delay(delay) => {
                writer.delay = delay;
                Ok(())
            }
        };
        if let Err(error) = result {
            tracing::debug!(%error, "writing to the gateway socket failed");
            return WriterEnd::Failed;
        }
    }
    // The connection ended: complete a close handshake the client started, if any.
    let _ = sink.close().await;
    WriterEnd::Stopped
}

struct Writer<'a> {
    compressor: &'a mut Compressor,
    delay: Duration,
    truncate: bool,
}

impl Writer<'_> {
    async fn write(
        &mut self,
        sink: &mut SplitSink<Socket, Message>,
        json: &str,
    ) -> Result<(), tokio_tungstenite::tungstenite::Error> {
        if !self.delay.is_zero() {
            sink.flush().await?;
            tokio::time::sleep(self.delay).await;
        }
        let frame =
            self.compressor.frame(json).map_err(tokio_tungstenite::tungstenite::Error::Io)?;
        let message = match (frame, std::mem::take(&mut self.truncate)) {
            (Frame::Text(text), false) => Message::text(text),
            (Frame::Binary(bytes), false) => Message::binary(bytes),
            (Frame::Text(mut text), true) => {
                let mut cut = text.len() / 2;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
                Message::text(text)
            }
            (Frame::Binary(mut bytes), true) => {
                bytes.truncate((bytes.len() / 2).max(1));
                Message::binary(bytes)
            }
        };
        sink.feed(message).await
    }
}
