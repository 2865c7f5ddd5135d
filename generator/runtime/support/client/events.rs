//! Reading an answer of server-sent events as it arrives: each event's
//! data into the spec's type (WHATWG's parsing, by `sse-stream`).

use super::{Answer, ClientError, ReadBody};
use crate::support::events::{Event, EventError, Events};
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// Events whose data is the JSON text of its type. `[DONE]`, which
/// OpenAI-style APIs send last and no JSON type reads, ends the stream.
impl<D: serde::de::DeserializeOwned + Send + 'static> ReadBody<Events<D>> for crate::support::media::Events {
    fn read(answer: &Answer) -> Result<Events<D>, ClientError> {
        Ok(events(answer, |text| match text.trim() {
            "[DONE]" => Ok(None),
            _ => serde_json::from_str(text).map(Some).map_err(|error| error.to_string()),
        }))
    }
}

/// Events whose data is text, as it came.
impl ReadBody<Events<String>> for crate::support::media::EventsText {
    fn read(answer: &Answer) -> Result<Events<String>, ClientError> {
        Ok(events(answer, |text| Ok(Some(text.to_owned()))))
    }
}

/// The events of the answer, read from its body as it arrives (or from
/// the bytes already read). `read` gives an event's data, or `None` for
/// the end.
fn events<D: Send + 'static>(answer: &Answer, read: fn(&str) -> Result<Option<D>, String>) -> Events<D> {
    let body = match answer.take_unread() {
        Some(response) => reqwest::Body::from(response),
        None => reqwest::Body::from(answer.body.clone()),
    };
    Events::try_new(Reading { stream: Box::pin(sse_stream::SseStream::new(body)), read, done: false })
}

struct Reading<D> {
    stream: Pin<Box<sse_stream::SseStream<reqwest::Body>>>,
    read: fn(&str) -> Result<Option<D>, String>,
    done: bool,
}

impl<D> Stream for Reading<D> {
    type Item = Result<Event<D>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.done {
                return Poll::Ready(None);
            }
            let sse = match self.stream.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(EventError::new(error.to_string())))),
                Poll::Ready(Some(Ok(sse))) => sse,
            };
            // A block without data (a lone `id:` or `retry:`) is no event.
            let Some(data) = sse.data else { continue };
            let (event, id) = (sse.event, sse.id);
            return Poll::Ready(match (self.read)(&data) {
                Ok(Some(data)) => {
                    let retry = sse.retry.map(Duration::from_millis);
                    Some(Ok(Event { data, event, id, retry }))
                }
                Ok(None) => {
                    self.done = true;
                    None
                }
                Err(message) => {
                    Some(Err(EventError { event, id, message: format!("its data does not read: {message}") }))
                }
            });
        }
    }
}
