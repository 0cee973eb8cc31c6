//! A shard: one connection to the gateway, kept alive, resumed and rate limited, read as a
//! stream of events.

mod connection;
mod payload;

use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use accord_model::gateway::event::GuildCreate;
use accord_model::gateway::{
    CloseCode, Event, EventType, EventTypeSet, GatewayCommand, GatewayEvent, Hello, Identify,
    RequestGuildMembers, Resume, ShardId,
};
use accord_model::id::Id;
use accord_model::id::marker::GuildMarker;
use futures_core::Stream;
use tokio::sync::mpsc;
use tokio::time::{Instant, Sleep};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::{self, Message, Utf8Bytes};
use tracing::Span;

use self::connection::{Connection, Phase};
pub use self::payload::RawEvent;
use crate::command::{CloseMode, Command, ShardSender};
use crate::config::Config;
use crate::connect::{self, Socket};
use crate::counters::Counters;
use crate::error::{ReceiveError, ReceiveErrorKind, SendError};
use crate::exclusive::Exclusive;
use crate::heartbeat::{Beat, Heartbeat, Latency};
use crate::queue::IdentifyTurn;
use crate::ratelimit::CommandLimiter;
use crate::session::Session;
use crate::session_store::Persistence;

/// The close code a shard sends when it gives up a connection but keeps the session.
const RESUME_CODE: u16 = 4000;

/// The decompression buffer is kept between messages up to this size; a larger one (after a
/// big GUILD_CREATE) is released, so an idle shard stays small.
const BUFFER_KEEP: usize = 64 * 1024;

type ConnectFuture = Pin<Box<dyn Future<Output = Result<Socket, ReceiveError>> + Send>>;

/// Where a shard is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ShardState {
    /// Waiting before the next connection attempt.
    Disconnected,
    /// Opening a connection.
    Connecting,
    /// Connected, waiting for HELLO, the identify queue or READY.
    Identifying,
    /// Connected, waiting for RESUMED.
    Resuming,
    /// Identified or resumed: events flow and commands go out.
    Active,
    /// Closing at the caller's request.
    Closing,
    /// Ended: closed, or stopped by a fatal error. It yields nothing more.
    Ended,
}

enum State {
    /// Waiting before connecting (`None`: connect at once).
    Waiting(Option<Pin<Box<Sleep>>>),
    Connecting {
        future: Exclusive<ConnectFuture>,
        turn: Option<Exclusive<IdentifyTurn>>,
    },
    Connected(Box<Connection>),
    Ended,
}

/// What a step of the connection asks the shard to do.
enum Step {
    /// Every source is pending and has registered a waker.
    Pending,
    /// Something changed: poll again.
    Again,
    /// Yield this.
    Yield(Result<payload::Delivery, ReceiveError>),
    /// The connection is over.
    End(End),
}

/// How a connection ended and what comes next.
struct End {
    next: Next,
    /// A close frame to try to send before dropping the connection.
    close_code: Option<u16>,
    error: Option<ReceiveError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    Resume,
    Identify,
    Stop,
}

impl End {
    const fn new(next: Next) -> Self {
        Self { next, close_code: None, error: None }
    }

    const fn closing_with(mut self, code: u16) -> Self {
        self.close_code = Some(code);
        self
    }

    fn error(mut self, error: ReceiveError) -> Self {
        self.error = Some(error);
        self
    }
}

