//! Examples of REST objects: users, guilds and what belongs to them.

use accord_model::auto_moderation::AutoModerationRule;
use accord_model::emoji::{ApplicationEmojis, Emoji, PartialEmoji};
use accord_model::guild::{
    Ban, Guild, GuildPreview, GuildTemplate, GuildWidget, GuildWidgetSettings, IncidentsData,
    Onboarding, PartialGuild, PartialIntegration, Role, RoleMemberCounts, UnavailableGuild,
    VanityUrl, WelcomeScreen,
};
use accord_model::invite::{Invite, InviteMetadata, TargetUsersJobStatus};
use accord_model::monetization::{Entitlement, Sku, Subscription};
use accord_model::presence::Activity;
use accord_model::soundboard::SoundboardSound;
use accord_model::stage_instance::StageInstance;
use accord_model::sticker::{Sticker, StickerPack};
use accord_model::user::User;
use accord_model::voice::VoiceState;
use accord_model::webhook::Webhook;

use crate::Entry;

pub(crate) const ENTRIES: &[Entry] = crate::examples![
    "resources_user__user-object-example-user.json" => User,
    "topics_permissions__role-object-example-role.json" => Role,
    "resources_emoji__emoji-object-custom-emoji-examples.json" => PartialEmoji,
    "resources_emoji__emoji-object-emoji-example.json" => Emoji,
    "resources_emoji__emoji-object-custom-emoji-examples_2.json" => PartialEmoji,
    "resources_emoji__emoji-object-standard-emoji-example.json" => PartialEmoji,
    "resources_emoji__list-application-emojis.json" => ApplicationEmojis,
    "change-log__example-migrated-user.json" => User,
    // Guilds.
    "resources_guild__guild-object-example-guild.json" => Guild,
    "resources_guild__unavailable-guild-object-example-unavailable-guild.json" => UnavailableGuild,
    "resources_user__get-current-user-guilds-example-partial-guild.json" => PartialGuild,
    "resources_guild__guild-preview-object-example-guild-preview.json" => GuildPreview,
    "resources_guild__guild-widget-settings-object-example-guild-widget-settings.json" => GuildWidgetSettings,
    "resources_guild__guild-widget-object-example-guild-widget.json" => GuildWidget,
    "resources_guild__ban-object-example-ban.json" => Ban,
    "resources_guild__welcome-screen-object-example-welcome-screen.json" => WelcomeScreen,
    "resources_guild__guild-onboarding-object-example-guild-onboarding.json" => Onboarding,
    "resources_guild__incidents-data-object-example-incidents-data.json" => IncidentsData,
    "resources_guild__get-guild-role-member-counts-example-response.json" => RoleMemberCounts,
    "resources_guild__get-guild-vanity-url-example-partial-invite-object.json" => VanityUrl,
    "resources_guild-template__guild-template-object-example-guild-template-object.json" => GuildTemplate,
    "resources_audit-log__audit-log-object-example-partial-integration-object.json" => PartialIntegration,
    "resources_guild__get-guild-example-response.json" => Guild,
    // Invites.
    "resources_invite__invite-object-example-invite-object.json" => Invite,
    "resources_invite__invite-metadata-object-example-invite-metadata.json" => InviteMetadata,
    "resources_invite__get-target-users-job-status-example-response.json" => TargetUsersJobStatus,
    // Webhooks.
    "resources_webhook__webhook-object-example-incoming-webhook.json" => Webhook,
    "resources_webhook__webhook-object-example-channel-follower-webhook.json" => Webhook,
    "resources_webhook__webhook-object-example-application-webhook.json" => Webhook,
    // Auto-moderation.
    "resources_auto-moderation__auto-moderation-rule-object-example-auto-moderation-rule.json" => AutoModerationRule,
    // Stickers.
    "resources_sticker__sticker-object-example-sticker.json" => Sticker,
    "resources_sticker__sticker-pack-object-example-sticker-pack.json" => StickerPack,
    // Monetization.
    "resources_entitlement__entitlement-object-entitlement-example.json" => Entitlement,
    "resources_entitlement__get-entitlement.json" => Entitlement,
    "resources_entitlement__list-entitlements-query-string-params.json" => Vec<Entitlement>,
    "resources_sku__sku-object-sku-example.json" => Sku,
    "resources_sku__list-skus.json" => Vec<Sku>,
    "resources_subscription__subscription-example.json" => Subscription,
    // Presences.
    "events_gateway-events__activity-object-example-activity.json" => Activity,
    "events_gateway-events__activity-object-example-activity-with-rich-presence.json" => Activity,
    // Voice, stages and soundboard.
    "resources_voice__voice-state-object-example-voice-state.json" => VoiceState,
    "resources_stage-instance__stage-instance-object-example-stage-instance.json" => StageInstance,
    "resources_soundboard__soundboard-sound-object-example-default-soundboard-sound.json" => SoundboardSound,
    "resources_soundboard__soundboard-sound-object-example-guild-soundboard-sound.json" => SoundboardSound,
];
