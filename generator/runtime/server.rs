//! Run-time support for the generated axum servers: every input is parsed
//! and checked before a handler runs, and every rejection is a 4xx with a
//! JSON body in Django REST Framework's shapes: `{"field": ["message"]}`
//! for field errors, `{"detail": "message"}` otherwise.

pub use crate::support::Expansion;
use axum::body::Body;
pub use axum::body::Bytes;
use axum::http::header::{HeaderName, HeaderValue, ALLOW, CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
pub use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, Uri};
pub use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::future::Future;
use std::str::FromStr;

/// Request bodies larger than this are answered 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What a handler returns when it fails in a way the spec does not
/// document: answered with a JSON 500 and logged.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;

/// A request refused before its handler runs: a status, a JSON body and headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Rejection {
    /// `{"detail": message}`.
    pub fn detail(status: StatusCode, message: impl Into<String>) -> Self {
        Self { status, body: serde_json::json!({ "detail": message.into() }), headers: Vec::new() }
    }

    /// 400 `{field: [message]}`.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: serde_json::json!({ field: [message.into()] }),
            headers: Vec::new(),
        }
    }

    /// 401 `{"detail": "Authentication credentials were not provided."}`.
    pub fn unauthenticated() -> Self {
        Self::detail(StatusCode::UNAUTHORIZED, "Authentication credentials were not provided.")
    }

    /// Adds a header; a value that is not a valid header value is left out.
    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        response.headers_mut().extend(self.headers);
        response
    }
}

/// A JSON body that parsed as JSON but not as the operation's type.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyError {
    /// The body as sent.
    pub value: Value,
    /// DRF's field map: field (or `non_field_errors`) → messages.
    pub fields: BTreeMap<String, Vec<String>>,
}

impl BodyError {
    /// A required body that was not sent, and is not JSON.
    pub fn missing() -> Self {
        BodyError {
            value: Value::Null,
            fields: BTreeMap::from([("non_field_errors".to_owned(), vec!["No data provided.".to_owned()])]),
        }
    }
}

/// Whether the request carries no body at all: no `Content-Type`, and no
/// `Content-Length` (or a zero one) nor `Transfer-Encoding`.
pub fn body_absent(headers: &HeaderMap) -> bool {
    !headers.contains_key(CONTENT_TYPE)
        && !headers.contains_key(TRANSFER_ENCODING)
        && headers.get(CONTENT_LENGTH).is_none_or(|length| length.as_bytes() == b"0")
}

/// Refuses a request without a body (see [`body_absent`]) to an operation
/// that requires one, as `missing` words it: [`missing_object`] for a JSON
/// object, [`BodyError::missing`] for anything else.
pub fn require_body(headers: &HeaderMap, missing: fn() -> BodyError) -> Result<(), Refusal> {
    if body_absent(headers) {
        return Err(Refusal::InvalidBody(missing()));
    }
    Ok(())
}

/// Why a required JSON object body of type `T` that was not sent is
/// refused. DRF reads an absent body as empty data, `{}`, so the answer
/// names the fields that requires (AWX: `{"username": ["This field is
/// required."], ...}`).
pub fn missing_object<T: serde::de::DeserializeOwned>() -> BodyError {
    let empty = Value::Object(serde_json::Map::new());
    match typed::<T>(empty.clone()) {
        Err(error) => error,
        Ok(_) => BodyError { value: empty, ..BodyError::missing() },
    }
}

impl From<BodyError> for Rejection {
    fn from(error: BodyError) -> Self {
        Rejection { status: StatusCode::BAD_REQUEST, body: serde_json::json!(error.fields), headers: Vec::new() }
    }
}

/// An operation of an API, as [`handle`] runs it for an `Api` of type `A`:
/// the generated `server` module implements it once per operation.
pub trait Operation<A: Send + Sync + 'static>: 'static {
    /// The `Api` method's name, as `invalid_body` and `unauthenticated` are told it.
    const ID: &'static str;
    /// Whether the operation takes a body: only then is it read.
    const BODY: bool = false;
    /// The `Api` method's response.
    type Answer: IntoResponse;

    /// Reads the `Api` method's arguments from the request's head and body
    /// (empty without [`Self::BODY`]), then calls the method with them.
    fn start(api: &A, parts: Parts, body: Bytes) -> Result<BoxCall<'_, Self::Answer>, Refusal>;

    /// The fields to keep of a successful JSON answer, where the operation
    /// takes a sparse fieldset (`?fields=`).
    fn sparse_fieldset(parts: &Parts) -> Option<Vec<String>> {
        let _ = parts;
        None
    }
}

