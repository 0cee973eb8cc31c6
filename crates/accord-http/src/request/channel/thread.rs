//! Threads: creating them, their members, and listing archived ones.

use accord_model::channel::{
    AutoArchiveDuration, Channel, ChannelType, TagSearchSetting, ThreadList, ThreadMember,
    ThreadSearch,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, TagMarker, UserMarker};
use accord_model::util::Timestamp;
use serde_json::{Map, Value};

use crate::Client;
use crate::error::Error;
use crate::request::message_body::MessageFields;
use crate::request::{Request, TryIntoRequest, to_json};
use crate::response::EmptyBody;
use crate::routing::{Method, Route};
use crate::validate::{ValidationError, chars, check_chars, check_count, count, range, record};

/// `POST /channels/{channel_id}/threads`: starts a thread without a message in a text
/// channel, or a post (a thread with its first message) in a forum or media channel; the
/// request of [`Client::create_thread`].
///
/// Setting any message field ([`content`](Self::content), [`embeds`](Self::embeds), ...)
/// makes it a forum post.
#[must_use = "a request does nothing until awaited"]
pub struct CreateThread<'a> {
    client: &'a Client,
    channel_id: Id<ChannelMarker>,
    name: &'a str,
    auto_archive_duration: Option<AutoArchiveDuration>,
    rate_limit_per_user: Option<u16>,
    kind: Option<ChannelType>,
    invitable: Option<bool>,
    applied_tags: Option<&'a [Id<TagMarker>]>,
    reason: Option<&'a str>,
    error: Option<ValidationError>,
    fields: MessageFields<'a>,
}

impl<'a> CreateThread<'a> {
    /// The route of this request.
    pub const ROUTE: Route =
        Route::new(Method::Post, "/channels/{channel_id}/threads", "create_thread");

    /// Sets how long without activity before the thread is archived.
    pub fn auto_archive_duration(mut self, duration: AutoArchiveDuration) -> Self {
        self.auto_archive_duration = Some(duration);
        self
    }

    /// Sets the slowmode, 0 to 21600 seconds.
    pub fn rate_limit_per_user(mut self, seconds: u16) -> Self {
        record(&mut self.error, "rate_limit_per_user", range::<u16>(0, 21_600)(&seconds));
        self.rate_limit_per_user = Some(seconds);
        self
    }

    /// Sets the thread's type (a private thread by default in text channels).
    pub fn kind(mut self, kind: ChannelType) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Sets whether members of a private thread can invite others.
    pub fn invitable(mut self, invitable: bool) -> Self {
        self.invitable = Some(invitable);
        self
    }

    /// Sets the tags of a forum post (at most 5).
    pub fn applied_tags(mut self, tags: &'a [Id<TagMarker>]) -> Self {
        record(&mut self.error, "applied_tags", check_count(tags.len(), 0, 5));
        self.applied_tags = Some(tags);
        self
    }

    /// Sets the reason recorded in the guild's audit log (at most 512 characters).
    pub fn reason(mut self, reason: &'a str) -> Self {
        self.reason = Some(reason);
        self
    }

    message_setters!(
        content set, embeds set, components set, allowed_mentions set, flags set,
        attachments set, sticker_ids set,
    );
}

impl TryIntoRequest for CreateThread<'_> {
    fn try_into_request(mut self) -> Result<Request, Error> {
        let forum_post = self.fields.files.len()
            + usize::from(!self.fields.content.is_absent())
            + usize::from(!self.fields.embeds.is_absent())
            + usize::from(!self.fields.components.is_absent())
            + usize::from(self.fields.sticker_ids.is_some())
            > 0;
        let message_error = self.fields.finish_checks(true);
        let mut body = Map::new();
        body.insert("name".to_owned(), Value::from(self.name));
        let optional = [
            (
                "auto_archive_duration",
                self.auto_archive_duration.as_ref().map(to_json).transpose()?,
            ),
            ("rate_limit_per_user", self.rate_limit_per_user.map(Value::from)),
            ("type", self.kind.as_ref().map(to_json).transpose()?),
            ("invitable", self.invitable.map(Value::from)),
            ("applied_tags", self.applied_tags.map(to_json).transpose()?),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                body.insert(key.to_owned(), value);
            }
        }
        if forum_post {
            body.insert("message".to_owned(), Value::Object(self.fields.to_map()?));
        }
        let builder = Request::builder(&Self::ROUTE, Self::ROUTE.path(&[&self.channel_id]))
            .reason(self.reason)
            .validation(self.error)
            .validation(message_error);
        self.fields.attach(builder, &Value::Object(body)).build()
    }
}

request_future!(CreateThread -> Channel);

