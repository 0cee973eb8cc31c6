//! A small hyper client that sends late responses through Discord's webhook endpoints.

use std::time::Duration;

use accord_model::id::Id;
use accord_model::id::marker::ApplicationMarker;
use accord_model::interaction::InteractionCallbackData;
use accord_model::util::Secret;
use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER, USER_AGENT};
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::error::{BoxError, Error, ErrorKind};
use crate::responder::{BoxFuture, RestResponder};

/// Discord's REST API, version 10.
pub const DISCORD_API: &str = "https://discord.com/api/v10";

/// How long one request may take, response included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a rate-limited request is tried.
const ATTEMPTS: u32 = 3;
/// The longest rate-limit wait honoured; a longer one fails the request.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
/// The most of an error body read, for the error message.
const MAX_ERROR_BODY: usize = 64 * 1024;

#[cfg(feature = "rustls-webpki-roots")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "rustls-webpki-roots"))]
type Connector = HttpConnector;

/// The built-in [`RestResponder`]: HTTP/1.1 over hyper (`https://` with the
/// `rustls-webpki-roots` feature), the interaction token in the path and no bot token, a
/// 10-second timeout per request, and up to three tries when rate limited (waiting the
/// `retry_after` Discord gives, if at most 30 seconds).
#[derive(Clone, Debug)]
pub struct HyperRestResponder {
    client: Client<Connector, Full<Bytes>>,
    base_url: Box<str>,
}

impl HyperRestResponder {
    /// A client for Discord's API ([`DISCORD_API`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the TLS configuration cannot be built.
    pub fn new() -> Result<Self, Error> {
        Self::with_base_url(DISCORD_API)
    }

    /// A client for another API base URL, such as the emulator's
    /// (`http://127.0.0.1:PORT/api/v10`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Io`] when the TLS configuration cannot be built.
    pub fn with_base_url(base_url: impl Into<String>) -> Result<Self, Error> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(REQUEST_TIMEOUT));
        #[cfg(feature = "rustls-webpki-roots")]
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls_config()?)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        #[cfg(not(feature = "rustls-webpki-roots"))]
        let connector = http;
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(connector);
        let base_url = base_url.into().trim_end_matches('/').into();
        Ok(Self { client, base_url })
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    async fn send(
        &self,
        method: Method,
        application_id: Id<ApplicationMarker>,
        token: &Secret,
        suffix: &str,
        data: &InteractionCallbackData,
    ) -> Result<(), BoxError> {
        let body = Bytes::from(serde_json::to_vec(data)?);
        // The token is part of the URL: never log or return the URL.
        let uri = format!("{}/webhooks/{application_id}/{}{suffix}", self.base_url, token.expose());
        let uri: http::Uri =
            uri.parse().map_err(|_| "the interaction token is not valid in a URL")?;
        for attempt in 1..=ATTEMPTS {
            let mut request = Request::new(Full::new(body.clone()));
            *request.method_mut() = method.clone();
            *request.uri_mut() = uri.clone();
            let headers = request.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            headers.insert(
                USER_AGENT,
                HeaderValue::from_static(concat!(
                    "DiscordBot (https://github.com/accord-rs/accord, ",
                    env!("CARGO_PKG_VERSION"),
                    ")"
                )),
            );
            let response = tokio::time::timeout(REQUEST_TIMEOUT, self.client.request(request))
                .await
                .map_err(|_| "the REST request timed out")??;
            let status = response.status();
            if status.is_success() {
                return Ok(());
            }
            let retry_header = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.parse::<f64>().ok());
            let body = tokio::time::timeout(
                REQUEST_TIMEOUT,
                Limited::new(response.into_body(), MAX_ERROR_BODY).collect(),
            )
            .await
            .map_err(|_| "the REST error body timed out")?
            .map(http_body_util::Collected::to_bytes)
            .unwrap_or_default();
            if status != StatusCode::TOO_MANY_REQUESTS || attempt == ATTEMPTS {
                return Err(format!(
                    "{} {status}: {}",
                    method.as_str(),
                    String::from_utf8_lossy(&body)
                )
                .into());
            }
            let retry_after = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|body| body.get("retry_after").and_then(serde_json::Value::as_f64))
                .or(retry_header)
                .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
                .unwrap_or(Duration::from_secs(1));
            if retry_after > MAX_RETRY_AFTER {
                return Err(format!("rate limited for {retry_after:?}").into());
            }
            tracing::debug!(?retry_after, attempt, "late interaction response rate limited");
            tokio::time::sleep(retry_after).await;
        }
        Err("rate limited".into())
    }
}

/// The ring provider, rustls' safe default protocol versions and the webpki roots.
#[cfg(feature = "rustls-webpki-roots")]
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    let roots: rustls::RootCertStore = webpki_roots::TLS_SERVER_ROOTS.iter().cloned().collect();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| Error::new(ErrorKind::Io, Some(Box::new(error))))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

impl RestResponder for HyperRestResponder {
    fn edit_original<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            self.send(Method::PATCH, application_id, token, "/messages/@original", &data).await
        })
    }

    fn create_followup<'a>(
        &'a self,
        application_id: Id<ApplicationMarker>,
        token: &'a Secret,
        data: InteractionCallbackData,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(async move { self.send(Method::POST, application_id, token, "", &data).await })
    }
}