/// The future of an `Api` method: its response, or a failure the spec does
/// not document (answered 500). It must be `Send`, as the server runs on a
/// multi-threaded runtime; an `async fn x(..) -> Result<XResponse,
/// HandlerError>` in the impl is one.
pub trait Call<T>: Future<Output = Result<T, HandlerError>> + Send {}

impl<T, F: Future<Output = Result<T, HandlerError>> + Send> Call<T> for F {}

/// A [`Call`] boxed, as [`Operation::start`] returns it. One type for all
/// operations: an `impl Call` there would be a type of its own per
/// operation, which rustc checks one by one (boxing them took about a
/// tenth off a check of GitHub's server). The box costs one allocation per
/// request.
pub type BoxCall<'a, T> = std::pin::Pin<Box<dyn Future<Output = Result<T, HandlerError>> + Send + 'a>>;

use axum::routing::MethodFilter;

/// A path being routed: [`route`], then a method per operation
/// (`.get::<O>()`, `.post::<O>()`, …), then [`Route::end`] gives the router
/// back with the path added. Each operation's refusals are worded by `R`.
pub struct Route<A, R> {
    router: axum::Router<std::sync::Arc<A>>,
    path: &'static str,
    methods: axum::routing::MethodRouter<std::sync::Arc<A>>,
    refusals: std::marker::PhantomData<fn() -> R>,
}

/// Starts routing `path`, whose methods are `allow`: any other method is
/// answered 405 with `Allow: allow` (one fallback for every path, not a
/// closure each). The router's state is named, not inferred: rustc would
/// otherwise carry every route's obligations unsolved until it is known
/// (5 % of checking Linode's server).
pub fn route<A: Send + Sync + 'static, R: Refuse<A> + 'static>(
    router: axum::Router<std::sync::Arc<A>>,
    path: &'static str,
    allow: &'static str,
) -> Route<A, R> {
    let methods = axum::routing::MethodRouter::new()
        .fallback(move |method: axum::http::Method| async move { method_not_allowed(&method, allow) });
    Route { router, path, methods, refusals: std::marker::PhantomData }
}

impl<A: Send + Sync + 'static, R: Refuse<A> + 'static> Route<A, R> {
    /// Routes `filter` to the operation `O`: `.on(filter, handle::<A, R, O>)`.
    /// That the handler's future is `Send` is then proven here once, for
    /// any operation, not for each route (Linode's server: 4 % of rustc's work).
    fn on<O: Operation<A>>(self, filter: MethodFilter) -> Self {
        Self { methods: self.methods.on(filter, handle::<A, R, O>), ..self }
    }

    pub fn get<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::GET)
    }

    pub fn put<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::PUT)
    }

    pub fn post<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::POST)
    }

    pub fn delete<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::DELETE)
    }

    pub fn options<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::OPTIONS)
    }

    pub fn head<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::HEAD)
    }

    pub fn patch<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::PATCH)
    }

    pub fn trace<O: Operation<A>>(self) -> Self {
        self.on::<O>(MethodFilter::TRACE)
    }

    /// The router, with the path and its methods added.
    pub fn end(self) -> axum::Router<std::sync::Arc<A>> {
        self.router.route(self.path, self.methods)
    }
}

/// How an API's `Api` words a [`Refusal`]: the generated `server` module
/// implements it once.
pub trait Refuse<A> {
    fn refuse(api: &A, operation: &'static str, refusal: Refusal) -> Rejection;
}

/// The handler of every operation `O`: reads the request (its body only
/// where the operation takes one), refuses it as `R` words it for the
/// `Api`, or calls the `Api` method and answers with its response.
pub async fn handle<A: Send + Sync + 'static, R: Refuse<A>, O: Operation<A>>(
    axum::extract::State(api): axum::extract::State<std::sync::Arc<A>>,
    request: axum::extract::Request,
) -> Result<Response, Rejection> {
    let (parts, body) = incoming(request, O::BODY).await?;
    let fields = O::sparse_fieldset(&parts);
    let call = O::start(&api, parts, body).map_err(|refusal| R::refuse(&api, O::ID, refusal))?;
    let response = answer(call.await);
    Ok(sparse_fieldset(response, fields.as_deref()).await)
}

/// Why a request is refused before its operation runs: a rejection of its
/// own, or one the `Api` words (`invalid_body`, `unauthenticated`).
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    Rejected(Rejection),
    /// A body the operation's type refuses, or a required body not sent.
    InvalidBody(BodyError),
    /// No credentials, where the operation requires them.
    Unauthenticated,
}

