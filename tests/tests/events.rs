//! Server-sent events between a generated server and a generated client:
//! typed events streamed as they come, text events, an event that does
//! not read, a connection dropped mid-stream, and OpenAI's `[DONE]`.

use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use tests::events::client::Client;
use tests::events::server::{router, Api};
use tests::events::{
    ChatStreamBody, ChatStreamResponse, Chunk, ChunkFinishReason, TicksCount, TicksParams, TicksResponse,
};
use tests::support::events::{Event, Events};
use tests::support::server::HandlerError;
use tests::support::Nullable;
use tokio::sync::mpsc;

/// Sends the chunks the test hands it, as they come.
struct Chat {
    chunks: Mutex<Option<mpsc::Receiver<Event<Chunk>>>>,
}

/// A channel's receiving end as a stream.
struct Received<T>(mpsc::Receiver<T>);

impl<T> futures_core::Stream for Received<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.0.poll_recv(cx)
    }
}

impl Api for Chat {
    async fn chat_stream(&self, body: ChatStreamBody) -> Result<ChatStreamResponse, HandlerError> {
        assert_eq!(body.prompt, "hello");
        let chunks = self.chunks.lock().unwrap().take().ok_or("one stream per test")?;
        Ok(ChatStreamResponse::Ok(Events::new(Received(chunks))))
    }

    async fn ticks(&self, params: TicksParams) -> Result<TicksResponse, HandlerError> {
        let count = params.count.get();
        let ticks = (1..=count).map(|tick| Event::new(format!("tick {tick}\nof {count}")).id(tick.to_string()));
        Ok(TicksResponse::Ok(Events::from(ticks.collect::<Vec<_>>())))
    }
}

fn chunk(id: &str, delta: &str, finish_reason: Nullable<ChunkFinishReason>) -> Chunk {
    Chunk { id: id.to_owned(), delta: delta.to_owned(), finish_reason }
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test]
async fn typed_events_arrive_as_the_server_sends_them() {
    let (sender, receiver) = mpsc::channel(4);
    let base = serve(router(Chat { chunks: Mutex::new(Some(receiver)) })).await;
    let client = Client::new(&base).unwrap();
    let first = Event::new(chunk("c1", "Hel", Nullable::Absent)).event("chunk").id("1");
    sender.send(first.clone()).await.unwrap();
    let answer = client.chat_stream(&ChatStreamBody { prompt: "hello".to_owned() }).await.unwrap();
    let ChatStreamResponse::Ok(mut events) = answer else { panic!("not a stream: {answer:?}") };
    // The first event is read while the server still holds the stream open.
    assert_eq!(events.next().await.unwrap().unwrap(), first);
    let last = Event::new(chunk("c1", "lo", Nullable::Value(ChunkFinishReason::Stop)));
    sender.send(last.clone()).await.unwrap();
    assert_eq!(events.next().await.unwrap().unwrap(), last);
    drop(sender);
    assert!(events.next().await.is_none(), "the stream ends with the answer");
}

#[tokio::test]
async fn text_events_keep_their_lines_and_ids() {
    let base = serve(router(Chat { chunks: Mutex::new(None) })).await;
    let client = Client::new(&base).unwrap();
    let answer = client.ticks(&TicksParams { count: TicksCount::new(2).unwrap() }).await.unwrap();
    let TicksResponse::Ok(mut events) = answer;
    let mut read = Vec::new();
    while let Some(event) = events.next().await {
        read.push(event.unwrap());
    }
    let expected = vec![Event::new("tick 1\nof 2".to_owned()).id("1"), Event::new("tick 2\nof 2".to_owned()).id("2")];
    assert_eq!(read, expected);
}

/// A request's head and body, read whole (its `Content-Length` bytes after the head).
async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    use tokio::io::AsyncReadExt;
    let mut read = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        let text = String::from_utf8_lossy(&read).to_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .map_or(0, |length| length.trim().parse::<usize>().unwrap());
            if read.len() >= end + 4 + length {
                return text;
            }
        }
        let count = socket.read(&mut buffer).await.unwrap();
        assert!(count > 0, "the request ended early");
        read.extend_from_slice(&buffer[..count]);
    }
}

/// A server that answers `body` as `text/event-stream`, then (if `drop`)
/// closes the connection before the end of the chunked body.
async fn raw_server(body: &'static str, drop: bool) -> String {
    raw_answers(vec![(body, drop)]).await.0
}

