//! The Bleemeo reference server over raw HTTP.

mod common;
#[path = "../examples/reference/mod.rs"]
mod reference;

use common::start;
use serde_json::json;

const JWT: &str = "JWT demo-token";

#[tokio::test]
async fn invite_list_retrieve_delete() {
    let server = start(reference::app()).await;
    let created =
        server.call("POST", "/v1/user/", Some(JWT), Some(json!({"email": "a@example.com", "first_name": "A"}))).await;
    assert_eq!(created.status, 201);
    let user = created.json();
    assert_eq!(
        (user["email"].clone(), user["first_name"].clone(), user["timezone"].clone()),
        (json!("a@example.com"), json!("A"), json!(null))
    );
    let url = format!("/v1/user/{}/", user["id"].as_str().unwrap());
    // Every documented field is present in a full answer, read-only ones included.
    assert!(serde_json::from_value::<user_apis::bleemeo::User>(user.clone()).is_ok());
    assert_eq!(server.call("GET", &url, Some("Basic YWRtaW46YWRtaW4="), None).await.json(), user);
    let list = server.call("GET", "/v1/user/?page_size=1", Some("Bearer demo-token"), None).await.json();
    assert_eq!((list["count"].clone(), list["next"].clone()), (json!(1), json!(null)));
    let deleted = server.call("DELETE", &url, Some(JWT), None).await;
    assert_eq!((deleted.status, deleted.body.len()), (204, 0));
    assert_eq!(server.call("GET", &url, Some(JWT), None).await.status, 404);
    assert_eq!(server.call("DELETE", &url, Some(JWT), None).await.status, 404);
}

#[tokio::test]
async fn fields_keeps_only_the_named_fields() {
    let server = start(reference::app()).await;
    let created = server
        .call("POST", "/v1/user/?fields=id,email,nonsense", Some(JWT), Some(json!({"email": "b@example.com"})))
        .await;
    assert_eq!(created.status, 201);
    let sparse = created.json();
    assert_eq!(sparse.as_object().unwrap().keys().collect::<Vec<_>>(), ["email", "id"]);
    let list = server.call("GET", "/v1/user/?fields=email", Some(JWT), None).await.json();
    assert_eq!(list["results"], json!([{"email": "b@example.com"}]));
    assert_eq!(list["count"], 1, "pagination keys stay");
    // No name is no filter, as DRF's dynamic-fields mixins read it.
    let everything = server.call("GET", "/v1/user/?fields=", Some(JWT), None).await.json();
    let user = everything["results"][0].as_object().unwrap();
    assert!(user.contains_key("email") && user.contains_key("id") && user.contains_key("created_at"), "{user:?}");
    let created = server.call("POST", "/v1/user/?fields=", Some(JWT), Some(json!({"email": "e@example.com"}))).await;
    assert_eq!(created.status, 201);
    assert!(created.json().as_object().unwrap().len() > 2, "{:?}", created.json());
}

#[tokio::test]
async fn patch_tells_null_from_absent() {
    let server = start(reference::app()).await;
    let user = server
        .call(
            "POST",
            "/v1/user/",
            Some(JWT),
            Some(json!({"email": "c@example.com", "timezone": "Europe/Paris", "toggle_weekly": true})),
        )
        .await
        .json();
    let url = format!("/v1/user/{}/", user["id"].as_str().unwrap());
    let untouched = server.call("PATCH", &url, Some(JWT), Some(json!({"first_name": "C"}))).await.json();
    assert_eq!(
        (untouched["timezone"].clone(), untouched["toggle_weekly"].clone()),
        (json!("Europe/Paris"), json!(true))
    );
    let cleared = server.call("PATCH", &url, Some(JWT), Some(json!({"timezone": null}))).await.json();
    assert_eq!(
        (cleared["timezone"].clone(), cleared["toggle_weekly"].clone(), cleared["first_name"].clone()),
        (json!(null), json!(true), json!("C"))
    );
    let invalid = server.call("PATCH", &url, Some(JWT), Some(json!({"email": "nope"}))).await;
    assert_eq!(invalid.status, 400);
    assert!(invalid.json()["email"][0].as_str().unwrap().contains("e-mail"), "{:?}", invalid.json());
}

/// A value refused after it is read (an address that is none) is named by
/// its key wherever it stands: first, last, alone, amid whitespace.
#[tokio::test]
async fn a_refused_value_is_named_by_its_key_wherever_it_stands() {
    let server = start(reference::app()).await;
    let bodies = [
        r#"{"email": "nope"}"#,
        "{\n  \"email\" : \"nope\"  \n}\n",
        r#"{"email": "nope", "first_name": "A"}"#,
        r#"{"first_name": "A", "email": "nope"}"#,
        r#"{"first_name": "A", "email": "nope", "last_name": "B"}"#,
    ];
    for body in bodies {
        let headers = vec![("Authorization", JWT.to_owned()), ("Content-Type", "application/json".to_owned())];
        let request = common::Request { method: "POST", target: "/v1/user/", headers, body: body.into() };
        let refused = server.send(request).await;
        assert_eq!(refused.status, 400, "{body}");
        let fields = refused.json();
        assert_eq!(fields.as_object().unwrap().keys().collect::<Vec<_>>(), ["email"], "{body}: {fields}");
        let message = fields["email"][0].as_str().unwrap();
        assert!(message.contains("e-mail") && !message.contains(" at line "), "{body}: {message}");
    }
    // A body that lacks what it must hold is refused as a whole, not at its last key.
    let missing = server.call("POST", "/v1/user/", Some(JWT), Some(json!({"first_name": "A"}))).await;
    assert_eq!((missing.status, missing.json()), (400, json!({"email": ["This field is required."]})));
}

#[tokio::test]
async fn auth_and_account() {
    let server = start(reference::app()).await;
    let none = server.call("GET", "/v1/user/", None, None).await;
    assert_eq!((none.status, none.json()), (401, json!({"detail": "Authentication credentials were not provided."})));
    for wrong in ["JWT other", "Bearer other", "Basic YWRtaW46bm9wZQ==", "Token demo-token"] {
        let reply = server.call("GET", "/v1/user/", Some(wrong), None).await;
        assert_eq!((reply.status, reply.json()), (401, json!({"detail": "Invalid username/password."})), "{wrong}");
    }
    let other_account = common::Request {
        method: "GET",
        target: "/v1/user/",
        headers: vec![
            ("Authorization", JWT.to_owned()),
            ("X-Bleemeo-Account", "00000000-0000-0000-0000-00000000beef".to_owned()),
        ],
        body: Vec::new(),
    };
    let forbidden = server.send(other_account).await;
    assert_eq!(
        (forbidden.status, forbidden.json()),
        (403, json!({"detail": "You do not have permission to perform this action."}))
    );
    let invite = server.call("POST", "/v1/user/", Some(JWT), Some(json!({}))).await;
    assert_eq!((invite.status, invite.json()), (400, json!({"email": ["This field is required."]})));
}
