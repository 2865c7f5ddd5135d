//! Sending a call again: which answers and failures are worth another
//! attempt, and how long to wait before it (the server's `Retry-After`, or
//! an exponential back-off with full jitter).

use std::time::{Duration, SystemTime};

/// When, how often and after how long a call is sent again. Off unless a
/// client asks (`Client::retry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts after the first.
    pub max_retries: u32,
    /// The first back-off; each next one doubles, up to `max_wait`. The wait
    /// is a random part of it (full jitter), so that clients spread out.
    pub base: Duration,
    /// The longest wait: a `Retry-After` beyond it is not waited for, and
    /// the answer is returned as it is.
    pub max_wait: Duration,
    /// Retries POST and PATCH too, where 408, 502, 503 and 504 leave it
    /// unknown whether the server acted: only for an API that makes them
    /// safe to repeat (an idempotency key). Off: they are retried only when
    /// the connection failed before the request was sent, or on a 429.
    pub any_method: bool,
    /// Retries only 429 answers (the former `retry_on_429`).
    pub only_429: bool,
}

impl Retry {
    /// `max_retries` attempts after the first, on connection failures,
    /// timeouts, 408, 429, 502, 503 and 504, from 200 ms up to 30 s, for
    /// idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE).
    pub fn new(max_retries: u32) -> Self {
        Self {
            max_retries,
            base: Duration::from_millis(200),
            max_wait: Duration::from_secs(30),
            any_method: false,
            only_429: false,
        }
    }

    /// The wait before attempt `attempt` (1 for the first retry) of a
    /// request of `method` whose outcome was `outcome`, or `None` when it
    /// is not to be sent again.
    pub(super) fn wait(&self, attempt: u32, method: &reqwest::Method, outcome: Outcome<'_>) -> Option<Duration> {
        if attempt > self.max_retries {
            return None;
        }
        let idempotent =
            self.any_method || matches!(method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE");
        let after = match outcome {
            // Not sent, or refused before it was looked at: safe for any method.
            Outcome::NotConnected if !self.only_429 => None,
            Outcome::Answer(429, headers) => retry_after(headers),
            Outcome::Answer(408 | 502 | 503 | 504, headers) if idempotent && !self.only_429 => retry_after(headers),
            Outcome::Failed if idempotent && !self.only_429 => None,
            _ => return None,
        };
        match after {
            Some(after) if after > self.max_wait => None,
            Some(after) => Some(after),
            None => Some(self.backoff(attempt)),
        }
    }

    /// A random wait up to `base` × 2^(attempt − 1), at most `max_wait`.
    fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self.base.saturating_mul(1 << (attempt - 1).min(20)).min(self.max_wait);
        ceiling.mul_f64(jitter())
    }
}

/// What came of an attempt, as far as retrying goes.
pub(super) enum Outcome<'a> {
    /// An answer: its status and headers.
    Answer(u16, &'a reqwest::header::HeaderMap),
    /// The connection was not made: the request was not sent.
    NotConnected,
    /// Sending or receiving failed, or the timeout ran out.
    Failed,
}

impl<'a> Outcome<'a> {
    pub(super) fn of_error(error: &reqwest::Error) -> Self {
        if error.is_connect() {
            Outcome::NotConnected
        } else {
            Outcome::Failed
        }
    }
}

/// A number in [0, 1), different on every call: the random part of a back-off.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After`: seconds, or an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = http_date(value)?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// An IMF-fixdate (RFC 9110's preferred HTTP date), as a time.
fn http_date(text: &str) -> Option<SystemTime> {
    let (_, rest) = text.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts[..] else { return None };
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.iter().position(|name| *name == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let clock: Vec<i64> = time.split(':').map(|part| part.parse().ok()).collect::<Option<_>>()?;
    let [hours, minutes, seconds] = clock[..] else { return None };
    // Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let seconds = days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}
