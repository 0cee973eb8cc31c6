//! The first response to an interaction: the HTTP body in time, a REST call after a deferral.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

use accord_model::id::Id;
use accord_model::id::marker::ApplicationMarker;
use accord_model::interaction::{
    InteractionCallbackData, InteractionCallbackType, InteractionResponse, InteractionResponseData,
    InteractionType,
};
use accord_model::message::MessageFlags;
use accord_model::util::Secret;
use tokio::sync::oneshot;

use crate::error::{BoxError, Error, ErrorKind};

/// A boxed, `Send` future, as the object-safe traits of this crate return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends the responses that missed the HTTP deadline, after the service answered with a
/// deferral, through Discord's webhook endpoints. They take the interaction token, no bot
/// token.
///
/// `accord-framework` implements it with `accord-http`; with the `client` feature this crate
/// has [`HyperRestResponder`](crate::HyperRestResponder).
pub trait RestResponder: Send + Sync + 'static {
    /// `PATCH /webhooks/{application_id}/{token}/messages/@original`: the deferred response
    /// becomes this message (after a command), or the component's message becomes it (after a
    /// deferred update).
    fn edit_original<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>>;

    /// `POST /webhooks/{application_id}/{token}`: a new message, for a component that
    /// answered with a message after its update was deferred.
    fn create_followup<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>>;
}

/// How a response reached Discord.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// In time: it is the body of the HTTP response.
    HttpBody,
    /// Late: the service had deferred, and the response edited the original message.
    EditedOriginal,
    /// Late, after a deferred update of a component: the message went out as a follow-up.
    Followup,
    /// Late, and itself a deferral: the service's deferral already did the same.
    AlreadyDeferred,
}

/// The one-time right to answer an interaction, handed to the application with it.
///
/// Until the deadline, [`respond`](Self::respond) makes the response the HTTP body. After the
/// deadline the service has answered with a deferral (type 5 for commands, 6 for components
/// and modals, an empty choice list for autocomplete), and `respond` carries the response as
/// a REST call instead. Dropping it unanswered makes the service answer 500.
#[derive(Debug)]
pub struct Responder {
    shared: Arc<Shared>,
}

/// What the service and the responder share.
pub(crate) struct Shared {
    slot: Mutex<Slot>,
    kind: InteractionType,
    application_id: Option<Id<ApplicationMarker>>,
    token: Secret,
    rest: Option<Arc<dyn RestResponder>>,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("kind", &self.kind)
            .field("application_id", &self.application_id)
            .finish_non_exhaustive()
    }
}

/// Where the first response stands.
enum Slot {
    /// The HTTP request waits for it.
    Waiting(oneshot::Sender<InteractionResponse>),
    /// The service answered with this deferral.
    Deferred(InteractionCallbackType),
    /// The response was given.
    Answered,
}

impl Responder {
    /// A responder and the receiver the service awaits.
    pub(crate) fn new(
        kind: InteractionType,
        application_id: Option<Id<ApplicationMarker>>,
        token: Secret,
        rest: Option<Arc<dyn RestResponder>>,
    ) -> (Self, Arc<Shared>, oneshot::Receiver<InteractionResponse>) {
        let (sender, receiver) = oneshot::channel();
        let shared = Arc::new(Shared {
            slot: Mutex::new(Slot::Waiting(sender)),
            kind,
            application_id,
            token,
            rest,
        });
        (Self { shared: Arc::clone(&shared) }, shared, receiver)
    }

    /// The kind of interaction this answers.
    pub fn interaction_kind(&self) -> InteractionType {
        self.shared.kind
    }

    /// Whether the deadline passed and the service answered with a deferral.
    pub fn is_deferred(&self) -> bool {
        matches!(*self.shared.lock(), Slot::Deferred(_))
    }

    /// Gives the first response.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ConnectionClosed`] when Discord hung up before the response;
    /// [`ErrorKind::ResponseExpired`] for a late autocomplete result or modal;
    /// [`ErrorKind::Rest`] when the late REST call failed.
    ///
    /// Cancel safety: before the deadline it completes at once; after it, dropping the future
    /// may drop the REST call.
    pub async fn respond(self, response: InteractionResponse) -> Result<Delivery, Error> {
        let previous = std::mem::replace(&mut *self.shared.lock(), Slot::Answered);
        match previous {
            Slot::Waiting(sender) => sender
                .send(response)
                .map(|()| Delivery::HttpBody)
                .map_err(|_| Error::new(ErrorKind::ConnectionClosed, None)),
            Slot::Deferred(deferral) => self.shared.send_late(deferral, response).await,
            Slot::Answered => {
                Err(Error::with_message(ErrorKind::ResponseExpired, "already answered"))
            }
        }
    }
}

