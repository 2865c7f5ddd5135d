//! Documented statuses end to end: an exact status, a range (`2XX`, `4XX`)
//! for the ones no exact status names, `default` for the rest, typed
//! response headers, through the generated server and client.

use tests::responses::client::Client;
use tests::responses::server::{router, Api};
use tests::responses::{Problem, Tea, TeaRetrieveCup, TeaRetrieveParams, TeaRetrieveResponse};
use tests::support::server::HandlerError;

struct Teapot;

impl Api for Teapot {
    async fn tea_retrieve(&self, params: TeaRetrieveParams) -> Result<TeaRetrieveResponse, HandlerError> {
        let problem = |detail: &str| Problem { detail: detail.to_owned() };
        Ok(match params.kind.as_str() {
            "green" => {
                let name = format!("sencha for cup {}", params.cup.map_or(0, |cup| cup.get()));
                TeaRetrieveResponse::Ok { body: Tea { name }, x_brewed: 1700 }
            }
            "later" => TeaRetrieveResponse::Status2XX { status: 202 },
            "none" => TeaRetrieveResponse::NotFound(problem("no such tea")),
            "coffee" => TeaRetrieveResponse::Status4XX { status: 418, body: problem("I'm a teapot") },
            _ => TeaRetrieveResponse::Other { status: 503 },
        })
    }
}

#[tokio::test]
async fn exact_statuses_win_then_ranges_then_default() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Teapot)).await.unwrap() });
    let client = Client::new(&base).unwrap();
    let get = |kind: &str| TeaRetrieveParams { kind: kind.to_owned(), cup: None };

    let green = client.tea_retrieve(&get("green")).await.unwrap();
    assert_eq!(green, TeaRetrieveResponse::Ok { body: Tea { name: "sencha for cup 0".to_owned() }, x_brewed: 1700 });
    // A cookie parameter travels in `Cookie`, checked like any parameter.
    let cup = TeaRetrieveCup::new(2).unwrap();
    let green = client.tea_retrieve(&TeaRetrieveParams { kind: "green".to_owned(), cup: Some(cup) }).await.unwrap();
    assert!(matches!(green, TeaRetrieveResponse::Ok { body: Tea { name }, .. } if name == "sencha for cup 2"));
    let http = reqwest::Client::new();
    let zero = http.get(format!("{base}/tea/green/")).header("Cookie", "cup=0").send().await.unwrap();
    assert_eq!(zero.status(), 400);
    let later = client.tea_retrieve(&get("later")).await.unwrap();
    assert_eq!(later, TeaRetrieveResponse::Status2XX { status: 202 });
    let none = client.tea_retrieve(&get("none")).await.unwrap();
    assert_eq!(none, TeaRetrieveResponse::NotFound(Problem { detail: "no such tea".to_owned() }));
    let coffee = client.tea_retrieve(&get("coffee")).await.unwrap();
    assert_eq!(coffee.status(), 418);
    assert!(matches!(coffee, TeaRetrieveResponse::Status4XX { status: 418, .. }));
    let other = client.tea_retrieve(&get("?")).await.unwrap();
    assert_eq!(other, TeaRetrieveResponse::Other { status: 503 });
}

#[tokio::test]
async fn a_header_that_does_not_read_is_an_error_naming_it_and_its_value() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .fallback(|| async { ([("content-type", "application/json"), ("x-brewed", "soon")], r#"{"name": "sencha"}"#) });
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let params = TeaRetrieveParams { kind: "green".to_owned(), cup: None };
    let error = Client::new(&base).unwrap().tea_retrieve(&params).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the 200 answer's `x-brewed` header is invalid: \"soon\": invalid digit found in string"
    );
}

#[tokio::test]
async fn a_documented_redirect_is_an_answer_not_followed() {
    use tests::responses::{LeavesDownloadParams, LeavesDownloadResponse};
    let app = axum::Router::new().route(
        "/tea/{kind}/leaves",
        axum::routing::get(|| async { (axum::http::StatusCode::FOUND, [("location", "http://leaves.invalid/green")]) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::new(&base).unwrap();
    let answer = client.leaves_download(&LeavesDownloadParams { kind: "green".to_owned() }).await.unwrap();
    assert_eq!(answer, LeavesDownloadResponse::Found { location: "http://leaves.invalid/green".to_owned() });
}
