//! Applications, teams, application commands and their permissions.

pub mod command;
mod role_connection;
mod team;

use std::collections::HashMap;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use role_connection::{RoleConnection, RoleConnectionMetadata, RoleConnectionMetadataType};
pub use team::{Team, TeamMember, TeamMemberRole, TeamMembershipState};

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, GuildMarker, SkuMarker};
use crate::oauth2::Scope;
use crate::permissions::Permissions;
use crate::user::User;
use crate::util::ImageHash;

/// An application: the owner of a bot, commands, activities and SKUs.
///
/// The same struct holds the full object (`GET /applications/@me`) and the partial ones
/// Discord embeds elsewhere (messages, OAuth2 authorization information, invites), where only
/// `id`, `name`, `icon` and `description` are sure to be present.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Application {
    /// The application's id.
    pub id: Id<ApplicationMarker>,
    /// The name.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// The description.
    pub description: String,
    /// The application's type, mostly unset.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ApplicationType>,
    /// URLs allowed as RPC origins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpc_origins: Option<Vec<CompactString>>,
    /// Whether anyone can add the bot to a guild, not only its owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_public: Option<bool>,
    /// Whether adding the bot needs the full OAuth2 code grant flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_require_code_grant: Option<bool>,
    /// The bot user of the application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<User>,
    /// The URL of the terms of service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_service_url: Option<CompactString>,
    /// The URL of the privacy policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<CompactString>,
    /// The owner (a partial user); for team-owned applications, the team's pseudo-user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<User>,
    /// The hex public key used to check the signatures of interactions and webhook events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_key: Option<CompactString>,
    /// The team that owns the application, if a team does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<Team>,
    /// The guild linked to the application (its support server, for instance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The SKU of a game sold on Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_sku_id: Option<Id<SkuMarker>>,
    /// The URL slug of a game's store page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<CompactString>,
    /// The hash of the rich presence invite cover image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_image: Option<ImageHash>,
    /// The public flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ApplicationFlags>,
    /// The same flags as a decimal string (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags_new: Option<CompactString>,
    /// An approximate number of guilds the app is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_guild_count: Option<u64>,
    /// An approximate number of users who installed the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_user_install_count: Option<u64>,
    /// An approximate number of users who authorized the app with OAuth2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_user_authorization_count: Option<u64>,
    /// The OAuth2 redirect URIs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<CompactString>>,
    /// The URL that receives interactions over HTTP instead of the gateway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactions_endpoint_url: Option<CompactString>,
    /// The URL of the role connection verification page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_connections_verification_url: Option<CompactString>,
    /// The URL that receives webhook events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_webhooks_url: Option<CompactString>,
    /// Whether webhook events are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_webhooks_status: Option<EventWebhookStatus>,
    /// The webhook events the app subscribed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_webhooks_types: Option<Vec<WebhookEventType>>,
    /// Up to 5 tags describing the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<CompactString>>,
    /// The default in-app authorization link settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install_params: Option<InstallParams>,
    /// The default install settings for each installation context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_types_config:
        Option<HashMap<ApplicationIntegrationType, IntegrationTypeConfig>>,
    /// The app's own authorization link, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_install_url: Option<CompactString>,
    /// Whether the app has an interactions endpoint (undocumented; OAuth2 information).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hook: Option<bool>,
    /// The most participants an activity of the app admits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_participants: Option<i32>,
    /// Whether interactions with the app are scanned for explicit content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explicit_content_filter: Option<ApplicationContentFilter>,
    /// The OAuth2 scopes the app may ask for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligible_oauth2_scopes: Option<Vec<Scope>>,
}

impl Application {
    /// A partial application with the fields always present; the rest is `None`.
    pub fn new(
        id: Id<ApplicationMarker>,
        name: impl Into<CompactString>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            id,
            name: name.into(),
            icon: None,
            description: description.into(),
            kind: None,
            rpc_origins: None,
            bot_public: None,
            bot_require_code_grant: None,
            bot: None,
            terms_of_service_url: None,
            privacy_policy_url: None,
            owner: None,
            verify_key: None,
            team: None,
            guild_id: None,
            primary_sku_id: None,
            slug: None,
            cover_image: None,
            flags: None,
            flags_new: None,
            approximate_guild_count: None,
            approximate_user_install_count: None,
            approximate_user_authorization_count: None,
            redirect_uris: None,
            interactions_endpoint_url: None,
            role_connections_verification_url: None,
            event_webhooks_url: None,
            event_webhooks_status: None,
            event_webhooks_types: None,
            tags: None,
            install_params: None,
            integration_types_config: None,
            custom_install_url: None,
            hook: None,
            max_participants: None,
            explicit_content_filter: None,
            eligible_oauth2_scopes: None,
        }
    }

    /// The application's flags; empty when Discord left them out.
    pub fn flags(&self) -> ApplicationFlags {
        self.flags.unwrap_or_default()
    }
}

int_enum! {
    /// The type of an application; most have none.
    pub enum ApplicationType: u8 {
        /// An application that sells guild role subscriptions.
        GuildRoleSubscriptions = 4,
    }
}

