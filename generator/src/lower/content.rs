//! Bodies: which of a body's media types is exchanged, what type it reads
//! into, and its examples.

use super::direction::{Direction, SchemaRef};
use super::Lowerer;
use crate::diagnostic::WarningKind;
use crate::json_pointer::push_pointer;
use crate::model::{Media, TypeRef};
use openapiv3::ReferenceOr;

/// How each kind of media type travels, best first: a body declared with
/// several is exchanged in the best one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum MediaClass {
    Json,
    Form,
    /// `text/event-stream`: server-sent events, in an answer.
    Events,
    Text,
    Multipart,
    Bytes,
}

/// `*/*` or `application/*`: media types that admit JSON.
fn is_wildcard(media: &str) -> bool {
    matches!(media.split(';').next().unwrap_or_default().trim(), "*/*" | "application/*")
}

/// YAML is text (RFC 9512), whatever its top-level type: `application/yaml`,
/// `application/x-yaml`, Kubernetes' `application/apply-patch+yaml`.
fn is_yaml(essence: &str) -> bool {
    essence.ends_with("/yaml") || essence.ends_with("/x-yaml") || essence.ends_with("+yaml")
}

pub(super) fn media_class(media: &str) -> MediaClass {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence.ends_with("json") {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence.starts_with("multipart/") {
        MediaClass::Multipart
    } else if essence == "text/event-stream" {
        MediaClass::Events
    } else if essence.starts_with("text/") || is_yaml(&essence) {
        MediaClass::Text
    } else {
        MediaClass::Bytes
    }
}

/// The type and media of a body: the best of its media types (JSON first,
/// then forms, text, multipart, bytes), and the others declared that read
/// into the same type. In a request body, a declared type the server cannot
/// read is a warning.
pub(super) fn content<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    pointer: &str,
    base_name: &str,
    direction: Direction,
) -> Option<(TypeRef, Media, Vec<Media>)> {
    let content_pointer = push_pointer(pointer, "content");
    // Of a class, a media type the client can send as it is: `application/json`
    // before `text/json`, either before a pattern (`application/*+json`).
    let (media, media_type) = content.iter().min_by_key(|(media, _)| {
        let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        (media_class(media), essence.contains('*'), essence != "application/json")
    })?;
    let at = push_pointer(&content_pointer, media);
    // A wildcard (`*/*`, `application/*`; Kubernetes' bodies) with a schema
    // that is not bytes admits JSON, the one form of a schema this code reads.
    let wildcard_json = media_class(media) == MediaClass::Bytes
        && is_wildcard(media)
        && media_type.schema.is_some()
        && !is_binary_schema(media_type.schema.as_ref(), lowerer);
    let class = if wildcard_json { MediaClass::Json } else { media_class(media) };
    if wildcard_json && direction != Direction::Response {
        lowerer.diagnostics.warning(
            WarningKind::MediaType,
            &at,
            format!(
                "{media} with a schema is read as JSON (application/json), the one form of a schema the generated \
                 code reads; the server answers other media types with 415"
            ),
        );
    }
    let schema_type = |lowerer: &mut Lowerer<'a, '_>| {
        media_type.schema.as_ref().map(|schema| {
            lowerer.schema_ref_type(SchemaRef::from(schema), &push_pointer(&at, "schema"), base_name, direction)
        })
    };
    let (ty, chosen) = match class {
        MediaClass::Json => {
            let ty = schema_type(lowerer).unwrap_or(TypeRef::Json);
            // A nullable body is `null` or a value: no field says so for it.
            let ty = match &media_type.schema {
                Some(schema) => lowerer.or_null(SchemaRef::from(schema), ty),
                None => ty,
            };
            note_examples(lowerer, media_type, &at, direction, &ty);
            let wire = if wildcard_json { "application/json".to_owned() } else { media.clone() };
            (ty, Media::Json(wire))
        }
        // A form is an object; without a schema (or in an answer) it stays bytes.
        MediaClass::Form if direction != Direction::Response && media_type.schema.is_some() => {
            let fields = super::form::urlencoded_fields(lowerer, media_type, &at);
            (schema_type(lowerer).unwrap_or(TypeRef::Json), Media::Form(fields))
        }
        // A request's text of a scalar schema is read as its type (checked);
        // any other text, and an answer's (a newer server's), is a `String`.
        MediaClass::Text if direction != Direction::Response && is_text_schema(media_type.schema.as_ref(), lowerer) => {
            (schema_type(lowerer).unwrap_or(TypeRef::String), Media::Text(media.clone()))
        }
        // Each event's data: a string schema's is its text, another's is JSON
        // of its type; no schema, text.
        MediaClass::Events if direction == Direction::Response => {
            let text = media_type.schema.is_none() || is_string_schema(media_type.schema.as_ref(), lowerer);
            let ty = if text { TypeRef::String } else { schema_type(lowerer).unwrap_or(TypeRef::String) };
            (ty, Media::Events(media.clone()))
        }
        MediaClass::Text | MediaClass::Events => (TypeRef::String, Media::Text(media.clone())),
        MediaClass::Multipart => {
            let form = match (&media_type.schema, direction) {
                (Some(schema), Direction::Request) if media.starts_with("multipart/form-data") => {
                    super::form::multipart_form(
                        lowerer,
                        SchemaRef::from(schema),
                        &push_pointer(&at, "schema"),
                        base_name,
                        direction,
                    )
                }
                _ => None,
            };
            if form.is_none() {
                lowerer.diagnostics.warning(
                    WarningKind::MediaType,
                    &at,
                    "only a multipart/form-data request body whose schema is an object with properties is typed: \
                     this one is a `support::RawBody` (Content-Type with its boundary, and the bytes)",
                );
            }
            (form.unwrap_or(TypeRef::RawBody), Media::Multipart)
        }
        MediaClass::Form | MediaClass::Bytes => {
            if !is_binary_schema(media_type.schema.as_ref(), lowerer) {
                lowerer.diagnostics.warning(
                    WarningKind::MediaType,
                    &at,
                    format!("{media} is not decoded: the body is its bytes, not the schema's type"),
                );
            }
            (TypeRef::Bytes, Media::Bytes(media.clone()))
        }
    };
    // Form fields are flat: a form reads into an object's struct, nothing else.
    let is_struct = matches!(ty, TypeRef::Named(_))
        && media_type
            .schema
            .as_ref()
            .is_some_and(|schema| super::object::is_object_member(lowerer, SchemaRef::from(schema)));
    let mut also = Vec::new();
    let mut unread = Vec::new();
    for other in content.keys().filter(|other| *other != media) {
        let readable = match (&chosen, media_class(other)) {
            (Media::Json(_), MediaClass::Json) => Some(Media::Json(other.clone())),
            (Media::Json(_), MediaClass::Form) if is_struct => Some(Media::Form(super::form::urlencoded_fields(
                lowerer,
                &content[other],
                &push_pointer(&content_pointer, other),
            ))),
            (Media::Text(_), MediaClass::Text) => Some(Media::Text(other.clone())),
            (Media::Bytes(_), MediaClass::Bytes | MediaClass::Text) => Some(Media::Bytes(other.clone())),
            _ => None,
        };
        match readable {
            Some(readable) => also.push(readable),
            None => unread.push(other.as_str()),
        }
    }
    // An answer in any declared type is right; the client asks for the chosen one.
    if !unread.is_empty() && direction != Direction::Response {
        lowerer.diagnostics.warning(
            WarningKind::UnreadMedia,
            &content_pointer,
            format!("the server reads {media} and what reads into the same type; not: {}", unread.join(", ")),
        );
    }
    Some((ty, chosen, also))
}

