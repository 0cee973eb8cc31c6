//! What triggered a command (a message or an interaction) and how to answer it: the reply
//! methods know which of the two they answer, and whether the interaction was already
//! acknowledged or deferred.

use std::pin::pin;
use std::sync::Mutex;

use accord_http::Client;
use accord_interactions::Responder;
use accord_model::application::command::CommandOptionChoice;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker};
use accord_model::interaction::{
    Interaction, InteractionData, InteractionResponse, InteractionType, ModalData, Resolved,
};
use accord_model::message::{Message, MessageReference};
use accord_model::user::User;
use tokio::sync::Notify;

use crate::http_interactions::acknowledgement;
use crate::reply::{Place, Reply, ReplyHandle};

/// The event a command answers.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Source {
    /// A message (prefix commands).
    Message(Box<Message>),
    /// An interaction (slash and context-menu commands, components, modals, autocomplete).
    Interaction(Box<Interaction>),
}

/// How an interaction was acknowledged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Acknowledgement {
    /// With a message.
    Message,
    /// With a "thinking" state; the first message edits it.
    DeferredMessage,
    /// With a "thinking" state already replaced by a message.
    DeferredAndEdited,
    /// With an edit of the component's message.
    Update,
    /// Without a visible change; messages are followups.
    DeferredUpdate,
    /// With a modal.
    Modal,
    /// With autocomplete choices.
    Autocomplete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Fresh,
    /// A first response is on its way; others wait for it.
    Sending,
    Acknowledged(Acknowledgement),
}

/// What the first response of an interaction should be, decided under the state lock.
enum Step {
    Initial,
    EditOriginal,
    Followup,
}

/// A message or an interaction to answer, with an HTTP client: the reply half of a command's
/// context, usable without the rest of the framework.
///
/// For an interaction, the first reply is the interaction's response; after
/// [`defer`](Self::defer) the first reply edits the deferred response; later replies are
/// followups. Concurrent replies are ordered: one sends the response, the others wait for it.
/// For a message, replies are messages in its channel.
#[derive(Debug)]
pub struct Invocation {
    http: Client,
    application_id: Id<ApplicationMarker>,
    source: Source,
    author: User,
    channel_id: Id<ChannelMarker>,
    ephemeral: bool,
    state: Mutex<State>,
    changed: Notify,
    /// For an interaction that came over HTTP: where its first response goes.
    pub(crate) responder: Mutex<Option<Responder>>,
}

impl Invocation {
    /// An invocation answering a message.
    pub fn from_message(
        http: Client,
        application_id: Id<ApplicationMarker>,
        message: Message,
    ) -> Self {
        Self {
            http,
            application_id,
            author: message.author.clone(),
            channel_id: message.channel_id,
            source: Source::Message(Box::new(message)),
            ephemeral: false,
            state: Mutex::new(State::Fresh),
            changed: Notify::new(),
            responder: Mutex::new(None),
        }
    }

    /// An invocation answering an interaction; `None` for one without a user or a channel
    /// (a PING).
    pub fn from_interaction(
        http: Client,
        application_id: Id<ApplicationMarker>,
        interaction: Interaction,
    ) -> Option<Self> {
        let author = interaction.author()?.clone();
        let channel_id = interaction.channel_id.or(interaction.channel.as_ref().map(|c| c.id))?;
        Some(Self {
            http,
            application_id,
            author,
            channel_id,
            source: Source::Interaction(Box::new(interaction)),
            ephemeral: false,
            state: Mutex::new(State::Fresh),
            changed: Notify::new(),
            responder: Mutex::new(None),
        })
    }

    /// Makes replies (and deferrals) ephemeral unless a reply says otherwise.
    #[must_use]
    pub const fn ephemeral_by_default(mut self, ephemeral: bool) -> Self {
        self.ephemeral = ephemeral;
        self
    }

    /// For an interaction received over HTTP (`accord-interactions`): its first response
    /// becomes the HTTP answer through `responder` instead of a callback request.
    #[must_use]
    pub fn with_responder(self, responder: Option<Responder>) -> Self {
        *self.responder.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = responder;
        self
    }

