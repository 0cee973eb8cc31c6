//! Interactions from start to finish: the handle runs commands, clicks and submits as users;
//! the app answers over raw HTTP; the deadlines (3-second first response, 15-minute token)
//! hold with short test timings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

mod rest_support;

use std::time::Duration;

use accord_emulator::{CommandCall, Emulator, InteractionError, PendingInteraction};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, UserMarker};
use accord_model::interaction::{CommandOptionValue, InteractionCallbackType, InteractionData};
use rest_support::{Gateway, Rest, WAIT, World, builder, timings};
use serde_json::{Value, json};

struct Setup {
    emulator: Emulator,
    rest: Rest,
    world: World,
    user: Id<UserMarker>,
    general: Id<ChannelMarker>,
}

async fn setup(configure: impl FnOnce(&mut accord_emulator::Timings)) -> Setup {
    let mut timings = timings();
    configure(&mut timings);
    let emulator = builder().timings(timings).start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let user = Id::new(world.member.parse().unwrap());
    let general = Id::new(world.general.parse().unwrap());
    Setup { emulator, rest, world, user, general }
}

impl Setup {
    async fn register(&self, command: Value) -> Value {
        self.rest
            .post(&format!("/applications/{}/commands", self.world.application), &command)
            .await
            .expect(201)
    }

    async fn callback(&self, pending: &PendingInteraction, body: &Value) -> rest_support::Response {
        let path = format!("/api/v10/interactions/{}/{}/callback", pending.id(), pending.token());
        self.rest
            .raw(
                "POST",
                &path,
                &[("Content-Type", "application/json")],
                body.to_string().as_bytes(),
            )
            .await
    }

    async fn callback_with_response(
        &self,
        pending: &PendingInteraction,
        body: &Value,
    ) -> rest_support::Response {
        let path = format!(
            "/api/v10/interactions/{}/{}/callback?with_response=true",
            pending.id(),
            pending.token()
        );
        self.rest
            .raw(
                "POST",
                &path,
                &[("Content-Type", "application/json")],
                body.to_string().as_bytes(),
            )
            .await
    }

    /// A followup route: `/webhooks/{application}/{token}{rest}`.
    async fn followup(
        &self,
        method: &str,
        pending: &PendingInteraction,
        rest: &str,
        body: Option<&Value>,
    ) -> rest_support::Response {
        let path =
            format!("/api/v10/webhooks/{}/{}{rest}", self.world.application, pending.token());
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        self.rest.raw(method, &path, &[("Content-Type", "application/json")], &bytes).await
    }
}

fn ping() -> Value {
    json!({ "name": "ping", "description": "Replies", "options": [
        { "type": 3, "name": "text", "description": "what to say", "required": true },
        { "type": 4, "name": "times", "description": "how often", "min_value": 1, "max_value": 5 },
        { "type": 6, "name": "who", "description": "someone" },
    ]})
}

