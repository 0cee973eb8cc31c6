//! Typed snowflake ids: `Id<UserMarker>` and friends, with the snowflake's parts.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::num::NonZeroU64;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds from the Unix epoch to the Discord epoch, 2015-01-01T00:00:00Z.
pub const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// A Discord snowflake id, typed by what it identifies.
///
/// The marker keeps a channel id from being passed where a user id belongs, at no cost: an
/// `Id<M>` is a [`NonZeroU64`], so `Option<Id<M>>` is 8 bytes too. Ids are serialized as strings
/// and parsed from strings or integers, as Discord sends both.
///
/// ```
/// use accord_model::id::{Id, marker::UserMarker};
///
/// let id: Id<UserMarker> = serde_json::from_str("\"80351110224678912\"")?;
/// assert_eq!(id.get(), 80_351_110_224_678_912);
/// assert_eq!(id.timestamp_ms(), 1_439_227_597_529);
/// assert_eq!(serde_json::to_string(&id)?, "\"80351110224678912\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct Id<M> {
    value: NonZeroU64,
    phantom: PhantomData<fn(M) -> M>,
}

impl<M> Id<M> {
    /// An id from a non-zero integer.
    ///
    /// # Panics
    ///
    /// If `value` is zero; use [`Id::new_checked`] for values from outside the program.
    #[track_caller]
    pub const fn new(value: u64) -> Self {
        match NonZeroU64::new(value) {
            Some(value) => Self::from_nonzero(value),
            None => panic!("a snowflake id is never zero"),
        }
    }

    /// An id from an integer, or `None` if it is zero.
    pub const fn new_checked(value: u64) -> Option<Self> {
        match NonZeroU64::new(value) {
            Some(value) => Some(Self::from_nonzero(value)),
            None => None,
        }
    }

    /// An id from a non-zero integer.
    pub const fn from_nonzero(value: NonZeroU64) -> Self {
        Self { value, phantom: PhantomData }
    }

    /// The smallest id created at `unix_ms` milliseconds after the Unix epoch, for pagination
    /// bounds (`before`, `after`, `around`); `None` before the Discord epoch.
    pub const fn from_timestamp_ms(unix_ms: u64) -> Option<Self> {
        if unix_ms <= DISCORD_EPOCH_MS {
            return None;
        }
        Self::new_checked((unix_ms - DISCORD_EPOCH_MS) << 22)
    }

    /// The id as an integer.
    pub const fn get(self) -> u64 {
        self.value.get()
    }

    /// The id as a [`NonZeroU64`].
    pub const fn into_nonzero(self) -> NonZeroU64 {
        self.value
    }

    /// The same id with another marker, for the places where Discord reuses ids (the
    /// @everyone role has the guild's id) or where the kind is only known at run time.
    pub const fn cast<N>(self) -> Id<N> {
        Id::from_nonzero(self.value)
    }

    /// When the id was created, in milliseconds since the Unix epoch.
    pub const fn timestamp_ms(self) -> u64 {
        (self.get() >> 22) + DISCORD_EPOCH_MS
    }

    /// The internal worker id that created this id (5 bits).
    #[allow(clippy::cast_possible_truncation, reason = "masked to 5 bits")]
    pub const fn worker_id(self) -> u8 {
        ((self.get() & 0x003E_0000) >> 17) as u8
    }

    /// The internal process id that created this id (5 bits).
    #[allow(clippy::cast_possible_truncation, reason = "masked to 5 bits")]
    pub const fn process_id(self) -> u8 {
        ((self.get() & 0x1F000) >> 12) as u8
    }

    /// The per-process increment (12 bits).
    #[allow(clippy::cast_possible_truncation, reason = "masked to 12 bits")]
    pub const fn increment(self) -> u16 {
        (self.get() & 0xFFF) as u16
    }
}

// Manual impls: derives would needlessly require `M` to implement each trait.
impl<M> Clone for Id<M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for Id<M> {}

