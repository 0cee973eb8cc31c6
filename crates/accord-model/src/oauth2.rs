//! OAuth2 objects: scopes, authorization information and token responses.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::application::Application;
use crate::guild::Guild;
use crate::user::User;
use crate::util::{Secret, Timestamp};
use crate::webhook::Webhook;

str_enum! {
    /// A permission an OAuth2 application asks a user for.
    pub enum Scope {
        /// Read-only access to the user's activity feed (needs approval).
        ActivitiesRead = "activities.read",
        /// Update the user's activity (needs approval).
        ActivitiesWrite = "activities.write",
        /// Send activity invites.
        ActivitiesInvitesWrite = "activities.invites.write",
        /// Read build data of the user's applications.
        ApplicationsBuildsRead = "applications.builds.read",
        /// Upload builds of the user's applications.
        ApplicationsBuildsUpload = "applications.builds.upload",
        /// Use commands in a guild or, user-installed, anywhere.
        ApplicationsCommands = "applications.commands",
        /// Update the app's command permissions with a bearer token.
        ApplicationsCommandsPermissionsUpdate = "applications.commands.permissions.update",
        /// Update the app's commands with a bearer token (client credentials only).
        ApplicationsCommandsUpdate = "applications.commands.update",
        /// Read the entitlements of the user's applications.
        ApplicationsEntitlements = "applications.entitlements",
        /// Read and update store data of the user's applications.
        ApplicationsStoreUpdate = "applications.store.update",
        /// Add the app's bot to a guild.
        Bot = "bot",
        /// Read the user's connected accounts.
        Connections = "connections",
        /// See the user's DMs (needs approval).
        DmChannelsRead = "dm_channels.read",
        /// Read the user's email address.
        Email = "email",
        /// Add the user to group DMs.
        GdmJoin = "gdm.join",
        /// List the user's guilds.
        Guilds = "guilds",
        /// Add the user to a guild.
        GuildsJoin = "guilds.join",
        /// Read the user's member objects in their guilds.
        GuildsMembersRead = "guilds.members.read",
        /// Read the user without their email.
        Identify = "identify",
        /// Read messages from all the user's channels through local RPC (needs approval).
        MessagesRead = "messages.read",
        /// Sign in with OpenID Connect.
        OpenId = "openid",
        /// Read the user's friends (needs approval).
        RelationshipsRead = "relationships.read",
        /// Update the user's role connection metadata for this app.
        RoleConnectionsWrite = "role_connections.write",
        /// Control the user's local client through RPC (needs approval).
        Rpc = "rpc",
        /// Update the user's activities through RPC (needs approval).
        RpcActivitiesWrite = "rpc.activities.write",
        /// Receive notifications through RPC (needs approval).
        RpcNotificationsRead = "rpc.notifications.read",
        /// Read the user's screen-share settings through RPC (needs approval).
        RpcScreenshareRead = "rpc.screenshare.read",
        /// Change the user's screen-share settings through RPC (needs approval).
        RpcScreenshareWrite = "rpc.screenshare.write",
        /// Read the user's camera settings through RPC (needs approval).
        RpcVideoRead = "rpc.video.read",
        /// Change the user's camera settings through RPC (needs approval).
        RpcVideoWrite = "rpc.video.write",
        /// Read the user's voice settings through RPC (needs approval).
        RpcVoiceRead = "rpc.voice.read",
        /// Change the user's voice settings through RPC (needs approval).
        RpcVoiceWrite = "rpc.voice.write",
        /// Connect to voice on the user's behalf (needs approval).
        Voice = "voice",
        /// Create a webhook, returned with the token.
        WebhookIncoming = "webhook.incoming",
        /// Use the Social SDK's features for the user.
        SdkSocialLayer = "sdk.social_layer",
    }
}

/// What the current OAuth2 authorization grants (`GET /oauth2/@me`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CurrentAuthorization {
    /// The application (partial).
    pub application: Application,
    /// The scopes the user granted.
    pub scopes: Vec<Scope>,
    /// When the access token expires.
    pub expires: Timestamp,
    /// The user who authorized, with the `identify` scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

impl CurrentAuthorization {
    /// Authorization information.
    pub const fn new(application: Application, scopes: Vec<Scope>, expires: Timestamp) -> Self {
        Self { application, scopes, expires, user: None }
    }
}

/// The answer of the token endpoint (`POST /oauth2/token`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AccessTokenResponse {
    /// The token to send as `Authorization: Bearer <token>`.
    pub access_token: Secret,
    /// The kind of token, `Bearer`.
    pub token_type: CompactString,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// The token to get a new access token with (not for client credentials).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// The scopes granted, sent as one space-separated string.
    #[serde(with = "space_separated")]
    pub scope: Vec<Scope>,
    /// The guild the bot was added to (`bot` scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<Box<Guild>>,
    /// The webhook created (`webhook.incoming` scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<Box<Webhook>>,
    /// The OpenID Connect ID token (`openid` scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<Secret>,
}

impl AccessTokenResponse {
    /// A bearer token for `scope`, without refresh token.
    pub fn new(access_token: impl Into<Secret>, expires_in: u64, scope: Vec<Scope>) -> Self {
        Self {
            access_token: access_token.into(),
            token_type: CompactString::const_new("Bearer"),
            expires_in,
            refresh_token: None,
            scope,
            guild: None,
            webhook: None,
            id_token: None,
        }
    }
}

/// The answer of the device authorization endpoint, which starts the sign-in of a device
/// without a browser (consoles): the user enters `user_code` at `verification_uri`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct DeviceAuthorization {
    /// The code the device polls the token endpoint with.
    pub device_code: Secret,
    /// The code the user enters.
    pub user_code: CompactString,
    /// Where the user enters the code.
    pub verification_uri: CompactString,
    /// The same page with the code filled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_uri_complete: Option<CompactString>,
    /// Seconds until the codes expire.
    pub expires_in: u64,
    /// Seconds to wait between polls of the token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<u64>,
}

/// Scopes as one space-separated string, as OAuth2 writes them.
mod space_separated {
    use super::{Deserializer, Scope, Serializer, Visitor, de, fmt};

    pub(super) fn serialize<S: Serializer>(
        scopes: &[Scope],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut text = String::new();
        for (i, scope) in scopes.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(scope.as_str());
        }
        serializer.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<Scope>, D::Error> {
        struct ScopesVisitor;

        impl Visitor<'_> for ScopesVisitor {
            type Value = Vec<Scope>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("space-separated OAuth2 scopes")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Vec<Scope>, E> {
                Ok(value.split_ascii_whitespace().map(Scope::from).collect())
            }
        }

        deserializer.deserialize_str(ScopesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{AccessTokenResponse, Scope};

    #[test]
    fn scopes_are_one_string_and_tokens_are_secret() {
        let json = r#"{"access_token":"abc","token_type":"Bearer","expires_in":604800,"scope":"identify guilds.join"}"#;
        let token: AccessTokenResponse = serde_json::from_str(json).unwrap();
        assert_eq!(token.scope, [Scope::Identify, Scope::GuildsJoin]);
        assert!(!format!("{token:?}").contains("abc"));
        assert_eq!(serde_json::to_string(&token).unwrap(), json);
    }
}
