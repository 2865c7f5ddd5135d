//! Run-time support for the generated reqwest clients: sending with an
//! opt-in retry on 429, and decoding answers into the typed response enums.

pub use crate::support::Expansion;
/// The methods of HTTP, for [`Request::with_path`].
pub use reqwest::Method;
use std::fmt;
use std::time::Duration;

/// Why a call did not produce a documented answer.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The base URL or a built URL is not usable.
    InvalidUrl(String),
    /// A request could not be built (e.g. a header value with a newline).
    InvalidRequest(String),
    /// Connecting, sending or receiving failed, or the timeout ran out.
    Transport(reqwest::Error),
    /// The server answered a status the spec does not document.
    UndocumentedStatus { status: u16, body: Vec<u8> },
    /// A documented status whose body does not match its schema.
    InvalidBody { status: u16, path: String, message: String },
    /// A documented header that is missing or does not parse.
    InvalidHeader { status: u16, name: &'static str, message: String },
}

/// The future of a client method: the operation's decoded answer, or why
/// there is none. It is `Send`, so it may be spawned; `.await` it as any
/// future.
pub trait Pending<T>: std::future::Future<Output = Result<T, ClientError>> + Send {}

impl<T, F: std::future::Future<Output = Result<T, ClientError>> + Send> Pending<T> for F {}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::InvalidUrl(message) => write!(f, "invalid URL: {message}"),
            ClientError::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            ClientError::Transport(error) => write!(f, "transport error: {error}"),
            ClientError::UndocumentedStatus { status, body } => {
                write!(f, "undocumented status {status} ({} bytes of body)", body.len())
            }
            ClientError::InvalidBody { status, path, message } => {
                write!(f, "the {status} answer's body does not match its schema at `{path}`: {message}")
            }
            ClientError::InvalidHeader { status, name, message } => {
                write!(f, "the {status} answer's `{name}` header is invalid: {message}")
            }
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Transport(error) => Some(error),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for ClientError {
    fn from(error: reqwest::Error) -> Self {
        // reqwest's messages can carry the URL; ours never holds credentials.
        ClientError::Transport(error.without_url())
    }
}

/// Opt-in retry of 429 answers that carry `Retry-After` (in seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// A longer `Retry-After` is not waited for: the 429 is returned.
    pub max_wait: Duration,
}

/// What every generated client holds besides its credentials: the HTTP
/// client, the base URL, default headers, timeout and retry policy.
#[derive(Clone)]
pub struct Connection {
    http: reqwest::Client,
    base: reqwest::Url,
    headers: reqwest::header::HeaderMap,
    timeout: Option<Duration>,
    retry: Option<Retry>,
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be secrets; their names are not.
        f.debug_struct("Connection")
            .field("base", &self.base.as_str())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
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
        Ok(Self { http, base, headers: reqwest::header::HeaderMap::new(), timeout: None, retry: None })
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
    pub fn call<R: Decode + 'static>(&self, request: Result<reqwest::Request, ClientError>) -> impl Pending<R> + '_ {
        async move {
            let answer = self.send(request?).await?;
            R::decode(&answer)
        }
    }

    /// Sends with the retry policy.
    pub async fn send(&self, request: reqwest::Request) -> Result<Answer, ClientError> {
        send(&self.http, request, self.retry).await
    }
}

/// How an answer becomes an operation's response enum: by its status, the
/// variant, then the body and headers that variant holds. The generated
/// client implements it for each response enum.
pub trait Decode: Sized {
    fn decode(answer: &Answer) -> Result<Self, ClientError>;
}

/// An answer as received.
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The error for a status the operation does not document, with the body.
    pub fn undocumented(&self) -> ClientError {
        ClientError::UndocumentedStatus { status: self.status, body: self.body.clone() }
    }

    /// The error for a body that does not read as its type, with its path.
    fn invalid_body(&self, error: &serde_json::Error) -> ClientError {
        ClientError::InvalidBody { status: self.status, path: path_at(&self.body, error), message: error.to_string() }
    }
}

