//! The REST API under `/api/v10` (and `/api/v9`): routing, authorization, rate limits, faults,
//! Discord's error bodies, and one handler per operation.

mod call;
mod common;
mod endpoint;
mod error;
pub(crate) mod handle;
mod invoke;
mod multipart;
mod ratelimit;
mod reply;
mod router;
mod routes;

mod applications;
mod bans;
mod channels;
mod commands;
mod events;
mod expressions;
mod guilds;
mod interactions;
mod invites;
mod members;
mod messages;
mod reactions;
mod roles;
mod threads;
mod users;
mod validate;
mod webhooks;

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;

use self::call::Call;
pub use self::endpoint::{
    EndpointError, EndpointErrorKind, InteractionFailure, Probe, ProbeReport,
};
use self::error::ApiError;
pub use self::handle::{
    CommandCall, InteractionError, InteractionOutcome, PendingInteraction, RestRoute, rest_routes,
};
use self::ratelimit::{BucketState, Limiter, Scope, Verdict};
use self::reply::Reply;
use self::router::{Access, Match, Route};
use crate::config::Config;
use crate::server::Body;
use crate::shared::Shared;

/// The largest body the emulator reads (Discord allows uploads of a few tens of megabytes).
const MAX_BODY: usize = 32 * 1024 * 1024;

/// REST-side state shared by every request: the rate limiter, injected faults and per-route
/// counters.
#[derive(Debug)]
pub(crate) struct RestState {
    limiter: Limiter,
    faults: Mutex<VecDeque<StatusCode>>,
    by_operation: Mutex<HashMap<&'static str, u64>>,
    /// The application's key pair and the runtime of deliveries to its interactions endpoint.
    pub(crate) endpoint: endpoint::Endpoint,
}

impl RestState {
    pub(crate) fn new(config: &Config) -> Self {
        Self {
            limiter: Limiter::new(
                &config.rate_limits,
                config.timings.invalid_request_window,
                routes::ROUTES,
            ),
            faults: Mutex::new(VecDeque::new()),
            by_operation: Mutex::new(HashMap::new()),
            endpoint: endpoint::Endpoint::new(config),
        }
    }

    /// Fails the next `count` requests with `status`.
    pub(crate) fn push_faults(&self, count: u32, status: StatusCode) {
        let mut faults = self.faults.lock().unwrap_or_else(PoisonError::into_inner);
        faults.extend(std::iter::repeat_n(status, usize::try_from(count).unwrap_or(0)));
    }

    fn take_fault(&self) -> Option<StatusCode> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner).pop_front()
    }

    fn count(&self, operation: &'static str) {
        *self
            .by_operation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(operation)
            .or_default() += 1;
    }

    /// Makes the next `count` requests to the bucket of `route` answer a shared-scope 429.
    pub(crate) fn limiter_fault(&self, route: &Route, count: u32, retry_after: Duration) {
        self.limiter.add_shared_fault(route, count, retry_after);
    }

    /// How many requests reached an operation (by its OpenAPI id).
    pub(crate) fn requests_to(&self, operation: &str) -> u64 {
        self.by_operation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(operation)
            .copied()
            .unwrap_or(0)
    }
}

/// The implemented routes, in table order.
pub(crate) fn route_table() -> &'static [Route] {
    routes::ROUTES
}

/// Answers a REST request, after the configured latency.
pub(crate) async fn handle(shared: Arc<Shared>, request: Request<Incoming>) -> Response<Body> {
    let number = shared.counters.rest_requests.fetch_add(1, Ordering::Relaxed);
    let response = answer(&shared, request).await;
    let delay = shared.config.rest_latency.delay(number);
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    response
}

async fn answer(shared: &Shared, request: Request<Incoming>) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            let too_large = error.downcast_ref::<http_body_util::LengthLimitError>().is_some();
            return if too_large {
                error_response(&ApiError::code(40005))
            } else {
                tracing::debug!(%error, "could not read a request body");
                error_response(&ApiError::status(StatusCode::BAD_REQUEST))
            };
        }
    };
    let response = respond(shared, &parts, body).await;
    tracing::debug!(
        method = %parts.method,
        path = parts.uri.path(),
        status = response.status().as_u16(),
        "rest request"
    );
    response
}

