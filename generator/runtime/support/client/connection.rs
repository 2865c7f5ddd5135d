//! The connection a client sends through: base URL, default headers,
//! credentials, and the opt-in retries.

use super::request::{Body, Target};
use super::retry::Outcome;
use super::{url, Answer, Call, ClientError, Decode, HookError, Hooks, Pending, Request, Retry, Sender, Sent};
use std::fmt;
use std::time::Duration;

/// How an answer of server-sent events may be asked for again after its
/// connection drops: the request (sent again with `Last-Event-ID`), through
/// the same sender and hooks, at most `reconnects` times in a row.
pub struct Resend {
    pub sender: Sender,
    pub request: reqwest::Request,
    pub reconnects: u32,
}

/// What every generated client holds besides its credentials: the HTTP
/// client, the base URL, default headers, timeout, retry policy and hooks.
#[derive(Clone)]
pub struct Connection {
    http: reqwest::Client,
    base: reqwest::Url,
    headers: reqwest::header::HeaderMap,
    timeout: Option<Duration>,
    retry: Option<Retry>,
    /// Whether answers are read strictly.
    strict: bool,
    /// How many times in a row a stream of events whose connection drops
    /// is asked for again.
    reconnects: u32,
    hooks: Hooks,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be secrets; their names are not.
        f.debug_struct("Connection")
            .field("base", &self.base.as_str())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("strict", &self.strict)
            .field("reconnects", &self.reconnects)
            .field("hooks", &self.hooks)
            .finish()
    }
}

impl Connection {
    pub fn new(http: reqwest::Client, base_url: &str) -> Result<Self, ClientError> {
        let base =
            reqwest::Url::parse(base_url).map_err(|error| ClientError::InvalidUrl(format!("{base_url:?}: {error}")))?;
        if base.cannot_be_a_base() {
            return Err(ClientError::InvalidUrl(format!("{base_url:?} cannot be a base URL")));
        }
        let headers = reqwest::header::HeaderMap::new();
        Ok(Self {
            http,
            base,
            headers,
            timeout: None,
            retry: None,
            strict: false,
            reconnects: 0,
            hooks: Hooks::default(),
        })
    }

    pub fn set_default_header(&mut self, name: &str, value: &str) -> Result<(), ClientError> {
        let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
            .map_err(|error| ClientError::InvalidRequest(error.to_string()))?;
        let value = reqwest::header::HeaderValue::from_str(value)
            .map_err(|error| ClientError::InvalidRequest(error.to_string()))?;
        self.headers.insert(name, value);
        Ok(())
    }

    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub fn set_retry(&mut self, retry: Retry) {
        self.retry = Some(retry);
    }

    /// Asks again, up to `reconnects` times in a row, for a stream of
    /// events whose connection drops, with the last event's id.
    pub fn set_reconnects(&mut self, reconnects: u32) {
        self.reconnects = reconnects;
    }

    /// Runs `hook` on each request before it is sent, each attempt anew:
    /// it may change the request (sign it, add headers), or stop it with
    /// an error, which the call then fails with (`ClientError::Hook`).
    pub fn on_request(
        &mut self,
        hook: impl Fn(&Call, &mut reqwest::Request) -> Result<(), HookError> + Send + Sync + 'static,
    ) {
        self.hooks.on_request(hook);
    }

