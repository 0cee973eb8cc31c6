//! One websocket connection: HELLO, the client's payloads, the session's dispatches, the
//! heartbeat deadline and injected faults, until the connection ends.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use accord_model::gateway::{
    CloseCode, GatewayCommand, GatewayEvent, Hello, ParseErrorKind, ShardId,
};
use futures_util::StreamExt;
use futures_util::stream::SplitStream;
use tokio::sync::{Notify, mpsc};
use tokio::time::{Instant, sleep_until};
use tokio_tungstenite::tungstenite::{self, Message};
use tracing::Instrument;

use super::compress::Compressor;
use super::fault::Fault;
use super::limits::CommandWindow;
use super::registry::{Control, Invalidation};
use super::writer::{self, Out, WriterEnd};
use super::{ConnectParams, Socket};
use crate::shared::Shared;
use crate::world::guild_create::View;

/// How many session frames one batch to the writer carries.
const BATCH: usize = 64;

/// Whether the loop goes on.
pub(super) enum Flow {
    Continue,
    End(End),
}

/// How a connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    /// The client sent a close frame, with this code if it had one.
    ClientClosed(Option<u16>),
    /// The emulator closed with this code.
    ServerClosed(u16),
    /// The TCP connection ended without a close frame, or failed.
    Dropped,
    /// A fault dropped the connection.
    DroppedByFault,
    /// Another connection resumed the session.
    Superseded,
}

/// Whether the connection serves a session.
pub(super) enum State {
    /// Before IDENTIFY or RESUME, or after the session ended.
    Unidentified,
    Serving(Serving),
}

/// The session a connection serves and how far it has written.
pub(super) struct Serving {
    pub(super) session: Arc<str>,
    pub(super) shard: ShardId,
    pub(super) view: View,
    /// The last sequence number handed to the writer.
    pub(super) cursor: u64,
    pub(super) wake: Arc<Notify>,
}

/// The state of one connection.
pub(super) struct Connection {
    pub(super) shared: Arc<Shared>,
    pub(super) id: u64,
    pub(super) out: mpsc::Sender<Out>,
    pub(super) state: State,
    acks: bool,
    commands: CommandWindow,
    deadline: Instant,
    /// How the writer ended, once it has.
    writer_end: Option<WriterEnd>,
}

/// Serves one connection until it closes.
pub(crate) async fn run(shared: Arc<Shared>, socket: Socket, params: ConnectParams) {
    let (control_tx, control_rx) = mpsc::unbounded_channel();
    let id = shared.sessions.open_connection(control_tx, params.compression);
    shared.counters.connections.fetch_add(1, Ordering::Relaxed);
    let span = tracing::info_span!(
        "gateway",
        connection = id,
        shard = tracing::field::Empty,
        session = tracing::field::Empty
    );
    serve(shared.clone(), socket, params, id, control_rx).instrument(span).await;
    shared.sessions.close_connection(id);
}