impl<M> PartialEq for Id<M> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<M> Eq for Id<M> {}

impl<M> PartialOrd for Id<M> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<M> Ord for Id<M> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl<M> Hash for Id<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.get());
    }
}

impl<M> fmt::Debug for Id<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = std::any::type_name::<M>().rsplit("::").next().unwrap_or("Generic");
        write!(f, "Id<{kind}>({})", self.value)
    }
}

impl<M> fmt::Display for Id<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.value, f)
    }
}

impl<M> From<NonZeroU64> for Id<M> {
    fn from(value: NonZeroU64) -> Self {
        Self::from_nonzero(value)
    }
}

impl<M> From<Id<M>> for u64 {
    fn from(id: Id<M>) -> Self {
        id.get()
    }
}

/// Why a string is not an id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseIdError {
    /// The text is not a decimal integer that fits in 64 bits.
    NotAnInteger,
    /// The integer is zero, which no snowflake is.
    Zero,
}

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAnInteger => "a snowflake id must be a decimal integer of at most 64 bits",
            Self::Zero => "a snowflake id is never zero",
        })
    }
}

impl std::error::Error for ParseIdError {}

impl<M> FromStr for Id<M> {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new_checked(parse_decimal(s.as_bytes()).ok_or(ParseIdError::NotAnInteger)?)
            .ok_or(ParseIdError::Zero)
    }
}

/// Parses 1 to 20 ASCII digits into a `u64`. Ids are parsed by the million, and this loop is
/// several times faster than the general `str::parse`, which also handles signs and radixes.
fn parse_decimal(digits: &[u8]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let mut value: u64 = 0;
    for &byte in digits {
        let digit = byte.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        // Nineteen digits always fit; only the twentieth can overflow.
        value = value.checked_mul(10)?.checked_add(u64::from(digit))?;
    }
    Some(value)
}

impl<M> Serialize for Id<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buffer = itoa::Buffer::new();
        serializer.serialize_str(buffer.format(self.get()))
    }
}

impl<'de, M> Deserialize<'de> for Id<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IdVisitor(PhantomData))
    }
}

struct IdVisitor<M>(PhantomData<fn(M) -> M>);

impl<M> Visitor<'_> for IdVisitor<M> {
    type Value = Id<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a snowflake id as a string or integer")
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        Id::new_checked(value).ok_or_else(|| E::custom(ParseIdError::Zero))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
        let value = u64::try_from(value)
            .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))?;
        self.visit_u64(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        value.parse().map_err(E::custom)
    }
}

/// Markers that say what an [`Id`] identifies.
pub mod marker {
    macro_rules! markers {
        ($($(#[$doc:meta])* $name:ident;)*) => {$(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            #[non_exhaustive]
            pub struct $name;
        )*};
    }

    markers! {
        /// An application (also the id of its bot user).
        ApplicationMarker;
        /// A message attachment.
        AttachmentMarker;
        /// An audit log entry.
        AuditLogEntryMarker;
        /// An auto-moderation rule.
        AutoModerationRuleMarker;
        /// A channel or thread.
        ChannelMarker;
        /// An application command.
        CommandMarker;
        /// A version of an application command.
        CommandVersionMarker;
        /// A custom emoji.
        EmojiMarker;
        /// An entitlement.
        EntitlementMarker;
        /// Any kind of id, where the kind is only known at run time.
        GenericMarker;
        /// A guild.
        GuildMarker;
        /// A guild integration.
        IntegrationMarker;
        /// An interaction.
        InteractionMarker;
        /// A lobby of the Social SDK.
        LobbyMarker;
        /// A message.
        MessageMarker;
        /// An onboarding prompt.
        OnboardingPromptMarker;
        /// An option of an onboarding prompt.
        OnboardingPromptOptionMarker;
        /// A role.
        RoleMarker;
        /// An exception to a recurring guild scheduled event (one changed or cancelled
        /// occurrence).
        ScheduledEventExceptionMarker;
        /// A guild scheduled event.
        ScheduledEventMarker;
        /// A stock-keeping unit (a premium offering).
        SkuMarker;
        /// A soundboard sound.
        SoundboardSoundMarker;
        /// A stage instance.
        StageMarker;
        /// The banner image of a sticker pack.
        StickerBannerMarker;
        /// A sticker.
        StickerMarker;
        /// A sticker pack.
        StickerPackMarker;
        /// A subscription.
        SubscriptionMarker;
        /// A forum or media channel tag.
        TagMarker;
        /// A developer team.
        TeamMarker;
        /// A user.
        UserMarker;
        /// A webhook.
        WebhookMarker;
    }
}

#[cfg(test)]
mod tests {
    use super::marker::{GuildMarker, RoleMarker, UserMarker};
    use super::{DISCORD_EPOCH_MS, Id, ParseIdError};

