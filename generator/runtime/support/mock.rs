//! Run-time support for the generated mocks (`<api>::mock`, the `mock`
//! feature): each operation answers a value of its documented response,
//! the spec's example or one built from its schema, read as a request is.

use crate::support::server::HandlerError;

/// The first of `candidates` (JSON texts: the spec's examples, then values
/// built from the schema) that reads as `T` as strictly as a server reads
/// a request, so an example that breaks its schema is passed over; else
/// an error naming `subject` and why each was refused (answered as a 500).
pub fn sample<T: serde::de::DeserializeOwned>(subject: &'static str, candidates: &[&str]) -> Result<T, HandlerError> {
    let mut reasons = Vec::new();
    for candidate in candidates {
        match crate::support::strictly(|| serde_json::from_str::<T>(candidate)) {
            Ok(value) => return Ok(value),
            Err(error) => reasons.push(error.to_string()),
        }
    }
    Err(format!("the mock has no value of {subject} that reads: {}", reasons.join("; ")).into())
}

/// An operation's answer, built now: `answer(|| Ok(Response::Ok(sample(..)?)))`.
pub fn answer<T>(build: impl FnOnce() -> Result<T, HandlerError>) -> std::future::Ready<Result<T, HandlerError>> {
    std::future::ready(build())
}

/// Serves `router` on `address` (`"127.0.0.1:4010"`) until the process ends.
pub async fn serve(address: &str, router: axum::Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await?;
    axum::serve(listener, router).await
}
