//! A small fake Discord on 127.0.0.1: it records every request, enforces per-bucket windows
//! with Discord's rate limit headers (answering 429 when a client exceeds them, and counting
//! those), and lets a test script any other answer.
#![allow(dead_code, reason = "each test file uses part of it")]

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The API prefix of the fake, as Discord's.
pub(crate) const PREFIX: &str = "/api/v10";

/// A request as the fake received it.
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    /// The path after `/api/v10`.
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) at: Instant,
}

impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// A scripted answer.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) delay: Duration,
}

impl Reply {
    pub(crate) fn new(status: u16, body: &str) -> Self {
        Self { status, headers: Vec::new(), body: body.as_bytes().to_vec(), delay: Duration::ZERO }
    }

    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub(crate) fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// A 429 as Discord sends it.
    pub(crate) fn too_many(retry_after: f64, scope: &str, global: bool) -> Self {
        let body = format!(
            r#"{{"message":"You are being rate limited.","retry_after":{retry_after},"global":{global}}}"#
        );
        let mut reply = Self::new(429, &body)
            .header("retry-after", format!("{}", retry_after.ceil()))
            .header("x-ratelimit-scope", scope);
        if global {
            reply = reply.header("x-ratelimit-global", "true");
        }
        reply
    }
}

type Handler = Box<dyn FnMut(&Recorded) -> Option<Reply> + Send>;

/// A per-route limit: `limit` requests per `window`, per major parameter.
#[allow(clippy::struct_field_names, reason = "Discord's own word for it")]
struct Limit {
    method: &'static str,
    template: &'static str,
    bucket: &'static str,
    limit: u32,
    window: Duration,
}

struct Window {
    end: Instant,
    end_epoch: String,
    count: u32,
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    served_429: usize,
    limits: Vec<Limit>,
    windows: HashMap<String, Window>,
    handler: Option<Handler>,
}

pub(crate) struct FakeDiscord {
    pub(crate) addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The first path parameter matched by `template`, if `path` matches it.
fn match_template(template: &str, path: &str) -> Option<String> {
    let (t, p): (Vec<_>, Vec<_>) = (template.split('/').collect(), path.split('/').collect());
    if t.len() != p.len() {
        return None;
    }
    let mut major = None;
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') {
            major.get_or_insert_with(|| (*p).to_owned());
        } else if t != p {
            return None;
        }
    }
    Some(major.unwrap_or_default())
}

impl FakeDiscord {
    pub(crate) async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| handle(state.clone(), request));
                    let _ =
                        http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        Self { addr, state, task }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://{}{PREFIX}", self.addr)
    }

    /// Limits a route (`template` with `{}` for parameters) to `limit` per `window` and major.
    pub(crate) fn limit(
        &self,
        method: &'static str,
        template: &'static str,
        bucket: &'static str,
        limit: u32,
        window: Duration,
    ) {
        self.lock().limits.push(Limit { method, template, bucket, limit, window });
    }

    /// Scripts answers: the handler's `Some` replaces the default behaviour.
    pub(crate) fn handle(&self, handler: impl FnMut(&Recorded) -> Option<Reply> + Send + 'static) {
        self.lock().handler = Some(Box::new(handler));
    }

    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    pub(crate) fn served_429(&self) -> usize {
        self.lock().served_429
    }
}

fn epoch_seconds(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64()
}

fn answer(state: &mut State, recorded: &Recorded) -> Reply {
    if let Some(handler) = &mut state.handler
        && let Some(reply) = handler(recorded)
    {
        if reply.status == 429 {
            state.served_429 += 1;
        }
        return reply;
    }
    let limit = state.limits.iter().find_map(|limit| {
        (limit.method == recorded.method)
            .then(|| match_template(limit.template, &recorded.path))
            .flatten()
            .map(|major| (limit, major))
    });
    let Some((limit, major)) = limit else {
        return Reply::new(200, "{}");
    };
    let now = recorded.at;
    let key = format!("{}:{major}", limit.bucket);
    let window =
        state.windows.entry(key).or_insert(Window { end: now, end_epoch: String::new(), count: 0 });
    if now >= window.end {
        window.end = now + limit.window;
        window.end_epoch = format!("{:.3}", epoch_seconds(SystemTime::now() + limit.window));
        window.count = 0;
    }
    window.count += 1;
    let left = window.end.saturating_duration_since(now);
    // Rounded up to the millisecond, so a client waiting this long is never early.
    let millis = left.as_micros().div_ceil(1000);
    let reset_after = format!("{}.{:03}", millis / 1000, millis % 1000);
    let over = window.count > limit.limit;
    let reply = if over {
        state.served_429 += 1;
        Reply::too_many(left.as_secs_f64(), "user", false)
    } else {
        Reply::new(200, "{}")
    };
    reply
        .header("x-ratelimit-limit", limit.limit.to_string())
        .header("x-ratelimit-remaining", limit.limit.saturating_sub(window.count).to_string())
        .header("x-ratelimit-reset", window.end_epoch.clone())
        .header("x-ratelimit-reset-after", reset_after)
        .header("x-ratelimit-bucket", limit.bucket)
}

async fn handle(
    state: Arc<Mutex<State>>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let at = Instant::now();
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(http_body_util::Collected::to_bytes).unwrap_or_default();
    let path = parts.uri.path().strip_prefix(PREFIX).unwrap_or(parts.uri.path()).to_owned();
    let recorded = Recorded {
        method: parts.method.to_string(),
        path,
        query: parts.uri.query().unwrap_or_default().to_owned(),
        headers: parts.headers,
        body,
        at,
    };
    let reply = {
        let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
        let reply = answer(&mut state, &recorded);
        state.requests.push(recorded);
        reply
    };
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("content-type", "application/json");
    for (name, value) in reply.headers {
        response = response.header(name, value);
    }
    Ok(response.body(Full::new(Bytes::from(reply.body))).expect("a valid response"))
}
