//! Guilds, channels, roles, members, bans, invites, webhooks, application commands and the
//! current user over raw HTTP, with the gateway events each change sends.
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
async fn the_current_user_and_its_guilds() {
    let emulator = builder().guilds(3).start().await.unwrap();
    let rest = Rest::new(&emulator);
    let guilds = rest.get("/users/@me/guilds?with_counts=true").await.expect(200);
    let guilds = guilds.as_array().unwrap();
    assert_eq!(guilds.len(), 3);
    assert!(guilds[0]["permissions"].is_string());
    assert_eq!(guilds[0]["approximate_member_count"], 9);
    let first = id(&guilds[0]);
    let after = rest.get(&format!("/users/@me/guilds?after={first}&limit=1")).await.expect(200);
    assert_eq!(after.as_array().unwrap().len(), 1);
    assert_eq!(after[0]["id"], guilds[1]["id"]);
    let member = rest.get(&format!("/users/@me/guilds/{first}/member")).await.expect(200);
    assert_eq!(member["user"]["id"].as_str().unwrap(), emulator.bot_user_id().to_string());
    let guild = rest.get(&format!("/guilds/{first}?with_counts=true")).await.expect(200);
    assert_eq!(guild["approximate_member_count"], 9);
    assert!(guild["roles"].as_array().unwrap().len() >= 4);
    let preview = rest.get(&format!("/guilds/{first}/preview")).await.expect(200);
    assert_eq!(preview["name"], guild["name"]);
    rest.patch(&format!("/guilds/{first}"), &json!({ "name": "Renamed" }))
        .await
        .expect_error(403, 50013);
    let user =
        rest.get(&format!("/users/{}", member["user"]["id"].as_str().unwrap())).await.expect(200);
    assert_eq!(user["bot"], true);
    let renamed = rest.patch("/users/@me", &json!({ "username": "newname" })).await.expect(200);
    assert_eq!(renamed["username"], "newname");
    rest.patch("/users/@me", &json!({ "username": "x" })).await.expect_error(400, 50035);
    let app = rest.get("/applications/@me").await.expect(200);
    assert_eq!(app["id"].as_str().unwrap(), emulator.application_id().to_string());
    assert_eq!(app["bot"]["username"], "newname");
    let changed =
        rest.patch("/applications/@me", &json!({ "description": "does things" })).await.expect(200);
    assert_eq!(changed["description"], "does things");
    rest.get("/applications/42").await.expect_error(404, 10002);
    assert_eq!(rest.get("/voice/regions").await.expect(200)[0]["optimal"], true);
    let mut gateway = Gateway::connect(&emulator).await;
    rest.delete(&format!("/users/@me/guilds/{first}")).await.expect(204);
    let gone = gateway.dispatch("GUILD_DELETE").await;
    assert_eq!(gone["id"], first);
    assert!(gone.get("unavailable").is_none(), "left, not an outage");
    rest.get(&format!("/guilds/{first}")).await.expect_error(404, 10004);
}

#[tokio::test]
async fn an_owned_guild_can_be_changed_and_pruned() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let guild = emulator.handle().create_guild("Mine", None).unwrap();
    let mut gateway = Gateway::connect(&emulator).await;
    let path = format!("/guilds/{}", guild.id);
    let updated = rest
        .patch(&path, &json!({ "name": "Still mine", "description": "hello" }))
        .await
        .expect(200);
    assert_eq!(updated["name"], "Still mine");
    assert_eq!(gateway.dispatch("GUILD_UPDATE").await["description"], "hello");
    let user = emulator.handle().create_user("drifter");
    emulator.handle().join_guild(guild.id, user.id).unwrap();
    assert_eq!(rest.get(&format!("{path}/prune?days=7")).await.expect(200)["pruned"], 1);
    let pruned = rest.post(&format!("{path}/prune"), &json!({ "days": 7 })).await.expect(200);
    assert_eq!(pruned["pruned"], 1);
    assert_eq!(
        gateway.dispatch("GUILD_MEMBER_REMOVE").await["user"]["id"].as_str().unwrap(),
        user.id.to_string()
    );
    let log = rest.get(&format!("{path}/audit-logs?limit=5")).await.expect(200);
    let actions: Vec<u64> = log["audit_log_entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action_type"].as_u64().unwrap())
        .collect();
    assert_eq!(actions, [21, 1], "prune then guild update, newest first");
}

