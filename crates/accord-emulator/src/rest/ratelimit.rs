//! REST rate limits as Discord applies them: per-route buckets counted per major parameter
//! (some shared between routes), a global limit per token, the invalid request counter, and
//! shared-scope limits injected by tests.
//!
//! Every decision takes `now` from the caller, so the logic is tested with made-up instants.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::router::Route;
use crate::config::{Bucket, RateLimits};

/// The scope of a 429, sent as `X-RateLimit-Scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The caller's own per-route limit.
    User,
    /// The caller's global limit (or the invalid request ban).
    Global,
    /// A limit on the resource, shared by every caller; does not count as invalid.
    Shared,
}

impl Scope {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Global => "global",
            Self::Shared => "shared",
        }
    }
}

/// The state of a bucket after a request, for the `X-RateLimit-*` headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BucketState {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) reset_after: Duration,
    pub(crate) hash: String,
}

/// A refused request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Limited {
    pub(crate) scope: Scope,
    pub(crate) retry_after: Duration,
    pub(crate) bucket: Option<BucketState>,
}

/// What the limiter decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Go ahead; the bucket state is `None` when limits are off.
    Allowed(Option<BucketState>),
    Limited(Limited),
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    count: u32,
}

impl Window {
    /// The window as of `now`: a fresh one once `length` has passed.
    fn current(&mut self, now: Instant, length: Duration) -> &mut Self {
        if now.saturating_duration_since(self.start) >= length {
            *self = Self { start: now, count: 0 };
        }
        self
    }

    fn reset_after(&self, now: Instant, length: Duration) -> Duration {
        (self.start + length).saturating_duration_since(now)
    }
}

#[derive(Debug, Clone, Copy)]
struct SharedFault {
    remaining: u32,
    retry_after: Duration,
}

#[derive(Debug, Default)]
struct State {
    buckets: HashMap<(String, String), Window>,
    global: Option<Window>,
    invalid: VecDeque<Instant>,
    shared: HashMap<String, SharedFault>,
}

/// The limiter of one emulator.
#[derive(Debug)]
pub(crate) struct Limiter {
    enabled: bool,
    global_per_second: Option<u32>,
    default: Bucket,
    /// Limits by bucket key, resolved from the configuration's routes.
    limits: HashMap<String, Bucket>,
    invalid_limit: u32,
    invalid_window: Duration,
    state: Mutex<State>,
}

