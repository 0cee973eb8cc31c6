//! Allowed mentions: which mentions in a message the app sends will notify.

use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{RoleMarker, UserMarker};

/// Which mentions of a message notify anyone.
///
/// Without it Discord notifies every mention in the content; an empty `parse` notifies none
/// but the users and roles listed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AllowedMentions {
    /// The kinds of mention found in the content that notify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parse: Option<Vec<MentionType>>,
    /// The roles that may be notified (up to 100); not with `parse` containing roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Id<RoleMarker>>>,
    /// The users that may be notified (up to 100); not with `parse` containing users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<Id<UserMarker>>>,
    /// Whether the author of the message replied to is notified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied_user: Option<bool>,
}

impl AllowedMentions {
    /// No mention notifies anyone.
    pub const fn none() -> Self {
        Self { parse: Some(Vec::new()), roles: None, users: None, replied_user: Some(false) }
    }

    /// Every mention in the content notifies, as without allowed mentions.
    pub fn all() -> Self {
        Self {
            parse: Some(vec![MentionType::Users, MentionType::Roles, MentionType::Everyone]),
            roles: None,
            users: None,
            replied_user: Some(true),
        }
    }
}

str_enum! {
    /// A kind of mention found in a message's content.
    pub enum MentionType {
        /// Role mentions.
        Roles = "roles",
        /// User mentions.
        Users = "users",
        /// @everyone and @here.
        Everyone = "everyone",
    }
}