/// Sends `request`, retrying 429 answers as `retry` allows.
pub async fn send(
    http: &reqwest::Client,
    request: reqwest::Request,
    retry: Option<Retry>,
) -> Result<Answer, ClientError> {
    let mut attempt = 0;
    let mut pending = request;
    loop {
        let again = pending.try_clone();
        let response = http.execute(pending).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let wait = retry_after(&headers);
        let body = response.bytes().await?.to_vec();
        match (status, retry, wait, again) {
            (429, Some(policy), Some(wait), Some(again)) if attempt < policy.max_retries && wait <= policy.max_wait => {
                tokio::time::sleep(wait).await;
                attempt += 1;
                pending = again;
            }
            _ => return Ok(Answer { status, headers, body }),
        }
    }
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let seconds = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse::<u64>().ok()?;
    Some(Duration::from_secs(seconds))
}

/// The body of a documented answer as `T`, or where it breaks the schema.
/// Read by serde_json alone: the path of an error is found afterwards from
/// its line and column ([`path_at`]), so that no type's reader is compiled
/// a second time for a path-tracking deserializer.
pub fn body<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<T, ClientError> {
    let mut deserializer = serde_json::Deserializer::from_slice(&answer.body);
    // A `match` and a plain function, not a `map_err` closure: a closure
    // in a generic function is compiled again for every `T`.
    match T::deserialize(&mut deserializer) {
        Ok(value) => Ok(value),
        Err(error) => Err(answer.invalid_body(&error)),
    }
}