async fn serve(
    shared: Arc<Shared>,
    socket: Socket,
    params: ConnectParams,
    id: u64,
    mut control: mpsc::UnboundedReceiver<Control>,
) {
    let compressor = match Compressor::new(params.compression) {
        Ok(compressor) => compressor,
        Err(error) => {
            tracing::warn!(%error, "could not create the compressor");
            return;
        }
    };
    let (sink, mut stream) = socket.split();
    let (out, out_rx) = mpsc::channel(4);
    let mut writer = tokio::spawn(writer::run(sink, compressor, out_rx, shared.clone(), id));
    let timings = &shared.config.timings;
    let mut connection = Connection {
        shared: shared.clone(),
        id,
        out,
        state: State::Unidentified,
        acks: true,
        commands: CommandWindow::new(),
        deadline: Instant::now() + timings.heartbeat_interval + timings.heartbeat_grace,
        writer_end: None,
    };
    let end = match params.version {
        Some(9 | 10) | None if params.json => {
            tracing::debug!(compression = ?params.compression, "gateway connection opened");
            let interval =
                u64::try_from(timings.heartbeat_interval.as_millis()).unwrap_or(u64::MAX);
            connection.payload(GatewayEvent::Hello(Hello::new(interval)).to_json()).await;
            connection.run(&mut stream, &mut control, &mut writer).await
        }
        Some(9 | 10) | None => {
            tracing::warn!(
                "the client asked for encoding=etf, which the emulator does not emulate; closing with 4002"
            );
            connection.close(CloseCode::DecodeError, "etf encoding is not emulated").await
        }
        Some(version) => {
            tracing::info!(version, "unsupported gateway version");
            connection.close(CloseCode::InvalidApiVersion, "invalid api version").await
        }
    };
    let end = match end {
        Flow::End(end) => end,
        Flow::Continue => End::Dropped,
    };
    // Let the writer finish a close frame (or give up on a socket nobody reads), so the
    // session's written sequence is final before it is detached.
    drop(stream);
    let (closed, _) = mpsc::channel(1);
    drop(std::mem::replace(&mut connection.out, closed));
    if connection.writer_end.is_none() {
        connection.writer_end = match end {
            End::DroppedByFault | End::Superseded => {
                writer.abort();
                None
            }
            _ => {
                if let Ok(Ok(end)) =
                    tokio::time::timeout(timings.heartbeat_grace, &mut writer).await
                {
                    Some(end)
                } else {
                    writer.abort();
                    None
                }
            }
        };
    }
    connection.finish(end);
}

impl Connection {
    async fn run(
        &mut self,
        stream: &mut SplitStream<Socket>,
        control: &mut mpsc::UnboundedReceiver<Control>,
        writer: &mut tokio::task::JoinHandle<WriterEnd>,
    ) -> Flow {
        let idle = Arc::new(Notify::new());
        loop {
            let pending = self.pending();
            let out = self.out.clone();
            let (wake, serving) = match &self.state {
                State::Serving(serving) => (serving.wake.clone(), true),
                State::Unidentified => (idle.clone(), false),
            };
            let flow = tokio::select! {
                biased;
                Some(message) = control.recv() => self.control(message).await,
                message = stream.next() => self.inbound(message).await,
                permit = out.reserve(), if pending => match permit {
                    Ok(permit) => {
                        self.feed(permit);
                        Flow::Continue
                    }
                    Err(_) => Flow::End(End::Dropped),
                },
                () = wake.notified(), if serving => Flow::Continue,
                () = sleep_until(self.deadline) => {
                    tracing::info!("no heartbeat within the interval and grace; closing with 4009");
                    self.close(CloseCode::SessionTimedOut, "session timed out").await
                }
                result = &mut *writer => {
                    self.writer_end = Some(result.unwrap_or(WriterEnd::Failed));
                    Flow::End(End::Dropped)
                }
            };
            if let Flow::End(end) = flow {
                return Flow::End(end);
            }
        }
    }

    /// Whether the session has frames this connection has not handed to the writer yet.
    fn pending(&mut self) -> bool {
        let State::Serving(serving) = &self.state else { return false };
        if let Some(pending) =
            self.shared.sessions.pending(&serving.session, self.id, serving.cursor)
        {
            pending
        } else {
            self.state = State::Unidentified;
            false
        }
    }

    /// Hands the next batch of session frames to the writer.
    fn feed(&mut self, permit: mpsc::Permit<'_, Out>) {
        let State::Serving(serving) = &mut self.state else { return };
        match self.shared.sessions.frames_after(&serving.session, self.id, serving.cursor, BATCH) {
            Some(frames) if !frames.is_empty() => {
                serving.cursor = frames.last().map_or(serving.cursor, |f| f.0);
                permit.send(Out::Frames { session: serving.session.clone(), frames });
            }
            Some(_) => {}
            None => self.state = State::Unidentified,
        }
    }

    /// Sends a payload outside the session's sequence.
    pub(super) async fn payload(&self, json: String) {
        let _ = self.out.send(Out::Payload(json)).await;
    }

    /// Closes the connection with a code.
    pub(super) async fn close(&self, code: CloseCode, reason: &str) -> Flow {
        let code = code.value();
        tracing::debug!(code, reason, "closing the connection");
        let _ = self.out.send(Out::Close { code, reason: reason.to_owned() }).await;
        Flow::End(End::ServerClosed(code))
    }

