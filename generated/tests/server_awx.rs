//! The AWX reference server over raw HTTP: every documented status of
//! every operation it can produce, with AWX's own bodies.

mod common;
#[path = "../examples/reference/mod.rs"]
mod reference;

use common::{basic_admin, start};
use serde_json::json;

const TEAM: &str = "/api/v2/teams/1/users/";

async fn server() -> common::Server {
    start(reference::app()).await
}

#[tokio::test]
async fn create_then_list_sorted_and_paginated() {
    let server = server().await;
    for name in ["carol", "alice", "bob"] {
        let created =
            server.call("POST", TEAM, Some(basic_admin()), Some(json!({"username": name, "password": "pw"}))).await;
        assert_eq!(created.status, 201, "{:?}", created.json());
        let body = created.json();
        let id = body["id"].as_i64().unwrap();
        assert_eq!(created.header("Location"), Some(format!("/api/v2/users/{id}/").as_str()));
        assert_eq!(body["username"], name);
        assert!(body.get("password").is_none(), "the password is never echoed");
    }
    let page = server.call("GET", &format!("{TEAM}?page_size=2"), Some(basic_admin()), None).await;
    assert_eq!(page.status, 200);
    let page = page.json();
    assert_eq!(page["count"], 3);
    let names: Vec<_> =
        page["results"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["alice", "bob"]);
    assert_eq!(page["next"], "/api/v2/teams/1/users/?page=2&page_size=2");
    assert_eq!(page["previous"], json!(null));
    let last = server.call("GET", &format!("{TEAM}?page=2&page_size=2"), Some("Bearer demo-token"), None).await.json();
    assert_eq!(last["results"][0]["username"], "carol");
    assert_eq!(last["next"], json!(null));
}

#[tokio::test]
async fn usernames_are_unique_and_password_required() {
    let server = server().await;
    let duplicate =
        server.call("POST", TEAM, Some(basic_admin()), Some(json!({"username": "admin", "password": "pw"}))).await;
    assert_eq!(
        (duplicate.status, duplicate.json()),
        (400, json!({"username": ["A user with that username already exists."]}))
    );
    let empty = server.call("POST", TEAM, Some(basic_admin()), Some(json!({}))).await;
    assert_eq!(
        (empty.status, empty.json()),
        (400, json!({"username": ["This field is required."], "password": ["Password required for new User."]}))
    );
    let long = server
        .call("POST", TEAM, Some(basic_admin()), Some(json!({"username": "é".repeat(151), "password": "pw"})))
        .await;
    assert_eq!(long.status, 400);
    assert!(long.json()["username"][0].as_str().unwrap().contains("maxLength"), "{:?}", long.json());
    let exact = server
        .call("POST", TEAM, Some(basic_admin()), Some(json!({"username": "é".repeat(150), "password": "pw"})))
        .await;
    assert_eq!(exact.status, 201, "150 characters are allowed, whatever their bytes");
}

#[tokio::test]
async fn associate_and_disassociate_are_idempotent() {
    let server = server().await;
    for _ in 0..2 {
        let added = server.call("POST", TEAM, Some(basic_admin()), Some(json!({"id": 1}))).await;
        assert_eq!((added.status, added.body.len()), (204, 0));
    }
    let members = server.call("GET", TEAM, Some(basic_admin()), None).await.json();
    assert_eq!(members["count"], 1);
    for _ in 0..2 {
        let removed =
            server.call("POST", TEAM, Some(basic_admin()), Some(json!({"id": 1, "disassociate": true}))).await;
        assert_eq!((removed.status, removed.body.len()), (204, 0));
    }
    assert_eq!(server.call("GET", TEAM, Some(basic_admin()), None).await.json()["count"], 0);
    // The user itself still exists.
    assert_eq!(server.call("GET", "/api/v2/users/1/", Some(basic_admin()), None).await.status, 200);
}

