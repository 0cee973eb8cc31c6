//! Interaction callbacks and followups: the first response within the response deadline,
//! then followup messages and edits while the token lives.

use accord_model::application::command::CommandOptionChoice;
use accord_model::component::Component;
use accord_model::id::Id;
use accord_model::id::marker::{InteractionMarker, MessageMarker};
use accord_model::interaction::{
    InteractionCallback, InteractionCallbackResource, InteractionCallbackResponse,
    InteractionCallbackType, InteractionResponse,
};
use accord_model::message::MessageFlags;
use bytes::Bytes;
use http::{HeaderValue, Request, header};
use serde_json::{Value, json};

use super::call::{Call, Fields};
use super::common::base_url;
use super::error::ApiError;
use super::reply::{Answer, no_content, ok};
use super::validate::{self, MessageBody};
use crate::shared::Shared;
use crate::world::interactions::{MessageEdit, Which, callback_allowed};
use crate::world::{MessageDraft, World};

/// The flags an interaction answer may carry.
const ANSWER_FLAGS: MessageFlags = MessageFlags::SUPPRESS_EMBEDS
    .union(MessageFlags::EPHEMERAL)
    .union(MessageFlags::SUPPRESS_NOTIFICATIONS)
    .union(MessageFlags::IS_COMPONENTS_V2)
    .union(MessageFlags::IS_VOICE_MESSAGE);

/// The `data` of a callback, read by its type.
enum CallbackData {
    None,
    Message(Box<MessageBody>, Fields),
    Choices,
    Modal,
}

