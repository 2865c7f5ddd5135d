//! List parameters in each `style` (`form` with and without `explode`,
//! `spaceDelimited`, `pipeDelimited`, a header's `simple`): what the
//! generated server reads from the wire, and what the client writes on it.

use serde_json::json;
use tests::styles::client::Client;
use tests::styles::server::{router, Api};
use tests::styles::{
    Echo, ItemsCoords, ItemsParams, ItemsPoint, ItemsPointY, ItemsResponse, ItemsXSize, SearchColour, SearchFilter,
    SearchParams, SearchRange, SearchRangeMax, SearchResponse, SearchStrict,
};
use tests::support::server::HandlerError;

struct Reader;

impl Api for Reader {
    async fn search(&self, params: SearchParams) -> Result<SearchResponse, HandlerError> {
        Ok(SearchResponse::Ok(Echo {
            ids: params.id,
            tags: params.tag,
            words: params.word,
            flags: params.flag,
            traces: params.x_trace,
            min: params.range.as_ref().map(|range| range.min),
            max: params.range.as_ref().and_then(|range| range.max).map(SearchRangeMax::get),
            r: params.colour.as_ref().and_then(|colour| colour.r),
            g: params.colour.as_ref().and_then(|colour| colour.g),
            filter: params
                .filter
                .map(|filter| format!("{}:{}", filter.name, filter.tags.unwrap_or_default().join("+"))),
            strict: params.strict.map(|strict| format!("{:?}", strict.value())),
        }))
    }

    async fn items(&self, _: ItemsParams) -> Result<ItemsResponse, HandlerError> {
        Ok(ItemsResponse::Ok(serde_json::Value::Null))
    }
}

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}

#[tokio::test]
async fn the_server_reads_each_style_from_the_wire() {
    let base = serve(router(Reader)).await;
    let answer = reqwest::Client::new()
        .get(format!("{base}/search?id=1&id=2&tag=a,b&word=c%20d&flag=e|f&min=3&max=9&colour%5Br%5D=1&colour[g]=2&filter=%7B%22name%22%3A%22n%22%2C%22tags%22%3A%5B%22x%22%5D%7D&strict=0"))
        .header("X-Trace", "g, h")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let read: serde_json::Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    let expected = json!({
        "ids": [1, 2], "tags": ["a", "b"], "words": ["c", "d"], "flags": ["e", "f"], "traces": ["g", "h"],
        "min": 3, "max": 9, "r": 1, "g": 2, "filter": "n:x", "strict": "Number(0)"
    });
    assert_eq!(read, expected);

    let bad = reqwest::get(format!("{base}/search?id=1&id=x")).await.unwrap();
    assert_eq!(bad.status(), 400, "each repeated item is checked");
    for bad in ["max=9", "min=1&max=101", "min=x", "colour[r]=red", "filter=%7B%7D", "filter=nojson"] {
        let answer = reqwest::get(format!("{base}/search?{bad}")).await.unwrap();
        assert_eq!(answer.status(), 400, "{bad}: an object's properties are checked");
    }
    for bad in ["strict=2", "strict=yes", "strict=%22true%22"] {
        let answer = reqwest::get(format!("{base}/search?{bad}")).await.unwrap();
        assert_eq!(answer.status(), 400, "{bad}: only the enum's values are read");
    }
    let none = reqwest::get(format!("{base}/search")).await.unwrap().bytes().await.unwrap();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&none).unwrap(), json!({}));
}

