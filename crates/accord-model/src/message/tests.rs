use serde_json::json;

use super::{Message, MessageFlags, MessageType, Nonce};
use crate::id::Id;
use crate::user::User;
use crate::util::Timestamp;

fn message_json() -> serde_json::Value {
    json!({
        "id": "3", "channel_id": "2", "type": 0, "content": "hi", "tts": false,
        "author": {"id": "1", "username": "a", "discriminator": "0", "global_name": null, "avatar": null},
        "timestamp": "2017-07-11T17:27:07.299000+00:00", "edited_timestamp": null,
        "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "flags": 0, "components": []
    })
}

#[test]
fn deleted_reply_is_kept_apart_from_no_reply() {
    let mut value = message_json();
    let plain: Message = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(plain.referenced_message, None);
    value["referenced_message"] = serde_json::Value::Null;
    let deleted: Message = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(deleted.referenced_message, Some(None));
    assert!(serde_json::to_value(&deleted).unwrap()["referenced_message"].is_null());
    value["referenced_message"] = message_json();
    let reply: Message = serde_json::from_value(value).unwrap();
    assert_eq!(reply.referenced_message().unwrap().content, "hi");
}

#[test]
fn nonce_keeps_its_json_type() {
    for (json, nonce) in [(r#""abc""#, Nonce::String("abc".into())), ("123", Nonce::Integer(123))] {
        let parsed: Nonce = serde_json::from_str(json).unwrap();
        assert_eq!(parsed, nonce);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
    }
}

#[test]
fn new_writes_what_rest_returns() {
    let message = Message::new(
        Id::new(3),
        Id::new(2),
        User::new(Id::new(1), "a"),
        "hi",
        "2017-07-11T17:27:07.299000+00:00".parse::<Timestamp>().unwrap(),
    );
    let parsed: Message = serde_json::from_value(message_json()).unwrap();
    assert_eq!(parsed, message);
    assert_eq!(message.flags(), MessageFlags::empty());
    assert!(MessageType::Reply.is_deletable() && !MessageType::Call.is_deletable());
}

#[test]
fn message_stays_small() {
    // Rarely present parts are boxed; guard against an accidental unboxed addition.
    assert!(size_of::<Message>() <= 960, "{}", size_of::<Message>());
}

// The message side's main types can cross threads and be cloned and printed.
static_assertions::assert_impl_all!(
    Message: Send, Sync, Clone, std::fmt::Debug
);
static_assertions::assert_impl_all!(
    crate::channel::Channel: Send, Sync, Clone, std::fmt::Debug
);
static_assertions::assert_impl_all!(
    crate::component::Component: Send, Sync, Clone, std::fmt::Debug
);
static_assertions::assert_impl_all!(
    crate::interaction::Interaction: Send, Sync, Clone, std::fmt::Debug
);
static_assertions::assert_impl_all!(
    crate::interaction::InteractionResponse: Send, Sync, Clone, std::fmt::Debug
);
static_assertions::assert_impl_all!(
    crate::application::Application: Send, Sync, Clone, std::fmt::Debug
);
static_assertions::assert_impl_all!(
    crate::application::command::Command: Send, Sync, Clone, std::fmt::Debug
);
