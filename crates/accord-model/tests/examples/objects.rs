//! Examples of REST objects: users, guilds and what belongs to them.

use accord_model::emoji::{Emoji, PartialEmoji};
use accord_model::guild::Role;
use accord_model::user::User;

use crate::Entry;

pub(crate) const ENTRIES: &[Entry] = crate::examples![
    "resources_user__user-object-example-user.json" => User,
    "topics_permissions__role-object-example-role.json" => Role,
    "resources_emoji__emoji-object-custom-emoji-examples.json" => PartialEmoji,
    "resources_emoji__emoji-object-emoji-example.json" => Emoji,
];
