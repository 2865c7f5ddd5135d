//! Run-time support for the generated axum servers: every input is parsed
//! and checked before a handler runs, and every rejection is a 4xx with a
//! JSON body in Django REST Framework's shapes: `{"field": ["message"]}`
//! for field errors, `{"detail": "message"}` otherwise.

pub use self::answers::*;
pub use self::bodies::*;
pub use self::form::*;
pub use self::parameters::*;
pub use self::query::*;
pub use self::rejection::*;
pub use self::routing::*;
pub use self::urlencoded::*;
pub use crate::support::{Expansion, FormStyle};
pub use axum::body::Bytes;
pub use axum::http::request::Parts;
pub use axum::response::{IntoResponse, Response};

/// What a handler returns when it fails in a way the spec does not
/// document: answered with a JSON 500 and logged.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync>;
