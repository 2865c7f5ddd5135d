//! Path templates with text around parameters (`{kind}.json`,
//! `{from}-{to}`) and one segment named differently by two operations,
//! through the generated server and client.

use tests::paths::client::Client;
use tests::paths::server::{router, Api};
use tests::paths::{
    ArchiveMode, ArchiveParams, ArchiveResponse, BucketAclParams, BucketAclResponse, BucketCorsParams,
    BucketCorsResponse, BucketGetParams, BucketGetResponse, CriticsListParams, CriticsListResponse, DeleteItemResponse,
    ListItemsResponse, ModelConfigParams, ModelConfigResponse, ModelDeleteParams, ModelDeleteResponse, ModelGetParams,
    ModelGetResponse, ModelImportParams, ModelImportResponse, RangeDestroyParams, RangeDestroyResponse,
    RangeRetrieveParams, RangeRetrieveResponse, SearchParams, SearchResponse, TokenRevokeParams, TokenRevokeResponse,
    TokenRevokeToken,
};
use tests::support::server::HandlerError;

struct Echo;

impl Api for Echo {
    async fn bucket_cors(&self, params: BucketCorsParams) -> Result<BucketCorsResponse, HandlerError> {
        Ok(BucketCorsResponse::Ok(format!("cors of {}", params.bucket)))
    }

    async fn model_get(&self, params: ModelGetParams) -> Result<ModelGetResponse, HandlerError> {
        Ok(ModelGetResponse::Ok(format!("model {}", params.name)))
    }

    async fn model_delete(&self, _: ModelDeleteParams) -> Result<ModelDeleteResponse, HandlerError> {
        Ok(ModelDeleteResponse::NoContent)
    }

    async fn model_config(&self, params: ModelConfigParams) -> Result<ModelConfigResponse, HandlerError> {
        Ok(ModelConfigResponse::Ok(format!("config of {}", params.model)))
    }

    async fn model_import(&self, _: ModelImportParams) -> Result<ModelImportResponse, HandlerError> {
        Ok(ModelImportResponse::NoContent)
    }

    async fn bucket_get(&self, params: BucketGetParams) -> Result<BucketGetResponse, HandlerError> {
        Ok(BucketGetResponse::Ok(format!("bucket {}", params.bucket)))
    }

    async fn archive(&self, params: ArchiveParams) -> Result<ArchiveResponse, HandlerError> {
        match params.mode {
            Some(ArchiveMode::Fast) => Ok(ArchiveResponse::NoContent),
            _ => Err("the test sends the mode".into()),
        }
    }

    async fn search(&self, params: SearchParams) -> Result<SearchResponse, HandlerError> {
        Ok(SearchResponse::Ok(format!("{}:{:?}", params.query, params.page)))
    }

    async fn list_items(&self) -> Result<ListItemsResponse, HandlerError> {
        Ok(ListItemsResponse::Ok("items".to_owned()))
    }

    async fn delete_item(&self) -> Result<DeleteItemResponse, HandlerError> {
        Ok(DeleteItemResponse::NoContent)
    }

    async fn bucket_acl(&self, params: BucketAclParams) -> Result<BucketAclResponse, HandlerError> {
        Ok(BucketAclResponse::Ok(format!("{}:{:?}", params.bucket, params.version_id)))
    }

    async fn critics_list(&self, params: CriticsListParams) -> Result<CriticsListResponse, HandlerError> {
        Ok(CriticsListResponse::Ok(params.kind))
    }

    async fn range_retrieve(&self, params: RangeRetrieveParams) -> Result<RangeRetrieveResponse, HandlerError> {
        Ok(RangeRetrieveResponse::Ok((params.from + params.to).to_string()))
    }

    async fn range_destroy(&self, params: RangeDestroyParams) -> Result<RangeDestroyResponse, HandlerError> {
        if params.id.is_empty() {
            return Err("an id is expected".into());
        }
        Ok(RangeDestroyResponse::NoContent)
    }

    async fn token_revoke(&self, params: TokenRevokeParams) -> Result<TokenRevokeResponse, HandlerError> {
        if params.token.as_str() != "s3cret-token" {
            return Err(format!("unexpected {:?}", params.token).into());
        }
        Ok(TokenRevokeResponse::NoContent)
    }
}

