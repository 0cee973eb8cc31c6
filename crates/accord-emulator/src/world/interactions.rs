//! Interactions: the ones tests start, their tokens and deadlines, and what the app answered —
//! the first response, the original message, followups — with the events each answer causes.
//!
//! Ephemeral messages are kept with their interaction, never in the channel: only the user
//! who interacted sees them, so they make no MESSAGE_CREATE.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use accord_model::component::Component;
use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, InteractionMarker, MessageMarker, UserMarker};
use accord_model::interaction::{
    Interaction, InteractionCallbackType, InteractionResponse, InteractionType,
};
use accord_model::message::{
    Attachment, Embed, InteractionMetadata, Message, MessageFlags, MessageType,
};
use accord_model::util::Timestamp;
use tokio::sync::watch;

use super::{Dispatch, MessageDraft, World, WorldError};
use crate::rest::InteractionFailure;

/// Every interaction started, by id, with a token index, and where they are delivered.
#[derive(Debug, Default)]
pub(crate) struct Interactions {
    by_id: HashMap<Id<InteractionMarker>, InteractionState>,
    by_token: HashMap<String, Id<InteractionMarker>>,
    /// The verified interactions endpoint URL: interactions go there instead of the gateway.
    endpoint: Option<String>,
}

/// One interaction and what became of it.
#[derive(Debug)]
pub(crate) struct InteractionState {
    /// The interaction as dispatched.
    pub(crate) interaction: Interaction,
    pub(crate) token: String,
    pub(crate) created: Instant,
    pub(crate) user_id: Id<UserMarker>,
    pub(crate) channel_id: Id<ChannelMarker>,
    /// The message a component interaction (or a modal opened from one) comes from.
    pub(crate) source: Option<Id<MessageMarker>>,
    /// How the message metadata of answers describes the interaction.
    pub(crate) metadata: InteractionMetadata,
    /// The kind of message answers are.
    pub(crate) message_kind: MessageType,
    pub(crate) response: Option<InteractionResponse>,
    /// The message `@original` names.
    pub(crate) original: Option<Id<MessageMarker>>,
    pub(crate) followups: Vec<Id<MessageMarker>>,
    /// Messages only the user sees.
    pub(crate) ephemeral: BTreeMap<Id<MessageMarker>, Message>,
    /// The status the interactions endpoint answered the interaction's POST with.
    pub(crate) endpoint_status: Option<u16>,
    /// Why the interaction failed; it takes no response any more.
    pub(crate) failure: Option<InteractionFailure>,
    /// Bumped on every change, so waiters wake up.
    progress: watch::Sender<u64>,
}

impl InteractionState {
    fn touch(&self) {
        self.progress.send_modify(|n| *n += 1);
    }

    /// A message of this interaction (the original or a followup), wherever it is kept.
    pub(crate) fn message(&self, world: &World, id: Id<MessageMarker>) -> Option<Message> {
        if let Some(message) = self.ephemeral.get(&id) {
            return Some(message.clone());
        }
        world.channels.get(&self.channel_id)?.messages.get(&id).cloned()
    }
}

/// Which message of an interaction a followup route names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Original,
    Id(Id<MessageMarker>),
}

/// What starting an interaction needs besides the interaction itself.
#[derive(Debug, Clone)]
pub(crate) struct Start {
    pub(crate) user_id: Id<UserMarker>,
    pub(crate) channel_id: Id<ChannelMarker>,
    pub(crate) source: Option<Id<MessageMarker>>,
    pub(crate) metadata: InteractionMetadata,
    pub(crate) message_kind: MessageType,
}

impl Interactions {
    pub(crate) fn get(&self, id: Id<InteractionMarker>) -> Option<&InteractionState> {
        self.by_id.get(&id)
    }

    fn get_mut(&mut self, id: Id<InteractionMarker>) -> Option<&mut InteractionState> {
        self.by_id.get_mut(&id)
    }

    pub(crate) fn by_token(&self, token: &str) -> Option<&InteractionState> {
        self.by_id.get(self.by_token.get(token)?)
    }
}

