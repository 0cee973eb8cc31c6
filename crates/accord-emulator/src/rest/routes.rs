//! The route table: every implemented operation with its method, template (as Discord's
//! OpenAPI description spells it), operation id, handler and rate-limit bucket.

use super::router::Route;
use super::{
    applications as apps, bans, channels, commands, events, expressions, guilds, interactions,
    invites, members, messages, reactions, roles, threads, users, webhooks,
};

/// Reaction routes share one bucket per channel, as on Discord.
const REACTIONS: &str = "reactions";
/// Editing and deleting messages share one bucket per channel.
const MESSAGE_WRITE: &str = "message-write";
/// Both pin routes (old and new path) share one bucket.
const PINS: &str = "pins";
/// Emoji routes are limited per guild, all together.
const EMOJIS: &str = "emojis";
/// Webhook and followup messages by token.
const WEBHOOK_MESSAGES: &str = "webhook-messages";

/// Every implemented REST route.
#[rustfmt::skip]
pub(crate) static ROUTES: &[Route] = &[
    // Gateway and the current user.
    Route::new("GET", "/gateway", "get_gateway", users::get_gateway).public(),
    Route::new("GET", "/gateway/bot", "get_bot_gateway", users::get_bot_gateway),
    Route::new("GET", "/users/@me", "get_my_user", users::get_my_user),
    Route::new("PATCH", "/users/@me", "update_my_user", users::update_my_user),
    Route::new("GET", "/users/{user_id}", "get_user", users::get_user),
    Route::new("GET", "/users/@me/guilds", "list_my_guilds", users::list_my_guilds),
    Route::new("DELETE", "/users/@me/guilds/{guild_id}", "leave_guild", users::leave_guild),
    Route::new("GET", "/users/@me/guilds/{guild_id}/member", "get_my_guild_member", users::get_my_guild_member),
    Route::new("POST", "/users/@me/channels", "create_dm", users::create_dm),
    Route::new("GET", "/users/@me/connections", "list_my_connections", users::list_my_connections),
    Route::new("GET", "/voice/regions", "list_voice_regions", users::list_voice_regions),
    Route::new("GET", "/guilds/{guild_id}/regions", "list_guild_voice_regions", users::list_guild_voice_regions),
    // The application.
    Route::new("GET", "/applications/@me", "get_my_application", apps::get_my_application),
    Route::new("PATCH", "/applications/@me", "update_my_application", apps::update_my_application),
    Route::new("GET", "/applications/{application_id}", "get_application", apps::get_application),
    Route::new("PATCH", "/applications/{application_id}", "update_application", apps::update_application),
    Route::new("GET", "/oauth2/applications/@me", "get_my_oauth2_application", apps::get_my_application),
    Route::new("GET", "/applications/{application_id}/role-connections/metadata", "get_application_role_connections_metadata", apps::get_role_connections_metadata),
    Route::new("PUT", "/applications/{application_id}/role-connections/metadata", "update_application_role_connections_metadata", apps::update_role_connections_metadata),
    // Guilds.
    Route::new("GET", "/guilds/{guild_id}", "get_guild", guilds::get_guild),
    Route::new("PATCH", "/guilds/{guild_id}", "update_guild", guilds::update_guild),
    Route::new("GET", "/guilds/{guild_id}/preview", "get_guild_preview", guilds::get_guild_preview),
    Route::new("GET", "/guilds/{guild_id}/channels", "list_guild_channels", guilds::list_guild_channels),
    Route::new("POST", "/guilds/{guild_id}/channels", "create_guild_channel", guilds::create_guild_channel),
    Route::new("PATCH", "/guilds/{guild_id}/channels", "bulk_update_guild_channels", guilds::bulk_update_guild_channels),
    Route::new("GET", "/guilds/{guild_id}/threads/active", "get_active_guild_threads", guilds::get_active_guild_threads),
    Route::new("GET", "/guilds/{guild_id}/audit-logs", "list_guild_audit_log_entries", guilds::list_guild_audit_log_entries),
    Route::new("GET", "/guilds/{guild_id}/prune", "preview_prune_guild", guilds::preview_prune_guild),
    Route::new("POST", "/guilds/{guild_id}/prune", "prune_guild", guilds::prune_guild),
    // Members.
    Route::new("GET", "/guilds/{guild_id}/members", "list_guild_members", members::list_guild_members),
    Route::new("GET", "/guilds/{guild_id}/members/search", "search_guild_members", members::search_guild_members),
    Route::new("GET", "/guilds/{guild_id}/members/{user_id}", "get_guild_member", members::get_guild_member),
    Route::new("PUT", "/guilds/{guild_id}/members/{user_id}", "add_guild_member", members::add_guild_member),
    Route::new("PATCH", "/guilds/{guild_id}/members/{user_id}", "update_guild_member", members::update_guild_member),
    Route::new("DELETE", "/guilds/{guild_id}/members/{user_id}", "delete_guild_member", members::delete_guild_member),
    Route::new("PATCH", "/guilds/{guild_id}/members/@me", "update_my_guild_member", members::update_my_guild_member),
    Route::new("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "add_guild_member_role", members::add_guild_member_role).bucket("member-roles"),
    Route::new("DELETE", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", "delete_guild_member_role", members::delete_guild_member_role).bucket("member-roles"),
    // Bans.
    Route::new("GET", "/guilds/{guild_id}/bans", "list_guild_bans", bans::list_guild_bans),
    Route::new("GET", "/guilds/{guild_id}/bans/{user_id}", "get_guild_ban", bans::get_guild_ban),
    Route::new("PUT", "/guilds/{guild_id}/bans/{user_id}", "ban_user_from_guild", bans::ban_user_from_guild),
    Route::new("DELETE", "/guilds/{guild_id}/bans/{user_id}", "unban_user_from_guild", bans::unban_user_from_guild),
    Route::new("POST", "/guilds/{guild_id}/bulk-ban", "bulk_ban_users_from_guild", bans::bulk_ban_users_from_guild),
    // Roles.
    Route::new("GET", "/guilds/{guild_id}/roles", "list_guild_roles", roles::list_guild_roles),
    Route::new("POST", "/guilds/{guild_id}/roles", "create_guild_role", roles::create_guild_role),
    Route::new("PATCH", "/guilds/{guild_id}/roles", "bulk_update_guild_roles", roles::bulk_update_guild_roles),
    Route::new("GET", "/guilds/{guild_id}/roles/member-counts", "guild_role_member_counts", roles::guild_role_member_counts),
    Route::new("GET", "/guilds/{guild_id}/roles/{role_id}", "get_guild_role", roles::get_guild_role),
    Route::new("PATCH", "/guilds/{guild_id}/roles/{role_id}", "update_guild_role", roles::update_guild_role),
    Route::new("DELETE", "/guilds/{guild_id}/roles/{role_id}", "delete_guild_role", roles::delete_guild_role),
    // Channels.
    Route::new("GET", "/channels/{channel_id}", "get_channel", channels::get_channel),
    Route::new("PATCH", "/channels/{channel_id}", "update_channel", channels::update_channel),
    Route::new("DELETE", "/channels/{channel_id}", "delete_channel", channels::delete_channel),
    Route::new("PUT", "/channels/{channel_id}/permissions/{overwrite_id}", "set_channel_permission_overwrite", channels::set_channel_permission_overwrite),
    Route::new("DELETE", "/channels/{channel_id}/permissions/{overwrite_id}", "delete_channel_permission_overwrite", channels::delete_channel_permission_overwrite),
    Route::new("POST", "/channels/{channel_id}/typing", "trigger_typing_indicator", channels::trigger_typing_indicator),
    Route::new("POST", "/channels/{channel_id}/followers", "follow_channel", channels::follow_channel),
    // Invites.
    Route::new("GET", "/channels/{channel_id}/invites", "list_channel_invites", invites::list_channel_invites),
    Route::new("POST", "/channels/{channel_id}/invites", "create_channel_invite", invites::create_channel_invite),
    Route::new("GET", "/guilds/{guild_id}/invites", "list_guild_invites", invites::list_guild_invites),
    Route::new("GET", "/invites/{code}", "invite_resolve", invites::invite_resolve),
    Route::new("DELETE", "/invites/{code}", "invite_revoke", invites::invite_revoke),
    // Threads.
    Route::new("POST", "/channels/{channel_id}/messages/{message_id}/threads", "create_thread_from_message", threads::create_thread_from_message),
    Route::new("POST", "/channels/{channel_id}/threads", "create_thread", threads::create_thread),
    Route::new("PUT", "/channels/{channel_id}/thread-members/@me", "join_thread", threads::join_thread),
    Route::new("DELETE", "/channels/{channel_id}/thread-members/@me", "leave_thread", threads::leave_thread),
    Route::new("PUT", "/channels/{channel_id}/thread-members/{user_id}", "add_thread_member", threads::add_thread_member),
    Route::new("DELETE", "/channels/{channel_id}/thread-members/{user_id}", "delete_thread_member", threads::delete_thread_member),
    Route::new("GET", "/channels/{channel_id}/thread-members/{user_id}", "get_thread_member", threads::get_thread_member),
    Route::new("GET", "/channels/{channel_id}/thread-members", "list_thread_members", threads::list_thread_members),
    Route::new("GET", "/channels/{channel_id}/threads/archived/public", "list_public_archived_threads", threads::list_public_archived_threads),
    Route::new("GET", "/channels/{channel_id}/threads/archived/private", "list_private_archived_threads", threads::list_private_archived_threads),
    Route::new("GET", "/channels/{channel_id}/users/@me/threads/archived/private", "list_my_private_archived_threads", threads::list_my_private_archived_threads),
    // Messages.
    Route::new("GET", "/channels/{channel_id}/messages", "list_messages", messages::list_messages),
    Route::new("POST", "/channels/{channel_id}/messages", "create_message", messages::create_message),
    Route::new("GET", "/channels/{channel_id}/messages/{message_id}", "get_message", messages::get_message),
    Route::new("PATCH", "/channels/{channel_id}/messages/{message_id}", "update_message", messages::update_message).bucket(MESSAGE_WRITE),
    Route::new("DELETE", "/channels/{channel_id}/messages/{message_id}", "delete_message", messages::delete_message).bucket(MESSAGE_WRITE),
    Route::new("POST", "/channels/{channel_id}/messages/bulk-delete", "bulk_delete_messages", messages::bulk_delete_messages),
    Route::new("POST", "/channels/{channel_id}/messages/{message_id}/crosspost", "crosspost_message", messages::crosspost_message),
    Route::new("GET", "/channels/{channel_id}/messages/pins", "list_pins", messages::list_pins),
    Route::new("PUT", "/channels/{channel_id}/messages/pins/{message_id}", "create_pin", messages::create_pin).bucket(PINS),
    Route::new("DELETE", "/channels/{channel_id}/messages/pins/{message_id}", "delete_pin", messages::delete_pin).bucket(PINS),
    Route::new("GET", "/channels/{channel_id}/pins", "deprecated_list_pins", messages::deprecated_list_pins),
    Route::new("PUT", "/channels/{channel_id}/pins/{message_id}", "deprecated_create_pin", messages::create_pin).bucket(PINS),
    Route::new("DELETE", "/channels/{channel_id}/pins/{message_id}", "deprecated_delete_pin", messages::delete_pin).bucket(PINS),
    // Reactions.
    Route::new("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", "add_my_message_reaction", reactions::add_my_message_reaction).bucket(REACTIONS),
    Route::new("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/@me", "delete_my_message_reaction", reactions::delete_my_message_reaction).bucket(REACTIONS),
    Route::new("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}/{user_id}", "delete_user_message_reaction", reactions::delete_user_message_reaction).bucket(REACTIONS),
    Route::new("GET", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}", "list_message_reactions_by_emoji", reactions::list_message_reactions_by_emoji),
    Route::new("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions", "delete_all_message_reactions", reactions::delete_all_message_reactions),
    Route::new("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji_name}", "delete_all_message_reactions_by_emoji", reactions::delete_all_message_reactions_by_emoji),
    // Webhooks.
    Route::new("POST", "/channels/{channel_id}/webhooks", "create_webhook", webhooks::create_webhook),
    Route::new("GET", "/channels/{channel_id}/webhooks", "list_channel_webhooks", webhooks::list_channel_webhooks),
    Route::new("GET", "/guilds/{guild_id}/webhooks", "get_guild_webhooks", webhooks::get_guild_webhooks),
    Route::new("GET", "/webhooks/{webhook_id}", "get_webhook", webhooks::get_webhook),
    Route::new("PATCH", "/webhooks/{webhook_id}", "update_webhook", webhooks::update_webhook),
    Route::new("DELETE", "/webhooks/{webhook_id}", "delete_webhook", webhooks::delete_webhook),
    Route::new("GET", "/webhooks/{webhook_id}/{webhook_token}", "get_webhook_by_token", webhooks::get_webhook_by_token).token(),
    Route::new("PATCH", "/webhooks/{webhook_id}/{webhook_token}", "update_webhook_by_token", webhooks::update_webhook_by_token).token(),
    Route::new("DELETE", "/webhooks/{webhook_id}/{webhook_token}", "delete_webhook_by_token", webhooks::delete_webhook_by_token).token(),
    Route::new("POST", "/webhooks/{webhook_id}/{webhook_token}", "execute_webhook", webhooks::execute_webhook).token(),
    Route::new("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "get_original_webhook_message", webhooks::get_webhook_message).token(),
    Route::new("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "update_original_webhook_message", webhooks::update_webhook_message).token().bucket(WEBHOOK_MESSAGES),
    Route::new("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", "delete_original_webhook_message", webhooks::delete_webhook_message).token().bucket(WEBHOOK_MESSAGES),
    Route::new("GET", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "get_webhook_message", webhooks::get_webhook_message).token(),
    Route::new("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "update_webhook_message", webhooks::update_webhook_message).token().bucket(WEBHOOK_MESSAGES),
    Route::new("DELETE", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}", "delete_webhook_message", webhooks::delete_webhook_message).token().bucket(WEBHOOK_MESSAGES),
    // Application commands.
    Route::new("GET", "/applications/{application_id}/commands", "list_application_commands", commands::list_commands),
    Route::new("POST", "/applications/{application_id}/commands", "create_application_command", commands::create_command),
    Route::new("PUT", "/applications/{application_id}/commands", "bulk_set_application_commands", commands::bulk_set_commands),
    Route::new("GET", "/applications/{application_id}/commands/{command_id}", "get_application_command", commands::get_command),
    Route::new("PATCH", "/applications/{application_id}/commands/{command_id}", "update_application_command", commands::update_command),
    Route::new("DELETE", "/applications/{application_id}/commands/{command_id}", "delete_application_command", commands::delete_command),
    Route::new("GET", "/applications/{application_id}/guilds/{guild_id}/commands", "list_guild_application_commands", commands::list_commands),
    Route::new("POST", "/applications/{application_id}/guilds/{guild_id}/commands", "create_guild_application_command", commands::create_command),
    Route::new("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", "bulk_set_guild_application_commands", commands::bulk_set_commands),
    Route::new("GET", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", "get_guild_application_command", commands::get_command),
    Route::new("PATCH", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", "update_guild_application_command", commands::update_command),
    Route::new("DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", "delete_guild_application_command", commands::delete_command),
    Route::new("GET", "/applications/{application_id}/guilds/{guild_id}/commands/permissions", "list_guild_application_command_permissions", commands::list_guild_command_permissions),
    Route::new("GET", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions", "get_guild_application_command_permissions", commands::get_command_permissions),
    Route::new("PUT", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}/permissions", "set_guild_application_command_permissions", commands::set_command_permissions),
    // Emojis and stickers.
    Route::new("GET", "/guilds/{guild_id}/emojis", "list_guild_emojis", expressions::list_guild_emojis).bucket(EMOJIS),
    Route::new("POST", "/guilds/{guild_id}/emojis", "create_guild_emoji", expressions::create_guild_emoji).bucket(EMOJIS),
    Route::new("GET", "/guilds/{guild_id}/emojis/{emoji_id}", "get_guild_emoji", expressions::get_guild_emoji).bucket(EMOJIS),
    Route::new("PATCH", "/guilds/{guild_id}/emojis/{emoji_id}", "update_guild_emoji", expressions::update_guild_emoji).bucket(EMOJIS),
    Route::new("DELETE", "/guilds/{guild_id}/emojis/{emoji_id}", "delete_guild_emoji", expressions::delete_guild_emoji).bucket(EMOJIS),
    Route::new("GET", "/applications/{application_id}/emojis", "list_application_emojis", expressions::list_application_emojis),
    Route::new("POST", "/applications/{application_id}/emojis", "create_application_emoji", expressions::create_application_emoji),
    Route::new("GET", "/applications/{application_id}/emojis/{emoji_id}", "get_application_emoji", expressions::get_application_emoji),
    Route::new("PATCH", "/applications/{application_id}/emojis/{emoji_id}", "update_application_emoji", expressions::update_application_emoji),
    Route::new("DELETE", "/applications/{application_id}/emojis/{emoji_id}", "delete_application_emoji", expressions::delete_application_emoji),
    Route::new("GET", "/guilds/{guild_id}/stickers", "list_guild_stickers", expressions::list_guild_stickers),
    Route::new("POST", "/guilds/{guild_id}/stickers", "create_guild_sticker", expressions::create_guild_sticker),
    Route::new("GET", "/guilds/{guild_id}/stickers/{sticker_id}", "get_guild_sticker", expressions::get_guild_sticker),
    Route::new("PATCH", "/guilds/{guild_id}/stickers/{sticker_id}", "update_guild_sticker", expressions::update_guild_sticker),
    Route::new("DELETE", "/guilds/{guild_id}/stickers/{sticker_id}", "delete_guild_sticker", expressions::delete_guild_sticker),
    Route::new("GET", "/stickers/{sticker_id}", "get_sticker", expressions::get_sticker),
    // Scheduled events and stages.
    Route::new("GET", "/guilds/{guild_id}/scheduled-events", "list_guild_scheduled_events", events::list_guild_scheduled_events),
    Route::new("POST", "/guilds/{guild_id}/scheduled-events", "create_guild_scheduled_event", events::create_guild_scheduled_event),
    Route::new("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", "get_guild_scheduled_event", events::get_guild_scheduled_event),
    Route::new("PATCH", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", "update_guild_scheduled_event", events::update_guild_scheduled_event),
    Route::new("DELETE", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}", "delete_guild_scheduled_event", events::delete_guild_scheduled_event),
    Route::new("GET", "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}/users", "list_guild_scheduled_event_users", events::list_guild_scheduled_event_users),
    Route::new("POST", "/stage-instances", "create_stage_instance", events::create_stage_instance),
    Route::new("GET", "/stage-instances/{channel_id}", "get_stage_instance", events::get_stage_instance),
    Route::new("PATCH", "/stage-instances/{channel_id}", "update_stage_instance", events::update_stage_instance),
    Route::new("DELETE", "/stage-instances/{channel_id}", "delete_stage_instance", events::delete_stage_instance),
    // Interactions.
    Route::new("POST", "/interactions/{interaction_id}/{interaction_token}/callback", "create_interaction_response", interactions::create_interaction_response).token(),
];
