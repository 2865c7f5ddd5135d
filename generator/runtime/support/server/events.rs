//! Answers of server-sent events: a handler's [`Events`] sent as they
//! come, with a keep-alive comment while none does.

use super::respond_head;
use crate::support::events::{Event, EventError, Events};
use axum::response::sse::{Event as Sent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_core::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Events whose data is the JSON text of its type.
impl<D: serde::Serialize + Send + 'static> super::WriteBody<Events<D>> for crate::support::media::Events {
    fn respond(status: u16, _media: &str, body: Events<D>, headers: &[(&'static str, Option<String>)]) -> Response {
        respond_events(status, body, headers, |data| serde_json::to_string(data).map_err(|error| error.to_string()))
    }
}

/// Events whose data is text.
impl super::WriteBody<Events<String>> for crate::support::media::EventsText {
    fn respond(
        status: u16,
        _media: &str,
        body: Events<String>,
        headers: &[(&'static str, Option<String>)],
    ) -> Response {
        respond_events(status, body, headers, |data| Ok(data.clone()))
    }
}

/// An answer of `text/event-stream` that sends each event as it comes. An
/// event that cannot be sent (data that does not encode, a newline in its
/// type or id) ends the answer, and is logged to stderr.
fn respond_events<D: Send + 'static>(
    status: u16,
    events: Events<D>,
    headers: &[(&'static str, Option<String>)],
    write: fn(&D) -> Result<String, String>,
) -> Response {
    let head = respond_head(status, headers);
    let sse = Sse::new(Sending { events, write }).keep_alive(KeepAlive::default()).into_response();
    let (mut parts, body) = sse.into_parts();
    parts.status = head.status();
    for (name, value) in head.headers() {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, body)
}

struct Sending<D> {
    events: Events<D>,
    write: fn(&D) -> Result<String, String>,
}

impl<D> Stream for Sending<D> {
    type Item = Result<Sent, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let write = self.write;
        Pin::new(&mut self.events).poll_next(cx).map(|next| {
            next.map(|event| {
                let sent = event.and_then(|event| sent(event, write));
                if let Err(error) = &sent {
                    eprintln!("error: an event stream ended: {error}");
                }
                sent
            })
        })
    }
}

/// The event as axum writes it, its data's lines each a `data:` line.
fn sent<D>(event: Event<D>, write: fn(&D) -> Result<String, String>) -> Result<Sent, EventError> {
    let refused =
        |message: &str| EventError { event: event.event.clone(), id: event.id.clone(), message: message.to_owned() };
    let data = write(&event.data).map_err(|message| refused(&format!("its data does not encode: {message}")))?;
    let mut sent = Sent::default().data(data);
    if let Some(name) = &event.event {
        if name.contains(['\r', '\n']) {
            return Err(refused("its type holds a line break"));
        }
        sent = sent.event(name);
    }
    if let Some(id) = &event.id {
        if id.contains(['\r', '\n', '\0']) {
            return Err(refused("its id holds a line break or NUL"));
        }
        sent = sent.id(id);
    }
    if let Some(retry) = event.retry {
        sent = sent.retry(retry);
    }
    Ok(sent)
}
