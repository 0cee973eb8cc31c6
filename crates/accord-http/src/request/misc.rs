//! Everything not tied to a guild, channel or application: the gateway URL, voice regions,
//! stickers and sticker packs, default soundboard sounds, SKU subscriptions and OAuth2
//! information.

use accord_model::application::Application;
use accord_model::gateway::{GatewayBot, GatewayInfo};
use accord_model::id::Id;
use accord_model::id::marker::{
    SkuMarker, StickerMarker, StickerPackMarker, SubscriptionMarker, UserMarker,
};
use accord_model::monetization::Subscription;
use accord_model::soundboard::SoundboardSound;
use accord_model::sticker::{Sticker, StickerPack, StickerPacks};
use accord_model::voice::VoiceRegion;
use serde_json::Value;

use crate::validate::range;

requests! {
    /// Returns the gateway URL; needs no token.
    get_gateway => GetGateway: GET "/gateway" -> GatewayInfo {
        #[no_auth]
    }

    /// Returns the gateway URL with the recommended shard count and the session start limit.
    get_bot_gateway => GetBotGateway: GET "/gateway/bot" -> GatewayBot {}

    /// Lists the voice regions.
    list_voice_regions => ListVoiceRegions: GET "/voice/regions" -> Vec<VoiceRegion> {}

    /// Returns a sticker.
    get_sticker => GetSticker: GET "/stickers/{sticker_id}" -> Sticker {
        path: sticker_id: Id<StickerMarker>;
    }

    /// Lists the sticker packs available to Nitro users.
    list_sticker_packs => ListStickerPacks: GET "/sticker-packs" -> StickerPacks {}

    /// Returns a sticker pack.
    get_sticker_pack => GetStickerPack: GET "/sticker-packs/{pack_id}" -> StickerPack {
        path: pack_id: Id<StickerPackMarker>;
    }

    /// Lists the soundboard sounds every user can play.
    get_soundboard_default_sounds => GetSoundboardDefaultSounds:
        GET "/soundboard-default-sounds" -> Vec<SoundboardSound> {}

    /// Lists the subscriptions to a SKU.
    get_sku_subscriptions => GetSkuSubscriptions:
        GET "/skus/{sku_id}/subscriptions" -> Vec<Subscription> {
        path: sku_id: Id<SkuMarker>;
        query:
            before: Id<SubscriptionMarker>,
            after: Id<SubscriptionMarker>,
            /// 1 to 100, 50 by default.
            limit: u16 [range(1, 100)],
            /// Required unless the token is a user's.
            user_id: Id<UserMarker>;
    }

    /// Returns a subscription to a SKU.
    get_sku_subscription => GetSkuSubscription:
        GET "/skus/{sku_id}/subscriptions/{subscription_id}" -> Subscription {
        path: sku_id: Id<SkuMarker>, subscription_id: Id<SubscriptionMarker>;
        query: user_id: Id<UserMarker>;
    }

    /// Returns the authorization of a Bearer token: application, scopes, expiry and user
    /// (Discord's `OAuth2GetAuthorizationResponse`).
    get_my_oauth2_authorization => GetMyOauth2Authorization: GET "/oauth2/@me" -> Value {}

    /// Returns the bot's application.
    get_my_oauth2_application => GetMyOauth2Application: GET "/oauth2/applications/@me" -> Application {}

    /// Returns Discord's public keys for OpenID Connect tokens (a JSON Web Key Set).
    get_public_keys => GetPublicKeys: GET "/oauth2/keys" -> Value {
        #[no_auth]
    }

    /// Returns the OpenID Connect claims of the user of a Bearer token with the `openid`
    /// scope.
    get_openid_connect_userinfo => GetOpenidConnectUserinfo: GET "/oauth2/userinfo" -> Value {}
}
