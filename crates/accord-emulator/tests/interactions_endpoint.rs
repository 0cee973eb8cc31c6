//! The interactions endpoint as Discord drives it, against a small verifying server written
//! here (hyper on 127.0.0.1, `verify_strict` with the published `verify_key`): signed delivery
//! instead of the gateway, the answer as the initial response, URL verification with
//! Discord's errors, deferral then edit, the 3-second rule and the broken requests on demand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod rest_support;

use std::collections::HashSet;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use accord_emulator::{
    ApplicationKey, CommandCall, Emulator, EndpointErrorKind, InteractionFailure, Probe,
    ProbeReport, StartError,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, UserMarker};
use accord_model::interaction::InteractionCallbackType;
use bytes::Bytes;
use ed25519_dalek::{Signature, SigningKey, VerifyingKey};
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use rest_support::{Gateway, Rest, WAIT, World, builder, timings};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// How the test's endpoint answers interactions other than PING.
#[derive(Debug, Clone)]
enum Reply {
    /// 200 with this JSON body.
    Json(Value),
    /// This status with an empty body.
    Status(u16),
    /// 200 with this Content-Type and body.
    Raw(&'static str, &'static str),
    /// Never answers.
    Hang,
}

/// What the test's endpoint checks and how it answers.
#[derive(Debug, Clone)]
struct Rules {
    check_signature: bool,
    pong: bool,
    /// Refuse timestamps older than this many seconds.
    max_age: Option<u64>,
    refuse_replays: bool,
    reply: Reply,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            check_signature: true,
            pong: true,
            max_age: None,
            refuse_replays: false,
            reply: Reply::Json(json!({ "type": 4, "data": { "content": "pong" } })),
        }
    }
}

/// A request the endpoint received, with the status it answered.
#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: Bytes,
    status: u16,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

struct EndpointState {
    key: VerifyingKey,
    rules: Mutex<Rules>,
    received: Mutex<Vec<Received>>,
    seen: Mutex<HashSet<Vec<u8>>>,
}

/// The bot's side: a verifying interactions endpoint.
struct Endpoint {
    addr: SocketAddr,
    state: Arc<EndpointState>,
}

impl Endpoint {
    /// An endpoint verifying with a `verify_key` as the application object publishes it.
    async fn start(verify_key: &str, rules: Rules) -> Self {
        let key = VerifyingKey::from_bytes(&decode_hex(verify_key).try_into().unwrap()).unwrap();
        Self::with_key(key, rules).await
    }

