//! The `tracing` spans of both sides (the `tracing` feature), between a
//! generated client and a generated server: one per call and one per
//! handled request, named by the operation's id, with the status. A test
//! binary of its own: `tracing` caches which callsites a subscriber wants,
//! and tests on other threads would race the one subscriber set here.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tests::security::client::Client;
use tests::security::server::{router, Api};
use tests::security::{Credentials, ItemsListResponse, PublicListResponse, ReportsListResponse};
use tests::support::client::{Call, ClientError, HookError};
use tests::support::server::HandlerError;

struct Handler;

impl Api for Handler {
    async fn items_list(&self, _: Credentials) -> Result<ItemsListResponse, HandlerError> {
        Ok(ItemsListResponse::NoContent)
    }

    async fn reports_list(&self, _: Vec<Credentials>) -> Result<ReportsListResponse, HandlerError> {
        Ok(ReportsListResponse::Ok(vec![]))
    }

    async fn public_list(&self, _: Option<Credentials>) -> Result<PublicListResponse, HandlerError> {
        Err(HandlerError::from("the handler failed"))
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Handler)).await.unwrap() });
    base
}

/// The credentials `reports_list` needs.
fn sign(_: &Call, request: &mut reqwest::Request) -> Result<(), HookError> {
    request.url_mut().query_pairs_mut().append_pair("api_key", "k");
    request.headers_mut().insert("cookie", "session=c".parse()?);
    Ok(())
}

/// The spans opened while it is the default subscriber: each one's name and
/// fields, as recorded by the time it is read.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Opened>>>);

/// A span's name and its fields.
type Opened = (&'static str, BTreeMap<String, String>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.0.lock().unwrap();
        spans.push((span.metadata().name(), fields));
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.0.lock().unwrap();
        values.record(&mut Fields(&mut spans[span.into_u64() as usize - 1].1));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, _: &tracing::Event<'_>) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// A test runtime runs on one thread: the server's tasks see the same
/// default subscriber as the client.
#[tokio::test]
async fn each_call_and_each_handled_request_is_a_span_named_by_the_operation() {
    let spans = Spans::default();
    let _default = tracing::subscriber::set_default(spans.clone());
    let base = serve().await;
    let client = Client::new(&base).unwrap();
    let unsigned = client.reports_list().await.unwrap_err();
    assert!(matches!(unsigned, ClientError::UndocumentedStatus { status: 401, .. }), "{unsigned:?}");
    let failing = client.public_list().await.unwrap_err();
    assert!(matches!(failing, ClientError::UndocumentedStatus { status: 500, .. }), "{failing:?}");
    let client = client.on_request(sign);
    assert!(matches!(client.reports_list().await.unwrap(), ReportsListResponse::Ok(_)));
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let refused = Client::new(&closed).unwrap().public_list().await.unwrap_err();
    assert!(matches!(refused, ClientError::Transport(_)), "{refused:?}");
    let spans = spans.0.lock().unwrap().clone();
    let shown = |(name, fields): &Opened| {
        let field = |key: &str| fields.get(key).cloned().unwrap_or_else(|| "-".to_owned());
        format!(
            "{name} {} {} {} {} {} {}",
            field("otel.name"),
            field("otel.kind"),
            field("http.request.method"),
            field("url.path"),
            field("http.response.status_code"),
            field("error.type"),
        )
    };
    let shown: Vec<String> = spans.iter().map(shown).collect();
    // Each call's span, then the server's; no query (it may hold a key).
    assert_eq!(
        shown,
        [
            "call reports_list client GET /reports/ 401 401",
            "request reports_list server GET /reports/ 401 -",
            "call public_list client GET /public/ 500 500",
            "request public_list server GET /public/ 500 500",
            "call reports_list client GET /reports/ 200 -",
            "request reports_list server GET /reports/ 200 -",
            "call public_list client GET /public/ - connect",
        ]
    );
    assert_eq!(spans[0].1.get("server.address").map(String::as_str), Some("127.0.0.1"));
}