/// The path of the value that serde_json's `error` in reading `json` is
/// about, written as `serde_path_to_error` writes one: `items[3].name`, `.`
/// for the top. The error's line and column are of the last character
/// read; an error at an object's or array's closing bracket (a missing
/// field) is about that object or array, and one at the end of the text (a
/// truncated body) about the innermost object or array still open.
pub fn path_at(json: &[u8], error: &serde_json::Error) -> String {
    /// An open object and the key whose value is being read, or an open
    /// array and the index of the value being read.
    enum Open {
        Object(Option<String>),
        Array(Option<usize>),
    }
    let mut line_start = 0;
    for _ in 1..error.line() {
        match json[line_start..].iter().position(|&byte| byte == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => break,
        }
    }
    let target = if error.is_eof() { json.len() } else { (line_start + error.column()).saturating_sub(1) };
    let mut open: Vec<Open> = Vec::new();
    // A value starts: in an array, it is the value of the current index.
    let value_starts = |open: &mut Vec<Open>| {
        if let Some(Open::Array(index @ None)) = open.last_mut() {
            *index = Some(0);
        }
    };
    let mut at = 0;
    while at < target && at < json.len() {
        match json[at] {
            byte @ (b'{' | b'[') => {
                value_starts(&mut open);
                open.push(if byte == b'{' { Open::Object(None) } else { Open::Array(None) });
            }
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Object(key)) => *key = None,
                Some(Open::Array(index)) => *index = Some(index.map_or(1, |index| index + 1)),
                None => {}
            },
            b'"' => {
                let begin = at;
                at += 1;
                while at < target && at < json.len() && json[at] != b'"' {
                    at += if json[at] == b'\\' { 2 } else { 1 };
                }
                if let Some(Open::Object(key @ None)) = open.last_mut() {
                    let quoted = &json[begin..(at + 1).min(json.len())];
                    let text = serde_json::from_slice(quoted);
                    *key = Some(text.unwrap_or_else(|_| String::from_utf8_lossy(&quoted[1..]).into_owned()));
                } else {
                    value_starts(&mut open);
                }
            }
            b' ' | b'\t' | b'\n' | b'\r' | b':' => {}
            _ => value_starts(&mut open),
        }
        at += 1;
    }
    if matches!(json.get(target), Some(b'}' | b']') | None) {
        match open.last_mut() {
            Some(Open::Object(key)) => *key = None,
            Some(Open::Array(index)) => *index = None,
            None => {}
        }
    }
    let mut path = String::new();
    for value in &open {
        match value {
            Open::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Array(Some(index)) => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
            Open::Object(None) | Open::Array(None) => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A `text/…` answer's body.
pub fn text(answer: &Answer) -> Result<String, ClientError> {
    String::from_utf8(answer.body.clone()).map_err(|error| ClientError::InvalidBody {
        status: answer.status,
        path: ".".to_owned(),
        message: error.to_string(),
    })
}

/// An answer's body passed on undecoded, with its `Content-Type`.
pub fn raw(answer: &Answer) -> crate::support::RawBody {
    let content_type = answer.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    crate::support::RawBody { content_type: content_type.to_owned(), bytes: answer.body.clone() }
}

/// How a documented answer's body is read as `T`, by the way it travels
/// (see [`crate::support::media`]); for [`crate::support::responses!`].
pub trait ReadBody<T> {
    fn read(answer: &Answer) -> Result<T, ClientError>;
}

impl<T: serde::de::DeserializeOwned> ReadBody<T> for crate::support::media::Json {
    fn read(answer: &Answer) -> Result<T, ClientError> {
        body(answer)
    }
}

impl ReadBody<String> for crate::support::media::Text {
    fn read(answer: &Answer) -> Result<String, ClientError> {
        text(answer)
    }
}

impl ReadBody<Vec<u8>> for crate::support::media::Bytes {
    fn read(answer: &Answer) -> Result<Vec<u8>, ClientError> {
        Ok(answer.body.clone())
    }
}

impl ReadBody<crate::support::RawBody> for crate::support::media::Multipart {
    fn read(answer: &Answer) -> Result<crate::support::RawBody, ClientError> {
        Ok(raw(answer))
    }
}

/// A required header of a documented answer.
pub fn required_header<T: std::str::FromStr>(answer: &Answer, name: &'static str) -> Result<T, ClientError>
where
    T::Err: fmt::Display,
{
    optional_header(answer, name)?.ok_or_else(|| ClientError::InvalidHeader {
        status: answer.status,
        name,
        message: "missing".to_owned(),
    })
}

/// An optional header of a documented answer.
pub fn optional_header<T: std::str::FromStr>(answer: &Answer, name: &'static str) -> Result<Option<T>, ClientError>
where
    T::Err: fmt::Display,
{
    let Some(value) = answer.headers.get(name) else { return Ok(None) };
    let invalid = |message: String| ClientError::InvalidHeader { status: answer.status, name, message };
    let text = value.to_str().map_err(|error| invalid(error.to_string()))?;
    text.parse().map(Some).map_err(|error: T::Err| invalid(error.to_string()))
}

/// The URL of `path_segments` (already split on `/`) under `base`, with
/// `query`: each parameter's values percent-encoded, then one pair per
/// value when it is not `joined_by` anything (`style: form, explode: true`:
/// `id=1&id=2`), else one pair of the values joined (`fields=id,email`,
/// `ids=1%202` for `spaceDelimited`).
pub fn url(
    base: &reqwest::Url,
    path: &str,
    query: &[(String, Vec<String>, Option<char>)],
) -> Result<reqwest::Url, ClientError> {
    if base.cannot_be_a_base() {
        return Err(ClientError::InvalidUrl(format!("{base} cannot be a base URL")));
    }
    let mut url = base.clone();
    url.set_path(&format!("{}{path}", base.path().trim_end_matches('/')));
    if !query.is_empty() {
        let mut pairs: Vec<String> = Vec::new();
        for (name, values, joined_by) in query {
            let name = percent_encode(name);
            let values = values.iter().map(|value| percent_encode(value));
            match joined_by {
                // A comma may stand in a query as it is; other separators are encoded.
                Some(',') => pairs.push(format!("{name}={}", values.collect::<Vec<_>>().join(","))),
                Some(separator) => {
                    let separator = percent_encode(&separator.to_string());
                    pairs.push(format!("{name}={}", values.collect::<Vec<_>>().join(&separator)));
                }
                None => pairs.extend(values.map(|value| format!("{name}={value}"))),
            }
        }
        url.set_query(Some(&pairs.join("&")));
    }
    Ok(url)
}

/// An operation's request as its method puts it together: the method and
/// path, then a call per query parameter, header, cookie and body, each
/// taking the value as the operation's parameters hold it (`None` adds
/// nothing). What cannot be encoded (a body that does not serialise, a
/// list where an object was expected) is kept, and is the error of the
/// call that sends it, so that a method is one chain and the work per
/// operation is data for [`Connection::prepare`], compiled once.
#[must_use = "a request does nothing until its client sends it"]
pub struct Request<'a> {
    method: Method,
    target: Result<Target, ClientError>,
    query: Query,
    headers: Vec<(&'static str, String)>,
    cookies: Vec<String>,
    body: Option<Body<'a>>,
    /// The first failure after the path.
    error: Option<ClientError>,
}

/// Where a request goes: a path under the base URL, escaped already, or a
/// link the server gave, resolved against it.
enum Target {
    Path(String),
    Link(String),
}

enum Body<'a> {
    Encoded {
        media: String,
        bytes: Vec<u8>,
    },
    /// A body reqwest encodes itself (a multipart form).
    Step(BodyStep<'a>),
}

type BodyStep<'a> =
    Box<dyn FnOnce(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, ClientError> + Send + 'a>;

// Small methods are `#[inline]`: compiled where they are used, so a crate
// pays only for the ones its operations call.
impl<'a> Request<'a> {
    /// A request to the path `template` (`/orgs/{org}/repos`) with each
    /// `{…}` replaced, in order, by the next of `values` as one escaped
    /// path segment.
    #[inline]
    pub fn new(method: Method, template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::with_path(method, Ok(path(template, values)))
    }

    /// A `GET` request; see [`Request::new`].
    #[inline]
    pub fn get(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::GET, template, values)
    }

    /// A `PUT` request; see [`Request::new`].
    #[inline]
    pub fn put(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::PUT, template, values)
    }

    /// A `POST` request; see [`Request::new`].
    #[inline]
    pub fn post(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::POST, template, values)
    }

    /// A `DELETE` request; see [`Request::new`].
    #[inline]
    pub fn delete(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::DELETE, template, values)
    }

    /// A `OPTIONS` request; see [`Request::new`].
    #[inline]
    pub fn options(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::OPTIONS, template, values)
    }

    /// A `HEAD` request; see [`Request::new`].
    #[inline]
    pub fn head(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::HEAD, template, values)
    }

    /// A `PATCH` request; see [`Request::new`].
    #[inline]
    pub fn patch(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::PATCH, template, values)
    }

    /// A `TRACE` request; see [`Request::new`].
    #[inline]
    pub fn trace(template: &str, values: &[&dyn fmt::Display]) -> Self {
        Self::new(Method::TRACE, template, values)
    }

    /// A request to `path`, escaped already (see [`segment`] and the
    /// `styled_` functions), or the reason it could not be written.
    #[inline]
    pub fn with_path(method: Method, path: Result<String, ClientError>) -> Self {
        Self {
            method,
            target: path.map(Target::Path),
            query: Query::default(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            error: None,
        }
    }

    /// A GET of a link the server gave (e.g. a page's `next`), resolved
    /// against the base URL.
    #[inline]
    pub fn follow(link: &str) -> Self {
        Self { target: Ok(Target::Link(link.to_owned())), ..Self::with_path(Method::GET, Ok(String::new())) }
    }

    // Each generic method below only turns its value into text (or bytes)
    // and hands it to a method that is compiled once: what is generic is
    // compiled once per type it is called with.

    /// `name=value` in the query.
    pub fn query<T: fmt::Display>(self, name: &str, value: Option<&T>) -> Self {
        self.query_pair(name, value.map(|value| vec![value.to_string()]), None)
    }

    /// A list in the query: `name=a&name=b` (`joined_by: None`), or `name=a,b`.
    pub fn query_items<T: fmt::Display>(self, name: &str, values: Option<&Vec<T>>, joined_by: Option<char>) -> Self {
        self.query_pair(name, values.map(|values| texts(values)), joined_by)
    }

    /// A query parameter described by JSON `content`: `name=<its JSON text>`.
    pub fn query_json<T: serde::Serialize>(mut self, name: &str, value: Option<&T>) -> Self {
        let text = self.check(value.map(json_text));
        self.query_pair(name, text.map(|text| vec![text]), None)
    }

    /// An object in the query: a pair per key, `key=value` (`style: form`),
    /// or `name[key]=value` (`deep`: `style: deepObject`).
    pub fn query_object<T: serde::Serialize>(mut self, name: &str, value: Option<&T>, deep: bool) -> Self {
        for (key, text) in self.check(value.map(object_pairs)).unwrap_or_default() {
            let key = if deep { format!("{name}[{key}]") } else { key };
            self.query.pairs.push((key, vec![text], None));
        }
        self
    }

    #[inline]
    fn query_pair(mut self, name: &str, values: Option<Vec<String>>, joined_by: Option<char>) -> Self {
        if let Some(values) = values {
            self.query.pairs.push((name.to_owned(), values, joined_by));
        }
        self
    }

    /// The media types the operation answers with, as `Accept`.
    #[inline]
    pub fn accept(self, media: &'static str) -> Self {
        self.header_text("accept", Some(media.to_owned()))
    }

    /// A header parameter.
    pub fn header<T: fmt::Display>(self, name: &'static str, value: Option<&T>) -> Self {
        self.header_text(name, value.map(ToString::to_string))
    }

    /// A list header parameter: its items joined by commas (`style: simple`).
    pub fn header_items<T: fmt::Display>(self, name: &'static str, values: Option<&Vec<T>>) -> Self {
        self.header_text(name, values.map(|values| texts(values).join(",")))
    }

    /// A header parameter described by JSON `content`: its JSON text.
    pub fn header_json<T: serde::Serialize>(mut self, name: &'static str, value: Option<&T>) -> Self {
        let text = self.check(value.map(json_text));
        self.header_text(name, text)
    }

    /// An object header parameter (`style: simple`): `role,admin,name,Alex`,
    /// or `role=admin,name=Alex` exploded.
    pub fn header_object<T: serde::Serialize>(mut self, name: &'static str, value: Option<&T>, explode: bool) -> Self {
        let pairs = self.check(value.map(object_pairs));
        self.header_text(name, pairs.map(|pairs| styled_object(name, Expansion::Simple, explode, &pairs)))
    }

    #[inline]
    fn header_text(mut self, name: &'static str, text: Option<String>) -> Self {
        if let Some(text) = text {
            self.headers.push((name, text));
        }
        self
    }

    /// A cookie parameter: `name=value` in the `Cookie` header.
    pub fn cookie<T: fmt::Display>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(value) = value {
            self.cookies.push(format!("{name}={value}"));
        }
        self
    }

    /// A JSON body, with its media type.
    pub fn json<T: serde::Serialize + ?Sized>(self, media: &str, body: Option<&T>) -> Self {
        self.encoded(media, body.map(|body| crate::support::json_bytes(body).map_err(invalid_request)))
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form<T: serde::Serialize>(self, body: Option<&T>) -> Self {
        let encoded =
            body.map(|body| serde_urlencoded::to_string(body).map(String::into_bytes).map_err(invalid_request));
        self.encoded("application/x-www-form-urlencoded", encoded)
    }

    /// A body encoded already, or why it could not be.
    #[inline]
    fn encoded(mut self, media: &str, encoded: Option<Result<Vec<u8>, ClientError>>) -> Self {
        if let Some(bytes) = self.check(encoded) {
            self.body = Some(Body::Encoded { media: media.to_owned(), bytes });
        }
        self
    }

    /// The value, or `None` with the error kept (the first one).
    fn check<T>(&mut self, result: Option<Result<T, ClientError>>) -> Option<T> {
        match result? {
            Ok(value) => Some(value),
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        }
    }

    /// A text body, with its media type.
    #[inline]
    pub fn text(self, media: &str, body: Option<&str>) -> Self {
        self.bytes(media, body.map(str::as_bytes))
    }

    /// A body sent as it is, with its media type.
    #[inline]
    pub fn bytes(mut self, media: &str, body: Option<&[u8]>) -> Self {
        if let Some(body) = body {
            self.body = Some(Body::Encoded { media: media.to_owned(), bytes: body.to_vec() });
        }
        self
    }

    /// A multipart body that came undecoded: sent as it is.
    #[inline]
    pub fn raw(self, body: Option<&crate::support::RawBody>) -> Self {
        match body {
            Some(body) => self.bytes(&body.content_type, Some(&body.bytes)),
            None => self,
        }
    }

    /// A body reqwest encodes itself (a multipart form): `encode` puts it on
    /// the request when it is sent.
    pub fn body_with<B: ?Sized + Sync>(
        mut self,
        body: Option<&'a B>,
        encode: impl FnOnce(reqwest::RequestBuilder, &'a B) -> Result<reqwest::RequestBuilder, ClientError> + Send + 'a,
    ) -> Self {
        if let Some(body) = body {
            self.body = Some(Body::Step(Box::new(move |request| encode(request, body))));
        }
        self
    }
}

/// The query of a request, a parameter at a time in the order the
/// operation lists them.
#[derive(Debug, Default)]
struct Query {
    /// Each parameter's name, its values, and what joins them (`None`: a
    /// pair per value).
    pairs: Vec<(String, Vec<String>, Option<char>)>,
}

/// Each item's text.
fn texts<T: fmt::Display>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

fn invalid_request(error: impl fmt::Display) -> ClientError {
    ClientError::InvalidRequest(error.to_string())
}

/// A parameter described by JSON `content`: its JSON text.
fn json_text<T: serde::Serialize>(value: &T) -> Result<String, ClientError> {
    serde_json::to_string(value).map_err(invalid_request)
}

/// An object parameter's properties as `(key, text)` pairs: strings as
/// they are, numbers and booleans printed, absent and `null` ones left out.
pub fn object_pairs<T: serde::Serialize>(value: &T) -> Result<Vec<(String, String)>, ClientError> {
    let value = serde_json::to_value(value).map_err(invalid_request)?;
    let serde_json::Value::Object(properties) = value else {
        return Err(ClientError::InvalidRequest("an object parameter did not serialise to an object".to_owned()));
    };
    Ok(properties
        .into_iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| match value {
            serde_json::Value::String(text) => (key, text),
            other => (key, other.to_string()),
        })
        .collect())
}

