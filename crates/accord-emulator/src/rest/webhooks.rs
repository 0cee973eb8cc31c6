//! Webhooks: creating, listing, reading, changing and deleting them (with the bot token or
//! the webhook's own token), executing them, and their messages. Routes whose webhook id is
//! the application's are interaction followups.

use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, MessageMarker, WebhookMarker};
use accord_model::message::{Message, MessageFlags};
use accord_model::permissions::Permissions;
use accord_model::util::Secret;
use accord_model::webhook::{Webhook, WebhookType};

use super::call::Call;
use super::channels::new_token;
use super::common::{base_url, channel_permission, guild_of, guild_permission};
use super::error::ApiError;
use super::interactions;
use super::messages::check_postable;
use super::reply::{Answer, no_content, ok};
use super::threads::bump_thread_counts;
use super::validate;
use crate::shared::Shared;
use crate::world::World;
use crate::world::webhooks::WebhookPersona;

/// The most webhooks a channel has.
const MAX_WEBHOOKS: usize = 15;

/// A webhook as the bot sees it; without its token when fetched by token.
fn shown(webhook: &Webhook, with_user: bool) -> Webhook {
    let mut webhook = webhook.clone();
    if !with_user {
        webhook.user = None;
    }
    webhook
}

fn check_name(fields: &mut super::call::Fields, name: Option<&String>) {
    if let Some(name) = name {
        let lower = name.to_lowercase();
        if lower.contains("clyde") || lower.contains("discord") {
            fields.error(
                "name",
                "WEBHOOK_NAME_INVALID",
                "Webhook names cannot contain \"clyde\" or \"discord\".",
            );
        }
    }
}

/// `POST /channels/{channel_id}/webhooks` (MANAGE_WEBHOOKS): at most 15 per channel; emits
/// WEBHOOKS_UPDATE.
pub(super) fn create_webhook(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let name = fields.required_string("name", 1, 80);
    check_name(&mut fields, name.as_ref());
    let _avatar: Option<Option<String>> = fields.nullable("avatar");
    fields.finish()?;
    let name = name.unwrap_or_default();
    let base = base_url(shared);
    let reason = call.reason();
    shared.mutate(|world| {
        let guild_id = guild_of(world, channel_id)?;
        let channel = world.channel(channel_id)?.channel.clone();
        if channel.is_thread() || channel.kind == ChannelType::GuildCategory {
            return Err(ApiError::code(50024));
        }
        channel_permission(world, channel_id, Permissions::MANAGE_WEBHOOKS)?;
        let count =
            world.extras.webhooks.values().filter(|w| w.channel_id == Some(channel_id)).count();
        if count >= MAX_WEBHOOKS {
            return Err(ApiError::code(30007));
        }
        let id: Id<WebhookMarker> = world.ids.next();
        let token = new_token(world);
        let mut webhook = Webhook::new(id, WebhookType::Incoming, name);
        webhook.guild_id = Some(guild_id);
        webhook.channel_id = Some(channel_id);
        webhook.user = Some(world.application.bot.clone());
        webhook.application_id = None;
        webhook.token = Some(Secret::new(token.clone()));
        webhook.url = Some(Secret::new(format!("{base}/api/webhooks/{id}/{token}")));
        let webhook = world.add_webhook(webhook);
        world.audit(
            guild_id,
            accord_model::audit_log::AuditLogEventType::WebhookCreate,
            Some(id.cast()),
            reason,
        );
        ok(&webhook)
    })
}

/// `GET /channels/{channel_id}/webhooks` (MANAGE_WEBHOOKS).
pub(super) fn list_channel_webhooks(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        guild_of(world, channel_id)?;
        channel_permission(world, channel_id, Permissions::MANAGE_WEBHOOKS)?;
        let webhooks: Vec<&Webhook> =
            world.extras.webhooks.values().filter(|w| w.channel_id == Some(channel_id)).collect();
        ok(&webhooks)
    })
}

/// `GET /guilds/{guild_id}/webhooks` (MANAGE_WEBHOOKS).
pub(super) fn get_guild_webhooks(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_WEBHOOKS)?;
        let webhooks: Vec<&Webhook> =
            world.extras.webhooks.values().filter(|w| w.guild_id == Some(guild_id)).collect();
        ok(&webhooks)
    })
}

/// The webhook of a bot-token route, with MANAGE_WEBHOOKS in its channel.
fn managed(world: &World, call: &Call) -> Result<Webhook, ApiError> {
    let id = call.id::<WebhookMarker>("webhook_id")?;
    let webhook = world.webhook(id)?.clone();
    if let Some(channel_id) = webhook.channel_id {
        channel_permission(world, channel_id, Permissions::MANAGE_WEBHOOKS)?;
    }
    Ok(webhook)
}

/// The webhook of a token route: 10015 when unknown, 50027 with a wrong token.
fn by_token(world: &World, call: &Call) -> Result<Webhook, ApiError> {
    let id = call.id::<WebhookMarker>("webhook_id")?;
    Ok(world.webhook_with_token(id, call.param("webhook_token"))?.clone())
}

