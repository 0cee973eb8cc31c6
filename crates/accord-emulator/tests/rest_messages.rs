//! Messages, reactions, pins and threads over raw HTTP, with the gateway events each change
//! sends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod rest_support;

use accord_model::id::Id;
use rest_support::{Gateway, Rest, World, builder};
use serde_json::{Value, json};

fn id(value: &Value) -> &str {
    value["id"].as_str().expect("an id")
}

#[tokio::test]
async fn messages_are_created_edited_listed_and_deleted() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let path = format!("/channels/{}/messages", world.general);
    let first = rest.post(&path, &json!({ "content": "first", "nonce": "n-1" })).await.expect(200);
    assert_eq!(first["author"]["id"], world.bot.as_str());
    assert_eq!(first["nonce"], "n-1");
    assert_eq!(gateway.dispatch("MESSAGE_CREATE").await["content"], "first");
    let again = rest
        .post(&path, &json!({ "content": "first", "nonce": "n-1", "enforce_nonce": true }))
        .await
        .expect(200);
    assert_eq!(again["id"], first["id"], "an enforced nonce returns the first message");
    let reply = rest
        .post(
            &path,
            &json!({ "content": "reply", "message_reference": { "message_id": id(&first) } }),
        )
        .await
        .expect(200);
    assert_eq!(reply["type"], 19);
    assert_eq!(reply["referenced_message"]["id"], first["id"]);
    rest.post(&path, &json!({ "content": "x", "message_reference": { "message_id": "42" } }))
        .await
        .expect_error(400, 50035);
    let third = rest
        .post(
            &path,
            &json!({ "content": "third", "embeds": [{ "title": "t", "description": "d" }] }),
        )
        .await
        .expect(200);
    assert_eq!(third["embeds"][0]["title"], "t");
    let all = rest.get(&format!("{path}?limit=10")).await.expect(200);
    let ids: Vec<&str> = all.as_array().unwrap().iter().map(id).collect();
    assert_eq!(ids, [id(&third), id(&reply), id(&first)], "newest first");
    let before = rest.get(&format!("{path}?before={}", id(&third))).await.expect(200);
    assert_eq!(before.as_array().unwrap().len(), 2);
    let after = rest.get(&format!("{path}?after={}&limit=1", id(&first))).await.expect(200);
    assert_eq!(after.as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [id(&reply)]);
    let around = rest.get(&format!("{path}?around={}&limit=3", id(&reply))).await.expect(200);
    assert_eq!(around.as_array().unwrap().len(), 3);
    let one = rest.get(&format!("{path}/{}", id(&first))).await.expect(200);
    assert_eq!(one["content"], "first");

    let edited = rest
        .patch(&format!("{path}/{}", id(&first)), &json!({ "content": "edited" }))
        .await
        .expect(200);
    assert_eq!(edited["content"], "edited");
    assert!(edited["edited_timestamp"].is_string());
    assert_eq!(gateway.dispatch("MESSAGE_UPDATE").await["content"], "edited");
    rest.patch(&format!("{path}/{}", id(&first)), &json!({ "content": "" }))
        .await
        .expect_error(400, 50006);

    let user: u64 = world.member.parse().unwrap();
    let theirs = emulator
        .handle()
        .send_message(Id::new(world.general.parse().unwrap()), Id::new(user), "mine")
        .unwrap();
    let theirs_path = format!("{path}/{}", theirs.id);
    rest.patch(&theirs_path, &json!({ "content": "not yours" })).await.expect_error(403, 50005);
    let suppressed = rest.patch(&theirs_path, &json!({ "flags": 4 })).await.expect(200);
    assert_eq!(suppressed["flags"], 4);
    rest.delete(&theirs_path).await.expect(204);
    let deleted = gateway.dispatch("MESSAGE_DELETE").await;
    assert_eq!(deleted["id"].as_str().unwrap(), theirs.id.to_string());
    assert_eq!(deleted["guild_id"], world.guild.as_str());
    rest.get(&theirs_path).await.expect_error(404, 10008);
}

