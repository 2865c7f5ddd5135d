//! Binary bodies streamed end to end between the generated client and
//! server of `fixtures/objects.yaml` (an object store): uploads sent from a
//! stream, read by the handler as they arrive under the router's size
//! limit; downloads sent from the handler's stream, read by the client as
//! they arrive; 64 MiB each way in a few MiB of memory.

use axum::extract::DefaultBodyLimit;
use bytes::Bytes;
use tests::objects::client::Client;
use tests::objects::server::{router, Api};
use tests::objects::{
    ObjectAppendParams, ObjectAppendResponse, ObjectGetParams, ObjectGetResponse, ObjectPutParams, ObjectPutResponse,
    Problem, Stored,
};
use tests::support::binary::Binary;
use tests::support::server::HandlerError;

/// The size of the chunks the tests' streams are made of.
const CHUNK: u64 = 64 * 1024;

/// Chunk `index` of an object of `size` bytes: its index (8 bytes, little
/// endian), then bytes that follow a pattern. A lost, repeated or
/// reordered chunk does not compare equal.
fn chunk(index: u64, size: u64) -> Vec<u8> {
    let start = index * CHUNK;
    let len = CHUNK.min(size - start) as usize;
    let mut bytes: Vec<u8> = (0..CHUNK).map(|at| (at % 251) as u8).collect();
    bytes[..8].copy_from_slice(&index.to_le_bytes());
    bytes.truncate(len);
    bytes
}

/// An object of `size` bytes, made a chunk at a time as it is asked for.
fn object(size: u64) -> Binary {
    let chunks = (0..size.div_ceil(CHUNK)).map(move |index| Ok::<_, std::io::Error>(Bytes::from(chunk(index, size))));
    Binary::from_stream(futures_util::stream::iter(chunks))
}

/// Whether bytes, fed as they come in pieces of any size, are an object's.
struct Check {
    size: u64,
    offset: u64,
    intact: bool,
}

impl Check {
    fn new(size: u64) -> Self {
        Self { size, offset: 0, intact: true }
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            if self.offset >= self.size {
                self.intact = false;
                return;
            }
            let expected = chunk(self.offset / CHUNK, self.size);
            let within = (self.offset % CHUNK) as usize;
            let take = (expected.len() - within).min(bytes.len());
            self.intact &= expected[within..within + take] == bytes[..take];
            self.offset += take as u64;
            bytes = &bytes[take..];
        }
    }

    fn whole(&self) -> bool {
        self.intact && self.offset == self.size
    }
}

struct Store;

impl Api for Store {
    /// Reads the upload as it arrives (an error, such as a body over the
    /// limit, returned as it is) and says whether it was the pattern.
    async fn object_put(&self, params: ObjectPutParams, mut body: Binary) -> Result<ObjectPutResponse, HandlerError> {
        let size: u64 = params.key.parse()?;
        let mut check = Check::new(size);
        while let Some(piece) = body.next().await {
            check.feed(&piece?);
        }
        Ok(ObjectPutResponse::Created(Stored { key: params.key, size: check.offset as i64, intact: check.whole() }))
    }

    async fn object_get(&self, params: ObjectGetParams) -> Result<ObjectGetResponse, HandlerError> {
        if params.key == "missing" {
            return Ok(ObjectGetResponse::NotFound(Problem { detail: "No such object.".to_owned() }));
        }
        Ok(ObjectGetResponse::Ok(object(params.size as u64)))
    }

    /// Answers what it was sent, as a 409.
    async fn object_append(
        &self,
        _params: ObjectAppendParams,
        body: Option<Binary>,
    ) -> Result<ObjectAppendResponse, HandlerError> {
        match body {
            None => Ok(ObjectAppendResponse::NoContent),
            Some(body) => Ok(ObjectAppendResponse::Status4XX { status: 409, body: body.bytes().await?.into() }),
        }
    }
}

/// A client of `app`, served on a port of its own, and the base URL.
async fn serve(app: axum::Router) -> (Client, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (Client::new(&base).unwrap(), base)
}

fn key(size: u64) -> ObjectPutParams {
    ObjectPutParams { key: size.to_string() }
}