#[tokio::test]
async fn awx_error_messages() {
    let server = server().await;
    let post = |body| server.call("POST", TEAM, Some(basic_admin()), Some(body));
    let cases = [
        (json!({"disassociate": true}), json!({"msg": "\"id\" is required to disassociate"})),
        (json!({"id": 0, "disassociate": true}), json!({"msg": "\"id\" is required to disassociate"})),
        (json!({"id": null, "disassociate": true}), json!({"msg": "\"id\" is required to disassociate"})),
        (json!({"id": "x", "disassociate": true}), json!({"msg": "\"id\" field must be an integer."})),
        (json!({"id": "x"}), json!({"msg": "\"id\" field must be an integer."})),
        (json!({"id": 99}), json!({"detail": "User matching query does not exist."})),
        (json!({"id": 99, "disassociate": 1}), json!({"detail": "User matching query does not exist."})),
        (json!({"id": -4}), json!({"detail": "User matching query does not exist."})),
    ];
    for (body, expected) in cases {
        let reply = post(body.clone()).await;
        assert_eq!((reply.status, reply.json()), (400, expected), "{body}");
    }
    let unknown_team = server.call("POST", "/api/v2/teams/7/users/", Some(basic_admin()), Some(json!({"id": 1}))).await;
    assert_eq!((unknown_team.status, unknown_team.json()), (404, json!({"detail": "Not found."})));
    let unknown_team = server.call("GET", "/api/v2/teams/7/users/", Some(basic_admin()), None).await;
    assert_eq!(unknown_team.status, 404);
}

#[tokio::test]
async fn credentials_are_checked_before_anything_else() {
    let server = server().await;
    let none = server.call("POST", TEAM, None, Some(json!({"id": "not even valid"}))).await;
    assert_eq!((none.status, none.json()), (401, json!({"detail": "Authentication credentials were not provided."})));
    assert_eq!(none.header("WWW-Authenticate"), Some("Bearer realm=api authorization_url=/api/o/authorize/"));
    for wrong in ["Basic YWRtaW46bm9wZQ==", "Bearer nope", "JWT demo-token"] {
        let reply = server.call("GET", TEAM, Some(wrong), None).await;
        assert_eq!(reply.status, 401, "{wrong}");
        assert_eq!(reply.header("WWW-Authenticate"), Some("Bearer realm=api authorization_url=/api/o/authorize/"));
    }
    assert_eq!(server.call("GET", TEAM, Some("Bearer demo-token"), None).await.status, 200);
}

#[tokio::test]
async fn retrieve_patch_delete_a_user() {
    let server = server().await;
    let created = server
        .call("POST", TEAM, Some(basic_admin()), Some(json!({"username": "dave", "password": "pw", "email": "d@x.io"})))
        .await
        .json();
    let url = format!("/api/v2/users/{}/", created["id"]);
    assert_eq!(server.call("GET", &url, Some(basic_admin()), None).await.json()["email"], "d@x.io");
    let patched = server.call("PATCH", &url, Some(basic_admin()), Some(json!({"first_name": "Dave"}))).await;
    assert_eq!(patched.status, 200);
    assert_eq!(
        (patched.json()["first_name"].clone(), patched.json()["email"].clone()),
        (json!("Dave"), json!("d@x.io"))
    );
    let taken = server.call("PATCH", &url, Some(basic_admin()), Some(json!({"username": "admin"}))).await;
    assert_eq!((taken.status, taken.json()), (400, json!({"username": ["A user with that username already exists."]})));
    let deleted = server.call("DELETE", &url, Some(basic_admin()), None).await;
    assert_eq!((deleted.status, deleted.body.len()), (204, 0));
    for method in ["GET", "DELETE"] {
        let gone = server.call(method, &url, Some(basic_admin()), None).await;
        assert_eq!((gone.status, gone.json()), (404, json!({"detail": "Not found."})));
    }
    let gone = server.call("PATCH", &url, Some(basic_admin()), Some(json!({}))).await;
    assert_eq!(gone.status, 404);
}