impl Drop for Responder {
    /// Unanswered, it releases the waiting request (which answers 500).
    fn drop(&mut self) {
        let mut slot = self.shared.lock();
        if matches!(*slot, Slot::Waiting(_)) {
            *slot = Slot::Answered;
        }
    }
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The service's side at the deadline: takes over with a deferral unless the response
    /// came first. Returns the deferral it answered with.
    pub(crate) fn defer(&self) -> Option<InteractionResponse> {
        let mut slot = self.lock();
        if !matches!(*slot, Slot::Waiting(_)) {
            return None;
        }
        let deferral = deferral_for(self.kind);
        *slot = Slot::Deferred(deferral.kind);
        Some(deferral)
    }

    async fn send_late(
        &self,
        deferral: InteractionCallbackType,
        response: InteractionResponse,
    ) -> Result<Delivery, Error> {
        let (late, delivery) = match late_action(deferral, response) {
            LateAction::Nothing => return Ok(Delivery::AlreadyDeferred),
            LateAction::Expired(kind) => {
                return Err(Error::with_message(
                    ErrorKind::ResponseExpired,
                    format!("a response of type {} after a deferral", u8::from(kind)),
                ));
            }
            LateAction::EditOriginal(data) => (Late::Edit(data), Delivery::EditedOriginal),
            LateAction::Followup(data) => (Late::Followup(data), Delivery::Followup),
        };
        let Some(rest) = &self.rest else {
            return Err(Error::with_message(ErrorKind::Rest, "no RestResponder is configured"));
        };
        let Some(application_id) = self.application_id else {
            return Err(Error::with_message(
                ErrorKind::Rest,
                "the interaction has no application_id",
            ));
        };
        let sent = match late {
            Late::Edit(data) => rest.edit_original(application_id, &self.token, data).await,
            Late::Followup(data) => rest.create_followup(application_id, &self.token, data).await,
        };
        sent.map(|()| delivery).map_err(|error| Error::new(ErrorKind::Rest, Some(error)))
    }
}

/// The REST call a late response becomes.
enum Late {
    Edit(InteractionCallbackData),
    Followup(InteractionCallbackData),
}

/// The deferral the service answers with at the deadline for an interaction of `kind`: type 5
/// for commands, type 6 for components and modals, no choices for autocomplete.
pub fn deferral_for(kind: InteractionType) -> InteractionResponse {
    match kind {
        InteractionType::MessageComponent | InteractionType::ModalSubmit => {
            InteractionResponse::deferred_update()
        }
        // Autocomplete cannot be deferred: no suggestions is the honest answer.
        InteractionType::ApplicationCommandAutocomplete => {
            InteractionResponse::autocomplete(Vec::new())
        }
        // Commands, and kinds this version does not know: the generic deferral.
        _ => InteractionResponse::deferred(),
    }
}

/// What to do with a response that came after the service's deferral.
#[derive(Debug, PartialEq)]
enum LateAction {
    Nothing,
    EditOriginal(InteractionCallbackData),
    Followup(InteractionCallbackData),
    Expired(InteractionCallbackType),
}

fn late_action(deferral: InteractionCallbackType, response: InteractionResponse) -> LateAction {
    let kind = response.kind;
    let data = match response.data {
        None => InteractionCallbackData::default(),
        Some(InteractionResponseData::Message(data)) => *data,
        Some(_) => return LateAction::Expired(kind),
    };
    match (deferral, kind) {
        (InteractionCallbackType::ApplicationCommandAutocompleteResult, _) => {
            LateAction::Expired(kind)
        }
        (
            _,
            InteractionCallbackType::DeferredChannelMessageWithSource
            | InteractionCallbackType::DeferredUpdateMessage,
        ) => LateAction::Nothing,
        (
            InteractionCallbackType::DeferredUpdateMessage,
            InteractionCallbackType::ChannelMessageWithSource,
        ) => LateAction::Followup(data),
        (
            _,
            InteractionCallbackType::ChannelMessageWithSource
            | InteractionCallbackType::UpdateMessage,
        ) => LateAction::EditOriginal(without_ephemeral(data)),
        // PONG, autocomplete results, modals, activities and unknown kinds are only valid as
        // the first response.
        _ => LateAction::Expired(kind),
    }
}

/// An edit cannot make a message ephemeral: the deferral decided that.
fn without_ephemeral(mut data: InteractionCallbackData) -> InteractionCallbackData {
    if let Some(flags) = data.flags {
        if flags.contains(MessageFlags::EPHEMERAL) {
            tracing::warn!(
                "an ephemeral response missed the deadline: it edits the public deferral"
            );
        }
        data.flags = Some(flags - MessageFlags::EPHEMERAL).filter(|flags| !flags.is_empty());
    }
    data
}

