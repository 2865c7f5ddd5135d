//! The AWX types against JSON shaped like the real service's.

use serde_json::json;
use user_apis::awx::{
    PatchedUserRequest, TeamUserActionRequest, TeamUserCreatePassword, TeamUserCreateRequest as UserRequest,
    TeamUserError, User, UserExternalAccount, UserUsername,
};

fn awx_user() -> serde_json::Value {
    json!({
        "id": 7,
        "type": "user",
        "url": "/api/v2/users/7/",
        "related": {"teams": "/api/v2/users/7/teams/", "named_url": "/api/v2/users/alice/"},
        "summary_fields": {"user_capabilities": {"edit": true, "delete": true}},
        "created": "2024-03-01T10:20:30.123456Z",
        "modified": null,
        "username": "alice",
        "first_name": "Alice",
        "last_name": "",
        "email": "alice@example.com",
        "is_superuser": false,
        "is_system_auditor": false,
        "password": "$encrypted$",
        "ldap_dn": "",
        "last_login": "2024-03-02T08:00:00+02:00",
        "external_account": null,
        "auth": [{"provider": "github", "uid": "42"}]
    })
}

#[test]
fn a_real_user_response_parses_and_round_trips() {
    let user: User = serde_json::from_value(awx_user()).unwrap();
    assert_eq!(user.id, 7);
    assert_eq!(user.username.as_str(), "alice");
    assert_eq!(user.modified, None);
    assert_eq!(user.external_account, None);
    assert_eq!(user.auth.as_ref().unwrap()[0].provider, "github");
    assert_eq!(user.last_login.unwrap().offset().local_minus_utc(), 2 * 3600);
    // `password` is writeOnly: not part of the response type, and ignored when sent.
    let back = serde_json::to_value(&user).unwrap();
    let mut expected = awx_user();
    expected.as_object_mut().unwrap().remove("password");
    assert_eq!(back, expected);
}

#[test]
fn unknown_keys_from_newer_servers_are_ignored() {
    let mut value = awx_user();
    value["added_in_awx_25"] = json!({"anything": [1, 2]});
    assert!(serde_json::from_value::<User>(value).is_ok());
}

#[test]
fn required_nullable_fields_must_be_present() {
    let mut value = awx_user();
    value.as_object_mut().unwrap().remove("modified");
    let error = serde_json::from_value::<User>(value).unwrap_err().to_string();
    assert!(error.contains("missing field `modified`"), "{error}");
}

#[test]
fn external_account_is_a_nullable_enum() {
    let mut value = awx_user();
    value["external_account"] = json!("ldap");
    assert_eq!(
        serde_json::from_value::<User>(value.clone()).unwrap().external_account,
        Some(UserExternalAccount::Ldap)
    );
    // A value a newer AWX adds is kept as it came, and written back as it was.
    value["external_account"] = json!("kerberos");
    let user = serde_json::from_value::<User>(value.clone()).unwrap();
    assert_eq!(user.external_account, Some(UserExternalAccount::Unknown("kerberos".to_owned())));
    assert_eq!(serde_json::to_value(&user).unwrap()["external_account"], "kerberos");
    assert_eq!("kerberos".parse::<UserExternalAccount>().unwrap().as_str(), "kerberos");
    // Read strictly, as a server reads a request, it is refused.
    let error = user_apis::support::strictly(|| serde_json::from_value::<User>(value)).unwrap_err().to_string();
    assert_eq!(error, "unknown variant `kerberos`, expected one of `ldap`, `social`, `enterprise`");
    assert_eq!("social".parse::<UserExternalAccount>().unwrap().to_string(), "social");
    assert_eq!(
        user_apis::support::strictly(|| "kerberos".parse::<UserExternalAccount>()).unwrap_err().to_string(),
        "\"kerberos\" is not a value of UserExternalAccount"
    );
    // Each value is found at its own place in the wire texts, both ways.
    for account in UserExternalAccount::ALL {
        assert_eq!(account.as_str().parse::<UserExternalAccount>().unwrap(), account);
        assert_eq!(serde_json::from_value::<UserExternalAccount>(json!(account.as_str())).unwrap(), account);
    }
}

#[test]
fn create_request_fills_defaults_and_requires_password() {
    let request: UserRequest = serde_json::from_value(json!({"username": "bob", "password": "s3cret"})).unwrap();
    assert_eq!(request.first_name.as_str(), "");
    assert_eq!(request.email.as_str(), "");
    assert!(!request.is_superuser);
    let error = serde_json::from_value::<UserRequest>(json!({"username": "bob"})).unwrap_err().to_string();
    assert!(error.contains("missing field `password`"), "{error}");
    // Read-only fields are not part of the request type.
    let sent = serde_json::to_value(&request).unwrap();
    assert!(sent.get("id").is_none() && sent.get("url").is_none());
}

