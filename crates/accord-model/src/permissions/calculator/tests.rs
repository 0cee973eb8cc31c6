//! Properties and cases of the permission calculation.

use proptest::prelude::*;

use super::PermissionCalculator;
use crate::channel::{ChannelType, PermissionOverwrite, PermissionOverwriteType};
use crate::id::Id;
use crate::id::marker::{GuildMarker, RoleMarker, UserMarker};
use crate::permissions::Permissions as P;
use crate::util::Timestamp;

const GUILD: Id<GuildMarker> = Id::new(100);
const USER: Id<UserMarker> = Id::new(7);
const OWNER: Id<UserMarker> = Id::new(1);
const NOW: Timestamp = Timestamp::from_secs(1_700_000_000);

fn calculator(everyone: P, roles: &[(Id<RoleMarker>, P)]) -> PermissionCalculator<'_> {
    PermissionCalculator::new(GUILD, OWNER, USER, everyone, roles)
}

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
        Just(ChannelType::AnnouncementThread),
        Just(ChannelType::GuildForum),
    ]
}

/// No timeout, one that ended before [`NOW`], or one that runs past it.
fn timeout() -> impl Strategy<Value = Option<Timestamp>> {
    prop_oneof![
        Just(None),
        (1_i64..1_000_000_000).prop_map(|micros| Some(NOW.add_micros(-micros))),
        (1_i64..1_000_000_000).prop_map(|micros| Some(NOW.add_micros(micros))),
    ]
}