async fn respond(shared: &Shared, parts: &Parts, body: Bytes) -> Response<Body> {
    let now = Instant::now();
    let rest = &shared.rest;
    if let Some(status) = rest.take_fault() {
        return error_response(&ApiError::status(status));
    }
    if let Some(retry_after) = rest.limiter.banned(now) {
        shared.counters.rate_limited.fetch_add(1, Ordering::Relaxed);
        return limited_response(Scope::Global, retry_after, None, true);
    }
    let path = parts.uri.path();
    let path =
        path.strip_prefix("/api/v10").or_else(|| path.strip_prefix("/api/v9")).unwrap_or(path);
    let (route, params) = match router::find(parts.method.as_str(), path) {
        Match::Found(route, params) => (route, params),
        Match::WrongMethod => {
            return error_response(&ApiError::status(StatusCode::METHOD_NOT_ALLOWED));
        }
        Match::NotFound => return error_response(&ApiError::status(StatusCode::NOT_FOUND)),
    };
    rest.count(route.operation);
    if route.access == Access::Bot && !authorized(shared, parts) {
        invalid(shared, now);
        return error_response(&ApiError::status(StatusCode::UNAUTHORIZED));
    }
    let major = Route::major(&params);
    let bucket = match rest.limiter.check(route, &major, route.access != Access::Token, now) {
        Verdict::Allowed(bucket) => bucket,
        Verdict::Limited(limited) => {
            shared.counters.rate_limited.fetch_add(1, Ordering::Relaxed);
            if limited.scope != Scope::Shared {
                invalid(shared, now);
            }
            return limited_response(
                limited.scope,
                limited.retry_after,
                limited.bucket.as_ref(),
                false,
            );
        }
    };
    let call = match build_call(params, parts, body) {
        Ok(call) => call,
        Err(error) => return with_bucket(error_response(&error), bucket.as_ref()),
    };
    // Setting an interactions endpoint URL waits for its verification, as on Discord.
    if let Err(error) = applications::verify_endpoint(shared, route.operation, &call).await {
        return with_bucket(error_response(&error), bucket.as_ref());
    }
    let span = tracing::debug_span!("rest", operation = route.operation);
    let answer = span.in_scope(|| (route.handler)(shared, &call));
    let response = match answer {
        Ok(Reply::Json(status, bytes)) => json_bytes(status, bytes),
        Ok(Reply::NoContent) => {
            let mut response = Response::new(Full::new(Bytes::new()));
            *response.status_mut() = StatusCode::NO_CONTENT;
            response
        }
        Err(error) => {
            if matches!(error.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
                invalid(shared, now);
            }
            error_response(&error)
        }
    };
    with_bucket(response, bucket.as_ref())
}

fn invalid(shared: &Shared, now: Instant) {
    shared.counters.invalid_requests.fetch_add(1, Ordering::Relaxed);
    shared.rest.limiter.record_invalid(now);
}

fn authorized(shared: &Shared, parts: &Parts) -> bool {
    parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bot "))
        .is_some_and(|token| token.trim() == shared.config.token)
}

fn build_call(
    params: Vec<(&'static str, String)>,
    parts: &Parts,
    body: Bytes,
) -> Result<Call, ApiError> {
    let query = parts
        .uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (router::percent_decode(key), router::percent_decode(&value.replace('+', " ")))
        })
        .collect();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let mut call = Call {
        params,
        query,
        headers: parts.headers.clone(),
        json: None,
        form_fields: Vec::new(),
        uploads: Vec::new(),
    };
    if let Some(boundary) = multipart::boundary(content_type) {
        let parts = multipart::parse(&body, &boundary)
            .map_err(|message| ApiError::form("", "MULTIPART_INVALID", message))?;
        for (position, part) in parts.into_iter().enumerate() {
            if part.name == "payload_json" {
                call.json = Some(part.data);
            } else if let Some(index) = upload_index(&part.name, position) {
                call.uploads.push((index, part));
            } else {
                call.form_fields
                    .push((part.name.clone(), String::from_utf8_lossy(&part.data).into_owned()));
            }
        }
    } else if !body.is_empty() {
        call.json = Some(body);
    }
    Ok(call)
}

/// The index of an upload part: `files[n]`, or the legacy `file`, `file1`... names.
fn upload_index(name: &str, position: usize) -> Option<u64> {
    if let Some(index) = name.strip_prefix("files[").and_then(|rest| rest.strip_suffix(']')) {
        return index.parse().ok();
    }
    if name == "file" {
        return Some(0);
    }
    name.strip_prefix("file")
        .and_then(|n| n.parse().ok())
        .or_else(|| name.starts_with("files").then_some(position as u64))
}

fn json_bytes(status: StatusCode, bytes: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(bytes)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

fn error_response(error: &ApiError) -> Response<Body> {
    json_bytes(error.status, serde_json::to_vec(&error.body()).unwrap_or_default())
}

fn seconds(duration: Duration) -> String {
    format!("{:.3}", duration.as_secs_f64())
}

fn insert(response: &mut Response<Body>, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}

fn with_bucket(mut response: Response<Body>, bucket: Option<&BucketState>) -> Response<Body> {
    let Some(bucket) = bucket else { return response };
    let reset =
        SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default() + bucket.reset_after;
    insert(&mut response, "x-ratelimit-limit", &bucket.limit.to_string());
    insert(&mut response, "x-ratelimit-remaining", &bucket.remaining.to_string());
    insert(&mut response, "x-ratelimit-reset", &seconds(reset));
    insert(&mut response, "x-ratelimit-reset-after", &seconds(bucket.reset_after));
    insert(&mut response, "x-ratelimit-bucket", &bucket.hash);
    response
}

fn limited_response(
    scope: Scope,
    retry_after: Duration,
    bucket: Option<&BucketState>,
    banned: bool,
) -> Response<Body> {
    let message = match (scope, banned) {
        (_, true) => {
            "You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently."
        }
        (Scope::Shared, _) => "The resource is being rate limited.",
        _ => "You are being rate limited.",
    };
    let global = scope == Scope::Global;
    let body = serde_json::json!({
        "message": message,
        "retry_after": (retry_after.as_secs_f64() * 1000.0).round() / 1000.0,
        "global": global,
    });
    let mut response =
        json_bytes(StatusCode::TOO_MANY_REQUESTS, serde_json::to_vec(&body).unwrap_or_default());
    if global {
        insert(&mut response, "x-ratelimit-global", "true");
    }
    insert(&mut response, "x-ratelimit-scope", scope.as_str());
    let whole_seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
    insert(&mut response, "retry-after", &whole_seconds.max(1).to_string());
    with_bucket(response, bucket)
}
