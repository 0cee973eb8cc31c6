//! A body field that can be left out, sent as `null` (to clear a value) or sent with a value.

use serde::{Serialize, Serializer};

/// A field of a request body. `Absent` fields are skipped when serializing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Field<T> {
    /// Not sent: Discord keeps the current value.
    #[default]
    Absent,
    /// Sent as `null`: Discord clears the value.
    Null,
    /// Sent with a value.
    Value(T),
}

impl<T> Field<T> {
    pub(crate) const fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// `Null` for `None`, `Value` for `Some`.
    pub(crate) fn nullable(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }

    pub(crate) const fn as_value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T: Serialize> Serialize for Field<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => value.serialize(serializer),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Field;
    use serde::Serialize;

    #[test]
    fn absent_is_skipped_null_is_null() {
        #[derive(Serialize)]
        struct Body {
            #[serde(skip_serializing_if = "Field::is_absent")]
            a: Field<u8>,
            #[serde(skip_serializing_if = "Field::is_absent")]
            b: Field<u8>,
            #[serde(skip_serializing_if = "Field::is_absent")]
            c: Field<u8>,
        }
        let body = Body { a: Field::Absent, b: Field::nullable(None), c: Field::Value(3) };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"b":null,"c":3}"#);
    }
}
