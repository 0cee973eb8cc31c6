//! What goes on the wire, checked byte for byte against what the fake Discord received:
//! queries, JSON and multipart bodies, headers, and tokens only where they belong.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod support;

use accord_http::Client;
use accord_http::request::attachment::AttachmentFile;
use accord_http::routing::Method;
use accord_model::id::Id;
use accord_model::interaction::{InteractionCallbackData, InteractionResponse};
use accord_model::util::Secret;
use serde_json::json;
use support::{FakeDiscord, Recorded, Reply};

fn client(fake: &FakeDiscord) -> Client {
    Client::builder().token("test-token").base_url(fake.base_url()).build()
}

fn last(fake: &FakeDiscord) -> Recorded {
    fake.requests().pop().expect("a request arrived")
}

#[tokio::test]
async fn queries_use_true_false_repeated_keys_and_percent_encoding() {
    let fake = FakeDiscord::start().await;
    let client = client(&fake);
    client.list_messages(Id::new(1)).before(Id::new(5)).limit(50).await.unwrap();
    assert_eq!(last(&fake).query, "before=5&limit=50");

    let authors = [Id::new(7), Id::new(8)];
    let has = ["image", "-link"];
    client
        .guild_search(Id::new(1))
        .content("café & co")
        .author_id(&authors)
        .has(&has)
        .pinned(false)
        .await
        .unwrap();
    let request = last(&fake);
    assert_eq!(request.path, "/guilds/1/messages/search");
    assert_eq!(
        request.query,
        "content=caf%C3%A9%20%26%20co&author_id=7&author_id=8&has=image&has=-link&pinned=false"
    );

    client.search_guild_members(Id::new(1), "ab").limit(1000).await.unwrap();
    assert_eq!(last(&fake).query, "query=ab&limit=1000");
    client.get_guild(Id::new(3)).with_counts(true).await.unwrap();
    assert_eq!(last(&fake).query, "with_counts=true");
}

#[tokio::test]
async fn json_bodies_headers_and_the_audit_log_reason() {
    let fake = FakeDiscord::start().await;
    let client = client(&fake);
    client
        .update_guild_member(Id::new(1), Id::new(2))
        .nick(None)
        .mute(Some(true))
        .reason("spam: ça suffit")
        .await
        .unwrap();
    let request = last(&fake);
    assert_eq!(request.method, "PATCH");
    assert_eq!(request.path, "/guilds/1/members/2");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-audit-log-reason"), Some("spam%3A%20%C3%A7a%20suffit"));
    assert_eq!(request.header("authorization"), Some("Bot test-token"));
    let base = fake.base_url();
    let host = base.strip_prefix("http://").and_then(|rest| rest.split('/').next());
    assert_eq!(request.header("host"), host, "the host and port, once");
    assert_eq!(request.headers.get_all("host").iter().count(), 1);
    assert_eq!(
        request.header("user-agent"),
        Some(concat!(
            "DiscordBot (https://github.com/accord-rs/accord, ",
            env!("CARGO_PKG_VERSION"),
            ")"
        ))
    );
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, json!({ "nick": null, "mute": true }));

    client.trigger_typing_indicator(Id::new(1)).await.unwrap();
    let request = last(&fake);
    assert_eq!(request.header("content-length"), Some("0"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn files_go_in_multipart_beside_payload_json() {
    let fake = FakeDiscord::start().await;
    let client = client(&fake);
    let files = [AttachmentFile::new("a.txt", b"hello".to_vec()).description("alt text")];
    client.create_message(Id::new(1)).content("hi").attachments(&files).await.unwrap();
    let request = last(&fake);
    let content_type = request.header("content-type").unwrap().to_owned();
    let boundary =
        content_type.strip_prefix("multipart/form-data; boundary=").expect("a multipart body");
    // Keys in the order the body is built, so this holds with or without serde_json's
    // `preserve_order`.
    let payload = serde_json::to_string(&json!({
        "content": "hi",
        "attachments": [{ "id": 0, "filename": "a.txt", "description": "alt text" }],
    }))
    .unwrap();
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
         Content-Type: application/json\r\n\r\n{payload}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"a.txt\"\r\n\
         Content-Type: application/octet-stream\r\n\r\nhello\r\n--{boundary}--\r\n"
    );
    assert_eq!(std::str::from_utf8(&request.body).unwrap(), expected);
}

#[tokio::test]
async fn webhook_and_interaction_routes_send_no_bot_token() {
    let fake = FakeDiscord::start().await;
    let client = client(&fake);
    let token = Secret::new("hook-token");
    client.execute_webhook(Id::new(9), &token).content("hi").wait(true).await.unwrap();
    let request = last(&fake);
    assert_eq!(request.path, "/webhooks/9/hook-token");
    assert_eq!(request.query, "wait=true");
    assert_eq!(request.header("authorization"), None);

    let response = InteractionResponse::message(InteractionCallbackData::content("pong"));
    client.create_interaction_response(Id::new(4), &token, &response).await.unwrap();
    let request = last(&fake);
    assert_eq!(request.path, "/interactions/4/hook-token/callback");
    assert_eq!(request.header("authorization"), None);
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["content"], "pong");

    client.interaction(Id::new(77)).create_followup(&token).content("more").await.unwrap();
    let request = last(&fake);
    assert_eq!(
        (request.path.as_str(), request.query.as_str()),
        ("/webhooks/77/hook-token", "wait=true")
    );
}

#[tokio::test]
async fn the_raw_escape_hatch_sends_anything() {
    let fake = FakeDiscord::start().await;
    fake.handle(|_| Some(Reply::new(200, r#"{"ok":true}"#)));
    let client = client(&fake);
    let body = br#"{"content":"raw"}"#.to_vec();
    let response =
        client.request(Method::Post, "/channels/5/messages?x=1", Some(body.clone())).await.unwrap();
    assert_eq!(response.model().await.unwrap(), json!({ "ok": true }));
    let request = last(&fake);
    assert_eq!(
        (request.method.as_str(), request.path.as_str(), request.query.as_str()),
        ("POST", "/channels/5/messages", "x=1")
    );
    assert_eq!(request.body.as_ref(), body.as_slice());
    assert_eq!(request.header("content-type"), Some("application/json"));
}
