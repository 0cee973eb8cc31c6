//! The application object and its role connection metadata.

use accord_model::application::{Application, ApplicationFlags};
use accord_model::id::Id;
use accord_model::id::marker::ApplicationMarker;
use serde_json::Value;

use super::call::Call;
use super::error::ApiError;
use super::reply::{Answer, ok};
use crate::shared::Shared;
use crate::world::World;

/// The application as REST shows it, made on first use.
fn application(world: &mut World) -> &mut Application {
    let (id, name, bot, guilds) = (
        world.application.id,
        world.application.name.clone(),
        world.application.bot.clone(),
        world.guilds.len() as u64,
    );
    let app = world.extras.application.get_or_insert_with(|| {
        let mut app = Application::new(id, name.as_str(), "");
        app.bot_public = Some(true);
        app.bot_require_code_grant = Some(false);
        app.verify_key = Some("0".repeat(64).into());
        app.flags = Some(
            ApplicationFlags::GATEWAY_PRESENCE_LIMITED
                | ApplicationFlags::GATEWAY_GUILD_MEMBERS_LIMITED
                | ApplicationFlags::GATEWAY_MESSAGE_CONTENT_LIMITED,
        );
        app
    });
    app.bot = Some(bot);
    app.approximate_guild_count = Some(guilds);
    app
}

/// `GET /applications/@me` and `GET /oauth2/applications/@me`.
pub(super) fn get_my_application(shared: &Shared, _: &Call) -> Answer {
    shared.mutate(|world| ok(application(world)))
}

/// `GET /applications/{application_id}`: only the emulator's own application exists.
pub(super) fn get_application(shared: &Shared, call: &Call) -> Answer {
    let id = call.id::<ApplicationMarker>("application_id")?;
    shared.mutate(|world| {
        own(world, id)?;
        ok(application(world))
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
    let interactions_url: Option<Option<String>> = fields.nullable("interactions_endpoint_url");
    let custom_install_url: Option<Option<String>> = fields.nullable("custom_install_url");
    fields.finish()?;
    shared.mutate(|world| {
        let app = application(world);
        if let Some(description) = description {
            app.description = description;
        }
        if let Some(tags) = tags {
            app.tags = Some(tags.into_iter().map(Into::into).collect());
        }
        if let Some(url) = interactions_url {
            app.interactions_endpoint_url = url.map(Into::into);
        }
        if let Some(url) = custom_install_url {
            app.custom_install_url = url.map(Into::into);
        }
        ok(app)
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
