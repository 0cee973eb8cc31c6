//! A guild's expressions: emojis, stickers and soundboard sounds.

use accord_model::emoji::Emoji;
use accord_model::id::Id;
use accord_model::id::marker::{
    EmojiMarker, GuildMarker, RoleMarker, SoundboardSoundMarker, StickerMarker,
};
use accord_model::soundboard::{SoundboardSound, SoundboardSounds};
use accord_model::sticker::Sticker;

use crate::Client;
use crate::error::Error;
use crate::request::attachment::AttachmentFile;
use crate::request::{Form, Request, TryIntoRequest};
use crate::response::EmptyBody;
use crate::routing::{Method, Route};
use crate::validate::{Check, ValidationError, ValidationErrorKind, chars, check_chars, record};

/// A sound volume: from 0 to 1.
#[allow(clippy::trivially_copy_pass_by_ref, reason = "checks take the field by reference")]
fn check_volume(volume: &f64) -> Check {
    if (0.0..=1.0).contains(volume) {
        Ok(())
    } else {
        Err(ValidationErrorKind::Invalid { reason: "the volume must be between 0 and 1" })
    }
}

/// `POST /guilds/{guild_id}/stickers`: uploads a sticker (PNG, APNG, GIF or Lottie JSON, at
/// most 512 KiB), the request of [`Client::create_guild_sticker`].
#[must_use = "a request does nothing until awaited"]
pub struct CreateGuildSticker<'a> {
    client: &'a Client,
    guild_id: Id<GuildMarker>,
    name: &'a str,
    tags: &'a str,
    description: &'a str,
    file: &'a AttachmentFile,
    reason: Option<&'a str>,
    error: Option<ValidationError>,
}

impl<'a> CreateGuildSticker<'a> {
    /// The route of this request.
    pub const ROUTE: Route =
        Route::new(Method::Post, "/guilds/{guild_id}/stickers", "create_guild_sticker");

    /// Sets the description (empty, or 2 to 100 characters).
    pub fn description(mut self, description: &'a str) -> Self {
        if !description.is_empty() {
            record(&mut self.error, "description", check_chars(description, 2, 100));
        }
        self.description = description;
        self
    }

    /// Sets the reason recorded in the guild's audit log (at most 512 characters).
    pub fn reason(mut self, reason: &'a str) -> Self {
        self.reason = Some(reason);
        self
    }
}

impl TryIntoRequest for CreateGuildSticker<'_> {
    fn try_into_request(self) -> Result<Request, Error> {
        let form = Form::new()
            .text("name", self.name)
            .text("description", self.description)
            .text("tags", self.tags)
            .file("file", &self.file.filename, &self.file.content_type, &self.file.data);
        Request::builder(&Self::ROUTE, Self::ROUTE.path(&[&self.guild_id]))
            .form(form)
            .reason(self.reason)
            .validation(self.error)
            .build()
    }
}

request_future!(CreateGuildSticker -> Sticker);

impl Client {
    /// Uploads a sticker: a name (2 to 30 characters), tags (the name of a related Unicode
    /// emoji, 2 to 200 characters) and the file.
    ///
    /// `POST /guilds/{guild_id}/stickers`
    pub fn create_guild_sticker<'a>(
        &'a self,
        guild_id: Id<GuildMarker>,
        name: &'a str,
        tags: &'a str,
        file: &'a AttachmentFile,
    ) -> CreateGuildSticker<'a> {
        let mut error = None;
        record(&mut error, "name", check_chars(name, 2, 30));
        record(&mut error, "tags", check_chars(tags, 2, 200));
        CreateGuildSticker {
            client: self,
            guild_id,
            name,
            tags,
            description: "",
            file,
            reason: None,
            error,
        }
    }
}

/// The hand-written requests of this module.
pub(crate) const HAND_ROUTES: &[&Route] = &[&CreateGuildSticker::ROUTE];

