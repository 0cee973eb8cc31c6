//! Users, their flags, decorations and connected accounts.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::guild::PartialIntegration;
use crate::id::Id;
use crate::id::marker::{GuildMarker, SkuMarker, UserMarker};
use crate::locale::Locale;
use crate::util::ImageHash;

/// A Discord user, human or bot.
///
/// `mfa_enabled`, `locale`, `verified`, `email` and `premium_type` are only present on the
/// current user (`GET /users/@me`, READY) and with the right OAuth2 scopes.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct User {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The unique username.
    pub username: CompactString,
    /// The legacy discriminator, `"0"` for users on the new username system.
    pub discriminator: CompactString,
    /// The display name, if set.
    #[serde(default)]
    pub global_name: Option<CompactString>,
    /// The avatar hash.
    #[serde(default)]
    pub avatar: Option<ImageHash>,
    /// Whether the user is a bot (OAuth2 application).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<bool>,
    /// Whether the user is an official Discord system user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<bool>,
    /// Whether two-factor authentication is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_enabled: Option<bool>,
    /// The profile banner hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<ImageHash>,
    /// The banner color as an RGB integer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_color: Option<u32>,
    /// The chosen language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// Whether the email address is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// The email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<CompactString>,
    /// The account's flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<UserFlags>,
    /// The Nitro subscription level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium_type: Option<PremiumType>,
    /// The public flags (badges).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_flags: Option<UserFlags>,
    /// The avatar decoration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar_decoration_data: Option<Box<AvatarDecorationData>>,
    /// Collectibles such as a nameplate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collectibles: Option<Box<Collectibles>>,
    /// The guild whose tag the user displays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_guild: Option<Box<PrimaryGuild>>,
}

impl User {
    /// Whether the user is a bot; `false` when Discord left the field out.
    pub fn is_bot(&self) -> bool {
        self.bot.unwrap_or(false)
    }

    /// The name to show: the display name if set, else the username.
    pub fn display_name(&self) -> &str {
        self.global_name.as_deref().unwrap_or(&self.username)
    }

    /// The URL of the user's avatar, or of the default avatar Discord shows without one, at
    /// `size` pixels (rounded to a power of two from 16 to 4096; the default avatars come in
    /// one size). Animated avatars are GIFs.
    ///
    /// ```
    /// use accord_model::user::User;
    /// use accord_model::id::Id;
    ///
    /// let mut user = User::new(Id::new(80351110224678912), "nelly");
    /// assert_eq!(user.avatar_url(100), "https://cdn.discordapp.com/embed/avatars/5.png");
    /// user.avatar = Some("a_1269e74af4df7417b13759eae50c83dc".parse()?);
    /// assert_eq!(
    ///     user.avatar_url(100),
    ///     "https://cdn.discordapp.com/avatars/80351110224678912/a_1269e74af4df7417b13759eae50c83dc.gif?size=128"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn avatar_url(&self, size: u16) -> String {
        self.avatar.as_ref().map_or_else(
            || self.default_avatar_url(),
            |hash| cdn::image_url("avatars", self.id.get(), hash, size),
        )
    }

    /// The URL of the default avatar, the one Discord shows for a user without an avatar:
    /// picked by id on the new username system, by discriminator for legacy users.
    pub fn default_avatar_url(&self) -> String {
        let index = match self.discriminator.parse::<u16>() {
            Ok(discriminator) if discriminator != 0 => u64::from(discriminator % 5),
            _ => (self.id.get() >> 22) % 6,
        };
        format!("{}/embed/avatars/{index}.png", cdn::BASE)
    }

    /// The URL of the user's profile banner at `size` pixels (as for
    /// [`avatar_url`](Self::avatar_url)); `None` without a banner, or when the user object
    /// came without it (only `GET /users/{id}` carries it).
    pub fn banner_url(&self, size: u16) -> Option<String> {
        let hash = self.banner.as_ref()?;
        Some(cdn::image_url("banners", self.id.get(), hash, size))
    }

    /// A user with the required fields, for tests and tools; the rest is empty.
    pub fn new(id: Id<UserMarker>, username: impl Into<CompactString>) -> Self {
        Self {
            id,
            username: username.into(),
            discriminator: CompactString::const_new("0"),
            global_name: None,
            avatar: None,
            bot: None,
            system: None,
            mfa_enabled: None,
            banner: None,
            accent_color: None,
            locale: None,
            verified: None,
            email: None,
            flags: None,
            premium_type: None,
            public_flags: None,
            avatar_decoration_data: None,
            collectibles: None,
            primary_guild: None,
        }
    }
}

