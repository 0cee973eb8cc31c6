//! Guilds as compact records: the guild's own fields, without what belongs to it (members,
//! channels, roles… are stored apart).

use accord_model::guild::{
    DefaultMessageNotificationLevel, ExplicitContentFilter, Guild, GuildFeature, MfaLevel,
    NsfwLevel, PremiumTier, SystemChannelFlags, VerificationLevel,
};
use accord_model::id::Id;
use accord_model::id::marker::{ChannelMarker, GuildMarker, UserMarker};
use accord_model::util::{ImageHash, Timestamp};
use compact_str::CompactString;

use crate::compact::{
    PackedHash, join_hash, opt_bool_in, opt_bool_out, split_hash, string_heap, time_in, time_out,
};

/// Shifts of two-bit `Option<bool>`s.
const LARGE: u32 = 0;
const PROGRESS_BAR: u32 = 2;
const NSFW: u32 = 4;
const WIDGET: u32 = 6;
const MEMBER_COUNT: u16 = 1 << 8;
const BOOSTS: u16 = 1 << 9;
const MAX_MEMBERS: u16 = 1 << 10;
const MAX_VIDEO: u16 = 1 << 11;
const MAX_STAGE_VIDEO: u16 = 1 << 12;
const NSFW_LEVEL: u16 = 1 << 13;
const SYSTEM_FLAGS: u16 = 1 << 14;

/// A guild's own fields (availability aside, which the cache tracks per guild), 160 bytes:
/// names, ids and levels inline, features as a boxed slice, the rarer fields (description,
/// banner, vanity code, a non-default locale…) in a boxed rest. The GUILD_CREATE-only lists
/// are never kept here.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedGuild {
    name: CompactString,
    features: Box<[GuildFeature]>,
    rest: Option<Box<Guild>>,
    owner_id: Id<UserMarker>,
    channels: [Option<Id<ChannelMarker>>; 5],
    joined_at: i64,
    member_count: u64,
    afk_timeout: u32,
    boosts: u32,
    max_members: u32,
    max_video: u32,
    max_stage_video: u32,
    icon: Option<PackedHash>,
    bits: u16,
    levels: [u8; 7],
}

impl CachedGuild {
    /// A guild's compact form, leaving out the GUILD_CREATE-only lists.
    pub(crate) fn new(guild: &Guild) -> Self {
        let mut rest = Guild::new(guild.id, "", guild.owner_id);
        copy_scalars(guild, &mut rest);
        rest.name = CompactString::default();
        // Availability is the entry's business (GUILD_DELETE changes it without a guild).
        rest.unavailable = None;
        let (icon, odd_icon) = split_hash(guild.icon.clone());
        rest.icon = odd_icon;
        let mut bits = opt_bool_in(rest.large.take(), LARGE)
            | opt_bool_in(rest.premium_progress_bar_enabled.take(), PROGRESS_BAR)
            | opt_bool_in(rest.nsfw.take(), NSFW)
            | opt_bool_in(rest.widget_enabled.take(), WIDGET);
        let mut take = |value: Option<u32>, bit: u16| {
            value.map_or(0, |value| {
                bits |= bit;
                value
            })
        };
        let boosts = take(rest.premium_subscription_count.take(), BOOSTS);
        let max_members = take(rest.max_members.take(), MAX_MEMBERS);
        let max_video = take(rest.max_video_channel_users.take(), MAX_VIDEO);
        let max_stage_video = take(rest.max_stage_video_channel_users.take(), MAX_STAGE_VIDEO);
        let member_count = rest.member_count.take().map_or(0, |count| {
            bits |= MEMBER_COUNT;
            count
        });
        let nsfw_level = rest.nsfw_level.take().map_or(0, |level| {
            bits |= NSFW_LEVEL;
            level.value()
        });
        let mut system_flags = 0;
        if let Ok(value) = u8::try_from(rest.system_channel_flags.bits()) {
            system_flags = value;
            bits |= SYSTEM_FLAGS;
            rest.system_channel_flags = SystemChannelFlags::empty();
        }
        let levels = [
            rest.verification_level.value(),
            rest.default_message_notifications.value(),
            rest.explicit_content_filter.value(),
            rest.mfa_level.value(),
            rest.premium_tier.value(),
            nsfw_level,
            system_flags,
        ];
        let channels = [
            rest.afk_channel_id.take(),
            rest.system_channel_id.take(),
            rest.rules_channel_id.take(),
            rest.public_updates_channel_id.take(),
            rest.safety_alerts_channel_id.take(),
        ];
        let mut baseline = Self::baseline(guild.id, guild.owner_id);
        baseline.afk_timeout = rest.afk_timeout;
        baseline.verification_level = rest.verification_level;
        baseline.default_message_notifications = rest.default_message_notifications;
        baseline.explicit_content_filter = rest.explicit_content_filter;
        baseline.mfa_level = rest.mfa_level;
        baseline.premium_tier = rest.premium_tier;
        Self {
            name: guild.name.clone(),
            features: guild.features.clone().into_boxed_slice(),
            owner_id: guild.owner_id,
            channels,
            joined_at: time_in(rest.joined_at.take()),
            member_count,
            afk_timeout: rest.afk_timeout,
            boosts,
            max_members,
            max_video,
            max_stage_video,
            icon,
            bits,
            levels,
            rest: (rest != baseline).then(|| Box::new(rest)),
        }
    }

