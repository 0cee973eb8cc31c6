//! Webhooks: managing them, and executing them and editing their messages by token
//! (interaction responses and followups use the same routes, see
//! [`InteractionClient`](crate::request::interaction::InteractionClient)).

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, WebhookMarker};
use accord_model::message::Message;
use accord_model::util::Secret;
use accord_model::webhook::Webhook;
use serde_json::Value;

use crate::Client;
use crate::error::Error;
use crate::request::channel::webhook_name;
use crate::request::message_body::MessageFields;
use crate::request::{Query, Request, TryIntoRequest};
use crate::response::EmptyBody;
use crate::routing::{Method, Route};

/// `POST /webhooks/{webhook_id}/{webhook_token}`: sends a message through a webhook, the
/// request of [`Client::execute_webhook`] and of interaction followups.
///
/// Discord answers with the message only when [`wait`](Self::wait) is set (followups always
/// set it); otherwise the model is `None`.
#[must_use = "a request does nothing until awaited"]
pub struct ExecuteWebhook<'a> {
    client: &'a Client,
    webhook_id: Id<WebhookMarker>,
    token: &'a Secret,
    wait: Option<bool>,
    thread_id: Option<Id<ChannelMarker>>,
    with_components: Option<bool>,
    global_exempt: bool,
    fields: MessageFields<'a>,
}

impl<'a> ExecuteWebhook<'a> {
    /// The route of this request.
    pub const ROUTE: Route =
        Route::new(Method::Post, "/webhooks/{webhook_id}/{webhook_token}", "execute_webhook");

    pub(crate) fn new(
        client: &'a Client,
        webhook_id: Id<WebhookMarker>,
        token: &'a Secret,
    ) -> Self {
        Self {
            client,
            webhook_id,
            token,
            wait: None,
            thread_id: None,
            with_components: None,
            global_exempt: false,
            fields: MessageFields::default(),
        }
    }

    pub(crate) fn followup(mut self) -> Self {
        self.global_exempt = true;
        self.wait = Some(true);
        self
    }

    /// Sets whether Discord waits for the message to be sent and returns it.
    pub fn wait(mut self, wait: bool) -> Self {
        self.wait = Some(wait);
        self
    }

    /// Sends the message in a thread of the webhook's channel.
    pub fn thread_id(mut self, thread_id: Id<ChannelMarker>) -> Self {
        self.thread_id = Some(thread_id);
        self
    }

    /// Sets whether interactive components are kept (webhooks owned by an application).
    pub fn with_components(mut self, with_components: bool) -> Self {
        self.with_components = Some(with_components);
        self
    }

    message_setters!(
        content set, embeds set, components set, allowed_mentions set, flags set,
        attachments set, tts set, poll set, username set, avatar_url set, thread_name set,
        applied_tags set,
    );
}

impl TryIntoRequest for ExecuteWebhook<'_> {
    fn try_into_request(mut self) -> Result<Request, Error> {
        let error = self.fields.finish_checks(true);
        let payload = Value::Object(self.fields.to_map()?);
        let mut query = Query::new();
        query.append("wait", &self.wait);
        query.append("thread_id", &self.thread_id);
        query.append("with_components", &self.with_components);
        let path = Self::ROUTE.path(&[&self.webhook_id, &self.token]);
        let builder = Request::builder(&Self::ROUTE, path)
            .query(query)
            .authorize(false)
            .global_exempt(self.global_exempt)
            .validation(error);
        self.fields.attach(builder, &payload).build()
    }
}

request_future!(ExecuteWebhook -> Option<Message>);

/// `PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}` (or
/// `.../messages/@original`): edits a message sent by a webhook or an interaction, the
/// request of [`Client::update_webhook_message`] and
/// [`Client::update_original_webhook_message`].
#[must_use = "a request does nothing until awaited"]
pub struct UpdateWebhookMessage<'a> {
    client: &'a Client,
    webhook_id: Id<WebhookMarker>,
    token: &'a Secret,
    message_id: Option<Id<MessageMarker>>,
    thread_id: Option<Id<ChannelMarker>>,
    with_components: Option<bool>,
    global_exempt: bool,
    fields: MessageFields<'a>,
}

