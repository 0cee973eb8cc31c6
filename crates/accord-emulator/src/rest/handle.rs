//! What the handle offers on the REST side: acting as a user who runs commands, clicks
//! components and submits modals (and awaiting the app's answers), REST faults, and the route
//! table.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use accord_model::application::command::{Command, CommandOptionChoice, CommandType};
use accord_model::id::Id;
use accord_model::id::marker::{
    ChannelMarker, GenericMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker,
};
use accord_model::interaction::{
    CommandOptionValue, Interaction, InteractionResponse, InteractionResponseData, ModalData,
};
use accord_model::locale::Locale;
use accord_model::message::Message;
use http::StatusCode;
use tokio::sync::watch;

use super::endpoint::InteractionFailure;
use super::invoke;
use crate::handle::EmulatorHandle;
use crate::shared::Shared;

/// One implemented REST route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RestRoute {
    /// `GET`, `POST`...
    pub method: &'static str,
    /// The path template as Discord's OpenAPI description spells it.
    pub template: &'static str,
    /// The operation's id in that description.
    pub operation: &'static str,
}

/// Every REST route the emulator implements, in table order.
pub fn rest_routes() -> impl Iterator<Item = RestRoute> {
    super::route_table().iter().map(|route| RestRoute {
        method: route.method,
        template: route.template,
        operation: route.operation,
    })
}

/// An application command a user runs: a slash command with options, or a user or message
/// context-menu command. The command must have been registered over REST.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CommandCall {
    pub(crate) user_id: Id<UserMarker>,
    pub(crate) channel_id: Id<ChannelMarker>,
    pub(crate) name: String,
    pub(crate) kind: CommandType,
    pub(crate) path: Vec<String>,
    pub(crate) options: Vec<(String, CommandOptionValue)>,
    pub(crate) target: Option<Id<GenericMarker>>,
    pub(crate) focused: Option<String>,
    pub(crate) locale: Locale,
}

impl CommandCall {
    /// `/name` run by `user_id` in `channel_id` (a guild channel, or the user's DM with the
    /// bot).
    pub fn slash(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        name: impl Into<String>,
    ) -> Self {
        Self {
            user_id,
            channel_id,
            name: name.into(),
            kind: CommandType::ChatInput,
            path: Vec::new(),
            options: Vec::new(),
            target: None,
            focused: None,
            locale: Locale::EnglishUs,
        }
    }

    /// A user context-menu command on `target`.
    pub fn user(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        name: impl Into<String>,
        target: Id<UserMarker>,
    ) -> Self {
        Self {
            kind: CommandType::User,
            target: Some(target.cast()),
            ..Self::slash(user_id, channel_id, name)
        }
    }

    /// A message context-menu command on `target`, a message of `channel_id`.
    pub fn message(
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        name: impl Into<String>,
        target: Id<MessageMarker>,
    ) -> Self {
        Self {
            kind: CommandType::Message,
            target: Some(target.cast()),
            ..Self::slash(user_id, channel_id, name)
        }
    }

    /// Descends into a subcommand group or subcommand (call once per level).
    pub fn subcommand(mut self, name: impl Into<String>) -> Self {
        self.path.push(name.into());
        self
    }

    /// An option value; its type comes from the registered command. Ids of users, channels
    /// and roles are passed as ids (`Id<UserMarker>` and so on).
    pub fn option(mut self, name: impl Into<String>, value: impl Into<CommandOptionValue>) -> Self {
        self.options.push((name.into(), value.into()));
        self
    }

    /// For autocomplete: the option being typed (its value is sent as typed text).
    pub fn focus(mut self, name: impl Into<String>) -> Self {
        self.focused = Some(name.into());
        self
    }

    /// The user's client locale (`en-US` by default).
    pub fn locale(mut self, locale: Locale) -> Self {
        self.locale = locale;
        self
    }
}

/// Why the handle could not start an interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InteractionError {
    /// No registered command has this name (and type) where it was run.
    UnknownCommand(String),
    /// The channel does not exist.
    UnknownChannel,
    /// The user does not exist.
    UnknownUser,
    /// The user is not a member of the channel's guild, or the DM is not theirs.
    NotAMember,
    /// The message does not exist in the channel.
    UnknownMessage,
    /// No component of the message has this custom id, or it is not of the kind asked.
    UnknownComponent(String),
    /// The component cannot be used (disabled, or a link).
    ComponentDisabled(String),
    /// The user may not see the channel or use the command there.
    NotPermitted,
    /// An option the command does not have, or a value of the wrong type.
    InvalidOption(String),
    /// A required option was not given.
    MissingOption(String),
    /// The interaction did not answer with a modal.
    NoModal,
    /// A modal field the modal does not have.
    UnknownField(String),
    /// A required modal field was not filled in.
    MissingField(String),
}