#[tokio::test]
async fn a_slash_command_is_dispatched_answered_and_followed_up() {
    let s = setup(|_| {}).await;
    let command = s.register(ping()).await;
    let mut gateway = Gateway::connect(&s.emulator).await;
    let call = CommandCall::slash(s.user, s.general, "ping")
        .option("text", "hello")
        .option("times", 2_i64)
        .option("who", Id::<UserMarker>::new(s.world.moderator.parse().unwrap()));
    let pending = s.emulator.handle().run_command(call).unwrap();
    let dispatched = gateway.dispatch("INTERACTION_CREATE").await;
    assert_eq!(dispatched["id"].as_str().unwrap(), pending.id().to_string());
    assert_eq!(dispatched["type"], 2);
    assert_eq!(dispatched["token"], pending.token());
    assert_eq!(dispatched["data"]["id"], command["id"]);
    assert_eq!(
        dispatched["data"]["options"][0],
        json!({ "name": "text", "type": 3, "value": "hello" })
    );
    assert_eq!(dispatched["data"]["options"][1]["value"], 2);
    assert_eq!(
        dispatched["data"]["resolved"]["users"][s.world.moderator.as_str()]["id"],
        s.world.moderator.as_str()
    );
    assert_eq!(dispatched["member"]["user"]["id"], s.world.member.as_str());
    assert!(dispatched["member"]["permissions"].is_string());
    assert!(dispatched.get("user").is_none(), "guild interactions carry the member");
    assert_eq!(dispatched["guild_id"], s.world.guild.as_str());
    assert_eq!(dispatched["channel"]["id"], s.world.general.as_str());
    assert!(dispatched["app_permissions"].is_string());
    assert_eq!(dispatched["locale"], "en-US");
    assert_eq!(dispatched["entitlements"], json!([]));
    assert_eq!(dispatched["authorizing_integration_owners"]["0"], s.world.guild.as_str());
    assert_eq!(dispatched["context"], 0);
    assert_eq!(dispatched["version"], 1);

    let answered = s.callback(&pending, &json!({ "type": 4, "data": { "content": "pong" } })).await;
    assert_eq!(answered.status, 204);
    let response = pending.response().await.expect("answered");
    assert_eq!(response.kind, InteractionCallbackType::ChannelMessageWithSource);
    let created = gateway.dispatch("MESSAGE_CREATE").await;
    assert_eq!(created["content"], "pong");
    assert_eq!(created["type"], 20);
    assert_eq!(created["interaction_metadata"]["id"].as_str().unwrap(), pending.id().to_string());
    assert_eq!(created["interaction_metadata"]["user"]["id"], s.world.member.as_str());
    assert_eq!(created["webhook_id"], s.world.application.as_str());
    s.callback(&pending, &json!({ "type": 4, "data": { "content": "again" } }))
        .await
        .expect_error(400, 40060);

    let followup =
        s.followup("POST", &pending, "", Some(&json!({ "content": "more" }))).await.expect(200);
    assert_eq!(followup["content"], "more");
    assert_eq!(followup["interaction_metadata"]["original_response_message_id"], created["id"]);
    let original = s.followup("GET", &pending, "/messages/@original", None).await.expect(200);
    assert_eq!(original["id"], created["id"]);
    let edited = s
        .followup("PATCH", &pending, "/messages/@original", Some(&json!({ "content": "pong!" })))
        .await
        .expect(200);
    assert_eq!(edited["content"], "pong!");
    assert_eq!(gateway.dispatch("MESSAGE_UPDATE").await["content"], "pong!");
    let followup_path = format!("/messages/{}", followup["id"].as_str().unwrap());
    s.followup("DELETE", &pending, &followup_path, None).await.expect(204);
    s.followup("GET", &pending, &followup_path, None).await.expect_error(404, 10008);
    let outcome = pending.outcome();
    assert_eq!(outcome.original.unwrap().content, "pong!");
    assert!(outcome.followups.is_empty());
    assert_eq!(s.emulator.handle().messages(s.general).len(), 1);
}