#[tokio::test]
async fn channels_are_created_changed_and_deleted() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let created = rest
        .post(
            &format!("/guilds/{}/channels", world.guild),
            &json!({ "name": "New Room", "topic": "about", "parent_id": world.category }),
        )
        .await
        .expect(201);
    assert_eq!(created["name"], "new-room");
    assert_eq!(created["parent_id"], world.category.as_str());
    assert_eq!(gateway.dispatch("CHANNEL_CREATE").await["id"], created["id"]);
    rest.post(&format!("/guilds/{}/channels", world.guild), &json!({ "name": "" }))
        .await
        .expect_error(400, 50035);
    let path = format!("/channels/{}", id(&created));
    let changed = rest
        .patch(&path, &json!({ "name": "renamed", "rate_limit_per_user": 5, "nsfw": true }))
        .await
        .expect(200);
    assert_eq!(changed["rate_limit_per_user"], 5);
    assert_eq!(gateway.dispatch("CHANNEL_UPDATE").await["name"], "renamed");
    rest.patch(&path, &json!({ "rate_limit_per_user": 99_999 })).await.expect_error(400, 50035);
    let overwrite = format!("{path}/permissions/{}", world.member_role);
    rest.put(&overwrite, &json!({ "type": 0, "allow": "1024", "deny": "2048" })).await.expect(204);
    let updated = gateway.dispatch("CHANNEL_UPDATE").await;
    let overwrites = updated["permission_overwrites"].as_array().unwrap();
    assert!(
        overwrites.iter().any(|o| o["id"] == world.member_role.as_str() && o["deny"] == "2048")
    );
    // The bot cannot grant what it does not have (ADMINISTRATOR).
    rest.put(&overwrite, &json!({ "type": 0, "allow": "8", "deny": "0" }))
        .await
        .expect_error(403, 50013);
    rest.delete(&overwrite).await.expect(204);
    rest.delete(&overwrite).await.expect_error(404, 10009);
    rest.post(&format!("{path}/typing"), &json!({})).await.expect(204);
    assert_eq!(gateway.dispatch("TYPING_START").await["user_id"], world.bot.as_str());
    let moved = rest
        .patch(
            &format!("/guilds/{}/channels", world.guild),
            &json!([{ "id": id(&created), "position": 9 }]),
        )
        .await;
    moved.expect(204);
    assert_eq!(gateway.dispatch("CHANNEL_UPDATE").await["position"], 9);
    let deleted = rest.delete(&path).await.expect(200);
    assert_eq!(deleted["id"], created["id"]);
    assert_eq!(gateway.dispatch("CHANNEL_DELETE").await["id"], created["id"]);
    rest.get(&path).await.expect_error(404, 10003);
    rest.delete(&format!("/channels/{}", world.mod_log)).await.expect_error(403, 50001);
}