#[test]
fn username_limits_count_characters_and_name_the_field() {
    assert!(UserUsername::new("a").is_ok());
    assert!(UserUsername::new("x".repeat(150)).is_ok());
    assert!(UserUsername::new("é".repeat(150)).is_ok(), "150 two-byte characters are 150 characters");
    let too_long = UserUsername::new("x".repeat(151)).unwrap_err().to_string();
    assert_eq!(too_long, "User.username: must be at most 150 characters long (maxLength), got 151");
    let empty = UserUsername::new("").unwrap_err().to_string();
    assert_eq!(empty, "User.username: must be at least 1 characters long (minLength), got 0");
    let spaced = UserUsername::new("a b").unwrap_err().to_string();
    assert!(spaced.starts_with("User.username: must match the pattern"), "{spaced}");
    assert!(UserUsername::new("jöhn.doe+ops@corp-1_x").is_ok(), "Unicode letters count as \\w");
    let error = serde_json::from_value::<UserRequest>(json!({"username": "x".repeat(151), "password": "p"}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("User.username"), "{error}");
}

#[test]
fn email_is_empty_or_an_address() {
    let request =
        |email: &str| serde_json::from_value::<UserRequest>(json!({"username": "u", "password": "p", "email": email}));
    assert!(request("").is_ok());
    assert!(request("a@b.io").is_ok());
    let error = request("not-an-address").unwrap_err().to_string();
    assert!(error.contains("User.email"), "{error}");
    let long = format!("{}@example.com", "a".repeat(254 - 12));
    assert_eq!(long.chars().count(), 254);
    assert!(request(&long).is_ok());
    assert!(request(&format!("a{long}")).unwrap_err().to_string().contains("maxLength"));
}

#[test]
fn passwords_never_appear_in_debug_output() {
    let request: UserRequest = serde_json::from_value(json!({"username": "bob", "password": "hunter2"})).unwrap();
    let debug = format!("{request:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("TeamUserCreatePassword(<redacted>)"), "{debug}");
    assert!(TeamUserCreatePassword::new("x".repeat(128)).is_ok());
    assert!(TeamUserCreatePassword::new("x".repeat(129)).is_err());
}

#[test]
fn the_team_users_post_means_exactly_one_thing() {
    let action = |value| serde_json::from_value::<TeamUserActionRequest>(value);
    assert!(
        matches!(action(json!({"id": 5, "disassociate": true})).unwrap(), TeamUserActionRequest::Disassociate(d) if d.id.get() == 5)
    );
    // AWX reads a falsy id as none: `TeamUserDisassociate.id` is `minimum: 1`.
    assert!(action(json!({"id": 0, "disassociate": true})).is_err());
    assert!(matches!(action(json!({"id": 5, "disassociate": null})).unwrap(), TeamUserActionRequest::Disassociate(_)));
    assert!(matches!(action(json!({"id": 5})).unwrap(), TeamUserActionRequest::Associate(a) if a.id.get() == 5));
    // Other keys are ignored by an association.
    assert!(matches!(
        action(json!({"id": 5, "username": "x", "password": "p"})).unwrap(),
        TeamUserActionRequest::Associate(_)
    ));
    assert!(
        matches!(action(json!({"username": "new", "password": "p"})).unwrap(), TeamUserActionRequest::Create(c) if c.username.as_str() == "new")
    );
    assert!(matches!(
        action(json!({"id": 0, "username": "new", "password": "p"})).unwrap(),
        TeamUserActionRequest::Create(_)
    ));
    assert!(matches!(
        action(json!({"id": null, "username": "new", "password": "p"})).unwrap(),
        TeamUserActionRequest::Create(_)
    ));
    for invalid in [json!({"disassociate": true}), json!({"id": "5"}), json!({}), json!([1]), json!({"id": -1})] {
        let error = action(invalid.clone()).unwrap_err().to_string();
        assert!(error.starts_with("no alternative of TeamUserActionRequest matches"), "{invalid}: {error}");
    }
}

#[test]
fn a_create_body_serialises_back_to_what_was_sent() {
    let sent = json!({"username": "new", "password": "p", "first_name": "N", "last_name": "", "email": "", "is_superuser": true, "is_system_auditor": false});
    let action: TeamUserActionRequest = serde_json::from_value(sent.clone()).unwrap();
    let mut back = serde_json::to_value(&action).unwrap();
    assert_eq!(back.as_object_mut().unwrap().remove("id"), None, "an absent id stays absent");
    assert_eq!(back, sent);
}

#[test]
fn error_bodies_decode_into_their_shape() {
    let decode = |value| serde_json::from_value::<TeamUserError>(value).unwrap();
    assert!(
        matches!(decode(json!({"username": ["This field is required."], "password": ["Password required for new User."]})), TeamUserError::FieldErrors(map) if map.len() == 2)
    );
    assert!(matches!(decode(json!({"msg": "\"id\" field must be an integer."})), TeamUserError::ErrorMessage(_)));
    assert!(matches!(decode(json!({"detail": "User matching query does not exist."})), TeamUserError::ErrorDetail(_)));
}

#[test]
fn patch_bodies_have_no_required_fields_and_no_defaults() {
    let patch: PatchedUserRequest = serde_json::from_value(json!({})).unwrap();
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({}));
    let patch: PatchedUserRequest = serde_json::from_value(json!({"first_name": "Z"})).unwrap();
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({"first_name": "Z"}));
    assert!(
        serde_json::from_value::<PatchedUserRequest>(json!({"first_name": null})).is_err(),
        "first_name is not nullable"
    );
}
