//! The Bleemeo types against JSON shaped like the real service's.

use serde_json::json;
use user_apis::bleemeo::{PatchedUserRequest, User, UserRequest, ValidationError};
use user_apis::support::Email;
use user_apis::support::Nullable;

fn bleemeo_user() -> serde_json::Value {
    json!({
        "id": "5f1c6a3e-9c8e-4d6a-b1a2-0c1d2e3f4a5b",
        "account": "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e",
        "accounts": ["0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e"],
        "activated_at": null,
        "can_leave_account": true,
        "created_at": "2024-05-06T07:08:09Z",
        "created_by": null,
        "date_joined": null,
        "email": "new.user@example.com",
        "failed_login_count": 0,
        "first_name": "",
        "has_two_factor_auth": false,
        "is_admin": false,
        "is_manager": false,
        "last_access": null,
        "last_login": null,
        "last_name": "",
        "mobile_notification_enable": false,
        "modified_at": "2024-05-06T07:08:09.500+02:00",
        "notification_web_critical": true,
        "notification_web_ok": false,
        "notification_web_warning": true,
        "password_last_change": null,
        "profile_picture": null,
        "default_profile_picture": true,
        "timezone": "Europe/Paris",
        "toggle_newsletter": false,
        "toggle_weekly": null,
        "user": null
    })
}

#[test]
fn an_invited_user_parses_and_round_trips() {
    let user: User = serde_json::from_value(bleemeo_user()).unwrap();
    assert_eq!(user.email.as_str(), "new.user@example.com");
    assert_eq!(user.toggle_weekly, Nullable::Null);
    assert_eq!(user.timezone, Nullable::Value("Europe/Paris".to_owned()));
    assert_eq!(user.last_access, Nullable::Null);
    assert_eq!(serde_json::to_value(&user).unwrap(), bleemeo_user());
}

#[test]
fn date_times_accept_any_offset_and_keep_it() {
    let mut value = bleemeo_user();
    value["created_at"] = json!("2024-05-06T07:08:09.5+00:00");
    value["modified_at"] = json!("2024-05-06T09:08:09-05:30");
    let user: User = serde_json::from_value(value).unwrap();
    assert_eq!(user.created_at.timestamp_millis(), 1_714_979_289_500);
    assert_eq!(user.modified_at.as_value().unwrap().offset().local_minus_utc(), -(5 * 3600 + 1800));
    let mut value = bleemeo_user();
    value["created_at"] = json!("2024-05-06 07:08");
    assert!(serde_json::from_value::<User>(value).is_err());
}

#[test]
fn optional_fields_may_be_absent_and_stay_absent() {
    let mut value = bleemeo_user();
    for key in ["failed_login_count", "timezone", "toggle_weekly", "first_name", "last_login"] {
        value.as_object_mut().unwrap().remove(key);
    }
    let user: User = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(user.timezone, Nullable::Absent);
    assert_eq!(user.first_name, None);
    assert_eq!(serde_json::to_value(&user).unwrap(), value);
}

#[test]
fn invalid_email_and_uri_are_rejected_naming_the_field() {
    let mut value = bleemeo_user();
    value["email"] = json!("no-at-sign");
    let error = serde_json::from_value::<User>(value).unwrap_err().to_string();
    assert!(error.contains("Email: must be an e-mail address"), "{error}");
    let mut value = bleemeo_user();
    value["profile_picture"] = json!("not a uri");
    let error = serde_json::from_value::<User>(value).unwrap_err().to_string();
    assert!(error.contains("Uri: must be an absolute URI"), "{error}");
    let mut value = bleemeo_user();
    value["profile_picture"] = json!("https://cdn.bleemeo.com/p/a%20b.png");
    assert!(serde_json::from_value::<User>(value).is_ok());
    assert!(Email::new("a@b").is_err(), "a domain needs a dot");
    assert!(Email::new("a b@c.io").is_err());
}

#[test]
fn the_invite_request_needs_only_an_email_and_drops_server_fields() {
    let request: UserRequest = serde_json::from_value(json!({"email": "x@y.io"})).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"email": "x@y.io"}));
    // Read-only fields sent by a client are ignored, not stored.
    let request: UserRequest =
        serde_json::from_value(json!({"email": "x@y.io", "id": "not even a uuid", "is_admin": true})).unwrap();
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"email": "x@y.io"}));
    assert!(serde_json::from_value::<UserRequest>(json!({}))
        .unwrap_err()
        .to_string()
        .contains("missing field `email`"));
}

#[test]
fn a_patch_tells_null_from_absent() {
    let clear: PatchedUserRequest = serde_json::from_value(json!({"timezone": null})).unwrap();
    assert_eq!(clear.timezone, Nullable::Null);
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!({"timezone": null}));
    let keep: PatchedUserRequest = serde_json::from_value(json!({})).unwrap();
    assert_eq!(keep.timezone, Nullable::Absent);
    assert_eq!(serde_json::to_value(&keep).unwrap(), json!({}));
    let set: PatchedUserRequest = serde_json::from_value(json!({"timezone": "UTC"})).unwrap();
    assert_eq!(set.timezone.as_value().map(String::as_str), Some("UTC"));
    assert!(serde_json::from_value::<PatchedUserRequest>(json!({"email": null})).is_err(), "email is not nullable");
}

#[test]
fn validation_errors_are_a_map_or_a_list() {
    let map: ValidationError = serde_json::from_value(json!({"email": ["Enter a valid email address."]})).unwrap();
    assert!(matches!(map, ValidationError::FieldErrors(m) if m["email"][0] == "Enter a valid email address."));
    let list: ValidationError = serde_json::from_value(json!(["Too many users."])).unwrap();
    assert!(matches!(list, ValidationError::List(l) if l.len() == 1));
    assert!(serde_json::from_value::<ValidationError>(json!({"email": "not a list"})).is_err());
}
