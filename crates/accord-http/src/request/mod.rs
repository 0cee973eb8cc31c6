//! Requests: one typed builder per operation, grouped by resource, and the [`Request`] they
//! all turn into before the client sends them.

#[macro_use]
mod macros;

#[macro_use]
pub(crate) mod message_body;

pub mod attachment;
pub(crate) mod encode;
mod field;
mod multipart;
mod query;

pub mod application;
pub mod channel;
pub mod guild;
pub mod interaction;
pub mod invite;
pub mod lobby;
pub mod misc;
pub mod stage_instance;
pub mod user;
pub mod webhook;

pub(crate) use field::Field;
pub use multipart::Form;
pub use query::{Query, QueryValue};

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use serde::Serialize;

use crate::error::{Error, ErrorKind};
use crate::routing::{Major, Method, Route};
use crate::validate::{self, ValidationError};

/// A request ready to be sent: method, path, query, body and the headers the builder asked for.
///
/// Every typed builder implements [`TryIntoRequest`]; [`Client::send`](crate::Client::send)
/// sends a `Request` and is how hand-built requests reach the rate limiter.
#[derive(Clone)]
pub struct Request {
    pub(crate) route: Route,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) body: Option<Bytes>,
    pub(crate) content_type: Option<String>,
    pub(crate) reason: Option<String>,
    pub(crate) authorize: bool,
    pub(crate) global_exempt: bool,
    pub(crate) idempotent: bool,
    /// The template the rate limiter keys the request by: the route's, or the path itself for
    /// raw requests that match no route.
    pub(crate) bucket_template: Cow<'static, str>,
}

impl Request {
    /// Starts a request to `route` with an already built path (see [`Route::path`]).
    pub fn builder(route: &Route, path: String) -> RequestBuilder {
        RequestBuilder {
            request: Request {
                route: *route,
                bucket_template: Cow::Borrowed(route.template),
                idempotent: route.method.is_idempotent(),
                global_exempt: route.is_global_exempt(),
                path,
                query: String::new(),
                body: None,
                content_type: None,
                reason: None,
                authorize: true,
            },
            error: None,
        }
    }

    /// Starts a request to any path, for operations this crate does not know: the path is
    /// matched against the route table to find its rate limit bucket, and stands for its own
    /// bucket if nothing matches. A query string in `path` is kept.
    pub fn raw(method: Method, path: &str) -> RequestBuilder {
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        let mut builder = if let Some(route) = Route::find(method, &path) {
            Self::builder(route, path)
        } else {
            let mut builder = Self::builder(&Route::new(method, "", "raw"), path.clone());
            builder.request.bucket_template = Cow::Owned(path);
            builder
        };
        query.clone_into(&mut builder.request.query);
        builder
    }

    /// The route.
    pub fn route(&self) -> &Route {
        &self.route
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.route.method
    }

    /// The path, after the API base and before the query.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The encoded query, without `?`; empty when there is none.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The body, if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The `Content-Type` of the body.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The percent-encoded `X-Audit-Log-Reason` header value.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// Whether the `Authorization` header is sent.
    pub fn authorize(&self) -> bool {
        self.authorize
    }

    /// Whether the request skips the global rate limit (interaction callbacks and followups).
    pub fn global_exempt(&self) -> bool {
        self.global_exempt
    }

    /// Whether the request may be retried after a server error or a lost connection.
    pub fn idempotent(&self) -> bool {
        self.idempotent
    }

    /// The major parameter the rate limiter counts this request against.
    pub fn major(&self) -> Option<Major> {
        crate::routing::major_of(&self.bucket_template, &self.path)
    }