/// A path parameter's text as one escaped path segment.
pub fn segment(value: &impl fmt::Display) -> String {
    percent_encode(&value.to_string())
}

/// The path of a `template` (`/orgs/{org}/repos`) with each `{…}` replaced,
/// in order, by the next of `values` as one escaped path segment.
pub fn path(template: &str, values: &[&dyn fmt::Display]) -> String {
    let mut path = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        if let Some(value) = values.next() {
            path.push_str(&percent_encode(&value.to_string()));
        }
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    path.push_str(rest);
    path
}

/// A scalar path parameter in its style: `5`, `.5` (label), `;id=5` (matrix).
pub fn styled_scalar(name: &str, expansion: Expansion, value: &impl fmt::Display) -> String {
    let value = segment(value);
    match expansion {
        Expansion::Simple => value,
        Expansion::Label => format!(".{value}"),
        Expansion::Matrix => format!(";{}={value}", percent_encode(name)),
    }
}

/// A list path parameter in its style: `a,b`; `.a,b` or `.a.b`; `;id=a,b` or `;id=a;id=b`.
pub fn styled_list<T: fmt::Display>(name: &str, expansion: Expansion, explode: bool, items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(segment).collect();
    let name = percent_encode(name);
    match (expansion, explode) {
        (Expansion::Simple, _) => items.join(","),
        (Expansion::Label, false) => format!(".{}", items.join(",")),
        (Expansion::Label, true) => items.iter().map(|item| format!(".{item}")).collect(),
        (Expansion::Matrix, false) if items.is_empty() => format!(";{name}"),
        (Expansion::Matrix, false) => format!(";{name}={}", items.join(",")),
        (Expansion::Matrix, true) => items.iter().map(|item| format!(";{name}={item}")).collect(),
    }
}

