//! Refusing a request: a 4xx with a JSON body in Django REST Framework's
//! shapes (or text, where a spec says so), and the errors of reading a body.

use axum::http::header::{HeaderName, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::BTreeMap;

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

    /// A body of text in another media type than JSON (`text/plain`), for a
    /// spec whose errors are text: sent as it is, with that `Content-Type`.
    pub fn text(status: StatusCode, content_type: &str, text: impl Into<String>) -> Self {
        Self { status, body: Value::String(text.into()), headers: Vec::new() }
            .with_header(axum::http::header::CONTENT_TYPE, content_type)
    }

    /// Adds a header; a value that is not a valid header value is left out.
    pub fn with_header(mut self, name: HeaderName, value: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(value) {
            self.headers.push((name, value));
        }
        self
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "request refused with {}: {}", self.status, self.body)
    }
}

impl std::error::Error for Rejection {}

impl IntoResponse for Rejection {
    /// The body as JSON; a text body with a `Content-Type` of its own
    /// ([`Rejection::text`]) as that text.
    fn into_response(self) -> Response {
        let typed = self.headers.iter().any(|(name, _)| name == axum::http::header::CONTENT_TYPE);
        let mut response = match self.body {
            Value::String(text) if typed => (self.status, text).into_response(),
            body => (self.status, axum::Json(body)).into_response(),
        };
        for (name, value) in self.headers {
            if name == axum::http::header::CONTENT_TYPE {
                response.headers_mut().insert(name, value);
            } else {
                response.headers_mut().append(name, value);
            }
        }
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

impl From<BodyError> for Rejection {
    fn from(error: BodyError) -> Self {
        Rejection { status: StatusCode::BAD_REQUEST, body: serde_json::json!(error.fields), headers: Vec::new() }
    }
}
