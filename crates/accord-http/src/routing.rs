//! The route table: every operation the client implements, with its method and path template.
//!
//! Each request type carries its [`Route`]; [`routes`] lists them all. The rate limiter keys
//! buckets by a route's method and template plus the request's [`Major`] parameter.

use std::borrow::Cow;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};

use accord_model::id::Id;
use accord_model::util::Secret;

use crate::request::encode;

/// An HTTP method Discord's REST API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name, upper case.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Whether sending the request twice has the effect of sending it once (`GET`, `PUT`,
    /// `DELETE`): such requests are retried after server errors and lost connections.
    pub const fn is_idempotent(self) -> bool {
        matches!(self, Self::Get | Self::Put | Self::Delete)
    }

    pub(crate) fn to_http(self) -> http::Method {
        match self {
            Self::Get => http::Method::GET,
            Self::Post => http::Method::POST,
            Self::Put => http::Method::PUT,
            Self::Patch => http::Method::PATCH,
            Self::Delete => http::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the API: its method, its path template and its name in Discord's OpenAPI
/// description (`operationId`).
///
/// ```
/// use accord_http::request::channel::message::CreateMessage;
/// use accord_http::routing::Method;
///
/// assert_eq!(CreateMessage::ROUTE.method, Method::Post);
/// assert_eq!(CreateMessage::ROUTE.template, "/channels/{channel_id}/messages");
/// assert_eq!(CreateMessage::ROUTE.operation, "create_message");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Route {
    /// The HTTP method.
    pub method: Method,
    /// The path after the API base, with `{name}` for each parameter.
    pub template: &'static str,
    /// The operation's name, Discord's `operationId`; the client method has the same name.
    pub operation: &'static str,
}

impl Route {
    /// A route.
    pub const fn new(method: Method, template: &'static str, operation: &'static str) -> Self {
        Self { method, template, operation }
    }

    /// The path with each `{parameter}` replaced, in order, by the percent-encoded parameter.
    ///
    /// # Panics
    ///
    /// In debug builds, if the number of parameters does not match the template.
    pub fn path(&self, params: &[&dyn PathParam]) -> String {
        let mut out = String::with_capacity(self.template.len() + 16 * params.len());
        let mut params = params.iter();
        let mut rest = self.template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = rest[start..].find('}').map_or(rest.len(), |end| start + end + 1);
            match params.next() {
                Some(param) => param.push_encoded(&mut out),
                None => debug_assert!(false, "missing parameter for {}", self.template),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        debug_assert!(params.next().is_none(), "too many parameters for {}", self.template);
        out
    }

    /// How well `path` (without query) matches this route's template: `None` if it does not,
    /// else the number of literal segments, so the most specific route can win
    /// (`/users/@me` over `/users/{user_id}`).
    pub fn match_path(&self, path: &str) -> Option<usize> {
        let mut literal = 0;
        let mut template = self.template.split('/');
        let mut actual = path.split('/');
        loop {
            match (template.next(), actual.next()) {
                (None, None) => return Some(literal),
                (Some(t), Some(a)) if t.starts_with('{') && t.ends_with('}') => {
                    if a.is_empty() {
                        return None;
                    }
                }
                (Some(t), Some(a)) if t == a => literal += usize::from(!t.is_empty()),
                _ => return None,
            }
        }
    }

    /// The route of the table that best matches a method and a path, if any.
    pub fn find(method: Method, path: &str) -> Option<&'static Route> {
        let path = path.split('?').next().unwrap_or_default();
        routes()
            .filter(|route| route.method == method)
            .filter_map(|route| route.match_path(path).map(|score| (score, route)))
            .max_by_key(|(score, _)| *score)
            .map(|(_, route)| route)
    }

    /// The major parameter of a request to this route with the given path, if the route has one.
    pub fn major(&self, path: &str) -> Option<Major> {
        major_of(self.template, path)
    }

    /// Whether requests to this route never count toward the global rate limit: interaction
    /// callbacks. (Interaction followups share the webhook routes; their requests are marked
    /// exempt by the builders that create them.)
    pub fn is_global_exempt(&self) -> bool {
        self.template.starts_with("/interactions/")
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.template)
    }
}

/// A value that can stand for a `{parameter}` of a path: ids, numbers, text, and
/// [`Secret`] tokens (whose value goes into the path, never into logs).
pub trait PathParam {
    /// The parameter as text, before percent-encoding.
    fn path_segment(&self) -> Cow<'_, str>;

    /// Appends the parameter to a path, percent-encoded. The default encodes
    /// [`path_segment`](Self::path_segment); numbers write their digits without allocating.
    fn push_encoded(&self, path: &mut String) {
        encode::push_path_segment(path, &self.path_segment());
    }
}