impl From<Rejection> for Refusal {
    fn from(rejection: Rejection) -> Self {
        Refusal::Rejected(rejection)
    }
}

/// The head of a request and, where its operation takes a body, the body
/// (at most [`BODY_LIMIT`] bytes; 413 beyond).
pub async fn incoming(request: axum::extract::Request, with_body: bool) -> Result<(Parts, Bytes), Rejection> {
    let (parts, body) = request.into_parts();
    if !with_body || body_absent(&parts.headers) {
        return Ok((parts, Bytes::new()));
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| {
        Rejection::detail(StatusCode::PAYLOAD_TOO_LARGE, format!("Request body exceeds {BODY_LIMIT} bytes."))
    })?;
    Ok((parts, bytes))
}

/// Reads a JSON body of type `T`, sent as `declared` (`application/json`,
/// or a `…+json` type). Refused with a rejection of its own when it is not
/// of the media type or not JSON, or not an object where the schema is
/// one; as a [`Refusal::InvalidBody`] when the operation's type refuses it.
pub fn json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    declared: &str,
    object: bool,
) -> Result<T, Refusal> {
    media_type(headers, declared)?;
    // serde_json refuses invalid UTF-8 and nesting deeper than 128 levels.
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| Rejection::detail(StatusCode::BAD_REQUEST, format!("JSON parse error - {error}")))?;
    if object && !value.is_object() {
        let got = match &value {
            Value::Array(_) => "list",
            Value::String(_) => "str",
            Value::Number(_) => "number",
            Value::Bool(_) => "bool",
            _ => "null",
        };
        let message = format!("Invalid data. Expected a dictionary, but got {got}.");
        return Err(Rejection::field("non_field_errors", message).into());
    }
    typed(value).map_err(Refusal::InvalidBody)
}

/// A body of the `declared` media type (`image/*` and `*/*` match a
/// family or anything): the request's `Content-Type` and the bytes.
pub fn raw(headers: &HeaderMap, body: &[u8], declared: &str) -> Result<(String, Vec<u8>), Rejection> {
    Ok((media_type(headers, declared)?, body.to_vec()))
}

/// A `text/…` body as a `String`.
pub fn text(headers: &HeaderMap, body: &[u8], declared: &str) -> Result<String, Rejection> {
    media_type(headers, declared)?;
    String::from_utf8(body.to_vec())
        .map_err(|_| Rejection::detail(StatusCode::BAD_REQUEST, "Request body is not valid UTF-8."))
}

/// An `application/x-www-form-urlencoded` body's error.
pub fn invalid_form(error: impl Display) -> Rejection {
    Rejection::detail(StatusCode::BAD_REQUEST, format!("Invalid form body: {error}"))
}

/// The request's `Content-Type`, when it is of the `declared` media type; 415 otherwise.
fn media_type(headers: &HeaderMap, declared: &str) -> Result<String, Rejection> {
    let media_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if media_matches(declared, &media_type) {
        return Ok(media_type);
    }
    let message = if media_type.is_empty() {
        format!("Missing media type; send `Content-Type: {declared}`.")
    } else {
        format!("Unsupported media type \"{media_type}\" in request.")
    };
    Err(Rejection::detail(StatusCode::UNSUPPORTED_MEDIA_TYPE, message))
}

/// Whether the request's `Content-Type` is of the `declared` media type.
pub fn content_type_is(headers: &HeaderMap, declared: &str) -> bool {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|actual| media_matches(declared, actual))
}

/// Whether `actual` (a `Content-Type` value) is of the `declared` media type.
fn media_matches(declared: &str, actual: &str) -> bool {
    let essence = |media: &str| media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (declared, actual) = (essence(declared), essence(actual));
    match declared.split_once('/') {
        Some(("*", "*")) => true,
        Some((family, "*")) => actual.split_once('/').is_some_and(|(other, _)| other == family),
        _ => declared == actual,
    }
}

/// Reads `value` as `T`, turning serde's error into DRF's field map.
pub fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, BodyError> {
    match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(parsed) => Ok(parsed),
        Err(error) => {
            let path = error.path().to_string();
            let message = error.inner().to_string();
            let (field, message) = match message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')) {
                Some((name, _)) => (name.to_owned(), "This field is required.".to_owned()),
                None if path == "." => ("non_field_errors".to_owned(), message),
                None => (path.split(['.', '[']).next().unwrap_or(&path).to_owned(), message),
            };
            Err(BodyError { value, fields: BTreeMap::from([(field, vec![message])]) })
        }
    }
}

