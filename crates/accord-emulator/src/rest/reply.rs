//! What a handler answers: a JSON body with a status, or 204 No Content.

use http::StatusCode;
use serde::Serialize;

use super::error::ApiError;

/// A successful answer.
#[derive(Debug)]
pub(crate) enum Reply {
    Json(StatusCode, Vec<u8>),
    NoContent,
}

/// What handlers return.
pub(crate) type Answer = Result<Reply, ApiError>;

/// `200 OK` with a JSON body.
pub(crate) fn ok(value: &impl Serialize) -> Answer {
    with_status(StatusCode::OK, value)
}

/// `200 OK` with a JSON object (or each object of a JSON list) that carries each of `keys`: one
/// the value leaves out is sent as `null`, as Discord sends every field its spec lists as
/// required, empty or not.
pub(crate) fn ok_with_keys(value: &impl Serialize, keys: &[&str]) -> Answer {
    with_status_keys(StatusCode::OK, value, keys)
}

/// `201 Created`, as [`ok_with_keys`].
pub(crate) fn created_with_keys(value: &impl Serialize, keys: &[&str]) -> Answer {
    with_status_keys(StatusCode::CREATED, value, keys)
}

fn with_status_keys(status: StatusCode, value: &impl Serialize, keys: &[&str]) -> Answer {
    let mut json = serde_json::to_value(value)
        .map_err(|_| ApiError::status(StatusCode::INTERNAL_SERVER_ERROR))?;
    match &mut json {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|item| with_keys(item, keys)),
        object => with_keys(object, keys),
    }
    with_status(status, &json)
}

/// Puts `null` under each of `keys` that the JSON object `json` lacks (other values are left
/// as they are).
fn with_keys(json: &mut serde_json::Value, keys: &[&str]) {
    if let Some(object) = json.as_object_mut() {
        for key in keys {
            object.entry(*key).or_insert(serde_json::Value::Null);
        }
    }
}

/// `201 Created` with a JSON body.
pub(crate) fn created(value: &impl Serialize) -> Answer {
    with_status(StatusCode::CREATED, value)
}

/// `204 No Content`.
#[allow(clippy::unnecessary_wraps, reason = "handlers return answers")]
pub(crate) fn no_content() -> Answer {
    Ok(Reply::NoContent)
}

fn with_status(status: StatusCode, value: &impl Serialize) -> Answer {
    serde_json::to_vec(value)
        .map(|body| Reply::Json(status, body))
        .map_err(|_| ApiError::status(StatusCode::INTERNAL_SERVER_ERROR))
}