    /// Sends INVALID_SESSION.
    pub(super) async fn invalid_session(&self, resumable: bool) {
        self.shared.counters.invalid_sessions.fetch_add(1, Ordering::Relaxed);
        self.payload(GatewayEvent::InvalidSession { resumable }.to_json()).await;
    }

    async fn inbound(&mut self, message: Option<Result<Message, tungstenite::Error>>) -> Flow {
        let text = match message {
            None => return Flow::End(End::Dropped),
            Some(Err(error)) => {
                tracing::debug!(%error, "reading from the gateway socket failed");
                return Flow::End(End::Dropped);
            }
            Some(Ok(Message::Text(text))) => text,
            // Discord reads a binary frame holding JSON as it reads a text frame.
            Some(Ok(Message::Binary(bytes))) => {
                let Ok(text) = tungstenite::Utf8Bytes::try_from(bytes) else {
                    tracing::info!("binary payload is not UTF-8; closing with 4002");
                    return self.close(CloseCode::DecodeError, "decode error").await;
                };
                text
            }
            Some(Ok(Message::Close(frame))) => {
                return Flow::End(End::ClientClosed(frame.map(|f| u16::from(f.code))));
            }
            Some(Ok(_)) => return Flow::Continue,
        };
        let config = &self.shared.config;
        if text.len() > config.gateway.max_payload_bytes {
            tracing::info!(bytes = text.len(), "payload too large; closing with 4002");
            return self.close(CloseCode::DecodeError, "payload too large").await;
        }
        let now = Instant::now();
        if !self.commands.admit(
            now,
            config.gateway.commands_per_window,
            config.timings.command_window,
        ) {
            tracing::info!("too many payloads in the command window; closing with 4008");
            return self.close(CloseCode::RateLimited, "rate limited").await;
        }
        let command = match GatewayCommand::from_json(&lenient_presence(&text)) {
            Ok(command) => command,
            Err(error) => {
                tracing::info!(%error, "undecodable payload");
                return match error.kind() {
                    ParseErrorKind::Json => {
                        self.close(CloseCode::DecodeError, "decode error").await
                    }
                    ParseErrorKind::Payload { opcode: 2, .. } if has_invalid_shard(&text) => {
                        self.close(CloseCode::InvalidShard, "invalid shard").await
                    }
                    _ => {
                        self.close(CloseCode::UnknownOpcode, "unknown opcode or invalid payload")
                            .await
                    }
                };
            }
        };
        match (&self.state, command) {
            (_, GatewayCommand::Heartbeat(_)) => {
                let timings = &self.shared.config.timings;
                self.deadline = now + timings.heartbeat_interval + timings.heartbeat_grace;
                if self.acks {
                    self.payload(GatewayEvent::HeartbeatAck.to_json()).await;
                }
                Flow::Continue
            }
            (State::Unidentified, GatewayCommand::Identify(identify)) => {
                self.identify(*identify).await
            }
            (State::Unidentified, GatewayCommand::Resume(resume)) => self.resume(*resume).await,
            (State::Serving(_), GatewayCommand::Identify(_) | GatewayCommand::Resume(_)) => {
                self.close(CloseCode::AlreadyAuthenticated, "already authenticated").await
            }
            (State::Unidentified, _) => {
                self.close(CloseCode::NotAuthenticated, "not authenticated").await
            }
            (State::Serving(_), command) => self.command(command),
        }
    }

