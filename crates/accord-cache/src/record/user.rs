//! Users as compact records, stored once however many guilds, messages and presences refer
//! to them.

use accord_model::id::Id;
use accord_model::id::marker::UserMarker;
use accord_model::user::{PartialUser, User, UserFlags};
use accord_model::util::ImageHash;
use compact_str::CompactString;

use crate::compact::{PackedHash, join_hash, opt_bool_in, opt_bool_out, string_heap};

/// Bit shifts in `bits`.
const BOT: u32 = 0;
const SYSTEM: u32 = 2;
const PUBLIC_FLAGS: u16 = 1 << 4;

/// The discriminator that is not a number: the text stays in the rest.
const ODD_DISCRIMINATOR: u16 = u16::MAX;

/// A user, 88 bytes: names inline (up to 24 bytes each), avatar as 17 bytes, discriminator as
/// an integer; the fields few users have (banner, decorations, collectibles, guild tag) in a
/// boxed rest that most users do not allocate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedUser {
    username: CompactString,
    global_name: Option<CompactString>,
    rest: Option<Box<User>>,
    public_flags: u32,
    /// How many records refer to this user: memberships, cached messages (as author or
    /// mention), DM channels, emojis, stickers and scheduled events.
    pub(crate) refs: u32,
    avatar: Option<PackedHash>,
    discriminator: u16,
    bits: u16,
}

impl CachedUser {
    /// A user's compact form, with no references yet.
    pub(crate) fn new(user: &User) -> Self {
        let mut record = Self {
            username: CompactString::const_new(""),
            global_name: None,
            rest: None,
            public_flags: 0,
            refs: 0,
            avatar: None,
            discriminator: 0,
            bits: 0,
        };
        record.set(user);
        record
    }

    fn baseline(id: Id<UserMarker>) -> User {
        User::new(id, "")
    }

    /// Replaces the data with a newer full user, keeping the references.
    pub(crate) fn set(&mut self, user: &User) {
        let packed = user.avatar.as_ref().and_then(PackedHash::pack);
        let discriminator = parse_discriminator(&user.discriminator);
        let public_flags = user.public_flags.map(|flags| u32::try_from(flags.bits()));
        self.username.clone_from(&user.username);
        self.global_name.clone_from(&user.global_name);
        self.avatar = packed;
        self.discriminator = discriminator.unwrap_or(ODD_DISCRIMINATOR);
        self.bits = opt_bool_in(user.bot, BOT) | opt_bool_in(user.system, SYSTEM);
        self.public_flags = 0;
        if let Some(Ok(value)) = public_flags {
            self.public_flags = value;
            self.bits |= PUBLIC_FLAGS;
        }
        let plain = (packed.is_some() || user.avatar.is_none())
            && discriminator.is_some()
            && public_flags.is_none_or(|flags| flags.is_ok())
            && user.mfa_enabled.is_none()
            && user.banner.is_none()
            && user.accent_color.is_none()
            && user.locale.is_none()
            && user.verified.is_none()
            && user.email.is_none()
            && user.flags.is_none()
            && user.premium_type.is_none()
            && user.avatar_decoration_data.is_none()
            && user.collectibles.is_none()
            && user.primary_guild.is_none();
        self.rest = if plain {
            debug_assert!(Self::rest_of(user).is_none(), "the plain test missed a field: {user:?}");
            None
        } else {
            Self::rest_of(user)
        };
    }

    /// What a user has beyond the compact fields, or `None` if nothing.
    fn rest_of(user: &User) -> Option<Box<User>> {
        let mut rest = user.clone();
        rest.username = CompactString::const_new("");
        rest.global_name = None;
        if rest.avatar.as_ref().is_some_and(|hash| PackedHash::pack(hash).is_some()) {
            rest.avatar = None;
        }
        if parse_discriminator(&rest.discriminator).is_some() {
            rest.discriminator = CompactString::const_new("0");
        }
        rest.bot = None;
        rest.system = None;
        if rest.public_flags.is_some_and(|flags| u32::try_from(flags.bits()).is_ok()) {
            rest.public_flags = None;
        }
        (rest != Self::baseline(user.id)).then(|| Box::new(rest))
    }

    /// Applies the fields a partial user carries (PRESENCE_UPDATE).
    pub(crate) fn apply_partial(&mut self, partial: &PartialUser) {
        if partial.username.is_none()
            && partial.discriminator.is_none()
            && partial.global_name.is_none()
            && partial.avatar.is_none()
            && partial.bot.is_none()
            && partial.public_flags.is_none()
        {
            return;
        }
        let mut user = self.to_user(partial.id);
        if let Some(username) = &partial.username {
            user.username.clone_from(username);
        }
        if let Some(discriminator) = &partial.discriminator {
            user.discriminator.clone_from(discriminator);
        }
        if partial.global_name.is_some() {
            user.global_name.clone_from(&partial.global_name);
        }
        if partial.avatar.is_some() {
            user.avatar.clone_from(&partial.avatar);
        }
        if partial.bot.is_some() {
            user.bot = partial.bot;
        }
        if partial.public_flags.is_some() {
            user.public_flags = partial.public_flags;
        }
        self.set(&user);
    }

