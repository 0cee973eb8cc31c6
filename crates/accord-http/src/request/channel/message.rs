//! Messages of a channel: sending, editing, listing, deleting, pins, reactions and polls.

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, UserMarker};
use accord_model::message::{Message, PinnedMessages, PollAnswerVoters, ReactionType};
use accord_model::user::User;
use accord_model::util::Timestamp;
use serde_json::Value;

use crate::Client;
use crate::error::Error;
use crate::request::message_body::MessageFields;
use crate::request::{Request, TryIntoRequest};
use crate::response::EmptyBody;
use crate::routing::{Method, Route};
use crate::validate::{count, range};

/// `POST /channels/{channel_id}/messages`: sends a message, the request of
/// [`Client::create_message`].
///
/// ```no_run
/// # async fn run(client: accord_http::Client) -> Result<(), accord_http::Error> {
/// use accord_model::id::Id;
/// use accord_model::message::Embed;
///
/// let mut embed = Embed::new();
/// embed.title = Some("Status".to_owned());
/// let embeds = [embed];
/// let message = client
///     .create_message(Id::new(1))
///     .content("all systems go")
///     .embeds(&embeds)
///     .await?
///     .model()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until awaited"]
pub struct CreateMessage<'a> {
    client: &'a Client,
    channel_id: Id<ChannelMarker>,
    fields: MessageFields<'a>,
}

impl<'a> CreateMessage<'a> {
    /// The route of this request.
    pub const ROUTE: Route =
        Route::new(Method::Post, "/channels/{channel_id}/messages", "create_message");

    message_setters!(
        content set, embeds set, components set, allowed_mentions set, flags set,
        attachments set, tts set, poll set, sticker_ids set, message_reference set,
        nonce set, enforce_nonce set,
    );
}

impl TryIntoRequest for CreateMessage<'_> {
    fn try_into_request(mut self) -> Result<Request, Error> {
        let error = self.fields.finish_checks(true);
        let payload = Value::Object(self.fields.to_map()?);
        let builder =
            Request::builder(&Self::ROUTE, Self::ROUTE.path(&[&self.channel_id])).validation(error);
        self.fields.attach(builder, &payload).build()
    }
}

request_future!(CreateMessage -> Message);

/// `PATCH /channels/{channel_id}/messages/{message_id}`: edits a message, the request of
/// [`Client::update_message`]. Fields not set are left as they are.
#[must_use = "a request does nothing until awaited"]
pub struct UpdateMessage<'a> {
    client: &'a Client,
    channel_id: Id<ChannelMarker>,
    message_id: Id<MessageMarker>,
    fields: MessageFields<'a>,
}

impl<'a> UpdateMessage<'a> {
    /// The route of this request.
    pub const ROUTE: Route =
        Route::new(Method::Patch, "/channels/{channel_id}/messages/{message_id}", "update_message");

    message_setters!(
        content edit, embeds edit, components edit, allowed_mentions edit, flags edit,
        attachments set, keep_attachments set,
    );
}

impl TryIntoRequest for UpdateMessage<'_> {
    fn try_into_request(mut self) -> Result<Request, Error> {
        let error = self.fields.finish_checks(false);
        let payload = Value::Object(self.fields.to_map()?);
        let path = Self::ROUTE.path(&[&self.channel_id, &self.message_id]);
        let builder = Request::builder(&Self::ROUTE, path).validation(error);
        self.fields.attach(builder, &payload).build()
    }
}

request_future!(UpdateMessage -> Message);

impl Client {
    /// Sends a message to a channel.
    ///
    /// `POST /channels/{channel_id}/messages`
    pub fn create_message(&self, channel_id: Id<ChannelMarker>) -> CreateMessage<'_> {
        CreateMessage { client: self, channel_id, fields: MessageFields::default() }
    }

    /// Edits a message.
    ///
    /// `PATCH /channels/{channel_id}/messages/{message_id}`
    pub fn update_message(
        &self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    ) -> UpdateMessage<'_> {
        UpdateMessage { client: self, channel_id, message_id, fields: MessageFields::default() }
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] = &[&CreateMessage::ROUTE, &UpdateMessage::ROUTE];

