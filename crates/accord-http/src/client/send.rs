//! Sending one request: rate limiter, retries with backoff, and turning responses into
//! errors.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, USER_AGENT};
use http::uri::{self, PathAndQuery};
use http::{HeaderMap, HeaderValue, StatusCode, Uri};
use http_body_util::Full;
use tracing::Instrument;

use super::{Authorization, Body, ClientInner};
use crate::api_error::ApiError;
use crate::error::{Error, ErrorKind};
use crate::ratelimit::{Outcome, Permit, RatelimitHeaders, RatelimitRequest, RatelimitScope};
use crate::request::Request;
use crate::response::{BodyLimits, Response, read_body};

/// The longest wait between two retries.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

pub(super) async fn execute<T>(
    inner: Arc<ClientInner>,
    request: Request,
) -> Result<Response<T>, Error> {
    let span = tracing::debug_span!(
        "request",
        method = request.route.method.as_str(),
        route = if request.route.template.is_empty() { "raw" } else { request.route.template },
        operation = request.route.operation,
    );
    let response = send(&inner, &request).instrument(span).await?;
    Ok(Response::new(response, inner.body_limits))
}

/// Sends a request until it succeeds or fails for good. The permit of each attempt is
/// completed as soon as the response headers are in, before any body is read: a slow body
/// holds neither a slot of its bucket nor one of the global limit.
async fn send(inner: &ClientInner, request: &Request) -> Result<http::Response<Body>, Error> {
    // Without a limiter, neither the bucket of the request nor the headers of its response
    // matter (but for the wait a 429 asks for).
    let limit_request = inner.ratelimiter.as_ref().map(|_| RatelimitRequest::from(request));
    let retry = inner.retry;
    let mut attempts = 0_u32;
    let mut retries = 0_u32;
    let mut ratelimited = 0_u32;
    loop {
        let permit = match (&inner.ratelimiter, &limit_request) {
            (Some(limiter), Some(limit_request)) => limiter
                .acquire(limit_request)
                .await
                .map_err(|source| Error::with_source(ErrorKind::Ratelimiter, source))?,
            _ => Permit::untracked(),
        };
        let http_request = match build(inner, request) {
            Ok(http_request) => http_request,
            Err(error) => {
                permit.complete(Outcome::NotSent);
                return Err(error);
            }
        };
        attempts += 1;
        let host = inner.base.as_ref().ok().and_then(|base| base.host.as_ref());
        let sent =
            tokio::time::timeout(inner.timeout, inner.transport.send(http_request, host)).await;
        let (error, not_sent) = match sent {
            Ok(Ok(response)) => {
                let status = response.status();
                let mut headers = if limit_request.is_some() || status == 429 {
                    RatelimitHeaders::from_headers(response.headers())
                } else {
                    RatelimitHeaders::default()
                };
                if status == StatusCode::TOO_MANY_REQUESTS {
                    // The limiter learns from the headers alone; the body (more precise, for
                    // the log, the error and a client without a limiter) is read after.
                    headers.sharpen_retry_after();
                    permit.complete(Outcome::Response { status: 429, headers: &headers });
                    match read_body(response.into_body(), inner.error_body_limits()).await {
                        Ok(body) => headers.apply_body(&body),
                        Err(error) => tracing::debug!(%error, "could not read a 429 body"),
                    }
                    ratelimited += 1;
                    tracing::warn!(
                        attempt = ratelimited,
                        retry_after_ms =
                            u64::try_from(headers.wait().as_millis()).unwrap_or(u64::MAX),
                        global = headers.is_global(),
                        scope = headers.scope.as_ref().map(RatelimitScope::as_str),
                        "rate limited"
                    );
                    if ratelimited > retry.max_ratelimit_retries {
                        return Err(Error::new(ErrorKind::RatelimitedGaveUp {
                            attempts: ratelimited,
                            retry_after: headers.wait(),
                            global: headers.is_global(),
                            scope: headers.scope,
                        }));
                    }
                    if inner.ratelimiter.is_none() {
                        tokio::time::sleep(headers.wait()).await;
                    }
                    continue;
                }
                permit.complete(Outcome::Response { status: status.as_u16(), headers: &headers });
                if status.is_server_error() {
                    if request.idempotent && retries < retry.max_retries {
                        retries += 1;
                        tracing::debug!(%status, retry = retries, "server error, retrying");
                        drop(response);
                        tokio::time::sleep(backoff(retry.backoff, retries)).await;
                        continue;
                    }
                    return Err(Error::new(ErrorKind::ServerError { status, attempts }));
                }
                if status.is_client_error() {
                    let limits = inner.error_body_limits();
                    return Err(client_error(status, response.into_body(), limits).await);
                }
                tracing::debug!(%status, "response");
                return Ok(response);
            }
            Ok(Err(error)) => {
                #[cfg(feature = "rustls")]
                if super::tls::is_rustls_error(&*error.source) {
                    // Sending again would meet the same certificate.
                    permit.complete(Outcome::NotSent);
                    return Err(Error::with_source(ErrorKind::Tls, error.source));
                }
                (Error::with_source(ErrorKind::Transport, error.source), error.not_sent)
            }
            Err(_elapsed) => (Error::new(ErrorKind::Timeout { timeout: inner.timeout }), false),
        };
        permit.complete(if not_sent { Outcome::NotSent } else { Outcome::NoResponse });
        // A request that never reached Discord can be sent again whatever its method.
        if (request.idempotent || not_sent) && retries < retry.max_retries {
            retries += 1;
            tracing::debug!(error = %error, retry = retries, "request failed, retrying");
            tokio::time::sleep(backoff(retry.backoff, retries)).await;
            continue;
        }
        return Err(error);
    }
}