impl World {
    /// Records an interaction and emits INTERACTION_CREATE, or, when an interactions endpoint
    /// is set, returns its URL for the interaction to be POSTed there instead.
    pub(crate) fn start_interaction(
        &mut self,
        interaction: Interaction,
        start: Start,
    ) -> (watch::Receiver<u64>, Option<String>) {
        let token = interaction.token.expose().to_owned();
        let (progress, receiver) = watch::channel(0);
        let guild_id = interaction.guild_id;
        let id = interaction.id;
        let state = InteractionState {
            interaction: interaction.clone(),
            token: token.clone(),
            created: Instant::now(),
            user_id: start.user_id,
            channel_id: start.channel_id,
            source: start.source,
            metadata: start.metadata,
            message_kind: start.message_kind,
            response: None,
            original: None,
            followups: Vec::new(),
            ephemeral: BTreeMap::new(),
            endpoint_status: None,
            failure: None,
            progress,
        };
        self.extras.interactions.by_token.insert(token, id);
        self.extras.interactions.by_id.insert(id, state);
        let endpoint = self.extras.interactions.endpoint.clone();
        if endpoint.is_none() {
            self.emit(Event::InteractionCreate(Box::new(interaction)), guild_id);
        }
        (receiver, endpoint)
    }

    /// The interactions endpoint URL, when one is set.
    pub(crate) fn interactions_endpoint(&self) -> Option<&str> {
        self.extras.interactions.endpoint.as_deref()
    }

    /// Sets or removes the interactions endpoint URL (verified by the caller).
    pub(crate) fn set_interactions_endpoint(&mut self, url: Option<String>) {
        self.extras.interactions.endpoint = url;
    }

    /// The interaction `id` if it may still take its first response: 10062 for an unknown
    /// interaction, a wrong token, a missed deadline or a failed delivery, 40060 once answered.
    pub(crate) fn answerable(
        &self,
        id: Id<InteractionMarker>,
        token: &str,
        deadline: Duration,
    ) -> Result<&InteractionState, WorldError> {
        let state = self.extras.interactions.get(id).ok_or(WorldError::Code(10062))?;
        if state.token != token || state.failure.is_some() {
            return Err(WorldError::Code(10062));
        }
        if state.response.is_some() {
            return Err(WorldError::Code(40060));
        }
        if state.created.elapsed() > deadline {
            return Err(WorldError::Code(10062));
        }
        Ok(state)
    }

    /// Records the status the interactions endpoint answered with.
    pub(crate) fn record_endpoint_status(&mut self, id: Id<InteractionMarker>, status: u16) {
        if let Some(state) = self.extras.interactions.get_mut(id) {
            state.endpoint_status = Some(status);
            state.touch();
        }
    }

    /// Marks an interaction as failed, unless it was answered after all.
    pub(crate) fn fail_interaction(
        &mut self,
        id: Id<InteractionMarker>,
        failure: InteractionFailure,
    ) {
        if let Some(state) = self.extras.interactions.get_mut(id)
            && state.response.is_none()
        {
            state.failure = Some(failure);
            state.touch();
        }
    }

    /// The first response to an interaction: `draft` is the message a message response
    /// carries, `edit` what an update response changes. Fails as [`World::answerable`] says.
    pub(crate) fn respond_interaction(
        &mut self,
        id: Id<InteractionMarker>,
        token: &str,
        response: InteractionResponse,
        draft: MessageDraft,
        edit: &MessageEdit,
        deadline: Duration,
    ) -> Result<Option<Message>, WorldError> {
        let state = self.answerable(id, token, deadline)?;
        let (channel_id, source) = (state.channel_id, state.source);
        let message = match response.kind {
            InteractionCallbackType::ChannelMessageWithSource => {
                Some(self.post_interaction_message(id, draft, false)?)
            }
            InteractionCallbackType::DeferredChannelMessageWithSource => {
                let ephemeral = draft.flags.unwrap_or_default() & MessageFlags::EPHEMERAL;
                let loading = MessageDraft {
                    flags: Some(MessageFlags::LOADING | ephemeral),
                    ..MessageDraft::default()
                };
                Some(self.post_interaction_message(id, loading, true)?)
            }
            InteractionCallbackType::UpdateMessage => {
                let source = source.ok_or(WorldError::UnknownMessage)?;
                Some(self.edit_message(channel_id, source, |message| apply_edit(message, edit))?)
            }
            _ => None,
        };
        let state = self.extras.interactions.get_mut(id).ok_or(WorldError::Code(10062))?;
        if matches!(
            response.kind,
            InteractionCallbackType::UpdateMessage | InteractionCallbackType::DeferredUpdateMessage
        ) {
            state.original = source;
        }
        state.response = Some(response);
        state.touch();
        Ok(message)
    }

