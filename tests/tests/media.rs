//! Bodies that are not JSON, end to end through the generated server and
//! client of `warnings/media.yaml`: text, bytes, forms, vendor `+json`
//! types and multipart, each with its media type on the wire.

use tests::media::client::Client;
use tests::media::server::{router, Api};
use tests::media::{
    ArchiveCreateResponse, CodeCreateBody, CodeCreateResponse, CounterSetBody, CounterSetParams, CounterSetResponse,
    FileUploadResponse, Login, LoginResponse, NoteCreateResponse, PodCreateResponse, Profile, ProfileUpdateResponse,
    TagsReplaceResponse, Token, UploadCreateBody, UploadCreateBodyCount, UploadCreateBodyMeta,
    UploadCreateBodySizesItem, UploadCreateResponse,
};
use tests::support::binary::Binary;
use tests::support::server::HandlerError;
use tests::support::FilePart;
use tests::support::RawBody;

struct Echo;

impl Api for Echo {
    async fn note_create(&self, body: String) -> Result<NoteCreateResponse, HandlerError> {
        Ok(NoteCreateResponse::Created(body.to_uppercase()))
    }

    async fn counter_set(
        &self,
        _params: CounterSetParams,
        body: CounterSetBody,
    ) -> Result<CounterSetResponse, HandlerError> {
        assert!(*body.value() <= 1000, "the server checked the text's value");
        Ok(CounterSetResponse::NoContent)
    }

    async fn code_create(&self, body: CodeCreateBody) -> Result<CodeCreateResponse, HandlerError> {
        Ok(CodeCreateResponse::Created(body.into_inner()))
    }

    async fn file_upload(&self, body: Binary) -> Result<FileUploadResponse, HandlerError> {
        let reversed: Vec<u8> = body.bytes().await?.into_iter().rev().collect();
        Ok(FileUploadResponse::Ok(reversed.into()))
    }

    async fn login(&self, body: Login) -> Result<LoginResponse, HandlerError> {
        let token = format!("{}:{}:{:?}", body.username, body.password, body.remember);
        Ok(LoginResponse::Ok(Token { token }))
    }

    async fn upload_create(&self, body: UploadCreateBody) -> Result<UploadCreateResponse, HandlerError> {
        Ok(UploadCreateResponse::Ok(format!("{body:?}")))
    }

    async fn archive_create(&self, body: Option<RawBody>) -> Result<ArchiveCreateResponse, HandlerError> {
        let body = body.ok_or("a body is expected")?;
        if !body.content_type.starts_with("multipart/mixed; boundary=") || body.bytes.is_empty() {
            return Err(format!("unexpected archive {body:?}").into());
        }
        Ok(ArchiveCreateResponse::NoContent)
    }

    async fn profile_update(&self, body: Profile) -> Result<ProfileUpdateResponse, HandlerError> {
        Ok(ProfileUpdateResponse::Ok(Profile { name: body.name.to_uppercase() }))
    }

    async fn pod_create(&self, body: Profile) -> Result<PodCreateResponse, HandlerError> {
        Ok(PodCreateResponse::Created(Profile { name: format!("pod {}", body.name) }))
    }

    async fn tags_replace(&self, body: Vec<String>) -> Result<TagsReplaceResponse, HandlerError> {
        if body.is_empty() {
            return Err("no tags".into());
        }
        Ok(TagsReplaceResponse::NoContent)
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(Echo)).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test]
async fn each_media_type_round_trips_through_server_and_client() {
    let base = serve().await;
    let client = Client::new(&base).unwrap();

    assert_eq!(client.note_create("héllo").await.unwrap(), NoteCreateResponse::Created("HÉLLO".to_owned()));
    let FileUploadResponse::Ok(reversed) = client.file_upload(&[0, 1, 255]).await.unwrap();
    assert_eq!(reversed.bytes().await.unwrap(), [255, 1, 0]);
    let login = Login { username: "ann".to_owned(), password: "p&ss=1".to_owned(), remember: Some(true) };
    let token = Token { token: "ann:p&ss=1:Some(true)".to_owned() };
    assert_eq!(client.login(&login).await.unwrap(), LoginResponse::Ok(token));
    let archive = RawBody {
        content_type: "multipart/mixed; boundary=XyZ".to_owned(),
        bytes: b"--XyZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--\r\n".to_vec(),
    };
    assert_eq!(client.archive_create(Some(&archive)).await.unwrap(), ArchiveCreateResponse::NoContent);
    // `*/*` with a schema: the client sends JSON, the server reads it.
    let pod = client.pod_create(&Profile { name: "web".to_owned() }).await.unwrap();
    assert_eq!(pod, PodCreateResponse::Created(Profile { name: "pod web".to_owned() }));
    let http = reqwest::Client::new();
    let yaml = http.post(format!("{base}/pods/")).header("content-type", "application/yaml").body("name: web").send();
    assert_eq!(yaml.await.unwrap().status(), 415);
}