    /// A guild whose optional fields are all `None` and whose levels are those of `new`.
    fn baseline(id: Id<GuildMarker>, owner_id: Id<UserMarker>) -> Guild {
        let mut guild = Guild::new(id, "", owner_id);
        guild.nsfw_level = None;
        guild.premium_progress_bar_enabled = None;
        guild
    }

    /// Applies a GUILD_UPDATE, which has the guild's own fields but not the GUILD_CREATE
    /// ones (join time, member count, large): those are kept.
    pub(crate) fn apply_update(&mut self, guild: &Guild) {
        let joined_at = self.joined_at;
        let member_count = (self.bits & MEMBER_COUNT != 0).then_some(self.member_count);
        let large = opt_bool_out(self.bits, LARGE);
        let mut updated = guild.clone();
        updated.joined_at = updated.joined_at.or(time_out(joined_at));
        updated.member_count = updated.member_count.or(member_count);
        updated.large = updated.large.or(large);
        *self = Self::new(&updated);
    }

    /// The guild as the model's type, without the GUILD_CREATE-only lists.
    pub fn to_guild(&self, id: Id<GuildMarker>) -> Guild {
        let mut guild = if let Some(rest) = &self.rest {
            let mut guild = Guild::new(id, "", self.owner_id);
            copy_scalars(rest, &mut guild);
            guild
        } else {
            let mut guild = Self::baseline(id, self.owner_id);
            guild.afk_timeout = self.afk_timeout;
            guild
        };
        guild.name.clone_from(&self.name);
        guild.features = self.features.to_vec();
        join_hash(self.icon, &mut guild.icon);
        guild.large = opt_bool_out(self.bits, LARGE);
        guild.premium_progress_bar_enabled = opt_bool_out(self.bits, PROGRESS_BAR);
        guild.nsfw = opt_bool_out(self.bits, NSFW);
        guild.widget_enabled = opt_bool_out(self.bits, WIDGET);
        let some = |bit: u16, value: u32| (self.bits & bit != 0).then_some(value);
        guild.premium_subscription_count = some(BOOSTS, self.boosts);
        guild.max_members = some(MAX_MEMBERS, self.max_members);
        guild.max_video_channel_users = some(MAX_VIDEO, self.max_video);
        guild.max_stage_video_channel_users = some(MAX_STAGE_VIDEO, self.max_stage_video);
        guild.member_count = (self.bits & MEMBER_COUNT != 0).then_some(self.member_count);
        let [verification, notifications, filter, mfa, tier, nsfw_level, system_flags] =
            self.levels;
        guild.verification_level = VerificationLevel::from_value(verification);
        guild.default_message_notifications =
            DefaultMessageNotificationLevel::from_value(notifications);
        guild.explicit_content_filter = ExplicitContentFilter::from_value(filter);
        guild.mfa_level = MfaLevel::from_value(mfa);
        guild.premium_tier = PremiumTier::from_value(tier);
        guild.nsfw_level =
            (self.bits & NSFW_LEVEL != 0).then_some(NsfwLevel::from_value(nsfw_level));
        if self.bits & SYSTEM_FLAGS != 0 {
            guild.system_channel_flags =
                SystemChannelFlags::from_bits_retain(u64::from(system_flags));
        }
        [
            guild.afk_channel_id,
            guild.system_channel_id,
            guild.rules_channel_id,
            guild.public_updates_channel_id,
            guild.safety_alerts_channel_id,
        ] = self.channels;
        guild.joined_at = time_out(self.joined_at);
        guild
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The owner.
    pub const fn owner_id(&self) -> Id<UserMarker> {
        self.owner_id
    }

    /// The icon hash.
    pub fn icon(&self) -> Option<ImageHash> {
        self.icon.map(PackedHash::unpack).or_else(|| self.rest.as_ref()?.icon.clone())
    }

    /// How many members the guild has.
    pub fn member_count(&self) -> Option<u64> {
        (self.bits & MEMBER_COUNT != 0).then_some(self.member_count)
    }

    /// When the current user joined.
    pub fn joined_at(&self) -> Option<Timestamp> {
        time_out(self.joined_at)
    }

    /// What the guild has unlocked or turned on.
    pub fn features(&self) -> &[GuildFeature] {
        &self.features
    }

    /// Changes the member count by one, when it is known.
    pub(crate) fn count_member(&mut self, joined: bool) {
        if self.bits & MEMBER_COUNT != 0 {
            self.member_count = if joined {
                self.member_count.saturating_add(1)
            } else {
                self.member_count.saturating_sub(1)
            };
        }
    }

    /// Bytes on the heap.
    pub(crate) fn heap_bytes(&self) -> usize {
        string_heap(&self.name)
            + size_of_val::<[GuildFeature]>(&self.features)
            + self.rest.as_ref().map_or(0, |_| size_of::<Guild>())
    }
}

/// Copies a guild's own fields, none of the GUILD_CREATE-only lists.
#[allow(clippy::too_many_lines, reason = "one line per field of the guild")]
fn copy_scalars(from: &Guild, to: &mut Guild) {
    let Guild {
        id,
        name,
        icon,
        icon_hash,
        splash,
        discovery_splash,
        owner,
        owner_id,
        permissions,
        region,
        afk_channel_id,
        afk_timeout,
        widget_enabled,
        widget_channel_id,
        verification_level,
        default_message_notifications,
        explicit_content_filter,
        roles: _,
        emojis: _,
        features: _,
        mfa_level,
        application_id,
        system_channel_id,
        system_channel_flags,
        rules_channel_id,
        max_presences,
        max_members,
        vanity_url_code,
        description,
        banner,
        premium_tier,
        premium_subscription_count,
        preferred_locale,
        public_updates_channel_id,
        max_video_channel_users,
        max_stage_video_channel_users,
        approximate_member_count,
        approximate_presence_count,
        welcome_screen,
        nsfw_level,
        nsfw,
        stickers: _,
        premium_progress_bar_enabled,
        safety_alerts_channel_id,
        incidents_data,
        home_header,
        joined_at,
        large,
        unavailable,
        member_count,
        voice_states: _,
        members: _,
        channels: _,
        threads: _,
        presences: _,
        stage_instances: _,
        guild_scheduled_events: _,
        soundboard_sounds: _,
        ..
    } = from;
    to.id = *id;
    to.name.clone_from(name);
    to.icon.clone_from(icon);
    to.icon_hash.clone_from(icon_hash);
    to.splash.clone_from(splash);
    to.discovery_splash.clone_from(discovery_splash);
    to.owner = *owner;
    to.owner_id = *owner_id;
    to.permissions = *permissions;
    to.region.clone_from(region);
    to.afk_channel_id = *afk_channel_id;
    to.afk_timeout = *afk_timeout;
    to.widget_enabled = *widget_enabled;
    to.widget_channel_id = *widget_channel_id;
    to.verification_level = *verification_level;
    to.default_message_notifications = *default_message_notifications;
    to.explicit_content_filter = *explicit_content_filter;
    to.mfa_level = *mfa_level;
    to.application_id = *application_id;
    to.system_channel_id = *system_channel_id;
    to.system_channel_flags = *system_channel_flags;
    to.rules_channel_id = *rules_channel_id;
    to.max_presences = *max_presences;
    to.max_members = *max_members;
    to.vanity_url_code.clone_from(vanity_url_code);
    to.description.clone_from(description);
    to.banner.clone_from(banner);
    to.premium_tier = *premium_tier;
    to.premium_subscription_count = *premium_subscription_count;
    to.preferred_locale.clone_from(preferred_locale);
    to.public_updates_channel_id = *public_updates_channel_id;
    to.max_video_channel_users = *max_video_channel_users;
    to.max_stage_video_channel_users = *max_stage_video_channel_users;
    to.approximate_member_count = *approximate_member_count;
    to.approximate_presence_count = *approximate_presence_count;
    to.welcome_screen.clone_from(welcome_screen);
    to.nsfw_level = *nsfw_level;
    to.nsfw = *nsfw;
    to.premium_progress_bar_enabled = *premium_progress_bar_enabled;
    to.safety_alerts_channel_id = *safety_alerts_channel_id;
    to.incidents_data.clone_from(incidents_data);
    to.home_header.clone_from(home_header);
    to.joined_at = *joined_at;
    to.large = *large;
    to.unavailable = *unavailable;
    to.member_count = *member_count;
}

#[cfg(test)]
mod tests {
    use accord_model::guild::{Guild, GuildFeature, PremiumTier};
    use accord_model::id::Id;
    use accord_model::util::Timestamp;