    async fn with_key(key: VerifyingKey, rules: Rules) -> Self {
        let state = Arc::new(EndpointState {
            key,
            rules: Mutex::new(rules),
            received: Mutex::new(Vec::new()),
            seen: Mutex::new(HashSet::new()),
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let state = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(answer(&state, request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, state }
    }

    fn url(&self) -> String {
        format!("http://{}/interactions", self.addr)
    }

    fn set(&self, change: impl FnOnce(&mut Rules)) {
        change(&mut self.state.rules.lock().unwrap());
    }

    fn received(&self) -> Vec<Received> {
        self.state.received.lock().unwrap().clone()
    }

    /// The requests that were not PINGs.
    fn interactions(&self) -> Vec<Received> {
        self.received().into_iter().filter(|r| r.json()["type"] != 1).collect()
    }
}

fn decode_hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .filter_map(|i| u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok())
        .collect()
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// Whether the signature headers verify over `timestamp ‖ body`, strictly.
fn verified(key: &VerifyingKey, headers: &HeaderMap, body: &[u8]) -> bool {
    let (Some(signature), Some(timestamp)) =
        (header(headers, "x-signature-ed25519"), header(headers, "x-signature-timestamp"))
    else {
        return false;
    };
    let Ok(signature) = <[u8; 64]>::try_from(decode_hex(signature)) else { return false };
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    key.verify_strict(&message, &Signature::from_bytes(&signature)).is_ok()
}

async fn answer(state: &EndpointState, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let rules = state.rules.lock().unwrap().clone();
    let interaction: Value = serde_json::from_slice(&body).unwrap_or_default();
    let json = |value: Value| Some(("application/json", value.to_string()));
    let (status, reply) = if let Some(refused) = decide(state, &rules, &parts.headers, &body) {
        (refused, None)
    } else if interaction["type"] == 1 {
        let pong = if rules.pong { json!({ "type": 1 }) } else { json!({ "ok": true }) };
        (200, json(pong))
    } else {
        match rules.reply {
            Reply::Json(value) => (200, json(value)),
            Reply::Status(status) => (status, None),
            Reply::Raw(content_type, body) => (200, Some((content_type, body.to_owned()))),
            Reply::Hang => {
                let received = Received { headers: parts.headers, body, status: 0 };
                state.received.lock().unwrap().push(received);
                std::future::pending::<()>().await;
                unreachable!()
            }
        }
    };
    state.received.lock().unwrap().push(Received { headers: parts.headers, body, status });
    let (content_type, body) = reply.unwrap_or(("application/json", String::new()));
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap();
    response.headers_mut().insert("content-type", content_type.parse().unwrap());
    response
}

/// The status a check refuses the request with, if one does.
fn decide(state: &EndpointState, rules: &Rules, headers: &HeaderMap, body: &[u8]) -> Option<u16> {
    if rules.check_signature && !verified(&state.key, headers, body) {
        return Some(401);
    }
    let timestamp = header(headers, "x-signature-timestamp").and_then(|t| t.parse::<u64>().ok());
    if let Some(max_age) = rules.max_age
        && timestamp.is_none_or(|t| now().abs_diff(t) > max_age)
    {
        return Some(401);
    }
    if rules.refuse_replays {
        let signature = header(headers, "x-signature-ed25519").unwrap_or_default();
        if !state.seen.lock().unwrap().insert(signature.as_bytes().to_vec()) {
            return Some(401);
        }
    }
    None
}

struct Setup {
    emulator: Emulator,
    rest: Rest,
    world: World,
    endpoint: Endpoint,
    user: Id<UserMarker>,
    general: Id<ChannelMarker>,
}

/// An emulator with `ping` and `search` registered, and an endpoint (not yet set) that
/// verifies with the `verify_key` the application object publishes.
async fn setup(response_deadline: Duration, rules: Rules) -> Setup {
    let mut timings = timings();
    timings.interaction_response = response_deadline;
    let emulator = builder().timings(timings).start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let app = rest.get("/applications/@me").await.expect(200);
    let endpoint = Endpoint::start(app["verify_key"].as_str().unwrap(), rules).await;
    let commands = format!("/applications/{}/commands", world.application);
    rest.post(&commands, &json!({ "name": "ping", "description": "Replies" })).await.expect(201);
    let search = json!({ "name": "search", "description": "Find", "options": [
        { "type": 3, "name": "query", "description": "q", "autocomplete": true, "required": true },
    ]});
    rest.post(&commands, &search).await.expect(201);
    let user = Id::new(world.member.parse().unwrap());
    let general = Id::new(world.general.parse().unwrap());
    Setup { emulator, rest, world, endpoint, user, general }
}

impl Setup {
    async fn set_endpoint(&self) {
        self.emulator.handle().set_interactions_endpoint(&self.endpoint.url()).await.unwrap();
    }

    fn ping(&self) -> CommandCall {
        CommandCall::slash(self.user, self.general, "ping")
    }

    async fn webhook(&self, method: &str, token: &str, rest: &str, body: &Value) -> Value {
        let path = format!("/api/v10/webhooks/{}/{token}{rest}", self.world.application);
        let bytes = body.to_string().into_bytes();
        let response =
            self.rest.raw(method, &path, &[("Content-Type", "application/json")], &bytes).await;
        response.expect(200)
    }
}

#[tokio::test]
async fn the_verify_key_is_published_and_follows_the_seed() {
    let emulator = builder().seed(5).start().await.unwrap();
    let rest = Rest::new(&emulator);
    let key = emulator.verify_key();
    assert_eq!(key.len(), 64);
    assert!(key.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
    for path in ["/applications/@me", "/oauth2/applications/@me"] {
        let app = rest.get(path).await.expect(200);
        assert_eq!(app["verify_key"], key.as_str(), "{path}");
        assert_eq!(app["interactions_endpoint_url"], Value::Null, "{path}");
    }
    let id = emulator.application_id();
    let app = rest.get(&format!("/applications/{id}")).await.expect(200);
    assert_eq!(app["verify_key"], key.as_str());
    assert_eq!(builder().seed(5).start().await.unwrap().verify_key(), key, "same seed, same key");
    assert_ne!(builder().seed(6).start().await.unwrap().verify_key(), key);
    let secret = [42; 32];
    let given =
        builder().application_key(ApplicationKey::from_bytes(secret)).start().await.unwrap();
    let public = SigningKey::from_bytes(&secret).verifying_key();
    assert_eq!(decode_hex(&given.verify_key()), public.as_bytes());
}

#[tokio::test]
async fn deliveries_are_signed_and_their_answer_is_the_initial_response() {
    let s = setup(Duration::from_secs(3), Rules::default()).await;
    let handle = s.emulator.handle();
    let mut gateway = Gateway::connect(&s.emulator).await;
    s.set_endpoint().await;
    assert_eq!(handle.interactions_endpoint(), Some(s.endpoint.url()));
    let app = s.rest.get("/applications/@me").await.expect(200);
    assert_eq!(app["interactions_endpoint_url"], s.endpoint.url().as_str());
    // Verification sent a signed PING (answered PONG) and a forged one (answered 401).
    let checks: Vec<u16> = s.endpoint.received().iter().map(|r| r.status).collect();
    assert_eq!(checks, [200, 401]);

    s.endpoint.set(|r| {
        r.reply = Reply::Json(json!({ "type": 4, "data": { "content": "pong over http" } }));
    });
    let pending = handle.run_command(s.ping()).unwrap();
    let response = pending.response().await.expect("the endpoint's answer");
    assert_eq!(response.kind, InteractionCallbackType::ChannelMessageWithSource);
    let delivered = s.endpoint.interactions();
    let [delivered] = delivered.as_slice() else { panic!("one delivery: {delivered:?}") };
    assert_eq!(delivered.status, 200, "the signature verified with the published key");
    let body = delivered.json();
    assert_eq!(body["id"].as_str().unwrap(), pending.id().to_string());
    assert_eq!(body["token"], pending.token());
    assert_eq!(body["type"], 2);
    assert_eq!(body["data"]["name"], "ping");
    assert_eq!(body["member"]["user"]["id"], s.world.member.as_str());
    let timestamp: u64 =
        header(&delivered.headers, "x-signature-timestamp").unwrap().parse().unwrap();
    assert!(now().abs_diff(timestamp) <= 5, "unix seconds: {timestamp}");
    assert_eq!(header(&delivered.headers, "content-type"), Some("application/json"));
    assert!(header(&delivered.headers, "user-agent").unwrap().starts_with("Discord-Interactions/"));

    // The response went out as a message, and over the gateway came no INTERACTION_CREATE.
    let names = gateway.names_until("MESSAGE_CREATE").await;
    assert!(!names.contains(&"INTERACTION_CREATE".to_owned()), "{names:?}");
    let outcome = pending.outcome();
    assert_eq!((outcome.endpoint_status, outcome.failure), (Some(200), None));
    let original = outcome.original.expect("the response message");
    assert_eq!(original.content, "pong over http");
    assert!(handle.messages(s.general).iter().any(|m| m.id == original.id));
    let path = format!("/webhooks/{}/{}/messages/@original", s.world.application, pending.token());
    assert_eq!(s.rest.get(&path).await.expect(200)["content"], "pong over http");
    let callback = format!("/api/v10/interactions/{}/{}/callback", pending.id(), pending.token());
    let again =
        s.rest.raw("POST", &callback, &[("Content-Type", "application/json")], br#"{"type":5}"#);
    again.await.expect_error(400, 40060);

    // Components, modals and autocomplete go the same way.
    s.endpoint.set(|r| {
        r.reply = Reply::Json(json!({ "type": 4, "data": { "content": "choose", "components": [
            { "type": 1, "components": [{ "type": 2, "style": 1, "label": "Go", "custom_id": "go" }] },
        ] } }));
    });
    let with_button = handle.run_command(s.ping()).unwrap();
    let message = with_button.response().await.and(with_button.outcome().original).unwrap();
    s.endpoint.set(|r| {
        r.reply =
            Reply::Json(json!({ "type": 7, "data": { "content": "clicked", "components": [] } }));
    });
    let click = handle.click_button(s.user, s.general, message.id, "go").unwrap();
    assert_eq!(click.response().await.unwrap().kind, InteractionCallbackType::UpdateMessage);
    assert_eq!(handle.message(s.general, message.id).unwrap().content, "clicked");
    assert_eq!(s.endpoint.interactions().last().unwrap().json()["data"]["custom_id"], "go");

    s.endpoint.set(|r| {
        r.reply = Reply::Json(json!({ "type": 9, "data": { "custom_id": "form", "title": "Feedback", "components": [
            { "type": 1, "components": [{ "type": 4, "custom_id": "opinion", "style": 2, "label": "Opinion" }] },
        ] } }));
    });
    let opened = handle.run_command(s.ping()).unwrap();
    assert_eq!(opened.modal().await.expect("a modal").custom_id, "form");
    s.endpoint
        .set(|r| r.reply = Reply::Json(json!({ "type": 4, "data": { "content": "thanks" } })));
    let submitted = handle.submit_modal(&opened, &[("opinion", "great")]).unwrap();
    assert!(submitted.response().await.is_some());
    assert_eq!(submitted.outcome().original.unwrap().content, "thanks");
    assert_eq!(s.endpoint.interactions().last().unwrap().json()["type"], 5);

    s.endpoint.set(|r| {
        r.reply = Reply::Json(
            json!({ "type": 8, "data": { "choices": [{ "name": "Rust", "value": "rust" }] } }),
        );
    });
    let call = CommandCall::slash(s.user, s.general, "search").option("query", "ru").focus("query");
    let choices = handle.autocomplete(call).unwrap().autocomplete_choices().await.unwrap();
    assert_eq!(choices.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Rust"]);

    // Cleared, interactions go over the gateway again.
    let delivered = s.endpoint.interactions().len();
    handle.clear_interactions_endpoint();
    let pending = handle.run_command(s.ping()).unwrap();
    let dispatched = gateway.dispatch("INTERACTION_CREATE").await;
    assert_eq!(dispatched["id"].as_str().unwrap(), pending.id().to_string());
    assert_eq!(s.endpoint.interactions().len(), delivered);
}

#[tokio::test]
async fn the_url_is_verified_as_discord_does() {
    let s = setup(Duration::from_secs(3), Rules::default()).await;
    let handle = s.emulator.handle();
    let lax = Endpoint::start(
        &s.emulator.verify_key(),
        Rules { check_signature: false, ..Rules::default() },
    )
    .await;
    let mute =
        Endpoint::start(&s.emulator.verify_key(), Rules { pong: false, ..Rules::default() }).await;
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let nobody = format!("http://{}/interactions", closed.local_addr().unwrap());
    drop(closed);

    let error = handle.set_interactions_endpoint(&lax.url()).await.unwrap_err();
    assert_eq!(
        (error.kind(), error.answered_status()),
        (EndpointErrorKind::AcceptedBadSignature, Some(200))
    );
    let error = handle.set_interactions_endpoint(&mute.url()).await.unwrap_err();
    assert_eq!((error.kind(), error.answered_status()), (EndpointErrorKind::NoPong, Some(200)));
    let error = handle.set_interactions_endpoint(&nobody).await.unwrap_err();
    assert_eq!(error.kind(), EndpointErrorKind::Unreachable);
    assert!(std::error::Error::source(&error).is_some(), "{error}");
    let error = handle.set_interactions_endpoint("not a url").await.unwrap_err();
    assert_eq!(error.kind(), EndpointErrorKind::InvalidUrl);
    assert_eq!(handle.interactions_endpoint(), None, "every refusal leaves the URL unset");

    // Over REST, Discord's 50035 with the field error.
    for url in [lax.url(), mute.url(), nobody] {
        let refused = patch_url(&s.rest, "/applications/@me", json!(url)).await;
        let body = refused.expect_error(400, 50035);
        assert_eq!(body["message"], "Invalid Form Body");
        assert_eq!(
            body["errors"]["interactions_endpoint_url"]["_errors"][0],
            json!({
                "code": "APPLICATION_INTERACTIONS_ENDPOINT_URL_INVALID",
                "message": "The specified interactions endpoint URL could not be verified.",
            })
        );
    }
    let malformed = patch_url(&s.rest, "/applications/@me", json!("nope")).await;
    let body = malformed.expect_error(400, 50035);
    assert_eq!(
        body["errors"]["interactions_endpoint_url"]["_errors"][0]["code"],
        "URL_TYPE_INVALID_URL"
    );
    let id = s.emulator.application_id();
    let ftp = patch_url(&s.rest, &format!("/applications/{id}"), json!("ftp://x/")).await;
    let body = ftp.expect_error(400, 50035);
    assert_eq!(
        body["errors"]["interactions_endpoint_url"]["_errors"][0]["message"],
        "Scheme \"ftp\" is not supported. Scheme must be one of ('http', 'https')."
    );
    // The lax endpoint was sent a forged signature and let it through.
    assert_eq!(lax.received().iter().map(|r| r.status).collect::<Vec<_>>()[..2], [200, 200]);

    // A verifying endpoint is accepted over REST, and null clears it.
    let set = patch_url(&s.rest, "/applications/@me", json!(s.endpoint.url())).await;
    assert_eq!(set.expect(200)["interactions_endpoint_url"], s.endpoint.url().as_str());
    assert_eq!(handle.interactions_endpoint(), Some(s.endpoint.url()));
    let cleared = patch_url(&s.rest, "/applications/@me", Value::Null).await;
    assert_eq!(cleared.expect(200)["interactions_endpoint_url"], Value::Null);
    assert_eq!(handle.interactions_endpoint(), None);

    // Over the control API.
    let refused =
        control(&s.rest, "PUT", "interactions-endpoint", &json!({ "url": lax.url() })).await;
    assert_eq!(refused.expect(400)["kind"], "InteractionsEndpoint");
    let set = control(&s.rest, "PUT", "interactions-endpoint", &json!({ "url": s.endpoint.url() }))
        .await
        .expect(200);
    assert_eq!(set, json!({ "url": s.endpoint.url(), "verify_key": s.emulator.verify_key() }));
    let read = control(&s.rest, "GET", "interactions-endpoint", &Value::Null).await.expect(200);
    assert_eq!(read["url"], s.endpoint.url().as_str());
    control(&s.rest, "DELETE", "interactions-endpoint", &Value::Null).await.expect(204);
    assert_eq!(handle.interactions_endpoint(), None);

    // From the builder: verified at start.
    let secret = [7; 32];
    let public = SigningKey::from_bytes(&secret).verifying_key();
    let strict = Endpoint::with_key(public, Rules::default()).await;
    let started = builder()
        .application_key(ApplicationKey::from_bytes(secret))
        .interactions_endpoint(strict.url())
        .start()
        .await
        .unwrap();
    assert_eq!(started.handle().interactions_endpoint(), Some(strict.url()));
    let refused = builder().interactions_endpoint(lax.url()).start().await.unwrap_err();
    match refused {
        StartError::InteractionsEndpoint(error) => {
            assert_eq!(error.kind(), EndpointErrorKind::AcceptedBadSignature);
        }
        other => panic!("a refused endpoint expected: {other}"),
    }
}

/// A control API request.
async fn control(rest: &Rest, method: &str, path: &str, body: &Value) -> rest_support::Response {
    let bytes = if body.is_null() { Vec::new() } else { body.to_string().into_bytes() };
    let headers = [("Content-Type", "application/json")];
    rest.raw(method, &format!("/_emulator/{path}"), &headers, &bytes).await
}

const MULTIPART: &str = "--XyZ\r\n\
Content-Disposition: form-data; name=\"payload_json\"\r\n\
Content-Type: application/json\r\n\r\n\
{\"type\":4,\"data\":{\"content\":\"with a file\",\"attachments\":[{\"id\":0,\"filename\":\"notes.txt\"}]}}\r\n\
--XyZ\r\n\
Content-Disposition: form-data; name=\"files[0]\"; filename=\"notes.txt\"\r\n\
Content-Type: text/plain\r\n\r\n\
hello\r\n\
--XyZ--\r\n";

async fn patch_url(rest: &Rest, path: &str, url: Value) -> rest_support::Response {
    rest.patch(path, &json!({ "interactions_endpoint_url": url })).await
}

#[tokio::test]
async fn a_deferral_then_an_edit() {
    let s = setup(
        Duration::from_secs(3),
        Rules { reply: Reply::Json(json!({ "type": 5 })), ..Rules::default() },
    )
    .await;
    s.set_endpoint().await;
    let handle = s.emulator.handle();
    let pending = handle.run_command(s.ping()).unwrap();
    let response = pending.response().await.unwrap();
    assert_eq!(response.kind, InteractionCallbackType::DeferredChannelMessageWithSource);
    let loading = pending.outcome().original.unwrap();
    assert!(loading.flags().contains(accord_model::message::MessageFlags::LOADING));
    let edited = s
        .webhook("PATCH", pending.token(), "/messages/@original", &json!({ "content": "done" }))
        .await;
    assert_eq!(edited["id"].as_str().unwrap(), loading.id.to_string());
    let message = handle.message(s.general, loading.id).unwrap();
    assert_eq!(message.content, "done");
    assert!(!message.flags().contains(accord_model::message::MessageFlags::LOADING));
    let followup = s.webhook("POST", pending.token(), "", &json!({ "content": "and more" })).await;
    assert_eq!(followup["content"], "and more");

    // A multipart answer uploads files with the response, as a multipart callback does.
    s.endpoint.set(|r| r.reply = Reply::Raw("multipart/form-data; boundary=XyZ", MULTIPART));
    let with_file = handle.run_command(s.ping()).unwrap();
    assert!(with_file.response().await.is_some(), "{:?}", with_file.outcome().failure);
    let message = with_file.outcome().original.unwrap();
    assert_eq!(message.content, "with a file");
    assert_eq!(
        message.attachments.iter().map(|a| a.filename.as_str()).collect::<Vec<_>>(),
        ["notes.txt"]
    );
    // Neither JSON nor multipart: the interaction fails.
    s.endpoint.set(|r| r.reply = Reply::Raw("text/plain", r#"{"type":4,"data":{"content":"x"}}"#));
    let plain = handle.run_command(s.ping()).unwrap();
    let failed = plain.wait_for(WAIT, |o| o.failure.is_some()).await.unwrap();
    assert!(matches!(failed.failure, Some(InteractionFailure::InvalidResponse(_))), "{failed:?}");
}

#[tokio::test]
async fn the_three_second_rule_holds_over_http() {
    // The emulator's deadlines are configurable: 1 s stands for Discord's 3 s.
    let deadline = Duration::from_secs(1);
    let s = setup(deadline, Rules::default()).await;
    s.set_endpoint().await;
    let handle = s.emulator.handle();

    s.endpoint.set(|r| r.reply = Reply::Hang);
    let hanging = handle.run_command(s.ping()).unwrap();
    assert!(hanging.response().await.is_none());
    let failed = hanging.wait_for(WAIT, |o| o.failure.is_some()).await.unwrap();
    assert_eq!(failed.failure, Some(InteractionFailure::Timeout));
    assert_eq!(s.endpoint.interactions().len(), 1, "the POST arrived but was never answered");
    let callback = format!("/api/v10/interactions/{}/{}/callback", hanging.id(), hanging.token());
    let late = s.rest.raw(
        "POST",
        &callback,
        &[("Content-Type", "application/json")],
        br#"{"type":4,"data":{"content":"late"}}"#,
    );
    late.await.expect_error(404, 10062);

    // 202 means the app answers through the callback route, within the same deadline.
    s.endpoint.set(|r| r.reply = Reply::Status(202));
    let accepted = handle.run_command(s.ping()).unwrap();
    accepted.wait_for(WAIT, |o| o.endpoint_status == Some(202)).await.unwrap();
    let callback = format!("/api/v10/interactions/{}/{}/callback", accepted.id(), accepted.token());
    let answered = s.rest.raw(
        "POST",
        &callback,
        &[("Content-Type", "application/json")],
        br#"{"type":4,"data":{"content":"via callback"}}"#,
    );
    answered.await.expect(204);
    tokio::time::sleep(deadline * 2).await;
    let outcome = accepted.outcome();
    assert_eq!(
        (outcome.failure, outcome.original.unwrap().content.as_str()),
        (None, "via callback")
    );
    let unanswered = handle.run_command(s.ping()).unwrap();
    let failed = unanswered.wait_for(WAIT, |o| o.failure.is_some()).await.unwrap();
    assert_eq!(
        (failed.endpoint_status, failed.failure),
        (Some(202), Some(InteractionFailure::Timeout))
    );

    // Errors and invalid responses fail the interaction at once.
    s.endpoint.set(|r| r.reply = Reply::Status(500));
    let broken = handle.run_command(s.ping()).unwrap();
    let failed = broken.wait_for(WAIT, |o| o.failure.is_some()).await.unwrap();
    assert_eq!(failed.failure, Some(InteractionFailure::Status(500)));
    s.endpoint.set(|r| r.reply = Reply::Json(json!({ "type": 4, "data": {} })));
    let invalid = handle.run_command(s.ping()).unwrap();
    let failed = invalid.wait_for(WAIT, |o| o.failure.is_some()).await.unwrap();
    match failed.failure {
        Some(InteractionFailure::InvalidResponse(why)) => assert!(why.contains("50006"), "{why}"),
        other => panic!("an invalid response expected: {other:?}"),
    }

    // The control API shows the same.
    s.endpoint.set(|r| r.reply = Reply::Status(503));
    let body = json!({ "user_id": s.world.member, "channel_id": s.world.general, "name": "ping" });
    let started = control(&s.rest, "POST", "interactions/commands", &body).await.expect(200);
    let path = format!("interactions/{}", started["id"].as_str().unwrap());
    let read = tokio::time::timeout(WAIT, async {
        loop {
            let read = control(&s.rest, "GET", &path, &Value::Null).await.expect(200);
            if !read["failure"].is_null() {
                return read;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let read = read.await.expect("the failure shows");
    assert_eq!(read["endpoint_status"], 503);
    assert_eq!(read["failure"]["kind"], "status");
    assert_eq!(read["failure"]["message"], "the endpoint answered 503");
}

#[tokio::test]
async fn each_broken_request_gets_what_the_endpoint_answers() {
    let strict = Rules { max_age: Some(300), refuse_replays: true, ..Rules::default() };
    let s = setup(Duration::from_secs(3), strict).await;
    let handle = s.emulator.handle();
    let error = handle.probe_interactions_endpoint(Probe::Valid).await.unwrap_err();
    assert_eq!(error.kind(), EndpointErrorKind::NotSet);
    s.set_endpoint().await;
    let probe = |probe| handle.probe_interactions_endpoint(probe);
    let status = |report: ProbeReport| (report.status, report.first_status);
    assert_eq!(status(probe(Probe::Valid).await.unwrap()), (200, None));
    for broken in [
        Probe::FlippedBody,
        Probe::FlippedSignature,
        Probe::FlippedTimestamp,
        Probe::Unsigned,
        Probe::WrongKey,
        Probe::Stale(Duration::from_secs(3600)),
    ] {
        assert_eq!(status(probe(broken).await.unwrap()), (401, None), "{broken:?}");
    }
    assert_eq!(status(probe(Probe::Replayed).await.unwrap()), (401, Some(200)));

    // What is reported is what the endpoint answered: an endpoint without those checks.
    s.endpoint.set(|r| {
        r.max_age = None;
        r.refuse_replays = false;
    });
    assert_eq!(status(probe(Probe::Stale(Duration::from_secs(3600))).await.unwrap()), (200, None));
    assert_eq!(status(probe(Probe::Replayed).await.unwrap()), (200, Some(200)));
    assert_eq!(status(probe(Probe::FlippedBody).await.unwrap()), (401, None));
    s.endpoint.set(|r| r.check_signature = false);
    assert_eq!(status(probe(Probe::FlippedSignature).await.unwrap()), (200, None));
    assert_eq!(status(probe(Probe::Unsigned).await.unwrap()), (200, None));

    // The same over the control API.
    s.endpoint.set(|r| r.check_signature = true);
    for (body, expected) in [
        (json!({ "probe": "flipped_body" }), json!({ "status": 401, "first_status": null })),
        (json!({ "probe": "valid" }), json!({ "status": 200, "first_status": null })),
        (json!({ "probe": { "stale": 3600 } }), json!({ "status": 200, "first_status": null })),
        (json!({ "probe": "replayed" }), json!({ "status": 200, "first_status": 200 })),
    ] {
        let answered = control(&s.rest, "POST", "interactions-endpoint/probes", &body).await;
        assert_eq!(answered.expect(200), expected, "{body}");
    }
    // A flipped body is still a PING, one digit off, so only the signature tells.
    let flipped = s.endpoint.received().into_iter().find(|r| r.json()["version"] == 0).unwrap();
    assert_eq!((flipped.json()["type"].clone(), flipped.status), (json!(1), 401));
}

#[tokio::test]
async fn the_binary_takes_an_interactions_url() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    const BINARY: &str = env!("CARGO_BIN_EXE_accord-emulator");
    // The binary derives its key from the seed, as an emulator in this process does.
    let key = builder().seed(3).start().await.unwrap().verify_key();
    let endpoint = Endpoint::start(&key, Rules::default()).await;
    let mut child = tokio::process::Command::new(BINARY)
        .args(["--seed", "3", "--interactions-url", &endpoint.url()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = std::collections::HashMap::new();
    while !printed.contains_key("Interactions endpoint") {
        let line = tokio::time::timeout(WAIT, lines.next_line()).await.unwrap().unwrap().unwrap();
        if let Some((name, value)) = line.split_once(": ") {
            printed.insert(name.to_owned(), value.trim().to_owned());
        }
    }
    assert_eq!(printed["Verify key"], key);
    assert_eq!(printed["Interactions endpoint"], endpoint.url());
    assert_eq!(endpoint.received().iter().map(|r| r.status).collect::<Vec<_>>(), [200, 401]);
    child.start_kill().unwrap();

    let lax = Endpoint::start(&key, Rules { check_signature: false, ..Rules::default() }).await;
    let refused = tokio::process::Command::new(BINARY)
        .args(["--seed", "3", "--interactions-url", &lax.url()])
        .output()
        .await
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("interactions endpoint URL refused"), "{stderr}");
}
