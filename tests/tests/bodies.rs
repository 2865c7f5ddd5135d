//! Request bodies as the spec states them, through the generated servers of
//! `fixtures/nullability.yaml` and `fixtures/read_write.yaml`: a PATCH body
//! is as partial as its schema (no implicit "every field optional"), and a
//! request with no body at all is no body, not one of the wrong media type.

use serde_json::{json, Value};
use tests::support::server::HandlerError;

struct Things;

impl tests::nullability::server::Api for Things {
    async fn note_create(&self, _body: String) -> Result<tests::nullability::NoteCreateResponse, HandlerError> {
        Ok(tests::nullability::NoteCreateResponse::NoContent)
    }

    async fn thing_update(
        &self,
        _params: tests::nullability::ThingUpdateParams,
        body: tests::nullability::Thing,
    ) -> Result<tests::nullability::ThingUpdateResponse, HandlerError> {
        Ok(tests::nullability::ThingUpdateResponse::Ok(body))
    }

    async fn marks_replace(
        &self,
        body: Option<tests::nullability::MarksReplaceBody>,
    ) -> Result<tests::nullability::MarksReplaceResponse, HandlerError> {
        // What came back as the nulls and values of each place.
        let label = body.and_then(|body| body.label);
        Ok(tests::nullability::MarksReplaceResponse::Ok(tests::nullability::Marks {
            labels: vec![None, label.clone()],
            counts: [("none".to_owned(), None), ("one".to_owned(), Some(1))].into(),
            marks: vec![None, Some(tests::nullability::Mark { label })],
            level: None,
        }))
    }

    async fn marks_add(
        &self,
        body: Option<tests::nullability::Mark>,
    ) -> Result<tests::nullability::MarksAddResponse, HandlerError> {
        Ok(tests::nullability::MarksAddResponse::Ok(body))
    }
}

struct Accounts;

impl tests::read_write::server::Api for Accounts {
    async fn account_create(
        &self,
        body: tests::read_write::AccountRequest,
    ) -> Result<tests::read_write::AccountCreateResponse, HandlerError> {
        let owner = tests::read_write::Owner { id: 7, login: body.owner.login };
        Ok(tests::read_write::AccountCreateResponse::Created(tests::read_write::Account {
            id: 1,
            name: body.name,
            owner,
            tags: Vec::new(),
        }))
    }

