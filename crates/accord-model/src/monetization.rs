//! Monetization: SKUs, entitlements and subscriptions.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{
    ApplicationMarker, EntitlementMarker, GenericMarker, GuildMarker, SkuMarker,
    SubscriptionMarker, UserMarker,
};
use crate::util::Timestamp;

/// A stock-keeping unit: something an application sells (`GET /applications/{id}/skus`).
///
/// Every subscription SKU comes with a system-made `SubscriptionGroup` SKU; use the
/// `Subscription` one.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Sku {
    /// The SKU's id.
    pub id: Id<SkuMarker>,
    /// What kind of offering it is.
    #[serde(rename = "type")]
    pub kind: SkuType,
    /// The application selling it.
    pub application_id: Id<ApplicationMarker>,
    /// The name shown to customers.
    pub name: CompactString,
    /// The URL slug Discord made from the name.
    pub slug: CompactString,
    /// The SKU's flags: availability and whether a subscription is per user or per guild.
    pub flags: SkuFlags,
    /// The SKU this one depends on (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependent_sku_id: Option<Id<SkuMarker>>,
    /// The level of access the SKU grants (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_type: Option<SkuAccessType>,
    /// Store features of the SKU (undocumented, kept as raw JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<serde_json::Value>>,
    /// When the SKU was released (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release_date: Option<Timestamp>,
    /// Whether the SKU is a Discord premium one (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premium: Option<bool>,
    /// Whether buyers must confirm their age (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_age_gate: Option<bool>,
}

int_enum! {
    /// What kind of offering a SKU is.
    pub enum SkuType: u8 {
        /// A one-time purchase that is kept.
        Durable = 2,
        /// A one-time purchase that is used up.
        Consumable = 3,
        /// A recurring subscription.
        Subscription = 5,
        /// The group Discord creates for each subscription SKU; not used directly.
        SubscriptionGroup = 6,
    }
}

int_enum! {
    /// The level of access a SKU grants (undocumented by Discord).
    pub enum SkuAccessType: u8 {
        /// Full access.
        Full = 1,
        /// Early access.
        EarlyAccess = 2,
        /// VIP access.
        VipAccess = 3,
    }
}

flags! {
    /// Flags on a SKU.
    pub struct SkuFlags: u64 as integer {
        /// The SKU can be bought.
        const AVAILABLE = 1 << 2;
        /// A subscription a user buys for one guild; everyone in it benefits.
        const GUILD_SUBSCRIPTION = 1 << 7;
        /// A subscription a user buys for themselves, valid in every guild.
        const USER_SUBSCRIPTION = 1 << 8;
    }
}

/// Access a user or a guild has to a SKU.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Entitlement {
    /// The entitlement's id.
    pub id: Id<EntitlementMarker>,
    /// The SKU it grants.
    pub sku_id: Id<SkuMarker>,
    /// The application that sells the SKU.
    pub application_id: Id<ApplicationMarker>,
    /// The user who has access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Id<UserMarker>>,
    /// How the entitlement was obtained.
    #[serde(rename = "type")]
    pub kind: EntitlementType,
    /// Whether the entitlement was deleted.
    pub deleted: bool,
    /// From when the entitlement is valid; `None` for test entitlements, which never end.
    #[serde(default)]
    pub starts_at: Option<Timestamp>,
    /// Until when the entitlement is valid; `None` when it does not end.
    #[serde(default)]
    pub ends_at: Option<Timestamp>,
    /// The guild that has access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_id: Option<Id<GuildMarker>>,
    /// For a consumable SKU, whether the entitlement was used up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumed: Option<bool>,
    /// The subscription that granted the entitlement (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<Id<SubscriptionMarker>>,
    /// The promotion that granted the entitlement (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotion_id: Option<Id<GenericMarker>>,
    /// Flags of the gift code that granted the entitlement (undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_code_flags: Option<u64>,
}

