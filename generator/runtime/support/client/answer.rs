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
    fn invalid_body(&self, error: &serde_json::Error) -> ClientError {
        ClientError::InvalidBody { status: self.status, path: path_at(&self.body, error), message: error.to_string() }
    }
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
