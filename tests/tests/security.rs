//! Security requirements end to end: alternatives (`[A, B]`), a requirement
//! of two schemes at once (`{A: [], B: []}`), anonymous access (`{}`), and
//! the scopes each operation needs, visible to the handler.

use tests::security::client::Client;
use tests::security::server::{router, security, Api};
use tests::security::{Credentials, ItemsListResponse, PublicListResponse, ReportsListResponse};
use tests::support::server::HandlerError;

struct Handler;

fn schemes<'a>(credentials: impl IntoIterator<Item = &'a Credentials>) -> Vec<String> {
    credentials.into_iter().map(|c| c.scheme().to_owned()).collect()
}

impl Api for Handler {
    async fn items_list(&self, credentials: Credentials) -> Result<ItemsListResponse, HandlerError> {
        let _ = credentials;
        Ok(ItemsListResponse::NoContent)
    }

    async fn reports_list(&self, credentials: Vec<Credentials>) -> Result<ReportsListResponse, HandlerError> {
        Ok(ReportsListResponse::Ok(schemes(&credentials)))
    }

    async fn public_list(&self, credentials: Option<Credentials>) -> Result<PublicListResponse, HandlerError> {
        Ok(PublicListResponse::Ok(schemes(&credentials)))
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Handler)).await.unwrap() });
    base
}

#[tokio::test]
async fn two_schemes_at_once_are_both_needed_and_both_handed_over() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let only_query = http.get(format!("{base}/reports/?api_key=k")).send().await.unwrap();
    assert_eq!(only_query.status(), 401, "the cookie key is missing");
    let client = Client::new(&base).unwrap().query_key("k").cookie_key("c");
    let both = client.reports_list().await.unwrap();
    assert_eq!(both, ReportsListResponse::Ok(vec!["queryKey".to_owned(), "cookieKey".to_owned()]));
}

#[tokio::test]
async fn anonymous_access_passes_and_credentials_sent_are_still_used() {
    let base = serve().await;
    let anonymous = Client::new(&base).unwrap().public_list().await.unwrap();
    assert_eq!(anonymous, PublicListResponse::Ok(vec![]));
    let with_token = Client::new(&base).unwrap().oauth("t").public_list().await.unwrap();
    assert_eq!(with_token, PublicListResponse::Ok(vec!["oauth".to_owned()]));
    // A key of a scheme the operation does not list is not sent, and not taken.
    let other = Client::new(&base).unwrap().query_key("k").public_list().await.unwrap();
    assert_eq!(other, PublicListResponse::Ok(vec![]));
}

#[tokio::test]
async fn any_one_alternative_will_do_and_none_is_refused() {
    let base = serve().await;
    assert_eq!(Client::new(&base).unwrap().items_list().await.unwrap(), ItemsListResponse::Unauthorized);
    let refused = reqwest::get(format!("{base}/items/")).await.unwrap();
    assert_eq!(refused.status(), 401);
    for client in [Client::new(&base).unwrap().open_id("t"), Client::new(&base).unwrap().cookie_key("c")] {
        assert_eq!(client.items_list().await.unwrap(), ItemsListResponse::NoContent);
    }
}

#[test]
fn each_operation_says_which_schemes_and_scopes_it_needs() {
    assert_eq!(
        security("items_list"),
        [&[("oauth", &["read"][..])][..], &[("openId", &[])], &[("queryKey", &[])], &[("cookieKey", &[])]]
    );
    assert_eq!(security("reports_list"), [&[("queryKey", &[][..]), ("cookieKey", &[])][..]]);
    assert_eq!(security("public_list"), [&[][..], &[("oauth", &["read"][..])]]);
    assert!(security("no_such_operation").is_empty());
}

#[test]
fn schemes_and_operations_whose_names_collide_in_rust_stay_apart() {
    // `bearerAuth` and `BearerAuth`; operation ids `get_user` and `getUser`.
    use tests::names::server::security as names_security;
    use tests::names::Credentials;
    assert_eq!(names_security("get_user"), [&[("bearerAuth", &[][..])][..]]);
    assert_eq!(names_security("get_user_2"), [&[("BearerAuth", &[][..])][..]]);
    let bearer = Credentials::BearerAuth { token: "t".to_owned() };
    let key = Credentials::BearerAuth2 { value: "k".to_owned() };
    assert_eq!((bearer.scheme(), key.scheme()), ("bearerAuth", "BearerAuth"));
}
