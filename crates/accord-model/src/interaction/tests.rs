use serde_json::json;

use super::{
    CommandOptionValue, Interaction, InteractionCallbackData, InteractionCallbackType,
    InteractionData, InteractionResponse, InteractionResponseData, InteractionType,
    ModalSubmitComponent,
};
use crate::application::command::{CommandOptionChoice, CommandType};
use crate::component::{ComponentType, TextInput, TextInputStyle};
use crate::id::Id;
use crate::message::MessageFlags;

fn interaction(kind: u8, data: &serde_json::Value) -> serde_json::Value {
    // `data` before `type`, as Discord may order them.
    json!({"data": data, "id": "1", "application_id": "2", "token": "t", "version": 1, "type": kind})
}

fn round_trip(value: &serde_json::Value) -> Interaction {
    let parsed: Interaction = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&parsed).unwrap(), value);
    parsed
}

#[test]
fn command_data_with_subcommands_and_values() {
    let value = interaction(
        2,
        &json!({"id": "3", "name": "cfg", "type": 1, "options": [
            {"name": "set", "type": 1, "options": [
                {"name": "n", "type": 4, "value": 5},
                {"name": "x", "type": 10, "value": 2.5},
                {"name": "on", "type": 5, "value": true},
                {"name": "who", "type": 6, "value": "42"},
            ]}
        ]}),
    );
    let parsed = round_trip(&value);
    let data = parsed.command_data().unwrap();
    assert_eq!(data.kind, CommandType::ChatInput);
    let options = data.options()[0].options.as_ref().unwrap();
    assert_eq!(options[0].value, Some(CommandOptionValue::Integer(5)));
    assert_eq!(options[1].value.as_ref().and_then(CommandOptionValue::as_f64), Some(2.5));
    assert_eq!(options[2].value.as_ref().and_then(CommandOptionValue::as_bool), Some(true));
    let who: Option<Id<crate::id::marker::UserMarker>> =
        options[3].value.as_ref().and_then(CommandOptionValue::as_id);
    assert_eq!(who, Some(Id::new(42)));
}

#[test]
fn autocomplete_uses_command_data_and_finds_the_focused_option() {
    let value = interaction(
        4,
        &json!({"id": "3", "name": "airhorn", "type": 1, "version": "9",
        "options": [{"type": 3, "name": "variant", "value": "data a user is typ", "focused": true}]}),
    );
    let parsed = round_trip(&value);
    assert_eq!(parsed.kind, InteractionType::ApplicationCommandAutocomplete);
    let focused = parsed.command_data().unwrap().focused().unwrap();
    assert_eq!(focused.name, "variant");
}

#[test]
fn component_data_with_values_and_resolved() {
    let value = interaction(
        3,
        &json!({"custom_id": "pick", "component_type": 5, "id": 7,
        "values": ["10"], "resolved": {"users": {"10": {"id": "10", "username": "a",
        "discriminator": "0", "global_name": null, "avatar": null}}}}),
    );
    let parsed = round_trip(&value);
    let data = parsed.component_data().unwrap();
    assert_eq!(data.component_type, ComponentType::UserSelect);
    assert_eq!(data.id, Some(7));
    assert_eq!(data.resolved.as_ref().unwrap().user(Id::new(10)).unwrap().username, "a");
}

