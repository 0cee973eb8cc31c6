//! Examples the model deliberately does not cover, each with the reason.

pub(crate) const EXCLUDED: &[(&str, &str)] = &[
    // guild side
    (
        "resources_guild__guild-member-object-example-guild-member.json",
        "placeholder: `user` is an empty object",
    ),
    (
        "resources_invite__invite-stage-instance-object-example-invite-stage-instance.json",
        "placeholder: the member's `user` is an empty object",
    ),
    (
        "resources_invite__update-target-users-example-error-response.json",
        "a form validation error body, not an object; errors belong to accord-http",
    ),
    (
        "resources_entitlement__create-test-entitlement-json-params.json",
        "a request body (Create Test Entitlement); requests belong to accord-http",
    ),
    (
        "topics_rpc__getguild-example-get-guild-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getguild-example-get-guild-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getguilds-example-get-guilds-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getguilds-example-get-guilds-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__guildcreate-example-guild-create-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__guildstatus-example-guild-status-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getvoicesettings-example-get-voice-settings-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__setuservoicesettings-example-set-user-voice-settings-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__setuservoicesettings-example-set-user-voice-settings-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__setvoicesettings-example-set-voice-settings-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__setvoicesettings-example-set-voice-settings-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__voicesettingsupdate-example-voice-settings-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__voicestatecreate-voicestateupdate-voicestatedelete-example-voice-state-dispatch-.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__voiceconnectionstatus-example-voice-connection-status-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__speakingstart-speakingstop-example-speaking-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__selectvoicechannel-example-select-voice-channel-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__selectvoicechannel-example-select-voice-channel-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__voicechannelselect-example-voice-channel-select-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__activityinvite-example-activity-invite-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__activityjoin-example-activity-join-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__activityjoinrequest-example-activity-join-request-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__activityspectate-example-activity-spectate-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__sendactivityjoininvite-example-send-activity-join-invite-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__closeactivityrequest-example-close-activity-request-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__entitlementcreate-example-entitlement-create-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__entitlementdelete-example-entitlement-delete-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_voice-connections__buffered-resume-example-message-with-sequence-number.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__establishing-a-voice-udp-connection-example-select-protocol-payload.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__establishing-a-voice-websocket-connection-example-voice-identify-payload.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__establishing-a-voice-websocket-connection-example-voice-ready-payload.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__heartbeating-example-heartbeat-ack-payload-below-v8.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__heartbeating-example-heartbeat-ack-payload-since-v8.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__heartbeating-example-heartbeat-payload-below-v8.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__heartbeating-example-heartbeat-payload-since-v8.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__resuming-voice-connection-example-resume-connection-payload-before-v8.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__resuming-voice-connection-example-resume-connection-payload-since-v8.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__resuming-voice-connection-example-resumed-payload.json",
        "voice gateway (voice connections) is not modeled",
    ),
    (
        "topics_voice-connections__speaking-example-speaking-payload.json",
        "voice gateway (voice connections) is not modeled",
    ),
    // end guild side
    // message side
    (
        "interactions_application-commands__autocomplete.json",
        "fragment of an interaction (no id or token); its data is covered by unit tests of Interaction",
    ),
    (
        "resources_lobby__lobby-member-object-example-lobby-object.json",
        "Social SDK lobbies are not modeled",
    ),
    (
        "events_webhook-events__lobby-message-delete-example.json",
        "Social SDK lobby webhook events are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_2.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_3.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_4.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_5.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_6.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_7.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_8.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_9.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "developer-tools_embedded-app-sdk__sample-event-payload_10.json",
        "Embedded App SDK events (client-side protocol) are not modeled",
    ),
    (
        "topics_certified-devices__http-example-http-response-example.json",
        "certified devices are set over RPC, which is not modeled",
    ),
    (
        "topics_certified-devices__websocket-example-rpc-command-example.json",
        "certified devices are set over RPC, which is not modeled",
    ),
    (
        "topics_certified-devices__websocket-example-rpc-response-example.json",
        "certified devices are set over RPC, which is not modeled",
    ),
    (
        "topics_rpc__authenticate-example-authenticate-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__authenticate-example-authenticate-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__authenticating-rpc-authenticate-example.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__authenticating-rpc-authorize-example.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__authorize-example-authorize-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__authorize-example-authorize-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__channelcreate-example-channel-create-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__currentuserupdate-example-current-user-update-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    ("topics_rpc__error-example-error-payload.json", "RPC (local client protocol) is not modeled"),
    (
        "topics_rpc__getchannel-example-get-channel-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getchannel-example-get-channel-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getchannels-example-get-channels-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__getchannels-example-get-channels-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__messagecreate-messageupdate-messagedelete-example-message-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__notificationcreate-example-notification-create-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__ready-example-ready-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__relationshipupdate-example-relationship-update-dispatch-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__setcertifieddevices-example-set-certified-devices-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__setcertifieddevices-example-set-certified-devices-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__subscribe-example-subscribe-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__subscribe-example-subscribe-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__unsubscribe-example-unsubscribe-command-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    (
        "topics_rpc__unsubscribe-example-unsubscribe-response-payload.json",
        "RPC (local client protocol) is not modeled",
    ),
    // end message side
    // gateway and REST envelopes
    (
        "events_webhook-events__entitlement-create-entitlement-create-example.json",
        "an application webhook-event envelope (HTTP webhook events are not modelled); its data is an Entitlement, covered by the entitlement examples",
    ),
    (
        "events_webhook-events__entitlement-update-example.json",
        "an application webhook-event envelope, as above",
    ),
    (
        "events_webhook-events__entitlement-delete-example.json",
        "an application webhook-event envelope, as above",
    ),
    (
        "reference__error-messages__array-error.json",
        "a REST error body, parsed by accord-http's error type and tested there",
    ),
    (
        "reference__error-messages__object-error.json",
        "a REST error body, parsed by accord-http's error type and tested there",
    ),
    (
        "reference__error-messages__request-error.json",
        "a REST error body, parsed by accord-http's error type and tested there",
    ),
    (
        "topics_opcodes-and-status-codes__json-example-json-error-response.json",
        "a REST error body, parsed by accord-http's error type and tested there",
    ),
];
