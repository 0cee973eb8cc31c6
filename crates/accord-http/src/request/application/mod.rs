//! Applications: the bot's own application, its emojis, role connection metadata,
//! activity instances, uploads and entitlements. Commands have their own module.

pub mod command;

use std::collections::HashMap;

use accord_model::application::{
    Application, ApplicationContentFilter, ApplicationFlags, ApplicationIntegrationType,
    ApplicationType, EventWebhookStatus, InstallParams, IntegrationTypeConfig, RoleConnection,
    RoleConnectionMetadata, WebhookEventType,
};
use accord_model::emoji::{ApplicationEmojis, Emoji};
use accord_model::id::Id;
use accord_model::id::marker::{
    ApplicationMarker, EmojiMarker, EntitlementMarker, GenericMarker, GuildMarker, SkuMarker,
    TeamMarker, UserMarker,
};
use accord_model::monetization::{Entitlement, EntitlementOwnerType};
use serde_json::Value;

use crate::Client;
use crate::error::Error;
use crate::request::attachment::AttachmentFile;
use crate::request::{Form, Request, TryIntoRequest};
use crate::response::EmptyBody;
use crate::routing::{Method, Route};
use crate::validate::{Check, chars, check_chars, count, range};

/// Application tags: at most 5, of at most 20 characters each.
fn check_tags(tags: &&[&str]) -> Check {
    crate::validate::check_count(tags.len(), 0, 5)?;
    tags.iter().try_for_each(|tag| check_chars(tag, 0, 20))
}

/// `POST /applications/{application_id}/attachment`: uploads a file for an activity to use,
/// the request of [`Client::upload_application_attachment`]. Discord answers
/// `{"attachment": {...}}`.
#[must_use = "a request does nothing until awaited"]
pub struct UploadApplicationAttachment<'a> {
    client: &'a Client,
    application_id: Id<ApplicationMarker>,
    file: &'a AttachmentFile,
}

impl UploadApplicationAttachment<'_> {
    /// The route of this request.
    pub const ROUTE: Route = Route::new(
        Method::Post,
        "/applications/{application_id}/attachment",
        "upload_application_attachment",
    );
}

impl TryIntoRequest for UploadApplicationAttachment<'_> {
    fn try_into_request(self) -> Result<Request, Error> {
        let form =
            Form::new().file("file", &self.file.filename, &self.file.content_type, &self.file.data);
        Request::builder(&Self::ROUTE, Self::ROUTE.path(&[&self.application_id])).form(form).build()
    }
}

request_future!(UploadApplicationAttachment -> Value);

impl Client {
    /// Uploads a file for an activity.
    ///
    /// `POST /applications/{application_id}/attachment`
    pub fn upload_application_attachment<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        file: &'a AttachmentFile,
    ) -> UploadApplicationAttachment<'a> {
        UploadApplicationAttachment { client: self, application_id, file }
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] = &[&UploadApplicationAttachment::ROUTE];