#[tokio::test]
async fn parameters_inside_segments_round_trip() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let client = Client::new(&base).unwrap();

    let kind = client.critics_list(&CriticsListParams { kind: "all picks".to_owned() }).await.unwrap();
    assert_eq!(kind, CriticsListResponse::Ok("all picks".to_owned()));
    let sum = client.range_retrieve(&RangeRetrieveParams { from: 2, to: 40 }).await.unwrap();
    assert_eq!(sum, RangeRetrieveResponse::Ok("42".to_owned()));
    let gone = client.range_destroy(&RangeDestroyParams { id: "7".to_owned() }).await.unwrap();
    assert_eq!(gone, RangeDestroyResponse::NoContent);
    // A secret travels in the path, checked on both sides, and stays out of `Debug`.
    let token = TokenRevokeToken::new("s3cret-token").unwrap();
    assert_eq!(format!("{token:?}"), "TokenRevokeToken(<redacted>)");
    let revoked = client.token_revoke(&TokenRevokeParams { token }).await.unwrap();
    assert_eq!(revoked, TokenRevokeResponse::NoContent);
    assert!(TokenRevokeToken::new("short").is_err());

    // A segment that does not fit the template is not found.
    let http = reqwest::Client::new();
    let short = http.delete(format!("{base}/tokens/short/")).send().await.unwrap();
    assert_eq!(short.status(), 404, "minLength holds on the server: no such token");
    for path in ["/critics/all.xml", "/critics/all.json.bak", "/range/x-40/"] {
        let answer = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(answer.status(), 404, "{path}");
    }
    // Two templates share the route: the more specific one that matches a path
    // owns it, and a 405 names its methods.
    let requests = [
        (http.put(format!("{base}/range/2-40/")), "GET, HEAD"),
        (http.delete(format!("{base}/range/2-40/")), "GET, HEAD"),
        (http.put(format!("{base}/range/7/")), "DELETE"),
        (http.get(format!("{base}/range/7/")), "DELETE"),
        (http.get(format!("{base}/range/2_40/")), "DELETE"),
    ];
    for (request, allow) in requests {
        let answer = request.send().await.unwrap();
        assert_eq!((answer.status().as_u16(), &answer.headers()["allow"]), (405, &allow.parse().unwrap()));
    }
}

#[tokio::test]
async fn a_fragment_of_a_path_template_is_not_sent() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // The constants (`Action`, `Version`: one value each) are sent first, not asked of the caller.
    let app = axum::Router::new().route(
        "/archive",
        axum::routing::post(|uri: axum::http::Uri| async move {
            match uri.query() {
                Some("Action=Archive&Version=2010-05-08&Mode=fast") => axum::http::StatusCode::NO_CONTENT,
                _ => axum::http::StatusCode::BAD_REQUEST,
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let params = ArchiveParams { mode: Some(ArchiveMode::Fast) };
    let answer = Client::new(&base).unwrap().archive(&params).await.unwrap();
    assert_eq!(answer, ArchiveResponse::NoContent);
}

#[tokio::test]
async fn a_parameter_of_one_value_is_sent_by_the_client_and_checked_by_the_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let params = ArchiveParams { mode: Some(ArchiveMode::Fast) };
    assert_eq!(Client::new(&base).unwrap().archive(&params).await.unwrap(), ArchiveResponse::NoContent);

    let http = reqwest::Client::new();
    for (query, field, message) in [
        ("Action=Archive&Mode=fast", "Version", "This query parameter is required."),
        ("Action=Archive&Version=2011&Mode=fast", "Version", "\"2011\" is not \"2010-05-08\", the one value allowed."),
    ] {
        let answer = http.post(format!("{base}/archive?{query}")).send().await.unwrap();
        assert_eq!(answer.status(), 400, "{query}");
        let body: serde_json::Value = serde_json::from_str(&answer.text().await.unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({ field: [message] }), "{query}");
    }
}

#[tokio::test]
async fn a_query_in_a_path_template_is_sent_as_one_and_served() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = axum::Router::new()
        .route("/buckets/{bucket}", axum::routing::get(|uri: axum::http::Uri| async move { uri.to_string() }));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let params = BucketAclParams { bucket: "logs?x".to_owned(), version_id: Some("3".to_owned()) };
    let sent = Client::new(&base).unwrap().bucket_acl(&params).await.unwrap();
    assert_eq!(sent, BucketAclResponse::Ok("/buckets/logs%3Fx?acl&versionId=3".to_owned()));

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let params = BucketAclParams { bucket: "logs".to_owned(), version_id: None };
    let served = Client::new(&base).unwrap().bucket_acl(&params).await.unwrap();
    assert_eq!(served, BucketAclResponse::Ok("logs:None".to_owned()));
}

#[tokio::test]
async fn operations_of_one_path_and_method_are_told_apart_by_a_header_or_the_query() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let client = Client::new(&base).unwrap();
    assert_eq!(client.list_items().await.unwrap(), ListItemsResponse::Ok("items".to_owned()));
    assert_eq!(client.delete_item().await.unwrap(), DeleteItemResponse::NoContent);
    let bucket = client.bucket_get(&BucketGetParams { bucket: "logs".to_owned() }).await.unwrap();
    assert_eq!(bucket, BucketGetResponse::Ok("bucket logs".to_owned()));
    let acl = client.bucket_acl(&BucketAclParams { bucket: "logs".to_owned(), version_id: None }).await.unwrap();
    assert_eq!(acl, BucketAclResponse::Ok("logs:None".to_owned()));
    let cors = client.bucket_cors(&BucketCorsParams { bucket: "logs".to_owned() }).await.unwrap();
    assert_eq!(cors, BucketCorsResponse::Ok("cors of logs".to_owned()));

    let http = reqwest::Client::new();
    let unknown = http.post(format!("{base}/")).header("X-Amz-Target", "Shop.Nothing").send().await.unwrap();
    assert_eq!(unknown.status(), 400, "no operation has that target");
    let detail = "No operation of this path and method matches the request: it needs the header `X-Amz-Target` with an operation's value.";
    let body: serde_json::Value = serde_json::from_str(&unknown.text().await.unwrap()).unwrap();
    assert_eq!(body, serde_json::json!({ "detail": detail }));
    let none = http.post(format!("{base}/")).send().await.unwrap();
    assert_eq!(none.status(), 400, "no target at all");
}

