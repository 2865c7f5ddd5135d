//! The intermediate model: what to generate, independent of `openapiv3`
//! (which it is built from) and of `quote` (which renders it).

use serde_json::Value;

mod paging;
mod pattern;
mod presence;
pub(crate) use paging::{Items, NextPage, Paging};
pub(crate) use pattern::{Automaton, ClassRun, Pattern};
pub(crate) use presence::Presence;

/// One API: one spec file, one module of the generated crate.
#[derive(Debug)]
pub(crate) struct Api {
    /// Module name, from the spec's file name.
    pub(crate) module: String,
    /// The spec's path as given, named in the `@generated` header.
    pub(crate) source: String,
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    /// Every named type, sorted by name.
    pub(crate) types: Vec<TypeDef>,
    pub(crate) operations: Vec<Operation>,
    /// Security schemes, in the spec's order.
    pub(crate) security_schemes: Vec<SecurityScheme>,
    /// The spec's JSON examples with the type each should read as, by pointer.
    pub(crate) examples: Vec<Example>,
}

/// An `example` (or one of `examples`) of a schema or a JSON media type.
#[derive(Debug)]
pub(crate) struct Example {
    /// JSON pointer of the example value.
    pub(crate) pointer: String,
    pub(crate) ty: TypeRef,
    pub(crate) value: Value,
}

/// How a client proves who it is.
#[derive(Debug)]
pub(crate) struct SecurityScheme {
    /// The spec's name, e.g. `basicAuth`.
    pub(crate) name: String,
    /// `BasicAuth`.
    pub(crate) rust_name: String,
    pub(crate) kind: SchemeKind,
    pub(crate) doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SchemeKind {
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// A key, taken whole from a header (`Authorization: JWT <token>`), a
    /// query parameter or a cookie.
    ApiKey { location: KeyLocation, name: String },
}

/// Where an API key travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyLocation {
    Header,
    Query,
    Cookie,
}

/// Index into [`Api::types`] while lowering; names are fixed before output.
pub(crate) type TypeId = usize;

#[derive(Debug)]
pub(crate) struct TypeDef {
    pub(crate) name: String,
    pub(crate) doc: Option<String>,
    /// JSON pointer of the schema the type comes from.
    pub(crate) origin: String,
    pub(crate) kind: TypeKind,
    /// Set by the last lowering pass: a type of exactly this shape, under
    /// another name; this one is emitted as an alias of it.
    pub(crate) same_as: Option<TypeId>,
    /// Traits derived beyond `Debug`, `Clone` and `PartialEq`, in this
    /// order (`x-rust-derive`, and what it needs of the types inside).
    pub(crate) derives: Vec<Derive>,
}

/// A trait a user may ask a generated type to derive (`x-rust-derive`),
/// where it holds for every value the type can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Derive {
    Eq,
    Hash,
    PartialOrd,
    Ord,
    /// Absent optional fields, the spec's defaults, and the empty value of
    /// each required field's type.
    Default,
}

impl Derive {
    pub(crate) const ALL: [Derive; 5] = [Derive::Eq, Derive::Hash, Derive::PartialOrd, Derive::Ord, Derive::Default];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Derive::Eq => "Eq",
            Derive::Hash => "Hash",
            Derive::PartialOrd => "PartialOrd",
            Derive::Ord => "Ord",
            Derive::Default => "Default",
        }
    }

    /// The traits Rust requires beside this one (`Ord` needs `Eq` and `PartialOrd`).
    pub(crate) fn with_prerequisites(self) -> &'static [Derive] {
        match self {
            Derive::Ord => &[Derive::Eq, Derive::PartialOrd, Derive::Ord],
            Derive::Eq => &[Derive::Eq],
            Derive::Hash => &[Derive::Hash],
            Derive::PartialOrd => &[Derive::PartialOrd],
            Derive::Default => &[Derive::Default],
        }
    }
}

