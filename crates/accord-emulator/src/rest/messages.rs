//! Messages: listing, reading, creating (JSON or multipart with files), editing, deleting one
//! or many, crossposting, and pins.

use accord_model::audit_log::AuditLogEventType;
use accord_model::channel::ChannelType;
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, MessageMarker};
use accord_model::message::{Message, MessageFlags, MessageReference, Nonce};
use accord_model::permissions::Permissions;
use accord_model::util::Timestamp;
use serde_json::json;

use super::call::Call;
use super::common::{base_url, channel_permission};
use super::error::ApiError;
use super::reply::{Answer, no_content, ok};
use super::threads::bump_thread_counts;
use super::validate;
use crate::shared::Shared;
use crate::world::World;

/// How old a message may be for bulk deletion: 14 days.
const BULK_DELETE_MAX_AGE_MS: u64 = 14 * 24 * 3600 * 1000;

/// The flags a bot may set on a message it sends.
pub(super) const SENDABLE_FLAGS: MessageFlags = MessageFlags::SUPPRESS_EMBEDS
    .union(MessageFlags::SUPPRESS_NOTIFICATIONS)
    .union(MessageFlags::IS_COMPONENTS_V2)
    .union(MessageFlags::IS_VOICE_MESSAGE);

/// Fails unless messages can be read in the channel (READ_MESSAGE_HISTORY, 50001 without).
fn readable(world: &World, channel_id: Id<ChannelMarker>) -> Result<(), ApiError> {
    channel_permission(world, channel_id, Permissions::empty())?;
    if world.channel(channel_id)?.channel.guild_id.is_some() {
        let bot = world.bot_id();
        if !world.channel_permissions(channel_id, bot)?.contains(Permissions::READ_MESSAGE_HISTORY)
        {
            return Err(ApiError::code(50001));
        }
    }
    Ok(())
}

/// `GET /channels/{channel_id}/messages`: `around`, `before` or `after`, `limit` (1 to 100,
/// 50 by default), newest first. Without READ_MESSAGE_HISTORY the list is empty.
pub(super) fn list_messages(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let limit = call.query_number("limit", 1_usize, 100)?.unwrap_or(50);
    let around = call.query_id::<MessageMarker>("around")?;
    let before = call.query_id::<MessageMarker>("before")?;
    let after = call.query_id::<MessageMarker>("after")?;
    shared.read(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        if readable(world, channel_id).is_err() {
            return ok(&Vec::<Message>::new());
        }
        let messages = &world.channel(channel_id)?.messages;
        let list: Vec<&Message> = if let Some(around) = around {
            let older = limit / 2;
            let mut list: Vec<&Message> =
                messages.range(..around).rev().take(older).map(|(_, m)| m).collect();
            list.reverse();
            list.extend(messages.range(around..).take(limit - list.len()).map(|(_, m)| m));
            list.reverse();
            list
        } else if let Some(after) = after {
            let mut list: Vec<&Message> = messages
                .range((std::ops::Bound::Excluded(after), std::ops::Bound::Unbounded))
                .take(limit)
                .map(|(_, m)| m)
                .collect();
            list.reverse();
            list
        } else {
            let range = match before {
                Some(before) => messages.range(..before),
                None => messages.range(..),
            };
            range.rev().take(limit).map(|(_, m)| m).collect()
        };
        ok(&list)
    })
}

/// `GET /channels/{channel_id}/messages/{message_id}`.
pub(super) fn get_message(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id::<MessageMarker>("message_id")?;
    shared.read(|world| {
        readable(world, channel_id)?;
        ok(world
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .ok_or_else(|| ApiError::code(10008))?)
    })
}

/// Whether messages can be sent in a channel of this type.
fn is_text(kind: ChannelType) -> bool {
    matches!(
        kind,
        ChannelType::GuildText
            | ChannelType::Dm
            | ChannelType::GroupDm
            | ChannelType::GuildVoice
            | ChannelType::GuildStageVoice
            | ChannelType::GuildAnnouncement
            | ChannelType::AnnouncementThread
            | ChannelType::PublicThread
            | ChannelType::PrivateThread
    )
}

