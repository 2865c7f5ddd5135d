//! Pagers of every paging shape of `fixtures/pages.yaml`, walked by the
//! generated client against a generated server that pages: GitHub's
//! `Link` header, Stripe's `has_more` and `starting_after`, a cursor, a
//! page token that ends empty, an offset and limit (checked types).

use std::sync::atomic::{AtomicUsize, Ordering};
use tests::pages::client::Client;
use tests::pages::server::{router, Api};
use tests::pages::*;
use tests::support::client::ClientError;
use tests::support::server::HandlerError;

/// How many items each list has.
const TOTAL: usize = 23;

fn named(range: std::ops::Range<usize>) -> Vec<Named> {
    range.map(|id| Named { id: id.to_string() }).collect()
}

/// Pages the ids `0..TOTAL`, counting the requests.
#[derive(Default)]
struct Lists {
    requests: AtomicUsize,
    /// How many requests carried the expected form body.
    bodies: AtomicUsize,
}

impl Lists {
    /// The items from `start`, at most `size`, and whether more follow.
    fn page(&self, start: usize, size: usize) -> (Vec<Named>, bool) {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let end = (start + size).min(TOTAL);
        (named(start.min(end)..end), end < TOTAL)
    }
}

impl Api for Lists {
    async fn repos_list(&self, params: ReposListParams) -> Result<ReposListResponse, HandlerError> {
        let (per_page, page) = (params.per_page.unwrap_or(30) as usize, params.page.unwrap_or(1) as usize);
        let (body, more) = self.page((page - 1) * per_page, per_page);
        // GitHub lists `last` (and `prev`) too; `next` is not always first.
        let last = format!("</repos?per_page={per_page}&page=99>; rel=\"last\"");
        let link = more.then(|| format!("{last}, </repos?per_page={per_page}&page={}>; rel=\"next\"", page + 1));
        Ok(ReposListResponse::Ok { body, link })
    }

    /// Each page's request carries the first one's form body again.
    async fn customers_list(
        &self,
        params: CustomersListParams,
        body: Option<CustomersListBody>,
    ) -> Result<CustomersListResponse, HandlerError> {
        match body.map(|body| body.expand) {
            Some(Some(expand)) if expand == "data.owner" => _ = self.bodies.fetch_add(1, Ordering::SeqCst),
            None => {}
            Some(other) => {
                let detail = format!("unexpected body {other:?}");
                return Ok(CustomersListResponse::BadRequest(Problem { detail }));
            }
        }
        let limit = params.limit.unwrap_or(10);
        if limit < 1 {
            return Ok(CustomersListResponse::BadRequest(Problem { detail: "limit must be positive".to_owned() }));
        }
        let start = params.starting_after.map_or(0, |id| id.value().parse::<usize>().unwrap() + 1);
        let (data, has_more) = self.page(start, limit as usize);
        Ok(CustomersListResponse::Ok(CustomersListResponse200 {
            object: CustomersListResponse200Object::List,
            data,
            has_more,
        }))
    }

    async fn events_list(&self, params: EventsListParams) -> Result<EventsListResponse, HandlerError> {
        let start = params.cursor.map_or(0, |cursor| cursor.strip_prefix("c").unwrap().parse().unwrap());
        let (events, more) = self.page(start, 7);
        let next_cursor = more.then(|| format!("c{}", start + 7));
        Ok(EventsListResponse::Ok(EventsListResponse200 { events, next_cursor: next_cursor.into() }))
    }

    async fn books_list(&self, params: BooksListParams) -> Result<BooksListResponse, HandlerError> {
        let size = params.page_size.unwrap_or(5) as usize;
        let start = params.page_token.map_or(0, |token| token.parse().unwrap());
        let (books, more) = self.page(start, size);
        // The last page: no books key when it has none, an empty token.
        let next_page_token = Some(if more { (start + size).to_string() } else { String::new() });
        let books = (!books.is_empty()).then_some(books);
        Ok(BooksListResponse::Ok(BooksListResponse200 { books, next_page_token }))
    }

    async fn items_list(&self, params: ItemsListParams) -> Result<ItemsListResponse, HandlerError> {
        let offset = params.offset.map_or(0, |offset| *offset.value() as usize);
        let limit = params.limit.map_or(10, |limit| *limit.value() as usize);
        let (items, _) = self.page(offset, limit);
        Ok(ItemsListResponse::Ok(ItemsListResponse200 { items, total: TOTAL as i64 }))
    }

    async fn audit_list(&self, params: AuditListParams) -> Result<AuditListResponse, HandlerError> {
        let start = params.after.map_or(0, |after| after.parse().unwrap());
        let (entries, more) = self.page(start, 10);
        let following = more.then(|| (start + 10).to_string());
        Ok(AuditListResponse::Ok(AuditListResponse200 { entries, following }))
    }
}

