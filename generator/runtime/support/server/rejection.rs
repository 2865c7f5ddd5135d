//! Refusing a request: a 4xx with a JSON body in Django REST Framework's
//! shapes, and the errors of reading a body.

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

impl From<BodyError> for Rejection {
    fn from(error: BodyError) -> Self {
        Rejection { status: StatusCode::BAD_REQUEST, body: serde_json::json!(error.fields), headers: Vec::new() }
    }
}
