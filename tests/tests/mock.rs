//! The generated mocks (`<api>::mock`, the `mock` feature): each operation
//! answers its documented success with the spec's example, or a value built
//! from the schema that the types accept; the generated client reads every
//! answer. Here against the seed APIs and the examples fixture.

use serde_json::json;
use uuid::Uuid;

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

#[tokio::test]
async fn bleemeos_mock_answers_every_operation_and_the_client_reads_each() {
    use user_apis::bleemeo::client::Client;
    use user_apis::bleemeo::*;
    let base = serve(server::router(mock::Mock)).await;
    let client = Client::new(&base).unwrap().jwt_auth("JWT token");
    let id = Uuid::nil();

    let UserListResponse::Ok(page) = client.user_list(&UserListParams::new().page(2)).await.unwrap() else {
        panic!("not the documented success")
    };
    // Built from the schema: a page's required fields, no results.
    assert_eq!((page.count, page.results.len()), (0, 0));
    let invite = UserRequest::new("ada@example.com").unwrap();
    let created = client.user_create(&UserCreateParams::new(), &invite).await.unwrap();
    let UserCreateResponse::Created(user) = created else { panic!("{created:?}") };
    assert_eq!(user.email.as_str(), "user@example.com");
    assert!(matches!(client.user_retrieve(&UserRetrieveParams::new(id)).await.unwrap(), UserRetrieveResponse::Ok(_)));
    let patch = PatchedUserRequest::default();
    let patched = client.user_partial_update(&UserPartialUpdateParams::new(id), Some(&patch)).await.unwrap();
    assert!(matches!(patched, UserPartialUpdateResponse::Ok(_)), "{patched:?}");
    assert_eq!(client.user_destroy(&UserDestroyParams::new(id)).await.unwrap(), UserDestroyResponse::NoContent);

    // The mock is the generated server: what the spec forbids is still refused.
    let anonymous = Client::new(&base).unwrap();
    let refused = anonymous.user_list(&UserListParams::new()).await.unwrap();
    assert!(matches!(refused, UserListResponse::Unauthorized(_)), "{refused:?}");
}

#[tokio::test]
async fn awxs_mock_answers_with_the_documented_headers() {
    use user_apis::awx::client::Client;
    use user_apis::awx::*;
    let base = serve(server::router(mock::Mock)).await;
    let client = Client::new(&base).unwrap().basic_auth("admin", "admin");

    let listed = client.teams_users_list(&TeamsUsersListParams::new(1)).await.unwrap();
    assert!(matches!(listed, TeamsUsersListResponse::Ok(_)), "{listed:?}");
    let body = TeamUserActionRequest::Associate(TeamUserAssociate::new(5).unwrap());
    let created = client.teams_users_create(&TeamsUsersCreateParams::new(1), &body).await.unwrap();
    // The least documented success, with its required header.
    let TeamsUsersCreateResponse::Created { body, location } = created else { panic!("{created:?}") };
    assert_eq!((body.username.as_str().is_empty(), location.is_empty()), (false, false));
    let destroyed = client.users_destroy(&UsersDestroyParams::new(5)).await.unwrap();
    assert!(matches!(destroyed, UsersDestroyResponse::NoContent), "{destroyed:?}");
}

#[tokio::test]
async fn the_spec_s_example_is_answered_before_a_built_value() {
    use tests::examples::client::Client;
    use tests::examples::*;
    let base = serve(server::router(mock::Mock)).await;
    let client = Client::new(&base).unwrap();
    let body: EventRequest = serde_json::from_value(json!({"title": "Launch"})).unwrap();
    let EventCreateResponse::Created(event) = client.event_create(&body).await.unwrap();
    // The response's media type example (its date-time as chrono writes
    // the same instant), not the schema's own example, nor a built value.
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"id": 7, "title": "Launch", "at": "2026-11-25T10:00:00Z", "tags": [], "note": null})
    );
}

