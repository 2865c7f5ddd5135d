//! Operations: parameters, request body and responses of each path and method.

use super::direction::{Direction, SchemaRef};
use super::schema::Site;
use super::Lowerer;
use crate::json_pointer::push_pointer;
use crate::model::{
    Body, Expansion, Header, KeyLocation, Media, Operation, Parameter, ParameterLocation, Piece, Requirement, Response,
    SchemeKind, SecurityScheme, Status, Style, TypeRef,
};
use crate::names;
use heck::ToSnakeCase;
use openapiv3::{Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, ReferenceOr, StatusCode};

/// The security schemes of the document. OAuth2 and OpenID Connect send
/// bearer tokens; an HTTP scheme other than basic and bearer is its whole
/// `Authorization` header.
pub(super) fn lower_security_schemes(lowerer: &mut Lowerer<'_, '_>) -> Vec<SecurityScheme> {
    use openapiv3::{APIKeyLocation, SecurityScheme as Spec};
    let document = lowerer.document;
    let mut schemes = Vec::new();
    for (name, scheme) in document.components.iter().flat_map(|c| &c.security_schemes) {
        let pointer = push_pointer("/components/securitySchemes", name);
        let ReferenceOr::Item(scheme) = scheme else {
            lowerer.diagnostics.error(&pointer, "unsupported: `$ref` to a security scheme");
            continue;
        };
        let (kind, doc) = match scheme {
            Spec::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                (SchemeKind::Basic, description)
            }
            Spec::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                (SchemeKind::Bearer, description)
            }
            Spec::HTTP { scheme, description, .. } => {
                lowerer.diagnostics.warning(
                    &pointer,
                    format!("http scheme `{scheme}` has no exchange of its own here: the credentials are the whole `Authorization` header value"),
                );
                (SchemeKind::ApiKey { location: KeyLocation::Header, name: "Authorization".to_owned() }, description)
            }
            // The access token of either travels as a bearer token.
            Spec::OAuth2 { description, .. } | Spec::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
            Spec::APIKey { location, name: key, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: key.clone() }, description)
            }
        };
        // `BearerAuth` and `bearerAuth` (telnyx.com has both) name two variants.
        let rust_name = names::first_free(&names::type_name(name), |taken| {
            schemes.iter().any(|scheme: &SecurityScheme| scheme.rust_name == taken)
        });
        schemes.push(SecurityScheme { name: name.clone(), rust_name, kind, doc: doc.clone() });
    }
    schemes
}

pub(super) fn lower_operations(lowerer: &mut Lowerer<'_, '_>) -> Vec<Operation> {
    let document = lowerer.document;
    let mut operations = Vec::new();
    for (path, item) in &document.paths.paths {
        let item_pointer = push_pointer("/paths", path);
        let ReferenceOr::Item(item) = item else {
            lowerer.diagnostics.error(&item_pointer, "unsupported: `$ref` on a path item");
            continue;
        };
        for (method, operation) in item.iter() {
            let pointer = push_pointer(&item_pointer, method);
            operations.push(lower_operation(lowerer, path, item, method, operation, &pointer));
        }
    }
    operations
}

