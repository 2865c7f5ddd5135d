//! The generated clients against the reference server (and, for answers
//! it never gives, small scripted axum apps): every operation, every
//! documented status they can produce, and each kind of `ClientError`.

mod common;
#[path = "../examples/reference/mod.rs"]
mod reference;

use axum::response::IntoResponse as _;
use serde_json::json;
use std::time::Duration;
use user_apis::support::client::{ClientError, Sparse};
use user_apis::support::Nullable;
use user_apis::{awx, bleemeo};

async fn base_url(router: axum::Router) -> String {
    format!("http://{}", common::start(router).await.addr)
}

fn create(username: &str) -> awx::TeamUserActionRequest {
    serde_json::from_value(json!({"username": username, "password": "pw"})).unwrap()
}

#[tokio::test]
async fn awx_create_associate_disassociate_list() {
    let client = awx::client::Client::new(&base_url(reference::app()).await).unwrap().basic_auth("admin", "admin");
    let team = awx::TeamsUsersCreateParams { id: 1 };
    let created = client.teams_users_create(&team, &create("zoe")).await.unwrap();
    let awx::TeamsUsersCreateResponse::Created { body: user, location } = created else { panic!("{created:?}") };
    assert_eq!(location, format!("/api/v2/users/{}/", user.id));
    assert_eq!(user.username.as_str(), "zoe");

    let disassociate: awx::TeamUserActionRequest =
        serde_json::from_value(json!({"id": user.id, "disassociate": true})).unwrap();
    assert_eq!(
        client.teams_users_create(&team, &disassociate).await.unwrap(),
        awx::TeamsUsersCreateResponse::NoContent
    );
    let associate: awx::TeamUserActionRequest = serde_json::from_value(json!({"id": user.id})).unwrap();
    assert_eq!(client.teams_users_create(&team, &associate).await.unwrap(), awx::TeamsUsersCreateResponse::NoContent);

    let duplicate = client.teams_users_create(&team, &create("zoe")).await.unwrap();
    let awx::TeamsUsersCreateResponse::BadRequest(awx::TeamUserError::FieldErrors(errors)) = duplicate else {
        panic!("{duplicate:?}")
    };
    assert_eq!(errors["username"], ["A user with that username already exists."]);
    let unknown = client.teams_users_create(&team, &serde_json::from_value(json!({"id": 999})).unwrap()).await.unwrap();
    assert!(matches!(unknown, awx::TeamsUsersCreateResponse::BadRequest(awx::TeamUserError::ErrorDetail(_))));

    let missing_team = client.teams_users_create(&awx::TeamsUsersCreateParams { id: 42 }, &associate).await.unwrap();
    assert!(matches!(missing_team, awx::TeamsUsersCreateResponse::NotFound(d) if d.detail == "Not found."));

    let list =
        awx::TeamsUsersListParams { id: 1, page: None, page_size: None, order_by: None, search: Some("zo".into()) };
    let awx::TeamsUsersListResponse::Ok(page) = client.teams_users_list(&list).await.unwrap() else { panic!() };
    assert_eq!(page.results.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), ["zoe"]);
}

#[tokio::test]
async fn awx_pages_are_walked_through_next() {
    let client = awx::client::Client::new(&base_url(reference::app()).await).unwrap().bearer_auth("demo-token");
    let team = awx::TeamsUsersCreateParams { id: 1 };
    for name in ["u3", "u1", "u5", "u2", "u4"] {
        client.teams_users_create(&team, &create(name)).await.unwrap();
    }
    let params = awx::TeamsUsersListParams { id: 1, page: None, page_size: Some(2), order_by: None, search: None };
    let mut pages = client.teams_users_list_pages(&params);
    let mut seen = Vec::new();
    while let Some(page) = pages.next_page().await {
        let awx::TeamsUsersListResponse::Ok(page) = page.unwrap() else { panic!("not a page") };
        seen.push(page.results.iter().map(|u| u.username.to_string()).collect::<Vec<_>>());
    }
    assert_eq!(seen, [vec!["u1", "u2"], vec!["u3", "u4"], vec!["u5"]]);
}