/// One gateway connection for one shard, as a stream of events.
///
/// The shard does its work while it is polled: connecting, HELLO, IDENTIFY through the
/// identify queue or RESUME, heartbeats (the first one jittered), zombie detection, queued
/// commands within the rate limit, and reconnecting with backoff. Keep polling it, with
/// [`next_event`](Self::next_event) or as a [`Stream`]; a shard left unpolled stops
/// heartbeating and the gateway drops it (it then resumes when polled again).
///
/// Errors are values: after most of them the shard carries on by itself, and only a fatal one
/// ([`ReceiveError::is_fatal`]) ends it, after which it yields `None`.
///
/// ```no_run
/// use accord_gateway::{Config, Shard};
/// use accord_model::gateway::{Event, Intents, ShardId};
///
/// # async fn run() {
/// let config = Config::new(std::env::var("DISCORD_TOKEN").unwrap(), Intents::GUILD_MESSAGES);
/// let mut shard = Shard::new(ShardId::ONE, config);
/// while let Some(item) = shard.next_event().await {
///     match item {
///         Ok(Event::MessageCreate(message)) => println!("{}", message.content),
///         Ok(_) => {}
///         Err(error) if error.is_fatal() => panic!("{error}"),
///         Err(error) => tracing::warn!(%error),
///     }
/// }
/// # }
/// ```
pub struct Shard {
    id: ShardId,
    config: Config,
    /// The filter given to the parser: the caller's, plus READY, which the shard needs.
    wanted: EventTypeSet,
    span: Span,
    state: State,
    session: Option<Session>,
    /// The sequence number of the last dispatch of the current session.
    sequence: Option<u64>,
    commands: mpsc::UnboundedReceiver<String>,
    /// Commands taken for a connection that ended before writing them; they go first.
    unsent: VecDeque<String>,
    closes: mpsc::UnboundedReceiver<CloseMode>,
    sender: ShardSender,
    /// The decompressed message, reused from one message to the next.
    buffer: Vec<u8>,
    latency: Latency,
    counters: Arc<Counters>,
    /// Connection attempts in a row that did not reach READY or RESUMED.
    failures: u32,
    closing: Option<CloseMode>,
    /// The session store's side, when the configuration has one.
    persistence: Option<Persistence>,
}

impl fmt::Debug for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shard")
            .field("id", &self.id)
            .field("state", &self.state())
            .field("session", &self.session)
            .field("latency", &self.latency)
            .field("counters", &self.counters)
            .finish_non_exhaustive()
    }
}

impl Shard {
    /// A shard that connects when first polled, resuming the configuration's session if it
    /// has one.
    pub fn new(id: ShardId, config: Config) -> Self {
        let (command_tx, commands) = mpsc::unbounded_channel();
        let (close_tx, closes) = mpsc::unbounded_channel();
        let session = config.session().cloned();
        let sequence = session.as_ref().map(Session::sequence);
        let persistence = config.session_store().map(|store| {
            Persistence::new(store.clone(), config.session_save_interval(), session.as_ref())
        });
        Self {
            id,
            wanted: config.event_types().with(EventType::Ready),
            span: tracing::info_span!("shard", id = id.number(), total = id.total()),
            state: State::Waiting(None),
            session,
            sequence,
            commands,
            unsent: VecDeque::new(),
            closes,
            sender: ShardSender::new(id, command_tx, close_tx),
            buffer: Vec::new(),
            latency: Latency::default(),
            counters: Arc::default(),
            failures: 0,
            closing: None,
            persistence,
            config,
        }
    }

    /// The shard's id.
    pub const fn id(&self) -> ShardId {
        self.id
    }

    /// The configuration.
    pub const fn config(&self) -> &Config {
        &self.config
    }

    /// Where the shard is.
    pub fn state(&self) -> ShardState {
        match &self.state {
            State::Waiting(_) => ShardState::Disconnected,
            State::Connecting { .. } => ShardState::Connecting,
            State::Connected(connection) => match connection.phase {
                Phase::Hello | Phase::Queued | Phase::Identifying => ShardState::Identifying,
                Phase::Resuming => ShardState::Resuming,
                Phase::Active => ShardState::Active,
                Phase::Closing => ShardState::Closing,
            },
            State::Ended => ShardState::Ended,
        }
    }

    /// The current session, to store and resume from a new shard (see [`Session`]).
    pub fn session(&self) -> Option<Session> {
        self.session.clone()
    }