fn lower_operation<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    path: &str,
    item: &'a PathItem,
    method: &str,
    operation: &'a openapiv3::Operation,
    pointer: &str,
) -> Operation {
    let id = operation.operation_id.clone().unwrap_or_else(|| format!("{method}_{path}").to_snake_case());
    let id = names::field_name(&id);
    let context = names::type_name(&id);
    let mut parameters: Vec<Parameter> = Vec::new();
    let shared = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{}/parameters/{i}", pointer.rsplit_once('/').map_or("", |(head, _)| head))));
    let own = operation.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
    for (parameter, at) in shared.chain(own) {
        if let Some(parameter) = lower_parameter(lowerer, parameter, &at, &context) {
            // An operation's own parameter replaces a path-level one of the same name and place.
            parameters.retain(|p| !(p.wire_name == parameter.wire_name && p.location == parameter.location));
            parameters.push(parameter);
        }
    }
    let body = operation.request_body.as_ref().and_then(|body| {
        let at = push_pointer(pointer, "requestBody");
        let body = resolve_component(lowerer, body, &at, "requestBodies", |c| &c.request_bodies)?;
        let (ty, media, also) =
            content(lowerer, &body.1.content, &body.0, &format!("{context}Body"), Direction::Request)?;
        Some(Body { ty, required: body.1.required, media, also })
    });
    let mut responses = Vec::new();
    let codes = operation.responses.responses.iter().map(|(code, r)| (Some(code), r));
    for (code, response) in codes.chain(operation.responses.default.iter().map(|r| (None, r))) {
        let segment = code.map_or_else(|| "default".to_owned(), ToString::to_string);
        let at = push_pointer(&push_pointer(pointer, "responses"), &segment);
        let status = match code {
            Some(StatusCode::Code(code)) => Status::Code(*code),
            Some(StatusCode::Range(class)) => Status::Range(*class),
            None => Status::Default,
        };
        let Some((response_pointer, response)) =
            resolve_component(lowerer, response, &at, "responses", |c| &c.responses)
        else {
            continue;
        };
        // Types inside a shared response are named after it, not after the first operation using it.
        let response_context = match response_pointer.strip_prefix("/components/responses/") {
            Some(name) => names::type_name(name),
            None => format!("{context}Response{segment}"),
        };
        let (body, media) =
            match content(lowerer, &response.content, &response_pointer, &response_context, Direction::Response) {
                Some((ty, media, _)) => (Some(ty), media),
                None => (None, Media::Json("application/json".to_owned())),
            };
        let mut headers = Vec::new();
        for (name, header) in &response.headers {
            let header_at = push_pointer(&push_pointer(&response_pointer, "headers"), name);
            let Some((header_pointer, header)) =
                resolve_component(lowerer, header, &header_at, "headers", |c| &c.headers)
            else {
                continue;
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => lowerer.schema_ref_type(
                    SchemaRef::from(schema),
                    &push_pointer(&header_pointer, "schema"),
                    &format!("{response_context}{}", names::type_name(name)),
                    Direction::Response,
                    Site::Other,
                ),
                ParameterSchemaOrContent::Content(_) => {
                    lowerer.diagnostics.warning(
                        &header_pointer,
                        "a header described by `content` is its raw text: the media type's encoding is not applied",
                    );
                    TypeRef::String
                }
            };
            headers.push(Header {
                pointer: header_pointer.clone(),
                wire_name: name.clone(),
                rust_name: names::field_name(name),
                required: header.required,
                ty,
                doc: header.description.clone(),
            });
        }
        responses.push(Response { status, description: response.description.clone(), body, media, headers });
    }
    if responses.is_empty() {
        lowerer.diagnostics.warning(
            push_pointer(pointer, "responses"),
            "no response is documented (OpenAPI asks for one): the server's handler cannot answer, and every answer is an undocumented status to the client",
        );
    }
    let security = security(lowerer, operation, pointer);
    let requires_credentials = !security.is_empty() && security.iter().all(|r| !r.schemes.is_empty());
    let mut accepted: Vec<&str> = Vec::new();
    for response in responses.iter().filter(|r| r.body.is_some()) {
        let media = response.media.declared();
        if !accepted.contains(&media) {
            accepted.push(media);
        }
    }
    let accept = (!accepted.is_empty()).then(|| accepted.join(", "));
    Operation {
        accept,
        security,
        requires_credentials,
        type_prefix: names::type_name(&id),
        method_name: id.clone(),
        id,
        method: method.to_owned(),
        path: path.to_owned(),
        pointer: pointer.to_owned(),
        segments: segments(path),
        route: route(&segments(path)),
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        parameters,
        body,
        responses,
        same_params_as: None,
        same_responses_as: None,
    }
}

