//! Mentioned users (with their guild membership) and mentioned channels.

use std::fmt;

use compact_str::CompactString;
use serde::de::value::{BorrowedStrDeserializer, MapAccessDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::channel::ChannelType;
use crate::guild::PartialMember;
use crate::id::Id;
use crate::id::marker::{ChannelMarker, GuildMarker};
use crate::user::User;

/// A user mentioned in a message; in guild messages received over the gateway, with their
/// guild membership.
///
/// Discord sends a user object with an extra `member` field. It is read in one pass: `member`
/// is taken aside and every other field goes to the [`User`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mention {
    /// The user.
    pub user: User,
    /// The user's membership of the message's guild (without `user`).
    pub member: Option<Box<PartialMember>>,
}

impl Mention {
    /// A mention of a user, without membership.
    pub const fn new(user: User) -> Self {
        Self { user, member: None }
    }
}

impl From<User> for Mention {
    fn from(user: User) -> Self {
        Self::new(user)
    }
}

impl Serialize for Mention {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Flat<'a> {
            #[serde(flatten)]
            user: &'a User,
            #[serde(skip_serializing_if = "Option::is_none")]
            member: Option<&'a PartialMember>,
        }

        Flat { user: &self.user, member: self.member.as_deref() }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Mention {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MentionVisitor;

        impl<'de> Visitor<'de> for MentionVisitor {
            type Value = Mention;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a user object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Mention, A::Error> {
                let mut member = None;
                let user = User::deserialize(MapAccessDeserializer::new(WithoutMember {
                    map,
                    member: &mut member,
                }))?;
                Ok(Mention { user, member })
            }
        }

        deserializer.deserialize_map(MentionVisitor)
    }
}

/// A map that hides its `member` entry, storing it aside, and passes on the rest.
struct WithoutMember<'a, A> {
    map: A,
    member: &'a mut Option<Box<PartialMember>>,
}

/// A key, borrowed from the input when possible.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_owned()))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(key))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for WithoutMember<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        loop {
            let key = match self.map.next_key::<Key<'de>>()? {
                None => return Ok(None),
                Some(Key::Borrowed("member")) => None,
                Some(Key::Owned(key)) if key == "member" => None,
                Some(key) => Some(key),
            };
            match key {
                None => *self.member = self.map.next_value()?,
                Some(Key::Borrowed(key)) => {
                    return seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some);
                }
                Some(Key::Owned(key)) => {
                    return seed.deserialize(StringDeserializer::new(key)).map(Some);
                }
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }
}

/// A channel mentioned in a crossposted message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ChannelMention {
    /// The channel.
    pub id: Id<ChannelMarker>,
    /// The guild of the channel.
    pub guild_id: Id<GuildMarker>,
    /// The channel's type.
    #[serde(rename = "type")]
    pub kind: ChannelType,
    /// The channel's name.
    pub name: CompactString,
}

impl ChannelMention {
    /// A mentioned channel.
    pub fn new(
        id: Id<ChannelMarker>,
        guild_id: Id<GuildMarker>,
        kind: ChannelType,
        name: impl Into<CompactString>,
    ) -> Self {
        Self { id, guild_id, kind, name: name.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::Mention;

    #[test]
    fn member_is_split_from_the_user_in_any_position() {
        let json = r#"{"id":"1","member":{"roles":["2"],"joined_at":null,"flags":0},"username":"a","discriminator":"0","global_name":null,"avatar":null}"#;
        let mention: Mention = serde_json::from_str(json).unwrap();
        assert_eq!(mention.user.username, "a");
        assert_eq!(mention.member.as_ref().unwrap().roles.len(), 1);
        let back = serde_json::to_value(&mention).unwrap();
        assert_eq!(back["member"]["roles"][0], "2");
        assert_eq!(back["id"], "1");
        let again: Mention = serde_json::from_value(back).unwrap();
        assert_eq!(again, mention);
        let plain: Mention = serde_json::from_str(
            r#"{"id":"1","username":"\u0061","discriminator":"0","global_name":null,"avatar":null}"#,
        )
        .unwrap();
        assert!(plain.member.is_none() && plain.user.username == "a");
    }
}
