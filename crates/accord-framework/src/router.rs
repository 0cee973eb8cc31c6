//! Routing component and modal interactions to handlers by `custom_id` pattern, such as
//! `"vote:{poll}:{choice}"`, with the parameters parsed out of the id.

use std::fmt;
use std::future::Future;
use std::str::FromStr;
use std::sync::Arc;

use crate::argument::ArgumentError;
use crate::cache::{CacheState, NoCache};
use crate::command::BoxFuture;
use crate::context::Context;
use crate::error::{BoxError, FrameworkError};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter(String),
}

/// A `custom_id` pattern: literal text and `{name}` parameters, which match one or more
/// characters up to the next literal (the last one matches to the end).
///
/// ```
/// use accord_framework::router::Pattern;
///
/// let pattern = Pattern::parse("vote:{poll}:{choice}").unwrap();
/// let params = pattern.matches("vote:42:yes").unwrap();
/// assert_eq!(params.get("choice"), Some("yes"));
/// assert_eq!(params.parse::<u64>("poll").unwrap(), 42);
/// assert!(pattern.matches("vote:42").is_none());
/// assert!(Pattern::parse("{a}{b}").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    segments: Vec<Segment>,
}

/// Why a pattern is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pattern: String,
    reason: &'static str,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid custom id pattern `{}`: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Parses a pattern.
    pub fn parse(pattern: &str) -> Result<Self, PatternError> {
        let error = |reason| PatternError { pattern: pattern.to_owned(), reason };
        let mut segments = Vec::new();
        let mut rest = pattern;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after.find('}').ok_or_else(|| error("a `{` is not closed"))?;
                let name = &after[..end];
                if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return Err(error("parameter names are letters, digits and `_`"));
                }
                if matches!(segments.last(), Some(Segment::Parameter(_))) {
                    return Err(error("two parameters need text between them"));
                }
                if segments.iter().any(|s| *s == Segment::Parameter(name.to_owned())) {
                    return Err(error("a parameter name is used twice"));
                }
                segments.push(Segment::Parameter(name.to_owned()));
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                if rest[..end].contains('}') {
                    return Err(error("a `}` has no `{`"));
                }
                segments.push(Segment::Literal(rest[..end].to_owned()));
                rest = &rest[end..];
            }
        }
        Ok(Self { source: pattern.to_owned(), segments })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The names of the parameters, in order.
    pub fn parameters(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Parameter(name) => Some(name.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The parameters, if `custom_id` matches.
    pub fn matches(&self, custom_id: &str) -> Option<RouteParams> {
        let mut values = Vec::new();
        let mut rest = custom_id;
        let mut segments = self.segments.iter().peekable();
        while let Some(segment) = segments.next() {
            match segment {
                Segment::Literal(text) => rest = rest.strip_prefix(text.as_str())?,
                Segment::Parameter(name) => {
                    let end = match segments.peek() {
                        Some(Segment::Literal(next)) => {
                            let first = rest.chars().next()?.len_utf8();
                            rest[first..].find(next.as_str())? + first
                        }
                        _ => rest.len(),
                    };
                    if end == 0 {
                        return None;
                    }
                    values.push((name.clone(), rest[..end].to_owned()));
                    rest = &rest[end..];
                }
            }
        }
        rest.is_empty().then_some(RouteParams { values })
    }
}

/// The parameters a pattern matched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RouteParams {
    values: Vec<(String, String)>,
}

impl RouteParams {
    /// The text of parameter `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Parameter `name` parsed as a `T`.
    pub fn parse<T: FromStr>(&self, name: &str) -> Result<T, ArgumentError> {
        let value = self.get(name).ok_or_else(|| ArgumentError::missing().for_parameter(name))?;
        value.parse().map_err(|_| {
            ArgumentError::invalid(value, std::any::type_name::<T>()).for_parameter(name)
        })
    }
}

/// What a route answers: message components or modal submissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteKind {
    /// Buttons and select menus.
    Component,
    /// Modal submissions.
    Modal,
}

type HandlerFn<D, C> = Arc<
    dyn Fn(Context<D, C>, RouteParams) -> BoxFuture<'static, Result<(), FrameworkError>>
        + Send
        + Sync,
