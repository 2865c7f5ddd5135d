//! URL-encoded form bodies (`fixtures/forms.yaml`), end to end: the text
//! the generated client writes for each `encoding` (Twilio's repeated keys,
//! Stripe's brackets, joined lists, an object spread into pairs), the
//! generated server reading it back, and the server's reading of forms
//! other clients write, and of forms it refuses.

use serde_json::json;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tests::forms::client::Client;
use tests::forms::server::{router, Api};
use tests::forms::{
    CheckoutCreateBody, CheckoutCreateBodyCustomerDetails, CheckoutCreateBodyLineItemsItem,
    CheckoutCreateBodyLineItemsItemAdjustableQuantity, CheckoutCreateBodyMode, CheckoutCreateResponse,
    MessageCreateBody, MessageCreateBodyStatusCallbackEventItem as Event, MessageCreateResponse, NoteCreateBody,
    NoteCreateResponse, SearchBody, SearchBodyRange, SearchResponse,
};
use tests::support::server::HandlerError;

type Object = BTreeMap<String, serde_json::Value>;

/// Answers each form with its body as JSON (what the server read).
struct Echo;

fn echoed(body: &impl serde::Serialize) -> Result<Object, HandlerError> {
    Ok(serde_json::from_value(serde_json::to_value(body)?)?)
}

impl Api for Echo {
    async fn message_create(&self, body: MessageCreateBody) -> Result<MessageCreateResponse, HandlerError> {
        Ok(MessageCreateResponse::Created(echoed(&body)?))
    }

    async fn checkout_create(&self, body: CheckoutCreateBody) -> Result<CheckoutCreateResponse, HandlerError> {
        Ok(CheckoutCreateResponse::Created(echoed(&body)?))
    }

    async fn search(&self, body: SearchBody) -> Result<SearchResponse, HandlerError> {
        Ok(SearchResponse::Ok(echoed(&body)?))
    }

    async fn note_create(&self, body: NoteCreateBody) -> Result<NoteCreateResponse, HandlerError> {
        Ok(NoteCreateResponse::Ok(echoed(&body)?))
    }
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// A server that keeps the text of each body it is sent, and answers `{}`
/// (201, 200 to a search).
async fn recorder() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let kept = seen.clone();
    let router = axum::Router::new().fallback(move |uri: axum::http::Uri, body: String| {
        let kept = kept.clone();
        async move {
            kept.lock().unwrap().push(body);
            let status = if uri.path() == "/search" { 200 } else { 201 };
            (axum::http::StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], "{}")
        }
    });
    (serve(router).await, seen)
}

fn message() -> MessageCreateBody {
    MessageCreateBody {
        to: "+15551234".try_into().unwrap(),
        body: Some("hi there".to_owned()),
        status_callback_event: Some(vec![Event::Initiated, Event::Ringing]),
        media_url: Some(vec!["https://example.com/a.png".parse().unwrap()]),
        priority: Some(2.try_into().unwrap()),
        urgent: Some(true),
    }
}

fn checkout() -> CheckoutCreateBody {
    CheckoutCreateBody {
        mode: CheckoutCreateBodyMode::Payment,
        expand: Some(vec!["customer".to_owned(), "invoice.subscription".to_owned()]),
        line_items: Some(vec![
            CheckoutCreateBodyLineItemsItem {
                price: "price_1".to_owned(),
                quantity: Some(2.try_into().unwrap()),
                adjustable_quantity: Some(CheckoutCreateBodyLineItemsItemAdjustableQuantity {
                    enabled: Some(true),
                    maximum: None,
                }),
            },
            CheckoutCreateBodyLineItemsItem { price: "price_2".to_owned(), quantity: None, adjustable_quantity: None },
        ]),
        metadata: Some(BTreeMap::from([("order".to_owned(), "6735".to_owned())])),
        customer_details: Some(CheckoutCreateBodyCustomerDetails {
            email: Some("ann@example.com".parse().unwrap()),
            name: None,
        }),
    }
}

fn search() -> SearchBody {
    SearchBody {
        ids: Some(vec![1, 2, 3]),
        words: Some(vec!["red".to_owned(), "big".to_owned()]),
        flags: Some(vec!["new".to_owned(), "sale".to_owned()]),
        range: Some(SearchBodyRange { from: Some(10), to: Some(20) }),
        labels: Some(BTreeMap::from([("team".to_owned(), "a b".to_owned())])),
        exact: Some(false),
    }
}

