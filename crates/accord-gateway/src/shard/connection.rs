//! One websocket connection of a shard: its phase, heartbeat, rate limit, decompression
//! context, and the frames waiting to be written.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::Sink;
use tokio::time::{Instant, Sleep};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode as WsCloseCode;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::compression::{Compression, Inflater};
use crate::connect::Socket;
use crate::exclusive::Exclusive;
use crate::heartbeat::Heartbeat;
use crate::queue::IdentifyTurn;
use crate::ratelimit::CommandLimiter;

/// How long a new connection may take to say HELLO, and a closing one to close.
const HELLO_TIMEOUT: Duration = Duration::from_secs(30);
const CLOSE_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a connection is in the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Waiting for HELLO.
    Hello,
    /// Waiting for the identify queue.
    Queued,
    /// IDENTIFY sent, waiting for READY.
    Identifying,
    /// RESUME sent, waiting for RESUMED.
    Resuming,
    /// READY or RESUMED received: commands may go out.
    Active,
    /// A close frame is going out; waiting for the gateway to close.
    Closing,
}

/// A frame waiting to be written.
#[derive(Debug)]
struct Frame {
    message: Message,
    kind: FrameKind,
}

/// What a frame is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FrameKind {
    /// A heartbeat, IDENTIFY or RESUME: counted against the command limit.
    Session,
    /// A user command: counted, and handed to the next connection if never written.
    Command,
    /// A close frame: not counted.
    Close,
}

/// One connection.
pub(super) struct Connection {
    pub(super) socket: Socket,
    pub(super) inflater: Inflater,
    pub(super) phase: Phase,
    pub(super) heartbeat: Option<Heartbeat>,
    pub(super) limiter: Option<CommandLimiter>,
    /// The place in the identify queue, taken before connecting when the shard will identify.
    pub(super) turn: Option<Exclusive<IdentifyTurn>>,
    /// When a read last found the socket empty: everything received before was processed.
    pub(super) drained_at: Option<Instant>,
    /// Set while an overdue heartbeat waits for the socket to be drained before it counts
    /// as a zombie.
    pub(super) zombie_check: bool,
    /// When the shard first found the heartbeat overdue.
    pub(super) overdue_since: Option<Instant>,
    outbox: VecDeque<Frame>,
    needs_flush: bool,
    /// Before HELLO, when to give up on it; while closing, when to stop waiting.
    deadline: Option<Pin<Box<Sleep>>>,
}

impl Connection {
    pub(super) fn new(
        socket: Socket,
        compression: Compression,
        turn: Option<Exclusive<IdentifyTurn>>,
    ) -> Self {
        Self {
            socket,
            inflater: Inflater::new(compression),
            phase: Phase::Hello,
            heartbeat: None,
            limiter: None,
            turn,
            drained_at: None,
            zombie_check: false,
            overdue_since: None,
            outbox: VecDeque::new(),
            needs_flush: false,
            deadline: Some(Box::pin(tokio::time::sleep(HELLO_TIMEOUT))),
        }
    }

    /// HELLO arrived: no more deadline.
    pub(super) fn hello(&mut self) {
        self.deadline = None;
    }

    /// Whether the HELLO or close deadline has passed.
    pub(super) fn poll_deadline(&mut self, cx: &mut Context<'_>) -> bool {
        self.deadline.as_mut().is_some_and(|deadline| deadline.as_mut().poll(cx).is_ready())
    }

    /// Queues a heartbeat, IDENTIFY or RESUME.
    pub(super) fn queue(&mut self, json: String) {
        self.outbox.push_back(Frame { message: Message::text(json), kind: FrameKind::Session });
    }

    /// Queues a user command.
    pub(super) fn queue_command(&mut self, json: String) {
        self.outbox.push_back(Frame { message: Message::text(json), kind: FrameKind::Command });
    }

    /// The user commands never written, in order, for the next connection.
    pub(super) fn unsent_commands(&mut self) -> impl Iterator<Item = String> + '_ {
        self.outbox.drain(..).filter_map(|frame| match (frame.kind, frame.message) {
            (FrameKind::Command, Message::Text(text)) => Some(text.as_str().to_owned()),
            _ => None,
        })
    }

    /// Whether nothing waits to be written.
    pub(super) fn outbox_is_empty(&self) -> bool {
        self.outbox.is_empty()
    }

    /// Starts closing: drops whatever waits, queues the close frame, and waits at most a few
    /// seconds for the gateway to close its side.
    pub(super) fn close(&mut self, code: u16) {
        self.outbox.clear();
        self.outbox.push_back(Frame { message: close_message(code), kind: FrameKind::Close });
        self.phase = Phase::Closing;
        self.deadline = Some(Box::pin(tokio::time::sleep(CLOSE_TIMEOUT)));
    }

    /// A ping arrived: the automatic pong goes out with the next flush.
    pub(super) fn pong_pending(&mut self) {
        self.needs_flush = true;
    }

    /// Writes what it can. Returns whether any frame went out.
    pub(super) fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, tungstenite::Error> {
        let mut wrote = false;
        while !self.outbox.is_empty() {
            match Pin::new(&mut self.socket).poll_ready(cx) {
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(error)) => return Err(error),
                Poll::Pending => break,
            }
            let Some(frame) = self.outbox.pop_front() else { break };
            if frame.kind != FrameKind::Close
                && let Some(limiter) = &mut self.limiter
            {
                limiter.record();
            }
            Pin::new(&mut self.socket).start_send(frame.message)?;
            self.needs_flush = true;
            wrote = true;
        }
        if self.needs_flush {
            match Pin::new(&mut self.socket).poll_flush(cx) {
                Poll::Ready(Ok(())) => self.needs_flush = false,
                Poll::Ready(Err(error)) => return Err(error),
                Poll::Pending => {}
            }
        }
        Ok(wrote)
    }

    /// Gives up the connection, trying once to say why with a close frame. The session stays
    /// resumable whatever happens to the frame: only 1000 and 1001 end it.
    pub(super) fn abandon(mut self, code: u16, cx: &mut Context<'_>) {
        if let Poll::Ready(Ok(())) = Pin::new(&mut self.socket).poll_ready(cx)
            && Pin::new(&mut self.socket).start_send(close_message(code)).is_ok()
        {
            let _ = Pin::new(&mut self.socket).poll_flush(cx);
        }
    }
}

fn close_message(code: u16) -> Message {
    Message::Close(Some(CloseFrame { code: WsCloseCode::from(code), reason: "".into() }))
}