impl Entitlement {
    /// An entitlement with the required fields; the optional ones are `None`.
    pub const fn new(
        id: Id<EntitlementMarker>,
        sku_id: Id<SkuMarker>,
        application_id: Id<ApplicationMarker>,
        kind: EntitlementType,
    ) -> Self {
        Self {
            id,
            sku_id,
            application_id,
            user_id: None,
            kind,
            deleted: false,
            starts_at: None,
            ends_at: None,
            guild_id: None,
            consumed: None,
            subscription_id: None,
            promotion_id: None,
            gift_code_flags: None,
        }
    }

    /// Whether the entitlement grants access at `now`: not deleted, started and not ended.
    pub fn is_active(&self, now: Timestamp) -> bool {
        !self.deleted
            && self.starts_at.is_none_or(|start| start <= now)
            && self.ends_at.is_none_or(|end| now < end)
    }
}

int_enum! {
    /// How an entitlement was obtained.
    pub enum EntitlementType: u8 {
        /// Bought by the user.
        Purchase = 1,
        /// Part of a Nitro subscription.
        PremiumSubscription = 2,
        /// Gifted by the developer.
        DeveloperGift = 3,
        /// Bought by a developer in the application's test mode.
        TestModePurchase = 4,
        /// Granted while the SKU was free.
        FreePurchase = 5,
        /// Gifted by another user.
        UserGift = 6,
        /// Claimed for free by a Nitro subscriber.
        PremiumPurchase = 7,
        /// Bought as an application subscription.
        ApplicationSubscription = 8,
        /// Granted as a quest reward.
        QuestReward = 10,
    }
}

int_enum! {
    /// Who receives a test entitlement.
    pub enum EntitlementOwnerType: u8 {
        /// A guild.
        Guild = 1,
        /// A user.
        User = 2,
    }
}

/// A user's recurring payment for one or more SKUs.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Subscription {
    /// The subscription's id; it also tells when the subscription started.
    pub id: Id<SubscriptionMarker>,
    /// The subscriber.
    pub user_id: Id<UserMarker>,
    /// The SKUs paid for.
    pub sku_ids: Vec<Id<SkuMarker>>,
    /// The entitlements the subscription granted.
    pub entitlement_ids: Vec<Id<EntitlementMarker>>,
    /// The SKUs the user will be subscribed to at renewal.
    #[serde(default)]
    pub renewal_sku_ids: Option<Vec<Id<SkuMarker>>>,
    /// Start of the current billing period.
    pub current_period_start: Timestamp,
    /// End of the current billing period.
    pub current_period_end: Timestamp,
    /// The subscription's state; grant perks from entitlements, not from this.
    pub status: SubscriptionStatus,
    /// When the user cancelled.
    #[serde(default)]
    pub canceled_at: Option<Timestamp>,
    /// ISO 3166-1 alpha-2 code of the payment country (private OAuth2 scope only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CompactString>,
}

int_enum! {
    /// The state of a subscription.
    pub enum SubscriptionStatus: u8 {
        /// Active and set to renew.
        Active = 0,
        /// Inactive and not charged.
        Inactive = 1,
        /// Active until the end of the period, then not renewed.
        Ending = 2,
    }
}

#[cfg(test)]
mod tests {
    use super::{Entitlement, EntitlementType};
    use crate::id::Id;
    use crate::util::Timestamp;

    #[test]
    fn entitlement_activity_follows_dates_and_deletion() {
        let mut e = Entitlement::new(Id::new(1), Id::new(2), Id::new(3), EntitlementType::Purchase);
        assert!(e.is_active(Timestamp::from_secs(10)));
        e.starts_at = Some(Timestamp::from_secs(5));
        e.ends_at = Some(Timestamp::from_secs(20));
        assert!(!e.is_active(Timestamp::from_secs(4)));
        assert!(e.is_active(Timestamp::from_secs(5)));
        assert!(!e.is_active(Timestamp::from_secs(20)));
        e.deleted = true;
        assert!(!e.is_active(Timestamp::from_secs(10)));
    }
}
