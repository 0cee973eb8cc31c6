//! Properties of the permission calculation.

use accord_model::channel::{ChannelType, PermissionOverwrite, PermissionOverwriteType};
use accord_model::id::Id;
use accord_model::id::marker::{GuildMarker, RoleMarker, UserMarker};
use accord_model::permissions::Permissions as P;
use proptest::prelude::*;

use super::{Calculator, NEEDS_CONNECT, NEEDS_SEND};

const GUILD: Id<GuildMarker> = Id::new(100);
const USER: Id<UserMarker> = Id::new(7);
const OWNER: Id<UserMarker> = Id::new(1);

fn permissions() -> impl Strategy<Value = P> {
    any::<u64>().prop_map(P::from_bits_truncate)
}

/// Permissions that never include ADMINISTRATOR.
fn plain() -> impl Strategy<Value = P> {
    permissions().prop_map(|p| p - P::ADMINISTRATOR)
}

fn kind() -> impl Strategy<Value = ChannelType> {
    prop_oneof![
        Just(ChannelType::GuildText),
        Just(ChannelType::GuildVoice),
        Just(ChannelType::GuildStageVoice),
        Just(ChannelType::PublicThread),
        Just(ChannelType::PrivateThread),
        Just(ChannelType::GuildForum),
    ]
}

/// Overwrites for @everyone, roles 1-4, the member and another user.
fn overwrites() -> impl Strategy<Value = Vec<PermissionOverwrite>> {
    let target = prop_oneof![
        Just((100_u64, PermissionOverwriteType::Role)),
        (1_u64..=4).prop_map(|id| (id, PermissionOverwriteType::Role)),
        Just((7_u64, PermissionOverwriteType::Member)),
        Just((8_u64, PermissionOverwriteType::Member)),
    ];
    proptest::collection::vec((target, plain(), plain()), 0..6).prop_map(|list| {
        let mut seen = Vec::new();
        list.into_iter()
            .filter(|((id, _), _, _)| {
                let fresh = !seen.contains(id);
                seen.push(*id);
                fresh
            })
            .map(|((id, kind), allow, deny)| match kind {
                PermissionOverwriteType::Member => {
                    PermissionOverwrite::member(Id::new(id), allow, deny)
                }
                _ => PermissionOverwrite::role(Id::new(id), allow, deny),
            })
            .collect()
    })
}

fn roles() -> impl Strategy<Value = Vec<(Id<RoleMarker>, P)>> {
    proptest::collection::vec((1_u64..=4, plain()), 0..4).prop_map(|mut roles| {
        roles.sort_by_key(|(id, _)| *id);
        roles.dedup_by_key(|(id, _)| *id);
        roles.into_iter().map(|(id, p)| (Id::new(id), p)).collect()
    })
}