/// The operation's `security`, or the document's. An alternative that names
/// a scheme the document does not define can never be met: it is dropped,
/// with a warning.
fn security(lowerer: &mut Lowerer<'_, '_>, operation: &openapiv3::Operation, pointer: &str) -> Vec<Requirement> {
    let (list, at) = match &operation.security {
        Some(list) => (list, push_pointer(pointer, "security")),
        None => match &lowerer.document.security {
            Some(list) => (list, "/security".to_owned()),
            None => return Vec::new(),
        },
    };
    let defined =
        |name: &str| lowerer.document.components.as_ref().is_some_and(|c| c.security_schemes.contains_key(name));
    let mut requirements = Vec::new();
    let mut undefined = Vec::new();
    for (index, alternative) in list.iter().enumerate() {
        match alternative.keys().find(|name| !defined(name)) {
            Some(name) => undefined.push((index, name.clone())),
            None => requirements.push(Requirement {
                schemes: alternative.iter().map(|(name, scopes)| (name.clone(), scopes.clone())).collect(),
            }),
        }
    }
    for (index, name) in undefined {
        lowerer.diagnostics.warning(
            format!("{at}/{index}"),
            format!(
                "security scheme {name:?} is not defined in #/components/securitySchemes: this alternative is left out"
            ),
        );
    }
    requirements
}

/// How a list or object parameter travels.
fn style(parameter: &SpecParameter) -> Style {
    use openapiv3::{PathStyle, QueryStyle};
    match parameter {
        SpecParameter::Query { style: QueryStyle::DeepObject, .. } => Style::Deep,
        SpecParameter::Query { style: QueryStyle::SpaceDelimited, .. } => Style::Joined(' '),
        SpecParameter::Query { style: QueryStyle::PipeDelimited, .. } => Style::Joined('|'),
        SpecParameter::Query { parameter_data, .. } | SpecParameter::Cookie { parameter_data, .. } => {
            if parameter_data.explode.unwrap_or(true) {
                Style::Repeated
            } else {
                Style::Joined(',')
            }
        }
        SpecParameter::Path { style, parameter_data } => Style::Expanded {
            expansion: match style {
                PathStyle::Simple => Expansion::Simple,
                PathStyle::Label => Expansion::Label,
                PathStyle::Matrix => Expansion::Matrix,
            },
            explode: parameter_data.explode.unwrap_or(false),
        },
        SpecParameter::Header { parameter_data, .. } => {
            Style::Expanded { expansion: Expansion::Simple, explode: parameter_data.explode.unwrap_or(false) }
        }
    }
}