    /// Posts an interaction's answer: the original response, or a followup when it already
    /// has one. Ephemeral answers stay with the interaction.
    fn post_interaction_message(
        &mut self,
        id: Id<InteractionMarker>,
        draft: MessageDraft,
        allow_empty: bool,
    ) -> Result<Message, WorldError> {
        let state = self.extras.interactions.get(id).ok_or(WorldError::Code(10062))?;
        let (channel_id, is_original) = (state.channel_id, state.original.is_none());
        let mut metadata = state.metadata.clone();
        let kind = if is_original { state.message_kind } else { MessageType::Default };
        let original = state.original;
        if let (false, Some(original)) = (is_original, original) {
            set_original_id(&mut metadata, original);
        }
        let ephemeral = draft.flags.unwrap_or_default().contains(MessageFlags::EPHEMERAL);
        let application_id = self.application.id;
        let customize = |message: &mut Message| {
            message.kind = kind;
            message.application_id = Some(application_id);
            message.webhook_id = Some(application_id.cast());
            message.interaction_metadata = Some(Box::new(metadata));
        };
        let message = if ephemeral || (allow_empty && draft_is_empty(&draft)) {
            let mut message = self.build_loose_message(channel_id, draft)?;
            customize(&mut message);
            if !ephemeral {
                self.publish_message(message.clone())?;
            }
            message
        } else {
            self.create_message_with(channel_id, self.bot_id(), draft, customize)?
        };
        let state = self.extras.interactions.get_mut(id).ok_or(WorldError::Code(10062))?;
        if ephemeral {
            state.ephemeral.insert(message.id, message.clone());
        }
        if is_original {
            state.original = Some(message.id);
        } else {
            state.followups.push(message.id);
        }
        state.touch();
        Ok(message)
    }

    /// The interaction behind a live token: 50027 once the token expired or if it never was.
    pub(crate) fn live_interaction(
        &self,
        token: &str,
        lifetime: Duration,
    ) -> Result<&InteractionState, WorldError> {
        let state = self.extras.interactions.by_token(token).ok_or(WorldError::Code(50027))?;
        if state.created.elapsed() > lifetime {
            return Err(WorldError::Code(50027));
        }
        Ok(state)
    }

    /// Creates a followup message: 10015 before the interaction was answered.
    pub(crate) fn create_followup(
        &mut self,
        token: &str,
        draft: MessageDraft,
        lifetime: Duration,
    ) -> Result<Message, WorldError> {
        let state = self.live_interaction(token, lifetime)?;
        let id = state.interaction.id;
        match state.response.as_ref().map(|r| r.kind) {
            None | Some(InteractionCallbackType::ApplicationCommandAutocompleteResult) => {
                return Err(WorldError::Code(10015));
            }
            _ => {}
        }
        // The first followup after a deferred update or a modal becomes the original message.
        let answer_less = state.original.is_none();
        let message = self.post_interaction_message(id, draft, false)?;
        if answer_less {
            tracing::debug!(interaction = %id, "a followup became the original response");
        }
        Ok(message)
    }