#[tokio::test]
async fn the_client_writes_each_style_on_the_wire_and_reads_back_what_it_sent() {
    let params = SearchParams {
        id: Some(vec![1, 2]),
        tag: Some(vec!["a".into(), "b c".into()]),
        word: Some(vec!["c".into(), "d".into()]),
        flag: Some(vec!["e".into(), "f".into()]),
        x_trace: Some(vec!["g".into(), "h".into()]),
        range: Some(SearchRange { min: 3, max: Some(SearchRangeMax::new(9).unwrap()) }),
        colour: Some(SearchColour { r: Some(1), g: None }),
        filter: Some(SearchFilter { name: "n".into(), tags: Some(vec!["x".into(), "y".into()]) }),
        strict: Some(SearchStrict::new(json!(true)).unwrap()),
    };
    // What goes on the wire, seen by a bare server.
    let raw = axum::Router::new().route(
        "/search",
        axum::routing::get(|uri: axum::http::Uri, headers: axum::http::HeaderMap| async move {
            let trace = headers.get("x-trace").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            axum::Json(json!({ "tags": [uri.query().unwrap_or_default(), trace] }))
        }),
    );
    let wire = Client::new(&serve(raw).await).unwrap().search(&params).await.unwrap();
    let SearchResponse::Ok(Echo { tags: wire, .. }) = wire;
    assert_eq!(wire.unwrap(), ["id=1&id=2&tag=a,b%20c&word=c%20d&flag=e%7Cf&max=9&min=3&colour%5Br%5D=1&filter=%7B%22name%22%3A%22n%22%2C%22tags%22%3A%5B%22x%22%2C%22y%22%5D%7D&strict=true", "g,h"]);

    // And the generated server reads it back as it was.
    let client = Client::new(&serve(router(Reader)).await).unwrap();
    let SearchResponse::Ok(echo) = client.search(&params).await.unwrap();
    assert_eq!(
        echo,
        Echo {
            ids: params.id,
            tags: params.tag,
            words: params.word,
            flags: params.flag,
            traces: params.x_trace,
            min: Some(3),
            max: Some(9),
            r: Some(1),
            g: None,
            filter: Some("n:x+y".to_owned()),
            strict: Some("Bool(true)".to_owned()),
        }
    );
}

struct PathReader;

impl Api for PathReader {
    async fn search(&self, _: SearchParams) -> Result<SearchResponse, HandlerError> {
        Ok(SearchResponse::Ok(serde_json::from_value(json!({})).unwrap()))
    }

    async fn items(&self, params: ItemsParams) -> Result<ItemsResponse, HandlerError> {
        Ok(ItemsResponse::Ok(json!({
            "ids": params.ids,
            "labels": params.labels,
            "point": [params.point.x, params.point.y.get()],
            "code": params.code,
            "coords": [params.coords.lat, params.coords.lon],
            "size": params.x_size.map(|size| [size.w, size.h]),
        })))
    }
}

#[tokio::test]
async fn path_values_and_object_headers_travel_in_their_style() {
    let base = serve(router(PathReader)).await;
    let answer = reqwest::Client::new()
        .get(format!("{base}/items/1,2/.a.b%2Ec/;point=x,1,y,2/;code=7/lat=3,lon=4"))
        .header("X-Size", "w,5,h,6")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let read: serde_json::Value = serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
    let expected = json!({
        "ids": [1, 2], "labels": ["a", "b.c"], "point": [1, 2], "code": 7, "coords": [3, 4], "size": [5, 6]
    });
    assert_eq!(read, expected, "an escaped delimiter stays inside its item");
    for bad in [
        "1,x/.a/;point=x,1,y,2/;code=7/lat=3", // an id that is no integer
        "1/a/;point=x,1,y,2/;code=7/lat=3",    // label without its dot
        "1/.a/;point=x,1,y,-2/;code=7/lat=3",  // y below its minimum
        "1/.a/;point=x,1,y/;code=7/lat=3",     // keys and values out of step
        "1/.a/;point=x,1,y,2/;kode=7/lat=3",   // the matrix name is checked
        "1/.a/;point=x,1,y,2/7/lat=3",         // matrix without its prefix
    ] {
        let answer = reqwest::get(format!("{base}/items/{bad}")).await.unwrap();
        assert_eq!(answer.status(), 404, "{bad}: a path that is not the resource's");
    }
    let answer = reqwest::Client::new()
        .get(format!("{base}/items/1/.a/;point=x,1,y,2/;code=7/lat=3"))
        .header("X-Size", "w,5,h")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400, "a header object with a key and no value");

    // The client writes the same forms, and the server reads back what it sent.
    let params = ItemsParams {
        ids: vec![1, 2],
        labels: vec!["a".into(), "b c".into()],
        point: ItemsPoint { x: 1, y: ItemsPointY::new(2).unwrap() },
        code: 7,
        coords: ItemsCoords { lat: Some(3), lon: None },
        x_size: Some(ItemsXSize { w: Some(5), h: Some(6) }),
    };
    let raw = axum::Router::new().route(
        "/{*rest}",
        axum::routing::get(|uri: axum::http::Uri, headers: axum::http::HeaderMap| async move {
            let size = headers.get("x-size").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            axum::Json(json!([uri.path(), size]))
        }),
    );
    let ItemsResponse::Ok(wire) = Client::new(&serve(raw).await).unwrap().items(&params).await.unwrap();
    // Properties go in key order, as in the query.
    assert_eq!(wire, json!(["/items/1,2/.a.b%20c/;point=x,1,y,2/;code=7/lat=3", "h,6,w,5"]));
    let client = Client::new(&serve(router(PathReader)).await).unwrap();
    let ItemsResponse::Ok(echo) = client.items(&params).await.unwrap();
    assert_eq!(
        echo,
        json!({"ids": [1, 2], "labels": ["a", "b c"], "point": [1, 2], "code": 7, "coords": [3, null], "size": [5, 6]})
    );
}

