//! Interactions: the response to an interaction, and its followup messages through
//! [`InteractionClient`]. None of these count toward the global rate limit.

use accord_model::id::Id;
use accord_model::id::marker::{ApplicationMarker, InteractionMarker, MessageMarker};
use accord_model::interaction::{
    InteractionCallbackResponse, InteractionResponse, InteractionResponseData,
};
use accord_model::util::Secret;
use serde_json::{Value, json};

use super::webhook::{
    DeleteOriginalWebhookMessage, DeleteWebhookMessage, GetOriginalWebhookMessage,
    GetWebhookMessage,
};
use super::webhook::{ExecuteWebhook, UpdateWebhookMessage};
use crate::Client;
use crate::error::Error;
use crate::request::attachment::AttachmentFile;
use crate::request::message_body::{
    CONTENT_MAX, attach_files, check_allowed_mentions, check_embeds, check_files,
};
use crate::request::{Query, Request, TryIntoRequest, to_json};
use crate::routing::{Method, Route};
use crate::validate::{Check, ValidationError, check_chars, check_count, record};

/// Checks what Discord checks of a response: message limits, at most 25 autocomplete
/// choices, and a modal's custom id (1 to 100), title (1 to 45) and 1 to 5 components.
fn check_response(response: &InteractionResponse) -> Result<(), ValidationError> {
    let check = |field: &'static str, result: Check| {
        result.map_err(|kind| ValidationError::new(field, kind))
    };
    match &response.data {
        Some(InteractionResponseData::Message(data)) => {
            if let Some(content) = &data.content {
                check("data.content", check_chars(content, 0, CONTENT_MAX))?;
            }
            if let Some(embeds) = &data.embeds {
                check("data.embeds", check_embeds(embeds))?;
            }
            if let Some(mentions) = &data.allowed_mentions {
                check("data.allowed_mentions", check_allowed_mentions(mentions))?;
            }
        }
        Some(InteractionResponseData::Autocomplete(data)) => {
            check("data.choices", check_count(data.choices.len(), 0, 25))?;
        }
        Some(InteractionResponseData::Modal(data)) => {
            check("data.custom_id", check_chars(&data.custom_id, 1, 100))?;
            check("data.title", check_chars(&data.title, 1, 45))?;
            check("data.components", check_count(data.components.len(), 1, 5))?;
        }
        _ => {}
    }
    Ok(())
}

/// `POST /interactions/{interaction_id}/{interaction_token}/callback`: answers an
/// interaction (within 3 seconds of receiving it), the request of
/// [`Client::create_interaction_response`].
///
/// Discord answers 204, or with the callback's result when
/// [`with_response`](Self::with_response) is set.
///
/// ```no_run
/// # async fn run(client: accord_http::Client, interaction: accord_model::interaction::Interaction) -> Result<(), accord_http::Error> {
/// use accord_model::interaction::{InteractionCallbackData, InteractionResponse};
///
/// let response = InteractionResponse::message(InteractionCallbackData::content("pong"));
/// client.create_interaction_response(interaction.id, &interaction.token, &response).await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until awaited"]
pub struct CreateInteractionResponse<'a> {
    client: &'a Client,
    interaction_id: Id<InteractionMarker>,
    token: &'a Secret,
    response: &'a InteractionResponse,
    files: &'a [AttachmentFile],
    with_response: Option<bool>,
    error: Option<ValidationError>,
}

impl<'a> CreateInteractionResponse<'a> {
    /// The route of this request.
    pub const ROUTE: Route = Route::new(
        Method::Post,
        "/interactions/{interaction_id}/{interaction_token}/callback",
        "create_interaction_response",
    );

    /// Uploads files with a message response (at most 10). Unless the response data lists
    /// `attachments` itself, they are listed in order with ids from 0.
    pub fn attachments(mut self, files: &'a [AttachmentFile]) -> Self {
        record(&mut self.error, "attachments", check_files(files));
        self.files = files;
        self
    }

    /// Sets whether Discord returns the callback's result (the message or activity created).
    pub fn with_response(mut self, with_response: bool) -> Self {
        self.with_response = Some(with_response);
        self
    }
}

impl TryIntoRequest for CreateInteractionResponse<'_> {
    fn try_into_request(self) -> Result<Request, Error> {
        let mut payload = to_json(self.response)?;
        if !self.files.is_empty()
            && let Some(data) = payload.get_mut("data").and_then(Value::as_object_mut)
            && !data.contains_key("attachments")
        {
            let list = self.files.iter().enumerate().map(|(index, file)| {
                let mut entry = json!({ "id": index, "filename": file.filename });
                if let (Some(description), Some(fields)) =
                    (&file.description, entry.as_object_mut())
                {
                    fields.insert("description".to_owned(), Value::from(description.as_str()));
                }
                entry
            });
            data.insert("attachments".to_owned(), Value::Array(list.collect()));
        }
        let mut query = Query::new();
        query.append("with_response", &self.with_response);
        let path = Self::ROUTE.path(&[&self.interaction_id, &self.token]);
        let builder = Request::builder(&Self::ROUTE, path)
            .query(query)
            .authorize(false)
            .validation(self.error);
        attach_files(builder, &payload, self.files).build()
    }
}