/// Checks that the bot may post in a channel; an archived thread is unarchived (THREAD_UPDATE)
/// unless it is locked (50083).
pub(super) fn check_postable(
    world: &mut World,
    channel_id: Id<ChannelMarker>,
    files: bool,
) -> Result<(), ApiError> {
    let channel = world.channel(channel_id)?.channel.clone();
    channel_permission(world, channel_id, Permissions::empty())?;
    if !is_text(channel.kind) {
        return Err(ApiError::code(50008));
    }
    let needed = if channel.is_thread() {
        Permissions::SEND_MESSAGES_IN_THREADS
    } else {
        Permissions::SEND_MESSAGES
    };
    channel_permission(world, channel_id, needed)?;
    if files {
        channel_permission(world, channel_id, Permissions::ATTACH_FILES)?;
    }
    if let Some(metadata) = channel.thread_metadata
        && metadata.archived
    {
        if metadata.locked {
            channel_permission(world, channel_id, Permissions::MANAGE_THREADS)?;
        }
        world.change_channel(channel_id, |thread| {
            if let Some(metadata) = &mut thread.thread_metadata {
                metadata.archived = false;
                metadata.archive_timestamp = Some(Timestamp::now());
            }
        })?;
    }
    if channel.kind == ChannelType::Dm {
        let recipient = channel.recipients.as_ref().and_then(|r| r.first()).map(|u| u.id);
        let bot = world.bot_id();
        let shares_guild = recipient.is_some_and(|user| {
            world
                .guilds
                .values()
                .any(|g| g.members.contains_key(&user) && g.members.contains_key(&bot))
        });
        if !shares_guild {
            return Err(ApiError::code(50007));
        }
    }
    Ok(())
}

/// `POST /channels/{channel_id}/messages`: JSON or multipart (`payload_json` and `files[n]`);
/// SEND_MESSAGES (SEND_MESSAGES_IN_THREADS in threads), ATTACH_FILES for files; emits
/// MESSAGE_CREATE. A repeated `nonce` with `enforce_nonce` returns the first message.
pub(super) fn create_message(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let body = validate::message_body(call, &mut fields, SENDABLE_FLAGS);
    fields.finish()?;
    validate::require_content(&body)?;
    let base = base_url(shared);
    shared.mutate(|world| {
        check_postable(world, channel_id, !body.uploads.is_empty())?;
        let bot = world.bot_id();
        if let (true, Some(nonce)) = (body.enforce_nonce, &body.nonce) {
            let recent = world
                .channel(channel_id)?
                .messages
                .values()
                .rev()
                .take(100)
                .find(|m| m.author.id == bot && m.nonce.as_ref() == Some(nonce));
            if let Some(existing) = recent {
                return ok(existing);
            }
        }
        if let Some(reference) = &body.reference {
            let target = reference.message_id.ok_or_else(|| {
                ApiError::form("message_reference", "BASE_TYPE_REQUIRED", "This field is required")
            })?;
            let source = reference.channel_id.unwrap_or(channel_id);
            let exists = world.channel(source).is_ok_and(|c| c.messages.contains_key(&target));
            if !exists {
                if reference.fail_if_not_exists == Some(false) {
                    return post(
                        world,
                        &base,
                        channel_id,
                        &validate::MessageBody { reference: None, ..body.clone() },
                    );
                }
                return Err(ApiError::form(
                    "message_reference",
                    "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                    "Unknown message",
                ));
            }
        }
        post(world, &base, channel_id, &body)
    })
}