    async fn account_partial_update(
        &self,
        params: tests::read_write::AccountPartialUpdateParams,
        body: Option<tests::read_write::PatchedAccountRequest>,
    ) -> Result<tests::read_write::AccountPartialUpdateResponse, HandlerError> {
        // The name says whether a body came: none leaves the account as it was.
        let name = match body {
            None => "unchanged".to_owned(),
            Some(patch) => patch.name.unwrap_or_else(|| "no name".to_owned()),
        };
        let owner = tests::read_write::Owner { id: 7, login: "l".to_owned() };
        Ok(tests::read_write::AccountPartialUpdateResponse::Ok(tests::read_write::Account {
            id: params.id,
            name,
            owner,
            tags: Vec::new(),
        }))
    }
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// Sends `method url` with `body` as JSON, or with no body and no `Content-Type`.
async fn send(method: reqwest::Method, url: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, url);
    if let Some(body) = body {
        request = request.header("Content-Type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

#[tokio::test]
async fn a_patch_body_keeps_the_required_keys_of_its_schema() {
    let base = serve(tests::nullability::server::router(Things)).await;
    let url = format!("{base}/things/1/");
    let (status, body) = send(reqwest::Method::PATCH, &url, Some(json!({"optional": "x"}))).await;
    assert_eq!((status, body), (400, json!({"required": ["This field is required."]})));
    let full = json!({"required": "a", "required_nullable": null});
    assert_eq!(send(reqwest::Method::PATCH, &url, Some(full.clone())).await, (200, full));
}

#[tokio::test]
async fn a_required_body_not_sent_is_a_400_naming_what_it_requires() {
    let base = serve(tests::nullability::server::router(Things)).await;
    // An object schema reads no body as `{}`, as DRF reads empty data.
    let (status, body) = send(reqwest::Method::PATCH, &format!("{base}/things/1/"), None).await;
    assert_eq!((status, body), (400, json!({"required": ["This field is required."]})));
    // Any other schema: no data.
    let (status, body) = send(reqwest::Method::POST, &format!("{base}/notes"), None).await;
    assert_eq!((status, body), (400, json!({"non_field_errors": ["No data provided."]})));
    // Bytes without a `Content-Type` are still a body of the wrong type.
    let response = reqwest::Client::new().post(format!("{base}/notes")).body("\"x\"").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 415);
    assert_eq!(send(reqwest::Method::POST, &format!("{base}/notes"), Some(json!("x"))).await.0, 204);
}

#[tokio::test]
async fn an_optional_body_not_sent_reaches_the_handler_as_none() {
    let base = serve(tests::read_write::server::router(Accounts)).await;
    let url = format!("{base}/accounts/3/");
    let (status, body) = send(reqwest::Method::PATCH, &url, None).await;
    assert_eq!((status, &body["name"]), (200, &json!("unchanged")));
    // An empty body is no body, whatever its `Content-Type` says.
    let empty = reqwest::Client::new().patch(&url).header("Content-Type", "application/json").body("");
    let answer = empty.send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(serde_json::from_slice::<Value>(&answer.bytes().await.unwrap()).unwrap()["name"], json!("unchanged"));
    let (status, body) = send(reqwest::Method::PATCH, &url, Some(json!({}))).await;
    assert_eq!((status, &body["name"]), (200, &json!("no name")));
    let (status, body) = send(reqwest::Method::PATCH, &url, Some(json!({"name": "n"}))).await;
    assert_eq!((status, &body["name"]), (200, &json!("n")));
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_before_it_is_parsed() {
    let base = serve(tests::nullability::server::router(Things)).await;
    let limit = tests::support::server::BODY_LIMIT;
    // Valid JSON of the operation's type, one byte over the limit.
    let padding = "x".repeat(limit + 1 - r#"{"required":"","required_nullable":null}"#.len());
    let body = format!(r#"{{"required":"{padding}","required_nullable":null}}"#);
    assert_eq!(body.len(), limit + 1);
    let url = format!("{base}/things/1/");
    let response = reqwest::Client::new()
        .patch(&url)
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let answer: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
    assert_eq!(answer, json!({"detail": "Request body is over this server's size limit."}));
    // At the limit, it is read.
    let at_limit = format!(r#"{{"required":"{}","required_nullable":null}}"#, &padding[1..]);
    let (status, _) = send(reqwest::Method::PATCH, &url, Some(serde_json::from_str(&at_limit).unwrap())).await;
    assert_eq!(status, 200);
    // A router sets its own limit with axum's `DefaultBodyLimit`.
    let raised = tests::nullability::server::router(Things).layer(axum::extract::DefaultBodyLimit::max(limit + 1));
    let url = format!("{}/things/1/", serve(raised).await);
    let (status, _) = send(reqwest::Method::PATCH, &url, Some(serde_json::from_str(&body).unwrap())).await;
    assert_eq!(status, 200, "one byte over the default is under the router's limit");
    let lowered = tests::nullability::server::router(Things).layer(axum::extract::DefaultBodyLimit::max(40));
    let url = format!("{}/things/1/", serve(lowered).await);
    let small = json!({"required": "0123456789", "required_nullable": null});
    assert_eq!(send(reqwest::Method::PATCH, &url, Some(small)).await.0, 413);
}

#[tokio::test]
async fn null_is_read_and_written_where_the_schema_admits_it_and_no_field_says_so() {
    use tests::nullability::{client::Client, Mark, MarksAddResponse, MarksReplaceBody, MarksReplaceResponse};
    let base = serve(tests::nullability::server::router(Things)).await;
    let url = format!("{base}/marks");
    // A required nullable body: `null` is a body; items and values may be `null`.
    let (status, body) = send(reqwest::Method::PUT, &url, Some(Value::Null)).await;
    let expected =
        json!({"labels": [null, null], "counts": {"none": null, "one": 1}, "marks": [null, {}], "level": null});
    assert_eq!((status, body), (200, expected));
    assert_eq!(send(reqwest::Method::PUT, &url, None).await.0, 400, "a required body is still required");
    let (status, body) = send(reqwest::Method::PUT, &url, Some(json!({"label": "a"}))).await;
    assert_eq!((status, &body["marks"]), (200, &json!([null, {"label": "a"}])));
    // An optional nullable body: absent and `null` are both `None`; the answer is `null`.
    assert_eq!(send(reqwest::Method::POST, &url, None).await, (200, Value::Null));
    assert_eq!(send(reqwest::Method::POST, &url, Some(Value::Null)).await, (200, Value::Null));
    assert_eq!(send(reqwest::Method::POST, &url, Some(json!([]))).await.0, 400);

    // The client sends `None` as `null` (required) or as no body (optional), and reads the nulls back.
    let client = Client::new(&base).unwrap();
    let MarksReplaceResponse::Ok(marks) = client.marks_replace(None).await.unwrap();
    assert_eq!((marks.labels, marks.marks), (vec![None, None], vec![None, Some(Mark { label: None })]));
    let body = MarksReplaceBody { label: Some("b".to_owned()) };
    let MarksReplaceResponse::Ok(marks) = client.marks_replace(Some(&body)).await.unwrap();
    assert_eq!(marks.counts.get("none"), Some(&None));
    assert_eq!(marks.labels, [None, Some("b".to_owned())]);
    let mark = Mark { label: Some("c".to_owned()) };
    assert_eq!(client.marks_add(Some(&mark)).await.unwrap(), MarksAddResponse::Ok(Some(mark)));
    assert_eq!(client.marks_add(None).await.unwrap(), MarksAddResponse::Ok(None));
}
