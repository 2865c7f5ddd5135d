//! The client's hooks, end to end between a generated client and a
//! generated server: a request hook that signs each request (here: adds
//! the credentials the server checks), an answer hook that sees each
//! attempt, both told the operation's id; a hook that stops a request.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tests::security::client::Client;
use tests::security::mock::Mock;
use tests::security::server::router;
use tests::security::{PublicListResponse, ReportsListResponse};
use tests::support::client::{Call, ClientError, Retry, Sent};

/// The security fixture's mock: a generated server, which checks credentials.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Mock)).await.unwrap() });
    base
}

/// A request hook as a signer would write one: what it adds depends on the
/// operation, and the server sees it.
fn sign(call: &Call, request: &mut reqwest::Request) -> Result<(), tests::support::client::HookError> {
    if call.operation == "reports_list" {
        request.url_mut().query_pairs_mut().append_pair("api_key", "k");
        request.headers_mut().insert("cookie", "session=c".parse()?);
    }
    Ok(())
}

#[tokio::test]
async fn a_request_hook_changes_each_request_and_an_answer_hook_sees_each_answer() {
    let base = serve().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let client = Client::new(&base).unwrap().on_request(sign).on_answer(move |call, sent| {
        assert!(sent.elapsed() < Duration::from_secs(10));
        log.lock().unwrap().push((call.operation, call.attempt, sent.status()));
    });
    let reports = client.reports_list().await.unwrap();
    assert!(matches!(reports, ReportsListResponse::Ok(_)), "{reports:?}");
    // Not signed: the hook adds nothing to other operations.
    assert!(matches!(client.public_list().await.unwrap(), PublicListResponse::Ok(_)));
    let unsigned = Client::new(&base).unwrap().reports_list().await.unwrap_err();
    assert!(matches!(unsigned, ClientError::UndocumentedStatus { status: 401, .. }), "{unsigned:?}");
    assert_eq!(*seen.lock().unwrap(), [("reports_list", 1, Some(200)), ("public_list", 1, Some(200))]);
}

#[tokio::test]
async fn a_request_hook_that_fails_stops_the_call_before_it_is_sent() {
    let base = serve().await;
    let answers = Arc::new(Mutex::new(0));
    let counted = answers.clone();
    let client = Client::new(&base)
        .unwrap()
        .on_request(|_, _| Err("no signing key".into()))
        .on_answer(move |_, _| *counted.lock().unwrap() += 1);
    let error = client.reports_list().await.unwrap_err();
    assert!(matches!(&error, ClientError::Hook(cause) if cause.to_string() == "no signing key"), "{error:?}");
    assert_eq!(error.to_string(), "a request hook stopped the request: no signing key");
    assert_eq!(*answers.lock().unwrap(), 0, "nothing was sent");
}

#[tokio::test]
async fn hooks_run_on_every_attempt_and_see_failures_without_an_answer() {
    // Nothing listens on this port: each attempt fails to connect.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let (requests, answers) = (attempts.clone(), attempts.clone());
    let client = Client::new(&closed)
        .unwrap()
        .retry(Retry { base: Duration::from_millis(1), ..Retry::new(2) })
        .on_request(move |call, request| {
            // Each attempt starts from the request as built: a header added
            // here is never there twice.
            assert!(request.headers().get("x-attempt").is_none());
            request.headers_mut().insert("x-attempt", call.attempt.into());
            requests.lock().unwrap().push(format!("request {}", call.attempt));
            Ok(())
        })
        .on_answer(move |call, sent| {
            let failed = matches!(sent, Sent::Failed { error, .. } if error.is_connect());
            answers.lock().unwrap().push(format!("{} {} failed: {failed}", call.operation, call.attempt));
        });
    let error = client.public_list().await.unwrap_err();
    assert!(matches!(error, ClientError::Transport(_)), "{error:?}");
    let expected = [
        "request 1",
        "public_list 1 failed: true",
        "request 2",
        "public_list 2 failed: true",
        "request 3",
        "public_list 3 failed: true",
    ];
    assert_eq!(*attempts.lock().unwrap(), expected);
}