/// An object path or header parameter in its style, from [`object_pairs`]:
/// `role,admin,name,Alex`, or `role=admin,name=Alex` exploded; label and
/// matrix prefix it as they do lists (`;role=admin;name=Alex` exploded).
pub fn styled_object(name: &str, expansion: Expansion, explode: bool, pairs: &[(String, String)]) -> String {
    let pairs = pairs.iter().map(|(key, value)| (percent_encode(key), percent_encode(value)));
    let items: Vec<String> = if explode {
        pairs.map(|(key, value)| format!("{key}={value}")).collect()
    } else {
        pairs.flat_map(|(key, value)| [key, value]).collect()
    };
    match (expansion, explode) {
        (Expansion::Simple, _) => items.join(","),
        (Expansion::Label, false) => format!(".{}", items.join(",")),
        (Expansion::Label, true) => items.iter().map(|item| format!(".{item}")).collect(),
        (Expansion::Matrix, false) => format!(";{}={}", percent_encode(name), items.join(",")),
        (Expansion::Matrix, true) => items.iter().map(|item| format!(";{item}")).collect(),
    }
}

/// Percent-encodes all but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A 2xx answer to a request that named the `fields` it wants: only those
/// fields are present, so the body stays JSON (an object, or a page whose
/// `results` hold such objects). Other answers are typed as usual.
#[derive(Debug, Clone, PartialEq)]
pub enum Sparse<R> {
    Fields(serde_json::Value),
    Other(R),
}