#[tokio::test]
async fn custom_methods_in_one_segment_are_each_served_by_the_most_specific_template() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let client = Client::new(&base).unwrap();
    let get = client.model_get(&ModelGetParams { name: "m1".to_owned() }).await.unwrap();
    assert_eq!(get, ModelGetResponse::Ok("model m1".to_owned()));
    let config = client.model_config(&ModelConfigParams { model: "m1".to_owned() }).await.unwrap();
    assert_eq!(config, ModelConfigResponse::Ok("config of m1".to_owned()));
    let import = client.model_import(&ModelImportParams { model: "m1".to_owned() }).await.unwrap();
    assert_eq!(import, ModelImportResponse::NoContent);
    let delete = client.model_delete(&ModelDeleteParams { name: "m1".to_owned() }).await.unwrap();
    assert_eq!(delete, ModelDeleteResponse::NoContent);

    let http = reqwest::Client::new();
    // An escaped `:` is the same path; a name may start with any character.
    let escaped = http.get(format!("{base}/v1/m1%3AgetConfig")).send().await.unwrap();
    assert_eq!(escaped.text().await.unwrap(), "config of m1");
    let wide = http.get(format!("{base}/v1/%C3%A9t%C3%A9:getConfig")).send().await.unwrap();
    assert_eq!(wide.text().await.unwrap(), "config of \u{e9}t\u{e9}");
    let wide = http.post(format!("{base}/v1/%C3%A9:import")).send().await.unwrap();
    assert_eq!(wide.status(), 204);
    for (request, allow) in [
        (http.delete(format!("{base}/v1/m1:getConfig")), "GET, HEAD"),
        (http.get(format!("{base}/v1/m1:import")), "POST"),
        (http.put(format!("{base}/v1/m1")), "DELETE, GET, HEAD"),
    ] {
        let answer = request.send().await.unwrap();
        assert_eq!((answer.status().as_u16(), &answer.headers()["allow"]), (405, &allow.parse().unwrap()));
    }
}

#[tokio::test]
async fn a_query_parameter_written_into_the_template_is_sent_as_the_parameter() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    let client = Client::new(&base).unwrap();
    let found = client.search(&SearchParams { query: "a b".to_owned(), page: Some(2) }).await.unwrap();
    assert_eq!(found, SearchResponse::Ok("a b:Some(2)".to_owned()));
    let raw = reqwest::get(format!("{base}/search?query=rust")).await.unwrap();
    assert_eq!(raw.text().await.unwrap(), "rust:None");
}

#[tokio::test]
async fn a_path_parameter_written_into_the_template_query_is_read_from_the_query() {
    use tests::query_templates::client::Client;
    use tests::query_templates::server::{router, Api};
    use tests::query_templates::{RidesListPage, RidesListParams, RidesListResponse};
    struct Rides;
    impl Api for Rides {
        async fn rides_list(&self, params: RidesListParams) -> Result<RidesListResponse, HandlerError> {
            Ok(RidesListResponse::Ok(format!("page {}", params.page.get())))
        }

        async fn upload(
            &self,
            params: tests::query_templates::UploadParams,
        ) -> Result<tests::query_templates::UploadResponse, HandlerError> {
            Ok(tests::query_templates::UploadResponse::Ok(format!("to {}", params.convert)))
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router(Rides)).await.unwrap() });
    let page = RidesListParams { page: RidesListPage::new(3).unwrap() };
    assert_eq!(
        Client::new(&base).unwrap().rides_list(&page).await.unwrap(),
        RidesListResponse::Ok("page 3".to_owned())
    );
    let refused = reqwest::get(format!("{base}/rides?page=0")).await.unwrap();
    assert_eq!(refused.status(), 400, "minimum: 1 holds in the query");
    // Undeclared, `{convert}` is a required string query parameter.
    let params = tests::query_templates::UploadParams { convert: "pdf".to_owned() };
    let converted = Client::new(&base).unwrap().upload(&params).await.unwrap();
    assert_eq!(converted, tests::query_templates::UploadResponse::Ok("to pdf".to_owned()));
}