impl fmt::Display for InteractionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownCommand(name) => {
                write!(f, "no registered command `{name}` here; register it over REST first")
            }
            Self::UnknownChannel => f.write_str("unknown channel"),
            Self::UnknownUser => f.write_str("unknown user"),
            Self::NotAMember => {
                f.write_str("the user is not a member where the interaction happens")
            }
            Self::UnknownMessage => f.write_str("unknown message"),
            Self::UnknownComponent(id) => {
                write!(f, "the message has no component `{id}` of that kind")
            }
            Self::ComponentDisabled(id) => write!(f, "component `{id}` cannot be used"),
            Self::NotPermitted => f.write_str("the user may not do this here"),
            Self::InvalidOption(name) => write!(f, "invalid option `{name}`"),
            Self::MissingOption(name) => write!(f, "missing required option `{name}`"),
            Self::NoModal => f.write_str("the interaction was not answered with a modal"),
            Self::UnknownField(id) => write!(f, "the modal has no field `{id}`"),
            Self::MissingField(id) => write!(f, "required modal field `{id}` was not filled in"),
        }
    }
}

impl std::error::Error for InteractionError {}

/// What an app answered to an interaction so far.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct InteractionOutcome {
    /// The first response (callback), if any.
    pub response: Option<InteractionResponse>,
    /// The message `@original` names now: the response message, or for updates the message
    /// the component is on. Ephemeral messages are included.
    pub original: Option<Message>,
    /// The followup messages, oldest first.
    pub followups: Vec<Message>,
    /// With an interactions endpoint: the HTTP status it answered the interaction's POST with.
    pub endpoint_status: Option<u16>,
    /// With an interactions endpoint: why the interaction failed (no valid response in time).
    pub failure: Option<InteractionFailure>,
}

/// An interaction started by the handle: its token, the payload sessions received, and ways
/// to await the app's answers. Cheap to clone.
#[derive(Debug, Clone)]
pub struct PendingInteraction {
    pub(crate) shared: Arc<Shared>,
    pub(crate) interaction: Interaction,
    pub(crate) changes: watch::Receiver<u64>,
}

impl PendingInteraction {
    /// The interaction's id.
    pub fn id(&self) -> Id<InteractionMarker> {
        self.interaction.id
    }

    /// The interaction token (for followups).
    pub fn token(&self) -> &str {
        self.interaction.token.expose()
    }

    /// The INTERACTION_CREATE payload as sessions received it.
    pub fn interaction(&self) -> &Interaction {
        &self.interaction
    }

    /// What the app has answered so far.
    pub fn outcome(&self) -> InteractionOutcome {
        self.shared.read(|world| {
            let Some(state) = world.interaction_state(self.interaction.id) else {
                return InteractionOutcome {
                    response: None,
                    original: None,
                    followups: Vec::new(),
                    endpoint_status: None,
                    failure: None,
                };
            };
            InteractionOutcome {
                response: state.response.clone(),
                original: state.original.and_then(|id| state.message(world, id)),
                followups: state
                    .followups
                    .iter()
                    .filter_map(|id| state.message(world, *id))
                    .collect(),
                endpoint_status: state.endpoint_status,
                failure: state.failure.clone(),
            }
        })
    }

    /// Waits until `done` holds for the outcome, for at most `timeout`; `None` on timeout.
    ///
    /// Cancel safe: dropping the future only stops waiting.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        mut done: impl FnMut(&InteractionOutcome) -> bool,
    ) -> Option<InteractionOutcome> {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut changes = self.changes.clone();
        loop {
            let outcome = self.outcome();
            if done(&outcome) {
                return Some(outcome);
            }
            let now = tokio::time::Instant::now();
            if now >= deadline {
                return None;
            }
            // A closed channel means the emulator is gone: check once more after the wait.
            if tokio::time::timeout(deadline - now, changes.changed())
                .await
                .is_ok_and(|r| r.is_err())
            {
                let outcome = self.outcome();
                return done(&outcome).then_some(outcome);
            }
        }
    }

    /// The first response, waiting until the response deadline (`interaction_response`)
    /// passes; `None` when the app did not answer in time (or the delivery to the
    /// interactions endpoint failed).
    pub async fn response(&self) -> Option<InteractionResponse> {
        let deadline = self.shared.config.timings.interaction_response;
        let elapsed = self.shared.read(|world| {
            world.interaction_state(self.interaction.id).map(|state| state.created.elapsed())
        })?;
        let left = deadline.saturating_sub(elapsed) + Duration::from_millis(1);
        let settled =
            |outcome: &InteractionOutcome| outcome.response.is_some() || outcome.failure.is_some();
        self.wait_for(left, settled).await?.response
    }

    /// The choices of the autocomplete response (waits for the response).
    pub async fn autocomplete_choices(&self) -> Option<Vec<CommandOptionChoice>> {
        match self.response().await?.data? {
            InteractionResponseData::Autocomplete(data) => Some(data.choices),
            _ => None,
        }
    }

    /// The modal the app opened (waits for the response).
    pub async fn modal(&self) -> Option<ModalData> {
        match self.response().await?.data? {
            InteractionResponseData::Modal(modal) => Some(modal),
            _ => None,
        }
    }
}