    /// The user as the model's type.
    pub fn to_user(&self, id: Id<UserMarker>) -> User {
        let mut user = self.rest.as_deref().cloned().unwrap_or_else(|| Self::baseline(id));
        user.id = id;
        user.username.clone_from(&self.username);
        user.global_name.clone_from(&self.global_name);
        join_hash(self.avatar, &mut user.avatar);
        if self.discriminator != ODD_DISCRIMINATOR {
            user.discriminator = format_discriminator(self.discriminator);
        }
        user.bot = opt_bool_out(self.bits, BOT);
        user.system = opt_bool_out(self.bits, SYSTEM);
        if self.bits & PUBLIC_FLAGS != 0 {
            user.public_flags = Some(UserFlags::from_bits_retain(u64::from(self.public_flags)));
        }
        user
    }

    /// The unique username.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The display name, if set.
    pub fn global_name(&self) -> Option<&str> {
        self.global_name.as_deref()
    }

    /// The name to show: the display name if set, else the username.
    pub fn display_name(&self) -> &str {
        self.global_name.as_deref().unwrap_or(&self.username)
    }

    /// The avatar hash.
    pub fn avatar(&self) -> Option<ImageHash> {
        self.avatar.map(PackedHash::unpack).or_else(|| self.rest.as_ref()?.avatar.clone())
    }

    /// Whether the user is a bot.
    pub fn is_bot(&self) -> bool {
        opt_bool_out(self.bits, BOT).unwrap_or(false)
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        string_heap(&self.username)
            + self.global_name.as_ref().map_or(0, string_heap)
            + self.rest.as_ref().map_or(0, |_| size_of::<User>())
    }
}

/// `"0"` is 0, `"0001"`..`"9999"` are their value; anything else is not a number here.
fn parse_discriminator(text: &str) -> Option<u16> {
    match text.len() {
        1 if text == "0" => Some(0),
        4 if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok().filter(|n| *n != 0),
        _ => None,
    }
}

fn format_discriminator(value: u16) -> CompactString {
    if value == 0 {
        CompactString::const_new("0")
    } else {
        compact_str::format_compact!("{value:04}")
    }
}

#[cfg(test)]
mod tests {
    use accord_model::id::Id;
    use accord_model::user::{PartialUser, PrimaryGuild, User, UserFlags};
    use proptest::prelude::*;

    use super::CachedUser;

    #[test]
    fn a_plain_user_needs_no_rest_and_fits_88_bytes() {
        let mut user = User::new(Id::new(1), "alice");
        user.global_name = Some("Alice".into());
        user.avatar = Some("1269e74af4df7417b13759eae50c83dc".parse().unwrap());
        user.public_flags = Some(UserFlags::HYPESQUAD);
        let cached = CachedUser::new(&user);
        assert!(cached.rest.is_none());
        assert_eq!(cached.to_user(user.id), user);
        assert!(size_of::<CachedUser>() <= 88, "{}", size_of::<CachedUser>());
    }

    #[test]
    fn partial_updates_touch_only_what_they_carry() {
        let mut user = User::new(Id::new(1), "alice");
        user.global_name = Some("Alice".into());
        let mut cached = CachedUser::new(&user);
        let mut partial = PartialUser::new(Id::new(1));
        partial.username = Some("alice2".into());
        cached.apply_partial(&partial);
        assert_eq!(cached.username(), "alice2");
        assert_eq!(cached.global_name(), Some("Alice"));
    }

    proptest! {
        #[test]
        fn every_user_round_trips(
            name in "\\PC{0,30}",
            discriminator in "0|[0-9]{4}|[a-z0-9]{1,5}",
            global in proptest::option::of("\\PC{0,30}"),
            avatar in proptest::option::of("(a_)?[0-9a-f]{32}|[a-z]{1,8}"),
            bot in proptest::option::of(any::<bool>()),
            system in proptest::option::of(any::<bool>()),
            flags in proptest::option::of(any::<u64>()),
            tag in proptest::option::of("[A-Z]{1,4}"),
        ) {
            let mut user = User::new(Id::new(7), name);
            user.discriminator = discriminator.into();
            user.global_name = global.map(Into::into);
            user.avatar = avatar.map(|a| a.parse().unwrap());
            user.bot = bot;
            user.system = system;
            user.public_flags = flags.map(UserFlags::from_bits_retain);
            user.primary_guild = tag.map(|tag| {
                Box::new(serde_json::from_value::<PrimaryGuild>(serde_json::json!({"identity_enabled": true, "tag": tag})).unwrap())
            });
            prop_assert_eq!(CachedUser::new(&user).to_user(user.id), user);
        }
    }
}
