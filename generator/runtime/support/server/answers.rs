//! Answers: a response enum's variant as status, headers and body, and the
//! answers the server gives on its own (404, 405, 500).

use super::parameters::no_resource;
use super::{HandlerError, Rejection};
use axum::body::Body;
use axum::http::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::fmt::Display;

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

/// A handler's answer: the response its `Api` method gave, a 501 for an
/// operation the `Api` does not implement, or a 500 for the method's error.
pub fn answer<R: IntoResponse>(result: Result<R, HandlerError>) -> Response {
    match result {
        Ok(response) => response.into_response(),
        Err(error) => failed(error),
    }
}

/// The answer to a handler's error; not generic, as [`answer`] is
/// compiled once per operation.
fn failed(error: HandlerError) -> Response {
    if let Some(missing) = error.downcast_ref::<NotImplemented>() {
        return Rejection::detail(StatusCode::NOT_IMPLEMENTED, missing.to_string()).into_response();
    }
    // An error the request caused (its streamed body over the size
    // limit, or broken off) is the request's refusal.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&*error);
    while let Some(error) = cause {
        if let Some(rejection) = error.downcast_ref::<Rejection>() {
            return rejection.clone().into_response();
        }
        cause = error.source();
    }
    internal_error(error)
}

/// The error of an `Api` method left to its default: the operation is not
/// implemented, answered 501 with `{"detail": "..."}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotImplemented {
    /// The `Api` method's name.
    pub operation: &'static str,
}

impl Display for NotImplemented {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "The operation `{}` is not implemented.", self.operation)
    }
}

impl std::error::Error for NotImplemented {}

/// What an `Api` method answers by default: [`NotImplemented`], so an
/// implementation writes only the operations it serves.
pub fn not_implemented<T>(operation: &'static str) -> std::future::Ready<Result<T, HandlerError>> {
    std::future::ready(Err(Box::new(NotImplemented { operation })))
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
pub fn method_not_allowed(method: &axum::http::Method, allow: &str) -> Response {
    let mut response =
        Rejection::detail(StatusCode::METHOD_NOT_ALLOWED, format!("Method \"{method}\" not allowed.")).into_response();
    if let Ok(allow) = HeaderValue::from_str(allow) {
        response.headers_mut().insert(ALLOW, allow);
    }
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
