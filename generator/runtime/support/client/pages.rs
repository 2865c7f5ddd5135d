//! Sparse fieldsets' answers, and following a paged list to its end: page
//! by page, or item by item.

use super::{Answer, ClientError, Connection, Decode};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A 2xx answer to a request that named the `fields` it wants: only those
/// fields are present, so the body stays JSON (an object, or a page whose
/// `results` hold such objects). Other answers are typed as usual.
#[derive(Debug, Clone, PartialEq)]
pub enum Sparse<R> {
    Fields(serde_json::Value),
    Other(R),
}

type Next<'a, R> =
    Box<dyn FnMut(&R, &reqwest::header::HeaderMap) -> Option<Result<reqwest::Request, ClientError>> + Send + 'a>;

/// The pages of a paginated list, fetched one at a time: each page's
/// answer says how to ask for the next (a link in it or in its `Link`
/// header, a cursor, an offset), until one does not. `R` is the
/// operation's response, `I` the type of a page's items.
pub struct Pages<'a, R, I> {
    pending: Option<Result<reqwest::Request, ClientError>>,
    next: Next<'a, R>,
    /// What sends the requests, and says whether pages are read
    /// [strictly](crate::support::strictly).
    connection: &'a Connection,
    /// The operation's id, for the hooks.
    operation: &'static str,
    decode: fn(&Answer) -> Result<R, ClientError>,
    items: fn(R) -> Result<Vec<I>, R>,
    /// The items of the page being read, for [`Pages::next_item`].
    buffered: Option<std::vec::IntoIter<I>>,
}

impl<'a, R: Decode + fmt::Debug, I> Pages<'a, R, I> {
    /// `first` is the first page's request of `operation`, sent through `connection`;
    /// `next` makes the request for the page after an answer (from it and
    /// its headers), or says there is none; `items` takes a page's items
    /// out of its answer (the answer back when it is not a page).
    pub fn new(
        operation: &'static str,
        first: Result<reqwest::Request, ClientError>,
        connection: &'a Connection,
        next: impl FnMut(&R, &reqwest::header::HeaderMap) -> Option<Result<reqwest::Request, ClientError>> + Send + 'a,
        items: fn(R) -> Result<Vec<I>, R>,
    ) -> Self {
        Self {
            pending: Some(first),
            next: Box::new(next),
            connection,
            operation,
            decode: R::decode,
            items,
            buffered: None,
        }
    }

    /// The next answer, or `None` once the walk is over: after a page that
    /// names no next one, or any answer that is not a page.
    pub async fn next_page(&mut self) -> Option<Result<R, ClientError>> {
        let answer = match self.pending.take()? {
            Ok(request) => self.connection.send(self.operation, request).await,
            Err(error) => return Some(Err(error)),
        };
        let answer = match answer {
            Ok(answer) => answer,
            Err(error) => return Some(Err(error)),
        };
        let page = match self.connection.is_strict() {
            true => crate::support::strictly(|| (self.decode)(&answer)),
            false => (self.decode)(&answer),
        };
        if let Ok(page) = &page {
            self.pending = (self.next)(page, &answer.headers);
        }
        Some(page)
    }

    /// The next item, across pages, or `None` after the last page's last
    /// item. An answer that is not a page (a documented error) ends the
    /// walk as [`ClientError::NotAPage`].
    pub async fn next_item(&mut self) -> Option<Result<I, ClientError>> {
        loop {
            if let Some(item) = self.buffered.as_mut().and_then(Iterator::next) {
                return Some(Ok(item));
            }
            let page = match self.next_page().await? {
                Ok(page) => page,
                Err(error) => return Some(Err(error)),
            };
            match (self.items)(page) {
                Ok(items) => self.buffered = Some(items.into_iter()),
                Err(other) => {
                    self.pending = None;
                    return Some(Err(ClientError::NotAPage(format!("{other:?}"))));
                }
            }
        }
    }

    /// The items across pages as a `Stream`, for its adapters
    /// (`futures::StreamExt`'s `take`, `filter`, `try_collect`...): the
    /// items of [`Pages::next_item`].
    pub fn into_stream(self) -> Items<'a, I>
    where
        R: Send + 'a,
        I: Send + 'a,
    {
        Items { pages: Some(Box::new(self)), pending: None }
    }

    /// Every item of every page, read to the end into memory.
    pub async fn collect_items(mut self) -> Result<Vec<I>, ClientError> {
        let mut all = Vec::new();
        while let Some(item) = self.next_item().await {
            all.push(item?);
        }
        Ok(all)
    }
}

