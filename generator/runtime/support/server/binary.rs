//! Binary bodies on the server: a request's body handed to the handler as
//! a stream (under the router's size limit), and a binary answer sent as
//! its handler's stream.

use super::{respond_head, Rejection};
use crate::support::binary::{Binary, BinaryError};
use axum::body::{Body, BodyDataStream, Bytes};
use axum::http::header::{HeaderValue, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::response::Response;
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A binary request body of the `declared` media type (`image/*` and `*/*`
/// match a family or anything), as a stream of its chunks: 415 for
/// another media type. A chunk over the router's size limit (axum's
/// `DefaultBodyLimit`) is an error the handler returns as it is: the
/// request is then answered 413.
pub fn request_body(parts: &mut Parts, declared: &str) -> Result<Binary, Rejection> {
    super::media_type(&parts.headers, declared)?;
    let body = parts.extensions.remove::<super::UnreadBody>().and_then(|unread| unread.0.lock().ok()?.take());
    Ok(match body {
        Some(body) => Binary::from_stream(Chunks(body.into_data_stream())),
        None => Binary::default(),
    })
}

/// A request body's chunks, whose errors are the request's refusal: 413
/// over the size limit, 400 for a body that broke off.
struct Chunks(BodyDataStream);

impl Stream for Chunks {
    type Item = Result<Bytes, BinaryError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.0).poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map_err(refused)))
    }
}

/// Why a request's body could not be read, as its refusal.
fn refused(error: axum::Error) -> BinaryError {
    BinaryError::new(super::unreadable_body(error.into_inner()))
}

/// A binary answer: its bytes, or its stream sent as it comes (an error
/// in the stream breaks the answer off).
impl super::WriteBody<Binary> for crate::support::media::Bytes {
    fn respond(status: u16, media: &str, body: Binary, headers: &[(&'static str, Option<String>)]) -> Response {
        let mut response = respond_head(status, headers);
        match HeaderValue::from_str(media) {
            Ok(value) => {
                response.headers_mut().insert(CONTENT_TYPE, value);
            }
            Err(_) => return super::internal_error(format!("the handler set an invalid Content-Type {media:?}")),
        }
        *response.body_mut() = match body.into_bytes() {
            Ok(bytes) => Body::from(bytes),
            Err(stream) => Body::from_stream(stream),
        };
        response
    }
}