#[tokio::test]
async fn roles_follow_the_hierarchy() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let roles = format!("/guilds/{}/roles", world.guild);
    let role = rest
        .post(
            &roles,
            &json!({ "name": "Helper", "color": 255, "hoist": true, "permissions": "1024" }),
        )
        .await
        .expect(200);
    assert_eq!(role["position"], 1);
    let created = gateway.names_until("GUILD_ROLE_CREATE").await;
    assert!(
        created.iter().filter(|n| *n == "GUILD_ROLE_UPDATE").count() >= 3,
        "the others moved up: {created:?}"
    );
    rest.post(&roles, &json!({ "name": "Admin", "permissions": "8" }))
        .await
        .expect_error(403, 50013);
    let path = format!("{roles}/{}", id(&role));
    let renamed = rest.patch(&path, &json!({ "name": "Helpers" })).await.expect(200);
    assert_eq!(renamed["name"], "Helpers");
    assert_eq!(gateway.dispatch("GUILD_ROLE_UPDATE").await["role"]["name"], "Helpers");
    // The bot's own role is not below itself.
    rest.patch(&format!("{roles}/{}", world.bot_role), &json!({ "name": "Me" }))
        .await
        .expect_error(403, 50013);
    rest.delete(&format!("{roles}/{}", world.bot_role)).await.expect_error(400, 50035);
    let moved = rest.patch(&roles, &json!([{ "id": id(&role), "position": 2 }])).await.expect(200);
    assert!(moved.as_array().unwrap().iter().any(|r| r["id"] == role["id"] && r["position"] == 2));
    rest.patch(&roles, &json!([{ "id": id(&role), "position": 50 }]))
        .await
        .expect_error(403, 50013);
    let counts = rest.get(&format!("{roles}/member-counts")).await.expect(200);
    assert_eq!(counts[id(&role)], 0);
    assert!(counts[world.member_role.as_str()].as_u64().unwrap() >= 8);
    rest.delete(&path).await.expect(204);
    assert_eq!(gateway.dispatch("GUILD_ROLE_DELETE").await["role_id"], role["id"]);
    rest.get(&path).await.expect_error(404, 10011);
}

#[tokio::test]
async fn members_are_listed_searched_and_moderated() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let members = format!("/guilds/{}/members", world.guild);
    let page = rest.get(&format!("{members}?limit=3")).await.expect(200);
    assert_eq!(page.as_array().unwrap().len(), 3);
    let next = rest
        .get(&format!("{members}?limit=3&after={}", page[2]["user"]["id"].as_str().unwrap()))
        .await
        .expect(200);
    assert!(
        next[0]["user"]["id"].as_str().unwrap().parse::<u64>().unwrap()
            > page[2]["user"]["id"].as_str().unwrap().parse::<u64>().unwrap()
    );
    assert_eq!(rest.get(&members).await.expect(200).as_array().unwrap().len(), 1, "one by default");
    let target = rest.get(&format!("{members}/{}", world.member)).await.expect(200);
    let prefix: String = target["user"]["username"].as_str().unwrap().chars().take(4).collect();
    let found = rest
        .get(&format!("{members}/search?query={}&limit=10", prefix.to_uppercase()))
        .await
        .expect(200);
    assert!(found.as_array().unwrap().iter().any(|m| m["user"]["id"] == world.member.as_str()));
    rest.get(&format!("{members}/search")).await.expect_error(400, 50035);

    let member = format!("{members}/{}", world.member);
    let nick = rest.patch(&member, &json!({ "nick": "Nicky" })).await.expect(200);
    assert_eq!(nick["nick"], "Nicky");
    assert_eq!(gateway.dispatch("GUILD_MEMBER_UPDATE").await["nick"], "Nicky");
    let until = accord_model::util::Timestamp::from_micros(
        accord_model::util::Timestamp::now().as_micros() + 3_600_000_000,
    );
    let timed_out =
        rest.patch(&member, &json!({ "communication_disabled_until": until })).await.expect(200);
    assert!(timed_out["communication_disabled_until"].is_string());
    let far = accord_model::util::Timestamp::from_micros(
        accord_model::util::Timestamp::now().as_micros() + 40 * 86_400_000_000,
    );
    rest.patch(&member, &json!({ "communication_disabled_until": far }))
        .await
        .expect_error(400, 50035);
    rest.patch(&member, &json!({ "communication_disabled_until": null })).await.expect(200);
    rest.put(&format!("{member}/roles/{}", world.moderator_role), &json!({})).await.expect(204);
    let update = gateway.names_until("GUILD_MEMBER_UPDATE").await;
    assert_eq!(update.last().unwrap(), "GUILD_MEMBER_UPDATE");
    assert!(
        rest.get(&member).await.expect(200)["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == world.moderator_role.as_str())
    );
    rest.delete(&format!("{member}/roles/{}", world.moderator_role)).await.expect(204);
    rest.put(&format!("{member}/roles/{}", world.bot_role), &json!({}))
        .await
        .expect_error(403, 50013);
    rest.patch(&member, &json!({ "roles": [world.bot_role] })).await.expect_error(403, 50013);
    // Nobody acts on the owner.
    let owner = format!("{members}/{}", world.owner);
    rest.patch(&owner, &json!({ "nick": "boss" })).await.expect_error(403, 50013);
    rest.delete(&owner).await.expect_error(403, 50013);
    let me = rest.patch(&format!("{members}/@me"), &json!({ "nick": "Botty" })).await.expect(200);
    assert_eq!(me["nick"], "Botty");
    rest.delete(&member).await.expect(204);
    assert_eq!(gateway.dispatch("GUILD_MEMBER_REMOVE").await["user"]["id"], world.member.as_str());
    rest.get(&member).await.expect_error(404, 10007);
    rest.put(&member, &json!({ "access_token": "oauth" })).await.expect(201);
    assert_eq!(gateway.dispatch("GUILD_MEMBER_ADD").await["user"]["id"], world.member.as_str());
    rest.put(&member, &json!({ "access_token": "oauth" })).await.expect(204);
}

