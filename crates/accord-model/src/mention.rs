//! Discord's message markup for mentions and timestamps: `<@id>`, `<@&id>`, `<#id>`,
//! `</name:id>`, `<:name:id>` and `<t:seconds:style>`, formatted without allocating.
//!
//! ```
//! use accord_model::id::Id;
//! use accord_model::id::marker::{ChannelMarker, UserMarker};
//! use accord_model::mention::{self, Mention, TimestampStyle};
//! use accord_model::util::Timestamp;
//!
//! let (user, channel) = (Id::<UserMarker>::new(42), Id::<ChannelMarker>::new(7));
//! let at = Timestamp::from_secs(1_700_000_000);
//! let text = format!(
//!     "{} see {} {}, or use {}",
//!     user.mention(),
//!     channel.mention(),
//!     mention::timestamp(at, TimestampStyle::Relative),
//!     mention::slash_command("tag add", Id::new(9)),
//! );
//! assert_eq!(text, "<@42> see <#7> <t:1700000000:R>, or use </tag add:9>");
//! ```

use std::fmt;

use crate::channel::Channel;
use crate::guild::Role;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, CommandMarker, EmojiMarker, RoleMarker, UserMarker};
use crate::user::User;
use crate::util::Timestamp;

/// Something a message can mention: users, roles and channels, by id or by their object
/// (custom emojis and slash commands through [`emoji`] and [`slash_command`]).
pub trait Mention {
    /// The mention, to format into a message (`format!("hi {}", user.mention())`).
    fn mention(&self) -> Mentioned<'_>;
}

/// A mention, formatted with `Display`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mentioned<'a>(Kind<'a>);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind<'a> {
    User(u64),
    Role(u64),
    Channel(u64),
    Command { name: &'a str, id: u64 },
    Emoji { name: &'a str, id: u64, animated: bool },
}

impl fmt::Display for Mentioned<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Kind::User(id) => write!(f, "<@{id}>"),
            Kind::Role(id) => write!(f, "<@&{id}>"),
            Kind::Channel(id) => write!(f, "<#{id}>"),
            Kind::Command { name, id } => write!(f, "</{name}:{id}>"),
            Kind::Emoji { name, id, animated } => {
                let a = if animated { "a" } else { "" };
                write!(f, "<{a}:{name}:{id}>")
            }
        }
    }
}

impl Mention for Id<UserMarker> {
    fn mention(&self) -> Mentioned<'_> {
        Mentioned(Kind::User(self.get()))
    }
}

impl Mention for Id<RoleMarker> {
    fn mention(&self) -> Mentioned<'_> {
        Mentioned(Kind::Role(self.get()))
    }
}

impl Mention for Id<ChannelMarker> {
    fn mention(&self) -> Mentioned<'_> {
        Mentioned(Kind::Channel(self.get()))
    }
}

impl Mention for User {
    fn mention(&self) -> Mentioned<'_> {
        Mentioned(Kind::User(self.id.get()))
    }
}

impl Mention for Role {
    fn mention(&self) -> Mentioned<'_> {
        Mentioned(Kind::Role(self.id.get()))
    }
}

impl Mention for Channel {
    fn mention(&self) -> Mentioned<'_> {
        Mentioned(Kind::Channel(self.id.get()))
    }
}

/// A custom emoji: `<:name:id>`, or `<a:name:id>` when animated. A standard emoji needs no
/// markup: its Unicode character is the text.
pub fn emoji(name: &str, id: Id<EmojiMarker>, animated: bool) -> Mentioned<'_> {
    Mentioned(Kind::Emoji { name, id: id.get(), animated })
}

/// A clickable slash command: `</name:id>`, where `name` is the command's name followed by
/// its subcommand group and subcommand, separated by spaces (`"tag add"`), and `id` the
/// command's registered id.
pub fn slash_command(name: &str, id: Id<CommandMarker>) -> Mentioned<'_> {
    Mentioned(Kind::Command { name, id: id.get() })
}

