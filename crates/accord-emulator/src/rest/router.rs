//! Matching a method and a path against the route table: templates are spelled as in Discord's
//! OpenAPI description (`/channels/{channel_id}/messages/{message_id}`), and a literal segment
//! wins over a parameter (`/users/@me` before `/users/{user_id}`).

use std::sync::OnceLock;

use super::call::Call;
use super::error::ApiError;
use super::reply::Reply;
use crate::shared::Shared;

/// What answers a request: synchronous, because every handler only reads or changes the world
/// under its lock.
pub(crate) type Handler = fn(&Shared, &Call) -> Result<Reply, ApiError>;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// Needs `Authorization: Bot <token>` and counts against the global limit.
    Bot,
    /// Authorized by a webhook or interaction token in the path: no bot token needed, and not
    /// bound by the global limit.
    Token,
    /// Open to anyone (`GET /gateway`); counts against the global limit.
    Public,
}

/// One REST operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route {
    pub(crate) method: &'static str,
    pub(crate) template: &'static str,
    /// The operation's id in Discord's OpenAPI description.
    pub(crate) operation: &'static str,
    pub(crate) handler: Handler,
    /// Routes with the same bucket key share one rate-limit bucket (per major parameter);
    /// `None` gives the route a bucket of its own.
    pub(crate) bucket: Option<&'static str>,
    pub(crate) access: Access,
}

impl Route {
    /// A route for bot-token callers with a bucket of its own.
    pub(crate) const fn new(
        method: &'static str,
        template: &'static str,
        operation: &'static str,
        handler: Handler,
    ) -> Self {
        Self { method, template, operation, handler, bucket: None, access: Access::Bot }
    }

    /// Shares the bucket `key` with the other routes that name it.
    pub(crate) const fn bucket(mut self, key: &'static str) -> Self {
        self.bucket = Some(key);
        self
    }

    /// Authorized by the token in its path.
    pub(crate) const fn token(mut self) -> Self {
        self.access = Access::Token;
        self
    }

    /// Needs no authorization.
    pub(crate) const fn public(mut self) -> Self {
        self.access = Access::Public;
        self
    }

    /// The key of the route's bucket.
    pub(crate) fn bucket_key(&self) -> String {
        match self.bucket {
            Some(key) => key.to_owned(),
            None => format!("{} {}", self.method, self.template),
        }
    }

    /// The major parameter values of a matched request: limits are counted per bucket and per
    /// channel, guild, webhook (with its token) or interaction.
    pub(crate) fn major(params: &[(&'static str, String)]) -> String {
        let get = |name: &str| params.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        if let Some(channel) = get("channel_id") {
            return format!("channel:{channel}");
        }
        if let Some(guild) = get("guild_id") {
            return format!("guild:{guild}");
        }
        if let Some(webhook) = get("webhook_id") {
            return format!("webhook:{webhook}:{}", get("webhook_token").unwrap_or_default());
        }
        if let Some(interaction) = get("interaction_id") {
            return format!("interaction:{interaction}");
        }
        String::new()
    }
}

/// A compiled template: literal segments and parameter names.
#[derive(Debug)]
struct Compiled {
    route: &'static Route,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segment {
    Literal(&'static str),
    Param(&'static str),
}

/// The outcome of matching a request.
#[derive(Debug)]
pub(crate) enum Match {
    Found(&'static Route, Vec<(&'static str, String)>),
    /// The path exists but not with this method.
    WrongMethod,
    NotFound,
}

fn compiled() -> &'static [Compiled] {
    static COMPILED: OnceLock<Vec<Compiled>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let mut compiled: Vec<Compiled> = super::routes::ROUTES
            .iter()
            .map(|route| Compiled {
                route,
                segments: route
                    .template
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                        Some(name) => Segment::Param(name),
                        None => Segment::Literal(s),
                    })
                    .collect(),
            })
            .collect();
        // Literal segments before parameters, position by position, so the most specific
        // template that matches comes first.
        compiled.sort_by_key(|c| {
            c.segments.iter().map(|s| matches!(s, Segment::Param(_))).collect::<Vec<_>>()
        });
        compiled
    })
}

/// Finds the route for a method and a path below the version prefix (`/channels/1`).
pub(crate) fn find(method: &str, path: &str) -> Match {
    let segments: Vec<String> =
        path.split('/').filter(|s| !s.is_empty()).map(percent_decode).collect();
    let mut path_exists = false;
    for candidate in compiled() {
        if candidate.segments.len() != segments.len() {
            continue;
        }
        let mut params = Vec::new();
        let matched =
            candidate.segments.iter().zip(&segments).all(|(template, actual)| match template {
                Segment::Literal(literal) => literal == actual,
                Segment::Param(name) => {
                    params.push((*name, actual.clone()));
                    true
                }
            });
        if !matched {
            continue;
        }
        if candidate.route.method == method {
            return Match::Found(candidate.route, params);
        }
        path_exists = true;
    }
    if path_exists { Match::WrongMethod } else { Match::NotFound }
}

/// Decodes `%XX` escapes (emoji in reaction routes, tokens); invalid escapes stay as written.
pub(crate) fn percent_decode(input: &str) -> String {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut rest = input.as_bytes();
    let mut out = Vec::with_capacity(rest.len());
    while let [first, tail @ ..] = rest {
        if *first == b'%'
            && let [high, low, after @ ..] = tail
            && let (Some(high), Some(low)) = (hex(*high), hex(*low))
        {
            #[allow(clippy::cast_possible_truncation, reason = "two hex digits fit a byte")]
            out.push((high * 16 + low) as u8);
            rest = after;
            continue;
        }
        out.push(*first);
        rest = tail;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{Match, find, percent_decode};

    fn found(method: &str, path: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
        match find(method, path) {
            Match::Found(route, params) => Some((route.template, params)),
            _ => None,
        }
    }

    #[test]
    fn literal_segments_win_over_parameters() {
        assert_eq!(found("GET", "/users/@me").unwrap().0, "/users/@me");
        assert_eq!(found("GET", "/users/42").unwrap().0, "/users/{user_id}");
        let (template, params) = found("POST", "/channels/1/messages/bulk-delete").unwrap();
        assert_eq!(template, "/channels/{channel_id}/messages/bulk-delete");
        assert_eq!(params, [("channel_id", "1".to_owned())]);
        assert_eq!(
            found("GET", "/webhooks/1/tok/messages/@original").unwrap().0,
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
        );
    }

    #[test]
    fn wrong_methods_and_unknown_paths() {
        assert!(matches!(find("DELETE", "/users/@me"), Match::WrongMethod));
        assert!(matches!(find("GET", "/nothing/here"), Match::NotFound));
        assert!(matches!(find("GET", "/channels"), Match::NotFound));
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(percent_decode("%F0%9F%91%8D"), "👍");
        assert_eq!(percent_decode("name%3A123"), "name:123");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
