//! AWX in Swagger 2.0 (`fixtures/awx_swagger.yaml`, shaped as drf-yasg
//! writes it) against AWX in OpenAPI 3.0 (`spec/awx.yaml`): the same JSON
//! through the types of both, which agree on every case but those Swagger
//! 2.0 cannot say (no `oneOf`, no `writeOnly`), each named below.

use serde::de::DeserializeOwned;
use serde_json::{json, Value};

fn reads<T: DeserializeOwned>(value: &Value) -> bool {
    serde_json::from_value::<T>(value.clone()).is_ok()
}

/// Each case is read, or refused, by the 3.0 type and the 2.0 type alike;
/// the cases hold some of each.
fn assert_agree<From30: DeserializeOwned, From20: DeserializeOwned>(cases: &[Value]) {
    for case in cases {
        assert_eq!(reads::<From30>(case), reads::<From20>(case), "{case}");
    }
    let read = cases.iter().filter(|case| reads::<From20>(case)).count();
    assert!(read > 0 && read < cases.len(), "{read} of {} cases read", cases.len());
}

fn user() -> Value {
    json!({
        "id": 7, "type": "user", "url": "/api/v2/users/7/",
        "related": {"teams": "/api/v2/users/7/teams/"},
        "summary_fields": {"user_capabilities": {"edit": true}},
        "created": "2024-03-01T10:20:30.123456Z", "modified": null,
        "username": "alice", "first_name": "Alice", "last_name": "", "email": "alice@example.com",
        "is_superuser": false, "is_system_auditor": false, "password": "$encrypted$",
        "ldap_dn": "", "last_login": null, "external_account": "ldap",
        "auth": [{"provider": "github", "uid": "42"}]
    })
}

/// `user()` with `changes` applied; a `null` change removes the key.
fn with(base: Value, changes: Value) -> Value {
    let mut value = base;
    for (key, change) in changes.as_object().unwrap() {
        let object = value.as_object_mut().unwrap();
        match change {
            Value::Null => {
                object.remove(key);
            }
            other => {
                object.insert(key.clone(), other.clone());
            }
        }
    }
    value
}

#[test]
fn user_responses_read_alike() {
    let agreeing = [
        user(),
        with(user(), json!({"username": "élodie.m+test@x"})),
        with(user(), json!({"email": ""})),
        with(user(), json!({"modified": "2024-03-02T08:00:00+02:00", "last_login": "2024-03-02T08:00:00Z"})),
        with(user(), json!({"first_name": null, "last_name": null, "email": null, "auth": null})),
        with(user(), json!({"unknown": [1, 2]})),
        with(user(), json!({"id": "7"})),
        with(user(), json!({"id": null})),
        with(user(), json!({"type": "team"})),
        with(user(), json!({"username": ""})),
        with(user(), json!({"username": "has space"})),
        with(user(), json!({"username": "x".repeat(151)})),
        with(user(), json!({"email": "not an address"})),
        with(user(), json!({"external_account": "saml"})),
        with(user(), json!({"created": "yesterday"})),
        with(user(), json!({"related": {"teams": 5}})),
        with(user(), json!({"auth": [{"provider": "github"}]})),
        with(user(), json!({"is_superuser": "yes"})),
    ];
    assert_agree::<user_apis::awx::User, tests::awx_swagger::User>(&agreeing);
    assert!(reads::<tests::awx_swagger::User>(&user()));

    // `password` is write-only in 3.0, so a response needs none; Swagger 2.0
    // has no `writeOnly`, and AWX always answers with "$encrypted$".
    let no_password = with(user(), json!({"password": null}));
    assert!(reads::<user_apis::awx::User>(&no_password));
    assert!(!reads::<tests::awx_swagger::User>(&no_password));
}

#[test]
fn user_lists_read_alike() {
    let page = |results: Value, next: Value| json!({"count": 1, "next": next, "previous": null, "results": results});
    let cases = [
        page(json!([user()]), json!("/api/v2/teams/1/users/?page=2")),
        page(json!([]), Value::Null),
        page(json!([with(user(), json!({"id": null}))]), Value::Null),
        page(json!({}), Value::Null),
        json!({"count": 1, "results": []}),
        json!({"results": []}),
        json!({"count": "one", "results": []}),
        page(json!([]), json!(5)),
    ];
    assert_agree::<user_apis::awx::PaginatedUserList, tests::awx_swagger::TeamsUsersListResponse200>(&cases);
}

#[test]
fn user_creation_bodies_read_alike() {
    let create = json!({"username": "bob", "password": "s3cret", "email": "bob@example.com"});
    assert!(reads::<tests::awx_swagger::UserRequest>(&create));
    let agreeing = [
        create.clone(),
        with(create.clone(), json!({"first_name": "Bob", "is_superuser": true})),
        with(create.clone(), json!({"username": null})),
        with(create.clone(), json!({"password": null})),
        with(create.clone(), json!({"username": "bob smith"})),
        with(create.clone(), json!({"password": "x".repeat(129)})),
        with(create.clone(), json!({"email": "nope"})),
        with(create.clone(), json!({"is_system_auditor": "no"})),
        // Read-only fields in a request are ignored by both.
        with(create.clone(), json!({"url": "/elsewhere/", "ldap_dn": "cn=bob", "type": "user"})),
    ];
    type Body30 = user_apis::awx::TeamUserActionRequest;
    type Body20 = tests::awx_swagger::UserRequest;
    assert_agree::<Body30, Body20>(&agreeing);
    // The 3.0 body is a `oneOf` of three actions; Swagger 2.0 has only the
    // creation, so adding or removing an existing user reads as a bad creation.
    for action in [json!({"id": 5}), json!({"id": 5, "disassociate": true})] {
        assert!(reads::<Body30>(&action) && !reads::<Body20>(&action), "{action}");
    }
}