type Sending<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Answer, ClientError>> + Send + 'a>>;
type Follow<'a> = Box<dyn Fn(&str) -> Result<reqwest::Request, ClientError> + Send + Sync + 'a>;

/// The pages of a paginated list, fetched one at a time by following each
/// page's `next` link (resolved against the base URL).
pub struct Pages<'a, R> {
    first: Option<Result<reqwest::Request, ClientError>>,
    next: Option<String>,
    follow: Follow<'a>,
    send: Box<dyn Fn(reqwest::Request) -> Sending<'a> + Send + Sync + 'a>,
    decode: fn(&Answer) -> Result<R, ClientError>,
    next_link: fn(&R) -> Option<String>,
}

impl<'a, R: Decode> Pages<'a, R> {
    /// `first` is the first page's request; `follow` builds the request for
    /// a `next` link, `send` sends one.
    pub fn new(
        first: Result<reqwest::Request, ClientError>,
        follow: impl Fn(&str) -> Result<reqwest::Request, ClientError> + Send + Sync + 'a,
        send: impl Fn(reqwest::Request) -> Sending<'a> + Send + Sync + 'a,
        next_link: fn(&R) -> Option<String>,
    ) -> Self {
        let decode = R::decode;
        Self { first: Some(first), next: None, follow: Box::new(follow), send: Box::new(send), decode, next_link }
    }

    /// The next answer, or `None` once the walk is over.
    pub async fn next_page(&mut self) -> Option<Result<R, ClientError>> {
        let request = match (self.first.take(), self.next.take()) {
            (Some(first), _) => first,
            (None, Some(link)) => (self.follow)(&link),
            (None, None) => return None,
        };
        let answer = match request {
            Ok(request) => (self.send)(request).await,
            Err(error) => return Some(Err(error)),
        };
        let page = answer.and_then(|answer| (self.decode)(&answer));
        if let Ok(page) = &page {
            self.next = (self.next_link)(page);
        }
        Some(page)
    }
}