/// A server that answers its connections in turn, each with the next
/// `(body, drop)` as [`raw_server`] does; and each request it read.
async fn raw_answers(answers: Vec<(&'static str, bool)>) -> (String, mpsc::Receiver<String>) {
    use tokio::io::AsyncWriteExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (requests, read) = mpsc::channel(answers.len().max(1));
    tokio::spawn(async move {
        for (body, drop) in answers {
            let (mut socket, _) = listener.accept().await.unwrap();
            // A caller that does not look at the requests has dropped the receiver.
            let _ = requests.send(read_request(&mut socket).await).await;
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
            let chunk = format!("{:x}\r\n{body}\r\n", body.len());
            socket.write_all(format!("{head}{chunk}").as_bytes()).await.unwrap();
            if !drop {
                socket.write_all(b"0\r\n\r\n").await.unwrap();
            }
            socket.shutdown().await.unwrap();
        }
    });
    (base, read)
}

#[tokio::test]
async fn an_event_that_does_not_read_ends_the_stream_with_an_error_naming_it() {
    let body = "event: chunk\nid: 7\ndata: {\"id\": \"c\", \"delta\": \"a\"}\n\n\
                : a comment\nevent: chunk\nid: 8\ndata: {\"id\": 8}\n\n\
                data: {\"id\": \"c\", \"delta\": \"never read\"}\n\n";
    let client = Client::new(&raw_server(body, false).await).unwrap();
    let answer = client.chat_stream(&ChatStreamBody { prompt: "hello".to_owned() }).await.unwrap();
    let ChatStreamResponse::Ok(mut events) = answer else { panic!("not a stream") };
    assert_eq!(events.next().await.unwrap().unwrap().data, chunk("c", "a", Nullable::Absent));
    let error = events.next().await.unwrap().unwrap_err();
    assert_eq!((error.event.as_deref(), error.id.as_deref()), (Some("chunk"), Some("8")));
    assert!(error.to_string().starts_with("event `chunk` (id \"8\"): its data does not read: "), "{error}");
    assert!(events.next().await.is_none(), "nothing follows an error");
}

#[tokio::test]
async fn a_connection_dropped_mid_stream_is_an_error_after_the_events_read() {
    let body = "data: {\"id\": \"c\", \"delta\": \"a\"}\n\ndata: {\"id\": \"c\", \"del";
    let client = Client::new(&raw_server(body, true).await).unwrap();
    let answer = client.chat_stream(&ChatStreamBody { prompt: "hello".to_owned() }).await.unwrap();
    let ChatStreamResponse::Ok(mut events) = answer else { panic!("not a stream") };
    assert_eq!(events.next().await.unwrap().unwrap().data, chunk("c", "a", Nullable::Absent));
    let error = events.next().await.unwrap().unwrap_err();
    assert_eq!((&error.event, &error.id), (&None, &None));
    assert!(error.to_string().starts_with("event stream: "), "{error}");
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn done_ends_a_stream_of_json_events() {
    let body = "data: {\"id\": \"c\", \"delta\": \"a\"}\n\ndata: [DONE]\n\ndata: {\"id\": \"c\", \"delta\": \"b\"}\n\n";
    let client = Client::new(&raw_server(body, false).await).unwrap();
    let answer = client.chat_stream(&ChatStreamBody { prompt: "hello".to_owned() }).await.unwrap();
    let ChatStreamResponse::Ok(mut events) = answer else { panic!("not a stream") };
    assert_eq!(events.next().await.unwrap().unwrap().data, chunk("c", "a", Nullable::Absent));
    assert!(events.next().await.is_none(), "[DONE] is the end");
}

#[tokio::test]
async fn the_mock_answers_one_event_of_its_sample() {
    let base = serve(router(tests::events::mock::Mock)).await;
    let client = Client::new(&base).unwrap();
    let answer = client.ticks(&TicksParams { count: TicksCount::new(1).unwrap() }).await.unwrap();
    let TicksResponse::Ok(mut events) = answer;
    assert!(events.next().await.unwrap().is_ok());
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn a_client_that_asks_reconnects_with_the_last_event_id() {
    // The first answer drops after event 1 (and a 10 ms `retry:`); the
    // second sends event 2 and ends.
    let (base, mut seen) = raw_answers(vec![
        ("retry: 10\nid: 1\ndata: {\"id\": \"c\", \"delta\": \"a\"}\n\n", true),
        ("id: 2\ndata: {\"id\": \"c\", \"delta\": \"b\"}\n\n", false),
    ])
    .await;
    let client = Client::new(&base).unwrap().reconnect_events(2);
    let answer = client.chat_stream(&ChatStreamBody { prompt: "hello".to_owned() }).await.unwrap();
    let ChatStreamResponse::Ok(mut events) = answer else { panic!("not a stream") };
    let deltas = [events.next().await, events.next().await].map(|event| event.unwrap().unwrap().data.delta);
    assert_eq!(deltas, ["a", "b"]);
    assert!(events.next().await.is_none(), "a stream that ends is not asked for again");
    let (first, again) = (seen.recv().await.unwrap(), seen.recv().await.unwrap());
    assert!(!first.contains("last-event-id"), "{first}");
    assert!(again.contains("\r\nlast-event-id: 1\r\n") && again.ends_with("{\"prompt\":\"hello\"}"), "{again}");
}