#[tokio::test]
async fn awx_user_operations_and_401() {
    let base = base_url(reference::app()).await;
    let client = awx::client::Client::new(&base).unwrap().basic_auth("admin", "admin");
    let user = awx::UsersRetrieveParams { id: 1 };
    assert!(
        matches!(client.users_retrieve(&user).await.unwrap(), awx::UsersRetrieveResponse::Ok(u) if u.username.as_str() == "admin")
    );
    let patch: awx::PatchedUserRequest = serde_json::from_value(json!({"first_name": "Ada"})).unwrap();
    let patched = client.users_partial_update(&awx::UsersPartialUpdateParams { id: 1 }, Some(&patch)).await.unwrap();
    assert!(matches!(patched, awx::UsersPartialUpdateResponse::Ok(u) if u.first_name.as_str() == "Ada"));
    assert_eq!(
        client.users_destroy(&awx::UsersDestroyParams { id: 1 }).await.unwrap(),
        awx::UsersDestroyResponse::NoContent
    );
    assert!(matches!(client.users_retrieve(&user).await.unwrap(), awx::UsersRetrieveResponse::NotFound(_)));

    let anonymous = awx::client::Client::new(&base).unwrap();
    let refused = anonymous.users_retrieve(&user).await.unwrap();
    let awx::UsersRetrieveResponse::Unauthorized { body, www_authenticate } = refused else { panic!("{refused:?}") };
    assert_eq!(body.detail, "Authentication credentials were not provided.");
    assert_eq!(www_authenticate, "Bearer realm=api authorization_url=/api/o/authorize/");
    let wrong = awx::client::Client::new(&base).unwrap().basic_auth("admin", "wrong");
    assert!(matches!(wrong.users_retrieve(&user).await.unwrap(), awx::UsersRetrieveResponse::Unauthorized { .. }));
}

fn bleemeo_client(base: &str) -> bleemeo::client::Client {
    bleemeo::client::Client::new(base)
        .unwrap()
        .jwt_auth("JWT demo-token")
        .default_header("X-Bleemeo-Account", &reference::bleemeo::ACCOUNT.to_string())
        .unwrap()
        .timeout(Duration::from_secs(10))
}

#[tokio::test]
async fn bleemeo_patch_clears_with_null_and_keeps_what_is_absent() {
    let client = bleemeo_client(&base_url(reference::app()).await);
    let none = bleemeo::UserCreateParams { fields: None, x_bleemeo_account: None };
    let invite: bleemeo::UserRequest =
        serde_json::from_value(json!({"email": "p@x.io", "timezone": "UTC", "first_name": "P"})).unwrap();
    let bleemeo::UserCreateResponse::Created(user) = client.user_create(&none, &invite).await.unwrap() else {
        panic!()
    };
    let target = bleemeo::UserPartialUpdateParams { id: user.id, fields: None, x_bleemeo_account: None };

    let keep =
        bleemeo::PatchedUserRequest { last_name: Some("Q".into()), ..serde_json::from_value(json!({})).unwrap() };
    let bleemeo::UserPartialUpdateResponse::Ok(kept) = client.user_partial_update(&target, Some(&keep)).await.unwrap()
    else {
        panic!()
    };
    assert_eq!((kept.timezone.clone(), kept.last_name.as_deref()), (Nullable::Value("UTC".into()), Some("Q")));

    let clear = bleemeo::PatchedUserRequest { timezone: Nullable::Null, ..serde_json::from_value(json!({})).unwrap() };
    let bleemeo::UserPartialUpdateResponse::Ok(cleared) =
        client.user_partial_update(&target, Some(&clear)).await.unwrap()
    else {
        panic!()
    };
    assert_eq!((cleared.timezone, cleared.first_name.as_deref()), (Nullable::Null, Some("P")));

    let retrieve = bleemeo::UserRetrieveParams { id: user.id, fields: None, x_bleemeo_account: None };
    assert!(matches!(client.user_retrieve(&retrieve).await.unwrap(), bleemeo::UserRetrieveResponse::Ok(_)));
    let destroy = bleemeo::UserDestroyParams { id: user.id, x_bleemeo_account: None };
    assert_eq!(client.user_destroy(&destroy).await.unwrap(), bleemeo::UserDestroyResponse::NoContent);
    assert!(matches!(client.user_retrieve(&retrieve).await.unwrap(), bleemeo::UserRetrieveResponse::NotFound(_)));

    // An operation's own header parameter wins over the default header.
    let other = bleemeo::UserListParams {
        page: None,
        page_size: None,
        fields: None,
        x_bleemeo_account: Some(uuid::Uuid::nil()),
    };
    assert!(matches!(client.user_list(&other).await.unwrap(), bleemeo::UserListResponse::Forbidden(_)));
}