#[tokio::test]
async fn mock_serve_starts_it_on_an_address_in_one_line() {
    // Find a free port, then let `serve` bind it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("127.0.0.1:{port}");
    let served = address.clone();
    tokio::spawn(async move { user_apis::bleemeo::mock::serve(&served).await.unwrap() });
    let client = user_apis::bleemeo::client::Client::new(&format!("http://{address}")).unwrap().jwt_auth("JWT t");
    let mut answer = None;
    for _ in 0..50 {
        match client.user_list(&user_apis::bleemeo::UserListParams::new()).await {
            Ok(response) => {
                answer = Some(response);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
        }
    }
    assert!(matches!(answer, Some(user_apis::bleemeo::UserListResponse::Ok(_))), "{answer:?}");
}

#[tokio::test]
async fn built_values_meet_their_constraints_and_refusals_take_the_documented_shape() {
    use tests::mocked::client::Client;
    use tests::mocked::*;
    let base = serve(server::router(mock::Mock)).await;
    let client = Client::new(&base).unwrap();
    let ItemGetResponse::Ok(item) = client.item_get(&ItemGetParams::new(1)).await.unwrap() else { panic!("not 200") };
    // Read strictly by the client too: the pattern, the bound and the enum hold.
    assert_eq!((item.id.get(), item.code.as_str(), item.kind), (100, "AA-000", ItemKind::Tool));

    let http = reqwest::Client::new();
    let answer = |path: &'static str| {
        let http = http.clone();
        let url = format!("{base}{path}");
        async move {
            let response = http.get(url).send().await.unwrap();
            let status = response.status().as_u16();
            let reason = response.headers().get("x-mock-refusal").map(|value| value.to_str().unwrap().to_owned());
            let media = response.headers()["content-type"].to_str().unwrap().to_owned();
            let body = serde_json::from_slice::<serde_json::Value>(&response.bytes().await.unwrap()).unwrap();
            (status, reason, (media, body))
        }
    };
    // A bad query parameter: the server's 400, in the documented problem shape.
    let (status, reason, (media, body)) = answer("/items/1?limit=0").await;
    assert_eq!((status, media.as_str()), (400, "application/problem+json"), "in the documented media type");
    assert!(serde_json::from_value::<Problem>(body.clone()).is_ok(), "{body}");
    assert_eq!(body, json!({"type": "https://example.com/", "title": "string"}));
    // Why, in the server's own words, beside it.
    let reason = reason.expect("the refusal's own body in a header");
    assert!(reason.starts_with(r#"{"limit":["#) && reason.contains("minimum"), "{reason}");
    // A path parameter that does not read: 404, which `default` documents.
    let (status, _, (media, body)) = answer("/items/abc").await;
    assert_eq!((status, media.as_str(), body), (404, "application/json", json!({"code": 0, "message": "string"})));
}

#[tokio::test]
async fn a_refusal_where_errors_are_text_is_text() {
    let base = serve(tests::mocked::server::router(tests::mocked::mock::Mock)).await;
    let answer = reqwest::get(format!("{base}/codes/abc")).await.unwrap();
    assert_eq!(answer.status(), 404, "the pattern holds: no such code");
    assert_eq!(answer.headers()["content-type"], "text/plain");
    assert_eq!(answer.text().await.unwrap(), "Not found.");
    let answer = reqwest::get(format!("{base}/codes/ABC")).await.unwrap();
    assert_eq!((answer.status().as_u16(), answer.text().await.unwrap()), (200, "\"string\"".to_owned()));
}

#[test]
fn a_built_body_holds_one_key_of_a_set_that_may_not_all_be_present() {
    // The contract test's body is the fullest value the type allows: every
    // property it can set, but never both keys of `not: {required: [email, phone]}`.
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mocked.yaml");
    let options = generator::Options { contract_tests: true, ..Default::default() };
    let name = generator::CrateName::new("mocked").unwrap();
    let generated = generator::generate_with(&[spec], &name, &options).unwrap();
    let contract = generated.files.iter().find(|file| file.path.ends_with("tests/contract.rs")).unwrap();
    let test = contract.contents.split("fn contact_create()").nth(1).unwrap();
    let body = &test[..test.find("client.contact_create").unwrap()];
    assert!(body.contains(r#""email""#) && !body.contains(r#""phone""#), "{body}");
}