/// The parts of a `multipart/form-data` body (RFC 7578), in order.
pub struct FormFields(Vec<FormField>);

struct FormField {
    name: String,
    file: crate::support::FilePart,
}

impl FormFields {
    /// Splits `body` on the boundary its `content_type` names.
    pub fn parse(content_type: &str, body: &[u8]) -> Result<Self, Rejection> {
        let bad = |what: &str| Rejection::detail(StatusCode::BAD_REQUEST, format!("Malformed multipart body: {what}."));
        let boundary = content_type
            .split(';')
            .skip(1)
            .filter_map(|parameter| parameter.split_once('='))
            .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
            .map(|(_, value)| value.trim().trim_matches('"').to_owned())
            .filter(|boundary| !boundary.is_empty())
            .ok_or_else(|| bad("the Content-Type names no boundary"))?;
        let delimiter = format!("\r\n--{boundary}").into_bytes();
        // The first delimiter may open the body, without the line break before it.
        let opening = &delimiter[2..];
        let start = find(body, opening).ok_or_else(|| bad("no part"))?;
        let mut rest = &body[start + opening.len()..];
        let mut fields = Vec::new();
        while !rest.starts_with(b"--") {
            rest = rest.strip_prefix(b"\r\n").ok_or_else(|| bad("a delimiter is not followed by a line break"))?;
            let end = find(rest, &delimiter).ok_or_else(|| bad("a part is not closed"))?;
            let (part, after) = rest.split_at(end);
            rest = &after[delimiter.len()..];
            let (head, content) = match part.strip_prefix(b"\r\n") {
                Some(content) => (&[][..], content),
                None => {
                    let split = find(part, b"\r\n\r\n").ok_or_else(|| bad("a part's headers do not end"))?;
                    (&part[..split], &part[split + 4..])
                }
            };
            let head = std::str::from_utf8(head).map_err(|_| bad("a part's headers are not UTF-8"))?;
            let mut field = FormField { name: String::new(), file: crate::support::FilePart::default() };
            for line in head.split("\r\n") {
                let Some((header, value)) = line.split_once(':') else { continue };
                if header.trim().eq_ignore_ascii_case("content-type") {
                    field.file.content_type = Some(value.trim().to_owned());
                } else if header.trim().eq_ignore_ascii_case("content-disposition") {
                    for parameter in value.split(';').skip(1) {
                        let Some((key, value)) = parameter.split_once('=') else { continue };
                        let value = value.trim().trim_matches('"').to_owned();
                        match key.trim().to_ascii_lowercase().as_str() {
                            "name" => field.name = value,
                            "filename" => field.file.file_name = Some(value),
                            _ => {}
                        }
                    }
                }
            }
            field.file.bytes = content.to_vec();
            fields.push(field);
        }
        Ok(Self(fields))
    }

    fn first(&self, name: &str) -> Option<&FormField> {
        self.0.iter().find(|field| field.name == name)
    }

    fn missing(name: &str) -> Rejection {
        Rejection::field(name, "This field is required.")
    }

    /// A required file part.
    pub fn file(&self, name: &str) -> Result<crate::support::FilePart, Rejection> {
        self.optional_file(name).ok_or_else(|| Self::missing(name))
    }

    pub fn optional_file(&self, name: &str) -> Option<crate::support::FilePart> {
        self.first(name).map(|field| field.file.clone())
    }

    /// Every part of that name, in order.
    pub fn files(&self, name: &str) -> Vec<crate::support::FilePart> {
        self.0.iter().filter(|field| field.name == name).map(|field| field.file.clone()).collect()
    }

