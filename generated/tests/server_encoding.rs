//! Every documented response variant goes over the wire with its status,
//! headers and body; a handler error becomes a JSON 500. A scripted
//! implementation answers whatever the test asks.

mod common;

use common::start;
use serde_json::json;
use std::sync::{Arc, Mutex};
use user_apis::bleemeo::server::{router, Api};
use user_apis::bleemeo::*;
use user_apis::support::server::HandlerError;

/// The next answers, shared with the test that scripts them.
#[derive(Default, Clone)]
struct Scripted {
    create: Arc<Mutex<Option<Result<UserCreateResponse, String>>>>,
    destroy: Arc<Mutex<Option<UserDestroyResponse>>>,
}

fn take<T>(slot: &Mutex<Option<T>>) -> Result<T, HandlerError> {
    slot.lock().unwrap().take().ok_or_else(|| "nothing scripted".into())
}

impl Api for Scripted {
    async fn user_list(&self, _: UserListParams, _: Credentials) -> Result<UserListResponse, HandlerError> {
        Err("not scripted".into())
    }
    async fn user_create(
        &self,
        _: UserCreateParams,
        _: UserRequest,
        _: Credentials,
    ) -> Result<UserCreateResponse, HandlerError> {
        take(&self.create)?.map_err(Into::into)
    }
    async fn user_retrieve(&self, _: UserRetrieveParams, _: Credentials) -> Result<UserRetrieveResponse, HandlerError> {
        Err("not scripted".into())
    }
    async fn user_partial_update(
        &self,
        _: UserPartialUpdateParams,
        _: Option<PatchedUserRequest>,
        _: Credentials,
    ) -> Result<UserPartialUpdateResponse, HandlerError> {
        Err("not scripted".into())
    }
    async fn user_destroy(&self, _: UserDestroyParams, _: Credentials) -> Result<UserDestroyResponse, HandlerError> {
        take(&self.destroy)
    }
}

fn detail(text: &str) -> ErrorDetail {
    ErrorDetail { detail: text.to_owned() }
}

#[tokio::test]
async fn each_variant_has_its_status_headers_and_body() {
    let scripted = Scripted::default();
    let server = start(router(scripted.clone())).await;
    let invite = || server.call("POST", "/v1/user/", Some("JWT x"), Some(json!({"email": "a@b.io"})));

    let cases: Vec<(UserCreateResponse, u16, serde_json::Value)> = vec![
        (
            UserCreateResponse::BadRequest(ValidationError::List(vec!["Too many users.".into()])),
            400,
            json!(["Too many users."]),
        ),
        (UserCreateResponse::Unauthorized(detail("no")), 401, json!({"detail": "no"})),
        (UserCreateResponse::Forbidden(detail("forbidden")), 403, json!({"detail": "forbidden"})),
        (
            UserCreateResponse::TooManyRequests {
                body: detail("slow down"),
                retry_after: TooManyRequestsRetryAfter::new(30).unwrap(),
            },
            429,
            json!({"detail": "slow down"}),
        ),
    ];
    for (response, status, body) in cases {
        *scripted.create.lock().unwrap() = Some(Ok(response.clone()));
        let reply = invite().await;
        assert_eq!((reply.status, reply.json()), (status, body), "{response:?}");
        assert_eq!(reply.header("Content-Type"), Some("application/json"));
        if status == 429 {
            assert_eq!(reply.header("Retry-After"), Some("30"));
        }
    }

    *scripted.destroy.lock().unwrap() = Some(UserDestroyResponse::NoContent);
    let deleted = server.call("DELETE", "/v1/user/00000000-0000-0000-0000-000000000001/", Some("JWT x"), None).await;
    assert_eq!((deleted.status, deleted.body.len(), deleted.header("Content-Type")), (204, 0, None));

    *scripted.create.lock().unwrap() = Some(Err("database on fire".into()));
    let failed = invite().await;
    assert_eq!(
        (failed.status, failed.json()),
        (500, json!({"detail": "A server error occurred."})),
        "the cause is logged, not sent"
    );
    let unscripted = server.call("GET", "/v1/user/", Some("JWT x"), None).await;
    assert_eq!(unscripted.status, 500);
}

#[test]
fn credentials_never_show_in_debug() {
    let credentials = [
        Credentials::BasicAuth { username: "admin".into(), password: "hunter2".into() },
        Credentials::BearerAuth { token: "tok-123".into() },
        Credentials::JwtAuth { value: "JWT tok-456".into() },
    ];
    let debug = format!("{credentials:?}");
    for secret in ["admin", "hunter2", "tok-123", "tok-456"] {
        assert!(!debug.contains(secret), "{debug}");
    }
}