#[tokio::test]
async fn bans_remove_members_and_their_messages() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let handle = emulator.handle();
    let channel = Id::new(world.general.parse().unwrap());
    let spammer = Id::new(world.member.parse().unwrap());
    handle.send_message(channel, spammer, "spam 1").unwrap();
    handle.send_message(channel, spammer, "spam 2").unwrap();
    let mut gateway = Gateway::connect(&emulator).await;
    let bans = format!("/guilds/{}/bans", world.guild);
    rest.get(&format!("{bans}/{}", world.member)).await.expect_error(404, 10026);
    rest.put(&format!("{bans}/{}", world.member), &json!({ "delete_message_seconds": 3600 }))
        .await
        .expect(204);
    let names = gateway.names_until("GUILD_BAN_ADD").await;
    assert!(
        names.contains(&"GUILD_MEMBER_REMOVE".to_owned())
            && names.contains(&"MESSAGE_DELETE_BULK".to_owned()),
        "{names:?}"
    );
    assert!(handle.messages(channel).is_empty(), "the spam is gone");
    let ban = rest.get(&format!("{bans}/{}", world.member)).await.expect(200);
    assert_eq!(ban["user"]["id"], world.member.as_str());
    assert_eq!(rest.get(&bans).await.expect(200).as_array().unwrap().len(), 1);
    rest.put(&format!("{bans}/{}", world.owner), &json!({})).await.expect_error(403, 50013);
    rest.put(&format!("{bans}/{}", world.member), &json!({ "delete_message_seconds": 700_000 }))
        .await
        .expect_error(400, 50035);
    rest.delete(&format!("{bans}/{}", world.member)).await.expect(204);
    assert_eq!(gateway.dispatch("GUILD_BAN_REMOVE").await["user"]["id"], world.member.as_str());
    rest.delete(&format!("{bans}/{}", world.member)).await.expect_error(404, 10026);
    // Bulk bans need MANAGE_GUILD too.
    rest.post(
        &format!("/guilds/{}/bulk-ban", world.guild),
        &json!({ "user_ids": [world.moderator] }),
    )
    .await
    .expect_error(403, 50013);
}