    /// The sequence number of the last event received, which is also the last event
    /// yielded right after [`next_event`](Self::next_event) returns one.
    pub const fn sequence(&self) -> Option<u64> {
        self.sequence
    }

    /// Heartbeat latency over the current connection.
    pub const fn latency(&self) -> &Latency {
        &self.latency
    }

    /// The shard's counters, readable from anywhere while it runs.
    pub fn counters(&self) -> Arc<Counters> {
        self.counters.clone()
    }

    /// A sender for commands and close requests, usable from other tasks.
    pub fn sender(&self) -> ShardSender {
        self.sender.clone()
    }

    /// Queues a command; see [`ShardSender::send`].
    pub fn send(&self, command: impl Command) -> Result<(), SendError> {
        self.sender.send(command)
    }

    /// The next event, or `None` once the shard has ended.
    ///
    /// Cancel safe: every piece of work in progress (a connection being opened, a frame
    /// being written, a place in the identify queue) lives in the shard, not in the future,
    /// so dropping the future in a `select!` loses nothing and the next call carries on.
    pub async fn next_event(&mut self) -> Option<Result<Event, ReceiveError>> {
        poll_fn(|cx| self.poll_next_event(cx)).await
    }

    /// Polls for the next event; the poll form of [`next_event`](Self::next_event).
    pub fn poll_next_event(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Event, ReceiveError>>> {
        self.poll_delivery(cx, false).map(|item| {
            item.map(|result| {
                result.and_then(|delivery| match delivery {
                    payload::Delivery::Event(event) => Ok(event),
                    // A shard asked for typed events never makes raw deliveries.
                    payload::Delivery::Raw { .. } => {
                        Err(ReceiveError::new(ReceiveErrorKind::Parse))
                    }
                })
            })
        })
    }

    /// The next dispatch of a wanted type as JSON text, unparsed (but scanned for its type
    /// and sequence number), or `None` once the shard has ended. Cancel safe, like
    /// [`next_event`](Self::next_event).
    ///
    /// Use it to forward events elsewhere or parse them with other types. Mixing it with
    /// [`next_event`](Self::next_event) on one shard is allowed: each event goes to
    /// whichever call receives it.
    pub async fn next_raw(&mut self) -> Option<Result<RawEvent<'_>, ReceiveError>> {
        let delivery = poll_fn(|cx| self.poll_delivery(cx, true)).await?;
        Some(delivery.map(|delivery| match delivery {
            payload::Delivery::Raw { seq, kind } => RawEvent::new(seq, kind, &self.buffer),
            payload::Delivery::Event(event) => {
                // Not reached: raw polling never parses dispatches into events.
                RawEvent::new(self.sequence.unwrap_or_default(), event.kind(), b"")
            }
        }))
    }

    /// Closes the connection and ends the shard, returning the session when `mode` keeps it
    /// resumable. Waits for the gateway to close its side, at most a few seconds.
    ///
    /// Cancel safe: the close frame is queued in the shard, and polling the shard again (or
    /// calling `close` again) finishes the close.
    pub async fn close(&mut self, mode: CloseMode) -> Option<Session> {
        if self.closing.is_none() && !matches!(self.state, State::Ended) {
            self.begin_close(mode);
        }
        poll_fn(|cx| {
            loop {
                match self.poll_delivery(cx, false) {
                    Poll::Ready(None) => return Poll::Ready(()),
                    Poll::Ready(Some(_)) => {}
                    Poll::Pending => return Poll::Pending,
                }
            }
        })
        .await;
        self.session()
    }

    fn begin_close(&mut self, mode: CloseMode) {
        self.closing = Some(mode);
        tracing::info!(parent: &self.span, ?mode, "closing");
        if let State::Connected(connection) = &mut self.state {
            connection.close(mode.code());
        } else {
            self.stop();
        }
    }