impl EmulatorHandle {
    fn start(
        &self,
        build: impl FnOnce(&mut crate::world::World) -> Result<invoke::Started, InteractionError>,
    ) -> Result<PendingInteraction, InteractionError> {
        let (interaction, changes, endpoint) = self.shared.mutate(|world| {
            let started = build(world)?;
            let interaction = started.interaction.clone();
            let (changes, endpoint) = world.start_interaction(started.interaction, started.start);
            Ok::<_, InteractionError>((interaction, changes, endpoint))
        })?;
        tracing::debug!(id = %interaction.id, kind = ?interaction.kind, "interaction started");
        if let Some(url) = endpoint {
            super::endpoint::deliver(&self.shared, &interaction, url);
        }
        Ok(PendingInteraction { shared: self.shared.clone(), interaction, changes })
    }

    /// Runs an application command as a user: INTERACTION_CREATE goes to the sessions (or,
    /// with an interactions endpoint set, a signed POST to it), and the returned interaction
    /// awaits the app's answers.
    pub fn run_command(&self, call: CommandCall) -> Result<PendingInteraction, InteractionError> {
        self.start(move |world| invoke::command(world, &call, false))
    }

    /// Sends an autocomplete interaction for the option `call` focuses; read the choices with
    /// [`PendingInteraction::autocomplete_choices`].
    pub fn autocomplete(&self, call: CommandCall) -> Result<PendingInteraction, InteractionError> {
        self.start(move |world| invoke::command(world, &call, true))
    }

    /// Clicks the button `custom_id` on a message of the app.
    pub fn click_button(
        &self,
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        custom_id: &str,
    ) -> Result<PendingInteraction, InteractionError> {
        self.start(|world| {
            invoke::component(world, user_id, channel_id, message_id, custom_id, None)
        })
    }

    /// Chooses `values` in the select menu `custom_id` on a message of the app (for user,
    /// role, channel and mentionable selects, the values are ids).
    pub fn select(
        &self,
        user_id: Id<UserMarker>,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        custom_id: &str,
        values: &[&str],
    ) -> Result<PendingInteraction, InteractionError> {
        self.start(|world| {
            invoke::component(world, user_id, channel_id, message_id, custom_id, Some(values))
        })
    }

    /// Submits the modal that `opened` was answered with, with a value for each text input
    /// by custom id.
    pub fn submit_modal(
        &self,
        opened: &PendingInteraction,
        values: &[(&str, &str)],
    ) -> Result<PendingInteraction, InteractionError> {
        self.start(|world| invoke::modal(world, opened.interaction.id, values))
    }

    /// The commands registered over REST: global ones (`None`) or a guild's.
    pub fn commands(&self, guild_id: Option<Id<GuildMarker>>) -> Vec<Command> {
        self.shared.read(|world| world.commands(guild_id).to_vec())
    }

    /// Fails the next `count` REST requests with `status` (500, 502, 503...), before routing.
    pub fn fail_rest_requests(&self, count: u32, status: u16) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        self.shared.rest.push_faults(count, status);
    }

    /// Makes the next `count` requests to the bucket of a route (`"POST"`,
    /// `"/channels/{channel_id}/messages"`) answer 429 with `X-RateLimit-Scope: shared`.
    /// Returns `false` when no such route is implemented.
    pub fn rate_limit_shared(
        &self,
        method: &str,
        template: &str,
        count: u32,
        retry_after: Duration,
    ) -> bool {
        let wanted = super::ratelimit::normalize(template);
        let route = super::route_table().iter().find(|r| {
            r.method.eq_ignore_ascii_case(method)
                && super::ratelimit::normalize(r.template) == wanted
        });
        match route {
            Some(route) => {
                self.shared.rest.limiter_fault(route, count, retry_after);
                true
            }
            None => false,
        }
    }

    /// How many requests reached an operation, by its OpenAPI id (`create_message`).
    pub fn rest_requests_to(&self, operation: &str) -> u64 {
        self.shared.rest.requests_to(operation)
    }
}