impl<'a> UpdateWebhookMessage<'a> {
    /// The route of this request for a message id.
    pub const ROUTE: Route = Route::new(
        Method::Patch,
        "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}",
        "update_webhook_message",
    );

    /// The route of this request for the original response of an interaction.
    pub const ORIGINAL_ROUTE: Route = Route::new(
        Method::Patch,
        "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
        "update_original_webhook_message",
    );

    pub(crate) fn new(
        client: &'a Client,
        webhook_id: Id<WebhookMarker>,
        token: &'a Secret,
        message_id: Option<Id<MessageMarker>>,
    ) -> Self {
        Self {
            client,
            webhook_id,
            token,
            message_id,
            thread_id: None,
            with_components: None,
            global_exempt: false,
            fields: MessageFields::default(),
        }
    }

    pub(crate) fn followup(mut self) -> Self {
        self.global_exempt = true;
        self
    }

    /// The message is in this thread of the webhook's channel.
    pub fn thread_id(mut self, thread_id: Id<ChannelMarker>) -> Self {
        self.thread_id = Some(thread_id);
        self
    }

    /// Sets whether interactive components are kept (webhooks owned by an application).
    pub fn with_components(mut self, with_components: bool) -> Self {
        self.with_components = Some(with_components);
        self
    }

    message_setters!(
        content edit, embeds edit, components edit, allowed_mentions edit, flags edit,
        attachments set, keep_attachments set, poll set,
    );

    fn route(&self) -> &'static Route {
        if self.message_id.is_some() { &Self::ROUTE } else { &Self::ORIGINAL_ROUTE }
    }
}

impl TryIntoRequest for UpdateWebhookMessage<'_> {
    fn try_into_request(mut self) -> Result<Request, Error> {
        let error = self.fields.finish_checks(false);
        let payload = Value::Object(self.fields.to_map()?);
        let mut query = Query::new();
        query.append("thread_id", &self.thread_id);
        query.append("with_components", &self.with_components);
        let route = self.route();
        let path = match &self.message_id {
            Some(message_id) => route.path(&[&self.webhook_id, &self.token, message_id]),
            None => route.path(&[&self.webhook_id, &self.token]),
        };
        let builder = Request::builder(route, path)
            .query(query)
            .authorize(false)
            .global_exempt(self.global_exempt)
            .validation(error);
        self.fields.attach(builder, &payload).build()
    }
}

impl std::fmt::Debug for UpdateWebhookMessage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateWebhookMessage").field("route", self.route()).finish_non_exhaustive()
    }
}

impl IntoFuture for UpdateWebhookMessage<'_> {
    type Output = Result<crate::Response<Message>, Error>;
    type IntoFuture = crate::ResponseFuture<Message>;

    fn into_future(self) -> Self::IntoFuture {
        let client = self.client;
        client.send(self)
    }
}

impl Client {
    /// Sends a message through a webhook.
    ///
    /// `POST /webhooks/{webhook_id}/{webhook_token}`
    pub fn execute_webhook<'a>(
        &'a self,
        webhook_id: Id<WebhookMarker>,
        webhook_token: &'a Secret,
    ) -> ExecuteWebhook<'a> {
        ExecuteWebhook::new(self, webhook_id, webhook_token)
    }

    /// Edits a message sent by a webhook.
    ///
    /// `PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}`
    pub fn update_webhook_message<'a>(
        &'a self,
        webhook_id: Id<WebhookMarker>,
        webhook_token: &'a Secret,
        message_id: Id<MessageMarker>,
    ) -> UpdateWebhookMessage<'a> {
        UpdateWebhookMessage::new(self, webhook_id, webhook_token, Some(message_id))
    }

    /// Edits the original response to an interaction (the webhook id is the application's).
    ///
    /// `PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original`
    pub fn update_original_webhook_message<'a>(
        &'a self,
        webhook_id: Id<WebhookMarker>,
        webhook_token: &'a Secret,
    ) -> UpdateWebhookMessage<'a> {
        UpdateWebhookMessage::new(self, webhook_id, webhook_token, None)
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] =
    &[&ExecuteWebhook::ROUTE, &UpdateWebhookMessage::ROUTE, &UpdateWebhookMessage::ORIGINAL_ROUTE];