    async fn control(&mut self, control: Control) -> Flow {
        let fault = match control {
            Control::Fault(fault) => fault,
            Control::Superseded => {
                tracing::info!("the session was resumed on another connection; dropping this one");
                self.state = State::Unidentified;
                let _ = self.out.send(Out::Drop).await;
                return Flow::End(End::Superseded);
            }
            Control::Shutdown => {
                return self.close(CloseCode::from_value(1001), "the emulator is stopping").await;
            }
        };
        tracing::info!(?fault, "injecting a fault");
        match fault {
            Fault::Drop => {
                let _ = self.out.send(Out::Drop).await;
                return Flow::End(End::DroppedByFault);
            }
            Fault::Close(code) => {
                return self.close(CloseCode::from_value(code), "closed by fault injection").await;
            }
            Fault::StopHeartbeatAcks => self.acks = false,
            Fault::ResumeHeartbeatAcks => self.acks = true,
            Fault::Reconnect => self.payload(GatewayEvent::Reconnect.to_json()).await,
            Fault::InvalidSession { resumable } => {
                self.invalid_session(resumable).await;
                if let State::Serving(serving) =
                    std::mem::replace(&mut self.state, State::Unidentified)
                {
                    if resumable {
                        self.shared.sessions.detach(&serving.session, self.id);
                    } else {
                        // Frames up to the cursor are queued ahead of the INVALID_SESSION.
                        let delivered = Some(serving.cursor);
                        self.shared.sessions.invalidate(
                            &serving.session,
                            Invalidation::InvalidSession,
                            delivered,
                        );
                    }
                }
            }
            Fault::CorruptFrame => {
                let _ = self.out.send(Out::Corrupt).await;
            }
            Fault::TruncateFrame => {
                let _ = self.out.send(Out::Truncate).await;
            }
            Fault::DelayFrames(delay) => {
                let _ = self.out.send(Out::Delay(delay)).await;
            }
            Fault::RequestHeartbeat => self.payload(GatewayEvent::Heartbeat.to_json()).await,
        }
        Flow::Continue
    }

    /// Settles the session and the counters once the connection has ended.
    fn finish(self, end: End) {
        let writer = self.writer_end;
        let counters = &self.shared.counters;
        match end {
            End::ClientClosed(code) => counters.closed(code.unwrap_or(1005), false),
            End::ServerClosed(code) if writer == Some(WriterEnd::Closed) => {
                counters.closed(code, true);
            }
            _ => {
                counters.connections_dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
        tracing::debug!(?end, "gateway connection ended");
        let State::Serving(serving) = self.state else { return };
        let sessions = &self.shared.sessions;
        match end {
            End::ClientClosed(Some(code @ (1000 | 1001))) => {
                sessions.invalidate(&serving.session, Invalidation::ClientClosed { code }, None);
            }
            End::ServerClosed(code)
                if code >= 4000 && !CloseCode::from_value(code).can_resume() =>
            {
                sessions.invalidate(&serving.session, Invalidation::ServerClosed { code }, None);
            }
            End::Superseded => {}
            _ => sessions.detach(&serving.session, self.id),
        }
    }
}

/// The payload with a presence made as Discord takes it: a missing `activities` is an empty
/// list and a `since` that is not a number is `null` (Discord accepts null, 0 or anything),
/// in IDENTIFY's `d.presence` and in a presence update's `d`. Other payloads pass unchanged.
fn lenient_presence(text: &str) -> std::borrow::Cow<'_, str> {
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(text) else {
        return text.into();
    };
    let presence = match value.get("op").and_then(serde_json::Value::as_u64) {
        Some(2) => value.get_mut("d").and_then(|d| d.get_mut("presence")),
        Some(3) => value.get_mut("d"),
        _ => None,
    };
    let Some(presence) = presence.and_then(serde_json::Value::as_object_mut) else {
        return text.into();
    };
    let mut changed = false;
    if presence.get("activities").is_none_or(serde_json::Value::is_null) {
        presence.insert("activities".into(), serde_json::Value::Array(Vec::new()));
        changed = true;
    }
    if presence.get("since").is_some_and(|since| !since.is_u64() && !since.is_null()) {
        presence.insert("since".into(), serde_json::Value::Null);
        changed = true;
    }
    if changed { value.to_string().into() } else { text.into() }
}

/// Whether an IDENTIFY's `shard` is there but not a valid `[id, count]` with `id < count`.
fn has_invalid_shard(text: &str) -> bool {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return false };
    let Some(shard) = value.get("d").and_then(|d| d.get("shard")) else { return false };
    serde_json::from_value::<ShardId>(shard.clone()).is_err()
}