/// `GET /webhooks/{webhook_id}`.
pub(super) fn get_webhook(shared: &Shared, call: &Call) -> Answer {
    shared.read(|world| ok(&managed(world, call)?))
}

/// `GET /webhooks/{webhook_id}/{webhook_token}`: no `user`.
pub(super) fn get_webhook_by_token(shared: &Shared, call: &Call) -> Answer {
    shared.read(|world| ok(&shown(&by_token(world, call)?, false)))
}

fn modify(shared: &Shared, call: &Call, with_token: bool) -> Answer {
    let mut fields = call.fields()?;
    let name = fields.string("name", 1, 80);
    check_name(&mut fields, name.as_ref());
    let _avatar: Option<Option<String>> = fields.nullable("avatar");
    let channel: Option<Id<ChannelMarker>> =
        if with_token { None } else { fields.id("channel_id") };
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        let webhook = if with_token { by_token(world, call)? } else { managed(world, call)? };
        if let Some(channel) = channel {
            if world.guild_of(channel) != webhook.guild_id {
                return Err(ApiError::code(10003));
            }
            channel_permission(world, channel, Permissions::MANAGE_WEBHOOKS)?;
        }
        let changed = world.change_webhook(webhook.id, |webhook| {
            if let Some(name) = name {
                webhook.name = Some(name.into());
            }
            if let Some(channel) = channel {
                webhook.channel_id = Some(channel);
            }
        })?;
        if let Some(guild_id) = changed.guild_id {
            world.audit(
                guild_id,
                accord_model::audit_log::AuditLogEventType::WebhookUpdate,
                Some(changed.id.cast()),
                reason,
            );
        }
        ok(&shown(&changed, !with_token))
    })
}

/// `PATCH /webhooks/{webhook_id}`: name, avatar, channel; emits WEBHOOKS_UPDATE.
pub(super) fn update_webhook(shared: &Shared, call: &Call) -> Answer {
    modify(shared, call, false)
}

/// `PATCH /webhooks/{webhook_id}/{webhook_token}`: name and avatar; emits WEBHOOKS_UPDATE.
pub(super) fn update_webhook_by_token(shared: &Shared, call: &Call) -> Answer {
    modify(shared, call, true)
}

fn remove(shared: &Shared, call: &Call, with_token: bool) -> Answer {
    let reason = call.reason();
    shared.mutate(|world| {
        let webhook = if with_token { by_token(world, call)? } else { managed(world, call)? };
        world.remove_webhook(webhook.id)?;
        if let Some(guild_id) = webhook.guild_id {
            world.audit(
                guild_id,
                accord_model::audit_log::AuditLogEventType::WebhookDelete,
                Some(webhook.id.cast()),
                reason,
            );
        }
        no_content()
    })
}

/// `DELETE /webhooks/{webhook_id}`: emits WEBHOOKS_UPDATE.
pub(super) fn delete_webhook(shared: &Shared, call: &Call) -> Answer {
    remove(shared, call, false)
}

/// `DELETE /webhooks/{webhook_id}/{webhook_token}`: emits WEBHOOKS_UPDATE.
pub(super) fn delete_webhook_by_token(shared: &Shared, call: &Call) -> Answer {
    remove(shared, call, true)
}

/// The channel a webhook posts to: its own, or a thread of it given by `thread_id`.
fn target(world: &World, webhook: &Webhook, call: &Call) -> Result<Id<ChannelMarker>, ApiError> {
    let channel = webhook.channel_id.ok_or_else(|| ApiError::code(10003))?;
    match call.query_id::<ChannelMarker>("thread_id")? {
        None => Ok(channel),
        Some(thread) => {
            let parent = world.channel(thread)?.channel.parent_id;
            if parent == Some(channel) { Ok(thread) } else { Err(ApiError::code(10003)) }
        }
    }
}