fn post(
    world: &mut World,
    base: &str,
    channel_id: Id<ChannelMarker>,
    body: &validate::MessageBody,
) -> Answer {
    let guild_id = world.guild_of(channel_id);
    let mut stickers = Vec::new();
    for (index, id) in body.sticker_ids.iter().enumerate() {
        let sticker = guild_id
            .and_then(|g| world.guilds.get(&g))
            .and_then(|g| g.guild.stickers.as_ref()?.iter().find(|s| s.id == *id).cloned());
        match sticker {
            Some(sticker) => stickers.push(sticker.to_item()),
            None => {
                return Err(ApiError::form(
                    &format!("sticker_ids.{index}"),
                    "STICKER_INVALID",
                    "Invalid sticker",
                ));
            }
        }
    }
    let attachments = validate::attachments(world, base, channel_id, body, false);
    let draft = validate::draft(body, attachments);
    let bot = world.bot_id();
    let poll = body.poll.as_ref().map(validate::poll);
    let nonce: Option<Nonce> = body.nonce.clone();
    let finish = |message: &mut Message| {
        message.nonce = nonce;
        message.poll = poll.map(Box::new);
        message.sticker_items = (!stickers.is_empty()).then_some(stickers);
    };
    let only_extras = draft.content.is_empty()
        && draft.embeds.is_empty()
        && draft.components.is_empty()
        && draft.attachments.is_empty();
    let message = if only_extras {
        // Stickers and polls alone make a message; there is nothing to mention.
        let mut message = world.build_loose_message(channel_id, draft)?;
        finish(&mut message);
        world.publish_message(message.clone())?;
        message
    } else {
        world.create_message_with(channel_id, bot, draft, finish)?
    };
    bump_thread_counts(world, channel_id);
    ok(&message)
}

/// `PATCH /channels/{channel_id}/messages/{message_id}`: the bot's own messages (content,
/// embeds, components, attachments, flags), or SUPPRESS_EMBEDS on others' with
/// MANAGE_MESSAGES (50005 for anything else); emits MESSAGE_UPDATE.
pub(super) fn update_message(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id::<MessageMarker>("message_id")?;
    let mut fields = call.fields()?;
    let body = validate::message_body(call, &mut fields, SENDABLE_FLAGS);
    let changes_content = ["content", "embeds", "components", "attachments", "allowed_mentions"]
        .iter()
        .any(|key| fields.has(key))
        || !call.uploads.is_empty();
    let ok_so_far = fields.is_ok();
    let base = base_url(shared);
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        let message = world
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .cloned()
            .ok_or_else(|| ApiError::code(10008))?;
        if !ok_so_far {
            return Err(fields.take_errors().into_error());
        }
        let thread = world.channel(channel_id)?.channel.thread_metadata;
        if thread.is_some_and(|m| m.archived) {
            return Err(ApiError::code(50083));
        }
        if message.author.id != world.bot_id() {
            if changes_content {
                return Err(ApiError::code(50005));
            }
            channel_permission(world, channel_id, Permissions::MANAGE_MESSAGES)?;
        }
        if !body.uploads.is_empty() {
            channel_permission(world, channel_id, Permissions::ATTACH_FILES)?;
        }
        let uploaded = validate::attachments(world, &base, channel_id, &body, false);
        let edit = validate::edit(&body, &fields, &message, uploaded);
        if validate::empty_after(&message, &edit) {
            return Err(ApiError::code(50006));
        }
        let updated = world.edit_message(channel_id, message_id, |m| {
            crate::world::interactions::apply_edit(m, &edit);
        })?;
        ok(&updated)
    })
}

/// `DELETE /channels/{channel_id}/messages/{message_id}`: the bot's own, or others' with
/// MANAGE_MESSAGES (50003 in DMs); system messages that cannot be deleted give 50021; emits
/// MESSAGE_DELETE.
pub(super) fn delete_message(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id::<MessageMarker>("message_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        let message = world
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .cloned()
            .ok_or_else(|| ApiError::code(10008))?;
        if !message.kind.is_deletable() {
            return Err(ApiError::code(50021));
        }
        let guild_id = world.guild_of(channel_id);
        let others = message.author.id != world.bot_id();
        if others {
            if guild_id.is_none() {
                return Err(ApiError::code(50003));
            }
            channel_permission(world, channel_id, Permissions::MANAGE_MESSAGES)?;
        }
        world.delete_message(channel_id, message_id)?;
        if let (true, Some(guild_id)) = (others, guild_id) {
            world.audit(
                guild_id,
                AuditLogEventType::MessageDelete,
                Some(message.author.id.cast()),
                reason,
            );
        }
        no_content()
    })
}