#[tokio::test]
async fn the_wire_carries_the_declared_media_types_and_refuses_others() {
    let base = serve().await;
    let http = reqwest::Client::new();

    let note = http.post(format!("{base}/notes/")).header("Content-Type", "text/plain").body("a").send().await.unwrap();
    assert_eq!(note.status(), 201);
    assert_eq!(note.headers()["content-type"], "text/plain");
    let wrong = http.post(format!("{base}/notes/")).header("Content-Type", "application/json").body("\"a\"");
    let wrong = wrong.send().await.unwrap();
    assert_eq!(wrong.status(), 415);
    assert!(wrong.text().await.unwrap().contains("Unsupported media type"));
    let yaml = http.post(format!("{base}/notes/")).header("Content-Type", "application/x-yaml").body("- a: 1\n");
    let yaml = yaml.send().await.unwrap();
    assert_eq!(yaml.status(), 201, "YAML is text, read as the note's `String`");
    assert_eq!(yaml.text().await.unwrap(), "- A: 1\n");

    // `*/*` in the answer names no type: the bytes go as octet-stream.
    let file = http.put(format!("{base}/files/")).header("Content-Type", "application/octet-stream").body(vec![1, 2]);
    let file = file.send().await.unwrap();
    assert_eq!(file.headers()["content-type"], "application/octet-stream");
    assert_eq!(file.bytes().await.unwrap().as_ref(), [2, 1]);

    let form = http.post(format!("{base}/login/")).header("Content-Type", "application/x-www-form-urlencoded");
    let bad = form.try_clone().unwrap().body("username=ann").send().await.unwrap();
    assert_eq!(bad.status(), 400, "a required form field is missing");
    assert!(bad.text().await.unwrap().contains("password"));
    let good = form.body("username=ann&password=x").send().await.unwrap();
    assert_eq!(good.status(), 200);
    assert_eq!(good.headers()["content-type"], "application/vnd.example.token+json");
    let token: serde_json::Value = serde_json::from_slice(&good.bytes().await.unwrap()).unwrap();
    assert_eq!(token, serde_json::json!({"token": "ann:x:None"}));
}

