use serde_json::json;

use super::{
    ActionRow, Button, ButtonStyle, Component, ComponentType, Container, Label, Section,
    SelectOption, StringSelect, TextDisplay, TextInput, TextInputStyle, Thumbnail, UnfurledMedia,
};

fn round_trip(value: &serde_json::Value) -> Component {
    let component: Component = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&component).unwrap(), value);
    component
}

#[test]
fn action_row_of_buttons_round_trips() {
    let value = json!({"type": 1, "id": 1, "components": [
        {"type": 2, "id": 2, "style": 1, "label": "Click", "custom_id": "click"},
        {"type": 2, "style": 5, "label": "Docs", "url": "https://discord.com"},
        {"type": 2, "style": 6, "sku_id": "1234"},
    ]});
    let Component::ActionRow(row) = round_trip(&value) else { panic!("not a row") };
    assert_eq!(row.components.len(), 3);
    let Component::Button(button) = &row.components[1] else { panic!("not a button") };
    assert_eq!(button.style, ButtonStyle::Link);
    assert_eq!(row.components[0].custom_id(), Some("click"));
}

#[test]
fn the_tag_may_come_last() {
    let component: Component =
        serde_json::from_str(r#"{"content":"hi","id":4,"type":10}"#).unwrap();
    assert_eq!(
        component,
        Component::TextDisplay(TextDisplay { id: Some(4), content: "hi".into() })
    );
}

#[test]
fn nested_layout_round_trips() {
    let value = json!({"type": 17, "accent_color": 703_487, "spoiler": false, "components": [
        {"type": 9, "components": [{"type": 10, "content": "text"}],
         "accessory": {"type": 11, "media": {"url": "https://a/b.png"}, "description": "alt"}},
        {"type": 14, "divider": true, "spacing": 2},
        {"type": 12, "items": [{"media": {"url": "attachment://x.png"}, "spoiler": true}]},
        {"type": 13, "file": {"url": "attachment://x.txt"}, "name": "x.txt", "size": 12},
        {"type": 1, "components": [{"type": 8, "custom_id": "c", "channel_types": [0, 2]}]},
    ]});
    let component = round_trip(&value);
    assert_eq!(component.kind(), ComponentType::Container);
    assert_eq!(component.children().len(), 5);
    assert_eq!(component.children()[0].children().len(), 2);
}

#[test]
fn modal_components_round_trip() {
    let value = json!([
        {"type": 18, "label": "Name", "description": "who", "component":
            {"type": 4, "custom_id": "n", "style": 1, "min_length": 1, "max_length": 20}},
        {"type": 18, "label": "Pick", "component": {"type": 21, "custom_id": "r", "options": [
            {"label": "A", "value": "a", "default": true}]}},
        {"type": 18, "label": "Check", "component": {"type": 22, "custom_id": "g",
            "max_values": 2, "options": [{"label": "B", "value": "b"}]}},
        {"type": 18, "label": "Agree", "component": {"type": 23, "custom_id": "x", "default": false}},
        {"type": 18, "label": "Files", "component": {"type": 19, "custom_id": "f", "max_values": 3}},
        {"type": 1, "components": [{"type": 5, "custom_id": "u",
            "default_values": [{"id": "1", "type": "user"}]}]},
    ]);
    let components: Vec<Component> = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&components).unwrap(), value);
    assert!(matches!(&components[5].children()[0], Component::UserSelect(_)));
}

#[test]
fn unknown_types_are_kept_whole() {
    let value = json!({"type": 99, "id": 3, "custom_id": "z", "shiny": {"new": [1, 2]}});
    let component = round_trip(&value);
    assert_eq!(component.kind(), ComponentType::Unknown(99));
    assert_eq!(component.id(), Some(3));
    // An unknown component nested in a known one is kept too.
    round_trip(&json!({"type": 1, "components": [{"type": 42, "x": null}]}));
}

#[test]
fn missing_required_fields_are_errors() {
    for bad in [
        json!({"type": 1}),
        json!({"type": 2, "label": "no style"}),
        json!({"type": 10}),
        json!({"components": []}),
        json!({"type": 3, "custom_id": "s"}),
    ] {
        assert!(serde_json::from_value::<Component>(bad.clone()).is_err(), "{bad} parsed");
    }
    assert!(
        serde_json::from_str::<Component>(r#"{"type":10,"content":"a","content":"b"}"#).is_err()
    );
}

#[test]
fn constructors_build_what_the_docs_show() {
    let modal_field = Label::new("Name", TextInput::new("name", TextInputStyle::Short));
    let message = vec![
        Component::from(TextDisplay::new("hello")),
        Component::from(ActionRow::new(vec![
            Button::new(ButtonStyle::Primary, "ok", "OK").into(),
            Button::link("https://example.com", "Site").into(),
        ])),
        Section::new(vec![TextDisplay::new("t").into()], Thumbnail::new(UnfurledMedia::new("u")))
            .into(),
        Container::new(vec![StringSelect::new("s", vec![SelectOption::new("A", "a")]).into()])
            .into(),
    ];
    let value = serde_json::to_value(&message).unwrap();
    assert_eq!(
        value[1]["components"][1],
        json!({"type": 2, "style": 5, "label": "Site", "url": "https://example.com"})
    );
    assert_eq!(
        serde_json::to_value(Component::from(modal_field)).unwrap(),
        json!({"type": 18, "label": "Name", "component": {"type": 4, "custom_id": "name", "style": 1}})
    );
    let back: Vec<Component> = serde_json::from_value(value).unwrap();
    assert_eq!(back, message);
}