proptest! {
    #[test]
    fn owner_and_administrators_have_everything(everyone in permissions(), roles in roles(), kind in kind(), overwrites in overwrites(), timed_out: bool) {
        let owner = Calculator::new(GUILD, OWNER, OWNER, everyone, &roles).timed_out(timed_out);
        prop_assert_eq!(owner.in_channel(kind, &overwrites), P::all());
        let mut admin_roles = roles.clone();
        admin_roles.push((Id::new(9), P::ADMINISTRATOR));
        let admin = Calculator::new(GUILD, USER, OWNER, everyone, &admin_roles).timed_out(timed_out);
        prop_assert_eq!(admin.root(), P::all());
        prop_assert_eq!(admin.in_channel(kind, &overwrites), P::all());
    }

    #[test]
    fn implicit_denials_always_hold(everyone in plain(), roles in roles(), kind in kind(), overwrites in overwrites(), timed_out: bool) {
        let p = Calculator::new(GUILD, USER, OWNER, everyone, &roles).timed_out(timed_out).in_channel(kind, &overwrites);
        prop_assert!(p.is_empty() || p.contains(P::VIEW_CHANNEL));
        if !p.contains(P::SEND_MESSAGES) {
            prop_assert!(!p.intersects(NEEDS_SEND));
        }
        if kind.is_voice() && !p.contains(P::CONNECT) {
            prop_assert!(!p.intersects(NEEDS_CONNECT));
        }
        if kind.is_thread() {
            prop_assert_eq!(p.contains(P::SEND_MESSAGES), p.contains(P::SEND_MESSAGES_IN_THREADS));
        }
        if timed_out {
            prop_assert!(P::TIMED_OUT.contains(p));
        }
    }

    #[test]
    fn the_member_overwrite_has_the_last_word(everyone in plain(), roles in roles(), overwrites in overwrites(), allow in plain(), deny in plain()) {
        let mut overwrites: Vec<_> = overwrites.into_iter().filter(|o| o.user_id() != Some(USER)).collect();
        let deny = deny - allow;
        overwrites.push(PermissionOverwrite::member(USER, allow | P::VIEW_CHANNEL | P::SEND_MESSAGES, deny - P::VIEW_CHANNEL - P::SEND_MESSAGES));
        let p = Calculator::new(GUILD, USER, OWNER, everyone, &roles).in_channel(ChannelType::GuildText, &overwrites);
        prop_assert!(p.contains(allow - P::ADMINISTRATOR));
        prop_assert!(!p.intersects(deny - P::VIEW_CHANNEL - P::SEND_MESSAGES));
    }

    #[test]
    fn order_of_overwrites_and_roles_does_not_matter(everyone in plain(), roles in roles(), kind in kind(), overwrites in overwrites()) {
        let forward = Calculator::new(GUILD, USER, OWNER, everyone, &roles).in_channel(kind, &overwrites);
        let mut reversed_roles = roles.clone();
        reversed_roles.reverse();
        let mut reversed = overwrites.clone();
        reversed.reverse();
        prop_assert_eq!(Calculator::new(GUILD, USER, OWNER, everyone, &reversed_roles).in_channel(kind, &reversed), forward);
    }

    #[test]
    fn a_role_allow_beats_another_role_deny(everyone in plain(), bit in 0_u32..53) {
        let permission = P::from_bits_truncate(1 << bit) - P::ADMINISTRATOR;
        let roles = [(Id::new(1), P::empty()), (Id::new(2), P::empty())];
        let overwrites = [
            PermissionOverwrite::role(Id::new(1), P::VIEW_CHANNEL | P::SEND_MESSAGES | P::CONNECT | permission, P::empty()),
            PermissionOverwrite::role(Id::new(2), P::empty(), permission),
        ];
        let p = Calculator::new(GUILD, USER, OWNER, everyone, &roles).in_channel(ChannelType::GuildText, &overwrites);
        prop_assert!(p.contains(permission));
    }

    #[test]
    fn adding_a_role_never_takes_a_guild_permission_away(everyone in plain(), roles in roles(), extra in plain()) {
        let before = Calculator::new(GUILD, USER, OWNER, everyone, &roles).root();
        let mut more = roles.clone();
        more.push((Id::new(9), extra));
        prop_assert!(Calculator::new(GUILD, USER, OWNER, everyone, &more).root().contains(before));
    }
}

#[test]
fn the_everyone_overwrite_applies_before_roles() {
    let roles = [(Id::new(1), P::empty())];
    let overwrites = [
        PermissionOverwrite::role(Id::new(100), P::empty(), P::VIEW_CHANNEL),
        PermissionOverwrite::role(Id::new(1), P::VIEW_CHANNEL, P::empty()),
    ];
    let calculator = Calculator::new(GUILD, USER, OWNER, P::VIEW_CHANNEL, &roles);
    assert!(calculator.in_channel(ChannelType::GuildText, &overwrites).contains(P::VIEW_CHANNEL));
    let nobody = Calculator::new(GUILD, USER, OWNER, P::VIEW_CHANNEL, &[]);
    assert!(nobody.in_channel(ChannelType::GuildText, &overwrites).is_empty());
}