impl Limiter {
    /// A limiter for a configuration. A configured route gives its limit to its whole bucket;
    /// when two routes of one bucket are configured, the first listed wins.
    pub(crate) fn new(config: &RateLimits, invalid_window: Duration, routes: &[Route]) -> Self {
        let mut limits = HashMap::new();
        for (method, template, bucket) in &config.routes {
            let route = routes.iter().find(|route| {
                route.method.eq_ignore_ascii_case(method)
                    && normalize(route.template) == normalize(template)
            });
            if let Some(route) = route {
                limits.entry(route.bucket_key()).or_insert(*bucket);
            } else {
                tracing::warn!(%method, %template, "rate limit for an unknown route");
            }
        }
        Self {
            enabled: config.enabled,
            global_per_second: config.global_per_second,
            default: config.default_bucket,
            limits,
            invalid_limit: config.invalid_request_limit,
            invalid_window,
            state: Mutex::new(State::default()),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The limit of a route's bucket.
    pub(crate) fn bucket_of(&self, route: &Route) -> Bucket {
        self.limits.get(&route.bucket_key()).copied().unwrap_or(self.default)
    }

    /// Counts a request to `route` for the major parameter `major`, or refuses it.
    pub(crate) fn check(&self, route: &Route, major: &str, global: bool, now: Instant) -> Verdict {
        let key = route.bucket_key();
        let hash = bucket_hash(&key);
        self.with(|state| {
            if let Some(fault) = state.shared.get_mut(&key) {
                fault.remaining = fault.remaining.saturating_sub(1);
                let retry_after = fault.retry_after;
                if fault.remaining == 0 {
                    state.shared.remove(&key);
                }
                return Verdict::Limited(Limited {
                    scope: Scope::Shared,
                    retry_after,
                    bucket: Some(BucketState {
                        limit: self.bucket_of(route).limit,
                        remaining: 0,
                        reset_after: retry_after,
                        hash,
                    }),
                });
            }
            if !self.enabled {
                return Verdict::Allowed(None);
            }
            let bucket = self.bucket_of(route);
            let window = state
                .buckets
                .entry((key, major.to_owned()))
                .or_insert(Window { start: now, count: 0 })
                .current(now, bucket.window);
            let reset_after = window.reset_after(now, bucket.window);
            if window.count >= bucket.limit {
                return Verdict::Limited(Limited {
                    scope: Scope::User,
                    retry_after: reset_after,
                    bucket: Some(BucketState {
                        limit: bucket.limit,
                        remaining: 0,
                        reset_after,
                        hash,
                    }),
                });
            }
            if let (true, Some(per_second)) = (global, self.global_per_second) {
                let second = Duration::from_secs(1);
                let global = state
                    .global
                    .get_or_insert(Window { start: now, count: 0 })
                    .current(now, second);
                if global.count >= per_second {
                    return Verdict::Limited(Limited {
                        scope: Scope::Global,
                        retry_after: global.reset_after(now, second),
                        bucket: None,
                    });
                }
                global.count += 1;
            }
            window.count += 1;
            Verdict::Allowed(Some(BucketState {
                limit: bucket.limit,
                remaining: bucket.limit - window.count,
                reset_after,
                hash,
            }))
        })
    }

    /// Counts an invalid response (401, 403, or a 429 other than shared).
    pub(crate) fn record_invalid(&self, now: Instant) {
        self.with(|state| {
            state.invalid.push_back(now);
            Self::expire(state, now, self.invalid_window);
        });
    }

    fn expire(state: &mut State, now: Instant, window: Duration) {
        while state.invalid.front().is_some_and(|t| now.saturating_duration_since(*t) >= window) {
            state.invalid.pop_front();
        }
    }

    /// While the invalid requests of the window exceed the limit, how long until they no
    /// longer do; `None` when requests are let through.
    pub(crate) fn banned(&self, now: Instant) -> Option<Duration> {
        if !self.enabled {
            return None;
        }
        self.with(|state| {
            Self::expire(state, now, self.invalid_window);
            let limit = usize::try_from(self.invalid_limit).unwrap_or(usize::MAX);
            if state.invalid.len() <= limit {
                return None;
            }
            let oldest = state.invalid.get(state.invalid.len() - limit - 1)?;
            Some((*oldest + self.invalid_window).saturating_duration_since(now))
        })
    }

    /// Makes the next `count` requests to the bucket of `route` answer a shared-scope 429.
    pub(crate) fn add_shared_fault(&self, route: &Route, count: u32, retry_after: Duration) {
        if count == 0 {
            return;
        }
        self.with(|state| {
            state.shared.insert(route.bucket_key(), SharedFault { remaining: count, retry_after });
        });
    }
}

/// A template with every `{name}` as `{}`, so parameter names do not matter.
pub(crate) fn normalize(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// A stable, opaque hash of a bucket key, as Discord's `X-RateLimit-Bucket`.
pub(crate) fn bucket_hash(key: &str) -> String {
    let fnv = |seed: u64| {
        key.bytes().fold(seed, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
    };
    format!("{:016x}{:016x}", fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::{Limiter, Scope, Verdict, bucket_hash, normalize};
    use crate::config::{Bucket, RateLimits};
    use crate::rest::router::Route;
    use crate::rest::routes::ROUTES;

    fn route(method: &str, template: &str) -> &'static Route {
        ROUTES.iter().find(|r| r.method == method && r.template == template).unwrap()
    }

    fn limits(limit: u32) -> RateLimits {
        RateLimits {
            enabled: true,
            global_per_second: Some(1000),
            default_bucket: Bucket::new(limit, Duration::from_secs(10)),
            routes: Vec::new(),
            invalid_request_limit: 3,
        }
    }

    fn remaining(verdict: &Verdict) -> Option<u32> {
        match verdict {
            Verdict::Allowed(Some(state)) => Some(state.remaining),
            _ => None,
        }
    }

    #[test]
    fn buckets_count_per_major_parameter_and_reset() {
        let limiter = Limiter::new(&limits(2), Duration::from_secs(60), ROUTES);
        let get = route("GET", "/channels/{channel_id}");
        let t0 = Instant::now();
        assert_eq!(remaining(&limiter.check(get, "channel:1", true, t0)), Some(1));
        assert_eq!(remaining(&limiter.check(get, "channel:1", true, t0)), Some(0));
        let Verdict::Limited(limited) = limiter.check(get, "channel:1", true, t0) else {
            panic!("the third request is limited")
        };
        assert_eq!(limited.scope, Scope::User);
        assert_eq!(limited.retry_after, Duration::from_secs(10));
        assert_eq!(remaining(&limiter.check(get, "channel:2", true, t0)), Some(1));
        let later = t0 + Duration::from_secs(10);
        assert_eq!(remaining(&limiter.check(get, "channel:1", true, later)), Some(1));
    }

    #[test]
    fn routes_of_one_bucket_share_it_and_take_the_first_configured_limit() {
        let mut config = limits(50);
        config.routes = vec![
            (
                "PATCH".into(),
                "/channels/{id}/messages/{id}".into(),
                Bucket::new(1, Duration::from_secs(5)),
            ),
            (
                "DELETE".into(),
                "/channels/{channel_id}/messages/{message_id}".into(),
                Bucket::new(9, Duration::from_secs(1)),
            ),
        ];
        let limiter = Limiter::new(&config, Duration::from_secs(60), ROUTES);
        let edit = route("PATCH", "/channels/{channel_id}/messages/{message_id}");
        let delete = route("DELETE", "/channels/{channel_id}/messages/{message_id}");
        let now = Instant::now();
        assert_eq!(remaining(&limiter.check(edit, "channel:1", true, now)), Some(0));
        assert!(matches!(limiter.check(delete, "channel:1", true, now), Verdict::Limited(_)));
        assert_eq!(edit.bucket_key(), delete.bucket_key());
    }

    #[test]
    fn the_global_limit_spares_token_routes() {
        let mut config = limits(100);
        config.global_per_second = Some(2);
        let limiter = Limiter::new(&config, Duration::from_secs(60), ROUTES);
        let get = route("GET", "/channels/{channel_id}");
        let now = Instant::now();
        for major in ["channel:1", "channel:2"] {
            assert!(matches!(limiter.check(get, major, true, now), Verdict::Allowed(_)));
        }
        let Verdict::Limited(limited) = limiter.check(get, "channel:3", true, now) else {
            panic!("global limit")
        };
        assert_eq!((limited.scope, limited.bucket), (Scope::Global, None));
        assert!(matches!(limiter.check(get, "channel:3", false, now), Verdict::Allowed(_)));
        let next_second = now + Duration::from_secs(1);
        assert!(matches!(limiter.check(get, "channel:4", true, next_second), Verdict::Allowed(_)));
    }

    #[test]
    fn invalid_requests_over_the_limit_ban_until_the_window_moves_on() {
        let limiter = Limiter::new(&limits(10), Duration::from_secs(60), ROUTES);
        let t0 = Instant::now();
        for i in 0..3 {
            limiter.record_invalid(t0 + Duration::from_secs(i));
        }
        assert_eq!(limiter.banned(t0 + Duration::from_secs(3)), None);
        limiter.record_invalid(t0 + Duration::from_secs(3));
        assert_eq!(limiter.banned(t0 + Duration::from_secs(3)), Some(Duration::from_secs(57)));
        assert_eq!(limiter.banned(t0 + Duration::from_secs(60)), None);
    }

    #[test]
    fn shared_faults_answer_then_go_away_even_with_limits_off() {
        let mut config = limits(10);
        config.enabled = false;
        let limiter = Limiter::new(&config, Duration::from_secs(60), ROUTES);
        let get = route("GET", "/channels/{channel_id}");
        limiter.add_shared_fault(get, 2, Duration::from_millis(1500));
        let now = Instant::now();
        for _ in 0..2 {
            let Verdict::Limited(limited) = limiter.check(get, "channel:1", true, now) else {
                panic!("shared fault")
            };
            assert_eq!(limited.scope, Scope::Shared);
            assert_eq!(limited.retry_after, Duration::from_millis(1500));
        }
        assert_eq!(limiter.check(get, "channel:1", true, now), Verdict::Allowed(None));
    }

    #[test]
    fn hashes_are_stable_and_distinct() {
        assert_eq!(bucket_hash("a"), bucket_hash("a"));
        assert_ne!(bucket_hash("a"), bucket_hash("b"));
        assert_eq!(bucket_hash("a").len(), 32);
        assert_eq!(normalize("/a/{x}/b/{y}"), "/a/{}/b/{}");
    }
}