#[cfg(test)]
mod tests {
    use accord_model::application::command::CommandOptionChoice;

    use super::*;

    fn message(text: &str) -> InteractionCallbackData {
        InteractionCallbackData::content(text)
    }

    #[test]
    fn deferrals_match_the_interaction() {
        let kind = |kind| deferral_for(kind).kind;
        assert_eq!(
            kind(InteractionType::ApplicationCommand),
            InteractionCallbackType::DeferredChannelMessageWithSource
        );
        assert_eq!(
            kind(InteractionType::MessageComponent),
            InteractionCallbackType::DeferredUpdateMessage
        );
        assert_eq!(
            kind(InteractionType::ModalSubmit),
            InteractionCallbackType::DeferredUpdateMessage
        );
        assert_eq!(
            kind(InteractionType::ApplicationCommandAutocomplete),
            InteractionCallbackType::ApplicationCommandAutocompleteResult
        );
    }

    #[test]
    fn late_responses_become_the_right_rest_call() {
        let command = InteractionCallbackType::DeferredChannelMessageWithSource;
        let component = InteractionCallbackType::DeferredUpdateMessage;
        let autocomplete = InteractionCallbackType::ApplicationCommandAutocompleteResult;
        assert_eq!(
            late_action(command, InteractionResponse::message(message("hi"))),
            LateAction::EditOriginal(message("hi"))
        );
        assert_eq!(
            late_action(component, InteractionResponse::update(message("edited"))),
            LateAction::EditOriginal(message("edited"))
        );
        assert_eq!(
            late_action(component, InteractionResponse::message(message("new"))),
            LateAction::Followup(message("new"))
        );
        assert_eq!(late_action(command, InteractionResponse::deferred()), LateAction::Nothing);
        assert_eq!(
            late_action(component, InteractionResponse::deferred_update()),
            LateAction::Nothing
        );
        let modal = InteractionResponse::modal("id", "title", Vec::new());
        assert_eq!(
            late_action(command, modal),
            LateAction::Expired(InteractionCallbackType::Modal)
        );
        let choices = InteractionResponse::autocomplete(vec![CommandOptionChoice::new("a", "a")]);
        assert!(matches!(late_action(autocomplete, choices), LateAction::Expired(_)));
        assert!(matches!(
            late_action(autocomplete, InteractionResponse::message(message("x"))),
            LateAction::Expired(_)
        ));
    }

    #[test]
    fn a_late_ephemeral_message_loses_only_the_ephemeral_flag() {
        let mut data = message("secret");
        data.flags = Some(MessageFlags::EPHEMERAL | MessageFlags::SUPPRESS_EMBEDS);
        let LateAction::EditOriginal(edit) = late_action(
            InteractionCallbackType::DeferredChannelMessageWithSource,
            InteractionResponse::message(data),
        ) else {
            panic!("an edit");
        };
        assert_eq!(edit.flags, Some(MessageFlags::SUPPRESS_EMBEDS));
    }

    #[tokio::test]
    async fn the_first_response_goes_to_the_waiting_request() {
        let (responder, shared, receiver) =
            Responder::new(InteractionType::ApplicationCommand, None, Secret::new("t"), None);
        assert!(!responder.is_deferred());
        let delivery = responder.respond(InteractionResponse::message(message("hi"))).await;
        assert_eq!(delivery.unwrap(), Delivery::HttpBody);
        assert_eq!(receiver.await.unwrap(), InteractionResponse::message(message("hi")));
        assert!(shared.defer().is_none(), "nothing to defer once answered");
    }

    #[tokio::test]
    async fn a_closed_request_is_an_error_and_a_late_one_needs_a_rest_responder() {
        let (responder, _shared, receiver) =
            Responder::new(InteractionType::ApplicationCommand, None, Secret::new("t"), None);
        drop(receiver);
        let error = responder.respond(InteractionResponse::deferred()).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::ConnectionClosed);

        let (responder, shared, _receiver) = Responder::new(
            InteractionType::ApplicationCommand,
            Some(Id::new(1)),
            Secret::new("t"),
            None,
        );
        assert_eq!(
            shared.defer().map(|deferral| deferral.kind),
            Some(InteractionCallbackType::DeferredChannelMessageWithSource)
        );
        assert!(responder.is_deferred());
        let error =
            responder.respond(InteractionResponse::message(message("late"))).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Rest);
    }
}
