//! The REST protocol over raw HTTP: routing, authorization, Discord's error bodies and codes,
//! rate limits (buckets, major parameters, shared buckets, the global limit, scopes, the
//! invalid request counter), faults, and multipart uploads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod rest_support;

use std::time::Duration;

use accord_emulator::{Bucket, Emulator, RateLimits};
use rest_support::{Gateway, Rest, World, builder, timings};
use serde_json::{Value, json};

fn limits(configure: impl FnOnce(&mut RateLimits)) -> RateLimits {
    let mut limits = RateLimits::default();
    limits.global_per_second = None;
    limits.default_bucket = Bucket::new(1000, Duration::from_secs(60));
    limits.routes = Vec::new();
    configure(&mut limits);
    limits
}

async fn start(limits: RateLimits) -> (Emulator, Rest) {
    let emulator = Emulator::builder()
        .timings(timings())
        .guilds(2)
        .members_per_guild(8)
        .rate_limits(limits)
        .start()
        .await
        .unwrap();
    let rest = Rest::new(&emulator);
    (emulator, rest)
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let body = rest.get("/nothing/here").await.expect(404);
    assert_eq!(body, json!({ "message": "404: Not Found", "code": 0 }));
    let body = rest.delete("/users/@me").await.expect(405);
    assert_eq!(body, json!({ "message": "405: Method Not Allowed", "code": 0 }));
    // v9 is served too.
    let v9 = rest.raw("GET", "/api/v9/gateway", &[], b"").await;
    assert_eq!(v9.status, 200);
    assert!(v9.json()["url"].as_str().unwrap().starts_with("ws://"));
}

#[tokio::test]
async fn the_bot_token_is_required() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let unauthorized = json!({ "message": "401: Unauthorized", "code": 0 });
    assert_eq!(rest.raw("GET", "/api/v10/users/@me", &[], b"").await.expect(401), unauthorized);
    let wrong = rest.raw("GET", "/api/v10/users/@me", &[("Authorization", "Bot nope")], b"").await;
    assert_eq!(wrong.expect(401), unauthorized);
    let bare = emulator.token().to_owned();
    let no_prefix =
        rest.raw("GET", "/api/v10/users/@me", &[("Authorization", bare.as_str())], b"").await;
    assert_eq!(no_prefix.status, 401);
    let me = rest.get("/users/@me").await.expect(200);
    assert_eq!(me["id"].as_str().unwrap(), emulator.bot_user_id().to_string());
    assert_eq!(me["bot"], true);
    assert_eq!(emulator.handle().counters().invalid_requests, 3);
}

#[tokio::test]
async fn error_codes_come_from_real_scenarios() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let guild = &world.guild;
    rest.get("/channels/42").await.expect_error(404, 10003);
    rest.get(&format!("/channels/{}/messages/42", world.general)).await.expect_error(404, 10008);
    rest.get("/guilds/42").await.expect_error(404, 10004);
    rest.get(&format!("/guilds/{guild}/members/42")).await.expect_error(404, 10007);
    rest.get(&format!("/guilds/{guild}/roles/42")).await.expect_error(404, 10011);
    rest.get("/users/42").await.expect_error(404, 10013);
    rest.get("/webhooks/42").await.expect_error(404, 10015);
    let hidden = rest.get(&format!("/channels/{}", world.mod_log)).await.expect_error(403, 50001);
    assert_eq!(hidden["message"], "Missing access");
    let denied = rest
        .post(&format!("/channels/{}/messages", world.read_only), &json!({ "content": "hi" }))
        .await
        .expect_error(403, 50013);
    assert_eq!(denied["message"], "You lack permissions to perform that action");
    let empty = rest.post(&format!("/channels/{}/messages", world.general), &json!({})).await;
    assert_eq!(empty.expect_error(400, 50006)["message"], "Cannot send an empty message");
    let hook = rest
        .post(&format!("/channels/{}/webhooks", world.general), &json!({ "name": "hook" }))
        .await
        .expect(200);
    let wrong_token = rest
        .raw("GET", &format!("/api/v10/webhooks/{}/nope", hook["id"].as_str().unwrap()), &[], b"")
        .await;
    assert_eq!(wrong_token.expect_error(401, 50027)["message"], "Invalid webhook token provided");
    let snowflake = rest.get("/channels/general").await.expect_error(400, 50035);
    assert_eq!(snowflake["errors"]["channel_id"]["_errors"][0]["code"], "NUMBER_TYPE_COERCE");
}

