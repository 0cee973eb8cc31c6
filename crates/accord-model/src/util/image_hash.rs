//! Image hashes (avatars, icons, banners) in 17 bytes instead of a 34-byte string.

use std::fmt;
use std::str::FromStr;

use compact_str::CompactString;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The hash Discord gives an image, used to build its CDN URL.
///
/// The usual form, 32 lower-case hex digits with an `a_` prefix when the image is animated, is
/// stored as 16 bytes and a flag. Anything else is kept as text, so no hash is ever rejected or
/// altered.
///
/// ```
/// use accord_model::util::ImageHash;
///
/// let hash: ImageHash = "a_1269e74af4df7417b13759eae50c83dc".parse().unwrap();
/// assert!(hash.is_animated());
/// assert_eq!(hash.to_string(), "a_1269e74af4df7417b13759eae50c83dc");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ImageHash(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Hex { animated: bool, bytes: [u8; 16] },
    Other(CompactString),
}

impl ImageHash {
    /// A hash from its 16 bytes.
    pub const fn new(bytes: [u8; 16], animated: bool) -> Self {
        Self(Repr::Hex { animated, bytes })
    }

    /// Whether the image is animated (its hash starts with `a_`).
    pub fn is_animated(&self) -> bool {
        match &self.0 {
            Repr::Hex { animated, .. } => *animated,
            Repr::Other(text) => text.starts_with("a_"),
        }
    }

    /// The 16 bytes of a hash in the usual form.
    pub const fn bytes(&self) -> Option<[u8; 16]> {
        match &self.0 {
            Repr::Hex { bytes, .. } => Some(*bytes),
            Repr::Other(_) => None,
        }
    }

    fn parse_hex(text: &str) -> Option<Repr> {
        let (animated, hex) = match text.strip_prefix("a_") {
            Some(rest) => (true, rest.as_bytes()),
            None => (false, text.as_bytes()),
        };
        if hex.len() != 32 {
            return None;
        }
        let mut bytes = [0; 16];
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks_exact(2)) {
            let &[high, low] = pair else { return None };
            *byte = (nibble(high)? << 4) | nibble(low)?;
        }
        Some(Repr::Hex { animated, bytes })
    }
}

/// The value of a lower-case hex digit; upper case is kept as text so it round-trips.
const fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

impl FromStr for ImageHash {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self(Self::parse_hex(text).unwrap_or_else(|| Repr::Other(text.into()))))
    }
}

impl fmt::Display for ImageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Hex { animated, bytes } => {
                if *animated {
                    f.write_str("a_")?;
                }
                bytes.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
            }
            Repr::Other(text) => f.write_str(text),
        }
    }
}

impl fmt::Debug for ImageHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImageHash({self})")
    }
}

impl Serialize for ImageHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ImageHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HashVisitor;

        impl Visitor<'_> for HashVisitor {
            type Value = ImageHash;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an image hash")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<ImageHash, E> {
                let Ok(hash) = value.parse();
                Ok(hash)
            }
        }

        deserializer.deserialize_str(HashVisitor)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::ImageHash;

    #[test]
    fn usual_hashes_are_compact() {
        let hash: ImageHash = "1269e74af4df7417b13759eae50c83dc".parse().unwrap();
        assert!(!hash.is_animated());
        assert_eq!(hash.bytes().unwrap()[0], 0x12);
        assert!(size_of::<ImageHash>() <= 24);
    }

    #[test]
    fn unusual_hashes_are_kept_verbatim() {
        for text in ["", "clyde", "1269E74AF4DF7417B13759EAE50C83DC", "a_12"] {
            let hash: ImageHash = text.parse().unwrap();
            assert_eq!(hash.to_string(), text);
            assert!(hash.bytes().is_none());
        }
    }

    proptest! {
        #[test]
        fn every_string_round_trips(text in "(a_)?[0-9a-fA-F]{0,34}|\\PC{0,40}") {
            let hash: ImageHash = text.parse().unwrap();
            prop_assert_eq!(hash.to_string(), text.clone());
            let json = serde_json::to_string(&hash).unwrap();
            prop_assert_eq!(serde_json::from_str::<ImageHash>(&json).unwrap(), hash);
        }
    }
}
