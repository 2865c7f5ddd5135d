//! Reading an answer of server-sent events as it arrives: each event's
//! data into the spec's type (WHATWG's parsing, by `sse-stream`), and,
//! where the client asks for it, reconnecting with `Last-Event-ID` after
//! the connection drops.

use super::{Answer, ClientError, ReadBody, Resend};
use crate::support::events::{Event, EventError, Events};
use futures_util::StreamExt;
use std::pin::Pin;
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

type Parsed = Pin<Box<sse_stream::SseStream<reqwest::Body>>>;

/// Where a stream of events is: what is read, and how to read on.
struct Reader<D> {
    stream: Parsed,
    read: fn(&str) -> Result<Option<D>, String>,
    resend: Option<Resend>,
    /// The last `id:` read, sent back on reconnecting.
    last_id: Option<String>,
    /// The wait before reconnecting: the last `retry:`, else 3 s (WHATWG's suggestion).
    retry: Duration,
    /// Reconnections since an event was last read.
    attempts: u32,
    done: bool,
}

/// The events of the answer, read from its body as it arrives (or from
/// the bytes already read). `read` gives an event's data, or `None` for
/// the end.
fn events<D: Send + 'static>(answer: &Answer, read: fn(&str) -> Result<Option<D>, String>) -> Events<D> {
    let (body, resend) = match answer.take_unread() {
        Some((response, resend)) => (reqwest::Body::from(response), resend),
        None => (reqwest::Body::from(answer.body.clone()), None),
    };
    let reader = Reader {
        stream: Box::pin(sse_stream::SseStream::new(body)),
        read,
        resend,
        last_id: None,
        retry: Duration::from_secs(3),
        attempts: 0,
        done: false,
    };
    Events::try_new(futures_util::stream::unfold(reader, next))
}

/// The next event and the reader after it; `None` at the end.
async fn next<D>(mut reader: Reader<D>) -> Option<(Result<Event<D>, EventError>, Reader<D>)> {
    loop {
        if reader.done {
            return None;
        }
        let sse = match reader.stream.next().await {
            None => return None,
            Some(Ok(sse)) => sse,
            Some(Err(error)) => match reconnect(&mut reader).await {
                Some(stream) => {
                    reader.stream = stream;
                    continue;
                }
                None => {
                    reader.done = true;
                    return Some((Err(EventError::new(error.to_string())), reader));
                }
            },
        };
        if let Some(id) = &sse.id {
            reader.last_id = Some(id.clone());
        }
        if let Some(retry) = sse.retry {
            reader.retry = Duration::from_millis(retry);
        }
        // A block without data (a lone `id:` or `retry:`) is no event.
        let Some(data) = sse.data else { continue };
        reader.attempts = 0;
        let (event, id) = (sse.event, sse.id);
        let retry = sse.retry.map(Duration::from_millis);
        return match (reader.read)(&data) {
            Ok(Some(data)) => Some((Ok(Event { data, event, id, retry }), reader)),
            Ok(None) => None,
            Err(message) => {
                reader.done = true;
                let message = format!("its data does not read: {message}");
                Some((Err(EventError { event, id, message }), reader))
            }
        };
    }
}

/// After the connection dropped: the request sent again, with the last id
/// read as `Last-Event-ID`, after the wait the server asked for; the new
/// answer's events, if it is one of events.
async fn reconnect<D>(reader: &mut Reader<D>) -> Option<Parsed> {
    let resend = reader.resend.as_ref()?;
    while reader.attempts < resend.reconnects {
        reader.attempts += 1;
        tokio::time::sleep(reader.retry).await;
        let mut request = resend.request.try_clone()?;
        if let Some(id) = reader.last_id.as_deref().and_then(|id| reqwest::header::HeaderValue::from_str(id).ok()) {
            request.headers_mut().insert("last-event-id", id);
        }
        let attempt = reader.attempts + 1;
        match resend.sender.execute(request, attempt).await.ok()? {
            Ok(response) if response.status().is_success() && super::is_event_stream(response.headers()) => {
                return Some(Box::pin(sse_stream::SseStream::new(reqwest::Body::from(response))));
            }
            // The server has no more for this stream (WHATWG: any other answer ends it).
            Ok(_) => return None,
            Err(_) => continue,
        }
    }
    None
}
