//! Stickers and sticker packs.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{
    GuildMarker, SkuMarker, StickerBannerMarker, StickerMarker, StickerPackMarker,
};
use crate::user::User;

/// A sticker: a standard one from a pack, or one uploaded to a guild.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Sticker {
    /// The sticker's id, also used to build its image URL.
    pub id: Id<StickerMarker>,
    /// The pack a standard sticker comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack_id: Option<Id<StickerPackMarker>>,
    /// The name.
    pub name: CompactString,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// Keywords for suggestions; by convention a comma-separated list, for guild stickers
    /// usually the name of a Unicode emoji.
    pub tags: String,
    /// Whether the sticker is standard or belongs to a guild.
    #[serde(rename = "type")]
    pub kind: StickerType,
    /// The image format.
    pub format_type: StickerFormatType,
    /// Whether a guild sticker can be used; `false` when the guild lost the boosts it needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<bool>,
    /// The guild that owns a guild sticker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// Who uploaded a guild sticker (needs an expressions permission to be sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<Box<User>>,
    /// The rank of a standard sticker within its pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_value: Option<u32>,
}

impl Sticker {
    /// A sticker with the required fields and empty tags; the rest is `None`.
    pub fn new(
        id: Id<StickerMarker>,
        name: impl Into<CompactString>,
        kind: StickerType,
        format_type: StickerFormatType,
    ) -> Self {
        Self {
            id,
            pack_id: None,
            name: name.into(),
            description: None,
            tags: String::new(),
            kind,
            format_type,
            available: None,
            guild_id: None,
            user: None,
            sort_value: None,
        }
    }

    /// The short form of this sticker, as messages carry it.
    pub fn to_item(&self) -> StickerItem {
        StickerItem { id: self.id, name: self.name.clone(), format_type: self.format_type }
    }
}

/// The least a client needs to draw a sticker: the form messages carry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct StickerItem {
    /// The sticker's id.
    pub id: Id<StickerMarker>,
    /// The name.
    pub name: CompactString,
    /// The image format.
    pub format_type: StickerFormatType,
}

impl StickerItem {
    /// A sticker item from its parts.
    pub fn new(
        id: Id<StickerMarker>,
        name: impl Into<CompactString>,
        format_type: StickerFormatType,
    ) -> Self {
        Self { id, name: name.into(), format_type }
    }
}

int_enum! {
    /// Where a sticker comes from.
    pub enum StickerType: u8 {
        /// An official sticker from a pack.
        Standard = 1,
        /// A sticker a guild uploaded for its members.
        Guild = 2,
    }
}

int_enum! {
    /// The file format of a sticker.
    pub enum StickerFormatType: u8 {
        /// A still PNG image.
        Png = 1,
        /// An animated PNG image.
        Apng = 2,
        /// A Lottie JSON animation.
        Lottie = 3,
        /// An animated GIF.
        Gif = 4,
    }
}

impl StickerFormatType {
    /// The file extension of the sticker's image on the CDN, if this version knows it.
    pub const fn extension(self) -> Option<&'static str> {
        match self {
            Self::Png | Self::Apng => Some("png"),
            Self::Lottie => Some("json"),
            Self::Gif => Some("gif"),
            Self::Unknown(_) => None,
        }
    }
}

/// A pack of standard stickers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct StickerPack {
    /// The pack's id.
    pub id: Id<StickerPackMarker>,
    /// The stickers in the pack.
    pub stickers: Vec<Sticker>,
    /// The name.
    pub name: CompactString,
    /// The SKU the pack is sold as.
    pub sku_id: Id<SkuMarker>,
    /// The sticker of the pack used as its icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_sticker_id: Option<Id<StickerMarker>>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The pack's banner image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner_asset_id: Option<Id<StickerBannerMarker>>,
}

/// The sticker packs available to everyone (`GET /sticker-packs`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct StickerPacks {
    /// The packs.
    pub sticker_packs: Vec<StickerPack>,
}

#[cfg(test)]
mod tests {
    use super::{Sticker, StickerFormatType, StickerType};
    use crate::id::Id;

    #[test]
    fn unknown_format_round_trips_and_has_no_extension() {
        let format: StickerFormatType = serde_json::from_str("9").unwrap();
        assert_eq!(format, StickerFormatType::Unknown(9));
        assert_eq!(format.extension(), None);
        assert_eq!(StickerFormatType::Lottie.extension(), Some("json"));
        assert_eq!(serde_json::to_string(&format).unwrap(), "9");
    }

    #[test]
    fn item_keeps_id_name_and_format() {
        let sticker = Sticker::new(Id::new(5), "wave", StickerType::Guild, StickerFormatType::Gif);
        let item = sticker.to_item();
        assert_eq!((item.id, item.name.as_str()), (Id::new(5), "wave"));
        assert_eq!(item.format_type, StickerFormatType::Gif);
    }
}