    /// The id `which` names for an interaction: 10008 when there is no such message.
    fn interaction_message_id(
        state: &InteractionState,
        which: Which,
    ) -> Result<Id<MessageMarker>, WorldError> {
        match which {
            Which::Original => state.original.ok_or(WorldError::UnknownMessage),
            Which::Id(id) if Some(id) == state.original || state.followups.contains(&id) => Ok(id),
            Which::Id(_) => Err(WorldError::UnknownMessage),
        }
    }

    /// Reads a message of an interaction.
    pub(crate) fn interaction_message(
        &self,
        token: &str,
        which: Which,
        lifetime: Duration,
    ) -> Result<Message, WorldError> {
        let state = self.live_interaction(token, lifetime)?;
        let id = Self::interaction_message_id(state, which)?;
        state.message(self, id).ok_or(WorldError::UnknownMessage)
    }

    /// Edits a message of an interaction: a deferred response stops loading.
    pub(crate) fn edit_interaction_message(
        &mut self,
        token: &str,
        which: Which,
        changes: &MessageEdit,
        lifetime: Duration,
    ) -> Result<Message, WorldError> {
        let state = self.live_interaction(token, lifetime)?;
        let (interaction_id, channel_id) = (state.interaction.id, state.channel_id);
        let id = Self::interaction_message_id(state, which)?;
        let edit = |message: &mut Message| {
            apply_edit(message, changes);
            let flags = message.flags() - MessageFlags::LOADING;
            message.flags = Some(flags);
        };
        let state =
            self.extras.interactions.get_mut(interaction_id).ok_or(WorldError::Code(10062))?;
        let message = if let Some(message) = state.ephemeral.get_mut(&id) {
            edit(message);
            message.edited_timestamp = Some(Timestamp::now());
            message.clone()
        } else {
            self.edit_message(channel_id, id, edit)?
        };
        if let Some(state) = self.extras.interactions.get_mut(interaction_id) {
            state.touch();
        }
        Ok(message)
    }

    /// Deletes a message of an interaction.
    pub(crate) fn delete_interaction_message(
        &mut self,
        token: &str,
        which: Which,
        lifetime: Duration,
    ) -> Result<(), WorldError> {
        let state = self.live_interaction(token, lifetime)?;
        let (interaction_id, channel_id) = (state.interaction.id, state.channel_id);
        let id = Self::interaction_message_id(state, which)?;
        let state =
            self.extras.interactions.get_mut(interaction_id).ok_or(WorldError::Code(10062))?;
        if state.ephemeral.remove(&id).is_none() {
            self.delete_message(channel_id, id)?;
        }
        if let Some(state) = self.extras.interactions.get_mut(interaction_id) {
            state.followups.retain(|f| *f != id);
            if state.original == Some(id) {
                state.original = None;
            }
            state.touch();
        }
        Ok(())
    }

    /// Creates a message as [`World::create_message`] does, then lets `customize` finish it
    /// (webhook id, application, type, metadata) before its MESSAGE_CREATE goes out.
    pub(crate) fn create_message_with(
        &mut self,
        channel_id: Id<ChannelMarker>,
        author_id: Id<UserMarker>,
        draft: MessageDraft,
        customize: impl FnOnce(&mut Message),
    ) -> Result<Message, WorldError> {
        let mut message = self.create_message(channel_id, author_id, draft)?;
        let created_id = message.id;
        customize(&mut message);
        if let Some(state) = self.channels.get_mut(&channel_id) {
            // `customize` may give the message another id (a forum post's is its thread's).
            state.messages.remove(&created_id);
            state.messages.insert(message.id, message.clone());
            state.channel.last_message_id = Some(message.id);
        }
        if let Some(Dispatch { event: Event::MessageCreate(created), .. }) = self.outbox.last_mut()
            && created.id == created_id
        {
            **created = message.clone();
        }
        Ok(message)
    }

