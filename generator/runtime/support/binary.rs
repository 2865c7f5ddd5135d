//! Binary bodies (`application/octet-stream`, `image/*`, `*/*`...): bytes
//! in memory or a stream of chunks, as a client sends or reads them and a
//! server's handler takes or returns them, so that a body larger than
//! memory never has to be held whole.

use bytes::Bytes;
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A binary body: bytes held whole, or a stream of chunks read (or sent)
/// as they come, once.
///
/// Made with `From` (`Vec<u8>`, `&[u8]`, `String`, [`Bytes`]) or
/// [`Binary::from_stream`] (a file: `Binary::from_stream(
/// tokio_util::io::ReaderStream::new(file))`). Read whole with
/// [`Binary::bytes`] or chunk by chunk with [`Binary::next`] (it is a
/// [`Stream`] of [`Bytes`] too).
pub struct Binary {
    inner: Inner,
}

enum Inner {
    Whole(Option<Bytes>),
    Stream(Boxed),
}

type Boxed = Pin<Box<dyn Stream<Item = Result<Bytes, BinaryError>> + Send>>;

impl Binary {
    /// The chunks `stream` yields, read or sent as they come. An error
    /// ends the body: a client's upload fails with it, a server's answer
    /// breaks off.
    pub fn from_stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Self { inner: Inner::Stream(Box::pin(Errors(Box::pin(stream)))) }
    }

    /// The bytes, when they are held whole (not a stream).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Whole(bytes) => Some(bytes.as_deref().unwrap_or_default()),
            Inner::Stream(_) => None,
        }
    }

    /// The bytes when they are held whole, else the stream back.
    pub fn into_bytes(self) -> Result<Bytes, Self> {
        match self.inner {
            Inner::Whole(bytes) => Ok(bytes.unwrap_or_default()),
            inner => Err(Self { inner }),
        }
    }

    /// The next chunk, or `None` at the end: `while let Some(chunk) =
    /// body.next().await`, with no stream crate imported.
    pub async fn next(&mut self) -> Option<Result<Bytes, BinaryError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The whole body, read to its end into memory.
    pub async fn bytes(mut self) -> Result<Vec<u8>, BinaryError> {
        if let Inner::Whole(bytes) = &mut self.inner {
            return Ok(bytes.take().map(Vec::from).unwrap_or_default());
        }
        let mut whole = Vec::new();
        while let Some(chunk) = self.next().await {
            whole.extend_from_slice(&chunk?);
        }
        Ok(whole)
    }
}

impl Stream for Binary {
    type Item = Result<Bytes, BinaryError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match &mut self.inner {
            // An empty body has no chunk.
            Inner::Whole(bytes) => Poll::Ready(bytes.take().filter(|bytes| !bytes.is_empty()).map(Ok)),
            Inner::Stream(stream) => stream.as_mut().poll_next(cx),
        }
    }
}

impl crate::support::FilePart {
    /// A file part whose content is `stream`'s chunks, sent as they are
    /// read (a file: `tokio_util::io::ReaderStream::new(file)`), once: a
    /// request that sends it is not retried, and a second call with the
    /// same part fails. The server reads a part whole.
    pub fn from_stream<S, E>(file_name: Option<String>, content_type: Option<String>, stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let source = Source(Binary::from_stream(stream));
        Self { file_name, content_type, bytes: Vec::new(), stream: Some(crate::support::PartStream::new(source)) }
    }
}

/// A [`Binary`] as the source of a file part's stream.
struct Source(Binary);

impl crate::support::PartSource for Source {
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, crate::support::PartError>>> {
        Pin::new(&mut self.0).poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map(Vec::from).map_err(Into::into)))
    }
}

impl From<Bytes> for Binary {
    fn from(bytes: Bytes) -> Self {
        Self { inner: Inner::Whole(Some(bytes)) }
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<&Vec<u8>> for Binary {
    fn from(bytes: &Vec<u8>) -> Self {
        Bytes::copy_from_slice(bytes).into()
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Bytes::copy_from_slice(bytes).into()
    }
}

impl<const N: usize> From<&[u8; N]> for Binary {
    fn from(bytes: &[u8; N]) -> Self {
        Bytes::copy_from_slice(bytes).into()
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<&str> for Binary {
    fn from(text: &str) -> Self {
        Bytes::copy_from_slice(text.as_bytes()).into()
    }
}

impl Default for Binary {
    fn default() -> Self {
        Bytes::new().into()
    }
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Whole(bytes) => write!(f, "Binary({} bytes)", bytes.as_ref().map_or(0, Bytes::len)),
            Inner::Stream(_) => f.write_str("Binary(stream)"),
        }
    }
}

/// Why a binary body could not be read or sent to its end: the stream's
/// own error (a connection that broke, a file that could not be read), a
/// request's body over the server's limit, or one that broke off.
#[derive(Debug)]
pub struct BinaryError {
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl BinaryError {
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { source: source.into() }
    }

    /// The error the stream gave.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}

impl fmt::Display for BinaryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "binary body: {}", self.source)
    }
}

impl std::error::Error for BinaryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl From<BinaryError> for std::io::Error {
    fn from(error: BinaryError) -> Self {
        std::io::Error::other(error)
    }
}

/// A stream's errors as [`BinaryError`]s.
struct Errors<S>(Pin<Box<S>>);

impl<S, E> Stream for Errors<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Item = Result<Bytes, BinaryError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|chunk| chunk.map(|chunk| chunk.map_err(BinaryError::new)))
    }
}