#[test]
fn a_plain_path_template_takes_each_value_as_one_escaped_segment() {
    use tests::support::client::path;
    assert_eq!(path("/orgs/{org}/repos", &[&"octo org"]), "/orgs/octo%20org/repos");
    // A value with a slash or a brace stays one segment; values fill the
    // placeholders in order, whatever their names.
    assert_eq!(path("/a/{x}/b/{y}.json", &[&"1/2", &7]), "/a/1%2F2/b/7.json");
    assert_eq!(path("/a/{x}", &[&"{y}"]), "/a/%7By%7D");
    assert_eq!(path("/plain", &[]), "/plain");
}

#[test]
fn a_request_is_put_together_a_call_at_a_time_and_keeps_its_first_failure() {
    use tests::support::client::{ClientError, Connection, Request};
    let connection = Connection::new(reqwest::Client::new(), "http://example.com/api/").unwrap();
    let request = Request::put("/items/{id}", &[&"a b"])
        .query("n", Some(&1))
        .query("absent", None::<&i64>)
        .query_items("tag", Some(&vec!["x", "y"]), Some(','))
        .accept("application/json")
        .header("X-Trace", Some(&"t-1"))
        .header_items("X-Ids", Some(&vec![1, 2]))
        .cookie("session", Some(&"s"))
        .cookie("theme", Some(&"dark"))
        .json("application/json", Some(&json!({"name": "Alex"})));
    let built = connection.prepare(request).unwrap().build().unwrap();
    assert_eq!(built.method(), reqwest::Method::PUT);
    assert_eq!(built.url().as_str(), "http://example.com/api/items/a%20b?n=1&tag=x,y");
    let header = |name: &str| built.headers().get(name).map(|value| value.to_str().unwrap().to_owned());
    assert_eq!(header("accept").as_deref(), Some("application/json"));
    assert_eq!(header("x-trace").as_deref(), Some("t-1"));
    assert_eq!(header("x-ids").as_deref(), Some("1,2"));
    assert_eq!(header("cookie").as_deref(), Some("session=s; theme=dark"));
    assert_eq!(header("content-type").as_deref(), Some("application/json"));
    assert_eq!(built.body().and_then(|body| body.as_bytes()), Some(&br#"{"name":"Alex"}"#[..]));

    // A list where an object was expected cannot be written as one; the
    // request still chains, and preparing it is that first error.
    let request = Request::get("/items", &[])
        .query_object("filter", Some(&vec![1, 2]), false)
        .header_json("X-Map", Some(&std::collections::BTreeMap::from([((1, 2), 3)])));
    match connection.prepare(request) {
        Err(ClientError::InvalidRequest(message)) => assert!(message.contains("object"), "{message}"),
        other => panic!("expected the object parameter's error, got {other:?}"),
    }
}