#[tokio::test]
async fn an_upload_streams_to_the_handler_and_a_download_streams_to_the_caller() {
    let (client, _) = serve(router(Store)).await;
    let size = 3 * CHUNK + 5;
    let stored = client.object_put(&key(size), object(size)).await.unwrap();
    assert_eq!(stored, ObjectPutResponse::Created(Stored { key: size.to_string(), size: size as i64, intact: true }));
    // Bytes held whole go too, from a slice.
    let whole: Vec<u8> = (0..size.div_ceil(CHUNK)).flat_map(|index| chunk(index, size)).collect();
    let stored = client.object_put(&key(size), &whole).await.unwrap();
    assert!(matches!(stored, ObjectPutResponse::Created(Stored { intact: true, .. })), "{stored:?}");

    let params = ObjectGetParams { key: "any".to_owned(), size: size as i64 };
    let ObjectGetResponse::Ok(mut body) = client.object_get(&params).await.unwrap() else { panic!("200") };
    let mut check = Check::new(size);
    while let Some(piece) = body.next().await {
        check.feed(&piece.unwrap());
    }
    assert!(check.whole(), "{} of {size} bytes read, intact: {}", check.offset, check.intact);
    // Read whole, for those who want the bytes.
    let ObjectGetResponse::Ok(body) = client.object_get(&params).await.unwrap() else { panic!("200") };
    assert_eq!(body.bytes().await.unwrap(), whole);
}

#[tokio::test]
async fn the_other_answers_of_an_operation_with_a_binary_one_are_read_as_theirs() {
    let (client, _) = serve(router(Store)).await;
    let params = ObjectGetParams { key: "missing".to_owned(), size: 1 };
    let answer = client.object_get(&params).await.unwrap();
    assert!(
        matches!(&answer, ObjectGetResponse::NotFound(Problem { detail }) if detail == "No such object."),
        "{answer:?}"
    );
    // A binary answer of a class (4XX), and an optional binary body.
    let params = ObjectAppendParams { key: "k".to_owned() };
    let answer = client.object_append(&params, Some(Binary::from("more"))).await.unwrap();
    let ObjectAppendResponse::Status4XX { status: 409, body } = answer else { panic!("409: {answer:?}") };
    assert_eq!(body.bytes().await.unwrap(), b"more");
    let answer = client.object_append(&params, None).await.unwrap();
    assert!(matches!(answer, ObjectAppendResponse::NoContent), "{answer:?}");
}

#[tokio::test]
async fn a_streamed_upload_over_the_routers_limit_is_a_413_and_a_wrong_media_type_a_415() {
    let (client, base) = serve(router(Store).layer(DefaultBodyLimit::max(CHUNK as usize))).await;
    let size = 2 * CHUNK;
    let answer = client.object_put(&key(size), object(size)).await.unwrap();
    let ObjectPutResponse::PayloadTooLarge(problem) = answer else { panic!("413: {answer:?}") };
    assert_eq!(problem.detail, "Request body is over this server's size limit.");
    // At the limit, it is read.
    let answer = client.object_put(&key(CHUNK), object(CHUNK)).await.unwrap();
    assert!(matches!(answer, ObjectPutResponse::Created(Stored { intact: true, .. })), "{answer:?}");

    let url = format!("{base}/objects/4");
    let response =
        reqwest::Client::new().put(url).header("Content-Type", "text/plain").body("abcd").send().await.unwrap();
    assert_eq!(response.status().as_u16(), 415);
}

/// The process's peak resident memory, in KiB, since it was last reset.
#[cfg(target_os = "linux")]
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).expect("Linux reports VmHWM");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Resets the peak to the memory resident now (Linux's `clear_refs`), and returns it.
#[cfg(target_os = "linux")]
fn reset_peak() -> u64 {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
    peak_kib()
}

#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_four_mib_each_way_keep_the_peak_memory_within_sixteen_mib_of_the_baseline() {
    const SIZE: u64 = 64 << 20;
    let (client, _) = serve(router(Store).layer(DefaultBodyLimit::max(2 * SIZE as usize))).await;
    let baseline = reset_peak();
    let stored = client.object_put(&key(SIZE), object(SIZE)).await.unwrap();
    assert_eq!(stored, ObjectPutResponse::Created(Stored { key: SIZE.to_string(), size: SIZE as i64, intact: true }));
    let after_upload = peak_kib();

    let params = ObjectGetParams { key: "big".to_owned(), size: SIZE as i64 };
    let ObjectGetResponse::Ok(mut body) = client.object_get(&params).await.unwrap() else { panic!("200") };
    let mut check = Check::new(SIZE);
    while let Some(piece) = body.next().await {
        check.feed(&piece.unwrap());
    }
    assert!(check.whole(), "{} of {SIZE} bytes read, intact: {}", check.offset, check.intact);
    let peak = peak_kib();
    println!("baseline {baseline} KiB; peak after the upload {after_upload} KiB, after the download {peak} KiB");
    assert!(peak - baseline < 16 * 1024, "64 MiB each way grew the peak by {} KiB", peak - baseline);
}
