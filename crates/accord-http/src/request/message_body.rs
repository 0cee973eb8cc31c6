//! The body shared by everything that sends or edits a message: channel messages, webhook
//! executions and edits, interaction responses and followups, forum posts.
//!
//! Builders hold a [`MessageFields`] and pick their setters with `message_setters!`; the
//! fields turn into a JSON body, or a multipart body when files are attached.

use accord_model::component::Component;
use accord_model::id::Id;
use accord_model::id::marker::{AttachmentMarker, StickerMarker, TagMarker};
use accord_model::message::{
    AllowedMentions, Embed, MessageFlags, MessageReference, Nonce, PollCreate,
};
use serde_json::{Map, Value, json};

use super::attachment::AttachmentFile;
use super::{Field, Form, RequestBuilder, to_json};
use crate::error::Error;
use crate::validate::{
    Check, ValidationError, ValidationErrorKind, check_chars, check_count, record,
};

/// The most characters of message content.
pub(crate) const CONTENT_MAX: usize = 2000;
/// The most embeds of a message.
pub(crate) const EMBEDS_MAX: usize = 10;
/// The most characters of all embeds of a message together.
pub(crate) const EMBED_TOTAL_MAX: usize = 6000;
/// The most top-level components of a message without the components v2 flag (action rows).
pub(crate) const ACTION_ROWS_MAX: usize = 5;
/// The most components of a message with the components v2 flag, counting nested ones.
pub(crate) const COMPONENTS_MAX: usize = 40;
/// The most files of a message.
pub(crate) const FILES_MAX: usize = 10;

/// Every field a message body can have; each builder exposes the ones its route takes.
#[derive(Debug, Default)]
pub(crate) struct MessageFields<'a> {
    pub(crate) content: Field<&'a str>,
    pub(crate) embeds: Field<&'a [Embed]>,
    pub(crate) allowed_mentions: Field<&'a AllowedMentions>,
    pub(crate) components: Field<&'a [Component]>,
    pub(crate) flags: Field<MessageFlags>,
    pub(crate) files: &'a [AttachmentFile],
    pub(crate) keep_attachments: Option<&'a [Id<AttachmentMarker>]>,
    pub(crate) tts: Option<bool>,
    pub(crate) poll: Option<&'a PollCreate>,
    pub(crate) sticker_ids: Option<&'a [Id<StickerMarker>]>,
    pub(crate) message_reference: Option<&'a MessageReference>,
    pub(crate) nonce: Option<Nonce>,
    pub(crate) enforce_nonce: Option<bool>,
    pub(crate) username: Option<&'a str>,
    pub(crate) avatar_url: Option<&'a str>,
    pub(crate) thread_name: Option<&'a str>,
    pub(crate) applied_tags: Option<&'a [Id<TagMarker>]>,
    pub(crate) error: Option<ValidationError>,
}