#[derive(Debug)]
pub(crate) enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    OneOf(OneOf),
    /// At least one alternative matches: the JSON value itself, checked on
    /// the way in, read as any alternative on demand (`anyOf`).
    AnyOf(OneOf),
    Constrained(Constrained),
    /// A named alias for a container type, e.g. a map of string lists.
    Alias(TypeRef),
    /// A `multipart/form-data` body: one part per property.
    Form(Form),
    /// The user's own Rust type, by its path (`x-rust-type`): the name is
    /// an alias of it. It must read and write the schema's JSON.
    External(String),
}

/// The parts of a `multipart/form-data` body, from its object schema.
#[derive(Debug)]
pub(crate) struct Form {
    pub(crate) parts: Vec<FormPart>,
}

#[derive(Debug)]
pub(crate) struct FormPart {
    /// The part's name.
    pub(crate) wire_name: String,
    pub(crate) rust_name: String,
    pub(crate) doc: Option<String>,
    pub(crate) required: bool,
    pub(crate) kind: PartKind,
}

/// What a part holds and how it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PartKind {
    /// A file (`format: binary`): name, media type and bytes.
    File,
    /// Files under one name (an array of `format: binary`), one part each.
    Files,
    /// A value written as its text (strings, numbers, enums...).
    Text(TypeRef),
    /// A list of such values (this type each), one text part an item:
    /// OpenAPI's default for an array of scalars.
    Texts(TypeRef),
    /// An object or a list, written as JSON (the default for non-scalars).
    Json(TypeRef),
}

#[derive(Debug)]
pub(crate) struct Struct {
    pub(crate) fields: Vec<Field>,
    /// `additionalProperties: false`.
    pub(crate) deny_unknown_fields: bool,
    /// `additionalProperties: {schema}` next to `properties`: the other keys,
    /// in a map field of this name, each value of this type.
    pub(crate) additional: Option<(String, TypeRef)>,
    /// Sets of keys that may not all be present (`not: {required: [...]}`,
    /// a set each): refused where the struct is read strictly (a request),
    /// and wherever the struct is an alternative of a `oneOf`.
    pub(crate) forbidden_keys: Vec<Vec<String>>,
    /// `oneOf`/`anyOf` of members that only name required keys (GitHub's
    /// "either `id` or `owner`, `repo` and `number`"): checked as the struct
    /// is read.
    pub(crate) key_rules: Vec<KeyRule>,
}

/// Sets of keys of which the object must hold one whole set (`anyOf`), or
/// exactly one (`oneOf`).
#[derive(Debug)]
pub(crate) struct KeyRule {
    /// `oneOf`: a second whole set is an error too.
    pub(crate) exactly_one: bool,
    /// Each set's keys, every one a field of the struct.
    pub(crate) sets: Vec<Vec<String>>,
}

#[derive(Debug)]
pub(crate) struct Field {
    /// The JSON key.
    pub(crate) wire_name: String,
    /// The Rust identifier (without `r#`).
    pub(crate) rust_name: String,
    pub(crate) doc: Option<String>,
    pub(crate) ty: TypeRef,
    pub(crate) presence: Presence,
    /// Set by the cycle pass: the field is boxed to keep the type finite.
    pub(crate) boxed: bool,
}

#[derive(Debug)]
pub(crate) struct StringEnum {
    pub(crate) variants: Vec<EnumVariant>,
    /// The variant that keeps a value the spec does not list (`Unknown`,
    /// named apart from the others): a newer server's.
    pub(crate) other: String,
}

#[derive(Debug)]
pub(crate) struct EnumVariant {
    pub(crate) wire_name: String,
    pub(crate) rust_name: String,
}

/// Exactly one alternative must match.
#[derive(Debug)]
pub(crate) struct OneOf {
    pub(crate) variants: Vec<OneOfVariant>,
    /// A `discriminator`'s property: its value picks the variant (by `tags`).
    pub(crate) discriminator: Option<String>,
    /// With a discriminator, the variant that keeps a value whose tag the
    /// spec does not map (`Unknown`, named apart from the others).
    pub(crate) other: Option<String>,
    /// Some alternative's least value (its required keys alone) is also a
    /// value of another, so "exactly one" fails on ordinary values: the
    /// match that keeps the most keys is taken.
    pub(crate) closest_match: bool,
}