>;

/// A handler for the component or modal interactions whose `custom_id` matches a pattern.
pub struct Route<D, C: CacheState = NoCache> {
    pattern: Pattern,
    kind: RouteKind,
    handler: HandlerFn<D, C>,
}

impl<D, C: CacheState> Clone for Route<D, C> {
    fn clone(&self) -> Self {
        Self { pattern: self.pattern.clone(), kind: self.kind, handler: self.handler.clone() }
    }
}

impl<D, C: CacheState> fmt::Debug for Route<D, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Route")
            .field("pattern", &self.pattern.source)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl<D: Send + Sync + 'static, C: CacheState> Route<D, C> {
    /// A route of `kind` for `pattern`.
    pub fn new<F, Fut, E>(kind: RouteKind, pattern: Pattern, handler: F) -> Self
    where
        F: Fn(Context<D, C>, RouteParams) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let handler: HandlerFn<D, C> = Arc::new(move |ctx, params| {
            let future = handler(ctx, params);
            Box::pin(async move { future.await.map_err(FrameworkError::command) })
        });
        Self { pattern, kind, handler }
    }

    /// A route for buttons and select menus.
    ///
    /// # Panics
    ///
    /// When `pattern` is invalid (see [`Pattern::parse`]); patterns are written in code.
    pub fn component<F, Fut, E>(pattern: &str, handler: F) -> Self
    where
        F: Fn(Context<D, C>, RouteParams) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let pattern = Pattern::parse(pattern).unwrap_or_else(|error| panic!("{error}"));
        Self::new(RouteKind::Component, pattern, handler)
    }

    /// A route for modal submissions.
    ///
    /// # Panics
    ///
    /// When `pattern` is invalid (see [`Pattern::parse`]); patterns are written in code.
    pub fn modal<F, Fut, E>(pattern: &str, handler: F) -> Self
    where
        F: Fn(Context<D, C>, RouteParams) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let pattern = Pattern::parse(pattern).unwrap_or_else(|error| panic!("{error}"));
        Self::new(RouteKind::Modal, pattern, handler)
    }

    /// The pattern.
    pub const fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// What the route answers.
    pub const fn kind(&self) -> RouteKind {
        self.kind
    }

    /// Runs the handler.
    pub async fn run(&self, ctx: Context<D, C>, params: RouteParams) -> Result<(), FrameworkError> {
        (self.handler)(ctx, params).await
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Pattern;

    #[test]
    fn patterns_match_what_they_say() {
        let exact = Pattern::parse("ping").unwrap();
        assert!(exact.matches("ping").is_some() && exact.matches("ping2").is_none());
        let trailing = Pattern::parse("page:{n}").unwrap();
        assert_eq!(trailing.matches("page:3:extra").unwrap().get("n"), Some("3:extra"));
        assert!(trailing.matches("page:").is_none(), "parameters are not empty");
        let middle = Pattern::parse("{a}-{b}!").unwrap();
        let params = middle.matches("x-y-z!").unwrap();
        assert_eq!((params.get("a"), params.get("b")), (Some("x"), Some("y-z")));
        assert_eq!(middle.parameters().collect::<Vec<_>>(), ["a", "b"]);
        assert!(params.parse::<u8>("a").is_err());
        for bad in ["{", "}", "{}", "{a b}", "{a}{b}", "{a}:{a}"] {
            assert!(Pattern::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn ids_built_from_a_pattern_match_it(a in "[a-z0-9]{1,10}", b in "[a-z0-9:]{1,10}") {
            let pattern = Pattern::parse("vote:{a}:{b}").unwrap();
            let params = pattern.matches(&format!("vote:{a}:{b}")).unwrap();
            prop_assert_eq!(params.get("a"), Some(a.as_str()));
            prop_assert_eq!(params.get("b"), Some(b.as_str()));
        }

        #[test]
        fn matching_never_panics(pattern in "[a-z{}:]{0,12}", id in "\\PC{0,20}") {
            if let Ok(pattern) = Pattern::parse(&pattern) {
                let _ = pattern.matches(&id);
            }
        }
    }
}