requests! {
    /// Returns the application of the bot.
    get_my_application => GetMyApplication: GET "/applications/@me" -> Application {}

    /// Changes settings of the bot's application.
    update_my_application => UpdateMyApplication: PATCH "/applications/@me" -> Application {
        fields:
            /// At most 5 tags of at most 20 characters.
            tags: &'a [&'a str] [check_tags],
            event_webhooks_types: &'a [WebhookEventType];
        nullable:
            /// At most 400 characters.
            description: &'a str [chars(0, 400)],
            /// A data URI of the icon.
            icon: &'a str,
            /// A data URI of the cover image.
            cover_image: &'a str,
            /// At most 2048 characters.
            interactions_endpoint_url: &'a str [chars(0, 2048)],
            /// At most 2048 characters.
            role_connections_verification_url: &'a str [chars(0, 2048)],
            /// At most 2048 characters.
            custom_install_url: &'a str [chars(0, 2048)],
            install_params: &'a InstallParams,
            integration_types_config: &'a HashMap<ApplicationIntegrationType, IntegrationTypeConfig>,
            /// Only the flags an application may set itself (the limited intents).
            flags: ApplicationFlags,
            /// At most 2048 characters.
            event_webhooks_url: &'a str [chars(0, 2048)],
            event_webhooks_status: EventWebhookStatus,
            explicit_content_filter: ApplicationContentFilter,
            max_participants: i32 [range(-1, i64::from(i32::MAX))],
            kind as "type": ApplicationType,
            team_id: Id<TeamMarker>;
    }

    /// Returns an application the bot owns, by id.
    get_application => GetApplication: GET "/applications/{application_id}" -> Application {
        path: application_id: Id<ApplicationMarker>;
    }

    /// Changes settings of an application, by id.
    update_application => UpdateApplication: PATCH "/applications/{application_id}" -> Application {
        path: application_id: Id<ApplicationMarker>;
        fields:
            /// At most 5 tags of at most 20 characters.
            tags: &'a [&'a str] [check_tags],
            event_webhooks_types: &'a [WebhookEventType];
        nullable:
            /// At most 400 characters.
            description: &'a str [chars(0, 400)],
            /// A data URI of the icon.
            icon: &'a str,
            /// A data URI of the cover image.
            cover_image: &'a str,
            /// At most 2048 characters.
            interactions_endpoint_url: &'a str [chars(0, 2048)],
            /// At most 2048 characters.
            role_connections_verification_url: &'a str [chars(0, 2048)],
            /// At most 2048 characters.
            custom_install_url: &'a str [chars(0, 2048)],
            install_params: &'a InstallParams,
            integration_types_config: &'a HashMap<ApplicationIntegrationType, IntegrationTypeConfig>,
            flags: ApplicationFlags,
            /// At most 2048 characters.
            event_webhooks_url: &'a str [chars(0, 2048)],
            event_webhooks_status: EventWebhookStatus,
            explicit_content_filter: ApplicationContentFilter,
            max_participants: i32 [range(-1, i64::from(i32::MAX))],
            kind as "type": ApplicationType,
            team_id: Id<TeamMarker>;
    }

    /// Returns an instance of an activity (Discord's `EmbeddedActivityInstance`).
    applications_get_activity_instance => GetActivityInstance:
        GET "/applications/{application_id}/activity-instances/{instance_id}" -> Value {
        path: application_id: Id<ApplicationMarker>, instance_id: &'a str;
    }

    /// Lists the application's emojis.
    list_application_emojis => ListApplicationEmojis:
        GET "/applications/{application_id}/emojis" -> ApplicationEmojis {
        path: application_id: Id<ApplicationMarker>;
    }

    /// Creates an application emoji from a data URI of an image (at most 256 KiB).
    create_application_emoji => CreateApplicationEmoji:
        POST "/applications/{application_id}/emojis" -> Emoji {
        path: application_id: Id<ApplicationMarker>;
        args: name: &'a str [chars(2, 32)], image: &'a str;
    }

    /// Returns an application emoji.
    get_application_emoji => GetApplicationEmoji:
        GET "/applications/{application_id}/emojis/{emoji_id}" -> Emoji {
        path: application_id: Id<ApplicationMarker>, emoji_id: Id<EmojiMarker>;
    }

    /// Deletes an application emoji.
    delete_application_emoji => DeleteApplicationEmoji:
        DELETE "/applications/{application_id}/emojis/{emoji_id}" -> EmptyBody {
        path: application_id: Id<ApplicationMarker>, emoji_id: Id<EmojiMarker>;
    }

    /// Renames an application emoji.
    update_application_emoji => UpdateApplicationEmoji:
        PATCH "/applications/{application_id}/emojis/{emoji_id}" -> Emoji {
        path: application_id: Id<ApplicationMarker>, emoji_id: Id<EmojiMarker>;
        fields:
            /// 2 to 32 characters.
            name: &'a str [chars(2, 32)];
    }

    /// Lists the entitlements of the application's users and guilds.
    get_entitlements => GetEntitlements:
        GET "/applications/{application_id}/entitlements" -> Vec<Entitlement> {
        path: application_id: Id<ApplicationMarker>;
        query:
            user_id: Id<UserMarker>,
            /// At most 100 SKUs.
            sku_ids: &'a [Id<SkuMarker>] [count(0, 100)],
            guild_id: Id<GuildMarker>,
            before: Id<EntitlementMarker>,
            after: Id<EntitlementMarker>,
            /// 1 to 100.
            limit: u16 [range(1, 100)],
            exclude_ended: bool,
            exclude_deleted: bool,
            only_active: bool;
    }

    /// Grants a test entitlement to a user or guild.
    create_entitlement => CreateEntitlement:
        POST "/applications/{application_id}/entitlements" -> Entitlement {
        path: application_id: Id<ApplicationMarker>;
        args: sku_id: Id<SkuMarker>, owner_id: Id<GenericMarker>, owner_type: EntitlementOwnerType;
    }

    /// Returns an entitlement.
    get_entitlement => GetEntitlement:
        GET "/applications/{application_id}/entitlements/{entitlement_id}" -> Entitlement {
        path: application_id: Id<ApplicationMarker>, entitlement_id: Id<EntitlementMarker>;
    }

    /// Deletes a test entitlement.
    delete_entitlement => DeleteEntitlement:
        DELETE "/applications/{application_id}/entitlements/{entitlement_id}" -> EmptyBody {
        path: application_id: Id<ApplicationMarker>, entitlement_id: Id<EntitlementMarker>;
    }

    /// Marks a one-time purchase entitlement as used.
    consume_entitlement => ConsumeEntitlement:
        POST "/applications/{application_id}/entitlements/{entitlement_id}/consume" -> EmptyBody {
        path: application_id: Id<ApplicationMarker>, entitlement_id: Id<EntitlementMarker>;
    }

    /// Returns the role connection metadata records of the application.
    get_application_role_connections_metadata => GetApplicationRoleConnectionsMetadata:
        GET "/applications/{application_id}/role-connections/metadata" -> Vec<RoleConnectionMetadata> {
        path: application_id: Id<ApplicationMarker>;
    }

    /// Replaces the role connection metadata records of the application (at most 5).
    update_application_role_connections_metadata => UpdateApplicationRoleConnectionsMetadata:
        PUT "/applications/{application_id}/role-connections/metadata" -> Vec<RoleConnectionMetadata> {
        path: application_id: Id<ApplicationMarker>;
        json: records: &'a [RoleConnectionMetadata] [count(0, 5)];
    }

    /// Returns the role connection of the user for an application (Bearer token with the
    /// `role_connections.write` scope).
    get_application_user_role_connection => GetApplicationUserRoleConnection:
        GET "/users/@me/applications/{application_id}/role-connection" -> RoleConnection {
        path: application_id: Id<ApplicationMarker>;
    }

    /// Sets the role connection of the user for an application (Bearer token).
    update_application_user_role_connection => UpdateApplicationUserRoleConnection:
        PUT "/users/@me/applications/{application_id}/role-connection" -> RoleConnection {
        path: application_id: Id<ApplicationMarker>;
        fields:
            /// At most 50 characters.
            platform_name: &'a str [chars(0, 50)],
            /// At most 100 characters.
            platform_username: &'a str [chars(0, 100)],
            /// Values for the application's metadata keys (at most 100 characters each).
            metadata: &'a HashMap<String, String>;
    }

    /// Removes the role connection of the user for an application (Bearer token).
    delete_application_user_role_connection => DeleteApplicationUserRoleConnection:
        DELETE "/users/@me/applications/{application_id}/role-connection" -> EmptyBody {
        path: application_id: Id<ApplicationMarker>;
    }

    /// Lists the entitlements of the user for an application (Bearer token).
    get_current_user_application_entitlements => GetCurrentUserApplicationEntitlements:
        GET "/users/@me/applications/{application_id}/entitlements" -> Vec<Entitlement> {
        path: application_id: Id<ApplicationMarker>;
        query:
            /// At most 100 SKUs.
            sku_ids: &'a [Id<SkuMarker>] [count(0, 100)],
            exclude_consumed: bool;
    }
}