async fn serve() -> (Client, std::sync::Arc<Lists>) {
    let lists = std::sync::Arc::new(Lists::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(Shared(lists.clone()));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (Client::new(&base).unwrap(), lists)
}

/// The server's `Api`, shared with the test that counts its requests.
struct Shared(std::sync::Arc<Lists>);

impl Api for Shared {
    async fn repos_list(&self, params: ReposListParams) -> Result<ReposListResponse, HandlerError> {
        self.0.repos_list(params).await
    }
    async fn customers_list(
        &self,
        params: CustomersListParams,
        body: Option<CustomersListBody>,
    ) -> Result<CustomersListResponse, HandlerError> {
        self.0.customers_list(params, body).await
    }
    async fn events_list(&self, params: EventsListParams) -> Result<EventsListResponse, HandlerError> {
        self.0.events_list(params).await
    }
    async fn books_list(&self, params: BooksListParams) -> Result<BooksListResponse, HandlerError> {
        self.0.books_list(params).await
    }
    async fn items_list(&self, params: ItemsListParams) -> Result<ItemsListResponse, HandlerError> {
        self.0.items_list(params).await
    }
    async fn audit_list(&self, params: AuditListParams) -> Result<AuditListResponse, HandlerError> {
        self.0.audit_list(params).await
    }
}

fn requests(lists: &Lists) -> usize {
    lists.requests.swap(0, Ordering::SeqCst)
}

#[tokio::test]
async fn github_link_headers_are_followed_to_the_last_page() {
    let (client, lists) = serve().await;
    let params = ReposListParams { per_page: Some(10), page: None };
    assert_eq!(client.repos_list_pages(&params).collect_items().await.unwrap(), named(0..TOTAL));
    assert_eq!(requests(&lists), 3);
    // Page by page, each answer whole (with its `Link`).
    let mut pages = client.repos_list_pages(&params);
    let Some(Ok(ReposListResponse::Ok { body, link })) = pages.next_page().await else { panic!("a first page") };
    assert_eq!((body.len(), link.unwrap().contains("page=2>; rel=\"next\"")), (10, true));
    assert!(pages.next_page().await.is_some() && pages.next_page().await.is_some());
    assert!(pages.next_page().await.is_none(), "the last page has no next link");
}

#[tokio::test]
async fn stripe_pages_ask_after_the_last_item_while_there_is_more() {
    let (client, lists) = serve().await;
    let params = CustomersListParams { limit: Some(5), starting_after: None };
    let expand = CustomersListBody { expand: Some("data.owner".to_owned()) };
    let customers = client.customers_list_pages(&params, Some(&expand)).collect_items().await.unwrap();
    assert_eq!(customers, named(0..TOTAL));
    assert_eq!(requests(&lists), 5);
    assert_eq!(lists.bodies.load(Ordering::SeqCst), 5, "each page's request sends the body again");
    // Started after an item, as the caller asked.
    let after = CustomersListStartingAfter::try_from("19").unwrap();
    let params = CustomersListParams { limit: Some(5), starting_after: Some(after) };
    assert_eq!(client.customers_list_pages(&params, None).collect_items().await.unwrap(), named(20..TOTAL));
}

#[tokio::test]
async fn an_answer_that_is_not_a_page_ends_the_items_with_an_error_and_is_typed_by_page() {
    let (client, _) = serve().await;
    let params = CustomersListParams { limit: Some(0), starting_after: None };
    let mut pages = client.customers_list_pages(&params, None);
    let error = pages.next_item().await.unwrap().unwrap_err();
    assert!(matches!(&error, ClientError::NotAPage(answer) if answer.contains("limit must be positive")), "{error}");
    assert!(pages.next_item().await.is_none(), "nothing after");
    let mut pages = client.customers_list_pages(&params, None);
    assert!(matches!(pages.next_page().await, Some(Ok(CustomersListResponse::BadRequest(_)))));
}

#[tokio::test]
async fn cursors_and_page_tokens_are_sent_back_until_there_is_none_or_an_empty_one() {
    let (client, lists) = serve().await;
    let events = client.events_list_pages(&EventsListParams { cursor: None }).collect_items().await.unwrap();
    assert_eq!(events, named(0..TOTAL));
    assert_eq!(requests(&lists), 4, "7 a page, the last without a cursor");
    let params = BooksListParams { page_token: None, page_size: Some(5) };
    assert_eq!(client.books_list_pages(&params).collect_items().await.unwrap(), named(0..TOTAL));
    assert_eq!(requests(&lists), 5, "the fifth page's token is empty");
}

#[tokio::test]
async fn an_offset_moves_past_each_page_and_a_short_page_is_the_last() {
    let (client, lists) = serve().await;
    let limit = Some(ItemsListLimit::new(10).unwrap());
    let params = ItemsListParams { offset: None, limit };
    let mut pages = client.items_list_pages(&params);
    let mut ids = Vec::new();
    while let Some(item) = pages.next_item().await {
        ids.push(item.unwrap());
    }
    assert_eq!(ids, named(0..TOTAL));
    assert_eq!(requests(&lists), 3, "the third page has 3 of 10: no fourth request");
    // Without a limit, until a page is empty.
    let params = ItemsListParams { offset: Some(ItemsListOffset::new(20).unwrap()), limit: None };
    assert_eq!(client.items_list_pages(&params).collect_items().await.unwrap(), named(20..TOTAL));
    assert_eq!(requests(&lists), 2);
}

#[tokio::test]
async fn a_spec_declares_the_paging_no_shape_names() {
    let (client, lists) = serve().await;
    let entries = client.audit_list_pages(&AuditListParams { after: None }).collect_items().await.unwrap();
    assert_eq!(entries, named(0..TOTAL));
    assert_eq!(requests(&lists), 3);
}

#[tokio::test]
async fn the_items_are_a_stream_too_fetching_a_page_only_when_its_items_are_asked_for() {
    use futures_util::StreamExt;
    let (client, lists) = serve().await;
    let params = ReposListParams { per_page: Some(10), page: None };
    let first: Vec<_> = client.repos_list_pages(&params).into_stream().take(12).collect().await;
    let first: Vec<_> = first.into_iter().map(Result::unwrap).collect();
    assert_eq!(first, named(0..12));
    assert_eq!(requests(&lists), 2, "12 items are on the first two pages");
    let all: Vec<_> = client.repos_list_pages(&params).into_stream().map(Result::unwrap).collect().await;
    assert_eq!((all, requests(&lists)), (named(0..TOTAL), 3));
}
