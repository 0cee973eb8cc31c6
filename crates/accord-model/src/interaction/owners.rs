//! The installations that authorized an interaction.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::Id;
use crate::id::marker::{GuildMarker, UserMarker};

/// For each installation context that authorized an interaction, who installed the app.
///
/// Discord sends a map keyed by integration type (`"0"` guild, `"1"` user).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct AuthorizingIntegrationOwners {
    /// Set when a guild installation authorized the interaction: the guild, or `Some(None)`
    /// when the interaction happened in the DM with the app's bot (Discord sends `"0"`).
    #[serde(
        rename = "0",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "guild_or_zero",
        serialize_with = "write_guild_or_zero"
    )]
    pub guild_install: Option<Option<Id<GuildMarker>>>,
    /// Set when a user installation authorized the interaction: the user who installed it.
    #[serde(rename = "1", default, skip_serializing_if = "Option::is_none")]
    pub user_install: Option<Id<UserMarker>>,
}

impl AuthorizingIntegrationOwners {
    /// Authorized by the installation of the app in a guild.
    pub const fn guild(guild_id: Id<GuildMarker>) -> Self {
        Self { guild_install: Some(Some(guild_id)), user_install: None }
    }

    /// Authorized by a guild installation, in the DM with the app's bot.
    pub const fn bot_dm() -> Self {
        Self { guild_install: Some(None), user_install: None }
    }

    /// Authorized by the installation of the app by a user.
    pub const fn user(user_id: Id<UserMarker>) -> Self {
        Self { guild_install: None, user_install: Some(user_id) }
    }

    /// The guild that installed the app, if a guild installation authorized the interaction
    /// outside the bot's DM.
    pub fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.guild_install.flatten()
    }

    /// The user who installed the app, if a user installation authorized the interaction.
    pub const fn user_id(&self) -> Option<Id<UserMarker>> {
        self.user_install
    }
}

#[allow(clippy::option_option, reason = "absent, the bot's DM (`\"0\"`) and a guild differ")]
fn guild_or_zero<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<Id<GuildMarker>>>, D::Error> {
    struct GuildVisitor;

    impl Visitor<'_> for GuildVisitor {
        type Value = Option<Option<Id<GuildMarker>>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a guild id or \"0\"")
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(Id::new_checked(value)))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
            let value = u64::try_from(value)
                .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))?;
            self.visit_u64(value)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
            let value: u64 =
                value.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))?;
            self.visit_u64(value)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    deserializer.deserialize_any(GuildVisitor)
}

#[allow(clippy::ref_option, clippy::option_option, reason = "serde passes fields by reference")]
fn write_guild_or_zero<S: Serializer>(
    value: &Option<Option<Id<GuildMarker>>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(Some(id)) => id.serialize(serializer),
        Some(None) => serializer.serialize_str("0"),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::AuthorizingIntegrationOwners;
    use crate::id::Id;

    #[test]
    fn zero_means_the_bot_dm() {
        for (json, guild) in [
            (r#"{"0":"0","1":"5"}"#, Some(None)),
            (r#"{"0":"81384788765712384"}"#, Some(Some(Id::new(81_384_788_765_712_384)))),
            ("{}", None),
        ] {
            let owners: AuthorizingIntegrationOwners = serde_json::from_str(json).unwrap();
            assert_eq!(owners.guild_install, guild);
            assert_eq!(serde_json::to_string(&owners).unwrap(), json);
        }
        let owners: AuthorizingIntegrationOwners = serde_json::from_str(r#"{"1":"5"}"#).unwrap();
        assert_eq!((owners.guild_id(), owners.user_id()), (None, Some(Id::new(5))));
    }
}