/// Discord's CDN URLs.
mod cdn {
    use crate::util::ImageHash;

    /// The CDN's origin.
    pub(super) const BASE: &str = "https://cdn.discordapp.com";

    /// `size` as the CDN takes it: a power of two from 16 to 4096.
    fn image_size(size: u16) -> u16 {
        size.clamp(16, 4096).next_power_of_two()
    }

    /// `{BASE}/{kind}/{owner}/{hash}.{png|gif}?size={size}`.
    pub(super) fn image_url(kind: &str, owner: u64, hash: &ImageHash, size: u16) -> String {
        let extension = if hash.is_animated() { "gif" } else { "png" };
        format!("{BASE}/{kind}/{owner}/{hash}.{extension}?size={}", image_size(size))
    }

    #[cfg(test)]
    mod tests {
        use super::image_size;
        use crate::id::Id;
        use crate::user::User;

        #[test]
        fn banners_and_legacy_default_avatars() {
            let mut user = User::new(Id::new(80_351_110_224_678_912), "nelly");
            assert_eq!(user.banner_url(600), None);
            user.banner = Some("06c16474723fe537c283b8efa61a30c8".parse().unwrap());
            assert_eq!(
                user.banner_url(600).as_deref(),
                Some(
                    "https://cdn.discordapp.com/banners/80351110224678912/06c16474723fe537c283b8efa61a30c8.png?size=1024"
                )
            );
            // Legacy users: the discriminator modulo 5.
            user.discriminator = "1337".into();
            assert_eq!(user.default_avatar_url(), "https://cdn.discordapp.com/embed/avatars/2.png");
            assert_eq!(user.avatar_url(64), user.default_avatar_url());
        }

        #[test]
        fn sizes_are_powers_of_two_within_the_cdn_range() {
            for (asked, given) in [
                (0, 16),
                (16, 16),
                (17, 32),
                (100, 128),
                (512, 512),
                (4096, 4096),
                (u16::MAX, 4096),
            ] {
                assert_eq!(image_size(asked), given, "{asked}");
            }
        }
    }
}

/// A user of whom only some fields are known, as in PRESENCE_UPDATE: only `id` is guaranteed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PartialUser {
    /// The user's id.
    pub id: Id<UserMarker>,
    /// The username, when it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<CompactString>,
    /// The legacy discriminator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<CompactString>,
    /// The display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub global_name: Option<CompactString>,
    /// The avatar hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<ImageHash>,
    /// Whether the user is a bot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<bool>,
    /// The public flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_flags: Option<UserFlags>,
}

impl PartialUser {
    /// A partial user with only the id.
    pub const fn new(id: Id<UserMarker>) -> Self {
        Self {
            id,
            username: None,
            discriminator: None,
            global_name: None,
            avatar: None,
            bot: None,
            public_flags: None,
        }
    }
}

flags! {
    /// Flags on a user account; the public ones show as badges.
    pub struct UserFlags: u64 as integer {
        /// Discord employee.
        const STAFF = 1 << 0;
        /// Partnered server owner.
        const PARTNER = 1 << 1;
        /// HypeSquad events member.
        const HYPESQUAD = 1 << 2;
        /// Bug hunter, level 1.
        const BUG_HUNTER_LEVEL_1 = 1 << 3;
        /// House Bravery member.
        const HYPESQUAD_ONLINE_HOUSE_1 = 1 << 6;
        /// House Brilliance member.
        const HYPESQUAD_ONLINE_HOUSE_2 = 1 << 7;
        /// House Balance member.
        const HYPESQUAD_ONLINE_HOUSE_3 = 1 << 8;
        /// Early Nitro supporter.
        const PREMIUM_EARLY_SUPPORTER = 1 << 9;
        /// The user is a team.
        const TEAM_PSEUDO_USER = 1 << 10;
        /// Bug hunter, level 2.
        const BUG_HUNTER_LEVEL_2 = 1 << 14;
        /// Verified bot.
        const VERIFIED_BOT = 1 << 16;
        /// Early verified bot developer.
        const VERIFIED_DEVELOPER = 1 << 17;
        /// Moderator programs alumni.
        const CERTIFIED_MODERATOR = 1 << 18;
        /// A bot that only uses HTTP interactions and shows as online.
        const BOT_HTTP_INTERACTIONS = 1 << 19;
        /// Active developer.
        const ACTIVE_DEVELOPER = 1 << 22;
    }
}

int_enum! {
    /// The Nitro subscription level.
    pub enum PremiumType: u8 {
        /// No subscription.
        None = 0,
        /// Nitro Classic.
        NitroClassic = 1,
        /// Nitro.
        Nitro = 2,
        /// Nitro Basic.
        NitroBasic = 3,
    }
}