    /// The HTTP client.
    pub const fn http(&self) -> &Client {
        &self.http
    }

    /// The application's id.
    pub const fn application_id(&self) -> Id<ApplicationMarker> {
        self.application_id
    }

    /// The message or interaction.
    pub const fn source(&self) -> &Source {
        &self.source
    }

    /// The message, for prefix commands.
    pub fn message(&self) -> Option<&Message> {
        match &self.source {
            Source::Message(message) => Some(message),
            Source::Interaction(_) => None,
        }
    }

    /// The interaction, for everything but prefix commands.
    pub fn interaction(&self) -> Option<&Interaction> {
        match &self.source {
            Source::Interaction(interaction) => Some(interaction),
            Source::Message(_) => None,
        }
    }

    /// The user who used the command.
    pub const fn author(&self) -> &User {
        &self.author
    }

    /// The channel it was used in.
    pub const fn channel_id(&self) -> Id<ChannelMarker> {
        self.channel_id
    }

    /// The guild it was used in; `None` in direct messages.
    pub fn guild_id(&self) -> Option<Id<GuildMarker>> {
        match &self.source {
            Source::Message(message) => message.guild_id,
            Source::Interaction(interaction) => interaction.guild_id,
        }
    }

    /// The users, members, channels, roles, messages and attachments the interaction refers
    /// to.
    pub fn resolved(&self) -> Option<&Resolved> {
        match &self.interaction()?.data {
            Some(InteractionData::ApplicationCommand(data)) => data.resolved.as_deref(),
            Some(InteractionData::MessageComponent(data)) => data.resolved.as_deref(),
            Some(InteractionData::ModalSubmit(data)) => data.resolved.as_deref(),
            _ => None,
        }
    }

    /// Whether replies are ephemeral unless they say otherwise.
    pub const fn is_ephemeral_by_default(&self) -> bool {
        self.ephemeral
    }

