//! Sparse fieldsets' answers, and following a paged list to its end.

use super::{Answer, ClientError, Decode};

/// A 2xx answer to a request that named the `fields` it wants: only those
/// fields are present, so the body stays JSON (an object, or a page whose
/// `results` hold such objects). Other answers are typed as usual.
#[derive(Debug, Clone, PartialEq)]
pub enum Sparse<R> {
    Fields(serde_json::Value),
    Other(R),
}

type Sending<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Answer, ClientError>> + Send + 'a>>;
type Follow<'a> = Box<dyn Fn(&str) -> Result<reqwest::Request, ClientError> + Send + Sync + 'a>;

/// The pages of a paginated list, fetched one at a time by following each
/// page's `next` link (resolved against the base URL).
pub struct Pages<'a, R> {
    first: Option<Result<reqwest::Request, ClientError>>,
    next: Option<String>,
    follow: Follow<'a>,
    send: Box<dyn Fn(reqwest::Request) -> Sending<'a> + Send + Sync + 'a>,
    decode: fn(&Answer) -> Result<R, ClientError>,
    next_link: fn(&R) -> Option<String>,
    /// Whether pages are read [strictly](crate::support::strictly).
    strict: bool,
}

impl<'a, R: Decode> Pages<'a, R> {
    /// `first` is the first page's request; `follow` builds the request for
    /// a `next` link, `send` sends one; pages are read strictly if `strict`.
    pub fn new(
        first: Result<reqwest::Request, ClientError>,
        follow: impl Fn(&str) -> Result<reqwest::Request, ClientError> + Send + Sync + 'a,
        send: impl Fn(reqwest::Request) -> Sending<'a> + Send + Sync + 'a,
        next_link: fn(&R) -> Option<String>,
        strict: bool,
    ) -> Self {
        let (follow, send, decode) = (Box::new(follow), Box::new(send), R::decode);
        Self { first: Some(first), next: None, follow, send, decode, next_link, strict }
    }

    /// The next answer, or `None` once the walk is over.
    pub async fn next_page(&mut self) -> Option<Result<R, ClientError>> {
        let request = match (self.first.take(), self.next.take()) {
            (Some(first), _) => first,
            (None, Some(link)) => (self.follow)(&link),
            (None, None) => return None,
        };
        let answer = match request {
            Ok(request) => (self.send)(request).await,
            Err(error) => return Some(Err(error)),
        };
        let decode = |answer: Answer| match self.strict {
            true => crate::support::strictly(|| (self.decode)(&answer)),
            false => (self.decode)(&answer),
        };
        let page = answer.and_then(decode);
        if let Ok(page) = &page {
            self.next = (self.next_link)(page);
        }
        Some(page)
    }
}
