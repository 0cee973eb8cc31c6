//! Configuring a [`Client`].

use std::sync::Arc;
use std::time::Duration;

use accord_model::util::Secret;
use http::HeaderValue;

use super::tls::Https;
#[cfg(feature = "rustls")]
use super::tls::Tls;
use super::{Authorization, BaseUri, Client, ClientInner, RetryPolicy, transport};
use crate::ratelimit::{InMemoryRatelimiter, Ratelimiter};
use crate::response::BodyLimits;

/// The API base of Discord itself.
pub const DISCORD_API_BASE: &str = "https://discord.com/api/v10";

/// Configures a [`Client`].
///
/// ```
/// use accord_http::Client;
/// use std::time::Duration;
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let client = Client::builder()
///     .token("my token")
///     .base_url("http://127.0.0.1:8080/api/v10")
///     .timeout(Duration::from_secs(5))
///     .max_retries(2)
///     .build();
/// assert_eq!(client.base_url(), "http://127.0.0.1:8080/api/v10");
/// # }
/// ```
#[must_use]
pub struct ClientBuilder {
    token: Option<(Secret, &'static str)>,
    base_url: String,
    timeout: Duration,
    ratelimiter: Option<Arc<dyn Ratelimiter>>,
    retry: RetryPolicy,
    pool_idle_timeout: Duration,
    body_limits: BodyLimits,
    https: Https,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|(token, _)| token))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("ratelimiter", &self.ratelimiter)
            .field("retry", &self.retry)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("body_limits", &self.body_limits)
            .field("https", &self.https)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// The defaults: no token, Discord's API, a 10 second timeout, an
    /// [`InMemoryRatelimiter`], 3 retries of idempotent requests after server errors and 5
    /// after 429s, idle connections kept 90 seconds, bodies of at most 16 MiB read within 30
    /// seconds.
    pub fn new() -> Self {
        Self {
            token: None,
            base_url: DISCORD_API_BASE.to_owned(),
            timeout: Duration::from_secs(10),
            ratelimiter: Some(Arc::new(InMemoryRatelimiter::new())),
            retry: RetryPolicy::default(),
            pool_idle_timeout: Duration::from_secs(90),
            body_limits: BodyLimits {
                max_bytes: 16 * 1024 * 1024,
                timeout: Duration::from_secs(30),
            },
            https: Https::default(),
        }
    }

    /// The bot token, sent as `Authorization: Bot <token>` (a leading `Bot ` is accepted).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some((token.into(), "Bot "));
        self
    }

    /// An OAuth2 access token, sent as `Authorization: Bearer <token>`, for the operations
    /// that act as a user who authorized the application.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some((token.into(), "Bearer "));
        self
    }

    /// The API base URL, without a trailing slash: Discord's by default, or a local emulator
    /// (`http://127.0.0.1:PORT/api/v10`), or a proxy.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        let mut base_url = base_url.into();
        while base_url.ends_with('/') {
            base_url.pop();
        }
        self.base_url = base_url;
        self
    }

    /// How long one attempt may take until the response headers arrive. Default: 10 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The rate limiter, or `None` to send without one (behind a proxy that rate limits).
    /// Default: a new [`InMemoryRatelimiter`].
    pub fn ratelimiter(mut self, ratelimiter: Option<Arc<dyn Ratelimiter>>) -> Self {
        self.ratelimiter = ratelimiter;
        self
    }

    /// How many times an idempotent request is retried after a 5xx or a lost connection.
    /// Default: 3.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// How many 429s a request may receive before it fails with
    /// [`ErrorKind::RatelimitedGaveUp`](crate::ErrorKind::RatelimitedGaveUp). Default: 5.
    pub fn max_ratelimit_retries(mut self, retries: u32) -> Self {
        self.retry.max_ratelimit_retries = retries;
        self
    }

    /// The first wait before a retry; it doubles with each retry, up to 30 seconds.
    /// Default: 500 ms.
    pub fn retry_backoff(mut self, backoff: Duration) -> Self {
        self.retry.backoff = backoff;
        self
    }

    /// How long an idle connection is kept open for the next request. Default: 90 seconds,
    /// long enough for a bot that sends bursts minutes apart to find its connections open.
    ///
    /// A request takes an idle connection when there is one and opens a connection of its own
    /// when there is none, so there are never more connections than requests in flight; a
    /// connection is idle again as soon as its response body has been read (or had none). Over
    /// HTTP/2 (negotiated by ALPN on `https://`) one connection carries every request.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The largest response body read, in bytes; a larger one fails with
    /// [`ErrorKind::BodyTooLarge`](crate::ErrorKind::BodyTooLarge) without being read whole.
    /// Error bodies (4xx, 429) are read up to 256 KiB (or this, if smaller). Default: 16 MiB.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.body_limits.max_bytes = bytes;
        self
    }

    /// How long reading a whole response body may take, after its headers arrived within
    /// [`timeout`](Self::timeout); a slower one fails with
    /// [`ErrorKind::BodyTimeout`](crate::ErrorKind::BodyTimeout). Default: 30 seconds.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_limits.timeout = timeout;
        self
    }

    /// The rustls client configuration of `https://` connections, instead of the default one
    /// (the ring provider, rustls' safe default protocol versions, the webpki roots with the
    /// `rustls-webpki-roots` feature). Its ALPN protocols are replaced by the ones the client
    /// speaks (`h2` and `http/1.1`, see [`http1_only`](Self::http1_only)). It replaces what
    /// [`root_certificates`](Self::root_certificates) set.
    #[cfg(feature = "rustls")]
    pub fn tls_config(mut self, config: impl Into<Arc<rustls::ClientConfig>>) -> Self {
        self.https.tls = Tls::Custom(config.into());
        self
    }

    /// Root certificates to trust for `https://` besides the default ones (the webpki roots
    /// with the `rustls-webpki-roots` feature, none without): a private CA, or the certificate
    /// of a local proxy. It replaces what [`tls_config`](Self::tls_config) set.
    ///
    /// ```
    /// use accord_http::Client;
    /// use accord_http::rustls::RootCertStore;
    /// use accord_http::rustls::pki_types::CertificateDer;
    ///
    /// # fn build(ca_der: Vec<u8>) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut roots = RootCertStore::empty();
    /// roots.add(CertificateDer::from(ca_der))?;
    /// let client = Client::builder()
    ///     .base_url("https://discord-proxy.internal:8443/api/v10")
    ///     .root_certificates(roots)
    ///     .build();
    /// # let _ = client; Ok(()) }
    /// ```
    #[cfg(feature = "rustls")]
    pub fn root_certificates(mut self, roots: rustls::RootCertStore) -> Self {
        self.https.tls = Tls::ExtraRoots(roots);
        self
    }

    /// Offer only HTTP/1.1 by ALPN on `https://`, even with the `http2` feature (which offers
    /// `h2` first, so that one connection carries every request). For proxies whose HTTP/2
    /// is broken. Default: off.
    pub fn http1_only(mut self) -> Self {
        self.https.http1_only = true;
        self
    }

    /// The client. A base URL or token that cannot be used fails each request with
    /// [`ErrorKind::BuildingRequest`](crate::ErrorKind::BuildingRequest).
    pub fn build(self) -> Client {
        let authorization = match self.token {
            None => Authorization::None,
            Some((token, scheme)) => {
                let token = token.expose().trim();
                let value = if token.starts_with("Bot ") || token.starts_with("Bearer ") {
                    token.to_owned()
                } else {
                    format!("{scheme}{token}")
                };
                match HeaderValue::try_from(value) {
                    Ok(mut value) => {
                        value.set_sensitive(true);
                        Authorization::Header(value)
                    }
                    Err(_) => Authorization::Invalid,
                }
            }
        };
        let user_agent = HeaderValue::from_static(concat!(
            "DiscordBot (",
            env!("CARGO_PKG_REPOSITORY"),
            ", ",
            env!("CARGO_PKG_VERSION"),
            ")"
        ));
        Client {
            inner: Arc::new(ClientInner {
                transport: transport::build(self.timeout, self.pool_idle_timeout, &self.https),
                base: BaseUri::parse(&self.base_url),
                base_url: self.base_url,
                authorization,
                user_agent,
                ratelimiter: self.ratelimiter,
                timeout: self.timeout,
                retry: self.retry,
                body_limits: self.body_limits,
            }),
        }
    }
}
