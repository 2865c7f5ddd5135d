//! The file parts of a multipart form as the client sends them: bytes
//! held whole, or a stream sent as it is read.

use super::ClientError;
use crate::support::{FilePart, PartError, PartSource};
use bytes::Bytes;
use std::pin::Pin;
use std::task::{Context, Poll};

impl FilePart {
    /// The part of a multipart form this file is: its bytes, or its
    /// stream, which it gives up (a second request with it fails).
    pub fn to_multipart(&self) -> Result<reqwest::multipart::Part, ClientError> {
        let part = match &self.stream {
            Some(stream) => {
                let source = stream.take().ok_or_else(|| {
                    ClientError::InvalidRequest("a file part's stream was sent already: it is read once".to_owned())
                })?;
                reqwest::multipart::Part::stream(reqwest::Body::wrap(Upload(sync_wrapper::SyncWrapper::new(source))))
            }
            None => reqwest::multipart::Part::bytes(self.bytes.clone()),
        };
        let part = match &self.file_name {
            Some(name) => part.file_name(name.clone()),
            None => part,
        };
        match &self.content_type {
            Some(media) => part.mime_str(media).map_err(|error| ClientError::InvalidRequest(error.to_string())),
            None => Ok(part),
        }
    }
}

/// A part's stream as an HTTP body (reqwest wants it `Sync`: the wrapper
/// grants that to what is only ever used through `&mut`).
struct Upload(sync_wrapper::SyncWrapper<Box<dyn PartSource>>);

impl http_body::Body for Upload {
    type Data = Bytes;
    type Error = PartError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, PartError>>> {
        self.0
            .get_mut()
            .poll_chunk(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(|bytes| http_body::Frame::data(bytes.into()))))
    }
}
