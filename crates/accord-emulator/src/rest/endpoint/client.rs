//! One request to the interactions endpoint as Discord sends it: a fresh HTTP/1.1 connection,
//! one deadline for connecting, sending and reading the answer, and a size cap on the answer.

use std::error::Error;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// The User-Agent of Discord's requests to interactions endpoints.
const USER_AGENT: &str = "Discord-Interactions/1.0 (+https://discord.com)";

/// Where requests go, read from the URL once when it is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    https: bool,
    host: String,
    port: u16,
    authority: String,
    path: String,
}

/// Why a URL cannot be an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UrlProblem {
    /// Not an absolute URL with a host.
    Malformed,
    /// A scheme other than `http` and `https`.
    Scheme(String),
}

impl Target {
    /// Reads an absolute `http://` or `https://` URL.
    pub(crate) fn parse(url: &str) -> Result<Self, UrlProblem> {
        let uri: Uri = url.trim().parse().map_err(|_| UrlProblem::Malformed)?;
        let scheme = uri.scheme_str().ok_or(UrlProblem::Malformed)?.to_ascii_lowercase();
        let https = match scheme.as_str() {
            "http" => false,
            "https" => true,
            _ => return Err(UrlProblem::Scheme(scheme)),
        };
        let authority = uri.authority().ok_or(UrlProblem::Malformed)?;
        let host = authority.host().trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() {
            return Err(UrlProblem::Malformed);
        }
        Ok(Self {
            https,
            host: host.to_owned(),
            port: authority.port_u16().unwrap_or(if https { 443 } else { 80 }),
            authority: authority.as_str().to_owned(),
            path: uri.path_and_query().map_or("/", |path| path.as_str()).to_owned(),
        })
    }
}

/// A request as it goes on the wire: Discord's headers (the signature ones may be missing or
/// wrong on purpose) and the raw body.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub(crate) signature: Option<String>,
    pub(crate) timestamp: Option<String>,
    pub(crate) body: Bytes,
}

/// What the endpoint answered.
#[derive(Debug)]
pub(crate) struct Answered {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<HeaderValue>,
    pub(crate) body: Bytes,
}

impl Answered {
    /// Whether the answer is a PONG: 2xx, JSON, `{"type": 1}`.
    pub(crate) fn is_pong(&self) -> bool {
        #[derive(serde::Deserialize)]
        struct Callback {
            #[serde(rename = "type")]
            kind: u8,
        }
        self.status.is_success()
            && self.is_json()
            && serde_json::from_slice::<Callback>(&self.body).is_ok_and(|c| c.kind == 1)
    }

    /// Whether the answer says its body is JSON.
    pub(crate) fn is_json(&self) -> bool {
        self.content_type
            .as_ref()
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
    }
}

/// Why no answer came.
#[derive(Debug)]
pub(crate) enum SendError {
    /// Nothing (complete) came back before the deadline.
    Timeout,
    /// The connection or the exchange failed: which step, and the error.
    Failed(&'static str, Box<dyn Error + Send + Sync>),
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout => f.write_str("no answer before the deadline"),
            Self::Failed(step, error) => write!(f, "{step}: {error}"),
        }
    }
}

/// POSTs `request` to `target` and reads the whole answer, all within `deadline`.
pub(crate) async fn send(
    target: &Target,
    request: &Outgoing,
    deadline: Duration,
) -> Result<Answered, SendError> {
    tokio::time::timeout(deadline, exchange(target, request))
        .await
        .unwrap_or(Err(SendError::Timeout))
}

async fn exchange(target: &Target, outgoing: &Outgoing) -> Result<Answered, SendError> {
    if target.https {
        return Err(SendError::Failed(
            "https",
            "the emulator does not speak TLS to endpoints".into(),
        ));
    }
    let stream = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(failed("could not connect"))?;
    let _ = stream.set_nodelay(true);
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
            .await
            .map_err(failed("the HTTP handshake failed"))?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::debug!(%error, "endpoint connection ended with an error");
        }
    });
    let mut builder = Request::post(target.path.as_str())
        .header(header::HOST, target.authority.as_str())
        .header(header::USER_AGENT, USER_AGENT)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(signature) = &outgoing.signature {
        builder = builder.header("x-signature-ed25519", signature.as_str());
    }
    if let Some(timestamp) = &outgoing.timestamp {
        builder = builder.header("x-signature-timestamp", timestamp.as_str());
    }
    let request =
        builder.body(Full::new(outgoing.body.clone())).map_err(failed("the request is invalid"))?;
    let response = sender.send_request(request).await.map_err(failed("the request failed"))?;
    let (parts, body) = response.into_parts();
    let body = Limited::new(body, super::super::MAX_BODY)
        .collect()
        .await
        .map_err(|error| SendError::Failed("could not read the answer", error))?
        .to_bytes();
    Ok(Answered {
        status: parts.status,
        content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
        body,
    })
}

/// Wraps the error of a failed step.
fn failed<E: Error + Send + Sync + 'static>(step: &'static str) -> impl FnOnce(E) -> SendError {
    move |error| SendError::Failed(step, Box::new(error))
}

#[cfg(test)]
mod tests {
    use super::{Target, UrlProblem};

    #[test]
    fn urls_are_read_as_discord_accepts_them() {
        let target = Target::parse("http://127.0.0.1:8080/interactions?x=1").unwrap();
        assert_eq!((target.host.as_str(), target.port), ("127.0.0.1", 8080));
        assert_eq!(target.path, "/interactions?x=1");
        assert_eq!(Target::parse("https://example.com").unwrap().port, 443);
        assert_eq!(Target::parse("http://[::1]/").unwrap().host, "::1");
        assert_eq!(Target::parse("ftp://example.com/"), Err(UrlProblem::Scheme("ftp".into())));
        assert_eq!(Target::parse("not a url"), Err(UrlProblem::Malformed));
        assert_eq!(Target::parse("/interactions"), Err(UrlProblem::Malformed));
    }
}