#[derive(Debug)]
pub(crate) struct OneOfVariant {
    pub(crate) rust_name: String,
    /// The discriminator values that select this variant.
    pub(crate) tags: Vec<String>,
    pub(crate) ty: TypeRef,
    pub(crate) boxed: bool,
}

/// A newtype whose only ways in check the constraints.
#[derive(Debug)]
pub(crate) struct Constrained {
    pub(crate) base: ConstrainedBase,
    /// Where the constraint comes from, for error messages: `User.username`.
    pub(crate) subject: String,
    /// Never shown by `Debug` (writeOnly or `format: password`).
    pub(crate) secret: bool,
}

#[derive(Debug)]
pub(crate) enum ConstrainedBase {
    String {
        min_length: Option<u64>,
        max_length: Option<u64>,
        pattern: Option<Pattern>,
        format: Option<StringCheck>,
    },
    /// `allowed`: the values of an `enum`, when there is one.
    Integer {
        wide: bool,
        minimum: Option<Bound<i64>>,
        maximum: Option<Bound<i64>>,
        allowed: Vec<i64>,
    },
    Number {
        minimum: Option<Bound<f64>>,
        maximum: Option<Bound<f64>>,
        allowed: Vec<f64>,
    },
    Array {
        items: TypeRef,
        min_items: Option<u64>,
        max_items: Option<u64>,
    },
    /// Any JSON value among `allowed`: an `enum` of booleans, of mixed
    /// types, or of a single boolean.
    Value {
        allowed: Vec<Value>,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Bound<T> {
    pub(crate) value: T,
    pub(crate) exclusive: bool,
}

/// String formats checked at run time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum StringCheck {
    Email,
    Uri,
    /// `format: uuid`, `date-time`, `date` or `byte` beside other
    /// constraints: the checked `String` parses as one.
    Uuid,
    DateTime,
    Date,
    Byte,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TypeRef {
    Named(TypeId),
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    Uuid,
    /// `format: email` with no other constraint: `support::Email`.
    Email,
    /// `format: uri` (or `url`) with no other constraint: `support::Uri`.
    Uri,
    /// `format: byte`: bytes, base64 in JSON.
    Base64,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// A body's bytes as they are (`application/octet-stream`, images...).
    Bytes,
    /// A body the code does not decode, with its `Content-Type` (multipart).
    RawBody,
    List(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A value or `null` where no field's presence says so (an array's
    /// items, a map's values, a body): `Option<T>`.
    OrNull(Box<TypeRef>),
}

impl TypeRef {
    /// The type with `null` taken out of its items and values: text (a
    /// parameter, a header) has no `null`.
    pub(crate) fn without_null(self) -> TypeRef {
        match self {
            TypeRef::OrNull(inner) => inner.without_null(),
            TypeRef::List(inner) => TypeRef::List(Box::new(inner.without_null())),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(inner.without_null())),
            ty => ty,
        }
    }
}

/// One HTTP operation.
#[derive(Debug)]
pub(crate) struct Operation {
    pub(crate) id: String,
    /// The Rust method of the operation in `Api` and `Client`; unique among
    /// the module's methods.
    pub(crate) method_name: String,
    /// `UserCreate`: names `UserCreateParams` and `UserCreateResponse`;
    /// unique in the module's namespace.
    pub(crate) type_prefix: String,
    pub(crate) method: String,
    pub(crate) path: String,
    /// JSON pointer of the operation, for diagnostics.
    pub(crate) pointer: String,
    /// The path template by segment, each literal text and parameters (not
    /// its query or fragment).
    pub(crate) segments: Vec<Vec<Piece>>,
    /// The query a path template holds (`/{Bucket}?acl`: `acl`), which the
    /// client sends before its parameters.
    pub(crate) query_literal: Option<String>,
    /// What tells the operation apart from others of its route and method,
    /// as its template says (a fragment, `#X-Amz-Target=…`, `#cors`, or a
    /// query): every condition holds. Empty when it says nothing.
    pub(crate) selector: Vec<Condition>,
    /// The server's route: each segment with a parameter is `{pN}`, N its
    /// position, so `/a/{id}` and `/a/{name}` are one route.
    pub(crate) route: String,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) parameters: Vec<Parameter>,
    /// Required parameters the spec allows one value of: sent by the
    /// client and checked by the server, never a field of the params.
    pub(crate) constants: Vec<Constant>,
    pub(crate) body: Option<Body>,
    pub(crate) responses: Vec<Response>,
    /// The client's `Accept`: the media types of the documented bodies.
    pub(crate) accept: Option<String>,
    /// The operation's `security` (or the document's): alternatives, each
    /// the schemes it needs all of; empty when nothing is said. An empty
    /// alternative (`{}`) lets anonymous requests through.
    pub(crate) security: Vec<Requirement>,
    /// Whether every security requirement of the operation names a scheme:
    /// then a request without credentials is refused before the handler.
    pub(crate) requires_credentials: bool,
    /// The operation (by index) whose parameters struct has the same fields:
    /// this one's is an alias of it (see `lower/dedupe.rs`).
    pub(crate) same_params_as: Option<usize>,
    /// The operation (by index) whose response enum has the same variants:
    /// this one's is an alias of it, and shares its decoder and responder.
    pub(crate) same_responses_as: Option<usize>,
    /// How its answers page, for a list operation whose 200 answer is a page.
    pub(crate) paging: Option<Paging>,
}

/// A part of the request that tells operations of one route and method
/// apart: AWS's `/#X-Amz-Target=Service.Operation` (a header parameter of
/// that name) or `/#Action=…` (a query parameter), S3's `/{Bucket}#cors`
/// (a parameter that is there) or `/{Bucket}?acl`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Condition {
    /// The header is there (with this value, when one is given).
    Header { name: String, value: Option<String> },
    /// The query has the key (with this value, when one is given).
    Query { name: String, value: Option<String> },
}

