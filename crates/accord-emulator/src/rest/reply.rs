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
