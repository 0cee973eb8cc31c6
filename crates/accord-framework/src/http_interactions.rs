//! Interactions from an HTTP endpoint: the framework behind an `accord-interactions` service,
//! the first response in the HTTP body, late responses through `accord-http`.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use accord_http::Client;
use accord_interactions::{
    BoxError, BoxFuture, Delivery, InteractionService, Responder, RestResponder, ServiceBuilder,
    Verifier,
};
use accord_model::gateway::Event;
use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, InteractionMarker};
use accord_model::interaction::{
    Interaction, InteractionCallbackData, InteractionResponse, InteractionType,
};
use accord_model::util::Secret;

use crate::cache::CacheState;
use crate::framework::Framework;
use crate::invocation::{Acknowledgement, Invocation};

/// How long the responder of a component or modal interaction that a waiter took is kept for
/// the waiting command to pick up. Past it the HTTP request has long been answered (the
/// service's deadline is shorter), so only a late REST delivery would be lost.
const WAITER_GRACE: Duration = Duration::from_secs(10);

/// The responders of interactions that came over HTTP, until the invocation that answers
/// each one takes it (or the interaction turns out to need no answer).
#[derive(Debug, Default)]
pub(crate) struct Responders(Mutex<HashMap<Id<InteractionMarker>, Responder>>);

impl Responders {
    fn insert(&self, id: Id<InteractionMarker>, responder: Responder) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).insert(id, responder);
    }

    /// Takes the responder of interaction `id`, if it came over HTTP and none took it yet.
    pub(crate) fn take(&self, id: Id<InteractionMarker>) -> Option<Responder> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).remove(&id)
    }
}

impl<D: Send + Sync + 'static, C: CacheState> Framework<D, C> {
    /// The service for Discord's interactions endpoint (see `accord-interactions`), running
    /// this framework's commands, components, modals and autocomplete exactly as for gateway
    /// events. The first response is the HTTP body, with no callback request; the automatic
    /// deferral still applies, and a response after the service's own deadline goes out with
    /// this framework's REST client. Set the path, limits or deadline on the builder returned.
    pub fn interaction_service(&self, verifier: Verifier) -> ServiceBuilder {
        let framework = self.clone();
        let handler = move |interaction: Interaction, responder: Responder| {
            let framework = framework.clone();
            async move { framework.handle_interaction(interaction, responder).await }
        };
        InteractionService::builder(verifier, handler)
            .rest_responder(HttpRestResponder::new(self.http().clone()))
    }

    /// Handles an interaction received over HTTP with its responder: the same as
    /// [`handle`](Self::handle) with an `INTERACTION_CREATE` event, except that the first
    /// response goes to `responder`. Completes when the work it started is done.
    ///
    /// Cancel safety: dropping the future leaves the started command running, but may drop
    /// an unclaimed responder early.
    pub async fn handle_interaction(&self, interaction: Interaction, responder: Responder) {
        let (id, kind) = (interaction.id, interaction.kind);
        self.shared.responders.insert(id, responder);
        match self.handle(Event::InteractionCreate(Box::new(interaction))) {
            // The task creates its invocation, which takes the responder, first thing.
            Some(task) => drop(task.await),
            // A waiter took it: the waiting command takes the responder when it wakes.
            None if matches!(
                kind,
                InteractionType::MessageComponent | InteractionType::ModalSubmit
            ) =>
            {
                tokio::time::sleep(WAITER_GRACE).await;
            }
            None => {}
        }
        // Whatever is left was never claimed; dropping it answers the request with 500.
        if self.shared.responders.take(id).is_some() {
            tracing::debug!(interaction = %id, "an HTTP interaction was not answered");
        }
    }
}

/// How the first response of an interaction went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Initial {
    /// In time: the HTTP body, or the callback endpoint.
    InTime,
    /// After the service's deferral, through the REST API.
    Late(Delivery),
}

impl Invocation {
    /// Sends the first response: as the HTTP body when the interaction came over HTTP
    /// (through the REST API if the service's deadline has passed), otherwise with the
    /// callback endpoint. When the HTTP request can no longer carry it (closed, or a modal
    /// after the deadline), the callback endpoint is tried, so the error is Discord's.
    pub(crate) async fn initial_response(
        &self,
        interaction: &Interaction,
        response: &InteractionResponse,
    ) -> Result<Initial, accord_http::Error> {
        let responder = self.responder.lock().unwrap_or_else(PoisonError::into_inner).take();
        if let Some(responder) = responder {
            match responder.respond(response.clone()).await {
                Ok(Delivery::HttpBody) => return Ok(Initial::InTime),
                Ok(delivery) => return Ok(Initial::Late(delivery)),
                Err(error) => {
                    let (kind, source) = error.into_parts();
                    if let Some(source) = source {
                        match source.downcast::<accord_http::Error>() {
                            Ok(error) => return Err(*error),
                            Err(source) => tracing::debug!(%source, "the late response failed"),
                        }
                    }
                    tracing::debug!(
                        ?kind,
                        "the HTTP request cannot carry the response: using the callback"
                    );
                }
            }
        }
        self.http()
            .create_interaction_response(interaction.id, &interaction.token, response)
            .await
            .map(|_| Initial::InTime)
    }
}

