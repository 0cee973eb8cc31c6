//! Reading and checking message bodies (create, edit, webhook, interaction response) with
//! Discord's limits, and turning uploads into attachments.

use accord_model::component::Component;
use accord_model::id::Id;
use accord_model::id::marker::{AttachmentMarker, ChannelMarker, StickerMarker};
use accord_model::message::{
    AllowedMentions, Attachment, AttachmentFlags, Embed, MentionType, Message, MessageFlags,
    MessageReference, Nonce, PartialAttachment, Poll, PollAnswer, PollCreate,
};
use accord_model::util::Timestamp;
use serde_json::Value;

use super::call::{Call, Fields};
use super::error::ApiError;
use crate::world::interactions::MessageEdit;
use crate::world::{MessageDraft, World};

/// The longest message content.
pub(crate) const MAX_CONTENT: usize = 2000;
/// The most embeds per message.
pub(crate) const MAX_EMBEDS: usize = 10;
/// The most files per message.
pub(crate) const MAX_FILES: usize = 10;

/// A message body, checked, before its uploads become attachments.
#[derive(Debug, Default, Clone)]
pub(crate) struct MessageBody {
    pub(crate) content: Option<String>,
    pub(crate) embeds: Option<Vec<Embed>>,
    pub(crate) components: Option<Vec<Component>>,
    pub(crate) allowed_mentions: Option<AllowedMentions>,
    pub(crate) flags: Option<MessageFlags>,
    pub(crate) tts: bool,
    pub(crate) reference: Option<MessageReference>,
    pub(crate) nonce: Option<Nonce>,
    pub(crate) enforce_nonce: bool,
    pub(crate) sticker_ids: Vec<Id<StickerMarker>>,
    pub(crate) poll: Option<PollCreate>,
    /// The `attachments` field: uploads (by index) and existing attachments to keep (by id).
    pub(crate) attachments: Option<Vec<PartialAttachment>>,
    /// The uploaded files: index, file name, media type and size.
    pub(crate) uploads: Vec<(u64, String, Option<String>, u64)>,
}

impl MessageBody {
    /// Whether the message would have nothing to show.
    pub(crate) fn is_empty(&self) -> bool {
        self.content.as_deref().is_none_or(str::is_empty)
            && self.embeds.as_ref().is_none_or(Vec::is_empty)
            && self.components.as_ref().is_none_or(Vec::is_empty)
            && self.uploads.is_empty()
            && self.sticker_ids.is_empty()
            && self.poll.is_none()
    }
}

