//! Request bodies: read whole up to a limit, by their media type (JSON,
//! text, bytes), into the operation's type.

use super::{BodyError, Refusal, Rejection};
use crate::support::{error_path, message, path_at, read_error};
use axum::body::Bytes;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, TRANSFER_ENCODING};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;
use std::collections::BTreeMap;

/// The size limit of a request body read whole, unless the router sets
/// its own with axum's `DefaultBodyLimit` (`router(api).layer(
/// DefaultBodyLimit::max(n))`, or `disable()`): axum's default, 2 MB.
/// Larger bodies are answered 413.
pub const BODY_LIMIT: usize = 2_097_152;

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
    // Read from the bytes `{}`, by the reader `json` compiles for `T` anyway.
    let empty = Value::Object(serde_json::Map::new());
    match serde_json::from_slice::<T>(b"{}") {
        Err(error) => body_error(&path_at(b"{}", &error), message(&error), empty),
        Ok(_) => BodyError { value: empty, ..BodyError::missing() },
    }
}

/// A request's body left unread for an operation that takes it as a
/// stream, kept in the request's extensions until the operation takes it.
#[derive(Clone)]
pub struct UnreadBody(pub std::sync::Arc<std::sync::Mutex<Option<axum::body::Body>>>);

/// How an operation takes its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// No body: it is not read.
    Nothing,
    /// Read whole, up to the router's size limit ([`BODY_LIMIT`] unless set).
    Whole,
    /// Left unread, for the operation to take as a stream (a binary body).
    Stream,
}

/// The head of a request and, where its operation takes a body whole, the
/// body (413 over the router's size limit). A body taken as a stream is
/// left in the head's extensions, under the same limit.
pub async fn incoming(request: axum::extract::Request, takes: Takes) -> Result<(Parts, Bytes), Rejection> {
    use axum::RequestExt;
    let (mut parts, body) = request.with_limited_body().into_parts();
    if takes == Takes::Nothing || body_absent(&parts.headers) {
        return Ok((parts, Bytes::new()));
    }
    if takes == Takes::Stream {
        let unread = std::sync::Arc::new(std::sync::Mutex::new(Some(body)));
        parts.extensions.insert(UnreadBody(unread));
        return Ok((parts, Bytes::new()));
    }
    match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => Ok((parts, bytes)),
        Err(error) => Err(unreadable_body(error.into_inner())),
    }
}

/// Why a request's body could not be read: 413 over the router's size
/// limit, 400 for a body that broke off.
pub fn unreadable_body(error: Box<dyn std::error::Error + Send + Sync>) -> Rejection {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&*error);
    while let Some(error) = cause {
        if error.is::<http_body_util::LengthLimitError>() {
            return Rejection::detail(StatusCode::PAYLOAD_TOO_LARGE, "Request body is over this server's size limit.");
        }
        cause = error.source();
    }
    Rejection::detail(StatusCode::BAD_REQUEST, format!("Request body could not be read: {error}."))
}

/// Reads a JSON body of type `T`, sent as `declared` (`application/json`,
/// or a `…+json` type). Refused with a rejection of its own when it is not
/// of the media type or not JSON, or not an object where the schema is
/// one; as a [`Refusal::InvalidBody`] when the operation's type refuses it.
///
/// `T` is read straight from the bytes, by the reader the client's answers
/// use too; only a refusal parses the body again, for its words.
pub fn json<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    declared: &str,
    object: bool,
) -> Result<T, Refusal> {
    media_type(headers, declared)?;
    if object && !starts_an_object(body) {
        return Err(refused_json(body, true, None, read_error::<T>));
    }
    // A `match` and plain functions, not a `map_err` closure: a closure in
    // a generic function is compiled again for every `T`.
    match serde_json::from_slice::<T>(body) {
        Ok(value) => Ok(value),
        Err(error) => Err(refused_json(body, object, Some(error), read_error::<T>)),
    }
}

/// The refusal of a JSON body: 400 if it is not JSON (serde_json refuses
/// invalid UTF-8 and nesting deeper than 128 levels) or not an object
/// where one is wanted, else the type's `error` at its field; `read_again`
/// reads the type from other bytes (see [`error_path`]).
fn refused_json(
    body: &[u8],
    object: bool,
    error: Option<serde_json::Error>,
    read_again: fn(&[u8]) -> Option<serde_json::Error>,
) -> Refusal {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => return Rejection::detail(StatusCode::BAD_REQUEST, format!("JSON parse error - {error}")).into(),
    };
    let got = match &value {
        Value::Object(_) => None,
        Value::Array(_) => Some("list"),
        Value::String(_) => Some("str"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("bool"),
        Value::Null => Some("null"),
    };
    let error = match (error, got) {
        (Some(error), got) if got.is_none() || !object => error,
        _ => {
            let message = format!("Invalid data. Expected a dictionary, but got {}.", got.unwrap_or("null"));
            return Rejection::field("non_field_errors", message).into();
        }
    };
    let path = error_path(body, &error, read_again);
    Refusal::InvalidBody(body_error(&path, message(&error), value))
}

/// Whether the first character of `body` that is not white space is `{`.
/// Not in the generic [`json`], where each type would compile it again.
fn starts_an_object(body: &[u8]) -> bool {
    body.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{')
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

/// A `text/…` body of a scalar type (a checked string, a number, an
/// enum), read from its text; refused as [`Refusal::InvalidBody`] when
/// the text is not of the type.
pub fn text_value<T: std::str::FromStr>(headers: &HeaderMap, body: &[u8], declared: &str) -> Result<T, Refusal>
where
    T::Err: std::fmt::Display,
{
    let text = text(headers, body, declared)?;
    text.parse().map_err(|error: T::Err| {
        let fields = BTreeMap::from([("non_field_errors".to_owned(), vec![error.to_string()])]);
        Refusal::InvalidBody(BodyError { value: Value::String(text), fields })
    })
}

/// The request's `Content-Type`, when it is of the `declared` media type; 415 otherwise.
pub(super) fn media_type(headers: &HeaderMap, declared: &str) -> Result<String, Rejection> {
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

/// Reads `value` as `T`, turning serde's error into DRF's field map: for
/// a handler that reads part of a body itself (AWX's reference server).
pub fn typed<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, BodyError> {
    typed_with(&value, || value.clone())
}

/// Reads `T` from `deserializer`, turning serde's error into DRF's field
/// map; `sent` is the value as JSON, for the error.
pub(super) fn typed_with<'de, D, T>(deserializer: D, sent: impl FnOnce() -> Value) -> Result<T, BodyError>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    match serde_path_to_error::deserialize::<_, T>(deserializer) {
        Ok(parsed) => Ok(parsed),
        Err(error) => Err(body_error(&error.path().to_string(), error.inner().to_string(), sent())),
    }
}

/// serde's error about the value at `path` of the body `sent`, as DRF's
/// field map: the top key the path starts with (`non_field_errors` for
/// the body itself), and "This field is required." for a missing key.
fn body_error(path: &str, message: String, sent: Value) -> BodyError {
    let (field, message) = match message.strip_prefix("missing field `").and_then(|rest| rest.split_once('`')) {
        Some((name, _)) => (name.to_owned(), "This field is required.".to_owned()),
        None if path == "." => ("non_field_errors".to_owned(), message),
        None => (path.split(['.', '[']).next().unwrap_or(path).to_owned(), message),
    };
    BodyError { value: sent, fields: BTreeMap::from([(field, vec![message])]) }
}