#[test]
fn modal_submit_values_of_every_input() {
    let value = interaction(
        5,
        &json!({"custom_id": "form", "components": [
            {"type": 1, "id": 1, "components": [{"type": 4, "id": 2, "custom_id": "old", "value": ""}]},
            {"type": 10, "id": 3},
            {"type": 18, "id": 4, "component": {"type": 4, "id": 5, "custom_id": "name", "value": "Ann"}},
            {"type": 18, "id": 6, "component": {"type": 3, "id": 7, "custom_id": "s", "values": ["a"]}},
            {"type": 18, "id": 8, "component": {"type": 19, "id": 9, "custom_id": "f", "values": ["11"]}},
            {"type": 18, "id": 10, "component": {"type": 21, "id": 11, "custom_id": "r", "value": null}},
            {"type": 18, "id": 12, "component": {"type": 22, "id": 13, "custom_id": "g", "values": []}},
            {"type": 18, "id": 14, "component": {"type": 23, "id": 15, "custom_id": "c", "value": true}},
            {"type": 77, "id": 16, "custom_id": "future", "value": {"x": 1}},
        ]}),
    );
    let parsed: Interaction = serde_json::from_value(value.clone()).unwrap();
    let data = parsed.modal_data().unwrap();
    let Some(ModalSubmitComponent::TextInput(name)) = data.component("name") else { panic!() };
    assert_eq!(name.value, "Ann");
    let Some(ModalSubmitComponent::FileUpload(files)) = data.component("f") else { panic!() };
    assert_eq!(files.values, [Id::new(11)]);
    let Some(ModalSubmitComponent::Checkbox(check)) = data.component("c") else { panic!() };
    assert!(check.value);
    assert_eq!(data.components[8].kind(), ComponentType::Unknown(77));
    // The radio group's null value is written back as null; everything else is identical.
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
}

#[test]
fn unknown_interaction_types_keep_their_data() {
    let value = interaction(9, &json!({"whatever": [1, 2], "custom_id": "x"}));
    let parsed = round_trip(&value);
    assert!(matches!(parsed.data, Some(InteractionData::Unknown(_))));
    let ping = round_trip(
        &json!({"id": "1", "application_id": "2", "type": 1, "token": "t", "version": 1}),
    );
    assert!(ping.data.is_none());
    assert!(!format!("{ping:?}").contains("\"t\""), "the token is redacted in Debug");
}

#[test]
fn missing_data_fields_are_errors() {
    for (kind, data) in [
        (2, json!({"name": "x", "type": 1})),
        (3, json!({"custom_id": "x"})),
        (5, json!({"custom_id": "x"})),
        (5, json!({"custom_id": "x", "components": [{"type": 4, "custom_id": "t"}]})),
        (
            5,
            json!({"custom_id": "x", "components": [{"type": 23, "custom_id": "c", "value": "yes"}]}),
        ),
    ] {
        assert!(serde_json::from_value::<Interaction>(interaction(kind, &data)).is_err());
    }
}

#[test]
fn responses_by_callback_type() {
    let cases = [
        (InteractionResponse::pong(), json!({"type": 1})),
        (InteractionResponse::deferred(), json!({"type": 5})),
        (InteractionResponse::deferred_ephemeral(), json!({"type": 5, "data": {"flags": 64}})),
        (InteractionResponse::deferred_update(), json!({"type": 6})),
        (
            InteractionResponse::message(InteractionCallbackData::content("hi").ephemeral()),
            json!({"type": 4, "data": {"content": "hi", "flags": 64}}),
        ),
        (
            InteractionResponse::autocomplete(vec![CommandOptionChoice::new("One", 1_i64)]),
            json!({"type": 8, "data": {"choices": [{"name": "One", "value": 1}]}}),
        ),
        (
            InteractionResponse::modal(
                "m",
                "Title",
                vec![TextInput::new("t", TextInputStyle::Short).into()],
            ),
            json!({"type": 9, "data": {"custom_id": "m", "title": "Title",
                "components": [{"type": 4, "custom_id": "t", "style": 1}]}}),
        ),
        (InteractionResponse::launch_activity(), json!({"type": 12})),
    ];
    for (response, value) in cases {
        assert_eq!(serde_json::to_value(&response).unwrap(), value);
        let parsed: InteractionResponse = serde_json::from_value(value).unwrap();
        assert_eq!(parsed, response);
    }
    let update: InteractionResponse =
        serde_json::from_value(json!({"data": {"components": [], "flags": 32768}, "type": 7}))
            .unwrap();
    let Some(InteractionResponseData::Message(data)) = update.data else { panic!() };
    assert_eq!(data.flags, Some(MessageFlags::IS_COMPONENTS_V2));
    let future: InteractionResponse =
        serde_json::from_value(json!({"type": 13, "data": {"eligible": true}})).unwrap();
    assert_eq!(future.kind, InteractionCallbackType::Unknown(13));
    assert!(matches!(future.data, Some(InteractionResponseData::Unknown(_))));
}