/// One alternative of a `security` list: every scheme in it must be met.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Requirement {
    /// Each scheme by its name in the spec, with the scopes it needs (OAuth2, OpenID Connect).
    pub(crate) schemes: Vec<(String, Vec<String>)>,
}

#[derive(Debug)]
pub(crate) struct Parameter {
    /// JSON pointer of the parameter, for diagnostics.
    pub(crate) pointer: String,
    pub(crate) wire_name: String,
    pub(crate) rust_name: String,
    pub(crate) location: ParameterLocation,
    pub(crate) required: bool,
    pub(crate) ty: TypeRef,
    pub(crate) doc: Option<String>,
    /// `x-sparse-fieldset: true`: a list of field names; a response to a
    /// request that sends it carries only those fields.
    pub(crate) sparse_fieldset: bool,
    /// How the items or properties travel when `ty` is a list or an object.
    pub(crate) style: Style,
}

/// A required query parameter, header or cookie whose schema allows one
/// value (`enum: [v]`): AWS's `X-Amz-Target` and `Action`, a fixed
/// `api-version`. Nothing is left for the caller to choose, so it is no
/// field of the operation's params: the client sends it, the server checks it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Constant {
    pub(crate) wire_name: String,
    pub(crate) location: ParameterLocation,
    /// Its text on the wire: the string, or the number's or boolean's JSON text.
    pub(crate) value: String,
}

/// How a list or object parameter travels (its `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// One `name=item` pair per item; an object's properties are pairs of
    /// their own, `key=value` (`style: form`, `explode: true`: the query's default).
    Repeated,
    /// An object's properties as `name[key]=value` (`style: deepObject`).
    Deep,
    /// The value's JSON text (`content: {application/json: ...}` instead of `schema`).
    Json,
    /// One query value, the items joined by this character: `,` (`form`
    /// without `explode`), ` ` (`spaceDelimited`), `|` (`pipeDelimited`).
    Joined(char),
    /// A path or header value in one of RFC 6570's expansions; `explode`
    /// tells how items and properties are delimited.
    Expanded { expansion: Expansion, explode: bool },
}

