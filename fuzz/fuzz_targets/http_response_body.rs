//! REST response bodies, decoded as the client decodes them into the models of its operations:
//! any body parses or is an error, and what parses serializes into JSON that parses again.
#![no_main]

use accord_http::EmptyBody;
use accord_http::fuzz::parse_body;
use accord_model::application::Application;
use accord_model::application::command::Command;
use accord_model::audit_log::AuditLog;
use accord_model::auto_moderation::AutoModerationRule;
use accord_model::channel::Channel;
use accord_model::emoji::Emoji;
use accord_model::gateway::GatewayBot;
use accord_model::guild::{Guild, Member, Role};
use accord_model::interaction::Interaction;
use accord_model::invite::Invite;
use accord_model::message::Message;
use accord_model::monetization::{Entitlement, Sku};
use accord_model::scheduled_event::GuildScheduledEvent;
use accord_model::sticker::Sticker;
use accord_model::user::User;
use accord_model::voice::VoiceState;
use accord_model::webhook::Webhook;
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: DeserializeOwned + Serialize>(body: &[u8]) {
    let Ok(model) = parse_body::<T>(body) else { return };
    let json = serde_json::to_vec(&model).expect("models serialize");
    if let Err(error) = parse_body::<T>(&json) {
        panic!(
            "{} serialized as {} does not parse back: {error}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&json)
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = parse_body::<EmptyBody>(data);
    round_trip::<Message>(data);
    round_trip::<Vec<Message>>(data);
    round_trip::<Channel>(data);
    round_trip::<Guild>(data);
    round_trip::<Member>(data);
    round_trip::<Role>(data);
    round_trip::<User>(data);
    round_trip::<Emoji>(data);
    round_trip::<Sticker>(data);
    round_trip::<Invite>(data);
    round_trip::<Webhook>(data);
    round_trip::<Application>(data);
    round_trip::<Command>(data);
    round_trip::<AuditLog>(data);
    round_trip::<AutoModerationRule>(data);
    round_trip::<GuildScheduledEvent>(data);
    round_trip::<Entitlement>(data);
    round_trip::<Sku>(data);
    round_trip::<VoiceState>(data);
    round_trip::<Interaction>(data);
    round_trip::<GatewayBot>(data);
});