    /// A required text part, parsed.
    pub fn text<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.optional_text(name)?.ok_or_else(|| Self::missing(name))
    }

    pub fn optional_text<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        let Some(field) = self.first(name) else { return Ok(None) };
        let text =
            std::str::from_utf8(&field.file.bytes).map_err(|_| Rejection::field(name, "Not valid UTF-8 text."))?;
        parse_field(name, text).map(Some)
    }

    /// A required JSON part.
    pub fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T, Rejection> {
        self.optional_json(name)?.ok_or_else(|| Self::missing(name))
    }

    pub fn optional_json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        let Some(field) = self.first(name) else { return Ok(None) };
        serde_json::from_slice(&field.file.bytes).map(Some).map_err(|error| Rejection::field(name, error.to_string()))
    }
}

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The query string as name/value pairs, percent-decoded.
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(uri: &Uri) -> Result<Self, Rejection> {
        axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map(|query| Self(query.0))
            .map_err(|error| Rejection::detail(StatusCode::BAD_REQUEST, format!("Malformed query string: {error}")))
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// An optional scalar; the last occurrence wins, as in Django.
    pub fn optional<T: FromStr>(&self, name: &str) -> Result<Option<T>, Rejection>
    where
        T::Err: Display,
    {
        self.value(name).map(|raw| parse_field(name, raw)).transpose()
    }

    /// A required scalar.
    pub fn required<T: FromStr>(&self, name: &str) -> Result<T, Rejection>
    where
        T::Err: Display,
    {
        self.optional(name)?.ok_or_else(|| Rejection::field(name, "This query parameter is required."))
    }

    /// A parameter described by JSON `content`: its value is JSON text.
    pub fn json<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Rejection> {
        self.value(name).map(|text| parse_json(name, text)).transpose()
    }

    /// An object parameter, from its properties' pairs: `key=value` for the
    /// `keys` it has (`style: form`, `explode: true`), or `name[key]=value`
    /// when `deep` (`deepObject`); `None` when no property is there.
    pub fn object<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        deep: bool,
        keys: &[&str],
    ) -> Result<Option<T>, Rejection> {
        let pairs: Vec<(&str, &str)> = self
            .0
            .iter()
            .filter_map(|(key, value)| {
                let key =
                    if deep { key.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')? } else { key.as_str() };
                (deep || keys.contains(&key)).then_some((key, value.as_str()))
            })
            .collect();
        if pairs.is_empty() {
            return Ok(None);
        }
        object_from_pairs(name, &pairs).map(Some)
    }

    /// A list: the items of every `name=item` pair when `joined_by` is
    /// `None` (`style: form`, `explode: true`), else of the last pair's value
    /// split on it (`fields=id,email`); empty items are dropped.
    pub fn list<T: FromStr>(&self, name: &str, joined_by: Option<char>) -> Result<Option<Vec<T>>, Rejection>
    where
        T::Err: Display,
    {
        let items: Vec<&str> = match joined_by {
            None => self.0.iter().filter(|(key, _)| key == name).map(|(_, value)| value.as_str()).collect(),
            Some(separator) => match self.value(name) {
                Some(raw) => raw.split(separator).collect(),
                None => return Ok(None),
            },
        };
        if items.is_empty() {
            return Ok(None);
        }
        items
            .into_iter()
            .filter(|item| !item.is_empty())
            .map(|item| parse_field(name, item))
            .collect::<Result<_, _>>()
            .map(Some)
    }
}

fn parse_field<T: FromStr>(name: &str, raw: &str) -> Result<T, Rejection>
where
    T::Err: Display,
{
    raw.parse().map_err(|error| Rejection::field(name, format!("Invalid value {raw:?}: {error}")))
}

/// An object from its properties' `key=value` text pairs, each property
/// read as its type.
fn object_from_pairs<T: serde::de::DeserializeOwned>(
    name: &str,
    pairs: &impl serde::Serialize,
) -> Result<T, Rejection> {
    let encoded = serde_urlencoded::to_string(pairs).map_err(|error| Rejection::field(name, error.to_string()))?;
    serde_urlencoded::from_str(&encoded).map_err(|error| Rejection::field(name, error.to_string()))
}

/// Undoes `%XX` escapes; `None` for a bad escape or text that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The items of a styled value, still escaped: the delimiters of the
/// expansion split it before anything is decoded, so an item may hold an
/// escaped `,`. Matrix items carry `name=` unless they are an exploded
/// object's `key=value` pairs.
fn expanded_items<'a>(
    text: &'a str,
    name: &str,
    expansion: Expansion,
    explode: bool,
    object: bool,
) -> Option<Vec<&'a str>> {
    let items: Vec<&str> = match expansion {
        Expansion::Simple => text.split(',').collect(),
        Expansion::Label => text.strip_prefix('.')?.split(if explode { '.' } else { ',' }).collect(),
        Expansion::Matrix if explode && object => text.strip_prefix(';')?.split(';').collect(),
        Expansion::Matrix if explode => text
            .strip_prefix(';')?
            .split(';')
            .map(|item| item.strip_prefix(name)?.strip_prefix('='))
            .collect::<Option<_>>()?,
        Expansion::Matrix => match text.strip_prefix(';')?.strip_prefix(name)? {
            "" => Vec::new(),
            rest => rest.strip_prefix('=')?.split(',').collect(),
        },
    };
    Some(items.into_iter().filter(|item| !item.is_empty()).collect())
}

