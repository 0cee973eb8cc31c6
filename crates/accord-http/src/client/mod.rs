//! The [`Client`]: configuration, and one method per operation (defined beside each request
//! type in [`request`](crate::request)).

mod builder;
mod send;
mod transport;

pub use builder::{ClientBuilder, DISCORD_API_BASE};

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use accord_model::util::Secret;
use http::HeaderValue;

use crate::ratelimit::Ratelimiter;
use crate::request::{Request, TryIntoRequest};
use crate::response::ResponseFuture;
use crate::routing::Method;

/// A Discord REST client. Cheap to clone: clones share the connection pool and the rate
/// limiter.
///
/// Every operation is a method named after Discord's `operationId` that returns a builder;
/// awaiting the builder sends the request.
///
/// ```no_run
/// use accord_http::Client;
/// use accord_model::id::Id;
///
/// # async fn run() -> Result<(), accord_http::Error> {
/// let client = Client::new(std::env::var("DISCORD_TOKEN").unwrap_or_default());
/// let message = client
///     .create_message(Id::new(381_870_553_235_193_857))
///     .content("hello")
///     .await?
///     .model()
///     .await?;
/// println!("sent {}", message.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    transport: transport::Transport,
    base_url: String,
    authorization: Authorization,
    user_agent: HeaderValue,
    ratelimiter: Option<Arc<dyn Ratelimiter>>,
    timeout: Duration,
    retry: RetryPolicy,
}

/// The `Authorization` header, ready to send.
pub(crate) enum Authorization {
    /// No token: only routes that need none work.
    None,
    /// A token that is not a valid header value: requests fail before being sent.
    Invalid,
    /// `Bot <token>` or `Bearer <token>`, marked sensitive.
    Header(HeaderValue),
}

/// When failed requests are sent again.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) max_retries: u32,
    pub(crate) max_ratelimit_retries: u32,
    pub(crate) backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self { max_retries: 3, max_ratelimit_retries: 5, backoff: Duration::from_millis(500) }
    }
}

impl Client {
    /// A client for a bot token with the default settings.
    pub fn new(token: impl Into<Secret>) -> Self {
        Self::builder().token(token).build()
    }

    /// Configures a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The rate limiter, if there is one.
    pub fn ratelimiter(&self) -> Option<&Arc<dyn Ratelimiter>> {
        self.inner.ratelimiter.as_ref()
    }

    /// Sends a request built by hand (or by a builder's
    /// [`try_into_request`](TryIntoRequest::try_into_request)), parsing its body into `T`.
    pub fn send<T: 'static>(&self, request: impl TryIntoRequest) -> ResponseFuture<T> {
        let inner = self.inner.clone();
        let request = request.try_into_request();
        ResponseFuture::new(async move { send::execute(inner, request?).await })
    }

    /// The escape hatch: sends any request, for operations this crate does not know yet.
    ///
    /// `path` is relative to the base URL and may carry a query (`/channels/1/messages?limit=5`);
    /// `body`, if any, is sent as JSON. The request goes through the rate limiter like any
    /// other: matched to a known route when it can be, else keyed by its path.
    ///
    /// ```no_run
    /// # async fn run(client: accord_http::Client) -> Result<(), accord_http::Error> {
    /// use accord_http::routing::Method;
    ///
    /// let body = br#"{"content":"hi"}"#.to_vec();
    /// let response = client.request(Method::Post, "/channels/1/messages", Some(body)).await?;
    /// let json: serde_json::Value = response.model().await?;
    /// # Ok(()) }
    /// ```
    pub fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> ResponseFuture<serde_json::Value> {
        let mut builder = Request::raw(method, path);
        if let Some(body) = body {
            builder = builder.body(body, "application/json");
        }
        self.send(builder.build())
    }
}

impl TryIntoRequest for Result<Request, crate::Error> {
    fn try_into_request(self) -> Result<Request, crate::Error> {
        self
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let token = match &self.inner.authorization {
            Authorization::None => None,
            Authorization::Invalid | Authorization::Header(_) => Some("<redacted>"),
        };
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &token)
            .field("ratelimiter", &self.inner.ratelimiter)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::Client;
    use static_assertions::assert_impl_all;
    use std::future::IntoFuture;

    assert_impl_all!(Client: Send, Sync, Clone, std::fmt::Debug);
    assert_impl_all!(crate::ResponseFuture<accord_model::user::User>: Send);
    assert_impl_all!(crate::Response<accord_model::user::User>: Send, Sync);

    /// Compiles only if the futures users await are `Send`.
    #[allow(dead_code, reason = "a compile-time check")]
    fn futures_are_send(client: &Client, response: crate::Response<accord_model::user::User>) {
        fn send<T: Send>(_: T) {}
        send(response.model());
        send(client.get_my_user().into_future());
        send(client.create_message(accord_model::id::Id::new(1)).into_future());
        let request =
            crate::ratelimit::RatelimitRequest::new(crate::routing::Method::Get, "/", None, false);
        if let Some(limiter) = client.ratelimiter() {
            send(limiter.acquire(&request));
        }
    }

    #[test]
    fn the_token_never_shows() {
        let client = Client::builder().token("Bot secret-token-123").build();
        let text = format!("{client:?} {client:#?}");
        assert!(!text.contains("secret-token-123"), "{text}");
        assert!(text.contains("<redacted>"));
        let builder = Client::builder().bearer_token("secret-token-123");
        assert!(!format!("{builder:?}").contains("secret-token-123"));
    }
}