#[tokio::test]
async fn invites_are_created_resolved_and_revoked() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let invite = rest
        .post(
            &format!("/channels/{}/invites", world.general),
            &json!({ "max_age": 600, "max_uses": 3 }),
        )
        .await
        .expect(200);
    let code = invite["code"].as_str().unwrap();
    assert_eq!(code.len(), 8);
    assert_eq!(invite["max_uses"], 3);
    assert_eq!(invite["guild"]["id"], world.guild.as_str());
    assert_eq!(gateway.dispatch("INVITE_CREATE").await["code"], code);
    let same = rest
        .post(
            &format!("/channels/{}/invites", world.general),
            &json!({ "max_age": 600, "max_uses": 3 }),
        )
        .await
        .expect(200);
    assert_eq!(same["code"], code, "not unique: reused");
    let resolved = rest.get(&format!("/invites/{code}?with_counts=true")).await.expect(200);
    assert_eq!(resolved["channel"]["id"], world.general.as_str());
    assert_eq!(resolved["approximate_member_count"], 9);
    assert_eq!(
        rest.get(&format!("/channels/{}/invites", world.general))
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    rest.delete(&format!("/invites/{code}")).await.expect(200);
    assert_eq!(gateway.dispatch("INVITE_DELETE").await["code"], code);
    rest.get(&format!("/invites/{code}")).await.expect_error(404, 10006);
}

