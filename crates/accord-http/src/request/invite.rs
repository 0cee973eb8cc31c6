//! Invites: resolving and revoking them, and the target users of an invite.

use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker, ScheduledEventMarker};
use accord_model::invite::{Invite, TargetUsersJobStatus};

use crate::Client;
use crate::error::Error;
use crate::request::attachment::AttachmentFile;
use crate::request::{Form, Request, TryIntoRequest};
use crate::response::{BinaryBody, EmptyBody};
use crate::routing::{Method, Route};

/// `PUT /invites/{code}/target-users`: restricts who can use an invite to the user ids of a
/// CSV file (one column of ids), the request of [`Client::update_invite_target_users`].
#[must_use = "a request does nothing until awaited"]
pub struct UpdateInviteTargetUsers<'a> {
    client: &'a Client,
    code: &'a str,
    file: &'a AttachmentFile,
}

impl UpdateInviteTargetUsers<'_> {
    /// The route of this request.
    pub const ROUTE: Route =
        Route::new(Method::Put, "/invites/{code}/target-users", "update_invite_target_users");
}

impl TryIntoRequest for UpdateInviteTargetUsers<'_> {
    fn try_into_request(self) -> Result<Request, Error> {
        let form = Form::new().file(
            "target_users_file",
            &self.file.filename,
            &self.file.content_type,
            &self.file.data,
        );
        Request::builder(&Self::ROUTE, Self::ROUTE.path(&[&self.code])).form(form).build()
    }
}

request_future!(UpdateInviteTargetUsers -> EmptyBody);

impl Client {
    /// Restricts an invite to the users listed in a CSV file.
    ///
    /// `PUT /invites/{code}/target-users`
    pub fn update_invite_target_users<'a>(
        &'a self,
        code: &'a str,
        file: &'a AttachmentFile,
    ) -> UpdateInviteTargetUsers<'a> {
        UpdateInviteTargetUsers { client: self, code, file }
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] = &[&UpdateInviteTargetUsers::ROUTE];

requests! {
    /// Returns an invite by its code.
    invite_resolve => InviteResolve: GET "/invites/{code}" -> Invite {
        path: code: &'a str;
        query:
            /// Whether to include the approximate member and presence counts.
            with_counts: bool,
            /// Includes this scheduled event of the guild.
            guild_scheduled_event_id: Id<ScheduledEventMarker>,
            target_channel_id: Id<ChannelMarker>,
            target_message_id: Id<MessageMarker>;
    }

    /// Deletes an invite.
    invite_revoke => InviteRevoke: DELETE "/invites/{code}" -> Invite {
        #[reason]
        path: code: &'a str;
    }

    /// Returns the users allowed to use an invite, as a CSV file: read it with
    /// [`Response::bytes`](crate::Response::bytes) or [`Response::text`](crate::Response::text).
    get_invite_target_users => GetInviteTargetUsers: GET "/invites/{code}/target-users" -> BinaryBody {
        path: code: &'a str;
    }

    /// Returns the progress of processing an invite's target users.
    get_invite_target_users_job_status => GetInviteTargetUsersJobStatus:
        GET "/invites/{code}/target-users/job-status" -> TargetUsersJobStatus {
        path: code: &'a str;
    }
}