#[tokio::test]
async fn bulk_delete_takes_two_to_a_hundred_recent_messages() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let path = format!("/channels/{}/messages", world.general);
    let mut ids = Vec::new();
    for i in 0..3 {
        ids.push(
            id(&rest.post(&path, &json!({ "content": format!("m{i}") })).await.expect(200))
                .to_owned(),
        );
    }
    let bulk = format!("{path}/bulk-delete");
    rest.post(&bulk, &json!({ "messages": [ids[0]] })).await.expect_error(400, 50016);
    let too_many: Vec<String> = (1..=101_u64).map(|i| (i << 40).to_string()).collect();
    rest.post(&bulk, &json!({ "messages": too_many })).await.expect_error(400, 50016);
    // A snowflake from 2020 is older than two weeks.
    let old = ((1_600_000_000_000_u64 - 1_420_070_400_000) << 22).to_string();
    rest.post(&bulk, &json!({ "messages": [ids[0], old] })).await.expect_error(400, 50034);
    rest.post(&bulk, &json!({ "messages": [ids[0], ids[0]] })).await.expect_error(400, 50035);
    rest.post(&bulk, &json!({ "messages": [ids[0], ids[1]] })).await.expect(204);
    let event = gateway.dispatch("MESSAGE_DELETE_BULK").await;
    assert_eq!(event["ids"], json!([ids[0], ids[1]]));
    let left = rest.get(&path).await.expect(200);
    assert_eq!(left.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn announcements_crosspost_to_followers() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let followed = rest
        .post(
            &format!("/channels/{}/followers", world.announcements),
            &json!({ "webhook_channel_id": world.random }),
        )
        .await
        .expect(200);
    assert_eq!(followed["channel_id"], world.announcements.as_str());
    rest.post(
        &format!("/channels/{}/followers", world.general),
        &json!({ "webhook_channel_id": world.random }),
    )
    .await
    .expect_error(400, 50024);
    let news = rest
        .post(&format!("/channels/{}/messages", world.announcements), &json!({ "content": "news" }))
        .await
        .expect(200);
    let crosspost = format!("/channels/{}/messages/{}/crosspost", world.announcements, id(&news));
    let posted = rest.post(&crosspost, &json!({})).await.expect(200);
    assert_eq!(posted["flags"].as_u64().unwrap() & 1, 1, "CROSSPOSTED");
    rest.post(&crosspost, &json!({})).await.expect_error(400, 40033);
    let copies = rest.get(&format!("/channels/{}/messages", world.random)).await.expect(200);
    let copy = &copies[0];
    assert_eq!(copy["content"], "news");
    assert_eq!(copy["flags"].as_u64().unwrap() & 2, 2, "IS_CROSSPOST");
    assert_eq!(copy["webhook_id"], followed["webhook_id"]);
    assert_eq!(copy["message_reference"]["message_id"], news["id"]);
}

#[tokio::test]
async fn reactions_are_added_listed_and_cleared() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let message = rest
        .post(&format!("/channels/{}/messages", world.general), &json!({ "content": "react" }))
        .await
        .expect(200);
    let base = format!("/channels/{}/messages/{}/reactions", world.general, id(&message));
    let thumbs = "%F0%9F%91%8D";
    rest.put(&format!("{base}/{thumbs}/@me"), &json!({})).await.expect(204);
    let added = gateway.dispatch("MESSAGE_REACTION_ADD").await;
    assert_eq!(added["emoji"]["name"], "👍");
    assert_eq!(added["user_id"], world.bot.as_str());
    // Adding it twice changes nothing and sends nothing.
    rest.put(&format!("{base}/{thumbs}/@me"), &json!({})).await.expect(204);
    let handle = emulator.handle();
    let channel = Id::new(world.general.parse().unwrap());
    let message_id = Id::new(message["id"].as_str().unwrap().parse().unwrap());
    handle.react(channel, message_id, Id::new(world.member.parse().unwrap()), "👍").unwrap();
    let users = rest.get(&format!("{base}/{thumbs}")).await.expect(200);
    assert_eq!(users.as_array().unwrap().len(), 2);
    let one = rest.get(&format!("{base}/{thumbs}?limit=1")).await.expect(200);
    assert_eq!(one.as_array().unwrap().len(), 1);
    let counted = rest
        .get(&format!("/channels/{}/messages/{}", world.general, id(&message)))
        .await
        .expect(200);
    assert_eq!(counted["reactions"][0]["count"], 2);
    assert_eq!(counted["reactions"][0]["me"], true);
    rest.delete(&format!("{base}/{thumbs}/@me")).await.expect(204);
    let removed = gateway.dispatch("MESSAGE_REACTION_REMOVE").await;
    assert_eq!(removed["user_id"], world.bot.as_str());
    rest.delete(&format!("{base}/{thumbs}/{}", world.member)).await.expect(204);
    rest.put(&format!("{base}/unknown:123/@me"), &json!({})).await.expect_error(404, 10014);
    rest.put(&format!("{base}/%E2%9C%85/@me"), &json!({})).await.expect(204);
    rest.delete(&format!("{base}/%E2%9C%85")).await.expect(204);
    assert_eq!(gateway.dispatch("MESSAGE_REACTION_REMOVE_EMOJI").await["emoji"]["name"], "✅");
    rest.put(&format!("{base}/{thumbs}/@me"), &json!({})).await.expect(204);
    rest.delete(&base).await.expect(204);
    assert_eq!(gateway.dispatch("MESSAGE_REACTION_REMOVE_ALL").await["message_id"], message["id"]);
    let cleared = rest
        .get(&format!("/channels/{}/messages/{}", world.general, id(&message)))
        .await
        .expect(200);
    assert!(cleared.get("reactions").is_none_or(|r| r.as_array().is_none_or(Vec::is_empty)));
}

