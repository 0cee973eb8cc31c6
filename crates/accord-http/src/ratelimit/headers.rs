//! Reading Discord's rate limit headers and 429 bodies.

use std::fmt;
use std::time::Duration;

use http::HeaderMap;
use serde::Deserialize;

/// The scope of a 429 (`X-RateLimit-Scope`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RatelimitScope {
    /// The limit of this bot (per route, or the global limit when `global` is set).
    User,
    /// The global limit of this bot.
    Global,
    /// A limit shared by everyone using the resource; it does not count as an invalid request.
    Shared,
    /// A scope this version does not know.
    Unknown(String),
}

impl RatelimitScope {
    /// Parses a header value.
    pub fn parse(value: &str) -> Self {
        match value {
            "user" => Self::User,
            "global" => Self::Global,
            "shared" => Self::Shared,
            other => Self::Unknown(other.to_owned()),
        }
    }

    /// The header value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::User => "user",
            Self::Global => "global",
            Self::Shared => "shared",
            Self::Unknown(other) => other,
        }
    }
}

impl fmt::Display for RatelimitScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a response says about rate limits: the `X-RateLimit-*` and `Retry-After` headers and,
/// for a 429, its JSON body.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct RatelimitHeaders {
    /// `X-RateLimit-Bucket`: the bucket's hash, shared by the routes that share a limit.
    pub bucket: Option<String>,
    /// `X-RateLimit-Limit`: requests allowed per window.
    pub limit: Option<u32>,
    /// `X-RateLimit-Remaining`: requests left in the window.
    pub remaining: Option<u32>,
    /// `X-RateLimit-Reset`: when the window ends, in seconds since the Unix epoch.
    pub reset: Option<f64>,
    /// `X-RateLimit-Reset-After`: how long until the window ends.
    pub reset_after: Option<Duration>,
    /// How long to wait after a 429: the body's `retry_after`, else `Retry-After`.
    pub retry_after: Option<Duration>,
    /// `X-RateLimit-Global` (or the body's `global`): the 429 is the global limit.
    pub global: bool,
    /// `X-RateLimit-Scope`.
    pub scope: Option<RatelimitScope>,
}

impl RatelimitHeaders {
    /// Reads the headers of a response. Values that do not parse are left out.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let mut parsed = Self::default();
        // One pass over the few headers of a response costs less than a lookup per name.
        for (name, value) in headers {
            let name = name.as_str();
            let Some(value) = value.to_str().ok() else { continue };
            if name == "retry-after" {
                parsed.retry_after = parse_seconds(value);
                continue;
            }
            let Some(name) = name.strip_prefix("x-ratelimit-") else { continue };
            match name {
                "bucket" => parsed.bucket = Some(value.to_owned()),
                "limit" => parsed.limit = value.parse().ok(),
                "remaining" => parsed.remaining = value.parse().ok(),
                "reset" => {
                    parsed.reset = value.parse::<f64>().ok().filter(|value| value.is_finite());
                }
                "reset-after" => parsed.reset_after = parse_seconds(value),
                "global" => parsed.global = value.eq_ignore_ascii_case("true"),
                "scope" => parsed.scope = Some(RatelimitScope::parse(value)),
                _ => {}
            }
        }
        parsed
    }

    /// Adds what the JSON body of a 429 says: its `retry_after` (more precise than the header)
    /// and `global`. Bodies that are not JSON are ignored.
    pub fn apply_body(&mut self, body: &[u8]) {
        #[derive(Deserialize)]
        struct Body {
            retry_after: Option<f64>,
            #[serde(default)]
            global: bool,
        }
        if let Ok(body) = serde_json::from_slice::<Body>(body) {
            if let Some(retry_after) = body.retry_after.and_then(duration_from_seconds) {
                self.retry_after = Some(retry_after);
            }
            self.global |= body.global;
        }
    }

    /// Takes `X-RateLimit-Reset-After` (milliseconds) for the wait of a 429 when `Retry-After`
    /// (whole seconds, rounded up) is that same wait rounded, so the wait is known precisely
    /// before the body is read. A `Retry-After` that says more is kept.
    pub(crate) fn sharpen_retry_after(&mut self) {
        if let (Some(retry_after), Some(reset_after)) = (self.retry_after, self.reset_after)
            && reset_after <= retry_after
            && retry_after < reset_after + Duration::from_secs(1)
        {
            self.retry_after = Some(reset_after);
        }
    }

    /// Whether the headers describe a per-route limit (limit, remaining and reset-after all
    /// present).
    pub fn has_limits(&self) -> bool {
        self.limit.is_some() && self.remaining.is_some() && self.reset_after.is_some()
    }

    /// Whether a 429 with these headers is the global limit.
    pub fn is_global(&self) -> bool {
        self.global || self.scope == Some(RatelimitScope::Global)
    }

    /// How long a 429 with these headers asks to wait: `retry_after`, else the reset, else one
    /// second.
    pub fn wait(&self) -> Duration {
        self.retry_after.or(self.reset_after).unwrap_or(Duration::from_secs(1))
    }
}