/// An object's properties from its styled items: `key=value` each when
/// exploded, else keys and values in turn (`role,admin,name,Alex`).
fn expanded_pairs(items: &[&str], explode: bool) -> Option<Vec<(String, String)>> {
    if explode {
        items
            .iter()
            .map(|item| {
                let (key, value) = item.split_once('=')?;
                Some((percent_decode(key)?, percent_decode(value)?))
            })
            .collect()
    } else if items.len() % 2 == 0 {
        items.chunks(2).map(|pair| Some((percent_decode(pair[0])?, percent_decode(pair[1])?))).collect()
    } else {
        None
    }
}

/// A path that names no resource: a path parameter of the wrong type too.
fn no_resource() -> Rejection {
    Rejection::detail(StatusCode::NOT_FOUND, "Not found.")
}

/// The path segment at `index` as it came, still escaped (the router
/// matched it; nested routers see the path below their prefix).
fn raw_segment(uri: &Uri, index: usize) -> Result<&str, Rejection> {
    uri.path().split('/').nth(index + 1).ok_or_else(no_resource)
}

/// A scalar path parameter in `label` (`.5`) or `matrix` (`;id=5`) style.
pub fn path_scalar<T: FromStr>(uri: &Uri, index: usize, name: &str, expansion: Expansion) -> Result<T, Rejection> {
    let raw = raw_segment(uri, index)?;
    let value = match expansion {
        Expansion::Simple => Some(raw),
        Expansion::Label => raw.strip_prefix('.'),
        Expansion::Matrix => raw.strip_prefix(';').and_then(|rest| rest.strip_prefix(name)?.strip_prefix('=')),
    };
    value.and_then(percent_decode).and_then(|text| text.parse().ok()).ok_or_else(no_resource)
}

/// A list path parameter in its style; an item of the wrong type matches no resource.
pub fn path_list<T: FromStr>(
    uri: &Uri,
    index: usize,
    name: &str,
    expansion: Expansion,
    explode: bool,
) -> Result<Vec<T>, Rejection> {
    let items = expanded_items(raw_segment(uri, index)?, name, expansion, explode, false).ok_or_else(no_resource)?;
    items
        .into_iter()
        .map(|item| percent_decode(item).and_then(|text| text.parse().ok()).ok_or_else(no_resource))
        .collect()
}

/// An object path parameter in its style (`role,admin`, `role=admin`, `;role=admin`...).
pub fn path_object<T: serde::de::DeserializeOwned>(
    uri: &Uri,
    index: usize,
    name: &str,
    expansion: Expansion,
    explode: bool,
) -> Result<T, Rejection> {
    let items = expanded_items(raw_segment(uri, index)?, name, expansion, explode, true).ok_or_else(no_resource)?;
    let pairs = expanded_pairs(&items, explode).ok_or_else(no_resource)?;
    object_from_pairs(name, &pairs).map_err(|_| no_resource())
}

/// An object header (`style: simple`): `role,admin,name,Alex`, or
/// `role=admin,name=Alex` exploded.
pub fn header_object<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    name: &str,
    explode: bool,
) -> Result<Option<T>, Rejection> {
    let Some(text) = header::<String>(headers, name)? else {
        return Ok(None);
    };
    let items: Vec<&str> = text.split(',').map(str::trim).filter(|item| !item.is_empty()).collect();
    let pairs = expanded_pairs(&items, explode)
        .ok_or_else(|| Rejection::field(name, format!("Invalid value {text:?}: not the properties of an object")))?;
    object_from_pairs(name, &pairs).map(Some)
}

/// The segments the route matched for its parameters, raw (still escaped);
/// segments that do not read match no resource: 404.
///
/// axum's extractor is async in name only: it reads what the router left
/// in the request's extensions, so one poll has its answer. Taking it here
/// rather than awaiting it in every handler spares each handler's state
/// machine a state (rustc: 4 M instructions less per handler, 3.6 % of
/// checking Linode's server, counted with `.ci/rustc-cost`). A future
/// that did wait would find no parameters: 404, which the path tests see.
pub fn path_params(parts: &mut Parts) -> Result<axum::extract::RawPathParams, Rejection> {
    use axum::extract::FromRequestParts as _;
    use std::future::Future as _;
    use std::task::{Context, Poll, Waker};
    let extracting = std::pin::pin!(axum::extract::RawPathParams::from_request_parts(parts, &()));
    match extracting.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(Ok(params)) => Ok(params),
        Poll::Ready(Err(_)) | Poll::Pending => Err(no_resource()),
    }
}

