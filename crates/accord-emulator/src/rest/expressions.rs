//! Emojis (a guild's and the application's) and guild stickers.

use accord_model::audit_log::AuditLogEventType;
use accord_model::emoji::Emoji;
use accord_model::gateway::Event;
use accord_model::gateway::event::{GuildEmojisUpdate, GuildStickersUpdate};
use accord_model::id::Id;
use accord_model::id::marker::{
    ApplicationMarker, EmojiMarker, GuildMarker, RoleMarker, StickerMarker,
};
use accord_model::permissions::Permissions;
use accord_model::sticker::{Sticker, StickerFormatType, StickerType};
use serde_json::json;

use super::call::{Call, Fields};
use super::common::guild_permission;
use super::error::ApiError;
use super::reply::{Answer, created, no_content, ok};
use crate::shared::Shared;
use crate::world::World;

/// The most emojis an application has.
const MAX_APPLICATION_EMOJIS: usize = 2000;

/// An emoji name: 2 to 32 letters, digits and underscores.
fn emoji_name(fields: &mut Fields, required: bool) -> Option<String> {
    let name = if required {
        fields.required_string("name", 2, 32)
    } else {
        fields.string("name", 2, 32)
    }?;
    if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        Some(name)
    } else {
        fields.error("name", "STRING_TYPE_REGEX", "String value did not match validation regex.");
        None
    }
}

/// An image data URI; returns whether it is animated.
fn image(fields: &mut Fields) -> Option<bool> {
    let image = fields.required_string("image", 1, 384 * 1024 * 4 / 3 + 64)?;
    match image.strip_prefix("data:image/") {
        Some(rest) if rest.contains(";base64,") => Some(rest.starts_with("gif")),
        _ => {
            fields.error("image", "IMAGE_INVALID", "Invalid image data");
            None
        }
    }
}

/// An emoji made from its parts (the model has no constructor; its JSON form is the way in).
fn emoji(
    id: Id<EmojiMarker>,
    name: &str,
    animated: bool,
    roles: &[Id<RoleMarker>],
    world: &World,
) -> Result<Emoji, ApiError> {
    serde_json::from_value(json!({
        "id": id, "name": name, "roles": roles, "user": world.application.bot,
        "require_colons": true, "managed": false, "animated": animated, "available": true,
    }))
    .map_err(|_| ApiError::status(http::StatusCode::INTERNAL_SERVER_ERROR))
}

fn emojis_updated(world: &mut World, guild_id: Id<GuildMarker>) -> Result<(), ApiError> {
    let emojis = world.guild(guild_id)?.guild.emojis.clone();
    world.emit(
        Event::GuildEmojisUpdate(Box::new(GuildEmojisUpdate::new(guild_id, emojis))),
        Some(guild_id),
    );
    Ok(())
}

/// `GET /guilds/{guild_id}/emojis`.
pub(super) fn list_guild_emojis(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(&world.guild(guild_id)?.guild.emojis)
    })
}

/// `GET /guilds/{guild_id}/emojis/{emoji_id}`: 10014 when there is none.
pub(super) fn get_guild_emoji(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let emoji_id = call.id::<EmojiMarker>("emoji_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        let emoji = world.guild(guild_id)?.guild.emojis.iter().find(|e| e.id == Some(emoji_id));
        ok(emoji.ok_or_else(|| ApiError::code(10014))?)
    })
}

/// `POST /guilds/{guild_id}/emojis` (CREATE_GUILD_EXPRESSIONS): `name`, `image` (a data
/// URI), `roles`; emits GUILD_EMOJIS_UPDATE.
pub(super) fn create_guild_emoji(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let name = emoji_name(&mut fields, true);
    let animated = image(&mut fields);
    let roles: Vec<Id<RoleMarker>> = fields.ids("roles", 250).unwrap_or_default();
    fields.finish()?;
    let (name, animated) = (name.unwrap_or_default(), animated.unwrap_or(false));
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::CREATE_GUILD_EXPRESSIONS).or_else(|_| {
            guild_permission(world, guild_id, Permissions::MANAGE_GUILD_EXPRESSIONS)
        })?;
        let id = world.ids.next();
        let emoji = emoji(id, &name, animated, &roles, world)?;
        world.guild_mut(guild_id)?.guild.emojis.push(emoji.clone());
        emojis_updated(world, guild_id)?;
        world.audit(guild_id, AuditLogEventType::EmojiCreate, Some(id.cast()), reason);
        created(&emoji)
    })
}