/// Overwrites for @everyone, roles 1-4, the member and another user, each target once.
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
    fn owner_and_administrators_have_everything(everyone in permissions(), roles in roles(), kind in kind(), overwrites in overwrites(), until in timeout()) {
        let owner = PermissionCalculator::new(GUILD, OWNER, OWNER, everyone, &roles)
            .communication_disabled_until(until);
        prop_assert_eq!(owner.base(), P::all());
        prop_assert_eq!(owner.in_channel(kind, &overwrites, NOW), P::all());
        let mut admin_roles = roles.clone();
        admin_roles.push((Id::new(9), P::ADMINISTRATOR));
        let admin = calculator(everyone, &admin_roles).communication_disabled_until(until);
        prop_assert_eq!(admin.base(), P::all());
        prop_assert_eq!(admin.in_channel(kind, &overwrites, NOW), P::all());
    }

    #[test]
    fn implicit_denials_always_hold(everyone in plain(), roles in roles(), kind in kind(), overwrites in overwrites(), until in timeout()) {
        let calculator = calculator(everyone, &roles).communication_disabled_until(until);
        let p = calculator.in_channel(kind, &overwrites, NOW);
        prop_assert!(p.is_empty() || p.contains(P::VIEW_CHANNEL));
        if !p.contains(P::SEND_MESSAGES) {
            prop_assert!(!p.intersects(P::NEEDS_SEND_MESSAGES));
        }
        if kind.is_voice() && !p.contains(P::CONNECT) {
            prop_assert!(!p.intersects(P::NEEDS_CONNECT));
        }
        if kind.is_thread() {
            prop_assert_eq!(p.contains(P::SEND_MESSAGES), p.contains(P::SEND_MESSAGES_IN_THREADS));
        }
        if calculator.is_timed_out(NOW) {
            prop_assert!(P::TIMED_OUT.contains(p));
        }
    }

    #[test]
    fn a_timeout_counts_only_while_it_runs(everyone in plain(), roles in roles(), kind in kind(), overwrites in overwrites(), micros in 1_i64..1_000_000_000) {
        let free = calculator(everyone, &roles).in_channel(kind, &overwrites, NOW);
        let ended = calculator(everyone, &roles).communication_disabled_until(Some(NOW.add_micros(-micros)));
        prop_assert_eq!(ended.in_channel(kind, &overwrites, NOW), free);
        let running = calculator(everyone, &roles).communication_disabled_until(Some(NOW.add_micros(micros)));
        let timed_out = running.in_channel(kind, &overwrites, NOW);
        prop_assert_eq!(timed_out, free & P::TIMED_OUT);
        prop_assert_eq!(running.in_channel(kind, &overwrites, NOW.add_micros(micros)), free, "over at its end");
    }

    #[test]
    fn the_member_overwrite_has_the_last_word(everyone in plain(), roles in roles(), overwrites in overwrites(), allow in plain(), deny in plain()) {
        let mut overwrites: Vec<_> = overwrites.into_iter().filter(|o| o.user_id() != Some(USER)).collect();
        let deny = deny - allow;
        overwrites.push(PermissionOverwrite::member(USER, allow | P::VIEW_CHANNEL | P::SEND_MESSAGES, deny - P::VIEW_CHANNEL - P::SEND_MESSAGES));
        let p = calculator(everyone, &roles).in_channel(ChannelType::GuildText, &overwrites, NOW);
        prop_assert!(p.contains(allow - P::ADMINISTRATOR));
        prop_assert!(!p.intersects(deny - P::VIEW_CHANNEL - P::SEND_MESSAGES));
    }

    #[test]
    fn order_of_overwrites_and_roles_does_not_matter(everyone in plain(), roles in roles(), kind in kind(), overwrites in overwrites()) {
        let forward = calculator(everyone, &roles).in_channel(kind, &overwrites, NOW);
        let mut reversed_roles = roles.clone();
        reversed_roles.reverse();
        let mut reversed = overwrites.clone();
        reversed.reverse();
        prop_assert_eq!(calculator(everyone, &reversed_roles).in_channel(kind, &reversed, NOW), forward);
    }

    #[test]
    fn a_role_allow_beats_another_role_deny(everyone in plain(), bit in 0_u32..53) {
        let permission = P::from_bits_truncate(1 << bit) - P::ADMINISTRATOR;
        let roles = [(Id::new(1), P::empty()), (Id::new(2), P::empty())];
        let overwrites = [
            PermissionOverwrite::role(Id::new(1), P::VIEW_CHANNEL | P::SEND_MESSAGES | P::CONNECT | permission, P::empty()),
            PermissionOverwrite::role(Id::new(2), P::empty(), permission),
        ];
        let p = calculator(everyone, &roles).in_channel(ChannelType::GuildText, &overwrites, NOW);
        prop_assert!(p.contains(permission));
    }

    #[test]
    fn adding_a_role_never_takes_a_guild_permission_away(everyone in plain(), roles in roles(), extra in plain()) {
        let before = calculator(everyone, &roles).base();
        let mut more = roles.clone();
        more.push((Id::new(9), extra));
        prop_assert!(calculator(everyone, &more).base().contains(before));
    }

    #[test]
    fn overwrites_of_roles_the_member_lacks_do_not_apply(everyone in plain(), roles in roles(), allow in plain(), deny in plain()) {
        let others = [PermissionOverwrite::role(Id::new(50), allow, deny), PermissionOverwrite::member(Id::new(8), allow, deny)];
        prop_assert_eq!(
            calculator(everyone, &roles).in_channel(ChannelType::GuildText, &others, NOW),
            calculator(everyone, &roles).in_channel(ChannelType::GuildText, &[], NOW)
        );
    }
}

#[test]
fn the_everyone_overwrite_applies_before_roles() {
    let roles = [(Id::new(1), P::empty())];
    let overwrites = [
        PermissionOverwrite::role(Id::new(100), P::empty(), P::VIEW_CHANNEL),
        PermissionOverwrite::role(Id::new(1), P::VIEW_CHANNEL, P::empty()),
    ];
    let with_role = calculator(P::VIEW_CHANNEL, &roles);
    assert!(
        with_role.in_channel(ChannelType::GuildText, &overwrites, NOW).contains(P::VIEW_CHANNEL)
    );
    let nobody = calculator(P::VIEW_CHANNEL, &[]);
    assert!(nobody.in_channel(ChannelType::GuildText, &overwrites, NOW).is_empty());
}

