//! The application object (with the `verify_key` of its key pair and its interactions
//! endpoint URL) and its role connection metadata.

use accord_model::application::{Application, ApplicationFlags};
use accord_model::id::Id;
use accord_model::id::marker::ApplicationMarker;
use serde_json::Value;

use super::call::Call;
use super::error::ApiError;
use super::reply::{Answer, ok, ok_with_keys};
use crate::shared::Shared;
use crate::world::World;

/// The application as REST shows it, made on first use.
fn application<'w>(shared: &Shared, world: &'w mut World) -> &'w mut Application {
    let (id, name, bot, guilds) = (
        world.application.id,
        world.application.name.clone(),
        world.application.bot.clone(),
        world.guilds.len() as u64,
    );
    let endpoint = world.interactions_endpoint().map(Into::into);
    let app = world.extras.application.get_or_insert_with(|| {
        let mut app = Application::new(id, name.as_str(), "");
        app.bot_public = Some(true);
        app.bot_require_code_grant = Some(false);
        app.verify_key = Some(shared.rest.endpoint.keys.verify_key().into());
        app.flags = Some(
            ApplicationFlags::GATEWAY_PRESENCE_LIMITED
                | ApplicationFlags::GATEWAY_GUILD_MEMBERS_LIMITED
                | ApplicationFlags::GATEWAY_MESSAGE_CONTENT_LIMITED,
        );
        app
    });
    app.bot = Some(bot);
    app.approximate_guild_count = Some(guilds);
    app.interactions_endpoint_url = endpoint;
    app
}

/// The keys Discord always sends in the application object, `null` when empty
/// (`PrivateApplicationResponse` in the spec).
const APPLICATION_KEYS: &[&str] = &[
    "icon",
    "type",
    "interactions_endpoint_url",
    "role_connections_verification_url",
    "approximate_user_install_count",
    "approximate_user_authorization_count",
    "explicit_content_filter",
    "team",
];

/// The application with everything Discord sends: its owner (the owner of the first guild, a
/// developer as far as the world knows, else the bot user) and each key in [`APPLICATION_KEYS`].
fn complete_application(shared: &Shared, world: &mut World) -> Answer {
    let owner = world
        .guilds
        .values()
        .next()
        .and_then(|state| world.users.get(&state.guild.owner_id))
        .unwrap_or(&world.application.bot)
        .clone();
    let app = application(shared, world);
    if app.owner.is_none() {
        app.owner = Some(owner);
    }
    app.redirect_uris.get_or_insert_with(Vec::new);
    app.eligible_oauth2_scopes.get_or_insert_with(Vec::new);
    app.flags_new.get_or_insert_with(|| app.flags.unwrap_or_default().bits().to_string().into());
    app.approximate_user_install_count.get_or_insert(0);
    app.approximate_user_authorization_count.get_or_insert(0);
    ok_with_keys(app, APPLICATION_KEYS)
}

/// `GET /applications/@me` and `GET /oauth2/applications/@me`.
pub(super) fn get_my_application(shared: &Shared, _: &Call) -> Answer {
    shared.mutate(|world| complete_application(shared, world))
}

/// `GET /applications/{application_id}`: only the emulator's own application exists.
pub(super) fn get_application(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<ApplicationMarker>("application_id")?;
    shared.mutate(|world| {
        own(world, id)?;
        complete_application(shared, world)
    })
}

fn own(world: &World, id: Id<ApplicationMarker>) -> Result<(), ApiError> {
    if id == world.application.id { Ok(()) } else { Err(ApiError::code(10002)) }
}

fn update(shared: &Shared, call: &Call) -> Answer {
    let mut fields = call.fields()?;
    let description = fields.string("description", 0, 400);
    let tags: Option<Vec<String>> = fields.get("tags");
    if tags.as_ref().is_some_and(|t| t.len() > 5) {
        fields.error("tags", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
    }
    // Verified before the handler runs (`verify_endpoint`); empty clears it, as null does.
    let interactions_url: Option<Option<String>> = fields
        .nullable::<String>("interactions_endpoint_url")
        .map(|url| url.map(|url| url.trim().to_owned()).filter(|url| !url.is_empty()));
    let custom_install_url: Option<Option<String>> = fields.nullable("custom_install_url");
    fields.finish()?;
    shared.mutate(|world| {
        if let Some(url) = interactions_url {
            world.set_interactions_endpoint(url);
        }
        let app = application(shared, world);
        if let Some(description) = description {
            app.description = description;
        }
        if let Some(tags) = tags {
            app.tags = Some(tags.into_iter().map(Into::into).collect());
        }
        if let Some(url) = custom_install_url {
            app.custom_install_url = url.map(Into::into);
        }
        ok(app)
    })
}

/// Before `PATCH /applications/@me` or `/applications/{application_id}` sets an interactions
/// endpoint URL: verifies it as Discord does, refusing it with 50035 otherwise.
pub(super) async fn verify_endpoint(
    shared: &Shared,
    operation: &str,
    call: &Call,
) -> Result<(), ApiError> {
    if !matches!(operation, "update_my_application" | "update_application") {
        return Ok(());
    }
    let Ok(body) = call.object() else { return Ok(()) };
    let Some(Value::String(url)) = body.get("interactions_endpoint_url") else { return Ok(()) };
    if url.trim().is_empty() {
        return Ok(());
    }
    super::endpoint::verify(shared, url).await.map_err(|error| {
        tracing::info!(%error, "interactions endpoint URL refused");
        error.api_error()
    })
}

/// `PATCH /applications/@me`.
pub(super) fn update_my_application(shared: &Shared, call: &Call) -> Answer {
    update(shared, call)
}

/// `PATCH /applications/{application_id}`.
pub(super) fn update_application(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<ApplicationMarker>("application_id")?;
    shared.read(|world| own(world, id))?;
    update(shared, call)
}

/// `GET /applications/{application_id}/role-connections/metadata`.
pub(super) fn get_role_connections_metadata(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<ApplicationMarker>("application_id")?;
    shared.read(|world| {
        own(world, id)?;
        ok(&world.extras.role_connection_metadata)
    })
}

/// `PUT /applications/{application_id}/role-connections/metadata`: up to 5 records, each
/// with a `type`, a `key`, a `name` and a `description`.
pub(super) fn update_role_connections_metadata(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<ApplicationMarker>("application_id")?;
    let Value::Array(records) = call.value()? else {
        return Err(ApiError::form("", "BASE_TYPE_LIST", "Must be a list."));
    };
    if records.len() > 5 {
        return Err(ApiError::form("", "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."));
    }
    let mut errors = super::error::FormErrors::default();
    for (index, record) in records.iter().enumerate() {
        for key in ["type", "key", "name", "description"] {
            if record.get(key).is_none_or(Value::is_null) {
                errors.add(
                    &format!("{index}.{key}"),
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                );
            }
        }
    }
    errors.finish()?;
    shared.mutate(|world| {
        own(world, id)?;
        world.extras.role_connection_metadata.clone_from(&records);
        ok(&records)
    })
}