fn lower_parameter<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    parameter: &'a ReferenceOr<SpecParameter>,
    at: &str,
    context: &str,
) -> Option<Parameter> {
    let (pointer, parameter) = resolve_component(lowerer, parameter, at, "parameters", |c| &c.parameters)?;
    let (data, location) = match parameter {
        SpecParameter::Path { parameter_data, .. } => (parameter_data, ParameterLocation::Path),
        SpecParameter::Query { parameter_data, .. } => (parameter_data, ParameterLocation::Query),
        SpecParameter::Header { parameter_data, .. } => (parameter_data, ParameterLocation::Header),
        SpecParameter::Cookie { parameter_data, .. } => (parameter_data, ParameterLocation::Cookie),
    };
    let style = style(parameter);
    // `content` with a JSON media type: the value is JSON text, in the query or a header.
    let json_content = match &data.format {
        ParameterSchemaOrContent::Content(content)
            if matches!(location, ParameterLocation::Query | ParameterLocation::Header) =>
        {
            content.iter().find(|(media, _)| media_class(media) == MediaClass::Json).and_then(|(media, media_type)| {
                media_type
                    .schema
                    .as_ref()
                    .map(|schema| (push_pointer(&push_pointer(&pointer, "content"), media), schema))
            })
        }
        _ => None,
    };
    let (schema, schema_at, style) = match (&data.format, json_content) {
        (ParameterSchemaOrContent::Schema(schema), _) => (schema, pointer.clone(), style),
        (_, Some((at, schema))) => (schema, at, Style::Json),
        (ParameterSchemaOrContent::Content(_), None) => {
            lowerer.diagnostics.warning(
                &pointer,
                "a parameter described by `content` is its raw text: the media type's encoding is not applied",
            );
            return Some(Parameter {
                pointer: pointer.clone(),
                wire_name: data.name.clone(),
                rust_name: names::field_name(&data.name),
                location,
                required: data.required,
                ty: TypeRef::String,
                doc: data.description.clone(),
                sparse_fieldset: false,
                style,
            });
        }
    };
    // Shared parameters are named after their component, inline ones after the operation.
    let base = match pointer.strip_prefix("/components/parameters/") {
        Some(name) => names::type_name(name),
        None => format!("{context}{}", names::type_name(&data.name)),
    };
    let ty = lowerer.schema_ref_type(
        SchemaRef::from(schema),
        &push_pointer(&schema_at, "schema"),
        &base,
        Direction::Request,
        Site::Other,
    );
    let sparse_fieldset = data.extensions.get("x-sparse-fieldset") == Some(&serde_json::Value::Bool(true));
    if sparse_fieldset && (location != ParameterLocation::Query || !matches!(ty, TypeRef::List(_))) {
        lowerer
            .diagnostics
            .error(&pointer, "`x-sparse-fieldset` needs a query parameter that is a list of field names");
    }
    Some(Parameter {
        pointer: pointer.clone(),
        wire_name: data.name.clone(),
        rust_name: names::field_name(&data.name),
        location,
        required: data.required,
        ty,
        doc: data.description.clone(),
        sparse_fieldset,
        style,
    })
}

/// `/critics/{p1}`: parameters by position; literal braces doubled for axum.
fn route(segments: &[Vec<crate::model::Piece>]) -> String {
    use crate::model::Piece;
    let mut route = String::new();
    for (index, pieces) in segments.iter().enumerate() {
        route.push('/');
        match pieces.as_slice() {
            [Piece::Literal(text)] => route.push_str(&text.replace('{', "{{").replace('}', "}}")),
            _ => route.push_str(&format!("{{p{index}}}")),
        }
    }
    route
}

/// Operations a server cannot tell apart (one method, one route: `GET
/// /a/{id}` and `GET /a/{name}`): the first stands, the others are left
/// out with a warning.
pub(super) fn drop_unroutable(operations: &mut Vec<Operation>, diagnostics: &mut crate::diagnostic::Diagnostics) {
    let mut seen: std::collections::BTreeMap<(String, String), String> = std::collections::BTreeMap::new();
    operations.retain(|operation| {
        let key = (operation.method.clone(), operation.route.clone());
        match seen.get(&key) {
            Some(first) => {
                diagnostics.warning(
                    &operation.pointer,
                    format!(
                        "{} {} cannot be told apart from {first} by its path: left out",
                        operation.method.to_uppercase(),
                        operation.path
                    ),
                );
                false
            }
            None => {
                seen.insert(key, format!("{} {}", operation.method.to_uppercase(), operation.path));
                true
            }
        }
    });
}

/// `/critics/{kind}.json` → `[[critics], [{kind}, .json]]`.
fn segments(path: &str) -> Vec<Vec<crate::model::Piece>> {
    use crate::model::Piece;
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| {
            let mut pieces = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                let Some(close) = rest[open..].find('}').map(|i| open + i) else { break };
                if open > 0 {
                    pieces.push(Piece::Literal(rest[..open].to_owned()));
                }
                pieces.push(Piece::Parameter(rest[open + 1..close].to_owned()));
                rest = &rest[close + 1..];
            }
            if !rest.is_empty() || pieces.is_empty() {
                pieces.push(Piece::Literal(rest.to_owned()));
            }
            pieces
        })
        .collect()
}