/// `PATCH /guilds/{guild_id}/emojis/{emoji_id}` (MANAGE_GUILD_EXPRESSIONS): `name`, `roles`.
pub(super) fn update_guild_emoji(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let emoji_id = call.id::<EmojiMarker>("emoji_id")?;
    let mut fields = call.fields()?;
    let name = emoji_name(&mut fields, false);
    let roles: Option<Vec<Id<RoleMarker>>> = fields.ids("roles", 250);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD_EXPRESSIONS)?;
        let emojis = &mut world.guild_mut(guild_id)?.guild.emojis;
        let emoji = emojis
            .iter_mut()
            .find(|e| e.id == Some(emoji_id))
            .ok_or_else(|| ApiError::code(10014))?;
        if let Some(name) = name {
            emoji.name = Some(name.into());
        }
        if let Some(roles) = roles {
            emoji.roles = Some(roles);
        }
        let emoji = emoji.clone();
        emojis_updated(world, guild_id)?;
        world.audit(guild_id, AuditLogEventType::EmojiUpdate, Some(emoji_id.cast()), reason);
        ok(&emoji)
    })
}

/// `DELETE /guilds/{guild_id}/emojis/{emoji_id}` (MANAGE_GUILD_EXPRESSIONS).
pub(super) fn delete_guild_emoji(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let emoji_id = call.id::<EmojiMarker>("emoji_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD_EXPRESSIONS)?;
        let emojis = &mut world.guild_mut(guild_id)?.guild.emojis;
        let before = emojis.len();
        emojis.retain(|e| e.id != Some(emoji_id));
        if emojis.len() == before {
            return Err(ApiError::code(10014));
        }
        emojis_updated(world, guild_id)?;
        world.audit(guild_id, AuditLogEventType::EmojiDelete, Some(emoji_id.cast()), reason);
        no_content()
    })
}

fn own_application(world: &World, call: &Call) -> Result<(), ApiError> {
    let id = call.id::<ApplicationMarker>("application_id")?;
    if id == world.application.id { Ok(()) } else { Err(ApiError::code(10002)) }
}

/// `GET /applications/{application_id}/emojis`: `{items: [...]}`.
pub(super) fn list_application_emojis(shared: &Shared, call: &Call) -> Answer {
    shared.read(|world| {
        own_application(world, call)?;
        ok(&json!({ "items": world.extras.application_emojis }))
    })
}

/// `GET /applications/{application_id}/emojis/{emoji_id}`.
pub(super) fn get_application_emoji(shared: &Shared, call: &Call) -> Answer {
    let emoji_id = call.id::<EmojiMarker>("emoji_id")?;
    shared.read(|world| {
        own_application(world, call)?;
        let emoji = world.extras.application_emojis.iter().find(|e| e.id == Some(emoji_id));
        ok(emoji.ok_or_else(|| ApiError::code(10014))?)
    })
}

