//! A partial server: an `Api` that implements one of Bleemeo's five
//! operations compiles and serves it; the others answer 501 Not
//! Implemented with a JSON body, which the generated client reports as an
//! undocumented status.

use user_apis::bleemeo::client::Client;
use user_apis::bleemeo::server::{router, Api};
use user_apis::bleemeo::{Credentials, ErrorDetail, UserDestroyParams, UserRetrieveParams, UserRetrieveResponse};
use user_apis::support::client::ClientError;
use user_apis::support::server::HandlerError;

struct OnlyRetrieve;

impl Api for OnlyRetrieve {
    async fn user_retrieve(
        &self,
        params: UserRetrieveParams,
        credentials: Credentials,
    ) -> Result<UserRetrieveResponse, HandlerError> {
        let _ = credentials;
        Ok(UserRetrieveResponse::NotFound(ErrorDetail { detail: format!("no user {}", params.id) }))
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(OnlyRetrieve)).await.unwrap() });
    base
}

async fn json(response: reqwest::Response) -> serde_json::Value {
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

#[tokio::test]
async fn the_implemented_operation_is_served_and_the_others_answer_501() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let id = "4ad4a2c4-8bd1-4c3d-a3a4-8e5c1f0b9a10";

    let served = http.get(format!("{base}/v1/user/{id}/")).basic_auth("a", Some("b")).send().await.unwrap();
    assert_eq!(served.status(), 404);
    assert_eq!(json(served).await, serde_json::json!({"detail": format!("no user {id}")}));

    for (method, path, operation) in [
        (reqwest::Method::GET, "/v1/user/".to_owned(), "user_list"),
        (reqwest::Method::DELETE, format!("/v1/user/{id}/"), "user_destroy"),
    ] {
        let answer =
            http.request(method.clone(), format!("{base}{path}")).basic_auth("a", Some("b")).send().await.unwrap();
        assert_eq!(answer.status(), 501, "{method} {path}");
        assert_eq!(answer.headers()["content-type"], "application/json");
        assert_eq!(
            json(answer).await,
            serde_json::json!({"detail": format!("The operation `{operation}` is not implemented.")})
        );
    }

    // The request is still read first: without credentials, a 401, not a 501.
    let anonymous = http.get(format!("{base}/v1/user/")).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn the_client_reports_501_as_an_undocumented_status() {
    let base = serve().await;
    let client = Client::new(&base).unwrap().basic_auth("a", "b");
    let id = "4ad4a2c4-8bd1-4c3d-a3a4-8e5c1f0b9a10".parse().unwrap();
    let params = UserDestroyParams { id, x_bleemeo_account: None };
    let error = client.user_destroy(&params).await.unwrap_err();
    match error {
        ClientError::UndocumentedStatus { status: 501, body } => {
            let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["detail"], "The operation `user_destroy` is not implemented.");
        }
        other => panic!("expected a 501, got {other:?}"),
    }
}