/// Parameters and headers travel as text: scalars, lists of scalars, and
/// objects whose properties are scalars, in their style. A type that does
/// not (a nested object, a `oneOf`, a list of lists, a styled value that
/// shares its path segment with other text) becomes the raw `String`, with
/// a warning. Runs once every type is lowered.
pub(super) fn loosen_parameters(
    types: &[crate::model::TypeDef],
    operations: &mut [Operation],
    diagnostics: &mut crate::diagnostic::Diagnostics,
) {
    for operation in operations.iter_mut() {
        let segments = &operation.segments;
        for parameter in operation.parameters.iter_mut() {
            // A styled path value is read from its own segment.
            let whole_segment = parameter.location != ParameterLocation::Path
                || segments.iter().any(|pieces| pieces == &[Piece::Parameter(parameter.wire_name.clone())]);
            let plain =
                !matches!(parameter.style, Style::Expanded { expansion: Expansion::Label | Expansion::Matrix, .. });
            let fits = match (&parameter.ty, parameter.location, parameter.style) {
                (_, _, Style::Json) => true,
                (TypeRef::List(item), ParameterLocation::Query | ParameterLocation::Header, _) => is_text(types, item),
                (TypeRef::List(item), ParameterLocation::Path, _) => whole_segment && is_text(types, item),
                (TypeRef::Named(id), ParameterLocation::Query, Style::Repeated | Style::Deep)
                | (TypeRef::Named(id), ParameterLocation::Path | ParameterLocation::Header, _)
                    if matches!(types[*id].kind, crate::model::TypeKind::Struct(_)) =>
                {
                    whole_segment && is_flat_struct(types, &types[*id].kind)
                }
                (ty, _, _) => (plain || whole_segment) && is_text(types, ty),
            };
            if !fits {
                diagnostics.warning(
                    &parameter.pointer,
                    "a parameter of this type is passed as its raw text: it is not a scalar, a list of scalars or an object of scalars in its own path segment, so its `style` is not applied",
                );
                parameter.ty = TypeRef::String;
                parameter.style = Style::Expanded { expansion: Expansion::Simple, explode: false };
                parameter.sparse_fieldset = false;
            }
        }
    }
    let headers =
        operations.iter_mut().flat_map(|operation| operation.responses.iter_mut()).flat_map(|r| r.headers.iter_mut());
    for header in headers {
        if !is_text(types, &header.ty) {
            diagnostics
                .warning(&header.pointer, "a header of this type is its raw text: lists and objects are not decoded");
            header.ty = TypeRef::String;
        }
    }
}

/// An object whose properties are all text: it travels as one pair per property.
fn is_flat_struct(types: &[crate::model::TypeDef], kind: &crate::model::TypeKind) -> bool {
    match kind {
        crate::model::TypeKind::Struct(s) => {
            s.additional.is_none() && !s.fields.is_empty() && s.fields.iter().all(|f| !f.boxed && is_text(types, &f.ty))
        }
        _ => false,
    }
}

/// Whether a type parses from text and prints back (`FromStr` and `Display`).
fn is_text(types: &[crate::model::TypeDef], ty: &TypeRef) -> bool {
    use crate::model::{ConstrainedBase, TypeKind};
    match ty {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Uuid
        | TypeRef::Email
        | TypeRef::Uri
        | TypeRef::Base64
        | TypeRef::DateTime
        | TypeRef::Date => true,
        TypeRef::Named(id) => match &types[*id].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Constrained(c) => {
                !matches!(c.base, ConstrainedBase::Array { .. } | ConstrainedBase::Value { .. })
            }
            TypeKind::Alias(inner) => is_text(types, inner),
            TypeKind::Struct(_) | TypeKind::OneOf(_) | TypeKind::AnyOf(_) | TypeKind::Form(_) => false,
        },
        TypeRef::Json | TypeRef::Bytes | TypeRef::RawBody | TypeRef::List(_) | TypeRef::Map(_) => false,
    }
}

/// How each kind of media type travels, best first: a body declared with
/// several is exchanged in the best one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum MediaClass {
    Json,
    Form,
    Text,
    Multipart,
    Bytes,
}

