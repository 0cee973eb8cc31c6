//! Shard ids: which slice of a bot's guilds a connection serves.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::id::Id;
use crate::id::marker::GuildMarker;

/// A shard's number and the total number of shards, serialized as `[number, total]`.
///
/// ```
/// use accord_model::gateway::ShardId;
/// use accord_model::id::Id;
///
/// let shard = ShardId::new(1, 4).unwrap();
/// assert_eq!(shard.rate_limit_key(2), 1);
/// // (41771983423143937 >> 22) % 4 == 2
/// assert_eq!(ShardId::for_guild(Id::new(41771983423143937), 4).number(), 2);
/// assert_eq!(serde_json::to_string(&shard)?, "[1,4]");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShardId {
    number: u32,
    total: u32,
}

impl ShardId {
    /// The only shard of an unsharded bot.
    pub const ONE: Self = Self { number: 0, total: 1 };

    /// Shard `number` of `total`; `None` unless `number < total`.
    pub const fn new(number: u32, total: u32) -> Option<Self> {
        if number < total { Some(Self { number, total }) } else { None }
    }

    /// The shard that receives a guild's events: `(guild_id >> 22) % total`.
    ///
    /// # Panics
    ///
    /// If `total` is zero.
    pub const fn for_guild(guild_id: Id<GuildMarker>, total: u32) -> Self {
        assert!(total > 0, "a bot has at least one shard");
        #[allow(clippy::cast_possible_truncation, reason = "the remainder is below total, a u32")]
        let number = ((guild_id.get() >> 22) % total as u64) as u32;
        Self { number, total }
    }

    /// The shard's number, from 0.
    pub const fn number(self) -> u32 {
        self.number
    }

    /// How many shards there are.
    pub const fn total(self) -> u32 {
        self.total
    }

    /// The identify bucket of this shard: `number % max_concurrency`.
    pub const fn rate_limit_key(self, max_concurrency: u32) -> u32 {
        if max_concurrency == 0 { self.number } else { self.number % max_concurrency }
    }
}

impl fmt::Display for ShardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}, {}]", self.number, self.total)
    }
}

impl Serialize for ShardId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut tuple = serializer.serialize_tuple(2)?;
        tuple.serialize_element(&self.number)?;
        tuple.serialize_element(&self.total)?;
        tuple.end()
    }
}

impl<'de> Deserialize<'de> for ShardId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ShardVisitor;

        impl<'de> Visitor<'de> for ShardVisitor {
            type Value = ShardId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("[shard number, shard count] with number < count")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ShardId, A::Error> {
                let number =
                    seq.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let total =
                    seq.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if seq.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                ShardId::new(number, total)
                    .ok_or_else(|| de::Error::custom("shard number must be below the shard count"))
            }
        }

        deserializer.deserialize_tuple(2, ShardVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::ShardId;

    #[test]
    fn parses_pairs_and_rejects_bad_ones() {
        assert_eq!(serde_json::from_str::<ShardId>("[2,3]").unwrap(), ShardId::new(2, 3).unwrap());
        for bad in ["[3,3]", "[1]", "[1,2,3]", "[-1,2]", "{}", "[0,0]"] {
            assert!(serde_json::from_str::<ShardId>(bad).is_err(), "{bad}");
        }
    }
}
