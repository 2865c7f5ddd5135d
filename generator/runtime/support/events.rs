//! Server-sent events (`text/event-stream`): the events of an answer as a
//! `Stream`, each with its data of the spec's type, as the client reads
//! them and a server's handler returns them.

use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// One event: its `data`, read as the spec's type (or the text, where the
/// spec describes none), and the fields beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<D> {
    pub data: D,
    /// `event:`, the event's type; `None` is a `message`.
    pub event: Option<String>,
    /// `id:`, which a client that reconnects sends back as `Last-Event-ID`.
    pub id: Option<String>,
    /// `retry:`, how long a client waits before it reconnects.
    pub retry: Option<Duration>,
}

impl<D> Event<D> {
    /// An event of this data, with no type, id or retry.
    pub fn new(data: D) -> Self {
        Self { data, event: None, id: None, retry: None }
    }

    /// With `event:` set.
    pub fn event(mut self, event: impl Into<String>) -> Self {
        self.event = Some(event.into());
        self
    }

    /// With `id:` set.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// With `retry:` set.
    pub fn retry(mut self, retry: Duration) -> Self {
        self.retry = Some(retry);
        self
    }
}

/// An event that could not be read (its data is not of the spec's type),
/// or a stream that broke before its end: the stream's last item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    /// The event's `event:` and `id:`, where an event was read.
    pub event: Option<String>,
    pub id: Option<String>,
    pub message: String,
}

impl EventError {
    pub fn new(message: impl Into<String>) -> Self {
        Self { event: None, id: None, message: message.into() }
    }
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.event, &self.id) {
            (None, None) => write!(f, "event stream: {}", self.message),
            (event, id) => {
                let event = event.as_deref().unwrap_or("message");
                match id {
                    Some(id) => write!(f, "event `{event}` (id {id:?}): {}", self.message),
                    None => write!(f, "event `{event}`: {}", self.message),
                }
            }
        }
    }
}

impl std::error::Error for EventError {}

/// The events of an answer, in order: a `Stream` of [`Event`]s, ending
/// where the answer ends, or with an [`EventError`] after which nothing
/// follows.
///
/// A server's handler makes one with [`Events::new`] from any stream of
/// events (or [`Events::from`] a list); a client reads one off the wire.
pub struct Events<D> {
    inner: Boxed<D>,
}

/// A stream of events, boxed.
type Boxed<D> = Pin<Box<dyn Stream<Item = Result<Event<D>, EventError>> + Send>>;

impl<D: Send + 'static> Events<D> {
    /// The events `stream` yields, sent as they come.
    pub fn new(stream: impl Stream<Item = Event<D>> + Send + 'static) -> Self {
        Self::try_new(Oks(Box::pin(stream)))
    }

    /// The events `stream` yields, up to its first error.
    pub fn try_new(stream: impl Stream<Item = Result<Event<D>, EventError>> + Send + 'static) -> Self {
        Self { inner: Box::pin(Fused { stream: Some(Box::pin(stream)) }) }
    }
}

impl<D> Events<D> {
    /// The next event, or `None` at the end: `while let Some(event) =
    /// events.next().await`, with no stream crate imported.
    pub async fn next(&mut self) -> Option<Result<Event<D>, EventError>> {
        std::future::poll_fn(|cx| self.inner.as_mut().poll_next(cx)).await
    }
}

impl<D: Send + 'static> From<Vec<Event<D>>> for Events<D> {
    fn from(events: Vec<Event<D>>) -> Self {
        Self::new(Listed(events.into_iter()))
    }
}

impl<D> Stream for Events<D> {
    type Item = Result<Event<D>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<D> fmt::Debug for Events<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Events { .. }")
    }
}

/// A stream of events as a stream of results.
struct Oks<S>(Pin<Box<S>>);

impl<D, S: Stream<Item = Event<D>>> Stream for Oks<S> {
    type Item = Result<Event<D>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|event| event.map(Ok))
    }
}

/// A list of events as a stream.
struct Listed<I>(I);

// Nothing in it is pinned: the iterator is only ever moved whole.
impl<I> Unpin for Listed<I> {}

impl<D, I: Iterator<Item = Event<D>>> Stream for Listed<I> {
    type Item = Event<D>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next())
    }
}

/// Ends after the first error.
struct Fused<D> {
    stream: Option<Boxed<D>>,
}

impl<D> Stream for Fused<D> {
    type Item = Result<Event<D>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let Some(stream) = self.stream.as_mut() else { return Poll::Ready(None) };
        let next = stream.as_mut().poll_next(cx);
        if matches!(next, Poll::Ready(None | Some(Err(_)))) {
            self.stream = None;
        }
        next
    }
}