/// Reads a message body from the request's fields; `allowed_flags` are the flags this route
/// accepts.
pub(crate) fn message_body(
    call: &Call,
    fields: &mut Fields,
    allowed_flags: MessageFlags,
) -> MessageBody {
    let mut body = MessageBody {
        content: fields.string("content", 0, MAX_CONTENT),
        tts: fields.boolean("tts").unwrap_or(false),
        ..MessageBody::default()
    };
    if let Some(embeds) = fields.raw("embeds").cloned() {
        body.embeds = embeds_of(fields, embeds);
    }
    if fields.raw("components").is_some() {
        body.components = fields.get("components");
    }
    if let Some(mentions) = fields.get::<AllowedMentions>("allowed_mentions") {
        check_allowed_mentions(fields, &mentions);
        body.allowed_mentions = Some(mentions);
    }
    if let Some(flags) = fields.get::<MessageFlags>("flags") {
        if !allowed_flags.contains(flags) {
            fields.error(
                "flags",
                "MESSAGE_FLAGS_INVALID",
                format!("Only these flags may be set: {}.", allowed_flags.bits()),
            );
        }
        body.flags = Some(flags);
    }
    body.reference = fields.get("message_reference");
    body.nonce = fields.get("nonce");
    if let Some(Nonce::String(nonce)) = &body.nonce
        && nonce.chars().count() > 25
    {
        fields.error("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    }
    body.enforce_nonce = fields.boolean("enforce_nonce").unwrap_or(false);
    body.sticker_ids = fields.ids("sticker_ids", 3).unwrap_or_default();
    body.poll = fields.get("poll");
    if let Some(poll) = &body.poll
        && (poll.answers.is_empty() || poll.answers.len() > 10)
    {
        fields.error("poll.answers", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 10 in length.");
    }
    body.attachments = fields.get("attachments");
    if call.uploads.len() > MAX_FILES {
        fields.error(
            "files",
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {MAX_FILES} or fewer in length."),
        );
    }
    body.uploads = call
        .uploads
        .iter()
        .map(|(index, part)| {
            let named = body.attachments.iter().flatten().find(|a| a.id == *index);
            let filename = named
                .and_then(|a| a.filename.as_deref())
                .or(part.filename.as_deref())
                .unwrap_or("file")
                .to_owned();
            (*index, filename, part.content_type.clone(), part.data.len() as u64)
        })
        .collect();
    if let (Some(flags), Some(components)) = (body.flags, &body.components) {
        if flags.contains(MessageFlags::IS_COMPONENTS_V2) {
            if body.content.as_deref().is_some_and(|c| !c.is_empty())
                || body.embeds.as_ref().is_some_and(|e| !e.is_empty())
            {
                fields.error(
                    "content",
                    "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                    "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2",
                );
            }
            if count_components(components) > 40 {
                fields.error(
                    "components",
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 40 or fewer in length.",
                );
            }
        } else if components.len() > 5 {
            fields.error("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
        }
    } else if body.components.as_ref().is_some_and(|c| c.len() > 5) {
        fields.error("components", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
    }
    body
}

fn count_components(components: &[Component]) -> usize {
    components.iter().map(|c| 1 + c.children().len()).sum()
}

/// Discord refuses `parse` beside a non-empty list of the same kind; an empty list is ignored.
fn check_allowed_mentions(fields: &mut Fields, mentions: &AllowedMentions) {
    let parse = mentions.parse.as_deref().unwrap_or_default();
    let listed = |ids: Option<usize>| ids.is_some_and(|count| count > 0);
    if parse.contains(&MentionType::Users) && listed(mentions.users.as_ref().map(Vec::len)) {
        fields.error(
            "allowed_mentions",
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
            "parse:[\"users\"] and users: [ids...] are mutually exclusive.",
        );
    }
    if parse.contains(&MentionType::Roles) && listed(mentions.roles.as_ref().map(Vec::len)) {
        fields.error(
            "allowed_mentions",
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
            "parse:[\"roles\"] and roles: [ids...] are mutually exclusive.",
        );
    }
    for (key, count) in [
        ("users", mentions.users.as_ref().map_or(0, Vec::len)),
        ("roles", mentions.roles.as_ref().map_or(0, Vec::len)),
    ] {
        if count > 100 {
            fields.error(
                &format!("allowed_mentions.{key}"),
                "BASE_TYPE_MAX_LENGTH",
                "Must be 100 or fewer in length.",
            );
        }
    }
}

/// Reads embeds one by one, so errors name the embed and the field.
fn embeds_of(fields: &mut Fields, value: Value) -> Option<Vec<Embed>> {
    let Value::Array(items) = value else {
        fields.error("embeds", "BASE_TYPE_LIST", "Must be a list.");
        return None;
    };
    if items.len() > MAX_EMBEDS {
        fields.error(
            "embeds",
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {MAX_EMBEDS} or fewer in length."),
        );
        return None;
    }
    let mut embeds = Vec::with_capacity(items.len());
    let mut total = 0;
    for (index, item) in items.into_iter().enumerate() {
        let path = format!("embeds.{index}");
        let embed: Embed = match serde_json::from_value(item) {
            Ok(embed) => embed,
            Err(error) => {
                fields.error(&path, "MODEL_TYPE_CONVERT", error.to_string());
                continue;
            }
        };
        let count = |text: &str| text.chars().count();
        let mut limit = |field: &str, length: usize, max: usize| {
            if length > max {
                fields.error(
                    &format!("{path}.{field}"),
                    "BASE_TYPE_MAX_LENGTH",
                    format!("Must be {max} or fewer in length."),
                );
            }
        };
        limit("title", embed.title.as_deref().map_or(0, count), 256);
        limit("description", embed.description.as_deref().map_or(0, count), 4096);
        limit("footer.text", embed.footer.as_ref().map_or(0, |f| count(&f.text)), 2048);
        limit("author.name", embed.author.as_ref().map_or(0, |a| count(&a.name)), 256);
        let embed_fields = embed.fields.as_deref().unwrap_or_default();
        limit("fields", embed_fields.len(), 25);
        for (i, field) in embed_fields.iter().enumerate() {
            limit(&format!("fields.{i}.name"), count(&field.name), 256);
            limit(&format!("fields.{i}.value"), count(&field.value), 1024);
        }
        total += embed.text_length();
        embeds.push(embed);
    }
    if total > 6000 {
        fields.error(
            "embeds",
            "MAX_EMBED_SIZE_EXCEEDED",
            "Embed size exceeds maximum size of 6000",
        );
    }
    Some(embeds)
}

/// Makes attachments of a body's uploads, with ids from the world.
pub(crate) fn attachments(
    world: &mut World,
    base_url: &str,
    channel_id: Id<ChannelMarker>,
    body: &MessageBody,
    ephemeral: bool,
) -> Vec<Attachment> {
    body.uploads
        .iter()
        .map(|(index, filename, content_type, size)| {
            let id: Id<AttachmentMarker> = world.ids.next();
            let url = format!("{base_url}/attachments/{channel_id}/{id}/{filename}");
            let mut attachment =
                Attachment::new(id, filename.as_str(), *size, url.as_str(), url.as_str());
            attachment.content_type = content_type.as_deref().map(Into::into);
            let spec = body.attachments.iter().flatten().find(|a| a.id == *index);
            attachment.description = spec.and_then(|a| a.description.clone());
            attachment.title = spec.and_then(|a| a.title.clone());
            if spec.and_then(|a| a.is_spoiler) == Some(true) || filename.starts_with("SPOILER_") {
                attachment.flags = Some(AttachmentFlags::IS_SPOILER);
            }
            attachment.ephemeral = ephemeral.then_some(true);
            attachment
        })
        .collect()
}

/// The draft of a new message from a checked body.
pub(crate) fn draft(body: &MessageBody, attachments: Vec<Attachment>) -> MessageDraft {
    MessageDraft {
        content: body.content.clone().unwrap_or_default(),
        embeds: body.embeds.clone().unwrap_or_default(),
        components: body.components.clone().unwrap_or_default(),
        attachments,
        tts: body.tts,
        flags: body.flags,
        reference: body.reference,
        allowed_mentions: body.allowed_mentions.clone(),
    }
}

/// The poll of a message from the body that creates it.
pub(crate) fn poll(create: &PollCreate) -> Poll {
    let hours = i64::from(create.duration.unwrap_or(24).clamp(1, 768));
    let answers = create
        .answers
        .iter()
        .zip(1..)
        .map(|(answer, id)| PollAnswer::new(id, answer.poll_media.clone()))
        .collect();
    Poll::new(
        create.question.clone(),
        answers,
        Some(Timestamp::now().add_micros(hours * 3_600_000_000)),
        create.allow_multiselect.unwrap_or(false),
    )
}

/// The edit a body asks for. Existing attachments are kept only when `attachments` lists
/// them; new uploads are added.
pub(crate) fn edit(
    body: &MessageBody,
    fields: &Fields,
    message: &Message,
    uploaded: Vec<Attachment>,
) -> MessageEdit {
    let mut edit = MessageEdit {
        content: fields.has("content").then(|| body.content.clone().unwrap_or_default()),
        embeds: fields.has("embeds").then(|| body.embeds.clone().unwrap_or_default()),
        components: fields.has("components").then(|| body.components.clone().unwrap_or_default()),
        attachments: None,
        flags: body.flags,
    };
    if body.attachments.is_some() || !uploaded.is_empty() {
        let mut kept: Vec<Attachment> = match &body.attachments {
            Some(list) => message
                .attachments
                .iter()
                .filter(|a| list.iter().any(|p| p.id == a.id.get()))
                .cloned()
                .collect(),
            None => message.attachments.clone(),
        };
        kept.extend(uploaded);
        edit.attachments = Some(kept);
    }
    edit
}

/// Whether a message would be empty after an edit.
pub(crate) fn empty_after(message: &Message, edit: &MessageEdit) -> bool {
    let mut after = message.clone();
    crate::world::interactions::apply_edit(&mut after, edit);
    after.content.is_empty()
        && after.embeds.is_empty()
        && after.components().is_empty()
        && after.attachments.is_empty()
        && after.sticker_items.as_ref().is_none_or(Vec::is_empty)
        && after.poll.is_none()
}

/// Checks a body with Discord's rule for new messages: not empty (50006).
pub(crate) fn require_content(body: &MessageBody) -> Result<(), ApiError> {
    if body.is_empty() { Err(ApiError::code(50006)) } else { Ok(()) }
}