    /// Ends the shard for good.
    fn stop(&mut self) {
        self.state = State::Ended;
        self.commands.close();
        self.closes.close();
        if self.closing != Some(CloseMode::Resumable) {
            self.session = None;
        }
    }

    fn start_connect(&mut self) {
        let base = self.session.as_ref().map_or(self.config.gateway_url(), Session::resume_url);
        let url = connect::url(base, self.config.compression());
        // A shard that will identify takes its place in line now, so that shards started in
        // order identify in order; it waits for its turn only once HELLO has arrived.
        let turn =
            self.session.is_none().then(|| Exclusive::new(self.config.queue().enqueue(self.id)));
        tracing::debug!(%url, resume = self.session.is_some(), "connecting");
        self.state = State::Connecting {
            future: Exclusive::new(Box::pin(connect::connect(url, self.config.clone()))),
            turn,
        };
    }

    /// The shard's state machine, then the session store brought up to date; an ended shard
    /// is done once its last write is.
    fn poll_delivery(
        &mut self,
        cx: &mut Context<'_>,
        raw: bool,
    ) -> Poll<Option<Result<payload::Delivery, ReceiveError>>> {
        let result = self.poll_state(cx, raw);
        let Some(persistence) = &mut self.persistence else { return result };
        let _entered = self.span.enter();
        let ended = matches!(self.state, State::Ended);
        let busy = persistence.poll_write(self.id, self.session.as_ref(), ended, cx);
        if busy && matches!(result, Poll::Ready(None)) {
            return Poll::Pending;
        }
        result
    }

