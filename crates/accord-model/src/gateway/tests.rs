//! Tests of the payload parser: key orders, filters, unknown events, errors, commands.

use proptest::prelude::*;

use super::{
    Event, EventType, EventTypeSet, GatewayCommand, GatewayEvent, ParseErrorKind,
    event::GuildCreate,
};

/// Every parser this build has: serde_json always, simd-json with the feature.
type Parser = fn(&str) -> Result<GatewayEvent, super::ParseError>;

fn parsers() -> Vec<Parser> {
    let mut parsers: Vec<Parser> =
        vec![|json| GatewayEvent::from_serde_json(json, EventTypeSet::all())];
    #[cfg(feature = "simd-json")]
    parsers.push(|json| GatewayEvent::from_slice(&mut json.as_bytes().to_vec()));
    parsers
}

const MESSAGE_DELETE: &str = r#"{"id":"3","channel_id":"2","guild_id":"1"}"#;

fn dispatch(t: &str, s: u64, d: &str) -> String {
    format!(r#"{{"t":"{t}","s":{s},"op":0,"d":{d}}}"#)
}

#[test]
fn discord_order_parses_in_one_pass() {
    for parse in parsers() {
        let event = parse(&dispatch("MESSAGE_DELETE", 5, MESSAGE_DELETE)).unwrap();
        let GatewayEvent::Dispatch { seq: 5, event: Event::MessageDelete(delete) } = event else {
            panic!("{event:?}")
        };
        assert_eq!(delete.id.get(), 3);
        assert_eq!(delete.guild_id.map(crate::id::Id::get), Some(1));
    }
}

#[test]
fn any_key_order_parses() {
    for parse in parsers() {
        let orders = [
            format!(r#"{{"op":0,"d":{MESSAGE_DELETE},"s":5,"t":"MESSAGE_DELETE"}}"#),
            format!(r#"{{"d":{MESSAGE_DELETE},"t":"MESSAGE_DELETE","op":0,"s":5}}"#),
            format!(
                r#"{{"s":5,"d":{MESSAGE_DELETE},"op":0,"extra":[1,{{"d":2}}],"t":"MESSAGE_DELETE"}}"#
            ),
        ];
        let expected = parse(&dispatch("MESSAGE_DELETE", 5, MESSAGE_DELETE)).unwrap();
        for json in orders {
            assert_eq!(parse(&json).unwrap(), expected, "{json}");
        }
    }
}

#[test]
fn control_payloads() {
    for parse in parsers() {
        let cases = [
            (
                r#"{"op":10,"d":{"heartbeat_interval":45000},"s":null,"t":null}"#,
                GatewayEvent::Hello(super::Hello::new(45000)),
            ),
            (r#"{"op":11}"#, GatewayEvent::HeartbeatAck),
            (r#"{"op":1,"d":null}"#, GatewayEvent::Heartbeat),
            (r#"{"op":7,"d":null}"#, GatewayEvent::Reconnect),
            (r#"{"d":true,"op":9}"#, GatewayEvent::InvalidSession { resumable: true }),
        ];
        for (json, expected) in cases {
            assert_eq!(parse(json).unwrap(), expected, "{json}");
        }
    }
}

#[test]
fn filtered_events_keep_their_sequence() {
    let wanted = EventTypeSet::empty() | EventType::Ready;
    let json = dispatch("MESSAGE_DELETE", 9, MESSAGE_DELETE);
    let event = GatewayEvent::from_json_filtered(&json, wanted).unwrap();
    assert_eq!(event, GatewayEvent::Skipped { seq: 9, kind: Some(EventType::MessageDelete) });
    // Even a payload that would not parse is skipped without error when filtered out.
    let broken = dispatch("MESSAGE_DELETE", 10, r#"{"id":"not a number"}"#);
    assert_eq!(GatewayEvent::from_json_filtered(&broken, wanted).unwrap().seq(), Some(10));
}

#[test]
fn unknown_events_are_kept_and_round_trip() {
    for parse in parsers() {
        let json = dispatch("SOMETHING_NEW", 3, r#"{"a":[1,2],"b":"c"}"#);
        let event = parse(&json).unwrap();
        let GatewayEvent::Dispatch { event: Event::Unknown(unknown), .. } = &event else {
            panic!("{event:?}")
        };
        assert_eq!(unknown.name, "SOMETHING_NEW");
        assert_eq!(unknown.data["b"], "c");
        assert_eq!(parse(&event.to_json()).unwrap(), event);
        let without_unknown =
            EventTypeSet::from_intents(super::Intents::empty()).without(EventType::Ready);
        let skipped = GatewayEvent::from_json_filtered(&json, EventTypeSet::empty()).unwrap();
        assert_eq!(skipped, GatewayEvent::Skipped { seq: 3, kind: None });
        assert!(without_unknown.contains_unknown());
    }
}

#[test]
fn guild_create_takes_both_forms() {
    for parse in parsers() {
        let short = dispatch("GUILD_CREATE", 2, r#"{"id":"41771983423143937","unavailable":true}"#);
        let GatewayEvent::Dispatch { event: Event::GuildCreate(guild), .. } =
            parse(&short).unwrap()
        else {
            panic!()
        };
        assert!(
            matches!(*guild, GuildCreate::Unavailable(ref g) if g.id.get() == 41_771_983_423_143_937)
        );

        let guild = accord_guild_json();
        let full = dispatch("GUILD_CREATE", 3, &guild);
        let event = parse(&full).unwrap();
        let GatewayEvent::Dispatch { event: Event::GuildCreate(created), .. } = &event else {
            panic!()
        };
        let GuildCreate::Available(created) = &**created else { panic!("{created:?}") };
        assert_eq!(created.name, "Test");
        assert_eq!(created.unavailable, Some(false));
        assert_eq!(parse(&event.to_json()).unwrap(), event);

        // A guild that is broken in another way is an error, not an unavailable guild.
        let broken = dispatch("GUILD_CREATE", 4, r#"{"id":"1","unavailable":true,"roles":"no"}"#);
        assert!(parse(&broken).is_err());
    }
}

fn accord_guild_json() -> String {
    let mut guild = crate::guild::Guild::new(crate::id::Id::new(7), "Test", crate::id::Id::new(8));
    guild.unavailable = Some(false);
    serde_json::to_string(&guild).unwrap()
}

#[test]
fn errors_say_what_went_wrong() {
    for parse in parsers() {
        let kind = |json: &str| parse(json).unwrap_err().kind().clone();
        assert_eq!(kind("not json"), ParseErrorKind::Json);
        assert_eq!(kind("[1,2]"), ParseErrorKind::Json);
        assert_eq!(kind(r#"{"op":0,"d":{}"#), ParseErrorKind::Json);
        assert_eq!(kind(r#"{"d":null}"#), ParseErrorKind::MissingOpcode);
        assert_eq!(kind(r#"{"op":42,"d":null}"#), ParseErrorKind::UnknownOpcode(42));
        assert_eq!(
            kind(&format!(r#"{{"op":0,"t":"MESSAGE_DELETE","d":{MESSAGE_DELETE}}}"#)),
            ParseErrorKind::MissingField("s")
        );
        assert_eq!(kind(r#"{"op":10}"#), ParseErrorKind::MissingField("d"));
        assert_eq!(
            kind(&dispatch("MESSAGE_DELETE", 1, r#"{"id":"x","channel_id":"2"}"#)),
            ParseErrorKind::Payload { opcode: 0, event: Some(EventType::MessageDelete) }
        );
        let error = parse(&dispatch("MESSAGE_DELETE", 1, "{}")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("data of MESSAGE_DELETE (opcode 0) does not match its type"),
            "{error}"
        );
    }
}

#[test]
fn commands_parse_and_serialize() {
    let identify = r#"{"op":2,"d":{"token":"my_token","intents":513,"properties":{"os":"linux","browser":"x","device":"x"}}}"#;
    let GatewayCommand::Identify(parsed) = GatewayCommand::from_json(identify).unwrap() else {
        panic!()
    };
    assert_eq!(parsed.token.expose(), "my_token");
    assert!(!format!("{parsed:?}").contains("my_token"));
    let again =
        GatewayCommand::from_json(&GatewayCommand::Identify(parsed.clone()).to_json()).unwrap();
    assert_eq!(again, GatewayCommand::Identify(parsed));
    assert_eq!(
        GatewayCommand::from_json(r#"{"op":1,"d":251}"#).unwrap(),
        GatewayCommand::Heartbeat(Some(251))
    );
    assert_eq!(
        GatewayCommand::from_json(r#"{"d":null,"op":1}"#).unwrap(),
        GatewayCommand::Heartbeat(None)
    );
    let kind = |json: &str| GatewayCommand::from_json(json).unwrap_err().kind().clone();
    assert_eq!(kind("{"), ParseErrorKind::Json);
    assert_eq!(kind(r#"{"op":99,"d":{}}"#), ParseErrorKind::UnknownOpcode(99));
    assert_eq!(
        kind(r#"{"op":2,"d":{"token":1}}"#),
        ParseErrorKind::Payload { opcode: 2, event: None }
    );
    assert_eq!(kind(r#"{"op":6}"#), ParseErrorKind::MissingField("d"));
}

proptest! {
    #[test]
    fn hostile_text_is_an_error_never_a_panic(text in "\\PC{0,200}") {
        for parse in parsers() {
            let _ = parse(&text);
        }
        let _ = GatewayCommand::from_json(&text);
    }

    #[test]
    fn truncated_payloads_are_errors(cut in 0_usize..120) {
        let json = dispatch("MESSAGE_DELETE", 5, MESSAGE_DELETE);
        let cut = cut.min(json.len() - 1);
        for parse in parsers() {
            prop_assert!(parse(&json[..cut]).is_err());
        }
    }

    #[test]
    fn wrong_types_and_huge_numbers_are_errors(value in prop_oneof![
        Just("18446744073709551616".to_owned()),
        Just("-1".to_owned()),
        Just("1e400".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("true".to_owned()),
        "\"[a-z]{0,10}\"",
    ]) {
        let json = dispatch("MESSAGE_DELETE", 5, &format!(r#"{{"id":{value},"channel_id":"2"}}"#));
        let seq = format!(r#"{{"t":"MESSAGE_DELETE","s":{value},"op":0,"d":{MESSAGE_DELETE}}}"#);
        for parse in parsers() {
            prop_assert!(parse(&json).is_err());
            prop_assert!(parse(&seq).is_err());
        }
    }
}

#[test]
fn deep_nesting_is_an_error() {
    for parse in parsers() {
        let depth = 10_000;
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let json = dispatch("SOMETHING_NEW", 1, &nested);
        assert!(parse(&json).is_err());
        let skipped =
            format!(r#"{{"t":"MESSAGE_DELETE","s":1,"op":0,"x":{nested},"d":{MESSAGE_DELETE}}}"#);
        // serde_json skips values without recursing and accepts this; simd-json limits depth
        // and refuses it. Either is fine; a panic or a wrong event is not.
        match parse(&skipped) {
            Ok(GatewayEvent::Dispatch { event: Event::MessageDelete(_), .. }) | Err(_) => {}
            Ok(other) => panic!("{other:?}"),
        }
    }
}