/// How a `<t:…>` timestamp shows, in each reader's time zone and language (the examples are
/// Discord's, for en-US).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampStyle {
    /// `t`: 16:20
    ShortTime,
    /// `T`: 16:20:30
    LongTime,
    /// `d`: 20/04/2021
    ShortDate,
    /// `D`: 20 April 2021
    LongDate,
    /// `f` (Discord's default): 20 April 2021 16:20
    #[default]
    ShortDateTime,
    /// `F`: Tuesday, 20 April 2021 16:20
    LongDateTime,
    /// `R`: 2 months ago, in 3 days
    Relative,
}

impl TimestampStyle {
    /// Every style.
    pub const ALL: [Self; 7] = [
        Self::ShortTime,
        Self::LongTime,
        Self::ShortDate,
        Self::LongDate,
        Self::ShortDateTime,
        Self::LongDateTime,
        Self::Relative,
    ];

    /// The style's letter in the markup.
    pub const fn letter(self) -> char {
        match self {
            Self::ShortTime => 't',
            Self::LongTime => 'T',
            Self::ShortDate => 'd',
            Self::LongDate => 'D',
            Self::ShortDateTime => 'f',
            Self::LongDateTime => 'F',
            Self::Relative => 'R',
        }
    }
}

/// A timestamp in a message, formatted with `Display` as `<t:seconds:style>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimestampTag {
    seconds: i64,
    style: TimestampStyle,
}

impl fmt::Display for TimestampTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<t:{}:{}>", self.seconds, self.style.letter())
    }
}

/// `at` shown in each reader's time zone, in `style` (whole seconds; earlier than 1970 is
/// fine).
pub const fn timestamp(at: Timestamp, style: TimestampStyle) -> TimestampTag {
    TimestampTag { seconds: at.as_secs(), style }
}

#[cfg(test)]
mod tests {
    use super::{Mention, TimestampStyle, emoji, slash_command, timestamp};
    use crate::guild::Role;
    use crate::id::Id;
    use crate::id::marker::{ChannelMarker, RoleMarker};
    use crate::permissions::Permissions;
    use crate::user::User;
    use crate::util::Timestamp;

    #[test]
    fn mentions_use_discord_markup() {
        let user = User::new(Id::new(80_351_110_224_678_912), "nelly");
        assert_eq!(user.mention().to_string(), "<@80351110224678912>");
        assert_eq!(user.id.mention().to_string(), "<@80351110224678912>");
        assert_eq!(
            Id::<RoleMarker>::new(165_511_591_545_143_296).mention().to_string(),
            "<@&165511591545143296>"
        );
        let role = Role::new(Id::new(5), "mod", Permissions::empty());
        assert_eq!(role.mention().to_string(), "<@&5>");
        assert_eq!(Id::<ChannelMarker>::new(41).mention().to_string(), "<#41>");
        assert_eq!(
            slash_command("airhorn", Id::new(816_437_322_781_949_972)).to_string(),
            "</airhorn:816437322781949972>"
        );
        assert_eq!(
            emoji("mmLol", Id::new(216_154_654_256_398_347), false).to_string(),
            "<:mmLol:216154654256398347>"
        );
        assert_eq!(
            emoji("b1nzy", Id::new(392_938_283_556_143_104), true).to_string(),
            "<a:b1nzy:392938283556143104>"
        );
    }

    #[test]
    fn timestamps_in_every_style() {
        let at = Timestamp::from_secs(1_618_953_630);
        let tags: Vec<String> =
            TimestampStyle::ALL.iter().map(|style| timestamp(at, *style).to_string()).collect();
        assert_eq!(
            tags,
            [
                "<t:1618953630:t>",
                "<t:1618953630:T>",
                "<t:1618953630:d>",
                "<t:1618953630:D>",
                "<t:1618953630:f>",
                "<t:1618953630:F>",
                "<t:1618953630:R>"
            ]
        );
        assert_eq!(TimestampStyle::default(), TimestampStyle::ShortDateTime);
        assert_eq!(
            timestamp(Timestamp::from_secs(-60), TimestampStyle::Relative).to_string(),
            "<t:-60:R>"
        );
    }
}
