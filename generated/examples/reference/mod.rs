//! In-memory implementations of both APIs with the real services'
//! behaviour (see `shared/api-notes.md`), shared by the `reference_server`
//! example and the end-to-end tests.

pub mod awx;
pub mod bleemeo;

/// Both APIs on one router (their paths do not overlap), with a JSON 404.
pub fn app() -> axum::Router {
    user_apis::awx::server::routes(awx::Awx::new())
        .merge(user_apis::bleemeo::server::routes(bleemeo::Bleemeo::new()))
        .fallback(|| async { user_apis::support::server::not_found() })
}

/// The one moment every record was created at, so answers are reproducible.
pub fn epoch() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").expect("a valid timestamp")
}

/// The page size DRF's paginator reads from `?page_size=`: the default for
/// a missing or non-positive value, and at most `max` (AWX: 200).
pub fn page_size(requested: Option<i32>, default: usize, max: Option<usize>) -> usize {
    match requested {
        Some(size) if size > 0 => max.map_or(size as usize, |max| (size as usize).min(max)),
        _ => default,
    }
}

/// The page DRF's paginator reads from `?page=` (1 when absent), or `None`
/// for one outside the result set (below 1, or past the last page; page 1
/// always exists): DRF answers those 404 `{"detail": "Invalid page."}`.
pub fn page_number(requested: Option<i32>, page_size: usize, count: usize) -> Option<usize> {
    let last = count.div_ceil(page_size).max(1);
    let page = usize::try_from(requested.unwrap_or(1)).ok()?;
    (1..=last).contains(&page).then_some(page)
}

/// `?page=N` links for a page of `count` items.
pub fn page_links(base: &str, page: usize, page_size: usize, count: usize) -> (Option<String>, Option<String>) {
    let last = count.div_ceil(page_size).max(1);
    let link = |n: usize| format!("{base}?page={n}&page_size={page_size}");
    let next = (page < last).then(|| link(page + 1));
    let previous = (page > 1).then(|| link(page - 1));
    (next, previous)
}

/// State behind a mutex; a handler that panicked does not lock the others out.
pub struct Shared<T>(std::sync::Mutex<T>);

impl<T> Shared<T> {
    pub fn new(state: T) -> Self {
        Self(std::sync::Mutex::new(state))
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
