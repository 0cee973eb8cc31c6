//! Guilds: settings, audit log, previews, pruning, widgets, welcome screens, onboarding,
//! templates, integrations, invites, webhooks and message search. Members, roles, channels,
//! expressions, scheduled events and auto moderation have their own modules.

pub mod auto_moderation;
pub mod channel;
pub mod expression;
pub mod member;
pub mod role;
pub mod scheduled_event;

use accord_model::audit_log::{AuditLog, AuditLogEventType};
use accord_model::channel::ThreadList;
use accord_model::guild::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, Guild, GuildFeature, GuildPreview,
    GuildTemplate, GuildWidget, GuildWidgetSettings, IncidentsData, Integration, Onboarding,
    OnboardingMode, OnboardingPrompt, PruneCount, SystemChannelFlags, VanityUrl, VerificationLevel,
    WelcomeScreen, WelcomeScreenChannel,
};
use accord_model::id::Id;
use accord_model::id::marker::{
    AuditLogEntryMarker, ChannelMarker, GenericMarker, GuildMarker, IntegrationMarker,
    MessageMarker, RoleMarker, UserMarker,
};
use accord_model::invite::Invite;
use accord_model::locale::Locale;
use accord_model::message::MessageSearch;
use accord_model::util::Timestamp;
use accord_model::voice::VoiceRegion;
use accord_model::webhook::Webhook;
use serde_json::Value;

use crate::response::{BinaryBody, EmptyBody};
use crate::validate::{chars, count, range};

