//! Component and modal submit interactions: finding the component of a message and checking
//! the values chosen, and mirroring a modal with the values entered.

use std::collections::HashMap;

use accord_model::component::{Component, ComponentType};
use accord_model::id::Id;
use accord_model::id::marker::{
    ChannelMarker, GenericMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker,
};
use accord_model::interaction::{
    ComponentData, InteractionData, InteractionResponseData, InteractionType, ModalSubmitComponent,
    ModalSubmitData, Resolved, SubmittedLabel, SubmittedRow, SubmittedText,
};
use accord_model::locale::Locale;
use accord_model::message::{
    ComponentInteractionMetadata, InteractionMetadata, Message, MessageType,
    ModalInteractionMetadata,
};

use super::{Started, actor, add_user, base, partial_channel};
use crate::rest::handle::InteractionError;
use crate::world::World;
use crate::world::interactions::Start;

fn find_component<'a>(components: &'a [Component], custom_id: &str) -> Option<&'a Component> {
    for component in components {
        if component.custom_id() == Some(custom_id) {
            return Some(component);
        }
        for child in component.children() {
            if let Some(found) = find_component(std::slice::from_ref(child), custom_id) {
                return Some(found);
            }
        }
    }
    None
}

/// Resolves the ids chosen in a user, role, mentionable or channel select.
fn resolve_entities(
    world: &World,
    kind: ComponentType,
    guild_id: Option<Id<GuildMarker>>,
    values: &[&str],
    resolved: &mut Resolved,
) -> Result<(), InteractionError> {
    for value in values {
        let invalid = || InteractionError::InvalidOption((*value).to_owned());
        let id: Id<GenericMarker> = value.parse().map_err(|_| invalid())?;
        let is_user = world.users.contains_key(&id.cast());
        let role = guild_id.and_then(|g| world.role(g, id.cast()).ok()).cloned();
        let channel = world.channel(id.cast()).ok().map(|c| c.channel.clone());
        match (kind, role, channel) {
            (ComponentType::UserSelect | ComponentType::MentionableSelect, _, _) if is_user => {
                add_user(world, id.cast(), guild_id, resolved);
            }
            (ComponentType::RoleSelect | ComponentType::MentionableSelect, Some(role), _) => {
                resolved.roles.get_or_insert_with(HashMap::new).insert(id.cast(), role);
            }
            (ComponentType::ChannelSelect, _, Some(channel)) => {
                let partial = partial_channel(world, &channel);
                resolved.channels.get_or_insert_with(HashMap::new).insert(id.cast(), partial);
            }
            _ => return Err(invalid()),
        }
    }
    Ok(())
}

/// Builds a component interaction: a button click (`values` is `None`) or a select.
pub(crate) fn component(
    world: &mut World,
    user_id: Id<UserMarker>,
    channel_id: Id<ChannelMarker>,
    message_id: Id<MessageMarker>,
    custom_id: &str,
    values: Option<&[&str]>,
) -> Result<Started, InteractionError> {
    let actor = actor(world, user_id, channel_id)?;
    let message: Message = world
        .channel(channel_id)
        .ok()
        .and_then(|c| c.messages.get(&message_id))
        .cloned()
        .ok_or(InteractionError::UnknownMessage)?;
    let app = world.application.id;
    if message.author.id != world.bot_id() && message.application_id != Some(app) {
        return Err(InteractionError::UnknownComponent(custom_id.to_owned()));
    }
    let unknown = || InteractionError::UnknownComponent(custom_id.to_owned());
    let component = find_component(message.components(), custom_id).ok_or_else(unknown)?.clone();
    let mut resolved = Resolved::default();
    let mut data = ComponentData::new(custom_id, component.kind());
    data.id = component.id();
    match (&component, values) {
        (Component::Button(button), None) => {
            if button.disabled == Some(true) || button.custom_id.is_none() {
                return Err(InteractionError::ComponentDisabled(custom_id.to_owned()));
            }
        }
        (Component::StringSelect(select), Some(values)) => {
            if select.disabled == Some(true) {
                return Err(InteractionError::ComponentDisabled(custom_id.to_owned()));
            }
            let (min, max) = (select.min_values.unwrap_or(1), select.max_values.unwrap_or(1));
            let count = u8::try_from(values.len()).unwrap_or(u8::MAX);
            if count < min
                || count > max
                || values.iter().any(|v| !select.options.iter().any(|o| o.value == *v))
            {
                return Err(InteractionError::InvalidOption(custom_id.to_owned()));
            }
            data.values = Some(values.iter().map(|v| (*v).into()).collect());
        }
        (
            Component::UserSelect(select)
            | Component::RoleSelect(select)
            | Component::MentionableSelect(select)
            | Component::ChannelSelect(select),
            Some(values),
        ) => {
            if select.disabled == Some(true) {
                return Err(InteractionError::ComponentDisabled(custom_id.to_owned()));
            }
            let (min, max) = (select.min_values.unwrap_or(1), select.max_values.unwrap_or(1));
            let count = u8::try_from(values.len()).unwrap_or(u8::MAX);
            if count < min || count > max {
                return Err(InteractionError::InvalidOption(custom_id.to_owned()));
            }
            resolve_entities(world, component.kind(), actor.guild_id, values, &mut resolved)?;
            data.values = Some(values.iter().map(|v| (*v).into()).collect());
            data.resolved = Some(Box::new(resolved));
        }
        _ => return Err(unknown()),
    }
    let mut interaction = base(world, InteractionType::MessageComponent, &actor, Locale::EnglishUs);
    interaction.data = Some(InteractionData::MessageComponent(Box::new(data)));
    interaction.message = Some(Box::new(message));
    let metadata = ComponentInteractionMetadata::new(
        interaction.id,
        actor.user.clone(),
        actor.owners,
        message_id,
    );
    Ok(Started {
        start: Start {
            user_id,
            channel_id,
            source: Some(message_id),
            metadata: InteractionMetadata::MessageComponent(metadata),
            message_kind: MessageType::Default,
        },
        interaction,
    })
}