    /// The shard's whole state machine; `raw` chooses how dispatches are delivered.
    fn poll_state(
        &mut self,
        cx: &mut Context<'_>,
        raw: bool,
    ) -> Poll<Option<Result<payload::Delivery, ReceiveError>>> {
        let span = self.span.clone();
        let _entered = span.enter();
        loop {
            if self.closing.is_none()
                && !matches!(self.state, State::Ended)
                && let Poll::Ready(Some(mode)) = self.closes.poll_recv(cx)
            {
                self.begin_close(mode);
                continue;
            }
            match &mut self.state {
                State::Ended => return Poll::Ready(None),
                State::Waiting(sleep) => {
                    if let Some(sleep) = sleep
                        && sleep.as_mut().poll(cx).is_pending()
                    {
                        return Poll::Pending;
                    }
                    if let Some(persistence) = &mut self.persistence {
                        let Poll::Ready(loaded) = persistence.poll_load(self.id, cx) else {
                            return Poll::Pending;
                        };
                        if let Some(session) = loaded {
                            self.sequence = Some(session.sequence());
                            self.session = Some(session);
                        }
                    }
                    self.start_connect();
                }
                State::Connecting { future, .. } => {
                    let Poll::Ready(result) = future.get_mut().as_mut().poll(cx) else {
                        return Poll::Pending;
                    };
                    let State::Connecting { turn, .. } =
                        std::mem::replace(&mut self.state, State::Ended)
                    else {
                        return Poll::Ready(None);
                    };
                    match result {
                        Ok(socket) => {
                            self.counters.connection();
                            let connection =
                                Connection::new(socket, self.config.compression(), turn);
                            self.state = State::Connected(Box::new(connection));
                        }
                        Err(error) => {
                            self.counters.error();
                            if *error.kind() == ReceiveErrorKind::Config {
                                self.stop();
                            } else {
                                self.failures = self.failures.saturating_add(1);
                                self.wait();
                            }
                            tracing::warn!(%error, "connecting failed");
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                }
                State::Connected(_) => {
                    let State::Connected(mut connection) =
                        std::mem::replace(&mut self.state, State::Ended)
                    else {
                        return Poll::Ready(None);
                    };
                    match self.poll_connection(&mut connection, cx, raw) {
                        Step::Pending => {
                            self.state = State::Connected(connection);
                            return Poll::Pending;
                        }
                        Step::Again => self.state = State::Connected(connection),
                        Step::Yield(item) => {
                            self.state = State::Connected(connection);
                            return Poll::Ready(Some(item));
                        }
                        Step::End(end) => {
                            if let Some(error) = self.disconnect(*connection, end, cx) {
                                return Poll::Ready(Some(Err(error)));
                            }
                        }
                    }
                }
            }
        }
    }

    /// Schedules the next connection attempt after a backoff.
    fn wait(&mut self) {
        let delay = self.config.backoff().delay(self.failures);
        tracing::debug!(?delay, failures = self.failures, "waiting to reconnect");
        self.state = State::Waiting(Some(Box::pin(tokio::time::sleep(delay))));
    }

    /// Drops a connection and decides what comes next.
    fn disconnect(
        &mut self,
        mut connection: Connection,
        end: End,
        cx: &mut Context<'_>,
    ) -> Option<ReceiveError> {
        let healthy = connection.phase == Phase::Active;
        // Commands never written go out on the next connection, ahead of newer ones.
        let unsent: Vec<String> = connection.unsent_commands().collect();
        for json in unsent.into_iter().rev() {
            self.unsent.push_front(json);
        }
        match end.close_code {
            Some(code) => connection.abandon(code, cx),
            None => drop(connection),
        }
        match end.next {
            Next::Resume | Next::Identify => {
                if end.next == Next::Identify {
                    self.session = None;
                    self.sequence = None;
                }
                self.failures = if healthy { 0 } else { self.failures.saturating_add(1) };
                self.counters.reconnect();
                tracing::info!(resume = self.session.is_some(), "reconnecting");
                self.wait();
            }
            Next::Stop => self.stop(),
        }
        let error = end.error?;
        self.counters.error();
        Some(error)
    }

    fn poll_connection(
        &mut self,
        connection: &mut Connection,
        cx: &mut Context<'_>,
        raw: bool,
    ) -> Step {
        let closing = connection.phase == Phase::Closing;
        if connection.poll_deadline(cx) {
            if closing {
                return Step::End(End::new(Next::Stop));
            }
            let error = ReceiveError::with_source(
                ReceiveErrorKind::Connection,
                "the gateway sent no HELLO within 30 seconds",
            );
            return Step::End(End::new(Next::Resume).closing_with(RESUME_CODE).error(error));
        }
        let mut progressed = false;
        if !closing {
            if let Some(heartbeat) = &mut connection.heartbeat {
                match heartbeat.poll_beat(cx) {
                    Poll::Ready(Beat::Send) => {
                        connection.overdue_since = None;
                        connection.queue(GatewayCommand::Heartbeat(self.sequence).to_json());
                    }
                    Poll::Ready(Beat::Overdue { due }) => {
                        // A zombie only once everything received since the heartbeat was due
                        // has been read (the ACK may be waiting after a pause in polling), or
                        // after one more interval of reading data without an ACK.
                        let now = Instant::now();
                        let since = *connection.overdue_since.get_or_insert(now);
                        let drained = connection.drained_at.is_some_and(|at| at >= due);
                        if drained || now >= since + heartbeat.interval() {
                            self.counters.zombie();
                            tracing::warn!(
                                "no heartbeat ACK since the last heartbeat; reconnecting"
                            );
                            let error = ReceiveError::with_source(
                                ReceiveErrorKind::Connection,
                                "the gateway stopped acknowledging heartbeats",
                            );
                            return Step::End(
                                End::new(Next::Resume).closing_with(RESUME_CODE).error(error),
                            );
                        }
                        connection.zombie_check = true;
                    }
                    Poll::Pending => {}
                }
            }
            if connection.phase == Phase::Queued {
                let granted = connection
                    .turn
                    .as_mut()
                    .is_none_or(|turn| turn.get_mut().as_mut().poll(cx).is_ready());
                if granted {
                    connection.turn = None;
                    connection.queue(self.identify_json());
                    connection.phase = Phase::Identifying;
                    self.counters.identify();
                    tracing::debug!("identifying");
                }
            }
            if connection.phase == Phase::Active && connection.outbox_is_empty() {
                let allowed = connection
                    .limiter
                    .as_mut()
                    .is_none_or(|limiter| limiter.poll_command(cx).is_ready());
                if allowed {
                    // Commands a failed connection never wrote go first; each is counted once.
                    let next = match self.unsent.pop_front() {
                        Some(json) => Some(json),
                        None => match self.commands.poll_recv(cx) {
                            Poll::Ready(Some(json)) => {
                                self.counters.command();
                                Some(json)
                            }
                            _ => None,
                        },
                    };
                    if let Some(json) = next {
                        connection.queue_command(json);
                        progressed = true;
                    }
                }
            }
        }
        match connection.poll_write(cx) {
            Ok(wrote) => progressed |= wrote,
            Err(error) => return Step::End(connection_failed(closing, error)),
        }
        match Pin::new(&mut connection.socket).poll_next(cx) {
            Poll::Pending => {
                connection.drained_at = Some(Instant::now());
                // An overdue heartbeat is decided now that the socket is drained.
                if progressed || std::mem::take(&mut connection.zombie_check) {
                    Step::Again
                } else {
                    Step::Pending
                }
            }
            Poll::Ready(None) => {
                Step::End(End::new(if closing { Next::Stop } else { Next::Resume }))
            }
            Poll::Ready(Some(Err(error))) => Step::End(connection_failed(closing, error)),
            Poll::Ready(Some(Ok(message))) => self.on_message(connection, message, raw),
        }
    }

    fn on_message(&mut self, connection: &mut Connection, message: Message, raw: bool) -> Step {
        if connection.phase == Phase::Closing {
            // Nothing more is delivered or counted once closing, so a resumed session
            // replays whatever arrives now.
            return match message {
                Message::Close(_) => Step::End(End::new(Next::Stop)),
                _ => Step::Again,
            };
        }
        if self.buffer.capacity() > BUFFER_KEEP {
            self.buffer = Vec::new();
        }
        let text = match message {
            Message::Text(text) => Some(text),
            Message::Binary(bytes) => {
                match connection.inflater.decompress(&bytes, &mut self.buffer) {
                    Ok(true) => None,
                    Ok(false) => return Step::Again,
                    Err(error) => {
                        tracing::warn!(%error, "could not decompress a message; reconnecting");
                        let error = ReceiveError::with_source(ReceiveErrorKind::Decompress, error);
                        return Step::End(
                            End::new(Next::Resume).closing_with(RESUME_CODE).error(error),
                        );
                    }
                }
            }
            Message::Close(frame) => return on_close(frame),
            Message::Ping(_) => {
                connection.pong_pending();
                return Step::Again;
            }
            Message::Pong(_) | Message::Frame(_) => return Step::Again,
        };
        let text = text.as_ref().map(Utf8Bytes::as_str);
        match payload::parse(&mut self.buffer, text, self.wanted, raw) {
            Ok(event) => self.on_payload(connection, event, text, raw),
            Err(failure) => self.on_parse_error(failure),
        }
    }

    fn on_payload(
        &mut self,
        connection: &mut Connection,
        event: GatewayEvent,
        text: Option<&str>,
        raw: bool,
    ) -> Step {
        match event {
            GatewayEvent::Dispatch { seq, event } => {
                if !self.accept(seq) {
                    return Step::Again;
                }
                match &event {
                    Event::Ready(ready) => {
                        self.session = Some(Session::new(
                            ready.session_id.as_str(),
                            seq,
                            ready.resume_gateway_url.as_str(),
                        ));
                        self.activate(connection);
                        tracing::info!(session = %ready.session_id, "ready");
                    }
                    Event::Resumed(_) => self.resumed(connection),
                    Event::GuildCreate(guild) if self.config.request_members() => {
                        if let GuildCreate::Available(guild) = &**guild {
                            self.request_members(guild.id);
                        }
                    }
                    _ => {}
                }
                let kind = event.kind();
                if raw {
                    return self.deliver_raw(seq, kind, text);
                }
                if !self.config.event_types().contains(EventType::Ready)
                    && kind == Some(EventType::Ready)
                {
                    self.counters.skip();
                    return Step::Again;
                }
                self.counters.event();
                Step::Yield(Ok(payload::Delivery::Event(event)))
            }
            GatewayEvent::Skipped { seq, kind } => {
                if !self.accept(seq) {
                    return Step::Again;
                }
                if kind == Some(EventType::Resumed) {
                    self.resumed(connection);
                }
                if raw {
                    return self.deliver_raw(seq, kind, text);
                }
                self.counters.skip();
                Step::Again
            }
            GatewayEvent::Hello(hello) => {
                self.on_hello(connection, hello);
                Step::Again
            }
            GatewayEvent::Heartbeat => {
                if let Some(heartbeat) = &mut connection.heartbeat {
                    heartbeat.requested();
                }
                connection.queue(GatewayCommand::Heartbeat(self.sequence).to_json());
                Step::Again
            }
            GatewayEvent::HeartbeatAck => {
                if let Some(heartbeat) = &mut connection.heartbeat {
                    heartbeat.acknowledged(&mut self.latency);
                }
                Step::Again
            }
            GatewayEvent::Reconnect => {
                tracing::info!("the gateway asked for a reconnect");
                Step::End(End::new(Next::Resume).closing_with(RESUME_CODE))
            }
            GatewayEvent::InvalidSession { resumable } => {
                tracing::info!(resumable, "the session was invalidated");
                let next = if resumable { Next::Resume } else { Next::Identify };
                Step::End(End::new(next).closing_with(RESUME_CODE))
            }
            other => {
                tracing::debug!(opcode = ?other.opcode(), "ignoring a payload");
                Step::Again
            }
        }
    }

    /// Queues REQUEST_GUILD_MEMBERS for every member of `guild_id`, behind the commands
    /// already queued and within the command rate limit.
    fn request_members(&self, guild_id: Id<GuildMarker>) {
        match self.sender.send(RequestGuildMembers::all(guild_id)) {
            Ok(()) => tracing::debug!(%guild_id, "requested the guild's members"),
            Err(error) => {
                tracing::warn!(%guild_id, %error, "could not request the guild's members");
            }
        }
    }

    fn on_parse_error(&mut self, failure: payload::ParseFailure) -> Step {
        let reconnect = failure.reconnect;
        let error = ReceiveError::with_source(ReceiveErrorKind::Parse, failure.error);
        if reconnect {
            tracing::warn!(%error, "unreadable payload; reconnecting");
            return Step::End(End::new(Next::Resume).closing_with(RESUME_CODE).error(error));
        }
        tracing::warn!(%error, "skipping a payload");
        self.counters.error();
        Step::Yield(Err(error))
    }

    fn deliver_raw(&mut self, seq: u64, kind: Option<EventType>, text: Option<&str>) -> Step {
        let filter = self.config.event_types();
        let wanted = kind.map_or_else(|| filter.contains_unknown(), |kind| filter.contains(kind));
        if !wanted {
            self.counters.skip();
            return Step::Again;
        }
        if let Some(text) = text {
            self.buffer.clear();
            self.buffer.extend_from_slice(text.as_bytes());
        }
        self.counters.event();
        Step::Yield(Ok(payload::Delivery::Raw { seq, kind }))
    }

    /// Records a dispatch's sequence number; `false` for one already received (a replay).
    fn accept(&mut self, seq: u64) -> bool {
        if self.sequence.is_some_and(|last| seq <= last) {
            tracing::debug!(seq, "dropping a dispatch received before");
            return false;
        }
        tracing::trace!(seq, "dispatch");
        self.sequence = Some(seq);
        if let Some(session) = &mut self.session {
            session.set_sequence(seq);
        }
        true
    }

    fn activate(&mut self, connection: &mut Connection) {
        connection.phase = Phase::Active;
        self.failures = 0;
    }

    fn resumed(&mut self, connection: &mut Connection) {
        if connection.phase == Phase::Resuming {
            self.counters.resume();
            tracing::info!("resumed");
        }
        self.activate(connection);
    }

    fn on_hello(&mut self, connection: &mut Connection, hello: Hello) {
        if connection.heartbeat.is_some() {
            return;
        }
        connection.hello();
        let interval = Duration::from_millis(hello.heartbeat_interval.max(1));
        let (limit, window) = self.config.command_limit();
        connection.heartbeat = Some(Heartbeat::new(interval, crate::random::unit()));
        connection.limiter = Some(CommandLimiter::new(limit, window, interval));
        self.latency = Latency::default();
        if let Some(session) = &self.session {
            let resume = Resume::new(self.config.token().clone(), session.id(), session.sequence());
            connection.queue(GatewayCommand::from(resume).to_json());
            connection.phase = Phase::Resuming;
            tracing::debug!(seq = session.sequence(), "resuming");
        } else {
            if connection.turn.is_none() {
                connection.turn = Some(Exclusive::new(self.config.queue().enqueue(self.id)));
            }
            connection.phase = Phase::Queued;
        }
    }

    fn identify_json(&self) -> String {
        let mut identify = Identify::new(
            self.config.token().clone(),
            self.config.intents(),
            self.config.identify_properties().clone(),
        );
        identify.shard = Some(self.id);
        identify.large_threshold = self.config.large_threshold();
        identify.presence = self.config.presence().cloned();
        GatewayCommand::from(identify).to_json()
    }
}

/// What a close frame from the gateway means.
fn on_close(frame: Option<CloseFrame>) -> Step {
    let code = frame.map_or(1005, |frame| u16::from(frame.code));
    let close = CloseCode::from_value(code);
    if !close.can_reconnect() {
        tracing::error!(code, reason = close.description(), "fatal close code; the shard ends");
        let error = ReceiveError::new(ReceiveErrorKind::FatalClose(close));
        return Step::End(End::new(Next::Stop).error(error));
    }
    let next = if close.can_resume() { Next::Resume } else { Next::Identify };
    tracing::info!(code, reason = close.description(), ?next, "the gateway closed the connection");
    Step::End(End::new(next))
}

/// What comes after a failed read or write.
fn connection_failed(closing: bool, error: tungstenite::Error) -> End {
    if closing {
        return End::new(Next::Stop);
    }
    let end = End::new(Next::Resume);
    match error {
        tungstenite::Error::ConnectionClosed
        | tungstenite::Error::AlreadyClosed
        | tungstenite::Error::Protocol(
            tungstenite::error::ProtocolError::ResetWithoutClosingHandshake,
        ) => {
            tracing::debug!(%error, "connection dropped");
            end
        }
        error => {
            tracing::info!(%error, "connection failed");
            end.error(ReceiveError::with_source(ReceiveErrorKind::Connection, error))
        }
    }
}

impl Drop for Shard {
    /// Saves a session that changed since the last save, when dropped inside a tokio runtime.
    fn drop(&mut self) {
        let Some(save) =
            self.persistence.as_ref().and_then(|p| p.last_save(self.id, self.session.as_ref()))
        else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let span = self.span.clone();
            runtime.spawn(async move {
                if let Err(error) = save.await {
                    tracing::warn!(parent: &span, %error, "could not save the session of a dropped shard");
                }
            });
        }
    }
}

impl Stream for Shard {
    type Item = Result<Event, ReceiveError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_event(cx)
    }
}

#[cfg(test)]
mod tests;
