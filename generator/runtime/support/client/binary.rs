//! Binary bodies on the client: an upload sent from its stream as it
//! comes, a download read as it arrives.

use super::{Answer, ClientError, ReadBody, Request};
use crate::support::binary::{Binary, BinaryError};
use bytes::Bytes;
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A binary answer: its body as a stream where the client left it unread
/// (the operation's method does so for its binary answers), else the bytes read.
impl ReadBody<Binary> for crate::support::media::Bytes {
    fn read(answer: &Answer) -> Result<Binary, ClientError> {
        Ok(match answer.take_unread() {
            Some((response, _)) => Binary::from_stream(Chunks { response: Some(response), pending: None }),
            None => Binary::from(answer.body.clone()),
        })
    }
}

impl Request<'_> {
    /// A binary body, sent as it is with its media type: bytes held whole,
    /// or a stream sent as it comes (such a request is not retried).
    pub fn binary(self, media: &str, body: Option<Binary>) -> Self {
        let Some(body) = body else { return self };
        let media = media.to_owned();
        self.body_step(Box::new(move |request| {
            let body = match body.into_bytes() {
                Ok(bytes) => reqwest::Body::from(bytes),
                Err(stream) => reqwest::Body::wrap(Upload(sync_wrapper::SyncWrapper::new(stream))),
            };
            Ok(request.header(reqwest::header::CONTENT_TYPE, media).body(body))
        }))
    }
}

/// An upload's stream as an HTTP body (reqwest wants it `Sync`: the
/// wrapper grants that to what is only ever used through `&mut`).
struct Upload(sync_wrapper::SyncWrapper<Binary>);

impl http_body::Body for Upload {
    type Data = Bytes;
    type Error = BinaryError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BinaryError>>> {
        Pin::new(self.0.get_mut()).poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }
}

/// A download's chunks as they arrive; nothing after an error.
struct Chunks {
    response: Option<reqwest::Response>,
    pending: Option<Pin<Box<dyn std::future::Future<Output = Next> + Send>>>,
}

type Next = (reqwest::Response, Result<Option<Bytes>, reqwest::Error>);

impl Stream for Chunks {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.pending.is_none() {
            let Some(mut response) = self.response.take() else { return Poll::Ready(None) };
            self.pending = Some(Box::pin(async move {
                let chunk = response.chunk().await;
                (response, chunk)
            }));
        }
        let pending = self.pending.as_mut().expect("a chunk is awaited");
        let (response, chunk) = std::task::ready!(pending.as_mut().poll(cx));
        self.pending = None;
        Poll::Ready(match chunk {
            Ok(Some(chunk)) => {
                self.response = Some(response);
                Some(Ok(chunk))
            }
            Ok(None) => None,
            Err(error) => Some(Err(error)),
        })
    }
}