impl MessageFields<'_> {
    /// Runs the checks that involve several fields and returns the first error.
    pub(crate) fn finish_checks(&mut self, creating: bool) -> Option<ValidationError> {
        if let Some(components) = self.components.as_value() {
            let v2 = self
                .flags
                .as_value()
                .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2));
            // An edit may target a v2 message without repeating the flag: only the hard cap.
            if creating && !v2 {
                record(
                    &mut self.error,
                    "components",
                    check_count(components.len(), 0, ACTION_ROWS_MAX),
                );
            }
            record(
                &mut self.error,
                "components",
                check_count(count_components(components), 0, COMPONENTS_MAX),
            );
        }
        self.error.take()
    }

    /// The body as a JSON object.
    pub(crate) fn to_map(&self) -> Result<Map<String, Value>, Error> {
        let mut map = Map::new();
        let mut put = |key: &str, value: Value| {
            map.insert(key.to_owned(), value);
        };
        if !self.content.is_absent() {
            put("content", to_json(&self.content)?);
        }
        if !self.embeds.is_absent() {
            put("embeds", to_json(&self.embeds)?);
        }
        if !self.allowed_mentions.is_absent() {
            put("allowed_mentions", to_json(&self.allowed_mentions)?);
        }
        if !self.components.is_absent() {
            put("components", to_json(&self.components)?);
        }
        if !self.flags.is_absent() {
            put("flags", to_json(&self.flags)?);
        }
        if !self.files.is_empty() || self.keep_attachments.is_some() {
            let kept =
                self.keep_attachments.unwrap_or_default().iter().map(|id| json!({ "id": id }));
            let new = self.files.iter().enumerate().map(|(index, file)| {
                let mut entry = json!({ "id": index, "filename": file.filename });
                if let (Some(description), Some(fields)) =
                    (&file.description, entry.as_object_mut())
                {
                    fields.insert("description".to_owned(), Value::from(description.as_str()));
                }
                entry
            });
            put("attachments", Value::Array(kept.chain(new).collect()));
        }
        let optional: [(&str, Option<Value>); 10] = [
            ("tts", self.tts.map(Value::from)),
            ("poll", self.poll.map(to_json).transpose()?),
            ("sticker_ids", self.sticker_ids.map(to_json).transpose()?),
            ("message_reference", self.message_reference.map(to_json).transpose()?),
            ("nonce", self.nonce.as_ref().map(to_json).transpose()?),
            ("enforce_nonce", self.enforce_nonce.map(Value::from)),
            ("username", self.username.map(Value::from)),
            ("avatar_url", self.avatar_url.map(Value::from)),
            ("thread_name", self.thread_name.map(Value::from)),
            ("applied_tags", self.applied_tags.map(to_json).transpose()?),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                put(key, value);
            }
        }
        Ok(map)
    }

    /// Sets the body of `builder` to `payload`: as JSON, or as `payload_json` beside the files.
    pub(crate) fn attach(&self, builder: RequestBuilder, payload: &Value) -> RequestBuilder {
        attach_files(builder, payload, self.files)
    }
}

/// Sets a JSON body, or a multipart body of `payload_json` and `files[n]` parts when there
/// are files.
pub(crate) fn attach_files(
    builder: RequestBuilder,
    payload: &Value,
    files: &[AttachmentFile],
) -> RequestBuilder {
    if files.is_empty() {
        return builder.json(payload);
    }
    let json = serde_json::to_vec(payload).unwrap_or_default();
    let mut form = Form::new().json("payload_json", &json);
    for (index, file) in files.iter().enumerate() {
        form =
            form.file(&format!("files[{index}]"), &file.filename, &file.content_type, &file.data);
    }
    builder.form(form)
}

/// Counts components, nested ones included.
fn count_components(components: &[Component]) -> usize {
    components
        .iter()
        .map(|component| {
            1 + match component {
                Component::ActionRow(row) => count_components(&row.components),
                Component::Container(container) => count_components(&container.components),
                Component::Section(section) => {
                    count_components(&section.components)
                        + count_components(std::slice::from_ref(&*section.accessory))
                }
                Component::Label(label) => {
                    count_components(std::slice::from_ref(&*label.component))
                }
                _ => 0,
            }
        })
        .sum()
}

/// Checks embeds: at most 10, each within Discord's per-field limits, all together within
/// 6000 characters.
pub(crate) fn check_embeds(embeds: &[Embed]) -> Check {
    check_count(embeds.len(), 0, EMBEDS_MAX)?;
    let mut total = 0;
    for embed in embeds {
        if let Some(title) = &embed.title {
            check_chars(title, 0, 256)?;
        }
        if let Some(description) = &embed.description {
            check_chars(description, 0, 4096)?;
        }
        if let Some(fields) = &embed.fields {
            check_count(fields.len(), 0, 25)?;
            for field in fields {
                check_chars(&field.name, 0, 256)?;
                check_chars(&field.value, 0, 1024)?;
            }
        }
        if let Some(footer) = &embed.footer {
            check_chars(&footer.text, 0, 2048)?;
        }
        if let Some(author) = &embed.author {
            check_chars(&author.name, 0, 256)?;
        }
        total += embed.text_length();
    }
    if total > EMBED_TOTAL_MAX {
        return Err(ValidationErrorKind::TooLong { max: EMBED_TOTAL_MAX, actual: total });
    }
    Ok(())
}