#[tokio::test]
async fn invalid_form_bodies_name_every_field() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let path = format!("/channels/{}/messages", world.general);
    let embeds: Vec<Value> = (0..11).map(|i| json!({ "title": format!("embed {i}") })).collect();
    let body = rest
        .post(&path, &json!({ "content": "x".repeat(2001), "embeds": embeds }))
        .await
        .expect_error(400, 50035);
    assert_eq!(body["message"], "Invalid Form Body");
    assert_eq!(body["errors"]["content"]["_errors"][0]["code"], "BASE_TYPE_MAX_LENGTH");
    assert_eq!(body["errors"]["embeds"]["_errors"][0]["code"], "BASE_TYPE_MAX_LENGTH");
    let body = rest
        .post(&path, &json!({ "embeds": [{ "title": "ok" }, { "title": "t".repeat(257), "fields": [{ "name": "n", "value": "v".repeat(1025) }] }] }))
        .await
        .expect_error(400, 50035);
    assert_eq!(
        body["errors"]["embeds"]["1"]["title"]["_errors"][0]["code"],
        "BASE_TYPE_MAX_LENGTH"
    );
    assert_eq!(
        body["errors"]["embeds"]["1"]["fields"]["0"]["value"]["_errors"][0]["code"],
        "BASE_TYPE_MAX_LENGTH"
    );
    assert!(body["errors"]["embeds"].get("0").is_none());
    let body =
        rest.post(&path, &json!({ "content": 5, "tts": "yes" })).await.expect_error(400, 50035);
    assert_eq!(body["errors"]["content"]["_errors"][0]["code"], "BASE_TYPE_STRING");
    assert_eq!(body["errors"]["tts"]["_errors"][0]["code"], "BASE_TYPE_BOOLEAN");
    let body = rest
        .post(
            &path,
            &json!({ "content": "hi", "allowed_mentions": { "parse": ["users"], "users": ["1"] } }),
        )
        .await
        .expect_error(400, 50035);
    assert!(body["errors"]["allowed_mentions"]["_errors"].is_array());
}

#[tokio::test]
async fn malformed_bodies_are_errors_not_crashes() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let path = format!("/api/v10/channels/{}/messages", world.general);
    let auth = format!("Bot {}", emulator.token());
    let json_headers = [("Authorization", auth.as_str()), ("Content-Type", "application/json")];
    for garbage in
        [&b"{"[..], b"{\"content\": \"unterminated", b"\xff\xfe", b"{\"content\": 1e999999}"]
    {
        let response = rest.raw("POST", &path, &json_headers, garbage).await;
        assert_eq!(
            response.expect_error(400, 50109)["message"],
            "The request body contains invalid JSON."
        );
    }
    rest.raw("POST", &path, &json_headers, b"[1, 2]").await.expect_error(400, 50035);
    rest.raw(
        "POST",
        &path,
        &json_headers,
        b"{\"content\": \"hi\", \"flags\": 99999999999999999999}",
    )
    .await
    .expect_error(400, 50035);
    let multipart =
        [("Authorization", auth.as_str()), ("Content-Type", "multipart/form-data; boundary=zzz")];
    rest.raw("POST", &path, &multipart, b"--zzz\r\nno end").await.expect_error(400, 50035);
    let limit = rest
        .get(&format!("/channels/{}/messages?limit=abc", world.general))
        .await
        .expect_error(400, 50035);
    assert_eq!(limit["errors"]["limit"]["_errors"][0]["code"], "NUMBER_TYPE_COERCE");
    rest.get(&format!("/channels/{}/messages?limit=101", world.general))
        .await
        .expect_error(400, 50035);
    // The server is still there.
    rest.get("/users/@me").await.expect(200);
}

