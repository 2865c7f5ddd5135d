//! Hooks a client runs around each attempt of each call: one that may
//! change the request before it is sent (signing, headers), one that sees
//! what came of it (metrics, logs). Both are told the operation's id.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The attempt a hook sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// The operation's id: the client method's name (`user_list`), which
    /// the server's `Api` method has too.
    pub operation: &'static str,
    /// 1 for the first attempt, then 2, 3, … for each retry or reconnection.
    pub attempt: u32,
}

/// What came of an attempt, as an answer hook sees it.
#[derive(Debug, Clone, Copy)]
pub enum Sent<'a> {
    /// An answer's status and headers; its body is read after the hooks ran.
    Answered { status: u16, headers: &'a reqwest::header::HeaderMap, elapsed: Duration },
    /// No answer: connecting, sending or receiving failed, or the timeout ran out.
    Failed { error: &'a reqwest::Error, elapsed: Duration },
}

impl Sent<'_> {
    /// The answer's status, if one came.
    pub fn status(&self) -> Option<u16> {
        match self {
            Sent::Answered { status, .. } => Some(*status),
            Sent::Failed { .. } => None,
        }
    }

    /// From handing the request to the transport to the answer's head, or the failure.
    pub fn elapsed(&self) -> Duration {
        match self {
            Sent::Answered { elapsed, .. } | Sent::Failed { elapsed, .. } => *elapsed,
        }
    }
}

/// Why a request hook stopped a request; the call fails with
/// `ClientError::Hook` holding it.
pub type HookError = Box<dyn std::error::Error + Send + Sync>;

type OnRequest = dyn Fn(&Call, &mut reqwest::Request) -> Result<(), HookError> + Send + Sync;
type OnAnswer = dyn Fn(&Call, &Sent<'_>) + Send + Sync;

/// A client's hooks, run in the order they were added.
#[derive(Clone, Default)]
pub struct Hooks {
    on_request: Vec<Arc<OnRequest>>,
    on_answer: Vec<Arc<OnAnswer>>,
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("on_request", &self.on_request.len())
            .field("on_answer", &self.on_answer.len())
            .finish()
    }
}

impl Hooks {
    pub fn on_request(
        &mut self,
        hook: impl Fn(&Call, &mut reqwest::Request) -> Result<(), HookError> + Send + Sync + 'static,
    ) {
        self.on_request.push(Arc::new(hook));
    }

    pub fn on_answer(&mut self, hook: impl Fn(&Call, &Sent<'_>) + Send + Sync + 'static) {
        self.on_answer.push(Arc::new(hook));
    }
}

/// How one operation's requests are sent: through the HTTP client, with
/// the hooks around each attempt.
#[derive(Clone)]
pub struct Sender {
    pub http: reqwest::Client,
    pub hooks: Hooks,
    pub operation: &'static str,
}

impl Sender {
    /// Sends attempt `attempt` of `request`: the request hooks change it
    /// first (one that fails stops it: the outer error), the answer hooks
    /// see what came of it.
    pub async fn execute(
        &self,
        mut request: reqwest::Request,
        attempt: u32,
    ) -> Result<Result<reqwest::Response, reqwest::Error>, HookError> {
        let call = Call { operation: self.operation, attempt };
        for hook in &self.hooks.on_request {
            hook(&call, &mut request)?;
        }
        let started = Instant::now();
        let sent = self.http.execute(request).await;
        if !self.hooks.on_answer.is_empty() {
            let elapsed = started.elapsed();
            let seen = match &sent {
                Ok(response) => {
                    Sent::Answered { status: response.status().as_u16(), headers: response.headers(), elapsed }
                }
                Err(error) => Sent::Failed { error, elapsed },
            };
            for hook in &self.hooks.on_answer {
                hook(&call, &seen);
            }
        }
        Ok(sent)
    }
}