fn backoff(base: Duration, retry: u32) -> Duration {
    base.saturating_mul(1 << retry.saturating_sub(1).min(16)).min(MAX_BACKOFF)
}

/// The header Discord records the audit log reason from.
const AUDIT_LOG_REASON: HeaderName = HeaderName::from_static("x-audit-log-reason");

fn build(inner: &ClientInner, request: &Request) -> Result<http::Request<Full<Bytes>>, Error> {
    let base = inner
        .base
        .as_ref()
        .map_err(|why| Error::with_source(ErrorKind::BuildingRequest, why.clone()))?;
    let mut target =
        String::with_capacity(base.path.len() + request.path.len() + 1 + request.query.len());
    target.push_str(&base.path);
    target.push_str(&request.path);
    if !request.query.is_empty() {
        target.push('?');
        target.push_str(&request.query);
    }
    let invalid_uri = |error: &dyn std::fmt::Display| {
        Error::with_source(
            ErrorKind::BuildingRequest,
            format!("`{}` does not form a valid URI with the path: {error}", inner.base_url),
        )
    };
    let mut uri = uri::Parts::default();
    uri.scheme = Some(base.scheme.clone());
    uri.authority = Some(base.authority.clone());
    uri.path_and_query =
        Some(PathAndQuery::from_maybe_shared(Bytes::from(target)).map_err(|e| invalid_uri(&e))?);
    let uri = Uri::from_parts(uri).map_err(|e| invalid_uri(&e))?;

    let mut headers = HeaderMap::with_capacity(8);
    headers.insert(USER_AGENT, inner.user_agent.clone());
    if request.authorize {
        match &inner.authorization {
            Authorization::Header(value) => {
                headers.insert(AUTHORIZATION, value.clone());
            }
            Authorization::Invalid => {
                return Err(Error::with_source(
                    ErrorKind::BuildingRequest,
                    "the token contains characters that cannot be sent in a header",
                ));
            }
            Authorization::None => {}
        }
    }
    if let Some(content_type) = &request.content_type {
        let value = if content_type == "application/json" {
            HeaderValue::from_static("application/json")
        } else {
            HeaderValue::try_from(content_type.as_str())
                .map_err(|error| Error::with_source(ErrorKind::BuildingRequest, error))?
        };
        headers.insert(CONTENT_TYPE, value);
    }
    if let Some(reason) = &request.reason {
        let value = HeaderValue::try_from(reason.as_str())
            .map_err(|error| Error::with_source(ErrorKind::BuildingRequest, error))?;
        headers.insert(AUDIT_LOG_REASON, value);
    }
    let body = request.body.clone().unwrap_or_default();
    if request.body.is_none() && request.route.method != crate::routing::Method::Get {
        // Discord answers 411 to a body-less POST without a length.
        headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    let mut http_request = http::Request::new(Full::new(body));
    *http_request.method_mut() = request.route.method.to_http();
    *http_request.uri_mut() = uri;
    *http_request.headers_mut() = headers;
    Ok(http_request)
}

async fn client_error(status: StatusCode, body: Body, limits: BodyLimits) -> Error {
    let raw = match read_body(body, limits).await {
        Ok(raw) => raw,
        Err(error) => {
            tracing::debug!(%error, %status, "could not read an error body");
            Bytes::new()
        }
    };
    let body = ApiError::from_slice(&raw);
    tracing::debug!(%status, code = body.as_ref().map(|body| body.code), "request failed");
    if status == StatusCode::UNAUTHORIZED {
        Error::new(ErrorKind::Unauthorized { body })
    } else {
        Error::new(ErrorKind::Response { status, body, raw: raw.to_vec() })
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(500);
        assert_eq!(backoff(base, 1), Duration::from_millis(500));
        assert_eq!(backoff(base, 2), Duration::from_secs(1));
        assert_eq!(backoff(base, 3), Duration::from_secs(2));
        assert_eq!(backoff(base, 40), Duration::from_secs(30));
    }
}