#[tokio::test]
async fn multipart_uploads_become_attachments() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let payload = json!({
        "content": "two files",
        "attachments": [{ "id": 0, "description": "the first" }, { "id": 1, "filename": "renamed.bin" }],
    });
    let message = rest
        .multipart(
            "POST",
            &format!("/channels/{}/messages", world.general),
            &payload,
            &[
                ("notes.txt", "text/plain", b"hello\r\n--not-a-boundary\r\n"),
                ("data.bin", "application/octet-stream", &[0, 1, 2, 255]),
            ],
        )
        .await
        .expect(200);
    assert_eq!(message["content"], "two files");
    let attachments = message["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2);
    assert_eq!(attachments[0]["filename"], "notes.txt");
    assert_eq!(attachments[0]["size"], 25);
    assert_eq!(attachments[0]["content_type"], "text/plain");
    assert_eq!(attachments[0]["description"], "the first");
    assert_eq!(attachments[1]["filename"], "renamed.bin");
    assert_eq!(attachments[1]["size"], 4);
    let created = gateway.dispatch("MESSAGE_CREATE").await;
    assert_eq!(created["id"], message["id"]);
    assert_eq!(created["attachments"].as_array().unwrap().len(), 2);
    // Files alone make a message; without ATTACH_FILES they are refused.
    let random = format!("/channels/{}/messages", world.random);
    rest.multipart("POST", &random, &json!({}), &[("a.txt", "text/plain", b"a")]).await.expect(200);
    let deny = json!({ "type": 0, "allow": "0", "deny": "32768" });
    rest.put(&format!("/channels/{}/permissions/{}", world.random, world.bot_role), &deny)
        .await
        .expect(204);
    rest.multipart("POST", &random, &json!({}), &[("a.txt", "text/plain", b"a")])
        .await
        .expect_error(403, 50013);
    rest.post(&random, &json!({ "content": "text is still fine" })).await.expect(200);
    let message_id = message["id"].as_str().unwrap();
    let edited = rest
        .multipart(
            "PATCH",
            &format!("/channels/{}/messages/{message_id}", world.general),
            &json!({ "attachments": [{ "id": attachments[1]["id"] }] }),
            &[],
        )
        .await
        .expect(200);
    assert_eq!(
        edited["attachments"].as_array().unwrap().len(),
        1,
        "only the kept attachment stays"
    );
}

