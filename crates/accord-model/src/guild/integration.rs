//! Guild integrations: bots, Twitch and YouTube subscriptions, and role subscriptions.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{ApplicationMarker, GuildMarker, IntegrationMarker, RoleMarker};
use crate::oauth2::Scope;
use crate::user::User;
use crate::util::{ImageHash, Timestamp};

/// Something connected to a guild: a bot, a Twitch or YouTube subscription, or role
/// subscriptions (`GET /guilds/{id}/integrations`).
///
/// The syncing fields (`syncing` to `revoked`) are absent for bot integrations.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Integration {
    /// The integration's id.
    pub id: Id<IntegrationMarker>,
    /// The name.
    #[serde(default)]
    pub name: Option<CompactString>,
    /// The kind of integration.
    #[serde(rename = "type")]
    pub kind: IntegrationType,
    /// Whether it is on.
    pub enabled: bool,
    /// Whether it is syncing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syncing: Option<bool>,
    /// The role given to subscribers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<Id<RoleMarker>>,
    /// Whether emoticons are synced (Twitch only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_emoticons: Option<bool>,
    /// What happens to subscribers whose subscription expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_behavior: Option<IntegrationExpireBehavior>,
    /// Days of grace before an expired subscriber is handled: 1, 3, 7, 14 or 30.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_grace_period: Option<u16>,
    /// The user who added the integration (missing on some old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
    /// The account on the other service.
    pub account: IntegrationAccount,
    /// When it last synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced_at: Option<Timestamp>,
    /// How many subscribers it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscriber_count: Option<u32>,
    /// Whether it was revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// The application of a bot or OAuth2 integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<IntegrationApplication>,
    /// The OAuth2 scopes the application was granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
}

impl Integration {
    /// An enabled integration with an account; the optional fields are `None`.
    pub fn new(
        id: Id<IntegrationMarker>,
        name: impl Into<CompactString>,
        kind: IntegrationType,
        account: IntegrationAccount,
    ) -> Self {
        Self {
            id,
            name: Some(name.into()),
            kind,
            enabled: true,
            syncing: None,
            role_id: None,
            enable_emoticons: None,
            expire_behavior: None,
            expire_grace_period: None,
            user: None,
            account,
            synced_at: None,
            subscriber_count: None,
            revoked: None,
            application: None,
            scopes: None,
        }
    }
}

str_enum! {
    /// The kind of an integration.
    pub enum IntegrationType {
        /// Twitch subscriptions.
        Twitch = "twitch",
        /// YouTube memberships.
        YouTube = "youtube",
        /// A bot or OAuth2 application.
        Discord = "discord",
        /// Role subscriptions.
        GuildSubscription = "guild_subscription",
    }
}

int_enum! {
    /// What happens to a subscriber whose subscription expired.
    pub enum IntegrationExpireBehavior: u8 {
        /// The subscriber role is removed.
        RemoveRole = 0,
        /// The member is kicked.
        Kick = 1,
    }
}

/// The account an integration links to on the other service.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IntegrationAccount {
    /// The account's id on the service.
    pub id: CompactString,
    /// The account's name.
    #[serde(default)]
    pub name: Option<CompactString>,
}

impl IntegrationAccount {
    /// An account from its id and name.
    pub fn new(id: impl Into<CompactString>, name: impl Into<CompactString>) -> Self {
        Self { id: id.into(), name: Some(name.into()) }
    }
}

/// The application behind a bot or OAuth2 integration.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IntegrationApplication {
    /// The application's id.
    pub id: Id<ApplicationMarker>,
    /// The name.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
    /// The description.
    #[serde(default)]
    pub description: String,
    /// The application's bot user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<User>,
}

/// The short form of an integration, in audit logs and in a user's connections.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PartialIntegration {
    /// The integration's id.
    pub id: Id<IntegrationMarker>,
    /// The name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<CompactString>,
    /// The kind of integration.
    #[serde(rename = "type")]
    pub kind: IntegrationType,
    /// The account on the other service.
    pub account: IntegrationAccount,
    /// The application of a bot integration (audit logs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// The guild the integration is in (connections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild: Option<IntegrationGuild>,
}

/// The guild of an integration listed in a user's connections.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct IntegrationGuild {
    /// The guild's id.
    pub id: Id<GuildMarker>,
    /// The name.
    pub name: CompactString,
    /// The icon hash.
    #[serde(default)]
    pub icon: Option<ImageHash>,
}
