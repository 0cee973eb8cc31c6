//! The users, members, roles, channels, messages and attachments an interaction refers to.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::guild::{PartialMember, Role};
use crate::id::Id;
use crate::id::marker::{AttachmentMarker, ChannelMarker, MessageMarker, RoleMarker, UserMarker};
use crate::message::{Attachment, Message};
use crate::user::User;

/// The objects an interaction's options, selected values or target refer to, keyed by id.
///
/// Each map is left out when empty. Channels are partial (`id`, `type`, `name`, `permissions`
/// and the thread fields); members have no `user`, `deaf` or `mute` (the user is in `users`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Resolved {
    /// The users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<HashMap<Id<UserMarker>, User>>,
    /// The guild memberships of the users, in guild interactions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<HashMap<Id<UserMarker>, PartialMember>>,
    /// The roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<HashMap<Id<RoleMarker>, Role>>,
    /// The channels, partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<HashMap<Id<ChannelMarker>, Channel>>,
    /// The messages (the target of a message command).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<HashMap<Id<MessageMarker>, Message>>,
    /// The attachments (attachment options and file uploads).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<HashMap<Id<AttachmentMarker>, Attachment>>,
}

impl Resolved {
    /// A resolved user, if present.
    pub fn user(&self, id: Id<UserMarker>) -> Option<&User> {
        self.users.as_ref()?.get(&id)
    }

    /// A resolved member, if present.
    pub fn member(&self, id: Id<UserMarker>) -> Option<&PartialMember> {
        self.members.as_ref()?.get(&id)
    }

    /// A resolved role, if present.
    pub fn role(&self, id: Id<RoleMarker>) -> Option<&Role> {
        self.roles.as_ref()?.get(&id)
    }

    /// A resolved channel, if present.
    pub fn channel(&self, id: Id<ChannelMarker>) -> Option<&Channel> {
        self.channels.as_ref()?.get(&id)
    }

    /// A resolved message, if present.
    pub fn message(&self, id: Id<MessageMarker>) -> Option<&Message> {
        self.messages.as_ref()?.get(&id)
    }

    /// A resolved attachment, if present.
    pub fn attachment(&self, id: Id<AttachmentMarker>) -> Option<&Attachment> {
        self.attachments.as_ref()?.get(&id)
    }
}