/// `POST /webhooks/{webhook_id}/{webhook_token}`: posts a message (200 with it on
/// `wait=true`, else 204); `thread_id` posts in a thread; in forum channels `thread_name`
/// opens a post. Interaction followups when the id is the application's.
pub(super) fn execute_webhook(shared: &Shared, call: &Call) -> Answer {
    if shared.read(|world| interactions::is_application(world, call)) {
        return interactions::create_followup(shared, call);
    }
    let wait = call.query_bool("wait")?.unwrap_or(false);
    let with_components = call.query_bool("with_components")?.unwrap_or(false);
    let mut fields = call.fields()?;
    let body = validate::message_body(
        call,
        &mut fields,
        MessageFlags::SUPPRESS_EMBEDS
            | MessageFlags::SUPPRESS_NOTIFICATIONS
            | MessageFlags::IS_COMPONENTS_V2,
    );
    let persona = WebhookPersona { username: fields.string("username", 1, 80) };
    // The avatar is an image URL Discord would fetch; the emulator checks it only.
    fields.string("avatar_url", 0, 2048);
    let thread_name = fields.string("thread_name", 1, 100);
    fields.finish()?;
    validate::require_content(&body)?;
    let base = base_url(shared);
    shared.mutate(|world| {
        let webhook = by_token(world, call)?;
        if body.components.as_ref().is_some_and(|c| !c.is_empty())
            && webhook.application_id.is_none()
            && !with_components
        {
            return Err(ApiError::form(
                "components",
                "COMPONENTS_NOT_ALLOWED",
                "Only application-owned webhooks can send interactive components.",
            ));
        }
        let mut channel_id = target(world, &webhook, call)?;
        let parent = world.channel(channel_id)?.channel.clone();
        if parent.kind.is_thread_only() {
            let Some(thread_name) = thread_name.clone() else {
                return Err(ApiError::code(220_001));
            };
            let id = world.ids.next();
            let mut thread = accord_model::channel::Channel::new(id, ChannelType::PublicThread);
            thread.guild_id = parent.guild_id;
            thread.parent_id = Some(parent.id);
            thread.name = Some(thread_name.into());
            thread.owner_id = Some(webhook.id.cast());
            thread.thread_metadata = Some(accord_model::channel::ThreadMetadata::new(
                parent
                    .default_auto_archive_duration
                    .unwrap_or(accord_model::channel::AutoArchiveDuration::Day),
                accord_model::util::Timestamp::now(),
            ));
            let bot = world.bot_id();
            world.open_thread(thread, bot, None)?;
            channel_id = id;
        } else if world.channel(channel_id)?.channel.thread_metadata.is_some_and(|m| m.archived) {
            check_postable(world, channel_id, false)?;
        }
        let attachments = validate::attachments(world, &base, channel_id, &body, false);
        let poll = body.poll.as_ref().map(validate::poll);
        let message = world.execute_webhook(
            webhook.id,
            channel_id,
            validate::draft(&body, attachments),
            &persona,
            |message| {
                message.poll = poll.map(Box::new);
                if parent.kind.is_thread_only() {
                    message.id = channel_id.cast();
                }
            },
        )?;
        bump_thread_counts(world, channel_id);
        if wait { ok(&message) } else { no_content() }
    })
}

/// A message the webhook sent: 10008 for any other.
fn webhook_message(world: &World, webhook: &Webhook, call: &Call) -> Result<Message, ApiError> {
    if call.params.iter().all(|(name, _)| *name != "message_id") {
        return Err(ApiError::code(10008));
    }
    let message_id = call.id::<MessageMarker>("message_id")?;
    let channel = target(world, webhook, call)?;
    world
        .channel(channel)?
        .messages
        .get(&message_id)
        .filter(|m| m.webhook_id == Some(webhook.id))
        .cloned()
        .ok_or_else(|| ApiError::code(10008))
}

/// `GET /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}` (and `@original`).
pub(super) fn get_webhook_message(shared: &Shared, call: &Call) -> Answer {
    if shared.read(|world| interactions::is_application(world, call)) {
        return interactions::get_followup(shared, call);
    }
    shared.read(|world| {
        let webhook = by_token(world, call)?;
        ok(&webhook_message(world, &webhook, call)?)
    })
}

/// `PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}` (and `@original`):
/// emits MESSAGE_UPDATE.
pub(super) fn update_webhook_message(shared: &Shared, call: &Call) -> Answer {
    if shared.read(|world| interactions::is_application(world, call)) {
        return interactions::update_followup(shared, call);
    }
    let mut fields = call.fields()?;
    let body = validate::message_body(
        call,
        &mut fields,
        MessageFlags::SUPPRESS_EMBEDS | MessageFlags::IS_COMPONENTS_V2,
    );
    let ok_so_far = fields.is_ok();
    let base = base_url(shared);
    shared.mutate(|world| {
        let webhook = by_token(world, call)?;
        let message = webhook_message(world, &webhook, call)?;
        if !ok_so_far {
            return Err(fields.take_errors().into_error());
        }
        let uploaded = validate::attachments(world, &base, message.channel_id, &body, false);
        let edit = validate::edit(&body, &fields, &message, uploaded);
        if validate::empty_after(&message, &edit) {
            return Err(ApiError::code(50006));
        }
        let updated = world.edit_message(message.channel_id, message.id, |m| {
            crate::world::interactions::apply_edit(m, &edit);
        })?;
        ok(&updated)
    })
}

/// `DELETE /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}` (and `@original`):
/// emits MESSAGE_DELETE.
pub(super) fn delete_webhook_message(shared: &Shared, call: &Call) -> Answer {
    if shared.read(|world| interactions::is_application(world, call)) {
        return interactions::delete_followup(shared, call);
    }
    shared.mutate(|world| {
        let webhook = by_token(world, call)?;
        let message = webhook_message(world, &webhook, call)?;
        world.delete_message(message.channel_id, message.id)?;
        no_content()
    })
}
