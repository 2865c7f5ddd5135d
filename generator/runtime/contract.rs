//! Contract tests: every operation called once through the generated
//! client, against the server at `CONTRACT_URL` (a validating mock such as
//! Prism, or a test deployment), with the least request its spec allows
//! (required parameters and body, built from their types), and every
//! scheme's credentials. A test passes when the server accepts the request
//! and its answer is documented and reads into the response type.
//!
//! ```text
//! CONTRACT_URL=http://127.0.0.1:4010 cargo test --features contract --test contract -- --ignored
//! ```

/// What a test ends with: an error says what went wrong.
pub type Outcome = Result<(), Box<dyn std::error::Error>>;

/// The server under test: `CONTRACT_URL`.
pub fn base_url() -> Result<String, Box<dyn std::error::Error>> {
    std::env::var("CONTRACT_URL")
        .map_err(|_| "set CONTRACT_URL to the server to test, e.g. http://127.0.0.1:4010".into())
}

/// Runs one test's calls to the end, and fails the test with its error.
pub fn run(test: impl std::future::Future<Output = Outcome>) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    if let Err(error) = runtime.block_on(test) {
        panic!("{error}");
    }
}

/// A value of the request read from the JSON built for it.
pub fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Box<dyn std::error::Error>> {
    serde_json::from_str(json).map_err(|error| format!("the request's value {json} does not read: {error}").into())
}

/// The answer's status: a success when the operation documents one, for a
/// request its spec allows.
pub fn answered(status: u16, success_documented: bool) -> Outcome {
    if success_documented && status >= 400 {
        return Err(format!("the server refused the request: {status}").into());
    }
    Ok(())
}