#[tokio::test]
async fn the_server_reads_every_declared_media_type_it_can_and_the_client_says_what_it_accepts() {
    let base = serve().await;
    let http = reqwest::Client::new();
    let post = |content_type: &'static str, body: &'static str| {
        http.post(format!("{base}/profiles/")).header("Content-Type", content_type).body(body).send()
    };
    for (content_type, body) in [
        ("application/json", r#"{"name": "ann"}"#),
        ("application/merge-patch+json", r#"{"name": "ann"}"#),
        ("application/x-www-form-urlencoded", "name=ann"),
    ] {
        let answer = post(content_type, body).await.unwrap();
        assert_eq!(answer.status(), 200, "{content_type}");
        assert_eq!(answer.text().await.unwrap(), r#"{"name":"ANN"}"#, "{content_type}");
    }
    let xml = post("application/xml", "<name>ann</name>").await.unwrap();
    assert_eq!(xml.status(), 415, "XML is declared but not read");

    // A JSON body whose schema is a list is read as one.
    let tags = http.put(format!("{base}/tags/")).header("Content-Type", "application/json").body(r#"["a"]"#);
    assert_eq!(tags.send().await.unwrap().status(), 204);
    let client = Client::new(&base).unwrap();
    assert_eq!(client.tags_replace(&vec!["b".to_owned()]).await.unwrap(), TagsReplaceResponse::NoContent);

    // The client asks for the type it reads: a server that honours `Accept` answers in it.
    let accept = axum::Router::new().route(
        "/profiles/",
        axum::routing::post(|headers: axum::http::HeaderMap| async move {
            let accept = headers.get("accept").and_then(|v| v.to_str().ok()).unwrap_or("none").to_owned();
            axum::Json(serde_json::json!({ "name": accept }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, accept).await.unwrap() });
    let client = Client::new(&format!("http://{address}")).unwrap();
    let answer = client.profile_update(&Profile { name: "x".into() }).await.unwrap();
    assert_eq!(answer, ProfileUpdateResponse::Ok(Profile { name: "application/json".into() }));
}

#[tokio::test]
async fn a_multipart_form_is_typed_part_by_part_both_ways() {
    let base = serve().await;
    let client = Client::new(&base).unwrap();
    let file = |name: &str, bytes: &[u8]| FilePart {
        file_name: Some(name.to_owned()),
        content_type: Some("application/octet-stream".to_owned()),
        bytes: bytes.to_vec(),
        stream: None,
    };
    let form = UploadCreateBody {
        file: file("a.bin", &[0, 159, 146, 150]),
        attachments: vec![file("b.txt", b"bee"), file("c.txt", b"")],
        note: Some("r\u{e9}sum\u{e9}".to_owned()),
        count: UploadCreateBodyCount::new(2).unwrap(),
        meta: Some(UploadCreateBodyMeta { tag: Some("x".to_owned()) }),
        sizes: Some(vec![UploadCreateBodySizesItem::new(3).unwrap(), UploadCreateBodySizesItem::new(0).unwrap()]),
    };
    // The handler answers with what it read: the same form.
    let UploadCreateResponse::Ok(read) = client.upload_create(&form).await.unwrap();
    assert_eq!(read, format!("{form:?}"));

    // By hand: parts in any order, no file name, a required part missing, a bad number.
    let http = reqwest::Client::new();
    let send = |body: &'static str| {
        http.post(format!("{base}/uploads/"))
            .header("Content-Type", "multipart/form-data; boundary=\"b-1\"")
            .body(body.replace('\n', "\r\n"))
            .send()
    };
    let minimal = "--b-1\nContent-Disposition: form-data; name=\"count\"\n\n7\n--b-1\nContent-Disposition: form-data; name=\"file\"\n\nraw\n--b-1--\n";
    let answer = send(minimal).await.unwrap();
    assert_eq!(answer.status(), 200);
    let text = answer.text().await.unwrap();
    assert!(text.contains("file_name: None") && text.contains("3 bytes") && text.contains("attachments: []"), "{text}");
    let missing = send("--b-1\nContent-Disposition: form-data; name=\"count\"\n\n7\n--b-1--\n").await.unwrap();
    assert_eq!(missing.status(), 400);
    assert!(missing.text().await.unwrap().contains("\"file\""));
    let zero = "--b-1\nContent-Disposition: form-data; name=\"count\"\n\n0\n--b-1\nContent-Disposition: form-data; name=\"file\"\n\nraw\n--b-1--\n";
    assert_eq!(send(zero).await.unwrap().status(), 400, "minimum: 1 holds for a text part");
    assert_eq!(send("no parts at all").await.unwrap().status(), 400);
    // A list of scalars: a text part an item, each checked; or one JSON part.
    let sizes = "--b-1\nContent-Disposition: form-data; name=\"count\"\n\n7\n--b-1\nContent-Disposition: form-data; name=\"file\"\n\nraw\n--b-1\nContent-Disposition: form-data; name=\"sizes\"\n\n5\n--b-1\nContent-Disposition: form-data; name=\"sizes\"\n\n8\n--b-1--\n";
    let text = send(sizes).await.unwrap().text().await.unwrap();
    assert!(text.contains("sizes: Some([UploadCreateBodySizesItem(5), UploadCreateBodySizesItem(8)])"), "{text}");
    let json = "--b-1\nContent-Disposition: form-data; name=\"count\"\n\n7\n--b-1\nContent-Disposition: form-data; name=\"file\"\n\nraw\n--b-1\nContent-Disposition: form-data; name=\"sizes\"\nContent-Type: application/json\n\n[1, 2]\n--b-1--\n";
    let text = send(json).await.unwrap().text().await.unwrap();
    assert!(text.contains("(1), ") && text.contains("(2)])"), "{text}");
    let negative = sizes.replace("\n\n8\n", "\n\n-8\n");
    let answer = http.post(format!("{base}/uploads/")).header("Content-Type", "multipart/form-data; boundary=\"b-1\"");
    assert_eq!(answer.body(negative.replace('\n', "\r\n")).send().await.unwrap().status(), 400, "each item is checked");
}

#[tokio::test]
async fn a_text_body_of_a_scalar_schema_is_its_checked_type_both_ways() {
    let base = serve().await;
    let client = Client::new(&base).unwrap();
    let params = CounterSetParams { name: "visits".to_owned() };
    let count = CounterSetBody::new(7).unwrap();
    assert_eq!(client.counter_set(&params, &count).await.unwrap(), CounterSetResponse::NoContent);
    let code = CodeCreateBody::new("ABC").unwrap();
    assert_eq!(client.code_create(&code).await.unwrap(), CodeCreateResponse::Created("ABC".to_owned()));
    assert!(CodeCreateBody::new("abc").is_err(), "the client cannot build a text its schema forbids");

    let http = reqwest::Client::new();
    for (path, text, status) in [
        ("/counters/visits", "1000", 204),
        ("/counters/visits", "1001", 400),
        ("/counters/visits", "ten", 400),
        ("/codes/", "XYZ", 201),
        ("/codes/", "xyz", 400),
    ] {
        let request =
            if path == "/codes/" { http.post(format!("{base}{path}")) } else { http.put(format!("{base}{path}")) };
        let answer = request.header("Content-Type", "text/plain").body(text).send().await.unwrap();
        let got = answer.status().as_u16();
        let body = answer.text().await.unwrap();
        assert_eq!(got, status, "{path} {text}: {body}");
        if status == 400 {
            let refusal: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(refusal["non_field_errors"][0].is_string(), "{body}");
        }
    }
}

/// A form of one file part whose content is `size` bytes in chunks of at
/// most 64 KiB, made as they are asked for.
fn streamed_form(size: usize) -> UploadCreateBody {
    let chunks = (0..size.div_ceil(65_536)).map(move |index| {
        let len = 65_536.min(size - index * 65_536);
        Ok::<_, std::io::Error>(bytes::Bytes::from(vec![(index % 251) as u8; len]))
    });
    let file = FilePart::from_stream(
        Some("big.bin".to_owned()),
        Some("application/octet-stream".to_owned()),
        futures_util::stream::iter(chunks),
    );
    UploadCreateBody {
        file,
        attachments: vec![],
        note: None,
        count: UploadCreateBodyCount::new(1).unwrap(),
        meta: None,
        sizes: None,
    }
}

#[tokio::test]
async fn a_file_part_can_be_a_stream_sent_as_it_is_read_once() {
    let base = serve().await;
    let client = Client::new(&base).unwrap();
    let form = streamed_form(200_000);
    assert!(format!("{form:?}").contains("bytes: a stream"), "{form:?}");
    let UploadCreateResponse::Ok(read) = client.upload_create(&form).await.unwrap();
    assert!(read.contains("file_name: Some(\"big.bin\")") && read.contains("bytes: 200000 bytes"), "{read}");
    // The stream was read: the same part cannot be sent again.
    let again = client.upload_create(&form).await.unwrap_err();
    assert_eq!(again.to_string(), "invalid request: a file part's stream was sent already: it is read once");
}

/// 64 MiB sent as a multipart file part from a stream, to a server that
/// counts the bytes as they come: the client holds a few chunks at a time.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streamed_file_part_of_sixty_four_mib_keeps_the_peak_memory_within_sixteen_mib() {
    const SIZE: usize = 64 << 20;
    let counter = axum::Router::new().route(
        "/uploads/",
        axum::routing::post(|body: axum::body::Body| async move {
            use futures_util::StreamExt;
            let mut stream = body.into_data_stream();
            let mut read = 0;
            while let Some(chunk) = stream.next().await {
                read += chunk.unwrap().len();
            }
            ([("content-type", "text/plain")], read.to_string())
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, counter).await.unwrap() });
    let client = Client::new(&base).unwrap();
    let form = streamed_form(SIZE);
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
    let baseline = peak_kib();
    let UploadCreateResponse::Ok(read) = client.upload_create(&form).await.unwrap();
    let read: usize = read.parse().unwrap();
    assert!(read > SIZE && read < SIZE + 1024, "the body holds the part and its framing: {read}");
    let peak = peak_kib();
    println!("baseline {baseline} KiB, peak after the upload {peak} KiB");
    assert!(peak - baseline < 16 * 1024, "64 MiB grew the peak by {} KiB", peak - baseline);
}

/// The process's peak resident memory, in KiB, since it was last reset.
#[cfg(target_os = "linux")]
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).expect("Linux reports VmHWM");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}