impl Client {
    /// Starts a thread (1 to 100 characters of name) in a text channel, or a post in a forum
    /// or media channel.
    ///
    /// `POST /channels/{channel_id}/threads`
    pub fn create_thread<'a>(
        &'a self,
        channel_id: Id<ChannelMarker>,
        name: &'a str,
    ) -> CreateThread<'a> {
        let mut error = None;
        record(&mut error, "name", check_chars(name, 1, 100));
        CreateThread {
            client: self,
            channel_id,
            name,
            auto_archive_duration: None,
            rate_limit_per_user: None,
            kind: None,
            invitable: None,
            applied_tags: None,
            reason: None,
            error,
            fields: MessageFields::default(),
        }
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] = &[&CreateThread::ROUTE];

requests! {
    /// Starts a thread from a message.
    create_thread_from_message => CreateThreadFromMessage:
        POST "/channels/{channel_id}/messages/{message_id}/threads" -> Channel {
        #[reason]
        path: channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>;
        args: name: &'a str [chars(1, 100)];
        fields:
            auto_archive_duration: AutoArchiveDuration,
            /// 0 to 21600 seconds.
            rate_limit_per_user: u16 [range(0, 21_600)];
    }

    /// Lists the members of a thread.
    list_thread_members => ListThreadMembers:
        GET "/channels/{channel_id}/thread-members" -> Vec<ThreadMember> {
        path: channel_id: Id<ChannelMarker>;
        query:
            /// Whether to include each member's guild member object (and paginate).
            with_member: bool,
            after: Id<UserMarker>,
            /// 1 to 100, 100 by default.
            limit: u16 [range(1, 100)];
    }

    /// Joins a thread.
    join_thread => JoinThread: PUT "/channels/{channel_id}/thread-members/@me" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Leaves a thread.
    leave_thread => LeaveThread: DELETE "/channels/{channel_id}/thread-members/@me" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>;
    }

    /// Returns a member of a thread.
    get_thread_member => GetThreadMember:
        GET "/channels/{channel_id}/thread-members/{user_id}" -> ThreadMember {
        path: channel_id: Id<ChannelMarker>, user_id: Id<UserMarker>;
        query:
            /// Whether to include the guild member object.
            with_member: bool;
    }

    /// Adds a member to a thread.
    add_thread_member => AddThreadMember:
        PUT "/channels/{channel_id}/thread-members/{user_id}" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, user_id: Id<UserMarker>;
    }

    /// Removes a member from a thread.
    delete_thread_member => DeleteThreadMember:
        DELETE "/channels/{channel_id}/thread-members/{user_id}" -> EmptyBody {
        path: channel_id: Id<ChannelMarker>, user_id: Id<UserMarker>;
    }

    /// Lists the archived private threads of a channel, most recently archived first.
    list_private_archived_threads => ListPrivateArchivedThreads:
        GET "/channels/{channel_id}/threads/archived/private" -> ThreadList {
        path: channel_id: Id<ChannelMarker>;
        query:
            /// Only threads archived before this time.
            before: Timestamp,
            /// 2 to 100.
            limit: u16 [range(2, 100)];
    }

    /// Lists the archived public threads of a channel, most recently archived first.
    list_public_archived_threads => ListPublicArchivedThreads:
        GET "/channels/{channel_id}/threads/archived/public" -> ThreadList {
        path: channel_id: Id<ChannelMarker>;
        query:
            /// Only threads archived before this time.
            before: Timestamp,
            /// 2 to 100.
            limit: u16 [range(2, 100)];
    }

    /// Lists the archived private threads the bot joined.
    list_my_private_archived_threads => ListMyPrivateArchivedThreads:
        GET "/channels/{channel_id}/users/@me/threads/archived/private" -> ThreadList {
        path: channel_id: Id<ChannelMarker>;
        query:
            /// Only threads with an id before this one.
            before: Id<ChannelMarker>,
            /// 2 to 100.
            limit: u16 [range(2, 100)];
    }

    /// Searches the posts of a forum or media channel. Discord answers 202 while it indexes
    /// the channel: check the status before reading the model.
    thread_search => ThreadSearchRequest: GET "/channels/{channel_id}/threads/search" -> ThreadSearch {
        path: channel_id: Id<ChannelMarker>;
        query:
            /// Words to find in post titles (at most 100 characters).
            name: &'a str [chars(0, 100)],
            /// How far apart the searched words may be (0 to 100).
            slop: u8 [range(0, 100)],
            min_id: Id<ChannelMarker>,
            max_id: Id<ChannelMarker>,
            /// Tags the posts carry (at most 20).
            tag: &'a [Id<TagMarker>] [count(0, 20)],
            tag_setting: TagSearchSetting,
            archived: bool,
            /// `relevance`, `creation_time`, `last_message_time` or `archive_time`.
            sort_by: &'a str,
            /// `asc` or `desc`.
            sort_order: &'a str,
            /// 1 to 25.
            limit: u8 [range(1, 25)],
            /// 0 to 9975.
            offset: u16 [range(0, 9975)];
    }
}
