//! Presences: a user's status and activities.

use std::fmt;

use compact_str::CompactString;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::emoji::PartialEmoji;
use crate::id::Id;
use crate::id::marker::{ApplicationMarker, GuildMarker, UserMarker};
use crate::user::PartialUser;

/// A user's presence in a guild: status, activities and per-platform status.
///
/// Sent in PRESENCE_UPDATE and in the `presences` of GUILD_CREATE and member chunks. Discord
/// guarantees only the user's id; the other fields default when left out.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Presence {
    /// The user, often with only the id.
    pub user: PartialUser,
    /// The guild; absent from the presences inside GUILD_CREATE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// The overall status.
    #[serde(default = "Status::offline")]
    pub status: Status,
    /// The current activities, the first being the one shown.
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// The status on each kind of client.
    #[serde(default)]
    pub client_status: ClientStatus,
}

impl Presence {
    /// A presence for a user with a status, no activities and no client sessions.
    pub fn new(user_id: Id<UserMarker>, status: Status) -> Self {
        Self {
            user: PartialUser::new(user_id),
            guild_id: None,
            status,
            activities: Vec::new(),
            client_status: ClientStatus::default(),
        }
    }
}

str_enum! {
    /// A user's status.
    pub enum Status {
        /// Online.
        Online = "online",
        /// Away from the keyboard.
        Idle = "idle",
        /// Do not disturb.
        DoNotDisturb = "dnd",
        /// Shown as offline while connected; only sent by clients, never received.
        Invisible = "invisible",
        /// Offline.
        Offline = "offline",
    }
}

impl Status {
    /// The status of a user Discord says nothing about.
    const fn offline() -> Self {
        Self::Offline
    }
}

/// The status of a user on each kind of client; a platform without an active session is
/// `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ClientStatus {
    /// The status on a desktop application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desktop: Option<Status>,
    /// The status on a mobile application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<Status>,
    /// The status on the web client or a bot connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<Status>,
    /// The status on an embedded client such as a console (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<Status>,
}

/// Something a user is doing: playing a game, streaming, listening, a custom status...
///
/// Bots may only set `name`, `state`, `type` and `url`; the constructors build those.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Activity {
    /// The name, such as the game's.
    pub name: CompactString,
    /// What kind of activity it is.
    #[serde(rename = "type")]
    pub kind: ActivityType,
    /// The stream URL of a streaming activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<CompactString>,
    /// When the activity was added to the session, in Unix milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<u64>,
    /// When the activity started and ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<ActivityTimestamps>,
    /// The application behind the activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Id<ApplicationMarker>>,
    /// Which field the member list shows in the status text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_display_type: Option<StatusDisplayType>,
    /// What the user is doing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<CompactString>,
    /// The link behind the details text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details_url: Option<CompactString>,
    /// The party status, or the text of a custom status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<CompactString>,
    /// The link behind the state text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_url: Option<CompactString>,
    /// The emoji of a custom status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<PartialEmoji>,
    /// The player's party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Box<ActivityParty>>,
    /// Images of the activity and their hover texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assets: Option<Box<ActivityAssets>>,
    /// Secrets to join or spectate through Rich Presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Box<ActivitySecrets>>,
    /// Whether the activity is an instanced game session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<bool>,
    /// What the activity includes and allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<ActivityFlags>,
    /// Up to two buttons: labels when received, labels with URLs when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<ActivityButton>>,
}

impl Activity {
    /// An activity of a kind with a name; every other field is `None`.
    pub fn new(kind: ActivityType, name: impl Into<CompactString>) -> Self {
        Self {
            name: name.into(),
            kind,
            url: None,
            created_at: None,
            timestamps: None,
            application_id: None,
            status_display_type: None,
            details: None,
            details_url: None,
            state: None,
            state_url: None,
            emoji: None,
            party: None,
            assets: None,
            secrets: None,
            instance: None,
            flags: None,
            buttons: None,
        }
    }

    /// "Playing {name}".
    pub fn playing(name: impl Into<CompactString>) -> Self {
        Self::new(ActivityType::Playing, name)
    }

    /// "Streaming {name}", linking to a Twitch or YouTube URL.
    pub fn streaming(name: impl Into<CompactString>, url: impl Into<CompactString>) -> Self {
        Self { url: Some(url.into()), ..Self::new(ActivityType::Streaming, name) }
    }

    /// "Listening to {name}".
    pub fn listening(name: impl Into<CompactString>) -> Self {
        Self::new(ActivityType::Listening, name)
    }

    /// "Watching {name}".
    pub fn watching(name: impl Into<CompactString>) -> Self {
        Self::new(ActivityType::Watching, name)
    }

    /// "Competing in {name}".
    pub fn competing(name: impl Into<CompactString>) -> Self {
        Self::new(ActivityType::Competing, name)
    }

    /// A custom status showing `text`.
    pub fn custom(text: impl Into<CompactString>) -> Self {
        Self {
            state: Some(text.into()),
            ..Self::new(ActivityType::Custom, CompactString::const_new("Custom Status"))
        }
    }
}

int_enum! {
    /// What kind of activity a user is doing.
    pub enum ActivityType: u8 {
        /// "Playing {name}".
        Playing = 0,
        /// "Streaming {details}".
        Streaming = 1,
        /// "Listening to {name}".
        Listening = 2,
        /// "Watching {name}".
        Watching = 3,
        /// "{emoji} {state}": a custom status.
        Custom = 4,
        /// "Competing in {name}".
        Competing = 5,
    }
}