#[tokio::test]
async fn webhooks_by_bot_token_and_by_their_own_token() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let mut gateway = Gateway::connect(&emulator).await;
    let hook = rest
        .post(&format!("/channels/{}/webhooks", world.general), &json!({ "name": "Hooky" }))
        .await
        .expect(200);
    assert_eq!(hook["type"], 1);
    assert_eq!(hook["user"]["id"], world.bot.as_str());
    let token = hook["token"].as_str().unwrap().to_owned();
    assert_eq!(gateway.dispatch("WEBHOOKS_UPDATE").await["channel_id"], world.general.as_str());
    rest.post(
        &format!("/channels/{}/webhooks", world.general),
        &json!({ "name": "my discord hook" }),
    )
    .await
    .expect_error(400, 50035);
    let listed = rest.get(&format!("/channels/{}/webhooks", world.general)).await.expect(200);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(
        rest.get(&format!("/guilds/{}/webhooks", world.guild))
            .await
            .expect(200)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let by_token = format!("/api/v10/webhooks/{}/{token}", id(&hook));
    let fetched = rest.raw("GET", &by_token, &[], b"").await.expect(200);
    assert!(fetched.get("user").is_none());
    let json_header = [("Content-Type", "application/json")];
    let none = rest.raw("POST", &by_token, &json_header, br#"{"content":"no wait"}"#).await;
    assert_eq!(none.status, 204);
    let sent = rest
        .raw(
            "POST",
            &format!("{by_token}?wait=true"),
            &json_header,
            br#"{"content":"hello","username":"Someone"}"#,
        )
        .await
        .expect(200);
    assert_eq!(sent["webhook_id"], hook["id"]);
    assert_eq!(sent["author"]["username"], "Someone");
    assert_eq!(sent["author"]["id"], hook["id"]);
    let created = gateway.dispatch("MESSAGE_CREATE").await;
    assert_eq!(created["content"], "no wait");
    let message = format!("{by_token}/messages/{}", id(&sent));
    let edited =
        rest.raw("PATCH", &message, &json_header, br#"{"content":"edited"}"#).await.expect(200);
    assert_eq!(edited["content"], "edited");
    assert_eq!(rest.raw("GET", &message, &[], b"").await.expect(200)["content"], "edited");
    rest.raw("GET", &format!("{by_token}/messages/@original"), &[], b"")
        .await
        .expect_error(404, 10008);
    rest.raw("DELETE", &message, &[], b"").await.expect(204);
    rest.raw("GET", &message, &[], b"").await.expect_error(404, 10008);
    let renamed = rest
        .patch(
            &format!("/webhooks/{}", id(&hook)),
            &json!({ "name": "Renamed", "channel_id": world.random }),
        )
        .await
        .expect(200);
    assert_eq!(renamed["channel_id"], world.random.as_str());
    let names = gateway.names_until("WEBHOOKS_UPDATE").await;
    assert_eq!(names.last().unwrap(), "WEBHOOKS_UPDATE");
    rest.raw("DELETE", &by_token, &[], b"").await.expect(204);
    rest.get(&format!("/webhooks/{}", id(&hook))).await.expect_error(404, 10015);
    rest.raw("POST", &by_token, &json_header, br#"{"content":"gone"}"#)
        .await
        .expect_error(404, 10015);
}

#[tokio::test]
async fn application_commands_global_and_per_guild() {
    let emulator = builder().start().await.unwrap();
    let rest = Rest::new(&emulator);
    let world = World::read(&rest).await;
    let app = &world.application;
    let global = format!("/applications/{app}/commands");
    let ping = json!({ "name": "ping", "description": "Pong!", "options": [{ "type": 3, "name": "text", "description": "what", "required": true }] });
    let created = rest.post(&global, &ping).await.expect(201);
    assert_eq!(created["application_id"], app.as_str());
    assert_eq!(created["type"], 1);
    let again = rest
        .post(&global, &json!({ "name": "ping", "description": "Pong again" }))
        .await
        .expect(200);
    assert_eq!(again["id"], created["id"], "same name and type: overwritten");
    assert_ne!(again["version"], created["version"]);
    let bad = rest
        .post(&global, &json!({ "name": "Bad Name", "description": "" }))
        .await
        .expect_error(400, 50035);
    assert!(bad["errors"]["name"]["_errors"].is_array());
    assert!(bad["errors"]["description"]["_errors"].is_array());
    let options = json!({ "name": "opts", "description": "d", "options": [
        { "type": 3, "name": "a", "description": "a" },
        { "type": 3, "name": "b", "description": "b", "required": true },
    ]});
    let bad = rest.post(&global, &options).await.expect_error(400, 50035);
    assert!(bad["errors"]["options"]["1"]["required"]["_errors"].is_array());
    let menu = rest.post(&global, &json!({ "name": "Inspect", "type": 2 })).await.expect(201);
    assert_eq!(menu["type"], 2);
    let patched = rest
        .patch(&format!("{global}/{}", id(&created)), &json!({ "description": "changed" }))
        .await
        .expect(200);
    assert_eq!(patched["description"], "changed");
    assert_eq!(rest.get(&global).await.expect(200).as_array().unwrap().len(), 2);
    rest.get(&format!("{global}/42")).await.expect_error(404, 10063);
    let replaced = rest.put(&global, &json!([{ "name": "ping", "description": "kept id" }, { "name": "other", "description": "new" }])).await.expect(200);
    assert_eq!(replaced[0]["id"], created["id"]);
    assert_eq!(replaced.as_array().unwrap().len(), 2);
    rest.delete(&format!("{global}/{}", id(&replaced[1]))).await.expect(204);
    rest.get("/applications/42/commands").await.expect_error(404, 10002);

    let mut gateway = Gateway::connect(&emulator).await;
    let guild = format!("/applications/{app}/guilds/{}/commands", world.guild);
    let local = rest
        .post(&guild, &json!({ "name": "local", "description": "here only" }))
        .await
        .expect(201);
    assert_eq!(local["guild_id"], world.guild.as_str());
    assert_eq!(emulator.handle().commands(Some(Id::new(world.guild.parse().unwrap()))).len(), 1);
    let permissions =
        json!({ "permissions": [{ "id": world.moderator_role, "type": 1, "permission": true }] });
    let set =
        rest.put(&format!("{guild}/{}/permissions", id(&local)), &permissions).await.expect(200);
    assert_eq!(set["permissions"][0]["id"], world.moderator_role.as_str());
    let event = gateway.dispatch("APPLICATION_COMMAND_PERMISSIONS_UPDATE").await;
    assert_eq!(event["id"], local["id"]);
    assert_eq!(
        rest.get(&format!("{guild}/permissions")).await.expect(200).as_array().unwrap().len(),
        1
    );
    rest.get(&format!("{guild}/{}/permissions", id(&created))).await.expect_error(404, 10066);
    assert_eq!(
        rest.get(&format!("{guild}/{}/permissions", id(&local))).await.expect(200)["guild_id"],
        world.guild.as_str()
    );
}
