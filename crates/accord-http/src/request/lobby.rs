//! Lobbies of the Social SDK: groups of players with a shared text chat, and the Partner
//! SDK's provisional accounts. Discord's responses here have no model type yet and come as
//! JSON values.

use std::collections::HashMap;

use accord_model::id::Id;
use accord_model::id::marker::{
    ApplicationMarker, ChannelMarker, LobbyMarker, MessageMarker, UserMarker,
};
use serde::Serialize;
use serde_json::Value;

use crate::response::EmptyBody;
use crate::validate::{chars, count, range};

/// A member of a lobby to create, edit or update in bulk.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LobbyMember {
    /// The user.
    pub id: Option<Id<UserMarker>>,
    /// Up to 25 keys and values (at most 1024 characters each) for the game.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<HashMap<String, String>>,
    /// `1` lets the member link the lobby to a channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<u32>,
    /// Bulk updates only: removes the member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove_member: Option<bool>,
    /// Bulk updates only: a name shown beside the member's (1 to 80 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_name: Option<String>,
}

impl LobbyMember {
    /// A member by user id.
    pub fn new(id: Id<UserMarker>) -> Self {
        Self { id: Some(id), ..Self::default() }
    }
}

requests! {
    /// Joins the lobby with this secret, creating it if needed (Discord's `LobbyResponse`).
    create_or_join_lobby => CreateOrJoinLobby: PUT "/lobbies" -> Value {
        args:
            /// At most 250 characters.
            secret: &'a str [chars(1, 250)];
        fields:
            /// 5 to 604800 seconds.
            idle_timeout_seconds: u32 [range(5, 604_800)],
            lobby_metadata: &'a HashMap<String, String>,
            member_metadata: &'a HashMap<String, String>,
            flags: u32;
    }

    /// Creates a lobby (Discord's `LobbyResponse`).
    create_lobby => CreateLobby: POST "/lobbies" -> Value {
        fields:
            /// 5 to 604800 seconds.
            idle_timeout_seconds: u32 [range(5, 604_800)],
            /// At most 25 members.
            members: &'a [LobbyMember] [count(0, 25)],
            metadata: &'a HashMap<String, String>,
            flags: u32,
            /// At most 512 characters.
            override_event_webhooks_url: &'a str [chars(0, 512)];
    }

    /// Returns a lobby.
    get_lobby => GetLobby: GET "/lobbies/{lobby_id}" -> Value {
        path: lobby_id: Id<LobbyMarker>;
    }

    /// Deletes a lobby.
    delete_lobby => DeleteLobby: DELETE "/lobbies/{lobby_id}" -> EmptyBody {
        path: lobby_id: Id<LobbyMarker>;
    }

    /// Changes a lobby.
    edit_lobby => EditLobby: PATCH "/lobbies/{lobby_id}" -> Value {
        path: lobby_id: Id<LobbyMarker>;
        fields:
            /// 5 to 604800 seconds.
            idle_timeout_seconds: u32 [range(5, 604_800)],
            metadata: &'a HashMap<String, String>,
            /// At most 25 members; replaces the members.
            members: &'a [LobbyMember] [count(0, 25)],
            flags: u32,
            /// At most 512 characters.
            override_event_webhooks_url: &'a str [chars(0, 512)];
    }

    /// Links a lobby to a channel, or unlinks it with `None`.
    edit_lobby_channel_link => EditLobbyChannelLink: PATCH "/lobbies/{lobby_id}/channel-linking" -> Value {
        path: lobby_id: Id<LobbyMarker>;
        nullable: channel_id: Id<ChannelMarker>;
    }

    /// Leaves a lobby (Bearer token).
    leave_lobby => LeaveLobby: DELETE "/lobbies/{lobby_id}/members/@me" -> EmptyBody {
        path: lobby_id: Id<LobbyMarker>;
    }

    /// Creates an invite to the guild linked to a lobby, for the current user
    /// (`{"code"}`).
    create_linked_lobby_guild_invite_for_self => CreateLinkedLobbyGuildInviteForSelf:
        POST "/lobbies/{lobby_id}/members/@me/invites" -> Value {
        path: lobby_id: Id<LobbyMarker>;
    }

    /// Adds, changes or removes up to 25 members at once.
    bulk_update_lobby_members => BulkUpdateLobbyMembers:
        POST "/lobbies/{lobby_id}/members/bulk" -> Value {
        path: lobby_id: Id<LobbyMarker>;
        json: members: &'a [LobbyMember] [count(1, 25)];
    }

    /// Adds a member to a lobby, or changes it.
    add_lobby_member => AddLobbyMember: PUT "/lobbies/{lobby_id}/members/{user_id}" -> Value {
        path: lobby_id: Id<LobbyMarker>, user_id: Id<UserMarker>;
        fields:
            metadata: &'a HashMap<String, String>,
            flags: u32,
            /// 1 to 80 characters.
            additional_name: &'a str [chars(1, 80)];
    }

    /// Removes a member from a lobby.
    delete_lobby_member => DeleteLobbyMember: DELETE "/lobbies/{lobby_id}/members/{user_id}" -> EmptyBody {
        path: lobby_id: Id<LobbyMarker>, user_id: Id<UserMarker>;
    }

    /// Creates an invite to the guild linked to a lobby, for a member (`{"code"}`).
    create_linked_lobby_guild_invite_for_user => CreateLinkedLobbyGuildInviteForUser:
        POST "/lobbies/{lobby_id}/members/{user_id}/invites" -> Value {
        path: lobby_id: Id<LobbyMarker>, user_id: Id<UserMarker>;
    }

    /// Lists the messages of a lobby.
    get_lobby_messages => GetLobbyMessages: GET "/lobbies/{lobby_id}/messages" -> Vec<Value> {
        path: lobby_id: Id<LobbyMarker>;
        query:
            /// 1 to 200, 50 by default.
            limit: u16 [range(1, 200)];
    }

    /// Sends a message to a lobby.
    create_lobby_message => CreateLobbyMessage: POST "/lobbies/{lobby_id}/messages" -> Value {
        path: lobby_id: Id<LobbyMarker>;
        fields:
            /// At most 2000 characters.
            content: &'a str [chars(0, 2000)],
            flags: u64;
    }

    /// Sets the moderation metadata of a lobby message, for the game's own moderation.
    update_lobby_message_external_moderation_metadata => UpdateLobbyMessageExternalModerationMetadata:
        PUT "/lobbies/{lobby_id}/messages/{message_id}/moderation-metadata" -> EmptyBody {
        path: lobby_id: Id<LobbyMarker>, message_id: Id<MessageMarker>;
        json: metadata: &'a HashMap<String, String>;
    }

    /// Sets the moderation metadata of a DM between two users of the Partner SDK.
    update_user_message_external_moderation_metadata => UpdateUserMessageExternalModerationMetadata:
        PUT "/partner-sdk/dms/{user_id_1}/{user_id_2}/messages/{message_id}/moderation-metadata"
        -> EmptyBody {
        path: user_id_1: Id<UserMarker>, user_id_2: Id<UserMarker>, message_id: Id<MessageMarker>;
        json: metadata: &'a HashMap<String, String>;
    }

    /// Unmerges a provisional account from its Discord account, authenticated by the game's
    /// identity provider.
    partner_sdk_unmerge_provisional_account => PartnerSdkUnmergeProvisionalAccount:
        POST "/partner-sdk/provisional-accounts/unmerge" -> EmptyBody {
        #[no_auth]
        args:
            client_id: Id<ApplicationMarker>,
            external_auth_token: &'a str [chars(1, 10_240)],
            /// The identity provider's type (`OIDC`, `EPIC_ONLINE_SERVICES_ACCESS_TOKEN`, ...).
            external_auth_type: &'a str;
        fields:
            /// At most 1024 characters.
            client_secret: &'a str [chars(0, 1024)];
    }

    /// Unmerges a provisional account by the game's user id (bot token).
    bot_partner_sdk_unmerge_provisional_account => BotPartnerSdkUnmergeProvisionalAccount:
        POST "/partner-sdk/provisional-accounts/unmerge/bot" -> EmptyBody {
        args: external_user_id: &'a str [chars(1, 1024)];
    }

    /// Exchanges an identity provider's token for a provisional account's token (Discord's
    /// `ProvisionalTokenResponse`).
    partner_sdk_token => PartnerSdkToken: POST "/partner-sdk/token" -> Value {
        #[no_auth]
        args:
            client_id: Id<ApplicationMarker>,
            external_auth_token: &'a str [chars(1, 10_240)],
            /// The identity provider's type.
            external_auth_type: &'a str;
        fields:
            /// At most 1024 characters.
            client_secret: &'a str [chars(0, 1024)];
    }

    /// Returns a provisional account's token for the game's user id (bot token).
    bot_partner_sdk_token => BotPartnerSdkToken: POST "/partner-sdk/token/bot" -> Value {
        args: external_user_id: &'a str [chars(1, 1024)];
        fields:
            provisional_user_id: Id<UserMarker>,
            /// 1 to 32 characters.
            preferred_global_name: &'a str [chars(1, 32)];
    }
}
