//! A macro for the "superset" structs behind the hand-written `Deserialize` of tagged enums.
//!
//! Discord tags some objects with a field (`type`) that may come after the fields it governs,
//! and serde cannot read an integer tag without buffering the whole object. Instead, the object
//! is read once into a struct with every field of every variant, all optional, plus the fields
//! it does not know; the enum is then built from it by tag. Nothing is buffered twice, and an
//! unknown tag keeps everything that was read.
//!
//! One limit: a field of an unknown variant that has the name of a known variant's field must
//! have that field's type, or the object is rejected; such reuse has not happened so far.

/// Declares a private struct whose fields are all `Option`s, read from a JSON object in one
/// pass, keeping unknown keys in `extra`; `into_json` rebuilds the object for `Unknown` variants.
macro_rules! superset {
    (
        $(#[$meta:meta])*
        struct $name:ident {
            $( $key:literal => $field:ident: $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Default)]
        struct $name {
            $( $field: Option<$ty>, )*
            extra: serde_json::Map<String, serde_json::Value>,
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types, reason = "variants are named after the fields")]
                enum Key {
                    $( $field, )*
                    Other(String),
                }

                impl<'de> serde::Deserialize<'de> for Key {
                    fn deserialize<D: serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> Result<Self, D::Error> {
                        struct KeyVisitor;

                        impl serde::de::Visitor<'_> for KeyVisitor {
                            type Value = Key;

                            fn expecting(
                                &self,
                                f: &mut std::fmt::Formatter<'_>,
                            ) -> std::fmt::Result {
                                f.write_str("a field name")
                            }

                            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key, E> {
                                Ok(match key {
                                    $( $key => Key::$field, )*
                                    other => Key::Other(other.to_owned()),
                                })
                            }
                        }

                        deserializer.deserialize_identifier(KeyVisitor)
                    }
                }

                struct RawVisitor;

                impl<'de> serde::de::Visitor<'de> for RawVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("an object (", stringify!($name), ")"))
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$name, A::Error> {
                        let mut raw = $name::default();
                        while let Some(key) = map.next_key::<Key>()? {
                            match key {
                                $(
                                    Key::$field => {
                                        if raw.$field.is_some() {
                                            return Err(serde::de::Error::duplicate_field($key));
                                        }
                                        raw.$field = map.next_value()?;
                                    }
                                )*
                                Key::Other(name) => {
                                    let value = map.next_value()?;
                                    raw.extra.insert(name, value);
                                }
                            }
                        }
                        Ok(raw)
                    }
                }

                deserializer.deserialize_map(RawVisitor)
            }
        }

        impl $name {
            /// Everything that was read, as a JSON object.
            #[allow(dead_code, reason = "not every superset has an `Unknown` variant")]
            fn into_json<E: serde::de::Error>(
                self,
            ) -> Result<serde_json::Map<String, serde_json::Value>, E> {
                let mut map = self.extra;
                $(
                    if let Some(value) = self.$field {
                        map.insert($key.to_owned(), serde_json::to_value(value).map_err(E::custom)?);
                    }
                )*
                Ok(map)
            }
        }
    };
}

pub(crate) use superset;

/// The value of a field the tag requires, or a `missing_field` error.
pub(crate) fn required<T, E: serde::de::Error>(
    value: Option<T>,
    field: &'static str,
) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}