/// The `style` of a path parameter (a header's is always `Simple`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expansion {
    /// `a,b`: the default.
    Simple,
    /// `.a,b`, or `.a.b` exploded.
    Label,
    /// `;id=a,b`, or `;id=a;id=b` exploded.
    Matrix,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug)]
pub(crate) struct Body {
    pub(crate) ty: TypeRef,
    pub(crate) required: bool,
    /// The media type the client sends.
    pub(crate) media: Media,
    /// Other declared media types the server also reads into `ty`.
    pub(crate) also: Vec<Media>,
}

impl Body {
    /// Whether the body's own type says `null` (`Option<T>`): then an
    /// optional body is that `Option` too, `None` when absent or `null`.
    pub(crate) fn admits_null(&self) -> bool {
        matches!(self.ty, TypeRef::OrNull(_))
    }
}

/// How a body travels; its Rust type is [`Body::ty`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Media {
    /// `application/json` and every `…+json` (the declared type): serde_json.
    Json(String),
    /// `application/x-www-form-urlencoded`: the schema's type, form-encoded,
    /// with the properties whose `encoding` is not plain pairs.
    Form(Vec<FormField>),
    /// `text/…`: a `String`, with this `Content-Type`.
    Text(String),
    /// Any other type (`image/*` and `*/*` included): the bytes.
    Bytes(String),
    /// `multipart/…`: the bytes and the `Content-Type` with its boundary.
    Multipart,
    /// `text/event-stream` (answers only): server-sent events, each one's
    /// data of the body's type (a `String` is the data's text, another
    /// type its JSON), as a `support::events::Events` of it.
    Events(String),
}

/// A property of a form body that does not travel as `name=value` pairs
/// (a list's items each a pair of its own: the default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormField {
    pub(crate) wire_name: String,
    pub(crate) style: FormStyle,
}

/// How a form body's property travels (its `encoding`'s `style` and `explode`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FormStyle {
    /// One value, the items (or keys and values) joined by this character:
    /// `,` (`form` without `explode`), ` ` (`spaceDelimited`), `|` (`pipeDelimited`).
    Joined(char),
    /// `name[key]=value`, deeper objects and lists bracketed in turn (`deepObject`;
    /// also an object whose properties are not known, such as a map).
    Deep,
    /// An object's properties as pairs of their own, `key=value`: the
    /// default for an object of known properties; these keys are its.
    Spread(Vec<String>),
}

#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: Status,
    pub(crate) description: String,
    pub(crate) body: Option<TypeRef>,
    /// How the body travels (`Json` when there is none).
    pub(crate) media: Media,
    pub(crate) headers: Vec<Header>,
}

impl Media {
    /// The media type as the spec declares it.
    pub(crate) fn declared(&self) -> &str {
        match self {
            Media::Json(media) | Media::Text(media) | Media::Bytes(media) | Media::Events(media) => media,
            Media::Form(_) => "application/x-www-form-urlencoded",
            Media::Multipart => "multipart/form-data",
        }
    }
}

/// The `Content-Type` a body of a declared media type goes with: a wildcard
/// type (`*/*`, `image/*`) names none, so the bytes go as octet-stream.
pub(crate) fn sent_content_type(declared: &str) -> &str {
    if declared.contains('*') {
        "application/octet-stream"
    } else {
        declared
    }
}

/// A part of a path segment: `{id}.json` is a parameter and a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Literal(String),
    /// A path parameter, by wire name.
    Parameter(String),
}

/// Which statuses a response documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// One status: `201`.
    Code(u16),
    /// A class: `2XX` is `Range(2)`, any of 200 to 299.
    Range(u16),
    /// `default`: any status no other response documents.
    Default,
}

impl Status {
    /// Whether the variant carries the status it was sent with (a range or `default`).
    pub(crate) fn is_open(self) -> bool {
        !matches!(self, Status::Code(_))
    }
}

#[derive(Debug)]
pub(crate) struct Header {
    /// JSON pointer of the header, for diagnostics.
    pub(crate) pointer: String,
    pub(crate) wire_name: String,
    pub(crate) rust_name: String,
    pub(crate) required: bool,
    pub(crate) ty: TypeRef,
    pub(crate) doc: Option<String>,
}