int_enum! {
    /// Which field of an activity the member list shows.
    pub enum StatusDisplayType: u8 {
        /// The name.
        Name = 0,
        /// The state.
        State = 1,
        /// The details.
        Details = 2,
    }
}

/// When an activity started and ends, in Unix milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ActivityTimestamps {
    /// When the activity started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u64>,
    /// When the activity ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
}

/// The party of a player.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ActivityParty {
    /// The party's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<CompactString>,
    /// The current and the maximum size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<[u32; 2]>,
}

/// The images of an activity.
///
/// An image is an application asset id, or `mp:` followed by a media proxy path; the text is
/// user-supplied and not sanitized.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ActivityAssets {
    /// The large image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_image: Option<CompactString>,
    /// The text shown when hovering the large image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_text: Option<CompactString>,
    /// The link opened by clicking the large image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub large_url: Option<CompactString>,
    /// The small image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_image: Option<CompactString>,
    /// The text shown when hovering the small image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_text: Option<CompactString>,
    /// The link opened by clicking the small image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small_url: Option<CompactString>,
    /// The banner of a game invite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_cover_image: Option<CompactString>,
}

/// Secrets that let others join or spectate a game through Rich Presence.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ActivitySecrets {
    /// The secret to join the party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<CompactString>,
    /// The secret to spectate the game.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spectate: Option<CompactString>,
    /// The secret of an instanced match.
    #[serde(default, rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_: Option<CompactString>,
}

flags! {
    /// What an activity includes and allows.
    pub struct ActivityFlags: u64 as integer {
        /// An instanced game session.
        const INSTANCE = 1 << 0;
        /// Others can join.
        const JOIN = 1 << 1;
        /// Others can spectate.
        const SPECTATE = 1 << 2;
        /// Others can ask to join.
        const JOIN_REQUEST = 1 << 3;
        /// Playback can be synced (Spotify).
        const SYNC = 1 << 4;
        /// Others can play along.
        const PLAY = 1 << 5;
        /// Only friends can join the party.
        const PARTY_PRIVACY_FRIENDS = 1 << 6;
        /// Only members of the voice channel can join the party.
        const PARTY_PRIVACY_VOICE_CHANNEL = 1 << 7;
        /// An activity embedded in Discord.
        const EMBEDDED = 1 << 8;
    }
}

/// A button of a Rich Presence activity.
///
/// The gateway sends only the label; a client setting its activity sends the label and the URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ActivityButton {
    /// A button as received: its label, since bots cannot see the URL.
    Label(CompactString),
    /// A button as sent: its label and the URL it opens.
    Link {
        /// The text on the button, 1 to 32 characters.
        label: CompactString,
        /// The URL it opens, 1 to 512 characters.
        url: CompactString,
    },
}

impl ActivityButton {
    /// The text on the button.
    pub fn label(&self) -> &str {
        match self {
            Self::Label(label) | Self::Link { label, .. } => label,
        }
    }
}

/// The object form of [`ActivityButton::Link`], for serde.
#[derive(Deserialize, Serialize)]
struct ButtonLink<L, U> {
    label: L,
    url: U,
}

impl Serialize for ActivityButton {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Label(label) => serializer.serialize_str(label),
            Self::Link { label, url } => {
                ButtonLink { label: label.as_str(), url: url.as_str() }.serialize(serializer)
            }
        }
    }
}

impl<'de> Deserialize<'de> for ActivityButton {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ButtonVisitor;

        impl<'de> Visitor<'de> for ButtonVisitor {
            type Value = ActivityButton;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a button label or an object with a label and a url")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<ActivityButton, E> {
                Ok(ActivityButton::Label(value.into()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ActivityButton, A::Error> {
                let link: ButtonLink<CompactString, CompactString> =
                    Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ActivityButton::Link { label: link.label, url: link.url })
            }
        }

        deserializer.deserialize_any(ButtonVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{Activity, ActivityButton, ActivityType, Presence, Status};

    #[test]
    fn buttons_parse_as_labels_or_links_and_round_trip() {
        let json = r#"["Watch",{"label":"Join","url":"https://example.com"}]"#;
        let buttons: Vec<ActivityButton> = serde_json::from_str(json).unwrap();
        assert_eq!(buttons[0], ActivityButton::Label("Watch".into()));
        assert_eq!(
            buttons[1],
            ActivityButton::Link { label: "Join".into(), url: "https://example.com".into() }
        );
        assert_eq!(buttons[1].label(), "Join");
        assert_eq!(serde_json::to_string(&buttons).unwrap(), json);
        assert!(serde_json::from_str::<ActivityButton>("3").is_err());
    }

    #[test]
    fn presence_with_only_a_user_id_gets_defaults() {
        let presence: Presence = serde_json::from_str(r#"{"user":{"id":"1"}}"#).unwrap();
        assert_eq!(presence.status, Status::Offline);
        assert!(presence.activities.is_empty());
        assert_eq!(presence.client_status.desktop, None);
    }

    #[test]
    fn status_keeps_unknown_values() {
        let status: Status = serde_json::from_str(r#""streaming""#).unwrap();
        assert_eq!(status.as_str(), "streaming");
        assert_eq!(serde_json::to_string(&Status::DoNotDisturb).unwrap(), r#""dnd""#);
    }

    #[test]
    fn custom_status_sets_state() {
        let activity = Activity::custom("Out to lunch");
        assert_eq!(activity.kind, ActivityType::Custom);
        let json = serde_json::to_string(&activity).unwrap();
        assert_eq!(json, r#"{"name":"Custom Status","type":4,"state":"Out to lunch"}"#);
    }
}