requests! {
    /// Lists the emojis of a guild.
    list_guild_emojis => ListGuildEmojis: GET "/guilds/{guild_id}/emojis" -> Vec<Emoji> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Creates an emoji from a data URI of an image (at most 256 KiB).
    create_guild_emoji => CreateGuildEmoji: POST "/guilds/{guild_id}/emojis" -> Emoji {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        args: name: &'a str [chars(2, 32)], image: &'a str;
        fields:
            /// Roles allowed to use it (all members when empty).
            roles: &'a [Id<RoleMarker>];
    }

    /// Returns an emoji.
    get_guild_emoji => GetGuildEmoji: GET "/guilds/{guild_id}/emojis/{emoji_id}" -> Emoji {
        path: guild_id: Id<GuildMarker>, emoji_id: Id<EmojiMarker>;
    }

    /// Deletes an emoji.
    delete_guild_emoji => DeleteGuildEmoji: DELETE "/guilds/{guild_id}/emojis/{emoji_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, emoji_id: Id<EmojiMarker>;
    }

    /// Renames an emoji or changes who may use it.
    update_guild_emoji => UpdateGuildEmoji: PATCH "/guilds/{guild_id}/emojis/{emoji_id}" -> Emoji {
        #[reason]
        path: guild_id: Id<GuildMarker>, emoji_id: Id<EmojiMarker>;
        fields:
            /// 2 to 32 characters.
            name: &'a str [chars(2, 32)];
        nullable:
            /// Roles allowed to use it; `None` allows everyone.
            roles: &'a [Id<RoleMarker>];
    }

    /// Lists the stickers of a guild.
    list_guild_stickers => ListGuildStickers: GET "/guilds/{guild_id}/stickers" -> Vec<Sticker> {
        path: guild_id: Id<GuildMarker>;
    }

    /// Returns a sticker of a guild.
    get_guild_sticker => GetGuildSticker: GET "/guilds/{guild_id}/stickers/{sticker_id}" -> Sticker {
        path: guild_id: Id<GuildMarker>, sticker_id: Id<StickerMarker>;
    }

    /// Deletes a sticker.
    delete_guild_sticker => DeleteGuildSticker:
        DELETE "/guilds/{guild_id}/stickers/{sticker_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, sticker_id: Id<StickerMarker>;
    }

    /// Changes a sticker.
    update_guild_sticker => UpdateGuildSticker:
        PATCH "/guilds/{guild_id}/stickers/{sticker_id}" -> Sticker {
        #[reason]
        path: guild_id: Id<GuildMarker>, sticker_id: Id<StickerMarker>;
        fields:
            /// 2 to 30 characters.
            name: &'a str [chars(2, 30)],
            /// 2 to 200 characters.
            tags: &'a str [chars(2, 200)];
        nullable:
            /// 2 to 100 characters.
            description: &'a str [chars(2, 100)];
    }

    /// Lists the soundboard sounds of a guild.
    list_guild_soundboard_sounds => ListGuildSoundboardSounds:
        GET "/guilds/{guild_id}/soundboard-sounds" -> SoundboardSounds {
        path: guild_id: Id<GuildMarker>;
    }

    /// Creates a soundboard sound from a data URI of an MP3 or OGG file (at most 512 KiB,
    /// 5.2 seconds).
    create_guild_soundboard_sound => CreateGuildSoundboardSound:
        POST "/guilds/{guild_id}/soundboard-sounds" -> SoundboardSound {
        #[reason]
        path: guild_id: Id<GuildMarker>;
        args: name: &'a str [chars(2, 32)], sound: &'a str;
        nullable:
            /// 0 to 1, 1 by default.
            volume: f64 [check_volume],
            /// A custom emoji shown with the sound.
            emoji_id: Id<EmojiMarker>,
            /// A Unicode emoji shown with the sound.
            emoji_name: &'a str [chars(1, 32)];
    }

    /// Returns a soundboard sound.
    get_guild_soundboard_sound => GetGuildSoundboardSound:
        GET "/guilds/{guild_id}/soundboard-sounds/{sound_id}" -> SoundboardSound {
        path: guild_id: Id<GuildMarker>, sound_id: Id<SoundboardSoundMarker>;
    }

    /// Deletes a soundboard sound.
    delete_guild_soundboard_sound => DeleteGuildSoundboardSound:
        DELETE "/guilds/{guild_id}/soundboard-sounds/{sound_id}" -> EmptyBody {
        #[reason]
        path: guild_id: Id<GuildMarker>, sound_id: Id<SoundboardSoundMarker>;
    }

    /// Changes a soundboard sound.
    update_guild_soundboard_sound => UpdateGuildSoundboardSound:
        PATCH "/guilds/{guild_id}/soundboard-sounds/{sound_id}" -> SoundboardSound {
        #[reason]
        path: guild_id: Id<GuildMarker>, sound_id: Id<SoundboardSoundMarker>;
        fields:
            /// 2 to 32 characters.
            name: &'a str [chars(2, 32)];
        nullable:
            /// 0 to 1.
            volume: f64 [check_volume],
            emoji_id: Id<EmojiMarker>,
            emoji_name: &'a str [chars(1, 32)];
    }
}