#[tokio::test]
async fn buckets_send_discord_headers_and_429_when_spent() {
    let (emulator, rest) = start(limits(|l| {
        l.routes = vec![(
            "POST".into(),
            "/channels/{channel_id}/messages".into(),
            Bucket::new(2, Duration::from_secs(60)),
        )];
    }))
    .await;
    let world = World::read(&rest).await;
    let post = |channel: String| {
        let rest = rest.clone();
        async move {
            rest.post(&format!("/channels/{channel}/messages"), &json!({ "content": "hi" })).await
        }
    };
    let first = post(world.general.clone()).await;
    first.expect(200);
    assert_eq!(first.header("x-ratelimit-limit"), Some("2"));
    assert_eq!(first.header("x-ratelimit-remaining"), Some("1"));
    let reset_after: f64 = first.header("x-ratelimit-reset-after").unwrap().parse().unwrap();
    assert!(reset_after > 59.0 && reset_after <= 60.0, "{reset_after}");
    let reset: f64 = first.header("x-ratelimit-reset").unwrap().parse().unwrap();
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64();
    assert!((reset - now - reset_after).abs() < 5.0, "reset {reset} is an epoch time");
    assert!(first.header("x-ratelimit-reset").unwrap().contains('.'), "fractional seconds");
    let bucket = first.header("x-ratelimit-bucket").unwrap().to_owned();
    let second = post(world.general.clone()).await;
    second.expect(200);
    assert_eq!(second.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(second.header("x-ratelimit-bucket"), Some(bucket.as_str()));
    let limited = post(world.general.clone()).await;
    let body = limited.expect(429);
    assert_eq!(body["global"], false);
    assert_eq!(body["message"], "You are being rate limited.");
    let retry_after = body["retry_after"].as_f64().unwrap();
    assert!(retry_after > 59.0 && retry_after <= 60.0, "{retry_after}");
    assert_eq!(limited.header("x-ratelimit-scope"), Some("user"));
    assert_eq!(limited.header("retry-after"), Some("60"));
    assert_eq!(limited.header("x-ratelimit-remaining"), Some("0"));
    assert!(limited.header("x-ratelimit-global").is_none());
    // Another channel is another counter of the same bucket.
    let other = post(world.random.clone()).await;
    other.expect(200);
    assert_eq!(other.header("x-ratelimit-remaining"), Some("1"));
    assert_eq!(other.header("x-ratelimit-bucket"), Some(bucket.as_str()));
    // Other routes have buckets of their own.
    let get = rest.get(&format!("/channels/{}", world.general)).await;
    get.expect(200);
    assert_ne!(get.header("x-ratelimit-bucket"), Some(bucket.as_str()));
    let counters = emulator.handle().counters();
    assert_eq!(counters.rate_limited, 1);
    assert!(counters.invalid_requests >= 1, "a user-scope 429 is invalid");
    assert_eq!(emulator.handle().rest_requests_to("create_message"), 4);
}

#[tokio::test]
async fn message_edit_and_delete_share_a_bucket() {
    let (_emulator, rest) = start(limits(|l| {
        l.routes = vec![(
            "PATCH".into(),
            "/channels/{channel_id}/messages/{message_id}".into(),
            Bucket::new(1, Duration::from_secs(60)),
        )];
    }))
    .await;
    let world = World::read(&rest).await;
    let message = rest
        .post(&format!("/channels/{}/messages", world.general), &json!({ "content": "a" }))
        .await
        .expect(200);
    let path = format!("/channels/{}/messages/{}", world.general, message["id"].as_str().unwrap());
    let edit = rest.patch(&path, &json!({ "content": "b" })).await;
    edit.expect(200);
    let delete = rest.delete(&path).await;
    delete.expect(429);
    assert_eq!(delete.header("x-ratelimit-bucket"), edit.header("x-ratelimit-bucket"));
    assert_eq!(delete.header("x-ratelimit-scope"), Some("user"));
}

#[tokio::test]
async fn the_global_limit_counts_bot_requests_but_not_token_routes() {
    let (emulator, rest) = start(limits(|l| l.global_per_second = Some(3))).await;
    let handle = emulator.handle();
    let guild = handle.guild_ids()[0];
    let general = handle
        .channels(guild)
        .into_iter()
        .find(|c| c.name.as_deref() == Some("general"))
        .unwrap()
        .id;
    let hook = rest
        .post(&format!("/channels/{general}/webhooks"), &json!({ "name": "hook" }))
        .await
        .expect(200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let mut statuses = Vec::new();
    let mut global = None;
    for _ in 0..6 {
        let response = rest.get("/users/@me").await;
        statuses.push(response.status);
        if response.status == 429 {
            global = Some(response);
            break;
        }
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    let global = global.unwrap();
    assert_eq!(global.json()["global"], true);
    assert_eq!(global.header("x-ratelimit-global"), Some("true"));
    assert_eq!(global.header("x-ratelimit-scope"), Some("global"));
    assert!(global.json()["retry_after"].as_f64().unwrap() <= 1.0);
    // Webhook (and interaction) routes are authorized by their token, not the bot's.
    let token_route = format!(
        "/api/v10/webhooks/{}/{}?wait=true",
        hook["id"].as_str().unwrap(),
        hook["token"].as_str().unwrap()
    );
    let executed = rest
        .raw(
            "POST",
            &token_route,
            &[("Content-Type", "application/json")],
            br#"{"content":"still here"}"#,
        )
        .await;
    assert_eq!(executed.expect(200)["content"], "still here");
    assert!(emulator.handle().counters().rate_limited >= 1);
}

#[tokio::test]
async fn too_many_invalid_requests_block_everything() {
    let (emulator, rest) = start(limits(|l| l.invalid_request_limit = 3)).await;
    for _ in 0..4 {
        rest.raw("GET", "/api/v10/users/@me", &[], b"").await.expect(401);
    }
    let blocked = rest.get("/users/@me").await;
    assert_eq!(blocked.status, 429);
    assert_eq!(blocked.header("x-ratelimit-scope"), Some("global"));
    assert_eq!(blocked.json()["global"], true);
    assert_eq!(emulator.handle().counters().invalid_requests, 4);
}

#[tokio::test]
async fn the_invalid_request_window_moves_on() {
    let mut timings = timings();
    timings.invalid_request_window = Duration::from_millis(300);
    let mut limits = limits(|l| l.invalid_request_limit = 1);
    limits.global_per_second = None;
    let emulator = Emulator::builder()
        .timings(timings)
        .guilds(1)
        .members_per_guild(2)
        .rate_limits(limits)
        .start()
        .await
        .unwrap();
    let rest = Rest::new(&emulator);
    for _ in 0..2 {
        rest.raw("GET", "/api/v10/users/@me", &[], b"").await.expect(401);
    }
    assert_eq!(rest.get("/users/@me").await.status, 429);
    tokio::time::sleep(Duration::from_millis(400)).await;
    rest.get("/users/@me").await.expect(200);
}

#[tokio::test]
async fn shared_scope_limits_are_injected_and_not_invalid() {
    let (emulator, rest) = start(limits(|_| {})).await;
    let world = World::read(&rest).await;
    let handle = emulator.handle();
    assert!(!handle.rate_limit_shared("POST", "/nowhere", 1, Duration::from_secs(1)));
    assert!(handle.rate_limit_shared(
        "POST",
        "/channels/{channel_id}/messages",
        1,
        Duration::from_millis(1500)
    ));
    let invalid_before = handle.counters().invalid_requests;
    let path = format!("/channels/{}/messages", world.general);
    let shared = rest.post(&path, &json!({ "content": "hi" })).await;
    let body = shared.expect(429);
    assert_eq!(body["message"], "The resource is being rate limited.");
    assert_eq!(body["global"], false);
    assert_eq!(body["retry_after"], 1.5);
    assert_eq!(shared.header("x-ratelimit-scope"), Some("shared"));
    assert_eq!(shared.header("retry-after"), Some("2"));
    assert!(shared.header("x-ratelimit-bucket").is_some());
    rest.post(&path, &json!({ "content": "hi" })).await.expect(200);
    assert_eq!(handle.counters().invalid_requests, invalid_before, "shared 429s are not invalid");
}

#[tokio::test]
async fn server_errors_are_injected_for_the_next_requests() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    emulator.handle().fail_rest_requests(2, 502);
    let first = rest.get("/users/@me").await;
    assert_eq!(first.expect(502), json!({ "message": "502: Bad Gateway", "code": 0 }));
    rest.get("/gateway").await.expect(502);
    rest.get("/users/@me").await.expect(200);
    emulator.handle().fail_rest_requests(1, 503);
    rest.get("/users/@me").await.expect(503);
}

#[tokio::test]
async fn limits_off_send_no_bucket_headers() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    for _ in 0..20 {
        let response = rest
            .post(&format!("/channels/{}/messages", world.general), &json!({ "content": "spam" }))
            .await;
        response.expect(200);
        assert!(response.header("x-ratelimit-bucket").is_none());
    }
    assert_eq!(emulator.handle().counters().rate_limited, 0);
}

#[tokio::test]
async fn gateway_bot_reports_the_identify_budget() {
    let mut gateway = accord_emulator::GatewayLimits::default();
    gateway.identify_budget = 7;
    gateway.max_concurrency = 4;
    let emulator = builder().gateway_limits(gateway).start().await.unwrap();
    let rest = Rest::new(&emulator);
    let info = rest.get("/gateway/bot").await.expect(200);
    assert_eq!(info["url"], emulator.gateway_url());
    assert_eq!(info["shards"], 1);
    assert_eq!(info["session_start_limit"]["total"], 7);
    assert_eq!(info["session_start_limit"]["remaining"], 7);
    assert_eq!(info["session_start_limit"]["max_concurrency"], 4);
    let _connection = Gateway::connect(&emulator).await;
    let info = rest.get("/gateway/bot").await.expect(200);
    assert_eq!(info["session_start_limit"]["remaining"], 6);
    assert!(info["session_start_limit"]["reset_after"].as_u64().unwrap() > 0);
}
