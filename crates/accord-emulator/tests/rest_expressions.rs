//! Emojis (guild and application), stickers, scheduled events and stage instances over raw
//! HTTP, in a guild the bot owns, with the gateway events each change sends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod rest_support;

use rest_support::{Gateway, Rest, World, builder};
use serde_json::{Value, json};

fn id(value: &Value) -> &str {
    value["id"].as_str().expect("an id")
}

#[tokio::test]
async fn emojis_and_stickers() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let image = "data:image/png;base64,iVBORw0KGgo=";
    rest.post(
        &format!("/guilds/{}/emojis", world.guild),
        &json!({ "name": "nope", "image": image }),
    )
    .await
    .expect_error(403, 50013);
    let guild = emulator.handle().create_guild("Mine", None).unwrap();
    let g = guild.id.to_string();
    let mut gateway = Gateway::connect(&emulator).await;

    let emoji = rest
        .post(&format!("/guilds/{g}/emojis"), &json!({ "name": "party_blob", "image": image }))
        .await
        .expect(201);
    assert_eq!(gateway.dispatch("GUILD_EMOJIS_UPDATE").await["emojis"][0]["name"], "party_blob");
    rest.post(
        &format!("/guilds/{g}/emojis"),
        &json!({ "name": "bad name", "image": "not an image" }),
    )
    .await
    .expect_error(400, 50035);
    assert_eq!(
        rest.get(&format!("/guilds/{g}/emojis")).await.expect(200).as_array().unwrap().len(),
        1
    );
    let renamed = rest
        .patch(&format!("/guilds/{g}/emojis/{}", id(&emoji)), &json!({ "name": "blob" }))
        .await
        .expect(200);
    assert_eq!(renamed["name"], "blob");
    let general = emulator
        .handle()
        .channels(guild.id)
        .into_iter()
        .find(|c| c.name.as_deref() == Some("general"))
        .unwrap()
        .id;
    let message = rest
        .post(&format!("/channels/{general}/messages"), &json!({ "content": "react" }))
        .await
        .expect(200);
    rest.put(
        &format!("/channels/{general}/messages/{}/reactions/blob:{}/@me", id(&message), id(&emoji)),
        &json!({}),
    )
    .await
    .expect(204);
    assert_eq!(gateway.dispatch("MESSAGE_REACTION_ADD").await["emoji"]["id"], emoji["id"]);
    rest.delete(&format!("/guilds/{g}/emojis/{}", id(&emoji))).await.expect(204);
    rest.get(&format!("/guilds/{g}/emojis/{}", id(&emoji))).await.expect_error(404, 10014);

    let apps = format!("/applications/{}/emojis", world.application);
    let app_emoji =
        rest.post(&apps, &json!({ "name": "app_emoji", "image": image })).await.expect(201);
    rest.post(&apps, &json!({ "name": "app_emoji", "image": image }))
        .await
        .expect_error(400, 50035);
    assert_eq!(rest.get(&apps).await.expect(200)["items"][0]["id"], app_emoji["id"]);
    rest.patch(&format!("{apps}/{}", id(&app_emoji)), &json!({ "name": "renamed" }))
        .await
        .expect(200);
    rest.delete(&format!("{apps}/{}", id(&app_emoji))).await.expect(204);
    rest.get(&format!("{apps}/{}", id(&app_emoji))).await.expect_error(404, 10014);

    let payload = json!({ "name": "wave", "description": "hi", "tags": "wave" });
    let sticker = rest
        .multipart(
            "POST",
            &format!("/guilds/{g}/stickers"),
            &payload,
            &[("wave.png", "image/png", b"\x89PNG")],
        )
        .await
        .expect(201);
    assert_eq!(sticker["format_type"], 1);
    assert_eq!(gateway.dispatch("GUILD_STICKERS_UPDATE").await["stickers"][0]["name"], "wave");
    rest.multipart("POST", &format!("/guilds/{g}/stickers"), &payload, &[])
        .await
        .expect_error(400, 50035);
    assert_eq!(rest.get(&format!("/stickers/{}", id(&sticker))).await.expect(200)["name"], "wave");
    let sent = rest
        .post(&format!("/channels/{general}/messages"), &json!({ "sticker_ids": [id(&sticker)] }))
        .await
        .expect(200);
    assert_eq!(sent["sticker_items"][0]["id"], sticker["id"]);
    rest.patch(&format!("/guilds/{g}/stickers/{}", id(&sticker)), &json!({ "name": "waves" }))
        .await
        .expect(200);
    rest.delete(&format!("/guilds/{g}/stickers/{}", id(&sticker))).await.expect(204);
    rest.get(&format!("/guilds/{g}/stickers/{}", id(&sticker))).await.expect_error(404, 10060);
}

