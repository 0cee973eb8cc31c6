//! Role connections: the metadata an application records about users for linked roles.

use std::collections::HashMap;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::locale::Localizations;

/// A metadata field an application declares for linked roles; guilds compare a user's value
/// with the one they configure.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RoleConnectionMetadata {
    /// How the value is compared.
    #[serde(rename = "type")]
    pub kind: RoleConnectionMetadataType,
    /// The key in a user's role connection metadata (`a-z`, `0-9`, `_`; up to 50 characters).
    pub key: CompactString,
    /// The name shown to guild admins (up to 100 characters).
    pub name: CompactString,
    /// The name in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_localizations: Option<Localizations>,
    /// The description shown to guild admins (up to 200 characters).
    pub description: CompactString,
    /// The description in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_localizations: Option<Localizations>,
}

impl RoleConnectionMetadata {
    /// A metadata field without localizations.
    pub fn new(
        kind: RoleConnectionMetadataType,
        key: impl Into<CompactString>,
        name: impl Into<CompactString>,
        description: impl Into<CompactString>,
    ) -> Self {
        Self {
            kind,
            key: key.into(),
            name: name.into(),
            name_localizations: None,
            description: description.into(),
            description_localizations: None,
        }
    }
}

int_enum! {
    /// How a user's metadata value is compared with the guild's.
    pub enum RoleConnectionMetadataType: u8 {
        /// The user's integer is at most the guild's.
        IntegerLessThanOrEqual = 1,
        /// The user's integer is at least the guild's.
        IntegerGreaterThanOrEqual = 2,
        /// The user's integer equals the guild's.
        IntegerEqual = 3,
        /// The user's integer differs from the guild's.
        IntegerNotEqual = 4,
        /// The user's date is at least the guild's number of days ago.
        DatetimeLessThanOrEqual = 5,
        /// The user's date is at most the guild's number of days ago.
        DatetimeGreaterThanOrEqual = 6,
        /// The user's boolean equals the guild's.
        BooleanEqual = 7,
        /// The user's boolean differs from the guild's.
        BooleanNotEqual = 8,
    }
}

/// A user's role connection with an application.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RoleConnection {
    /// The vanity name of the platform the app connects (up to 50 characters).
    #[serde(default)]
    pub platform_name: Option<CompactString>,
    /// The user's name on that platform (up to 100 characters).
    #[serde(default)]
    pub platform_username: Option<CompactString>,
    /// The user's values, keyed by metadata key; each a string of up to 100 characters.
    #[serde(default)]
    pub metadata: HashMap<CompactString, CompactString>,
}
