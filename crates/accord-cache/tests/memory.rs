//! Users are stored once: a second guild with the same 100 users costs its memberships, not
//! another 100 users. Measured with a counting global allocator (this binary has one test,
//! so nothing else allocates meanwhile).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "integration tests: a failed unwrap or index is a failed test"
)]

use std::alloc::System;

use accord_cache::InMemoryCache;
use accord_cache::record::CachedUser;
use accord_model::gateway::Event;
use accord_model::gateway::event::GuildCreate;
use accord_model::guild::{Guild, Member};
use accord_model::id::Id;
use accord_model::user::User;
use accord_model::util::Timestamp;
use cap::Cap;

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

fn guild(id: u64) -> Event {
    let mut guild = Guild::new(Id::new(id), "guild", Id::new(1));
    guild.members = Some(
        (1..=100)
            .map(|n| {
                let mut user = User::new(Id::new(n), format!("a-rather-long-user-name-{n}"));
                user.global_name = Some(format!("Display name number {n}").into());
                Member::new(user, Some(Timestamp::from_secs(1_600_000_000)))
            })
            .collect(),
    );
    Event::GuildCreate(Box::new(GuildCreate::Available(guild)))
}

#[test]
fn two_guilds_sharing_100_users_store_100_users() {
    let (first, second) = (guild(1000), guild(2000));
    let cache = InMemoryCache::new();
    let start = ALLOCATOR.allocated();
    cache.update(&first);
    let one_guild = ALLOCATOR.allocated() - start;
    cache.update(&second);
    let second_guild = ALLOCATOR.allocated() - start - one_guild;

    let stats = cache.stats();
    assert_eq!((stats.users.count, stats.members.count), (100, 200));
    // The second guild adds memberships only: at least the users' records (and their
    // heap-allocated names) less than the first.
    let users = 100 * (size_of::<CachedUser>() + 8);
    assert!(
        second_guild + users <= one_guild,
        "first guild {one_guild} bytes, second {second_guild} bytes"
    );
    assert_eq!(
        cache.user(Id::new(42)).map(|user| user.username),
        Some("a-rather-long-user-name-42".into())
    );
}