#[tokio::test]
async fn scheduled_events_and_stages() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let guild = emulator.handle().create_guild("Mine", None).unwrap();
    let g = guild.id.to_string();
    let general = emulator
        .handle()
        .channels(guild.id)
        .into_iter()
        .find(|c| c.name.as_deref() == Some("general"))
        .unwrap()
        .id;
    let mut gateway = Gateway::connect(&emulator).await;
    let soon = accord_model::util::Timestamp::from_micros(
        accord_model::util::Timestamp::now().as_micros() + 3_600_000_000,
    );
    let later = accord_model::util::Timestamp::from_micros(soon.as_micros() + 3_600_000_000);
    let events = format!("/guilds/{g}/scheduled-events");
    let external = json!({ "name": "Meetup", "privacy_level": 2, "entity_type": 3, "scheduled_start_time": soon, "scheduled_end_time": later, "entity_metadata": { "location": "The park" } });
    let event = rest.post(&events, &external).await.expect(200);
    assert_eq!(event["status"], 1);
    assert_eq!(gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE").await["name"], "Meetup");
    let no_place = json!({ "name": "Nowhere", "privacy_level": 2, "entity_type": 3, "scheduled_start_time": soon, "scheduled_end_time": later });
    rest.post(&events, &no_place).await.expect_error(400, 50035);
    let past = json!({ "name": "Past", "privacy_level": 2, "entity_type": 3, "scheduled_start_time": "2020-01-01T00:00:00+00:00", "entity_metadata": { "location": "x" } });
    rest.post(&events, &past).await.expect_error(400, 50035);
    assert_eq!(
        rest.get(&format!("{events}?with_user_count=true")).await.expect(200)[0]["user_count"],
        0
    );
    let event_path = format!("{events}/{}", id(&event));
    assert_eq!(rest.patch(&event_path, &json!({ "status": 2 })).await.expect(200)["status"], 2);
    assert_eq!(gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE").await["status"], 2);
    rest.patch(&event_path, &json!({ "status": 1 })).await.expect_error(400, 50035);
    assert_eq!(rest.get(&format!("{event_path}/users")).await.expect(200), json!([]));
    rest.delete(&event_path).await.expect(204);
    assert_eq!(gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE").await["id"], event["id"]);
    rest.get(&event_path).await.expect_error(404, 10070);

    let stage_channel = rest
        .post(&format!("/guilds/{g}/channels"), &json!({ "name": "Stage", "type": 13 }))
        .await
        .expect(201);
    rest.post("/stage-instances", &json!({ "channel_id": general.to_string(), "topic": "talk" }))
        .await
        .expect_error(400, 50024);
    let stage = rest
        .post(
            "/stage-instances",
            &json!({ "channel_id": id(&stage_channel), "topic": "Town hall" }),
        )
        .await
        .expect(200);
    assert_eq!(gateway.dispatch("STAGE_INSTANCE_CREATE").await["topic"], "Town hall");
    let stage_path = format!("/stage-instances/{}", id(&stage_channel));
    assert_eq!(rest.get(&stage_path).await.expect(200)["id"], stage["id"]);
    assert_eq!(
        rest.patch(&stage_path, &json!({ "topic": "Q&A" })).await.expect(200)["topic"],
        "Q&A"
    );
    rest.delete(&stage_path).await.expect(204);
    assert_eq!(gateway.dispatch("STAGE_INSTANCE_DELETE").await["id"], stage["id"]);
    rest.get(&stage_path).await.expect_error(404, 10067);
}
