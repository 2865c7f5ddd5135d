//! Decoding an answer into the typed response enums: bodies by media
//! kind, headers, and where in the JSON a body failed to read.

use super::ClientError;
use std::fmt;

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
    /// An answer of events, left unread for its reader to stream, and how
    /// to ask for it again if its connection drops.
    unread: std::sync::Mutex<Option<(reqwest::Response, Option<super::Resend>)>>,
}

impl Answer {
    /// An answer whose body was read.
    pub fn new(status: u16, headers: reqwest::header::HeaderMap, body: Vec<u8>) -> Self {
        Self { status, headers, body, unread: std::sync::Mutex::new(None) }
    }

    /// An answer whose body is left to be streamed.
    pub fn unread(response: reqwest::Response, resend: Option<super::Resend>) -> Self {
        let (status, headers) = (response.status().as_u16(), response.headers().clone());
        Self { status, headers, body: Vec::new(), unread: std::sync::Mutex::new(Some((response, resend))) }
    }

    /// The response whose body is still to be read, once.
    pub fn take_unread(&self) -> Option<(reqwest::Response, Option<super::Resend>)> {
        self.unread.lock().ok()?.take()
    }

    /// The error for a status the operation does not document, with the body.
    pub fn undocumented(&self) -> ClientError {
        ClientError::UndocumentedStatus { status: self.status, body: self.body.clone() }
    }

    /// The error for a body that does not read as its type, with its path.
    fn invalid_body(
        &self,
        error: &serde_json::Error,
        read_again: fn(&[u8]) -> Option<serde_json::Error>,
    ) -> ClientError {
        let path = crate::support::error_path(&self.body, error, read_again);
        ClientError::InvalidBody { status: self.status, path, message: error.to_string() }
    }
}

/// The body of a documented answer as `T`, or where it breaks the schema.
/// Read by serde_json alone: the path of an error is found afterwards from
/// its line and column ([`crate::support::error_path`]), so that no type's
/// reader is compiled a second time for a path-tracking deserializer.
pub fn body<T: serde::de::DeserializeOwned>(answer: &Answer) -> Result<T, ClientError> {
    let mut deserializer = serde_json::Deserializer::from_slice(&answer.body);
    // A `match` and a plain function, not a `map_err` closure: a closure
    // in a generic function is compiled again for every `T`.
    match T::deserialize(&mut deserializer) {
        Ok(value) => Ok(value),
        Err(error) => Err(answer.invalid_body(&error, crate::support::read_error::<T>)),
    }
}

pub use crate::support::path_at;

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
    text.parse().map(Some).map_err(|error: T::Err| invalid(format!("{text:?}: {error}")))
}