/// A JSON media type's `example` and `examples` (local references followed;
/// an `externalValue` is not fetched).
fn note_examples<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    media_type: &'a openapiv3::MediaType,
    at: &str,
    direction: Direction,
    ty: &TypeRef,
) {
    if let Some(example) = &media_type.example {
        lowerer.note_example(push_pointer(at, "example"), direction, ty, example);
    }
    for (name, example) in &media_type.examples {
        let example_at = push_pointer(&push_pointer(at, "examples"), name);
        // Examples check nothing the spec relies on: a reference elsewhere is skipped.
        let (pointer, example) = match example {
            ReferenceOr::Item(example) => (example_at, example),
            ReferenceOr::Reference { reference } => {
                let found = reference.strip_prefix("#/components/examples/").and_then(|name| {
                    let components = lowerer.document.components.as_ref()?;
                    components.examples.get(crate::json_pointer::unescape(name).as_ref())
                });
                match found {
                    Some(ReferenceOr::Item(example)) => (reference[1..].to_owned(), example),
                    _ => continue,
                }
            }
        };
        if let Some(value) = &example.value {
            lowerer.note_example(push_pointer(&pointer, "value"), direction, ty, value);
        }
    }
}

/// No schema, or a string one (`format: binary`): bytes lose nothing.
/// Whether a text body's schema is a scalar that reads from its text: a
/// string (not `format: binary`), a number, an integer or a boolean.
fn is_text_schema(schema: Option<&openapiv3::ReferenceOr<openapiv3::Schema>>, lowerer: &Lowerer<'_, '_>) -> bool {
    use openapiv3::{SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
    let schema = match schema {
        Some(ReferenceOr::Item(schema)) => schema,
        Some(ReferenceOr::Reference { reference }) => match super::direction::lookup(lowerer.document, reference) {
            Some(schema) => schema,
            None => return false,
        },
        None => return false,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.format != VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
        SchemaKind::Type(Type::Number(_) | Type::Integer(_) | Type::Boolean(_)) => true,
        _ => false,
    }
}

fn is_string_schema(schema: Option<&openapiv3::ReferenceOr<openapiv3::Schema>>, lowerer: &Lowerer<'_, '_>) -> bool {
    let schema = match schema {
        Some(ReferenceOr::Item(schema)) => Some(schema),
        Some(ReferenceOr::Reference { reference }) => super::direction::lookup(lowerer.document, reference),
        None => None,
    };
    matches!(schema.map(|schema| &schema.schema_kind), Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(_))))
}

fn is_binary_schema(schema: Option<&openapiv3::ReferenceOr<openapiv3::Schema>>, lowerer: &Lowerer<'_, '_>) -> bool {
    let schema = match schema {
        None => return true,
        Some(ReferenceOr::Item(schema)) => schema,
        Some(ReferenceOr::Reference { reference }) => match super::direction::lookup(lowerer.document, reference) {
            Some(schema) => schema,
            None => return true,
        },
    };
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(_)) => true,
        openapiv3::SchemaKind::Any(any) => any.typ.is_none() && any.properties.is_empty(),
        _ => false,
    }
}