requests! {
    /// Lists messages of a channel, newest first (at most 100, around, before or after a
    /// message).
    list_messages => ListMessages: GET "/channels/{channel_id}/messages" -> Vec<Message> {
        path: channel_id: Id<ChannelMarker>;
        query:
            around: Id<MessageMarker>,
            before: Id<MessageMarker>,
            after: Id<MessageMarker>,
            /// 1 to 100, 50 by default.
            limit: u16 [range(1, 100)];
    }

    /// Returns a message.
    get_message => GetMessage: GET "/channels/{channel_id}/messages/{message_id}" -> Message {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Deletes a message.
    delete_message => DeleteMessage: DELETE "/channels/{channel_id}/messages/{message_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Deletes 2 to 100 messages at once (none older than two weeks).
    bulk_delete_messages => BulkDeleteMessages:
        POST "/channels/{channel_id}/messages/bulk-delete" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>;
        args: messages: &'a [Id<MessageMarker>] [count(2, 100)];
    }

    /// Publishes a message of an announcement channel to the channels following it.
    crosspost_message => CrosspostMessage:
        POST "/channels/{channel_id}/messages/{message_id}/crosspost" -> Message {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Lists the pinned messages of a channel, newest pin first.
    list_pins => ListPins: GET "/channels/{channel_id}/messages/pins" -> PinnedMessages {
        path: channel_id: Id<ChannelMarker>;
        query:
            /// Only pins made before this time.
            before: Timestamp,
            /// 1 to 50, 50 by default.
            limit: u16 [range(1, 50)];
    }

    /// Pins a message.
    create_pin => CreatePin: PUT "/channels/{channel_id}/messages/pins/{message_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Unpins a message.
    delete_pin => DeletePin: DELETE "/channels/{channel_id}/messages/pins/{message_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Lists the pinned messages of a channel (the former route, without pagination).
    deprecated_list_pins => DeprecatedListPins: GET "/channels/{channel_id}/pins" -> Vec<Message> {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Pins a message (the former route).
    deprecated_create_pin => DeprecatedCreatePin:
        PUT "/channels/{channel_id}/pins/{message_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Unpins a message (the former route).
    deprecated_delete_pin => DeprecatedDeletePin:
        DELETE "/channels/{channel_id}/pins/{message_id}" -> EmptyBody {
        #[reason]
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Removes every reaction of a message.
    delete_all_message_reactions => DeleteAllMessageReactions:
        DELETE "/channels/{channel_id}/messages/{message_id}/reactions" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }

    /// Lists the users who reacted with an emoji: a Unicode emoji, or `name:id` for a custom
    /// one.
    list_message_reactions_by_emoji => ListMessageReactionsByEmoji:
        GET "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}" -> Vec<User> {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>, emoji_name: &'a str;
        query:
            after: Id<UserMarker>,
            /// 1 to 100, 25 by default.
            limit: u16 [range(1, 100)],
            /// Normal or super reactions.
            kind as "type": ReactionType;
    }

    /// Removes every reaction with an emoji.
    delete_all_message_reactions_by_emoji => DeleteAllMessageReactionsByEmoji:
        DELETE "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>, emoji_name: &'a str;
    }

    /// Reacts to a message with an emoji: a Unicode emoji, or `name:id` for a custom one.
    add_my_message_reaction => AddMyMessageReaction:
        PUT "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>, emoji_name: &'a str;
    }

    /// Removes the bot's reaction.
    delete_my_message_reaction => DeleteMyMessageReaction:
        DELETE "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>, emoji_name: &'a str;
    }

    /// Removes a user's reaction.
    delete_user_message_reaction => DeleteUserMessageReaction:
        DELETE "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}"
        -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>, emoji_name: &'a str,
            user_id: Id<UserMarker>;
    }

    /// Lists the users who voted for an answer (numbered from 1) of a poll.
    get_answer_voters => GetAnswerVoters:
        GET "/channels/{channel_id}/polls/{message_id}/answers/{answer_id}" -> PollAnswerVoters {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>, answer_id: u8;
        query:
            after: Id<UserMarker>,
            /// 1 to 100, 25 by default.
            limit: u16 [range(1, 100)];
    }

    /// Ends a poll now.
    poll_expire => PollExpire: POST "/channels/{channel_id}/polls/{message_id}/expire" -> Message {
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
    }
}