    use super::CachedGuild;

    #[test]
    fn a_typical_guild_needs_no_rest() {
        let mut guild = Guild::new(Id::new(1), "Test", Id::new(2));
        guild.features = vec![GuildFeature::Community, GuildFeature::from("NEW_THING")];
        guild.premium_subscription_count = Some(3);
        guild.premium_tier = PremiumTier::Tier1;
        guild.system_channel_id = Some(Id::new(9));
        guild.joined_at = Some(Timestamp::from_secs(5));
        guild.member_count = Some(10);
        guild.large = Some(false);
        guild.icon = Some("1269e74af4df7417b13759eae50c83dc".parse().unwrap());
        let cached = CachedGuild::new(&guild);
        assert!(cached.rest.is_none(), "{:?}", cached.rest);
        assert_eq!(cached.to_guild(guild.id), guild);
        assert!(size_of::<CachedGuild>() <= 160, "{}", size_of::<CachedGuild>());
    }

    #[test]
    fn rare_fields_round_trip_and_lists_are_dropped() {
        let mut guild = Guild::new(Id::new(1), "Test", Id::new(2));
        guild.description = Some("about".into());
        guild.vanity_url_code = Some("test".into());
        guild.members = Some(Vec::new());
        let cached = CachedGuild::new(&guild);
        assert!(cached.rest.is_some());
        guild.members = None;
        assert_eq!(cached.to_guild(guild.id), guild);
    }

    #[test]
    fn updates_keep_the_gateway_only_fields() {
        let mut created = Guild::new(Id::new(1), "Test", Id::new(2));
        created.member_count = Some(4);
        created.joined_at = Some(Timestamp::from_secs(5));
        let mut cached = CachedGuild::new(&created);
        let mut update = Guild::new(Id::new(1), "Renamed", Id::new(2));
        update.afk_timeout = 60;
        cached.apply_update(&update);
        let back = cached.to_guild(Id::new(1));
        assert_eq!(back.name, "Renamed");
        assert_eq!(back.afk_timeout, 60);
        assert_eq!(back.member_count, Some(4));
        assert_eq!(back.joined_at, created.joined_at);
    }
}