#[tokio::test]
async fn the_client_writes_each_property_as_its_encoding_says() {
    let (base, seen) = recorder().await;
    let client = Client::new(&base).unwrap();
    client.message_create(&message()).await.unwrap();
    client.checkout_create(&checkout()).await.unwrap();
    client.search(&search()).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let expected = [
        // Twilio: the fields in the schema's order, a list's items a pair each.
        "To=%2B15551234&Body=hi%20there&StatusCallbackEvent=initiated&StatusCallbackEvent=ringing\
         &MediaUrl=https%3A%2F%2Fexample.com%2Fa.png&Priority=2&Urgent=true",
        // Stripe: `deepObject`, lists of scalars as `name[]`, of objects by index.
        "mode=payment&expand%5B%5D=customer&expand%5B%5D=invoice.subscription\
         &line_items%5B0%5D%5Bprice%5D=price_1&line_items%5B0%5D%5Bquantity%5D=2\
         &line_items%5B0%5D%5Badjustable_quantity%5D%5Benabled%5D=true&line_items%5B1%5D%5Bprice%5D=price_2\
         &metadata%5Border%5D=6735&customer_details%5Bemail%5D=ann%40example.com",
        // Joined lists (`,`, ` `, `|`), an object's properties spread, a map bracketed.
        "ids=1%2C2%2C3&words=red%20big&flags=new%7Csale&from=10&to=20&labels%5Bteam%5D=a%20b&exact=false",
    ];
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn what_the_client_writes_the_server_reads_back_whole() {
    let base = serve(router(Echo)).await;
    let client = Client::new(&base).unwrap();
    let sent = echoed(&message()).unwrap();
    assert_eq!(client.message_create(&message()).await.unwrap(), MessageCreateResponse::Created(sent));
    let sent = echoed(&checkout()).unwrap();
    assert_eq!(client.checkout_create(&checkout()).await.unwrap(), CheckoutCreateResponse::Created(sent));
    let sent = echoed(&search()).unwrap();
    assert_eq!(client.search(&search()).await.unwrap(), SearchResponse::Ok(sent));
}

/// Posts `body` as a form to `path`; the status and the JSON answer.
async fn post(base: &str, path: &str, body: &'static str) -> (u16, serde_json::Value) {
    let answer = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    (status, serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap())
}

#[tokio::test]
async fn the_server_reads_the_forms_other_clients_write() {
    let base = serve(router(Echo)).await;
    let cases = [
        // `name[]` and `name[0]` for a list; literal brackets as browsers send them.
        (
            "/messages",
            "To=x&StatusCallbackEvent[]=ringing&StatusCallbackEvent[]=answered",
            json!({"To": "x", "StatusCallbackEvent": ["ringing", "answered"]}),
        ),
        (
            "/checkout/sessions",
            "mode=payment&expand[1]=b&expand[0]=a&line_items[0][price]=p",
            json!({"mode": "payment", "expand": ["a", "b"], "line_items": [{"price": "p"}]}),
        ),
        // One value for a list; the last of a repeated scalar wins.
        (
            "/messages",
            "To=x&To=y&StatusCallbackEvent=completed",
            json!({"To": "y", "StatusCallbackEvent": ["completed"]}),
        ),
        // A joined list sent as repeated keys, or with literal commas; a spread object bracketed.
        ("/search", "ids=1&ids=2,3&range[from]=4&to=5", json!({"ids": [1, 2, 3], "range": {"from": 4, "to": 5}})),
    ];
    for (path, body, expected) in cases {
        assert_eq!(post(&base, path, body).await, (201 - u16::from(path == "/search"), expected), "{body}");
    }
}

#[tokio::test]
async fn the_server_refuses_a_form_its_spec_forbids_with_the_field_and_why() {
    let base = serve(router(Echo)).await;
    let (status, answer) = post(&base, "/messages", "Body=hi").await;
    assert_eq!((status, answer), (400, json!({"To": ["This field is required."]})));
    let (status, answer) = post(&base, "/messages", "To=x&Priority=high").await;
    assert_eq!(status, 400);
    assert_eq!(answer["Priority"][0], "invalid value: string \"high\", expected i64");
    let (status, answer) = post(&base, "/messages", "To=x&Priority=-1").await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["Priority"][0].as_str().unwrap().contains("must be at least 0"), "{answer}");
    let (status, answer) = post(&base, "/messages", "To=x&Urgent=yes").await;
    assert_eq!(
        (status, answer["Urgent"][0].as_str().unwrap()),
        (400, "invalid value: string \"yes\", expected a boolean")
    );
    let (status, answer) =
        post(&base, "/checkout/sessions", "mode=payment&line_items[0][quantity]=0&line_items[0][price]=p").await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["line_items"][0].as_str().unwrap().contains("must be at least 1"), "{answer}");
    // A key whose brackets contradict another key is a name as it stands,
    // which a closed form refuses by name.
    let (status, answer) = post(&base, "/checkout/sessions", "mode=payment&expand[x]=b&expand=a").await;
    assert_eq!(status, 400);
    assert!(answer["non_field_errors"][0].as_str().unwrap().starts_with("unknown field `expand[x]`"), "{answer}");
    let (status, answer) = post(&base, "/search", "bogus=1").await;
    assert_eq!(status, 400, "additionalProperties: false: {answer}");
    let unknown = "unknown field `bogus`, expected one of `ids`, `words`, `flags`, `range`, `labels`, `exact`";
    assert_eq!(answer, json!({"non_field_errors": [unknown]}), "additionalProperties: false");
}

#[tokio::test]
async fn a_form_that_allows_other_properties_keeps_a_bracketed_key_that_contradicts_another_as_a_name() {
    let base = serve(router(Echo)).await;
    let (status, answer) = post(&base, "/notes", "title[x]=b&title=a&tags[]=t&tags[]=u&extra[k]=v").await;
    // Accepted (the struct keeps its own properties and passes over the others).
    assert_eq!((status, answer), (200, json!({"title": "a", "tags": ["t", "u"]})));
}