/// The acknowledgement a first response that was meant as `intended` ended up as.
pub(crate) fn acknowledgement(
    intended: Acknowledgement,
    initial: Initial,
    kind: InteractionType,
) -> Acknowledgement {
    let Initial::Late(delivery) = initial else { return intended };
    match delivery {
        // A message edited into the service's "thinking…" response.
        Delivery::EditedOriginal if intended == Acknowledgement::Message => {
            Acknowledgement::DeferredAndEdited
        }
        // A new message after the service's deferred update of a component.
        Delivery::Followup => Acknowledgement::DeferredUpdate,
        // A deferral after the service's: the one the service sent stands.
        Delivery::AlreadyDeferred => match accord_interactions::deferral_for(kind).kind {
            accord_model::interaction::InteractionCallbackType::DeferredUpdateMessage => {
                Acknowledgement::DeferredUpdate
            }
            _ => Acknowledgement::DeferredMessage,
        },
        _ => intended,
    }
}

/// The [`RestResponder`] built on `accord-http`: late responses edit the original response
/// or post a follow-up through the client's interaction routes, with its rate limiter.
#[derive(Debug, Clone)]
pub struct HttpRestResponder {
    http: Client,
}

impl HttpRestResponder {
    /// Sends with `http` (no bot token is needed: the interaction token is in the route).
    pub fn new(http: Client) -> Self {
        Self { http }
    }
}

impl RestResponder for HttpRestResponder {
    fn edit_original<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let client = self.http.interaction(application_id);
            let mut request = client.update_response(token);
            if let Some(content) = &data.content {
                request = request.content(Some(content));
            }
            if let Some(embeds) = &data.embeds {
                request = request.embeds(Some(embeds));
            }
            if let Some(components) = &data.components {
                request = request.components(Some(components));
            }
            if let Some(mentions) = &data.allowed_mentions {
                request = request.allowed_mentions(Some(mentions));
            }
            if let Some(flags) = data.flags {
                request = request.flags(Some(flags));
            }
            if let Some(poll) = &data.poll {
                request = request.poll(poll);
            }
            request.await?;
            Ok(())
        })
    }

    fn create_followup<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            let client = self.http.interaction(application_id);
            let mut request = client.create_followup(token);
            if let Some(content) = &data.content {
                request = request.content(content);
            }
            if let Some(embeds) = &data.embeds {
                request = request.embeds(embeds);
            }
            if let Some(components) = &data.components {
                request = request.components(components);
            }
            if let Some(mentions) = &data.allowed_mentions {
                request = request.allowed_mentions(mentions);
            }
            if let Some(flags) = data.flags {
                request = request.flags(flags);
            }
            if let Some(tts) = data.tts {
                request = request.tts(tts);
            }
            if let Some(poll) = &data.poll {
                request = request.poll(poll);
            }
            request.await?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_deliveries_set_the_acknowledgement_that_happened() {
        let command = InteractionType::ApplicationCommand;
        let component = InteractionType::MessageComponent;
        let late = Initial::Late;
        assert_eq!(
            acknowledgement(Acknowledgement::Message, Initial::InTime, command),
            Acknowledgement::Message
        );
        assert_eq!(
            acknowledgement(Acknowledgement::Message, late(Delivery::EditedOriginal), command),
            Acknowledgement::DeferredAndEdited
        );
        assert_eq!(
            acknowledgement(Acknowledgement::Update, late(Delivery::EditedOriginal), component),
            Acknowledgement::Update
        );
        assert_eq!(
            acknowledgement(Acknowledgement::Message, late(Delivery::Followup), component),
            Acknowledgement::DeferredUpdate
        );
        assert_eq!(
            acknowledgement(
                Acknowledgement::DeferredMessage,
                late(Delivery::AlreadyDeferred),
                InteractionType::ModalSubmit
            ),
            Acknowledgement::DeferredUpdate,
            "the service defers a modal submission with an update"
        );
        assert_eq!(
            acknowledgement(
                Acknowledgement::DeferredMessage,
                late(Delivery::AlreadyDeferred),
                command
            ),
            Acknowledgement::DeferredMessage
        );
    }
}
