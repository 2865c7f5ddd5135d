//! `tracing` spans of the generated clients and servers, with the
//! `tracing` feature: one per call and one per handled request, named by
//! the operation's id (`otel.name`, for `tracing-opentelemetry`), with
//! OpenTelemetry's HTTP attributes. Neither holds a query string or a
//! header value: those may carry credentials.

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;
use tracing::field::Empty;
use tracing::Instrument;

pub use tracing::instrument::Instrumented;
pub use tracing::Span;

/// The span of a call of `operation` (a client method), to `path` on `host`.
pub fn call(operation: &'static str, method: &str, host: Option<&str>, path: &str) -> Span {
    tracing::info_span!(
        "call",
        otel.name = operation,
        otel.kind = "client",
        operation,
        http.request.method = method,
        server.address = host,
        url.path = path,
        http.response.status_code = Empty,
        "error.type" = Empty,
    )
}

/// The span of a request `operation` (an `Api` method) handles.
pub fn request(operation: &'static str, method: &str, path: &str) -> Span {
    tracing::info_span!(
        "request",
        otel.name = operation,
        otel.kind = "server",
        operation,
        http.request.method = method,
        url.path = path,
        http.response.status_code = Empty,
        "error.type" = Empty,
    )
}

/// `future`, run in `span`.
pub fn instrument<F: Future>(span: Span, future: F) -> Instrumented<F> {
    future.instrument(span)
}

/// Records the status of a call's answer in its span; a 4xx or 5xx is
/// its error type too (OpenTelemetry's rule for clients).
pub fn answered(span: &Span, status: u16) {
    record(span, status, 400);
}

/// Records the status a server answered with in its span; a 5xx is its
/// error type too (OpenTelemetry's rule for servers).
pub fn handled(span: &Span, status: u16) {
    record(span, status, 500);
}

fn record(span: &Span, status: u16, error_from: u16) {
    span.record("http.response.status_code", status);
    if status >= error_from {
        span.record("error.type", status);
    }
}

/// Records in a call's span that it got no answer, and why: `kind` is its
/// error type (`timeout`, `connect`, `hook`, `transport`).
pub fn failed(span: &Span, kind: &'static str, error: &dyn Display) {
    span.record("error.type", kind);
    span.in_scope(|| tracing::warn!(%error, "call failed"));
}

/// An event in the current span: attempt `attempt` is sent again after `wait`.
pub fn retrying(attempt: u32, wait: Duration, after: &dyn Display) {
    tracing::info!(attempt, wait_ms = wait.as_millis() as u64, %after, "sending again");
}
