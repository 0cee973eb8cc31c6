//! Parts of special messages: rich presence invitations, role subscriptions, calls, shared
//! client themes and purchase notifications.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::id::marker::{SkuMarker, UserMarker};
use crate::util::Timestamp;

/// The activity of a rich presence embed (an invitation to join or listen).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageActivity {
    /// What the invitation is for.
    #[serde(rename = "type")]
    pub kind: MessageActivityType,
    /// The party of the rich presence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_id: Option<CompactString>,
}

impl MessageActivity {
    /// An activity invitation.
    pub const fn new(kind: MessageActivityType) -> Self {
        Self { kind, party_id: None }
    }
}

int_enum! {
    /// What a rich presence invitation is for.
    pub enum MessageActivityType: u8 {
        /// Joining.
        Join = 1,
        /// Spectating.
        Spectate = 2,
        /// Listening along.
        Listen = 3,
        /// Asking to join.
        JoinRequest = 5,
    }
}

/// The purchase a role subscription message announces.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct RoleSubscriptionData {
    /// The SKU of the subscription listing.
    pub role_subscription_listing_id: Id<SkuMarker>,
    /// The name of the tier.
    pub tier_name: CompactString,
    /// For how many months the user has been subscribed in total.
    pub total_months_subscribed: u32,
    /// Whether this is a renewal.
    pub is_renewal: bool,
}

impl RoleSubscriptionData {
    /// The data of a role subscription purchase.
    pub fn new(
        role_subscription_listing_id: Id<SkuMarker>,
        tier_name: impl Into<CompactString>,
        total_months_subscribed: u32,
        is_renewal: bool,
    ) -> Self {
        Self {
            role_subscription_listing_id,
            tier_name: tier_name.into(),
            total_months_subscribed,
            is_renewal,
        }
    }
}

/// The call a call message is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageCall {
    /// The users who took part.
    pub participants: Vec<Id<UserMarker>>,
    /// When the call ended; `None` while it goes on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_timestamp: Option<Timestamp>,
}

impl MessageCall {
    /// A call with its participants, still going on.
    pub const fn new(participants: Vec<Id<UserMarker>>) -> Self {
        Self { participants, ended_timestamp: None }
    }
}

/// A client theme shared in a message.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct SharedClientTheme {
    /// The gradient's colors, as hex strings without `#`.
    pub colors: Vec<CompactString>,
    /// The gradient's angle, in degrees.
    pub gradient_angle: i32,
    /// How strongly the base theme is mixed in (0 to 100).
    pub base_mix: i32,
    /// The base theme.
    pub base_theme: BaseTheme,
}

int_enum! {
    /// The base theme of a shared client theme.
    pub enum BaseTheme: u8 {
        /// None.
        Unset = 0,
        /// Dark.
        Dark = 1,
        /// Light.
        Light = 2,
        /// Darker.
        Darker = 3,
        /// Midnight.
        Midnight = 4,
    }
}

/// The purchase a purchase notification message announces.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PurchaseNotification {
    /// What kind of purchase it was.
    #[serde(rename = "type")]
    pub kind: PurchaseNotificationType,
    /// The guild product bought.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guild_product_purchase: Option<GuildProductPurchase>,
}

int_enum! {
    /// What kind of purchase a purchase notification announces.
    pub enum PurchaseNotificationType: u8 {
        /// A guild product.
        GuildProduct = 0,
    }
}

/// A guild product bought.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[non_exhaustive]
pub struct GuildProductPurchase {
    /// The product listing.
    pub listing_id: Id<SkuMarker>,
    /// The product's name.
    pub product_name: CompactString,
}