    /// The path with the tokens of webhooks and interactions replaced, for logs.
    pub fn redacted_path(&self) -> String {
        let template: Vec<&str> = self.bucket_template.split('/').collect();
        self.path
            .split('/')
            .enumerate()
            .map(|(i, segment)| match template.get(i) {
                Some(t) if t.ends_with("_token}") => "<redacted>",
                _ => segment,
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("route", &self.route)
            .field("path", &self.redacted_path())
            .field("query", &self.query)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("content_type", &self.content_type)
            .field("reason", &self.reason)
            .field("authorize", &self.authorize)
            .field("global_exempt", &self.global_exempt)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Request`]; errors (a body that does not serialize, a reason too long) are kept
/// and returned by [`build`](Self::build).
#[derive(Debug)]
#[must_use = "a request builder does nothing until built"]
pub struct RequestBuilder {
    request: Request,
    error: Option<Error>,
}

impl RequestBuilder {
    /// Sets the query.
    pub fn query(mut self, query: Query) -> Self {
        self.request.query = query.into_string();
        self
    }

    /// Sets a JSON body.
    pub fn json(mut self, body: &(impl Serialize + ?Sized)) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.request.body = Some(Bytes::from(bytes));
                self.request.content_type = Some("application/json".to_owned());
            }
            Err(error) => {
                self.error.get_or_insert(Error::with_source(ErrorKind::BuildingRequest, error));
            }
        }
        self
    }

    /// Sets a body of any type.
    pub fn body(mut self, body: impl Into<Bytes>, content_type: impl Into<String>) -> Self {
        self.request.body = Some(body.into());
        self.request.content_type = Some(content_type.into());
        self
    }

    /// Sets a multipart body.
    pub fn form(self, form: Form) -> Self {
        let (body, content_type) = form.finish();
        self.body(body, content_type)
    }

    /// Sets the audit log reason (at most 512 characters; sent percent-encoded).
    pub fn reason(mut self, reason: Option<&str>) -> Self {
        if let Some(reason) = reason {
            match validate::check_chars(reason, 0, validate::REASON_MAX) {
                Ok(()) => self.request.reason = Some(encode::header_value(reason)),
                Err(kind) => {
                    self.error.get_or_insert(ValidationError::new("reason", kind).into());
                }
            }
        }
        self
    }

    /// Whether to send the `Authorization` header (default `true`; webhook-by-token and
    /// interaction routes authenticate by the token in their path).
    pub fn authorize(mut self, authorize: bool) -> Self {
        self.request.authorize = authorize;
        self
    }

    /// Whether the request skips the global rate limit.
    pub fn global_exempt(mut self, exempt: bool) -> Self {
        self.request.global_exempt = exempt;
        self
    }

    /// Marks the request as safe to retry after a server error or a lost connection.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.request.idempotent = idempotent;
        self
    }

    /// Records a validation error found by the caller; the first one is kept.
    pub(crate) fn validation(mut self, error: Option<ValidationError>) -> Self {
        if let Some(error) = error {
            self.error.get_or_insert(error.into());
        }
        self
    }

    /// The request, or the first error met while building it.
    pub fn build(self) -> Result<Request, Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.request),
        }
    }
}

/// The route lists of every module, for [`routing::routes`](crate::routing::routes).
pub(crate) const ROUTES: &[&[&Route]] = &[
    application::HAND_ROUTES,
    application::ROUTES,
    application::command::ROUTES,
    channel::ROUTES,
    channel::message::HAND_ROUTES,
    channel::message::ROUTES,
    channel::thread::HAND_ROUTES,
    channel::thread::ROUTES,
    guild::ROUTES,
    guild::auto_moderation::ROUTES,
    guild::channel::ROUTES,
    guild::expression::HAND_ROUTES,
    guild::expression::ROUTES,
    guild::member::ROUTES,
    guild::role::ROUTES,
    guild::scheduled_event::ROUTES,
    interaction::HAND_ROUTES,
    invite::HAND_ROUTES,
    invite::ROUTES,
    lobby::ROUTES,
    misc::ROUTES,
    stage_instance::ROUTES,
    user::ROUTES,
    webhook::HAND_ROUTES,
    webhook::ROUTES,
];

/// Serializes one body field.
pub(crate) fn to_json(value: &(impl Serialize + ?Sized)) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value)
        .map_err(|error| Error::with_source(ErrorKind::BuildingRequest, error))
}

/// A typed request that can be turned into a [`Request`] without sending it, to inspect it or
/// to send it through [`Client::send`](crate::Client::send).
pub trait TryIntoRequest {
    /// The request, or the validation error a setter recorded.
    fn try_into_request(self) -> Result<Request, Error>;
}

impl TryIntoRequest for Request {
    fn try_into_request(self) -> Result<Request, Error> {
        Ok(self)
    }
}
