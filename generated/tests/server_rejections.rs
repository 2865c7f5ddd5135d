//! Each class of bad input gets its exact 4xx and JSON body before any
//! handler runs; nothing answers with axum's plain-text rejections.

mod common;
#[path = "../examples/reference/mod.rs"]
mod reference;

use common::{basic_admin, start, Request};
use serde_json::json;

const TEAM: &str = "/api/v2/teams/1/users/";

fn post(body: Vec<u8>, content_type: Option<&str>) -> Request<'static> {
    let mut headers = vec![("Authorization", basic_admin().to_owned())];
    if let Some(content_type) = content_type {
        headers.push(("Content-Type", content_type.to_owned()));
    }
    Request { method: "POST", target: TEAM, headers, body }
}

#[tokio::test]
async fn body_rejections() {
    let server = start(reference::app()).await;
    let json = Some("application/json");

    let malformed = server.send(post(b"{\"username\": ".to_vec(), json)).await;
    assert_eq!(malformed.status, 400);
    assert!(malformed.json()["detail"].as_str().unwrap().starts_with("JSON parse error - "));

    let not_object = server.send(post(b"[1, 2]".to_vec(), json)).await;
    assert_eq!(
        (not_object.status, not_object.json()),
        (400, json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got list."]}))
    );
    let string = server.send(post(b"\"x\"".to_vec(), json)).await;
    assert_eq!(string.json(), json!({"non_field_errors": ["Invalid data. Expected a dictionary, but got str."]}));

    let wrong_type = server.send(post(br#"{"username": 5, "password": "p"}"#.to_vec(), json)).await;
    assert_eq!(wrong_type.status, 400);
    assert!(
        wrong_type.json()["username"][0].as_str().unwrap().contains("invalid type: integer `5`"),
        "{:?}",
        wrong_type.json()
    );

    let missing_type = server.send(post(b"{}".to_vec(), None)).await;
    assert_eq!(missing_type.status, 415);
    assert!(missing_type.json()["detail"].as_str().unwrap().contains("Content-Type: application/json"));
    let wrong_media = server.send(post(b"{}".to_vec(), Some("text/plain"))).await;
    assert_eq!(
        (wrong_media.status, wrong_media.json()),
        (415, json!({"detail": "Unsupported media type \"text/plain\" in request."}))
    );
    let with_charset = server.send(post(br#"{"id": 1}"#.to_vec(), Some("application/json; charset=utf-8"))).await;
    assert_eq!(with_charset.status, 204);

    let huge = format!(r#"{{"username": "{}"}}"#, "x".repeat(2 * 1024 * 1024));
    let too_large = server.send(post(huge.into_bytes(), json)).await;
    assert_eq!(too_large.status, 413);
    assert!(too_large.json()["detail"].as_str().unwrap().contains("size limit"));

    let invalid_utf8 = server.send(post(b"{\"username\": \"\xff\xfe\"}".to_vec(), json)).await;
    assert_eq!(invalid_utf8.status, 400);
    assert!(invalid_utf8.json()["detail"].as_str().unwrap().starts_with("JSON parse error"));

    let deep = format!("{{\"a\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let nested = server.send(post(deep.into_bytes(), json)).await;
    assert_eq!(nested.status, 400);
    assert!(nested.json()["detail"].as_str().unwrap().contains("recursion limit"));
}

#[tokio::test]
async fn parameter_rejections() {
    let server = start(reference::app()).await;
    let bad_path = server.call("GET", "/api/v2/teams/abc/users/", Some(basic_admin()), None).await;
    assert_eq!((bad_path.status, bad_path.json()), (404, json!({"detail": "Not found."})));
    let bad_uuid = server.call("GET", "/v1/user/not-a-uuid/", Some("JWT demo-token"), None).await;
    assert_eq!(bad_uuid.status, 404);

    let bad_query = server.call("GET", &format!("{TEAM}?page=zero"), Some(basic_admin()), None).await;
    assert_eq!(bad_query.status, 400);
    assert!(bad_query.json()["page"][0].as_str().unwrap().starts_with("Invalid value \"zero\""));
    // DRF's paginator clamps `page_size` rather than refusing it.
    for size in ["201", "0", "-3"] {
        let page = server.call("GET", &format!("{TEAM}?page_size={size}"), Some(basic_admin()), None).await;
        assert_eq!(page.status, 200, "page_size={size}: {:?}", page.json());
    }
    assert_eq!(
        [Some(201), Some(0), Some(-3), None, Some(7)].map(|size| reference::page_size(size, 25, Some(200))),
        [200, 25, 25, 25, 7]
    );

    let bad_header = Request {
        method: "GET",
        target: "/v1/user/",
        headers: vec![("Authorization", "JWT demo-token".to_owned()), ("X-Bleemeo-Account", "42".to_owned())],
        body: Vec::new(),
    };
    let bad_header = server.send(bad_header).await;
    assert_eq!(bad_header.status, 400);
    assert!(bad_header.json()["X-Bleemeo-Account"].is_array());
}

#[tokio::test]
async fn routing_rejections() {
    let server = start(reference::app()).await;
    let put = server.call("PUT", TEAM, Some(basic_admin()), None).await;
    assert_eq!((put.status, put.json()), (405, json!({"detail": "Method \"PUT\" not allowed."})));
    assert_eq!(put.header("Allow"), Some("GET, HEAD, POST"));
    let post_user = server.call("POST", "/api/v2/users/1/", Some(basic_admin()), None).await;
    assert_eq!(post_user.header("Allow"), Some("DELETE, GET, HEAD, PATCH"));
    let unknown = server.call("GET", "/api/v2/teams/1/users", Some(basic_admin()), None).await;
    assert_eq!(
        (unknown.status, unknown.json()),
        (404, json!({"detail": "Not found."})),
        "paths are exact, trailing slash included"
    );
    let head = server.call("HEAD", TEAM, Some(basic_admin()), None).await;
    assert_eq!(head.status, 200);
}