#[tokio::test]
async fn pins_on_both_paths() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let path = format!("/channels/{}/messages", world.general);
    let a = rest.post(&path, &json!({ "content": "a" })).await.expect(200);
    let b = rest.post(&path, &json!({ "content": "b" })).await.expect(200);
    rest.put(&format!("/channels/{}/messages/pins/{}", world.general, id(&a)), &json!({}))
        .await
        .expect(204);
    let update = gateway.dispatch("CHANNEL_PINS_UPDATE").await;
    assert_eq!(update["channel_id"], world.general.as_str());
    assert!(update["last_pin_timestamp"].is_string());
    rest.put(&format!("/channels/{}/pins/{}", world.general, id(&b)), &json!({})).await.expect(204);
    let pins = rest.get(&format!("/channels/{}/messages/pins", world.general)).await.expect(200);
    let pinned: Vec<&str> =
        pins["items"].as_array().unwrap().iter().map(|i| id(&i["message"])).collect();
    assert_eq!(pinned, [id(&b), id(&a)], "latest pin first");
    assert_eq!(pins["has_more"], false);
    let old = rest.get(&format!("/channels/{}/pins", world.general)).await.expect(200);
    assert_eq!(old.as_array().unwrap().len(), 2);
    assert_eq!(old[0]["pinned"], true);
    let notices = rest.get(&path).await.expect(200);
    assert_eq!(notices[0]["type"], 6, "a pin notice");
    rest.delete(&format!("/channels/{}/messages/pins/{}", world.general, id(&a))).await.expect(204);
    let old = rest.get(&format!("/channels/{}/pins", world.general)).await.expect(200);
    assert_eq!(old.as_array().unwrap().iter().map(id).collect::<Vec<_>>(), [id(&b)]);
    rest.put(&format!("/channels/{}/pins/42", world.general), &json!({}))
        .await
        .expect_error(404, 10008);
}