requests! {
    /// Returns a guild.
    get_guild => GetGuild: GET "/guilds/{guild_id}" -> Guild {
        path: guild_id: Id<GuildMarker>;
        query:
            /// Whether to include the approximate member and presence counts.
            with_counts: bool;
    }

    /// Changes a guild's settings.
    update_guild => UpdateGuild: PATCH "/guilds/{guild_id}" -> Guild {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        fields:
            /// 2 to 100 characters.
            name: &'a str [chars(2, 100)],
            /// Community and other toggleable features.
            features: &'a [GuildFeature],
            premium_progress_bar_enabled: bool;
        nullable:
            /// At most 300 characters.
            description: &'a str [chars(0, 300)],
            verification_level: VerificationLevel,
            default_message_notifications: DefaultMessageNotificationLevel,
            explicit_content_filter: ExplicitContentFilter,
            preferred_locale: Locale,
            /// 60, 300, 900, 1800 or 3600 seconds.
            afk_timeout: u32 [range(60, 3600)],
            afk_channel_id: Id<ChannelMarker>,
            system_channel_id: Id<ChannelMarker>,
            system_channel_flags: SystemChannelFlags,
            rules_channel_id: Id<ChannelMarker>,
            public_updates_channel_id: Id<ChannelMarker>,
            safety_alerts_channel_id: Id<ChannelMarker>,
            /// A data URI of the icon.
            icon: &'a str,
            /// A data URI of the invite splash.
            splash: &'a str,
            /// A data URI of the discovery splash.
            discovery_splash: &'a str,
            /// A data URI of the banner.
            banner: &'a str,
            /// A data URI of the home header.
            home_header: &'a str;
    }

    /// Lists entries of the guild's audit log, newest first.
    list_guild_audit_log_entries => ListGuildAuditLogEntries:
        GET "/guilds/{guild_id}/audit-logs" -> AuditLog {
        path: guild_id: Id<GuildMarker>;
        query:
            /// Only entries made by this user.
            user_id: Id<UserMarker>,
            /// Only entries about this object.
            target_id: Id<GenericMarker>,
            action_type: AuditLogEventType,
            before: Id<AuditLogEntryMarker>,
            after: Id<AuditLogEntryMarker>,
            /// 1 to 100, 50 by default.
            limit: u16 [range(1, 100)];
    }

    /// Returns the public preview of a guild.
    get_guild_preview => GetGuildPreview: GET "/guilds/{guild_id}/preview" -> GuildPreview {
        path: guild_id: Id<GuildMarker>;
    }

    /// Counts the members a prune would kick.
    preview_prune_guild => PreviewPruneGuild: GET "/guilds/{guild_id}/prune" -> PruneCount {
        path: guild_id: Id<GuildMarker>;
        query:
            /// Days of inactivity: 1 to 30, 7 by default.
            days: u8 [range(1, 30)],
            /// Roles whose members are pruned too (at most 100).
            include_roles: &'a [Id<RoleMarker>] [count(0, 100)];
    }

    /// Kicks inactive members without roles.
    prune_guild => PruneGuild: POST "/guilds/{guild_id}/prune" -> PruneCount {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        fields:
            /// Days of inactivity: 1 to 30, 7 by default.
            days: u8 [range(1, 30)],
            /// Whether to return the count (slow in large guilds).
            compute_prune_count: bool,
            /// Roles whose members are pruned too (at most 100).
            include_roles: &'a [Id<RoleMarker>] [count(0, 100)];
    }

    /// Lists the voice regions available to the guild.
    list_guild_voice_regions => ListGuildVoiceRegions:
        GET "/guilds/{guild_id}/regions" -> Vec<VoiceRegion> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Returns the vanity invite of a guild.
    get_guild_vanity_url => GetGuildVanityUrl: GET "/guilds/{guild_id}/vanity-url" -> VanityUrl {
        path: guild_id: Id<GuildMarker>;
    }

    /// Returns the widget settings of a guild.
    get_guild_widget_settings => GetGuildWidgetSettings:
        GET "/guilds/{guild_id}/widget" -> GuildWidgetSettings {
        path: guild_id: Id<GuildMarker>;
    }

    /// Changes the widget settings of a guild.
    update_guild_widget_settings => UpdateGuildWidgetSettings:
        PATCH "/guilds/{guild_id}/widget" -> GuildWidgetSettings {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        fields: enabled: bool;
        nullable: channel_id: Id<ChannelMarker>;
    }

    /// Returns the public widget of a guild.
    get_guild_widget => GetGuildWidget: GET "/guilds/{guild_id}/widget.json" -> GuildWidget {
        #[no_auth]
        path: guild_id: Id<GuildMarker>;
    }

    /// Returns the widget of a guild as a PNG image: read it with
    /// [`Response::bytes`](crate::Response::bytes).
    get_guild_widget_png => GetGuildWidgetPng: GET "/guilds/{guild_id}/widget.png" -> BinaryBody {
        #[no_auth]
        path: guild_id: Id<GuildMarker>;
        query:
            /// `shield`, `banner1`, `banner2`, `banner3` or `banner4`.
            style: &'a str;
    }

    /// Returns the welcome screen of a guild.
    get_guild_welcome_screen => GetGuildWelcomeScreen:
        GET "/guilds/{guild_id}/welcome-screen" -> WelcomeScreen {
        path: guild_id: Id<GuildMarker>;
    }

    /// Changes the welcome screen of a guild.
    update_guild_welcome_screen => UpdateGuildWelcomeScreen:
        PATCH "/guilds/{guild_id}/welcome-screen" -> WelcomeScreen {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        nullable:
            enabled: bool,
            /// At most 5 channels.
            welcome_channels: &'a [WelcomeScreenChannel] [count(0, 5)],
            /// At most 140 characters.
            description: &'a str [chars(0, 140)];
    }

    /// Returns the onboarding flow of a guild.
    get_guilds_onboarding => GetGuildsOnboarding: GET "/guilds/{guild_id}/onboarding" -> Onboarding {
        path: guild_id: Id<GuildMarker>;
    }

    /// Replaces the onboarding flow of a guild.
    put_guilds_onboarding => PutGuildsOnboarding: PUT "/guilds/{guild_id}/onboarding" -> Onboarding {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        fields:
            /// At most 15 prompts.
            prompts: &'a [OnboardingPrompt] [count(0, 15)],
            default_channel_ids: &'a [Id<ChannelMarker>] [count(0, 500)],
            enabled: bool,
            mode: OnboardingMode;
    }

    /// Pauses invites or DMs of a guild during a raid.
    update_guild_incident_actions => UpdateGuildIncidentActions:
        PUT "/guilds/{guild_id}/incident-actions" -> IncidentsData {
        path: guild_id: Id<GuildMarker>;
        nullable:
            /// When invites work again (at most 24 hours from now).
            invites_disabled_until: Timestamp,
            /// When DMs work again (at most 24 hours from now).
            dms_disabled_until: Timestamp;
    }

    /// Returns the new member welcome settings of a guild (Discord's `GuildHomeSettings`).
    get_guild_new_member_welcome => GetGuildNewMemberWelcome:
        GET "/guilds/{guild_id}/new-member-welcome" -> Option<Value> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Lists the join requests of a guild with member verification (Discord's
    /// `GuildJoinRequestsList`).
    get_guild_join_requests => GetGuildJoinRequests: GET "/guilds/{guild_id}/requests" -> Value {
        path: guild_id: Id<GuildMarker>;
        query:
            /// `SUBMITTED`, `APPROVED` or `REJECTED`.
            status: &'a str,
            /// 1 to 100.
            limit: u16 [range(1, 100)],
            before: Id<GenericMarker>,
            after: Id<GenericMarker>;
    }

    /// Approves or rejects a join request (Discord's `GuildJoinRequest`).
    action_guild_join_request => ActionGuildJoinRequest:
        PATCH "/guilds/{guild_id}/requests/{request_id}" -> Value {
        path: guild_id: Id<GuildMarker>, request_id: Id<GenericMarker>;
        fields:
            /// `APPROVED` or `REJECTED`.
            action: &'a str,
            /// At most 160 characters.
            rejection_reason: &'a str [chars(0, 160)];
    }

    /// Lists the integrations of a guild.
    list_guild_integrations => ListGuildIntegrations:
        GET "/guilds/{guild_id}/integrations" -> Vec<Integration> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Removes an integration (and the bot of an application) from a guild.
    delete_guild_integration => DeleteGuildIntegration:
        DELETE "/guilds/{guild_id}/integrations/{integration_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, integration_id: Id<IntegrationMarker>;
    }

    /// Lists the invites of a guild, with their metadata.
    list_guild_invites => ListGuildInvites: GET "/guilds/{guild_id}/invites" -> Vec<Invite> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Lists the webhooks of a guild.
    get_guild_webhooks => GetGuildWebhooks: GET "/guilds/{guild_id}/webhooks" -> Vec<Webhook> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Lists the active threads of a guild that the bot can see.
    get_active_guild_threads => GetActiveGuildThreads:
        GET "/guilds/{guild_id}/threads/active" -> ThreadList {
        path: guild_id: Id<GuildMarker>;
    }

    /// Returns a guild template by its code.
    get_guild_template => GetGuildTemplate: GET "/guilds/templates/{code}" -> GuildTemplate {
        path: code: &'a str;
    }

    /// Lists the templates of a guild.
    list_guild_templates => ListGuildTemplates:
        GET "/guilds/{guild_id}/templates" -> Vec<GuildTemplate> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Creates a template from a guild.
    create_guild_template => CreateGuildTemplate:
        POST "/guilds/{guild_id}/templates" -> GuildTemplate {
        path: guild_id: Id<GuildMarker>;
        args: name: &'a str [chars(1, 100)];
        nullable:
            /// At most 120 characters.
            description: &'a str [chars(0, 120)];
    }

    /// Updates a template to the guild's current state.
    sync_guild_template => SyncGuildTemplate:
        PUT "/guilds/{guild_id}/templates/{code}" -> GuildTemplate {
        path: guild_id: Id<GuildMarker>, code: &'a str;
    }

    /// Deletes a template.
    delete_guild_template => DeleteGuildTemplate:
        DELETE "/guilds/{guild_id}/templates/{code}" -> GuildTemplate {
        path: guild_id: Id<GuildMarker>, code: &'a str;
    }

    /// Renames or redescribes a template.
    update_guild_template => UpdateGuildTemplate:
        PATCH "/guilds/{guild_id}/templates/{code}" -> GuildTemplate {
        path: guild_id: Id<GuildMarker>, code: &'a str;
        fields:
            /// 1 to 100 characters.
            name: &'a str [chars(1, 100)];
        nullable:
            /// At most 120 characters.
            description: &'a str [chars(0, 120)];
    }

    /// Searches the messages of a guild. Discord answers 202 while it indexes the guild:
    /// check the status before reading the model.
    guild_search => GuildSearch: GET "/guilds/{guild_id}/messages/search" -> MessageSearch {
        path: guild_id: Id<GuildMarker>;
        query:
            /// Words to find (at most 1024 characters).
            content: &'a str [chars(0, 1024)],
            /// `timestamp` or `relevance`.
            sort_by: &'a str,
            /// `asc` or `desc`.
            sort_order: &'a str,
            /// How far apart the words may be (0 to 100).
            slop: u8 [range(0, 100)],
            /// At most 100 authors.
            author_id: &'a [Id<UserMarker>] [count(0, 100)],
            /// `user`, `bot`, `webhook` or their negations (`-bot`).
            author_type: &'a [&'a str] [count(0, 6)],
            /// Messages mentioning these users (at most 100).
            mentions: &'a [Id<UserMarker>] [count(0, 100)],
            /// Messages mentioning these roles (at most 100).
            mentions_role_id: &'a [Id<RoleMarker>] [count(0, 100)],
            /// Replies to these users (at most 100).
            replied_to_user_id: &'a [Id<UserMarker>] [count(0, 100)],
            /// Replies to these messages (at most 100).
            replied_to_message_id: &'a [Id<MessageMarker>] [count(0, 100)],
            mention_everyone: bool,
            min_id: Id<MessageMarker>,
            max_id: Id<MessageMarker>,
            /// 1 to 25.
            limit: u8 [range(1, 25)],
            /// 0 to 9975.
            offset: u16 [range(0, 9975)],
            /// `link`, `embed`, `file`, `image`, `poll`, ... or their negations.
            has: &'a [&'a str] [count(0, 18)],
            link_hostname: &'a [&'a str] [count(0, 100)],
            embed_provider: &'a [&'a str] [count(0, 100)],
            embed_type: &'a [&'a str] [count(0, 5)],
            attachment_extension: &'a [&'a str] [count(0, 100)],
            attachment_filename: &'a [&'a str] [count(0, 100)],
            pinned: bool,
            include_nsfw: bool,
            /// At most 500 channels.
            channel_id: &'a [Id<ChannelMarker>] [count(0, 500)];
    }
}