fn parse_seconds(text: &str) -> Option<Duration> {
    duration_from_seconds(text.trim().parse().ok()?)
}

fn duration_from_seconds(seconds: f64) -> Option<Duration> {
    // Anything past a day is not a rate limit we should sleep through silently; cap it.
    Duration::try_from_secs_f64(seconds).ok().map(|wait| wait.min(Duration::from_secs(86_400)))
}

#[cfg(test)]
mod tests {
    use super::{RatelimitHeaders, RatelimitScope};
    use http::HeaderMap;
    use std::time::Duration;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (name.parse().unwrap(), value.parse().unwrap())).collect()
    }

    #[test]
    fn reads_every_header() {
        let parsed = RatelimitHeaders::from_headers(&headers(&[
            ("X-RateLimit-Limit", "5"),
            ("X-RateLimit-Remaining", "4"),
            ("X-RateLimit-Reset", "1470173023.123"),
            ("X-RateLimit-Reset-After", "1.25"),
            ("X-RateLimit-Bucket", "abcd1234"),
            ("X-RateLimit-Global", "true"),
            ("X-RateLimit-Scope", "shared"),
            ("Retry-After", "2"),
        ]));
        assert_eq!(parsed.limit, Some(5));
        assert_eq!(parsed.remaining, Some(4));
        assert_eq!(parsed.reset, Some(1_470_173_023.123));
        assert_eq!(parsed.reset_after, Some(Duration::from_millis(1250)));
        assert_eq!(parsed.bucket.as_deref(), Some("abcd1234"));
        assert!(parsed.global && parsed.has_limits() && parsed.is_global());
        assert_eq!(parsed.scope, Some(RatelimitScope::Shared));
        assert_eq!(parsed.wait(), Duration::from_secs(2));
    }

    #[test]
    fn the_body_refines_retry_after() {
        let mut parsed = RatelimitHeaders::from_headers(&headers(&[("Retry-After", "65")]));
        parsed.apply_body(
            br#"{"message":"You are being rate limited.","retry_after":64.57,"global":false}"#,
        );
        assert_eq!(parsed.retry_after, Some(Duration::from_secs_f64(64.57)));
        assert!(!parsed.is_global());
        parsed.apply_body(b"not json");
        assert_eq!(parsed.retry_after, Some(Duration::from_secs_f64(64.57)));
    }

    #[test]
    fn garbage_is_ignored() {
        let parsed = RatelimitHeaders::from_headers(&headers(&[
            ("X-RateLimit-Limit", "many"),
            ("X-RateLimit-Reset-After", "-3"),
            ("Retry-After", "NaN"),
        ]));
        assert_eq!(parsed, RatelimitHeaders::default());
        assert_eq!(parsed.wait(), Duration::from_secs(1));
    }
}
