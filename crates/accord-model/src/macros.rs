//! Declarative macros for the three shapes Discord gives its enumerations: integer enums,
//! string enums and bit sets. Each keeps values it does not know, so a round trip is lossless.

/// An enum mirroring a Discord integer, with an `Unknown(n)` variant for values added later.
///
/// Generates `value()`, `from_value()`, `From` both ways, and serde as the integer.
macro_rules! int_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident: $repr:ty {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of Accord does not know, kept so that it round-trips.
            Unknown($repr),
        }

        impl $name {
            /// The integer Discord uses for this value.
            pub const fn value(self) -> $repr {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value,
                }
            }

            /// The variant for an integer; values this version does not know become `Unknown`.
            pub const fn from_value(value: $repr) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other),
                }
            }
        }

        impl From<$repr> for $name {
            fn from(value: $repr) -> Self {
                Self::from_value(value)
            }
        }

        impl From<$name> for $repr {
            fn from(value: $name) -> Self {
                value.value()
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.value(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$repr as serde::Deserialize>::deserialize(deserializer).map(Self::from_value)
            }
        }
    };
}

/// An enum mirroring a Discord string, with an `Unknown(text)` variant for values added later.
///
/// Generates `as_str()`, `From<&str>`, `Display`, and serde as the string.
macro_rules! str_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of Accord does not know, kept so that it round-trips.
            Unknown(compact_str::CompactString),
        }

        impl $name {
            /// The string Discord uses for this value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown(other.into()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct EnumVisitor;

                impl serde::de::Visitor<'_> for EnumVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a string for ", stringify!($name)))
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }

                deserializer.deserialize_str(EnumVisitor)
            }
        }
    };
}

/// A bit set over a Discord integer that keeps unknown bits, serialized either as a decimal
/// `string` (permissions) or as an `integer` (intents, flags). Both forms are accepted when
/// parsing.
macro_rules! flags {
    (
        $(#[$($meta:tt)*])*
        $vis:vis struct $name:ident: $repr:ty as $mode:ident {
            $( $(#[$($fmeta:tt)*])* const $flag:ident = $value:expr; )*
        }
    ) => {
        bitflags::bitflags! {
            $(#[$($meta)*])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
            $vis struct $name: $repr {
                $( $(#[$($fmeta)*])* const $flag = $value; )*
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                flags!(@serialize $mode, self.bits(), serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct FlagsVisitor;

                impl serde::de::Visitor<'_> for FlagsVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("an integer or decimal string for ", stringify!($name)))
                    }

                    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<$name, E> {
                        let bits = <$repr>::try_from(value).map_err(|_| {
                            E::invalid_value(serde::de::Unexpected::Unsigned(value), &self)
                        })?;
                        Ok($name::from_bits_retain(bits))
                    }

                    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<$name, E> {
                        let bits = <$repr>::try_from(value).map_err(|_| {
                            E::invalid_value(serde::de::Unexpected::Signed(value), &self)
                        })?;
                        Ok($name::from_bits_retain(bits))
                    }

                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        let bits = value.parse::<$repr>().map_err(|_| {
                            E::invalid_value(serde::de::Unexpected::Str(value), &self)
                        })?;
                        Ok($name::from_bits_retain(bits))
                    }
                }

                deserializer.deserialize_any(FlagsVisitor)
            }
        }
    };
    (@serialize string, $bits:expr, $serializer:ident) => {{
        let mut buffer = itoa::Buffer::new();
        $serializer.serialize_str(buffer.format($bits))
    }};
    (@serialize integer, $bits:expr, $serializer:ident) => {
        serde::Serialize::serialize(&$bits, $serializer)
    };
}
