//! Webhooks: incoming, channel follower and application webhooks.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, ChannelMarker, GuildMarker, WebhookMarker};
use crate::user::User;
use crate::util::{ImageHash, Secret};

/// A webhook: a way to post messages to a channel without a bot connection.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Webhook {
    /// The webhook's id.
    pub id: Id<WebhookMarker>,
    /// The kind of webhook.
    #[serde(rename = "type")]
    pub kind: WebhookType,
    /// The guild it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The channel it posts to.
    #[serde(default)]
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Who created it (not sent with the webhook's token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The default name.
    #[serde(default)]
    pub name: Option<CompactString>,
    /// The default avatar hash.
    #[serde(default)]
    pub avatar: Option<ImageHash>,
    /// The token that lets anyone post with it (incoming webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<Secret>,
    /// The application that created it.
    #[serde(default)]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The guild of the followed channel (channel follower webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_guild: Option<WebhookGuild>,
    /// The followed channel (channel follower webhooks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_channel: Option<WebhookChannel>,
    /// The URL to execute it, which contains the token (OAuth2 `webhook.incoming`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Secret>,
}

impl Webhook {
    /// A webhook with a name; the optional fields are `None`.
    pub fn new(id: Id<WebhookMarker>, kind: WebhookType, name: impl Into<CompactString>) -> Self {
        Self {
            id,
            kind,
            guild_id: None,
            channel_id: None,
            user: None,
            name: Some(name.into()),
            avatar: None,
            token: None,
            application_id: None,
            source_guild: None,
            source_channel: None,
            url: None,
        }
    }
}

int_enum! {
    /// The kind of a webhook.
    pub enum WebhookType: u8 {
        /// Posts messages with a token.
        Incoming = 1,
        /// Posts the messages of a followed announcement channel.
        ChannelFollower = 2,
        /// Belongs to an application, for interactions.
        Application = 3,
    }
}

/// The guild of the channel a channel follower webhook follows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WebhookGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
}

/// The channel a channel follower webhook follows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct WebhookChannel {
    /// The channel's id.
    pub id: Id<ChannelMarker>,
    /// The name.
    pub name: CompactString,
}