/// `POST /channels/{channel_id}/messages/bulk-delete` (MANAGE_MESSAGES): 2 to 100 ids (50016
/// otherwise), none older than two weeks (50034), no duplicates; emits MESSAGE_DELETE_BULK.
pub(super) fn bulk_delete_messages(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let mut fields = call.fields()?;
    let ids: Option<Vec<Id<MessageMarker>>> = fields.ids("messages", usize::MAX);
    if !fields.has("messages") {
        fields.error("messages", "BASE_TYPE_REQUIRED", "This field is required");
    }
    fields.finish()?;
    let ids = ids.unwrap_or_default();
    if ids.len() < 2 || ids.len() > 100 {
        return Err(ApiError::code(50016));
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    if unique.len() != ids.len() {
        return Err(ApiError::form("messages", "BASE_TYPE_DUPLICATE", "Duplicate message ids"));
    }
    let now_ms = u64::try_from(Timestamp::now().as_millis()).unwrap_or(0);
    if ids.iter().any(|id| now_ms.saturating_sub(id.timestamp_ms()) > BULK_DELETE_MAX_AGE_MS) {
        return Err(ApiError::code(50034));
    }
    let reason = call.reason();
    shared.mutate(|world| {
        let Some(guild_id) = world.channel(channel_id)?.channel.guild_id else {
            return Err(ApiError::code(50003));
        };
        channel_permission(world, channel_id, Permissions::MANAGE_MESSAGES)?;
        let existing: Vec<_> = {
            let messages = &world.channel(channel_id)?.messages;
            ids.into_iter().filter(|id| messages.contains_key(id)).collect()
        };
        world.delete_messages(channel_id, &existing)?;
        world.audit(
            guild_id,
            AuditLogEventType::MessageBulkDelete,
            Some(channel_id.cast()),
            reason,
        );
        no_content()
    })
}

/// `POST /channels/{channel_id}/messages/{message_id}/crosspost`: in announcement channels,
/// the bot's own messages (or others' with MANAGE_MESSAGES); copies reach the following
/// channels' webhooks; emits MESSAGE_UPDATE (and MESSAGE_CREATE in each follower).
pub(super) fn crosspost_message(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id::<MessageMarker>("message_id")?;
    shared.mutate(|world| {
        channel_permission(world, channel_id, Permissions::empty())?;
        let channel = world.channel(channel_id)?.channel.clone();
        if channel.kind != ChannelType::GuildAnnouncement {
            return Err(ApiError::code(50024));
        }
        let message = world
            .channel(channel_id)?
            .messages
            .get(&message_id)
            .cloned()
            .ok_or_else(|| ApiError::code(10008))?;
        if message.flags().contains(MessageFlags::CROSSPOSTED) {
            return Err(ApiError::code(40033));
        }
        let needed = if message.author.id == world.bot_id() {
            Permissions::SEND_MESSAGES
        } else {
            Permissions::MANAGE_MESSAGES
        };
        channel_permission(world, channel_id, needed)?;
        let updated = world.edit_message_silently(channel_id, message_id, |m| {
            m.flags = Some(m.flags() | MessageFlags::CROSSPOSTED);
        })?;
        let followers = world.extras.followers.get(&channel_id).cloned().unwrap_or_default();
        let guild_name = channel
            .guild_id
            .and_then(|g| world.guilds.get(&g))
            .map(|g| g.guild.name.to_string())
            .unwrap_or_default();
        for webhook_id in followers {
            let Ok(webhook) = world.webhook(webhook_id) else { continue };
            let Some(target) = webhook.channel_id else { continue };
            let draft = crate::world::MessageDraft {
                content: message.content.clone(),
                embeds: message.embeds.clone(),
                attachments: message.attachments.clone(),
                allowed_mentions: Some(accord_model::message::AllowedMentions::none()),
                ..crate::world::MessageDraft::default()
            };
            let mut reference = MessageReference::reply(message_id);
            reference.channel_id = Some(channel_id);
            reference.guild_id = channel.guild_id;
            let persona = crate::world::webhooks::WebhookPersona {
                username: Some(format!(
                    "{} #{}",
                    guild_name,
                    channel.name.clone().unwrap_or_default()
                )),
            };
            world.execute_webhook(webhook_id, target, draft, &persona, |copy| {
                copy.flags = Some(MessageFlags::IS_CROSSPOST);
                copy.message_reference = Some(reference);
            })?;
        }
        ok(&updated)
    })
}

/// Pins need MANAGE_MESSAGES or PIN_MESSAGES.
fn can_pin(world: &World, channel_id: Id<ChannelMarker>) -> Result<(), ApiError> {
    channel_permission(world, channel_id, Permissions::empty())?;
    if world.channel(channel_id)?.channel.guild_id.is_none() {
        return Ok(());
    }
    let permissions = world.channel_permissions(channel_id, world.bot_id())?;
    if permissions.intersects(Permissions::MANAGE_MESSAGES | Permissions::PIN_MESSAGES) {
        Ok(())
    } else {
        Err(ApiError::code(50013))
    }
}

/// `PUT /channels/{channel_id}/messages/pins/{message_id}` (and the older `pins/` path): at
/// most 250 pins (30003); emits MESSAGE_UPDATE, the pin notice's MESSAGE_CREATE and
/// CHANNEL_PINS_UPDATE.
pub(super) fn create_pin(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id::<MessageMarker>("message_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        can_pin(world, channel_id)?;
        world.pin(channel_id, message_id)?;
        if let Some(guild_id) = world.guild_of(channel_id) {
            world.audit(guild_id, AuditLogEventType::MessagePin, Some(message_id.cast()), reason);
        }
        no_content()
    })
}