    /// Runs `hook` on what came of each attempt: an answer's head, or the
    /// failure to get one.
    pub fn on_answer(&mut self, hook: impl Fn(&Call, &Sent<'_>) + Send + Sync + 'static) {
        self.hooks.on_answer(hook);
    }

    /// How the requests of `operation` are sent.
    pub fn sender(&self, operation: &'static str) -> Sender {
        Sender { http: self.http.clone(), hooks: self.hooks.clone(), operation }
    }

    /// The request an operation's method put together, under the base URL:
    /// the first thing about it that could not be encoded is the error.
    pub fn prepare(&self, request: Request<'_>) -> Result<reqwest::RequestBuilder, ClientError> {
        let Request { method, target, query, headers, cookies, body, error } = request;
        if let Some(error) = error {
            return Err(error);
        }
        let url = match target? {
            Target::Path(path) => url(&self.base, &path, &query.pairs)?,
            Target::Link(link) => {
                self.base.join(&link).map_err(|error| ClientError::InvalidUrl(format!("{link:?}: {error}")))?
            }
        };
        let mut request = self.http.request(method, url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        if !cookies.is_empty() {
            request = request.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        match body {
            Some(Body::Encoded { media, bytes }) => {
                Ok(request.header(reqwest::header::CONTENT_TYPE, media).body(bytes))
            }
            Some(Body::Step(step)) => step(request),
            None => Ok(request),
        }
    }

    /// Adds the timeout and the default headers an operation did not set, then builds.
    pub fn finish(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Request, ClientError> {
        let request = match self.timeout {
            Some(timeout) => request.timeout(timeout),
            None => request,
        };
        let mut request =
            request.build().map_err(|error| ClientError::InvalidRequest(error.without_url().to_string()))?;
        for (name, value) in &self.headers {
            if !request.headers().contains_key(name) {
                request.headers_mut().insert(name, value.clone());
            }
        }
        Ok(request)
    }

    /// Sends `request` and decodes the answer: the future of every
    /// operation's method, so that rustc builds one `async` state machine
    /// rather than one per operation. Not an `async fn`: its `Send` is
    /// stated, and checked, here once.
    #[allow(clippy::manual_async_fn)]
    pub fn call<R: Decode + 'static>(
        &self,
        operation: &'static str,
        request: Result<reqwest::Request, ClientError>,
    ) -> impl Pending<R> + '_ {
        async move {
            let answer = self.send(operation, request?).await?;
            self.decode(&answer)
        }
    }

    /// [`Connection::call`] for an operation that answers server-sent
    /// events: an answer of `text/event-stream` is decoded before its body
    /// is read, which its `Events` then streams.
    #[allow(clippy::manual_async_fn)]
    pub fn call_events<R: Decode + 'static>(
        &self,
        operation: &'static str,
        request: Result<reqwest::Request, ClientError>,
    ) -> impl Pending<R> + '_ {
        async move {
            let request = request?;
            let sender = self.sender(operation);
            let resend = match self.reconnects {
                0 => None,
                reconnects => request.try_clone().map(|request| Resend { sender: sender.clone(), request, reconnects }),
            };
            let answer = send_keeping(&sender, request, self.retry, Unread::Events(resend)).await?;
            self.decode(&answer)
        }
    }

    /// [`Connection::call`] for an operation with binary answers: an answer
    /// of a status that `streams` says is binary is decoded before its body
    /// is read, which its `Binary` then streams.
    #[allow(clippy::manual_async_fn)]
    pub fn call_streamed<R: Decode + 'static>(
        &self,
        operation: &'static str,
        request: Result<reqwest::Request, ClientError>,
        streams: fn(u16) -> bool,
    ) -> impl Pending<R> + '_ {
        async move {
            let sender = self.sender(operation);
            let answer = send_keeping(&sender, request?, self.retry, Unread::Statuses(streams)).await?;
            self.decode(&answer)
        }
    }

    /// Reads an answer into its response enum: leniently, keeping what a
    /// newer server adds, or [strictly](crate::support::strictly) once
    /// [`Connection::set_strict`] asked for it.
    pub fn decode<R: Decode>(&self, answer: &Answer) -> Result<R, ClientError> {
        if self.strict {
            crate::support::strictly(|| R::decode(answer))
        } else {
            R::decode(answer)
        }
    }

    /// Refuses answers with values the spec does not list (an enum's,
    /// a discriminator's, a key of a closed object), as the server refuses
    /// requests: for a client that would rather fail than pass them on.
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    /// Whether answers are read strictly.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// Sends a request of `operation` with the retry policy and the hooks,
    /// and reads its answer.
    pub async fn send(&self, operation: &'static str, request: reqwest::Request) -> Result<Answer, ClientError> {
        send_keeping(&self.sender(operation), request, self.retry, Unread::None).await
    }
}

