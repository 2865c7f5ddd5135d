//! An old client survives a newer server, and a server stays strict
//! (`fixtures/evolving.yaml`). A newer server answers an enum value, a
//! discriminator value and a property that this version of the spec does
//! not list: the generated client reads the answer, keeping the enum's and
//! the discriminator's values as they came (the key of a closed object is
//! passed over), and writes them back the same. Sent to the generated
//! server as a request, each is a 400 naming what is allowed. A client
//! asked to be strict refuses the answer.

use axum::http::header::CONTENT_TYPE;
use serde_json::{json, Value};
use tests::evolving::client::Client;
use tests::evolving::server::{router, Api};
use tests::evolving::{Card, Order, OrderPayment, OrderStatus, OrdersCreateResponse};
use tests::support::client::ClientError;
use tests::support::server::HandlerError;

/// What a newer server answers: `cancelled`, `voucher` and `note` are new.
fn newer_order() -> Value {
    json!({"status": "cancelled", "payment": {"method": "voucher", "code": "X1"}, "note": "gift"})
}

/// A newer server, written by hand: it answers every order with `newer_order()`.
async fn newer_server() -> String {
    let app = axum::Router::new().route(
        "/orders/",
        axum::routing::post(|| async {
            (axum::http::StatusCode::CREATED, [(CONTENT_TYPE, "application/json")], newer_order().to_string())
        }),
    );
    serve(app).await
}

async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

fn an_order() -> Order {
    Order {
        status: OrderStatus::Open,
        payment: OrderPayment::Card(Card { method: "card".into(), last4: "4242".into() }),
    }
}

#[tokio::test]
async fn the_client_keeps_what_a_newer_server_adds_and_writes_it_back() {
    let base = newer_server().await;
    let answer = Client::new(&base).unwrap().orders_create(&an_order()).await.unwrap();
    let OrdersCreateResponse::Created(order) = answer else { panic!("{answer:?}") };
    assert_eq!(order.status, OrderStatus::Unknown("cancelled".to_owned()));
    assert_eq!(order.status.as_str(), "cancelled");
    assert_eq!(order.status.to_string(), "cancelled");
    assert_eq!(order.payment, OrderPayment::Unknown(json!({"method": "voucher", "code": "X1"})));
    // Written back as it came; the closed object's new key is passed over.
    let mut expected = newer_order();
    expected.as_object_mut().unwrap().remove("note");
    assert_eq!(serde_json::to_value(&order).unwrap(), expected);
}

#[tokio::test]
async fn a_strict_client_refuses_what_its_spec_does_not_list() {
    let base = newer_server().await;
    let error = Client::new(&base).unwrap().strict().orders_create(&an_order()).await.unwrap_err();
    match error {
        ClientError::InvalidBody { status: 201, message, .. } => {
            // The first of the three, in the text's order.
            assert!(message.contains("unknown field `note`, expected `status` or `payment`"), "{message}")
        }
        other => panic!("expected an invalid body, got {other:?}"),
    }
}

struct Store;

impl Api for Store {
    async fn orders_create(&self, body: Order) -> Result<OrdersCreateResponse, HandlerError> {
        Ok(OrdersCreateResponse::Created(body))
    }
}

#[tokio::test]
async fn the_server_refuses_each_value_its_spec_does_not_list() {
    let base = serve(router(Store)).await;
    let http = reqwest::Client::new();
    let post = |body: Value| {
        let request = http.post(format!("{base}/orders/")).header(CONTENT_TYPE, "application/json");
        async move {
            let answer = request.body(body.to_string()).send().await.unwrap();
            (answer.status().as_u16(), serde_json::from_slice::<Value>(&answer.bytes().await.unwrap()).unwrap())
        }
    };
    let known = json!({"status": "open", "payment": {"method": "card", "last4": "4242"}});
    assert_eq!(post(known.clone()).await, (201, known.clone()));

    let mut status = known.clone();
    status["status"] = json!("cancelled");
    assert_eq!(
        post(status).await,
        (400, json!({"status": ["unknown variant `cancelled`, expected one of `open`, `shipped`"]}))
    );

    let mut payment = known.clone();
    payment["payment"] = json!({"method": "voucher", "code": "X1"});
    let (code, body) = post(payment).await;
    assert_eq!(code, 400);
    let reasons = body["payment"][0].as_str().unwrap_or_default();
    assert!(reasons.contains("`method` is \"voucher\", expected one of card, transfer"), "{body}");

    let mut note = known;
    note["note"] = json!("gift");
    let (code, body) = post(note).await;
    assert_eq!(code, 400);
    assert!(body.to_string().contains("unknown field `note`, expected `status` or `payment`"), "{body}");
}

#[test]
fn a_closed_object_does_not_match_beside_another_alternative_when_read_leniently() {
    use tests::evolving::{Commit, CommitAuthor, EmptyObject, User};
    // Read leniently, the empty closed object takes any keys; the user is the one alternative that keeps them.
    let commit: Commit = serde_json::from_value(json!({"author": {"login": "octocat", "id": 1}})).unwrap();
    assert_eq!(commit.author, Some(CommitAuthor::User(User { login: "octocat".into() })));
    let commit: Commit = serde_json::from_value(json!({"author": {}})).unwrap();
    assert_eq!(commit.author, Some(CommitAuthor::EmptyObject(EmptyObject {})));
}

#[test]
fn a_nullable_field_with_a_default_keeps_null_apart_from_absent() {
    use tests::evolving::{Commit, CommitStartSide};
    use tests::support::Nullable;
    let read = |value: Value| serde_json::from_value::<Commit>(value).unwrap().start_side;
    assert_eq!(read(json!({"start_side": null})), Nullable::Null);
    assert_eq!(read(json!({})), Nullable::Absent);
    assert_eq!(read(json!({"start_side": "LEFT"})), Nullable::Value(CommitStartSide::Left));
}