#[tokio::test]
async fn the_first_response_has_a_deadline() {
    let s = setup(|t| t.interaction_response = Duration::from_millis(150)).await;
    s.register(ping()).await;
    let pending = s
        .emulator
        .handle()
        .run_command(CommandCall::slash(s.user, s.general, "ping").option("text", "late"))
        .unwrap();
    assert!(pending.response().await.is_none(), "no answer within the deadline");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let late = s.callback(&pending, &json!({ "type": 4, "data": { "content": "too late" } })).await;
    assert_eq!(late.expect_error(404, 10062)["message"], "Unknown interaction");
    // A never-answered interaction takes no followups either.
    s.followup("POST", &pending, "", Some(&json!({ "content": "x" })))
        .await
        .expect_error(404, 10015);
    let wrong = s
        .emulator
        .handle()
        .run_command(CommandCall::slash(s.user, s.general, "ping").option("text", "x"))
        .unwrap();
    let path = format!("/api/v10/interactions/{}/not-the-token/callback", wrong.id());
    s.rest
        .raw("POST", &path, &[("Content-Type", "application/json")], br#"{"type":5}"#)
        .await
        .expect_error(404, 10062);
}

#[tokio::test]
async fn the_token_expires_for_followups() {
    let s = setup(|t| t.interaction_token = Duration::from_millis(300)).await;
    s.register(ping()).await;
    let pending = s
        .emulator
        .handle()
        .run_command(CommandCall::slash(s.user, s.general, "ping").option("text", "x"))
        .unwrap();
    s.callback(&pending, &json!({ "type": 5 })).await.expect(204);
    s.followup("POST", &pending, "", Some(&json!({ "content": "in time" }))).await.expect(200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let expired = s.followup("POST", &pending, "", Some(&json!({ "content": "late" }))).await;
    expired.expect_error(401, 50027);
    s.followup("PATCH", &pending, "/messages/@original", Some(&json!({ "content": "late" })))
        .await
        .expect_error(401, 50027);
    s.followup("GET", &pending, "/messages/@original", None).await.expect_error(401, 50027);
}

#[tokio::test]
async fn deferred_and_ephemeral_responses() {
    let s = setup(|_| {}).await;
    s.register(ping()).await;
    let handle = s.emulator.handle();
    let pending = handle
        .run_command(CommandCall::slash(s.user, s.general, "ping").option("text", "x"))
        .unwrap();
    let answered = s.callback_with_response(&pending, &json!({ "type": 5 })).await.expect(200);
    assert_eq!(answered["interaction"]["id"].as_str().unwrap(), pending.id().to_string());
    assert_eq!(answered["interaction"]["response_message_loading"], true);
    assert_eq!(answered["resource"]["type"], 5);
    let loading = answered["resource"]["message"].clone();
    assert_eq!(loading["flags"].as_u64().unwrap() & 128, 128, "LOADING");
    let done = s
        .followup(
            "PATCH",
            &pending,
            "/messages/@original",
            Some(&json!({ "content": "done thinking" })),
        )
        .await
        .expect(200);
    assert_eq!(done["id"], loading["id"]);
    assert_eq!(done["flags"].as_u64().unwrap() & 128, 0, "no longer loading");
    assert_eq!(handle.messages(s.general).last().unwrap().content, "done thinking");

    let secret = handle
        .run_command(CommandCall::slash(s.user, s.general, "ping").option("text", "x"))
        .unwrap();
    s.callback(&secret, &json!({ "type": 4, "data": { "content": "only you", "flags": 64 } }))
        .await
        .expect(204);
    let outcome = secret.wait_for(WAIT, |o| o.original.is_some()).await.unwrap();
    let original = outcome.original.unwrap();
    assert_eq!(original.content, "only you");
    assert!(original.flags().contains(accord_model::message::MessageFlags::EPHEMERAL));
    assert!(
        handle.messages(s.general).iter().all(|m| m.id != original.id),
        "ephemeral messages stay out of the channel"
    );
    let edited = s
        .followup(
            "PATCH",
            &secret,
            "/messages/@original",
            Some(&json!({ "content": "still only you" })),
        )
        .await
        .expect(200);
    assert_eq!(edited["content"], "still only you");
    let hidden = s
        .followup("POST", &secret, "", Some(&json!({ "content": "psst", "flags": 64 })))
        .await
        .expect(200);
    assert_eq!(secret.outcome().followups[0].id.to_string(), hidden["id"].as_str().unwrap());
    s.callback(&secret, &json!({ "type": 4, "data": { "content": "no" } }))
        .await
        .expect_error(400, 40060);
    // An empty message response is refused, and a response type must fit the interaction.
    let third = handle
        .run_command(CommandCall::slash(s.user, s.general, "ping").option("text", "x"))
        .unwrap();
    s.callback(&third, &json!({ "type": 4, "data": {} })).await.expect_error(400, 50006);
    s.callback(&third, &json!({ "type": 7, "data": { "content": "update what?" } }))
        .await
        .expect_error(400, 50035);
    s.callback(&third, &json!({ "type": 4, "data": { "content": "x".repeat(2001) } }))
        .await
        .expect_error(400, 50035);
    s.callback(&third, &json!({ "type": 4, "data": { "content": "fine" } })).await.expect(204);
}

#[tokio::test]
async fn buttons_and_selects_update_their_message() {
    let s = setup(|_| {}).await;
    let mut gateway = Gateway::connect(&s.emulator).await;
    let components = json!([
        { "type": 1, "components": [{ "type": 2, "style": 1, "label": "Go", "custom_id": "go" }, { "type": 2, "style": 5, "label": "Docs", "url": "https://example.com" }] },
        { "type": 1, "components": [{ "type": 3, "custom_id": "pick", "options": [{ "label": "A", "value": "a" }, { "label": "B", "value": "b" }], "max_values": 2 }] },
    ]);
    let message = s
        .rest
        .post(
            &format!("/channels/{}/messages", s.world.general),
            &json!({ "content": "choose", "components": components }),
        )
        .await
        .expect(200);
    let message_id = Id::new(message["id"].as_str().unwrap().parse().unwrap());
    let handle = s.emulator.handle();
    let click = handle.click_button(s.user, s.general, message_id, "go").unwrap();
    let dispatched = gateway.dispatch("INTERACTION_CREATE").await;
    assert_eq!(dispatched["type"], 3);
    assert_eq!(dispatched["data"]["custom_id"], "go");
    assert_eq!(dispatched["data"]["component_type"], 2);
    assert_eq!(dispatched["message"]["id"], message["id"]);
    s.callback(&click, &json!({ "type": 7, "data": { "content": "clicked", "components": [] } }))
        .await
        .expect(204);
    let updated = gateway.dispatch("MESSAGE_UPDATE").await;
    assert_eq!(updated["content"], "clicked");
    assert_eq!(click.outcome().original.unwrap().content, "clicked");
    assert_eq!(
        handle.click_button(s.user, s.general, message_id, "go").unwrap_err(),
        InteractionError::UnknownComponent("go".into())
    );

    let message = s
        .rest
        .post(
            &format!("/channels/{}/messages", s.world.general),
            &json!({ "content": "again", "components": components }),
        )
        .await
        .expect(200);
    let message_id = Id::new(message["id"].as_str().unwrap().parse().unwrap());
    assert!(matches!(
        handle.click_button(s.user, s.general, message_id, "https://example.com"),
        Err(InteractionError::UnknownComponent(_))
    ));
    assert!(matches!(
        handle.select(s.user, s.general, message_id, "pick", &["c"]),
        Err(InteractionError::InvalidOption(_))
    ));
    let select = handle.select(s.user, s.general, message_id, "pick", &["a", "b"]).unwrap();
    match &select.interaction().data {
        Some(InteractionData::MessageComponent(data)) => assert_eq!(data.values(), ["a", "b"]),
        other => panic!("component data expected: {other:?}"),
    }
    s.callback(&select, &json!({ "type": 6 })).await.expect(204);
    let edited = s
        .followup(
            "PATCH",
            &select,
            "/messages/@original",
            Some(&json!({ "content": "picked a and b" })),
        )
        .await
        .expect(200);
    assert_eq!(edited["id"], message["id"], "a deferred update edits the component's message");
    assert_eq!(
        handle.messages(s.general).iter().find(|m| m.id == message_id).unwrap().content,
        "picked a and b"
    );
}

#[tokio::test]
async fn modals_open_and_are_submitted() {
    let s = setup(|_| {}).await;
    s.register(json!({ "name": "feedback", "description": "Tell us" })).await;
    let handle = s.emulator.handle();
    let opened = handle.run_command(CommandCall::slash(s.user, s.general, "feedback")).unwrap();
    assert_eq!(handle.submit_modal(&opened, &[]).unwrap_err(), InteractionError::NoModal);
    let modal = json!({ "type": 9, "data": { "custom_id": "form", "title": "Feedback", "components": [
        { "type": 1, "components": [{ "type": 4, "custom_id": "opinion", "style": 2, "label": "Opinion" }] },
        { "type": 18, "label": "Mood", "component": { "type": 4, "custom_id": "mood", "style": 1, "required": false } },
    ]}});
    s.callback(
        &opened,
        &json!({ "type": 9, "data": { "custom_id": "", "title": "x", "components": [] } }),
    )
    .await
    .expect_error(400, 50035);
    s.callback(&opened, &modal).await.expect(204);
    let shown = opened.modal().await.expect("a modal");
    assert_eq!(shown.custom_id, "form");
    assert_eq!(
        handle.submit_modal(&opened, &[("mood", "ok")]).unwrap_err(),
        InteractionError::MissingField("opinion".into())
    );
    assert_eq!(
        handle.submit_modal(&opened, &[("nope", "x")]).unwrap_err(),
        InteractionError::UnknownField("nope".into())
    );
    let mut gateway = Gateway::connect(&s.emulator).await;
    let submitted =
        handle.submit_modal(&opened, &[("opinion", "great"), ("mood", "happy")]).unwrap();
    let dispatched = gateway.dispatch("INTERACTION_CREATE").await;
    assert_eq!(dispatched["type"], 5);
    assert_eq!(dispatched["data"]["custom_id"], "form");
    assert_eq!(
        dispatched["data"]["components"][0]["components"][0],
        json!({ "type": 4, "custom_id": "opinion", "value": "great" })
    );
    assert_eq!(dispatched["data"]["components"][1]["component"]["value"], "happy");
    // A modal cannot answer a modal, and a submit from a command cannot update a message.
    s.callback(&submitted, &json!({ "type": 9, "data": modal["data"] }))
        .await
        .expect_error(400, 50035);
    s.callback(&submitted, &json!({ "type": 4, "data": { "content": "thanks" } }))
        .await
        .expect(204);
    assert_eq!(submitted.outcome().original.unwrap().content, "thanks");
}

#[tokio::test]
async fn autocomplete_choices_are_read_back() {
    let s = setup(|_| {}).await;
    s.register(json!({ "name": "search", "description": "Find", "options": [
        { "type": 3, "name": "query", "description": "q", "autocomplete": true, "required": true },
        { "type": 3, "name": "plain", "description": "p" },
    ]}))
    .await;
    let handle = s.emulator.handle();
    let call = CommandCall::slash(s.user, s.general, "search").option("query", "ru").focus("query");
    let pending = handle.autocomplete(call).unwrap();
    let data = pending.interaction().command_data().unwrap();
    assert_eq!(pending.interaction().kind.value(), 4);
    assert_eq!(data.focused().unwrap().value, Some(CommandOptionValue::String("ru".into())));
    let bad = handle.autocomplete(
        CommandCall::slash(s.user, s.general, "search").option("plain", "x").focus("plain"),
    );
    assert!(matches!(bad, Err(InteractionError::InvalidOption(_))));
    s.callback(&pending, &json!({ "type": 4, "data": { "content": "no" } }))
        .await
        .expect_error(400, 50035);
    let too_many: Vec<Value> =
        (0..26).map(|i| json!({ "name": format!("c{i}"), "value": format!("c{i}") })).collect();
    s.callback(&pending, &json!({ "type": 8, "data": { "choices": too_many } }))
        .await
        .expect_error(400, 50035);
    s.callback(&pending, &json!({ "type": 8, "data": { "choices": [{ "name": "Rust", "value": "rust" }, { "name": "Ruby", "value": "ruby" }] } })).await.expect(204);
    let choices = pending.autocomplete_choices().await.unwrap();
    assert_eq!(choices.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Rust", "Ruby"]);
    // Autocomplete takes no followups.
    s.followup("POST", &pending, "", Some(&json!({ "content": "x" })))
        .await
        .expect_error(404, 10015);
}

#[tokio::test]
async fn context_menu_commands_and_dms() {
    let s = setup(|_| {}).await;
    let handle = s.emulator.handle();
    s.register(json!({ "name": "Profile", "type": 2 })).await;
    s.register(json!({ "name": "Quote", "type": 3 })).await;
    s.register(json!({ "name": "hello", "description": "Hi", "contexts": [0, 1] })).await;
    s.register(json!({ "name": "guildonly", "description": "Guild only", "contexts": [0] })).await;
    let target: Id<UserMarker> = Id::new(s.world.moderator.parse().unwrap());
    let profile =
        handle.run_command(CommandCall::user(s.user, s.general, "Profile", target)).unwrap();
    let data = profile.interaction().command_data().unwrap();
    assert_eq!(data.target_id.unwrap().get(), target.get());
    assert!(data.resolved.as_ref().unwrap().member(target).is_some());
    s.callback(&profile, &json!({ "type": 4, "data": { "content": "profile" } })).await.expect(204);
    assert_eq!(profile.outcome().original.unwrap().kind.value(), 23);
    let said = handle.send_message(s.general, s.user, "quote me").unwrap();
    let quote =
        handle.run_command(CommandCall::message(s.user, s.general, "Quote", said.id)).unwrap();
    assert_eq!(
        quote
            .interaction()
            .command_data()
            .unwrap()
            .resolved
            .as_ref()
            .unwrap()
            .message(said.id)
            .unwrap()
            .content,
        "quote me"
    );
    assert_eq!(
        handle
            .run_command(CommandCall::message(s.user, s.general, "Quote", Id::new(42)))
            .unwrap_err(),
        InteractionError::UnknownMessage
    );

    let dm = s
        .rest
        .post("/users/@me/channels", &json!({ "recipient_id": s.world.member }))
        .await
        .expect(200);
    let dm: Id<ChannelMarker> = Id::new(dm["id"].as_str().unwrap().parse().unwrap());
    let hello = handle.run_command(CommandCall::slash(s.user, dm, "hello")).unwrap();
    let interaction = hello.interaction();
    assert!(interaction.member.is_none() && interaction.user.is_some(), "DMs carry the user");
    assert_eq!(
        serde_json::to_value(interaction).unwrap()["authorizing_integration_owners"]["0"],
        "0"
    );
    assert_eq!(serde_json::to_value(interaction).unwrap()["context"], 1);
    s.callback(&hello, &json!({ "type": 4, "data": { "content": "hi in DM" } })).await.expect(204);
    assert_eq!(handle.messages(dm).last().unwrap().content, "hi in DM");
    assert_eq!(
        handle.run_command(CommandCall::slash(s.user, dm, "guildonly")).unwrap_err(),
        InteractionError::UnknownCommand("guildonly".into())
    );
    let other: Id<UserMarker> = Id::new(s.world.moderator.parse().unwrap());
    assert_eq!(
        handle.run_command(CommandCall::slash(other, dm, "hello")).unwrap_err(),
        InteractionError::NotAMember
    );
}

#[tokio::test]
async fn commands_must_exist_take_valid_options_and_respect_permissions() {
    let s = setup(|_| {}).await;
    let handle = s.emulator.handle();
    assert_eq!(
        handle.run_command(CommandCall::slash(s.user, s.general, "ping")).unwrap_err(),
        InteractionError::UnknownCommand("ping".into())
    );
    s.register(ping()).await;
    assert_eq!(
        handle.run_command(CommandCall::slash(s.user, s.general, "ping")).unwrap_err(),
        InteractionError::MissingOption("text".into())
    );
    let wrong_type = CommandCall::slash(s.user, s.general, "ping").option("text", 5_i64);
    assert_eq!(
        handle.run_command(wrong_type).unwrap_err(),
        InteractionError::InvalidOption("text".into())
    );
    let out_of_range =
        CommandCall::slash(s.user, s.general, "ping").option("text", "x").option("times", 9_i64);
    assert_eq!(
        handle.run_command(out_of_range).unwrap_err(),
        InteractionError::InvalidOption("times".into())
    );
    let unknown =
        CommandCall::slash(s.user, s.general, "ping").option("text", "x").option("nope", true);
    assert_eq!(
        handle.run_command(unknown).unwrap_err(),
        InteractionError::InvalidOption("nope".into())
    );
    let hidden: Id<ChannelMarker> = Id::new(s.world.mod_log.parse().unwrap());
    assert_eq!(
        handle
            .run_command(CommandCall::slash(s.user, hidden, "ping").option("text", "x"))
            .unwrap_err(),
        InteractionError::NotPermitted
    );
    let mods_only = s
        .register(
            json!({ "name": "purge", "description": "Mods", "default_member_permissions": "8192" }),
        )
        .await;
    assert_eq!(
        handle.run_command(CommandCall::slash(s.user, s.general, "purge")).unwrap_err(),
        InteractionError::NotPermitted
    );
    let moderator: Id<UserMarker> = Id::new(s.world.moderator.parse().unwrap());
    handle.run_command(CommandCall::slash(moderator, s.general, "purge")).unwrap();
    // A guild permission overwrite lets one user in.
    let overwrite =
        json!({ "permissions": [{ "id": s.world.member, "type": 2, "permission": true }] });
    let path = format!(
        "/applications/{}/guilds/{}/commands/{}/permissions",
        s.world.application,
        s.world.guild,
        mods_only["id"].as_str().unwrap()
    );
    s.rest.put(&path, &overwrite).await.expect(200);
    handle.run_command(CommandCall::slash(s.user, s.general, "purge")).unwrap();
    // Subcommands nest their options.
    s.register(json!({ "name": "config", "description": "Settings", "options": [
        { "type": 1, "name": "set", "description": "Set one", "options": [{ "type": 5, "name": "on", "description": "on?", "required": true }] },
    ]}))
    .await;
    let set = handle
        .run_command(
            CommandCall::slash(s.user, s.general, "config").subcommand("set").option("on", true),
        )
        .unwrap();
    let options = set.interaction().command_data().unwrap().options();
    assert_eq!(options[0].name, "set");
    assert_eq!(
        options[0].options.as_ref().unwrap()[0].value,
        Some(CommandOptionValue::Boolean(true))
    );
    assert_eq!(
        handle.run_command(CommandCall::slash(s.user, s.general, "config")).unwrap_err(),
        InteractionError::MissingOption("set".into())
    );
}