/// Which answers' bodies are left unread, for their readers to stream.
// One per call, moved once: boxing the large variant buys nothing.
#[allow(clippy::large_enum_variant)]
enum Unread {
    None,
    /// Answers of events (with how to ask for them again, if given).
    Events(Option<Resend>),
    /// Answers of these statuses.
    Statuses(fn(u16) -> bool),
}

/// Sends `request` through `sender`, again as `retry` allows, leaving the
/// body of the answers `unread` names unread; in a `tracing` span of the
/// call, with the `tracing` feature.
async fn send_keeping(
    sender: &Sender,
    request: reqwest::Request,
    retry: Option<Retry>,
    unread: Unread,
) -> Result<Answer, ClientError> {
    #[cfg(feature = "tracing")]
    {
        use crate::support::trace;
        let url = request.url();
        let span = trace::call(sender.operation, request.method().as_str(), url.host_str(), url.path());
        let answer = trace::instrument(span.clone(), attempts(sender, request, retry, unread)).await;
        match &answer {
            Ok(answer) => trace::answered(&span, answer.status),
            Err(error) => {
                let kind = match error {
                    ClientError::Transport(error) if error.is_timeout() => "timeout",
                    ClientError::Transport(error) if error.is_connect() => "connect",
                    ClientError::Hook(_) => "hook",
                    _ => "transport",
                };
                trace::failed(&span, kind, error)
            }
        }
        answer
    }
    #[cfg(not(feature = "tracing"))]
    attempts(sender, request, retry, unread).await
}

/// The attempts of [`send_keeping`].
async fn attempts(
    sender: &Sender,
    request: reqwest::Request,
    retry: Option<Retry>,
    unread: Unread,
) -> Result<Answer, ClientError> {
    let mut attempt = 0;
    let mut pending = request;
    loop {
        attempt += 1;
        // A request whose body is a stream cannot be sent twice.
        let again = retry.and_then(|_| pending.try_clone());
        let method = pending.method().clone();
        let wait =
            |outcome| retry.filter(|_| again.is_some()).and_then(|policy| policy.wait(attempt, &method, outcome));
        let sent = sender.execute(pending, attempt).await.map_err(ClientError::Hook)?;
        let response = match sent {
            Ok(response) => response,
            Err(error) => match wait(Outcome::of_error(&error)) {
                Some(wait) => {
                    #[cfg(feature = "tracing")]
                    crate::support::trace::retrying(attempt, wait, &error);
                    tokio::time::sleep(wait).await;
                    pending = again.expect("retried only with a copy");
                    continue;
                }
                None => return Err(error.into()),
            },
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if let Some(wait) = wait(Outcome::Answer(status, &headers)) {
            #[cfg(feature = "tracing")]
            crate::support::trace::retrying(attempt, wait, &status);
            tokio::time::sleep(wait).await;
            pending = again.expect("retried only with a copy");
            continue;
        }
        match &unread {
            Unread::Events(resend) if is_event_stream(&headers) => {
                let resend = resend.as_ref().and_then(|resend| {
                    let request = resend.request.try_clone()?;
                    Some(Resend { sender: resend.sender.clone(), request, reconnects: resend.reconnects })
                });
                return Ok(Answer::unread(response, resend));
            }
            Unread::Statuses(streams) if streams(status) => return Ok(Answer::unread(response, None)),
            _ => {}
        }
        let body = response.bytes().await?.to_vec();
        return Ok(Answer::new(status, headers, body));
    }
}

/// Whether an answer's `Content-Type` is `text/event-stream`.
pub(super) fn is_event_stream(headers: &reqwest::header::HeaderMap) -> bool {
    let media = headers.get(reqwest::header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default();
    media.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("text/event-stream")
}