request_future!(CreateInteractionResponse -> Option<InteractionCallbackResponse>);

impl Client {
    /// Answers an interaction.
    ///
    /// `POST /interactions/{interaction_id}/{interaction_token}/callback`
    pub fn create_interaction_response<'a>(
        &'a self,
        interaction_id: Id<InteractionMarker>,
        interaction_token: &'a Secret,
        response: &'a InteractionResponse,
    ) -> CreateInteractionResponse<'a> {
        CreateInteractionResponse {
            client: self,
            interaction_id,
            token: interaction_token,
            response,
            files: &[],
            with_response: None,
            error: check_response(response).err(),
        }
    }

    /// The requests that follow up on interactions of an application: its original response
    /// and followup messages, outside the global rate limit.
    pub fn interaction(&self, application_id: Id<ApplicationMarker>) -> InteractionClient<'_> {
        InteractionClient { client: self, application_id }
    }
}

/// The requests on the original response and followups of interactions, through the
/// webhook routes with the application's id and the interaction's token (valid for 15
/// minutes). Created by [`Client::interaction`].
#[derive(Clone, Copy, Debug)]
pub struct InteractionClient<'a> {
    client: &'a Client,
    application_id: Id<ApplicationMarker>,
}

impl<'a> InteractionClient<'a> {
    /// Answers an interaction (the same as [`Client::create_interaction_response`]).
    pub fn create_response(
        &self,
        interaction_id: Id<InteractionMarker>,
        token: &'a Secret,
        response: &'a InteractionResponse,
    ) -> CreateInteractionResponse<'a> {
        self.client.create_interaction_response(interaction_id, token, response)
    }

    /// Returns the original response.
    pub fn get_response(&self, token: &'a Secret) -> GetOriginalWebhookMessage<'a> {
        self.client.get_original_webhook_message(self.application_id.cast(), token).global_exempt()
    }

    /// Edits the original response (also how a deferred response gets its content).
    pub fn update_response(&self, token: &'a Secret) -> UpdateWebhookMessage<'a> {
        UpdateWebhookMessage::new(self.client, self.application_id.cast(), token, None).followup()
    }

    /// Deletes the original response.
    pub fn delete_response(&self, token: &'a Secret) -> DeleteOriginalWebhookMessage<'a> {
        self.client
            .delete_original_webhook_message(self.application_id.cast(), token)
            .global_exempt()
    }

    /// Sends a followup message; Discord returns it.
    pub fn create_followup(&self, token: &'a Secret) -> ExecuteWebhook<'a> {
        ExecuteWebhook::new(self.client, self.application_id.cast(), token).followup()
    }

    /// Returns a followup message.
    pub fn get_followup(
        &self,
        token: &'a Secret,
        message_id: Id<MessageMarker>,
    ) -> GetWebhookMessage<'a> {
        self.client
            .get_webhook_message(self.application_id.cast(), token, message_id)
            .global_exempt()
    }

    /// Edits a followup message.
    pub fn update_followup(
        &self,
        token: &'a Secret,
        message_id: Id<MessageMarker>,
    ) -> UpdateWebhookMessage<'a> {
        UpdateWebhookMessage::new(self.client, self.application_id.cast(), token, Some(message_id))
            .followup()
    }

    /// Deletes a followup message.
    pub fn delete_followup(
        &self,
        token: &'a Secret,
        message_id: Id<MessageMarker>,
    ) -> DeleteWebhookMessage<'a> {
        self.client
            .delete_webhook_message(self.application_id.cast(), token, message_id)
            .global_exempt()
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] = &[&CreateInteractionResponse::ROUTE];

#[cfg(test)]
mod tests {
    use super::check_response;
    use accord_model::interaction::{InteractionCallbackData, InteractionResponse};

    #[test]
    fn responses_are_checked() {
        let ok = InteractionResponse::message(InteractionCallbackData::content("hi"));
        assert!(check_response(&ok).is_ok());
        let long = InteractionResponse::message(InteractionCallbackData::content("x".repeat(2001)));
        assert_eq!(check_response(&long).unwrap_err().field(), "data.content");
        let choices =
            vec![accord_model::application::command::CommandOptionChoice::new("a", "b"); 26];
        let too_many = InteractionResponse::autocomplete(choices);
        assert_eq!(check_response(&too_many).unwrap_err().field(), "data.choices");
    }
}
