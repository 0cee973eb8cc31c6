//! Examples of channels, messages, components, applications and interactions.

use accord_model::application::Application;
use accord_model::application::command::Command;
use accord_model::channel::Channel;
use accord_model::interaction::{Interaction, InteractionCallbackData, InteractionResponse};
use accord_model::message::{AllowedMentions, Message, SearchIndexNotReady, SharedClientTheme};
use accord_model::oauth2::{AccessTokenResponse, CurrentAuthorization, DeviceAuthorization};
use serde::{Deserialize, Serialize};

use crate::Entry;

/// The docs show the shared client theme inside a fragment of a message.
#[derive(Deserialize, Serialize)]
struct SharedClientThemeFragment {
    shared_client_theme: SharedClientTheme,
}

pub(crate) const ENTRIES: &[Entry] = crate::examples![
    // Channels.
    "resources_channel__channel-object-example-guild-text-channel.json" => Channel,
    "resources_channel__channel-object-example-guild-announcement-channel.json" => Channel,
    "resources_channel__channel-object-example-dm-channel.json" => Channel,
    "resources_channel__channel-object-example-group-dm-channel.json" => Channel,
    "resources_channel__channel-object-example-channel-category.json" => Channel,
    "resources_channel__channel-object-example-thread-channel.json" => Channel,
    // Applications and commands.
    "resources_application__application-object-example-application-object.json" => Application,
    "interactions_application-commands__application-command-permissions-object-example-of-editing-permissions.json" => Command,
    "interactions_application-commands__slash-commands-example-slash-command.json" => Command,
    "interactions_application-commands__example-walkthrough.json" => Command,
    "interactions_application-commands__user-commands-example-user-command.json" => Command,
    "interactions_application-commands__message-commands-example-message-command.json" => Command,
    "interactions_application-commands__entry-point-commands-example-entry-point-command.json" => Command,
    "interactions_application-commands__localization.json" => Command,
    // Messages.
    "resources_message__message-object-example-message.json" => Message,
    "resources_message__message-object-example-crossposted-message.json" => Message,
    "resources_message__allowed-mentions-object-default-settings-for-allowed-mentions.json" => AllowedMentions,
    "resources_message__allowed-mentions-object-default-settings-for-allowed-mentions_2.json" => AllowedMentions,
    "resources_message__example-shared-client-theme.json" => SharedClientThemeFragment,
    "resources_message__search-guild-messages.json" => SearchIndexNotReady,
    // Message bodies (content, embeds, allowed mentions), the shape of interaction callback data.
    "resources_message__create-message-example-request-body-application-json.json" => InteractionCallbackData,
    "reference__editing-message-attachments__using-attachments-within-embeds.json" => InteractionCallbackData,
    "resources_message__allowed-mentions-object-allowed-mentions-examples.json" => InteractionCallbackData,
    "resources_message__allowed-mentions-object-allowed-mentions-examples_2.json" => InteractionCallbackData,
    "resources_message__allowed-mentions-object-allowed-mentions-examples_3.json" => InteractionCallbackData,
    "resources_message__allowed-mentions-object-allowed-mentions-examples_4.json" => InteractionCallbackData,
    "resources_message__allowed-mentions-object-allowed-mentions-examples_5.json" => InteractionCallbackData,
    "resources_message__allowed-mentions-object-allowed-mentions-examples_6.json" => InteractionCallbackData,
    // Interactions.
    "interactions_application-commands__slash-commands-example-interaction__slash-command-interaction.json" => Interaction,
    "interactions_application-commands__user-commands-example-interaction__user-command-interaction.json" => Interaction,
    "interactions_application-commands__message-commands-example-interaction__message-command-interaction.json" => Interaction,
    // Components, in message bodies and modal responses.
    "components_reference__legacy-message-component-behavior.json" => InteractionCallbackData,
    "components_using-message-components__sending-a-message-with-a-component.json" => InteractionCallbackData,
    "components_using-message-components__sending-a-message-with-multiple-components.json" => InteractionCallbackData,
    "components_using-message-components__nesting-components-with-layout-components.json" => InteractionCallbackData,
    "components_using-modal-components__displaying-a-modal.json" => InteractionResponse,
    "components_reference__role-select-examples__modal-example.json" => InteractionResponse,
    "components_reference__mentionable-select-examples__modal-example.json" => InteractionResponse,
    "components_reference__channel-select-examples__modal-example.json" => InteractionResponse,
    "components_reference__text-display-examples__modal-example.json" => InteractionResponse,
    // OAuth2.
    "topics_oauth2__get-current-authorization-information-example-authorization-information.json" => CurrentAuthorization,
    "topics_oauth2__authorization-code-grant-access-token-response.json" => AccessTokenResponse,
    "topics_oauth2__client-credentials-grant-client-credentials-access-token-response.json" => AccessTokenResponse,
    "topics_oauth2__webhooks-webhook-token-response-example.json" => AccessTokenResponse,
    "topics_oauth2__advanced-bot-authorization-extended-bot-authorization-access-token-example.json" => AccessTokenResponse,
    // OAuth2 as the Social SDK uses it (placeholder strings, valid shapes).
    "discord-social-sdk_development-guides_account-linking-on-consoles__example-response.json" => DeviceAuthorization,
    "discord-social-sdk_development-guides_account-linking-on-consoles__example-response_2.json" => AccessTokenResponse,
    "discord-social-sdk_development-guides_account-linking-on-mobile__example-response.json" => AccessTokenResponse,
    "discord-social-sdk_development-guides_account-linking-with-discord__example-response.json" => AccessTokenResponse,
    "discord-social-sdk_development-guides_provisional-accounts_bot-token-endpoint__bot-token-endpoint-response.json" => AccessTokenResponse,
    "discord-social-sdk_development-guides_provisional-accounts_external-credentials-exchange__external-credentials-exchange-response.json" => AccessTokenResponse,
    "discord-social-sdk_development-guides_provisional-accounts_merging-accounts__merge-request-response.json" => AccessTokenResponse,
    "discord-social-sdk_development-guides_publisher-level-account-linking__token-exchange-response.json" => AccessTokenResponse,
];
