//! The [`Client`]: configuration, and one method per operation (defined beside each request
//! type in [`request`](crate::request)).

mod builder;
mod pool;
mod send;
mod tls;
mod transport;

pub use builder::{ClientBuilder, DISCORD_API_BASE};
pub(crate) use pool::Body;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use accord_model::util::Secret;
use http::HeaderValue;

use crate::ratelimit::Ratelimiter;
use crate::request::{Request, TryIntoRequest};
use crate::response::{BodyLimits, ResponseFuture};
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
    /// The base URL parsed once, or why it cannot be used.
    base: Result<BaseUri, String>,
    authorization: Authorization,
    user_agent: HeaderValue,
    ratelimiter: Option<Arc<dyn Ratelimiter>>,
    timeout: Duration,
    retry: RetryPolicy,
    /// How much of a successful response's body is read, and for how long.
    body_limits: BodyLimits,
}

impl ClientInner {
    /// The limits for the body of an error (4xx, 429): Discord's are small JSON objects.
    fn error_body_limits(&self) -> BodyLimits {
        BodyLimits {
            max_bytes: self.body_limits.max_bytes.min(MAX_ERROR_BODY),
            timeout: self.body_limits.timeout,
        }
    }
}

/// The largest error body read (Discord's, with every field error of a rich message, stay far
/// below it).
const MAX_ERROR_BODY: usize = 256 * 1024;

/// The parts of the base URL every request starts with, parsed once.
pub(crate) struct BaseUri {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    /// The path before each request's path, without a trailing slash (`/api/v10`).
    path: String,
    /// The `Host` header, made once, for the requests that go over HTTP/1.1 (HTTP/2 names the
    /// host in `:authority` instead); `None` if the host cannot be a header value.
    host: Option<HeaderValue>,
}

impl BaseUri {
    fn parse(base_url: &str) -> Result<Self, String> {
        let invalid =
            |why: &dyn fmt::Display| format!("`{base_url}` is not a usable base URL: {why}");
        let uri = http::Uri::try_from(base_url).map_err(|error| invalid(&error))?;
        let parts = uri.into_parts();
        let (Some(scheme), Some(authority)) = (parts.scheme, parts.authority) else {
            return Err(invalid(&"it needs a scheme and a host (`http://127.0.0.1:8080/api/v10`)"));
        };
        let path = match &parts.path_and_query {
            Some(path) if path.query().is_some() => return Err(invalid(&"it has a query")),
            Some(path) => path.path().trim_end_matches('/').to_owned(),
            None => String::new(),
        };
        // As hyper writes it: the host, and the port unless it is the scheme's default.
        let default_port = if scheme == http::uri::Scheme::HTTPS { 443 } else { 80 };
        let host = match authority.port_u16() {
            Some(port) if port != default_port => {
                HeaderValue::try_from(format!("{}:{port}", authority.host()))
            }
            _ => HeaderValue::try_from(authority.host()),
        }
        .ok();
        Ok(Self { scheme, authority, path, host })
    }
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
    fn the_base_url_is_parsed_once_with_its_host_header() {
        use super::BaseUri;
        let base = BaseUri::parse("http://127.0.0.1:8080/api/v10/").unwrap();
        assert_eq!((base.path.as_str(), base.authority.as_str()), ("/api/v10", "127.0.0.1:8080"));
        assert_eq!(base.host.unwrap(), "127.0.0.1:8080");
        assert_eq!(BaseUri::parse("http://localhost:80").unwrap().host.unwrap(), "localhost");
        let https = BaseUri::parse("https://discord.com/api/v10").unwrap();
        assert_eq!(https.host.unwrap(), "discord.com");
        assert!(BaseUri::parse("not a url").is_err());
        assert!(BaseUri::parse("/api/v10").is_err());
        assert!(BaseUri::parse("http://h/api?x=1").is_err());
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