macro_rules! display_path_param {
    ($($ty:ty),*) => {$(
        impl PathParam for $ty {
            fn path_segment(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }

            fn push_encoded(&self, path: &mut String) {
                // Digits and `-` need no encoding.
                path.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}

display_path_param!(u8, u16, u32, u64, i64);

impl<M> PathParam for Id<M> {
    fn path_segment(&self) -> Cow<'_, str> {
        Cow::Owned(self.get().to_string())
    }

    fn push_encoded(&self, path: &mut String) {
        path.push_str(itoa::Buffer::new().format(self.get()));
    }
}

impl PathParam for str {
    fn path_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PathParam for String {
    fn path_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl PathParam for Secret {
    fn path_segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose())
    }
}

impl<T: PathParam + ?Sized> PathParam for &T {
    fn path_segment(&self) -> Cow<'_, str> {
        (**self).path_segment()
    }

    fn push_encoded(&self, path: &mut String) {
        (**self).push_encoded(path);
    }
}

/// The top-level resource of a request, which Discord counts rate limits per: a request to
/// `/channels/1/messages` and one to `/channels/2/messages` use separate limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Major {
    /// A channel id.
    Channel(u64),
    /// A guild id.
    Guild(u64),
    /// A webhook id, with a hash of the webhook token when the path has one (the token itself
    /// is never kept).
    Webhook {
        /// The webhook (or application, for interaction followups) id.
        id: u64,
        /// A hash of the token.
        token_hash: Option<u64>,
    },
    /// An interaction id (interaction callbacks).
    Interaction(u64),
}

/// The major parameter for a path built from a template.
pub(crate) fn major_of(template: &str, path: &str) -> Option<Major> {
    // `/{resource}/{parameter}[/{second}...]`: only the first two segments matter.
    let (resource, template_rest) = template.strip_prefix('/')?.split_once('/')?;
    if !template_rest.starts_with('{') {
        return None;
    }
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let (_, path_rest) = path.strip_prefix('/')?.split_once('/')?;
    let (segment, path_rest) = path_rest.split_once('/').unwrap_or((path_rest, ""));
    if segment.is_empty() {
        return None;
    }
    let id = number_or_hash(segment);
    match resource {
        "channels" => Some(Major::Channel(id)),
        "guilds" => Some(Major::Guild(id)),
        "webhooks" => {
            let second_is_token = template_rest.split_once('/').is_some_and(|(_, rest)| {
                rest.split('/').next().is_some_and(|s| s.ends_with("_token}"))
            });
            let token = path_rest.split('/').next().filter(|token| !token.is_empty());
            Some(Major::Webhook {
                id,
                token_hash: second_is_token.then(|| token.map(hash)).flatten(),
            })
        }
        "interactions" => Some(Major::Interaction(id)),
        _ => None,
    }
}

fn number_or_hash(segment: &str) -> u64 {
    segment.parse().unwrap_or_else(|_| hash(segment))
}

fn hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Every route the client implements, one per operation, in the order of the modules of
/// [`request`](crate::request).
pub fn routes() -> impl Iterator<Item = &'static Route> {
    crate::request::ROUTES.iter().flat_map(|group| group.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::{Major, Method, Route, major_of, routes};
    use std::collections::HashSet;

    const MEMBER: Route =
        Route::new(Method::Get, "/guilds/{guild_id}/members/{user_id}", "get_guild_member");

    #[test]
    fn paths_substitute_and_encode_parameters() {
        assert_eq!(MEMBER.path(&[&1_u64, &"a b/c"]), "/guilds/1/members/a%20b%2Fc");
        let token = accord_model::util::Secret::new("t0k");
        assert_eq!(Route::new(Method::Get, "/w/{webhook_token}", "x").path(&[&token]), "/w/t0k");
        let reaction = Route::new(Method::Put, "/r/{emoji_name}/@me", "x");
        assert_eq!(reaction.path(&[&"name:123"]), "/r/name:123/@me");
        assert_eq!(reaction.path(&[&"👍"]), "/r/%F0%9F%91%8D/@me");
    }

    #[test]
    fn matching_prefers_literal_segments() {
        assert_eq!(MEMBER.match_path("/guilds/1/members/2"), Some(2));
        assert_eq!(MEMBER.match_path("/guilds/1/members/@me"), Some(2));
        assert_eq!(MEMBER.match_path("/guilds/1/members"), None);
        assert_eq!(MEMBER.match_path("/guilds/1/members/2/roles"), None);
        let me = Route::find(Method::Patch, "/guilds/1/members/@me?x=1").unwrap();
        assert_eq!(me.operation, "update_my_guild_member");
        let other = Route::find(Method::Patch, "/guilds/1/members/5").unwrap();
        assert_eq!(other.operation, "update_guild_member");
    }

    #[test]
    fn majors_come_from_top_level_resources() {
        assert_eq!(major_of(MEMBER.template, "/guilds/7/members/2"), Some(Major::Guild(7)));
        assert_eq!(major_of("/channels/{channel_id}", "/channels/9"), Some(Major::Channel(9)));
        assert_eq!(major_of("/users/{user_id}", "/users/9"), None);
        assert_eq!(major_of("/channels/{channel_id}", "/channels"), None);
        let with_token = major_of("/webhooks/{webhook_id}/{webhook_token}", "/webhooks/3/s3cr3t");
        let other_token = major_of("/webhooks/{webhook_id}/{webhook_token}", "/webhooks/3/t0ken");
        let no_token = major_of("/webhooks/{webhook_id}", "/webhooks/3");
        assert!(matches!(with_token, Some(Major::Webhook { id: 3, token_hash: Some(_) })));
        assert_ne!(with_token, other_token);
        assert_eq!(no_token, Some(Major::Webhook { id: 3, token_hash: None }));
        assert!(!format!("{with_token:?}").contains("s3cr3t"));
    }

    #[test]
    fn the_table_has_one_route_per_operation_and_template() {
        let mut operations = HashSet::new();
        let mut templates = HashSet::new();
        for route in routes() {
            assert!(operations.insert(route.operation), "{} twice", route.operation);
            assert!(templates.insert((route.method, route.template)), "{route} twice");
            assert!(route.template.starts_with('/'), "{route}");
            assert_eq!(
                Route::find(route.method, route.template).map(|r| r.operation),
                Some(route.operation),
                "{route} does not find itself"
            );
        }
        assert!(operations.len() > 185, "only {} routes", operations.len());
    }
}