/// `*/*` or `application/*`: media types that admit JSON.
fn is_wildcard(media: &str) -> bool {
    matches!(media.split(';').next().unwrap_or_default().trim(), "*/*" | "application/*")
}

fn media_class(media: &str) -> MediaClass {
    let essence = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence.ends_with("json") {
        MediaClass::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence.starts_with("multipart/") {
        MediaClass::Multipart
    } else if essence.starts_with("text/") {
        MediaClass::Text
    } else {
        MediaClass::Bytes
    }
}

/// The type and media of a body: the best of its media types (JSON first,
/// then forms, text, multipart, bytes), and the others declared that read
/// into the same type. In a request body, a declared type the server cannot
/// read is a warning.
fn content<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    pointer: &str,
    base_name: &str,
    direction: Direction,
) -> Option<(TypeRef, Media, Vec<Media>)> {
    let content_pointer = push_pointer(pointer, "content");
    let (media, media_type) = content.iter().min_by_key(|(media, _)| media_class(media))?;
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
            &at,
            format!(
                "{media} with a schema is read as JSON (application/json), the one form of a schema the generated \
                 code reads; the server answers other media types with 415"
            ),
        );
    }
    let schema_type = |lowerer: &mut Lowerer<'a, '_>| {
        media_type.schema.as_ref().map(|schema| {
            lowerer.schema_ref_type(
                SchemaRef::from(schema),
                &push_pointer(&at, "schema"),
                base_name,
                direction,
                Site::Other,
            )
        })
    };
    let (ty, chosen) = match class {
        MediaClass::Json => {
            let ty = schema_type(lowerer).unwrap_or(TypeRef::Json);
            note_examples(lowerer, media_type, &at, direction, &ty);
            let wire = if wildcard_json { "application/json".to_owned() } else { media.clone() };
            (ty, Media::Json(wire))
        }
        // A form is a flat object; without one (or in an answer) it stays bytes.
        MediaClass::Form if direction != Direction::Response && media_type.schema.is_some() => {
            (schema_type(lowerer).unwrap_or(TypeRef::Json), Media::Form)
        }
        MediaClass::Text => (TypeRef::String, Media::Text(media.clone())),
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
                    &at,
                    "only a multipart/form-data request body whose schema is an object with properties is typed: \
                     this one is a `support::RawBody` (Content-Type with its boundary, and the bytes)",
                );
            }
            (form.unwrap_or(TypeRef::RawBody), Media::Multipart)
        }
        MediaClass::Form | MediaClass::Bytes => {
            if !is_binary_schema(media_type.schema.as_ref(), lowerer) {
                lowerer
                    .diagnostics
                    .warning(&at, format!("{media} is not decoded: the body is its bytes, not the schema's type"));
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
            (Media::Json(_), MediaClass::Form) if is_struct => Some(Media::Form),
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
                    components.examples.get(&name.replace("~1", "/").replace("~0", "~"))
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

/// Follows a `$ref` into `#/components/<section>/`, returning the pointer of what was found.
fn resolve_component<'a, T>(
    lowerer: &mut Lowerer<'a, '_>,
    value: &'a ReferenceOr<T>,
    at: &str,
    section: &str,
    select: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
) -> Option<(String, &'a T)> {
    let mut current = value;
    let mut pointer = at.to_owned();
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(item) => return Some((pointer, item)),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{section}/");
                let found = reference
                    .strip_prefix(&prefix)
                    .and_then(|name| lowerer.document.components.as_ref().map(|c| (name, c)))
                    .and_then(|(name, components)| select(components).get(&name.replace("~1", "/").replace("~0", "~")));
                let Some(found) = found else {
                    lowerer.diagnostics.error(
                        &pointer,
                        format!("`$ref` {reference:?} must point at an entry of #/components/{section}"),
                    );
                    return None;
                };
                pointer = reference[1..].to_owned();
                current = found;
            }
        }
    }
    lowerer.diagnostics.error(at, "`$ref` chain too long or cyclic");
    None
}
