//! Delivering an interaction to the endpoint: one signed POST, whose answer becomes the
//! initial response through the callback route's own code, all within the response deadline.

use std::sync::Arc;
use std::time::Duration;

use accord_model::id::Id;
use accord_model::id::marker::InteractionMarker;
use accord_model::interaction::Interaction;
use bytes::Bytes;
use http::StatusCode;
use tracing::Instrument;

use super::client::{self, Answered, SendError, Target};
use super::{InteractionFailure, signed, unix_seconds};
use crate::shared::Shared;

/// Starts delivering a just-started interaction to `url` in the background.
pub(crate) fn spawn(shared: &Arc<Shared>, interaction: &Interaction, url: String) {
    let id = interaction.id;
    let body = match serde_json::to_vec(interaction) {
        Ok(body) => Bytes::from(body),
        Err(error) => {
            tracing::warn!(%error, %id, "could not serialize an interaction");
            fail(shared, id, InteractionFailure::Unreachable(error.to_string()));
            return;
        }
    };
    let Some(runtime) = shared.rest.endpoint.runtime.clone() else {
        let why = "the emulator was not started on a tokio runtime".to_owned();
        fail(shared, id, InteractionFailure::Unreachable(why));
        return;
    };
    let token = interaction.token.expose().to_owned();
    let span = tracing::debug_span!("interaction delivery", %id, kind = ?interaction.kind);
    runtime.spawn(deliver(shared.clone(), id, token, url, body).instrument(span));
}

async fn deliver(
    shared: Arc<Shared>,
    id: Id<InteractionMarker>,
    token: String,
    url: String,
    body: Bytes,
) {
    let deadline = shared.config.timings.interaction_response;
    let Some(left) = time_left(&shared, id, deadline) else { return };
    let failure = match Target::parse(&url) {
        Err(problem) => Some(InteractionFailure::Unreachable(format!(
            "{url:?} is not a valid URL ({problem:?})"
        ))),
        Ok(target) => {
            let request = signed(&shared.rest.endpoint.keys, unix_seconds(), body);
            match client::send(&target, &request, left).await {
                Err(SendError::Timeout) => Some(InteractionFailure::Timeout),
                Err(error) => Some(InteractionFailure::Unreachable(error.to_string())),
                Ok(answered) => take_answer(&shared, id, &token, answered),
            }
        }
    };
    let failure = match failure {
        Some(failure) => Some(failure),
        None => await_callback(&shared, id, deadline).await,
    };
    if let Some(failure) = failure {
        fail(&shared, id, failure);
    } else {
        tracing::debug!("interaction answered through the endpoint");
    }
}

/// What is left of the response deadline; `None` once the interaction is gone.
fn time_left(shared: &Shared, id: Id<InteractionMarker>, deadline: Duration) -> Option<Duration> {
    shared.read(|world| {
        world.interaction_state(id).map(|state| deadline.saturating_sub(state.created.elapsed()))
    })
}

/// Takes the endpoint's answer: 200 with an interaction response is the initial response,
/// 202 means the app answers through the callback route; anything else fails the interaction.
fn take_answer(
    shared: &Shared,
    id: Id<InteractionMarker>,
    token: &str,
    answered: Answered,
) -> Option<InteractionFailure> {
    let status = answered.status;
    shared.mutate(|world| world.record_endpoint_status(id, status.as_u16()));
    if status == StatusCode::ACCEPTED {
        if !answered.body.is_empty() {
            tracing::debug!("ignoring the body of a 202 answer");
        }
        return None;
    }
    if status != StatusCode::OK {
        return Some(InteractionFailure::Status(status.as_u16()));
    }
    let multipart = answered
        .content_type
        .as_ref()
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !answered.is_json() && !multipart {
        let why = format!("Content-Type {:?} is neither JSON nor multipart", answered.content_type);
        return Some(InteractionFailure::InvalidResponse(why));
    }
    let result = super::super::interactions::respond_from_endpoint(
        shared,
        id,
        token,
        answered.content_type,
        answered.body,
    );
    result.err().map(|error| InteractionFailure::InvalidResponse(error.body().to_string()))
}

/// After a 202, waits out the deadline for the callback: `Timeout` when none came.
async fn await_callback(
    shared: &Shared,
    id: Id<InteractionMarker>,
    deadline: Duration,
) -> Option<InteractionFailure> {
    let answered = |shared: &Shared| {
        shared
            .read(|world| world.interaction_state(id).is_none_or(|state| state.response.is_some()))
    };
    if answered(shared) {
        return None;
    }
    let left = time_left(shared, id, deadline)?;
    tokio::time::sleep(left + Duration::from_millis(1)).await;
    (!answered(shared)).then_some(InteractionFailure::Timeout)
}

/// Records that the interaction failed.
fn fail(shared: &Shared, id: Id<InteractionMarker>, failure: InteractionFailure) {
    tracing::info!(%id, %failure, "interaction failed");
    shared.mutate(|world| world.fail_interaction(id, failure));
}