/// Checks allowed mentions: at most 100 users and 100 roles.
pub(crate) fn check_allowed_mentions(mentions: &AllowedMentions) -> Check {
    check_count(mentions.users.as_ref().map_or(0, Vec::len), 0, 100)?;
    check_count(mentions.roles.as_ref().map_or(0, Vec::len), 0, 100)
}

/// Checks files: at most 10, alt texts of at most 1024 characters.
pub(crate) fn check_files(files: &[AttachmentFile]) -> Check {
    check_count(files.len(), 0, FILES_MAX)?;
    for file in files {
        if let Some(description) = &file.description {
            check_chars(description, 0, 1024)?;
        }
    }
    Ok(())
}

/// Checks a poll: 1 to 10 answers of at most 55 characters, a question of at most 300, a
/// duration of at most 32 days.
pub(crate) fn check_poll(poll: &PollCreate) -> Check {
    check_chars(poll.question.text.as_deref().unwrap_or_default(), 0, 300)?;
    check_count(poll.answers.len(), 1, 10)?;
    for answer in &poll.answers {
        check_chars(answer.poll_media.text.as_deref().unwrap_or_default(), 0, 55)?;
    }
    if let Some(hours) = poll.duration {
        crate::validate::range::<u32>(1, 768)(&hours)?;
    }
    Ok(())
}

/// Checks a nonce: strings of at most 25 characters.
pub(crate) fn check_nonce(nonce: &Nonce) -> Check {
    match nonce {
        Nonce::String(text) => check_chars(text, 0, 25),
        _ => Ok(()),
    }
}

