//! Run-time support for the generated mocks (`<api>::mock`, the `mock`
//! feature): each operation answers a value of its documented response,
//! the spec's example or one built from its schema, read as a request is.

use crate::support::server::{HandlerError, Rejection};

/// The first of `candidates` (JSON texts: the spec's examples, then values
/// built from the schema) that reads as `T` as strictly as a server reads
/// a request, so an example that breaks its schema is passed over; else
/// an error naming `subject` and why each was refused (answered as a 500).
pub fn sample<T: serde::de::DeserializeOwned>(subject: &'static str, candidates: &[&str]) -> Result<T, HandlerError> {
    let mut reasons = Vec::new();
    for candidate in candidates {
        match crate::support::strictly(|| serde_json::from_str::<T>(candidate)) {
            Ok(value) => return Ok(value),
            Err(error) => reasons.push(error.to_string()),
        }
    }
    Err(format!("the mock has no value of {subject} that reads: {}", reasons.join("; ")).into())
}

/// A documented answer of an operation: its statuses (`low..=high`: one
/// code, a class such as `4XX`, or any error for `default`) and its body
/// given the server's own.
pub type Documented = (u16, u16, fn(&serde_json::Value) -> ErrorBody);

/// The body an error is documented with.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorBody {
    /// JSON of its type in this media type (`application/problem+json`):
    /// the server's own body where it reads as one, else a value of it
    /// ([`json`]), if any.
    Json(&'static str, Option<serde_json::Value>),
    /// Text of this media type: the server's message.
    Text(&'static str),
}

/// `rejection` (the server's refusal of a request) in the shape the
/// operation documents for its status (the most specific of `documented`):
/// its own body where that reads as the documented type, else a value of
/// that type, with its own body in an `X-Mock-Refusal` header; its message
/// where the error is text. A mock answers even its refusals as the spec says.
pub fn documented(mut rejection: Rejection, documented: &[Documented]) -> Rejection {
    let status = rejection.status.as_u16();
    let shape = documented.iter().find(|(low, high, _)| (*low..=*high).contains(&status));
    let body = match shape.map(|(_, _, body)| body(&rejection.body)) {
        Some(ErrorBody::Json(media, body)) => {
            if media != "application/json" {
                rejection = rejection.with_header(axum::http::header::CONTENT_TYPE, media);
            }
            body
        }
        Some(ErrorBody::Text(media)) => {
            let message = match rejection.body.get("detail") {
                Some(serde_json::Value::String(detail)) => detail.clone(),
                _ => rejection.body.to_string(),
            };
            let mut text = Rejection::text(rejection.status, media, message);
            text.headers.extend(rejection.headers);
            return text;
        }
        None => None,
    };
    if let Some(body) = body {
        if body != rejection.body {
            // The server's own words stay in sight: why it refused.
            let reason: String = rejection
                .body
                .to_string()
                .chars()
                .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '?' })
                .collect();
            if let Ok(reason) = axum::http::HeaderValue::from_str(&reason) {
                rejection.headers.push((axum::http::HeaderName::from_static("x-mock-refusal"), reason));
            }
        }
        rejection.body = body;
    }
    rejection
}

/// The body of type `T`: `own` where it reads as one, strictly, else the
/// first of `candidates` that does, as JSON again.
pub fn json<T: serde::de::DeserializeOwned + serde::Serialize>(
    own: &serde_json::Value,
    candidates: &[&str],
) -> Option<serde_json::Value> {
    if crate::support::strictly(|| T::deserialize(own)).is_ok() {
        return Some(own.clone());
    }
    let value = candidates
        .iter()
        .find_map(|candidate| crate::support::strictly(|| serde_json::from_str::<T>(candidate)).ok())?;
    serde_json::to_value(value).ok()
}

/// An operation's answer, built now: `answer(|| Ok(Response::Ok(sample(..)?)))`.
pub fn answer<T>(build: impl FnOnce() -> Result<T, HandlerError>) -> std::future::Ready<Result<T, HandlerError>> {
    std::future::ready(build())
}

/// Serves `router` on `address` (`"127.0.0.1:4010"`) until the process ends.
pub async fn serve(address: &str, router: axum::Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    axum::serve(listener, router).await
}