/// A path parameter; a value of the wrong type matches no resource: 404.
pub fn path<T: FromStr>(params: &axum::extract::RawPathParams, name: &str) -> Result<T, Rejection> {
    params.iter().find(|(key, _)| *key == name).and_then(|(_, value)| value.parse().ok()).ok_or_else(no_resource)
}

/// A part of a path segment that holds more than one parameter, or text
/// around one: `{id}.json` is `[Parameter("id"), Literal(".json")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Literal(&'static str),
    Parameter(&'static str),
}

/// The parameter `name` from the path segment `segment` (routed as a whole),
/// cut along `pieces`: each literal must stand where the template puts it;
/// a parameter takes the text up to the next literal. Anything else is 404.
pub fn path_piece<T: FromStr>(
    params: &axum::extract::RawPathParams,
    segment: &str,
    pieces: &[Piece],
    name: &str,
) -> Result<T, Rejection> {
    let not_found = no_resource;
    let mut rest = params.iter().find(|(key, _)| *key == segment).map(|(_, value)| value).ok_or_else(not_found)?;
    for (index, piece) in pieces.iter().enumerate() {
        match *piece {
            Piece::Literal(text) => rest = rest.strip_prefix(text).ok_or_else(not_found)?,
            Piece::Parameter(parameter) => {
                let end = match pieces.get(index + 1) {
                    Some(Piece::Literal(next)) => rest.get(1..).and_then(|tail| tail.find(next)).map(|i| i + 1),
                    _ => Some(rest.len()),
                }
                .ok_or_else(not_found)?;
                if parameter == name {
                    return rest[..end].parse().map_err(|_| not_found());
                }
                rest = &rest[end..];
            }
        }
    }
    Err(not_found())
}

/// An optional header parameter.
pub fn header<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Rejection>
where
    T::Err: Display,
{
    match headers.get(name) {
        None => Ok(None),
        Some(value) => {
            let text = value.to_str().map_err(|_| Rejection::field(name, "Header value is not visible ASCII."))?;
            parse_field(name, text).map(Some)
        }
    }
}

/// A header described by JSON `content`: its value is JSON text.
pub fn header_json<T: serde::de::DeserializeOwned>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Rejection> {
    header::<String>(headers, name)?.map(|text| parse_json(name, &text)).transpose()
}

fn parse_json<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, Rejection> {
    serde_json::from_str(text).map_err(|error| Rejection::field(name, format!("Invalid JSON value: {error}")))
}

/// A header that is a comma-separated list (`style: simple`).
pub fn header_list<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<Vec<T>>, Rejection>
where
    T::Err: Display,
{
    let Some(text) = header::<String>(headers, name)? else {
        return Ok(None);
    };
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| parse_field(name, item))
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A cookie parameter, parsed.
pub fn cookie_param<T: FromStr>(headers: &HeaderMap, name: &str) -> Result<Option<T>, Rejection>
where
    T::Err: Display,
{
    cookie(headers, name).map(|text| parse_field(name, &text)).transpose()
}

/// The `Authorization` header split into scheme and rest: `("Basic", "dXNlcjpwYXNz")`.
pub fn authorization(headers: &HeaderMap) -> Option<(&str, &str)> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = value.trim().split_once(' ')?;
    Some((scheme, rest.trim()))
}

/// A query parameter's value, for an API key sent in the query; the last
/// occurrence wins, as for parameters.
pub fn query_value(uri: &Uri, name: &str) -> Option<String> {
    let query = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri).ok()?;
    query.0.into_iter().rev().find(|(key, _)| key == name).map(|(_, value)| value)
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Decodes HTTP Basic credentials: `user:password` in base64.
pub fn basic(encoded: &str) -> Option<(String, String)> {
    let bytes = crate::support::Base64::decode(encoded).ok()?.0;
    let text = String::from_utf8(bytes).ok()?;
    let (username, password) = text.split_once(':')?;
    Some((username.to_owned(), password.to_owned()))
}