    #[test]
    fn snowflake_parts_match_the_documented_example() {
        // The example of developers/reference.mdx "Snowflakes".
        let id = Id::<UserMarker>::new(175_928_847_299_117_063);
        assert_eq!(id.timestamp_ms(), 1_462_015_105_796);
        assert_eq!(id.worker_id(), 1);
        assert_eq!(id.process_id(), 0);
        assert_eq!(id.increment(), 7);
    }

    #[test]
    fn pagination_bound_from_timestamp() {
        let id = Id::<UserMarker>::from_timestamp_ms(1_462_015_105_796).unwrap();
        assert_eq!(id.timestamp_ms(), 1_462_015_105_796);
        assert_eq!(id.increment(), 0);
        assert!(Id::<UserMarker>::from_timestamp_ms(DISCORD_EPOCH_MS).is_none());
    }

    #[test]
    fn parses_strings_and_integers_serializes_strings() {
        let from_str: Id<GuildMarker> = serde_json::from_str(r#""41771983423143937""#).unwrap();
        let from_int: Id<GuildMarker> = serde_json::from_str("41771983423143937").unwrap();
        assert_eq!(from_str, from_int);
        assert_eq!(serde_json::to_string(&from_int).unwrap(), r#""41771983423143937""#);
    }

    #[test]
    fn rejects_zero_negative_and_garbage() {
        for bad in
            [r#""0""#, "0", "-5", r#""12a""#, r#""""#, "1.5", "null", r#""18446744073709551616""#]
        {
            assert!(serde_json::from_str::<Id<RoleMarker>>(bad).is_err(), "{bad} parsed");
        }
        assert_eq!("0".parse::<Id<RoleMarker>>(), Err(ParseIdError::Zero));
    }

    proptest::proptest! {
        #[test]
        fn decimal_parsing_matches_std(text in "[0-9]{0,22}|[+-]?[0-9a-z ]{0,5}|\\PC{0,8}") {
            let expected = text.parse::<u64>().ok().filter(|_| !text.starts_with('+') && text.len() <= 20);
            proptest::prop_assert_eq!(super::parse_decimal(text.as_bytes()), expected);
        }

        #[test]
        fn every_id_round_trips(value in 1_u64..) {
            let id = Id::<UserMarker>::new(value);
            let json = serde_json::to_string(&id).unwrap();
            proptest::prop_assert_eq!(serde_json::from_str::<Id<UserMarker>>(&json).unwrap(), id);
            proptest::prop_assert_eq!(serde_json::from_str::<Id<UserMarker>>(&value.to_string()).unwrap(), id);
        }
    }

    #[test]
    fn cast_keeps_the_value_and_debug_names_the_kind() {
        let guild = Id::<GuildMarker>::new(7);
        let everyone: Id<RoleMarker> = guild.cast();
        assert_eq!(everyone.get(), 7);
        assert_eq!(format!("{everyone:?}"), "Id<RoleMarker>(7)");
    }
}
