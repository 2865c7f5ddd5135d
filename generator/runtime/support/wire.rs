//! What the API modules share about how values travel: bodies passed on
//! undecoded, files of a multipart form, the expansions of path and header
//! parameters, how form properties travel, the media kinds of responses,
//! sparse fieldsets and JSON text.

use std::fmt;

/// A body the generated code passes on undecoded (multipart): its media
/// type, with parameters such as the boundary, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawBody {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// How a property of an `application/x-www-form-urlencoded` body travels
/// when its `encoding` (or its type) says otherwise than one `name=value`
/// pair a value (a list's items a pair each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    /// One value, the items (or keys and values) joined by this character:
    /// `,` (`form` without `explode`), ` ` (`spaceDelimited`), `|` (`pipeDelimited`).
    Joined(char),
    /// `name[key]=value` and `name[]=item`, deeper values bracketed in
    /// turn (`deepObject`, and objects of unknown properties).
    Deep,
    /// An object's properties as pairs of their own (`form`, exploded):
    /// these keys are its.
    Spread(&'static [&'static str]),
}

/// How a path or header parameter holds a list or an object (RFC 6570's
/// expansions, OpenAPI's `style`): `simple` (`a,b`), `label` (`.a,b`, or
/// `.a.b` exploded) and `matrix` (`;id=a,b`, or `;id=a;id=b` exploded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expansion {
    Simple,
    Label,
    Matrix,
}

/// A file in a multipart form: its name and media type when given, and
/// its bytes, or (sent by a client) a stream of them: see
/// `FilePart::from_stream`, where the crate has binary bodies.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
    /// The content read as it is sent, in place of `bytes`.
    pub stream: Option<PartStream>,
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut part = f.debug_struct("FilePart");
        part.field("file_name", &self.file_name).field("content_type", &self.content_type);
        match &self.stream {
            Some(_) => part.field("bytes", &format_args!("a stream")),
            None => part.field("bytes", &format_args!("{} bytes", self.bytes.len())),
        };
        part.finish()
    }
}

/// The content of a file part as a stream, read as a client sends it: by
/// the first request that sends the part (a clone shares it), once.
#[derive(Clone)]
pub struct PartStream(std::sync::Arc<std::sync::Mutex<Option<Box<dyn PartSource>>>>);

/// The chunks of a part's content as they come: what a [`PartStream`] reads.
pub trait PartSource: Send {
    /// The next chunk, `None` at the end; an error ends the content.
    fn poll_chunk(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Result<Vec<u8>, PartError>>>;
}

/// Why a part's content stream broke off.
pub type PartError = Box<dyn std::error::Error + Send + Sync>;

impl PartStream {
    pub fn new(source: impl PartSource + 'static) -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(Some(Box::new(source)))))
    }

    /// The source, to the first who asks; `None` once it was taken.
    pub fn take(&self) -> Option<Box<dyn PartSource>> {
        self.0.lock().ok()?.take()
    }
}

/// The same stream, not the same bytes: a stream is not read to be compared.
impl PartialEq for PartStream {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for PartStream {}

impl fmt::Debug for PartStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PartStream")
    }
}

/// `value` as JSON text, as `serde_json::to_vec` writes it. Written out
/// here so that a type costs one function per serializer (its `serialize`)
/// rather than copies of `to_vec` and `to_writer` as well; the server's
/// answers and the client's request bodies both come through here, so a
/// type both send is compiled for one serializer.
pub fn json_bytes<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::new(&mut bytes))?;
    Ok(bytes)
}

/// The names a sparse fieldset (`x-sparse-fieldset`) asks for: `None`
/// when it is absent or names nothing (`?fields=`), which asks for every
/// field, as DRF's dynamic-fields mixins read it.
pub fn fieldset(fields: Option<&[String]>) -> Option<&[String]> {
    fields.filter(|names| names.iter().any(|name| !name.is_empty()))
}

/// How a response body travels, named in [`responses!`]: JSON (or a form)
/// of the variant's type, text, bytes as they are, or a multipart body
/// passed on undecoded.
pub mod media {
    pub struct Json;
    pub struct Text;
    pub struct Bytes;
    pub struct Multipart;
    /// Server-sent events whose data is JSON.
    pub struct Events;
    /// Server-sent events whose data is text.
    pub struct EventsText;
}