#[tokio::test]
async fn bleemeo_sparse_answers_and_400() {
    let client = bleemeo_client(&base_url(reference::app()).await);
    let fields = bleemeo::UserCreateParams { fields: Some(vec!["id".into(), "email".into()]), x_bleemeo_account: None };
    let invite: bleemeo::UserRequest = serde_json::from_value(json!({"email": "s@x.io"})).unwrap();
    let Sparse::Fields(sparse) = client.user_create_sparse(&fields, &invite).await.unwrap() else { panic!() };
    assert_eq!(sparse.as_object().unwrap().len(), 2);
    assert_eq!(sparse["email"], "s@x.io");
    // The same request through the fully typed method cannot decode a sparse answer, and says where.
    let error =
        client.user_create(&fields, &serde_json::from_value(json!({"email": "t@x.io"})).unwrap()).await.unwrap_err();
    assert!(
        matches!(&error, ClientError::InvalidBody { status: 201, message, .. } if message.contains("missing field")),
        "{error}"
    );
    let list = bleemeo::UserListParams {
        page: None,
        page_size: None,
        fields: Some(vec!["email".into()]),
        x_bleemeo_account: None,
    };
    let Sparse::Fields(page) = client.user_list_sparse(&list).await.unwrap() else { panic!() };
    assert_eq!(page["results"][0], json!({"email": "s@x.io"}));
    // An empty list names no field: the answer is whole, and typed.
    let every = bleemeo::UserListParams { fields: Some(Vec::new()), ..list };
    let Sparse::Other(bleemeo::UserListResponse::Ok(page)) = client.user_list_sparse(&every).await.unwrap() else {
        panic!()
    };
    assert_eq!(page.results[0].email.as_str(), "s@x.io");

    let duplicate = client
        .user_create(&bleemeo::UserCreateParams { fields: None, x_bleemeo_account: None }, &invite)
        .await
        .unwrap();
    assert!(
        matches!(duplicate, bleemeo::UserCreateResponse::BadRequest(bleemeo::ValidationError::FieldErrors(e)) if e.contains_key("email"))
    );
}

/// A server that answers every request with `status` and `body` (and headers).
fn scripted(status: u16, body: &'static str, headers: &'static [(&'static str, &'static str)]) -> axum::Router {
    axum::Router::new().fallback(move || async move {
        let mut response = axum::response::Response::new(axum::body::Body::from(body));
        *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
        response.headers_mut().insert("content-type", "application/json".parse().unwrap());
        for (name, value) in headers {
            response.headers_mut().insert(*name, value.parse().unwrap());
        }
        response
    })
}

#[tokio::test]
async fn client_errors_tell_their_kind() {
    let user = awx::UsersRetrieveParams { id: 1 };
    let teapot = awx::client::Client::new(&base_url(scripted(418, "{\"short\": \"stout\"}", &[])).await).unwrap();
    let error = teapot.users_retrieve(&user).await.unwrap_err();
    assert!(
        matches!(&error, ClientError::UndocumentedStatus { status: 418, body } if body == b"{\"short\": \"stout\"}"),
        "{error}"
    );

    let broken = awx::client::Client::new(&base_url(scripted(200, "{\"id\": \"seven\"}", &[])).await).unwrap();
    let error = broken.users_retrieve(&user).await.unwrap_err();
    assert!(matches!(&error, ClientError::InvalidBody { status: 200, path, .. } if path == "id"), "{error}");
    // serde_json's own words, with the line and column of the offending value.
    let ClientError::InvalidBody { message, .. } = &error else { unreachable!() };
    assert_eq!(message, "invalid type: string \"seven\", expected i64 at line 1 column 14");

    let no_location = awx::client::Client::new(&base_url(scripted(201, AWX_USER, &[])).await).unwrap();
    let error = no_location.teams_users_create(&awx::TeamsUsersCreateParams { id: 1 }, &create("x")).await.unwrap_err();
    assert!(matches!(&error, ClientError::InvalidHeader { status: 201, name: "location", .. }), "{error}");

    let closed = awx::client::Client::new("http://127.0.0.1:9").unwrap().basic_auth("admin", "s3cret-pass");
    let error = closed.users_retrieve(&user).await.unwrap_err();
    assert!(matches!(error, ClientError::Transport(_)));
    assert!(!format!("{error} {error:?} {closed:?}").contains("s3cret-pass"), "credentials never show");

    assert!(matches!(awx::client::Client::new("not a url"), Err(ClientError::InvalidUrl(_))));
}

