//! The client's opt-in retries: which answers and failures are sent
//! again, for which methods, after which wait.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tests::paths::client::Client;
use tests::paths::{ArchiveParams, ArchiveResponse, BucketGetParams, BucketGetResponse};
use tests::support::client::{ClientError, Retry};

/// A server whose first `failures` answers are `status` (with `retry_after`,
/// if any), then 200 for a GET and 204 for a POST; and its count of requests.
async fn flaky(failures: u32, status: u16, retry_after: Option<&'static str>) -> (String, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let counted = calls.clone();
    let answer = move |method: axum::http::Method| {
        let calls = counted.clone();
        async move {
            let call = calls.fetch_add(1, Ordering::SeqCst) + 1;
            let mut response = axum::response::Response::new(axum::body::Body::from("bucket"));
            if call <= failures {
                *response.status_mut() = axum::http::StatusCode::from_u16(status).unwrap();
                if let Some(after) = retry_after {
                    response.headers_mut().insert("retry-after", after.parse().unwrap());
                }
            } else if method == axum::http::Method::POST {
                *response.status_mut() = axum::http::StatusCode::NO_CONTENT;
            }
            response
        }
    };
    let app = axum::Router::new()
        .route("/buckets/{bucket}", axum::routing::get(answer.clone()))
        .route("/archive", axum::routing::post(answer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, calls)
}

fn quick(max_retries: u32) -> Retry {
    Retry { base: Duration::from_millis(1), ..Retry::new(max_retries) }
}

fn bucket() -> BucketGetParams {
    BucketGetParams { bucket: "logs".to_owned() }
}

#[tokio::test]
async fn an_idempotent_call_is_sent_again_on_5xx_until_it_succeeds() {
    for status in [408, 429, 502, 503, 504] {
        let (base, calls) = flaky(2, status, None).await;
        let client = Client::new(&base).unwrap().retry(quick(3));
        let answer = client.bucket_get(&bucket()).await.unwrap();
        assert_eq!((answer, calls.load(Ordering::SeqCst)), (BucketGetResponse::Ok("bucket".to_owned()), 3), "{status}");
    }
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_the_last_answer_is_returned() {
    let (base, calls) = flaky(10, 503, None).await;
    let client = Client::new(&base).unwrap().retry(quick(2));
    let error = client.bucket_get(&bucket()).await.unwrap_err();
    assert!(matches!(error, ClientError::UndocumentedStatus { status: 503, .. }), "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 3, "the first attempt and two retries");
}

#[tokio::test]
async fn a_post_is_retried_on_429_only_unless_the_client_says_any_method() {
    let params = ArchiveParams { mode: None };
    let (base, calls) = flaky(1, 503, None).await;
    let client = Client::new(&base).unwrap().retry(quick(3));
    assert!(client.archive(&params).await.is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 1, "a 503 may have acted on a POST: not sent again");

    let (base, calls) = flaky(1, 429, None).await;
    let client = Client::new(&base).unwrap().retry(quick(3));
    assert_eq!(client.archive(&params).await.unwrap(), ArchiveResponse::NoContent);
    assert_eq!(calls.load(Ordering::SeqCst), 2, "a 429 was not acted on");

    let (base, calls) = flaky(1, 503, None).await;
    let client = Client::new(&base).unwrap().retry(Retry { any_method: true, ..quick(3) });
    assert_eq!(client.archive(&params).await.unwrap(), ArchiveResponse::NoContent);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn retry_after_is_waited_for_unless_it_is_beyond_the_longest_wait() {
    // Seconds, and an HTTP date in the past (no wait).
    for after in ["0", "Sun, 06 Nov 1994 08:49:37 GMT"] {
        let (base, calls) = flaky(1, 503, Some(after)).await;
        let client = Client::new(&base).unwrap().retry(quick(3));
        assert!(client.bucket_get(&bucket()).await.is_ok(), "{after}");
        assert_eq!(calls.load(Ordering::SeqCst), 2, "{after}");
    }
    let (base, calls) = flaky(1, 503, Some("3600")).await;
    let client = Client::new(&base).unwrap().retry(Retry { max_wait: Duration::from_secs(5), ..quick(3) });
    assert!(client.bucket_get(&bucket()).await.is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 1, "an hour is beyond the five seconds allowed");
}

#[tokio::test]
async fn a_connection_that_fails_is_tried_again() {
    // Accepts and drops the first two connections, then serves.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        for _ in 0..2 {
            drop(listener.accept().await.unwrap());
        }
        let app = axum::Router::new().route("/buckets/{bucket}", axum::routing::get(|| async { "bucket" }));
        axum::serve(listener, app).await.unwrap();
    });
    let once = Client::new(&base).unwrap();
    let error = once.bucket_get(&bucket()).await.unwrap_err();
    assert!(matches!(error, ClientError::Transport(_)), "{error}");
    let client = Client::new(&base).unwrap().retry(quick(2));
    assert_eq!(client.bucket_get(&bucket()).await.unwrap(), BucketGetResponse::Ok("bucket".to_owned()));
}

#[tokio::test]
async fn without_retry_nothing_is_sent_again() {
    let (base, calls) = flaky(1, 503, Some("0")).await;
    assert!(Client::new(&base).unwrap().bucket_get(&bucket()).await.is_err());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}