/// `DELETE /channels/{channel_id}/messages/pins/{message_id}` (and the older `pins/` path):
/// emits MESSAGE_UPDATE and CHANNEL_PINS_UPDATE.
pub(super) fn delete_pin(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let message_id = call.id::<MessageMarker>("message_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        can_pin(world, channel_id)?;
        if !world.channel(channel_id)?.messages.contains_key(&message_id) {
            return Err(ApiError::code(10008));
        }
        world.unpin(channel_id, message_id)?;
        if let Some(guild_id) = world.guild_of(channel_id) {
            world.audit(guild_id, AuditLogEventType::MessageUnpin, Some(message_id.cast()), reason);
        }
        no_content()
    })
}

/// `GET /channels/{channel_id}/pins`: the pinned messages, last pinned first.
pub(super) fn deprecated_list_pins(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    shared.read(|world| {
        readable(world, channel_id)?;
        let pins: Vec<Message> = world.pins(channel_id).into_iter().map(|(m, _)| m).collect();
        ok(&pins)
    })
}

/// `GET /channels/{channel_id}/messages/pins`: `{items: [{pinned_at, message}], has_more}`,
/// with `before` (a timestamp) and `limit` (1 to 50).
pub(super) fn list_pins(shared: &Shared, call: &Call) -> Answer {
    let channel_id = call.id::<ChannelMarker>("channel_id")?;
    let limit = call.query_number("limit", 1_usize, 50)?.unwrap_or(50);
    let before = match call.query("before") {
        None => None,
        Some(raw) => Some(raw.parse::<Timestamp>().map_err(|_| {
            ApiError::form(
                "before",
                "DATE_TIME_TYPE_PARSE",
                format!("Could not parse {raw}. Should be ISO8601."),
            )
        })?),
    };
    shared.read(|world| {
        readable(world, channel_id)?;
        let pins: Vec<_> = world
            .pins(channel_id)
            .into_iter()
            .filter(|(_, at)| before.is_none_or(|b| *at < b))
            .collect();
        let has_more = pins.len() > limit;
        let items: Vec<_> = pins
            .into_iter()
            .take(limit)
            .map(|(message, at)| json!({ "pinned_at": at, "message": message }))
            .collect();
        ok(&json!({ "items": items, "has_more": has_more }))
    })
}