const AWX_USER: &str = r#"{"id": 3, "type": "user", "url": "/api/v2/users/3/", "related": {}, "summary_fields": {},
 "created": "2024-01-01T00:00:00Z", "modified": null, "username": "x", "first_name": "", "last_name": "", "email": "",
 "is_superuser": false, "is_system_auditor": false, "ldap_dn": "", "last_login": null, "external_account": null}"#;

#[tokio::test]
async fn retry_after_is_exposed_and_honoured_when_asked() {
    let calls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = calls.clone();
    let limited = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            let call = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if call < 2 {
                (
                    axum::http::StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "0")],
                    axum::Json(json!({"detail": "slow down"})),
                )
                    .into_response()
            } else {
                (axum::http::StatusCode::NO_CONTENT, [("retry-after", "0")], axum::Json(json!(null))).into_response()
            }
        }
    });
    let base = base_url(limited).await;
    let destroy = bleemeo::UserDestroyParams { id: uuid::Uuid::nil(), x_bleemeo_account: None };

    let plain = bleemeo::client::Client::new(&base).unwrap();
    let answer = plain.user_destroy(&destroy).await.unwrap();
    let bleemeo::UserDestroyResponse::TooManyRequests { body, retry_after } = answer else { panic!("{answer:?}") };
    assert_eq!((body.detail.as_str(), retry_after.get()), ("slow down", 0));

    let patient = bleemeo::client::Client::new(&base).unwrap().retry_on_429(3, Duration::from_secs(1));
    assert_eq!(patient.user_destroy(&destroy).await.unwrap(), bleemeo::UserDestroyResponse::NoContent);
    assert_eq!(
        calls.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "one 429 without retry, then one retried 429 and a 204"
    );
}

#[tokio::test]
async fn paths_and_queries_are_encoded() {
    // Answers 404 with the raw request target as the detail.
    let echo = axum::Router::new().fallback(|uri: axum::http::Uri| async move {
        (axum::http::StatusCode::NOT_FOUND, axum::Json(json!({"detail": uri.to_string()})))
    });
    let base = base_url(echo).await;
    let client = bleemeo::client::Client::new(&format!("{base}/prefix/")).unwrap();
    let params = bleemeo::UserRetrieveParams {
        id: uuid::Uuid::nil(),
        fields: Some(vec!["id".into(), "email".into(), "a b&c,d".into()]),
        x_bleemeo_account: None,
    };
    let bleemeo::UserRetrieveResponse::NotFound(echoed) = client.user_retrieve(&params).await.unwrap() else {
        panic!()
    };
    assert_eq!(echoed.detail, "/prefix/v1/user/00000000-0000-0000-0000-000000000000/?fields=id,email,a%20b%26c%2Cd");
    let awx = awx::client::Client::new(&base).unwrap();
    let search = awx::TeamsUsersListParams {
        id: 5,
        page: None,
        page_size: None,
        order_by: Some("-username".into()),
        search: Some("é/?".into()),
    };
    let awx::TeamsUsersListResponse::NotFound(echoed) = awx.teams_users_list(&search).await.unwrap() else { panic!() };
    assert_eq!(echoed.detail, "/api/v2/teams/5/users/?order_by=-username&search=%C3%A9%2F%3F");
}
