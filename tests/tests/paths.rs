//! Path templates with text around parameters (`{kind}.json`,
//! `{from}-{to}`) and one segment named differently by two operations,
//! through the generated server and client.

use tests::paths::client::Client;
use tests::paths::server::{router, Api};
use tests::paths::{
    CriticsListParams, CriticsListResponse, RangeDestroyParams, RangeDestroyResponse, RangeRetrieveParams,
    RangeRetrieveResponse,
};
use tests::support::server::HandlerError;

struct Echo;

impl Api for Echo {
    async fn critics_list(&self, params: CriticsListParams) -> Result<CriticsListResponse, HandlerError> {
        Ok(CriticsListResponse::Ok(params.kind))
    }

    async fn range_retrieve(&self, params: RangeRetrieveParams) -> Result<RangeRetrieveResponse, HandlerError> {
        Ok(RangeRetrieveResponse::Ok((params.from + params.to).to_string()))
    }

    async fn range_destroy(&self, params: RangeDestroyParams) -> Result<RangeDestroyResponse, HandlerError> {
        if params.id.is_empty() {
            return Err("an id is expected".into());
        }
        Ok(RangeDestroyResponse::NoContent)
    }
}

#[tokio::test]
async fn parameters_inside_segments_round_trip() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let client = Client::new(&base).unwrap();

    let kind = client.critics_list(&CriticsListParams { kind: "all picks".to_owned() }).await.unwrap();
    assert_eq!(kind, CriticsListResponse::Ok("all picks".to_owned()));
    let sum = client.range_retrieve(&RangeRetrieveParams { from: 2, to: 40 }).await.unwrap();
    assert_eq!(sum, RangeRetrieveResponse::Ok("42".to_owned()));
    let gone = client.range_destroy(&RangeDestroyParams { id: "7-8".to_owned() }).await.unwrap();
    assert_eq!(gone, RangeDestroyResponse::NoContent);

    // A segment that does not fit the template is not found.
    let http = reqwest::Client::new();
    for path in ["/critics/all.xml", "/range/2_40/", "/range/x-40/"] {
        let answer = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(answer.status(), 404, "{path}");
    }
}