/// The items of a walk through pages, as a `Stream` ([`Pages::into_stream`]).
pub struct Items<'a, I> {
    pages: Option<Box<dyn NextItem<I> + 'a>>,
    pending: Option<PendingItem<'a, I>>,
}

/// The next item being fetched, with the pages it is fetched from.
type PendingItem<'a, I> =
    Pin<Box<dyn Future<Output = (Option<Result<I, ClientError>>, Box<dyn NextItem<I> + 'a>)> + Send + 'a>>;

/// The future of [`Pages::next_item`].
type ItemFuture<'s, I> = Pin<Box<dyn Future<Output = Option<Result<I, ClientError>>> + Send + 's>>;

/// [`Pages::next_item`], whatever the response type.
trait NextItem<I>: Send {
    fn next_item(&mut self) -> ItemFuture<'_, I>;
}

impl<R: Decode + fmt::Debug + Send, I: Send> NextItem<I> for Pages<'_, R, I> {
    fn next_item(&mut self) -> ItemFuture<'_, I> {
        Box::pin(Pages::next_item(self))
    }
}

impl<'a, I: Send + 'a> futures_core::Stream for Items<'a, I> {
    type Item = Result<I, ClientError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.pending.is_none() {
            let Some(mut pages) = self.pages.take() else { return Poll::Ready(None) };
            self.pending = Some(Box::pin(async move {
                let item = pages.next_item().await;
                (item, pages)
            }));
        }
        let pending = self.pending.as_mut().expect("an item is awaited");
        let (item, pages) = std::task::ready!(pending.as_mut().poll(cx));
        self.pending = None;
        if item.is_some() {
            self.pages = Some(pages);
        }
        Poll::Ready(item)
    }
}

/// The `rel="next"` target of a `Link` header (RFC 8288): GitHub's
/// `<https://api.github.com/…?page=2>; rel="next", <…>; rel="last"`.
pub fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let mut parts = link.split(';');
            let target = parts.next()?.trim();
            let target = target.strip_prefix('<').and_then(|target| target.strip_suffix('>'));
            let is_next = parts.any(|parameter| {
                let Some((name, relations)) = parameter.split_once('=') else { return false };
                name.trim().eq_ignore_ascii_case("rel")
                    && relations
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if let (Some(target), true) = (target, is_next) {
                return Some(target.to_owned());
            }
        }
    }
    None
}

/// A token of a page (or an item's id) for the query parameter that asks
/// for the next page (`next_cursor` → `cursor`, Stripe's last `id` →
/// `starting_after`): `None` for no token or an empty one.
pub fn next_token<T: TryFrom<String>, S: Text + ?Sized>(token: Option<&S>) -> Option<T> {
    let token = token.map(Text::text).filter(|token| !token.is_empty())?;
    T::try_from(token.to_owned()).ok()
}

/// A string, plain or checked, as its text.
pub trait Text {
    fn text(&self) -> &str;
}

impl Text for String {
    fn text(&self) -> &str {
        self
    }
}

impl<R: crate::support::Rule<Value = String>> Text for crate::support::Checked<R> {
    fn text(&self) -> &str {
        self.value()
    }
}

/// An integer query parameter that counts items (`offset`, `limit`),
/// plain or checked.
pub trait Count: Sized {
    fn count(&self) -> i64;
    fn from_count(count: i64) -> Option<Self>;
}

impl Count for i32 {
    fn count(&self) -> i64 {
        i64::from(*self)
    }

    fn from_count(count: i64) -> Option<Self> {
        i32::try_from(count).ok()
    }
}

impl Count for i64 {
    fn count(&self) -> i64 {
        *self
    }

    fn from_count(count: i64) -> Option<Self> {
        Some(count)
    }
}

impl<R: crate::support::Rule> Count for crate::support::Checked<R>
where
    R::Value: Count,
{
    fn count(&self) -> i64 {
        self.value().count()
    }

    fn from_count(count: i64) -> Option<Self> {
        crate::support::Checked::new(R::Value::from_count(count)?).ok()
    }
}

/// Moves `offset` past the `read` items of a page, unless the page was
/// the last: empty, or fewer items than `limit` asked for. Whether there
/// is a next page.
pub fn next_offset<O: Count, L: Count>(offset: &mut Option<O>, limit: Option<&L>, read: usize) -> bool {
    let read = i64::try_from(read).unwrap_or(i64::MAX);
    if read == 0 || limit.is_some_and(|limit| read < limit.count()) {
        return false;
    }
    let at = offset.as_ref().map_or(0, Count::count);
    match O::from_count(at.saturating_add(read)) {
        Some(next) => {
            *offset = Some(next);
            true
        }
        None => false,
    }
}