#[tokio::test]
async fn threads_from_messages_members_and_archives() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let message = rest
        .post(&format!("/channels/{}/messages", world.general), &json!({ "content": "topic" }))
        .await
        .expect(200);
    let start = format!("/channels/{}/messages/{}/threads", world.general, id(&message));
    let thread = rest
        .post(&start, &json!({ "name": "talk", "auto_archive_duration": 60 }))
        .await
        .expect(201);
    assert_eq!(thread["id"], message["id"], "a thread from a message has its id");
    assert_eq!(thread["type"], 11);
    assert_eq!(thread["parent_id"], world.general.as_str());
    assert_eq!(thread["thread_metadata"]["auto_archive_duration"], 60);
    let created = gateway.dispatch("THREAD_CREATE").await;
    assert_eq!(created["newly_created"], true);
    rest.post(&start, &json!({ "name": "again" })).await.expect_error(400, 160_004);
    let starter = rest
        .get(&format!("/channels/{}/messages/{}", world.general, id(&message)))
        .await
        .expect(200);
    assert_eq!(starter["thread"]["id"], thread["id"]);
    let thread_id = id(&thread);

    rest.post(&format!("/channels/{thread_id}/messages"), &json!({ "content": "in thread" }))
        .await
        .expect(200);
    let members = rest.get(&format!("/channels/{thread_id}/thread-members")).await.expect(200);
    assert_eq!(members.as_array().unwrap().len(), 1, "the creator");
    rest.put(&format!("/channels/{thread_id}/thread-members/{}", world.member), &json!({}))
        .await
        .expect(204);
    let update = gateway.dispatch("THREAD_MEMBERS_UPDATE").await;
    assert_eq!(update["added_members"][0]["user_id"], world.member.as_str());
    let member = rest
        .get(&format!("/channels/{thread_id}/thread-members/{}?with_member=true", world.member))
        .await
        .expect(200);
    assert_eq!(member["member"]["user"]["id"], world.member.as_str());
    rest.delete(&format!("/channels/{thread_id}/thread-members/@me")).await.expect(204);
    rest.put(&format!("/channels/{thread_id}/thread-members/@me"), &json!({})).await.expect(204);
    assert_eq!(gateway.dispatch("THREAD_MEMBER_UPDATE").await["user_id"], world.bot.as_str());
    let active = rest.get(&format!("/guilds/{}/threads/active", world.guild)).await.expect(200);
    assert_eq!(active["threads"][0]["id"], thread["id"]);

    let archived = rest
        .patch(&format!("/channels/{thread_id}"), &json!({ "archived": true }))
        .await
        .expect(200);
    assert_eq!(archived["thread_metadata"]["archived"], true);
    assert_eq!(gateway.dispatch("THREAD_UPDATE").await["thread_metadata"]["archived"], true);
    rest.put(&format!("/channels/{thread_id}/thread-members/{}", world.moderator), &json!({}))
        .await
        .expect_error(400, 50083);
    let list =
        rest.get(&format!("/channels/{}/threads/archived/public", world.general)).await.expect(200);
    assert_eq!(list["threads"][0]["id"], thread["id"]);
    assert_eq!(list["has_more"], false);
    // Posting unarchives an unlocked thread.
    rest.post(&format!("/channels/{thread_id}/messages"), &json!({ "content": "back" }))
        .await
        .expect(200);
    let channel = rest.get(&format!("/channels/{thread_id}")).await.expect(200);
    assert_eq!(channel["thread_metadata"]["archived"], false);
    assert_eq!(channel["message_count"], 2);

    // Private threads need CREATE_PRIVATE_THREADS, which the bot's role lacks.
    rest.post(&format!("/channels/{}/threads", world.general), &json!({ "name": "secret" }))
        .await
        .expect_error(403, 50013);
    let public = rest
        .post(
            &format!("/channels/{}/threads", world.general),
            &json!({ "name": "open", "type": 11 }),
        )
        .await
        .expect(201);
    assert_eq!(public["type"], 11);
    rest.delete(&format!("/channels/{}", id(&public))).await.expect(200);
    assert_eq!(gateway.dispatch("THREAD_DELETE").await["id"], public["id"]);
}

#[tokio::test]
async fn forum_posts_open_a_thread_with_its_first_message() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let forum = rest
        .post(&format!("/guilds/{}/channels", world.guild), &json!({ "name": "Help Desk", "type": 15, "available_tags": [{ "id": "1", "name": "bug", "moderated": false }] }))
        .await
        .expect(201);
    assert_eq!(forum["name"], "help-desk");
    let tag = forum["available_tags"][0]["id"].clone();
    let posts = format!("/channels/{}/threads", id(&forum));
    rest.post(&posts, &json!({ "name": "no message" })).await.expect_error(400, 50035);
    let post = rest
        .post(
            &posts,
            &json!({ "name": "It broke", "message": { "content": "help" }, "applied_tags": [tag] }),
        )
        .await
        .expect(201);
    assert_eq!(post["message"]["content"], "help");
    assert_eq!(post["message"]["id"], post["id"], "a post's first message has the thread's id");
    assert_eq!(post["applied_tags"][0], tag);
    rest.post(&format!("/channels/{}/messages", id(&forum)), &json!({ "content": "direct" }))
        .await
        .expect_error(400, 50008);
}