#[test]
fn a_role_deny_beats_the_everyone_allow_and_the_member_beats_both() {
    let roles = [(Id::new(1), P::empty())];
    let mut overwrites = vec![
        PermissionOverwrite::role(Id::new(100), P::SEND_MESSAGES, P::empty()),
        PermissionOverwrite::role(Id::new(1), P::empty(), P::SEND_MESSAGES),
    ];
    let member = calculator(P::VIEW_CHANNEL, &roles);
    let denied = member.in_channel(ChannelType::GuildText, &overwrites, NOW);
    assert_eq!(denied, P::VIEW_CHANNEL);
    overwrites.push(PermissionOverwrite::member(USER, P::SEND_MESSAGES, P::empty()));
    let allowed = member.in_channel(ChannelType::GuildText, &overwrites, NOW);
    assert_eq!(allowed, P::VIEW_CHANNEL | P::SEND_MESSAGES);
}

#[test]
fn without_view_channel_nothing_is_left() {
    let member = calculator(P::all() - P::ADMINISTRATOR - P::VIEW_CHANNEL, &[]);
    assert_eq!(member.in_channel(ChannelType::GuildText, &[], NOW), P::empty());
    assert!(member.base().contains(P::BAN_MEMBERS), "the guild permissions are untouched");
}

#[test]
fn without_send_messages_the_message_qualifiers_go() {
    let everyone = P::VIEW_CHANNEL | P::NEEDS_SEND_MESSAGES | P::ADD_REACTIONS;
    let p = calculator(everyone, &[]).in_channel(ChannelType::GuildText, &[], NOW);
    assert_eq!(p, P::VIEW_CHANNEL | P::ADD_REACTIONS);
}

#[test]
fn without_connect_the_voice_permissions_go_in_voice_channels_only() {
    let everyone = P::VIEW_CHANNEL | P::SEND_MESSAGES | P::NEEDS_CONNECT;
    let member = calculator(everyone, &[]);
    assert_eq!(
        member.in_channel(ChannelType::GuildVoice, &[], NOW),
        P::VIEW_CHANNEL | P::SEND_MESSAGES
    );
    assert_eq!(
        member.in_channel(ChannelType::GuildStageVoice, &[], NOW),
        P::VIEW_CHANNEL | P::SEND_MESSAGES
    );
    assert_eq!(member.in_channel(ChannelType::GuildText, &[], NOW), everyone);
    let connected = calculator(everyone | P::CONNECT, &[]);
    assert_eq!(connected.in_channel(ChannelType::GuildVoice, &[], NOW), everyone | P::CONNECT);
}

#[test]
fn a_thread_sends_with_send_messages_in_threads_from_its_parent() {
    let everyone = P::VIEW_CHANNEL | P::SEND_MESSAGES | P::EMBED_LINKS;
    let member = calculator(everyone, &[]);
    let thread = member.in_channel(ChannelType::PublicThread, &[], NOW);
    assert_eq!(thread, P::VIEW_CHANNEL, "no SEND_MESSAGES_IN_THREADS: no sending, no embeds");
    let parent =
        [PermissionOverwrite::role(Id::new(100), P::SEND_MESSAGES_IN_THREADS, P::SEND_MESSAGES)];
    assert_eq!(
        member.in_channel(ChannelType::GuildText, &parent, NOW),
        P::VIEW_CHANNEL | P::SEND_MESSAGES_IN_THREADS
    );
    assert_eq!(
        member.in_channel(ChannelType::PrivateThread, &parent, NOW),
        everyone | P::SEND_MESSAGES_IN_THREADS
    );
}

#[test]
fn a_timed_out_member_keeps_view_and_history() {
    let everyone = P::VIEW_CHANNEL | P::SEND_MESSAGES | P::READ_MESSAGE_HISTORY | P::ADD_REACTIONS;
    let until = Some(NOW.add_micros(1));
    let member = calculator(everyone, &[]).communication_disabled_until(until);
    assert!(member.is_timed_out(NOW));
    assert_eq!(member.in_channel(ChannelType::GuildText, &[], NOW), P::TIMED_OUT);
    assert_eq!(member.base(), everyone, "the guild permissions ignore the timeout");
    assert!(!member.is_timed_out(NOW.add_micros(1)));
    assert_eq!(member.in_channel(ChannelType::GuildText, &[], NOW.add_micros(1)), everyone);
}