/// `POST /applications/{application_id}/emojis`: `name` (unique), `image`.
pub(super) fn create_application_emoji(shared: &Shared, call: &Call) -> Answer {
    let mut fields = call.fields()?;
    let name = emoji_name(&mut fields, true);
    let animated = image(&mut fields);
    fields.finish()?;
    let (name, animated) = (name.unwrap_or_default(), animated.unwrap_or(false));
    shared.mutate(|world| {
        own_application(world, call)?;
        let emojis = &world.extras.application_emojis;
        if emojis.iter().any(|e| e.name.as_deref() == Some(name.as_str())) {
            return Err(ApiError::form(
                "name",
                "APPLICATION_EMOJI_NAME_ALREADY_TAKEN",
                "An emoji with this name already exists.",
            ));
        }
        if emojis.len() >= MAX_APPLICATION_EMOJIS {
            return Err(ApiError::form("", "MAX_EMOJIS", "Maximum number of emojis reached."));
        }
        let id = world.ids.next();
        let emoji = emoji(id, &name, animated, &[], world)?;
        world.extras.application_emojis.push(emoji.clone());
        created(&emoji)
    })
}

/// `PATCH /applications/{application_id}/emojis/{emoji_id}`: `name`.
pub(super) fn update_application_emoji(shared: &Shared, call: &Call) -> Answer {
    let emoji_id = call.id::<EmojiMarker>("emoji_id")?;
    let mut fields = call.fields()?;
    let name = emoji_name(&mut fields, true);
    fields.finish()?;
    shared.mutate(|world| {
        own_application(world, call)?;
        let emoji = world
            .extras
            .application_emojis
            .iter_mut()
            .find(|e| e.id == Some(emoji_id))
            .ok_or_else(|| ApiError::code(10014))?;
        emoji.name = name.map(Into::into);
        ok(&emoji.clone())
    })
}

/// `DELETE /applications/{application_id}/emojis/{emoji_id}`.
pub(super) fn delete_application_emoji(shared: &Shared, call: &Call) -> Answer {
    let emoji_id = call.id::<EmojiMarker>("emoji_id")?;
    shared.mutate(|world| {
        own_application(world, call)?;
        let emojis = &mut world.extras.application_emojis;
        let before = emojis.len();
        emojis.retain(|e| e.id != Some(emoji_id));
        if emojis.len() == before {
            return Err(ApiError::code(10014));
        }
        no_content()
    })
}

fn stickers_updated(world: &mut World, guild_id: Id<GuildMarker>) -> Result<(), ApiError> {
    let stickers = world.guild(guild_id)?.guild.stickers.clone().unwrap_or_default();
    world.emit(
        Event::GuildStickersUpdate(Box::new(GuildStickersUpdate::new(guild_id, stickers))),
        Some(guild_id),
    );
    Ok(())
}

/// `GET /guilds/{guild_id}/stickers`.
pub(super) fn list_guild_stickers(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(&world.guild(guild_id)?.guild.stickers.clone().unwrap_or_default())
    })
}

fn find_sticker(
    world: &World,
    guild_id: Id<GuildMarker>,
    id: Id<StickerMarker>,
) -> Result<Sticker, ApiError> {
    world
        .guild(guild_id)?
        .guild
        .stickers
        .iter()
        .flatten()
        .find(|s| s.id == id)
        .cloned()
        .ok_or_else(|| ApiError::code(10060))
}

/// `GET /guilds/{guild_id}/stickers/{sticker_id}`: 10060 when there is none.
pub(super) fn get_guild_sticker(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<StickerMarker>("sticker_id")?;
    shared.read(|world| {
        guild_permission(world, guild_id, Permissions::empty())?;
        ok(&find_sticker(world, guild_id, id)?)
    })
}

/// `GET /stickers/{sticker_id}`: a sticker of any guild the bot is in.
pub(super) fn get_sticker(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<StickerMarker>("sticker_id")?;
    shared.read(|world| {
        let sticker = world
            .guilds
            .values()
            .flat_map(|g| g.guild.stickers.iter().flatten())
            .find(|s| s.id == id);
        ok(sticker.ok_or_else(|| ApiError::code(10060))?)
    })
}