/// The text inputs of a modal, by custom id, with whether each is required.
fn text_inputs(components: &[Component]) -> Vec<(String, bool)> {
    let mut inputs = Vec::new();
    for component in components {
        match component {
            Component::TextInput(input) => {
                inputs.push((input.custom_id.to_string(), input.required != Some(false)));
            }
            other => {
                for child in other.children() {
                    inputs.extend(text_inputs(std::slice::from_ref(child)));
                }
            }
        }
    }
    inputs
}

/// The submitted components mirroring the modal's rows and labels.
fn submitted(components: &[Component], values: &[(&str, &str)]) -> Vec<ModalSubmitComponent> {
    let value_of = |id: &str| {
        values.iter().find(|(k, _)| *k == id).map_or(String::new(), |(_, v)| (*v).to_owned())
    };
    components
        .iter()
        .filter_map(|component| match component {
            Component::ActionRow(row) => Some(ModalSubmitComponent::ActionRow(SubmittedRow::new(
                submitted(&row.components, values),
            ))),
            Component::Label(label) => submitted(std::slice::from_ref(&label.component), values)
                .into_iter()
                .next()
                .map(|inner| ModalSubmitComponent::Label(SubmittedLabel::new(inner))),
            Component::TextInput(input) => Some(ModalSubmitComponent::TextInput(
                SubmittedText::new(input.custom_id.clone(), value_of(&input.custom_id)),
            )),
            _ => None,
        })
        .collect()
}

/// Builds the submission of the modal interaction `opened` was answered with.
pub(crate) fn modal(
    world: &mut World,
    opened: Id<InteractionMarker>,
    values: &[(&str, &str)],
) -> Result<Started, InteractionError> {
    let state = world.interaction_state(opened).ok_or(InteractionError::NoModal)?;
    let Some(InteractionResponseData::Modal(modal)) =
        state.response.as_ref().and_then(|r| r.data.clone())
    else {
        return Err(InteractionError::NoModal);
    };
    let (user_id, channel_id, source) = (state.user_id, state.channel_id, state.source);
    let trigger = state.metadata.clone();
    let locale = state.interaction.locale.clone().unwrap_or(Locale::EnglishUs);
    let inputs = text_inputs(&modal.components);
    for (id, _) in values {
        if !inputs.iter().any(|(input, _)| input == id) {
            return Err(InteractionError::UnknownField((*id).to_owned()));
        }
    }
    if let Some((missing, _)) = inputs
        .iter()
        .find(|(id, required)| *required && !values.iter().any(|(k, v)| k == id && !v.is_empty()))
    {
        return Err(InteractionError::MissingField(missing.clone()));
    }
    let actor = actor(world, user_id, channel_id)?;
    let mut interaction = base(world, InteractionType::ModalSubmit, &actor, locale);
    let data = ModalSubmitData::new(modal.custom_id.clone(), submitted(&modal.components, values));
    interaction.data = Some(InteractionData::ModalSubmit(Box::new(data)));
    if let Some(source) = source {
        interaction.message = world
            .channel(channel_id)
            .ok()
            .and_then(|c| c.messages.get(&source))
            .cloned()
            .map(Box::new);
    }
    let metadata =
        ModalInteractionMetadata::new(interaction.id, actor.user.clone(), actor.owners, trigger);
    Ok(Started {
        start: Start {
            user_id,
            channel_id,
            source,
            metadata: InteractionMetadata::ModalSubmit(metadata),
            message_kind: MessageType::Default,
        },
        interaction,
    })
}
