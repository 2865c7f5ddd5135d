//! What a call can fail with.

use std::fmt;

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
    /// A pager's answer that is not a page (a documented error), as its
    /// response's `Debug`: walk with `next_page` to have it typed.
    NotAPage(String),
    /// A request hook (`Client::on_request`) stopped the request.
    Hook(super::HookError),
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
            ClientError::NotAPage(answer) => write!(f, "a page was expected, the answer is {answer}"),
            ClientError::Hook(error) => write!(f, "a request hook stopped the request: {error}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Transport(error) => Some(error),
            ClientError::Hook(error) => Some(error.as_ref()),
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