/// A documented response with a JSON body, of its media type (`application/json`, `…+json`).
pub fn respond_json_as<B: serde::Serialize>(
    status: u16,
    content_type: &str,
    body: &B,
    headers: &[(&'static str, Option<String>)],
) -> Response {
    respond_encoded(status, content_type, crate::support::json_bytes(body), headers)
}

/// How a documented response's body of type `T` is written, by the way it
/// travels (see [`crate::support::media`]); for [`crate::support::responses!`].
pub trait WriteBody<T> {
    fn respond(status: u16, media: &str, body: T, headers: &[(&'static str, Option<String>)]) -> Response;
}

impl<T: serde::Serialize> WriteBody<T> for crate::support::media::Json {
    fn respond(status: u16, media: &str, body: T, headers: &[(&'static str, Option<String>)]) -> Response {
        respond_json_as(status, media, &body, headers)
    }
}

impl WriteBody<String> for crate::support::media::Text {
    fn respond(status: u16, media: &str, body: String, headers: &[(&'static str, Option<String>)]) -> Response {
        respond_raw(status, media, body.into_bytes(), headers)
    }
}

impl WriteBody<Vec<u8>> for crate::support::media::Bytes {
    fn respond(status: u16, media: &str, body: Vec<u8>, headers: &[(&'static str, Option<String>)]) -> Response {
        respond_raw(status, media, body, headers)
    }
}

/// A multipart body goes as it is, with its own `Content-Type` (and boundary).
impl WriteBody<crate::support::RawBody> for crate::support::media::Multipart {
    fn respond(
        status: u16,
        _media: &str,
        body: crate::support::RawBody,
        headers: &[(&'static str, Option<String>)],
    ) -> Response {
        respond_raw(status, &body.content_type, body.bytes, headers)
    }
}

/// A response with a body `respond_json_as` encoded, or a 500 if it did not encode.
fn respond_encoded(
    status: u16,
    content_type: &str,
    encoded: Result<Vec<u8>, serde_json::Error>,
    headers: &[(&'static str, Option<String>)],
) -> Response {
    match encoded {
        Ok(bytes) => respond_raw(status, content_type, bytes, headers),
        Err(error) => internal_error(format!("the response body does not serialise: {error}")),
    }
}

/// A documented response without a body: status and headers.
pub fn respond_head(status: u16, headers: &[(&'static str, Option<String>)]) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = status.into_response();
    // An optional header the handler left out is `None`.
    for (name, value) in headers.iter().filter_map(|(name, value)| Some((name, value.as_deref()?))) {
        match HeaderValue::from_str(value) {
            Ok(value) => {
                response.headers_mut().insert(*name, value);
            }
            Err(_) => return internal_error(format!("the handler set an invalid `{name}` header value {value:?}")),
        }
    }
    response
}

/// A documented response whose body is not JSON: status, `Content-Type`, bytes, headers.
pub fn respond_raw(
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    headers: &[(&'static str, Option<String>)],
) -> Response {
    let mut response = respond_head(status, headers);
    match HeaderValue::from_str(content_type) {
        Ok(value) => {
            response.headers_mut().insert(CONTENT_TYPE, value);
        }
        Err(_) => return internal_error(format!("the handler set an invalid Content-Type {content_type:?}")),
    }
    *response.body_mut() = Body::from(body);
    response
}

/// A handler's answer: the response its `Api` method gave, or a 500 for
/// the method's error.
pub fn answer<R: IntoResponse, E: Display>(result: Result<R, E>) -> Response {
    match result {
        Ok(response) => response.into_response(),
        Err(error) => internal_error(error),
    }
}

/// Keeps only `fields` in a successful JSON response: in the object itself,
/// or in each item of its `results` list (a page). Unknown names are ignored;
/// no name (`?fields=`) keeps every field.
pub async fn sparse_fieldset(response: Response, fields: Option<&[String]>) -> Response {
    let Some(fields) = crate::support::fieldset(fields) else { return response };
    if !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => return internal_error(format!("cannot read the response body: {error}")),
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let keep = |object: &mut serde_json::Map<String, Value>| object.retain(|key, _| fields.iter().any(|f| f == key));
    if let Some(Value::Array(items)) = value.get_mut("results") {
        items.iter_mut().filter_map(Value::as_object_mut).for_each(keep);
    } else if let Some(object) = value.as_object_mut() {
        keep(object);
    }
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(serde_json::to_vec(&value).unwrap_or_default()))
}

/// 405 with the `Allow` header.
pub fn method_not_allowed(method: &axum::http::Method, allow: &'static str) -> Response {
    let mut response =
        Rejection::detail(StatusCode::METHOD_NOT_ALLOWED, format!("Method \"{method}\" not allowed.")).into_response();
    response.headers_mut().insert(ALLOW, HeaderValue::from_static(allow));
    response
}

/// 404 for paths the spec does not describe.
pub fn not_found() -> Response {
    no_resource().into_response()
}

/// 500 with a JSON body; the cause is logged to stderr, not sent.
pub fn internal_error(error: impl Display) -> Response {
    eprintln!("error: handler failed: {error}");
    Rejection::detail(StatusCode::INTERNAL_SERVER_ERROR, "A server error occurred.").into_response()
}