/// An avatar decoration.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AvatarDecorationData {
    /// The decoration's image hash.
    pub asset: ImageHash,
    /// The SKU the decoration belongs to.
    #[serde(default)]
    pub sku_id: Option<Id<SkuMarker>>,
}

/// Collectibles a user has equipped.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Collectibles {
    /// The nameplate.
    #[serde(default)]
    pub nameplate: Option<Nameplate>,
}

/// A nameplate collectible.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Nameplate {
    /// The SKU of the nameplate.
    #[serde(default)]
    pub sku_id: Option<Id<SkuMarker>>,
    /// The path of the nameplate's asset.
    pub asset: CompactString,
    /// The label for screen readers.
    pub label: CompactString,
    /// The background color.
    pub palette: NameplatePalette,
}

str_enum! {
    /// The background color of a nameplate.
    pub enum NameplatePalette {
        /// Crimson.
        Crimson = "crimson",
        /// Berry.
        Berry = "berry",
        /// Sky.
        Sky = "sky",
        /// Teal.
        Teal = "teal",
        /// Forest.
        Forest = "forest",
        /// Bubble gum.
        BubbleGum = "bubble_gum",
        /// Violet.
        Violet = "violet",
        /// Cobalt.
        Cobalt = "cobalt",
        /// Clover.
        Clover = "clover",
        /// Lemon.
        Lemon = "lemon",
        /// White.
        White = "white",
        /// Black.
        Black = "black",
    }
}

/// The guild whose tag a user shows next to their name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PrimaryGuild {
    /// The guild.
    #[serde(default)]
    pub identity_guild_id: Option<Id<GuildMarker>>,
    /// Whether the user shows the tag; `None` when the guild's tag was cleared.
    #[serde(default)]
    pub identity_enabled: Option<bool>,
    /// The tag text, up to 4 characters.
    #[serde(default)]
    pub tag: Option<CompactString>,
    /// The tag's badge hash.
    #[serde(default)]
    pub badge: Option<ImageHash>,
}

/// An account connected to a user (`GET /users/@me/connections`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Connection {
    /// The id of the account on the service.
    pub id: CompactString,
    /// The account's name on the service.
    #[serde(default)]
    pub name: Option<CompactString>,
    /// The service.
    #[serde(rename = "type")]
    pub kind: ConnectionService,
    /// Whether the connection is revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<bool>,
    /// The guild integrations that use the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integrations: Option<Vec<PartialIntegration>>,
    /// Whether the connection is verified.
    pub verified: bool,
    /// Whether friend sync is on.
    pub friend_sync: bool,
    /// Whether activities from this connection show in presence.
    pub show_activity: bool,
    /// Whether the service has a two-way link with Discord.
    pub two_way_link: bool,
    /// Who can see the connection.
    pub visibility: ConnectionVisibility,
}

str_enum! {
    /// A service a user can connect to their account.
    pub enum ConnectionService {
        /// Amazon Music.
        AmazonMusic = "amazon-music",
        /// Battle.net.
        BattleNet = "battlenet",
        /// Bluesky.
        Bluesky = "bluesky",
        /// Bungie.net.
        Bungie = "bungie",
        /// Crunchyroll.
        Crunchyroll = "crunchyroll",
        /// A domain.
        Domain = "domain",
        /// eBay.
        Ebay = "ebay",
        /// Epic Games.
        EpicGames = "epicgames",
        /// Facebook.
        Facebook = "facebook",
        /// GitHub.
        GitHub = "github",
        /// Instagram.
        Instagram = "instagram",
        /// League of Legends.
        LeagueOfLegends = "leagueoflegends",
        /// Mastodon.
        Mastodon = "mastodon",
        /// PayPal.
        PayPal = "paypal",
        /// PlayStation Network.
        PlayStation = "playstation",
        /// Reddit.
        Reddit = "reddit",
        /// Riot Games.
        RiotGames = "riotgames",
        /// Roblox.
        Roblox = "roblox",
        /// Skype.
        Skype = "skype",
        /// Spotify.
        Spotify = "spotify",
        /// Steam.
        Steam = "steam",
        /// TikTok.
        TikTok = "tiktok",
        /// Twitch.
        Twitch = "twitch",
        /// X (Twitter).
        Twitter = "twitter",
        /// Xbox.
        Xbox = "xbox",
        /// YouTube.
        YouTube = "youtube",
    }
}

int_enum! {
    /// Who can see a connection.
    pub enum ConnectionVisibility: u8 {
        /// Only the user.
        None = 0,
        /// Everyone.
        Everyone = 1,
    }
}
