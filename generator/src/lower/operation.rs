//! Operations: parameters, request body and responses of each path and method.

use super::content::{content, media_class, MediaClass};
use super::direction::{Direction, SchemaRef};
use super::routes::{route, segments};
use super::Lowerer;
use crate::diagnostic::WarningKind;
use crate::json_pointer::push_pointer;
use crate::model::{
    Body, Condition, Constant, Expansion, Header, KeyLocation, Media, Operation, Parameter, ParameterLocation,
    Requirement, Response, SchemeKind, SecurityScheme, Status, Style, TypeRef,
};
use crate::names;
use heck::ToSnakeCase;
use openapiv3::{
    Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, ReferenceOr, SchemaKind, StatusCode, Type,
};

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
                lowerer.diagnostics.warning(WarningKind::RawText,
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
    let mut constants: Vec<Constant> = Vec::new();
    let shared = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{}/parameters/{i}", pointer.rsplit_once('/').map_or("", |(head, _)| head))));
    let own = operation.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
    for (parameter, at) in shared.chain(own) {
        let Some(lowered) = lower_parameter(lowerer, parameter, &at, &context) else { continue };
        // An operation's own parameter replaces a path-level one of the same name and place.
        let (name, location) = match &lowered {
            Lowered::Parameter(p) => (p.wire_name.clone(), p.location),
            Lowered::Constant(c) => (c.wire_name.clone(), c.location),
        };
        parameters.retain(|p| !(p.wire_name == name && p.location == location));
        constants.retain(|c| !(c.wire_name == name && c.location == location));
        match lowered {
            Lowered::Parameter(parameter) => parameters.push(parameter),
            Lowered::Constant(constant) => constants.push(constant),
        }
    }
    // `{name}`s of the template's query that nothing declares (`check`
    // warned): required string query parameters.
    if let Some(query) = path.split_once('?').map(|(_, query)| query.split('#').next().unwrap_or_default()) {
        let templated = query.split('&').filter_map(|pair| pair.split_once('=')).filter_map(|(_, value)| {
            value.strip_prefix('{').and_then(|value| value.strip_suffix('}')).map(str::to_owned)
        });
        for name in templated {
            if !parameters.iter().any(|p| p.wire_name == name) && !constants.iter().any(|c| c.wire_name == name) {
                parameters.push(Parameter {
                    pointer: pointer.to_owned(),
                    rust_name: names::field_name(&name),
                    wire_name: name,
                    location: ParameterLocation::Query,
                    required: true,
                    ty: TypeRef::String,
                    doc: None,
                    sparse_fieldset: false,
                    style: Style::Repeated,
                });
            }
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
                ParameterSchemaOrContent::Schema(schema) => lowerer
                    .schema_ref_type(
                        SchemaRef::from(schema),
                        &push_pointer(&header_pointer, "schema"),
                        &format!("{response_context}{}", names::type_name(name)),
                        Direction::Response,
                    )
                    .without_null(),
                ParameterSchemaOrContent::Content(_) => {
                    lowerer.diagnostics.warning(
                        WarningKind::RawText,
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
        lowerer.diagnostics.warning(WarningKind::SpecMistake,
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
    let (sent, fragment) = match path.find('#') {
        Some(at) => path.split_at(at),
        None => (path, ""),
    };
    let (routed, query_literal) = match sent.split_once('?') {
        Some((routed, query)) => (routed, Some(query)),
        None => (sent, None),
    };
    // `?query={query}` names a query parameter, which is sent as one: only
    // the literal pairs (`?acl`, `?list-type=2`) are the template's own.
    let literal_pairs: Vec<&str> = query_literal
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.split_once('=').is_some_and(|(_, value)| value.starts_with('{')))
        .collect();
    let query_literal = (!literal_pairs.is_empty()).then(|| literal_pairs.join("&"));
    let query_literal = query_literal.as_deref();
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
        // A fragment is never sent: AWS's `/#X-Amz-Target=...` tells
        // operations apart in the spec, and the client sends the path before
        // it. A query in the template (S3's `/{Bucket}?acl`) is sent as one.
        segments: segments(routed),
        query_literal: query_literal.filter(|query| !query.is_empty()).map(str::to_owned),
        selector: selector(fragment, query_literal, &parameters, &constants),
        route: route(&segments(routed)),
        summary: operation.summary.clone(),
        description: operation.description.clone(),
        parameters,
        constants,
        body,
        responses,
        same_params_as: None,
        same_responses_as: None,
        paging: None,
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
            WarningKind::LeftOut,
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

/// A parameter as the operation takes it: a field of its params, or a
/// constant the generated code sends and checks.
enum Lowered {
    Parameter(Parameter),
    Constant(Constant),
}

fn lower_parameter<'a>(
    lowerer: &mut Lowerer<'a, '_>,
    parameter: &'a ReferenceOr<SpecParameter>,
    at: &str,
    context: &str,
) -> Option<Lowered> {
    let (pointer, parameter) = resolve_component(lowerer, parameter, at, "parameters", |c| &c.parameters)?;
    let (data, location) = match parameter {
        SpecParameter::Path { parameter_data, .. } => (parameter_data, ParameterLocation::Path),
        SpecParameter::Query { parameter_data, .. } => (parameter_data, ParameterLocation::Query),
        SpecParameter::Header { parameter_data, .. } => (parameter_data, ParameterLocation::Header),
        SpecParameter::Cookie { parameter_data, .. } => (parameter_data, ParameterLocation::Cookie),
    };
    // OpenAPI: such a header parameter "SHALL be ignored"; the body, the
    // answers and the security schemes set these headers.
    if location == ParameterLocation::Header
        && ["accept", "content-type", "authorization"].contains(&data.name.to_ascii_lowercase().as_str())
    {
        lowerer.diagnostics.warning(
            WarningKind::LeftOut,
            &pointer,
            format!(
                "a header parameter named {:?} is ignored, as OpenAPI says: the media types and security schemes set it",
                data.name
            ),
        );
        return None;
    }
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
                WarningKind::RawText,
                &pointer,
                "a parameter described by `content` is its raw text: the media type's encoding is not applied",
            );
            return Some(Lowered::Parameter(Parameter {
                pointer: pointer.clone(),
                wire_name: data.name.clone(),
                rust_name: names::field_name(&data.name),
                location,
                required: data.required,
                ty: TypeRef::String,
                doc: data.description.clone(),
                sparse_fieldset: false,
                style,
            }));
        }
    };
    if let Some(value) = constant_value(lowerer, SchemaRef::from(schema)).filter(|_| data.required) {
        if location != ParameterLocation::Path && style != Style::Json {
            return Some(Lowered::Constant(Constant { wire_name: data.name.clone(), location, value }));
        }
    }
    // Shared parameters are named after their component, inline ones after the operation.
    let base = match pointer.strip_prefix("/components/parameters/") {
        Some(name) => names::type_name(name),
        None => format!("{context}{}", names::type_name(&data.name)),
    };
    let ty = lowerer
        .schema_ref_type(SchemaRef::from(schema), &push_pointer(&schema_at, "schema"), &base, Direction::Request)
        .without_null();
    let sparse_fieldset = data.extensions.get("x-sparse-fieldset") == Some(&serde_json::Value::Bool(true));
    if sparse_fieldset && (location != ParameterLocation::Query || !matches!(ty, TypeRef::List(_))) {
        lowerer
            .diagnostics
            .error(&pointer, "`x-sparse-fieldset` needs a query parameter that is a list of field names");
    }
    Some(Lowered::Parameter(Parameter {
        pointer: pointer.clone(),
        wire_name: data.name.clone(),
        rust_name: names::field_name(&data.name),
        location,
        required: data.required,
        ty,
        doc: data.description.clone(),
        sparse_fieldset,
        style,
    }))
}

/// The one value a scalar schema allows (`enum: [v]`, `null` aside), as
/// its text on the wire.
fn constant_value(lowerer: &Lowerer<'_, '_>, schema: SchemaRef<'_>) -> Option<String> {
    let schema = match schema {
        SchemaRef::Item(schema) => schema,
        SchemaRef::Reference(reference) => super::direction::lookup(lowerer.document, reference)?,
    };
    fn one<T: Clone>(values: &[Option<T>]) -> Option<T> {
        match values.iter().flatten().collect::<Vec<_>>()[..] {
            [value] => Some(value.clone()),
            _ => None,
        }
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => one(&string.enumeration),
        SchemaKind::Type(Type::Integer(integer)) => one(&integer.enumeration).map(|v| v.to_string()),
        SchemaKind::Type(Type::Number(number)) => one(&number.enumeration).map(|v| serde_json::json!(v).to_string()),
        SchemaKind::Type(Type::Boolean(boolean)) => one(&boolean.enumeration).map(|v| v.to_string()),
        SchemaKind::Any(any) if any.properties.is_empty() && any.items.is_none() => {
            let values: Vec<_> = any.enumeration.iter().filter(|v| !v.is_null()).map(|v| Some(v.clone())).collect();
            match one(&values)? {
                serde_json::Value::String(text) => Some(text),
                value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => Some(value.to_string()),
                _ => None,
            }
        }
        _ => None,
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
                    .and_then(|(name, components)| {
                        select(components).get(crate::json_pointer::unescape(name).as_ref())
                    });
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

/// What tells an operation apart from others of its route and method: the
/// `name` and `name=value` pairs of its template's fragment (`#X-Amz-Target=…`,
/// `#analytics&id`) that name a header or query parameter of the operation
/// (a fragment is not sent: only what the client sends can tell), and the
/// keys of its template's query (`?acl`, `?list-type=2`), which it sends.
fn selector(fragment: &str, query: Option<&str>, parameters: &[Parameter], constants: &[Constant]) -> Vec<Condition> {
    let pairs = |text: &str| -> Vec<(String, Option<String>)> {
        text.split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (pair.to_owned(), None),
            })
            .collect()
    };
    let mut conditions = Vec::new();
    for (name, value) in pairs(fragment.trim_start_matches('#')) {
        let named = |location| {
            let declared = parameters.iter().map(|p| (p.location, &p.wire_name));
            let mut declared = declared.chain(constants.iter().map(|c| (c.location, &c.wire_name)));
            declared
                .find(|(at, wire)| *at == location && wire.eq_ignore_ascii_case(&name))
                .map(|(_, wire)| wire.clone())
        };
        if let Some(header) = named(ParameterLocation::Header) {
            conditions.push(Condition::Header { name: header, value });
        } else if let Some(query) = named(ParameterLocation::Query) {
            conditions.push(Condition::Query { name: query, value });
        }
    }
    for (name, value) in pairs(query.unwrap_or_default()) {
        conditions.push(Condition::Query { name, value });
    }
    conditions.sort();
    conditions.dedup();
    conditions
}