/// Setters of a builder whose message fields are in `self.fields`. `set` setters take the
/// value; `edit` setters take an `Option`, `None` clearing the field.
macro_rules! message_setters {
    ($($name:ident $mode:ident),* $(,)?) => {
        $(message_setters!(@one $name $mode);)*
    };
    (@one content set) => {
        /// Sets the text (at most 2000 characters).
        pub fn content(mut self, content: &'a str) -> Self {
            $crate::validate::record(&mut self.fields.error, "content",
                $crate::validate::check_chars(content, 0, $crate::request::message_body::CONTENT_MAX));
            self.fields.content = $crate::request::Field::Value(content);
            self
        }
    };
    (@one content edit) => {
        /// Sets the text (at most 2000 characters); `None` removes it.
        pub fn content(mut self, content: Option<&'a str>) -> Self {
            if let Some(content) = content {
                $crate::validate::record(&mut self.fields.error, "content",
                    $crate::validate::check_chars(content, 0, $crate::request::message_body::CONTENT_MAX));
            }
            self.fields.content = $crate::request::Field::nullable(content);
            self
        }
    };
    (@one embeds set) => {
        /// Sets the embeds (at most 10, 6000 characters in all).
        pub fn embeds(mut self, embeds: &'a [accord_model::message::Embed]) -> Self {
            $crate::validate::record(&mut self.fields.error, "embeds",
                $crate::request::message_body::check_embeds(embeds));
            self.fields.embeds = $crate::request::Field::Value(embeds);
            self
        }
    };
    (@one embeds edit) => {
        /// Sets the embeds (at most 10, 6000 characters in all); `None` removes them.
        pub fn embeds(mut self, embeds: Option<&'a [accord_model::message::Embed]>) -> Self {
            if let Some(embeds) = embeds {
                $crate::validate::record(&mut self.fields.error, "embeds",
                    $crate::request::message_body::check_embeds(embeds));
            }
            self.fields.embeds = $crate::request::Field::nullable(embeds);
            self
        }
    };
    (@one components set) => {
        /// Sets the components: at most 5 action rows, or with the `IS_COMPONENTS_V2` flag
        /// at most 40 components in all.
        pub fn components(mut self, components: &'a [accord_model::component::Component]) -> Self {
            self.fields.components = $crate::request::Field::Value(components);
            self
        }
    };
    (@one components edit) => {
        /// Sets the components; `None` removes them.
        pub fn components(mut self, components: Option<&'a [accord_model::component::Component]>) -> Self {
            self.fields.components = $crate::request::Field::nullable(components);
            self
        }
    };
    (@one allowed_mentions set) => {
        /// Sets which mentions notify (at most 100 users and 100 roles listed).
        pub fn allowed_mentions(mut self, mentions: &'a accord_model::message::AllowedMentions) -> Self {
            $crate::validate::record(&mut self.fields.error, "allowed_mentions",
                $crate::request::message_body::check_allowed_mentions(mentions));
            self.fields.allowed_mentions = $crate::request::Field::Value(mentions);
            self
        }
    };
    (@one allowed_mentions edit) => {
        /// Sets which mentions notify; `None` restores the default.
        pub fn allowed_mentions(mut self, mentions: Option<&'a accord_model::message::AllowedMentions>) -> Self {
            if let Some(mentions) = mentions {
                $crate::validate::record(&mut self.fields.error, "allowed_mentions",
                    $crate::request::message_body::check_allowed_mentions(mentions));
            }
            self.fields.allowed_mentions = $crate::request::Field::nullable(mentions);
            self
        }
    };
    (@one flags set) => {
        /// Sets the message flags (`SUPPRESS_EMBEDS`, `SUPPRESS_NOTIFICATIONS`,
        /// `IS_COMPONENTS_V2`, and `EPHEMERAL` for interactions).
        pub fn flags(mut self, flags: accord_model::message::MessageFlags) -> Self {
            self.fields.flags = $crate::request::Field::Value(flags);
            self
        }
    };
    (@one flags edit) => {
        /// Sets the message flags; `None` clears them.
        pub fn flags(mut self, flags: Option<accord_model::message::MessageFlags>) -> Self {
            self.fields.flags = $crate::request::Field::nullable(flags);
            self
        }
    };
    (@one attachments set) => {
        /// Uploads files with the message (at most 10); they are numbered from 0 in order,
        /// so embeds can show them as `attachment://<filename>`.
        pub fn attachments(mut self, files: &'a [$crate::request::attachment::AttachmentFile]) -> Self {
            $crate::validate::record(&mut self.fields.error, "attachments",
                $crate::request::message_body::check_files(files));
            self.fields.files = files;
            self
        }
    };
    (@one keep_attachments set) => {
        /// Keeps these existing attachments; those not listed are removed. Without this
        /// call, the attachments are left as they are.
        pub fn keep_attachments(mut self, ids: &'a [accord_model::id::Id<accord_model::id::marker::AttachmentMarker>]) -> Self {
            self.fields.keep_attachments = Some(ids);
            self
        }
    };
    (@one tts set) => {
        /// Sets whether the message is read aloud.
        pub fn tts(mut self, tts: bool) -> Self {
            self.fields.tts = Some(tts);
            self
        }
    };
    (@one poll set) => {
        /// Sends a poll (1 to 10 answers, at most 32 days).
        pub fn poll(mut self, poll: &'a accord_model::message::PollCreate) -> Self {
            $crate::validate::record(&mut self.fields.error, "poll",
                $crate::request::message_body::check_poll(poll));
            self.fields.poll = Some(poll);
            self
        }
    };
    (@one sticker_ids set) => {
        /// Sends stickers (at most 3).
        pub fn sticker_ids(mut self, ids: &'a [accord_model::id::Id<accord_model::id::marker::StickerMarker>]) -> Self {
            $crate::validate::record(&mut self.fields.error, "sticker_ids",
                $crate::validate::check_count(ids.len(), 0, 3));
            self.fields.sticker_ids = Some(ids);
            self
        }
    };
    (@one message_reference set) => {
        /// Replies to or forwards a message.
        pub fn message_reference(mut self, reference: &'a accord_model::message::MessageReference) -> Self {
            self.fields.message_reference = Some(reference);
            self
        }
    };
    (@one nonce set) => {
        /// Sets a nonce (an integer, or a string of at most 25 characters) to recognize the
        /// message in the gateway's MESSAGE_CREATE.
        pub fn nonce(mut self, nonce: accord_model::message::Nonce) -> Self {
            $crate::validate::record(&mut self.fields.error, "nonce",
                $crate::request::message_body::check_nonce(&nonce));
            self.fields.nonce = Some(nonce);
            self
        }
    };
    (@one enforce_nonce set) => {
        /// Sets whether a recent message with the same nonce is returned instead of sending
        /// a new one.
        pub fn enforce_nonce(mut self, enforce: bool) -> Self {
            self.fields.enforce_nonce = Some(enforce);
            self
        }
    };
    (@one username set) => {
        /// Overrides the webhook's name for this message (1 to 80 characters).
        pub fn username(mut self, username: &'a str) -> Self {
            $crate::validate::record(&mut self.fields.error, "username",
                $crate::validate::check_chars(username, 1, 80));
            self.fields.username = Some(username);
            self
        }
    };
    (@one avatar_url set) => {
        /// Overrides the webhook's avatar for this message.
        pub fn avatar_url(mut self, url: &'a str) -> Self {
            self.fields.avatar_url = Some(url);
            self
        }
    };
    (@one thread_name set) => {
        /// Creates a forum or media post of this name with the message (at most 100
        /// characters).
        pub fn thread_name(mut self, name: &'a str) -> Self {
            $crate::validate::record(&mut self.fields.error, "thread_name",
                $crate::validate::check_chars(name, 0, 100));
            self.fields.thread_name = Some(name);
            self
        }
    };
    (@one applied_tags set) => {
        /// Sets the tags of the forum or media post created (at most 5).
        pub fn applied_tags(mut self, tags: &'a [accord_model::id::Id<accord_model::id::marker::TagMarker>]) -> Self {
            $crate::validate::record(&mut self.fields.error, "applied_tags",
                $crate::validate::check_count(tags.len(), 0, 5));
            self.fields.applied_tags = Some(tags);
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{MessageFields, check_embeds, count_components};
    use crate::request::Field;
    use crate::validate::ValidationErrorKind;
    use accord_model::component::{ActionRow, Component};
    use accord_model::message::{Embed, MessageFlags};

    fn embed(description: &str) -> Embed {
        let mut embed = Embed::new();
        embed.description = Some(description.to_owned());
        embed
    }

    #[test]
    fn embed_limits_apply_per_field_and_in_total() {
        assert!(check_embeds(&[embed(&"a".repeat(4096))]).is_ok());
        assert!(check_embeds(&[embed(&"a".repeat(4097))]).is_err());
        let two = [embed(&"a".repeat(3000)), embed(&"a".repeat(3001))];
        assert_eq!(
            check_embeds(&two),
            Err(ValidationErrorKind::TooLong { max: 6000, actual: 6001 })
        );
        assert!(check_embeds(&vec![Embed::new(); 11]).is_err());
    }

    #[test]
    fn legacy_messages_take_five_rows_v2_forty_components() {
        let rows = vec![Component::ActionRow(ActionRow::new(Vec::new())); 6];
        assert_eq!(count_components(&rows), 6);
        let mut fields =
            MessageFields { components: Field::Value(&rows), ..MessageFields::default() };
        assert_eq!(fields.finish_checks(true).unwrap().field(), "components");
        let mut fields = MessageFields {
            components: Field::Value(&rows),
            flags: Field::Value(MessageFlags::IS_COMPONENTS_V2),
            ..MessageFields::default()
        };
        assert!(fields.finish_checks(true).is_none());
    }
}