requests! {
    /// Returns a webhook.
    get_webhook => GetWebhook: GET "/webhooks/{webhook_id}" -> Webhook {
        path: webhook_id: Id<WebhookMarker>;
    }

    /// Deletes a webhook.
    delete_webhook => DeleteWebhook: DELETE "/webhooks/{webhook_id}" -> EmptyBody {
        #[reason]
        path: webhook_id: Id<WebhookMarker>;
    }

    /// Changes a webhook: name, avatar or channel.
    update_webhook => UpdateWebhook: PATCH "/webhooks/{webhook_id}" -> Webhook {
        #[reason]
        path: webhook_id: Id<WebhookMarker>;
        fields:
            /// 1 to 80 characters, without "clyde" or "discord".
            name: &'a str [webhook_name],
            /// Moves the webhook to another channel of the guild.
            channel_id: Id<ChannelMarker>;
        nullable:
            /// A data URI of the avatar.
            avatar: &'a str;
    }

    /// Returns a webhook by its token (no bot token needed).
    get_webhook_by_token => GetWebhookByToken: GET "/webhooks/{webhook_id}/{webhook_token}" -> Webhook {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
    }

    /// Deletes a webhook by its token.
    delete_webhook_by_token => DeleteWebhookByToken:
        DELETE "/webhooks/{webhook_id}/{webhook_token}" -> EmptyBody {
        #[no_auth]
        #[reason]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
    }

    /// Changes a webhook's name or avatar by its token.
    update_webhook_by_token => UpdateWebhookByToken:
        PATCH "/webhooks/{webhook_id}/{webhook_token}" -> Webhook {
        #[no_auth]
        #[reason]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
        fields:
            /// 1 to 80 characters, without "clyde" or "discord".
            name: &'a str [webhook_name];
        nullable:
            /// A data URI of the avatar.
            avatar: &'a str;
    }

    /// Sends a GitHub webhook payload (as GitHub would) through a webhook.
    execute_github_compatible_webhook => ExecuteGithubCompatibleWebhook:
        POST "/webhooks/{webhook_id}/{webhook_token}/github" -> EmptyBody {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
        query: wait: bool, thread_id: Id<ChannelMarker>;
        json: payload: &'a Value;
    }

    /// Sends a Slack webhook payload (as Slack would) through a webhook.
    execute_slack_compatible_webhook => ExecuteSlackCompatibleWebhook:
        POST "/webhooks/{webhook_id}/{webhook_token}/slack" -> Option<Value> {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
        query: wait: bool, thread_id: Id<ChannelMarker>;
        json: payload: &'a Value;
    }

    /// Returns the original response to an interaction (the webhook id is the
    /// application's).
    get_original_webhook_message => GetOriginalWebhookMessage:
        GET "/webhooks/{webhook_id}/{webhook_token}/messages/@original" -> Message {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
        query: thread_id: Id<ChannelMarker>;
    }

    /// Deletes the original response to an interaction.
    delete_original_webhook_message => DeleteOriginalWebhookMessage:
        DELETE "/webhooks/{webhook_id}/{webhook_token}/messages/@original" -> EmptyBody {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret;
        query: thread_id: Id<ChannelMarker>;
    }

    /// Returns a message sent by a webhook.
    get_webhook_message => GetWebhookMessage:
        GET "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}" -> Message {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret, message_id: Id<MessageMarker>;
        query: thread_id: Id<ChannelMarker>;
    }

    /// Deletes a message sent by a webhook.
    delete_webhook_message => DeleteWebhookMessage:
        DELETE "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}" -> EmptyBody {
        #[no_auth]
        path: webhook_id: Id<WebhookMarker>, webhook_token: &'a Secret, message_id: Id<MessageMarker>;
        query: thread_id: Id<ChannelMarker>;
    }
}