/// `POST /guilds/{guild_id}/stickers` (CREATE_GUILD_EXPRESSIONS): multipart with `name` (2 to
/// 30), `description`, `tags` and the `file`; emits GUILD_STICKERS_UPDATE.
pub(super) fn create_guild_sticker(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let mut fields = call.fields()?;
    let name = fields.required_string("name", 2, 30);
    let description = fields.string("description", 0, 100);
    let tags = fields.required_string("tags", 1, 200);
    let format =
        match call.uploads.first().map(|(_, part)| part.content_type.clone().unwrap_or_default()) {
            None => {
                fields.error("file", "BASE_TYPE_REQUIRED", "This field is required");
                None
            }
            Some(kind) => match kind.as_str() {
                "image/png" => Some(StickerFormatType::Png),
                "image/apng" => Some(StickerFormatType::Apng),
                "application/json" => Some(StickerFormatType::Lottie),
                "image/gif" => Some(StickerFormatType::Gif),
                _ => {
                    fields.error("file", "STICKER_FORMAT_INVALID", "Invalid sticker format");
                    None
                }
            },
        };
    fields.finish()?;
    let (Some(name), Some(tags), Some(format)) = (name, tags, format) else {
        return Err(ApiError::code(50035));
    };
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::CREATE_GUILD_EXPRESSIONS).or_else(|_| {
            guild_permission(world, guild_id, Permissions::MANAGE_GUILD_EXPRESSIONS)
        })?;
        let mut sticker = Sticker::new(world.ids.next(), name, StickerType::Guild, format);
        sticker.description = description;
        sticker.tags = tags;
        sticker.available = Some(true);
        sticker.guild_id = Some(guild_id);
        sticker.user = Some(Box::new(world.application.bot.clone()));
        world
            .guild_mut(guild_id)?
            .guild
            .stickers
            .get_or_insert_with(Vec::new)
            .push(sticker.clone());
        stickers_updated(world, guild_id)?;
        world.audit(guild_id, AuditLogEventType::StickerCreate, Some(sticker.id.cast()), reason);
        created(&sticker)
    })
}

/// `PATCH /guilds/{guild_id}/stickers/{sticker_id}` (MANAGE_GUILD_EXPRESSIONS).
pub(super) fn update_guild_sticker(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<StickerMarker>("sticker_id")?;
    let mut fields = call.fields()?;
    let name = fields.string("name", 2, 30);
    let description: Option<Option<String>> = fields.nullable("description");
    let tags = fields.string("tags", 1, 200);
    fields.finish()?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD_EXPRESSIONS)?;
        find_sticker(world, guild_id, id)?;
        let stickers = world.guild_mut(guild_id)?.guild.stickers.get_or_insert_with(Vec::new);
        let sticker =
            stickers.iter_mut().find(|s| s.id == id).ok_or_else(|| ApiError::code(10060))?;
        if let Some(name) = name {
            sticker.name = name.into();
        }
        if let Some(description) = description {
            sticker.description = description;
        }
        if let Some(tags) = tags {
            sticker.tags = tags;
        }
        let sticker = sticker.clone();
        stickers_updated(world, guild_id)?;
        world.audit(guild_id, AuditLogEventType::StickerUpdate, Some(id.cast()), reason);
        ok(&sticker)
    })
}

/// `DELETE /guilds/{guild_id}/stickers/{sticker_id}` (MANAGE_GUILD_EXPRESSIONS).
pub(super) fn delete_guild_sticker(shared: &Shared, call: &Call) -> Answer {
    let guild_id = call.id::<GuildMarker>("guild_id")?;
    let id = call.id::<StickerMarker>("sticker_id")?;
    let reason = call.reason();
    shared.mutate(|world| {
        guild_permission(world, guild_id, Permissions::MANAGE_GUILD_EXPRESSIONS)?;
        find_sticker(world, guild_id, id)?;
        if let Some(stickers) = &mut world.guild_mut(guild_id)?.guild.stickers {
            stickers.retain(|s| s.id != id);
        }
        stickers_updated(world, guild_id)?;
        world.audit(guild_id, AuditLogEventType::StickerDelete, Some(id.cast()), reason);
        no_content()
    })
}
