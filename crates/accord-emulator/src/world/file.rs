//! World files: a JSON description of users and guilds for the binary's `--world` option.
//!
//! ```json
//! {
//!   "users": [{ "username": "alice", "global_name": "Alice" }, { "username": "bob" }],
//!   "guilds": [{
//!     "name": "Test Guild",
//!     "owner": "alice",
//!     "members": ["alice", "bob"],
//!     "roles": [{ "name": "Moderator", "permissions": "8192", "members": ["bob"] }],
//!     "channels": [{ "name": "general" }, { "name": "Lounge", "type": "voice" }]
//!   }]
//! }
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use accord_model::channel::{Channel, ChannelType};
use accord_model::guild::{Guild, Member, Role};
use accord_model::permissions::Permissions;
use accord_model::user::User;
use accord_model::util::Timestamp;
use serde::Deserialize;

use super::generate::{BOT_ROLE, EVERYONE};
use super::{ChannelState, GuildState, IdGen, World};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WorldFile {
    #[serde(default)]
    users: Vec<UserSpec>,
    #[serde(default)]
    guilds: Vec<GuildSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserSpec {
    username: String,
    #[serde(default)]
    global_name: Option<String>,
    #[serde(default)]
    bot: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuildSpec {
    name: String,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    roles: Vec<RoleSpec>,
    #[serde(default)]
    channels: Vec<ChannelSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleSpec {
    name: String,
    #[serde(default)]
    permissions: Permissions,
    #[serde(default)]
    members: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChannelSpec {
    name: String,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

/// Reads a world file; the error says what is wrong and where.
pub(crate) fn load(path: &Path, application_name: &str) -> Result<World, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{}: {error}", path.display()))?;
    parse(&text, application_name).map_err(|error| format!("{}: {error}", path.display()))
}

pub(crate) fn parse(text: &str, application_name: &str) -> Result<World, String> {
    let file: WorldFile = serde_json::from_str(text).map_err(|error| error.to_string())?;
    let mut world = World::new(IdGen::from_clock(), application_name);
    let mut by_name = HashMap::new();
    for spec in file.users {
        if by_name.contains_key(&spec.username) {
            return Err(format!("user {:?} is listed twice", spec.username));
        }
        let mut user = User::new(world.ids.next(), spec.username.as_str());
        user.global_name = spec.global_name.map(Into::into);
        user.bot = spec.bot.then_some(true);
        by_name.insert(spec.username, user.id);
        world.users.insert(user.id, user);
    }
    let lookup =
        |name: &str| by_name.get(name).copied().ok_or_else(|| format!("unknown user {name:?}"));
    for spec in file.guilds {
        let guild_id = world.ids.next();
        let owner = match &spec.owner {
            Some(name) => lookup(name)?,
            None => world.bot_id(),
        };
        let mut guild = Guild::new(guild_id, spec.name.as_str(), owner);
        let bot_role = world.ids.next();
        let mut bot_managed = Role::new(bot_role, application_name, BOT_ROLE);
        bot_managed.managed = true;
        guild.roles = vec![Role::new(guild_id.cast(), "@everyone", EVERYONE), bot_managed];
        let mut members = BTreeMap::new();
        let mut bot_member = Member::new(world.application.bot.clone(), Some(Timestamp::now()));
        bot_member.roles.push(bot_role);
        members.insert(world.bot_id(), bot_member);
        for name in spec.members.iter().chain(spec.owner.iter()) {
            let user_id = lookup(name)?;
            let user = world.users.get(&user_id).ok_or_else(|| format!("unknown user {name:?}"))?;
            members
                .entry(user_id)
                .or_insert_with(|| Member::new(user.clone(), Some(Timestamp::now())));
        }
        for (position, role_spec) in spec.roles.into_iter().enumerate() {
            let mut role =
                Role::new(world.ids.next(), role_spec.name.as_str(), role_spec.permissions);
            role.position = i32::try_from(position + 1).unwrap_or(i32::MAX);
            for name in &role_spec.members {
                let member = members.get_mut(&lookup(name)?).ok_or_else(|| {
                    format!("{name:?} has a role in {:?} but is not a member", spec.name)
                })?;
                member.roles.push(role.id);
            }
            guild.roles.push(role);
        }
        let mut channel_ids = Vec::new();
        for (position, channel_spec) in spec.channels.into_iter().enumerate() {
            let kind = match channel_spec.kind.as_deref() {
                None | Some("text") => ChannelType::GuildText,
                Some("voice") => ChannelType::GuildVoice,
                Some("category") => ChannelType::GuildCategory,
                Some("announcement") => ChannelType::GuildAnnouncement,
                Some("forum") => ChannelType::GuildForum,
                Some("stage") => ChannelType::GuildStageVoice,
                Some(other) => {
                    return Err(format!(
                        "unknown channel type {other:?} (text, voice, category, announcement, forum or stage)"
                    ));
                }
            };
            let mut channel =
                Channel::guild_text(world.ids.next(), guild_id, channel_spec.name.as_str());
            channel.kind = kind;
            channel.position = Some(i32::try_from(position).unwrap_or(i32::MAX));
            channel_ids.push(channel.id);
            world.channels.insert(channel.id, ChannelState { channel, messages: BTreeMap::new() });
        }
        world.guilds.insert(
            guild_id,
            GuildState {
                guild,
                members,
                channels: channel_ids,
                presences: HashMap::new(),
                voice_states: HashMap::new(),
            },
        );
    }
    Ok(world)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn a_world_file_builds_guilds_roles_and_channels() {
        let text = r#"{
            "users": [{"username": "alice"}, {"username": "bob"}],
            "guilds": [{"name": "G", "owner": "alice", "members": ["bob"],
                        "roles": [{"name": "Mod", "permissions": "8192", "members": ["bob"]}],
                        "channels": [{"name": "general"}, {"name": "Lounge", "type": "voice"}]}]
        }"#;
        let world = parse(text, "bot").unwrap();
        let guild = world.guilds.values().next().unwrap();
        assert_eq!(guild.members.len(), 3, "alice, bob and the bot");
        assert_eq!(guild.channels.len(), 2);
        assert_eq!(guild.guild.roles.len(), 3);
    }

    #[test]
    fn mistakes_are_named() {
        let unknown =
            parse(r#"{"guilds": [{"name": "G", "members": ["carol"]}]}"#, "bot").unwrap_err();
        assert!(unknown.contains("carol"), "{unknown}");
        let typo = parse(r#"{"gilds": []}"#, "bot").unwrap_err();
        assert!(typo.contains("gilds"), "{typo}");
        let kind = parse(
            r#"{"guilds": [{"name": "G", "channels": [{"name": "x", "type": "bogus"}]}]}"#,
            "bot",
        )
        .unwrap_err();
        assert!(kind.contains("bogus"), "{kind}");
    }
}