    /// How the interaction was acknowledged so far; `None` when it was not (or for messages).
    pub fn acknowledgement(&self) -> Option<Acknowledgement> {
        match *self.lock() {
            State::Acknowledged(ack) => Some(ack),
            _ => None,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set(&self, state: State) {
        *self.lock() = state;
        self.changed.notify_waiters();
    }

    /// Claims the first response when the interaction is fresh and `claim` accepts its state;
    /// waits while another response is being sent. Returns the state found.
    async fn claim(&self, claim: impl Fn(State) -> bool) -> State {
        loop {
            let mut notified = pin!(self.changed.notified());
            notified.as_mut().enable();
            {
                let mut state = self.lock();
                match *state {
                    State::Sending => {}
                    found => {
                        if claim(found) {
                            *state = State::Sending;
                        }
                        return found;
                    }
                }
            }
            notified.await;
        }
    }

    /// Sends a reply: a message in the channel, or the interaction's response, its deferred
    /// response's content, or a followup.
    pub async fn send(&self, reply: impl Into<Reply>) -> Result<ReplyHandle, accord_http::Error> {
        self.send_inner(reply.into(), false).await
    }

    /// Sends text.
    pub async fn say(&self, content: impl Into<String>) -> Result<ReplyHandle, accord_http::Error> {
        self.send(Reply::new().content(content)).await
    }

    /// Sends text as a reply to the command's message (for interactions, the same as
    /// [`say`](Self::say)).
    pub async fn reply(
        &self,
        content: impl Into<String>,
    ) -> Result<ReplyHandle, accord_http::Error> {
        self.send_inner(Reply::new().content(content), true).await
    }

    async fn send_inner(
        &self,
        reply: Reply,
        reference: bool,
    ) -> Result<ReplyHandle, accord_http::Error> {
        let interaction = match &self.source {
            Source::Message(message) => {
                return self.send_to_channel(message, &reply, reference).await;
            }
            Source::Interaction(interaction) => interaction,
        };
        let found = self
            .claim(|state| {
                matches!(
                    state,
                    State::Fresh | State::Acknowledged(Acknowledgement::DeferredMessage)
                )
            })
            .await;
        let step = match found {
            State::Fresh => Step::Initial,
            State::Acknowledged(Acknowledgement::DeferredMessage) => Step::EditOriginal,
            State::Acknowledged(_) | State::Sending => Step::Followup,
        };
        let token = &interaction.token;
        let client = self.http.interaction(self.application_id);
        match step {
            Step::Initial => {
                let response = InteractionResponse::message(reply.to_callback_data(self.ephemeral));
                let sent = self.initial_response(interaction, &response).await;
                self.set(match &sent {
                    Ok(initial) => State::Acknowledged(acknowledgement(
                        Acknowledgement::Message,
                        *initial,
                        interaction.kind,
                    )),
                    Err(_) => found,
                });
                sent?;
                Ok(ReplyHandle::new(
                    self.http.clone(),
                    self.application_id,
                    Place::Original(token.clone()),
                    None,
                ))
            }
            Step::EditOriginal => {
                let handle = ReplyHandle::new(
                    self.http.clone(),
                    self.application_id,
                    Place::Original(token.clone()),
                    None,
                );
                let edited = handle.edit(reply).await;
                self.set(if edited.is_ok() {
                    State::Acknowledged(Acknowledgement::DeferredAndEdited)
                } else {
                    found
                });
                let message = edited?;
                Ok(ReplyHandle::new(
                    self.http.clone(),
                    self.application_id,
                    Place::Original(token.clone()),
                    Some(message),
                ))
            }
            Step::Followup => {
                let flags = reply.flags(self.ephemeral);
                let mut request = client.create_followup(token);
                if let Some(content) = &reply.content {
                    request = request.content(content);
                }
                if !reply.embeds.is_empty() {
                    request = request.embeds(&reply.embeds);
                }
                if let Some(components) = &reply.components {
                    request = request.components(components);
                }
                if let Some(mentions) = &reply.allowed_mentions {
                    request = request.allowed_mentions(mentions);
                }
                if let Some(flags) = flags {
                    request = request.flags(flags);
                }
                let message = request.await?.model().await?;
                let id = message.as_ref().map(|m| m.id);
                let place = match id {
                    Some(id) => Place::Followup(token.clone(), id),
                    None => Place::Original(token.clone()),
                };
                Ok(ReplyHandle::new(self.http.clone(), self.application_id, place, message))
            }
        }
    }

    async fn send_to_channel(
        &self,
        message: &Message,
        reply: &Reply,
        reference: bool,
    ) -> Result<ReplyHandle, accord_http::Error> {
        let reference_to = MessageReference::reply(message.id);
        let mut request = self.http.create_message(message.channel_id);
        if let Some(content) = &reply.content {
            request = request.content(content);
        }
        if !reply.embeds.is_empty() {
            request = request.embeds(&reply.embeds);
        }
        if let Some(components) = &reply.components {
            request = request.components(components);
        }
        if let Some(mentions) = &reply.allowed_mentions {
            request = request.allowed_mentions(mentions);
        }
        if reference {
            request = request.message_reference(&reference_to);
        }
        let sent = request.await?.model().await?;
        let place = Place::Channel(sent.channel_id, sent.id);
        Ok(ReplyHandle::new(self.http.clone(), self.application_id, place, Some(sent)))
    }

    /// Sends a first response other than a message, if the interaction is still fresh.
    /// Returns whether it was sent.
    async fn respond_once(
        &self,
        response: &InteractionResponse,
        intended: Acknowledgement,
    ) -> Result<bool, accord_http::Error> {
        let Some(interaction) = self.interaction() else { return Ok(false) };
        let found = self.claim(|state| state == State::Fresh).await;
        if found != State::Fresh {
            return Ok(false);
        }
        let sent = self.initial_response(interaction, response).await;
        self.set(match &sent {
            Ok(initial) => {
                State::Acknowledged(acknowledgement(intended, *initial, interaction.kind))
            }
            Err(_) => State::Fresh,
        });
        sent.map(|_| true)
    }

    /// Acknowledges an interaction now and answers later: a "thinking…" state whose content
    /// the next reply sets (ephemeral when replies are by default). For a message, shows the
    /// typing indicator. Returns whether anything was sent: an interaction already
    /// acknowledged is left alone.
    pub async fn defer(&self) -> Result<bool, accord_http::Error> {
        if let Source::Message(message) = &self.source {
            self.http.trigger_typing_indicator(message.channel_id).await?;
            return Ok(true);
        }
        let response = if self.ephemeral {
            InteractionResponse::deferred_ephemeral()
        } else {
            InteractionResponse::deferred()
        };
        self.respond_once(&response, Acknowledgement::DeferredMessage).await
    }

    /// For components: acknowledges without a visible change; later replies are followups and
    /// [`update`](Self::update) edits the component's message.
    pub async fn defer_update(&self) -> Result<bool, accord_http::Error> {
        self.respond_once(&InteractionResponse::deferred_update(), Acknowledgement::DeferredUpdate)
            .await
    }

    /// What the framework does for a handler that has not answered in time: defers a
    /// command or modal submission, and defers the update of a component interaction.
    /// Does nothing for an interaction already acknowledged, an autocomplete or a message.
    pub async fn acknowledge_if_unanswered(&self) -> Result<bool, accord_http::Error> {
        match self.interaction().map(|interaction| interaction.kind) {
            Some(InteractionType::ApplicationCommand | InteractionType::ModalSubmit) => {
                self.defer().await
            }
            Some(InteractionType::MessageComponent) => self.defer_update().await,
            _ => Ok(false),
        }
    }

    /// For components: edits the message the component is on (the response when fresh, the
    /// message otherwise).
    pub async fn update(&self, reply: impl Into<Reply>) -> Result<(), accord_http::Error> {
        let reply = reply.into();
        let Some(interaction) = self.interaction() else {
            return Ok(());
        };
        let found = self.claim(|state| state == State::Fresh).await;
        if found == State::Fresh {
            let mut data = reply.to_callback_data(false);
            data.flags = None;
            let response = InteractionResponse::update(data);
            let sent = self.initial_response(interaction, &response).await;
            self.set(match &sent {
                Ok(initial) => State::Acknowledged(acknowledgement(
                    Acknowledgement::Update,
                    *initial,
                    interaction.kind,
                )),
                Err(_) => State::Fresh,
            });
            return sent.map(|_| ());
        }
        let place = match (found, &interaction.message) {
            (State::Acknowledged(Acknowledgement::Update | Acknowledgement::DeferredUpdate), _) => {
                Place::Original(interaction.token.clone())
            }
            (_, Some(message)) => Place::Channel(message.channel_id, message.id),
            (_, None) => Place::Original(interaction.token.clone()),
        };
        ReplyHandle::new(self.http.clone(), self.application_id, place, None)
            .edit(reply)
            .await
            .map(|_| ())
    }

    /// Opens a modal, the first response to a command or component interaction. Returns
    /// whether it was sent (`false` when the interaction was already acknowledged).
    pub async fn open_modal(&self, modal: ModalData) -> Result<bool, accord_http::Error> {
        let response = InteractionResponse::modal(modal.custom_id, modal.title, modal.components);
        self.respond_once(&response, Acknowledgement::Modal).await
    }

    /// Answers an autocomplete interaction with up to 25 choices.
    pub async fn autocomplete(
        &self,
        mut choices: Vec<CommandOptionChoice>,
    ) -> Result<bool, accord_http::Error> {
        choices.truncate(25);
        self.respond_once(
            &InteractionResponse::autocomplete(choices),
            Acknowledgement::Autocomplete,
        )
        .await
    }
}

#[cfg(test)]
impl Invocation {
    /// An invocation of a DM message, with a client that points nowhere: for tests of code
    /// that reads arguments without sending anything.
    pub(crate) fn detached() -> Self {
        use accord_model::util::Timestamp;
        let author = User::new(Id::new(2), "tester");
        let message = Message::new(Id::new(3), Id::new(4), author, "", Timestamp::from_secs(0));
        let http = Client::builder().base_url("http://127.0.0.1:9/api/v10").build();
        Self::from_message(http, Id::new(1), message)
    }
}