fn read_data(call: &Call, fields: &mut Fields, kind: InteractionCallbackType) -> CallbackData {
    use InteractionCallbackType as C;
    let data = match fields.raw("data").cloned() {
        Some(Value::Object(map)) => Some(map),
        Some(_) => {
            fields.error(
                "data",
                "MODEL_TYPE_CONVERT",
                "Only dictionaries may be used in a ModelType",
            );
            return CallbackData::None;
        }
        None => None,
    };
    match kind {
        C::ChannelMessageWithSource | C::DeferredChannelMessageWithSource | C::UpdateMessage => {
            let mut inner = Fields::nested(data.unwrap_or_default(), "data");
            let body = validate::message_body(call, &mut inner, ANSWER_FLAGS);
            fields.merge(&inner.take_errors());
            CallbackData::Message(Box::new(body), inner)
        }
        C::ApplicationCommandAutocompleteResult => {
            let mut inner = Fields::nested(data.unwrap_or_default(), "data");
            let choices: Option<Vec<CommandOptionChoice>> = inner.required("choices");
            if choices.as_ref().is_some_and(|c| c.len() > 25) {
                inner.error("choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
            }
            fields.merge(&inner.take_errors());
            CallbackData::Choices
        }
        C::Modal => {
            let mut inner = Fields::nested(data.unwrap_or_default(), "data");
            inner.required_string("custom_id", 1, 100);
            inner.required_string("title", 1, 45);
            let components: Option<Vec<Component>> = inner.required("components");
            if components.as_ref().is_some_and(|c| c.is_empty() || c.len() > 5) {
                inner.error(
                    "components",
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 5 in length.",
                );
            }
            fields.merge(&inner.take_errors());
            CallbackData::Modal
        }
        _ => CallbackData::None,
    }
}

/// `POST /interactions/{interaction_id}/{interaction_token}/callback`: 204, or 200 with the
/// callback response on `with_response=true`. 10062 for an unknown interaction, a wrong token
/// or after the response deadline; 40060 once answered.
pub(super) fn create_interaction_response(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<InteractionMarker>("interaction_id")?;
    let token = call.param("interaction_token").to_owned();
    let with_response = call.query_bool("with_response")?.unwrap_or(false);
    let deadline = shared.config.timings.interaction_response;
    let (kind, from_component) = shared.read(|world| {
        let state = world.answerable(id, &token, deadline)?;
        Ok::<_, ApiError>((state.interaction.kind, state.source.is_some()))
    })?;
    let raw = call.object()?;
    let mut fields = Fields::new(raw.clone());
    let callback: Option<InteractionCallbackType> = fields.required("type");
    let data =
        callback.map_or(CallbackData::None, |callback| read_data(call, &mut fields, callback));
    if let Some(callback) = callback
        && !callback_allowed(kind, callback, from_component)
    {
        fields.error(
            "type",
            "INTERACTION_CALLBACK_TYPE_INVALID",
            "This callback type is not allowed for this interaction.",
        );
    }
    fields.finish()?;
    let callback = callback.ok_or_else(|| ApiError::code(50035))?;
    if callback == InteractionCallbackType::ChannelMessageWithSource
        && let CallbackData::Message(body, _) = &data
    {
        validate::require_content(body)?;
    }
    let response: InteractionResponse = serde_json::from_value(Value::Object(raw))
        .map_err(|error| ApiError::form("data", "MODEL_TYPE_CONVERT", error.to_string()))?;
    let base = base_url(shared);
    shared.mutate(|world| {
        let channel_id =
            world.interaction_state(id).ok_or_else(|| ApiError::code(10062))?.channel_id;
        let (draft, edit) = match &data {
            CallbackData::Message(body, inner) => {
                let ephemeral = body.flags.unwrap_or_default().contains(MessageFlags::EPHEMERAL);
                let attachments = validate::attachments(world, &base, channel_id, body, ephemeral);
                let edit = edit_of(world, id, body, inner, attachments.clone());
                (validate::draft(body, attachments), edit)
            }
            _ => (MessageDraft::default(), MessageEdit::default()),
        };
        let message = world.respond_interaction(id, &token, response, draft, &edit, deadline)?;
        if !with_response {
            return no_content();
        }
        let state = world.interaction_state(id).ok_or_else(|| ApiError::code(10062))?;
        let mut summary = InteractionCallback::new(id, state.interaction.kind);
        let resource = match message {
            Some(message) => {
                summary.response_message_id = Some(message.id);
                summary.response_message_loading =
                    Some(message.flags().contains(MessageFlags::LOADING));
                summary.response_message_ephemeral =
                    Some(message.flags().contains(MessageFlags::EPHEMERAL));
                Some(InteractionCallbackResource::message(callback, message))
            }
            None => serde_json::from_value(json!({ "type": callback })).ok(),
        };
        ok(&InteractionCallbackResponse::new(summary, resource))
    })
}

/// The body an interactions endpoint answered an interaction's POST with, taken as the initial
/// response by the same code as the callback route (JSON or multipart, as its Content-Type
/// says).
pub(super) fn respond_from_endpoint(
    shared: &Shared,
    id: Id<InteractionMarker>,
    token: &str,
    content_type: Option<HeaderValue>,
    body: Bytes,
) -> Result<(), ApiError> {
    let mut request = Request::new(());
    if let Some(content_type) = content_type {
        request.headers_mut().insert(header::CONTENT_TYPE, content_type);
    }
    let (parts, ()) = request.into_parts();
    let params = vec![("interaction_id", id.to_string()), ("interaction_token", token.to_owned())];
    let call = super::build_call(params, &parts, body)?;
    create_interaction_response(shared, &call).map(drop)
}

/// The edit an update response asks for, keeping the source message's attachments unless
/// `attachments` says otherwise.
fn edit_of(
    world: &World,
    id: Id<InteractionMarker>,
    body: &MessageBody,
    inner: &Fields,
    uploaded: Vec<accord_model::message::Attachment>,
) -> MessageEdit {
    let source = world.interaction_state(id).and_then(|state| {
        let source = state.source?;
        world.channels.get(&state.channel_id)?.messages.get(&source).cloned()
    });
    match source {
        Some(message) => validate::edit(body, inner, &message, uploaded),
        None => MessageEdit::default(),
    }
}

fn lifetime(shared: &Shared) -> std::time::Duration {
    shared.config.timings.interaction_token
}

fn which(call: &Call) -> Result<Which, ApiError> {
    match call.params.iter().find(|(name, _)| *name == "message_id") {
        None => Ok(Which::Original),
        Some(_) => Ok(Which::Id(call.id::<MessageMarker>("message_id")?)),
    }
}

/// `POST /webhooks/{application_id}/{token}`: a followup (the response always carries the
/// message). 50027 once the token expired.
pub(super) fn create_followup(shared: &Shared, call: &Call) -> Answer {
    let token = call.param("webhook_token").to_owned();
    let mut fields = call.fields()?;
    let body = validate::message_body(call, &mut fields, ANSWER_FLAGS);
    fields.finish()?;
    validate::require_content(&body)?;
    let base = base_url(shared);
    let lifetime = lifetime(shared);
    shared.mutate(|world| {
        let channel_id = world.live_interaction(&token, lifetime)?.channel_id;
        let ephemeral = body.flags.unwrap_or_default().contains(MessageFlags::EPHEMERAL);
        let attachments = validate::attachments(world, &base, channel_id, &body, ephemeral);
        let message =
            world.create_followup(&token, validate::draft(&body, attachments), lifetime)?;
        ok(&message)
    })
}

/// `GET /webhooks/{application_id}/{token}/messages/{@original|message_id}`.
pub(super) fn get_followup(shared: &Shared, call: &Call) -> Answer {
    let token = call.param("webhook_token");
    let which = which(call)?;
    shared.read(|world| ok(&world.interaction_message(token, which, lifetime(shared))?))
}

/// `PATCH /webhooks/{application_id}/{token}/messages/{@original|message_id}`: a deferred
/// response stops loading; emits MESSAGE_UPDATE unless the message is ephemeral.
pub(super) fn update_followup(shared: &Shared, call: &Call) -> Answer {
    let token = call.param("webhook_token").to_owned();
    let which = which(call)?;
    let mut fields = call.fields()?;
    let body = validate::message_body(call, &mut fields, ANSWER_FLAGS);
    let ok_so_far = fields.is_ok();
    let base = base_url(shared);
    let lifetime = lifetime(shared);
    shared.mutate(|world| {
        let message = world.interaction_message(&token, which, lifetime)?;
        if !ok_so_far {
            return Err(fields.take_errors().into_error());
        }
        let ephemeral = message.flags().contains(MessageFlags::EPHEMERAL);
        let uploaded = validate::attachments(world, &base, message.channel_id, &body, ephemeral);
        let edit = validate::edit(&body, &fields, &message, uploaded);
        let loading = message.flags().contains(MessageFlags::LOADING);
        if !loading && validate::empty_after(&message, &edit) {
            return Err(ApiError::code(50006));
        }
        ok(&world.edit_interaction_message(&token, which, &edit, lifetime)?)
    })
}

/// `DELETE /webhooks/{application_id}/{token}/messages/{@original|message_id}`.
pub(super) fn delete_followup(shared: &Shared, call: &Call) -> Answer {
    let token = call.param("webhook_token").to_owned();
    let which = which(call)?;
    shared.mutate(|world| {
        world.delete_interaction_message(&token, which, lifetime(shared))?;
        no_content()
    })
}

/// Whether a webhook route addresses the application, that is interaction followups.
pub(super) fn is_application(world: &World, call: &Call) -> bool {
    call.id::<accord_model::id::marker::ApplicationMarker>("webhook_id")
        .is_ok_and(|id| id == world.application.id)
}
