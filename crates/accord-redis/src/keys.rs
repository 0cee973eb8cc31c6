//! The key layout: every key of one bot starts with the same prefix, built from a configurable
//! name and a short hash of the bot's id (never the token).

use std::fmt;
use std::sync::Arc;

use accord_model::id::Id;
use accord_model::id::marker::UserMarker;

/// The prefix of every key of one bot: `{<name>:<hash>}`, where `<hash>` is 12 hex digits of a
/// hash of the bot's user id.
///
/// The braces make the prefix a Redis Cluster hash tag: every key of a bot lives in one slot,
/// so the scripts that touch several of them work on a cluster too.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct KeyPrefix(Arc<str>);

impl KeyPrefix {
    /// The prefix for `bot` under `name` (`accord` unless several deployments share a Redis).
    pub fn new(name: &str, bot: Id<UserMarker>) -> Self {
        Self(Arc::from(format!("{{{name}:{}}}", short_hash(bot.get()))))
    }

    /// The prefix itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key `<prefix>:<suffix>`.
    pub fn key(&self, suffix: &str) -> String {
        format!("{}:{suffix}", self.0)
    }
}

impl fmt::Debug for KeyPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("KeyPrefix").field(&&*self.0).finish()
    }
}

impl fmt::Display for KeyPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 48 bits of FNV-1a over the id's decimal digits: short, stable across versions and
/// platforms, and not the id itself.
fn short_hash(id: u64) -> String {
    let hash = id.to_string().bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:012x}", hash >> 16)
}

#[cfg(test)]
mod tests {
    use super::KeyPrefix;
    use accord_model::id::Id;

    #[test]
    fn the_prefix_is_a_stable_hash_tag_without_the_id() {
        let bot = Id::new(175_928_847_299_117_063);
        let prefix = KeyPrefix::new("accord", bot);
        assert_eq!(prefix.as_str(), "{accord:660f4352cafe}");
        assert!(!prefix.as_str().contains("175928847299117063"));
        assert_eq!(prefix.key("routes"), "{accord:660f4352cafe}:routes");
        assert_ne!(prefix, KeyPrefix::new("accord", Id::new(175_928_847_299_117_064)));
        assert_ne!(prefix, KeyPrefix::new("staging", bot));
    }
}