flags! {
    /// Public flags on an application.
    pub struct ApplicationFlags: u64 as integer {
        /// The app uses the auto-moderation API (shows a badge).
        const APPLICATION_AUTO_MODERATION_RULE_CREATE_BADGE = 1 << 6;
        /// The app, verified and in 100 or more guilds, may receive presences.
        const GATEWAY_PRESENCE = 1 << 12;
        /// The app, in fewer than 100 guilds, receives presences (enabled in the portal).
        const GATEWAY_PRESENCE_LIMITED = 1 << 13;
        /// The app, verified and in 100 or more guilds, may receive guild members.
        const GATEWAY_GUILD_MEMBERS = 1 << 14;
        /// The app, in fewer than 100 guilds, receives guild members (enabled in the portal).
        const GATEWAY_GUILD_MEMBERS_LIMITED = 1 << 15;
        /// Verification is pending because of unusual growth.
        const VERIFICATION_PENDING_GUILD_LIMIT = 1 << 16;
        /// The app is embedded in the client (an activity).
        const EMBEDDED = 1 << 17;
        /// The app, verified and in 100 or more guilds, may receive message content.
        const GATEWAY_MESSAGE_CONTENT = 1 << 18;
        /// The app, in fewer than 100 guilds, receives message content (enabled in the portal).
        const GATEWAY_MESSAGE_CONTENT_LIMITED = 1 << 19;
        /// The app registered global commands (shows a badge).
        const APPLICATION_COMMAND_BADGE = 1 << 23;
    }
}

int_enum! {
    /// Where an application can be installed: to a guild or to a user.
    pub enum ApplicationIntegrationType: u8 {
        /// Installed to a guild, usable by its members.
        GuildInstall = 0,
        /// Installed to a user, usable by them anywhere.
        UserInstall = 1,
    }
}

int_enum! {
    /// Where an interaction happened, or where a command may be used.
    pub enum InteractionContextType: u8 {
        /// In a guild.
        Guild = 0,
        /// In the DM with the app's bot.
        BotDm = 1,
        /// In other DMs and group DMs (user-installed apps only).
        PrivateChannel = 2,
    }
}

/// The scopes and permissions an authorization link asks for.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct InstallParams {
    /// The OAuth2 scopes.
    pub scopes: Vec<Scope>,
    /// The permissions the bot asks for.
    pub permissions: Permissions,
}

impl InstallParams {
    /// Install parameters.
    pub const fn new(scopes: Vec<Scope>, permissions: Permissions) -> Self {
        Self { scopes, permissions }
    }
}

/// The default install settings of one installation context.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IntegrationTypeConfig {
    /// The default authorization link settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_install_params: Option<InstallParams>,
}

impl IntegrationTypeConfig {
    /// A configuration with install parameters.
    pub const fn new(oauth2_install_params: Option<InstallParams>) -> Self {
        Self { oauth2_install_params }
    }
}

int_enum! {
    /// Whether an application receives webhook events.
    pub enum EventWebhookStatus: u8 {
        /// Turned off by the developer.
        Disabled = 1,
        /// Turned on by the developer.
        Enabled = 2,
        /// Turned off by Discord, usually after too many failed deliveries.
        DisabledByDiscord = 3,
    }
}

int_enum! {
    /// Whether an application's interactions are scanned for explicit content.
    pub enum ApplicationContentFilter: u8 {
        /// Follow each guild's setting.
        Inherit = 0,
        /// Always scan.
        Always = 1,
    }
}

str_enum! {
    /// An event an application can receive at its webhook events URL.
    pub enum WebhookEventType {
        /// A user or guild installed the app.
        ApplicationAuthorized = "APPLICATION_AUTHORIZED",
        /// A user uninstalled the app.
        ApplicationDeauthorized = "APPLICATION_DEAUTHORIZED",
        /// An entitlement was created.
        EntitlementCreate = "ENTITLEMENT_CREATE",
        /// An entitlement was updated.
        EntitlementUpdate = "ENTITLEMENT_UPDATE",
        /// An entitlement was deleted.
        EntitlementDelete = "ENTITLEMENT_DELETE",
        /// A user enrolled in a quest.
        QuestUserEnrollment = "QUEST_USER_ENROLLMENT",
        /// A message was sent in a lobby.
        LobbyMessageCreate = "LOBBY_MESSAGE_CREATE",
        /// A lobby message was edited.
        LobbyMessageUpdate = "LOBBY_MESSAGE_UPDATE",
        /// A lobby message was deleted.
        LobbyMessageDelete = "LOBBY_MESSAGE_DELETE",
        /// A direct message was sent in a game.
        GameDirectMessageCreate = "GAME_DIRECT_MESSAGE_CREATE",
        /// A game direct message was edited.
        GameDirectMessageUpdate = "GAME_DIRECT_MESSAGE_UPDATE",
        /// A game direct message was deleted.
        GameDirectMessageDelete = "GAME_DIRECT_MESSAGE_DELETE",
    }
}

#[cfg(test)]
mod tests {
    use super::{Application, ApplicationIntegrationType};
    use crate::id::Id;

    #[test]
    fn integration_types_config_is_keyed_by_integer_strings() {
        let json = r#"{"id":"1","name":"a","icon":null,"description":"","integration_types_config":{"1":{"oauth2_install_params":{"scopes":["applications.commands"],"permissions":"0"}}}}"#;
        let app: Application = serde_json::from_str(json).unwrap();
        let config = app.integration_types_config.as_ref().unwrap();
        assert!(config[&ApplicationIntegrationType::UserInstall].oauth2_install_params.is_some());
        let back = serde_json::to_value(&app).unwrap();
        assert_eq!(
            back["integration_types_config"]["1"]["oauth2_install_params"]["permissions"],
            "0"
        );
        assert_eq!(Application::new(Id::new(1), "a", "").flags().bits(), 0);
    }
}