    /// A message by the bot that is not stored anywhere yet (ephemeral and deferred answers,
    /// messages of only stickers or a poll).
    pub(crate) fn build_loose_message(
        &mut self,
        channel_id: Id<ChannelMarker>,
        draft: MessageDraft,
    ) -> Result<Message, WorldError> {
        let guild_id = self.channel(channel_id)?.channel.guild_id;
        let id = self.ids.next();
        let mut message = Message::new(
            id,
            channel_id,
            self.application.bot.clone(),
            draft.content,
            Timestamp::now(),
        );
        message.guild_id = guild_id;
        message.embeds = draft.embeds;
        message.components = Some(draft.components);
        message.attachments = draft.attachments;
        message.tts = draft.tts;
        message.flags = Some(draft.flags.unwrap_or_default());
        Ok(message)
    }

    /// Stores a built message in its channel and emits MESSAGE_CREATE.
    pub(crate) fn publish_message(&mut self, message: Message) -> Result<(), WorldError> {
        let guild_id = message.guild_id;
        let state = self.channel_mut(message.channel_id)?;
        state.channel.last_message_id = Some(message.id);
        state.messages.insert(message.id, message.clone());
        self.emit(Event::MessageCreate(Box::new(message)), guild_id);
        Ok(())
    }

    /// The interaction with this id, for the handle.
    pub(crate) fn interaction_state(&self, id: Id<InteractionMarker>) -> Option<&InteractionState> {
        self.extras.interactions.get(id)
    }
}

fn draft_is_empty(draft: &MessageDraft) -> bool {
    draft.content.is_empty()
        && draft.embeds.is_empty()
        && draft.components.is_empty()
        && draft.attachments.is_empty()
}

/// Points a followup's metadata at the original response.
fn set_original_id(metadata: &mut InteractionMetadata, original: Id<MessageMarker>) {
    match metadata {
        InteractionMetadata::ApplicationCommand(m) => {
            m.original_response_message_id = Some(original);
        }
        InteractionMetadata::MessageComponent(m) => {
            m.original_response_message_id = Some(original);
        }
        InteractionMetadata::ModalSubmit(m) => {
            m.original_response_message_id = Some(original);
        }
        _ => {}
    }
}

/// The parts of a message an edit changes; `None` leaves a part as it is.
#[derive(Debug, Clone, Default)]
pub(crate) struct MessageEdit {
    pub(crate) content: Option<String>,
    pub(crate) embeds: Option<Vec<Embed>>,
    pub(crate) components: Option<Vec<Component>>,
    pub(crate) attachments: Option<Vec<Attachment>>,
    pub(crate) flags: Option<MessageFlags>,
}

/// Applies an edit. Of the flags, only SUPPRESS_EMBEDS can be changed.
pub(crate) fn apply_edit(message: &mut Message, edit: &MessageEdit) {
    if let Some(content) = &edit.content {
        message.content.clone_from(content);
    }
    if let Some(embeds) = &edit.embeds {
        message.embeds.clone_from(embeds);
    }
    if let Some(components) = &edit.components {
        message.components = Some(components.clone());
    }
    if let Some(attachments) = &edit.attachments {
        message.attachments.clone_from(attachments);
    }
    if let Some(flags) = edit.flags {
        let kept = message.flags() - MessageFlags::SUPPRESS_EMBEDS;
        message.flags = Some(kept | (flags & MessageFlags::SUPPRESS_EMBEDS));
    }
}

/// Whether an interaction of `kind` may be answered with `callback`.
pub(crate) fn callback_allowed(
    kind: InteractionType,
    callback: InteractionCallbackType,
    from_component: bool,
) -> bool {
    use InteractionCallbackType as C;
    use InteractionType as T;
    match callback {
        C::ChannelMessageWithSource | C::DeferredChannelMessageWithSource => {
            matches!(kind, T::ApplicationCommand | T::MessageComponent | T::ModalSubmit)
        }
        C::DeferredUpdateMessage | C::UpdateMessage => {
            kind == T::MessageComponent || (kind == T::ModalSubmit && from_component)
        }
        C::ApplicationCommandAutocompleteResult => kind == T::ApplicationCommandAutocomplete,
        C::Modal => matches!(kind, T::ApplicationCommand | T::MessageComponent),
        C::Pong => kind == T::Ping,
        _ => false,
    }
}
