//! Query strings as Discord reads them: `true`/`false` for booleans, a repeated key per item of
//! a list (`?id=1&id=2`), percent-encoded text.

use std::fmt::Write as _;

use accord_model::id::Id;

use super::encode::push_query_component;

/// A value that can be written into a query string.
pub trait QueryValue {
    /// Appends `key=value` pairs to the query: none (absent), one, or one per item of a list.
    fn append_to(&self, key: &str, query: &mut Query);
}

/// A query string being built, without the leading `?`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    /// An empty query.
    pub const fn new() -> Self {
        Self(String::new())
    }

    /// Appends one pair; `value` is already text.
    pub fn push(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        push_query_component(&mut self.0, key);
        self.0.push('=');
        push_query_component(&mut self.0, value);
    }

    /// Appends a value of any [`QueryValue`] type.
    pub fn append(&mut self, key: &str, value: &(impl QueryValue + ?Sized)) {
        value.append_to(key, self);
    }

    /// The encoded query.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The encoded query.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl QueryValue for bool {
    fn append_to(&self, key: &str, query: &mut Query) {
        query.push(key, if *self { "true" } else { "false" });
    }
}

macro_rules! display_query_value {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn append_to(&self, key: &str, query: &mut Query) {
                let mut text = String::new();
                let _ = write!(text, "{self}");
                query.push(key, &text);
            }
        }
    )*};
}

display_query_value!(u8, u16, u32, u64, i32, i64, accord_model::util::Timestamp);

/// Model enums that Discord reads as integers in a query.
macro_rules! int_enum_query_value {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn append_to(&self, key: &str, query: &mut Query) {
                self.value().append_to(key, query);
            }
        }
    )*};
}

int_enum_query_value!(
    accord_model::message::ReactionType,
    accord_model::audit_log::AuditLogEventType,
    accord_model::channel::SortOrder
);

/// Model enums that Discord reads as strings in a query.
macro_rules! str_enum_query_value {
    ($($ty:ty),*) => {$(
        impl QueryValue for $ty {
            fn append_to(&self, key: &str, query: &mut Query) {
                query.push(key, self.as_str());
            }
        }
    )*};
}

str_enum_query_value!(accord_model::channel::TagSearchSetting);

impl QueryValue for str {
    fn append_to(&self, key: &str, query: &mut Query) {
        query.push(key, self);
    }
}

impl QueryValue for String {
    fn append_to(&self, key: &str, query: &mut Query) {
        query.push(key, self);
    }
}

impl<M> QueryValue for Id<M> {
    fn append_to(&self, key: &str, query: &mut Query) {
        self.get().append_to(key, query);
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn append_to(&self, key: &str, query: &mut Query) {
        (**self).append_to(key, query);
    }
}

impl<T: QueryValue> QueryValue for Option<T> {
    fn append_to(&self, key: &str, query: &mut Query) {
        if let Some(value) = self {
            value.append_to(key, query);
        }
    }
}

impl<T: QueryValue> QueryValue for [T] {
    fn append_to(&self, key: &str, query: &mut Query) {
        for value in self {
            value.append_to(key, query);
        }
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append_to(&self, key: &str, query: &mut Query) {
        self.as_slice().append_to(key, query);
    }
}

#[cfg(test)]
mod tests {
    use super::Query;
    use accord_model::id::{Id, marker::UserMarker};

    #[test]
    fn booleans_lists_and_text_are_encoded_as_discord_reads_them() {
        let mut query = Query::new();
        query.append("with_counts", &true);
        query.append("limit", &Some(50_u16));
        query.append("after", &None::<u64>);
        query.append("user_ids", &[Id::<UserMarker>::new(1), Id::new(2)][..]);
        query.append("query", "a b&c");
        assert_eq!(
            query.as_str(),
            "with_counts=true&limit=50&user_ids=1&user_ids=2&query=a%20b%26c"
        );
    }
}
